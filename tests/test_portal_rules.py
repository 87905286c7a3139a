"""The portal's identity, front page, official form and locality history (issue 11), below
the browser: the rules themselves, and a build for publication refused on sample values."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from danvan import identity, official_form, text
from danvan.localities import history
from danvan.schema import Document, Locality, Organisation
from danvan.site.views import lead_story

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("field, value, sample", [
    ("address", "(Địa chỉ trụ sở – cập nhật trong content/_du-lieu/co-quan.yml)", True),
    ("address", "Số 10 đường Chùa Chuông, phường Hiến Nam, tỉnh Hưng Yên", False),
    ("licence", "Giấy phép số …/GP-STTTT", True),
    ("licence", "Giấy phép số 12/GP-STTTT ngày 3/4/2026 của Sở TT&TT", False),
    ("printer", "(tên cơ sở in – giá trị mẫu), tỉnh Hưng Yên", True),
    ("email", "lienhe@example.invalid", True),
    ("email", "bdv@hungyen.test", True),
    ("email", "bandanvan@hungyen.dcs.vn", False),
    ("phone", "0221 000 0000", True),
    ("phone", "0221 3862 100", False),
    ("name", "Ban Dân vận (mẫu) Tỉnh ủy", True),
    ("name", "Ban Dân vận Tỉnh ủy Hưng Yên", False),
])
def test_placeholder_rule(field, value, sample):
    assert (identity.why_placeholder(field, value) is not None) == sample


@pytest.mark.parametrize("url, real", [
    ("https://danvan.hungyen.example/", False), ("http://localhost:8000/", False),
    ("https://127.0.0.1/", False), ("", False), ("https://danvan.hungyen.dcs.vn/", True),
])
def test_a_real_site_url_means_a_build_for_publication(url, real):
    assert identity.is_real_site_url(url) is real


def _org(**changes) -> Organisation:
    values = dict(name="Ban Dân vận Tỉnh ủy Hưng Yên", short_name="Ban Dân vận Tỉnh ủy",
                  parent="Tỉnh ủy Hưng Yên", name_en="Commission", site_name="Dân vận Hưng Yên",
                  tagline="Cổng thông tin", address="Số 10 đường Chùa Chuông",
                  phone="0221 3862 100", email="bdv@hungyen.dcs.vn",
                  leadership=[{"role": "Trưởng ban", "name": "Nguyễn Văn A"}],
                  licence="Giấy phép số 12/GP-STTTT", logo="bieu-trung.png")
    values.update(changes)
    return Organisation.model_validate(values)


def test_complete_identity_has_no_placeholder_and_each_sample_value_is_named():
    assert identity.placeholders(_org(), "https://danvan.hungyen.dcs.vn/") == []
    found = identity.placeholders(
        _org(phone="0221 000 0000", logo="bieu-trung-mau.png",
             leadership=[{"role": "Trưởng ban", "name": ""}]), "https://x.example/")
    assert {p.field for p in found} == {"phone", "logo", "leadership[1].name", "site_url"}
    assert all(p.file in ("content/_du-lieu/co-quan.yml", "mkdocs.yml") for p in found)


def test_banner_colours_must_be_hex():
    with pytest.raises(ValueError):
        _org(colors={"banner": "red; background: url(x)"})


def test_publication_build_refuses_the_sample_values_and_keeps_the_last_site(tmp_path):
    out = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "danvan.cli", "build", "--xuat-ban",
                          "--today", "2026-11-27", "--out", str(out)], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "Chưa thể dựng bản xuất bản" in run.stderr
    for named in ("co-quan.yml, trường “phone”", "trường “email”", "trường “logo”",
                  "mkdocs.yml, trường “site_url”", "colophon.licence"):
        assert named in run.stderr, named
    assert not out.exists()


def test_official_dates_pad_day_and_early_months():
    assert text.format_date(dt.date(2020, 2, 5), official=True) == "ngày 05 tháng 02 năm 2020"
    assert text.format_date(dt.date(2016, 8, 15), official=True) == "ngày 15 tháng 8 năm 2016"
    assert text.format_date(dt.date(2020, 2, 5)) == "ngày 5 tháng 2 năm 2020"


def _document(number: str, **form) -> Document:
    return Document.model_validate({
        "title": "X", "number": number, "issuer": "Ủy ban nhân dân tỉnh Hưng Yên",
        "date": "2020-02-05", "summary": "Về việc X", "signer": "Trần Văn B",
        "legal_status": "in-force", "status": "published", "visibility": "public",
        "classification": "unclassified", "kind": "Đề án" if "ĐA" in number else "Chỉ thị",
        "form": form})


def test_state_document_form():
    f = official_form.form_of(_document("16/CT-UBND", place="Hưng Yên",
                                        header=["Ủy ban nhân dân", "tỉnh Hưng Yên"],
                                        signature={"authority": "TM. Ủy ban nhân dân",
                                                   "position": "Chủ tịch"}))
    assert not f.party
    assert f.issuer == ("ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN")
    assert f.number_line == "Số: 16/CT-UBND"
    assert f.motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert f.place_date == "Hưng Yên, ngày 05 tháng 02 năm 2020"
    assert (f.authority, f.position, f.signer) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn B")


def test_party_document_form():
    f = official_form.form_of(_document("02-ĐA/TU", header=["Tỉnh ủy Hưng Yên"]))
    assert f.party and f.number_line == "Số 02-ĐA/TU"
    assert f.motto == ("ĐẢNG CỘNG SẢN VIỆT NAM",) and f.kind == "ĐỀ ÁN"
    assert official_form.form_of(_document("02-ĐA/TU").model_copy(update={"form": None})) is None


def _story(day: int, featured=False, image=None):
    return SimpleNamespace(meta=SimpleNamespace(featured=featured, image=image), day=day)


def test_lead_story_is_the_editors_choice_else_the_newest_with_a_photo():
    news = [_story(5), _story(4, image="a.jpg"), _story(3, featured=True), _story(2)]
    assert lead_story(news).day == 3
    news[2].meta.featured = False
    assert lead_story(news).day == 4
    assert lead_story([_story(5), _story(4)]).day == 5
    assert lead_story([]) is None


def test_locality_history_in_a_sentence():
    old = Locality(id="thai-binh", name="Thái Bình", level="tinh", valid_to="2025-06-30",
                   successors=["hung-yen"])
    new = Locality(id="hung-yen", name="Hưng Yên", level="tinh", valid_from="2025-07-01")
    assert history(old, None, [new]) == (
        "Tỉnh Thái Bình tồn tại đến ngày 30 tháng 6 năm 2025. Từ ngày 1 tháng 7 năm 2025, "
        "đơn vị kế thừa là tỉnh Hưng Yên (từ 1/7/2025).")
    assert history(new, None, []).endswith("Đây là đơn vị hành chính hiện hành.")


def test_form_without_a_signature_block():
    f = official_form.form_of(_document("02-ĐA/TU", place="Hưng Yên", recipients=["Lưu VPTU."]))
    assert (f.note, f.position, f.authority) == ("", "", "")
    assert f.signer == "Trần Văn B" and f.recipients == ("Lưu VPTU.",)
