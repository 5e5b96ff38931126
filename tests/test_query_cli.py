"""`hrgraph query` and `hrgraph queries`: formats, files, exit status and refusals, in-process."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, URIRef
from rdflib.query import Result as SparqlResult

from hrgraph.cli import cli
from hrgraph.results import format_table
from hrgraph.sparql import library

USING = Path(__file__).resolve().parent.parent / "docs" / "using.md"
CITIES = "SELECT ?city WHERE { ?city a <https://w3id.org/hrgraph/ontology#City> } ORDER BY ?city"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_default_table_lists_network_members() -> None:
    result = run("query", "members-of-network")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # one column per thing: the member's label (no CURIE column beside it); a member's further
    # versions (another role, another source) are lines under its first, the name shown once
    assert lines[0].split() == ["member", "role", "start", "attested", "source"]
    width = lines[0].index("role")
    assert [line[:width].strip() for line in lines[2:-1]] == [
        "Barcelona", "Bergen", "Graz", "", "", "Lund", "", "Middelburg", "Nuremberg", "",
        "Raoul Wallenberg Institute", "US National Human Rights Cities Alliance", "University College Roosevelt",
        "Utrecht", "Utrecht University", "Vienna", "York",
    ]
    assert lines[-1] == "(17 rows)"


def test_lang_falls_back_to_english() -> None:
    output = run("query", "members-of-network", "--param", "network=UCLG Committee on Social Inclusion, "
                 "Participatory Democracy and Human Rights", "--lang", "ko").output
    assert "광주" in output and "Mexico City" in output


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_standard_result_formats_parse_back(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["query", CITIES, "--format", fmt])
    assert result.exit_code == 0
    parsed = SparqlResult.parse(io.BytesIO(result.stdout_bytes), format=fmt)
    cities = [row[0] for row in parsed]
    assert URIRef("https://w3id.org/hrgraph/city/rosario") in cities and len(cities) >= 20


def test_json_is_sparql_results_json() -> None:
    document = json.loads(run("query", CITIES, "--format", "json").output)
    assert document["head"]["vars"] == ["city"]
    assert document["results"]["bindings"][0]["city"]["type"] == "uri"


def test_markdown_table() -> None:
    output = run("query", CITIES, "--format", "md").output.splitlines()
    assert output[:2] == ["| city |", "|---|"]
    assert "| city:rosario |" in output


def test_construct_as_turtle_nt_and_jsonld() -> None:
    construct = "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t FILTER (?c = <https://w3id.org/hrgraph/city/rosario>) }"
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        result = CliRunner().invoke(cli, ["query", construct, "--format", fmt])
        graph = Graph().parse(data=result.stdout_bytes, format=parser)
        assert {str(o) for o in graph.objects()} == {"https://w3id.org/hrgraph/ontology#City"}
    assert run("query", construct, "--format", "csv").exit_code == 2


def test_ask_prints_answer_and_sets_exit_status() -> None:
    yes = run("query", "ASK WHERE { <https://w3id.org/hrgraph/city/rosario> ?p ?o }")
    no = run("query", "ASK WHERE { <https://w3id.org/hrgraph/city/atlantis> ?p ?o }")
    assert (yes.exit_code, yes.output) == (0, "true\n")
    assert (no.exit_code, no.output) == (1, "false\n")


def test_query_file_with_header_and_parameters(tmp_path: Path) -> None:
    path = tmp_path / "country.rq"
    path.write_text(
        "# title: Cities of a country\n"
        "# param: country (entity, default Argentina): the country\n"
        "# column: city: the city\n"
        "SELECT ?city WHERE { ?city <https://w3id.org/hrgraph/ontology#country> ?country } ORDER BY ?city\n",
        encoding="utf-8",
    )
    assert "city:rosario" in run("query", "--file", str(path)).output
    seoul = run("query", "--file", str(path), "-p", "country=South Korea").output
    assert "city:seoul" in seoul and "city:rosario" not in seoul


def test_output_file_is_written_atomically_and_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "cities.csv"
    assert run("query", CITIES, "--format", "csv", "-o", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"city\r\n")
    target.write_text("mine")
    refused = run("query", CITIES, "--format", "csv", "-o", str(target))
    assert refused.exit_code == 2 and target.read_text() == "mine"


def test_injection_through_a_parameter_is_just_a_value() -> None:
    result = run("query", "members-of-network", "--param", 'network=x" } ; DROP ALL ; #')
    assert result.exit_code == 2 and "no entity named" in result.output
    assert "Traceback" not in result.output


def test_errors_name_what_is_wrong(tmp_path: Path) -> None:
    cases = {
        ("query", "members-of-netwrk"): "did you mean: members-of-network",
        ("query", "members-of-network", "-p", "colour=red"): "has no parameter 'colour'; its parameters: network, lang",
        ("query", "members-of-network", "-p", "lang=not a tag!"): "parameter 'lang' expects language",
        ("query", "members-of-network", "-p", "novalue"): "expected NAME=VALUE",
        ("query", "SELECT * WHERE {\n  ?s ?p \n}"): "SPARQL syntax error",
        ("query", "--file", str(tmp_path / "missing.rq")): "missing.rq: No such file",
        ("query",): "give a query NAME or SPARQL text",
    }
    for args, expected in cases.items():
        result = run(*args)
        assert result.exit_code == 2, args
        assert expected in result.output, (args, result.output)


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("DROP ALL", "update"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update"),
        ("LOAD <file:///etc/passwd>", "update"),
        ("CLEAR DEFAULT", "update"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <http://127.0.0.1:1/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ],
)
def test_reliability_17_refused_forms_name_the_clause(text: str, clause: str) -> None:
    result = run("query", text)
    assert result.exit_code == 2 and clause in result.output


def test_update_runs_only_when_allowed_and_writes_the_result(tmp_path: Path) -> None:
    target = tmp_path / "updated.ttl"
    update = "DELETE WHERE { <https://w3id.org/hrgraph/city/rosario> ?p ?o }"
    assert run("query", update).exit_code == 2
    assert run("query", update, "--allow-update", "-o", str(target)).exit_code == 0
    graph = Graph().parse(target)
    assert (URIRef("https://w3id.org/hrgraph/city/rosario"), None, None) not in graph
    assert (URIRef("https://w3id.org/hrgraph/city/gwangju"), None, None) in graph


def test_reliability_18_runaway_query_is_stopped_at_the_timeout() -> None:
    result = run("query", "--timeout", "1", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert result.exit_code == 2 and "query timed out after 1s" in result.output


def test_reliability_19_row_cap_says_it_truncated() -> None:
    result = CliRunner().invoke(cli, ["query", "SELECT ?s WHERE { ?s ?p ?o }", "--max-rows", "3"])
    assert result.stdout.splitlines()[-1] == "(3 rows)"
    assert "truncated at 3 rows" in result.stderr


def test_inference_finds_networks_as_organizations() -> None:
    query = "SELECT ?o WHERE { ?o a <https://w3id.org/hrgraph/ontology#Organization> }"
    plain = run("query", query).output
    inferred = run("query", query, "--infer", "rdfs").output
    assert "organization:eccar" not in plain and "organization:eccar" in inferred
    assert "organization:uclg-cisdp" in inferred


def test_queries_lists_the_library() -> None:
    output = run("queries").output
    for name in library():
        assert name in output


def test_documented_query_table_is_in_sync() -> None:
    """docs/using.md's table is `hrgraph queries --format md`; regenerate it when a query changes."""
    text = USING.read_text(encoding="utf-8")
    match = re.search(r"<!-- queries:start -->\n(.*?)<!-- queries:end -->", text, re.S)
    assert match, "docs/using.md lacks the <!-- queries:start --> ... <!-- queries:end --> block"
    assert match.group(1) == run("queries", "--format", "md").output


def test_format_table_aligns_wide_characters() -> None:
    table = format_table(["a", "b"], [["광주", "x"], ["Rosario", "y"]]).splitlines()
    # 광주 is two characters but four terminal columns: "x" and "y" start in the same column.
    assert table[2] == "광주     x" and table[3] == "Rosario  y"


def test_a_query_that_is_not_utf8_is_refused_with_its_line_column_and_byte(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.rq"
    latin1.write_bytes('SELECT * WHERE {\n  ?s ?p "café" }'.encode("latin-1"))
    refused = run("query", "--file", str(latin1))
    assert refused.exit_code == 2
    assert refused.output.strip() == f"error: {latin1}: line 2, column 13: byte 0xe9 is not UTF-8; save the query as UTF-8"
    # on the command line, bytes that are not UTF-8 reach Python as lone surrogates
    refused = run("query", 'SELECT * WHERE { ?s ?p "caf\udce9" }')
    assert refused.exit_code == 2
    assert refused.output.strip() == "error: <query>: line 1, column 28: byte 0xe9 is not UTF-8; save the query as UTF-8"
