"""The live preview between two saves (`danvan serve`, `make serve`).

MkDocs' server rebuilds on every change and reloads the browsers when a build succeeds; a
build that fails left them on the old page with the error in the terminal only. Here a
failed build is recorded (``failed``), the browsers are reloaded all the same, and every
page the server sends then carries the error at its top (``decorate``): in Vietnamese, with
the file, the line and the fix, as the terminal prints it. The pages under it are the last
good build's, which the server keeps serving. The next good build clears it.

A changed bulletin issue does not hold the page up: the build shows its earlier PDFs and
``BulletinRefresher`` lays the issue out in another process once the editor pauses, then
rebuilds (the browsers reload once more, with the new PDFs).

Between builds the plugin stays loaded (MkDocs keeps a plugin with ``on_startup`` for the
whole session), and the caches (items, pages, compiled templates) make a rebuild read and
render only what changed.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

_lock = threading.Lock()
_error: str | None = None  # the last build's error, if it failed

_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
# Inline styles: the banner must show even when the error is in a style sheet.
_BANNER = (
    '<div id="dv-preview-error" role="alert" style="position:sticky;top:0;z-index:1000;'
    "margin:0;padding:1rem 1.25rem;background:#fff4f2;color:#5c1010;border-bottom:4px solid "
    '#b3261e;font:16px/1.5 system-ui,sans-serif;max-height:60vh;overflow:auto">'
    '<p style="margin:0 0 .5rem;font-weight:700">Bản xem trước chưa cập nhật: lần dựng mới '
    "nhất có lỗi.</p>"
    '<pre style="margin:0 0 .5rem;white-space:pre-wrap;font:15px/1.5 ui-monospace,monospace">'
    "{message}</pre>"
    '<p style="margin:0">Trang bên dưới là bản dựng tốt gần nhất. Sửa lỗi rồi lưu tệp: trang '
    "tự tải lại.</p></div>"
)


def failed(message: str) -> None:
    global _error
    with _lock:
        _error = message.strip() or "Lỗi không rõ khi dựng trang (xem cửa sổ lệnh)."


def succeeded() -> None:
    global _error
    with _lock:
        _error = None


def error() -> str | None:
    with _lock:
        return _error


def decorate(page: bytes) -> bytes:
    """``page`` (an HTML page about to be sent) with the last build's error at its top."""
    message = error()
    if message is None:
        return page
    banner = _BANNER.format(message=html.escape(message)).encode("utf-8")
    found = _BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + banner + page[at:]


class BulletinRefresher:
    """Lays out, in another process (bulletin/refresh.py), the issues a preview build showed
    from an earlier rendering, then asks the server for a rebuild, which finds them in the
    cache. It starts once the editor has stopped saving for ``QUIET`` seconds (while they
    save, the processor is the preview's and the browser's). One at a time; an issue that
    failed is not tried again until it changes, and its error stays on the pages
    (``failed``) until then."""

    QUIET = 3.0

    def __init__(self) -> None:
        self.running: subprocess.Popen | None = None
        self.failed: tuple[frozenset, str] | None = None  # (deferred keys, the error)
        self.pending: threading.Timer | None = None

    def after_build(self, root: Path, deferred: list[tuple[str, str]], today: str,
                    options: dict, rebuild: Callable[[], None]) -> None:
        if self.pending is not None:  # a save since: wait for the editor to stop again
            self.pending.cancel()
            self.pending = None
        wanted = frozenset(deferred)
        if self.failed is not None and self.failed[0] == wanted:
            failed(self.failed[1])  # the same issues as when it failed: still failing
            return
        if not deferred or self.running is not None:
            return  # nothing to do, or the next build after this one asks again
        argument = json.dumps({"root": str(root), "today": today, "options": options})
        self.pending = threading.Timer(self.QUIET, self._start,
                                       args=(root, argument, wanted, rebuild))
        self.pending.daemon = True
        self.pending.start()

    def _start(self, root: Path, argument: str, wanted: frozenset,
               rebuild: Callable[[], None]) -> None:
        self.pending = None
        self.running = subprocess.Popen(
            [sys.executable, "-m", "danvan.bulletin.refresh", argument], cwd=root,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, preexec_fn=_lower_priority)
        threading.Thread(target=self._wait, args=(wanted, rebuild), daemon=True).start()

    def _wait(self, wanted: frozenset, rebuild: Callable[[], None]) -> None:
        process = self.running
        _, errors = process.communicate()
        self.failed = None if process.returncode == 0 else (
            wanted, errors.strip() or f"Lỗi – không dựng được bản tin (mã {process.returncode})")
        self.running = None
        rebuild()


def _lower_priority() -> None:
    """The layout yields the processor to the preview's next build and to the browser."""
    os.nice(15)


class Staging:
    """The folder one preview build writes, beside the one the server serves (``served``),
    put in its place only when the build succeeds: a build that fails half-way (a photo
    that cannot be read, a template error) leaves the last good pages served."""

    def __init__(self, served: str) -> None:
        from ..build import staging_folder

        self.served = Path(served)
        self.folder = staging_folder(self.served)

    def swap(self) -> None:
        """``danvan build``'s swap: the old pages are deleted aside, not waited for."""
        from ..build import swap

        swap(self.folder, self.served)

    def drop(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
