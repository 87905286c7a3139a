"""Content hash of everything that goes into an issue's PDFs, and the cache it keys.

The key covers what goes into an issue (see issue_key): articles, images, templates, fonts,
the colour profile, the code that makes the PDFs and the versions of WeasyPrint, pikepdf
and Pillow. It is computed from the validated Corpus, before any HTML is rendered, so an
unchanged issue costs a few hashes. Same key, same PDFs.

Layout: <cache>/<year>/so-NN/<key>/{screen.pdf, print.pdf, booklet.pdf, cover.jpg, meta.json}
(no booklet.pdf where the booklet's sheet is too small: meta.json says why)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from functools import lru_cache
from pathlib import Path

KEEP = 3  # renderings kept per issue
FILES = ("screen.pdf", "print.pdf", "booklet.pdf", "cover.jpg", "meta.json")


def code_files() -> list[Path]:
    """All of the package's code but the site adapter, which the bulletin never imports
    (tests/test_structure.py): any module that could change a PDF (text rules, Markdown
    settings, the sanitizer, labels in the schemas, fonts) is in the key. A code change
    costs a re-render; a stale PDF would cost far more."""
    package = Path(__file__).parent.parent
    return sorted(p for p in package.rglob("*.py")
                  if "site" not in p.relative_to(package).parts)


@lru_cache(maxsize=1)
def code_version() -> str:
    from importlib.metadata import version

    # Versions from the installed metadata: importing WeasyPrint would cost a second.
    digest = hashlib.sha256(" ".join(version(name) for name in (
        "weasyprint", "pikepdf", "pillow", "pydyf", "fonttools")).encode())
    package = Path(__file__).parent.parent
    for path in code_files():
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4096)
def _file_digest(path: str, size: int, mtime_ns: int) -> bytes:
    # Keyed by size and mtime too: within one build a file is read once, whatever the
    # number of issues that use it.
    digest = hashlib.sha256(path.encode())
    digest.update(Path(path).read_bytes())
    return digest.digest()


def file_digest(path: Path) -> bytes:
    try:
        stat = path.stat()
    except OSError:
        return hashlib.sha256(f"{path} missing".encode()).digest()
    return _file_digest(str(path), stat.st_size, stat.st_mtime_ns)


def _stable(value) -> str:
    """JSON of a value that may hold functions (a Markdown extension's slugify)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=lambda o: (
        f"{getattr(o, '__module__', '')}.{getattr(o, '__qualname__', type(o).__name__)}"))


def issue_key(corpus, issue, *, files: list[Path], options: dict) -> str:
    """Hash of everything an issue's PDFs are made of, without rendering anything.

    The manifest, every article it carries and every model its fillers show (metadata,
    Markdown, URL), the organisation
    and the catalogues (the masthead, colophon and kickers), the URLs of all published
    items (links between articles), every file read (images, templates, fonts, profile),
    the build options (site URL, Markdown extensions) and the code.
    """
    digest = hashlib.sha256(code_version().encode() + _stable(options).encode())
    items = [issue] + [p.item for p in corpus.placements.get(issue.source, [])] + [
        f.item for f in corpus.fillers.get(issue.source, []) if f.item is not None]
    for item in items:
        digest.update(f"{item.source}|{item.url}|{item.kind}|{item.meta!r}|".encode())
        digest.update(item.body.encode())
    for placement in corpus.placements.get(issue.source, []):
        digest.update(f"{placement.section}|{placement.quote}|{placement.columns}".encode())
    digest.update(repr(corpus.organisation).encode() + repr(corpus.catalogs).encode())
    digest.update("|".join(f"{i.source}={i.url}" for i in corpus.published).encode())
    # A section of a programme's figures (bulletin/tracking.py): the programme's files.
    tracked = corpus.tracking.get(issue.source, {})
    digest.update(repr(sorted(tracked.items())).encode())
    if tracked:
        from .tracking import files as programme_files

        files = list(files) + [corpus.root / "content" / "_du-lieu" / "dia-ban.yml"] + [
            path for programme_id, _ in tracked.values()
            for path in programme_files(corpus.root, programme_id)]
    for path in sorted(set(files)):
        digest.update(file_digest(path))
    return digest.hexdigest()[:24]


class Store:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, slug: str, key: str) -> Path:
        return self.folder / slug / key

    def lookup(self, slug: str, key: str) -> dict | None:
        folder = self.path(slug, key)
        if all((folder / name).is_file() for name in FILES if name != "booklet.pdf"):
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
            if meta.get("booklet_problem") or (folder / "booklet.pdf").is_file():
                meta["folder"] = str(folder)
                return meta
        return None

    def latest(self, slug: str) -> dict | None:
        """The issue's most recent whole rendering, whatever its key (the live preview shows
        it while the new one is made: build_issues' ``defer``)."""
        folder = self.folder / slug
        if not folder.is_dir():
            return None
        for found in sorted((d for d in folder.iterdir()
                             if d.is_dir() and not d.name.startswith(".")),
                            key=lambda d: d.stat().st_mtime, reverse=True):
            meta = self.lookup(slug, found.name)
            if meta is not None:
                return meta
        return None

    def staging(self, slug: str, key: str) -> Path:
        """A private folder to render into: builds running at once never share one."""
        target = self.path(slug, key)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        return tmp

    def commit(self, slug: str, key: str, tmp: Path) -> None:
        """Move a finished rendering in place and forget the issue's older renderings."""
        target = self.path(slug, key)
        try:
            tmp.rename(target)
        except OSError:  # another build finished the same key first: same bytes, keep it
            shutil.rmtree(tmp, ignore_errors=True)
        # Keep the last few renderings (another build may still be reading one), drop older
        # ones and staging folders left by a build that was killed.
        kept = sorted((d for d in target.parent.iterdir()
                       if d.is_dir() and not d.name.startswith(".")),
                      key=lambda d: d.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
        for tmp_dir in target.parent.glob(".*.tmp"):
            if time.time() - tmp_dir.stat().st_mtime > 3600:
                shutil.rmtree(tmp_dir, ignore_errors=True)
