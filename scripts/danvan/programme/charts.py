"""Static SVG charts of a programme's progress, drawn at build time with matplotlib's SVG
backend (no Agg, no JavaScript to read them).

- Text stays text (``svg.fonttype: none``), in Be Vietnam Pro: matplotlib measures it with
  the bulletin's merged font files (bulletin/fonts.py), and the page or the PDF draws it
  with the same self-hosted font, so a label can be read, found and copied.
- A status never rests on colour alone: each point's shape (a filled circle for đạt, a
  triangle for gần đạt, an open square for chưa đạt), the bars' fill (solid, hatched, open)
  and the words in the legend and beside the last value say it, in greyscale too.
- Every chart carries a <title> and a <desc> (role="img", aria-labelledby) and is inlined
  safely in a page: no XML prolog, no global stylesheet, ids prefixed per chart.
- ``chart_table`` gives the same figures as a table, to print beside the chart for screen
  readers (and for anyone who wants the numbers).
- Charts of illustrative figures say "Số liệu minh họa" in the drawing and in the text
  alternative.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from .. import text
from .aggregate import STATUS_LABELS, Cell, Progress
from .periods import Period

ILLUSTRATIVE = "Số liệu minh họa"
FAMILY = "Be Vietnam Pro"
INK, GREY, RULE, RED = "#000000", "#595959", "#b3b3b3", "#a3161a"
# Status: (colour, marker, fill of the marker, bar hatch). Colours are a help, not the code.
STYLE = {
    "dat": ("#1d6b3a", "o", True, ""),
    "gan-dat": ("#8a5a00", "^", True, "////"),
    "chua-dat": (RED, "s", False, ""),
}


def number(value: float | None, unit: str = "%") -> str:
    """ "87,5%": Vietnamese decimal comma; "—" for no figure."""
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + unit


@lru_cache(maxsize=4)
def _register_fonts(root: str) -> None:
    """Make the design's faces known to matplotlib (merged TrueType files: matplotlib's
    FreeType reads no woff2), once per process."""
    from matplotlib import font_manager

    from ..bulletin.fonts import merged_faces

    for face in merged_faces(Path(root), Path(root) / ".cache" / "bulletins"):
        if face.family == FAMILY:
            font_manager.fontManager.addfont(str(face.path))


SETTINGS = {
    "svg.fonttype": "none", "font.family": FAMILY, "font.size": 9,
    "axes.unicode_minus": False, "axes.edgecolor": RULE, "axes.labelcolor": GREY,
    "xtick.color": GREY, "ytick.color": GREY, "hatch.linewidth": 0.8,
}


def _drawing(function):
    """Run a chart function with the charts' matplotlib settings, restored afterwards
    whatever happens (matplotlib's settings are global to the process)."""
    @functools.wraps(function)
    def wrapper(progress: Progress, *args, **kwargs):
        import matplotlib

        _register_fonts(str(Path(progress.programme.root).resolve()))
        with matplotlib.rc_context(SETTINGS):
            return function(progress, *args, **kwargs)
    return wrapper


def _figure(width: float, height: float, salt: str):
    import matplotlib
    from matplotlib.figure import Figure

    # The ids matplotlib writes are hashes salted with this: the same chart, the same SVG.
    matplotlib.rcParams["svg.hashsalt"] = salt
    return Figure(figsize=(width, height), dpi=72)


def _svg(figure, chart_id: str, title: str, desc: str) -> str:
    """The figure as an SVG fragment to inline, with its text alternative."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # no XML prolog or DOCTYPE inside a page
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib's one stylesheet ("*{stroke-linejoin…}") would style the whole page:
    # the same, as attributes of this drawing only.
    svg = re.sub(r"<style type=\"text/css\">.*?</style>", "", svg, flags=re.S)
    svg = svg.replace("<defs>\n  \n </defs>", "").replace("<defs>\n </defs>", "")
    # Styles as presentation attributes: WeasyPrint reads an inline SVG's style attributes
    # as HTML CSS (and warns at each), and a page's CSP may refuse style attributes.
    svg = _STYLE.sub(_attributes, svg)
    # Ids unique on a page showing several charts.
    svg = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', rf'url(#{chart_id}-\1)', svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{chart_id}-\1"', svg)
    head = (f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            'stroke-linejoin="round" stroke-linecap="butt" class="danvan-chart"')
    svg = svg.replace("<svg", head, 1)
    opening_end = svg.index(">") + 1
    alternative = (f'\n <title id="{chart_id}-title">{escape(title)}</title>'
                   f'\n <desc id="{chart_id}-desc">{escape(desc)}</desc>')
    return text.nfc(svg[:opening_end] + alternative + svg[opening_end:])


_STYLE = re.compile(r' style="([^"]*)"')


def _attributes(match: re.Match) -> str:
    found = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            found.append(f' {name.strip()}="{value.strip()}"')
    return "".join(found)


def _wrap(value: str, width: int) -> str:
    return "\n".join(textwrap.wrap(value, width)) or value


# --- A target over time ----------------------------------------------------------------------


@_drawing
def chart_svg(progress: Progress, target_code: str, small: bool = False,
              until: Period | str | None = None) -> str:
    """A target's figure over the trend's periods: line, target line, each point's status
    by shape. ``small``: for a card (no visible title: the card's heading is its title).
    ``until``: the last period shown (a review shows what was known at its time)."""
    programme = progress.programme
    target = programme.targets[target_code]
    shown = progress.periods_until(until)
    cells = [progress.cell(target_code, p) for p in shown]
    illustrative = programme.illustrative
    width, height = (3.6, 1.9) if small else (7.2, 2.4)
    salt = f"{programme.id}-{target_code}-{shown[-1].code if shown else ''}"
    figure = _figure(width, height, salt)
    ax = figure.add_axes((0.09, 0.21, 0.89, 0.62) if small else (0.075, 0.2, 0.9, 0.53))
    xs = list(range(len(cells)))
    values = [c.value for c in cells]
    ax.plot([x for x, v in zip(xs, values) if v is not None],
            [v for v in values if v is not None], color=GREY, linewidth=1.2, zorder=2)
    for status, (colour, marker, filled, _) in STYLE.items():
        points = [(x, c.value) for x, c in zip(xs, cells) if c.status == status]
        ax.scatter([p[0] for p in points], [p[1] for p in points], marker=marker,
                   s=22 if small else 40, zorder=3, linewidths=1.3, edgecolors=colour,
                   facecolors=colour if filled else "white", label=STATUS_LABELS[status])
    ax.axhline(target.target, color=INK, linewidth=0.9, linestyle=(0, (4, 3)), zorder=1)
    # The target's label on the left, where the line is lowest as a rule.
    ax.text(-0.45, target.target + 2.5, f"Mục tiêu: {target.goal}", ha="left", va="bottom",
            fontsize=6.5 if small else 7.5, color=INK)
    ax.set_ylim(0, 114)
    ticks = [0, 20, 40, 60, 80, 100]
    ax.set_yticks(ticks)
    ax.set_yticklabels([f"{t}%" for t in ticks], fontsize=6.5 if small else 7.5)
    ax.set_xlim(-0.5, max(len(xs), 2) - 0.5)
    step = next(s for s in (1, 2, 3, 4, 6, 12, 24, 60) if len(xs) / s <= (6 if small else 12))
    # Ticks only where a label is: a tick costs matplotlib more than the rest of a small chart.
    ax.set_xticks(xs[::step])
    ax.set_xticklabels([p.short for p in shown[::step]], fontsize=6 if small else 7)
    ax.tick_params(length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color=RULE, linewidth=0.4, zorder=0)
    last = next((c for c in reversed(cells) if c.value is not None), None)
    if last is not None:
        x = shown.index(last.period)
        ax.annotate(f"{number(last.value)} · {last.status_label}", (x, last.value),
                    # Below the point when it is near or over the target line, else above.
                    xytext=(-5, -13 if last.value >= target.target - 15 and last.value > 20
                            else 7), textcoords="offset points",
                    ha="right", fontsize=7 if small else 8, fontweight="bold", color=INK)
    top = 0.985
    if not small:
        figure.text(0.075, top, f"{target.code}. {target.title}", fontsize=10.5,
                    fontweight="bold", va="top", color=INK)
        figure.text(0.075, top - 0.1, f"{kind_phrase(target).capitalize()} ({target.unit}); "
                    f"mục tiêu {target.goal} đến {text.format_date_short(target.deadline)}",
                    fontsize=7.5, color=GREY, va="top")
    # The legend: shapes with their words, above the plot (never over a point).
    figure.legend(*ax.get_legend_handles_labels(), loc="lower right",
                  bbox_to_anchor=(0.985, 0.83 if small else 0.745), ncol=3,
                  fontsize=6.5 if small else 7.5, frameon=False, handletextpad=0.2,
                  columnspacing=0.9, borderaxespad=0)
    if illustrative:
        figure.text(0.985, top if not small else 0.99, ILLUSTRATIVE.upper(), ha="right",
                    va="top", fontsize=6.5 if small else 7.5, fontweight="bold", color=RED)
    title = f"{target.code}. {target.title}: {kind_phrase(target)} qua các kỳ"
    chart_id = f"bd-{programme.id}-{target.code.lower()}-{shown[-1].code.lower() if shown else ''}"
    return _svg(figure, chart_id + ("-nho" if small else ""), title,
                _describe(progress, target_code, cells, illustrative))


def kind_phrase(target) -> str:
    return "tỷ lệ đơn vị đạt" if target.kind == "share" else "tỷ lệ bình quân"


def _describe(progress: Progress, target_code: str, cells: list[Cell], illustrative: bool) -> str:
    target = progress.programme.targets[target_code]
    shown = [c for c in cells if c.value is not None]
    parts = [f"Biểu đồ đường, {kind_phrase(target)} của chỉ tiêu {target.code} "
             f"qua {len(cells)} kỳ, từ {cells[0].period.label} đến {cells[-1].period.label}; "
             f"mục tiêu {target.goal}."]
    if shown:
        first, last = shown[0], shown[-1]
        parts.append(f"{first.period.title}: {number(first.value)}, {first.status_label.lower()}. "
                     f"{last.period.title}: {number(last.value)}, {last.status_label.lower()}.")
        reached = next((c for c in shown if c.status == "dat"), None)
        parts.append(f"Đạt mục tiêu từ {reached.period.label}." if reached
                     else "Chưa kỳ nào đạt mục tiêu.")
    else:
        parts.append("Chưa có số liệu.")
    if illustrative:
        parts.append(ILLUSTRATIVE + ".")
    return " ".join(parts)


# --- Every target in one period --------------------------------------------------------------


@_drawing
def period_chart_svg(progress: Progress, period: Period | str) -> str:
    """Every target in one period, as bars against their targets, each with its value and
    status in words."""
    programme = progress.programme
    cells = progress.at(period)
    period = cells[0].period
    rows = len(cells)
    height = 0.8 + 0.3 * rows
    figure = _figure(7.2, height, f"{programme.id}-{period.code}")
    bottom, top = 0.32 / height, 1 - 0.58 / height
    ax = figure.add_axes((0.43, bottom, 0.42, top - bottom))
    ys = list(range(rows))[::-1]
    for y, cell in zip(ys, cells):
        status = cell.status
        if cell.value is not None:
            colour, _, filled, hatch = STYLE[status]
            ax.barh(y, cell.value, height=0.6, color=colour if filled and not hatch else "white",
                    edgecolor=colour, hatch=hatch or None, linewidth=1.0, zorder=2)
        ax.plot([cell.target.target] * 2, [y - 0.42, y + 0.42], color=INK, linewidth=1.4, zorder=3)
        ax.text(101, y, f"{number(cell.value)} · {cell.status_label}", va="center", ha="left",
                fontsize=8, fontweight="bold", color=INK, clip_on=False)
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(f"{c.target.code}. {c.target.title}", 44) for c in cells],
                       fontsize=7.5, color=INK, linespacing=1.05)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xticklabels([f"{t}%" for t in (0, 20, 40, 60, 80, 100)], fontsize=7.5)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.tick_params(length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color=RULE, linewidth=0.4, zorder=0)
    figure.text(0.02, 0.985, f"Kết quả các chỉ tiêu, {period.label}", fontsize=11,
                fontweight="bold", va="top", color=INK)
    figure.text(0.02, 0.985 - 0.26 / height,
                "Vạch đen: mức mục tiêu. Cột đặc: đạt; cột gạch chéo: gần đạt (cách mục tiêu "
                "không quá 10 điểm); cột rỗng: chưa đạt.", fontsize=7, color=GREY, va="top")
    if programme.illustrative:
        figure.text(0.99, 0.985, ILLUSTRATIVE.upper(), ha="right", va="top", fontsize=8,
                    fontweight="bold", color=RED)
    summary = "; ".join(f"{c.target.code} {number(c.value)}, {c.status_label.lower()} "
                        f"(mục tiêu {c.target.goal})" for c in cells)
    desc = (f"Biểu đồ cột ngang, kết quả {rows} chỉ tiêu {period.label}: {summary}."
            + (f" {ILLUSTRATIVE}." if programme.illustrative else ""))
    return _svg(figure, f"bd-{programme.id}-{period.code.lower()}",
                f"Kết quả các chỉ tiêu của {programme.short_title}, {period.label}", desc)


# --- The figures as a table ------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]

    def html(self) -> Markup:
        """A plain, escaped <table> with a caption and header cells for each row."""
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>" + f'<th scope="row">{escape(row[0])}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>"
            for row in self.rows)
        return Markup(f'<table class="danvan-chart-data"><caption>{escape(self.caption)}'
                      f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def chart_table(progress: Progress, target_code: str) -> Table:
    """The figures of ``chart_svg``, one row per period."""
    target = progress.programme.targets[target_code]
    caption = f"Số liệu của biểu đồ: {target.code}. {target.title} (mục tiêu {target.goal})"
    if progress.programme.illustrative:
        caption += f". {ILLUSTRATIVE}"
    rows = []
    for cell in progress.trend(target_code):
        rows.append([cell.period.title, number(cell.value), cell.status_label,
                     number(cell.distance, " điểm") if cell.distance else "—",
                     f"{len(cell.met)}/{len(cell.applicable)}",
                     str(len(cell.no_data))])
    return Table(caption, ["Kỳ", "Kết quả", "Đánh giá", "Còn cách mục tiêu",
                           "Đơn vị đạt / phải thực hiện", "Đơn vị chưa có số liệu"], rows)


def period_table(progress: Progress, period: Period | str) -> Table:
    """The figures of ``period_chart_svg``, one row per target."""
    cells = progress.at(period)
    caption = f"Kết quả các chỉ tiêu, {cells[0].period.label}"
    if progress.programme.illustrative:
        caption += f". {ILLUSTRATIVE}"
    rows = [[f"{c.target.code}. {c.target.title}", c.target.goal, number(c.value),
             c.status_label, number(c.distance, " điểm") if c.distance else "—",
             f"{len(c.met)}/{len(c.applicable)}"] for c in cells]
    return Table(caption, ["Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá", "Còn cách mục tiêu",
                           "Đơn vị đạt / phải thực hiện"], rows)
