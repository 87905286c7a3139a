"""Front matter schemas: one per content type, validated at load time.

Field names are English and the same across types (``title``, ``date``, ``summary``...), so
that the content stays portable to any other generator. Each field carries a Vietnamese
description: the editors' guide (``danvan fields``) is generated from these, never written
twice, and a ``label`` where a value is printed under a heading (a model's form, on its
page and in print). Values for fixed choices are short ASCII tokens; their Vietnamese
labels are the views' (site/views.py: legal status, system; site/gallery.py: levels).
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
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


def field(description: str, example: str = "", label: str = "", *,
          choices: dict[Any, str] | None = None, catalog: str = "", file: str = "",
          **kwargs: Any) -> Any:
    """A schema field whose Vietnamese description and example feed the editors' guide, and
    whose ``label`` names it to editors (the web editor's form) and heads its value wherever
    it is printed (the page, the bulletin).

    What the web editor's form (editor/cms.py) needs besides: ``choices``, the Vietnamese
    name of each value of a fixed choice (a Literal); ``catalog``, the list of
    danh-muc.yml (an attribute of ``Catalogs``) the value must be one of, as
    content/links.py checks; ``file``, the kind of file the path names, as
    content/reading.py checks it: "image", "photo" (a model's) or "attachment".
    tests/test_cms.py holds each of these to what the validator does."""
    extra = {k: v for k, v in (("example", example), ("label", label), ("choices", choices),
                               ("catalog", catalog), ("file", file)) if v} or None
    return Field(description=description, json_schema_extra=extra, **kwargs)


def without_blanks(schema: type[BaseModel], data: Any) -> Any:
    """``data`` without its optional fields left blank (""), at any depth. A form (the web
    editor, editor/cms.py) writes a field the editor has emptied as "", which means what
    leaving it out means; a required field left blank stays, and is reported as blank."""
    if not isinstance(data, dict):
        return data
    known = {key: info for name, info in schema.model_fields.items()
             for key in (name, info.alias) if key}
    out = {}
    for key, value in data.items():
        info = known.get(key)
        if info is not None and value == "" and not info.is_required():
            continue
        if info is not None and (inner := _model_in(info.annotation)) is not None:
            value = [without_blanks(inner, v) for v in value] if isinstance(value, list) \
                else without_blanks(inner, value)
        out[key] = value
    return out


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, alone, optional or in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_model_in, typing.get_args(annotation)) if m), None)


def label_of(schema: type[BaseModel], name: str) -> str:
    """The printed heading of a field (``field(label=…)``)."""
    extra = schema.model_fields[name].json_schema_extra or {}
    return str(extra.get("label", name)) if isinstance(extra, dict) else name


# --- Content types ---------------------------------------------------------------------------


class Meta(BaseModel):
    """What every content type has."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    title: Text = field("Tiêu đề, viết hoa chữ đầu câu.", "Hội nghị tập huấn công tác dân vận",
                        label="Tiêu đề")
    status: Status = field(
        "Trạng thái: draft (bản nháp, không xuất bản) hoặc published (xuất bản).", "published",
        label="Trạng thái",
        choices={"draft": "Bản nháp (không xuất bản)", "published": "Xuất bản"},
    )
    visibility: Visibility = field(
        "Phạm vi: public (công khai) hoặc internal (nội bộ, không bao giờ xuất bản).",
        "public",
        label="Phạm vi",
        choices={"public": "Công khai", "internal": "Nội bộ (không bao giờ xuất bản)"},
        default="public",
    )
    slug: Slug | None = field(
        "Đường dẫn riêng (không bắt buộc); mặc định lấy từ tiêu đề.", "hoi-nghi-tap-huan",
        label="Đường dẫn riêng", default=None,
    )
    summary: Text | None = field("Tóm tắt (sapo) một, hai câu.", label="Tóm tắt", default=None)
    tags: TextList = field("Từ khóa (thẻ).", "[dân vận khéo, quy chế dân chủ]", label="Từ khóa",
                           default=[])
    localities: TextList = field(
        "Địa bàn, ghi đúng tên như nguồn đã viết; phải có trong danh mục địa bàn.",
        "[huyện Văn Lâm]",
        label="Địa bàn",
        default=[],
    )
    documents: TextList = field(
        "Văn bản liên quan, ghi số ký hiệu (thêm “ngày …” nếu trùng số).",
        "[02-ĐA/TU, 16/CT-TTg]",
        label="Văn bản liên quan",
        default=[],
    )
    illustrative: bool = field(
        "true nếu là bài minh họa (nội dung mẫu), trang sẽ ghi rõ điều này.",
        label="Bài minh họa", default=False,
    )

    @property
    def public(self) -> bool:
        return self.status == "published" and self.visibility == "public"


class Story(Meta):
    """Shared by news and guidance: dated prose with an optional cover image."""

    date: Date = field("Ngày đăng, dạng 2016-08-15 hoặc 15/8/2016.", "2016-09-20",
                       label="Ngày đăng")
    author: Text | None = field("Tác giả.", label="Tác giả", default=None)
    source: Text | None = field("Nguồn tin.", label="Nguồn tin", default=None)
    image: str | None = field(
        "Ảnh đại diện: đường dẫn tương đối tới tệp ảnh cạnh bài viết.", "anh/hoi-nghi.jpg",
        label="Ảnh đại diện", file="image", default=None,
    )
    image_alt: Text | None = field(
        "Mô tả ảnh cho người khiếm thị; bắt buộc khi có ảnh.", label="Mô tả ảnh", default=None
    )
    image_caption: Text | None = field("Chú thích hiện dưới ảnh.", label="Chú thích ảnh",
                                       default=None)
    image_credit: Text | None = field("Tác giả hoặc nguồn ảnh (ví dụ: Ảnh: Nguyễn Văn A).",
                                      label="Nguồn ảnh", default=None)
    image_illustrative: bool = field(
        "true nếu là ảnh minh họa, không chụp tại sự kiện (trang ghi “Ảnh minh họa”).",
        label="Ảnh minh họa", default=False,
    )
    featured: bool = field(
        "true để đưa bài làm tin chính (ảnh lớn) trên trang chủ; không có bài nào thì lấy "
        "bài mới nhất có ảnh.", label="Tin chính trên trang chủ", default=False,
    )

    @model_validator(mode="after")
    def _alt_text_with_image(self) -> "Story":
        if self.image and not self.image_alt:
            raise ValueError("image_alt|có ảnh nhưng thiếu mô tả ảnh (image_alt)")
        return self


class Article(Story):
    """Tin bài: news and activities, in content/tin-tuc/."""

    section: Text = field("Chuyên mục, một trong danh mục chuyên mục.", "hoat-dong",
                          label="Chuyên mục", catalog="sections")


class Guidance(Story):
    """Hướng dẫn nghiệp vụ, in content/huong-dan/."""

    field_of_work: Text = field(
        "Lĩnh vực công tác, một trong danh mục lĩnh vực.", "dan-van-chinh-quyen",
        label="Lĩnh vực công tác", catalog="fields", alias="field",
    )

    model_config = ConfigDict(populate_by_name=True)


LegalStatus = Literal["in-force", "expired", "replaced"]
Classification = Literal["unclassified", "confidential", "secret", "top-secret"]
System = Literal["dang", "nha-nuoc"]


class Signature(BaseModel):
    """The signature block of a document (thể thức: quyền hạn, chức vụ, họ tên)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: Text | None = field("Quyền hạn ký, ví dụ T/M BAN THƯỜNG VỤ, TM. ỦY BAN NHÂN "
                                   "DÂN, KT. CHỦ TỊCH.", "T/M BAN THƯỜNG VỤ",
                                   label="Quyền hạn ký", default=None)
    position: Text = field("Chức vụ người ký, ví dụ BÍ THƯ, CHỦ TỊCH.", "BÍ THƯ",
                           label="Chức vụ người ký")
    name: Text | None = field("Họ tên người ký; bỏ trống để lấy từ signer.",
                              label="Họ tên người ký", default=None)
    note: Text | None = field("Ghi chú thay chữ ký và dấu trên bản điện tử, ví dụ “Đã ký”.",
                              "Đã ký", label="Ghi chú thay chữ ký", default=None)


class OfficialForm(BaseModel):
    """How the document is laid out in its official form (Hướng dẫn 36-HD/VPTW for the
    Party, Nghị định 30/2020/NĐ-CP for the State): the header and the closing blocks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    header: TextList = field("Tên cơ quan ban hành ở góc trái, mỗi dòng một cấp (cơ quan "
                             "chủ quản trước); bỏ trống để dùng issuer.",
                             "[Tỉnh ủy Hưng Yên]", label="Cơ quan ban hành (góc trái)",
                             default=[])
    place: Text | None = field("Địa danh ghi trước ngày tháng, ví dụ Hưng Yên.", "Hưng Yên",
                               label="Địa danh", default=None)
    signature: Signature | None = field("Khối chữ ký: {authority, position, name, note}.",
                                        label="Khối chữ ký", default=None)
    recipients: TextList = field("Nơi nhận, mỗi nơi một dòng.", label="Nơi nhận", default=[])


class Document(Meta):
    """Văn bản: a directive or other document of the Party or the State, in content/van-ban/."""

    number: DocNumber = field("Số ký hiệu, ví dụ 02-ĐA/TU hoặc 42/2022/NĐ-CP.", "02-ĐA/TU",
                              label="Số ký hiệu")
    kind: Text | None = field(
        "Loại văn bản (Nghị quyết, Chỉ thị, Đề án...); bỏ trống để suy ra từ số ký hiệu.",
        "Đề án",
        label="Loại văn bản", catalog="document_kinds",
        default=None,
    )
    system: System | None = field(
        "Hệ thống: dang hoặc nha-nuoc; bỏ trống để suy ra từ dạng số ký hiệu.",
        label="Hệ thống", choices={"dang": "Đảng", "nha-nuoc": "Nhà nước"}, default=None
    )
    issuer: Text = field("Cơ quan ban hành.", "Tỉnh ủy Hưng Yên", label="Cơ quan ban hành")
    date: Date | None = field(
        "Ngày ban hành; bỏ trống nếu nguồn không ghi (khi đó trùng số phải khác năm).",
        "2016-08-15",
        label="Ngày ban hành",
        default=None,
    )
    effective_date: Date | None = field("Ngày có hiệu lực (nếu khác ngày ban hành).",
                                        label="Ngày có hiệu lực", default=None)
    summary: Text = field("Trích yếu.", "Nâng cao chất lượng, hiệu quả công tác dân vận...",
                          label="Trích yếu")
    signer: Text | None = field("Người ký.", label="Người ký", default=None)
    field_of_work: Text | None = field(
        "Lĩnh vực, một trong danh mục lĩnh vực.", label="Lĩnh vực", catalog="fields",
        alias="field", default=None
    )
    legal_status: LegalStatus = field(
        "Hiệu lực: in-force (còn hiệu lực), expired (hết hiệu lực), replaced (được thay thế).",
        "in-force",
        label="Hiệu lực",
        choices={"in-force": "Còn hiệu lực", "expired": "Hết hiệu lực",
                 "replaced": "Được thay thế"},
        default="in-force",
    )
    replaced_by: Text | None = field("Số ký hiệu văn bản thay thế (khi replaced).",
                                     label="Văn bản thay thế", default=None)
    replaces: TextList = field("Các văn bản mà văn bản này thay thế.",
                               label="Các văn bản bị thay thế", default=[])
    cites: TextList = field("Các văn bản được dẫn chiếu.", label="Văn bản dẫn chiếu",
                            default=[])
    attachment: str | None = field(
        "Tệp PDF toàn văn, đường dẫn tương đối tới tệp cạnh văn bản.",
        label="Tệp toàn văn", file="attachment", default=None
    )
    form: OfficialForm | None = field(
        "Thể thức văn bản: header, place, signature, recipients (trang văn bản và bản tin "
        "trình bày theo thể thức).", label="Thể thức văn bản", default=None
    )
    classification: Classification = field(
        "Độ mật: unclassified (không mật) là giá trị duy nhất được xuất bản; "
        "confidential, secret, top-secret (Mật, Tối mật, Tuyệt mật) không bao giờ xuất bản.",
        "unclassified",
        label="Độ mật",
        choices={"unclassified": "Không mật", "confidential": "Mật (không xuất bản)",
                 "secret": "Tối mật (không xuất bản)",
                 "top-secret": "Tuyệt mật (không xuất bản)"},
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
        label="Bố cục",
        choices={"page": "Trang thường", "contact": "Liên hệ", "leadership": "Lãnh đạo",
                 "about": "Giới thiệu bằng tiếng Anh", "fields": "Bảng các trường nội dung"},
        default="page",
    )
    weight: int = field("Thứ tự trong menu (số nhỏ đứng trước).", "10",
                        label="Thứ tự trong menu", default=100)
    lang: Literal["vi", "en"] = field("Ngôn ngữ của trang: vi hoặc en.", label="Ngôn ngữ",
                                      choices={"vi": "Tiếng Việt", "en": "Tiếng Anh"},
                                      default="vi")
    search: bool = field("false để không đưa trang vào tìm kiếm (ví dụ trang hướng dẫn "
                         "biên tập).", label="Cho phép tìm kiếm", default=True)


# --- “Dân vận khéo” models -------------------------------------------------------------------

# Years a model can plausibly have started or been recognised in; a year after the build day
# is caught when the content is loaded (content/links.py, _check_model), where that day is known.
FIRST_YEAR = 1945
LAST_YEAR = 2100


def _year(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"“{value}” không phải là một năm; hãy viết bốn chữ số, ví dụ 2018")
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"năm {value} không hợp lý; hãy viết năm có bốn chữ số, ví dụ 2018")
    return value


def _prose(value: str) -> str:
    # Paragraphs and lists are kept (YAML “|” keeps line breaks); trailing spaces are not.
    value = "\n".join(line.rstrip() for line in value.strip().splitlines())
    if not value:
        raise ValueError("không được để trống")
    return value


def _number_as_text(value: Any) -> Any:
    # `value: 120` reads as a number in YAML; a figure is shown as written.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Year = Annotated[int, BeforeValidator(_year)]
Prose = Annotated[str, AfterValidator(_prose)]
FigureText = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_clean)]
RecognitionLevel = Literal["xa", "huyen", "tinh", "trung-uong"]


class Photo(BaseModel):
    """One photo of a model, a file next to its index.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = field("Tên tệp ảnh (JPEG, PNG hoặc WebP) trong thư mục của mô hình.", "anh-1.jpg",
                      label="Tệp ảnh", file="photo")
    alt: Text = field("Mô tả ảnh cho người khiếm thị (bắt buộc).", label="Mô tả ảnh")
    caption: Text | None = field("Chú thích hiện dưới ảnh.", label="Chú thích", default=None)

    @model_validator(mode="before")
    @classmethod
    def _alt_text_required(cls, data: Any) -> Any:
        # Named here so the message says which photo lacks it, not just “missing field”.
        if isinstance(data, str):
            raise ValueError(f"ảnh “{data}” phải ghi dạng {{file: {data}, alt: mô tả ảnh, "
                             "caption: chú thích}")
        if isinstance(data, dict) and "file" in data and not str(data.get("alt") or "").strip():
            raise ValueError(f"ảnh “{data['file']}” thiếu mô tả ảnh (alt); thêm “alt: …” "
                             "tả nội dung ảnh cho người khiếm thị")
        return data


class Figure(BaseModel):
    """A result in figures, as the source gives it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: FigureText = field("Con số, đúng như nguồn ghi.", "35", label="Số liệu")
    label: Text = field("Số liệu ấy nói gì.", "hộ thoát nghèo", label="Nội dung")


class Model(Meta):
    """Mô hình “Dân vận khéo”: a bundle models_gallery/<folder>/index.md with its photos.

    The fields follow the registration forms for such models; the Markdown body, if any, is
    an introduction shown before the fields.
    """

    localities: TextList = field(
        "Địa bàn của mô hình (ít nhất một), ghi đúng tên như nguồn đã viết; phải có trong "
        "danh mục địa bàn.", "[huyện Khoái Châu]", label="Địa bàn",
    )
    date: Date = field("Ngày đăng mô hình lên trang, dạng 2019-06-20 hoặc 20/6/2019.",
                       "2019-06-20", label="Ngày đăng")
    unit: Text = field("Đơn vị hoặc cá nhân thực hiện mô hình.", "Chi hội Nông dân thôn Đông",
                       label="Đơn vị thực hiện")
    field_of_work: Text = field(
        "Lĩnh vực của mô hình, một trong danh mục lĩnh vực mô hình (model_fields trong "
        "danh-muc.yml): kinh-te, van-hoa-xa-hoi, quoc-phong-an-ninh, xay-dung-dang.",
        "kinh-te", label="Lĩnh vực", catalog="gallery_fields", alias="field",
    )
    year_started: Year = field("Năm bắt đầu thực hiện mô hình.", "2016", label="Năm bắt đầu")
    year_recognised: Year = field(
        "Năm mô hình được công nhận “Dân vận khéo”, không trước năm bắt đầu.", "2018",
        label="Năm được công nhận",
    )
    level: RecognitionLevel = field(
        "Cấp công nhận: xa (cấp xã), huyen (cấp huyện), tinh (cấp tỉnh), trung-uong "
        "(Trung ương).", "huyen", label="Cấp công nhận",
        choices={"xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh",
                 "trung-uong": "Trung ương"},
    )
    goals: Prose = field("Lý do và mục tiêu xây dựng mô hình.", label="Lý do và mục tiêu")
    method: Prose = field("Cách làm: mô hình được tổ chức, vận hành thế nào.", label="Cách làm")
    participants: Prose = field("Ai tham gia: lực lượng, số người, vai trò của mỗi bên.",
                                label="Lực lượng tham gia")
    resources: Prose | None = field("Nguồn lực: kinh phí, cơ sở vật chất, nguồn hỗ trợ.",
                                    default=None, label="Nguồn lực")
    results: Prose = field("Kết quả đạt được; ghi số liệu khi nguồn có.", label="Kết quả")
    figures: list[Figure] = field(
        "Số liệu nổi bật, mỗi mục {value: số, label: nội dung}, đúng như nguồn ghi.",
        "[{value: 35, label: hộ thoát nghèo}]", label="Số liệu nổi bật", default=[],
    )
    replication: Prose = field("Cách nhân rộng: điều kiện và các bước để nơi khác áp dụng mô "
                               "hình.", label="Cách nhân rộng")
    photos: list[Photo] = field(
        "Ảnh của mô hình, ít nhất một; mỗi ảnh {file: tên tệp cạnh index.md, alt: mô tả ảnh "
        "(bắt buộc), caption: chú thích}. Ảnh đầu tiên là ảnh đại diện.",
        "[{file: anh-1.jpg, alt: Cánh đồng lúa, caption: Cánh đồng sau dồn thửa}]",
        label="Ảnh",
    )
    news: TextList = field(
        "Tin bài liên quan: đường dẫn tệp trong content/ hoặc địa chỉ trang.",
        "[tin-tuc/2017/dan-van-kheo-trong-co-quan-hanh-chinh-nha-nuoc.md]",
        label="Tin bài liên quan", default=[],
    )
    source: Text | None = field("Nguồn thông tin về mô hình.", label="Nguồn thông tin",
                                default=None)
    featured: bool = field("true để giới thiệu mô hình trên trang chủ.",
                           label="Giới thiệu trên trang chủ", default=False)

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> "Model":
        if self.year_recognised < self.year_started:
            raise ValueError(f"year_recognised|năm công nhận {self.year_recognised} trước năm "
                             f"bắt đầu {self.year_started}")
        if not self.localities:
            raise ValueError("localities|mô hình cần ghi ít nhất một địa bàn, ví dụ "
                             "[huyện Khoái Châu]")
        if not self.photos:
            raise ValueError("photos|mô hình cần ít nhất một ảnh")
        return self

    @property
    def cover(self) -> Photo:
        return self.photos[0]


# A model's form as a reader meets it, on its page and in print (each under its label).
MODEL_SECTIONS = ("goals", "method", "participants", "resources", "results", "replication")


# --- Bulletin issues (bulletins/<year>/so-NN.md) -------------------------------------------

TrimSize = Literal["a4", "19x27", "a5"]


def _entry(value: Any) -> Any:
    # An entry is usually just the path of the article; a mapping adds a pull quote.
    return {"article": value} if isinstance(value, str) else value


def _positive(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"“{value}” phải là một số nguyên dương, ví dụ 3")
    return value


Positive = Annotated[int, BeforeValidator(_positive)]


class IssueEntry(BaseModel):
    """One article of an issue, as the manifest names it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article: Text = field("Đường dẫn tệp của bài, tính từ thư mục dự án.",
                          "content/tin-tuc/2018/an-dinh-moc-so-ket-de-an-02-da-tu.md",
                          label="Bài")
    quote: Text | None = field("Câu trích nổi bật (pull quote), chép đúng một câu trong bài.",
                               label="Câu trích nổi bật", default=None)
    columns: Literal[1, 2] | None = field("Số cột của bài: 1 hoặc 2 (mặc định 2).",
                                          label="Số cột",
                                          choices={1: "Một cột", 2: "Hai cột"}, default=None)


class IssueTracking(BaseModel):
    """The figures of a programme's targets, printed as an article of the section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    programme: Slug = field("Mã chương trình theo dõi (tên thư mục trong "
                            "content/_du-lieu/chuong-trinh/).", "de-an-02-da-tu",
                            label="Chương trình")
    # A year (2019) is read by YAML as a number: it is a period's code all the same.
    period: Annotated[Text, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)] \
        | None = field("Kỳ số liệu: mã kỳ (2018-6T1, 2019), so-ket hoặc tong-ket "
                                "(kỳ của hội nghị); bỏ trống: kỳ mới nhất có số liệu.",
                                "2018-6T1", label="Kỳ số liệu", default=None)


class IssueSection(BaseModel):
    """A section of the issue (Văn bản chỉ đạo, Hoạt động dân vận...) and its articles, or
    the figures of a programme tracked (``tracking``), or both."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text = field("Tên chuyên mục của bản tin.", "Hoạt động dân vận",
                        label="Tên chuyên mục")
    articles: list[Annotated[IssueEntry, BeforeValidator(_entry)]] = field(
        "Các bài, theo thứ tự in.", label="Các bài", default=[])
    tracking: IssueTracking | None = field(
        "In kết quả các chỉ tiêu của một chương trình (biểu đồ, bảng) sau các bài của mục.",
        label="Số liệu theo dõi chỉ tiêu", default=None)

    @model_validator(mode="after")
    def _something(self) -> "IssueSection":
        if not self.articles and self.tracking is None:
            raise ValueError("articles|chuyên mục cần ít nhất một bài (hoặc “tracking”: số "
                             "liệu một chương trình)")
        return self


class IssueCover(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    image: str = field("Ảnh bìa, đường dẫn tương đối tới tệp cạnh tệp số bản tin.",
                       "anh/bia-so-03.jpg", label="Ảnh bìa", file="image")
    alt: Text = field("Mô tả ảnh bìa cho người khiếm thị.", label="Mô tả ảnh bìa")
    caption: Text | None = field("Chú thích ảnh bìa.", label="Chú thích ảnh bìa", default=None)
    illustrative: bool = field("true nếu là ảnh minh họa (in chữ “Ảnh minh họa”).",
                               label="Ảnh minh họa", default=False)


class Colophon(BaseModel):
    """What the Law on Publishing requires on a bulletin (thông tin xuất bản)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    responsible: Text = field("Chịu trách nhiệm xuất bản (chức danh, họ tên).",
                              "Trưởng Ban Dân vận Tỉnh ủy", label="Chịu trách nhiệm xuất bản")
    editorial_board: TextList = field("Ban biên tập, mỗi người một dòng.", label="Ban biên tập",
                                      min_length=1)
    print_run: Positive = field("Số lượng in (bản).", "500", label="Số lượng in")
    licence: Text = field("Giấy phép xuất bản (số, ngày, cơ quan cấp).",
                          "Giấy phép số …/GP-STTTT ngày …", label="Giấy phép xuất bản")
    printer: Text = field("Nơi in.", "Công ty … , tỉnh Hưng Yên", label="Nơi in")
    size_note: Text | None = field("Ghi chú khổ, số trang (mặc định tự tính).",
                                   label="Ghi chú khổ, số trang", default=None)


FillerKind = Literal["note", "quote", "announcement", "model"]
FILLER_KINDS = {"note": "Ghi chú, tin ngắn", "quote": "Trích dẫn", "announcement": "Thông báo",
                "model": "Mô hình “Dân vận khéo” (từ models_gallery/)"}
FILLER_MAX_CHARS = 600  # a filler fills a gap; a longer text is an article


class IssueFiller(BaseModel):
    """A short piece the layout places where the issue has room (a filler): after the last
    article, where the issue's last page would otherwise stay white, or on the back cover."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FillerKind = field("Loại: note (ghi chú, tin ngắn), quote (trích dẫn), announcement "
                             "(thông báo) hoặc model (mô hình “Dân vận khéo”).", "announcement",
                             label="Loại", choices=FILLER_KINDS)
    title: Text | None = field("Tiêu đề ngắn (không bắt buộc).", "Mời viết bài", label="Tiêu đề",
                               default=None)
    text: Text | None = field(f"Nội dung, tối đa {FILLER_MAX_CHARS} ký tự (bắt buộc, trừ loại "
                              "model).", label="Nội dung", default=None)
    source: Text | None = field("Người nói, văn bản nguồn của câu trích (loại quote).",
                                "Chủ tịch Hồ Chí Minh", label="Nguồn", default=None)
    model: Text | None = field("Loại model: thư mục của mô hình trong models_gallery/.",
                               "models_gallery/to-hoa-giai-o-co-so", label="Mô hình",
                               default=None)
    place: Literal["end", "back"] = field(
        "Chỗ đặt: end (sau bài cuối, chỗ trang cuối còn trống) hoặc back (bìa sau).", "end",
        label="Chỗ đặt", choices={"end": "Sau bài cuối", "back": "Bìa sau"}, default="end")

    @model_validator(mode="after")
    def _complete(self) -> "IssueFiller":
        if self.kind == "model" and not self.model:
            raise ValueError("loại model cần trường model: thư mục của mô hình, ví dụ "
                             "models_gallery/to-hoa-giai-o-co-so")
        if self.kind != "model" and self.model:
            raise ValueError(f"trường model chỉ dùng cho loại model (mục này là {self.kind})")
        if self.kind != "model" and not self.text:
            raise ValueError(f"loại {self.kind} cần trường text: nội dung của mục")
        if self.text and len(self.text) > FILLER_MAX_CHARS:
            raise ValueError(f"nội dung dài {len(self.text)} ký tự, quá {FILLER_MAX_CHARS} ký "
                             "tự của một mục chèn; rút gọn, hoặc đưa thành một bài trong "
                             "sections")
        if self.source and self.kind != "quote":
            raise ValueError("trường source chỉ dùng cho loại quote (câu trích)")
        return self


class Bulletin(Meta):
    """Một số bản tin “Thông tin Dân vận”: the manifest of an issue; the body is the editorial."""

    title: Text | None = field(
        "Tiêu đề; bỏ trống để dùng “<tên bản tin> số <số>/<năm>”.", label="Tiêu đề",
        default=None)
    number: Positive = field("Số của bản tin trong năm.", "3", label="Số")
    year: Annotated[int, BeforeValidator(_positive)] = field("Năm của số bản tin.", "2026",
                                                             label="Năm")
    date: Date = field("Ngày phát hành.", "2026-09-30", label="Ngày phát hành")
    trim: TrimSize = field("Khổ: a4 (mặc định), 19x27 hoặc a5.", "a4", label="Khổ",
                           choices={"a4": "A4", "19x27": "19 × 27 cm", "a5": "A5"},
                           default="a4")
    cover: IssueCover = field("Ảnh bìa: {image, alt, caption, illustrative}.", label="Bìa")
    headlines: TextList = field(
        "Bài nêu trên bìa (đường dẫn); mặc định bài đầu của mỗi chuyên mục.",
        label="Bài nêu trên bìa", default=[])
    sections: list[IssueSection] = field(
        "Các chuyên mục, mỗi mục {title, articles: [đường dẫn bài…]}.", label="Các chuyên mục",
        min_length=1)
    editorial_title: Text = field("Tiêu đề bài mở đầu (phần nội dung của tệp).",
                                  label="Tiêu đề bài mở đầu", default="Lời tòa soạn")
    colophon: Colophon = field("Thông tin xuất bản: responsible, editorial_board, "
                               "print_run, licence, printer.", label="Thông tin xuất bản")
    fillers: list[IssueFiller] = field(
        "Mục chèn do ban biên tập soạn sẵn, đặt vào chỗ trống của số: [{kind, title, text, "
        "source, model, place}…]; bìa sau nhận tối đa một mục (place: back).",
        label="Mục chèn", default=[])

    @model_validator(mode="after")
    def _year_matches(self) -> "Bulletin":
        if not 2000 <= self.year <= 2100:
            raise ValueError(f"year|năm {self.year} không hợp lý; viết bốn chữ số, ví dụ 2026")
        if self.number > 99:  # a bulletin comes out a few times a year
            raise ValueError(f"number|số {self.number} không hợp lý cho một số bản tin trong "
                             "năm; viết số thứ tự của số, ví dụ 3")
        if sum(f.place == "back" for f in self.fillers) > 1:
            raise ValueError("fillers|bìa sau chỉ có chỗ cho một mục chèn (place: back); "
                             "đổi các mục còn lại sang place: end")
        return self


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


HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class Colors(Data):
    """The banner's colours, as #rrggbb: ``banner`` (background), ``banner_dark`` (the
    navigation bar and footer) and ``accent`` (the gold rule)."""

    banner: HexColor = "#a3161a"
    banner_dark: HexColor = "#7f1013"
    accent: HexColor = "#f4c542"


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
    # The banner: the emblem (a file in content/_du-lieu/), its second line and colours.
    logo: str | None = None
    banner_title: Text | None = None
    colors: Colors = Colors()
    # The bulletin's masthead (“Thông tin Dân vận Hưng Yên”): renamed here with the committee.
    bulletin_name: Text = "Thông tin Dân vận Hưng Yên"


class Catalogs(Data):
    """danh-muc.yml: the lists that sections, fields and document kinds are chosen from."""

    sections: dict[Slug, Text]
    fields: dict[Slug, Text]
    document_kinds: dict[Text, list[str]]
    # Fields of “Dân vận khéo” models (a model's "field"); "model_fields" in the file (an
    # attribute cannot take that name: pydantic owns it).
    gallery_fields: dict[Slug, Text] = Field(default={}, alias="model_fields")

    model_config = ConfigDict(populate_by_name=True)
