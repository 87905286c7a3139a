"""Reading: every source file, on its own, into a validated ``Item`` (in several processes
for a large site). Links between items are resolved afterwards (links.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import files, sanitize, source, text, workers
from ..content_types import TYPES, sections
from ..localities import Registry
from ..problems import Collector, front_matter_lines, from_validation_error
from ..schema import MODEL_SECTIONS, Catalogs, Locality, Organisation, without_blanks
from .cache import ItemCache
from .issues import ENTRY_LINE
from .model import BULLETINS_DIR, CONTENT_DIR, DATA_DIR, MODELS_DIR, Item

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
    if org is not None and org.logo:  # the emblem: a PNG or JPEG inside content/_du-lieu/
        try:
            logo = files.normalise(PurePosixPath("."), org.logo, PurePosixPath("."))
            files.check(data_dir, logo, org.logo, files.PHOTOS)
        except files.FileProblem as problem:
            collector.error(f"{rel}/co-quan.yml", problem.message, problem.fix, field="logo")
    catalogs = _validate(Catalogs, read("danh-muc.yml"), f"{rel}/danh-muc.yml", collector)
    units: dict[str, Locality] = {}
    entries = read("dia-ban.yml") or []
    if not isinstance(entries, list):
        collector.error(f"{rel}/dia-ban.yml", "tệp phải là một danh sách địa bàn, mỗi địa bàn "
                        "bắt đầu bằng dấu “- ”", "xem lại đầu tệp: mỗi mục “- id: …”")
        entries = []
    for n, entry in enumerate(entries, start=1):
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


def sources(root: Path, collector: Collector) -> list[tuple[str, str, str]]:
    """(root name, src_uri, kind) for every Markdown source, in a stable order. The source
    folders are walked without following links; a link or a special file is an error
    (``files.walk``), so nothing outside the repository is ever read."""
    found, kinds = [], sections()
    # The types kept in a source folder of their own (models_gallery/, bulletins/).
    own_root = {t.root: kind for kind, t in TYPES.items() if t.root != CONTENT_DIR}
    for base in (CONTENT_DIR, MODELS_DIR, BULLETINS_DIR):
        folder = root / base
        if not folder.is_dir():
            continue
        listed, problems = files.walk(folder)
        for rel, what, fix in problems:
            collector.error(f"{base}/{rel}", what, fix)
        for rel in listed:
            if not rel.endswith(".md"):
                continue
            if base == CONTENT_DIR and not _hidden(rel):
                kind = kinds.get(rel.split("/", 1)[0], "page") if "/" in rel else "page"
                found.append((base, rel, kind))
            elif base == MODELS_DIR and rel.count("/") == 1 and rel.endswith("/index.md"):
                found.append((base, rel, own_root[base]))  # a bundle: <folder>/index.md
            elif base == BULLETINS_DIR and not _hidden(rel) and \
                    PurePosixPath(rel).name.lower() != "readme.md":
                found.append((base, rel, own_root[base]))
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
_HTML_SRC = re.compile(r"\bsrc(?:set)?\s*=", re.I)


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


def read_all(root: Path, sources: list[tuple[str, str, str]], collector: Collector,
             jobs: int | Callable[[int], int], cache: ItemCache | None = None) -> list[Item]:
    """Read and validate every source, in order; problems go to ``collector`` in the same
    order however many processes read them. Each file is read on its own (links between
    items are resolved afterwards), so the files can be split between processes.

    With a ``cache`` (content/cache.py), a source whose bytes, and the bytes of every file it
    uses, are those of an item read without any problem before is not read again; what is
    read now without any problem is kept for the next build. ``jobs`` may be a function of
    the number of files to read."""
    todo = list(range(len(sources)))
    found: list[Item | None] = [None] * len(sources)
    digests: list[bytes | None] = [None] * len(sources)
    stamps: list[tuple | None] = [None] * len(sources)
    if cache is not None:
        todo = []
        folder = str(root)  # plain strings: thousands of paths
        for n, (base, rel, kind) in enumerate(sources):
            # The digest before the file is read: if it changes meanwhile, the next build
            # sees other bytes than the ones kept and reads it again.
            digests[n], stamps[n] = cache.digest(base, rel, kind, f"{folder}/{base}/{rel}")
            found[n] = cache.get(base, rel, kind, digests[n], stamps[n])
            if found[n] is None:
                todo.append(n)
        cache.hits += len(sources) - len(todo)
        cache.misses += len(todo)
    results = _read_many(root, [sources[n] for n in todo],
                         jobs(len(todo)) if callable(jobs) else jobs)
    for n, (item, problems) in zip(todo, results):
        found[n] = item
        collector.problems += problems
        if cache is not None and item is not None and not problems:
            cache.put(*sources[n], digests[n], item, stamps[n])
    return [item for item in found if item is not None]


def _read_many(root: Path, sources: list[tuple[str, str, str]],
               jobs: int) -> list[tuple[Item | None, list]]:
    """(item or None, its problems) of each source, in order."""
    if jobs <= 1 or len(sources) < 2 * jobs:
        return _read_chunk(root, sources)
    size = -(-len(sources) // jobs)
    chunks = [sources[i:i + size] for i in range(0, len(sources), size)]
    with workers.process_pool(jobs) as pool:  # only the results are pickled
        return [result for chunk in pool.map(_read_chunk, [root] * len(chunks), chunks)
                for result in chunk]


def _read_chunk(root: Path, sources: list[tuple[str, str, str]]) -> list[tuple[Item | None, list]]:
    results = []
    for base, rel, kind in sources:
        collector = Collector()
        results.append((_read_item(root, base, rel, kind, collector), collector.problems))
    return results


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
        lines.update(front_matter_lines(raw, ENTRY_LINE, prefix="entry:"))
    # The Markdown an item carries: its body, and a model's long fields (Markdown too, on
    # its page and in print, where any HTML in them is shown as text), each from its line.
    texts = [(_blank_code(parts.body), parts.body_line)]
    _check_html(texts[0][0], where, parts.body_line, collector)
    if kind == "model":
        texts += [(_blank_code(value), lines.get(name, 1)) for name in MODEL_SECTIONS
                  if isinstance(value := parts.metadata.get(name), str)]
    schema = TYPES[kind].schema
    meta = _validate(schema, without_blanks(schema, parts.metadata), where, collector, lines)
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
