"""Check data against the SHACL shapes and the curation rules, reporting every problem at once.

Returns one result for programs (``conforms``), one for RDF tools (the SHACL results graph) and one
for people (``text()``: entity, label, what is wrong).

The SHACL engine is rudof's (``pyrudof``, in Rust, SHACL Core and SHACL-SPARQL): it validates the
bundled graph some ten times faster than pySHACL, so a fresh process loads, validates and queries
it in about a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
import pyrudof
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import from_n3

from hrgraph.errors import InputError, first_line
from hrgraph.namespaces import BASE, SH
from hrgraph.paths import ONTOLOGY_FILE, SHAPES_FILE
from hrgraph.rdf.files import is_ill_typed, parse_file
from hrgraph.rdf.store import is_oxigraph

__all__ = ["Problem", "ValidationReport", "validate"]

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against the bundled shapes (or ``shapes``), with the ontology's class tree.

    Besides SHACL, reports references to hrgraph IRIs that nothing defines (a misspelt slug).

    >>> from hrgraph import load
    >>> report = validate(load())
    >>> report.conforms
    True
    """
    shapes = shapes if shapes is not None else parse_file(SHAPES_FILE)
    ontology = ontology if ontology is not None else parse_file(ONTOLOGY_FILE)
    outcome, results = _run_engine(data, ontology, shapes)
    problems = _shacl_problems(outcome, data, shapes)
    problems += _dangling_references(data, ontology)
    problems += _ill_typed_literals(data)
    problems.sort(key=lambda p: (_SEVERITY_ORDER.get(p.severity, 3), p.focus, p.path, p.message, p.value))
    conforms = not any(p.severity == "Violation" for p in problems)
    return ValidationReport(conforms=conforms, problems=problems, results=results)


def _run_engine(data: Graph, ontology: Graph, shapes: Graph) -> tuple[pyrudof.ShaclValidationReport, Graph]:
    """rudof's SHACL validation of ``data`` with the ontology's class tree (so that a shape targeting
    hrg:Place reaches every city): its report, and its results as RDF. What the engine refuses (a
    shape it cannot read) is an InputError in one line, not its traceback."""
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    try:
        engine.read_data(_ntriples(data), format=pyrudof.RDFFormat.NTriples, reader_mode=strict)
        engine.read_data(_ntriples(ontology), format=pyrudof.RDFFormat.NTriples, reader_mode=strict, merge=True)
        engine.read_shacl(_ntriples(shapes), format=pyrudof.ShaclFormat.NTriples, reader_mode=strict)
        outcome = engine.validate_shacl()
        results = Graph()
        if len(outcome):
            results.parse(data=engine.serialize_shacl_validation_results(
                format=pyrudof.ResultShaclValidationFormat.NTriples), format="nt")
    except pyrudof.RudofError as error:
        raise InputError(f"SHACL validation could not run: {first_line(error)}") from None
    return outcome, results


def _ntriples(graph: Graph) -> str:
    """The graph as N-Triples, straight from Oxigraph when it holds the graph."""
    if is_oxigraph(graph):
        inner = graph.store._inner  # type: ignore[attr-defined]
        return inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
    return graph.serialize(format="nt")


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
