"""Whether the last build's output is still what the sources would make: then a build has
nothing to do (like ``make``, but by the sources' bytes, not their dates).

The record of a build (.cache/dung/<output folder>-<hash of its path>.json) holds the
SHA-256 of its inputs and a manifest of what it wrote. Inputs: every file of the project
except outputs, caches and tooling (EXCLUDED), the code and library versions (the caches'
own keys), the publication day, the settings that change a build (DANVAN_*), and the
command's options.
Outputs: every file of the output folder and of build/ (the print shop's PDFs), each by its
path, size and modification time, so a file deleted, added or touched there makes the next
build a real one. The warnings the recorded build printed are printed again: a problem of
the content is reported on every build, even one that has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

from .content.cache import code_version, digest_by_stamp, digest_of, versions
from .site.pagecache import LIBRARIES, NPM_RECORD

FOLDER = Path(".cache") / "dung"
FORMAT = 1
# Top-level folders that are no input of a build: outputs, caches, tooling, the tests.
EXCLUDED = {".git", ".cache", ".venv", "node_modules", "build", "tests", ".pytest_cache",
            ".ruff_cache", ".mypy_cache", "__pycache__"}
OUTPUTS = ("build",)  # besides the output folder
SETTINGS = ("DANVAN_PUBLICATION", "DANVAN_ENGINE", "DANVAN_TODAY", "DANVAN_EDITOR",
            "DANVAN_CMS_PORT")


def inputs(root: Path, out_dir: Path, options: object, known: dict | None = None) -> str:
    """SHA-256 of everything a build reads (see the module's docstring). ``known`` (path ->
    (stamp, digest), filled in here) spares reading a file whose stamp is the one kept
    with its digest (content/cache.py's ``stamp``: git's rule, a file changed within the
    last seconds is read again)."""
    digest = hashlib.sha256(f"{FORMAT}:{code_version()}:{options!r}".encode()
                            + versions(LIBRARIES))
    for name in SETTINGS:
        digest.update(f"{name}={os.environ.get(name, '')};".encode())
    # node_modules is not walked (400 MB), but what npm installed there is read by the
    # build (fonts, the web editor): npm's own record of it stands for it.
    digest.update(digest_of(root / NPM_RECORD) or b"-")
    known = {} if known is None else known
    skip = str(out_dir.resolve())

    def walk(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # unreadable, or gone meanwhile (another build's staging folder)
            digest.update(prefix.encode("utf-8", "surrogateescape") + b"\0unreadable")
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name == "__pycache__" or (not prefix and (
                        entry.name in EXCLUDED or entry.name.startswith((".site", "site")))) \
                        or os.path.realpath(entry.path) == skip:
                    continue
                walk(entry.path, prefix + entry.name + "/")
                continue
            rel = (prefix + entry.name).encode("utf-8", "surrogateescape")
            if entry.is_symlink():
                data = b"link:" + os.readlink(entry.path).encode("utf-8", "surrogateescape")
            else:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    info = None
                data, now = digest_by_stamp(entry.path, info, known.get(rel))
                data = data or b"unreadable"
                if now is not None:
                    known[rel] = (now, data)
            digest.update(rel + b"\0" + data)

    walk(str(root), "")
    return digest.hexdigest()


def known_files(root: Path, out_dir: Path) -> dict:
    """The files' stamps and digests ``inputs`` kept at the last build of ``out_dir`` (a
    missing or damaged file: none, every file is read)."""
    try:
        with open(_record_path(root, out_dir).with_suffix(".stamps"), "rb") as file:
            known = pickle.load(file)
        return known if isinstance(known, dict) else {}
    except Exception:
        return {}


def manifest(root: Path, out_dir: Path) -> list:
    """[folder, path, size, modified] of every file the build wrote (os.scandir: the
    sizes and dates come with the listing)."""
    rows: list = []

    def walk(base: str, folder: str, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(base, entry.path, prefix + entry.name + "/")
            else:
                info = entry.stat(follow_symlinks=False)
                rows.append([base, prefix + entry.name, info.st_size, info.st_mtime_ns])

    for base in (out_dir, *(root / name for name in OUTPUTS)):
        walk(str(base), str(base), "")
    return rows


def _record_path(root: Path, out_dir: Path) -> Path:
    """One record per output folder (by its full path: two folders may share a name)."""
    where = hashlib.sha256(str(out_dir.resolve()).encode("utf-8", "surrogateescape"))
    return root / FOLDER / f"{out_dir.name}-{where.hexdigest()[:12]}.json"


def unchanged(root: Path, out_dir: Path, key: str) -> list[str] | None:
    """The recorded build's warnings if its output is up to date for ``key``, else None."""
    try:
        record = json.loads(_record_path(root, out_dir).read_text("utf-8"))
        if record.get("format") != FORMAT or record.get("inputs") != key:
            return None
        if not out_dir.is_dir() or record.get("outputs") != manifest(root, out_dir):
            return None
        return [str(w) for w in record.get("warnings", [])]
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def record(root: Path, out_dir: Path, key: str, warnings: list[str],
           known: dict | None = None) -> int:
    """Keep what this build read and wrote, and the files' stamps (``known_files``); a
    record that cannot be written is no error. Returns how many pages it wrote."""
    path = _record_path(root, out_dir)
    outputs = manifest(root, out_dir)
    data = json.dumps({"format": FORMAT, "inputs": key, "warnings": warnings,
                       "outputs": outputs}, ensure_ascii=False).encode("utf-8")
    for target, payload in ((path.with_suffix(".stamps"), pickle.dumps(known or {}, 5)),
                            (path, data)):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", dir=path.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, target)
        except OSError:
            pass
    return sum(row[0] == str(out_dir) and row[1].endswith(".html") for row in outputs)

