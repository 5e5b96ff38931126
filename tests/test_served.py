"""A snapshot's cache: what many requests ask at once is computed once, and a failure is each asker's."""

from __future__ import annotations

import threading
import time

import pytest
from rdflib import Graph

from hrgraph.web.served import Snapshot


def test_what_two_threads_ask_at_once_is_made_once() -> None:
    snapshot, calls = Snapshot(Graph(), 1), []
    started = threading.Event()

    def make() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.2)  # long enough for the second thread to ask meanwhile
        return "index"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(snapshot.cached("k", make)))
    first.start()
    started.wait()
    answers.append(snapshot.cached("k", make))
    first.join()
    assert answers == ["index", "index"] and len(calls) == 1


def test_a_failure_is_not_cached() -> None:
    snapshot = Snapshot(Graph(), 1)

    def broken() -> str:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        snapshot.cached("k", broken)
    assert snapshot.cached("k", lambda: "made") == "made"
