"""The units' Excel workbooks: a blank template generated from the programme, and the
importer that reads a filled one back (openpyxl, read-only).

The template has one sheet to fill, "Báo cáo": the unit (a list), the period (a list of the
programme's periods), the day sent (a date), then one row per target with its wording, what
to write and the cell to fill, each guarded by Excel's data validation (đạt / chưa đạt for
a share target, a number from 0 to 100 for a rate). "Hướng dẫn" says how; "Danh mục" (hidden)
holds the lists. The importer finds its cells by the labels in column A, not by fixed
rows, and every problem names the file, the sheet, the row and the cell. What it reads is
validated as any report (reading.check_report); ``report_yaml`` writes it as the
``bao-cao/`` file that the site reads, since the build never opens a workbook.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from .. import text
from ..problems import Collector, Problem
from . import periods
from .reading import check_report
from .schema import TARGET_KINDS, UNIT_KINDS, Programme, Report

SHEET = "Báo cáo"
GUIDE = "Hướng dẫn"
LISTS = "Danh mục"
LABELS = {
    "programme": "Chương trình",
    "unit": "Mã đơn vị báo cáo",
    "period": "Kỳ báo cáo",
    "submitted": "Ngày gửi",
    "illustrative": "Số liệu minh họa",
}
HEADER = ["Mã chỉ tiêu", "Chỉ tiêu (trích văn bản)", "Cách ghi", "Kết quả", "Ghi chú"]
VALUE_COLUMN = "D"


def _periods(programme: Programme) -> list[periods.Period]:
    found = {p for kind in periods.KINDS
             for p in periods.between(kind, programme.start, programme.end)}
    return sorted(found)


def template_workbook(programme: Programme, path: Path | str, unit: str | None = None,
                      period: str | None = None) -> Path:
    """Write the blank workbook for ``programme`` (optionally with the unit and the period
    filled in) to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    lists = book.create_sheet(LISTS)
    guide = book.create_sheet(GUIDE)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")  # the cells to fill
    wrap = Alignment(wrap_text=True, vertical="top")

    # Lists for the drop-downs.
    lists["A1"], lists["B1"], lists["C1"], lists["D1"] = "Mã đơn vị", "Tên đơn vị", "Kỳ", "Tên kỳ"
    units = list(programme.units.values())
    for n, u in enumerate(units, start=2):
        lists[f"A{n}"], lists[f"B{n}"] = u.code, u.name
    all_periods = _periods(programme)
    for n, p in enumerate(all_periods, start=2):
        lists[f"C{n}"], lists[f"D{n}"] = p.code, p.title
    lists.sheet_state = "hidden"

    sheet["A1"] = f"BÁO CÁO KẾT QUẢ THỰC HIỆN {programme.short_title.upper()}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = programme.title
    sheet["A2"].alignment = wrap
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("A2:E2")
    sheet.row_dimensions[2].height = 32
    rows = {"programme": 4, "unit": 5, "period": 6, "submitted": 7}
    for key, row in rows.items():
        sheet[f"A{row}"] = LABELS[key]
        sheet[f"A{row}"].font = bold
    sheet["B4"] = programme.id
    sheet["B5"] = unit or None
    sheet["C5"] = f"=IFERROR(VLOOKUP(B5,'{LISTS}'!A:B,2,FALSE),\"\")"
    sheet["B6"] = period or None
    sheet["B7"].number_format = "DD/MM/YYYY"
    for ref in ("B5", "B6", "B7"):
        sheet[ref].fill = fill
        sheet[ref].protection = Protection(locked=False)

    unit_list = DataValidation(type="list", formula1=f"='{LISTS}'!$A$2:$A${len(units) + 1}",
                               allow_blank=False, showErrorMessage=True,
                               errorTitle="Mã đơn vị", error="Chọn mã đơn vị trong danh sách.",
                               promptTitle="Đơn vị", prompt="Chọn mã đơn vị báo cáo.")
    period_list = DataValidation(type="list",
                                 formula1=f"='{LISTS}'!$C$2:$C${len(all_periods) + 1}",
                                 showErrorMessage=True, errorTitle="Kỳ báo cáo",
                                 error="Chọn kỳ trong danh sách: 2017-T03, 2017-Q2, "
                                       "2017-6T1, 2017.",
                                 promptTitle="Kỳ báo cáo", prompt=periods.FORMS)
    day = DataValidation(type="date", operator="between", formula1=_excel_date(programme.start),
                         formula2=_excel_date(programme.end + dt.timedelta(days=366)),
                         showErrorMessage=True, errorTitle="Ngày gửi",
                         error="Ghi ngày gửi báo cáo, dạng 10/07/2017.")
    unit_list.add("B5")
    period_list.add("B6")
    day.add("B7")

    first = 9
    for column, title in zip("ABCDE", HEADER):
        sheet[f"{column}{first}"] = title
        sheet[f"{column}{first}"].font = bold
    share = DataValidation(type="list", formula1='"đạt,chưa đạt"', showErrorMessage=True,
                           errorTitle="Kết quả", error="Chọn “đạt” hoặc “chưa đạt”.")
    rate = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                          showErrorMessage=True, errorTitle="Kết quả",
                          error="Ghi tỷ lệ phần trăm, từ 0 đến 100 (ví dụ 82,5).")
    for n, target in enumerate(programme.targets.values(), start=first + 1):
        applies = ", ".join(UNIT_KINDS[k].split(" (")[0].lower() for k in target.applies_to)
        sheet[f"A{n}"] = target.code
        sheet[f"B{n}"] = target.wording
        how = ("đạt / chưa đạt" if target.kind == "share"
               else f"tỷ lệ % đo được (0–100); mục tiêu {target.goal}")
        sheet[f"C{n}"] = f"{how}. Áp dụng cho: {applies}."
        sheet[f"{VALUE_COLUMN}{n}"].fill = fill
        sheet[f"{VALUE_COLUMN}{n}"].protection = Protection(locked=False)
        sheet[f"E{n}"].protection = Protection(locked=False)
        (share if target.kind == "share" else rate).add(f"{VALUE_COLUMN}{n}")
        for column in "ABCE":
            sheet[f"{column}{n}"].alignment = wrap
        sheet.row_dimensions[n].height = 48
    for validation in (unit_list, period_list, day, share, rate):
        sheet.add_data_validation(validation)
    for column, width in zip("ABCDE", (24, 70, 30, 14, 30)):
        sheet.column_dimensions[column].width = width

    guide["A1"] = "Cách điền báo cáo"
    guide["A1"].font = Font(bold=True, size=13)
    lines = [
        f"Mỗi tệp là báo cáo của một đơn vị trong một kỳ, cho {programme.short_title}.",
        "Điền các ô màu vàng ở trang “Báo cáo”:",
        f"– {LABELS['unit']}: chọn trong danh sách (tên đơn vị hiện bên cạnh).",
        f"– {LABELS['period']}: {periods.FORMS}.",
        f"– {LABELS['submitted']}: ngày gửi báo cáo, dạng 10/07/2017.",
        "– Kết quả: với chỉ tiêu “tỷ lệ đơn vị đạt” chọn “đạt” hoặc “chưa đạt”; với chỉ tiêu "
        "“tỷ lệ đo được” ghi số phần trăm (ví dụ 82,5).",
        "Chỉ tiêu không áp dụng cho đơn vị thì để trống. Không sửa cột Mã chỉ tiêu.",
        f"Loại chỉ tiêu: {'; '.join(f'{k}: {v}' for k, v in TARGET_KINDS.items())}.",
    ]
    for n, line in enumerate(lines, start=3):
        guide[f"A{n}"] = line
    guide.column_dimensions["A"].width = 110
    book.active = 0
    # The same template from the same programme: fixed document dates.
    return save_book(book, path, programme.start, f"Mẫu báo cáo {programme.short_title}")


def save_book(book, path: Path | str, day: dt.date, title: str) -> Path:
    """Save a workbook dated ``day`` (not the moment it is written): the same inputs give the
    same file, whatever the day of the build."""
    stamp = dt.datetime.combine(day, dt.time(8))
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "danvan"
    book.properties.title = title
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _excel_date(day: dt.date) -> str:
    return str((day - dt.date(1899, 12, 30)).days)


# --- Import ----------------------------------------------------------------------------------


def import_workbook(programme: Programme, path: Path | str, shown: str | None = None
                    ) -> tuple[Report | None, list[Problem]]:
    """Read a filled workbook: (the report, or None, and every problem found). ``shown`` is
    the name used in messages (default: the file's name)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    name = shown or path.name
    collector = Collector()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        collector.error(name, f"không mở được tệp Excel ({type(exc).__name__})",
                        "lưu lại tệp dạng .xlsx (Excel Workbook) rồi nhập lại")
        return None, collector.problems
    try:
        if SHEET not in book.sheetnames:
            collector.error(name, f"không có trang “{SHEET}”", "dùng tệp mẫu của chương trình "
                            "(tạo bằng lệnh tạo mẫu), điền vào trang “Báo cáo”")
            return None, collector.problems
        sheet = book[SHEET]
        rows = {}
        for row in sheet.iter_rows(min_row=1, max_row=2000, max_col=5):
            cells = [c for c in row if c.__class__.__name__ != "EmptyCell"]
            if cells:
                rows[cells[0].row] = {c.column_letter: c for c in cells}
    finally:
        book.close()
    return _read(programme, rows, name, collector)


def _cell_place(name: str, ref: str, row: int) -> str:
    return f"{name}, trang “{SHEET}”, dòng {row}, ô {ref}"


def _read(programme: Programme, rows: dict, name: str,
          collector: Collector) -> tuple[Report | None, list[Problem]]:
    places: dict[str, str] = {}
    data: dict = {"values": {}}
    header_row = None
    labels = {v: k for k, v in LABELS.items()}
    for number in sorted(rows):
        cells = rows[number]
        label = cells.get("A")
        label_text = text.nfc(str(label.value)).strip() if label is not None and \
            label.value is not None else ""
        if header_row is None and label_text in labels:
            key = labels[label_text]
            cell = cells.get("B")
            places[key] = _cell_place(name, f"B{number}", number)
            value = cell.value if cell is not None else None
            if key == "submitted" and isinstance(value, dt.datetime):
                value = value.date()
            elif key == "submitted" and isinstance(value, (int, float)) and \
                    not isinstance(value, bool):
                value = f"“{value}” (một số, không phải ngày)"
            if key == "illustrative":
                value = str(value).strip().lower() in ("có", "true", "x") if value else False
            if value is not None and key != "programme":
                data[key] = value.strip() if isinstance(value, str) else value
            if key == "programme" and value is not None and str(value).strip() != programme.id:
                collector.error(places[key], f"tệp là báo cáo của chương trình “{value}”, không "
                                f"phải “{programme.id}”", "dùng tệp mẫu của đúng chương trình")
                return None, collector.problems
        elif label_text == HEADER[0]:
            header_row = number
        elif header_row is not None and label_text:
            cell = cells.get(VALUE_COLUMN)
            value = cell.value if cell is not None else None
            key = label_text
            places[f"values.{key}"] = _cell_place(name, f"{VALUE_COLUMN}{number}", number)
            if isinstance(value, dt.datetime):
                value = f"{text.format_date_short(value.date())} (một ngày)"
            data["values"][key] = value
            if cell is not None and "%" in (cell.number_format or ""):
                data.setdefault("_percent", set()).add(key)
    if header_row is None:
        collector.error(f"{name}, trang “{SHEET}”", f"không thấy dòng tiêu đề “{HEADER[0]}”",
                        "dùng tệp mẫu của chương trình; không xóa dòng tiêu đề của bảng")
        return None, collector.problems
    percent = frozenset(data.pop("_percent", set()))

    def locate(field: str) -> tuple[str, int | None]:
        where = places.get(field) or places.get(field.split(".")[0])
        return (where or f"{name}, trang “{SHEET}”"), None

    report = check_report(programme, data, name, locate, collector, percent_fields=percent)
    return report, collector.problems


def report_yaml(report: Report, origin: str = "") -> str:
    """The report as a ``bao-cao/`` YAML file (what the site reads)."""
    lines = []
    if origin:
        lines.append(f"# Nhập từ tệp Excel {origin}.")
    if report.illustrative:
        lines.append("# SỐ LIỆU MINH HỌA.")
        lines.append("illustrative: true")
    lines += [f"unit: {report.unit}", f'period: "{report.period.code}"',
              f"submitted: {report.submitted.isoformat()}", "values:"]
    for code, value in report.values.items():
        shown = ("đạt" if value else "chưa đạt") if isinstance(value, bool) else f"{value:g}"
        lines.append(f"  {code}: {shown}")
    if report.note:
        lines.append(f"note: {json.dumps(report.note, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def import_files(programme: Programme, paths: list[Path], replace: bool = False
                 ) -> tuple[list[Path], list[Problem]]:
    """Import filled workbooks into the programme's ``bao-cao/<unit>/<period>.yml``: all or
    nothing. A report already there (another file for the same unit and period) is refused
    unless ``replace``; two workbooks for the same report are refused. Returns the files
    written (none when anything is wrong) and every problem."""
    from .reading import REPORTS_DIR

    root = Path(programme.root)
    planned: dict[Path, tuple[str, str]] = {}  # target -> (YAML, the workbook's name)
    replaced: list[Path] = []
    problems: list[Problem] = []
    existing = {(r.unit, r.period.code): r.source for r in programme.reports}
    for path in paths:
        report, found = import_workbook(programme, path)
        problems += found
        if report is None or any(not p.warning for p in found):
            continue
        target = root / programme.folder / REPORTS_DIR / report.unit / f"{report.period.code}.yml"
        rel = target.relative_to(root).as_posix()
        if target in planned:
            problems.append(Problem(path.name, f"trùng báo cáo {report.period.label} của đơn vị "
                                    f"“{report.unit}” với tệp {planned[target][1]}",
                                    "chỉ nhập một tệp cho một đơn vị, một kỳ"))
            continue
        other = existing.get((report.unit, report.period.code))
        if other is not None and not replace:
            problems.append(Problem(path.name, f"đã có báo cáo {report.period.label} của đơn vị "
                                    f"“{report.unit}” ({other})", "nếu đây là báo cáo sửa "
                                    "lại, nhập lại với --ghi-de để thay tệp cũ"))
            continue
        planned[target] = (report_yaml(report, path.name), path.name)
        if other is not None and other != rel:  # the old file under another name goes
            replaced.append(root / other)
            problems.append(Problem(other, f"đã xóa: thay bằng {rel} (nhập từ {path.name})",
                                    "không cần làm gì; tệp cũ còn trong lịch sử git",
                                    warning=True))
    if any(not p.warning for p in problems):
        return [], problems
    for target, (body, _) in planned.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.part")
        part.write_text(body, "utf-8")
        part.replace(target)
    for old in replaced:
        old.unlink(missing_ok=True)
    return list(planned), problems
