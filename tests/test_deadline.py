"""The one deadline runner: work in a forked child, its value or its error back, killed at the deadline."""

from __future__ import annotations

import os
import threading

import pytest
from rdflib import Graph, Literal, URIRef

from hrgraph.errors import QueryError, TimedOut, WorkerDied
from hrgraph.sparql.deadline import run_in_child


def test_the_value_comes_back_and_the_parent_is_untouched() -> None:
    graph = Graph()
    graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))

    def work() -> int:
        graph.add((URIRef("urn:b"), URIRef("urn:p"), Literal(2)))  # the child's copy only
        return len(graph)

    assert run_in_child(work, timeout=30, what="count") == 2
    assert len(graph) == 1


def test_a_query_error_comes_back_as_it_is_and_any_other_as_what_failed() -> None:
    def refused() -> None:
        raise QueryError("<update>: LOAD is refused")

    with pytest.raises(QueryError, match=r"^<update>: LOAD is refused$"):
        run_in_child(refused, timeout=30, what="update")
    with pytest.raises(QueryError, match=r"^update failed: integer division or modulo by zero; nothing was changed$"):
        run_in_child(lambda: 1 // 0, timeout=30, what="update", tail="; nothing was changed")


def test_work_that_never_ends_is_killed_at_the_deadline() -> None:
    with pytest.raises(TimedOut, match=r"^query timed out after 0.5s$"):
        run_in_child(lambda: threading.Event().wait(), timeout=0.5, what="query")


def test_a_child_that_dies_is_a_worker_fault_not_a_timeout() -> None:
    with pytest.raises(WorkerDied, match=r"^query failed: the worker process ended without an answer$"):
        run_in_child(lambda: os._exit(9), timeout=30, what="query")
