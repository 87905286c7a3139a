"""Browser and HTTP tests against the real production setup: the built site served by
nginx with scripts/nginx/danvan.conf, driven by Debian's Chromium through Playwright.

One build, one nginx and one browser for the whole session. Outside CI the tests are
skipped when nginx or Chromium is not installed; in CI (env CI set) they must be present.
Screenshots are written to tests/artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TODAY = "2026-11-27"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM = "/usr/bin/chromium"
MIME_TYPES = Path("/etc/nginx/mime.types")
NGINX_CONF = REPO / "scripts" / "nginx" / "danvan.conf"
HEADERS_CONF = REPO / "scripts" / "nginx" / "security-headers.conf"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Lines of danvan.conf the harness rewrites (keep them verbatim in the file).
CONF_LISTEN = "listen 80;"
CONF_ROOT = "root /srv/danvan/current;"
CONF_INCLUDE = "include snippets/danvan/security-headers.conf;"


def _missing_binaries() -> list[str]:
    missing = []
    if not (os.path.isfile(NGINX) and os.access(NGINX, os.X_OK)):
        missing.append("nginx (apt-get install nginx)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    return missing


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = _missing_binaries()
    if not missing or os.environ.get("CI"):
        return  # in CI a missing binary makes the fixtures fail loudly instead
    skip = pytest.mark.skip(reason="browser tests need " + " and ".join(missing)
                            + "; not installed (set CI=1 to make this an error)")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


def _require_binaries() -> None:
    missing = _missing_binaries()
    if missing:
        pytest.fail("required for the browser tests but missing: " + ", ".join(missing),
                    pytrace=False)


def _readable_by_all(root: Path) -> None:
    """Let nginx's unprivileged workers read the tree (mkdtemp makes folders 0700)."""
    root.chmod(root.stat().st_mode | 0o755)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            p = Path(folder, name)
            p.chmod(p.stat().st_mode | 0o755)
        for name in files:
            p = Path(folder, name)
            p.chmod(p.stat().st_mode | 0o644)


# --------------------------------------------------------------------------- build

@dataclass(frozen=True)
class Build:
    site: Path
    mode_after_build: int  # permission bits of site/ exactly as `danvan build` left them


@pytest.fixture(scope="session")
def _build() -> Build:
    tmp = Path(tempfile.mkdtemp(prefix="danvan-browser-"))
    tmp.chmod(0o755)
    site = tmp / "site"
    cmd = [sys.executable, "-m", "danvan.cli", "build", "--today", TODAY, "--out", str(site)]
    run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    if run.returncode != 0 or not (site / "index.html").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.fail(f"`{' '.join(cmd)}` failed ({run.returncode}):\n{run.stdout}\n{run.stderr}",
                    pytrace=False)
    mode = stat.S_IMODE(site.stat().st_mode)
    _readable_by_all(tmp)
    yield Build(site, mode)
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def built_site(_build: Build) -> Path:
    """The sample site, built once (``danvan build --today 2026-11-27``) into a temp dir."""
    return _build.site


# --------------------------------------------------------------------------- nginx

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _substitute(text: str, old: str, new: str) -> str:
    if old not in text:
        pytest.fail(f"{NGINX_CONF.relative_to(REPO)} no longer contains `{old}`; "
                    "the test harness rewrites that line", pytrace=False)
    return text.replace(old, new)


@dataclass(frozen=True)
class Nginx:
    url: str
    error_log: Path


@pytest.fixture(scope="session")
def nginx(built_site: Path) -> Nginx:
    """A real nginx serving the built site with scripts/nginx/danvan.conf."""
    _require_binaries()
    if not MIME_TYPES.is_file():
        pytest.fail(f"{MIME_TYPES} missing (Debian's nginx-common provides it)", pytrace=False)
    prefix = Path(tempfile.mkdtemp(prefix="danvan-nginx-"))
    prefix.chmod(0o755)
    port = _free_port()
    conf = NGINX_CONF.read_text("utf-8")
    conf = _substitute(conf, CONF_LISTEN, f"listen 127.0.0.1:{port};")
    conf = _substitute(conf, CONF_ROOT, f"root {built_site};")
    conf = _substitute(conf, CONF_INCLUDE, f"include {HEADERS_CONF};")
    (prefix / "danvan.conf").write_text(conf, "utf-8")
    temp = prefix / "temp"
    temp.mkdir()
    user = ""
    if os.geteuid() == 0:  # as root, run the workers unprivileged like production does
        nobody = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
    (prefix / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
error_log {prefix}/error.log;
events {{ worker_connections 256; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    sendfile on;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/danvan.conf;
}}
""", "utf-8")
    error_log = prefix / "error.log"
    output = (prefix / "nginx.out").open("wb")
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(error_log),
         "-g", f"daemon off; pid {prefix}/nginx.pid;"],
        stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def log() -> str:
        out = (prefix / "nginx.out").read_text(errors="replace")
        return out + (error_log.read_text(errors="replace") if error_log.exists() else "")

    deadline = time.monotonic() + 15
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"nginx exited with {proc.returncode}:\n{log()}", pytrace=False)
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            except urllib.error.HTTPError as exc:
                pytest.fail(f"nginx answers / with {exc.code}:\n{log()}", pytrace=False)
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nginx did not answer on {url}:\n{log()}", pytrace=False)
                time.sleep(0.05)
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        output.close()
        raise
    yield Nginx(url, error_log)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    output.close()
    shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="session")
def nginx_url(nginx: Nginx) -> str:
    """``http://127.0.0.1:PORT`` of the session's nginx."""
    return nginx.url


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    _require_binaries()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    yield chromium
    chromium.close()
    pw.stop()


@dataclass
class Visit:
    """A page plus what went wrong while it was open."""

    page: object
    origin: str
    width: int
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    allowed_status: dict[str, int] = field(default_factory=dict)

    def goto(self, path: str, status: int = 200):
        """Open ``path`` and check the document's HTTP status (404 allowed when asked)."""
        url = self.origin + path
        if status != 200:
            self.allowed_status[url] = status
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return response

    def problems(self) -> list[str]:
        return ([f"console error: {e}" for e in self.console_errors]
                + [f"failed request: {e}" for e in self.failed_requests]
                + [f"request to another origin: {e}" for e in self.foreign_requests])

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.page.url} (width {self.width}):\n  " + "\n  ".join(problems)

    def close(self) -> None:
        self.page.context.close()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{self.width}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def _is_same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


def _new_visit(browser, origin: str, width: int = 1280, js: bool = True,
               height: int = 800) -> Visit:
    """A page in a fresh browser context, with its problems recorded on the Visit."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  java_script_enabled=js, locale="vi-VN",
                                  service_workers="block")
    page = context.new_page()
    visit = Visit(page, origin, width)

    def block(route):
        visit.foreign_requests.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda url: not _is_same_origin(url, origin), block)

    def on_console(msg):
        if msg.type != "error":
            return
        where = msg.location.get("url", "") if msg.location else ""
        if where in visit.allowed_status and "status of" in msg.text:
            return  # the expected 404 of the document itself
        visit.console_errors.append(f"{msg.text} ({where})" if where else msg.text)

    def on_response(response):
        url = response.url
        if response.status >= 400 and visit.allowed_status.get(url) != response.status:
            visit.failed_requests.append(f"{url} → HTTP {response.status}")

    def on_failed(request):
        # ERR_ABORTED: cancelled by a navigation (or the page closing), not a fault;
        # blocked foreign requests are already recorded by the route above.
        if _is_same_origin(request.url, origin) and request.failure != "net::ERR_ABORTED":
            visit.failed_requests.append(f"{request.url} → {request.failure}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    return visit


@pytest.fixture(scope="session")
def new_visit(browser, nginx_url: str):
    """Session-wide factory ``new_visit(width=1280, js=True) -> Visit``; the caller closes
    it with ``visit.close()`` and checks ``visit.problems()`` itself."""
    return lambda width=1280, js=True, height=800: _new_visit(browser, nginx_url, width, js,
                                                              height)


@pytest.fixture
def open_page(new_visit):
    """Factory: ``open_page(width=1280, js=True) -> Visit`` with a fresh browser context.

    Records console errors and uncaught exceptions, failed requests and HTTP errors, and
    blocks and records every request leaving the nginx origin. Whatever is still recorded
    when the test ends fails it (call ``visit.assert_clean()`` to fail earlier).
    """
    visits = []

    def factory(width: int = 1280, js: bool = True, height: int = 800) -> Visit:
        visits.append(new_visit(width, js, height))
        return visits[-1]

    yield factory
    problems = [f"{v.page.url} (width {v.width}): {p}" for v in visits for p in v.problems()]
    for visit in visits:
        visit.close()
    if problems:
        pytest.fail("page problems:\n  " + "\n  ".join(problems), pytrace=False)


# --------------------------------------------------------------------------- axe-core

class Axe:
    """axe-core, injected through DevTools (page.evaluate is not subject to the CSP)."""

    def __init__(self, source: str):
        self.source = source

    def violations(self, page, impacts=("serious", "critical")) -> list[dict]:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(self.source)
        result = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => JSON.stringify(r.violations))")
        return [v for v in json.loads(result) if v.get("impact") in impacts]

    @staticmethod
    def report(violations: list[dict]) -> str:
        lines = []
        for v in violations:
            lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:8]:
                target = " ".join(map(str, node.get("target", [])))
                summary = " ".join(node.get("failureSummary", "").split())
                lines.append(f"    {target}\n      {node.get('html', '')[:160]}\n      {summary}")
            if len(v["nodes"]) > 8:
                lines.append(f"    … and {len(v['nodes']) - 8} more")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def axe() -> Axe:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(REPO)} missing: run `npm ci` in the repo root",
                    pytrace=False)
    return Axe(AXE_JS.read_text("utf-8"))
