"""The live preview's state between saves (site/preview.py): a failed build's errors on
every page it serves, escaped, above the last good page; cleared by the next good build.
The browser side (a save shown, an error shown and cleared) is tests/browser/test_preview.py."""

from __future__ import annotations

import pytest

from danvan.site import preview

PAGE = '<!doctype html><html><head></head><body class="x"><h1>Trang cũ</h1></body></html>'.encode()


@pytest.fixture(autouse=True)
def _clean():
    preview.succeeded()
    yield
    preview.succeeded()


def test_a_good_build_serves_pages_as_they_are():
    assert preview.decorate(PAGE) == PAGE


def test_a_failed_build_puts_its_error_at_the_top_of_every_page_escaped():
    preview.failed("Lỗi – content/tin-tuc/a.md:3: trường “date”: <script>alert(1)</script>\n"
                   "    Cách sửa: viết ngày theo dạng 2026-05-01")
    page = preview.decorate(PAGE).decode("utf-8")
    assert page.index('<body class="x">') < page.index('id="dv-preview-error"') \
        < page.index("<h1>Trang cũ</h1>")  # above the last good page, which stays
    assert "content/tin-tuc/a.md:3" in page and "Cách sửa" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    preview.succeeded()
    assert preview.decorate(PAGE) == PAGE


def test_the_last_good_builds_search_is_made_from_its_own_state(tmp_path):
    """The preview makes a build's search index on the first request for it (plugin
    ``_preview_search``), from what that build left: a next build, begun or failed, which
    replaces the plugin's state, changes nothing of it; it is made once."""
    from types import SimpleNamespace

    from danvan.site.plugin import DanvanPlugin

    plugin = DanvanPlugin()
    made: list = []
    plugin._write_search = lambda state: made.append((state.search,
                                                      state.search.builder.folder))
    last_good = SimpleNamespace(builder=SimpleNamespace(folder=None))
    plugin.search, plugin.page_cache, plugin.kept_files = last_good, None, []
    plugin.page_hits, plugin.page_keys, plugin.pages = {}, {}, {}
    plugin.served = ({"tin-tuc/a/index.html": "/kept/a.html"}, plugin._preview_search(tmp_path))
    # The next build begins (and fails): the plugin's state is its own from now on.
    plugin.search = SimpleNamespace(builder=SimpleNamespace(folder=None))
    assert plugin._served_file("tim-kiem/chi-muc/meta.json") is None
    assert made == [(last_good, tmp_path / "tim-kiem/chi-muc")]
    assert plugin._served_file("tin-tuc/a/index.html") == "/kept/a.html"
    plugin._served_file("tim-kiem/chi-muc/meta.json")
    assert len(made) == 1  # once
