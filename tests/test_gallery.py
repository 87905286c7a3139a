"""The “Dân vận khéo” models gallery: the model schema and its Vietnamese errors, photos of
unpublished models never published, the generated gallery and static filter pages, image
derivatives and their cache, the image budget of a 50-card grid on a phone, and the sample."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import shutil
from pathlib import Path

import pytest
import yaml
from builders import REPO, Project, article, document
from PIL import Image

from danvan import content, images, sample_photos
from danvan.build import build_site
from danvan.guide import field_rows
from danvan.site import gallery

TODAY = dt.date(2026, 11, 27)
BUDGET = 1_000_000  # bytes of card images on a phone, for a grid of 50 models


def model(title: str = "Mô hình thử", **fields: str | None) -> str:
    """Front matter of a valid model; fields override, add, or (None) remove lines."""
    values: dict[str, str | None] = {
        "title": f'"{title}"', "date": "2020-05-01", "unit": '"Chi hội Nông dân thôn (minh họa)"',
        "localities": '["huyện Khoái Châu"]', "field": "kinh-te", "year_started": "2018",
        "year_recognised": "2019", "level": "huyen", "goals": '"Mục tiêu."',
        "method": "|\n  - Bước một.\n  - Bước hai.", "participants": '"Hội viên."',
        "results": '"Kết quả."', "replication": '"Cách nhân rộng."',
        "photos": '[{file: anh-1.jpg, alt: "Cánh đồng lúa", caption: "Cánh đồng (minh họa)"}]',
        "status": "published",
    }
    values.update(fields)
    head = "\n".join(f"{k}: {v}" for k, v in values.items() if v is not None)
    return f"---\n{head}\n---\n"


def photo(scene: str = "field", seed: int = 0, size=(800, 533), texture=False) -> bytes:
    buffer = io.BytesIO()
    sample_photos.draw(scene, seed, size, texture).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def add_model(project, folder: str, files=("anh-1.jpg",), **fields) -> None:
    project.write(f"models_gallery/{folder}/index.md", model(**fields))
    for n, name in enumerate(files):
        project.write(f"models_gallery/{folder}/{name}", photo(seed=n + len(folder)))


def line_of(project, folder: str, key: str) -> int:
    text = (project.root / "models_gallery" / folder / "index.md").read_text("utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


def load(project):
    return content.load(project.root, TODAY)


def errors_of(corpus):
    return [p for p in corpus.problems if not p.warning]


def build(project) -> Path:
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    return project.root / "site"


# --- Schema and errors ----------------------------------------------------------------------------


def test_valid_model_loads_with_its_url_locality_and_photos_as_assets(project):
    add_model(project, "tổ-giúp-nhau")
    corpus = load(project)
    assert errors_of(corpus) == []
    (item,) = corpus.items
    assert item.kind == "model" and item.url == "mo-hinh/to-giup-nhau/"
    assert [(w, u.id) for w, u in item.localities] == [("huyện Khoái Châu", "huyen-khoai-chau")]
    assert item.assets == {"models_gallery/tổ-giúp-nhau/anh-1.jpg"}
    assert (item.meta.year_started, item.meta.year_recognised, item.meta.level) == (2018, 2019,
                                                                                    "huyen")
    assert item.meta.cover.alt == "Cánh đồng lúa"


def test_model_fields_are_in_the_editors_guide():
    rows = {r["name"]: r for r in field_rows("model")}
    for name in ("unit", "localities", "field", "year_started", "year_recognised", "level",
                 "goals", "method", "participants", "resources", "results", "figures",
                 "replication", "photos", "news", "documents"):
        assert rows[name]["description"], name
    assert rows["photos"]["required"] == "bắt buộc" and "alt" in rows["photos"]["description"]
    assert "trung-uong" in rows["level"]["description"]


def test_missing_photo_file_is_an_error_at_the_photos_line(project):
    project.write("models_gallery/a/index.md", model(
        photos='[{file: khong-co.jpg, alt: "Ảnh"}]'))
    (problem,) = errors_of(load(project))
    assert problem.path == "models_gallery/a/index.md"
    assert (problem.field, problem.message) == ("photos", "không có tệp “khong-co.jpg”")
    assert problem.line == line_of(project, "a", "photos") and problem.fix


def test_photo_without_alt_text_names_the_photo(project):
    add_model(project, "a", files=("anh-1.jpg", "anh-2.jpg"),
              photos='[{file: anh-1.jpg, alt: "Ảnh"}, {file: anh-2.jpg}]')
    (problem,) = errors_of(load(project))
    line = line_of(project, "a", "photos")
    assert problem.field == "photos" and problem.line == line
    assert problem.message.startswith("mục thứ 2: ảnh “anh-2.jpg” thiếu mô tả ảnh (alt)")
    assert f"Lỗi – models_gallery/a/index.md:{line}: trường “photos”" in str(problem)


def test_unknown_locality_is_an_error(project):
    add_model(project, "a", localities='["huyện Không Có"]')
    (problem,) = errors_of(load(project))
    assert problem.field == "localities" and "huyện Không Có" in problem.message
    assert "dia-ban.yml" in problem.fix


def test_a_model_needs_a_locality_and_a_photo(project):
    add_model(project, "a", localities="[]", photos="[]")
    problems = errors_of(load(project))
    assert {p.field for p in problems} == {"localities"}  # one whole-model check at a time
    add_model(project, "a", photos="[]")
    (problem,) = errors_of(load(project))
    assert (problem.field, problem.message) == ("photos", "mô hình cần ít nhất một ảnh")


@pytest.mark.parametrize("fields,field,words", [
    ({"year_started": '"năm 2018"'}, "year_started", "không phải là một năm"),
    ({"year_started": "1890"}, "year_started", "năm 1890 không hợp lý"),
    ({"year_recognised": "2030"}, "year_recognised", "năm 2030 chưa tới"),
    ({"year_started": "2021", "year_recognised": "2019"}, "year_recognised",
     "năm công nhận 2019 trước năm bắt đầu 2021"),
    ({"level": "quoc-gia"}, "level", "giá trị “quoc-gia” không hợp lệ"),
    ({"field": "dan-van-chinh-quyen"}, "field", "lĩnh vực “dan-van-chinh-quyen”"),
])
def test_bad_values_are_errors_naming_the_field_and_line(project, fields, field, words):
    add_model(project, "a", **fields)
    (problem,) = errors_of(load(project))
    assert problem.field == field and words in problem.message, problem
    assert problem.line is not None and problem.fix
    if field == "field":  # the fix lists the configured model fields
        assert "kinh-te, van-hoa-xa-hoi, quoc-phong-an-ninh, xay-dung-dang" in problem.fix


def test_reserved_url_unknown_news_and_photo_format_are_errors(project):
    add_model(project, "nam")
    add_model(project, "b", news="[tin-tuc/khong-co.md]", files=("anh.heic",),
              photos='[{file: anh.heic, alt: "Ảnh"}]')
    problems = {p.field: p for p in errors_of(load(project))}
    assert "dành cho trang lọc" in problems["slug"].message
    assert "không có bài “tin-tuc/khong-co.md”" in problems["news"].message
    assert "không phải JPEG, PNG hay WebP" in problems["photos"].message


def test_related_news_resolve_by_file_or_address(project):
    project.write("content/tin-tuc/2020/bai-a.md", article("Bài A"))
    project.write("content/tin-tuc/2020/bai-b.md", article("Bài B"))
    add_model(project, "a", news="[tin-tuc/2020/bai-a.md, /tin-tuc/bai-b/]")
    corpus = load(project)
    assert errors_of(corpus) == []
    model_item = next(i for i in corpus.items if i.kind == "model")
    assert [i.title for i in model_item.links] == ["Bài A", "Bài B"]


def test_photos_of_an_unpublished_model_are_never_published(project):
    add_model(project, "cong-khai", title="Mô hình công khai")
    add_model(project, "nhap-bimatmohinh", title="Nháp BIMATMOHINH", status="draft",
              files=("bimat.jpg",), photos='[{file: bimat.jpg, alt: "BIMATANHMOHINH"}]')
    assert not any("bimat" in f for f in load(project).public_assets)
    site = build(project)
    names = [str(p.relative_to(site)) for p in site.rglob("*")]
    assert any(n.startswith("mo-hinh/cong-khai/anh-1-") for n in names)
    assert not any("bimat" in n for n in names)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt"}:
            data = path.read_bytes()
            assert b"BIMATMOHINH" not in data and b"BIMATANHMOHINH" not in data, path


# --- Pages ------------------------------------------------------------------------------------------

CARD = re.compile(r'<li class="dv-card" data-field="([^"]*)" data-localities="([^"]*)" '
                  r'data-year="(\d+)" data-level="([^"]*)" data-name="([^"]*)">')


def cards(site: Path, url: str) -> list[tuple[str, ...]]:
    return CARD.findall((site / url / "index.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def small_gallery(tmp_path_factory):
    """A project with four models (and a news article and a document they link to)."""
    project = Project(tmp_path_factory.mktemp("gallery") / "project")
    project.write("content/tin-tuc/2019/tin-mo-hinh.md", article("Tin về mô hình", date="2019-03-01"))
    project.write("content/van-ban/02-da-tu.md", document("02-ĐA/TU"))
    add_model(project, "dan-van", title="Dân vận khéo ở thôn", field="kinh-te",
              year_recognised="2019", level="huyen", featured="true",
              news="[tin-tuc/2019/tin-mo-hinh.md]", documents='["02-ĐA/TU"]',
              tags="[dân vận khéo]", goals='"<script>alert(1)</script> **Mục tiêu rõ**"')
    add_model(project, "doan-ket", title="Đoàn kết giữ bình yên", field="quoc-phong-an-ninh",
              localities='["thành phố Hưng Yên"]', year_recognised="2021", level="tinh",
              files=("a.jpg", "b.jpg", "c.jpg"),
              photos='[{file: a.jpg, alt: "Ảnh A"}, {file: b.jpg, alt: "Ảnh B", '
                     'caption: "Chú thích B"}, {file: c.jpg, alt: "Ảnh C"}]')
    add_model(project, "an-tinh", title="Ân tình làng xóm", field="van-hoa-xa-hoi",
              localities='["huyện Mỹ Hào"]', date="2018-06-01", year_started="2016",
              year_recognised="2018", level="xa")
    add_model(project, "chua-dang", title="Chưa đăng", status="draft", year_recognised="2019")
    return build(project)


def test_gallery_lists_published_models_in_vietnamese_order(small_gallery):
    names = [c[4] for c in cards(small_gallery, "mo-hinh")]
    # ICU's Vietnamese order (Â after A, D before Đ), not code points (D < Â < Đ)
    assert names == ["Ân tình làng xóm", "Dân vận khéo ở thôn", "Đoàn kết giữ bình yên"]
    by_year = [c[2] for c in cards(small_gallery, "mo-hinh/theo-nam")]
    assert by_year == ["2021", "2019", "2018"]
    page = (small_gallery / "mo-hinh" / "index.html").read_text("utf-8")
    assert 'data-dv-filter="gallery"' in page and "gallery.js" in page
    assert "Chưa đăng" not in page


@pytest.mark.parametrize("url,expected", [
    ("mo-hinh/linh-vuc/kinh-te", ["Dân vận khéo ở thôn"]),
    ("mo-hinh/linh-vuc/quoc-phong-an-ninh", ["Đoàn kết giữ bình yên"]),
    ("mo-hinh/dia-ban/huyen-my-hao", ["Ân tình làng xóm"]),
    ("mo-hinh/dia-ban/thanh-pho-hung-yen", ["Đoàn kết giữ bình yên"]),
    ("mo-hinh/nam/2019", ["Dân vận khéo ở thôn"]),  # the draft of 2019 is not there
    ("mo-hinh/cap/tinh", ["Đoàn kết giữ bình yên"]),
    ("mo-hinh/cap/xa", ["Ân tình làng xóm"]),
])
def test_static_filter_pages_hold_exactly_their_models(small_gallery, url, expected):
    assert [c[4] for c in cards(small_gallery, url)] == expected
    page = (small_gallery / url / "index.html").read_text("utf-8")
    assert 'data-dv-filter="gallery"' not in page  # static pages need no script
    assert 'aria-current="page"' in page  # the facet of this page is marked


def test_no_filter_page_for_values_without_models(small_gallery):
    for url in ["mo-hinh/linh-vuc/xay-dung-dang", "mo-hinh/cap/trung-uong", "mo-hinh/nam/2020"]:
        assert not (small_gallery / url).exists(), url


def test_model_page_shows_fields_links_and_photos(small_gallery):
    page = (small_gallery / "mo-hinh" / "dan-van" / "index.html").read_text("utf-8")
    for text in ["Chi hội Nông dân thôn (minh họa)", "Lý do và mục tiêu", "Cách làm",
                 "Lực lượng tham gia", "Kết quả", 'class="dv-replicate"', "Cách nhân rộng",
                 "Cấp huyện", "<li>Bước một.</li>"]:
        assert text in page, text
    assert 'href="../../dia-ban/huyen-khoai-chau/"' in page
    assert 'href="../../tin-tuc/tin-mo-hinh/"' in page  # related news
    assert 'href="../../van-ban/02-da-tu-2016/"' in page  # related document
    assert 'href="../linh-vuc/kinh-te/"' in page and 'href="../nam/2019/"' in page
    # HTML typed in a field is shown, never run; Markdown still works
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "<strong>Mục tiêu rõ</strong>" in page
    inline = re.findall(r"<script(?![^>]*\s(?:src=|type=\"application/json\"))[^>]*>", page)
    assert not inline, "inline script (the CSP forbids it)"
    three = (small_gallery / "mo-hinh" / "doan-ket" / "index.html").read_text("utf-8")
    assert three.count("data-dv-lightbox") == 3 and "Chú thích B" in three


def test_model_appears_on_locality_home_tag_and_document_pages(small_gallery):
    locality = (small_gallery / "dia-ban" / "huyen-my-hao" / "index.html").read_text("utf-8")
    assert 'class="dv-card"' in locality and "Ân tình làng xóm" in locality
    # the unit that became it lists it too (thị xã Mỹ Hào, then tỉnh Hưng Yên)
    successor = (small_gallery / "dia-ban" / "thi-xa-my-hao" / "index.html").read_text("utf-8")
    assert "Ân tình làng xóm" in successor
    home = (small_gallery / "index.html").read_text("utf-8")
    featured = home[home.index('id="h-models"'):]
    assert featured.index("Dân vận khéo ở thôn") < featured.index("Đoàn kết giữ bình yên")
    assert 'href="mo-hinh/"' in home  # the gallery is in the navigation
    assert "Dân vận khéo ở thôn" in (small_gallery / "the" / "dan-van-kheo" / "index.html").read_text("utf-8")
    doc = (small_gallery / "van-ban" / "02-da-tu-2016" / "index.html").read_text("utf-8")
    assert "Dân vận khéo ở thôn" in doc  # “Được nhắc đến trong”
    sitemap = (small_gallery / "sitemap.xml").read_text("utf-8")
    assert "mo-hinh/dan-van/" in sitemap and "chua-dang" not in sitemap


# --- Images -----------------------------------------------------------------------------------------


def test_derivatives_webp_and_jpeg_at_recipe_widths_without_metadata(tmp_path):
    source = tmp_path / "anh.jpg"
    exif = Image.Exif()
    exif[0x010F] = "BIMATMAYANH"  # camera make: must not reach the site
    sample_photos.draw("road", 1, (1000, 700)).save(source, "JPEG", exif=exif.tobytes())
    cache = images.ImageCache(tmp_path / "cache")
    derived = cache.derive(source)
    assert (derived.width, derived.height) == (1000, 700)
    assert [r.width for r in derived.of(images.CARD, "webp")] == [240, 360, 640]
    assert [r.width for r in derived.of(images.PAGE, "jpg")] == [480, 960, 1000]  # never enlarged
    for rendition in derived.renditions:
        with Image.open(rendition.path) as im:
            assert im.format == {"webp": "WEBP", "jpg": "JPEG"}[rendition.format]
            assert im.size == (rendition.width, rendition.height)
            if rendition.recipe == "the":
                assert abs(im.width / im.height - 4 / 3) < 0.01  # cards are cropped to 4:3
        assert b"BIMATMAYANH" not in rendition.path.read_bytes()
    assert source.read_bytes().count(b"BIMATMAYANH") == 1  # the original is kept as it was


def test_cache_is_keyed_by_content_not_name(tmp_path):
    data = photo("house", 3)
    (tmp_path / "a.jpg").write_bytes(data)
    (tmp_path / "b.jpg").write_bytes(data)
    cache = images.ImageCache(tmp_path / "cache")
    first = cache.derive_all([tmp_path / "a.jpg"])
    again = images.ImageCache(tmp_path / "cache")
    second = again.derive_all([tmp_path / "a.jpg", tmp_path / "b.jpg"])
    assert (cache.processed, again.processed, again.reused) == (1, 0, 2)
    assert second[tmp_path / "a.jpg"] == first[tmp_path / "a.jpg"]
    (tmp_path / "a.jpg").write_bytes(photo("lanterns", 4))
    changed = images.ImageCache(tmp_path / "cache")
    assert changed.derive(tmp_path / "a.jpg").digest != first[tmp_path / "a.jpg"].digest
    assert changed.processed == 1


def test_unreadable_photo_fails_the_build_in_vietnamese(project, capsys):
    add_model(project, "a")
    project.write("models_gallery/a/anh-1.jpg", b"not a jpeg")
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 1
    err = capsys.readouterr().err
    assert "Lỗi – models_gallery/a/index.md:" in err and "trường “photos”" in err
    assert "tệp “anh-1.jpg” không phải là ảnh" in err and "Cách sửa:" in err


def test_second_build_does_no_image_work(project, monkeypatch):
    add_model(project, "a", files=("anh-1.jpg", "anh-2.jpg"),
              photos='[{file: anh-1.jpg, alt: "Một"}, {file: anh-2.jpg, alt: "Hai"}]')
    made = []
    original = images.ImageCache._make

    def counting(self, data, source, folder, digest):
        made.append(Path(source).name)
        return original(self, data, source, folder, digest)

    monkeypatch.setattr(images.ImageCache, "_make", counting)
    site = build(project)
    assert sorted(made) == ["anh-1.jpg", "anh-2.jpg"]
    first = {p.name: p.read_bytes() for p in (site / "mo-hinh" / "a").iterdir()}
    assert not any(name in first for name in ("anh-1.jpg", "anh-2.jpg"))  # originals stay put
    made.clear()
    site = build(project)
    assert made == [], "an unchanged image must not be processed again"
    assert {p.name: p.read_bytes() for p in (site / "mo-hinh" / "a").iterdir()} == first
    project.write("models_gallery/a/anh-2.jpg", photo("lanterns", 9))
    build(project)
    assert made == ["anh-2.jpg"]  # only the changed one


# --- The image budget of a card grid on a phone -----------------------------------------------------

SOURCE = re.compile(r'<li class="dv-card".*?<source type="image/webp" srcset="([^"]+)" '
                    r'sizes="([^"]+)">\s*<img src="[^"]+" srcset="([^"]+)"', re.S)


def slot_width(sizes: str, viewport: int) -> float:
    """The CSS px width `sizes` gives at ``viewport`` px (the (max|min-width: Nem) forms)."""
    for entry in sizes.split(","):
        entry = entry.strip()
        m = re.match(r"\((max|min)-width:\s*([\d.]+)(em|px)\)\s+(.+)$", entry)
        if not m:
            return _length(entry, viewport)
        limit = float(m[2]) * (16 if m[3] == "em" else 1)
        if (viewport <= limit) if m[1] == "max" else (viewport >= limit):
            return _length(m[4], viewport)
    raise AssertionError(f"no default in sizes={sizes!r}")


def _length(value: str, viewport: int) -> float:
    if value.endswith("vw"):
        return float(value[:-2]) * viewport / 100
    assert value.endswith("px"), value
    return float(value[:-2])


def chosen(srcset: str, needed: float) -> str:
    """The candidate a browser takes: the narrowest at least ``needed`` px wide, else the
    widest (tests/browser/test_gallery_browser.py checks that Chromium does)."""
    candidates = sorted((int(w[:-1]), url) for url, w in (c.strip().split() for c in srcset.split(",")))
    return next((url for w, url in candidates if w >= needed), candidates[-1][1])


def grid_image_bytes(site: Path, page: str, viewport: int, dpr: float, fmt: str = "webp") -> int:
    html = (site / page).read_text("utf-8")
    total = 0
    for webp, sizes, jpeg in SOURCE.findall(html):
        url = chosen(webp if fmt == "webp" else jpeg, slot_width(sizes, viewport) * dpr)
        total += (site / posixpath.normpath(posixpath.join(posixpath.dirname(page), url))).stat().st_size
    return total


@pytest.mark.slow
def test_card_grid_of_50_models_weighs_under_1_mb_on_a_phone(project):
    scenes = sample_photos.SCENES
    for n in range(50):
        folder = f"mo-hinh-{n:02d}"
        project.write(f"models_gallery/{folder}/index.md", model(f"Mô hình số {n}"))
        # Camera-like photos (grain and detail at every scale), larger than the cards need.
        project.write(f"models_gallery/{folder}/anh-1.jpg",
                      photo(scenes[n % len(scenes)], n, (1400, 933), texture=True))
    site = build(project)
    assert len(CARD.findall((site / "mo-hinh" / "index.html").read_text("utf-8"))) == 50
    measured = {dpr: grid_image_bytes(site, "mo-hinh/index.html", 360, dpr) for dpr in (1, 2, 3)}
    jpeg = grid_image_bytes(site, "mo-hinh/index.html", 360, 2, "jpg")
    desktop = grid_image_bytes(site, "mo-hinh/index.html", 1280, 1)
    print(f"\n50 thẻ mô hình, 360 px: WebP {measured} byte; JPEG (2x) {jpeg}; 1280 px {desktop}")
    assert all(size < BUDGET for size in measured.values()), measured
    assert jpeg < 2 * BUDGET  # the fallback, for browsers without WebP


# --- The sample ------------------------------------------------------------------------------------


def test_sample_models_are_illustrative_varied_and_small():
    corpus = content.load(REPO, TODAY)
    assert errors_of(corpus) == []
    models = corpus.of_kind("model")
    assert 8 <= len(models) <= 12
    assert all(m.meta.illustrative and "(minh họa)" in m.meta.unit for m in models)
    assert {m.meta.field_of_work for m in models} == set(corpus.catalogs.gallery_fields)
    assert len({u.id for m in models for _, u in m.localities}) >= 6
    assert {m.meta.level for m in models} == set(gallery.LEVELS)
    started = {m.meta.year_started for m in models} | {m.meta.year_recognised for m in models}
    assert min(started) == 2016 and max(started) == 2024
    files = list((REPO / "models_gallery").rglob("*.jpg"))
    assert all(f.stat().st_size <= 150 * 1024 for f in files)
    assert sum(f.stat().st_size for f in files) < 3 * 1024 * 1024
    named = {Path(m.source).parent / p.file for m in models for p in m.meta.photos}
    assert {f.relative_to(REPO) for f in files} == named  # every photo used, none missing
    with Image.open(files[0]) as im:
        assert im.format == "JPEG"


def test_scaffold_folder_names_match_the_schema():
    # danh-muc.yml's model_fields is the list the schema checks a model's field against
    data = yaml.safe_load((REPO / "content/_du-lieu/danh-muc.yml").read_text("utf-8"))
    assert list(data["model_fields"]) == ["kinh-te", "van-hoa-xa-hoi", "quoc-phong-an-ninh",
                                          "xay-dung-dang"]


def test_new_model_scaffold_is_a_bundle_that_validates_once_filled(project):
    from danvan.scaffold import create

    shutil.copytree(REPO / "content" / "_mau", project.root / "content" / "_mau")  # no links
    path = create(project.root, "mo-hinh", "Tổ tự quản ven sông", TODAY)
    assert path == project.root / "models_gallery" / "to-tu-quan-ven-song" / "index.md"
    again = create(project.root, "mo-hinh", "Tổ tự quản ven sông", TODAY)
    assert again == project.root / "models_gallery" / "to-tu-quan-ven-song-2" / "index.md"
    again.unlink()
    again.parent.rmdir()
    (path.parent / "anh-1.jpg").write_bytes(photo())
    problems = errors_of(load(project))
    assert [p.field for p in problems] == ["localities"]  # the one placeholder left to fill
    path.write_text(path.read_text("utf-8").replace("huyện …", "huyện Tiên Lữ"), "utf-8")
    corpus = load(project)
    assert errors_of(corpus) == [] and corpus.items[0].meta.status == "draft"


def test_model_page_context_lists_the_bulletin_issues_that_featured_it(project, monkeypatch):
    add_model(project, "a")
    corpus = load(project)
    (item,) = corpus.items
    assert gallery.Gallery(corpus).page_context(item)["featured_in"] == []
    issue = type("Issue", (), {"url": "ban-tin/2026/so-1/", "title": "Số 1/2026"})()
    monkeypatch.setattr(type(corpus), "issues_of", lambda self, i: [issue] if i is item else [],
                        raising=False)
    assert gallery.Gallery(corpus).page_context(item)["featured_in"] == [issue]
