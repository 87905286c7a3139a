"""Build the site into a fresh folder, then swap it in: a failed build leaves site/ untouched."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import uptodate
from .problems import ContentErrors
from .site.compat import BUILD_LOGGER, Abort, PluginError, load_config
from .site.compat import build as mkdocs_build

def build_site(root: Path, config_file: Path, out_dir: Path, today: dt.date,
               cache: bool = True, reuse: bool = True) -> int:
    """Build into a sibling temp folder, then swap. Returns the exit code.

    Validation happens once, in the plugin's on_config; its errors stop the build before
    anything is written. ``cache`` keeps the validated items and the rendered pages
    between builds (.cache/noi-dung/, .cache/trang/: content/cache.py, site/pagecache.py);
    False reads and renders everything (and keeps nothing). ``reuse`` (with ``cache``)
    leaves the output as it is when no input changed since it was built (uptodate.py).
    """
    started = time.perf_counter()
    main_process = os.getpid()
    out_dir = (root / out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DANVAN_TODAY"] = today.isoformat()
    options = (str(config_file), out_dir.name)
    known = uptodate.known_files(root, out_dir) if cache and reuse else {}
    key = uptodate.inputs(root, out_dir, options, known) if cache and reuse else None
    if key is not None and (warnings := uptodate.unchanged(root, out_dir, key)) is not None:
        for warning in warnings:
            print(f"WARNING: {warning}", file=sys.stderr)
        pages = sum(name.endswith(".html") for _, _, names in os.walk(out_dir) for name in names)
        print(f"Không có gì thay đổi từ lần dựng trước: {pages} trang ở {out_dir.name}/ giữ "
              f"nguyên ({time.perf_counter() - started:.1f} giây).")
        return 0
    staging = staging_folder(out_dir)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    warned = _Warnings()  # printed again by a build that finds nothing changed
    logging.getLogger().addHandler(warned)
    # MkDocs logs a plugin's error before aborting; we print the content errors ourselves.
    logging.getLogger(BUILD_LOGGER).addFilter(_not_content_errors)
    config = None
    try:
        config = load_config(str(root / config_file), site_dir=str(staging))
        plugin = config.plugins.get("danvan")
        if plugin is not None:
            plugin.parallel_ok = True  # pages rendered on every core (site/parallel.py)
            plugin.cache_items = cache  # validated items kept in .cache/noi-dung/
            plugin.cache_pages = cache  # rendered pages kept in .cache/trang/<out_dir>/
            plugin.cache_name = out_dir.name
        mkdocs_build(config)
    except BaseException as exc:  # any failure, even Ctrl-C: keep the old site
        if os.getpid() != main_process:  # a page worker never runs the caller's code
            os._exit(1)
        plugin = config.plugins.get("danvan") if config else None
        if getattr(plugin, "shards", None) is not None:
            plugin.shards.abort()  # no worker may still write into the staging folder
        shutil.rmtree(staging, ignore_errors=True)
        corpus = getattr(plugin, "corpus", None)
        if corpus is not None and corpus.collector.errors:
            message = str(ContentErrors(corpus.problems))
        elif isinstance(exc, (PluginError, Abort)):
            message = str(exc).strip()
        else:  # a fault of the program, not of the content: say so, in Vietnamese

            message = unexpected(exc)
        print(f"{message}\nKhông dựng được trang; bản cũ ở {out_dir.name}/ vẫn giữ nguyên.",
              file=sys.stderr)
        try:
            if plugin is not None:
                plugin.finish()  # its threads done (a cache file half-written is dropped)
        except Exception:
            pass
        if isinstance(exc, KeyboardInterrupt) or os.environ.get("DANVAN_DEBUG"):
            raise
        return 1
    finally:
        logging.getLogger().removeHandler(warned)
    swap(staging, out_dir)
    # Recorded only if no input changed while it built: else the next build must be real.
    if key is not None and uptodate.inputs(root, out_dir, options, known) == key:
        pages = uptodate.record(root, out_dir, key, warned.messages, known)
    else:  # os.walk: a third of rglob's time on 18,000 entries
        pages = sum(name.endswith(".html") for _, _, names in os.walk(out_dir)
                    for name in names)
    print(f"Đã dựng {pages} trang vào {out_dir.name}/ trong "
          f"{time.perf_counter() - started:.1f} giây.")
    if plugin is not None:  # the search index's cache, written while the site was swapped in
        plugin.finish()
    return 0

TRASH = Path(".cache") / "cu"  # old output folders, being deleted

def unexpected(exc: BaseException) -> str:
    """A failure that is no content problem, for the editor: what it was and what to do."""
    if isinstance(exc, KeyboardInterrupt):
        return "Đã dừng theo yêu cầu (Ctrl+C)."
    return (f"Lỗi – lỗi không lường trước khi dựng ({type(exc).__name__}: {exc})\n"
            "    Cách sửa: chạy “make kiem-tra”; nếu không thấy lỗi nội dung, gửi thông báo "
            "này cho người quản trị kỹ thuật (DANVAN_DEBUG=1 in chi tiết)")

def _not_content_errors(record: logging.LogRecord) -> bool:
    return "Lỗi – " not in record.getMessage()

class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if _not_content_errors(record):
            self.messages.append(record.getMessage())

def staging_folder(target: Path) -> Path:
    """A new, empty folder beside ``target`` to build into (then ``swap``)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    # mkdtemp makes a private (0700) folder; the site must be readable by the web server.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    return staging


def swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames (each atomic on one filesystem).

    The old folder goes to .cache/cu/ beside it and is deleted there by a process of its
    own: deleting thousands of files took seconds the build need not wait for."""
    trash = target.parent / TRASH
    old = trash / f"{target.name}-{time.time_ns()}"
    if target.exists():
        try:
            trash.mkdir(parents=True, exist_ok=True)
            target.rename(old)
        except OSError:  # another file system: the old way, here and now
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
            return
    staging.rename(target)
    if trash.is_dir():
        subprocess.Popen(["rm", "-rf", "--", *map(str, trash.iterdir())],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
