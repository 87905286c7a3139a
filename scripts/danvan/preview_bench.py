"""Benchmark of the live preview (issue 13): seconds from saving an article to the browser
showing it, with `danvan serve` and Debian's Chromium, as an editor works.

    python -m danvan.preview_bench                 # the sample site and 5,000 articles
    python -m danvan.preview_bench --sizes 20      # a synthetic corpus of any size

"mẫu" is a copy of the repository's content (its bulletin issues included: an article of an
issue changes the issue, whose PDFs are laid out afterwards, in another process). Each row:
the preview's first build, then the median and the worst of SAVES saves, each appending a
sentence to one article and waiting until the open page shows it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .bench import REPO, TODAY, make_corpus

SAVES = 7
CHROMIUM = "/usr/bin/chromium"


def _sample(root: Path) -> Path:
    """A copy of the repository's content; the article to edit."""
    for name in ("content", "bulletins", "models_gallery"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("theme", "node_modules"):
        (root / name).symlink_to(REPO / name)
    return root / "content/tin-tuc/2019/o-co-so-dan-chu-phai-thuc-chat.md"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(root: Path, url_path: str, timeout: float = 180):
    """`danvan serve` on ``root`` until ``url_path`` answers; yields (its address, the
    seconds it took); stopped as with Ctrl+C (which stops its decap-server too)."""
    addr = f"127.0.0.1:{_port()}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "danvan.cli", "serve", "--addr", addr, "--cms-port",
         str(_port())], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "DANVAN_TODAY": os.environ.get(
            "DANVAN_TODAY", TODAY.isoformat())})
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://{addr}{url_path}", timeout=5):
                    break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"danvan serve stopped: {process.stderr.read()[-3000:]}")
                if time.perf_counter() - started > timeout:
                    raise RuntimeError(f"danvan serve did not serve {url_path}")
                time.sleep(0.2)
        yield addr, time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(root: Path, article: Path, url_path: str, saves: int = SAVES) -> dict:
    from playwright.sync_api import sync_playwright

    with serving(root, url_path) as (addr, first):
        times = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(f"http://{addr}{url_path}", wait_until="load")
            time.sleep(2)  # the first build's bulletin layout, if any, settles
            for n in range(saves):
                marker = f"Câu đo số {n} lúc {time.time_ns()}."
                began = time.perf_counter()
                article.write_text(article.read_text("utf-8") + f"\n{marker}\n", "utf-8")
                page.wait_for_function("m => !!document.body && document.body.innerText"
                                       ".includes(m)", arg=marker, timeout=120000)
                times.append(time.perf_counter() - began)
                time.sleep(1.5)  # an editor reads before saving again
            browser.close()
    return {"first": first, "median": statistics.median(times), "worst": max(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["mau", "5000"])
    parser.add_argument("--saves", type=int, default=SAVES)
    args = parser.parse_args()
    print("Xem trước (danvan serve): giây từ lúc lưu một bài đến khi trình duyệt hiện bài; "
          "mục tiêu ≤ 1 s (mẫu), ≤ 2 s (5000).")
    print(f"{'nội dung':>9} {'dựng đầu s':>11} {'trung vị s':>11} {'chậm nhất s':>12}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="danvan-preview-") as work:
            root = Path(work)
            if size == "mau":
                article = _sample(root)
            else:
                make_corpus(root, int(size))
                article = min((root / "content" / "tin-tuc").rglob("bai-*.md"))
            url = f"/tin-tuc/{article.stem}/"  # news URLs leave the year folder out
            r = measure(root, article, url, args.saves)
            print(f"{size:>9} {r['first']:>11.1f} {r['median']:>11.2f} {r['worst']:>12.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
