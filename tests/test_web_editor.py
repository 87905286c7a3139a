"""The web editor (issue 13, part 3): admin/config.yml is what the schemas make and is held
to the validator (labels, choices, lists of danh-muc.yml, file fields, slugs, blank fields);
/admin/ is in the editors' build and never in the public one. The form driven in Chromium
is tests/browser/test_cms.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml
from builders import REPO, Project, article, document, png, small_site
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from danvan import content, text
from danvan.content_types import TYPES
from danvan.editor import admin, cms
from danvan.problems import Collector
from danvan.schema import Catalogs, IssueSection

TODAY = "2026-11-27"


def _models() -> list[type[BaseModel]]:
    """Every schema an editor fills in: the content types and the models inside them."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            inner = cms.shape(info.rebuild_annotation())
            inner = inner.item or inner
            if isinstance(inner.base, type) and issubclass(inner.base, BaseModel):
                visit(inner.base)

    for kind in TYPES.values():
        visit(kind.schema)
    return found


def _config(root: Path = REPO) -> dict:
    return yaml.safe_load(cms.render(root))


# --- The checked-in file -----------------------------------------------------------------


def test_checked_in_config_is_what_the_schemas_make() -> None:
    """CI's check: a schema, the registry or danh-muc.yml changed without `make cms`."""
    checked_in = (REPO / cms.CONFIG).read_text("utf-8")
    assert checked_in == cms.render(REPO), (
        f"{cms.CONFIG} is out of date: run `make cms` (danvan cms) and commit it")


def test_cms_command_checks_and_regenerates(project: Project) -> None:
    (project.root / "admin").mkdir()
    stale = project.root / cms.CONFIG
    stale.write_text("collections: []\n", "utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "danvan.cli", "cms", *args],
                              cwd=project.root, capture_output=True, text=True, timeout=60)

    checked = run("--kiem-tra")
    assert checked.returncode == 1
    assert "admin/config.yml không khớp với các schema" in checked.stderr
    assert "make cms" in checked.stderr
    assert stale.read_text("utf-8") == "collections: []\n"  # a check writes nothing
    assert run().returncode == 0
    assert run("--kiem-tra").returncode == 0
    assert stale.read_text("utf-8") == cms.render(project.root)


# --- The form is the validator's ---------------------------------------------------------


def _form_fields(model: type[BaseModel], form: list[dict], in_optional: bool = False) -> None:
    """``form`` (Decap's fields) has ``model``'s fields, in order, with their label, hint,
    required flag and choices; nested models and lists recursively. In an optional part
    (a document's official form) the form requires nothing and the hint says what is
    required once the part is written."""
    assert [f["name"] for f in form] == [i.alias or n for n, i in model.model_fields.items()]
    for field, (name, info) in zip(form, model.model_fields.items()):
        extra = info.json_schema_extra
        where = f"{model.__name__}.{name}"
        assert field["label"] == extra["label"], where
        required = info.is_required()
        assert field["hint"] == info.description + (
            f" {cms.REQUIRED_IN_PART}" if required and in_optional else ""), where
        assert field["required"] is (required and not in_optional), where
        shape = cms.shape(info.rebuild_annotation())
        if typing.get_origin(shape.base) is typing.Literal:
            assert field["widget"] == "select", where
            assert [o["value"] for o in field["options"]] == list(typing.get_args(shape.base))
        if shape.base is list and isinstance(shape.item.base, type) \
                and issubclass(shape.item.base, BaseModel):
            _form_fields(shape.item.base, field.get("fields") or field["entry_fields"])
        elif isinstance(shape.base, type) and issubclass(shape.base, BaseModel):
            _form_fields(shape.base, field["fields"], in_optional or not field["required"])


def test_every_collection_has_the_validators_fields() -> None:
    collections = _config()["collections"]
    kinds = {c["name"].split("-")[0]: c for c in collections}
    assert set(kinds) == set(TYPES)  # tin bài, hướng dẫn, văn bản, trang, mô hình, bản tin
    for collection in collections:
        kind = TYPES[collection["name"].split("-")[0]]
        assert collection["label_singular"] == kind.label
        *form, body = collection["fields"]
        _form_fields(kind.schema, form)
        assert body["name"] == "body" and body["widget"] == "markdown"


def test_every_field_has_a_vietnamese_label_and_every_choice_a_name() -> None:
    for model in _models():
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra or {}
            label = extra.get("label", "")
            assert label and label != name, f"{model.__name__}.{name}: no label (field(label=…))"
            shape = cms.shape(info.rebuild_annotation())
            if typing.get_origin(shape.base) is typing.Literal:
                assert set(extra.get("choices", {})) == set(typing.get_args(shape.base)), (
                    f"{model.__name__}.{name}: a Vietnamese name for each value (choices=…)")


def test_where_new_entries_go_is_the_registrys() -> None:
    by_name = {c["name"]: c for c in _config()["collections"]}
    news = by_name["article"]
    assert (news["folder"], news["path"]) == ("content/tin-tuc", "{{year}}/{{slug}}")
    assert (by_name["model"]["folder"], by_name["model"]["path"]) == ("models_gallery",
                                                                      "{{slug}}/index")
    assert by_name["model"]["media_folder"] == ""  # a model's photos are in its bundle
    issue = by_name["bulletin"]
    assert (issue["folder"], issue["path"], issue["identifier_field"]) == (
        "bulletins", "{{year}}/so-{{number}}", "number")
    # pages stand wherever the reader finds them, outside the sections
    assert {c["folder"] for n, c in by_name.items() if n.startswith("page")} == {
        "content", "content/gioi-thieu", "content/huong-dan-bien-tap"}


def test_dates_are_written_as_the_validator_reads_them() -> None:
    dates = [(c["name"], f) for c in _config()["collections"] for f in c["fields"]
             if f.get("widget") == "datetime"]
    assert {name for name, _ in dates} == set(TYPES) - {"page"} | {"article"}
    for _, field in dates:  # a date only, 2016-08-15 (what text.parse_date reads)
        assert (field["format"], field["time_format"]) == ("YYYY-MM-DD", False)
        # a required date starts at today, as `make moi` writes it; an optional one empty
        assert field.get("default") == ("{{now}}" if field["required"] else None)


def test_catalog_choices_are_danh_muc() -> None:
    catalogs: Catalogs = content.load_data(REPO, Collector())[1]
    by_name = {c["name"]: {f["name"]: f for f in c["fields"]} for c in _config()["collections"]}
    assert [o["value"] for o in by_name["article"]["section"]["options"]] == \
        list(catalogs.sections)
    assert [o["label"] for o in by_name["article"]["section"]["options"]] == \
        list(catalogs.sections.values())
    assert [o["value"] for o in by_name["model"]["field"]["options"]] == \
        list(catalogs.gallery_fields)
    assert [o["value"] for o in by_name["document"]["kind"]["options"]] == \
        list(catalogs.document_kinds)


def _typed_project(project: Project) -> dict[str, str]:
    """One valid item of each type a catalog or a file field applies to; kind -> its file."""
    small_site(project, 1)
    project.write("content/tin-tuc/anh/a.png", png())
    project.write("models_gallery/mo-hinh-a/anh-1.png", png())
    files = {
        "article": project.write("content/tin-tuc/tin.md", article(
            "Tin có ảnh", image="anh/a.png", image_alt="Ảnh")),
        "guidance": project.write("content/huong-dan/hd.md", article(
            "Hướng dẫn", field="dan-van-chinh-quyen").replace("section: hoat-dong\n", "")),
        "document": project.write("content/van-ban/vb.md", document("03-HD/BDVTU")),
        "model": project.write("models_gallery/mo-hinh-a/index.md", _model()),
    }
    return {k: v.read_text("utf-8") for k, v in files.items()} | {
        f"{k}:path": str(v) for k, v in files.items()}


def _model(**fields: str) -> str:
    values = {"title": "Mô hình A", "date": "2024-05-01", "status": "published",
              "unit": "Chi hội A", "localities": "[huyện Văn Lâm]", "field": "kinh-te",
              "year_started": "2019", "year_recognised": "2021", "level": "huyen",
              "goals": "Mục tiêu.", "method": "Cách làm.", "participants": "Hội viên.",
              "results": "Kết quả.", "replication": "Nhân rộng.",
              "photos": "[{file: anh-1.png, alt: Ảnh mô hình}]"}
    values.update(fields)
    head = "\n".join(f"{k}: {v}" for k, v in values.items())
    return f"---\n{head}\n---\n"


def _problems(root: Path) -> list:
    import datetime as dt

    return [p for p in content.load(root, dt.date(2026, 11, 27)).collector.errors]


def test_catalog_marks_are_what_the_validator_checks(project: Project) -> None:
    """Each field the form offers a list of danh-muc.yml for (``catalog``) is a field the
    validator refuses a value outside that list for: the mark and links.py agree."""
    originals = _typed_project(project)
    assert _problems(project.root) == []
    marked = [(kind, info.alias or name, info.json_schema_extra["catalog"])
              for kind, t in TYPES.items() for name, info in t.schema.model_fields.items()
              if (info.json_schema_extra or {}).get("catalog")]
    assert {(k, f) for k, f, _ in marked} == {("article", "section"), ("guidance", "field"),
                                              ("document", "field"), ("document", "kind"),
                                              ("model", "field")}
    for kind, name, _ in marked:
        path = Path(originals[f"{kind}:path"])
        source = originals[kind]
        line = re.compile(rf"^{name}: .*$", re.M)
        changed = line.sub(f"{name}: khong-co-trong-danh-muc", source) if line.search(source) \
            else source.replace("\n---\n", f"\n{name}: khong-co-trong-danh-muc\n---\n", 1)
        path.write_text(changed, "utf-8")
        found = _problems(project.root)
        assert any(p.field == name and str(p.path).endswith(path.name) for p in found), \
            f"{kind}.{name}: a value outside danh-muc.yml was accepted"
        path.write_text(source, "utf-8")


def test_file_marks_are_what_the_reader_checks(project: Project) -> None:
    """Each field the form uploads a file for (``file``) is a path the reader resolves and
    checks: naming a missing file there is an error on that field."""
    originals = _typed_project(project)
    cases = {("article", "image"): ("image: anh/a.png", "image: anh/khong-co.png"),
             ("model", "photos"): ("file: anh-1.png", "file: khong-co.png"),
             ("document", "attachment"): ("classification:", "attachment: khong-co.pdf\n"
                                                            "classification:")}
    marks = {f"{m.__name__}.{n}": i.json_schema_extra["file"] for m in _models()
             for n, i in m.model_fields.items() if (i.json_schema_extra or {}).get("file")}
    assert marks == {"Article.image": "image",
                     "Guidance.image": "image", "Document.attachment": "attachment",
                     "Photo.file": "photo", "IssueCover.image": "image"}
    for (kind, name), (old, new) in cases.items():
        path = Path(originals[f"{kind}:path"])
        path.write_text(originals[kind].replace(old, new, 1), "utf-8")
        assert any(p.field == name for p in _problems(project.root)), f"{kind}.{name}"
        path.write_text(originals[kind], "utf-8")
    by_name = {c["name"]: {f["name"]: f for f in c["fields"]} for c in _config()["collections"]}
    assert by_name["article"]["image"]["widget"] == "image"
    assert by_name["article"]["image"]["media_folder"] == "anh"  # anh/a.png beside the article
    assert by_name["document"]["attachment"]["widget"] == "file"
    photo = {f["name"]: f for f in by_name["model"]["photos"]["fields"]}["file"]
    assert (photo["widget"], photo["media_folder"]) == ("image", "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcđxyz019-_ Ă", max_size=90))
def test_slug_pattern_is_what_slugify_makes(value: str) -> None:
    assert bool(re.match(cms.SLUG_PATTERN, value)) is (value == text.slugify(value))
    assert re.match(cms.SLUG_PATTERN, text.slugify(value + " Đảng bộ"))


def test_a_field_a_form_left_blank_is_absent(project: Project) -> None:
    """Decap writes a field the editor emptied as "": an optional one is as if left out,
    at any depth; a required one is still an error."""
    small_site(project, 1)
    project.write("content/tin-tuc/trong.md", article(
        "Bài có trường trống", author='""', summary='""', image_caption="''"))
    project.write("content/van-ban/vb.md", document(
        "03-HD/BDVTU", signer='""', form="{place: '', signature: {position: BÍ THƯ, name: ''}}"))
    assert _problems(project.root) == []
    project.write("content/tin-tuc/trong.md", article("x").replace('title: "x"', 'title: ""'))
    assert [p.field for p in _problems(project.root)] == ["title"]


def test_shorthand_lists_read_as_the_validator_does() -> None:
    """A "shorthand-list" (static/shorthand-list.js) turns an item written alone into its
    first field: what the schema does with it."""
    lists = []

    def walk(fields: list[dict]) -> None:
        for f in fields:
            if f.get("widget") == "shorthand-list":
                lists.append(f)
            walk(f.get("fields") or f.get("entry_fields") or [])

    for collection in _config()["collections"]:
        walk(collection["fields"])
    assert [f["name"] for f in lists] == ["articles"]
    section = IssueSection.model_validate({"title": "T", "articles": ["content/a.md"]})
    assert getattr(section.articles[0], lists[0]["shorthand"]) == "content/a.md"
    assert lists[0]["entry_fields"][0]["name"] == lists[0]["shorthand"]


def test_the_committees_backend_replaces_the_sample(project: Project) -> None:
    assert _config(project.root)["backend"] == cms.SAMPLE_BACKEND
    project.write(cms.BACKEND, """
        name: gitlab
        repo: ban-dan-van/noi-dung
        auth_type: pkce
        app_id: abc
        api_root: https://git.hungyen.example/api/v4
        base_url: https://git.hungyen.example
    """)
    assert _config(project.root)["backend"]["auth_type"] == "pkce"
    project.write(cms.BACKEND, "- gitlab\n")
    with pytest.raises(cms.ConfigError, match="name: gitea"):
        cms.config(project.root)


# --- /admin/: the editors' build, never the public one -----------------------------------


def _build(project: Project, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != admin.ENV}
    return subprocess.run([sys.executable, "-m", "danvan.cli", "build", "--today", TODAY,
                           *args], cwd=project.root, capture_output=True, text=True,
                          timeout=300, env=env)


def _mentions_decap(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and re.search(rb"decap|netlify-cms|cms-config-url",
                                         p.read_bytes(), re.I)]


def test_admin_only_in_the_editors_build(project: Project) -> None:
    small_site(project, 2)
    public = _build(project)
    assert public.returncode == 0, public.stderr
    site = project.root / "site"
    assert not (site / "admin").exists()
    assert _mentions_decap(site) == []
    # Even with the editors' switch left in the environment, `danvan build` is public.
    leaked = subprocess.run([sys.executable, "-m", "danvan.cli", "build", "--today", TODAY],
                            cwd=project.root, capture_output=True, text=True, timeout=300,
                            env={**os.environ, admin.ENV: "1"})
    assert leaked.returncode == 0 and not (site / "admin").exists()

    editors = _build(project, "--bien-tap")
    assert editors.returncode == 0, editors.stderr
    out = project.root / admin.EDITORS_OUT
    served = {p.name for p in (out / "admin").iterdir()}
    assert {"index.html", "config.yml", "decap-cms.js", "no-reload.js", "vi.js",
            "shorthand-list.js"} <= served
    assert not any(name.endswith(".map") for name in served)
    assert (out / "admin" / "config.yml").read_text("utf-8") == cms.render(project.root)
    page = (out / "admin" / "index.html").read_text("utf-8")
    assert re.findall(r'src="([^"]+)"', page) == ["no-reload.js", "decap-cms.js", "vi.js",
                                                 "shorthand-list.js"]  # same origin only
    assert not (site / "admin").exists()  # the public site was not touched

    refused = _build(project, "--bien-tap", "--out", "site")
    assert refused.returncode != 0
    assert "không được dựng vào site/" in refused.stderr
