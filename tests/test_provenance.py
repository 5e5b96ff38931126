"""Provenance is queryable: the README's example query answers with facts and their sources."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_query() -> str:
    (query,) = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return query


def test_readme_provenance_query_names_only_the_source_that_states_it(live_kg: Graph) -> None:
    """Bergen's country rests on the curators and on GeoNames: the blog post that names Bergen does not place it."""
    rows = sorted((str(r.source), r.quote) for r in live_kg.query(readme_query()))
    assert rows == [("https://w3id.org/hrgraph/source/geonames-3161732", None),
                    ("https://w3id.org/hrgraph/source/hrgraph-curation", None)]


def test_every_fact_node_and_entity_has_a_source(live_kg: Graph) -> None:
    unsourced = live_kg.query(
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
