"""Load and validate all sources into one model: Markdown + data files -> ``Corpus``.

This is the only module that reads the sources. Everything downstream (the MkDocs adapter,
feeds, the bulletin) works from the ``Corpus`` it returns, and only from its public part.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel, ValidationError

from . import files, sanitize, source, text, workers
from .localities import LocalityLookupError, Registry
from .problems import Collector, front_matter_lines, from_validation_error
from .content_types import SECTIONS, TYPES
from .schema import MODEL_SECTIONS, Catalogs, Document, Locality, Meta, Organisation

CONTENT_DIR = "content"
MODELS_DIR = "models_gallery"
# Bulletin issues: one manifest per issue, bulletins/<year>/so-NN.md (body = editorial).
BULLETINS_DIR = "bulletins"
# URLs under mo-hinh/ that the gallery's filter pages use; no model may take them.
MODEL_RESERVED_SLUGS = {"linh-vuc", "dia-ban", "nam", "cap", "theo-nam", "trang"}
DATA_DIR = "_du-lieu"



@dataclass
class Item:
    """One validated piece of content."""

    kind: str
    root: str  # "content" or "models_gallery"
    src_uri: str  # path inside root, POSIX, NFC
    meta: Meta
    body: str  # Markdown without front matter, NFC
    body_line: int  # line of the file where the body starts
    url: str = ""  # site-relative, "tin-tuc/hoi-nghi/"; "" for the home page
    localities: list[tuple[str, Locality]] = field(default_factory=list)
    documents: list["Item"] = field(default_factory=list)
    links: list["Item"] = field(default_factory=list)  # other items it names (a model's news)
    successor: "Item | None" = None  # the document named by replaced_by
    assets: set[str] = field(default_factory=set)  # sources of the files this item uses
    # Body links to Markdown files ("content/tin-tuc/x.md", line) and to page addresses
    # ("../x/", line), checked against what is published once every URL is known.
    page_links: list[tuple[str, int | None]] = field(default_factory=list)
    url_links: list[tuple[str, int | None]] = field(default_factory=list)
    published: bool = False  # public, and not dated in the future
    lines: dict[str, int] = field(default_factory=dict)  # front matter field -> line

    @property
    def source(self) -> str:
        return f"{self.root}/{self.src_uri}"

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> dt.date | None:
        return getattr(self.meta, "date", None)

    @property
    def doc(self) -> Document:
        assert isinstance(self.meta, Document)
        return self.meta

    def asset_url(self, ref: str) -> str:
        """Site-relative URL of a file the item names relative to its own folder."""
        return "/".join(_normpath(PurePosixPath(self.src_uri).parent / unquote(ref)))

    def __hash__(self) -> int:
        return hash(self.source)


@dataclass(frozen=True)
class Placement:
    """An item as a bulletin issue carries it: in a section, with an optional pull quote."""

    item: Item
    section: str
    quote: str | None = None
    columns: int | None = None


@dataclass
class Corpus:
    """Everything the site and the bulletin are built from, validated."""

    root: Path
    today: dt.date
    organisation: Organisation
    catalogs: Catalogs
    localities: Registry
    items: list[Item]
    collector: Collector
    # Bulletin issue source -> its articles in print order (resolved from the manifest).
    placements: dict[str, list[Placement]] = field(default_factory=dict)

    @cached_property
    def published(self) -> list[Item]:
        """Everything published, newest first (sorted once; filters keep the order)."""
        return newest_first([i for i in self.items if i.published])

    def of_kind(self, kind: str) -> list[Item]:
        """Published items of one kind, newest first."""
        return [i for i in self.published if i.kind == kind]

    @cached_property
    def by_source(self) -> dict[str, Item]:
        return {i.source: i for i in self.items}

    @cached_property
    def public_assets(self) -> frozenset[str]:
        """The publication gate's allow-list: the files (sources, "content/tin-tuc/anh/x.jpg")
        that published items use. Nothing else under the source folders is ever copied."""
        return frozenset().union(*(i.assets for i in self.published))

    @property
    def problems(self):
        return self.collector.problems

    def sections_of(self, issue: Item) -> list[tuple[str, list[Placement]]]:
        """An issue's sections in print order, each with its placements."""
        sections: dict[str, list[Placement]] = {}
        for placement in self.placements.get(issue.source, []):
            sections.setdefault(placement.section, []).append(placement)
        return list(sections.items())

    def issues_of(self, item: Item) -> list[Item]:
        """The published bulletin issues that carry ``item``, newest first ("featured in")."""
        return [i for i in self.published if i.kind == "bulletin" and any(
            p.item is item for p in self.placements.get(i.source, []))]


def newest_first(items: list[Item]) -> list[Item]:
    """Newest first; undated last; same day in Vietnamese order of titles."""
    ordered = text.sort_vi(items, key=lambda i: i.title)
    return sorted(ordered, key=lambda i: i.date or dt.date.min, reverse=True)


# --- Reading ---------------------------------------------------------------------------------


def _validate(schema: type[BaseModel], data: Any, rel: str, collector: Collector,
              lines: dict[str, int] | None = None) -> Any:
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        known = [f.alias or name for name, f in schema.model_fields.items()]
        collector.problems.extend(from_validation_error(exc, rel, known, lines or {}))
        return None


def load_data(root: Path, collector: Collector) -> tuple[Any, Any, Registry]:
    data_dir = root / CONTENT_DIR / DATA_DIR
    rel = f"{CONTENT_DIR}/{DATA_DIR}"

    def read(name: str) -> Any:
        return source.read_yaml(data_dir / name, f"{rel}/{name}", collector)

    org = _validate(Organisation, read("co-quan.yml"), f"{rel}/co-quan.yml", collector)
    catalogs = _validate(Catalogs, read("danh-muc.yml"), f"{rel}/danh-muc.yml", collector)
    units: dict[str, Locality] = {}
    entries = read("dia-ban.yml") or []
    for n, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        unit = _validate(Locality, entry, f"{rel}/dia-ban.yml (mục {n})", collector)
        if unit:
            if unit.id in units:
                collector.error(f"{rel}/dia-ban.yml", f"mã địa bàn “{unit.id}” bị trùng",
                                "mỗi địa bàn một mã riêng")
            units[unit.id] = unit
    registry = Registry(units)
    for message in registry.check():
        collector.error(f"{rel}/dia-ban.yml", message, "sửa mã hoặc thêm địa bàn còn thiếu")
    return org, catalogs, registry


def _hidden(rel: str) -> bool:
    # "_du-lieu" (data), "_mau" (scaffolds), drafts kept in "_…" folders, hidden folders.
    return any(part.startswith((".", "_")) for part in rel.split("/"))


def _sources(root: Path, collector: Collector) -> list[tuple[str, str, str]]:
    """(root name, src_uri, kind) for every Markdown source, in a stable order. The source
    folders are walked without following links; a link or a special file is an error
    (``files.walk``), so nothing outside the repository is ever read."""
    found = []
    for base in (CONTENT_DIR, MODELS_DIR, BULLETINS_DIR):
        folder = root / base
        if not folder.is_dir():
            continue
        listed, problems = files.walk(folder)
        for rel, what in problems:
            collector.error(f"{base}/{rel}", what, "xóa liên kết và chép tệp thật vào đúng chỗ")
        for rel in listed:
            if not rel.endswith(".md"):
                continue
            if base == CONTENT_DIR and not _hidden(rel):
                kind = SECTIONS.get(rel.split("/", 1)[0], "page") if "/" in rel else "page"
                found.append((base, rel, kind))
            elif base == MODELS_DIR and rel.count("/") == 1 and rel.endswith("/index.md"):
                found.append((base, rel, "model"))
            elif base == BULLETINS_DIR and not _hidden(rel) and \
                    PurePosixPath(rel).name.lower() != "readme.md":
                found.append((base, rel, "bulletin"))
    return found


_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
# Every form of link target the renderer understands: Markdown inline "[text](target)"
# and "(<target>)", reference definitions "[ref]: target", and raw HTML src/href/srcset in
# any quoting. What this misses can only be a broken link: files are published from this
# list (``Corpus.public_assets``), never by discovery. Each form is looked for only when
# its literal is in the body (most bodies have only inline links, or none).
_LINK_FORMS = [
    ("](", re.compile(r"\]\(\s*<([^>\n]+)>|\]\(\s*([^)\s]+)")),
    ("]:", re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.M)),
    ("=", re.compile(r"\b(?:src|href|(srcset))\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))",
                     re.I)),
]


_IMAGE = re.compile(r"!\[[^\]\n]*(\]\()")  # "![alt](": the "](" of an image
_HTML_SRC = re.compile(r"\bsrcs?(?:et)?\s*=", re.I)


def _link_targets(body: str) -> list[tuple[int, str, bool]]:
    """(offset, target, is it an image) of every link in ``body``, in the order they stand."""
    found = []
    images = {m.start(1) for m in _IMAGE.finditer(body)} if "![" in body else set()
    for literal, pattern in _LINK_FORMS:
        if literal in body:
            for m in pattern.finditer(body):
                groups = [g for g in m.groups() if g is not None]
                image = m.start() in images or bool(_HTML_SRC.match(m.group(0)))
                if m.re.groups == 4 and m.group(1):  # srcset: "a.jpg 1x, b.jpg 2x"
                    found += [(m.start(), c.split()[0], True) for c in groups[-1].split(",")
                              if c.strip()]
                else:
                    found.append((m.start(), groups[-1], image))
    return sorted(found)


def _blank_code(body: str) -> str:
    """Body with code blocks and spans blanked out (kept line for line) before scanning."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))
    return _INLINE_CODE.sub(blank, _FENCE.sub(blank, body))


def _check_html(scanned: str, rel: str, first_line: int, collector: Collector) -> None:
    """Raw HTML outside the sanitizer's allow-list, named at its line (``sanitize``)."""
    for line, what in sanitize.problems(scanned):
        collector.error(rel, what, "bỏ phần HTML này (trang chỉ giữ các thẻ được phép, xem "
                        "Hướng dẫn biên tập); muốn viết dấu < thì gõ \\<", line=first_line + line)


def _read_all(root: Path, sources: list[tuple[str, str, str]], collector: Collector,
              jobs: int) -> list[Item]:
    """Read and validate every source, in order; problems go to ``collector`` in the same
    order however many processes read them. Each file is read on its own (links between
    items are resolved afterwards), so the files can be split between processes."""
    if jobs <= 1 or len(sources) < 2 * jobs:
        return [item for base, rel, kind in sources
                if (item := _read_item(root, base, rel, kind, collector)) is not None]
    size = -(-len(sources) // jobs)
    chunks = [sources[i:i + size] for i in range(0, len(sources), size)]
    with workers.process_pool(jobs) as pool:  # only the results are pickled
        results = list(pool.map(_read_chunk, [root] * len(chunks), chunks))
    items = []
    for found, problems in results:
        items += found
        collector.problems += problems
    return items


def _read_chunk(root: Path, sources: list[tuple[str, str, str]]) -> tuple[list[Item], list]:
    collector = Collector()
    return _read_all(root, sources, collector, 1), collector.problems


def _read_item(root: Path, base: str, rel: str, kind: str, collector: Collector) -> Item | None:
    where = f"{base}/{rel}"
    if not text.is_nfc(rel):
        collector.error(where, "tên tệp có chữ ở dạng tổ hợp (NFD)",
                        "chạy “make chuan-hoa” hoặc đặt lại tên tệp")
    raw = source.read_text(root / base / rel, where, collector)
    if raw is None:
        return None
    try:
        parts = source.split(raw)
    except source.SourceError as exc:
        exc.report(collector, where)
        return None
    lines = front_matter_lines(raw)
    if kind == "bulletin":
        lines.update(front_matter_lines(raw, _ENTRY_LINE, prefix="entry:"))
    # The Markdown an item carries: its body, and a model's long fields (Markdown too, on
    # its page and in print, where any HTML in them is shown as text), each from its line.
    texts = [(_blank_code(parts.body), parts.body_line)]
    _check_html(texts[0][0], where, parts.body_line, collector)
    if kind == "model":
        texts += [(_blank_code(value), lines.get(name, 1)) for name in MODEL_SECTIONS
                  if isinstance(value := parts.metadata.get(name), str)]
    meta = _validate(TYPES[kind].schema, parts.metadata, where, collector, lines)
    refs = _references(root, base, rel, kind, parts.metadata, texts, lines, collector)
    if meta is None:
        return None
    return Item(kind, base, rel, meta, parts.body, parts.body_line, assets=refs.files,
                page_links=refs.pages, url_links=refs.urls, lines=lines)


@dataclass
class _Refs:
    files: set[str] = field(default_factory=set)
    pages: list[tuple[str, int | None]] = field(default_factory=list)
    urls: list[tuple[str, int | None]] = field(default_factory=list)


def _references(root: Path, base: str, rel: str, kind: str, metadata: dict,
                texts: list[tuple[str, int]], lines: dict[str, int],
                collector: Collector) -> _Refs:
    """What an item names: files (front matter and Markdown; each resolved inside the tree
    and checked by content, ``files.check``), Markdown pages, and links to page addresses.
    ``texts`` are its Markdown texts with their first lines, code blanked out
    (``_blank_code``)."""
    where = f"{base}/{rel}"
    folder = PurePosixPath(rel).parent
    # A model is a bundle: its photos stay in its own folder.
    bundle = folder if kind == "model" else PurePosixPath(".")
    fields: list[tuple[Any, str, frozenset]] = [
        (metadata.get("image"), "image", files.IMAGES),
        (metadata.get("attachment"), "attachment", frozenset(files.KINDS))]
    cover = metadata.get("cover")
    if isinstance(cover, dict):
        fields.append((cover.get("image"), "cover", files.IMAGES))
    photos = metadata.get("photos")
    for photo in photos if isinstance(photos, list) else []:
        if isinstance(photo, dict):
            fields.append((photo.get("file"), "photos", files.PHOTOS))
    found = _Refs()

    def use(ref: str, name: str, line: int | None, kinds: frozenset, limit: PurePosixPath):
        try:
            path = files.normalise(folder, ref, limit)
            files.check(root / base, path, ref, kinds)
        except files.FileProblem as exc:
            collector.error(where, exc.message, exc.fix, field=name, line=line)
        else:
            found.files.add(f"{base}/{path.as_posix()}")

    for value, name, kinds in fields:
        if isinstance(value, str) and value.strip():
            use(value.strip(), name, lines.get(name), kinds, bundle)
    for body, body_line in texts:
        for offset, target, image in _link_targets(body):
            line = body_line + body.count("\n", 0, offset)
            ref = target.split("#", 1)[0].split("?", 1)[0].strip()
            if image and ref.lower().startswith(files.EXTERNAL_SCHEMES):
                collector.error(where, f"ảnh “{target[:80]}” lấy từ trang khác; trang và bản tin "
                                "không tải gì từ bên ngoài", "tải ảnh về, chép vào cạnh bài rồi "
                                "ghi đường dẫn tương đối, ví dụ ![Mô tả](anh/hinh.jpg)", line=line)
                continue
            if not ref or ref.lower().startswith(files.EXTERNAL_SCHEMES):
                continue
            if files.has_scheme(ref) or ref.startswith(("/", "\\")):
                collector.error(where, f"liên kết “{target[:80]}” không dùng được: chỉ liên kết "
                                "tới địa chỉ http(s)://, mailto:, tel: hoặc đường dẫn tương đối",
                                "ghi đường dẫn tương đối tới tệp .md hoặc tệp đính kèm, ví dụ "
                                "../van-ban/de-an.md", line=line)
            elif ref.endswith("/") or not PurePosixPath(ref).suffix:
                found.urls.append((ref, line))  # a page's address, checked with the URLs
            elif ref.lower().endswith(".md"):
                try:
                    target_path = files.normalise(folder, ref, PurePosixPath("."))
                except files.FileProblem as exc:
                    collector.error(where, exc.message, exc.fix, line=line)
                else:
                    found.pages.append((f"{base}/{target_path.as_posix()}", line))
            else:
                use(ref, "", line, frozenset(files.KINDS), bundle)
    return found


def _normpath(path: PurePosixPath) -> list[str]:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return parts


# --- Cross-checks ------------------------------------------------------------------------------


def _fault(collector: Collector, item: Item, message: str, fix: str = "", field: str = "") -> None:
    """An error about an item, at the line of the field it names."""
    collector.error(item.source, message, fix, field=field, line=item.lines.get(field))


def _assign_urls(items: list[Item], collector: Collector) -> None:
    taken: dict[str, Item] = {}
    registries: dict[str, text.SlugRegistry] = {}
    holders: dict[str, Item] = {}  # "tin-tuc/<slug>" -> the item that has it
    for item in items:
        if item.kind == "page":
            path = PurePosixPath(item.src_uri)
            parts = list(path.parent.parts) + ([] if path.stem == "index" else [path.stem])
            if item.meta.slug:
                parts = parts[:-1] + [item.meta.slug] if parts else [item.meta.slug]
            for part in parts:
                if part != text.slugify(part):
                    _fault(collector, item, f"tên thư mục/tệp “{part}” dùng làm đường dẫn "
                                    "phải là chữ thường không dấu", f"đổi tên thành "
                                    f"“{text.slugify(part)}” hoặc thêm trường slug")
            url = "/".join(parts) + "/" if parts else ""
        elif item.kind == "bulletin":
            url = f"ban-tin/{item.meta.year}/so-{item.meta.number:02d}/"
        else:
            prefix = TYPES[item.kind].url_prefix
            registry = registries.setdefault(prefix, text.SlugRegistry())
            if item.kind == "document":
                year = item.doc.date.year if item.doc.date else item.doc.number.year
                wanted = f"{item.doc.number.slug}-{year}" if year else item.doc.number.slug
            elif item.kind == "model":
                wanted = PurePosixPath(item.src_uri).parent.name
            else:
                wanted = PurePosixPath(item.src_uri).stem
            wanted = item.meta.slug or text.slugify(wanted)
            slug = registry.claim(wanted)
            if item.meta.slug and slug != wanted:
                _fault(collector, item, f"đường dẫn “{wanted}” đã có "
                       f"{holders[f'{prefix}/{wanted}'].source} dùng",
                       "đổi giá trị slug cho khác", field="slug")
            holders[f"{prefix}/{slug}"] = item
            url = f"{prefix}/{slug}/"
        if url in taken:
            _fault(collector, item, f"trùng đường dẫn /{url} với {taken[url].source}",
                            "đổi tên tệp hoặc thêm trường slug khác nhau")
        taken[url] = item
        item.url = url


def _document_index(items: list[Item], collector: Collector) -> dict[str, list[Item]]:
    index: dict[str, list[Item]] = {}
    for item in items:
        if item.kind == "document":
            same = index.setdefault(item.doc.number.text, [])
            for other in same:
                if other.doc.date == item.doc.date:
                    _fault(collector, item, f"văn bản {item.doc.number} ngày "
                                    f"{_short(item.doc.date)} đã có ở {other.source}",
                                    "xóa bản trùng hoặc sửa số ký hiệu / ngày ban hành",
                                    field="number")
            same.append(item)
    return index


def _short(day: dt.date | None) -> str:
    return text.format_date_short(day) if day else "không rõ"


def _resolve_document(ref: str, index: dict[str, list[Item]]) -> tuple[Item | None, str]:
    number, _, when = text.nfc(ref).partition(" ngày ")
    try:
        key = text.parse_document_number(number).text
    except text.DocumentNumberError as exc:
        return None, str(exc)
    candidates = index.get(key, [])
    if when:
        try:
            day = text.parse_date(when.strip())
        except text.DateError as exc:
            return None, str(exc)
        candidates = [c for c in candidates if c.doc.date == day]
    if not candidates:
        return None, f"không có văn bản “{ref}” trong kho văn bản (content/van-ban/)"
    if len(candidates) > 1:
        dates = ", ".join(_short(c.doc.date) for c in candidates)
        return None, f"có nhiều văn bản số {key} (ngày {dates}); ghi thêm “ngày …” để chọn"
    return candidates[0], ""


def _cross_check(corpus: Corpus) -> None:
    collector = corpus.collector
    kinds = {code: kind for kind, codes in corpus.catalogs.document_kinds.items() for code in codes}
    index = _document_index(corpus.items, collector)
    for item in corpus.items:
        meta = item.meta
        if item.kind == "article" and meta.section not in corpus.catalogs.sections:
            _fault(collector, item, f"chuyên mục “{meta.section}” không có trong danh mục",
                            "chọn một trong: " + ", ".join(corpus.catalogs.sections),
                            field="section")
        field_of_work = getattr(meta, "field_of_work", None)
        fields = (corpus.catalogs.gallery_fields if item.kind == "model"
                  else corpus.catalogs.fields)
        if field_of_work and field_of_work not in fields:
            _fault(collector, item, f"lĩnh vực “{field_of_work}” không có trong danh mục",
                            "chọn một trong: " + (", ".join(fields) or "(chưa có; thêm "
                            "model_fields vào content/_du-lieu/danh-muc.yml)"), field="field")
        if item.kind == "model":
            _check_model(corpus, item)
        if item.kind == "document":
            inferred = kinds.get(meta.number.kind)
            if meta.kind is None and inferred is None:
                _fault(collector, item, f"không suy ra được loại văn bản từ ký hiệu "
                                f"“{meta.number.kind}”", "thêm trường kind", field="kind")
            elif meta.kind and meta.kind not in corpus.catalogs.document_kinds:
                _fault(collector, item, f"loại văn bản “{meta.kind}” không có trong danh mục",
                                "chọn một trong: " + ", ".join(corpus.catalogs.document_kinds),
                                field="kind")
            elif meta.kind is None:
                item.meta = meta = meta.model_copy(update={"kind": inferred})
            if meta.system is None:
                item.meta = meta = meta.model_copy(update={"system": meta.number.system})
        when = item.date
        for written in meta.localities:
            try:
                item.localities.append((written, corpus.localities.resolve(written, when)))
            except LocalityLookupError as exc:
                _fault(collector, item, str(exc), exc.fix, field="localities")
        refs = list(meta.documents)
        if item.kind == "document":
            refs += list(meta.replaces) + list(meta.cites)
            refs += [meta.replaced_by] if meta.replaced_by else []
        for ref in refs:
            target, why = _resolve_document(ref, index)
            if target is None:
                _fault(collector, item, why, "thêm văn bản vào kho hoặc sửa số ký hiệu",
                                field="documents")
            else:
                if item.kind == "document" and ref == meta.replaced_by:
                    item.successor = target
                if target not in item.documents and target is not item:
                    item.documents.append(target)


def _check_model(corpus: Corpus, item: Item) -> None:
    """What a model's schema cannot know: the build day, the gallery's URLs, other items."""
    collector, meta = corpus.collector, item.meta
    for name in ("year_started", "year_recognised"):
        year = getattr(meta, name)
        if year > corpus.today.year:
            _fault(collector, item, f"năm {year} chưa tới", "ghi năm đã qua", field=name)
    slug = PurePosixPath(item.url).name
    if slug in MODEL_RESERVED_SLUGS:
        _fault(collector, item, f"đường dẫn “mo-hinh/{slug}/” dành cho trang lọc của thư viện "
                        "mô hình", "đổi tên thư mục của mô hình hoặc thêm trường slug", field="slug")
    targets = {}
    for other in corpus.items if meta.news else []:
        if other.root == CONTENT_DIR:
            targets[other.src_uri] = targets[other.source] = other
            targets[other.url] = targets[f"/{other.url}"] = other
    for ref in meta.news:
        target = targets.get(ref.strip()) or targets.get(ref.strip().rstrip("/") + "/")
        if target is None:
            _fault(collector, item, f"không có bài “{ref}” trong content/",
                            "ghi đường dẫn tệp, ví dụ tin-tuc/2017/ten-bai.md, hoặc địa chỉ "
                            "trang, ví dụ tin-tuc/ten-bai/", field="news")
        elif target not in item.links:
            item.links.append(target)


# --- Bulletin issues -------------------------------------------------------------------------

_ENTRY_LINE = re.compile(r"""^\s*-\s*(?:article\s*:\s*)?["']?([^"'#\s][^"'#]*?)["']?\s*$""")


_MARKUP = re.compile(r"[*_`>#]|\[\^[^\]]*\]|\]\([^)]*\)|\[")


def _plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub("", markdown).split())


def _find_source(corpus: Corpus, path: str) -> Item | None:
    """An entry names a file from the project folder; "tin-tuc/..." and a model's folder do."""
    path = path.strip().strip("/")
    for candidate in (path, f"{CONTENT_DIR}/{path}", f"{path}/index.md"):
        if (found := corpus.by_source.get(candidate)) is not None:
            return found
    return None


def why_unpublished(item: Item, day: dt.date, what: str = "") -> str:
    """Why ``item`` is not public on ``day`` ("" when it is), for messages to editors;
    ``what`` names the day ("ngày phát hành … của số này")."""
    meta = item.meta
    if meta.status != "published":
        return "đang là bản nháp (status: draft)"
    if meta.visibility != "public":
        return "chỉ lưu hành nội bộ (visibility: internal)"
    if item.kind == "document" and meta.classification != "unclassified":
        return "là văn bản có độ mật"
    if item.date and item.date > day:
        return (f"đăng ngày {text.format_date_short(item.date)}, sau "
                f"{what or 'ngày ' + text.format_date_short(day)}")
    return ""


def confidential(item: Item) -> bool:
    """Internal or classified: never published, whatever its date or status."""
    return item.meta.visibility != "public" or (
        item.kind == "document" and item.meta.classification != "unclassified")


def _climbs(url: str, ref: str) -> bool:
    """Whether ``ref``, followed from the page at ``url``, goes above the site's root."""
    depth = len(PurePosixPath(url).parts)
    for part in ref.split("/"):
        depth += -1 if part == ".." else 0 if part in ("", ".") else 1
        if depth < 0:
            return True
    return False


def _check_links(corpus: Corpus, strict: bool) -> None:
    """A published item names nothing unpublished, by any path: a body link to its file or
    its address, a document reference, a model's news, or a file it shares with internal or
    classified content. In a build for publication (``strict``) a link is an error; in the
    live preview a warning, and the page still shows nothing of the target (templates list
    only published items; ``sanitize.clean`` drops links to Markdown files, which is what a
    link to a page MkDocs does not publish stays)."""
    collector = corpus.collector
    by_url = {i.url: i for i in corpus.items}
    secret_files = {f: i for i in corpus.items if confidential(i) for f in i.assets}
    fix = "bỏ liên kết (hoặc tham chiếu) này, hoặc xuất bản nội dung kia trước"
    for item in corpus.items:
        for ref, line in item.url_links:  # "../../../etc/passwd": a path, not an address
            if _climbs(item.url, ref):
                collector.error(item.source, f"liên kết “{ref[:80]}” đi ra ngoài trang",
                                "liên kết tới tệp .md của bài, hoặc tới tệp đính kèm cạnh bài",
                                line=line)
    for item in corpus.published:
        targets: list[tuple[Item | None, str, int | None]] = []
        targets += [(corpus.by_source.get(src), "", line) for src, line in item.page_links]
        for ref, line in item.url_links:
            url = posixpath.normpath(posixpath.join("/" + item.url, unquote(ref))).strip("/")
            targets.append((by_url.get((url + "/" if url else "").lower()), "", line))
        targets += [(d, "documents", item.lines.get("documents")) for d in item.documents]
        targets += [(d, "news", item.lines.get("news")) for d in item.links]
        for target, name, line in targets:
            if target is not None and not target.published:
                collector.error_or_warning(
                    strict, item.source, f"liên kết tới {target.source}, nội dung chưa được "
                    f"xuất bản ({why_unpublished(target, corpus.today)})", fix,
                    field=name, line=line or item.lines.get(name))
        for path in sorted(item.assets & secret_files.keys()):
            other = secret_files[path]
            collector.error(item.source, f"tệp {path} cũng là tệp của {other.source} "
                            f"({why_unpublished(other, corpus.today)}); tệp của nội dung nội bộ "
                            "hay có độ mật không được xuất bản", "dùng một tệp khác, hoặc bỏ "
                            "tệp khỏi nội dung nội bộ/mật")


def _resolve_issues(corpus: Corpus) -> None:
    """Resolve each manifest's entries to items; a published issue may carry only items that
    are published by its date. Every problem names the manifest, the section and the entry."""
    collector, org = corpus.collector, corpus.organisation
    for issue in (i for i in corpus.items if i.kind == "bulletin"):
        meta = issue.meta
        if meta.title is None:
            issue.meta = meta = meta.model_copy(
                update={"title": f"{org.bulletin_name} số {meta.number}/{meta.year}"})
        seen: dict[str, str] = {}
        placements = []
        for section in meta.sections:
            for entry in section.articles:
                line = issue.lines.get(f"entry:{entry.article}") or issue.lines.get("sections")
                where = f"chuyên mục “{section.title}”, bài “{entry.article}”"
                item = _find_source(corpus, entry.article)
                if item is None:
                    collector.error(issue.source, f"{where}: không có tệp này",
                                    "ghi đường dẫn tính từ thư mục dự án, ví dụ "
                                    "content/tin-tuc/2018/ten-bai.md", field="sections", line=line)
                    continue
                if not TYPES[item.kind].printable:
                    collector.error(issue.source, f"{where}: là trang tĩnh, không đưa vào bản tin",
                                    "chọn tin bài, hướng dẫn, văn bản hoặc mô hình",
                                    field="sections", line=line)
                    continue
                if item.source in seen:
                    collector.error(issue.source, f"{where}: bài này đã có trong chuyên mục "
                                    f"“{seen[item.source]}”", "mỗi bài chỉ in một lần trong một "
                                    "số; xóa một lần", field="sections", line=line)
                    continue
                seen[item.source] = section.title
                if issue.published and (why := why_unpublished(
                        item, issue.date, f"ngày phát hành {text.format_date_short(issue.date)} "
                        "của số này")):
                    collector.error(issue.source, f"{where}: {why}", "xuất bản bài trước "
                                    "(status: published, visibility: public) hoặc bỏ bài khỏi "
                                    "số này", field="sections", line=line)
                if entry.quote and " ".join(entry.quote.split()) not in _plain(item.body):
                    collector.error(issue.source, f"{where}: câu trích “{entry.quote}” không có "
                                    "trong bài", "chép nguyên văn một câu của bài vào quote",
                                    field="sections", line=line)
                placements.append(Placement(item, section.title, entry.quote, entry.columns))
        corpus.placements[issue.source] = placements
        printed = {p.item.source for p in placements}
        for headline in meta.headlines:
            item = _find_source(corpus, headline)
            if item is None or item.source not in printed:
                collector.error(issue.source, f"bài nêu trên bìa “{headline}” không có trong số này",
                                "chọn một bài trong sections", field="headlines",
                                line=issue.lines.get(f"entry:{headline}") or issue.lines.get("headlines"))


def load(root: Path | str, today: dt.date | None = None,
         jobs: int | Callable[[int], int] = 1, strict: bool = True) -> Corpus:
    """Read every source under ``root``; problems are collected on ``corpus.collector``.

    With ``jobs`` > 1 the files are read and validated by that many processes (a build of
    thousands of items; see ``_read_all``). ``jobs`` may be a function of the number of
    files, which only this function knows. ``strict`` is a build for publication; the live
    preview passes False, and a link to unpublished content is then only a warning."""
    root = Path(root)
    collector = Collector()
    org, catalogs, registry = load_data(root, collector)
    sources = _sources(root, collector)
    items = _read_all(root, sources, collector, jobs(len(sources)) if callable(jobs) else jobs)
    today = today or dt.date.today()
    corpus = Corpus(root, today, org, catalogs, registry, items, collector)
    if org is None or catalogs is None:
        return corpus
    for item in items:
        item.published = item.meta.public and (item.date is None or item.date <= today)
    # Published items claim their URLs first: a draft (or a classified document of the same
    # number) never pushes a public page to "-2", which would also betray that it exists.
    _assign_urls(sorted(items, key=lambda i: not i.published), collector)
    _cross_check(corpus)
    _resolve_issues(corpus)
    _check_links(corpus, strict)
    return corpus
