"""Article pages: the print button and the print stylesheet."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/tin-tuc/dan-van-kheo-trong-co-quan-hanh-chinh-nha-nuoc/"


def test_print_button_prints_with_javascript(open_page):
    visit = open_page(1280)
    visit.goto(ARTICLE)
    page = visit.page
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("[data-dv-print]")
    assert page.evaluate("window.__printed") == 1


def test_print_button_absent_without_javascript(open_page):
    visit = open_page(1280, js=False)
    visit.goto(ARTICLE)
    assert visit.page.is_hidden("[data-dv-print]")


def test_print_stylesheet_keeps_the_article_only(open_page):
    visit = open_page(1280)
    visit.goto(ARTICLE)
    page = visit.page
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer",
                   "[data-dv-print]", ".dv-breadcrumbs"):
        assert page.is_hidden(chrome), chrome
    assert page.is_visible("article h1")
    color = page.eval_on_selector("article h1", "h => getComputedStyle(h).color")
    assert color == "rgb(0, 0, 0)"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
