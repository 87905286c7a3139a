"""Vietnamese search in a real browser against nginx: queries typed with and without
diacritics, NFD, both tone placements, loose document numbers, accent-exact ranking,
keyboard use of the header box, and the linkable results page with filters."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

DE_AN = "/van-ban/02-da-tu-2016/"


def answered(page, query: str) -> None:
    """Wait until the header box shows the results of ``query`` itself. Results on screen
    are not enough: typed key by key on a busy machine, a pause of more than 120 ms lets a
    search for the first letters run, and its results show (and are replaced, resetting
    the highlighted option) before those of the whole query."""
    page.wait_for_selector(f"[data-dv-search][data-query='{query.strip()}']", state="attached")


def search_box(visit, query: str) -> list[str]:
    """Type ``query`` in the header box; return the URLs of the results it shows."""
    page = visit.page
    page.fill("#dv-search-input", "")
    page.fill("#dv-search-input", query)
    answered(page, query)
    return page.eval_on_selector_all("#dv-search-results [role=option]",
                                     "els => els.map(a => new URL(a.href).pathname)")


@pytest.fixture(scope="module")
def home(browser, nginx_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(nginx_url + "/")

    class Home:
        pass

    visit = Home()
    visit.page = page
    yield visit
    context.close()
    assert errors == []


def all_results(visit, query: str) -> list[str]:
    """Every result of the results page for ``query`` (pressing "Xem thêm" to the end)."""
    page = visit.page
    visit.goto("/tim-kiem/?q=" + quote(query))
    page.wait_for_selector("[data-dv-search-page][data-shown]", state="attached")
    while page.is_visible(".dv-search-page__more"):
        shown = page.get_attribute("[data-dv-search-page]", "data-shown")
        page.click(".dv-search-page__more")
        page.wait_for_selector(f"[data-dv-search-page]:not([data-shown='{shown}'])",
                               state="attached")
    return page.eval_on_selector_all(".dv-search-page__results a",
                                     "els => els.map(a => new URL(a.href).pathname)")


@pytest.mark.parametrize("plain, accented", [
    ("dan van kheo", "dân vận khéo"),
    ("quy che dan chu", "quy chế dân chủ"),
    ("doi thoai", "đối thoại"),
    ("hung yen", "Hưng Yên"),
])
def test_queries_without_diacritics_find_the_same_pages(open_page, plain, accented):
    visit = open_page(1280)
    with_marks = all_results(visit, accented)
    without = all_results(visit, plain)
    assert len(with_marks) >= 3, accented
    assert sorted(without) == sorted(with_marks)


@pytest.mark.parametrize("query", ["dân vận khéo", "đối thoại", "Quy chế dân chủ"])
def test_nfd_queries_work_like_nfc(home, query):
    assert search_box(home, unicodedata.normalize("NFD", query)) == search_box(home, query)


def test_both_tone_placements_find_the_same_pages(open_page):
    visit = open_page(1280)
    assert sorted(all_results(visit, "thuỷ")) == sorted(all_results(visit, "thủy")) != []
    assert sorted(all_results(visit, "hoà")) == sorted(all_results(visit, "hòa")) != []


@pytest.mark.parametrize("query", ["02 DA TU", "02-ĐA/TU", "02/DA-TU", "02-da-tu"])
def test_loose_document_numbers_find_the_de_an_first(home, query):
    assert search_box(home, query)[0] == DE_AN


def test_state_document_number_typed_loosely(home):
    assert search_box(home, "16 ct ttg")[0] == "/van-ban/16-ct-ttg-2016/"


def test_accent_exact_matches_rank_first(home):
    """For "đường", pages with "đường" come before pages with only "dương"."""
    page = home.page
    results = search_box(home, "đường")
    texts = page.eval_on_selector_all(
        "#dv-search-results [role=option]:not(.dv-result--more)",
        "els => els.map(a => a.textContent.normalize('NFC').toLowerCase())")
    exact = ["đường" in t for t in texts]
    assert any(exact) and not all(exact), texts  # both kinds are present
    assert exact == sorted(exact, reverse=True), texts  # every exact one before the others
    assert len(results) == len(texts) or results[-1].startswith("/tim-kiem/")


def test_a_long_document_titled_by_the_query_ranks_first(open_page):
    """Length normalisation must not push the Đề án (its full text is long) below short
    documents that only cite it: a title hit scores apart from the text."""
    visit = open_page(1280)
    visit.goto("/tim-kiem/?q=" + quote("đề án") + "&loai=" + quote("Văn bản"))
    visit.page.wait_for_selector("[data-dv-search-page][data-shown]", state="attached")
    found = visit.page.eval_on_selector_all(".dv-search-page__results a",
                                            "els => els.map(a => new URL(a.href).pathname)")
    assert found.index(DE_AN) < found.index("/van-ban/16-ct-ttg-2016/")  # which cites it


def test_results_show_type_date_and_highlighted_excerpt(home):
    search_box(home, "dân vận khéo")
    first = home.page.locator("#dv-search-results [role=option]").first
    meta = first.locator(".dv-result__meta").text_content()
    assert any(kind in meta for kind in ("Tin bài", "Hướng dẫn", "Văn bản", "Trang"))
    assert first.locator(".dv-result__excerpt mark").count() >= 1


def test_keyboard_shortcut_arrows_enter_and_escape(open_page):
    visit = open_page(1280)
    visit.goto("/tin-tuc/")
    page = visit.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "dv-search-input"
    page.keyboard.type("02 DA TU")
    answered(page, "02 DA TU")
    page.wait_for_selector("#dv-search-results [role=option]")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#dv-search-input", "aria-activedescendant") == "dv-opt-0"
    page.keyboard.press("Escape")
    assert page.is_hidden(".dv-search__panel")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + DE_AN)


def test_enter_without_choice_opens_the_linkable_results_page(open_page):
    visit = open_page(1280)
    visit.goto("/")
    visit.page.fill("#dv-search-input", "dan van kheo")
    visit.page.press("#dv-search-input", "Enter")
    visit.page.wait_for_url("**/tim-kiem/?q=dan+van+kheo")
    visit.page.wait_for_selector(".dv-search-page__results li")
    assert "kết quả cho “dan van kheo”" in visit.page.text_content(".dv-search-page__status")


def test_results_page_filters_by_type_and_year(open_page, axe):
    visit = open_page(1280)
    visit.goto("/tim-kiem/?q=" + quote("đề án") + "&loai=" + quote("Văn bản"))
    page = visit.page
    page.wait_for_selector(".dv-search-page__results li")
    metas = page.eval_on_selector_all(".dv-search-page__results .dv-result__meta",
                                      "els => els.map(e => e.textContent)")
    assert metas and all(m.startswith("Văn bản") for m in metas)
    assert page.input_value("select[name=loai]") == "Văn bản"
    page.select_option("select[name=nam]", "2016")
    page.wait_for_url("**nam=2016**")
    page.wait_for_selector(".dv-search-page__results li")
    metas = page.eval_on_selector_all(".dv-search-page__results .dv-result__meta",
                                      "els => els.map(e => e.textContent)")
    assert metas and all("2016" in m for m in metas)
    visit.screenshot("tim-kiem")
    violations = axe.violations(page)
    assert not violations, axe.report(violations)


def test_search_box_on_a_phone_has_no_horizontal_scroll(open_page, axe):
    visit = open_page(360)
    visit.goto("/")
    page = visit.page
    assert page.evaluate("document.querySelector('#dv-search-input').offsetWidth") == 0  # folded
    page.click(".dv-search__button")  # an empty box: the button opens it
    assert page.evaluate("document.activeElement.id") == "dv-search-input"
    page.keyboard.type("dan van kheo")
    answered(page, "dan van kheo")  # no list replaced under the measure, the shot or axe
    page.wait_for_selector("#dv-search-results [role=option]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    visit.screenshot("tim-kiem-dropdown")
    violations = axe.violations(page)
    assert not violations, axe.report(violations)


WORDS = ["Đảng", "đường", "dương", "hoà", "hòa", "THUỶ", "Ðồng", "Nghị", "quyết", "khéo",
         "ưu", "2016", "café", "Ωmega", "ﬁle"]


def test_browser_and_index_derive_the_same_keys(home):
    """search-index.js and danvan.search_index must fold, key and split alike, or pages
    could not be found by words the index holds."""
    from danvan import text
    from danvan.search_index import number_key, words

    got = home.page.evaluate("""async (list) => {
        const m = await import(new URL("assets/javascripts/search-index.js", location.href).href);
        return list.map((w) => [m.fold(w.toLowerCase()), m.toneKey(w), m.numberKey(w)])
          .concat([m.words("Dân vận khéo: “hiệu quả”, 02-ĐA/TU!")]);
    }""", WORDS)
    expected = [[text.fold(w.lower()), text.tone_key(w), number_key(w)] for w in WORDS]
    assert got[:-1] == expected
    assert got[-1] == words("Dân vận khéo: “hiệu quả”, 02-ĐA/TU!")


def test_excerpt_prefers_the_phrase_and_marks_its_words(home):
    filler = " ".join(["cán bộ"] * 20)
    text = f"Toàn văn hướng dẫn nghiệp vụ khéo léo. {filler}. Phong trào Dân vận khéo ở xã."
    cut = home.page.evaluate("""async (text) => {
        const m = await import(new URL("assets/javascripts/search-index.js", location.href).href);
        return m.excerpt(text, ["dan", "van", "kheo"], ["dan van", "van kheo"]);
    }""", text)
    assert "<mark>Dân</mark> <mark>vận</mark> <mark>khéo</mark>" in cut
    assert cut.startswith("… ")  # cut from inside the text


@pytest.mark.parametrize("query", ["constructor", "__proto__", "toString"])
def test_words_that_are_javascript_object_names_are_plain_words(home, query):
    """The index's keys are data: a reader typing "constructor" gets an answer, not a
    search box stuck on "Đang tìm…"."""
    assert search_box(home, query) == []
    status = home.page.text_content(".dv-search__status")
    assert "Không tìm thấy" in status
