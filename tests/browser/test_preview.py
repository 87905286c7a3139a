"""The live preview (`danvan serve`) as an editor uses it, in Debian's Chromium: a saved
article shows in the open page without reloading it by hand; a save with a mistake shows the
error at the top of that page (file, line, field, fix, in Vietnamese) over the last good
page, which stays served, and the next good save clears it; a save renders again only the
pages it changes (the page cache keeps the others between saves). The seconds from a save
to the browser are measured by `make bench` (danvan.preview_bench), not here."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from builders import Project, article, small_site
from playwright.sync_api import expect

from danvan.preview_bench import serving

TODAY = "2026-11-27"
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@pytest.fixture
def preview(tmp_path, monkeypatch):
    """(project, the preview's address) with `danvan serve` running on a small site."""
    project = Project(tmp_path / "project")
    small_site(project, 4)
    monkeypatch.setenv("DANVAN_TODAY", TODAY)
    with serving(project.root, "/tin-tuc/bai-1/") as (addr, _):
        yield project, addr


def _kept(project: Project) -> set[str]:
    return {p.name for p in (project.root / ".cache" / "trang" / "xem-truoc").glob("*.html")}


def test_a_save_shows_and_a_mistake_shows_in_the_page(browser, preview):
    project, addr = preview
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"http://{addr}/tin-tuc/bai-1/", wait_until="load")
        assert page.locator("#dv-preview-error").count() == 0
        before = _kept(project)
        assert len(before) > 20

        # A save: the open page reloads by itself and shows it.
        path = project.root / "content/tin-tuc/bai-1.md"
        path.write_text(path.read_text("utf-8") + "\nCâu vừa thêm khi sửa bài.\n", "utf-8")
        page.wait_for_function("() => !!document.body && document.body.innerText"
                               ".includes('Câu vừa thêm khi sửa bài.')", timeout=30000)
        # Only the pages that show the article were rendered again: its own, its listings,
        # tags and locality pages, the home page.
        added = _kept(project) - before
        assert 1 <= len(added) <= 10, sorted(added)

        # A mistake: the error, in the page, over the last good page. The page reloads by
        # itself after every build, and one save may make two: the file is empty between
        # its truncation and the write, and a busy machine may let the preview's 0.03 s of
        # quiet pass in between (a build of the empty file, its error, a reload, then the
        # real one). So the checks wait for this save's error, not for any banner.
        path.write_text(article("Bài 1 về dân vận khéo", date="30/02/2026",
                                tags="[đối thoại]"), "utf-8")
        banner = page.locator("#dv-preview-error")
        expect(banner).to_contain_text("content/tin-tuc/bai-1.md:3", timeout=30000,
                                       use_inner_text=True)
        for part in ("“date”", "Cách sửa", "bản dựng tốt gần nhất"):
            expect(banner).to_contain_text(part, use_inner_text=True)
        expect(page.locator("article")).to_contain_text("Câu vừa thêm khi sửa bài.",
                                                        use_inner_text=True)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "preview-error-390.png"))

        # Fixed: the page reloads without the error.
        path.write_text(article("Bài 1 đã sửa xong", date="2024-05-02",
                                tags="[đối thoại]"), "utf-8")
        page.wait_for_function("() => !!document.body && document.body.innerText"
                               ".includes('Bài 1 đã sửa xong')", timeout=30000)
        expect(page.locator("#dv-preview-error")).to_have_count(0)
    finally:
        page.close()


def _get(addr: str, path: str) -> tuple[int, bytes, str]:
    """(status, body, final address) of a GET, redirects followed."""
    try:
        with urllib.request.urlopen(f"http://{addr}{path}", timeout=60) as answer:
            return answer.status, answer.read(), answer.url
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def _saved(page, addr: str, path: Path, sentence: str) -> None:
    """Append ``sentence`` to the article at ``path`` and wait until its page shows it."""
    path.write_text(path.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    page.goto(f"http://{addr}/tin-tuc/{path.stem}/", wait_until="load")
    page.wait_for_function("m => !!document.body && document.body.innerText.includes(m)",
                           arg=sentence, timeout=30000)


def test_unchanged_pages_and_the_search_are_served_and_a_draft_is_not(browser, preview):
    """The preview writes only the pages a save changed: the others are sent from the page
    cache, the search index is made when a page first asks for it. Both show the last save,
    and an article made a draft is gone from both at once."""
    project, addr = preview
    page = browser.new_page()
    try:
        _saved(page, addr, project.root / "content/tin-tuc/bai-1.md", "Câu về tổ hòa giải.")
        # An unchanged page, sent from the cache, as the server sends its own pages.
        status, body, _ = _get(addr, "/tin-tuc/bai-2/")
        assert status == 200 and "Bài 2".encode() in body and b"livereload" in body
        assert _get(addr, "/tin-tuc/bai-2")[2].endswith("/tin-tuc/bai-2/")  # its slash
        assert _get(addr, "/sitemap.xml")[0] == 404  # the preview writes none
        # The search: made on the first query, with the last save in it ("hoa giai").
        page.goto(f"http://{addr}/tim-kiem/?q=" + quote("hoa giai"), wait_until="load")
        page.wait_for_selector("[data-dv-search-page][data-shown]", state="attached")
        results = page.locator(".dv-search-page__results a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
        assert "/tin-tuc/bai-1/" in results

        # A draft: its page and its search entry go with the next build.
        draft = project.root / "content/tin-tuc/bai-2.md"
        draft.write_text(draft.read_text("utf-8").replace("status: published",
                                                          "status: draft"), "utf-8")
        _saved(page, addr, project.root / "content/tin-tuc/bai-1.md", "Câu cuối.")
        assert _get(addr, "/tin-tuc/bai-2/")[0] == 404
        assert _get(addr, "/tin-tuc/bai-2")[0] == 404
        page.goto(f"http://{addr}/tim-kiem/?q=" + quote("Bài 2"), wait_until="load")
        page.wait_for_selector("[data-dv-search-page][data-shown]", state="attached")
        assert "/tin-tuc/bai-2/" not in page.locator(".dv-search-page__results a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
    finally:
        page.close()


def test_the_preview_benchmark_runs_and_prints_its_row():
    """`make bench` measures the preview (danvan.preview_bench); here at a tiny size, once,
    so that it never rots."""
    done = subprocess.run([sys.executable, "-m", "danvan.preview_bench", "--sizes", "20",
                           "--saves", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    row = done.stdout.strip().splitlines()[-1].split()
    assert row[0] == "20" and float(row[1]) > 0 and 0 < float(row[2]) <= float(row[3])
