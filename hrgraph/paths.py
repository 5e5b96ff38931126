"""Where the bundled ontology, data and queries live, installed or in a source checkout.

A wheel carries them as package data under ``hrgraph/_data`` (see pyproject.toml); a source
checkout has them at the repository root, beside the package.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

__all__ = ["DATA_ROOT", "GRAPH_DIR", "ONTOLOGY_FILE", "QUERIES_DIR", "SHAPES_FILE", "data_files"]


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


def data_files() -> list[Path]:
    """The default data files (the bundled graph unless HRGRAPH_GRAPH_DIR names another), in a stable order."""
    return sorted(GRAPH_DIR.glob("*.ttl"))
