"""Draw the sample issues' illustrations with Pillow (no photograph, no person, no face).

    python -m danvan.bulletin.sample_art      # rewrites the files under bulletins/ and content/

Deterministic: the same code draws the same bytes, so the sample PDFs stay reproducible.
Each picture is an illustration and the manifests and articles say so ("Ảnh minh họa").
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[3]


SUPERSAMPLE = 4  # drawn at 4× and reduced with a Lanczos filter: smooth edges, no moiré


def _landscape(size: tuple[int, int], sky: tuple, field: tuple, sun: tuple, seed: int) -> Image.Image:
    """Rice fields in rows under a sky, a communal-house roof on the horizon.

    Pillow draws without anti-aliasing: a row of rice drawn at print size is a staircase,
    and where the rows converge on the horizon, finer than a pixel, they alias into a fan
    of false lines. So the picture is drawn at SUPERSAMPLE times its size, every line as
    thick as one final pixel, and reduced with a Lanczos filter (averaging first), which
    turns what is finer than a pixel into its tone instead of a pattern."""
    s = SUPERSAMPLE
    w, h = size[0] * s, size[1] * s
    img = Image.new("RGB", (w, h), sky)
    draw = ImageDraw.Draw(img)
    for y in range(int(h * 0.55)):  # sky gradient, drawn as lines (no transparency)
        t = y / (h * 0.55)
        draw.line([(0, y), (w, y)], fill=tuple(int(sky[i] * (1 - t) + 255 * t * 0.9) for i in range(3)))
    cx, cy, r = int(w * (0.72 + 0.1 * (seed % 2))), int(h * 0.3), int(h * 0.09)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=sun)
    horizon = int(h * 0.55)
    # Village trees and the roof of a communal house (đình) on the horizon.
    for i in range(0, w, max(8, w // 60)):
        th = int(h * (0.03 + 0.03 * (math.sin(i * 0.05 + seed) + 1)))
        draw.ellipse([i - w // 50, horizon - th, i + w // 50, horizon + th // 3], fill=(46, 92, 52))
    rx, rw = int(w * 0.28), int(w * 0.22)
    draw.polygon([(rx, horizon - int(h * 0.05)), (rx + rw, horizon - int(h * 0.05)),
                  (rx + rw + int(w * 0.03), horizon - int(h * 0.02)), (rx - int(w * 0.03), horizon - int(h * 0.02))],
                 fill=(122, 38, 30))
    draw.polygon([(rx - int(w * 0.035), horizon - int(h * 0.015)), (rx - int(w * 0.02), horizon - int(h * 0.07)),
                  (rx + int(w * 0.02), horizon - int(h * 0.05))], fill=(122, 38, 30))
    draw.polygon([(rx + rw + int(w * 0.035), horizon - int(h * 0.015)), (rx + rw + int(w * 0.02), horizon - int(h * 0.07)),
                  (rx + rw - int(w * 0.02), horizon - int(h * 0.05))], fill=(122, 38, 30))
    draw.rectangle([rx + int(w * 0.01), horizon - int(h * 0.02), rx + rw - int(w * 0.01), horizon], fill=(176, 140, 98))
    # Fields: bands that widen towards the viewer, alternating greens and water.
    y, band, k = horizon, max(4 * s, h // 80), 0
    while y < h:
        colour = field if k % 3 else (min(255, field[0] + 40), min(255, field[1] + 35), field[2])
        if k % 5 == 4:
            colour = (150, 190, 205)
        draw.rectangle([0, y, w, y + band], fill=colour)
        for x in range(-w, w * 2, max(6 * s, band * 2)):  # rows of rice, converging on the horizon
            draw.line([(w / 2 + (x - w / 2) * 0.2, y), (x, y + band)], fill=(36, 110, 40), width=s)
        # The bank between two fields: the rows of one end at it, the next field's start.
        draw.line([(0, y), (w, y)], fill=(70, 118, 52), width=max(s, band // 24))
        y += band
        band = int(band * 1.18) + s
        k += 1
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def timeline(path: Path) -> None:
    """The three dates of Đề án 02-ĐA/TU (from the article it illustrates)."""
    k = 4 / 3  # 2400 px wide: 300 ppi across a 2-column A4 text width
    w, h = round(1800 * k), round(700 * k)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    from .fonts import merged_faces

    face = next(f for f in merged_faces(REPO, REPO / ".cache/bulletins")
                if f.family == "Be Vietnam Pro" and f.weight == "700")
    bold = ImageFont.truetype(str(face.path), round(58 * k))
    big = ImageFont.truetype(str(face.path), round(72 * k))
    red, gold, grey = (163, 22, 26), (244, 197, 66), (89, 89, 89)
    draw.line([(150 * k, 330 * k), (w - 150 * k, 330 * k)], fill=grey, width=round(10 * k))
    steps = [("9/2016", "Triển khai"), ("9/2018", "Sơ kết"), ("6/2020", "Tổng kết")]
    for n, (when, what) in enumerate(steps):
        x = 250 * k + n * (w - 500 * k) / 2
        draw.ellipse([x - 45 * k, 285 * k, x + 45 * k, 375 * k], fill=red if n != 1 else gold,
                     outline=red, width=round(8 * k))
        tw = draw.textlength(when, font=big)
        draw.text((x - tw / 2, 130 * k), when, font=big, fill=red)
        tw = draw.textlength(what, font=bold)
        draw.text((x - tw / 2, 430 * k), what, font=bold, fill=(0, 0, 0))
    img.save(path, "PNG", optimize=True)


def main() -> None:
    covers = {
        REPO / "bulletins/2026/anh/bia-so-01.jpg": ((2700, 1700), (120, 170, 215), (92, 160, 70), (250, 200, 80), 1),
        REPO / "bulletins/2026/anh/bia-so-02.jpg": ((2400, 1560), (230, 160, 110), (120, 165, 60), (255, 230, 150), 2),
    }
    for path, (size, sky, field, sun, seed) in covers.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        _landscape(size, sky, field, sun, seed).save(path, "JPEG", quality=88, optimize=True)
    target = REPO / "content/tin-tuc/2018/anh/lo-trinh-de-an-02-da-tu.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    timeline(target)


if __name__ == "__main__":
    main()
