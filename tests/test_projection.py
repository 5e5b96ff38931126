"""The NetworkX projections: entities as nodes, qualified relations as edges with role, date, source."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

import hrgraph
from hrgraph.errors import HRGraphError
from hrgraph.projection import fact_year, project

CITY = "https://w3id.org/hrgraph/city/"
ORGANIZATION = "https://w3id.org/hrgraph/organization/"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_full_projection_drops_schema_and_provenance(kg: Graph) -> None:
    full = project(kg, "full")
    assert not any(n.startswith("https://w3id.org/hrgraph/source/") for n in full)
    assert not any(n.startswith("https://w3id.org/hrgraph/membership/") for n in full)
    assert not any(n.startswith("https://w3id.org/hrgraph/ontology") for n in full)
    relations = {d["relation"] for _, _, d in full.edges(data=True)}
    assert "type" not in relations and "source" not in " ".join(relations)
    rosario = full.nodes[CITY + "rosario"]
    assert (rosario["label"], rosario["kind"]) == ("Rosario", "city")
    assert rosario["sources"]


def test_membership_becomes_an_edge_with_role_date_and_source(kg: Graph) -> None:
    full = project(kg, "full")
    edges = full.get_edge_data(CITY + "gwangju", ORGANIZATION + "uclg-cisdp")
    seats = {(edge["role"], edge["date"], edge["sources"][0].split(" <")[0]) for edge in edges.values()}
    assert seats == {  # one edge per seat, each with its date and source
        ("co-chair", "2018", "Human Rights City"),
        ("co-chair", "2015-04-21", "New co presidency cisdp reinforces its mission strengthen right city (old.uclg.org)"),
        ("co-chair", "2018-01", "Seoul municipal government division works mainstream rights approach local public "
                                "action (uclg-cisdp.org)"),
    }
    wikipedia = [edge for edge in edges.values() if edge["date"] == "2018"]
    assert wikipedia[0]["sources"] == ["Human Rights City <https://en.wikipedia.org/wiki/Human_Rights_City>"]


def test_adoption_projection(kg: Graph) -> None:
    adoption = project(kg, "adoption")
    edges = {(adoption.nodes[a]["label"], d["date"]) for a, _, d in adoption.edges(data=True)}
    assert ("Saint-Denis", "2000") in edges and ("Chicago", "2009") in edges and ("Rosario", "1997-06") in edges


def test_co_membership_counts_shared_organizations(kg: Graph) -> None:
    co = project(kg, "co-membership")
    assert co[CITY + "gwangju"][CITY + "mexico-city"]["weight"] == 1
    assert co.has_edge(CITY + "barcelona", CITY + "lund")


def test_participation_links_speakers_to_events(kg: Graph) -> None:
    participation = project(kg, "participation")
    speakers = {participation.nodes[a]["label"] for a, _, d in participation.edges(data=True) if d["relation"] == "speaker"}
    assert {"Roméo Dallaire", "Jennifer Welsh"} <= speakers


def test_as_of_keeps_only_what_was_there(kg: Graph) -> None:
    in_2000 = project(kg, "adoption", as_of=2000)
    labels = {in_2000.nodes[a]["label"] for a, _, _ in in_2000.edges(data=True)}
    assert labels == {"Rosario", "San Francisco", "Saint-Denis"}
    assert not project(kg, "membership", as_of=1990).number_of_edges()


def test_fact_year_and_unknown_projection() -> None:
    assert [fact_year(d) for d in ("1997-06", "2009", "2019-06-03", "", None)] == [1997, 2009, 2019, None, None]
    with pytest.raises(HRGraphError, match="unknown projection"):
        project(Graph(), "nope")


def _digest(G: nx.Graph) -> str:
    """Nodes, edges, keys and attributes, in NetworkX's order (the order pages are drawn in)."""
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    text = json.dumps([list(G.nodes(data=True)), list(edges)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: The projections as they were built through rdflib's ``triples()`` (before the one-pass build, at
#: commit 966c85e), on the seed graph and on a 6,000-triple synthetic graph, on either store: the
#: one-pass build must give the very same graphs. (co-membership is left out: NetworkX's bipartite
#: projection orders its edges by set order, which changes from process to process.)
BEFORE_ONE_PASS = {
    "seed": {"full": "777e09987c937ae1", "membership": "b145877030daeabb", "adoption": "8087c29f403ca962",
             "participation": "652190cbbb873fc6", "full as of 2005": "7b16b44e75be63db"},
    "synthetic": {"full": "ae95195510b56519", "membership": "c99ba8c0e9657964", "adoption": "fa262b54efe8819f",
                  "participation": "1caf2225c832e3d8", "full as of 2005": "429f9668f7cb7645"},
}


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("synthetic", BENCHMARKS / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    return synthetic.write(6_000, tmp_path_factory.mktemp("synthetic"))[0]


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("data", sorted(BEFORE_ONE_PASS))
def test_the_one_pass_build_gives_the_graphs_of_before(synthetic_file: Path, data: str, store: str) -> None:
    graph = hrgraph.load(None if data == "seed" else [synthetic_file], store=store)
    found = {name: _digest(project(graph, name)) for name in ("full", "membership", "adoption", "participation")}
    found["full as of 2005"] = _digest(project(graph, "full", as_of=2005))
    assert found == BEFORE_ONE_PASS[data]


def test_a_literal_where_an_iri_is_expected_is_read_as_before(tmp_path: Path) -> None:
    """Literals are read only for the properties a projection follows: a literal member is not an edge,
    a literal role is a role, a literal label names the node."""
    path = tmp_path / "odd.ttl"
    path.write_text("""@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/hrgraph/city/a> a hrg:City ; rdfs:label "Aville"@en ; hrg:population "12" .
<https://w3id.org/hrgraph/organization/n> a hrg:Organization ; rdfs:label "Net"@en .
<https://w3id.org/hrgraph/membership/1> a org:Membership ; org:member <https://w3id.org/hrgraph/city/a> ;
    org:organization <https://w3id.org/hrgraph/organization/n>, "https://w3id.org/hrgraph/organization/n" ;
    org:role "chair" ; hrg:startDate "2001" .
""", encoding="utf-8")
    for store in ("oxigraph", "memory"):
        full = project(hrgraph.load([path], store=store), "full")
        assert full.nodes[CITY + "a"]["label"] == "Aville"
        edges = list(full.edges(keys=True, data=True))
        assert [(u, v, d["role"], d["date"]) for u, v, _, d in edges] == [
            (CITY + "a", ORGANIZATION + "n", "chair", "2001")], store
