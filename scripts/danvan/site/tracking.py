"""The tracking pages (``/theo-doi/``): a programme's targets, units and periods, from
``danvan.programme`` (read, validated, aggregated there; nothing is computed here but what
a page shows).

Like the gallery, these are generated pages (``View``) and generated files:

- ``theo-doi/`` lists the programmes; ``theo-doi/<id>/`` shows one card per target, the
  reporting units and the periods; ``chi-tieu/<target>/``, ``don-vi/<unit>/`` and
  ``ky/<period>/`` are a page per target, unit and period.
- The charts are static SVG (programme/charts.py) inlined in the pages, each with a data
  table beside it. The figures download as CSV and XLSX; the reviews (sơ kết, tổng kết) as
  PDF once their month has come.

Only a programme that is published, public and read without an error has any of this: the
set of pages and files is computed from ``Programme.public``, nothing else reaches the site.
Charts, downloads and review PDFs cost seconds; they are kept in ``.cache/theo-doi/`` under
a key made of every input file, the code and the templates, so an unchanged programme costs
nothing on the next build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .. import text
from ..content import Corpus
from ..problems import Problem
from ..programme import Cell, Period, Programme, Progress, ReportingUnit, Review, Target
from ..programme.aggregate import STATUS_LABELS, Submission, aggregate, status_of
from ..programme.reading import load_programmes
from ..programme.schema import UNIT_KINDS
from .compat import File
from .views import View

SECTION = "theo-doi"
TITLE = "Theo dõi thực hiện"
CACHE = ".cache/theo-doi"
# A status in words and a shape, so that it reads in greyscale and without colour.
SYMBOLS = {"dat": "●", "gan-dat": "▲", "chua-dat": "□", "chua-co-so-lieu": "–"}


def slug(code: str) -> str:
    """A target's or a period's code in a URL ("CT1" -> "ct1", "2018-6T1" -> "2018-6t1")."""
    return text.slugify(code)


# --- What the pages show ---------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One figure with its status: a card's value, a unit's cell."""

    value: str  # "87,5%", "—", or "" where the status says it all (a unit's đạt)
    status: str  # a key of STATUS_LABELS

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]


@dataclass(frozen=True)
class UnitRow:
    unit: ReportingUnit
    url: str
    kind: str  # in words
    place: str  # the locality as the programme names it, or "Cấp tỉnh"
    marks: dict[str, Mark]  # target code -> the unit's mark (only the targets it must meet)
    received: int
    late: int
    missing: int


@dataclass
class Programmes:
    """Every programme under content/_du-lieu/chuong-trinh/ and what the site shows of the
    public ones."""

    corpus: Corpus
    root: Path
    programmes: list[Programme] = field(default_factory=list)
    progress: dict[str, Progress] = field(default_factory=dict)

    @classmethod
    def load(cls, corpus: Corpus, root: Path) -> "Programmes":
        if corpus.organisation is None:  # the data files failed: already reported
            return cls(corpus, root)
        found = cls(corpus, root, load_programmes(root, corpus.localities))
        for programme in found.programmes:
            if not programme.errors:
                found.progress[programme.id] = aggregate(programme, corpus.today)
        return found

    @property
    def problems(self) -> list[Problem]:
        """The files' errors and warnings, and late or missing reports (warnings)."""
        out = []
        for programme in self.programmes:
            out += programme.problems
            if programme.id in self.progress:
                out += self.progress[programme.id].problems
        return out

    @property
    def public(self) -> list[Programme]:
        return [p for p in self.programmes if p.public]


def _mark(target: Target, value, met: bool | None) -> Mark:
    from ..programme.charts import number

    if value is None:
        return Mark("—", "chua-co-so-lieu")
    # A unit's đạt / chưa đạt is its status alone; a measured rate shows its figure too.
    shown = "" if isinstance(value, bool) else number(value)
    return Mark(shown, "dat" if met else "chua-dat")


def cell_mark(cell: Cell | None) -> Mark:
    from ..programme.charts import number

    if cell is None:
        return Mark("—", "chua-co-so-lieu")
    return Mark(number(cell.value), cell.status)


# --- The pages -------------------------------------------------------------------------------


@dataclass(kw_only=True)
class TrackingView(View):
    """Any tracking page: its programme, the figures and the charts (``charts``)."""

    programme: Programme
    progress: Progress
    charts: "Charts"
    home: str  # the programme's page
    wide: bool = True

    @property
    def illustrative(self) -> bool:
        return self.programme.illustrative

    def target_url(self, code: str) -> str:
        return f"{self.home}chi-tieu/{slug(code)}/"

    def unit_url(self, code: str) -> str:
        return f"{self.home}don-vi/{code}/"

    def period_url(self, period: Period) -> str:
        return f"{self.home}ky/{slug(period.code)}/"


@dataclass(kw_only=True)
class IndexView(View):
    """``theo-doi/``: the programmes, each with its targets met in its last period."""

    entries: list[tuple[Programme, str, int, int, Period | None]]  # (…, url, met, targets, at)


@dataclass(kw_only=True)
class ProgrammeView(TrackingView):
    period: Period | None  # the last period with figures
    cards: list[tuple[Target, Cell | None]]
    units: list[UnitRow]
    periods: list[Period]
    downloads: list[tuple[str, str, str]]  # (label, url, format)
    reviews: list[tuple[Review, str | None]]  # (review, url of its PDF once its month came)
    late: list[Submission]
    missing: list[Submission]


@dataclass(kw_only=True)
class TargetView(TrackingView):
    target: Target
    cell: Cell | None  # the period shown (the last with a figure)
    units: list[UnitRow]  # the units it applies to in that period
    kinds: list[tuple[str, str, str, Mark]]  # (kind, met/with data, units, mark)
    places: list[tuple[str, str, str, Mark]]


@dataclass(kw_only=True)
class UnitView(TrackingView):
    unit: ReportingUnit
    row: UnitRow
    locality_url: str | None
    grid: list[tuple[Period, list[Mark | None]]]  # per period, per target (None: not its)
    targets: list[Target]
    submissions: list[Submission]


@dataclass(kw_only=True)
class PeriodView(TrackingView):
    period: Period
    cells: list[Cell]
    names: dict[str, str]  # unit code -> name
    received: list[Submission]

    def names_of(self, codes: list[str]) -> str:
        return ", ".join(text.sort_vi(self.names[c] for c in codes))


def views(programmes: Programmes, charts: "Charts | None", locality_urls: set[str] = frozenset()
          ) -> list[View]:
    """Every tracking page of the public programmes (none without one)."""
    public = programmes.public
    if not public:
        return []
    home = ("Trang chủ", "")
    root = (TITLE, f"{SECTION}/")
    entries = []
    out: list[View] = []
    for programme in public:
        progress = programmes.progress[programme.id]
        base = f"{SECTION}/{programme.id}/"
        period = progress.last_period
        cells = progress.at(period) if period else []
        entries.append((programme, base, sum(c.status == "dat" for c in cells),
                        len(programme.targets), period))
        out += _programme_views(programme, progress, charts, base, [home, root],
                                programmes.corpus.today, locality_urls)
    out.insert(0, IndexView(f"{SECTION}/index.md", TITLE, "tracking-index.html",
                            breadcrumbs=[home], entries=entries,
                            description="Theo dõi các chỉ tiêu của đề án, chương trình: kết quả "
                                        "từng kỳ, đơn vị báo cáo, sơ kết, tổng kết"))
    return out


def _programme_views(programme: Programme, progress: Progress, charts: "Charts", base: str,
                     crumbs: list[tuple[str, str]], today: dt.date,
                     locality_urls: set[str]) -> list[View]:
    common = dict(programme=programme, progress=progress, charts=charts, home=base)
    mine = crumbs + [(programme.short_title, base)]
    period = progress.last_period
    shown = [p for p in progress.periods if p.start <= today]
    review_periods = [r.period for r in programme.reviews if r.period not in shown
                      and r.period.start <= today]
    pages_periods = sorted(shown + review_periods)
    by_unit: dict[str, list[Submission]] = {}
    by_period: dict[Period, list[Submission]] = {}
    for s in progress.submissions:
        if s.due <= today or s.report is not None:  # what is owed by now, or already sent
            by_unit.setdefault(s.unit, []).append(s)
            by_period.setdefault(s.period, []).append(s)
    rows = [_unit_row(programme, progress, unit, period, base, by_unit.get(unit.code, []))
            for unit in programme.units.values()]
    kinds = list(UNIT_KINDS)
    rows = sorted(text.sort_vi(rows, key=lambda r: r.unit.name),
                  key=lambda r: kinds.index(r.unit.kind))
    downloads = [("Số liệu tổng hợp (CSV, mở bằng Excel hoặc LibreOffice)",
                  f"{base}{Charts.csv_name}", "CSV"),
                 ("Số liệu tổng hợp (Excel)", f"{base}{Charts.xlsx_name}", "XLSX")]
    reviews = [(r, f"{base}{Charts.review_name(r)}" if r.month.start <= today else None)
               for r in programme.reviews]
    out: list[View] = [ProgrammeView(
        f"{base}index.md", f"{TITLE} {programme.short_title}", "tracking-programme.html",
        breadcrumbs=crumbs, description=f"Các chỉ tiêu của {programme.short_title}: kết quả "
        "từng kỳ, đơn vị đạt và chưa đạt, báo cáo của các đơn vị", period=period,
        cards=[(t, progress.latest(t.code)) for t in programme.targets.values()],
        units=rows, periods=pages_periods, downloads=downloads, reviews=reviews,
        late=progress.late(today), missing=progress.missing(today), **common)]
    for target in programme.targets.values():
        cell = progress.latest(target.code)
        units = [r for r in rows if target.code in r.marks and
                 (cell is None or r.unit.code in cell.applicable)]
        out.append(TargetView(
            f"{base}chi-tieu/{slug(target.code)}/index.md", f"{target.code}. {target.title}",
            "tracking-target.html", breadcrumbs=mine,
            description=f"{programme.short_title}, chỉ tiêu {target.code}: {target.wording}",
            target=target, cell=cell, units=units,
            kinds=_breakdowns(target, cell.by_kind.values() if cell else []),
            places=_breakdowns(target, sorted(cell.by_locality.values(), key=lambda b: text.sort_key(
                b.label)) if cell else []), **common))
    names = {code: unit.name for code, unit in programme.units.items()}
    for row in rows:
        unit = row.unit
        targets = [t for t in programme.targets.values() if programme.applies(t, unit)]
        grid = []
        for p in shown:
            if not unit.active_in(p):
                continue
            grid.append((p, [_mark(t, *progress.unit_cell(unit.code, t.code, p))
                             for t in targets]))
        url = f"dia-ban/{unit.locality}/" if unit.locality else None
        out.append(UnitView(
            f"{row.url}index.md", unit.name, "tracking-unit.html", breadcrumbs=mine,
            description=f"{unit.name}: báo cáo và kết quả các chỉ tiêu {programme.short_title}",
            unit=unit, row=row, locality_url=url if url in locality_urls else None, grid=grid,
            targets=targets, submissions=by_unit.get(unit.code, []),
            **common))
    for p in pages_periods:
        out.append(PeriodView(
            f"{base}ky/{slug(p.code)}/index.md", f"Kết quả {p.label}", "tracking-period.html",
            breadcrumbs=mine, description=f"{programme.short_title}: kết quả các chỉ tiêu, "
            f"{p.label}", period=p, cells=progress.at(p), names=names,
            received=by_period.get(p, []), **common))
    return out


def _unit_row(programme: Programme, progress: Progress, unit: ReportingUnit,
              period: Period | None, base: str, own: list[Submission]) -> UnitRow:
    marks = {}
    if period is not None:
        for target in programme.targets.values():
            if programme.applies(target, unit):
                marks[target.code] = _mark(target, *progress.unit_cell(unit.code, target.code,
                                                                         period))
    return UnitRow(unit, f"{base}don-vi/{unit.code}/", UNIT_KINDS[unit.kind].split(" (")[0],
                   _upper_first(unit.locality_name) if unit.locality_name else "Cấp tỉnh",
                   marks, sum(s.report is not None for s in own),
                   sum(s.status == "muon" for s in own), sum(s.status == "thieu" for s in own))


def _breakdowns(target: Target, groups) -> list[tuple[str, str, str, Mark]]:
    from ..programme.charts import number

    return [(_upper_first(b.label), f"{b.met}/{b.with_data}", str(len(b.units)),
             Mark(number(b.value), status_of(target, b.value))) for b in groups]


def _upper_first(value: str) -> str:
    return value[:1].upper() + value[1:]


# --- Charts, downloads and review PDFs, cached -----------------------------------------------


_DRAWING: Progress | None = None  # the progress a forked drawing process inherits


def _draw(name: str) -> str:
    from ..programme import charts

    kind, _, code = name.partition("/")
    if kind == "period":
        return charts.period_chart_svg(_DRAWING, code)
    return charts.chart_svg(_DRAWING, code, small=kind == "small")


def _draw_all(progress: Progress, names: list[str]) -> list[str]:
    """The charts ``names`` ("small/CT1", "large/CT1", "period/2018-6T1"), drawn on every
    core when there are many (a monthly programme's period pages: dozens) and forking is
    safe; a chart takes matplotlib about 0.05 s."""
    from .. import workers

    global _DRAWING
    _DRAWING = progress
    try:
        jobs = workers.count(len(names), threshold=12)
        if jobs == 1 or not workers.can_fork():
            return [_draw(name) for name in names]
        with workers.process_pool(jobs) as pool:
            return list(pool.map(_draw, names, chunksize=4))
    finally:
        _DRAWING = None


class Charts:
    """The SVG charts and the generated files of the public programmes, from the cache when
    nothing that goes into them has changed."""

    def __init__(self, programmes: Programmes, cache_dir: Path):
        self.programmes = programmes
        self.folder = cache_dir
        self.svgs: dict[str, dict[str, str]] = {}
        self.paths: dict[str, dict[str, Path]] = {}
        self.made = 0  # charts and files made in this build (0: all from the cache)
        self._keys: dict[str, str] = {}  # programme id -> key

    csv_name = "so-lieu.csv"
    xlsx_name = "so-lieu.xlsx"

    @staticmethod
    def review_name(review: Review) -> str:
        return f"{review.kind}-{slug(review.month.code)}.pdf"

    def chart(self, programme_id: str, name: str) -> Markup:
        """An inline SVG made by ``prepare`` (the only charts the pages ask for)."""
        return Markup(self.svgs[programme_id][name])

    def table(self, progress: Progress, target_code: str | None = None,
              period: Period | None = None) -> Markup:
        from ..programme.charts import chart_table, period_table

        if target_code is not None:
            return chart_table(progress, target_code).html()
        return period_table(progress, period).html()

    def prepare(self, views: list[View]) -> None:
        """Every chart the views show and every file they link, made or read from the cache."""
        wanted: dict[str, set[str]] = {}
        for view in views:
            if isinstance(view, TrackingView):
                names = wanted.setdefault(view.programme.id, set())
                if isinstance(view, ProgrammeView):
                    names.update(f"small/{t.code}" for t in view.programme.targets.values())
                    names.update(f"period/{view.period.code}" for _ in [0] if view.period)
                elif isinstance(view, TargetView):
                    names.add(f"large/{view.target.code}")
                elif isinstance(view, PeriodView):
                    names.add(f"period/{view.period.code}")
        for programme in self.programmes.public:
            if programme.id in wanted:
                self._prepare(programme, sorted(wanted[programme.id]),
                              [r for r in programme.reviews
                               if r.month.start <= self.programmes.corpus.today])

    def _prepare(self, programme: Programme, names: list[str], reviews: list[Review]) -> None:
        from ..programme import export
        from ..programme.review import review_pdf

        progress = self.programmes.progress[programme.id]
        key = self.key(programme)
        folder = self.folder / programme.id
        index = folder / "charts.json"
        try:
            stored = json.loads(index.read_text("utf-8"))
            svgs = stored["svgs"] if stored.get("key") == key else {}
        except (OSError, ValueError, KeyError, TypeError):
            svgs = {}  # none yet, or a file that cannot be trusted: made again
        missing = [name for name in names if name not in svgs]
        svgs.update(zip(missing, _draw_all(progress, missing)))
        self.made += len(missing)
        self.svgs[programme.id] = svgs
        paths = {}
        files = folder / key[:16]
        makers = {self.csv_name: lambda out: export.export_csv(progress, out),
                  self.xlsx_name: lambda out: export.export_xlsx(progress, out)}
        for review in reviews:
            # Dated the last day of the review's month: the same PDF on every later build.
            makers[self.review_name(review)] = lambda out, r=review: review_pdf(
                progress, r.kind, out, made=min(r.month.end, progress.today))
        for name, make in makers.items():
            path = files / name
            if not path.is_file():
                part = path.with_name(f".{name}.part")
                make(part)
                part.replace(path)  # never a half-written file under its real name
                self.made += 1
            paths[name] = path
        self.paths[programme.id] = paths
        folder.mkdir(parents=True, exist_ok=True)
        part = index.with_name(".charts.json.part")
        part.write_text(json.dumps({"key": key, "svgs": svgs}, ensure_ascii=False), "utf-8")
        part.replace(index)
        for old in folder.iterdir():  # earlier keys' files
            if old.is_dir() and old != files:
                for f in old.iterdir():
                    f.unlink()
                old.rmdir()

    def key(self, programme: Programme) -> str:
        """Everything the programme's charts, files and pages are made of (site/pagecache.py
        keys its tracking pages by it, with the programme's document)."""
        if programme.id not in self._keys:
            self._keys[programme.id] = self._key(programme)
        return self._keys[programme.id]

    def _key(self, programme: Programme) -> str:
        from ..bulletin.cache import code_version, file_digest

        digest = hashlib.sha256(code_version().encode())
        sources = Path(__file__).parent.parent / "programme"
        folder = self.programmes.root / programme.folder
        inputs = [(folder, p) for p in sorted(folder.rglob("*"))] + [
            (sources, p) for p in sorted(sources.glob("*.html"))]
        for base, path in inputs:
            if path.is_file():
                digest.update(path.relative_to(base).as_posix().encode() + file_digest(path))
        # The fonts the charts measure with, and the registry the units' names come from.
        for name in ("co-quan.yml", "dia-ban.yml"):
            digest.update(file_digest(self.programmes.root / "content" / "_du-lieu" / name))
        # The build's day, as far as the files see it: which deadlines have passed (the
        # reports missing, in the XLSX). It changes when a deadline passes, not every day.
        progress = self.programmes.progress[programme.id]
        passed = [s.due for s in progress.submissions if s.due < progress.today]
        digest.update(str(max(passed, default="")).encode())
        return digest.hexdigest()

    def files(self, config) -> list[File]:
        out = []
        for programme_id, paths in self.paths.items():
            for name, path in paths.items():
                out.append(File.generated(config, f"{SECTION}/{programme_id}/{name}",
                                          abs_src_path=str(path)))
        return out

    def size(self, programme_id: str, name: str) -> int:
        return self.paths.get(programme_id, {}).get(name, Path()).stat().st_size \
            if name in self.paths.get(programme_id, {}) else 0


def links_to_tracking(programmes: Programmes) -> dict[str, list[tuple[str, str]]]:
    """Document source -> (URL, words) of the tracking page of each public programme it
    sets out: its page links there."""
    from ..content import CONTENT_DIR

    tracked: dict[str, list[tuple[str, str]]] = {}
    for programme in programmes.public:
        if programme.source:
            tracked.setdefault(f"{CONTENT_DIR}/{programme.source}", []).append(
                (f"{SECTION}/{programme.id}/", f"Các chỉ tiêu của {programme.short_title}: "
                                               "kết quả từng kỳ, đơn vị báo cáo"))
    return tracked


def install(env, programmes: Programmes) -> None:
    """What the tracking templates need besides their view, and the link from a programme's
    document to its tracking page."""
    from ..content import CONTENT_DIR
    from ..programme.charts import number

    corpus = programmes.corpus

    def source_url(source: str) -> str | None:
        item = corpus.by_source.get(f"{CONTENT_DIR}/{source}")
        return item.url if item is not None and item.published else None

    tracked = links_to_tracking(programmes)
    env.globals["tracking_of"] = lambda item: tracked.get(item.source, [])

    env.globals["cell_mark"] = cell_mark
    env.globals["source_url"] = source_url
    env.filters["number"] = number
    env.filters["capitalize_first"] = _upper_first
