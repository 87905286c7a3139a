"""Responsive image derivatives, made once per image content and kept in a cache.

Why: a phone must not download a camera photo of several megabytes for a 120-pixel card.
Every published photo gets, per recipe, a few widths in WebP (what browsers load) and JPEG
(the fallback), with the metadata stripped (a phone photo carries where it was taken).

The cache is keyed by the SHA-256 of the file's bytes and of the recipes: an unchanged image
is never decoded again, whatever its name or folder, and a build with a warm cache does no
image work at all (it hashes the files and reads one small manifest per image). The original
file is never modified: the print bulletin uses it as it is.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from . import workers as danvan_workers

# Bump when the way derivatives are made changes: every image is then made again.
VERSION = 2
CACHE_DIR = Path(".cache") / "images"


@dataclass(frozen=True)
class Recipe:
    """One use of a photo: the widths it is offered in, its crop and its quality."""

    name: str
    widths: tuple[int, ...]
    aspect: tuple[int, int] | None  # crop to this ratio, or keep the photo's own
    webp_quality: int
    jpeg_quality: int
    webp_method: int = 6  # 0-6: slower is smaller; the large page sizes use 4 (3x faster)


# Cards: 120 CSS px wide on a phone (240 at 2x, 360 at 3x), about 300 px in the desktop grid.
CARD = Recipe("the", (240, 360, 640), (4, 3), 58, 72)
# Model pages and the lightbox: the photo uncropped, from phone width to a large screen.
PAGE = Recipe("trang", (480, 960, 1600), None, 74, 80, webp_method=4)
RECIPES = (CARD, PAGE)
FORMATS = {"webp": "WEBP", "jpg": "JPEG"}


class ImageError(ValueError):
    """Image files that cannot be read: ``failures`` holds (path, Vietnamese message)."""

    def __init__(self, failures: list[tuple[Path, str]]):
        self.failures = failures
        super().__init__("; ".join(message for _, message in failures))


@dataclass(frozen=True)
class Rendition:
    recipe: str
    width: int
    height: int
    format: str  # "webp" or "jpg"
    path: Path  # the file in the cache

    @property
    def name(self) -> str:
        return f"{self.recipe}-{self.width}.{self.format}"


@dataclass(frozen=True)
class Derived:
    """An image's derivatives; ``width`` and ``height`` are the original's, upright."""

    digest: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]

    def of(self, recipe: Recipe, fmt: str) -> list[Rendition]:
        return sorted((r for r in self.renditions if r.recipe == recipe.name and r.format == fmt),
                      key=lambda r: r.width)


def _signature() -> bytes:
    recipes = [[r.name, r.widths, r.aspect, r.webp_quality, r.jpeg_quality, r.webp_method]
               for r in RECIPES]
    return json.dumps([VERSION, recipes, sorted(FORMATS)]).encode()


def digest_of(data: bytes) -> str:
    return hashlib.sha256(_signature() + b"\0" + data).hexdigest()


class ImageCache:
    """Derivatives of images, made on first use and reused while the image is unchanged.

    ``processed`` and ``reused`` count images made and found in this run.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.processed = 0
        self.reused = 0

    def derive_all(self, sources: list[Path], workers: int | None = None) -> dict[Path, Derived]:
        """Derivatives of every source; new images are made in parallel (Pillow releases the
        GIL while it decodes, resizes and encodes)."""
        unique = list(dict.fromkeys(sources))
        # Threads: Pillow releases the GIL while it decodes, resizes and encodes.
        workers = workers or danvan_workers.count(len(sources), cap=8)

        def attempt(source: Path) -> Derived | ImageError:
            try:
                return self.derive(source)
            except ImageError as exc:
                return exc

        if workers == 1 or len(unique) < 2:
            results = [attempt(s) for s in unique]
        else:
            with danvan_workers.thread_pool(workers) as pool:
                results = list(pool.map(attempt, unique))
        failures = [f for r in results if isinstance(r, ImageError) for f in r.failures]
        if failures:  # every unreadable image at once, like every other content error
            raise ImageError(failures)
        return dict(zip(unique, results))

    def derive(self, source: Path) -> Derived:
        data = Path(source).read_bytes()
        digest = digest_of(data)
        folder = self.folder / digest[:2] / digest
        found = self._read(folder, digest)
        if found is not None:
            self.reused += 1
            return found
        made = self._make(data, source, folder, digest)
        self.processed += 1
        return made

    def _read(self, folder: Path, digest: str) -> Derived | None:
        try:
            manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        renditions = tuple(Rendition(r["recipe"], r["width"], r["height"], r["format"],
                                     folder / r["file"]) for r in manifest["renditions"])
        if not all(r.path.is_file() for r in renditions):
            return None
        return Derived(digest, manifest["width"], manifest["height"], renditions)

    def _make(self, data: bytes, source: Path, folder: Path, digest: str) -> Derived:
        try:
            image = _open(data)
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            message = f"không đọc được ảnh “{Path(source).name}” ({exc.__class__.__name__})"
            raise ImageError([(Path(source), message)]) from None
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the final place, then rename: a build interrupted (or one running at
        # the same time) never leaves a half-written entry behind.
        staging = Path(tempfile.mkdtemp(prefix=f".{digest[:12]}-", dir=folder.parent))
        try:
            entries = []
            for recipe in RECIPES:
                for resized in _sizes(image, recipe):
                    for fmt, pil_format in FORMATS.items():
                        name = f"{recipe.name}-{resized.width}.{fmt}"
                        _save(resized, staging / name, pil_format, recipe,
                              image.info.get("icc_profile"))
                        entries.append({"recipe": recipe.name, "width": resized.width,
                                        "height": resized.height, "format": fmt,
                                        "file": name})
            manifest = {"width": image.width, "height": image.height, "renditions": entries}
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
            try:
                staging.rename(folder)
            except OSError:  # made meanwhile by another build: keep that one
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        found = self._read(folder, digest)
        assert found is not None
        return found


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if icc:
        image.info["icc_profile"] = icc
    return image


def _sizes(image: Image.Image, recipe: Recipe):
    """The image at each width of the recipe, never enlarged (a small photo gets only the
    widths it can fill, and at least one)."""
    if recipe.aspect:
        w, h = recipe.aspect
        crop_w = min(image.width, round(image.height * w / h))
        crop_h = min(image.height, round(crop_w * h / w))
        left, top = (image.width - crop_w) // 2, (image.height - crop_h) // 2
        base = image.crop((left, top, left + crop_w, top + crop_h))
    else:
        base = image
    widths = [w for w in recipe.widths if w <= base.width] or [min(recipe.widths[0], base.width)]
    if widths[-1] < base.width < recipe.widths[-1]:
        widths.append(base.width)  # the photo's full width, when it is below the largest
    for width in widths:
        height = max(1, round(base.height * width / base.width))
        if (width, height) == base.size:
            yield base
        else:
            yield base.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, path: Path, pil_format: str, recipe: Recipe,
          icc: bytes | None) -> None:
    options: dict = {"icc_profile": icc} if icc else {}
    if pil_format == "WEBP":
        options.update(quality=recipe.webp_quality, method=recipe.webp_method)
    else:
        options.update(quality=recipe.jpeg_quality, optimize=True, progressive=True)
    image.save(path, pil_format, **options)
