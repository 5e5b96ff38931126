"""``hrgraph serve``: a SPARQL 1.1 Protocol endpoint and a browsable linked-data site over a graph.

``create_app(graph, settings=...)`` builds the Starlette application; ``run(graph, settings)``
serves it with uvicorn. Routes: ``/``, ``/explore``, ``/cities``... and ``/explorer/*`` (the
explorer: :mod:`hrgraph.explorer.web`), ``/{kind}/{slug}`` (an entity: HTML,
or Turtle, JSON-LD, N-Triples, RDF/XML by ``Accept`` or by a ``.ttl``/``.jsonld``/``.nt``/``.rdf``
suffix), ``/view/{kind}/{slug}`` (its neighbourhood as a pyvis view), ``/ontology``, ``/query``
(named queries and a SPARQL editor; ``/view?...`` shows an answer as a network), ``/relate`` (how
two entities are related: ``relate``'s paths, in words and drawn), ``/sparql`` (the
endpoint; with no query, its service description), ``/.well-known/void`` and ``/void``,
``/dump.{ttl,nt,jsonld,rdf,trig}`` and ``/static/*``: every script and style comes from here.

Safety. Queries go through :func:`hrgraph.sparql.run_query`: SERVICE, FROM/FROM NAMED are refused
before evaluation (SERVICE is allowed with ``allow_service``), and answers are cut at ``max_rows``
rows with an ``X-Truncated: true`` header. Each query runs in one of ``workers`` pre-forked worker
processes (:mod:`hrgraph.pool`), which also writes the answer's bytes; a worker still busy at
``timeout`` seconds is killed and replaced (rdflib cannot be interrupted), and a request waits at
most ``timeout`` seconds for a free worker (then 503). Updates are refused unless ``enable_update``;
then they must come by POST from our own origin (``Origin``) and to a loopback or bound host name
(``Host``), LOAD and USING are refused (LOAD of an http(s) IRI is allowed with ``allow_service``),
and each update runs in a forked child on its own copy of the graph, killed at the deadline. The
store is copy-and-swap: a reader takes the current graph, which is never changed again; a writer
applies the update's changes to a copy and swaps it in. So readers never wait, a reader sees the
graph before or after an update, never between, and an update that fails at any operation changes
nothing; query workers forked before an update are retired once their query is done. Request bodies
over ``max_body`` bytes get 413 (read no further), URLs over ``max_url`` characters 414.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any
from urllib.parse import unquote_to_bytes, urlencode

from rdflib import RDFS, Graph, URIRef
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hrgraph.entities import label_of, resolve
from hrgraph.errors import Busy, EntityNotFoundError, HRGraphError, QueryError
from hrgraph.explorer.web import routes as explorer_routes
from hrgraph.pages import (
    DUMP_FORMATS,
    Links,
    entity_data,
    entity_iri,
    entity_page,
    entity_pages,
    ontology_page,
    query_page,
    relate_page,
    render,
    service_description,
    site_assets,
    void_graph,
)
from hrgraph.paths import DATA_ROOT, ONTOLOGY_FILE
from hrgraph.pool import QueryPool
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file
from hrgraph.rdf.formats import EXPORT_FORMATS, RESULT_FORMATS, charset_types, graph_types, result_types
from hrgraph.rdf.store import copy_graph
from hrgraph.results import format_result
from hrgraph.sparql import DEFAULT_MAX_ROWS, NamedQuery, QueryResult, bind_parameters, check_update, library, run_query
from hrgraph.sparql.deadline import FORK_LOCK, run_in_child

__all__ = ["Settings", "Store", "background", "create_app", "negotiate", "preferred_languages", "run", "server"]

#: Media types offered for each kind of answer, the default first; aliases after the main types.
GRAPH_TYPES = graph_types()
RESULT_TYPES = {"select": result_types(), "ask": result_types(boolean=True), "graph": GRAPH_TYPES}
#: ``format=`` names accepted by /sparql and the query page, for links and downloads.
FORMAT_NAMES = {"select": tuple(RESULT_FORMATS), "ask": tuple(n for n, f in RESULT_FORMATS.items() if f.boolean),
                "graph": tuple(EXPORT_FORMATS)}
_TEXT_TYPES = charset_types()
#: Entity data suffixes: the linked-data formats (``.html`` gives the page).
_ENTITY_SUFFIXES = {**{f.extension: f.name for f in EXPORT_FORMATS.values() if not f.quads}, "html": "html"}
_ENTITY_TYPES = [("text/html", "html"), ("application/xhtml+xml", "html")] + GRAPH_TYPES
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")
_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Settings:
    """How the server runs; every limit has a safe default."""

    host: str = "127.0.0.1"
    port: int = 8000
    enable_update: bool = False
    allow_service: bool = False
    timeout: float = 30.0
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = 1024 * 1024
    max_url: int = 8 * 1024
    cors: tuple[str, ...] = ()
    #: Query worker processes, forked once and reused; as many as CPUs, at least 2.
    workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 1))


@dataclass
class Snapshot:
    """One state of the store: a graph that nobody changes any more, and what is derived from it."""

    graph: Graph
    version: int
    _cache: dict[object, object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: object, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = make()
        with self._lock:
            return self._cache.setdefault(key, value)

    @property
    def entities(self) -> frozenset[URIRef]:
        return self.cached("entities", lambda: frozenset(entity_pages(self.graph)))

    @property
    def projection(self) -> Any:
        from hrgraph.projection import project

        return self.cached("projection", lambda: project(self.graph, "full"))


class Store:
    """The served graph, copy-and-swap: readers take ``snapshot``; ``update`` builds and swaps a new one."""

    def __init__(self, graph: Graph) -> None:
        self._snapshot = Snapshot(graph, 0)
        self._writer = threading.Lock()

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def update(self, text: str, *, timeout: float, allow_service: bool = False) -> int:
        """Apply a SPARQL update all-or-nothing, within ``timeout`` seconds; returns the new size.

        Parsing, checking and evaluating all happen in a forked child under the deadline; the
        changes it reports are applied to a copy of the graph, which then replaces the current one.
        """
        with self._writer:
            current = self._snapshot
            added, removed = run_in_child(lambda: _apply(current.graph, text, allow_service), timeout=timeout,
                                          what="update", tail="; nothing was changed")
            with FORK_LOCK:  # no worker is forked while this thread is inside a store
                graph = copy_graph(current.graph)  # on the same kind of store: Oxigraph stays Oxigraph
                for triple in removed:
                    graph.remove(triple)
                for triple in added:
                    graph.add(triple)
                self._snapshot = Snapshot(graph, current.version + 1)
            return len(graph)


def _apply(graph: Graph, text: str, allow_service: bool) -> tuple[set[Any], set[Any]]:
    """Check and run the update on ``graph`` (in a forked child: its own copy); returns (added, removed)."""
    update = check_update(text, allow_service=allow_service)
    before = set(graph)
    graph.update(update)
    after = set(graph)
    return after - before, before - after


# Content negotiation --------------------------------------------------------------------------


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


# Requests -------------------------------------------------------------------------------------


class _BadRequest(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def __reduce__(self) -> tuple[type[_BadRequest], tuple[int, str, dict[str, str]]]:
        return _BadRequest, (self.status, self.message, self.headers)  # query workers send these back


def _parse_form(raw: bytes) -> dict[str, list[str]]:
    """``a=1&b=2`` strictly: bad percent-encoding or bytes that are not UTF-8 are a 400, not a guess."""
    params: dict[str, list[str]] = {}
    if _PERCENT.search(raw):
        raise _BadRequest(400, "invalid percent-encoding in the request (a % not followed by two hex digits)")
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        try:
            key = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
            text = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise _BadRequest(400, "the request's parameters are not valid UTF-8") from None
        params.setdefault(key, []).append(text)
    return params


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    media, *params = [p.strip() for p in header.split(";")]
    values = {}
    for param in params:
        name, _, value = param.partition("=")
        values[name.strip().lower()] = value.strip().strip('"').lower()
    return media.lower(), values


def _text_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=dict(headers or {}))


def _public(message: str) -> str:
    """An error message fit to send: no file system paths of the server."""
    for root in {str(DATA_ROOT), os.path.realpath(str(DATA_ROOT))}:
        message = message.replace(root + os.sep, "")
    return message


def _media_header(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else media_type


# Query workers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """What a query worker is asked: a query with its parameters, answered as the HTTP body in the
    format ``fmt`` or ``accept`` asks for when ``respond`` (serializing there spares the server's
    event loop), else as the QueryResult itself (for the pages, which render it)."""

    query: NamedQuery
    params: tuple[tuple[str, str], ...] = ()
    respond: bool = False
    accept: str | None = None
    fmt: str | None = None
    filename: str | None = None


@dataclass(frozen=True)
class _Reply:
    """A query's answer as a query worker wrote it: the body and its headers."""

    body: bytes
    media_type: str
    headers: dict[str, str]

    def response(self) -> Response:
        return Response(self.body, media_type=self.media_type, headers=self.headers)


class _QueryWorker:
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

    def __call__(self, job: _Job) -> _Reply | QueryResult | _BadRequest:
        try:
            values = self.bound(job.query, job.params) if job.query.parameters else dict(job.params)
            result = run_query(job.query, values, graph=self.graph, max_rows=self.settings.max_rows,
                               allow_service=self.settings.allow_service)
            if job.respond:
                return _reply(result, job.accept, job.fmt, job.filename, self.settings.max_rows)
            return result
        except _BadRequest as error:
            return error
        except HRGraphError as error:
            return _BadRequest(400, _public(str(error)))
        except RecursionError:
            return _BadRequest(400, "the query is nested too deeply to parse")


def _reply(result: QueryResult, accept: str | None, fmt: str | None, filename: str | None, max_rows: int) -> _Reply:
    """The answer in the format ``fmt`` names (for /sparql, only if it fits) or ``accept`` prefers."""
    offers = RESULT_TYPES[result.kind]
    if fmt and fmt not in FORMAT_NAMES[result.kind]:
        if filename:  # a download link names its format: it must fit
            raise _BadRequest(400, f"format {fmt!r} does not fit a {result.kind.upper()} answer; use one of "
                                   f"{', '.join(FORMAT_NAMES[result.kind])}")
        fmt = None  # /sparql: clients such as SPARQLWrapper send format=n3 and the like; Accept decides
    if fmt:
        media = (EXPORT_FORMATS if result.kind == "graph" else RESULT_FORMATS)[fmt].media_type
    else:
        chosen = negotiate(accept, offers)
        if chosen is None:
            available = ", ".join(dict.fromkeys(m for m, _ in offers))
            raise _BadRequest(406, f"no acceptable format for a {result.kind.upper()} answer; available: {available}")
        media, fmt = chosen
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers |= {"X-Truncated": "true", "X-Row-Limit": str(max_rows)}
    if filename:
        suffix = (EXPORT_FORMATS if result.kind == "graph" else RESULT_FORMATS)[fmt].extension
        headers["Content-Disposition"] = f'attachment; filename="{filename}.{suffix}"'
    return _Reply(format_result(result, fmt), _media_header(media), headers)


# The application ------------------------------------------------------------------------------


class _Guard:
    """Refuses over-long URLs (414), and, when updates are enabled, Host names other than
    loopback or the bound host (403: DNS rebinding); adds security headers to every answer."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = _LOOPBACK_NAMES | {settings.host.lower()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if length > self.settings.max_url:
            response = _text_response(414, f"URI too long: {length} characters (limit {self.settings.max_url}); "
                                           "send the query by POST")
            await response(scope, receive, send)
            return
        if self.settings.enable_update and _host_name(scope) not in self.hosts:
            response = _text_response(403, "unexpected Host header: this server answers to localhost "
                                           f"and {self.settings.host} only")
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                                    (b"content-security-policy", _CSP.encode()),
                                    (b"x-frame-options", b"SAMEORIGIN")):
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _host_name(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[: host.find("]") + 1]
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


def create_app(graph: Graph, *, settings: Settings | None = None) -> Starlette:
    """The web application over ``graph`` (which is never changed: updates swap in a new graph).

    >>> from hrgraph import load
    >>> app = create_app(load(), settings=Settings(timeout=5))
    >>> app.state.settings.timeout, app.state.settings.enable_update
    (5, False)
    """
    settings = settings or Settings()
    store = Store(graph)
    queries = library()
    pool = QueryPool(settings.workers, lambda: store.snapshot.graph, partial(_QueryWorker, settings=settings),
                     timeout=settings.timeout)
    ontology_cache: dict[str, Graph] = {}

    def ontology_graph() -> Graph:
        if "g" not in ontology_cache:
            ontology_cache["g"] = parse_file(ONTOLOGY_FILE)
        return ontology_cache["g"]

    async def execute(job: _Job) -> Any:
        """A query worker's answer to ``job`` on the current snapshot, within the deadline."""
        try:
            answer = await pool.run(job)
        except Busy as error:
            raise _BadRequest(503, str(error), {"Retry-After": "1"}) from None
        except QueryError as error:
            raise _BadRequest(503 if "timed out" in str(error) else 400, _public(str(error))) from None
        if isinstance(answer, _BadRequest):
            raise answer
        return answer

    def ad_hoc(text: str) -> NamedQuery:
        return NamedQuery.from_text(text, "<query>", "<query>")

    # /sparql ----------------------------------------------------------------------------------

    async def sparql(request: Request) -> Response:
        try:
            if request.method not in ("GET", "HEAD", "POST"):
                raise _BadRequest(405, f"{request.method} is not allowed here: query by GET or POST, update by POST",
                                  {"Allow": "GET, POST"})
            params = await _protocol_params(request)
            queries_given, updates = params.get("query", []), params.get("update", [])
            if len(queries_given) > 1 or len(updates) > 1:
                raise _BadRequest(400, "give one query or one update per request, not several")
            if queries_given and updates:
                raise _BadRequest(400, "give a query or an update, not both")
            for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
                if name in params:
                    raise _BadRequest(400, f"{name} is not supported: this endpoint has one default graph and "
                                           "never loads graphs a request names")
            if updates:
                if request.method != "POST":
                    raise _BadRequest(400, "an update must be sent by POST, never by GET")
                return await run_in_threadpool(answer_update, request, updates[0])
            if not queries_given:
                if request.method == "POST":
                    raise _BadRequest(400, "missing 'query' (or 'update') parameter")
                return describe_service(request)
            job = _Job(ad_hoc(queries_given[0]), respond=True, accept=request.headers.get("accept"),
                       fmt=params.get("format", [None])[0])
            return (await execute(job)).response()
        except _BadRequest as error:
            return _text_response(error.status, error.message, error.headers)

    def answer_update(request: Request, text: str) -> Response:
        if not settings.enable_update:
            raise_refused = "this endpoint is read-only: updates are refused (start the server with --enable-update)"
            return _text_response(403, raise_refused)
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if (origin is not None and origin != own) or request.headers.get("sec-fetch-site") == "cross-site":
            return _text_response(403, "cross-origin update refused: updates must come from this server's own pages "
                                       "or from a program")
        try:
            size = store.update(text, timeout=settings.timeout, allow_service=settings.allow_service)
        except QueryError as error:
            return _text_response(503 if "timed out" in str(error) else 400, _public(str(error)))
        except RecursionError:
            return _text_response(400, "the update is nested too deeply to parse")
        return _text_response(200, f"update done: the graph holds {size} triples")

    def describe_service(request: Request) -> Response:
        chosen = negotiate(request.headers.get("accept"), [("text/html", "html"), *GRAPH_TYPES])
        if chosen is None:
            raise _BadRequest(406, "no acceptable format for the service description")
        if chosen[1] == "html":
            return RedirectResponse("query", status_code=303)
        endpoint = str(request.base_url) + "sparql"
        description = service_description(store.snapshot.graph, endpoint, update=settings.enable_update,
                                          service=settings.allow_service)
        return Response(serialize(description, chosen[1]), media_type=_media_header(chosen[0]),
                        headers={"Vary": "Accept"})

    async def _protocol_params(request: Request) -> dict[str, list[str]]:
        url_params = _parse_form(request.scope.get("query_string", b""))
        if request.method != "POST":
            return url_params
        media, options = _media_type(request.headers.get("content-type"))
        charset = options.get("charset", "utf-8")
        if media not in ("application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"):
            what = f"Content-Type {media!r}" if media else "a POST without Content-Type"
            raise _BadRequest(415, f"{what} is not supported: send application/x-www-form-urlencoded, "
                                   "application/sparql-query or application/sparql-update")
        if charset not in ("utf-8", "utf8"):
            raise _BadRequest(415, f"charset {charset!r} is not supported: send UTF-8")
        body = await request.body()
        if media == "application/x-www-form-urlencoded":
            try:
                body.decode("ascii")
            except UnicodeDecodeError:
                raise _BadRequest(400, "a form-encoded body must be ASCII (percent-encode the rest)") from None
            params = dict(url_params)
            for name, values in _parse_form(body).items():
                params.setdefault(name, []).extend(values)
            return params
        if "query" in url_params or "update" in url_params:
            raise _BadRequest(400, "a direct POST carries the query in its body, not also in the URL")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _BadRequest(400, "the request body is not valid UTF-8") from None
        key = "query" if media == "application/sparql-query" else "update"
        return {**url_params, key: [text]}

    # Pages -----------------------------------------------------------------------------------

    def html(text: str, status: int = 200) -> Response:
        return HTMLResponse(text, status_code=status, headers={"Vary": "Accept, Accept-Language"})

    async def relate(request: Request) -> Response:
        """Two names and the kinds a path may pass through (``through``, repeated; none given: the defaults)."""
        params = request.query_params
        try:
            max_length = min(max(int(params.get("max-length", "6")), 1), 8)
        except ValueError:
            return _text_response(400, "max-length: expected a whole number of steps, 1 to 8")
        snapshot = store.snapshot
        through = params.getlist("through") if "chosen" in params else None  # a bare link: the defaults
        page = await run_in_threadpool(relate_page, snapshot.graph, Links(), snapshot.projection,
                                       a=params.get("a", "").strip(), b=params.get("b", "").strip(),
                                       through=through, max_length=max_length)
        return html(page)

    def ontology(request: Request) -> Response:
        chosen = negotiate(request.headers.get("accept"), [("text/html", "html"), *GRAPH_TYPES])
        return _ontology_answer(chosen)

    def ontology_file(request: Request) -> Response:
        fmt = _ENTITY_SUFFIXES.get(request.path_params["suffix"])
        if fmt is None or fmt == "html":
            raise HTTPException(404)
        return _ontology_answer((EXPORT_FORMATS[fmt].media_type, fmt))

    def _ontology_answer(chosen: tuple[str, str] | None) -> Response:
        if chosen is None:
            return _text_response(406, "no acceptable format: the ontology is HTML, Turtle, N-Triples, JSON-LD or RDF/XML")
        snapshot = store.snapshot
        if chosen[1] == "html":
            return html(snapshot.cached("ontology", lambda: ontology_page(snapshot.graph, Links())))
        data = snapshot.cached(("ontology", chosen[1]), lambda: serialize(ontology_graph(), chosen[1]))
        return Response(data, media_type=_media_header(chosen[0]), headers={"Vary": "Accept"})

    def entity(request: Request) -> Response:
        path = f"{request.path_params['kind']}/{request.path_params['slug']}"
        snapshot = store.snapshot
        iri, fmt = entity_iri(path), None
        if iri is None or iri not in snapshot.entities:
            stem, dot, suffix = path.rpartition(".")
            iri = entity_iri(stem) if dot else None
            fmt = _ENTITY_SUFFIXES.get(suffix)
            if iri is None or fmt is None or iri not in snapshot.entities:
                return not_found(request, path, snapshot)
            media = "text/html" if fmt == "html" else EXPORT_FORMATS[fmt].media_type
        else:
            chosen = negotiate(request.headers.get("accept"), _ENTITY_TYPES)
            if chosen is None:
                return _text_response(406, "no acceptable format: an entity is HTML, Turtle, N-Triples, JSON-LD "
                                           "or RDF/XML", {"Vary": "Accept"})
            media, fmt = chosen
        if fmt == "html":
            lang = choose_language(snapshot.graph, iri, request)
            links = Links(root="../" * path.count("/"))
            page = snapshot.cached(("page", iri, lang), lambda: entity_page(
                snapshot.graph, iri, links, lang, view=str(iri) in snapshot.projection))
            return html(page)
        data = snapshot.cached(("data", iri, fmt), lambda: serialize(entity_data(snapshot.graph, iri), fmt))
        return Response(data, media_type=_media_header(media), headers={"Vary": "Accept"})

    def not_found(request: Request, path: str, snapshot: Snapshot) -> Response:
        message = f"no entity at /{path}"
        wants_html = (negotiate(request.headers.get("accept"), [("text/html", "html"), ("text/plain", "text")])
                      or ("", ""))[1] == "html"
        if not wants_html:
            return _text_response(404, message)
        suggestions = []
        try:
            resolve(snapshot.graph, path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        except EntityNotFoundError as error:
            for name in error.suggestions:
                try:
                    iri = resolve(snapshot.graph, name)
                except HRGraphError:
                    continue
                suggestions.append((name, Links(root="../" * path.count("/")).entity(iri)))
        except HRGraphError:
            pass
        page = render("error.html", Links(root="../" * path.count("/")), title="Not found", message=message,
                      suggestions=suggestions)
        return html(page, 404)

    def choose_language(graph: Graph, iri: URIRef, request: Request) -> str:
        wanted = request.query_params.get("lang")
        candidates = [wanted] if wanted else preferred_languages(request.headers.get("accept-language"))
        labels = {(label.language or "").lower() for label in graph.objects(iri, RDFS.label)
                  if getattr(label, "language", None)}
        for tag in candidates:
            for option in (tag, tag.split("-")[0]):
                if any(have == option or have.startswith(option + "-") for have in labels):
                    return option
        return "en"

    def entity_view(request: Request) -> Response:
        from hrgraph.render import neighbourhood, render_view

        path = request.path_params["path"]
        snapshot = store.snapshot
        iri = entity_iri(path)
        if iri is None or str(iri) not in snapshot.projection:
            return _text_response(404, f"no view of /{path}: it is not an entity of the network")

        def make() -> str:
            view = neighbourhood(snapshot.projection, str(iri), 1)
            title = f"{label_of(snapshot.graph, iri)} and its neighbours"
            return render_view(view, title=title, assets="../" * (path.count("/") + 1) + "static/")

        return html(snapshot.cached(("view", iri), make))

    async def query_view(request: Request) -> Response:
        try:
            chosen, values, text = _query_request(request)
            if chosen is None and not text:
                raise _BadRequest(400, "give a named query (name=) or SPARQL (sparql=)")
            result = await execute(_Job(chosen or ad_hoc(text), tuple(values.items())))
            return await run_in_threadpool(draw_answer, chosen, values, result)
        except _BadRequest as error:
            return _text_response(error.status, error.message)
        except HRGraphError as error:
            return _text_response(400, _public(str(error)))

    def draw_answer(chosen: NamedQuery | None, values: dict[str, str], result: QueryResult) -> Response:
        """The answer as a network, in a thread: laying it out takes a while."""
        from hrgraph.render import query_view as select_answer
        from hrgraph.render import render_view

        bound = []
        if chosen is not None:
            bound = [str(v) for v in bind_parameters(chosen, values, store.snapshot.graph).values()
                     if isinstance(v, URIRef)]
        view = select_answer(store.snapshot.projection, result, bound=bound)
        title = f"hrgraph: {chosen.title if chosen else 'your query'}"
        return html(render_view(view, title=title, assets="static/"))

    async def query_page_html(**parts: Any) -> str:
        return await run_in_threadpool(query_page, store.snapshot.graph, Links(), queries, **parts)

    async def query(request: Request) -> Response:
        values: dict[str, str] = {}
        chosen, text = None, ""
        fmt = request.query_params.get("format")
        try:
            chosen, values, text = _query_request(request)
            if chosen is None and not text:
                editing = queries.get(request.query_params.get("edit", ""))  # a named query's SPARQL, to change
                return html(await query_page_html(sparql=editing.text if editing else ""))
            job = _Job(chosen or ad_hoc(text), tuple(values.items()))
            if fmt:
                download = replace(job, respond=True, fmt=fmt, filename=chosen.name if chosen else "answer")
                return (await execute(download)).response()
            result = await execute(job)
        except _BadRequest as error:
            if fmt:
                return _text_response(error.status, error.message)
            page = await query_page_html(chosen=chosen, values=values, sparql=text, error=error.message)
            return html(page, error.status)
        pairs = [("name", chosen.name)] if chosen else [("sparql", text)]
        pairs += [(f"p.{name}", value) for name, value in values.items()]
        downloads = [(name, "query?" + urlencode([*pairs, ("format", name)])) for name in FORMAT_NAMES[result.kind]]
        view = "view?" + urlencode(pairs) if result.kind in ("select", "graph") else None
        page = await query_page_html(chosen=chosen, values=values, sparql=text, result=result, downloads=downloads,
                                     view=view, max_rows=settings.max_rows)
        return html(page)

    def _query_request(request: Request) -> tuple[NamedQuery | None, dict[str, str], str]:
        params = _parse_form(request.scope.get("query_string", b""))
        values = {key[2:]: found[-1] for key, found in params.items() if key.startswith("p.") and found[-1] != ""}
        name = params.get("name", [""])[-1]
        text = params.get("sparql", [""])[-1]
        if name:
            if name not in queries:
                raise _BadRequest(404, f"no query named {name!r}")
            return queries[name], values, ""
        return None, {}, text

    # Dataset ---------------------------------------------------------------------------------

    def void(request: Request) -> Response:
        chosen = negotiate(request.headers.get("accept"), GRAPH_TYPES)
        if chosen is None:
            return _text_response(406, "no acceptable format: VoID is Turtle, N-Triples, JSON-LD or RDF/XML")
        return _void_answer(request, chosen)

    def void_file(request: Request) -> Response:
        fmt = _ENTITY_SUFFIXES.get(request.path_params["suffix"])
        if fmt is None or fmt == "html":
            raise HTTPException(404)
        return _void_answer(request, (EXPORT_FORMATS[fmt].media_type, fmt))

    def _void_answer(request: Request, chosen: tuple[str, str]) -> Response:
        snapshot = store.snapshot
        base = str(request.base_url)
        data = snapshot.cached(("void", base, chosen[1]),
                               lambda: serialize(void_graph(snapshot.graph, base, sparql=True), chosen[1]))
        return Response(data, media_type=_media_header(chosen[0]), headers={"Vary": "Accept"})

    def dump(request: Request) -> Response:
        suffix = request.path_params["suffix"]
        if suffix not in DUMP_FORMATS:
            raise HTTPException(404)
        name = DUMP_FORMATS[suffix]
        snapshot = store.snapshot

        def make() -> bytes:
            if name == "trig":
                return serialize(snapshot.graph, "trig", ontology=ontology_graph())
            return serialize(snapshot.graph, name)

        return Response(snapshot.cached(("dump", name), make),
                        media_type=_media_header(EXPORT_FORMATS[name].media_type),
                        headers={"Content-Disposition": f'inline; filename="hrgraph.{suffix}"'})

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        asset = _static_files().get(name)
        if asset is None:
            raise HTTPException(404)
        text, media = asset
        return Response(text, media_type=media, headers={"Cache-Control": "public, max-age=3600"})

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        headers = dict(error.headers or {})
        words = {404: "not found", 405: "method not allowed"}.get(error.status_code, "request refused")
        return _text_response(error.status_code, f"{request.url.path}: {words}", headers)

    async def server_error(request: Request, error: Exception) -> Response:
        return _text_response(500, "internal error: the request could not be answered")

    routes = [
        *explorer_routes(lambda: store.snapshot),  # /, /explore, /cities..., /explorer/*
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
        Route("/query", query, methods=["GET"]),
        Route("/view", query_view, methods=["GET"]),
        Route("/relate", relate, methods=["GET"]),
        Route("/view/{path:path}", entity_view, methods=["GET"]),
        Route("/ontology", ontology, methods=["GET"]),
        Route("/ontology.{suffix}", ontology_file, methods=["GET"]),
        Route("/.well-known/void", void, methods=["GET"]),
        Route("/void", void, methods=["GET"]),
        Route("/void.{suffix}", void_file, methods=["GET"]),
        Route("/dump.{suffix}", dump, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/{kind}/{slug:path}", entity, methods=["GET"]),
    ]
    middleware = [Middleware(_Guard, settings=settings)]
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type", "Accept-Language"],
                                     expose_headers=["X-Truncated", "X-Row-Limit"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.close()

    app = Starlette(routes=routes, middleware=middleware, max_body_size=settings.max_body, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.store = store
    app.state.settings = settings
    app.state.pool = pool
    return app



@lru_cache(maxsize=1)
def _static_files() -> dict[str, tuple[str, str]]:
    """The scripts and styles the pages use, by file name, with their media types."""
    from hrgraph.render import view_assets

    media = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "txt": "text/plain; charset=utf-8"}
    both = {**view_assets(), **site_assets()}
    return {name: (text, media[name.rsplit(".", 1)[-1]]) for name, text in both.items()}


def server(graph: Graph, settings: Settings, *, log_level: str = "info") -> Any:
    """A uvicorn server for ``graph``, configured as ``hrgraph serve`` runs it (``.run()`` serves).

    HTTP/1.1 through h11, request heads up to 64 KiB (longer URLs than ``max_url`` get 414 from the
    app; a head beyond 64 KiB gets uvicorn's 400), idle connections closed after 5 s.
    """
    import uvicorn

    config = uvicorn.Config(
        create_app(graph, settings=settings),
        host=settings.host,
        port=settings.port,
        http="h11",
        h11_max_incomplete_event_size=64 * 1024,
        timeout_keep_alive=5,
        server_header=False,
        log_level=log_level,
    )
    return uvicorn.Server(config)


def run(graph: Graph, settings: Settings) -> None:
    """Serve ``graph`` with uvicorn until interrupted (Ctrl-C)."""
    server(graph, settings).run()


@contextmanager
def background(graph: Graph, settings: Settings | None = None, *, startup: float = 20.0) -> Iterator[str]:
    """Serve ``graph`` from a thread while the block runs; yields the base URL (``http://127.0.0.1:PORT/``).

    Port 0 in ``settings`` (the default here) picks a free loopback port. For tests and notebooks.
    """
    import socket

    settings = settings or Settings(port=0)
    if settings.port == 0:
        with socket.socket() as probe:
            probe.bind((settings.host, 0))
            settings = replace(settings, port=probe.getsockname()[1])
    instance = server(graph, settings, log_level="warning")
    thread = threading.Thread(target=instance.run, name="hrgraph-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            instance.should_exit = True
            raise HRGraphError(f"the server did not start on {settings.host}:{settings.port}")
        time.sleep(0.02)
    try:
        yield f"http://{settings.host}:{settings.port}/"
    finally:
        instance.should_exit = True
        thread.join(timeout=15)

