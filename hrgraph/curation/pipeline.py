"""``ingest``: rows read, the change built and validated against the shapes, then written; or nothing."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph

from hrgraph.curation.build import build
from hrgraph.curation.draft import Draft
from hrgraph.curation.result import IngestResult, new_files, summarise
from hrgraph.curation.rows import Row, read_rows
from hrgraph.curation.write import graph_lock, write_files
from hrgraph.errors import IngestValidationError, InputError
from hrgraph.paths import ONTOLOGY_FILE, working_graph_dir
from hrgraph.rdf.files import parse_file
from hrgraph.validate import validate

__all__ = ["Steps", "ingest", "ingest_rows"]

#: Walks the items of one step (its label, its items): the command line draws a bar for each.
Steps = Callable[[str, Sequence[Any]], Iterable[Any]]


def _quietly(label: str, items: Sequence[Any]) -> Iterable[Any]:
    return items


def ingest(
    path: str | os.PathLike[str],
    *,
    graph_dir: str | os.PathLike[str] | None = None,
    into: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    wait: float = 30.0,
    steps: Steps = _quietly,
) -> IngestResult:
    """Ingest a CSV or YAML file of facts into the curated Turtle files of ``graph_dir``.

    ``graph_dir`` defaults to the working copy of graph/ (:func:`hrgraph.paths.working_graph_dir`;
    never an installed package's); ``into`` sends every new statement to one file instead of the file
    of each node's kind. Bad input raises IngestInputError listing every bad row; a result that does
    not validate raises IngestValidationError; in both cases nothing is written. Another ingest
    holding the directory's lock makes this one wait up to ``wait`` seconds, then raise
    IngestLockedError. ``steps`` walks the files read, the rows built and the graph validated.
    """
    rows = read_rows(path, encoding=encoding)
    return ingest_rows(rows, graph_dir=graph_dir, into=into, dry_run=dry_run, wait=wait, name=str(path),
                       steps=steps)


def ingest_rows(
    rows: Sequence[Row],
    *,
    graph_dir: str | os.PathLike[str] | None = None,
    into: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    wait: float = 30.0,
    name: str = "",
    steps: Steps = _quietly,
) -> IngestResult:
    """Ingest rows already read (see ``ingest``)."""
    directory = working_graph_dir(graph_dir)
    if not directory.is_dir():
        raise InputError(f"{directory}: graph directory not found")
    target = Path(into) if into is not None else None
    if target is not None and target.suffix.lower() != ".ttl":
        raise InputError(f"{target}: --into needs a Turtle file (.ttl)")
    if target is not None and not target.parent.is_dir():
        raise InputError(f"{target}: directory {target.parent} does not exist")
    name = name or (rows[0].path if rows else "")
    lock = contextlib.nullcontext() if dry_run else graph_lock(directory, wait)
    with lock:
        draft = Draft(_load_files(directory, target, steps), target, directory)
        build(draft, rows, walk=lambda items: steps("building rows", items))
        result = summarise(draft, name, len(rows))
        result.dry_run = dry_run
        files = new_files(draft)
        union = parse_file(ONTOLOGY_FILE)
        for graph in files.values():
            union += graph
        for graph in steps("validating", [union]):  # one long step: the bar says what is going on
            report = validate(graph)
        result.validation = report
        if not report.conforms:
            raise IngestValidationError(report)
        if dry_run or not result.files:
            return result
        write_files({path: files[path] for path in result.files})
        result.written = True
    return result


def _load_files(directory: Path, target: Path | None, steps: Steps) -> dict[Path, Graph]:
    paths = sorted(directory.glob("*.ttl"))
    if target is not None and target.exists() and target.resolve() not in {p.resolve() for p in paths}:
        paths.append(target)
    return {path: parse_file(path) for path in steps(f"reading {directory.name}/", paths)}
