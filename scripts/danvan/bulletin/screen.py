"""The screen edition: the PDF the site offers for download.

Written from the same layout as the print edition, without the padding pages, the bleed
or the marks: WeasyPrint's ``pdf/ua-1`` variant (tagged, /Lang vi from <html lang="vi">,
bookmarks from the headings: sections, then articles), sRGB. Then images are resampled to
a screen resolution (at their placed size, never up), the reader opens on the bookmarks
with the document title shown, and the file ID comes from the content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .layout import Layout, strict

SCREEN_PPI = 150
JPEG_QUALITY = 82


@dataclass
class ScreenReport:
    pages: int
    bookmarks: int


def write(layout: Layout, out: Path, title: str) -> ScreenReport:
    import pikepdf
    from weasyprint import Document

    source = layout.document
    # A Document of the screen pages without the CMYK output intent (it would make the
    # file claim a print condition); the bleed is part of each page's painting, set aside.
    document = Document(layout.screen_pages, source.metadata, source.url_fetcher,
                        source.font_config, {}, None)
    saved = [page.bleed for page in document.pages]
    try:
        for page in document.pages:
            page.bleed = {side: 0 for side in ("top", "right", "bottom", "left")}
        with strict(out.name, "không ghi được bản điện tử"):
            raw = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        for page, bleed in zip(document.pages, saved):
            page.bleed = bleed
    pdf = pikepdf.open(io.BytesIO(raw))
    _downsample(pdf, layout)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    with pdf.open_outline() as outline:
        bookmarks = _count(outline.root)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             recompress_flate=True)
    return ScreenReport(len(pdf.pages), bookmarks)


def _count(items) -> int:
    return sum(1 + _count(item.children) for item in items)


def _downsample(pdf, layout: Layout) -> None:
    """Resample every image above SCREEN_PPI at its largest placed size."""
    import pikepdf
    from PIL import Image

    # Placed size by pixel size: the same file is the same image object in the PDF.
    largest: dict[tuple[int, int], float] = {}
    for placed in layout.images:
        ratio = SCREEN_PPI / placed.ppi
        largest[placed.pixels] = max(largest.get(placed.pixels, 0), ratio)
    done = set()
    for page in pdf.pages:
        for xobject in _images_of(page):
            if xobject.objgen in done or xobject.get("/ImageMask"):
                continue
            done.add(xobject.objgen)
            width, height = int(xobject.Width), int(xobject.Height)
            ratio = min((r for (w, h), r in largest.items()
                         if abs(w - width) <= 2 or abs(h - height) <= 2), default=1)
            if ratio >= 0.95 or "/SMask" in xobject:
                continue
            for native in (0.5, 0.25, 0.125):  # JPEG decodes at these scales for free
                if native <= ratio <= native * 1.2:
                    ratio = native
            size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
            if xobject.get("/Filter") == "/DCTDecode":
                # libjpeg decodes straight at 1/2, 1/4 or 1/8 scale: far less work.
                pil = Image.open(io.BytesIO(xobject.read_raw_bytes()))
                pil.draft(pil.mode, size)
            else:
                pil = pikepdf.PdfImage(xobject).as_pil_image()
            if pil.mode not in ("RGB", "L"):
                continue
            small = pil.resize(size, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            small.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
            xobject.write(buffer.getvalue(), filter=pikepdf.Name.DCTDecode)
            xobject.Width, xobject.Height = size
            xobject.ColorSpace = (pikepdf.Name.DeviceRGB if pil.mode == "RGB"
                                  else pikepdf.Name.DeviceGray)
            xobject.BitsPerComponent = 8
            for key in ("/DecodeParms", "/Decode"):
                if key in xobject:
                    del xobject[key]


def _images_of(page) -> list:
    """The image XObjects a page draws directly (WeasyPrint draws no image inside a form)."""
    xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
    return [x for x in dict(xobjects).values() if x.get("/Subtype") == "/Image"]
