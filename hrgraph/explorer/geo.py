"""Where an entity is: WGS84 coordinates (geo:lat, geo:long), as the map and the entity pages read them."""

from __future__ import annotations

from rdflib import Graph
from rdflib.term import Node

from hrgraph.namespaces import GEO

__all__ = ["coordinates"]


def coordinates(graph: Graph, node: Node) -> tuple[float, float] | None:
    """(latitude, longitude) from geo:lat and geo:long when both are there and in range, else None;
    of several values, the smallest (so the answer does not depend on the store's order).

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(); n = URIRef("https://w3id.org/hrgraph/city/graz")
    >>> _ = g.add((n, GEO.lat, Literal("47.07"))).add((n, GEO.long, Literal("15.44")))
    >>> coordinates(g, n), coordinates(g, URIRef("https://w3id.org/hrgraph/city/nowhere"))
    ((47.07, 15.44), None)
    """
    try:
        lat = min(float(v) for v in graph.objects(node, GEO.lat))
        long = min(float(v) for v in graph.objects(node, GEO.long))
    except ValueError:  # none given, or one that is not a number
        return None
    return (lat, long) if -90 <= lat <= 90 and -180 <= long <= 180 else None
