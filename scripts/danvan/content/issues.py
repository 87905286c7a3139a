"""Bulletin issues: each manifest's entries resolved to the items it prints, in order."""

from __future__ import annotations

import re

from .. import text
from ..content_types import TYPES
from .model import CONTENT_DIR, Corpus, Filler, Item, Placement, why_unpublished

ENTRY_LINE = re.compile(r"""^\s*-\s*(?:article\s*:\s*)?["']?([^"'#\s][^"'#]*?)["']?\s*$""")




def _find_source(corpus: Corpus, path: str) -> Item | None:
    """An entry names a file from the project folder; "tin-tuc/..." and a model's folder do."""
    path = path.strip().strip("/")
    for candidate in (path, f"{CONTENT_DIR}/{path}", f"{path}/index.md"):
        if (found := corpus.by_source.get(candidate)) is not None:
            return found
    return None


def resolve_issues(corpus: Corpus) -> None:
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
                if entry.quote and " ".join(entry.quote.split()) not in text.plain_markdown(item.body):
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
        corpus.fillers[issue.source] = _fillers(corpus, issue)


def _fillers(corpus: Corpus, issue: Item) -> list[Filler]:
    """The issue's fillers; a model one names a published model (by the issue's date)."""
    found = []
    for number, spec in enumerate(issue.meta.fillers, start=1):
        item = None
        if spec.model:
            where = f"mục chèn thứ {number}, mô hình “{spec.model}”"
            line = issue.lines.get(f"entry:{spec.model}") or issue.lines.get("fillers")
            item = _find_source(corpus, spec.model)
            if item is None or item.kind != "model":
                corpus.collector.error(
                    issue.source, f"{where}: không có mô hình này", "ghi thư mục của mô hình, "
                    "ví dụ models_gallery/to-hoa-giai-o-co-so", field="fillers", line=line)
                continue
            if issue.published and (why := why_unpublished(
                    item, issue.date, f"ngày phát hành {text.format_date_short(issue.date)} "
                    "của số này")):
                corpus.collector.error(issue.source, f"{where}: {why}", "xuất bản mô hình trước "
                                       "hoặc bỏ mục chèn này", field="fillers", line=line)
                continue
        found.append(Filler(spec, item))
    return found
