"""The aggregated figures as downloads: CSV (one table) and XLSX (the same table, the units'
figures and the reports received), for the site's download links and the committee's own
spreadsheets. Figures are numbers (a dot in CSV, real numbers in XLSX); every row says
whether it comes from illustrative reports.

The CSV is UTF-8 with a byte-order mark: Excel, which most readers open it with, reads a
CSV without one in the machine's legacy code page, and Vietnamese comes out garbled.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import text
from .aggregate import Progress
from .workbook import save_book

COLUMNS = [
    ("programme", "Chương trình"), ("target", "Mã chỉ tiêu"), ("target_title", "Chỉ tiêu"),
    ("period", "Kỳ"), ("period_label", "Tên kỳ"), ("kind", "Loại chỉ tiêu"),
    ("value", "Kết quả (%)"), ("goal", "Mục tiêu (%)"), ("comparison", "So sánh"),
    ("distance", "Còn cách mục tiêu (điểm)"), ("status", "Đánh giá"),
    ("units_met", "Số đơn vị đạt"), ("units_reporting", "Số đơn vị có số liệu"),
    ("units_applicable", "Số đơn vị phải thực hiện"),
    ("not_met", "Đơn vị chưa đạt"), ("no_data", "Đơn vị chưa có số liệu"),
    ("illustrative", "Số liệu minh họa"),
]


def figure_rows(progress: Progress) -> list[dict]:
    """One row per target and trend period, in order (what the CSV and the first sheet
    hold)."""
    programme = progress.programme
    names = {code: u.name for code, u in programme.units.items()}
    rows = []
    for code, target in programme.targets.items():
        for cell in progress.trend(code):
            rows.append({
                "programme": programme.id, "target": code, "target_title": target.title,
                "period": cell.period.code, "period_label": cell.period.label,
                "kind": "tỷ lệ đơn vị đạt" if target.kind == "share" else "tỷ lệ đo được",
                "value": cell.value, "goal": target.target,
                "comparison": "trên" if target.comparison == "above" else "từ",
                "distance": cell.distance, "status": cell.status_label,
                "units_met": len(cell.met), "units_reporting": cell.reporting,
                "units_applicable": len(cell.applicable),
                "not_met": "; ".join(names[c] for c in cell.not_met),
                "no_data": "; ".join(names[c] for c in cell.no_data),
                "illustrative": "có" if programme.illustrative else "không",
            })
    return rows


def csv_text(progress: Progress) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for row in figure_rows(progress):
        writer.writerow(["" if row[key] is None else row[key] for key, _ in COLUMNS])
    return out.getvalue()


def export_csv(progress: Progress, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(progress), encoding="utf-8-sig", newline="")
    return path


def export_xlsx(progress: Progress, path: Path | str) -> Path:
    """Sheets: "Tổng hợp" (as the CSV), "Theo đơn vị" (each unit's figures, a row per trend
    period, a column per target; empty: no figure or the target does not apply), "Báo cáo
    muộn, thiếu" (each report received late or not received: due, received, status) and
    "Ghi chú" (source, date, whether the figures are illustrative)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from openpyxl.cell import WriteOnlyCell

    programme = progress.programme
    # Write-only: rows are streamed (a large programme has tens of thousands of rows).
    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet, labels):
        cells = []
        for label in labels:
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            cells.append(cell)
        sheet.freeze_panes = "A2"
        sheet.append(cells)

    def day(sheet, value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell

    summary = book.create_sheet("Tổng hợp")
    header(summary, [label for _, label in COLUMNS])
    for row in figure_rows(progress):
        summary.append([row[key] for key, _ in COLUMNS])
    # One row per unit and trend period, one column per target (as the units report).
    units = book.create_sheet("Theo đơn vị")
    codes = list(programme.targets)
    header(units, ["Mã đơn vị", "Đơn vị", "Loại", "Địa bàn", "Kỳ"] + codes)
    cells = {code: [progress.cell(code, period) for period in progress.periods] for code in codes}
    for unit in programme.units.values():
        for n, period in enumerate(progress.periods):
            if not unit.active_in(period):
                continue
            row = [unit.code, unit.name, unit.kind, unit.locality_name or "", period.code]
            for code in codes:
                value = cells[code][n].values.get(unit.code)
                row.append(("đạt" if value else "chưa đạt") if isinstance(value, bool)
                           else value)
            units.append(row)
    received = book.create_sheet("Báo cáo muộn, thiếu")
    header(received, ["Mã đơn vị", "Đơn vị", "Kỳ", "Hạn gửi", "Ngày gửi", "Tình trạng",
                      "Số ngày muộn", "Tệp"])
    for s in progress.submissions:
        if s.status == "dung-han":
            continue
        received.append([s.unit, programme.units[s.unit].name, s.period.code,
                         day(received, s.due),
                         day(received, s.report.submitted) if s.report else None,
                         s.status_label, s.days_late or None,
                         s.report.source if s.report else None])
    notes = book.create_sheet("Ghi chú")
    # Dated by the last report received, not by the build: the same data, the same file.
    as_of = max((r.submitted for r in programme.reports), default=programme.start)
    for line in ([f"{programme.short_title}: {programme.title}",
                  f"Số liệu đến ngày {text.format_date_short(as_of)}, từ "
                  f"{len(programme.reports)} báo cáo của "
                  f"{len(programme.units)} đơn vị ({programme.folder}/bao-cao/)."]
                 + (["SỐ LIỆU MINH HỌA: không phải báo cáo thật của các đơn vị."]
                    if programme.illustrative else [])):
        notes.append([line])
    return save_book(book, path, as_of, f"Số liệu theo dõi {programme.short_title}")
