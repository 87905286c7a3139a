"""The MkDocs adapter: lifecycle hooks only, delegating to the content model and the views.

MkDocs discovers the files of ``content/``; this plugin replaces what it would make of them
with the validated ``Corpus``: unpublished sources and the files only they use are removed,
URLs come from the model, Markdown comes from the model (already NFC, without front matter),
and the listing pages are added as generated files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import posixpath
import re
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from jinja2 import (ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader,
                    PrefixLoader, pass_context)
from markupsafe import Markup

from .. import addresses, content, files, identity, markup, official_form, sanitize, text
from ..content import Corpus, Item
from ..content_types import TYPES, labels
from ..guide import field_rows
from ..localities import full_name, history, period
from ..problems import ContentErrors
from ..images import ImageError
from ..bulletin import BulletinError, official
from ..bulletin.publish import Options as BulletinOptions
from . import assets, bulletins, compat, feeds, gallery, parallel, photos, search, tracking
from . import editor, pagecache, preview
from .compat import BasePlugin, File, Files, Page, PluginError
from .compat import config_base as base
from .compat import config_options as c
from .views import (LEGAL_STATUS, SYSTEMS, View, backlinks, build_views,
                    check_urls, year_of)

log = compat.plugin_logger("danvan")
HEADER_TOPIC = "<!--dv-header-topic-->"  # theme/partials/header.html
JINJA_CACHE = Path(".cache") / "jinja"  # compiled templates (with the page cache only)


class DanvanConfig(base.Config):
    # The day the site is published as of; future-dated content waits until then.
    # DANVAN_TODAY in the environment overrides it (tests, reproducible builds).
    today = c.Optional(c.Type(str))
    # The bulletin's PDFs: the print edition and the booklet go to a folder that is not
    # published (unless bulletin_publish_print); unchanged issues come from the cache.
    bulletin_print_dir = c.Type(str, default=BulletinOptions.print_dir)
    bulletin_cache_dir = c.Type(str, default=BulletinOptions.cache_dir)
    bulletin_publish_print = c.Type(bool, default=BulletinOptions.publish_print)
    bulletin_icc = c.Optional(c.Type(str))  # the print shop's CMYK profile (.icc)
    # The booklet's sheet (SRA3, A3, A3+…, or WxH in mm; default by trim) and creep (mm per
    # sheet): bulletin/booklet.py.
    bulletin_booklet_sheet = c.Optional(c.Type(str))
    bulletin_creep = c.Type((int, float), default=BulletinOptions.creep)
    # A problem of an issue's layout report (bulletin/report.py) fails the build.
    bulletin_strict_layout = c.Type(bool, default=BulletinOptions.strict_layout)
    # Processes that render pages in a `danvan build` (0: one per core on large sites).
    jobs = c.Type(int, default=0)


class DanvanPlugin(BasePlugin[DanvanConfig]):
    # Set by danvan.build for its builds; `mkdocs serve` and plain `mkdocs build` stay
    # in one process.
    parallel_ok = False
    # Set by danvan.build too: validated items kept between builds (content/cache.py), and
    # rendered pages (site/pagecache.py; only with the items, whose digests it uses).
    cache_items = False
    cache_pages = False
    cache_name = "site"  # the output folder's name: its pages' folder in .cache/trang/
    shards: parallel.Shards | None = None
    reuse_markdown = True  # False renders with MkDocs' own Page.render (tests compare)

    def on_startup(self, *, command, dirty):
        # The live preview shows a link to unpublished content (with a warning) where a
        # build for publication refuses it. It keeps this plugin and its caches from one
        # save to the next, and shows a failed build's errors in the page (site/preview.py).
        self.preview = command == "serve"
        if self.preview:
            self.cache_items = self.cache_pages = True

    def on_serve(self, server, config, builder):
        self.refresher = preview.BulletinRefresher()
        self.rebuild = lambda: compat.request_rebuild(server)
        compat.serve_also(server, self._served_file)
        return compat.guard_preview(server, self._preview_failed, preview.decorate)

    def _preview_failed(self, exc: BaseException) -> None:
        if preview.error() is None:  # not a content error (on_build_error): say what it was
            traceback.print_exception(exc)
            preview.failed(f"Lỗi – lỗi không lường trước khi dựng ({type(exc).__name__}: "
                           f"{exc})\n    Cách sửa: xem chi tiết trong cửa sổ lệnh")

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        if getattr(self, "preview", False):
            # The preview builds into a folder of its own and swaps it in at the end
            # (preview.Staging): until then the server keeps serving the last good build.
            self.staging = preview.Staging(config.site_dir)
            config.site_dir = str(self.staging.folder)
            compat.remember_theme_files(config, root)
        # One Markdown for the site and the bulletin (markup.py), not a list in mkdocs.yml.
        extensions, settings = markup.settings()
        if ignored := [e for e in config["markdown_extensions"] if e not in extensions]:
            log.warning(f"mkdocs.yml khai báo markdown_extensions {', '.join(map(str, ignored))}: "
                        "bỏ qua, vì trang và bản tin dùng chung scripts/danvan/markup.py; "
                        "thêm vào đó nếu cần")
        config["markdown_extensions"], config["mdx_configs"] = extensions, settings
        when = os.environ.get("DANVAN_TODAY") or self.config.today
        today = text.parse_date(when) if when else dt.date.today()
        # A `danvan build` of a large site reads its files on every core too.
        jobs = (lambda files: parallel.jobs_wanted(self.config.jobs, files)) \
            if self.parallel_ok else 1
        self.item_cache = content.ItemCache(root, remember=getattr(self, "preview", False)) \
            if self.cache_items else None
        self.corpus: Corpus = content.load(root, today, jobs,
                                           strict=not getattr(self, "preview", False),
                                           cache=self.item_cache)
        if self.item_cache is not None:
            if self.item_cache.dropped:
                log.info(f"Bộ đệm nội dung: bỏ tệp cũ ({self.item_cache.dropped}), đọc lại "
                         "mọi tệp")
            log.info("Bộ đệm nội dung: %(item_hits)d tệp dùng lại, %(item_misses)d tệp đọc mới",
                     {"item_hits": self.item_cache.hits, "item_misses": self.item_cache.misses})
        # The programmes tracked (content/_du-lieu/chuong-trinh/): checked like content.
        self.programmes = tracking.Programmes.load(self.corpus, root)
        self.corpus.collector.problems += self.programmes.problems
        for problem in self.corpus.problems:
            if problem.warning:
                log.warning(str(problem))
        try:
            self.corpus.collector.raise_if_errors()
        except ContentErrors as exc:
            raise PluginError(str(exc)) from None
        self.views: list[View] = build_views(self.corpus) + gallery.views(self.corpus)
        self.charts = tracking.Charts(self.programmes, root / tracking.CACHE)
        self.views += tracking.views(self.programmes, self.charts,
                                     {v.url for v in self.views})
        check_urls(self.corpus, self.views)
        try:
            self.corpus.collector.raise_if_errors()
        except ContentErrors as exc:
            raise PluginError(str(exc)) from None
        # Every issue's PDFs, before anything is written: a failed issue fails the build.
        try:
            self.bulletins = bulletins.Bulletins(self.corpus, BulletinOptions(
                print_dir=self.config.bulletin_print_dir,
                cache_dir=self.config.bulletin_cache_dir,
                publish_print=self.config.bulletin_publish_print,
                icc=self.config.bulletin_icc, site_url=config.site_url or "",
                booklet_sheet=self.config.bulletin_booklet_sheet,
                creep=self.config.bulletin_creep,
                strict_layout=self.config.bulletin_strict_layout), root,
                defer=getattr(self, "preview", False))
        except BulletinError as exc:  # reported like content errors, with the issue's file
            self.corpus.collector.error(content.BULLETINS_DIR, str(exc),
                                        "sửa số bản tin (hoặc tệp nó dùng) rồi dựng lại")
            raise PluginError(str(ContentErrors(self.corpus.problems))) from None
        for warning in self.bulletins.result.warnings:
            log.warning(str(warning))
        # The official-form PDF of each document with a text and no scan (bulletin/official.py).
        try:
            self.document_pdfs = official.document_pdfs(
                self.corpus, root / self.config.bulletin_cache_dir)
        except BulletinError as exc:
            raise PluginError(f"Lỗi – {exc}") from None
        self.views += self.bulletins.views()
        # The tracking pages' charts, downloads and review PDFs (from the cache if unchanged).
        self.charts.prepare(self.views)
        self.gallery = gallery.Gallery(self.corpus)
        self.covers = photos.Covers(self.corpus, self.gallery.cache)
        if (root / content.MODELS_DIR).is_dir():  # `danvan serve` reloads on a model's edit
            config.watch.append(str(root / content.MODELS_DIR))
        if (root / content.BULLETINS_DIR).is_dir():  # and on an issue's
            config.watch.append(str(root / content.BULLETINS_DIR))
        self.backlinks = backlinks(self.corpus)
        self.site_url = config.site_url or ""
        self.pages: dict[str, Item | View] = {}
        self.renderer = compat.Renderer()  # per build: it follows the build's configuration
        if note := compat.material_version_note():
            log.warning(note)
        org = self.corpus.organisation
        # Sample values left in co-quan.yml, mkdocs.yml or an issue's colophon: a build for
        # publication stops on them; any other build shows a “Bản mẫu” ribbon.
        self.placeholders = identity.placeholders(org, config.site_url,
                                                  self.corpus.of_kind("bulletin"))
        publication = os.environ.get("DANVAN_PUBLICATION") == "1" or \
            identity.is_real_site_url(config.site_url)
        if publication and self.placeholders:
            raise PluginError(identity.report(self.placeholders))
        config.site_name = org.site_name
        config.site_description = org.tagline
        config.site_author = org.name
        config.copyright = f"© {org.name}"
        return config

    def on_files(self, files: Files, config) -> Files:
        corpus = self.corpus
        # The publication gate. Of what MkDocs found in docs_dir, only the pages of published
        # items and the files they use (Corpus.public_assets, computed from the validated
        # model) stay; any other file there, whatever its name, folder or type, is dropped.
        docs_dir = os.path.normpath(config.docs_dir)
        for file in list(files):
            if file.src_dir is None or os.path.normpath(file.src_dir) != docs_dir:
                continue  # the theme's own files
            source = f"{content.CONTENT_DIR}/{file.src_uri}"
            item = corpus.by_source.get(source) if file.is_documentation_page() else None
            if item is not None and item.published:
                file.dest_uri = item.url + "index.html"
                file.url = item.url or "./"
                self.pages[file.src_uri] = item
            elif source not in corpus.public_assets or file.is_documentation_page():
                files.remove(file)
        for view in self.views:
            files.append(File.generated(config, view.src_uri, content=""))
            self.pages[view.src_uri] = view
        for generated in assets.files(config):
            files.append(generated)
        # The web editor at /admin/: in the live preview and the editors' build only.
        for generated in editor.files(config, getattr(self, "preview", False)):
            files.append(generated)
        for source, path in self.document_pdfs.items():
            item = corpus.by_source[source]
            files.append(File.generated(config, item.url + _generated_pdf_name(item),
                                        abs_src_path=str(path)))
        generated, self.logo_url = assets.identity(
            config, Path(config.docs_dir) / content.DATA_DIR, corpus.organisation)
        for file in generated:
            files.append(file)
        for file in list(files):  # the bulletin's templates are not the site's assets
            if file.src_uri.startswith("bulletin/") and not file.is_documentation_page():
                files.remove(file)
        for generated in self.bulletins.files(config):
            files.append(generated)
        for generated in self.charts.files(config):
            files.append(generated)
        # Models live outside docs_dir: their pages and photo renditions are added here.
        try:
            for file, item in self.gallery.files(config):
                files.append(file)
                if item is not None:
                    self.pages[file.src_uri] = item
            for file in self.covers.files(config):  # news and guidance photos
                files.append(file)
        except ImageError:  # photos Pillow cannot read, now on the corpus' problems
            raise PluginError(str(ContentErrors(self.corpus.problems))) from None
        cache = self.gallery.cache
        log.info("Ảnh: %(images_processed)d ảnh mới xử lý, %(images_reused)d ảnh dùng lại",
                 {"images_processed": cache.processed, "images_reused": cache.reused})
        self.search = search.SearchIndex(config.site_dir, [
            item.url for item in map(_item_of, self.pages.values()) if item is not None])
        # The deferred Markdown (on_page_context) resolves its links among every file: a
        # copy, because a worker's on_env removes the assets it leaves to process 0, and
        # the kept pages leave MkDocs' list below.
        self.files = Files(list(files))
        # Everything the build writes: the only places a page may link to (on_post_page).
        self.output_paths = {_site_path(f.url) for f in files} | {
            _site_path(path) for path in (*feeds.feeds(), "sitemap.xml", "sitemap.xml.gz",
                                          "robots.txt")}
        if getattr(self, "preview", False):
            compat.link_static_files(files)
            compat.drop_sitemap(config, files)
        # Pages kept from an earlier build (site/pagecache.py): MkDocs never sees them
        # (on_post_build links them into the site), so only the pages to render count.
        self.page_keys: dict[str, str] = {}  # src_uri -> key, for every page kept or to keep
        self.page_hits: dict[str, pagecache.Entry] = {}
        self.page_cache = None
        self.sitemap_pages = None
        # MkDocs keeps this plugin between builds in one process: nothing of a build before.
        self.kept_files: list[File] = []
        self.kept_pages: dict[str, str] = {}  # the preview's: site path -> kept file
        self._placing = self._searched = self._placing_pool = None
        self._index_thread = self._index_loading = self._index_saving = None
        if self.cache_pages and self.item_cache is not None:
            self._plan_pages(config)
        if self.page_hits:
            pages = files.documentation_pages()
            kept = [f for f in pages if f.src_uri in self.page_hits]
            if len(kept) == len(pages):  # one stays: sitemap.xml.gz is dated by MkDocs' pages
                kept.pop()
            self.kept_files = kept
            gone = {f.src_uri for f in kept}
            files = Files([f for f in files if f.src_uri not in gone])
            if getattr(self, "preview", False):
                # The preview's server sends them from the cache (``_served_file``): a save
                # links nothing, and it writes no sitemap (compat.drop_sitemap).
                self.kept_pages = {f.dest_uri: self.page_cache.file(self.page_keys[f.src_uri])
                                   for f in kept}
                return files
            # The sitemap lists every page, kept or not.
            self.sitemap_pages = compat.sitemap_files(pages, gone, config)
            # Linked from now on by threads, while MkDocs goes on (making thousands of
            # folders waits on the disk), unless the build is to fork (site/parallel.py):
            # a forked process must not inherit running threads.
            rendered = len(files.documentation_pages())
            if not (self.parallel_ok and parallel.jobs_wanted(self.config.jobs, rendered) > 1):
                self._place_kept()
                # The last build's search index (tens of MB) read meanwhile too.
                self._index_loading = self._background().submit(self.page_cache.load_index)
        return files

    def _background(self) -> ThreadPoolExecutor:
        """One thread for the search index's files, read during the build and written at its
        end while the site is swapped in and recorded (``finish`` waits for it)."""
        if self._index_thread is None:
            self._index_thread = ThreadPoolExecutor(1)
        return self._index_thread

    def finish(self) -> None:
        """Wait for what the build left running (danvan.build calls it before it returns:
        the process then ends at once, cli.run)."""
        if self._index_thread is not None:
            thread, self._index_thread = self._index_thread, None
            thread.shutdown(wait=True)
            for job in (self._index_loading, self._index_saving):
                if job is not None:
                    job.result()

    def _place_kept(self) -> None:
        """Link the kept pages and their search texts into the site, by four threads
        (``_placing``: their jobs)."""
        cache, kept = self.page_cache, self.kept_files

        def texts(part: list[File]) -> None:
            for f in part:
                cache.link_text(self.search, self.page_keys[f.src_uri],
                                self.page_hits[f.src_uri])

        def place(part: list[File]) -> None:
            for f in part:
                cache.place(self.page_keys[f.src_uri], f.abs_dest_path)

        # The search texts first: the index is written (and its folder moved) once they
        # are in (``_placed(texts_only=True)``); the pages may go on meanwhile.
        pool = self._placing_pool = ThreadPoolExecutor(4)
        self._placing_texts = [pool.submit(texts, kept[n::4]) for n in range(4)]
        self._placing_pages = [pool.submit(place, kept[n::4]) for n in range(4)]

    def _placed(self, cancel: bool = False, texts_only: bool = False) -> None:
        """Wait for the kept pages' links (their errors raise here), or cancel them."""
        if self._placing_pool is None:
            return
        if texts_only:
            for job in self._placing_texts:
                job.result()
            return
        pool, self._placing_pool = self._placing_pool, None
        pool.shutdown(wait=True, cancel_futures=cancel)
        if not cancel:
            for job in self._placing_texts + self._placing_pages:
                job.result()

    def on_nav(self, nav, config, files):
        present = {f.src_uri for f in files.documentation_pages()}
        for title, path in _nav_entries(config.nav or []):
            if path.endswith(".md") and path not in present:
                log.warning(f"Cảnh báo – mkdocs.yml: mục “{title}” ({path}) trong thanh điều "
                            "hướng trỏ tới trang chưa xuất bản hoặc không có; mục này được ẩn. "
                            "Cách sửa: xuất bản trang, hoặc bỏ mục khỏi nav trong mkdocs.yml")
        self.templates: dict[str, str] = {}  # src_uri -> the page's own template
        self.visited = 0  # pages reached so far, in the order MkDocs renders them
        self.in_nav = {page.file.src_uri for page in nav.pages}  # see _shared_key
        self.shards = None
        pages = len(files.documentation_pages())
        jobs = parallel.jobs_wanted(self.config.jobs, pages)
        if self.parallel_ok and jobs > 1:
            log.info(f"Dựng {pages} trang bằng {jobs} tiến trình")
            self.shards = parallel.Shards.start(jobs)
        return nav

    def _plan_pages(self, config) -> None:
        """Every page's key; the pages whose kept rendering can be used (``page_hits``)."""
        root = Path(config.config_file_path).parent
        in_preview = getattr(self, "preview", False)
        cache = self.page_cache = pagecache.PageCache(
            root, "xem-truoc" if in_preview else self.cache_name, remember=in_preview)
        fingerprints = pagecache.Fingerprints(
            self.corpus, {k: v[:2] for k, v in self.item_cache.fresh.items()})
        # The pages named in mkdocs.yml's nav (all of them without one): each is marked in
        # the navigation as the current page, and linked from its neighbours there.
        in_nav = {path for _, path in _nav_entries(config.nav)} if config.nav else None
        nav_items = [self.pages.get(src) for src in sorted(in_nav or ())]
        try:
            version = pagecache.site_version(
                root, Path(config.config_file_path), fingerprints,
                self.corpus.today.isoformat(), compat.ENGINE,
                os.environ.get("DANVAN_PUBLICATION") or "", self.site_url,
                os.environ.get("DANVAN_EDITOR") or "", getattr(self, "preview", False),
                sorted(in_nav or ()), [e for e in nav_items if isinstance(e, Item)],
                bool(self.placeholders), self.logo_url,
                tracking.links_to_tracking(self.programmes))
        except pagecache.Uncacheable:
            cache.uncached = len(self.pages)
            return
        for src, entry in self.pages.items():
            if in_nav is None or src in in_nav:
                cache.uncached += 1
                continue
            fingerprint = fingerprints.own if isinstance(entry, View) else fingerprints.near
            try:
                key = pagecache.page_key(version, fingerprint, *self._page_inputs(
                    src, entry, config))
            except pagecache.Uncacheable:
                cache.uncached += 1
                continue
            self.page_keys[src] = key
            found = cache.get(key, self.output_paths)
            if found is not None:
                self.page_hits[src] = found
        cache.hits = len(self.page_hits)
        cache.misses = len(self.page_keys) - cache.hits
        log.debug("Trang dựng mới: %s", ", ".join(sorted(set(self.page_keys) - set(self.page_hits))))

    def _page_inputs(self, src: str, entry: Item | View, config) -> tuple:
        """What a page's template is given besides the site's version (pagecache)."""
        if isinstance(entry, tracking.TrackingView):
            # Made of the programme's files (not walked: its figures are thousands of values)
            # and the address of its document.
            programme = entry.programme
            document = self.corpus.by_source.get(f"{content.CONTENT_DIR}/{programme.source}") \
                if programme.source else None
            return ("tracking", src, entry.url, type(entry).__qualname__,
                    self.charts.key(programme), document)
        if isinstance(entry, View):
            return "view", src, entry.url, entry
        extra: tuple = ()
        if entry.kind == "model":
            extra = (self.gallery.page_context(entry),)
        return ("item", src, entry.url, entry, self._attachment(entry, config),
                self._og_image(entry, config), *extra)

    def on_page_read_source(self, page, config):
        entry = self.pages.get(page.file.src_uri)
        if isinstance(entry, Item):
            return entry.body
        return "" if entry is not None else None

    def on_page_markdown(self, markdown, page, config, files):
        entry = self.pages.get(page.file.src_uri)
        if isinstance(entry, View):
            # Listings have no table of contents; the home page needs the full width.
            wide = entry.wide
            hide = ["toc", "navigation"] if wide else ["toc"]
            page.meta.update(title=entry.title, template=entry.template, hide=hide,
                             description=entry.description)
        elif isinstance(entry, Item):
            meta = entry.meta
            template = TYPES[entry.kind].template
            if entry.kind == "page":
                template = f"page-{meta.layout}.html" if meta.layout != "page" else "main.html"
            page.meta.update(title=meta.title, template=template,
                             description=meta.summary or "")
            if entry.kind == "model":  # its sections come from fields, not the body's TOC
                page.meta["hide"] = ["toc"]
            if getattr(meta, "author", None):
                page.meta["author"] = meta.author
        # Which process renders the page is decided only when it is rendered (parallel.py):
        # its template is chosen then (danvan-page.html extends it, or an empty one), and
        # its Markdown is rendered then (on_page_context). A page that is not the model's
        # (none today) keeps MkDocs' own order: its title may come from its first heading.
        # So other plugins' on_page_content hooks first see an empty page, then (from
        # on_page_context, in the process that renders it) the page; on_page_context hooks
        # of plugins listed before this one see it empty. None is configured today.
        self.templates[page.file.src_uri] = page.meta.get("template") or "main.html"
        page.meta["template"] = "danvan-page.html"
        if entry is not None:
            compat.defer_render(page)
        return markdown

    def on_page_context(self, context, page, config, nav):
        number, self.visited = self.visited, self.visited + 1  # the same in every process
        if self.shards is not None and not self.shards.owns(number):
            context["danvan_template"] = "danvan-skip.html"  # another process renders it
            return context
        hit = self.page_hits.get(page.file.src_uri)
        if hit is not None:  # kept from an earlier build: placed in on_post_page
            context["danvan_template"] = "danvan-skip.html"
            self._placing = page.file.src_uri
            self.page_cache.index(self.search, self.page_keys[page.file.src_uri], hit)
            return context
        context["danvan_template"] = self.templates.get(page.file.src_uri, "main.html")
        if page.file.src_uri in self.pages:  # its Markdown waited until now
            if self.reuse_markdown:  # one Markdown instance for every page (compat.Renderer)
                self.renderer.render(page, config, self.files)
            else:
                Page.render(page, config, self.files)
            # The one place rendered content becomes trusted HTML: through the sanitizer.
            page.content = Markup(sanitize.clean(page.content))
            page.content = compat.fire_page_content(config, page, self.files)
        return self._page_context(context, page, config)

    def _page_context(self, context, page, config):
        """What the page's template needs of the model; the page goes into the search index."""
        entry = self.pages.get(page.file.src_uri)
        if isinstance(entry, View):
            context["view"] = entry
            if entry.shows is not None:  # an issue page: indexed for search as a bulletin
                context["item"] = entry.shows
        elif isinstance(entry, Item):
            context["item"] = entry
            context["cited_by"] = [i for i in self.backlinks.get(entry.source, [])]
            context["related"] = [d for d in entry.documents if d.published]
            context["attachment"] = self._attachment(entry, config)
            context["og_image"] = self._og_image(entry, config)
            if entry.kind == "model":
                context.update(self.gallery.page_context(entry))
            if entry.kind == "page" and entry.meta.layout == "fields":
                context["field_tables"] = [((t.title, t.folder), field_rows(k))
                                           for k, t in TYPES.items()]
                context["editor_rules"] = {"tags": sorted(sanitize.TAGS),
                                           "suffixes": sorted(files.KINDS),
                                           "max_mb": files.MAX_FILE_BYTES // 1024 // 1024}
        indexed = None
        if isinstance(entry, Item) and getattr(entry.meta, "search", True):
            indexed = entry, self.search.add(entry, page.content)
        elif isinstance(entry, bulletins.IssueView):  # its editorial, sections and titles
            indexed = context["item"], self.search.add(context["item"], entry.editorial,
                                                       entry.sections)
        self._searched = (indexed[0].url, indexed[1]) if indexed else None
        return context

    def _og_image(self, item: Item, config) -> str:
        """The absolute URL of the image a link preview shows: the cover, where it is
        published (a model's: its largest rendition)."""
        base = (config.site_url or "").rstrip("/")
        if item.kind == "model" and (cover := self.gallery.cover(item)) is not None:
            return f"{base}/{quote(cover.page.largest)}"
        if (story := self.covers.cover(item)) is not None:
            return f"{base}/{quote(story.page.largest)}"
        return ""

    def _attachment(self, item: Item, config) -> dict | None:
        path = getattr(item.meta, "attachment", None)
        if not path:
            made = self.document_pdfs.get(item.source)
            if made is None:
                return None
            name = _generated_pdf_name(item)
            return {"url": item.url + name, "name": name, "size": made.stat().st_size,
                    "format": "PDF", "generated": True}
        url = item.asset_url(path)
        size = (Path(config.docs_dir) / url).stat().st_size
        return {"url": url, "name": Path(path).name, "size": size,
                "format": Path(path).suffix.lstrip(".").upper()}

    def on_env(self, env, config, files):
        # Every value printed by a template is escaped, Material's templates included; HTML
        # the project made (rendered and sanitized Markdown, macros, shared blocks) is Markup.
        env.autoescape = True
        if self.cache_pages:
            # Templates compiled once, not on every build (MkDocs makes a new environment for
            # each): Jinja keys the bytecode by the template's name and checks its source.
            folder = Path(config.config_file_path).parent / JINJA_CACHE
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        if self.shards is not None and self.shards.is_worker:
            # A worker writes its pages only: assets, sitemap and 404 are the parent's.
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
            compat.drop_site_templates(config)
        env.filters["date_vi"] = lambda d: text.format_date(d) if d else ""
        env.filters["date_short"] = lambda d: text.format_date_short(d) if d else "—"
        env.filters["filesize"] = _filesize
        env.filters["locality_name"] = full_name
        env.filters["locality_period"] = period
        env.globals["locality_history"] = history
        env.filters["slugify"] = text.slugify
        env.filters["keep_numbers"] = _keep_numbers
        env.globals["year_of"] = year_of
        env.globals["official_form"] = official_form.form_of
        env.globals["attachment_of"] = lambda item: self._attachment(item, config)
        self.gallery.install(env)
        self.covers.install(env)
        tracking.install(env, self.programmes)
        env.globals["danvan_nav"] = self._nav_html
        env.globals["danvan_shared"] = self._shared_block
        env.globals["danvan_header"] = self._header
        self._memo_cache: dict[str, tuple[Markup, frozenset[str]]] = {}
        # A build renders with templates that do not change under it: skip the mtime check
        # Jinja makes on every include (`mkdocs serve` makes a new environment per build).
        env.auto_reload = False
        # Material's own partials stay reachable as "material/..." under our overrides.
        env.loader = ChoiceLoader([env.loader, PrefixLoader({
            "material": FileSystemLoader(compat.material_templates())})])
        # Material's interface texts, each looked up once (theme/partials/language.html).
        env.globals["danvan_translate"] = compat.material_translator(env, config)
        # Available to every template, the 404 page included.
        env.globals["org"] = self.corpus.organisation
        env.globals["identity"] = {"logo": self.logo_url, "sample": bool(self.placeholders)}
        env.globals["catalogs"] = self.corpus.catalogs
        env.globals["labels"] = {"kinds": labels(), "legal": LEGAL_STATUS, "systems": SYSTEMS}
        return env

    # --- Rendering once what many pages share ---------------------------------------------
    # Material renders its navigation, tabs, header, footer, __config, styles and scripts
    # again for every page. Pages outside the nav (articles, documents, listing pages) in
    # one folder get the very same HTML (links are relative to the folder; nothing is
    # active), so it is rendered once per folder and reused. Except on a page the fragment
    # links to, or links below: MkDocs writes those links from there differently ("./",
    # "trang-2/"), so that page gets its own rendering, and a rendering made on such a
    # page is not kept. tests/test_build.py checks a site built so against one without.

    def _shared_key(self, ctx) -> str | None:
        page = ctx.get("page")
        if page is None or ctx.get("nav") is None or page.file.src_uri in self.in_nav:
            return None
        return posixpath.dirname(page.url.rstrip("/"))

    def _memo(self, key: str, page, render) -> Markup:
        """``render()`` once for the pages with this ``key`` (a folder), but see above."""
        path = _site_path(page.url)
        found = self._memo_cache.get(key)
        if found is not None and path not in found[1]:
            return found[0]
        html = Markup(render())
        if found is None:
            reach = _link_reach(html, page.url)
            if path not in reach:
                self._memo_cache[key] = (html, reach)
        return html

    @pass_context
    def _nav_html(self, ctx) -> Markup:
        """Material's nav partial (theme/partials/nav.html calls this)."""
        def render() -> str:
            template = ctx.environment.get_template(compat.MATERIAL_NAV)
            return template.render(ctx.get_all())

        return self._shared_block(ctx, "nav", render)

    @pass_context
    def _shared_block(self, ctx, name: str, render) -> Markup:
        """A block of base.html (``render`` is its ``super``), shared by folder when it can be."""
        key = self._shared_key(ctx)
        return Markup(render()) if key is None else self._memo(f"{name}:{key}", ctx["page"],
                                                               render)

    @pass_context
    def _header(self, ctx, render, title) -> Markup:
        """The header (theme/partials/header.html), shared by folder but for the page's
        title, which takes the place of its marker (escaped, as every value is)."""
        shared = str(self._shared_block(ctx, "header", render))
        return Markup(shared.replace(HEADER_TOPIC, str(Markup.escape(title or "")), 1))

    def on_template_context(self, context, template_name, config):
        if template_name == "sitemap.xml" and self.sitemap_pages is not None:
            context["pages"] = self.sitemap_pages  # the kept pages too (on_files)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        """The page's content area (its body, a model's fields, an issue's editorial, the
        lists around them) keeps a link or an image only if it points to a file the build
        writes or off the site: an address of anything unpublished, in any form, even one
        the checks could not see (content/links.py reports those they see), is removed.
        The words of a link stay; nothing of its target does."""
        src = page.file.src_uri
        if self._placing == src:  # kept: linked, not written again
            self._placing = None
            self.page_cache.place(self.page_keys[src], page.file.abs_dest_path)
            return ""
        if not output.strip():  # another process renders it
            return output
        checked: dict[str, bool] = {}
        start, end = output.find("<article"), output.rfind("</article>")
        if start != -1 and end != -1:
            base = _site_path(page.url) + ("/" if page.url.endswith("/") or not page.url
                                           else "")

            def keep(m: re.Match) -> str:
                path = _public_path(m.group(1), base, self.site_url)
                if path is None:
                    return m.group(0)
                checked[path] = kept = path in self.output_paths
                return m.group(0) if kept else ""

            output = output[:start] + _ADDRESS.sub(keep, output[start:end]) + output[end:]
        key = self.page_keys.get(src)
        if key is None:
            return output
        # Kept for the next build, and linked into this one (MkDocs writes nothing then).
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        searched, self._searched = self._searched, None
        self.page_cache.put(key, data, checked, searched)
        self.page_cache.place(key, page.file.abs_dest_path)
        return ""

    def on_build_error(self, error):
        if getattr(self, "_placing_pool", None) is not None:  # nothing more into the folder
            self._placed(cancel=True)
        if getattr(self, "preview", False):
            if getattr(self, "staging", None) is not None:
                self.staging.drop()
            corpus = getattr(self, "corpus", None)
            preview.failed(str(ContentErrors(corpus.problems))
                           if corpus is not None and corpus.collector.errors else str(error))
        if self.shards is not None:
            if self.shards.is_worker:
                self.shards.fail()
            self.shards.abort()

    def on_post_build(self, config):
        if getattr(self, "preview", False):
            preview.succeeded()
            if hasattr(self, "refresher"):  # the issues shown from an earlier rendering
                self.refresher.after_build(
                    Path(config.config_file_path).parent, self.bulletins.result.deferred,
                    self.corpus.today.isoformat(), dataclasses.asdict(self.bulletins.options),
                    self.rebuild)
        if self.shards is not None:
            if self.shards.is_worker:
                self.shards.finish(self.search.builder)
            try:
                for part in self.shards.collect():
                    self.search.builder.merge(part)
            except RuntimeError as exc:
                raise PluginError(str(exc)) from None
        in_preview = getattr(self, "preview", False)
        cache = self.page_cache
        if cache is not None and self.kept_files and self._placing_pool is None \
                and not in_preview:
            self._place_kept()  # the build forked
        feeds.write_all(self.corpus, config)
        assets.write_robots(config)
        if not in_preview:
            self._write_search()
            self._placed()  # every kept page in the site
        if cache is not None:
            log.info("Bộ đệm trang: %(page_hits)d trang dùng lại, %(page_misses)d trang dựng "
                     "mới, %(page_uncached)d trang luôn dựng lại",
                     {"page_hits": cache.hits, "page_misses": cache.misses,
                      "page_uncached": cache.uncached, "page_dropped": cache.dropped})
        if self.bulletins.issues and not in_preview:
            # Not from the preview: its PDFs carry its own address, and may be an earlier
            # rendering shown while the new one is made (bulletin/refresh.py).
            folder = self.bulletins.publish_print()
            log.info(f"Bản tin: {self.bulletins.result.rendered} số dựng mới, bản in và bản "
                     f"in gập ở {folder}")
        if self.shards is not None:
            self.shards.close()
        if in_preview:
            with self._served_lock:  # not while a request makes the last build's index
                self.staging.swap()
                self.served = (self.kept_pages, self._preview_search(self.staging.served))
        # The entries this build did not use: last, so in the preview once they are no
        # longer sent (the swap above).
        if cache is not None:
            cache.prune(set(self.page_keys.values()))

    def _write_search(self, state: "_SearchState | None" = None) -> None:
        """The search index: the pages rendered were added as they were; the kept ones' from
        the last build's index, whole, where it has them under the same page key, else each
        from its own kept entry. Then what the next build restores from. ``state``: what a
        build left for it (the preview makes its index after the build, ``_preview_search``);
        by default this build's, its kept texts linked by threads meanwhile."""
        s = state or _SearchState.of(self)
        cache = s.cache
        if cache is not None:
            if state is not None:  # after the build: its texts linked here and now
                for file in s.kept_files:
                    cache.link_text(s.search, s.page_keys[file.src_uri],
                                    s.page_hits[file.src_uri])
            # (else by the threads of ``_place_kept``, started before)
            loading = self._index_loading if state is None else None
            snapshot, owners = loading.result() if loading is not None else cache.load_index()
            wanted = {hit.search[0]: s.page_keys[f.src_uri] for f in s.kept_files
                      if (hit := s.page_hits[f.src_uri]).search is not None}
            restored = s.search.restore(snapshot, owners, wanted)
            for file in s.kept_files:  # left out of MkDocs' pages; linked meanwhile
                hit = s.page_hits[file.src_uri]
                if hit.search is not None and hit.search[0] not in restored:
                    cache.index(s.search, s.page_keys[file.src_uri], hit, text=False)
            if state is None:
                self._placed(texts_only=True)
        log.info("Tìm kiếm: %(pages)d trang, %(keys)d khóa, %(buckets)d tệp chỉ mục, "
                 "%(index_seconds).1f giây", s.search.write())
        if cache is not None:  # for the next build's restore (above)
            owners = {}
            for src, entry in s.pages.items():
                item = _item_of(entry)
                if item is not None and item.url in s.search.ids:
                    owners[s.search.ids[item.url]] = (item.url, s.page_keys.get(src))

            def save() -> None:
                cache.save_index(s.search.builder.snapshot(), owners)

            if state is None and self._index_thread is not None:
                self._index_saving = self._background().submit(save)  # written atomically
            else:
                save()

    # The live preview sends what a save did not change from the page cache, and makes the
    # search index when a page first asks for it: a save writes only the pages it changed.
    _served_lock = threading.Lock()
    served: tuple[dict[str, str], Callable[[], None] | None] = ({}, None)

    def _preview_search(self, served: Path) -> Callable[[], None]:
        """This build's search index, to make into the served folder it now is in: from what
        this build left (``_SearchState``), which the next build, begun or failed, does not
        touch, so the last good build's search works whatever comes after it."""
        state = _SearchState.of(self)

        def make() -> None:
            state.search.builder.folder = served / search.INDEX_DIR
            self._write_search(state)
        return make

    def _served_file(self, rel: str) -> str | None:
        """The preview server's ``find`` (compat.serve_also): a kept page's file; the search
        index made first if it is asked for (once: a failure is tried again)."""
        with self._served_lock:
            kept, make = self.served
            if make is not None and rel.startswith(search.INDEX_DIR + "/"):
                make()
                self.served = (kept, None)
            return kept.get(rel)


@dataclasses.dataclass(frozen=True)
class _SearchState:
    """What writing a build's search index reads of the build (``_write_search``)."""

    search: "search.SearchIndex"
    cache: "pagecache.PageCache | None"
    kept_files: list
    page_hits: dict
    page_keys: dict
    pages: dict

    @classmethod
    def of(cls, plugin: DanvanPlugin) -> "_SearchState":
        return cls(plugin.search, plugin.page_cache, plugin.kept_files, plugin.page_hits,
                   plugin.page_keys, plugin.pages)


_LINK = re.compile(r"""(?:href|src|action)=["']([^"'#?]+)""")  # path, no ?query or #part
_ADDRESS = re.compile(r'\s(?:href|src)="([^"]*)"')
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


@functools.lru_cache(maxsize=None)  # asked for every shared fragment of every page
def _site_path(url: str) -> str:
    """A page's URL as a path from the site's root, for comparing: "luu-tru/" -> "/luu-tru"."""
    return posixpath.normpath("/" + url)


@functools.lru_cache(maxsize=65536)  # the same links stand on every page of a folder
def _public_path(href: str, base: str, site_url: str) -> str | None:
    return addresses.site_path(href, base, site_url)


def _link_reach(html: str, page_url: str) -> frozenset[str]:
    """The site paths that the relative links of ``html``, rendered on ``page_url``, point
    to, and every folder above them (links with a scheme, like mailto:, are left out)."""
    folder = "/" + page_url if page_url.endswith("/") or not page_url else \
        posixpath.dirname("/" + page_url)
    reach = set()
    for link in _LINK.findall(html):
        if link.startswith("/") or _SCHEME.match(link):
            continue
        path = posixpath.normpath(posixpath.join(folder, link))
        while path not in reach:
            reach.add(path)
            path = posixpath.dirname(path)
    return frozenset(reach)


def _nav_entries(entries, parent: str = ""):
    """(title, path) of every page named in mkdocs.yml's nav, however nested."""
    for entry in entries:
        if isinstance(entry, str):
            yield parent or entry, entry
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    yield title, value
                else:
                    yield from _nav_entries(value or [], title)


def _generated_pdf_name(item: Item) -> str:
    return f"{item.doc.number.slug}.pdf"


def _item_of(entry: Item | View) -> Item | None:
    """The content item a page shows (an issue page shows its issue), if any."""
    return entry if isinstance(entry, Item) else entry.shows


def _keep_numbers(value: str) -> Markup:
    """Escape ``value`` and keep each document number on one line ("02-ĐA/TU" never breaks
    after its hyphen)."""
    escaped = str(Markup.escape(value))
    return Markup(text.IN_TEXT.sub(lambda m: f'<span class="dv-nowrap">{m.group(0)}</span>',
                                   escaped))


def _filesize(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
