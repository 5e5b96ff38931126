"""The web server in process (Starlette's TestClient): every route, status code and format.

Covers the W3C SPARQL 1.1 Protocol negative tests verbatim, and the server cases of
RELIABILITY.md (32-45): wrong methods, media types and encodings, updates refused or all-or-nothing,
size and URL limits, SERVICE and FROM refused with no connection or file opened (audit hook),
timeouts and row caps, content negotiation, escaped labels, no traceback in any error body.
"""

from __future__ import annotations

import io
import json
import re
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from markupsafe import escape
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, SKOS, VOID, XSD
from rdflib.query import Result

from hrgraph.namespaces import HRG
from hrgraph.pages import entity_data, entity_pages
from hrgraph.rdf.export import serialize
from hrgraph.rdf.formats import EXPORT_FORMATS as FORMATS
from hrgraph.sparql import library, run_query
from hrgraph.web import Settings, create_app, negotiate, preferred_languages

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2, and says so at import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROSARIO = "https://w3id.org/hrgraph/city/rosario"
RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json",
               "xml": "application/rdf+xml"}
#: Signs of a leaked traceback or server path in an error body.
LEAKS = ("Traceback", 'File "', ".py", "/work/", "site-packages", "hrgraph/_data")


@pytest.fixture(scope="module")
def client(kg: Graph) -> Iterator[TestClient]:
    with TestClient(create_app(kg, settings=Settings(timeout=20))) as test_client:
        yield test_client


def writable(graph: Graph, **settings: Any) -> TestClient:
    """A client of a server with updates enabled, on a copy of ``graph``, as a local program."""
    copy = Graph()
    copy += graph
    return TestClient(create_app(copy, settings=Settings(enable_update=True, **settings)), base_url="http://localhost")


def count(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def assert_clean_error(response: Any, status: int | tuple[int, ...]) -> None:
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.text)
    assert response.text.strip(), "an error says what went wrong"
    for leak in LEAKS:
        assert leak not in response.text, (leak, response.text)


# The W3C SPARQL 1.1 Protocol negative tests, verbatim (method, URL, headers, body) -------------

FORM_TYPO = "application/x-www-url-form-urlencoded"  # as the test suite spells it
CONFLICT = ("using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=%09%09PREFIX%20foaf%3A%20%20%3Chttp%3A%2F%2Fxmlns.com"
            "%2Ffoaf%2F0.1%2F%3E%0A%09%09WITH%20%3Chttp%3A%2F%2Fexample%2Faddresses%3E%0A%09%09DELETE%20%7B%20%3Fperson%20foaf"
            "%3AgivenName%20%27Bill%27%20%7D%0A%09%09INSERT%20%7B%20%3Fperson%20foaf%3AgivenName%20%27William%27%20%7D%0A%09%09"
            "WHERE%20%7B%0A%09%09%09%3Fperson%20foaf%3AgivenName%20%27Bill%27%0A%09%09%7D%0A")
W3C_NEGATIVE = {
    "bad_query_method": ("PUT", "/sparql?query=ASK%20%7B%7D", {}, b""),
    "bad_multiple_queries": ("GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, b""),
    "bad_query_wrong_media_type": ("POST", "/sparql", {"Content-Type": "text/plain"}, b"ASK {}"),
    "bad_query_missing_form_type": ("POST", "/sparql", {}, b"query=ASK%20%7B%7D"),
    "bad_query_missing_direct_type": ("POST", "/sparql", {}, b"ASK {}"),
    "bad_query_non_utf8": ("POST", "/sparql", {"Content-Type": "application/sparql-query; charset=UTF-16"},
                           "ASK {}".encode("utf-16")),
    "bad_query_syntax": ("GET", "/sparql?query=ASK%20%7B", {}, b""),
    "bad_update_get": ("GET", "/sparql?update=CLEAR%20ALL", {}, b""),
    "bad_multiple_updates": ("POST", "/sparql", {"Content-Type": FORM_TYPO}, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"),
    "bad_update_wrong_media_type": ("POST", "/sparql", {"Content-Type": "text/plain"}, b"CLEAR NAMED"),
    "bad_update_missing_form_type": ("POST", "/sparql", {}, b"update=CLEAR%20NAMED"),
    "bad_update_non_utf8": ("POST", "/sparql", {"Content-Type": "application/sparql-update; charset=UTF-16"},
                            "CLEAR NAMED".encode("utf-16")),
    "bad_update_syntax": ("POST", "/sparql", {"Content-Type": FORM_TYPO}, b"update=CLEAR%20XYZ"),
    "bad_update_dataset_conflict": ("POST", "/sparql", {"Content-Type": FORM_TYPO}, CONFLICT.encode()),
}


def send(client: TestClient, method: str, url: str, headers: dict[str, str], body: bytes) -> Any:
    return client.request(method, url, headers=headers, content=body or None)


@pytest.mark.parametrize("name", list(W3C_NEGATIVE))
def test_w3c_protocol_negative_tests(kg: Graph, client: TestClient, name: str) -> None:
    method, url, headers, body = W3C_NEGATIVE[name]
    assert_clean_error(send(client, method, url, headers, body), tuple(range(400, 500)))
    with writable(kg) as open_client:  # refused for the protocol's reason, not only because read-only
        before = count(open_client)
        assert_clean_error(send(open_client, method, url, headers, body), tuple(range(400, 500)))
        assert count(open_client) == before


@pytest.mark.parametrize(
    ("name", "status", "fixed"),
    [  # the same requests with the media type spelled right: refused for the intended reason
        ("bad_multiple_updates", 400, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"),
        ("bad_update_syntax", 400, b"update=CLEAR%20XYZ"),
        ("bad_update_dataset_conflict", 400, CONFLICT.encode()),
    ],
)
def test_update_negatives_with_the_right_form_type(kg: Graph, name: str, status: int, fixed: bytes) -> None:
    with writable(kg) as open_client:
        before = serialize(open_client.app.state.web.served.snapshot.graph, "nt")
        response = open_client.post("/sparql", headers={"Content-Type": "application/x-www-form-urlencoded"}, content=fixed)
        assert_clean_error(response, status)
        assert serialize(open_client.app.state.web.served.snapshot.graph, "nt") == before


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_w3c_positive_query_forms(client: TestClient, how: str) -> None:
    query = "ASK {}"
    if how == "get":
        response = client.get("/sparql?query=ASK%20%7B%7D")
    elif how == "form":
        response = client.post("/sparql", content=b"query=ASK%20%7B%7D",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        response = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["boolean"] is True


# RELIABILITY 32-45 ----------------------------------------------------------------------------


def test_32_put_is_405_with_allow(client: TestClient) -> None:
    response = client.put("/sparql?query=ASK{}")
    assert_clean_error(response, 405)
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Content-Type": "text/plain"}, b"ASK {}", 415),
        ({}, b"query=ASK%20%7B%7D", 415),
        ({}, b"ASK {}", 415),
        ({"Content-Type": "application/sparql-query; charset=UTF-16"}, "ASK {}".encode("utf-16"), 415),
        ({"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"}, b"query=ASK%20%7B%7D", 415),
        ({"Content-Type": "application/sparql-query"}, b"ASK {} \xff", 400),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"", 400),
    ],
)
def test_34_post_media_types_and_charsets(client: TestClient, headers: dict[str, str], body: bytes, status: int) -> None:
    assert_clean_error(client.post("/sparql", headers=headers, content=body), status)


def test_35_malformed_query_is_400_plain_text(client: TestClient) -> None:
    response = client.get("/sparql?query=ASK%20%7B")
    assert_clean_error(response, 400)
    assert response.headers["content-type"].startswith("text/plain")
    assert "syntax error" in response.text and "1:" in response.text


@pytest.mark.parametrize(
    ("method", "url", "headers", "body"),
    [
        ("GET", "/sparql?update=CLEAR%20ALL", {}, b""),
        ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, b"update=CLEAR%20ALL&update=CLEAR%20ALL"),
        ("POST", "/sparql", {"Content-Type": "text/plain"}, b"CLEAR ALL"),
        ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, b"update=CLEAR%20XYZ"),
        ("POST", "/sparql?using-named-graph-uri=http%3A%2F%2Fexample%2Fg", {"Content-Type": "application/sparql-update"},
         b"WITH <http://example/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"),
        ("POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"),  # read-only server
    ],
)
def test_36_37_refused_updates_leave_the_store_byte_identical(
    kg: Graph, client: TestClient, method: str, url: str, headers: dict[str, str], body: bytes
) -> None:
    before = client.get("/dump.nt").content
    assert_clean_error(send(client, method, url, headers, body), tuple(range(400, 500)))
    assert client.get("/dump.nt").content == before
    with writable(kg) as open_client:
        if b"CLEAR ALL" == body:
            return  # the one request that is fine once updates are enabled
        before = open_client.get("/dump.nt").content
        assert_clean_error(send(open_client, method, url, headers, body), tuple(range(400, 500)))
        assert open_client.get("/dump.nt").content == before


def test_37_read_only_by_default(client: TestClient) -> None:
    response = client.post("/sparql", data={"update": "INSERT DATA { <http://e.org/a> <http://e.org/b> 1 }"})
    assert_clean_error(response, 403)
    assert "read-only" in response.text and "--enable-update" in response.text


def test_37_cross_origin_form_post_and_foreign_host_are_403(kg: Graph) -> None:
    with writable(kg) as open_client:
        before = count(open_client)
        response = open_client.post("/sparql", data={"update": "DROP ALL"}, headers={"Origin": "http://evil.example"})
        assert_clean_error(response, 403)
        response = open_client.post("/sparql", data={"update": "DROP ALL"}, headers={"Sec-Fetch-Site": "cross-site"})
        assert_clean_error(response, 403)
        response = open_client.post("/sparql", data={"update": "DROP ALL"}, headers={"Host": "evil.example"})
        assert_clean_error(response, 403)
        assert_clean_error(open_client.get("/", headers={"Host": "attacker.example:8000"}), 403)
        assert count(open_client) == before
        # Our own origin, and programs that send no Origin, may update.
        insert = {"update": "INSERT DATA { <http://e.org/a> <http://e.org/b> 1 }"}
        assert open_client.post("/sparql", data=insert, headers={"Origin": "http://localhost"}).status_code == 200
        assert count(open_client) == before + 1


def test_37_binds_loopback_by_default() -> None:
    assert Settings().host == "127.0.0.1"


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label", "select"),
        ("ASK { ?s a <https://w3id.org/hrgraph/ontology#City> }", "ask"),
    ],
)
def test_38_results_in_every_format_parse_back(kg: Graph, client: TestClient, query: str, kind: str) -> None:
    expected = kg.query(query)
    formats = ["json", "xml"] + (["csv", "tsv"] if kind == "select" else [])
    for fmt in formats:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": RESULT_TYPES[fmt]})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == RESULT_TYPES[fmt]
        parsed = Result.parse(io.BytesIO(response.content), format=fmt)
        if kind == "ask":
            assert parsed.askAnswer is True
        elif fmt == "csv":  # CSV keeps only the lexical forms
            assert [tuple(map(str, row)) for row in parsed] == [tuple(map(str, row)) for row in expected]
        else:
            assert [tuple(row) for row in parsed] == [tuple(row) for row in expected]


@pytest.mark.parametrize(
    "query",
    [
        f"CONSTRUCT {{ <{ROSARIO}> ?p ?o }} WHERE {{ <{ROSARIO}> ?p ?o }}",
        f"DESCRIBE <{ROSARIO}>",
    ],
)
def test_38_graphs_in_every_format_parse_back(kg: Graph, client: TestClient, query: str) -> None:
    expected = kg.query(query).graph
    assert len(expected) > 0
    for fmt, media in GRAPH_TYPES.items():
        response = client.get("/sparql", params={"query": query}, headers={"Accept": media})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == media
        assert isomorphic(Graph().parse(data=response.content, format=fmt), expected), fmt


def test_38_negotiation_defaults_and_q_values(client: TestClient) -> None:
    select = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}
    construct = {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"}
    cases = [
        (select, None, "application/sparql-results+json"),
        (select, "*/*", "application/sparql-results+json"),
        (select, "text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (select, "application/*;q=0.2, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        (select, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),
        (construct, None, "text/turtle"),
        (construct, "application/n-triples, text/turtle;q=0.5", "application/n-triples"),
        (construct, "application/ld+json", "application/ld+json"),
    ]
    for params, accept, media in cases:
        headers = {"Accept": accept} if accept else {}
        response = client.get("/sparql", params=params, headers=headers)
        assert response.status_code == 200, (accept, response.text)
        assert response.headers["content-type"].split(";")[0] == media, accept
        assert "Accept" in response.headers["vary"]


def test_38_format_parameter(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    # A format that does not fit the answer (SPARQLWrapper sends format=n3 with its Accept) leaves it to Accept.
    ask = client.get("/sparql", params={"query": "ASK {}", "format": "turtle"}, headers={"Accept": "application/sparql-results+xml"})
    assert ask.status_code == 200 and ask.headers["content-type"].startswith("application/sparql-results+xml")
    assert_clean_error(client.get("/query", params={"sparql": "ASK {}", "format": "turtle"}), 400)


@pytest.mark.parametrize(
    ("query", "refused"),
    [("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", True),
     # FROM and FROM NAMED choose among the graphs the server holds: none of these names one
     ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", False),
     ("SELECT * FROM NAMED <http://127.0.0.1:1/g> WHERE { GRAPH ?g { ?s ?p ?o } }", False)],
)
def test_39_service_is_refused_and_from_reads_no_file_nor_connection(client: TestClient, query: str, refused: bool) -> None:
    with audit() as events:
        get = client.get("/sparql", params={"query": query})
        post = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    for response in (get, post):
        if refused:
            assert_clean_error(response, 400)
            assert "refused" in response.text
        else:
            assert response.status_code == 200, response.text
            assert response.json()["results"]["bindings"] == []
    assert [e for e in events if e[0] == "socket.connect"] == []
    assert [e for e in events if e[0] == "open" and "passwd" in str(e[1])] == []


def test_39_load_is_refused_even_with_updates(kg: Graph) -> None:
    with writable(kg) as open_client:
        for iri in ("file:///etc/passwd", "http://127.0.0.1:1/data.ttl"):
            with audit() as events:
                response = open_client.post("/sparql", data={"update": f"LOAD <{iri}>"})
            assert_clean_error(response, 400)
            assert "LOAD is refused" in response.text
            assert not [e for e in events if e[0] == "socket.connect" or (e[0] == "open" and "passwd" in str(e[1]))]


def test_41_row_cap_is_an_explicit_header(kg: Graph) -> None:
    with TestClient(create_app(kg, settings=Settings(max_rows=5))) as capped:
        response = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.status_code == 200
        assert response.headers["x-truncated"] == "true" and response.headers["x-row-limit"] == "5"
        assert len(response.json()["results"]["bindings"]) == 5
        whole = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
        assert "x-truncated" not in whole.headers


def test_42_multi_operation_update_failing_last_changes_nothing(kg: Graph) -> None:
    with writable(kg) as open_client:
        before = open_client.get("/dump.nt").content
        update = ("INSERT DATA { <http://e.org/new> <http://e.org/p> 1 } ; "
                  f"DELETE WHERE {{ <{ROSARIO}> ?p ?o }} ; "
                  "DROP GRAPH <http://e.org/no-such-graph>")
        response = open_client.post("/sparql", data={"update": update})
        assert_clean_error(response, 400)
        assert "nothing was changed" in response.text
        assert open_client.get("/dump.nt").content == before
        # The same first operations alone do apply.
        ok = open_client.post("/sparql", content=update.rsplit(";", 1)[0].encode(),
                              headers={"Content-Type": "application/sparql-update"})
        assert ok.status_code == 200, ok.text
        assert open_client.get("/sparql", params={"query": f"ASK {{ <{ROSARIO}> ?p ?o }}"}).json()["boolean"] is False


def test_44_body_over_the_limit_is_413(client: TestClient) -> None:
    big = b"query=" + b"x" * (10 * 1024 * 1024)
    assert_clean_error(client.post("/sparql", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(20):
            yield b"#" * (100 * 1024)

    response = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert_clean_error(response, 413)


def test_44_long_url_is_414(client: TestClient) -> None:
    response = client.get("/sparql?query=" + "%20" * (20 * 1024 // 3) + "ASK%7B%7D")
    assert_clean_error(response, 414)
    assert_clean_error(client.get("/city/" + "a" * 20_000), 414)


@pytest.mark.parametrize(
    "url",
    ["/sparql?query=ASK%ZZ%7B%7D", "/sparql?query=ASK%7B%7D%", "/sparql?query=%FF%FE", "/sparql?query=ASK%C3%28",
     "/query?sparql=%FFx", "/query?name=%E2%82"],
)
def test_45_bad_percent_encoding_or_utf8_is_400(client: TestClient, url: str) -> None:
    assert_clean_error(client.get(url), 400)


def test_45_bad_utf8_in_a_form_body_is_400(client: TestClient) -> None:
    for body in (b"query=%FF", b"query=ASK%7B%7D&x=%G1", "query=ASK {} é".encode()):
        response = client.post("/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert_clean_error(response, 400)


# Hostile and heavy queries ------------------------------------------------------------------------


def test_a_30_level_nested_query_gets_its_answer(kg: Graph, client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE " + "{ " * 30 + "?s ?p ?o " + "} " * 30
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == len(kg)


def test_absurdly_nested_query_is_a_clear_400(client: TestClient) -> None:
    query = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000
    response = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert_clean_error(response, 400)
    assert response.text == "<query>: nested too deeply to parse\n"  # refused, not a worker killed by Oxigraph


def test_runaway_query_and_update_stop_at_the_timeout(kg: Graph) -> None:
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with writable(kg, timeout=1.0) as slow:  # the messages show each was stopped at its deadline
        response = slow.get("/sparql", params={"query": cross})
        assert_clean_error(response, 503)
        assert "timed out after 1s" in response.text
        update = ("INSERT { ?a <http://e.org/p> ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
                  "FILTER (STR(?c) = STR(?i) && ?b != ?h) }")
        before = count(slow)
        response = slow.post("/sparql", data={"update": update})
        assert_clean_error(response, 503)
        assert "nothing was changed" in response.text and "timed out after 1s" in response.text
        assert count(slow) == before  # and the server still answers


def test_accept_nothing_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "*/*;q=0"})
    assert_clean_error(response, 406)
    assert "application/sparql-results+json" in response.text
    assert_clean_error(client.get("/city/rosario", headers={"Accept": "*/*;q=0"}), 406)
    assert_clean_error(client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"}), 406)


def test_errors_never_show_a_traceback(client: TestClient) -> None:
    responses = [
        client.get("/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20a%20nope%3AThing%20%7D"),  # unknown prefix
        client.get("/sparql?query=SELECT%20*%20WHERE%20%7B%7D%20GROUP%20BY"),
        client.get("/query?name=members-of-network&p.network=Nowhere%20City"),
        client.get("/query?name=dated-in-year&p.year=twenty"),
        client.get("/query?name=no-such-query"),
        client.get("/no/such/page"),
        client.get("/static/../../etc/passwd"),
        client.get("/dump.exe"),
        client.delete("/"),
    ]
    for response in responses:
        assert response.status_code >= 400, response.url
        assert_clean_error(response, response.status_code)


# Linked data ------------------------------------------------------------------------------------


def entity_triples(graph: Graph, iri: str) -> Graph:
    data = Graph()
    for triple in graph.triples((URIRef(iri), None, None)):
        data.add(triple)
    for triple in graph.triples((None, None, URIRef(iri))):
        data.add(triple)
    return data


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt", "xml"])
def test_entity_data_by_accept(kg: Graph, client: TestClient, fmt: str) -> None:
    response = client.get("/city/rosario", headers={"Accept": GRAPH_TYPES[fmt]})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == GRAPH_TYPES[fmt]
    assert isomorphic(Graph().parse(data=response.content, format=fmt), entity_triples(kg, ROSARIO))


@pytest.mark.parametrize(("suffix", "fmt"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")])
def test_entity_data_by_suffix(kg: Graph, client: TestClient, suffix: str, fmt: str) -> None:
    response = client.get(f"/city/rosario.{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert isomorphic(Graph().parse(data=response.content, format=fmt), entity_triples(kg, ROSARIO))


def test_every_entity_dereferences(kg: Graph, client: TestClient) -> None:
    entities = entity_pages(kg)
    assert len(entities) > 50
    for iri in entities[:: max(1, len(entities) // 40)]:
        path = str(iri)[len("https://w3id.org/hrgraph"):]
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        data = client.get(path + ".nt")
        assert isomorphic(Graph().parse(data=data.content, format="nt"), entity_triples(kg, str(iri))), path


def test_unknown_entity_is_404(client: TestClient) -> None:
    assert_clean_error(client.get("/city/atlantis", headers={"Accept": "text/turtle"}), 404)
    page = client.get("/city/rosaro", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Rosario" in page.text  # a suggestion
    assert_clean_error(client.get("/city/rosario.exe"), 404)
    assert_clean_error(client.get("/planet/earth"), 404)
    # a path with control characters comes back escaped, on one line: nothing a terminal would obey
    echoed = client.get("/city/a%1b%5b2J%0d%0aInjected%07", headers={"Accept": "text/plain"})
    assert echoed.status_code == 404
    assert "/city/a\\x1b[2J" in echoed.text and "Injected\\x07" in echoed.text
    assert echoed.text.count("\n") == 1 and not any(c < " " for c in echoed.text.rstrip("\n"))


def test_entity_page_shows_facts_sources_and_links(kg: Graph, client: TestClient) -> None:
    page = client.get("/city/rosario", headers={"Accept": "text/html"}).text
    assert "<h1 id=\"label\">Rosario</h1>" in page
    assert 'href="../country/argentina"' in page  # a related entity, linked relatively
    assert "1997-06" in page  # a fact's date
    assert 'id="source-1"' in page and "Human Rights" in page  # its sources
    assert 'src="../view/city/rosario"' in page  # the neighbourhood view
    view = client.get("/view/city/rosario")
    assert view.status_code == 200
    assert 'src="../../static/vis-network.min.js"' in view.text and "Argentina" in view.text
    assert 'src="http' not in view.text and 'href="http' not in view.text  # nothing from another host


def test_entity_page_shows_the_date_a_source_gives_with_a_relation_and_no_attestation_nodes(kg: Graph) -> None:
    """A plain relation's date is on its attestation: the page shows it beside the relation's source,
    and the attestation itself is not listed as an entity that refers to this one."""
    from hrgraph.provenance import attestation_iri

    graph = Graph()
    graph += kg
    rosario, argentina = URIRef(ROSARIO), URIRef("https://w3id.org/hrgraph/country/argentina")
    source = URIRef("https://w3id.org/hrgraph/source/example-dated")
    graph.add((source, RDF.type, HRG.Source))
    graph.add((source, RDFS.label, Literal("A dated page", lang="en")))
    statement = attestation_iri(rosario, HRG.country, argentina, source)
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, rosario), (RDF.predicate, HRG.country),
                 (RDF.object, argentina), (PROV.wasDerivedFrom, source),
                 (HRG.date, Literal("1997", datatype=XSD.gYear))):
        graph.add((statement, p, o))
    with TestClient(create_app(graph)) as dated_client:
        page = dated_client.get("/city/rosario", headers={"Accept": "text/html"}).text
    assert re.search(r'Argentina</a>.*?<span class="given-date"[^>]*>\(1997\)</span>', page, re.S)
    assert "statement:" not in page  # the attestation is the [n] beside the relation, not a referrer


def test_entity_page_and_show_give_the_curators_notes_beside_the_statements_they_explain(kg: Graph) -> None:
    """A point or a country credited to the curators is read with the reason they wrote for it."""
    from click.testing import CliRunner

    from hrgraph.cli import cli

    graph = Graph()
    graph += kg
    note = "placed by the curators at its seat <Saint-Denis>, a marker for the map"
    graph.add((URIRef(ROSARIO), SKOS.editorialNote, Literal(note, lang="en")))
    with TestClient(create_app(graph)) as noted:
        page = noted.get("/city/rosario", headers={"Accept": "text/html"}).text
    section = page[page.index('<section class="group" id="notes">'):]
    assert "<h2>Curators' notes</h2>" in section and f"<li>{escape(note)}</li>" in section
    plain = CliRunner().invoke(cli, ["show", "Rosario"]).output
    assert "Curators' notes:" in plain  # `show` prints the notes the graph holds for Rosario


def test_entity_label_follows_accept_language(client: TestClient) -> None:
    korean = client.get("/city/gwangju", headers={"Accept": "text/html", "Accept-Language": "ko-KR, ko;q=0.9, en;q=0.5"})
    assert "<h1 id=\"label\">광주</h1>" in korean.text and 'lang="ko"' in korean.text
    fallback = client.get("/city/gwangju", headers={"Accept": "text/html", "Accept-Language": "sw, xx;q=0.9"})
    assert "<h1 id=\"label\">Gwangju</h1>" in fallback.text and 'lang="en"' in fallback.text
    assert "<h1 id=\"label\">광주</h1>" in client.get("/city/gwangju?lang=ko").text


def test_hostile_label_is_escaped_on_every_page(kg: Graph) -> None:
    hostile = '<img src=x onerror=alert(1)></script><script>alert(1)</script>&"'
    graph = Graph()
    graph += kg
    city = URIRef("https://w3id.org/hrgraph/city/hostile")
    graph.add((city, RDF.type, HRG.City))
    graph.add((city, RDFS.label, Literal(hostile, lang="en")))
    graph.add((URIRef(ROSARIO), URIRef("http://purl.org/dc/terms/relation"), city))
    with TestClient(create_app(graph)) as hostile_client:
        for path in ("/city/hostile", "/city/rosario", "/", "/view/city/rosario",
                     "/query?sparql=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20a%20%3Chttps%3A%2F%2Fw3id.org%2Fhrgraph%2Fontology%23City%3E%20%7D"):
            text = hostile_client.get(path, headers={"Accept": "text/html"}).text
            assert "<img" not in text and "<script>alert" not in text, path
        page = hostile_client.get("/city/hostile", headers={"Accept": "text/html"}).text
        assert "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#34;" in page
        assert "<script" not in page  # entity pages run no script at all
        editor = hostile_client.get("/query", params={"sparql": "</textarea><script>alert(1)</script>"}).text
        assert "<script>alert(1)" not in editor and "&lt;/textarea&gt;" in editor


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_cors_is_off_unless_configured(kg: Graph, client: TestClient) -> None:
    origin = {"Origin": "https://app.example"}
    assert "access-control-allow-origin" not in client.get("/sparql?query=ASK%7B%7D", headers=origin).headers
    with TestClient(create_app(kg, settings=Settings(cors=("https://app.example",)))) as open_client:
        response = open_client.get("/sparql?query=ASK%7B%7D", headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://app.example"
        preflight = open_client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                            "Access-Control-Request-Headers": "content-type"})
        assert preflight.status_code == 200
        other = open_client.get("/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# Service description, VoID, dumps, ontology -------------------------------------------------------


def test_service_description(kg: Graph, client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    description = Graph().parse(data=response.content, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef("http://testserver/sparql")) in description
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in description
    assert (None, VOID.triples, Literal(len(kg))) in description
    assert (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in description
    names = set(description.objects(None, URIRef(sd + "name")))
    assert names == {URIRef("https://w3id.org/hrgraph/data"), URIRef("https://w3id.org/hrgraph/ontology")}
    browser = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "query"


@pytest.mark.parametrize("path", ["/.well-known/void", "/void", "/void.ttl"])
def test_void_describes_the_dataset(kg: Graph, client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=response.content, format="turtle")
    dataset = void.value(predicate=RDF.type, object=VOID.Dataset)
    assert void.value(dataset, VOID.triples).toPython() == len(kg)
    assert void.value(dataset, VOID.entities).toPython() == len(entity_pages(kg))
    assert str(void.value(dataset, VOID.sparqlEndpoint)) == "http://testserver/sparql"
    assert str(void.value(dataset, URIRef("http://purl.org/dc/terms/license"))).startswith("https://creativecommons.org/")
    cities = len(set(kg.subjects(RDF.type, HRG.City)))
    partition = next(p for p in void.objects(dataset, VOID.classPartition) if void.value(p, VOID["class"]) == HRG.City)
    assert void.value(partition, VOID.entities).toPython() == cities
    dumps = sorted(str(d) for d in void.objects(dataset, VOID.dataDump))
    assert len(dumps) == len(FORMATS)
    for dump in dumps:
        assert client.get(dump.replace("http://testserver", "")).status_code == 200
    if not path.endswith(".ttl"):
        as_json = client.get(path, headers={"Accept": "application/ld+json"}).content
        assert isomorphic(Graph().parse(data=as_json, format="json-ld"), void)


def test_an_entity_asked_for_plain_json_answers_json_ld(kg: Graph, client: TestClient) -> None:
    """A web developer's ``Accept: application/json`` gets the entity's JSON-LD, not its page."""
    response = client.get("/city/gwangju", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "application/json"  # the type asked for; JSON-LD is JSON
    got = Graph().parse(data=response.content, format="json-ld")
    assert (URIRef("https://w3id.org/hrgraph/city/gwangju"), RDF.type, HRG.City) in got
    assert isomorphic(got, entity_data(kg, URIRef("https://w3id.org/hrgraph/city/gwangju")))


@pytest.mark.parametrize(("suffix", "fmt"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml")])
def test_dumps_are_the_graph_byte_for_byte(kg: Graph, client: TestClient, suffix: str, fmt: str) -> None:
    name = {"ttl": "turtle", "nt": "nt", "jsonld": "jsonld", "rdf": "xml"}[suffix]
    first, second = client.get(f"/dump.{suffix}"), client.get(f"/dump.{suffix}")
    assert first.content == second.content == serialize(kg, name)
    assert first.headers["content-type"].split(";")[0] == FORMATS[name].media_type
    assert len(Graph().parse(data=first.content, format=fmt)) == len(kg)


def test_trig_dump_has_data_and_ontology_graphs(client: TestClient) -> None:
    response = client.get("/dump.trig")
    assert b"<https://w3id.org/hrgraph/data>" in response.content and b"<https://w3id.org/hrgraph/ontology>" in response.content


def test_ontology_page_documents_terms_and_alignments(kg: Graph, client: TestClient) -> None:
    page = client.get("/ontology").text
    classes = {s for s in kg.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) if str(s).startswith(str(HRG))}
    for cls in classes:
        assert f'id="{str(cls)[len(str(HRG)):]}"' in page
    city = next(c for c in kg.objects(HRG.City, RDFS.comment) if c.language == "en")
    assert f"<p>{escape(str(city))}</p>" in page  # each term's comment, as the ontology words it
    assert 'href="https://schema.org/City"' in page  # an alignment, linked
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert (HRG.City, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in Graph().parse(data=turtle.content, format="turtle")


def test_home_page_says_what_the_graph_holds(kg: Graph, client: TestClient) -> None:
    page = client.get("/").text
    assert f"{len(kg):,}" in page and f"{len(entity_pages(kg)):,}" in page
    assert 'href="cities"' in page and 'href="dump.ttl"' in page
    assert 'href="city/rosario"' not in page  # not a list of every entity: the kind pages are
    assert 'href="city/rosario"' in client.get("/cities").text


def test_static_files_are_ours(client: TestClient) -> None:
    for name in ("site.css", "vis-network.min.js", "vis-network.css", "view.js", "view.css"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and len(response.content) > 100, name
    assert client.get("/static/nope.js").status_code == 404


# The query page -----------------------------------------------------------------------------------


def test_query_page_lists_every_named_query_as_a_form(client: TestClient) -> None:
    page = client.get("/query").text
    for name, query in library().items():
        assert f'id="q-{name}"' in page
        for parameter in query.parameters:
            assert f'name="p.{parameter.name}"' in page


def test_named_query_with_a_parameter(kg: Graph, client: TestClient) -> None:
    expected = run_query("members-of-network", {"network": "uclg-cisdp"}, graph=kg)
    page = client.get("/query", params={"name": "members-of-network", "p.network": "uclg-cisdp"}).text
    assert f'<span id="row-count">{len(expected.rows)}</span>' in page
    assert 'href="city/gwangju"' in page  # an answer's IRI links to its page
    csv = client.get("/query", params={"name": "members-of-network", "p.network": "uclg-cisdp", "format": "csv"})
    assert csv.headers["content-disposition"] == 'attachment; filename="members-of-network.csv"'
    assert len(list(Result.parse(io.BytesIO(csv.content), format="csv"))) == len(expected.rows)
    for fmt in ("json", "xml", "tsv", "md", "table"):
        download = client.get("/query", params={"name": "members-of-network", "format": fmt})
        assert download.status_code == 200, fmt
    view = client.get("/view", params={"name": "members-of-network", "p.network": "uclg-cisdp"})
    assert view.status_code == 200 and "Gwangju" in view.text
    data = json.loads(view.text.split('id="hrgraph-data">', 1)[1].split("</script>", 1)[0])
    assert "https://w3id.org/hrgraph/city/gwangju" in {node["id"] for node in data["nodes"]}


def test_a_parameter_typed_in_the_address_without_its_prefix_is_used(kg: Graph, client: TestClient) -> None:
    """?name=members-of-network&network=uclg-cisdp (typed by hand, without the form's "p.") answers
    for the UCLG committee, not silently for the default network; the form's p.network wins."""
    expected = run_query("members-of-network", {"network": "uclg-cisdp"}, graph=kg)
    default = run_query("members-of-network", graph=kg)
    assert len(expected.rows) != len(default.rows)
    page = client.get("/query", params={"name": "members-of-network", "network": "uclg-cisdp"}).text
    assert f'<span id="row-count">{len(expected.rows)}</span>' in page
    both = client.get("/query", params={"name": "members-of-network", "network": "Nowhere",
                                        "p.network": "uclg-cisdp"}).text
    assert f'<span id="row-count">{len(expected.rows)}</span>' in both


def test_free_sparql_on_the_query_page(client: TestClient) -> None:
    page = client.get("/query", params={"sparql": "ASK { ?s a <https://w3id.org/hrgraph/ontology#City> }"}).text
    assert 'id="ask-answer">yes<' in page
    bad = client.get("/query", params={"sparql": "SELECT nothing"})
    assert bad.status_code == 400 and "syntax error" in bad.text
    update = client.get("/query", params={"sparql": "DROP ALL"})
    assert update.status_code == 400 and "update" in update.text


# Helpers ------------------------------------------------------------------------------------------


def test_negotiate_and_languages_units() -> None:
    offers = [("application/sparql-results+json", "json"), ("text/csv", "csv")]
    assert negotiate(None, offers) == offers[0]
    assert negotiate("garbage", offers) == offers[0]
    assert negotiate("text/*;q=0.4, */*;q=0.1", offers) == offers[1]
    assert negotiate("text/csv;q=0, */*", offers) == offers[0]
    assert negotiate("text/csv;q=abc", offers) is None
    assert preferred_languages(None) == []
    assert preferred_languages("de;q=0, ko, en;q=0.1") == ["ko", "en"]


_AUDIT: list[list[tuple[str, tuple[Any, ...]]]] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _AUDIT and event in ("socket.connect", "open", "urllib.Request", "subprocess.Popen", "os.system"):
        _AUDIT[-1].append((event, args))


class audit:
    """Record socket connections, file opens and URL requests made while the block runs."""

    installed = False

    def __enter__(self) -> list[tuple[str, tuple[Any, ...]]]:
        if not audit.installed:
            sys.addaudithook(_hook)
            audit.installed = True
        _AUDIT.append([])
        return _AUDIT[-1]

    def __exit__(self, *exc: object) -> None:
        _AUDIT.pop()


def test_serve_command_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import hrgraph.web
    from hrgraph.cli import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(hrgraph.web, "run", lambda graph, settings: seen.update(graph=graph, settings=settings))
    result = CliRunner().invoke(cli, ["serve", "--port", "9999", "--enable-update", "--timeout", "5", "--max-rows", "7",
                                      "--max-body", "1000", "--cors", "https://a.example", "--allow-service"])
    assert result.exit_code == 0, result.output
    settings = seen["settings"]
    assert (settings.host, settings.port, settings.enable_update, settings.allow_service) == ("127.0.0.1", 9999, True, True)
    assert (settings.timeout, settings.max_rows, settings.max_body, settings.cors) == (5, 7, 1000, ("https://a.example",))
    assert len(seen["graph"]) > 1000 and "read-write" in result.output
