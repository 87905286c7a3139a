"""A page's Markdown rendered with one Markdown instance per process.

MkDocs 1.6 builds a new ``markdown.Markdown``, with every extension, for every page: at
thousands of pages that set-up is about a quarter of the Markdown time. ``render`` does
what ``mkdocs.structure.pages.Page.render`` does (MkDocs 1.6, pinned below 2, which is in
maintenance) on one reused instance: ``reset()`` between pages clears the state of the
converter and its extensions (footnotes, table of contents, stashed HTML), and MkDocs' four
per-page processors are registered again under their names, which replaces the previous
page's. tests/test_parallel.py checks that pages come out byte for byte as MkDocs makes them.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

_MKDOCS_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class Renderer:
    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def render(self, page, config, files) -> None:
        """Page.render(config, files) for ``page``, on the shared instance."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self._md is None:
            self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                         extension_configs=config["mdx_configs"] or {})
        md = self._md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _MKDOCS_PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
