"""Every RDF syntax and query-results format hrgraph reads or writes, each described once.

A format's name (``--format``, ``?format=``), media types, file extensions, rdflib name and Oxigraph
format live here and nowhere else; every other module looks them up: by name (``RDF_FORMATS``,
``RESULT_FORMATS``), by file suffix (``rdf_by_suffix``) or by media type (the offers of
``graph_types`` and ``result_types``, which content negotiation picks from). Adding a format is
adding one row (and, to write it, one writer in :mod:`hrgraph.rdf.export` or :mod:`hrgraph.results`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import pyoxigraph as ox

from hrgraph.errors import InputError

__all__ = [
    "EXPORT_FORMATS",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "RdfFormat",
    "ResultsFormat",
    "charset_types",
    "graph_types",
    "rdf_by_suffix",
    "result_types",
    "suffixes",
]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF syntax. ``description`` is set for the formats hrgraph writes (export, dumps)."""

    name: str
    media_type: str
    extensions: tuple[str, ...]
    rdflib: str
    oxigraph: ox.RdfFormat
    description: str = ""
    #: Other media types a client may send in ``Accept`` to ask for this format.
    aliases: tuple[str, ...] = ()
    #: A syntax of named graphs (a dataset), not of one graph.
    quads: bool = False
    #: Its Content-Type names the charset (UTF-8); JSON and XML carry their encoding themselves.
    charset: bool = True

    @property
    def extension(self) -> str:
        """The file extension hrgraph writes (the first one it reads)."""
        return self.extensions[0]

    @property
    def writable(self) -> bool:
        return bool(self.description)


@dataclass(frozen=True)
class ResultsFormat:
    """A format of SELECT and ASK answers."""

    name: str
    media_type: str
    extension: str
    #: rdflib's serializer name, when rdflib writes it (``None``: hrgraph writes it itself).
    rdflib: str | None
    #: Oxigraph's format: the SPARQL 1.1 result formats, which an endpoint negotiates.
    oxigraph: ox.QueryResultsFormat | None
    #: Whether a client can be sent an ASK answer in it.
    boolean: bool = False
    aliases: tuple[str, ...] = ()
    #: Its Content-Type names the charset (UTF-8).
    charset: bool = True


#: In the order error messages list their extensions and export lists its formats.
RDF_FORMATS: dict[str, RdfFormat] = {
    fmt.name: fmt
    for fmt in (
        RdfFormat("turtle", "text/turtle", ("ttl", "turtle"), "turtle", ox.RdfFormat.TURTLE,
                  "Turtle, sorted, fixed prefixes", aliases=("application/x-turtle",)),
        RdfFormat("nt", "application/n-triples", ("nt",), "nt", ox.RdfFormat.N_TRIPLES,
                  "N-Triples, one sorted triple per line", aliases=("text/plain",)),
        RdfFormat("n3", "text/n3", ("n3",), "n3", ox.RdfFormat.N3),
        RdfFormat("jsonld", "application/ld+json", ("jsonld", "json"), "json-ld", ox.RdfFormat.JSON_LD,
                  "JSON-LD with an inline context", aliases=("application/json",), charset=False),
        RdfFormat("xml", "application/rdf+xml", ("rdf", "owl", "xml"), "xml", ox.RdfFormat.RDF_XML, "RDF/XML",
                  aliases=("application/xml", "text/xml"), charset=False),
        RdfFormat("trig", "application/trig", ("trig",), "trig", ox.RdfFormat.TRIG,
                  "TriG, data and ontology as named graphs", quads=True),
        RdfFormat("nquads", "application/n-quads", ("nq",), "nquads", ox.RdfFormat.N_QUADS, quads=True),
    )
}
#: The formats hrgraph writes: ``hrgraph export``, the dumps, CONSTRUCT answers.
EXPORT_FORMATS: dict[str, RdfFormat] = {name: fmt for name, fmt in RDF_FORMATS.items() if fmt.writable}

#: The SPARQL 1.1 formats first, JSON (the protocol's default) first of all.
RESULT_FORMATS: dict[str, ResultsFormat] = {
    fmt.name: fmt
    for fmt in (
        ResultsFormat("json", "application/sparql-results+json", "srj", "json", ox.QueryResultsFormat.JSON,
                      boolean=True, aliases=("application/json",)),
        ResultsFormat("xml", "application/sparql-results+xml", "srx", "xml", ox.QueryResultsFormat.XML,
                      boolean=True, aliases=("application/xml", "text/xml")),
        ResultsFormat("csv", "text/csv", "csv", "csv", ox.QueryResultsFormat.CSV),
        ResultsFormat("tsv", "text/tab-separated-values", "tsv", None, ox.QueryResultsFormat.TSV),
        ResultsFormat("table", "text/plain", "txt", None, None),
        ResultsFormat("md", "text/markdown", "md", None, None),
    )
}

_BY_SUFFIX = {f".{extension}": fmt for fmt in RDF_FORMATS.values() for extension in fmt.extensions}


def suffixes() -> list[str]:
    """Every file suffix read as RDF, in table order: ``[".ttl", ".turtle", ".nt", ...]``."""
    return list(_BY_SUFFIX)


def rdf_by_suffix(path: str | PurePath) -> RdfFormat:
    """The format of a file, by its extension; an unknown one is an error naming the file.

    >>> rdf_by_suffix("graph/cities.ttl").name
    'turtle'
    """
    path = PurePath(path)
    try:
        return _BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise InputError(f"{path}: unknown RDF file extension; expected one of {known}") from None


def charset_types() -> tuple[str, ...]:
    """The media types whose Content-Type names the charset: every text/ type, and these."""
    every = (*RDF_FORMATS.values(), *RESULT_FORMATS.values())
    return ("text/", *(fmt.media_type for fmt in every if fmt.charset and not fmt.media_type.startswith("text/")))


def graph_types(names: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(media type, format name) offers for a graph answer: each main type, then the aliases.

    ``names`` defaults to the formats hrgraph writes; the first offer is the default.
    """
    return _offers([RDF_FORMATS[name] for name in names] if names is not None else list(EXPORT_FORMATS.values()))


def result_types(*, boolean: bool = False) -> list[tuple[str, str]]:
    """(media type, format name) offers for a SELECT answer (or, with ``boolean``, an ASK answer):
    the SPARQL 1.1 formats' main types, then their aliases; the first offer is the default."""
    return _offers([fmt for fmt in RESULT_FORMATS.values() if fmt.oxigraph is not None and (fmt.boolean or not boolean)])


def _offers(chosen: list[RdfFormat] | list[ResultsFormat]) -> list[tuple[str, str]]:
    return [(fmt.media_type, fmt.name) for fmt in chosen] + [(alias, fmt.name) for fmt in chosen for alias in fmt.aliases]
