"""The bad-input cases of ../shared/RELIABILITY.md: every case has a test named after its number.

A test is named ``test_reliability_N_...`` (or, for the server's, ``test_N_...``; ``test_36_37_...``
covers two). Most live beside the code they exercise; this file holds those that span modules, and
the check that no case is left without a test. Set ``HRGRAPH_SHARED`` to read the cases from another
place than ``../shared`` beside the clone (as CI has it).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

from hrgraph.errors import OutputError
from hrgraph.load import load
from hrgraph.paths import data_files
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HRGRAPH_SHARED", ROOT.parent / "shared"))
CASES = SHARED / "RELIABILITY.md"
#: A test's name that carries case numbers: test_reliability_13_..., test_32_..., test_36_37_...
NUMBERED = re.compile(r"test_(?:reliability_)?((?:\d+_)+)")


def hrgraph(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process: what a user sees on stderr, logging included."""
    return subprocess.run(
        [sys.executable, "-m", "hrgraph", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=600,
    )


def test_every_case_has_a_test_named_after_its_number() -> None:
    if not CASES.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CASES} missing: CI must check that every case has a test")
        pytest.skip(f"{CASES} not available (set HRGRAPH_SHARED)")
    cases = {int(n) for n in re.findall(r"^(\d+)\. ", CASES.read_text(encoding="utf-8"), flags=re.MULTILINE)}
    assert len(cases) > 50
    tested: set[int] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (match := NUMBERED.match(node.name)):
                tested.update(int(n) for n in match.group(1).split("_") if n)
    assert sorted(cases - tested) == []


# --- 4: the same content twice ------------------------------------------------------------------------

BLANK = '@prefix ex: <https://example.org/> .\nex:a ex:b [ ex:c "x" ] ; ex:list ( 1 2 ) .\n'


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_reliability_4_the_same_content_twice_adds_nothing(tmp_path: Path, store: str) -> None:
    (tmp_path / "a.ttl").write_text(BLANK, encoding="utf-8")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.ttl").write_text(BLANK, encoding="utf-8")
    once = load([tmp_path / "a.ttl"], ontology=False, store=store)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        twice = load([tmp_path / "a.ttl", tmp_path / "copy"], ontology=False, store=store)
    assert len(once) == len(twice) == 7
    assert [str(w.message) for w in caught] == [f"{tmp_path / 'copy' / 'a.ttl'}: the same content as {tmp_path / 'a.ttl'}; loaded once"]


def test_reliability_4_other_content_with_blank_nodes_is_all_loaded(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(BLANK, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(BLANK.replace('"x"', '"y"'), encoding="utf-8")  # same size, other bytes
    assert len(load([tmp_path / "a.ttl", tmp_path / "b.ttl"], ontology=False)) == 14


def test_reliability_4_curated_data_has_no_blank_nodes() -> None:
    """The lint: a blank node in graph/ would be added again by every load of a copy of its file."""
    for path in data_files():
        blank = [triple for triple in parse_file(path) if any(isinstance(term, BNode) for term in triple)]
        assert blank == [], f"{path}: give these nodes IRIs"


# --- 8 and 11: ill-typed literals on the Oxigraph store -----------------------------------------------

ILL_TYPED = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:flag "yes"^^xsd:boolean ; ex:date "2001-13-45"^^xsd:date ; ex:n "42.0"^^xsd:integer .
ex:b ex:n "{digits}"^^xsd:integer ; ex:text "{text}" .
"""


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_reliability_8_11_ill_typed_literals_give_hrgraphs_one_line_warnings_only(tmp_path: Path, store: str) -> None:
    data = tmp_path / "ill.ttl"
    data.write_text(ILL_TYPED.format(digits="7" * 5000, text="x" * 10_000_000), encoding="utf-8")
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    expected = [
        'warning: ill.ttl: ill-typed literal "2001-13-45"^^<http://www.w3.org/2001/XMLSchema#date> for subject '
        "<https://example.org/a> predicate <https://example.org/date>",
        f'warning: ill.ttl: ill-typed literal "42.0"^^{integer} for subject <https://example.org/a> predicate '
        "<https://example.org/n>",
        f'warning: ill.ttl: ill-typed literal "{"7" * 80}…"^^{integer} (5000 characters) for subject '
        "<https://example.org/b> predicate <https://example.org/n>",
        'warning: ill.ttl: ill-typed literal "yes"^^<http://www.w3.org/2001/XMLSchema#boolean> for subject '
        "<https://example.org/a> predicate <https://example.org/flag>",
    ]
    exported = hrgraph("--store", store, "--data", "ill.ttl", "export", "--format", "nt", cwd=tmp_path)
    assert exported.returncode == 0
    assert exported.stderr.splitlines() == expected
    assert '"yes"^^<http://www.w3.org/2001/XMLSchema#boolean>' in exported.stdout  # never "false"
    # As on a terminal 100 columns wide: the 10-million-character literal is wrapped, in linear time.
    queried = hrgraph("--store", store, "--data", "ill.ttl", "query", "SELECT ?o WHERE { ?s ?p ?o }", cwd=tmp_path,
                      COLUMNS="100")
    assert queried.returncode == 0 and queried.stderr.splitlines() == expected
    assert max(map(len, queried.stdout.splitlines())) <= 100
    assert queried.stdout.count("x" * 100) == 100_000


# --- 51: an invalid IRI on export ---------------------------------------------------------------------


def test_reliability_51_an_invalid_iri_is_a_clear_error_and_the_destination_is_untouched(tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text(
        '@prefix ex: <https://example.org/> .\nex:a ex:b <http://x/{y}> .\n', encoding="utf-8"
    )
    (tmp_path / "out.ttl").write_bytes(b"old\n")
    for store in ("memory", "oxigraph"):
        result = hrgraph("--store", store, "--data", "bad.ttl", "export", "-o", "out.ttl", "--force", cwd=tmp_path)
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: bad.ttl")
        assert "IRI" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out.ttl").read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "out.ttl"]


@pytest.mark.parametrize("rdf_format", ["turtle", "nt", "jsonld", "xml", "trig"])
def test_reliability_51_a_graph_made_in_python_with_an_invalid_iri_cannot_be_serialized(rdf_format: str) -> None:
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/b"), URIRef("http://x/{y}")))
    with pytest.raises(OutputError, match=rf'^cannot write the graph as {rdf_format}: "http://x/{{y}}" does not look'):
        serialize(graph, rdf_format)


# --- an interrupted build (issue 14) -----------------------------------------------------------------------


def test_a_build_killed_midway_is_cleaned_up_by_the_next_run(tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as stream:
        for i in range(300_000):
            stream.write(f'<https://example.org/s{i}> <https://example.org/p> "value {i}" .\n')
    others = [tmp_path / ".other.partial-1-abc", tmp_path / ".kg.partial-notes.txt"]  # not a build's of kg
    others[0].mkdir()
    others[1].write_text("mine", encoding="utf-8")
    command = [sys.executable, "-m", "hrgraph", "load", "big.nt", "--store", "oxigraph:kg", "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    builder = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not list(tmp_path.glob(".kg.partial-*/")) and builder.poll() is None:
            time.sleep(0.01)  # until the build has begun
    finally:
        builder.kill()
        builder.wait()
    left = sorted(p.name for p in tmp_path.glob(".kg.partial-*/"))
    assert len(left) == 1 and not (tmp_path / "kg").exists()
    again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"warning: removed {left[0]}: left by an interrupted build" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["big.nt", "kg", *(p.name for p in others)])


# --- 18: a query nested deeper than rdflib's parser can go ---------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE " + "{ " * 40 + "?s ?p ?o" + " }" * 40,
        "SELECT ?s WHERE { ?s ?p ?o FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }",
        "SELECT ?s WHERE { ?s <urn:p> " + "[ <urn:p> " * 300 + "?o" + " ]" * 300 + " }",
        "SELECT ?s WHERE " + "{ SELECT ?s WHERE " * 100 + "{ ?s ?p ?o }" + " }" * 100,
    ],
    ids=["groups", "parentheses", "blank-nodes", "subqueries"],
)
def test_reliability_18_a_query_nested_too_deeply_on_the_memory_store_is_a_one_line_error(tmp_path: Path, query: str) -> None:
    result = hrgraph("--store", "memory", "query", query, cwd=tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (2, "error: <query>: nested too deeply to parse\n", "")


def test_reliability_18_an_update_nested_too_deeply_is_a_one_line_error(tmp_path: Path) -> None:
    update = "INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + "{ " * 60 + "?s ?p ?o" + " }" * 60
    result = hrgraph("--store", "memory", "query", "--allow-update", update, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: <query>: nested too deeply to parse\n")


# --- 10: a FIFO or a device given as a file ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_reliability_10_a_fifo_or_a_device_given_as_a_file_is_refused_unread(tmp_path: Path, kind: str) -> None:
    """Reading a FIFO waits for a writer forever; reading /dev/zero never ends (ingest ran out of memory)."""
    for name in ("data.ttl", "facts.csv"):
        if kind == "fifo":
            os.mkfifo(tmp_path / name)
        else:
            (tmp_path / name).symlink_to("/dev/zero")
    refusal = "not a regular file (a FIFO, a device or a socket); give a file\n"
    for store in ("memory", "oxigraph"):
        result = hrgraph("--store", store, "--data", "data.ttl", "stats", cwd=tmp_path)
        assert (result.returncode, result.stderr) == (2, f"error: data.ttl: {refusal}")
    (tmp_path / "graph").mkdir()
    result = hrgraph("ingest", "facts.csv", "--graph-dir", "graph", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"error: facts.csv: {refusal}")
    assert list((tmp_path / "graph").iterdir()) == []


# --- 15: a name whose bytes are not UTF-8 --------------------------------------------------------------


def test_reliability_15_a_name_whose_bytes_are_not_utf8_names_no_entity(tmp_path: Path) -> None:
    """The shell passes the byte 0xff through; Python holds it as a lone surrogate."""
    for command in (["show"], ["relate", "Gwangju"]):
        result = subprocess.run(
            [sys.executable, "-m", "hrgraph", *command, b"\xff".decode("utf-8", "surrogateescape")], capture_output=True,
            text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600,
        )
        assert (result.returncode, result.stderr) == (2, "error: no entity named '\\udcff'\n")


# --- 30: an endpoint URL that is no URL ---------------------------------------------------------------


def test_reliability_30_an_endpoint_url_that_cannot_be_split_is_one_line_without_its_password(tmp_path: Path) -> None:
    result = hrgraph("query", "ASK {}", "--endpoint", "http://me:secret@[::1/sparql", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "error: http://[::1/sparql: not a URL of a SPARQL endpoint "
                                                     "(Invalid IPv6 URL)\n")
