"""Builders for throw-away projects: the repo's data files, theme and config, plus chosen
content. Imported by the tests as ``from builders import …`` (a conftest cannot be imported
by name: tests/ and tests/browser/ each have one)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Project:
    """A project folder with the repo's data files, theme and config, and chosen content."""

    def __init__(self, root: Path):
        self.root = root
        # The data files, not the programmes tracked (content too, and seconds of charts and
        # PDFs per build): tests/test_tracking.py adds one where it is wanted.
        shutil.copytree(REPO / "content" / "_du-lieu", root / "content" / "_du-lieu",
                        ignore=shutil.ignore_patterns("chuong-trinh"))
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / "theme").symlink_to(REPO / "theme")
        (root / "node_modules").symlink_to(REPO / "node_modules")

    def write(self, rel: str, body: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n"), "utf-8")
        return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, by path, with its bytes (to compare two builds)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def small_site(project: Project, count: int, by_year: bool = False) -> None:
    """``count`` tagged news articles (in three year folders if ``by_year``) and the Đề án:
    enough for listings, tag, locality and archive pages."""
    for n in range(count):
        year = 2020 + n % 3 if by_year else 2024
        folder = f"content/tin-tuc/{year}" if by_year else "content/tin-tuc"
        project.write(f"{folder}/bai-{n}.md",
                      article(f"Bài {n} về dân vận khéo", date=f"{year}-05-{n + 1:02d}",
                              tags="[đối thoại, dân vận khéo]",
                              localities="[huyện Văn Lâm]"))
    project.write("content/van-ban/de-an.md", document("02-ĐA/TU"))


def article(title: str, date: str = "2024-05-01", **fields: str) -> str:
    """Front matter + body of a valid news article; fields override or add lines."""
    values = {"title": f'"{title}"', "date": date, "section": "hoat-dong",
              "status": "published", "visibility": "public"}
    values.update(fields)
    head = "\n".join(f"{k}: {v}" for k, v in values.items())
    return f"---\n{head}\n---\n\nNội dung của bài {title}.\n"


def document(number: str, date: str = "2016-08-15", **fields: str) -> str:
    values = {"title": f'"Văn bản {number}"', "number": f'"{number}"', "issuer": "Tỉnh ủy Hưng Yên",
              "date": date, "summary": f'"Trích yếu {number}"', "classification": "unclassified",
              "status": "published"}
    values.update(fields)
    head = "\n".join(f"{k}: {v}" for k, v in values.items())
    return f"---\n{head}\n---\n\nToàn văn {number}.\n"


def png(marker: str = "", size=(40, 30), colour=(163, 22, 26)) -> bytes:
    """A real PNG (content is checked, not the name), ``marker`` kept in a text chunk so
    that a leak test can look for its bytes."""
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if marker:
        info.add_text("Comment", marker)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf(marker: str = "") -> bytes:
    """A real one-page PDF whose uncompressed bytes hold ``marker``."""
    import io

    import pikepdf

    document = pikepdf.new()
    document.add_blank_page()
    if marker:
        document.docinfo["/Subject"] = marker
    out = io.BytesIO()
    document.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()
