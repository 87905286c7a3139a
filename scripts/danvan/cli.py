"""The editors' commands: check, build, serve, new, chuan-hoa (NFC), fields.

Messages are Vietnamese; every command exits non-zero when something is wrong.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from . import content, text
from .content_types import scaffolds
from .problems import report


def _root() -> Path:
    return Path.cwd()


def _today(value: str | None) -> dt.date:
    return text.parse_date(value) if value else dt.date.today()


class _Commands(click.Group):
    """Every command ends in a Vietnamese message: a failure that is not a content problem
    (those are reported by each command) is named, never shown as a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the boundary of every command
            if os.environ.get("DANVAN_DEBUG"):
                raise
            from .build import unexpected

            click.echo(unexpected(exc), err=True)
            sys.exit(2)


@click.group(cls=_Commands, help="Cổng Dân vận Hưng Yên: kiểm tra, dựng trang và bản tin.")
def main() -> None:
    pass


@main.command(help="Kiểm tra toàn bộ nội dung, báo mọi lỗi một lần.")
@click.option("--today", help="Ngày xuất bản giả định (YYYY-MM-DD), mặc định hôm nay.")
def check(today: str | None) -> None:
    corpus = content.load(_root(), _today(today))
    if corpus.organisation is not None and corpus.catalogs is not None:
        # What the build adds to the model: the generated pages, whose URLs must be free.
        from .site import gallery
        from .site.bulletins import archive_view
        from .site.views import build_views, check_urls

        check_urls(corpus, build_views(corpus) + gallery.views(corpus) +
                   [archive_view(corpus, corpus.of_kind("bulletin"))])
    if corpus.problems:
        click.echo(report(corpus.problems), err=True)
    errors = corpus.collector.errors
    published = len(corpus.published)
    if errors:
        click.echo(f"\n{len(errors)} lỗi. Chưa xuất bản được; sửa các lỗi trên rồi chạy lại.",
                   err=True)
        sys.exit(1)
    click.echo(f"Nội dung hợp lệ: {len(corpus.items)} tệp, {published} được xuất bản.")


@main.command(help="Dựng website (và bản tin) vào thư mục site/; giữ nguyên bản cũ nếu lỗi.")
@click.option("--today", help="Ngày xuất bản giả định (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True)
@click.option("--out", "out_dir", default="site", show_default=True)
@click.option("--xuat-ban", "publication", is_flag=True,
              help="Bản để công bố: dừng nếu còn giá trị mẫu (địa chỉ, điện thoại, biểu "
                   "trưng…). Tự bật khi site_url trong mkdocs.yml là địa chỉ thật.")
def build(today: str | None, config_file: str, out_dir: str, publication: bool) -> None:
    from .build import build_site

    if publication:  # read by the plugin (site/plugin.py, identity.py)
        os.environ["DANVAN_PUBLICATION"] = "1"
    sys.exit(build_site(_root(), Path(config_file), Path(out_dir), _today(today)))


@main.command("ban-tin", help="Chỉ dựng các số bản tin: bản điện tử, bản in, bản in gập.")
@click.option("--today", help="Ngày xuất bản giả định (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True)
def bulletin(today: str | None, config_file: str) -> None:
    # The bulletin alone: no MkDocs (tests/test_structure.py checks it is not imported).
    from .bulletin import BulletinError
    from .bulletin.publish import Issues, Options

    corpus = content.load(_root(), _today(today))
    if corpus.collector.errors:
        click.echo(report(corpus.problems), err=True)
        sys.exit(1)
    try:
        built = Issues(corpus, Options.from_config_file(_root() / config_file), _root())
    except BulletinError as exc:
        click.echo(f"Lỗi – {exc}", err=True)
        sys.exit(1)
    for warning in built.result.warnings:
        click.echo(str(warning), err=True)
    folder = built.publish_print()
    click.echo(f"{len(built.issues)} số bản tin ({built.result.rendered} số dựng mới) trong "
               f"{built.result.seconds:.1f} giây; bản in và bản in gập ở "
               f"{folder.relative_to(_root())}/.")


@main.command(help="Xem trước trực tiếp tại http://127.0.0.1:8000 (tự tải lại khi sửa).")
@click.option("--addr", default="127.0.0.1:8000", show_default=True)
def serve(addr: str) -> None:
    from .site import compat

    compat.serve(config_file="mkdocs.yml", dev_addr=addr)


@main.command("chuan-hoa", help="Chuyển mọi tệp nội dung về Unicode NFC (sửa lỗi NFD).")
def normalise() -> None:
    changed = 0
    for base in (content.CONTENT_DIR, content.MODELS_DIR, "bulletins"):
        folder = _root() / base
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix in {".md", ".yml",
                                                                            ".yaml"}:
                raw = path.read_text("utf-8")
                if not text.is_nfc(raw) or raw.startswith("\ufeff"):
                    path.write_text(text.nfc(raw.removeprefix("\ufeff")), "utf-8")
                    click.echo(f"Đã chuẩn hóa: {path.relative_to(_root())}")
                    changed += 1
            if not text.is_nfc(path.name):
                target = path.with_name(text.nfc(path.name))
                path.rename(target)
                click.echo(f"Đã đổi tên: {target.relative_to(_root())}")
                changed += 1
    click.echo(f"Xong: {changed} thay đổi.")


@main.command(help="Tạo bài mới từ mẫu: loại là " + ", ".join(scaffolds()) + ".")
@click.argument("kind", type=click.Choice(list(scaffolds())))
@click.argument("title")
def new(kind: str, title: str) -> None:
    from .scaffold import create

    path = create(_root(), kind, text.nfc(title), dt.date.today())
    click.echo(f"Đã tạo {path.relative_to(_root())}; sửa nội dung rồi chạy “make kiem-tra”.")


@main.command(help="In bảng các trường của từng loại nội dung (Markdown).")
def fields() -> None:
    from .guide import fields_markdown

    click.echo(fields_markdown())


if __name__ == "__main__":
    main()
