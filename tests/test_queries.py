"""The query library (queries/*.rq): every named query is documented, runs with its defaults and
answers its question with the answer the sources give.

Each query opens with a header (title, description, parameters with type and default, columns);
parameters are bound by hrgraph.sparql as RDF terms in a VALUES block, never spliced as text. The
expected answers below come from the two seed documents (the Human Rights Defenders blog posts of
2018, 2019 and 2022, and sentences of Wikipedia's "Human Rights City") and from the public facts of
../shared/data/public-facts.csv ingested through curation/public-facts.csv (issue 7), as curated in
graph/*.ttl.

Two kinds of number: an answer the sources give is worked out beside it (a list, a sum); a count
marked ``# pin`` is a regression pin, today's output recorded so that a change shows, checked by
hand once but not derived from a source: when the data grows, look at the difference and update it.
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, RDFS, XSD

from hrgraph.errors import QueryError
from hrgraph.sparql import (
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
# Public facts' sources (issue 7), titled from their addresses.
GENEVA_HUB = "Hrcn (genevacitieshub.org)"
UCLG_CO_PRESIDENCY = "New co presidency cisdp reinforces its mission strengthen right city (old.uclg.org)"
UCLG_SEOUL_DIVISION = ("Seoul municipal government division works mainstream rights approach local public action "
                       "(uclg-cisdp.org)")

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

    Running a query parses it with rdflib's SPARQL parser (hrgraph.sparql.check_query) and refuses
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
def test_reliability_20_query_parses_and_documents_itself(name: str, answers: Answers) -> None:
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
    for label in labels:  # the chosen language, else English, else any, as in members-of-network
        assert re.search(rf"COALESCE\(\?\w*[cC]hosen, \?\w*[eE]nglish, \?\w*[oO]ther\) AS \?{label}\)", text), label


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
        ("Graz", "guest member", GENEVA_HUB),
        ("Graz", "member", "Graz (humanrightscities.net)"),  # "Since: 2018"
        ("Graz", "member", TAG_NETWORK),
        ("Lund", "guest member", GENEVA_HUB),
        ("Lund", "member", TAG_NETWORK),
        ("Middelburg", "guest member", GENEVA_HUB),
        ("Nuremberg", "guest member", GENEVA_HUB),  # later a guest member...
        ("Nuremberg", "prospective member", BLOG_2018),  # ...not yet listed in December 2018
        ("Raoul Wallenberg Institute", "associate member", GENEVA_HUB),
        ("US National Human Rights Cities Alliance", "associate member", GENEVA_HUB),
        ("University College Roosevelt", "associate member", GENEVA_HUB),
        ("Utrecht", "guest member", GENEVA_HUB),
        ("Utrecht University", "associate member", GENEVA_HUB),
        ("Vienna", "guest member", GENEVA_HUB),
        ("York", "guest member", GENEVA_HUB),
    ]
    assert set(column(answers["members-of-network"], "attested")) == {"2018-12-14", None}


def test_members_of_committee_in_korean_fall_back_to_english(kg: Graph) -> None:
    result = run_query("members-of-network", {"network": "CISDP", "lang": "ko"}, graph=kg)
    assert table(result, "memberLabel", "role", "attested") == [
        ("Barcelona", "president", "2011"),
        ("Bethlehem", "member", "2017"),
        ("Grenoble", "member", "2017"),
        ("Jang-hyun Yoon", "co-chair", None),
        ("José Ramón Amieva", "co-chair", None),
        ("Madrid", "member", "2017"),
        ("Mexico City", "co-chair", "2018"),
        ("Mexico City", "co-chair", None),  # since 21 April 2015
        ("Mexico City", "member", "2017"),
        ("Montevideo", "vice-president", "2011"),
        ("Passy", "vice-president", "2011"),
        ("Patrick Braouezec", "co-chair", None),
        ("Plaine Commune", "co-chair", "2015"),
        ("Plaine Commune", "vice-president", "2011"),
        ("Seine-Saint-Denis", "co-chair", None),
        ("Stéphane Troussel", "co-chair", None),
        ("광주", "co-chair", "2018"),
        ("광주", "co-chair", None),
        ("광주", "co-chair", "2018-01"),
        ("서울", "member", None),  # a full member since 2017
    ]


def test_networks_of_city(answers: Answers, kg: Graph) -> None:
    result = answers["networks-of-city"]
    assert table(result, "organization", "role", "start", "attested", "partOf", "source") == [
        ("organization/uclg-cisdp", "co-chair", None, "2018", "organization/uclg", WIKIPEDIA),
        ("organization/uclg-cisdp", "co-chair", "2015-04-21", None, "organization/uclg", UCLG_CO_PRESIDENCY),
        ("organization/uclg-cisdp", "co-chair", None, "2018-01", "organization/uclg", UCLG_SEOUL_DIVISION),
    ]
    assert set(column(result, "partOfLabel")) == {"United Cities and Local Governments"}
    institute = run_query("networks-of-city", {"city": "Raoul Wallenberg Institute"}, graph=kg)
    assert table(institute, "organizationLabel", "role", "start") == [
        ("Human Rights Cities Network", "associate member", None),
        ("Lund University", "affiliated institution", "1984"),
    ]


def test_co_membership(answers: Answers) -> None:
    result = answers["co-membership"]
    members: dict[str, set[str]] = {}
    for city1, city2, organization in table(result, "city1Label", "city2Label", "organizationLabel"):
        members.setdefault(organization, set()).update((city1, city2))
    assert members == {
        "European Coalition of Cities against Racism": {
            "Barcelona", "Bologna", "Graz", "Heidelberg", "Leuven", "Nuremberg", "Potsdam", "Toulouse", "Wroclaw"},
        "Human Rights Cities Network": {"Barcelona", "Graz", "Lund", "Middelburg", "Nuremberg", "Utrecht", "Vienna", "York"},
        "PDHRE human rights cities (facilitated)": {"Graz", "Kati", "Nagpur", "Rosario", "Thies"},
        "UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights": {
            "Barcelona", "Bethlehem", "Grenoble", "Gwangju", "Madrid", "Mexico City", "Montevideo", "Passy",
            "Plaine Commune", "Seine-Saint-Denis", "Seoul"},
    }  # Bergen is only a prospective member
    pairs = {(city1, city2, organization) for city1, city2, organization
             in table(result, "city1Label", "city2Label", "organizationLabel")}
    assert len(pairs) == sum(len(cities) * (len(cities) - 1) // 2 for cities in members.values()) == 129
    assert len(result.rows) == 165  # pin; a pair once per pair of roles (member and guest member...)
    assert ("Gwangju", "Mexico City", "UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights",
            "co-chair", "co-chair") in table(result, "city1Label", "city2Label", "organizationLabel", "role1", "role2")


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
        ("city/barcelona", "president", "organization/uclg-cisdp"),
        ("city/barcelona", "vice-president", "organization/eccar"),
        ("city/gwangju", "co-chair", "organization/uclg-cisdp"),
        ("city/heidelberg", "vice-president", "organization/eccar"),
        ("city/mexico-city", "co-chair", "organization/uclg-cisdp"),
        ("city/montevideo", "vice-president", "organization/uclg-cisdp"),
        ("city/passy", "vice-president", "organization/uclg-cisdp"),
        ("localgov/plaine-commune", "co-chair", "organization/uclg-cisdp"),
        ("localgov/plaine-commune", "vice-president", "organization/uclg-cisdp"),
        ("localgov/seine-saint-denis", "co-chair", "organization/uclg-cisdp"),
        ("person/arthur-graham", "head of department",
         "organization/osce-mission-to-serbia-rule-of-law-and-human-rights-department"),
        ("person/benedetto-zacchiroli", "president", "organization/eccar"),
        ("person/hans-hesselmann", "president", "organization/eccar"),
        ("person/jang-hyun-yoon", "co-chair", "organization/uclg-cisdp"),
        ("person/jang-hyun-yoon", "mayor", "city/gwangju"),
        ("person/jean-paul-makengo", "president", "organization/eccar"),
        ("person/jose-ramon-amieva", "co-chair", "organization/uclg-cisdp"),
        ("person/kang-un-tae", "mayor", "city/gwangju"),
        ("person/kyle-matthews", "executive director", "organization/migs"),
        ("person/michael-j-abramowitz", "president", "organization/freedom-house"),
        ("person/morten-kjaerum", "director", "organization/raoul-wallenberg-institute"),
        ("person/patrick-braouezec", "co-chair", "organization/uclg-cisdp"),
        ("person/patrick-braouezec", "president", "localgov/plaine-commune"),
        ("person/pdhre-executive-director-1997", "executive director", "organization/pdhre"),
        ("person/shulamith-koenig", "executive director", "organization/pdhre"),
        ("person/stephane-troussel", "co-chair", "organization/uclg-cisdp"),
        ("person/wolfgang-benedek", "chair", "organization/human-rights-council-of-graz"),
    }
    # the unnamed executive director of PDHRE rests on the Human Rights Careers post and its reproduction
    pdhre = [row for row in table(answers["leaders"], "leader", "attested", "source")
             if row[0] == "person/pdhre-executive-director-1997"]
    assert pdhre == [("person/pdhre-executive-director-1997", "1997-06", BLOG_2022),
                     ("person/pdhre-executive-director-1997", "1997-06", HRCAREERS)]


def test_membership_graph(answers: Answers, kg: Graph) -> None:
    graph = answers["membership-graph"].graph
    edges = {(short(s), short(o)) for s, o in graph.subject_objects(ORG.memberOf)}
    networks = {
        "organization/eccar": {"barcelona", "bologna", "graz", "heidelberg", "leuven", "nuremberg", "potsdam",
                               "toulouse", "wroclaw"},
        "organization/human-rights-cities-network": {"barcelona", "graz", "lund", "middelburg", "nuremberg",
                                                     "utrecht", "vienna", "york"},
        "organization/pdhre-human-rights-cities-facilitated": {"graz", "kati", "nagpur", "rosario", "thies"},
        "organization/uclg-cisdp": {"barcelona", "bethlehem", "grenoble", "gwangju", "madrid", "mexico-city",
                                    "montevideo", "passy", "seoul"},
    }
    assert edges == {(f"city/{city}", network) for network, cities in networks.items() for city in cities}
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
    designation, adoption, signature = "designation or commitment", "adoption of an instrument", "signature of an instrument"
    assert facts == [
        ("1997", "city/rosario", designation, "formal"),
        ("1998", "city/san-francisco", adoption, None),
        ("1998", "city/nuremberg", signature, None),  # the Barcelona Commitment, October 1998
        ("2000", "city/graz", designation, "formal"),
        ("2000", "city/saint-denis", adoption, None),
        ("2001", "city/graz", designation, "formal"),
        ("2005", "city/montreal", adoption, None),
        ("2006", "city/montreal", adoption, None),
        ("2007", "city/eugene", designation, "informal"),
        ("2007", "city/gwangju", adoption, None),
        ("2008", "city/washington-d-c", designation, "formal"),
        ("2009", "city/chicago", adoption, "informal"),
        ("2009", "city/gwangju", adoption, None),
        ("2009", "city/gwangju", designation, "formal"),
        ("2010", "city/mexico-city", adoption, None),
        ("2010", "city/utrecht", designation, "formal"),
        ("2011", "city/pittsburgh", designation, "formal"),
        ("2012", "city/gwangju", adoption, None),
        ("2012", "city/seoul", adoption, None),
        ("2012", "city/seoul", designation, "formal"),
        ("2012", "city/utrecht", designation, "formal"),
        ("2012", "city/seattle", designation, "formal"),
        ("2014", "city/vienna", designation, "formal"),
        ("2014", "organization/vienna-city-council", adoption, None),
        ("2015", "localgov/wonosobo", signature, None),
        ("2016", "city/barcelona", adoption, None),
        ("2016", "city/lund", adoption, None),
        ("2016", "city/mountain-view", designation, "formal"),
        ("2017", "person/dave-taylor", signature, None),
        ("2017", "city/york", designation, "formal"),
        ("2017", "city/barcelona", adoption, None),
        ("2018", "localgov/wonosobo", designation, "formal"),
        ("2018", "city/lund", designation, "formal"),
        (None, "city/atlanta", designation, "formal"),  # unknown dates: last, year empty
        (None, "city/barcelona", signature, None),
        (None, "city/boston", designation, "formal"),
        (None, "city/busan", designation, "formal"),
        (None, "localgov/chungcheongnam-do", "event", None),  # undated adoptions are events
        (None, "organization/eccar", "event", None),
        (None, "city/geneva", signature, None),
        (None, "city/lisbon", signature, None),
        (None, "city/lund", "event", None),
        (None, "city/lyon", signature, None),
        (None, "city/nuremberg", signature, None),
        (None, "city/saint-denis", signature, None),
        (None, "country/united-states", signature, None),  # signed, not ratified: the CRC and CEDAW
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
    rosario = {row[:2] for row in table(result, "statusName", "instrumentLabel", "date", "source") if row[3] == BLOG_2022
               and row[2] == "1997-06"}
    assert rosario == {("human rights sensitive city", "Rosario proclamation (human rights sensitive city)")}


def test_timeline_in_korean(kg: Graph) -> None:
    labels = dict(table(run_query("timeline", {"lang": "ko"}, graph=kg), "adopter", "adopterLabel"))
    assert labels["city/gwangju"] == "광주" and labels["city/seoul"] == "서울" and labels["city/busan"] == "부산"
    assert labels["city/rosario"] == "Rosario"  # no Korean label: English


def test_adopters_of_instrument(answers: Answers, kg: Graph) -> None:
    charter = "instrument/european-charter-human-rights-in-the-city"
    programme = "instrument/barcelona-city-of-rights-programme"
    uclg_news = "Csipd “human rights and local governments” (uclg-cisdp.org)"
    assert table(answers["adopters-of-instrument"], "adopterLabel", "year", "adopted", "source") == [
        ("Saint-Denis", "2000", charter, BLOG_2022),
        ("Saint-Denis", "2000", charter, HRCAREERS),
        ("Barcelona", "2016", programme, "Barcelona (eccar.info)"),  # a programme framed by the charter
        ("Barcelona", "2017", programme, "Barcelona city of rights.pdf (bcnroc.ajuntament.barcelona.cat)"),
        ("Barcelona", None, charter, uclg_news),  # signatories whose signing date no source gives
        ("Geneva", None, charter, uclg_news),
        ("Lisbon", None, charter, "lisboasolidaria.cm-lisboa.pt"),
        ("Lyon", None, charter, uclg_news),
        ("Nuremberg", None, charter, "Staedte fuer menschenrechte en (nuernberg.de)"),
        ("Saint-Denis", None, charter, uclg_news),
    ]
    crc = run_query("adopters-of-instrument", {"instrument": "Convention on the Rights of the Child"}, graph=kg)
    assert set(table(crc, "adopterLabel", "year", "adopted", "process", "adoptingBody")) == {
        ("Chicago", "2009", "instrument/chicago-crc-resolution-2009", "informal", "city council"),
        ("Seoul", "2012", "instrument/seoul-metropolitan-government-ordinance-on-human-rights-of-children-and",
         None, None),
        ("Lund", None, "instrument/crc", None, None),
        ("United States", None, "instrument/crc", None, None),  # signed, not ratified
    }  # a resolution supporting the Convention, adopted by the city council; an ordinance based on it


def test_instruments_of_city(answers: Answers, kg: Graph) -> None:
    assert table(answers["instruments-of-city"], "instrumentLabel", "instrumentKind", "year", "source") == [
        ("Gwangju human rights ordinance (2007)", "ordinance", "2007", BLOG_2022),
        ("Gwangju human rights ordinance (2007)", "ordinance", "2007", HRCAREERS),
        ("Gwangju human rights ordinance (2009)", "ordinance", "2009", BLOG_2022),
        ("Gwangju human rights ordinance (2009)", "ordinance", "2009", HRCAREERS),
        ("Gwangju human rights ordinance (2009)", "ordinance", "2009", "newdin32.din365.com"),
        ("Gwangju Human Rights Charter", "charter", "2012", "2013 world human rights cities forum (hurights.or.jp)"),
        ("Gwangju Human Rights Charter", "charter", "2012", "Detail (ombudsman.kotra.or.kr)"),  # May 2012
    ]
    rosario = run_query("instruments-of-city", {"city": "Rosario"}, graph=kg)
    assert set(table(rosario, "instrument", "instrumentKind", "date", "process")) == {
        ("instrument/rosario-proclamation", "declaration", "1997-06", "formal"),
        ("instrument/rosario-proclamation", "declaration", "1997-06-30", "formal"),  # the day, per pdhre.org
    }


def test_cities_without_formal_commitment(answers: Answers) -> None:
    result = answers["cities-without-formal-commitment"]
    assert sorted(set(column(result, "cityLabel"))) == [
        "Ariana", "Barcelona", "Bergen", "Bethlehem", "Bologna", "Chicago", "Edmonton", "Eugene", "Florence", "Geneva",
        "Gothenburg", "Grenoble", "Heidelberg", "Jackson", "Kati", "Leuven", "Lisbon", "Lyon", "Madrid", "Mexico City",
        "Middelburg", "Montevideo", "Montreal", "Nagpur", "Nantes", "New York", "Nuremberg", "Passy", "Porto Alegre",
        "Potsdam", "Saint-Denis", "Salzburg", "San Francisco", "Seberang Perai", "Thies", "Timbuktu", "Toulouse", "Tuzla",
        "Venice", "Winnipeg", "Wroclaw",
    ]  # Rosario, Gwangju, Seoul, Busan, Graz, Vienna, Lund, Utrecht, York, Seattle... committed formally
    commitments = {row for row in table(result, "cityLabel", "commitment", "process") if row[1]}
    assert commitments == {
        ("Barcelona", "event/adoption-barcelona-city-of-rights-programme-2016", None),
        ("Barcelona", "event/adoption-barcelona-city-of-rights-programme-2017-12", None),
        ("Barcelona", "event/signature-barcelona-european-charter-human-rights-in-the-city", None),
        ("Chicago", "event/adoption-chicago-crc-resolution-2009", "informal"),
        ("Eugene", "event/designation-eugene-2007", "informal"),
        ("Geneva", "event/signature-geneva-european-charter-human-rights-in-the-city", None),
        ("Lisbon", "event/signature-lisbon-european-charter-human-rights-in-the-city", None),
        ("Lyon", "event/signature-lyon-european-charter-human-rights-in-the-city", None),
        ("Mexico City", "event/adoption-mexico-city-charter-for-the-right-to-the-city-2010", None),
        ("Montreal", "event/adoption-montreal-charter-of-rights-and-responsibilities-2005-06-20", None),
        ("Montreal", "event/adoption-montreal-charter-of-rights-and-responsibilities-2006", None),
        ("Nuremberg", "event/signature-nuremberg-barcelona-commitment", None),
        ("Nuremberg", "event/signature-nuremberg-european-charter-human-rights-in-the-city", None),
        ("Saint-Denis", "event/adoption-saint-denis-european-charter-2000", None),
        ("Saint-Denis", "event/signature-saint-denis-european-charter-human-rights-in-the-city", None),
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
    eccar = [row for row in table(result, "quantity", "subject", "qualifier", "value", "statement", "source")
             if row[0] == "quantity/eccar-member-count-wikipedia"]
    assert eccar == [("quantity/eccar-member-count-wikipedia", "organization/eccar", "more than", "104",
                      "more than 104 municipalities", WIKIPEDIA)]
    value = result.variables.index("value")
    assert {row[value] for row in result.rows} >= {Literal(104)}  # a number, qualified, not "104"
    assert set(table(result, "quantity", "qualifier", "value", "attributedTo")) == {
        ("quantity/barcelona-commitment-signatory-count-41-nuernberg-de", "exactly", "41", None),
        ("quantity/crc-signatory-count-196-icj-org", "exactly", "196", None),
        ("quantity/eccar-member-count-104-nuernberg-de", "more than", "104", None),
        ("quantity/eccar-member-count-121-unesco-org", "exactly", "121", None),
        ("quantity/eccar-member-count-130-comune-bologna-it", "more than", "130", None),
        ("quantity/eccar-member-count-wikipedia", "more than", "104", None),
        ("quantity/european-charter-human-rights-in-the-city-signatory-count-235-nuernberg-de", "exactly", "235", None),
        ("quantity/european-charter-human-rights-in-the-city-signatory-count-350-uclg-cisdp-org", "more than", "350",
         None),
        ("quantity/european-charter-human-rights-in-the-city-signatory-count-400-uclg-cisdp-org", "more than", "400",
         None),
        ("quantity/european-charter-human-rights-in-the-city-signatory-count-96-lisboasolidaria-cm-lisboa-pt",
         "exactly", "96", None),
        ("quantity/rosario-1997-meeting-participants", "more than", "100", None),
        ("quantity/south-korea-quantity-98-docslib-org", "exactly", "98", None),
        ("quantity/uclg-cisdp-member-count-145-en-wikipedia-org", "exactly", "145", None),
        ("quantity/urban-population-2030-projection", "approximately", "5000000000", None),
        ("quantity/urban-population-share-unfpa", "more than", "50", "United Nations Population Fund"),
        ("quantity/world-human-rights-cities-forum-2014-participant-count-500-whrcf-org", "approximately", "500", None),
        ("quantity/world-human-rights-cities-forum-2020-participant-count-17-whrcf-org", "exactly", "17", None),
        ("quantity/world-human-rights-cities-forum-2020-participant-count-22-whrcf-org", "exactly", "22", None),
    }
    korea = [row for row in table(result, "subject", "statement", "date") if row[0] == "country/south-korea"]
    assert korea == [("country/south-korea", "exactly 98 local governments with a human rights ordinance", "2017-04")]


# ------------------------------------------------------------------ answers: events and people


def test_events_of_city(answers: Answers, kg: Graph) -> None:
    events = list(dict.fromkeys(table(answers["events-of-city"], "event", "kind", "date", "relation")))
    assert events == [
        ("event/gwangju-uprising-1980", "historical event", "1980", "location"),
        ("event/adoption-gwangju-asian-human-rights-charter-1998", "adoption of an instrument", "1998", "location"),
        ("event/founding-gwangju-human-rights-department-2010", "founding of a body", "2010", "location; founder"),
        ("event/world-human-rights-cities-forum-2011", "forum", "2011", "host; location"),
        ("event/world-human-rights-cities-forum-2012", "forum", "2012", "location"),
        ("event/world-human-rights-cities-forum-2013", "forum", "2013-05-15", "location"),
        ("event/founding-gwangju-human-rights-ombudsman-2013-06", "founding of a body", "2013-06", "location"),
        ("event/world-human-rights-cities-forum-2014", "forum", "2014-05-15", "location"),
        ("event/world-human-rights-cities-forum-2015", "forum", "2015-05-15", "location"),
        ("event/world-human-rights-cities-forum-2016", "forum", "2016-07-21", "location"),
        ("event/world-human-rights-cities-forum-2017", "forum", "2017-09", "location"),
        ("event/world-human-rights-cities-forum-2018", "forum", "2018-10-18", "location"),
        ("event/world-human-rights-cities-forum-2019", "forum", "2019-09-30", "location"),
        ("event/world-human-rights-cities-forum-2020", "forum", "2020-10-07", "location"),  # held online
        ("event/world-human-rights-cities-forum-2021", "forum", "2021-10-06", "location"),
    ]
    rosario = run_query("events-of-city", {"city": "Rosario"}, graph=kg)
    assert set(table(rosario, "event", "relation")) == {("event/rosario-proclamation-1997", "location; participant")}


def test_events_of_organization(answers: Answers, kg: Graph) -> None:
    assert table(answers["events-of-organization"], "event", "relation", "partnerLabel") == [
        ("event/rightscity-2017", "organizer", "Raoul Wallenberg Centre for Human Rights"),
        ("event/rightscity-2018", "organizer", "Raoul Wallenberg Centre for Human Rights"),
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
        "event/adoption-gwangju-human-rights-ordinance-2009-newdin32-din365-com",  # the Promotion Ordinance
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
        ("Barcelona", "Spain"), ("Bergen", "Norway"), ("Bologna", "Italy"), ("Florence", "Italy"),
        ("Geneva", "Switzerland"), ("Gothenburg", "Sweden"), ("Graz", "Austria"), ("Grenoble", "France"),
        ("Heidelberg", "Germany"), ("Leuven", "Belgium"), ("Lisbon", "Portugal"), ("Lund", "Sweden"), ("Lyon", "France"),
        ("Madrid", "Spain"), ("Middelburg", "Netherlands"), ("Nantes", "France"), ("Nuremberg", "Germany"),
        ("Potsdam", "Germany"), ("Saint-Denis", "France"), ("Salzburg", "Austria"), ("Toulouse", "France"),
        ("Tuzla", "Bosnia and Herzegovina"), ("Utrecht", "Netherlands"), ("Venice", "Italy"), ("Vienna", "Austria"),
        ("Wroclaw", "Poland"), ("York", "United Kingdom"),
    ]  # cities only: Plaine Commune and Seine-Saint-Denis are local governments of France
    german = run_query("cities-in-continent", {"lang": "de"}, graph=kg)
    assert ("Nürnberg", "Deutschland") in table(german, "cityLabel", "countryLabel")
    assert ("Wien", "Österreich") in table(german, "cityLabel", "countryLabel")


def test_name_history(answers: Answers, kg: Graph) -> None:
    assert table(answers["name-history"], "nameKind", "name", "language") == [
        ("label", "People's Movement for Human Rights Learning", "en"),
        ("former", "People's Decade for Human Rights Education", "en"),
        ("former", "People's Movement for Human Rights Education", "en"),  # from 1999 to 2008
        ("abbreviation", "PDHRE", ""),
    ]
    us = run_query("name-history", {"entity": "US"}, graph=kg)
    assert table(us, "nameKind", "name") == [
        ("label", "United States"), ("alternative", "US"), ("alternative", "United States of America")
    ]


def test_multilingual_labels(answers: Answers, kg: Graph) -> None:
    result = answers["multilingual-labels"]
    entities = set(column(result, "entity"))
    assert len(entities) == 39  # pin
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
        "claim/raoul-wallenberg-centre-for-human-rights--rightscity-2017--organizer",
        "claim/raoul-wallenberg-centre-for-human-rights--rightscity-2018--partner",
        "claim/raoul-wallenberg-centre-for-human-rights--rightscity-2019--organizer",
        "claim/raoul-wallenberg-centre-for-human-rights--rightscity-2019--partner",
        "claim/raoul-wallenberg-institute--world-human-rights-cities-forum-2021--organizer",
        "event/adoption-lund-council-decision-to-cooperate-with-the-raoul-2016-09-08",
        "event/founding-raoul-wallenberg-centre-for-human-rights-2015",
        "event/founding-raoul-wallenberg-institute-1984",
        "instrument/lund-council-decision-to-cooperate-with-the-raoul-wallenberg-institute",
        "membership/morten-kjaerum--raoul-wallenberg-institute--director",
        "membership/pearl-eliadis--raoul-wallenberg-centre-for-human-rights--fellow",
        "membership/raoul-wallenberg-institute--human-rights-cities-network--associate-member",
        "membership/raoul-wallenberg-institute--lund-university--affiliated-institution",
        "organization/raoul-wallenberg-centre-for-human-rights",
        "organization/raoul-wallenberg-institute",
        "person/raoul-wallenberg",  # the diplomat the institute is named after
        "source/wikimili-com-en-raoul-wallenberg-centre-for-human-rights",
    }
    german = run_query("find-by-name", {"text": "NÜRNBERG"}, graph=kg)
    assert table(german, "entity", "entityLabel", "name", "nameKind") == [
        ("city/nuremberg", "Nuremberg", "Nürnberg", "label")
    ]


def test_instances_of(answers: Answers, kg: Graph) -> None:
    assert column(answers["instances-of"], "instanceLabel") == [
        "European Coalition of Cities against Racism", "European Conference Cities for Human Rights",
        "Human Rights Cities Network", "International Coalition of Cities against Racism",
        "PDHRE human rights cities (facilitated)", "United Cities and Local Governments",
    ]
    memberships = run_query("instances-of", {"class": str(ORG.Membership)}, graph=kg)
    assert len(memberships.rows) == 73  # pin
    local = run_query("instances-of", {"class": str(HRG.LocalGovernment)}, graph=kg)
    assert column(local, "instanceLabel") == ["Chungcheongnam-do", "Plaine Commune", "Seine-Saint-Denis", "Wonosobo"]


# ------------------------------------------------------------------ answers: provenance and curation


def test_claims_about(answers: Answers, kg: Graph) -> None:
    result = answers["claims-about"]
    forums = {f"event/world-human-rights-cities-forum-{year}" for year in range(2011, 2022)}
    assert set(column(result, "fact")) == forums | {
        "city/gwangju",
        "event/adoption-gwangju-asian-human-rights-charter-1998",
        "event/adoption-gwangju-human-rights-charter-2012",
        "event/adoption-gwangju-human-rights-charter-2012-05",
        "event/adoption-gwangju-human-rights-ordinance-2007",
        "event/adoption-gwangju-human-rights-ordinance-2009",
        "event/adoption-gwangju-human-rights-ordinance-2009-newdin32-din365-com",
        "event/designation-gwangju-human-rights-municipal-system-2009",
        "event/designation-gwangju-human-rights-municipality-2009",
        "event/founding-gwangju-human-rights-department-2010",
        "event/founding-gwangju-human-rights-ombudsman-2013-06",
        "event/gwangju-uprising-1980",
        "membership/gwangju--uclg-cisdp--co-chair",
        "membership/gwangju--uclg-cisdp--co-chair-2015-04-21",
        "membership/gwangju--uclg-cisdp--co-chair-uclg-cisdp-org",
        "membership/jang-hyun-yoon--gwangju--mayor",
        "membership/kang-un-tae--gwangju--mayor",
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
    assert len(memberships) == 59  # pin; of 73: the others have a start date
    assert "membership/raoul-wallenberg-institute--lund-university--affiliated-institution" not in reasons
    charter_signatures = {f"event/signature-{city}-european-charter-human-rights-in-the-city": "date unknown"
                          for city in ("barcelona", "geneva", "lisbon", "lyon", "nuremberg", "saint-denis")}
    assert {fact: reason for fact, reason in reasons.items() if not fact.startswith("membership/")} == {
        **charter_signatures,
        "event/adoption-chungcheongnam-do-basic-ordinance-on-human-rights-undated": "date unknown",
        "event/adoption-lund-crc-undated": "date unknown",
        "event/cities-and-territories-for-human-rights-2030-campaign": "date unknown",
        "event/designation-atlanta-undated": "date unknown",
        "event/designation-boston-undated": "date unknown",
        "event/designation-busan-human-rights-municipal-system": "date unknown",
        "event/eccar-adopts-ten-point-plan-of-action": "date unknown",
        "event/founding-global-platform-for-the-right-to-the-city-undated": "date unknown",
        "event/human-rights-city-edmonton-initiative": "date unknown",
        "event/pdhre-human-rights-cities-initiative": "date unknown",
        "event/repeal-of-chungcheongnam-do-basic-ordinance-on-human-rights": "date unknown",
        "event/signature-united-states-cedaw": "date unknown",
        "event/signature-united-states-crc": "date unknown",
        "event/uclg-cisdp-statements-to-un-human-rights-council": "date unknown",
        "event/un-general-assembly-34th-session": "date unknown",
        "event/un-general-assembly-3rd-session": "date unknown",
        "event/un-general-assembly-44th-session": "date unknown",
        "event/un-human-rights-council-24th-session": "date unknown",
        "event/un-human-rights-council-30th-session": "date unknown",
        "quantity/barcelona-commitment-signatory-count-41-nuernberg-de": "no date",
        "quantity/eccar-member-count-104-nuernberg-de": "no date",
        "quantity/eccar-member-count-121-unesco-org": "no date",
        "quantity/eccar-member-count-wikipedia": "no date",
        "quantity/european-charter-human-rights-in-the-city-signatory-count-235-nuernberg-de": "no date",
        "quantity/european-charter-human-rights-in-the-city-signatory-count-350-uclg-cisdp-org": "no date",
        "quantity/european-charter-human-rights-in-the-city-signatory-count-400-uclg-cisdp-org": "no date",
        "quantity/rosario-1997-meeting-participants": "no date",
        "quantity/urban-population-share-unfpa": "no date",
        "quantity/world-human-rights-cities-forum-2014-participant-count-500-whrcf-org": "no date",
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
    assert len(nodes) == 134  # pin



def test_year_precision_facts_skip_the_broader_copies_that_inference_adds(answers: Answers, kg: Graph) -> None:
    # RDFS adds dcterms:date beside every hrg:date (its subproperty): the year is listed once
    inferred = run_query("year-precision-facts", {}, graph=kg, infer="rdfs")
    plain = set(table(answers["year-precision-facts"], "node", "property", "date"))
    assert set(table(inferred, "node", "property", "date")) == plain
    assert not any(prop == "dcterms:date" for _, prop, _ in plain)

def test_facts_by_source(answers: Answers) -> None:
    result = answers["facts-by-source"]
    counts = {source: (facts, entities) for source, facts, entities in table(result, "source", "facts", "entities")}
    assert len(counts) == 145  # pin: the sources cited
    assert table(result, "source", "facts", "entities")[:5] == [
        ("source/hrcareers-what-are-human-rights-cities", "16", "67"),
        ("source/hrd-blog-2022-01-25-human-rights-cities", "16", "70"),
        ("source/genevacitieshub-org-en-hrcn", "12", "7"),  # the network's guest and associate members
        ("source/wikipedia-human-rights-city", "12", "23"),
        ("source/hrd-blog-2019-06-02-movement-or-network", "10", "40"),  # its four involvements in #RightsCity
    ]
    assert {source: counts[source] for source in (
        "source/hrd-blog-tag-network", "source/hrd-blog-2018-12-14-human-rights-cities-network",
        "source/hrd-blog-tag-human-rights-cities-network")} == {
        "source/hrd-blog-tag-network": ("3", "5"),
        "source/hrd-blog-2018-12-14-human-rights-cities-network": ("2", "8"),
        "source/hrd-blog-tag-human-rights-cities-network": ("0", "0"),  # the seed page, cited through its posts
    }
    assert sum(int(facts) for facts, _ in counts.values()) == 329  # pin


def test_conflicting_dates(answers: Answers, kg: Graph) -> None:
    result = answers["conflicting-dates"]
    assert len(result.rows) == 40  # pin
    conflicts = [row for row in table(result, "subject", "date1", "source1", "date2", "source2", "conflict")
                 if row[5] == "true"]
    assert [row[:2] + row[3:4] for row in conflicts] == [  # conflicts first, by subject
        ("city/barcelona", "2016", "2017-12"),
        ("city/graz", "2000", "2001"),
        ("city/graz", "2000", "2001-02-08"),
        ("city/graz", "2000", "2001-02-08"),
        ("city/montreal", "2005-06-20", "2006"),
        ("city/seattle", "2012-12-10", "2012-12-14"),
        ("city/utrecht", "2010", "2012"),
        ("organization/utrecht-local-human-rights-coalition", "2011", "2013"),
        ("city/york", "2017-04-24", "2017-05"),
    ]
    gwangju = [row for row in table(result, "subject", "fact1", "date1", "source1", "fact2", "date2", "source2",
                                    "conflict") if row[1] == "event/designation-gwangju-human-rights-municipal-system-2009"]
    assert gwangju == [
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
    assert [row for row in rows if row[0] == "city/seoul"] == [("city/seoul", "2012", "2011", "true")]
    assert len(rows) == 41  # the pin above and one more row: Seoul's 2011 against its 2012 designation


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
    assert len(plain) == 40 and "organization/pdhre" in plain  # pin
    networks_and_units = {
        "organization/eccar", "organization/uclg", "organization/uclg-cisdp", "organization/human-rights-cities-network",
        "organization/migs", "organization/european-conference-cities-for-human-rights",
        "organization/international-coalition-of-cities-against-racism",
        "organization/pdhre-human-rights-cities-facilitated",
    }
    assert not plain & networks_and_units
    inferred = run_query("organizations", {"lang": "fr"}, graph=kg, infer="rdfs")
    assert set(column(inferred, "organization")) == plain | networks_and_units | {
        f"organization/{unit}" for unit in (
            "barcelona-office-for-non-discrimination", "dc-human-rights-city-steering-committee", "eccar-secretariat",
            "eugene-human-rights-commission", "fra-experts-group-on-human-rights-cities",
            "gwangju-human-rights-department", "gwangju-human-rights-ombudsman", "human-rights-council-of-graz",
            "nuremberg-human-rights-office", "osce-mission-to-serbia",
            "osce-mission-to-serbia-rule-of-law-and-human-rights-department",
            "rosario-citizens-committee-sub-committee", "seattle-human-rights-commission",
            "seoul-human-rights-division", "uclg-executive-bureau", "un-human-rights-council",
            "un-human-rights-council-advisory-committee", "vienna-city-council", "vienna-human-rights-office",
            "world-human-rights-cities-forum-international-committee")
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
def test_reliability_13_hostile_string_matches_nothing(value: str, kg: Graph) -> None:
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
def test_reliability_14_invalid_iri_is_refused(value: str, kg: Graph) -> None:
    before = len(kg)
    with pytest.raises(QueryError, match="invalid IRI"):
        run_query("instances-of", {"class": value}, graph=kg)
    assert len(kg) == before


@pytest.mark.parametrize(("name", "parameter"), [("find-by-name", "text"), ("name-history", "entity"),
                                                 ("instances-of", "class")])
@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "http://x/\udfff"])
def test_reliability_15_nul_and_lone_surrogate_are_refused(name: str, parameter: str, value: str, kg: Graph) -> None:
    with pytest.raises(QueryError, match=f"parameter '{parameter}'"):
        run_query(name, {parameter: value}, graph=kg)


def test_reliability_16_unknown_query_suggests_close_names(kg: Graph) -> None:
    with pytest.raises(QueryError, match="did you mean: .*members-of-network"):
        run_query("members-of-netwrk", graph=kg)
    with pytest.raises(QueryError, match="did you mean: .*cities-in-country"):
        run_query("cities-in-contry", graph=kg)


def test_reliability_16_unknown_parameter_lists_the_valid_ones(kg: Graph) -> None:
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
