"""From reports to progress: per target and period, the figure, who meets it and who does
not, by kind of unit and by locality; the trend; the distance to the target; late and
missing reports. Pure Python over the validated ``Programme``; nothing is read here.

The rules, so a figure can be checked by hand:
- A unit's figure for a period is the one of its report that ends latest inside the period
  (a year's report before its second half's, which ends the same day); a unit with no such
  report, or whose report leaves the target out, is "chưa có số liệu" for that period.
  Figures are not carried over from an earlier period.
- Share targets ("100% các cơ quan…"): the value is the units that meet it over every unit
  the target applies to and that exists in the period, in percent. A unit without a figure
  counts as not meeting it (it is listed apart), so a silence never raises the figure.
- Rate targets ("trên 80% hài lòng"): the value is the mean of the units' figures; each unit
  meets it or not by its own figure.
- Status: đạt (the value meets the target), gần đạt (within ``NEAR`` points), chưa đạt,
  chưa có số liệu (no unit has a figure). Distance: points still to go (0 when met).
- Reports: each unit owes one report per required kind of period ("reporting.required"),
  due ``due_days`` after the period ends. A report of the same period, or of a longer one
  ending the same day (the year's for the second half), settles it. A report received after
  the due date is late; a due report never received is missing. Both are warnings.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .. import text
from ..problems import Problem
from . import periods
from .periods import Period
from .schema import (REVIEW_KINDS, UNIT_KINDS, Programme, Report, ReportingUnit, Review,
                     Target)

NEAR = 10.0  # percentage points: "gần đạt"
KINDS_MONTHS = {kind: months for kind, (months, _) in periods.KINDS.items()}
STATUS_LABELS = {
    "dat": "Đạt",
    "gan-dat": "Gần đạt",
    "chua-dat": "Chưa đạt",
    "chua-co-so-lieu": "Chưa có số liệu",
}
SUBMISSION_LABELS = {"dung-han": "Đúng hạn", "muon": "Gửi muộn", "thieu": "Chưa gửi"}
PROVINCE = "cap-tinh"  # the locality key of units with none (sở, ban, ngành)


def status_of(target: Target, value: float | None) -> str:
    """A figure's status against its target: đạt, gần đạt (within NEAR points), chưa đạt."""
    if value is None:
        return "chua-co-so-lieu"
    if target.meets(value):
        return "dat"
    return "gan-dat" if target.target - value <= NEAR else "chua-dat"


@dataclass(frozen=True)
class Breakdown:
    """The figure over a group of units (a kind, a locality)."""

    label: str
    units: tuple[str, ...]
    met: int
    with_data: int
    value: float | None


@dataclass
class Cell:
    """One target in one period."""

    target: Target
    period: Period
    applicable: list[str]  # unit codes, in the programme's order
    values: dict[str, bool | float]  # unit -> its figure
    met: list[str]
    not_met: list[str]
    no_data: list[str]
    value: float | None
    by_kind: dict[str, Breakdown] = field(default_factory=dict)
    by_locality: dict[str, Breakdown] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return status_of(self.target, self.value)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def distance(self) -> float | None:
        """Points from the value to the target (0 once it is met)."""
        if self.value is None:
            return None
        return 0.0 if self.target.meets(self.value) else round(self.target.target - self.value, 2)

    @property
    def reporting(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class Submission:
    unit: str
    period: Period  # the period owed
    due: dt.date
    report: Report | None
    status: str  # "dung-han" | "muon" | "thieu"

    @property
    def days_late(self) -> int:
        if self.report is None:
            return 0
        return max(0, (self.report.submitted - self.due).days)

    @property
    def status_label(self) -> str:
        return SUBMISSION_LABELS[self.status]


@dataclass
class Progress:
    programme: Programme
    today: dt.date
    periods: list[Period]  # the trend's periods, in order
    submissions: list[Submission]
    # unit -> (last days, reports), sorted by (last day, months, day received)
    _by_unit: dict[str, tuple[list[dt.date], list[Report]]] = field(repr=False,
                                                                    default_factory=dict)
    _picked: dict[tuple[str, str], Report | None] = field(repr=False, default_factory=dict)
    _cells: dict[tuple[str, str], Cell] = field(repr=False, default_factory=dict)

    # -- figures --

    def cell(self, target_code: str, period: Period | str) -> Cell:
        """The figure of one target in any period (a trend period or another: a review's)."""
        period = periods.parse(period) if isinstance(period, str) else period
        key = (target_code, period.code)
        if key not in self._cells:
            self._cells[key] = _cell(self, self.programme.targets[target_code], period)
        return self._cells[key]

    def at(self, period: Period | str) -> list[Cell]:
        """Every target in one period, in the programme's order."""
        return [self.cell(code, period) for code in self.programme.targets]

    def trend(self, target_code: str) -> list[Cell]:
        return [self.cell(target_code, period) for period in self.periods]

    def periods_until(self, until: Period | str | None = None) -> list[Period]:
        """The trend's periods that end by the end of ``until`` (all of them for None)."""
        if until is None:
            return list(self.periods)
        until = periods.parse(until) if isinstance(until, str) else until
        return [p for p in self.periods if p.end <= until.end]

    def latest(self, target_code: str, until: Period | str | None = None) -> Cell | None:
        """The last trend period with a figure (what a card shows), by ``until``."""
        with_value = [c for p in self.periods_until(until)
                      if (c := self.cell(target_code, p)).value is not None]
        return with_value[-1] if with_value else None

    def choose(self, period: Period | str) -> tuple[Period, Review | None]:
        """A period, or a review's kind ("so-ket", "tong-ket"): the period of its figures
        and the review held on them (PeriodError names what is wrong)."""
        reviews = self.programme.reviews
        if isinstance(period, str) and period in REVIEW_KINDS:
            found = [r for r in reviews if r.kind == period]
            if not found:
                raise periods.PeriodError(
                    f"chương trình không khai báo hội nghị {REVIEW_KINDS[period].lower()} "
                    "(reviews trong chuong-trinh.yml)")
            return found[0].period, found[0]
        chosen = periods.parse(period) if isinstance(period, str) else period
        return chosen, next((r for r in reviews if r.period == chosen), None)

    @cached_property
    def last_period(self) -> Period | None:
        """The last trend period in which any unit reported."""
        found = [p for p in self.periods if any(self.cell(t, p).values
                                                for t in self.programme.targets)]
        return found[-1] if found else None

    def reports_of(self, unit_code: str) -> list[Report]:
        """A unit's reports, in the order of their periods."""
        return list(self._by_unit.get(unit_code, ((), ()))[1])

    def unit_cell(self, unit_code: str, target_code: str, period: Period | str):
        """(figure or None, meets or None) of one unit for one target in one period."""
        cell = self.cell(target_code, period)
        if unit_code not in cell.values:
            return None, None
        return cell.values[unit_code], unit_code in cell.met

    # -- reports received --

    def late(self, until: dt.date | None = None) -> list[Submission]:
        return [s for s in self.submissions if s.status == "muon"
                and (until is None or s.due <= until)]

    def missing(self, until: dt.date | None = None) -> list[Submission]:
        return [s for s in self.submissions if s.status == "thieu"
                and (until is None or s.due <= until)]

    @property
    def problems(self) -> list[Problem]:
        """Late and missing reports, as warnings naming the unit, the period and the fix."""
        found = []
        folder = self.programme.folder
        for s in self.submissions:
            unit = self.programme.units[s.unit]
            if s.status == "muon":
                found.append(Problem(s.report.source, f"{unit.name} gửi báo cáo {s.period.label} "
                                     f"ngày {text.format_date_short(s.report.submitted)}, muộn "
                                     f"{s.days_late} ngày (hạn {text.format_date_short(s.due)})",
                                     "nhắc đơn vị gửi đúng hạn; không cần sửa tệp",
                                     field="submitted", warning=True))
            elif s.status == "thieu":
                found.append(Problem(f"{folder}/bao-cao", f"{unit.name} chưa gửi báo cáo "
                                     f"{s.period.label} (hạn {text.format_date_short(s.due)})",
                                     f"khi nhận được, thêm tệp báo cáo có “unit: {unit.code}” và "
                                     f"“period: {s.period.code}”", warning=True))
        return found


def aggregate(programme: Programme, today: dt.date | None = None) -> Progress:
    """The programme's progress. ``today`` decides which reports are already due (default:
    the day of the build)."""
    today = today or dt.date.today()
    trend = periods.between(programme.trend, programme.start, programme.end)
    grouped: dict[str, list[Report]] = defaultdict(list)
    for report in programme.reports:
        grouped[report.unit].append(report)
    by_unit = {}
    for unit, reports in grouped.items():
        reports.sort(key=lambda r: (r.period.end, r.period.months, r.submitted))
        by_unit[unit] = ([r.period.end for r in reports], reports)
    return Progress(programme, today, trend, _submissions(programme, today), by_unit)


def _pick(progress: Progress, unit: str, period: Period) -> Report | None:
    """The unit's report that ends latest inside ``period`` (a longer one first when two end
    the same day: the year's report before its second half's)."""
    key = (unit, period.code)
    if key not in progress._picked:
        ends, reports = progress._by_unit.get(unit, ((), ()))
        at = bisect.bisect_right(ends, period.end) - 1
        found = reports[at] if at >= 0 and reports[at].period.end >= period.start else None
        progress._picked[key] = found
    return progress._picked[key]


def _cell(progress: Progress, target: Target, period: Period) -> Cell:
    programme = progress.programme
    applicable = [u.code for u in programme.units.values()
                  if programme.applies(target, u) and u.active_in(period)]
    values: dict[str, bool | float] = {}
    for code in applicable:
        report = _pick(progress, code, period)
        if report is not None and target.code in report.values:
            values[code] = report.values[target.code]
    met, not_met, no_data = [], [], []
    for code in applicable:
        if code not in values:
            no_data.append(code)
        elif _meets(target, values[code]):
            met.append(code)
        else:
            not_met.append(code)
    cell = Cell(target, period, applicable, values, met, not_met, no_data,
                _value(target, applicable, values))
    groups: dict[str, list[ReportingUnit]] = defaultdict(list)
    places: dict[str, list[ReportingUnit]] = defaultdict(list)
    for code in applicable:
        unit = programme.units[code]
        groups[unit.kind].append(unit)
        places[unit.locality or PROVINCE].append(unit)
    cell.by_kind = {kind: _breakdown(UNIT_KINDS[kind], target, units, values)
                    for kind, units in groups.items()}
    cell.by_locality = {
        place: _breakdown(units[0].locality_name or "Cấp tỉnh (sở, ban, ngành)", target, units,
                          values) for place, units in places.items()}
    return cell


def _meets(target: Target, value: bool | float) -> bool:
    return value if isinstance(value, bool) else target.meets(value)


def _value(target: Target, units: list[str], values: dict[str, bool | float]) -> float | None:
    if not values:
        return None
    if target.kind == "share":
        return round(100 * sum(1 for u in units if values.get(u) is True) / len(units), 2)
    figures = [float(values[u]) for u in units if u in values]
    return round(sum(figures) / len(figures), 2) if figures else None


def _breakdown(label: str, target: Target, units: list[ReportingUnit],
               values: dict[str, bool | float]) -> Breakdown:
    codes = [u.code for u in units]
    return Breakdown(label, tuple(codes), sum(1 for c in codes if c in values
                                              and _meets(target, values[c])),
                     sum(1 for c in codes if c in values), _value(target, codes, values))


def _submissions(programme: Programme, today: dt.date) -> list[Submission]:
    by_unit: dict[str, list[Report]] = defaultdict(list)
    for report in programme.reports:
        by_unit[report.unit].append(report)
    # A period owed is dropped when a longer kind also owed ends the same day: the year's
    # report is the second half's too, and a unit owes (and misses) it once.
    owed = [period for kind in programme.required
            for period in periods.between(kind, programme.start, programme.end)
            if period.end <= programme.end and not any(
                KINDS_MONTHS[other] > period.months and period.end.month % KINDS_MONTHS[other] == 0
                for other in programme.required)]
    owed.sort()
    found = []
    for unit in programme.units.values():
        ending: dict[dt.date, list[Report]] = defaultdict(list)
        for report in by_unit.get(unit.code, ()):
            ending[report.period.end].append(report)
        for period in owed:
            if not unit.active_in(period):
                continue
            due = programme.due(period)
            covering = [r for r in ending.get(period.end, ()) if r.period.covers(period)]
            if covering:
                report = min(covering, key=lambda r: r.submitted)
                found.append(Submission(unit.code, period, due, report,
                                        "muon" if report.submitted > due else "dung-han"))
            elif due < today:
                found.append(Submission(unit.code, period, due, None, "thieu"))
    return found
