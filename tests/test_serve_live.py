"""The server running for real: uvicorn on a free loopback port, real clients over TCP.

SPARQLWrapper queries it in every format; 50 clients query it at once for 10 seconds and each
checks the count it gets; 20 readers count while an INSERT DATA of INSERTED triples lands and see
the old total or the new one, never a mix; an oversized body is refused before it is sent; a 20 KB URL gets
414. The measured throughput goes to test-artifacts/serve-throughput.json.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from hrgraph.web import Settings, background

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ROSARIO = "https://w3id.org/hrgraph/city/rosario"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CLIENTS = 50
SECONDS = 10.0
#: Triples of the INSERT DATA the readers race, as RELIABILITY 43 says (Oxigraph evaluates updates:
#: the server's copy of the dataset, not the update's size, is most of the time it takes).
INSERTED = 5000


@contextmanager
def running(graph: Graph, **settings: Any) -> Iterator[str]:
    """``hrgraph serve`` in a thread on a free loopback port; yields its base URL, stops it after."""
    with background(graph, Settings(host="127.0.0.1", port=0, **settings)) as url:
        yield url


@pytest.fixture(scope="module")
def base(kg: Graph) -> Iterator[str]:
    with running(kg, timeout=30) as url:
        yield url


def count(client: httpx.Client, base: str) -> int:
    response = client.get(base + "sparql", params={"query": COUNT})
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# SPARQLWrapper as a real client ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_and_ask_in_every_format(kg: Graph, base: str, method: str) -> None:
    query = ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/hrgraph/ontology#City> ; "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label")
    expected = [tuple(map(str, row)) for row in kg.query(query)]
    for fmt in (JSON, XML, CSV, TSV):
        client = SPARQLWrapper(base + "sparql")
        client.setMethod(method)
        client.setQuery(query)
        client.setReturnFormat(fmt)
        answer = client.query()
        body = answer.response.read()
        rows = list(__import__("rdflib").query.Result.parse(io.BytesIO(body), format=fmt.lower()))
        assert [tuple(map(str, row)) for row in rows] == expected, fmt
    for fmt in (JSON, XML):
        client = SPARQLWrapper(base + "sparql")
        client.setMethod(method)
        client.setQuery("ASK { ?s a <https://w3id.org/hrgraph/ontology#City> }")
        client.setReturnFormat(fmt)
        converted = client.queryAndConvert()
        assert (converted["boolean"] if fmt == JSON else "true" in converted.toxml()) is True


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_construct_in_every_format(kg: Graph, base: str, method: str) -> None:
    query = f"CONSTRUCT {{ <{ROSARIO}> ?p ?o }} WHERE {{ <{ROSARIO}> ?p ?o }}"
    expected = kg.query(query).graph
    for fmt, parser in ((TURTLE, "turtle"), (N3, None), (RDFXML, "xml"), (JSONLD, "json-ld"), (XML, "xml")):
        client = SPARQLWrapper(base + "sparql")
        client.setMethod(method)
        client.setQuery(query)
        client.setReturnFormat(fmt)
        answer = client.query()
        media = answer.response.headers["Content-Type"].split(";")[0]
        body = answer.response.read()
        parser = parser or {"text/turtle": "turtle", "application/n-triples": "nt"}[media]
        assert isomorphic(Graph().parse(data=body, format=parser), expected), fmt


def test_sparqlwrapper_sees_a_malformed_query_as_bad(base: str) -> None:
    client = SPARQLWrapper(base + "sparql")
    client.setQuery("SELECT * WHERE { ?s ?p ")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed) as caught:
        client.query()
    assert "syntax error" in str(caught.value)


# Concurrency --------------------------------------------------------------------------------------


def test_fifty_clients_for_ten_seconds(kg: Graph, base: str) -> None:
    expected = len(kg)
    named_rows = len(__import__("hrgraph").run_query("members-of-network", graph=kg).rows)
    done: list[int] = []
    problems: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(number: int) -> None:
        served = 0
        with httpx.Client(timeout=60) as http:
            while time.monotonic() < stop:
                try:
                    if number % 5 == 0:  # a named query, through the query page's download
                        response = http.get(base + "query", params={"name": "members-of-network", "format": "json"})
                        response.raise_for_status()
                        got = len(response.json()["results"]["bindings"])
                        ok = got == named_rows
                    elif number % 5 == 1:  # an entity's data
                        response = http.get(base + "city/rosario", headers={"Accept": "application/n-triples"})
                        response.raise_for_status()
                        got = len(response.content.splitlines())
                        ok = got > 10
                    else:
                        got = count(http, base)
                        ok = got == expected
                    if not ok:
                        raise AssertionError(f"wrong answer {got}")
                    served += 1
                except Exception as error:  # collected: the test reports every failure
                    with lock:
                        problems.append(f"client {number}: {type(error).__name__}: {error}")
                    return
        with lock:
            done.append(served)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    elapsed = time.monotonic() - started
    assert problems == []
    assert len(done) == CLIENTS
    total = sum(done)
    assert total >= CLIENTS  # every client got at least one answer
    ARTIFACTS.mkdir(exist_ok=True)
    measured = {"clients": CLIENTS, "seconds": round(elapsed, 2), "requests": total,
                "requests_per_second": round(total / elapsed, 1)}
    (ARTIFACTS / "serve-throughput.json").write_text(json.dumps(measured, indent=2) + "\n")
    print(f"\n{CLIENTS} clients, {elapsed:.1f} s: {total} requests, {total / elapsed:.1f} requests/s")


def test_reliability_43_readers_see_the_old_or_the_new_total_during_an_insert(kg: Graph) -> None:
    triples = " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(INSERTED))
    with running(kg, enable_update=True, timeout=60) as url, httpx.Client(timeout=60) as http:
        before = count(http, url)
        seen: list[int] = []
        problems: list[str] = []
        writing = threading.Event()
        written = threading.Event()

        def reader() -> None:
            with httpx.Client(timeout=60) as own:
                writing.wait()
                while True:
                    finished = written.is_set()
                    try:
                        seen.append(count(own, url))
                    except Exception as error:  # collected: the test reports every failure
                        problems.append(repr(error))
                        return
                    if finished:
                        return

        readers = [threading.Thread(target=reader) for _ in range(20)]
        for thread in readers:
            thread.start()
        writing.set()
        response = http.post(url + "sparql", content=f"INSERT DATA {{ {triples} }}".encode(),
                             headers={"Content-Type": "application/sparql-update"})
        written.set()
        for thread in readers:
            thread.join(timeout=120)
        assert response.status_code == 200, response.text
        assert problems == []
        assert len(seen) >= 40
        assert set(seen) <= {before, before + INSERTED}, sorted(set(seen))
        assert before + INSERTED in seen  # every reader's last count came after the swap
        assert count(http, url) == before + INSERTED


# Limits on the wire -------------------------------------------------------------------------------


def test_oversized_body_is_refused_before_it_is_sent(base: str) -> None:
    host, port = base[len("http://"):].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        head = (f"POST /sparql HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/sparql-query\r\n"
                f"Content-Length: {10 * 1024 * 1024}\r\n\r\n")
        connection.sendall(head.encode() + b"#" * 65536)  # a start of the 10 MB, never the rest
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_long_url_is_414_on_the_wire(base: str) -> None:
    response = httpx.get(base + "sparql?query=" + "a" * 20_000, timeout=10)
    assert response.status_code == 414
    assert "POST" in response.text


def test_service_is_refused_on_the_wire(base: str, unused_port: int) -> None:
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{unused_port}/> {{ ?s ?p ?o }} }}"
    with socket.socket() as listener:  # were the server to connect, this port would see it
        listener.bind(("127.0.0.1", unused_port))
        listener.listen(1)
        listener.settimeout(0.5)
        response = httpx.post(base + "sparql", content=query.encode(),
                              headers={"Content-Type": "application/sparql-query"}, timeout=10)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert response.status_code == 400 and "SERVICE is refused" in response.text


# Slow and stuck clients ---------------------------------------------------------------------------


def port_of(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def until_closed(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (the socket's timeout guards a hang)."""
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_client_stuck_halfway_through_its_headers_is_cut_off(kg: Graph) -> None:
    with running(kg, request_timeout=1) as url, socket.create_connection(("127.0.0.1", port_of(url)), 60) as stuck:
        stuck.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: applic")
        answer = until_closed(stuck)
        assert httpx.get(url + "sparql", params={"query": "ASK {}"}).status_code == 200  # others are served
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 408 Request Timeout"
    assert body == b"request timeout: the request did not arrive whole within 1s\n"


def test_a_client_that_never_sends_the_body_it_announced_is_cut_off(kg: Graph) -> None:
    with running(kg, request_timeout=1) as url, socket.create_connection(("127.0.0.1", port_of(url)), 60) as stuck:
        stuck.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: 100\r\n\r\nASK {")
        assert until_closed(stuck) == b""  # no answer to half a query: the connection is closed


def test_a_connection_that_sends_nothing_is_closed(kg: Graph) -> None:
    with running(kg, request_timeout=1) as url, socket.create_connection(("127.0.0.1", port_of(url)), 60) as idle:
        assert until_closed(idle) == b""


def test_beyond_the_connection_cap_a_request_is_refused_at_once(kg: Graph) -> None:
    """uvicorn counts the asking connection too: with a cap of 2, one held connection fills it."""
    with running(kg, max_connections=2, request_timeout=60) as url, \
            socket.create_connection(("127.0.0.1", port_of(url)), 60) as held:
        held.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and no more
        statuses = []
        for _ in range(50):  # until the server has taken the held connection in
            statuses.append(httpx.get(url + "sparql", params={"query": "ASK {}"}).status_code)
            if statuses[-1] == 503:
                break
            time.sleep(0.1)
        assert statuses[-1] == 503 and set(statuses) <= {200, 503}
    with running(kg, max_connections=2) as url:
        assert httpx.get(url + "sparql", params={"query": "ASK {}"}).status_code == 200  # alone, it is served
