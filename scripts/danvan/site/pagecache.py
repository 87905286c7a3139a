"""Rendered pages kept between builds: a page whose inputs did not change is not rendered
again (issue 13, "incremental builds with a proven-identical result").

A page's key is the SHA-256 of everything that goes into it:

- the site's version (``site_version``): the code and the libraries that render, the theme's
  files, mkdocs.yml, the data files, the build's day, the publication mode, and what every
  page shows of the content (the items named in the navigation, the identity);
- what the page shows: for a content page, its item's fingerprint with those of the items it
  links to or that link to it (``Fingerprints.near``: a document page lists the texts citing
  it); for a generated page (a listing, a tag, a locality, the home page), its ``View``,
  every field of it walked by ``digest`` and every item in it by its own fingerprint (the
  listing templates show an item's own fields, never its links: tests/test_incremental.py
  checks every page against a cold build after each kind of change).

An item's fingerprint is the SHA-256 of its source's bytes and of every file it uses (the
digests ``content.ItemCache`` computed as it read them), its place, its URL and whether it is
published. A value ``digest`` does not know (a programme's progress, a chart cache) makes
its page ``Uncacheable``: such a page is rendered on every build, which is always right.

The content area's links are filtered against what the build writes (plugin.on_post_page);
a kept page carries the paths that filter looked at and which it kept, and is used again
only if every one of them is still (or still not) written.

Files (one folder per output: .cache/trang/site/, …/site-bien-tap/, …/xem-truoc/):
<key>.html, the page as written (the site gets a hard link to it, so an
unchanged page costs no write), <key>.json, its search text, and <key>.meta (magic, SHA-256
of the rest, pickle: the page's SHA-256 and size, its links, its search entry, the two
files' inode, size and date as written). An entry whose checksum does not match, or whose
files were touched since and no longer hash as recorded, is dropped and the page rendered.
After a build, entries it did not use are deleted. The folder is local and git-ignored,
never published.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import os
import pickle
import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path, PurePath

from pydantic import BaseModel

from ..content import Corpus, Item
from ..content.cache import code_version, data_version, digest_of, versions
from ..search_index import Prepared

FOLDER = Path(".cache") / "trang"
INDEX = "chi-muc.pickle"  # the last build's search index (PageCache.load_index)
MAGIC = b"DANVAN-PAGE-3\n"
# What renders a page besides our code (content/cache.py lists the readers' libraries).
# (WeasyPrint and its fonts make the documents' PDFs whose sizes the registry shows.)
LIBRARIES = ("mkdocs", "properdocs", "mkdocs-material", "Markdown", "pymdown-extensions",
             "Jinja2", "MarkupSafe", "nh3", "Pygments", "weasyprint", "pydyf", "fonttools",
             "pillow")
# What npm installed (the fonts, the web editor): npm's own record of node_modules.
NPM_RECORD = Path("node_modules") / ".package-lock.json"
SITE_FOLDERS = ("theme",)
_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


class Uncacheable(Exception):
    """A value whose digest is not known: its page is rendered on every build."""


def site_version(root: Path, config_file: Path, fingerprints: "Fingerprints",
                 *extra: object) -> str:
    """What every page depends on (see the module's docstring); ``extra`` is what the
    plugin computes for every page (the day, the navigation's items, the identity…)."""
    digest = hashlib.sha256(MAGIC + code_version().encode() + versions(LIBRARIES))
    digest.update(digest_of(root / NPM_RECORD) or b"-")
    for path in _config_files(Path(config_file)):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0"
                      + (digest_of(path) or b"-"))
    for name in SITE_FOLDERS:
        for folder, dirs, names in os.walk(root / name):
            dirs.sort()
            for file in sorted(names):
                path = Path(folder) / file
                digest.update(path.relative_to(root).as_posix().encode("utf-8",
                                                                       "surrogateescape"))
                digest.update(b"\0" + (digest_of(path) or b"-"))
    digest.update(data_version(root).encode())
    for value in extra:
        digest.update(_digest(value, fingerprints.near))
    return digest.hexdigest()


def _config_files(path: Path) -> list[Path]:
    """The configuration file and those it inherits from (MkDocs' INHERIT)."""
    found: list[Path] = []
    while path not in found and len(found) < 10:
        found.append(path)
        try:
            parent = _INHERIT.search(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError):
            break
        if parent is None:
            break
        path = (path.parent / parent.group(1).strip()).resolve()
    return found


class Fingerprints:
    """Items' fingerprints (see the module's docstring), each computed once per build."""

    def __init__(self, corpus: Corpus, read_digests: dict | None = None) -> None:
        self.root = corpus.root
        # (root folder, path, kind) -> (source digest, ((asset, digest, stamp), ...)), as read.
        self.read = read_digests or {}
        self._own: dict[int, bytes] = {}
        self._near: dict[int, bytes] = {}
        # A model's (pydantic) bytes by identity, with the model (so its id stays its own):
        # a locality is on hundreds of pages.
        self.models: dict[int, tuple[object, bytes]] = {}
        self.neighbours: dict[str, set[Item]] = defaultdict(set)
        by_source = corpus.by_source
        for item in corpus.items:
            linked = [*item.documents, *item.links, *filter(None, [item.successor])]
            linked += filter(None, (by_source.get(src) for src, _ in item.page_links))
            for other in linked:
                if other is not item:
                    self.neighbours[item.source].add(other)
                    self.neighbours[other.source].add(item)

    def own(self, item: Item) -> bytes:
        found = self._own.get(id(item))  # by identity: the corpus keeps every item alive
        if found is None:
            digest = hashlib.sha256(repr((item.kind, item.root, item.src_uri, item.url,
                                          item.published)).encode())
            read = self.read.get((item.root, item.src_uri, item.kind))
            if read is not None:
                source, assets = read
            else:  # read with a warning, so not in the item cache: read its files here
                source = digest_of(self.root / item.root / item.src_uri)
                assets = tuple((a, digest_of(self.root / a)) for a in sorted(item.assets))
            digest.update(source or b"-")
            for asset, asset_digest, *_ in assets:  # (the stamp is not what it holds)
                digest.update(asset.encode() + b"\0" + (asset_digest or b"-"))
            found = self._own[id(item)] = digest.digest()
        return found

    def near(self, item: Item) -> bytes:
        """The item and every item it links to or is linked from, by their own fingerprints."""
        found = self._near.get(id(item))
        if found is None:
            digest = hashlib.sha256(self.own(item))
            for other in sorted(self.neighbours.get(item.source, ()), key=_source):
                digest.update(self.own(other))
            found = self._near[id(item)] = digest.digest()
        return found


def _source(item: Item) -> str:
    return item.source


def page_key(version: str, fingerprint, *parts: object) -> str:
    """The key of a page: the site's version and ``parts`` (its URL, template, item or view
    and what its template is given besides), items by ``fingerprint``: a content page by
    ``Fingerprints.near`` (it shows the items it cites and is cited by), a generated page
    by ``Fingerprints.own`` (a listing shows each item's own fields: its templates use no
    item's links)."""
    digest = hashlib.sha256(version.encode())
    models = getattr(fingerprint, "__self__", None)
    models = models.models if isinstance(models, Fingerprints) else None
    for part in parts:
        digest.update(_digest(part, fingerprint, models))
    return digest.hexdigest()


def _digest(value: object, fingerprint, models: dict | None = None) -> bytes:
    """The bytes of a value, walked: what a template can read of it. Dicts keep their order
    (a template lists them in it); sets are sorted. The common exact types go first (a
    large site walks some 400,000 values a build); the rest by ``isinstance``."""
    out: list[bytes] = []
    append = out.append

    def walk(v: object) -> None:
        kind = type(v)
        if kind is str:
            data = v.encode("utf-8", "surrogatepass")
            append(b"s%d:" % len(data) + data)
        elif kind is list or kind is tuple:
            append(b"[%d" % len(v))
            for x in v:
                walk(x)
        elif kind is Item:
            append(b"item:" + fingerprint(v))
        elif kind in _DATACLASS_FIELDS:
            head, names = _DATACLASS_FIELDS[kind]
            append(head)
            for name, encoded in names:
                append(encoded)
                walk(getattr(v, name))
        elif v is None or isinstance(v, (bool, int, float)):
            append(f"{type(v).__name__}:{v!r};".encode())
        elif isinstance(v, str):  # Markup too: a str
            data = v.encode("utf-8", "surrogatepass")
            append(b"s%d:" % len(data) + data)
        elif isinstance(v, (dt.date, dt.datetime, PurePath)):
            append(f"{type(v).__name__}:{v};".encode())
        elif isinstance(v, Item):
            append(b"item:" + fingerprint(v))
        elif isinstance(v, enum.Enum):
            walk(v.value)
        elif isinstance(v, (list, tuple)):
            append(b"[%d" % len(v))
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            append(b"{%d" % len(v))
            for k, x in v.items():
                walk(k)
                walk(x)
        elif isinstance(v, (set, frozenset)):
            parts = sorted(_digest(x, fingerprint, models) for x in v)
            append(b"set%d" % len(parts))
            out.extend(parts)
        elif isinstance(v, BaseModel):  # by the digest of its fields, made once a build
            known = models.get(id(v)) if models is not None else None
            if known is None:
                known = (v, _digest(v.model_dump(mode="json"), fingerprint))
                if models is not None:
                    models[id(v)] = known
            append(type(v).__qualname__.encode() + b":" + known[1])
        elif dataclasses.is_dataclass(v) and not isinstance(v, type) \
                and not isinstance(v, Corpus):
            # Its type's header and field names, encoded once (as walk(name) would).
            names = []
            for f in dataclasses.fields(v):
                data = f.name.encode("utf-8", "surrogatepass")
                names.append((f.name, b"s%d:" % len(data) + data))
            _DATACLASS_FIELDS[kind] = (
                f"{kind.__module__}.{kind.__qualname__}(".encode(), tuple(names))
            walk(v)
        else:
            raise Uncacheable(type(v).__qualname__)

    walk(value)
    return hashlib.sha256(b"".join(out)).digest()


# A dataclass type -> (its header, ((field name, the name's bytes), ...)), made on first use.
_DATACLASS_FIELDS: dict[type, tuple[bytes, tuple[tuple[str, bytes], ...]]] = {}


@dataclasses.dataclass
class Entry:
    """A kept page: its HTML's digest and size, the site paths its content area linked to
    (kept) and the ones it did not (removed), and its search entry: the URL indexed and its
    ``search_index.Prepared`` with the keys joined by NUL and the text file apart (in
    <key>.json, linked into the index), or None."""

    sha256: bytes
    size: int
    linked: frozenset[str]
    unlinked: frozenset[str]
    search: tuple | None = None
    # The page's and search text's files as written (inode, size, date): the same, they
    # are not read and hashed again; else they are, and must match.
    stamps: tuple = ()


class PageCache:
    """The kept pages of one site (see the module's docstring). ``hits``, ``misses`` and
    ``uncached`` count this build's pages; ``dropped`` its entries found damaged."""

    def __init__(self, root: Path, name: str = "site", remember: bool = False) -> None:
        """``remember`` (the live preview, one process for many builds): an entry checked
        whole once is trusted again while its page file keeps its inode, size and date."""
        self.remember = remember
        # One folder per output (site/, site-bien-tap/, the preview): each build deletes
        # the entries it did not use, and these run side by side with different keys.
        self.folder = root / FOLDER / name
        self._base = str(self.folder) + os.sep  # plain strings: thousands of paths a build
        self._made: set[str] = set()  # folders of the site made so far
        self.hits = self.misses = self.uncached = self.dropped = 0

    def _paths(self, key: str) -> tuple[str, str, str]:
        base = self._base + key
        return base + ".html", base + ".meta", base + ".json"

    def file(self, key: str) -> str:
        """The kept page's HTML file (the live preview sends it from there)."""
        return self._paths(key)[0]

    def get(self, key: str, written: set[str]) -> Entry | None:
        """The entry of ``key`` if it is whole and its links are filtered as they would be
        now (``written``: the site paths this build writes)."""
        html, meta, text = self._paths(key)
        if self.remember:  # checked whole by an earlier build of this process
            known = _CHECKED.get(html)
            if known is not None and _signature(html) == known[1]:
                return known[0] if self._links_hold(known[0], written) else None
        try:
            raw = _read(meta)
        except OSError:
            return None
        try:
            head, checksum, payload = raw[:len(MAGIC)], raw[len(MAGIC):len(MAGIC) + 32], \
                raw[len(MAGIC) + 32:]
            if head != MAGIC or hashlib.sha256(payload).digest() != checksum:
                raise ValueError("checksum")
            entry = pickle.loads(payload)
            if not isinstance(entry, Entry):
                raise ValueError("type")
            files = (html, text) if entry.search is not None else (html,)
            if entry.stamps != tuple(map(_signature, files)):  # touched since: read them
                data = _read(html)
                if len(data) != entry.size or hashlib.sha256(data).digest() != entry.sha256:
                    raise ValueError("page")
                if entry.search is not None and \
                        hashlib.sha1(_read(text)).hexdigest() != entry.search[4]:
                    raise ValueError("search")
        except Exception:  # damaged: never used, and made again by this build
            self.dropped += 1
            for path in (html, meta, text):
                Path(path).unlink(missing_ok=True)
            return None
        if self.remember:
            _CHECKED[html] = (entry, _signature(html))
        return entry if self._links_hold(entry, written) else None

    @staticmethod
    def _links_hold(entry: Entry, written: set[str]) -> bool:
        return entry.unlinked.isdisjoint(written) and entry.linked <= written

    def put(self, key: str, output: bytes, links: dict[str, bool],
            search: tuple[str, Prepared] | None) -> str:
        """Keep a page just rendered, with its search entry (URL, what indexing computed);
        returns the kept file (to link into the site)."""
        html, meta, text = self._paths(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = None
        files = [html]
        if search is not None:
            url, p = search
            _write(text, p.payload)
            kept = (url, "\0".join(p.keys), p.values, p.length, p.digest, p.kind, p.year)
            files.append(text)
        _write(html, output)
        entry = Entry(hashlib.sha256(output).digest(), len(output),
                      frozenset(p for p, k in links.items() if k),
                      frozenset(p for p, k in links.items() if not k), kept,
                      tuple(map(_signature, files)))
        payload = pickle.dumps(entry, protocol=5)
        _write(meta, MAGIC + hashlib.sha256(payload).digest() + payload)
        if self.remember:  # written whole by this process: no need to check it next time
            _CHECKED[html] = (entry, _signature(html))
        return html

    def index(self, search, key: str, entry: Entry, text: bool = True) -> None:
        """Add a kept page's search entry to this build's index (site/search.SearchIndex);
        its text file too unless ``text`` is False (``link_text`` did)."""
        if entry.search is None:
            return
        url, keys, values, length, digest, kind, year = entry.search
        search.add_prepared(url, Prepared(keys.split("\0") if keys else [], values, length,
                                          b"", digest, kind, year), self._paths(key)[2], text)

    def link_text(self, search, key: str, entry: Entry) -> None:
        """A kept page's search text file, linked into this build's index."""
        if entry.search is not None:
            search.builder.link_text(search.ids[entry.search[0]], self._paths(key)[2])

    # The search index of the last build: every page's keys, with the URL and page key of
    # each page id, so that the next build takes the unchanged pages' part whole.

    def load_index(self) -> tuple[dict | None, dict]:
        """(the last build's index snapshot, page id -> (URL, page key)), or (None, {})."""
        try:
            raw = _read(str(self.folder / INDEX))
            head, checksum, payload = raw[:len(MAGIC)], raw[len(MAGIC):len(MAGIC) + 32], \
                raw[len(MAGIC) + 32:]
            if head != MAGIC or hashlib.sha256(payload).digest() != checksum:
                raise ValueError("checksum")
            snapshot, owners = pickle.loads(payload)
            if not isinstance(snapshot, dict) or not isinstance(owners, dict):
                raise ValueError("type")
            return snapshot, owners
        except FileNotFoundError:
            return None, {}
        except Exception:  # damaged: not used; every kept page adds its own entry
            self.dropped += 1
            return None, {}

    def save_index(self, snapshot: dict, owners: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((snapshot, owners), protocol=5)
        _write(str(self.folder / INDEX), MAGIC + hashlib.sha256(payload).digest() + payload)

    def place(self, key: str, dest: str | Path) -> None:
        """Put the kept page of ``key`` at ``dest`` in the site being built: a hard link
        (nothing is ever written into either file again), a copy across file systems."""
        source, dest = self._paths(key)[0], str(dest)
        folder = os.path.dirname(dest)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        if os.path.lexists(dest):  # the preview builds into one folder: never write into
            os.unlink(dest)        # a file that may be linked to a kept page
        try:
            os.link(source, dest)
        except OSError:
            shutil.copyfile(source, dest)

    def prune(self, keep: set[str]) -> int:
        """Delete the entries this build did not use; returns how many."""
        removed = 0
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 0
        for name in names:
            key = name.partition(".")[0]
            if key not in keep and not name.startswith(".") and name != INDEX:
                try:
                    os.unlink(self.folder / name)
                    removed += 1
                except OSError:
                    pass
        return removed


# The live preview's entries already checked: page file -> (entry, its signature).
_CHECKED: dict[str, tuple[Entry, tuple]] = {}


def _signature(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (another process may read it)."""
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
