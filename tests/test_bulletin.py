"""The bulletin: manifest validation, the print and screen editions checked with real tools
(qpdf, pdffonts, pdfinfo, pdfimages, pdftotext), the booklet, reproducibility, the cache,
and the bulletin on the website.

Fixture issues are small (short articles, one page each) so that the whole file renders in
well under a minute on two cores; the sample issues are built once, from the cache if the
sample site was already built.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from builders import REPO, Project, article
from PIL import Image

from danvan import content
from danvan.build import build_site
from danvan.bulletin import BulletinError, booklet
from danvan.bulletin.build import build_issues
from danvan.bulletin.fonts import merged_faces

TODAY = dt.date(2026, 11, 27)
SITE_URL = "https://danvan.hungyen.example/"
MM = 72 / 25.4
ARTIFACTS = REPO / "tests" / "artifacts" / "bulletin"
WORDS = ("Công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp được nâng lên; "
         "thế hệ cán bộ trẻ tiếp dân, đối thoại, lắng nghe ý kiến nhân dân ở cơ sở. ")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def font_cache() -> Path:
    """The merged fonts, made once (they are cached by content hash under .cache/)."""
    folder = REPO / ".cache" / "bulletins"
    merged_faces(REPO, folder)
    return folder / "fonts"


def cache_dir(tmp: Path, font_cache: Path) -> Path:
    folder = tmp / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "fonts").exists():
        (folder / "fonts").symlink_to(font_cache)
    return folder


def manifest(number: int, sections: list[tuple[str, list[str]]], date: str = "2026-10-15",
             trim: str = "a4", extra: str = "", body: str = "Lời tòa soạn của số thử.\n") -> str:
    lines = [f"number: {number}", "year: 2026", f"date: {date}", f"trim: {trim}",
             "cover:", "  image: anh/bia.jpg", '  alt: "Tranh minh họa cánh đồng"',
             '  caption: "Cánh đồng (tranh minh họa)"', "  illustrative: true", "sections:"]
    for title, paths in sections:
        lines.append(f"  - title: {title}")
        lines.append("    articles:")
        lines += [f"      - {p}" for p in paths]
    lines += ["colophon:", "  responsible: Trưởng ban", "  editorial_board: [Thành viên A]",
              "  print_run: 300", "  licence: Giấy phép số 1/GP", "  printer: Cơ sở in thử",
              "status: published"]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n" + body


def cover_image(project: Project, rel: str = "bulletins/2026/anh/bia.jpg",
                size=(2600, 1700)) -> None:
    path = project.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (120, 170, 215))
    image.paste((92, 160, 70), (0, size[1] // 2, size[0], size[1]))
    image.save(path, "JPEG", quality=80)


def small_issue(project: Project, number: int = 7, articles: int = 11, trim: str = "a4") -> str:
    """An issue of one-page articles: cover, contents, editorial, the articles, back cover."""
    cover_image(project)
    paths = []
    for n in range(1, articles + 1):
        extra = ""
        body = f"## Phần {n}\n\n" + WORDS * 6 + "\n\nThế hệ trẻ: ế, ộ, ữ, Ỷ.\n"
        if n == 2:
            body += "\n| Năm | Nội dung | Thời điểm | Ghi chú |\n|---|---|---|---|\n" \
                    "| 2016 | Triển khai | 9/2016 | — |\n"
        if n == 3:
            body += "\nCâu có chú thích.[^1]\n\n[^1]: Đề án số 02-ĐA/TU, Phần thứ hai.\n"
        if n == 4:  # a figure too small for print: a warning, never an upscale
            img = project.root / "content/tin-tuc/2026/anh/nho.png"
            img.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (600, 300), (163, 22, 26)).save(img)
            body = f'![Hình nhỏ](anh/nho.png "Hình minh họa nhỏ")\n\n{body}'
        project.write(f"content/tin-tuc/2026/bai-{n:02d}.md",
                      article(f"Bài số {n:02d} về dân vận khéo", date="2026-06-01") .replace(
                          "Nội dung của bài", body + "\n\nKết thúc bài") + extra)
        paths.append(f"content/tin-tuc/2026/bai-{n:02d}.md")
    # One article per section: each section opens a page, so the page count is known.
    rel = f"bulletins/2026/so-{number:02d}.md"
    names = ["Hoạt động dân vận", "Nghiên cứu – trao đổi"] + [f"Chuyên mục {n}" for n in
                                                             range(3, articles + 1)]
    project.write(rel, manifest(number, [(names[n], [path]) for n, path in enumerate(paths)],
                                trim=trim))
    return rel


def build(project: Project, caches: Path, **kwargs):
    corpus = content.load(project.root, TODAY)
    corpus.collector.raise_if_errors()
    return build_issues(corpus, site_url=SITE_URL,
                        cache_dir=caches, progress=False, **kwargs)


@pytest.fixture(scope="module")
def a4(tmp_path_factory, font_cache):
    """A 16-page A4 issue, built once for the module."""
    tmp = tmp_path_factory.mktemp("a4")
    project = Project(tmp / "project")
    source = small_issue(project)
    result = build(project, cache_dir(tmp, font_cache))
    return project, result, result.outputs[source]


@pytest.fixture(scope="session")
def sample():
    """The sample issues of bulletins/ (rendered once; reused from the cache afterwards)."""
    corpus = content.load(REPO, TODAY)
    result = build_issues(corpus, site_url=SITE_URL,
                          cache_dir=REPO / ".cache" / "bulletins", progress=False)
    return corpus, result


# --- Manifest validation --------------------------------------------------------------------------


@pytest.fixture
def issue_project(project):
    cover_image(project)
    project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
    project.write("content/tin-tuc/2026/nhap.md", article("Bài nháp", status="draft"))
    project.write("content/tin-tuc/2026/noi-bo.md", article("Bài nội bộ", visibility="internal"))
    project.write("content/tin-tuc/2026/sau.md", article("Bài sau", date="2026-11-01"))
    return project


def problems_of(project: Project) -> str:
    corpus = content.load(project.root, TODAY)
    return "\n".join(str(p) for p in corpus.collector.errors)


def test_valid_manifest_resolves_and_exposes_featured_in(issue_project):
    issue_project.write("bulletins/2026/so-01.md",
                        manifest(1, [("Hoạt động", ["content/tin-tuc/2026/a.md"])]))
    corpus = content.load(issue_project.root, TODAY)
    assert corpus.collector.errors == []
    issue = corpus.by_source["bulletins/2026/so-01.md"]
    assert issue.url == "ban-tin/2026/so-01/" and issue.title.endswith("số 1/2026")
    item = corpus.by_source["content/tin-tuc/2026/a.md"]
    assert corpus.issues_of(item) == [issue]
    assert [(s, [p.item for p in ps]) for s, ps in corpus.sections_of(issue)] == [("Hoạt động", [item])]


@pytest.mark.parametrize("entry, expected", [
    ("content/tin-tuc/2026/khong-co.md", "không có tệp này"),
    ("content/tin-tuc/2026/nhap.md", "bản nháp"),
    ("content/tin-tuc/2026/noi-bo.md", "nội bộ"),
    ("content/tin-tuc/2026/sau.md", "sau ngày phát hành"),
    ("content/lien-he.md", "trang tĩnh"),
])
def test_manifest_entry_errors_name_file_section_and_entry(issue_project, entry, expected):
    issue_project.write("content/lien-he.md", "---\ntitle: Liên hệ\nstatus: published\n---\n\nx\n")
    issue_project.write("bulletins/2026/so-01.md", manifest(1, [("Hoạt động", [entry])]))
    errors = problems_of(issue_project)
    assert "bulletins/2026/so-01.md:" in errors  # file and line
    assert f"chuyên mục “Hoạt động”, bài “{entry}”" in errors and expected in errors


def test_duplicate_article_is_an_error(issue_project):
    path = "content/tin-tuc/2026/a.md"
    issue_project.write("bulletins/2026/so-01.md",
                        manifest(1, [("Một", [path]), ("Hai", [path])]))
    assert "đã có trong chuyên mục “Một”" in problems_of(issue_project)


@pytest.mark.parametrize("extra, field", [
    ("quote: x\n", "quote"),  # unknown top-level field
])
def test_unknown_field_is_an_error(issue_project, extra, field):
    issue_project.write("bulletins/2026/so-01.md",
                        manifest(1, [("Một", ["content/tin-tuc/2026/a.md"])], extra=extra))
    assert f"trường “{field}”" in problems_of(issue_project)


def test_bad_fields_are_errors(issue_project):
    text = manifest(1, [("Một", ["content/tin-tuc/2026/a.md"])]).replace(
        "trim: a4", "trim: a3").replace("print_run: 300", "print_run: nhiều")
    issue_project.write("bulletins/2026/so-01.md", text)
    errors = problems_of(issue_project)
    assert "trường “trim”" in errors and "“a3” không hợp lệ" in errors
    assert "trường “colophon”" in errors and "nhiều" in errors


def test_pull_quote_must_be_in_the_article(issue_project):
    text = manifest(1, [("Một", [])]).replace(
        "    articles:\n", "    articles:\n      - article: content/tin-tuc/2026/a.md\n"
                          "        quote: Câu không có trong bài\n")
    issue_project.write("bulletins/2026/so-01.md", text)
    assert "câu trích “Câu không có trong bài” không có trong bài" in problems_of(issue_project)


def test_invalid_issue_stops_the_build_and_writes_no_pdf(issue_project):
    issue_project.write("bulletins/2026/so-01.md",
                        manifest(1, [("Một", ["content/tin-tuc/2026/nhap.md"])]))
    assert build_site(issue_project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 1
    assert not (issue_project.root / "site").exists()
    assert not list(issue_project.root.glob(".cache/bulletins/2026/**/*.pdf"))
    assert not (issue_project.root / "build").exists()


# --- Print edition -------------------------------------------------------------------------------


def boxes(pdf: Path) -> list[dict[str, list[float]]]:
    out = run("pdfinfo", "-box", "-f", "1", "-l", "999", str(pdf))
    pages: dict[int, dict[str, list[float]]] = {}
    for m in re.finditer(r"Page\s+(\d+)\s+(\w+Box):\s+([-\d.\s]+)", out):
        pages.setdefault(int(m[1]), {})[m[2]] = [float(v) for v in m[3].split()]
    return [pages[n] for n in sorted(pages)]


def test_print_trim_and_bleed_boxes_are_exact(a4):
    _, _, out = a4
    for page in boxes(out.print):
        x0, y0, x1, y1 = page["TrimBox"]
        assert (round(x1 - x0, 2), round(y1 - y0, 2)) == (round(210 * MM, 2), round(297 * MM, 2))
        assert page["BleedBox"] == pytest.approx([x0 - 3 * MM, y0 - 3 * MM, x1 + 3 * MM,
                                                  y1 + 3 * MM], abs=0.01)
        mx0, my0, mx1, my1 = page["MediaBox"]
        assert mx0 < x0 - 3 * MM and mx1 > x1 + 3 * MM  # room for the marks


def test_crop_marks_lie_outside_the_bleed(a4):
    _, _, out = a4
    with pikepdf.open(out.print) as pdf:
        page = pdf.pages[0]
        bx0, by0, bx1, by1 = (float(v) for v in page.BleedBox)
        marks = page.obj.Contents[-1].read_bytes().decode()
        segments = re.findall(r"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S", marks)
        assert len(segments) == 8
        for seg in segments:
            ax, ay, cx, cy = (float(v) for v in seg)
            outside = (max(ax, cx) <= bx0 or min(ax, cx) >= bx1 or
                       max(ay, cy) <= by0 or min(ay, cy) >= by1)
            assert outside, seg


def test_print_page_count_is_padded_in_layout_before_the_back_cover(a4):
    _, _, out = a4
    kinds = [page.kind for page in out.layout.pages]
    pads = kinds.count("padding")
    # 8 pages of the issue and the back cover: three pages of notes make 12.
    assert (out.print_pages, out.pages, pads) == (12, 9, 3)
    assert kinds[-1] == "back" and kinds[-1 - pads:-1] == ["padding"] * pads
    texts = [run("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(out.print), "-")
             for n in range(1, out.print_pages + 1)]
    assert "Kết thúc bài" in texts[7] and "GHI CHÉP" in texts[7]  # the notes follow the text
    assert "Ghi chép" in texts[8] and re.search(r"\b9\b", texts[8])  # a numbered pad
    assert "LƯU HÀNH NỘI BỘ" in texts[-1] and "Ghi chép" not in texts[-1]  # back cover last
    assert "Mục lục" in texts[1] and "Lời tòa soạn" in texts[1]


def pdffonts(pdf: Path) -> list[list[str]]:
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_fonts_embedded_subset_and_only_the_declared_families(a4, edition):
    _, _, out = a4
    fonts = pdffonts(getattr(out, edition))
    assert fonts
    families = set()
    for row in fonts:
        name, emb, sub = row[0], row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", name), row
        family = name.split("+", 1)[1].replace("-", "")
        assert family.startswith(("BeVietnamPro", "NotoSerif")), row
        families.add("BeVietnamPro" if family.startswith("BeVietnamPro") else "NotoSerif")
    assert families == {"BeVietnamPro", "NotoSerif"}  # both used, nothing else


@pytest.mark.parametrize("chars, why", [
    ("→ ⇒", "phông chữ thay thế"),  # in a system font (DejaVu), not in the design's fonts
    ("漢字", "unsupported by fonts"),  # in no font at all: an empty box
])
def test_a_character_outside_the_declared_fonts_fails_the_issue(tmp_path, font_cache, chars, why):
    project = Project(tmp_path / "project")
    cover_image(project)
    project.write("content/tin-tuc/2026/a.md",
                  article("Ký tự lạ", date="2026-06-01").replace("Nội dung", f"{chars} ngoài phông"))
    project.write("bulletins/2026/so-01.md", manifest(1, [("Một", ["content/tin-tuc/2026/a.md"])]))
    with pytest.raises(BulletinError, match=why):
        build(project, cache_dir(tmp_path, font_cache))
    assert not list((tmp_path / "cache").glob("2026/so-01/*/print.pdf"))


@pytest.mark.parametrize("edition", ["print", "screen", "booklet"])
def test_qpdf_check_passes(a4, edition):
    _, _, out = a4
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(getattr(out, edition)))


def test_print_is_pdfx4_cmyk_with_black_text_on_one_plate(a4):
    _, _, out = a4
    images = run("pdfimages", "-list", str(out.print)).splitlines()[2:]
    assert images and all(line.split()[5] == "cmyk" for line in images)
    with pikepdf.open(out.print) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"PDF/X-4" in xmp
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        page = pdf.pages[5]
        data = b"".join(s.read_bytes() for s in page.obj.Contents) if isinstance(
            page.obj.Contents, pikepdf.Array) else page.obj.Contents.read_bytes()
        assert not re.search(rb"\d rg\b", data)
        assert b"0 0 0 1 k" in data  # body text: black ink only


def test_low_resolution_image_is_reported_with_file_and_page(a4):
    _, result, out = a4
    warnings = [str(w) for w in out.warnings]
    assert any("content/tin-tuc/2026/anh/nho.png" in w and "trang" in w and "ppi" in w
               for w in warnings), warnings
    images = run("pdfimages", "-list", str(out.print)).splitlines()[2:]
    assert any(line.split()[3:5] == ["600", "300"] for line in images)  # never upsampled


# --- Booklet ------------------------------------------------------------------------------------


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_booklet_pairs_pages_for_saddle_stitching(a4):
    _, _, out = a4
    assert booklet.pairs(16)[:2] == [(16, 1), (2, 15)]
    with pikepdf.open(out.booklet) as pdf:
        assert len(pdf.pages) == out.print_pages // 2
        w, h = (float(v) for v in pdf.pages[0].MediaBox[2:])
        assert (round(w / MM), round(h / MM)) == (450, 320)  # SRA3: A4 pages with bleed
    assert_booklet_order(out)


def assert_booklet_order(out) -> None:
    """Each half of each sheet side holds the words of the page booklet.pairs puts there."""
    with pikepdf.open(out.booklet) as pdf:
        w, h = (float(v) for v in pdf.pages[0].MediaBox[2:])
    half = int(w) // 2  # pdftotext crops in points at 72 dpi
    for side, (left, right) in enumerate(booklet.pairs(out.print_pages), start=1):
        for number, x in ((left, 0), (right, half + 1)):
            imposed = run("pdftotext", "-f", str(side), "-l", str(side), "-x", str(x), "-y", "0",
                          "-W", str(half), "-H", str(int(h)), str(out.booklet), "-")
            page = run("pdftotext", "-f", str(number), "-l", str(number), str(out.print), "-")
            assert words(page) and words(page) <= words(imposed) | {"", }, (side, number)


# --- Screen edition -------------------------------------------------------------------------------


def test_screen_edition_is_tagged_with_bookmarks_metadata_and_no_bleed(a4):
    _, _, out = a4
    info = run("pdfinfo", str(out.screen))
    assert "Tagged:          yes" in info
    assert "Title:           Thông tin Dân vận Hưng Yên – Số 7/2026" in info
    assert re.search(r"Subject:\s+\S", info) and re.search(r"Keywords:\s+\S", info)
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    for page in boxes(out.screen):
        assert page["MediaBox"] == pytest.approx([0, 0, 595.28, 841.89], abs=0.01)
    with pikepdf.open(out.screen) as pdf:
        assert str(pdf.Root.Lang) == "vi"
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
            assert "Mục lục" in top and "Lời tòa soạn" in top and "Hoạt động dân vận" in top
            section = next(item for item in outline.root if item.title == "Hoạt động dân vận")
            assert [c.title for c in section.children][0].startswith("Bài số 01")
        links = [a for page in pdf.pages for a in page.get("/Annots", [])
                 if a.get("/Subtype") == "/Link"]
        assert any("/Dest" in a or ("/A" in a and a.A.get("/S") == "/GoTo") for a in links)
        assert any("/A" in a and str(a.A.get("/URI", "")).startswith(SITE_URL) for a in links)
    assert out.screen_size < out.print_size


def test_screen_images_are_downsampled(sample):
    _, result = sample
    out = next(o for o in result.outputs.values() if o.source.endswith("so-01.md"))
    for line in run("pdfimages", "-list", str(out.screen)).splitlines()[2:]:
        fields = line.split()
        assert fields[5] == "rgb" and int(fields[12]) <= 152, line


# --- Reproducibility and cache --------------------------------------------------------------------


def test_two_builds_are_byte_identical(a4, tmp_path, font_cache):
    project, _, first = a4
    again = build(project, cache_dir(tmp_path, font_cache))  # an empty cache: rendered anew
    assert again.rendered == 1
    second = again.outputs[first.source]
    for name in ("print.pdf", "screen.pdf", "booklet.pdf", "cover.jpg"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name


def test_unchanged_issue_is_not_rendered_again(tmp_path, font_cache):
    project = Project(tmp_path / "project")
    source = small_issue(project, number=3, articles=2, trim="a5")
    caches = cache_dir(tmp_path, font_cache)
    first = build(project, caches)
    assert first.rendered == 1 and first.outputs[source].print_pages % 4 == 0
    second = build(project, caches)
    assert second.rendered == 0 and second.outputs[source].folder == first.outputs[source].folder
    for page in boxes(first.outputs[source].print):
        x0, y0, x1, y1 = page["TrimBox"]
        assert (round((x1 - x0) / MM, 2), round((y1 - y0) / MM, 2)) == (148, 210)
    with pikepdf.open(first.outputs[source].booklet) as pdf:
        w, h = (float(v) for v in pdf.pages[0].MediaBox[2:])
        assert (round(w / MM), round(h / MM)) == (420, 297)  # A3: A5 pages with bleed
    project.write("content/tin-tuc/2026/bai-01.md",
                  (project.root / "content/tin-tuc/2026/bai-01.md").read_text() + "\nThêm.\n")
    assert build(project, caches).rendered == 1


# --- Sample issues --------------------------------------------------------------------------------


def test_sample_issues_build_and_look_right(sample):
    corpus, result = sample
    outs = {o.source: o for o in result.outputs.values()}
    assert len(outs) >= 2
    big = outs["bulletins/2026/so-01.md"]
    assert big.print_pages >= 16 and big.print_pages % 4 == 0
    assert result.warnings == []
    trim = boxes(outs["bulletins/2026/so-02.md"].print)[0]["TrimBox"]
    assert (round((trim[2] - trim[0]) / MM), round((trim[3] - trim[1]) / MM)) == (190, 270)
    # Pages to look at: cover, contents, a two-column article with a figure, the back
    # cover, and a booklet sheet.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for pdf, pages, name in ((big.print, (1, 2, 3, 18, big.print_pages), "so-01-in"),
                             (big.booklet, (1,), "so-01-gap")):
        for n in pages:
            run("pdftoppm", "-r", "80", "-png", "-f", str(n), "-l", str(n), "-singlefile",
                str(pdf), str(ARTIFACTS / f"{name}-{n:02d}"))
    text = run("pdftotext", "-f", "1", "-l", "1", str(big.print), "-")
    assert "THÔNG TIN DÂN VẬN HƯNG YÊN" in text and "Lưu hành nội bộ".upper() in text.upper()


# --- On the website ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, font_cache):
    tmp = tmp_path_factory.mktemp("site")
    project = Project(tmp / "project")
    small_issue(project, number=1, articles=3)
    project.write("bulletins/2026/so-02.md", (project.root / "bulletins/2026/so-01.md")
                  .read_text().replace("number: 1", "number: 2").replace("2026-10-15", "2026-11-15"))
    cache = cache_dir(tmp, font_cache)
    text = (project.root / "mkdocs.yml").read_text()
    (project.root / "mkdocs.yml").unlink()
    project.write("mkdocs.yml", text.replace("  - danvan\n", f"  - danvan:\n      bulletin_cache_dir: {cache}\n"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    return project


def test_archive_lists_issues_newest_first_with_covers(site):
    html = (site.root / "site/ban-tin/index.html").read_text()
    assert html.index("số 2/2026") < html.index("số 1/2026")
    assert 'src="2026/so-02/bia.jpg"' in html
    assert (site.root / "site/ban-tin/2026/so-01/bia.jpg").is_file()
    home = (site.root / "site/index.html").read_text()
    assert 'href="ban-tin/2026/so-02/"' in home


def test_issue_page_links_articles_and_the_download(site):
    html = (site.root / "site/ban-tin/2026/so-01/index.html").read_text()
    pdf = site.root / "site/ban-tin/2026/so-01/thong-tin-dan-van-hung-yen-so-01-2026.pdf"
    assert pdf.is_file() and 'href="thong-tin-dan-van-hung-yen-so-01-2026.pdf"' in html
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    assert f"{pages} trang" in html and re.search(r"PDF, \d+ KB", html)
    assert 'href="../../../tin-tuc/bai-01/"' in html
    # The issue page is in the search index, as a bulletin, with its sections' texts.
    index = site.root / "site/tim-kiem/chi-muc"
    meta = json.loads((index / "meta.json").read_text())
    pages = [json.loads(p.read_text()) for p in (index / meta["build"] / "d").glob("*.json")]
    issue = next(p for p in pages if p["url"] == "ban-tin/2026/so-01/")
    assert issue["kind"] == "Bản tin"


def test_print_files_stay_off_the_public_site(site):
    printed = list((site.root / "build/in-an").rglob("*.pdf"))
    assert {p.name for p in printed} >= {"thong-tin-dan-van-hung-yen-so-01-2026-ban-in.pdf",
                                          "thong-tin-dan-van-hung-yen-so-01-2026-ban-gap.pdf"}
    assert not [p for p in (site.root / "site").rglob("*.pdf") if "ban-in" in p.name or "gap" in p.name]


def test_rebuild_copies_cached_pdfs_and_renders_nothing(site, caplog):
    before = (site.root / "site/ban-tin/2026/so-01/thong-tin-dan-van-hung-yen-so-01-2026.pdf").read_bytes()
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.danvan")
    # A build made to run (reuse=False: with nothing changed it would leave site/ as it is).
    assert build_site(site.root, Path("mkdocs.yml"), Path("site"), TODAY, reuse=False) == 0
    assert any("Bản tin: 0 số dựng mới" in r.getMessage() for r in caplog.records)
    after = (site.root / "site/ban-tin/2026/so-01/thong-tin-dan-van-hung-yen-so-01-2026.pdf").read_bytes()
    assert after == before


def test_failed_bulletin_keeps_the_previous_site(site, capsys):
    before = {p: p.read_bytes() for p in (site.root / "site").rglob("*") if p.is_file()}
    cover = site.root / "bulletins/2026/anh/bia.jpg"
    saved = cover.read_bytes()
    cover.write_bytes(b"not an image")
    try:
        assert build_site(site.root, Path("mkdocs.yml"), Path("site"), TODAY) == 1
    finally:
        cover.write_bytes(saved)
    assert "bulletins/2026/so-0" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in (site.root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_pdf_inputs_carry_no_checkout_path_or_build_time(tmp_path):
    """What WeasyPrint embeds must not depend on where or when the build runs: image
    URLs are project-relative, merged fonts keep the source font's dates."""
    from fontTools.ttLib import TTFont

    from danvan.bulletin.fonts import merged_faces
    from danvan.bulletin.layout import root_url

    cover = REPO / "bulletins" / "2026" / "anh" / "bia-so-01.jpg"
    assert root_url(cover, REPO) == "danvan:bulletins/2026/anh/bia-so-01.jpg"
    face = next(f for f in merged_faces(REPO, tmp_path)
                if (f.family, str(f.weight), f.style) == ("Be Vietnam Pro", "400", "normal"))
    source = (REPO / "node_modules" / "@fontsource" / "be-vietnam-pro" / "files"
              / "be-vietnam-pro-latin-400-normal.woff2")
    merged_head, source_head = TTFont(face.path)["head"], TTFont(source)["head"]
    assert (merged_head.created, merged_head.modified) == (source_head.created,
                                                           source_head.modified)


def test_a_link_to_a_published_page_prints_as_its_address(tmp_path, font_cache):
    """A Markdown link to another published article keeps its target in print, as the
    article's address on the site (the sanitizer leaves links to the outputs' rules)."""
    project = Project(tmp_path / "project")
    cover_image(project)
    project.write("content/tin-tuc/2026/khac.md", article("Bài khác", date="2026-05-01"))
    project.write("content/tin-tuc/2026/a.md", article("Bài in", date="2026-06-01")
                  + "\n[Xem bài khác](khac.md)\n")
    project.write("bulletins/2026/so-01.md",
                  manifest(1, [("Hoạt động", ["content/tin-tuc/2026/a.md"])]))
    corpus = content.load(project.root, TODAY)
    corpus.collector.raise_if_errors()
    from danvan import markup
    from danvan.bulletin import render
    from danvan.bulletin.fonts import merged_faces

    issue = next(i for i in corpus.items if i.kind == "bulletin")
    job = render.build_job(corpus, issue, merged_faces(project.root, cache_dir(tmp_path,
                                                                              font_cache)),
                           markup.settings(), SITE_URL)
    assert f'href="{SITE_URL}tin-tuc/khac/"' in job.html


def test_the_preview_shows_an_issue_from_its_last_rendering_while_another_lays_it_out(
        project, tmp_path, font_cache):
    """``defer`` (the live preview): a changed issue is shown from its earlier PDFs and
    listed for bulletin/refresh.py, which lays it out with the same options; the next
    build finds the new rendering. An issue never rendered is laid out at once."""
    import dataclasses
    import json

    from danvan.bulletin import refresh
    from danvan.bulletin.publish import Options

    source = small_issue(project, articles=2)
    caches = cache_dir(tmp_path, font_cache)
    first = build(project, caches, defer=True)  # nothing earlier to show: laid out now
    assert first.rendered == 1 and first.deferred == []
    path = project.root / "content/tin-tuc/2026/bai-01.md"
    path.write_text(path.read_text("utf-8") + "\nMột câu thêm khi sửa.\n", "utf-8")
    shown = build(project, caches, defer=True)
    assert shown.rendered == 0 and [s for s, _ in shown.deferred] == [source]
    assert shown.outputs[source].folder == first.outputs[source].folder  # the earlier PDFs
    options = dataclasses.asdict(Options(cache_dir=str(caches), site_url=SITE_URL))
    assert refresh.main([json.dumps({"root": str(project.root), "today": TODAY.isoformat(),
                                     "options": options})]) == 0
    after = build(project, caches, defer=True)
    assert after.rendered == 0 and after.deferred == []
    assert after.outputs[source].folder != first.outputs[source].folder
