"""The handlers: what each kind of row adds to the graph, one function per handler name of
``hrgraph.mapping.PREDICATES``, chosen from :data:`HANDLERS`.

A handler reads its row's cells, finds or makes the entities and the fact node, and returns what it made
(:class:`~hrgraph.curation.facts.Made`); :func:`~hrgraph.curation.facts.finish` then adds what every
row adds the same way (an unknown date, the process, the note and quote).

>>> sorted(HANDLERS)[:3]
['adoption', 'attribute', 'coordinates']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS, XSD
from rdflib.term import Node

from hrgraph.curation.draft import Draft, RowProblem
from hrgraph.curation.facts import (
    Made,
    cell_date,
    claim,
    compatible,
    date_of,
    dated_label,
    dated_slug,
    fact,
    joined,
    matches,
    new_fact,
    optional_date,
    role_of,
)
from hrgraph.curation.matching import family, names_of, slug_of
from hrgraph.curation.resolve import entity, entity_type
from hrgraph.curation.rows import Row
from hrgraph.curation.sources import source_word
from hrgraph.entities import curie, normalise_name
from hrgraph.geonames import point_statements
from hrgraph.mapping import Predicate, parse_count, parse_date, slugify
from hrgraph.mapping import key as _key
from hrgraph.namespaces import BASE, GEO, HRG, ROLE

__all__ = ["HANDLERS", "PROSPECTIVE_STANDINGS", "Handler"]

WIKIDATA = "http://www.wikidata.org/entity/"
_PLACE_CLASSES = (HRG.City, HRG.LocalGovernment, HRG.Region)
#: Standings that are not membership: a W3C ORG client must not count them as members.
PROSPECTIVE_STANDINGS = frozenset({ROLE["prospective-member"], ROLE.applicant, ROLE.observer})
_MEMBERSHIP = (ORG.Membership, (ORG.member, ORG.organization, ORG.role))
_PROSPECTIVE = (HRG.ProspectiveMembership, (HRG.prospect, HRG.prospectiveOrganization, HRG.standing))
_SLOT_FAMILY = {"instrument": "instrument", "event": "event", "place": "place", "body": None, "founder": None,
                "adopter": None, "agent": None}
_SLOT_WORD = {"adopter": "by", "event": "at", "place": "in"}
_ROLE_PROPERTY = {ROLE.organizer: HRG.organizer, ROLE.host: HRG.host, ROLE.partner: HRG.partner,
                  ROLE.speaker: HRG.speaker}

#: A handler: what one row adds, given the row, its predicate and its source (None: nothing to annotate).
Handler = Callable[[Draft, Row, Predicate, URIRef], Made | None]


def name(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    named = entity(d, "subject")
    name = row.get("object")
    assert predicate.prop is not None
    others = {iri for iri in d.names.get(name)
              if iri != named and d.defined(iri) and family(iri) == family(named)}
    if others:
        found = ", ".join(curie(d.graph, iri) for iri in sorted(others))
        raise RowProblem("object", f"{name!r} already names {found}; a name may stand for one entity only")
    value = Literal(name) if predicate.prop == HRG.abbreviation else d.name_literal(name, "object")
    known = {normalise_name(str(n)) for n in names_of(d.graph, named)}
    if predicate.prop != SKOS.altLabel or normalise_name(name) not in known:
        if not any(normalise_name(str(n)) == normalise_name(name)
                   for n in d.graph.objects(named, predicate.prop)):
            d.add(named, predicate.prop, value)
    d.register(named, name)
    d.cite(named, source)
    if row.get("date"):
        date = cell_date(d, "date")
        return Made(claim(d, HRG.Naming, [(HRG.about, named), (HRG.name, d.name_literal(name, "object"))], date,
                          source, f"{d.label(named)}: named {name} from {date}",
                          f"{slug_of(named)}-named-{slugify(name, 50)}-{date}"))
    return Made(named)


def attribute(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    inverse = predicate.inverse
    subject = entity(d, "subject")
    if predicate.slots[1] == "integer":
        if not re.fullmatch(r"[1-9]\d*", row.get("object")):
            raise RowProblem("object", f"{row.get('object')!r} is not a positive whole number")
        value: Node = Literal(row.get("object"), datatype=XSD.integer)
    else:
        value = entity(d, "object")
    s, o = (value, subject) if inverse else (subject, value)
    assert isinstance(s, URIRef) and predicate.prop is not None
    d.add(s, predicate.prop, o)
    d.cite(s, source)
    return Made(s, relation=(s, predicate.prop, o))


def wikidata_item(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    subject = entity(d, "subject")
    qid = row.get("object").upper()
    if not re.fullmatch(r"Q[1-9]\d*", qid):
        raise RowProblem("object", f"{row.get('object')!r} is not a Wikidata item id (Q followed by digits)")
    d.add(subject, SDO.sameAs, URIRef(WIKIDATA + qid))
    d.cite(subject, source)
    return Made(subject)


def location(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    subject_type = entity_type(d, "subject")
    object_type = entity_type(d, "object")
    place_subject = subject_type is not None and subject_type.cls in (*_PLACE_CLASSES, HRG.Country)
    country = row.get("object") if (object_type is not None and object_type.cls == HRG.Country) else None
    if object_type is None and not row.get("object_id"):
        named = d.names.get(row.get("object"))
        if any((iri, RDF.type, HRG.Country) in d.graph for iri in named):
            country = row.get("object")
    subject = entity(d, "subject", country=country if place_subject or subject_type is None else None)
    place = entity(d, "object", family="place")
    subject_classes = set(d.graph.objects(subject, RDF.type))
    place_classes = set(d.graph.objects(place, RDF.type))
    if subject_classes & set(_PLACE_CLASSES) and HRG.Country in place_classes:
        current = set(d.graph.objects(subject, HRG.country))
        if current and place not in current:
            names = ", ".join(d.label(c) for c in sorted(current))
            raise RowProblem("object", f"{d.label(subject)} is in {names} in the graph; for another place "
                             "of the same name give a new slug in subject_id")
        d.add(subject, prop := HRG.country, place)
    elif subject_classes & {HRG.Country, *_PLACE_CLASSES}:
        d.add(subject, prop := HRG.locatedIn, place)
    else:
        d.add(subject, prop := HRG.location, place)
    d.cite(subject, source)
    return Made(subject, relation=(subject, prop, place))


def part(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    subject = entity(d, "subject")
    whole = entity(d, "object")
    kinds = set(d.view.objects(subject, RDF.type))
    whole_kinds = set(d.view.objects(whole, RDF.type))
    if family(subject) == "organization" and family(whole) == "organization":
        prop = ORG.unitOf if HRG.OrganizationalUnit in kinds else ORG.subOrganizationOf
    elif HRG.OrganizationalUnit in kinds and whole_kinds & {HRG.City, HRG.LocalGovernment}:
        prop = ORG.unitOf  # a city's office or council: a unit of the city taken as its government
    elif family(subject) == "event" and HRG.EventSeries in whole_kinds:
        prop = HRG.partOfSeries
    elif family(subject) == "place" and family(whole) == "place":
        prop = HRG.locatedIn
    else:
        prop = DCTERMS.isPartOf
    del kinds
    d.add(subject, prop, whole)
    d.cite(subject, source)
    return Made(subject, relation=(subject, prop, whole))


def entity_date(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    subject = entity(d, "subject")
    date = cell_date(d, "object")
    assert predicate.prop is not None
    if predicate.prop in (HRG.date, HRG.endDate):  # another source's other date: a claim beside it
        return Made(date_of(d, subject, date, source, predicate.prop))
    current = list(d.graph.objects(subject, predicate.prop))
    if current and date not in current:
        raise RowProblem("object", f"{d.label(subject)} already has {d.label(predicate.prop)} "
                         f"{current[0]}; a different one needs a fact row")
    d.add(subject, predicate.prop, date)
    d.cite(subject, source)
    return Made(subject)


def coordinates(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    """A place's WGS84 coordinates and GeoSPARQL point, as a page gives them ('LAT, LONG')."""
    place = entity(d, "subject", family="place")
    try:
        latitude, longitude = (float(part) for part in row.get("object").split(","))
    except ValueError:
        raise RowProblem("object", f"{row.get('object')!r} is not 'LATITUDE, LONGITUDE' in decimal degrees") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise RowProblem("object", f"{row.get('object')!r}: a latitude lies in -90..90, a longitude in -180..180")
    statements = point_statements(place, latitude, longitude)
    if (place, GEO.lat, None) in d.graph and statements[0] not in d.graph:  # the same ones again: nothing new
        raise RowProblem("object", f"{d.label(place)} has other coordinates already (from GeoNames or another row)")
    for s, p, o in statements:
        d.add(s, p, o)
        d.cite(s, source)  # the place and its geometry node
    return Made(place)


def held(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    event = entity(d, "subject", family=("event", "series"))
    place = entity(d, "object", family="place")
    d.add(event, HRG.location, place)
    d.cite(event, source)
    date = optional_date(d)
    if date is not None and family(event) == "series":
        raise RowProblem("date", "a series has no single date: give when it was first held in a 'first held' row")
    if date is not None:
        date_of(d, event, date, source)
    return Made(event)


def involvement(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    event_side, agent_side = ("subject", "object") if predicate.slots[0] == "event" else ("object", "subject")
    event = entity(d, event_side, family=("event", "series"))
    agent = entity(d, agent_side)
    role = role_of(d) or predicate.role
    assert predicate.prop is not None and role is not None
    if family(event) not in ("event", "series"):
        raise RowProblem(event_side, f"{d.label(event)} is not an event")
    date = optional_date(d)
    key = [(PROV.agent, agent), (PROV.hadRole, role)]
    existing = [node for node in d.graph.objects(event, PROV.qualifiedAssociation)
                if matches(d, node, HRG.Involvement, key, date, source)]
    if existing:
        node = existing[0]
    else:
        label = f"{d.label(agent)}, {d.label(role)} of {d.label(event)}"
        node = new_fact(d, HRG.Involvement, f"{slug_of(agent)}--{slug_of(event)}--{slug_of(role)}", label)
        d.add(event, PROV.qualifiedAssociation, node)
        for p, o in key:
            d.add(node, p, o)
        if date is not None:
            d.add(node, HRG.date, date)
        d.cite(node, source)
        _conflicting_organizers(d, node, event, role, agent, source)
    if family(event) == "event":  # the plain triple; hrg:organizer and the like are said of events only
        d.add(event, predicate.prop if role == predicate.role else _ROLE_PROPERTY.get(role, HRG.participant),
              agent, detail=False)
    return Made(node)


def _conflicting_organizers(d: Draft, node: URIRef, event: URIRef, role: URIRef, agent: URIRef,
                            source: URIRef) -> None:
    if role not in (ROLE.organizer, ROLE.host):
        return
    for other in d.graph.objects(event, PROV.qualifiedAssociation):
        if other == node or d.graph.value(other, PROV.hadRole) not in (ROLE.organizer, ROLE.host):
            continue
        other_agent = d.graph.value(other, PROV.agent)
        other_sources = set(d.graph.objects(other, PROV.wasDerivedFrom))
        if other_agent != agent and source not in other_sources:
            d.log[node].conflicts.append(
                f"another source names {d.label(other_agent)} as "
                f"{d.label(d.graph.value(other, PROV.hadRole))}: {curie(d.graph, other)}")


def membership(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    member = entity(d, "subject")
    organization = entity(d, "object")
    role = role_of(d) or predicate.role
    if role is None:
        raise RowProblem("role", f"{predicate.name!r} needs a role (mayor, president, member...)")
    start = optional_date(d)
    attested = optional_date(d, "as_of")
    cls, properties = _PROSPECTIVE if role in PROSPECTIVE_STANDINGS else _MEMBERSHIP
    key = list(zip(properties, (member, organization, role), strict=True))
    node = fact(d, cls, key, start, source, date_property=HRG.startDate,
                label=f"{d.label(member)}, {d.label(role)} of {d.label(organization)}"
                      + (f" (since {start})" if start else (f" (attested {attested})" if attested else "")),
                slug=f"{slug_of(member)}--{slug_of(organization)}--{slug_of(role)}",
                conflict_key=key)
    new_attestation = attested is not None and not any(compatible(attested, a)
                                                       for a in d.graph.objects(node, HRG.attestedIn))
    return Made(node, undated=start is None, extra=[(HRG.attestedIn, attested)] if new_attestation else [])


def adoption(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    first, second = predicate.slots
    values = {first: entity(d, "subject", family=_SLOT_FAMILY.get(first)),
              second: entity(d, "object", family=_SLOT_FAMILY.get(second))}
    date = optional_date(d)
    key = [(p, values[slot]) for slot, p in (("adopter", HRG.adopter), ("instrument", HRG.instrument),
                                             ("event", HRG.adoptedAt), ("place", HRG.location)) if slot in values]
    instrument = values["instrument"]
    by = values.get("adopter") or values.get("event") or values.get("place")
    assert by is not None
    cls = HRG.Adoption if date is not None else HRG.Event
    label = dated_label(f"{d.label(instrument)} adopted {_SLOT_WORD[[k for k in values if k != 'instrument'][0]]} "
                        f"{d.label(by)}", date)
    node = fact(d, cls, key, date, source, label=label,
                slug=dated_slug(f"adoption-{joined(by, instrument)}", date),
                conflict_key=[(HRG.instrument, instrument)])
    note = None
    if date is None:
        note = "Typed hrg:Event, not hrg:Adoption: an adoption needs a date and the source gives none."
    elif not row.get("process") and (node, HRG.process, None) not in d.graph and \
            (node, SKOS.editorialNote, None) not in d.graph:
        note = "hrg:process and hrg:adoptingBody are left out: the source does not say by which process or body."
    return Made(node, undated=date is None, extra=[(SKOS.editorialNote, Literal(note, lang="en"))] if note else [])


def signature(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    signer = entity(d, "subject")
    instrument = entity(d, "object", family="instrument")
    date = optional_date(d)
    key = [(HRG.adopter, signer), (HRG.instrument, instrument)]
    node = fact(d, HRG.Signature, key, date, source,
                label=dated_label(f"{d.label(signer)} signs {d.label(instrument)}", date),
                slug=f"signature-{joined(signer, instrument)}", conflict_key=key)
    return Made(node, undated=date is None)


def designation(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    place = entity(d, "subject", family="place")
    if not row.get("process"):
        raise RowProblem("process", "a designation needs a process: formal (an official commitment) or informal")
    date = optional_date(d)
    key: list[tuple[URIRef, Node]] = [(HRG.adopter, place)]
    if _key(row.get("object_type")) == "status":
        status = row.get("object")
        key.append((HRG.statusName, Literal(status)))
        what = f"declares itself a {status}"
    else:
        instrument = entity(d, "object", family="instrument")
        key.append((HRG.instrument, instrument))
        what = f"declares itself a human rights city by {d.label(instrument)}"
    node = fact(d, HRG.Designation, key, date, source,
                label=dated_label(f"{d.label(place)} {what}", date),
                slug=f"designation-{slug_of(place)}-{date or 'undated'}",
                conflict_key=[(HRG.adopter, place)])
    return Made(node, undated=date is None)


def status(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    place = entity(d, "subject", family="place")
    status = row.get("object")
    date = optional_date(d)
    if date is None and row.get("as_of"):
        date = cell_date(d, "as_of")
    example = URIRef(f"{BASE}principle/human-rights-city")
    first = predicate.name == "called the first"
    if (not first and normalise_name(status) == "human rights city" and (example, SKOS.example, place) in d.graph
            and (place, PROV.wasDerivedFrom, source) in d.graph and date is None):
        return None  # the seeds' way of saying it: an example of a human rights city, on this source
    key: list[tuple[URIRef, Node]] = [(HRG.about, place), (HRG.statusName, Literal(status))]
    words, slug = "described as", "described-as"
    if first:  # the source calls the place the first with this status: hrg:calledFirst
        key.append((HRG.calledFirst, Literal(True)))
        words, slug = "called the first", "called-the-first"
    node = claim(d, HRG.StatusClaim, key, date, source, f"{d.label(place)} {words} {status}",
                 f"{slug_of(place)}-{slug}-{slugify(status, 40)}")
    return Made(node)


def recommendation(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    first, second = predicate.slots
    date = optional_date(d)
    key: list[tuple[URIRef, Node]] = []
    if first == "place":
        place = entity(d, "subject", family="place")
        key.append((HRG.about, place))
        if _key(row.get("object_type")) == "status":
            key.append((HRG.statusName, Literal(row.get("object"))))
        else:
            key.append((HRG.instrument, entity(d, "object", family="instrument")))
        subject = place
    else:
        values = {first: entity(d, "subject"), second: entity(d, "object")}
        key = [(HRG.agent, values["agent"]), (HRG.instrument, values["instrument"])]
        subject = values["instrument"]
    if first == "place":
        status = row.get("object") if _key(row.get("object_type")) == "status" else "human rights city"
        text = f"Recommendation that {d.label(subject)} become a {status}"
    else:
        text = f"{d.label(key[0][1])} recommends {d.label(key[1][1])}"
    node = fact(d, HRG.Recommendation, key, date, source, label=dated_label(text, date),
                slug=f"recommendation-{slug_of(subject)}-{date or 'undated'}", conflict_key=key[:1])
    return Made(node, undated=date is None)


def rejection(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    first, second = predicate.slots
    values = {first: entity(d, "subject"), second: entity(d, "object")}
    key = [(HRG.agent, values["agent"]), (HRG.instrument, values["instrument"])]
    date = optional_date(d)
    node = fact(d, HRG.Rejection, key, date, source,
                label=dated_label(f"{d.label(values['agent'])} rejects {d.label(values['instrument'])}", date),
                slug=f"rejection-{joined(values['agent'], values['instrument'])}", conflict_key=key)
    return Made(node, undated=date is None)


def entry(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    instrument = entity(d, "subject", family="instrument")
    key: list[tuple[URIRef, Node]] = [(HRG.instrument, instrument)]
    obj = row.get("object")
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", obj) and _key(row.get("object_type")) in ("", "date", "literal"):
        date = cell_date(d, "object")
        if row.get("date") and parse_date(row.get("date")) != date:
            raise RowProblem("date", "the object is already the date; leave the date column empty")
    else:
        key.append((HRG.location, entity(d, "object", family="place")))
        date = optional_date(d)
    node = fact(d, HRG.EntryIntoForce, key, date, source,
                label=dated_label(f"{d.label(instrument)} enters into force", date),
                slug=f"entry-into-force-{slug_of(instrument)}-{date or 'undated'}",
                conflict_key=[(HRG.instrument, instrument)])
    return Made(node, undated=date is None)


def founding(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    first, second = predicate.slots
    if second == "date":
        body = entity(d, "subject", family="organization")
        date: Literal | None = cell_date(d, "object")
        extra: list[tuple[URIRef, Node]] = []
    else:
        values = {first: entity(d, "subject", family=_SLOT_FAMILY.get(first)),
                  second: entity(d, "object", family=_SLOT_FAMILY.get(second))}
        body = values["body"]
        date = optional_date(d)
        extra = [(p, values[slot]) for slot, p in (("place", HRG.location), ("founder", HRG.founder),
                                                   ("event", HRG.occasion)) if slot in values]
    if family(body) == "event":  # an initiative or process launched by someone: its founder and date
        for p, o in extra:
            d.add(body, p, o)
        d.cite(body, source)
        if date is not None:
            date_of(d, body, date, source)
        return Made(body)
    if family(body) != "organization":
        raise RowProblem("subject" if first == "body" else "object",
                         f"{d.label(body)} is not an organization or an initiative")
    node = fact(d, HRG.Founding, [(HRG.foundedBody, body)], date, source,
                label=dated_label(f"Founding of {d.label(body)}", date),
                slug=f"founding-{slug_of(body)}-{date or 'undated'}",
                conflict_key=[(HRG.foundedBody, body)])
    for p, o in extra:
        d.add(node, p, o)
    return Made(node, undated=date is None and (node, HRG.date, None) not in d.graph)


def quantity(d: Draft, row: Row, predicate: Predicate, source: URIRef) -> Made | None:
    subject = entity(d, "subject")
    try:
        value, qualifier, unit, total = parse_count(row.get("object"))
    except ValueError as error:
        raise RowProblem("object", str(error)) from None
    date = optional_date(d) or (cell_date(d, "as_of") if row.get("as_of") else None)
    assert predicate.prop is not None
    key: list[tuple[URIRef, Node]] = [(HRG.countValue, Literal(value)), (HRG.countQualifier, qualifier),
                                      (SDO.unitText, Literal(unit))]
    if total is not None:
        key.append((HRG.countTotal, Literal(total)))
    existing = [q for q in d.graph.objects(subject, predicate.prop)
                if matches(d, q, HRG.Quantity, key, date, source)]
    if existing:
        node = existing[0]
    else:
        statement = row.get("object")
        host = source_word(d, source)
        node = new_fact(d, HRG.Quantity, f"{slug_of(subject)}-{slugify(d.label(predicate.prop))}-"
                        f"{value}-{slugify(host, 30)}",
          f"{d.label(subject)} {d.label(predicate.prop)} ({host}): {statement}")
        d.add(subject, predicate.prop, node)
        for p, o in key:
            d.add(node, p, o)
        if date is not None:
            d.add(node, HRG.date, date)
        d.cite(node, source)
        for other in d.graph.objects(subject, predicate.prop):
            if other != node and (other, HRG.countValue, Literal(value)) not in d.graph:
                statement_other = d.label(other)
                d.log[node].conflicts.append(f"another count: {curie(d.graph, other)} {statement_other}")
    return Made(node)


#: Handler name (``Predicate.handler``) -> the function that handles its rows.
HANDLERS: dict[str, Handler] = {
    "name": name, "attribute": attribute, "wikidata": wikidata_item, "location": location, "part": part,
    "entity-date": entity_date, "held": held, "involvement": involvement, "membership": membership,
    "adoption": adoption, "signature": signature, "designation": designation, "status": status,
    "recommendation": recommendation, "rejection": rejection, "entry": entry, "founding": founding,
    "quantity": quantity, "coordinates": coordinates,
}
