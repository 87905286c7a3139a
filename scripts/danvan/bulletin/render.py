"""Issue -> one HTML document, from the validated Corpus and the templates in theme/bulletin/.

Articles are the website's Markdown (item.body), converted with the same extensions as
mkdocs.yml; nothing here reads a source file. The HTML is then adapted to print:
footnotes become page footnotes, images become captioned figures (the first beside the
article's head, the others after its first paragraph), tables blocks that stay whole or
span the columns, document numbers and dates spans that never break, links to other pages
of the site absolute URLs (or links inside the PDF when the target is in the same issue),
ids are made unique across the issue, and headings move one level down under the article's
title. The fillers of the manifest and the page-2 decisions (contents in two lists, where
the colophon goes) are made here too.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import lxml.html
import markdown as markdown_lib
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import addresses, official_form, sanitize, text
from ..content_types import TYPES
from ..schema import MODEL_SECTIONS, Model, label_of
from ..content import CONTENT_DIR, Corpus, Item
from ..content.model import Filler
from .fonts import Face, font_css
from .layout import root_url
from . import tracking
from .profile import DEFAULT_ICC

TEMPLATES = PurePosixPath("theme/bulletin")
BLEED_MM = 3.0
SAFE_MM = 5.0


@dataclass(frozen=True)
class Trim:
    width: float  # mm
    height: float
    margins: tuple[float, float, float, float]  # top, outer, bottom, inner (mm)
    columns: int
    font_size: float  # pt, body text
    label: str
    column_gap: float = 6.0  # mm


TRIMS = {
    "a4": Trim(210, 297, (20, 15, 18, 20), 2, 9.5, "21 × 29,7 cm"),
    "19x27": Trim(190, 270, (18, 14, 17, 18), 2, 9.2, "19 × 27 cm"),
    "a5": Trim(148, 210, (15, 12, 14, 15), 1, 9.0, "14,8 × 21 cm"),
}

# The design's colours: sRGB for the screen, and the CMYK recipe the print edition gets
# (print.py maps each sRGB value back to its recipe; any grey becomes black ink only).
PALETTE: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "ink": ("#000000", (0, 0, 0, 1)),
    "grey": ("#595959", (0, 0, 0, 0.8)),
    "rule": ("#b3b3b3", (0, 0, 0, 0.35)),
    "red": ("#a3161a", (0, 1, 0.9, 0.3)),
    "red_dark": ("#7f1013", (0, 1, 0.9, 0.5)),
    "gold": ("#f4c542", (0, 0.2, 0.8, 0)),
    "tint": ("#fbf1e0", (0, 0.04, 0.12, 0)),
    "white": ("#ffffff", (0, 0, 0, 0)),
}

# A model's form, in print order, under the headings its schema gives (as on its page).
MODEL_FIELDS = [(name, label_of(Model, name)) for name in MODEL_SECTIONS]


@dataclass
class Job:
    """Everything a worker needs to render one issue; picklable, no Corpus inside."""

    source: str  # the manifest, "bulletins/2026/so-03.md"
    slug: str  # "2026/so-03"
    url: str  # the issue page, "ban-tin/2026/so-03/"
    title: str
    date: dt.date
    stem: str  # file name of the PDFs, without suffix
    html: str
    base_url: str
    trim: str
    icc: str  # CMYK output profile (print edition)
    allowed: tuple[str, ...] = ()  # the only files the PDFs may read (layout.project_fetcher)


# --- HTML adaptation -------------------------------------------------------------------------

_DOC_LINK = re.compile(r"\.md(#.*)?$")
KEEP_ROWS = 12  # a table of up to this many body rows is never split
COLUMN_ROWS = 4  # a table with more rows, or 4 columns or more, spans the columns
# Where no line may break: text.UNBREAKABLE (document numbers, dates, periods), except in
# code and in what is already kept whole.
_NO_KEEP = {"code", "pre", "script", "style"}
_HEADINGS = {"h3", "h4", "h5", "h6"}


def headline(value: str) -> Markup:
    """Escaped title that never ends on a line of one word and never breaks a document number."""
    escaped = str(Markup.escape(value))
    escaped = text.UNBREAKABLE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>',
                                   escaped)
    head, sep, last = escaped.rpartition(" ")
    if sep and " " in head and "<" not in last and len(last) < 16:
        escaped = f"{head}\u00a0{last}"
    return Markup(escaped)


def css_string(value: str) -> str:
    """``value`` for a CSS string in double quotes (the stylesheet is not HTML: autoescape
    does not apply): every character that could end the string, the rule or the <style>
    element is written as a CSS escape."""
    return "".join(f"\\{ord(ch):x} " if ch in '"\\<>&\'' or ord(ch) < 32 else ch
                   for ch in str(value))


@dataclass
class Adapted:
    body: str
    figures: list[str]


class Adapter:
    """Turns one article's Markdown HTML into the bulletin's HTML."""

    def __init__(self, corpus: Corpus, anchors: dict[str, str], site_url: str):
        self.corpus = corpus
        self.anchors = anchors  # item source -> anchor in this issue
        self.site_url = site_url.rstrip("/")
        # Where a printed link may point on the site: published pages and files, and the
        # sections' own listings; nothing of anything unpublished (addresses.py).
        self.public = {addresses.site_path(i.url, "/") for i in corpus.published} | {
            addresses.site_path(f.removeprefix(f"{CONTENT_DIR}/"), "/")
            for f in corpus.public_assets if f.startswith(f"{CONTENT_DIR}/")} | {
            addresses.site_path(t.url_prefix + "/", "/") for t in TYPES.values()
            if t.url_prefix} | {"/"}

    def adapt(self, html: str, item: Item, anchor: str, quote: str | None) -> Adapted:
        tree = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
        self._footnotes(tree)
        self._headings(tree)
        self._links(tree, item, anchor)
        figures = self._figures(tree, item)
        self._tables(tree)
        if quote:
            self._pull_quote(tree, quote)
        keep_together(tree)
        for el in tree.iter():
            if el.get("id"):
                el.set("id", f"{anchor}-{el.get('id')}")
        inner = (tree.text or "") + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in tree)
        return Adapted(inner, figures)

    @staticmethod
    def _footnotes(tree) -> None:
        # Python-Markdown's footnotes list -> CSS page footnotes (float: footnote).
        notes = {li.get("id"): li for li in tree.xpath('//div[@class="footnote"]//li[@id]')}
        for sup in tree.xpath('//sup[a[contains(@class, "footnote-ref")]]'):
            li = notes.get(sup[0].get("href", "#")[1:])
            span = lxml.html.Element("span", {"class": "fn"})
            if li is not None:
                for backref in li.xpath('.//a[contains(@class, "footnote-backref")]'):
                    backref.getparent().remove(backref)
                parts = li.xpath("./p") or [li]
                span.text = parts[0].text
                for child in parts[0]:
                    span.append(child)
                for extra in parts[1:]:  # as text: never parsed again as HTML
                    more = lxml.html.Element("span")
                    more.text = f" {extra.text_content()}"
                    span.append(more)
            span.tail = sup.tail
            sup.getparent().replace(sup, span)
        for div in tree.xpath('//div[@class="footnote"]'):
            div.getparent().remove(div)

    @staticmethod
    def _headings(tree) -> None:
        # The article's title is the h2 of the issue: the body's headings start at h3.
        for level in range(5, 0, -1):
            for h in tree.iter(f"h{level}"):
                h.tag = f"h{min(6, max(3, level + 1))}"

    def _links(self, tree, item: Item, anchor: str) -> None:
        for a in tree.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#"):
                a.set("href", f"#{anchor}-{href[1:]}")
                continue
            if not href:
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:|//", href, re.I):
                # Off the site stays; the site's own address only to what is public.
                path = addresses.site_path(href, "/", self.site_url)
                if path is not None and path not in self.public:
                    a.attrib.pop("href", None)
                continue
            path, _, fragment = href.partition("#")
            found = self.corpus.by_source.get(f"{item.root}/{item.asset_url(path)}")
            target = addresses.site_path(item.asset_url(path), "/")
            if found is not None and found.source in self.anchors:
                a.set("href", f"#{self.anchors[found.source]}")
            elif found is not None and found.published:
                a.set("href", f"{self.site_url}/{found.url}" + (f"#{fragment}" if fragment else ""))
            elif item.root == CONTENT_DIR and not _DOC_LINK.search(path) and \
                    target in self.public:
                a.set("href", f"{self.site_url}/{item.asset_url(path)}")
            else:  # nothing public there (a draft, a file of one): keep the words only
                a.attrib.pop("href", None)

    def _figures(self, tree, item: Item) -> list[str]:
        figures = []
        for img in list(tree.iter("img")):
            src = img.get("src") or ""
            if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
                img.getparent().remove(img)  # never fetch from the network
                continue
            path = self.corpus.root / item.root / item.asset_url(src)
            caption = img.get("title") or img.get("alt") or ""
            figures.append(_figure(path, self.corpus.root, img.get("alt") or caption, caption))
            parent = img.getparent()
            if parent.tag == "p" and not (parent.text or "").strip() and len(parent) == 1:
                parent.getparent().remove(parent)
            else:
                parent.remove(img)
        return figures

    @staticmethod
    def _tables(tree) -> None:
        """Each table in a block of its own (WeasyPrint gives a table's wrapper neither
        column-span nor break-inside): kept whole up to KEEP_ROWS rows (a longer one breaks
        between rows and repeats its header); across both columns when it has four columns
        or more, more than COLUMN_ROWS rows (kept whole in a column, it would leave the
        column's foot empty where it does not fit), or a column left empty to be filled in
        (a form: the column gets room to write in). A heading right above a table across
        the columns goes with it."""
        for table in list(tree.iter("table")):
            rows = table.xpath("./tr|./tbody/tr|./tfoot/tr")
            width = max((len(row) for row in table.iter("tr")), default=0)
            blank = [n for n in range(width) if rows and all(
                len(row) <= n or not row[n].text_content().strip() and not len(row[n])
                for row in rows)]
            for row in table.iter("tr"):
                for n in blank:
                    if n < len(row):
                        row[n].set("class", (row[n].get("class", "") + " fill-in").strip())
            kind = ["table-block"] + (["keep"] if len(rows) <= KEEP_ROWS else []) + (
                ["wide"] if width >= 4 or len(rows) > COLUMN_ROWS or blank else []) + (
                ["form"] if blank else [])
            block = lxml.html.Element("div", {"class": " ".join(kind)})
            table.addprevious(block)
            block.tail, table.tail = table.tail, None
            block.append(table)
            heading = block.getprevious()
            if "wide" in kind and heading is not None and heading.tag in _HEADINGS and \
                    not (heading.tail or "").strip():
                block.insert(0, heading)  # moves it, tail and all
                heading.tail = None

    @staticmethod
    def _pull_quote(tree, quote: str) -> None:
        paragraphs = [p for p in tree.iter("p") if p.getparent() is tree]
        aside = lxml.html.Element("aside", {"class": "pull"})
        aside.text = quote[:1].upper() + quote[1:]  # a fragment quoted still opens a sentence
        if paragraphs:
            after = paragraphs[min(2, len(paragraphs) // 2)]
            after.addnext(aside)
        else:
            tree.append(aside)


def keep_together(tree) -> None:
    """Wrap every document number, date and period of the text in a span that never breaks
    (``.nowrap``): "114-KL/TW", "34/2007/PL-UBTVQH11", "15/8/2016" stay on one line."""
    def split(value: str | None):
        parts, last = [], 0
        for match in text.UNBREAKABLE.finditer(value or ""):
            parts.append((value[last:match.start()], match.group(0)))
            last = match.end()
        return parts, (value or "")[last:]

    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or any(a.tag in _NO_KEEP for a in el.iterancestors()):
            continue
        inside = el.tag not in _NO_KEEP and "nowrap" not in el.get("class", "")
        for attr in ("text", "tail") if inside else ("tail",):
            if attr == "tail" and el.getparent() is None:
                continue
            parts, rest = split(getattr(el, attr))
            if not parts:
                continue
            spans = []
            for before, number in parts:
                span = lxml.html.Element("span", {"class": "nowrap"})
                span.text = number
                spans.append((before, span))
            if attr == "text":
                el.text = spans[0][0]
                for index, (_, span) in enumerate(spans):
                    el.insert(index, span)
            else:
                el.tail = spans[0][0]
                anchor = el
                for _, span in spans:
                    anchor.addnext(span)
                    anchor = span
            for (_, span), (after, _) in zip(spans, spans[1:] + [(rest, None)]):
                span.tail = after


def _figure(path: Path, project: Path, alt: str, caption: str, label: str = "") -> str:
    cap = html_lib.escape(caption)
    if label:
        cap = f'<span class="label">{html_lib.escape(label)}</span> {cap}'
    return (f'<figure><img src="{html_lib.escape(root_url(path, project))}" '
            f'alt="{html_lib.escape(alt)}">'
            f"<figcaption>{cap}</figcaption></figure>")


# --- The issue ---------------------------------------------------------------------------------

CONTENTS_CHARS = 150  # an article's summary in the contents, cut at a word
FRONT_ROOM = 0.55  # page 2 less full than this (estimated) takes the colophon too
COLOPHON_CHARS = 600  # about the length of the colophon's legal lines
NOTE_PITCH_MM = 8.5  # the ruled lines of the notes ("Ghi chép") that end an issue
NOTE_PAGES = 4  # the notes can fill up to three padding pages, each whole (layout.py)


def _after_first_paragraph(body: str, figures: list[str]) -> str:
    """``body`` with ``figures`` (HTML) after its first paragraph (at its start without one)."""
    if not figures:
        return body
    tree = lxml.html.fragment_fromstring(body or "<p></p>", create_parent="div")
    first = next((p for p in tree if p.tag == "p"), None)
    for html in reversed(figures):
        figure = lxml.html.fragment_fromstring(html)
        if first is not None:
            first.addnext(figure)
        else:
            tree.insert(0, figure)
    return (tree.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in tree)


def _contents_line(summary: str | None) -> str:
    if not summary or len(summary) <= CONTENTS_CHARS:
        return summary or ""
    return summary[:CONTENTS_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"


def contents_halves(sections: list[dict], editorial: bool) -> tuple[list, list]:
    """The sections in two runs of about equal length for the contents' two lists (an
    entry's length: its title and summary), a section never split."""
    weights = [1.0 + sum(2 + len(a["contents"]) / 60 for a in s["articles"]) for s in sections]
    total = sum(weights) + (1.5 if editorial else 0)
    best = min(range(len(sections) + 1), key=lambda n: abs(
        total - 2 * (sum(weights[:n]) + (1.5 if editorial else 0))))
    return sections[:best], sections[best:]


def colophon_in_front(sections: list[dict], editorial: str, trim: Trim) -> bool:
    """Whether the colophon goes on page 2 (else on the back cover): when the contents and
    the editorial leave more than half of it white (under FRONT_ROOM) and the colophon fits
    in what they leave. Heights are estimated from the lengths of the texts, in lines of the
    sizes bulletin.css sets (the contents in two lists, the editorial in two columns, the
    colophon across the page); the layout report shows the page as it came out."""
    measure = trim.width - trim.margins[1] - trim.margins[3]
    per_line = measure / 2 / 1.9  # characters a line in half the measure (9.5 pt)
    lines = lambda chars, width: -(-chars // width)  # noqa: E731
    contents = max(sum(5 + sum(4.6 * lines(len(a["title"]), per_line) + 2.2 + 3.7 * lines(
        len(a["contents"]), per_line * 1.25) for a in s["articles"]) for s in half)
        for half in contents_halves(sections, bool(editorial)))
    chars = len(lxml.html.fragment_fromstring(editorial, create_parent="div").text_content()
                ) if editorial else 0
    editorial_mm = 25 + 5.6 * lines(chars, per_line * 0.95 * 2) if editorial else 0
    colophon_mm = 12 + 3.5 * (10 + lines(COLOPHON_CHARS, measure / 1.6))
    area = trim.height - trim.margins[0] - trim.margins[2]
    used = (20 + contents + editorial_mm) / area
    return used < FRONT_ROOM and used + colophon_mm / area < 0.9


def _notes_lines(trim: Trim) -> int:
    """Enough ruled lines to fill the rest of the last page and NOTE_PAGES pages more."""
    area = trim.height - trim.margins[0] - trim.margins[2]
    return int(area / NOTE_PITCH_MM + 1) * (NOTE_PAGES + 1)


def _body_markdown(item: Item) -> str:
    """The Markdown an item prints: its body, and for a model the fields of its form (any
    HTML in a field is text, as on the model's page: gallery.prose)."""
    if item.kind != "model":
        return item.body
    meta, parts = item.meta, [item.body]
    escape = lambda value: html_lib.escape(str(value), quote=False)  # noqa: E731
    for name, label in MODEL_FIELDS:
        if value := getattr(meta, name, None):
            parts.append(f"## {label}\n\n{escape(value)}")
    if figures := getattr(meta, "figures", None):
        parts.append("## Số liệu\n\n" + "\n".join(f"- **{escape(f.value)}** {escape(f.label)}"
                                                 for f in figures))
    return "\n\n".join(parts)


def _columns(item: Item, trim: Trim) -> int:
    """The trim's columns (two, one on A5), for a document's full text too: its official
    header and signature block span the page, its text runs in columns of about 50
    characters (one column the width of the page would run to 110)."""
    return trim.columns


def _kicker(item: Item, corpus: Corpus) -> str:
    meta = item.meta
    if item.kind == "document":
        day = f" ngày {text.format_date_short(meta.date)}" if meta.date else ""
        return f"{meta.kind} số {meta.number}{day} của {meta.issuer}"
    if item.kind == "guidance":
        return f"{TYPES['guidance'].title} · " + corpus.catalogs.fields.get(meta.field_of_work, "")
    if item.kind == "article":
        return corpus.catalogs.sections.get(meta.section, "")
    return TYPES[item.kind].title  # a model, or any type added later


def _byline(item: Item) -> str:
    meta = item.meta
    parts = []
    if item.kind == "document":
        parts.append(f"Người ký: {meta.signer}" if meta.signer else "")
    else:
        parts += [getattr(meta, "author", None) or getattr(meta, "unit", None) or "",
                  text.format_date_short(item.date) if item.date else ""]
        if getattr(meta, "source", None):
            parts.append(f"Nguồn: {meta.source}")
    return " · ".join(p for p in parts if p)


def _lead_figures(item: Item, corpus: Corpus) -> list[str]:
    meta = item.meta
    root = corpus.root / item.root
    label = "Ảnh minh họa:" if meta.illustrative else ""
    if item.kind == "model" and getattr(meta, "photos", None):
        photo = meta.photos[0]
        return [_figure(root / item.asset_url(photo.file), corpus.root, photo.alt,
                        photo.caption or photo.alt, label)]
    if getattr(meta, "image", None):
        return [_figure(root / item.asset_url(meta.image), corpus.root, meta.image_alt,
                        meta.image_alt, label)]
    return []


def _article(placement, anchor: str, adapter: Adapter, convert, corpus: Corpus, trim: Trim,
             site_url: str) -> dict:
    """What issue.html's ``article`` macro prints of one placed item."""
    item = placement.item
    adapted = adapter.adapt(convert(_body_markdown(item)), item, anchor, placement.quote)
    figures = _lead_figures(item, corpus) + adapted.figures
    summary = item.meta.summary
    columns = placement.columns or _columns(item, trim)
    form = official_form.form_of(item.meta) if item.kind == "document" else None
    # In columns, the head shows the lead figure (none under an official form's header);
    # the others follow the text's first paragraph, a column wide.
    in_head = figures if columns == 1 else [] if form else figures[:1]
    return {
        "anchor": anchor, "kind": item.kind, "title": item.title,
        "kicker": _kicker(item, corpus), "byline": _byline(item), "summary": summary,
        "illustrative": item.meta.illustrative, "figures": in_head,
        "body": Markup(_after_first_paragraph(adapted.body, figures[len(in_head):])),
        "url": f"{site_url.rstrip('/')}/{item.url}", "columns": columns, "form": form,
        "contents": _contents_line(summary),
    }


# The printed kicker of each kind of filler (schema.IssueFiller); a quote has none.
FILLER_LABELS = {"note": "Tin ngắn", "announcement": "Thông báo", "quote": "",
                 "model": f"{TYPES['model'].title}"}


def _filler(filler: Filler, corpus: Corpus, site_url: str) -> dict:
    """What the template prints of a filler; a model's comes from the model itself."""
    spec, item = filler.spec, filler.item
    out = {"kind": spec.kind, "label": FILLER_LABELS[spec.kind], "title": spec.title,
           "text": spec.text, "source": spec.source, "place": spec.place}
    if item is not None:
        meta = item.meta
        out.update(title=spec.title or item.title, unit=meta.unit, summary=meta.summary,
                   localities=", ".join(meta.localities),
                   figures=[(f.value, f.label) for f in meta.figures][:3],
                   photo=(_lead_figures(item, corpus) or [""])[0],
                   url=f"{site_url.rstrip('/')}/{item.url}")
    return out


def names(corpus: Corpus, issue: Item) -> tuple[str, str]:
    """(cache slug "2026/so-03", PDF file stem "thong-tin-dan-van-hung-yen-so-03-2026")."""
    meta = issue.meta
    stem = f"{text.slugify(corpus.organisation.bulletin_name)}-so-{meta.number:02d}-{meta.year}"
    return f"{meta.year}/so-{meta.number:02d}", stem


def build_job(corpus: Corpus, issue: Item, faces: list[Face], markdown: tuple[list, dict],
              site_url: str, icc: Path = DEFAULT_ICC) -> Job:
    """Render one issue to HTML; the Job also lists every file the PDFs will read."""
    meta, org = issue.meta, corpus.organisation
    extensions, configs = markdown
    md = markdown_lib.Markdown(extensions=extensions, extension_configs=configs)
    sections = corpus.sections_of(issue)
    anchors: dict[str, str] = {}
    for s_index, (_, placements) in enumerate(sections, start=1):
        for a_index, placement in enumerate(placements, start=1):
            anchors[placement.item.source] = f"bai-{s_index}-{a_index}"
    adapter = Adapter(corpus, anchors, site_url)
    trim = TRIMS[meta.trim]
    cover_path = corpus.root / issue.root / issue.asset_url(meta.cover.image)

    def convert(markdown_text: str) -> str:
        md.reset()
        return sanitize.clean(md.convert(markdown_text))  # as on the site: one allow-list

    rendered_sections = [{"title": title, "anchor": f"muc-{s_index}", "articles": [
        _article(placement, anchors[placement.item.source], adapter, convert, corpus, trim,
                 site_url) for placement in placements]}
        for s_index, (title, placements) in enumerate(sections, start=1)]
    # A section printing a programme's figures (bulletin/tracking.py): one more article.
    for section in rendered_sections:
        if found := corpus.tracking.get(issue.source, {}).get(section["title"]):
            section["articles"].append(tracking.article(
                corpus.tracked_progress[found[0]],  # read by tracking.resolve
                found[1], f"{section['anchor'].replace('muc', 'bai')}-"
                f"{len(section['articles']) + 1}", site_url))

    by_source = {a["anchor"]: a for s in rendered_sections for a in s["articles"]}
    chosen = []
    for path in meta.headlines:  # validated by content.load: each is in the issue
        found = corpus.by_source.get(path.strip()) or corpus.by_source.get(f"content/{path.strip()}")
        if found is not None and found.source in anchors:
            chosen.append(anchors[found.source])
    if not chosen:
        chosen = [s["articles"][0]["anchor"] for s in rendered_sections][:5]
    headlines = [by_source[a] for a in chosen if a in by_source]

    editorial = ""
    if issue.body.strip():
        editorial = adapter.adapt(convert(issue.body), issue, "loi-toa-soan", None).body

    env = Environment(loader=FileSystemLoader(str(corpus.root / TEMPLATES)),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["headline"] = headline
    env.filters["css_string"] = css_string
    env.filters["date_short"] = text.format_date_short
    env.filters["date_long"] = text.format_date
    stamp = f"{meta.date.isoformat()}T08:00:00+07:00"
    keywords = [org.bulletin_name, f"số {meta.number}/{meta.year}"] + [s["title"] for s in rendered_sections]
    html = env.get_template("issue.html").render(
        org=org, issue=issue, meta=meta, trim=trim, bleed=BLEED_MM, safe=SAFE_MM,
        palette={name: value[0] for name, value in PALETTE.items()},
        fonts=Markup(font_css(faces)), icc=icc.resolve().as_uri(),
        cover={"src": root_url(cover_path, corpus.root), "alt": meta.cover.alt,
               "caption": meta.cover.caption, "illustrative": meta.cover.illustrative},
        headlines=headlines, sections=rendered_sections, editorial=Markup(editorial),
        contents=contents_halves(rendered_sections, bool(editorial)),
        colophon_in_front=colophon_in_front(rendered_sections, editorial, trim),
        fillers=[_filler(f, corpus, site_url) for f in corpus.fillers.get(issue.source, [])],
        notes_lines=_notes_lines(trim),
        colophon=meta.colophon, site_url=site_url.rstrip("/"), stamp=stamp,
        issue_label=f"Số {meta.number}/{meta.year}", keywords=keywords,
        subject=(meta.summary or f"{org.bulletin_name}, số {meta.number} năm {meta.year}: "
                 + "; ".join(s["title"] for s in rendered_sections) + "."),
    )
    slug, stem = names(corpus, issue)
    return Job(source=issue.source, slug=slug, url=issue.url,
               title=issue.title, date=meta.date, stem=stem, html=text.nfc(html),
               base_url=corpus.root.resolve().as_uri() + "/", trim=meta.trim, icc=str(icc),
               allowed=tuple(str(p) for p in _readable(corpus, issue, faces, icc)))


def printed_files(corpus: Corpus, issue: Item) -> set[str]:
    """The project files an issue prints: its cover, its articles' images and photos, and
    the photos of the models its fillers show, as the publication gate allows them
    (``Corpus.public_assets``)."""
    found = set(issue.assets)
    for placement in corpus.placements.get(issue.source, []):
        found |= placement.item.assets
    for filler in corpus.fillers.get(issue.source, []):
        found |= filler.item.assets if filler.item is not None else set()
    return found & corpus.public_assets


def _readable(corpus: Corpus, issue: Item, faces: list[Face], icc: Path) -> list[Path]:
    """All that an issue's PDFs may read: the files it prints, one by one (a path in an
    article that the checks did not see fails the issue rather than print a file that is
    not published), the bulletin's theme folder, the fonts and the colour profile."""
    return sorted({corpus.root / f for f in printed_files(corpus, issue)}) + [
        corpus.root / TEMPLATES, icc, *sorted({face.path.parent for face in faces})]
