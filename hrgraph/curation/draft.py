"""The change an ingest is making: the curated files, the statements rows add, and how to take a row back.

A :class:`Draft` holds the graph as it grows, row by row. Each statement a row adds is logged (for
the change report) and can be taken back, so that a bad row leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO
from rdflib.term import Node

from hrgraph.curation.matching import NameIndex
from hrgraph.curation.rows import Row
from hrgraph.entities import label_of
from hrgraph.mapping import name_language
from hrgraph.namespaces import HRG
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.provenance import BOOKKEEPING
from hrgraph.rdf.files import new_graph, parse_file

__all__ = ["Draft", "NodeLog", "RowProblem", "url_key"]


class RowProblem(Exception):
    """A row cannot be ingested: why, and what to do; the column where. Never leaves the package: the
    problems of every row are gathered into one IngestInputError."""

    def __init__(self, column: str | None, message: str) -> None:
        self.column = column
        self.message = message


@dataclass
class NodeLog:
    """What the rows say about one node, in words, and the lines they are on."""

    added: bool
    details: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def url_key(url: str) -> str:
    """A source URL as sources are matched: without surrounding space or a trailing slash."""
    return url.strip().rstrip("/")


class Draft:
    """The curated files as the rows grow them: every statement added, logged and undoable."""

    def __init__(self, files: dict[Path, Graph], target: Path | None, directory: Path) -> None:
        self.files = files
        self.target = target
        self.directory = directory
        self.graph = new_graph()
        self.ontology = parse_file(ONTOLOGY_FILE)
        #: the file each node already has its type in: where more about it goes
        self.home: dict[Node, Path] = {}
        for path, graph in files.items():
            self.graph += graph
            for subject in graph.subjects(RDF.type, None):
                self.home.setdefault(subject, path)
        self.view = self.graph + self.ontology
        self.new = new_graph()
        self.names = NameIndex(self.graph)
        self.taken: set[Node] = set(self.view.subjects()) | set(self.view.objects())
        self.sources_by_url: dict[str, URIRef] = {}
        for source, url in self.graph.subject_objects(SDO.url):
            if (source, RDF.type, HRG.Source) in self.graph:
                self.sources_by_url.setdefault(url_key(str(url)), source)
        self.log: dict[Node, NodeLog] = {}
        self.order: list[Node] = []
        self.problems: list[str] = []
        self.unchanged: list[int] = []
        self.row: Row | None = None
        self.source: URIRef | None = None
        self.created: dict[URIRef, Row] = {}
        #: how to take back each change, last first (see ``rollback``)
        self.undo: list[Callable[[], None]] = []
        #: the statements the current row made or met again, for its attestations
        self.stated: list[tuple[Node, Node, Node]] = []

    def add(self, s: Node, p: Node, o: Node, detail: bool = True) -> bool:
        """Add a statement for the current row (noted for its attestations); False when it was there."""
        if self.source is not None and p not in BOOKKEEPING:
            self.stated.append((s, p, o))
        if (s, p, o) in self.graph:
            return False
        self.graph.add((s, p, o))
        self.view.add((s, p, o))
        self.new.add((s, p, o))
        self.taken.update((s, o))
        self.undo.append(lambda: self._remove((s, p, o)))
        log = self.log.get(s)
        if log is None:
            log = self.log[s] = NodeLog(added=not self.exists_before(s))
            self.order.append(s)
            self.undo.append(lambda: self._unlog(s))
        assert self.row is not None
        log.lines.append(self.row.line)
        if detail and p not in (RDF.type, RDFS.label):
            log.details.append(f"{self.label(p)}: {self.value(o)}")
        return True

    def _remove(self, triple: tuple[Node, Node, Node]) -> None:
        self.graph.remove(triple)
        self.view.remove(triple)
        self.new.remove(triple)

    def _unlog(self, node: Node) -> None:
        self.log.pop(node, None)
        self.order.remove(node)

    def name_literal(self, text: str, column: str) -> Literal:
        """``text``, a name or title in ``column`` of the current row, tagged with its language
        (``hrgraph.mapping.name_language``); a RowProblem when the row leaves it unknown."""
        assert self.row is not None
        language = self.row.get("language")
        try:
            return Literal(text, lang=name_language(text, language))
        except ValueError as error:
            raise RowProblem("language" if language else column, str(error)) from None

    def register(self, iri: URIRef, name: str, *, slug: bool = False) -> None:
        """Let later rows find ``iri`` by ``name``."""
        forget = self.names.add(iri, name, slug=slug)
        if forget is not None:
            self.undo.append(forget)

    def rollback(self, checkpoint: int) -> None:
        """Take back every change made since ``len(self.undo)`` was ``checkpoint``."""
        while len(self.undo) > checkpoint:
            self.undo.pop()()

    def exists_before(self, node: Node) -> bool:
        return any((node, None, None) in graph for graph in self.files.values())

    def defined(self, iri: URIRef) -> bool:
        return (iri, RDF.type, None) in self.graph

    def unique(self, namespace: str, slug: str) -> URIRef:
        """``namespace + slug``, or with ``-2``, ``-3``... when that IRI is taken."""
        iri = URIRef(namespace + slug)
        number = 2
        while iri in self.taken:
            iri = URIRef(f"{namespace}{slug}-{number}")
            number += 1
        return iri

    def label(self, node: Node) -> str:
        return label_of(self.view, node)

    def value(self, node: Node) -> str:
        """A value in the change report: a literal's text, a node's label with its CURIE."""
        if isinstance(node, Literal):
            return str(node)
        curie = node.n3(self.graph.namespace_manager)
        label = self.label(node)
        return label if label == curie else f"{label} ({curie})"

    def cite(self, node: URIRef, source: URIRef) -> None:
        self.add(node, PROV.wasDerivedFrom, source)
