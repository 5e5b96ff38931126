"""The explorer's command-line side: predeclared prefixes (`hrgraph prefixes`, inline SPARQL), terminal
tables (`--columns`, fitted width) and the kinds of entity a `relate` path may pass through."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from rdflib import Graph

from hrgraph.analyze import DEFAULT_THROUGH, relate
from hrgraph.cli import cli
from hrgraph.namespaces import QUERY_PREFIXES
from hrgraph.projection import project
from hrgraph.results import format_table
from hrgraph.sparql import get_query, predeclare, run_query

CITIES_BY_PREFIX = "SELECT ?c WHERE { ?c a hrg:City ; schema:name|rdfs:label ?n } ORDER BY ?c"
CITIES_BY_IRI = ("SELECT ?c WHERE { ?c a <https://w3id.org/hrgraph/ontology#City> ; "
                 "<https://schema.org/name>|<http://www.w3.org/2000/01/rdf-schema#label> ?n } ORDER BY ?c")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_prefixes_command_lists_every_predeclared_prefix() -> None:
    result = run("prefixes")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1] for line in result.output.splitlines()[2:-1]}
    assert rows == {f"{name}:": str(iri) for name, iri in QUERY_PREFIXES.items()}
    for name in ("hrg", "role", "city", "organization", "rdf", "rdfs", "owl", "xsd", "skos", "schema", "org",
                 "prov", "dcterms", "foaf", "geo", "geosparql"):
        assert f"{name}:" in rows


def test_prefixes_as_sparql_lines_make_a_query_prologue() -> None:
    lines = run("prefixes", "--format", "sparql").output.splitlines()
    assert lines[0] == "PREFIX hrg: <https://w3id.org/hrgraph/ontology#>"
    query = "\n".join(lines) + "\nSELECT ?c WHERE { ?c a hrg:City }"
    assert len(run_query(query).rows) == len(run_query("SELECT ?c WHERE { ?c a hrg:City }").rows) > 20


def test_inline_sparql_uses_predeclared_prefixes() -> None:
    with_prefixes = run("query", CITIES_BY_PREFIX, "--format", "csv")
    assert with_prefixes.exit_code == 0, with_prefixes.output
    assert with_prefixes.output == run("query", CITIES_BY_IRI, "--format", "csv").output
    assert "https://w3id.org/hrgraph/city/rosario" in with_prefixes.output


def test_a_query_own_prefix_wins() -> None:
    own = "PREFIX hrg: <https://example.org/nothing#> ASK { ?c a hrg:City }"
    assert predeclare(own) == own
    assert run("query", own).output == "false\n"
    assert run("query", "ASK { ?c a hrg:City }").output == "true\n"


def test_named_queries_are_unchanged() -> None:
    query = get_query("principles-of")
    assert predeclare(query.text) is query.text


def test_errors_name_the_line_of_the_user_text() -> None:
    for store in ("memory", "oxigraph"):
        result = run("--store", store, "query", "SELECT ?c WHERE {\n  ?c a hrg:City .\n  FILTER ( }")
        assert result.exit_code == 2
        assert result.output.startswith("error: <query>:3:"), (store, result.output)


def test_errors_in_a_file_name_the_file_and_its_line(tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?c WHERE {\n  ?c a hrg:City .\n  FILTER ( ?c = }", encoding="utf-8")
    for store in ("memory", "oxigraph"):
        result = run("--store", store, "query", "--file", str(query))
        assert result.exit_code == 2
        assert result.output.startswith(f"error: {query}:3:"), (store, result.output)


def test_unknown_prefix_points_to_the_list() -> None:
    result = run("query", "SELECT ?c WHERE { ?c a nope:City }")
    assert result.exit_code == 2 and "hrgraph prefixes" in result.output


def test_columns_choose_and_order_columns_and_keep_labels() -> None:
    result = run("query", "members-of-network", "--columns", "role,member", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "role,member,memberLabel"
    full = run("query", "members-of-network", "--format", "csv").output.splitlines()
    assert len(lines) == len(full)
    table = run("query", "members-of-network", "--columns", "member").output.splitlines()
    assert table[0].split() == ["member"] and table[-1] == "(17 rows)"  # the label, in one column
    assert "Barcelona" in table[2] and "city:barcelona" not in "".join(table)


def test_unknown_column_is_a_one_line_error() -> None:
    result = run("query", "members-of-network", "--columns", "member,year")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: --columns: no column 'year'; the answer's columns: member, memberLabel, role, start, attested, source"]
    assert run("query", "ASK { ?s ?p ?o }", "--columns", "s").exit_code == 2


def test_table_fits_the_terminal_width() -> None:
    wide = run("query", "principles-of").output.splitlines()
    assert max(map(len, wide)) > 100  # no terminal, no $COLUMNS: one line per row, as before
    narrow = run("query", "principles-of", env={"COLUMNS": "80"}).output.splitlines()
    assert max(map(len, narrow)) <= 80
    assert narrow[-1] == wide[-1] == "(12 rows)"
    words = " ".join(narrow).split()
    assert "Participatory" in words and "coordination" in words  # long text wrapped at spaces, not cut


def test_format_table_wraps_wide_characters_by_display_width() -> None:
    table = format_table(["name", "note"], [["광주광역시 광주", "x " * 30]], width=30).splitlines()
    assert all(len(line.encode("utf-16-le")) // 2 + sum(c > "\u1100" for c in line) <= 30 for line in table)
    assert "".join(table).count("x") == 30


def test_relate_through_chosen_kinds_only(kg: Graph) -> None:
    kinds = {node: data["kind"] for node, data in project(kg).nodes(data=True)}
    every = relate(kg, "Rosario", "Gwangju")
    chosen = relate(kg, "Rosario", "Gwangju", through=DEFAULT_THROUGH)
    assert "continents" not in DEFAULT_THROUGH and "principles" not in DEFAULT_THROUGH
    assert any(kinds[n] in ("continent", "principle or theme") for p in every for n in p.nodes[1:-1])
    assert chosen and not any(kinds[n] in ("continent", "principle or theme") for p in chosen for n in p.nodes[1:-1])
    narrow = run("relate", "Rosario", "Gwangju", "--through", "cities", "--through", "organizations")
    assert narrow.exit_code == 0, narrow.output
    paths = relate(kg, "Rosario", "Gwangju", through=["cities", "organizations"])
    assert narrow.output.startswith(f"Rosario ↔ Gwangju: {len(paths)} shortest path")
    assert all(kinds[n] in ("city", "network of cities", "organization", "committee or unit")
               for p in paths for n in p.nodes)
    assert run("relate", "Rosario", "Gwangju", "--through", "cities").exit_code == 1  # no such path
    wrong = run("relate", "Rosario", "Gwangju", "--through", "planets")
    assert wrong.exit_code == 2 and "'planets'" in wrong.output and "continents" in wrong.output
