"""Serialize graphs deterministically: the same graph gives the same bytes, run after run.

Triples are copied in sorted order into a graph bound to the fixed prefix map, blank nodes (never in
curated data, possible in user files) get canonical labels, and line-based formats are sorted. The
curated files in ``graph/`` are kept in exactly this canonical Turtle, so that diffs are readable.

N-Triples from an Oxigraph store without blank nodes skips rdflib: Oxigraph dumps the lines in Rust
(a large dump to a temporary file, sorted subject by subject), and they are sorted as they are, with
the few escapes rdflib does not write turned back into the characters rdflib writes, so the bytes
are the same as through rdflib, at a fraction of the time and memory (benchmarks/engine-results.md).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from itertools import groupby
from operator import itemgetter
from typing import IO, Any
from xml.dom import minidom

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import XSD
from rdflib.plugins.serializers.trig import TrigSerializer

from hrgraph.errors import OutputError, first_line
from hrgraph.namespaces import BASE, ONTOLOGY_IRI, PREFIXES
from hrgraph.rdf.files import new_graph
from hrgraph.rdf.formats import EXPORT_FORMATS
from hrgraph.rdf.store import inner_store

__all__ = ["DATA_GRAPH_IRI", "canonical_copy", "serialize", "serialize_graphs", "split_ontology"]

#: The named graph that holds the data in TriG exports; the ontology goes in the ontology's own IRI.
DATA_GRAPH_IRI = URIRef(BASE + "data")


def serialize(graph: Graph, rdf_format: str = "turtle", *, ontology: Graph | None = None) -> bytes:
    """Serialize ``graph`` (and, for TriG, ``ontology`` as its own named graph) canonically.

    For the other formats, pass a graph that already holds the ontology if it should be included.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data="<https://w3id.org/hrgraph/city/x> a <https://w3id.org/hrgraph/ontology#City> .", format="turtle")
    >>> print(serialize(g, "nt").decode().strip())
    <https://w3id.org/hrgraph/city/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/hrgraph/ontology#City> .
    """
    if rdf_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {rdf_format!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    try:
        if rdf_format == "trig":
            return _trig(graph, ontology)
        inner = inner_store(graph)
        if rdf_format == "nt" and inner is not None:
            streamed = _oxigraph_ntriples(inner)
            if streamed is not None:
                return streamed
        return _WRITERS[rdf_format](canonical_copy(graph))
    except Exception as error:  # rdflib's serializers raise bare Exceptions (an invalid IRI) and others
        raise OutputError(f"cannot write the graph as {rdf_format}: {first_line(error)}") from None


def canonical_copy(graph: Graph) -> Graph:
    """A copy with canonical blank node labels, triples inserted in sorted order, fixed prefixes
    (plus the graph's own prefixes where they do not clash with them).

    ``"x"^^xsd:string`` becomes the simple literal ``"x"``: the same term in RDF 1.1, and the form
    that JSON-LD writes back, so that every format carries the same graph.
    """
    own_prefixes = sorted(graph.namespaces())
    triples = list(graph)  # read once: on Oxigraph each pass converts every term
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        triples = list(to_canonical_graph(graph))
    copy = new_graph()
    fixed = {str(namespace) for namespace in PREFIXES.values()}
    for prefix, namespace in own_prefixes:
        if prefix and prefix not in PREFIXES and str(namespace) not in fixed:
            copy.bind(prefix, namespace, override=False)
    for s, p, o in sorted(triples, key=_sort_key):
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        copy.add((s, p, o))
    return copy


def split_ontology(graph: Graph, ontology: Graph) -> Graph:
    """The triples of ``graph`` that are not in ``ontology``: the data alone."""
    data = new_graph()
    for triple in graph:
        if triple not in ontology:
            data.add(triple)
    return data


def _sort_key(triple: tuple[Any, Any, Any]) -> tuple[str, str, str]:
    return tuple(term.n3() for term in triple)  # type: ignore[return-value]


def _turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def _ntriples(graph: Graph) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)) if line.strip())


#: A blank node as subject (line start) or object (before the final " ."); a literal ends in ", @lang or >.
_BLANK_NODE = re.compile(rb"^_:|_:\S+ \.$", re.MULTILINE)
#: The escapes of an N-Triples line: Oxigraph writes \t, \b, \f and \uXXXX for control characters,
#: which rdflib writes as they are; both escape backslash, quote, newline and carriage return.
_ESCAPE = re.compile(rb"\\(?:[tbf]|u[0-9A-F]{4}|U[0-9A-F]{8}|.)")
_CONTROL = {b"\\t": b"\t", b"\\b": b"\b", b"\\f": b"\f"}


def _oxigraph_ntriples(inner: ox.Store) -> bytes | None:
    """The default graph's N-Triples, sorted as ``_ntriples`` sorts rdflib's; None if it holds a blank
    node (its canonical label needs rdflib's canonicalisation).

    A dump of up to :data:`IN_MEMORY` bytes is sorted in memory. A larger one goes to a temporary file,
    each subject's lines together, and only where each subject's lines are is kept in memory: the
    subjects are sorted, then each one's lines are read back, sorted and written out. Since a line
    begins with its subject and ``>``, which no IRI holds, ends it, that is the order of all lines
    sorted. In memory at the end: the answer, and the subjects (1M triples: 228 MB, against 451 MB).
    """
    with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as dump:
        inner.dump(dump, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        size = dump.tell()
        dump.seek(0)
        if size <= IN_MEMORY:
            return _sorted_in_memory(dump.read())
        runs = _subject_runs(dump)
        if runs is None:
            return None
        runs.sort(key=itemgetter(0))  # stable: a subject's runs, were there several, stay in order
        answer = io.BytesIO()
        for _, group in groupby(runs, key=itemgetter(0)):
            lines = []
            for _, start, end in group:
                dump.seek(start)
                lines += dump.read(end - start).splitlines(keepends=True)
            answer.writelines(_sorted(lines))
        return answer.getvalue()


#: The largest dump sorted in memory, where it takes three times its size (the dump, its lines, the answer).
IN_MEMORY = 64 << 20


def _sorted_in_memory(data: bytes) -> bytes | None:
    if b"_:" in data and _BLANK_NODE.search(data):  # the regular expression is slow: most data never needs it
        return None
    escaped, lines = b"\\" in data, data.splitlines(keepends=True)
    del data  # the dump, the lines and the answer would be in memory at once: three times the output
    return b"".join(_sorted(lines, escaped=escaped))


def _sorted(lines: list[bytes], *, escaped: bool = True) -> list[bytes]:
    """N-Triples lines as rdflib writes them (escapes turned back), sorted (a set of triples: no line twice)."""
    if escaped:
        lines = [_ESCAPE.sub(_as_rdflib_writes, line) if b"\\" in line else line for line in lines]
    lines.sort()
    return lines


#: How much of the dump is read at once to find where each subject's lines are.
_CHUNK = 1 << 23


def _subject_runs(dump: IO[bytes]) -> list[tuple[bytes, int, int]] | None:
    """(subject, start, end) of each run of lines with one subject, in the dump's order; None if a
    blank node is in the dump."""
    runs: list[tuple[bytes, int, int]] = []
    subject, start, offset, rest = b"", 0, 0, b""
    while block := dump.read(_CHUNK):
        block = rest + block
        cut = block.rfind(b"\n") + 1
        block, rest = block[:cut], block[cut:]
        if b"_:" in block and _BLANK_NODE.search(block):  # the regular expression is slow: most data never needs it
            return None
        for line in block.splitlines(keepends=True):
            here = line[: line.find(b" ")]
            if here != subject:
                if offset:
                    runs.append((subject, start, offset))
                subject, start = here, offset
            offset += len(line)
    if rest:  # a last line without its line break: not N-Triples as Oxigraph writes it
        raise ValueError("the N-Triples dump ends in the middle of a line")
    if offset:
        runs.append((subject, start, offset))
    return runs


def _as_rdflib_writes(escape: re.Match[bytes]) -> bytes:
    text = escape.group()
    if text in _CONTROL:
        return _CONTROL[text]
    if text[1:2] in b"uU":
        return chr(int(text[2:], 16)).encode("utf-8")
    return text


def _jsonld(graph: Graph) -> bytes:
    context = {prefix: str(namespace) for prefix, namespace in _used_prefixes(graph).items()}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=2)
    document = json.loads(text)
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _rdfxml(graph: Graph) -> bytes:
    """rdflib writes subjects, properties and namespaces in hash order: sort all three."""
    document = minidom.parseString(graph.serialize(format="xml", encoding="utf-8"))
    root = document.documentElement
    namespaces = sorted(root.attributes.items())
    for name, _ in namespaces:
        root.removeAttribute(name)
    for name, value in namespaces:
        root.setAttribute(name, value)
    _sort_children(document, root, depth=1)
    for description in root.getElementsByTagName("rdf:Description"):
        _sort_children(document, description, depth=2)
    return document.toxml(encoding="utf-8").replace(b"?><", b"?>\n<", 1) + b"\n"


def _sort_children(document: minidom.Document, element: minidom.Element, depth: int) -> None:
    children = [node for node in element.childNodes if node.nodeType == node.ELEMENT_NODE]
    for node in list(element.childNodes):
        element.removeChild(node)
    for node in sorted(children, key=lambda node: node.toxml()):
        element.appendChild(document.createTextNode("\n" + "  " * depth))
        element.appendChild(node)
    element.appendChild(document.createTextNode("\n" + "  " * (depth - 1)))


def _trig(graph: Graph, ontology: Graph | None) -> bytes:
    data = graph if ontology is None else split_ontology(graph, ontology)
    parts = [(DATA_GRAPH_IRI, data)]
    if ontology is not None:
        parts.append((URIRef(ONTOLOGY_IRI), ontology))
    return serialize_graphs(parts)


def serialize_graphs(parts: list[tuple[URIRef, Graph]]) -> bytes:
    """Named graphs as canonical TriG, in IRI order (the server's dataset, or the data and the ontology)."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    for name, part in parts:
        named = dataset.graph(name)
        for triple in canonical_copy(part):
            named.add(triple)
    buffer = io.BytesIO()
    _SortedTrigSerializer(dataset).serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer, with named graphs in IRI order instead of hash order."""

    def __init__(self, store: Graph) -> None:
        super().__init__(store)
        self.contexts.sort(key=lambda graph: str(graph.identifier))


def _used_prefixes(graph: Graph) -> dict[str, str]:
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {str(o.datatype) for _, _, o in graph if getattr(o, "datatype", None)}
    return {
        prefix: str(namespace)
        for prefix, namespace in PREFIXES.items()
        if any(iri.startswith(str(namespace)) for iri in iris)
    }


_WRITERS = {
    "turtle": _turtle,
    "nt": _ntriples,
    "jsonld": _jsonld,
    "xml": _rdfxml,
}
