"""Benchmark of the bulletin (printed figures, not a test).

    python -m danvan.bulletin.bench            # run by `make bench`

1. A 32-page two-column A4 issue with 6 photos, both editions (layout once, print PDF/X-4,
   screen PDF/UA, booklet, cover thumbnail): seconds, median of 3 runs, each from an empty
   cache, in one process (one issue uses one core).
2. A rebuild of 20 unchanged issues: seconds, median of 3 (every issue comes from the
   cache: its HTML is rendered and hashed, nothing is laid out).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from .. import sample_text

REPO = Path(__file__).resolve().parents[3]
TODAY = dt.date(2026, 11, 27)


def _photo(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    image = Image.new("RGB", (2480, 1650), (rng.randrange(80, 200), rng.randrange(120, 220), 200))
    draw = ImageDraw.Draw(image)
    for _ in range(60):  # shapes, so that the JPEG is photo-sized, not a flat colour
        x, y = rng.randrange(2480), rng.randrange(1650)
        r = rng.randrange(40, 300)
        draw.ellipse([x - r, y - r, x + r, y + r],
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=88)


def make_project(root: Path, articles: int = 13, photos: int = 6, issues: int = 1,
                 per_issue: int | None = None) -> None:
    rng = random.Random(2016)
    sentences = sample_text.sentences()

    def sentence(rng: random.Random, words: int) -> str:
        return sample_text.sentence(rng, sentences, words)

    shutil.copytree(REPO / "content" / "_du-lieu", root / "content" / "_du-lieu")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme").symlink_to(REPO / "theme")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    paths = []
    for n in range(articles):
        image = ""
        if n < photos:
            _photo(root / f"content/tin-tuc/2026/anh/anh-{n}.jpg", n)
            image = f"image: anh/anh-{n}.jpg\nimage_alt: Ảnh minh họa số {n}\n"
        body = "\n\n".join(f"## {sentence(rng, 6).rstrip('.')}\n\n"
                           + " ".join(sentence(rng, 16) for _ in range(9)) for _ in range(7))
        rel = f"content/tin-tuc/2026/bai-{n:02d}.md"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(
            f'---\ntitle: "{sentence(rng, 9).rstrip(".")}"\ndate: 2026-06-01\n'
            f"section: hoat-dong\nstatus: published\n{image}---\n\n{body}\n", "utf-8")
        paths.append(rel)
    _photo(root / "bulletins/2026/anh/bia.jpg", 99)
    per_issue = per_issue or articles
    for number in range(1, issues + 1):
        chosen = [paths[(number + k) % articles] for k in range(per_issue)]
        # One article per section (each opens a page): 13 articles make 32 pages.
        sections = "".join(f"  - title: Chuyên mục {k + 1}\n    articles:\n      - {p}\n"
                           for k, p in enumerate(chosen))
        (root / f"bulletins/2026/so-{number:02d}.md").write_text(
            f"---\nnumber: {number}\nyear: 2026\ndate: 2026-10-01\ncover:\n  image: anh/bia.jpg\n"
            f"  alt: Ảnh minh họa\n  illustrative: true\nsections:\n{sections}colophon:\n"
            "  responsible: Trưởng ban\n  editorial_board: [Thành viên]\n  print_run: 500\n"
            "  licence: Giấy phép số 1/GP\n  printer: Cơ sở in\nstatus: published\n---\n\n"
            + " ".join(sentence(rng, 14) for _ in range(6)) + "\n", "utf-8")


def _build(root: Path, cache: Path):
    from .. import content
    from .build import build_issues

    corpus = content.load(root, TODAY)
    corpus.collector.raise_if_errors()
    return build_issues(corpus, site_url="https://x.example/",
                        cache_dir=cache, jobs=1, progress=False)


def main(argv: list[str] | None = None) -> None:
    import argparse

    from .fonts import merged_faces

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="tiny sizes, one run each (the test suite's check that it runs)")
    smoke = parser.parse_args(argv).smoke
    # (articles, photos) of the big issue; (issues, articles each) of the rebuild; runs.
    # 21 articles fill 32 pages in the balanced, run-on layout (13 did before it).
    big, many, repeat = ((2, 1), (2, 1), 1) if smoke else ((21, 6), (20, 4), 3)
    fonts = REPO / ".cache" / "bulletins"
    merged_faces(REPO, fonts)  # once: the merged fonts are cached like on any machine
    with tempfile.TemporaryDirectory(prefix="danvan-bulletin-bench-") as tmp:
        root = Path(tmp) / "so-32"
        make_project(root, articles=big[0], photos=big[1])
        runs, pages = [], 0
        for n in range(repeat):
            cache = Path(tmp) / f"cache-{n}"
            cache.mkdir()
            (cache / "fonts").symlink_to(fonts / "fonts")
            started = time.perf_counter()
            result = _build(root, cache)
            runs.append(time.perf_counter() - started)
            out = next(iter(result.outputs.values()))
            pages = out.print_pages
            sizes = (out.print_size, out.screen_size)
        print(f"Số {pages} trang A4 hai cột, {big[1]} ảnh, cả hai bản: "
              f"{statistics.median(runs):.2f} giây (trung vị của {repeat}: "
              f"{', '.join(f'{r:.2f}' for r in runs)}); "
              f"{pages / statistics.median(runs):.1f} trang/giây; bản in {sizes[0] / 1e6:.1f} MB, "
              f"bản điện tử {sizes[1] / 1e6:.1f} MB", flush=True)

        root = Path(tmp) / "hai-muoi"
        make_project(root, articles=max(many[1], 3 * many[1]), photos=big[1], issues=many[0],
                     per_issue=many[1])
        cache = Path(tmp) / "cache-20"
        cache.mkdir()
        (cache / "fonts").symlink_to(fonts / "fonts")
        first = _build_parallel(root, cache)
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            again = _build(root, cache)
            runs.append(time.perf_counter() - started)
            assert again.rendered == 0
        print(f"Dựng lại {many[0]} số không đổi: {statistics.median(runs):.2f} giây "
              f"(trung vị của {repeat}; lần đầu dựng {first.rendered} số mất "
              f"{first.seconds:.1f} giây trên các lõi sẵn có)", flush=True)


def _build_parallel(root: Path, cache: Path):
    from .. import content
    from .build import build_issues

    corpus = content.load(root, TODAY)
    return build_issues(corpus, site_url="https://x.example/",
                        cache_dir=cache, progress=sys.stderr.isatty())


if __name__ == "__main__":
    main()
