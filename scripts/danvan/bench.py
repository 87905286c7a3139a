"""Benchmark: build a synthetic Vietnamese corpus of N items and print the figures.

    python -m danvan.bench              # N = 1000 and 5000
    python -m danvan.bench --sizes 200  # any sizes

Each size is built in its own process so that peak memory (max RSS) is that build's alone.
Prints build seconds (search index included) and the CPU seconds they took (both
processes), peak memory (the build's plus its page
worker's), total site size, page count, mean HTML bytes per page and of an article page (which
must stay flat as N grows), the seconds the build spent on the search index and its size,
and the bytes a browser downloads for a first and a second query, compressed as
scripts/nginx/danvan.conf serves them (gzip level 5). Then the incremental builds (issue 13):
the seconds of a build with nothing changed (it finds the output up to date: uptodate.py),
of one with nothing changed made to build anyway, and of one after one article is edited,
with their caches' hits ("bộ đệm": items reused/read again, pages reused/rendered, images
reused/processed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import logging
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import sample_text
from .sample_text import sentence

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 27)
TAGS = ["dân vận khéo", "quy chế dân chủ", "đối thoại", "cải cách hành chính",
        "tiếp dân", "kiểm tra giám sát", "tuyên truyền", "nông thôn mới"]


def make_corpus(root: Path, n: int, seed: int = 2016) -> None:
    """A project folder holding n items: 80% news, 15% guidance, 5% documents."""
    rng = random.Random(seed)
    sentences = sample_text.sentences()
    # The data files; not the programmes tracked (their own benchmark: programme/bench.py).
    shutil.copytree(REPO / "content" / "_du-lieu", root / "content" / "_du-lieu",
                    ignore=shutil.ignore_patterns("chuong-trinh"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme").symlink_to(REPO / "theme")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    sections = ["hoat-dong", "dan-van-chinh-quyen", "quy-che-dan-chu", "dan-van-kheo"]
    fields = ["dan-van-chinh-quyen", "quy-che-dan-chu", "phoi-hop", "kiem-tra-giam-sat"]
    places = ["huyện Văn Lâm", "huyện Khoái Châu", "thành phố Hưng Yên", "huyện Tiên Lữ"]
    for i in range(n):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3500))
        title = f"{sentence(rng, sentences, 10)} ({i})"
        tags = ", ".join(rng.sample(TAGS, 2))
        body = "\n\n".join(
            f"## {sentence(rng, sentences, 6)}\n\n"
            + " ".join(sentence(rng, sentences) for _ in range(5))
            for _ in range(4))
        share = i % 20
        if share < 16:
            rel = f"content/tin-tuc/{day.year}/bai-{i}.md"
            head = f"section: {sections[i % 4]}\nlocalities: [{places[i % 4]}]\n"
        elif share < 19:
            rel = f"content/huong-dan/huong-dan-{i}.md"
            head = f"field: {fields[i % 4]}\n"
        else:
            rel = f"content/van-ban/vb-{i}.md"
            head = (f'number: "{i}-HD/BDVTU"\nissuer: Ban Dân vận Tỉnh ủy\n'
                    f'summary: "{sentence(rng, sentences, 14)}"\n'
                    "classification: unclassified\n")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'---\ntitle: "{title}"\ndate: {day.isoformat()}\n{head}'
                        f"tags: [{tags}]\nstatus: published\n---\n\n{body}\n", "utf-8")


class _IndexFigures(logging.Handler):
    """Catches the plugin's log lines with figures: the search index's, and the caches'
    (items read or reused, images processed or reused) of the last build."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.figures: dict = {}

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, dict):
            self.figures.update(record.args)


def measure_one(n: int, folder: Path) -> dict:
    """Generate and build one corpus in ``folder`` (new, empty) in this process; return its
    figures. The caller deletes the folder, after every run: deleting thousands of files
    just before a build slows the build's own file creation on some filesystems (see
    README, "Benchmark"), which would measure the previous run, not this one."""
    from .build import build_site
    from .search_index import INDEX_DIR

    from .site import compat

    catcher = _IndexFigures()
    plugin_log = compat.plugin_logger("danvan")
    plugin_log.addHandler(catcher)
    plugin_log.setLevel(logging.INFO)
    make_corpus(folder, n)
    reference = _cpu_reference()
    user_before, system_before = _cpu_seconds()
    started = time.perf_counter()
    code = build_site(folder, Path("mkdocs.yml"), Path("site"), TODAY)
    seconds = time.perf_counter() - started
    user, system = (after - before for after, before
                    in zip(_cpu_seconds(), (user_before, system_before)))
    if code:
        raise SystemExit(f"build failed for N={n}")
    site = folder / "site"
    pages = list(site.rglob("*.html"))
    html_bytes = sum(p.stat().st_size for p in pages)
    articles = list((site / "tin-tuc").glob("bai-*/index.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = sum(p.stat().st_size for p in (site / INDEX_DIR).rglob("*") if p.is_file())
    # The build and its page worker(s), each at its own peak (an upper bound; most of
    # the worker's memory is shared with the build after the fork). Before the browser.
    peak = sum(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    first, second = _query_bytes(site, ["dan van kheo", "quy chế dân chủ"])
    cold = dict(catcher.figures)
    # Incremental builds: nothing changed (the output left as it is: uptodate.py), nothing
    # changed but built (every page from the cache), then one article edited.
    again, _ = _rebuild(folder)
    forced, forced_hits = _rebuild(folder, reuse=False)
    article = min((folder / "content" / "tin-tuc").rglob("bai-*.md"))
    article.write_text(article.read_text("utf-8").replace('title: "', 'title: "Sửa: ', 1)
                       + "\nMột câu thêm vào khi sửa bài.\n", "utf-8")
    edited, edited_hits = _rebuild(folder)
    return {
        "n": n,
        "seconds": round(seconds, 1),
        "user_seconds": round(user, 1),
        "system_seconds": round(system, 1),
        "peak_mb": round(peak / 1024),
        "site_mb": round(total / 1e6, 1),
        "pages": len(pages),
        "mean_html_kb": round(html_bytes / len(pages) / 1024, 1),
        "mean_article_kb": round(sum(p.stat().st_size for p in articles)
                                 / max(1, len(articles)) / 1024, 1),
        "index_seconds": round(cold.get("index_seconds", float("nan")), 1),
        "index_mb": round(index / 1e6, 1),
        "query1_kb": first,
        "query2_kb": second,
        "cpu_reference": round(reference, 2),
        "unchanged_seconds": round(again, 2),
        "forced_seconds": round(forced, 1),
        "forced_hits": forced_hits,
        "edited_seconds": round(edited, 1),
        "edited_hits": edited_hits,
    }


def _rebuild(folder: Path, reuse: bool = True) -> tuple[float, str]:
    """Seconds of a build over the last one's site and caches, as an editor's `danvan build`
    takes them: a process of its own, from its start to its end (``--rebuild``); and the
    caches' figures: "items reused/read, pages reused/rendered, images reused/processed"."""
    from .build import TRASH

    # The last build's old output is deleted by a process of its own (build.swap): timed
    # once that is done, as an editor's builds are seconds or minutes apart.
    trash, waited = folder / TRASH, time.perf_counter()
    while trash.is_dir() and any(trash.iterdir()) and time.perf_counter() - waited < 120:
        time.sleep(0.1)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "danvan.bench", "--rebuild", str(folder)]
                          + ([] if reuse else ["--force"]), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"rebuild failed in {folder}:\n{done.stderr[-3000:]}")
    f = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, (f"{f.get('item_hits', '?')}/{f.get('item_misses', '?')},"
                     f"{f.get('page_hits', '?')}/{f.get('page_misses', '?')},"
                     f"{f.get('images_reused', '?')}/{f.get('images_processed', '?')}")


def _rebuild_here(folder: Path, reuse: bool) -> None:
    """``--rebuild``: `danvan build` in ``folder``, then its caches' figures as JSON; the
    process ends as the command line's does (cli.run)."""
    from .build import build_site
    from .cli import end
    from .site import compat

    catcher = _IndexFigures()
    plugin_log = compat.plugin_logger("danvan")
    plugin_log.addHandler(catcher)
    plugin_log.setLevel(logging.INFO)
    code = build_site(folder, Path("mkdocs.yml"), Path("site"), TODAY, reuse=reuse)
    print(json.dumps(catcher.figures if not code else {}))
    end(code)


def _query_bytes(site: Path, queries: list[str]) -> tuple[int, int]:
    """KB a browser downloads for a first query and a second one, typed in the header box:
    the search scripts, the index files and the texts of the results shown, each counted
    gzip-compressed when nginx would compress it."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    current = {"query": -1}
    loaded: dict[int, int] = {}

    def count(response) -> None:
        if current["query"] >= 0 and response.ok:
            body = response.body()
            kind = response.headers.get("content-type", "")
            if any(t in kind for t in ("json", "javascript", "css", "html", "xml", "text",
                                       "octet-stream")):  # as danvan.conf's gzip_types
                body = gzip.compress(body, compresslevel=5)
            loaded[current["query"]] = loaded.get(current["query"], 0) + len(body)

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("response", count)
            page.goto(base + "/")
            page.wait_for_load_state("networkidle")
            for number, query in enumerate(queries):
                page.fill("#dv-search-input", "")
                page.wait_for_selector(".dv-search__panel", state="hidden")
                current["query"] = number
                page.fill("#dv-search-input", query)
                page.wait_for_selector(".dv-search__status:has-text('kết quả')")
                page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return round(loaded.get(0, 0) / 1024), round(loaded.get(1, 0) / 1024)


def _cpu_seconds() -> tuple[float, float]:
    """CPU time (user, system) of this process and of its finished children (the page
    worker): on a shared virtual machine it moves less than the wall clock. System time is
    mostly the kernel creating the site's files."""
    usages = (resource.getrusage(resource.RUSAGE_SELF),
              resource.getrusage(resource.RUSAGE_CHILDREN))
    return sum(r.ru_utime for r in usages), sum(r.ru_stime for r in usages)


def _cpu_reference() -> float:
    """Seconds for a fixed piece of pure-Python work (best of 3): shared virtual machines
    vary from hour to hour, and this says how fast this one was during the run."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(range(30_000_000))
        best = min(best, time.perf_counter() - started)
    return best


def without(tricks: list[str]) -> None:
    """Turn off, in this process, the speed-ups the README weighs (each must save a second
    at 5,000 articles to stay): "blocks" (header, nav, footer rendered once per folder),
    "translate" (Material's texts looked up once), "markdown" (one Markdown instance)."""
    from markupsafe import Markup

    from .site import compat
    from .site.plugin import DanvanPlugin

    if "blocks" in tricks:
        DanvanPlugin._memo = lambda self, key, page, render: Markup(render())
    if "translate" in tricks:
        looked_up_once = compat.material_translator
        compat.material_translator = lambda env, config: looked_up_once(env, config, memo=False)
    if "markdown" in tricks:
        DanvanPlugin.reuse_markdown = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--without", nargs="+", default=[],
                        choices=["blocks", "translate", "markdown"],
                        help="build without these speed-ups (to weigh each one)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    without(args.without)
    if args.rebuild:
        _rebuild_here(args.rebuild, reuse=not args.force)
    if args.one:
        if args.folder:
            print(json.dumps(measure_one(args.one, args.folder)))
        else:
            with tempfile.TemporaryDirectory(prefix="danvan-bench-") as work:
                print(json.dumps(measure_one(args.one, Path(work))))
        return
    print("user s, sys s: CPU seconds of the build in Python and in the kernel (both "
          "processes).\nCPU s: a fixed piece of Python work timed just before each build "
          "(best of 3); on a shared virtual machine it moves from hour to hour, and the "
          "figures with it.\nkhông đổi s: nothing changed, the output left as it is; dựng lại s: "
          "the same, built anyway; sửa 1 bài s: after one article is edited. Each is "
          "`danvan build` in a process of its own, timed from its start to its end, once the "
          "last build's old output is deleted (a process of its own does that: build.swap)."
          "\nbộ đệm: tệp nội dung dùng lại/đọc mới, trang dùng lại/"
          "dựng mới, ảnh dùng lại/xử lý mới (content/cache.py, site/pagecache.py, images.py).")
    print(f"{'N':>6} {'giây':>7} {'user s':>7} {'sys s':>6} {'RAM MB':>7} {'site MB':>8} "
          f"{'trang':>6} {'KB/trang':>9} {'KB/bài':>7} {'chỉ mục s':>10} {'chỉ mục MB':>10} "
          f"{'truy vấn 1 KB':>13} {'truy vấn 2 KB':>13} {'CPU s':>6} {'không đổi s':>11} "
          f"{'dựng lại s':>10} {'bộ đệm':>22} {'sửa 1 bài s':>11} {'bộ đệm':>22}")
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as work:
        for number, n in enumerate(args.sizes):
            folder = Path(work) / str(number)
            folder.mkdir()
            out = subprocess.run([sys.executable, "-m", "danvan.bench", "--one", str(n),
                                  "--folder", str(folder)]
                                 + (["--without", *args.without] if args.without else []),
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['n']:>6} {r['seconds']:>7} {r['user_seconds']:>7} "
                  f"{r['system_seconds']:>6} {r['peak_mb']:>7} {r['site_mb']:>8} "
                  f"{r['pages']:>6} {r['mean_html_kb']:>9} {r['mean_article_kb']:>7} "
                  f"{r['index_seconds']:>10} {r['index_mb']:>10} {r['query1_kb']:>13} "
                  f"{r['query2_kb']:>13} {r['cpu_reference']:>6} {r['unchanged_seconds']:>11} "
                  f"{r['forced_seconds']:>10} {r['forced_hits']:>22} "
                  f"{r['edited_seconds']:>11} {r['edited_hits']:>22}", flush=True)


if __name__ == "__main__":
    main()
