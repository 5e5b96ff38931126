"""The explorer's index, pages and files, on tiny graphs whose answers are worked out by hand.

The fixture tests/fixtures/explorer.ttl: five cities (Graz, Rosario, Gwangju with coordinates; Lund
and Nowhere without), Graz designated in 2000 by one source and on 2001-02-08 by another, Rosario
informally in 1997, Gwangju in 2011; Rosario and Gwangju adopt a charter in 2000; Graz and Lund
join a network in 2018; a forum in Gwangju in 2011.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from hrgraph.explorer.data import KINDS, build_index, commitment_of, dated_facts, entity_kind, networks
from hrgraph.explorer.web import explorer_files, index_json
from hrgraph.web import Settings, create_app

PREFIXES = """
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix city: <https://w3id.org/hrgraph/city/> .
@prefix event: <https://w3id.org/hrgraph/event/> .
@prefix instrument: <https://w3id.org/hrgraph/instrument/> .
@prefix organization: <https://w3id.org/hrgraph/organization/> .
@prefix membership: <https://w3id.org/hrgraph/membership/> .
@prefix person: <https://w3id.org/hrgraph/person/> .
@prefix source: <https://w3id.org/hrgraph/source/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def city(slug: str) -> URIRef:
    return URIRef(f"https://w3id.org/hrgraph/city/{slug}")


@pytest.fixture(scope="module")
def index(explorer_graph: Graph) -> dict:
    return build_index(explorer_graph)


def test_versions_of_one_fact_are_one_fact_with_a_range() -> None:
    g = turtle("""
    event:a a hrg:Designation ; hrg:adopter city:graz ; hrg:date "2001-02-08" ; prov:wasDerivedFrom source:one .
    event:b a hrg:Designation ; hrg:adopter city:graz ; hrg:date "2000" ; prov:wasDerivedFrom source:two .
    event:c a hrg:Designation ; hrg:adopter city:graz ; hrg:date "2001" .
    """)
    [fact] = dated_facts(g)
    assert (fact["category"], fact["counted"], fact["years"], fact["first"], fact["last"]) == (
        "designation", "city/graz", [2000, 2001], 2000, 2001)
    assert [(v["id"], v["dates"], v["sources"]) for v in fact["versions"]] == [
        ("event/a", ["2001-02-08"], ["source/one"]), ("event/b", ["2000"], ["source/two"]), ("event/c", ["2001"], [])]


def test_each_kind_of_fact_is_counted_by_what_it_is_about() -> None:
    g = turtle("""
    hrg:Forum rdfs:subClassOf hrg:Event .
    event:adopt a hrg:Adoption ; hrg:adopter city:lund ; hrg:instrument instrument:charter ; hrg:date "2010" .
    event:sign a hrg:Signature ; hrg:adopter city:lund ; hrg:instrument instrument:charter ; hrg:date "2011" .
    event:udhr a hrg:Adoption ; hrg:instrument instrument:udhr ; hrg:date "1948-12-10" .
    event:forum a hrg:Forum ; hrg:location city:gwangju ; hrg:date "2011" .
    membership:m a org:Membership ; org:member city:lund ; org:organization organization:eccar ; hrg:startDate "2018-08" .
    membership:n a org:Membership ; org:member city:lund ; org:organization organization:uclg .
    """)
    found = {(f["category"], f["counted"], f["object"]): (f["years"], f["entities"]) for f in dated_facts(g)}
    assert found == {
        ("adoption", "city/lund", "instrument/charter"): ([2010, 2011], ["city/lund", "event/adopt", "event/sign",
                                                                         "instrument/charter"]),
        ("adoption", "instrument/udhr", "instrument/udhr"): ([1948], ["event/udhr", "instrument/udhr"]),
        ("event", "event/forum", None): ([2011], ["city/gwangju", "event/forum"]),
        ("membership", "city/lund", "organization/eccar"): ([2018], ["city/lund", "membership/m", "organization/eccar"]),
        ("membership", "city/lund", "organization/uclg"): ([], ["city/lund", "membership/n", "organization/uclg"]),
    }


def test_undated_facts_come_last() -> None:
    g = turtle("""
    event:x a hrg:Designation ; hrg:adopter city:a .
    event:y a hrg:Designation ; hrg:adopter city:b ; hrg:date "2005" .
    """)
    assert [(f["counted"], f["first"]) for f in dated_facts(g)] == [("city/b", 2005), ("city/a", None)]


def test_kind_of_commitment_is_the_strongest_shown() -> None:
    g = turtle("""
    event:1 hrg:adopter city:formal ; hrg:process hrg:formal . event:2 hrg:adopter city:formal ; hrg:process hrg:informal .
    event:3 hrg:adopter city:informal ; hrg:process hrg:informal . event:4 hrg:adopter city:informal .
    event:5 hrg:adopter city:unstated .
    membership:m org:member city:member ; org:organization organization:n .
    """)
    assert {slug: commitment_of(g, city(slug)) for slug in ("formal", "informal", "unstated", "member", "none")} == {
        "formal": "formal", "informal": "informal", "unstated": "unstated", "member": "membership", "none": None}


def test_networks_are_typed_or_have_cities_as_members() -> None:
    g = turtle("""
    organization:typed a hrg:Network .
    organization:of-cities a hrg:Organization . city:x a hrg:City .
    membership:a org:member city:x ; org:organization organization:of-cities .
    organization:of-people a hrg:Organization .
    membership:b org:member person:y ; org:organization organization:of-people .
    """)
    ns = "https://w3id.org/hrgraph/organization/"
    assert networks(g) == {URIRef(ns + "typed"), URIRef(ns + "of-cities")}


def test_kinds_cover_every_kind_of_page() -> None:
    from hrgraph.pages import PAGE_KINDS

    assert sorted(p for spec in KINDS.values() for p in spec["paths"]) == sorted(PAGE_KINDS)
    assert "statement" not in PAGE_KINDS and "geometry" not in PAGE_KINDS  # shown on their entity's page
    assert entity_kind(URIRef("https://w3id.org/hrgraph/localgov/x")) == "city"


def test_index_of_the_fixture(index: dict) -> None:
    entities = {e["id"]: e for e in index["entities"]}
    graz = entities["city/graz"]
    assert (graz["kind"], graz["country"], graz["continent"], graz["commitment"]) == (
        "city", "country/austria", "continent/europe", "formal")
    assert (graz["lat"], graz["long"], graz["since"], graz["years"]) == (47.0707, 15.4395, 2000, [2000, 2001, 2018])
    assert graz["networks"] == ["organization/network"]
    assert entities["city/rosario"]["instruments"] == ["instrument/charter"]
    assert entities["city/rosario"]["commitment"] == "informal"
    assert (entities["city/lund"]["commitment"], entities["city/lund"]["since"]) == ("membership", 2018)
    assert "lat" not in entities["city/lund"] and entities["city/nowhere"]["commitment"] is None
    assert entities["organization/network"]["network"] is True
    assert entities["city/gwangju"]["names"] == ["광주"] and "names" not in graz
    assert entities["event/forum-2011"]["country"] == "country/south-korea"  # where it took place
    assert entities["source/graz-council"]["label"] == "Decision of the Graz city council"  # its title, not its label
    assert [e["id"] for e in index["entities"] if "lat" in e] == ["city/graz", "city/gwangju", "city/rosario"]
    assert json.loads(index_json(index)) == json.loads(json.dumps(index))  # JSON as it is


def test_the_bundled_graph(kg: Graph) -> None:
    index = build_index(kg)
    placed = {e["id"] for e in index["entities"] if "lat" in e}
    with_coordinates = {str(row[0])[len(index["base"]):] for row in kg.query(
        "SELECT DISTINCT ?p WHERE { ?p <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ; "
        "<http://www.w3.org/2003/01/geo/wgs84_pos#long> ?long }")}
    assert placed == with_coordinates  # none yet, until coordinates come in
    rosario = [f for f in index["facts"] if f["counted"] == "city/rosario" and f["category"] == "designation"]
    assert len(rosario) == 1 and 1997 in rosario[0]["years"] and len(rosario[0]["versions"]) >= 3  # one fact


def test_served_pages_and_files(explorer_graph: Graph, index: dict) -> None:
    client = TestClient(create_app(explorer_graph, settings=Settings(workers=1)))
    for path in ["/", "/index.html", "/explore", *(f"/{spec['page']}" for spec in KINDS.values())]:
        response = client.get(path)
        assert response.status_code == 200 and "<h1" in response.text, path
    assert json.loads(client.get("/explorer/data.json").content) == json.loads(index_json(index))
    assert client.get("/explorer/data.js").text.startswith("window.hrgraphData = {")
    assert client.get("/explorer/leaflet.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/explorer/nope.js").status_code == 404
    cities = client.get("/cities").text
    assert cities.count('<tr><td><a href="city/') == 5
    graz = client.get("/city/graz").text
    assert 'id="entity-map"' in graz and 'data-lat="47.0707"' in graz and 'src="../explorer/leaflet.js"' in graz
    assert "Graz becomes a human rights city, 2001-02-09" in graz  # a source by its title and date
    assert 'id="entity-map"' not in client.get("/city/lund").text


def test_static_files_match_the_server(explorer_graph: Graph, index: dict) -> None:
    written = dict(explorer_files(explorer_graph))
    assert {"index.html", "explore.html", "cities.html", "explorer/data.json", "explorer/world.js",
            "explorer/LICENSE-leaflet.txt"} <= set(written)
    assert written["explorer/data.json"] == index_json(index)
    assert 'href="explore.html?kind=city"' in written["cities.html"].decode()


def test_an_empty_graph_gives_empty_pages() -> None:
    empty = Graph()
    index = build_index(empty)
    assert (index["entities"], index["facts"]) == ([], [])
    files = dict(explorer_files(empty))
    assert b"<h1>Cities and local governments <span class=\"count\">0</span></h1>" in files["cities.html"]
