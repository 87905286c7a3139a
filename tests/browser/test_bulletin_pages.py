"""The bulletin's pages in Chromium behind the production nginx: the archive and an issue
page are clean (no console error, no foreign request), accessible (axe-core serious and
critical), fit a 360 px phone, and the PDF download is served as a PDF."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = [("ban-tin", "/ban-tin/"), ("ban-tin-so-01", "/ban-tin/2026/so-01/")]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name,path", PAGES, ids=[n for n, _ in PAGES])
def test_bulletin_pages_are_clean_accessible_and_fit(open_page, axe, name, path, width):
    visit = open_page(width)
    visit.goto(path)
    page = visit.page
    page.evaluate("Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert all(page.evaluate("[...document.images].map(i => i.naturalWidth > 0)"))
    violations = axe.violations(page)
    assert violations == [], axe.report(violations)
    visit.screenshot(name)
    visit.assert_clean()


def test_issue_download_is_a_pdf(open_page, nginx_url):
    visit = open_page()
    visit.goto("/ban-tin/2026/so-01/")
    href = visit.page.get_attribute("a[download]", "href")
    response = visit.page.request.get(f"{nginx_url}/ban-tin/2026/so-01/{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
