"""The stores at their old address, for wikidata.py, which predates :mod:`hrgraph.rdf.store`.

New code imports :mod:`hrgraph.rdf.store`; remove this module when wikidata.py does.
"""

from __future__ import annotations

from hrgraph.rdf.store import is_oxigraph

__all__ = ["is_oxigraph"]
