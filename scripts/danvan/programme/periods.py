"""Reporting periods: a month, a quarter, six months or a year, written one way.

The Đề án asks for reports "hàng tháng, 3 tháng, 6 tháng và một năm". A period is written

    2017-T03   tháng 3/2017            (T = tháng; 2017-T3 is read too)
    2017-Q2    quý II/2017             (Q = quý)
    2017-6T1   6 tháng đầu năm 2017    (6T1, 6T2: first and second half)
    2017       năm 2017

and always printed back in that form (``Period.code``), so a file name, a workbook cell and
a page address agree. Periods order by their last day, then the shorter first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, total_ordering

# Kind -> (months in a period, Vietnamese name of the kind).
KINDS = {
    "thang": (1, "tháng"),
    "quy": (3, "quý"),
    "6-thang": (6, "6 tháng"),
    "nam": (12, "năm"),
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERN = re.compile(r"^(\d{4})(?:-(?:T(\d{1,2})|Q(\d)|6T(\d)))?$", re.I)
FORMS = ("2017-T03 (tháng 3), 2017-Q2 (quý II), 2017-6T1 (6 tháng đầu năm), "
         "2017-6T2 (6 tháng cuối năm) hoặc 2017 (cả năm)")


class PeriodError(ValueError):
    """A period that cannot be read; the message is Vietnamese and shows the forms."""


@total_ordering
@dataclass(frozen=True)
class Period:
    kind: str  # a key of KINDS
    year: int
    index: int = 1  # month 1-12, quarter 1-4, half 1-2; 1 for a year

    @property
    def months(self) -> int:
        return KINDS[self.kind][0]

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.months + 1

    @cached_property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @cached_property
    def end(self) -> dt.date:
        month = self.first_month + self.months - 1
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @cached_property
    def code(self) -> str:
        if self.kind == "thang":
            return f"{self.year}-T{self.index:02d}"
        if self.kind == "quy":
            return f"{self.year}-Q{self.index}"
        if self.kind == "6-thang":
            return f"{self.year}-6T{self.index}"
        return str(self.year)

    @property
    def label(self) -> str:
        """As in a sentence: "tháng 3/2017", "quý II/2017", "6 tháng đầu năm 2017"."""
        if self.kind == "thang":
            return f"tháng {self.index}/{self.year}"
        if self.kind == "quy":
            return f"quý {_ROMAN[self.index]}/{self.year}"
        if self.kind == "6-thang":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def title(self) -> str:
        """As a heading: "Tháng 3/2017", "Năm 2017"."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def short(self) -> str:
        """For a chart's axis, in two lines: "T3\\n2017", "6T đầu\\n2017"."""
        if self.kind == "thang":
            return f"T{self.index}\n{self.year}"
        if self.kind == "quy":
            return f"Q.{_ROMAN[self.index]}\n{self.year}"
        if self.kind == "6-thang":
            return f"6T {'đầu' if self.index == 1 else 'cuối'}\n{self.year}"
        return str(self.year)

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def covers(self, other: "Period") -> bool:
        """A report of this period stands for one of ``other``: the same period, or a longer
        one that contains it and ends the same day (the year's report is also the report of
        its second half, of its fourth quarter and of December)."""
        return self.contains(other) and self.end == other.end

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= end and start <= self.end

    def _key(self) -> tuple:
        return (self.end, self.months)

    def __lt__(self, other: "Period") -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.code


def parse(value: object) -> Period:
    """Read a period from a file, a cell or a form: "2017-T03", "2017-Q2", "2017-6T1",
    "2017" (a number too: YAML and spreadsheets read 2017 as one)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PeriodError(f"kỳ báo cáo “{value}” không đúng mẫu; viết {FORMS}")
    raw = str(value).strip()
    m = _PATTERN.match(raw)
    if not m:
        raise PeriodError(f"kỳ báo cáo “{raw}” không đúng mẫu; viết {FORMS}")
    year = int(m.group(1))
    if not 1990 <= year <= 2100:
        raise PeriodError(f"kỳ báo cáo “{raw}”: năm {year} không hợp lý")
    month, quarter, half = m.group(2), m.group(3), m.group(4)
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise PeriodError(f"kỳ báo cáo “{raw}”: không có tháng {int(month)}")
        return Period("thang", year, int(month))
    if quarter is not None:
        if not 1 <= int(quarter) <= 4:
            raise PeriodError(f"kỳ báo cáo “{raw}”: không có quý {quarter} (chỉ Q1 đến Q4)")
        return Period("quy", year, int(quarter))
    if half is not None:
        if half not in ("1", "2"):
            raise PeriodError(f"kỳ báo cáo “{raw}”: viết 6T1 (6 tháng đầu năm) hoặc 6T2 "
                              "(6 tháng cuối năm)")
        return Period("6-thang", year, int(half))
    return Period("nam", year)


def containing(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` that ``day`` falls in."""
    months = KINDS[kind][0]
    return Period(kind, day.year, (day.month - 1) // months + 1)


def between(kind: str, start: dt.date, end: dt.date) -> list[Period]:
    """Every period of ``kind`` that overlaps [start, end], in order."""
    found = []
    period = containing(kind, start)
    while period.start <= end:
        found.append(period)
        period = following(period)
    return found


def following(period: Period) -> Period:
    per_year = 12 // period.months
    if period.index < per_year:
        return Period(period.kind, period.year, period.index + 1)
    return Period(period.kind, period.year + 1, 1)
