"""OWL 2 DL: the ontology with the bundled data passes a DL profile check and a DL reasoner.

The profile check is py-horned-owl's (``pyhornedowl.profile``): every class and property declared,
one kind per IRI, only DL axioms. It does not look at datatypes, so a focused check adds the one DL
condition it leaves out: a datatype a reasoner must read (the range of a datatype property, the
value of a data property assertion) is in the OWL 2 datatype map. The reasoner is HermiT, shipped
in owlready2 and run on Java (``.ci/run`` installs Debian's): the graph is consistent and no class
is unsatisfiable. Each check is also shown to fail on a small broken case.
"""

from __future__ import annotations

import io
import os
import shutil

import owlready2
import pyhornedowl
import pytest
from pyhornedowl.profile import check_profile
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

import hrgraph
from hrgraph.namespaces import ONTOLOGY_IRI
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.files import parse_file

XSD = "http://www.w3.org/2001/XMLSchema#"
#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString (RDF 1.1).
OWL2_DATATYPES = frozenset(
    [f"{XSD}{name}" for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
        "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp",
    )]
    + [f"{OWL}real", f"{OWL}rational", f"{RDFS}Literal", f"{RDF}PlainLiteral", f"{RDF}XMLLiteral",
       f"{RDF}langString"]
)

PREFIXES = """
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix city: <https://w3id.org/hrgraph/city/> .
@prefix event: <https://w3id.org/hrgraph/event/> .
@prefix instrument: <https://w3id.org/hrgraph/instrument/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/> .
"""


def without_attestations(graph: Graph) -> Graph:
    """The graph less its attestation nodes (hrgraph.provenance): they say which source states which
    triple in RDF's reification vocabulary (rdf:Statement, rdf:subject...), which OWL 2 DL reserves;
    they are provenance about triples, not OWL assertions, so the DL checks read the graph without them."""
    nodes = set(graph.subjects(RDF.type, RDF.Statement))
    kept = Graph()
    for triple in graph:
        if triple[0] not in nodes:
            kept.add(triple)
    return kept


def with_ontology(turtle: str) -> Graph:
    """The bundled ontology plus a small inline case."""
    graph = parse_file(ONTOLOGY_FILE)
    graph.parse(data=PREFIXES + turtle, format="turtle")
    return graph


def profile_violations(graph: Graph) -> list[str]:
    """py-horned-owl's OWL 2 DL profile violations, as "kind: IRI" lines.

    The graph goes to py-horned-owl as RDF/XML with every resource's rdf:type first: its streaming
    reader takes ``owl:versionIRI`` for an undeclared annotation property when the ontology's own
    type comes after it.
    """
    ordered = Graph(store="Memory")
    for triple in graph.triples((None, RDF.type, None)):
        ordered.add(triple)
    for triple in graph:
        ordered.add(triple)
    ontology = pyhornedowl.open_ontology_from_string(ordered.serialize(format="xml"), "rdf")
    report = check_profile(ontology, "DL")
    return sorted({f"{type(v).__name__}: {getattr(v, 'iri', '') or v.message}" for v in report.violations})


def datatype_violations(graph: Graph) -> list[str]:
    """Datatypes outside the OWL 2 datatype map where a DL reasoner must read them."""
    data_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    found = {(p, str(r)) for p in data_properties for r in graph.objects(p, RDFS.range)
             if isinstance(r, URIRef) and str(r) not in OWL2_DATATYPES}
    found |= {(p, str(o.datatype)) for p in data_properties for o in graph.objects(None, p)
              if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES}
    return sorted(f"{p}: {datatype}" for p, datatype in found)


@pytest.fixture(scope="module")
def java() -> None:
    """HermiT needs Java; without it the reasoner tests skip, unless CI is set: then they fail."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        if os.environ.get("CI"):
            pytest.fail("no java: CI must run the reasoner (apt-get install default-jre-headless)")
        pytest.skip("no java: reasoner tests skipped (install default-jre-headless, or set CI to make this an error)")


def hermit(graph: Graph) -> tuple[bool, list[str]]:
    """Run HermiT on ``graph``: (consistent, IRIs of the unsatisfiable classes)."""
    world = owlready2.World()
    nt = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(nt), format="ntriples")
    try:
        owlready2.sync_reasoner_hermit(world, debug=0)
        return True, sorted(cls.iri for cls in world.inconsistent_classes() if cls is not owlready2.Nothing)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, []
    finally:
        world.close()


# The bundled ontology and data ---------------------------------------------------------------


def test_ontology_alone_is_owl2_dl() -> None:
    ontology = parse_file(ONTOLOGY_FILE)
    assert profile_violations(ontology) == []
    assert datatype_violations(ontology) == []


def test_ontology_with_bundled_data_is_owl2_dl(live_kg: Graph) -> None:
    asserted = without_attestations(live_kg)
    assert profile_violations(asserted) == []
    assert datatype_violations(asserted) == []


def test_ontology_with_bundled_data_is_consistent_with_no_unsatisfiable_class(java: None, live_kg: Graph) -> None:
    assert hermit(without_attestations(live_kg)) == (True, [])


def test_dates_keep_their_precision_as_annotations(live_kg: Graph) -> None:
    """xsd:gYear and xsd:gYearMonth stay in the data, on properties a DL reasoner passes by."""
    hrg_date = URIRef(ONTOLOGY_IRI + "#date")
    datatypes = {o.datatype for o in live_kg.objects(None, hrg_date)}
    assert URIRef(XSD + "gYear") in datatypes and URIRef(XSD + "gYearMonth") in datatypes
    assert (hrg_date, RDF.type, OWL.AnnotationProperty) in live_kg


# Each check fails on what it is there to catch -------------------------------------------------


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        ("ex:x a hrg:City ; schema:undeclared ex:y .", "UseOfUndeclaredObjectProperty: https://schema.org/undeclared"),
        ("ex:x a schema:UndeclaredClass .", "UseOfUndeclaredClass: https://schema.org/UndeclaredClass"),
        ('ex:p a owl:DatatypeProperty ; rdfs:subPropertyOf skos:altLabel . ex:x ex:p "v" .',
         "UseOfUndeclaredAnnotationProperty: https://example.org/p"),
        ("ex:p a owl:ObjectProperty, owl:DatatypeProperty .", "UseOfIllegalPunning: https://example.org/p"),
    ],
)
def test_profile_check_reports_what_breaks_dl(turtle: str, expected: str) -> None:
    assert expected in profile_violations(with_ontology(turtle))


def test_datatype_check_reports_a_non_owl2_datatype() -> None:
    graph = with_ontology('ex:p a owl:DatatypeProperty ; rdfs:range xsd:gYear . ex:x ex:p "1997"^^xsd:date .')
    assert datatype_violations(graph) == [f"https://example.org/p: {XSD}date", f"https://example.org/p: {XSD}gYear"]


@pytest.mark.parametrize(
    "turtle",
    [
        "city:x a hrg:City, hrg:Person .",
        "event:e a hrg:Conference ; hrg:location instrument:i . instrument:i a hrg:Charter .",
        "city:x a hrg:City ; hrg:country ex:y . ex:y a hrg:Region .",
    ],
    ids=["city-and-person", "event-located-at-an-instrument", "country-that-is-a-region"],
)
def test_reasoner_finds_kinds_that_cannot_overlap(java: None, turtle: str) -> None:
    assert hermit(with_ontology(turtle)) == (False, [])


def test_reasoner_reports_an_unsatisfiable_class(java: None) -> None:
    consistent, unsatisfiable = hermit(with_ontology("ex:PlaceEvent a owl:Class ; rdfs:subClassOf hrg:Place, hrg:Event ."))
    assert consistent and unsatisfiable == ["https://example.org/PlaceEvent"]


def test_reasoner_cannot_read_a_gyear_on_a_datatype_property(java: None) -> None:
    """Why the dates are annotation properties: HermiT refuses xsd:gYear as a data value."""
    graph = with_ontology('ex:p a owl:DatatypeProperty . city:x a hrg:City ; ex:p "1997"^^xsd:gYear .')
    with pytest.raises(owlready2.OwlReadyJavaError, match="OWL 2 datatype map"):
        hermit(graph)


def test_bundled_graph_loads_with_the_ontology() -> None:
    graph = hrgraph.load()
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in graph
    assert len(graph) > len(parse_file(ONTOLOGY_FILE))
