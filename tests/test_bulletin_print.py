"""The bulletin's print production: the booklet of every trim (sheet, order, bleed, crop and
fold marks, creep, a sheet too small), the FOGRA39 output intent and colour conversion, and
the sample cover art drawn without aliasing.

Checked with the PDFs' boxes and content, and by drawing the sheets (pdftoppm at 72 dpi:
one pixel per point) and reading their pixels.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from builders import Project
from PIL import Image, ImageCms
from test_bulletin import (MM, assert_booklet_order, build, cache_dir,  # noqa: F401
                           font_cache, run, small_issue)

from danvan.bulletin import BulletinError, booklet, profile
from danvan.bulletin import print as print_edition
from danvan.bulletin.render import TRIMS

SHEET_MM = {"a4": (450, 320), "19x27": (420, 297), "a5": (420, 297)}  # landscape
# A print shop's own profile, for the bulletin_icc option: Ghostscript's (libgs-common).
GS_SWOP = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@pytest.fixture(scope="module", params=["a4", "19x27", "a5"])
def trimmed(request, tmp_path_factory, font_cache):  # noqa: F811
    """An 8-page issue (two booklet sheets) of each trim."""
    tmp = tmp_path_factory.mktemp(request.param)
    project = Project(tmp / "project")
    source = small_issue(project, articles=3, trim=request.param)
    result = build(project, cache_dir(tmp, font_cache))
    return request.param, project, result.outputs[source]


# --- Booklet --------------------------------------------------------------------------------------


def segments(page) -> list[tuple[float, float, float, float, bool]]:
    """The marks drawn on a booklet sheet: (x0, y0, x1, y1, dashed)."""
    data = page.obj.Contents.read_bytes().decode()
    marks = data[data.index("/DanvanAll CS"):]
    found, dashed = [], False
    pattern = r"(\[[\d ]*\] \d+ d)|([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S"
    for m in re.finditer(pattern, marks):
        if m[1]:
            dashed = m[1] != "[] 0 d"
        else:
            found.append((*(float(v) for v in m.groups()[1:]), dashed))
    return found


def test_booklet_sheet_boxes_and_marks_outside_the_bleed(trimmed):
    trim_name, _, out = trimmed
    trim = TRIMS[trim_name]
    with pikepdf.open(out.booklet) as pdf:
        assert len(pdf.pages) == out.print_pages // 2
        for side, page in enumerate(pdf.pages):
            media = [float(v) for v in page.MediaBox]
            assert (round(media[2] / MM), round(media[3] / MM)) == SHEET_MM[trim_name]
            x0, y0, x1, y1 = (float(v) for v in page.TrimBox)
            shift = (side // 2) * booklet.DEFAULT_CREEP_MM  # creep: inner sheets narrower
            assert ((x1 - x0) / MM, (y1 - y0) / MM) == pytest.approx(
                (2 * trim.width - 2 * shift, trim.height), abs=0.01)
            assert (x0 + x1) / 2 == pytest.approx(media[2] / 2)  # the fold at the centre
            bx0, by0, bx1, by1 = (float(v) for v in page.BleedBox)
            assert [bx0, by0, bx1, by1] == pytest.approx(
                [x0 - 3 * MM, y0 - 3 * MM, x1 + 3 * MM, y1 + 3 * MM], abs=0.01)
            marks = segments(page)
            crops = [s for s in marks if not s[4]]
            folds = [s for s in marks if s[4]]
            assert len(crops) == 8 and len(folds) == 2
            for ax, ay, cx, cy, _ in marks:
                assert (max(ax, cx) <= bx0 or min(ax, cx) >= bx1 or
                        max(ay, cy) <= by0 or min(ay, cy) >= by1), (side, ax, ay, cx, cy)
                assert all(0 < v < media[2] for v in (ax, cx))
                assert all(0 < v < media[3] for v in (ay, cy))
            for ax, ay, cx, cy, _ in folds:
                assert ax == cx == pytest.approx(media[2] / 2, abs=0.01)
                assert min(ay, cy) >= by1 or max(ay, cy) <= by0


def test_booklet_pages_are_in_saddle_stitch_order(trimmed):
    assert_booklet_order(trimmed[2])


def draw(pdf: Path, side: int, folder: Path) -> Image.Image:
    """A sheet side drawn at 72 dpi (one pixel per point), in RGB."""
    stem = folder / f"side-{side}"
    run("pdftoppm", "-r", "72", "-png", "-f", str(side), "-l", str(side), "-singlefile",
        str(pdf), str(stem))
    return Image.open(f"{stem}.png").convert("RGB")


def test_booklet_sheet_drawn_has_bleed_and_nothing_but_marks_outside_it(trimmed, tmp_path):
    """Sheet 1's front carries the back cover (left) and the cover (right): their colour runs
    3 mm past the trim into the bleed, and past the bleed only the marks are drawn."""
    _, _, out = trimmed
    with pikepdf.open(out.booklet) as pdf:
        page = pdf.pages[0]
        height = float(page.MediaBox[3])
        bx0, by0, bx1, by1 = (float(v) for v in page.BleedBox)
        x0, y0, x1, y1 = (float(v) for v in page.TrimBox)
        marks = segments(page)
    image = draw(out.booklet, 1, tmp_path)
    width_px, height_px = image.size
    pixels = image.load()

    def white(x: int, y_pdf: float) -> bool:
        return min(pixels[x, int(height - y_pdf)]) > 235

    def near_mark(x: int, y: int) -> bool:  # y in image rows
        return any(min(ax, cx) - 2 <= x <= max(ax, cx) + 2
                   and min(ay, cy) - 2 <= height - y <= max(ay, cy) + 2
                   for ax, ay, cx, cy, _ in marks)

    def in_bleed(x: int, y: int) -> bool:
        return bx0 - 1 <= x <= bx1 + 1 and height - by1 - 1 <= y <= height - by0 + 1

    ink_outside = [(x, y) for y in range(height_px) for x in range(width_px)
                   if min(pixels[x, y]) < 235 and not in_bleed(x, y) and not near_mark(x, y)]
    assert ink_outside == []
    assert any(min(pixels[x, y]) < 128 for x, y in [(round(a), round(height - b))
               for a, b, *_ in marks]), "the marks are drawn"
    # In the bleed: the cover's band at the head of the right page, the back cover's band at
    # the foot of the left page (both full-bleed in the design).
    mid_right, mid_left = round((x0 + x1) / 2 + (x1 - x0) / 4), round(x0 + (x1 - x0) / 4)
    assert not white(mid_right, y1 + 1.5 * MM) and white(mid_right, by1 + 1.5 * MM)
    assert not white(mid_left, y0 - 1.5 * MM) and white(mid_left, by0 - 1.5 * MM)


def test_creep_moves_inner_sheets_towards_the_fold(trimmed, tmp_path):
    _, _, out = trimmed
    flat, crept = tmp_path / "flat.pdf", tmp_path / "crept.pdf"
    booklet.impose(out.print, flat, trimmed[0], creep=0)
    booklet.impose(out.print, crept, trimmed[0], creep=1.0)

    def placements(pdf_path: Path) -> list[dict[str, float]]:
        """Each sheet side's pages: where each is moved to (x), by the cm before its Do."""
        with pikepdf.open(pdf_path) as pdf:
            return [{name: float(x) for x, name in re.findall(
                r"1 0 0 1 ([-\d.]+) [-\d.]+ cm (/P\d+) Do",
                page.obj.Contents.read_bytes().decode())} for page in pdf.pages]
    before, after = placements(flat), placements(crept)
    for side, (left, right) in enumerate(booklet.pairs(out.print_pages)):
        shift = (side // 2) * 1.0 * MM  # sheet 0 stays, sheet 1 moves 1 mm in
        moved = (after[side][f"/P{left}"] - before[side][f"/P{left}"],
                 after[side][f"/P{right}"] - before[side][f"/P{right}"])
        assert moved == pytest.approx((shift, -shift), abs=0.01)
    with pikepdf.open(crept) as pdf:
        trim = [float(v) for v in pdf.pages[2].TrimBox]
        assert (trim[2] - trim[0]) / MM == pytest.approx(2 * TRIMS[trimmed[0]].width - 2, abs=0.01)


@pytest.mark.parametrize("trim_name, sheet", [("a4", "A3"), ("a5", "A4"), ("a5", "SRA4"),
                                              ("19x27", "A4")])
def test_a_sheet_too_small_for_the_trim_is_refused_in_vietnamese(trim_name, sheet):
    with pytest.raises(booklet.SheetTooSmall, match=f"khổ giấy {re.escape(sheet)} .*nhỏ hơn"):
        booklet.check_fits(booklet.sheet_size(sheet, trim_name), trim_name)


@pytest.mark.parametrize("trim_name", ["a4", "19x27", "a5"])
def test_the_default_sheet_fits_and_a_named_size_is_read_either_way_round(trim_name):
    booklet.check_fits(booklet.sheet_size(None, trim_name), trim_name)
    sheet = booklet.sheet_size("320 x 450", trim_name)
    assert (sheet.width, sheet.height) == (450, 320)
    with pytest.raises(BulletinError, match="bulletin_booklet_sheet"):
        booklet.sheet_size("A9-ish", trim_name)
    with pytest.raises(BulletinError, match="bulletin_creep"):
        booklet.check_options(None, -0.2)


def test_a4_issue_on_a3_gets_no_booklet_and_a_shops_profile(tmp_path, font_cache):  # noqa: F811
    """One build with the print shop's settings: sheets of A3 (too small for A4 pages with
    bleed: no booklet, a warning saying why and what to do), and its own CMYK profile (the
    output intent then names that profile)."""
    if not GS_SWOP.is_file():
        pytest.skip("Ghostscript's profile (libgs-common) is not installed")
    project = Project(tmp_path / "project")
    source = small_issue(project, articles=2)
    caches = cache_dir(tmp_path, font_cache)
    first = build(project, caches, booklet_sheet="A3", icc=GS_SWOP)
    out = first.outputs[source]
    assert out.print.is_file() and not out.booklet.exists()
    warning = "\n".join(str(w) for w in out.warnings)
    assert source in warning and "khổ giấy A3" in warning and "SRA3" in warning, warning
    assert "Cách sửa" in warning
    again = build(project, caches, booklet_sheet="A3", icc=GS_SWOP)
    assert again.rendered == 0 and again.outputs[source].warnings == out.warnings
    with pikepdf.open(out.print) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "Artifex CMYK SWOP Profile"
        assert "/RegistryName" not in intent
        assert intent.DestOutputProfile.read_bytes() == GS_SWOP.read_bytes()


# --- Output intent and colour -------------------------------------------------------------------


def test_print_output_intent_is_fogra39_with_the_profile_embedded(trimmed):
    _, _, out = trimmed
    expected = profile.DEFAULT_ICC.read_bytes()
    for pdf_path in (out.print, out.booklet):
        with pikepdf.open(pdf_path) as pdf:
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1
            intent = intents[0]
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert str(intent.OutputCondition) == "Coated FOGRA39 (ISO 12647-2:2004)"
            assert str(intent.RegistryName) == "http://www.color.org"
            assert "FOGRA39" in str(intent.Info)
            assert intent.DestOutputProfile.read_bytes() == expected
            assert int(intent.DestOutputProfile.N) == 4


# FOGRA39 characterisation data (FOGRA39L.ti3): CMYK % -> CIELAB (D50).
FOGRA39_LAB = {
    (0, 0, 0, 0): (95.00, 0.00, -2.00),
    (100, 0, 0, 0): (55.00, -37.00, -50.00),
    (0, 100, 0, 0): (48.00, 74.00, -3.00),
    (0, 0, 100, 0): (89.00, -5.00, 93.00),
    (0, 0, 0, 100): (16.00, 0.00, 0.00),
    (100, 100, 0, 0): (24.00, 22.00, -46.00),
    (0, 100, 100, 0): (47.00, 68.00, 48.00),
    (100, 0, 100, 0): (50.00, -65.00, 27.00),
}


def lab_of(colour: tuple, icc, mode: str = "CMYK",
           intent=ImageCms.Intent.ABSOLUTE_COLORIMETRIC) -> tuple[float, float, float]:
    """CIELAB (D50) of a colour in % (CMYK) or 0–255 (RGB) through a profile."""
    transform = ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(icc)) if isinstance(icc, Path) else icc,
        ImageCms.createProfile("LAB", 5000), mode, "LAB", renderingIntent=intent)
    values = tuple(round(v * 2.55) for v in colour) if mode == "CMYK" else colour
    lab = ImageCms.applyTransform(Image.new(mode, (1, 1), values), transform).getpixel((0, 0))
    return lab[0] / 2.55, lab[1] - 128, lab[2] - 128  # Pillow's LAB: L 0–255, a/b offset


def delta_e(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


@pytest.mark.parametrize("cmyk, lab", FOGRA39_LAB.items())
def test_default_profile_prints_the_fogra39_condition(cmyk, lab):
    assert delta_e(lab_of(cmyk, profile.DEFAULT_ICC), lab) < 3


def test_fogra39_is_not_what_the_old_swop_profile_prints():
    """The check above can fail: SWOP's magenta and blue are far from FOGRA39's."""
    if not GS_SWOP.is_file():
        pytest.skip("Ghostscript's profile (libgs-common) is not installed")
    assert max(delta_e(lab_of(c, GS_SWOP), lab) for c, lab in FOGRA39_LAB.items()) > 3


def test_colours_and_photos_convert_through_the_output_profile(trimmed):
    """A design colour off the palette round-trips through the profile; the cover photo
    (flat blue over flat green) is in the print PDF as the profile converts it."""
    _, _, out = trimmed
    converter = print_edition._Converter(profile.DEFAULT_ICC)
    rgb = (51, 115, 77)  # a green off the palette, inside the print gamut
    cmyk = converter.colour(tuple(v / 255 for v in rgb))
    assert len(cmyk) == 4 and 0 < cmyk[0] < 1
    relative = ImageCms.Intent.RELATIVE_COLORIMETRIC
    printed = lab_of(tuple(v * 100 for v in cmyk), profile.DEFAULT_ICC, intent=relative)
    wanted = lab_of(rgb, ImageCms.createProfile("sRGB"), "RGB", relative)
    assert delta_e(printed, wanted) < 5, (printed, wanted)

    sky = converter.image(Image.new("RGB", (1, 1), (120, 170, 215))).getpixel((0, 0))
    with pikepdf.open(out.print) as pdf:
        photo = max((x for page in pdf.pages[:1] for x in print_edition._images_of(page)),
                    key=lambda x: int(x.Width))
        assert photo.ColorSpace == "/DeviceCMYK"
        printed = Image.open(io.BytesIO(photo.read_raw_bytes()))
        assert printed.mode == "CMYK"
        top = printed.getpixel((printed.width // 2, printed.height // 8))
    assert max(abs(a - b) for a, b in zip(top, sky)) <= 4, (top, sky)
    if GS_SWOP.is_file():  # another profile would give other inks
        swop = print_edition._Converter(GS_SWOP).image(
            Image.new("RGB", (1, 1), (120, 170, 215))).getpixel((0, 0))
        assert max(abs(a - b) for a, b in zip(top, swop)) > 4


def test_output_intent_names_only_a_fogra39_profile():
    assert profile.output_intent(profile.DEFAULT_ICC)["/OutputConditionIdentifier"] == "FOGRA39"
    if GS_SWOP.is_file():
        assert profile.output_intent(GS_SWOP) == {}
    data = profile.fix_date(profile.DEFAULT_ICC.read_bytes())
    assert data == profile.DEFAULT_ICC.read_bytes()  # the checked-in file has the fixed date


# --- Cover art ------------------------------------------------------------------------------------


def test_cover_art_is_drawn_without_aliasing():
    """Pillow draws without anti-aliasing: the field drawn at its size had four exact
    colours (staircase edges, and a moiré fan where the rows converge on the horizon).
    Supersampled and reduced with a Lanczos filter, the rows' edges blend into thousands
    of intermediate tones."""
    from danvan.bulletin.sample_art import _landscape

    image = _landscape((900, 560), (120, 170, 215), (92, 160, 70), (250, 200, 80), 1)
    field = image.crop((0, int(560 * 0.6), 900, 560))
    assert len(field.getcolors(900 * 560)) > 1000


def test_the_photos_are_found_for_their_conversion_before_the_layout():
    """The CMYK conversion of an issue's photos runs on the spare core during the layout
    (build.render_issue); it must find every photo the HTML shows, or the print edition
    converts them afterwards, on the critical path (a second per issue, silently)."""
    import datetime as dt

    from danvan import content, markup
    from danvan.bulletin import render
    from danvan.bulletin.build import photo_paths
    from danvan.bulletin.fonts import merged_faces
    from danvan.bulletin.tracking import resolve
    from builders import REPO

    corpus = content.load(REPO, dt.date(2026, 11, 27))
    resolve(corpus)
    issue = corpus.by_source["bulletins/2026/so-01.md"]
    faces = merged_faces(REPO, REPO / ".cache" / "bulletins")
    job = render.build_job(corpus, issue, faces, markup.settings(), "https://x.example/")
    found = photo_paths(job)
    assert len(found) >= 5 and all(Path(p).is_file() for p in found)
    assert any(p.endswith("bulletins/2026/anh/bia-so-01.jpg") for p in found)
