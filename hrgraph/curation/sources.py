"""The source of each row: a URL (a source node is made for a new one), a seed document, or a source slug.

>>> SEED_SOURCES["seed:003"]
'wikipedia-human-rights-city'
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS
from rdflib.term import Node

from hrgraph.curation.draft import Draft, RowProblem, url_key
from hrgraph.curation.matching import as_iri
from hrgraph.entities import curie
from hrgraph.mapping import slugify
from hrgraph.namespaces import BASE, HRG

__all__ = ["SEED_SOURCES", "source_of", "source_word", "sources_of"]

#: ``seed:000`` is the project's seed document 000 (a blog tag page and three posts), ``seed:003``
#: sentences of Wikipedia's "Human Rights City"; both are sources the graph already has.
SEED_SOURCES = {
    "seed:000": "hrd-blog-tag-human-rights-cities-network",
    "seed:000/2018-12-14": "hrd-blog-2018-12-14-human-rights-cities-network",
    "seed:000/2019-06-02": "hrd-blog-2019-06-02-movement-or-network",
    "seed:000/2022-01-25": "hrd-blog-2022-01-25-human-rights-cities",
    "seed:003": "wikipedia-human-rights-city",
}
#: A note or date that names a post's month picks that post for a plain ``seed:000``.
_SEED_POST_HINTS = (
    (re.compile(r"\b(dec(ember|\.)? 2018|2018-12)", re.I), "seed:000/2018-12-14"),
    (re.compile(r"\b(june? 2019|2019-06)", re.I), "seed:000/2019-06-02"),
    (re.compile(r"\b(jan(uary|\.)? 2022|2022-01)", re.I), "seed:000/2022-01-25"),
)
_GENERIC_PATH_WORDS = {"index", "default", "view", "page", "pages", "board", "typo3", "cms", "internet", "sub", "main"}


def source_of(d: Draft) -> URIRef:
    row = d.row
    assert row is not None
    value = row.get("source_url")
    if not value:
        raise RowProblem("source_url", "no source: every fact needs one (a URL, seed:000, seed:003 or an "
                         "existing source's slug such as source/wikipedia-human-rights-city)")
    lowered = value.lower()
    if lowered.startswith("seed:"):
        key = lowered
        if key == "seed:000":
            hint = f"{row.get('note')} {row.get('date')} {row.get('as_of')}"
            key = next((post for pattern, post in _SEED_POST_HINTS if pattern.search(hint)), key)
        if key not in SEED_SOURCES:
            raise RowProblem("source_url", f"unknown seed source {value!r}; known: {', '.join(SEED_SOURCES)}")
        return URIRef(f"{BASE}source/{SEED_SOURCES[key]}")
    if not lowered.startswith(("http://", "https://")):
        iri = as_iri(value)
        if iri is not None and str(iri).startswith(f"{BASE}source/"):
            if (iri, RDF.type, HRG.Source) not in d.graph:
                raise RowProblem("source_url", f"no source {value!r} in the graph")
            return iri
        raise RowProblem("source_url", f"{value!r} is not a source: give an http(s) URL, seed:000, seed:003 "
                         "or an existing source's slug (source/...)")
    parts = urlsplit(value)
    if not parts.netloc or re.search(r"[\s<>\"{}|\\^`]", value):
        raise RowProblem("source_url", f"{value!r} is not a valid URL")
    key = url_key(value)
    if key in d.sources_by_url:
        return d.sources_by_url[key]
    return _new_source(d, value, parts)


def _new_source(d: Draft, url: str, parts: SplitResult) -> URIRef:
    row = d.row
    assert row is not None
    host = parts.netloc.lower().removeprefix("www.")
    slug = slugify(f"{host} {unquote(parts.path)} {parts.query}", limit=70) or slugify(host)
    iri = d.unique(f"{BASE}source/", slug)
    title = row.get("source_title")
    derived = not title
    if derived:
        words = [re.sub(r"[-_+]+", " ", re.sub(r"\.\w{1,5}$", "", w)).strip() for w in unquote(parts.path).split("/")]
        words = [w for w in words if len(re.findall(r"[^\W\d_]", w)) >= 3 and w.lower() not in _GENERIC_PATH_WORDS]
        tail = words[-1] if words else ""
        title = f"{tail[:1].upper()}{tail[1:]} ({host})" if tail else host
    d.sources_by_url[url_key(url)] = iri
    d.undo.append(lambda: d.sources_by_url.pop(url_key(url), None))
    title_literal = d.name_literal(title, "source_title")
    d.add(iri, RDF.type, HRG.Source)
    d.add(iri, RDFS.label, title_literal)
    d.add(iri, DCTERMS.title, title_literal)
    d.add(iri, SDO.url, URIRef(url))
    if derived:
        d.add(iri, SKOS.editorialNote, Literal("Title derived from the URL by hrgraph ingest.", lang="en"))
    return iri


def sources_of(d: Draft, node: Node) -> str:
    return ", ".join(source_word(d, s) for s in sorted(d.graph.objects(node, PROV.wasDerivedFrom)))


def source_word(d: Draft, source: Node) -> str:
    url = d.graph.value(source, SDO.url)
    if url is not None:
        return urlsplit(str(url)).netloc.lower().removeprefix("www.")
    return str(d.graph.value(source, DCTERMS.title) or curie(d.graph, source))
