"""The query library (queries/*.rq): every named query is documented, runs with its defaults and
answers its question with the answer the seed documents give.

Each query opens with a header (title, description, parameters with type and default, columns);
parameters are bound by hrgraph.query as RDF terms in a VALUES block, never spliced as text. The
expected answers below come from the two seed documents (the Human Rights Defenders blog posts of
2018, 2019 and 2022, and sentences of Wikipedia's "Human Rights City"), as curated in graph/*.ttl.
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, RDFS, XSD

from hrgraph.errors import QueryError
from hrgraph.query import (
    PARAMETER_TYPES,
    NamedQuery,
    QueryResult,
    bind,
    bind_parameters,
    library,
    run_query,
)

BASE = "https://w3id.org/hrgraph/"
HRG = Namespace(BASE + "ontology#")
CITY = Namespace(BASE + "city/")
EVENT = Namespace(BASE + "event/")
SOURCE = Namespace(BASE + "source/")

# Source titles, as the queries print them.
WIKIPEDIA = "Human Rights City"
HRCAREERS = "What Are Human Rights Cities?"
BLOG_2022 = "Human Rights Cities…"
BLOG_2019 = "Human rights cities movement or network?"
BLOG_2018 = "The Human Rights Cities Network: a good beginning"
TAG_NETWORK = "Posts Tagged ‘network’"

LIBRARY = library()
NAMES = sorted(LIBRARY)
HEADER_LINE = re.compile(r"#\s*(title|description|param|column):\s*(.*)")


# ------------------------------------------------------------------ helpers


def short(node: object) -> str | None:
    """A node as text: data IRIs without the base (``city/gwangju``), literals as their string."""
    if node is None:
        return None
    text = str(node)
    return text[len(BASE):] if isinstance(node, URIRef) and text.startswith(BASE) else text


def table(result: QueryResult, *columns: str) -> list[tuple[str | None, ...]]:
    """The rows of a SELECT answer, restricted to some columns, as text, in the answer's order."""
    index = [result.variables.index(column) for column in columns]
    return [tuple(short(row[i]) for i in index) for row in result.rows]


def column(result: QueryResult, name: str) -> list[str | None]:
    return [row[0] for row in table(result, name)]


def body(query: NamedQuery) -> str:
    """The query without its header comment."""
    return "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))


class Answers(dict):
    """Every library query's answer with its defaults; a query that fails raises in the tests that use it."""

    def __getitem__(self, name: str) -> QueryResult:
        answer = super().__getitem__(name)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture(scope="module")
def answers(kg: Graph) -> Answers:
    """Every library query run once with its defaults on the bundled graph, which they leave unchanged.

    Running a query parses it with rdflib's SPARQL parser (hrgraph.query.check_query) and refuses
    FROM, SERVICE and updates, so a query that answers here parses.
    """
    before = len(kg)
    results = Answers()
    for name in NAMES:
        try:
            results[name] = run_query(name, graph=kg)
        except QueryError as error:
            results[name] = error
    assert len(kg) == before
    return results


# ------------------------------------------------------------------ the library is well formed


def test_library_has_the_queries_the_project_needs() -> None:
    assert len(NAMES) >= 22
    for name in NAMES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_and_documents_itself(name: str, answers: Answers) -> None:
    query = LIBRARY[name]
    assert answers[name].kind in {"select", "ask", "graph"}  # parsed by rdflib; no FROM, SERVICE or update
    header = [line for line in query.text.splitlines() if line.startswith("#")]
    assert all(HEADER_LINE.fullmatch(line) for line in header), "every header line is title/description/param/column"
    assert query.title and query.title != name
    assert len(query.description) > 40
    text = body(query)
    assert re.search(r"\bWHERE\s*\{", text), "WHERE is written out, the runner binds parameters after it"
    assert "VALUES" not in text[text.rindex("}"):], "a trailing VALUES clause would defeat parameter binding"
    assert not re.search(r"\b(FROM|SERVICE)\b", text)
    assert "YEAR(" not in text.upper(), "SPARQL's YEAR() does not take xsd:gYear: use SUBSTR(STR(?date), 1, 4)"
    for parameter in query.parameters:
        assert parameter.type in PARAMETER_TYPES
        assert parameter.default, f"parameter {parameter.name} has no default"
        assert parameter.description
        assert re.search(rf"\?{parameter.name}\b", text), f"?{parameter.name} is not used"
        if parameter.name == "lang":
            assert (parameter.type, parameter.default) == ("language", "en")
    labels = [c.name for c in query.columns if c.name.endswith("Label")]
    if labels:
        assert any(p.name == "lang" for p in query.parameters), "label columns follow a lang parameter"
    for label in labels:  # the chosen language, else English, as in members-of-network
        assert re.search(rf"COALESCE\(\?\w*[cC]hosen, \?\w*[eE]nglish\) AS \?{label}\)", text), label


@pytest.mark.parametrize("name", NAMES)
def test_query_runs_with_its_defaults(name: str, answers: Answers) -> None:
    query, result = LIBRARY[name], answers[name]
    if result.kind == "select":
        assert [c.name for c in query.columns] == result.variables, "header columns = projected variables"
        assert result.rows, "the defaults give a non-empty answer"
        assert len(set(result.rows)) == len(result.rows), "no duplicate rows"
        assert re.search(r"\bORDER BY\b", query.text), "SELECT output is ordered"
    else:
        assert not query.columns, "only SELECT queries document columns"
        if result.kind == "ask":
            assert result.boolean is not None
        else:
            assert result.kind == "graph" and len(result.graph) > 0


@pytest.mark.parametrize("name", NAMES)
def test_same_answer_in_the_same_order_on_oxigraph(name: str, kg: Graph, oxigraph_store: object,
                                                   answers: Answers) -> None:
    """Standard SPARQL only: each query, with its defaults bound, runs unchanged on Oxigraph."""
    ox = pytest.importorskip("pyoxigraph")
    query, local = LIBRARY[name], answers[name]
    answer = oxigraph_store.query(bind(query.text, bind_parameters(query, {}, kg)))
    if local.kind == "ask":
        assert bool(answer) == local.boolean
    elif local.kind == "graph":
        assert {tuple(_ox_n3(ox, t) for t in (tr.subject, tr.predicate, tr.object)) for tr in answer} == {
            tuple(t.n3() for t in triple) for triple in local.graph
        }
    else:
        assert [v.value for v in answer.variables] == local.variables
        remote = [tuple(_ox_n3(ox, s[v]) for v in answer.variables) for s in answer]
        assert remote == [tuple(None if t is None else t.n3() for t in row) for row in local.rows]


@pytest.fixture(scope="module")
def oxigraph_store(kg: Graph) -> object:
    ox = pytest.importorskip("pyoxigraph")
    store = ox.Store()
    store.load(kg.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _ox_n3(ox: object, term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):  # type: ignore[attr-defined]
        return URIRef(term.value).n3()
    if getattr(term, "language", None):
        return Literal(term.value, lang=term.language).n3()
    datatype = None if term.datatype.value == str(XSD.string) else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype).n3()


# ------------------------------------------------------------------ answers: memberships and networks


def test_members_of_network(answers: Answers) -> None:
    assert table(answers["members-of-network"], "memberLabel", "role", "source") == [
        ("Barcelona", "member", TAG_NETWORK),
        ("Bergen", "prospective member", BLOG_2018),
        ("Graz", "member", TAG_NETWORK),
        ("Lund", "member", TAG_NETWORK),
        ("Nuremberg", "prospective member", BLOG_2018),
    ]
    assert set(column(answers["members-of-network"], "attested")) == {"2018-12-14"}


def test_members_of_committee_in_korean_fall_back_to_english(kg: Graph) -> None:
    result = run_query("members-of-network", {"network": "CISDP", "lang": "ko"}, graph=kg)
    assert table(result, "memberLabel", "role", "attested") == [
        ("Mexico City", "co-chair", "2018"),
        ("광주", "co-chair", "2018"),
    ]


def test_networks_of_city(answers: Answers, kg: Graph) -> None:
    result = answers["networks-of-city"]
    assert table(result, "organization", "role", "start", "attested", "partOf", "source") == [
        ("organization/uclg-cisdp", "co-chair", None, "2018", "organization/uclg", WIKIPEDIA)
    ]
    assert column(result, "partOfLabel") == ["United Cities and Local Governments"]
    institute = run_query("networks-of-city", {"city": "Raoul Wallenberg Institute"}, graph=kg)
    assert table(institute, "organizationLabel", "role", "start") == [
        ("Lund University", "affiliated institution", "1984")
    ]


def test_co_membership(answers: Answers) -> None:
    assert table(answers["co-membership"], "city1Label", "city2Label", "organizationLabel", "role1", "role2") == [
        ("Barcelona", "Graz", "Human Rights Cities Network", "member", "member"),
        ("Barcelona", "Lund", "Human Rights Cities Network", "member", "member"),
        ("Graz", "Lund", "Human Rights Cities Network", "member", "member"),
        ("Gwangju", "Mexico City",
         "UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights", "co-chair", "co-chair"),
    ]  # Bergen and Nuremberg are only prospective members


def test_organizations_of_person(answers: Answers, kg: Graph) -> None:
    assert table(answers["organizations-of-person"], "organizationLabel", "role", "attested", "ended",
                 "partOfLabel", "source") == [
        ("Montreal Institute for Genocide and Human Rights Studies", "executive director", "2019-06-02", "false",
         "Concordia University", BLOG_2019)
    ]
    welsh = run_query("organizations-of-person", {"person": "Jennifer Welsh"}, graph=kg)
    assert table(welsh, "organizationLabel", "role", "ended") == [("United Nations", "adviser", "true")]


def test_leaders(answers: Answers) -> None:
    leaders = {(leader, role, organization) for leader, role, organization
               in table(answers["leaders"], "leader", "role", "organization")}
    assert leaders == {
        ("person/michael-j-abramowitz", "president", "organization/freedom-house"),
        ("person/kyle-matthews", "executive director", "organization/migs"),
        ("person/pdhre-executive-director-1997", "executive director", "organization/pdhre"),
        ("person/arthur-graham", "head of department",
         "organization/osce-mission-to-serbia-rule-of-law-and-human-rights-department"),
        ("city/gwangju", "co-chair", "organization/uclg-cisdp"),
        ("city/mexico-city", "co-chair", "organization/uclg-cisdp"),
    }
    # the unnamed executive director of PDHRE rests on the Human Rights Careers post and its reproduction
    pdhre = [row for row in table(answers["leaders"], "organization", "attested", "source")
             if row[0] == "organization/pdhre"]
    assert pdhre == [("organization/pdhre", "1997-06", BLOG_2022), ("organization/pdhre", "1997-06", HRCAREERS)]


def test_membership_graph(answers: Answers, kg: Graph) -> None:
    graph = answers["membership-graph"].graph
    edges = {(short(s), short(o)) for s, o in graph.subject_objects(ORG.memberOf)}
    assert edges == {
        ("city/barcelona", "organization/human-rights-cities-network"),
        ("city/graz", "organization/human-rights-cities-network"),
        ("city/lund", "organization/human-rights-cities-network"),
        ("city/gwangju", "organization/uclg-cisdp"),
        ("city/mexico-city", "organization/uclg-cisdp"),
    }
    assert set(graph.objects(CITY.gwangju, RDFS.label)) == {Literal("Gwangju", lang="en")}
    korean = run_query("membership-graph", {"lang": "ko"}, graph=kg).graph
    assert set(korean.objects(CITY.gwangju, RDFS.label)) == {Literal("광주", lang="ko")}
    assert set(korean.objects(CITY.lund, RDFS.label)) == {Literal("Lund", lang="en")}


@pytest.mark.parametrize(
    ("member", "organization", "expected"),
    [
        ("Barcelona", "Human Rights Cities Network", True),
        ("Bergen", "Human Rights Cities Network", False),  # not yet listed in December 2018
        ("Gwangju", "CISDP", True),  # a co-chair holds a member's seat
        ("Jennifer Welsh", "United Nations", False),  # a former adviser, not a member
    ],
)
def test_is_member(member: str, organization: str, expected: bool, kg: Graph) -> None:
    result = run_query("is-member", {"member": member, "organization": organization}, graph=kg)
    assert (result.kind, result.boolean) == ("ask", expected)


def test_is_member_default_is_true(answers: Answers) -> None:
    assert answers["is-member"].boolean is True


# ------------------------------------------------------------------ answers: commitments and instruments


def test_timeline(answers: Answers) -> None:
    result = answers["timeline"]
    facts = list(dict.fromkeys(table(result, "year", "adopter", "kind", "process")))  # one row per source
    assert facts == [
        ("1997", "city/rosario", "designation or commitment", "formal"),
        ("1998", "city/san-francisco", "adoption of an instrument", None),
        ("2000", "city/saint-denis", "adoption of an instrument", None),
        ("2007", "city/gwangju", "adoption of an instrument", None),
        ("2009", "city/chicago", "adoption of an instrument", "informal"),
        ("2009", "city/gwangju", "adoption of an instrument", None),
        ("2009", "city/gwangju", "designation or commitment", "formal"),
        ("2012", "city/seoul", "designation or commitment", "formal"),
        (None, "city/busan", "designation or commitment", "formal"),  # unknown date: last, year empty
        (None, "organization/eccar", "event", None),
    ]
    assert all(isinstance(row[0], Literal) and row[0].datatype == XSD.integer for row in result.rows if row[0])
    gwangju_2009 = {(status, source) for year, adopter, status, source
                    in table(result, "year", "adopter", "statusName", "source")
                    if (year, adopter) == ("2009", "city/gwangju") and status}
    assert gwangju_2009 == {  # the same designation recorded twice, each with its own source and words
        ("human rights municipal system", WIKIPEDIA),
        ("human rights municipality", HRCAREERS),
        ("human rights municipality", BLOG_2022),
    }
    rosario = table(result, "statusName", "instrumentLabel")[0]
    assert rosario == ("human rights sensitive city", "Rosario proclamation (human rights sensitive city)")


def test_timeline_in_korean(kg: Graph) -> None:
    labels = dict(table(run_query("timeline", {"lang": "ko"}, graph=kg), "adopter", "adopterLabel"))
    assert labels["city/gwangju"] == "광주" and labels["city/seoul"] == "서울" and labels["city/busan"] == "부산"
    assert labels["city/rosario"] == "Rosario"  # no Korean label: English


def test_adopters_of_instrument(answers: Answers, kg: Graph) -> None:
    assert table(answers["adopters-of-instrument"], "adopterLabel", "year", "adopted", "source") == [
        ("Saint-Denis", "2000", "instrument/european-charter-human-rights-in-the-city", BLOG_2022),
        ("Saint-Denis", "2000", "instrument/european-charter-human-rights-in-the-city", HRCAREERS),
    ]
    crc = run_query("adopters-of-instrument", {"instrument": "Convention on the Rights of the Child"}, graph=kg)
    assert set(table(crc, "adopterLabel", "year", "adopted", "process", "adoptingBody")) == {
        ("Chicago", "2009", "instrument/chicago-crc-resolution-2009", "informal", "city council")
    }  # a resolution supporting the Convention, adopted by the city council


def test_instruments_of_city(answers: Answers, kg: Graph) -> None:
    assert table(answers["instruments-of-city"], "instrumentLabel", "instrumentKind", "year", "source") == [
        ("Gwangju human rights ordinance (2007)", "ordinance", "2007", BLOG_2022),
        ("Gwangju human rights ordinance (2007)", "ordinance", "2007", HRCAREERS),
        ("Gwangju human rights ordinance (2009)", "ordinance", "2009", BLOG_2022),
        ("Gwangju human rights ordinance (2009)", "ordinance", "2009", HRCAREERS),
    ]
    rosario = run_query("instruments-of-city", {"city": "Rosario"}, graph=kg)
    assert set(table(rosario, "instrument", "instrumentKind", "date", "process")) == {
        ("instrument/rosario-proclamation", "declaration", "1997-06", "formal")
    }


def test_cities_without_formal_commitment(answers: Answers) -> None:
    result = answers["cities-without-formal-commitment"]
    assert sorted(set(column(result, "cityLabel"))) == [
        "Barcelona", "Bergen", "Chicago", "Graz", "Lund", "Madrid", "Mexico City", "Montreal", "Nagpur",
        "Nuremberg", "Saint-Denis", "San Francisco", "Seattle", "Timbuktu", "Vienna", "Winnipeg",
    ]  # Rosario, Gwangju, Seoul and Busan committed formally
    commitments = {row for row in table(result, "cityLabel", "commitment", "process") if row[1]}
    assert commitments == {
        ("Chicago", "event/adoption-chicago-crc-resolution-2009", "informal"),
        ("Saint-Denis", "event/adoption-saint-denis-european-charter-2000", None),
        ("San Francisco", "event/adoption-san-francisco-cedaw-ordinance-1998", None),
    }


def test_principles_of(answers: Answers, kg: Graph) -> None:
    result = answers["principles-of"]
    assert sorted(set(column(result, "principleLabel"))) == [
        "Effective institutions and policy coordination",
        "Human rights education and training",
        "Non-discrimination and affirmative action",
        "Participatory democracy and accountable governance",
        "Social inclusion and cultural diversity",
        "Social justice, solidarity, and sustainability",
    ]
    assert set(column(result, "source")) == {BLOG_2022, HRCAREERS}
    rosario = run_query("principles-of", {"subject": "Rosario"}, graph=kg)
    stated = {(principle, by) for principle, by in table(rosario, "principleLabel", "statedBy")}
    assert stated == {
        (principle, "event/designation-rosario-human-rights-sensitive-city-1997")
        for principle in ("accountability", "commitment to eliminate poverty", "participation", "reciprocity",
                          "transparency")
    } | {
        (principle, "instrument/rosario-proclamation") for principle in ("equity", "peace", "respect for human rights")
    }


def test_quantities(answers: Answers) -> None:
    result = answers["quantities"]
    eccar = table(result, "subject", "qualifier", "value", "statement", "source")[0]
    assert eccar == ("organization/eccar", "more than", "104", "more than 104 municipalities", WIKIPEDIA)
    assert result.rows[0][result.variables.index("value")] == Literal(104)  # a number, qualified, not "104"
    assert set(table(result, "quantity", "qualifier", "value", "attributedTo")) == {
        ("quantity/eccar-member-count-wikipedia", "more than", "104", None),
        ("quantity/rosario-1997-meeting-participants", "more than", "100", None),
        ("quantity/urban-population-2030-projection", "approximately", "5000000000", None),
        ("quantity/urban-population-share-unfpa", "more than", "50", "United Nations Population Fund"),
    }


# ------------------------------------------------------------------ answers: events and people


def test_events_of_city(answers: Answers, kg: Graph) -> None:
    events = list(dict.fromkeys(table(answers["events-of-city"], "event", "kind", "date", "relation")))
    assert events == [
        ("event/gwangju-uprising-1980", "historical event", "1980", "location"),
        ("event/founding-gwangju-human-rights-department-2010", "founding of a body", "2010", "location; founder"),
        ("event/world-human-rights-cities-forum-2011", "forum", "2011", "host; location"),
    ]
    rosario = run_query("events-of-city", {"city": "Rosario"}, graph=kg)
    assert set(table(rosario, "event", "relation")) == {("event/rosario-proclamation-1997", "location; participant")}


def test_events_of_organization(answers: Answers, kg: Graph) -> None:
    assert table(answers["events-of-organization"], "event", "relation", "partnerLabel") == [
        ("event/rightscity-2019", "host", "Amnesty International"),
        ("event/rightscity-2019", "host", "Canadian International Council"),
        ("event/rightscity-2019", "host", "Centre for International Peace and Security Studies"),
        ("event/rightscity-2019", "host", "Raoul Wallenberg Centre for Human Rights"),
    ]
    amnesty = run_query("events-of-organization", {"organization": "Amnesty International"}, graph=kg)
    assert set(column(amnesty, "relation")) == {"partner"}
    assert "Montreal Institute for Genocide and Human Rights Studies" in column(amnesty, "partnerLabel")
    assert "Amnesty International" not in column(amnesty, "partnerLabel")


def test_speakers_of_event(answers: Answers, kg: Graph) -> None:
    result = answers["speakers-of-event"]
    assert column(result, "speakerLabel") == [
        "Arthur Graham", "Jennifer Welsh", "Jeremy Kinsman", "Kyle Matthews", "Michael J. Abramowitz",
        "Omar Abdulaziz", "Pearl Eliadis", "Roméo Dallaire", "Shaparak Shajarizadeh", "Yang Jianli",
    ]
    affiliations = {speaker: (organization, role, ended) for speaker, organization, role, ended
                    in table(result, "speakerLabel", "affiliationLabel", "role", "ended")}
    assert affiliations["Kyle Matthews"] == (
        "Montreal Institute for Genocide and Human Rights Studies", "executive director", "false"
    )
    assert affiliations["Michael J. Abramowitz"] == ("Freedom House", "president", "false")
    assert affiliations["Pearl Eliadis"] == ("Raoul Wallenberg Centre for Human Rights", "fellow", "false")
    assert affiliations["Jennifer Welsh"] == ("United Nations", "adviser", "true")  # former special adviser
    assert affiliations["Jeremy Kinsman"] == ("European Union", "ambassador", "true")
    assert affiliations["Yang Jianli"] == (None, None, None)
    contributions = {speaker for speaker, contribution in table(result, "speakerLabel", "contribution")
                     if contribution}
    assert contributions == {"Arthur Graham", "Jeremy Kinsman", "Kyle Matthews", "Michael J. Abramowitz",
                             "Pearl Eliadis"}
    assert set(column(result, "source")) == {BLOG_2019}
    forum = run_query("speakers-of-event", {"event": "1st World Human Rights Cities Forum (2011)"}, graph=kg)
    assert forum.rows == []  # the seeds name no speaker of the 2011 forum


def test_dated_in_year(answers: Answers, kg: Graph) -> None:
    assert set(column(answers["dated-in-year"], "node")) == {
        "event/adoption-chicago-crc-resolution-2009",
        "instrument/chicago-crc-resolution-2009",
        "event/adoption-gwangju-human-rights-ordinance-2009",
        "instrument/gwangju-human-rights-ordinance-2009",
        "event/designation-gwangju-human-rights-municipal-system-2009",
        "event/designation-gwangju-human-rights-municipality-2009",
    }
    decade = run_query("dated-in-year", {"year": "1975"}, graph=kg)  # "the 1970s" is 1970 with decade precision
    assert table(decade, "node", "date") == [("event/emergence-of-human-rights-city-ideas-1970s", "1970")]


# ------------------------------------------------------------------ answers: places and names


def test_cities_in_country(answers: Answers, kg: Graph) -> None:
    assert column(answers["cities-in-country"], "cityLabel") == ["Busan", "Gwangju", "Seoul"]
    korean = run_query("cities-in-country", {"country": "대한민국", "lang": "ko"}, graph=kg)
    assert column(korean, "cityLabel") == ["광주", "부산", "서울"]  # ordered by the name shown


def test_cities_in_continent(answers: Answers, kg: Graph) -> None:
    assert table(answers["cities-in-continent"], "cityLabel", "countryLabel") == [
        ("Barcelona", "Spain"), ("Bergen", "Norway"), ("Graz", "Austria"), ("Lund", "Sweden"),
        ("Madrid", "Spain"), ("Nuremberg", "Germany"), ("Saint-Denis", "France"), ("Vienna", "Austria"),
    ]
    german = run_query("cities-in-continent", {"lang": "de"}, graph=kg)
    assert ("Nürnberg", "Deutschland") in table(german, "cityLabel", "countryLabel")
    assert ("Wien", "Österreich") in table(german, "cityLabel", "countryLabel")


def test_name_history(answers: Answers, kg: Graph) -> None:
    assert table(answers["name-history"], "nameKind", "name", "language") == [
        ("label", "People's Movement for Human Rights Learning", "en"),
        ("former", "People's Decade for Human Rights Education", "en"),
        ("abbreviation", "PDHRE", ""),
    ]
    us = run_query("name-history", {"entity": "US"}, graph=kg)
    assert table(us, "nameKind", "name") == [
        ("label", "United States"), ("alternative", "US"), ("alternative", "United States of America")
    ]


def test_multilingual_labels(answers: Answers, kg: Graph) -> None:
    result = answers["multilingual-labels"]
    entities = set(column(result, "entity"))
    assert len(entities) == 39
    assert {"city/gwangju", "city/nuremberg", "organization/lund-university", "principle/right-to-the-city",
            "region/latin-america", "instrument/le-droit-a-la-ville"} <= entities
    assert "city/chicago" not in entities and "city/seattle" not in entities  # English only
    three = run_query("multilingual-labels", {"minLanguages": "3"}, graph=kg)
    assert table(three, "entity", "languages", "language", "label") == [
        ("city/barcelona", "3", "ca", "Barcelona"),
        ("city/barcelona", "3", "en", "Barcelona"),
        ("city/barcelona", "3", "es", "Barcelona"),
    ]


def test_find_by_name(answers: Answers, kg: Graph) -> None:
    assert set(column(answers["find-by-name"], "entity")) == {
        "organization/raoul-wallenberg-centre-for-human-rights",
        "organization/raoul-wallenberg-institute",
        "membership/pearl-eliadis--raoul-wallenberg-centre-for-human-rights--fellow",
        "membership/raoul-wallenberg-institute--lund-university--affiliated-institution",
    }
    german = run_query("find-by-name", {"text": "NÜRNBERG"}, graph=kg)
    assert table(german, "entity", "entityLabel", "name", "nameKind") == [
        ("city/nuremberg", "Nuremberg", "Nürnberg", "label")
    ]


def test_instances_of(answers: Answers, kg: Graph) -> None:
    assert column(answers["instances-of"], "instanceLabel") == [
        "European Coalition of Cities against Racism", "Human Rights Cities Network",
        "United Cities and Local Governments",
    ]
    memberships = run_query("instances-of", {"class": str(ORG.Membership)}, graph=kg)
    assert len(memberships.rows) == 16


# ------------------------------------------------------------------ answers: provenance and curation


def test_claims_about(answers: Answers, kg: Graph) -> None:
    result = answers["claims-about"]
    assert set(column(result, "fact")) == {
        "city/gwangju",
        "event/adoption-gwangju-human-rights-ordinance-2007",
        "event/adoption-gwangju-human-rights-ordinance-2009",
        "event/designation-gwangju-human-rights-municipal-system-2009",
        "event/designation-gwangju-human-rights-municipality-2009",
        "event/founding-gwangju-human-rights-department-2010",
        "event/gwangju-uprising-1980",
        "event/world-human-rights-cities-forum-2011",
        "membership/gwangju--uclg-cisdp--co-chair",
    }
    assert column(result, "fact")[0] == "city/gwangju"  # the entity's own statements come first
    rows = set(table(result, "fact", "property", "value", "source"))
    korean = {source for fact, prop, value, source in rows if (prop, value) == (str(RDFS.label), "광주")}
    assert korean == {WIKIPEDIA, HRCAREERS, BLOG_2022}  # the entity's statements rest on its sources
    co_chair = {source for fact, _, _, source in rows if fact == "membership/gwangju--uclg-cisdp--co-chair"}
    assert co_chair == {WIKIPEDIA}  # a fact node rests on its own sources
    assert ("membership/gwangju--uclg-cisdp--co-chair", "ontology#attestedIn", "2018", WIKIPEDIA) in rows
    assert not any(prop == str(PROV.wasDerivedFrom) for _, prop, _, _ in rows)
    bergen = run_query("claims-about", {"entity": "Bergen"}, graph=kg)
    assert set(column(bergen, "fact")) == {"city/bergen", "membership/bergen--human-rights-cities-network--"
                                           "prospective-member"}


def test_undated_facts(answers: Answers) -> None:
    result = answers["undated-facts"]
    reasons = dict(table(result, "fact", "reason"))
    memberships = {fact for fact in reasons if fact.startswith("membership/")}
    assert len(memberships) == 15  # every membership but the Raoul Wallenberg Institute's (since 1984)
    assert "membership/raoul-wallenberg-institute--lund-university--affiliated-institution" not in reasons
    assert {fact: reason for fact, reason in reasons.items() if not fact.startswith("membership/")} == {
        "event/designation-busan-human-rights-municipal-system": "date unknown",
        "event/eccar-adopts-ten-point-plan-of-action": "date unknown",
        "event/pdhre-human-rights-cities-initiative": "date unknown",
        "event/uclg-cisdp-statements-to-un-human-rights-council": "date unknown",
        "quantity/eccar-member-count-wikipedia": "no date",
        "quantity/rosario-1997-meeting-participants": "no date",
        "quantity/urban-population-share-unfpa": "no date",
    }
    attested = dict(table(result, "fact", "attested"))
    assert attested["membership/gwangju--uclg-cisdp--co-chair"] == "2018"


def test_year_precision_facts(answers: Answers) -> None:
    result = answers["year-precision-facts"]
    dates = set(table(result, "node", "date", "precision"))
    assert ("event/emergence-of-human-rights-city-ideas-1970s", "1970", "decade") in dates
    assert ("instrument/gwangju-guiding-principles", "2014", "year") in dates
    assert ("membership/gwangju--uclg-cisdp--co-chair", "2018", "year") in dates
    assert ("membership/raoul-wallenberg-institute--lund-university--affiliated-institution", "1984", "year") in dates
    assert all(row[result.variables.index("date")].datatype == XSD.gYear for row in result.rows)
    nodes = {node for node, _, _ in dates}
    assert "event/rightscity-2019" not in nodes  # a full date
    assert "event/designation-rosario-human-rights-sensitive-city-1997" not in nodes  # June 1997
    assert len(nodes) == 24


def test_facts_by_source(answers: Answers) -> None:
    assert table(answers["facts-by-source"], "source", "facts", "entities") == [
        ("source/hrcareers-what-are-human-rights-cities", "16", "67"),
        ("source/hrd-blog-2022-01-25-human-rights-cities", "16", "70"),
        ("source/wikipedia-human-rights-city", "12", "23"),
        ("source/hrd-blog-2019-06-02-movement-or-network", "8", "40"),
        ("source/hrd-blog-tag-network", "3", "5"),
        ("source/hrd-blog-2018-12-14-human-rights-cities-network", "2", "8"),
        ("source/hrd-blog-tag-human-rights-cities-network", "0", "0"),  # the seed page, cited through its posts
    ]


def test_conflicting_dates(answers: Answers, kg: Graph) -> None:
    result = answers["conflicting-dates"]
    assert table(result, "subject", "fact1", "date1", "source1", "fact2", "date2", "source2", "conflict") == [
        ("city/gwangju", "event/designation-gwangju-human-rights-municipal-system-2009", "2009", WIKIPEDIA,
         "event/designation-gwangju-human-rights-municipality-2009", "2009", BLOG_2022, "false"),
        ("city/gwangju", "event/designation-gwangju-human-rights-municipal-system-2009", "2009", WIKIPEDIA,
         "event/designation-gwangju-human-rights-municipality-2009", "2009", HRCAREERS, "false"),
    ]
    disputed = Graph()
    disputed += kg
    other = EVENT["designation-seoul-test-2011"]
    for triple in [(other, RDF.type, HRG.Designation), (other, HRG.adopter, CITY.seoul),
                   (other, HRG.date, Literal("2011", datatype=XSD.gYear)),
                   (other, PROV.wasDerivedFrom, SOURCE["hrd-blog-2019-06-02-movement-or-network"])]:
        disputed.add(triple)
    rows = table(run_query("conflicting-dates", graph=disputed), "subject", "date1", "date2", "conflict")
    assert rows[0] == ("city/seoul", "2012", "2011", "true")  # conflicts come first
    assert len(rows) == 3


def test_has_unsourced_facts(answers: Answers, kg: Graph) -> None:
    assert answers["has-unsourced-facts"].boolean is False  # the healthy answer
    broken = Graph()
    broken += kg
    broken.add((CITY["atlantis"], RDF.type, HRG.City))
    broken.add((CITY["atlantis"], PROV.wasDerivedFrom, URIRef("https://example.org/not-a-source")))  # no hrg:Source
    assert run_query("has-unsourced-facts", graph=broken).boolean is True


def test_neighbourhood(answers: Answers, kg: Graph) -> None:
    graph = answers["neighbourhood"].graph
    rosario = CITY.rosario
    assert (rosario, HRG.country, URIRef(BASE + "country/argentina")) in graph
    assert (EVENT["designation-rosario-human-rights-sensitive-city-1997"], HRG.adopter, rosario) in graph
    assert (URIRef(BASE + "person/lionel-messi"), URIRef("http://purl.org/dc/terms/relation"), rosario) in graph
    assert (URIRef(BASE + "country/argentina"), RDFS.label, Literal("Argentina", lang="en")) in graph
    assert all(rosario in (s, o) or p == RDFS.label for s, p, o in graph)
    spanish = run_query("neighbourhood", {"lang": "es"}, graph=kg).graph
    assert set(spanish.objects(URIRef(BASE + "region/santa-fe"), RDFS.label)) == {
        Literal("Provincia de Santa Fe", lang="es")
    }


# ------------------------------------------------------------------ inference


def test_organizations_need_inference_for_networks_and_committees(answers: Answers,
                                                                  kg: Graph) -> None:
    plain = set(column(answers["organizations"], "organization"))
    assert len(plain) == 20 and "organization/pdhre" in plain
    networks_and_units = {"organization/eccar", "organization/uclg", "organization/uclg-cisdp",
                          "organization/human-rights-cities-network", "organization/migs"}
    assert not plain & networks_and_units
    inferred = run_query("organizations", {"lang": "fr"}, graph=kg, infer="rdfs")
    assert set(column(inferred, "organization")) == plain | networks_and_units | {
        "organization/gwangju-human-rights-department",
        "organization/osce-mission-to-serbia",
        "organization/osce-mission-to-serbia-rule-of-law-and-human-rights-department",
        "organization/rosario-citizens-committee-sub-committee",
        "organization/un-human-rights-council",
    }
    labels = dict(table(inferred, "organization", "organizationLabel"))
    assert labels["organization/united-nations"] == "Nations unies"
    assert labels["organization/eccar"] == "European Coalition of Cities against Racism"


# ------------------------------------------------------------------ parameters: injection and errors

HOSTILE = [
    'x" } ; DROP ALL ; #',
    "a\\b\" } ; DROP ALL ; # \n\t ''' } ; CLEAR DEFAULT ; # \"\"\" } ; DROP ALL ; #\r\n",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_string_matches_nothing(value: str, kg: Graph) -> None:
    before = len(kg)
    result = run_query("find-by-name", {"text": value}, graph=kg)
    assert result.kind == "select" and result.rows == []
    assert len(kg) == before


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["claims-about", "name-history"])
def test_hostile_entity_is_not_found_or_matches_nothing(name: str, value: str, kg: Graph) -> None:
    before = len(kg)
    try:
        result = run_query(name, {"entity": value}, graph=kg)
    except QueryError as error:
        assert "no entity" in str(error)
    else:
        assert result.rows == []
    assert len(kg) == before


@pytest.mark.parametrize("value", ["http://x> } ; DROP ALL ; <y", "http://example.org/a b", "x", ""])
def test_invalid_iri_is_refused(value: str, kg: Graph) -> None:
    before = len(kg)
    with pytest.raises(QueryError, match="invalid IRI"):
        run_query("instances-of", {"class": value}, graph=kg)
    assert len(kg) == before


@pytest.mark.parametrize(("name", "parameter"), [("find-by-name", "text"), ("name-history", "entity"),
                                                 ("instances-of", "class")])
@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "http://x/\udfff"])
def test_nul_and_lone_surrogate_are_refused(name: str, parameter: str, value: str, kg: Graph) -> None:
    with pytest.raises(QueryError, match=f"parameter '{parameter}'"):
        run_query(name, {parameter: value}, graph=kg)


def test_unknown_query_suggests_close_names(kg: Graph) -> None:
    with pytest.raises(QueryError, match="did you mean: .*members-of-network"):
        run_query("members-of-netwrk", graph=kg)
    with pytest.raises(QueryError, match="did you mean: .*cities-in-country"):
        run_query("cities-in-contry", graph=kg)


def test_unknown_parameter_lists_the_valid_ones(kg: Graph) -> None:
    with pytest.raises(QueryError, match="has no parameter 'colour'; its parameters: city, lang"):
        run_query("events-of-city", {"colour": "red"}, graph=kg)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("multilingual-labels", {"minLanguages": "two"}, "parameter 'minLanguages' expects integer"),
        ("multilingual-labels", {"minLanguages": "2.5"}, "parameter 'minLanguages' expects integer"),
        ("dated-in-year", {"year": "09"}, "parameter 'year' expects year"),
        ("dated-in-year", {"year": "2009a"}, "parameter 'year' expects year"),
        ("timeline", {"lang": "not a tag!"}, "parameter 'lang' expects language"),
        ("timeline", {"lang": "ko\"@en"}, "parameter 'lang' expects language"),
        ("cities-in-country", {"country": "Atlantis"}, "parameter 'country' expects entity"),
    ],
)
def test_malformed_value_names_parameter_and_type(name: str, params: dict[str, str], message: str,
                                                  kg: Graph) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        run_query(name, params, graph=kg)
