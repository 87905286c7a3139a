"""Markdown as both outputs read it: one list of extensions and their settings.

The site (set on MkDocs' configuration by the plugin) and the bulletin (Python-Markdown
directly) convert the same bodies with these, so a body reads the same on a page and in
print. MkDocs always adds toc, tables and fenced_code; they are named here so that the
bulletin gets them too.
"""

from __future__ import annotations

import copy

from . import text

EXTENSIONS = ["toc", "tables", "fenced_code", "footnotes", "attr_list", "admonition",
              "def_list", "md_in_html"]
CONFIGS = {"toc": {"permalink": False, "slugify": text.toc_slugify}}


def settings() -> tuple[list[str], dict[str, dict]]:
    """(extensions, their settings), fresh copies for a caller to keep."""
    return list(EXTENSIONS), copy.deepcopy(CONFIGS)
