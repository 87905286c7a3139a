"""What /admin/ serves: the page (static/index.html), the configuration made now from the
schemas (cms.py) and Decap CMS itself, self-hosted from node_modules/decap-cms (pinned in
package-lock.json): its bundle, the chunks it loads from its own folder and their licence
notice. Nothing comes from another origin.

Only the live preview and the editors' build (`danvan build --bien-tap`, into its own
folder) serve it; the public site never does (site/plugin.py asks ``wanted``).
"""

from __future__ import annotations

import os
from pathlib import Path

from . import cms

FOLDER = "admin"  # the URL: /admin/
ENV = "DANVAN_EDITOR"  # "1": this build is the editors' (set by `danvan build --bien-tap`)
STATIC = Path(__file__).parent / "static"
DECAP = Path("node_modules") / "decap-cms" / "dist"
BUNDLE = "decap-cms.js"
PUBLIC_OUT = "site"  # the public site, what scripts/deploy.sh publishes
EDITORS_OUT = "site-bien-tap"  # the editors' build (`danvan build --bien-tap`)


def build_folder(root: Path, out_dir: str | None, editors: bool) -> str:
    """Where `danvan build` writes: the editors' build (``editors``) has /admin/ and goes to
    its own folder, never to the public one (site/); any other build has no /admin/, whatever
    the environment says."""
    if not editors:
        os.environ.pop(ENV, None)
        return out_dir or PUBLIC_OUT
    out_dir = out_dir or EDITORS_OUT
    if (root / out_dir).resolve() == (root / PUBLIC_OUT).resolve():
        raise cms.ConfigError(f"bản biên tập không được dựng vào {PUBLIC_OUT}/ (thư mục "
                              f"công bố)\n    Cách sửa: bỏ --out để dựng vào {EDITORS_OUT}/")
    os.environ[ENV] = "1"
    return out_dir


def wanted(preview: bool) -> bool:
    """The web editor is served in the live preview and in the editors' build only."""
    return preview or os.environ.get(ENV) == "1"


def decap_files(root: Path) -> list[Path]:
    """Decap's bundle, the chunks it loads (``<n>.decap-cms.js``, ``*.wasm``) and the
    licence notice; not the source maps, nor ``cms.js`` (the same bundle under an old
    name) and its chunks."""
    dist = root / DECAP
    if not (dist / BUNDLE).is_file():
        raise cms.ConfigError(f"thiếu Decap CMS ({DECAP}/{BUNDLE}); chạy “make setup” (npm ci) "
                         "để cài")
    return sorted(p for p in dist.iterdir() if p.is_file() and (
        p.name == BUNDLE or p.name.endswith((f".{BUNDLE}", ".wasm", f"{BUNDLE}.LICENSE.txt"))))


def files(root: Path) -> list[tuple[str, Path | str]]:
    """(path in the site, the file to copy or the text to write) of everything /admin/
    serves."""
    out: list[tuple[str, Path | str]] = [
        (f"{FOLDER}/{p.name}", p) for p in sorted(STATIC.iterdir()) if p.is_file()]
    out.append((f"{FOLDER}/config.yml", cms.render(root)))
    out += [(f"{FOLDER}/{p.name}", p) for p in decap_files(root)]
    return out
