"""The W3C SPARQL 1.1 Protocol test suite, read from its own manifest (tests/w3c/protocol, vendored
from w3c/rdf-tests: see tests/w3c/README.md), run against a real ``hrgraph serve`` on loopback.

Each test's ``ut:graphData`` is loaded into the named graphs its labels name (through the endpoint,
by an update), then its requests are sent in order, as the manifest writes them (method, path,
headers, body in its character encoding), and each answer is checked as its ``ht:Response`` says:
the class of its status, the format of its body (a boolean, a table of results, or RDF) and the
boolean it holds. One server, updates enabled, serves every test.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result
from rdflib.term import Node

from hrgraph.web import Settings, background

W3C = Path(__file__).resolve().parent / "w3c"
MANIFEST = W3C / "protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

#: Tests of the manifest that do not apply to hrgraph, with the reason. None today: every test runs.
SKIPPED: dict[str, str] = {}

#: The media types each expected format may come in (the Protocol, 2.1.5 and 2.1.6).
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml"},
}
_RESULT_PARSERS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                   "text/csv": "csv", "text/tab-separated-values": "tsv"}
_RDF_PARSERS = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass(frozen=True)
class Request:
    """One ``ht:Request`` of a test and the ``ht:Response`` expected."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]
    fmt: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    graphs: dict[str, Path]
    requests: list[Request]


def _manifest() -> list[ProtocolTest]:
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[1]
        graphs = {str(graph.value(data, RDFS_LABEL)): Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
                  for data in graph.objects(entry, UT.graphData)}
        action = graph.value(entry, MF.action)
        requests = [_request(graph, node) for node in Collection(graph, graph.value(action, HT.requests))]
        tests.append(ProtocolTest(name, graphs, requests))
    return tests


def _request(graph: Graph, node: Node) -> Request:
    headers_list = graph.value(node, HT.headers)
    headers = {str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
               for h in (Collection(graph, headers_list) if headers_list is not None else [])}
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    classes = {int(str(code).rsplit("StatusCode", 1)[1][0]) for code in graph.objects(response, MF.expectedStatus)}
    statuses = frozenset(status for status in range(100, 600) if status // 100 in classes)
    fmt = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    return Request(str(graph.value(node, HT.methodName)), str(graph.value(node, HT.absolutePath)), headers, body,
                   statuses, None if fmt is None else str(fmt), None if boolean is None else boolean.toPython())


TESTS = {test.name: test for test in _manifest()}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """``hrgraph serve`` on a free loopback port, updates enabled, holding no data at first."""
    with background(Graph(), Settings(host="127.0.0.1", port=0, enable_update=True, timeout=30)) as url:
        yield url + "sparql"


def _load(client: httpx.Client, endpoint: str, graphs: dict[str, Path]) -> None:
    """The test's graph data, each file in the named graph of its label; nothing else."""
    blocks = " ".join(f"GRAPH <{name}> {{ {path.read_text(encoding='utf-8')} }}" for name, path in graphs.items())
    update = "DROP ALL" + (f" ; INSERT DATA {{ {blocks} }}" if blocks else "")
    response = client.post(endpoint, content=update.encode(), headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 200, response.text


def _check(request: Request, response: httpx.Response) -> None:
    assert response.status_code in request.statuses, (response.status_code, response.text)
    if request.fmt is None:
        return
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in FORMATS[request.fmt], (request.fmt, media)
    if request.fmt == "RDF":
        Graph().parse(data=response.content, format=_RDF_PARSERS[media])
        return
    result = Result.parse(io.BytesIO(response.content), format=_RESULT_PARSERS[media])
    if request.fmt == "boolean":
        assert result.type == "ASK"
        if media.endswith("json"):
            assert isinstance(json.loads(response.content)["boolean"], bool)
        if request.boolean is not None:
            assert result.askAnswer is request.boolean
    else:
        assert result.type == "SELECT" and result.vars


@pytest.mark.parametrize("name", list(TESTS))
def test_w3c_protocol(endpoint: str, name: str) -> None:
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])
    test = TESTS[name]
    with httpx.Client(timeout=60) as client:
        _load(client, endpoint, test.graphs)
        for request in test.requests:
            path = request.path.removeprefix("/sparql/")
            url = endpoint + (path if path.startswith("?") or not path else "/" + path)
            response = client.request(request.method, url, headers=request.headers, content=request.body)
            _check(request, response)


def test_the_manifest_is_read_whole() -> None:
    """Every entry of the manifest became a test with its requests, and each test names an outcome."""
    assert len(TESTS) == 34
    assert all(test.requests and all(r.statuses for r in test.requests) for test in TESTS.values())
    assert sum(len(test.graphs) for test in TESTS.values()) == 14
    assert not set(SKIPPED) - set(TESTS)
