"""The query runner's edges: every mistake is a QueryError that says what is wrong."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from hrgraph.errors import QueryError
from hrgraph.sparql import NamedQuery, bind, run_query

COUNTRY = NamedQuery.from_text(
    "# title: t\n\n# param: n (integer, default 1): a number\n"
    "# param: y (year, default 2009): a year\n"
    "SELECT ?n ?y WHERE { BIND(1 AS ?one) }\n",
    "t",
    "t.rq",
)


def test_header_survives_blank_lines() -> None:
    assert [p.name for p in COUNTRY.parameters] == ["n", "y"]


@pytest.mark.parametrize("value", ["1_2", " 12 ", "１２", "1.5", ""])
def test_integers_are_ascii_digits_only(kg: Graph, value: str) -> None:
    with pytest.raises(QueryError, match="parameter 'n' expects integer"):
        run_query(COUNTRY, {"n": value}, graph=kg)


@pytest.mark.parametrize("value", ["２００９", "09", "2009-01"])
def test_years_are_four_ascii_digits(kg: Graph, value: str) -> None:
    with pytest.raises(QueryError, match="parameter 'y' expects year"):
        run_query(COUNTRY, {"y": value}, graph=kg)


def test_rdf_term_parameters_are_validated_too(kg: Graph) -> None:
    with pytest.raises(QueryError, match="invalid IRI"):
        run_query("instances-of", {"class": URIRef("http://x> } ; DROP ALL ; <y")}, graph=kg)
    with pytest.raises(QueryError, match="NUL or an invalid character"):
        run_query("find-by-name", {"text": Literal("a\x00b")}, graph=kg)


def test_unknown_prefix_is_a_query_error(kg: Graph) -> None:
    with pytest.raises(QueryError, match="Unknown namespace prefix"):
        run_query("SELECT ?x WHERE { ?x a nope:City }", graph=kg)


def test_evaluation_errors_are_query_errors_with_or_without_timeout(kg: Graph) -> None:
    """rdflib fails to sort unbound values (an evaluation error, not a syntax error); Oxigraph sorts them."""
    text = "SELECT ?x WHERE { ?x ?p ?o } ORDER BY STR(?unbound) LIMIT 2"
    memory = Graph()
    memory.add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
    memory.add((URIRef("urn:b"), URIRef("urn:p"), Literal(2)))
    for timeout in (None, 10):
        with pytest.raises(QueryError, match=r"query failed: '<' not supported"):
            run_query(text, graph=memory, timeout=timeout)
        assert len(run_query(text, graph=kg, timeout=timeout).rows) == 2  # kg is on Oxigraph


def test_short_construct_cannot_take_parameters() -> None:
    with pytest.raises(QueryError, match="write CONSTRUCT"):
        bind("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef("urn:x")})


def test_inference_is_local_only(kg: Graph) -> None:
    with pytest.raises(QueryError, match="local graph only"):
        run_query("organizations", graph=kg, endpoint="http://127.0.0.1:1/query", infer="rdfs")


def test_entity_iri_must_exist_locally(kg: Graph) -> None:
    with pytest.raises(QueryError, match="no entity named"):
        run_query("networks-of-city", {"city": "https://w3id.org/hrgraph/city/atlantis"}, graph=kg)
