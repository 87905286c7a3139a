"""Vietnamese text rules, in one place: NFC, ASCII slugs, collation, dates, document numbers.

Everything that turns Vietnamese text into a key, a URL, a sort order or a printed date goes
through this module, so that the site, the PDFs and the tests agree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# --- NFC -------------------------------------------------------------------------------------


# Letters that look like Vietnamese ones and are not: the Icelandic eth Ð/ð (U+00D0/U+00F0),
# which some keyboards and PDF copies give for Đ/đ (U+0110/U+0111). Left alone, "huyện Ðông
# Hưng" looks exactly like a known locality and matches nothing. Mapped with the NFC step, so
# every field (numbers, localities, titles) gets the same letters.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})
LOOKALIKE_CHARS = "Ðð"


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the one form every string is kept in, with look-alike
    letters replaced by the Vietnamese ones (``_LOOKALIKES``)."""
    text = unicodedata.normalize("NFC", text)
    # translate() walks every character; the look-alikes are rare, so look first.
    return text.translate(_LOOKALIKES) if "Ð" in text or "ð" in text else text


def is_nfc(text: str) -> bool:
    """True when ``nfc`` would leave ``text`` as it is."""
    return unicodedata.is_normalized("NFC", text) and not any(c in text for c in LOOKALIKE_CHARS)


def first_non_nfc_line(text: str) -> int | None:
    """1-based number of the first line that is not NFC (for error messages), or None."""
    if is_nfc(text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if not is_nfc(line):
            return number
    return 1


# --- Slugs -----------------------------------------------------------------------------------

# NFKD splits every Vietnamese letter into a base letter and combining marks, except đ/Đ,
# which has no decomposition: it must be mapped by hand or it is dropped ("ang-bo").
_NO_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # titles and tags folded on every build (the preview's)
def fold(text: str) -> str:
    """Lower-case ASCII form: "Đảng bộ" -> "dang bo". Used for slugs and loose matching."""
    text = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.encode("ascii", "ignore").decode("ascii").lower()


# The five tone marks (grave, acute, tilde, hook above, dot below); the other marks (ă â ê ô
# ơ ư) make different letters and stay with their vowel.
_TONES = re.compile("[\u0300\u0301\u0303\u0309\u0323]")


def tone_key(word: str) -> str:
    """A word with its accents, wherever the tone mark sits: "hoà" and "hòa" give one key.

    The tone marks are moved to the end of the (lower-case) word; theme/assets/javascripts/
    search-index.js has the same function, and the search depends on the two agreeing.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(_TONES.findall(decomposed))
    return nfc(_TONES.sub("", decomposed)) + tones


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII URL slug: "Đảng bộ tỉnh" -> "dang-bo-tinh". Never empty."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "muc"


def toc_slugify(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc extension, with the same rule as URLs."""
    return slugify(value).replace("-", separator)


class SlugRegistry:
    """Hands out unique slugs; a collision gets a stable numeric suffix (-2, -3, ...).

    Stable because callers register items in a deterministic order (sorted by source path),
    so the same content always yields the same URLs.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, text: str) -> str:
        base = slugify(text)
        slug, n = base, 2
        while slug in self._taken:
            slug, n = f"{base}-{n}", n + 1
        self._taken.add(slug)
        return slug


# --- Collation -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _collator():
    # ICU's CLDR "vi" tailoring: a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư, tones secondary.
    import icu

    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    collator.setStrength(icu.Collator.TERTIARY)
    return collator


def sort_key(text: str) -> bytes:
    """Vietnamese collation key for ``sorted(..., key=sort_key)``."""
    return _collator().getSortKey(nfc(text))


def sort_vi(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """Sort items by a text field in Vietnamese order."""
    return sorted(items, key=lambda item: sort_key(key(item)))


# --- Dates -----------------------------------------------------------------------------------

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateError(ValueError):
    """A date that cannot be read; the message is Vietnamese and says how to write it."""


def parse_date(value: object) -> dt.date:
    """Read a date written as 2016-08-15 (ISO, what YAML reads natively) or 15/8/2016."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DateError(f"“{value}” không phải là ngày; hãy viết dạng 2016-08-15 hoặc 15/8/2016")
    if m := _YMD.match(value):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(value):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise DateError(f"“{value}” không đúng định dạng ngày; hãy viết 2016-08-15 hoặc 15/8/2016")
    try:
        return dt.date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise DateError(f"“{value}”: không có tháng {month}") from None
        raise DateError(f"“{value}”: tháng {month} năm {year} không có ngày {day}") from None


def format_date(value: dt.date, official: bool = False) -> str:
    """Long form used in prose and on pages: "ngày 15 tháng 8 năm 2016". ``official``: as a
    document's own date line writes it (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW): a
    day under 10 and the months January and February with a leading zero, "ngày 05 tháng 02
    năm 2020"."""
    day = f"{value.day:02d}" if official else str(value.day)
    month = f"{value.month:02d}" if official and value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def format_date_short(value: dt.date) -> str:
    """Short form used in tables and lists: "15/8/2016"."""
    return f"{value.day}/{value.month}/{value.year}"


# --- Document numbers ------------------------------------------------------------------------

# Party documents: number-TYPE/ISSUER, e.g. 02-ĐA/TU, 25-NQ/TW, 01-CTr/TU, 12-HD/BDVTW.
# State documents: number[/year]/TYPE-ISSUER, e.g. 16/CT-TTg, 42/2022/NĐ-CP, 30c/NQ-CP,
# 34/2007/PL-UBTVQH11, 1234/QĐ-UBND.
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*"
_PARTY = re.compile(rf"^(?P<number>\d+[a-z]?)-(?P<kind>[A-ZĐ][A-Za-zĐđ]*)/(?P<issuer>{_CODE})$")
_STATE = re.compile(
    rf"^(?P<number>\d+[a-z]?)(?:/(?P<year>\d{{4}}))?/(?P<kind>[A-ZĐ][A-Za-zĐđ]*)-(?P<issuer>{_CODE})$"
)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "Ð": "Đ", "ð": "đ"})
_SPACES_AROUND = re.compile(r"\s*([-/])\s*")


class DocumentNumberError(ValueError):
    """A document number in neither the Party nor the State form."""


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed số ký hiệu. ``system`` is "dang" (Party form) or "nha-nuoc" (State form)."""

    text: str
    number: str
    kind: str
    issuer: str
    system: str
    year: int | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def slug(self) -> str:
        return slugify(self.text)


# A document number inside running text (titles, summaries, bodies), either form; older
# texts space the Party form's dash ("01 - CTr/TU"), as normalise_document_number accepts.
IN_TEXT = re.compile(
    rf"\b\d+[a-z]?(?: ?- ?[A-ZĐ][A-Za-zĐđ]*/{_CODE}|(?:/\d{{4}})?/[A-ZĐ][A-Za-zĐđ]*-{_CODE})"
)
# A date or a month in running text (15/8/2016, 9/2018) and a period (2016 - 2020).
DATE_IN_TEXT = re.compile(r"\b\d{1,2}/(?:\d{1,2}/)?\d{4}\b|\b\d{4} ?[-–] ?\d{4}\b")
# What a line never breaks inside, in print: document numbers, dates and periods.
UNBREAKABLE = re.compile(f"{IN_TEXT.pattern}|{DATE_IN_TEXT.pattern}")


def normalise_document_number(raw: str) -> str:
    """NFC, Icelandic Ð -> Đ, typographic dashes -> hyphen, no spaces around - and /."""
    text = nfc(raw).translate(_DASHES).strip()
    text = _SPACES_AROUND.sub(r"\1", text)
    return re.sub(r"\s+", " ", text)


def parse_document_number(raw: str) -> DocumentNumber:
    """Parse "02 - ĐA/TU" -> DocumentNumber("02-ĐA/TU", system="dang")."""
    text = normalise_document_number(raw)
    if m := _PARTY.match(text):
        return DocumentNumber(text, m["number"], m["kind"], m["issuer"], "dang")
    if m := _STATE.match(text):
        year = int(m["year"]) if m["year"] else None
        return DocumentNumber(text, m["number"], m["kind"], m["issuer"], "nha-nuoc", year)
    raise DocumentNumberError(
        f"số ký hiệu “{raw}” không đúng mẫu; văn bản của Đảng viết như 02-ĐA/TU, 25-NQ/TW, "
        f"văn bản nhà nước viết như 16/CT-TTg, 42/2022/NĐ-CP"
    )


# --- Markdown as words ------------------------------------------------------------------------

_MARKUP = re.compile(r"[*_`>#]|\[\^[^\]]*\]|\]\([^)]*\)|\[")


def plain_markdown(markdown: str) -> str:
    """The words of a Markdown text: no emphasis marks, no link targets, no footnote refs."""
    return " ".join(_MARKUP.sub("", markdown).split())
