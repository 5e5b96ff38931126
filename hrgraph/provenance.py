"""Which sources state a statement, and only those.

hrgraph keeps a source for every statement in one of two ways, chosen by what the statement is about:

- A *fact node* (a membership, an adoption, a designation, a founding, a dated claim...) is made once
  per source (see ``PER_SOURCE_FACTS``): its own ``prov:wasDerivedFrom`` names the source of every
  statement on it.
- Any other statement (a city's country, a label, a network's type) is *attested*: a node of
  ``rdf:Statement`` (RDF's own reification vocabulary, so any SPARQL client reads it) names the
  triple with ``rdf:subject``, ``rdf:predicate`` and ``rdf:object``, the source that states it with
  ``prov:wasDerivedFrom``, and the source's words with ``hrg:quote``. One node per triple and source,
  its IRI a hash of both, so re-importing adds nothing.

A fact that the curators add themselves (a city's country from a gazetteer) rests on the source
``source:hrgraph-curation`` or on the gazetteer's own source, never on a page that does not state it.

>>> from rdflib import URIRef, RDFS, Literal
>>> s = URIRef("https://w3id.org/hrgraph/city/rosario")
>>> attestation_iri(s, RDFS.label, Literal("Rosario", lang="en"), CURATION_SOURCE)
rdflib.term.URIRef('https://w3id.org/hrgraph/statement/1b06ab7985eecad6')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SKOS
from rdflib.term import Node

from hrgraph.namespaces import BASE, HRG

__all__ = [
    "BOOKKEEPING",
    "attestations",
    "CURATION_SOURCE",
    "PER_SOURCE_FACTS",
    "STATEMENT_NAMESPACE",
    "attestation_iri",
    "attestation_triples",
    "is_attested_subject",
    "sources_of",
    "unattested",
]

STATEMENT_NAMESPACE = f"{BASE}statement/"
#: The source of what the project's curators add by their own inference.
CURATION_SOURCE = URIRef(f"{BASE}source/hrgraph-curation")
#: Statements about provenance and the curators' knowledge (no source gives a date): no source of their own.
BOOKKEEPING = frozenset({PROV.wasDerivedFrom, SKOS.editorialNote, HRG.quote, HRG.dateUnknown})
#: Fact nodes made once per source: their ``prov:wasDerivedFrom`` is the source of all they say.
PER_SOURCE_FACTS = frozenset({
    ORG.Membership, HRG.Quantity, HRG.StatusClaim, HRG.DateClaim, HRG.Naming, HRG.Involvement,
    HRG.Adoption, HRG.Signature, HRG.Designation, HRG.Recommendation, HRG.Rejection, HRG.EntryIntoForce,
    HRG.Founding, HRG.PopulationFigure, HRG.ProspectiveMembership,
})


def attestation_iri(subject: Node, predicate: Node, obj: Node, source: Node) -> URIRef:
    """The attestation node of one triple by one source: the same on every run and store."""
    key = " ".join(term.n3() for term in (subject, predicate, obj, source))
    return URIRef(STATEMENT_NAMESPACE + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])


def attestation_triples(subject: Node, predicate: Node, obj: Node, source: Node,
                        quote: str | None = None) -> list[tuple[Node, Node, Node]]:
    """The triples that say ``source`` states ``(subject, predicate, obj)``, in the words of ``quote``."""
    node = attestation_iri(subject, predicate, obj, source)
    triples: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, RDF.Statement),
        (node, RDF.subject, subject),
        (node, RDF.predicate, predicate),
        (node, RDF.object, obj),
        (node, PROV.wasDerivedFrom, source),
    ]
    if quote:
        triples.append((node, HRG.quote, Literal(quote)))
    return triples


def is_attested_subject(subject: Node, types: set[Node]) -> bool:
    """Whether statements on ``subject`` (of ``types``) need attestation nodes."""
    if not isinstance(subject, URIRef) or not str(subject).startswith(BASE):
        return False
    kind = re.split(r"[/#]", str(subject)[len(BASE):], maxsplit=1)[0]
    if kind in ("source", "statement", "ontology", "role"):
        return False
    return not (types & PER_SOURCE_FACTS)


def attestations(graph: Graph, subject: Node, predicate: Node, obj: Node) -> list[tuple[URIRef, str | None]]:
    """The attestations of a triple: each source that states it, with its quote."""
    found = []
    for node in graph.subjects(RDF.subject, subject):
        if (node, RDF.predicate, predicate) in graph and (node, RDF.object, obj) in graph:
            quote = graph.value(node, HRG.quote)
            found += [(source, str(quote) if quote is not None else None)
                      for source in graph.objects(node, PROV.wasDerivedFrom) if isinstance(source, URIRef)]
    return sorted(found, key=lambda pair: (str(pair[0]), pair[1] or ""))


def sources_of(graph: Graph, subject: Node, predicate: Node, obj: Node) -> list[URIRef]:
    """The sources that state the triple: its attestations' sources, or its fact node's sources."""
    if (subject, predicate, obj) not in graph:
        return []
    found = {source for source, _ in attestations(graph, subject, predicate, obj)}
    for node in (subject, obj):  # a fact node's sources state it and what links to it
        if not isinstance(node, Literal) and set(graph.objects(node, RDF.type)) & PER_SOURCE_FACTS:
            found |= set(graph.objects(node, PROV.wasDerivedFrom))
    return sorted(s for s in found if isinstance(s, URIRef))


def unattested(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Data statements that no source states: what the integrity test reports."""
    attested = {(s, p, o) for node in graph.subjects(RDF.type, RDF.Statement)
                for s in graph.objects(node, RDF.subject)
                for p in graph.objects(node, RDF.predicate)
                for o in graph.objects(node, RDF.object)}
    for s, p, o in graph:
        if p in BOOKKEEPING or (s, p, o) in attested:
            continue
        if not isinstance(o, Literal) and set(graph.objects(o, RDF.type)) & PER_SOURCE_FACTS:
            continue
        if is_attested_subject(s, set(graph.objects(s, RDF.type))):
            yield s, p, o
