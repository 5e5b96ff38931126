"""Project the RDF graph into NetworkX: entities as nodes, relationships as labelled edges.

Schema and provenance triples (``rdf:type``, the class tree, sources, quotes) are not edges, so
they do not distort metrics; they become node and edge attributes instead. Qualified relations
(memberships, adoptions, foundings) become one edge each, carrying their role, date and sources.

Node attributes: ``iri``, ``label``, ``kind`` (class label), ``kind_iri``, ``date`` (events),
``sources`` (citations). Edge attributes: ``relation`` (words), ``predicate`` (IRI), ``role``,
``date``, ``sources``, ``fact`` (the IRI of the qualified node, when there is one).

networkx is imported where a projection is built, not with this module, so that the command line
can offer ``PROJECTIONS``' names without the fifth of a second networkx takes to import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS
from rdflib.term import Node

from hrgraph.entities import label_of
from hrgraph.errors import InputError
from hrgraph.namespaces import BASE, HRG
from hrgraph.rdf.store import scan

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PROJECTIONS", "fact_year", "project", "subgraph"]

_ENTITY_KINDS = ("continent", "country", "region", "city", "localgov", "organization", "instrument", "artwork",
                 "principle", "event", "series", "person")
_NOT_EDGES = {RDF.type, PROV.wasDerivedFrom, PROV.wasAttributedTo, PROV.wasQuotedFrom, HRG.quote,
              SKOS.editorialNote, RDFS.seeAlso, HRG.memberCount, HRG.signatoryCount, HRG.participantCount,
              HRG.hasQuantity, DCTERMS.extent, PROV.qualifiedAssociation}
_DATE_PROPERTIES = (HRG.startDate, HRG.date, HRG.attestedIn)
#: Qualified relation class -> (the property of the "from" end, of the "to" end, words for the edge).
QUALIFIED = {
    ORG.Membership: (ORG.member, ORG.organization, "member of"),
    HRG.Adoption: (HRG.adopter, HRG.instrument, "adopted"),
    HRG.Founding: (HRG.founder, HRG.foundedBody, "founded"),
}
_PARTICIPATION = (HRG.host, HRG.organizer, HRG.partner, HRG.speaker, HRG.participant, HRG.broadcaster)
#: The properties whose literal values a projection reads (names, dates, citations, and any property
#: it follows, should a literal stand where an IRI is expected); other literals are not read at all.
_LITERALS_READ = (RDFS.label, SKOS.prefLabel, *_DATE_PROPERTIES, DCTERMS.title, SDO.url, ORG.role,
                  PROV.wasDerivedFrom, RDF.type, *(p for ends in QUALIFIED.values() for p in ends[:2]))


def project(graph: Graph, name: str = "full", as_of: int | None = None) -> nx.Graph:
    """The named projection of ``graph``, optionally as the network stood in year ``as_of``.

    ``as_of`` keeps only memberships, adoptions, foundings, events and instruments dated up to that
    year (an undated fact or event is left out, since nothing says it had happened by then), and
    drops entities left with no relationship.

    >>> from hrgraph import load
    >>> g = project(load(), "membership")
    >>> ("https://w3id.org/hrgraph/city/gwangju", "https://w3id.org/hrgraph/organization/uclg-cisdp") in g.edges
    True
    """
    if name not in PROJECTIONS:
        raise InputError(f"unknown projection {name!r}; expected one of {', '.join(PROJECTIONS)}")
    full = _entity_graph(graph, as_of)
    return PROJECTIONS[name](full)


def subgraph(G: nx.Graph, nodes: Iterable[object]) -> nx.Graph:
    """A copy of ``G`` with only ``nodes`` and the edges between them, in ``G``'s order.

    ``G.subgraph(nodes).copy()`` follows the order of a set of strings when ``nodes`` are few,
    which changes from process to process (PYTHONHASHSEED), and so would every page drawn from it.

    >>> import networkx as nx
    >>> list(subgraph(nx.path_graph(["c", "b", "a"]), ["a", "c"]))
    ['c', 'a']
    """
    keep = set(nodes)
    sub = G.__class__()
    sub.graph.update(G.graph)
    sub.add_nodes_from((node, dict(data)) for node, data in G.nodes(data=True) if node in keep)
    if G.is_multigraph():
        sub.add_edges_from((u, v, key, dict(data)) for u, v, key, data in G.edges(sub, keys=True, data=True)
                           if v in keep)
    else:
        sub.add_edges_from((u, v, dict(data)) for u, v, data in G.edges(sub, data=True) if v in keep)
    return sub


def fact_year(date: str | None) -> int | None:
    """The year of an xsd:gYear, gYearMonth or date lexical form (``"1997-06"`` -> 1997)."""
    if not date:
        return None
    digits = date.lstrip("-")[:4]
    return int(digits) if digits.isdigit() else None


def _entity_graph(graph: Graph, as_of: int | None) -> nx.MultiDiGraph:
    import networkx as nx

    triples = _Triples(graph)
    kinds = _class_tree(triples)
    qualified_nodes = {
        node: cls for cls in QUALIFIED for sub in kinds.get(cls, {cls}) for node in triples.subjects(RDF.type, sub)
    }
    result = nx.MultiDiGraph()
    for node in sorted(_entities(triples, qualified_nodes)):
        date = _date(triples, node)
        if as_of is not None and _later_or_undated_event(triples, node, kinds, date, as_of):
            continue
        result.add_node(str(node), **_node_attributes(triples, node, date))
    links = sorted(
        (str(subject), str(predicate), str(obj))
        for (subject, predicate), objects in triples.items()
        if predicate not in _NOT_EDGES and str(subject) in result
        for obj in objects
        if isinstance(obj, URIRef) and str(obj) in result
    )  # entity IRIs only: sorting their text is sorting the rdflib terms
    for subject, predicate, obj in links:
        result.add_edge(subject, obj, key=predicate, relation=_label(triples, URIRef(predicate)),
                        predicate=predicate, role="", date="", sources=[], fact="")
    for fact, cls in sorted(qualified_nodes.items()):
        start_property, end_property, words = QUALIFIED[cls]
        date = _date(triples, fact)
        if as_of is not None and not _dated_by(date, as_of):
            continue
        role = ", ".join(sorted(_label(triples, r) for r in triples.objects(fact, ORG.role)))
        for start in triples.objects(fact, start_property):
            for end in triples.objects(fact, end_property):
                if str(start) in result and str(end) in result:
                    result.add_edge(str(start), str(end), key=str(fact), relation=role or words,
                                    predicate=str(cls), role=role, date=date, sources=_sources(triples, fact),
                                    fact=str(fact))
    if as_of is not None:
        result.remove_nodes_from([n for n in list(result) if result.degree(n) == 0])
    return result


class _Triples:
    """What a projection reads of the graph, held in dicts after one pass over the store
    (:func:`hrgraph.rdf.store.scan`), with the few lookups of rdflib's ``Graph`` it uses.

    Asked of the store, those lookups were 130,000 pattern calls at 100,000 triples. Literals are
    kept only for the properties read here (labels, dates, titles...), in the store's order.
    """

    def __init__(self, graph: Graph) -> None:
        self.namespace_manager = graph.namespace_manager
        self._objects: dict[tuple[Node, Node], list[Node]] = {}
        self._typed: dict[Node, list[Node]] = {}
        self._subclasses: dict[Node, list[Node]] = {}
        objects = self._objects
        inverse = {RDF.type: self._typed, RDFS.subClassOf: self._subclasses}
        for subject, predicate, obj in scan(graph, _LITERALS_READ):
            key = (subject, predicate)
            if key in objects:
                objects[key].append(obj)
            else:
                objects[key] = [obj]
            subjects = inverse.get(predicate)  # a lookup by hash: rdflib's == is slow Python
            if subjects is not None:
                subjects.setdefault(obj, []).append(subject)

    def items(self) -> Iterable[tuple[tuple[Node, Node], list[Node]]]:
        return self._objects.items()

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return self._objects.get((subject, predicate), [])

    def value(self, subject: Node, predicate: Node) -> Node | None:
        found = self._objects.get((subject, predicate))
        return found[0] if found else None

    def has(self, subject: Node, predicate: Node, obj: Node) -> bool:
        return obj in self._objects.get((subject, predicate), ())

    def subjects(self, predicate: URIRef, obj: Node | None) -> Iterable[Node]:
        """Subjects of ``rdf:type`` (of ``obj``, or of any class)."""
        if predicate != RDF.type:
            raise ValueError(f"no index of the subjects of {predicate}")
        return self._typed.get(obj, []) if obj is not None else {s for subjects in self._typed.values() for s in subjects}

    def subclasses(self, root: Node) -> set[Node]:
        """``root`` and every class under it (``rdfs:subClassOf*``)."""
        found, todo = {root}, [root]
        while todo:
            for sub in self._subclasses.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found


def _label(triples: _Triples, node: Node) -> str:
    """``entities.label_of``, which reads only ``objects`` and ``namespace_manager``."""
    return label_of(cast(Graph, triples), node)


def _entities(triples: _Triples, qualified: dict[Node, URIRef]) -> Iterable[URIRef]:
    prefixes = tuple(f"{BASE}{kind}/" for kind in _ENTITY_KINDS)
    for node in set(triples.subjects(RDF.type, None)):
        if isinstance(node, URIRef) and str(node).startswith(prefixes) and node not in qualified:
            yield node


def _node_attributes(triples: _Triples, node: URIRef, date: str) -> dict[str, object]:
    kind = _most_specific_type(triples, node)
    return {
        "iri": str(node),
        "label": _label(triples, node),
        "kind": _label(triples, kind) if kind else "",
        "kind_iri": str(kind) if kind else "",
        "date": date,
        "sources": _sources(triples, node),
    }


def _most_specific_type(triples: _Triples, node: URIRef) -> URIRef | None:
    types = sorted(t for t in triples.objects(node, RDF.type) if isinstance(t, URIRef))
    for candidate in types:
        if not any(other != candidate and triples.has(other, RDFS.subClassOf, candidate) for other in types):
            return candidate
    return types[0] if types else None


def _date(triples: _Triples, node: Node) -> str:
    for prop in _DATE_PROPERTIES:
        value = triples.value(node, prop)
        if isinstance(value, Literal):
            return str(value)
    return ""


def _dated_by(date: str, year: int) -> bool:
    known = fact_year(date)
    return known is not None and known <= year


def _later_or_undated_event(triples: _Triples, node: URIRef, kinds: dict[URIRef, set[Node]], date: str,
                            year: int) -> bool:
    """Not there yet in ``year``: anything dated later, and events with no date at all."""
    if date:
        return not _dated_by(date, year)
    return any(triples.has(node, RDF.type, cls) for cls in kinds.get(HRG.Event, {HRG.Event}))


def _sources(triples: _Triples, node: Node) -> list[str]:
    citations = []
    for source in sorted(triples.objects(node, PROV.wasDerivedFrom)):
        title = triples.value(source, DCTERMS.title) or _label(triples, source)
        url = triples.value(source, SDO.url)
        citations.append(f"{title} <{url}>" if url else str(title))
    return citations


def _class_tree(triples: _Triples) -> dict[URIRef, set[Node]]:
    """Each class of interest with its subclasses (itself included), from the ontology in the graph."""
    return {root: triples.subclasses(root) for root in (*QUALIFIED, HRG.Event)}


def _membership(full: nx.MultiDiGraph) -> nx.Graph:
    """City -> organization membership, bipartite (``bipartite`` is 0 for cities, 1 for organizations)."""
    import networkx as nx

    result = nx.Graph()
    for start, end, data in full.edges(data=True):
        if data["predicate"] == str(ORG.Membership) and full.nodes[start]["kind_iri"] == str(HRG.City):
            result.add_node(start, **full.nodes[start], bipartite=0)
            result.add_node(end, **full.nodes[end], bipartite=1)
            result.add_edge(start, end, **data)
    return result


def _co_membership(full: nx.MultiDiGraph) -> nx.Graph:
    """City -- city, weighted by the number of organizations both belong to."""
    from networkx.algorithms import bipartite

    members = _membership(full)
    cities = [n for n, side in members.nodes(data="bipartite") if side == 0]
    result = bipartite.weighted_projected_graph(members, cities)
    for start, end, data in result.edges(data=True):
        shared = sorted(set(members[start]) & set(members[end]))
        data["relation"] = "shares " + ", ".join(members.nodes[o]["label"] for o in shared)
        data["shared"] = shared
    return result


def _adoption(full: nx.MultiDiGraph) -> nx.Graph:
    """City -> instrument, from adoptions and from designations made through an instrument."""
    import networkx as nx

    result = nx.DiGraph()
    for start, end, data in full.edges(data=True):
        if data["predicate"] == str(HRG.Adoption) and full.nodes[start]["kind_iri"] == str(HRG.City):
            result.add_node(start, **full.nodes[start])
            result.add_node(end, **full.nodes[end])
            result.add_edge(start, end, **data)
    for event, attributes in full.nodes(data=True):
        if attributes["kind_iri"] != str(HRG.Designation):
            continue
        adopters = [e for _, e, k in full.out_edges(event, keys=True) if k == str(HRG.adopter)]
        instruments = [e for _, e, k in full.out_edges(event, keys=True) if k == str(HRG.instrument)]
        for city in adopters:
            for instrument in instruments:
                result.add_node(city, **full.nodes[city])
                result.add_node(instrument, **full.nodes[instrument])
                result.add_edge(city, instrument, relation="committed to", predicate=str(HRG.Designation),
                                role="", date=attributes["date"], sources=attributes["sources"], fact=event)
    return result


def _participation(full: nx.MultiDiGraph) -> nx.Graph:
    """Agent -> event: who hosted, organised, partnered, spoke at or took part in which event."""
    import networkx as nx

    wanted = {str(p) for p in _PARTICIPATION}
    result = nx.DiGraph()
    for event, agent, data in full.edges(data=True):
        if data["predicate"] in wanted:
            result.add_node(agent, **full.nodes[agent])
            result.add_node(event, **full.nodes[event])
            result.add_edge(agent, event, **data)
    return result


#: Projection name -> builder from the full entity graph.
PROJECTIONS: dict[str, Callable[[nx.MultiDiGraph], nx.Graph]] = {
    "full": lambda full: full,
    "membership": _membership,
    "co-membership": _co_membership,
    "adoption": _adoption,
    "participation": _participation,
}
