"""Grow the curated graph from a spreadsheet of facts: ``hrgraph ingest FILE.csv|FILE.yaml``.

One row is one fact: ``subject, predicate, object, source_url`` and optional columns (see
``hrgraph.tabular.COLUMNS``). Friendly predicates (``member of``, ``adopted``, ``declared human rights
city``...) are mapped onto the ontology by the ``PREDICATES`` table; names are matched to existing
entities by label in any language, alternative name or slug; a name that is only near an existing
one is reported, never merged. Every fact keeps its source: facts with a date, role or number become
nodes of their own, one per source, so that sources that disagree stay side by side.

The result is validated against the SHACL shapes before anything is written; the files it touches
are then written together, in canonical Turtle, under a lock, each through a temporary file and a
rename.

>>> PREDICATES["memberof"].name, PREDICATES["member of".replace(" ", "")].handler
('member of', 'membership')
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS, XSD
from rdflib.term import Node

from hrgraph.atomic import write_all_atomic
from hrgraph.entities import curie, fold_accents, label_of, name_index, normalise_name
from hrgraph.errors import HRGraphError
from hrgraph.mapping import (
    COLUMNS_ALLOWED,
    PREDICATE_LIST,
    PREDICATES,
    TYPE_LIST,
    TYPES,
    VALUE_TYPES,
    EntityType,
    Predicate,
    parse_count,
    parse_date,
    slugify,
)
from hrgraph.mapping import key as _key
from hrgraph.namespaces import BASE, DATA_KINDS, HRG, PREFIXES, ROLE
from hrgraph.paths import GRAPH_DIR, ONTOLOGY_FILE
from hrgraph.provenance import (
    BOOKKEEPING,
    PER_SOURCE_FACTS,
    STATEMENT_NAMESPACE,
    attestation_triples,
    is_attested_subject,
)
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import new_graph, parse_file
from hrgraph.tabular import IngestInputError, Row, read_rows
from hrgraph.validate import ValidationReport, validate

__all__ = [
    "KIND_FILES",
    "PREDICATES",
    "TYPES",
    "IngestLockedError",
    "IngestResult",
    "IngestValidationError",
    "graph_lock",
    "ingest",
    "ingest_rows",
    "parse_count",
    "parse_date",
    "slugify",
]

WIKIDATA = "http://www.wikidata.org/entity/"
#: Which curated file new statements about a node of each kind go to (README, "Curating the data").
KIND_FILES = {
    "continent": "cities.ttl",
    "country": "cities.ttl",
    "region": "cities.ttl",
    "city": "cities.ttl",
    "localgov": "cities.ttl",
    "organization": "organizations.ttl",
    "quantity": "organizations.ttl",
    "membership": "memberships.ttl",
    "instrument": "instruments.ttl",
    "principle": "instruments.ttl",
    "artwork": "instruments.ttl",
    "event": "events.ttl",
    "series": "events.ttl",
    "claim": "events.ttl",
    "person": "people.ttl",
    "source": "sources.ttl",
    "statement": "statements.ttl",
}
#: Kinds of entity whose names are compared with each other (a person is never "near" an institute).
FAMILIES = {
    "continent": "place", "country": "place", "region": "place", "city": "place", "localgov": "place",
    "organization": "organization", "person": "person", "instrument": "instrument", "artwork": "artwork",
    "principle": "principle", "event": "event", "series": "series", "source": "source",
}
#: ``seed:000`` is the project's seed document 000 (a blog tag page and three posts), ``seed:003``
#: sentences of Wikipedia's "Human Rights City"; both are sources the graph already has.
SEED_SOURCES = {
    "seed:000": "hrd-blog-tag-human-rights-cities-network",
    "seed:000/2018-12-14": "hrd-blog-2018-12-14-human-rights-cities-network",
    "seed:000/2019-06-02": "hrd-blog-2019-06-02-movement-or-network",
    "seed:000/2022-01-25": "hrd-blog-2022-01-25-human-rights-cities",
    "seed:003": "wikipedia-human-rights-city",
}
#: A note or date that names a post's month picks that post for a plain ``seed:000``.
_SEED_POST_HINTS = (
    (re.compile(r"\b(dec(ember|\.)? 2018|2018-12)", re.I), "seed:000/2018-12-14"),
    (re.compile(r"\b(june? 2019|2019-06)", re.I), "seed:000/2019-06-02"),
    (re.compile(r"\b(jan(uary|\.)? 2022|2022-01)", re.I), "seed:000/2022-01-25"),
)


# ------------------------------------------------------------------ results


class IngestValidationError(HRGraphError):
    """The ingested data would not conform to the shapes; nothing was written."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__("the result does not conform to the shapes; nothing was written:\n" + report.text())


class IngestLockedError(HRGraphError):
    """Another ingest holds the lock on the graph directory."""


@dataclass
class ChangeItem:
    """One node the ingest adds or changes, with what it adds, in words, and the rows it comes from."""

    node: URIRef
    curie: str
    label: str
    details: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def text(self) -> str:
        numbers = sorted(set(self.lines))
        where = f"line{'s' if len(numbers) > 1 else ''} {_ranges(numbers)}"
        lines = [f"  {self.curie}  {self.label}  [{where}]"]
        lines += [f"      + {detail}" for detail in self.details]
        lines += [f"      ! {conflict}" for conflict in self.conflicts]
        return "\n".join(lines)


@dataclass
class IngestResult:
    """What an ingest did (or, in a dry run, would do): nodes added, changed, conflicting; files written."""

    path: str
    rows: int
    added: list[ChangeItem] = field(default_factory=list)
    changed: list[ChangeItem] = field(default_factory=list)
    conflicting: list[ChangeItem] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    files: dict[Path, int] = field(default_factory=dict)
    written: bool = False
    dry_run: bool = False
    validation: ValidationReport | None = None

    @property
    def triples(self) -> int:
        return sum(self.files.values())

    def text(self) -> str:
        """The change in words: added, changed and conflicting nodes, unchanged rows, files."""
        mode = "dry run, nothing written" if self.dry_run else ("written" if self.written else "nothing to write")
        head = (f"{self.path}: {self.rows} rows: {len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.conflicting)} conflicting, {len(self.unchanged)} row{'' if len(self.unchanged) == 1 else 's'} "
                f"unchanged ({mode})")
        lines = [head]
        for title, items in (("Added", self.added), ("Changed", self.changed),
                             ("Conflicting (kept side by side, each with its source)", self.conflicting)):
            if items:
                lines += ["", f"{title}:"] + [item.text() for item in items]
        if self.unchanged:
            lines += ["", f"Unchanged (already in the graph): lines {_ranges(self.unchanged)}"]
        if self.files:
            lines += ["", "Files:"] + [f"  {path}: +{count} triples" for path, count in sorted(self.files.items())]
        if self.validation is not None and not self.validation.conforms:
            lines += ["", "Validation:", self.validation.text()]
        return "\n".join(lines) + "\n"


def _ranges(numbers: Sequence[int]) -> str:
    numbers = sorted(set(numbers))
    parts = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)


# ------------------------------------------------------------------ public API


def ingest(
    path: str | os.PathLike[str],
    *,
    graph_dir: str | os.PathLike[str] | None = None,
    into: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    wait: float = 30.0,
) -> IngestResult:
    """Ingest a CSV or YAML file of facts into the curated Turtle files of ``graph_dir``.

    ``graph_dir`` defaults to the bundled ``graph/``; ``into`` sends every new statement to one file
    instead of the file of each node's kind. Bad input raises IngestInputError listing every bad row;
    a result that does not validate raises IngestValidationError; in both cases nothing is written.
    Another ingest holding the directory's lock makes this one wait up to ``wait`` seconds, then
    raise IngestLockedError.
    """
    rows = read_rows(path, encoding=encoding)
    return ingest_rows(rows, graph_dir=graph_dir, into=into, dry_run=dry_run, wait=wait, name=str(path))


def ingest_rows(
    rows: Sequence[Row],
    *,
    graph_dir: str | os.PathLike[str] | None = None,
    into: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    wait: float = 30.0,
    name: str = "",
) -> IngestResult:
    """Ingest rows already read (see ``ingest``)."""
    directory = Path(graph_dir) if graph_dir is not None else GRAPH_DIR
    if not directory.is_dir():
        raise HRGraphError(f"{directory}: graph directory not found")
    target = Path(into) if into is not None else None
    if target is not None and target.suffix.lower() != ".ttl":
        raise HRGraphError(f"{target}: --into needs a Turtle file (.ttl)")
    if target is not None and not target.parent.is_dir():
        raise HRGraphError(f"{target}: directory {target.parent} does not exist")
    name = name or (rows[0].path if rows else "")
    lock = contextlib.nullcontext() if dry_run else graph_lock(directory, wait)
    with lock:
        files = _load_files(directory, target)
        builder = _Builder(files, target, directory)
        builder.run(rows)
        result = builder.result(name, len(rows))
        result.dry_run = dry_run
        new_files = builder.new_files()
        union = parse_file(ONTOLOGY_FILE)
        for graph in new_files.values():
            union += graph
        report = validate(union)
        result.validation = report
        if not report.conforms:
            raise IngestValidationError(report)
        if dry_run or not result.files:
            return result
        outputs = {path: serialize(new_files[path], "turtle") for path in result.files}
        write_all_atomic(outputs)
        result.written = True
    return result


@contextlib.contextmanager
def graph_lock(directory: Path, wait: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock (fcntl.flock) on ``directory`` while the block runs.

    A second ingest waits up to ``wait`` seconds for the first, then gives up with IngestLockedError,
    so that two ingests never both read the old files and one overwrites the other's work.
    """
    handle = os.open(directory, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IngestLockedError(
                        f"{directory}: locked by another ingest (waited {wait:g} s); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def _load_files(directory: Path, target: Path | None) -> dict[Path, Graph]:
    paths = sorted(directory.glob("*.ttl"))
    if target is not None and target.exists() and target.resolve() not in {p.resolve() for p in paths}:
        paths.append(target)
    return {path: parse_file(path) for path in paths}


# ------------------------------------------------------------------ building the change


class _Problem(Exception):
    """A row cannot be ingested; the message says why and what to do, the column where."""

    def __init__(self, column: str | None, message: str) -> None:
        self.column = column
        self.message = message


@dataclass
class _NodeLog:
    added: bool
    details: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


_IDENTITY = {
    HRG.Adoption: (HRG.adopter, HRG.instrument, HRG.adoptedAt, HRG.location),
    HRG.Event: (HRG.adopter, HRG.instrument, HRG.adoptedAt, HRG.location),
    HRG.Signature: (HRG.adopter, HRG.instrument),
    HRG.Designation: (HRG.adopter, HRG.instrument),
    HRG.Founding: (HRG.foundedBody,),
    HRG.EntryIntoForce: (HRG.instrument, HRG.location),
    HRG.Recommendation: (HRG.agent, HRG.instrument, HRG.about),
    HRG.Rejection: (HRG.agent, HRG.instrument),
    ORG.Membership: (ORG.member, ORG.organization, ORG.role),
    HRG.StatusClaim: (HRG.about, HRG.statusName),
    HRG.DateClaim: (HRG.about,),
    HRG.Naming: (HRG.about, HRG.name),
    HRG.Involvement: (PROV.agent, PROV.hadRole),
}
_FACT_PREFIX = {
    ORG.Membership: "membership", HRG.ProspectiveMembership: "membership", HRG.Quantity: "quantity", HRG.StatusClaim: "claim", HRG.DateClaim: "claim",
    HRG.Naming: "claim", HRG.Involvement: "claim",
}
_PLACE_CLASSES = (HRG.City, HRG.LocalGovernment, HRG.Region)
#: Standings that are not membership: a W3C ORG client must not count them as members.
PROSPECTIVE_STANDINGS = frozenset({ROLE["prospective-member"], ROLE.applicant, ROLE.observer})
_MEMBERSHIP = (ORG.Membership, (ORG.member, ORG.organization, ORG.role))
_PROSPECTIVE = (HRG.ProspectiveMembership, (HRG.prospect, HRG.prospectiveOrganization, HRG.standing))


class _Builder:
    """Works out the statements a list of rows adds to the curated files, row by row."""

    def __init__(self, files: dict[Path, Graph], target: Path | None, directory: Path) -> None:
        self.files = files
        self.target = target
        self.directory = directory
        self.graph = new_graph()
        self.ontology = parse_file(ONTOLOGY_FILE)
        self.home: dict[Node, Path] = {}
        for path, graph in files.items():
            self.graph += graph
            for subject in graph.subjects(RDF.type, None):
                self.home.setdefault(subject, path)
        self.view = self.graph + self.ontology
        self.new = new_graph()
        self.names: dict[str, set[URIRef]] = defaultdict(set)
        #: (entity, name, family, the name without accents or punctuation), for near matches
        self.name_list: list[tuple[URIRef, str, str | None, str]] = []
        for text, iris in name_index(self.graph).items():
            self.names[normalise_name(text)] |= iris
            for iri in iris:
                if text != _slug_of(iri):
                    self.name_list.append((iri, text, _family(iri), _plain(normalise_name(text))))
        self.taken: set[Node] = set(self.view.subjects()) | set(self.view.objects())
        self.sources_by_url: dict[str, URIRef] = {}
        for source, url in self.graph.subject_objects(SDO.url):
            if (source, RDF.type, HRG.Source) in self.graph:
                self.sources_by_url.setdefault(_url_key(str(url)), source)
        self.log: dict[Node, _NodeLog] = {}
        self.order: list[Node] = []
        self.problems: list[str] = []
        self.unchanged: list[int] = []
        self.row: Row | None = None
        self.source: URIRef | None = None
        self.created: dict[URIRef, Row] = {}
        self._undo: list[tuple] = []
        #: the statements the current row made or met again, for its attestations
        self.stated: list[tuple[Node, Node, Node]] = []

    # ---------------------------------------------------------- driving

    def run(self, rows: Sequence[Row]) -> None:
        self._duplicates(rows)
        for row in rows:  # names first, so that a row may use a name declared further down
            predicate = PREDICATES.get(_key(row.get("predicate")))
            if predicate is not None and predicate.handler == "name" and not row.get("date"):
                self._row(row, predicate)
        for row in rows:
            predicate = PREDICATES.get(_key(row.get("predicate")))
            if predicate is not None and predicate.handler == "name" and not row.get("date"):
                continue
            self._row(row, predicate)
        self._check_new_places()
        if self.problems:
            raise IngestInputError(self.problems)

    def _duplicates(self, rows: Sequence[Row]) -> None:
        seen: dict[tuple, int] = {}
        for row in rows:
            key = tuple(sorted(row.values.items()))
            if key in seen:
                self.problems.append(f"{row.where()}: duplicate row: the same as line {seen[key]}")
            else:
                seen[key] = row.line

    def _row(self, row: Row, predicate: Predicate | None) -> None:
        self.row = row
        checkpoint = len(self._undo)
        before = len(self.new)
        try:
            for column in ("subject", "predicate", "object"):
                if not row.get(column):
                    raise _Problem(column, f"empty {column}: every row needs subject, predicate, object and source_url")
            if predicate is None:
                raise _Problem("predicate", _unknown("predicate", row.get("predicate"), PREDICATES,
                                                     [p.name for p in PREDICATE_LIST]))
            for column, handlers in COLUMNS_ALLOWED.items():
                if row.get(column) and predicate.handler not in handlers:
                    raise _Problem(column, f"{predicate.name!r} takes no {column}"
                                           + (_DATE_HINT if column == "date" else ""))
            source = self.source = self._source()
            self.stated = []
            getattr(self, "_" + predicate.handler.replace("-", "_"))(row, predicate, source)
            self._attest_row()
        except _Problem as problem:
            self._rollback(checkpoint)
            self.problems.append(f"{row.where(problem.column) if problem.column else row.where()}: {problem.message}")
            return
        if len(self.new) == before:
            self.unchanged.append(row.line)

    # ---------------------------------------------------------- statements

    def _add(self, s: Node, p: Node, o: Node, detail: bool = True) -> bool:
        if self.source is not None and p not in BOOKKEEPING:
            self.stated.append((s, p, o))
        if (s, p, o) in self.graph:
            return False
        self.graph.add((s, p, o))
        self.view.add((s, p, o))
        self.new.add((s, p, o))
        self.taken.update((s, o))
        self._undo.append(("triple", (s, p, o)))
        log = self.log.get(s)
        if log is None:
            log = self.log[s] = _NodeLog(added=not self._exists_before(s))
            self.order.append(s)
            self._undo.append(("log", s))
        assert self.row is not None
        log.lines.append(self.row.line)
        if detail and p not in (RDF.type, RDFS.label):
            log.details.append(f"{self._label(p)}: {self._value(o)}")
        return True

    def _attest_row(self) -> None:
        """Attestation nodes: the row's source states each statement the row made or met again.

        The row's quote goes on those about an entity it names (the row's subject, as a rule)."""
        assert self.row is not None and self.source is not None
        quote = self.row.get("quote")
        stated, self.stated = self.stated, []
        for s, p, o in stated:
            if not is_attested_subject(s, set(self.graph.objects(s, RDF.type))):
                continue
            names = [normalise_name(str(n)) for n in _names(self.graph, s)]
            named = bool(quote) and any(n and n in normalise_name(quote) for n in names)
            for triple in attestation_triples(s, p, o, self.source, quote if named else None):
                if triple not in self.graph:
                    self._add(*triple, detail=False)

    def _exists_before(self, node: Node) -> bool:
        return any((node, None, None) in graph for graph in self.files.values())

    def _rollback(self, checkpoint: int) -> None:
        while len(self._undo) > checkpoint:
            kind, item = self._undo.pop()
            if kind == "triple":
                self.graph.remove(item)
                self.view.remove(item)
                self.new.remove(item)
            elif kind == "log":
                self.log.pop(item, None)
                self.order.remove(item)
            elif kind == "name":
                key, iri = item
                self.names[key].discard(iri)
                self.name_list = [entry for entry in self.name_list if not (entry[0] == iri and
                                                                            normalise_name(entry[1]) == key)]
            elif kind == "source":
                self.sources_by_url.pop(item, None)
            elif kind == "created":
                self.created.pop(item, None)

    def _label(self, node: Node) -> str:
        return label_of(self.view, node)

    def _value(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        curie = node.n3(self.graph.namespace_manager)
        label = self._label(node)
        return label if label == curie else f"{label} ({curie})"

    def _cite(self, node: URIRef, source: URIRef) -> None:
        self._add(node, PROV.wasDerivedFrom, source)

    def _annotate(self, node: URIRef) -> None:
        """The row's note; and its quote on a fact node (an entity's statements carry theirs on their attestations)."""
        assert self.row is not None
        if self.row.get("note"):
            self._add(node, SKOS.editorialNote, Literal(self.row.get("note"), lang="en"))
        if self.row.get("quote") and set(self.graph.objects(node, RDF.type)) & PER_SOURCE_FACTS:
            self._add(node, HRG.quote, Literal(self.row.get("quote")))

    # ---------------------------------------------------------- sources

    def _source(self) -> URIRef:
        row = self.row
        assert row is not None
        value = row.get("source_url")
        if not value:
            raise _Problem("source_url", "no source: every fact needs one (a URL, seed:000, seed:003 or an "
                                         "existing source's slug such as source/wikipedia-human-rights-city)")
        lowered = value.lower()
        if lowered.startswith("seed:"):
            key = lowered
            if key == "seed:000":
                hint = f"{row.get('note')} {row.get('date')} {row.get('as_of')}"
                key = next((post for pattern, post in _SEED_POST_HINTS if pattern.search(hint)), key)
            if key not in SEED_SOURCES:
                raise _Problem("source_url", f"unknown seed source {value!r}; known: {', '.join(SEED_SOURCES)}")
            return URIRef(f"{BASE}source/{SEED_SOURCES[key]}")
        if not lowered.startswith(("http://", "https://")):
            iri = _as_iri(value)
            if iri is not None and str(iri).startswith(f"{BASE}source/"):
                if (iri, RDF.type, HRG.Source) not in self.graph:
                    raise _Problem("source_url", f"no source {value!r} in the graph")
                return iri
            raise _Problem("source_url", f"{value!r} is not a source: give an http(s) URL, seed:000, seed:003 "
                                         "or an existing source's slug (source/...)")
        parts = urlsplit(value)
        if not parts.netloc or re.search(r"[\s<>\"{}|\\^`]", value):
            raise _Problem("source_url", f"{value!r} is not a valid URL")
        key = _url_key(value)
        if key in self.sources_by_url:
            return self.sources_by_url[key]
        return self._new_source(value, parts)

    def _new_source(self, url: str, parts) -> URIRef:  # type: ignore[no-untyped-def]
        row = self.row
        assert row is not None
        host = parts.netloc.lower().removeprefix("www.")
        slug = slugify(f"{host} {unquote(parts.path)} {parts.query}", limit=70) or slugify(host)
        iri = self._unique(f"{BASE}source/", slug)
        title = row.get("source_title")
        derived = not title
        if derived:
            words = [re.sub(r"[-_+]+", " ", re.sub(r"\.\w{1,5}$", "", w)).strip() for w in unquote(parts.path).split("/")]
            words = [w for w in words if len(re.findall(r"[^\W\d_]", w)) >= 3 and w.lower() not in _GENERIC_PATH_WORDS]
            tail = words[-1] if words else ""
            title = f"{tail[:1].upper()}{tail[1:]} ({host})" if tail else host
        self.sources_by_url[_url_key(url)] = iri
        self._undo.append(("source", _url_key(url)))
        self._add(iri, RDF.type, HRG.Source)
        self._add(iri, RDFS.label, Literal(title, lang="en"))
        self._add(iri, DCTERMS.title, Literal(title, lang="en"))
        self._add(iri, SDO.url, URIRef(url))
        if derived:
            self._add(iri, SKOS.editorialNote, Literal("Title derived from the URL by hrgraph ingest.", lang="en"))
        return iri

    # ---------------------------------------------------------- entities

    def _type(self, side: str) -> EntityType | None:
        assert self.row is not None
        text = self.row.get(f"{side}_type")
        if not text or _key(text) in VALUE_TYPES:
            return None
        found = TYPES.get(_key(text))
        if found is None:
            raise _Problem(f"{side}_type", _unknown("type", text, TYPES, [t.name for t in TYPE_LIST]))
        return found

    def entity(self, side: str, *, family: str | tuple[str, ...] | None = None, country: str | None = None) -> URIRef:
        """The entity a subject or object cell names: by id, exact name, or new; near names are refused.

        The row's source states the name it uses and the kind it gives: both are attested."""
        iri = self._entity(side, family=family, country=country)
        assert self.row is not None
        key = normalise_name(self.row.get(side))
        for p in _NAME_PROPERTIES:
            self.stated.extend((iri, p, name) for name in self.graph.objects(iri, p) if normalise_name(str(name)) == key)
        etype = self._type(side)
        if etype is not None and (iri, RDF.type, etype.cls) in self.graph:
            self.stated.append((iri, RDF.type, etype.cls))
        return iri

    def _entity(self, side: str, *, family: str | tuple[str, ...] | None, country: str | None) -> URIRef:
        row = self.row
        assert row is not None
        name, ident = row.get(side), row.get(f"{side}_id")
        etype = self._type(side)
        wanted: tuple[str, ...] | None = (FAMILIES[etype.kind],) if etype else (
            (family,) if isinstance(family, str) else family)
        if ident:
            return self._by_id(side, name, ident, etype)
        named = _as_iri(name) if not name.startswith(("http://", "https://")) else URIRef(name)
        if named is not None and str(named).startswith(BASE) and self._defined(named):
            return named  # a slug, CURIE or IRI of an entity in the graph
        key = normalise_name(name)
        candidates = {iri for iri in self.names.get(key, set()) if self._defined(iri)}
        if wanted:
            fitting = {iri for iri in candidates if _family(iri) in (*wanted, None)}
            if candidates and not fitting:
                found = ", ".join(f"{curie(self.graph, c)} ({_family(c)})" for c in sorted(candidates))
                raise _Problem(side, f"{name!r} names {found}, not a {etype.name if etype else ' or '.join(wanted)}; "
                                     f"give {side}_id to use it, or a new slug in {side}_id for another entity")
            candidates = fitting
        if country and candidates:
            fits = {iri for iri in candidates if self._country_fits(iri, country)}
            if not fits:
                if etype is None:
                    where = "; ".join(f"{curie(self.graph, c)}{self._country_note(c)}" for c in sorted(candidates))
                    raise _Problem(side, f"{name!r} is {where} in the graph, not in {country}: to create another "
                                         f"place of that name give {side}_type (and a slug in {side}_id if you wish)")
                return self._create(side, name, etype, country=country)
            candidates = fits
        if len(candidates) == 1:
            return candidates.pop()
        if candidates:
            found = ", ".join(f"{curie(self.graph, c)} ({self._label(c)}{self._country_note(c)})"
                              for c in sorted(candidates))
            raise _Problem(side, f"{name!r} names several entities: {found}; give {side}_id (one of them)")
        near = self._near(name, wanted)
        if near:
            found = "; ".join(f"{curie(self.graph, iri)} (named {text!r})" for iri, text in near)
            raise _Problem(side, f"{name!r} is not a name in the graph but is near {found}: if it is the same, "
                                 f"add {name!r} as its skos:altLabel (an 'also known as' row) or give its slug in "
                                 f"{side}_id; if it is another, give a new slug in {side}_id")
        if etype is None:
            raise _Problem(side, f"{name!r} is not in the graph: give {side}_type (city, organization, person, "
                                 "instrument, event...) to create it")
        return self._create(side, name, etype, country=country)

    def _defined(self, iri: URIRef) -> bool:
        return (iri, RDF.type, None) in self.graph

    def _by_id(self, side: str, name: str, ident: str, etype: EntityType | None) -> URIRef:
        iri = _as_iri(ident)
        if iri is None:
            raise _Problem(f"{side}_id", f"{ident!r} is not a slug or IRI: write kind/slug (city/saint-denis), "
                                         "a CURIE (city:saint-denis) or the full IRI")
        if (iri, None, None) in self.view:
            if etype and _family(iri) not in (FAMILIES.get(etype.kind), None):
                raise _Problem(f"{side}_id", f"{curie(self.graph, iri)} is a {_family(iri)}, "
                                             f"the row says {etype.name}")
            return iri
        kind, _, slug = str(iri).removeprefix(BASE).partition("/")
        if not str(iri).startswith(BASE) or kind not in DATA_KINDS or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            raise _Problem(f"{side}_id", f"{ident!r} names nothing in the graph, and is not a new slug "
                                         "(kind/lowercase-words-with-hyphens)")
        if etype is None:
            raise _Problem(f"{side}_type", f"{ident!r} is new: give {side}_type to create it")
        if etype.kind != kind:
            raise _Problem(f"{side}_id", f"a new {etype.name} gets an IRI of kind {etype.kind}/, not {kind}/")
        return self._create(side, name or slug, etype, iri=URIRef(iri))

    def _create(self, side: str, name: str, etype: EntityType, *, country: str | None = None,
                iri: URIRef | None = None) -> URIRef:
        row = self.row
        assert row is not None
        if iri is None:
            slug = slugify(name)
            if not slug:
                raise _Problem(side, f"cannot make a slug from {name!r}: give one in {side}_id")
            namespace = f"{BASE}{etype.kind}/"
            if URIRef(namespace + slug) in self.taken and country:
                slug = f"{slug}-{slugify(country)}"
            iri = self._unique(namespace, slug)
        self._add(iri, RDF.type, etype.cls)
        self._add(iri, RDFS.label, Literal(name, lang="en"))
        for p, o in etype.extra:
            self._add(iri, p, o)
        if self.source is not None:
            self._add(iri, PROV.wasDerivedFrom, self.source)
        self._register(iri, name)
        self._register(iri, str(iri).rsplit("/", 1)[-1], slug=True)
        self.created[iri] = row
        self._undo.append(("created", iri))
        return iri

    def _register(self, iri: URIRef, name: str, *, slug: bool = False) -> None:
        key = normalise_name(name)
        if iri not in self.names[key]:
            self.names[key].add(iri)
            if not slug:
                self.name_list.append((iri, name, _family(iri), _plain(key)))
            self._undo.append(("name", (key, iri)))

    def _unique(self, namespace: str, slug: str) -> URIRef:
        taken = self.taken
        iri = URIRef(namespace + slug)
        number = 2
        while iri in taken:
            iri = URIRef(f"{namespace}{slug}-{number}")
            number += 1
        return iri

    def _country_fits(self, iri: URIRef, country: str) -> bool:
        existing = list(self.graph.objects(iri, HRG.country))
        if not existing:
            return True
        key = normalise_name(country)
        return any(key in {normalise_name(str(n)) for n in _names(self.graph, c)} | {normalise_name(str(c).rsplit("/", 1)[-1])}
                   for c in existing)

    def _country_note(self, iri: URIRef) -> str:
        countries = [self._label(c) for c in self.graph.objects(iri, HRG.country)]
        return f", {', '.join(countries)}" if countries else ""

    def _near(self, name: str, family: str | tuple[str, ...] | None) -> list[tuple[URIRef, str]]:
        """Entities with a name close to ``name`` but not equal: accents, punctuation, a few letters, a word."""
        families = (family,) if isinstance(family, str) else family
        found: dict[URIRef, str] = {}
        plain = _plain(normalise_name(name))
        for iri, text, entry_family, entry_plain in self.name_list:
            if entry_family is None or (families is not None and entry_family not in families):
                continue
            if _is_near(name, text, plain, entry_plain) and self._defined(iri):
                found.setdefault(iri, text)
        return sorted(found.items())[:5]

    # ---------------------------------------------------------- handlers: names and plain relations

    def _name(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        entity = self.entity("subject")
        name = row.get("object")
        assert predicate.prop is not None
        others = {iri for iri in self.names.get(normalise_name(name), set())
                  if iri != entity and self._defined(iri) and _family(iri) == _family(entity)}
        if others:
            found = ", ".join(curie(self.graph, iri) for iri in sorted(others))
            raise _Problem("object", f"{name!r} already names {found}; a name may stand for one entity only")
        value = Literal(name) if predicate.prop == HRG.abbreviation else Literal(name, lang="en")
        known = {normalise_name(str(n)) for n in _names(self.graph, entity)}
        if predicate.prop != SKOS.altLabel or normalise_name(name) not in known:
            if not any(normalise_name(str(n)) == normalise_name(name)
                       for n in self.graph.objects(entity, predicate.prop)):
                self._add(entity, predicate.prop, value)
        self._register(entity, name)
        self._cite(entity, source)
        if row.get("date"):
            date = self._date("date")
            claim = self._claim(HRG.Naming, [(HRG.about, entity), (HRG.name, Literal(name, lang="en"))], date,
                                source, f"{self._label(entity)}: named {name} from {date}",
                                f"{_slug_of(entity)}-named-{slugify(name, 50)}-{date}")
            self._annotate(claim)
        else:
            self._annotate(entity)

    def _attribute(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        inverse = predicate.inverse
        subject = self.entity("subject")
        if predicate.slots[1] == "integer":
            if not re.fullmatch(r"[1-9]\d*", row.get("object")):
                raise _Problem("object", f"{row.get('object')!r} is not a positive whole number")
            value: Node = Literal(row.get("object"), datatype=XSD.integer)
        else:
            value = self.entity("object")
        s, o = (value, subject) if inverse else (subject, value)
        assert isinstance(s, URIRef) and predicate.prop is not None
        self._add(s, predicate.prop, o)
        self._cite(s, source)
        self._annotate(s)

    def _wikidata(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        subject = self.entity("subject")
        qid = row.get("object").upper()
        if not re.fullmatch(r"Q[1-9]\d*", qid):
            raise _Problem("object", f"{row.get('object')!r} is not a Wikidata item id (Q followed by digits)")
        self._add(subject, SDO.sameAs, URIRef(WIKIDATA + qid))
        self._cite(subject, source)
        self._annotate(subject)

    def _location(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        subject_type = self._type("subject")
        object_type = self._type("object")
        place_subject = subject_type is not None and subject_type.cls in (*_PLACE_CLASSES, HRG.Country)
        country = row.get("object") if (object_type is not None and object_type.cls == HRG.Country) else None
        if object_type is None and not row.get("object_id"):
            named = self.names.get(normalise_name(row.get("object")), set())
            if any((iri, RDF.type, HRG.Country) in self.graph for iri in named):
                country = row.get("object")
        subject = self.entity("subject", country=country if place_subject or subject_type is None else None)
        place = self.entity("object", family="place")
        subject_classes = set(self.graph.objects(subject, RDF.type))
        place_classes = set(self.graph.objects(place, RDF.type))
        if subject_classes & set(_PLACE_CLASSES) and HRG.Country in place_classes:
            current = set(self.graph.objects(subject, HRG.country))
            if current and place not in current:
                names = ", ".join(self._label(c) for c in sorted(current))
                raise _Problem("object", f"{self._label(subject)} is in {names} in the graph; for another place "
                                         "of the same name give a new slug in subject_id")
            self._add(subject, HRG.country, place)
        elif subject_classes & {HRG.Country, *_PLACE_CLASSES}:
            self._add(subject, HRG.locatedIn, place)
        else:
            self._add(subject, HRG.location, place)
        self._cite(subject, source)
        self._annotate(subject)

    def _part(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        subject = self.entity("subject")
        whole = self.entity("object")
        kinds = set(self.view.objects(subject, RDF.type))
        whole_kinds = set(self.view.objects(whole, RDF.type))
        if _family(subject) == "organization" and _family(whole) == "organization":
            prop = ORG.unitOf if HRG.OrganizationalUnit in kinds else ORG.subOrganizationOf
        elif HRG.OrganizationalUnit in kinds and whole_kinds & {HRG.City, HRG.LocalGovernment}:
            prop = ORG.unitOf  # a city's office or council: a unit of the city taken as its government
        elif _family(subject) == "event" and HRG.EventSeries in whole_kinds:
            prop = HRG.partOfSeries
        elif _family(subject) == "place" and _family(whole) == "place":
            prop = HRG.locatedIn
        else:
            prop = DCTERMS.isPartOf
        del kinds
        self._add(subject, prop, whole)
        self._cite(subject, source)
        self._annotate(subject)

    def _entity_date(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        entity = self.entity("subject")
        date = self._date("object")
        assert predicate.prop is not None
        if predicate.prop in (HRG.date, HRG.endDate):
            self._annotate(self._date_of(entity, date, source, predicate.prop))
            return
        current = list(self.graph.objects(entity, predicate.prop))
        if current and date not in current:
            raise _Problem("object", f"{self._label(entity)} already has {self._label(predicate.prop)} "
                                     f"{current[0]}; a different one needs a fact row")
        self._add(entity, predicate.prop, date)
        self._cite(entity, source)
        self._annotate(entity)

    def _date_of(self, entity: URIRef, date: Literal, source: URIRef, prop: URIRef = HRG.date) -> URIRef:
        """Give ``entity`` its date (or end date), or keep a different one from this source beside its own
        (a hrg:DateClaim with the same property)."""
        current = list(self.graph.objects(entity, prop))
        unknown = prop == HRG.date and (entity, HRG.dateUnknown, Literal(True)) in self.graph
        if date in current:
            self._cite(entity, source)
            return entity
        if not current and not unknown:
            self._add(entity, prop, date)
            self._cite(entity, source)
            return entity
        if prop == HRG.date:
            return self._claim(HRG.DateClaim, [(HRG.about, entity)], date, source,
                               f"{self._label(entity)}: dated {date} by another source",
                               f"{_slug_of(entity)}-dated-{date}")
        return self._claim(HRG.DateClaim, [(HRG.about, entity), (prop, date)], None, source,
                           f"{self._label(entity)}: ended {date} by another source",
                           f"{_slug_of(entity)}-ended-{date}")

    def _date(self, column: str) -> Literal:
        assert self.row is not None
        try:
            return parse_date(self.row.get(column))
        except ValueError as error:
            raise _Problem(column, str(error)) from None

    def _optional_date(self, column: str = "date") -> Literal | None:
        assert self.row is not None
        return self._date(column) if self.row.get(column) else None

    # ---------------------------------------------------------- handlers: events

    def _held(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        event = self.entity("subject", family=("event", "series"))
        place = self.entity("object", family="place")
        self._add(event, HRG.location, place)
        self._cite(event, source)
        date = self._optional_date()
        if date is not None and _family(event) == "series":
            raise _Problem("date", "a series has no single date: give when it was first held in a 'first held' row")
        if date is not None:
            self._date_of(event, date, source)
        self._annotate(event)

    def _involvement(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        event_side, agent_side = ("subject", "object") if predicate.slots[0] == "event" else ("object", "subject")
        event = self.entity(event_side, family=("event", "series"))
        agent = self.entity(agent_side)
        role = self._role() or predicate.role
        assert predicate.prop is not None and role is not None
        if _family(event) not in ("event", "series"):
            raise _Problem(event_side, f"{self._label(event)} is not an event")
        date = self._optional_date()
        key = [(PROV.agent, agent), (PROV.hadRole, role)]
        existing = [node for node in self.graph.objects(event, PROV.qualifiedAssociation)
                    if self._matches(node, HRG.Involvement, key, date, source)]
        if existing:
            node = existing[0]
        else:
            label = f"{self._label(agent)}, {self._label(role)} of {self._label(event)}"
            node = self._new_fact(HRG.Involvement, f"{_slug_of(agent)}--{_slug_of(event)}--{_slug_of(role)}", label)
            self._add(event, PROV.qualifiedAssociation, node)
            for p, o in key:
                self._add(node, p, o)
            if date is not None:
                self._add(node, HRG.date, date)
            self._cite(node, source)
            self._conflicting_organizers(node, event, role, agent, source)
        if _family(event) == "event":  # the plain triple; hrg:organizer and the like are said of events only
            self._add(event, predicate.prop if role == predicate.role else _ROLE_PROPERTY.get(role, HRG.participant),
                      agent, detail=False)
        self._annotate(node)

    def _conflicting_organizers(self, node: URIRef, event: URIRef, role: URIRef, agent: URIRef,
                                source: URIRef) -> None:
        if role not in (ROLE.organizer, ROLE.host):
            return
        for other in self.graph.objects(event, PROV.qualifiedAssociation):
            if other == node or self.graph.value(other, PROV.hadRole) not in (ROLE.organizer, ROLE.host):
                continue
            other_agent = self.graph.value(other, PROV.agent)
            other_sources = set(self.graph.objects(other, PROV.wasDerivedFrom))
            if other_agent != agent and source not in other_sources:
                self.log[node].conflicts.append(
                    f"another source names {self._label(other_agent)} as "
                    f"{self._label(self.graph.value(other, PROV.hadRole))}: {curie(self.graph, other)}")

    def _role(self) -> URIRef | None:
        assert self.row is not None
        text = self.row.get("role")
        if not text:
            return None
        wanted = _key(text)
        roles = {}
        for role in self.ontology.subjects(SKOS.inScheme, ROLE.roles):
            roles[_key(str(role).rsplit("/", 1)[-1])] = role
            for label in self.ontology.objects(role, RDFS.label):
                roles[_key(str(label))] = role
        if wanted in roles:
            return roles[wanted]
        names = sorted(str(self.ontology.value(r, RDFS.label)) for r in set(roles.values()))
        raise _Problem("role", _unknown("role", text, roles, names))

    # ---------------------------------------------------------- handlers: facts

    def _membership(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        member = self.entity("subject")
        organization = self.entity("object")
        role = self._role() or predicate.role
        if role is None:
            raise _Problem("role", f"{predicate.name!r} needs a role (mayor, president, member...)")
        start = self._optional_date()
        attested = self._optional_date("as_of")
        cls, properties = _PROSPECTIVE if role in PROSPECTIVE_STANDINGS else _MEMBERSHIP
        key = list(zip(properties, (member, organization, role), strict=True))
        node = self._fact(cls, key, start, source, date_property=HRG.startDate,
                          label=f"{self._label(member)}, {self._label(role)} of {self._label(organization)}"
                                + (f" (since {start})" if start else (f" (attested {attested})" if attested else "")),
                          slug=f"{_slug_of(member)}--{_slug_of(organization)}--{_slug_of(role)}",
                          conflict_key=key)
        if start is None:
            self._add(node, HRG.dateUnknown, Literal(True))
        if attested is not None and not any(_compatible(attested, a) for a in self.graph.objects(node, HRG.attestedIn)):
            self._add(node, HRG.attestedIn, attested)
        self._annotate(node)

    def _adoption(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        first, second = predicate.slots
        values = {first: self.entity("subject", family=_SLOT_FAMILY.get(first)),
                  second: self.entity("object", family=_SLOT_FAMILY.get(second))}
        date = self._optional_date()
        key = [(p, values[slot]) for slot, p in (("adopter", HRG.adopter), ("instrument", HRG.instrument),
                                                  ("event", HRG.adoptedAt), ("place", HRG.location)) if slot in values]
        instrument = values["instrument"]
        by = values.get("adopter") or values.get("event") or values.get("place")
        assert by is not None
        cls = HRG.Adoption if date is not None else HRG.Event
        label = f"{self._label(instrument)} adopted {_SLOT_WORD[[k for k in values if k != 'instrument'][0]]} " \
                f"{self._label(by)} ({date or 'date unknown'})"
        node = self._fact(cls, key, date, source, label=label,
                          slug=_dated_slug(f"adoption-{_joined(by, instrument)}", date),
                          conflict_key=[(HRG.instrument, instrument)])
        if date is None:
            self._add(node, HRG.dateUnknown, Literal(True))
            note = "Typed hrg:Event, not hrg:Adoption: an adoption needs a date and the source gives none."
            self._add(node, SKOS.editorialNote, Literal(note, lang="en"))
        elif not row.get("process") and (node, HRG.process, None) not in self.graph and \
                (node, SKOS.editorialNote, None) not in self.graph:
            note = "hrg:process and hrg:adoptingBody are left out: the source does not say by which process or body."
            self._add(node, SKOS.editorialNote, Literal(note, lang="en"))
        self._process(node)
        self._annotate(node)

    def _signature(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        signer = self.entity("subject")
        instrument = self.entity("object", family="instrument")
        date = self._optional_date()
        key = [(HRG.adopter, signer), (HRG.instrument, instrument)]
        node = self._fact(HRG.Signature, key, date, source,
                          label=f"{self._label(signer)} signs {self._label(instrument)} ({date or 'date unknown'})",
                          slug=f"signature-{_joined(signer, instrument)}", conflict_key=key)
        if date is None:
            self._add(node, HRG.dateUnknown, Literal(True))
        self._process(node)
        self._annotate(node)

    def _designation(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        place = self.entity("subject", family="place")
        if not row.get("process"):
            raise _Problem("process", "a designation needs a process: formal (an official commitment) or informal")
        date = self._optional_date()
        key: list[tuple[URIRef, Node]] = [(HRG.adopter, place)]
        if _key(row.get("object_type")) == "status":
            status = row.get("object")
            key.append((HRG.statusName, Literal(status)))
            what = f"declares itself a {status}"
        else:
            instrument = self.entity("object", family="instrument")
            key.append((HRG.instrument, instrument))
            what = f"declares itself a human rights city by {self._label(instrument)}"
        node = self._fact(HRG.Designation, key, date, source,
                          label=f"{self._label(place)} {what} ({date or 'date unknown'})",
                          slug=f"designation-{_slug_of(place)}-{date or 'undated'}",
                          conflict_key=[(HRG.adopter, place)])
        if date is None:
            self._add(node, HRG.dateUnknown, Literal(True))
        self._process(node)
        self._annotate(node)

    def _process(self, node: URIRef) -> None:
        assert self.row is not None
        text = self.row.get("process")
        if not text:
            return
        value = {"formal": HRG.formal, "informal": HRG.informal}.get(text.strip().lower())
        if value is None:
            raise _Problem("process", f"{text!r}: the process is formal or informal")
        current = set(self.graph.objects(node, HRG.process))
        if current and value not in current:
            raise _Problem("process", f"{curie(self.graph, node)} is already {self._label(next(iter(current)))}")
        self._add(node, HRG.process, value)

    def _status(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        place = self.entity("subject", family="place")
        status = row.get("object")
        date = self._optional_date()
        if date is None and row.get("as_of"):
            date = self._date("as_of")
        example = URIRef(f"{BASE}principle/human-rights-city")
        first = predicate.name == "called the first"
        if (not first and normalise_name(status) == "human rights city" and (example, SKOS.example, place) in self.graph
                and (place, PROV.wasDerivedFrom, source) in self.graph and date is None):
            return  # the seeds' way of saying it: an example of a human rights city, on this source
        key: list[tuple[URIRef, Node]] = [(HRG.about, place), (HRG.statusName, Literal(status))]
        words, slug = "described as", "described-as"
        if first:
            key.append((HRG.calledFirst, Literal(True)))
            words, slug = "called the first", "called-the-first"
        node = self._claim(HRG.StatusClaim, key, date, source, f"{self._label(place)} {words} {status}",
                           f"{_slug_of(place)}-{slug}-{slugify(status, 40)}")
        self._annotate(node)

    def _recommendation(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        first, second = predicate.slots
        date = self._optional_date()
        key: list[tuple[URIRef, Node]] = []
        if first == "place":
            place = self.entity("subject", family="place")
            key.append((HRG.about, place))
            if _key(row.get("object_type")) == "status":
                key.append((HRG.statusName, Literal(row.get("object"))))
            else:
                key.append((HRG.instrument, self.entity("object", family="instrument")))
            subject = place
        else:
            values = {first: self.entity("subject"), second: self.entity("object")}
            key = [(HRG.agent, values["agent"]), (HRG.instrument, values["instrument"])]
            subject = values["instrument"]
        if first == "place":
            status = row.get("object") if _key(row.get("object_type")) == "status" else "human rights city"
            text = f"Recommendation that {self._label(subject)} become a {status}"
        else:
            text = f"{self._label(key[0][1])} recommends {self._label(key[1][1])}"
        node = self._fact(HRG.Recommendation, key, date, source, label=f"{text} ({date or 'date unknown'})",
                          slug=f"recommendation-{_slug_of(subject)}-{date or 'undated'}", conflict_key=key[:1])
        if date is None:
            self._add(node, HRG.dateUnknown, Literal(True))
        self._annotate(node)

    def _rejection(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        first, second = predicate.slots
        values = {first: self.entity("subject"), second: self.entity("object")}
        key = [(HRG.agent, values["agent"]), (HRG.instrument, values["instrument"])]
        date = self._optional_date()
        node = self._fact(HRG.Rejection, key, date, source,
                          label=f"{self._label(values['agent'])} rejects {self._label(values['instrument'])} "
                                f"({date or 'date unknown'})",
                          slug=f"rejection-{_joined(values['agent'], values['instrument'])}", conflict_key=key)
        if date is None:
            self._add(node, HRG.dateUnknown, Literal(True))
        self._annotate(node)

    def _entry(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        instrument = self.entity("subject", family="instrument")
        key: list[tuple[URIRef, Node]] = [(HRG.instrument, instrument)]
        obj = row.get("object")
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", obj) and _key(row.get("object_type")) in ("", "date", "literal"):
            date = self._date("object")
            if row.get("date") and parse_date(row.get("date")) != date:
                raise _Problem("date", "the object is already the date; leave the date column empty")
        else:
            key.append((HRG.location, self.entity("object", family="place")))
            date = self._optional_date()
        node = self._fact(HRG.EntryIntoForce, key, date, source,
                          label=f"{self._label(instrument)} enters into force ({date or 'date unknown'})",
                          slug=f"entry-into-force-{_slug_of(instrument)}-{date or 'undated'}",
                          conflict_key=[(HRG.instrument, instrument)])
        if date is None:
            self._add(node, HRG.dateUnknown, Literal(True))
        self._annotate(node)

    def _founding(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        first, second = predicate.slots
        if second == "date":
            body = self.entity("subject", family="organization")
            date: Literal | None = self._date("object")
            extra: list[tuple[URIRef, Node]] = []
        else:
            values = {first: self.entity("subject", family=_SLOT_FAMILY.get(first)),
                      second: self.entity("object", family=_SLOT_FAMILY.get(second))}
            body = values["body"]
            date = self._optional_date()
            extra = [(p, values[slot]) for slot, p in (("place", HRG.location), ("founder", HRG.founder),
                                                        ("event", HRG.occasion)) if slot in values]
        if _family(body) == "event":  # an initiative or process launched by someone: its founder and date
            for p, o in extra:
                self._add(body, p, o)
            self._cite(body, source)
            if date is not None:
                self._date_of(body, date, source)
            self._annotate(body)
            return
        if _family(body) != "organization":
            raise _Problem("subject" if first == "body" else "object",
                           f"{self._label(body)} is not an organization or an initiative")
        node = self._fact(HRG.Founding, [(HRG.foundedBody, body)], date, source,
                          label=f"Founding of {self._label(body)} ({date or 'date unknown'})",
                          slug=f"founding-{_slug_of(body)}-{date or 'undated'}",
                          conflict_key=[(HRG.foundedBody, body)])
        for p, o in extra:
            self._add(node, p, o)
        if date is None and (node, HRG.date, None) not in self.graph:
            self._add(node, HRG.dateUnknown, Literal(True))
        self._annotate(node)

    def _quantity(self, row: Row, predicate: Predicate, source: URIRef) -> None:
        subject = self.entity("subject")
        try:
            value, qualifier, unit, total = parse_count(row.get("object"))
        except ValueError as error:
            raise _Problem("object", str(error)) from None
        date = self._optional_date() or (self._date("as_of") if row.get("as_of") else None)
        assert predicate.prop is not None
        key: list[tuple[URIRef, Node]] = [(HRG.countValue, Literal(value)), (HRG.countQualifier, qualifier),
                                          (SDO.unitText, Literal(unit))]
        if total is not None:
            key.append((HRG.countTotal, Literal(total)))
        existing = [q for q in self.graph.objects(subject, predicate.prop)
                    if self._matches(q, HRG.Quantity, key, date, source)]
        if existing:
            node = existing[0]
        else:
            statement = row.get("object")
            host = self._source_word(source)
            node = self._new_fact(HRG.Quantity, f"{_slug_of(subject)}-{slugify(self._label(predicate.prop))}-"
                                                f"{value}-{slugify(host, 30)}",
                                  f"{self._label(subject)} {self._label(predicate.prop)} ({host}): {statement}")
            self._add(subject, predicate.prop, node)
            for p, o in key:
                self._add(node, p, o)
            if date is not None:
                self._add(node, HRG.date, date)
            self._cite(node, source)
            for other in self.graph.objects(subject, predicate.prop):
                if other != node and (other, HRG.countValue, Literal(value)) not in self.graph:
                    statement_other = self._label(other)
                    self.log[node].conflicts.append(f"another count: {curie(self.graph, other)} {statement_other}")
        self._annotate(node)

    # ---------------------------------------------------------- fact nodes

    def _fact(self, cls: URIRef, key: list[tuple[URIRef, Node]], date: Literal | None, source: URIRef, *,
              label: str, slug: str, conflict_key: list[tuple[URIRef, Node]],
              date_property: URIRef = HRG.date) -> URIRef:
        """The fact node of ``cls`` with ``key`` and ``date`` on this source: found, or made."""
        for node in self._with(key, cls):
            if self._matches(node, cls, key, date, source, date_property):
                return node
        alternatives = [f"{slug}-{date}"] if date is not None and not slug.endswith(str(date)) else []
        node = self._new_fact(cls, slug, label, [*alternatives, f"{slug}-{self._source_word(source)}"])
        for p, o in key:
            self._add(node, p, o)
        if date is not None:
            self._add(node, date_property, date)
        self._cite(node, source)
        for other in self._with(conflict_key, cls):
            if other == node:
                continue
            other_dates = list(self.graph.objects(other, date_property))
            if date is not None and other_dates and not any(_compatible(date, d) for d in other_dates):
                self.log[node].conflicts.append(
                    f"{curie(self.graph, other)} says {other_dates[0]} ({self._sources_of(other)})")
        return node

    def _with(self, key: list[tuple[URIRef, Node]], cls: URIRef) -> list[URIRef]:
        """The nodes of ``cls`` that have every (property, value) of ``key``."""
        p, o = key[0]
        return sorted(n for n in self.graph.subjects(p, o)
                      if (n, RDF.type, cls) in self.graph and all((n, q, v) in self.graph for q, v in key[1:]))

    def _matches(self, node: Node, cls: URIRef, key: list[tuple[URIRef, Node]], date: Literal | None,
                 source: URIRef, date_property: URIRef = HRG.date) -> bool:
        if (node, RDF.type, cls) not in self.graph or (node, PROV.wasDerivedFrom, source) not in self.graph:
            return False
        identity = {p for p, _ in key} | set(_IDENTITY.get(cls, ()))
        wanted: dict[URIRef, set[Node]] = defaultdict(set)
        for p, o in key:
            wanted[p].add(o)
        for p in identity:
            if set(self.graph.objects(node, p)) != wanted.get(p, set()):
                return False
        return set(self.graph.objects(node, date_property)) == ({date} if date is not None else set())

    def _claim(self, cls: URIRef, key: list[tuple[URIRef, Node]], date: Literal | None, source: URIRef,
               label: str, slug: str) -> URIRef:
        return self._fact(cls, key, date, source, label=label, slug=slug, conflict_key=key)

    def _new_fact(self, cls: URIRef, slug: str, label: str, alternatives: Sequence[str] = ()) -> URIRef:
        """A new fact node: its slug, or the first alternative not taken (with its date, its source's site)."""
        namespace = f"{BASE}{_FACT_PREFIX.get(cls, 'event')}/"
        slugs = ["--".join(filter(None, (slugify(part, 110) for part in text.split("--")))) for text in (slug, *alternatives)]
        free = [candidate for candidate in slugs if URIRef(namespace + candidate) not in self.taken]
        iri = URIRef(namespace + free[0]) if free else self._unique(namespace, slugs[0])
        self._add(iri, RDF.type, cls)
        self._add(iri, RDFS.label, Literal(label, lang="en"))
        return iri

    def _sources_of(self, node: Node) -> str:
        return ", ".join(self._source_word(s) for s in sorted(self.graph.objects(node, PROV.wasDerivedFrom)))

    def _source_word(self, source: Node) -> str:
        url = self.graph.value(source, SDO.url)
        if url is not None:
            return urlsplit(str(url)).netloc.lower().removeprefix("www.")
        return str(self.graph.value(source, DCTERMS.title) or curie(self.graph, source))

    # ---------------------------------------------------------- checks and results

    def _check_new_places(self) -> None:
        for iri, row in self.created.items():
            kinds = set(self.graph.objects(iri, RDF.type))
            if kinds & {HRG.City, HRG.LocalGovernment, HRG.Region} and (iri, HRG.country, None) not in self.graph:
                self.problems.append(f"{row.where()}: new place {self._label(iri)!r} ({curie(self.graph, iri)}) "
                                     f"has no country: add a row '{self._label(iri)}, located in, COUNTRY'")
        for iri in list(self.created):
            if (HRG.Event in set(self.view.objects(iri, RDF.type)) or self._is_event(iri)) and \
                    (iri, HRG.date, None) not in self.graph and (iri, HRG.dateUnknown, None) not in self.graph:
                self.row = self.created[iri]
                self._add(iri, HRG.dateUnknown, Literal(True))

    def _is_event(self, iri: URIRef) -> bool:
        return any((cls, RDFS.subClassOf, HRG.Event) in self.ontology or cls == HRG.Event
                   for cls in self.graph.objects(iri, RDF.type))

    def result(self, path: str, rows: int) -> IngestResult:
        result = IngestResult(path=path, rows=rows, unchanged=sorted(self.unchanged))
        for node in self.order:
            if str(node).startswith(STATEMENT_NAMESPACE):  # counted in the files' triples, not listed
                continue
            log = self.log[node]
            item = ChangeItem(node, curie(self.graph, node), self._label(node), log.details, log.lines,
                              log.conflicts)
            if log.conflicts:
                result.conflicting.append(item)
            elif log.added:
                result.added.append(item)
            else:
                result.changed.append(item)
        for path_, graph in self._additions().items():
            result.files[path_] = len(graph)
        return result

    def _additions(self) -> dict[Path, Graph]:
        by_file: dict[Path, Graph] = {}
        for s, p, o in self.new:
            path = self._file_of(s)
            by_file.setdefault(path, new_graph()).add((s, p, o))
        return by_file

    def _file_of(self, node: Node) -> Path:
        if self.target is not None:
            return self.target
        if node in self.home:
            return self.home[node]
        kind = str(node).removeprefix(BASE).split("/", 1)[0]
        return self.directory / KIND_FILES.get(kind, "events.ttl")

    def new_files(self) -> dict[Path, Graph]:
        """Every data file as it will be: the old ones with their additions, and any new file."""
        result = {path: graph for path, graph in self.files.items()}
        for path, graph in self._additions().items():
            merged = new_graph()
            if path in result:
                merged += result[path]
            merged += graph
            result[path] = merged
        return result


_DATE_HINT = (": a plain relation has no date. Record the date on the fact it belongs to (a 'dated' row for an "
              "instrument or event, 'founded on' for a body...) or in the note")
_SLOT_FAMILY = {"instrument": "instrument", "event": "event", "place": "place", "body": None, "founder": None,
                "adopter": None, "agent": None}
_SLOT_WORD = {"adopter": "by", "event": "at", "place": "in"}
_ROLE_PROPERTY = {ROLE.organizer: HRG.organizer, ROLE.host: HRG.host, ROLE.partner: HRG.partner,
                  ROLE.speaker: HRG.speaker}


def _family(iri: Node) -> str | None:
    text = str(iri)
    if not text.startswith(BASE):
        return None
    return FAMILIES.get(text.removeprefix(BASE).split("/", 1)[0])


def _slug_of(iri: Node) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _joined(first: Node, second: Node) -> str:
    """Two slugs as one, the second alone when it already starts with the first; each cut to 50 letters."""
    a, b = _short(_slug_of(first)), _short(_slug_of(second))
    return b if b.startswith(a) else f"{a}-{b}"


def _short(slug: str, limit: int = 50) -> str:
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]


def _dated_slug(slug: str, date: Node | None) -> str:
    """``slug-date`` (``-undated`` without one), unless the slug already ends with the date."""
    tail = str(date) if date is not None else "undated"
    return slug if slug.endswith(f"-{tail}") else f"{slug}-{tail}"


_NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, HRG.formerName, HRG.abbreviation)


def _names(graph: Graph, iri: Node) -> list[Node]:
    return [name for p in _NAME_PROPERTIES for name in graph.objects(iri, p)]


def _url_key(url: str) -> str:
    return url.strip().rstrip("/")


def _as_iri(text: str) -> URIRef | None:
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    prefix, colon, local = text.partition(":")
    if colon and local and prefix in PREFIXES:
        return PREFIXES[prefix][local]
    kind, slash, slug = text.partition("/")
    if slash and slug and kind in DATA_KINDS:
        return URIRef(f"{BASE}{kind}/{slug}")
    return None


def _compatible(a: Node, b: Node) -> bool:
    """Two dates agree when one contains the other: 2009 and 2009-06-30."""
    x, y = str(a), str(b)
    return x.startswith(y) or y.startswith(x)


_GENERIC_PATH_WORDS = {"index", "default", "view", "page", "pages", "board", "typo3", "cms", "internet", "sub", "main"}
_STOPWORDS = {"the", "of", "for", "a", "an", "and", "in", "on", "de", "la", "le", "du", "des", "der", "die"}


def _is_near(a: str, b: str, fx: str | None = None, fy: str | None = None) -> bool:
    """True when two names differ but look like one name: accents or punctuation, a parenthesis, a word
    more or less in a long name, a few letters.

    Names with different numbers are different things (the 2013 and the 2014 forum, resolutions 39/7
    and 45/7); a short name inside a long one is not enough ("Human Rights Council" is not "Human
    Rights Council of Graz").

    >>> _is_near("Nurnberg", "Nürnberg"), _is_near("#RightsCity 2019", "#RightsCity 2019 (third edition)")
    (True, True)
    >>> _is_near("World Human Rights Cities Forum 2013", "1st World Human Rights Cities Forum (2011)")
    False
    >>> _is_near("Human Rights Council of Graz", "Human Rights Council")
    False
    >>> _is_near("UN General Assembly 44th session", "UN General Assembly 3rd session")
    False
    """
    x, y = normalise_name(a), normalise_name(b)
    if x == y:
        return False
    fx = _plain(x) if fx is None else fx
    fy = _plain(y) if fy is None else fy
    if fx == fy or _plain(re.sub(r"\([^)]*\)", " ", x)) == _plain(re.sub(r"\([^)]*\)", " ", y)):
        return True
    for pattern in (r"\b(\d+)\b", r"\b(\d+)(?:st|nd|rd|th)\b"):  # numbers, then ordinals
        numbers_x, numbers_y = set(re.findall(pattern, fx)), set(re.findall(pattern, fy))
        if numbers_x and numbers_y and numbers_x != numbers_y:
            return False
    words_x, words_y = set(fx.split()) - _STOPWORDS, set(fy.split()) - _STOPWORDS
    shorter, longer = sorted((words_x, words_y), key=len)
    if len(shorter) >= 2 and shorter <= longer and len(shorter) / len(longer) > 0.75:
        return True
    matcher = difflib.SequenceMatcher(None, fx, fy)
    return matcher.real_quick_ratio() >= 0.88 and matcher.quick_ratio() >= 0.88 and matcher.ratio() >= 0.88


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold_accents(text)).split())


def _unknown(what: str, text: str, known: dict[str, object], names: list[str]) -> str:
    close = difflib.get_close_matches(_key(text), list(known), n=3, cutoff=0.6)
    canonical = {key: getattr(value, "name", None) for key, value in known.items()}
    by_key = {_key(n): n for n in names}
    suggestions = [canonical.get(c) or by_key.get(c, c) for c in close]
    hint = f"; did you mean {', '.join(repr(s) for s in dict.fromkeys(suggestions))}?" if suggestions else ""
    return f"unknown {what} {text!r}{hint}"
