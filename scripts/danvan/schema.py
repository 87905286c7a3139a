"""Front matter schemas: one per content type, validated at load time.

Field names are English and the same across types (``title``, ``date``, ``summary``...), so
that the content stays portable to any other generator. Each field carries a Vietnamese
description: the editors' guide (``danvan fields``) is generated from these, never written
twice. Values for fixed choices are short ASCII tokens; their Vietnamese labels live in
``labels.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from . import text
from .text import DocumentNumber

# --- Field types ---------------------------------------------------------------------------


def _date(value: Any) -> dt.date:
    return text.parse_date(value)


def _document_number(value: Any) -> DocumentNumber:
    if isinstance(value, DocumentNumber):
        return value
    if not isinstance(value, str):
        value = str(value)
    return text.parse_document_number(value)


def _slug(value: str) -> str:
    if value != text.slugify(value):
        raise ValueError(
            f"“{value}” không phải đường dẫn hợp lệ; chỉ dùng chữ thường không dấu, số và "
            f"dấu gạch ngang, ví dụ “{text.slugify(value)}”"
        )
    return value


def _clean(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("không được để trống")
    return value


def _string_list(value: Any) -> Any:
    # Editors often write one value where a list is expected: `tags: dân vận khéo`.
    if isinstance(value, str):
        return [value]
    return value


Date = Annotated[dt.date, BeforeValidator(_date)]
Text = Annotated[str, AfterValidator(_clean)]
Slug = Annotated[str, AfterValidator(_slug)]
TextList = Annotated[list[Text], BeforeValidator(_string_list)]
DocNumber = Annotated[
    DocumentNumber, BeforeValidator(_document_number), PlainSerializer(str, return_type=str)
]

Status = Literal["draft", "published"]
Visibility = Literal["public", "internal"]


def field(description: str, example: str = "", **kwargs: Any) -> Any:
    """A schema field whose Vietnamese description and example feed the editors' guide."""
    extra = {"example": example} if example else None
    return Field(description=description, json_schema_extra=extra, **kwargs)


# --- Content types ---------------------------------------------------------------------------


class Meta(BaseModel):
    """What every content type has."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    title: Text = field("Tiêu đề, viết hoa chữ đầu câu.", "Hội nghị tập huấn công tác dân vận")
    status: Status = field(
        "Trạng thái: draft (bản nháp, không xuất bản) hoặc published (xuất bản).", "published"
    )
    visibility: Visibility = field(
        "Phạm vi: public (công khai) hoặc internal (nội bộ, không bao giờ xuất bản).",
        "public",
        default="public",
    )
    slug: Slug | None = field(
        "Đường dẫn riêng (không bắt buộc); mặc định lấy từ tiêu đề.", "hoi-nghi-tap-huan",
        default=None,
    )
    summary: Text | None = field("Tóm tắt (sapo) một, hai câu.", default=None)
    tags: TextList = field("Từ khóa (thẻ).", "[dân vận khéo, quy chế dân chủ]", default=[])
    localities: TextList = field(
        "Địa bàn, ghi đúng tên như nguồn đã viết; phải có trong danh mục địa bàn.",
        "[huyện Văn Lâm]",
        default=[],
    )
    documents: TextList = field(
        "Văn bản liên quan, ghi số ký hiệu (thêm “ngày …” nếu trùng số).",
        "[02-ĐA/TU, 16/CT-TTg]",
        default=[],
    )
    illustrative: bool = field(
        "true nếu là bài minh họa (nội dung mẫu), trang sẽ ghi rõ điều này.", default=False
    )

    @property
    def public(self) -> bool:
        return self.status == "published" and self.visibility == "public"


class Story(Meta):
    """Shared by news and guidance: dated prose with an optional cover image."""

    date: Date = field("Ngày đăng, dạng 2016-08-15 hoặc 15/8/2016.", "2016-09-20")
    author: Text | None = field("Tác giả.", default=None)
    source: Text | None = field("Nguồn tin.", default=None)
    image: str | None = field(
        "Ảnh đại diện: đường dẫn tương đối tới tệp ảnh cạnh bài viết.", "anh/hoi-nghi.jpg",
        default=None,
    )
    image_alt: Text | None = field(
        "Mô tả ảnh cho người khiếm thị; bắt buộc khi có ảnh.", default=None
    )

    @model_validator(mode="after")
    def _alt_text_with_image(self) -> "Story":
        if self.image and not self.image_alt:
            raise ValueError("image_alt|có ảnh nhưng thiếu mô tả ảnh (image_alt)")
        return self


class Article(Story):
    """Tin bài: news and activities, in content/tin-tuc/."""

    section: Text = field("Chuyên mục, một trong danh mục chuyên mục.", "hoat-dong")


class Guidance(Story):
    """Hướng dẫn nghiệp vụ, in content/huong-dan/."""

    field_of_work: Text = field(
        "Lĩnh vực công tác, một trong danh mục lĩnh vực.", "dan-van-chinh-quyen",
        alias="field",
    )

    model_config = ConfigDict(populate_by_name=True)


LegalStatus = Literal["in-force", "expired", "replaced"]
Classification = Literal["unclassified", "confidential", "secret", "top-secret"]
System = Literal["dang", "nha-nuoc"]


class Document(Meta):
    """Văn bản: a directive or other document of the Party or the State, in content/van-ban/."""

    number: DocNumber = field("Số ký hiệu, ví dụ 02-ĐA/TU hoặc 42/2022/NĐ-CP.", "02-ĐA/TU")
    kind: Text | None = field(
        "Loại văn bản (Nghị quyết, Chỉ thị, Đề án...); bỏ trống để suy ra từ số ký hiệu.",
        "Đề án",
        default=None,
    )
    system: System | None = field(
        "Hệ thống: dang hoặc nha-nuoc; bỏ trống để suy ra từ dạng số ký hiệu.", default=None
    )
    issuer: Text = field("Cơ quan ban hành.", "Tỉnh ủy Hưng Yên")
    date: Date | None = field(
        "Ngày ban hành; bỏ trống nếu nguồn không ghi (khi đó trùng số phải khác năm).",
        "2016-08-15",
        default=None,
    )
    effective_date: Date | None = field("Ngày có hiệu lực (nếu khác ngày ban hành).", default=None)
    summary: Text = field("Trích yếu.", "Nâng cao chất lượng, hiệu quả công tác dân vận...")
    signer: Text | None = field("Người ký.", default=None)
    field_of_work: Text | None = field(
        "Lĩnh vực, một trong danh mục lĩnh vực.", alias="field", default=None
    )
    legal_status: LegalStatus = field(
        "Hiệu lực: in-force (còn hiệu lực), expired (hết hiệu lực), replaced (được thay thế).",
        "in-force",
        default="in-force",
    )
    replaced_by: Text | None = field("Số ký hiệu văn bản thay thế (khi replaced).", default=None)
    replaces: TextList = field("Các văn bản mà văn bản này thay thế.", default=[])
    cites: TextList = field("Các văn bản được dẫn chiếu.", default=[])
    attachment: str | None = field(
        "Tệp PDF toàn văn, đường dẫn tương đối tới tệp cạnh văn bản.", default=None
    )
    classification: Classification = field(
        "Độ mật: unclassified (không mật) là giá trị duy nhất được xuất bản; "
        "confidential, secret, top-secret (Mật, Tối mật, Tuyệt mật) không bao giờ xuất bản.",
        "unclassified",
    )

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> "Document":
        if self.system and self.system != self.number.system:
            raise ValueError(
                f"system|số ký hiệu {self.number} có dạng văn bản "
                f"{'của Đảng' if self.number.system == 'dang' else 'nhà nước'}, "
                f"khác với system: {self.system}"
            )
        if self.legal_status == "replaced" and not self.replaced_by:
            raise ValueError("replaced_by|văn bản “được thay thế” cần ghi replaced_by")
        return self

    @property
    def public(self) -> bool:
        return super().public and self.classification == "unclassified"


class Page(Meta):
    """Trang tĩnh (Giới thiệu, Liên hệ...), in content/gioi-thieu/ and similar."""

    layout: Literal["page", "contact", "leadership", "about", "fields"] = field(
        "Bố cục: page (thường), contact (kèm thông tin liên hệ từ co-quan.yml), leadership "
        "(kèm danh sách lãnh đạo), about (trang tiếng Anh kèm liên hệ), fields (kèm bảng "
        "trường của các loại nội dung).",
        default="page",
    )
    weight: int = field("Thứ tự trong menu (số nhỏ đứng trước).", "10", default=100)
    lang: Literal["vi", "en"] = field("Ngôn ngữ của trang: vi hoặc en.", default="vi")


class Model(Story):
    """Mô hình “Dân vận khéo” (a bundle in models_gallery/); fields completed with the gallery."""

    field_of_work: Text = field("Lĩnh vực của mô hình.", alias="field")
    unit: Text = field("Đơn vị hoặc cá nhân thực hiện.")

    model_config = ConfigDict(populate_by_name=True)


SCHEMAS: dict[str, type[Meta]] = {
    "article": Article,
    "guidance": Guidance,
    "document": Document,
    "page": Page,
    "model": Model,
}


# --- Data files (content/_du-lieu/) ----------------------------------------------------------


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


LocalityLevel = Literal["tinh", "thanh-pho", "thi-xa", "huyen", "xa", "phuong", "thi-tran"]


class Locality(Data):
    """One entry of dia-ban.yml: an administrative unit with the dates it existed."""

    id: Slug
    name: Text
    level: LocalityLevel
    parent: Slug | None = None
    valid_from: Date | None = None
    valid_to: Date | None = None
    successors: list[Slug] = []
    note: Text | None = None


class Leader(Data):
    role: Text
    name: str = ""


class Organisation(Data):
    """co-quan.yml: the committee's identity, used by every template and the bulletin."""

    name: Text
    short_name: Text
    parent: Text
    name_en: Text
    site_name: Text
    tagline: Text
    address: Text
    phone: Text
    email: Text
    working_hours: Text | None = None
    leadership: list[Leader] = []
    licence: Text | None = None


class Catalogs(Data):
    """danh-muc.yml: the lists that sections, fields and document kinds are chosen from."""

    sections: dict[Slug, Text]
    fields: dict[Slug, Text]
    document_kinds: dict[Text, list[str]]
