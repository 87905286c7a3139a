"""Booklet imposition: 2-up, saddle-stitched, from the print edition, with bleed and marks.

Each sheet carries four pages, two on its front and two on its back; folded and nested,
the sheets read in order. For n pages (a multiple of 4), sheet k (from 0) has
front: n - 2k | 1 + 2k and back: 2 + 2k | n - 1 - 2k (16 pages: sheet 1 is 16|1, 2|15).

The two pages of a side meet at the sheet's centre line (the fold), each at its trim size
with its bleed on the head, foot and face (at the fold the pages join, so no bleed there).
Crop marks at the four corners of the spread and fold marks (dashed) at both ends of the
fold are drawn outside the bleed, on every plate; the sheet's TrimBox is the spread and its
BleedBox the spread with its bleed. Print double-sided, flipping on the short edge; fold,
nest, staple, then trim head, foot and face.

The sheet (``bulletin_booklet_sheet``) must hold the spread, its bleed, the marks and a
margin the printer cannot print in: SRA3 for A4 (A3 is exactly two A4 pages: no room for
bleed or marks), A3 for 19 × 27 cm and for A5 (A4 is exactly two A5 pages). Where the sheet
chosen is too small, there is no booklet, a warning says why, and the print edition (one
page per sheet) is the file to print.

Creep (``bulletin_creep``, mm per sheet): folded sheets nest, so the inner ones stick out
at the face and the trim takes more off them. Sheet k's pages move k × creep towards the
fold (their face trim, bleed and marks with them); the inner margin gives up that much.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import BulletinError
from .print import MARK_LENGTH_MM, MARK_OFFSET_MM, _registration
from .render import BLEED_MM, TRIMS

MM = 72 / 25.4
# Standard sheets, (short, long) side in mm: ISO 216 A and ISO 217 SRA, and A3+.
SHEETS = {"A4": (210, 297), "SRA4": (225, 320), "A3": (297, 420), "SRA3": (320, 450),
          "A3+": (329, 483)}
DEFAULT_SHEETS = {"a4": "SRA3", "19x27": "A3", "a5": "A3"}
DEFAULT_CREEP_MM = 0.1  # about the thickness of 80–100 g/m² paper
MARGIN_MM = 2.0  # between the marks and the sheet's edge: printers cannot print to it
FOLD_DASH = "[2 2] 0 d"  # fold marks dashed, crop marks solid (the usual convention)


class SheetTooSmall(BulletinError):
    """The sheet cannot hold two pages with bleed and marks: no booklet for this issue."""

    def __init__(self, what: str, fix: str):
        super().__init__(f"{what}. Cách sửa: {fix}")
        self.what, self.fix = what, fix


@dataclass(frozen=True)
class Sheet:
    name: str
    width: float  # mm, landscape: the long side
    height: float


def sheet_size(value: str | None, trim_name: str) -> Sheet:
    """The sheet named by the option (``SRA3``, ``A3``…, or ``450x320`` in mm, either way
    round), or the default for the trim; landscape."""
    name = (value or DEFAULT_SHEETS[trim_name]).strip()
    key = name.upper().replace(" ", "")
    if key in SHEETS:
        short, long = SHEETS[key]
    else:
        try:
            short, long = sorted(float(v.replace(",", ".")) for v in key.split("X"))
        except ValueError:
            raise BulletinError(
                f"khổ giấy bản gập “{name}” không hợp lệ (bulletin_booklet_sheet trong "
                f"mkdocs.yml): dùng {', '.join(SHEETS)} hoặc RỘNGxCAO tính bằng mm, "
                "ví dụ 450x320") from None
    return Sheet(key if key in SHEETS else name, long, short)


def check_options(sheet: str | None, creep: float, trim_name: str = "a4") -> Sheet:
    """The options' sheet; a BulletinError for a sheet or creep that cannot be."""
    if not isinstance(creep, (int, float)) or not 0 <= creep <= 1:
        raise BulletinError(f"độ bù đẩy của bản gập (bulletin_creep) {creep!r} không hợp lệ: "
                            "dùng số mm mỗi tờ từ 0 đến 1 trong mkdocs.yml, ví dụ 0.1 "
                            "(0: không bù)")
    return sheet_size(sheet, trim_name)


def needed(trim_name: str) -> tuple[float, float]:
    """The smallest sheet (width, height, mm) for a spread of the trim with bleed and marks."""
    trim = TRIMS[trim_name]
    slug = 2 * (MARK_OFFSET_MM + MARK_LENGTH_MM + MARGIN_MM)
    return 2 * trim.width + slug, trim.height + slug


def check_fits(sheet: Sheet, trim_name: str) -> None:
    width, height = needed(trim_name)
    if sheet.width < width or sheet.height < height:
        trim = TRIMS[trim_name]
        fits = [n for n, (s, lng) in SHEETS.items() if lng >= width and s >= height]
        raise SheetTooSmall(
            f"không tạo bản in gập: khổ giấy {sheet.name} ({_mm(sheet.height)} × "
            f"{_mm(sheet.width)} mm) nhỏ hơn hai trang {trim.label} đặt cạnh nhau cùng phần "
            f"tràn lề {_mm(BLEED_MM)} mm và dấu cắt, dấu gấp (cần ít nhất {_mm(height)} × "
            f"{_mm(width)} mm); chỉ có bản in từng trang",
            f"chọn khổ lớn hơn (bulletin_booklet_sheet: "
            f"{' hoặc '.join(fits[:2]) or 'RỘNGxCAO'} trong mkdocs.yml), hoặc gửi nhà in "
            "bản in từng trang (tệp …-ban-in.pdf)")


def _mm(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def pairs(n: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each side of each sheet, in printing order."""
    assert n % 4 == 0, n
    sides = []
    for k in range(n // 4):
        sides.append((n - 2 * k, 1 + 2 * k))  # front
        sides.append((2 + 2 * k, n - 1 - 2 * k))  # back
    return sides


def impose(print_pdf: Path, out: Path, trim_name: str, sheet: str | None = None,
           creep: float = DEFAULT_CREEP_MM) -> int:
    """Write the booklet of ``print_pdf``; SheetTooSmall (nothing written) when the sheet
    cannot hold it. Returns the number of sheet sides."""
    import pikepdf

    paper = check_options(sheet, creep, trim_name)
    check_fits(paper, trim_name)
    src = pikepdf.open(print_pdf)
    n = len(src.pages)
    sheet_w, sheet_h = paper.width * MM, paper.height * MM
    booklet = pikepdf.new()
    forms = []
    for page in src.pages:
        form = page.as_form_xobject()
        form.BBox = page.BleedBox  # qpdf bounds it by the TrimBox: keep the bleed
        forms.append(booklet.copy_foreign(form))
    trims = [[float(v) for v in page.TrimBox] for page in src.pages]
    colour = _registration(booklet)
    fold, bleed = sheet_w / 2, BLEED_MM * MM
    for side, (left, right) in enumerate(pairs(n)):
        shift = (side // 2) * creep * MM  # sheet k = side // 2, from the outside in
        ops, xobjects, faces = [], {}, []
        for slot, number in enumerate((left, right)):
            x0, y0, x1, y1 = trims[number - 1]
            w, h = x1 - x0, y1 - y0
            ty = (sheet_h - h) / 2
            # The page's trim, moved towards the fold by the creep; its clip: the bleed on
            # the head, foot and face, the fold on the spine side.
            tx = fold - w + shift if slot == 0 else fold - shift
            faces.append(tx if slot == 0 else tx + w)
            clip = (faces[-1] - bleed, fold) if slot == 0 else (fold, faces[-1] + bleed)
            name = f"/P{number}"
            xobjects[name] = forms[number - 1]
            ops.append(f"q {clip[0]:.3f} {ty - bleed:.3f} {clip[1] - clip[0]:.3f} "
                       f"{h + 2 * bleed:.3f} re W n 1 0 0 1 {tx - x0:.3f} {ty - y0:.3f} cm "
                       f"{name} Do Q")
        x0, y0, x1, y1 = faces[0], ty, faces[1], ty + h
        ops += _marks(x0, y0, x1, y1, fold)
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, sheet_w, sheet_h],
            TrimBox=[x0, y0, x1, y1], BleedBox=[x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects),
                                         ColorSpace=pikepdf.Dictionary(DanvanAll=colour)),
            Contents=booklet.make_stream("\n".join(ops).encode()))
        booklet.pages.append(pikepdf.Page(page))
    if "/OutputIntents" in src.Root:  # the same CMYK condition as the print edition
        booklet.Root.OutputIntents = booklet.copy_foreign(src.make_indirect(src.Root.OutputIntents))
    booklet.docinfo = booklet.make_indirect(pikepdf.Dictionary(
        Title=f"{src.docinfo.get('/Title', '')} – bản dàn trang in gập (2 trang/mặt giấy, "
              f"khổ {paper.name})",
        Producer=str(src.docinfo.get("/Producer", "")),
        CreationDate=src.docinfo.get("/CreationDate", ""),
        ModDate=src.docinfo.get("/ModDate", "")))
    out.parent.mkdir(parents=True, exist_ok=True)
    booklet.save(out, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(booklet.pages)


def _marks(x0: float, y0: float, x1: float, y1: float, fold: float) -> list[str]:
    """Crop marks at the spread's four corners and fold marks at both ends of the fold,
    all starting outside the bleed, in the registration colour (every plate)."""
    off, length = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM
    crops, folds = [], []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            crops.append((x + dx * off, y, x + dx * (off + length), y))  # on the head/foot line
            crops.append((x, y + dy * off, x, y + dy * (off + length)))  # on the face line
    for y, dy in ((y0, -1), (y1, 1)):
        folds.append((fold, y + dy * off, fold, y + dy * (off + length)))

    def strokes(lines):
        return [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines]
    return ["q /DanvanAll CS 1 SC 0.25 w", *strokes(crops), FOLD_DASH, *strokes(folds), "Q"]
