"""Generated pages (listings, registry, tags, localities, archive, home) as plain objects.

Like Hugo's list pages, none of these are written by hand: they are derived from the public
part of the corpus. This module knows nothing of MkDocs; ``plugin.py`` turns each ``View``
into a page rendered with the template it names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .. import text
from ..content_types import TYPES, labels
from ..content import Corpus, Item
from ..localities import LEVEL_LABELS, full_name
from ..schema import Locality

PER_PAGE = 20

LEGAL_STATUS = {"in-force": "Còn hiệu lực", "expired": "Hết hiệu lực", "replaced": "Được thay thế"}
SYSTEMS = {"dang": "Đảng", "nha-nuoc": "Nhà nước"}


@dataclass
class Pager:
    """Where a page of a listing stands: its number, how many pages, the site-relative URLs
    of the pages before and after it. Only these: each page's key (site/pagecache.py) walks
    its pager, and every page of a 200-page listing holding all 200 URLs made that
    quadratic."""

    number: int
    count: int
    previous: str | None
    next: str | None

    @classmethod
    def of(cls, number: int, urls: list[str]) -> "Pager":
        """Page ``number`` (from 1) of the listing whose pages are at ``urls``."""
        return cls(number, len(urls), urls[number - 2] if number > 1 else None,
                   urls[number] if number < len(urls) else None)


@dataclass
class View:
    """One generated page: where it goes, its title, its template and what it shows. Each
    kind of page is a subclass that adds, typed, what its template needs."""

    src_uri: str
    title: str
    template: str
    items: list[Item] = field(default_factory=list)
    pager: Pager | None = None
    description: str = ""
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    wide: bool = False  # the full width: no navigation column

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    @property
    def shows(self) -> Item | None:
        """The content item the page shows, if any (an issue page shows its issue)."""
        return None


Facets = list[tuple[str, str, int]]  # (label, URL, count) of each value of a filter


@dataclass(kw_only=True)
class HomeView(View):
    """The front page: a lead story with its photo, a band of the next stories, then blocks
    per section (``news`` are the stories after the band)."""

    lead: Item | None
    band: list[Item]
    news: list[Item]
    guidance: list[Item]
    documents: list[Item]
    models: list[Item]
    bulletins: list[Item]
    wide: bool = True


@dataclass(kw_only=True)
class ListingView(View):
    """A paginated list of items (news, guidance, a tag, a year), with its filters."""

    facets: Facets = field(default_factory=list)
    feed: str = ""


@dataclass(kw_only=True)
class SearchView(View):
    kinds: list[str]


@dataclass(kw_only=True)
class RegistryView(View):
    """The document registry or one of its static subsets (a kind, a year, an issuer)."""

    filters: dict[str, Facets]
    feed: str = ""
    interactive: bool = False


@dataclass(kw_only=True)
class IndexView(View):
    """An index of other pages: tags, years, localities (``entries``, as the template
    lists them)."""

    entries: list[tuple]  # (label or unit, URL, count)


@dataclass(kw_only=True)
class LocalityView(View):
    unit: Locality
    written_as: dict[str, str]  # item source -> the name it wrote
    predecessors: list[Locality]
    successors: list[Locality]
    current: list[Locality]
    parent: Locality | None


def url_of(src_uri: str) -> str:
    """Site-relative URL MkDocs gives a generated Markdown file (directory URLs)."""
    base = src_uri[: -len(".md")]
    if base == "index":
        return ""
    if base.endswith("/index"):
        return base[: -len("index")]
    return base + "/"


def paginate(base: str, title: str, items: list[Item], template: str = "listing.html",
             **kwargs: Any) -> list[ListingView]:
    """A listing split into pages: base/index.md, base/trang/2.md, ..."""
    chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
    uris = [f"{base}/index.md"] + [f"{base}/trang/{n}.md" for n in range(2, len(chunks) + 1)]
    urls = [url_of(u) for u in uris]
    views = []
    for number, (uri, chunk) in enumerate(zip(uris, chunks), start=1):
        page_title = title if number == 1 else f"{title} – trang {number}"
        views.append(ListingView(uri, page_title, template, chunk,
                                 Pager.of(number, urls), **kwargs))
    return views


def group_by(items: list[Item], key) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for value in key(item):
            groups[value].append(item)
    return groups


def year_of(item: Item) -> int | None:
    if item.date:
        return item.date.year
    if item.kind == "document":
        return item.doc.number.year
    return None


def featured_models(corpus: Corpus, count: int = 4) -> list[Item]:
    """For the home page: models marked ``featured`` first, then the newest."""
    return sorted(corpus.of_kind("model"), key=lambda i: not i.meta.featured)[:count]


def lead_story(news: list[Item]) -> Item | None:
    """The home page's lead: the newest story the editors marked ``featured``, else the
    newest with a photo, else the newest (``news`` is newest first)."""
    for wanted in (lambda i: i.meta.featured, lambda i: i.meta.image):
        for item in news:
            if wanted(item):
                return item
    return news[0] if news else None


# --- The site's generated pages ------------------------------------------------------------------


def build_views(corpus: Corpus) -> list[View]:
    views: list[View] = []
    news = corpus.of_kind("article")
    guidance = corpus.of_kind("guidance")
    documents = corpus.of_kind("document")
    catalogs = corpus.catalogs
    home = ("Trang chủ", "")

    lead = lead_story(news)
    rest = [i for i in news if i is not lead]
    views.append(HomeView("index.md", corpus.organisation.site_name, "home.html",
                          lead=lead, band=rest[:4], news=rest[4:8], guidance=guidance[:4],
                          documents=documents[:5],
                          models=featured_models(corpus),
                          bulletins=corpus.of_kind("bulletin")[:3],
                          description=corpus.organisation.tagline))

    # News, by section.
    sections = [(slug, label, [i for i in news if i.meta.section == slug])
                for slug, label in catalogs.sections.items()]
    facets = [(label, f"tin-tuc/chuyen-muc/{slug}/", len(chosen))
              for slug, label, chosen in sections if chosen]
    views += paginate("tin-tuc", "Tin tức – Hoạt động", news, facets=facets,
                      feed=TYPES["article"].feed or "", breadcrumbs=[home])
    for slug, label, chosen in sections:
        if chosen:
            views += paginate(f"tin-tuc/chuyen-muc/{slug}", label, chosen, facets=facets,
                              breadcrumbs=[home, ("Tin tức", "tin-tuc/")])

    # Guidance, by field of work.
    fields = [(slug, label, [i for i in guidance if i.meta.field_of_work == slug])
              for slug, label in catalogs.fields.items()]
    facets = [(label, f"huong-dan/linh-vuc/{slug}/", len(chosen))
              for slug, label, chosen in fields if chosen]
    views += paginate("huong-dan", "Hướng dẫn nghiệp vụ", guidance,
                      facets=facets, feed=TYPES["guidance"].feed or "", breadcrumbs=[home])
    for slug, label, chosen in fields:
        if chosen:
            views += paginate(f"huong-dan/linh-vuc/{slug}", label, chosen, facets=facets,
                              breadcrumbs=[home, ("Hướng dẫn nghiệp vụ", "huong-dan/")])

    views.append(SearchView("tim-kiem/index.md", "Tìm kiếm", "search.html", breadcrumbs=[home],
                            kinds=list(labels().values())))
    views += registry_views(documents)
    views += tag_views(corpus)
    views += locality_views(corpus)
    views += archive_views(corpus)
    return views


def registry_views(documents: list[Item]) -> list[View]:
    """The document registry: one full table (filterable with JS) and static subsets."""
    home = ("Trang chủ", "")
    root = ("Văn bản", "van-ban/")
    by_kind = group_by(documents, lambda i: [i.doc.kind])
    by_year = group_by(documents, lambda i: [str(year_of(i) or "khong-ro")])
    by_issuer = group_by(documents, lambda i: [i.doc.issuer])
    filters = {
        "kinds": [(k, f"van-ban/loai/{text.slugify(k)}/", len(v))
                  for k, v in sorted(by_kind.items(), key=lambda kv: text.sort_key(kv[0]))],
        "years": [(y if y != "khong-ro" else "Không rõ năm", f"van-ban/nam/{y}/", len(v))
                  for y, v in sorted(by_year.items(), reverse=True)],
        "issuers": [(k, f"van-ban/co-quan/{text.slugify(k)}/", len(v))
                    for k, v in sorted(by_issuer.items(), key=lambda kv: text.sort_key(kv[0]))],
    }
    views: list[View] = [RegistryView(
        "van-ban/index.md", "Văn bản chỉ đạo", "registry.html", documents, filters=filters,
        feed=TYPES["document"].feed or "", interactive=True, breadcrumbs=[home],
        description="Văn bản của Đảng và Nhà nước về công tác dân vận")]
    for label, groups, prefix in (("Loại", by_kind, "loai"), ("Năm", by_year, "nam"),
                                  ("Cơ quan ban hành", by_issuer, "co-quan")):
        for key, chosen in groups.items():
            slug = key if prefix == "nam" else text.slugify(key)
            name = "không rõ năm" if key == "khong-ro" else key
            views.append(RegistryView(f"van-ban/{prefix}/{slug}/index.md",
                                      f"Văn bản – {label}: {name}", "registry.html", chosen,
                                      filters=filters, breadcrumbs=[home, root]))
    return views


def tag_views(corpus: Corpus) -> list[View]:
    home = ("Trang chủ", "")
    names: dict[str, str] = {}
    tagged: dict[str, list[Item]] = defaultdict(list)
    for item in corpus.published:
        for tag in item.meta.tags:
            slug = text.slugify(tag)
            names.setdefault(slug, tag)
            tagged[slug].append(item)
    tags = [(names[s], f"the/{s}/", len(tagged[s])) for s in names]
    tags = text.sort_vi(tags, key=lambda t: t[0])
    views: list[View] = [IndexView("the/index.md", "Từ khóa", "index-list.html", entries=tags,
                                   breadcrumbs=[home])]
    for slug, chosen in tagged.items():
        views += paginate(f"the/{slug}", f"Từ khóa: {names[slug]}", chosen,
                          breadcrumbs=[home, ("Từ khóa", "the/")])
    return views


def locality_views(corpus: Corpus) -> list[View]:
    """A page per locality: what is tagged with it or with the units that became it."""
    home = ("Trang chủ", "")
    registry = corpus.localities
    tagged: dict[str, list[tuple[str, Item]]] = defaultdict(list)
    for item in corpus.published:
        for written, unit in item.localities:
            tagged[unit.id].append((written, item))
    entries = []
    views = []
    for unit in registry.units.values():
        lineage = registry.lineage(unit)
        own = [(w, i) for u in lineage for (w, i) in tagged.get(u.id, [])]
        seen: set[str] = set()
        items, written_as = [], {}
        for w, i in sorted(own, key=lambda wi: wi[1].date or dt.date.min, reverse=True):
            if i.source not in seen:
                seen.add(i.source)
                items.append(i)
                written_as[i.source] = w
        entries.append((unit, f"dia-ban/{unit.id}/", len(items)))
        # The models on the first page, the rest of what is tagged paginated like any
        # listing: the province's page would otherwise list every article of the site.
        models = [i for i in items if i.kind == "model"]
        others = [i for i in items if i.kind != "model"]
        chunks = [others[n:n + PER_PAGE] for n in range(0, len(others), PER_PAGE)] or [[]]
        uris = [f"dia-ban/{unit.id}/index.md"] + [
            f"dia-ban/{unit.id}/trang/{n}.md" for n in range(2, len(chunks) + 1)]
        title = _upper_first(full_name(unit))
        urls = [url_of(u) for u in uris]
        for number, (uri, chunk) in enumerate(zip(uris, chunks), start=1):
            shown = (models if number == 1 else []) + chunk
            views.append(LocalityView(
                uri, title if number == 1 else f"{title} – trang {number}", "locality.html",
                shown, Pager.of(number, urls),
                unit=unit, written_as={i.source: written_as[i.source] for i in shown},
                predecessors=registry.predecessors_of(unit),
                successors=registry.successors_of(unit),
                current=[u for u in registry.current(unit)
                         if u is not unit and u not in registry.successors_of(unit)],
                parent=registry.units.get(unit.parent or ""),
                breadcrumbs=[home, ("Địa bàn", "dia-ban/")] + (
                    [(title, f"dia-ban/{unit.id}/")] if number > 1 else [])))
    levels = list(LEVEL_LABELS)
    entries.sort(key=lambda e: (levels.index(e[0].level), text.sort_key(e[0].name),
                                e[0].valid_from or dt.date.min))
    views.append(IndexView("dia-ban/index.md", "Địa bàn", "localities.html", entries=entries,
                           breadcrumbs=[home]))
    return views


def _upper_first(value: str) -> str:
    """ "tỉnh Thái Bình" -> "Tỉnh Thái Bình" (str.capitalize would lower the rest)."""
    return value[:1].upper() + value[1:]


def archive_views(corpus: Corpus) -> list[View]:
    home = ("Trang chủ", "")
    dated = [i for i in corpus.published if i.kind != "page" and year_of(i)]
    by_year = group_by(dated, lambda i: [str(year_of(i))])
    years = [(y, f"luu-tru/{y}/", len(v)) for y, v in sorted(by_year.items(), reverse=True)]
    views: list[View] = [IndexView("luu-tru/index.md", "Lưu trữ theo năm", "index-list.html",
                                   entries=years, breadcrumbs=[home])]
    for year, chosen in by_year.items():
        views += paginate(f"luu-tru/{year}", f"Lưu trữ năm {year}", chosen,
                          breadcrumbs=[home, ("Lưu trữ", "luu-tru/")])
    return views


def backlinks(corpus: Corpus) -> dict[str, list[Item]]:
    """For each document, the published items that cite or replace it."""
    links: dict[str, list[Item]] = defaultdict(list)
    for item in corpus.published:
        for target in item.documents:
            links[target.source].append(item)
    return links


def check_urls(corpus: Corpus, views: list[View]) -> None:
    """Every page has its own address: a content page may not take the URL of a generated
    one (a listing, tag, locality, year, search or gallery page), nor two generated pages
    one URL (a tag and a section of the same slug). Each clash is an error naming both."""
    taken: dict[str, str] = {item.url: item.source for item in corpus.items
                             if item.kind != "bulletin"}  # an issue's page is its view
    for view in views:
        if view.url in taken and taken[view.url] != view.src_uri:
            corpus.collector.error(
                taken[view.url], f"đường dẫn /{view.url} trùng với trang tự sinh “{view.title}”",
                "đổi tên tệp (hoặc thư mục), hoặc thêm trường slug khác", field="slug")
        taken.setdefault(view.url, view.src_uri)
