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
    # The incremental rows: nothing changed (every item from the cache), then one article
    # edited (that one read again), each with its seconds and its caches' hits.
    assert "không đổi s" in out and "sửa 1 bài s" in out
    unchanged, unchanged_hits, edited, edited_hits = row[-4:]
    assert float(unchanged) > 0 and float(edited) > 0
    assert unchanged_hits.split(",")[0] == "20/0" and edited_hits.split(",")[0] == "19/1"


def test_site_benchmark_runs_without_each_speed_up():
    out = run("danvan.bench", "--sizes", "20", "--without", "blocks", "translate", "markdown")
    assert out.strip().splitlines()[-1].split()[0] == "20"


def test_bulletin_benchmark_runs_and_prints_its_figures():
    out = run("danvan.bulletin.bench", "--smoke")
    assert "trang A4 hai cột" in out and "Dựng lại 2 số không đổi" in out
