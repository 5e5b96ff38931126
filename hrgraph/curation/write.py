"""Writing the change: under a lock on the graph directory, every touched file in canonical Turtle,
all or none (:func:`hrgraph.atomic.write_all_atomic`, whose file-mode rule applies)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from rdflib import Graph

from hrgraph.atomic import write_all_atomic
from hrgraph.errors import IngestLockedError
from hrgraph.rdf.export import serialize

__all__ = ["graph_lock", "write_files"]


@contextlib.contextmanager
def graph_lock(directory: Path, wait: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock (fcntl.flock) on ``directory`` while the block runs.

    A second ingest waits up to ``wait`` seconds for the first, then gives up with IngestLockedError,
    so that two ingests never both read the old files and one overwrites the other's work.
    """
    handle = os.open(directory, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IngestLockedError(
                        f"{directory}: locked by another ingest (waited {wait:g} s); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def write_files(graphs: Mapping[Path, Graph]) -> None:
    """Write each graph to its file in canonical Turtle, every file or none."""
    write_all_atomic({path: serialize(graph, "turtle") for path, graph in graphs.items()})
