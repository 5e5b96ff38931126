"""Load RDF files into one graph, safely and all-or-nothing.

Each file is parsed into a scratch graph and merged only when every file has parsed, so a broken
file adds nothing. rdflib's defaults are overridden where they are unsafe or lossy: remote JSON-LD
contexts are refused before rdflib can fetch them, RDF/XML with a DTD is refused (entity expansion),
lexical forms are kept as written (rdflib would turn ``"yes"^^xsd:boolean`` into ``"false"``), and
ill-typed literals are reported with their file, subject and predicate.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XMLNS as XML_NAMESPACE
from rdflib.namespace import XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from hrgraph.errors import InputError
from hrgraph.namespaces import PREFIXES
from hrgraph.paths import ONTOLOGY_FILE, data_files

if TYPE_CHECKING:
    from hrgraph.store import StoreSpec

__all__ = [
    "IllTypedLiteralWarning",
    "RDF_FORMATS",
    "bind_prefixes",
    "check_file",
    "expand",
    "format_of",
    "is_ill_typed",
    "load",
    "lossless_parsing",
    "new_graph",
    "parse_file",
]

#: File extension -> rdflib parser name.
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}
_QUAD_FORMATS = {"trig", "nquads"}
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


def load(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    ontology: bool = True,
    strict: bool = False,
    store: str | StoreSpec | None = None,
) -> Graph:
    """Load the bundled graph, or the given files and directories, into one graph.

    ``paths=None`` means the bundled data in ``graph/``. ``ontology=True`` adds the ontology, so
    that subclass-aware queries and validation see the class hierarchy. With ``strict=True`` an
    ill-typed literal is an error instead of a warning. ``store`` is ``"memory"``, ``"oxigraph"``
    or ``"oxigraph:PATH"`` (a store built by ``hrgraph load``, which already holds its data), by
    default ``hrgraph.store.DEFAULT_STORE``.

    >>> graph = load()
    >>> len(graph) > 1000
    True
    """
    from hrgraph.store import StoreSpec, load_into_oxigraph, open_store

    spec = StoreSpec.parse(store)
    if spec.path is not None:
        if paths is not None:
            raise InputError(f"--store {spec}: the store already holds its data; give no --data (or rebuild it)")
        return open_store(spec.path, ontology=ontology)
    files = data_files() if paths is None else expand(paths)
    if ontology and ONTOLOGY_FILE not in files:
        files = [ONTOLOGY_FILE, *files]
    if spec.kind == "oxigraph":
        return load_into_oxigraph(files, strict=strict)
    scratch = [parse_file(path, strict=strict) for path in files]
    graph = new_graph()
    for part in scratch:
        graph += part
    return graph


def parse_file(path: str | os.PathLike[str], *, strict: bool = False) -> Graph:
    """Parse one RDF file into a new graph; errors name the file and, where known, the line."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    rdf_format = format_of(path)
    text = _read_text(path)
    _check_text(path, rdf_format, text)
    try:
        with lossless_parsing():
            if rdf_format in _QUAD_FORMATS:
                dataset = Dataset()
                dataset.parse(data=text, format=rdf_format)
                graph = new_graph()
                for s, p, o, _ in dataset.quads():
                    graph.add((s, p, o))
            else:
                graph = new_graph()
                graph.parse(data=text, format=rdf_format)
    except BadSyntax as error:
        raise InputError(f"{path}:{error.lines + 1}: {error._why}") from None
    except RecursionError:
        raise InputError(f"{path}: nesting too deep to parse") from None
    except InputError:
        raise
    except Exception as error:  # rdflib's parsers raise many types, all meaning "malformed"
        raise InputError(f"{path}: cannot parse as {rdf_format}: {_first_line(error)}") from None
    _report_ill_typed(path, graph, strict)
    return graph


def check_file(path: Path) -> None:
    """Refuse what a parser must never see (remote JSON-LD contexts, DTDs) before parsing."""
    rdf_format = format_of(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    if rdf_format in ("json-ld", "xml"):
        _check_text(path, rdf_format, _read_text(path))


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


def _check_text(path: Path, rdf_format: str, text: str) -> None:
    if rdf_format == "json-ld":
        _check_json_ld(path, text)
    if rdf_format == "xml":
        _check_xml(path, text)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, directories as the RDF files inside them; each file once."""
    seen: dict[Path, Path] = {}
    for entry in map(Path, paths):
        if entry.is_dir():
            found = sorted(p for p in entry.iterdir() if p.suffix.lower() in RDF_FORMATS)
            if not found:
                raise InputError(f"{entry}: directory holds no RDF files ({', '.join(RDF_FORMATS)})")
        else:
            found = [entry]
        for path in found:
            seen.setdefault(path.resolve(), path)
    return list(seen.values())


def format_of(path: Path) -> str:
    """The parser name for ``path``'s extension; an unknown extension is an error naming the file."""
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"{path}: unknown RDF file extension; expected one of {known}") from None


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


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
