"""hrgraph ingest: spreadsheets of facts (CSV or YAML) into the curated Turtle files.

Every test ingests a tiny inline file into a temporary copy of graph/ (the graph_dir parameter), never
into the bundled graph. Bad input is refused with the file, line and column of every bad row, and the
data files stay byte-identical.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SDO, SKOS, XSD

from hrgraph.cli import cli
from hrgraph.curation import (
    HANDLERS,
    PREDICATES,
    TYPES,
    IngestLockedError,
    IngestValidationError,
    graph_lock,
    ingest,
    parse_count,
    parse_date,
    slugify,
)
from hrgraph.curation.rows import read_rows
from hrgraph.errors import InputError
from hrgraph.load import load
from hrgraph.mapping import key
from hrgraph.namespaces import GEO, GEOSPARQL, HRG, ROLE
from hrgraph.paths import GRAPH_DIR, working_graph_dir
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file
from hrgraph.sparql import run_query

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/hrgraph/"
CITY = BASE + "city/"
HEADER = "subject,subject_type,predicate,object,object_type,date,as_of,role,process,source_url,note\n"
ECCAR_PAGE = "https://www.eccar.info/en/members"
SEED_GRAPH = ROOT / "tests" / "fixtures" / "seed-graph"


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    """A private copy of the curated files: the graph every test grows."""
    target = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, target, ignore=shutil.ignore_patterns(".*"))
    return target


def write(tmp_path: Path, text: str, name: str = "facts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def graph_of(directory: Path) -> Graph:
    return load([directory])


def refused(tmp_path: Path, graph_dir: Path, text: str, name: str = "facts.csv", **options: object) -> str:
    """Ingest ``text``, expect a refusal, check that no file changed, and return the message."""
    before = snapshot(graph_dir)
    path = write(tmp_path, text, name) if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        ingest(path, graph_dir=graph_dir, **options)
    assert snapshot(graph_dir) == before
    return str(caught.value)


# ------------------------------------------------------------------ the happy path


def test_csv_rows_become_sourced_facts_in_canonical_files(tmp_path: Path, graph_dir: Path) -> None:
    path = write(tmp_path, HEADER
                 + f"Dortmund,city,member of,European Coalition of Cities against Racism,,,,,,{ECCAR_PAGE},\n"
                 + f"Dortmund,,located in,Germany,,,,,,{ECCAR_PAGE},country added by the curators\n")
    result = ingest(path, graph_dir=graph_dir)
    assert result.written
    assert {item.curie for item in result.added} == {
        "city:dortmund", "membership:dortmund--eccar--member", "source:eccar-info-en-members"}
    graph = graph_of(graph_dir)
    dortmund = URIRef(CITY + "dortmund")
    assert (dortmund, HRG.country, URIRef(BASE + "country/germany")) in graph
    assert (dortmund, RDFS.label, Literal("Dortmund", lang="en")) in graph
    source = URIRef(BASE + "source/eccar-info-en-members")
    assert (source, SDO.url, URIRef(ECCAR_PAGE)) in graph
    assert (source, RDF.type, HRG.Source) in graph
    membership = URIRef(BASE + "membership/dortmund--eccar--member")
    assert set(graph.predicate_objects(membership)) >= {
        (ORG.member, dortmund), (ORG.organization, URIRef(BASE + "organization/eccar")), (ORG.role, ROLE.member),
        (HRG.dateUnknown, Literal(True)), (PROV.wasDerivedFrom, source)}
    for path in graph_dir.glob("*.ttl"):  # every file the ingest wrote is in canonical Turtle
        assert path.read_bytes() == serialize(parse_file(path), "turtle"), path
    assert result.files == {graph_dir / "cities.ttl": 5, graph_dir / "memberships.ttl": 7,
                            graph_dir / "sources.ttl": 5,
                            graph_dir / "statements.ttl": 25}  # attestations: 5 triples per statement and source
    country = [node for node in graph.subjects(RDF.subject, dortmund)
               if (node, RDF.predicate, HRG.country) in graph]  # the row's source states Dortmund's country
    assert [graph.value(node, PROV.wasDerivedFrom) for node in country] == [source]


def test_reliability_64_reimport_adds_nothing(tmp_path: Path, graph_dir: Path) -> None:
    text = (HEADER + f"Dortmund,city,member of,European Coalition of Cities against Racism,,2004,,,,{ECCAR_PAGE},\n"
            + f"Dortmund,,located in,Germany,,,,,,{ECCAR_PAGE},\n")
    path = write(tmp_path, text)
    ingest(path, graph_dir=graph_dir)
    before, size = snapshot(graph_dir), len(graph_of(graph_dir))
    again = ingest(path, graph_dir=graph_dir)
    assert (again.added, again.changed, again.conflicting, again.files) == ([], [], [], {})
    assert again.unchanged == [2, 3] and not again.written
    assert snapshot(graph_dir) == before and len(graph_of(graph_dir)) == size


def test_seed_facts_reimported_from_their_seed_source_add_nothing(tmp_path: Path, graph_dir: Path) -> None:
    path = write(tmp_path, HEADER
                 + "Saint-Denis,,adopted,European Charter for the Safeguarding of Human Rights in the City,,2000,,,,"
                   "seed:000/2022-01-25,\n"
                 + "Seoul,,declared human rights city,human rights municipal system,status,2012,,,formal,seed:003,\n"
                 + "Bergen,,prospective member of,Human Rights Cities Network,,,2018,,,seed:000,seed post of Dec 2018\n")
    before = graph_of(graph_dir)
    result = ingest(path, graph_dir=graph_dir)
    added = graph_of(graph_dir) - before
    # The seed-era graph has no attestations: re-importing adds the rows' attestations. Its Bergen is an
    # org:Membership with a prospective role; the row now makes the hrg:ProspectiveMembership that is
    # the model today, on the post of 14 December 2018 ('Dec 2018' picked it). Nothing else is new.
    prospective = URIRef(BASE + "membership/bergen--human-rights-cities-network--prospective-member"
                         "-the-human-rights-cities-network-a-good-beginning")
    assert {s for s in added.subjects() if not str(s).startswith(BASE + "statement/")} == {prospective}
    assert (prospective, RDF.type, HRG.ProspectiveMembership) in added
    assert (prospective, PROV.wasDerivedFrom, URIRef(BASE + "source/hrd-blog-2018-12-14-human-rights-cities-network")) in added
    assert [item.curie for item in result.added] == [
        "membership:bergen--human-rights-cities-network--prospective-member-the-human-rights-cities-network-a-good-beginning"]


def test_yaml_rows_are_the_same_facts(tmp_path: Path, graph_dir: Path) -> None:
    csv_dir = tmp_path / "csv-graph"
    shutil.copytree(graph_dir, csv_dir)
    ingest(write(tmp_path, HEADER + f"Dortmund,city,member of,ECCAR,,2004-12,,founding member,,{ECCAR_PAGE},\n"
                 + f"Dortmund,,located in,Germany,,,,,,{ECCAR_PAGE},\n"), graph_dir=csv_dir)
    yaml_text = f"""
- subject: Dortmund
  subject_type: city
  predicate: member of
  object: ECCAR
  date: 2004-12
  role: founding member
  source_url: {ECCAR_PAGE}
- {{subject: Dortmund, predicate: located in, object: Germany, source_url: "{ECCAR_PAGE}"}}
"""
    ingest(write(tmp_path, yaml_text, "facts.yaml"), graph_dir=graph_dir)
    assert snapshot(graph_dir) == snapshot(csv_dir)
    start = graph_of(graph_dir).value(URIRef(BASE + "membership/dortmund--eccar--founding-member"), HRG.startDate)
    assert (str(start), start.datatype) == ("2004-12", XSD.gYearMonth)


# ------------------------------------------------------------------ matching names


@pytest.mark.parametrize("name", ["Nürnberg", "Nuremberg", "nuremberg", "NUREMBERG", "Nu\u0308rnberg", "city/nuremberg"])
def test_reliability_64_names_in_any_language_case_or_normal_form_land_on_one_resource(name: str, tmp_path: Path,
                                                                         graph_dir: Path) -> None:
    result = ingest(write(tmp_path, HEADER + f"{name},,member of,ECCAR,,2004,,,,{ECCAR_PAGE},\n"), graph_dir=graph_dir)
    members = {o for item in result.added for s, p, o in graph_of(graph_dir).triples((item.node, ORG.member, None))}
    assert members == {URIRef(CITY + "nuremberg")}


def test_a_near_name_is_reported_and_refused_until_the_curator_decides(tmp_path: Path, graph_dir: Path) -> None:
    message = refused(tmp_path, graph_dir, HEADER + f"Nurnberg,,member of,ECCAR,,2004,,,,{ECCAR_PAGE},\n")
    assert "facts.csv:2: column 1 (subject): 'Nurnberg' is not a name in the graph but is near city:nuremberg " \
           "(named 'Nürnberg')" in message
    assert "skos:altLabel" in message and "subject_id" in message
    # the curator decides: the same city, recorded as an alternative name in the same file
    result = ingest(write(tmp_path, HEADER + f"Nurnberg,,member of,ECCAR,,2004,,,,{ECCAR_PAGE},\n"
                          + f"Nuremberg,,also known as,Nurnberg,,,,,,{ECCAR_PAGE},\n"), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    assert (URIRef(CITY + "nuremberg"), SKOS.altLabel, Literal("Nurnberg", lang="en")) in graph
    assert [item.curie for item in result.added if item.curie.startswith("membership:")] == [
        "membership:nuremberg--eccar--member"]


def test_a_near_name_for_another_entity_gets_its_own_slug(tmp_path: Path, graph_dir: Path) -> None:
    text = ("subject,subject_id,subject_type,predicate,object,source_url\n"
            f"#RightsCity 2019,,,located in,Montreal,{ECCAR_PAGE}\n")
    assert "near event:rightscity-2019" in refused(tmp_path, graph_dir, text)
    text = ("subject,subject_id,subject_type,predicate,object,date,source_url\n"
            f"#RightsCity 2019,event/rightscity-2019-montreal-march,event,held in,Montreal,2019-06-02,{ECCAR_PAGE}\n")
    ingest(write(tmp_path, text), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    march = URIRef(BASE + "event/rightscity-2019-montreal-march")
    assert (march, RDFS.label, Literal("#RightsCity 2019", lang="en")) in graph
    assert graph.value(march, HRG.date) == Literal("2019-06-02", datatype=XSD.date)


def test_reliability_64_places_of_one_name_in_two_countries_get_two_iris(tmp_path: Path, graph_dir: Path) -> None:
    page = "https://example.org/saint-denis"
    result = ingest(write(tmp_path, HEADER + f"Saint-Denis,city,located in,France,country,,,,,{page},\n"
                          + f"Saint-Denis,city,located in,Réunion,country,,,,,{page},\n"
                          + f"Réunion,country,located in,Africa,continent,,,,,{page},\n"), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    assert set(graph.subjects(RDFS.label, Literal("Saint-Denis", lang="en"))) == {
        URIRef(CITY + "saint-denis"), URIRef(CITY + "saint-denis-reunion")}
    assert graph.value(URIRef(CITY + "saint-denis-reunion"), HRG.country) == URIRef(BASE + "country/reunion")
    assert result.unchanged == []  # the French one gained the page as a source
    message = refused(tmp_path, graph_dir, HEADER + f"Saint-Denis,,member of,ECCAR,,,,,,{page},\n")
    assert "'Saint-Denis' names several entities: city:saint-denis (Saint-Denis, France), " \
           "city:saint-denis-reunion (Saint-Denis, Réunion); give subject_id" in message


def test_slugs_are_stable_ascii_and_never_reused() -> None:
    assert slugify("Wrocław") == "wroclaw"
    assert slugify("Seine-Saint-Denis") == "seine-saint-denis"
    assert slugify("UN Human Rights Council resolution A/HRC/RES/24/2") == "un-human-rights-council-resolution-a-hrc-res-24-2"
    assert slugify("Declaration Vienna – City of Human Rights") == "declaration-vienna-city-of-human-rights"


# ------------------------------------------------------------------ sources


def test_a_row_without_a_source_is_refused_with_file_line_and_column(tmp_path: Path, graph_dir: Path) -> None:
    message = refused(tmp_path, graph_dir, HEADER + "Dortmund,city,located in,Germany,,,,,,,\n")
    assert "facts.csv:2: column 10 (source_url): no source: every fact needs one" in message
    yaml_text = "- subject: Dortmund\n  subject_type: city\n  predicate: located in\n  object: Germany\n" \
                "  source_url: https://example.org/a\n- subject: Lyon\n  subject_type: city\n" \
                "  predicate: located in\n  object: Germany\n"
    message = refused(tmp_path, graph_dir, yaml_text, name="facts.yaml")
    assert "facts.yaml:6: source_url: no source" in message


def test_seed_sources_map_to_the_seed_documents(tmp_path: Path, graph_dir: Path) -> None:
    result = ingest(write(tmp_path, HEADER
                          + "Busan,,member of,UCLG,,,,,,seed:003,\n"
                          + "Seoul,,member of,UCLG,,,,,,seed:000,Dec 2018 post\n"
                          + "Gwangju,,member of,UCLG,,,,,,seed:000/2019-06-02,\n"
                          + "Madrid,,member of,UCLG,,,,,,seed:000,\n"), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    sources = {item.curie.split("--")[0]: graph.value(item.node, PROV.wasDerivedFrom) for item in result.added}
    assert {k: str(v).rsplit("/", 1)[-1] for k, v in sources.items()} == {
        "membership:busan": "wikipedia-human-rights-city",
        "membership:seoul": "hrd-blog-2018-12-14-human-rights-cities-network",
        "membership:gwangju": "hrd-blog-2019-06-02-movement-or-network",
        "membership:madrid": "hrd-blog-tag-human-rights-cities-network",
    }


def test_new_sources_take_the_row_title_or_one_derived_from_the_url(tmp_path: Path, graph_dir: Path) -> None:
    text = ("subject,predicate,object,source_url,source_title\n"
            "Graz,member of,ECCAR,https://www.graz.at/menschenrechte/eccar-beitritt.html,\n"
            "Lund,member of,ECCAR,https://lund.se/x,Lund joins ECCAR\n")
    ingest(write(tmp_path, text), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    titles = {str(graph.value(s, SDO.url)): str(graph.value(s, URIRef("http://purl.org/dc/terms/title")))
              for s in graph.subjects(RDF.type, HRG.Source) if graph.value(s, SDO.url)}
    assert titles["https://www.graz.at/menschenrechte/eccar-beitritt.html"] == "Eccar beitritt (graz.at)"
    assert titles["https://lund.se/x"] == "Lund joins ECCAR"


def test_names_in_korean_japanese_or_chinese_script_carry_their_language(tmp_path: Path, graph_dir: Path) -> None:
    """A name in Latin letters is the English name; Hangul is Korean and kana Japanese; Han characters
    alone (Chinese, Japanese or Korean alike) take the row's language column, and without it the row
    is refused, naming the column."""
    text = ("subject,subject_id,subject_type,predicate,object,object_type,source_url,source_title,language\n"
            "양평군,localgov/yangpyeong,local government,located in,South Korea,,https://a.example/ko,양평군 인권 조례,\n"
            "Busan,,,also known as,부산광역시,,https://a.example/busan,,\n"
            "うきは市,city/ukiha,city,located in,Japan,country,https://a.example/ja,,\n"
            "湯沢町,localgov/yuzawa,local government,located in,Japan,country,https://a.example/ja2,湯沢町人権条例,ja\n"
            "內湖區,localgov/neihu,local government,located in,Taiwan,country,https://a.example/zh,,zh-Hant\n")
    ingest(write(tmp_path, text), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    names = {"양평군", "うきは市", "湯沢町", "內湖區", "양평군 인권 조례", "湯沢町人権条例"}
    languages = {str(label): label.language.lower() for label in graph.objects(None, RDFS.label) if str(label) in names}
    assert languages == {"양평군": "ko", "うきは市": "ja", "湯沢町": "ja", "內湖區": "zh-hant",
                         "양평군 인권 조례": "ko", "湯沢町人権条例": "ja"}
    assert Literal("부산광역시", lang="ko") in set(graph.objects(URIRef(CITY + "busan"), SKOS.altLabel))
    message = refused(tmp_path, graph_dir, "subject,subject_id,subject_type,predicate,object,source_url\n"
                      "湯布院町,localgov/yufuin,local government,located in,Japan,https://a.example/ja3\n")
    assert "facts.csv:2: column 1 (subject): '湯布院町' is written in Han characters" in message
    assert "give its language in the language column" in message
    message = refused(tmp_path, graph_dir, "subject,subject_id,subject_type,predicate,object,source_url,language\n"
                      "湯布院町,localgov/yufuin,local government,located in,Japan,https://a.example/ja3,Japanese\n")
    assert "column 7 (language): 'Japanese' is not a language tag" in message


# ------------------------------------------------------------------ facts, dates, conflicts


def test_dates_keep_their_precision(tmp_path: Path, graph_dir: Path) -> None:
    assert [(str(d), d.datatype) for d in map(parse_date, ("2004", "2018-08", "2004-12-10"))] == [
        ("2004", XSD.gYear), ("2018-08", XSD.gYearMonth), ("2004-12-10", XSD.date)]
    text = HEADER + "".join(f"{city},,member of,ECCAR,,{date},,,,{ECCAR_PAGE},\n"
                            for city, date in (("Graz", "2006"), ("Lund", "2018-08"), ("Madrid", "2004-12-10")))
    result = ingest(write(tmp_path, text), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    memberships = [item.node for item in result.added + result.conflicting if item.curie.startswith("membership:")]
    starts = {str(graph.value(m, ORG.member)).rsplit("/", 1)[-1]: graph.value(m, HRG.startDate) for m in memberships}
    assert {city: (str(d), d.datatype) for city, d in starts.items()} == {
        "graz": ("2006", XSD.gYear), "lund": ("2018-08", XSD.gYearMonth), "madrid": ("2004-12-10", XSD.date)}


@pytest.mark.parametrize("date", ["2014-2021", "2001-13", "2001-02-30", "10 Dec 2004", "04"])
def test_a_malformed_date_names_the_row(date: str, tmp_path: Path, graph_dir: Path) -> None:
    message = refused(tmp_path, graph_dir, HEADER + f"Graz,,member of,ECCAR,,{date},,,,{ECCAR_PAGE},\n")
    assert re.search(rf"facts.csv:2: column 6 \(date\): '{re.escape(date)}' is not a (calendar )?date", message)


def test_conflicting_values_are_kept_side_by_side_each_with_its_source(tmp_path: Path, graph_dir: Path) -> None:
    text = (HEADER
            + "Lund Local Human Rights Coalition,organization,founded in,Lund,,2011,,,,https://a.example/u,\n"
            + "Lund Local Human Rights Coalition,organization,founded in,Lund,,2013,,,,https://b.example/u,\n"
            + "ECCAR,,member count,more than 104 municipalities,,,,,,https://a.example/e,\n"
            + "ECCAR,,member count,121 municipalities from 24 countries,,,,,,https://b.example/e,\n")
    result = ingest(write(tmp_path, text), graph_dir=graph_dir)
    conflicting = {item.curie: item.conflicts for item in result.conflicting}
    assert set(conflicting) == {"event:founding-lund-local-human-rights-coalition-2013",
                                "quantity:eccar-member-count-104-a-example",  # the graph has 121 and 130 already
                                "quantity:eccar-member-count-121-b-example"}
    assert conflicting["event:founding-lund-local-human-rights-coalition-2013"] == [
        "event:founding-lund-local-human-rights-coalition-2011 says 2011 (a.example)"]
    answer = run_query("conflicts", graph=graph_of(graph_dir))
    rows = [tuple(str(row[i]) for i in (0, 1, 4, 5, 7, 8)) for row in answer.rows
            if "example" in str(row[5]) + str(row[8])]
    eccar, coalition = BASE + "organization/eccar", BASE + "organization/lund-local-human-rights-coalition"
    assert rows == [  # each value with its own sources, beside the counts the graph already had
        ("count", eccar, "more than 104 municipalities", "a.example", "exactly 121 municipalities from 24 countries",
         "b.example"),
        ("count", eccar, "more than 104 municipalities", "a.example", "exactly 121 municipalities from 24 countries",
         "Call for eccar (unesco.org)"),
        ("count", eccar, "more than 104 municipalities", "a.example", "more than 130 member cities (2020-12)",
         "Servizi (comune.bologna.it)"),
        ("count", eccar, "more than 104 municipalities from 22 countries", "Staedte koalition en (nuernberg.de)",
         "exactly 121 municipalities from 24 countries", "b.example"),
        ("count", eccar, "exactly 121 municipalities from 24 countries", "b.example",
         "more than 130 member cities (2020-12)", "Servizi (comune.bologna.it)"),
        ("count", eccar, "exactly 121 municipalities from 24 countries", "b.example", "more than 104 municipalities",
         "Human Rights City"),
        ("date", coalition, "2011", "a.example", "2013", "b.example"),
    ]


def test_facts_with_a_role_a_date_or_a_number_become_nodes_of_their_own(tmp_path: Path, graph_dir: Path) -> None:
    page = "https://example.org/p"
    text = (HEADER
            + f"Gwangju,,declared human rights city,human rights city,status,2011-05,,,formal,{page},\n"
            + f"Bologna,,co-chair of,CISDP,,2019-06,,,,{page},\n"
            + f"Lee Yong-sup,person,role in,Gwangju,,,2018,mayor,,{page},\n"
            + f"European Convention on Human Rights,,entered into force,1953-09-03,date,,,,,{page},\n"
            + f"Convention on the Rights of the Child,,signatory count,196 States parties,,2021-10,,,,{page},\n"
            + f"South Korea,,count,98 of 243 local governments with a human rights ordinance,,2017-04,,,,{page},\n"
            + f"#RightsCity 2019 (third edition),,organized by,Freedom House,,,,,,{page},\n"
            + f"Human Rights Cities Network,,abbreviation,HRCN,,2019,,,,{page},\n"
            + f"Madrid,,described as,City of Peace,status,,,,,{page},\n")
    result = ingest(write(tmp_path, text), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    added = {item.curie: item.node for item in result.added + result.conflicting}
    designation = added["event:designation-gwangju-2011-05"]
    assert (designation, HRG.process, HRG.formal) in graph and (designation, RDF.type, HRG.Designation) in graph
    assert graph.value(designation, HRG.statusName) == Literal("human rights city")
    seat = added["membership:bologna--uclg-cisdp--co-chair"]
    assert graph.value(seat, HRG.startDate) == Literal("2019-06", datatype=XSD.gYearMonth)
    mayor = added["membership:lee-yong-sup--gwangju--mayor"]
    assert (graph.value(mayor, ORG.organization), graph.value(mayor, HRG.attestedIn)) == (
        URIRef(CITY + "gwangju"), Literal("2018", datatype=XSD.gYear))
    entry = added["event:entry-into-force-european-convention-on-human-rights-1953-09-03"]
    assert (entry, RDF.type, HRG.EntryIntoForce) in graph
    count = added["quantity:crc-signatory-count-196-example-org"]
    assert [graph.value(count, p) for p in (HRG.countValue, HRG.countQualifier, SDO.unitText, HRG.date)] == [
        Literal(196), HRG.exactly, Literal("States parties"), Literal("2021-10", datatype=XSD.gYearMonth)]
    korea = added["quantity:south-korea-quantity-98-example-org"]
    assert graph.value(korea, HRG.countTotal) == Literal(243)
    involvement = added["claim:freedom-house--rightscity-2019--organizer"]
    event = URIRef(BASE + "event/rightscity-2019")
    assert (event, PROV.qualifiedAssociation, involvement) in graph
    assert (event, HRG.organizer, URIRef(BASE + "organization/freedom-house")) in graph
    naming = added["claim:human-rights-cities-network-named-hrcn-2019"]
    assert graph.value(naming, HRG.name) == Literal("HRCN", lang="en")
    assert (URIRef(BASE + "organization/human-rights-cities-network"), HRG.abbreviation, Literal("HRCN")) in graph
    claim = added["claim:madrid-described-as-city-of-peace"]
    assert (claim, RDF.type, HRG.StatusClaim) in graph and graph.value(claim, HRG.about) == URIRef(CITY + "madrid")


def test_counts_keep_their_meaning() -> None:
    assert parse_count("more than 104 municipalities")[::2] == (104, "municipalities")
    assert [parse_count(text)[1] for text in ("over 400 cities", "about 500 participants", "at least 3 cities",
                                              "96 cities")] == [HRG["more-than"], HRG.approximately, HRG["at-least"],
                                                                HRG.exactly]
    assert parse_count("1,800 participants")[0] == 1800
    with pytest.raises(ValueError, match="is not a count"):
        parse_count("145")


def test_an_undated_adoption_is_an_event_and_a_designation_needs_a_process(tmp_path: Path, graph_dir: Path) -> None:
    message = refused(tmp_path, graph_dir, HEADER + "Lund,,declared human rights city,human rights city,status,2018,,,,"
                                                    "https://lund.se/x,\n")
    assert "facts.csv:2: column 9 (process): a designation needs a process: formal" in message
    result = ingest(write(tmp_path, HEADER + "Lund,,adopted,Convention on the Rights of the Child,,,,,,https://lund.se/x,\n"),
                    graph_dir=graph_dir)
    node = result.added[-1].node
    graph = graph_of(graph_dir)
    assert set(graph.objects(node, RDF.type)) == {HRG.Event}  # an adoption needs a date (the seeds' rule)
    assert (node, HRG.dateUnknown, Literal(True)) in graph and (node, HRG.adopter, URIRef(CITY + "lund")) in graph


# ------------------------------------------------------------------ dry run, validation, --into


def test_dry_run_prints_the_change_and_writes_nothing(tmp_path: Path, graph_dir: Path) -> None:
    before = snapshot(graph_dir)
    text = (HEADER + f"Dortmund,city,member of,ECCAR,,,,,,{ECCAR_PAGE},\n"
            + f"Dortmund,,located in,Germany,,,,,,{ECCAR_PAGE},\n"
            + f"ECCAR,,member count,121 municipalities from 24 countries,,,,,,{ECCAR_PAGE},\n"
            + "Graz,,member of,Human Rights Cities Network,,,2018-12-14,,,https://humanrightsdefenders.blog/tag/network/,\n")
    result = ingest(write(tmp_path, text), graph_dir=graph_dir, dry_run=True)
    assert snapshot(graph_dir) == before and not result.written
    report = result.text()
    # the Graz row's membership is there; the row still attests the name it uses, so it is no longer unchanged
    assert "facts.csv: 4 rows: 3 added, 1 changed, 1 conflicting, 0 rows unchanged (dry run, nothing written)" in report
    assert "  city:dortmund  Dortmund  [lines 2-3]\n      + prov:wasDerivedFrom: Members (eccar.info)" in report
    assert "      + country: Germany (country:germany)" in report
    assert "Changed:\n  organization:eccar  European Coalition of Cities against Racism  [line 4]" in report
    assert "      ! another count: quantity:eccar-member-count-wikipedia ECCAR member count (Wikipedia): " \
           "more than 104 municipalities" in report


def test_a_result_that_does_not_validate_leaves_the_graph_as_it_was(tmp_path: Path, graph_dir: Path) -> None:
    before = snapshot(graph_dir)
    text = HEADER + "UNESCO,organization,declared human rights city,human rights city,status,2004,,,formal,https://x.org/u,\n"
    with pytest.raises(IngestValidationError) as caught:
        ingest(write(tmp_path, text), graph_dir=graph_dir)
    assert "a designation needs exactly one hrg:adopter: the city that commits" in str(caught.value)
    assert snapshot(graph_dir) == before


def test_a_new_place_needs_a_country(tmp_path: Path, graph_dir: Path) -> None:
    message = refused(tmp_path, graph_dir, HEADER + f"Dortmund,city,member of,ECCAR,,,,,,{ECCAR_PAGE},\n")
    assert "facts.csv:2: new place 'Dortmund' (city:dortmund) has no country: add a row 'Dortmund, located in, COUNTRY'" \
           in message


def test_into_sends_every_statement_to_one_file(tmp_path: Path, graph_dir: Path) -> None:
    before = snapshot(graph_dir)
    target = graph_dir / "dortmund.ttl"
    result = ingest(write(tmp_path, HEADER + f"Dortmund,city,member of,ECCAR,,,,,,{ECCAR_PAGE},\n"
                          + f"Dortmund,,located in,Germany,,,,,,{ECCAR_PAGE},\n"), graph_dir=graph_dir, into=target)
    assert list(result.files) == [target]
    assert {name: data for name, data in snapshot(graph_dir).items() if name != "dortmund.ttl"} == before
    assert (URIRef(CITY + "dortmund"), HRG.country, URIRef(BASE + "country/germany")) in parse_file(target)
    assert target.read_bytes() == serialize(parse_file(target), "turtle")


# ------------------------------------------------------------------ bad input: every case names file and line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subject,predicate,object,source_url,colour\nGraz,member of,ECCAR,https://x.org/a,red\n",
         "facts.csv:1: unknown column 'colour' (column 5)"),
        ("subject,predicate,object,sorce_url\nGraz,member of,ECCAR,https://x.org/a\n",
         "unknown column 'sorce_url' (column 4); did you mean 'source_url'?"),
        ("subject,predicate,object\nGraz,member of,ECCAR\n", "facts.csv:1: missing required column source_url"),
        ("subject,predicate,object,source_url\nGraz,member off,ECCAR,https://x.org/a\n",
         "facts.csv:2: column 2 (predicate): unknown predicate 'member off'; did you mean 'member of'"),
        ("subject,predicate,object,source_url,subject_type\nAtlantis,member of,ECCAR,https://x.org/a,planet\n",
         "facts.csv:2: column 5 (subject_type): unknown type 'planet'"),
        ("", "facts.csv: empty file"),
        ("\n\n", "facts.csv: empty file"),
        ("subject,predicate,object,source_url\n", "facts.csv: a header row and no facts"),
        ("subject,predicate,object,source_url\nGraz,member of,ECCAR,https://x.org/a\nGraz,member of,ECCAR,https://x.org/a\n",
         "facts.csv:3: duplicate row: the same as line 2"),
        ("subject,predicate,object,source_url,subject\nGraz,member of,ECCAR,https://x.org/a,Lund\n",
         "facts.csv:1: duplicate column 'subject' (columns 1 and 5)"),
        ("subject,predicate,object,source_url\nGraz,member of,ECCAR\nLund,member of,ECCAR,https://x.org/a\n"
         "Vienna,member of,ECCAR,https://x.org/a,extra\n",
         "facts.csv: rows with a different number of cells than the header's 4: lines 2, 4"),
        ("subject,predicate,object,source_url\n\"Graz,member of,ECCAR,https://x.org/a\n", "not valid CSV"),
        ("subject,predicate,object,source_url,subject_type\nGraz,member of,ECCAR,https://x.org/a,person\n",
         "facts.csv:2: column 1 (subject): 'Graz' names city:graz (place), not a person"),
        ("subject,predicate,object,source_url\nGraz,member of,ECCAR,ftp://x.org/a\n",
         "facts.csv:2: column 4 (source_url): 'ftp://x.org/a' is not a source"),
        ("subject,predicate,object,source_url,date\nGraz,wikidata id,Q13298,https://x.org/a,2004\n",
         "facts.csv:2: column 5 (date): 'wikidata id' takes no date: record the date on the fact"),
    ],
)
def test_reliability_61_bad_csv_is_refused_and_the_graph_untouched(text: str, expected: str, tmp_path: Path, graph_dir: Path) -> None:
    assert expected in refused(tmp_path, graph_dir, text)


def test_reliability_63_every_bad_row_is_listed_not_just_the_first(tmp_path: Path, graph_dir: Path) -> None:
    text = (HEADER
            + f"Graz,,member of,ECCAR,,2006,,,,{ECCAR_PAGE},\n"
            + "Lund,,member of,ECCAR,,2006,,,,,\n"
            + f"Vienna,,membr of,ECCAR,,2006,,,,{ECCAR_PAGE},\n"
            + f"Madrid,,member of,ECCAR,,06/2006,,,,{ECCAR_PAGE},\n"
            + f"Madrid,,member of,ECCAR,,2006,,chairperson,,{ECCAR_PAGE},\n")
    message = refused(tmp_path, graph_dir, text)
    assert message.startswith("4 problems; nothing was ingested:")
    assert [int(n) for n in re.findall(r"facts\.csv:(\d+):", message)] == [3, 4, 5, 6]


def test_reliability_61_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path, graph_dir: Path) -> None:
    path = write(tmp_path, "\ufeffsubject,predicate,object,source_url\nSeoul,member of,ECCAR,https://x.org/a\n")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_rows(path)[0].values["subject"] == "Seoul"
    result = ingest(path, graph_dir=graph_dir, dry_run=True)
    assert [item.curie for item in result.added][-1] == "membership:seoul--eccar--member"


def test_reliability_61_broken_encoding_asks_for_encoding(tmp_path: Path, graph_dir: Path) -> None:
    text = "subject,predicate,object,source_url,note\nGraz,member of,ECCAR,https://x.org/a,Beitritt im März\n"
    path = write(tmp_path, text, encoding="cp1252")
    message = refused(tmp_path, graph_dir, path)
    assert message == f"{path}:2: not UTF-8 (byte 0xe4); use --encoding with the file's encoding (for example --encoding cp1252)"
    result = ingest(path, graph_dir=graph_dir, encoding="cp1252")
    note = graph_of(graph_dir).value(result.added[-1].node, SKOS.editorialNote)
    assert note == Literal("Beitritt im März", lang="en")


def test_yaml_syntax_error_names_the_line(tmp_path: Path, graph_dir: Path) -> None:
    text = "- subject: Graz\n  predicate: member of\n  object: [ECCAR\n  source_url: https://x.org/a\n"
    assert re.search(r"facts.yaml:\d+: YAML syntax error: ", refused(tmp_path, graph_dir, text, name="facts.yaml"))
    assert "facts.yaml:1: expected a list of facts" in refused(tmp_path, graph_dir, "subject: Graz\n", name="facts.yaml")


def test_a_control_character_in_yaml_is_an_error_with_its_line(tmp_path: Path, graph_dir: Path) -> None:
    """PyYAML's reader refuses it before parsing: found by the property test, a traceback before."""
    text = "- subject: Graz\n  predicate: member of\n  object: \x1b\n  source_url: https://x.org/a\n"
    message = refused(tmp_path, graph_dir, text, name="facts.yaml")
    assert message.endswith("facts.yaml:3: character U+001B is not allowed in YAML (special characters are not allowed)")


def test_reliability_59_yaml_duplicate_keys_are_an_error_with_their_line(tmp_path: Path, graph_dir: Path) -> None:
    text = "- subject: Graz\n  predicate: member of\n  object: ECCAR\n  subject: Lund\n  source_url: https://x.org/a\n"
    assert "facts.yaml:4: duplicate key 'subject' (first at line 1)" in refused(tmp_path, graph_dir, text, name="facts.yaml")


def test_reliability_59_yaml_values_stay_the_strings_written(tmp_path: Path) -> None:
    text = ("- subject: Bergen\n  predicate: located in\n  object: NO\n  source_url: https://x.org/a\n"
            "  note: yes\n  date: 2001-12-10\n  as_of: 0123\n  role: null\n  quote: 1e3\n")
    values = read_rows(write(tmp_path, text, "facts.yaml"))[0].values
    assert values == {"subject": "Bergen", "predicate": "located in", "object": "NO", "source_url": "https://x.org/a",
                      "note": "yes", "date": "2001-12-10", "as_of": "0123", "role": "null", "quote": "1e3"}


def test_reliability_58_yaml_python_tags_are_refused_and_nothing_runs(tmp_path: Path, graph_dir: Path) -> None:
    marker = tmp_path / "hacked"
    for text in (f"- subject: !!python/object/apply:os.system ['touch {marker}']\n  predicate: p\n",
                 f"- !!python/object/apply:os.system ['touch {marker}']\n",
                 f"!!python/object/apply:os.system ['touch {marker}']\n"):
        message = refused(tmp_path, graph_dir, text, name="facts.yaml")
        assert "tag:yaml.org,2002:python/object/apply:os.system is not allowed" in message
    assert not marker.exists()


def test_reliability_58_the_code_never_uses_an_unsafe_yaml_loader() -> None:
    for path in (ROOT / "hrgraph").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"yaml\.(load|load_all|unsafe_load|full_load)\(|FullLoader|UnsafeLoader", text), path


def test_reliability_60_yaml_alias_bomb_is_rejected_at_once(tmp_path: Path, graph_dir: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    text = "- " + "\n  ".join(lines) + "\n"
    assert len(text) < 1024  # expanded, it would be 9**9 strings: refused by rule, before any expansion
    message = refused(tmp_path, graph_dir, text, name="facts.yaml")
    assert "facts.yaml:2: anchors and aliases (*name) are not allowed" in message


# ------------------------------------------------------------------ concurrency and crashes


def test_reliability_66_a_second_ingest_waits_for_the_lock_or_fails_with_locked(
    tmp_path: Path, graph_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, HEADER + f"Graz,,member of,ECCAR,,2006,,,,{ECCAR_PAGE},\n")
    with graph_lock(graph_dir):
        with pytest.raises(IngestLockedError, match="locked by another ingest"):
            ingest(path, graph_dir=graph_dir, wait=0.2)
    # Ordered by events, not by sleeping: the holder lets go only once the ingest has found the lock taken.
    held, refused_once = threading.Event(), threading.Event()
    flock = fcntl.flock

    def flock_noting_refusals(handle: int, operation: int) -> None:
        try:
            flock(handle, operation)
        except BlockingIOError:
            refused_once.set()
            raise

    monkeypatch.setattr(fcntl, "flock", flock_noting_refusals)

    def hold() -> None:
        with graph_lock(graph_dir):
            held.set()
            refused_once.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    result = ingest(path, graph_dir=graph_dir, wait=600)  # returns as soon as the holder lets go
    waited = refused_once.is_set()
    refused_once.set()  # lets the holder go, should the ingest not have waited at all
    thread.join()
    assert waited and result.written


def test_reliability_67_sigkill_mid_write_leaves_every_file_old_or_new_and_parseable(tmp_path: Path, graph_dir: Path) -> None:
    text = (HEADER + f"Dortmund,city,member of,ECCAR,,,,,,{ECCAR_PAGE},\n"
            + f"Dortmund,,located in,Germany,,,,,,{ECCAR_PAGE},\n")
    path = write(tmp_path, text)
    expected = tmp_path / "expected"
    shutil.copytree(graph_dir, expected)
    ingest(path, graph_dir=expected)
    old, new = snapshot(graph_dir), snapshot(expected)
    child = f"""
import os, sys, time
import hrgraph.curation
replace = os.replace
def slow_replace(source, target):
    replace(source, target)
    if str(target).startswith({str(graph_dir)!r}):  # a graph file (not the validation report kept)
        print("replaced", flush=True)
        time.sleep(60)
os.replace = slow_replace
hrgraph.curation.ingest({str(path)!r}, graph_dir={str(graph_dir)!r})
"""
    process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "replaced"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    after = {name: data for name, data in snapshot(graph_dir).items() if not name.startswith(".")}
    assert set(after) == set(old)
    assert all(after[name] in (old[name], new[name]) for name in after)
    assert sum(after[name] == new[name] != old[name] for name in after) == 1  # killed after the first rename
    for name in after:
        parse_file(graph_dir / name)


# ------------------------------------------------------------------ the command line and the tables


def test_command_line_dry_run_and_errors(tmp_path: Path, graph_dir: Path) -> None:
    runner = CliRunner()
    good = write(tmp_path, HEADER + f"Graz,,member of,ECCAR,,2006,,,,{ECCAR_PAGE},\n")
    result = runner.invoke(cli, ["ingest", str(good), "--dry-run", "--graph-dir", str(graph_dir)])
    assert result.exit_code == 0, result.output
    assert "1 rows: 2 added, 0 changed, 0 conflicting, 0 rows unchanged (dry run, nothing written)" in result.output
    bad = write(tmp_path, HEADER + "Graz,,member of,ECCAR,,2006,,,,,\n", "bad.csv")
    result = runner.invoke(cli, ["ingest", str(bad), "--graph-dir", str(graph_dir)])
    assert result.exit_code == 2 and "bad.csv:2: column 10 (source_url): no source" in result.output
    invalid = write(tmp_path, HEADER + "UNESCO,organization,declared human rights city,x,status,2004,,,formal,"
                    "https://x.org/u,\n", "invalid.csv")
    result = runner.invoke(cli, ["ingest", str(invalid), "--graph-dir", str(graph_dir)])
    assert result.exit_code == 1 and "the city that commits" in result.output


def test_progress_names_each_step_on_stderr_and_changes_nothing_else(tmp_path: Path, graph_dir: Path) -> None:
    """A big sheet takes a while: --progress draws a bar for each step (the files read, the rows built,
    the validation) on stderr; without it, and by default in a pipe, stderr stays empty."""
    sheet = write(tmp_path, HEADER + f"Graz,,member of,ECCAR,,2006,,,,{ECCAR_PAGE},\n")
    command = ["ingest", str(sheet), "--dry-run", "--graph-dir", str(graph_dir)]
    quiet = CliRunner().invoke(cli, command)
    shown = CliRunner().invoke(cli, [*command, "--progress"])
    assert quiet.exit_code == shown.exit_code == 0
    assert quiet.stderr == "" and quiet.stdout == shown.stdout
    assert all(step in shown.stderr for step in ("reading graph/", "building rows", "validating"))


def test_every_predicate_and_type_has_a_handler_and_a_summary() -> None:
    assert {predicate.handler for predicate in PREDICATES.values()} == set(HANDLERS)  # none missing, none unused
    for predicate in set(PREDICATES.values()):
        assert predicate.summary, predicate.name
    assert TYPES["localgovernment"].cls == HRG.LocalGovernment
    assert PREDICATES[key("Member Of")] is PREDICATES[key("member-of")] is PREDICATES["memberof"]  # case, spaces, dashes
    assert PREDICATES[key("coChairOf")].name == "co-chair of"


# ------------------------------------------------------------------ where curation writes (issue 14)


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """hrgraph as a wheel installs it: the package in site-packages, its data under hrgraph/_data."""
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "hrgraph", site / "hrgraph", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    data = site / "hrgraph" / "_data"
    shutil.copytree(SEED_GRAPH, data / "graph")
    shutil.copytree(ROOT / "ontology", data / "ontology")
    shutil.copytree(ROOT / "queries", data / "queries")
    return site


def hrgraph_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``hrgraph ARGS`` run from ``cwd`` with only the installed copy importable, and no HRGRAPH_GRAPH_DIR."""
    env = {k: v for k, v in os.environ.items() if k not in ("HRGRAPH_GRAPH_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    code = "import sys; from hrgraph.cli import main; sys.argv[0] = 'hrgraph'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_curation_never_writes_into_the_installed_package(tmp_path: Path, installed: Path) -> None:
    sheet = write(tmp_path, HEADER + f"Graz,,member of,ECCAR,,2006,,,,{ECCAR_PAGE},\n")
    package_graph = installed / "hrgraph" / "_data" / "graph"
    before = snapshot(package_graph)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = hrgraph_installed(installed, elsewhere, "--version")
    assert probe.returncode == 0 and "hrgraph" in probe.stdout, probe.stderr
    for args in (["ingest", str(sheet)], ["link", "geonames", "--dry-run"], ["link", "wikidata", "--dry-run"],
                 ["enrich", "wikidata", "--dry-run"]):
        refused = hrgraph_installed(installed, elsewhere, *args)
        assert refused.returncode == 2, (args, refused.stderr)
        assert refused.stdout == "" and len(refused.stderr.splitlines()) == 1, refused.stderr
        assert "no working copy of graph/ here" in refused.stderr and str(package_graph) in refused.stderr
    clone = tmp_path / "clone"  # the user's clone: graph/*.ttl beside ontology/
    shutil.copytree(SEED_GRAPH, clone / "graph")
    shutil.copytree(ROOT / "ontology", clone / "ontology")
    clone_before = snapshot(clone / "graph")
    done = hrgraph_installed(installed, clone, "ingest", str(sheet))
    assert done.returncode == 0, done.stderr
    assert "(written)" in done.stdout
    assert snapshot(clone / "graph") != clone_before  # the clone grew...
    assert snapshot(package_graph) == before  # ...and the installed package did not


def test_the_working_copy_is_found_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_root = tmp_path / "site-packages" / "hrgraph" / "_data"  # a wheel's: never written
    shutil.copytree(SEED_GRAPH, data_root / "graph")
    clone = tmp_path / "clone"
    shutil.copytree(SEED_GRAPH, clone / "graph")
    (clone / "ontology").mkdir()
    monkeypatch.delenv("HRGRAPH_GRAPH_DIR")
    assert working_graph_dir("given", data_root=data_root, cwd=clone) == Path("given")
    assert working_graph_dir(data_root=data_root, cwd=clone) == clone / "graph"
    with pytest.raises(InputError, match="hrgraph never writes into its installed package"):
        working_graph_dir(data_root=data_root, cwd=tmp_path)
    with pytest.raises(InputError):  # graph/*.ttl without ontology/ beside it is not a clone
        working_graph_dir(data_root=data_root, cwd=data_root)
    checkout = tmp_path / "checkout"  # hrgraph run from a source checkout: its own graph/
    assert working_graph_dir(data_root=checkout, cwd=tmp_path) == checkout / "graph"
    monkeypatch.setenv("HRGRAPH_GRAPH_DIR", str(tmp_path / "env"))
    assert working_graph_dir(data_root=data_root, cwd=clone) == tmp_path / "env"


def test_a_date_given_with_a_plain_relation_stays_with_its_source(tmp_path: Path, graph_dir: Path) -> None:
    """A plain relation has no date slot: the date a source gives with it goes on the relation's
    attestation by that source (and nowhere else), where `dated-in-year` finds it."""
    page = "https://example.org/secretariat"
    ingest(write(tmp_path, HEADER + f"Potsdam,city,houses,ECCAR secretariat,committee,2014,,,,{page},\n"
                 + f"Lund,city,located in,Sweden,country,,,,,{page},\n"), graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    dated = [(graph.value(s, RDF.predicate), graph.value(s, RDF.object), graph.value(s, HRG.date))
             for s in graph.subjects(RDF.type, RDF.Statement) if (s, HRG.date, None) in graph]
    assert dated == [(HRG.hostedBy, URIRef(CITY + "potsdam"), Literal("2014", datatype=XSD.gYear))]
    answer = run_query("dated-in-year", {"year": "2014"}, graph=graph)
    assert ("ECCAR secretariat hosted by Potsdam", "dated relation") in [(str(r[1]), str(r[2])) for r in answer.rows]
    message = refused(tmp_path, graph_dir, HEADER + f"Graz,city,located in,Austria,country,2001-13,,,,{page},\n",
                      name="bad.csv")
    assert "bad.csv:2: column 6 (date)" in message


def test_firsts_end_dates_and_coordinates_as_the_sources_give_them(tmp_path: Path, graph_dir: Path) -> None:
    """'called the first' is a status claim with hrg:calledFirst, and two of one status about two places
    are a conflict; a second end date is a date claim beside the first; 'coordinates' place a city
    (WGS84 and a GeoSPARQL point), and impossible ones are refused with their row."""
    page = "https://example.org/firsts"
    path = write(tmp_path, HEADER
                 + f"Graz,city,called the first,human rights city in Europe,status,2001,,,,{page},\n"
                 + f"Barcelona,city,called the first,human rights city in Europe,status,,,,,{page}/2,\n"
                 + f"Some Decade,event,ended on,2004,date,,,,,{page},\n"
                 + f"Some Decade,event,ended on,2005,date,,,,,{page}/2,\n"
                 + f'Graz,city,coordinates,"47.07, 15.44",,,,,,{page},\n')
    ingest(path, graph_dir=graph_dir)
    graph = graph_of(graph_dir)
    firsts = set(graph.subjects(HRG.calledFirst, Literal(True)))
    assert {graph.value(claim, HRG.about) for claim in firsts} == {URIRef(CITY + "graz"), URIRef(CITY + "barcelona")}
    conflicts = {(str(row[0]), str(row[4]).split(" (")[0], str(row[7]).split(" (")[0])
                 for row in run_query("conflicts", graph=graph).rows}
    assert ("first", "Barcelona", "Graz") in conflicts
    assert ("date", "2004", "2005") in conflicts
    graz = URIRef(CITY + "graz")
    assert (graz, GEO.lat, Literal("47.070000", datatype=XSD.decimal)) in graph
    geometry = graph.value(graz, GEOSPARQL.hasGeometry)
    assert str(graph.value(geometry, GEOSPARQL.asWKT)) == "POINT(15.440000 47.070000)"
    message = refused(tmp_path, graph_dir, HEADER + f'Bergen,city,coordinates,"91, 5",,,,,,{page},\n', name="bad.csv")
    assert "bad.csv:2" in message and "-90..90" in message
    assert not ingest(path, graph_dir=graph_dir).added  # the same rows again: nothing new
    message = refused(tmp_path, graph_dir, HEADER + f'Graz,city,coordinates,"47.1, 15.4",,,,,,{page}/3,\n', name="other.csv")
    assert "other.csv:2" in message and "has other coordinates" in message
