"""Every published issue, built for one run: the PDFs (from the cache when unchanged), and
the print shop's folder, which holds exactly the published issues' print editions.

``danvan ban-tin`` uses this alone; the site adds its pages on top (site/bulletins.py).
Neither MkDocs nor its configuration objects are needed: ``Options`` reads what it needs
from mkdocs.yml as plain YAML.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from .. import markup
from ..content import Corpus, Item
from . import build
from .booklet import DEFAULT_CREEP_MM
from .profile import DEFAULT_ICC

ARCHIVE = "ban-tin"  # the issues' pages are ban-tin/<year>/so-NN/ (content.Item.url)


@dataclass(frozen=True)
class Options:
    """The bulletin's settings: the plugin's ``bulletin_*`` options in mkdocs.yml."""

    print_dir: str = "build/in-an"  # print editions and booklets, never published
    cache_dir: str = ".cache/bulletins"
    publish_print: bool = False  # also put the print editions on the site
    icc: str | None = None  # the print shop's CMYK profile (.icc)
    booklet_sheet: str | None = None  # the booklet's sheet (SRA3, A3…; default by trim)
    creep: float = DEFAULT_CREEP_MM  # the booklet's creep, mm per sheet
    strict_layout: bool = False  # a problem of the layout report fails the build (report.py)
    site_url: str = ""

    @classmethod
    def from_config_file(cls, path: Path) -> "Options":
        """Read mkdocs.yml without MkDocs: `!ENV` values as MkDocs reads them (with the
        same library, pyyaml_env_tag), other tags ignored; an INHERIT is not followed."""
        from yaml_env_tag import construct_env_tag

        class Plain(yaml.SafeLoader):
            pass

        Plain.add_constructor("!ENV", construct_env_tag)
        Plain.add_multi_constructor("", lambda loader, suffix, node: None)
        data = yaml.load(path.read_text("utf-8"), Loader=Plain) or {}
        found: dict = {}
        for plugin in data.get("plugins") or []:
            if isinstance(plugin, dict) and isinstance(plugin.get("danvan"), dict):
                found = plugin["danvan"]
        names = {f.name for f in fields(cls)} - {"site_url"}
        values = {k.removeprefix("bulletin_"): v for k, v in found.items()
                  if k.startswith("bulletin_") and k.removeprefix("bulletin_") in names}
        return cls(**values, site_url=str(data.get("site_url") or ""))


class Issues:
    """The published issues' PDFs, built (or taken from the cache) when created."""

    def __init__(self, corpus: Corpus, options: Options, root: Path, defer: bool = False):
        """``defer``: the live preview's (build.build_issues)."""
        self.corpus, self.options, self.root = corpus, options, root
        self.result = build.build_issues(
            corpus, markdown=markup.settings(), site_url=options.site_url,
            cache_dir=root / options.cache_dir,
            icc=Path(options.icc) if options.icc else DEFAULT_ICC,
            booklet_sheet=options.booklet_sheet, creep=options.creep,
            strict_layout=options.strict_layout, defer=defer)
        self.issues = [i for i in corpus.of_kind("bulletin") if i.source in self.result.outputs]

    def output(self, issue: Item):
        return self.result.outputs[issue.source]

    def layout_reports(self) -> str:
        """Every issue's layout report (report.py), as ``danvan ban-tin`` prints it."""
        return layout_reports(self.result.outputs.values())


    def publish_print(self) -> Path:
        """Copy the print editions and booklets to the print folder (never the public site).

        The folder then holds exactly the published issues' PDFs: one left from an issue
        since withdrawn (made a draft again, or deleted) is removed."""
        target = self.root / self.options.print_dir
        wanted: set[Path] = set()
        for issue in self.issues:
            out = self.output(issue)
            folder = target / issue.url.removeprefix(f"{ARCHIVE}/")
            folder.mkdir(parents=True, exist_ok=True)
            for path, name in ((out.print, f"{out.stem}-ban-in.pdf"),
                               (out.booklet, f"{out.stem}-ban-gap.pdf")):
                if not path.is_file():  # no booklet: its sheet is too small (a warning)
                    continue
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


def layout_reports(outputs) -> str:
    return "\n\n".join(f"Bố cục bản in {out.source} ({out.layout.summary()}):\n"
                       f"{out.layout.table()}" for out in sorted(outputs, key=lambda o: o.source)
                       if out.layout is not None)
