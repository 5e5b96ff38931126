"""The format table: its facts agree with Oxigraph's, lookups work, and no other module repeats them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from hrgraph.errors import InputError
from hrgraph.rdf.export import canonical_copy, serialize
from hrgraph.rdf.files import parse_file
from hrgraph.rdf.formats import (
    EXPORT_FORMATS,
    RDF_FORMATS,
    RESULT_FORMATS,
    RdfFormat,
    ResultsFormat,
    graph_types,
    rdf_by_suffix,
    result_types,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "roundtrip.ttl"


@pytest.mark.parametrize("fmt", RDF_FORMATS.values(), ids=list(RDF_FORMATS))
def test_each_rdf_format_agrees_with_oxigraph(fmt: RdfFormat) -> None:
    assert fmt.media_type == fmt.oxigraph.media_type
    assert fmt.extension == fmt.oxigraph.file_extension
    assert not fmt.quads or fmt.oxigraph.supports_datasets


@pytest.mark.parametrize("fmt", [f for f in RESULT_FORMATS.values() if f.oxigraph], ids=lambda f: f.name)
def test_each_standard_results_format_agrees_with_oxigraph(fmt: ResultsFormat) -> None:
    assert fmt.oxigraph is not None
    assert fmt.media_type == fmt.oxigraph.media_type.split(";")[0]
    assert fmt.extension == fmt.oxigraph.file_extension


@pytest.mark.parametrize("name", list(EXPORT_FORMATS))
def test_what_hrgraph_writes_in_a_format_reads_back_by_its_extension(tmp_path: Path, name: str) -> None:
    """The name, the extension and the rdflib parser of each written format belong together."""
    graph = parse_file(FIXTURE)
    path = tmp_path / f"out.{EXPORT_FORMATS[name].extension}"
    path.write_bytes(serialize(graph, name))
    assert rdf_by_suffix(path) is EXPORT_FORMATS[name]
    assert isomorphic(parse_file(path), canonical_copy(graph))  # xsd:string written as a simple literal


def test_lookup_by_suffix_is_case_blind_and_names_the_file_it_refuses() -> None:
    assert rdf_by_suffix("a/B.TTL").name == "turtle"
    assert rdf_by_suffix("x.owl").name == rdf_by_suffix("x.rdf").name == "xml"
    with pytest.raises(InputError, match=r"^notes\.txt: unknown RDF file extension; expected one of \.json, \.jsonld, "):
        rdf_by_suffix("notes.txt")


def test_offers_put_the_protocol_defaults_first_and_aliases_after_main_types() -> None:
    assert graph_types()[0] == ("text/turtle", "turtle")
    assert result_types()[0] == result_types(boolean=True)[0] == ("application/sparql-results+json", "json")
    assert ("text/csv", "csv") not in result_types(boolean=True)
    main = [media for media, _ in graph_types()[: len(EXPORT_FORMATS)]]
    assert main == [fmt.media_type for fmt in EXPORT_FORMATS.values()]
    assert ("application/x-turtle", "turtle") in graph_types()[len(EXPORT_FORMATS):]


def test_no_module_but_the_table_spells_a_format_media_type() -> None:
    """Each format fact lives in hrgraph/rdf/formats.py (text/plain is also a plain-text page's type)."""
    media_types = {m for f in (*RDF_FORMATS.values(), *RESULT_FORMATS.values()) for m in (f.media_type, *f.aliases)}
    media_types.discard("text/plain")
    found = []
    for path in sorted((ROOT / "hrgraph").rglob("*.py")):
        if path == ROOT / "hrgraph" / "rdf" / "formats.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in docstrings and node.value in media_types
        ]
    assert found == []
