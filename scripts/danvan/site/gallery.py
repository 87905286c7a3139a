"""The “Dân vận khéo” models gallery: model pages, their photos, and the gallery's views.

Models live outside ``docs_dir`` (``models_gallery/<folder>/index.md`` with its photos), so
MkDocs never discovers them: ``Gallery.files`` hands it each published model's page and the
responsive derivatives of its photos (``images.py``), and nothing of an unpublished model.
The originals are not published (they keep their camera metadata); the bulletin prints
from them (``photo_sources``).

The gallery's pages follow the registry's pattern: one page with every card, filterable
instantly with JavaScript (theme/assets/javascripts/gallery.js), and static pages per field,
locality, year and level of recognition that give the same filters without it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import markdown
from markupsafe import Markup

from .. import sanitize, text
from ..content import MODELS_DIR, Corpus, Item
from ..images import CACHE_DIR, CARD, PAGE, ImageCache, ImageError
from ..localities import full_name, period
from ..schema import MODEL_SECTIONS, Model, Photo, label_of
from . import photos
from .compat import File
from .photos import Picture
from .views import View

SECTION = "mo-hinh"
TITLE = "Mô hình “Dân vận khéo”"
LEVELS = {"xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh", "trung-uong": "Trung ương"}
# `sizes` of the <img> that show the renditions; they match theme/assets/stylesheets/gallery.css
# (a 120-px thumbnail beside the text on phones, a grid of cards of about 300 px above).
CARD_SIZES = "(max-width: 37.49em) 120px, 300px"
THUMB_SIZES = "(max-width: 37.49em) 45vw, 200px"
PAGE_SIZES = "(min-width: 76.25em) 960px, 100vw"


# --- Photos ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoView:
    photo: Photo
    card: Picture  # 4:3 crop: cards, thumbnails
    page: Picture  # uncropped: the model page and the lightbox
    width: int  # of the original, upright
    height: int

    @property
    def alt(self) -> str:
        return self.photo.alt

    @property
    def caption(self) -> str:
        return self.photo.caption or ""


def photo_sources(corpus: Corpus, item: Item) -> list[tuple[Photo, Path]]:
    """Each photo of a model with its original file (for print)."""
    folder = corpus.root / MODELS_DIR / PurePosixPath(item.src_uri).parent
    return [(p, folder / p.file) for p in item.meta.photos]


class Gallery:
    """The published models' pages and photos, as MkDocs files and as template data."""

    def __init__(self, corpus: Corpus, cache_dir: Path | None = None):
        self.corpus = corpus
        self.cache = ImageCache(cache_dir or corpus.root / CACHE_DIR)
        self.photos: dict[str, list[PhotoView]] = {}

    def files(self, config) -> list[tuple[File, Item | None]]:
        """The page of every published model (with its item) and its photos' renditions.

        The images are derived here, once per build, from the cache when unchanged.
        """
        models = self.corpus.of_kind("model")
        sources = {item.source: photo_sources(self.corpus, item) for item in models}
        try:
            derived = self.cache.derive_all([p for pairs in sources.values() for _, p in pairs])
        except ImageError as exc:
            self._report(exc, models, sources)
            raise
        out: list[tuple[File, Item | None]] = []
        published: set[str] = set()
        for item in models:
            page = File.generated(config, f"{item.url}index.md",
                                  abs_src_path=str(self.corpus.root / item.source))
            out.append((page, item))
            views = []
            for photo, path in sources[item.source]:
                d = derived[path]
                files: list[File] = []
                urls = photos.publish(config, item, photo.file, d, files, published)
                out.extend((f, None) for f in files)
                views.append(PhotoView(photo, photos.picture(d, CARD, urls),
                                       photos.picture(d, PAGE, urls), d.width, d.height))
            self.photos[item.source] = views
        return out

    def _report(self, exc: ImageError, models: list[Item],
                sources: dict[str, list[tuple[Photo, Path]]]) -> None:
        """Unreadable photos as content problems of the models that use them."""
        for path, message in exc.failures:
            for item in models:
                if any(p == path for _, p in sources[item.source]):
                    self.corpus.collector.error(
                        item.source, message, "mở ảnh bằng phần mềm xem ảnh, lưu lại dạng JPEG "
                        "rồi chép đè tệp cũ", field="photos", line=item.lines.get("photos"))

    # --- Template API -------------------------------------------------------------------------

    def photos_of(self, item: Item) -> list[PhotoView]:
        return self.photos.get(item.source, [])

    def cover(self, item: Item) -> PhotoView | None:
        photos = self.photos_of(item)
        return photos[0] if photos else None

    def card_data(self, item: Item) -> dict[str, str]:
        """The values a card is filtered and sorted by (data-* attributes)."""
        meta = item.meta
        return {"field": meta.field_of_work, "year": str(meta.year_recognised),
                "level": meta.level, "name": meta.title,
                "localities": " ".join(dict.fromkeys(u.id for _, u in item.localities))}

    def page_context(self, item: Item) -> dict:
        """What model.html needs beyond the item (added by the plugin's on_page_context)."""
        return {
            "photos": self.photos_of(item),
            "news": [i for i in item.links if i.published],
            # The form's sections under their schema labels (the bulletin prints the same).
            "model_sections": [(name, label_of(Model, name)) for name in MODEL_SECTIONS],
            # The bulletin issues that featured this model (objects with .url and .title),
            # from the bulletin's Corpus.issues_of; empty on a corpus without bulletins.
            "featured_in": _issues_of(self.corpus, item),
        }

    def install(self, env) -> None:
        env.globals["dv_gallery"] = self
        env.globals["gallery_labels"] = {"levels": LEVELS,
                                         "fields": self.corpus.catalogs.gallery_fields}
        env.globals["gallery_sizes"] = {"card": CARD_SIZES, "thumb": THUMB_SIZES,
                                        "page": PAGE_SIZES}
        env.filters["prose"] = prose


def _issues_of(corpus: Corpus, item: Item) -> list[Item]:
    lookup = getattr(corpus, "issues_of", None)  # added by the bulletin (issue 3)
    return list(lookup(item)) if lookup else []


def prose(value: str | None) -> Markup:
    """A model's long text field as HTML: paragraphs, lists, emphasis, links (Markdown); any
    HTML the editor typed is shown as text, and the result goes through the sanitizer like
    every body (no javascript: link, no image from elsewhere)."""
    if not value:
        return Markup("")
    return Markup(sanitize.clean(markdown.markdown(html.escape(value, quote=False),
                                                   extensions=["sane_lists"])))


# --- Views ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One value of a filter: its token (for the JS filter), label, static page and count."""

    value: str
    label: str
    url: str
    count: int

    @property
    def link(self) -> tuple[str, str, int]:
        return (self.label, self.url, self.count)


@dataclass
class Filters:
    fields: list[Facet] = field(default_factory=list)
    localities: list[Facet] = field(default_factory=list)
    years: list[Facet] = field(default_factory=list)
    levels: list[Facet] = field(default_factory=list)


@dataclass(kw_only=True)
class GalleryView(View):
    """The gallery, sorted by name or year, or one of its static filter pages (``current``:
    the filter and value it shows)."""

    filters: Filters
    headings: dict[str, str]
    interactive: bool
    sort: str  # "name" or "year"
    current: tuple[str, str] | None = None
    wide: bool = True


def by_name(models: list[Item]) -> list[Item]:
    return text.sort_vi(models, key=lambda i: i.title)


def by_year(models: list[Item]) -> list[Item]:
    """Most recently recognised first; same year in Vietnamese order of names."""
    return sorted(by_name(models), key=lambda i: i.meta.year_recognised, reverse=True)


def views(corpus: Corpus) -> list[View]:
    """The gallery page, the same sorted by year, and a static page per filter value."""
    models = by_name(corpus.of_kind("model"))
    home = ("Trang chủ", "")
    root = (TITLE, f"{SECTION}/")
    groups: dict[str, dict[str, list[Item]]] = {"fields": {}, "localities": {}, "years": {},
                                                "levels": {}}
    units = {}
    for item in models:
        meta = item.meta
        groups["fields"].setdefault(meta.field_of_work, []).append(item)
        groups["years"].setdefault(str(meta.year_recognised), []).append(item)
        groups["levels"].setdefault(meta.level, []).append(item)
        for unit_id in dict.fromkeys(u.id for _, u in item.localities):
            groups["localities"].setdefault(unit_id, []).append(item)
        units.update({u.id: u for _, u in item.localities})

    names = {unit_id: full_name(unit) for unit_id, unit in units.items()}
    same_name = {n for n in names.values() if list(names.values()).count(n) > 1}
    labels = {
        "fields": corpus.catalogs.gallery_fields,
        "levels": LEVELS,
        "years": {y: y for y in groups["years"]},
        "localities": {i: f"{n} ({period(units[i])})" if n in same_name and period(units[i])
                       else n for i, n in names.items()},
    }
    paths = {"fields": "linh-vuc", "localities": "dia-ban", "years": "nam", "levels": "cap"}
    order = {
        "fields": lambda keys: [k for k in corpus.catalogs.gallery_fields if k in keys],
        "levels": lambda keys: [k for k in LEVELS if k in keys],
        "years": lambda keys: sorted(keys, reverse=True),
        "localities": lambda keys: sorted(keys, key=lambda k: (text.sort_key(units[k].name),
                                                               labels["localities"][k])),
    }
    filters = Filters(**{
        name: [Facet(key, labels[name][key], f"{SECTION}/{paths[name]}/{key}/",
                     len(groups[name][key])) for key in order[name](list(groups[name]))]
        for name in groups})
    headings = {"fields": "Lĩnh vực", "localities": "Địa bàn", "years": "Năm công nhận",
                "levels": "Cấp công nhận"}
    description = ("Các mô hình “Dân vận khéo” để học tập, nhân rộng: theo lĩnh vực, địa bàn, "
                   "năm và cấp công nhận")
    out = [
        GalleryView(f"{SECTION}/index.md", TITLE, "gallery.html", models, breadcrumbs=[home],
                    filters=filters, headings=headings, interactive=True, sort="name",
                    description=description),
        GalleryView(f"{SECTION}/theo-nam/index.md", f"{TITLE} – xếp theo năm công nhận",
                    "gallery.html", by_year(models), breadcrumbs=[home, root], filters=filters,
                    headings=headings, interactive=True, sort="year", description=description),
    ]
    for name, facets in vars(filters).items():
        for facet in facets:
            out.append(GalleryView(f"{facet.url}index.md",
                                   f"{TITLE} – {headings[name]}: {facet.label}", "gallery.html",
                                   groups[name][facet.value], breadcrumbs=[home, root],
                                   filters=filters, headings=headings, interactive=False,
                                   sort="name", current=(name, facet.value)))
    return out
