"""Running the app: ``server`` (a configured uvicorn server), ``run`` (``hrgraph serve``) and
``background`` (a server in a thread, for tests and notebooks)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from rdflib import Graph

from hrgraph.errors import HRGraphError
from hrgraph.web.app import create_app
from hrgraph.web.settings import Settings

__all__ = ["background", "run", "server"]


def server(graph: Graph, settings: Settings, *, log_level: str = "info") -> Any:
    """A uvicorn server for ``graph``, configured as ``hrgraph serve`` runs it (``.run()`` serves).

    HTTP/1.1 through h11, request heads up to 64 KiB (longer URLs than ``max_url`` get 414 from the
    app; a head beyond 64 KiB gets uvicorn's 400), idle connections closed after 5 s, a request that
    has not arrived whole after ``request_timeout`` seconds cut off (:mod:`hrgraph.web.connections`),
    and beyond ``max_connections`` connections or requests at once, 503.
    """
    import uvicorn

    from hrgraph.web.connections import with_deadline

    config = uvicorn.Config(
        create_app(graph, settings=settings),
        host=settings.host,
        port=settings.port,
        http=with_deadline(settings.request_timeout),
        h11_max_incomplete_event_size=64 * 1024,
        timeout_keep_alive=5,
        limit_concurrency=settings.max_connections,
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
