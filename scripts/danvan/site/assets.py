"""The site's generated assets: the self-hosted fonts (``typefaces``) and robots.txt."""

from __future__ import annotations

from pathlib import Path


from ..typefaces import font_faces
from .compat import File


def files(config) -> list[File]:
    root = Path(config.config_file_path).parent
    css, fonts = font_faces(root)
    out = [File.generated(config, "assets/stylesheets/fonts.css", content=css)]
    out += [File.generated(config, f"assets/fonts/{f.name}", abs_src_path=str(f)) for f in fonts]
    return out


def write_robots(config) -> None:
    base = (config.site_url or "").rstrip("/")
    sitemap = f"Sitemap: {base}/sitemap.xml\n" if base else ""
    text = "User-agent: *\nDisallow: /404.html\n" + sitemap
    Path(config.site_dir, "robots.txt").write_text(text, "utf-8")
