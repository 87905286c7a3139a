"""HTML -> WeasyPrint layout, once per issue; both editions are written from it.

Laying out is most of the cost (about 0.15 s a page), and the editions differ only in what
does not move a line: colours and image data (converted by print.py), bleed (a property of
the page's painting area), tags, metadata. So the issue is laid out once.

Padding to a multiple of 4 is part of that layout: the issue ends with the notes ("Ghi
chép"), whose ruled lines fill the rest of the last page of text and run on over more pages
than padding could need; a page that holds nothing but those lines is a padding page
(report.py tells). The print edition keeps as many as it needs, the screen edition none.
Dropping a laid-out page before the back cover moves no other line, since nothing after it
is numbered.

The layout is measured here too, once (report.py): the print edition's layout report.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import BulletinError, report

CSS_PX_PER_INCH = 96


@dataclass
class Placed:
    """An image as laid out: its file, pixel size and size on the page."""

    src: str
    page: int  # 1-based, in the print edition's numbering
    pixels: tuple[int, int]
    inches: tuple[float, float]

    @property
    def ppi(self) -> float:
        # Proportional or cropped (object-fit: cover): the tighter axis sets the resolution.
        return min(self.pixels[0] / self.inches[0], self.pixels[1] / self.inches[1])


@dataclass
class Layout:
    document: object  # weasyprint.Document
    print_pages: list = field(default_factory=list)
    screen_pages: list = field(default_factory=list)
    images: list[Placed] = field(default_factory=list)
    report: report.Report | None = None  # the print edition's


@contextmanager
def strict(source: str, what: str):
    """WeasyPrint's warnings are errors here: it only logs an image it cannot load (and
    lays the page out without it) or a character no font has (drawn as an empty box)."""
    problems = _Problems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        yield
    finally:
        logger.removeHandler(problems)
    if problems.messages:
        raise BulletinError(f"{source}: {what}: " + "; ".join(dict.fromkeys(problems.messages)))


@contextmanager
def faster_columns():
    """WeasyPrint's multi-column layout replaced by columns.py's while an issue is laid out
    (on the WeasyPrint version it was copied from; WeasyPrint's own on any other)."""
    import weasyprint
    from weasyprint.layout import block

    from . import columns

    if weasyprint.__version__ != columns.VERSION:
        yield
        return
    stock = block.columns_layout
    block.columns_layout = columns.columns_layout
    try:
        yield
    finally:
        block.columns_layout = stock


class _Problems(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


ROOT_SCHEME = "danvan:"


def root_url(path: Path, root: Path) -> str:
    """A file of the project as ``danvan:relative/path``. WeasyPrint names each image in
    the PDF after its URL: a URL that does not hold the checkout's absolute path keeps the
    PDFs byte-identical wherever the sources are checked out."""
    return ROOT_SCHEME + path.resolve().relative_to(root.resolve()).as_posix()


def project_fetcher(allowed: list[Path] | tuple[str, ...], base_url: str = ""):
    """WeasyPrint's URL fetcher for the bulletin: it serves only files inside ``allowed``
    (the project's source and theme folders, the merged fonts, the colour profile), after
    resolving links, and ``data:`` images and fonts. Anything else (a file elsewhere on
    the build machine, the network, other ``data:``) is refused, so a PDF can never embed
    or show a file that is not the project's."""
    from weasyprint.urls import URLFetcher

    roots = [Path(os.path.realpath(p)) for p in allowed]
    project = Path(os.path.realpath(unquote(urlsplit(base_url).path))) if base_url else Path("/")

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(ROOT_SCHEME):
                url = base_url + url[len(ROOT_SCHEME):]
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                kind = url[5:].split(";", 1)[0].split(",", 1)[0].lower()
                if not kind.startswith(("image/", "font/", "application/font")):
                    raise ValueError(f"không dùng dữ liệu {kind or 'data:'} trong bản tin")
            elif scheme == "file":
                real = Path(os.path.realpath(unquote(urlsplit(url).path)))
                if not any(real == root or real.is_relative_to(root) for root in roots):
                    shown = real.relative_to(project) if real.is_relative_to(project) else real
                    raise ValueError(f"số này không được đọc tệp {shown}: chỉ in ảnh mà bài đã "
                                     "xuất bản khai báo (ảnh đại diện, ![mô tả](ảnh) trong bài)")
                url = real.as_uri()
            else:
                raise ValueError(f"bản tin không tải gì từ mạng ({url[:60]})")
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols=["file", "data"], fail_on_errors=True)


def lay_out(html: str, base_url: str, source: str, allowed: tuple[str, ...],
            columns: int = 2, gap_mm: float = 6.0) -> Layout:
    """Lay the issue out; ``columns`` and ``gap_mm``: the trim's, for the report."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fonts = FontConfiguration()
    try:
        with strict(source, "không dàn trang được"), faster_columns():
            document = HTML(string=html, base_url=base_url,
                            url_fetcher=project_fetcher(allowed, base_url)).render(
                font_config=fonts)
    except BulletinError:
        raise
    except FatalURLFetchingError as exc:  # a BaseException: a file the fetcher refused
        raise BulletinError(f"{source}: {exc.__cause__ or exc}") from None
    except Exception as exc:  # a broken font, a stylesheet error: name the issue
        raise BulletinError(f"{source}: không dàn trang được ({exc})") from exc
    pages = document.pages
    measured, blocks = report.measure(pages, columns, gap_mm)
    pads = [i for i, page in enumerate(measured) if page.kind == "padding"]
    content = len(pages) - len(pads)
    keep = set(pads[: (-content) % 4])
    drop = set(pads) - keep
    layout = Layout(document)
    layout.print_pages = [p for i, p in enumerate(pages) if i not in drop]
    layout.screen_pages = [p for i, p in enumerate(pages) if i not in pads]
    if len(layout.print_pages) % 4:  # too few padding pages: the design is broken
        raise BulletinError(f"{source}: không đệm được số trang thành bội số của 4")
    layout.report = report.report(measured, blocks,
                                  [i for i in range(len(pages)) if i not in drop])
    for number, page in enumerate(layout.print_pages, start=1):
        layout.images += _images(page, number)
    return layout


def _walk(box):
    """Every box of a page, absolutely positioned ones included (the cover's photo is)."""
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(getattr(child, "_box", child))


def _images(page, number: int) -> list[Placed]:
    from weasyprint.formatting_structure import boxes
    from weasyprint.images import RasterImage

    found = []
    for box in _walk(page._page_box):
        if isinstance(box, boxes.ReplacedBox) and isinstance(box.replacement, RasterImage):
            element = getattr(box, "element", None)
            src = element.get("src", "") if element is not None else ""
            if src.startswith(ROOT_SCHEME):
                src = src[len(ROOT_SCHEME):]
            elif src.startswith("file:"):
                src = unquote(urlsplit(src).path)
            image = box.replacement
            inches = (box.width / CSS_PX_PER_INCH, box.height / CSS_PX_PER_INCH)
            if inches[0] > 0 and inches[1] > 0:
                found.append(Placed(src, number, (image.width, image.height), inches))
    return found


def relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path
