"""Links between items: URLs, document references, a model's news, and the rule that a
published item names nothing unpublished."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import PurePosixPath
from urllib.parse import unquote

from .. import text
from ..content_types import TYPES
from ..localities import LocalityLookupError
from ..problems import Collector
from .model import CONTENT_DIR, MODEL_RESERVED_SLUGS, Corpus, Item, confidential, why_unpublished

def _fault(collector: Collector, item: Item, message: str, fix: str = "", field: str = "") -> None:
    """An error about an item, at the line of the field it names."""
    collector.error(item.source, message, fix, field=field, line=item.lines.get(field))


def assign_urls(items: list[Item], collector: Collector) -> None:
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


def cross_check(corpus: Corpus) -> None:
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


def _climbs(url: str, ref: str) -> bool:
    """Whether ``ref``, followed from the page at ``url``, goes above the site's root."""
    depth = len(PurePosixPath(url).parts)
    for part in ref.split("/"):
        depth += -1 if part == ".." else 0 if part in ("", ".") else 1
        if depth < 0:
            return True
    return False


def check_links(corpus: Corpus, strict: bool) -> None:
    """A published item names nothing unpublished, by any path: a body link to its file or
    its address, a document reference, a model's news, or a file it shares with internal or
    classified content. In a build for publication (``strict``) a link is an error; in the
    live preview a warning, and the page still shows nothing of the target (templates list
    only published items; a page keeps only links to what the build writes, a PDF only to
    published pages and files: addresses.py)."""
    collector = corpus.collector
    by_url = {i.url: i for i in corpus.items}
    secret_files = {f: i for i in corpus.items if confidential(i) for f in i.assets}
    fix = "bỏ liên kết (hoặc tham chiếu) này, hoặc xuất bản nội dung kia trước"
    for item in corpus.items:
        for src, line in item.page_links:  # a link to a Markdown file that is no page
            if src not in corpus.by_source:
                exists = (corpus.root / src).is_file()
                collector.error(item.source, f"liên kết tới {src}: " + (
                    "tệp này không phải một bài trên trang (có lỗi, hoặc ở thư mục bắt đầu bằng _)"
                    if exists else "không có tệp này"), "sửa đường dẫn tệp .md (tính từ thư "
                    "mục của bài), hoặc bỏ liên kết", line=line)
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
