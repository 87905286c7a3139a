"""Validated items kept between builds: a source file whose bytes did not change is not read
and validated again (``reading.read_all``).

What is kept is only what depends on the file alone: the ``Item`` exactly as
``reading._read_item`` made it, before ``load()`` gives it a URL, links it to other items or
decides whether it is published on the build's day (all of that is recomputed every build).
An item is kept only if reading it raised no problem at all, not even a warning: a problem
may depend on another file (a photo that is missing today may be there tomorrow) and must be
reported on every build anyway.

Key of the whole cache (one mismatch drops it whole, it is never used in part): the format,
the Python version, the versions of the libraries that read and validate, every module of
the package, and every file under content/_du-lieu/ (the data the items are validated
against). Key of one entry: the source's place and kind (root folder, path, type) and the
SHA-256 of its bytes; and, for every file the item uses (photos, attachments), the SHA-256 of
that file's bytes, checked again on every use with ``files.check``'s other rules (a regular
file inside its folder, no larger than the limit), so a file that passed the content check
once is the same bytes now.

A file is read and hashed again only if it may have changed: each digest is kept with the
file's stamp (device, inode, size, modification and change times, as git's index does), and
a file whose stamp is the same is taken to hold the same bytes. The change time cannot be
set back by any program, so an edit that restores the modification time (``touch -r``,
``rsync -t``) still shows. A stamp taken less than ``SETTLE_NS`` after the file's last
change is not kept (the file may change again within the clock's resolution: git's "racy
clean" case); such a file is hashed on the next build again.

File: .cache/noi-dung/items.pickle = magic, SHA-256 of the payload, payload (pickle). A file
whose checksum, magic or key does not match is dropped whole and rewritten. The cache is a
local, git-ignored folder the build writes itself; it is never published.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .. import files
from .model import DATA_DIR, CONTENT_DIR, Item

FOLDER = Path(".cache") / "noi-dung"
NAME = "items.pickle"
MAGIC = b"DANVAN-ITEMS-2\n"
SETTLE_NS = 2_000_000_000
# The libraries whose behaviour decides what an item is (YAML, front matter, schemas,
# the HTML allow-list, the image and PDF checks, Vietnamese collation and case).
LIBRARIES = ("pydantic", "pydantic_core", "PyYAML", "python-frontmatter", "nh3", "pillow",
             "pikepdf", "PyICU")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Python, the libraries above and every module of the package (the site adapter too:
    a change anywhere costs one full read, a stale item could cost far more)."""
    digest = hashlib.sha256(MAGIC + sys.version.encode() + versions(LIBRARIES))
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def versions(names) -> bytes:
    """The installed versions of these distributions ("-" for one not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in names:
        try:
            found.append(f"{name}={version(name)};")
        except PackageNotFoundError:
            found.append(f"{name}=-;")
    return "".join(found).encode()


def data_version(root: Path) -> str:
    """Every file under content/_du-lieu/ (names and bytes; a link by its target)."""
    digest = hashlib.sha256()
    base = root / CONTENT_DIR / DATA_DIR
    for folder, dirs, names in os.walk(base, followlinks=False):
        dirs.sort()
        for name in sorted(names + [d for d in dirs if os.path.islink(Path(folder) / d)]):
            path = Path(folder) / name
            digest.update(path.relative_to(base).as_posix().encode("utf-8", "surrogateescape")
                          + b"\0")
            try:
                if os.path.islink(path):
                    digest.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
                else:
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def digest_of(path: Path | str) -> bytes | None:
    """SHA-256 of a file's bytes (None if it cannot be read: the reader reports why)."""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).digest()
    except (OSError, ValueError):
        return None


def stamp(info: os.stat_result, settle: bool = True) -> tuple | None:
    """What says a file is unchanged without reading it (see the module's docstring), or
    None if it changed too recently to be sure (``settle`` False: a file this process
    wrote itself)."""
    if settle and time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLE_NS:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def digest_by_stamp(path: Path | str, info: os.stat_result | None,
                    kept: tuple[tuple | None, bytes | None] | None
                    ) -> tuple[bytes | None, tuple | None]:
    """(SHA-256 of a file's bytes, its stamp now): the ``kept`` (stamp, digest) if the stamp
    is the same, else the file is read. ``info``: its stat, taken before (None: it could
    not be); a file that changes while it is read has another stamp next time."""
    now = stamp(info) if info is not None else None
    if now is not None and kept is not None and kept[0] == now:
        return kept[1], now
    return digest_of(path), now


# The live preview's items as unpickled: (root folder, path, kind) -> (the pickled bytes
# they came from, the item as read). Never handed to a build itself (``_copy``).
_UNPICKLED: dict[tuple[str, str, str], tuple[bytes, Item]] = {}


# The live preview's cache file as last read or written: path -> (key, its stamp, entries).
_LOADED: dict[str, tuple[str, tuple | None, dict]] = {}


def _file_stamp(path: Path) -> tuple | None:
    """The cache file's own stamp (written by this process: no settling time needed)."""
    try:
        return stamp(os.stat(path), settle=False)
    except OSError:
        return None


def _copy(item: Item) -> Item:
    """An item as ``reading`` made it, for one build: ``load()`` fills the lists below and
    sets the rest anew (its metadata is frozen; what it read is never changed)."""
    fresh = copy.copy(item)
    fresh.localities, fresh.documents, fresh.links = [], [], []
    return fresh


class ItemCache:
    """Entries: (root folder, path, kind) -> (source digest, ((asset, digest, stamp), ...),
    pickled Item, source stamp). ``hits`` and ``misses`` count this build's lookups; ``dropped`` says why
    a cache file was not used ("" if it was, or if there was none)."""

    def __init__(self, root: Path, folder: Path | None = None, remember: bool = False):
        """``remember`` (the live preview, one process for many builds): an item unpickled
        once is kept in memory, and each build gets a copy of it (``_copy``)."""
        self.root = root
        self.remember = remember
        self.path = (folder or root / FOLDER) / NAME
        self.key = f"{code_version()}:{data_version(root)}"
        self.entries: dict[tuple[str, str, str], tuple[bytes, tuple, bytes]] = {}
        self.fresh: dict[tuple[str, str, str], tuple[bytes, tuple, bytes]] = {}
        self.hits = self.misses = 0
        self.dropped = ""
        self._load()

    def _load(self) -> None:
        if self.remember:  # the file as this process last read or wrote it
            known = _LOADED.get(str(self.path))
            if known is not None and known[0] == self.key and known[1] is not None \
                    and known[1] == _file_stamp(self.path):
                self.entries = known[2]
                return
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError:
            self.dropped = "không đọc được"
            return
        try:
            head, checksum, payload = raw[:len(MAGIC)], raw[len(MAGIC):len(MAGIC) + 32], \
                raw[len(MAGIC) + 32:]
            if head != MAGIC or hashlib.sha256(payload).digest() != checksum:
                self.dropped = "tệp hỏng"
                return
            data = pickle.loads(payload)
            if not isinstance(data, dict) or data.get("key") != self.key:
                self.dropped = "khác phiên bản mã hoặc dữ liệu"
                return
            entries = data["entries"]
            if not isinstance(entries, dict):
                self.dropped = "tệp hỏng"
                return
            self.entries = entries
            if self.remember:
                _LOADED[str(self.path)] = (self.key, _file_stamp(self.path), entries)
        except Exception:  # any fault in a cache file: drop it whole, read every file
            self.entries = {}
            self.dropped = "tệp hỏng"

    def get(self, base: str, rel: str, kind: str, digest: bytes | None,
            source_stamp: tuple | None = None) -> Item | None:
        """The item kept for this source if its bytes and every file it uses are unchanged
        (``source_stamp``: the source's stamp now, kept with the entry)."""
        entry = self.entries.get((base, rel, kind))
        if digest is None or entry is None or entry[0] != digest:
            return None
        for asset, asset_digest, asset_stamp in entry[1]:
            if not self._asset_unchanged(asset, asset_digest, asset_stamp):
                return None
        known = _UNPICKLED.get((base, rel, kind)) if self.remember else None
        if known is not None and known[0] == entry[2]:
            item = _copy(known[1])
        else:
            try:
                item = pickle.loads(entry[2])
            except Exception:
                return None
            if not isinstance(item, Item) or \
                    (item.root, item.src_uri, item.kind) != (base, rel, kind):
                return None
            if self.remember:
                _UNPICKLED[(base, rel, kind)] = (entry[2], item)
                item = _copy(item)
        if entry[3] != source_stamp:  # the same bytes, touched: not read again next time
            entry = (*entry[:3], source_stamp)
        self.fresh[(base, rel, kind)] = entry
        return item

    def digest(self, base: str, rel: str, kind: str,
               path: Path | str) -> tuple[bytes | None, tuple | None]:
        """(SHA-256 of a source's bytes, its stamp): the kept digest if the stamp is the kept
        one, else the file is read. The stamp is taken first: a file that changes while it
        is read has another stamp on the next build."""
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None, None
        entry = self.entries.get((base, rel, kind))
        return digest_by_stamp(path, info, (entry[3], entry[0]) if entry else None)

    def put(self, base: str, rel: str, kind: str, digest: bytes | None, item: Item,
            source_stamp: tuple | None = None) -> None:
        """Keep an item read without any problem (the caller checks that)."""
        if digest is None:
            return
        assets = []
        for asset in sorted(item.assets):
            path = self.root / asset
            try:
                asset_stamp = stamp(os.stat(path))
            except (OSError, ValueError):
                return
            asset_digest = digest_of(path)
            if asset_digest is None:
                return
            assets.append((asset, asset_digest, asset_stamp))
        pickled = pickle.dumps(item, protocol=5)
        self.fresh[(base, rel, kind)] = (digest, tuple(assets), pickled, source_stamp)
        if self.remember:  # as read (``load()`` changes the item itself from here on)
            _UNPICKLED[(base, rel, kind)] = (pickled, _copy(item))

    def _asset_unchanged(self, asset: str, digest: bytes, kept_stamp: tuple | None) -> bool:
        """``files.check``'s rules again, with the content check replaced by the digest of
        the bytes that passed it (read again only if the file's stamp changed)."""
        base, _, rel = asset.partition("/")
        path = self.root / base / rel
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > files.MAX_FILE_BYTES:
                return False
            if not Path(os.path.realpath(path)).is_relative_to(
                    Path(os.path.realpath(self.root / base))):
                return False
        except (OSError, ValueError):
            return False
        return digest_by_stamp(path, info, (kept_stamp, digest))[0] == digest

    def save(self) -> None:
        """Write this build's entries (sources gone since are forgotten), atomically; only
        if they differ from the file's. A cache that cannot be written is no error."""
        if not self.dropped and self.fresh.keys() == self.entries.keys() and all(
                entry is self.entries[key] for key, entry in self.fresh.items()):
            return
        payload = pickle.dumps({"key": self.key, "entries": self.fresh}, protocol=5)
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{NAME}.", dir=self.path.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, self.path)
            if self.remember:
                _LOADED[str(self.path)] = (self.key, _file_stamp(self.path), self.fresh)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
