"""Issue -> one HTML document, from the validated Corpus and the templates in theme/bulletin/.

Articles are the website's Markdown (item.body), converted with the same extensions as
mkdocs.yml; nothing here reads a source file. The HTML is then adapted to print:
footnotes become page footnotes, images become captioned figures at the head of their
article (they never leave a hole in a column), links to other pages of the site become
absolute URLs (or links inside the PDF when the target is in the same issue), ids are made
unique across the issue, and headings move one level down under the article's title.
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
from .fonts import Face, font_css
from .layout import root_url

TEMPLATES = PurePosixPath("theme/bulletin")
DEFAULT_ICC = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
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
# Kept on one line: document numbers (02-ĐA/TU) and periods (2016 - 2020).
_UNBROKEN = re.compile(rf"{text.IN_TEXT.pattern}|\b\d{{4}} ?[-–] ?\d{{4}}\b")


def headline(value: str) -> Markup:
    """Escaped title that never ends on a line of one word and never breaks a document number."""
    escaped = str(Markup.escape(value))
    escaped = _UNBROKEN.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped)
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
        for table in tree.iter("table"):
            if max((len(row) for row in table.iter("tr")), default=0) >= 4:
                table.set("class", (table.get("class", "") + " wide").strip())
        if quote:
            self._pull_quote(tree, quote)
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
    def _pull_quote(tree, quote: str) -> None:
        paragraphs = [p for p in tree.iter("p") if p.getparent() is tree]
        aside = lxml.html.Element("aside", {"class": "pull"})
        aside.text = quote[:1].upper() + quote[1:]  # a fragment quoted still opens a sentence
        if paragraphs:
            after = paragraphs[min(2, len(paragraphs) // 2)]
            after.addnext(aside)
        else:
            tree.append(aside)


def _figure(path: Path, project: Path, alt: str, caption: str, label: str = "") -> str:
    cap = html_lib.escape(caption)
    if label:
        cap = f'<span class="label">{html_lib.escape(label)}</span> {cap}'
    return (f'<figure><img src="{html_lib.escape(root_url(path, project))}" '
            f'alt="{html_lib.escape(alt)}">'
            f"<figcaption>{cap}</figcaption></figure>")


# --- The issue ---------------------------------------------------------------------------------


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
    """Two columns for articles; a document's full text keeps the one-column form of the
    original (and a long flow in two columns costs WeasyPrint far more than in one: it lays
    out the rest of the flow again for every column it fills)."""
    return 1 if item.kind == "document" else trim.columns


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

    rendered_sections = []
    for s_index, (title, placements) in enumerate(sections, start=1):
        articles = []
        for placement in placements:
            item = placement.item
            anchor = anchors[item.source]
            adapted = adapter.adapt(convert(_body_markdown(item)), item, anchor, placement.quote)
            figures = _lead_figures(item, corpus) + adapted.figures
            summary = item.meta.summary
            articles.append({
                "anchor": anchor, "kind": item.kind, "title": item.title,
                "kicker": _kicker(item, corpus), "byline": _byline(item), "summary": summary,
                "illustrative": item.meta.illustrative, "figures": figures,
                "body": Markup(adapted.body), "url": f"{site_url.rstrip('/')}/{item.url}",
                "columns": placement.columns or _columns(item, trim),
                "form": official_form.form_of(item.meta) if item.kind == "document" else None,
            })
        rendered_sections.append({"title": title, "anchor": f"muc-{s_index}", "articles": articles})

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
        colophon=meta.colophon, site_url=site_url.rstrip("/"), stamp=stamp,
        issue_label=f"Số {meta.number}/{meta.year}", keywords=keywords,
        subject=(meta.summary or f"{org.bulletin_name}, số {meta.number} năm {meta.year}: "
                 + "; ".join(s["title"] for s in rendered_sections) + "."),
        pads=3,
    )
    slug, stem = names(corpus, issue)
    return Job(source=issue.source, slug=slug, url=issue.url,
               title=issue.title, date=meta.date, stem=stem, html=text.nfc(html),
               base_url=corpus.root.resolve().as_uri() + "/", trim=meta.trim, icc=str(icc),
               allowed=tuple(str(p) for p in _readable(corpus, issue, faces, icc)))


def printed_files(corpus: Corpus, issue: Item) -> set[str]:
    """The project files an issue prints: its cover, its articles' images and photos, as
    the publication gate allows them (``Corpus.public_assets``)."""
    found = set(issue.assets)
    for placement in corpus.placements.get(issue.source, []):
        found |= placement.item.assets
    return found & corpus.public_assets


def _readable(corpus: Corpus, issue: Item, faces: list[Face], icc: Path) -> list[Path]:
    """All that an issue's PDFs may read: the files it prints, one by one (a path in an
    article that the checks did not see fails the issue rather than print a file that is
    not published), the bulletin's theme folder, the fonts and the colour profile."""
    return sorted({corpus.root / f for f in printed_files(corpus, issue)}) + [
        corpus.root / TEMPLATES, icc, *sorted({face.path.parent for face in faces})]
