"""The review's figures as a PDF (sơ kết, tổng kết): an HTML document (review.html) laid out
by WeasyPrint with the bulletin's fonts, colours and conventions, ready to attach to the
committee's report.

As in the bulletin: the fonts are the merged faces (bulletin/fonts.py; a fallback font or
a missing glyph fails the document), WeasyPrint's warnings are errors (layout.strict), and
its URL fetcher is the bulletin's ``project_fetcher``, which here may read only the font
files: the charts are inline SVG, so the document fetches nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import text
from ..bulletin import BulletinError
from .aggregate import NEAR, PROVINCE, Progress
from .charts import chart_svg, number, period_chart_svg
from .periods import Period, PeriodError
from .schema import REVIEW_KINDS, UNIT_KINDS

HERE = Path(__file__).parent


class ReviewError(Exception):
    """The review could not be laid out; the message is Vietnamese."""


def _organisation(root: Path) -> tuple[str, str]:
    from ..content.reading import load_data
    from ..problems import Collector

    org = load_data(root, Collector())[0]
    if org is None:
        return "Ban Dân vận Tỉnh ủy Hưng Yên", "Tỉnh ủy Hưng Yên"
    return org.name, org.parent


def review_html(progress: Progress, period: Period | str, made: dt.date | None = None) -> str:
    """The review's HTML document (what ``review_pdf`` lays out)."""
    from ..bulletin.fonts import font_css, merged_faces
    from ..bulletin.render import PALETTE, css_string

    programme = progress.programme
    root = Path(programme.root)
    try:
        period, review = progress.choose(period)
    except PeriodError as exc:
        raise ReviewError(str(exc)) from None
    if not programme.in_range(period):
        raise ReviewError(f"kỳ {period.label} nằm ngoài thời gian của {programme.short_title}")
    faces = merged_faces(root, root / ".cache" / "bulletins")
    org_name, org_parent = _organisation(root)
    cells = progress.at(period)
    names = {code: unit.name for code, unit in programme.units.items()}
    targets = []
    for cell in cells:
        places = [b for key, b in cell.by_locality.items() if key != PROVINCE]
        places = [replace(b, label=b.label[:1].upper() + b.label[1:])
                  for b in text.sort_vi(places, key=lambda b: b.label)]
        targets.append({
            "cell": cell, "kinds": list(cell.by_kind.values()), "places": places,
            "chart": Markup(chart_svg(progress, cell.target.code, until=period)),
            "not_met": text.sort_vi(names[c] for c in cell.not_met),
            "no_data": text.sort_vi(names[c] for c in cell.no_data),
        })
    until = review.month.end if review else programme.due(period)
    owed = [s for s in progress.submissions if s.due <= until]
    active = [u for u in programme.units.values() if u.active_in(period)]
    kinds = {}
    for unit in active:
        kinds[unit.kind] = kinds.get(unit.kind, 0) + 1
    kinds_sentence = "; ".join(f"{n} {UNIT_KINDS[k].split(' (')[0].lower()}"
                               for k, n in kinds.items())
    kind_label = REVIEW_KINDS[review.kind] if review else "Số liệu"
    heading = (f"Phụ lục số liệu {kind_label.lower()} thực hiện {programme.short_title}"
               if review else f"Số liệu thực hiện {programme.short_title}")
    made = made or progress.today
    illustrative = programme.illustrative
    env = Environment(loader=FileSystemLoader(str(HERE)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = lambda v, unit="%": number(v, unit)
    env.filters["points"] = lambda v: number(v, " điểm") if v else "—"
    env.filters["date_short"] = text.format_date_short
    env.filters["date_long"] = text.format_date
    env.filters["css_string"] = css_string
    html = env.get_template("review.html").render(
        programme=programme, period=period, review=review, cells=cells, targets=targets,
        heading=heading, title=review.title if review else programme.title,
        kind_label=kind_label, org_name=org_name, org_parent=org_parent,
        fonts=Markup(font_css(faces)), palette={k: v[0] for k, v in PALETTE.items()},
        period_chart=Markup(period_chart_svg(progress, period)), illustrative=illustrative,
        footer="SỐ LIỆU MINH HỌA" if illustrative else programme.short_title,
        units_count=len(active), kinds_sentence=kinds_sentence,
        met_count=sum(1 for c in cells if c.status == "dat"),
        near_count=sum(1 for c in cells if c.status == "gan-dat"), near=NEAR,
        until=until, owed=len(owed),
        on_time=sum(1 for s in owed if s.status == "dung-han"),
        late=progress.late(until), missing=progress.missing(until), unit_names=names,
        due_rule=_due_rule(programme.due_days), reports_count=len(programme.reports),
        made=made, stamp=f"{made.isoformat()}T08:00:00+07:00",
        subject=f"{heading}: {period.label}" + (". Số liệu minh họa." if illustrative else "."),
    )
    return text.nfc(html)


def _due_rule(days: int) -> str:
    if days >= 0:
        return f"{days} ngày sau ngày cuối kỳ"
    return f"{-days} ngày trước ngày cuối kỳ"


def review_pdf(progress: Progress, period: Period | str, out_path: Path | str,
               made: dt.date | None = None) -> Path:
    """Write the review PDF for ``period`` (a period, or "so-ket" / "tong-ket" for the
    programme's reviews) to ``out_path``; raises ``ReviewError`` with a Vietnamese message."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    from ..bulletin.fonts import merged_faces
    from ..bulletin.layout import project_fetcher, strict

    root = Path(progress.programme.root).resolve()
    html = review_html(progress, period, made)
    faces = merged_faces(root, root / ".cache" / "bulletins")
    allowed = sorted({face.path.parent for face in faces})
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    source = f"{progress.programme.folder} ({period})"
    base_url = root.as_uri() + "/"
    try:
        with strict(source, "không dàn trang được"):
            document = HTML(string=html, base_url=base_url,
                            url_fetcher=project_fetcher(allowed, base_url)).render(
                font_config=FontConfiguration())
            document.write_pdf(out_path, pdf_identifier=progress.programme.id.encode())
    except BulletinError as exc:
        raise ReviewError(str(exc)) from None
    except FatalURLFetchingError as exc:
        raise ReviewError(f"{source}: {exc.__cause__ or exc}") from None
    return out_path
