"""Talk to remote SPARQL endpoints: read-only queries, and pushing a graph into a triple store.

Queries go through SPARQLWrapper with its unsafe defaults overridden: always POST (a long VALUES
block never meets a URL limit), content negotiation only, JSON results, an explicit timeout and a
User-Agent that says who is asking. Pushes speak the Graph Store Protocol (one PUT) or SPARQL Update
(one POST) through urllib, which SPARQLWrapper does not speak. Redirects are never followed, so
credentials never travel to another host. Every failure is a :class:`RemoteError` that names the
endpoint without its credentials.
"""

from __future__ import annotations

import email.utils
import http.client
import io
import math
import re
import socket
import time
import urllib.request
import warnings
from base64 import b64encode
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.error import HTTPError, URLError
from urllib.parse import SplitResult, unquote, urlencode, urljoin, urlsplit, urlunsplit

from rdflib import Graph, URIRef, Variable
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.query import Result
from rdflib.term import Identifier
from SPARQLWrapper import BASIC, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper import JSON as JSON_FORMAT

from hrgraph._version import __version__
from hrgraph.errors import InputError, RemoteError, first_line
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import lossless_parsing, new_graph
from hrgraph.rdf.formats import RDF_FORMATS, RESULT_FORMATS

__all__ = ["KNOWN_ROW_CAPS", "MAX_PAGED_ROWS", "USER_AGENT", "Endpoint", "PossiblyTruncatedWarning", "push", "push_update", "run_remote"]

#: Sent with every request, as public endpoints ask (Wikidata's User-Agent policy).
USER_AGENT = f"hrgraph/{__version__} (+https://w3id.org/hrgraph; linked-data client)"

#: Row limits endpoints apply silently (Virtuoso's ResultSetMaxRows defaults to 10,000, as on DBpedia):
#: an answer of exactly this many rows is possibly cut short, and is fetched again in pages of this size.
KNOWN_ROW_CAPS = frozenset({10_000})
#: Paging stops here when the caller sets no row cap: a bound on memory, and on an endpoint that ignores OFFSET.
MAX_PAGED_ROWS = 1_000_000

_MAX_TRIES = 3
_MAX_WAIT = 60.0  # seconds; an endpoint asking for a longer pause gets an error instead
_DEFAULT_WAIT = 1.0  # seconds, when a 429/503 gives no Retry-After
_RETRY_STATUSES = {429, 503}
_MESSAGE_CHARS = 500
_JSON_RESULTS = RESULT_FORMATS["json"]
_RESULTS_ACCEPT = f"{_JSON_RESULTS.media_type}, {_JSON_RESULTS.aliases[0]};q=0.9"
_RESULTS_TYPES = dict.fromkeys((_JSON_RESULTS.media_type, *_JSON_RESULTS.aliases), "json")
_NT, _TURTLE = RDF_FORMATS["nt"], RDF_FORMATS["turtle"]
_GRAPH_ACCEPT = f"{_NT.media_type}, {_TURTLE.media_type};q=0.9"
#: Media type -> rdflib parser, for the graphs a remote endpoint may send.
_GRAPH_TYPES = {fmt.media_type: fmt.rdflib for fmt in (_NT, _TURTLE)}
_QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
_UPDATE_OPERATIONS = {  # rdflib's name of an update operation -> its keyword
    "InsertData": "INSERT",
    "DeleteData": "DELETE",
    "DeleteWhere": "DELETE",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
#: A URL as sent: no spaces, no control characters, nothing but printable ASCII (percent-encode the rest).
_URL = re.compile(r"[!-~]+")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")


class PossiblyTruncatedWarning(UserWarning):
    """An endpoint's answer holds exactly as many rows as a known endpoint limit: rows may be missing."""


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL endpoint and how to talk to it.

    Credentials embedded in the URL (``https://user:pw@host/sparql``) are moved out of it, so that
    ``url`` and ``display`` never carry them; the password is left out of ``repr`` too.

    >>> e = Endpoint("https://me:secret@example.org/sparql")
    >>> e.display, e.user, e.password
    ('https://example.org/sparql', 'me', 'secret')
    """

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    def __post_init__(self) -> None:
        parts = _split(self.url)
        if "@" in parts.netloc:
            userinfo, _, host = parts.netloc.rpartition("@")
            user, has_password, password = userinfo.partition(":")
            object.__setattr__(self, "url", urlunsplit(parts._replace(netloc=host)))
            if self.user is None and user:
                object.__setattr__(self, "user", unquote(user))
            if self.password is None and has_password:
                object.__setattr__(self, "password", unquote(password))
            parts = _split(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"{self.display}: not an http(s) URL of a SPARQL endpoint")
        if not _URL.fullmatch(self.url):
            raise InputError(f"{self.display!r}: a URL holds no spaces, control or non-ASCII characters "
                             "(percent-encode them; a host name in punycode)")
        if bool(self.user) != bool(self.password):
            raise InputError(f"{self.display}: give both a user and a password, or neither")
        timeout = self.timeout
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:
            raise InputError(f"{self.display}: the timeout must be a positive number of seconds, not {timeout!r}")

    @property
    def display(self) -> str:
        """The URL without credentials: the only form that goes into messages and logs."""
        return _without_credentials(self.url)


def run_remote(
    endpoint: Endpoint, query_text: str, *, allow_update: bool = False, max_rows: int | None = None
) -> Result | Graph | None:
    """Run a query on ``endpoint``: SELECT/ASK give an rdflib ``Result``, CONSTRUCT/DESCRIBE a ``Graph``.

    An update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) is refused before any
    request is sent, unless ``allow_update=True``: then it is POSTed to ``endpoint`` (give the
    service's update URL if it has a separate one) and the result is None.

    A SELECT answer of exactly a known endpoint cap's rows (10,000) is fetched again in pages, with
    ORDER BY over its variables and LIMIT/OFFSET, until a page comes back short or ``max_rows`` + 1
    rows are in (so the caller can say it cut them); where the query cannot be paged (its own LIMIT
    or OFFSET, a final VALUES, a form rdflib cannot parse) it is returned with a
    :class:`PossiblyTruncatedWarning`.
    """
    result = _ask(endpoint, query_text, allow_update=allow_update)
    if isinstance(result, Result) and result.type == "SELECT" and len(result) in KNOWN_ROW_CAPS:
        return _all_pages(endpoint, query_text, result, max_rows)
    return result


def _ask(endpoint: Endpoint, query_text: str, *, allow_update: bool) -> Result | Graph | None:
    """One request and its answer, parsed."""
    if not query_text.strip():
        raise InputError("the query is empty")
    client = _Client(endpoint.url, returnFormat=JSON_FORMAT, agent=USER_AGENT)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setOnlyConneg(True)
    client.setTimeout(endpoint.timeout)
    if endpoint.user and endpoint.password:
        client.setHTTPAuth(BASIC)
        client.setCredentials(endpoint.user, endpoint.password)
    with warnings.catch_warnings():  # SPARQLWrapper warns about forms its regex misses; rdflib decides below
        warnings.simplefilter("ignore", RuntimeWarning)
        client.setQuery(query_text)
    form = _form(query_text) or client.queryType
    if form in _UPDATE_FORMS and not allow_update:
        raise RemoteError(
            f"refused to send {form} to {endpoint.display}: queries to remote endpoints are read-only "
            "(pass allow_update=True, or --allow-update, to run it)"
        )
    client.queryType = form
    if form in ("CONSTRUCT", "DESCRIBE"):
        client.setReturnFormat(TURTLE)  # else SPARQLWrapper warns that JSON is no graph format
        client.addCustomHttpHeader("Accept", _GRAPH_ACCEPT)
    elif form in ("SELECT", "ASK"):
        client.addCustomHttpHeader("Accept", _RESULTS_ACCEPT)
    response = _exchange(endpoint, lambda: client.query().response)
    with response:
        if form in _UPDATE_FORMS:
            _read(endpoint, response, None)
            return None
        if form in ("SELECT", "ASK"):
            _, body = _read(endpoint, response, _RESULTS_TYPES)
            return _parse(endpoint, "SPARQL JSON results", lambda: Result.parse(io.BytesIO(body), format="json"))
        rdf_format, body = _read(endpoint, response, _GRAPH_TYPES)
        return _parse(endpoint, rdf_format, lambda: new_graph().parse(data=body, format=rdf_format))


def push(
    graph: Graph,
    store_url: str,
    *,
    graph_iri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
) -> int:
    """Replace the default graph (or ``graph_iri``) of a Graph Store Protocol endpoint with ``graph``.

    One PUT of the whole graph as N-Triples, so the store holds the old graph or the new one, never
    a mix, and pushing twice does not duplicate anything. Returns the number of triples sent.
    """
    endpoint = Endpoint(store_url, user=user, password=password, timeout=timeout)
    target = {"graph": str(_graph_iri(graph_iri))} if graph_iri is not None else {"default": ""}
    separator = "&" if urlsplit(endpoint.url).query else "?"
    url = endpoint.url + separator + urlencode(target).removesuffix("=")
    body = serialize(graph, _NT.name)
    _send(endpoint, url, "PUT", body, _NT.media_type)
    return body.count(b"\n")


def push_update(
    graph: Graph,
    update_url: str,
    *,
    graph_iri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
) -> int:
    """Replace the default graph (or ``graph_iri``) through a SPARQL Update endpoint, in one request.

    For stores that offer no Graph Store Protocol: ``DROP SILENT`` then ``INSERT DATA`` in a single
    update, which the store applies as one operation. Returns the number of triples sent.
    """
    endpoint = Endpoint(update_url, user=user, password=password, timeout=timeout)
    triples = serialize(graph, "nt").decode("utf-8")
    if graph_iri is None:
        update = f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{triples}}}\n"
    else:
        name = _graph_iri(graph_iri).n3()
        update = f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{triples}}} }}\n"
    _send(endpoint, endpoint.url, "POST", update.encode("utf-8"), "application/sparql-update")
    return triples.count("\n")


class _Client(SPARQLWrapper):
    """SPARQLWrapper 2.0, sending through hrgraph's opener (no redirects) with the exact timeout."""

    def setTimeout(self, timeout: float) -> None:  # noqa: N802 (SPARQLWrapper's name)
        # SPARQLWrapper's int() would turn 0.5 s into 0, which its urlopen call reads as "no timeout".
        self.timeout = timeout  # type: ignore[assignment]

    def _query(self) -> tuple[http.client.HTTPResponse, str]:
        # SPARQLWrapper's own sends through urllib's global opener, which follows a redirect with the
        # Authorization header to any host, and turns HTTP errors into exceptions without headers.
        return _OPENER.open(self._createRequest(), timeout=self.timeout), self.returnFormat


def _opener() -> urllib.request.OpenerDirector:
    """http(s) only, with the environment's proxies, and without a redirect handler: a 3xx is an error."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


_OPENER = _opener()


def _form(query_text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or an update keyword, by rdflib's parser; None if it cannot parse."""
    try:
        return _QUERY_FORMS[parseQuery(query_text)[1].name]
    except Exception:  # not a query rdflib knows: an update, an extension, or an error the endpoint will name
        pass
    try:
        operations = parseUpdate(query_text).get("request") or []
    except Exception:
        return None
    if not operations:
        return None
    first = operations[0]
    if first.name == "Modify":
        return "DELETE" if first.get("delete") is not None else "INSERT"
    return _UPDATE_OPERATIONS.get(first.name, "INSERT")


def _all_pages(endpoint: Endpoint, query_text: str, first: Result, max_rows: int | None) -> Result:
    """Every row of a SELECT whose ``first`` answer has exactly a known cap's rows, fetched in pages.

    The pages are the query with ORDER BY (its own conditions, then every projected variable, so
    the order is total) and LIMIT/OFFSET appended: the first answer, in the endpoint's own order,
    is asked for again as page one. A query that cannot take them keeps ``first``, with a warning.
    """
    cap = len(first)
    paged, why_not = _pageable(query_text, cap)
    if paged is None:
        if why_not:
            warnings.warn(
                f"{endpoint.display} returned exactly {cap:,} rows, a common endpoint limit: the answer is possibly "
                f"truncated by the endpoint, and hrgraph cannot page through it ({why_not}); page through it with "
                "ORDER BY and LIMIT/OFFSET",
                PossiblyTruncatedWarning,
                stacklevel=3,
            )
        return first
    wanted = (max_rows if max_rows is not None else MAX_PAGED_ROWS) + 1
    bindings: list[Mapping[Variable, Identifier]] = []
    while len(bindings) < wanted:
        size = min(cap, wanted - len(bindings))
        page = _ask(endpoint, f"{paged}\nLIMIT {size} OFFSET {len(bindings)}\n", allow_update=False)
        assert isinstance(page, Result)  # a SELECT stays a SELECT
        bindings.extend(page.bindings[:size])
        if len(page) < size:
            break
    if max_rows is None and len(bindings) == wanted:
        warnings.warn(
            f"{endpoint.display}: stopped paging at {MAX_PAGED_ROWS:,} rows; the answer is cut there",
            PossiblyTruncatedWarning,
            stacklevel=3,
        )
        del bindings[MAX_PAGED_ROWS:]
    first.bindings = bindings
    return first


def _pageable(query_text: str, rows: int) -> tuple[str | None, str]:
    """The query with ORDER BY over every projected variable appended, ready for LIMIT/OFFSET; or
    None and why not (an empty reason when the query's own LIMIT explains the row count)."""
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        parsed = parseQuery(query_text)
        projected = translateQuery(parsed).algebra["PV"]
    except Exception:  # not a query rdflib knows: the endpoint's extension
        return None, "rdflib cannot parse the query"
    query = parsed[1]
    clauses = query["limitoffset"] if "limitoffset" in query else {}
    if "limit" in clauses:
        return None, "" if int(clauses["limit"]) <= rows else "the query has its own LIMIT"
    if "offset" in clauses:
        return None, "the query has its own OFFSET"
    if "valuesClause" in query:
        return None, "the query ends in a VALUES block"
    names = [str(v) for v in projected] if "projection" in query else sorted(str(v) for v in projected)
    keys = " ".join(f"?{name}" for name in names)
    return f"{query_text}\n{keys}" if "orderby" in query else f"{query_text}\nORDER BY {keys}", ""


def _send(endpoint: Endpoint, url: str, method: str, body: bytes, content_type: str) -> None:
    """One write request with hrgraph's User-Agent, timeout and basic auth; 200/201/204 are success."""
    headers = {"Content-Type": content_type, "User-Agent": USER_AGENT}
    if endpoint.user and endpoint.password:
        token = b64encode(f"{endpoint.user}:{endpoint.password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"

    def attempt() -> http.client.HTTPResponse:
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        return _OPENER.open(request, timeout=endpoint.timeout)

    with _exchange(endpoint, attempt) as response:
        _read(endpoint, response, None)
        if response.status not in (200, 201, 204):
            raise _error(endpoint, f"{endpoint.display} answered HTTP {response.status}, expected 200, 201 or 204")


def _exchange(endpoint: Endpoint, attempt: Callable[[], http.client.HTTPResponse]) -> http.client.HTTPResponse:
    """Send, waiting and trying again (at most 3 tries) while the endpoint answers 429/503."""
    tries = 0
    while True:
        tries += 1
        try:
            return attempt()
        except HTTPError as error:
            try:
                wait = _retry_wait(error) if error.code in _RETRY_STATUSES else None
                message = _http_message(endpoint, error)
            finally:
                error.close()
            if wait is None:
                raise _error(endpoint, message) from None
            if wait > _MAX_WAIT:
                raise _error(endpoint, f"{message}; it asks to wait {wait:g} s, more than hrgraph waits") from None
            if tries == _MAX_TRIES:
                raise _error(endpoint, f"{message}; gave up after {tries} tries, try again later") from None
            time.sleep(wait)
        except (OSError, http.client.HTTPException) as error:  # URLError is an OSError
            raise _connection_error(endpoint, error) from None


def _read(endpoint: Endpoint, response: http.client.HTTPResponse, accepted: dict[str, str] | None) -> tuple[str, bytes]:
    """The body, whole, after checking its media type against ``accepted`` (media type -> rdflib format)."""
    partial = response.status == 206 or response.headers.get("X-SQL-State", "").startswith("S1TAT")
    if partial:  # 206, or Virtuoso's "anytime" answer cut at its time limit
        raise _error(endpoint, f"{endpoint.display} sent an incomplete response (a partial result); nothing was used")
    rdf_format = ""
    if accepted is not None:
        content_type = response.headers.get("Content-Type")
        media_type = response.headers.get_content_type()
        if content_type is None or media_type not in accepted:
            got = media_type if content_type else "no Content-Type"
            raise _error(endpoint, f"{endpoint.display} returned {got}, expected {' or '.join(accepted)}")
        rdf_format = accepted[media_type]
    try:
        return rdf_format, response.read()
    except http.client.IncompleteRead as error:
        received = len(error.partial)
        total = f" of {received + error.expected}" if error.expected is not None else ""
        raise _error(
            endpoint, f"incomplete response from {endpoint.display}: received {received}{total} bytes"
        ) from None
    except (OSError, http.client.HTTPException) as error:
        raise _connection_error(endpoint, error) from None


def _parse(endpoint: Endpoint, what: str, parse: Callable[[], Result | Graph]) -> Result | Graph:
    """Parse with rdflib, keeping lexical forms as the endpoint wrote them (as hrgraph's loader does)."""
    try:
        with lossless_parsing():
            return parse()
    except Exception as error:  # rdflib's parsers raise many types, all meaning "malformed"
        raise _error(endpoint, f"{endpoint.display} returned malformed {what}: {first_line(error)[:_MESSAGE_CHARS]}") from None


def _http_message(endpoint: Endpoint, error: HTTPError) -> str:
    """The error as "ENDPOINT answered HTTP 400: <the endpoint's own message>", or where a redirect pointed."""
    if 300 <= error.code < 400:
        location = error.headers.get("Location")
        target = _without_credentials(urljoin(endpoint.url, location)) if location else "nowhere"
        return (
            f"{endpoint.display} redirected (HTTP {error.code}) to {target}; hrgraph does not follow "
            "redirects: give the final URL if you trust it"
        )
    try:
        body = error.read(_MESSAGE_CHARS * 4)
    except (OSError, http.client.HTTPException):
        body = b""
    charset = error.headers.get_content_charset() if error.headers else None
    text = " ".join(body.decode(charset or "utf-8", errors="replace").split())
    if len(text) > _MESSAGE_CHARS:
        text = text[:_MESSAGE_CHARS] + "…"
    return f"{endpoint.display} answered HTTP {error.code}: {text or error.reason}"


def _retry_wait(error: HTTPError) -> float:
    """Seconds the endpoint asks us to wait: Retry-After as seconds or an HTTP date, else a default."""
    value = (error.headers.get("Retry-After") or "").strip() if error.headers else ""
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return _DEFAULT_WAIT
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _connection_error(endpoint: Endpoint, error: BaseException) -> RemoteError:
    """A transport failure as "cannot reach ..." or "... did not answer within N s"."""
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, TimeoutError):
        return _error(endpoint, f"{endpoint.display} did not answer within {endpoint.timeout:g} s")
    if isinstance(reason, socket.gaierror):
        return _error(endpoint, f"cannot reach {endpoint.display}: host name not resolved ({reason.strerror})")
    if isinstance(reason, http.client.RemoteDisconnected):
        return _error(endpoint, f"{endpoint.display} closed the connection without answering")
    detail = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
    return _error(endpoint, f"cannot reach {endpoint.display}: {detail or type(reason).__name__}")


def _error(endpoint: Endpoint, message: str) -> RemoteError:
    """A RemoteError, with the password masked should an endpoint's message ever echo it."""
    if endpoint.password:
        message = message.replace(endpoint.password, "***")
    return RemoteError(message)


def _split(url: str) -> SplitResult:
    """``urlsplit``, with a URL it cannot split (``http://[::1``, a port over 65535) an InputError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (checks the port)
    except ValueError as error:
        raise InputError(f"{_without_credentials(url)}: not a URL of a SPARQL endpoint ({error})") from None
    return parts


def _without_credentials(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL at all: shown without anything between "//" and "@"
        return re.sub(r"//[^/]*@", "//", url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _graph_iri(iri: str) -> URIRef:
    """An absolute IRI safe to put between < > in a request; anything else is refused."""
    if not _IRI.fullmatch(iri):
        raise InputError(f'invalid graph IRI {iri!r}: give an absolute IRI without spaces or <>"{{}}|^`\\')
    return URIRef(iri)
