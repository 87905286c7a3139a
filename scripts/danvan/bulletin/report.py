"""The layout report: how full each page of an issue is, read from WeasyPrint's boxes.

Every bulletin build prints it (``danvan ban-tin``) and keeps it with the PDFs (meta.json),
so a build from the cache prints it too. Per page of the print edition:

- the filled fraction of the type area and of each column. A column is a track of the type
  area (two on A4 and 19 × 27 cm, one on A5, as the trim sets them); what fills it is what
  prints there: lines of text, images, tables, tinted boxes, the notes' ruled lines, and an
  article's head beside its photo (one block).
  White between two blocks up to GAP_MM (a paragraph's or a heading's spacing) is part of
  the text; more is white;
- column holes: a track emptier than another of the same page by more than HOLE of the
  type area (a column left empty beside a full one);
- orphans and widows: a paragraph split with a single line at the foot of a column or at
  the head of the next;
- headings that end a column (their text is in the next one);
- blocks split between columns or pages: tables (those of up to render.KEEP_ROWS rows must
  never be), figures, signature blocks and recipients, pull quotes, fillers.

A page of the text less full than THRESHOLD is a problem, as is a hole, a heading that ends
a column, a table that must stay whole and does not, and contents and editorial that run
over page 2; the designed pages (cover, contents, back cover) and the padding pages
(nothing but the notes' lines) are reported, not judged.
``danvan ban-tin`` warns about each problem; with ``--nghiem-ngat`` (or
``bulletin_strict_layout: true``) the build fails on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

THRESHOLD = 0.40  # a page of text less full than this is reported
HOLE = 0.20  # two columns of one page differing by more than this share: a hole
GAP_MM = 10.0  # white up to this between two blocks is spacing (two lines), not white
PX_PER_MM = 96 / 25.4

# What a page is, from its CSS page name (bulletin.css) or its content.
KINDS = {"cover": "bìa", "front": "mục lục", "back": "bìa sau", "padding": "ghi chép",
         "content": "nội dung"}
DESIGNED = {"cover", "front", "back", "padding"}
# Blocks that are reported when split, and those (a class of theirs) that must never be.
BLOCKS = {"table-block": "bảng", "figure": "hình", "dv-form-close": "khối chữ ký, nơi nhận",
          "pull": "câu trích", "filler": "mục chèn", "colophon": "thông tin xuất bản"}
WHOLE = {"keep", "figure", "dv-form-close", "pull", "filler", "colophon"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class PageReport:
    number: int  # in the print edition
    kind: str  # a key of KINDS
    fill: float  # share of the type area
    columns: list[float]  # share of each column's height
    hole: bool = False
    orphans: list[str] = field(default_factory=list)
    widows: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # headings ending a column
    splits: list[str] = field(default_factory=list)  # blocks split here (allowed or not)
    broken: list[str] = field(default_factory=list)  # blocks that must stay whole and do not

    @property
    def designed(self) -> bool:
        return self.kind in DESIGNED

    @property
    def under(self) -> bool:
        return not self.designed and self.fill < THRESHOLD


@dataclass
class Report:
    pages: list[PageReport]

    def problems(self) -> list[str]:
        """Each problem of the layout, in Vietnamese, by page."""
        found = [f"trang {p.number}: mục lục và lời tòa soạn tràn sang trang này; rút gọn lời "
                 "tòa soạn" for p in [p for p in self.pages if p.kind == "front"][1:]]
        for p in self.pages:
            where = f"trang {p.number}"
            if p.under:
                found.append(f"{where} chỉ đầy {p.fill:.0%} (dưới {THRESHOLD:.0%}): kéo bài lên, "
                             "rút gọn, hoặc thêm mục chèn (fillers) vào số bản tin")
            if p.hole:
                found.append(f"{where} có cột trống bên cạnh cột đầy (cột: "
                             + ", ".join(f"{c:.0%}" for c in p.columns) + ")")
            found += [f"{where}: tiêu đề “{h}” đứng cuối cột, tách khỏi đoạn văn của nó"
                      for h in p.headings]
            found += [f"{where}: {b} bị tách sang cột hoặc trang sau" for b in p.broken]
            found += [f"{where}: dòng mồ côi (một dòng cuối cột) của đoạn “{o}”"
                      for o in p.orphans]
            found += [f"{where}: dòng góa (một dòng đầu cột) của đoạn “{w}”" for w in p.widows]
        return found

    def table(self) -> str:
        """The report as a table, one line a page."""
        width = max((len(p.columns) for p in self.pages), default=1)
        head = "trang  loại       lấp đầy  " + "  ".join(f"cột {n + 1}" for n in range(width))
        lines = [head]
        for p in self.pages:
            cols = "  ".join(f"{c:>5.0%}" for c in p.columns)
            notes = [text for flag, text in ((p.under, "dưới ngưỡng"), (p.hole, "cột trống"))
                     if flag]
            notes += [f"tách {s}" for s in p.splits]
            notes += [f"mồ côi “{o}”" for o in p.orphans] + [f"góa “{w}”" for w in p.widows]
            notes += [f"tiêu đề cuối cột “{h}”" for h in p.headings]
            lines.append(f"{p.number:>5}  {KINDS[p.kind]:<9}  {p.fill:>6.0%}  {cols}"
                         + (f"  {'; '.join(notes)}" if notes else ""))
        return "\n".join(lines)

    def summary(self) -> str:
        content = [p for p in self.pages if not p.designed]
        mean = sum(p.fill for p in content) / len(content) if content else 0
        return (f"{len(self.pages)} trang, {len(content)} trang bài đầy trung bình {mean:.0%}, "
                f"thấp nhất {min((p.fill for p in content), default=0):.0%}; "
                f"{sum(p.hole for p in self.pages)} cột trống, "
                f"{sum(p.under for p in self.pages)} trang dưới {THRESHOLD:.0%}")

    def to_json(self) -> list[dict]:
        return [asdict(p) for p in self.pages]

    @classmethod
    def from_json(cls, pages: list[dict]) -> "Report":
        return cls([PageReport(**p) for p in pages])


# --- Measuring ---------------------------------------------------------------------------------


@dataclass
class _Fragment:
    """The lines of one block in one column of one page."""

    page: int  # index in the pages measured
    column: int
    lines: int = 0


@dataclass
class Measured:
    """One laid-out page, measured (before the page numbers of an edition are known)."""

    kind: str
    fill: float
    columns: list[float]
    last_heading: list[str] = field(default_factory=list)


def measure(pages: list, columns: int, gap_mm: float) -> tuple[list[Measured], "_Blocks"]:
    """Every page's fill, and what each block and paragraph looks like across pages."""
    blocks = _Blocks()
    measured = []
    for index, page in enumerate(pages):
        measured.append(_measure_page(page, index, columns, gap_mm, blocks))
    return measured, blocks


def report(measured: list[Measured], blocks: "_Blocks", kept: list[int]) -> Report:
    """The report of an edition: the pages it keeps (indexes into ``measured``), numbered
    from 1."""
    number = {index: n for n, index in enumerate(kept, start=1)}
    pages = [PageReport(number[i], measured[i].kind, round(measured[i].fill, 3),
                        [round(c, 3) for c in measured[i].columns],
                        headings=list(measured[i].last_heading)) for i in kept]
    by_number = {p.number: p for p in pages}
    for p in pages:
        m = measured[kept[p.number - 1]]
        p.hole = p.kind == "content" and len(m.columns) > 1 and \
            max(m.columns) - min(m.columns) > HOLE
    for label, fragments in blocks.paragraphs():
        shown = [f for f in fragments if f.page in number]
        for n, f in enumerate(shown):
            if f.lines == 1 and n < len(shown) - 1:
                by_number[number[f.page]].orphans.append(label)
            if f.lines == 1 and n > 0:
                by_number[number[f.page]].widows.append(label)
    for label, whole, places in blocks.split_blocks():
        shown = sorted({number[page] for page, _ in places if page in number})
        if not shown:
            continue
        where = by_number[shown[0]]
        pages_shown = f"{shown[0]}–{shown[-1]}" if shown[-1] != shown[0] else f"{shown[0]}"
        span = f"{label} (trang {pages_shown})"
        where.splits.append(span)
        if whole:
            where.broken.append(span)
    return Report(pages)


class _Blocks:
    """Fragments of paragraphs and of blocks that should stay whole, across pages."""

    def __init__(self):
        self._lines: dict[int, tuple[object, list[_Fragment]]] = {}
        self._blocks: dict[int, tuple[object, set[tuple[int, int]]]] = {}

    def line(self, element, page: int, column: int) -> None:
        key = id(element)
        entry = self._lines.setdefault(key, (element, []))
        fragments = entry[1]
        if not fragments or (fragments[-1].page, fragments[-1].column) != (page, column):
            fragments.append(_Fragment(page, column))
        fragments[-1].lines += 1

    def block(self, element, page: int, column: int) -> None:
        self._blocks.setdefault(id(element), (element, set()))[1].add((page, column))

    def paragraphs(self):
        for element, fragments in self._lines.values():
            if len(fragments) > 1 and _tag(element) not in HEADINGS:
                yield _label(element), fragments

    def split_blocks(self):
        for element, places in self._blocks.values():
            if len(places) > 1:
                classes = _classes(element) | {_tag(element)}
                name = next(BLOCKS[c] for c in BLOCKS if c in classes)
                if "table-block" in classes:
                    rows = sum(_tag(row) == "tr" for group in element.iter()
                               if _tag(group) == "tbody" for row in group)
                    name = f"bảng {rows} dòng"
                yield name, bool(classes & WHOLE), places


def _tag(element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _label(element) -> str:
    words = " ".join("".join(element.itertext()).split()[:6])
    return words + "…"


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _is_padding_element(element) -> bool:
    return "notes" in _classes(element)


def _measure_page(page, index: int, columns: int, gap_mm: float, blocks: _Blocks) -> Measured:
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    name = box.page_type.name or ""
    top, height = box.content_box_y(), box.height
    left, width = box.content_box_x(), box.width
    gap = gap_mm * PX_PER_MM
    track = (width - gap * (columns - 1)) / columns
    tracks = [(left + n * (track + gap), left + n * (track + gap) + track) for n in range(columns)]
    spans: list[list[tuple[float, float]]] = [[] for _ in tracks]
    state = {"outside_notes": False, "notes": False}
    # The last line or image of each column box, and of the page: a heading there ends a
    # column (or the page) and its text is elsewhere.
    last: dict[object, object] = {}

    def column_of(x: float) -> int:
        for n, (x0, x1) in enumerate(tracks):
            if x < x1:
                return n
        return len(tracks) - 1

    def fill(x0: float, x1: float, y0: float, y1: float, notes: bool) -> None:
        y0, y1 = max(y0, top), min(y1, top + height)
        if y1 <= y0:
            return
        state["notes" if notes else "outside_notes"] = True
        for n, (t0, t1) in enumerate(tracks):
            if min(x1, t1) - max(x0, t0) > 1:
                spans[n].append((y0, y1))

    def walk(node, column: int, notes: bool, keep: list, measure: tuple[float, float],
             box_key: object = None) -> None:
        element = getattr(node, "element", None)
        if isinstance(node, (boxes.MarginBox,)):
            return
        if getattr(node, "is_column", False):
            column = column_of(node.position_x + 1)
            box_key = id(node)
        if element is not None and getattr(node, "element_tag", None) and \
                not isinstance(node, (boxes.LineBox, boxes.InlineLevelBox)):
            classes = _classes(element)
            notes = notes or _is_padding_element(element)
            if classes & set(BLOCKS) or node.element_tag == "figure":
                keep = keep + [element]
        x, y = node.position_x, node.position_y
        if isinstance(node, boxes.LineBox):  # across its block's measure, however short
            fill(*measure, y, y + node.height, notes)
            # A row of boxes (a row of chart cards) is not a line of text: never an orphan.
            if not all(isinstance(c, boxes.InlineBlockBox) or
                       (isinstance(c, boxes.TextBox) and not c.text.strip())
                       for c in node.children):
                blocks.line(element, index, column)
            for block in keep:
                blocks.block(block, index, column)
            last[box_key] = last["page"] = element
            return
        if isinstance(node, boxes.ReplacedBox):
            fill(x, x + node.margin_width(), y, y + node.margin_height(), notes)
            for block in keep:
                blocks.block(block, index, column)
            last[box_key] = last["page"] = element
            return
        # A tinted box (a band, the editorial, a filler) fills all of its area; so do a
        # ruled line of the notes and an article's head beside its figure (one designed
        # block: the white under a short title, beside the photo, is the head's).
        painted = isinstance(node, boxes.BlockLevelBox) and (
            getattr(node, "background", None) is not None or
            (element is not None and _classes(element) & {"note-line", "with-figure"}))
        if painted:
            fill(node.border_box_x(), node.border_box_x() + node.border_width(),
                 node.border_box_y(), node.border_box_y() + node.border_height(), notes)
        if isinstance(node, boxes.BlockContainerBox) and not isinstance(node.width, str):
            measure = (node.content_box_x(), node.content_box_x() + node.width)
        for child in getattr(node, "children", ()):
            walk(getattr(child, "_box", child), column, notes, keep, measure,  # absolute: its box
                 box_key)

    children = [getattr(child, "_box", child) for child in box.children]
    # The footnotes first: the last line of the page is the text's.
    for child in sorted(children, key=lambda c: not isinstance(c, boxes.FootnoteAreaBox)):
        walk(child, 0, False, [], (left, left + width))
    fractions = [_union(s, GAP_MM * PX_PER_MM) / height for s in spans]
    kind = name if name in ("cover", "front", "back") else (
        "padding" if state["notes"] and not state["outside_notes"] else "content")
    headings = [] if kind != "content" else list(dict.fromkeys(
        _label(el).rstrip("…") for key, el in last.items()
        if key is not None and el is not None and _tag(el) in HEADINGS))
    return Measured(kind, sum(fractions) / len(fractions), fractions, headings)


def _union(spans: list[tuple[float, float]], bridge: float) -> float:
    """Length covered by the spans, gaps up to ``bridge`` counted as covered."""
    total, start, end = 0.0, None, None
    for y0, y1 in sorted(spans):
        if end is not None and y0 <= end + bridge:
            end = max(end, y1)
            continue
        if end is not None:
            total += end - start
        start, end = y0, y1
    if end is not None:
        total += end - start
    return total
