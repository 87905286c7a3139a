"""The print edition: the file the print shop gets. PDF/X-4, CMYK, trim + bleed + crop marks.

WeasyPrint writes the shared layout with its ``pdf/x-4`` variant (the XMP identification,
/Trapped, the CMYK output intent from the @color-profile in bulletin.css); then this
module post-processes the file:

- output intent: a FOGRA39 profile (the default, profile.py) is named by its registered
  condition, OutputConditionIdentifier ``FOGRA39`` (WeasyPrint writes the description);

- colours: every sRGB colour of the design becomes its CMYK recipe (render.PALETTE), any
  grey becomes black ink only (so text is printed with one plate), other colours go through
  the output profile; images are converted to CMYK with the same profile, never upsampled;
- boxes: TrimBox is the trim size exactly, BleedBox the trim plus 3 mm on every side, and
  the MediaBox adds a slug outside the bleed, where the crop marks are drawn (WeasyPrint's
  own ``marks: crop`` draws them inside the bleed, which a print shop trims into);
- identifiers: the XMP DocumentID (a random UUID) and the file ID come from the content.

Then it checks what a preflight would: fonts embedded, subset and only the declared
families; no RGB left; every image's effective resolution at its placed size.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import BulletinError
from .fonts import declared
from .layout import Layout, strict
from .profile import output_intent
from .render import BLEED_MM, PALETTE, TRIMS

MM = 72 / 25.4
SLUG_MM = 10.0  # outside the bleed: room for the crop marks
MARK_OFFSET_MM = BLEED_MM + 0.5  # marks start outside the bleed, never inside it
MARK_LENGTH_MM = 5.0
MIN_PPI = 300

_RGB_OP = re.compile(rb"(?<![\w.\-])(-?\d*\.?\d+) (-?\d*\.?\d+) (-?\d*\.?\d+) (rg|RG)(?![\w])")


@dataclass
class PrintReport:
    pages: int
    fonts: list[str] = field(default_factory=list)
    low_resolution: list[tuple[str, int, int]] = field(default_factory=list)  # file, page, ppi


def write(layout: Layout, out: Path, icc: Path, trim_name: str, ident: str,
          converted: dict[str, bytes] | None = None) -> PrintReport:
    """Write the print edition of a laid-out issue to ``out``. ``converted`` holds CMYK
    versions of JPEG photos made beforehand (see ``convert_photos``)."""
    import pikepdf

    document = layout.document.copy(layout.print_pages)
    with strict(out.name, "không ghi được bản in"):
        raw = document.write_pdf(pdf_variant="pdf/x-4")
    pdf = pikepdf.open(io.BytesIO(raw))
    _name_output_intent(pdf, icc)
    cmyk, seen = _Converter(icc), set()
    cmyk.converted = converted or {}
    for page in pdf.pages:
        _convert_resources(pdf, page.obj, cmyk, seen)
        page.contents_coalesce()
        page.Contents.write(cmyk.content(page.Contents.read_bytes()))
        _boxes_and_marks(pdf, page, TRIMS[trim_name])
    _fix_xmp(pdf, ident)
    report = PrintReport(len(pdf.pages), fonts=check_fonts(pdf, out.name))
    _check_no_rgb(pdf, out.name)
    report.low_resolution = [(img.src, img.page, round(img.ppi)) for img in layout.images
                             if img.ppi < MIN_PPI]
    out.parent.mkdir(parents=True, exist_ok=True)
    if "/ID" in pdf.trailer:  # WeasyPrint's hashes the random XMP id: let qpdf derive both
        del pdf.trailer["/ID"]
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return report


# --- Colour ----------------------------------------------------------------------------------


def _name_output_intent(pdf, icc: Path) -> None:
    """The output intent WeasyPrint wrote (it embeds the profile, names it by its
    description) gets the registered condition of a FOGRA39 profile."""
    for key, value in output_intent(icc).items():
        pdf.Root.OutputIntents[0][key] = value


class _Converter:
    """sRGB -> CMYK: the design's recipes, greys to black ink, else the output profile
    (relative colorimetric with black point compensation, as a prepress application
    converts photos: shadows keep their detail instead of clipping to the darkest ink)."""

    def __init__(self, icc: Path):
        from PIL import ImageCms

        self.srgb = ImageCms.createProfile("sRGB")
        self.cmyk = ImageCms.getOpenProfile(str(icc))
        self.recipes = {_hex_to_rgb(hex_value): recipe for hex_value, recipe in PALETTE.values()}
        self._transform = None
        self._cache: dict[tuple[int, int, int], tuple[float, ...]] = {}

    def colour(self, rgb: tuple[float, float, float]) -> tuple[float, ...]:
        key = tuple(max(0, min(255, round(c * 255))) for c in rgb)
        if key in self._cache:
            return self._cache[key]
        if key in self.recipes:
            value = self.recipes[key]
        elif key[0] == key[1] == key[2]:
            value = (0, 0, 0, round(1 - key[0] / 255, 4))
        else:
            from PIL import Image

            pixel = self._image_transform(Image.new("RGB", (1, 1), key)).getpixel((0, 0))
            value = tuple(round(v / 255, 4) for v in pixel)
        self._cache[key] = value
        return value

    def _image_transform(self, image):
        from PIL import ImageCms

        if self._transform is None:
            self._transform = ImageCms.buildTransform(
                self.srgb, self.cmyk, "RGB", "CMYK",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
        return ImageCms.applyTransform(image, self._transform)

    def content(self, data: bytes) -> bytes:
        # WeasyPrint writes glyphs as hex strings, so "r g b rg" cannot occur inside text.
        def swap(m: re.Match) -> bytes:
            c = self.colour(tuple(float(g) for g in m.groups()[:3]))
            op = b"k" if m.group(4) == b"rg" else b"K"
            return b" ".join(_num(v) for v in c) + b" " + op
        return _RGB_OP.sub(swap, data)

    def image(self, pil_image):
        return self._image_transform(pil_image.convert("RGB"))


def _num(value: float) -> bytes:
    return (f"{value:.4f}".rstrip("0").rstrip(".") or "0").encode()


def _hex_to_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def _convert_resources(pdf, holder, cmyk: _Converter, seen: set) -> None:
    """Images to CMYK and nested forms' content, recursively (each object once)."""
    import pikepdf

    resources = holder.get("/Resources")
    if resources is None:
        return
    for name, xobject in dict(resources.get("/XObject", {})).items():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.get("/Subtype") == "/Image":
            _image_to_cmyk(xobject, cmyk)
        elif xobject.get("/Subtype") == "/Form":
            xobject.write(cmyk.content(xobject.read_bytes()))
            _convert_resources(pdf, xobject, cmyk, seen)
    for name, pattern in dict(resources.get("/Pattern", {})).items():
        if pattern.objgen not in seen and isinstance(pattern, pikepdf.Stream):
            seen.add(pattern.objgen)
            pattern.write(cmyk.content(pattern.read_bytes()))
            _convert_resources(pdf, pattern, cmyk, seen)


def _image_to_cmyk(xobject, cmyk: _Converter) -> None:
    import pikepdf
    from pikepdf import Name

    if xobject.get("/ColorSpace") != "/DeviceRGB" or xobject.get("/ImageMask"):
        return  # grey and CMYK images are fine as they are; masks carry no colour
    data = None
    if xobject.get("/Filter") == "/DCTDecode":  # WeasyPrint embeds a JPEG file as it is
        data = cmyk.converted.get(hashlib.sha256(xobject.read_raw_bytes()).hexdigest())
    if data is None:
        data = _cmyk_jpeg(cmyk.image(pikepdf.PdfImage(xobject).as_pil_image()))
    xobject.write(data, filter=Name.DCTDecode)
    xobject.ColorSpace = Name.DeviceCMYK
    xobject.BitsPerComponent = 8
    # Pillow writes Adobe-style (inverted) CMYK JPEGs, like Photoshop: undo it on decode.
    xobject.Decode = pikepdf.Array([1, 0, 1, 0, 1, 0, 1, 0])
    if "/DecodeParms" in xobject:
        del xobject["/DecodeParms"]


def _cmyk_jpeg(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, subsampling=0)
    return buffer.getvalue()


def convert_photos(paths: list[str], icc: Path) -> dict[str, bytes]:
    """CMYK JPEGs of the issue's RGB JPEG photos, keyed by the hash of the file's bytes.

    Run on a spare core while the issue is laid out (build.render_issue); write() then
    finds each photo in the PDF by the same hash, since WeasyPrint embeds a JPEG unchanged.
    """
    from PIL import Image

    cmyk, converted = _Converter(icc), {}
    for path in dict.fromkeys(paths):
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        if data[:2] != b"\xff\xd8":
            continue
        with Image.open(io.BytesIO(data)) as image:
            if image.mode == "RGB":
                converted[hashlib.sha256(data).hexdigest()] = _cmyk_jpeg(cmyk.image(image))
    return converted


def _check_no_rgb(pdf, name: str) -> None:
    import pikepdf

    for number, page in enumerate(pdf.pages, start=1):
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        if any(_RGB_OP.search(stream.read_bytes()) for stream in streams):
            raise BulletinError(f"{name}: trang {number} còn màu RGB sau khi chuyển sang CMYK")
        for xobject in _images_of(page):
            if xobject.get("/ColorSpace") == "/DeviceRGB":
                raise BulletinError(f"{name}: trang {number} còn ảnh RGB sau khi chuyển sang CMYK")


# --- Boxes and marks ---------------------------------------------------------------------------


def _boxes_and_marks(pdf, page, trim) -> None:
    import pikepdf

    x0, y0, x1, y1 = (float(v) for v in page.TrimBox)
    # WeasyPrint's TrimBox is the page size in CSS px * 0.75; set it to the exact millimetres.
    x1, y1 = x0 + trim.width * MM, y0 + trim.height * MM
    bleed, slug = BLEED_MM * MM, (BLEED_MM + SLUG_MM) * MM
    page.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    page.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    page.MediaBox = pikepdf.Array([x0 - slug, y0 - slug, x1 + slug, y1 + slug])
    for box in ("/CropBox", "/ArtBox"):
        if box in page.obj:
            del page.obj[box]
    off, length = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM
    lines = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            # Horizontal mark on the trim line y, vertical mark on the trim line x.
            lines.append((x + dx * off, y, x + dx * (off + length), y))
            lines.append((x, y + dy * off, x, y + dy * (off + length)))
    ops = ["q", "/DanvanAll CS", "1 SC", "0.25 w"]
    ops += [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines]
    ops.append("Q")
    resources = page.obj.Resources
    if "/ColorSpace" not in resources:
        resources.ColorSpace = pikepdf.Dictionary()
    elif not isinstance(resources.ColorSpace, pikepdf.Dictionary):
        resources.ColorSpace = pikepdf.Dictionary(dict(resources.ColorSpace.items()))
    resources.ColorSpace.DanvanAll = _registration(pdf)
    page.contents_add(pdf.make_stream(("\n".join(ops) + "\n").encode()), prepend=False)


def _registration(pdf):
    """The /All separation: marks printed on every plate (registration colour)."""
    import pikepdf
    from pikepdf import Name

    cache = getattr(pdf, "_danvan_all", None)
    if cache is None:
        tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0],
                                  C1=[1, 1, 1, 1], N=1)
        cache = pdf.make_indirect(pikepdf.Array([Name.Separation, Name.All, Name.DeviceCMYK,
                                                 pdf.make_indirect(tint)]))
        pdf._danvan_all = cache
    return cache


# --- Metadata and checks -------------------------------------------------------------------------


def _fix_xmp(pdf, ident: str) -> None:
    """Replace WeasyPrint's random XMP DocumentID with one derived from the content."""
    if "/Metadata" not in pdf.Root:
        return
    data = pdf.Root.Metadata.read_bytes()
    stable = uuid.UUID(hashlib.sha256(ident.encode()).hexdigest()[:32])
    data = re.sub(rb"xmp\.did:[0-9a-f-]{36}", f"xmp.did:{stable}".encode(), data)
    pdf.Root.Metadata.write(data)


def check_fonts(pdf, name: str) -> list[str]:
    """Every font embedded, subset, and one of the families the design declares."""
    found: dict[str, bool] = {}
    for page in pdf.pages:
        _fonts_in(page.obj.get("/Resources"), found, set())
    for base_font, embedded in sorted(found.items()):
        if not embedded:
            raise BulletinError(f"{name}: phông chữ {base_font} không được nhúng")
        if not re.match(r"^[A-Z]{6}\+", base_font):
            raise BulletinError(f"{name}: phông chữ {base_font} không được nhúng tập con (subset)")
        if not declared(base_font):
            raise BulletinError(
                f"{name}: có phông chữ thay thế {base_font}, ngoài Be Vietnam Pro và Noto Serif "
                "mà thiết kế khai báo; một ký tự nào đó không có trong hai phông này")
    return sorted(found)


def _fonts_in(resources, found: dict, seen: set) -> None:
    if resources is None:
        return
    for font in dict(resources.get("/Font", {})).values():
        base = str(font.get("/BaseFont", ""))
        descendants = font.get("/DescendantFonts")
        target = descendants[0] if descendants is not None else font
        descriptor = target.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        found[base.lstrip("/")] = embedded or font.get("/Subtype") == "/Type3"
    for xobject in dict(resources.get("/XObject", {})).values():
        if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(xobject.objgen)
            _fonts_in(xobject.get("/Resources"), found, seen)


def _images_of(page) -> list:
    """The image XObjects a page draws directly (WeasyPrint draws no image inside a form)."""
    xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
    return [x for x in dict(xobjects).values() if x.get("/Subtype") == "/Image"]
