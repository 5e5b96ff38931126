"""The bundled data as a curator must keep it: every statement rests on a source that states it.

- every row of the source sheets under curation/ quotes its source, and the quote names the row's
  subject (by any of its names in the graph) and holds the year of the row's date (in digits, or as a
  Japanese era year: 平成16年 is 2004);
- every statement of the bundled graph has its sources: an attestation (hrgraph.provenance) or its
  fact node's own source, and only those;
- what no page states (a country the curators added) rests on the curators' or the gazetteer's
  source, never on a page that does not state it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from hrgraph.entities import normalise_name
from hrgraph.mapping import PREDICATES, key, name_language
from hrgraph.namespaces import BASE, HRG
from hrgraph.provenance import CURATION_SOURCE, sources_of, unattested

ROOT = Path(__file__).resolve().parent.parent
SHEETS = sorted((ROOT / "curation" / "sheets").glob("*.csv"))
NAMES = (URIRef("http://www.w3.org/2000/01/rdf-schema#label"), SKOS.altLabel, SKOS.prefLabel, HRG.formerName,
         HRG.abbreviation)


def _rows() -> list[tuple[str, int, dict[str, str]]]:
    found = []
    for sheet in SHEETS:
        with sheet.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            for row in reader:
                found.append((sheet.name, reader.line_num, row))
    return found


def _folded(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", normalise_name(text.replace("’", "'")))


#: The first year of each Japanese era a page may date a fact in: 昭和55年 is 1980 (1926 + 55 - 1).
ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}


def _era_years(quote: str) -> set[str]:
    """The years a quote gives in Japanese era dates (平成16年12月24日, 令和元年9月), as digits."""
    return {str(ERAS[era] + (1 if number == "元" else int(number)) - 1)
            for era, number in re.findall(r"(明治|大正|昭和|平成|令和)\s*(元|\d+)\s*年", quote)}


def test_japanese_era_years_are_the_years_they_name():
    assert _era_years("昭和55年5月31日 堺市議会") == {"1980"}
    assert _era_years("令和元年9月定例市議会において可決され、令和元年10月1日から施行") == {"2019"}
    assert _era_years("平成16年12月24日 鳥取県西伯郡南部町議会") == {"2004"}
    assert _era_years("1985年3月") == set()


def test_the_sheets_are_there():
    assert [s.name for s in SHEETS][:4] == ["10-korea.csv", "20-world.csv", "30-europe.csv", "40-americas.csv"]


def test_every_sheet_row_has_a_source_and_a_quote_unless_the_curators_add_it():
    missing = [f"{name}:{line}" for name, line, row in _rows()
               if not row["source_url"].strip()
               or (not row["quote"].strip() and row["source_url"] != "source/hrgraph-curation")]
    assert not missing, f"rows without a source or a quote: {missing[:20]}"
    unexplained = [f"{name}:{line}" for name, line, row in _rows()
                   if row["source_url"] == "source/hrgraph-curation" and not row["note"].strip()]
    assert not unexplained, f"curators' rows without a note saying why: {unexplained[:20]}"


def test_every_quote_names_its_subject_and_holds_the_year(live_kg):
    """A fact credited to a page that does not state it fails here."""
    names: dict[str, set[str]] = {}
    for p in NAMES:
        for s, name in live_kg.subject_objects(p):
            names.setdefault(str(s), set()).add(_folded(str(name)))
    by_name: dict[str, set[str]] = {}
    for iri, labels in names.items():
        for label in labels:
            by_name.setdefault(label, set()).add(iri)
    problems = []
    for sheet, line, row in _rows():
        quote = _folded(row["quote"])
        if not quote:
            continue
        subject = f"{BASE}{row['subject_id']}" if "/" in row["subject_id"] else None
        iris = {subject} if subject else by_name.get(_folded(row["subject"]), set())
        labels = {_folded(row["subject"])} | {n for iri in iris for n in names.get(iri, set())}
        if not any(label and label in quote for label in labels):
            problems.append(f"{sheet}:{line}: the quote does not name {row['subject']!r}")
        if row.get("date") and row["date"][:4] not in row["quote"] and row["date"][:4] not in _era_years(row["quote"]):
            problems.append(f"{sheet}:{line}: the quote does not hold the year {row['date'][:4]}")
    assert not problems, "\n".join(problems[:30])


def test_every_predicate_of_the_sheets_is_known():
    unknown = {row["predicate"] for _, _, row in _rows() if key(row["predicate"]) not in PREDICATES}
    assert not unknown


def test_every_statement_has_a_source(live_kg):
    missing = list(unattested(live_kg))
    assert not missing, f"{len(missing)} statements without a source, e.g. {missing[:5]}"


def test_a_statement_returns_the_sources_that_state_it_and_only_those(live_kg):
    """Bergen's country rests on the curators and on the GeoNames feature Bergen is linked to, never on
    the seed post, which names Bergen but not Norway."""
    bergen, norway = URIRef(BASE + "city/bergen"), URIRef(BASE + "country/norway")
    blog = URIRef(BASE + "source/hrd-blog-2018-12-14-human-rights-cities-network")
    (feature,) = live_kg.objects(bergen, URIRef("https://schema.org/sameAs"))
    gazetteer = URIRef(BASE + "source/geonames-" + str(feature).rstrip("/").rsplit("/", 1)[-1])
    assert sources_of(live_kg, bergen, HRG.country, norway) == sorted([CURATION_SOURCE, gazetteer])
    assert blog in sources_of(live_kg, bergen, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                              Literal("Bergen", lang="en"))
    assert sources_of(live_kg, bergen, HRG.country, URIRef(BASE + "country/sweden")) == []


def test_a_fact_node_states_what_it_says(live_kg):
    """A membership is one node per source: its source states each of its statements."""
    membership = next(live_kg.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Membership")))
    member = next(live_kg.objects(membership, URIRef("http://www.w3.org/ns/org#member")))
    own = sorted(live_kg.objects(membership, PROV.wasDerivedFrom))
    assert sources_of(live_kg, membership, URIRef("http://www.w3.org/ns/org#member"), member) == own


def test_curators_inference_is_never_credited_to_a_page(live_kg):
    """Every country the curators added rests on their own source, not on the page of the row."""
    for attestation in live_kg.subjects(PROV.wasDerivedFrom, CURATION_SOURCE):
        if (attestation, RDF.type, RDF.Statement) not in live_kg:
            continue
        assert (attestation, HRG.quote, None) not in live_kg, attestation


@pytest.mark.parametrize("predicate", [SDO.sameAs])
def test_gazetteer_links_rest_on_the_gazetteer(live_kg, predicate):
    """A GeoNames IRI is stated by GeoNames (source:geonames-ID), a Wikidata ID by the table that pairs them."""
    for s, o in live_kg.subject_objects(predicate):
        if str(o).startswith("https://sws.geonames.org/"):
            ident = str(o).removeprefix("https://sws.geonames.org/").strip("/")
            assert sources_of(live_kg, s, predicate, o) == [URIRef(f"{BASE}source/geonames-{ident}")], s


def test_readme_counts_are_what_stats_prints(live_kg):
    """The README's table of places is `hrgraph stats` on the curated graph: regenerate it when the data grows."""
    from hrgraph.stats import stats

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| continent | cities and local governments |"):].split("\n\n", 1)[0]
    rows = {cells[0]: tuple(int(c.strip("*")) for c in cells[1:])
            for line in table.splitlines()[2:]
            for cells in [[c.strip() for c in line.strip("|").split("|")]]}
    coverage = stats(live_kg).coverage
    expected = {c.continent or "(none)": (c.places, c.committed, c.placed) for c in coverage}
    expected["**all**"] = tuple(sum(getattr(c, f) for c in coverage) for f in ("places", "committed", "placed"))
    assert rows == expected


def test_conflicts_lists_the_disagreements_the_sources_show(live_kg):
    """The disagreements the public record shows reach `conflicts`, not only notes: who was first
    (Rosario or Gwangju; Barcelona or Graz in Europe), and when the UN Decade for Human Rights
    Education ended (2004 on pdhre.org, 2005 on the Philanthropy Forum page), when the FAL met in Caracas
    (2006 in UCLG's news, 2005 on its committee's background page) and when Eugene's Human Rights City
    Project began (2006 on the city's page, 2007 on the project's own site), and a membership that starts
    before its network was founded (the Human Rights Cities Network lists Graz since 2018 and dates its
    own founding 2019)."""
    from hrgraph.sparql import run_query

    rows = run_query("conflicts", graph=live_kg).rows
    pairs = {(str(r[0]), str(r[2]), str(r[4]).split(" (")[0], str(r[7]).split(" (")[0]) for r in rows}
    assert ("first", "Gwangju called the first human rights city", "Gwangju", "Rosario") in pairs
    assert ("first", "Barcelona called the first human rights city in Europe", "Barcelona", "Graz") in pairs
    assert ("date", "UN Decade for Human Rights Education 1995-2004", "2004", "2005") in pairs
    assert ("date", "FAL Caracas 2006", "2006", "2005") in pairs
    assert ("date", "Eugene Human Rights City Project", "2006", "2007") in pairs
    assert ("sequence", "Human Rights Cities Network", "Graz a member since 2018", "founded 2019") in pairs


def test_a_name_means_the_entity_not_the_page_titled_so(live_kg):
    """Sources are titled as their pages are ("Human Rights Cities Network", "Lund"): a name that an
    entity bears still means the entity, so the README's first query runs on the bundled graph."""
    from hrgraph.entities import resolve
    from hrgraph.sparql import run_query

    assert str(resolve(live_kg, "Human Rights Cities Network")) == BASE + "organization/human-rights-cities-network"
    assert str(resolve(live_kg, "Lund")) == BASE + "city/lund"
    assert len(run_query("members-of-network", graph=live_kg).rows) > 10


def test_names_carry_the_language_of_their_script(live_kg):
    """No name in Korean, Japanese or Chinese script is tagged English (ingest reads the script, or the
    sheet's language column where Han characters alone leave it open), and a query still shows an
    entity that has no English name by its own: 井手町's ordinance by its Japanese title."""
    from hrgraph.sparql import run_query

    mistagged = sorted({str(o) for o in live_kg.objects() if isinstance(o, Literal) and o.language == "en"
                        and name_language(str(o), "und") != "en"})
    assert mistagged == []
    result = run_query("instruments-of-city", graph=live_kg, params={"city": "localgov/ide-kyoto"})
    labels = [row[result.variables.index("instrumentLabel")] for row in result.rows]
    assert [(str(label), label.language) for label in labels] == [("井手町人権尊重のまちづくり条例", "ja")]
