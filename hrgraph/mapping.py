"""The ingest mapping: friendly names of types and predicates, and how they map onto the ontology.

A spreadsheet row says ``Graz, member of, ECCAR``; ``PREDICATES`` says what ``member of`` becomes (an
org:Membership with a role and dates), ``TYPES`` what a new entity of type ``city`` is (an hrg:City
under city/). Names are compared without case, accents, spaces or punctuation, so ``memberOf``,
``member of`` and ``MEMBER_OF`` are one predicate. Also here: how dates, counts and slugs are read
and made.

>>> PREDICATES["memberof"].name, TYPES["localgovernment"].kind
('member of', 'localgov')
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SDO, SKOS, XSD

from hrgraph.namespaces import HRG, ROLE

__all__ = [
    "COLUMNS_ALLOWED",
    "PREDICATES",
    "PREDICATE_LIST",
    "TYPES",
    "TYPE_LIST",
    "VALUE_TYPES",
    "EntityType",
    "Predicate",
    "key",
    "name_language",
    "parse_count",
    "parse_date",
    "slugify",
]


def key(text: str) -> str:
    """How predicates and types are compared: no case, accents, spaces or punctuation."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalnum())


# ------------------------------------------------------------------ types


@dataclass(frozen=True)
class EntityType:
    """A friendly type name: the class it means, the kind of IRI it gets, and any extra statement."""

    name: str
    cls: URIRef
    kind: str
    extra: tuple[tuple[URIRef, URIRef], ...] = ()
    aliases: tuple[str, ...] = ()


TYPE_LIST = (
    EntityType("city", HRG.City, "city", aliases=("town", "municipality")),
    EntityType("local government", HRG.LocalGovernment, "localgov"),
    EntityType("province", HRG.LocalGovernment, "localgov", ((HRG.localGovernmentKind, HRG.province),)),
    EntityType("département", HRG.LocalGovernment, "localgov", ((HRG.localGovernmentKind, HRG.departement),),
               aliases=("department (France)",)),
    EntityType("regency", HRG.LocalGovernment, "localgov", ((HRG.localGovernmentKind, HRG.regency),)),
    EntityType("intercommunal body", HRG.LocalGovernment, "localgov",
               ((HRG.localGovernmentKind, HRG["intercommunal-body"]),)),
    EntityType("region", HRG.Region, "region", aliases=("state",)),
    EntityType("country", HRG.Country, "country"),
    EntityType("continent", HRG.Continent, "continent"),
    EntityType("organization", HRG.Organization, "organization", aliases=("organisation", "institution")),
    EntityType("network", HRG.Network, "organization", aliases=("network of cities",)),
    EntityType("committee", HRG.OrganizationalUnit, "organization",
               aliases=("unit", "department", "office", "organizational unit")),
    EntityType("person", HRG.Person, "person"),
    EntityType("instrument", HRG.Instrument, "instrument", aliases=("document", "text")),
    EntityType("treaty", HRG.Treaty, "instrument", aliases=("convention",)),
    EntityType("declaration", HRG.Declaration, "instrument"),
    EntityType("charter", HRG.Charter, "instrument"),
    EntityType("guiding principles", HRG.GuidingPrinciples, "instrument"),
    EntityType("ordinance", HRG.Ordinance, "instrument", aliases=("regulation", "by-law", "code")),
    EntityType("resolution", HRG.Resolution, "instrument", aliases=("decision",)),
    EntityType("action plan", HRG.ActionPlan, "instrument", aliases=("programme", "program", "plan")),
    EntityType("publication", HRG.Publication, "instrument", aliases=("report", "book", "study", "thesis")),
    EntityType("artwork", HRG.Artwork, "artwork", aliases=("work of art", "monument")),
    EntityType("event", HRG.Event, "event", aliases=("initiative", "project", "campaign", "process", "session")),
    EntityType("conference", HRG.Conference, "event", aliases=("meeting", "gathering", "summit", "convening")),
    EntityType("forum", HRG.Forum, "event"),
    EntityType("proclamation", HRG.Proclamation, "event"),
    EntityType("historical event", HRG.HistoricalEvent, "event"),
    EntityType("series", HRG.EventSeries, "series", aliases=("event series",)),
    EntityType("principle", HRG.Principle, "principle", aliases=("theme", "concept")),
)
#: Friendly type name (any spelling: ``City``, ``local government``, ``localGovernment``) -> type.
TYPES: dict[str, EntityType] = {}
for _type in TYPE_LIST:
    for _name in (_type.name, *_type.aliases):
        TYPES[key(_name)] = _type
#: Values of object_type that say the object is not an entity.
VALUE_TYPES = {key(n): n for n in ("status", "literal", "value", "date", "count", "name")}


# ------------------------------------------------------------------ predicates


@dataclass(frozen=True)
class Predicate:
    """A friendly predicate: what a row with it becomes.

    ``handler`` names the kind of statement; ``slots`` says what the subject and the object are
    (``adopter``/``instrument``: "Graz adopted the charter"; ``instrument``/``adopter``: "the charter
    was adopted by Graz"); ``prop`` is the property written, where there is one.
    """

    name: str
    handler: str
    slots: tuple[str, str] = ("entity", "entity")
    prop: URIRef | None = None
    role: URIRef | None = None
    date: str = "none"
    inverse: bool = False
    aliases: tuple[str, ...] = ()
    summary: str = ""


PREDICATE_LIST = (
    # names
    Predicate("also known as", "name", ("entity", "name"), SKOS.altLabel, date="name used from",
              aliases=("alternative name", "alias", "also called"),
              summary="skos:altLabel; with a date also a hrg:Naming (the name in use from that date)"),
    Predicate("former name", "name", ("entity", "name"), HRG.formerName, date="name used from",
              aliases=("formerly", "renamed from"), summary="hrg:formerName (and a hrg:Naming when dated)"),
    Predicate("abbreviation", "name", ("entity", "name"), HRG.abbreviation, date="name used from",
              aliases=("acronym",), summary="hrg:abbreviation"),
    # places and plain relations (a date goes on the relation's attestation: the date its source gives with it)
    Predicate("located in", "location", aliases=("based in", "located at", "headquartered in", "in"),
              summary="a place in a country: hrg:country; in a region or continent: hrg:locatedIn; "
                      "an organization, instrument or work: hrg:location"),
    Predicate("area served", "attribute", prop=HRG.areaServed, aliases=("operates in", "geographic scope", "serves"),
              summary="hrg:areaServed"),
    Predicate("part of", "part", aliases=("unit of", "belongs to"),
              summary="organization: org:unitOf (a committee or unit) or org:subOrganizationOf; event of a "
                      "series: hrg:partOfSeries; place: hrg:locatedIn; otherwise dcterms:isPartOf"),
    Predicate("edition of", "attribute", prop=HRG.partOfSeries, summary="hrg:partOfSeries: an event of a series"),
    Predicate("edition number", "attribute", ("entity", "integer"), HRG.edition, aliases=("edition",),
              summary="hrg:edition: 1 for the first edition"),
    Predicate("based on", "attribute", prop=HRG.basedOn, aliases=("implements", "reflects"), summary="hrg:basedOn"),
    Predicate("inspired by", "attribute", prop=HRG.inspiredBy, summary="hrg:inspiredBy"),
    Predicate("related to", "attribute", prop=DCTERMS.relation, summary="dcterms:relation"),
    Predicate("amends", "attribute", prop=HRG.amends, aliases=("amendment of",), summary="hrg:amends"),
    Predicate("has principle", "attribute", prop=HRG.hasPrinciple, aliases=("principle", "states principle"),
              summary="hrg:hasPrinciple"),
    Predicate("published by", "attribute", prop=HRG.publisher, aliases=("publisher",), summary="hrg:publisher"),
    Predicate("author", "attribute", prop=HRG.author, aliases=("written by", "drafted by", "authored by"),
              summary="hrg:author: the text's author"),
    Predicate("author of", "attribute", ("entity", "entity"), HRG.author, inverse=True,
              aliases=("wrote", "drafted", "led drafting of"), summary="hrg:author, from the author's side"),
    Predicate("sponsored by", "attribute", prop=HRG.sponsor,
              aliases=("promoted by", "supported by", "tabled by", "sponsor"), summary="hrg:sponsor"),
    Predicate("enforced by", "attribute", prop=HRG.enforcedBy, summary="hrg:enforcedBy"),
    Predicate("named after", "attribute", prop=HRG.namedAfter, summary="hrg:namedAfter"),
    Predicate("contributed to", "attribute", prop=HRG.contributor, inverse=True, aliases=("contributor to",),
              summary="hrg:contributor, from the contributor's side"),
    Predicate("about", "attribute", prop=HRG.about, aliases=("concerns",), summary="hrg:about"),
    Predicate("distinguishes", "attribute", prop=DCTERMS.subject, aliases=("topic", "subject"),
              summary="dcterms:subject"),
    Predicate("houses", "attribute", prop=HRG.hostedBy, inverse=True, aliases=("hosts office of",),
              summary="hrg:hostedBy, from the host's side: a city or body housing an office or secretariat"),
    Predicate("hosted at", "attribute", prop=HRG.hostedBy, aliases=("housed by", "secretariat in"),
              summary="hrg:hostedBy: the city or body that houses this office"),
    Predicate("wikidata id", "wikidata", ("entity", "wikidata"), SDO.sameAs, aliases=("wikidata", "qid"),
              summary="schema:sameAs the Wikidata item (Q30), as hrgraph link wikidata writes it"),
    # dates of an entity (the object is the date)
    Predicate("dated", "entity-date", ("entity", "date"), HRG.date, aliases=("date", "issued on", "held on"),
              summary="hrg:date of an event, instrument or work; a different date from another source "
                      "becomes a hrg:DateClaim beside it"),
    Predicate("ended on", "entity-date", ("entity", "date"), HRG.endDate, summary="hrg:endDate"),
    Predicate("first held", "entity-date", ("entity", "date"), HRG.startDate, aliases=("since",),
              summary="hrg:startDate of a series"),
    Predicate("planned for", "entity-date", ("entity", "date"), HRG.plannedDate, aliases=("planned date",),
              summary="hrg:plannedDate of an event held at another date"),
    # events
    Predicate("held in", "held", date="the event's date",
              aliases=("hosted in", "took place in", "occurred in", "happened in"),
              summary="hrg:location of the event; the date is the event's (hrg:date, or a hrg:DateClaim)"),
    Predicate("organized by", "involvement", ("event", "agent"), HRG.organizer, ROLE.organizer, "when",
              aliases=("organised by", "co-organized by", "convened by"),
              summary="a hrg:Involvement (role:organizer) and hrg:organizer"),
    Predicate("hosted by", "involvement", ("event", "agent"), HRG.host, ROLE.host, "when",
              summary="a hrg:Involvement (role:host) and hrg:host"),
    Predicate("partner", "involvement", ("event", "agent"), HRG.partner, ROLE.partner, "when",
              aliases=("in partnership with", "partnered by"), summary="a hrg:Involvement (role:partner) and hrg:partner"),
    Predicate("participated in", "involvement", ("agent", "event"), HRG.participant, ROLE.participant, "when",
              aliases=("took part in", "attended", "participant in"),
              summary="a hrg:Involvement (role:participant) and hrg:participant"),
    Predicate("spoke at", "involvement", ("agent", "event"), HRG.speaker, ROLE.speaker, "when",
              aliases=("speaker at",), summary="a hrg:Involvement (role:speaker) and hrg:speaker"),
    Predicate("opposed", "involvement", ("agent", "event"), HRG.participant, ROLE.opponent, "when",
              summary="a hrg:Involvement (role:opponent) and hrg:participant"),
    Predicate("urged", "involvement", ("agent", "event"), HRG.participant, ROLE.advocate, "when",
              aliases=("advocated",), summary="a hrg:Involvement (role:advocate) and hrg:participant"),
    # memberships
    Predicate("member of", "membership", ("member", "organization"), role=ROLE.member, date="start",
              aliases=("joined", "member"), summary="an org:Membership (role from the role column, default member)"),
    Predicate("co-chair of", "membership", ("member", "organization"), role=ROLE["co-chair"], date="start",
              aliases=("co-president of", "co-chair"), summary="an org:Membership with role:co-chair"),
    Predicate("role in", "membership", ("member", "organization"), date="start",
              aliases=("position in", "holds role in"),
              summary="an org:Membership with the role column's role (mayor, president...)"),
    Predicate("prospective member of", "membership", ("member", "organization"), role=ROLE["prospective-member"],
              date="start", aliases=("candidate member of",), summary="an hrg:ProspectiveMembership (not an org:Membership) with its standing"),
    Predicate("affiliated with", "membership", ("member", "organization"), role=ROLE["affiliated-institution"],
              date="start", summary="an org:Membership with role:affiliated-institution"),
    # commitments
    Predicate("adopted", "adoption", ("adopter", "instrument"), date="when", aliases=("adopts", "enacted"),
              summary="a hrg:Adoption (undated: a hrg:Event, as an adoption needs a date)"),
    Predicate("adopted by", "adoption", ("instrument", "adopter"), date="when", summary="a hrg:Adoption"),
    Predicate("adopted at", "adoption", ("instrument", "event"), date="when",
              summary="a hrg:Adoption with hrg:adoptedAt the event"),
    Predicate("adopted in", "adoption", ("instrument", "place"), date="when",
              summary="a hrg:Adoption with hrg:location the place"),
    Predicate("signed", "signature", ("adopter", "instrument"), date="when", aliases=("signatory of", "signatory"),
              summary="a hrg:Signature"),
    Predicate("declared human rights city", "designation", ("adopter", "instrument|status"), date="when",
              aliases=("declared", "designated human rights city"),
              summary="a hrg:Designation; the object is the instrument, or with object_type status the title "
                      "taken (hrg:statusName); the process column (formal, informal) is required"),
    Predicate("described as", "status", ("place", "status"), date="when",
              aliases=("described as human rights city", "called"),
              summary="a hrg:StatusClaim: the source calls the place so (the object), with no act of its own"),
    Predicate("coordinates", "coordinates", ("place", "point"), aliases=("coordinates of", "located at point"),
              summary="geo:lat, geo:long and a GeoSPARQL point of the place; the object is 'LATITUDE, "
                      "LONGITUDE' in decimal degrees, as the page gives them"),
    Predicate("called the first", "status", ("place", "status"), date="when", aliases=("called first",),
              summary="a hrg:StatusClaim with hrg:calledFirst true: the source calls the place the first to hold "
                      "the status (the object, with its scope: 'human rights city in Europe')"),
    Predicate("proposed as human rights city", "recommendation", ("place", "instrument|status"), date="when",
              aliases=("recommended as human rights city",),
              summary="a hrg:Recommendation about the place (the object: the recommending text, or a status)"),
    Predicate("recommended", "recommendation", ("agent", "instrument"), date="when", summary="a hrg:Recommendation"),
    Predicate("recommended by", "recommendation", ("instrument", "agent"), date="when",
              summary="a hrg:Recommendation"),
    Predicate("rejected", "rejection", ("agent", "instrument"), date="when", summary="a hrg:Rejection"),
    Predicate("rejected by", "rejection", ("instrument", "agent"), date="when", summary="a hrg:Rejection"),
    Predicate("entered into force", "entry", ("instrument", "date|place"), date="when",
              aliases=("entry into force", "in force in", "came into effect"),
              summary="a hrg:EntryIntoForce: the object is the date, or the place where it applies (date column)"),
    # foundings
    Predicate("founded in", "founding", ("body", "place"), date="when", aliases=("established in", "created in"),
              summary="a hrg:Founding with hrg:location"),
    Predicate("founded by", "founding", ("body", "founder"), date="when",
              aliases=("launched by", "established by", "created by", "initiated by"),
              summary="a hrg:Founding with hrg:founder (for an initiative, an event: hrg:founder)"),
    Predicate("founded", "founding", ("founder", "body"), date="when",
              aliases=("launched", "established", "created", "initiated"),
              summary="the same, from the founder's side"),
    Predicate("founded at", "founding", ("body", "event"), date="when", aliases=("established at",),
              summary="a hrg:Founding with hrg:occasion the event"),
    Predicate("founded on", "founding", ("body", "date"), date="object",
              aliases=("founding year", "founding date", "founded in year"),
              summary="a hrg:Founding at the date in the object"),
    # numbers
    Predicate("member count", "quantity", ("entity", "count"), HRG.memberCount, date="as of",
              aliases=("number of members",), summary="a hrg:Quantity (hrg:memberCount)"),
    Predicate("signatory count", "quantity", ("entity", "count"), HRG.signatoryCount, date="as of",
              aliases=("number of signatories",), summary="a hrg:Quantity (hrg:signatoryCount)"),
    Predicate("participant count", "quantity", ("entity", "count"), HRG.participantCount, date="as of",
              aliases=("number of participants",), summary="a hrg:Quantity (hrg:participantCount)"),
    Predicate("count", "quantity", ("entity", "count"), HRG.hasQuantity, date="as of",
              aliases=("quantity", "number of"), summary="a hrg:Quantity (hrg:hasQuantity)"),
)
#: Friendly predicate (any spelling: ``member of``, ``memberOf``, ``MEMBER_OF``) -> predicate.
PREDICATES: dict[str, Predicate] = {}
for _predicate in PREDICATE_LIST:
    for _name in (_predicate.name, *_predicate.aliases):
        PREDICATES[key(_name)] = _predicate

COLUMNS_ALLOWED = {
    "date": {"name", "attribute", "location", "part", "held", "involvement", "membership", "adoption", "signature", "designation", "status",
             "recommendation", "rejection", "entry", "founding", "quantity"},
    "as_of": {"membership", "quantity", "status"},
    "role": {"membership", "involvement"},
    "process": {"designation", "adoption", "signature"},
}


# ------------------------------------------------------------------ values


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def name_language(text: str, language: str | None = None) -> str:
    """The language tag of a name or title a row writes: a name in Latin letters is English's name
    for the thing ("Saint-Denis", "Ciutats Defensores dels Drets Humans"); any other is tagged with the
    row's ``language`` column, else by its script: Hangul is Korean, kana Japanese. Han characters
    alone are Chinese, Japanese or Korean alike, so such a name needs the column.

    >>> name_language("Gwangju"), name_language("광주광역시"), name_language("内子町", "ja")
    ('en', 'ko', 'ja')
    >>> name_language("高雄市")
    Traceback (most recent call last):
    ValueError: '高雄市' is written in Han characters, which Chinese, Japanese and Korean share: give its language in the language column (ja, ko, zh-Hant, zh-Hans)
    """
    letters = [character for character in text if character.isalpha()]
    if not letters or _LATIN.search(text):
        return "en"
    if language:
        language = language.strip()
        if not _LANGUAGE_TAG.fullmatch(language):
            raise ValueError(f"{language!r} is not a language tag: write one such as ja, ko, zh-Hant or ar")
        return language
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    raise ValueError(f"{text!r} is written in Han characters, which Chinese, Japanese and Korean share: "
                     "give its language in the language column (ja, ko, zh-Hant, zh-Hans)"
                     if unicodedata.name(letters[0], "").startswith("CJK") else
                     f"{text!r} is written neither in Latin letters nor in Hangul or kana: give its language "
                     "in the language column (ar, ru, th...)")



def parse_date(text: str) -> Literal:
    """A date as precise as written: ``2004`` (xsd:gYear), ``2018-08`` (xsd:gYearMonth), ``2004-12-10`` (xsd:date).

    >>> parse_date("2018-08").datatype == XSD.gYearMonth
    True
    >>> parse_date("2014-2021")
    Traceback (most recent call last):
    ValueError: '2014-2021' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD
    """
    text = text.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                datetime.date(int(year), int(month), int(day))
                return Literal(text, datatype=XSD.date)
            if month:
                if not 1 <= int(month) <= 12:
                    raise ValueError
                return Literal(text, datatype=XSD.gYearMonth)
            return Literal(text, datatype=XSD.gYear)
        except ValueError:
            raise ValueError(f"{text!r} is not a calendar date") from None
    raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")


_QUALIFIERS = {
    "more than": "more-than", "over": "more-than", "above": "more-than", ">": "more-than",
    "at least": "at-least", "≥": "at-least", "no fewer than": "at-least",
    "about": "approximately", "around": "approximately", "approximately": "approximately", "some": "approximately",
    "nearly": "approximately", "almost": "approximately", "~": "approximately", "c.": "approximately",
    "exactly": "exactly",
}
_COUNT = re.compile(
    r"(?P<q>" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")?\s*"
    r"(?P<n>\d[\d,]*)(?:\s*(?:of|out of|/)\s*(?P<total>\d[\d,]*))?\s+(?P<unit>\S.*)",
    re.I,
)


def parse_count(text: str) -> tuple[int, URIRef, str, int | None]:
    """A number as a source states it: (value, qualifier, what is counted, total or None).

    >>> value, qualifier, unit, total = parse_count("more than 104 municipalities")
    >>> value, qualifier == HRG["more-than"], unit, total
    (104, True, 'municipalities', None)
    >>> parse_count("98 of 243 local governments")[::2], parse_count("98 of 243 local governments")[3]
    ((98, 'local governments'), 243)
    """
    match = _COUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a count: write a number and what it counts, e.g. "
                         "'more than 104 municipalities', '96 cities', '98 of 243 local governments'")
    qualifier = _QUALIFIERS[(match["q"] or "exactly").lower()]
    total = int(match["total"].replace(",", "")) if match["total"] else None
    return int(match["n"].replace(",", "")), HRG[qualifier], match["unit"].strip(), total


_TRANSLITERATION = str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae",
                                  "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d"})


def slugify(text: str, limit: int = 80) -> str:
    """A stable ASCII slug: lowercase words joined by hyphens.

    >>> slugify("Nürnberg"), slugify("People's Decade for Human Rights Education"), slugify("#RightsCity 2019")
    ('nurnberg', 'peoples-decade-for-human-rights-education', 'rightscity-2019')
    """
    text = re.sub(r"['’`]", "", text).replace("&", " and ").translate(_TRANSLITERATION)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug
