"""hrgraph: a linked-data knowledge graph of the Human Rights Cities movement."""

__version__ = "0.1.0"

from hrgraph.load import load
from hrgraph.query import run_query

__all__ = ["__version__", "load", "run_query"]
