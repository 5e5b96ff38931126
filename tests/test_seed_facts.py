"""Competency questions for the two seed documents.

Seed 000: the Human Rights Defenders blog tag page "Posts Tagged ‘Human Rights Cities Network’"
(posts of 2018-12-14, 2019-06-02 and 2022-01-25, the last reproducing the Human Rights Careers
post "What Are Human Rights Cities?"). Seed 003: sentences from the Wikipedia article
"Human Rights City".

Every test asks the graph a question in standard SPARQL 1.1 and checks the answer the seeds give.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import XSD

ROOT = Path(__file__).resolve().parent.parent
GRAPH_DIR = ROOT / "graph"
#: The project's source material, beside the repository (as in CI: ../shared/seeds).
SEEDS = ROOT.parent / "shared" / "seeds"

PREFIXES = """
PREFIX hrg: <https://w3id.org/hrgraph/ontology#>
PREFIX role: <https://w3id.org/hrgraph/role/>
PREFIX continent: <https://w3id.org/hrgraph/continent/>
PREFIX country: <https://w3id.org/hrgraph/country/>
PREFIX region: <https://w3id.org/hrgraph/region/>
PREFIX city: <https://w3id.org/hrgraph/city/>
PREFIX organization: <https://w3id.org/hrgraph/organization/>
PREFIX quantity: <https://w3id.org/hrgraph/quantity/>
PREFIX membership: <https://w3id.org/hrgraph/membership/>
PREFIX instrument: <https://w3id.org/hrgraph/instrument/>
PREFIX principle: <https://w3id.org/hrgraph/principle/>
PREFIX event: <https://w3id.org/hrgraph/event/>
PREFIX series: <https://w3id.org/hrgraph/series/>
PREFIX person: <https://w3id.org/hrgraph/person/>
PREFIX source: <https://w3id.org/hrgraph/source/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""

HRG = "https://w3id.org/hrgraph/"
SRC = HRG + "source/"
BLOG_2022 = SRC + "hrd-blog-2022-01-25-human-rights-cities"
HRCAREERS = SRC + "hrcareers-what-are-human-rights-cities"
BLOG_2019 = SRC + "hrd-blog-2019-06-02-movement-or-network"
BLOG_2018 = SRC + "hrd-blog-2018-12-14-human-rights-cities-network"
TAG_NETWORK = SRC + "hrd-blog-tag-network"
WIKIPEDIA = SRC + "wikipedia-human-rights-city"


#: The seed documents as sources: the blog's tag pages and posts, the Human Rights Careers article the 2022
#: post reproduces, and Wikipedia. The public facts (issue 7) rest on other pages; where they answer a
#: question too, these tests ask what the seeds say.
SEED_SOURCES = """VALUES ?seedSource { source:hrd-blog-2022-01-25-human-rights-cities source:hrcareers-what-are-human-rights-cities
    source:hrd-blog-2019-06-02-movement-or-network source:hrd-blog-2018-12-14-human-rights-cities-network
    source:hrd-blog-tag-network source:hrd-blog-tag-human-rights-cities-network source:wikipedia-human-rights-city }"""


def rows(live_kg: Graph, query: str) -> list[tuple]:
    """Run a SELECT query; each row as a tuple of Python strings (None for unbound)."""
    return [tuple(None if v is None else str(v) for v in row) for row in live_kg.query(PREFIXES + query)]


def column(live_kg: Graph, query: str) -> set[str]:
    """Run a one-variable SELECT query and return its values as a set of strings."""
    return {r[0] for r in rows(live_kg, query)}


def ask(live_kg: Graph, query: str) -> bool:
    return bool(live_kg.query(PREFIXES + query).askAnswer)


# ------------------------------------------------------------------ graph health


def test_every_graph_file_parses_on_its_own():
    files = sorted(GRAPH_DIR.glob("*.ttl"))
    names = {p.name for p in files}
    assert {"cities.ttl", "organizations.ttl", "memberships.ttl", "instruments.ttl", "events.ttl",
            "people.ttl", "sources.ttl"} <= names
    for path in files:
        g = Graph().parse(path)
        assert len(g) > 0, path


def test_no_blank_nodes(live_kg):
    assert not any(isinstance(t, BNode) for triple in live_kg for t in triple)


def test_every_fact_node_has_a_source_and_a_quote(live_kg):
    unsourced = column(live_kg, """
        SELECT ?f WHERE {
          ?f a ?c . ?c rdfs:subClassOf* ?root .
          VALUES ?root { hrg:Event hrg:Quantity org:Membership hrg:Claim }
          FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?s . ?s a hrg:Source }
        }""")
    assert unsourced == set()
    unquoted = column(live_kg, """
        SELECT ?f WHERE {
          VALUES ?c { hrg:Adoption hrg:Designation hrg:Founding hrg:Quantity org:Membership hrg:Proclamation }
          """ + SEED_SOURCES + """
          ?f a ?c ; prov:wasDerivedFrom ?seedSource .
          FILTER NOT EXISTS { ?f hrg:quote ?q }
        }""")
    assert unquoted == set()  # the seeds' facts keep the seed's own words


def test_quotes_from_the_seeds_are_verbatim(live_kg):
    seed000 = SEEDS / "000_e21e5c501a6f9270.txt"
    seed003 = SEEDS / "003_390bcba5e1e0e8d3.txt"
    if not (seed000.exists() and seed003.exists()):
        if os.environ.get("CI"):
            pytest.fail(f"seed documents missing from {SEEDS}: CI must check every quote")
        pytest.skip(f"seed documents not available at {SEEDS}")
    text000, text003 = seed000.read_text(encoding="utf-8"), seed003.read_text(encoding="utf-8")
    blog = {BLOG_2022, HRCAREERS, BLOG_2019, BLOG_2018}
    checked = 0
    for node, quote in live_kg.subject_objects(URIRef(HRG + "ontology#quote")):
        sources = {str(s) for s in live_kg.objects(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))}
        texts = ([text000] if sources & blog else []) + ([text003] if WIKIPEDIA in sources else [])
        if not texts:
            continue  # e.g. the tag page 'network', which is not a seed
        assert any(str(quote) in t for t in texts), (node, str(quote))
        checked += 1
    assert checked > 100


# ------------------------------------------------------------------ sources


def test_tag_page_network_source():
    g = Graph().parse(GRAPH_DIR / "sources.ttl")
    r = rows(g, """
        SELECT ?title ?url ?publisher WHERE {
          source:hrd-blog-tag-network a hrg:Source ; dcterms:title ?title ; schema:url ?url ;
              dcterms:publisher ?publisher .
          FILTER NOT EXISTS { source:hrd-blog-tag-network dcterms:issued ?issued }
        }""")
    assert r == [("Posts Tagged ‘network’", "https://humanrightsdefenders.blog/tag/network/",
                  "Human Rights Defenders blog (humanrightsdefenders.blog)")]


def test_2019_post_refers_to_wikipedia(live_kg):
    assert ask(live_kg, "ASK { source:hrd-blog-2019-06-02-movement-or-network dcterms:references source:wikipedia-human-rights-city }")


def test_human_rights_careers_published_the_reproduced_post(live_kg):
    r = rows(live_kg, """
        SELECT ?name WHERE {
          source:hrd-blog-2022-01-25-human-rights-cities prov:wasQuotedFrom ?orig .
          ?orig prov:wasAttributedTo ?org . ?org rdfs:label ?name . FILTER (lang(?name) = "en")
        }""")
    assert r == [("Human Rights Careers",)]


# ------------------------------------------------------------------ places


def test_rosario_country_and_province(live_kg):
    r = rows(live_kg, """
        SELECT ?country ?province ?alt WHERE {
          city:rosario hrg:country ?c ; hrg:locatedIn ?r .
          ?r a hrg:Region ; rdfs:label ?province ; skos:altLabel ?alt ; hrg:country ?c .
          ?c rdfs:label ?country .
          FILTER (lang(?country) = "en" && lang(?province) = "en")
        }""")
    assert r == [("Argentina", "Santa Fe Province", "Santa Fe")]


def test_seed_misspelling_sante_fe_is_not_a_name(live_kg):
    assert not ask(live_kg, """ASK { ?x rdfs:label|skos:altLabel|skos:prefLabel ?l . FILTER (CONTAINS(STR(?l), "Sante Fe")) }""")
    assert ask(live_kg, """ASK { region:santa-fe skos:editorialNote ?n . FILTER (CONTAINS(STR(?n), "Sante Fe")) }""")


def test_chicago_is_in_illinois_united_states(live_kg):
    r = rows(live_kg, """
        SELECT ?region ?country WHERE {
          city:chicago hrg:locatedIn ?r ; hrg:country ?c .
          ?r a hrg:Region ; hrg:country ?c ; rdfs:label ?region . ?c rdfs:label ?country .
          FILTER (lang(?region) = "en" && lang(?country) = "en")
        }""")
    assert r == [("Illinois", "United States")]


def test_nuremberg_has_one_iri_with_english_and_german_labels(live_kg):
    iris = column(live_kg, """SELECT DISTINCT ?c WHERE { ?c a hrg:City ; rdfs:label|skos:altLabel ?l .
                         FILTER (STR(?l) IN ("Nuremberg", "Nürnberg")) }""")
    assert iris == {HRG + "city/nuremberg"}
    labels = {(str(l), l.language) for l in live_kg.objects(URIRef(HRG + "city/nuremberg"),
                                                        URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert {("Nuremberg", "en"), ("Nürnberg", "de")} <= labels


def test_korean_labels(live_kg):
    r = dict(rows(live_kg, """
        SELECT ?x ?ko WHERE {
          VALUES ?x { city:gwangju city:seoul city:busan country:south-korea }
          ?x rdfs:label ?ko . FILTER (lang(?ko) = "ko")
        }"""))
    assert r == {HRG + "city/gwangju": "광주", HRG + "city/seoul": "서울", HRG + "city/busan": "부산",
                 HRG + "country/south-korea": "대한민국"}


def test_every_city_has_exactly_one_country_and_every_country_a_continent(live_kg):
    assert column(live_kg, """
        SELECT ?c WHERE { ?c a hrg:City .
          { FILTER NOT EXISTS { ?c hrg:country ?x } }
          UNION { ?c hrg:country ?x1 , ?x2 . FILTER (?x1 != ?x2) } }""") == set()
    assert column(live_kg, """
        SELECT ?c WHERE { ?c a hrg:Country . FILTER NOT EXISTS { ?c hrg:locatedIn ?k . ?k a hrg:Continent } }""") == set()


def test_cities_by_country(live_kg):
    pairs = set(rows(live_kg, """
        SELECT ?city ?country WHERE {
          """ + SEED_SOURCES + """
          ?c a hrg:City ; rdfs:label ?city ; hrg:country/rdfs:label ?country ; prov:wasDerivedFrom ?seedSource .
          FILTER (lang(?city) = "en" && lang(?country) = "en") }"""))
    expected = {
        ("Rosario", "Argentina"), ("Vienna", "Austria"), ("Saint-Denis", "France"), ("Gwangju", "South Korea"),
        ("Seoul", "South Korea"), ("Busan", "South Korea"), ("Timbuktu", "Mali"), ("Nagpur", "India"),
        ("Nuremberg", "Germany"), ("Madrid", "Spain"), ("Seattle", "United States"), ("Winnipeg", "Canada"),
        ("Chicago", "United States"), ("San Francisco", "United States"), ("Montreal", "Canada"),
        ("Mexico City", "Mexico"), ("Barcelona", "Spain"), ("Graz", "Austria"), ("Lund", "Sweden"),
        ("Bergen", "Norway"),
    }
    assert pairs == expected


def test_where_human_rights_cities_exist(live_kg):
    places = column(live_kg, """
        SELECT ?name WHERE { principle:human-rights-city dcterms:spatial ?p . ?p rdfs:label ?name .
                             FILTER (lang(?name) = "en") }""")
    assert places == {"Asia", "Africa", "Europe", "Canada", "United States", "Latin America"}


# ------------------------------------------------------------------ PDHRE and origins


def test_pdhre_names(live_kg):
    r = set(rows(live_kg, """
        SELECT ?label ?former ?abbr WHERE {
          organization:pdhre rdfs:label ?label ; hrg:formerName ?former ; hrg:abbreviation ?abbr .
          FILTER (lang(?label) = "en") }"""))
    # the seed's former name, and the 1999 one of PDHRE's 1999-2000 report (a public fact)
    assert r == {("People's Movement for Human Rights Learning", "People's Decade for Human Rights Education", "PDHRE"),
                 ("People's Movement for Human Rights Learning", "People's Movement for Human Rights Education", "PDHRE")}


def test_pdhre_initiative_came_after_the_vienna_conference(live_kg):
    r = rows(live_kg, """
        SELECT ?year ?cityName ?countryName WHERE {
          ?i hrg:founder organization:pdhre ; hrg:inspiredBy ?conf ; hrg:dateUnknown true .
          ?conf a hrg:Conference ; hrg:date ?year ; hrg:location ?city .
          ?city rdfs:label ?cityName ; hrg:country/rdfs:label ?countryName .
          FILTER (lang(?cityName) = "en" && lang(?countryName) = "en") }""")
    assert r == [("1993", "Vienna", "Austria")]


def test_pdhre_initiative_is_attested_by_both_seeds(live_kg):
    sources = column(live_kg, "SELECT ?s WHERE { event:pdhre-human-rights-cities-initiative prov:wasDerivedFrom ?s }")
    assert {BLOG_2022, WIKIPEDIA} <= sources


def test_movement_ideas_emerged_in_the_1970s_inspired_by_lefebvre(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?dt ?bookDate ?author WHERE {
          ?e a hrg:HistoricalEvent ; hrg:date ?date ; hrg:datePrecision hrg:decade ; hrg:inspiredBy ?book .
          ?book a hrg:Publication ; rdfs:label "Le Droit à la ville"@en ; hrg:date ?bookDate ;
                hrg:author/rdfs:label ?author .
          BIND (DATATYPE(?date) AS ?dt) }""")
    assert r == [("1970", str(XSD.gYear), "1968", "Henri Lefebvre")]


def test_right_to_the_city(live_kg):
    assert ask(live_kg, """ASK { instrument:le-droit-a-la-ville hrg:about ?p .
                            ?p a hrg:Principle ; rdfs:label "right to the city"@en ;
                               prov:wasDerivedFrom source:wikipedia-human-rights-city }""")


# ------------------------------------------------------------------ Rosario


def test_rosario_designation(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?dt ?status ?process ?body ?instrClass WHERE {
          ?d a hrg:Designation ; hrg:adopter city:rosario ; hrg:date ?date ; hrg:statusName ?status ;
             hrg:process ?process ; hrg:adoptingBody ?body ; hrg:instrument ?i ;
             hrg:adoptedAt ?p ; prov:wasDerivedFrom source:hrd-blog-2022-01-25-human-rights-cities .
          ?i a ?instrClass . ?p a hrg:Proclamation .
          BIND (DATATYPE(?date) AS ?dt) }""")
    assert r == [("1997-06", str(XSD.gYearMonth), "human rights sensitive city", HRG + "ontology#formal",
                  HRG + "ontology#civil-society", HRG + "ontology#Declaration")]


def test_rosario_process_principles(live_kg):
    principles = column(live_kg, """
        SELECT ?name WHERE { ?d a hrg:Designation ; hrg:adopter city:rosario ; hrg:hasPrinciple ?p .
                             ?p a hrg:Principle ; rdfs:label ?name . FILTER (lang(?name) = "en") }""")
    assert principles == {"transparency", "participation", "accountability", "reciprocity",
                          "commitment to eliminate poverty"}


def test_rosario_proclamation_aims(live_kg):
    aims = column(live_kg, """SELECT ?name WHERE { instrument:rosario-proclamation hrg:hasPrinciple/rdfs:label ?name }""")
    assert aims == {"equity", "peace", "respect for human rights"}


def test_rosario_proclamation_meeting(live_kg):
    r = rows(live_kg, """
        SELECT ?value ?qualifier ?unit ?place WHERE {
          ?p a hrg:Proclamation ; hrg:date "1997-06"^^xsd:gYearMonth ; hrg:location ?place ;
             dcterms:extent ?q .
          ?q a hrg:Quantity ; hrg:countValue ?value ; hrg:countQualifier ?qualifier ; schema:unitText ?unit . }""")
    assert r == [("100", HRG + "ontology#more-than", "people", HRG + "city/rosario")]


def test_pdhre_executive_director_was_present_but_is_unnamed(live_kg):
    r = rows(live_kg, """
        SELECT ?person ?attested WHERE {
          ?p a hrg:Proclamation ; hrg:participant ?person .
          ?m a org:Membership ; org:member ?person ; org:organization organization:pdhre ;
             org:role role:executive-director ; hrg:attestedIn ?attested . }""")
    # One person, both sources: the seed's unnamed executive director is Shulamith Koenig (pdhre.org names her).
    assert r == [(HRG + "person/shulamith-koenig", "1997-06")]
    assert ask(live_kg, """ASK { person:shulamith-koenig skos:editorialNote ?n .
                            FILTER (CONTAINS(STR(?n), "One resource, both sources")) }""")
    assert not ask(live_kg, "ASK { person:pdhre-executive-director-1997 ?p ?o }")


def test_rosario_implementation_bodies(live_kg):
    bodies = column(live_kg, """
        SELECT ?b WHERE { { ?b hrg:location city:rosario . ?b a hrg:Organization }
                          UNION { ?b org:unitOf organization:rosario-citizens-committee } }""")
    assert bodies == {HRG + "organization/rosario-citizens-committee",
                      HRG + "organization/rosario-citizens-committee-sub-committee",
                      HRG + "organization/rosario-supporting-volunteer-group"}


def test_lionel_messi_is_from_rosario(live_kg):
    r = rows(live_kg, """SELECT ?name ?nat WHERE { ?p a hrg:Person ; dcterms:relation city:rosario ;
                    rdfs:label ?name ; hrg:nationality ?nat }""")
    assert r == [("Lionel Messi", HRG + "country/argentina")]


# ------------------------------------------------------------------ adoptions


def test_saint_denis_adopted_the_european_charter_in_2000(live_kg):
    r = rows(live_kg, """
        SELECT ?charter ?date WHERE {
          ?a a hrg:Adoption ; hrg:adopter city:saint-denis ; hrg:instrument ?i ; hrg:date ?date .
          ?i a hrg:Charter ; rdfs:label ?charter . FILTER (lang(?charter) = "en") }""")
    assert r == [("European Charter for the Safeguarding of Human Rights in the City", "2000")]


def test_chicago_crc_resolution(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?dt ?process ?body ?basedOn ?source WHERE {
          ?a a hrg:Adoption ; hrg:adopter city:chicago ; hrg:instrument ?r ; hrg:date ?date ;
             hrg:process ?process ; hrg:adoptingBody ?body ; prov:wasDerivedFrom ?source .
          ?r a hrg:Resolution ; hrg:basedOn ?basedOn .
          BIND (DATATYPE(?date) AS ?dt) }""")
    assert {r_[:5] for r_ in r} == {("2009", str(XSD.gYear), HRG + "ontology#informal",
                                     HRG + "ontology#city-council", HRG + "instrument/crc")}
    assert {r_[5] for r_ in r} == {BLOG_2022, HRCAREERS}


def test_san_francisco_cedaw_ordinance(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?treaty WHERE {
          ?a a hrg:Adoption ; hrg:adopter city:san-francisco ; hrg:instrument ?o ; hrg:date ?date ;
             prov:wasDerivedFrom source:wikipedia-human-rights-city .
          ?o a hrg:Ordinance ; hrg:basedOn ?t . ?t a hrg:Treaty ; hrg:abbreviation ?treaty . }""")
    assert r == [("1998", "CEDAW")]


def test_gwangju_human_rights_ordinances(live_kg):
    years = column(live_kg, """
        SELECT ?date WHERE { ?a a hrg:Adoption ; hrg:adopter city:gwangju ; hrg:instrument ?o ; hrg:date ?date .
                             ?o a hrg:Ordinance }""")
    assert years == {"2007", "2009"}


def test_adoptions_omit_process_where_the_seed_is_silent(live_kg):
    with_process = column(live_kg, "SELECT ?a WHERE { ?a a hrg:Adoption ; hrg:process ?p ; prov:wasDerivedFrom ?seedSource . "
                                   + SEED_SOURCES + " }")
    assert with_process == {HRG + "event/adoption-chicago-crc-resolution-2009"}
    silent = column(live_kg, """SELECT ?a WHERE { ?a a hrg:Adoption . FILTER NOT EXISTS { ?a hrg:process ?p }
                           FILTER NOT EXISTS { ?a skos:editorialNote ?n } }""")
    assert silent == set()


def test_dates_have_the_datatype_the_source_precision_implies(live_kg):
    got = dict(rows(live_kg, """
        SELECT DISTINCT ?e ?dt WHERE { { ?e a hrg:Adoption } UNION { ?e a hrg:Designation } UNION { ?e a hrg:Founding }
                              UNION { ?e a hrg:Conference } UNION { ?e a hrg:Forum } UNION { ?e a hrg:Proclamation }
                              """ + SEED_SOURCES + """
                              ?e hrg:date ?d ; prov:wasDerivedFrom ?seedSource . BIND (DATATYPE(?d) AS ?dt) }"""))
    ev = HRG + "event/"
    expected = {
        "rosario-proclamation-1997": XSD.gYearMonth,
        "designation-rosario-human-rights-sensitive-city-1997": XSD.gYearMonth,
        "adoption-saint-denis-european-charter-2000": XSD.gYear,
        "adoption-chicago-crc-resolution-2009": XSD.gYear,
        "adoption-san-francisco-cedaw-ordinance-1998": XSD.gYear,
        "adoption-gwangju-human-rights-ordinance-2007": XSD.gYear,
        "adoption-gwangju-human-rights-ordinance-2009": XSD.gYear,
        "designation-gwangju-human-rights-municipality-2009": XSD.gYear,
        "designation-gwangju-human-rights-municipal-system-2009": XSD.gYear,
        "designation-seoul-human-rights-municipal-system-2012": XSD.gYear,
        "founding-gwangju-human-rights-department-2010": XSD.gYear,
        "world-conference-on-human-rights-1993": XSD.gYear,
        "world-human-rights-cities-forum-2011": XSD.gYear,
        "rightscity-2019": XSD.date,
    }
    assert got == {ev + k: str(v) for k, v in expected.items()}


# ------------------------------------------------------------------ Gwangju, Seoul, Busan


def test_gwangju_2009_municipal_system_is_attested_by_both_seeds(live_kg):
    r = set(rows(live_kg, """
        SELECT ?source ?status WHERE {
          ?d a hrg:Designation ; hrg:adopter city:gwangju ; hrg:date "2009"^^xsd:gYear ;
             hrg:statusName ?status ; prov:wasDerivedFrom ?source . }"""))
    assert {s for s, _ in r} == {BLOG_2022, HRCAREERS, WIKIPEDIA}
    assert {st for _, st in r} == {"human rights municipality", "human rights municipal system"}


def test_seoul_and_busan_followed_gwangju(live_kg):
    r = set(rows(live_kg, """
        SELECT ?cityName ?date WHERE {
          ?d a hrg:Designation ; hrg:adopter ?c ; hrg:precededBy ?g .
          ?g hrg:adopter city:gwangju ; hrg:date "2009"^^xsd:gYear .
          ?c rdfs:label ?cityName . FILTER (lang(?cityName) = "en")
          OPTIONAL { ?d hrg:date ?date } }"""))
    assert r == {("Seoul", "2012"), ("Busan", None)}


def test_busan_designation_has_no_date(live_kg):
    r = rows(live_kg, """
        SELECT ?unknown WHERE { ?d a hrg:Designation ; hrg:adopter city:busan ; hrg:dateUnknown ?unknown .
                                FILTER NOT EXISTS { ?d hrg:date ?x } }""")
    assert r == [("true",)]


def test_gwangju_human_rights_department_founded_2010(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?parent WHERE { ?f a hrg:Founding ; hrg:foundedBody ?d ; hrg:date ?date ; hrg:founder city:gwangju .
                                     ?d a hrg:OrganizationalUnit ; org:unitOf ?parent }""")
    assert r == [("2010", HRG + "city/gwangju")]


def test_first_world_human_rights_cities_forum(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?place ?host ?freq WHERE {
          ?f a hrg:Forum ; hrg:partOfSeries ?s ; hrg:edition 1 ; hrg:date ?date ; hrg:location ?place ; hrg:host ?host .
          ?s a hrg:EventSeries ; hrg:frequency ?freq . }""")
    assert r == [("2011", HRG + "city/gwangju", HRG + "city/gwangju", "P1Y")]
    assert ask(live_kg, """ASK { event:world-human-rights-cities-forum-2011 hrg:quote ?q .
        FILTER (CONTAINS(?q, "both a local community and a socio-political process in a local context")) }""")


def test_gwangju_uprising_1980(live_kg):
    r = rows(live_kg, """SELECT ?date ?label WHERE { ?e a hrg:HistoricalEvent ; hrg:location city:gwangju ;
                    hrg:date ?date ; rdfs:label ?label }""")
    assert r == [("1980", "Gwangju Uprising")]


def test_2019_conference_paper_on_gwangju(live_kg):
    r = rows(live_kg, """SELECT ?date WHERE { ?p a hrg:Publication ; hrg:about city:gwangju ; hrg:date ?date }""")
    assert r == [("2019",)]


def test_gwangju_guiding_principles_2014(live_kg):
    date = column(live_kg, "SELECT ?d WHERE { instrument:gwangju-guiding-principles a hrg:GuidingPrinciples ; hrg:date ?d }")
    assert date == {"2014"}
    principles = column(live_kg, """SELECT ?n WHERE { instrument:gwangju-guiding-principles hrg:hasPrinciple/rdfs:label ?n }""")
    assert principles == {
        "Non-discrimination and affirmative action", "Social inclusion and cultural diversity",
        "Social justice, solidarity, and sustainability", "Effective institutions and policy coordination",
        "Human rights education and training", "Participatory democracy and accountable governance",
    }


# ------------------------------------------------------------------ UCLG, ECCAR, RWI


def test_uclg_committee_co_chairs_in_2018(live_kg):
    r = set(rows(live_kg, """
        SELECT ?name ?attested WHERE {
          ?m a org:Membership ; org:organization organization:uclg-cisdp ; org:role role:co-chair ;
             org:member/rdfs:label ?name ; hrg:attestedIn ?attested ; hrg:dateUnknown true ;
             prov:wasDerivedFrom source:wikipedia-human-rights-city .
          FILTER (lang(?name) = "en") }"""))
    assert r == {("Mexico City", "2018"), ("Gwangju", "2018")}


def test_uclg_committee_is_a_unit_of_uclg(live_kg):
    r = rows(live_kg, """SELECT ?abbr WHERE { organization:uclg-cisdp a hrg:OrganizationalUnit ; org:unitOf ?u .
                    ?u hrg:abbreviation ?abbr }""")
    assert r == [("UCLG",)]


def test_uclg_committee_presented_statements_to_the_human_rights_council(live_kg):
    assert ask(live_kg, """ASK { ?e a hrg:Event ; hrg:participant organization:uclg-cisdp , ?council ; hrg:dateUnknown true .
                            ?council org:unitOf organization:united-nations ;
                                     rdfs:label "United Nations Human Rights Council"@en }""")


def test_eccar_member_count_is_a_lower_bound(live_kg):
    r = rows(live_kg, """
        SELECT ?value ?qualifier ?unit ?source WHERE {
          ?n hrg:abbreviation "ECCAR" ; hrg:memberCount ?q .
          ?q hrg:countValue ?value ; hrg:countQualifier ?qualifier ; schema:unitText ?unit ; prov:wasDerivedFrom ?source .
          FILTER (?source = source:wikipedia-human-rights-city) }""")
    assert r == [("104", HRG + "ontology#more-than", "municipalities", WIKIPEDIA)]


def test_eccar_adopted_a_ten_point_action_plan(live_kg):
    r = rows(live_kg, """SELECT ?plan WHERE { ?e hrg:adopter organization:eccar ; hrg:instrument ?p ; hrg:dateUnknown true .
                    ?p a hrg:ActionPlan ; rdfs:label ?plan }""")
    assert r == [("ECCAR Ten-Point Plan of Action",)]


def test_raoul_wallenberg_institute_affiliated_to_lund_university_since_1984(live_kg):
    r = rows(live_kg, """
        SELECT ?start ?dt WHERE {
          ?m org:member organization:raoul-wallenberg-institute ; org:organization organization:lund-university ;
             org:role role:affiliated-institution ; hrg:startDate ?start . BIND (DATATYPE(?start) AS ?dt) }""")
    assert r == [("1984", str(XSD.gYear))]
    assert not ask(live_kg, "ASK { organization:raoul-wallenberg-institute (owl:sameAs|^owl:sameAs) ?x }")
    assert ask(live_kg, """ASK { organization:raoul-wallenberg-centre-for-human-rights a hrg:Organization .
                            FILTER (organization:raoul-wallenberg-centre-for-human-rights != organization:raoul-wallenberg-institute) }""")


def test_us_alliance_and_southern_center(live_kg):
    r = rows(live_kg, """SELECT ?area WHERE { ?o rdfs:label "US National Human Rights Cities Alliance"@en ; hrg:areaServed ?area }""")
    assert r == [(HRG + "country/united-states",)]
    assert ask(live_kg, """ASK { ?o a hrg:Organization ; rdfs:label "Southern Center for Human Rights"@en ;
                            prov:wasDerivedFrom source:wikipedia-human-rights-city }""")


# ------------------------------------------------------------------ Human Rights Cities Network


def test_network_members_listed_december_2018(live_kg):
    r = set(rows(live_kg, """
        SELECT ?name ?attested ?source WHERE {
          ?m a org:Membership ; org:organization organization:human-rights-cities-network ; org:role role:member ;
             org:member/rdfs:label ?name ; hrg:attestedIn ?attested ; hrg:dateUnknown true ; prov:wasDerivedFrom ?source .
          FILTER (lang(?name) = "en") }"""))
    assert r == {(c, "2018-12-14", TAG_NETWORK) for c in ("Barcelona", "Graz", "Lund")}


def test_network_prospective_members_december_2018(live_kg):
    r = set(rows(live_kg, """
        SELECT ?name ?attested ?source WHERE {
          ?m a hrg:ProspectiveMembership ; hrg:prospectiveOrganization organization:human-rights-cities-network ;
             hrg:standing role:prospective-member ; hrg:prospect/rdfs:label ?name ; hrg:attestedIn ?attested ;
             prov:wasDerivedFrom ?source . FILTER (lang(?name) = "en") }"""))
    assert r == {("Bergen", "2018-12-14", BLOG_2018), ("Nuremberg", "2018-12-14", BLOG_2018)}
    # "Not yet listed" is no membership: a W3C ORG client counts neither city as a member.
    assert not ask(live_kg, "ASK { ?m a org:Membership ; org:member city:bergen }")


def test_network_principles_and_scope(live_kg):
    principles = column(live_kg, "SELECT ?n WHERE { organization:human-rights-cities-network hrg:hasPrinciple/rdfs:label ?n }")
    assert principles == {"professionalism", "inclusive governance", "a clear human rights perspective"}
    assert ask(live_kg, "ASK { organization:human-rights-cities-network a hrg:Network ; hrg:areaServed continent:europe }")


def test_network_distinguishes_formal_and_informal_processes(live_kg):
    processes = column(live_kg, """SELECT ?p WHERE { organization:human-rights-cities-network dcterms:subject ?p .
                             ?p a hrg:ProcessKind }""")
    assert processes == {HRG + "ontology#formal", HRG + "ontology#informal"}


# ------------------------------------------------------------------ example human rights cities


def test_example_human_rights_cities(live_kg):
    r = set(rows(live_kg, """
        SELECT ?city ?country WHERE {
          principle:human-rights-city skos:example ?c .
          ?c rdfs:label ?city ; hrg:country/rdfs:label ?country ; skos:scopeNote ?note .
          FILTER (lang(?city) = "en" && lang(?country) = "en") }"""))
    assert r == {("Timbuktu", "Mali"), ("Nagpur", "India"), ("Nuremberg", "Germany"), ("Madrid", "Spain"),
                 ("Seattle", "United States"), ("Winnipeg", "Canada")}


def test_example_cities_have_no_invented_designation(live_kg):
    assert not ask(live_kg, """ASK { principle:human-rights-city skos:example ?c . ?d a hrg:Designation ; hrg:adopter ?c .
                                """ + SEED_SOURCES + """ ?d prov:wasDerivedFrom ?seedSource }""")


def test_principles_human_rights_cities_rely_on(live_kg):
    names = column(live_kg, "SELECT ?n WHERE { principle:human-rights-city hrg:hasPrinciple/rdfs:label ?n }")
    assert names == {"equality", "participation", "transparency", "accountability", "democracy"}


# ------------------------------------------------------------------ #RightsCity 2019


def test_rightscity_2019_when_where_and_who_hosted(live_kg):
    r = rows(live_kg, """
        SELECT ?date ?dt ?edition ?cityName ?hostName ?parent WHERE {
          ?e hrg:partOfSeries series:rightscity-conference ; hrg:edition ?edition ; hrg:date ?date ;
             hrg:location/rdfs:label ?cityName ; hrg:host ?h .
          ?h rdfs:label ?hostName ; org:unitOf ?parent .
          FILTER (lang(?cityName) = "en" && lang(?hostName) = "en")
          BIND (DATATYPE(?date) AS ?dt) }""")
    assert r == [("2019-06-03", str(XSD.date), "3", "Montreal", "Montreal Institute for Genocide and Human Rights Studies",
                  HRG + "organization/concordia-university")]


def test_rightscity_2019_partners_and_broadcaster(live_kg):
    partners = column(live_kg, """SELECT ?n WHERE { event:rightscity-2019 hrg:partner ?p . ?p rdfs:label ?n .
                             FILTER (lang(?n) = "en") }""")
    assert partners == {"Raoul Wallenberg Centre for Human Rights", "Amnesty International",
                        "Canadian International Council", "Centre for International Peace and Security Studies"}
    assert column(live_kg, "SELECT ?a WHERE { event:rightscity-2019 hrg:broadcaster/hrg:abbreviation ?a }") == {"CPAC"}


def test_rightscity_2019_speakers(live_kg):
    speakers = column(live_kg, "SELECT ?n WHERE { event:rightscity-2019 hrg:speaker ?p . ?p a hrg:Person ; rdfs:label ?n }")
    assert speakers == {"Omar Abdulaziz", "Roméo Dallaire", "Shaparak Shajarizadeh", "Yang Jianli", "Jennifer Welsh",
                        "Kyle Matthews", "Pearl Eliadis", "Arthur Graham", "Michael J. Abramowitz", "Jeremy Kinsman"}


def test_speaker_nationalities(live_kg):
    r = set(rows(live_kg, """
        SELECT ?name ?country WHERE { event:rightscity-2019 hrg:speaker ?p .
          ?p rdfs:label ?name ; hrg:nationality/rdfs:label ?country . FILTER (lang(?country) = "en") }"""))
    assert r == {("Omar Abdulaziz", "Saudi Arabia"), ("Roméo Dallaire", "Canada"), ("Shaparak Shajarizadeh", "Iran"),
                 ("Yang Jianli", "China"), ("Pearl Eliadis", "Canada"), ("Arthur Graham", "Canada")}


def test_current_positions_of_contributors(live_kg):
    r = set(rows(live_kg, """
        SELECT ?person ?role ?orgName WHERE {
          ?m a org:Membership ; org:member ?p ; org:role ?role ; org:organization ?o ;
             prov:wasDerivedFrom source:hrd-blog-2019-06-02-movement-or-network .
          FILTER NOT EXISTS { ?m hrg:ended true }
          ?p rdfs:label ?person . ?o rdfs:label ?orgName . FILTER (lang(?orgName) = "en") }"""))
    role = HRG + "role/"
    assert r == {
        ("Kyle Matthews", role + "executive-director", "Montreal Institute for Genocide and Human Rights Studies"),
        ("Michael J. Abramowitz", role + "president", "Freedom House"),
        ("Pearl Eliadis", role + "fellow", "Raoul Wallenberg Centre for Human Rights"),
        ("Arthur Graham", role + "head-of-department", "Rule of law and human rights department of the OSCE Mission to Serbia"),
        ("Roméo Dallaire", role + "senator", "Senate of Canada"),
    }


def test_osce_department_belongs_to_the_mission_to_serbia(live_kg):
    assert ask(live_kg, """ASK { organization:osce-mission-to-serbia-rule-of-law-and-human-rights-department
                              org:unitOf ?mission . ?mission rdfs:label "OSCE Mission to Serbia"@en ;
                              hrg:areaServed country:serbia }""")


def test_former_positions(live_kg):
    r = set(rows(live_kg, """
        SELECT ?person ?role ?org WHERE { ?m a org:Membership ; hrg:ended true ; org:member/rdfs:label ?person ;
                                          org:role ?role ; org:organization ?o . ?o hrg:abbreviation ?org }"""))
    assert r == {("Jeremy Kinsman", HRG + "role/ambassador", "EU"), ("Jennifer Welsh", HRG + "role/adviser", "UN")}


def test_cameroon_contribution(live_kg):
    r = rows(live_kg, """SELECT ?author WHERE { ?p a hrg:Publication ; hrg:about country:cameroon ;
                    hrg:author/rdfs:label ?author ; dcterms:relation event:rightscity-2019 }""")
    assert r == [("Pearl Eliadis",)]


# ------------------------------------------------------------------ other named entities


def test_deklerck_thesis(live_kg):
    r = rows(live_kg, """SELECT ?title ?author WHERE { ?t a hrg:Publication ; hrg:author/rdfs:label ?author ;
                    rdfs:label ?title ; hrg:about principle:human-rights-city }""")
    assert r == [("Human Rights Cities: “Walking the Walk” or “Talking the Talk”", "Jasmien Deklerck")]


def test_unfpa_urban_population_share(live_kg):
    r = rows(live_kg, """SELECT ?v ?q WHERE { ?x prov:wasAttributedTo ?o ; hrg:countValue ?v ; hrg:countQualifier ?q .
                    ?o hrg:abbreviation "UNFPA" }""")
    assert r == [("50", HRG + "ontology#more-than")]


def test_instruments_named_in_the_seeds(live_kg):
    abbrs = column(live_kg, "SELECT ?a WHERE { ?i a ?c ; hrg:abbreviation ?a . ?c rdfs:subClassOf* hrg:Instrument }")
    assert {"UDHR", "CRC", "CEDAW", "SDGs"} <= abbrs


def test_organizations_named_in_the_seeds(live_kg):
    names = column(live_kg, """SELECT ?n WHERE { ?o a ?c ; rdfs:label ?n . ?c rdfs:subClassOf* hrg:Organization .
                          FILTER (lang(?n) = "en") }""")
    assert {
        "People's Movement for Human Rights Learning", "Human Rights Cities Network", "United Nations",
        "United Nations Population Fund", "Human Rights Careers", "European Coalition of Cities against Racism",
        "United Cities and Local Governments", "UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights",
        "Raoul Wallenberg Institute", "Lund University", "US National Human Rights Cities Alliance",
        "Southern Center for Human Rights", "Concordia University", "Amnesty International", "Freedom House",
        "European Union", "Cable Public Affairs Channel", "OSCE Mission to Serbia", "Gwangju human rights department",
    } <= names
