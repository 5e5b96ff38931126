"""The ontology: documented terms, aligned to standard vocabularies, and every term used is defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pylode import OntPub
from rdflib import DCTERMS, OWL, RDF, RDFS, Graph, Literal, URIRef

from hrgraph.namespaces import HRG, ONTOLOGY_IRI, ROLE
from hrgraph.paths import GRAPH_DIR, ONTOLOGY_FILE, SHAPES_FILE
from hrgraph.rdf.files import parse_file

ROOT = Path(__file__).resolve().parent.parent
#: Our properties with no standard counterpart: they qualify our own facts.
UNALIGNED_PROPERTIES = {
    "adoptingBody", "calledFirst", "countQualifier", "dateUnknown", "datePrecision", "edition", "ended",
    "followedBy", "frequency", "memberCount", "precededBy", "quote",
    "standing",  # not org:role: ORG's domain would make a prospective membership a membership
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_file(ONTOLOGY_FILE)


def own_terms(ontology: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(HRG)))


def test_header(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    version = str(ontology.value(header, OWL.versionInfo))
    assert ontology.value(header, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    for term in ("title", "description", "license", "created", "modified"):
        assert ontology.value(header, URIRef(f"http://purl.org/dc/terms/{term}")) is not None, term


def test_every_term_has_english_label_and_comment(ontology: Graph) -> None:
    terms = [s for s in ontology.subjects() if str(s).startswith((str(HRG), str(ROLE)))]
    assert len(terms) > 80
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            values = [v for v in ontology.objects(term, prop) if isinstance(v, Literal) and v.language == "en"]
            assert len(values) == 1, f"{term} needs one English {prop}"


def test_every_class_is_aligned_to_a_standard_vocabulary(ontology: Graph) -> None:
    for cls in own_terms(ontology, OWL.Class):
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert any(not str(a).startswith(str(HRG)) for a in ancestors), f"{cls} is not aligned"


def test_properties_are_aligned_unless_listed(ontology: Graph) -> None:
    properties = [p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
                  for p in own_terms(ontology, kind)]
    for prop in properties:
        ancestors = set(ontology.transitive_objects(prop, RDFS.subPropertyOf))
        aligned = any(not str(a).startswith(str(HRG)) for a in ancestors)
        name = str(prop).removeprefix(str(HRG))
        assert aligned or name in UNALIGNED_PROPERTIES, f"{prop} is not aligned"


def test_every_term_used_is_defined(ontology: Graph) -> None:
    """Data, shapes and code only use hrg: and role: terms the ontology declares."""
    defined = set(ontology.subjects())
    used: set[str] = set()
    for path in [SHAPES_FILE, *(ROOT / "graph").glob("*.ttl"), *GRAPH_DIR.glob("*.ttl")]:
        graph = parse_file(path)
        used |= {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    for path in (ROOT / "hrgraph").rglob("*.py"):
        used |= {str(HRG) + name for name in re.findall(r"\bHRG\.(\w+)", path.read_text())}
    ours = {iri for iri in used if iri.startswith((str(HRG), str(ROLE)))}
    assert sorted(URIRef(iri) for iri in ours if URIRef(iri) not in defined) == []


def test_the_hrg_namespace_lists_exactly_the_ontology_terms(ontology: Graph) -> None:
    """hrgraph.namespaces.HRG (a DefinedNamespace) against ontology/hrgraph.ttl, in both directions."""
    defined = {str(s)[len(str(HRG)):] for s in ontology.subjects() if str(s).startswith(str(HRG))}
    listed = set(HRG.__annotations__) | set(HRG._extras)
    assert sorted(listed - defined) == [], "in HRG, not in the ontology"
    assert sorted(defined - listed) == [], "in the ontology, not in HRG: add them to hrgraph/namespaces.py"
    with pytest.raises(AttributeError, match="not in namespace"):
        HRG.Citty  # noqa: B018  (a misspelling is an error, not a new IRI)
    assert HRG["more-than"] == URIRef(str(HRG) + "more-than")


def test_pylode_documents_the_ontology_under_its_own_title(ontology: Graph) -> None:
    """pyLODE (the README's command) titles the page after the ontology and documents every class."""
    html = OntPub(ontology=ONTOLOGY_FILE).make_html()
    title = str(ontology.value(URIRef(ONTOLOGY_IRI), DCTERMS.title))
    assert f"<title>{title}</title>" in html
    assert re.findall(r"<h1>(.*?)</h1>", html) == [title]
    assert f"<code>{ONTOLOGY_IRI}</code>" in html
    classes = own_terms(ontology, OWL.Class)
    assert len(classes) > 40
    assert [str(c) for c in classes if f"<code>{c}</code>" not in html] == []
