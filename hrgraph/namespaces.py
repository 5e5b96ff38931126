"""The project's IRIs: the ontology namespace, the data namespaces and the fixed prefix map.

The prefix map is the single source of prefixes for every serialization, so that exports are
byte-identical from run to run and data diffs stay readable.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD, DefinedNamespace

__all__ = [
    "BASE",
    "DATA_KINDS",
    "HRG",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "QUERY_PREFIXES",
    "ROLE",
    "SH",
    "data_namespace",
]

BASE = "https://w3id.org/hrgraph/"
ONTOLOGY_IRI = BASE + "ontology"


class HRG(DefinedNamespace):
    """The project's ontology (ontology/hrgraph.ttl), term by term: a misspelled term is an error
    (``_fail``), not a new IRI. tests/test_ontology.py checks the list against the ontology both ways.
    """

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # Classes
    ActionPlan: URIRef
    AdoptingBodyKind: URIRef
    Adoption: URIRef
    Artwork: URIRef
    Charter: URIRef
    City: URIRef
    Claim: URIRef
    Conference: URIRef
    Continent: URIRef
    CountQualifier: URIRef
    Country: URIRef
    DateClaim: URIRef
    DatePrecision: URIRef
    Declaration: URIRef
    Designation: URIRef
    EntryIntoForce: URIRef
    Event: URIRef
    EventSeries: URIRef
    Forum: URIRef
    Founding: URIRef
    GuidingPrinciples: URIRef
    HistoricalEvent: URIRef
    Instrument: URIRef
    Involvement: URIRef
    LocalGovernment: URIRef
    LocalGovernmentKind: URIRef
    Naming: URIRef
    Network: URIRef
    Ordinance: URIRef
    Organization: URIRef
    OrganizationalUnit: URIRef
    Person: URIRef
    Place: URIRef
    PopulationFigure: URIRef
    Principle: URIRef
    ProcessKind: URIRef
    Proclamation: URIRef
    ProspectiveMembership: URIRef
    Publication: URIRef
    Quantity: URIRef
    Recommendation: URIRef
    Region: URIRef
    Rejection: URIRef
    Resolution: URIRef
    Signature: URIRef
    Source: URIRef
    StatusClaim: URIRef
    Treaty: URIRef

    # Properties and individuals
    abbreviation: URIRef
    about: URIRef
    adoptedAt: URIRef
    adopter: URIRef
    adoptingBodies: URIRef
    adoptingBody: URIRef
    agent: URIRef
    amends: URIRef
    approximately: URIRef
    areaServed: URIRef
    attestedIn: URIRef
    author: URIRef
    basedOn: URIRef
    broadcaster: URIRef
    contributor: URIRef
    countQualifier: URIRef
    countQualifiers: URIRef
    countTotal: URIRef
    countValue: URIRef
    country: URIRef
    date: URIRef
    datePrecision: URIRef
    datePrecisions: URIRef
    dateUnknown: URIRef
    decade: URIRef
    departement: URIRef
    edition: URIRef
    endDate: URIRef
    ended: URIRef
    enforcedBy: URIRef
    exactly: URIRef
    followedBy: URIRef
    formal: URIRef
    formerName: URIRef
    foundedBody: URIRef
    founder: URIRef
    frequency: URIRef
    hasPrinciple: URIRef
    hasQuantity: URIRef
    host: URIRef
    hostedBy: URIRef
    informal: URIRef
    inspiredBy: URIRef
    instrument: URIRef
    localGovernmentKind: URIRef
    localGovernmentKinds: URIRef
    locatedIn: URIRef
    location: URIRef
    memberCount: URIRef
    municipality: URIRef
    name: URIRef
    namedAfter: URIRef
    nationality: URIRef
    occasion: URIRef
    organizer: URIRef
    partOfSeries: URIRef
    participant: URIRef
    participantCount: URIRef
    partner: URIRef
    plannedDate: URIRef
    precededBy: URIRef
    process: URIRef
    processKinds: URIRef
    prospect: URIRef
    prospectiveOrganization: URIRef
    province: URIRef
    publisher: URIRef
    quote: URIRef
    regency: URIRef
    signatoryCount: URIRef
    speaker: URIRef
    sponsor: URIRef
    standing: URIRef
    startDate: URIRef
    statusName: URIRef
    calledFirst: URIRef

    # Individuals whose names are not Python names: HRG["more-than"]
    _extras = [
        "at-least", "city-council", "civil-society", "conference-participants", "intercommunal-body", "more-than",
    ]


ROLE = Namespace(BASE + "role/")
SH = Namespace("http://www.w3.org/ns/shacl#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
VANN = Namespace("http://purl.org/vocab/vann/")

#: Kinds of data resource, each with its own IRI path: https://w3id.org/hrgraph/{kind}/{slug}.
DATA_KINDS = (
    "continent",
    "country",
    "region",
    "city",
    "localgov",
    "organization",
    "quantity",
    "membership",
    "instrument",
    "artwork",
    "principle",
    "event",
    "claim",
    "series",
    "person",
    "source",
    "statement",
    "geometry",
)


def data_namespace(kind: str) -> Namespace:
    """The namespace of one kind of data resource, e.g. ``data_namespace("city").rosario``."""
    if kind not in DATA_KINDS:
        raise ValueError(f"unknown data kind {kind!r}; expected one of {', '.join(DATA_KINDS)}")
    return Namespace(f"{BASE}{kind}/")


#: Every prefix hrgraph writes, in a fixed order. Serializers print only the ones a graph uses.
PREFIXES: dict[str, Namespace] = {
    "hrg": Namespace(str(HRG)),
    "role": ROLE,
    **{kind: data_namespace(kind) for kind in DATA_KINDS},
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "geo": GEO,
    "geosparql": GEOSPARQL,
    "org": Namespace(str(ORG)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "schema": Namespace(str(SDO)),
    "sh": SH,
    "skos": Namespace(str(SKOS)),
    "vann": VANN,
    "xsd": Namespace(str(XSD)),
}


#: The prefixes a query may use without declaring them (``hrgraph query``, the server, the browser's
#: editor; ``hrgraph prefixes`` lists them): hrgraph's own, then those of VoID, DCAT and Wikidata,
#: which the service description and the Wikidata links use. A query's own PREFIX lines win.
QUERY_PREFIXES: dict[str, Namespace] = {
    **PREFIXES,
    "dcat": Namespace(str(DCAT)),
    "void": Namespace(str(VOID)),
    "wd": Namespace("http://www.wikidata.org/entity/"),
    "wdt": Namespace("http://www.wikidata.org/prop/direct/"),
}
