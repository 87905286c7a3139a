"""The web editor's configuration (Decap CMS's ``admin/config.yml``), generated from the
schemas (schema.py) and the registry of content types (content_types.py), never written by
hand.

Every content type is a collection whose fields are the validator's, in its order: the
field's Vietnamese label (``field(label=…)``) and description (the hint under the input),
whether it is required, the choices of a Literal with their Vietnamese names
(``field(choices=…)``) or of a list of danh-muc.yml (``field(catalog=…)``), bounds of years
and counts, lists and nested models as Decap's list and object widgets, dates written as the
validator reads them (2016-08-15), and file fields (``field(file=…)``) as image and file
widgets that upload where the validator looks for the file. Where a type's files go is the
registry's (the path `make moi` writes); the pages are found where the reader finds them.

``danvan cms`` writes admin/config.yml; tests/test_cms.py fails when the checked-in file is
not what this module makes. The preview and the editors' build serve what it makes when
they run (editor/admin.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .. import schema
from ..content import CONTENT_DIR, load_data, sources
from ..content_types import TYPES, ContentType
from ..problems import Collector
from ..text import DocumentNumber

CONFIG = "admin/config.yml"  # the checked-in configuration, from the project's root
BACKEND = "admin/backend.yml"  # the committee's Git server, when it has been set up
PORT = 8081  # decap-server's own default port
PORT_ENV = "DANVAN_CMS_PORT"  # another port for the local backend (`danvan serve --cms-port`)

# Until admin/backend.yml names the committee's own Git server (README, "The web editor"),
# the sample one: an address under a domain reserved for examples, like site_url's.
SAMPLE_BACKEND = {
    "name": "gitea",
    "repo": "ban-dan-van/noi-dung",
    "branch": "main",
    "base_url": "https://git.danvan.hungyen.example",
    "api_root": "https://git.danvan.hungyen.example/api/v1",
    "app_id": "ma-ung-dung-oauth-mau",
}

# What text.slugify makes (and schema's Slug accepts): lower-case ASCII words joined by
# single hyphens, at most 80 characters (tests/test_cms.py checks the two agree).
SLUG_PATTERN = r"^(?=.{1,80}$)[a-z0-9]+(-[a-z0-9]+)*$"

# Where a file named by a field is uploaded, from the entry's own folder, and the path the
# field then holds: covers and news photos in anh/ beside the entry (anh/hoi-nghi.jpg), a
# model's photos in its bundle, a document's full text beside it.
FILE_FOLDERS = {"image": "anh", "photo": "", "attachment": ""}

# The body (what follows the front matter), by type; any other type: "Nội dung".
BODY = {
    "model": ("Giới thiệu", "Đoạn mở đầu (không bắt buộc), hiện trước các mục của mô hình."),
    "bulletin": ("Lời tòa soạn", "Bài mở đầu của số, in dưới “Tiêu đề bài mở đầu”."),
}
REQUIRED_IN_PART = "Bắt buộc khi điền phần này."
BODY_DEFAULT = ("Nội dung", "Viết bằng Markdown. Ảnh chèn vào bài được lưu cạnh bài viết.")

HEADER = """\
# Cấu hình trình biên tập trên web (Decap CMS), phục vụ tại /admin/ khi xem trước và trong
# bản biên tập (danvan build --bien-tap), không bao giờ trong trang công khai.
# TỆP SINH TỰ ĐỘNG từ scripts/danvan/schema.py và content_types.py: đừng sửa tay.
# Sinh lại: make cms (danvan cms). Máy chủ Git của Ban: admin/backend.yml (xem README).
"""


# --- Reading a field's type --------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A field's type as the form needs it: the base type (str, int, bool, date, a
    Literal, a model), the item of a list, and the validators that make it what it is."""

    base: Any
    item: "Shape | None" = None
    checks: frozenset = frozenset()  # the functions of its Before/AfterValidators


def shape(annotation: Any) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        inner = shape(base)
        funcs = {m.func for m in metadata if callable(getattr(m, "func", None))}
        return Shape(inner.base, inner.item, inner.checks | funcs)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(present) != 1:
            raise TypeError(f"no form widget for {annotation}")
        return shape(present[0])
    if origin is list:
        return Shape(list, shape(typing.get_args(annotation)[0]))
    return Shape(annotation)


def _checks_of(alias: Any) -> frozenset:
    return shape(alias).checks


# Each validated kind of value, by the validator that makes it (schema.py's type aliases).
_PROSE, _SLUG = _checks_of(schema.Prose), _checks_of(schema.Slug)
_YEAR, _POSITIVE = _checks_of(schema.Year), _checks_of(schema.Positive)


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


# --- Fields -> Decap widgets -------------------------------------------------------------


def fields(model: type[BaseModel], catalogs: schema.Catalogs, optional: bool = False
           ) -> list[dict[str, Any]]:
    """The form of a model: one Decap field per schema field. ``optional``: the model is
    an optional part of its parent (a document's official form): its fields have no
    default, which would make Decap write the part as soon as the entry is created, and
    none is required by the form, which would refuse to save an entry without the part
    (the validator still requires them when the part is written; the hint says so)."""
    return [_field(name, info, catalogs, optional) for name, info in model.model_fields.items()]


def _field(name: str, info: FieldInfo, catalogs: schema.Catalogs, in_optional: bool
           ) -> dict[str, Any]:
    extra = _extra(info)
    required = info.is_required()
    hint = info.description or ""
    if required and in_optional:  # Decap would then refuse to save without the part
        hint += f" {REQUIRED_IN_PART}"
    out: dict[str, Any] = {"name": info.alias or name, "label": extra["label"], "hint": hint,
                           "required": required and not in_optional}
    out.update(_widget(shape(info.rebuild_annotation()), info, catalogs,
                       required and not in_optional))
    default = info.get_default()
    if not (required or in_optional or default in (None, [], False)):
        out["default"] = default
    return out


def _widget(s: Shape, info: FieldInfo, catalogs: schema.Catalogs, needed: bool
            ) -> dict[str, Any]:
    """``needed``: the field is required, and so is every part it is in."""
    extra = _extra(info)
    if typing.get_origin(s.base) is Literal:
        names = extra["choices"]
        return {"widget": "select",
                "options": [{"label": names[v], "value": v} for v in typing.get_args(s.base)]}
    if extra.get("catalog"):
        listed = getattr(catalogs, extra["catalog"])
        return {"widget": "select", "options": [
            {"label": v if isinstance(v, str) else k, "value": k} for k, v in listed.items()]}
    if extra.get("file"):
        folder = FILE_FOLDERS[extra["file"]]
        return {"widget": "image" if extra["file"] in ("image", "photo") else "file",
                "media_folder": folder, "public_folder": folder, "choose_url": False}
    if s.base is list:
        return _list(s, info, catalogs)
    if isinstance(s.base, type) and issubclass(s.base, BaseModel):
        return {"widget": "object", "collapsed": not needed,
                "fields": fields(s.base, catalogs, optional=not needed)}
    if s.base is bool:
        return {"widget": "boolean"}
    if s.base is int:
        out: dict[str, Any] = {"widget": "number", "value_type": "int"}
        if s.checks & _YEAR:
            out.update(min=schema.FIRST_YEAR, max=schema.LAST_YEAR)
        elif s.checks & _POSITIVE:
            out["min"] = 1
        return out
    if s.base is dt.date:
        # Written as the validator reads it (2016-08-15), picked as the browser shows dates
        # (15/08/2016 in Vietnamese); a required date starts at today, as `make moi`'s does.
        out = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
               "time_format": False}
        return {**out, "default": "{{now}}"} if needed else out
    if s.base in (str, DocumentNumber):
        if s.checks & _PROSE:
            return {"widget": "text"}
        if s.checks & _SLUG:
            return {"widget": "string", "pattern": [
                SLUG_PATTERN, "Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, "
                              "ví dụ hoi-nghi-tap-huan"]}
        return {"widget": "string"}
    raise TypeError(f"no form widget for {s.base}")


def _list(s: Shape, info: FieldInfo, catalogs: schema.Catalogs) -> dict[str, Any]:
    out: dict[str, Any] = {"widget": "list"}
    item = s.item
    assert item is not None
    if isinstance(item.base, type) and issubclass(item.base, BaseModel):
        first = next(iter(item.base.model_fields))
        out["fields"] = fields(item.base, catalogs)
        out["summary"] = "{{fields." + first + "}}"
        if item.checks:  # an item may also be its first field alone (an issue's article)
            out.update(widget="shorthand-list", shorthand=first,
                       entry_fields=out.pop("fields"))  # static/shorthand-list.js
    else:  # a list of texts: one input per value (a value may hold a comma), all shown
        out["field"] = {"name": "muc", "label": _extra(info)["label"], "widget": "string"}
        out.update(collapsed=False, summary="{{fields.muc}}")
    least = max((getattr(m, "min_length", 0) for m in info.metadata), default=0)
    if least:
        out["min"] = least
    return out


# --- Collections -------------------------------------------------------------------------


def _where(template: str) -> tuple[str, str]:
    """A registry path ("content/tin-tuc/{year}/{slug}.md") as Decap's folder
    ("content/tin-tuc") and path ("{{year}}/{{slug}}")."""
    parts = PurePosixPath(template).with_suffix("").parts
    fixed = next(i for i, p in enumerate(parts) if "{" in p)
    path = "/".join(parts[fixed:])
    return "/".join(parts[:fixed]), re.sub(r"\{(\w+)\}", r"{{\1}}", path)


_DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "slug"}


def _collection(name: str, label: str, kind: ContentType, folder: str, path: str,
                catalogs: schema.Catalogs) -> dict[str, Any]:
    form = fields(kind.schema, catalogs)
    names = [f["name"] for f in form]
    body_label, body_hint = BODY.get(kind.kind, BODY_DEFAULT)
    # Photos inserted into the body go where the type's own photos go.
    media = FILE_FOLDERS["photo" if kind.kind == "model" else "image"]
    out: dict[str, Any] = {
        "name": name, "label": label, "label_singular": kind.label, "folder": folder,
        "path": path, "create": True, "extension": "md", "format": "frontmatter",
        "media_folder": media, "public_folder": media, "summary": "{{title}}",
        # Decap's preview pane knows nothing of the site's pages: the preview is `make serve`.
        "editor": {"preview": False},
    }
    if not kind.schema.model_fields["title"].is_required():
        # No title to name the file after: the path's own field does (an issue's number).
        key = next(k for k in re.findall(r"\{\{(\w+)\}\}", path) if k not in _DATE_KEYS)
        label_of_key = next(f["label"] for f in form if f["name"] == key)
        out["identifier_field"] = key
        out["summary"] = f"{label_of_key} {{{{{key}}}}} – {{{{year}}}} {{{{title}}}}"
    out["sortable_fields"] = [f for f in ("date", "title", "weight") if f in names]
    out["fields"] = form + [{"name": "body", "label": body_label, "hint": body_hint,
                             "widget": "markdown", "required": False}]
    return out


def _page_folders(root: Path) -> list[str]:
    """The folders of content/ that hold pages, as the reader classifies sources."""
    found = {str(PurePosixPath(CONTENT_DIR, rel).parent)
             for base, rel, kind in sources(root, Collector()) if kind == "page"}
    return sorted(found | {CONTENT_DIR}, key=lambda f: (f != CONTENT_DIR, f))


def collections(root: Path, catalogs: schema.Catalogs) -> list[dict[str, Any]]:
    out = []
    for kind in TYPES.values():
        assert kind.scaffold_path, f"{kind.kind}: the registry names no path for a new one"
        folder, path = _where(kind.scaffold_path)
        if kind.kind != "page":
            out.append(_collection(kind.kind, kind.title, kind, folder, path, catalogs))
            continue
        for found in _page_folders(root):  # pages stand wherever content/ has them
            sub = found.removeprefix(CONTENT_DIR).strip("/")
            out.append(_collection(f"page-{sub.replace('/', '-')}" if sub else "page",
                                   f"{kind.title}: {sub}/" if sub else kind.title,
                                   kind, found, path, catalogs))
    return out


# --- The configuration -------------------------------------------------------------------


class ConfigError(Exception):
    """Why the configuration cannot be made, in Vietnamese."""


def backend(root: Path) -> dict[str, Any]:
    path = root / BACKEND
    if not path.is_file():
        return dict(SAMPLE_BACKEND)
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise ConfigError(f"{BACKEND} phải là một bảng có “name: gitea” (hoặc gitlab) và "
                          "các khóa repo, base_url, api_root, app_id; xem README")
    return data


def _port(port: int | None) -> int:
    """decap-server's port: the one given, DANVAN_CMS_PORT's, or its default."""
    return port or int(os.environ.get(PORT_ENV) or PORT)


def local_backend(port: int | None = None) -> dict[str, str]:
    return {"url": f"http://127.0.0.1:{_port(port)}/api/v1"}


def config(root: Path, port: int | None = None) -> dict[str, Any]:
    """Decap's configuration for the project at ``root``; ``port``: decap-server's."""
    collector = Collector()
    _, catalogs, _ = load_data(root, collector)
    if catalogs is None:
        raise ConfigError("không đọc được content/_du-lieu/danh-muc.yml: chạy “make kiem-tra” "
                          "để xem lỗi")
    return {
        "backend": backend(root),
        # On this machine (localhost), decap-server edits the files in place: `make serve`
        # starts it; elsewhere the backend above is used.
        "local_backend": local_backend(port),
        "locale": "vi",
        "publish_mode": "simple",
        "media_folder": f"{CONTENT_DIR}/{FILE_FOLDERS['image']}",
        "public_folder": FILE_FOLDERS["image"],
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(root, catalogs),
    }


def render(root: Path, port: int | None = None) -> str:
    """admin/config.yml's text; made once per port and data (the live preview asks on every
    save, and the schemas do not change while it runs)."""
    from ..content.cache import data_version, digest_of

    return _render(root, _port(port), data_version(root), digest_of(root / BACKEND))


@functools.lru_cache(maxsize=4)
def _render(root: Path, port: int, data: str, backend_file: bytes | None) -> str:
    body = yaml.safe_dump(config(root, port), allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=False)
    return HEADER + body


def write(root: Path) -> Path:
    path = root / CONFIG
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(root, PORT), "utf-8")
    return path


def is_current(root: Path) -> bool:
    path = root / CONFIG
    return path.is_file() and path.read_text("utf-8") == render(root, PORT)
