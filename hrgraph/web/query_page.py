"""The pages for people who ask: ``/query`` (named queries and a SPARQL editor, answers as tables and
downloads), ``/view`` (an answer drawn as a network) and ``/relate`` (how two entities are related)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from hrgraph.errors import HRGraphError
from hrgraph.pages import Links, query_page, relate_page
from hrgraph.sparql import NamedQuery, QueryResult, bind_parameters
from hrgraph.sparql.dataset import Selection
from hrgraph.web.forms import BadRequest, parse_form
from hrgraph.web.negotiation import FORMAT_NAMES
from hrgraph.web.responses import html, public, status_of, text_response
from hrgraph.web.state import AppState, ad_hoc, state_of
from hrgraph.web.workers import Job

__all__ = ["query", "query_view", "relate"]


async def query(request: Request) -> Response:
    """The query page: the form, or an answer under it (``format=``: the answer as a download)."""
    state = state_of(request)
    values: dict[str, str] = {}
    chosen, text = None, ""
    fmt = request.query_params.get("format")
    try:
        chosen, values, text = _query_request(state, request)
        if chosen is None and not text:
            editing = state.queries.get(request.query_params.get("edit", ""))  # a named query's SPARQL, to change
            return html(await _page(state, sparql=editing.text if editing else ""))
        job = _job(request, chosen, values, text)
        if fmt:
            download = replace(job, respond=True, fmt=fmt, filename=chosen.name if chosen else "answer")
            return (await state.execute(download)).response()  # type: ignore[no-any-return]
        result = await state.execute(job)
    except BadRequest as error:
        if fmt:
            return text_response(error.status, error.message)
        page = await _page(state, chosen=chosen, values=values, sparql=text, error=error.message)
        return html(page, error.status)
    pairs = [("name", chosen.name)] if chosen else [("sparql", text)]
    pairs += [(f"p.{name}", value) for name, value in values.items()]
    downloads = [(name, "query?" + urlencode([*pairs, ("format", name)])) for name in FORMAT_NAMES[result.kind]]
    view = "view?" + urlencode(pairs) if result.kind in ("select", "graph") else None
    page = await _page(state, chosen=chosen, values=values, sparql=text, result=result, downloads=downloads,
                       view=view, max_rows=state.settings.max_rows)
    return html(page)


async def query_view(request: Request) -> Response:
    """A named query's or SPARQL's answer drawn as a network."""
    state = state_of(request)
    try:
        chosen, values, text = _query_request(state, request)
        if chosen is None and not text:
            raise BadRequest(400, "give a named query (name=) or SPARQL (sparql=)")
        result = await state.execute(_job(request, chosen, values, text))
        return await run_in_threadpool(_draw_answer, state, chosen, values, result)
    except BadRequest as error:
        return text_response(error.status, error.message)
    except HRGraphError as error:
        return text_response(status_of(error), public(str(error)))


def _job(request: Request, chosen: NamedQuery | None, values: dict[str, str], text: str) -> Job:
    """A named query's job, or the editor's SPARQL, run as ``/sparql`` runs it (the endpoint's URL as
    base IRI, FROM choosing among the graphs held)."""
    if chosen is not None:
        return Job(chosen, tuple(values.items()))
    return Job(ad_hoc(text), tuple(values.items()), dataset=Selection(base=f"{request.base_url}sparql"))


def _draw_answer(state: AppState, chosen: NamedQuery | None, values: dict[str, str], result: QueryResult) -> Response:
    """The answer as a network, in a thread: laying it out takes a while."""
    from hrgraph.render import query_view as select_answer
    from hrgraph.render import render_view

    snapshot = state.served.snapshot
    bound = []
    if chosen is not None:
        bound = [str(v) for v in bind_parameters(chosen, values, snapshot.graph).values() if isinstance(v, URIRef)]
    view = select_answer(snapshot.projection, result, bound=bound)
    title = f"hrgraph: {chosen.title if chosen else 'your query'}"
    return html(render_view(view, title=title, assets="static/"))


async def _page(state: AppState, **parts: Any) -> str:
    return await run_in_threadpool(query_page, state.served.snapshot.graph, Links(), state.queries, **parts)


#: The page's own keys in its address: never a query's parameter.
_PAGE_KEYS = frozenset({"name", "sparql", "format", "edit"})


def _query_request(state: AppState, request: Request) -> tuple[NamedQuery | None, dict[str, str], str]:
    """The named query (``name=``) and its values (``p.NAME=``, or ``NAME=`` typed in the address, as
    ``?name=instruments-of-city&city=Seoul``), or the SPARQL text (``sparql=``)."""
    params = parse_form(request.scope.get("query_string", b""))
    values = {key[2:]: found[-1] for key, found in params.items() if key.startswith("p.") and found[-1] != ""}
    name = params.get("name", [""])[-1]
    text = params.get("sparql", [""])[-1]
    if name:
        if name not in state.queries:
            raise BadRequest(404, f"no query named {name!r}")
        chosen = state.queries[name]
        for parameter in chosen.parameters:
            typed = params.get(parameter.name, [""])[-1]
            if parameter.name not in _PAGE_KEYS and typed != "":
                values.setdefault(parameter.name, typed)
        return chosen, values, ""
    return None, {}, text


async def relate(request: Request) -> Response:
    """Two names and the kinds a path may pass through (``through``, repeated; none given: the defaults)."""
    params = request.query_params
    try:
        max_length = min(max(int(params.get("max-length", "6")), 1), 8)
    except ValueError:
        return text_response(400, "max-length: expected a whole number of steps, 1 to 8")
    snapshot = state_of(request).served.snapshot
    through = params.getlist("through") if "chosen" in params else None  # a bare link: the defaults
    page = await run_in_threadpool(relate_page, snapshot.graph, Links(), snapshot.projection,
                                   a=params.get("a", "").strip(), b=params.get("b", "").strip(),
                                   through=through, max_length=max_length)
    return html(page)
