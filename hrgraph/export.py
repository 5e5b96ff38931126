"""Canonical serialisation at its old address, for ingest.py, site.py and wikidata.py (older than
:mod:`hrgraph.rdf`) and for code written against it; new code imports :mod:`hrgraph.rdf.export`.
"""

from __future__ import annotations

from hrgraph.rdf.export import serialize

__all__ = ["serialize"]
