"""A document's full text as a PDF in its official form (thể thức), for the registry's
file column when the committee has no scan of it: the same structured data as the web page
(``official_form.py``), A4 with the margins of Nghị định 30/2020/NĐ-CP (top and bottom
20 mm, left 30 mm, right 15 mm), in the bulletin's embedded fonts.

Made only for published documents that declare ``form:`` and have a text and no
``attachment``; cached by the content of everything that goes into it, so an unchanged
document is not rendered again. WeasyPrint reads only the theme's folder and the fonts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import markdown as markdown_lib
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import markup, official_form, sanitize
from ..content import Corpus, Item
from .cache import code_version, file_digest
from .fonts import font_css, merged_faces
from .layout import project_fetcher, strict
from .render import TEMPLATES

TEMPLATE = "document.html"


def wanted(item: Item) -> bool:
    doc = item.meta
    return item.kind == "document" and item.published and doc.form is not None \
        and not doc.attachment and bool(item.body.strip())


def document_pdfs(corpus: Corpus, cache_dir: Path) -> dict[str, Path]:
    """{document source: its PDF in the cache} for every document that gets one."""
    items = [i for i in corpus.of_kind("document") if wanted(i)]
    if not items:
        return {}
    root = corpus.root
    faces = merged_faces(root, cache_dir)
    folder = cache_dir / "van-ban"
    folder.mkdir(parents=True, exist_ok=True)
    templates = root / TEMPLATES
    # The bulletin cache's own key parts: the code and library versions, the templates and
    # the merged fonts (their names carry their digest).
    shared = hashlib.sha256(code_version().encode() + b"".join(
        file_digest(p) for p in sorted(templates.iterdir()) if p.is_file())
        + "".join(str(f.path) for f in faces).encode()).hexdigest()
    out = {}
    for item in items:
        key = hashlib.sha256((shared + item.body + json.dumps(
            item.meta.model_dump(mode="json"), sort_keys=True)).encode()).hexdigest()[:24]
        target = folder / f"{key}.pdf"
        if not target.exists():
            _render(item, root, templates, faces, target)
        out[item.source] = target
    return out


def _render(item: Item, root: Path, templates: Path, faces, target: Path) -> None:
    from weasyprint import HTML

    extensions, configs = markup.settings()
    body = sanitize.clean(markdown_lib.Markdown(extensions=extensions,
                                                extension_configs=configs).convert(item.body))
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    html = env.get_template(TEMPLATE).render(form=official_form.form_of(item.doc),
                                             body=Markup(body), title=item.title,
                                             fonts=Markup(font_css(faces)))
    allowed = [templates, *sorted({f.path.parent for f in faces})]
    base = templates.resolve().as_uri() + "/"
    with strict(item.source, "không tạo được bản PDF của văn bản"):
        pdf = HTML(string=html, base_url=base, url_fetcher=project_fetcher(allowed, base)
                   ).write_pdf()
    partial = target.with_suffix(".partial")
    partial.write_bytes(pdf)
    partial.replace(target)
