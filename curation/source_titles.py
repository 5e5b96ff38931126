"""Give sources titled from their URLs the title their page gives: curation/source-titles.csv.

``hrgraph ingest`` titles a source from its URL ("Rosario (pdhre.org)") when its sheet gives no
title. Each row of ``source-titles.csv`` (``source,source_url,title,publisher,issued,quote``, and ``language`` where the script of a title does not say it) was read from
the stored copy of that page: its title, its publisher and its date where the page states them, and
the excerpt that shows them. This script sets the source's ``dcterms:title`` and ``rdfs:label``, and
``dcterms:publisher`` and ``dcterms:issued`` where the source has none, in ``graph/sources.ttl``,
and replaces the note "Title derived from the URL" by the excerpt. A row whose URL is not the
source's, or whose date is not one (``hrgraph.mapping.parse_date``), stops the script with its line; nothing is written then.

Usage: ``python curation/source_titles.py`` (from the repository's root), then ``hrgraph validate``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO, SKOS

from hrgraph.atomic import write_atomic
from hrgraph.mapping import name_language, parse_date
from hrgraph.namespaces import BASE
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "curation" / "source-titles.csv"
SOURCES = ROOT / "graph" / "sources.ttl"
URL_NOTE = "Title derived from the URL by hrgraph ingest."


def _same_page(a: str, b: str) -> bool:
    def key(url: str) -> str:
        return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")

    return key(a) == key(b)


def main() -> None:
    graph = parse_file(SOURCES)
    problems = []
    with SHEET.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        for row in reader:
            where = f"{SHEET.name}:{reader.line_num}"
            source = URIRef(BASE + row["source"])
            url = graph.value(source, SDO.url)
            if url is None or not _same_page(str(url), row["source_url"]):
                problems.append(f"{where}: {row['source']} is not the source of {row['source_url']}")
                continue
            try:
                issued = parse_date(row["issued"]) if row["issued"].strip() else None
            except ValueError as error:
                problems.append(f"{where}: issued: {error}")
                continue
            try:
                title = Literal(row["title"].strip(), lang=name_language(row["title"], row.get("language")))
            except ValueError as error:
                problems.append(f"{where}: title: {error}")
                continue
            graph.set((source, DCTERMS.title, title))
            graph.set((source, RDFS.label, title))
            if row["publisher"].strip() and graph.value(source, DCTERMS.publisher) is None:
                graph.add((source, DCTERMS.publisher, Literal(row["publisher"].strip())))
            if issued is not None and graph.value(source, DCTERMS.issued) is None:
                graph.add((source, DCTERMS.issued, issued))
            graph.remove((source, SKOS.editorialNote, Literal(URL_NOTE, lang="en")))
            graph.add((source, SKOS.editorialNote,
                       Literal(f"Title as the page gives it: “{row['quote'].strip()}”", lang="en")))
    if problems:
        sys.exit("\n".join(problems))
    write_atomic(SOURCES, serialize(graph, "turtle"), overwrite=True)
    print(f"wrote {SOURCES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
