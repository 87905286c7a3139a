"""The design's typefaces: the self-hosted @fontsource files the site and the bulletin share.

Fonts come from the @fontsource npm packages (pinned by package-lock.json), limited to the
latin, latin-ext and vietnamese subsets and to woff2, which every supported browser reads.
The browser downloads a subset only when a page uses a character in its unicode-range; the
bulletin merges the subsets of a face into one font (bulletin/fonts.py). Nothing here knows
of MkDocs or WeasyPrint.
"""

from __future__ import annotations

import re
from pathlib import Path

# (npm package, CSS file per weight/style) the design uses: interface and headings in
# Be Vietnam Pro, long text in Noto Serif, code and file examples in Noto Sans Mono (a
# system monospace font may lack the precomposed Vietnamese letters: “huâń” for “huấn”).
FACES = {
    "be-vietnam-pro": ["400.css", "600.css", "700.css"],
    "noto-serif": ["400.css", "400-italic.css", "700.css"],
    "noto-sans-mono": ["400.css"],
}
SUBSETS = ("latin", "latin-ext", "vietnamese")
_BLOCK = re.compile(r"/\* (?P<name>[a-z0-9-]+) \*/\s*@font-face\s*\{(?P<body>[^}]*)\}", re.S)
_SRC = re.compile(r"src:[^;]*;")


def _font_blocks(root: Path):
    """(woff2 file, @font-face body) of every face and subset the design uses."""
    for package, sheets in FACES.items():
        folder = root / "node_modules" / "@fontsource" / package
        for sheet in sheets:
            for block in _BLOCK.finditer((folder / sheet).read_text("utf-8")):
                name = block["name"]
                if any(name == f"{package}-{s}-{w}" for s in SUBSETS for w in _weights(sheet)):
                    yield folder / "files" / f"{name}.woff2", block["body"]


def font_faces(root: Path) -> tuple[str, list[Path]]:
    """The @font-face rules to serve and the woff2 files they name."""
    css, files = [], []
    for woff2, body in _font_blocks(root):
        body = _SRC.sub(f"src: url(../fonts/{woff2.name}) format('woff2');", body)
        css.append(f"@font-face {{{body}}}")
        files.append(woff2)
    return "\n".join(css) + "\n", files


_DESCRIPTOR = re.compile(r"font-(family|style|weight):\s*'?([^';]+)'?;")


def font_files(root: Path) -> dict[tuple[str, str, str], list[Path]]:
    """(family, weight, style) -> its subset files: what the bulletin merges into one font."""
    faces: dict[tuple[str, str, str], list[Path]] = {}
    for woff2, body in _font_blocks(root):
        found = dict(_DESCRIPTOR.findall(body))
        faces.setdefault((found["family"], found["weight"], found["style"]), []).append(woff2)
    return faces


def _weights(sheet: str) -> list[str]:
    weight, _, style = sheet.removesuffix(".css").partition("-")
    return [f"{weight}-{style or 'normal'}"]
