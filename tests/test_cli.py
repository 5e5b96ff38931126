"""The command line, run in-process, checked against the Python API."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from rdflib import Graph
from rdflib.compare import isomorphic

from hrgraph.cli import cli
from hrgraph.rdf.export import serialize

HEADER = (
    "@prefix hrg: <https://w3id.org/hrgraph/ontology#> .\n"
    "@prefix city: <https://w3id.org/hrgraph/city/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def turtle_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "data.ttl"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_stats_counts_classes_and_properties() -> None:
    result = run("stats")
    assert result.exit_code == 0
    assert "hrg:City" in result.output and "org:member" in result.output
    assert "triples:" in result.output


def test_validate_bundled_graph_exits_0() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    # No violation; a warning (a membership dated before its organization's founding) may be shown.
    assert "Conforms" in result.output or "\n0 violation(s), " in result.output


def test_validate_file_with_violation_exits_1_and_names_entity(tmp_path: Path) -> None:
    path = turtle_file(tmp_path, 'city:atlantis a hrg:City ; rdfs:label "Atlantis"@en .\n')
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "city:atlantis (Atlantis)" in result.output


def test_validate_new_file_against_bundled_entities(tmp_path: Path) -> None:
    path = turtle_file(tmp_path, "city:rosario hrg:inspiredBy city:gwangju .\n")
    assert run("validate", str(path)).exit_code == 1  # alone, the cities are undefined
    assert run("validate", str(path), "--with-bundled").exit_code == 0


def test_syntax_error_exits_2_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}:2:" in result.output
    assert "Traceback" not in result.output


def test_show_finds_entity_by_any_name_and_prints_sources() -> None:
    for name in ("Nürnberg", "nuremberg", "NURNBERG", "city:nuremberg", "city/nuremberg",
                 "https://w3id.org/hrgraph/city/nuremberg"):
        result = run("show", name)
        assert result.exit_code == 0, (name, result.output)
        assert result.output.startswith("Nuremberg  <https://w3id.org/hrgraph/city/nuremberg>")
        assert "Sources:" in result.output and "[1]" in result.output


def test_show_in_another_language_falls_back_to_english() -> None:
    assert run("show", "Gwangju", "--lang", "ko").output.startswith("광주")
    assert run("show", "Rosario", "--lang", "ko").output.startswith("Rosario")


def test_show_unknown_entity_suggests_close_names() -> None:
    result = CliRunner().invoke(cli, ["show", "Gwangjoo"])
    assert result.exit_code == 2
    assert "no entity named 'Gwangjoo'" in result.output and "Gwangju" in result.output


def test_export_stdout_matches_api(kg: Graph) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "nt", "--ontology"])
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout_bytes, format="nt"), kg)


def test_export_to_file_is_atomic_and_never_overwrites_silently(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    assert run("export", "-o", str(target)).exit_code == 0
    first = target.read_bytes()
    assert run("export", "-o", str(target)).exit_code == 0  # same bytes: nothing to do
    assert target.read_bytes() == first
    target.write_bytes(b"# my notes\n")
    refused = CliRunner().invoke(cli, ["export", "-o", str(target)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert target.read_bytes() == b"# my notes\n"
    assert run("export", "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_export_to_directory_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_fmt_check_and_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "messy.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/> .\nex:b ex:p ex:o .   ex:a ex:p ex:o .\n", encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["fmt", "--check", str(path)]).exit_code == 1
    assert run("fmt", str(path)).exit_code == 0
    assert path.read_bytes() == serialize(Graph().parse(path), "turtle")
    assert run("fmt", "--check", str(path)).exit_code == 0


def test_data_option_replaces_the_bundled_graph(tmp_path: Path) -> None:
    path = tmp_path / "tiny.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    result = run("--data", str(path), "stats")
    assert "triples: 1" in result.output
