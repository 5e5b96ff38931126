"""Attest the statements of graph/ that were curated by hand from the two seed documents.

``hrgraph ingest`` attests every statement a source sheet makes (see hrgraph.provenance). The
statements written by hand from the seeds before statements had sources of their own were credited
to their entity's sources as a whole. This script gives each of them the sources that state it:

- a seed source (the blog posts of ../shared/seeds/000, Wikipedia's "Human Rights City" in 003)
  states a statement when its text names what the statement is about (a name: the name itself; a
  link: the entity linked to; anything else: the entity), and the year of a date; the sentence that
  does is kept as the quote;
- a web page cited for the entity, whose text is not stored here, is kept as the entity's curators
  recorded it;
- what no source states (a country the curators added, a description in their words) rests on
  ``source:hrgraph-curation``.

Run once from the repository root (``python curation/attest_seed_statements.py [../shared/seeds]``);
it writes graph/statements.ttl in canonical form and prints what it attributed to whom.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

import hrgraph
from hrgraph.atomic import write_atomic
from hrgraph.namespaces import BASE
from hrgraph.provenance import CURATION_SOURCE, attestation_triples, unattested
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file

SOURCE = BASE + "source/"
SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/seeds")
STATEMENTS = Path("graph/statements.ttl")
NAME_PROPERTIES = ("label", "altLabel", "abbreviation", "formerName", "prefLabel")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def seed_texts(seeds: Path) -> dict[URIRef, str]:
    """Each seed source's text: the blog tag page split into its posts at their date lines."""
    blog = next(seeds.glob("000_*.txt")).read_text(encoding="utf-8").splitlines()
    starts = {date: number for number, line in enumerate(blog) for date in
              ("January 25, 2022", "June 2, 2019", "December 14, 2018") if line.strip() == date}
    post_2022 = "\n".join(blog[: starts["June 2, 2019"]])
    texts = {
        "hrd-blog-tag-human-rights-cities-network": "\n".join(blog),
        "hrd-blog-2022-01-25-human-rights-cities": post_2022,
        "hrcareers-what-are-human-rights-cities": post_2022,  # the 2022 post reproduces it in full
        "hrd-blog-2019-06-02-movement-or-network": "\n".join(blog[starts["June 2, 2019"]: starts["December 14, 2018"]]),
        "hrd-blog-2018-12-14-human-rights-cities-network": "\n".join(blog[starts["December 14, 2018"]:]),
        "wikipedia-human-rights-city": next(seeds.glob("003_*.txt")).read_text(encoding="utf-8"),
    }
    return {URIRef(SOURCE + slug): text for slug, text in texts.items()}


def _names(graph: Graph, node: URIRef) -> list[str]:
    return [str(o) for p, o in graph.predicate_objects(node)
            if isinstance(o, Literal) and str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] in NAME_PROPERTIES]


def _sentence(text: str, names: list[str], year: str | None) -> str | None:
    """The first sentence of ``text`` that names one of ``names`` (and ``year``), or None."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        folded = _fold(sentence)
        if any(len(n) > 1 and _fold(n) in folded for n in names) and (year is None or year in sentence):
            return sentence.strip()[:400]
    return None


def attribute(graph: Graph, texts: dict[URIRef, str]) -> tuple[Graph, Counter]:
    """The attestation triples for every statement no source states yet."""
    out, tally = Graph(), Counter()
    for s, p, o in sorted(unattested(graph)):
        sources = sorted(set(graph.objects(s, PROV.wasDerivedFrom)) - {CURATION_SOURCE})
        if str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] in NAME_PROPERTIES:
            names = [str(o)]
        elif isinstance(o, URIRef) and str(o).startswith(BASE):
            names = _names(graph, o)
        else:
            names = _names(graph, s)
        year = str(o)[:4] if isinstance(o, Literal) and re.fullmatch(r"\d{4}(-\d\d){0,2}", str(o)) else None
        stating: list[tuple[URIRef, str | None]] = []
        for source in sources:
            if source in texts:
                quote = _sentence(texts[source], names, year)
                if quote is not None:
                    stating.append((source, quote))
            elif not any(other in texts for other in sources):
                stating.append((source, None))  # a web page the curators cited for this entity alone
        if not stating:
            stating = [(CURATION_SOURCE, None)]
        for source, quote in stating:
            tally[source.rsplit("/", 1)[-1]] += 1
            for triple in attestation_triples(s, p, o, source, quote):
                out.add(triple)
    return out, tally


def main() -> int:
    graph = hrgraph.load()
    additions, tally = attribute(graph, seed_texts(SEEDS))
    statements = parse_file(STATEMENTS) if STATEMENTS.exists() else Graph()
    statements += additions
    write_atomic(STATEMENTS, serialize(statements, "turtle"), overwrite=True)
    for source, count in tally.most_common():
        print(f"{count:5}  {source}")
    print(f"{len(additions)} triples added to {STATEMENTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
