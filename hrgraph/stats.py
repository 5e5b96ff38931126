"""Counts that show what a graph holds: triples, entities by class, statements by property."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from hrgraph.entities import label_of

__all__ = ["GraphStats", "Count", "stats"]


@dataclass(frozen=True)
class Count:
    """How many nodes have a class, or how many triples use a property."""

    iri: URIRef
    curie: str
    label: str
    count: int


@dataclass(frozen=True)
class GraphStats:
    triples: int
    subjects: int
    classes: list[Count]
    properties: list[Count]

    def text(self) -> str:
        def table(title: str, rows: list[Count]) -> list[str]:
            width = max((len(r.curie) for r in rows), default=0)
            return [f"{title}:"] + [
                f"  {r.count:>6}  {r.curie:<{width}}  {r.label if r.label != r.curie else ''}".rstrip()
                for r in rows
            ]

        head = [f"triples: {self.triples}", f"subjects: {self.subjects}", ""]
        return "\n".join(head + table("By class", self.classes) + [""] + table("By property", self.properties))


def stats(data: Graph, vocabulary: Graph | None = None) -> GraphStats:
    """Count ``data``'s nodes per class and triples per property; ``vocabulary`` supplies labels.

    >>> from hrgraph import load
    >>> s = stats(load(ontology=False), load())
    >>> next(c.count for c in s.classes if c.curie == "hrg:City") > 10
    True
    """
    vocabulary = vocabulary if vocabulary is not None else data
    by_class = Counter(o for o in data.objects(None, RDF.type) if isinstance(o, URIRef))
    by_property = Counter(data.predicates())

    def rows(counter: Counter[URIRef]) -> list[Count]:
        return sorted(
            (
                Count(iri, iri.n3(vocabulary.namespace_manager), label_of(vocabulary, iri), n)
                for iri, n in counter.items()
            ),
            key=lambda c: (-c.count, c.curie),
        )

    return GraphStats(
        triples=len(data),
        subjects=len(set(data.subjects())),
        classes=rows(by_class),
        properties=rows(by_property),
    )
