"""Whole builds: nothing unpublished leaks into any output byte; a failed build keeps the
previous site; the sample content builds into a complete site."""

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from builders import REPO, article, document, pdf, png, small_site, tree

from danvan.build import build_site

TODAY = dt.date(2026, 11, 27)
SECRETS = ["BIMATNHAP", "BIMATNOIBO", "BIMATVANBAN", "BIMATTUONGLAI", "BIMATANH"]


def all_output_bytes(site: Path) -> bytes:
    """Every byte the site publishes, gzip files (sitemap.xml.gz) decompressed, and every
    file name."""
    chunks = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            chunks.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
            chunks.append(str(path.relative_to(site)).encode())
    return b"\n".join(chunks)


@pytest.fixture
def leaky(project):
    """A project whose unpublished content carries unique markers everywhere it can."""
    project.write("content/tin-tuc/cong-khai.md", article("Bài công khai", tags="[chung]"))
    project.write("content/tin-tuc/nhap-bimatnhap.md",
                  article("Nháp BIMATNHAP", status="draft", tags="[BIMATNHAP]",
                          summary='"BIMATNHAP"', image="anh/bimatanh.png", image_alt="BIMATANH"))
    project.write("content/tin-tuc/anh/bimatanh.png", png("BIMATANH"))
    project.write("content/tin-tuc/noi-bo.md",
                  article("Nội bộ BIMATNOIBO", visibility="internal", tags="[BIMATNOIBO]",
                          localities="[huyện Văn Lâm]"))
    project.write("content/tin-tuc/tuong-lai.md",
                  article("Tương lai BIMATTUONGLAI", date="2027-03-01", tags="[BIMATTUONGLAI]"))
    project.write("content/van-ban/mat.md",
                  document("09-CT/TU", title='"Chỉ thị BIMATVANBAN"', classification="secret",
                           summary='"BIMATVANBAN"', attachment="bimatvanban.pdf"))
    project.write("content/van-ban/bimatvanban.pdf", pdf("BIMATVANBAN"))
    return project


def test_unpublished_content_never_reaches_any_output(leaky):
    assert build_site(leaky.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    site = leaky.root / "site"
    assert (site / "tin-tuc" / "cong-khai" / "index.html").is_file()
    output = all_output_bytes(site)
    assert "Bài công khai".encode() in output  # the scan does see page text
    index = site / "tim-kiem" / "chi-muc"
    assert list(index.glob("*/d/*.json"))  # the search index's texts are scanned too,
    assert b'"cong khai":' in output  # and its keys (the folded pair of the public title)
    assert "Nội dung của bài Bài công khai".encode() in output
    for marker in SECRETS:
        assert marker.encode() not in output
        assert marker.lower().encode() not in output


def test_failed_build_keeps_the_previous_site(project):
    project.write("content/tin-tuc/a.md", article("Bài đầu"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    before = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    project.write("content/tin-tuc/b.md", article("Bài lỗi", date="30/02/2026"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 1
    after = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.root.glob(".site.*"))  # no staging folder left behind


def test_error_report_is_vietnamese_and_complete(project, capsys):
    project.write("content/tin-tuc/a.md", article("A", date="30/02/2026"))
    project.write("content/tin-tuc/b.md", article("B", localities="[huyện Không Có]"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 1
    err = capsys.readouterr().err
    assert "content/tin-tuc/a.md:3: trường “date”" in err
    assert "content/tin-tuc/b.md" in err and "huyện Không Có" in err
    assert "2 lỗi" in err and "giữ nguyên" in err


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    assert build_site(REPO, Path("mkdocs.yml"), out, TODAY) == 0
    return out


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def test_sample_site_has_every_generated_page(sample_site):
    for url in ["", "tin-tuc", "huong-dan", "van-ban", "van-ban/loai/chi-thi", "van-ban/nam/2016",
                "dia-ban", "dia-ban/thai-binh", "dia-ban/hung-yen", "the", "luu-tru",
                "luu-tru/2016", "van-ban/02-da-tu-2016", "gioi-thieu", "lien-he", "about",
                "huong-dan-bien-tap"]:
        assert (sample_site / url / "index.html").is_file(), url
    for path in ["404.html", "sitemap.xml", "robots.txt", "feed.xml", "tin-tuc/feed.xml",
                 "van-ban/feed.xml", "assets/stylesheets/fonts.css"]:
        assert (sample_site / path).is_file(), path


def test_shared_header_and_footer_links_lead_to_their_pages_from_every_page(sample_site):
    """Header and footer are rendered once per folder or depth and reused: a link in them
    must still lead to its page from every page, the linked page itself included (where
    MkDocs writes it "./")."""
    import posixpath
    import re

    wanted = {"Lưu trữ": "/luu-tru", "Từ khóa": "/the"}
    pages = sorted(sample_site.rglob("index.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text("utf-8")
        here = "/" + path.parent.relative_to(sample_site).as_posix() + "/"
        links = {label: href for href, label in re.findall(
            r'<a href="([^"]*)">(Lưu trữ|Từ khóa)</a>', html)}
        assert links.keys() == wanted.keys(), here
        for label, href in links.items():
            assert posixpath.normpath(posixpath.join(here, href)) == wanted[label], (here, label)
        action = re.search(r'<form class="dv-search"[^>]*action="([^"]*)"', html).group(1)
        assert posixpath.normpath(posixpath.join(here, action)) == "/tim-kiem", here
    # A page links to itself as MkDocs writes it there, not as its neighbours do.
    assert '<a href="./">Lưu trữ</a>' in read(sample_site, "luu-tru")
    assert '<a href="./">Từ khóa</a>' in read(sample_site, "the")
    assert 'action="./"' in read(sample_site, "tim-kiem")


@pytest.mark.parametrize("features", ["", "    - navigation.tabs.sticky\n"],
                         ids=["mac-dinh", "tab-dinh"])
def test_shared_fragments_give_the_site_rendering_each_page_gives(project, monkeypatch,
                                                                   features):
    """Header, footer, tabs, navigation, __config, styles and scripts are rendered once per
    folder and reused (DanvanPlugin._memo): the site must be byte for byte the one built
    with every page rendering its own, with sticky tabs (inside the header) too."""
    from markupsafe import Markup

    from danvan.site.plugin import DanvanPlugin

    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "    - navigation.tabs\n", "    - navigation.tabs\n" + features), "utf-8")
    small_site(project, 6, by_year=True)
    monkeypatch.setenv("DANVAN_JOBS", "1")
    assert build_site(project.root, Path("mkdocs.yml"), Path("chung"), TODAY) == 0
    monkeypatch.setattr(DanvanPlugin, "_memo", lambda self, key, page, render: Markup(render()))
    assert build_site(project.root, Path("mkdocs.yml"), Path("rieng"), TODAY) == 0
    shared, own = tree(project.root / "chung"), tree(project.root / "rieng")
    assert shared.keys() == own.keys() and len(shared) > 40
    assert [name for name in shared if shared[name] != own[name]] == []


@pytest.mark.parametrize("order", [["luu-tru/", "the/", "tim-kiem/", "luu-tru/"],
                                   ["the/", "luu-tru/", "tim-kiem/", "gop-y/"],
                                   ["gop-y/", "the/", "tim-kiem/", "luu-tru/"]])
def test_a_reused_fragment_is_what_each_page_would_render(order):
    """Whatever page renders a shared fragment first, every page gets the HTML it would
    render itself, even the pages the fragment links to (their link reads "./")."""
    from types import SimpleNamespace

    from mkdocs.utils import get_relative_url

    from danvan.site.plugin import DanvanPlugin

    plugin = DanvanPlugin()
    plugin._memo_cache = {}

    def footer(url: str) -> str:  # what Material's url filter makes on the page at url
        return "".join(f'<a href="{get_relative_url(target, url)}">{target}</a>'
                       for target in ("luu-tru/", "the/", "the/x/", "index.html",
                                      "feed.xml")) + (
            f'<form action="{get_relative_url("tim-kiem/", url)}"></form>')

    for url in order:
        page = SimpleNamespace(url=url)
        assert plugin._memo("footer:", page, lambda: footer(url)) == footer(url), url


def test_document_page_shows_metadata_and_full_text(sample_site):
    html = read(sample_site, "van-ban/02-da-tu-2016")
    assert "02-ĐA/TU" in html and "15/8/2016" in html and "Đỗ Tiến Sỹ" in html
    assert 'lang="vi"' in html
    # Full text keeps its structure: headings and the list of the 7 targets.
    assert html.count("<li>") >= 7 and "<h2" in html
    assert "Mục tiêu cụ thể" in html
    # The cited directives link to their registry pages.
    assert 'href="../16-ct-ttg-2016/"' in html


def test_article_pages_do_not_carry_one_nav_entry_per_article(sample_site):
    """The HTML of an article must not grow with the number of articles: an article page
    links to no other article (the navigation holds sections, not articles)."""
    slugs = [p.parent.name for p in (sample_site / "tin-tuc").glob("*/index.html")
             if p.parent.name not in ("chuyen-muc", "trang")]
    assert len(slugs) >= 5
    for slug in slugs:
        html = read(sample_site, f"tin-tuc/{slug}")
        others = [s for s in slugs if s != slug and f"/{s}/" in html]
        assert others == [], slug


def test_listings_sort_newest_first_and_paginate_links(sample_site):
    html = read(sample_site, "tin-tuc")
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', html)
    assert dates and dates == sorted(dates, reverse=True)


def test_canonical_og_and_feed_metadata(sample_site):
    html = read(sample_site, "van-ban/02-da-tu-2016")
    assert '<link rel="canonical" href="https://danvan.hungyen.example/van-ban/02-da-tu-2016/">' in html
    assert 'property="og:title"' in html and 'property="og:locale" content="vi_VN"' in html
    feed = (sample_site / "feed.xml").read_text("utf-8")
    assert "<feed" in feed and "https://danvan.hungyen.example/van-ban/02-da-tu-2016/" in feed


def test_no_external_origin_in_any_page(sample_site):
    """Fonts, scripts and styles are self-hosted: no src/href loads from another origin."""
    for path in sample_site.rglob("*.html"):
        html = path.read_text("utf-8")
        loads = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        loads = [u for u in loads if not u.startswith("https://danvan.hungyen.example/")
                 and 'rel="canonical"' not in u]
        assert loads == [], (path, loads)
    css = (sample_site / "assets/stylesheets/fonts.css").read_text()
    assert "Be Vietnam Pro" in css and "Noto Serif" in css and "http" not in css


def test_locality_pages_show_history_and_successor(sample_site):
    html = read(sample_site, "dia-ban/thai-binh")
    assert "Đơn vị kế thừa" in html and 'href="../hung-yen/"' in html
    assert "30/6/2025" in html


def test_long_listings_paginate_without_javascript(project):
    for n in range(45):
        project.write(f"content/tin-tuc/bai-{n:02d}.md",
                      article(f"Bài số {n:02d}", date=f"2024-01-{n % 28 + 1:02d}"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    site = project.root / "site"
    pages = [read(site, "tin-tuc"), read(site, "tin-tuc/trang/2"), read(site, "tin-tuc/trang/3")]
    assert not (site / "tin-tuc" / "trang" / "4").exists()
    counts = [html.count('class="dv-entry"') for html in pages]
    assert counts == [20, 20, 5]
    assert 'rel="next" href="trang/2/"' in pages[0]
    assert 'rel="prev" href="../../"' in pages[1] and 'rel="next" href="../3/"' in pages[1]
    # Every article appears exactly once across the pages, newest first overall.
    dates = [d for html in pages for d in re.findall(r'<time datetime="([\d-]+)"', html)]
    assert len(dates) == 45 and dates == sorted(dates, reverse=True)


def test_a_locality_page_paginates_what_is_tagged_with_it(project):
    """A province's page would otherwise list every article of the site (1.8 MB of HTML at
    5,000 articles): 20 a page, newest first, the history on the first page only, each
    entry once with the name its source wrote."""
    for n in range(45):
        project.write(f"content/tin-tuc/bai-{n:02d}.md", article(
            f"Bài số {n:02d}", date=f"2024-01-{n % 28 + 1:02d}",
            localities="[huyện Văn Lâm]" if n % 2 else "[Văn Lâm]"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    site = project.root / "site"
    base = "dia-ban/huyen-van-lam"
    pages = [read(site, base), read(site, f"{base}/trang/2"), read(site, f"{base}/trang/3")]
    assert not (site / base / "trang" / "4").exists()
    assert [html.count('class="dv-entry"') for html in pages] == [20, 20, 5]
    assert 'rel="next" href="trang/2/"' in pages[0]
    assert 'rel="prev" href="../../"' in pages[1] and 'rel="next" href="../3/"' in pages[1]
    assert "Trang 2/3" in pages[1] and "– trang 2</h1>" in pages[1]
    assert "Thời gian tồn tại" in pages[0]
    assert all("Thời gian tồn tại" not in html for html in pages[1:])
    assert 'href="../../"' in pages[1].split('class="dv-breadcrumbs"')[1].split("</nav>")[0]
    dates = [d for html in pages for d in re.findall(r'<time datetime="([\d-]+)"', html)]
    assert len(dates) == 45 and dates == sorted(dates, reverse=True)
    titles = [t for html in pages for t in re.findall(r"Bài số (\d\d)", html)]
    assert sorted(set(titles)) == [f"{n:02d}" for n in range(45)]


def test_document_attachment_is_published_linked_with_its_size(project):
    project.write("content/van-ban/tep/16-ct-ttg.pdf", pdf("0" * 3000))
    project.write("content/van-ban/16-ct-ttg.md",
                  document("16/CT-TTg", date="2016-05-16", attachment="tep/16-ct-ttg.pdf"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    site = project.root / "site"
    assert (site / "van-ban" / "tep" / "16-ct-ttg.pdf").read_bytes().startswith(b"%PDF")
    page = read(site, "van-ban/16-ct-ttg-2016")
    assert 'href="../tep/16-ct-ttg.pdf"' in page and "(PDF, 3 KB)" in page
    registry = read(site, "van-ban")
    assert 'href="tep/16-ct-ttg.pdf"' in registry


def test_a_nav_entry_to_a_missing_page_is_a_vietnamese_warning(project, caplog):
    """mkdocs.yml names the sample's static pages; a project without them (or with them
    unpublished) is told so in Vietnamese, not in MkDocs' English."""
    import logging

    project.write("content/tin-tuc/a.md", article("Bài"))
    with caplog.at_level(logging.INFO):
        assert build_site(project.root, Path("mkdocs.yml"), Path("site"), TODAY) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("mkdocs.yml: mục “Giới thiệu” (lien-he.md)" in w for w in warnings), warnings
    assert not any("is included in the 'nav'" in w for w in warnings)
