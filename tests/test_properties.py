"""Property-based tests (Hypothesis): whatever a user feeds hrgraph, a clear message or a result.

Over the Turtle and JSON-LD loaders (both stores), CSV ingest through the ``hrgraph ingest`` command,
and the parameters of every named query: no traceback, no exception but hrgraph's own, no network
access, no partial file. Deterministic (``derandomize``: the same inputs on every run, so a failure
is reproducible) and bounded: :data:`EXAMPLES` says how many inputs each test tries (docs/reliability.md's
Reliability section gives the total).
"""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import tempfile
from collections.abc import Callable
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
EXAMPLES = {"turtle": 300, "turtle_oxigraph": 150, "jsonld": 300, "csv": 100, "parameters": 300}

_PROFILE = {"derandomize": True, "deadline": None, "database": None, "print_blob": False,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt fails the test: a loader must never fetch (a JSON-LD context, a DTD)."""

    def refuse(self: socket.socket, address: object) -> None:
        raise AssertionError(f"a connection to {address!r} was attempted")

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
    """On an empty graph directory (a full copy of graph/ would take seconds per input)."""
    with tempfile.TemporaryDirectory() as directory:
        graph_dir = Path(directory) / "graph"
        graph_dir.mkdir()
        facts = Path(directory) / "facts.csv"
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
            assert _files(graph_dir) == {}  # nothing written, not even a temporary file


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


def test_the_docs_state_how_many_inputs_are_tried() -> None:
    readme = " ".join((ROOT / "docs" / "reliability.md").read_text(encoding="utf-8").split())
    turtle = EXAMPLES["turtle"] + EXAMPLES["turtle_oxigraph"]
    assert f"try {sum(EXAMPLES.values()):,} generated inputs" in readme
    assert (f"{turtle} Turtle documents ({EXAMPLES['turtle']} on the memory store, {EXAMPLES['turtle_oxigraph']} on "
            f"Oxigraph), {EXAMPLES['jsonld']} JSON-LD documents, {EXAMPLES['csv']} CSV files through `hrgraph "
            f"ingest`, and {EXAMPLES['parameters']} values for the parameters") in readme
