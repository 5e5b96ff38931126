"""Read one RDF file safely: the right parser for its extension, nothing a parser must never see.

rdflib's defaults are overridden where they are unsafe or lossy: remote JSON-LD contexts are refused
before rdflib can fetch them, RDF/XML with a DTD is refused (entity expansion), lexical forms are kept
as written (rdflib would turn ``"yes"^^xsd:boolean`` into ``"false"``), and ill-typed literals are
reported with their file, subject and predicate. The format of a file comes from its extension, looked
up in :mod:`hrgraph.rdf.formats`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import rdflib
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XMLNS as XML_NAMESPACE
from rdflib.namespace import XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import _is_valid_uri

from hrgraph.errors import InputError, first_line
from hrgraph.namespaces import PREFIXES
from hrgraph.rdf.formats import RdfFormat, rdf_by_suffix, suffixes

__all__ = [
    "IllTypedLiteralWarning",
    "bind_prefixes",
    "check_file",
    "check_regular_file",
    "expand",
    "ill_typed_message",
    "is_ill_typed",
    "lossless_parsing",
    "new_graph",
    "parse_file",
    "quiet_literals",
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
    check_regular_file(path)
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
    _check_terms(path, graph, strict)
    return graph


def check_file(path: Path) -> RdfFormat:
    """Refuse what a parser must never see (remote JSON-LD contexts, DTDs) before parsing; the
    file's format."""
    rdf_format = rdf_by_suffix(path)
    check_regular_file(path)
    if rdf_format.name in _CHECKED:
        _check_text(path, rdf_format, _read_text(path))
    return rdf_format


def check_regular_file(path: Path) -> None:
    """Refuse a directory, and a FIFO or a device given as an input file: reading one would wait for
    a writer, or never end (`/dev/zero`)."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file (a FIFO, a device or a socket); give a file")


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
    """Files as given, directories as the RDF files inside them; each file once, and each content
    once: a copy of a file already given (the same bytes) is skipped with a warning, since loading
    it again would add its blank nodes a second time.
    """
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
    return _without_copies(list(seen.values()))


def _without_copies(paths: list[Path]) -> list[Path]:
    """``paths`` less each file whose bytes an earlier one holds; only files of equal size are hashed."""
    sizes: dict[int, list[Path]] = {}
    for path in paths:
        with contextlib.suppress(OSError):  # a missing file is reported when it is read
            sizes.setdefault(path.stat().st_size, []).append(path)
    copies: set[Path] = set()
    for same_size in (group for group in sizes.values() if len(group) > 1):
        first: dict[bytes, Path] = {}
        for path in same_size:
            digest = _digest(path)
            if digest is None:
                continue
            if digest in first:
                copies.add(path)
                warnings.warn(f"{path}: the same content as {first[digest]}; loaded once", UserWarning, stacklevel=4)
            else:
                first[digest] = path
    return [path for path in paths if path not in copies]


def _digest(path: Path) -> bytes | None:
    """The SHA-256 of a regular file's bytes, read in chunks; None for anything else."""
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()


@contextlib.contextmanager
def lossless_parsing() -> Iterator[None]:
    """Keep lexical forms as written and silence rdflib's per-literal log noise."""
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        with quiet_literals(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


class _TermNoise(logging.Filter):
    """rdflib's log record for each literal it cannot convert to a Python value (with a traceback)
    and for each IRI it deems invalid: hrgraph reports both itself, once, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to convert Literal lexical form") or "does not look like a valid URI" in message)


@contextlib.contextmanager
def quiet_literals() -> Iterator[None]:
    """Drop rdflib's traceback and warning for each ill-typed literal it makes (on Oxigraph, every
    query result and export makes them anew) and its log line for each invalid IRI: hrgraph reports
    each once, in one line naming the file (:func:`ill_typed_message`, :func:`parse_file`). Other
    warnings and log records pass."""
    term_logger = logging.getLogger("rdflib.term")
    noise = _TermNoise()
    term_logger.addFilter(noise)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib\.term")
            yield
    finally:
        term_logger.removeFilter(noise)


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


_SHOWN_LEXICAL = 80


def ill_typed_message(path: Path, subject: object, predicate: object, literal: Literal) -> str:
    """The one line that reports an ill-typed literal; a long lexical form (a 5000-digit integer) is cut.

    >>> message = ill_typed_message(Path("a.ttl"), "https://e.org/a", "https://e.org/n", Literal("7" * 5000, datatype=XSD.integer))
    >>> message.endswith('7…"^^<http://www.w3.org/2001/XMLSchema#integer> (5000 characters) for subject <https://e.org/a> predicate <https://e.org/n>')
    True
    >>> len(message) < 300
    True
    """
    text = str(literal)
    if len(text) <= _SHOWN_LEXICAL:
        shown = literal.n3()
    else:
        shown = f"{Literal(text[:_SHOWN_LEXICAL] + '…').n3()}^^<{literal.datatype}> ({len(text)} characters)"
    return f"{path}: ill-typed literal {shown} for subject <{subject}> predicate <{predicate}>"


def _check_terms(path: Path, graph: Graph, strict: bool) -> None:
    """One pass over the parsed terms: refuse an IRI no format can write (as Oxigraph's parser does),
    write ``"x"^^xsd:string`` as the simple literal ``"x"`` it is in RDF 1.1 (as Oxigraph holds it, so
    every export re-parses to the same graph), and report ill-typed literals."""
    problems, typed_strings, invalid = [], [], set()
    for s, p, o in graph:
        invalid.update(term for term in (s, p, o) if isinstance(term, URIRef) and not _is_valid_uri(term))
        if isinstance(o, Literal):
            if o.datatype == XSD.string:
                typed_strings.append((s, p, o))
            elif is_ill_typed(o):
                problems.append(ill_typed_message(path, s, p, o))
    if invalid:
        more = f" (and {len(invalid) - 1} more)" if len(invalid) > 1 else ""
        raise InputError(f"{path}: invalid IRI <{min(invalid)}>{more}: no RDF format can write it; percent-encode it")
    for s, p, o in typed_strings:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))
    if strict and problems:
        raise InputError("\n".join(sorted(problems)))
    for problem in sorted(problems):
        warnings.warn(problem, IllTypedLiteralWarning, stacklevel=3)


#: Formats whose text is checked before parsing, and the check.
_CHECKED: dict[str, Callable[[Path, str], None]] = {"jsonld": _check_json_ld, "xml": _check_xml}
