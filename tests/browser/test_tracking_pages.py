"""The tracking pages (/theo-doi/, issue 14) as readers use them, in Chromium behind nginx:
the cards give each target's figure and status in words and shape, the charts have a text
alternative and a table of their figures, the units' table filters by status with
JavaScript and reads whole without it, a chart too wide for a phone scrolls inside its own
box (reachable by keyboard), the downloads answer with the right types. Overflow, axe and
screenshots of these pages: test_portal.py's PAGE_TYPES."""

from __future__ import annotations

import csv
import io
import urllib.request

import pytest

pytestmark = pytest.mark.browser

HOME = "/theo-doi/de-an-02-da-tu/"
CT5 = HOME + "chi-tieu/ct5/"


def test_cards_say_the_status_in_words_and_shape(open_page):
    visit = open_page(1280)
    visit.goto(HOME)
    cards = visit.page.locator(".dv-target-card")
    assert cards.count() == 7
    statuses = cards.locator(".dv-status").all_inner_texts()
    assert all(s.split()[-1] in ("đạt", "Đạt") for s in statuses)
    assert sum("Chưa đạt" in s for s in statuses) == 1  # CT5, the sample's target not met
    assert "□" in statuses[4] and "●" in statuses[0]  # a shape, not a colour alone
    # Every chart is an image with a name and a description (read by a screen reader).
    for chart in visit.page.locator("svg.danvan-chart").all():
        assert chart.get_attribute("role") == "img"
        ids = chart.get_attribute("aria-labelledby").split()
        for element_id in ids:
            assert visit.page.locator(f"[id='{element_id}']").evaluate("e => e.textContent").strip()
    notice = visit.page.locator(".dv-notice--data")
    assert notice.count() == 1 and notice.inner_text().startswith("Số liệu minh họa.")


def test_target_units_filter_by_status(open_page):
    visit = open_page(1280)
    visit.goto(CT5)
    form = visit.page.locator("form[data-dv-filter=don-vi]")
    assert form.is_visible()
    rows = visit.page.locator("#don-vi tbody tr")
    assert rows.count() == 4
    form.locator("select[name=status]").select_option(label="Chưa đạt")
    visible = [r for r in rows.all() if r.is_visible()]
    assert [r.locator("th").inner_text() for r in visible] == ["UBND huyện Khoái Châu"]
    assert form.locator(".dv-filter__count").inner_text() == "Đang hiển thị 1/4 đơn vị"
    # The chart's figures as a table, one row per period.
    table = visit.page.locator("table.danvan-chart-data")
    assert table.locator("tbody tr").count() == 9
    assert "75%" in table.locator("tbody tr").last.inner_text()


def test_without_javascript_every_row_is_shown(open_page):
    visit = open_page(1280, js=False)
    visit.goto(CT5)
    assert not visit.page.locator("form[data-dv-filter=don-vi]").is_visible()
    assert visit.page.locator("#don-vi tbody tr:visible").count() == 4


def test_a_chart_scrolls_in_its_own_box_on_a_phone(open_page):
    visit = open_page(360)
    visit.goto(CT5)
    figure = visit.page.locator("figure.dv-chart--scroll").first
    sizes = figure.evaluate("f => [f.scrollWidth, f.clientWidth, f.tabIndex]")
    assert sizes[0] > sizes[1] and sizes[2] == 0  # wider than the phone, keyboard-reachable
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_downloads_answer_with_their_types(nginx_url):
    for name, kind in (("so-lieu.csv", "text/csv; charset=utf-8"),
                       ("so-lieu.xlsx", "application/vnd.openxmlformats-officedocument"
                                        ".spreadsheetml.sheet"),
                       ("so-ket-2018-t09.pdf", "application/pdf")):
        with urllib.request.urlopen(nginx_url + HOME + name, timeout=10) as response:
            assert response.status == 200 and response.headers["Content-Type"] == kind, name
            body = response.read()
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            assert rows[0][:2] == ["Chương trình", "Mã chỉ tiêu"] and len(rows) == 1 + 7 * 9


def test_the_document_links_to_its_tracking_page(open_page):
    visit = open_page(1280)
    visit.goto("/van-ban/02-da-tu-2016/")
    link = visit.page.get_by_role("link", name="Các chỉ tiêu của Đề án 02-ĐA/TU: kết quả từng kỳ, "
                                               "đơn vị báo cáo")
    link.click()
    visit.page.wait_for_load_state()
    assert visit.page.url.endswith(HOME)
    assert visit.page.locator("h1").inner_text() == "Theo dõi thực hiện Đề án 02-ĐA/TU"
