"""Questions only the public facts answer (../shared/data/public-facts.csv, issue 7).

The ~400 facts came into the graph through the ingestion path: curation/convert_public_facts.py wrote
curation/public-facts.csv in the documented input format, and `hrgraph ingest` added it to graph/*.ttl.
Every answer below rests on the public page a fact was read from; where pages disagree, the graph
keeps each version with its own source, and the tests ask for all of them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from hrgraph.curation import ingest
from hrgraph.sparql import run_query

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_FACTS = ROOT.parent / "shared" / "data" / "public-facts.csv"
CONVERTED = ROOT / "curation" / "public-facts.csv"
BASE = "https://w3id.org/hrgraph/"
HRG = "ontology#"  # as rows() writes hrgraph IRIs: without the base

PREFIXES = """
PREFIX hrg: <https://w3id.org/hrgraph/ontology#>
PREFIX role: <https://w3id.org/hrgraph/role/>
PREFIX country: <https://w3id.org/hrgraph/country/>
PREFIX city: <https://w3id.org/hrgraph/city/>
PREFIX localgov: <https://w3id.org/hrgraph/localgov/>
PREFIX organization: <https://w3id.org/hrgraph/organization/>
PREFIX instrument: <https://w3id.org/hrgraph/instrument/>
PREFIX event: <https://w3id.org/hrgraph/event/>
PREFIX series: <https://w3id.org/hrgraph/series/>
PREFIX source: <https://w3id.org/hrgraph/source/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""


def rows(kg: Graph, query: str) -> set[tuple[str | None, ...]]:
    """A SELECT query's rows as tuples of strings, hrgraph IRIs without their base."""
    return {tuple(None if v is None else str(v).removeprefix(BASE) for v in row) for row in kg.query(PREFIXES + query)}


def test_eccar_was_founded_in_nuremberg_on_10_december_2004(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?date ?datatype ?place ?founder ?page WHERE {
          ?f a hrg:Founding ; hrg:foundedBody organization:eccar ; hrg:date ?date ; prov:wasDerivedFrom/schema:url ?page .
          OPTIONAL { ?f hrg:location ?place } OPTIONAL { ?f hrg:founder ?founder }
          BIND (DATATYPE(?date) AS ?datatype) }""") == {
        ("2004-12-10", str(XSD.date), "city/nuremberg", None, "https://www.eccar.info/en/welcome-eccar"),
        ("2004", str(XSD.gYear), None, "organization/unesco", "https://www.eccar.info/en/welcome-eccar"),
    }  # the same page: founded in Nuremberg on 10 December 2004, an initiative UNESCO launched in 2004
    assert rows(kg, """
        SELECT ?date ?place WHERE { ?a a hrg:Adoption ; hrg:instrument instrument:eccar-ten-point-plan-of-action ;
          hrg:date ?date ; hrg:adoptedAt/hrg:location ?place }""") == {("2004-12-10", "city/nuremberg")}


def test_pdhre_four_names_with_their_dates(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?kind ?name WHERE {
          VALUES (?property ?kind) { (rdfs:label "label") (hrg:formerName "former") (hrg:abbreviation "abbreviation") }
          organization:pdhre ?property ?name }""") == {
        ("label", "People's Movement for Human Rights Learning"),
        ("former", "People's Decade for Human Rights Education"),  # the seeds
        ("former", "People's Movement for Human Rights Education"),
        ("abbreviation", "PDHRE"),
    }
    assert rows(kg, """
        SELECT ?name ?from ?page WHERE { ?n a hrg:Naming ; hrg:about organization:pdhre ; hrg:name ?name ;
          hrg:date ?from ; prov:wasDerivedFrom/schema:url ?page }""") == {
        ("People's Movement for Human Rights Education", "1999", "https://pdhre.org/report95_97/board-oct2000.html"),
        ("People's Movement for Human Rights Learning", "2008",
         "https://www.scribd.com/document/686925824/Human-Rights-Cities-Book"),
    }
    assert rows(kg, """SELECT ?founder ?date WHERE { ?f hrg:foundedBody organization:pdhre ; hrg:founder ?founder ;
                       hrg:date ?date }""") == {("person/shulamith-koenig", "1988")}


def test_gwangju_guiding_principles_three_adoption_dates_each_with_its_source(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?date ?forum ?page WHERE { ?a a hrg:Adoption ; hrg:instrument instrument:gwangju-guiding-principles ;
          hrg:date ?date ; hrg:adoptedAt ?forum ; prov:wasDerivedFrom/schema:url ?page }""") == {
        ("2011", "event/world-human-rights-cities-forum-2011",
         "https://www.old.uclg.org/en/media/events/vi-world-human-rights-cities-forum-meeting-committee-social-inclusion-"
         "participatory"),
        ("2013-05", "event/world-human-rights-cities-forum-2013",
         "https://hurights.or.jp/archives/focus/section2/2013/06/2013-world-human-rights-cities-forum.html"),
        ("2014-05-17", "event/world-human-rights-cities-forum-2014",
         "http://en.whrcf.org/generaldata/?q=YToyOntzOjEyOiJrZXl3b3JkX3R5cGUiO3M6MzoiYWxsIjtzOjQ6InBhZ2UiO2k6Mzt9"
         "&bmode=view&idx=54278730&t=board"),
    }
    assert rows(kg, "SELECT ?d WHERE { instrument:gwangju-guiding-principles hrg:date ?d }") == {("2014",)}  # the seed
    conflicts = run_query("conflicts", graph=kg)
    pairs = {(str(row[4]), str(row[7])) for row in conflicts.rows
             if str(row[1]) == BASE + "instrument/gwangju-guiding-principles"}
    assert pairs == {("2011", "2013-05"), ("2011", "2014-05-17"), ("2013-05", "2014-05-17")}


def test_lund_declared_itself_a_human_rights_city_in_august_2018(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?date ?datatype ?process ?kind ?page WHERE {
          ?d a hrg:Designation ; hrg:adopter city:lund ; hrg:date ?date ; hrg:process ?process ;
             hrg:instrument/a ?kind ; prov:wasDerivedFrom/schema:url ?page .
          BIND (DATATYPE(?date) AS ?datatype) }""") == {
        ("2018-08", str(XSD.gYearMonth), HRG + "formal", HRG + "Resolution",
         "https://lund.se/kommun--politik/manskliga-rattigheter/"),
        ("2018-08", str(XSD.gYearMonth), HRG + "formal", HRG + "Resolution",
         "https://humanrightscities.net/humanrightscity/lund"),
    }  # two pages agree: two designations, each with its source


def test_uclg_committee_collective_co_presidency_of_2015(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?member ?kind ?start ?attested WHERE {
          ?m org:organization organization:uclg-cisdp ; org:role role:co-chair ; org:member ?member ;
             prov:wasDerivedFrom source:old-uclg-org-en-media-news-new-co-presidency-cisdp-reinforces-its .
          ?member a ?kind .
          OPTIONAL { ?m hrg:startDate ?start } OPTIONAL { ?m hrg:attestedIn ?attested } }""") == {
        ("city/mexico-city", HRG + "City", "2015-04-21", None),
        ("city/gwangju", HRG + "City", "2015-04-21", None),
        ("localgov/seine-saint-denis", HRG + "LocalGovernment", "2015-04-21", None),  # a département
        ("localgov/plaine-commune", HRG + "LocalGovernment", None, "2015"),  # "already part of the presidency"
    }


def test_eccar_member_counts_side_by_side(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?qualifier ?value ?unit ?date ?page WHERE {
          organization:eccar hrg:memberCount ?q .
          ?q hrg:countQualifier ?qualifier ; hrg:countValue ?value ; schema:unitText ?unit ;
             prov:wasDerivedFrom ?source . OPTIONAL { ?q hrg:date ?date } OPTIONAL { ?source schema:url ?page } }""") == {
        (HRG + "more-than", "104", "municipalities", None, "https://en.wikipedia.org/wiki/Human_Rights_City"),
        (HRG + "exactly", "121", "municipalities from 24 countries", None,
         "http://www.unesco.org/new/en/social-and-human-sciences/themes/fight-against-discrimination/coalition-of-"
         "cities/eccar/call-for-eccar/"),
        (HRG + "more-than", "104", "municipalities from 22 countries", None,
         "https://www.nuernberg.de/internet/menschenrechte_e/staedte_koalition_en.html"),
        (HRG + "more-than", "130", "member cities", "2020-12",
         "http://www.comune.bologna.it/internationalrelations/servizi/160:14325/16541/"),
    }


def test_local_governments_that_are_not_cities(kg: Graph) -> None:
    assert rows(kg, """SELECT ?place ?kind ?country WHERE { ?place a hrg:LocalGovernment ; hrg:country ?country ;
                       hrg:localGovernmentKind ?kind }""") == {
        ("localgov/chungcheongnam-do", HRG + "province", "country/south-korea"),
        ("localgov/seine-saint-denis", HRG + "departement", "country/france"),
        ("localgov/plaine-commune", HRG + "intercommunal-body", "country/france"),
        ("localgov/wonosobo", HRG + "regency", "country/indonesia"),
    }
    assert not rows(kg, "SELECT ?x WHERE { ?x a hrg:City ; a hrg:LocalGovernment }")


def test_world_human_rights_cities_forum_editions(kg: Graph) -> None:
    assert rows(kg, """SELECT ?year ?edition ?date WHERE { ?e hrg:partOfSeries series:world-human-rights-cities-forum ;
                       hrg:date ?date ; hrg:location city:gwangju . OPTIONAL { ?e hrg:edition ?edition }
                       BIND (SUBSTR(STR(?date), 1, 4) AS ?year) }""") == {
        ("2011", "1", "2011"), ("2012", None, "2012"), ("2013", "3", "2013-05-15"), ("2014", "4", "2014-05-15"),
        ("2015", "5", "2015-05-15"), ("2016", "6", "2016-07-21"), ("2017", "7", "2017-09"),
        ("2018", "8", "2018-10-18"), ("2019", None, "2019-09-30"), ("2020", "10", "2020-10-07"),
        ("2021", None, "2021-10-06"),
    }  # editions as the sources number them; none numbers 2012, 2019 or 2021
    assert rows(kg, """SELECT ?planned WHERE { event:world-human-rights-cities-forum-2020 hrg:plannedDate ?planned }""") \
        == {("2020-05-17",)}  # planned for May in Gwangju, held online in October
    assert rows(kg, """SELECT ?e ?edition WHERE { ?e hrg:partOfSeries series:rightscity-conference ; hrg:edition ?edition }""") \
        == {("event/rightscity-2017", "1"), ("event/rightscity-2018", "2"), ("event/rightscity-2019", "3")}


def test_adoption_and_entry_into_force_are_distinct(kg: Graph) -> None:
    assert rows(kg, """
        SELECT ?instrument ?adopted ?inForce ?where WHERE {
          ?x a hrg:EntryIntoForce ; hrg:instrument ?instrument ; hrg:date ?inForce . OPTIONAL { ?x hrg:location ?where }
          ?a a hrg:Adoption ; hrg:instrument ?instrument ; hrg:date ?adopted }""") == {
        ("instrument/crc", "1989-11-20", "1990-09-02", None),
        ("instrument/cedaw", "1979-12-18", "1981-09-03", None),
        ("instrument/montreal-charter-of-rights-and-responsibilities", "2005-06-20", "2006-01-01", "city/montreal"),
        ("instrument/montreal-charter-of-rights-and-responsibilities", "2006", "2006-01-01", "city/montreal"),
    }  # UCLG dates the Montreal Charter 2006, its entry into force: two adoptions, side by side


def test_european_charter_signatories_counted_by_each_source(kg: Graph) -> None:
    assert rows(kg, """SELECT ?qualifier ?value ?unit ?date WHERE {
          instrument:european-charter-human-rights-in-the-city hrg:signatoryCount ?q .
          ?q hrg:countQualifier ?qualifier ; hrg:countValue ?value ; schema:unitText ?unit .
          OPTIONAL { ?q hrg:date ?date } }""") == {
        (HRG + "exactly", "96", "cities", "2000-05"),  # at Saint-Denis
        (HRG + "exactly", "235", "cities from 21 European countries", None),
        (HRG + "more-than", "350", "European cities", None),
        (HRG + "more-than", "400", "cities", None),
    }
    assert rows(kg, """SELECT ?value ?total ?date WHERE { country:south-korea hrg:hasQuantity ?q .
                       ?q hrg:countValue ?value ; hrg:countTotal ?total ; hrg:date ?date }""") == {("98", "243", "2017-04")}


def test_the_lead_organizer_of_rightscity_2019_is_disputed(kg: Graph) -> None:
    answer = run_query("conflicts", graph=kg)
    organizers = [tuple(str(v) for v in (row[4], row[5], row[7], row[8])) for row in answer.rows if row[0].value == "organizer"]
    assert organizers == [(
        "Montreal Institute for Genocide and Human Rights Studies (host)", "Human rights cities movement or network?",
        "Raoul Wallenberg Centre for Human Rights (organizer)", "Cameroon rights city conference media advisory (lrwc.org)",
    )]


def test_conflicts_query_lists_every_kind_of_disagreement(kg: Graph) -> None:
    answer = run_query("conflicts", graph=kg)
    kinds = [row[0].value for row in answer.rows]
    assert {kind: kinds.count(kind) for kind in dict.fromkeys(kinds)} == {"count": 12, "date": 14, "founder": 1,
                                                                          "organizer": 1, "sequence": 1}
    dates = {(str(row[1]).removeprefix(BASE), str(row[4]), str(row[7])) for row in answer.rows if row[0].value == "date"}
    assert dates == {
        ("city/barcelona", "2016", "2017-12"), ("city/graz", "2000", "2001"), ("city/graz", "2000", "2001-02-08"),
        ("instrument/gwangju-guiding-principles", "2011", "2013-05"),
        ("instrument/gwangju-guiding-principles", "2011", "2014-05-17"),
        ("instrument/gwangju-guiding-principles", "2013-05", "2014-05-17"),
        ("city/montreal", "2005-06-20", "2006"), ("city/seattle", "2012-12-10", "2012-12-14"),
        ("instrument/un-human-rights-council-resolution-a-hrc-res-24-2", "2013-09-26", "2013-09-27"),
        ("city/utrecht", "2010", "2012"), ("organization/utrecht-local-human-rights-coalition", "2011", "2013"),
        ("instrument/world-charter-for-the-right-to-the-city", "2001", "2005-01"),
        ("city/york", "2017-04-24", "2017-05"),
    }


def test_similar_names_stay_different_things(kg: Graph) -> None:
    assert rows(kg, """SELECT ?body ?date ?place WHERE { ?f a hrg:Founding ; hrg:foundedBody ?body ; hrg:date ?date ;
                       hrg:location ?place .
                       FILTER (?body IN (organization:raoul-wallenberg-institute,
                                         organization:raoul-wallenberg-centre-for-human-rights)) }""") == {
        ("organization/raoul-wallenberg-institute", "1984", "city/lund"),
        ("organization/raoul-wallenberg-centre-for-human-rights", "2015", "city/montreal"),
    }
    assert rows(kg, """SELECT ?name WHERE { organization:international-coalition-of-cities-against-racism
                       skos:altLabel|hrg:abbreviation ?name }""") == {
        ("International Coalition of Inclusive and Sustainable Cities",), ("ICCAR",)}


def test_descriptions_recommendations_and_refusals_are_not_designations(kg: Graph) -> None:
    assert rows(kg, "SELECT ?place ?status WHERE { ?c a hrg:StatusClaim ; hrg:about ?place ; hrg:statusName ?status }") == {
        ("city/gothenburg", "human rights city"), ("city/salzburg", "human rights city"),
        ("city/middelburg", "human rights city"), ("city/edmonton", "human rights city"),
        ("city/san-francisco", "human rights city"), ("city/nuremberg", "City of Peace and Human Rights"),
        ("city/winnipeg", "City of Human Rights Education"),
        ("city/gwangju", "where the Human Rights City initiative was established"),
    }
    assert rows(kg, """SELECT ?date WHERE { ?r a hrg:Recommendation ; hrg:about city:winnipeg ; hrg:date ?date }""") \
        == {("2007-03",)}
    assert not rows(kg, "SELECT ?d WHERE { ?d a hrg:Designation ; hrg:adopter city:winnipeg }")
    assert rows(kg, """SELECT ?agent ?date WHERE { ?r a hrg:Rejection ; hrg:agent ?agent ;
                       hrg:instrument instrument:seoul-human-rights-charter-draft ; hrg:date ?date }""") == {
        ("city/seoul", "2014-11-30")}


def test_every_public_fact_source_is_a_source_of_the_graph(kg: Graph) -> None:
    if not PUBLIC_FACTS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{PUBLIC_FACTS} missing: CI must check the public facts")
        pytest.skip(f"{PUBLIC_FACTS} not available")
    import csv

    with PUBLIC_FACTS.open(encoding="utf-8") as stream:
        urls = {row["source_url"] for row in csv.DictReader(stream) if not row["source_url"].startswith("seed:")}
    proxy = [url for url in urls if "appwritefunc" in url]
    assert len(proxy) == 1  # a proxy copy of a Scribd document: the graph cites the document itself
    graph_urls = {str(url) for url in kg.objects(None, URIRef("https://schema.org/url"))}
    assert urls - set(proxy) <= graph_urls
    assert "https://www.scribd.com/document/686925824/Human-Rights-Cities-Book" in graph_urls


def test_the_converted_file_is_what_the_script_writes_and_is_already_ingested(kg: Graph, tmp_path: Path) -> None:
    if not PUBLIC_FACTS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{PUBLIC_FACTS} missing: CI must check the public facts")
        pytest.skip(f"{PUBLIC_FACTS} not available")
    sys.path.insert(0, str(ROOT / "curation"))
    try:
        import convert_public_facts
    finally:
        sys.path.pop(0)
    output = tmp_path / "public-facts.csv"
    assert convert_public_facts.main(["convert", str(PUBLIC_FACTS), str(output)]) == 0
    assert output.read_bytes() == CONVERTED.read_bytes()
    result = ingest(CONVERTED, dry_run=True, graph_dir=ROOT / "graph")  # the curated graph holds every fact of it
    assert (result.added, result.changed, result.conflicting, result.files) == ([], [], [], {})
    assert len(result.unchanged) == result.rows == 543  # the rows of curation/public-facts.csv
