"""Scaffolds (Hugo's archetypes): new content starts from content/_mau/<kind>.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import text
from .content_types import scaffolds


def create(root: Path, kind: str, title: str, today: dt.date) -> Path:
    """Write a new draft from the scaffold; never overwrites an existing file."""
    template = (root / "content" / "_mau" / f"{kind}.md").read_text("utf-8")
    slug = text.slugify(title)
    path = root / scaffolds()[kind].scaffold_path.format(year=today.year, slug=slug)
    n = 2
    while path.exists():
        if path.name == "index.md":  # a bundle gets a new folder, not a second file
            path = path.parent.with_name(f"{slug}-{n}") / "index.md"
        else:
            path = path.with_name(f"{slug}-{n}.md")
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_title = title.replace('"', "'")
    path.write_text(template.replace("{title}", safe_title).replace("{date}", today.isoformat()),
                    "utf-8")
    return path
