"""Booklet imposition for office printing: 2-up, saddle-stitched, from the print edition.

Each sheet carries four pages, two on its front and two on its back; folded and nested,
the sheets read in order. For n pages (a multiple of 4), sheet k (from 0) has
front: n - 2k | 1 + 2k and back: 2 + 2k | n - 1 - 2k (16 pages: sheet 1 is 16|1, 2|15).
Pages are placed at their trim size (bleed and marks clipped away), side by side at the
centre of a landscape sheet: A3 for A4 and 19 × 27 cm issues, A4 for A5. Print double-sided,
flipping on the short edge.
"""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4
SHEETS = {"a4": (420, 297), "19x27": (420, 297), "a5": (297, 210)}  # landscape, mm


def pairs(n: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each side of each sheet, in printing order."""
    assert n % 4 == 0, n
    sides = []
    for k in range(n // 4):
        sides.append((n - 2 * k, 1 + 2 * k))  # front
        sides.append((2 + 2 * k, n - 1 - 2 * k))  # back
    return sides


def impose(print_pdf: Path, out: Path, trim_name: str) -> int:
    import pikepdf

    src = pikepdf.open(print_pdf)
    n = len(src.pages)
    sheet_w, sheet_h = (v * MM for v in SHEETS[trim_name])
    booklet = pikepdf.new()
    forms = []
    for page in src.pages:
        forms.append(booklet.copy_foreign(page.as_form_xobject()))
    trims = [[float(v) for v in page.TrimBox] for page in src.pages]
    for left, right in pairs(n):
        ops, xobjects = [], {}
        for slot, number in enumerate((left, right)):
            x0, y0, x1, y1 = trims[number - 1]
            w, h = x1 - x0, y1 - y0
            scale = min(1.0, sheet_w / 2 / w, sheet_h / h)
            # The spine is the sheet's centre line: the left page ends there, the right starts.
            tx = sheet_w / 2 - (w * scale if slot == 0 else 0)
            ty = (sheet_h - h * scale) / 2
            name = f"/P{number}"
            xobjects[name] = forms[number - 1]
            ops.append(f"q {tx:.3f} {ty:.3f} {w * scale:.3f} {h * scale:.3f} re W n "
                       f"{scale:.5f} 0 0 {scale:.5f} {tx - x0 * scale:.3f} {ty - y0 * scale:.3f} cm "
                       f"{name} Do Q")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, sheet_w, sheet_h],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects)),
            Contents=booklet.make_stream("\n".join(ops).encode()))
        booklet.pages.append(pikepdf.Page(page))
    booklet.docinfo = booklet.make_indirect(pikepdf.Dictionary(
        Title=f"{src.docinfo.get('/Title', '')} – bản dàn trang in gập (2 trang/mặt giấy)",
        Producer=str(src.docinfo.get("/Producer", "")),
        CreationDate=src.docinfo.get("/CreationDate", ""),
        ModDate=src.docinfo.get("/ModDate", "")))
    out.parent.mkdir(parents=True, exist_ok=True)
    booklet.save(out, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return len(booklet.pages)
