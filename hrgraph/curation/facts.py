"""Fact nodes: one node per dated, sourced fact (a membership, an adoption, a claim...), found again when a
row states it again on the same source, made otherwise, with conflicts between sources noted; and the one
step every row ends with (:func:`finish`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import ORG, PROV, SKOS
from rdflib.term import Node

from hrgraph.curation.draft import Draft, RowProblem
from hrgraph.curation.matching import slug_of, unknown
from hrgraph.curation.sources import source_word, sources_of
from hrgraph.entities import curie
from hrgraph.mapping import key as _key
from hrgraph.mapping import parse_date, slugify
from hrgraph.namespaces import BASE, HRG, ROLE
from hrgraph.provenance import PER_SOURCE_FACTS

__all__ = ["Made", "cell_date", "claim", "date_of", "fact", "finish", "matches", "new_fact", "optional_date",
           "role_of"]

#: The properties that tell two fact nodes of a class apart: a node found again has exactly these values.
IDENTITY = {
    HRG.Adoption: (HRG.adopter, HRG.instrument, HRG.adoptedAt, HRG.location),
    HRG.Event: (HRG.adopter, HRG.instrument, HRG.adoptedAt, HRG.location),
    HRG.Signature: (HRG.adopter, HRG.instrument),
    HRG.Designation: (HRG.adopter, HRG.instrument),
    HRG.Founding: (HRG.foundedBody,),
    HRG.EntryIntoForce: (HRG.instrument, HRG.location),
    HRG.Recommendation: (HRG.agent, HRG.instrument, HRG.about),
    HRG.Rejection: (HRG.agent, HRG.instrument),
    ORG.Membership: (ORG.member, ORG.organization, ORG.role),
    HRG.StatusClaim: (HRG.about, HRG.statusName),
    HRG.DateClaim: (HRG.about,),
    HRG.Naming: (HRG.about, HRG.name),
    HRG.Involvement: (PROV.agent, PROV.hadRole),
}
#: The kind of IRI a new fact node of a class gets (``event/`` for the others).
FACT_PREFIX = {
    ORG.Membership: "membership", HRG.ProspectiveMembership: "membership", HRG.Quantity: "quantity",
    HRG.StatusClaim: "claim", HRG.DateClaim: "claim", HRG.Naming: "claim", HRG.Involvement: "claim",
}


@dataclass
class Made:
    """What a row's handler made or met again: the node its note (and quote) go on; whether it is a fact
    whose date the source does not give; statements to add after that (before the process); and the plain
    relation the row states, whose attestation carries the row's date (a relation has no date slot)."""

    node: URIRef
    undated: bool = False
    extra: Sequence[tuple[URIRef, Node]] = ()
    relation: tuple[Node, Node, Node] | None = None


def finish(d: Draft, made: Made | None) -> None:
    """The step every handler's work ends with: ``hrg:dateUnknown`` on an undated fact, its extra
    statements, the row's process (formal or informal), then the row's note and quote."""
    if made is None:
        return
    if made.undated:
        d.add(made.node, HRG.dateUnknown, Literal(True))
    for p, o in made.extra:
        d.add(made.node, p, o)
    _process(d, made.node)
    _annotate(d, made.node)


def _annotate(d: Draft, node: URIRef) -> None:
    """The row's note; and its quote on a fact node (an entity's statements carry theirs on their attestations)."""
    assert d.row is not None
    if d.row.get("note"):
        d.add(node, SKOS.editorialNote, Literal(d.row.get("note"), lang="en"))
    if d.row.get("quote") and set(d.graph.objects(node, RDF.type)) & PER_SOURCE_FACTS:
        d.add(node, HRG.quote, Literal(d.row.get("quote")))


def _process(d: Draft, node: URIRef) -> None:
    """The row's process on ``node`` (only adoptions, signatures and designations take the column)."""
    assert d.row is not None
    text = d.row.get("process")
    if not text:
        return
    value = {"formal": HRG.formal, "informal": HRG.informal}.get(text.strip().lower())
    if value is None:
        raise RowProblem("process", f"{text!r}: the process is formal or informal")
    current = set(d.graph.objects(node, HRG.process))
    if current and value not in current:
        raise RowProblem("process", f"{curie(d.graph, node)} is already {d.label(next(iter(current)))}")
    d.add(node, HRG.process, value)


def fact(d: Draft, cls: URIRef, key: list[tuple[URIRef, Node]], date: Literal | None, source: URIRef, *,
         label: str, slug: str, conflict_key: list[tuple[URIRef, Node]],
         date_property: URIRef = HRG.date) -> URIRef:
    """The fact node of ``cls`` with ``key`` and ``date`` on this source: found, or made."""
    for node in with_key(d, key, cls):
        if matches(d, node, cls, key, date, source, date_property):
            return node
    alternatives = [f"{slug}-{date}"] if date is not None and not slug.endswith(str(date)) else []
    node = new_fact(d, cls, slug, label, [*alternatives, f"{slug}-{source_word(d, source)}"])
    for p, o in key:
        d.add(node, p, o)
    if date is not None:
        d.add(node, date_property, date)
    d.cite(node, source)
    for other in with_key(d, conflict_key, cls):
        if other == node:
            continue
        other_dates = list(d.graph.objects(other, date_property))
        if date is not None and other_dates and not any(compatible(date, other_date) for other_date in other_dates):
            d.log[node].conflicts.append(
                f"{curie(d.graph, other)} says {other_dates[0]} ({sources_of(d, other)})")
    return node


def with_key(d: Draft, key: list[tuple[URIRef, Node]], cls: URIRef) -> list[URIRef]:
    """The nodes of ``cls`` that have every (property, value) of ``key``."""
    p, o = key[0]
    return sorted(n for n in d.graph.subjects(p, o)
                  if (n, RDF.type, cls) in d.graph and all((n, q, v) in d.graph for q, v in key[1:]))


def matches(d: Draft, node: Node, cls: URIRef, key: list[tuple[URIRef, Node]], date: Literal | None,
            source: URIRef, date_property: URIRef = HRG.date) -> bool:
    if (node, RDF.type, cls) not in d.graph or (node, PROV.wasDerivedFrom, source) not in d.graph:
        return False
    identity = {p for p, _ in key} | set(IDENTITY.get(cls, ()))
    wanted: dict[URIRef, set[Node]] = defaultdict(set)
    for p, o in key:
        wanted[p].add(o)
    for p in identity:
        if set(d.graph.objects(node, p)) != wanted.get(p, set()):
            return False
    return set(d.graph.objects(node, date_property)) == ({date} if date is not None else set())


def claim(d: Draft, cls: URIRef, key: list[tuple[URIRef, Node]], date: Literal | None, source: URIRef,
          label: str, slug: str) -> URIRef:
    return fact(d, cls, key, date, source, label=label, slug=slug, conflict_key=key)


def new_fact(d: Draft, cls: URIRef, slug: str, label: str, alternatives: Sequence[str] = ()) -> URIRef:
    """A new fact node: its slug, or the first alternative not taken (with its date, its source's site)."""
    namespace = f"{BASE}{FACT_PREFIX.get(cls, 'event')}/"
    slugs = ["--".join(filter(None, (slugify(part, 110) for part in text.split("--")))) for text in (slug, *alternatives)]
    free = [candidate for candidate in slugs if URIRef(namespace + candidate) not in d.taken]
    iri = URIRef(namespace + free[0]) if free else d.unique(namespace, slugs[0])
    d.add(iri, RDF.type, cls)
    d.add(iri, RDFS.label, Literal(label, lang="en"))
    return iri


def date_of(d: Draft, entity: URIRef, date: Literal, source: URIRef, prop: URIRef = HRG.date) -> URIRef:
    """Give ``entity`` its date (or end date), or keep a different one from this source beside its own
    (a hrg:DateClaim with the same property)."""
    current = list(d.graph.objects(entity, prop))
    undated = prop == HRG.date and (entity, HRG.dateUnknown, Literal(True)) in d.graph
    if date in current:
        d.cite(entity, source)
        return entity
    if not current and not undated:
        d.add(entity, prop, date)
        d.cite(entity, source)
        return entity
    if prop == HRG.date:
        return claim(d, HRG.DateClaim, [(HRG.about, entity)], date, source,
                     f"{d.label(entity)}: dated {date} by another source", f"{slug_of(entity)}-dated-{date}")
    return claim(d, HRG.DateClaim, [(HRG.about, entity), (prop, date)], None, source,
                 f"{d.label(entity)}: ended {date} by another source", f"{slug_of(entity)}-ended-{date}")


def cell_date(d: Draft, column: str) -> Literal:
    assert d.row is not None
    try:
        return parse_date(d.row.get(column))
    except ValueError as error:
        raise RowProblem(column, str(error)) from None


def optional_date(d: Draft, column: str = "date") -> Literal | None:
    assert d.row is not None
    return cell_date(d, column) if d.row.get(column) else None


def role_of(d: Draft) -> URIRef | None:
    assert d.row is not None
    text = d.row.get("role")
    if not text:
        return None
    wanted = _key(text)
    roles = {}
    for role in d.ontology.subjects(SKOS.inScheme, ROLE.roles):
        roles[_key(str(role).rsplit("/", 1)[-1])] = role
        for label in d.ontology.objects(role, RDFS.label):
            roles[_key(str(label))] = role
    if wanted in roles:
        return roles[wanted]
    names = sorted(str(d.ontology.value(r, RDFS.label)) for r in set(roles.values()))
    raise RowProblem("role", unknown("role", text, roles, names))


def compatible(a: Node, b: Node) -> bool:
    """Two dates agree when one contains the other: 2009 and 2009-06-30."""
    x, y = str(a), str(b)
    return x.startswith(y) or y.startswith(x)


def joined(first: Node, second: Node) -> str:
    """Two slugs as one, the second alone when it already starts with the first; each cut to 50 letters."""
    a, b = _short(slug_of(first)), _short(slug_of(second))
    return b if b.startswith(a) else f"{a}-{b}"


def _short(slug: str, limit: int = 50) -> str:
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]


def dated_label(text: str, date: Node | None) -> str:
    """A fact's label: what it says, then its date in brackets ("date unknown" without one).

    >>> dated_label("Graz signs the charter", None)
    'Graz signs the charter (date unknown)'
    """
    return f"{text} ({date or 'date unknown'})"


def dated_slug(slug: str, date: Node | None) -> str:
    """``slug-date`` (``-undated`` without one), unless the slug already ends with the date."""
    tail = str(date) if date is not None else "undated"
    return slug if slug.endswith(f"-{tail}") else f"{slug}-{tail}"
