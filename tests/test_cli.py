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
