"""The “Dân vận khéo” models gallery in Debian's Chromium behind the production nginx: the
instant filters narrow the cards (and the static filter pages do without JavaScript), the
lightbox is driven by the keyboard, nothing scrolls sideways at 360 px, axe-core finds no
serious or critical violation, the browser loads the card images the budget test assumes,
and full-page screenshots at 360 and 1280 px land in tests/artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GALLERY = "/mo-hinh/"
MODEL = "/mo-hinh/giup-nhau-thoat-ngheo-ben-vung/"  # three photos
PAGES = [
    ("mo-hinh", GALLERY),
    ("mo-hinh-model", MODEL),
    ("mo-hinh-linh-vuc", "/mo-hinh/linh-vuc/kinh-te/"),
    ("dia-ban-khoai-chau", "/dia-ban/huyen-khoai-chau/"),
    ("trang-chu-mo-hinh", "/"),
]
SCREENSHOTS = {"mo-hinh", "mo-hinh-model"}
WIDTHS = [360, 1280]
CARDS = "ul[data-dv-cards] > li.dv-card"
FORM = "form[data-dv-filter=gallery]"

OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth + 0.5, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit && getComputedStyle(el).position !== 'fixed') {
      const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 12);
}"""

# Scroll through the page so that every lazy image loads, then wait for them all. A lazy
# image starts loading when a rendering update finds it near the viewport: each step waits
# for one (two animation frames), not for a fixed time a busy machine may not render in,
# and an image still not asked for (never found near the viewport) is scrolled to and
# waited for on its own; otherwise the wait for it would never end.
LOAD_ALL_IMAGES = """async () => {
  const rendered = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const loaded = img => img.complete ? null : new Promise(r => {
    img.addEventListener('load', r, {once: true});
    img.addEventListener('error', r, {once: true});
  });
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await rendered();
  }
  for (const img of document.images) {
    if (img.complete) continue;
    img.scrollIntoView({block: 'center'});
    await loaded(img);
  }
  window.scrollTo(0, 0);
  await Promise.all([...document.images].map(loaded));
  return [...document.images].filter(img => !img.naturalWidth).map(img => img.currentSrc || img.src);
}"""


def _visible(page, attr: str) -> list[str]:
    return page.locator(f"{CARDS}:visible").evaluate_all(
        "(cards, attr) => cards.map(c => c.dataset[attr])", attr)


def _all(page, attr: str) -> list[str]:
    return page.locator(CARDS).evaluate_all("(cards, attr) => cards.map(c => c.dataset[attr])",
                                            attr)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,path", PAGES, ids=[n for n, _ in PAGES])
def test_gallery_pages_render_without_sideways_scroll(open_page, name, path, width):
    visit = open_page(width)
    visit.goto(path)
    page = visit.page
    assert page.locator(".dv-card, .dv-model__cover").count() > 0, f"{path} shows no model"
    broken = page.evaluate(LOAD_ALL_IMAGES)
    assert not broken, f"images that did not load on {path}: {broken}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if width == 360:
        assert scroll_width <= 360, (f"{path} scrolls sideways at 360 px ({scroll_width}): "
                                     f"{page.evaluate(OVERFLOWING)}")
    if name in SCREENSHOTS:
        visit.screenshot(f"gallery-{name}")
    visit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [GALLERY, MODEL, "/mo-hinh/nam/2018/"])
def test_gallery_accessibility(open_page, axe, path, width):
    visit = open_page(width)
    visit.goto(path)
    violations = axe.violations(visit.page)
    assert not violations, f"axe-core on {path} at {width} px:\n{axe.report(violations)}"
    visit.assert_clean()


def test_filters_narrow_the_cards_and_sort(open_page):
    visit = open_page(1280)
    visit.goto(GALLERY)
    page = visit.page
    form = page.locator(FORM)
    assert form.is_visible(), "gallery.js should reveal the filter form"
    count = form.locator(".dv-filter__count")
    fields = _all(page, "field")
    total = len(fields)
    assert total >= 8 and len(_visible(page, "field")) == total
    assert count.inner_text() == f"Đang hiển thị {total}/{total} mô hình"

    form.locator("select[name=field]").select_option(label="Kinh tế")
    expected = fields.count("kinh-te")
    assert 0 < expected < total
    assert _visible(page, "field") == ["kinh-te"] * expected
    assert count.inner_text() == f"Đang hiển thị {expected}/{total} mô hình"
    assert "linh-vuc=kinh-te" in page.url  # the filtered view can be shared

    form.locator("select[name=level]").select_option(label="Cấp tỉnh")
    both = page.locator(f"{CARDS}:visible").evaluate_all(
        "cards => cards.map(c => [c.dataset.field, c.dataset.level])")
    assert both and all(f == "kinh-te" and lvl == "tinh" for f, lvl in both)
    assert len(both) < expected

    form.locator("select[name=field]").select_option(value="")
    form.locator("select[name=level]").select_option(value="")
    form.locator("select[name=locality]").select_option(label="huyện Khoái Châu")
    localities = page.locator(f"{CARDS}:visible").evaluate_all(
        "cards => cards.map(c => c.dataset.localities.split(' '))")
    assert localities and all("huyen-khoai-chau" in ids for ids in localities)
    assert all("Khoái Châu" in t for t in
               page.locator(f"{CARDS}:visible .dv-card__place").all_inner_texts())

    form.locator("select[name=locality]").select_option(value="")
    form.locator("select[name=year]").select_option(value="2018")
    assert set(_visible(page, "year")) == {"2018"}
    form.locator("select[name=year]").select_option(value="")
    form.locator("select[name=field]").select_option(label="Quốc phòng – an ninh")
    form.locator("select[name=year]").select_option(value="2017")  # none recognised then
    assert _visible(page, "field") == []
    assert page.locator("[data-dv-none]").is_visible()
    assert count.inner_text() == f"Đang hiển thị 0/{total} mô hình"

    form.locator("select[name=field]").select_option(value="")
    form.locator("select[name=year]").select_option(value="")
    assert len(_visible(page, "field")) == total
    names = _all(page, "name")
    in_order = page.evaluate("ns => { const c = new Intl.Collator('vi', {sensitivity: 'base'});"
                             " return ns.every((n, i) => !i || c.compare(ns[i - 1], n) <= 0); }",
                             names)
    assert in_order, names
    form.locator("select[name=sort]").select_option(value="year")
    years = [int(y) for y in _all(page, "year")]
    assert years == sorted(years, reverse=True)
    visit.assert_clean()


def test_filter_from_the_address_is_applied(open_page):
    visit = open_page(1280)
    visit.goto(GALLERY + "?cap=trung-uong")
    page = visit.page
    assert page.locator(f"{FORM} select[name=level]").input_value() == "trung-uong"
    assert set(_visible(page, "level")) == {"trung-uong"}
    visit.assert_clean()


def test_static_filter_pages_work_without_javascript(open_page, built_site):
    visit = open_page(360, js=False)
    visit.goto("/mo-hinh/linh-vuc/kinh-te/")
    page = visit.page
    assert "Kinh tế" in page.locator("h1").inner_text()
    gallery = (built_site / "mo-hinh" / "index.html").read_text("utf-8")
    expected = len(re.findall(r'<li class="dv-card" data-field="kinh-te"', gallery))
    assert expected > 0
    fields = page.locator(".dv-card").evaluate_all("cards => cards.map(c => c.dataset.field)")
    assert fields == ["kinh-te"] * expected
    assert not page.locator(FORM).count()  # the JS form is only on the main gallery pages
    facet = page.locator(".dv-browse a[aria-current=page]")
    assert facet.evaluate("a => a.textContent.trim()") == f"Kinh tế ({expected})"
    # without JavaScript, a thumbnail on a model page is a plain link to the large photo
    visit.goto(MODEL)
    link = page.locator("a[data-dv-lightbox]").first
    href = link.get_attribute("href")
    assert re.search(r"-trang-\d+\.[0-9a-f]{10}\.jpg$", href), href
    visit.assert_clean()


def _focused_is(page, selector: str, index: int) -> bool:
    return page.evaluate("([s, i]) => document.activeElement === document.querySelectorAll(s)[i]",
                         [selector, index])


def test_lightbox_opens_and_closes_with_the_keyboard(open_page, axe):
    visit = open_page(1280)
    visit.goto(MODEL)
    page = visit.page
    links = "a[data-dv-lightbox]"
    assert page.locator(links).count() == 3
    dialog = page.locator("dialog.dv-lightbox")

    page.locator(links).nth(0).focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    assert page.evaluate("document.querySelector('dialog.dv-lightbox').open")
    image = dialog.locator("img")
    page.wait_for_function("() => document.querySelector('dialog.dv-lightbox img').complete")
    assert image.evaluate("img => img.naturalWidth") > 0
    assert image.get_attribute("alt") == page.locator(links).nth(0).get_attribute("data-alt")
    expect(dialog.locator(".dv-lightbox__count")).to_have_text("Ảnh 1/3")  # waits
    assert "minh họa" in dialog.locator("figcaption").inner_text()
    # the focus is inside the dialog, on its close button
    assert page.evaluate("document.activeElement.closest('dialog') !== null")

    page.keyboard.press("ArrowRight")
    expect(dialog.locator(".dv-lightbox__count")).to_have_text("Ảnh 2/3")  # waits
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(dialog.locator(".dv-lightbox__count")).to_have_text("Ảnh 3/3")  # wraps around
    violations = axe.violations(page)
    assert not violations, f"axe-core with the lightbox open:\n{axe.report(violations)}"

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert _focused_is(page, links, 0), "focus should return to the thumbnail that opened it"

    # open the second with Enter, close with the “Đóng” button by keyboard
    page.locator(links).nth(1).focus()
    page.keyboard.press("Enter")
    expect(dialog.locator(".dv-lightbox__count")).to_have_text("Ảnh 2/3")  # waits
    close = dialog.get_by_role("button", name=re.compile("Đóng"))
    close.focus()
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    assert _focused_is(page, links, 1)

    # The dialog's "close" event is queued: a reader (or a test) who has already focused
    # another thumbnail when it runs keeps that focus, and Enter opens that photo.
    page.locator(links).nth(0).focus()
    page.keyboard.press("Enter")
    expect(dialog.locator(".dv-lightbox__count")).to_have_text("Ảnh 1/3")
    # Returns once the queued "close" event has run (this listener comes after gallery.js's).
    page.evaluate("([d, s]) => new Promise(done => { const dialog = document.querySelector(d);"
                  " dialog.addEventListener('close', () => done(), {once: true});"
                  " dialog.close(); document.querySelectorAll(s)[2].focus(); })",
                  ["dialog.dv-lightbox", links])
    assert _focused_is(page, links, 2), "the late close event took the focus back"
    page.keyboard.press("Enter")
    expect(dialog.locator(".dv-lightbox__count")).to_have_text("Ảnh 3/3")
    visit.assert_clean()


@pytest.mark.parametrize("dpr,expected", [(1, "the-240"), (2, "the-240"), (3, "the-360")])
def test_phone_loads_the_card_size_the_budget_assumes(browser, nginx_url, dpr, expected):
    """tests/test_gallery.py sums the card images a 360-px phone loads, assuming the browser
    takes the smallest candidate at least 120 px × DPR wide; check that Chromium does."""
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  device_scale_factor=dpr, service_workers="block")
    try:
        page = context.new_page()
        page.goto(nginx_url + GALLERY, wait_until="load")
        page.evaluate(LOAD_ALL_IMAGES)
        sources = page.locator(".dv-card img").evaluate_all(
            "imgs => imgs.map(i => i.currentSrc)")
        assert sources
        assert all(re.search(rf"-{expected}\.[0-9a-f]{{10}}\.webp$", s) for s in sources), sources
    finally:
        context.close()
