"""Load the bundled graph, or the given files, into one graph on the chosen store, all-or-nothing.

Each file is parsed into a scratch graph and merged only when every file has parsed, so a broken
file adds nothing. Reading one file safely is :mod:`hrgraph.rdf.files`; the stores are
:mod:`hrgraph.rdf.store`. This module sits above both and nothing in ``hrgraph.rdf`` imports it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from rdflib import Graph

from hrgraph.errors import InputError
from hrgraph.paths import ONTOLOGY_FILE, data_files
from hrgraph.rdf.files import expand, new_graph, parse_file
from hrgraph.rdf.store import StoreSpec, load_into_oxigraph, open_store

__all__ = ["load"]


def load(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    ontology: bool = True,
    strict: bool = False,
    store: str | StoreSpec | None = None,
) -> Graph:
    """Load the bundled graph, or the given files and directories, into one graph.

    ``paths=None`` means the bundled data in ``graph/``. ``ontology=True`` adds the ontology, so
    that subclass-aware queries and validation see the class hierarchy. With ``strict=True`` an
    ill-typed literal is an error instead of a warning. ``store`` is ``"memory"``, ``"oxigraph"``
    or ``"oxigraph:PATH"`` (a store built by ``hrgraph load``, which already holds its data), by
    default ``hrgraph.rdf.store.DEFAULT_STORE``.

    >>> graph = load()
    >>> len(graph) > 1000
    True
    """
    spec = StoreSpec.parse(store)
    if spec.path is not None:
        if paths is not None:
            raise InputError(f"--store {spec}: the store already holds its data; give no --data (or rebuild it)")
        return open_store(spec.path, ontology=ontology)
    files = data_files() if paths is None else expand(paths)
    if ontology and ONTOLOGY_FILE not in files:
        files = [ONTOLOGY_FILE, *files]
    if spec.kind == "oxigraph":
        return load_into_oxigraph(files, strict=strict)
    scratch = [parse_file(path, strict=strict) for path in files]
    graph = new_graph()
    for part in scratch:
        graph += part
    return graph
