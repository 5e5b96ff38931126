"""The dataset the server holds: the data and the ontology as named graphs, and a default graph that
is their union, kept so by every SPARQL 1.1 Update.

The default graph is stored (Oxigraph's own default graph holds the union), so every query, page
and dump reads it without a merge. An update runs operation by operation in Oxigraph (its update
evaluator is native code: a 100,000-triple ``INSERT DATA`` takes seconds, where rdflib's parser took
minutes), and after each one the graphs are brought back in line (:func:`_reconcile`): what it added
to the default graph goes into the data graph, what it removed from the default graph is removed
from every named graph that held it, and the default graph is again the union of the named graphs.

A request may choose the graphs its query or update reads (:class:`Selection`): the SPARQL 1.1
Protocol's ``default-graph-uri``/``named-graph-uri`` and ``using-graph-uri``/``using-named-graph-uri``,
or FROM, FROM NAMED, USING and WITH in the text. They select among the graphs held: Oxigraph never
fetches a graph, and LOAD is refused (unless SERVICE is allowed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef

from hrgraph.errors import QueryError
from hrgraph.namespaces import ONTOLOGY_IRI
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.export import DATA_GRAPH_IRI
from hrgraph.rdf.store import inner_store, oxigraph_graph
from hrgraph.sparql.lexis import keywords, tokens
from hrgraph.sparql.safety import oxigraph_syntax_error

__all__ = ["DATA_GRAPH", "ONTOLOGY_GRAPH", "Selection", "as_dataset", "graph_name", "named_graphs", "update_dataset"]

#: The named graph of the data (as in ``hrgraph export --format trig --ontology``).
DATA_GRAPH = DATA_GRAPH_IRI
#: The named graph of the ontology: the ontology's own IRI.
ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)
_DEFAULT = ox.DefaultGraph()
_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_NO_LOAD = "<update>: LOAD is refused: the server never reads files or fetches graphs"
_NO_SERVICE = "<update>: SERVICE is refused: an update may not reach other endpoints"


@dataclass(frozen=True)
class Selection:
    """The graphs a request reads, as the SPARQL 1.1 Protocol names them, and its base IRI.

    ``default`` and ``named`` are ``default-graph-uri`` and ``named-graph-uri`` for a query,
    ``using-graph-uri`` and ``using-named-graph-uri`` for an update; when either is given, a graph
    the other leaves out is empty (SPARQL 1.1 Query, 13.2), and FROM / FROM NAMED are overridden.
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    base: str | None = None

    def __post_init__(self) -> None:
        for iri in (*self.default, *self.named):  # they are written into an update's text (USING <iri>)
            graph_name(iri)

    @property
    def chosen(self) -> bool:
        return bool(self.default or self.named)

    def query_options(self) -> dict[str, object]:
        """The keyword arguments of ``pyoxigraph.Store.query`` that make this selection."""
        options: dict[str, object] = {"base_iri": self.base, "default_graph": None}  # None: the store's, or FROM's
        if self.chosen:
            options["default_graph"] = [ox.NamedNode(iri) for iri in self.default]
            options["named_graphs"] = [ox.NamedNode(iri) for iri in self.named]
        return options


def graph_name(iri: str) -> ox.NamedNode:
    """``iri`` as the name of a graph; QueryError unless it is an absolute IRI.

    >>> graph_name("http://e.org/g> } ; DROP ALL ; <x")
    Traceback (most recent call last):
    ...
    hrgraph.errors.QueryError: 'http://e.org/g> } ; DROP ALL ; <x' is not an absolute IRI
    """
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise QueryError(f"{iri!r} is not an absolute IRI") from None


def as_dataset(graph: Graph) -> Graph:
    """A copy of ``graph`` as the server holds it, on a new Oxigraph store: the triples of the ontology
    file in :data:`ONTOLOGY_GRAPH`, the others in :data:`DATA_GRAPH`, and their union in the default
    graph, which the returned Graph reads.

    >>> from hrgraph import load
    >>> dataset = as_dataset(load())
    >>> [str(name) for name in named_graphs(dataset)]
    ['https://w3id.org/hrgraph/data', 'https://w3id.org/hrgraph/ontology']
    """
    store = ox.Store()
    source = inner_store(graph)
    if source is not None:
        store.bulk_load(source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_DEFAULT), format=ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    data, schema = ox.NamedNode(str(DATA_GRAPH)), ox.NamedNode(str(ONTOLOGY_GRAPH))
    store.update(f"INSERT {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}")  # in Rust
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        if ox.Quad(triple.subject, triple.predicate, triple.object) in store:
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, data))
            store.add(ox.Quad(triple.subject, triple.predicate, triple.object, schema))
    return oxigraph_graph(store)


def named_graphs(graph: Graph) -> list[URIRef]:
    """The names of the named graphs ``graph``'s store holds, in IRI order (none on rdflib's store)."""
    store = inner_store(graph)
    if store is None:
        return []
    return sorted(URIRef(name.value) for name in store.named_graphs() if isinstance(name, ox.NamedNode))


def update_dataset(store: ox.Store, text: str, selection: Selection = Selection(), *, allow_service: bool = False) -> None:
    """Apply the update ``text`` to ``store`` (held as :func:`as_dataset` makes it), operation by
    operation, keeping its default graph the union of its named graphs.

    A failure leaves ``store`` part-changed: the server runs this on a copy that it drops then.
    """
    operations = _operations(text, selection, allow_service)
    if len(operations) > 1:  # the syntax checked whole, so that an error's line is the user's
        try:
            ox.Store().update(text, base_iri=selection.base)
        except SyntaxError as error:
            raise oxigraph_syntax_error(error, "<update>") from None
        except Exception:  # noqa: BLE001  an operation that needs the real store (DROP GRAPH of a held graph)
            pass
    for operation in operations:
        try:
            if operation.kind in ("INSERT DATA", "DELETE DATA"):
                _apply_data(store, operation, selection.base)
            else:
                before = set(store.quads_for_pattern(None, None, None, None))
                store.update(operation.text, base_iri=selection.base)
                _reconcile(store, before, operation.kind == "TO DEFAULT")
        except SyntaxError as error:
            raise oxigraph_syntax_error(error, "<update>") from None


@dataclass(frozen=True)
class _Operation:
    """One operation of an update, with the PREFIX and BASE declarations before it; ``kind`` is
    ``INSERT DATA``, ``DELETE DATA``, ``TO DEFAULT`` (``ADD``/``COPY``/``MOVE`` ... ``TO DEFAULT``) or
    ``other``; ``keyword`` is where its first keyword starts in ``text``."""

    text: str
    kind: str
    keyword: int


def _apply_data(store: ox.Store, operation: _Operation, base: str | None) -> None:
    """INSERT DATA or DELETE DATA, without comparing the whole store: the operation's quads are read
    by running it as INSERT DATA on an empty store, then added to (or removed from) their graph,
    the data graph standing for the default graph, and to (or from) the union."""
    scratch = ox.Store()
    at = operation.keyword
    if operation.kind == "DELETE DATA":
        scratch.update(operation.text, base_iri=base)  # its own syntax: no blank nodes, for one
    scratch.update(operation.text[:at] + "INSERT" + operation.text[at + 6:], base_iri=base)
    quads = list(scratch.quads_for_pattern(None, None, None, None))
    data = ox.NamedNode(str(DATA_GRAPH))
    if operation.kind == "INSERT DATA":
        store.extend(ox.Quad(q.subject, q.predicate, q.object, data if q.graph_name == _DEFAULT else q.graph_name)
                     for q in quads)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        return
    for quad in quads:
        held = list(store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None))
        gone = [q for q in held if quad.graph_name in (_DEFAULT, q.graph_name)]
        for found in gone:
            store.remove(found)
        if not any(q.graph_name != _DEFAULT for q in held if q not in gone):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object))


def _reconcile(store: ox.Store, before: set[ox.Quad], to_default: bool) -> None:
    """Make the default graph the union of the named graphs again after one operation.

    A triple the operation removed from the default graph leaves every named graph that held it
    before; one it added there (all of the default graph after ``COPY``/``MOVE`` ... ``TO DEFAULT``)
    goes into the data graph unless a named graph holds it.
    """
    was = {q.triple for q in before if q.graph_name == _DEFAULT}
    now = {q.triple for q in store.quads_for_pattern(None, None, None, _DEFAULT)}
    for triple in was - now:
        for quad in list(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)):
            if quad.graph_name != _DEFAULT and quad in before:
                store.remove(quad)
    data = ox.NamedNode(str(DATA_GRAPH))
    for triple in now if to_default else now - was:
        held = any(q.graph_name != _DEFAULT for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))
        if not held:
            store.add(ox.Quad(triple.subject, triple.predicate, triple.object, data))
    store.clear_graph(_DEFAULT)
    store.update(_UNION)


#: A single operation that needs no token scan: no ``;``, nothing to refuse (a false alarm, such as
#: ``with`` in a literal, only takes the scan).
_RISKY = re.compile(r"LOAD|SERVICE|USING|WITH", re.IGNORECASE)
_HEAD = re.compile(r"\s*(?:(?:PREFIX\s*[^\s:<>]*:\s*|BASE\s*)<[^<>\s]*>\s*)*((?:INSERT|DELETE)\s+DATA\b)?", re.IGNORECASE)


def _operations(text: str, selection: Selection, allow_service: bool) -> list[_Operation]:
    """The operations of an update, each with the PREFIX and BASE lines before it (they hold for the
    operations that follow) and the request's USING clauses; LOAD and SERVICE refused (unless
    ``allow_service``), and USING or WITH refused beside the protocol's ``using-graph-uri``."""
    if ";" not in text and not selection.chosen and not _RISKY.search(text):
        head = _HEAD.match(text)
        if head is not None and head.group(1):
            return [_Operation(text, " ".join(head.group(1).upper().split()), head.start(1))]
    found = tokens(text)
    after = {token.start(): index + 1 for index, token in enumerate(found)}
    for word in keywords(found):
        upper = word.group().upper()
        if upper == "LOAD" and not (allow_service and _loads_from_the_web(found[after[word.start()]:])):
            raise QueryError(_NO_LOAD)
        if upper == "SERVICE" and not allow_service:
            raise QueryError(_NO_SERVICE)
        if upper in ("USING", "WITH") and selection.chosen:
            raise QueryError(f"<update>: {upper} and using-graph-uri / using-named-graph-uri are given both: "
                             "name the graphs in one place")
    pieces: list[list[re.Match[str]]] = [[]]
    depth = 0
    for token in found:
        if token.group() == ";" and depth == 0:
            pieces.append([])
            continue
        depth += (token.group() == "{") - (token.group() == "}")
        pieces[-1].append(token)
    if len(pieces) == 1 and not selection.chosen:
        body = pieces[0][_after_prologue(pieces[0]):]
        return [_kind(text, body[0].start(), body)] if body else []
    operations, prologue = [], ""
    for own in pieces:
        body = _after_prologue(own)
        if own:
            prologue += text[own[0].start():own[body].start() if body < len(own) else own[-1].end()] + "\n"
        if body == len(own):
            continue
        begin, end = own[body].start(), own[-1].end()
        words = [t.group().upper() for t in own[body:body + 2]]
        if selection.chosen and words[0] in ("DELETE", "INSERT") and words[1:] != ["DATA"]:
            operations.append(_Operation(prologue + _with_using(text, own[body:], selection), "other", -1))
        else:
            operations.append(_kind(prologue + text[begin:end], len(prologue), own[body:]))
    return operations


def _kind(text: str, keyword: int, body: list[re.Match[str]]) -> _Operation:
    """The operation ``text`` whose tokens after its prologue are ``body``, its first keyword at ``keyword``."""
    words = [t.group().upper() for t in body[:2]] + [t.group().upper() for t in body[-2:]]
    if words[0] in ("INSERT", "DELETE") and words[1] == "DATA":
        return _Operation(text, f"{words[0]} DATA", keyword)
    if words[0] in ("ADD", "COPY", "MOVE") and words[-2:] == ["TO", "DEFAULT"]:
        return _Operation(text, "TO DEFAULT", keyword)
    return _Operation(text, "other", keyword)


def _loads_from_the_web(rest: list[re.Match[str]]) -> bool:
    """True when the LOAD these tokens follow names an http(s) IRI (``LOAD SILENT <https://...>``)."""
    names = [token.group() for token in rest[:2] if token.group().upper() != "SILENT"]
    return bool(names) and names[0].lower().startswith(("<http://", "<https://"))


def _after_prologue(own: list[re.Match[str]]) -> int:
    """The index of an operation's first token after its PREFIX and BASE declarations."""
    index = 0
    while index < len(own) and own[index].lastgroup == "word" and own[index].group().upper() in ("PREFIX", "BASE"):
        while index < len(own) and own[index].lastgroup != "iri":
            index += 1
        index += 1
    return min(index, len(own))


def _with_using(text: str, body: list[re.Match[str]], selection: Selection) -> str:
    """A DELETE/INSERT operation with ``USING <g>`` and ``USING NAMED <g>`` before its WHERE; the
    short form ``DELETE WHERE { P }``, which takes no USING, is written ``DELETE { P } USING ... WHERE { P }``."""
    using = " ".join([*(f"USING <{iri}>" for iri in selection.default),
                      *(f"USING NAMED <{iri}>" for iri in selection.named)])
    begin, end = body[0].start(), body[-1].end()
    depth = 0
    for index, token in enumerate(body):
        depth += (token.group() == "{") - (token.group() == "}")
        if depth == 0 and token.lastgroup == "word" and token.group().upper() == "WHERE":
            if index and body[index - 1].group().upper() == "DELETE":
                pattern = text[body[index + 1].start():end] if index + 1 < len(body) else "{}"
                return f"{text[begin:token.start()]}{pattern} {using} WHERE {pattern}"
            return f"{text[begin:token.start()]}{using} {text[token.start():end]}"
    return text[begin:end]
