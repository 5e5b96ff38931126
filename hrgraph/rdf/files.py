"""Read one RDF file safely: the right parser for its extension, nothing a parser must never see.

rdflib's defaults are overridden where they are unsafe or lossy: remote JSON-LD contexts are refused
before rdflib can fetch them, RDF/XML with a DTD is refused (entity expansion), lexical forms are kept
as written (rdflib would turn ``"yes"^^xsd:boolean`` into ``"false"``), and ill-typed literals are
reported with their file, subject and predicate. The format of a file comes from its extension, looked
up in :mod:`hrgraph.rdf.formats`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import rdflib
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XMLNS as XML_NAMESPACE
from rdflib.namespace import XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from hrgraph.errors import InputError, first_line
from hrgraph.namespaces import PREFIXES
from hrgraph.rdf.formats import RdfFormat, rdf_by_suffix, suffixes

__all__ = [
    "IllTypedLiteralWarning",
    "bind_prefixes",
    "check_file",
    "expand",
    "is_ill_typed",
    "lossless_parsing",
    "new_graph",
    "parse_file",
]

_MAX_JSON_DEPTH = 100
_TIMEZONE = r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
_LEXICAL_PATTERNS = {
    XSD.gYear: re.compile(r"-?([1-9]\d{4,}|\d{4})" + _TIMEZONE),
    XSD.gYearMonth: re.compile(r"-?([1-9]\d{4,}|\d{4})-(0[1-9]|1[0-2])" + _TIMEZONE),
}


class IllTypedLiteralWarning(UserWarning):
    """A literal whose lexical form does not fit its datatype, such as ``"2001-13-45"^^xsd:date``."""


def new_graph() -> Graph:
    """An empty in-memory graph bound to hrgraph's fixed prefixes and no others."""
    return bind_prefixes(Graph(bind_namespaces="none"))


def bind_prefixes(graph: Graph) -> Graph:
    """Bind hrgraph's fixed prefixes on ``graph``, so every serialization uses the same ones."""
    graph.bind("xml", XML_NAMESPACE)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def parse_file(path: str | os.PathLike[str], *, strict: bool = False) -> Graph:
    """Parse one RDF file into a new graph; errors name the file and, where known, the line."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    rdf_format = rdf_by_suffix(path)
    text = _read_text(path)
    _check_text(path, rdf_format, text)
    try:
        with lossless_parsing():
            if rdf_format.quads:
                dataset = Dataset()
                dataset.parse(data=text, format=rdf_format.rdflib)
                graph = new_graph()
                for s, p, o, _ in dataset.quads():
                    graph.add((s, p, o))
            else:
                graph = new_graph()
                graph.parse(data=text, format=rdf_format.rdflib)
    except BadSyntax as error:
        raise InputError(f"{path}:{error.lines + 1}: {error._why}") from None
    except RecursionError:
        raise InputError(f"{path}: nesting too deep to parse") from None
    except InputError:
        raise
    except Exception as error:  # rdflib's parsers raise many types, all meaning "malformed"
        raise InputError(f"{path}: cannot parse as {rdf_format.rdflib}: {first_line(error)}") from None
    _report_ill_typed(path, graph, strict)
    return graph


def check_file(path: Path) -> RdfFormat:
    """Refuse what a parser must never see (remote JSON-LD contexts, DTDs) before parsing; the
    file's format."""
    rdf_format = rdf_by_suffix(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    if rdf_format.name in _CHECKED:
        _check_text(path, rdf_format, _read_text(path))
    return rdf_format


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: No such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 (byte {data[error.start]:#04x})") from None


def _check_text(path: Path, rdf_format: RdfFormat, text: str) -> None:
    check = _CHECKED.get(rdf_format.name)
    if check is not None:
        check(path, text)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, directories as the RDF files inside them; each file once."""
    seen: dict[Path, Path] = {}
    for entry in map(Path, paths):
        if entry.is_dir():
            known = suffixes()
            found = sorted(p for p in entry.iterdir() if p.suffix.lower() in known)
            if not found:
                raise InputError(f"{entry}: directory holds no RDF files ({', '.join(known)})")
        else:
            found = [entry]
        for path in found:
            seen.setdefault(path.resolve(), path)
    return list(seen.values())


@contextlib.contextmanager
def lossless_parsing() -> Iterator[None]:
    """Keep lexical forms as written and silence rdflib's per-literal log noise."""
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    term_logger = logging.getLogger("rdflib.term")
    level = term_logger.level
    term_logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
        term_logger.setLevel(level)


def _check_json_ld(path: Path, text: str) -> None:
    """Refuse remote or file contexts before rdflib could fetch them, and absurd nesting."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise InputError(f"{path}: nesting too deep to parse") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}: invalid JSON: {error.msg}") from None
    stack = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_JSON_DEPTH:
            raise InputError(f"{path}: nesting too deep (more than {_MAX_JSON_DEPTH} levels)")
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_remote_context(value):
                    raise InputError(
                        f"{path}: JSON-LD {key} refers to a document ({_context_refs(value)}); "
                        "hrgraph never fetches contexts: inline the context as an object"
                    )
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def _names_remote_context(value: object) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(isinstance(item, str) for item in value)
    return False


def _context_refs(value: object) -> str:
    refs = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]  # type: ignore[union-attr]
    return ", ".join(map(str, refs))


def _check_xml(path: Path, text: str) -> None:
    head = text.upper()
    if "<!DOCTYPE" in head or "<!ENTITY" in head:
        line = text[: head.find("<!")].count("\n") + 1
        raise InputError(f"{path}:{line}: DTD/entities not allowed in RDF/XML")


def is_ill_typed(literal: Literal) -> bool:
    """True when the lexical form does not fit the datatype; rdflib misses bad gYear/gYearMonth."""
    if literal.ill_typed:
        return True
    pattern = _LEXICAL_PATTERNS.get(literal.datatype) if literal.datatype else None
    return pattern is not None and not pattern.fullmatch(str(literal))


def _report_ill_typed(path: Path, graph: Graph, strict: bool) -> None:
    problems = [
        f"{path}: ill-typed literal {o.n3()} for subject <{s}> predicate <{p}>"
        for s, p, o in graph
        if isinstance(o, Literal) and is_ill_typed(o)
    ]
    if strict and problems:
        raise InputError("\n".join(sorted(problems)))
    for problem in sorted(problems):
        warnings.warn(problem, IllTypedLiteralWarning, stacklevel=3)


#: Formats whose text is checked before parsing, and the check.
_CHECKED: dict[str, Callable[[Path, str], None]] = {"jsonld": _check_json_ld, "xml": _check_xml}
