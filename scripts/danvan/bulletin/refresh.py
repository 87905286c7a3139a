"""Lay out the issues the live preview showed from an earlier rendering (build_issues'
``defer``), in a process of its own: the preview does not wait for WeasyPrint, and the
layout runs on the other core. Run by site/preview.py as

    python -m danvan.bulletin.refresh '{"root": …, "today": …, "options": {…}}'

with the preview's own options (its site_url is the preview's address, part of each issue's
cache key), so the next rebuild finds the new PDFs in the cache. Errors go to stderr, in
Vietnamese, and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import content, text
from . import BulletinError
from .publish import Issues, Options


def main(argv: list[str]) -> int:
    args = json.loads(argv[0])
    root = Path(args["root"])
    corpus = content.load(root, text.parse_date(args["today"]), strict=False)
    if corpus.collector.errors:
        print("\n".join(str(p) for p in corpus.problems if not p.warning), file=sys.stderr)
        return 1
    try:
        Issues(corpus, Options(**args["options"]), root)
    except BulletinError as exc:
        print(f"Lỗi – bản tin: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
