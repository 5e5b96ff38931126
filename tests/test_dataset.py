"""The dataset the server holds: the data and the ontology as named graphs, their union as the default
graph, graphs chosen by the Protocol's parameters, every SPARQL 1.1 Update operation with the union
kept, the endpoint's URL as base IRI, and dumps that agree with what is held.

Updates run on a small graph (the ontology and five cities), each on a server of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Dataset, Graph
from starlette.testclient import TestClient

from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file
from hrgraph.web import Settings, create_app

DATA = "https://w3id.org/hrgraph/data"
ONTOLOGY = "https://w3id.org/hrgraph/ontology"
CITY = "https://w3id.org/hrgraph/ontology#City"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
T = "<http://e.org/s> <http://e.org/p> 1"
#: Two graphs agree: nothing in the default graph that no named graph holds, and the reverse.
UNION_HOLDS = ("ASK { FILTER NOT EXISTS { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } "
               "FILTER NOT EXISTS { GRAPH ?h { ?a ?b ?c } FILTER NOT EXISTS { ?a ?b ?c } } }")


def ask(client: TestClient, query: str, **params: Any) -> bool:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return response.json()["boolean"] is True


def size(client: TestClient, graph: str | None = None, **params: Any) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    response = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def update(client: TestClient, text: str, status: int = 200, **params: Any) -> str:
    response = client.post("/sparql", params=params, content=text.encode(),
                           headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == status, response.text
    return response.text


@pytest.fixture
def small(explorer_graph: Graph) -> Iterator[TestClient]:
    with TestClient(create_app(explorer_graph, settings=Settings(enable_update=True, workers=1)),
                    base_url="http://localhost") as client:
        yield client


@pytest.fixture(scope="module")
def bundled(kg: Graph) -> Iterator[TestClient]:
    with TestClient(create_app(kg, settings=Settings(workers=2))) as client:
        yield client


def test_the_data_and_the_ontology_are_named_graphs_and_the_default_graph_their_union(kg: Graph, bundled: TestClient) -> None:
    ontology = parse_file(ONTOLOGY_FILE)
    assert size(bundled) == len(kg)
    assert size(bundled, ONTOLOGY) == len(ontology)
    assert size(bundled, DATA) == len(kg) - len(ontology)
    assert ask(bundled, f"ASK {{ GRAPH <{ONTOLOGY}> {{ <{CITY}> a <{OWL_CLASS}> }} }}")
    assert not ask(bundled, f"ASK {{ GRAPH <{DATA}> {{ <{CITY}> a <{OWL_CLASS}> }} }}")
    assert ask(bundled, UNION_HOLDS)
    names = bundled.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"}).json()
    assert [row["g"]["value"] for row in names["results"]["bindings"]] == [DATA, ONTOLOGY]


def test_the_protocol_chooses_the_graphs_of_a_query(kg: Graph, bundled: TestClient) -> None:
    ontology = len(parse_file(ONTOLOGY_FILE))
    assert size(bundled, **{"default-graph-uri": ONTOLOGY}) == ontology
    assert size(bundled, **{"default-graph-uri": [ONTOLOGY, DATA]}) == len(kg)
    assert size(bundled, **{"default-graph-uri": "http://e.org/no-such-graph"}) == 0
    assert size(bundled, **{"named-graph-uri": ONTOLOGY}) == 0  # named graphs alone: the default graph is empty
    assert size(bundled, ONTOLOGY, **{"named-graph-uri": ONTOLOGY}) == ontology
    assert size(bundled, DATA, **{"named-graph-uri": ONTOLOGY}) == 0
    # FROM chooses among the graphs held; the Protocol's parameters override it
    from_ontology = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/hrgraph/ontology> WHERE { ?s ?p ?o }"
    answer = bundled.get("/sparql", params={"query": from_ontology}).json()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == ontology
    answer = bundled.get("/sparql", params={"query": from_ontology, "default-graph-uri": DATA}).json()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(kg) - ontology


@pytest.mark.parametrize(
    ("params", "message"),
    [({"default-graph-uri": "not an iri"}, "default-graph-uri: 'not an iri' is not an absolute IRI"),
     ({"using-graph-uri": DATA}, "using-graph-uri is for an update")],
)
def test_bad_graph_parameters_are_400(bundled: TestClient, params: dict[str, str], message: str) -> None:
    response = bundled.get("/sparql", params={"query": "ASK {}", **params})
    assert response.status_code == 400 and message in response.text


def test_relative_iris_resolve_against_the_endpoint(small: TestClient) -> None:
    answer = small.get("/sparql", params={"query": "SELECT (<x> AS ?x) WHERE {}"}).json()
    assert answer["results"]["bindings"][0]["x"]["value"] == "http://localhost/x"
    update(small, "INSERT DATA { <s> <p> <o> }")
    assert ask(small, f"ASK {{ GRAPH <{DATA}> {{ <http://localhost/s> <http://localhost/p> <http://localhost/o> }} }}")


# Every operation of SPARQL 1.1 Update, on the default graph (the union) and on named graphs --------


def test_insert_and_delete_data(small: TestClient) -> None:
    update(small, f"INSERT DATA {{ {T} . GRAPH <http://e.org/g> {{ {T} . <http://e.org/s> <http://e.org/q> 2 }} }}")
    assert ask(small, f"ASK {{ GRAPH <{DATA}> {{ {T} }} GRAPH <http://e.org/g> {{ {T} }} }}")
    assert ask(small, "ASK { <http://e.org/s> <http://e.org/q> 2 }") and ask(small, UNION_HOLDS)
    update(small, f"DELETE DATA {{ {T} }}")  # from the default graph: from every graph
    assert not ask(small, f"ASK {{ {{ {T} }} UNION {{ GRAPH ?g {{ {T} }} }} }}")
    update(small, "DELETE DATA { GRAPH <http://e.org/g> { <http://e.org/s> <http://e.org/q> 2 } }")
    assert not ask(small, "ASK { <http://e.org/s> <http://e.org/q> 2 }") and ask(small, UNION_HOLDS)


def test_delete_insert_where_and_the_operations_that_follow(small: TestClient) -> None:
    assert ask(small, f"ASK {{ ?c a <{CITY}> }}")
    update(small, "PREFIX e: <http://e.org/>\nPREFIX hrg: <https://w3id.org/hrgraph/ontology#>\n"
                  "INSERT { GRAPH e:cities { ?c a e:Place } } WHERE { ?c a hrg:City } ;\n"
                  "DELETE { ?c a hrg:City } INSERT { ?c e:was hrg:City } WHERE { ?c a hrg:City } ;\n"
                  "DELETE WHERE { GRAPH e:cities { ?c a e:Place } } ; INSERT DATA { e:done e:is true }")
    assert not ask(small, f"ASK {{ ?c a <{CITY}> }}")
    assert ask(small, f"ASK {{ GRAPH <{DATA}> {{ ?c <http://e.org/was> <{CITY}> }} }}")
    assert not ask(small, "ASK { ?c a <http://e.org/Place> }")  # the third operation saw the first's graph
    assert ask(small, "ASK { <http://e.org/done> <http://e.org/is> true }") and ask(small, UNION_HOLDS)


def test_clear_drop_and_create(small: TestClient) -> None:
    ontology = size(small, ONTOLOGY)
    update(small, f"CLEAR GRAPH <{DATA}>")
    assert size(small) == ontology and size(small, DATA) == 0
    update(small, "CREATE GRAPH <http://e.org/empty>")
    update(small, "CREATE GRAPH <http://e.org/empty>", 400)  # it is still there, empty, after the swap
    update(small, "DROP GRAPH <http://e.org/empty>")
    update(small, "DROP GRAPH <http://e.org/empty>", 400)
    update(small, "DROP SILENT GRAPH <http://e.org/empty>")
    update(small, "DROP DEFAULT")  # the default graph is the union: every graph is emptied
    assert size(small) == 0 and size(small, ONTOLOGY) == 0
    update(small, f"INSERT DATA {{ GRAPH <http://e.org/g> {{ {T} }} }} ; CLEAR ALL")
    assert size(small) == 0
    update(small, f"INSERT DATA {{ {T} }} ; DROP ALL")
    names = small.get("/sparql", params={"query": "SELECT ?g WHERE { GRAPH ?g { } }"}).json()
    assert size(small) == 0 and names["results"]["bindings"] == []


def test_add_copy_and_move(small: TestClient) -> None:
    ontology, everything = size(small, ONTOLOGY), size(small)
    update(small, f"ADD <{ONTOLOGY}> TO <http://e.org/copy>")
    assert size(small, "http://e.org/copy") == ontology and size(small) == everything
    update(small, f"INSERT DATA {{ GRAPH <http://e.org/g> {{ {T} }} }} ; MOVE <http://e.org/g> TO <http://e.org/h>")
    assert size(small, "http://e.org/g") == 0 and ask(small, f"ASK {{ GRAPH <http://e.org/h> {{ {T} }} }}")
    update(small, "MOVE <http://e.org/h> TO DEFAULT")  # the default graph is then T alone, kept in the data graph
    assert size(small) == 1 and ask(small, f"ASK {{ GRAPH <{DATA}> {{ {T} }} }}")
    update(small, f"COPY <{DATA}> TO <http://e.org/c> ; COPY DEFAULT TO <http://e.org/d>")
    assert size(small, "http://e.org/c") == size(small, "http://e.org/d") == 1
    update(small, "MOVE DEFAULT TO <http://e.org/m>")  # the target keeps the triples: the union is that graph
    assert size(small, "http://e.org/m") == 1 and size(small, DATA) == 0 and size(small) == 1
    assert ask(small, UNION_HOLDS)


def test_using_graph_uri_chooses_what_where_reads(small: TestClient) -> None:
    update(small, "INSERT DATA { GRAPH <http://e.org/a> { <http://e.org/x> a <http://e.org/K> } "
                  "GRAPH <http://e.org/b> { <http://e.org/y> a <http://e.org/K> } }")
    update(small, "DELETE WHERE { ?s a <http://e.org/K> }", **{"using-graph-uri": "http://e.org/a"})
    assert not ask(small, "ASK { <http://e.org/x> a <http://e.org/K> }")
    assert ask(small, "ASK { <http://e.org/y> a <http://e.org/K> }")
    text = update(small, "WITH <http://e.org/b> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 400,
                  **{"using-graph-uri": "http://e.org/b"})
    assert "given both" in text


def test_refused_and_failed_updates_change_nothing(small: TestClient) -> None:
    before = small.get("/dump.trig").content
    assert "LOAD is refused" in update(small, "LOAD <http://127.0.0.1:1/x.ttl>", 400)
    assert "SERVICE is refused" in update(
        small, "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", 400)
    assert "<update>:2:10: SPARQL syntax error" in update(small, f"INSERT DATA {{ {T} }} ;\nCLEAR XYZ", 400)
    assert "nothing was changed" in update(small, f"INSERT DATA {{ {T} }} ; DROP GRAPH <http://e.org/none>", 400)
    assert small.get("/dump.trig").content == before


def test_dumps_agree_with_the_export_and_with_what_is_held(explorer_graph: Graph, small: TestClient) -> None:
    assert small.get("/dump.trig").content == serialize(explorer_graph, "trig", ontology=parse_file(ONTOLOGY_FILE))
    update(small, f"INSERT DATA {{ GRAPH <http://e.org/g> {{ {T} }} }}")
    trig = Dataset().parse(data=small.get("/dump.trig").content, format="trig")
    assert len(list(trig.quads())) == size(small, DATA) + size(small, ONTOLOGY) + 1
    dump = small.get("/dump.nt").content
    assert b"<http://e.org/s> <http://e.org/p>" in dump
    assert len(Graph().parse(data=dump, format="nt")) == size(small)


def test_a_stopping_server_answers_503(explorer_graph: Graph) -> None:
    with TestClient(create_app(explorer_graph, settings=Settings(workers=1))) as client:
        client.app.state.web.pool.close()
        response = client.get("/sparql", params={"query": "ASK {}"})
        assert response.status_code == 503 and "stopping" in response.text


def test_load_of_a_file_is_refused_even_when_service_is_allowed(explorer_graph: Graph) -> None:
    settings = Settings(enable_update=True, allow_service=True, workers=1)
    with TestClient(create_app(explorer_graph, settings=settings), base_url="http://localhost") as client:
        for text in ("LOAD <file:///etc/passwd>", "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://e.org/g>"):
            assert "LOAD is refused" in update(client, text, 400)


def test_the_query_page_runs_sparql_as_the_endpoint_does(bundled: TestClient) -> None:
    query = ("SELECT (COUNT(*) AS ?n) (<x> AS ?base) FROM <https://w3id.org/hrgraph/ontology> "
             "WHERE { ?s ?p ?o }")
    page = bundled.get("/query", params={"sparql": query, "format": "json"}).json()
    endpoint = bundled.get("/sparql", params={"query": query}).json()
    assert page == endpoint
    assert int(page["results"]["bindings"][0]["n"]["value"]) == len(parse_file(ONTOLOGY_FILE))
    assert page["results"]["bindings"][0]["base"]["value"] == "http://testserver/x"
