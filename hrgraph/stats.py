"""Counts that show what a graph holds: triples, entities by class, statements by property."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from hrgraph.entities import label_of

__all__ = ["Count", "Coverage", "GraphStats", "stats"]


@dataclass(frozen=True)
class Count:
    """How many nodes have a class, or how many triples use a property."""

    iri: URIRef
    curie: str
    label: str
    count: int


@dataclass(frozen=True)
class Coverage:
    """Places of one continent: all, with a sourced commitment or membership, and of those placed on the map."""

    continent: str
    places: int
    committed: int
    placed: int


@dataclass(frozen=True)
class GraphStats:
    triples: int
    subjects: int
    classes: list[Count]
    properties: list[Count]
    coverage: list[Coverage]

    @property
    def committed(self) -> int:
        """Cities and local governments with a sourced commitment or membership."""
        return sum(c.committed for c in self.coverage)

    def text(self) -> str:
        def table(title: str, rows: list[Count]) -> list[str]:
            width = max((len(r.curie) for r in rows), default=0)
            return [f"{title}:"] + [
                f"  {r.count:>6}  {r.curie:<{width}}  {r.label if r.label != r.curie else ''}".rstrip()
                for r in rows
            ]

        head = [f"triples: {self.triples}", f"subjects: {self.subjects}", ""]
        placed = sum(c.placed for c in self.coverage)
        width = max((len(c.continent) for c in self.coverage), default=0)
        coverage = [
            f"Cities and local governments: {sum(c.places for c in self.coverage)}; with a sourced commitment or "
            f"membership: {self.committed}, of which {placed} on the map",
            f"  {'continent':<{width}}  places  committed  placed",
            *(f"  {c.continent or '(none)':<{width}}  {c.places:>6}  {c.committed:>9}  {c.placed:>6}" for c in self.coverage),
            "",
        ]
        return "\n".join(head + coverage + table("By class", self.classes) + [""] + table("By property", self.properties))


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

    from hrgraph.sparql import run_query

    coverage = [Coverage(str(row[0] or ""), *(int(n) for n in row[1:]))  # type: ignore[arg-type]
                for row in run_query("coverage", graph=data).rows]
    return GraphStats(
        triples=len(data),
        subjects=len(set(data.subjects())),
        classes=rows(by_class),
        properties=rows(by_property),
        coverage=coverage,
    )
