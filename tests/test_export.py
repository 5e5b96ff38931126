"""Exports: isomorphic round trips in every format, the same bytes on every run, atomic files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import hrgraph
from hrgraph.atomic import write_atomic
from hrgraph.errors import OutputError
from hrgraph.load import load
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf import export
from hrgraph.rdf.export import DATA_GRAPH_IRI, canonical_copy, serialize
from hrgraph.rdf.files import IllTypedLiteralWarning, parse_file
from hrgraph.rdf.formats import EXPORT_FORMATS as FORMATS
from hrgraph.rdf.store import is_oxigraph

FIXTURE = Path(__file__).parent / "fixtures" / "roundtrip.ttl"
PARSERS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}


def reparse(data: bytes, rdf_format: str) -> Graph:
    if rdf_format == "trig":
        dataset = Dataset()
        dataset.parse(data=data, format="trig")
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=data, format=PARSERS[rdf_format])


@pytest.mark.parametrize("rdf_format", list(FORMATS))
def test_reliability_54_fixture_round_trips_isomorphic(rdf_format: str) -> None:
    """Language tags, date types, strings (``"plain string"^^xsd:string`` beside ``"plain string"``), the
    empty string, lists, blank nodes, unusual IRIs: the graph as loaded comes back."""
    graph = load([FIXTURE], ontology=False, store="memory")
    assert isomorphic(reparse(serialize(graph, rdf_format), rdf_format), graph)


def test_xsd_string_is_written_as_simple_literal() -> None:
    graph = parse_file(FIXTURE)
    assert b'ex:typed "plain string" .' in serialize(graph, "turtle")


@pytest.mark.parametrize("rdf_format", list(FORMATS))
def test_bundled_graph_round_trips_isomorphic(kg: Graph, rdf_format: str) -> None:
    ontology = parse_file(ONTOLOGY_FILE)
    assert isomorphic(reparse(serialize(kg, rdf_format, ontology=ontology), rdf_format), kg)


def test_trig_puts_data_and_ontology_in_named_graphs(kg: Graph) -> None:
    ontology = parse_file(ONTOLOGY_FILE)
    dataset = Dataset()
    dataset.parse(data=serialize(kg, "trig", ontology=ontology), format="trig")
    assert isomorphic(dataset.graph(hrgraph.namespaces.ONTOLOGY_IRI), ontology)
    assert len(dataset.graph(DATA_GRAPH_IRI)) == len(kg) - len(ontology)


def test_reliability_56_json_ld_context_is_inline(kg: Graph) -> None:
    document = json.loads(serialize(kg, "jsonld"))
    assert isinstance(document["@context"], dict)
    assert document["@context"]["city"] == "https://w3id.org/hrgraph/city/"


def test_turtle_uses_the_fixed_prefixes(kg: Graph) -> None:
    text = serialize(kg, "turtle").decode()
    assert "@prefix city: <https://w3id.org/hrgraph/city/> ." in text
    assert "@prefix ns1:" not in text and "city:rosario" in text


EXPORT_SCRIPT = """
import sys, hrgraph
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file
graph = hrgraph.load()
for name in ("turtle", "nt", "jsonld", "xml", "trig"):
    sys.stdout.buffer.write(serialize(graph, name, ontology=parse_file(ONTOLOGY_FILE)))
"""


def test_reliability_55_exports_are_byte_identical_across_processes() -> None:
    """Different hash seeds change set and dict order: the bytes must not change."""
    outputs = {
        subprocess.run(
            [sys.executable, "-c", EXPORT_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


def test_bundled_data_files_are_canonical() -> None:
    """Curated files are kept in the canonical form `hrgraph fmt` writes, so diffs stay readable."""
    for path in sorted((Path(__file__).resolve().parent.parent / "graph").glob("*.ttl")):
        assert path.read_bytes() == serialize(parse_file(path), "turtle"), f"run: hrgraph fmt {path}"


def test_reliability_52_write_atomic_keeps_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"new" * 1000, overwrite=True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_reliability_51_write_atomic_keeps_old_file_on_interrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_write_atomic_refuses_to_overwrite_silently(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"precious")
    with pytest.raises(OutputError, match="exists; use --force"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"precious"
    assert write_atomic(target, b"precious") is False
    assert write_atomic(target, b"new", overwrite=True) is True
    assert target.read_bytes() == b"new"


def test_reliability_52_write_atomic_clear_errors_for_directory_and_missing_parent(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "such" / "out.ttl", b"x")


def test_reliability_52_write_atomic_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: CI runs as root, which ignores directory permissions."""

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", deny)
    with pytest.raises(OutputError, match="cannot write: Permission denied"):
        write_atomic(tmp_path / "out.ttl", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rdf_format", list(FORMATS))
def test_exports_parse_in_an_independent_parser(kg: Graph, rdf_format: str) -> None:
    """"Parses anywhere": Oxigraph (Rust) reads every export, with the same number of triples."""
    data = serialize(kg, rdf_format, ontology=parse_file(ONTOLOGY_FILE))
    parsed = list(pyoxigraph.parse(data, format=FORMATS[rdf_format].oxigraph))
    assert len({(q.subject, q.predicate, q.object) for q in parsed}) == len(kg)


# Streamed N-Triples from Oxigraph, and graphs with an rdf:List on Oxigraph ---------------------

#: Every escape Oxigraph and rdflib write differently (tab, backspace, form feed, other control
#: characters), those they share, a backslash before a "t", a language tag, canonical values.
ESCAPES = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:controls "tab\\there\\bback\\fform\\u0001one\\u007Fdel" ;
    ex:shared "quote \\" backslash \\\\ newline \\n return \\r" ;
    ex:lookalikes "\\\\t \\\\u0041 _:b ." ;
    ex:unicode "광주 Nürnberg 😀 \\u2028" ;
    ex:lang "Gwangju"@EN-gb ;
    ex:typed "plain"^^xsd:string, "01"^^xsd:integer, "yes"^^xsd:boolean, "1.50"^^xsd:double .
"""
LIST = """@prefix ex: <https://example.org/> .
ex:a ex:items ( ex:b ex:c "x" ) ; ex:label "a" .
"""


def _through_rdflib(graph: Graph, rdf_format: str) -> bytes:
    """Today's path for every format: the canonical rdflib copy, written by rdflib."""
    return export._WRITERS[rdf_format](canonical_copy(graph))


def _oxigraph_from(text: str, tmp_path: Path) -> Graph:
    path = tmp_path / "data.ttl"
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllTypedLiteralWarning)
        return hrgraph.load([path], ontology=False, store="oxigraph")


def test_streamed_ntriples_are_rdflibs_bytes_on_the_bundled_graph(kg: Graph) -> None:
    assert is_oxigraph(kg)
    streamed = serialize(kg, "nt")
    assert streamed == _through_rdflib(kg, "nt")
    assert streamed.count(b"\n") == len(kg)


@pytest.mark.parametrize("in_memory", [export.IN_MEMORY, 0])
def test_streamed_ntriples_sort_subjects_that_begin_alike(tmp_path: Path, in_memory: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A large dump is sorted subject by subject (``IN_MEMORY`` 0 makes every dump large): a subject
    that begins another (x, x/y, xy, x-) sorts as the whole lines do."""
    monkeypatch.setattr(export, "IN_MEMORY", in_memory)
    text = "".join(f'<http://e.org/{s}> <http://e.org/{p}> "{o}" .\n'
                   for s in ("xy", "x/y", "x", "x-", "w", "x.y") for p in ("q", "p") for o in ("b", "a\\tz"))
    graph = _oxigraph_from(text, tmp_path)
    assert serialize(graph, "nt") == _through_rdflib(graph, "nt")
    graph = _oxigraph_from(ESCAPES, tmp_path)
    assert serialize(graph, "nt") == _through_rdflib(graph, "nt")
    assert serialize(_oxigraph_from(LIST, tmp_path), "nt") == _through_rdflib(_oxigraph_from(LIST, tmp_path), "nt")


def test_streamed_ntriples_are_rdflibs_bytes_with_every_escape(tmp_path: Path) -> None:
    graph = _oxigraph_from(ESCAPES, tmp_path)
    streamed = serialize(graph, "nt")
    assert streamed == _through_rdflib(graph, "nt")
    assert b'"tab\there\x08back\x0cform\x01one\x7fdel"' in streamed
    assert b'"\\\\t \\\\u0041 _:b ."' in streamed and b'"Gwangju"@en-gb' in streamed


@pytest.mark.parametrize("rdf_format", list(FORMATS))
def test_a_list_on_oxigraph_exports_as_on_the_memory_store(tmp_path: Path, rdf_format: str) -> None:
    """rdflib walks a list by asking for triples whose subject is a literal: Oxigraph refused to be asked."""
    path = tmp_path / "list.ttl"
    path.write_text(LIST, encoding="utf-8")
    on_oxigraph = serialize(hrgraph.load([path], ontology=False, store="oxigraph"), rdf_format)
    assert on_oxigraph == serialize(hrgraph.load([path], ontology=False, store="memory"), rdf_format)
    assert isomorphic(reparse(on_oxigraph, rdf_format), Graph().parse(data=LIST, format="turtle"))


def test_export_and_the_dumps_of_a_list_on_the_default_store(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from hrgraph.cli import cli
    from hrgraph.web import create_app

    path = tmp_path / "list.ttl"
    path.write_text(LIST, encoding="utf-8")
    done = CliRunner().invoke(cli, ["--store", "oxigraph", "--data", str(path), "export", "--format", "turtle"])
    assert done.exit_code == 0, done.output
    assert 'ex:items ( ex:b ex:c "x" )' in done.output.replace("ns1:", "ex:")
    with TestClient(create_app(hrgraph.load([path], store="oxigraph"))) as client:
        for suffix, written in (("nt", ' <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "x" .'),
                                ("ttl", 'ns1:items ( ns1:b ns1:c "x" )')):
            response = client.get(f"/dump.{suffix}")
            assert response.status_code == 200, suffix
            assert written in response.text


def test_progress_names_the_stages_on_stderr_and_changes_no_byte(tmp_path: Path) -> None:
    """A big export takes a while: --progress draws its stages on stderr; the output is the same."""
    from hrgraph.cli import cli

    path = tmp_path / "list.ttl"
    path.write_text(LIST, encoding="utf-8")
    command = ["--data", str(path), "export", "--format", "nt"]
    quiet, shown = CliRunner().invoke(cli, command), CliRunner().invoke(cli, [*command, "--progress"])
    assert quiet.exit_code == shown.exit_code == 0
    assert quiet.stderr == "" and "exporting: reading, serializing, writing" in shown.stderr
    assert quiet.stdout == shown.stdout and "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>" in quiet.stdout
