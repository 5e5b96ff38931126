"""The loader: bad input gets a clear error naming the file and line, and adds nothing."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import XSD

import hrgraph
from hrgraph.errors import InputError
from hrgraph.load import load
from hrgraph.rdf.files import IllTypedLiteralWarning, parse_file

GOOD_LINES = "".join(f"ex:s{i} ex:p {i} .\n" for i in range(1000))
HEADER = "@prefix ex: <https://example.org/> .\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reliability_1_syntax_error_names_file_and_line_and_adds_nothing(tmp_path: Path) -> None:
    good = write(tmp_path, "good.ttl", HEADER + "ex:a ex:b ex:c .\n")
    bad = write(tmp_path, "bad.ttl", HEADER + GOOD_LINES + 'ex:x ex:y "unterminated .\n')
    with pytest.raises(InputError, match=r"bad\.ttl:1002: "):
        load([good, bad], ontology=False)


def test_reliability_2_undefined_prefix_names_prefix_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "nopfx.ttl", "\n\nex:a ex:b ex:c .\n")
    with pytest.raises(InputError, match=r'nopfx\.ttl:3: Prefix "ex:" not bound'):
        parse_file(path)


def test_reliability_4_same_file_twice_is_loaded_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.ttl", HEADER + "ex:a ex:b [ ex:c ex:d ] .\n")
    assert len(load([path, path, tmp_path / "." / "a.ttl"], ontology=False)) == 2


def test_reliability_5_deep_nesting_is_a_clean_error(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.ttl", HEADER + "ex:a ex:b " + "[ ex:p " * 2000 + "ex:o" + " ]" * 2000 + " .\n")
    with pytest.raises(InputError, match="nesting too deep"):
        parse_file(path)


def test_reliability_5_deep_json_ld_is_a_clean_error(tmp_path: Path) -> None:
    nested: dict = {"@id": "https://example.org/leaf"}
    for _ in range(500):
        nested = {"https://example.org/p": nested}
    path = write(tmp_path, "deep.jsonld", json.dumps(nested))
    with pytest.raises(InputError, match="nesting too deep"):
        parse_file(path)


@pytest.mark.parametrize("context", ["file:///etc/passwd", "http://127.0.0.1:9/x", ["http://127.0.0.1:9/x", {}]])
def test_reliability_6_remote_json_ld_context_is_refused_before_any_access(tmp_path: Path, context: object) -> None:
    path = write(tmp_path, "remote.jsonld", json.dumps({"@context": context, "@id": "https://example.org/a"}))
    opened: list[tuple] = []

    def audit(event: str, args: tuple) -> None:
        if event in ("urllib.Request", "socket.connect") or (event == "open" and "passwd" in str(args[0])):
            opened.append((event, args))

    sys.addaudithook(audit)
    with pytest.raises(InputError, match="never fetches contexts"):
        parse_file(path)
    assert opened == []


def test_reliability_6_inline_json_ld_context_still_works(tmp_path: Path) -> None:
    document = {"@context": {"ex": "https://example.org/"}, "@id": "ex:a", "ex:p": {"@id": "ex:b"}}
    graph = parse_file(write(tmp_path, "inline.jsonld", json.dumps(document)))
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/p"), URIRef("https://example.org/b")) in graph


def test_reliability_7_rdf_xml_with_entities_is_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    with pytest.raises(InputError, match=r"bomb\.rdf:2: DTD/entities not allowed"):
        parse_file(write(tmp_path, "bomb.rdf", laughs))


def test_reliability_8_ill_typed_literals_warn_with_file_subject_predicate(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "typed.ttl",
        HEADER + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        'ex:a ex:flag "yes"^^xsd:boolean ; ex:day "2001-13-45"^^xsd:date ; ex:n "42.0"^^xsd:integer .\n',
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = parse_file(path)
    messages = [str(w.message) for w in caught if issubclass(w.category, IllTypedLiteralWarning)]
    assert len(messages) == 3
    assert all("typed.ttl" in m and "https://example.org/a" in m for m in messages)
    # The lexical form is kept as written: an export never turns "yes" into "false".
    assert ("yes", XSD.boolean) in {(str(o), o.datatype) for o in graph.objects()}
    with pytest.raises(InputError, match="ill-typed literal"):
        parse_file(path, strict=True)


def test_reliability_9_non_canonical_integer_keeps_its_lexical_form(tmp_path: Path) -> None:
    """Policy: lexical forms are never rewritten (an export gives back what was written).

    The price: a triple pattern with the literal 510000 does not match "0510000"; a FILTER, which
    compares values, does.
    """
    path = write(tmp_path, "int.ttl", HEADER + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nex:a ex:n "0510000"^^xsd:integer .\n')
    graph = parse_file(path)
    (value,) = graph.objects()
    assert str(value) == "0510000" and value.value == 510000
    assert graph.query("ASK { ?s ?p ?o FILTER(?o = 510000) }").askAnswer
    assert not graph.query("ASK { ?s ?p 510000 }").askAnswer


@pytest.mark.parametrize("text", ["", HEADER, HEADER + "# only a comment\n"])
def test_reliability_10_empty_files_load_zero_triples(tmp_path: Path, text: str) -> None:
    assert len(parse_file(write(tmp_path, "empty.ttl", text))) == 0


def test_reliability_10_missing_file_and_directory_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        parse_file(tmp_path / "missing.ttl")
    with pytest.raises(InputError, match="is a directory"):
        parse_file(tmp_path)
    with pytest.raises(InputError, match="unknown RDF file extension"):
        parse_file(write(tmp_path, "notes.txt", "hello"))


def test_directory_argument_loads_the_rdf_files_inside(tmp_path: Path) -> None:
    write(tmp_path, "a.ttl", HEADER + "ex:a ex:b ex:c .\n")
    write(tmp_path, "b.nt", "<https://example.org/x> <https://example.org/y> <https://example.org/z> .\n")
    write(tmp_path, "readme.txt", "not rdf")
    assert len(load([tmp_path], ontology=False)) == 2


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes((HEADER + 'ex:a ex:b "N\u00fcrnberg" .\n').encode("cp1252"))
    with pytest.raises(InputError, match=r"latin1\.ttl:2: not UTF-8"):
        parse_file(path)


def test_reliability_11_huge_literal_and_integer_load(tmp_path: Path) -> None:
    big = "x" * 10_000_000
    path = write(
        tmp_path,
        "huge.ttl",
        HEADER + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        f'ex:a ex:text "{big}" ; ex:n "{"9" * 5000}"^^xsd:integer .\n',
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = parse_file(path)
    assert len(graph) == 2
    assert any("ill-typed" in str(w.message) for w in caught)


def test_bundled_graph_loads_from_package_data() -> None:
    graph = hrgraph.load()
    assert len(graph) > 1000
    assert (URIRef("https://w3id.org/hrgraph/ontology"), None, None) in graph
