"""Raw HTML in content: one allow-list, enforced by nh3 (ammonia) and explained to editors.

Markdown lets an editor type HTML. What may pass is the HTML that Markdown itself makes
(paragraphs, links, images, tables, footnotes, notes) and a few harmless elements; nothing
that runs, loads, submits, redirects or hides. ``clean`` enforces the list on every rendered
body, on the site and in the bulletin; ``problems`` names each thing an editor wrote
outside it, at its line, so that nothing is dropped silently. The editors' guide lists the
same elements (``TAGS``, printed by theme/page-fields.html). The server's CSP
(scripts/nginx) is the second line.
"""

from __future__ import annotations

import re

import nh3

TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "q", "kbd", "span", "div", "a", "img", "figure", "figcaption",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
    "th", "td", "details", "summary",
})
_CELL = {"style", "colspan", "rowspan", "align"}
ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": _CELL, "td": _CELL,
    "ol": {"start"},
}
# Classes Markdown's extensions write (footnotes, admonitions, tables of contents).
_NOTES = {"admonition", "note", "info", "tip", "warning", "danger", "important", "caution",
          "example", "quote", "abstract", "success", "question", "failure", "bug"}
CLASSES = {
    "a": {"footnote-ref", "footnote-backref", "headerlink"},
    "div": {"footnote", "toc"} | _NOTES,
    "p": {"admonition-title"},
    # Fenced code names its language (```yaml); nothing styles or runs by it.
    "code": {f"language-{name}" for name in (
        "bash", "sh", "console", "text", "yaml", "json", "toml", "ini", "markdown", "md",
        "html", "css", "js", "javascript", "python", "xml", "sql", "csv")},
}
STYLES = {"text-align"}  # Markdown's table alignment; any other style could hide text
SCHEMES = {"http", "https", "mailto", "tel"}
# Element ids the page's own code looks up: Material's ("__config", "__search"…) and the
# theme's scripts' (theme/assets/javascripts/). An editor's element may not take them.
THEME_IDS = frozenset({"dv-q", "dv-search-input", "dv-search-results", "registry"})


def _reserved(value: str) -> bool:
    return value.startswith("__") or value in THEME_IDS

_CLEANER = None


def _keep(tag: str, attribute: str, value: str) -> str | None:
    # (Where a link may point is each output's rule, not the sanitizer's: a page keeps only
    # links to what the build writes, a PDF only to published pages: addresses.py.)
    # An image is a file of the site: nothing is loaded from elsewhere when a page is read.
    if tag == "img" and attribute == "src" and (_SCHEME.match(value) or value.startswith("//")):
        return None
    # Ids the page's own code looks up (Material's "__config", "__search"…) stay its own.
    if attribute == "id" and _reserved(value):
        return None
    return value


def clean(html: str) -> str:
    """``html`` with everything outside the allow-list removed (script and style with
    their content, other elements keeping their text)."""
    global _CLEANER
    if _CLEANER is None:  # built once per process: the Rust side compiles the lists
        _CLEANER = nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in
                                                           ATTRIBUTES.items()},
                               allowed_classes={k: set(v) for k, v in CLASSES.items()},
                               url_schemes=set(SCHEMES), filter_style_properties=set(STYLES),
                               link_rel=None, strip_comments=True, attribute_filter=_keep)
    return _CLEANER.clean(html)


# --- Telling the editor ----------------------------------------------------------------------

# Python-Markdown's attr_list: "{: .class #id key=value }" after a block or a span.
# (No "{" inside: an attempt stops at the next brace, so a line of "{a{a{a…" costs linear
# time, not quadratic.)
_ATTR_LIST = re.compile(r"\{:?[ ]*([^{}\n ][^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"""([^\s=]+)=(?:"([^"]*)"|'([^']*)'|(\S+))|([.#][^\s.#]+)""")
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)


def problems(body: str) -> list[tuple[int, str]]:
    """(0-based line, message) for each element, attribute, class, style or URL of raw
    HTML (or of an attr_list) in a Markdown body that ``clean`` would remove. The body's
    code blocks and spans should be blanked out first: HTML shown as code is text."""
    found: list[tuple[int, str]] = []
    if "<" in body:  # most bodies have no HTML
        found = _element_problems(body)
    for m in _ATTR_LIST.finditer(body) if "{" in body else ():
        line = body.count("\n", 0, m.start())
        for pair in _ATTR_PAIR.finditer(m.group(1)):
            if pair.group(5):
                if pair.group(5).startswith("."):
                    found += _attribute_problems("*", "class", pair.group(5)[1:], line)
                continue
            name = pair.group(1)
            value = next((g for g in pair.group(2, 3, 4) if g is not None), "")
            found += _attribute_problems("*", name.lower(), value, line)
    return found


def _allowed(tag: str, attribute: str) -> bool:
    return attribute in ATTRIBUTES["*"] or attribute in ATTRIBUTES.get(tag, ())


def _attribute_problems(tag: str, name: str, value: str, line: int) -> list[tuple[int, str]]:
    if name == "class":
        allowed = CLASSES.get(tag, set()) if tag != "*" else set().union(*CLASSES.values())
        bad = [c for c in value.split() if c not in allowed]
        return [(line, f"lớp (class) “{c}” không được phép") for c in bad]
    if name == "style":
        if tag in ("th", "td", "*"):
            props = [p.split(":", 1)[0].strip().lower() for p in value.split(";") if p.strip()]
            if all(p in STYLES for p in props) and tag != "*":
                return []
        return [(line, f"thuộc tính style=“{value}” không được phép (có thể ẩn nội dung)")]
    if not _allowed(tag, name) and not (tag == "*" and any(name in a for a in ATTRIBUTES.values())):
        kind = "thuộc tính sự kiện" if name.startswith("on") else "thuộc tính"
        return [(line, f"{kind} “{name}” không được phép" + (f" trên thẻ <{tag}>" if tag != "*"
                                                             else ""))]
    # Browsers drop tabs and line breaks inside a URL ("java&#9;script:") and spaces and
    # control characters before it.
    value = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(33))))
    if name == "id" and _reserved(value):
        return [(line, f"id “{value}” dành cho giao diện trang")]
    if name in ("href", "src") and (m := _SCHEME.match(value)) and \
            m.group(1).lower() not in SCHEMES:
        return [(line, f"đường dẫn “{value[:60]}” dùng giao thức {m.group(1)}: không được "
                 "phép")]
    return []


def _element_problems(body: str) -> list[tuple[int, str]]:
    """Elements and attributes outside the allow-list, parsed by libxml2 (linear time on any
    input: Python's own HTMLParser is quadratic on "<a <a <a …"), with their lines."""
    import lxml.etree
    import lxml.html

    found: list[tuple[int, str]] = []
    try:
        root = lxml.html.fragment_fromstring(body, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return found
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue  # the wrapper, comments, processing instructions
        tag, line = element.tag.lower(), max((element.sourceline or 1) - 1, 0)
        if any(ch in tag for ch in ":@."):  # an autolink, <https://…> or <a@b.vn>
            continue
        if tag not in TAGS:
            found.append((line, f"thẻ HTML <{tag}> không được phép"))
            continue
        for name, value in element.attrib.items():
            if name != "markdown":  # md_in_html's switch, read by Markdown, never output
                found += _attribute_problems(tag, name.lower(), value or "", line)
    return found
