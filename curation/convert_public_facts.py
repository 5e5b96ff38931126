"""Convert ../shared/data/public-facts.csv into hrgraph's ingest format: curation/public-facts.csv.

    python curation/convert_public_facts.py [SOURCE.csv] [OUTPUT.csv]
    hrgraph ingest curation/public-facts.csv --dry-run

The source file has one fact per row (subject, subject_type, predicate, object, object_type, date,
source_url, note) whose types and predicates are hints. This script maps each row onto the documented
ingest format (README, "Ingesting data"): a friendly predicate, an hrgraph type for each entity, a
role, a process, and the source as given. What a hint alone cannot decide is decided here, per
entity (ENTITIES) or per source line (LINES), each with the reason; nothing is invented without a
source: every row produced keeps the source of the row it comes from.

- A date given with a plain relation (based on, inspired by...) stays in the row's date: ingest puts it
  on the relation's attestation, the date the source gives with it; when it is the date of the text
  itself, it goes to a 'dated' row on the same source.
- A new city or country needs a country or continent: rows 'located in' are added on the source of
  the first row that names it, with a note saying the curators added them.
- ``seed:000`` rows name the post they come from (``seed:000/2022-01-25``...), so that they meet
  the seed facts already in the graph on the same source and add nothing twice.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "public-facts.csv"
OUTPUT = Path(__file__).resolve().parent / "public-facts.csv"
COLUMNS = ("subject", "subject_id", "subject_type", "predicate", "object", "object_id", "object_type", "date",
           "as_of", "role", "process", "source_url", "note")

#: The source's predicates that map one to one onto a friendly predicate.
PREDICATES = {
    "locatedIn": "located in", "memberOf": "member of", "hostedIn": "held in",
    "declaredHumanRightsCity": "declared human rights city", "basedOn": "based on", "adoptedAt": "adopted at",
    "organizedBy": "organized by", "participatedIn": "participated in", "roleIn": "role in", "adopted": "adopted",
    "foundedIn": "founded in", "describedAsHumanRightsCity": "described as", "inspiredBy": "inspired by",
    "coChairOf": "co-chair of", "signatory": "signed", "hasPrinciple": "has principle", "partOf": "part of",
    "alsoKnownAs": "also known as", "publishedBy": "published by", "memberCount": "member count",
    "signatoryCount": "signatory count", "adoptedBy": "adopted by", "initiated": "founded",
    "establishedHumanRightsMunicipalSystem": "declared human rights city", "hosted": "houses",
    "founded": "founded", "candidateMemberOf": "prospective member of", "authorOf": "author of",
    "launchedBy": "founded by", "relatedTo": "related to", "foundingYear": "founded on", "draftedBy": "author",
    "ledDraftingOf": "author of", "partnerOf": "related to", "entryIntoForce": "entered into force",
    "launched": "founded", "occurredIn": "held in", "distinguishes": "distinguishes",
    "geographicScope": "area served", "operatesIn": "area served", "supportedBy": "sponsored by",
    "namedAfter": "named after", "sameAs": "also known as", "plannedDate": "planned for",
    "establishedWithin": "founded on", "renamedFrom": "former name", "promotedBy": "sponsored by",
    "inForceIn": "entered into force", "enforcedBy": "enforced by", "foundedAt": "founded at",
    "rejectedBy": "rejected by", "amends": "amends", "recommendedBy": "recommended by",
    "contributedTo": "contributed to", "launchedIn": "located in", "sponsoredBy": "sponsored by",
    "foundedBy": "founded by", "recommended": "recommended", "localHumanRightsOrdinanceCount": "count",
    "opposed": "opposed", "participantCount": "participant count",
    "proposedHumanRightsCity": "proposed as human rights city", "originatedIn": "described as",
    "wikidataId": "wikidata id",
}
#: Friendly predicates whose object is a value (a date, a number, a name), not an entity.
VALUE_OBJECTS = {"dated", "first held", "ended on", "edition number", "abbreviation", "also known as",
                 "participant count", "signatory count"}
#: The source's type hints, as hrgraph types; ENTITIES refines them entity by entity.
TYPES = {"City": "city", "Country": "country", "Organization": "organization", "Network": "network",
         "Person": "person", "Instrument": "instrument", "Document": "instrument", "Event": "event",
         "Principle": "principle"}

#: Entities whose hint is not their hrgraph type, or whose name is not a name in the graph.
#: name -> type, or (type, id): the id is the slug of the seed entity the name stands for.
ENTITIES: dict[str, str | tuple[str, str]] = {
    # local governments that are not cities (the source types them City and says so in its notes)
    "Chungcheongnam-do": "province", "Seine-Saint-Denis": "département", "Plaine Commune": "intercommunal body",
    "Wonosobo": "regency",
    # seed entities named otherwise in the source
    "Chicago City Council resolution supporting the CRC": ("resolution", "instrument/chicago-crc-resolution-2009"),
    "San Francisco CEDAW ordinance": ("ordinance", "instrument/san-francisco-cedaw-ordinance-1998"),
    "Social justice, solidarity and sustainability": ("principle", "principle/social-justice-solidarity-and-sustainability"),
    "World Human Rights Cities Forum 2011": ("forum", "event/world-human-rights-cities-forum-2011"),
    "#RightsCity 2019": ("conference", "event/rightscity-2019"),
    "Rosario Proclamation signing": ("proclamation", "event/rosario-proclamation-1997"),
    "Gwangju Human Rights Promotion Ordinance": ("ordinance", "instrument/gwangju-human-rights-ordinance-2009"),
    "Human Rights City movement": ("event", "event/emergence-of-human-rights-city-ideas-1970s"),
    "PDHRE Human Rights Cities initiative": "event",
    # instruments
    "2014 WHRCF Final Statement": "declaration", "Atlanta human rights city resolution": "resolution",
    "Barcelona Commitment": "declaration", "Boston human rights city resolution": "resolution",
    "Declaration Vienna - City of Human Rights": "declaration", "Gwangju Declaration on Human Rights Cities": "declaration",
    "Human Rights Cities Statement of Principles": "declaration",
    "Human Rights Cities: Civic Engagement for Societal Development": "publication",
    "Human Rights Declaration of the City of Graz": "declaration",
    "Human rights cities in the EU: a framework for reinforcing rights locally": "publication",
    "Lund municipal council decision on systematic human rights work": "resolution",
    "Mountain View human rights city resolution": "resolution",
    "Pittsburgh City Council proclamation (human rights city)": "declaration",
    "Protecting Human Rights (SHRC fellows report)": "publication",
    "Recommendation to designate Winnipeg a human rights city": "instrument",
    "Report A/HRC/30/49 Role of local government in the promotion and protection of human rights": "publication",
    "Seattle City Council Resolution 31420": "resolution", "Seoul Human Rights Charter (draft)": "charter",
    "Vienna - city of human rights study (Manfred Nowak)": "publication",
    "Washington D.C. Human Rights City Resolution": "resolution", "Way of Human Rights": "artwork",
    "Wonosobo human rights city MoU": "instrument", "York Human Rights City Declaration": "declaration",
    "York Human Rights Indicator Report": "publication", "Asian Human Rights Charter": "charter",
    "Barcelona City of Rights programme": "action plan", "Charter of Fundamental Rights of the European Union": "charter",
    "Chungcheongnam-do Basic Ordinance on Human Rights": "ordinance",
    "Eugene Code 2.265 (Human Rights Commission duties)": "ordinance", "European Convention on Human Rights": "treaty",
    "Global Charter-Agenda for Human Rights in the City": "charter", "Gwangju Human Rights Charter": "charter",
    # near the 2009 ordinance's other name: the source keeps it apart, as the text that amended and renamed it
    "Gwangju Ordinance on Guarantee and Promotion of Human Rights": (
        "ordinance", "instrument/gwangju-ordinance-on-guarantee-and-promotion-of-human-rights"),
    "Mexico City Charter for the Right to the City": "charter", "Montreal Charter of Rights and Responsibilities": "charter",
    "NHRCK model basic human rights ordinance": "ordinance",
    "Seoul Metropolitan Government Framework Ordinance on Human Rights": "ordinance",
    "Seoul Metropolitan Government Ordinance on Human Rights of Children and Juveniles": "ordinance",
    "UN Human Rights Council resolution 39/7": "resolution", "UN Human Rights Council resolution 45/7": "resolution",
    "UN Human Rights Council resolution A/HRC/RES/24/2": "resolution",
    "UN Human Rights Council resolution A/HRC/RES/27/4": "resolution",
    "UN Human Rights Council resolution A/HRC/RES/33/8": "resolution",
    "Vienna Declaration and Programme of Action": "declaration", "Wonosobo Regulation 5/2018": "ordinance",
    "World Charter for the Right to the City": "charter",
    # events and series
    "#RightsCity 2017": "conference", "#RightsCity 2018": "conference",
    "Building and Sustaining Human Rights Cities in the South 2019": "conference",
    "Cities for Human Rights conference Barcelona 1998": "conference", "ECCAR launching conference": "conference",
    "European Charter conference 2002": "conference", "European Charter conference 2004": "conference",
    "European Charter conference 2006": "conference", "European Charter conference 2008": "conference",
    "European Charter conference 2010": "conference", "FAL Caracas 2006": "forum",
    "Forum of Local Authorities for Social Inclusion and Participatory Democracy (FAL)": "series",
    "Four Freedoms Awards": "series", "Global Justice Goes Local: The Emergence of Human Rights Cities": "conference",
    "Human Rights Cities Leadership Summit 2023": "conference", "Saint-Denis conference 2000": "conference",
    "UCLG World Council Florence 2011": "conference", "UN General Assembly 3rd session": "conference",
    "UN General Assembly 34th session": "conference", "UN General Assembly 44th session": "conference",
    "UN Human Rights Council 24th session": "conference", "UN Human Rights Council 30th session": "conference",
    "US national human rights cities gathering 2015": "conference",
    "US national human rights cities gathering 2016": "conference",
    "Utrecht human rights city declaration": "proclamation", "World Human Rights Cities Forum": "series",
    "World Social Forum": "series", "World Social Forum Porto Alegre 2001": "forum",
    "World Social Forum Porto Alegre 2005": "forum",
    **{f"World Human Rights Cities Forum {year}": "forum" for year in range(2012, 2022)},
    # organizations
    "ECCAR secretariat": "committee", "ECCAR administrative secretariat": "committee",
    "UCLG Executive Bureau": "committee", "UN Human Rights Council Advisory Committee": "committee",
    "DC Human Rights City Steering Committee": "committee", "Vienna City Council": "committee",
    "Vienna Human Rights Office": "committee", "Seoul Human Rights Division": "committee",
    "Gwangju Human Rights Ombudsman": "committee", "Barcelona Office for Non-Discrimination": "committee",
    "Nuremberg Human Rights Office": "committee", "Seattle Human Rights Commission": "committee",
    "Eugene Human Rights Commission": "committee", "Human Rights Council of Graz": "committee",
    "World Human Rights Cities Forum International Committee": "committee",
    "FRA experts' group on human rights cities": "committee",
    "European Conference Cities for Human Rights": "network",
    "International Coalition of Cities against Racism": "network", "PDHRE human rights cities (facilitated)": "network",
}

#: The continent of each country the graph does not have yet.
CONTINENTS = {
    "Senegal": "Africa", "Tunisia": "Africa", "Indonesia": "Asia", "Malaysia": "Asia", "State of Palestine": "Asia",
    "Netherlands": "Europe", "Italy": "Europe", "Switzerland": "Europe", "Belgium": "Europe", "Portugal": "Europe",
    "Bosnia and Herzegovina": "Europe", "Poland": "Europe", "Uruguay": "South America", "Brazil": "South America",
}
#: The country of each new place that no row of the source locates: (country, the source says it).
COUNTRIES = {
    "Toulouse": ("France", False), "Potsdam": ("Germany", False), "Bethlehem": ("State of Palestine", False),
    "Grenoble": ("France", False), "Florence": ("Italy", False), "Venice": ("Italy", False), "Lyon": ("France", False),
    "Geneva": ("Switzerland", False), "Tuzla": ("Bosnia and Herzegovina", False), "Lisbon": ("Portugal", False),
    "Nantes": ("France", False), "Heidelberg": ("Germany", False), "Wroclaw": ("Poland", False),
    "Leuven": ("Belgium", False), "Gothenburg": ("Sweden", False), "New York": ("United States", False),
    "Ariana": ("Tunisia", True), "Seberang Perai": ("Malaysia", True), "Passy": ("Senegal", True),
    "Montevideo": ("Uruguay", True), "Jackson": ("United States", True), "Porto Alegre": ("Brazil", True),
    "Chungcheongnam-do": ("South Korea", False), "Seine-Saint-Denis": ("France", False),
    "Plaine Commune": ("France", False),
}
EXISTING_COUNTRIES = {"Argentina", "Austria", "Cameroon", "Canada", "China", "France", "Germany", "India", "Iran",
                      "Mali", "Mexico", "Norway", "Saudi Arabia", "Serbia", "South Korea", "Spain", "Sweden",
                      "United Kingdom", "United States"}
#: seed:000 rows: the post each comes from (the 2022 post reproduces the Human Rights Careers article).
SEED_POSTS = {54: "2018-12-14", 55: "2018-12-14", 56: "2018-12-14", 57: "2019-06-02", 58: "2019-06-02",
              59: "2019-06-02", 60: "2019-06-02", 61: "2019-06-02"}
GUEST = dict(role="guest member")
ASSOCIATE = dict(role="associate member")


def row(subject: str, predicate: str, obj: str, **values: str) -> dict[str, str]:
    """An extra row: subject, predicate, object and any other column."""
    return {"subject": subject, "predicate": predicate, "object": obj, **values}


#: Per source line: the columns to change (a dict), the rows that replace it (a list), and extra rows
#: ("extra": rows on the same source). A date moved away from a plain relation goes to the note.
LINES: dict[int, dict | list] = {
    2: dict(predicate="former name"),
    9: dict(extra=[]),
    11: dict(role="executive director"),
    12: dict(predicate="part of",
             extra=[row("UN Decade for Human Rights Education 1995-2004", "dated", "1995"),
                    row("UN Decade for Human Rights Education 1995-2004", "ended on", "2004", object_type="date")]),
    13: dict(),
    14: dict(object="human rights city", object_type="status"),
    15: dict(object="human rights city", object_type="status"),
    17: dict(),
    18: dict(extra=[row("Vienna Human Rights Office", "part of", "Vienna", object_type="city")]),
    19: dict(extra=[row("Human Rights Cities: Civic Engagement for Societal Development", "dated", "2008")],
             date=""),
    26: dict(object="human rights municipality", object_type="status"),
    29: dict(),
    32: [dict(predicate="held in", date=""), dict(predicate="first held", object="2011", object_type="date", date="")],
    33: dict(predicate="dated", object="2014", object_type="date", date=""),
    40: dict(object="human rights city", object_type="status"), 41: dict(object="human rights city", object_type="status"),
    42: dict(object="human rights city", object_type="status"), 43: dict(object="human rights city", object_type="status"),
    44: dict(object="human rights city", object_type="status"), 45: dict(object="human rights city", object_type="status"),
    53: [dict(object="formal process", object_id="hrg:formal", object_type=""),
         dict(object="informal process", object_id="hrg:informal", object_type="")],
    54: dict(object_type="continent"),
    55: dict(as_of="2018", date=""), 56: dict(as_of="2018", date=""),
    58: dict(predicate="hosted by", date="2019-06-03"),
    59: dict(predicate="partner"),
    60: dict(), 62: dict(),
    63: dict(object="human rights municipal system", object_type="status"),
    64: dict(object="human rights municipal system", object_type="status"),
    71: dict(as_of="2018", date=""), 72: dict(as_of="2018", date=""),
    74: dict(predicate="affiliated with"),
    75: dict(),
    76: dict(),
    78: dict(),
    83: dict(extra=[]),
    84: dict(),
    85: dict(role="president"), 86: dict(role="president"),
    87: dict(object_type="committee"),
    89: dict(role="founding member"),
    103: dict(extra=[row("World Human Rights Cities Forum 2014", "edition of", "World Human Rights Cities Forum",
                         object_type="series"),
                     row("World Human Rights Cities Forum 2014", "edition number", "4"),
                     row("World Human Rights Cities Forum 2014", "participant count", "about 500 participants")]),
    99: dict(object="human rights city", object_type="status"),
    104: dict(),
    106: dict(),
    107: dict(),
    109: dict(),
    110: dict(),
    111: dict(extra=[row("World Human Rights Cities Forum 2013", "edition of", "World Human Rights Cities Forum"),
                     row("World Human Rights Cities Forum 2013", "edition number", "3")]),
    112: dict(role="mayor", as_of="2013", date=""),
    116: dict(), 117: dict(),
    108: dict(extra=[row("World Charter for the Right to the City", "dated", "2005")]),
    118: dict(object_type="", date="", note_extra="the uprising is dated 1980"),
    119: dict(extra=[row("World Human Rights Cities Forum 2017", "edition of", "World Human Rights Cities Forum"),
                     row("World Human Rights Cities Forum 2017", "edition number", "7")]),
    120: dict(as_of="2017", date=""), 121: dict(as_of="2017", date=""), 122: dict(as_of="2017", date=""),
    123: dict(as_of="2017", date=""),
    124: dict(),
    125: dict(extra=[row("World Human Rights Cities Forum 2019", "edition of", "World Human Rights Cities Forum")]),
    126: dict(extra=[row("World Human Rights Cities Forum 2020", "edition of", "World Human Rights Cities Forum"),
                     row("World Human Rights Cities Forum 2020", "edition number", "10")]),
    127: dict(object="2020-05-17", object_type="date", date=""),
    128: dict(predicate="hosted by"), 129: dict(predicate="hosted by"),
    132: dict(extra=[row("World Human Rights Cities Forum 2015", "edition of", "World Human Rights Cities Forum"),
                     row("World Human Rights Cities Forum 2015", "edition number", "5")]),
    137: dict(extra=[row("World Human Rights Cities Forum 2021", "edition of", "World Human Rights Cities Forum")]),
    138: dict(role="director"),
    139: dict(),
    140: dict(object="2005", object_type="date", date=""),
    143: dict(object="145 members", date="2018"),
    144: dict(), 145: dict(), 146: dict(), 147: dict(),
    148: dict(extra=[row("UN Human Rights Council 30th session", "edition of", "UN Human Rights Council sessions",
                         object_type="series"),
                     row("UN Human Rights Council 30th session", "edition number", "30")]),
    149: dict(subject="Report A/HRC/30/49 Role of local government in the promotion and protection of human rights",
              subject_type="publication", predicate="adopted at", object="UN Human Rights Council 30th session",
              object_type="conference"),
    150: dict(role="president", as_of="2011", date=""),
    151: dict(role="vice-president", as_of="2011", date=""),
    152: dict(role="vice-president", as_of="2011", date=""),
    153: dict(role="vice-president", as_of="2011", date=""),
    154: dict(date="", note_extra="the mirror dates the roadmap 1998"),
    155: [dict(date=""), dict(predicate="also known as", object="UCLG Committee on Social Inclusion, Participatory Democracy "
                                                          "and Human Rights", object_type="", date="2010")],
    156: dict(object_type="date", date=""),
    203: dict(object_type="date", date=""),
    157: dict(extra=[row("Forum of Local Authorities for Social Inclusion and Participatory Democracy (FAL)",
                         "first held", "2001", object_type="date")]),
    158: dict(), 160: dict(),
    161: dict(),
    162: dict(extra=[row("Barcelona Commitment", "signatory count", "41 European cities")]),
    163: dict(),
    164: dict(),
    166: dict(extra=[row("Saint-Denis conference 2000", "edition of", "European Charter conference",
                         object_type="series")]),
    167: dict(extra=[row("Saint-Denis conference 2000", "edition of", "European Charter conference"),
                     row("Saint-Denis conference 2000", "edition number", "2")]),
    168: dict(as_of="2000-05", date=""),
    173: dict(extra=[row("European Charter conference 2002", "edition of", "European Charter conference",
                         object_type="series")]),
    174: dict(extra=[row("European Charter conference 2004", "edition of", "European Charter conference")]),
    175: dict(extra=[row("European Charter conference 2006", "edition of", "European Charter conference")]),
    176: dict(extra=[row("European Charter conference 2008", "edition of", "European Charter conference"),
                     row("European Charter conference 2008", "edition number", "6")]),
    177: dict(extra=[row("European Charter conference 2010", "edition of", "European Charter conference")]),
    178: dict(),
    183: dict(), 184: dict(extra=[row("European Convention on Human Rights", "dated", "1950")]),
    186: dict(),
    187: dict(),
    188: dict(as_of="2018-12", date=""), 189: dict(as_of="2018-12", date=""), 190: dict(as_of="2018-12", date=""),
    191: GUEST, 192: GUEST, 193: GUEST, 194: GUEST, 195: GUEST, 196: GUEST, 197: GUEST,
    198: ASSOCIATE, 199: ASSOCIATE, 200: ASSOCIATE, 201: ASSOCIATE,
    204: dict(as_of="2021", date=""),
    205: dict(extra=[row("Human rights cities in the EU: a framework for reinforcing rights locally", "dated", "2021")],
              date=""),
    210: dict(object="human rights city", object_type="status"),
    211: dict(process="formal"), 212: dict(process="formal"),
    213: dict(predicate="urged", object="Proclamation of Washington, D.C. as a human rights city",
              object_type="proclamation",
              extra=[row("Proclamation of Washington, D.C. as a human rights city", "held in", "Washington, D.C.",
                         date="2008-12-10")]),
    214: dict(predicate="urged", object="Proclamation of Washington, D.C. as a human rights city",
              object_type="proclamation"),
    215: dict(object="human rights city", object_type="status"),
    216: dict(),
    218: dict(role="steering committee member", as_of="2018", date=""),
    221: dict(),
    228: dict(extra=[row("Global Justice Goes Local: The Emergence of Human Rights Cities", "dated", "2016-12-08")]),
    223: dict(extra=[row("Human Rights Cities Statement of Principles", "dated", "2017")]),
    225: dict(extra=[row("US national human rights cities gathering 2015", "edition of",
                         "US national human rights cities gathering", object_type="series"),
                     row("US national human rights cities gathering 2015", "edition number", "1")]),
    226: dict(extra=[row("US national human rights cities gathering 2016", "edition of",
                         "US national human rights cities gathering", object_type="series")]),
    233: dict(), 235: dict(),
    236: dict(role="councillor", as_of="2012", date=""),
    239: dict(extra=[row("Protecting Human Rights (SHRC fellows report)", "dated", "2021-07")], date=""),
    242: dict(),
    243: dict(object="human rights city", object_type="status"),
    246: dict(extra=[row("Seoul Human Rights Division", "part of", "Seoul")]),
    248: dict(as_of="2018-01", date=""),
    250: dict(),
    252: dict(extra=[row("Gwangju Human Rights Promotion Ordinance", "also known as",
                         "Gwangju Human Rights Promotion Ordinance", subject_id="instrument/gwangju-human-rights-ordinance-2009",
                         subject_type="ordinance")]),
    253: dict(extra=[row("Gwangju Ordinance on Guarantee and Promotion of Human Rights", "dated", "2012")], date=""),
    254: dict(extra=[row("Gwangju Human Rights Ombudsman", "part of", "Gwangju")]),
    256: dict(predicate="adopted in"),
    257: dict(extra=[row("World Human Rights Cities Forum 2012", "edition of", "World Human Rights Cities Forum")]),
    258: dict(object="human rights city", object_type="status"),
    262: dict(object="human rights city", object_type="status"),
    264: dict(extra=[row("Human Rights Council of Graz", "part of", "Graz")]),
    265: dict(), 266: dict(),
    268: dict(role="chair"),
    269: dict(extra=[row("PDHRE Human Rights Cities initiative", "dated", "1997")]),
    271: dict(),
    272: dict(),
    273: dict(extra=[row("Vienna - city of human rights study (Manfred Nowak)", "dated", "2013")], date=""),
    274: dict(extra=[row("Vienna City Council", "part of", "Vienna")]),
    275: dict(object="human rights city", object_type="status"),
    277: [dict(object="Non-discrimination", object_type="principle"),
          dict(object="participation", object_id="principle/participation"),
          dict(object="transparency", object_id="principle/transparency"),
          dict(object="accountability", object_id="principle/accountability")],
    279: dict(extra=[row("FAL Caracas 2006", "dated", "2006"),
                     row("FAL Caracas 2006", "edition of",
                         "Forum of Local Authorities for Social Inclusion and Participatory Democracy (FAL)")]),
    280: dict(), 281: dict(),
    283: dict(extra=[row("UCLG Executive Bureau", "part of", "United Cities and Local Governments")]),
    284: dict(extra=[row("World Social Forum Porto Alegre 2001", "edition of", "World Social Forum"),
                     row("World Social Forum Porto Alegre 2001", "held in", "Porto Alegre", object_type="city",
                         date="2001")]),
    285: dict(extra=[row("World Social Forum Porto Alegre 2005", "edition of", "World Social Forum"),
                     row("World Social Forum Porto Alegre 2005", "held in", "Porto Alegre", date="2005-01")]),
    290: dict(extra=[row("#RightsCity 2017", "edition of", "#RightsCity conference"),
                     row("#RightsCity 2017", "edition number", "1")]),
    293: dict(extra=[row("#RightsCity 2018", "edition of", "#RightsCity conference"),
                     row("#RightsCity 2018", "edition number", "2")]),
    295: dict(predicate="partner"),
    299: dict(object="human rights city", object_type="status"),
    300: dict(object="human rights city", object_type="status"),
    301: dict(extra=[row("Utrecht human rights city declaration", "held in", "Utrecht", date="2012")]),
    305: dict(),
    306: dict(extra=[row("Human rights cities in the EU: a framework for reinforcing rights locally", "dated",
                         "2021-10")]),
    310: dict(),
    311: dict(object="Signing of the York Human Rights City Declaration", object_type="proclamation",
              extra=[row("Signing of the York Human Rights City Declaration", "held in", "York",
                         date="2017-04-24")]),
    312: dict(),
    314: dict(),
    316: dict(extra=[row("York Human Rights Indicator Report", "dated", "2016")], date=""),
    317: dict(),
    318: dict(object="human rights city", object_type="status"),
    319: dict(predicate="held in", subject="Four Freedoms Awards", subject_type="series", object="Middelburg",
              object_type="city", date=""),
    320: dict(extra=[row("UN General Assembly 3rd session", "edition of", "UN General Assembly sessions",
                         object_type="series"),
                     row("UN General Assembly 3rd session", "edition number", "3")]),
    321: dict(extra=[row("UN General Assembly 44th session", "edition of", "UN General Assembly sessions",
                         object_type="series"),
                     row("UN General Assembly 44th session", "edition number", "44")]),
    322: dict(object_type="date", date=""),
    323: dict(object="196 States parties", date="2021-10",
              note_extra="Only the ICJ's count (196, October 2021) rests on this source; the 195 and 194 that the "
                         "note cites come from other pages, whose addresses the source file does not give."),
    324: dict(extra=[row("UN General Assembly 34th session", "edition of", "UN General Assembly sessions",
                         object_type="series"),
                     row("UN General Assembly 34th session", "edition number", "34")]),
    325: dict(object_type="date", date=""),
    326: dict(), 327: dict(),
    329: dict(),
    330: dict(),
    331: dict(),
    332: dict(role="president"),
    333: dict(),
    335: dict(as_of="2020-12", date=""),
    336: dict(predicate="hosted at"),
    337: dict(role="vice-president"),
    338: dict(role="vice-president"),
    339: dict(as_of="2023-06", date=""),
    341: dict(extra=[row("UN Human Rights Council 24th session", "edition of", "UN Human Rights Council sessions",
                         object_type="series"),
                     row("UN Human Rights Council 24th session", "edition number", "24")]),
    342: dict(),
    343: dict(extra=[row("UN Human Rights Council resolution A/HRC/RES/27/4", "dated", "2014-09")]),
    344: dict(extra=[row("UN Human Rights Council resolution A/HRC/RES/33/8", "dated", "2016")]),
    345: dict(extra=[row("UN Human Rights Council resolution 39/7", "dated", "2018")]),
    346: dict(extra=[row("UN Human Rights Council resolution 45/7", "dated", "2020")]),
    347: dict(extra=[row("UN Human Rights Council Advisory Committee", "part of", "United Nations Human Rights Council"),
                     row("Report A/HRC/30/49 Role of local government in the promotion and protection of human rights",
                         "dated", "2015")], date=""),
    348: dict(),
    349: dict(extra=[row("Eugene Human Rights Commission", "part of", "Eugene")]),
    350: dict(extra=[row("Eugene Code 2.265 (Human Rights Commission duties)", "dated", "2011")]),
    352: dict(predicate="urged"),
    353: dict(predicate="former name"),
    355: dict(as_of="2000", date=""), 356: dict(as_of="2000", date=""), 357: dict(as_of="2000", date=""),
    358: dict(as_of="2000", date=""), 359: dict(as_of="2000", date=""),
    363: dict(as_of="2015", date=""),
    364: dict(role="mayor", as_of="2015", date=""),
    365: dict(role="president", as_of="2015", date=""),
    368: dict(object="98 of 243 local governments with a human rights ordinance"),
    370: dict(object_type="event",
              extra=[row("Repeal of Chungcheongnam-do Basic Ordinance on Human Rights", "about",
                         "Chungcheongnam-do Basic Ordinance on Human Rights")]),
    373: [dict(subject="Lund", predicate="adopted",
               object="Lund council decision to cooperate with the Raoul Wallenberg Institute", object_type="resolution"),
          dict(subject="Lund council decision to cooperate with the Raoul Wallenberg Institute",
               subject_type="resolution", predicate="related to", date="")],
    376: [dict(date=""), dict(predicate="dated", object="1993-10-24", object_type="date", date="")],
    377: dict(object="City of Peace and Human Rights", object_type="status"),
    378: dict(extra=[row("Nuremberg Human Rights Office", "part of", "Nuremberg")]),
    379: dict(extra=[row("Barcelona Office for Non-Discrimination", "part of", "Barcelona")]),
    383: dict(extra=[row("Building and Sustaining Human Rights Cities in the South 2019", "edition of",
                         "Building and Sustaining Human Rights Cities in the South", object_type="series"),
                     row("Building and Sustaining Human Rights Cities in the South 2019", "edition number", "2")]),
    387: dict(extra=[row("World Human Rights Cities Forum 2016", "edition of", "World Human Rights Cities Forum"),
                     row("World Human Rights Cities Forum 2016", "edition number", "6")]),
    389: dict(extra=[row("World Human Rights Cities Forum 2018", "edition of", "World Human Rights Cities Forum"),
                     row("World Human Rights Cities Forum 2018", "edition number", "8")]),
    391: [dict(object="22 human rights city mayors"),
          dict(object="17 human rights cities whose mayors took part")],
    395: dict(object="City of Human Rights Education", object_type="status"),
    396: dict(),
    398: dict(subject="Gwangju", subject_type="city", object="where the Human Rights City initiative was established",
              object_type="status"),
    400: dict(),
    401: dict(),
}

#: Rows the source's notes state on the same page: kept, on that page's source.
FROM_NOTES: dict[int, list[dict]] = {
    78: [row("International Coalition of Cities against Racism", "founded by", "UNESCO", date="2004",
             note="ECCAR page: 'ICCAR was launched by UNESCO in 2004' (the Nuremberg page credits UNESCO and "
                  "the City of Nuremberg)"),
         row("International Coalition of Cities against Racism", "abbreviation", "ICCAR")],
    83: [row("International Coalition of Cities against Racism", "founded by", "UNESCO", date="2004",
             note="Nuremberg page: 'launched by UNESCO and the City of Nuremberg in 2004'")],
    87: [row("ECCAR secretariat", "also known as", "ECCAR administrative secretariat"),
         row("ECCAR secretariat", "part of", "European Coalition of Cities against Racism")],
    162: [row("Barcelona Commitment", "also known as", "Barcelona Agreement",
              note="the Nuremberg page calls it the 'Barcelona Agreement'")],
}

#: Processes of designations: formal, unless a line says otherwise.
INFORMAL = {99: "Neubeck treats the title as 'aspirational': a commitment in progress, not an official declaration"}


def convert(source: Path) -> list[dict[str, str]]:
    with source.open(encoding="utf-8", newline="") as stream:
        records = list(csv.DictReader(stream))
    out: list[dict[str, str]] = []
    named_places: dict[str, dict[str, str]] = {}
    located: set[str] = set()
    for line, record in enumerate(records, start=2):
        rows = _rows(line, record)
        for new in rows:
            out.append(new)
            for side in ("subject", "object"):
                kind = new.get(f"{side}_type", "")
                if kind in ("city", "province", "département", "regency", "intercommunal body", "country"):
                    named_places.setdefault(new[side], new)
            if new["predicate"] == "located in" and new.get("subject_type") != "series":
                located.add(new["subject"])
    out += _places(named_places, located)
    return out


def _rows(line: int, record: dict[str, str]) -> list[dict[str, str]]:
    base = {
        "subject": record["subject"], "subject_type": _type(record["subject"], record["subject_type"]),
        "predicate": PREDICATES[record["predicate"]], "object": record["object"],
        "object_type": "" if record["object_type"] == "Literal" else _type(record["object"], record["object_type"]),
        "date": record["date"], "source_url": _source(line, record), "note": record["note"],
    }
    base["subject_id"] = _id(record["subject"])
    base["object_id"] = "" if record["object_type"] == "Literal" else _id(record["object"])
    if base["predicate"] == "declared human rights city":
        base["process"] = "informal" if line in INFORMAL else "formal"
        if line in INFORMAL:
            base["note"] = f"{base['note']}; informal: {INFORMAL[line]}"
    change = LINES.get(line, {})
    variants = change if isinstance(change, list) else [change]
    rows = []
    extras: list[dict] = []
    for variant in variants:
        new = dict(base)
        variant = dict(variant)
        extras += variant.pop("extra", [])
        note_extra = variant.pop("note_extra", "")
        for column in ("subject", "object"):
            if column in variant and f"{column}_id" not in variant:
                new[f"{column}_id"] = _id(variant[column])
            if column in variant and f"{column}_type" not in variant:
                new[f"{column}_type"] = _type(variant[column], "")
        new.update(variant)
        if note_extra:
            new["note"] = f"{new['note']}; {note_extra}" if new["note"] else note_extra
        rows.append(new)
    for extra in extras + FROM_NOTES.get(line, []):
        new = {"source_url": base["source_url"], "note": "", **extra}
        for column in ("subject", "object"):
            new.setdefault(f"{column}_type", _type(new[column], ""))
            new.setdefault(f"{column}_id", _id(new[column]))
        if new["predicate"] in VALUE_OBJECTS:  # the object is a value, not an entity
            new["object_type"] = "date" if new["predicate"] in ("dated", "first held", "ended on") else ""
            new["object_id"] = ""
        rows.append(new)
    return rows


def _type(name: str, hint: str) -> str:
    entry = ENTITIES.get(name)
    if entry is not None:
        return entry if isinstance(entry, str) else entry[0]
    if name in CONTINENTS or name in EXISTING_COUNTRIES:
        return "country"
    return TYPES.get(hint, "")


def _id(name: str) -> str:
    entry = ENTITIES.get(name)
    return entry[1] if isinstance(entry, tuple) else ""


def _source(line: int, record: dict[str, str]) -> str:
    url = record["source_url"]
    if url == "seed:000":
        return f"seed:000/{SEED_POSTS.get(line, '2022-01-25')}"
    parts = urlsplit(url)
    if parts.netloc == "appwritefunc.yet-another-testing-domain.com":  # a proxy: cite the page it fetched
        return parse_qs(parts.query)["url"][0]
    return url


#: The source of what the curators add themselves (hrgraph.provenance.CURATION_SOURCE).
CURATION = "source/hrgraph-curation"


def _places(named: dict[str, dict[str, str]], located: set[str]) -> list[dict[str, str]]:
    """'located in' rows for new places the source does not locate, and continents for new countries."""
    rows = []
    for place, (country, stated) in COUNTRIES.items():
        if place in located:
            continue
        first = named[place]
        note = ("the country is given in the source row's note" if stated
                else "country added by the curators: the source names the place only")
        rows.append({"subject": place, "subject_type": _type(place, "City"), "predicate": "located in",
                     "object": country, "object_type": "country",
                     "source_url": first["source_url"] if stated else CURATION, "note": note})
        named.setdefault(country, rows[-1])
    for country, continent in CONTINENTS.items():
        first = named[country]
        rows.append({"subject": country, "subject_type": "country", "predicate": "located in", "object": continent,
                     "object_type": "continent", "source_url": CURATION,
                     "note": "continent added by the curators"})
    return rows


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    output = Path(argv[2]) if len(argv) > 2 else OUTPUT
    rows = convert(source)
    with output.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, extrasaction="raise", lineterminator="\n")
        writer.writeheader()
        for new in rows:
            writer.writerow({column: new.get(column, "") for column in COLUMNS})
    print(f"wrote {output}: {len(rows)} rows from {source}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
