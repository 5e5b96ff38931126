"""The app factory: ``create_app(graph, settings=...)`` puts the routes of each area together, in
the order they are matched, behind the guard; the areas hold the handlers."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rdflib import Graph
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from hrgraph.explorer.web import routes as explorer_routes
from hrgraph.explorer.web import warm as warm_explorer
from hrgraph.web.dumps import dump, static, void, void_file
from hrgraph.web.entities import entity, entity_view, ontology, ontology_file
from hrgraph.web.guard import Guard
from hrgraph.web.protocol import sparql
from hrgraph.web.query_page import query, query_view, relate
from hrgraph.web.responses import text_response
from hrgraph.web.served import ServedGraph
from hrgraph.web.settings import Settings
from hrgraph.web.state import AppState

__all__ = ["create_app"]

#: Every route but the explorer's, in the order they are matched: the entity pattern comes last.
ROUTES = [
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


def create_app(graph: Graph, *, settings: Settings | None = None) -> Starlette:
    """The web application over ``graph`` (which is never changed: updates swap in a new graph).

    >>> from hrgraph import load
    >>> app = create_app(load(), settings=Settings(timeout=5))
    >>> app.state.web.settings.timeout, app.state.web.settings.enable_update
    (5, False)
    """
    settings = settings or Settings()
    state = AppState(ServedGraph(graph, dataset=settings.dataset), settings)
    routes: list[BaseRoute] = [
        *explorer_routes(lambda: state.served.snapshot),  # /, /explore, /cities..., /explorer/*
        *ROUTES,
    ]
    middleware = [Middleware(Guard, settings=settings)]
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type", "Accept-Language"],
                                     expose_headers=["X-Truncated", "X-Row-Limit"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.pool.start()  # the workers are forked before any other thread starts
        threading.Thread(target=warm_explorer, args=(state.served.snapshot,), name="hrgraph-warm", daemon=True).start()
        try:
            yield
        finally:
            state.pool.close()

    app = Starlette(routes=routes, middleware=middleware, max_body_size=settings.max_body, lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error, Exception: _server_error})
    app.state.web = state
    return app


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    headers = dict(error.headers or {})
    words = {404: "not found", 405: "method not allowed"}.get(error.status_code, "request refused")
    return text_response(error.status_code, f"{request.url.path}: {words}", headers)


async def _server_error(request: Request, error: Exception) -> Response:
    return text_response(500, "internal error: the request could not be answered")
