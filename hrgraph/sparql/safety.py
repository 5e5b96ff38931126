"""What a query or update may do: SERVICE, FROM / FROM NAMED, LOAD, USING and (for a query) updates
are refused before anything is evaluated, so no socket or file is opened on a request's behalf.

rdflib's SPARQL parser is imported on first use: it takes a fifth of a second to import.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from hrgraph.errors import QueryError, first_line
from hrgraph.sparql.lexis import keywords, strip_comments, tokens

if TYPE_CHECKING:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.sparql import Query, Update

__all__ = ["check_query", "check_update", "oxigraph_form", "oxigraph_syntax_error", "prepare", "refuse_service"]

_QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
_OXIGRAPH_POSITION = re.compile(r"error at (\d+):(\d+): ")
_UPDATE_WORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
#: Brackets nested deeper than this go to rdflib's parser, which refuses them: Oxigraph's parser
#: overflows its stack, killing the process, at about 3,000 levels.
_OXIGRAPH_DEPTH = 500
_OPENING, _CLOSING = frozenset("{(["), frozenset("})]")
_NO_SERVICE = "SERVICE is refused: a query may not reach other endpoints"
_NO_FROM = "FROM / FROM NAMED are refused: hrgraph never loads graphs a query names"


def check_query(text: str, source: str = "<query>", *, allow_update: bool = False, allow_service: bool = False) -> str:
    """Parse ``text`` and refuse what must not run: SERVICE (unless ``allow_service``), FROM/FROM NAMED, and updates.

    Returns the query form (``select``, ``ask``, ``graph`` or ``update``). A syntax error names the
    source, line and column. Nothing is evaluated, so no socket or file is opened.
    """
    return prepare(text, source, allow_update=allow_update, allow_service=allow_service)[0]


@lru_cache(maxsize=256)
def prepare(text: str, source: str, *, allow_update: bool, allow_service: bool = False,
            allow_from: bool = False) -> tuple[str, Query | None]:
    """The query form and the translated query, parsed once for checking and evaluating.

    Cached: it depends on its arguments alone, rdflib's parser costs tens of milliseconds, and a
    translated query may be evaluated again (as ``prepareQuery`` is meant for). ``allow_from`` lets
    FROM / FROM NAMED through, for a query Oxigraph evaluates on the server's dataset, where they
    select graphs it holds and never fetch one.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except RecursionError:  # rdflib's parser recurses once per level of nesting
        raise QueryError(f"{source}: nested too deeply to parse") from None
    except ParseException as query_error:
        if not _UPDATE_WORDS.search(strip_comments(text)):
            raise syntax_error(query_error, source) from None
        try:
            parseUpdate(text)
        except ParseException as update_error:
            raise syntax_error(update_error, source) from None
        except RecursionError:
            raise QueryError(f"{source}: nested too deeply to parse") from None
        if not allow_update:
            raise QueryError(
                f"{source}: this is an update (it would change the data); refused without --allow-update"
            ) from None
        return "update", None
    try:
        query = translateQuery(parsed)
    except RecursionError:
        raise QueryError(f"{source}: nested too deeply to parse") from None
    except Exception as error:  # rdflib reports an unknown prefix as a bare Exception
        raise QueryError(f"{source}: {first_line(error)}") from None
    if query.algebra.get("datasetClause") and not allow_from:
        raise QueryError(f"{source}: {_NO_FROM}")

    if not allow_service:
        refuse_service(query.algebra, f"{source}: {_NO_SERVICE}")
    name = query.algebra.name
    return {"SelectQuery": "select", "AskQuery": "ask"}.get(name, "graph"), query


def check_update(text: str, *, allow_service: bool = False) -> Update:
    """Parse an update and refuse what would read files or reach the network: LOAD, USING, SERVICE.

    >>> check_update("LOAD <file:///etc/passwd>")
    Traceback (most recent call last):
    ...
    hrgraph.errors.QueryError: <update>: LOAD is refused: the server never reads files or fetches graphs
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = translateUpdate(parseUpdate(text))
    except ParseException as error:
        raise syntax_error(error, "<update>") from None
    except RecursionError:
        raise QueryError("<update>: nested too deeply to parse") from None
    except Exception as error:  # rdflib reports an unknown prefix as a bare Exception
        raise QueryError(f"<update>: {first_line(error)}") from None
    for operation in update.algebra:
        if operation.name == "Load" and not (allow_service and str(operation.iri).startswith(("http://", "https://"))):
            raise QueryError("<update>: LOAD is refused: the server never reads files or fetches graphs")
        if "using" in operation and operation["using"]:
            raise QueryError("<update>: USING / USING NAMED are refused: the server never loads graphs an update names")

    if not allow_service:
        for operation in update.algebra:
            refuse_service(operation, "<update>: SERVICE is refused: an update may not reach other endpoints")
    return update


def refuse_service(algebra: object, refusal: str) -> None:
    """Raise ``QueryError(refusal)`` when ``algebra`` (a query's, or one update operation's) holds a
    SERVICE pattern: evaluating it would reach another endpoint."""
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise QueryError(refusal)

    traverse(algebra, visitPre=visit)


def oxigraph_form(text: str, source: str, *, allow_service: bool, allow_from: bool = False) -> str | None:
    """The form of a query that Oxigraph will parse itself, from its tokens alone; ``None`` means
    "let rdflib's parser decide" (updates, and anything unusual), which costs far more.

    SERVICE and FROM are refused here as ``prepare`` refuses them. A keyword is a bare word: not a
    variable (``?service``), a prefixed name (``ex:from``), a language tag or part of a string,
    IRI or comment; any other word spelled SERVICE or FROM is refused, so a doubt refuses. Text with ``\\u`` escapes, which SPARQL expands before parsing, takes the slow path, and so does text nested
    too deeply for Oxigraph.
    """
    if "\\u" in text or "\\U" in text:
        return None
    found = tokens(text)
    if _depth(found) > _OXIGRAPH_DEPTH:
        return None
    form = None
    for token in keywords(found):  # ?service, ex:service, "x"@from, from:x (written without spaces) are not keywords
        word = token.group().upper()
        if form is None and word not in ("PREFIX", "BASE"):
            if word not in _QUERY_FORMS:
                return None
            form = _QUERY_FORMS[word]
        elif word == "SERVICE" and not allow_service:
            raise QueryError(f"{source}: {_NO_SERVICE}")
        elif word == "FROM" and not allow_from:
            raise QueryError(f"{source}: {_NO_FROM}")
    return form


def _depth(found: tuple[re.Match[str], ...]) -> int:
    """How deeply the brackets of a query nest."""
    depth = deepest = 0
    for token in found:
        if token.group() in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif token.group() in _CLOSING:
            depth -= 1
    return deepest


def oxigraph_syntax_error(error: SyntaxError, source: str) -> QueryError:
    """Oxigraph's parse error as ours: the source, line and column, and one line of detail."""
    message = str(error.msg)
    position = _OXIGRAPH_POSITION.match(message)
    where = f"{source}:{position[1]}:{position[2]}" if position else source
    if "Prefix not found" in message:
        return QueryError(f"{where}: Unknown namespace prefix: declare it with PREFIX name: <IRI> "
                          "('hrgraph prefixes' lists those a query may use without declaring them)")
    detail = _OXIGRAPH_POSITION.sub("", message, count=1).splitlines()[0]
    return QueryError(f"{where}: SPARQL syntax error: {detail[:200]}")


def syntax_error(error: ParseException, source: str) -> QueryError:
    """rdflib's parse error as ours: the source, line and column, and the parser's message."""
    return QueryError(f"{source}:{error.lineno}:{error.col}: SPARQL syntax error: {error.msg}")
