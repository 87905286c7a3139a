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


def test_the_last_builds_search_is_made_once_and_never_after_the_next_build_began(tmp_path):
    """The preview makes a build's search index on the first request for it (plugin
    ``_preview_search``); a request that slips in as the next build begins must not make it
    from that build's half-made state."""
    from types import SimpleNamespace

    from danvan.site.plugin import DanvanPlugin

    plugin = DanvanPlugin()
    made: list[str] = []
    plugin._write_search = lambda: made.append(str(plugin.search.builder.folder))
    plugin._placed = lambda: None
    plugin.search = SimpleNamespace(builder=SimpleNamespace(folder=None))
    plugin.served = ({}, plugin._preview_search(tmp_path))
    assert plugin._served_file("tim-kiem/chi-muc/meta.json") is None
    assert made == [str(tmp_path / "tim-kiem/chi-muc")]
    plugin._served_file("tim-kiem/chi-muc/meta.json")
    assert len(made) == 1  # once

    plugin.served = ({}, plugin._preview_search(tmp_path))
    plugin.generation += 1  # what on_config does as the next build begins
    plugin._served_file("tim-kiem/chi-muc/meta.json")
    assert len(made) == 1
