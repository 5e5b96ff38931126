"""The query library gives the same answers on a real triple store as on the embedded graph.

`hrgraph push` loads the bundled graph into an Oxigraph server started on loopback; every named
query then runs through `hrgraph query NAME --endpoint` and locally, and the answers must match.
"""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from hrgraph.cli import cli
from hrgraph.sparql import library, run_query

QUERIES = sorted(library())


@pytest.fixture(scope="module")
def endpoint(oxigraph: str) -> str:
    result = CliRunner().invoke(cli, ["push", "--graph-store", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    return f"{oxigraph}/query"


def test_push_loads_every_triple(endpoint: str, kg: Graph) -> None:
    (row,) = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=endpoint).rows
    assert int(row[0]) == len(kg)


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_same_answer_remote_and_local(name: str, endpoint: str, kg: Graph) -> None:
    local = run_query(name, graph=kg)
    remote = run_query(name, graph=kg, endpoint=endpoint)
    assert remote.kind == local.kind
    if local.kind == "graph":
        assert isomorphic(remote.graph, local.graph)
    elif local.kind == "ask":
        assert remote.boolean == local.boolean
    else:
        assert remote.variables == local.variables
        assert Counter(remote.rows) == Counter(local.rows)


@pytest.mark.parametrize("name", QUERIES)
def test_cli_output_same_remote_and_local(name: str, endpoint: str) -> None:
    kind = run_query(name).kind
    fmt = "nt" if kind == "graph" else "tsv"
    local = CliRunner().invoke(cli, ["query", name, "--format", fmt])
    remote = CliRunner().invoke(cli, ["query", name, "--format", fmt, "--endpoint", endpoint])
    assert (remote.exit_code, local.exit_code) in {(0, 0), (1, 1)}, remote.output
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
