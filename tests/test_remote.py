"""The remote endpoint client against a real Oxigraph server, and against stub servers for faults.

Oxigraph (the ``oxigraph`` PyPI package's binary) serves ``/query``, ``/update`` and ``/store``
on a free loopback port; the stubs are ``http.server`` threads that answer what a fault needs.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from hrgraph.errors import InputError, RemoteError
from hrgraph.namespaces import HRG as HRG_NS
from hrgraph.remote import USER_AGENT, Endpoint, PossiblyTruncatedWarning, push, push_update, run_remote

HRG = f"PREFIX hrg: <{HRG_NS}>\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ASK_TRUE = "ASK {}"
JSON_TRUE = b'{"head": {}, "boolean": true}'

@pytest.fixture(scope="module")
def store(oxigraph: str, kg: Graph) -> str:
    """The Oxigraph server with the bundled graph in its default graph."""
    push(kg, f"{oxigraph}/store")
    return oxigraph


def count(base: str, graph_iri: str | None = None) -> int:
    pattern = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    result = run_remote(Endpoint(f"{base}/query"), f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(next(iter(result))[0])


# --- stub servers ------------------------------------------------------------------------------------


@dataclass
class Seen:
    """One request a stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Responder = Callable[[BaseHTTPRequestHandler, int], None]


@contextmanager
def stub(respond: Responder) -> Iterator[tuple[str, list[Seen]]]:
    """An HTTP server on a free loopback port; ``respond(handler, n)`` answers the n-th request."""
    seen: list[Seen] = []

    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
            respond(self, len(seen))

        do_GET = do_POST = do_PUT = handle_any

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def reply(
    status: int,
    body: bytes = b"",
    content_type: str = "application/sparql-results+json",
    headers: dict[str, str] | None = None,
) -> Responder:
    """A responder that always sends this status, body and headers."""

    def respond(handler: BaseHTTPRequestHandler, n: int) -> None:
        send(handler, status, body, content_type, headers)

    return respond


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "application/sparql-results+json",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def remote_error(endpoint: Endpoint, query: str = ASK_TRUE, **options: bool) -> str:
    with pytest.raises(RemoteError) as caught:
        run_remote(endpoint, query, **options)
    return str(caught.value)


# --- pushing the graph -------------------------------------------------------------------------------


def test_push_replaces_the_default_graph(oxigraph: str, kg: Graph) -> None:
    assert push(kg, f"{oxigraph}/store") == len(kg)
    assert count(oxigraph) == len(kg)
    assert push(kg, f"{oxigraph}/store") == len(kg)
    assert count(oxigraph) == len(kg), "a second push must replace, not append"


def test_push_to_a_named_graph(store: str, kg: Graph) -> None:
    name = "https://w3id.org/hrgraph/data"
    assert push(kg, f"{store}/store", graph_iri=name) == len(kg)
    push(kg, f"{store}/store", graph_iri=name)
    assert count(store, name) == len(kg)
    assert count(store) == len(kg), "the default graph is untouched"


def test_push_update_gives_the_same_graph(store: str, kg: Graph) -> None:
    name = "urn:hrgraph:test:push-update"
    assert push_update(kg, f"{store}/update", graph_iri=name) == len(kg)
    assert push_update(kg, f"{store}/update", graph_iri=name) == len(kg)
    assert count(store, name) == len(kg)
    assert push_update(kg, f"{store}/update") == len(kg)
    assert count(store) == len(kg)


def test_push_sends_one_put_of_n_triples() -> None:
    graph = Graph().parse(data="<urn:a> <urn:b> 'c'@en .", format="turtle")
    with stub(reply(204)) as (url, seen):
        assert push(graph, url, graph_iri="https://example.org/g?x=1", user="me", password="pw") == 1
    [request] = seen
    assert request.method == "PUT"
    assert request.path == "/sparql?graph=https%3A%2F%2Fexample.org%2Fg%3Fx%3D1"
    assert request.headers["Content-Type"] == "application/n-triples"
    assert request.body == b'<urn:a> <urn:b> "c"@en .\n'
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"me:pw").decode()


def test_push_errors_name_the_store(kg: Graph, unused_port: int) -> None:
    with stub(reply(403, b"read-only store", "text/plain")) as (url, _):
        with pytest.raises(RemoteError, match=r"/sparql answered HTTP 403: read-only store"):
            push(kg, url)
    with pytest.raises(RemoteError, match=r"cannot reach http://127\.0\.0\.1:\d+/store"):
        push(kg, f"http://127.0.0.1:{unused_port}/store")


@pytest.mark.parametrize("iri", ["x> } ; DROP ALL ; <y", "relative/path", "https://example.org/a b"])
def test_an_unsafe_graph_iri_is_refused_before_sending(kg: Graph, iri: str) -> None:
    with stub(reply(204)) as (url, seen):
        with pytest.raises(InputError, match="invalid graph IRI"):
            push(kg, url, graph_iri=iri)
        with pytest.raises(InputError, match="invalid graph IRI"):
            push_update(kg, url, graph_iri=iri)
    assert seen == []


# --- queries round-trip as the same RDF terms ------------------------------------------------------


def test_select_gives_the_same_terms_as_a_local_query(store: str, kg: Graph) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"
    remote = {tuple(row) for row in run_remote(Endpoint(f"{store}/query"), query)}
    local = {tuple(row) for row in kg.query(query)}
    assert remote == local
    literals = {row[2] for row in local}
    assert any(o.language == "ko" for o in literals)
    assert {XSD.gYear, XSD.date, XSD.boolean, XSD.integer} <= {o.datatype for o in literals}


def test_ask(store: str) -> None:
    endpoint = Endpoint(f"{store}/query")
    assert run_remote(endpoint, HRG + "ASK { ?city a hrg:City }").askAnswer is True
    assert run_remote(endpoint, HRG + "ASK { ?city a hrg:NoSuchClass }").askAnswer is False


def test_construct_gives_an_isomorphic_graph(store: str, kg: Graph) -> None:
    query = HRG + "CONSTRUCT { ?city ?p ?o } WHERE { ?city a hrg:City ; ?p ?o }"
    remote = run_remote(Endpoint(f"{store}/query"), query)
    local = kg.query(query).graph
    assert isinstance(remote, Graph) and len(remote) > 100
    assert isomorphic(remote, local)


def test_reliability_27_values_with_500_iris_is_posted(store: str, kg: Graph) -> None:
    cities = sorted(kg.subjects(RDF.type, HRG_NS.City))
    iris = cities + [URIRef(f"https://w3id.org/hrgraph/city/not-a-city-{i}") for i in range(500 - len(cities))]
    values = " ".join(iri.n3() for iri in iris)
    query = HRG + f"SELECT (COUNT(?x) AS ?n) WHERE {{ VALUES ?x {{ {values} }} ?x a hrg:City }}"
    assert len(iris) == 500 and len(query) > 8192
    [(n,)] = run_remote(Endpoint(f"{store}/query"), query)
    assert int(n) == len(cities) > 10


def test_reliability_29_request_is_a_post_with_conneg_auth_and_user_agent() -> None:
    with stub(reply(200, JSON_TRUE)) as (url, seen):
        host = url.removeprefix("http://")
        assert run_remote(Endpoint(f"http://me:secret@{host}"), ASK_TRUE).askAnswer is True
    [request] = seen
    assert request.method == "POST" and request.path == "/sparql"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.body == b"query=ASK+%7B%7D", "no format=/output= parameters: content negotiation only"
    assert request.headers["Accept"].startswith("application/sparql-results+json")
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"me:secret").decode()
    assert request.headers["User-Agent"].startswith("hrgraph/")


def test_reliability_28_construct_asks_for_n_triples() -> None:
    with stub(reply(200, b"<urn:a> <urn:b> <urn:c> .\n", "application/n-triples")) as (url, seen):
        graph = run_remote(Endpoint(url), "CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(graph) == 1
    assert seen[0].headers["Accept"].startswith("application/n-triples")


# --- updates are refused unless allowed --------------------------------------------------------------

UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ex:p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "# a comment\nDROP GRAPH <urn:g> ; SELECT",  # rdflib cannot parse it; SPARQLWrapper's guess refuses it
]


@pytest.mark.parametrize("update", UPDATES)
def test_reliability_31_an_update_is_refused_without_a_request(update: str) -> None:
    with stub(reply(200)) as (url, seen):
        message = remote_error(Endpoint(url), update)
    assert message.startswith("refused to send") and "read-only" in message
    assert seen == []


def test_a_refused_update_leaves_the_store_unchanged(store: str, kg: Graph) -> None:
    for url in (f"{store}/query", f"{store}/update"):
        assert "refused to send DROP" in remote_error(Endpoint(url), "DROP ALL")
    hidden = "SELECT * WHERE { ?s ?p ?o } ; DROP ALL"  # sent as a query: the endpoint refuses it
    assert "HTTP 400" in remote_error(Endpoint(f"{store}/query"), hidden)
    assert count(store) == len(kg)


def test_an_allowed_update_runs(store: str, kg: Graph) -> None:
    update = 'INSERT DATA { GRAPH <urn:hrgraph:test:scratch> { <urn:a> <urn:b> "c" } }'
    assert run_remote(Endpoint(f"{store}/update"), update, allow_update=True) is None
    assert count(store, "urn:hrgraph:test:scratch") == 1
    assert count(store) == len(kg)


def test_an_empty_query_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        run_remote(Endpoint("http://127.0.0.1:9/query"), " \n")


# --- faults --------------------------------------------------------------------------------------


def test_nothing_listening_cannot_reach(unused_port: int) -> None:
    url = f"http://127.0.0.1:{unused_port}/query"
    assert remote_error(Endpoint(url)).startswith(f"cannot reach {url}: ")  # Connection refused


def test_reliability_30_unknown_host_cannot_reach() -> None:
    assert remote_error(Endpoint("http://no-such-host.invalid/sparql")).startswith(
        "cannot reach http://no-such-host.invalid/sparql: host name not resolved"
    )


def test_reliability_21_an_endpoint_that_never_answers_times_out() -> None:
    with socket.socket() as silent:  # the kernel accepts connections; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        message = remote_error(Endpoint(url, timeout=1))
    assert message == f"{url} did not answer within 1 s"


def test_a_connection_closed_without_an_answer() -> None:
    def hang_up(handler: BaseHTTPRequestHandler, n: int) -> None:
        handler.close_connection = True

    with stub(hang_up) as (url, _):
        assert remote_error(Endpoint(url)) == f"{url} closed the connection without answering"


def test_http_400_shows_the_endpoints_message(store: str) -> None:
    message = remote_error(Endpoint(f"{store}/query"), "SELECT WHERE {")
    assert message.startswith(f"{store}/query answered HTTP 400: error at 1:")


def test_a_long_error_message_is_cut() -> None:
    with stub(reply(500, b"boom " * 1000, "text/plain")) as (url, _):
        message = remote_error(Endpoint(url))
    assert message.startswith(f"{url} answered HTTP 500: boom boom")
    assert len(message) < 600 and message.endswith("…")


def test_reliability_23_html_instead_of_json_is_refused() -> None:
    with stub(reply(200, b"<html><body>Welcome</body></html>", "text/html; charset=utf-8")) as (url, _):
        message = remote_error(Endpoint(url), "SELECT * WHERE { ?s ?p ?o }")
    assert message == f"{url} returned text/html, expected application/sparql-results+json or application/json"


def test_malformed_json_is_an_error() -> None:
    with stub(reply(200, b'{"head": {"vars": ["x"]}, "results": ')) as (url, _):
        assert "returned malformed SPARQL JSON results" in remote_error(Endpoint(url))


def test_reliability_25_a_body_shorter_than_its_content_length_is_incomplete() -> None:
    def short(handler: BaseHTTPRequestHandler, n: int) -> None:
        send(handler, 200, JSON_TRUE[:10], headers={"Content-Length": "1000"})

    with stub(short) as (url, _):
        message = remote_error(Endpoint(url))
    assert message == f"incomplete response from {url}: received 10 of 1000 bytes"


@pytest.mark.parametrize(("status", "headers"), [(206, {}), (200, {"X-SQL-State": "S1TAT"})])
def test_reliability_22_a_partial_result_is_refused(status: int, headers: dict[str, str]) -> None:
    with stub(reply(status, JSON_TRUE, headers=headers)) as (url, _):
        assert "incomplete response" in remote_error(Endpoint(url))


def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the client takes between tries, recorded instead of slept."""
    taken: list[float] = []
    monkeypatch.setattr(time, "sleep", taken.append)
    return taken


def test_reliability_24_503_with_retry_after_is_retried_after_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    def busy_twice(handler: BaseHTTPRequestHandler, n: int) -> None:
        if n <= 2:
            send(handler, 503, b"busy", "text/plain", {"Retry-After": "1"})
        else:
            send(handler, 200, JSON_TRUE)

    paused = waits(monkeypatch)
    with stub(busy_twice) as (url, seen):
        assert run_remote(Endpoint(url), ASK_TRUE).askAnswer is True
    assert len(seen) == 3 and paused == [1.0, 1.0]  # as long as each Retry-After asked


def test_always_503_gives_up_after_3_tries() -> None:
    with stub(reply(503, b"overloaded", "text/plain", {"Retry-After": "0"})) as (url, seen):
        message = remote_error(Endpoint(url))
    assert message == f"{url} answered HTTP 503: overloaded; gave up after 3 tries, try again later"
    assert len(seen) == 3


def test_a_retry_after_beyond_60_s_is_an_error_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    paused = waits(monkeypatch)
    with stub(reply(429, b"slow down", "text/plain", {"Retry-After": "3600"})) as (url, seen):
        message = remote_error(Endpoint(url))
    assert "HTTP 429: slow down" in message and "wait 3600 s" in message
    assert len(seen) == 1 and paused == []


def test_reliability_24_400_is_never_retried() -> None:
    with stub(reply(400, b"bad query", "text/plain", {"Retry-After": "0"})) as (url, seen):
        assert remote_error(Endpoint(url)) == f"{url} answered HTTP 400: bad query"
    assert len(seen) == 1


def test_reliability_29_a_redirect_is_not_followed() -> None:
    with stub(reply(200, JSON_TRUE)) as (elsewhere, seen_elsewhere):
        moved = elsewhere.replace("http://", "http://me:secret@")
        with stub(reply(302, headers={"Location": moved})) as (url, _):
            host = url.removeprefix("http://")
            message = remote_error(Endpoint(f"http://me:secret@{host}"))
    assert message.startswith(f"{url} redirected (HTTP 302) to {elsewhere};")
    assert seen_elsewhere == [], "nothing, and no credentials, go to the other host"


# --- credentials never shown ----------------------------------------------------------------------


def test_reliability_30_credentials_never_appear_in_messages(unused_port: int) -> None:
    url = f"http://user:secret@127.0.0.1:{unused_port}/query"
    endpoint = Endpoint(url)
    assert (endpoint.user, endpoint.password) == ("user", "secret")
    assert "secret" not in endpoint.url + endpoint.display + repr(endpoint)
    assert "secret" not in remote_error(endpoint)
    assert "secret" not in remote_error(endpoint, "DROP ALL")

    def echo(handler: BaseHTTPRequestHandler, n: int) -> None:
        credentials = base64.b64decode(handler.headers["Authorization"].split()[1])
        send(handler, 401, b"wrong password for " + credentials, "text/plain")

    with stub(echo) as (stub_url, _):
        message = remote_error(Endpoint(stub_url, user="user", password="secret"))
    assert message == f"{stub_url} answered HTTP 401: wrong password for user:***"


def test_encoded_credentials_are_decoded() -> None:
    endpoint = Endpoint("https://me%40example.org:p%3Ass@example.org:8443/sparql?x=1")
    assert (endpoint.user, endpoint.password) == ("me@example.org", "p:ss")
    assert endpoint.display == "https://example.org:8443/sparql?x=1"


@pytest.mark.parametrize(
    ("url", "options", "problem"),
    [
        ("file:///etc/passwd", {}, "not an http(s) URL"),
        ("ftp://example.org/sparql", {}, "not an http(s) URL"),
        ("http:///sparql", {}, "not an http(s) URL"),
        ("http://example.org/sparql", {"timeout": None}, "timeout must be a positive number"),
        ("http://example.org/sparql", {"timeout": 0}, "timeout must be a positive number"),
        ("http://example.org/sparql", {"user": "me"}, "give both a user and a password"),
        ("http://me@example.org/sparql", {}, "give both a user and a password"),
        ("http://[::1/sparql", {}, "not a URL of a SPARQL endpoint (Invalid IPv6 URL)"),
        ("http://example.org:99999/sparql", {}, "not a URL of a SPARQL endpoint (Port out of range 0-65535)"),
        ("http://example.org:abc/sparql", {}, "not a URL of a SPARQL endpoint (Port could not be cast"),
        ("http://exa mple.org/sparql", {}, "a URL holds no spaces, control or non-ASCII characters"),
        ("http://example.org/sparql\n", {}, "a URL holds no spaces, control or non-ASCII characters"),
        ("http://grüß.de/sparql", {}, "(percent-encode them; a host name in punycode)"),
    ],
)
def test_a_bad_endpoint_is_refused(url: str, options: dict[str, object], problem: str) -> None:
    with pytest.raises(InputError, match=re.escape(problem)):
        Endpoint(url, **options)  # type: ignore[arg-type]


def test_json_results_parse_like_rdflib() -> None:
    body = {
        "head": {"vars": ["x", "label"]},
        "results": {
            "bindings": [
                {
                    "x": {"type": "uri", "value": "urn:a"},
                    "label": {"type": "literal", "value": "광주", "xml:lang": "ko"},
                }
            ]
        },
    }
    with stub(reply(200, json.dumps(body).encode())) as (url, _):
        [row] = run_remote(Endpoint(url), "SELECT ?x ?label WHERE { ?x ?p ?label }")
    assert row.x == URIRef("urn:a") and row.label.language == "ko" and str(row.label) == "광주"


def test_the_user_agent_names_hrgraph() -> None:
    assert USER_AGENT.startswith("hrgraph/") and "https://w3id.org/hrgraph" in USER_AGENT


def _rows(n: int) -> bytes:
    bindings = [{"x": {"type": "uri", "value": f"urn:x:{i}"}} for i in range(n)]
    return json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": bindings}}).encode()


@contextmanager
def capped_endpoint(triples: int, cap: int = 10_000) -> Iterator[tuple[str, list[Seen]]]:
    """A SPARQL endpoint that answers with Oxigraph and, like Virtuoso, cuts every answer at ``cap``
    rows without saying so: ``triples`` triples ``<urn:x:i> <urn:p> i``."""
    import pyoxigraph

    store = pyoxigraph.Store()
    p = pyoxigraph.NamedNode("urn:p")
    store.extend(
        pyoxigraph.Quad(pyoxigraph.NamedNode(f"urn:x:{i}"), p, pyoxigraph.Literal(str(i), datatype=pyoxigraph.NamedNode(str(XSD.integer))))
        for i in range(triples)
    )

    def respond(handler: BaseHTTPRequestHandler, n: int) -> None:
        from urllib.parse import parse_qs

        query = parse_qs(seen[-1].body.decode())["query"][0]
        answer = store.query(query)
        rows = [
            {str(v)[1:]: {"type": "uri", "value": row[v].value} if isinstance(row[v], pyoxigraph.NamedNode)
             else {"type": "literal", "value": row[v].value, "datatype": row[v].datatype.value}
             for v in answer.variables if row[v] is not None}
            for row, _ in zip(answer, range(cap), strict=False)
        ]
        names = [str(v)[1:] for v in answer.variables]
        send(handler, 200, json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}).encode())

    with stub(respond) as (url, seen):
        yield url, seen


def _warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, PossiblyTruncatedWarning)]


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("SELECT ?x ?n WHERE { ?x <urn:p> ?n }", ["ORDER BY ?x ?n"]),
        ("SELECT * WHERE { ?x <urn:p> ?n } # no newline at the end", ["ORDER BY ?n ?x"]),
        ("SELECT ?x ?n WHERE { ?x <urn:p> ?n } ORDER BY DESC(?n)", ["?x ?n"]),  # its order, then every variable
    ],
)
def test_reliability_26_an_answer_of_exactly_the_cap_is_paged_with_order_by_limit_offset(query: str, pages: list[str]) -> None:
    with capped_endpoint(21_234) as (url, seen), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_remote(Endpoint(url), query)
    assert _warnings(caught) == []
    assert len(result) == 21_234
    assert sorted(int(row.n) for row in result) == list(range(21_234))  # every row, once
    if "DESC" in query:
        assert [int(row.n) for row in result] == list(range(21_233, -1, -1))  # in the query's own order
    asked = [parse_qs_query(request.body) for request in seen]
    assert asked[0] == query and len(asked) == 4  # the capped answer, then 3 pages
    for offset, text in zip((0, 10_000, 20_000), asked[1:], strict=False):
        assert text == f"{query}\n{pages[0]}\nLIMIT 10000 OFFSET {offset}\n"


def parse_qs_query(body: bytes) -> str:
    from urllib.parse import parse_qs

    return parse_qs(body.decode())["query"][0]


def test_reliability_26_paging_stops_one_row_past_max_rows_and_the_caller_cuts_there() -> None:
    with capped_endpoint(25_000) as (url, seen):
        result = run_remote(Endpoint(url), "SELECT ?x WHERE { ?x <urn:p> ?n }", max_rows=12_000)
    assert len(result) == 12_001
    assert parse_qs_query(seen[-1].body).endswith("LIMIT 2001 OFFSET 10000\n")
    from hrgraph.sparql import run_query

    with capped_endpoint(25_000) as (url, _):
        cut = run_query("SELECT ?x WHERE { ?x <urn:p> ?n }", endpoint=url, max_rows=12_000, graph=Graph())
    assert len(cut.rows) == 12_000 and cut.truncated


def test_reliability_26_an_answer_short_of_the_cap_is_asked_for_once() -> None:
    with capped_endpoint(9_999) as (url, seen):
        assert len(run_remote(Endpoint(url), "SELECT ?x WHERE { ?x <urn:p> ?n }")) == 9_999
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 20000", "the query has its own LIMIT"),
        ("SELECT ?x WHERE { ?x ?p ?o } OFFSET 5", "the query has its own OFFSET"),
        ("SELECT ?x WHERE { ?x ?p ?o } VALUES ?p { <urn:p> }", "the query ends in a VALUES block"),
        ("SELECT ?x WHERE { ?x bif:contains ?o }", "rdflib cannot parse the query"),  # an endpoint's extension
        ("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 10000", None),  # the query's own LIMIT explains it
    ],
)
def test_reliability_26_an_answer_of_exactly_the_cap_that_cannot_be_paged_is_possibly_truncated(
    query: str, reason: str | None
) -> None:
    with stub(reply(200, _rows(10_000))) as (url, seen), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_remote(Endpoint(url), query)
    assert len(result) == 10_000 and len(seen) == 1
    expected = (
        f"{url} returned exactly 10,000 rows, a common endpoint limit: the answer is possibly truncated by "
        f"the endpoint, and hrgraph cannot page through it ({reason}); page through it with ORDER BY and "
        "LIMIT/OFFSET"
    )
    assert _warnings(caught) == ([expected] if reason else [])


def test_reliability_26_an_endpoint_that_ignores_offset_is_paged_to_a_bound_not_forever() -> None:
    with stub(reply(200, _rows(10_000))) as (url, seen), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_remote(Endpoint(url), "SELECT ?x WHERE { ?x ?p ?o }", max_rows=25_000)
    assert len(result) == 25_001 and len(seen) == 4
    assert _warnings(caught) == []
