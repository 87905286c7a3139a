"""Programme tracking (scripts/danvan/programme/): periods, reading and validation,
aggregation against hand-computed figures, the workbook template and importer, exports,
charts, the review PDF, the sample data and the benchmark at a tiny size."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import REPO

from danvan import text
from danvan.programme import (PeriodError, aggregate, chart_svg, chart_table, export_csv,
                              export_xlsx, import_workbook, load_programme, parse_period,
                              period_chart_svg, review_pdf, template_workbook)
from danvan.programme.workbook import report_yaml

TODAY = dt.date(2026, 11, 27)
PROGRAMME = """\
id: thu
title: Chương trình thử
short_title: Chương trình thử
status: published
document: "02-ĐA/TU"
document_date: 2016-08-15
start: 2017-01-01
end: 2018-12-31
reporting:
  required: [6-thang, nam]
  due_days: 15
  trend: 6-thang
reviews:
  - kind: so-ket
    title: Sơ kết chương trình thử
    month: 2017-T09
    period: 2017-6T1
targets:
  - code: A
    title: Kế hoạch dân vận
    wording: Mọi đơn vị có kế hoạch.
    kind: share
    target: 100
    deadline: 2018-12-31
  - code: B
    title: Quy chế phối hợp
    wording: Mọi huyện có quy chế.
    kind: share
    target: 100
    deadline: 2018-12-31
    applies_to: [huyen]
  - code: R
    title: Sự hài lòng
    wording: Trên 80% hài lòng.
    kind: rate
    target: 80
    comparison: above
    deadline: 2018-12-31
units:
  - code: s1
    name: Sở Một
    kind: so-ban-nganh
  - code: s2
    name: Sở Hai
    kind: so-ban-nganh
  - code: h1
    name: UBND huyện Văn Lâm
    kind: huyen
    locality: huyện Văn Lâm
  - code: h2
    name: UBND huyện Kim Động
    kind: huyen
    locality: huyện Kim Động
"""


def report(unit: str, period: str, submitted: str, values: dict, extra: str = "") -> str:
    lines = ["illustrative: true", f"unit: {unit}", f'period: "{period}"',
             f"submitted: {submitted}", "values:"]
    lines += [f"  {k}: {v}" for k, v in values.items()]
    return "\n".join(lines) + "\n" + extra


GOOD = {
    "s1/2017-6T1.yml": report("s1", "2017-6T1", "2017-07-10", {"A": "đạt", "R": 70}),
    "s2/2017-6T1.yml": report("s2", "2017-6T1", "2017-07-20", {"A": "chưa đạt", "R": 90}),
    "h1/2017-6T1.yml": report("h1", "2017-6T1", "2017-07-12",
                              {"A": "đạt", "B": "đạt", "R": 85}),
    # Two reports ending on 31/12/2017: the year's is the one counted.
    "s1/2017-6T2.yml": report("s1", "2017-6T2", "2018-01-05", {"A": "chưa đạt", "R": 10}),
    "s1/2017.yml": report("s1", "2017", "2018-01-10", {"A": "đạt", "R": 75}),
}


class Tiny:
    """A project with the repo's data files, the fonts, and the programme "thu"."""

    def __init__(self, root: Path, reports: dict[str, str] | None = None,
                 programme: str = PROGRAMME):
        self.root = root
        data = root / "content" / "_du-lieu"
        data.mkdir(parents=True)
        for name in ("co-quan.yml", "danh-muc.yml", "dia-ban.yml"):
            shutil.copy(REPO / "content" / "_du-lieu" / name, data / name)
        (root / "node_modules").symlink_to(REPO / "node_modules")
        fonts = REPO / ".cache" / "bulletins" / "fonts"
        fonts.mkdir(parents=True, exist_ok=True)
        (root / ".cache" / "bulletins").mkdir(parents=True)
        (root / ".cache" / "bulletins" / "fonts").symlink_to(fonts)
        self.folder = data / "chuong-trinh" / "thu"
        self.write("chuong-trinh.yml", programme)
        for rel, body in (GOOD if reports is None else reports).items():
            self.write(f"bao-cao/{rel}", body)

    def write(self, rel: str, body: str | bytes) -> Path:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, "utf-8")
        return path

    def load(self):
        return load_programme(self.root, "thu")


@pytest.fixture
def tiny(tmp_path: Path) -> Tiny:
    return Tiny(tmp_path / "project")


def messages(programme) -> list[str]:
    return [str(p) for p in programme.problems]


# --- Periods ---------------------------------------------------------------------------------


def test_periods_read_every_form_and_print_one():
    assert parse_period("2017-T3").code == "2017-T03"
    assert parse_period("2017-t03").label == "tháng 3/2017"
    assert parse_period("2017-Q2").label == "quý II/2017"
    assert parse_period("2017-6T1").label == "6 tháng đầu năm 2017"
    assert parse_period("2017-6T2").end == dt.date(2017, 12, 31)
    assert parse_period(2017).label == "năm 2017"
    assert parse_period("2016-T02").end == dt.date(2016, 2, 29)
    year, half = parse_period("2017"), parse_period("2017-6T2")
    assert year.covers(half) and not half.covers(year)
    assert not year.covers(parse_period("2017-6T1"))  # contains it, but ends earlier
    assert sorted([year, half, parse_period("2017-T12")]) == [parse_period("2017-T12"), half, year]


@pytest.mark.parametrize("raw, words", [
    ("2017-T13", "không có tháng 13"), ("2017-Q5", "không có quý 5"),
    ("2017-6T3", "6T1"), ("2017-06", "không đúng mẫu"), ("T3/2017", "không đúng mẫu"),
])
def test_a_bad_period_says_how_to_write_it(raw, words):
    with pytest.raises(PeriodError, match=words):
        parse_period(raw)


# --- Aggregation, against figures computed by hand --------------------------------------------


def test_share_and_rate_figures_by_hand(tiny):
    programme = tiny.load()
    assert [p for p in programme.problems if not p.warning] == []
    progress = aggregate(programme, TODAY)
    a = progress.cell("A", "2017-6T1")
    # A applies to 4 units; s1 and h1 meet it, s2 does not, h2 sent nothing: 2/4.
    assert a.value == 50.0 and a.status == "chua-dat" and a.distance == 50.0
    assert (a.met, a.not_met, a.no_data) == (["s1", "h1"], ["s2"], ["h2"])
    assert a.by_kind["so-ban-nganh"].value == 50.0 and a.by_kind["huyen"].value == 50.0
    assert a.by_locality["huyen-van-lam"].met == 1 and a.by_locality["huyen-kim-dong"].met == 0
    assert a.by_locality["cap-tinh"].units == ("s1", "s2")
    # B applies to the two huyện only.
    b = progress.cell("B", "2017-6T1")
    assert b.applicable == ["h1", "h2"] and b.value == 50.0
    # R: the mean of 70, 90 and 85 is 81.67, above 80: met; s1 (70) does not meet it.
    r = progress.cell("R", "2017-6T1")
    assert r.value == 81.67 and r.status == "dat" and r.distance == 0.0
    assert r.met == ["s2", "h1"] and r.not_met == ["s1"]
    assert r.by_kind["so-ban-nganh"].value == 80.0  # (70 + 90) / 2: not above 80
    assert r.by_kind["huyen"].value == 85.0


def test_the_years_report_counts_for_the_second_half_and_nothing_is_carried_over(tiny):
    progress = aggregate(tiny.load(), TODAY)
    a = progress.cell("A", "2017-6T2")
    # s1's year report (đạt), not its second-half report (chưa đạt); the others reported
    # in the first half only and are "chưa có số liệu" here.
    assert a.values == {"s1": True} and a.value == 25.0
    r = progress.cell("R", "2017-6T2")
    assert r.value == 75.0 and r.status == "gan-dat" and r.distance == 5.0
    assert [c.value for c in progress.trend("R")] == [81.67, 75.0, None, None]
    assert progress.latest("R").period.code == "2017-6T2"
    assert progress.cell("R", "2018-6T1").status == "chua-co-so-lieu"
    # A period that is not a trend period: in the year 2017, each unit's last report of the
    # year (s1's year report; the first-half reports of s2 and h1).
    assert progress.cell("A", "2017").values == {"s1": True, "s2": False, "h1": True}


def test_late_and_missing_reports(tiny):
    progress = aggregate(tiny.load(), TODAY)
    owed = {(s.unit, s.period.code): s for s in progress.submissions}
    # Owed per unit: 2017-6T1, 2017, 2018-6T1, 2018 (the year's report is the second
    # half's: 2017-6T2 is not owed apart).
    assert sorted(p for u, p in owed if u == "s1") == ["2017", "2017-6T1", "2018", "2018-6T1"]
    assert owed[("s1", "2017-6T1")].status == "dung-han"
    late = owed[("s2", "2017-6T1")]
    assert late.status == "muon" and late.days_late == 5 and late.due == dt.date(2017, 7, 15)
    assert owed[("h2", "2017-6T1")].status == "thieu"
    assert owed[("s1", "2017")].status == "dung-han"
    warnings = [str(p) for p in progress.problems]
    assert all(p.warning for p in progress.problems)
    assert any("Sở Hai gửi báo cáo 6 tháng đầu năm 2017 ngày 20/7/2017, muộn 5 ngày "
               "(hạn 15/7/2017)" in w for w in warnings)
    assert any("UBND huyện Kim Động chưa gửi báo cáo 6 tháng đầu năm 2017" in w
               and "period: 2017-6T1" in w for w in warnings)
    # Before the due date nothing is missing yet.
    early = aggregate(tiny.load(), dt.date(2017, 7, 14))
    assert not early.missing()


# --- Validation messages ----------------------------------------------------------------------


def _one_error(tiny: Tiny, rel: str, body: str) -> str:
    tiny.write(f"bao-cao/{rel}", body)
    errors = [str(p) for p in tiny.load().errors]
    assert len(errors) == 1, errors
    return errors[0]


def test_unknown_unit(tiny):
    error = _one_error(tiny, "x.yml", report("h11", "2017-6T1", "2017-07-10", {"A": "đạt"}))
    assert "bao-cao/x.yml:2: trường “unit”: không có đơn vị “h11”" in error
    assert "có phải “h1”?" in error and "phần units" in error


def test_unknown_target_names_its_line_and_the_known_codes(tiny):
    error = _one_error(tiny, "x.yml", report("h2", "2017-6T1", "2017-07-10",
                                             {"A": "đạt", "C": "đạt"}))
    assert "x.yml:7: trường “values”: không có chỉ tiêu “C”" in error
    assert "các mã chỉ tiêu: A, B, R" in error


def test_period_outside_the_programme(tiny):
    error = _one_error(tiny, "x.yml", report("h2", "2019-6T1", "2019-07-10", {"A": "đạt"}))
    assert "x.yml:3: trường “period”: kỳ 6 tháng đầu năm 2019 (2019-6T1) nằm ngoài thời " \
           "gian của chương trình (từ 1/1/2017 đến 31/12/2018)" in error


def test_a_period_written_wrong(tiny):
    error = _one_error(tiny, "x.yml", report("h2", "2017-Q7", "2017-07-10", {"A": "đạt"}))
    assert "x.yml:3: trường “period”: kỳ báo cáo “2017-Q7”: không có quý 7" in error
    assert "2017-6T1 (6 tháng đầu năm)" in error  # the fix shows the forms


def test_value_out_of_range_and_of_the_wrong_kind(tiny):
    tiny.write("bao-cao/x.yml", report("h2", "2017-6T1", "2017-07-10",
                                        {"A": 1, "B": "đạt", "R": 120}))
    errors = [str(p) for p in tiny.load().errors]
    assert len(errors) == 2
    assert any("x.yml:6: trường “values”: chỉ tiêu A: giá trị “1” không đúng; chỉ tiêu này "
               "ghi đơn vị đạt hay chưa đạt" in e for e in errors)
    assert any("x.yml:8: trường “values”: chỉ tiêu R: giá trị 120 nằm ngoài khoảng 0–100" in e
               for e in errors)


def test_a_target_that_does_not_apply_to_the_unit(tiny):
    error = _one_error(tiny, "x.yml", report("s2", "2018-6T1", "2018-07-10", {"B": "đạt"}))
    assert "chỉ tiêu B không áp dụng cho sở, ban, ngành tỉnh (Sở Hai)" in error


def test_duplicate_report_names_both_files(tiny):
    error = _one_error(tiny, "s1/lai.yml", report("s1", "2017-6T1", "2017-07-11", {"A": "đạt"}))
    assert "bao-cao/s1/lai.yml: trường “period”: báo cáo trùng: Sở Một, kỳ 6 tháng đầu năm " \
           "2017 đã có trong tệp content/_du-lieu/chuong-trinh/thu/bao-cao/s1/2017-6T1.yml" in error
    assert "giữ một tệp, xóa tệp kia" in error


def test_missing_field_and_a_date_before_the_period(tiny):
    error = _one_error(tiny, "x.yml", "unit: h2\nperiod: 2017-6T1\nvalues:\n  A: đạt\n")
    assert "trường “submitted”: thiếu trường bắt buộc" in error
    assert "thêm dòng “submitted: …” vào tệp" in error
    error = _one_error(tiny, "x.yml", report("h2", "2017-6T1", "2016-12-01", {"A": "đạt"}))
    assert "x.yml:4: trường “submitted”: ngày gửi 1/12/2016 trước khi kỳ 6 tháng đầu năm " \
           "2017 bắt đầu" in error


def test_every_problem_of_a_file_in_one_pass(tiny):
    tiny.write("bao-cao/x.yml", report("h9", "2017-T13", "hôm qua", {"Z": "đạt", "R": "cao"}))
    errors = [str(p) for p in tiny.load().errors]
    assert len(errors) == 5
    for words in ("không có đơn vị “h9”", "không có tháng 13", "“hôm qua” không đúng định dạng",
                  "không có chỉ tiêu “Z”", "chỉ tiêu R: giá trị “cao” không phải số"):
        assert any(words in e for e in errors), words


def test_a_missing_target_figure_is_a_warning(tiny):
    tiny.write("bao-cao/h2/2017-6T1.yml", report("h2", "2017-6T1", "2017-07-10", {"A": "đạt"}))
    programme = tiny.load()
    assert programme.errors == []
    warnings = [str(p) for p in programme.problems if p.warning]
    assert len(warnings) == 2  # B and R
    assert "Cảnh báo – content/_du-lieu/chuong-trinh/thu/bao-cao/h2/2017-6T1.yml:5: trường " \
           "“values”: báo cáo 6 tháng đầu năm 2017 của UBND huyện Kim Động không có số liệu " \
           "chỉ tiêu B" in warnings[0]
    cell = aggregate(programme, TODAY).cell("B", "2017-6T1")
    assert cell.no_data == ["h2"]


def test_a_huyen_cannot_report_after_the_two_level_government(tmp_path):
    programme = PROGRAMME.replace("start: 2017-01-01", "start: 2024-01-01").replace(
        "end: 2018-12-31", "end: 2026-12-31").replace("2017-T09", "2024-T09").replace(
        "period: 2017-6T1", "period: 2024-6T1")
    tiny = Tiny(tmp_path / "p", {"h1.yml": report("h1", "2025-6T2", "2026-01-10", {"A": "đạt"})},
                programme)
    errors = [str(p) for p in tiny.load().errors]
    assert len(errors) == 1
    assert "đơn vị “UBND huyện Văn Lâm” không báo cáo trong kỳ 6 tháng cuối năm 2025 " \
           "(đơn vị báo cáo từ 1/1/2024 đến 30/6/2025)" in errors[0]


def test_csv_reports_are_read_with_their_lines(tiny):
    tiny.write("bao-cao/h2/2017-6T1.csv", "field,value\nunit,h2\nperiod,2017-6T1\n"
               "submitted,10/7/2017\nA,đạt\nB,chưa đạt\nR,\"82,5\"\n")
    programme = tiny.load()
    assert programme.errors == []
    found = [r for r in programme.reports if r.unit == "h2"][0]
    assert found.values == {"A": True, "B": False, "R": 82.5}
    tiny.write("bao-cao/h2/2017-6T1.csv", "field,value\nunit,h2\nperiod,2017-6T1\n"
               "submitted,10/7/2017\nA,có lẽ\n")
    assert any("2017-6T1.csv:5: trường “values”: chỉ tiêu A: giá trị “có lẽ”" in m
               for m in messages(tiny.load()))
    tiny.write("bao-cao/h2/2017-6T1.csv", "unit,h2\n")
    assert any("2017-6T1.csv:1: dòng đầu của tệp CSV phải là “field,value”" in m
               for m in messages(tiny.load()))


def test_report_files_are_read_strictly(tiny):
    nfd = report("h2", "2017-6T1", "2017-07-10", {"A": "chưa đạt"}).replace(
        "chưa", text.nfc("chưa").replace("ư", "u\u031b"))
    tiny.write("bao-cao/h2/nfd.yml", nfd)
    assert any("dạng tổ hợp (NFD)" in m for m in messages(tiny.load()))
    tiny.write("bao-cao/h2/nfd.yml", "unit: h2\nunit: h1\n")
    assert any("nfd.yml:2: trường “unit”: trường “unit” được ghi hai lần" in m
               for m in messages(tiny.load()))
    tiny.write("bao-cao/h2/nfd.yml", "a: &x [1]\nb: *x\n")
    assert any("neo hoặc bí danh YAML" in m for m in messages(tiny.load()))
    (tiny.folder / "bao-cao/h2/nfd.yml").unlink()
    tiny.write("bao-cao/ghi-chu.txt", "x")
    assert any("thư mục báo cáo chỉ chứa tệp .yml hoặc .csv" in m for m in messages(tiny.load()))


def test_programme_file_errors(tmp_path):
    bad = PROGRAMME.replace("locality: huyện Kim Động", "locality: huyện Kim Đông").replace(
        "id: thu", "id: thu-khac").replace("  - code: B\n", "  - code: A\n")
    bad += "source: van-ban/khong-co.md\n"
    tiny = Tiny(tmp_path / "p", {}, bad)
    errors = [str(p) for p in tiny.load().errors]
    assert any("chuong-trinh.yml:1: trường “id”: mã chương trình “thu-khac” khác tên thư mục "
               "“thu”" in e for e in errors)
    assert any("trường “targets.code”: mã chỉ tiêu “A” bị trùng" in e for e in errors)
    assert any("không có địa bàn “huyện Kim Đông”" in e and "có phải “huyện Kim Động”" in e
               for e in errors)
    assert any("trường “source”: không có văn bản “van-ban/khong-co.md” trong content/" in e
               for e in errors)
    without = PROGRAMME.replace("    kind: rate\n", "")
    tiny = Tiny(tmp_path / "q", {}, without)
    errors = [str(p) for p in tiny.load().errors]
    line = without.splitlines().index("  - code: R") + 1  # the entry's line
    assert len(errors) == 1 and f"chuong-trinh.yml:{line}: trường “targets.kind”: mục thứ 3: " \
        "thiếu trường bắt buộc" in errors[0]


# --- The sample data -------------------------------------------------------------------------


def test_the_sample_programme_quotes_the_de_an_and_shows_what_it_should():
    programme = load_programme(REPO, "de-an-02-da-tu")
    # Each wording is checked against the Đề án's text in content/van-ban/ (no error).
    assert programme.errors == []
    assert len(programme.targets) == 7 and len(programme.units) == 8
    files = sorted((REPO / programme.folder / "bao-cao").rglob("*.*"))
    assert files and all("illustrative" in f.read_text("utf-8") for f in files)
    assert all(r.illustrative for r in programme.reports)
    progress = aggregate(programme, TODAY)
    kinds = sorted(p.message.split(" ")[-1] for p in progress.problems)
    assert len(progress.late()) == 2 and len(progress.missing()) == 1, kinds
    assert [p for p in programme.problems if p.warning]  # a report without one target
    final = progress.cell("CT5", "2020-6T2")
    assert final.not_met == ["huyen-khoai-chau"] and final.status != "dat"  # one unit misses it
    assert progress.cell("CT1", "2016-6T2").value < progress.cell("CT1", "2020-6T2").value


# --- Workbook --------------------------------------------------------------------------------


def _fill(path: Path, out: Path, cells: dict) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["Báo cáo"]
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(out)
    return out


def test_the_template_has_vietnamese_headers_and_data_validation(tiny, tmp_path):
    import openpyxl

    programme = tiny.load()
    path = template_workbook(programme, tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Báo cáo", "Danh mục", "Hướng dẫn"]
    assert book["Danh mục"].sheet_state == "hidden"
    sheet = book["Báo cáo"]
    assert [sheet[f"{c}9"].value for c in "ABCDE"] == [
        "Mã chỉ tiêu", "Chỉ tiêu (trích văn bản)", "Cách ghi", "Kết quả", "Ghi chú"]
    assert [sheet[f"A{r}"].value for r in (10, 11, 12)] == ["A", "B", "R"]
    assert sheet["B10"].value == "Mọi đơn vị có kế hoạch."
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["D10 D11"].type == "list" and rules["D10 D11"].formula1 == '"đạt,chưa đạt"'
    assert rules["D12"].type == "decimal" and (rules["D12"].formula1, rules["D12"].formula2) == \
        ("0", "100")
    assert rules["B5"].type == "list" and rules["B7"].type == "date"


def test_the_importer_reads_a_workbook_made_from_the_template(tiny, tmp_path):
    programme = tiny.load()
    blank = template_workbook(programme, tmp_path / "mau.xlsx")
    filled = _fill(blank, tmp_path / "h2.xlsx", {
        "B5": "h2", "B6": "2017-6T1", "B7": dt.datetime(2017, 7, 9),
        "D10": "đạt", "D11": "chưa đạt", "D12": 78.5, "E12": "khảo sát 400 phiếu"})
    found, problems = import_workbook(programme, filled)
    assert problems == []
    assert (found.unit, found.period.code, found.submitted) == ("h2", "2017-6T1",
                                                                dt.date(2017, 7, 9))
    assert found.values == {"A": True, "B": False, "R": 78.5}
    # Saved as the YAML file the site reads, it reads back the same.
    tiny.write("bao-cao/h2/2017-6T1.yml", report_yaml(found, "h2.xlsx"))
    again = [r for r in tiny.load().reports if r.unit == "h2"][0]
    assert again.values == found.values and again.period == found.period


def test_the_importer_names_sheet_row_and_cell_of_each_problem(tiny, tmp_path):
    programme = tiny.load()
    blank = template_workbook(programme, tmp_path / "mau.xlsx")
    broken = _fill(blank, tmp_path / "hong.xlsx", {
        "B5": "h9", "B6": "2017-H1", "B7": "mùng 9",
        "D10": 5, "D11": "đạt", "D12": "cao"})
    found, problems = import_workbook(programme, broken)
    assert found is None
    shown = [str(p) for p in problems]
    assert len(shown) == 5
    expected = [
        ("dòng 5, ô B5", "không có đơn vị “h9”"),
        ("dòng 6, ô B6", "kỳ báo cáo “2017-H1” không đúng mẫu"),
        ("dòng 7, ô B7", "“mùng 9” không đúng định dạng ngày"),
        ("dòng 10, ô D10", "chỉ tiêu A: giá trị “5” không đúng"),
        ("dòng 12, ô D12", "chỉ tiêu R: giá trị “cao” không phải số"),
    ]
    for place, words in expected:
        assert any(f"hong.xlsx, trang “Báo cáo”, {place}" in s and words in s for s in shown), \
            (place, shown)


def test_the_importer_refuses_what_is_not_a_report_workbook(tiny, tmp_path):
    import openpyxl

    programme = tiny.load()
    (tmp_path / "rong.xlsx").write_bytes(b"PK\x03\x04 not really")
    found, problems = import_workbook(programme, tmp_path / "rong.xlsx")
    assert found is None and "không mở được tệp Excel" in str(problems[0])
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "khac.xlsx")
    found, problems = import_workbook(programme, tmp_path / "khac.xlsx")
    assert found is None and "không có trang “Báo cáo”" in str(problems[0])


# --- Exports ---------------------------------------------------------------------------------


def test_csv_and_xlsx_exports(tiny, tmp_path):
    import openpyxl

    progress = aggregate(tiny.load(), TODAY)
    path = export_csv(progress, tmp_path / "so-lieu.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with it
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3 * 4  # three targets, four half-years
    first = rows[0]
    assert (first["Mã chỉ tiêu"], first["Kỳ"], first["Kết quả (%)"], first["Đánh giá"],
            first["Đơn vị chưa đạt"], first["Đơn vị chưa có số liệu"]) == \
        ("A", "2017-6T1", "50.0", "Chưa đạt", "Sở Hai", "UBND huyện Kim Động")
    assert first["Số liệu minh họa"] == "có"
    book = openpyxl.load_workbook(export_xlsx(progress, tmp_path / "so-lieu.xlsx"))
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị", "Báo cáo muộn, thiếu", "Ghi chú"]
    summary = list(book["Tổng hợp"].values)
    assert summary[0][6] == "Kết quả (%)" and summary[9][1:4] == ("R", "Sự hài lòng", "2017-6T1")
    assert summary[9][6] == 81.67
    units = list(book["Theo đơn vị"].values)
    assert units[0] == ("Mã đơn vị", "Đơn vị", "Loại", "Địa bàn", "Kỳ", "A", "B", "R")
    assert ("h1", "UBND huyện Văn Lâm", "huyen", "huyện Văn Lâm", "2017-6T1", "đạt", "đạt", 85) \
        in units
    late = list(book["Báo cáo muộn, thiếu"].values)
    assert any(r[0] == "s2" and r[5] == "Gửi muộn" and r[6] == 5 for r in late[1:])
    assert any("SỐ LIỆU MINH HỌA" in (r[0] or "") for r in book["Ghi chú"].values)


# --- Charts ----------------------------------------------------------------------------------


def test_a_chart_is_accessible_svg_with_text_as_text(tiny):
    from lxml import etree

    progress = aggregate(tiny.load(), TODAY)
    svg = chart_svg(progress, "R")
    root = etree.fromstring(svg.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    title, desc = root.find("s:title", ns), root.find("s:desc", ns)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text.startswith("R. Sự hài lòng")
    assert "mục tiêu trên 80%" in desc.text and "6 tháng đầu năm 2017: 81,7%, đạt" in desc.text
    assert desc.text.endswith("Số liệu minh họa.")
    words = "".join(root.itertext())
    for label in ("Mục tiêu: trên 80%", "SỐ LIỆU MINH HỌA", "Gần đạt", "Chưa đạt", "6T đầu"):
        assert label in words
    texts = root.findall(".//s:text", ns)
    assert texts and all(t.get("font-family") == "'Be Vietnam Pro'" for t in texts)
    assert "DejaVu" not in svg and "glyph" not in svg  # no text drawn as paths
    assert "<?xml" not in svg and "<style" not in svg and " style=" not in svg
    # The same figures draw the same bytes, and matplotlib's global settings are left as
    # they were.
    import matplotlib

    assert chart_svg(progress, "R") == svg
    assert matplotlib.rcParams["svg.fonttype"] == "path"
    # Two charts on one page never share an id.
    other = chart_svg(progress, "A")
    ids = set(re.findall(r'id="([^"]+)"', svg)) & set(re.findall(r'id="([^"]+)"', other))
    assert ids == set()


def test_the_chart_table_has_the_charts_figures(tiny):
    progress = aggregate(tiny.load(), TODAY)
    table = chart_table(progress, "A")
    assert [row[:3] for row in table.rows] == [
        ["6 tháng đầu năm 2017", "50%", "Chưa đạt"], ["6 tháng cuối năm 2017", "25%", "Chưa đạt"],
        ["6 tháng đầu năm 2018", "—", "Chưa có số liệu"],
        ["6 tháng cuối năm 2018", "—", "Chưa có số liệu"]]
    html = str(table.html())
    assert html.startswith('<table class="danvan-chart-data"><caption>Số liệu của biểu đồ: A.')
    assert '<th scope="row">6 tháng đầu năm 2017</th>' in html and "Số liệu minh họa" in html
    period = period_chart_svg(progress, "2017-6T1")
    assert "Biểu đồ cột ngang, kết quả 3 chỉ tiêu 6 tháng đầu năm 2017" in period
    assert "A 50%, chưa đạt (mục tiêu 100%)" in period


def test_a_review_chart_stops_at_its_period(tiny):
    progress = aggregate(tiny.load(), TODAY)
    svg = chart_svg(progress, "A", until="2017-6T1")
    assert "qua 1 kỳ" in svg and "6T cuối" not in svg


# --- The review PDF --------------------------------------------------------------------------


def test_the_review_pdf_embeds_the_design_fonts_and_reads_as_vietnamese(tiny, tmp_path):
    progress = aggregate(tiny.load(), TODAY)
    pdf = review_pdf(progress, "so-ket", tmp_path / "so-ket.pdf", made=dt.date(2017, 9, 20))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", line
        assert re.match(r"[A-Z]{6}\+(Be-Vietnam-Pro|Noto-Serif)", name), line
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = text.nfc(words)
    for phrase in ("PHỤ LỤC SỐ LIỆU SƠ KẾT THỰC HIỆN CHƯƠNG TRÌNH THỬ", "Số liệu minh họa",
                   "6 tháng đầu năm 2017", "Sở Hai", "UBND huyện Kim Động", "Chưa gửi",
                   "Gửi muộn (5 ngày)", "Mọi huyện có quy chế.", "Sự hài lòng",
                   "ĐẢNG CỘNG SẢN VIỆT NAM", "BAN DÂN VẬN TỈNH ỦY HƯNG YÊN"):
        assert phrase in words, phrase
    # A mid-term review shows only what was known then.
    assert "6T cuối" not in words
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Title:" in info and "Chương trình thử" in info


def test_the_review_refuses_a_period_outside_the_programme(tiny, tmp_path):
    from danvan.programme.review import ReviewError

    progress = aggregate(tiny.load(), TODAY)
    with pytest.raises(ReviewError, match="nằm ngoài thời gian"):
        review_pdf(progress, "2020", tmp_path / "x.pdf")
    with pytest.raises(ReviewError, match="không khai báo hội nghị tổng kết"):
        review_pdf(progress, "tong-ket", tmp_path / "x.pdf")


# --- Benchmark -------------------------------------------------------------------------------


def test_the_benchmark_runs_at_a_tiny_size():
    done = subprocess.run([sys.executable, "-m", "danvan.programme.bench", "--units", "3",
                           "--years", "1"], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = dict(re.findall(r"^\s+(\w[\w ]*?)\s{2,}([\d.]+)$", done.stdout, re.M))
    assert int(figures["reports"]) > 30  # 36 less the few left out on purpose
    assert float(figures["total s"]) > 0 and int(figures["charts"]) == 15
    # The site's pages: overview, 7 targets, 3 units, 12 months (+ the index); every chart
    # made once, then none from the cache.
    assert int(figures["pages"]) == 1 + 1 + 7 + 3 + 12
    assert int(figures["page charts"]) > 0 and float(figures["site cold s"]) > 0


# --- The editors' commands: danvan bao-cao mau / nhap ------------------------------------------


def _cli(root: Path, *args: str):
    return subprocess.run([sys.executable, "-m", "danvan.cli", *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


def test_the_commands_make_a_template_and_import_it_all_or_nothing(tiny, tmp_path):
    made = _cli(tiny.root, "bao-cao", "mau", "thu", "--don-vi", "h2", "--out", "mau.xlsx")
    assert made.returncode == 0, made.stderr
    blank = tiny.root / "mau.xlsx"
    good = _fill(blank, tmp_path / "h2.xlsx", {"B6": "2017-6T1", "B7": dt.datetime(2017, 7, 9),
                                              "D10": "đạt", "D11": "chưa đạt", "D12": 78.5})
    bad = _fill(blank, tmp_path / "h1.xlsx", {"B5": "h1", "B6": "2017-6T2",
                                             "B7": dt.datetime(2018, 1, 9), "D12": "cao"})
    # One broken workbook: nothing is written, the message names the file, sheet and cell.
    run = _cli(tiny.root, "bao-cao", "nhap", "thu", str(good), str(bad))
    assert run.returncode == 1
    assert "h1.xlsx, trang “Báo cáo”, dòng 12, ô D12" in run.stderr
    assert "Chưa nhập tệp nào" in run.stderr
    target = tiny.folder / "bao-cao" / "h2" / "2017-6T1.yml"
    assert not target.exists()
    # The good one alone: written where the site reads it, and read back the same.
    run = _cli(tiny.root, "bao-cao", "nhap", "thu", str(good))
    assert run.returncode == 0, run.stderr
    assert target.is_file() and "Đã ghi" in run.stdout
    again = [r for r in tiny.load().reports if r.unit == "h2"]
    assert [r.values for r in again] == [{"A": True, "B": False, "R": 78.5}]
    # The same report again: refused unless replacing (a corrected report).
    before = target.read_text("utf-8")
    fixed = _fill(good, tmp_path / "h2-sua.xlsx", {"D12": 81})
    run = _cli(tiny.root, "bao-cao", "nhap", "thu", str(fixed))
    assert run.returncode == 1 and "đã có báo cáo" in run.stderr and "--ghi-de" in run.stderr
    assert target.read_text("utf-8") == before
    run = _cli(tiny.root, "bao-cao", "nhap", "thu", "--ghi-de", str(fixed))
    assert run.returncode == 0, run.stderr
    assert [r.values["R"] for r in tiny.load().reports if r.unit == "h2"] == [81.0]


def test_an_unknown_programme_is_named_with_the_known_ones(tiny):
    run = _cli(tiny.root, "bao-cao", "mau", "khong-co")
    assert run.returncode == 1
    assert "không có chương trình “khong-co”" in run.stderr and "thu" in run.stderr
