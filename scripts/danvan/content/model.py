"""The content model: one validated ``Item`` per source, and the ``Corpus`` of them all.

Everything downstream (the MkDocs adapter, feeds, search, the bulletin) works from the
``Corpus``, and only from its public part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from .. import text
from ..localities import Registry
from ..problems import Collector
from ..schema import Catalogs, Document, Locality, Meta, Organisation

CONTENT_DIR = "content"
MODELS_DIR = "models_gallery"
# Bulletin issues: one manifest per issue, bulletins/<year>/so-NN.md (body = editorial).
BULLETINS_DIR = "bulletins"
# URLs under mo-hinh/ that the gallery's filter pages use; no model may take them.
MODEL_RESERVED_SLUGS = {"linh-vuc", "dia-ban", "nam", "cap", "theo-nam", "trang"}
DATA_DIR = "_du-lieu"


@dataclass
class Item:
    """One validated piece of content."""

    kind: str
    root: str  # its source folder: "content", "models_gallery" or "bulletins"
    src_uri: str  # path inside root, POSIX, NFC
    meta: Meta
    body: str  # Markdown without front matter, NFC
    body_line: int  # line of the file where the body starts
    url: str = ""  # site-relative, "tin-tuc/hoi-nghi/"; "" for the home page
    localities: list[tuple[str, Locality]] = field(default_factory=list)
    documents: list["Item"] = field(default_factory=list)
    links: list["Item"] = field(default_factory=list)  # other items it names (a model's news)
    successor: "Item | None" = None  # the document named by replaced_by
    assets: set[str] = field(default_factory=set)  # sources of the files this item uses
    # Body links to Markdown files ("content/tin-tuc/x.md", line) and to page addresses
    # ("../x/", line), checked against what is published once every URL is known.
    page_links: list[tuple[str, int | None]] = field(default_factory=list)
    url_links: list[tuple[str, int | None]] = field(default_factory=list)
    published: bool = False  # public, and not dated in the future
    lines: dict[str, int] = field(default_factory=dict)  # front matter field -> line

    @property
    def source(self) -> str:
        return f"{self.root}/{self.src_uri}"

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> dt.date | None:
        return getattr(self.meta, "date", None)

    @property
    def doc(self) -> Document:
        assert isinstance(self.meta, Document)
        return self.meta

    def asset_url(self, ref: str) -> str:
        """Site-relative URL of a file the item names relative to its own folder."""
        return "/".join(_normpath(PurePosixPath(self.src_uri).parent / unquote(ref)))

    def __hash__(self) -> int:
        return hash(self.source)


@dataclass(frozen=True)
class Placement:
    """An item as a bulletin issue carries it: in a section, with an optional pull quote."""

    item: Item
    section: str
    quote: str | None = None
    columns: int | None = None


@dataclass(frozen=True)
class Filler:
    """A filler of an issue (schema.IssueFiller), with the model it shows (kind "model")."""

    spec: object  # schema.IssueFiller
    item: Item | None = None


@dataclass
class Corpus:
    """Everything the site and the bulletin are built from, validated."""

    root: Path
    today: dt.date
    organisation: Organisation
    catalogs: Catalogs
    localities: Registry
    items: list[Item]
    collector: Collector
    # Bulletin issue source -> its articles in print order (resolved from the manifest).
    placements: dict[str, list[Placement]] = field(default_factory=dict)
    # Bulletin issue source -> its fillers, in the manifest's order.
    fillers: dict[str, list[Filler]] = field(default_factory=dict)
    # Bulletin issue source -> {section title: (programme id, period code)}: the sections
    # that print a programme's figures (schema.IssueTracking, resolved by bulletin/tracking.py).
    tracking: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    # Programme id -> its aggregated progress (programme.Progress), read once by that same
    # resolution for every section that prints it.
    tracked_progress: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def published(self) -> list[Item]:
        """Everything published, newest first (sorted once; filters keep the order)."""
        return newest_first([i for i in self.items if i.published])

    def of_kind(self, kind: str) -> list[Item]:
        """Published items of one kind, newest first."""
        return [i for i in self.published if i.kind == kind]

    @cached_property
    def by_source(self) -> dict[str, Item]:
        return {i.source: i for i in self.items}

    @cached_property
    def public_assets(self) -> frozenset[str]:
        """The publication gate's allow-list: the files (sources, "content/tin-tuc/anh/x.jpg")
        that published items use. Nothing else under the source folders is ever copied."""
        return frozenset().union(*(i.assets for i in self.published))

    @property
    def problems(self):
        return self.collector.problems

    def sections_of(self, issue: Item) -> list[tuple[str, list[Placement]]]:
        """An issue's sections in print order, each with its placements (none for a section
        that prints only a programme's figures)."""
        sections: dict[str, list[Placement]] = {s.title: [] for s in issue.meta.sections}
        for placement in self.placements.get(issue.source, []):
            sections.setdefault(placement.section, []).append(placement)
        return list(sections.items())

    def issues_of(self, item: Item) -> list[Item]:
        """The published bulletin issues that carry ``item``, newest first ("featured in")."""
        return [i for i in self.published if i.kind == "bulletin" and any(
            p.item is item for p in self.placements.get(i.source, []))]


def newest_first(items: list[Item]) -> list[Item]:
    """Newest first; undated last; same day in Vietnamese order of titles."""
    ordered = text.sort_vi(items, key=lambda i: i.title)
    return sorted(ordered, key=lambda i: i.date or dt.date.min, reverse=True)


def _normpath(path: PurePosixPath) -> list[str]:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return parts


def why_unpublished(item: Item, day: dt.date, what: str = "") -> str:
    """Why ``item`` is not public on ``day`` ("" when it is), for messages to editors;
    ``what`` names the day ("ngày phát hành … của số này")."""
    meta = item.meta
    if meta.status != "published":
        return "đang là bản nháp (status: draft)"
    if meta.visibility != "public":
        return "chỉ lưu hành nội bộ (visibility: internal)"
    if item.kind == "document" and meta.classification != "unclassified":
        return "là văn bản có độ mật"
    if item.date and item.date > day:
        return (f"đăng ngày {text.format_date_short(item.date)}, sau "
                f"{what or 'ngày ' + text.format_date_short(day)}")
    return ""


def confidential(item: Item) -> bool:
    """Internal or classified: never published, whatever its date or status."""
    return item.meta.visibility != "public" or (
        item.kind == "document" and item.meta.classification != "unclassified")
