"""Load and validate all sources into one model: Markdown + data files -> ``Corpus``.

This package is the only reader of the sources, in stages: reading.py (each file into a
validated ``Item``), links.py (URLs, references, what a published item may name),
issues.py (bulletin manifests); model.py holds the ``Item`` and the ``Corpus``, the one
product.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..problems import Collector
from .cache import ItemCache
from .issues import resolve_issues
from .links import assign_urls, check_links, cross_check
from .model import (BULLETINS_DIR, CONTENT_DIR, DATA_DIR, MODELS_DIR, Corpus, Item, Placement,
                    confidential, newest_first, why_unpublished)
from .reading import load_data, read_all, sources

__all__ = ["BULLETINS_DIR", "CONTENT_DIR", "DATA_DIR", "MODELS_DIR", "Corpus", "Item",
           "ItemCache", "Placement", "confidential", "load", "load_data", "newest_first", "why_unpublished"]


def load(root: Path | str, today: dt.date | None = None,
         jobs: int | Callable[[int], int] = 1, strict: bool = True,
         cache: ItemCache | None = None) -> Corpus:
    """Read every source under ``root``; problems are collected on ``corpus.collector``.

    With ``jobs`` > 1 the files are read and validated by that many processes (a build of
    thousands of items; see ``reading.read_all``). ``jobs`` may be a function of the number of
    files, which only this function knows. ``strict`` is a build for publication; the live
    preview passes False, and a link to unpublished content is then only a warning.
    ``cache`` keeps the items read without problems between builds (content/cache.py: what
    depends on a file alone; URLs, links and publication are decided here, every time)."""
    root = Path(root)
    collector = Collector()
    org, catalogs, registry = load_data(root, collector)
    found = sources(root, collector)
    items = read_all(root, found, collector, jobs, cache)
    if cache is not None:
        cache.save()
    today = today or dt.date.today()
    corpus = Corpus(root, today, org, catalogs, registry, items, collector)
    if org is None or catalogs is None:
        return corpus
    for item in items:
        item.published = item.meta.public and (item.date is None or item.date <= today)
    # Published items claim their URLs first: a draft (or a classified document of the same
    # number) never pushes a public page to "-2", which would also betray that it exists.
    assign_urls(sorted(items, key=lambda i: not i.published), collector)
    cross_check(corpus)
    resolve_issues(corpus)
    check_links(corpus, strict)
    return corpus
