"""The programme's files, as pydantic models (validated at load time), and the objects the
rest of the package works with once they are read.

A programme (chương trình: a Đề án, a resolution's action plan) lives in one folder under
``content/_du-lieu/chuong-trinh/<id>/``: ``chuong-trinh.yml`` declares its targets, its
reporting units and its reporting rules; ``bao-cao/`` holds one file per unit and period
(YAML or CSV, or imported from the units' Excel workbooks, workbook.py). Field names are
English like every front matter of the project; fixed choices are short ASCII tokens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator

from ..problems import Problem
from ..schema import Date, DocNumber, Slug, Status, Text, Visibility, field
from . import periods
from .periods import Period

# --- Fixed choices ---------------------------------------------------------------------------

UnitKind = Literal["so-ban-nganh", "huyen", "xa-phuong"]
UNIT_KINDS: dict[str, str] = {
    "so-ban-nganh": "Sở, ban, ngành tỉnh",
    "huyen": "Huyện, thị xã, thành phố (đến 30/6/2025)",
    "xa-phuong": "Xã, phường (từ 1/7/2025)",
}
# The localities' levels (dia-ban.yml) a unit of each kind may name.
KIND_LEVELS = {
    "so-ban-nganh": ("tinh",),
    "huyen": ("huyen", "thi-xa", "thanh-pho"),
    "xa-phuong": ("xa", "phuong", "thi-tran"),
}
# The two-level local government starts on 1 July 2025: no huyện after, no xã/phường unit
# reporting to the province before.
TWO_LEVELS = dt.date(2025, 7, 1)

TargetKind = Literal["share", "rate"]
TARGET_KINDS = {
    "share": "tỷ lệ đơn vị đạt",  # each unit reports đạt / chưa đạt
    "rate": "tỷ lệ đo được",  # each unit reports a measured percentage
}
Comparison = Literal["at-least", "above"]
PeriodKind = Literal["thang", "quy", "6-thang", "nam"]
ReviewKind = Literal["so-ket", "tong-ket"]
REVIEW_KINDS = {"so-ket": "Sơ kết", "tong-ket": "Tổng kết"}


def _period(value: Any) -> str:
    return periods.parse(value).code  # the canonical form; PeriodError is a ValueError


def _target_code(value: Any) -> str:
    value = str(value).strip()
    if not value or not all(c.isascii() and (c.isalnum() or c in "-.") for c in value):
        raise ValueError(f"mã chỉ tiêu “{value}” chỉ gồm chữ không dấu, số, dấu chấm và gạch "
                         "ngang, ví dụ CT1")
    return value.upper()


PeriodCode = Annotated[str, BeforeValidator(_period)]
TargetCode = Annotated[str, BeforeValidator(_target_code)]
Percent = Annotated[float, AfterValidator(lambda v: _in_range(v))]


def _in_range(value: float) -> float:
    if not 0 <= value <= 100:
        raise ValueError(f"{value:g} nằm ngoài khoảng 0–100 (đây là tỷ lệ phần trăm)")
    return value


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- chuong-trinh.yml ------------------------------------------------------------------------


class TargetSpec(Data):
    code: TargetCode = field("Mã chỉ tiêu, ngắn, không dấu; dùng trong báo cáo.", "CT1")
    title: Text = field("Tên ngắn của chỉ tiêu, cho thẻ, biểu đồ và bảng.",
                        "Kế hoạch dân vận gắn với “Dân vận khéo”")
    wording: Text = field("Nguyên văn chỉ tiêu, trích đúng văn bản (đối chiếu với “source”).",
                          "100% xây dựng kế hoạch công tác dân vận …")
    kind: TargetKind = field("share: tỷ lệ đơn vị đạt (mỗi đơn vị báo đạt / chưa đạt); rate: "
                             "tỷ lệ đo được (mỗi đơn vị báo một số phần trăm).", "share")
    target: Percent = field("Mức phải đạt, phần trăm.", "100")
    comparison: Comparison = field("at-least: từ mức này trở lên; above: trên mức này "
                                   "(“trên 80%”).", "at-least", default="at-least")
    deadline: Date = field("Hạn đạt chỉ tiêu.", "2020-12-31")
    unit: Text = field("Đơn vị đo.", "%", default="%")
    applies_to: list[UnitKind] = field(
        "Loại đơn vị phải thực hiện chỉ tiêu (mặc định: mọi loại).", "[huyen]",
        default=list(UNIT_KINDS))


class UnitSpec(Data):
    code: Slug = field("Mã đơn vị, không đổi; dùng trong báo cáo và đường dẫn.", "so-noi-vu")
    name: Text = field("Tên đơn vị.", "Sở Nội vụ")
    kind: UnitKind = field("so-ban-nganh, huyen (đến 30/6/2025) hoặc xa-phuong (từ 1/7/2025).",
                           "so-ban-nganh")
    locality: Text | None = field("Địa bàn, ghi như trong content/_du-lieu/dia-ban.yml "
                                  "(bắt buộc với huyện và xã, phường).", "huyện Văn Lâm",
                                  default=None)
    active_from: Date | None = field("Ngày đơn vị bắt đầu báo cáo (mặc định: theo địa bàn).",
                                     "2016-09-01", default=None)
    active_to: Date | None = field("Ngày đơn vị thôi báo cáo (mặc định: theo địa bàn).",
                                   "2025-06-30", default=None)


class ReviewSpec(Data):
    kind: ReviewKind = field("so-ket (sơ kết) hoặc tong-ket (tổng kết).", "so-ket")
    title: Text = field("Tên hội nghị, in trên báo cáo.", "Sơ kết giữa kỳ thực hiện Đề án")
    month: PeriodCode = field("Tháng tổ chức, theo văn bản.", "2018-T09")
    period: PeriodCode = field("Kỳ số liệu dùng cho báo cáo.", "2018-6T1")

    @model_validator(mode="after")
    def _month(self) -> "ReviewSpec":
        if periods.parse(self.month).kind != "thang":
            raise ValueError(f"month|“{self.month}” không phải một tháng; viết dạng 2018-T09")
        return self


class ReportingSpec(Data):
    required: list[PeriodKind] = field(
        "Các loại kỳ mà mọi đơn vị phải gửi báo cáo có số liệu chỉ tiêu.", "[6-thang, nam]")
    due_days: int = field("Hạn gửi: số ngày sau ngày cuối kỳ (âm: trước ngày cuối kỳ).", "15")
    trend: PeriodKind = field("Kỳ theo dõi xu hướng (mỗi điểm trên biểu đồ).", "6-thang",
                              default="6-thang")


class ProgrammeSpec(Data):
    id: Slug = field("Mã chương trình, trùng tên thư mục.", "de-an-02-da-tu")
    title: Text = field("Tên đầy đủ của chương trình.", "Đề án nâng cao chất lượng …")
    short_title: Text = field("Tên ngắn.", "Đề án 02-ĐA/TU")
    # Like every content file: the pages, charts, downloads and review PDFs exist only for a
    # programme both published and public (the site's tracking.py asks ``Programme.public``).
    status: Status = field("Trạng thái: draft (chưa công bố trang theo dõi) hoặc published "
                           "(công bố trang theo dõi, số liệu, báo cáo).", "published")
    visibility: Visibility = field("public (công khai) hoặc internal (nội bộ: chỉ kiểm tra, "
                                   "không bao giờ xuất bản).", "public", default="public")
    document: DocNumber = field("Số ký hiệu văn bản.", "02-ĐA/TU")
    document_date: Date = field("Ngày ban hành.", "2016-08-15")
    source: str | None = field("Tệp văn bản trong content/ (đối chiếu nguyên văn chỉ tiêu).",
                               "van-ban/de-an-02-da-tu-2016.md", default=None)
    start: Date = field("Ngày bắt đầu triển khai.", "2016-09-01")
    end: Date = field("Ngày kết thúc giai đoạn.", "2020-12-31")
    reporting: ReportingSpec
    reviews: list[ReviewSpec] = []
    targets: list[TargetSpec]
    units: list[UnitSpec]

    @model_validator(mode="after")
    def _dates(self) -> "ProgrammeSpec":
        if self.end < self.start:
            raise ValueError("end|ngày kết thúc trước ngày bắt đầu")
        return self


# --- bao-cao/*.yml (and .csv, .xlsx) ---------------------------------------------------------

class ReportSpec(Data):
    illustrative: bool = field("true: số liệu minh họa (mọi trang, biểu đồ, bảng in dòng "
                               "“Số liệu minh họa”).", "true", default=False)
    unit: Slug = field("Mã đơn vị báo cáo (trong chuong-trinh.yml).", "so-noi-vu")
    period: PeriodCode = field("Kỳ báo cáo: " + periods.FORMS + ".", "2017-6T1")
    submitted: Date = field("Ngày đơn vị gửi báo cáo.", "2017-07-10")
    values: dict[str, Any] = field(
        "Số liệu từng chỉ tiêu: mã chỉ tiêu: đạt / chưa đạt (hoặc true / false) với chỉ tiêu "
        "tỷ lệ đơn vị đạt; một số phần trăm với chỉ tiêu tỷ lệ đo được.", "{CT1: đạt, CT7: 82.5}")
    note: Text | None = field("Ghi chú.", "", default=None)


# --- Objects once read -----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    code: str
    title: str
    wording: str
    kind: str  # "share" | "rate"
    target: float
    comparison: str  # "at-least" | "above"
    deadline: dt.date
    unit: str
    applies_to: tuple[str, ...]

    def meets(self, value: float) -> bool:
        return value > self.target if self.comparison == "above" else value >= self.target

    @property
    def goal(self) -> str:
        """ "100%", "trên 80%"."""
        number = f"{self.target:g}".replace(".", ",")
        return f"{'trên ' if self.comparison == 'above' else ''}{number}{self.unit}"


@dataclass(frozen=True)
class ReportingUnit:
    code: str
    name: str
    kind: str
    locality: str | None  # the registry's id, resolved
    locality_name: str | None  # "huyện Văn Lâm"
    active_from: dt.date | None
    active_to: dt.date | None

    def active_in(self, period: Period) -> bool:
        return period.overlaps(self.active_from or dt.date.min, self.active_to or dt.date.max)


@dataclass(frozen=True)
class Review:
    kind: str
    title: str
    month: Period
    period: Period


@dataclass
class Report:
    unit: str
    period: Period
    submitted: dt.date
    values: dict[str, bool | float]  # target code -> đạt (bool) or a percentage
    source: str  # the file it came from, for messages
    illustrative: bool = False
    note: str | None = None


@dataclass
class Programme:
    """A programme and every valid report; ``problems`` holds what was refused (errors)
    and what is only doubtful (warnings), each naming its file, line or cell."""

    id: str
    folder: str  # "content/_du-lieu/chuong-trinh/de-an-02-da-tu"
    root: Path = Path(".")  # the project (fonts for charts and PDFs are found from it)
    title: str = ""
    short_title: str = ""
    status: str = "draft"
    visibility: str = "public"
    document: str = ""
    document_date: dt.date | None = None
    source: str | None = None
    start: dt.date = dt.date.min
    end: dt.date = dt.date.max
    required: tuple[str, ...] = ()
    due_days: int = 0
    trend: str = "6-thang"
    reviews: list[Review] = dc_field(default_factory=list)
    targets: dict[str, Target] = dc_field(default_factory=dict)
    units: dict[str, ReportingUnit] = dc_field(default_factory=dict)
    reports: list[Report] = dc_field(default_factory=list)
    problems: list[Problem] = dc_field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def public(self) -> bool:
        """Published and public, and read without an error: only then does it have pages."""
        return self.status == "published" and self.visibility == "public" and not self.errors

    @property
    def illustrative(self) -> bool:
        """Whether any figure shown comes from an illustrative report."""
        return any(r.illustrative for r in self.reports)

    def in_range(self, period: Period) -> bool:
        return period.overlaps(self.start, self.end)

    def due(self, period: Period) -> dt.date:
        return period.end + dt.timedelta(days=self.due_days)

    def applies(self, target: Target, unit: ReportingUnit) -> bool:
        return unit.kind in target.applies_to
