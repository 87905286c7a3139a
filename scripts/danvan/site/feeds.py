"""Atom feeds: the whole site and one per section, from published items only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgen.feed import FeedGenerator

from ..content import Corpus, Item
from ..content_types import TYPES

FEED_SIZE = 30
def feeds() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Feed file -> (title suffix, kinds it carries): the site's, then each type's own."""
    return {"feed.xml": ("", tuple(k for k, t in TYPES.items() if t.in_site_feed))} | {
        t.feed: (t.feed_title, (k,)) for k, t in TYPES.items() if t.feed}


def _stamp(day: dt.date | None, today: dt.date) -> dt.datetime:
    # Items are dated by day; noon in Vietnam's time zone keeps the day right everywhere.
    return dt.datetime.combine(day or today, dt.time(12), dt.timezone(dt.timedelta(hours=7)))


def feed(corpus: Corpus, items: list[Item], path: str, title: str, base: str) -> bytes:
    org = corpus.organisation
    fg = FeedGenerator()
    fg.id(f"{base}/{path}")
    fg.title(f"{org.site_name} – {title}" if title else org.site_name)
    fg.subtitle(org.tagline)
    fg.author({"name": org.name, "email": org.email})
    fg.link(href=f"{base}/", rel="alternate")
    fg.link(href=f"{base}/{path}", rel="self")
    fg.language("vi")
    newest = items[0].date if items and items[0].date else corpus.today
    fg.updated(_stamp(newest, corpus.today))
    for item in reversed(items):  # feedgen prepends: add oldest first
        entry = fg.add_entry()
        url = f"{base}/{item.url}"
        entry.id(url)
        entry.title(item.title)
        entry.link(href=url)
        entry.updated(_stamp(item.date, corpus.today))
        entry.published(_stamp(item.date, corpus.today))
        if item.meta.summary:
            entry.summary(item.meta.summary)
        for tag in item.meta.tags:
            entry.category(term=tag)
    return fg.atom_str(pretty=True)


def write_all(corpus: Corpus, config) -> None:
    base = (config.site_url or "").rstrip("/")
    for path, (title, kinds) in feeds().items():
        items = [i for i in corpus.published if i.kind in kinds][:FEED_SIZE]
        target = Path(config.site_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed(corpus, items, path, title, base))
