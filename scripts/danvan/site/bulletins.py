"""The bulletin on the website: the archive page, one page per issue, the PDFs and covers.

The PDFs are built (or taken from the cache) when the plugin loads the content, so that a
failed issue stops the build before anything is written. The screen edition and the cover
thumbnail are published next to the issue page; the print edition and the booklet go to a
folder outside the site (``bulletin_print_dir``), unless ``bulletin_publish_print`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import markdown as markdown_lib
from markupsafe import Markup

from .. import markup, sanitize
from ..bulletin import publish
from ..bulletin.build import IssueOutput
from ..bulletin.publish import ARCHIVE
from ..content import Corpus, Item, Placement
from .compat import File
from .views import View

ARCHIVE_TITLE = "Thông tin Dân vận"
COVER = "bia.jpg"


def pdf_name(output) -> str:
    return f"{output.stem}.pdf"


class Bulletins(publish.Issues):
    """Every published issue's PDFs (bulletin/publish.py) and, here, its pages and files."""

    def views(self) -> list[View]:
        home = ("Trang chủ", "")
        views: list[View] = [archive_view(self.corpus, self.issues, self.result.outputs)]
        extensions, configs = markup.settings()
        md = markdown_lib.Markdown(extensions=extensions, extension_configs=configs)
        for issue in self.issues:
            out = self.output(issue)
            md.reset()
            views.append(IssueView(
                f"{issue.url}index.md", issue.title, "bulletin-issue.html", issue=issue,
                output=out, sections=self.corpus.sections_of(issue),
                pdf=f"{issue.url}{pdf_name(out)}", cover=f"{issue.url}{COVER}",
                cover_size=_jpeg_size(out.cover),
                editorial=Markup(sanitize.clean(md.convert(issue.body)))
                if issue.body.strip() else Markup(""),
                print=self.options.publish_print, tracking=_tracking_links(self.corpus, issue),
                description=issue.meta.summary or issue.title,
                breadcrumbs=[home, (ARCHIVE_TITLE, f"{ARCHIVE}/")]))
        return views

    def files(self, config) -> list[File]:
        files = []
        for issue in self.issues:
            out = self.output(issue)
            published = {pdf_name(out): out.screen, COVER: out.cover}
            if self.options.publish_print:
                published[f"in-an/{out.stem}-ban-in.pdf"] = out.print
                if out.booklet.is_file():  # none where its sheet is too small (a warning)
                    published[f"in-an/{out.stem}-ban-gap.pdf"] = out.booklet
            for name, path in published.items():
                files.append(File.generated(config, f"{issue.url}{name}", abs_src_path=str(path)))
        return files


@dataclass(kw_only=True)
class ArchiveView(View):
    outputs: dict[str, IssueOutput]  # by issue source: PDF sizes, pages, cover
    cover: str = COVER


@dataclass(kw_only=True)
class IssueView(View):
    """An issue's page: its cover, contents, editorial and PDFs."""

    issue: Item
    output: IssueOutput
    sections: list[tuple[str, list[Placement]]]
    pdf: str
    cover: str
    cover_size: tuple[int, int]
    editorial: Markup
    print: bool
    # Section title -> (its programme's page, the period's label): the tracking
    # sections (bulletin/tracking.py), linked to the same figures on the site.
    tracking: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def shows(self) -> Item:
        return self.issue


def archive_view(corpus: Corpus, issues: list[Item], outputs: dict | None = None) -> View:
    """The archive of issues, /ban-tin/ (``danvan check`` builds it too, for its URL)."""
    return ArchiveView(f"{ARCHIVE}/index.md", ARCHIVE_TITLE, "bulletin-archive.html", issues,
                       outputs=outputs or {}, breadcrumbs=[("Trang chủ", "")],
                       description=f"Các số bản tin {corpus.organisation.bulletin_name}")


def _jpeg_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _tracking_links(corpus: Corpus, issue: Item) -> dict[str, tuple[str, str]]:
    from ..programme import parse_period
    from .tracking import SECTION

    # The programme's page: every period printed has its figures there (a period page
    # exists only for the periods the site follows).
    return {title: (f"{SECTION}/{programme_id}/", parse_period(period).label)
            for title, (programme_id, period) in corpus.tracking.get(issue.source, {}).items()}
