"""The three lines we keep (shared/ARCHITECTURE.md) and the one-way layout, checked on the real import graph.

The import graph is parsed from the sources (every import statement, inside
functions too), not listed by hand; what is declared here is only the order
of the stages.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kb.pipeline.fingerprint import build_modules, import_graph, module_path
from tests.conftest import ROOT

PACKAGE = ROOT / "kb"

STAGES: tuple[tuple[str, ...], ...] = (
    ("kb.models", "kb.reference"),  # records and reference data: what every stage shares
    ("kb.corpus",),  # load
    ("kb.segment",),
    ("kb.recognise",),
    ("kb.resolve",),
    ("kb.link",),
    ("kb.store",),
    ("kb.graph",),  # analyse
    ("kb.pipeline",),  # orchestration
    ("kb.datasette",),  # serve
    ("kb.cli", "kb"),  # entry points and the public API
)
"""The data flow's stages in order: a module imports only from its own stage or earlier ones."""

EXTRACTION = STAGES[: STAGES.index(("kb.link",)) + 1]
"""The stages up to ``link``: they return records and never touch the database."""


def _stage(module: str) -> int:
    """The index of the stage a module belongs to (the longest matching prefix)."""
    best: tuple[int, int] | None = None
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    assert best is not None, f"{module} belongs to no stage: add its folder to STAGES"
    return best[0]


def _module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def _parsed_imports(path: Path) -> tuple[set[str], set[str]]:
    """(kb modules, other top-level modules) that a source file imports, from its syntax tree."""
    own: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (own if alias.name.split(".")[0] == "kb" else others).add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "kb":
                others.add(node.module)
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                own.add(sub if module_path(sub) else node.module)
    return own, {name.split(".")[0] for name in others}


SOURCES = sorted(PACKAGE.rglob("*.py"))
PARSED = {_module_name(p): _parsed_imports(p) for p in SOURCES}
GRAPH = nx.DiGraph([(m, target) for m, (own, _) in PARSED.items() for target in own])
GRAPH.add_nodes_from(PARSED)


def test_architecture_fingerprint_scan_matches_the_syntax_tree():
    # the fingerprint scans import lines for speed; it must see exactly the imports the parser sees
    assert import_graph() == {m: own for m, (own, _) in PARSED.items()}


def test_architecture_graph_is_real():
    # a few edges the layout is built on, so that an empty graph cannot pass the checks below
    assert GRAPH.has_edge("kb.pipeline.build", "kb.pipeline.workers")
    assert GRAPH.has_edge("kb.pipeline.workers", "kb.pipeline.extract")
    assert GRAPH.has_edge("kb.segment.sections", "kb.segment.blocks")


def test_architecture_no_import_cycle():
    cycles = list(nx.simple_cycles(GRAPH))
    assert cycles == [], f"import cycles: {cycles}"


@pytest.mark.parametrize("module", sorted(PARSED))
def test_architecture_imports_run_one_way(module):
    stage = _stage(module)
    later = sorted(t for t in PARSED[module][0] if _stage(t) > stage)
    assert later == [], f"{module} imports later stages: {later}"


@pytest.mark.parametrize("module", sorted(m for m in PARSED if _stage(m) < len(EXTRACTION)))
def test_architecture_extraction_never_touches_the_database(module):
    others = PARSED[module][1]
    assert not others & {"sqlite3", "sqlite_utils", "apsw"}, f"{module} imports SQLite"


@pytest.mark.parametrize("module", sorted(PARSED))
def test_architecture_package_holds_no_tooling(module):
    # the benchmark, scorers and README generator live in tools/; labelled fixtures belong to tests/
    assert not PARSED[module][1] & {"tools", "tests", "pytest"}, f"{module} imports tooling"
    path = module_path(module)
    assert path is not None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    assert not [s for s in strings if "README" in s or s in ("tests", "fixtures")], f"{module} reads README.md or tests/"


def test_architecture_build_modules_exclude_serving_and_entry_points():
    modules = build_modules()
    assert "kb.recognise.citations" in modules and "kb.store.schema" in modules and "kb.graph.derive" in modules
    assert not [m for m in modules if m.startswith("kb.datasette") or m in ("kb.cli", "kb", "kb.graph.export")]


def test_architecture_serving_never_loads_the_nlp_pipeline():
    probe = "import sys, kb.datasette, kb.datasette.config; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"
