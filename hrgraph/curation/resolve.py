"""The entity a subject or object cell names: by id, slug, CURIE or exact name; or new, when the row
gives a type; never one whose name is only near (that is refused, with the near names)."""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import PROV

from hrgraph.curation.draft import Draft, RowProblem
from hrgraph.curation.matching import FAMILIES, NAME_PROPERTIES, as_iri, names_of, unknown
from hrgraph.curation.matching import family as family_of
from hrgraph.entities import curie, normalise_name
from hrgraph.mapping import TYPE_LIST, TYPES, VALUE_TYPES, EntityType, slugify
from hrgraph.mapping import key as _key
from hrgraph.namespaces import BASE, DATA_KINDS, HRG

__all__ = ["entity", "entity_type"]


def entity_type(d: Draft, side: str) -> EntityType | None:
    assert d.row is not None
    text = d.row.get(f"{side}_type")
    if not text or _key(text) in VALUE_TYPES:
        return None
    found = TYPES.get(_key(text))
    if found is None:
        raise RowProblem(f"{side}_type", unknown("type", text, TYPES, [t.name for t in TYPE_LIST]))
    return found


def entity(d: Draft, side: str, *, family: str | tuple[str, ...] | None = None, country: str | None = None) -> URIRef:
    """The entity a subject or object cell names: by id, exact name, or new; near names are refused.

    The row's source states the name it uses and the kind it gives: both are attested."""
    iri = _entity(d, side, family=family, country=country)
    assert d.row is not None
    key = normalise_name(d.row.get(side))
    for p in NAME_PROPERTIES:
        d.stated.extend((iri, p, name) for name in d.graph.objects(iri, p) if normalise_name(str(name)) == key)
    etype = entity_type(d, side)
    if etype is not None and (iri, RDF.type, etype.cls) in d.graph:
        d.stated.append((iri, RDF.type, etype.cls))
    return iri


def _entity(d: Draft, side: str, *, family: str | tuple[str, ...] | None, country: str | None) -> URIRef:
    row = d.row
    assert row is not None
    name, ident = row.get(side), row.get(f"{side}_id")
    etype = entity_type(d, side)
    wanted: tuple[str, ...] | None = (FAMILIES[etype.kind],) if etype else (
        (family,) if isinstance(family, str) else family)
    if ident:
        return _by_id(d, side, name, ident, etype)
    named = as_iri(name) if not name.startswith(("http://", "https://")) else URIRef(name)
    if named is not None and str(named).startswith(BASE) and d.defined(named):
        return named  # a slug, CURIE or IRI of an entity in the graph
    candidates = {iri for iri in d.names.get(name) if d.defined(iri)}
    if wanted:
        fitting = {iri for iri in candidates if family_of(iri) in (*wanted, None)}
        if candidates and not fitting:
            found = ", ".join(f"{curie(d.graph, c)} ({family_of(c)})" for c in sorted(candidates))
            raise RowProblem(side, f"{name!r} names {found}, not a {etype.name if etype else ' or '.join(wanted)}; "
                             f"give {side}_id to use it, or a new slug in {side}_id for another entity")
        candidates = fitting
    if country and candidates:
        fits = {iri for iri in candidates if _country_fits(d, iri, country)}
        if not fits:
            if etype is None:
                where = "; ".join(f"{curie(d.graph, c)}{_country_note(d, c)}" for c in sorted(candidates))
                raise RowProblem(side, f"{name!r} is {where} in the graph, not in {country}: to create another "
                                 f"place of that name give {side}_type (and a slug in {side}_id if you wish)")
            return create(d, side, name, etype, country=country)
        candidates = fits
    if len(candidates) == 1:
        return candidates.pop()
    if candidates:
        found = ", ".join(f"{curie(d.graph, c)} ({d.label(c)}{_country_note(d, c)})"
                          for c in sorted(candidates))
        raise RowProblem(side, f"{name!r} names several entities: {found}; give {side}_id (one of them)")
    near = _near(d, name, wanted)
    if near:
        found = "; ".join(f"{curie(d.graph, iri)} (named {text!r})" for iri, text in near)
        raise RowProblem(side, f"{name!r} is not a name in the graph but is near {found}: if it is the same, "
                         f"add {name!r} as its skos:altLabel (an 'also known as' row) or give its slug in "
                         f"{side}_id; if it is another, give a new slug in {side}_id")
    if etype is None:
        raise RowProblem(side, f"{name!r} is not in the graph: give {side}_type (city, organization, person, "
                         "instrument, event...) to create it")
    return create(d, side, name, etype, country=country)


def _by_id(d: Draft, side: str, name: str, ident: str, etype: EntityType | None) -> URIRef:
    iri = as_iri(ident)
    if iri is None:
        raise RowProblem(f"{side}_id", f"{ident!r} is not a slug or IRI: write kind/slug (city/saint-denis), "
                         "a CURIE (city:saint-denis) or the full IRI")
    if (iri, None, None) in d.view:
        if etype and family_of(iri) not in (FAMILIES.get(etype.kind), None):
            raise RowProblem(f"{side}_id", f"{curie(d.graph, iri)} is a {family_of(iri)}, "
                             f"the row says {etype.name}")
        return iri
    kind, _, slug = str(iri).removeprefix(BASE).partition("/")
    if not str(iri).startswith(BASE) or kind not in DATA_KINDS or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise RowProblem(f"{side}_id", f"{ident!r} names nothing in the graph, and is not a new slug "
                         "(kind/lowercase-words-with-hyphens)")
    if etype is None:
        raise RowProblem(f"{side}_type", f"{ident!r} is new: give {side}_type to create it")
    if etype.kind != kind:
        raise RowProblem(f"{side}_id", f"a new {etype.name} gets an IRI of kind {etype.kind}/, not {kind}/")
    return create(d, side, name or slug, etype, iri=URIRef(iri))


def create(d: Draft, side: str, name: str, etype: EntityType, *, country: str | None = None,
           iri: URIRef | None = None) -> URIRef:
    row = d.row
    assert row is not None
    if iri is None:
        slug = slugify(name)
        if not slug:
            raise RowProblem(side, f"cannot make a slug from {name!r}: give one in {side}_id")
        namespace = f"{BASE}{etype.kind}/"
        if URIRef(namespace + slug) in d.taken and country:
            slug = f"{slug}-{slugify(country)}"
        iri = d.unique(namespace, slug)
    label = d.name_literal(name, side)
    d.add(iri, RDF.type, etype.cls)
    d.add(iri, RDFS.label, label)
    for p, o in etype.extra:
        d.add(iri, p, o)
    if d.source is not None:
        d.add(iri, PROV.wasDerivedFrom, d.source)
    d.register(iri, name)
    d.register(iri, str(iri).rsplit("/", 1)[-1], slug=True)
    d.created[iri] = row
    d.undo.append(lambda: d.created.pop(iri, None))
    return iri


def _country_fits(d: Draft, iri: URIRef, country: str) -> bool:
    existing = list(d.graph.objects(iri, HRG.country))
    if not existing:
        return True
    key = normalise_name(country)
    return any(key in {normalise_name(str(n)) for n in names_of(d.graph, c)} | {normalise_name(str(c).rsplit("/", 1)[-1])}
               for c in existing)


def _country_note(d: Draft, iri: URIRef) -> str:
    countries = [d.label(c) for c in d.graph.objects(iri, HRG.country)]
    return f", {', '.join(countries)}" if countries else ""


def _near(d: Draft, name: str, family: str | tuple[str, ...] | None) -> list[tuple[URIRef, str]]:
    """Entities with a name close to ``name`` but not equal: accents, punctuation, a few letters, a word."""
    return d.names.near(name, (family,) if isinstance(family, str) else family, d.defined)
