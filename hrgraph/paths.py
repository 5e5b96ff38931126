"""Where the bundled ontology, data and queries live, installed or in a source checkout; and which
graph/ the curation commands write into.

A wheel carries them as package data under ``hrgraph/_data`` (see pyproject.toml); a source
checkout has them at the repository root, beside the package. Curation (``ingest``, ``link``,
``enrich``) writes into the user's working copy of graph/ (:func:`working_graph_dir`), never into an
installed package, where a reinstall would lose the work.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from hrgraph.errors import InputError

__all__ = ["DATA_ROOT", "GRAPH_DIR", "ONTOLOGY_FILE", "QUERIES_DIR", "SHAPES_FILE", "cache_dir", "data_files",
           "working_graph_dir"]


def _data_root() -> Path:
    packaged = Path(str(files("hrgraph"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


DATA_ROOT = _data_root()
ONTOLOGY_FILE = DATA_ROOT / "ontology" / "hrgraph.ttl"
SHAPES_FILE = DATA_ROOT / "ontology" / "shapes.ttl"
#: The data hrgraph loads when no file is given: the bundled graph, or the directory that the
#: environment variable HRGRAPH_GRAPH_DIR names (a working copy of graph/, or a frozen test graph).
GRAPH_DIR = Path(os.environ["HRGRAPH_GRAPH_DIR"]) if os.environ.get("HRGRAPH_GRAPH_DIR") else DATA_ROOT / "graph"
QUERIES_DIR = DATA_ROOT / "queries"


def cache_dir(name: str) -> Path:
    """What hrgraph keeps between runs: ``$XDG_CACHE_HOME/hrgraph/NAME``, else ``~/.cache/hrgraph/NAME``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hrgraph" / name


def data_files() -> list[Path]:
    """The default data files (the bundled graph unless HRGRAPH_GRAPH_DIR names another), in a stable order."""
    return sorted(GRAPH_DIR.glob("*.ttl"))


def working_graph_dir(
    given: str | os.PathLike[str] | None = None, *, data_root: Path = DATA_ROOT, cwd: Path | None = None
) -> Path:
    """The working copy of graph/ that curation writes into, the first of: ``given`` (``--graph-dir``),
    the directory HRGRAPH_GRAPH_DIR names, graph/ of the current directory when it is a checkout
    (graph/*.ttl beside ontology/), the graph/ of the checkout hrgraph runs from.

    An installed package's graph (``data_root`` is the ``_data`` directory of a wheel) is never
    written: a reinstall would lose it. Without any of the others, raises InputError saying what to do.
    """
    if given is not None:
        return Path(given)
    if os.environ.get("HRGRAPH_GRAPH_DIR"):
        return Path(os.environ["HRGRAPH_GRAPH_DIR"])
    here = Path.cwd() if cwd is None else cwd
    if (here / "ontology").is_dir() and any((here / "graph").glob("*.ttl")):
        return here / "graph"
    if data_root.name != "_data":  # a source checkout: its own graph/
        return data_root / "graph"
    raise InputError(
        f"{here}: no working copy of graph/ here, and hrgraph never writes into its installed package "
        f"({data_root / 'graph'}): run in your clone of hrgraph (graph/*.ttl beside ontology/), "
        "or name your graph/ with --graph-dir (ingest), --data (link, enrich) or HRGRAPH_GRAPH_DIR"
    )
