"""How the server runs (``hrgraph serve``'s options): one frozen value every part of the app reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from hrgraph.sparql import DEFAULT_MAX_ROWS

__all__ = ["Settings"]


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
    #: Seconds a request has to arrive whole, headers and body (slow or stuck clients are cut off).
    request_timeout: float = 10.0
    #: Connections and requests at once; beyond, a request gets 503 at once.
    max_connections: int = 200
    #: Serve the graph as a dataset: the data and the ontology as named graphs, their union as the
    #: default graph (hrgraph.sparql.dataset); False serves it as it is (a store built by ``hrgraph load``).
    dataset: bool = True
    #: Query worker processes, forked once and reused; as many as CPUs, at least 2.
    workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 1))
