"""Build every published issue's PDFs, in parallel, skipping the unchanged ones.

The parent renders each issue's HTML (fast, needs the Corpus) and hashes its inputs; issues
whose hash is in the cache cost a lookup. The others are laid out and written by worker
processes, one issue each, on the available cores, with a progress bar on a terminal.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import markup, workers
from ..content import Corpus, Item
from ..problems import Problem
from . import BulletinError, booklet, cache, layout
from . import report as layout_report
from . import print as print_edition
from . import render, screen, tracking
from .fonts import merged_faces
from .profile import DEFAULT_ICC

THUMB_WIDTH = 600  # px: the archive shows it at 300 CSS px, sharp on high-density screens


@dataclass
class IssueOutput:
    """What one issue produced, where the files are, and what the site shows of it."""

    source: str
    url: str
    stem: str
    folder: Path
    pages: int  # screen edition
    print_pages: int
    screen_size: int
    print_size: int
    rendered: bool
    warnings: list[Problem] = field(default_factory=list)
    layout: layout_report.Report | None = None  # the print edition's layout report

    @property
    def screen(self) -> Path:
        return self.folder / "screen.pdf"

    @property
    def print(self) -> Path:
        return self.folder / "print.pdf"

    @property
    def booklet(self) -> Path:
        return self.folder / "booklet.pdf"

    @property
    def cover(self) -> Path:
        return self.folder / "cover.jpg"


class LayoutError(BulletinError):
    """Strict mode: the layout report found problems; the PDFs were made all the same."""

    def __init__(self, result: "BuildResult", message: str):
        super().__init__(message)
        self.result = result


@dataclass
class BuildResult:
    outputs: dict[str, IssueOutput]  # by issue source
    rendered: int  # issues laid out in this run (0 when everything came from the cache)
    seconds: float
    # (issue source, key) of the issues shown from an earlier rendering (``defer``).
    deferred: list[tuple[str, str]] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [w for out in self.outputs.values() for w in out.warnings]


def photo_paths(job: render.Job) -> list[str]:
    """The files of the images an issue's HTML shows, named danvan:<path in the project>
    (layout.root_url) or by file: URL: their CMYK conversion can start before the layout."""
    project = unquote(urlsplit(job.base_url).path)
    return [project + unquote(src[len(layout.ROOT_SCHEME):])
            if src.startswith(layout.ROOT_SCHEME) else unquote(urlsplit(src).path)
            for src in re.findall(r'src="((?:file|danvan):[^"]+)"', job.html)]


def render_issue(job: render.Job, folder: str, split: bool = False,
                 sheet: str | None = None, creep: float = booklet.DEFAULT_CREEP_MM) -> dict:
    """Worker: lay the issue out once, write both editions, the booklet and the thumbnail.

    With ``split`` (one issue to render and a spare core), the screen edition is written by
    a forked copy of this process while this one writes the print edition: the layout is
    shared, not redone. ``sheet`` and ``creep`` are the booklet's (booklet.impose); a sheet
    too small for the trim leaves the issue without a booklet, and a warning.
    """
    target = Path(folder)
    split = split and _can_fork()
    # The photos' CMYK conversion does not need the layout: on the spare core, meanwhile.
    photos = photo_paths(job)
    convert = lambda: print_edition.convert_photos(photos, Path(job.icc))  # noqa: E731
    converting = _forked(convert) if split else None
    trim = render.TRIMS[job.trim]
    lay = layout.lay_out(job.html, job.base_url, job.source, job.allowed, trim.columns,
                         trim.column_gap)
    converted = converting() if converting else convert()
    ident = f"{job.source}:{job.stem}:{job.date.isoformat()}"
    write_screen = lambda: screen.write(lay, target / "screen.pdf", job.title)  # noqa: E731
    waiter = _forked(write_screen) if split else None
    report = print_edition.write(lay, target / "print.pdf", Path(job.icc), job.trim, ident,
                                 converted)
    shown = waiter() if waiter else write_screen()
    try:
        booklet.impose(target / "print.pdf", target / "booklet.pdf", job.trim, sheet, creep)
        booklet_problem = None
    except booklet.SheetTooSmall as exc:
        booklet_problem = [exc.what, exc.fix]
    thumbnail(target / "screen.pdf", target / "cover.jpg")
    root = Path(job.base_url.removeprefix("file://"))
    meta = {
        "pages": shown.pages, "print_pages": report.pages, "bookmarks": shown.bookmarks,
        "fonts": report.fonts, "booklet_problem": booklet_problem,
        "layout": lay.report.to_json(),
        "low_resolution": [(layout.relative(src, root), page, ppi)
                           for src, page, ppi in report.low_resolution],
    }
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    return meta


def _can_fork() -> bool:
    return workers.can_fork() and workers.cores() > 1


def _forked(function):
    """Run ``function`` in a forked child; return a call that waits for its result."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(read)
        try:
            result = (True, function())
        except BaseException as exc:  # noqa: BLE001 - handed to the parent
            result = (False, exc if isinstance(exc, BulletinError) else BulletinError(repr(exc)))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(pickle.dumps(result))
        os._exit(0)
    os.close(write)

    def wait():
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise BulletinError("tiến trình ghi bản điện tử dừng bất thường")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value
    return wait


def thumbnail(pdf: Path, out: Path) -> None:
    """Page 1 as a JPEG (poppler's pdftoppm: deterministic bytes for the same PDF)."""
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-singlefile", "-jpeg", "-jpegopt",
                    "quality=85,progressive=y", "-scale-to-x", str(THUMB_WIDTH), "-scale-to-y",
                    "-1", str(pdf), str(stem)], check=True, capture_output=True)


def build_issues(corpus: Corpus, *, site_url: str, markdown: tuple[list, dict] | None = None,
                 cache_dir: Path, icc: Path = DEFAULT_ICC, jobs: int = 0,
                 progress: bool | None = None, issues: list[Item] | None = None,
                 booklet_sheet: str | None = None,
                 creep: float = booklet.DEFAULT_CREEP_MM,
                 strict_layout: bool = False, defer: bool = False) -> BuildResult:
    """Every published issue's PDFs (or those given), from the cache when unchanged.
    ``booklet_sheet`` and ``creep``: the booklet's sheet (default: by trim) and creep.
    ``strict_layout``: a problem of the layout report (report.py) fails the build.
    ``defer`` (the live preview): an issue that changed is shown from its latest earlier
    rendering, if it has one, and listed in ``deferred`` for another process to lay out."""
    started = time.perf_counter()
    markdown = markdown or markup.settings()
    issues = corpus.of_kind("bulletin") if issues is None else issues
    if not icc.is_file():
        raise BulletinError(f"không có hồ sơ màu CMYK {icc} cho bản in: sửa đường dẫn "
                            "bulletin_icc trong mkdocs.yml (tệp .icc của nhà in), hoặc bỏ "
                            "tùy chọn này để dùng hồ sơ Coated FOGRA39 có sẵn")
    booklet.check_options(booklet_sheet, creep)
    # The sections printing a programme's figures (bulletin/tracking.py), checked first.
    if problems := [p for p in tracking.resolve(corpus) if not p.warning]:
        raise BulletinError("\n".join(str(p) for p in problems))
    store = cache.Store(cache_dir)
    faces = merged_faces(corpus.root, cache_dir) if issues else []
    outputs: dict[str, IssueOutput] = {}
    todo: list[tuple[render.Job, str]] = []
    deferred: list[tuple[str, str]] = []
    templates = sorted((corpus.root / render.TEMPLATES).glob("*"))
    options = {"site_url": site_url, "markdown": markdown, "booklet": [booklet_sheet, creep]}
    imposition = {"sheet": booklet_sheet, "creep": creep}
    for issue in issues:
        files = [f.path for f in faces] + [icc] + templates + [
            corpus.root / asset for asset in sorted(render.printed_files(corpus, issue))]
        key = cache.issue_key(corpus, issue, files=files, options=options)
        slug, stem = render.names(corpus, issue)
        meta = store.lookup(slug, key)
        if meta is None and defer and (earlier := store.latest(slug)) is not None:
            outputs[issue.source] = _output(issue.source, issue.url, stem,
                                            Path(earlier["folder"]), earlier, rendered=False)
            deferred.append((issue.source, key))
        elif meta is None:
            todo.append((render.build_job(corpus, issue, faces, markdown, site_url, icc), key))
        else:
            outputs[issue.source] = _output(issue.source, issue.url, stem, Path(meta["folder"]),
                                            meta, rendered=False)
    if todo:
        count = workers.count(len(todo), jobs)
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the pool forks right after
        pool = workers.process_pool(count) if count > 1 else None
        bar = tqdm(total=len(todo), desc="Bản tin", unit="số", file=sys.stderr,
                   disable=not sys.stderr.isatty() if progress is None else not progress)
        staged = {job.source: store.staging(job.slug, key) for job, key in todo}
        try:
            if count == 1:
                for job, key in todo:
                    _finish(job, key, render_issue(job, str(staged[job.source]), split=True,
                                                   **imposition), store, staged, outputs)
                    bar.update()
            else:
                with pool:
                    futures = {pool.submit(render_issue, job, str(staged[job.source]),
                                           **imposition): (job, key) for job, key in todo}
                    for future in as_completed(futures):
                        job, key = futures[future]
                        _finish(job, key, future.result(), store, staged, outputs)
                        bar.update()
        except BulletinError:
            raise
        except Exception as exc:
            raise BulletinError(f"không tạo được bản tin: {exc!r}") from exc
        finally:
            bar.close()
            for tmp in staged.values():
                shutil.rmtree(tmp, ignore_errors=True)
    result = BuildResult(outputs, len(todo), time.perf_counter() - started, deferred)
    if strict_layout:
        failed = {out.source: out.layout.problems() for out in outputs.values()
                  if out.layout is not None and out.layout.problems()}
        if failed:
            raise LayoutError(result, "bố cục chưa đạt (chế độ nghiêm ngặt): " + "; ".join(
                f"{source}: " + "; ".join(problems) for source, problems in failed.items())
                + ". Sửa số bản tin (kéo bài, rút gọn, thêm mục chèn) rồi dựng lại, hoặc dựng "
                "không có --nghiem-ngat để chỉ cảnh báo")
    return result


def _finish(job: render.Job, key: str, meta: dict, store: cache.Store, staged: dict,
            outputs: dict) -> None:
    store.commit(job.slug, key, staged[job.source])
    outputs[job.source] = _output(job.source, job.url, job.stem, store.path(job.slug, key),
                                  meta, rendered=True)


def _output(source: str, url: str, stem: str, folder: Path, meta: dict,
            rendered: bool) -> IssueOutput:
    warnings = [Problem(source, f"ảnh {src} ở trang {page} chỉ đạt {ppi} ppi ở kích thước "
                        f"in (cần {print_edition.MIN_PPI} ppi)", "thay ảnh có độ phân giải cao "
                        "hơn hoặc in ảnh nhỏ hơn; ảnh không bao giờ được phóng to tự động",
                        warning=True)
                for src, page, ppi in meta.get("low_resolution", [])]
    if meta.get("booklet_problem"):
        warnings.append(Problem(source, *meta["booklet_problem"], warning=True))
    pages = layout_report.Report.from_json(meta.get("layout", []))
    warnings += [Problem(source, f"bố cục: {problem}", "xem báo cáo bố cục của bản in",
                         warning=True) for problem in pages.problems()]
    return IssueOutput(source, url, stem, folder, meta["pages"], meta["print_pages"],
                       (folder / "screen.pdf").stat().st_size,
                       (folder / "print.pdf").stat().st_size, rendered, warnings, pages)
