"""The name index (hrgraph/rdf/names.py): names resolve in any data a user loads, on every store, and the
index follows the store when it changes (in memory, or on disk by another program)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

import hrgraph
from hrgraph.cli import cli
from hrgraph.entities import resolve
from hrgraph.errors import AmbiguousEntityError, EntityNotFoundError
from hrgraph.rdf.names import INDEX_FILE, fingerprint
from hrgraph.rdf.store import build, open_store
from hrgraph.sparql import NamedQuery, run_query

PEOPLE = """@prefix ex: <http://example.org/people/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:alice a foaf:Person ; rdfs:label "Alice Åström"@sv ; skos:altLabel "Ally" ; foaf:knows ex:bob .
ex:bob a foaf:Person ; skos:prefLabel "Bob" .
<http://example.org/things#lamp> a <http://example.org/things#Thing> ; rdfs:label "Lamp" .
<http://example.org/things#Thing> a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label "Thing" .
"""
ALICE = URIRef("http://example.org/people/alice")
KNOWS = NamedQuery.from_text("""# title: known
# param: person (entity): someone
SELECT ?other WHERE { ?person <http://xmlns.com/foaf/0.1/knows> ?other }
""", "known", "<known>")


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("people") / "people.ttl"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("name", ["Alice Åström", "alice astrom", "ALLY", "alice", "http://example.org/people/alice"])
def test_a_name_resolves_in_a_users_own_data(people: Path, store: str, name: str) -> None:
    assert resolve(hrgraph.load([people], store=store), name) == ALICE


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_slug_after_a_hash_and_a_vocabulary_term_is_no_entity(people: Path, store: str) -> None:
    graph = hrgraph.load([people], store=store)
    assert resolve(graph, "lamp") == URIRef("http://example.org/things#lamp")
    with pytest.raises(EntityNotFoundError):
        resolve(graph, "Thing")  # a class, named in the data: a term of a vocabulary, not a thing


def test_entity_parameters_and_show_work_on_a_users_data(people: Path) -> None:
    result = run_query(KNOWS, {"person": "Ally"}, graph=hrgraph.load([people]))
    assert [str(row[0]) for row in result.rows] == ["http://example.org/people/bob"]
    shown = CliRunner().invoke(cli, ["--data", str(people), "show", "alice"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("Alice Åström  <http://example.org/people/alice>")


def test_an_in_memory_oxigraph_graph_follows_its_changes(people: Path) -> None:
    graph = hrgraph.load([people], store="oxigraph")
    assert resolve(graph, "Bob") == URIRef("http://example.org/people/bob")
    carol = URIRef("http://example.org/people/carol")
    graph.add((carol, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")))
    graph.add((carol, RDFS.label, Literal("Bob")))
    with pytest.raises(AmbiguousEntityError):
        resolve(graph, "BOB")
    graph.update('DELETE DATA { <http://example.org/people/carol> <http://www.w3.org/2000/01/rdf-schema#label> "Bob" }')
    assert resolve(graph, "BOB") == URIRef("http://example.org/people/bob")


def test_a_persistent_store_keeps_its_index_and_remakes_it_when_changed(people: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    build([people], path)
    assert (path / INDEX_FILE).is_file()
    assert resolve(open_store(path), "Ally") == ALICE
    changed = ox.Store(str(path))  # another program changes the store
    changed.remove(ox.Quad(ox.NamedNode(str(ALICE)), ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
                           ox.Literal("Ally"), ox.DefaultGraph()))
    changed.add(ox.Quad(ox.NamedNode(str(ALICE)), ox.NamedNode(str(RDFS.label)), ox.Literal("Alicia")))
    changed.flush()
    del changed
    graph = open_store(path)
    assert resolve(graph, "alicia") == ALICE
    with pytest.raises(EntityNotFoundError):
        resolve(graph, "Ally")
    from hrgraph.rdf.names import stored_index

    assert stored_index(path, fingerprint(path)) is not None  # made again, and kept for the next command


def test_the_bundled_graph_resolves_alike_from_a_store_and_from_memory(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(hrgraph.paths.data_files(), path)
    stored, memory = open_store(path), hrgraph.load(store="memory")
    for name in ("Gwangju", "gwangju", "nurnberg", "광주", "Human Rights Cities Network", "ECCAR", "Person"):
        outcomes = []
        for graph in (stored, memory):
            try:
                outcomes.append(resolve(graph, name))
            except (AmbiguousEntityError, EntityNotFoundError) as error:
                outcomes.append(str(error))
        assert outcomes[0] == outcomes[1], name

