"""Content negotiation: which media type (and language) a request's headers prefer among our offers.

The offers come from :mod:`hrgraph.rdf.formats`, the one table of formats.
"""

from __future__ import annotations

import re

from hrgraph.rdf.formats import EXPORT_FORMATS, RESULT_FORMATS, charset_types, graph_types, result_types

__all__ = ["ENTITY_SUFFIXES", "ENTITY_TYPES", "FORMAT_NAMES", "GRAPH_TYPES", "HTML_OR_GRAPH", "RESULT_TYPES",
           "media_header", "negotiate", "preferred_languages"]

#: Media types offered for each kind of answer, the default first; aliases after the main types.
GRAPH_TYPES = graph_types()
RESULT_TYPES = {"select": result_types(), "ask": result_types(boolean=True), "graph": GRAPH_TYPES}
#: ``format=`` names accepted by /sparql and the query page, for links and downloads.
FORMAT_NAMES = {"select": tuple(RESULT_FORMATS), "ask": tuple(n for n, f in RESULT_FORMATS.items() if f.boolean),
                "graph": tuple(EXPORT_FORMATS)}
#: Entity data suffixes: the linked-data formats (``.html`` gives the page).
ENTITY_SUFFIXES = {**{f.extension: f.name for f in EXPORT_FORMATS.values() if not f.quads}, "html": "html"}
ENTITY_TYPES = [("text/html", "html"), ("application/xhtml+xml", "html")] + GRAPH_TYPES
#: A page for people first, then the graph's data: the ontology and the service description.
HTML_OR_GRAPH = [("text/html", "html"), *GRAPH_TYPES]
_TEXT_TYPES = charset_types()


def negotiate(accept: str | None, offers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The offer ``accept`` prefers: highest q-value of the most specific matching range, the first
    offer on ties; no Accept (or an unreadable one) gives the first offer; None when nothing is acceptable.

    >>> offers = [("application/sparql-results+json", "json"), ("text/csv", "csv")]
    >>> negotiate("text/csv;q=0.9, application/*;q=0.5", offers)
    ('text/csv', 'csv')
    >>> negotiate("*/*;q=0", offers) is None
    True
    """
    ranges = _accept_ranges(accept or "")
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        kind, _, sub = offer[0].partition("/")
        matches = [(specificity, q) for t, s, q, specificity in ranges
                   if (t == "*" or t == kind) and (s == "*" or s == sub)]
        q = max(matches)[1] if matches else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


def _accept_ranges(header: str) -> list[tuple[str, str, float, int]]:
    ranges = []
    for part in header.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q, (kind != "*") + (sub != "*")))
    return ranges


def preferred_languages(header: str | None) -> list[str]:
    """Languages of an Accept-Language header, most wanted first (``*`` and q=0 left out).

    >>> preferred_languages("fr-CH, fr;q=0.9, ko;q=0.95, *;q=0.5")
    ['fr-ch', 'ko', 'fr']
    """
    weighted = []
    for index, part in enumerate((header or "").split(",")):
        tag, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if tag and tag != "*" and q > 0 and re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", tag):
            weighted.append((-q, index, tag.lower()))
    return [tag for _, _, tag in sorted(weighted)]


def media_header(media_type: str) -> str:
    """The Content-Type for ``media_type``: text types say they are UTF-8."""
    return f"{media_type}; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else media_type
