"""The synthetic-graph generator and the scale benchmark: valid data that the named queries find
answers in, and a benchmark that runs end to end. No timing is asserted: the machine may be shared."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph

import hrgraph
from hrgraph.sparql import library, run_query
from hrgraph.validate import validate

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
#: Queries that by nature find nothing in valid data: it is an ASK that is true only for unsourced facts.
NO_ANSWER = {"has-unsourced-facts"}


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _module("synthetic")


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.write(10_000, tmp_path_factory.mktemp("synthetic"))[0]


@pytest.fixture(scope="module")
def in_memory(ten_thousand: Path) -> Graph:
    return hrgraph.load([ten_thousand], store="memory")


@pytest.fixture(scope="module")
def in_oxigraph(ten_thousand: Path) -> Graph:
    """The faster store for the 32 queries; they only read it."""
    return hrgraph.load([ten_thousand], store="oxigraph")


def test_the_same_seed_gives_the_same_bytes() -> None:
    first = synthetic.generate(6_000, seed=3)
    assert synthetic.generate(6_000, seed=3) == first
    assert synthetic.generate(6_000, seed=4) != first


def test_turtle_and_ntriples_hold_the_same_triples() -> None:
    turtle = Graph().parse(data=synthetic.generate(6_000), format="turtle")
    ntriples = Graph().parse(data=synthetic.generate(6_000, rdf_format="nt"), format="nt")
    assert set(turtle) == set(ntriples)


def test_a_size_below_the_seed_era_graph_is_refused() -> None:
    with pytest.raises(ValueError, match="seed-era graph"):
        synthetic.generate(2_000)


def test_ten_thousand_triples_within_five_percent(ten_thousand: Path) -> None:
    data = hrgraph.load([ten_thousand], ontology=False, store="memory")
    assert abs(len(data) - 10_000) <= 500


def test_synthetic_data_conforms_to_the_shapes(in_memory: Graph) -> None:
    report = validate(in_memory)
    assert report.conforms, report.text()


def test_cities_have_coordinates_and_labels_in_several_scripts(in_memory: Graph) -> None:
    languages = {row[0] for row in in_memory.query("""
        PREFIX hrg: <https://w3id.org/hrgraph/ontology#>
        PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT (LANG(?label) AS ?language) WHERE { ?city a hrg:City ; geo:lat ?lat ; rdfs:label ?label }""")}
    assert {"en", "ko", "zh", "ru"} <= {str(language) for language in languages}


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_answers_with_its_defaults(in_oxigraph: Graph, name: str) -> None:
    result = run_query(name, graph=in_oxigraph)
    found = result.boolean if result.kind == "ask" else len(result.graph or ()) if result.kind == "graph" else result.rows
    assert bool(found) != (name in NO_ANSWER), name


def test_scale_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "scale.md"
    command = [sys.executable, str(BENCHMARKS / "scale_benchmark.py"), "--sizes", "5500", "--repeat", "1",
               "--queries", "members-of-network", "is-member", "--serve-seconds", "2", "--cap", "60",
               "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    for row in ("## 5,500 triples", "| load |", "| query members-of-network |", "| export Turtle |", "| projection (full) |",
                "| endpoint: ", "## Targets", "bare rdflib parse"):
        assert row in table, row
    assert "error" not in table, table


def test_engine_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    """Every target beside its anchor, and the bundled graph's phases; the ratios are not asserted."""
    out = tmp_path / "engine.md"
    command = [sys.executable, str(BENCHMARKS / "engine_benchmark.py"), "--sizes", "5500", "--repeat", "1",
               "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    for row in ("## 5,500 triples", "| load into an in-memory store | ", "| load into a persistent store | ",
                "| export N-Triples | ", "| projection (full) | ", "| load into an in-memory store: peak RSS | ",
                "| export N-Triples: memory it adds | ", "## The bundled graph in a fresh process", "| validate | ",
                "| query members-of-network | ", "| the whole process, interpreter start included | "):
        assert row in table, row
    export = next(line for line in table.splitlines() if line.startswith("| export N-Triples | "))
    assert export.endswith(", both |"), export  # hrgraph writes the bytes pyoxigraph's dump + sort gives
    assert "error" not in table and "stopped after" not in table, table


def test_soak_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    """A few seconds of it: every kind of request is sent, the slow query meets the deadline (503), the
    memory is sampled and the server wrote no traceback. Other errors (503 busy) may come on a loaded machine."""
    out = tmp_path / "soak.md"
    command = [sys.executable, str(BENCHMARKS / "soak_benchmark.py"), "--clients", "4", "--seconds", "4",
               "--timeout", "1", "--sample", "1", "--output", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")
    assert "0 tracebacks in the server's stderr" in report
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in report.splitlines()
            if line.startswith("| ") and "---" not in line}
    assert {"ad-hoc SPARQL", "entity page", "named query", "slow query (deadline)"} <= set(rows), report
    assert rows["slow query (deadline)"][2] == "0", report  # every slow query stopped at the deadline with 503
    assert "slow query (deadline):" not in report
    memory = [row for row in rows.values() if len(row) == 4 and row[0].lstrip("| ").isdigit()]
    assert len(memory) >= 2 and all(float(row[1]) > 0 for row in memory), report
