"""The NetworkX projections: entities as nodes, qualified relations as edges with role, date, source."""

from __future__ import annotations

import pytest
from rdflib import Graph

from hrgraph.errors import HRGraphError
from hrgraph.projection import fact_year, project

CITY = "https://w3id.org/hrgraph/city/"
ORGANIZATION = "https://w3id.org/hrgraph/organization/"


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
