"""Property-based tests (Hypothesis): whatever a user feeds hrgraph, a clear message or a result.

Over the Turtle and JSON-LD loaders (both stores), CSV and YAML ingest through the ``hrgraph ingest``
command, the parameters of every named query (through the API and ``hrgraph query -p``), and HTTP
requests (methods, paths, query strings, headers, bodies) sent byte for byte to ``hrgraph serve``
started by the test on 127.0.0.1: no traceback, no exception but hrgraph's own, no network access
but to that server, no partial file, no 5xx but the documented 503, every refusal a one-line 4xx. Deterministic (``derandomize``: the same inputs on every run, so a failure
is reproducible) and bounded: :data:`EXAMPLES` says how many inputs each test tries (docs/reliability.md's
Reliability section gives the total).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from hrgraph import load, run_query
from hrgraph.cli import cli
from hrgraph.errors import HRGraphError, InputError
from hrgraph.rdf.files import parse_file

ROOT = Path(__file__).resolve().parent.parent

#: Inputs each property tries; their sum is the figure in docs/reliability.md.
EXAMPLES = {"turtle": 300, "turtle_oxigraph": 150, "jsonld": 300, "jsonld_oxigraph": 100, "csv": 100, "yaml": 100,
            "parameters": 300, "cli_parameters": 150, "http": 300}

_PROFILE = {"derandomize": True, "deadline": None, "database": None, "print_blob": False,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}


#: The one address a test may connect to: the server the HTTP properties start.
_SERVER: set[tuple[str, int]] = set()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt but to the test's own server fails the test: a loader must never fetch
    (a JSON-LD context, a DTD)."""
    connect = socket.socket.connect

    def refuse(self: socket.socket, address: object) -> None:
        if address not in _SERVER:
            raise AssertionError(f"a connection to {address!r} was attempted")
        connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


# --- text with the pieces of RDF syntax, in any order ------------------------------------------------

_ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=20)  # surrogates and NUL too
_TURTLE_TOKENS = st.sampled_from([
    "@prefix ex: <https://example.org/> .\n", "@base <https://example.org/> .\n", "PREFIX ", "ex:", "ex:a",
    "ex:b", "<https://example.org/x>", "<>", "<http://x/{y}>", "<file:///etc/passwd>", "<#a>", "_:b1", "[",
    "]", "(", ")", " . ", " ; ", " , ", "a", '"', '"""', "'", "\\", "\\u00e9", "\\U0001F600", "^^", "xsd:",
    "^^<http://www.w3.org/2001/XMLSchema#integer>", "^^<http://www.w3.org/2001/XMLSchema#boolean>",
    "@en", "@ko-KR", "@", "true", "false", "42", "-0.5e3", "0510000", "\n", " ", "\t", "#", "{", "}",
    "GRAPH", "<<", ">>", "\x00", "\ufeff", "광주", "Nürnberg",
])
_TURTLE = st.lists(st.one_of(_TURTLE_TOKENS, _ANY_TEXT), max_size=40).map("".join)
_VALID_TURTLE = '@prefix ex: <https://example.org/> .\nex:a ex:b "c"@en ; ex:d ( 1 [ ex:e ex:f ] ) .\n'


@st.composite
def _mutated_turtle(draw: st.DrawFn) -> str:
    """A valid document with a piece cut out or some text put in at a chosen place."""
    text = _VALID_TURTLE
    at = draw(st.integers(0, len(text)))
    if draw(st.booleans()):
        return text[:at] + text[at + draw(st.integers(1, 10)):]
    return text[:at] + draw(_TURTLE) + text[at:]


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


def _loads_or_is_refused(name: str, text: str, read: Callable[[Path], Graph] = parse_file) -> None:
    """``read`` the file ``name`` holding ``text``: a graph, or an InputError that starts with the path."""
    with tempfile.TemporaryDirectory() as directory:
        path = _write(Path(directory), name, text)
        try:
            graph = read(path)
        except InputError as error:
            message = str(error)
            assert message.startswith(str(path)) and "Traceback" not in message, message
        else:
            assert isinstance(graph, Graph)


@settings(max_examples=EXAMPLES["turtle"], **_PROFILE)
@given(text=st.one_of(_TURTLE, _mutated_turtle()))
def test_any_turtle_parses_or_is_refused_naming_the_file(text: str) -> None:
    _loads_or_is_refused("data.ttl", text)


@settings(max_examples=EXAMPLES["turtle_oxigraph"], **_PROFILE)
@given(text=st.one_of(_TURTLE, _mutated_turtle()))
def test_any_turtle_loads_on_oxigraph_or_is_refused_naming_the_file(text: str) -> None:
    _loads_or_is_refused("data.ttl", text, lambda path: load([path], ontology=False, store="oxigraph"))


# --- JSON documents built of JSON-LD's keywords ---------------------------------------------------------

_KEYS = st.one_of(
    st.sampled_from(["@context", "@id", "@type", "@value", "@language", "@list", "@set", "@graph", "@import",
                     "@vocab", "@base", "@reverse", "@nest", "@included", "@json", "@direction", "@version",
                     "name", "https://example.org/p", "ex:p", "ex"]),
    _ANY_TEXT,
)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(["https://example.org/x", "http://127.0.0.1:9/context", "file:///etc/passwd", "ex:x",
                     "_:b0", "@id", "@vocab", "@json", "en", "2001-13-45", "http://www.w3.org/2001/XMLSchema#date"]),
    _ANY_TEXT,
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=25,
)


@settings(max_examples=EXAMPLES["jsonld"], **_PROFILE)
@given(document=_JSON, broken=st.booleans())
def test_any_json_ld_parses_or_is_refused_naming_the_file(document: object, broken: bool) -> None:
    text = json.dumps(document)
    if broken:  # JSON cut short: a syntax error at a known place
        text = text[: len(text) // 2]
    _loads_or_is_refused("data.jsonld", text)


@settings(max_examples=EXAMPLES["jsonld_oxigraph"], **_PROFILE)
@given(document=_JSON, broken=st.booleans())
def test_any_json_ld_loads_on_oxigraph_or_is_refused_naming_the_file(document: object, broken: bool) -> None:
    text = json.dumps(document)
    if broken:
        text = text[: len(text) // 2]
    _loads_or_is_refused("data.jsonld", text, lambda path: load([path], ontology=False, store="oxigraph"))


# --- CSV ingest through the command --------------------------------------------------------------------

_COLUMNS = ["subject", "subject_type", "predicate", "object", "object_type", "date", "as_of", "role", "process",
            "source_url", "subject_id", "object_id", "source_title", "note", "quote"]
_CELLS = st.one_of(
    st.sampled_from([
        "", "Lund Office", "Graz", "ECCAR", "Gwangju", "광주", "Nürnberg", "organization", "city", "person",
        "planet", "member of", "based on", "declared human rights city", "adopted", "member off", "2006",
        "2006-05", "2006-13-45", "yesterday", "co-chair", "formal", "https://x.org/a", "ftp://x.org/a",
        "http://x> } ; DROP ALL ; <y", "=cmd|' /C calc'!A0", "\ufeffsubject", "a,b", 'say "hi"', "line\nbreak",
    ]),
    _ANY_TEXT.filter(lambda text: "\x00" not in text),
)


@st.composite
def _csv(draw: st.DrawFn) -> bytes:
    """A header of known (and now and then unknown) columns, and rows of plausible and hostile cells."""
    columns = draw(st.lists(st.one_of(st.sampled_from(_COLUMNS), st.sampled_from(["colour", "", "Subject"])),
                            min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(_CELLS, min_size=len(columns) - 1, max_size=len(columns) + 1), max_size=4))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):  # now and then, damage the file as a whole: a stray quote, a cp1252 byte, a BOM
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "\r", "\ufeff", ",,,"])) + text[at:]
        if draw(st.booleans()):
            return text.encode("utf-8", errors="surrogatepass") + b"\xe9"
    return text.encode("utf-8", errors="surrogatepass")


#: Plausible cells for each column of a well-formed file, so that many inputs get past the header
#: and row checks into building, validating and writing the graph.
_PLAUSIBLE = {
    "subject": ["Lund Office", "Graz Office", "광주 사무소", "Nürnberg Büro", "Saint-Denis Office"],
    "subject_type": ["organization"] * 4 + ["city", "person", ""],
    "predicate": ["member of"] * 4 + ["based on", "member off"],
    "object": ["ECCAR", "UNESCO", "Human Rights Cities Network", "Lund Office"],
    "object_type": ["organization"] * 4 + ["instrument", ""],
    "date": ["2006", "2006-05", "2006-05-17", "", "2006-13-45", "3000"],
    "source_url": ["https://x.org/a"] * 3 + ["https://example.org/b?q=1", "", "ftp://x.org/a"],
}


@st.composite
def _plausible_csv(draw: st.DrawFn) -> bytes:
    columns = list(_PLAUSIBLE)
    cells = [st.sampled_from(_PLAUSIBLE[column]) for column in columns]
    cells[0] = st.one_of(cells[0], cells[0], cells[0], _CELLS)  # and, a time in four, any name at all
    rows = draw(st.lists(st.tuples(*cells), min_size=1, max_size=2))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@settings(max_examples=EXAMPLES["csv"], **_PROFILE)
@given(data=st.one_of(_csv(), _plausible_csv(), _plausible_csv()))
def test_any_csv_is_ingested_whole_or_refused_with_nothing_written(data: bytes) -> None:
    _ingested_whole_or_refused(data, "facts.csv")


def _ingested_whole_or_refused(data: bytes, name: str) -> None:
    """``hrgraph ingest`` of ``data`` as the file ``name``, on an empty graph directory (a full copy of
    graph/ would take seconds per input): whole Turtle files, or one error naming the file and nothing written."""
    with tempfile.TemporaryDirectory() as directory:
        graph_dir = Path(directory) / "graph"
        graph_dir.mkdir()
        facts = Path(directory) / name
        facts.write_bytes(data)
        result = CliRunner().invoke(cli, ["ingest", str(facts), "--graph-dir", str(graph_dir), "--wait", "0"])
        event(f"exit {result.exit_code}")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            for path in graph_dir.iterdir():
                assert not path.name.startswith("."), f"left behind: {path.name}"
                parse_file(path)  # whole Turtle
        else:
            # 2: bad input, "error: ..." then every bad row; 1: the result breaks a shape, reported in full first
            assert result.exit_code in (1, 2)
            errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
            assert len(errors) == 1 and (result.exit_code == 1 or result.output.startswith("error: ")), result.output
            assert name in result.output, result.output  # it names the file
            assert _files(graph_dir) == {}  # nothing written, not even a temporary file


# --- YAML ingest through the command ---------------------------------------------------------------------

_YAML_TOKENS = st.sampled_from([
    "- ", "  ", "subject: ", "predicate: ", "object: ", "source_url: ", "subject_type: ", "date: ", "\n", ":",
    "&a ", "*a", "!!python/object/apply:os.system ['true']", "!!str ", "!!binary ", "!custom ", "? ", "|", ">",
    "{", "}", "[", "]", ",", "'", '"', "#", "---", "...", "%YAML 1.1\n", "<<: ", "NO", "yes", "0123", "2001-12-10",
    "~", "null", "\t", "Graz", "광주", "member of", "https://x.org/a", "\ufeff",
])
_YAML_TEXT = st.lists(st.one_of(_YAML_TOKENS, _ANY_TEXT), max_size=30).map("".join)


@st.composite
def _plausible_yaml(draw: st.DrawFn) -> str:
    """A list of facts with plausible values, and now and then a token of YAML's put in at some place."""
    items = []
    for _ in range(draw(st.integers(1, 2))):
        lines = [f"{column}: {json.dumps(draw(st.sampled_from(values)), ensure_ascii=False)}"
                 for column, values in _PLAUSIBLE.items() if draw(st.integers(0, 5))]
        items.append("- " + "\n  ".join(lines or ["subject: Graz"]))
    text = "\n".join(items) + "\n"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_YAML_TEXT) + text[at:]
    return text


@settings(max_examples=EXAMPLES["yaml"], **_PROFILE)
@given(text=st.one_of(_YAML_TEXT, _plausible_yaml(), _plausible_yaml()))
def test_any_yaml_is_ingested_whole_or_refused_with_nothing_written(text: str) -> None:
    _ingested_whole_or_refused(text.encode("utf-8", errors="surrogatepass"), "facts.yaml")


# --- the parameters of every named query -----------------------------------------------------------------

_PARAMETER = re.compile(r"^# param: (\S+) \(", re.MULTILINE)
#: (query, parameter) for every parameter of the library, read from the .rq headers.
PARAMETERS = sorted(
    (path.stem, name)
    for path in (ROOT / "queries").glob("*.rq")
    for name in _PARAMETER.findall(path.read_text(encoding="utf-8"))
)
_VALUES = st.one_of(
    st.sampled_from([
        "", " ", 'x" } ; DROP ALL ; #', "http://x> } ; DROP ALL ; <y", "https://example.org/a b", "a\x00b",
        "\ud800", "'''", '"""', "\\", "\t", "\n", "2001", "-1", "99999999999999999999", "1e3", "en", "ko",
        "not a tag!", "Gwangju", "광주", "city/gwangju", "hrg:City", "https://w3id.org/hrgraph/city/gwangju",
        "<https://w3id.org/hrgraph/city/gwangju>", "?x", "$x", "}", "UNION", "*" * 1000,
    ]),
    _ANY_TEXT,
)


def test_every_query_parameter_is_fuzzed() -> None:
    assert len(PARAMETERS) > 20 and len({query for query, _ in PARAMETERS}) > 15


@settings(max_examples=EXAMPLES["parameters"], **_PROFILE)
@given(target=st.sampled_from(PARAMETERS), value=_VALUES)
def test_any_parameter_value_gives_rows_or_a_clear_error_and_changes_nothing(
    explorer_graph: Graph, target: tuple[str, str], value: str
) -> None:
    """On the small explorer graph (the bundled one would make each input slow)."""
    name, parameter = target
    before = len(explorer_graph)
    try:
        result = run_query(name, {parameter: value}, graph=explorer_graph)
    except HRGraphError as error:
        message = str(error)
        assert "\n" not in message.strip() and "Traceback" not in message, message
    else:
        assert result.kind in ("select", "ask", "graph")
    assert len(explorer_graph) == before


_RAW_PARAMETERS = st.one_of(
    st.tuples(st.sampled_from(sorted({name for _, name in PARAMETERS} | {"zzz", "", "lang"})), _VALUES).map("=".join),
    st.sampled_from(["novalue", "=x", "==", "lang", "network=ECCAR=x"]),
    _ANY_TEXT,
)


@settings(max_examples=EXAMPLES["cli_parameters"], **_PROFILE)
@given(name=st.sampled_from(sorted({query for query, _ in PARAMETERS})), raw=st.lists(_RAW_PARAMETERS, max_size=3))
def test_any_command_line_parameter_gives_rows_or_one_line_naming_it(name: str, raw: list[str]) -> None:
    """``hrgraph query NAME -p ...`` on tests/fixtures/explorer.ttl: exit 0 with rows, or exit 2 with an
    error that names the query's parameter or ``--param``."""
    arguments = ["--data", str(ROOT / "tests" / "fixtures" / "explorer.ttl"), "query", name]
    for value in raw:
        arguments += ["-p", value]
    result = CliRunner().invoke(cli, arguments)
    event(f"exit {result.exit_code}")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code != 0:  # else a table, "(0 rows)", or a graph (empty on this small graph)
        assert result.exit_code == 2, result.output
        errors = [line for line in result.output.splitlines() if line.lower().startswith("error: ")]
        assert len(errors) == 1, result.output
        assert "--param" in errors[0] or "parameter" in errors[0], errors[0]


# --- HTTP requests, byte for byte, to a real server ------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[tuple[str, int], Path]]:
    """``hrgraph serve`` on tests/fixtures/explorer.ttl, updates enabled and a 2 s deadline: its address
    and the file its stderr goes to."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = ("127.0.0.1", probe.getsockname()[1])
    log = tmp_path_factory.mktemp("served") / "stderr.txt"
    command = [sys.executable, "-m", "hrgraph", "serve", "--data", str(ROOT / "tests" / "fixtures" / "explorer.ttl"),
               "--port", str(address[1]), "--enable-update", "--timeout", "2", "--workers", "2"]
    with log.open("wb") as stderr:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
    _SERVER.add(address)
    try:
        while server.poll() is None:
            try:
                with socket.create_connection(address, timeout=60):
                    break
            except ConnectionRefusedError:
                time.sleep(0.1)
        assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        yield address, log
    finally:
        _SERVER.discard(address)
        server.terminate()
        server.wait(timeout=60)


_SPARQL = [
    "ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "SELECT ?s WHERE { ?s a hrg:City }", "ASK {", "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <https://w3id.org/hrgraph/city/gwangju>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR ALL",
    "DROP DEFAULT", "LOAD <file:///etc/passwd>", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SELECT ?s WHERE " + "{ " * 60 + "?s ?p ?o" + " }" * 60,
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "BASE <x:> SELECT * WHERE { <a> ?p ?o }",
]
_PIECES = st.one_of(
    st.sampled_from([
        "/", "/sparql", "/query", "/explore", "/cities", "/city/gwangju", "/city/gwangju.ttl", "/city/nowhere",
        "/view/city/gwangju", "/relate", "/dump.ttl", "/dump.xyz", "/static/", "/ontology", "/ontology.ttl", "/void",
        "/.well-known/void", "/explorer/data.json", "/../../etc/passwd", "%2e%2e/", "%", "%zz", "%ff%fe", "%00",
        "%C3%A9", "é", "//", ";", "#", "\\", "?", "&", "=", "+", "a" * 300,
    ]),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF, exclude_characters="\x7f"), max_size=8),
)
_KEYS_HTTP = st.sampled_from(["query", "update", "name", "format", "default-graph-uri", "named-graph-uri", "using-graph-uri",
                              "a", "b", "q", "lang", "kind", "entity", "network", "view", "", "query[]"])
_VALUES_HTTP = st.one_of(st.sampled_from(_SPARQL), _VALUES, st.sampled_from(["json", "csv", "xml", "ttl", "html", "%", "%ff"]))


#: Whether a piece of a request goes byte for byte (a time in five) or percent-encoded.
_RAW = st.integers(0, 4).map(lambda n: n == 0)


def _pair(key: str, value: str, raw: bool) -> str:
    from urllib.parse import quote

    return f"{key}={value}" if raw else f"{quote(key)}={quote(value.encode('utf-8', 'surrogatepass'))}"


@st.composite
def _request(draw: st.DrawFn) -> bytes:
    """An HTTP/1.1 request as bytes: a method, a path with a query string, headers, and a body whose
    Content-Length is right (a wrong one only makes the server wait for its deadline)."""
    method = draw(st.sampled_from(["GET"] * 8 + ["POST"] * 6 + ["HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"]))
    from urllib.parse import quote

    path = draw(st.sampled_from(["/sparql"] * 6 + ["/query", "/city/gwangju", "/relate", "/"]))
    if draw(st.integers(0, 2)) == 0:  # a third of the paths are any pieces put together
        path = "".join(draw(st.lists(_PIECES, min_size=1, max_size=3)))
        if not path.startswith("/") and draw(st.integers(0, 4)):
            path = "/" + path
    if draw(_RAW) is False:  # most often as a client would send it; else byte for byte (h11 refuses most)
        path = quote(path.encode("utf-8", "surrogatepass"), safe="/%;=+&:@")
    pairs = draw(st.lists(st.tuples(_KEYS_HTTP, _VALUES_HTTP, _RAW), max_size=3))
    if pairs:
        path += "?" + "&".join(_pair(*pair) for pair in pairs)
    headers = {"Host": draw(st.sampled_from(["127.0.0.1", "localhost"] * 3 + ["evil.example", "", "127.0.0.1:1"]))}
    for name, values in {
        "Accept": ["*/*", "text/html", "application/sparql-results+json", "text/csv", "text/turtle", "application/ld+json",
                   "image/png", "text/html;q=0", "*/*;q=abc", ",,,", "application/sparql-results+xml;q=0.5, */*;q=0.1"],
        "Content-Type": ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
                         "application/sparql-query; charset=UTF-16", "text/plain", "multipart/form-data", ";;",
                         "application/x-www-form-urlencoded; charset=latin-1"],
        "Origin": ["http://evil.example", "null", "http://127.0.0.1"],
        "Accept-Language": ["ko", "de-DE,de;q=0.9", "*", "x" * 200, "en;q=2"],
        "Accept-Encoding": ["gzip", "identity;q=0", "br"],
        "X-Forwarded-For": ["1.2.3.4"],
    }.items():
        if draw(st.integers(0, 3)) < (3 if name == "Content-Type" and method == "POST" else 1):
            headers[name] = draw(st.one_of(st.sampled_from(values), st.text(
                alphabet=st.characters(min_codepoint=32, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=20)))
    body = b""
    if method in ("POST", "PUT", "PATCH") or draw(st.integers(0, 5)) == 0:
        kind = draw(st.integers(0, 2))
        if kind == 0:
            body = "&".join(_pair(*pair) for pair in draw(st.lists(st.tuples(_KEYS_HTTP, _VALUES_HTTP, _RAW),
                                                                   max_size=3))).encode("utf-8", "surrogatepass")
        elif kind == 1:
            body = draw(st.sampled_from(_SPARQL)).encode()
        else:
            body = draw(st.binary(max_size=64))
    if body or method == "POST":
        headers["Content-Length"] = str(len(body))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1", errors="replace") + b"Connection: close\r\n\r\n" + body


#: The 5xx a request may get (docs/serving.md): the query ran past the deadline, or every worker is busy.
_DOCUMENTED_503 = ("timed out", "busy")


@settings(max_examples=EXAMPLES["http"], **_PROFILE)
@given(request=_request())
def test_any_http_request_gets_a_clear_answer_and_no_fault(served: tuple[tuple[str, int], Path], request: bytes) -> None:
    """Whatever bytes a client sends: a status line, no 5xx but a documented 503, a 4xx whose body is
    one plain line (or a page), never a traceback or a path of the server; and nothing on the server's
    stderr but its own lines."""
    import http.client

    address, log = served
    with socket.create_connection(address, timeout=120) as connection:  # a hang fails, it does not block the suite
        connection.sendall(request)
        response = http.client.HTTPResponse(connection, method=request.split(b" ", 1)[0].decode("latin-1"))
        response.begin()
        body = response.read()
    status = response.status
    event(f"HTTP {status}")
    text = body.decode("utf-8", errors="replace")
    assert "Traceback" not in text and str(ROOT) not in text and 'File "' not in text, text[:500]
    media_type = (response.getheader("Content-Type") or "").split(";")[0]
    if status >= 500:
        assert status == 503 and any(reason in text for reason in _DOCUMENTED_503), (status, text[:300])
    if status >= 400 and media_type == "text/plain" and not request.startswith(b"HEAD "):
        assert text.strip() and "\n" not in text.strip(), text[:300]
    stderr = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr[-3000:]


def test_the_docs_state_how_many_inputs_are_tried() -> None:
    readme = " ".join((ROOT / "docs" / "reliability.md").read_text(encoding="utf-8").split())
    turtle = EXAMPLES["turtle"] + EXAMPLES["turtle_oxigraph"]
    assert f"try {sum(EXAMPLES.values()):,} generated inputs" in readme
    jsonld = EXAMPLES["jsonld"] + EXAMPLES["jsonld_oxigraph"]
    assert (f"{turtle} Turtle documents ({EXAMPLES['turtle']} on the memory store, {EXAMPLES['turtle_oxigraph']} on "
            f"Oxigraph), {jsonld} JSON-LD documents ({EXAMPLES['jsonld']} parsed, {EXAMPLES['jsonld_oxigraph']} loaded "
            f"on Oxigraph), {EXAMPLES['csv']} CSV files and {EXAMPLES['yaml']} YAML files through `hrgraph ingest`, "
            f"{EXAMPLES['parameters']} values for the parameters of the named queries and {EXAMPLES['cli_parameters']} "
            f"`hrgraph query NAME -p ...` command lines, and {EXAMPLES['http']} HTTP requests") in readme
    assert f"and {sum(EXAMPLES.values()):,} generated inputs on every run" in " ".join(
        (ROOT / "README.md").read_text(encoding="utf-8").split())
