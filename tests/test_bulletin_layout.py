"""The bulletin's layout (issue 12): no column holes, no page of text under 40%, blocks kept
whole, document numbers and dates never broken, documents in their official form, the
layout report and its strict mode, the editors' fillers.

Checked on the two sample issues and on an awkward issue built here: a long document in its
official form, a 10-row table near the foot of a page, an article that ends high on a page,
a form to fill in. What a reader sees is read from the print PDF with poppler
(``pdftotext -bbox``); the report is read from WeasyPrint's boxes (bulletin/report.py) and
is itself checked on layouts made to fail.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from builders import REPO, Project
from click.testing import CliRunner
from PIL import Image

from danvan import cli, content, text
from danvan.bulletin import layout, render, report
from danvan.bulletin.build import build_issues

TODAY = dt.date(2026, 11, 27)
SITE_URL = "https://danvan.hungyen.example/"
MM = 72 / 25.4  # PDF points per millimetre
SENTENCES = (
    "Công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp được nâng lên.",
    "Cán bộ, công chức tiếp dân, đối thoại và lắng nghe ý kiến nhân dân ở cơ sở.",
    "Các cơ quan thực hiện Kết luận số 114-KL/TW ngày 20/7/2015 của Ban Bí thư.",
    "Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 được quán triệt tới từng thôn, tổ dân phố.",
    "Đề án 02-ĐA/TU ngày 15/8/2016 đặt mục tiêu cho giai đoạn 2016 - 2020.",
    "Chương trình hành động số 01 - CTr/TU ngày 15/12/2015 được cụ thể hóa bằng kế hoạch.",
    "Nghị định số 04/2015/NĐ-CP về thực hiện dân chủ trong cơ quan được sơ kết tháng 9/2018.",
)
NUMBERS = ("114-KL/TW", "34/2007/PL-UBTVQH11", "02-ĐA/TU", "04/2015/NĐ-CP", "15/8/2016",
           "20/4/2007", "15/12/2015")


def paragraph(n: int, sentences: int = 5) -> str:
    return " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(sentences))


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# --- The awkward issue ----------------------------------------------------------------------------


def awkward_project(root: Path) -> Project:
    project = Project(root)
    image = project.root / "bulletins/2026/anh/bia.jpg"
    image.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2600, 1700), (120, 170, 215)).save(image, "JPEG", quality=80)
    # A long document in its official form.
    body = "\n\n".join(f"## Phần {part}\n\n" + "\n\n".join(
        paragraph(part * 7 + n) for n in range(6)) for part in range(1, 6))
    project.write("content/van-ban/de-an-05-da-tu.md", textwrap.dedent("""
        ---
        title: "Đề án tăng cường công tác dân vận ở cơ sở, giai đoạn 2026 - 2030"
        number: "05-ĐA/TU"
        kind: Đề án
        issuer: Tỉnh ủy Hưng Yên
        date: 2026-03-02
        summary: "Tăng cường công tác dân vận ở cơ sở, giai đoạn 2026 - 2030"
        signer: Người ký thử
        classification: unclassified
        form:
          header: ["Tỉnh ủy Hưng Yên"]
          place: Hưng Yên
          signature: {authority: T/M BAN THƯỜNG VỤ, position: BÍ THƯ, note: Đã ký}
          recipients: ["Ban Bí thư TW Đảng (để báo cáo);", "Ban Dân vận TW (để báo cáo);",
                       "Thường trực HĐND, UBND tỉnh;", "Các Ban Đảng tỉnh;",
                       "Các ban, sở, ngành tỉnh;", "Các huyện ủy, thành ủy;",
                       "Thường trực HĐND, UBND các huyện, thành phố;", "Các đ/c TUV;",
                       "LĐVP;", "Lưu VPTU."]
        status: published
        ---

        """) + body + "\n")
    # A 10-row table near the foot of a page, in an article that runs on.
    rows = "\n".join(f"| {n} | Chỉ tiêu số {n} của kế hoạch năm | {90 + n % 10}% |"
                     for n in range(1, 11))
    project.write("content/tin-tuc/2026/bang.md", article(
        "Mười chỉ tiêu theo dõi hằng quý của kế hoạch dân vận", "\n\n".join(
            paragraph(n) for n in range(18)) + "\n\n## Bảng theo dõi\n\n"
        "| STT | Chỉ tiêu | Mức |\n|---|---|---|\n" + rows + "\n\n" + paragraph(3)))
    # An article that ends high on a page.
    project.write("content/tin-tuc/2026/ngan.md", article(
        "Một bài kết thúc ở đầu trang", "\n\n".join(paragraph(n, 6) for n in range(8))))
    # A form to fill in.
    form = "\n".join(f"| {n} | Mục tiêu số {n} theo Đề án 02-ĐA/TU | Đã làm chưa? | Kế hoạch |  |"
                     for n in range(1, 7))
    project.write("content/huong-dan/tu-kiem-tra.md", textwrap.dedent(f"""
        ---
        title: "Bảng tự kiểm tra sáu mục tiêu"
        date: 2026-06-02
        field: kiem-tra-giam-sat
        summary: "Mẫu bảng để cơ quan, đơn vị tự đối chiếu."
        status: published
        ---

        ## Cách dùng

        {paragraph(2, 3)}

        ## Bảng tự kiểm tra

        | STT | Mục tiêu | Câu hỏi | Minh chứng | Kết quả |
        |---|---|---|---|---|
        """) + form + "\n\n" + paragraph(4, 3) + "\n")
    project.write("bulletins/2026/so-09.md", """
        ---
        number: 9
        year: 2026
        date: 2026-10-15
        cover: {image: anh/bia.jpg, alt: "Tranh minh họa cánh đồng", illustrative: true}
        sections:
          - title: Văn bản chỉ đạo
            articles: [content/van-ban/de-an-05-da-tu.md]
          - title: Hoạt động dân vận
            articles: [content/tin-tuc/2026/bang.md, content/tin-tuc/2026/ngan.md]
          - title: Hướng dẫn nghiệp vụ
            articles: [content/huong-dan/tu-kiem-tra.md]
        fillers:
          - kind: quote
            text: "Dân vận khéo thì việc gì cũng thành công."
            source: "Chủ tịch Hồ Chí Minh"
          - kind: announcement
            title: Mời cộng tác
            text: "Ban biên tập mong nhận tin, bài về cách làm hay ở cơ sở."
            place: back
        colophon:
          responsible: Trưởng ban
          editorial_board: [Thành viên A]
          print_run: 300
          licence: Giấy phép số 1/GP
          printer: Cơ sở in thử
        status: published
        ---

        Lời tòa soạn của số thử: Đề án 05-ĐA/TU ngày 2/3/2026 và các bài hướng dẫn.
        """)
    return project


def article(title: str, body: str) -> str:
    return (f'---\ntitle: "{title}"\ndate: 2026-06-01\nsection: hoat-dong\nstatus: published\n'
            f"---\n\n{body}\n")


def link_fonts(project: Project) -> Path:
    """The project's bulletin cache, with the merged fonts of the repository's (made once)."""
    from danvan.bulletin.fonts import merged_faces

    merged_faces(REPO, REPO / ".cache" / "bulletins")
    cache = project.root / ".cache" / "bulletins"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "fonts").symlink_to(REPO / ".cache" / "bulletins" / "fonts")
    return cache


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    project = awkward_project(tmp_path_factory.mktemp("awkward") / "project")
    cache = link_fonts(project)
    corpus = content.load(project.root, TODAY)
    corpus.collector.raise_if_errors()
    result = build_issues(corpus, site_url=SITE_URL, cache_dir=cache, progress=False)
    return project, result.outputs["bulletins/2026/so-09.md"]


@pytest.fixture(scope="module")
def samples():
    corpus = content.load(REPO, TODAY)
    result = build_issues(corpus, site_url=SITE_URL, cache_dir=REPO / ".cache" / "bulletins",
                          progress=False)
    return [result.outputs[s] for s in ("bulletins/2026/so-01.md", "bulletins/2026/so-02.md")]


# --- Reading the PDF ------------------------------------------------------------------------------


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words, (xMin, yMin, xMax, yMax, word), as poppler reads them."""
    out = run("pdftotext", "-bbox", str(pdf), "-")
    pages = []
    for page in re.findall(r"<page .*?</page>", out, re.S):
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">(.*?)</word>', page)
        pages.append([(float(a), float(b), float(c), float(d), html.unescape(w))
                      for a, b, c, d, w in found])
    return pages


def lines_of(page_words) -> list[list[str]]:
    """The page's lines in reading order (column by column), each its words left to right:
    the words on one baseline, cut where the white between two is a column gap."""
    rows: dict[int, list] = {}
    for x0, _, x1, y1, word in page_words:
        rows.setdefault(round(y1), []).append((x0, x1, word))
    lines = []  # (column's left edge, baseline, words)
    for y, row in rows.items():
        row.sort()
        start, current = row[0][0], [row[0][2]]
        for (_, x1, _), (x0, _, word) in zip(row, row[1:]):
            if x0 - x1 > 12:  # a column gap (6 mm), wider than any space of justified text
                lines.append((start, y, current))
                start, current = x0, []
            current.append(word)
        lines.append((start, y, current))
    left = min((x for x, _, _ in lines), default=0)
    return [ws for _, _, ws in sorted(lines, key=lambda l: (l[0] > left + 100, l[1], l[0]))]


def broken_numbers(pdf: Path) -> list[str]:
    """Document numbers, dates and periods that a line break cuts: the end of a line and
    the start of the next, joined as they read (a space, or none after a hyphen or a
    slash), hold one that runs across the join."""
    found = []
    for page in words(pdf):
        lines = lines_of(page)
        for this, following in zip(lines, lines[1:]):
            if not this or not following:
                continue
            tail, head = " ".join(this[-3:]), " ".join(following[:3])
            joins = [f"{tail} {head}"] + ([f"{tail}{head}"] if tail[-1] in "-/" else [])
            found += [m.group(0) for joined in joins for m in text.UNBREAKABLE.finditer(joined)
                      if m.start() < len(tail) < m.end()]
    return found


# --- The rules, on the awkward issue and the samples ----------------------------------------------


def test_awkward_issue_has_no_hole_no_thin_page_and_keeps_blocks_whole(awkward):
    _, out = awkward
    pages = out.layout.pages
    assert [p.number for p in pages if p.hole] == []
    assert [(p.number, p.fill) for p in pages if p.under] == []
    assert [p.broken for p in pages if p.broken] == []
    assert [p.headings for p in pages if p.headings] == []
    assert out.layout.problems() == []
    assert [p.kind for p in pages][:3] == ["cover", "front", "content"]
    assert pages[-1].kind == "back" and out.print_pages % 4 == 0


@pytest.mark.parametrize("which", [0, 1])
def test_sample_issues_have_no_hole_and_no_thin_page(samples, which):
    out = samples[which]
    assert out.layout.problems() == []
    content_pages = [p for p in out.layout.pages if p.kind == "content"]
    assert min(p.fill for p in content_pages) >= report.THRESHOLD


def test_ten_row_table_near_a_page_end_is_on_one_page(awkward):
    _, out = awkward
    pages = [" ".join(page.split()) for page in run("pdftotext", str(out.print), "-").split("\f")]
    rows = {n for n, page in enumerate(pages, 1) for row in range(1, 11)
            if f"Chỉ tiêu số {row} của kế hoạch" in page}
    heading = {n for n, page in enumerate(pages, 1) if "Bảng theo dõi" in page}
    start = min(n for n, page in enumerate(pages, 1) if "Mười chỉ tiêu theo dõi" in page)
    assert len(rows) == 1 and heading == rows, (rows, heading)  # whole, under its heading
    assert min(rows) > start  # after a page of the article's text: near a page's foot
    assert out.layout.pages[min(rows) - 2].fill > 0.85  # it came at the foot of a full page
    assert not any("bảng" in s for p in out.layout.pages for s in p.splits)


def test_an_article_ending_high_is_followed_on_its_page(awkward):
    """The article that ends high on a page: the next section starts under it."""
    _, out = awkward
    pages = [" ".join(page.split()) for page in run("pdftotext", str(out.print), "-").split("\f")]
    end = next(n for n, page in enumerate(pages) if "tin-tuc/ngan/" in page)
    assert "HƯỚNG DẪN NGHIỆP VỤ" in pages[end] and out.layout.pages[end].fill >= 0.5


@pytest.mark.parametrize("edition", ["awkward", "so-01", "so-02"])
def test_document_numbers_and_dates_never_break(awkward, samples, edition):
    out = {"awkward": awkward[1], "so-01": samples[0], "so-02": samples[1]}[edition]
    assert broken_numbers(out.print) == []
    readable = run("pdftotext", str(out.print), "-")
    if edition == "awkward":
        for number in NUMBERS:  # each whole somewhere, so the check above saw it
            assert number in readable


def test_the_check_for_broken_numbers_finds_a_broken_one(tmp_path):
    """The PDF check itself: a number cut at its slash, as WeasyPrint cut "114-KL/|TW"."""
    from weasyprint import HTML

    pdf = tmp_path / "cat.pdf"
    HTML(string='<p style="width: 30mm; font: 10pt sans-serif">Theo Kết luận số 114-KL/TW '
                'ngày <span style="white-space: pre">20/7/</span> 2015</p>'
                '<p style="width: 19mm; font: 10pt sans-serif">Xem 114-KL/TW</p>').write_pdf(pdf)
    assert broken_numbers(pdf)


def test_running_head_rule_stands_clear_of_the_first_line(awkward):
    _, out = awkward
    page = words(out.screen)[3]  # a page of the document's text, with a running head
    head = max(y1 for _, y0, _, y1, w in page if y1 < 25 * MM)
    first = min(y0 for _, y0, _, _, w in page if y0 > head + 1)
    assert (first - head) / MM >= 5  # the rule, 1.5 mm under the head, and 4 mm of air


# --- Official documents, forms, fillers -----------------------------------------------------------


def test_document_is_in_official_form_in_two_columns(awkward):
    _, out = awkward
    pages = words(out.screen)  # no bleed: positions on the page as trimmed
    start = next(n for n, page in enumerate(pages) if any(w == "ĐẢNG" for *_, w in page))
    page = pages[start]
    line = lambda word: next((y1 for _, _, _, y1, w in page if w == word), None)  # noqa: E731
    # Two-column header: the issuing body and the motto on one line, left and right.
    assert abs(line("TỈNH") - line("ĐẢNG")) < 3
    assert next(x for x, *_, w in page if w == "ĐẢNG") > 90 * MM
    # The summary is the centred title, printed once.
    readable = run("pdftotext", "-f", str(start + 1), "-l", str(start + 1), str(out.screen), "-")
    assert " ".join(readable.split()).count("Tăng cường công tác dân vận ở cơ sở, giai đoạn") == 1
    # The text in two columns of 40-60 characters a line.
    body = [ws for ws in lines_of(page) if len(" ".join(ws)) > 30]
    lengths = sorted(len(" ".join(ws)) for ws in body)
    assert 40 <= lengths[len(lengths) // 2] <= 60
    # The signature block right, the recipients left, in small type, on one page.
    for n, page in enumerate(pages):
        if any(w == "T/M" for *_, w in page):
            signature = next(x for x, *_, w in page if w == "T/M")
            recipients = [(x, y1 - y0) for x, y0, _, y1, w in page if w == "Nơi"]
            assert recipients and recipients[0][0] < 40 * MM < signature
            assert any(w == "VPTU." for *_, w in page)  # the last recipient, same page
            break
    else:
        pytest.fail("no signature block")


def test_form_spans_the_columns_with_room_to_write(awkward):
    _, out = awkward
    for page in words(out.screen):
        result = [x0 for x0, *_, w in page if w == "quả"]
        if result and any(w == "STT" for *_, w in page):
            right = max(x1 for _, _, x1, _, _ in page)
            stt = next(x0 for x0, *_, w in page if w == "STT")
            assert right - stt > 150 * MM  # across the type area
            assert (right - min(result)) / MM >= 18  # a "Kết quả" column one can write in
            return
    pytest.fail("no form")


def test_colophon_on_page_2_when_it_has_room_else_on_the_back_cover(awkward, samples):
    for out, page in ((awkward[1], 2), (samples[0], samples[0].print_pages)):
        readable = run("pdftotext", str(out.print), "-").split("\f")
        found = [n for n, text in enumerate(readable, 1) if "Chịu trách nhiệm xuất bản" in text]
        assert found == [page]


def test_fillers_go_after_the_last_article_and_on_the_back_cover(awkward):
    _, out = awkward
    readable = run("pdftotext", str(out.print), "-").split("\f")
    back = " ".join(readable[out.print_pages - 1].split())
    assert "Mời cộng tác" in back
    quote = next(n for n, page in enumerate(readable) if "thì việc gì cũng thành công" in page)
    last = max(n for n, page in enumerate(readable) if "tu-kiem-tra" in page)
    assert quote in (last, last + 1)  # after the last article, where the notes begin
    assert out.layout.pages[quote].kind == "content" and "GHI CHÉP" in readable[quote]


@pytest.mark.parametrize("filler, expected", [
    ("{kind: model}", "loại model cần trường model"),
    ("{kind: note}", "loại note cần trường text"),
    ("{kind: poem, text: x}", "“poem” không hợp lệ"),
    ("{kind: note, text: x, source: y}", "trường source chỉ dùng cho loại quote"),
    ("{kind: note, text: " + "x" * 601 + "}", "quá 600 ký tự"),
    ("{kind: model, model: models_gallery/khong-co}", "không có mô hình này"),
])
def test_bad_fillers_are_vietnamese_errors(project, filler, expected):
    image = project.root / "bulletins/2026/anh/bia.jpg"
    image.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600)).save(image, "JPEG")
    project.write("content/tin-tuc/2026/a.md", article("Bài A", "Nội dung."))
    project.write("bulletins/2026/so-01.md", f"""
        ---
        number: 1
        year: 2026
        date: 2026-10-15
        cover: {{image: anh/bia.jpg, alt: Bìa}}
        sections: [{{title: Một, articles: [content/tin-tuc/2026/a.md]}}]
        fillers: [{filler}]
        colophon: {{responsible: A, editorial_board: [B], print_run: 1, licence: C, printer: D}}
        status: published
        ---
        """)
    errors = "\n".join(str(p) for p in content.load(project.root, TODAY).collector.errors)
    assert "bulletins/2026/so-01.md" in errors and expected in errors


# --- The report and its strict mode ---------------------------------------------------------------


def test_cli_prints_the_report_and_strict_mode_fails_in_vietnamese(awkward, monkeypatch):
    project, _ = awkward
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    result = runner.invoke(cli.main, ["ban-tin", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Bố cục bản in bulletins/2026/so-09.md" in result.output
    assert re.search(r"^\s+1\s+bìa\s+\d+%", result.output, re.M)
    assert "0 cột trống, 0 trang dưới 40%" in result.output
    # A stricter threshold than the issue meets: warnings, then, in strict mode, a failure.
    monkeypatch.setattr(report, "THRESHOLD", 0.99)
    result = runner.invoke(cli.main, ["ban-tin", "--today", TODAY.isoformat()])
    assert result.exit_code == 0 and "Cảnh báo" in result.output and "dưới 99%" in result.output
    result = runner.invoke(cli.main, ["ban-tin", "--today", TODAY.isoformat(), "--nghiem-ngat"])
    assert result.exit_code == 1
    assert "Lỗi – bố cục chưa đạt (chế độ nghiêm ngặt)" in result.output
    assert "Bố cục bản in" in result.output  # the report first, to show where


def lay_out_html(body: str, css: str = "") -> report.Report:
    """The layout report of a small page made to show a fault."""
    from weasyprint import HTML

    style = ("@page { size: 100mm 100mm; margin: 10mm } body { margin: 0; font: 10pt/14pt "
             "sans-serif } .cols { columns: 2; column-gap: 6mm } p { margin: 0 } " + css)
    with layout.faster_columns():
        pages = HTML(string=f"<style>{style}</style>{body}").render().pages
    return report.report(*report.measure(pages, 2, 6), list(range(len(pages))))


def test_report_finds_a_column_hole_and_a_thin_page():
    lines = "".join(f"<p>Dòng số {n} của cột.</p>" for n in range(12))  # 16 fit a column
    hole = lay_out_html(f'<div class="cols" style="column-fill: auto">{lines}</div>'
                        '<div style="break-before: page">x</div>')
    first = hole.pages[0]
    assert first.hole and first.columns[0] > first.columns[1] + report.HOLE
    assert any("cột trống" in p for p in hole.problems())
    assert any("trang 2 chỉ đầy" in p for p in hole.problems())  # the page of one "x"
    balanced = lay_out_html(f'<div class="cols">{lines}</div>')
    assert balanced.pages[0].columns[0] == balanced.pages[0].columns[1]  # 6 lines and 6
    assert not any("cột trống" in p for p in balanced.problems())


def test_report_finds_a_heading_that_ends_a_column_and_a_split_block():
    filler = "".join(f"<p>Dòng {n}</p>" for n in range(31))  # 16 lines a column
    found = lay_out_html(
        f'<div class="cols" style="column-fill: auto">{filler}<h3>Tiêu đề</h3><p>a</p>'
        '<div class="table-block keep"><table><tbody>' + "".join(
            f"<tr><td>{n}</td></tr>" for n in range(30)) + "</tbody></table></div></div>",
        "h3 { margin: 0; font-size: 10pt; line-height: 14pt; break-after: auto } "
        "td { padding: 0; line-height: 14pt }")
    problems = "\n".join(found.problems())
    assert "trang 1: tiêu đề “Tiêu đề” đứng cuối cột" in problems
    assert "bảng 30 dòng (trang 2–3) bị tách" in problems


def test_faster_columns_only_on_the_weasyprint_it_was_copied_from(monkeypatch):
    from weasyprint.layout import block

    from danvan.bulletin import columns

    stock = block.columns_layout
    with layout.faster_columns():
        assert block.columns_layout is columns.columns_layout
    assert block.columns_layout is stock
    monkeypatch.setattr(columns, "VERSION", "0.0")
    with layout.faster_columns():
        assert block.columns_layout is stock


def test_columns_stay_inside_the_type_area(awkward):
    """The copied column layout (columns.py) keeps every line inside the type area."""
    from weasyprint.formatting_structure import boxes

    project, _ = awkward
    corpus = content.load(project.root, TODAY)
    from danvan import markup
    from danvan.bulletin.fonts import merged_faces

    faces = merged_faces(project.root, project.root / ".cache" / "bulletins")
    job = render.build_job(corpus, corpus.by_source["bulletins/2026/so-09.md"], faces,
                           markup.settings(), SITE_URL)
    lay = layout.lay_out(job.html, job.base_url, job.source, job.allowed)
    for page in lay.document.pages:
        box = page._page_box
        bottom = box.content_box_y() + box.height
        stack = [box]
        while stack:
            node = stack.pop()
            if isinstance(node, boxes.MarginBox):
                continue
            if isinstance(node, boxes.LineBox):
                assert node.position_y + node.height <= bottom + 1
            stack.extend(getattr(node, "children", ()))


def test_contents_running_over_page_2_is_reported():
    pages = [report.PageReport(n, kind, 0.8, [0.8, 0.8])
             for n, kind in enumerate(("cover", "front", "front", "content"), start=1)]
    assert report.Report(pages).problems() == [
        "trang 3: mục lục và lời tòa soạn tràn sang trang này; rút gọn lời tòa soạn"]


@pytest.mark.parametrize("source, kept", [
    ("Kết luận số 114-KL/TW ngày 20/7/2015", ["114-KL/TW", "20/7/2015"]),
    ("Pháp lệnh 34/2007/PL-UBTVQH11, giai đoạn 2016 - 2020", ["34/2007/PL-UBTVQH11", "2016 - 2020"]),
    ("Chương trình số 01 - CTr/TU, sơ kết tháng 9/2018", ["01 - CTr/TU", "9/2018"]),
    ("<code>1/2/2020</code> không đổi; năm 2016 không đổi", []),
])
def test_numbers_and_dates_are_kept_together_at_render_time(source, kept):
    import lxml.html

    tree = lxml.html.fragment_fromstring(f"<p>{source}</p>", create_parent="div")
    render.keep_together(tree)
    assert [span.text for span in tree.iter("span")] == kept
    assert tree.text_content() == lxml.html.fragment_fromstring(
        f"<p>{source}</p>", create_parent="div").text_content()  # not a character more or less
