"""Decap's local backend, decap-server (npm, pinned in package-lock.json): on this machine,
the web editor at /admin/ reads and writes the project's files through it, without git and
without logging in. `danvan serve` starts it beside the live preview; the tests start it
for the editors' build.

It listens on the loopback interface only and, in its "fs" mode, writes plain files inside
the project (it refuses paths that leave it); the editor's page finds it at the address
admin/config.yml gives (``local_backend``, cms.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .cms import PORT_ENV, local_backend

SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"


class ServerError(Exception):
    """Why decap-server did not start, in Vietnamese."""


def answers(url: str) -> bool:
    request = urllib.request.Request(url, data=json.dumps({"action": "info"}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=1) as response:
            return json.load(response).get("type") == "local_fs"
    except (OSError, ValueError):
        return False


def start(root: Path, port: int, timeout: float = 20, output: Any = None) -> subprocess.Popen:
    """Start decap-server for the project at ``root`` on 127.0.0.1:``port``; return once it
    answers. Its warnings go to ``output`` (a file; by default this process's output)."""
    node = shutil.which("node")
    script = root / SERVER
    if node is None or not script.is_file():
        raise ServerError(f"thiếu Node.js hoặc decap-server ({SERVER}); chạy “make setup” "
                          "(npm ci) để cài")
    url = local_backend(port)["url"]
    if answers(url):  # another one (perhaps for another project) would get the edits
        raise ServerError(f"cổng {port} đã có một decap-server khác; dừng nó hoặc chọn cổng "
                          "khác: --cms-port")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root.resolve()), "LOG_LEVEL": "warn"}
    process = subprocess.Popen([node, str(script)], cwd=root, env=env,
                               stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                               preexec_fn=_die_with_parent)
    deadline = time.monotonic() + timeout
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise ServerError(f"decap-server không chạy được ở cổng {port} (cổng đã có "
                              "chương trình khác dùng?); chọn cổng khác: --cms-port")
        time.sleep(0.1)
    return process


def _die_with_parent() -> None:
    """In the child, before node starts: end when the process that started it ends, even
    killed (Linux's PR_SET_PDEATHSIG), so that no server is left writing into the project."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def beside_preview(root: Path, port: int, editor_url: str) -> Iterator[None]:
    """decap-server while `danvan serve` runs; without it the preview still runs, and the
    editor shows the content but cannot save."""
    os.environ[PORT_ENV] = str(port)  # the port admin/config.yml gives the editor (cms.py)
    try:
        process = start(root, port)
    except ServerError as exc:
        print(f"Cảnh báo – {exc}; trình biên tập {editor_url} không lưu được bài.",
              file=sys.stderr)
        process = None
    else:
        print(f"Trình biên tập trên web: {editor_url}", file=sys.stderr)
    try:
        yield
    finally:
        if process is not None:
            stop(process)
