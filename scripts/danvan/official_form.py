"""A document in its official form (thể thức), from its front matter: what the web page
and the bulletin print around the text, so that both lay it out the same way.

Party documents follow Hướng dẫn 36-HD/VPTW (2018): the issuing body top left with a star
under it, "Số 02-ĐA/TU", the motto "ĐẢNG CỘNG SẢN VIỆT NAM" top right over the place and
date. State documents follow Nghị định 30/2020/NĐ-CP: the issuing body top left with a
short rule, "Số: 16/CT-TTg", the national title and motto top right over the place and
date. Then the kind of document and its summary (trích yếu), centred; after the text, the
signature block on the right and the recipients (Nơi nhận) on the left.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import text
from .schema import Document

PARTY_MOTTO = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Form:
    party: bool
    issuer: tuple[str, ...]  # upper case, parent body first
    number_line: str
    motto: tuple[str, ...]
    place_date: str
    kind: str  # upper case
    summary: str
    authority: str
    position: str
    note: str
    signer: str
    recipients: tuple[str, ...]

    @property
    def has_signature(self) -> bool:
        return bool(self.position or self.signer)


def upper(value: str) -> str:
    return text.nfc(value).upper()


def form_of(doc: Document) -> Form | None:
    """The official form of a document that declares one (``form:``), else None."""
    if doc.form is None:
        return None
    form = doc.form
    party = doc.number.system == "dang"
    number = str(doc.number)
    date = text.format_date(doc.date, official=True) if doc.date else ""
    place = form.place or ""
    place_date = f"{place}, {date}" if place and date else (place or date[:1].upper() + date[1:])
    signature = form.signature
    return Form(
        party=party,
        issuer=tuple(upper(line) for line in (form.header or [doc.issuer])),
        number_line=f"Số {number}" if party else f"Số: {number}",
        motto=PARTY_MOTTO if party else STATE_MOTTO,
        place_date=place_date,
        kind=upper(doc.kind or ""),
        summary=doc.summary,
        authority=upper(signature.authority) if signature and signature.authority else "",
        position=upper(signature.position) if signature else "",
        note=(signature.note or "") if signature else "",
        signer=(signature.name if signature and signature.name else doc.signer) or "",
        recipients=tuple(form.recipients),
    )
