"""Provenance is queryable: the README's example query answers with facts and their sources."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_query() -> str:
    (query,) = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return query


def test_readme_provenance_query_lists_gwangju_claims_with_sources(kg: Graph) -> None:
    rows = {(str(r.fact).rsplit("/", 1)[-1], str(r.source)) for r in kg.query(readme_query())}
    facts = {fact for fact, _ in rows}
    assert ("gwangju", "Human Rights City") in rows  # the entity's own statements, from Wikipedia
    assert any("co-chair" in fact for fact in facts)  # the dated membership, a fact node of its own
    co_chair_sources = {(fact, source) for fact, source in rows if "co-chair" in fact}
    assert co_chair_sources == {  # each seat rests on its own source
        ("gwangju--uclg-cisdp--co-chair", "Human Rights City"),
        ("gwangju--uclg-cisdp--co-chair-2015-04-21",
         "New co presidency cisdp reinforces its mission strengthen right city (old.uclg.org)"),
        ("gwangju--uclg-cisdp--co-chair-uclg-cisdp-org",
         "Seoul municipal government division works mainstream rights approach local public action (uclg-cisdp.org)"),
    }


def test_every_fact_node_and_entity_has_a_source(kg: Graph) -> None:
    unsourced = kg.query(
        """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?node WHERE {
          ?node a ?class .
          FILTER(STRSTARTS(STR(?node), "https://w3id.org/hrgraph/")
                 && !STRSTARTS(STR(?node), "https://w3id.org/hrgraph/source/")
                 && !STRSTARTS(STR(?node), "https://w3id.org/hrgraph/ontology")
                 && !STRSTARTS(STR(?node), "https://w3id.org/hrgraph/role/"))
          FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?source }
        }
        """
    )
    assert list(unsourced) == []
