"""What an ingest did, in words and in files: the nodes added, changed and conflicting, the rows that
changed nothing, and each curated file as it will be written.

>>> ranges([1, 2, 3, 5, 7, 8])
'1-3, 5, 7-8'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from hrgraph.curation.draft import Draft
from hrgraph.entities import curie
from hrgraph.namespaces import BASE
from hrgraph.provenance import STATEMENT_NAMESPACE
from hrgraph.rdf.files import new_graph
from hrgraph.validate import ValidationReport

__all__ = ["KIND_FILES", "ChangeItem", "IngestResult", "new_files", "ranges", "summarise"]

#: Which curated file new statements about a node of each kind go to (docs/curation.md, "Curating the data").
KIND_FILES = {
    "continent": "cities.ttl",
    "country": "cities.ttl",
    "region": "cities.ttl",
    "city": "cities.ttl",
    "localgov": "cities.ttl",
    "geometry": "cities.ttl",
    "organization": "organizations.ttl",
    "quantity": "organizations.ttl",
    "membership": "memberships.ttl",
    "instrument": "instruments.ttl",
    "principle": "instruments.ttl",
    "artwork": "instruments.ttl",
    "event": "events.ttl",
    "series": "events.ttl",
    "claim": "events.ttl",
    "person": "people.ttl",
    "source": "sources.ttl",
    "statement": "statements.ttl",
}


@dataclass
class ChangeItem:
    """One node the ingest adds or changes, with what it adds, in words, and the rows it comes from."""

    node: URIRef
    curie: str
    label: str
    details: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def text(self) -> str:
        numbers = sorted(set(self.lines))
        where = f"line{'s' if len(numbers) > 1 else ''} {ranges(numbers)}"
        lines = [f"  {self.curie}  {self.label}  [{where}]"]
        lines += [f"      + {detail}" for detail in self.details]
        lines += [f"      ! {conflict}" for conflict in self.conflicts]
        return "\n".join(lines)


@dataclass
class IngestResult:
    """What an ingest did (or, in a dry run, would do): nodes added, changed, conflicting; files written."""

    path: str
    rows: int
    added: list[ChangeItem] = field(default_factory=list)
    changed: list[ChangeItem] = field(default_factory=list)
    conflicting: list[ChangeItem] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    files: dict[Path, int] = field(default_factory=dict)
    written: bool = False
    dry_run: bool = False
    validation: ValidationReport | None = None

    @property
    def triples(self) -> int:
        return sum(self.files.values())

    def text(self) -> str:
        """The change in words: added, changed and conflicting nodes, unchanged rows, files."""
        mode = "dry run, nothing written" if self.dry_run else ("written" if self.written else "nothing to write")
        head = (f"{self.path}: {self.rows} rows: {len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.conflicting)} conflicting, {len(self.unchanged)} row{'' if len(self.unchanged) == 1 else 's'} "
                f"unchanged ({mode})")
        lines = [head]
        for title, items in (("Added", self.added), ("Changed", self.changed),
                             ("Conflicting (kept side by side, each with its source)", self.conflicting)):
            if items:
                lines += ["", f"{title}:"] + [item.text() for item in items]
        if self.unchanged:
            lines += ["", f"Unchanged (already in the graph): lines {ranges(self.unchanged)}"]
        if self.files:
            lines += ["", "Files:"] + [f"  {path}: +{count} triples" for path, count in sorted(self.files.items())]
        if self.validation is not None and not self.validation.conforms:
            lines += ["", "Validation:", self.validation.text()]
        return "\n".join(lines) + "\n"


def ranges(numbers: Sequence[int]) -> str:
    """Line numbers as ranges: ``1-3, 5``."""
    numbers = sorted(set(numbers))
    parts = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)


def summarise(d: Draft, path: str, rows: int) -> IngestResult:
    """The change ``d`` holds, in words (nodes in the order the rows first touched them), and its files."""
    result = IngestResult(path=path, rows=rows, unchanged=sorted(d.unchanged))
    for node in d.order:
        if str(node).startswith(STATEMENT_NAMESPACE):  # counted in the files' triples, not listed
            continue
        log = d.log[node]
        item = ChangeItem(node, curie(d.graph, node), d.label(node), log.details, log.lines,
                          log.conflicts)
        if log.conflicts:
            result.conflicting.append(item)
        elif log.added:
            result.added.append(item)
        else:
            result.changed.append(item)
    for path_, graph in _additions(d).items():
        result.files[path_] = len(graph)
    return result


def _additions(d: Draft) -> dict[Path, Graph]:
    by_file: dict[Path, Graph] = {}
    for s, p, o in d.new:
        path = _file_of(d, s)
        by_file.setdefault(path, new_graph()).add((s, p, o))
    return by_file


def _file_of(d: Draft, node: Node) -> Path:
    if d.target is not None:
        return d.target
    if node in d.home:
        return d.home[node]
    kind = str(node).removeprefix(BASE).split("/", 1)[0]
    return d.directory / KIND_FILES.get(kind, "events.ttl")


def new_files(d: Draft) -> dict[Path, Graph]:
    """Every data file as it will be: the old ones with their additions, and any new file."""
    result = {path: graph for path, graph in d.files.items()}
    for path, graph in _additions(d).items():
        merged = new_graph()
        if path in result:
            merged += result[path]
        merged += graph
        result[path] = merged
    return result
