"""Pages rendered by several processes (danvan.site.parallel): the site is byte for byte the
one a single process builds, and a failed worker fails the build."""

import datetime as dt
import logging
import re
import time
from pathlib import Path

import pytest
from builders import article, pdf, png, small_site, tree

from danvan.build import build_site
from danvan.site import parallel

TODAY = dt.date(2026, 11, 27)


def test_two_processes_build_the_same_site_as_one(project, monkeypatch, caplog):
    small_site(project, 12)
    monkeypatch.setenv("DANVAN_JOBS", "1")
    assert build_site(project.root, Path("mkdocs.yml"), Path("mot"), TODAY) == 0
    monkeypatch.setenv("DANVAN_JOBS", "2")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.danvan"):
        assert build_site(project.root, Path("mkdocs.yml"), Path("hai"), TODAY) == 0
    assert any("bằng 2 tiến trình" in r.getMessage() for r in caplog.records)
    one, two = tree(project.root / "mot"), tree(project.root / "hai")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    texts = [name for name in two if re.match(r"tim-kiem/chi-muc/\w+/d/\d+\.json$", name)]
    assert len(texts) >= 13  # every content page's text, from both processes, in one index


def test_pages_a_worker_renders_link_to_images_and_files_as_one_process_does(
        project, monkeypatch):
    """A worker renders after it has left the assets to process 0: its pages' links to
    images and attachments must still resolve (here the worker takes every page)."""
    for n in range(3):
        project.write(f"content/tin-tuc/bai-{n}.md", article(f"Bài {n}")
                      + "\n![Ảnh hội nghị](anh/hinh.png)\n\n[Tải tệp](anh/tep.pdf)\n")
    project.write("content/tin-tuc/anh/hinh.png", png())
    project.write("content/tin-tuc/anh/tep.pdf", pdf())
    monkeypatch.setenv("DANVAN_JOBS", "1")
    assert build_site(project.root, Path("mkdocs.yml"), Path("mot"), TODAY) == 0
    monkeypatch.setenv("DANVAN_JOBS", "2")
    monkeypatch.setattr(parallel.Shards, "owns", lambda self, number: self.is_worker)
    assert build_site(project.root, Path("mkdocs.yml"), Path("hai"), TODAY) == 0
    one, two = tree(project.root / "mot"), tree(project.root / "hai")
    page = two["tin-tuc/bai-0/index.html"].decode()
    assert 'src="../anh/hinh.png"' in page and 'href="../anh/tep.pdf"' in page
    assert [name for name in one if one[name] != two.get(name)] == []


def _claim(shards, pages: int, pause: float = 0.0) -> list[int]:
    """Ask for every page in order, as the plugin does, pausing on each page taken."""
    mine = []
    for number in range(pages):
        if shards.owns(number):
            mine.append(number)
            time.sleep(pause)
    return mine


def test_every_page_is_rendered_by_exactly_one_process_in_runs():
    shards = parallel.Shards.start(2)
    mine = _claim(shards, 203, pause=0.001)
    if shards.is_worker:
        shards.finish(mine)
    [theirs] = shards.collect()
    assert sorted(mine + theirs) == list(range(203))  # all, and none twice
    for share in (mine, theirs):
        runs = {n // parallel.CHUNK for n in share}
        assert share == [n for n in range(203) if n // parallel.CHUNK in runs]  # whole runs
    assert not shards.handoff.exists()
    assert shards.workers == []  # reaped: a later abort() signals no (reused) process id
    shards.abort()


def test_a_slower_process_takes_fewer_pages():
    """The shares follow the speed of each process, not a fixed split."""
    shards = parallel.Shards.start(2)
    if shards.is_worker:
        shards.finish(_claim(shards, 200, pause=0.02))  # a slow core: 160 ms per run
    mine = _claim(shards, 200)
    [theirs] = shards.collect()
    assert len(theirs) < len(mine) and len(mine) + len(theirs) == 200


def test_a_failed_worker_fails_the_collection():
    shards = parallel.Shards.start(2)
    if shards.is_worker:
        shards.fail()
    with pytest.raises(RuntimeError, match="tiến trình dựng trang bị lỗi"):
        shards.collect()


def test_small_sites_use_one_process_unless_asked(monkeypatch):
    monkeypatch.delenv("DANVAN_JOBS", raising=False)
    assert parallel.jobs_wanted(0, 100) == 1
    assert parallel.jobs_wanted(3, 100) == 3
    monkeypatch.setenv("DANVAN_JOBS", "2")
    assert parallel.jobs_wanted(0, 100) == 2


RICH_BODY = """
## Mục một {{#muc-mot}}

Đoạn có chú thích[^1] và liên kết tới [bài kia](bai-{other}.md#muc-mot).

| Cột | Giá trị |
|-----|---------|
| a   | 1       |

!!! note "Ghi chú"
    Nội dung ghi chú.

Thuật ngữ
:   Định nghĩa.

<div markdown="1" id="khoi-{n}">**Khối** HTML có Markdown.</div>

[^1]: Chú thích của bài {n}.
"""


def test_one_markdown_instance_renders_pages_as_mkdocs_does(project, monkeypatch):
    """compat.Renderer reuses one Markdown instance: footnotes, tables of contents,
    anchors and links of one page must not leak into the next, and the pages must be what
    MkDocs' own Page.render makes."""
    from danvan.site.plugin import DanvanPlugin

    for n in range(4):
        project.write(f"content/tin-tuc/bai-{n}.md",
                      article(f"Bài {n}") + RICH_BODY.format(n=n, other=(n + 1) % 4))
    monkeypatch.setenv("DANVAN_JOBS", "1")
    assert build_site(project.root, Path("mkdocs.yml"), Path("mot"), TODAY) == 0
    monkeypatch.setattr(DanvanPlugin, "reuse_markdown", False)
    assert build_site(project.root, Path("mkdocs.yml"), Path("goc"), TODAY) == 0
    ours, theirs = tree(project.root / "mot"), tree(project.root / "goc")
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    page = ours["tin-tuc/bai-2/index.html"].decode()
    assert "Chú thích của bài 2." in page and "Chú thích của bài 1." not in page
    assert 'id="muc-mot"' in page and 'href="../bai-3/#muc-mot"' in page
