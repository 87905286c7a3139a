"""The Vietnamese text rules: NFC, slugs, collation, dates, document numbers."""

import datetime as dt
import unicodedata

import pytest

from danvan import text


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- NFC ---------------------------------------------------------------------------------------

def test_nfc_composes_decomposed_vietnamese():
    assert text.nfc(nfd("Dân vận khéo")) == "Dân vận khéo"
    assert len(text.nfc(nfd("ữ"))) == 1


def test_first_non_nfc_line_points_at_the_line():
    source = "dòng một\ndòng hai\n" + nfd("dòng ba có dấu") + "\n"
    assert text.first_non_nfc_line(source) == 3
    assert text.first_non_nfc_line("hoàn toàn NFC") is None


# --- Slugs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, slug", [
    ("Đảng bộ", "dang-bo"),
    ("Đảng bộ tỉnh Hưng Yên", "dang-bo-tinh-hung-yen"),
    ("Ban Dân vận Tỉnh ủy", "ban-dan-van-tinh-uy"),
    ("“Dân vận khéo” – năm 2016!", "dan-van-kheo-nam-2016"),
    ("ĐỀ ÁN 02-ĐA/TU", "de-an-02-da-tu"),
    ("Nghị định 42/2022/NĐ-CP", "nghi-dinh-42-2022-nd-cp"),
    ("Thái Thụy, Ỷ Lan, Ứng Hòa", "thai-thuy-y-lan-ung-hoa"),
])
def test_slugify_maps_vietnamese_to_ascii(title, slug):
    assert text.slugify(title) == slug


def test_slugify_keeps_d_from_dj_never_drops_or_doubles_it():
    slug = text.slugify("Đồng Đăng đ")
    assert slug == "dong-dang-d"
    assert "dj" not in slug


def test_slugify_same_for_nfc_and_nfd():
    assert text.slugify(nfd("Quy chế dân chủ ở cơ sở")) == "quy-che-dan-chu-o-co-so"


def test_slugify_never_empty():
    assert text.slugify("!!!") == "muc"


def test_slug_registry_suffixes_collisions_stably():
    registry = text.SlugRegistry()
    assert [registry.claim(t) for t in ["Hội nghị", "Hoi nghi", "hội-nghị"]] == [
        "hoi-nghi", "hoi-nghi-2", "hoi-nghi-3"]


def test_toc_slugify_uses_the_same_rule():
    assert text.toc_slugify("Mục tiêu cụ thể", "-") == "muc-tieu-cu-the"


# --- Collation ---------------------------------------------------------------------------------

def test_vietnamese_letter_order():
    words = ["u", "ư", "o", "ơ", "ô", "e", "ê", "đ", "d", "â", "ă", "a"]
    assert text.sort_vi(words) == ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_d_with_stroke_sorts_after_d_not_after_z():
    names = ["Zeta", "Đông Hưng", "Dương", "Ân Thi", "An Lão"]
    assert text.sort_vi(names) == ["An Lão", "Ân Thi", "Dương", "Đông Hưng", "Zeta"]


def test_tones_sort_after_the_letters():
    # Same letters: unmarked first, tones after; different letters decide first.
    assert text.sort_vi(["hạ", "há", "ha", "hà", "hả", "hã"])[0] == "ha"
    assert text.sort_vi(["hát", "hàn"]) == ["hàn", "hát"]


def test_collation_ignores_normalisation_form():
    assert text.sort_key(nfd("Đảng")) == text.sort_key("Đảng")


# --- Dates -------------------------------------------------------------------------------------

def test_long_and_short_date_forms():
    day = dt.date(2016, 8, 15)
    assert text.format_date(day) == "ngày 15 tháng 8 năm 2016"
    assert text.format_date_short(day) == "15/8/2016"


@pytest.mark.parametrize("value", ["2016-08-15", "15/8/2016", "15/08/2016", "15-8-2016",
                                   dt.date(2016, 8, 15)])
def test_parse_date_accepts_iso_and_vietnamese_forms(value):
    assert text.parse_date(value) == dt.date(2016, 8, 15)


@pytest.mark.parametrize("value, words", [
    ("30/02/2026", "tháng 2 năm 2026 không có ngày 30"),
    ("2026-13-01", "không có tháng 13"),
    ("ngày mai", "không đúng định dạng"),
])
def test_parse_date_rejects_impossible_dates_in_vietnamese(value, words):
    with pytest.raises(text.DateError, match=words):
        text.parse_date(value)


# --- Document numbers --------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean, system, kind, issuer, year", [
    ("02-ĐA/TU", "02-ĐA/TU", "dang", "ĐA", "TU", None),
    ("02 - ĐA/TU", "02-ĐA/TU", "dang", "ĐA", "TU", None),
    ("25 - NQ/TW", "25-NQ/TW", "dang", "NQ", "TW", None),
    ("114-KL/TW", "114-KL/TW", "dang", "KL", "TW", None),
    ("217- QĐ/TW", "217-QĐ/TW", "dang", "QĐ", "TW", None),
    ("01 - CTr/TU", "01-CTr/TU", "dang", "CTr", "TU", None),
    ("16/CT-TTg", "16/CT-TTg", "nha-nuoc", "CT", "TTg", None),
    ("42/2022/NĐ-CP", "42/2022/NĐ-CP", "nha-nuoc", "NĐ", "CP", 2022),
    ("30c/NQ-CP", "30c/NQ-CP", "nha-nuoc", "NQ", "CP", None),
    ("34/2007/PL-UBTVQH11", "34/2007/PL-UBTVQH11", "nha-nuoc", "PL", "UBTVQH11", 2007),
    ("42 / 2022 / NĐ – CP", "42/2022/NĐ-CP", "nha-nuoc", "NĐ", "CP", 2022),
])
def test_document_numbers_parse_and_normalise(raw, clean, system, kind, issuer, year):
    number = text.parse_document_number(raw)
    assert (number.text, number.system, number.kind, number.issuer, number.year) == (
        clean, system, kind, issuer, year)


def test_icelandic_eth_and_nfd_become_d_with_stroke():
    number = text.parse_document_number(nfd("02-ÐA/TU"))  # U+00D0, not U+0110
    assert number.text == "02-ĐA/TU"
    assert number.text.encode() == "02-ĐA/TU".encode()


@pytest.mark.parametrize("raw", ["02ĐA/TU", "Đề án 02", "16/CT", "abc-NQ/TW", ""])
def test_malformed_document_numbers_are_rejected_with_examples(raw):
    with pytest.raises(text.DocumentNumberError, match="02-ĐA/TU"):
        text.parse_document_number(raw)


def test_document_number_slug_is_ascii():
    assert text.parse_document_number("02-ĐA/TU").slug == "02-da-tu"
    assert text.parse_document_number("42/2022/NĐ-CP").slug == "42-2022-nd-cp"


def test_document_numbers_found_in_running_text_but_not_dates_or_ranges():
    sentence = ("Đề án 02-ĐA/TU, Chỉ thị 16/CT-TTg, Nghị định 42/2022/NĐ-CP, 30c/NQ-CP; "
                "giai đoạn 2016 - 2020, ngày 15/8/2016")
    assert text.IN_TEXT.findall(sentence) == ["02-ĐA/TU", "16/CT-TTg", "42/2022/NĐ-CP",
                                              "30c/NQ-CP"]
