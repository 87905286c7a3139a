"""Search: the pages' side of ``danvan.search_index``.

Every content page (a text, document, guidance note, model, bulletin issue, static page) is
indexed once, on its own page; generated listings are not, so a text is found once. Only
published content reaches the site, so only published content reaches the index.

Why our own index rather than Pagefind (which this site used first): on the 5,000-article
benchmark Pagefind needed 33 s of CPU and 1.3 GB of memory, and a first query downloaded
708 KB, because it keeps every position of every word and syllables like "dân" and "vận"
are on nearly every page here; it also keeps đ apart from d. See the README for figures.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from .. import text
from ..content import Item
from ..search_index import INDEX_DIR, IndexBuilder, Prepared, Record, prepare
from ..content_types import TYPES
from .views import year_of

_TAG = re.compile(r"<[^>]+>")

# The model's prose fields, in the order its page shows them.
_MODEL_FIELDS = ("unit", "goals", "method", "participants", "resources", "results",
                 "replication")


def plain(markup: str) -> str:
    """Text of an HTML fragment (the page's rendered Markdown): tags out, entities decoded."""
    return " ".join(html.unescape(_TAG.sub(" ", markup or "")).split())


def record(item: Item, page_html: str, sections=()) -> Record:
    """The index record of a content page, from the model and the page's rendered body."""
    meta = item.meta
    parts = [plain(page_html)]
    if item.kind == "model":
        # The fields' words: a link's target (an address) is not text to find.
        parts += [text.plain_markdown(str(getattr(meta, name) or "")) for name in _MODEL_FIELDS]
        parts += [f"{f.value} {f.label}" for f in meta.figures]
    for title, placements in sections:  # a bulletin issue: its sections and their texts
        parts += [title] + [p.item.title for p in placements]
    number = str(item.doc.number) if item.kind == "document" else ""
    keywords = ""
    if item.kind == "model":
        keywords = " ".join([TYPES["model"].title, meta.unit,
                             *(written for written, _ in item.localities)])
    return Record(
        url=item.url,
        title=item.title,
        kind=TYPES[item.kind].label,
        text=text.nfc(" ".join(filter(None, parts))),  # entities may decode to NFD
        summary=getattr(meta, "summary", None) or "",
        date=text.format_date_short(item.date) if item.date else "",
        year=year_of(item),
        number=number,
        keywords=text.nfc(keywords),
    )


class SearchIndex:
    """Page ids are fixed before rendering, in the order MkDocs renders the pages (the order
    of ``urls``), so every process of a parallel build numbers them alike."""

    def __init__(self, site_dir: str | Path, urls: list[str]) -> None:
        self.ids = {url: n for n, url in enumerate(dict.fromkeys(urls))}
        self.builder = IndexBuilder(Path(site_dir) / INDEX_DIR)
        self.seconds = 0.0  # spent on the index, for the build log and the benchmark

    def add(self, item: Item, page_html: str, sections=()) -> Prepared:
        """Index a page; return what was computed for it (kept with the page: pagecache)."""
        started = time.perf_counter()
        prepared = prepare(record(item, page_html, sections))
        self.builder.add_prepared(self.ids[item.url], prepared)
        self.seconds += time.perf_counter() - started
        return prepared

    def add_prepared(self, url: str, prepared: Prepared, source: Path | None = None,
                     text: bool = True) -> None:
        """Index a page from what an earlier build computed for it (its text file linked
        from ``source``, or already linked: ``text`` False)."""
        started = time.perf_counter()
        self.builder.add_prepared(self.ids[url], prepared, source, text)
        self.seconds += time.perf_counter() - started

    def restore(self, snapshot: dict | None, owners: dict[int, tuple[str, str]],
                wanted: dict[str, str]) -> set[str]:
        """Take from an earlier build's index (``snapshot``, whose page ids ``owners`` maps to
        (URL, page key)) the pages ``wanted`` (URL -> this build's page key) with the same
        key; returns their URLs."""
        started = time.perf_counter()
        moved = {old: self.ids[url] for old, (url, key) in owners.items()
                 if url in self.ids and key is not None and wanted.get(url) == key}
        if snapshot is not None and moved:
            self.builder.restore(snapshot, moved)
        self.seconds += time.perf_counter() - started
        return {owners[old][0] for old in moved} if snapshot is not None else set()

    def write(self) -> dict:
        """Write the index; return its figures (pages, keys, buckets, index_seconds)."""
        started = time.perf_counter()
        figures = self.builder.write()
        self.seconds += time.perf_counter() - started
        return {**figures, "index_seconds": self.seconds}
