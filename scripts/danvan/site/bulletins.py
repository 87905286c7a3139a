"""The bulletin on the website: the archive page, one page per issue, the PDFs and covers.

The PDFs are built (or taken from the cache) when the plugin loads the content, so that a
failed issue stops the build before anything is written. The screen edition and the cover
thumbnail are published next to the issue page; the print edition and the booklet go to a
folder outside the site (``bulletin_print_dir``), unless ``bulletin_publish_print`` is set.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown as markdown_lib
from markupsafe import Markup
from mkdocs.structure.files import File

from .. import sanitize
from ..bulletin import build as bulletin_build
from ..bulletin.render import DEFAULT_ICC
from ..content import Corpus, Item
from .views import View

ARCHIVE = "ban-tin"
ARCHIVE_TITLE = "Thông tin Dân vận"
COVER = "bia.jpg"


def pdf_name(output) -> str:
    return f"{output.stem}.pdf"


class Bulletins:
    """Every published issue's files and pages, for one build."""

    def __init__(self, corpus: Corpus, config, options, root: Path):
        self.corpus = corpus
        self.root = root
        self.options = options
        self.markdown = (list(config["markdown_extensions"]), dict(config["mdx_configs"]))
        icc = Path(options.bulletin_icc) if options.bulletin_icc else DEFAULT_ICC
        self.result = bulletin_build.build_issues(
            corpus, markdown=self.markdown, site_url=config.site_url or "",
            cache_dir=root / options.bulletin_cache_dir, icc=icc)
        self.issues = [i for i in corpus.of_kind("bulletin") if i.source in self.result.outputs]

    def output(self, issue: Item):
        return self.result.outputs[issue.source]

    def views(self) -> list[View]:
        home = ("Trang chủ", "")
        views = [archive_view(self.corpus, self.issues,
                              {"outputs": self.result.outputs, "cover": COVER})]
        md = markdown_lib.Markdown(extensions=self.markdown[0],
                                   extension_configs=self.markdown[1])
        for issue in self.issues:
            out = self.output(issue)
            md.reset()
            views.append(View(
                f"{issue.url}index.md", issue.title, "bulletin-issue.html",
                extra={"issue": issue, "item": issue, "output": out,
                       "sections": self.corpus.sections_of(issue),
                       "pdf": f"{issue.url}{pdf_name(out)}", "cover": f"{issue.url}{COVER}",
                       "cover_size": _jpeg_size(out.cover),
                       "editorial": Markup(sanitize.clean(md.convert(issue.body)))
                       if issue.body.strip() else "",
                       "print": self.options.bulletin_publish_print},
                description=issue.meta.summary or issue.title,
                breadcrumbs=[home, (ARCHIVE_TITLE, f"{ARCHIVE}/")]))
        return views

    def files(self, config) -> list[File]:
        files = []
        for issue in self.issues:
            out = self.output(issue)
            published = {pdf_name(out): out.screen, COVER: out.cover}
            if self.options.bulletin_publish_print:
                published.update({f"in-an/{out.stem}-ban-in.pdf": out.print,
                                  f"in-an/{out.stem}-ban-gap.pdf": out.booklet})
            for name, path in published.items():
                files.append(File.generated(config, f"{issue.url}{name}", abs_src_path=str(path)))
        return files

    def publish_print(self) -> Path:
        """Copy the print editions and booklets to the print folder (never the public site).

        The folder then holds exactly the published issues' PDFs: one left from an issue
        since withdrawn (made a draft again, or deleted) is removed."""
        target = self.root / self.options.bulletin_print_dir
        wanted: set[Path] = set()
        for issue in self.issues:
            out = self.output(issue)
            folder = target / issue.url.removeprefix(f"{ARCHIVE}/")
            folder.mkdir(parents=True, exist_ok=True)
            for path, name in ((out.print, f"{out.stem}-ban-in.pdf"),
                               (out.booklet, f"{out.stem}-ban-gap.pdf")):
                dest = folder / name
                wanted.add(dest)
                if not dest.exists() or dest.read_bytes() != path.read_bytes():
                    shutil.copyfile(path, dest.with_suffix(".tmp"))
                    dest.with_suffix(".tmp").replace(dest)
        for stale in sorted(target.rglob("*"), reverse=True) if target.is_dir() else []:
            if stale.is_file() and stale not in wanted:
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()):
                stale.rmdir()
        return target


def archive_view(corpus: Corpus, issues: list[Item], extra: dict | None = None) -> View:
    """The archive of issues, /ban-tin/ (``danvan check`` builds it too, for its URL)."""
    return View(f"{ARCHIVE}/index.md", ARCHIVE_TITLE, "bulletin-archive.html", issues,
                extra=extra or {}, breadcrumbs=[("Trang chủ", "")],
                description=f"Các số bản tin {corpus.organisation.bulletin_name}")


def _jpeg_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size
