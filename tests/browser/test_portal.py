"""The portal as its readers see it (issue 11), in Chromium behind the production nginx, at
360, 768, 1280 and 1920 px: a banner with the emblem, a lead story with its photo, no
element wider than the screen, no grid column left nearly empty beside a full one,
document numbers on one line, code in a font that has the Vietnamese letters, models found
by a search typed without diacritics, axe-core clean on every page type. Full-page
screenshots of every page type go to tests/artifacts/screenshots/portal-*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [360, 768, 1280, 1920]
# (name, path) of every page type.
PAGE_TYPES = [
    ("trang-chu", "/"),
    ("tin-tuc", "/tin-tuc/"),
    ("bai-viet", "/tin-tuc/dan-van-kheo-trong-co-quan-hanh-chinh-nha-nuoc/"),
    ("huong-dan", "/huong-dan/"),
    ("van-ban", "/van-ban/"),
    ("van-ban-the-thuc", "/van-ban/02-da-tu-2016/"),
    ("mo-hinh", "/mo-hinh/"),
    ("mo-hinh-mot", "/mo-hinh/giup-nhau-thoat-ngheo-ben-vung/"),
    ("dia-ban", "/dia-ban/thai-binh/"),
    ("ban-tin", "/ban-tin/"),
    ("tim-kiem", "/tim-kiem/?q=" + quote("dân vận khéo")),
    ("huong-dan-bien-tap", "/huong-dan-bien-tap/"),
    # The tracking pages (issue 14): a programme, a target, a unit, a period.
    ("theo-doi", "/theo-doi/de-an-02-da-tu/"),
    ("theo-doi-chi-tieu", "/theo-doi/de-an-02-da-tu/chi-tieu/ct5/"),
    ("theo-doi-don-vi", "/theo-doi/de-an-02-da-tu/don-vi/huyen-khoai-chau/"),
    ("theo-doi-ky", "/theo-doi/de-an-02-da-tu/ky/2018-6t1/"),
]

OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth + 0.5, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= limit || getComputedStyle(el).position === 'fixed') continue;
    // inside a scrolling box (a wide table) is the box's business, not the page's
    let p = el.parentElement, scrolls = false;
    while (p && p !== document.body) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolls = true; break; }
      p = p.parentElement;
    }
    if (!scrolls) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 10);
}"""

# Per row of the front page's grid (children sharing a top edge), each column's content
# height against the tallest: the "empty column" is one under 30 %.
GRID_ROWS = """(selector) => {
  const rows = {};
  for (const el of document.querySelector(selector).children) {
    const r = el.getBoundingClientRect();
    if (!r.height) continue;
    (rows[Math.round(r.top)] ||= []).push({cls: el.className, h: r.height, w: r.width});
  }
  return Object.values(rows);
}"""


@pytest.fixture(scope="module")
def visits(new_visit):
    """One browser context per width for this module's read-only checks."""
    opened = {}

    def get(width: int):
        if width not in opened:
            opened[width] = new_visit(width, True, 900)
        return opened[width]

    yield get
    problems = [f"{v.page.url} ({w}px): {p}" for w, v in opened.items() for p in v.problems()]
    for visit in opened.values():
        visit.close()
    assert not problems, "\n".join(problems)


def _open(visit, path: str) -> None:
    """Open ``path`` as a reader sees it: the results page lays out its results only after
    the load event (search.js fetches the index), so wait for them there, or the checks,
    the screenshot and axe-core (which yields between its rules) run while they arrive."""
    visit.goto(path)
    if path.startswith("/tim-kiem/"):
        visit.page.wait_for_selector("[data-dv-search-page][data-shown]", state="attached")


def _load_lazy_images(page) -> None:
    """Scroll through the page so lazy images load before a full-page screenshot."""
    page.evaluate("""async () => {
      for (const img of document.querySelectorAll('img[loading=lazy]')) img.loading = 'eager';
      await Promise.all([...document.images].map(i => i.complete ? 0 :
        new Promise(r => { i.onload = i.onerror = r; })));
    }""")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name, path", PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_page_fits_the_screen_and_is_photographed(visits, name, path, width):
    visit = visits(width)
    _open(visit, path)
    assert visit.page.evaluate(OVERFLOWING) == []
    # The banner: the committee's emblem and name, and the language link.
    assert visit.page.locator(".dv-banner__logo").evaluate("i => i.naturalWidth") > 0
    assert visit.page.locator(".dv-banner__lang").inner_text() == "English"
    if width in (360, 1280):
        _load_lazy_images(visit.page)
        visit.screenshot(f"portal-{name}")


@pytest.mark.parametrize("width", [320, 768, 1024, 1280, 1920])
def test_front_page_has_no_empty_column(visits, width):
    visit = visits(360 if width == 320 else width)
    visit.page.set_viewport_size({"width": width, "height": 900})
    visit.goto("/")
    rows = visit.page.evaluate(GRID_ROWS, ".dv-front")
    assert len(rows) >= 2
    for row in rows:
        tallest = max(c["h"] for c in row)
        short = [c for c in row if c["h"] < 0.3 * tallest]
        assert not short, f"{width}px: {short} beside a column of {tallest:.0f}px"
    visit.page.set_viewport_size({"width": 360 if width == 320 else width, "height": 900})


@pytest.mark.parametrize("width", [360, 1280])
def test_front_page_leads_with_a_story_and_its_photo(visits, width):
    visit = visits(width)
    visit.goto("/")
    lead = visit.page.locator(".dv-lead-story")
    # The editors' choice (featured: true), not merely the newest.
    assert "Dân vận khéo trong cơ quan hành chính" in lead.locator("h3").inner_text()
    image = lead.locator("img")
    assert image.evaluate("i => i.complete && i.naturalWidth") > 0
    assert image.evaluate("i => i.currentSrc").endswith(".webp")
    assert visit.page.locator(".dv-front__band .dv-story").count() >= 3
    assert visit.page.locator(".dv-front__band .dv-story img").count() >= 3
    # A block per section, the latest issue's cover among them.
    for heading in ("Hướng dẫn nghiệp vụ", "Văn bản chỉ đạo", "Thông tin Dân vận",
                    "Mô hình “Dân vận khéo”"):
        assert visit.page.get_by_role("heading", name=heading).count() == 1, heading
    _load_lazy_images(visit.page)
    assert visit.page.locator(".dv-latest-issue img").evaluate("i => i.naturalWidth") > 0


@pytest.mark.parametrize("width", WIDTHS)
def test_registry_keeps_numbers_and_dates_on_one_line(visits, width):
    visit = visits(width)
    visit.goto("/van-ban/")
    # The line boxes of each number, date and status: one top edge each.
    broken = visit.page.evaluate("""() => [...document.querySelectorAll(
        '#registry .dv-docno, #registry td.dv-nowrap')].filter(el => {
          const tops = new Set(), walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            if (!node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
          }
          return tops.size > 1;
        }).map(el => el.textContent.trim())""")
    assert broken == []
    # Every row says whether a file can be downloaded; the Đề án's is its PDF.
    files = visit.page.locator("#registry td.dv-registry__file")
    assert files.count() == visit.page.locator("#registry tbody tr").count()
    # The static pages per kind, year and issuer are plain links.
    assert visit.page.locator(".dv-browse a[href*='loai/']").count() >= 3
    assert visit.page.locator(".dv-filters-static, details.dv-filters-static").count() == 0


def test_code_is_set_in_a_font_with_vietnamese_letters(visits):
    visit = visits(1280)
    visit.goto("/huong-dan-bien-tap/")
    code = visit.page.locator("article code").first
    assert code.evaluate("c => getComputedStyle(c).fontFamily").startswith('"Noto Sans Mono"')
    visit.page.evaluate("document.fonts.ready")
    loaded = visit.page.evaluate("""() => [...document.fonts].filter(f => f.status === 'loaded'
        && f.family.replace(/["']/g, '') === 'Noto Sans Mono').map(f => f.unicodeRange)""")
    assert any("1EA0-1EF9" in r.upper() for r in loaded), loaded


@pytest.mark.parametrize("query", ["dan van kheo", "dân vận khéo"])
def test_search_finds_the_models(visits, query):
    visit = visits(1280)
    visit.goto("/tim-kiem/?q=" + quote(query))
    page = visit.page
    page.wait_for_selector("[data-dv-search-page][data-shown]", state="attached")
    first = page.eval_on_selector_all(".dv-search-page__results a",
                                      "els => els.slice(0, 10).map(a => new URL(a.href).pathname)")
    models = [p for p in first if p.startswith("/mo-hinh/")]
    assert len(models) >= 3, first
    every = page.eval_on_selector_all(".dv-search-page__results a",
                                      "els => els.map(a => new URL(a.href).pathname)")
    assert "/huong-dan-bien-tap/" not in every  # the editors' guide is not for readers


@pytest.mark.parametrize("width", [360, 1280])
def test_gallery_has_one_compact_filter_bar(visits, width):
    visit = visits(width)
    visit.goto("/mo-hinh/")
    bar = visit.page.locator("[data-dv-filterbar]")
    assert bar.count() == 1 and bar.is_visible()
    assert bar.evaluate("d => d.open") == (width >= 720)  # a disclosure on phones
    assert visit.page.locator("[data-dv-filter]").count() == 1
    # On a phone the first screen shows models, not controls.
    if width == 360:
        top = visit.page.locator(".dv-card").first.evaluate("c => c.getBoundingClientRect().top")
        assert top < 900


def test_locality_page_states_its_history_with_dates(visits):
    visit = visits(1280)
    visit.goto("/dia-ban/thai-binh/")
    sentence = visit.page.locator(".dv-lead").first.inner_text()
    assert "30 tháng 6 năm 2025" in sentence and "1 tháng 7 năm 2025" in sentence
    assert "tỉnh Hưng Yên (từ 1/7/2025)" in sentence


@pytest.mark.parametrize("width", [360, 1280])
def test_document_is_laid_out_in_its_official_form(visits, width):
    visit = visits(width)
    visit.goto("/van-ban/02-da-tu-2016/")
    page = visit.page
    issuer = page.locator(".dv-form__issuer").bounding_box()
    motto = page.locator(".dv-form__motto").bounding_box()
    if width >= 1280:  # the two-column header: issuer left, motto right, same height
        assert issuer["x"] + issuer["width"] <= motto["x"] + 1
        assert abs(issuer["y"] - motto["y"]) < 10
        signature = page.locator(".dv-form__signature").bounding_box()
        recipients = page.locator(".dv-form__recipients").bounding_box()
        assert recipients["x"] + recipients["width"] <= signature["x"] + 1
    assert page.locator(".dv-form__motto-line").first.inner_text() == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert page.locator(".dv-form__number").inner_text() == "Số 02-ĐA/TU"
    assert page.locator(".dv-form__date").inner_text() == "Hưng Yên, ngày 15 tháng 8 năm 2016"
    assert page.locator(".dv-form__kind").inner_text() == "ĐỀ ÁN"
    assert page.locator(".dv-form__signer").inner_text() == "Đỗ Tiến Sỹ"
    assert page.locator(".dv-form__recipients li").count() == 12


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name, path", PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_every_page_type_passes_axe(visits, axe, name, path, width):
    visit = visits(width)
    _open(visit, path)
    violations = axe.violations(visit.page)
    assert not violations, axe.report(violations)
