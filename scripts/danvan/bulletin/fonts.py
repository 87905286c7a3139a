"""The bulletin's fonts: the site's @fontsource subsets, merged into one font file per face.

WeasyPrint 70 names an embedded font after its family, weight and style only, so the three
subset files of one face (latin, latin-ext, vietnamese; see typefaces.py) collapse into one
PDF font and the glyphs of the others come out as garbage (ế, ộ, ữ, Ỷ drawn with the
glyph ids of another file). One merged file per face avoids it. Merging takes about a second
per face, once: the result is cached under the content hash of its sources.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..typefaces import font_files
from ..text import slugify

# The families the design declares, as their PDF names start (BaseFont "ABCDEF+Noto-Serif-Bold").
DECLARED = {"Be Vietnam Pro": "BeVietnamPro", "Noto Serif": "NotoSerif"}
_ORDER = ("latin", "latin-ext", "vietnamese")


@dataclass(frozen=True)
class Face:
    family: str
    weight: str
    style: str
    path: Path  # merged TrueType file


def _subset_rank(path: Path) -> int:
    name = path.name
    for rank, subset in sorted(enumerate(_ORDER), key=lambda rs: -len(rs[1])):
        if f"-{subset}-" in name:
            return rank
    return len(_ORDER)


def merged_faces(root: Path, cache_dir: Path) -> list[Face]:
    """One TrueType file per (family, weight, style), built once and cached."""
    from fontTools import version as fonttools_version

    faces = []
    folder = cache_dir / "fonts"
    for (family, weight, style), files in sorted(font_files(root).items()):
        files = sorted(files, key=_subset_rank)
        digest = hashlib.sha256(fonttools_version.encode())
        for path in files:
            digest.update(path.name.encode() + path.read_bytes())
        target = folder / f"{slugify(family)}-{weight}-{style}-{digest.hexdigest()[:16]}.ttf"
        if not target.exists():
            _merge(files, target)
        faces.append(Face(family, weight, style, target))
    return faces


def _merge(files: list[Path], target: Path) -> None:
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    plain = []
    for n, path in enumerate(files):
        # fontTools stamps head.modified with the current time on save unless told not to;
        # a time in the font would make every PDF differ from one build folder or day to
        # the next (the cached merged font is rebuilt in each checkout).
        font = TTFont(path, recalcTimestamp=False)
        font.flavor = None  # woff2 -> sfnt, which the merger reads
        plain_path = tmp.with_suffix(f".{n}.ttf")
        font.save(plain_path)
        plain.append(plain_path)
    try:
        merged = Merger().merge([str(p) for p in plain])
        # The merger stamps created/modified with the current time: take the source's.
        source_head = TTFont(plain[0], recalcTimestamp=False)["head"]
        merged["head"].created = source_head.created
        merged["head"].modified = source_head.modified
        merged.recalcTimestamp = False
        merged.save(tmp)
        tmp.replace(target)  # atomic: parallel builds never read half a file
    finally:
        for p in plain:
            p.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)


def font_css(faces: list[Face]) -> str:
    """@font-face rules naming the merged files (absolute file URLs)."""
    return "\n".join(
        f"@font-face {{ font-family: '{f.family}'; font-weight: {f.weight}; "
        f"font-style: {f.style}; src: url({f.path.resolve().as_uri()}); }}" for f in faces)


def declared(base_font: str) -> bool:
    """Whether a PDF BaseFont ("ABCDEF+Be-Vietnam-Pro-Bold") is one of the declared families."""
    name = base_font.lstrip("/").split("+", 1)[-1].replace("-", "").replace(" ", "")
    return any(name.startswith(prefix) for prefix in DECLARED.values())
