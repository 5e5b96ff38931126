"""The graph the server serves, copy-and-swap: readers take a snapshot that nobody changes any more;
an update builds a new graph from a copy and swaps it in.

So readers never wait, a reader sees the graph before or after an update, never between, and an
update that fails at any operation changes nothing. Each update is parsed, checked and evaluated in
a forked child under the deadline (:func:`hrgraph.sparql.deadline.run_in_child`); only the changes
it reports are applied here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef

from hrgraph.pages import entity_pages
from hrgraph.rdf.store import copy_graph
from hrgraph.sparql import check_update
from hrgraph.sparql.deadline import FORK_LOCK, run_in_child

__all__ = ["ServedGraph", "Snapshot"]


@dataclass
class Snapshot:
    """One state of the served graph: a graph that nobody changes any more, and what is derived from it."""

    graph: Graph
    version: int
    _cache: dict[object, object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _making: dict[object, threading.Event] = field(default_factory=dict)

    def cached(self, key: object, make: Callable[[], Any]) -> Any:
        """``make()``, computed once per snapshot: a thread that asks while another computes it waits
        for that answer (two computing at once would each take twice as long), then reads it."""
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            making = self._making.get(key)
            mine = making is None
            if mine:
                making = self._making[key] = threading.Event()
        assert making is not None
        if not mine:
            making.wait()
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
            return make()  # the other thread failed: try here, and let the error be this request's
        try:
            value = make()
            with self._lock:
                self._cache[key] = value
            return value
        finally:
            with self._lock:
                del self._making[key]
            making.set()

    @property
    def entities(self) -> frozenset[URIRef]:
        return self.cached("entities", lambda: frozenset(entity_pages(self.graph)))

    @property
    def projection(self) -> Any:
        from hrgraph.projection import project

        return self.cached("projection", lambda: project(self.graph, "full"))


class ServedGraph:
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
            added, removed = run_in_child(lambda: _changes(current.graph, text, allow_service), timeout=timeout,
                                          what="update", tail="; nothing was changed")
            with FORK_LOCK:  # no worker is forked while this thread is inside a store
                graph = copy_graph(current.graph)  # on the same kind of store: Oxigraph stays Oxigraph
                for triple in removed:
                    graph.remove(triple)
                for triple in added:
                    graph.add(triple)
                self._snapshot = Snapshot(graph, current.version + 1)
            return len(graph)


def _changes(graph: Graph, text: str, allow_service: bool) -> tuple[set[Any], set[Any]]:
    """Check and run the update on ``graph`` (in the child: its own copy); returns (added, removed)."""
    update = check_update(text, allow_service=allow_service)
    before = set(graph)
    graph.update(update)
    after = set(graph)
    return after - before, before - after
