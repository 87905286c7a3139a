"""The tracking pages (/theo-doi/, issue 14) built from a project: only a published, public
programme read without an error has pages, charts, downloads or review PDFs; its figures on
the pages and in the CSV are the aggregation's; content is escaped; the charts and files
come from the cache when nothing changed; errors stop `danvan check` and the build with the
file named. The pages in a browser: tests/browser/test_tracking_pages.py."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from builders import REPO, Project

from danvan.build import build_site
from danvan.content import load
from danvan.programme import aggregate, load_programme
from danvan.programme.charts import number
from danvan.site import tracking

TODAY = dt.date(2026, 11, 27)
PROGRAMME = "content/_du-lieu/chuong-trinh/de-an-02-da-tu"
SECRET = "Sở Zqxbímật"  # a unit's name: must appear nowhere when the programme is not public


def with_programme(project: Project, **changes: str) -> Path:
    """The repository's programme in ``project``; ``changes``
    replace top-level lines of chuong-trinh.yml ("status: draft")."""
    shutil.copytree(REPO / PROGRAMME, project.root / PROGRAMME)
    spec = project.root / PROGRAMME / "chuong-trinh.yml"
    text = spec.read_text("utf-8").replace("name: Sở Nội vụ", f"name: {SECRET}")
    # Without the Đề án it quotes (and the documents that one cites): no check of wordings.
    text = "\n".join(line for line in text.splitlines() if not line.startswith("source:"))
    for key, value in changes.items():
        lines = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
        text = "\n".join(lines[:1] + [f"{key}: {value}"] + lines[1:]) + "\n"
    spec.write_text(text, "utf-8")
    # The bulletin's merged fonts, shared with the repository (the charts measure with them).
    fonts = REPO / ".cache" / "bulletins" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    (project.root / ".cache" / "bulletins").mkdir(parents=True, exist_ok=True)
    (project.root / ".cache" / "bulletins" / "fonts").symlink_to(fonts)
    return spec


def build(project: Project, out: str = "site") -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = build_site(project.root, Path("mkdocs.yml"), Path(out), TODAY)
    return code, err.getvalue()


def every_byte(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project with the published programme, built once; a unit's report carries HTML."""
    project = Project(tmp_path_factory.mktemp("tracking") / "project")
    with_programme(project)
    report = project.root / PROGRAMME / "bao-cao" / "huyen-van-lam" / "2020.yml"
    report.write_text(report.read_text("utf-8").rstrip("\n")
                      + '\nnote: "<img src=x onerror=alert(1)> Đã hoàn thành"\n', "utf-8")
    code, err = build(project)
    assert code == 0, err
    return project, project.root / "site"


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def by_class(element, name: str, tag: str = "*") -> list:
    return element.xpath(f".//{tag}[contains(concat(' ', @class, ' '), ' {name} ')]")


# --- What is published -------------------------------------------------------------------------


@pytest.mark.parametrize("changes", [{"status": "draft"}, {"visibility": "internal"}],
                         ids=["draft", "internal"])
def test_a_programme_not_public_leaves_no_trace(project, changes):
    with_programme(project, **changes)
    code, err = build(project)
    assert code == 0, err
    site = project.root / "site"
    assert not (site / "theo-doi").exists()
    data = every_byte(site)
    for marker in (SECRET, "Zqxbímật", "theo-doi/de-an-02-da-tu", "so-lieu.csv"):
        assert marker.encode() not in data, marker
    assert not any((project.root / ".cache" / "theo-doi").glob("*/*"))  # nothing even made


def test_a_programme_with_an_error_stops_check_and_build(project):
    with_programme(project)
    bad = project.root / PROGRAMME / "bao-cao" / "huyen-van-lam" / "2099.yml"
    bad.write_text("unit: khong-co\nperiod: \"2018-6T1\"\nsubmitted: 2018-07-10\n"
                   "values:\n  CT1: đạt\n", "utf-8")
    site = project.root / "site"
    site.mkdir()
    (site / "index.html").write_text("bản cũ", "utf-8")
    code, err = build(project)
    assert code == 1
    assert f"{PROGRAMME}/bao-cao/huyen-van-lam/2099.yml" in err and "khong-co" in err
    assert (site / "index.html").read_text("utf-8") == "bản cũ"  # the last good site stays
    run = subprocess.run([sys.executable, "-m", "danvan.cli", "check", "--today",
                          TODAY.isoformat()], cwd=project.root, capture_output=True, text=True)
    assert run.returncode == 1
    assert "2099.yml" in run.stderr and "Cách sửa" in run.stderr


def test_pages_of_every_target_unit_and_period(published):
    project, site = published
    programme = load_programme(project.root, "de-an-02-da-tu")
    progress = aggregate(programme, TODAY)
    base = site / "theo-doi" / "de-an-02-da-tu"
    assert (site / "theo-doi" / "index.html").is_file()
    for code in programme.targets:
        assert (base / "chi-tieu" / code.lower() / "index.html").is_file()
    for code in programme.units:
        assert (base / "don-vi" / code / "index.html").is_file()
    for period in progress.periods:
        assert (base / "ky" / period.code.lower() / "index.html").is_file()
    pages = [p for p in base.rglob("index.html")]
    assert len(pages) == 1 + len(programme.targets) + len(programme.units) + len(
        progress.periods) + 1  # + the year of the final review's figures ("2019")
    for path in pages:  # illustrative figures say so on every page
        assert "Số liệu minh họa" in path.read_text("utf-8"), path


def test_cards_show_the_aggregated_figures_and_statuses(published):
    project, site = published
    progress = aggregate(load_programme(project.root, "de-an-02-da-tu"), TODAY)
    home = page(site, "theo-doi/de-an-02-da-tu")
    cards = by_class(home, "dv-target-card", "li")
    assert len(cards) == 7
    for card, code in zip(cards, progress.programme.targets):
        cell = progress.latest(code)
        assert by_class(card, "dv-figure")[0].text_content() == number(cell.value)
        assert cell.status_label in by_class(card, "dv-status")[0].text_content()
        svg = card.xpath(".//svg")[0]  # a chart with its text alternative
        assert svg.get("role") == "img"
        assert svg.xpath("./title")[0].text_content().startswith(code)
        assert svg.xpath("./desc")[0].text_content()
    # The one target not met in the sample: CT5 at 75 % (a unit without a regulation).
    ct5 = cards[4]
    assert "Chưa đạt" in ct5.text_content() and "75%" in ct5.text_content()


def test_downloads_hold_the_same_figures(published):
    project, site = published
    progress = aggregate(load_programme(project.root, "de-an-02-da-tu"), TODAY)
    base = site / "theo-doi" / "de-an-02-da-tu"
    rows = list(csv.reader(io.StringIO((base / "so-lieu.csv").read_text("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == len(progress.programme.targets) * len(progress.periods)
    by_key = {(r[1], r[3]): dict(zip(header, r)) for r in body}
    for code in progress.programme.targets:
        for cell in progress.trend(code):
            row = by_key[(code, cell.period.code)]
            assert row["Kết quả (%)"] == ("" if cell.value is None else str(cell.value))
            assert row["Đánh giá"] == cell.status_label
    assert by_key[("CT5", "2020-6T2")]["Kết quả (%)"] == "75.0"
    sheet = openpyxl.load_workbook(base / "so-lieu.xlsx", read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) >= len(body) + 1
    assert any(r[:2] == ("de-an-02-da-tu", "CT5") and 75.0 in r for r in values)


def test_review_pdfs_are_linked_once_their_month_has_come(published):
    _, site = published
    home = page(site, "theo-doi/de-an-02-da-tu")
    links = [h for h in home.xpath("//a/@href") if h.endswith(".pdf")]
    assert sorted(links) == ["so-ket-2018-t09.pdf", "tong-ket-2020-t06.pdf"]
    for name in links:
        data = (site / "theo-doi" / "de-an-02-da-tu" / name).read_bytes()
        assert data.startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(site / "theo-doi/de-an-02-da-tu/so-ket-2018-t09.pdf")],
                          capture_output=True, text=True).stdout
    assert "CreationDate" in info and "2018" in info  # dated at its review, not at the build


def test_content_is_escaped(published):
    _, site = published
    html = (site / "theo-doi/de-an-02-da-tu/don-vi/huyen-van-lam/index.html").read_text("utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_charts_and_files_come_from_the_cache(published):
    project, _ = published
    corpus = load(project.root, TODAY)
    programmes = tracking.Programmes.load(corpus, project.root)
    cache = project.root / tracking.CACHE
    again = tracking.Charts(programmes, cache)
    again.prepare(tracking.views(programmes, again))
    assert again.made == 0 and again.svgs["de-an-02-da-tu"]
    # A cache file that cannot be trusted is dropped, never used.
    (cache / "de-an-02-da-tu" / "charts.json").write_text("{không phải JSON", "utf-8")
    fresh = tracking.Charts(programmes, cache)
    views = tracking.views(programmes, fresh)
    fresh.prepare(views)
    charts = sum(1 for n in fresh.svgs["de-an-02-da-tu"])
    assert fresh.made == charts  # every chart made again, the files reused
    stored = json.loads((cache / "de-an-02-da-tu" / "charts.json").read_text("utf-8"))
    assert set(stored["svgs"]) == set(fresh.svgs["de-an-02-da-tu"])


# --- The bulletin's section of a programme's figures (bulletin/tracking.py) --------------------


def test_the_sample_issue_prints_the_figures_in_vector_and_cmyk():
    from danvan.bulletin.build import build_issues

    from danvan.bulletin.tracking import resolve

    corpus = load(REPO, TODAY)
    assert resolve(corpus) == []
    assert corpus.tracking["bulletins/2026/so-02.md"] == {
        "Hướng dẫn nghiệp vụ": ("de-an-02-da-tu", "2019")}  # "tong-ket": the review's period
    result = build_issues(corpus, site_url="https://danvan.hungyen.example/",
                          cache_dir=REPO / ".cache" / "bulletins", progress=False)
    out = result.outputs["bulletins/2026/so-02.md"]
    pages = subprocess.run(["pdftotext", "-layout", str(out.print), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    at = next(n for n, p in enumerate(pages) if "Kết quả thực hiện các chỉ tiêu, năm 2019" in p)
    shown = pages[at] + pages[at + 1]
    for code in ("CT1", "CT5", "CT7"):
        assert code in shown
    assert "SỐ LIỆU MINH HỌA" in shown and "75% · Chưa đạt" in shown
    # Drawn as vectors (text stays text), in the print edition's CMYK: no image drawn on the
    # page, no RGB colour set in its content.
    listed = subprocess.run(["pdfimages", "-list", "-f", str(at + 1), "-l", str(at + 1),
                             str(out.print)], capture_output=True, text=True, check=True).stdout
    assert len(listed.strip().splitlines()) == 2, listed  # the header only
    import pikepdf

    with pikepdf.open(out.print) as pdf:
        content = pdf.pages[at].Contents
        data = b"".join(c.read_bytes() for c in content) if isinstance(content, pikepdf.Array) \
            else content.read_bytes()
    assert b" k\n" in data or b" K\n" in data or b" k " in data  # CMYK colours are set
    assert b" rg\n" not in data and b" RG\n" not in data  # and no RGB one


@pytest.mark.parametrize("tracking, expected", [
    ("{programme: khong-co}", "không có chương trình “khong-co”"),
    ("{programme: de-an-02-da-tu, period: 2031}", "nằm ngoài thời gian"),
    ("{programme: de-an-02-da-tu, period: so-ket}", None),
])
def test_an_issue_may_print_only_a_public_programme_in_its_period(project, tracking, expected):
    from builders import article

    with_programme(project)
    project.write("content/tin-tuc/a.md", article("Bài A", date="2020-01-01"))
    shutil.copytree(REPO / "bulletins" / "2026" / "anh", project.root / "bulletins/2026/anh")
    project.write("bulletins/2026/so-09.md", f"""\
        ---
        number: 9
        year: 2026
        date: 2026-09-30
        trim: a4
        cover:
          image: anh/bia-so-02.jpg
          alt: "Tranh minh họa"
        sections:
          - title: Theo dõi
            tracking: {tracking}
          - title: Tin
            articles: [content/tin-tuc/a.md]
        colophon:
          responsible: "Trưởng ban"
          editorial_board: ["Phó trưởng ban"]
          print_run: 100
          licence: "Giấy phép số 1/GP"
          printer: "Cơ sở in"
        status: published
        ---
        """)
    from danvan.bulletin.tracking import resolve

    corpus = load(project.root, TODAY)
    assert [str(p) for p in corpus.problems if "so-09.md" in p.path] == []
    shown = [str(p) for p in resolve(corpus)]
    if expected is None:
        assert shown == [] and corpus.tracking["bulletins/2026/so-09.md"] == {
            "Theo dõi": ("de-an-02-da-tu", "2018-6T1")}
        # A tracking-only section is a section of the issue, in its place.
        issue = corpus.by_source["bulletins/2026/so-09.md"]
        assert [t for t, _ in corpus.sections_of(issue)] == ["Theo dõi", "Tin"]
    else:
        assert len(shown) == 1 and expected in shown[0] and "tracking" in shown[0]
        run = subprocess.run([sys.executable, "-m", "danvan.cli", "check", "--today",
                              TODAY.isoformat()], cwd=project.root, capture_output=True,
                             text=True)
        assert run.returncode == 1 and expected in run.stderr and "so-09.md" in run.stderr


def test_a_draft_programme_cannot_be_printed(project):
    with_programme(project, status="draft")
    from danvan.bulletin import tracking

    with pytest.raises(tracking.TrackingError, match="chưa công bố"):
        tracking.load(project.root, "de-an-02-da-tu", load(project.root, TODAY).localities,
                      TODAY)


def test_the_downloads_do_not_change_with_the_build_day(published, tmp_path):
    """They are cached without the day (only the deadlines passed are in the key): the same
    data must give the same bytes on another day."""
    from danvan.programme import export_xlsx

    project, _ = published
    programme = load_programme(project.root, "de-an-02-da-tu")
    a = export_xlsx(aggregate(programme, TODAY), tmp_path / "a.xlsx").read_bytes()
    b = export_xlsx(aggregate(programme, TODAY + dt.timedelta(days=40)),
                    tmp_path / "b.xlsx").read_bytes()
    assert a == b
