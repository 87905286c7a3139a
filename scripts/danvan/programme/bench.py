"""Benchmark of programme tracking (printed figures, not a test).

    python -m danvan.programme.bench                    # 200 units × 12 months × 5 years
    python -m danvan.programme.bench --units 5 --years 1  # a smoke run

A programme with the Đề án's seven targets, ``units`` reporting units (sở, ban, ngành and
the province's huyện) and one YAML report per unit and month over ``years`` years is
written to a temporary folder; then it is read and validated (every file, as the build
does), aggregated (every target in every month, late and missing reports), its charts
drawn (a large and a card chart per target, and one chart of every target in the last
month) and its figures exported (CSV, XLSX). The writing is not timed; the fonts are merged
once before (they are cached across builds, as for the bulletin). Target: under 10 s for
12,000 reports on the 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "content/_du-lieu/chuong-trinh/de-an-02-da-tu/chuong-trinh.yml"
DISTRICTS = ["huyện Văn Lâm", "huyện Văn Giang", "huyện Yên Mỹ", "huyện Khoái Châu",
             "huyện Ân Thi", "huyện Kim Động", "huyện Tiên Lữ", "huyện Phù Cừ",
             "thành phố Hưng Yên", "huyện Mỹ Hào"]
TODAY = dt.date(2026, 11, 27)


def make_programme(root: Path, units: int, years: int) -> int:
    """Write the project and the programme; returns the number of report files."""
    data_dir = root / "content" / "_du-lieu"
    data_dir.mkdir(parents=True)
    for name in ("co-quan.yml", "danh-muc.yml", "dia-ban.yml"):
        shutil.copy(REPO / "content" / "_du-lieu" / name, data_dir / name)
    # The fonts: the project's (node_modules) and its cache of merged faces.
    (root / "node_modules").symlink_to(REPO / "node_modules")
    (root / ".cache" / "bulletins").mkdir(parents=True)
    fonts = REPO / ".cache" / "bulletins" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    (root / ".cache" / "bulletins" / "fonts").symlink_to(fonts)
    sample = yaml.safe_load(SAMPLE.read_text("utf-8"))
    first = 2016
    spec = {
        "id": "bench", "title": "Chương trình thử hiệu năng", "short_title": "Chương trình thử",
        "status": "published",
        "document": "02-ĐA/TU", "document_date": dt.date(first - 1, 12, 1),
        "start": dt.date(first, 1, 1), "end": dt.date(first + years - 1, 12, 31),
        "reporting": {"required": ["thang"], "due_days": 10, "trend": "thang"},
        "targets": [{k: v for k, v in t.items()} for t in sample["targets"]],
        "units": [],
    }
    for n in range(units):
        if n < len(DISTRICTS) and units >= 20:
            spec["units"].append({"code": f"dv-{n:03d}", "name": f"UBND {DISTRICTS[n]}",
                                  "kind": "huyen", "locality": DISTRICTS[n]})
        else:
            spec["units"].append({"code": f"dv-{n:03d}", "name": f"Sở, ngành thử số {n}",
                                  "kind": "so-ban-nganh"})
    folder = root / "content/_du-lieu/chuong-trinh/bench"
    (folder / "bao-cao").mkdir(parents=True)
    (folder / "chuong-trinh.yml").write_text(yaml.safe_dump(spec, allow_unicode=True,
                                                            sort_keys=False), "utf-8")
    rng = random.Random(2016)
    count = 0
    for unit in spec["units"]:
        kinds = {t["code"] for t in spec["targets"]
                 if unit["kind"] in t.get("applies_to", ["so-ban-nganh", "huyen", "xa-phuong"])}
        unit_dir = folder / "bao-cao" / unit["code"]
        unit_dir.mkdir()
        start = {code: rng.randrange(0, 12 * years) for code in kinds}
        rate = rng.uniform(55, 75)
        for year in range(first, first + years):
            for month in range(1, 13):
                index = (year - first) * 12 + month - 1
                rate = min(100.0, rate + rng.uniform(-0.5, 1.2))
                late = rng.random() < 0.03
                sent = dt.date(year, month, 28) + dt.timedelta(days=rng.randrange(3, 9)
                                                                + (25 if late else 0))
                lines = ["illustrative: true", f"unit: {unit['code']}",
                         f"period: {year}-T{month:02d}", f"submitted: {sent.isoformat()}",
                         "values:"]
                for code in sorted(kinds):
                    if code == "CT7":
                        lines.append(f"  {code}: {rate:.1f}")
                    else:
                        lines.append(f"  {code}: {'đạt' if index >= start[code] else 'chưa đạt'}")
                if rng.random() < 0.01:  # a missing report now and then
                    continue
                (unit_dir / f"{year}-T{month:02d}.yml").write_text("\n".join(lines) + "\n",
                                                                   "utf-8")
                count += 1
    return count


def run(units: int, years: int, pdf: bool) -> dict[str, float]:
    from danvan.bulletin.fonts import merged_faces

    from . import aggregate, chart_svg, export_csv, export_xlsx, load_programme, period_chart_svg

    merged_faces(REPO, REPO / ".cache" / "bulletins")  # once, cached (not timed)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="danvan-ctr-") as tmp:
        root = Path(tmp)
        figures["reports"] = make_programme(root, units, years)
        started = time.perf_counter()
        cpu = os.times()
        programme = load_programme(root, "bench")
        figures["read s"] = time.perf_counter() - started
        errors = programme.errors
        if errors:
            raise SystemExit("\n".join(str(p) for p in errors[:10]))
        mark = time.perf_counter()
        progress = aggregate(programme, TODAY)
        for code in programme.targets:
            progress.trend(code)
        warnings = len(progress.problems)
        figures["aggregate s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        charts = [chart_svg(progress, code) for code in programme.targets]
        charts += [chart_svg(progress, code, small=True) for code in programme.targets]
        charts.append(period_chart_svg(progress, progress.last_period))
        figures["charts s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        export_csv(progress, root / "out" / "so-lieu.csv")
        export_xlsx(progress, root / "out" / "so-lieu.xlsx")
        figures["export s"] = time.perf_counter() - mark
        figures["total s"] = time.perf_counter() - started
        after = os.times()
        figures["cpu s"] = (after.user - cpu.user) + (after.children_user - cpu.children_user) + \
            (after.system - cpu.system) + (after.children_system - cpu.children_system)
        figures["charts"] = len(charts)
        figures["chart KB"] = sum(len(c.encode()) for c in charts) / len(charts) / 1024
        figures["warnings"] = warnings
        # What the site's tracking pages need (site/tracking.py): every view, and every
        # chart and download they show, made cold, then again from the cache.
        from types import SimpleNamespace

        from ..site import tracking

        mark = time.perf_counter()
        found = tracking.Programmes(SimpleNamespace(today=TODAY), root, [programme],
                                    {programme.id: progress})
        store = tracking.Charts(found, root / tracking.CACHE)
        views = tracking.views(found, store)
        store.prepare(views)
        figures["pages s"] = time.perf_counter() - mark
        figures["pages"] = len(views)
        figures["page charts"] = store.made
        mark = time.perf_counter()
        again = tracking.Charts(found, root / tracking.CACHE)
        again.prepare(tracking.views(found, again))
        figures["pages cached s"] = time.perf_counter() - mark
        # What a cold site build spends on the programme: read, aggregate, pages' figures.
        figures["site cold s"] = figures["read s"] + figures["aggregate s"] + figures["pages s"]
        if pdf:
            from .review import review_pdf

            mark = time.perf_counter()
            review_pdf(progress, progress.last_period, root / "out" / "so-ket.pdf", made=TODAY)
            figures["review PDF s"] = time.perf_counter() - mark
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also time the review PDF")
    args = parser.parse_args(argv)
    figures = run(args.units, args.years, args.pdf)
    print(f"Theo dõi chương trình: {args.units} đơn vị × 12 tháng × {args.years} năm")
    for name, value in figures.items():
        print(f"  {name:14} {value:10.2f}" if isinstance(value, float) else
              f"  {name:14} {value:10d}")


if __name__ == "__main__":
    main()
