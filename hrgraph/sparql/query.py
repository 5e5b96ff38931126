"""Named, parameterized SPARQL queries, run on a graph or on any SPARQL 1.1 endpoint.

A library query is a ``.rq`` file whose opening comment lines name it and declare its parameters
and columns (see docs/using.md, "Query library"). Parameter values are validated against their type,
turned into RDF terms and bound with a ``VALUES`` block placed at the top of the query's WHERE
group: the value is an RDF term serialized by rdflib, never text spliced into the query, so
``x" } ; DROP ALL ; #`` is just a string that matches nothing. The same bound text runs locally and
on a remote endpoint, so both give the same answers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as Kind

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from hrgraph.entities import resolve
from hrgraph.errors import HRGraphError, InputError, QueryError, first_line
from hrgraph.namespaces import QUERY_PREFIXES
from hrgraph.paths import QUERIES_DIR
from hrgraph.rdf.files import new_graph
from hrgraph.rdf.store import is_oxigraph, oxigraph_graph
from hrgraph.sparql.deadline import run_in_child
from hrgraph.sparql.lexis import tokens
from hrgraph.sparql.safety import oxigraph_form, oxigraph_syntax_error, prepare

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

    from hrgraph.remote import Endpoint
    from hrgraph.sparql.dataset import Selection

__all__ = [
    "PARAMETER_TYPES",
    "Column",
    "NamedQuery",
    "Parameter",
    "QueryResult",
    "as_query",
    "bind",
    "bind_parameters",
    "entail",
    "get_query",
    "library",
    "predeclare",
    "run_query",
]

PARAMETER_TYPES = ("iri", "entity", "string", "integer", "year", "language")
DEFAULT_MAX_ROWS = 10_000
_HEADER = re.compile(r"#\s*(title|description|param|column):\s*(.*)")
_PARAM = re.compile(r"(\w+) \((\w+)(?:, default (.*?))?\): (.+)")
_COLUMN = re.compile(r"(\w+): (.+)")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f<>\"{}|\\^`]*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_YEAR = re.compile(r"-?[0-9]{4}")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class Parameter:
    """A declared query parameter: name, type (one of PARAMETER_TYPES), default, meaning."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class Column:
    """An output column of a SELECT query, with what it holds."""

    name: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library (or a user's ``.rq`` file with the same header)."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    text: str
    source: str

    @classmethod
    def from_text(cls, text: str, name: str, source: str) -> NamedQuery:
        """Read the header comments of a query; a malformed line names the file and line."""
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:  # bytes of the command line that were not UTF-8
            raise _not_utf8(source, text[:error.start], ord(text[error.start]) - 0xDC00) from None
        fields: dict[str, str] = {}
        parameters, columns = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if not line.startswith("#"):
                break
            match = _HEADER.fullmatch(line.strip())
            if match is None:
                continue
            key, value = match.groups()
            if key == "param":
                parameters.append(_parse_parameter(value, f"{source}:{number}"))
            elif key == "column":
                column = _COLUMN.fullmatch(value)
                if column is None:
                    raise InputError(f"{source}:{number}: expected '# column: NAME: meaning'")
                columns.append(Column(*column.groups()))
            else:
                fields[key] = value
        return cls(
            name=name,
            title=fields.get("title", name),
            description=fields.get("description", ""),
            parameters=tuple(parameters),
            columns=tuple(columns),
            text=text,
            source=source,
        )

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: No such file") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _not_utf8(str(path), data[:error.start].decode("utf-8", "replace"), data[error.start]) from None
        return cls.from_text(text, path.stem, str(path))

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        valid = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {valid}")


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: Kind["select", "ask", "graph", "update"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False

    def as_dicts(self) -> list[dict[str, Node | None]]:
        """Rows as dicts keyed by variable name.

        >>> result = run_query("members-of-network")
        >>> str(result.as_dicts()[0]["memberLabel"])
        'Barcelona'
        """
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def project(self, names: list[str]) -> QueryResult:
        """The answer with only the columns ``names``, in that order; ``XLabel`` follows ``X`` when
        the answer has it, so a thing keeps its name. An unknown name lists the columns there are.

        >>> run_query("members-of-network").project(["member", "role"]).variables
        ['member', 'memberLabel', 'role']
        """
        unknown = [name for name in names if name not in self.variables]
        if unknown:
            raise QueryError(f"--columns: no column {', '.join(map(repr, unknown))}; "
                             f"the answer's columns: {', '.join(self.variables) or 'none'}")
        kept: list[str] = []
        for name in names:
            for column in (name, name + "Label"):
                if column in self.variables and column not in kept and (column == name or column not in names):
                    kept.append(column)
        index = [self.variables.index(name) for name in kept]
        rows = [tuple(row[i] for i in index) for row in self.rows]
        return QueryResult(self.kind, kept, rows, self.boolean, self.graph, self.truncated)

    def to_rdflib(self) -> Result:
        """The same answer as an rdflib Result, for rdflib's result serializers."""
        result = Result("SELECT" if self.kind == "select" else "ASK" if self.kind == "ask" else "CONSTRUCT")
        if self.kind == "select":
            result.vars = [Variable(v) for v in self.variables]
            result.bindings = [
                {Variable(k): v for k, v in zip(self.variables, row, strict=True) if v is not None} for row in self.rows
            ]
        elif self.kind == "ask":
            result.askAnswer = bool(self.boolean)
        else:
            result.graph = self.graph
        return result


def library(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every query of the library, by name (the file name without ``.rq``)."""
    return {path.stem: NamedQuery.from_file(path) for path in sorted(directory.glob("*.rq"))}


def get_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """One library query (its file alone is read); an unknown name lists the closest names."""
    path = directory / f"{name}.rq"
    if re.fullmatch(r"[\w-]+", name) and path.is_file():
        return NamedQuery.from_file(path)
    queries = library(directory)
    close = difflib.get_close_matches(name, list(queries), n=5, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise QueryError(f"no query named {name!r}; {hint}run 'hrgraph queries' for the list")


def predeclare(text: str, prefixes: Mapping[str, str] = QUERY_PREFIXES) -> str:
    """``text`` after a line that declares the ``prefixes`` it uses without declaring them itself.

    Its own PREFIX lines win; a query that declares all it uses is returned as it is. The added
    line comes first, so the query's own lines keep their numbers, less one (run_query shifts
    error positions back).

    >>> print(predeclare("SELECT ?c WHERE { ?c a hrg:City ; ex:x city:rosario }"))
    PREFIX hrg: <https://w3id.org/hrgraph/ontology#> PREFIX city: <https://w3id.org/hrgraph/city/>
    SELECT ?c WHERE { ?c a hrg:City ; ex:x city:rosario }
    """
    found = tokens(text)
    used: dict[str, None] = {}
    declared = set()
    for index, token in enumerate(found[:-1]):
        after = found[index + 1]
        if token.lastgroup != "word" or after.group() != ":" or after.start() != token.end():
            continue
        before = found[index - 1].group().upper() if index else ""
        if before == "PREFIX":
            declared.add(token.group())
        elif token.group() in prefixes:
            used.setdefault(token.group())
    missing = [name for name in used if name not in declared]
    if not missing:
        return text
    return " ".join(f"PREFIX {name}: <{prefixes[name]}>" for name in missing) + "\n" + text


def _shift_lines(message: str, source: str, lines: int) -> str:
    """An error message's ``SOURCE:LINE:COLUMN:`` with LINE counted in the user's text, without
    the ``lines`` added before it (nothing of the user's text is on those lines)."""
    head = f"{source}:"
    match = re.match(r"(\d+):(\d+): ", message[len(head):]) if message.startswith(head) else None
    if match is None:
        return message
    line = max(1, int(match[1]) - lines)
    return f"{head}{line}:{match[2]}: {message[len(head) + match.end():]}"


def bind(text: str, values: Mapping[str, Node]) -> str:
    """Add ``VALUES (?a ?b) { (term term) }`` at the top of the query's WHERE group.

    The terms are RDF terms written by rdflib (``Literal.n3()`` escapes quotes, backslashes and
    line breaks), so a value can never end the literal it is in.

    >>> print(bind("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal('a" } ; DROP ALL ; #')}))
    SELECT ?x WHERE { VALUES (?o) { ("a\\" } ; DROP ALL ; #") } ?x ?p ?o }
    """
    if not values:
        return text
    names = " ".join(f"?{name}" for name in values)
    terms = " ".join(term.n3() for term in values.values())
    block = f" VALUES ({names}) {{ ({terms}) }}"
    position = _where_brace(text)
    return text[: position + 1] + block + text[position + 1 :]


def run_query(
    name_or_text: str | NamedQuery,
    params: Mapping[str, object] | None = None,
    *,
    graph: Graph | None = None,
    endpoint: Endpoint | str | None = None,
    infer: str | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    dataset: Selection | None = None,
) -> QueryResult:
    """Run a library query by name, or SPARQL text, on the bundled graph or an endpoint.

    ``params`` maps parameter names to values (strings as on the command line, or RDF terms);
    entity names are resolved on ``graph`` (the bundled graph by default), even for an endpoint.
    ``infer`` is ``"rdfs"`` or ``"owlrl"``. ``timeout`` (seconds) runs a local query in a child
    process that is killed when time is up. More than ``max_rows`` rows are cut, and marked.
    ``allow_service`` lets a query reach other endpoints through SERVICE (refused by default).
    ``dataset`` (the server's ``/sparql``, on an Oxigraph store) chooses the graphs and the base IRI;
    FROM and FROM NAMED then select graphs the store holds.

    >>> result = run_query("members-of-network", {"lang": "ko"})
    >>> sorted({str(row[1]) for row in result.rows if str(row[2]) == "member"})
    ['Barcelona', 'Graz', 'Lund']
    """
    from hrgraph.load import load

    query = as_query(name_or_text)
    remote = endpoint is not None
    if remote and infer is not None:
        raise QueryError("--infer works on the local graph only; a remote store applies its own entailment")
    local = graph if graph is not None else load()
    values = bind_parameters(query, params or {}, local, check_exists=not remote)
    bound = bind(query.text, values) if values else query.text
    text = predeclare(bound)
    try:
        return _run(query, text, local, endpoint=endpoint, infer=infer, allow_update=allow_update,
                    allow_service=allow_service, timeout=timeout, max_rows=max_rows, dataset=dataset)
    except QueryError as error:
        if text is bound:
            raise
        raise QueryError(_shift_lines(str(error), query.source, text.count("\n") - bound.count("\n"))) from None


def _run(query: NamedQuery, text: str, local: Graph, *, endpoint: Endpoint | str | None, infer: str | None,
         allow_update: bool, allow_service: bool, timeout: float | None, max_rows: int,
         dataset: Selection | None) -> QueryResult:
    """Evaluate ``text`` (bound and with its prefixes declared) locally or on ``endpoint``."""
    remote = endpoint is not None
    allow_from = dataset is not None and is_oxigraph(local)
    if dataset is not None and not allow_from:
        raise QueryError(f"{query.source}: choosing graphs needs the Oxigraph store")
    if not remote and is_oxigraph(local) and (
        form := oxigraph_form(text, query.source, allow_service=allow_service, allow_from=allow_from)
    ):
        kind, parsed = form, None
    else:
        kind, parsed = prepare(text, query.source, allow_update=allow_update, allow_service=allow_service,
                               allow_from=allow_from)
    if remote:
        from hrgraph.remote import Endpoint, run_remote

        target = endpoint if isinstance(endpoint, Endpoint) else Endpoint(str(endpoint))
        answer = run_remote(target, text, allow_update=allow_update, max_rows=max_rows)
        return _from_rdflib(kind, answer, max_rows)
    if infer is not None:
        local = entail(local, infer)
    prepared: Query | str | None = text if is_oxigraph(local) else parsed  # Oxigraph parses text itself
    if kind == "update":
        try:
            local.update(text)
        except Exception as error:  # rdflib raises many types while evaluating
            raise QueryError(f"{query.source}: update failed: {first_line(error)}") from None
        return QueryResult(kind="update")
    options = dataset.query_options() if dataset is not None else {}
    if timeout is not None:
        return run_in_child(lambda: _evaluate(local, prepared, kind, max_rows, query.source, options, detach=True),
                            timeout=timeout, what="query")
    try:
        return _evaluate(local, prepared, kind, max_rows, query.source, options)
    except QueryError:
        raise
    except Exception as error:  # rdflib raises many types while evaluating
        raise QueryError(f"{query.source}: query failed: {first_line(error)}") from None


def _evaluate(graph: Graph, prepared: Query | str | None, kind: str, max_rows: int, source: str,
              options: Mapping[str, object] | None = None, *, detach: bool = False) -> QueryResult:
    """The answer on ``graph`` (``options``: Oxigraph's, for a chosen dataset); ``detach`` gives a graph
    answer that pickles (to leave a child process)."""
    try:
        result = _from_rdflib(kind, graph.query(prepared, **(options or {})), max_rows)
    except SyntaxError as error:  # from Oxigraph's parser
        raise oxigraph_syntax_error(error, source) from None
    if detach and result.graph is not None:
        result.graph = _detached(result.graph)
    return result


def bind_parameters(
    query: NamedQuery, params: Mapping[str, object], graph: Graph, *, check_exists: bool = True
) -> dict[str, Node]:
    """Validate every given value against its declared type and fill in defaults.

    An ``entity`` is resolved on ``graph``; with ``check_exists=False`` (a remote store may hold
    more) an http(s) IRI is taken as it is.
    """
    for name in params:
        query.parameter(name)
    values: dict[str, Node] = {}
    for parameter in query.parameters:
        raw = params.get(parameter.name, parameter.default)
        if raw is None:
            raise QueryError(
                f"query {query.name!r} needs parameter {parameter.name!r} ({parameter.type}): "
                f"give --param {parameter.name}=VALUE"
            )
        values[parameter.name] = _to_term(parameter, raw, graph, check_exists)
    return values


def entail(graph: Graph, regime: str) -> Graph:
    """A copy of ``graph`` with its RDFS or OWL 2 RL entailments added (owlrl), on the same kind of store.

    owlrl works through rdflib's API, so the closure is computed in memory and then, for an
    Oxigraph-backed graph, handed back to Oxigraph for querying.
    """
    import owlrl

    semantics = {"rdfs": owlrl.RDFS_Semantics, "owlrl": owlrl.OWLRL_Semantics}
    if regime not in semantics:
        raise QueryError(f"unknown entailment {regime!r}; expected rdfs or owlrl")
    expanded = new_graph()
    expanded += graph
    owlrl.DeductiveClosure(semantics[regime]).expand(expanded)
    if not is_oxigraph(graph):
        return expanded
    closure = oxigraph_graph()  # RDF holds no literal subjects, which owlrl's generalized closure may infer
    closure.addN((s, p, o, closure) for s, p, o in expanded if not isinstance(s, Literal) and isinstance(p, URIRef))
    return closure


def as_query(name_or_text: str | NamedQuery) -> NamedQuery:
    """A library query when given a bare name, else the text as an ad-hoc query."""
    if isinstance(name_or_text, NamedQuery):
        return name_or_text
    if re.fullmatch(r"[\w-]+", name_or_text.strip()):
        return get_query(name_or_text.strip())
    return NamedQuery.from_text(name_or_text, "<query>", "<query>")


def _parse_parameter(value: str, where: str) -> Parameter:
    match = _PARAM.fullmatch(value)
    if match is None:
        raise InputError(f"{where}: expected '# param: NAME (TYPE, default VALUE): meaning'")
    name, kind, default, description = match.groups()
    if kind not in PARAMETER_TYPES:
        raise InputError(f"{where}: unknown parameter type {kind!r}; expected one of {', '.join(PARAMETER_TYPES)}")
    return Parameter(name, kind, default, description)


def _to_term(parameter: Parameter, raw: object, graph: Graph, check_exists: bool) -> Node:
    value = str(raw)
    problem = f"parameter {parameter.name!r} expects {parameter.type}"
    if "\x00" in value or _has_lone_surrogate(value):
        raise QueryError(f"{problem}; the value holds a NUL or an invalid character")
    if isinstance(raw, URIRef) and not _IRI.fullmatch(value):
        raise QueryError(f"{problem}: invalid IRI {value!r}")
    if isinstance(raw, (URIRef, Literal)):
        return raw
    if parameter.type == "iri":
        if not _IRI.fullmatch(value):
            raise QueryError(f"{problem}: invalid IRI {value!r} (spaces and <>\"{{}}|\\^` are not allowed)")
        return URIRef(value)
    if parameter.type == "entity":
        if _IRI.fullmatch(value) and value.startswith(("http://", "https://")) and not check_exists:
            return URIRef(value)
        try:
            return resolve(graph, value)
        except HRGraphError as error:
            raise QueryError(f"{problem}: {error}") from None
    if parameter.type == "integer":
        if not _INTEGER.fullmatch(value):
            raise QueryError(f"{problem}: {value!r} is not a whole number")
        return Literal(int(value))
    if parameter.type == "year":
        if not _YEAR.fullmatch(value):
            raise QueryError(f"{problem}: {value!r} is not a four-digit year")
        return Literal(int(value), datatype=XSD.integer)
    if parameter.type == "language":
        if not _LANGUAGE.fullmatch(value):
            raise QueryError(f"{problem}: {value!r} is not a language tag such as en or ko")
        return Literal(value.lower())
    return Literal(value)


def _not_utf8(where: str, before: str, byte: int) -> InputError:
    r"""Where a query stops being UTF-8, as a curator finds it in an editor: line, column and the byte.

    >>> str(_not_utf8("q.rq", 'SELECT * WHERE {\n ?s ?p "caf', 0xE9))
    'q.rq: line 2, column 12: byte 0xe9 is not UTF-8; save the query as UTF-8'
    """
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return InputError(f"{where}: line {line}, column {column}: byte 0x{byte:02x} is not UTF-8; save the query as UTF-8")


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the outermost WHERE group."""
    after_form = False
    seen_where = False
    previous = ""
    for token in tokens(text):
        kind = token.lastgroup
        word = token.group().upper() if kind == "word" else ""
        if word in ("SELECT", "ASK", "DESCRIBE"):
            after_form = True
        elif word == "CONSTRUCT":
            after_form = False
        elif word == "WHERE":
            if previous == "CONSTRUCT":
                raise QueryError("cannot bind parameters in CONSTRUCT WHERE { … }: write CONSTRUCT { … } WHERE { … }")
            seen_where = True
        elif kind == "brace" and (seen_where or after_form):
            return token.start()
        previous = word
    raise QueryError("cannot bind parameters: the query has no WHERE { … } group")


def _from_rdflib(kind: str, answer: Result | Graph | None, max_rows: int) -> QueryResult:
    if kind == "update" or answer is None:
        return QueryResult(kind="update")
    if isinstance(answer, Graph):
        return QueryResult(kind="graph", graph=_with_prefixes(answer))
    if answer.type == "ASK":
        return QueryResult(kind="ask", boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(kind="graph", graph=_with_prefixes(answer.graph))
    variables = [str(v) for v in answer.vars or []]
    rows = []
    for row in answer:
        if len(rows) == max_rows:
            return QueryResult("select", variables, rows, truncated=True)
        rows.append(tuple(row))
    return QueryResult("select", variables, rows)


def _with_prefixes(graph: Graph) -> Graph:
    bound = new_graph()
    bound += graph
    return bound


def _detached(graph: Graph) -> Graph:
    """A plain in-memory copy that pickles without its store's locks."""
    copy = Graph()
    copy += graph
    return copy
