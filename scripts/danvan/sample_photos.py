"""Placeholder photos for the sample models: abstract scenes drawn with Pillow.

No people, no faces, no real place: fields, roads, houses, lanterns and simple icons, each
with a visible “Ảnh minh họa” label, so nobody mistakes them for a record of a real model.

    python -m danvan.sample_photos   # (re)draws the sample models' and articles' photos

``texture=True`` adds grain and detail so that a picture compresses about as badly as a
camera photo; the image budget test uses it, the committed samples do not need it.
"""

from __future__ import annotations

import math
import random
import sys
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

LABEL = "Ảnh minh họa"
SIZE = (1200, 800)
# A story's photo may print across a bulletin page: 300 ppi over 178 mm.
STORY_SIZE = (2100, 1400)
SCENES = ("field", "road", "house", "lanterns", "chart", "shield", "river", "books")
_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
]


def _font(size: int) -> ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _sky(draw: ImageDraw.ImageDraw, w: int, h: int, top, bottom) -> None:
    for y in range(h):
        t = y / max(1, h - 1)
        draw.line([(0, y), (w, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))


def _hills(draw, w, h, rng, base, colors) -> None:
    for n, color in enumerate(colors):
        y0 = base + n * h // 14
        points = [(0, h)]
        for x in range(0, w + 61, 60):
            points.append((x, y0 + rng.randint(-h // 30, h // 30)))
        points.append((w, h))
        draw.polygon(points, fill=color)


def _field(draw, w, h, rng):
    _sky(draw, w, h, (120, 178, 230), (220, 236, 245))
    draw.ellipse([w * .72, h * .1, w * .84, h * .28], fill=(255, 214, 90))
    _hills(draw, w, h, rng, int(h * .5), [(92, 150, 80), (120, 170, 70)])
    for n in range(14):  # rows of rice toward the horizon
        y = int(h * .62 + n * n * 1.6)
        draw.line([(0, y), (w, y + rng.randint(-4, 4))], fill=(70, 130 + n * 3, 60), width=3 + n // 3)


def _road(draw, w, h, rng):
    _sky(draw, w, h, (150, 190, 225), (235, 240, 240))
    draw.rectangle([0, h * .55, w, h], fill=(110, 160, 90))
    draw.polygon([(w * .42, h * .55), (w * .58, h * .55), (w * .95, h), (w * .05, h)],
                 fill=(150, 150, 150))
    for n in range(6):  # dashed centre line
        y = h * .58 + n * n * 9
        draw.rectangle([w * .5 - 2 - n, y, w * .5 + 2 + n, y + 8 + n * 4], fill=(250, 250, 240))
    for side in (0.2, 0.8):  # lamp posts and trees along the road
        for n in range(4):
            x = w * (side + (n * 0.05 if side > .5 else -n * 0.05))
            y = h * (.5 + n * .07)
            draw.rectangle([x - 3 - n, y - 90 - n * 30, x + 3 + n, y], fill=(70, 70, 80))
            draw.ellipse([x - 8 - n * 3, y - 100 - n * 32, x + 8 + n * 3, y - 84 - n * 28],
                         fill=(255, 225, 120))
            r = 30 + n * 12
            tx = x + (70 if side < .5 else -70) * (1 + n * .3)
            draw.ellipse([tx - r, y - r * 3, tx + r, y - r], fill=(60, 120 + n * 10, 60))


def _house(draw, w, h, rng):
    _sky(draw, w, h, (170, 205, 235), (250, 245, 230))
    draw.rectangle([0, h * .7, w, h], fill=(120, 165, 95))
    x0, x1, y0 = w * .25, w * .75, h * .42
    draw.rectangle([x0, y0, x1, h * .75], fill=(235, 220, 190))
    draw.polygon([(x0 - 50, y0), (w / 2, h * .16), (x1 + 50, y0)], fill=(165, 60, 45))
    for n in range(4):
        cx = x0 + (x1 - x0) * (n + .5) / 4
        draw.rectangle([cx - 28, h * .5, cx + 28, h * .66], fill=(120, 80, 50))
    draw.line([(w * .82, h * .75), (w * .82, h * .2)], fill=(90, 90, 90), width=6)
    draw.rectangle([w * .82, h * .2, w * .92, h * .27], fill=(200, 30, 35))
    draw.regular_polygon((w * .87, h * .235, 14), 5, fill=(250, 215, 60))


def _lanterns(draw, w, h, rng):
    _sky(draw, w, h, (120, 30, 40), (60, 15, 25))
    for n in range(9):
        x = w * (n + .5) / 9
        y = h * (.25 + .25 * ((n % 3) / 2))
        draw.line([(x, 0), (x, y - 40)], fill=(230, 190, 90), width=2)
        draw.ellipse([x - 45, y - 45, x + 45, y + 55], fill=(230, 60 + n * 8, 40))
        draw.rectangle([x - 20, y + 50, x + 20, y + 62], fill=(240, 200, 80))
    for n in range(40):  # garlands of small flowers
        x, y = rng.randint(0, w), rng.randint(int(h * .7), h)
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(250, 220, 120))


def _chart(draw, w, h, rng):
    _sky(draw, w, h, (245, 243, 235), (230, 226, 215))
    draw.line([(w * .1, h * .85), (w * .9, h * .85)], fill=(80, 80, 80), width=4)
    heights = sorted(rng.uniform(.15, .6) for _ in range(7))
    for n, v in enumerate(heights):
        x = w * (.14 + n * .11)
        draw.rectangle([x, h * (.85 - v), x + w * .07, h * .85], fill=(163, 22 + n * 12, 26 + n * 10))
    draw.line([(w * .17 + n * w * .11, h * (.8 - v)) for n, v in enumerate(heights)],
              fill=(30, 80, 140), width=6)


def _shield(draw, w, h, rng):
    _sky(draw, w, h, (40, 70, 110), (90, 130, 170))
    for n in range(30):  # night houses with lit windows
        x = n * w / 30
        top = h * rng.uniform(.55, .75)
        draw.rectangle([x, top, x + w / 32, h], fill=(30, 40, 60))
        if rng.random() < .6:
            draw.rectangle([x + 8, top + 15, x + 20, top + 30], fill=(250, 220, 120))
    cx, cy, r = w / 2, h * .38, h * .24
    draw.polygon([(cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r * .1), (cx, cy + r * 1.2),
                  (cx - r, cy + r * .1)], fill=(245, 200, 60))
    draw.regular_polygon((cx, cy, r * .45), 5, fill=(190, 30, 35))


def _river(draw, w, h, rng):
    _sky(draw, w, h, (190, 215, 240), (240, 240, 235))
    _hills(draw, w, h, rng, int(h * .45), [(100, 150, 100)])
    draw.polygon([(0, h * .62), (w, h * .55), (w, h * .8), (0, h * .9)], fill=(90, 140, 190))
    for n in range(25):
        x, y = rng.randint(0, w), rng.randint(int(h * .6), int(h * .85))
        draw.line([(x, y), (x + 40, y)], fill=(200, 225, 245), width=3)
    draw.rectangle([0, h * .88, w, h], fill=(130, 170, 90))


def _books(draw, w, h, rng):
    _sky(draw, w, h, (250, 246, 236), (236, 228, 210))
    draw.rectangle([0, h * .72, w, h], fill=(150, 105, 70))
    x = w * .12
    for n in range(12):
        bw = rng.randint(40, 75)
        bh = rng.uniform(.3, .5)
        color = rng.choice([(163, 22, 26), (26, 79, 139), (200, 150, 40), (40, 110, 70)])
        draw.rectangle([x, h * (.72 - bh), x + bw, h * .72], fill=color)
        draw.rectangle([x + 8, h * (.72 - bh) + 20, x + bw - 8, h * (.72 - bh) + 28],
                       fill=(245, 235, 210))
        x += bw + 6
    draw.regular_polygon((w * .8, h * .3, 60), 5, fill=(200, 30, 35))


_DRAW = {"field": _field, "road": _road, "house": _house, "lanterns": _lanterns,
         "chart": _chart, "shield": _shield, "river": _river, "books": _books}


def draw(scene: str, seed: int = 0, size: tuple[int, int] = SIZE,
         texture: bool = False) -> Image.Image:
    """One placeholder picture of ``scene`` (one of SCENES), labelled “Ảnh minh họa”."""
    rng = random.Random(f"{scene}-{seed}")
    w, h = size
    image = Image.new("RGB", size)
    _DRAW[scene](ImageDraw.Draw(image), w, h, rng)
    if texture:
        # Grain and small detail everywhere, as a camera photo has.
        keep, detail = _texture(size)
        image = ImageChops.add(image.point(lambda v: round(v * keep)), detail)
    else:
        image = image.filter(ImageFilter.SMOOTH)
    _label(image)
    return image


@lru_cache(maxsize=4)
def _texture(size: tuple[int, int]) -> tuple[float, Image.Image]:
    """Grain and detail at every scale, as a camera photo has (foliage, bricks, cloth): colour
    noise drawn small and enlarged, plus fine noise. Returned as the share of the picture to
    keep and the noise to add (blending each layer in turn, folded into one), made once per
    size: the budget test draws fifty pictures."""
    w, h = size
    detail, keep = Image.new("RGB", size), 1.0
    for scale, weight in ((64, .22), (16, .2), (4, .18), (1, .12)):
        small = (max(1, w // scale), max(1, h // scale))
        bands = [Image.effect_noise(small, 90) for _ in range(3)]
        layer = Image.merge("RGB", bands).resize(size, Image.Resampling.BICUBIC)
        detail, keep = Image.blend(detail, layer, weight), keep * (1 - weight)
    return keep, detail


def _label(image: Image.Image) -> None:
    d = ImageDraw.Draw(image)
    font = _font(max(14, image.height // 18))
    left, top, right, bottom = d.textbbox((0, 0), LABEL, font=font)
    pad = font.size // 2
    # Bottom centre: it survives the 4:3 crop of the cards.
    x = (image.width - (right - left) - 2 * pad) // 2
    y = image.height - (bottom - top) - 3 * pad
    d.rounded_rectangle([x, y, x + right - left + 2 * pad, y + bottom - top + 2 * pad],
                        radius=pad, fill=(0, 0, 0))
    d.text((x + pad - left, y + pad - top), LABEL, font=font, fill=(255, 255, 255))


def save(image: Image.Image, path: Path, quality: int = 78) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
    return path


def emblem(size: int = 256) -> Image.Image:
    """The neutral placeholder mark the sample ships (content/_du-lieu/bieu-trung-mau.png): a
    gold star in a red disc, marked “MẪU”. Not an emblem of any body: the committee adds its
    own file and names it in co-quan.yml."""
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.ellipse([0, 0, big - 1, big - 1], fill=(244, 197, 66))
    ring = big // 24
    d.ellipse([ring, ring, big - 1 - ring, big - 1 - ring], fill=(163, 22, 26))
    cx, cy, outer = big / 2, big * .44, big * .28
    points = []
    for n in range(10):
        r = outer if n % 2 == 0 else outer * .38
        a = -math.pi / 2 + n * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(points, fill=(244, 197, 66))
    font = _font(big // 7)
    left, top, right, bottom = d.textbbox((0, 0), "MẪU", font=font)
    d.text(((big - (right - left)) / 2 - left, big * .74 - top), "MẪU", font=font,
           fill=(255, 255, 255))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str]) -> None:
    """Draw the photos the sample content names, the scene chosen from the file name
    (``field-1.jpg`` -> field, seed 1): every model's ``photos`` and every news or guidance
    item's ``image`` (for those, only where ``image_illustrative: true``)."""
    import yaml

    for folder in argv or ["models_gallery", "content"]:
        for page in sorted(Path(folder).rglob("*.md")):
            head = page.read_text("utf-8").split("\n---", 1)[0].removeprefix("---\n")
            meta = yaml.safe_load(head) or {}
            files = [(p["file"], SIZE) for p in meta.get("photos", [])]
            if meta.get("image") and meta.get("image_illustrative"):
                files.append((meta["image"], STORY_SIZE))
            for file, size in files:
                scene, _, seed = Path(file).stem.rpartition("-")  # e.g. "field-1"
                target = page.parent / file
                save(draw(scene if scene in _DRAW else "field", int(seed or 0), size), target)
                print(f"{target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
