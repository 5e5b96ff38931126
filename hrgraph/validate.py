"""Check data against the SHACL shapes and the curation rules, reporting every problem at once.

Returns one result for programs (``conforms``), one for RDF tools (the SHACL results graph) and one
for people (``text()``: entity, label, what is wrong), as pySHACL does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from hrgraph.namespaces import BASE, SH
from hrgraph.paths import ONTOLOGY_FILE, SHAPES_FILE
from hrgraph.rdf.files import is_ill_typed, parse_file

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
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    problems = _shacl_problems(results, data)
    problems += _dangling_references(data, ontology)
    problems += _ill_typed_literals(data)
    problems.sort(key=lambda p: (_SEVERITY_ORDER.get(p.severity, 3), p.focus, p.path, p.message, p.value))
    conforms = bool(conforms) and not any(p.severity == "Violation" for p in problems)
    return ValidationReport(conforms=conforms, problems=problems, results=results)


def _shacl_problems(results: Graph, data: Graph) -> list[Problem]:
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        severity = results.value(result, SH.resultSeverity)
        problems.append(
            Problem(
                focus=_show(focus, data),
                label=_label(focus, data),
                path=_show(path, data) if isinstance(path, URIRef) else "",
                message=messages[0] if messages else "does not conform",
                value=_show(value, data) if value is not None else "",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return problems


def _dangling_references(data: Graph, ontology: Graph) -> list[Problem]:
    """Objects in hrgraph's namespaces that no triple types: usually a misspelt slug."""
    defined = set(data.subjects(RDF.type, None)) | set(ontology.subjects(RDF.type, None))
    problems = []
    for subject, predicate, obj in data:
        if isinstance(obj, URIRef) and str(obj).startswith(BASE) and obj not in defined:
            if predicate == RDFS.seeAlso or str(obj).startswith(BASE + "ontology"):
                continue
            problems.append(
                Problem(
                    focus=_show(subject, data),
                    label=_label(subject, data),
                    path=_show(predicate, data),
                    message="refers to an entity that is not defined (no rdf:type); check the slug",
                    value=_show(obj, data),
                )
            )
    return problems


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
        for subject, predicate, obj in data
        if isinstance(obj, Literal) and is_ill_typed(obj)
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
