"""Fuzzing the loader: front matter and bodies an editor (or a broken editor tool) could
write. Whatever the file holds, ``content.load`` returns, quickly, and every problem it
reports is a Vietnamese error or warning, never an exception."""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta

import pytest
import yaml
from builders import Project, article
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from danvan import content
from danvan.problems import Problem
from danvan.content_types import TYPES
from danvan.schema import Colophon, Figure, IssueCover, IssueEntry, IssueSection, Photo

TODAY = dt.date(2026, 11, 27)

# Where a fuzzed file goes: one source of each content type.
TARGETS = ["content/tin-tuc/fuzz.md", "content/huong-dan/fuzz.md", "content/van-ban/fuzz.md",
           "content/gioi-thieu/fuzz.md", "models_gallery/fuzz/index.md",
           "bulletins/2026/so-09.md"]


def _names(*schemas) -> list[str]:
    return sorted({f.alias or name for schema in schemas for name, f in schema.model_fields.items()})


KEYS = _names(*(t.schema for t in TYPES.values()), Photo, Figure, IssueCover, IssueEntry, IssueSection, Colophon)
VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
              "ùúủũụừứửữựỳýỷỹỵĐÐð")
SPECIAL = "&*<>{}[]:|#!%@`'\",-?~\\=+/ \t"
ODD_STRINGS = ["2016-13-45", "2016-02-30", "30/02/2026", "0000-00-00", "9999-99-99", "1e400",
               "-.inf", ".nan", "0x1F", "0o17", "~", "null", "yes", "no", "on", "off", "",
               "../../../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "https://e.x/a.jpg",
               "javascript:alert(1)", "<script>alert(1)</script>", "&a", "*a", "!!binary AAAA",
               "02-ĐA/TU", "02-ÐA/TU", "huyện Văn Lâm", "huyện Ðông Hưng", "anh-1.jpg", "hoat-dong",
               "kinh-te", "published", "draft", "internal", "secret", "unclassified", "a4",
               "content/tin-tuc/fuzz.md", "\u202eRTL", "\ufeffBOM", "x" * 5000]

text = st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + SPECIAL + "0123456789"),
               max_size=40) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
scalars = st.one_of(
    text, st.sampled_from(ODD_STRINGS), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(100, 3000)))
keys = st.sampled_from(KEYS) | text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=12)
front_matters = st.dictionaries(keys, values, max_size=14)

SNIPPETS = ["&a ", "*a", "<<: *a\n", "{", "}", "[", "]", ": ", "\t", "- ", "? ", "|", ">", "'",
            '"', "#", "%YAML 1.1\n", "---\n", "...\n", "\x00", "\ufeff", "\r", "&x [1, 2]\n",
            "title: x\n", "title: y\n", "!!python/object/apply:os.system [true]\n", "!!set {a}\n",
            "\n  - ", ":\n", "date: 2016-13-45\n", "cover:\n  image: ../../x.jpg\n"]
# Whole lines a hostile file may hold: deep nesting, anchors and aliases, merge keys,
# complex keys, explicit tags. Inserted at the start of a line, often.
NASTY = ["tags: " + "[" * 3000 + "]" * 3000 + "\n", "tags: " + "[" * 3000 + "\n",
         "cover: " + "{a: " * 1500 + "\n", "x: &a [1, 2]\ny: *a\n", "tags: &a [x]\n",
         "summary: *nope\n", "<<: {title: x}\n",
         "a: &a [l, l]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\ntags: [*c, *c, *c]\n",
         "? [a, b]\n: c\n", "date: !!timestamp 2016-13-45\n", "number: !!int abc\n",
         "title: !!binary AAAA\n", "tags: !!set {a, b}\n", "title: x\ntitle: y\n",
         "cover:\n  alt: a\n  alt: b\n"]


def _dump(data: dict, flow: bool) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False,
                              width=80)
    except yaml.YAMLError:
        return "title: x\n"


def _mutate(source: str, seed: int, count: int) -> str:
    rng = random.Random(seed)
    for _ in range(count):
        where = rng.randint(0, len(source))
        action = rng.randrange(4)
        if action == 0:
            source = source[:where] + rng.choice(SNIPPETS) + source[where:]
        elif action == 1:
            source = source[:where] + source[where + rng.randint(1, 8):]
        elif action == 2:
            lines = source.split("\n")
            n = rng.randrange(len(lines))
            lines.insert(n, lines[n])
            source = "\n".join(lines)
        else:
            source = source[:where] + " " * rng.randint(1, 4) + source[where:]
    return source


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("fuzz") / "project")
    project.write("content/tin-tuc/co-dinh.md", article("Bài cố định"))
    project.write("models_gallery/fuzz/anh-1.jpg", b"\xff\xd8\xff\xd9")
    content.load(project.root, TODAY)  # warm up: imports, ICU, data files
    return project


def _load_once(project: Project, target: str, data: bytes) -> None:
    for rel in TARGETS:
        (project.root / rel).unlink(missing_ok=True)
    path = project.root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    corpus = content.load(project.root, TODAY)
    for problem in corpus.collector.problems:
        assert isinstance(problem, Problem), problem
        assert str(problem).startswith(("Lỗi – ", "Cảnh báo – ")), str(problem)
        str(problem).encode("utf-8")
    for problem in corpus.collector.errors:
        assert not problem.warning


# No shrinking: a failing example is reported as found (shrinking a loader that recurses
# or blows up takes minutes; the run must stay under a minute).
COMMON = dict(derandomize=True, database=None, deadline=timedelta(seconds=5),
              phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example,
                                     HealthCheck.filter_too_much])


@settings(max_examples=150, **COMMON)
@given(data=front_matters, target=st.sampled_from(TARGETS), flow=st.booleans(),
       mutations=st.integers(0, 4), seed=st.integers(0, 2**32 - 1),
       closing=st.sampled_from(["---\n", "---\n", "---\n", "...\n", ""]),
       nasty=st.sampled_from([None, None] + NASTY),
       raw_byte=st.sampled_from([None, None, None, b"\xff", b"\xc3", b"\xef\xbb\xbf"]))
def test_any_front_matter_loads_into_problems(fuzz_project, data, target, flow, mutations, seed,
                                              closing, nasty, raw_byte):
    source = _mutate(_dump(data, flow), seed, mutations)
    if nasty is not None:
        lines = source.split("\n")
        lines.insert(random.Random(seed).randint(0, len(lines)), nasty.rstrip("\n"))
        source = "\n".join(lines)
    encoded = ("---\n" + source + closing + "\nNội dung thử.\n").encode("utf-8")
    if raw_byte is not None:
        where = random.Random(seed).randint(0, len(encoded))
        encoded = encoded[:where] + raw_byte + encoded[where:]
    _load_once(fuzz_project, target, encoded)


TARGETS_IN_BODY = ["../../../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
                   "javascript:alert(1)", "anh/khong-co.png", "https://example.com/", "", " ", "<",
                   "a b.pdf", "%2e%2e/%2e%2e/x.pdf", "data:text/html,x", "#", "?q=1",
                   "mailto:a@b", "co-dinh.md", "co-dinh.md#muc", "../van-ban/khong-co.md",
                   "tep/x.js", "tep/x.svg", "//evil.example/x.png", "\\\\server\\share\\x.pdf"]
BODY_FORMS = ["[x]({t})", "![x]({t})", '<a href="{t}">x</a>', "<a href='{t}'>x</a>",
              "<a href={t}>x</a>", '<img src="{t}" alt="x">', '<img srcset="{t} 2x" alt="x">',
              "[x][r]\n\n[r]: {t}", "{: onclick=\"{t}\" }", "<{t}>", "`{t}`", "```\n{t}\n```"]


@settings(max_examples=60, **COMMON)
@given(parts=st.lists(st.tuples(st.sampled_from(BODY_FORMS), st.sampled_from(TARGETS_IN_BODY)
                                | text), max_size=6),
       noise=st.lists(text, max_size=3))
def test_any_body_loads_into_problems(fuzz_project, parts, noise):
    body = "\n\n".join([form.replace("{t}", target) for form, target in parts] + noise)
    _load_once(fuzz_project, "content/tin-tuc/fuzz.md",
               (article("Bài thử") + "\n" + body + "\n").encode("utf-8"))
