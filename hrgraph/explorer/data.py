"""The explorer's data: one JSON-ready index of the graph's entities and dated facts, by graph walks.

Small pure functions over an rdflib Graph. ``build_index(graph)`` gives what every explorer page
reads: each entity with its kind, place, networks, instruments, kind of commitment, years and
coordinates; and each dated fact (a designation, an adoption or signature, a membership, an event)
with all its versions, so that conflicting dates of one fact are one fact with a range of years.

Entities are named by their path (``city/rosario``); the pages turn a path into a link.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix hrg: <https://w3id.org/hrgraph/ontology#> .
... @prefix city: <https://w3id.org/hrgraph/city/> .
... @prefix event: <https://w3id.org/hrgraph/event/> .
... city:graz a hrg:City .
... event:d1 a hrg:Designation ; hrg:adopter city:graz ; hrg:date "2000" ; hrg:process hrg:formal .
... event:d2 a hrg:Designation ; hrg:adopter city:graz ; hrg:date "2001-02-08" .
... ''', format="turtle")
>>> [(f["category"], f["counted"], f["years"]) for f in dated_facts(g)]
[('designation', 'city/graz', [2000, 2001])]
>>> commitment_of(g, URIRef("https://w3id.org/hrgraph/city/graz"))
'formal'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV
from rdflib.term import Node

from hrgraph.entities import NAME_PROPERTIES, label_of
from hrgraph.explorer.geo import coordinates
from hrgraph.namespaces import BASE, GEO, HRG
from hrgraph.pages import entity_pages, local_path

__all__ = [
    "CATEGORIES",
    "COMMITMENTS",
    "KINDS",
    "build_index",
    "commitment_of",
    "dated_facts",
    "entity_kind",
    "networks",
]

#: The explorer's kinds of entity, each with its index page, from the kind in the entity's path.
KINDS: dict[str, dict[str, Any]] = {
    "city": {"title": "Cities and local governments", "page": "cities", "paths": ("city", "localgov")},
    "place": {"title": "Countries, regions and continents", "page": "places", "paths": ("country", "region", "continent")},
    "organization": {"title": "Organizations and networks", "page": "organizations", "paths": ("organization",)},
    "instrument": {"title": "Instruments and principles", "page": "instruments",
                   "paths": ("instrument", "principle", "artwork")},
    "event": {"title": "Events", "page": "events", "paths": ("event", "series")},
    "person": {"title": "People", "page": "people", "paths": ("person",)},
    "source": {"title": "Sources", "page": "sources", "paths": ("source",)},
    "record": {"title": "Memberships, claims, quantities and roles", "page": "records",
               "paths": ("membership", "claim", "quantity", "role")},
}
_KIND_OF_PATH = {path: kind for kind, spec in KINDS.items() for path in spec["paths"]}
#: The timeline's series: what each counts once a year.
CATEGORIES = {
    "designation": "designations (cities declaring themselves human rights cities)",
    "adoption": "adoptions and signatures of instruments",
    "membership": "memberships (in networks and organizations)",
    "event": "events (conferences, forums, foundings...)",
}
#: Kinds of commitment, strongest first: an entity has the first that its facts show.
COMMITMENTS = {
    "formal": "formal designation or adoption",
    "informal": "informal commitment",
    "unstated": "commitment, process not stated",
    "membership": "membership only",
}
_COMMITTING = (HRG.Designation, HRG.Adoption, HRG.Signature)
_DATES = (HRG.date, HRG.startDate)
_LOCAL_BODIES = (HRG.City, HRG.LocalGovernment)


class _Objects:
    """The objects of each subject (and the subjects of each object) for the properties asked, one
    scan of the graph per property: a triple-pattern call per node costs tens of microseconds on
    Oxigraph, and the index asks a dozen of them of every entity."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._forward: dict[Node, dict[Node, list[Node]]] = {}
        self._inverse: dict[Node, dict[Node, list[Node]]] = {}

    def _table(self, predicate: Node, inverse: bool = False) -> dict[Node, list[Node]]:
        if predicate not in self._forward:
            forward: dict[Node, list[Node]] = defaultdict(list)
            backward: dict[Node, list[Node]] = defaultdict(list)
            for subject, obj in self.graph.subject_objects(predicate):
                forward[subject].append(obj)
                backward[obj].append(subject)
            for table in (forward, backward):
                for values in table.values():
                    values.sort()
            self._forward[predicate], self._inverse[predicate] = forward, backward
        return (self._inverse if inverse else self._forward)[predicate]

    def __call__(self, node: Node, predicate: Node) -> list[Node]:
        """The objects of ``node`` by ``predicate``, sorted."""
        return self._table(predicate).get(node, [])

    def one(self, node: Node, predicate: Node) -> Node | None:
        """The first object (so the answer does not depend on the store's order), or None."""
        values = self(node, predicate)
        return values[0] if values else None

    def subjects(self, predicate: Node, node: Node) -> list[Node]:
        """The subjects that have ``node`` as object of ``predicate``, sorted."""
        return self._table(predicate, inverse=True).get(node, [])

    def pairs(self, predicate: Node) -> list[tuple[Node, Node]]:
        """Every (subject, object) of ``predicate``, sorted."""
        return sorted((s, o) for s, values in self._table(predicate).items() for o in values)


def entity_kind(iri: Node) -> str | None:
    """The explorer's kind of an entity, from its path; None for IRIs without a page.

    >>> entity_kind(URIRef("https://w3id.org/hrgraph/localgov/seoul-gu")), entity_kind(URIRef("https://x.org/a"))
    ('city', None)
    """
    path = local_path(iri)
    return None if path is None else _KIND_OF_PATH.get(path.split("/", 1)[0])


def fine_kind(graph: Graph, node: Node) -> str:
    """The label of the entity's most specific class (``Designation`` rather than ``Event``)."""
    return _fine_kind(graph, tuple(sorted(t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef))))


def _fine_kind(graph: Graph, types: tuple[Node, ...]) -> str:
    specific = [t for t in types if not any(o != t and (o, RDFS.subClassOf, t) in graph for o in types)]
    return ", ".join(label_of(graph, t) for t in specific or types) or "thing"


def _year(value: Node) -> int | None:
    text = str(value)
    return int(text[:4]) if isinstance(value, Literal) and text[:4].isdigit() else None


def _subclasses(graph: Graph, root: URIRef) -> set[Node]:
    return set(graph.transitive_subjects(RDFS.subClassOf, root)) | {root}


def _event_nodes(objects: _Objects) -> set[Node]:
    classes = _subclasses(objects.graph, HRG.Event) | set(_COMMITTING)
    return {n for cls in classes for n in objects.subjects(RDF.type, cls)}


def _path(node: Node | None) -> str | None:
    return None if node is None else local_path(node)


def _paths(nodes: list[Node]) -> list[str]:
    return [p for p in map(_path, nodes) if p]


def _category(objects: _Objects, node: Node, types: set[Node]) -> tuple[str, Node | None, Node | None]:
    """(category, counted entity, object) of a fact node: what its timeline series counts once a year."""
    if ORG.Membership in types:
        return "membership", objects.one(node, ORG.member), objects.one(node, ORG.organization)
    adopter = objects.one(node, HRG.adopter)
    instrument = objects.one(node, HRG.instrument)
    if HRG.Designation in types:
        return "designation", adopter or node, None
    if adopter is not None or types & {HRG.Adoption, HRG.Signature}:
        return "adoption", adopter or instrument or node, instrument
    return "event", node, None


def dated_facts(graph: Graph) -> list[dict[str, Any]]:
    """Every designation, adoption or signature, membership and event, one per fact: the versions
    of one fact (same category, same counted entity, same instrument or organization) are merged,
    their years kept as a range. Each has the entities it involves, so a filtered set finds it."""
    return _dated_facts(_Objects(graph))


def _dated_facts(objects: _Objects) -> list[dict[str, Any]]:
    graph = objects.graph
    nodes = _event_nodes(objects) | set(objects.subjects(RDF.type, ORG.Membership))
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for node in sorted(nodes):
        types = set(objects(node, RDF.type))
        category, counted, obj = _category(objects, node, types)
        counted_path, obj_path, own = _path(counted), _path(obj), _path(node)
        if counted_path is None or own is None:
            continue
        involved = {own, counted_path} | ({obj_path} if obj_path else set())
        for predicate in (HRG.location, HRG.host, HRG.organizer, HRG.participant, HRG.instrument):
            involved |= set(_paths(objects(node, predicate)))
        values = [d for p in _DATES for d in objects(node, p)]
        years = {y for y in map(_year, values) if y is not None}
        fact = merged.setdefault((category, counted_path, obj_path or ""), {
            "category": category, "counted": counted_path, "object": obj_path, "entities": set(), "years": set(),
            "versions": []})
        fact["entities"] |= involved
        fact["years"] |= years
        fact["versions"].append({"id": own, "label": label_of(graph, node), "dates": sorted(map(str, values)),
                                 "process": _local(objects.one(node, HRG.process)),
                                 "sources": _paths(objects(node, PROV.wasDerivedFrom))})
    facts = []
    for fact in merged.values():
        years = sorted(fact["years"])
        facts.append({**fact, "entities": sorted(fact["entities"]), "years": years,
                      "first": years[0] if years else None, "last": years[-1] if years else None})
    return sorted(facts, key=lambda f: (f["first"] is None, f["first"] or 0, f["category"], f["counted"], f["object"] or ""))


def _local(node: Node | None) -> str | None:
    return None if node is None else str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def commitment_of(graph: Graph, entity: URIRef) -> str | None:
    """The entity's strongest kind of commitment (a key of COMMITMENTS), or None when it has none:
    formal or informal by the process of its designations and adoptions, ``unstated`` when they do
    not say, ``membership`` when it only belongs to networks or organizations."""
    return _commitment(_Objects(graph), entity)


def _commitment(objects: _Objects, entity: Node) -> str | None:
    processes = {objects.one(node, HRG.process) for node in objects.subjects(HRG.adopter, entity)}
    if HRG.formal in processes:
        return "formal"
    if HRG.informal in processes:
        return "informal"
    if processes:
        return "unstated"
    return "membership" if objects.subjects(ORG.member, entity) else None


def networks(graph: Graph) -> set[Node]:
    """The networks: organizations typed as a network, or with a city or local government as member."""
    return _networks(_Objects(graph))


def _networks(objects: _Objects) -> set[Node]:
    found = {n for cls in _subclasses(objects.graph, HRG.Network) for n in objects.subjects(RDF.type, cls)}
    for membership, member in objects.pairs(ORG.member):
        if set(objects(member, RDF.type)) & set(_LOCAL_BODIES):
            found |= set(objects(membership, ORG.organization))
    return found


def _places(objects: _Objects, entity: Node) -> tuple[Node | None, Node | None]:
    """(country, continent) of an entity, walking hrg:country, hrg:locatedIn and (events) hrg:location upwards."""
    country = continent = None
    seen: set[Node] = set()
    todo = [entity]
    while todo:
        node = todo.pop(0)
        if node in seen:
            continue
        seen.add(node)
        types = set(objects(node, RDF.type))
        if HRG.Country in types and country is None:
            country = node
        if HRG.Continent in types and continent is None:
            continent = node
        todo += sorted({o for p in (HRG.country, HRG.locatedIn, HRG.location) for o in objects(node, p)})
    return country, continent


def _label(objects: _Objects, node: Node) -> str:
    """Sources by their title (what they are), everything else by its label."""
    title = objects.one(node, DCTERMS.title) if entity_kind(node) == "source" else None
    return str(title) if title is not None else label_of(objects.graph, node)


def build_index(graph: Graph) -> dict[str, Any]:
    """The explorer's index: ``entities`` (one dict each, sorted by path), ``facts`` (dated_facts),
    the vocabularies the pages show (``kinds``, ``categories``, ``commitments``: [key, title] pairs)
    and ``base``, which an entity's path follows in its IRI."""
    objects = _Objects(graph)
    facts = _dated_facts(objects)
    years: dict[str, set[int]] = defaultdict(set)
    for fact in facts:
        for path in fact["entities"]:
            years[path] |= set(fact["years"])
    since: dict[str, int] = {}  # the first year of an entity's own designations, adoptions, memberships
    for fact in facts:
        if fact["category"] != "event" and fact["first"] is not None:
            since[fact["counted"]] = min(since.get(fact["counted"], fact["first"]), fact["first"])
    nets = _networks(objects)
    memberships: dict[Node, set[str]] = defaultdict(set)
    for membership, member in objects.pairs(ORG.member):
        memberships[member] |= set(_paths([o for o in objects(membership, ORG.organization) if o in nets]))
    instruments: dict[Node, set[str]] = defaultdict(set)
    for node, adopter in objects.pairs(HRG.adopter):
        instruments[adopter] |= set(_paths(objects(node, HRG.instrument)))
    placed = {node for node, _ in objects.pairs(GEO.lat)}
    fine: dict[tuple[Node, ...], str] = {}  # entities share a few combinations of classes
    entities = []
    for iri in entity_pages(graph):
        kind = entity_kind(iri)  # every kind of page is one of KINDS
        path = local_path(iri) or ""
        country, continent = _places(objects, iri)
        where = coordinates(graph, iri) if iri in placed else None
        types = tuple(t for t in objects(iri, RDF.type) if isinstance(t, URIRef))
        if types not in fine:
            fine[types] = _fine_kind(graph, types)
        entity = {
            "id": path, "label": _label(objects, iri), "kind": kind, "fine": fine[types],
            "country": _path(country), "continent": _path(continent),
            "networks": sorted(memberships[iri]), "instruments": sorted(instruments[iri]),
            "commitment": _commitment(objects, iri), "years": sorted(years[path]),
        }
        entity["first"] = entity["years"][0] if entity["years"] else None
        entity["since"] = since.get(path)
        if where is not None:
            entity["lat"], entity["long"] = where
        if iri in nets:
            entity["network"] = True
        names = sorted({str(n) for p in NAME_PROPERTIES for n in objects(iri, p)} - {entity["label"]})
        if names:
            entity["names"] = names  # what a search also matches: names in other languages, former names
        entities.append(entity)
    return {
        "base": BASE,
        "entities": entities,
        "facts": facts,
        # pairs, not objects: their order is the order the pages show them in
        "kinds": [[kind, spec["title"]] for kind, spec in KINDS.items()],
        "categories": [list(pair) for pair in CATEGORIES.items()],
        "commitments": [list(pair) for pair in COMMITMENTS.items()],
    }
