"""``/sparql``: the SPARQL 1.1 Protocol endpoint (queries by GET or POST, updates by POST when enabled;
with no query, the service description).

``default-graph-uri`` and ``named-graph-uri`` (a query), ``using-graph-uri`` and
``using-named-graph-uri`` (an update) choose among the graphs the server holds; the base IRI of
every query and update is the endpoint's own URL.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hrgraph.errors import QueryError
from hrgraph.pages import service_description
from hrgraph.rdf.export import serialize
from hrgraph.sparql.dataset import Selection, graph_name, named_graphs
from hrgraph.web.forms import BadRequest, content_type, parse_form
from hrgraph.web.negotiation import HTML_OR_GRAPH, media_header, negotiate
from hrgraph.web.responses import public, status_of, text_response
from hrgraph.web.state import AppState, ad_hoc, state_of
from hrgraph.web.workers import Job

__all__ = ["sparql"]

_METHODS = ("GET", "HEAD", "POST")
_QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
_UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")
_BODY_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update")


async def sparql(request: Request) -> Response:
    """A query, an update, or (no query, by GET) the service description."""
    state = state_of(request)
    try:
        if request.method not in _METHODS:
            raise BadRequest(405, f"{request.method} is not allowed here: query by GET or POST, update by POST",
                             {"Allow": "GET, POST"})
        params = await _protocol_params(request)
        queries_given, updates = params.get("query", []), params.get("update", [])
        if len(queries_given) > 1 or len(updates) > 1:
            raise BadRequest(400, "give one query or one update per request, not several")
        if queries_given and updates:
            raise BadRequest(400, "give a query or an update, not both")
        base = f"{request.base_url}sparql"
        if updates:
            if request.method != "POST":
                raise BadRequest(400, "an update must be sent by POST, never by GET")
            selection = _selection(params, _UPDATE_DATASET, _QUERY_DATASET, base)
            return await run_in_threadpool(_answer_update, state, request, updates[0], selection)
        if not queries_given:
            if request.method == "POST":
                raise BadRequest(400, "missing 'query' (or 'update') parameter")
            return _describe_service(state, request)
        job = Job(ad_hoc(queries_given[0]), respond=True, accept=request.headers.get("accept"),
                  fmt=params.get("format", [None])[0],
                  dataset=_selection(params, _QUERY_DATASET, _UPDATE_DATASET, base))
        return (await state.execute(job)).response()  # type: ignore[no-any-return]
    except BadRequest as error:
        return text_response(error.status, error.message, error.headers)


def _selection(params: dict[str, list[str]], names: tuple[str, str], others: tuple[str, str], base: str) -> Selection:
    """The graphs a query (``default-graph-uri``, ``named-graph-uri``) or an update (``using-...``) chose."""
    for name in others:
        if name in params:
            raise BadRequest(400, f"{name} is for {'an update' if name.startswith('using') else 'a query'}, "
                                  f"not for this request; use {' or '.join(names)}")
    for name in names:
        for iri in params.get(name, []):
            try:
                graph_name(iri)
            except QueryError as error:
                raise BadRequest(400, f"{name}: {error}") from None
    return Selection(tuple(params.get(names[0], [])), tuple(params.get(names[1], [])), base)


def _answer_update(state: AppState, request: Request, text: str, selection: Selection) -> Response:
    settings = state.settings
    if not settings.enable_update:
        return text_response(403, "this endpoint is read-only: updates are refused (start the server with "
                                  "--enable-update)")
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if (origin is not None and origin != own) or request.headers.get("sec-fetch-site") == "cross-site":
        return text_response(403, "cross-origin update refused: updates must come from this server's own pages "
                                  "or from a program")
    try:
        size = state.served.update(text, timeout=settings.timeout, allow_service=settings.allow_service,
                                   selection=selection)
    except QueryError as error:
        return text_response(status_of(error), public(str(error)))
    except RecursionError:
        return text_response(400, "the update is nested too deeply to parse")
    return text_response(200, f"update done: the graph holds {size} triples")


def _describe_service(state: AppState, request: Request) -> Response:
    chosen = negotiate(request.headers.get("accept"), HTML_OR_GRAPH)
    if chosen is None:
        raise BadRequest(406, "no acceptable format for the service description")
    if chosen[1] == "html":
        return RedirectResponse("query", status_code=303)
    endpoint = str(request.base_url) + "sparql"
    snapshot = state.served.snapshot
    description = service_description(snapshot.graph, endpoint, update=state.settings.enable_update,
                                      service=state.settings.allow_service, named_graphs=named_graphs(snapshot.graph))
    return Response(serialize(description, chosen[1]), media_type=media_header(chosen[0]),
                    headers={"Vary": "Accept"})


async def _protocol_params(request: Request) -> dict[str, list[str]]:
    """The request's parameters, from its URL and (POST) its body, as the Protocol allows them."""
    url_params = parse_form(request.scope.get("query_string", b""))
    if request.method != "POST":
        return url_params
    media, options = content_type(request.headers.get("content-type"))
    charset = options.get("charset", "utf-8")
    if media not in _BODY_TYPES:
        what = f"Content-Type {media!r}" if media else "a POST without Content-Type"
        raise BadRequest(415, f"{what} is not supported: send application/x-www-form-urlencoded, "
                              "application/sparql-query or application/sparql-update")
    if charset not in ("utf-8", "utf8"):
        raise BadRequest(415, f"charset {charset!r} is not supported: send UTF-8")
    body = await request.body()
    if media == "application/x-www-form-urlencoded":
        try:
            body.decode("ascii")
        except UnicodeDecodeError:
            raise BadRequest(400, "a form-encoded body must be ASCII (percent-encode the rest)") from None
        params = dict(url_params)
        for name, values in parse_form(body).items():
            params.setdefault(name, []).extend(values)
        return params
    if "query" in url_params or "update" in url_params:
        raise BadRequest(400, "a direct POST carries the query in its body, not also in the URL")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the request body is not valid UTF-8") from None
    key = "query" if media == "application/sparql-query" else "update"
    return {**url_params, key: [text]}
