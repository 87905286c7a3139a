"""The site builds the same on MkDocs 1.6.1 and on ProperDocs 1.6.7 (site/compat.py).

The sample site is built once with each, in its own process (the engine is chosen when
site/compat.py is first imported), and every output file is compared. The one difference
allowed is the generator Material names in each page's <meta name="generator">.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from builders import REPO, tree

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(engine: str, out) -> None:
    env = {**os.environ, "DANVAN_ENGINE": engine}
    done = subprocess.run([sys.executable, "-m", "danvan.cli", "build", "--today", "2026-11-27",
                           "--out", str(out)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.slow
def test_properdocs_builds_the_sample_site_as_mkdocs_does(tmp_path):
    pytest.importorskip("properdocs")
    build("mkdocs", tmp_path / "mkdocs")
    build("properdocs", tmp_path / "properdocs")
    first, second = tree(tmp_path / "mkdocs"), tree(tmp_path / "properdocs")
    assert sorted(first) == sorted(second)
    generators = set()
    for name, data in first.items():
        if data != second[name]:
            found = GENERATOR.findall(data) + GENERATOR.findall(second[name])
            generators.update(found)
            assert GENERATOR.sub(b"", data) == GENERATOR.sub(b"", second[name]), name
    assert generators == {b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">',
                          b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, '
                          b'mkdocs-material-9.8.2">'}


def test_an_unknown_engine_is_named_in_vietnamese():
    env = {**os.environ, "DANVAN_ENGINE": "hugo"}
    done = subprocess.run([sys.executable, "-c", "import danvan.site.compat"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "DANVAN_ENGINE=hugo không được hỗ trợ" in done.stderr
