"""Reading a programme folder: ``chuong-trinh.yml`` and every report under ``bao-cao/``.

Each file is read as all content is (source.py: size, BOM, UTF-8, NFC, strict YAML with no
anchors and no key written twice) and validated; every problem names the file and the line
(YAML, CSV) or the sheet and the cell (xlsx, workbook.py), says what is wrong and how to fix
it, in Vietnamese. A bad report is left out and the others are kept, so one unit's mistake
never hides the rest; the caller decides whether errors stop a build (``Programme.errors``).

What is an error and what a warning:
- errors: the file cannot be read, an unknown unit or target, a period outside the
  programme or outside the unit's life (a huyện after 30/6/2025), a value out of range or
  of the wrong type, a target that does not apply to the unit's kind, two reports of one
  unit for one period;
- warnings: a report without a figure for a target that applies to its unit (the unit is
  "chưa có số liệu" for it), and, from aggregate.py, late and missing reports, which are
  facts about the units to show, not mistakes in the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .. import files, source, text, workers
from ..localities import LocalityLookupError, Registry, full_name
from ..problems import Collector, Problem, from_validation_error
from . import periods
from .schema import (KIND_LEVELS, TWO_LEVELS, UNIT_KINDS, Programme, ProgrammeSpec, Report,
                     ReportingUnit, ReportSpec, Review, Target)

PROGRAMMES_DIR = "content/_du-lieu/chuong-trinh"
PROGRAMME_FILE = "chuong-trinh.yml"
REPORTS_DIR = "bao-cao"
REPORT_SUFFIXES = (".yml", ".yaml", ".csv")

# Where a field of a file is: (path shown, line or None). Fields are dotted: "unit",
# "values.CT1", "targets.2.wording".
Locate = Callable[[str], tuple[str, int | None]]

# The fix of a value of the wrong form, by field.
FIXES = {
    "period": f"viết kỳ theo một trong các dạng: {periods.FORMS}",
    "month": "viết tháng dạng 2018-T09",
    "submitted": "viết ngày gửi dạng 2017-07-10 hoặc 10/7/2017 (trong Excel: một ô ngày)",
    "unit": "viết mã đơn vị: chữ thường không dấu, số, gạch ngang, như trong chuong-trinh.yml",
}
YES = {"đạt", "có", "true", "x", "yes"}
NO = {"chưa đạt", "không đạt", "không", "false", "no"}


# --- Line numbers (looked up only when there is a problem to report) ------------------------


class Lines:
    """The line of each key and list item of a YAML text, by its path. The text is composed
    again only when a problem needs a line (a valid file never pays for it)."""

    def __init__(self, raw: str, path: str):
        self.raw, self.path = raw, path
        self._lines: dict[tuple, int] | None = None

    def _index(self) -> dict[tuple, int]:
        if self._lines is None:
            self._lines = {}
            try:
                self._walk(yaml.compose(self.raw, Loader=yaml.SafeLoader), ())
            except yaml.YAMLError:
                pass
        return self._lines

    def _walk(self, node, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = path + (str(key.value),)
                self._lines[here] = key.start_mark.line + 1
                self._walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for n, value in enumerate(node.value):
                self._lines[path + (str(n),)] = value.start_mark.line + 1
                self._walk(value, path + (str(n),))

    def __call__(self, name: str) -> tuple[str, int | None]:
        index = self._index()
        parts = tuple(p for p in name.split(".") if p)
        while parts:
            if parts in index:
                return self.path, index[parts]
            parts = parts[:-1]
        return self.path, None


def _validate(schema: type[BaseModel], data: Any, locate: Locate,
              collector: Collector, bad: set[str] | None = None) -> Any:
    """``schema`` applied to ``data``; each pydantic error becomes a Vietnamese problem at
    the line or cell of its field (a nested field is named "targets.wording", with the
    entry's number in the message)."""
    if not isinstance(data, dict):
        where, line = locate("")
        collector.error(where, "tệp phải là các dòng “tên trường: giá trị”",
                        "xem tệp mẫu trong thư mục chương trình", line=line)
        return None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        known = [f.alias or name for name, f in schema.model_fields.items()]
        translated = from_validation_error(exc, "", known, {})
        for err, problem in zip(exc.errors(include_url=False), translated):
            loc = [str(part) for part in err["loc"]]
            where, line = locate(".".join(loc))
            name = problem.field
            if len(loc) > 2 and not loc[-1].isdigit():
                name = f"{loc[0]}.{loc[-1]}"
            fix = problem.fix
            if err["type"] == "missing":
                fix = f"thêm dòng “{loc[-1] if loc else name}: …” vào tệp"
            elif loc and loc[-1] in FIXES and err["type"] == "value_error":
                fix = FIXES[loc[-1]]
            collector.problems.append(Problem(where, problem.message, fix, name, line))
            if bad is not None and loc:
                bad.add(loc[0])
        return None


# --- Values ----------------------------------------------------------------------------------


class ValueProblem(ValueError):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def parse_value(target: Target, raw: Any, percent_format: bool = False) -> bool | float | None:
    """A unit's figure for ``target``: đạt (True) or chưa đạt (False) for a share target, a
    percentage for a rate; None when the cell or field is empty. ``percent_format``: the
    spreadsheet cell is formatted as a percentage (0,825 shows as 82,5%)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if target.kind == "share":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and text.nfc(raw).strip().lower() in YES | NO:
            return text.nfc(raw).strip().lower() in YES
        raise ValueProblem(f"chỉ tiêu {target.code}: giá trị “{raw}” không đúng; chỉ tiêu này "
                           "ghi đơn vị đạt hay chưa đạt",
                           "ghi “đạt” hoặc “chưa đạt” (trong YAML có thể ghi true / false)")
    if isinstance(raw, bool):
        raise ValueProblem(f"chỉ tiêu {target.code}: giá trị “{raw}” không phải số",
                           "ghi tỷ lệ phần trăm đo được, ví dụ 82,5")
    if isinstance(raw, (int, float)):
        number = float(raw) * (100 if percent_format else 1)
    else:
        cleaned = text.nfc(str(raw)).strip().removesuffix("%").strip().replace(",", ".")
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueProblem(f"chỉ tiêu {target.code}: giá trị “{raw}” không phải số",
                               "ghi tỷ lệ phần trăm đo được, ví dụ 82,5") from None
    if number != number or not 0 <= number <= 100:  # NaN or out of range
        raise ValueProblem(f"chỉ tiêu {target.code}: giá trị {raw} nằm ngoài khoảng 0–100",
                           "ghi tỷ lệ phần trăm, từ 0 đến 100 (ví dụ 82,5 cho 82,5%)")
    return round(number, 4)


# --- One report, from any format -------------------------------------------------------------


def check_report(programme: Programme, data: Any, where: str, locate: Locate,
                 collector: Collector, percent_fields: frozenset[str] = frozenset()
                 ) -> Report | None:
    """Validate one report (already parsed from YAML, CSV or a workbook) against the
    programme; problems go to ``collector``, at ``locate``'s place for each field. A field
    of the wrong form does not stop the others from being checked: every problem of the
    file is reported in one pass."""
    bad: set[str] = set()
    spec = _validate(ReportSpec, data, locate, collector, bad)
    if spec is None and not isinstance(data, dict):
        return None
    ok = spec is not None
    fields = spec.model_dump() if spec is not None else {
        k: v for k, v in data.items() if k not in bad and k in ReportSpec.model_fields}
    unit_code = fields.get("unit")
    unit = programme.units.get(unit_code) if isinstance(unit_code, str) else None
    period = periods.parse(fields["period"]) if fields.get("period") is not None else None
    submitted = fields.get("submitted") if isinstance(fields.get("submitted"), dt.date) else None
    if isinstance(unit_code, str) and unit is None:
        close = difflib.get_close_matches(unit_code, list(programme.units), n=1)
        hint = f"có phải “{close[0]}”? " if close else ""
        _report(collector, False, locate, "unit", f"không có đơn vị “{unit_code}” trong danh "
                "sách đơn vị của chương trình",
                f"{hint}ghi mã đơn vị có trong {programme.folder}/{PROGRAMME_FILE} "
                "(phần units), hoặc bổ sung đơn vị vào đó", field="unit")
        ok = False
    if period is not None and not programme.in_range(period):
        _report(collector, False, locate, "period", f"kỳ {period.label} ({period.code}) nằm "
                f"ngoài thời gian của chương trình (từ "
                f"{text.format_date_short(programme.start)} đến "
                f"{text.format_date_short(programme.end)})",
                "kiểm tra năm, tháng của kỳ báo cáo", field="period")
        ok = False
    elif period is not None and unit is not None and not unit.active_in(period):
        _report(collector, False, locate, "period", f"đơn vị “{unit.name}” không báo cáo trong "
                f"kỳ {period.label} ({_life(unit)})",
                "kiểm tra kỳ báo cáo, hoặc ghi báo cáo cho đơn vị kế thừa", field="period")
        ok = False
    if period is not None and submitted is not None and submitted < period.start:
        _report(collector, False, locate, "submitted", f"ngày gửi "
                f"{text.format_date_short(submitted)} trước khi kỳ {period.label} bắt đầu",
                "ghi ngày đơn vị gửi báo cáo, dạng 2017-07-10", field="submitted")
        ok = False
    values: dict[str, bool | float] = {}
    raw_values = fields.get("values")
    for key, raw in (raw_values.items() if isinstance(raw_values, dict) else ()):
        code = str(key).strip().upper()
        target = programme.targets.get(code)
        field_name = f"values.{key}"
        if target is None:
            close = difflib.get_close_matches(code, list(programme.targets), n=1)
            hint = f"có phải “{close[0]}”? " if close else ""
            _report(collector, False, locate, field_name, f"không có chỉ tiêu “{key}” trong "
                    "chương trình", f"{hint}các mã chỉ tiêu: " + ", ".join(programme.targets),
                    field="values")
            ok = False
            continue
        if unit is not None and not programme.applies(target, unit):
            _report(collector, False, locate, field_name, f"chỉ tiêu {code} không áp dụng cho "
                    f"{UNIT_KINDS[unit.kind].split(' (')[0].lower()} ({unit.name})",
                    "xóa dòng này, hoặc sửa “applies_to” của chỉ tiêu trong "
                    f"{PROGRAMME_FILE}", field="values")
            ok = False
            continue
        try:
            value = parse_value(target, raw, percent_format=key in percent_fields)
        except ValueProblem as exc:
            _report(collector, False, locate, field_name, exc.message, exc.fix, field="values")
            ok = False
            continue
        if value is not None:
            values[code] = value
    if not ok or unit is None or period is None or spec is None:
        return None
    for target in programme.targets.values():
        if programme.applies(target, unit) and target.code not in values:
            _report(collector, True, locate, "values", f"báo cáo {period.label} của {unit.name} "
                    f"không có số liệu chỉ tiêu {target.code} ({target.title}); đơn vị "
                    "được tính là chưa có số liệu", f"bổ sung dòng “{target.code}: …” "
                    "nếu đơn vị đã có số liệu", field="values")
    return Report(unit.code, period, spec.submitted, values, where, spec.illustrative, spec.note)


def _report(collector: Collector, warning: bool, locate: Locate, name: str, message: str,
            fix: str, field: str = "") -> None:
    """A problem at the place of field ``name`` (its line, or its cell)."""
    where, line = locate(name)
    (collector.warn if warning else collector.error)(where, message, fix, field=field, line=line)


def _life(unit: ReportingUnit) -> str:
    parts = []
    if unit.active_from:
        parts.append(f"từ {text.format_date_short(unit.active_from)}")
    if unit.active_to:
        parts.append(f"đến {text.format_date_short(unit.active_to)}")
    return "đơn vị báo cáo " + " ".join(parts) if parts else "đơn vị không báo cáo kỳ này"


# --- Report files ----------------------------------------------------------------------------


def read_report_file(programme: Programme, path: Path, rel: str,
                     collector: Collector) -> Report | None:
    """One file of ``bao-cao/`` (YAML or CSV)."""
    raw = source.read_text(path, rel, collector)
    if raw is None:
        return None
    if path.suffix.lower() == ".csv":
        return _read_csv(programme, raw, rel, collector)
    try:
        data = source.load_yaml(raw)
    except source.SourceError as exc:
        exc.report(collector, rel)
        return None
    except yaml.YAMLError as exc:
        source.yaml_syntax_error(exc, 1).report(collector, rel)
        return None
    return check_report(programme, data, rel, Lines(raw, rel), collector)


CSV_FIELDS = ("illustrative", "unit", "period", "submitted", "note")


def _read_csv(programme: Programme, raw: str, rel: str, collector: Collector) -> Report | None:
    """A CSV report: a header row "field,value", then one row per field, and one per target
    (its code, then its value): the YAML file's fields, line for line."""
    rows = list(csv.reader(io.StringIO(raw)))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["field", "value"]:
        collector.error(rel, "dòng đầu của tệp CSV phải là “field,value”",
                        "thêm dòng tiêu đề field,value rồi mỗi dòng một trường: unit,so-noi-vu",
                        line=1)
        return None
    data: dict[str, Any] = {"values": {}}
    lines: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or len([c for c in row[2:] if c.strip()]):
            collector.error(rel, f"dòng phải có đúng hai cột (tên, giá trị), dòng này có "
                            f"{len(row)}", "viết “tên,giá trị”; giá trị có dấu phẩy thì đặt "
                            "trong ngoặc kép", line=number)
            return None
        key, value = row[0].strip(), row[1].strip()
        name = key if key in CSV_FIELDS else f"values.{key}"
        if name in lines:
            collector.error(rel, f"trường “{key}” được ghi hai lần (dòng {lines[name]} và dòng "
                            f"{number})", "giữ một dòng, xóa dòng kia", line=number, field=key)
            return None
        lines[name] = number
        if key == "illustrative":
            data[key] = value.lower() in YES if value.lower() in YES | NO else value
        elif key in CSV_FIELDS:
            data[key] = value
        else:
            data["values"][key] = value

    def locate(name: str) -> tuple[str, int | None]:
        return rel, lines.get(name) or lines.get(name.split(".")[0])

    return check_report(programme, data, rel, locate, collector)


def report_files(folder: Path, collector: Collector, rel_folder: str) -> list[tuple[Path, str]]:
    """(path, shown path) of every report file under ``bao-cao/``, in a stable order. The
    folder is walked without following links (a link is an error, files.walk)."""
    base = folder / REPORTS_DIR
    if not base.is_dir():
        return []
    found, problems = files.walk(base)
    for rel, what, fix in problems:
        collector.error(f"{rel_folder}/{REPORTS_DIR}/{rel}", what, fix)
    chosen = []
    for rel in found:
        name = PurePosixPath(rel).name
        if name.startswith(".") or name.lower() == "readme.md":
            continue
        if PurePosixPath(rel).suffix.lower() in REPORT_SUFFIXES:
            chosen.append((base / rel, f"{rel_folder}/{REPORTS_DIR}/{rel}"))
        elif PurePosixPath(rel).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            collector.error(f"{rel_folder}/{REPORTS_DIR}/{rel}", "tệp Excel không được đọc trực "
                            "tiếp khi dựng trang", "nhập tệp bằng lệnh nhập báo cáo (tạo tệp "
                            ".yml cạnh nó) rồi chuyển tệp Excel ra khỏi thư mục bao-cao/")
        else:
            collector.error(f"{rel_folder}/{REPORTS_DIR}/{rel}", "thư mục báo cáo chỉ chứa tệp "
                            ".yml hoặc .csv", "chuyển tệp này ra khỏi thư mục bao-cao/")
    return chosen


# --- The programme ---------------------------------------------------------------------------


def programme_folders(root: Path) -> list[Path]:
    base = root / PROGRAMMES_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith((".", "_")))


def load_programmes(root: Path | str, registry: Registry | None = None,
                    jobs: int = 0) -> list[Programme]:
    """Every programme under content/_du-lieu/chuong-trinh/, each with its problems."""
    root = Path(root)
    registry = registry or _registry(root)
    return [load_programme(root, folder.name, registry, jobs)
            for folder in programme_folders(root)]


def load_programme(root: Path | str, programme_id: str, registry: Registry | None = None,
                   jobs: int = 0) -> Programme:
    """Read and validate one programme and its reports. Never raises for a problem in the
    files: they are on ``programme.problems`` (``programme.errors`` for the errors).
    ``jobs``: processes reading the reports (0: one per core for a large programme)."""
    root = Path(root)
    folder = root / PROGRAMMES_DIR / programme_id
    rel_folder = f"{PROGRAMMES_DIR}/{programme_id}"
    collector = Collector()
    programme = Programme(programme_id, rel_folder, root)
    registry = registry or _registry(root)
    rel = f"{rel_folder}/{PROGRAMME_FILE}"
    raw = source.read_text(folder / PROGRAMME_FILE, rel, collector)
    data = None
    if raw is not None:
        try:
            data = source.load_yaml(raw)
        except source.SourceError as exc:
            exc.report(collector, rel)
        except yaml.YAMLError as exc:
            source.yaml_syntax_error(exc, 1).report(collector, rel)
    if raw is not None and data is not None:
        lines = Lines(raw, rel)
        spec = _validate(ProgrammeSpec, data, lines, collector)
        if spec is not None:
            _build(programme, spec, root, registry, lines, collector)
    if programme.targets and programme.units:
        found = report_files(folder, collector, rel_folder)
        count = workers.count(len(found), jobs, threshold=2000)
        programme.reports = _read_reports(programme, found, collector, count)
        _duplicates(programme, collector)
    programme.problems = collector.problems
    return programme


def _registry(root: Path) -> Registry:
    from ..content.reading import load_data

    return load_data(root, Collector())[2]


def _build(programme: Programme, spec: ProgrammeSpec, root: Path, registry: Registry,
           lines: Lines, collector: Collector) -> None:
    rel = lines.path
    if spec.id != programme.id:
        _report(collector, False, lines, "id", f"mã chương trình “{spec.id}” khác tên thư mục "
                f"“{programme.id}”", "đặt mã trùng tên thư mục (hoặc đổi tên thư mục)",
                field="id")
    programme.title, programme.short_title = spec.title, spec.short_title
    programme.status, programme.visibility = spec.status, spec.visibility
    programme.document, programme.document_date = str(spec.document), spec.document_date
    programme.start, programme.end = spec.start, spec.end
    programme.required = tuple(dict.fromkeys(spec.reporting.required))
    programme.due_days, programme.trend = spec.reporting.due_days, spec.reporting.trend
    document_text = _document_text(root, spec.source, lines, collector) if spec.source else None
    programme.source = spec.source
    for n, target in enumerate(spec.targets):
        where = f"targets.{n}"
        if target.code in programme.targets:
            _report(collector, False, lines, f"{where}.code",
                    f"mã chỉ tiêu “{target.code}” bị trùng", "mỗi chỉ tiêu một mã riêng",
                    field="targets.code")
            continue
        if not target.applies_to:
            _report(collector, False, lines, f"{where}.applies_to",
                    f"chỉ tiêu {target.code} không áp dụng cho loại đơn vị nào",
                    "ghi ít nhất một loại: " + ", ".join(UNIT_KINDS), field="targets.applies_to")
        if document_text is not None and " ".join(target.wording.split()) not in document_text:
            _report(collector, False, lines, f"{where}.wording",
                    f"nguyên văn chỉ tiêu {target.code} không có trong văn bản {spec.source}",
                    "chép đúng câu chữ của văn bản (cả dấu câu và dấu ngoặc kép “ ”)",
                    field="targets.wording")
        programme.targets[target.code] = Target(
            target.code, target.title, target.wording, target.kind, target.target,
            target.comparison, target.deadline, target.unit, tuple(target.applies_to))
    for n, unit in enumerate(spec.units):
        built = _unit(programme, unit, registry, lines, f"units.{n}", collector)
        if built is None:
            continue
        if built.code in programme.units:
            _report(collector, False, lines, f"units.{n}.code",
                    f"mã đơn vị “{built.code}” bị trùng", "mỗi đơn vị một mã riêng",
                    field="units.code")
            continue
        programme.units[built.code] = built
    for n, review in enumerate(spec.reviews):
        month, period = periods.parse(review.month), periods.parse(review.period)
        for name, value in (("month", month), ("period", period)):
            if not programme.in_range(value):
                _report(collector, False, lines, f"reviews.{n}.{name}", f"{value.label} nằm ngoài "
                        "thời gian của chương trình", "sửa lại tháng hoặc kỳ số liệu",
                        field=f"reviews.{name}")
        programme.reviews.append(Review(review.kind, review.title, month, period))
    if not spec.targets or not spec.units:
        collector.error(rel, "chương trình phải có ít nhất một chỉ tiêu (targets) và một đơn vị "
                        "(units)", "xem tệp mẫu content/_du-lieu/chuong-trinh/de-an-02-da-tu/")


def _unit(programme: Programme, unit, registry: Registry, lines: Lines, where: str,
          collector: Collector) -> ReportingUnit | None:
    start, end = programme.start, programme.end
    if unit.kind == "huyen":
        end = min(end, TWO_LEVELS - dt.timedelta(days=1))
    elif unit.kind == "xa-phuong":
        start = max(start, TWO_LEVELS)
    if start > end:
        when = "đến 30/6/2025" if unit.kind == "huyen" else "từ 1/7/2025"
        _report(collector, False, lines, f"{where}.kind", f"đơn vị “{unit.name}”: "
                f"{UNIT_KINDS[unit.kind].split(' (')[0].lower()} chỉ là cấp báo cáo "
                f"{when}, ngoài thời gian của chương trình",
                "sửa loại đơn vị (kind) hoặc bỏ đơn vị này", field="units.kind")
        return None
    locality_id = locality_name = None
    if unit.locality:
        try:
            found = registry.resolve(unit.locality, on=start)
        except LocalityLookupError as exc:
            _report(collector, False, lines, f"{where}.locality", str(exc), exc.fix,
                    field="units.locality")
            return None
        if found.level not in KIND_LEVELS[unit.kind]:
            _report(collector, False, lines, f"{where}.locality", f"địa bàn “{full_name(found)}” "
                    f"không phải cấp của {UNIT_KINDS[unit.kind].lower()}",
                    "sửa địa bàn hoặc loại đơn vị (kind)", field="units.locality")
            return None
        locality_id, locality_name = found.id, full_name(found)
        start = max(start, found.valid_from or start)
        end = min(end, found.valid_to or end)
    elif unit.kind != "so-ban-nganh":
        _report(collector, False, lines, f"{where}.locality", f"đơn vị “{unit.name}” thiếu địa bàn",
                "thêm dòng “locality: huyện …” (tên như trong content/_du-lieu/"
                "dia-ban.yml)", field="units.locality")
        return None
    start = unit.active_from or start
    end = unit.active_to or end
    return ReportingUnit(unit.code, unit.name, unit.kind, locality_id, locality_name, start, end)


def _document_text(root: Path, ref: str, lines: Lines, collector: Collector) -> str | None:
    """The words of the programme's document (content/<ref>), to check each target's
    wording against; None (with an error) when the path is not a document of the tree."""
    try:
        rel = files.normalise(PurePosixPath("."), ref, PurePosixPath("."))
    except files.FileProblem as exc:
        _report(collector, False, lines, "source", exc.message, exc.fix, field="source")
        return None
    path = root / "content" / rel
    if rel.suffix != ".md" or not path.is_file() or path.is_symlink():
        _report(collector, False, lines, "source", f"không có văn bản “{ref}” trong content/",
                "ghi đường dẫn tệp .md của văn bản, tính từ content/, ví dụ "
                "van-ban/de-an-02-da-tu-2016.md", field="source")
        return None
    raw = source.read_text(path, f"content/{rel}", collector)
    return " ".join(raw.split()) if raw is not None else None


def _read_reports(programme: Programme, found: list[tuple[Path, str]], collector: Collector,
                  jobs: int) -> list[Report]:
    if jobs <= 1 or len(found) < 2 * jobs:
        return [report for path, rel in found
                if (report := read_report_file(programme, path, rel, collector)) is not None]
    size = -(-len(found) // jobs)
    chunks = [found[i:i + size] for i in range(0, len(found), size)]
    with workers.process_pool(jobs) as pool:
        results = list(pool.map(_read_chunk, [programme] * len(chunks), chunks))
    reports = []
    for chunk_reports, problems in results:
        reports += chunk_reports
        collector.problems += problems
    return reports


def _read_chunk(programme: Programme, found: list[tuple[Path, str]]):
    collector = Collector()
    return _read_reports(programme, found, collector, 1), collector.problems


def _duplicates(programme: Programme, collector: Collector) -> None:
    """Two files for one unit and period: the later file (by path) is refused."""
    seen: dict[tuple[str, str], Report] = {}
    kept = []
    for report in programme.reports:
        key = (report.unit, report.period.code)
        if key in seen:
            unit = programme.units[report.unit]
            collector.error(report.source, f"báo cáo trùng: {unit.name}, kỳ "
                            f"{report.period.label} đã có trong tệp {seen[key].source}",
                            "giữ một tệp, xóa tệp kia (hoặc sửa kỳ báo cáo nếu chép nhầm)",
                            field="period")
            continue
        seen[key] = report
        kept.append(report)
    programme.reports = kept
