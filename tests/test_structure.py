"""The package's shape: no import cycle, and the bulletin stands alone (it never imports
the MkDocs adapter, nor MkDocs itself)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

from builders import REPO

PACKAGE = REPO / "scripts" / "danvan"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every module of the package -> the modules it imports, at any depth of its code
    (an import inside a function is still a dependency), package modules and others."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                found.add(base)
                # "from . import text" names a module, not an attribute.
                found |= {f"{base}.{a.name}" for a in node.names
                          if (PACKAGE.parent / f"{base}.{a.name}".replace(".", "/")).with_suffix(
                              ".py").is_file()}
        graph[name] = {m for m in found if m != name}
    return graph


def _internal(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: {d for d in deps if d in graph and not m.startswith(d + ".")}
            for m, deps in graph.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_walk_sees_the_known_edges():
    graph = imports()
    assert "danvan.content" in graph["danvan.site.plugin"]
    assert "danvan.text" in graph["danvan.bulletin.render"]
    assert "mkdocs.structure.files" in graph["danvan.site.compat"]


def test_no_import_cycle():
    assert cycles(_internal(imports())) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_bulletin_imports_neither_the_site_adapter_nor_mkdocs():
    graph = imports()
    reach: dict[str, set[str]] = {}

    def closure(module: str) -> set[str]:
        if module not in reach:
            reach[module] = set()
            for dep in graph.get(module, ()):
                reach[module] |= {dep} | closure(dep)
        return reach[module]

    for module in [m for m in graph if m.startswith("danvan.bulletin")]:
        bad = sorted(d for d in closure(module)
                     if d.startswith(("danvan.site", "mkdocs", "material")))
        assert bad == [], f"{module} reaches {bad}"


def test_danvan_ban_tin_runs_without_importing_mkdocs(tmp_path):
    """The real command on a project without issues: it loads the content, reads mkdocs.yml
    as YAML, and never imports MkDocs or Material."""
    from builders import Project, article

    project = Project(tmp_path / "project")
    project.write("content/tin-tuc/a.md", article("Bài"))
    script = textwrap.dedent("""
        import sys
        from danvan.cli import main
        try:
            main(["ban-tin", "--today", "2026-11-27"], standalone_mode=False)
        finally:
            print("MKDOCS" if any(m.split(".")[0] in ("mkdocs", "material")
                                  for m in sys.modules) else "NO-MKDOCS")
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=project.root, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "0 số bản tin" in run.stdout and run.stdout.strip().endswith("NO-MKDOCS")


def test_only_the_compatibility_layer_imports_mkdocs_or_material():
    graph = imports()
    direct = {m: sorted(d for d in deps if d.split(".")[0] in ("mkdocs", "material", "properdocs"))
              for m, deps in graph.items()}
    assert {m for m, deps in direct.items() if deps} == {"danvan.site.compat"}


def test_a_new_content_type_is_one_registry_entry(tmp_path, monkeypatch):
    """A type added to the registry alone (the targets dashboard will add one) is read from
    its folder, gets its URLs, page template, label, search record and feed."""
    import datetime as dt
    from pathlib import Path

    from builders import Project, article

    from danvan import content_types
    from danvan.build import build_site
    from danvan.schema import Article

    monkeypatch.setitem(content_types.TYPES, "target", content_types.ContentType(
        "target", "Chỉ tiêu", "Chỉ tiêu của Đề án", Article, "content", "content/chi-tieu/",
        section="chi-tieu", url_prefix="chi-tieu", template="article.html",
        feed="chi-tieu/feed.xml", feed_title="Chỉ tiêu", in_site_feed=True))
    project = Project(tmp_path / "project")
    project.write("content/chi-tieu/muc-tieu-mot.md", article("Mục tiêu một của Đề án"))
    assert build_site(project.root, Path("mkdocs.yml"), Path("site"), dt.date(2026, 11, 27)) == 0
    site = project.root / "site"
    assert "Mục tiêu một của Đề án" in (site / "chi-tieu/muc-tieu-mot/index.html").read_text()
    assert "muc-tieu-mot" in (site / "chi-tieu/feed.xml").read_text()
    records = b"".join(p.read_bytes() for p in (site / "tim-kiem").rglob("*.json"))
    assert "Chỉ tiêu".encode() in records


def test_the_bulletin_cache_key_hashes_every_module_the_bulletin_reaches():
    from danvan.bulletin import cache

    graph = imports()
    reach: set[str] = set()
    todo = [m for m in graph if m.startswith("danvan.bulletin")]
    while todo:
        module = todo.pop()
        for dep in graph.get(module, ()):
            if dep in graph and dep not in reach:
                reach.add(dep)
                todo.append(dep)
    hashed = {_module(p) for p in cache.code_files()}
    assert {"danvan.sanitize", "danvan.markup", "danvan.schema"} <= reach
    assert reach - hashed == set()
