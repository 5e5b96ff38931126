"""Check data against the SHACL shapes and the curation rules, reporting every problem at once.

Returns one result for programs (``conforms``), one for RDF tools (the SHACL results graph) and one
for people (``text()``: entity, label, what is wrong).

The SHACL engine is rudof's (``pyrudof``, in Rust, SHACL Core and SHACL-SPARQL): it validates the
bundled graph some ten times faster than pySHACL, and reads it without the attestation nodes that no
shape reaches (``_engine_data``: two thirds of its triples). A report is kept (``~/.cache/hrgraph/validation``)
under a digest of everything it depends on: the data, the ontology and the shapes as N-Triples, the
engine's and this module's versions, and the day (shapes compare dates with today). The same graph
validated again, in any process, costs the digest instead of the engine: the bundled graph loads,
validates and answers a query in a fresh process in about a second once it has been validated (1.03 s
measured, 2.5 s the first time: benchmarks/engine-results.md).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyrudof
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import from_n3

from hrgraph.atomic import write_atomic
from hrgraph.errors import InputError, OutputError, first_line
from hrgraph.namespaces import BASE, SH
from hrgraph.paths import ONTOLOGY_FILE, SHAPES_FILE, cache_dir
from hrgraph.provenance import STATEMENT_NAMESPACE
from hrgraph.rdf.files import is_ill_typed, parse_file
from hrgraph.rdf.store import is_oxigraph

__all__ = ["Problem", "ValidationReport", "validate"]

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
#: How many reports the cache keeps (the most recently written): a curator's last few graphs.
CACHED_REPORTS = 16


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one node, in words a curator can act on."""

    focus: str
    label: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def line(self) -> str:
        where = f"{self.focus} ({self.label})" if self.label else self.focus
        path = f" {self.path}:" if self.path else ""
        value = f" [value: {self.value}]" if self.value else ""
        return f"{self.severity}: {where}:{path} {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of a validation: conforms, the problems sorted, and the SHACL results graph."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)
    results: Graph = field(default_factory=Graph)

    def text(self) -> str:
        if not self.problems:
            return "Conforms: the graph meets every shape."
        violations = sum(p.severity == "Violation" for p in self.problems)
        lines = [p.line() for p in self.problems]
        summary = f"{violations} violation(s), {len(self.problems) - violations} other result(s)"
        return "\n".join([*lines, summary])


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
             cache: Path | None = None) -> ValidationReport:
    """Validate ``data`` against the bundled shapes (or ``shapes``), with the ontology's class tree.

    Besides SHACL, reports references to hrgraph IRIs that nothing defines (a misspelt slug).
    ``cache`` is the directory of kept reports (default ``~/.cache/hrgraph/validation``).

    >>> from hrgraph import load
    >>> report = validate(load())
    >>> report.conforms
    True
    """
    data_text = _ntriples(data)
    # the bundled files stand for themselves; other graphs by their N-Triples (a blank node's label
    # is new at each parse, so such a graph is validated again: slower, never wrong)
    kept = (cache if cache is not None else cache_dir("validation")) / f"{_digest(data_text, ontology, shapes)}.json"
    report = _read_kept(kept)
    if report is None:
        report = _validate(data, data_text, parse_file(ONTOLOGY_FILE) if ontology is None else ontology,
                           parse_file(SHAPES_FILE) if shapes is None else shapes)
        _keep(kept, report)
    return report


def _validate(data: Graph, data_text: str, ontology: Graph, shapes: Graph) -> ValidationReport:
    outcome, results = _run_engine(_engine_data(data_text, shapes), _ntriples(ontology), _ntriples(shapes))
    problems = _shacl_problems(outcome, data, shapes)
    problems += _dangling_references(data, ontology)
    problems += _ill_typed_literals(data)
    problems.sort(key=lambda p: (_SEVERITY_ORDER.get(p.severity, 3), p.focus, p.path, p.message, p.value))
    conforms = not any(p.severity == "Violation" for p in problems)
    return ValidationReport(conforms=conforms, problems=problems, results=results)


def _digest(data: str, ontology: Graph | None, shapes: Graph | None) -> str:
    """What a report depends on, hashed: the data, the ontology and shapes, the engine and this code, today."""
    digest = hashlib.sha256()
    for part in (pyrudof.__version__, Path(__file__).read_text(encoding="utf-8"),
                 datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                 ONTOLOGY_FILE.read_text(encoding="utf-8") if ontology is None else _ntriples(ontology),
                 SHAPES_FILE.read_text(encoding="utf-8") if shapes is None else _ntriples(shapes), data):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _read_kept(path: Path) -> ValidationReport | None:
    """The report kept at ``path``; None when there is none or it cannot be read (it is made again)."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return ValidationReport(conforms=kept["conforms"], problems=[Problem(**p) for p in kept["problems"]],
                                results=Graph().parse(data=kept["results"], format="nt"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(path: Path, report: ValidationReport) -> None:
    """Keep ``report`` for the next run, and only the latest CACHED_REPORTS; a cache that cannot be
    written (a read-only home) costs the next run its speed, never this run its answer."""
    text = json.dumps({"conforms": report.conforms, "problems": [asdict(p) for p in report.problems],
                       "results": report.results.serialize(format="nt")}, ensure_ascii=False, sort_keys=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), overwrite=True)
        for old in sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHED_REPORTS:]:
            old.unlink(missing_ok=True)
    except (OSError, OutputError):
        pass


def _run_engine(data: str, ontology: str, shapes: str) -> tuple[pyrudof.ShaclValidationReport, Graph]:
    """rudof's SHACL validation of ``data`` with the ontology's class tree (so that a shape targeting
    hrg:Place reaches every city), all three as N-Triples: its report, and its results as RDF. What
    the engine refuses (a shape it cannot read) is an InputError in one line, not its traceback."""
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    try:
        engine.read_data(data, format=pyrudof.RDFFormat.NTriples, reader_mode=strict)
        engine.read_data(ontology, format=pyrudof.RDFFormat.NTriples, reader_mode=strict, merge=True)
        engine.read_shacl(shapes, format=pyrudof.ShaclFormat.NTriples, reader_mode=strict)
        outcome = engine.validate_shacl()
        results = Graph()
        if len(outcome):
            results.parse(data=engine.serialize_shacl_validation_results(
                format=pyrudof.ResultShaclValidationFormat.NTriples), format="nt")
    except pyrudof.RudofError as error:
        raise InputError(f"SHACL validation could not run: {first_line(error)}") from None
    return outcome, results


def _engine_data(data: str, shapes: Graph) -> str:
    """``data`` (N-Triples) without the attestation nodes that no shape can reach: two thirds of the
    bundled graph's triples, which the engine would read and index for nothing (validation 4x faster).
    A shape reaches an attestation node (``statement:``, an rdf:Statement nothing else refers to) when
    it targets rdf:Statement or every resource, a predicate the node carries, or the node itself, when
    a triple refers to the node, or when a SPARQL constraint speaks of statements; those nodes stay."""
    targets = {o for p in (SH.targetClass, SH.targetNode) for o in shapes.objects(None, p)}
    sparql = " ".join(str(o) for o in shapes.objects(None, SH.select))
    if targets & {RDF.Statement, RDFS.Resource, OWL.Thing} or re.search(r"rdf:(Statement|subject|predicate|object)\b|"
                                                                           r"22-rdf-syntax-ns#(Statement|subject|predicate|object)", sparql):
        return data
    predicates = {f"<{p}>" for p in shapes.objects(None, SH.targetSubjectsOf)}
    node_targets = {f"<{node}>" for node in targets if isinstance(node, URIRef)}
    statement = f"<{STATEMENT_NAMESPACE}"
    lines = data.splitlines(keepends=True)
    reached = set(node_targets)
    for line in lines:
        parts = line.split(" ", 2)
        if len(parts) < 3:
            continue
        subject, predicate, rest = parts
        if subject.startswith(statement):
            if predicate in predicates:
                reached.add(subject)
        elif statement in rest:
            reached.add(rest.rsplit(" .", 1)[0].strip())
    return "".join(line for line in lines
                   if not line.startswith(statement) or line.split(" ", 1)[0] in reached)


def _ntriples(graph: Graph) -> str:
    """The graph as N-Triples, the same text for the same triples (the digest of kept reports rests on
    it): straight from Oxigraph, whose order is its index's; rdflib's order changes with each process."""
    if is_oxigraph(graph):
        inner = graph.store._inner  # type: ignore[attr-defined]
        return inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
    return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))


def _shacl_problems(outcome: pyrudof.ShaclValidationReport, data: Graph, shapes: Graph) -> list[Problem]:
    problems = []
    for result in outcome:
        # SHACL gives a result the sh:message of its shape; rudof does so for SPARQL constraints only
        shape = _term(result.source_shape, shapes)
        messages = sorted(str(m) for m in shapes.objects(shape, SH.message)) if shape is not None else []
        focus, path, value = (_term(text, data) for text in (result.focus_node, result.path, result.value))
        problems.append(
            Problem(
                focus=_show(focus, data),
                label=_label(focus, data),
                path=_show(path, data) if isinstance(path, URIRef) else "",
                message=_unquote(result.message) if result.constraint_component == str(SH.SPARQLConstraintComponent)
                else (messages[0] if messages else _unquote(result.message) or "does not conform"),
                value=_show(value, data),
                severity=str(result.severity).rsplit("#", 1)[-1] or "Violation",
            )
        )
    return problems


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`()]*")


def _term(text: str | None, data: Graph) -> Node | None:
    """A term of rudof's report (an IRI bare or in brackets, a literal as N3) as rdflib's."""
    if not text:
        return None
    if text.startswith("_:"):
        return BNode(text[2:])
    if text.startswith(("<", '"')):
        return from_n3(text, nsm=data.namespace_manager)
    # a complex path ("^(https://schema.org/sameAs)") is no term
    return URIRef(text) if _IRI.fullmatch(text) else None


def _unquote(message: str | None) -> str:
    return message[1:-1] if message and message.startswith('"') and message.endswith('"') else (message or "")


#: References into hrgraph's namespaces that nothing types (the ontology's terms and rdfs:seeAlso aside).
_UNTYPED_REFERENCES = f"""
SELECT ?s ?p ?o WHERE {{
  ?s ?p ?o
  FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{BASE}") && !STRSTARTS(STR(?o), "{BASE}ontology")
          && ?p != <{RDFS.seeAlso}>)
  FILTER NOT EXISTS {{ ?o a ?type }}
}}"""

#: Literals of an XML Schema type other than xsd:string: the only ones that can be ill-typed.
_TYPED_LITERALS = """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o
  FILTER (isLiteral(?o) && STRSTARTS(STR(DATATYPE(?o)), "http://www.w3.org/2001/XMLSchema#")
          && DATATYPE(?o) != <http://www.w3.org/2001/XMLSchema#string>)
}"""


def _dangling_references(data: Graph, ontology: Graph) -> list[Problem]:
    """Objects in hrgraph's namespaces that no triple types: usually a misspelt slug."""
    return [
        Problem(
            focus=_show(subject, data),
            label=_label(subject, data),
            path=_show(predicate, data),
            message="refers to an entity that is not defined (no rdf:type); check the slug",
            value=_show(obj, data),
        )
        for subject, predicate, obj in data.query(_UNTYPED_REFERENCES)
        if (obj, RDF.type, None) not in ontology
    ]


def _ill_typed_literals(data: Graph) -> list[Problem]:
    """Values whose lexical form does not fit their datatype ("2000-13"^^xsd:gYearMonth)."""
    return [
        Problem(
            focus=_show(subject, data),
            label=_label(subject, data),
            path=_show(predicate, data),
            message=f"ill-typed literal: not a valid {_show(obj.datatype, data)}",
            value=_show(obj, data),
        )
        for subject, predicate, obj in data.query(_TYPED_LITERALS)
        if is_ill_typed(obj)
    ]


def _show(node: Node | None, graph: Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "[blank node]"
    if isinstance(node, Literal):
        return node.n3()
    return node.n3(graph.namespace_manager)


def _label(node: Node | None, graph: Graph) -> str:
    if node is None:
        return ""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda l: (getattr(l, "language", "") != "en", str(l)))
    return str(labels[0]) if labels else ""
