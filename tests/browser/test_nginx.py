"""The production nginx configuration (scripts/nginx/danvan.conf) serving the built site,
checked with plain urllib: status codes, the Vietnamese 404, security headers, gzip,
caching and media types."""

from __future__ import annotations

import gzip
import re
import stat
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HEADERS_CONF = Path(__file__).resolve().parents[2] / "scripts" / "nginx" / "security-headers.conf"
REQUIRED_HEADERS = {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "X-Frame-Options", "Permissions-Policy"}


def _expected_headers() -> dict[str, str]:
    """The headers security-headers.conf declares (the tests check nginx sends them)."""
    found = dict(re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;',
                            HEADERS_CONF.read_text("utf-8"), re.M))
    assert REQUIRED_HEADERS <= found.keys(), f"missing in {HEADERS_CONF.name}: " \
        f"{REQUIRED_HEADERS - found.keys()}"
    return found


EXPECTED_HEADERS = _expected_headers()
IMMUTABLE = "public, max-age=31536000, immutable"
MISSING = "/khong-co-trang-nay/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(base: str, path: str, **headers: str) -> tuple[int, dict, bytes]:
    """GET without following redirects; returns status, headers (case-insensitive), body."""
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with _opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def asset(site: Path, pattern: str) -> str:
    """URL path of the one built file matching a glob (relative to the site root)."""
    matches = sorted(site.glob(pattern))
    assert len(matches) == 1, f"expected one {pattern} in the built site, found {matches}"
    return "/" + matches[0].relative_to(site).as_posix()


@pytest.fixture(scope="module")
def paths(built_site: Path) -> dict[str, str]:
    return {
        "bundle": asset(built_site, "assets/javascripts/bundle.*.min.js"),
        "css": asset(built_site, "assets/stylesheets/main.*.min.css"),
        "font": asset(built_site, "assets/fonts/be-vietnam-pro-vietnamese-400-normal.woff2"),
        "plain_js": "/assets/javascripts/danvan.js",
        "index": asset(built_site, "tim-kiem/chi-muc/*/tu.json"),  # named by content hash
    }


# ----------------------------------------------------------------------------- status

@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/van-ban/", "/van-ban/02-da-tu-2016/",
                                  "/dia-ban/thai-binh/", "/van-ban/loai/chi-thi/"])
def test_pages_answer_200_as_utf8_html(nginx_url, path):
    status, headers, body = fetch(nginx_url, path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<html lang="vi"' in body


def test_folder_without_slash_redirects_relatively(nginx_url):
    status, headers, _ = fetch(nginx_url, "/tin-tuc")
    assert status == 301
    assert headers["Location"] == "/tin-tuc/"


@pytest.mark.parametrize("path", [MISSING, "/tin-tuc/khong-co/bai.html", "/assets/khong-co.js",
                                  "/404.html"])
def test_missing_path_gets_vietnamese_404(nginx_url, path):
    status, headers, body = fetch(nginx_url, path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    assert "Không tìm thấy trang" in page
    # served at any depth, so its links must be root-absolute
    assert 'href="/assets/stylesheets/main.' in page


def test_built_site_is_readable_by_nginx_workers(_build):
    """nginx workers (www-data) are not the user who builds: site/ must be world-readable.

    The fixture makes the tree readable before starting nginx; this checks the mode
    `danvan build` itself leaves on the output folder."""
    mode = _build.mode_after_build
    assert mode & stat.S_IROTH and mode & stat.S_IXOTH, (
        f"danvan build leaves site/ with mode {mode:04o}: nginx workers get 403 everywhere")


def test_error_log_has_no_serious_entry(nginx, nginx_url):
    """After the requests above: nothing worse than the expected 404 "open() failed"."""
    fetch(nginx_url, "/")
    log = nginx.error_log.read_text(errors="replace")
    bad = [line for line in log.splitlines()
           if re.search(r"\[(crit|alert|emerg)\]|Permission denied|rewrite or internal", line)]
    assert not bad, "\n".join(bad[:20])


# ----------------------------------------------------------------------------- headers

@pytest.mark.parametrize("which", ["/", "/van-ban/02-da-tu-2016/", MISSING, "bundle", "css",
                                   "font", "plain_js", "/feed.xml", "/robots.txt",
                                   "/assets/images/favicon.svg"])
def test_security_headers_on_every_response(nginx_url, paths, which):
    status, headers, _ = fetch(nginx_url, paths.get(which, which))
    assert status in (200, 404)
    for name, value in EXPECTED_HEADERS.items():
        assert headers.get_all(name) == [value], f"{name} on {which}: {headers.get_all(name)}"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    csp = headers["Content-Security-Policy"]
    assert not re.search(r"https?:|\*", csp), f"the CSP must not allow another origin: {csp}"
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    for name, value in {"default-src": ["'self'"], "object-src": ["'none'"],
                        "base-uri": ["'self'"], "form-action": ["'self'"],
                        "frame-ancestors": ["'none'"], "font-src": ["'self'"],
                        "connect-src": ["'self'"], "img-src": ["'self'", "data:"]}.items():
        assert directives.get(name) == value, f"{name}: {directives.get(name)}"
    script_src = directives["script-src"]
    assert script_src[0] == "'self'"
    # no inline script, no eval of any kind
    assert script_src == ["'self'"]
    assert set(directives["style-src"]) <= {"'self'", "'unsafe-inline'"}
    assert "Server" not in headers or "/" not in headers["Server"], "server_tokens off"


def test_built_html_needs_nothing_the_csp_forbids(built_site: Path):
    """No inline script, inline event handler or external script/stylesheet/font/frame."""
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text("utf-8")
        rel = page.relative_to(built_site)
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{rel}: inline {tag}")
        for attr in re.findall(r"\son[a-z]+=\"", html):
            problems.append(f"{rel}: inline handler {attr.strip()}")
        for tag in re.findall(r"<(?:script|link|iframe|img)\b[^>]*>", html):
            if re.search(r"(?:src|href)=\"(?:https?:)?//", tag) and not re.search(
                    r"rel=\"(?:canonical|alternate)\"", tag):
                problems.append(f"{rel}: external resource {tag}")
    assert not problems, "\n".join(problems[:40])


# ----------------------------------------------------------------------------- gzip

@pytest.mark.parametrize("which", ["/", "/van-ban/", "css", "bundle", "/feed.xml"])
def test_gzip_when_accepted(nginx_url, paths, built_site, which):
    path = paths.get(which, which)
    status, headers, body = fetch(nginx_url, path, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers.get("Vary", "")
    file = built_site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    assert gzip.decompress(body) == file.read_bytes()


def test_no_gzip_when_not_accepted(nginx_url):
    status, headers, _ = fetch(nginx_url, "/")
    assert status == 200 and "Content-Encoding" not in headers


# ----------------------------------------------------------------------------- caching

@pytest.mark.parametrize("which", ["bundle", "css", "font", "index"])
def test_fingerprinted_assets_and_fonts_cached_a_year(nginx_url, paths, which):
    status, headers, _ = fetch(nginx_url, paths[which])
    assert status == 200
    assert headers.get_all("Cache-Control") == [IMMUTABLE]


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/van-ban/02-da-tu-2016/", MISSING,
                                  "/feed.xml"])
def test_html_and_feeds_revalidate(nginx_url, path):
    _, headers, _ = fetch(nginx_url, path)
    assert headers.get_all("Cache-Control") == ["no-cache"]


@pytest.mark.parametrize("path", ["/assets/javascripts/danvan.js",
                                  "/assets/javascripts/search.js",
                                  "/assets/stylesheets/danvan.css",
                                  "/assets/javascripts/search-index.js",
                                  "/tim-kiem/chi-muc/meta.json"])
def test_unversioned_scripts_and_styles_revalidate(nginx_url, path):
    """Not fingerprinted: a deploy must not pair new HTML with yesterday's scripts."""
    status, headers, _ = fetch(nginx_url, path)
    assert status == 200
    assert headers.get_all("Cache-Control") == ["no-cache"]


@pytest.mark.parametrize("path", ["/robots.txt"])
def test_other_static_files_cached_a_day(nginx_url, path):
    status, headers, _ = fetch(nginx_url, path)
    assert status == 200
    assert headers.get_all("Cache-Control") == ["public, max-age=86400"]


def test_search_index_buckets_are_compressed_and_cached_for_good(nginx_url, built_site):
    bucket = asset(built_site, "tim-kiem/chi-muc/*/b/0.bin")
    status, headers, body = fetch(nginx_url, bucket, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers.get_all("Cache-Control") == [IMMUTABLE]
    assert len(body) < (built_site / bucket.lstrip("/")).stat().st_size


def test_html_revalidation_gives_304(nginx_url):
    _, headers, _ = fetch(nginx_url, "/")
    status, _, body = fetch(nginx_url, "/", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


# ----------------------------------------------------------------------------- types

def test_feed_is_atom_xml(nginx_url):
    status, headers, body = fetch(nginx_url, "/feed.xml")
    assert status == 200
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert ET.fromstring(body).tag == "{http://www.w3.org/2005/Atom}feed"


def test_sitemap_is_xml(nginx_url):
    status, headers, body = fetch(nginx_url, "/sitemap.xml")
    assert status == 200
    assert headers["Content-Type"].split(";")[0] in ("application/xml", "text/xml")
    root = ET.fromstring(body)
    assert root.tag.endswith("urlset") and len(root) > 10


def test_robots_txt(nginx_url):
    status, headers, body = fetch(nginx_url, "/robots.txt")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert b"Sitemap:" in body


def test_types_of_assets(nginx_url, paths):
    expected = {"bundle": "application/javascript", "css": "text/css", "font": "font/woff2"}
    for which, mime in expected.items():
        _, headers, _ = fetch(nginx_url, paths[which])
        assert headers["Content-Type"].split(";")[0] == mime, which
    _, headers, _ = fetch(nginx_url, "/assets/images/favicon.svg")
    assert headers["Content-Type"].split(";")[0] == "image/svg+xml"
