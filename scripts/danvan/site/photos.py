"""Responsive pictures for the site: the derivatives of a photo (``images.py``) as MkDocs
files and as the template's <picture> data.

One path for every photo the site shows: the models' photos (``gallery.py``) and the cover
photos of news and guidance (``Covers``). A rendition's URL carries the digest of the image,
so a changed photo gets a new address and no cache serves the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import text
from ..content import CONTENT_DIR, Corpus, Item
from ..images import CACHE_DIR, CARD, PAGE, Derived, ImageCache, ImageError, Recipe, Rendition
from .compat import File

# `sizes` for the news photos; they match theme/assets/stylesheets/danvan.css (the lead story
# is the wide half of the home page's first band, thumbnails are 96-200 px beside the text).
LEAD_SIZES = "(min-width: 76.25em) 720px, (min-width: 45em) 60vw, 100vw"
THUMB_SIZES = "(min-width: 45em) 200px, 96px"
ARTICLE_SIZES = "(min-width: 76.25em) 760px, 100vw"


@dataclass(frozen=True)
class Picture:
    """One <picture>: WebP and JPEG candidates as (site-relative URL, width)."""

    webp: tuple[tuple[str, int], ...]
    jpeg: tuple[tuple[str, int], ...]
    width: int  # of the smallest JPEG, the <img>'s own src, for layout without shifts
    height: int

    @property
    def src(self) -> str:
        return self.jpeg[0][0]

    @property
    def largest(self) -> str:
        return self.jpeg[-1][0]


def picture(derived: Derived, recipe: Recipe, urls: dict[Rendition, str]) -> Picture:
    webp = tuple((urls[r], r.width) for r in derived.of(recipe, "webp"))
    jpeg = tuple((urls[r], r.width) for r in derived.of(recipe, "jpg"))
    smallest = derived.of(recipe, "jpg")[0]
    return Picture(webp, jpeg, smallest.width, smallest.height)


def rendition_url(item: Item, file: str, derived: Derived, rendition: Rendition) -> str:
    """Where a rendition is published: beside the item's page, named after the photo."""
    stem = text.slugify(PurePosixPath(file).stem)
    return (f"{item.url}{stem}-{rendition.recipe}-{rendition.width}."
            f"{derived.digest[:10]}.{rendition.format}")


def publish(config, item: Item, file: str, derived: Derived, out: list, seen: set[str]
            ) -> dict[Rendition, str]:
    """Append the renditions of one photo to ``out`` (MkDocs files), once per URL."""
    urls = {r: rendition_url(item, file, derived, r) for r in derived.renditions}
    for rendition, url in urls.items():
        if url not in seen:
            seen.add(url)
            out.append(File.generated(config, url, abs_src_path=str(rendition.path)))
    return urls


@dataclass(frozen=True)
class Cover:
    """The cover photo of a news item or guidance note, as the templates show it."""

    item: Item
    thumb: Picture  # 4:3 crop: listings, the home page's band
    page: Picture  # uncropped: the article page and the lead story

    @property
    def alt(self) -> str:
        return self.item.meta.image_alt or ""

    @property
    def caption(self) -> str:
        return self.item.meta.image_caption or ""

    @property
    def credit(self) -> str:
        return self.item.meta.image_credit or ""

    @property
    def illustrative(self) -> bool:
        return self.item.meta.image_illustrative


class Covers:
    """Cover photos of published news and guidance, derived through the image cache."""

    KINDS = ("article", "guidance")

    def __init__(self, corpus: Corpus, cache: ImageCache | None = None):
        self.corpus = corpus
        self.cache = cache or ImageCache(corpus.root / CACHE_DIR)
        self.covers: dict[str, Cover] = {}

    def sources(self) -> dict[Item, Path]:
        root = self.corpus.root / CONTENT_DIR
        return {item: root / item.asset_url(item.meta.image)
                for kind in self.KINDS for item in self.corpus.of_kind(kind) if item.meta.image}

    def files(self, config) -> list[File]:
        sources = self.sources()
        try:
            derived = self.cache.derive_all(list(sources.values()))
        except ImageError as exc:
            for path, message in exc.failures:
                for item, source in sources.items():
                    if source == path:
                        self.corpus.collector.error(
                            item.source, message, "mở ảnh bằng phần mềm xem ảnh, lưu lại dạng "
                            "JPEG rồi chép đè tệp cũ", field="image",
                            line=item.lines.get("image"))
            raise
        out: list[File] = []
        seen: set[str] = set()
        for item, path in sources.items():
            d = derived[path]
            urls = publish(config, item, item.meta.image, d, out, seen)
            self.covers[item.source] = Cover(item, picture(d, CARD, urls), picture(d, PAGE, urls))
        return out

    def cover(self, item: Item) -> Cover | None:
        return self.covers.get(item.source)

    def install(self, env) -> None:
        env.globals["dv_covers"] = self
        env.globals["cover_sizes"] = {"lead": LEAD_SIZES, "thumb": THUMB_SIZES,
                                      "page": ARTICLE_SIZES}
