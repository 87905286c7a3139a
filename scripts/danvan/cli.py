"""The editors' commands: check, build, serve, new, chuan-hoa (NFC), fields.

Messages are Vietnamese; every command exits non-zero when something is wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
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
        from .site import gallery, tracking
        from .site.bulletins import archive_view
        from .site.views import build_views, check_urls

        from .bulletin.tracking import resolve

        # The programmes tracked (their targets and the units' reports) are content too,
        # and so are the issues' sections that print their figures.
        programmes = tracking.Programmes.load(corpus, _root())
        corpus.collector.problems += programmes.problems + resolve(corpus)
        check_urls(corpus, build_views(corpus) + gallery.views(corpus) +
                   [archive_view(corpus, corpus.of_kind("bulletin"))] +
                   tracking.views(programmes, None))
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
@click.option("--out", "out_dir",
              help="Thư mục ra: mặc định site/ (site-bien-tap/ với --bien-tap).")
@click.option("--xuat-ban", "publication", is_flag=True,
              help="Bản để công bố: dừng nếu còn giá trị mẫu (địa chỉ, điện thoại, biểu "
                   "trưng…). Tự bật khi site_url trong mkdocs.yml là địa chỉ thật.")
@click.option("--bien-tap", "editors", is_flag=True,
              help="Bản cho người biên tập: có thêm trình biên tập tại /admin/; dựng vào "
                   "site-bien-tap/, không bao giờ vào site/.")
def build(today: str | None, config_file: str, out_dir: str | None, publication: bool,
          editors: bool) -> None:
    from .build import build_site
    from .editor import admin

    if publication:  # read by the plugin (site/plugin.py, identity.py)
        os.environ["DANVAN_PUBLICATION"] = "1"
    # The web editor (/admin/) is in the editors' build only, in a folder of its own.
    try:
        out_dir = admin.build_folder(_root(), out_dir, editors)
    except admin.cms.ConfigError as exc:
        click.echo(f"Lỗi – {exc}", err=True)
        sys.exit(2)
    sys.exit(build_site(_root(), Path(config_file), Path(out_dir), _today(today)))


@main.command("ban-tin", help="Chỉ dựng các số bản tin: bản điện tử, bản in, bản in gập.")
@click.option("--today", help="Ngày xuất bản giả định (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True)
@click.option("--nghiem-ngat", "strict", is_flag=True,
              help="Dừng với lỗi nếu báo cáo bố cục có trang dưới ngưỡng, cột trống, bảng bị "
                   "tách… (mặc định chỉ cảnh báo; hoặc bulletin_strict_layout trong mkdocs.yml).")
def bulletin(today: str | None, config_file: str, strict: bool) -> None:
    # The bulletin alone: no MkDocs (tests/test_structure.py checks it is not imported).
    from dataclasses import replace

    from .bulletin import BulletinError
    from .bulletin.build import LayoutError
    from .bulletin.publish import Issues, Options, layout_reports

    corpus = content.load(_root(), _today(today))
    if corpus.collector.errors:
        click.echo(report(corpus.problems), err=True)
        sys.exit(1)
    options = Options.from_config_file(_root() / config_file)
    try:
        built = Issues(corpus, replace(options, strict_layout=options.strict_layout or strict),
                       _root())
    except LayoutError as exc:  # the reports first: they show where
        click.echo(layout_reports(exc.result.outputs.values()))
        click.echo(f"Lỗi – {exc}", err=True)
        sys.exit(1)
    except BulletinError as exc:
        click.echo(f"Lỗi – {exc}", err=True)
        sys.exit(1)
    click.echo(built.layout_reports())
    for warning in built.result.warnings:
        click.echo(str(warning), err=True)
    folder = built.publish_print()
    click.echo(f"{len(built.issues)} số bản tin ({built.result.rendered} số dựng mới) trong "
               f"{built.result.seconds:.1f} giây; bản in và bản in gập ở "
               f"{folder.relative_to(_root())}/.")


@main.command(help="Xem trước trực tiếp tại http://127.0.0.1:8000 (tự tải lại khi sửa); "
                   "trình biên tập trên web tại /admin/.")
@click.option("--addr", default="127.0.0.1:8000", show_default=True)
@click.option("--cms-port", type=int, default=8081, show_default=True,
              help="Cổng của decap-server, nơi trình biên tập /admin/ đọc và ghi tệp.")
def serve(addr: str, cms_port: int) -> None:
    from .editor import server
    from .site import compat

    with server.beside_preview(_root(), cms_port, f"http://{addr}/admin/"):
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
                                                                            ".yaml", ".csv"}:
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


@main.command(help="Sinh lại cấu hình trình biên tập trên web (admin/config.yml) từ các schema.")
@click.option("--kiem-tra", "check_only", is_flag=True,
              help="Chỉ kiểm tra tệp đã khớp với các schema chưa; không ghi gì.")
def cms(check_only: bool) -> None:
    from .editor import cms as config

    try:
        current = config.is_current(_root())
        if not check_only and not current:
            config.write(_root())
    except config.ConfigError as exc:
        click.echo(f"Lỗi – {exc}", err=True)
        sys.exit(1)
    if check_only and not current:
        click.echo(f"Lỗi – {config.CONFIG} không khớp với các schema\n    Cách sửa: chạy "
                   "“make cms” rồi đưa tệp vào commit", err=True)
        sys.exit(1)
    click.echo(f"{config.CONFIG} " + ("đã khớp với các schema." if current else
                                      "đã được sinh lại."))


@main.group("bao-cao", help="Báo cáo của các đơn vị về một chương trình (theo dõi chỉ tiêu).")
def reports() -> None:
    pass


def _programme(programme_id: str):
    from .programme import load_programme
    from .programme.reading import programme_folders

    known = [p.name for p in programme_folders(_root())]
    if programme_id not in known:
        click.echo(f"Lỗi – không có chương trình “{programme_id}” trong "
                   f"content/_du-lieu/chuong-trinh/\n    Cách sửa: dùng một trong: "
                   f"{', '.join(known) or '(chưa có chương trình nào)'}", err=True)
        sys.exit(1)
    programme = load_programme(_root(), programme_id)
    if programme.errors:
        click.echo(report(programme.problems), err=True)
        click.echo("\nSửa các lỗi của chương trình trước.", err=True)
        sys.exit(1)
    return programme


@reports.command("mau", help="Tạo tệp Excel mẫu để đơn vị điền báo cáo.")
@click.argument("programme_id")
@click.option("--don-vi", "unit", help="Điền sẵn mã đơn vị.")
@click.option("--ky", "period", help="Điền sẵn kỳ báo cáo (ví dụ 2018-6T1).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp ra (mặc định: mau-bao-cao-<chương trình>.xlsx).")
def report_template(programme_id: str, unit: str | None, period: str | None,
                    out: Path | None) -> None:
    from .programme import template_workbook

    programme = _programme(programme_id)
    path = template_workbook(programme, out or Path(f"mau-bao-cao-{programme_id}.xlsx"),
                             unit, period)
    click.echo(f"Đã tạo {path}: gửi cho đơn vị điền trang “Báo cáo”, rồi nhập bằng "
               f"“danvan bao-cao nhap {programme_id} <tệp>”.")


@reports.command("nhap", help="Nhập tệp Excel đơn vị gửi thành tệp báo cáo (bao-cao/…).")
@click.argument("programme_id")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ghi-de", "replace", is_flag=True,
              help="Thay báo cáo đã có của cùng đơn vị, cùng kỳ (báo cáo sửa lại).")
def report_import(programme_id: str, files: tuple[Path, ...], replace: bool) -> None:
    from .programme.workbook import import_files

    programme = _programme(programme_id)
    written, problems = import_files(programme, list(files), replace)
    if problems:
        click.echo(report(problems), err=True)
    if not written:
        click.echo("\nChưa nhập tệp nào: sửa các lỗi trên rồi nhập lại.", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"Đã ghi {path.relative_to(_root())}")
    click.echo("Chạy “make kiem-tra” rồi đưa các tệp vào commit.")


def run() -> None:
    """The command line (``danvan``, ``python -m danvan.cli``). A build of thousands of
    pages leaves hundreds of MB of objects, and Python freed them one by one at exit: 0.7 s
    at 5,000 articles after the build had printed its result. The process ends at once
    instead, once its output is flushed; nothing is left pending by then (the old site is
    deleted by a process of its own, the preview's helpers are stopped by its command)."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    end(code)


def end(code: int) -> None:
    """End the process at once with ``code``, its output flushed (``run``)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
