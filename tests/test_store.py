"""The two stores: the same answers from the query library, the same exports, safe loading and building."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from hrgraph import load, run_query
from hrgraph.cli import cli
from hrgraph.errors import HRGraphError, InputError, QueryError
from hrgraph.paths import data_files
from hrgraph.projection import project
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import IllTypedLiteralWarning
from hrgraph.rdf.store import StoreSpec, build, copy_graph, is_oxigraph, open_store
from hrgraph.sparql import library
from hrgraph.validate import validate

QUERIES = sorted(library())


@pytest.fixture(scope="module")
def memory() -> Graph:
    return load(store="memory")


@pytest.fixture(scope="module")
def oxigraph() -> Graph:
    return load(store="oxigraph")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stores") / "kg"
    build(data_files(), path)
    return path


def _answer(result: object) -> tuple[object, ...]:
    rows = sorted(tuple(term.n3() if term is not None else "UNBOUND" for term in row) for row in result.rows)
    return result.kind, result.variables, rows, result.boolean


@pytest.mark.parametrize("name", QUERIES)
def test_every_library_query_answers_the_same_on_both_stores(name: str, memory: Graph, oxigraph: Graph) -> None:
    expected = _answer(run_query(name, graph=memory))
    assert _answer(run_query(name, graph=oxigraph)) == expected


def test_the_query_library_is_not_empty_on_either_store(memory: Graph, oxigraph: Graph) -> None:
    answered = [name for name in QUERIES if run_query(name, graph=oxigraph).rows]
    assert len(answered) >= 25 and len(QUERIES) == 34  # regression pins: today's library


def test_oxigraph_holds_the_same_graph_and_exports_the_same_bytes(memory: Graph, oxigraph: Graph) -> None:
    assert is_oxigraph(oxigraph) and not is_oxigraph(memory)
    copy = Graph()
    copy += oxigraph
    assert isomorphic(copy, memory)
    for rdf_format in ("turtle", "nt"):
        assert serialize(oxigraph, rdf_format) == serialize(memory, rdf_format)


def test_plain_literals_stay_plain_on_oxigraph(oxigraph: Graph) -> None:
    """Oxigraph reports "x"^^xsd:string; rdflib would then miss ``Literal("x")`` lookups."""
    assert list(oxigraph.subjects(None, Literal("PDHRE")))
    row = run_query("SELECT ?s WHERE { ?s ?p \"PDHRE\" }", graph=oxigraph).rows[0]
    assert row[0] is not None


def test_projections_are_the_same_on_both_stores(memory: Graph, oxigraph: Graph) -> None:
    for kind in ("full", "membership", "co-membership"):
        a, b = project(memory, kind), project(oxigraph, kind)
        assert sorted(a.nodes(data=True), key=str) == sorted(b.nodes(data=True), key=str)
        assert sorted(a.edges(data=True), key=str) == sorted(b.edges(data=True), key=str)


def test_inference_and_shacl_work_on_oxigraph(memory: Graph, oxigraph: Graph) -> None:
    query = "SELECT ?o WHERE { ?o a <https://w3id.org/hrgraph/ontology#Organization> }"
    for regime in ("rdfs", "owlrl"):
        assert _answer(run_query(query, graph=oxigraph, infer=regime)) == _answer(
            run_query(query, graph=memory, infer=regime)
        )
    assert len(run_query(query, graph=oxigraph, infer="rdfs").rows) > len(run_query(query, graph=oxigraph).rows)
    assert validate(oxigraph).conforms


def test_shacl_finds_a_violation_on_oxigraph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix hrg: <https://w3id.org/hrgraph/ontology#> .\n"
        "<https://w3id.org/hrgraph/city/nowhere> a hrg:City .\n",
        encoding="utf-8",
    )
    report = validate(load([bad], store="oxigraph"))
    assert not report.conforms and "nowhere" in report.text()


def test_a_syntax_error_names_file_and_line_and_loads_nothing(tmp_path: Path) -> None:
    good = tmp_path / "a.ttl"
    good.write_text('<http://example.org/a> <http://example.org/p> "x" .\n', encoding="utf-8")
    bad = tmp_path / "b.ttl"
    bad.write_text('<http://example.org/a> <http://example.org/p> "x" .\n\n<http://example.org/b> <p> .\n')
    with pytest.raises(InputError, match=r"b\.ttl:3: "):
        load([good, bad], store="oxigraph")


def test_ill_typed_literals_are_reported_with_their_file(tmp_path: Path) -> None:
    path = tmp_path / "dates.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/date> "2001-13-45"^^xsd:date, "209"^^xsd:gYear, '
        '"2009"^^xsd:gYear, "12"^^xsd:integer, "true"^^xsd:boolean .\n',
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load([path], ontology=False, store="oxigraph")
    messages = sorted(str(w.message) for w in caught if w.category is IllTypedLiteralWarning)
    assert len(messages) == 2 and all(m.startswith(f"{path}: ill-typed literal") for m in messages)
    assert '"2001-13-45"' in messages[0] and '"209"' in messages[1]
    with pytest.raises(InputError, match="ill-typed"):
        load([path], ontology=False, strict=True, store="oxigraph")


def test_each_ill_typed_literal_is_reported_once_with_the_first_file_that_holds_it(tmp_path: Path) -> None:
    """One scan once every file is in, then the files read again to name each literal's file (a
    literal in two files is reported once, with the first, as when each file was scanned in turn)."""
    texts = {
        "a.ttl": '<http://example.org/a> <http://example.org/n> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        "b.nq": '<http://example.org/b> <http://example.org/day> "2001-13-45"^^<http://www.w3.org/2001/XMLSchema#date>'
                ' <http://example.org/g> .\n',
        "c.ttl": '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://example.org/b> <http://example.org/day>'
                 ' "2001-13-45"^^xsd:date .\n<http://example.org/c> <http://example.org/flag> "yes"^^xsd:boolean .\n',
    }
    paths = []
    for name, text in texts.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load(paths, ontology=False, store="oxigraph")
    XSD = "http://www.w3.org/2001/XMLSchema#"  # noqa: N806
    assert sorted(str(w.message) for w in caught if w.category is IllTypedLiteralWarning) == [
        f'{paths[1]}: ill-typed literal "2001-13-45"^^<{XSD}date> for subject <http://example.org/b> '
        "predicate <http://example.org/day>",
        f'{paths[2]}: ill-typed literal "yes"^^<{XSD}boolean> for subject <http://example.org/c> '
        "predicate <http://example.org/flag>",
    ]


@pytest.mark.parametrize("value", ["", "disk", "memory:/tmp/x", "oxigraph:", "Oxigraph"])
def test_a_bad_store_value_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="--store"):
        StoreSpec.parse(value)


def test_a_built_store_answers_like_the_bundled_graph(built: Path, memory: Graph) -> None:
    stored = load(store=f"oxigraph:{built}")
    for name in ("members-of-network", "timeline", "co-membership"):
        assert _answer(run_query(name, graph=stored)) == _answer(run_query(name, graph=memory))
    data_only = open_store(built, ontology=False)
    assert len(data_only) == len(load(ontology=False, store="memory"))


def test_building_never_replaces_a_store_silently(built: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in built.iterdir())
    with pytest.raises(HRGraphError, match="--force"):
        build(data_files()[:1], built)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:1"):
        build([bad], built, force=True)
    assert sorted(p.name for p in built.iterdir()) == before
    assert not [p for p in built.parent.iterdir() if ".partial-" in p.name or ".old-" in p.name]
    assert len(load(store=f"oxigraph:{built}")) == len(load(store="memory"))


def test_build_refuses_a_path_that_is_not_a_store(tmp_path: Path) -> None:
    ordinary = tmp_path / "notes.txt"
    ordinary.write_text("mine", encoding="utf-8")
    with pytest.raises(HRGraphError, match="not an Oxigraph store"):
        build(data_files(), ordinary, force=True)
    assert ordinary.read_text(encoding="utf-8") == "mine"
    with pytest.raises(HRGraphError, match="does not exist"):
        build(data_files(), tmp_path / "missing" / "kg")


def test_force_rebuilds_from_the_new_files(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    build(data_files(), path, ontology=False)
    small = tmp_path / "one.ttl"
    small.write_text('<http://example.org/a> <http://example.org/p> "x" .\n', encoding="utf-8")
    build([small], path, ontology=False, force=True)
    assert len(load(store=f"oxigraph:{path}")) == 1


def test_cli_load_then_query_the_store(tmp_path: Path, memory: Graph) -> None:
    runner = CliRunner()
    path = tmp_path / "kg"
    loaded = runner.invoke(cli, ["load", *map(str, data_files()), "--store", f"oxigraph:{path}"])
    assert loaded.exit_code == 0, loaded.output
    assert f"triples from {len(data_files()) + 1} file(s) into {path}" in loaded.output
    after = runner.invoke(cli, ["query", "members-of-network", "--format", "csv", "--store", f"oxigraph:{path}"])
    before = runner.invoke(cli, ["--store", f"oxigraph:{path}", "query", "members-of-network", "--format", "csv"])
    plain = runner.invoke(cli, ["--store", "memory", "query", "members-of-network", "--format", "csv"])
    assert after.exit_code == before.exit_code == plain.exit_code == 0
    assert after.output == before.output == plain.output and "Barcelona" in plain.output
    again = runner.invoke(cli, ["load", str(data_files()[0]), "--store", f"oxigraph:{path}"])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_store_errors_are_clear(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["stats", "--store", f"oxigraph:{tmp_path / 'none'}"])
    assert missing.exit_code == 2 and "hrgraph load" in missing.output
    with_data = runner.invoke(cli, ["--data", str(data_files()[0]), "stats", "--store", f"oxigraph:{tmp_path}"])
    assert with_data.exit_code == 2
    bad = runner.invoke(cli, ["stats", "--store", "postgres"])
    assert bad.exit_code == 2 and "--store" in bad.output
    url = runner.invoke(cli, ["push", "--store", "http://127.0.0.1:7878/store"])
    assert url.exit_code == 2 and "push --graph-store URL" in url.output
    not_a_path = runner.invoke(cli, ["load", str(data_files()[0]), "--store", "oxigraph"])
    assert not_a_path.exit_code == 2 and "oxigraph:PATH" in not_a_path.output


def test_the_environment_chooses_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("HRGRAPH_STORE", "nonsense")
    assert runner.invoke(cli, ["stats"]).exit_code == 2
    monkeypatch.setenv("HRGRAPH_STORE", "memory")
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0 and "triples:" in result.output


def test_oxigraph_syntax_errors_name_line_and_column(oxigraph: Graph) -> None:
    with pytest.raises(QueryError, match=r"^<query>:3:2: SPARQL syntax error: "):
        run_query("SELECT * WHERE {\n  ?s ?p \n}", graph=oxigraph)
    with pytest.raises(QueryError, match=r"^<query>:1:\d+: Unknown namespace prefix"):
        run_query("SELECT ?x WHERE { ?x a nope:City }", graph=oxigraph)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p <http://example.org/> SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p ex: SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
        "select * where { ?s ?p ?o . service silent <http://127.0.0.1:9/> { ?a ?b ?c } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_oxigraph_never_reaches_out(text: str, oxigraph: Graph) -> None:
    """Oxigraph would follow SERVICE over HTTP: the token check refuses it before Oxigraph parses."""
    with pytest.raises(QueryError, match="SERVICE|FROM|syntax"):
        run_query(text, graph=oxigraph)


def test_names_that_look_like_keywords_are_not_refused(oxigraph: Graph) -> None:
    text = (
        "PREFIX from: <http://example.org/> SELECT ?service WHERE { "
        "?service from:service \"FROM SERVICE\"@en } # SERVICE"
    )
    assert run_query(text, graph=oxigraph).rows == []


def test_rewriting_a_curated_file_refuses_a_normalising_store(oxigraph: Graph, tmp_path: Path) -> None:
    from hrgraph.wikidata import enrich_wikidata, link_wikidata

    for command in (link_wikidata, enrich_wikidata):
        with pytest.raises(HRGraphError, match="store='memory'"):
            command(oxigraph, output=tmp_path / "wikidata.ttl", endpoint="http://127.0.0.1:9/sparql")
    assert not (tmp_path / "wikidata.ttl").exists()


def test_a_served_oxigraph_graph_stays_on_oxigraph_after_an_update(oxigraph: Graph) -> None:
    from hrgraph.web import ServedGraph

    store = ServedGraph(copy_graph(oxigraph))
    size = store.update(
        'INSERT DATA { <https://w3id.org/hrgraph/city/atlantis> <http://www.w3.org/2000/01/rdf-schema#label> "Atlantis" }',
        timeout=30,
    )
    assert size == len(oxigraph) + 1 and is_oxigraph(store.snapshot.graph)
    assert len(oxigraph) + 1 == len(store.snapshot.graph)


def test_serving_a_built_store_is_read_only(built: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--enable-update", "--store", f"oxigraph:{built}"])
    assert result.exit_code == 2 and "read-only" in result.output


LEXICAL = (
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    '<http://example.org/a> <http://example.org/p> "0510000"^^xsd:integer, "yes"^^xsd:boolean, '
    '"1"^^xsd:boolean, "1.50"^^xsd:decimal .\n'
)


def test_oxigraph_keeps_values_and_never_rewrites_an_ill_typed_literal(tmp_path: Path) -> None:
    """The policy, pinned: Oxigraph stores valid literals as canonical values; an ill-typed one
    stays as written (rdflib would turn "yes"^^xsd:boolean into "false")."""
    path = tmp_path / "lexical.ttl"
    path.write_text(LEXICAL, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllTypedLiteralWarning)
        graph = load([path], ontology=False, store="oxigraph")
    assert sorted(str(o) for o in graph.objects()) == ["1.5", "510000", "true", "yes"]
    rows = run_query("SELECT ?o WHERE { ?s ?p ?o }", graph=graph).rows
    assert sorted(str(row[0]) for row in rows) == ["1.5", "510000", "true", "yes"]
    assert b'"yes"^^' in serialize(graph, "nt") and b'"false"' not in serialize(graph, "nt")


def test_export_keeps_literals_as_written_unless_a_store_is_chosen(tmp_path: Path) -> None:
    path = tmp_path / "lexical.ttl"
    path.write_text(LEXICAL, encoding="utf-8")
    runner = CliRunner()
    default = runner.invoke(cli, ["--data", str(path), "export", "--format", "nt"])
    chosen = runner.invoke(cli, ["--data", str(path), "export", "--format", "nt", "--store", "oxigraph"])
    assert default.exit_code == chosen.exit_code == 0
    assert all(f'"{text}"^^' in default.output for text in ("0510000", "yes", "1", "1.50"))
    assert all(f'"{text}"^^' in chosen.output for text in ("510000", "yes", "true", "1.5"))
    assert '"false"' not in default.output + chosen.output


def test_cli_load_shows_a_progress_bar_in_a_terminal(tmp_path: Path) -> None:
    """In a terminal (a pseudo-terminal here) the bar is drawn; elsewhere only its label and the summary."""
    import os
    import pty
    import subprocess
    import sys

    ours, theirs = pty.openpty()
    command = [sys.executable, "-m", "hrgraph", "load", str(data_files()[0]), "--store", f"oxigraph:{tmp_path / 'kg'}"]
    with subprocess.Popen(command, stdin=theirs, stdout=theirs, stderr=theirs) as process:
        os.close(theirs)
        output = b""
        while True:
            try:
                chunk = os.read(ours, 4096)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            output += chunk
    os.close(ours)
    text = output.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert f"loading into {tmp_path / 'kg'}" in text and "100%" in text and "triples/s)" in text
    quiet = CliRunner().invoke(cli, ["load", str(data_files()[0]), "--store", f"oxigraph:{tmp_path / 'q'}"])
    assert quiet.exit_code == 0 and "%" not in quiet.output and "triples/s)" in quiet.output


def test_analysis_and_views_are_the_same_on_both_stores(memory: Graph, oxigraph: Graph) -> None:
    from hrgraph.analyze import analyze
    from hrgraph.render import render_view, select_view

    assert analyze(oxigraph).text() == analyze(memory).text()
    for options in ({}, {"focus": "Gwangju"}, {"kinds": ("city",)}):
        pages = [render_view(select_view(graph, **options), title="t") for graph in (memory, oxigraph)]
        assert pages[0] == pages[1] and "Gwangju" in pages[0]


def test_the_server_answers_the_same_on_both_stores(memory: Graph, oxigraph: Graph) -> None:
    from starlette.testclient import TestClient

    from hrgraph.web import Settings, create_app

    paths = ["query?name=members-of-network&format=json", "city/gwangju.ttl", "city/gwangju", "dump.nt",
             "sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D"]
    answers = []
    for graph in (memory, oxigraph):
        with TestClient(create_app(graph, settings=Settings(timeout=20, workers=1))) as client:
            answers.append([(r.status_code, r.content) for r in (client.get(path) for path in paths)])
    assert answers[0] == answers[1] and all(status == 200 for status, _ in answers[0])


def test_names_and_slugs_resolve_to_the_same_entity_on_both_stores(memory: Graph, oxigraph: Graph) -> None:
    """Oxigraph resolves an exact name or slug by lookups, not the index of every name: same answers."""
    from hrgraph.entities import NAME_PROPERTIES, resolve

    names = sorted({str(o) for p in NAME_PROPERTIES for o in memory.objects(None, p)})[::25]
    names += ["gwangju", "city/gwangju", "Nurnberg", "광주", "Saint-Denis", "nowhere at all", "UCLG"]
    for name in names:
        outcomes = []
        for graph in (memory, oxigraph):
            try:
                outcomes.append(resolve(graph, name))
            except HRGraphError as error:
                outcomes.append(type(error).__name__)
        assert outcomes[0] == outcomes[1], name
    assert len(names) > 40
