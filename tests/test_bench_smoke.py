"""Every benchmark runs, at a tiny size, so that none rots (the figures are `make bench`'s;
nothing here is timed)."""

from __future__ import annotations

import subprocess
import sys

from builders import REPO


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_site_benchmark_runs_and_prints_its_table():
    out = run("danvan.bench", "--sizes", "20")
    row = out.strip().splitlines()[-1].split()
    assert row[0] == "20" and float(row[1]) > 0  # N, then the build's seconds
    # The incremental rows: nothing changed (the output left as it is), nothing changed but
    # built (every item and page from the cache), then one article edited (that one read
    # again, its page and the pages listing it rendered), with seconds and caches' hits.
    assert "không đổi s" in out and "dựng lại s" in out and "sửa 1 bài s" in out
    unchanged, forced, forced_hits, edited, edited_hits = row[-5:]
    assert float(unchanged) < float(forced) and float(edited) > 0
    items, pages, _ = forced_hits.split(",")
    assert items == "20/0" and pages.endswith("/0") and int(pages.split("/")[0]) > 20
    items, pages, _ = edited_hits.split(",")
    assert items == "19/1" and 1 <= int(pages.split("/")[1]) <= 12


def test_site_benchmark_runs_without_each_speed_up():
    out = run("danvan.bench", "--sizes", "20", "--without", "blocks", "translate", "markdown")
    assert out.strip().splitlines()[-1].split()[0] == "20"


def test_bulletin_benchmark_runs_and_prints_its_figures():
    out = run("danvan.bulletin.bench", "--smoke")
    assert "trang A4 hai cột" in out and "Dựng lại 2 số không đổi" in out
