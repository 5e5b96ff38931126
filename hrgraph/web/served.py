"""The dataset the server serves, copy-and-swap: readers take a snapshot that nobody changes any more;
an update builds a new dataset and swaps it in.

So readers never wait, a reader sees the dataset before or after an update, never between, and an
update that fails at any operation changes nothing. Each update is checked and evaluated in a forked
child under the deadline (:func:`hrgraph.sparql.deadline.run_in_child`), on the child's copy-on-write
view of the store; the child sends the whole new dataset back (N-Quads, written and read in Rust),
which becomes the next snapshot. The dataset's graphs: :mod:`hrgraph.sparql.dataset`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from hrgraph.errors import QueryError
from hrgraph.pages import entity_pages
from hrgraph.rdf.store import inner_store, oxigraph_graph
from hrgraph.sparql.dataset import Selection, as_dataset, update_dataset
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
    """The served dataset, copy-and-swap: readers take ``snapshot``; ``update`` builds and swaps a new one.

    ``graph`` is copied into a dataset (:func:`hrgraph.sparql.dataset.as_dataset`) unless
    ``dataset=False``, which serves it as it is (a store built by ``hrgraph load``, read-only).
    """

    def __init__(self, graph: Graph, *, dataset: bool = True) -> None:
        self._snapshot = Snapshot(as_dataset(graph) if dataset else graph, 0)
        self._writer = threading.Lock()

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def update(self, text: str, *, timeout: float, allow_service: bool = False,
               selection: Selection | None = None) -> int:
        """Apply a SPARQL update all-or-nothing, within ``timeout`` seconds; returns the default graph's size.

        Checking and evaluating happen in a forked child under the deadline, on its copy of the
        store; the dataset it sends back replaces the current one.
        """
        with self._writer:
            current = self._snapshot
            if inner_store(current.graph) is None:
                raise QueryError("<update>: updates need the Oxigraph store")
            chosen = selection or Selection()
            quads, names = run_in_child(lambda: _updated(current.graph, text, chosen, allow_service),
                                        timeout=timeout, what="update", tail="; nothing was changed")
            with FORK_LOCK:  # no worker is forked while this thread is inside a store
                store = ox.Store()
                store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
                for name in names:  # a graph left empty (CREATE GRAPH) is in no quad
                    store.add_graph(ox.NamedNode(name))
                graph = oxigraph_graph(store)
                self._snapshot = Snapshot(graph, current.version + 1)
            return len(graph)


def _updated(graph: Graph, text: str, selection: Selection, allow_service: bool) -> tuple[bytes, list[str]]:
    """Run the update on ``graph``'s store (in the child: its own copy); returns the new dataset as
    N-Quads and the names of its named graphs."""
    store = inner_store(graph)
    assert store is not None
    update_dataset(store, text, selection, allow_service=allow_service)
    names = [name.value for name in store.named_graphs() if isinstance(name, ox.NamedNode)]
    return store.dump(format=ox.RdfFormat.N_QUADS), names
