"""A bulletin section of a programme's figures (issue 14): the same charts and tables as the
site's tracking pages and the review PDF, laid out as one full-width article of the issue.

An issue asks for it in its front matter::

    sections:
      - title: Theo dõi thực hiện Đề án
        tracking: {programme: de-an-02-da-tu, period: 2018-6T1}   # or so-ket, tong-ket

The charts are vector SVG (programme/charts.py), so they print sharp at any resolution; the
print edition converts their colours to CMYK like every other colour of the issue
(print.py). Only a published, public programme read without an error may be printed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup, escape

from .. import text
from ..problems import Problem
# The programme's modules, not its package (whose review PDF lays out with the bulletin's
# own styles: an import cycle otherwise).
from ..programme.aggregate import Progress, aggregate
from ..programme.periods import Period, PeriodError, parse
from ..programme.reading import PROGRAMMES_DIR, load_programme, programme_folders
from ..programme.schema import REVIEW_KINDS, Programme


class TrackingError(ValueError):
    """A tracking section that cannot be printed; the message is Vietnamese."""


def resolve(corpus) -> list[Problem]:
    """Fill ``corpus.tracking`` with the issues' sections that print a programme's figures
    (and ``corpus.tracked_progress`` with those programmes' progress, for the render);
    the problems (an unknown, unpublished or faulty programme, a period it does not cover)
    name the issue's file and line. The bulletin build and ``danvan check`` call it."""
    problems = []
    corpus.tracked_progress = {}
    for issue in (i for i in corpus.items if i.kind == "bulletin"):
        found = {}
        for section in issue.meta.sections:
            if section.tracking is None:
                continue
            wanted = section.tracking
            try:
                progress = corpus.tracked_progress.get(wanted.programme)
                if progress is None:  # each programme read once, whatever prints it
                    progress = load(corpus.root, wanted.programme, corpus.localities,
                                    corpus.today)
                    corpus.tracked_progress[wanted.programme] = progress
                found[section.title] = (wanted.programme,
                                        period_of(progress, wanted.period).code)
            except TrackingError as exc:
                problems.append(problem(issue.source, f"chuyên mục “{section.title}”", exc,
                                        issue.lines.get("sections")))
        corpus.tracking[issue.source] = found
    return problems


def load(root: Path, programme_id: str, registry, today: dt.date) -> Progress:
    """The progress of a programme an issue may print, or TrackingError naming the fix."""
    known = [p.name for p in programme_folders(root)]
    if programme_id not in known:
        raise TrackingError(f"không có chương trình “{programme_id}” (có: "
                            f"{', '.join(known) or 'chưa có chương trình nào'})")
    programme: Programme = load_programme(root, programme_id, registry)
    if programme.errors:
        raise TrackingError(f"chương trình “{programme_id}” còn lỗi: {programme.errors[0]}")
    if not programme.public:
        raise TrackingError(f"chương trình “{programme_id}” chưa công bố (status: published, "
                            "visibility: public): số liệu của nó không được in")
    return aggregate(programme, today)


def period_of(progress: Progress, wanted: str | None) -> Period:
    """The period to print: a period code, a review's kind, or the last period reported."""
    if wanted is None:
        if progress.last_period is None:
            raise TrackingError("chương trình chưa có số liệu kỳ nào")
        return progress.last_period
    try:
        period, _ = progress.choose(wanted)
    except PeriodError as exc:
        raise TrackingError(f"kỳ “{wanted}”: {exc}") from None
    if not progress.programme.in_range(period):
        raise TrackingError(f"kỳ {period.label} nằm ngoài thời gian của chương trình")
    return period


def files(root: Path, programme_id: str) -> list[Path]:
    """The files the section is made of (for the issue's cache key)."""
    folder = root / PROGRAMMES_DIR / programme_id
    return sorted(p for p in folder.rglob("*") if p.is_file())


def article(progress: Progress, period: Period | str, anchor: str, site_url: str) -> dict:
    """The section as an article of the issue (the fields issue.html reads)."""
    from ..programme.charts import chart_svg, number, period_chart_svg, period_table

    period = parse(period) if isinstance(period, str) else period
    programme = progress.programme
    cells = progress.at(period)
    met = sum(c.status == "dat" for c in cells)
    units = len({u for c in cells for u in c.applicable})
    illustrative = programme.illustrative
    url = f"{site_url.rstrip('/')}/theo-doi/{programme.id}/"
    parts = [
        f'<p class="tracking-lede">{escape(programme.short_title)}: {met}/{len(cells)} chỉ tiêu '
        f"đạt mục tiêu, theo báo cáo {escape(period.label)} của {units} cơ quan, đơn vị, địa "
        f"phương.{' <strong>Số liệu minh họa.</strong>' if illustrative else ''}</p>",
        f'<figure class="tracking-chart">{period_chart_svg(progress, period)}</figure>',
        f'<div class="tracking-table">{period_table(progress, period).html()}</div>',
        '<div class="tracking-cards">',
    ]
    for cell in cells:
        target = cell.target
        parts.append(
            f'<figure class="tracking-card">{chart_svg(progress, target.code, small=True, until=period)}'
            f"<figcaption><b>{escape(target.code)}. {escape(target.title)}</b>: "
            f"{escape(number(cell.value))}, {escape(cell.status_label.lower())} "
            f"(mục tiêu {escape(target.goal)})</figcaption></figure>")
    parts.append("</div>")
    review = REVIEW_KINDS.get(next((r.kind for r in programme.reviews if r.period == period),
                                   ""), "")
    return {
        "anchor": anchor, "kind": "tracking", "title": f"Kết quả thực hiện các chỉ tiêu, "
        f"{period.label}", "kicker": f"{review + ' – ' if review else ''}{programme.short_title}",
        # The lede and every chart say "Số liệu minh họa"; the article notice is for prose.
        "byline": "", "summary": None, "illustrative": False, "figures": [],
        "body": Markup(text.nfc("".join(parts))), "url": url, "columns": 1, "form": None,
        "contents": f"{met}/{len(cells)} chỉ tiêu đạt mục tiêu"
                    + (" (số liệu minh họa)" if illustrative else ""),
    }


def problem(issue_source: str, where: str, exc: TrackingError, line: int | None) -> Problem:
    return Problem(issue_source, f"{where}: số liệu theo dõi chỉ tiêu: {exc}",
                   "sửa “tracking” của chuyên mục (programme, period) trong tệp số bản tin",
                   field="sections", line=line)
