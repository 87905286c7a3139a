"""The editors' commands: scaffold, check, NFC repair, field guide; exit codes."""

import unicodedata

from click.testing import CliRunner
from builders import article

from danvan import cli, content


def run(project, monkeypatch, *args):
    monkeypatch.chdir(project.root)
    return CliRunner().invoke(cli.main, list(args))


def test_new_creates_a_valid_draft_from_the_scaffold(project, monkeypatch):
    (project.root / "content" / "_mau").mkdir(parents=True)
    from builders import REPO
    for name in ("tin-tuc", "huong-dan", "van-ban", "trang"):
        (project.root / "content" / "_mau" / f"{name}.md").write_text(
            (REPO / "content" / "_mau" / f"{name}.md").read_text("utf-8"), "utf-8")
    result = run(project, monkeypatch, "new", "tin-tuc", "Hội nghị “Dân vận khéo” năm 2026")
    assert result.exit_code == 0, result.output
    (path,) = (project.root / "content" / "tin-tuc").rglob("*.md")
    assert path.name == "hoi-nghi-dan-van-kheo-nam-2026.md"
    corpus = content.load(project.root)
    assert [p for p in corpus.problems if not p.warning] == []
    (item,) = corpus.items
    assert item.meta.status == "draft" and not item.published
    assert item.title == "Hội nghị “Dân vận khéo” năm 2026"
    # A second one with the same title never overwrites the first.
    assert run(project, monkeypatch, "new", "tin-tuc", "Hội nghị “Dân vận khéo” năm 2026").exit_code == 0
    assert len(list((project.root / "content" / "tin-tuc").rglob("*.md"))) == 2


def test_check_exits_non_zero_with_vietnamese_report(project, monkeypatch):
    project.write("content/tin-tuc/a.md", article("Bài A", date="30/02/2026"))
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 1
    assert "content/tin-tuc/a.md:3: trường “date”" in result.output
    assert "1 lỗi" in result.output


def test_check_passes_on_good_content(project, monkeypatch):
    project.write("content/tin-tuc/a.md", article("Bài A"))
    result = run(project, monkeypatch, "check")
    assert result.exit_code == 0 and "Nội dung hợp lệ" in result.output


def test_chuan_hoa_rewrites_nfd_files_and_names(project, monkeypatch):
    nfd = unicodedata.normalize("NFD", article("Đối thoại với dân"))
    project.write(unicodedata.normalize("NFD", "content/tin-tuc/đối-thoại.md"), nfd)
    assert run(project, monkeypatch, "check").exit_code == 1
    result = run(project, monkeypatch, "chuan-hoa")
    assert result.exit_code == 0 and "Đã chuẩn hóa" in result.output
    assert run(project, monkeypatch, "check").exit_code == 0


def test_fields_prints_the_guide_from_the_schemas(monkeypatch):
    result = CliRunner().invoke(cli.main, ["fields"])
    assert result.exit_code == 0
    assert "| `classification` | bắt buộc |" in result.output
    assert "## Văn bản" in result.output


def test_serve_previews_rendered_pages_and_reloads_on_edit(project):
    """`danvan serve` (make serve): the editors' live preview renders an article's Markdown
    and shows an edit without a restart."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    project.write("content/tin-tuc/bai-xem-truoc.md",
                  article("Bài xem trước") + "\n## Mục đầu\n\nĐoạn **đậm** ban đầu.\n")
    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "danvan.cli", "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "DANVAN_TODAY": "2026-11-27"})
    url = f"http://127.0.0.1:{port}/tin-tuc/bai-xem-truoc/"

    def page_with(needle: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                body = urllib.request.urlopen(url, timeout=5).read().decode()
                if needle in body:
                    return body
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{needle!r} never appeared at {url}")

    try:
        body = page_with("ban đầu")
        assert "<strong>đậm</strong>" in body and 'id="muc-dau"' in body  # Markdown rendered
        project.write("content/tin-tuc/bai-xem-truoc.md",
                      article("Bài xem trước") + "\nĐoạn đã sửa.\n")
        assert "ban đầu" not in page_with("Đoạn đã sửa.")
    finally:
        server.terminate()
        server.wait(timeout=10)
