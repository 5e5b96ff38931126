"""hrgraph: a linked-data knowledge graph of the Human Rights Cities movement."""

from hrgraph._version import __version__
from hrgraph.load import load
from hrgraph.sparql import run_query

__all__ = ["__version__", "load", "run_query"]
