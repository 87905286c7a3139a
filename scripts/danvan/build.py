"""Build the site into a fresh folder, then swap it in: a failed build leaves site/ untouched."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from . import content
from .problems import report


def build_site(root: Path, config_file: Path, out_dir: Path, today: dt.date) -> int:
    """Validate, build into a sibling temp folder, swap. Returns the exit code."""
    started = time.perf_counter()
    corpus = content.load(root, today)
    if corpus.problems:
        print(report(corpus.problems), file=sys.stderr)
    if corpus.collector.errors:
        print(f"\n{len(corpus.collector.errors)} lỗi: không dựng trang; bản cũ ở {out_dir}/ "
              "vẫn giữ nguyên. Sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 1

    out_dir = (root / out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    os.environ["DANVAN_TODAY"] = today.isoformat()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        config = load_config(str(root / config_file), site_dir=str(staging))
        mkdocs_build(config)
    except (PluginError, Abort, Exception) as exc:  # any failure: keep the old site
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Lỗi khi dựng trang: {exc}\nBản cũ ở {out_dir}/ vẫn giữ nguyên.", file=sys.stderr)
        return 1
    swap(staging, out_dir)
    print(f"Đã dựng {len(corpus.published)} nội dung vào {out_dir.name}/ "
          f"trong {time.perf_counter() - started:.1f} giây.")
    return 0


def swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames (each atomic on one filesystem)."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
