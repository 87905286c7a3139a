"""The web editor for those who do not use git (issue 13, part 3), for real: a copy of a
project (never the repository's content/), Decap's local backend decap-server on it, the
editors' build (`danvan build --bien-tap`) served over HTTP, /admin/ in Debian's Chromium.
A news item with a photo is written through the form and published; the file it writes
passes `danvan check`, and the live preview (`danvan serve`, which serves /admin/ too)
shows the article with its photo. Nothing is fetched from another origin than the page's
and decap-server's. Screenshots: tests/artifacts/screenshots/cms-*.png."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from builders import REPO, Project, png, small_site

from danvan.editor import admin, cms, server

pytestmark = pytest.mark.browser

TODAY = "2026-11-27"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
TITLE = "Hội nghị tập huấn công tác dân vận năm 2026"
SLUG = "hoi-nghi-tap-huan-cong-tac-dan-van-nam-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Static(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".yml": "text/yaml", ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def _backend(root: Path, log: Path) -> Iterator[int]:
    """decap-server on the project at ``root``; its port."""
    port = _free_port()
    with log.open("wb") as output:
        process = server.start(root, port, output=output)
        try:
            yield port
        finally:
            server.stop(process)


@contextlib.contextmanager
def _static(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on the loopback; its URL."""
    handler = functools.partial(_Static, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def editors(tmp_path: Path):
    """(project, URL of its editors' build, decap-server's origin)."""
    project = Project(tmp_path / "project")
    small_site(project, 2)
    with _backend(project.root, tmp_path / "decap-server.log") as port:
        built = subprocess.run(
            [sys.executable, "-m", "danvan.cli", "build", "--bien-tap", "--today", TODAY],
            cwd=project.root, capture_output=True, text=True, timeout=300,
            env={**os.environ, cms.PORT_ENV: str(port)})
        assert built.returncode == 0, built.stderr
        with _static(project.root / admin.EDITORS_OUT) as url:
            yield project, url, f"http://127.0.0.1:{port}"


@dataclass
class _Editor:
    """A page of the editor in a fresh browser context, with what went wrong on it: errors,
    failed requests and any request to another origin than the page's and decap-server's
    (blocked)."""

    page: Any
    problems: list[str]

    @classmethod
    def open(cls, browser, url: str, backend: str) -> "_Editor":
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      locale="vi-VN", service_workers="block")
        editor = cls(context.new_page(), [])

        def block(route):
            editor.problems.append(f"request to another origin: {route.request.url}")
            route.abort("blockedbyclient")

        allowed = {url, backend}
        context.route(lambda u: urlsplit(u).scheme in ("http", "https") and
                      f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" not in allowed, block)
        page = editor.page
        page.on("pageerror", lambda exc: editor.problems.append(f"uncaught: {exc}"))
        page.on("console", lambda m: editor.problems.append(f"console: {m.text}")
                if m.type == "error" else None)
        page.on("response", lambda r: editor.problems.append(f"{r.url} → HTTP {r.status}")
                if r.status >= 400 else None)
        page.goto(url + "/admin/")
        page.get_by_role("button", name="Đăng nhập").click()  # local backend: no account
        return editor

    def choose(self, field: str, option: str) -> None:
        self.page.locator(f"[id^={field}-field]").click()
        self.page.get_by_role("option", name=option, exact=True).click()

    def publish(self) -> None:
        self.page.get_by_role("button", name="Công bố", exact=True).click()
        self.page.get_by_role("menuitem", name="Công bố ngay").click()
        self.page.get_by_role("button", name="Đã công bố").wait_for()  # saved

    def close(self) -> None:
        self.page.context.close()


def _shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"cms-{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "quang-canh-hoi-nghi.png"
    path.write_bytes(png("anh-qua-trinh-bien-tap", size=(1200, 800)))
    return path


def test_news_item_with_a_photo_through_the_form(browser, editors, photo) -> None:
    project, url, backend = editors
    editor = _Editor.open(browser, url, backend)
    page, problems = editor.page, editor.problems
    try:
        # The collections, in Vietnamese, one per content type.
        sidebar = page.locator("nav, aside").filter(has_text="Bộ sưu tập").first
        sidebar.get_by_text("Tin bài", exact=True).wait_for()
        for label in ("Tin bài", "Hướng dẫn nghiệp vụ", "Văn bản", "Mô hình “Dân vận khéo”",
                      "Số bản tin “Thông tin Dân vận”", "Trang tĩnh"):
            assert sidebar.get_by_text(label, exact=True).count() == 1, label
        page.get_by_text("Bài 0 về dân vận khéo").wait_for()  # the project's own news
        new = page.locator('a[href="#/collections/article/new"]')
        assert new.inner_text().strip() == "+ Tin bài mới"  # static/vi.js
        _shot(page, "danh-sach")

        page.goto(url + "/admin/#/collections/article/new")
        title = page.locator("[id^=title-field]")
        title.wait_for()
        assert page.locator("label[for^=title-field]").inner_text().strip().upper() == "TIÊU ĐỀ"
        _shot(page, "bai-moi")
        # Vietnamese where Decap's own texts were not (static/vi.js)
        assert page.get_by_role("button", name="Thêm từ khóa").count() == 1
        assert page.get_by_text(re.compile(r"\bAdd\b")).count() == 0
        title.fill(TITLE)
        editor.choose("status", "Xuất bản")
        page.locator("[id^=summary-field]").fill("Ban Dân vận Tỉnh ủy tập huấn nghiệp vụ.")
        page.locator("[id^=date-field]").fill("2026-11-15")  # the browser's date picker
        editor.choose("section", "Hoạt động dân vận")
        page.get_by_role("button", name="Chọn một hình").click()
        page.locator("input[type=file]").set_input_files(str(photo))
        page.get_by_role("button", name="Lấy những cái đã chọn").click()
        page.get_by_role("button", name="Chọn hình khác").wait_for()  # the photo is in
        page.locator("[id^=image_alt-field]").fill("Quang cảnh hội nghị tập huấn")
        author = page.locator("[id^=author-field]")  # typed, then emptied: written as ""
        author.fill("Phóng viên")
        author.fill("")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Sáng 15/11, Ban Dân vận Tỉnh ủy tổ chức hội nghị tập huấn.")
        _shot(page, "bai-da-dien")
        editor.publish()  # through decap-server
        _shot(page, "da-cong-bo")
        written = project.root / "content" / "tin-tuc" / "2026" / f"{SLUG}.md"
        assert written.is_file() and (written.parent / "anh" / photo.name).is_file()
        assert problems == [], "\n".join(problems)
    except Exception:
        _shot(page, "loi")  # where it stopped
        raise
    finally:
        editor.close()

    # The file is the validator's: front matter as `make moi` would have it, the photo beside.
    raw = written.read_text("utf-8")
    meta = yaml.safe_load(raw.split("---\n")[1])
    assert meta["title"] == TITLE and meta["status"] == "published"
    assert str(meta["date"]) == "2026-11-15" and meta["section"] == "hoat-dong"
    assert meta["image"] == f"anh/{photo.name}" and meta["image_alt"]
    assert (written.parent / "anh" / photo.name).read_bytes() == photo.read_bytes()
    assert "Sáng 15/11, Ban Dân vận Tỉnh ủy" in raw.split("---\n", 2)[2]
    check = subprocess.run([sys.executable, "-m", "danvan.cli", "check", "--today", TODAY],
                           cwd=project.root, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert "4 tệp, 4 được xuất bản" in check.stdout, check.stdout  # 2 news, 1 document, it
    assert not (REPO / "content" / "tin-tuc" / "2026" / f"{SLUG}.md").exists()

    # The live preview shows it, photo included, and serves the editor too.
    _preview_shows(project.root, f"/tin-tuc/{SLUG}/", TITLE, browser)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _polls(browser, url: str) -> tuple[list[str], str]:
    """The preview's reload requests a page makes in its first second and a half, and
    its HTML."""
    context = browser.new_context()
    page = context.new_page()
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/livereload/" in r.url else None)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(1500)
        return polls, page.content()
    finally:
        context.close()


def _preview_shows(root: Path, path: str, title: str, browser) -> None:
    addr = f"127.0.0.1:{_free_port()}"
    preview = subprocess.Popen(
        [sys.executable, "-m", "danvan.cli", "serve", "--addr", addr,
         "--cms-port", str(_free_port())],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "DANVAN_TODAY": TODAY})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, html = _get(f"http://{addr}{path}")
                if status == 200:
                    break
            except OSError:
                pass
            assert preview.poll() is None, preview.stderr.read()
            assert time.monotonic() < deadline, "the preview never served the article"
            time.sleep(0.5)
        assert title in html
        photo = re.search(r'<img[^>]+src="([^"]+)"', html[html.find("<article"):])
        assert photo, "the article's photo is not on its page"
        assert _get(urljoin(f"http://{addr}{path}", photo.group(1)))[0] == 200
        status, page = _get(f"http://{addr}/admin/")
        assert status == 200 and 'src="decap-cms.js"' in page
        assert _get(f"http://{addr}/admin/config.yml")[0] == 200
        # The preview reloads its pages after each rebuild, but not the editor's
        # (static/no-reload.js): a save there would otherwise reload it under the editor.
        polls, _ = _polls(browser, f"http://{addr}{path}")
        assert polls, "the preview's pages poll for reloads (the control)"
        polls, html = _polls(browser, f"http://{addr}/admin/")
        assert "livereload" in html and polls == []
    finally:
        preview.send_signal(signal.SIGINT)  # as Ctrl+C: the preview stops its decap-server
        try:
            preview.wait(30)
        except subprocess.TimeoutExpired:
            preview.kill()
            preview.wait()


# One entry of each collection of the sample content, and the field changed in it: each is
# opened, changed and saved; nothing else in it may change (an official form, a model's
# photos and figures, an issue's articles written in short).
SAMPLE_ENTRIES = [
    ("article", "content/tin-tuc/2025/doc-ten-dia-ban-trong-van-ban-dan-van-truoc-1-7-2025.md",
     "title"),
    ("guidance", "content/huong-dan/ai-lam-gi-trong-thuc-hien-de-an-02-da-tu.md", "title"),
    ("document", "content/van-ban/de-an-02-da-tu-2016.md", "title"),
    ("model", "models_gallery/giup-nhau-thoat-ngheo-ben-vung/index.md", "title"),
    ("bulletin", "bulletins/2026/so-02.md", "summary"),
    ("page-gioi-thieu", "content/gioi-thieu/lanh-dao.md", "title"),
]


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def test_sample_entries_round_trip(browser, tmp_path: Path, monkeypatch) -> None:
    project = Project(tmp_path / "project")
    for folder in ("content", "models_gallery", "bulletins"):
        # All of the sample, the programme tracked too (the second issue prints its figures).
        shutil.copytree(REPO / folder, project.root / folder, dirs_exist_ok=True)
    before = {rel: _front_matter(project.root / rel) for _, rel, _ in SAMPLE_ENTRIES}
    served = tmp_path / "served"  # /admin/ alone (and the icon it names): no site build
    shutil.copytree(REPO / "theme" / "assets" / "images", served / "assets" / "images")
    with _backend(project.root, tmp_path / "decap-server.log") as port:
        monkeypatch.setenv(cms.PORT_ENV, str(port))
        for path, source in admin.files(project.root):
            (served / path).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, str):
                (served / path).write_text(source, "utf-8")
            else:
                shutil.copy(source, served / path)
        with _static(served) as url:
            editor = _Editor.open(browser, url, f"http://127.0.0.1:{port}")
            try:
                folders = {c["name"]: c["folder"] for c in cms.config(project.root)["collections"]}
                for collection, rel, field in SAMPLE_ENTRIES:
                    slug = Path(rel).with_suffix("").relative_to(folders[collection]).as_posix()
                    editor.page.goto(f"{url}/admin/#/collections/{collection}/entries/{slug}")
                    editor.page.reload()  # an entry opened by address alone: a fresh page
                    box = editor.page.locator(f"[id^={field}-field]").first
                    box.wait_for()
                    deadline = time.monotonic() + 30
                    while not box.input_value():  # the entry is read after its form is drawn
                        assert time.monotonic() < deadline, f"{rel} did not open"
                        time.sleep(0.1)
                    box.fill(box.input_value() + " (sửa)")
                    editor.publish()
                assert editor.problems == [], "\n".join(editor.problems)
            except Exception:
                _shot(editor.page, "loi-mo-lai")
                raise
            finally:
                editor.close()
    for _, rel, field in SAMPLE_ENTRIES:
        after = _front_matter(project.root / rel)
        assert after.pop(field) == before[rel].pop(field) + " (sửa)", rel
        assert after == before[rel], rel
    articles = _front_matter(project.root / "bulletins/2026/so-02.md")["sections"][0]["articles"]
    assert all(isinstance(a, str) for a in articles)  # still written in short
    check = subprocess.run([sys.executable, "-m", "danvan.cli", "check"],
                           cwd=project.root, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
