"""Tracking a programme (chương trình: the Đề án 02-ĐA/TU, a later resolution): its targets,
the units' reports and the progress towards each target.

    programme = load_programme(root, "de-an-02-da-tu")   # reading.py: files -> Programme
    programme.problems                                   # Vietnamese, file + line / cell
    progress = aggregate(programme)                      # aggregate.py: -> Progress
    progress.at("2018-6T1"), progress.trend("CT1")       # figures per target and period
    chart_svg(progress, "CT1")                           # charts.py: static SVG, accessible
    export_csv(progress, path); export_xlsx(progress, path)
    review_pdf(progress, "2018-6T1", path)               # review.py: sơ kết / tổng kết PDF
    template_workbook(programme, path); import_workbook(programme, path)   # workbook.py

Modules: periods.py (the period format), schema.py (the files' models and the objects),
reading.py, aggregate.py, charts.py, workbook.py, export.py, review.py, bench.py. Nothing
here imports MkDocs or the site adapter; the pages are the site's to build from ``Progress``.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from .aggregate import Cell, Progress, Submission, aggregate
from .periods import Period, PeriodError
from .periods import parse as parse_period
from .reading import PROGRAMMES_DIR, load_programme, load_programmes, programme_folders
from .schema import Programme, Report, ReportingUnit, Review, Target

__all__ = [
    "Cell", "Period", "PeriodError", "Problem", "Programme", "Progress", "Report",
    "ReportingUnit", "Review", "Submission", "Target", "PROGRAMMES_DIR", "aggregate",
    "chart_svg", "chart_table", "check_programmes", "export_csv", "export_xlsx",
    "import_workbook", "load_programme", "load_programmes", "parse_period", "period_chart_svg",
    "programme_folders", "review_pdf", "template_workbook",
]


def check_programmes(root: Path | str, today=None, registry=None) -> list[Problem]:
    """Every problem of every programme under content/_du-lieu/chuong-trinh/: the files'
    errors and warnings, and the late and missing reports (warnings)."""
    found: list[Problem] = []
    for programme in load_programmes(Path(root), registry):
        found += programme.problems
        if not programme.errors:
            found += aggregate(programme, today).problems
    return found


def __getattr__(name: str):
    # The heavier parts (matplotlib, openpyxl, WeasyPrint) are imported when first used.
    if name in ("chart_svg", "chart_table", "period_chart_svg"):
        from . import charts
        return getattr(charts, name)
    if name in ("export_csv", "export_xlsx"):
        from . import export
        return getattr(export, name)
    if name in ("template_workbook", "import_workbook"):
        from . import workbook
        return getattr(workbook, name)
    if name == "review_pdf":
        from .review import review_pdf
        return review_pdf
    raise AttributeError(name)
