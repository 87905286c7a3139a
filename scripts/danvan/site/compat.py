"""MkDocs (or ProperDocs) and Material as this project uses them: the only module that
imports them. An upgrade is this file to read.

Checked against MkDocs 1.6.1, ProperDocs 1.6.7 and mkdocs-material 9.8.2. MkDocs 1.x is
unmaintained; ProperDocs is its maintained continuation, a drop-in whose
``properdocs.replacement`` makes every ``mkdocs.*`` import (ours and Material's) load
ProperDocs' module instead. ``DANVAN_ENGINE=properdocs`` (with ``pip install properdocs``)
builds with it; the default is MkDocs. tests/test_compat.py builds the sample site with
both and compares every page.

Besides the public API, the project relies on these upstream details; each is used only
through a function below, which names what it mirrors:
- ``Page.render`` (mkdocs/structure/pages.py): ``render_page`` does what it does on one
  reused Markdown instance, with its four private per-page processors;
- a page's ``render`` replaced per page, and ``on_page_content`` fired by hand, because
  the plugin renders Markdown when the page is rendered (``defer_render``,
  ``fire_page_content``);
- ``config.theme.static_templates`` and ``extra_templates`` emptied in a page worker
  (``drop_site_templates``);
- the live server's ``builder`` and ``_inject_js_into_html`` wrapped, its polling file
  watcher replaced by watchdog's native one and its ``build_delay`` shortened
  (``guard_preview``); the theme's ``get_env`` wrapped to list its files once per preview
  session (``remember_theme_files``); a rebuild asked for as its
  watcher does (``request_rebuild``); ``File.copy_file`` replaced by a hard link in the
  preview (``link_static_files``); its ``_serve_request`` wrapped to send files kept
  outside its folder (``serve_also``); the theme's ``sitemap.xml`` left out of the
  preview (``drop_sitemap``); what the sitemap reads of a page, for pages MkDocs does not
  render (``sitemap_files``);
- Material's templates folder and its ``partials/language.html`` macro ``t()``
  (``material_templates``, ``material_translator``). theme/partials/ also holds copies of
  Material 9.8.2's header and nav partials and of its two inline scripts.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

_WANTED = (os.environ.get("DANVAN_ENGINE") or "").strip().lower()
if _WANTED not in ("", "mkdocs", "properdocs"):
    raise SystemExit(f"Lỗi – DANVAN_ENGINE={_WANTED} không được hỗ trợ\n"
                     "    Cách sửa: dùng mkdocs (mặc định) hoặc properdocs")
if _WANTED == "properdocs" or (not _WANTED and importlib.util.find_spec("mkdocs") is None):
    try:
        import properdocs.replacement  # noqa: F401  (mkdocs.* -> properdocs.*)
    except ImportError:
        raise SystemExit("Lỗi – cần ProperDocs (DANVAN_ENGINE=properdocs, hoặc MkDocs chưa "
                         "cài) nhưng chưa cài\n    Cách sửa: .venv/bin/pip install properdocs, "
                         "hoặc bỏ biến DANVAN_ENGINE để dựng bằng MkDocs") from None

import markdown  # noqa: E402
import mkdocs  # noqa: E402

# The engine that is really loaded: the `properdocs` command installs its alias itself, so
# this is ProperDocs then even without DANVAN_ENGINE.
ENGINE = "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"
MATERIAL_CHECKED = "9.8.2"  # the Material release the partial copies in theme/ come from
MATERIAL_NAV = "material/partials/nav.html"  # Material's navigation partial, by path
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import base as config_base  # noqa: E402
from mkdocs.config import config_options, load_config  # noqa: E402
from mkdocs.exceptions import Abort, PluginError  # noqa: E402
from mkdocs.plugins import BasePlugin  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.pages import (  # noqa: E402
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc  # noqa: E402

__all__ = ["Abort", "BasePlugin", "File", "Files", "Page", "PluginError", "build", "config_base",
           "config_options", "load_config"]  # the public API, re-exported; the rest below

# The engine's loggers: its build's (whose error line we replace) and its plugins'.
BUILD_LOGGER = f"{ENGINE}.commands.build"
_PAGES_LOG = logging.getLogger(f"{ENGINE}.structure.pages")


def plugin_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"{ENGINE}.plugins.{name}")


def serve(config_file: str, dev_addr: str) -> None:
    from mkdocs.commands import serve as live

    live.serve(config_file=config_file, dev_addr=dev_addr, livereload=True)


class _Noop:
    def dispatch(self, event) -> None:
        pass


class _Changes:
    """A watcher's handler that hears of changes only: inotify also reports files opened
    and read (by the build itself), which would rebuild for ever."""

    KINDS = ("modified", "created", "deleted", "moved")

    def __init__(self, handler) -> None:
        self.handler = handler

    def dispatch(self, event) -> None:
        if event.event_type in self.KINDS:
            self.handler.dispatch(event)


def _changes_observer():
    from watchdog.observers import Observer

    class ChangesObserver(Observer):
        def schedule(self, event_handler, path, recursive=False, **options):
            return super().schedule(_Changes(event_handler), path, recursive=recursive,
                                    **options)

    return ChangesObserver()


def guard_preview(server, on_failure: Callable[[BaseException], None],
                  decorate: Callable[[bytes], bytes]):
    """The live server (``on_serve``): mirrors ``LiveReloadServer`` (mkdocs/livereload,
    MkDocs 1.6.1, ProperDocs 1.6.7), whose loop reloads the browsers only after a build that
    returned, and whose ``_inject_js_into_html`` every HTML page it sends goes through.
    A failed build is handed to ``on_failure`` and returns, so the browsers reload; each
    page sent passes through ``decorate`` (site/preview.py)."""
    build = server.builder

    def builder(*args, **kwargs):
        try:
            build(*args, **kwargs)
        except Exception as exc:  # the server goes on serving the last good build
            on_failure(exc)

    server.builder = builder
    # MkDocs waits for 0.1 s without events before it builds; a save is one event or two
    # at once (an editor's write, or its rename), and inotify reports them at once.
    server.build_delay = 0.03
    # Native file events (inotify on Linux), not MkDocs' polling every half second, which
    # stats every watched file each time: a save is seen at once.
    watched = dict(server._watched_paths)
    try:  # a trial: inotify may have too few watches left for these folders
        trial = _changes_observer()
        for path in watched:
            trial.schedule(_Noop(), path, recursive=True)
        trial.start()
        trial.stop()
        trial.join()
        observer = _changes_observer()
    except OSError:  # then keep polling
        observer = None
    if observer is not None:
        for path, count in watched.items():
            for _ in range(count):
                server.unwatch(path)
        server.observer = observer
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)
    inject = server._inject_js_into_html
    server._inject_js_into_html = lambda content, epoch: decorate(inject(content, epoch))
    return server


def serve_also(server, find: Callable[[str], str | None]) -> None:
    """Files the live server's folder does not hold, served all the same: ``find`` maps a
    site path ("tin-tuc/x/index.html") to the file to send, or None (then the folder's is
    sent, or the 404 page); it may also make that file in the folder first. It is asked
    once the ongoing rebuild is over, as the server's own files are. Mirrors
    ``LiveReloadServer._serve_request`` (mkdocs/livereload, MkDocs 1.6.1, ProperDocs 1.6.7):
    its path rules, its wait for the build, its redirect of a folder without its slash,
    and its script injected into every HTML page."""
    import posixpath

    serve = server._serve_request

    def serve_request(environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/") or not (path + "/").startswith(server.mount_path):
            return serve(environ, start_response)
        rel = path[len(server.mount_path):] + ("index.html" if path.endswith("/") else "")
        rel = posixpath.normpath("/" + rel).lstrip("/")
        if _IMMUTABLE.fullmatch(rel):  # kept by the browser across the reloads after saves
            def cached(status, headers, *rest):
                return start_response(status, [*headers, ("Cache-Control", "max-age=3600")],
                                      *rest)
            return serve(environ, cached)
        with server._epoch_cond:
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch = server._visible_epoch
        source = find(rel)
        if source is None:
            if not path.endswith("/") and find(rel + "/index.html") is not None:
                start_response("302 Found", [("Location", urllib.parse.quote(path) + "/")])
                return []
            return serve(environ, start_response)
        try:
            with open(source, "rb") as file:
                content = file.read()
        except OSError:
            return None  # not found
        if server._watched_paths and rel.endswith(".html"):
            content = server._inject_js_into_html(content, epoch)
        start_response("200 OK", [("Content-Type", server._guess_type(rel)),
                                  ("Content-Length", str(len(content)))])
        return [content]

    server._serve_request = serve_request


class _SitemapPage:
    """What the sitemap template (mkdocs/templates/sitemap.xml) reads of a page."""

    is_link = False

    def __init__(self, canonical_url: str | None, abs_url: str | None, update_date: str):
        self.canonical_url, self.abs_url, self.update_date = canonical_url, abs_url, update_date


class _SitemapFile:
    """A file as the sitemap template reads it: its page."""

    def __init__(self, page: _SitemapPage):
        self.page = page


_PLAIN_URL = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~/-]*|")  # no scheme, query, or "%"


def sitemap_files(files, kept: set, config) -> list:
    """The sitemap's list (``pages`` in its template) of ``files``, those in ``kept`` (not
    rendered by MkDocs: site/pagecache.py) each by an entry of its own with what the
    template reads of a page: mirrors ``Page.__init__``'s ``update_date`` and
    ``_set_canonical_url`` (MkDocs 1.6.1, ProperDocs 1.6.7), without building thousands of
    whole pages. The files themselves are left alone (the Markdown of the pages rendered
    resolves its links, anchors included, among them). A plain relative address is joined
    to the site's by hand (``urljoin`` gives the same there)."""
    from urllib.parse import urljoin, urlsplit

    from mkdocs.utils import get_build_date

    date = get_build_date()
    base = config.get("site_url", None)
    if base and not base.endswith("/"):
        base += "/"
    base_path = urlsplit(base).path if base else ""
    listed = []
    for file in files:
        if file.src_uri not in kept:
            listed.append(file)
            continue
        url = file.url
        if not base:
            page = _SitemapPage(None, None, date)
        elif _PLAIN_URL.fullmatch(url) and "/./" not in f"/{url}" and "/../" not in f"/{url}/":
            page = _SitemapPage(base + url, base_path + url, date)
        else:
            canonical = urljoin(base, url)
            page = _SitemapPage(canonical, urlsplit(canonical).path, date)
        listed.append(_SitemapFile(page))
    return listed


# What the preview's browsers may keep for the session: the theme's files named by their
# content's hash (Material's bundles, the identity's images) and the fonts (from npm, which
# do not change while the preview runs); never content (an editor's "bien-ban.20240115.pdf"
# may be replaced). MkDocs' server sends no cache headers, so every reload after a save
# fetched some thirty files again.
_IMMUTABLE = re.compile(r"assets/(?:[^/]+/)*[^/]+\.[0-9a-f]{8,}\.(?:min\.)?[a-z0-9]+"
                        r"|assets/fonts/[^/]+\.woff2?")


def drop_sitemap(config, files) -> None:
    """The live preview writes no sitemap (``sitemap.xml``, a static template of the
    theme, and the ``.gz`` MkDocs makes of it): no one reads it there, and listing every
    page costs a large site a quarter of a second on every save. Called from
    ``on_files``: the template is then neither rendered nor, as the theme's other files
    are, copied."""
    config.theme.static_templates.discard("sitemap.xml")
    template = files.get_file_from_path("sitemap.xml")
    if template is not None:
        files.remove(template)


def link_static_files(files) -> None:
    """The live preview's copies of the theme's files (Material's, ours, the editor's) become
    hard links: it cleans its folder and copies them again on every save. Mirrors
    ``File.copy_file`` (MkDocs 1.6.1, ProperDocs 1.6.7) for a file with a source and no
    content; the folder is emptied before each build, so nothing is ever written through
    a link."""
    import shutil

    def link(file, dirty: bool = False) -> None:
        output = file.abs_dest_path
        os.makedirs(os.path.dirname(output), exist_ok=True)
        try:
            os.link(file.abs_src_path, output)
        except FileExistsError:
            os.unlink(output)
            shutil.copyfile(file.abs_src_path, output)
        except OSError:  # another file system
            shutil.copyfile(file.abs_src_path, output)

    for file in files:
        if not file.is_documentation_page() and getattr(file, "_content", None) is None \
                and file.abs_src_path:
            file.copy_file = functools.partial(link, file)


_THEME_LISTINGS: dict[tuple, list[str]] = {}


def remember_theme_files(config, project: Path) -> None:
    """The live preview's theme listing, made once per session: MkDocs lists every file of
    the theme's folders (Material's some 14,000 icons) for every build
    (``Files.add_files_from_theme`` calls ``env.list_templates``). Listed again when a file
    of the project's own theme folders is added, removed or touched; Material's folder does
    not change while the preview runs."""
    theme = config.theme
    get_env = theme.get_env
    own = [d for d in theme.dirs if Path(d).resolve().is_relative_to(project.resolve())]

    def env_remembering():
        env = get_env()
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None):
            stamp = tuple((str(p), p.stat().st_mtime_ns) for d in own
                          for p in sorted(Path(d).rglob("*")))
            key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), extensions,
                   stamp)
            if key not in _THEME_LISTINGS:
                _THEME_LISTINGS.clear()
                _THEME_LISTINGS[key] = list_templates(extensions, filter_func)
            return _THEME_LISTINGS[key]

        env.list_templates = listed
        return env

    theme.get_env = env_remembering


def request_rebuild(server) -> None:
    """What the live server's file watcher does on a change (LiveReloadServer.watch's
    callback): a rebuild, then the browsers reload."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class Renderer:
    """``Page.render`` on one Markdown instance per process.

    MkDocs builds a new ``markdown.Markdown``, with every extension, for every page: at
    thousands of pages that set-up is about a quarter of the Markdown time. ``reset()``
    between pages clears the state of the converter and its extensions (footnotes, table
    of contents, stashed HTML), and the four per-page processors are registered again
    under their names, which replaces the previous page's. tests/test_parallel.py checks
    that pages come out byte for byte as ``Page.render`` makes them.
    """

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def render(self, page, config, files) -> None:
        """Mirrors Page.render (MkDocs 1.6.1 and ProperDocs 1.6.7, structure/pages.py)."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self._md is None:
            self._md = markdown.Markdown(extensions=config["markdown_extensions"],
                                         extension_configs=config["mdx_configs"] or {})
        md = self._md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        # MkDocs 1.6.1 keeps the links to anchors only above DEBUG; ProperDocs 1.6.7 always.
        if ENGINE == "properdocs" or _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors


def defer_render(page) -> None:
    """MkDocs renders every page's Markdown before any template (build._populate_page);
    here a page's Markdown is rendered with its template, in the process that renders it
    (site/parallel.py), so MkDocs' own call leaves it empty."""
    page.render = lambda config, files: setattr(page, "content", "")


def fire_page_content(config, page, files) -> str:
    """The ``on_page_content`` event, which MkDocs fires right after ``Page.render``."""
    return config.plugins.on_page_content(page.content, page=page, config=config, files=files)


def drop_site_templates(config) -> None:
    """A page worker writes its pages only: the theme's static templates (404, sitemap)
    and extra templates are the first process's."""
    config.theme.static_templates.clear()
    config.extra_templates = []


def material_templates() -> Path:
    """Material's own templates folder (our overrides reach its partials as material/…)."""
    import material

    return Path(material.__file__).parent / "templates"


def material_version_note() -> str:
    """Empty when the installed Material is the release the theme's partial copies come from,
    else a warning to print (the copies may then differ from Material's own)."""
    from importlib.metadata import version

    found = version("mkdocs-material")
    return "" if found == MATERIAL_CHECKED else (
        f"mkdocs-material {found} đang cài, còn theme/partials/ chép từ bản {MATERIAL_CHECKED}: "
        "so lại các tệp chép (header, nav, scripts) với bản mới")


def material_translator(env, config, memo: bool = True) -> Callable[[str], str]:
    """Material's interface texts (its partials/language.html macro ``t``), each looked up
    once (``memo``): Material calls it some thirty times a page."""
    language = env.get_template("material/partials/language.html")
    texts: dict[str, str] = {}

    def translate(key: str) -> str:
        if not memo:
            return language.make_module({"config": config}).t(key)
        if key not in texts:
            texts[key] = language.make_module({"config": config}).t(key)
        return texts[key]

    return translate
