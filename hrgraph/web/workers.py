"""What the server asks its query workers (:mod:`hrgraph.pool`) and how they answer.

A worker runs the query on the graph it was forked with and, for the endpoint and downloads, also
writes the HTTP body in the negotiated format: serializing there spares the server's event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.term import Node
from starlette.responses import Response

from hrgraph.errors import HRGraphError
from hrgraph.rdf.formats import EXPORT_FORMATS, RESULT_FORMATS
from hrgraph.results import format_result
from hrgraph.sparql import NamedQuery, QueryResult, bind_parameters, run_query
from hrgraph.sparql.dataset import Selection
from hrgraph.web.forms import BadRequest
from hrgraph.web.negotiation import FORMAT_NAMES, RESULT_TYPES, media_header, negotiate
from hrgraph.web.responses import public, status_of
from hrgraph.web.settings import Settings

__all__ = ["Job", "QueryWorker", "Reply"]


@dataclass(frozen=True)
class Job:
    """What a query worker is asked: a query with its parameters, answered as the HTTP body in the
    format ``fmt`` or ``accept`` asks for when ``respond`` (serializing there spares the server's
    event loop), else as the QueryResult itself (for the pages, which render it). ``dataset``, for
    ``/sparql``: the graphs the request chose and its base IRI (FROM and FROM NAMED allowed)."""

    query: NamedQuery
    params: tuple[tuple[str, str], ...] = ()
    respond: bool = False
    accept: str | None = None
    fmt: str | None = None
    filename: str | None = None
    dataset: Selection | None = None


@dataclass(frozen=True)
class Reply:
    """A query's answer as a query worker wrote it: the body and its headers."""

    body: bytes
    media_type: str
    headers: dict[str, str]

    def response(self) -> Response:
        return Response(self.body, media_type=self.media_type, headers=self.headers)


class QueryWorker:
    """Answers jobs in a query worker process, on the graph it was forked with.

    That graph never changes, so the values a query's parameters are bound to (entity names resolved
    to IRIs, which costs a scan of every name) are kept for the worker's life; run_query caches parsing.
    """

    def __init__(self, graph: Graph, settings: Settings) -> None:
        self.graph = graph
        self.settings = settings
        self.bound = lru_cache(maxsize=256)(self._bind)

    def _bind(self, query: NamedQuery, params: tuple[tuple[str, str], ...]) -> dict[str, Node]:
        return bind_parameters(query, dict(params), self.graph)

    def __call__(self, job: Job) -> Reply | QueryResult | BadRequest:
        try:
            values = self.bound(job.query, job.params) if job.query.parameters else dict(job.params)
            result = run_query(job.query, values, graph=self.graph, max_rows=self.settings.max_rows,
                               allow_service=self.settings.allow_service, dataset=job.dataset)
            if job.respond:
                return _reply(result, job.accept, job.fmt, job.filename, self.settings.max_rows)
            return result
        except BadRequest as error:
            return error
        except HRGraphError as error:
            return BadRequest(status_of(error), public(str(error)))
        except RecursionError:
            return BadRequest(400, "the query is nested too deeply to parse")


def _reply(result: QueryResult, accept: str | None, fmt: str | None, filename: str | None, max_rows: int) -> Reply:
    """The answer in the format ``fmt`` names (for /sparql, only if it fits) or ``accept`` prefers."""
    offers = RESULT_TYPES[result.kind]
    if fmt and fmt not in FORMAT_NAMES[result.kind]:
        if filename:  # a download link names its format: it must fit
            raise BadRequest(400, f"format {fmt!r} does not fit a {result.kind.upper()} answer; use one of "
                                  f"{', '.join(FORMAT_NAMES[result.kind])}")
        fmt = None  # /sparql: clients such as SPARQLWrapper send format=n3 and the like; Accept decides
    if fmt:
        media = (EXPORT_FORMATS if result.kind == "graph" else RESULT_FORMATS)[fmt].media_type
    else:
        chosen = negotiate(accept, offers)
        if chosen is None:
            available = ", ".join(dict.fromkeys(m for m, _ in offers))
            raise BadRequest(406, f"no acceptable format for a {result.kind.upper()} answer; available: {available}")
        media, fmt = chosen
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers |= {"X-Truncated": "true", "X-Row-Limit": str(max_rows)}
    if filename:
        suffix = (EXPORT_FORMATS if result.kind == "graph" else RESULT_FORMATS)[fmt].extension
        headers["Content-Disposition"] = f'attachment; filename="{filename}.{suffix}"'
    return Reply(format_result(result, fmt), media_header(media), headers)
