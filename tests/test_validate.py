"""SHACL validation: the bundled graph conforms; each rule catches the mistake it is there for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from hrgraph.load import load
from hrgraph.validate import validate

PREFIXES = """
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix role: <https://w3id.org/hrgraph/role/> .
@prefix city: <https://w3id.org/hrgraph/city/> .
@prefix country: <https://w3id.org/hrgraph/country/> .
@prefix organization: <https://w3id.org/hrgraph/organization/> .
@prefix membership: <https://w3id.org/hrgraph/membership/> .
@prefix instrument: <https://w3id.org/hrgraph/instrument/> .
@prefix event: <https://w3id.org/hrgraph/event/> .
@prefix quantity: <https://w3id.org/hrgraph/quantity/> .
@prefix source: <https://w3id.org/hrgraph/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .

source:s a hrg:Source ; rdfs:label "S"@en ; dcterms:title "S" ; schema:url <https://example.org/s> .
country:x a hrg:Country ; rdfs:label "X"@en ; prov:wasDerivedFrom source:s .
city:a a hrg:City ; rdfs:label "A"@en ; hrg:country country:x ; prov:wasDerivedFrom source:s .
organization:n a hrg:Network ; rdfs:label "N"@en ; prov:wasDerivedFrom source:s .
instrument:i a hrg:Charter ; rdfs:label "I"@en ; prov:wasDerivedFrom source:s .
"""


def check(tmp_path: Path, turtle: str, severity: str = "Violation") -> list[str]:
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    report = validate(load([path]))
    return [p.line() for p in report.problems if p.severity == severity]


def test_bundled_graph_conforms(kg: Graph) -> None:
    report = validate(kg)
    assert report.conforms, report.text()


def test_valid_minimal_graph_conforms(tmp_path: Path) -> None:
    assert check(tmp_path, "") == []


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        ('city:b a hrg:City ; hrg:country country:x ; prov:wasDerivedFrom source:s .', "needs a name"),
        ('city:b a hrg:City ; rdfs:label "B"@en, "Bee"@en ; hrg:country country:x ; prov:wasDerivedFrom source:s .', "one label per language"),
        ('city:b a hrg:City ; rdfs:label "B"@en ; prov:wasDerivedFrom source:s .', "a city needs exactly one hrg:country"),
        ('city:b a hrg:City ; rdfs:label "B"@en ; hrg:country country:x .', "needs a source"),
        (
            "membership:m a org:Membership ; org:member city:a ; org:organization organization:n ; "
            "org:role role:member ; prov:wasDerivedFrom source:s .",
            "either a hrg:startDate or hrg:dateUnknown true",
        ),
        (
            'membership:m a org:Membership ; org:member city:a ; org:organization organization:n ; org:role role:member ; '
            'hrg:startDate "2004"^^xsd:gYear ; hrg:dateUnknown true ; prov:wasDerivedFrom source:s .',
            "either a hrg:startDate or hrg:dateUnknown true",
        ),
        (
            "event:e a hrg:Adoption ; rdfs:label \"E\"@en ; hrg:adopter city:a ; hrg:instrument instrument:i ; "
            "prov:wasDerivedFrom source:s ; hrg:dateUnknown true .",
            "an adoption needs a hrg:date",
        ),
        (
            'event:e a hrg:Adoption ; rdfs:label "E"@en ; hrg:adopter city:a ; hrg:instrument instrument:i ; '
            'hrg:date "2000-01-01T00:00:00"^^xsd:dateTime ; prov:wasDerivedFrom source:s .',
            "hrg:date must be one well-formed xsd:gYear",
        ),
        (
            'event:e a hrg:Adoption ; rdfs:label "E"@en ; hrg:adopter city:a ; hrg:instrument instrument:i ; '
            'hrg:date "2000-13"^^xsd:gYearMonth ; prov:wasDerivedFrom source:s .',
            "ill-typed literal: not a valid xsd:gYearMonth",
        ),
        (
            'event:e a hrg:Adoption ; rdfs:label "E"@en ; hrg:adopter city:a ; hrg:date "2000"^^xsd:gYear ; '
            "prov:wasDerivedFrom source:s .",
            "an adoption needs exactly one hrg:instrument",
        ),
        (
            'quantity:q a hrg:Quantity ; hrg:countValue 104 ; schema:unitText "municipalities" ; prov:wasDerivedFrom source:s .',
            "needs one hrg:countQualifier",
        ),
        ('city:a hrg:locatedIn city:nowhere .', "not defined"),
    ],
)
def test_each_rule_reports_its_violation(tmp_path: Path, turtle: str, expected: str) -> None:
    violations = check(tmp_path, turtle)
    assert any(expected in line for line in violations), violations


def test_report_lists_every_problem_with_entity_and_label(tmp_path: Path) -> None:
    violations = check(
        tmp_path,
        'city:b a hrg:City ; rdfs:label "Bergen"@en ; prov:wasDerivedFrom source:s .\n'
        'city:c a hrg:City ; rdfs:label "Chicago"@en ; hrg:country country:x .\n',
    )
    assert any(line.startswith("Violation: city:b (Bergen): hrg:country:") for line in violations)
    assert any(line.startswith("Violation: city:c (Chicago): prov:wasDerivedFrom:") for line in violations)


# Impossible dates ------------------------------------------------------------------------------

THIS_YEAR = date.today().year
EVENT = 'event:e a hrg:Conference ; rdfs:label "E"@en ; prov:wasDerivedFrom source:s ; '


@pytest.mark.parametrize(
    ("turtle", "entity"),
    [
        (EVENT + 'hrg:date "2999"^^xsd:gYear .', "event/e"),
        (EVENT + f'hrg:date "{THIS_YEAR + 1}-01"^^xsd:gYearMonth .', "event/e"),
        ('membership:m a org:Membership ; org:member city:a ; org:organization organization:n ; org:role role:member ; '
         'hrg:startDate "2999-01-01"^^xsd:date ; prov:wasDerivedFrom source:s .', "membership/m"),
        ('source:s dcterms:issued "2999-05-01"^^xsd:date .', "source/s"),
    ],
)
def test_a_date_later_than_today_is_a_violation(tmp_path: Path, turtle: str, entity: str) -> None:
    violations = [line for line in check(tmp_path, turtle) if "later than today" in line]
    assert len(violations) == 1 and f"https://w3id.org/hrgraph/{entity} is dated" in violations[0], violations


@pytest.mark.parametrize(
    "turtle",
    [
        EVENT + f'hrg:date "{THIS_YEAR}"^^xsd:gYear .',
        EVENT + 'hrg:date "1997-12-10"^^xsd:date .',
        EVENT + 'hrg:date "1997"^^xsd:gYear ; hrg:plannedDate "2999-05-01"^^xsd:date .',
        'quantity:q a hrg:Quantity ; hrg:countValue 5 ; hrg:countQualifier hrg:approximately ; '
        'schema:unitText "billion people" ; hrg:date "2999"^^xsd:gYear ; prov:wasDerivedFrom source:s .',
    ],
    ids=["this-year", "past-day", "planned-date-ahead", "projection"],
)
def test_dates_up_to_this_year_plans_and_projections_conform(tmp_path: Path, turtle: str) -> None:
    assert check(tmp_path, turtle) == []


FOUNDING = ('event:f a hrg:Founding ; rdfs:label "F"@en ; hrg:foundedBody organization:n ; hrg:date "2004"^^xsd:gYear ; '
            "prov:wasDerivedFrom source:s .\n")


def membership(start: str) -> str:
    return ("membership:m a org:Membership ; org:member city:a ; org:organization organization:n ; org:role role:member ; "
            f'hrg:startDate "{start}"^^xsd:gYear ; prov:wasDerivedFrom source:s .\n')


def test_a_membership_before_its_organization_was_founded_is_reported(tmp_path: Path) -> None:
    warnings = check(tmp_path, FOUNDING + membership("2001"), severity="Warning")
    assert warnings == [
        "Warning: org:organization: https://w3id.org/hrgraph/membership/m starts in 2001, before its organization "
        "https://w3id.org/hrgraph/organization/n was founded (in 2004 at the earliest) "
        '[value: "2001"^^<http://www.w3.org/2001/XMLSchema#gYear>]'
    ]


@pytest.mark.parametrize(
    "turtle",
    [
        FOUNDING + membership("2004"),
        membership("2001"),
        FOUNDING + membership("2001") + '<https://w3id.org/hrgraph/claim/c> a hrg:DateClaim ; hrg:about event:f ; '
        'hrg:date "2000"^^xsd:gYear ; prov:wasDerivedFrom source:s .\n',
    ],
    ids=["same-year", "founding-unknown", "another-source-founds-it-earlier"],
)
def test_a_membership_from_the_founding_year_or_without_a_known_founding_conforms(tmp_path: Path, turtle: str) -> None:
    assert check(tmp_path, turtle, severity="Warning") == [] and check(tmp_path, turtle) == []


def test_shapes_the_engine_cannot_read_are_a_one_line_error(tmp_path: Path) -> None:
    """A shape rudof refuses (a count that is not a number) is an InputError, not the engine's traceback."""
    from hrgraph.errors import InputError

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://example.org/S> a sh:NodeShape ; sh:targetClass <https://example.org/C> ;
            sh:property [ sh:path <https://example.org/p> ; sh:minCount "many" ] .""", format="turtle")
    with pytest.raises(InputError) as caught:
        validate(load([]), shapes=shapes)
    assert str(caught.value).startswith("SHACL validation could not run:") and "\n" not in str(caught.value)


def test_a_report_is_kept_for_the_same_graph_and_made_again_for_another(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The second validation of one graph (in any process) reads the kept report; a changed graph,
    or a kept file that cannot be read, is validated by the engine again."""
    import hrgraph.validate as validation

    kept = tmp_path / "kept"
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + 'city:b a hrg:City ; hrg:country country:x ; prov:wasDerivedFrom source:s .',
                    encoding="utf-8")
    first = validate(load([path]), cache=kept)
    assert not first.conforms and len(list(kept.glob("*.json"))) == 1

    def no_engine(*arguments: object) -> None:
        raise AssertionError("the engine ran for a graph whose report is kept")

    with monkeypatch.context() as patched:
        patched.setattr(validation, "_run_engine", no_engine)
        again = validate(load([path]), cache=kept)
    assert (again.conforms, again.problems) == (first.conforms, first.problems)
    assert len(again.results) == len(first.results) > 0

    path.write_text(PREFIXES, encoding="utf-8")  # the mistake fixed: another graph, another report
    assert validate(load([path]), cache=kept).conforms
    assert len(list(kept.glob("*.json"))) == 2
    for report in kept.glob("*.json"):
        report.write_text("{not json", encoding="utf-8")
    assert validate(load([path]), cache=kept).conforms  # an unreadable report is made again


def test_a_cache_that_cannot_be_written_costs_speed_not_the_answer(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + 'city:b a hrg:City ; hrg:country country:x ; prov:wasDerivedFrom source:s .',
                    encoding="utf-8")
    assert not validate(load([path]), cache=blocked / "kept").conforms
    assert blocked.read_text(encoding="utf-8") == "not a directory"


def test_the_cache_keeps_only_the_latest_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hrgraph.validate as validation

    monkeypatch.setattr(validation, "CACHED_REPORTS", 2)
    kept = tmp_path / "kept"
    for number in range(4):
        path = tmp_path / f"case{number}.ttl"
        path.write_text(PREFIXES + f'city:c{number} a hrg:City ; rdfs:label "C{number}"@en ; '
                        'hrg:country country:x ; prov:wasDerivedFrom source:s .', encoding="utf-8")
        assert validate(load([path]), cache=kept).conforms
    assert len(list(kept.glob("*.json"))) == 2


def test_a_graph_on_rdflib_s_memory_store_finds_its_kept_report_in_another_process(tmp_path: Path) -> None:
    """rdflib writes N-Triples in an order that changes with each process; the digest must not."""
    import os
    import subprocess
    import sys

    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES, encoding="utf-8")
    kept = tmp_path / "kept"
    code = ("import sys; from hrgraph.load import load; from hrgraph.validate import validate; "
            "from pathlib import Path; validate(load([sys.argv[1]], store='memory'), cache=Path(sys.argv[2]))")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", code, str(path), str(kept)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    assert len(list(kept.glob("*.json"))) == 1


def test_attestations_no_shape_reaches_are_left_out_of_the_engine_and_nothing_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live_kg: Graph) -> None:
    """The engine reads the data without the attestation nodes no shape can reach (two thirds of the
    bundled graph): the bundled graph's report is the same with and without them, a dated
    attestation is still checked, and shapes that target statements see all of them."""
    from rdflib.compare import isomorphic

    import hrgraph.validate as validation
    from hrgraph.paths import ONTOLOGY_FILE, SHAPES_FILE
    from hrgraph.rdf.files import parse_file

    live = live_kg
    text, ontology, shapes = validation._ntriples(live), parse_file(ONTOLOGY_FILE), parse_file(SHAPES_FILE)
    assert len(validation._engine_data(text, shapes)) < len(text) / 2
    pruned = validation._validate(live, text, ontology, shapes)
    monkeypatch.setattr(validation, "_engine_data", lambda data, shapes: data)
    whole = validation._validate(live, text, ontology, shapes)
    assert pruned.problems == whole.problems and isomorphic(pruned.results, whole.results)
    monkeypatch.undo()

    dated = ('<https://w3id.org/hrgraph/statement/0123456789abcdef> a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ; '
             '<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> city:a ; hrg:date "sometime" ; prov:wasDerivedFrom source:s .')
    assert any("hrg:date must be one well-formed" in line for line in check(tmp_path, dated))
    every_statement = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://example.org/S> a sh:NodeShape ; sh:targetClass <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;
            sh:property [ sh:path <https://w3id.org/hrgraph/ontology#quote> ; sh:minCount 1 ;
                          sh:message "an attestation needs a quote" ] .""", format="turtle")
    path = tmp_path / "statement.ttl"
    path.write_text(PREFIXES + dated, encoding="utf-8")
    report = validate(load([path]), shapes=every_statement)
    assert [p.message for p in report.problems if p.severity == "Violation"] == ["an attestation needs a quote"]
