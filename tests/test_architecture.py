"""docs/architecture.md stays true: what it names exists, and the import graph has no cycle."""

from __future__ import annotations

import ast
import importlib
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PATH = re.compile(r"`((?:hrgraph|queries|ontology|graph|tests)/[\w./*-]*)`")
NAME_IN_MODULE = re.compile(r"`(\w+)` (?:of|in) `(hrgraph/[\w/]+)\.py`")


def test_every_module_and_file_the_page_names_exists() -> None:
    named = set(PATH.findall(DOC))
    assert len(named) > 25
    missing = [path for path in sorted(named) if not any(ROOT.glob(path))]
    assert missing == []


def test_every_name_the_page_places_in_a_module_is_there() -> None:
    placed = NAME_IN_MODULE.findall(DOC)
    assert len(placed) >= 6
    absent = [f"{name} in {module}" for name, module in placed
              if not hasattr(importlib.import_module(module.replace("/", ".")), name)]
    assert absent == []


def imports() -> dict[str, set[str]]:
    """Each module of the package, with the modules of the package it imports (anywhere in it)."""
    modules = {}
    for path in (ROOT / "hrgraph").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def test_the_import_graph_has_no_cycle() -> None:
    """The package's __init__ included: a cycle means two modules that cannot be read apart."""
    graph = imports()
    assert {"hrgraph", "hrgraph.load", "hrgraph.rdf.store"} <= set(graph)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None
