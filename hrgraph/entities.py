"""Find an entity by any of its names, and gather everything the graph says about it, with sources.

Names are matched on IRI, CURIE (``city:rosario``), slug (``city/rosario`` or ``rosario``), and on
labels, alternative, former and abbreviated names in any language, ignoring case, Unicode
normalisation form and, as a last resort, accents.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS, XSD
from rdflib.term import Node

from hrgraph.errors import AmbiguousEntityError, EntityNotFoundError
from hrgraph.namespaces import BASE, DATA_KINDS, GEO, HRG, PREFIXES
from hrgraph.provenance import attestations
from hrgraph.rdf.names import EXACT, FOLDED, NAME_PROPERTIES, WITHOUT_ACCENTS, normalise_name
from hrgraph.rdf.store import name_index_of

__all__ = [
    "EntityDescription",
    "Fact",
    "curie",
    "describe",
    "label_of",
    "name_index",
    "normalise_name",
    "resolve",
]

#: Nodes that state one dated, sourced fact rather than name a thing on their own.
FACT_CLASSES = (ORG.Membership, HRG.Event, HRG.Quantity, HRG.Claim, HRG.PopulationFigure)
_NOT_SHOWN = {RDF.type, PROV.wasDerivedFrom, HRG.quote, SKOS.editorialNote}
#: An attestation names the statement it is about: shown as that statement's sources, not as a fact.
_REIFICATION = {RDF.subject, RDF.object}
#: Left out of a fact's one-line summary: its name is its heading, its description is too long.
_NOT_SUMMARISED = _NOT_SHOWN | {RDFS.label, DCTERMS.description, SKOS.scopeNote}
#: Words for the standard terms hrgraph uses, whose vocabularies are not loaded.
STANDARD_LABELS = {
    ORG.member: "member",
    ORG.organization: "organization",
    ORG.role: "role",
    ORG.unitOf: "unit of",
    DCTERMS.description: "description",
    DCTERMS.relation: "related to",
    DCTERMS.spatial: "spatial coverage",
    DCTERMS.subject: "subject",
    DCTERMS.extent: "extent",
    DCTERMS.title: "title",
    DCTERMS.issued: "issued",
    DCTERMS.publisher: "publisher",
    DCTERMS.isPartOf: "part of",
    DCTERMS.references: "references",
    DCTERMS.bibliographicCitation: "citation",
    DCTERMS.creator: "creator",
    SDO.url: "web page",
    SDO.unitText: "unit",
    SKOS.scopeNote: "scope note",
    SKOS.altLabel: "alternative name",
    SKOS.prefLabel: "preferred name",
    SKOS.example: "example",
    SKOS.definition: "definition",
    PROV.wasQuotedFrom: "quoted from",
    RDFS.seeAlso: "see also",
    ORG.subOrganizationOf: "part of",
    PROV.agent: "agent",
    PROV.hadRole: "role",
    PROV.qualifiedAssociation: "involvement",
    SDO.sameAs: "same as",
    ORG.Membership: "membership",
    ORG.Role: "role",
    SKOS.ConceptScheme: "concept scheme",
    GEO.lat: "latitude",
    GEO.long: "longitude",
}
_SOURCE_PREFIX = f"{BASE}source/"


def resolve(graph: Graph, name: str) -> URIRef:
    """The entity that ``name`` designates; raises with suggestions when none or several match.

    >>> from hrgraph import load
    >>> resolve(load(), "nürnberg") == resolve(load(), "Nuremberg")
    True
    """
    name = name.strip()
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8 on the command line: no name holds them
        raise EntityNotFoundError(name, []) from None
    direct = _as_iri(name)
    if direct is not None and (direct, None, None) in graph:
        return direct
    index = name_index_of(graph)
    exact = _before_sources(index.lookup(EXACT, name))
    if len(exact) == 1:  # a name exactly as written, borne by one entity, wins
        return URIRef(exact.pop())
    for kind, accents in ((FOLDED, True), (WITHOUT_ACCENTS, False)):  # as written, then without accents
        matches = _before_sources(index.lookup(kind, normalise_name(name, accents=accents)))
        if len(matches) == 1:
            return URIRef(matches.pop())
        if matches:
            raise AmbiguousEntityError(name, sorted(curie(graph, URIRef(iri)) for iri in matches))
    keys = index.suggestions()  # names come before slugs, so a suggestion reads as a name
    close = difflib.get_close_matches(normalise_name(name), list(keys), n=5, cutoff=0.6)
    raise EntityNotFoundError(name, [keys[key] for key in close])


def _before_sources(matches: set[str]) -> set[str]:
    """A page titled "Human Rights Cities Network" does not make the name ambiguous: where an entity
    bears a name, the name means the entity; a source is found by a name only when nothing else bears it."""
    entities = {iri for iri in matches if not iri.startswith(_SOURCE_PREFIX)}
    return entities or matches


def label_of(graph: Graph, node: Node, lang: str = "en") -> str:
    """The node's label in ``lang``, else in English, else any label, else its CURIE."""
    if isinstance(node, Literal):
        return str(node)
    if node in STANDARD_LABELS:
        return STANDARD_LABELS[node]
    labels = list(graph.objects(node, RDFS.label)) + list(graph.objects(node, SKOS.prefLabel))
    for wanted in (lang, "en"):
        for label in labels:
            if isinstance(label, Literal) and (label.language or "").lower().startswith(wanted.lower()):
                return str(label)
    if labels:
        return str(sorted(labels)[0])
    return curie(graph, node)


@dataclass(frozen=True)
class Fact:
    """One statement about an entity, in words, with the sources it rests on."""

    text: str
    sources: tuple[URIRef, ...]
    date: str = ""
    quote: str = ""


@dataclass
class EntityDescription:
    """Everything the graph says about one entity, ready to print."""

    iri: URIRef
    curie: str
    label: str
    kinds: list[str]
    names: list[str]
    quote: str = ""
    #: What the curators wrote about the entity's statements (how a point or a country was inferred):
    #: a statement credited to them is read with its reason.
    notes: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    related: list[Fact] = field(default_factory=list)
    sources: dict[URIRef, str] = field(default_factory=dict)

    def text(self) -> str:
        """A plain-text page: facts, then related facts, with numbered sources."""
        numbers = {source: index for index, source in enumerate(self.sources, start=1)}

        def cite(fact: Fact) -> str:
            marks = "".join(f"[{numbers[s]}]" for s in fact.sources if s in numbers)
            return f"  {fact.text}  {marks}".rstrip()

        lines = [f"{self.label}  <{self.iri}>", f"kind: {', '.join(self.kinds) or 'unknown'}"]
        if self.names:
            lines.append(f"names: {'; '.join(self.names)}")
        if self.quote:
            lines.append(f"in the sources' words: “{self.quote}”")
        if self.notes:
            lines += ["", "Curators' notes:", *(f"  {note}" for note in self.notes)]
        for title, facts in (("Facts", self.facts), ("Related facts", self.related)):
            if facts:
                lines += ["", f"{title}:"]
                for fact in facts:
                    lines.append(cite(fact))
                    if fact.quote:
                        lines.append(f"      “{fact.quote}”")
        if self.sources:
            lines += ["", "Sources:"]
            lines += [f"  [{numbers[s]}] {citation}" for s, citation in self.sources.items()]
        return "\n".join(lines)


def describe(graph: Graph, iri: URIRef, lang: str = "en") -> EntityDescription:
    """Gather the entity's own statements, the fact nodes that involve it, and their sources."""
    own_sources = tuple(sorted(graph.objects(iri, PROV.wasDerivedFrom)))
    description = EntityDescription(
        iri=iri,
        curie=curie(graph, iri),
        label=label_of(graph, iri, lang),
        kinds=sorted({label_of(graph, kind, lang) for kind in graph.objects(iri, RDF.type)}),
        names=_names(graph, iri),
        notes=sorted(str(note) for note in graph.objects(iri, SKOS.editorialNote)),
    )
    fact_nodes = _fact_nodes(graph)
    for predicate, obj in sorted(graph.predicate_objects(iri)):
        if predicate in _NOT_SHOWN or predicate in NAME_PROPERTIES:
            continue
        if obj in fact_nodes:
            description.facts.append(_fact_sentence(graph, obj, lang, skip=iri))
        else:
            text = f"{label_of(graph, predicate, lang)}: {_value(graph, obj, lang)}"
            stated = attestations(graph, iri, predicate, obj)
            quote = " … ".join(sorted({q for _, q in stated if q}))
            description.facts.append(Fact(text, tuple(sorted({s for s, _ in stated})) or own_sources, quote=quote))
    description.quote = _quote(graph, iri)
    for subject, predicate in sorted(graph.subject_predicates(iri)):
        if subject in fact_nodes:
            description.related.append(_fact_sentence(graph, subject, lang, skip=None))
        elif predicate not in _NOT_SHOWN and predicate not in _REIFICATION:
            text = f"{label_of(graph, subject, lang)} — {label_of(graph, predicate, lang)} — {description.label}"
            description.related.append(Fact(text, tuple(sorted(graph.objects(subject, PROV.wasDerivedFrom)))))
    description.facts = _unique(description.facts)
    description.related = sorted(_unique(description.related), key=lambda f: (f.date or "9999", f.text))
    cited = list(own_sources) + [s for f in description.facts + description.related for s in f.sources]
    for source in cited:
        description.sources.setdefault(source, _citation(graph, source))
    return description


def _fact_sentence(graph: Graph, node: Node, lang: str, skip: Node | None) -> Fact:
    kind = ", ".join(sorted(label_of(graph, k, lang) for k in graph.objects(node, RDF.type)))
    parts = []
    date = ""
    for predicate, obj in sorted(graph.predicate_objects(node)):
        if predicate in _NOT_SUMMARISED or obj == skip:
            continue
        if predicate in (HRG.date, HRG.startDate, HRG.attestedIn) and not date:
            date = str(obj)
        if isinstance(obj, Literal) and obj.datatype == XSD.boolean:
            parts.append(label_of(graph, predicate, lang) if obj.value else f"not {label_of(graph, predicate, lang)}")
        else:
            parts.append(f"{label_of(graph, predicate, lang)} {_value(graph, obj, lang)}")
    name = label_of(graph, node, lang) if (node, RDFS.label, None) in graph else kind
    text = f"{name}: {'; '.join(parts)}" if parts else name
    sources = tuple(sorted(graph.objects(node, PROV.wasDerivedFrom)))
    return Fact(text, sources, date=date, quote=_quote(graph, node))


def _value(graph: Graph, node: Node, lang: str) -> str:
    if isinstance(node, Literal):
        return str(node)
    return label_of(graph, node, lang)


def _quote(graph: Graph, node: Node) -> str:
    return " … ".join(sorted(str(q) for q in graph.objects(node, HRG.quote)))


def _names(graph: Graph, iri: URIRef) -> list[str]:
    names = []
    for predicate in NAME_PROPERTIES:
        for name in sorted(graph.objects(iri, predicate)):
            tag = f" ({name.language})" if isinstance(name, Literal) and name.language else ""
            kind = "" if predicate == RDFS.label else f" [{label_of(graph, predicate)}]"
            names.append(f"{name}{tag}{kind}")
    return names


def _citation(graph: Graph, source: URIRef) -> str:
    citation = graph.value(source, DCTERMS.bibliographicCitation) or label_of(graph, source)
    url = graph.value(source, SDO.url)
    return f"{citation} <{url}>" if url else str(citation)


def _fact_nodes(graph: Graph) -> set[Node]:
    classes = set()
    for root in FACT_CLASSES:
        classes |= set(graph.transitive_subjects(RDFS.subClassOf, root))
    return {node for cls in classes for node in graph.subjects(RDF.type, cls)}


def name_index(graph: Graph) -> dict[str, set[URIRef]]:
    """Every name (labels, alternative, former and abbreviated names, in any language) and slug of every
    entity, each with the entities that bear it; ``resolve`` matches names against these."""
    return name_index_of(graph).exact_names()


def _as_iri(name: str) -> URIRef | None:
    if name.startswith(("http://", "https://")):
        return URIRef(name)
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES:
        return PREFIXES[prefix][local]
    kind, _, slug = name.partition("/")
    if slug and kind in DATA_KINDS:
        return URIRef(f"{BASE}{kind}/{slug}")
    return None


def curie(graph: Graph, node: Node) -> str:
    """``city:rosario`` for an IRI under a bound prefix, ``<IRI>`` for another, a literal's text:
    how messages name a node."""
    return node.n3(graph.namespace_manager) if isinstance(node, URIRef) else str(node)


def _unique(facts: list[Fact]) -> list[Fact]:
    return list(dict.fromkeys(facts))
