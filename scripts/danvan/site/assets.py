"""The site's generated assets: the self-hosted fonts (``typefaces``), the committee's
emblem and robots.txt."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from ..typefaces import font_faces
from .compat import File


def files(config) -> list[File]:
    root = Path(config.config_file_path).parent
    css, fonts = font_faces(root)
    out = [File.generated(config, "assets/stylesheets/fonts.css", content=css)]
    out += [File.generated(config, f"assets/fonts/{f.name}", abs_src_path=str(f)) for f in fonts]
    return out


def identity(config, data_dir: Path, org) -> tuple[list[File], str]:
    """The committee's emblem (named in co-quan.yml, validated when the content was read),
    under a name that changes with its content, and its colours as a stylesheet (values
    checked as #rrggbb by the schema); with the emblem's site-relative URL."""
    c = org.colors
    css = (f":root {{ --dv-red: {c.banner}; --dv-red-dark: {c.banner_dark}; "
           f"--dv-gold: {c.accent}; }}\n")
    out = [File.generated(config, "assets/stylesheets/identity.css", content=css)]
    if not org.logo:
        return out, ""
    source = data_dir / org.logo
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
    url = f"assets/images/bieu-trung.{digest}{PurePosixPath(org.logo).suffix.lower()}"
    out.append(File.generated(config, url, abs_src_path=str(source)))
    return out, url


def write_robots(config) -> None:
    base = (config.site_url or "").rstrip("/")
    sitemap = f"Sitemap: {base}/sitemap.xml\n" if base else ""
    text = "User-agent: *\nDisallow: /404.html\n" + sitemap
    Path(config.site_dir, "robots.txt").write_text(text, "utf-8")
