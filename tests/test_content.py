"""Loading and validating content: every mistake gets a Vietnamese message naming the file,
the field or line, and a fix; all of them are reported in one run."""

import datetime as dt
import unicodedata

from builders import article, document, png

from danvan import content

TODAY = dt.date(2026, 11, 27)


def load(project):
    return content.load(project.root, TODAY)


def errors_of(corpus):
    return [p for p in corpus.problems if not p.warning]


def test_valid_article_loads_with_url_from_file_name(project):
    project.write("content/tin-tuc/2024/hội-nghị-tập-huấn.md", article("Hội nghị tập huấn"))
    corpus = load(project)
    assert errors_of(corpus) == []
    (item,) = corpus.items
    assert item.url == "tin-tuc/hoi-nghi-tap-huan/"
    assert item.published


def test_all_errors_of_a_run_are_reported_together(project):
    project.write("content/tin-tuc/a.md", article("Bài A", date="30/02/2026"))
    project.write("content/tin-tuc/b.md", article("Bài B", section="khong-co"))
    project.write("content/van-ban/c.md", document("02 ĐA TU"))
    corpus = load(project)
    messages = [str(p) for p in errors_of(corpus)]
    assert len(messages) == 3
    assert any("content/tin-tuc/a.md:3" in m and "“date”" in m and "không có ngày 30" in m
               for m in messages)
    assert any("b.md" in m and "chuyên mục “khong-co”" in m and "hoat-dong" in m for m in messages)
    assert any("c.md" in m and "“number”" in m and "02-ĐA/TU" in m for m in messages)
    assert all("Cách sửa:" in m for m in messages)


def test_missing_and_mistyped_fields_name_the_field_and_suggest(project):
    text = article("Bài thiếu", titel="x").replace("status: published\n", "")
    project.write("content/tin-tuc/thieu.md", text)
    problems = errors_of(load(project))
    by_field = {p.field: p for p in problems}
    assert by_field["status"].message == "thiếu trường bắt buộc"
    assert "title" in by_field["titel"].fix  # did you mean…
    assert by_field["titel"].line == 6


def test_yaml_syntax_error_names_the_line(project):
    project.write("content/tin-tuc/yaml.md",
                  "---\ntitle: \"Bài\"\ndate: 2024-01-01\nsection: [hoat-dong\nstatus: published\n---\n")
    (problem,) = errors_of(load(project))
    assert "YAML" in problem.message and problem.line is not None and problem.line >= 4


def test_nfd_text_and_file_names_are_errors_with_a_fix(project):
    project.write(unicodedata.normalize("NFD", "content/tin-tuc/bài-nfd.md"),
                  unicodedata.normalize("NFD", article("Dân vận khéo")))
    problems = errors_of(load(project))
    assert {p.message.split(" (")[0] for p in problems} >= {
        "tên tệp có chữ ở dạng tổ hợp", "có chữ ở dạng tổ hợp"}
    assert all("chuan-hoa" in p.fix for p in problems)


def test_unsafe_html_is_rejected_with_its_line(project):
    body = article("Bài có mã") + "\nđoạn 1\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n"
    body += "\n```html\n<script>ví dụ trong khối mã thì được</script>\n```\n"
    project.write("content/tin-tuc/ma.md", body)
    problems = errors_of(load(project))
    assert [(p.message, p.line) for p in problems] == [
        ("thẻ HTML <script> không được phép", 13),
        ("thuộc tính sự kiện “onerror” không được phép trên thẻ <img>", 15)]


def test_image_must_exist_and_needs_alt_text(project):
    project.write("content/tin-tuc/anh.md", article("Ảnh", image="khong-co.jpg"))
    project.write("content/tin-tuc/anh2.md",
                  article("Ảnh 2") + "\n![Mô tả](hinh/khong-co.png)\n")
    problems = errors_of(load(project))
    fields = sorted((p.path.rsplit("/", 1)[1], p.field, p.message) for p in problems)
    assert ("anh.md", "image", "không có tệp “khong-co.jpg”") in fields
    assert ("anh.md", "image_alt", "có ảnh nhưng thiếu mô tả ảnh (image_alt)") in fields
    assert ("anh2.md", "", "không có tệp “hinh/khong-co.png”") in fields


def test_unknown_locality_is_an_error_and_names_resolve_by_date(project):
    project.write("content/tin-tuc/a.md", article("Trước", date="2020-01-01",
                                                  localities="[tỉnh Hưng Yên, huyện Văn Lâm]"))
    project.write("content/tin-tuc/b.md", article("Sau", date="2025-09-01",
                                                  localities="[tỉnh Hưng Yên]"))
    project.write("content/tin-tuc/c.md", article("Sai", localities="[huyện Không Có]"))
    corpus = load(project)
    (problem,) = errors_of(corpus)
    assert problem.path.endswith("c.md") and problem.field == "localities"
    by_title = {i.title: i for i in corpus.items}
    assert [u.id for _, u in by_title["Trước"].localities] == ["hung-yen-1997", "huyen-van-lam"]
    assert [u.id for _, u in by_title["Sau"].localities] == ["hung-yen"]
    assert by_title["Trước"].localities[0][0] == "tỉnh Hưng Yên"  # kept as written


def test_duplicate_slugs_are_suffixed_but_explicit_ones_collide(project):
    project.write("content/tin-tuc/2023/hoi-nghi.md", article("Một"))
    project.write("content/tin-tuc/2024/hoi-nghi.md", article("Hai"))
    corpus = load(project)
    assert sorted(i.url for i in corpus.items) == ["tin-tuc/hoi-nghi-2/", "tin-tuc/hoi-nghi/"]
    project.write("content/tin-tuc/x.md", article("Ba", slug="hoi-nghi"))
    problems = errors_of(load(project))
    assert any(p.field == "slug" and "đã có content/tin-tuc/2023/hoi-nghi.md dùng" in p.message
               for p in problems)


def test_documents_keyed_by_number_and_date(project):
    project.write("content/van-ban/a.md", document("01-CTr/TU", date="2015-12-15"))
    project.write("content/van-ban/b.md", document("01-CTr/TU", date="2020-12-10"))
    project.write("content/tin-tuc/x.md", article("Dẫn", documents='["01-CTr/TU ngày 15/12/2015"]'))
    project.write("content/tin-tuc/y.md", article("Mơ hồ", documents='["01-CTr/TU"]'))
    corpus = load(project)
    urls = sorted(i.url for i in corpus.items if i.kind == "document")
    assert urls == ["van-ban/01-ctr-tu-2015/", "van-ban/01-ctr-tu-2020/"]
    (problem,) = errors_of(corpus)
    assert problem.path.endswith("y.md") and "ghi thêm “ngày …”" in problem.message
    cited = next(i for i in corpus.items if i.title == "Dẫn").documents
    assert [d.doc.date for d in cited] == [dt.date(2015, 12, 15)]


def test_same_number_same_date_is_a_duplicate(project):
    project.write("content/van-ban/a.md", document("16/CT-TTg", date="2016-05-16"))
    project.write("content/van-ban/b.md", document("16 / CT-TTg", date="16/5/2016"))
    (problem,) = errors_of(load(project))
    assert problem.field == "number" and "đã có ở content/van-ban/a.md" in problem.message


def test_document_kind_and_system_inferred_from_number(project):
    project.write("content/van-ban/a.md", document("42/2022/NĐ-CP", date="2022-06-28"))
    (item,) = load(project).items
    assert (item.doc.kind, item.doc.system) == ("Nghị định", "nha-nuoc")


def test_system_contradicting_number_form_is_an_error(project):
    project.write("content/van-ban/a.md", document("02-ĐA/TU", system="nha-nuoc"))
    (problem,) = errors_of(load(project))
    assert problem.field == "system"


def test_classification_is_required_and_only_unclassified_is_published(project):
    project.write("content/van-ban/a.md", document("03-CT/TU", classification="secret"))
    project.write("content/van-ban/b.md",
                  document("04-CT/TU").replace("classification: unclassified\n", ""))
    corpus = load(project)
    assert [p.field for p in errors_of(corpus)] == ["classification"]
    assert [i.published for i in corpus.items] == [False]


def test_draft_internal_and_future_are_not_published(project):
    project.write("content/tin-tuc/a.md", article("Nháp", status="draft"))
    project.write("content/tin-tuc/b.md", article("Nội bộ", visibility="internal"))
    project.write("content/tin-tuc/c.md", article("Tương lai", date="2027-01-01"))
    project.write("content/tin-tuc/d.md", article("Công khai"))
    corpus = load(project)
    assert [i.title for i in corpus.published] == ["Công khai"]


def test_only_files_of_published_content_are_on_the_allow_list(project):
    project.write("content/tin-tuc/anh/chung.png", png())
    project.write("content/tin-tuc/anh/rieng.png", png())
    project.write("content/tin-tuc/anh/khong-ai-dung.png", png())
    project.write("content/tin-tuc/a.md", article("Nháp", status="draft",
                                                  image="anh/rieng.png", image_alt="Ảnh")
                  + "\n![Ảnh](anh/chung.png)\n")
    project.write("content/tin-tuc/b.md", article("Công khai") + "\n![Ảnh](anh/chung.png)\n")
    assert load(project).public_assets == {"content/tin-tuc/anh/chung.png"}


def test_reading_in_two_processes_gives_the_same_corpus_and_problems(project):
    """content.load(jobs=2), as a large `danvan build` does: same items, same errors, same
    order, as one process."""
    for n in range(8):
        project.write(f"content/tin-tuc/bai-{n}.md", article(f"Bài {n}"))
    project.write("content/tin-tuc/loi-ngay.md", article("Ngày sai", date="30/02/2026"))
    project.write("content/tin-tuc/loi-dia-ban.md", article("Địa bàn", localities="[xã Không Có]"))
    one = content.load(project.root, TODAY, jobs=1)
    two = content.load(project.root, TODAY, jobs=2)
    assert [i.source for i in two.items] == [i.source for i in one.items]
    assert [i.meta for i in two.items] == [i.meta for i in one.items]
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems]
    assert len(one.collector.errors) == 2
