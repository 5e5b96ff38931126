"""Where the graph lives: rdflib's own in-memory store, or Oxigraph, in memory or on disk.

Both give the same rdflib ``Graph`` API (Oxigraph through ``PlainLiteralOxigraphStore``), so every command
works on either; what differs is speed. Oxigraph parses, indexes and answers SPARQL in Rust, and a
persistent store is built once (``hrgraph load FILES --store oxigraph:PATH``) and then opened in
milliseconds by every later command. The measurements behind the default are in docs/scale.md
("Stores and scale") and ``benchmarks/scale_benchmark.py``.

Oxigraph keeps values, not spellings: ``"01"^^xsd:integer`` reads back as ``"1"`` and
``"1"^^xsd:boolean`` as ``"true"`` (an ill-typed literal stays as written). Commands that rewrite
curated files (``fmt``, ``ingest``, ``link``, ``enrich``) therefore always parse into the memory
store, which keeps lexical forms as written, and ``export`` does unless a store is chosen.
"""

from __future__ import annotations

import functools
import glob
import io
import os
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import BNode, Node

from hrgraph.errors import InputError, OutputError
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.files import (
    IllTypedLiteralWarning,
    bind_prefixes,
    check_file,
    expand,
    ill_typed_message,
    is_ill_typed,
    lossless_parsing,
)
from hrgraph.rdf.formats import RdfFormat
from hrgraph.rdf.names import INDEX_FILE, NameIndex, fingerprint, save_index, stored_index

__all__ = [
    "DEFAULT_STORE",
    "STORE_KINDS",
    "BuildSummary",
    "StoreSpec",
    "build",
    "copy_graph",
    "inner_store",
    "is_oxigraph",
    "is_store_directory",
    "load_into_oxigraph",
    "name_index_of",
    "open_store",
    "oxigraph_graph",
    "scan",
]

STORE_KINDS = ("memory", "oxigraph")
#: Chosen by measurement (docs/scale.md): Oxigraph answers every named query faster, even on
#: the bundled graph, and loads faster; the memory store stays for lossless rewriting of files.
DEFAULT_STORE = "oxigraph"

_XSD_STRING = str(XSD.string)
_NO_CONTEXTS: Iterator[Graph] = iter(())
_PARSER_POSITION = re.compile(r"^Parser error (at|between) line .*?: ")
#: Typed XSD literals that Oxigraph could not read as a value: the candidates for "ill-typed", found by
#: one scan once all files are loaded.
#: Oxigraph stores valid numbers, dates, times and booleans as values, so the test is cheap; the
#: final word is ``files.is_ill_typed``, the same rule as the memory store's.
_SUSPECT_LITERALS = """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o
  FILTER(isLiteral(?o) && STRSTARTS(STR(DATATYPE(?o)), "http://www.w3.org/2001/XMLSchema#")
         && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>
         && !COALESCE(isNumeric(?o) || YEAR(?o) > -1000000000 || HOURS(?o) >= 0 || ?o = true || ?o = false, false))
}"""


@dataclass(frozen=True)
class StoreSpec:
    """A ``--store`` value: ``memory``, ``oxigraph`` (in memory) or ``oxigraph:PATH`` (on disk).

    >>> StoreSpec.parse("oxigraph:/tmp/kg")
    StoreSpec(kind='oxigraph', path=PosixPath('/tmp/kg'))
    """

    kind: str
    path: Path | None = None

    @classmethod
    def parse(cls, value: str | StoreSpec | None) -> StoreSpec:
        if isinstance(value, StoreSpec):
            return value
        kind, colon, path = (DEFAULT_STORE if value is None else value).partition(":")
        if kind not in STORE_KINDS or (colon and (kind == "memory" or not path)):
            raise InputError(f"--store {value!r}: expected memory, oxigraph or oxigraph:PATH")
        return cls(kind, Path(path) if path else None)

    def __str__(self) -> str:
        return f"{self.kind}:{self.path}" if self.path else self.kind


class PlainLiteralOxigraphStore(Store):
    """An rdflib store over a pyoxigraph ``Store``, answering ``"x"`` where Oxigraph says ``"x"^^xsd:string``.

    RDF 1.1 makes the two one literal, but rdflib compares them as different, so without this the
    same data would give other answers, and other exports, on each store. (oxrdflib's store, which
    this replaces, imports rdflib's SPARQL engine, a fifth of every command's start.)

    It also keeps the graph's name index (:mod:`hrgraph.rdf.names`) until the graph changes through it.
    """

    context_aware = True
    formula_aware = False
    transaction_aware = False
    graph_aware = True
    _changes = 0
    _names: NameIndex | None = None
    _names_at = -1

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self._inner = store
        self._prefixes: dict[str, URIRef] = {}

    def names(self) -> NameIndex:
        """The name index of the store as it is now: made once, again only after a change."""
        if self._names is None or self._names_at != self._changes:
            self.keep_names(NameIndex.build(self._inner))
        assert self._names is not None
        return self._names

    def keep_names(self, index: NameIndex) -> None:
        """Use ``index`` (made from the store as it is now) until the store changes."""
        self._names, self._names_at = index, self._changes

    def add(self, triple: Any, context: Graph, quoted: bool = False) -> None:
        if quoted:
            raise ValueError("Oxigraph stores are not formula aware")
        self._inner.add(_quad(triple, context))
        self._changes += 1
        super().add(triple, context, quoted)

    def addN(self, quads: Iterable[Any]) -> None:  # noqa: N802
        self._inner.extend([_quad((s, p, o), g) for s, p, o, g in quads])
        self._changes += 1

    def remove(self, triple: Any, context: Graph | None = None) -> None:
        graph_name = None if context is None else _to_ox(context.identifier)
        try:
            pattern = [None if term is None else _to_ox(term) for term in triple]
            found = list(self._inner.quads_for_pattern(*pattern, graph_name))
        except (TypeError, ValueError):  # a literal subject, a variable: nothing to remove
            return
        for quad in found:
            self._inner.remove(quad)
        self._changes += 1
        super().remove(triple, context)

    def __len__(self, context: Graph | None = None) -> int:
        graph = {"use_default_graph_as_union": True} if context is None else {"default_graph": _to_ox(context.identifier)}
        answer = self._inner.query("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }", **graph)  # type: ignore[arg-type]
        return int(next(iter(answer))[0].value)  # type: ignore[index,union-attr]

    def contexts(self, triple: Any = None) -> Iterator[Graph]:
        names = (self._inner.named_graphs() if triple is None else
                 (quad.graph_name for quad in self._inner.quads_for_pattern(*(_to_ox(t) for t in triple))))
        for name in names:
            yield Graph(store=self, identifier=_from_ox(name) if not isinstance(name, ox.DefaultGraph)
                        else DATASET_DEFAULT_GRAPH_ID)

    def update(self, update: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: object) -> None:  # noqa: N803
        if not isinstance(update, str) or initBindings or kwargs or queryGraph != DATASET_DEFAULT_GRAPH_ID:
            raise NotImplementedError("hrgraph gives Oxigraph update text only, on the default graph")
        try:
            self._inner.update(update, prefixes=dict(self._prefixes, **initNs))
        finally:
            self._changes += 1

    def add_graph(self, graph: Graph) -> None:
        self._inner.add_graph(_to_ox(graph.identifier))
        self._changes += 1

    def remove_graph(self, graph: Graph) -> None:
        self._inner.remove_graph(_to_ox(graph.identifier))
        self._changes += 1

    def commit(self) -> None:
        """Every change is written at once."""

    def rollback(self) -> None:
        """Every change is written at once: there is nothing to take back."""

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        namespace = URIRef(namespace)
        if not override and (prefix in self._prefixes or namespace in self._prefixes.values()):
            return
        self._prefixes = {p: n for p, n in self._prefixes.items() if p != prefix and n != namespace}
        self._prefixes[prefix] = namespace

    def prefix(self, namespace: Any) -> str | None:
        return next((p for p, n in self._prefixes.items() if n == namespace), None)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._prefixes.items()

    def triples(self, triple_pattern: Any, context: Graph | None = None) -> Iterator[Any]:
        """Triples converted once, without oxrdflib's per-triple context graphs (rdflib drops them)."""
        graph_name = None if context is None else _to_ox(context.identifier)
        try:
            pattern = [None if term is None else _to_ox(term) for term in triple_pattern]
            quads = self._inner.quads_for_pattern(*pattern, graph_name)
        except (TypeError, ValueError):  # a literal subject (rdflib asks, walking lists), a variable: no match
            return
        for quad in quads:
            yield (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)), _NO_CONTEXTS

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Result:  # noqa: N803
        """Oxigraph's answer; ``kwargs`` may give Oxigraph's ``base_iri``, ``default_graph`` and ``named_graphs``."""
        if not isinstance(query, str) or set(kwargs) - {"base_iri", "default_graph", "named_graphs"}:
            raise NotImplementedError("hrgraph gives Oxigraph query text only")
        if "default_graph" not in kwargs:
            kwargs["default_graph"] = ox.DefaultGraph() if queryGraph == DATASET_DEFAULT_GRAPH_ID else None
        # initNs (the graph's prefixes) is ignored: a query declares its prefixes, as on any endpoint
        answer = self._inner.query(
            query, substitutions={ox.Variable(k): _to_ox(v) for k, v in initBindings.items()}, **kwargs
        )
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QuerySolutions):
            result = Result("SELECT")
            result.vars = [Variable(v.value) for v in answer.variables]
            result.bindings = (
                {v: _from_ox(term) for v, term in zip(result.vars, row, strict=True) if term is not None}
                for row in answer
            )
        else:
            result = Result("CONSTRUCT")
            result.graph = Graph()
            result.graph += ((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer)
        return result


@functools.lru_cache(maxsize=1 << 16)
def _from_ox(term: Any) -> Node:
    """An rdflib term for an Oxigraph term, with a plain literal for xsd:string. Kept: an answer
    repeats its values (roles, kinds, sources, the entity asked about), and an rdflib literal costs
    some microseconds to make, a tenth of a small query's time at 100k (rdflib's terms are immutable)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        # Oxigraph keeps an ill-typed literal as written ("yes"^^xsd:boolean); rdflib must not "fix" it
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise ValueError(f"unexpected Oxigraph term {term!r}")


def _quad(triple: Any, context: Graph | None) -> ox.Quad:
    subject, predicate, obj = (_to_ox(term) for term in triple)
    return ox.Quad(subject, predicate, obj, ox.DefaultGraph() if context is None else _to_ox(context.identifier))


def _to_ox(term: Node) -> Any:
    if term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        return ox.Literal(term, language=term.language, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    raise ValueError(f"cannot bind {term!r}")


@dataclass(frozen=True)
class BuildSummary:
    """What ``build`` put on disk, and how fast."""

    path: Path
    files: int
    triples: int
    seconds: float

    def text(self) -> str:
        rate = self.triples / self.seconds if self.seconds else 0.0
        return (
            f"loaded {self.triples:,} triples from {self.files} file(s) into {self.path} "
            f"in {self.seconds:.1f} s ({rate:,.0f} triples/s)"
        )


def oxigraph_graph(inner: ox.Store | None = None) -> Graph:
    """An rdflib Graph over an Oxigraph store's default graph, bound to hrgraph's prefixes."""
    graph = Graph(
        store=PlainLiteralOxigraphStore(store=inner if inner is not None else ox.Store()),
        identifier=DATASET_DEFAULT_GRAPH_ID,
        bind_namespaces="none",
    )
    return bind_prefixes(graph)


def copy_graph(graph: Graph) -> Graph:
    """An independent copy on the same kind of store (Oxigraph copies in Rust, without rdflib terms)."""
    if not is_oxigraph(graph):
        copy = bind_prefixes(Graph(bind_namespaces="none"))
        copy += graph
        return copy
    inner = ox.Store()
    source = inner_store(graph)
    assert source is not None
    inner.bulk_load(source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format=ox.RdfFormat.N_TRIPLES)
    return oxigraph_graph(inner)


def inner_store(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store under ``graph``, to read it in Rust; None on rdflib's memory store."""
    return graph.store._inner if is_oxigraph(graph) else None  # type: ignore[attr-defined]


def scan(graph: Graph, literals: Iterable[URIRef] = ()) -> Iterator[tuple[Node, Node, Node]]:
    """Every triple of ``graph`` whose object is not a literal, or whose predicate is in ``literals``,
    in one pass: one scan in Rust on Oxigraph, where the literals not wanted are never converted.

    The objects of one subject and predicate come in the order ``graph.objects`` gives them.
    """
    wanted = set(literals)
    inner = inner_store(graph)
    if inner is None:
        yield from ((s, p, o) for s, p, o in graph if not isinstance(o, Literal) or p in wanted)
        return
    names = {str(p) for p in wanted}
    iris: dict[str, URIRef] = {}  # each IRI made once: a subject comes back with each of its triples

    def iri(node: ox.NamedNode) -> URIRef:
        found = iris.get(node.value)
        if found is None:
            found = iris[node.value] = URIRef(node.value)
        return found

    for quad in inner.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        subject, predicate, obj = quad.subject, quad.predicate, quad.object
        if isinstance(obj, ox.Literal) and predicate.value not in names:
            continue
        yield (iri(subject) if isinstance(subject, ox.NamedNode) else _from_ox(subject), iri(predicate),
               iri(obj) if isinstance(obj, ox.NamedNode) else _from_ox(obj))


def name_index_of(graph: Graph) -> NameIndex:
    """The name index of ``graph``: kept by an Oxigraph store (saved with a persistent one), made
    afresh for another store, which cannot tell when it changes."""
    if isinstance(graph.store, PlainLiteralOxigraphStore):
        return graph.store.names()
    return NameIndex.build(graph)


def is_oxigraph(graph: Graph) -> bool:
    """True when SPARQL on ``graph`` runs in Oxigraph (so it must be given query text, not algebra)."""
    return isinstance(graph.store, PlainLiteralOxigraphStore)


def load_into_oxigraph(files: Sequence[Path], *, strict: bool = False) -> Graph:
    """Parse ``files`` into a new in-memory Oxigraph store; nothing is returned unless all parse."""
    inner = ox.Store()
    _load_files(inner, files, strict=strict)
    return oxigraph_graph(inner)


def is_store_directory(path: Path) -> bool:
    """True for a directory that holds an Oxigraph (RocksDB) store."""
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def open_store(path: Path, *, ontology: bool = True) -> Graph:
    """Open a store built by ``build``, read-only, so many processes can query it at once.

    The store holds the ontology beside the data (``build`` adds it). ``ontology=False`` (an export
    of the data alone, counts of the data alone) copies the store into memory without it.
    """
    if not is_store_directory(path):
        raise InputError(
            f"{path}: no Oxigraph store here; build one with: hrgraph load FILES --store oxigraph:{path}"
        )
    files = fingerprint(path)  # before opening: the store as opened is at least as new
    try:
        inner = ox.Store.read_only(str(path))
    except OSError as error:
        raise InputError(f"{path}: cannot open the store: {error}") from None
    if ontology:
        graph = oxigraph_graph(inner)
        index = stored_index(path, files)
        if index is None:  # changed since it was built (by another program): made again, and kept
            index = NameIndex.build(inner)
            save_index(index, path, files)
        graph.store.keep_names(index)  # type: ignore[attr-defined]
        return graph
    copy = ox.Store()
    copy.bulk_load(inner.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        copy.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
    return oxigraph_graph(copy)


def build(
    files: Iterable[Path],
    path: Path,
    *,
    ontology: bool = True,
    strict: bool = False,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BuildSummary:
    """Build a persistent store at ``path`` from ``files`` (and the ontology), all or nothing.

    The store is written beside ``path`` under a temporary name and renamed into place only when
    every file has loaded, so a failed build leaves ``path`` as it was. An existing store is replaced
    only with ``force``. ``progress`` is called with the number of bytes read since its last call.
    """
    sources = expand(files)
    if ontology and ONTOLOGY_FILE not in sources:
        sources = [ONTOLOGY_FILE, *sources]
    if path.exists():
        if not is_store_directory(path):
            raise InputError(f"{path}: exists and is not an Oxigraph store; choose another path")
        if not force:
            raise InputError(f"{path}: a store is already there; give --force to rebuild it from these files")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: directory {path.parent} does not exist")
    for leftover in _leftovers(path):
        shutil.rmtree(leftover, ignore_errors=True)
        warnings.warn(f"removed {leftover}: left by an interrupted build", UserWarning, stacklevel=2)
    started = time.perf_counter()
    partial = Path(tempfile.mkdtemp(prefix=f".{path.name}.partial-{os.getpid()}-", dir=path.parent))
    try:
        try:
            inner = ox.Store(str(partial))
        except OSError as error:
            raise OutputError(f"{path}: cannot create a store here: {error}") from None
        _load_files(inner, sources, strict=strict, progress=progress)
        triples = len(inner)
        names = NameIndex.build(inner)
        inner.flush()
        del inner
        names.save(partial / INDEX_FILE, fingerprint(partial))
        _swap_into_place(partial, path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BuildSummary(path, len(sources), triples, time.perf_counter() - started)


def _swap_into_place(partial: Path, path: Path) -> None:
    if not path.exists():
        partial.rename(path)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{path.name}.old-{os.getpid()}-", dir=path.parent))
    path.rename(retired / "store")
    partial.rename(path)
    shutil.rmtree(retired)


def _leftovers(path: Path) -> list[Path]:
    """What a killed build of ``path`` left beside it (a partial store, a replaced one not yet removed):
    the names carry the builder's process id, and that process is gone (a name without one is older)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:partial|old)-(?:(\d+)-)?\w+")
    found = []
    for entry in path.parent.glob(f".{glob.escape(path.name)}.*-*"):
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not _running(match.group(1)):
            found.append(entry)
    return sorted(found)


def _running(pid: str | None) -> bool:
    if pid is None:
        return False
    if int(pid) == os.getpid():
        return True  # another build in this process
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _load_files(
    inner: ox.Store, files: Sequence[Path], *, strict: bool, progress: Callable[[int], None] | None = None
) -> None:
    """Bulk-load each file, naming the file and line of any error and of each ill-typed literal."""
    formats = {}
    for path in files:
        rdf_format = formats[path] = check_file(path)
        try:
            with path.open("rb") as handle:
                source = _Progress(handle, progress) if progress else handle
                if rdf_format.quads:
                    inner.extend(
                        ox.Quad(q.subject, q.predicate, q.object)
                        for q in ox.parse(source, format=rdf_format.oxigraph)
                    )
                else:
                    inner.bulk_load(source, format=rdf_format.oxigraph)
        except SyntaxError as error:
            raise InputError(f"{path}:{error.lineno or 1}: {_PARSER_POSITION.sub('', str(error.msg))}") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    problems = _ill_typed(inner, formats)
    if strict and problems:
        raise InputError("\n".join(sorted(problems)))
    for problem in sorted(problems):
        warnings.warn(problem, IllTypedLiteralWarning, stacklevel=4)


def _ill_typed(inner: ox.Store, formats: dict[Path, RdfFormat]) -> list[str]:
    """Ill-typed literals, each with the first file that holds it: one scan of the store, in Rust,
    once every file is in (a scan after each file cost more than the load of ten small files).

    Which file holds a literal is known without asking when there is one file; otherwise the files
    are read again, in order, only when an ill-typed literal was found.
    """
    found: dict[tuple[Any, Any, Any], tuple[Node, Node, Literal]] = {}
    with lossless_parsing():  # quiet: rdflib logs a traceback for each literal it cannot convert
        for row in inner.query(_SUSPECT_LITERALS):  # type: ignore[union-attr]
            s, p, o = (_from_ox(term) for term in row)
            if isinstance(o, Literal) and is_ill_typed(o):
                found[(row[0], row[1], row[2])] = (s, p, o)
    if not found:
        return []
    where = dict.fromkeys(found, next(iter(formats)))
    if len(formats) > 1:
        where = _first_files(found.keys(), formats)
    return [ill_typed_message(where[key], s, p, o) for key, (s, p, o) in found.items()]


def _first_files(triples: Iterable[tuple[Any, Any, Any]], formats: dict[Path, RdfFormat]) -> dict[Any, Path]:
    """For each Oxigraph triple, the first of the files that holds it (each file read at most once)."""
    wanted, where = set(triples), {}
    for path, rdf_format in formats.items():
        for parsed in ox.parse(path=str(path), format=rdf_format.oxigraph):
            key = (parsed.subject, parsed.predicate, parsed.object)
            if key in wanted:
                wanted.discard(key)
                where[key] = path
        if not wanted:
            break
    return where


class _Progress(io.RawIOBase):
    """A readable file that reports how many bytes each read consumed."""

    def __init__(self, handle: io.BufferedReader, report: Callable[[int], None]) -> None:
        self._handle = handle
        self._report = report

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._handle.readinto(buffer)
        self._report(count)
        return count
