"""Link hrgraph's entities to Wikidata items, and enrich linked entities with facts read from Wikidata.

:func:`link_wikidata` looks for every city, country, organization and instrument without a Wikidata
link among the items that carry one of its labels in the same language (or in "mul", Wikidata's
language of names shared by all languages), that are instances of the right classes
(``wdt:P31/wdt:P279*``) and, for a city whose country is linked, that lie in that country
(``wdt:P17``). Only a single such item is linked, with ``schema:sameAs``; the others are reported.

:func:`enrich_wikidata` adds to linked entities their coordinates (``geo:lat``/``geo:long``), the
latest population figure with its date (an ``hrg:PopulationFigure``) and official websites
(``schema:url``), each backed by an ``hrg:Source`` for the item with the time it was retrieved.

Both keep every Wikidata-derived fact in one file (``graph/wikidata.ttl``), in canonical Turtle,
validated with the rest of the graph before it is written, so that the file can be regenerated.
Queries go through :func:`hrgraph.remote.run_remote` (POST, hrgraph's User-Agent, a timeout, retries
after 429/503); every answer is cached on disk and requests are spaced by a minimum delay.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SDO, XSD
from rdflib.query import Result
from rdflib.term import Node

from hrgraph.atomic import write_atomic
from hrgraph.entities import curie as _curie  # the local name curie is taken
from hrgraph.errors import InputError, OutputError, RemoteError
from hrgraph.namespaces import BASE, GEO, HRG, ONTOLOGY_IRI, data_namespace
from hrgraph.paths import cache_dir as kept_between_runs
from hrgraph.paths import working_graph_dir
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import lossless_parsing, new_graph, parse_file
from hrgraph.rdf.store import is_oxigraph
from hrgraph.remote import Endpoint, run_remote
from hrgraph.validate import validate

__all__ = [
    "KINDS",
    "OUTPUT_NAME",
    "SCHEMA",
    "WD",
    "WIKIDATA_ENDPOINT",
    "Answer",
    "Candidate",
    "Changes",
    "EnrichReport",
    "Enrichment",
    "Kind",
    "LinkReport",
    "Match",
    "WikidataClient",
    "candidate_query",
    "default_cache_dir",
    "enrich_wikidata",
    "enrichment_query",
    "link_wikidata",
    "wikidata_links",
]

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
#: Wikidata's item IRIs, the objects of hrgraph's links.
WD = Namespace("http://www.wikidata.org/entity/")
ITEM_PAGE = "https://www.wikidata.org/wiki/"
#: The file, in the working copy of graph/, that holds every Wikidata-derived fact (the default output).
OUTPUT_NAME = "wikidata.ttl"
DEFAULT_DELAY = 1.0  # seconds between two requests: WDQS asks bots for one request at a time
DEFAULT_TIMEOUT = 65.0  # seconds: WDQS stops a query after 60 s and says so; give it time to say it

_ITEM = re.compile(re.escape(str(WD)) + r"Q[1-9][0-9]*")
_QID = re.compile(r"Q[1-9][0-9]*")
_DATE_TIME = re.compile(r"(?P<year>-?[0-9]{4,})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})T")
_UNSAFE_IRI_CHARACTERS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: schema.org as a plain namespace: rdflib's SDO lacks the newer terms (observationAbout).
SCHEMA = Namespace(str(SDO))
_SOURCE = data_namespace("source")
_QUANTITY = data_namespace("quantity")
_EARTH = WD.Q2
_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX psv: <http://www.wikidata.org/prop/statement/value/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


@dataclass(frozen=True)
class Kind:
    """A kind of hrgraph entity that can be linked, and the Wikidata classes its items are instances of."""

    name: str
    hrg_class: URIRef
    wikidata_classes: tuple[str, ...]
    match_country: bool = False


#: Linked in this order, so that countries are linked before the cities they tell apart.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("country", HRG.Country, ("Q6256", "Q3624078")),  # country, sovereign state
        # city; human settlement (towns, villages...); municipality (communes, which hrg:City also covers)
        Kind("city", HRG.City, ("Q515", "Q486972", "Q15284"), match_country=True),
        Kind("organization", HRG.Organization, ("Q43229",)),  # organization
        # treaty, statute, law, document (declarations, charters...), written work (books, theses)
        Kind("instrument", HRG.Instrument, ("Q131569", "Q820655", "Q7748", "Q49848", "Q47461344")),
    )
}


# --- the client: cache and rate limit around hrgraph.remote ---------------------------------------------


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/hrgraph/wikidata``, else ``~/.cache/hrgraph/wikidata``."""
    return kept_between_runs("wikidata")


@dataclass(frozen=True)
class Answer:
    """A SELECT answer and when it was retrieved from the endpoint (UTC, to the second)."""

    result: Result
    retrieved: str  # an xsd:dateTime, e.g. 2026-11-24T10:15:03Z


class WikidataClient:
    """Asks SELECT queries of a Wikidata query service, answering from a disk cache when it can.

    Each answer is a JSON file named by the SHA-256 of the endpoint URL and the query text, written
    atomically, so a second run sends no request and gives the same answer. Requests that are sent
    start at least ``delay`` seconds after the previous one ended, as WDQS asks of bots.
    """

    def __init__(
        self,
        endpoint: str = WIKIDATA_ENDPOINT,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.endpoint = Endpoint(endpoint, timeout=timeout)
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 <= delay < math.inf:
            raise InputError(f"the delay between requests must be 0 or more seconds, not {delay!r}")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.delay = float(delay)
        self.sent = 0
        self.cached = 0
        self._last_request_end: float | None = None

    def select(self, query: str) -> Answer:
        """The answer to a SELECT query: from the cache if it holds one, else from the endpoint."""
        path = self.cache_dir / f"{self._key(query)}.json"
        answer = self._cached(path, query)
        if answer is not None:
            self.cached += 1
            return answer
        if self._last_request_end is not None:
            time.sleep(max(0.0, self._last_request_end + self.delay - time.monotonic()))
        try:
            result = run_remote(self.endpoint, query)
        finally:
            self._last_request_end = time.monotonic()
        self.sent += 1
        if not isinstance(result, Result) or result.type != "SELECT":
            raise RemoteError(f"{self.endpoint.display} did not answer a SELECT query with SELECT results")
        payload = {
            "endpoint": self.endpoint.display,
            "query": query,
            "retrieved": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "results": json.loads(result.serialize(format="json")),
        }
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"{self.cache_dir}: cannot create the cache directory: {error.strerror}") from None
        data = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(path, data, overwrite=True)
        return self._answer(payload)

    def _key(self, query: str) -> str:
        return hashlib.sha256(f"{self.endpoint.display}\n{query}".encode()).hexdigest()

    def _cached(self, path: Path, query: str) -> Answer | None:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            if payload["endpoint"] != self.endpoint.display or payload["query"] != query:
                return None
            return self._answer(payload)
        except FileNotFoundError:
            return None
        except Exception as error:  # unreadable, not JSON, or results rdflib cannot parse: ask again
            warnings.warn(
                f"{path}: unreadable cached answer ({error}); asking {self.endpoint.display} again", stacklevel=3
            )
            return None

    @staticmethod
    def _answer(payload: dict[str, object]) -> Answer:
        body = io.BytesIO(json.dumps(payload["results"]).encode("utf-8"))
        with lossless_parsing():
            result = Result.parse(body, format="json")
        retrieved = payload["retrieved"]
        if not isinstance(retrieved, str) or not _DATE_TIME.match(retrieved):
            raise ValueError(f"retrieval time {retrieved!r} is not an xsd:dateTime")
        return Answer(result, retrieved)


# --- queries ------------------------------------------------------------------------------------------


def candidate_query(labels: Iterable[Literal], classes: Iterable[str]) -> str:
    """The SELECT of the items that bear one of ``labels`` (in its language, or in Wikidata's "mul")
    as label or alias and are instances of one of ``classes`` or of their subclasses.

    Labels are written into the query by rdflib (``Literal.n3``), so a label cannot end its string.

    >>> query = candidate_query([Literal("Rosario", lang="es")], ["Q515"])
    >>> [line.strip() for line in query.splitlines() if line.strip().startswith("VALUES")]
    ['VALUES ?name { "Rosario"@es "Rosario"@mul }', 'VALUES ?class { wd:Q515 }']
    """
    names = {Literal(str(label), lang=lang) for label in labels for lang in (label.language, "mul") if lang}
    qids = sorted(set(classes))
    if not all(_QID.fullmatch(qid) for qid in qids):
        raise InputError(f"not Wikidata item identifiers: {', '.join(qids)}")
    return (
        f"{_PREFIXES}"
        "SELECT DISTINCT ?item ?label ?description ?country ?countryLabel WHERE {\n"
        f"  VALUES ?name {{ {' '.join(sorted(name.n3() for name in names))} }}\n"
        f"  VALUES ?class {{ {' '.join(f'wd:{qid}' for qid in qids)} }}\n"
        "  ?item rdfs:label|skos:altLabel ?name .\n"
        "  ?item wdt:P31/wdt:P279* ?class .\n"
        "  OPTIONAL { ?item rdfs:label ?label FILTER (LANG(?label) = \"en\") }\n"
        "  OPTIONAL { ?item schema:description ?description FILTER (LANG(?description) = \"en\") }\n"
        "  OPTIONAL { ?item wdt:P17 ?country\n"
        "    OPTIONAL { ?country rdfs:label ?countryLabel FILTER (LANG(?countryLabel) = \"en\") } }\n"
        "}\n"
        "ORDER BY ?item ?country\n"
    )


def enrichment_query(item: URIRef) -> str:
    """The SELECT of an item's English label, best-ranked coordinates on Earth, population figures
    that are not deprecated (with point in time and its precision) and official websites.

    >>> "wd:Q42 p:P1082" in enrichment_query(WD.Q42)
    True
    """
    if not _ITEM.fullmatch(str(item)):
        raise InputError(f"<{item}> is not a Wikidata item IRI ({WD}Q…)")
    qid = f"wd:{_qid(item)}"
    return (
        f"{_PREFIXES}"
        "SELECT ?label ?latitude ?longitude ?population ?pointInTime ?precision ?website WHERE {\n"
        f"  {{ {qid} rdfs:label ?label FILTER (LANG(?label) = \"en\") }}\n"
        f"  UNION {{ {qid} p:P625 ?statement . ?statement a wikibase:BestRank ; psv:P625 ?coordinates .\n"
        "    ?coordinates wikibase:geoLatitude ?latitude ; wikibase:geoLongitude ?longitude .\n"
        "    OPTIONAL { ?coordinates wikibase:geoGlobe ?globe }\n"
        f"    FILTER (!BOUND(?globe) || ?globe = {_EARTH.n3()}) }}\n"
        f"  UNION {{ {qid} p:P1082 ?statement . ?statement ps:P1082 ?population ; wikibase:rank ?rank .\n"
        "    FILTER (?rank != wikibase:DeprecatedRank)\n"
        "    OPTIONAL { ?statement pqv:P585 ?time . ?time wikibase:timeValue ?pointInTime .\n"
        "      OPTIONAL { ?time wikibase:timePrecision ?precision } } }\n"
        f"  UNION {{ {qid} wdt:P856 ?website }}\n"
        "}\n"
    )


# --- linking ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item that bears an entity's label and is of its type."""

    item: URIRef
    label: str
    description: str
    countries: tuple[tuple[URIRef, str], ...] = ()

    @property
    def qid(self) -> str:
        return _qid(self.item)

    def text(self) -> str:
        countries = ", ".join(f"{name} ({_qid(country)})" for country, name in self.countries)
        return f"wd:{self.qid}  {self.label} — {self.description or 'no description'}  [{countries or 'no country'}]"


@dataclass(frozen=True)
class Match:
    """What linking found for one entity: ``linked``, ``ambiguous`` or ``unmatched``, and why."""

    entity: URIRef
    curie: str
    name: str
    kind: str
    status: str
    candidates: tuple[Candidate, ...] = ()
    note: str = ""
    retrieved: str = ""

    @property
    def item(self) -> URIRef | None:
        """The item linked to, when the status is ``linked``."""
        return self.candidates[0].item if self.status == "linked" else None


@dataclass
class Changes:
    """What a run changes in the output file, and whether the file was written."""

    output: Path
    added: Graph
    removed: Graph
    triples: int
    written: bool
    dry_run: bool

    def text(self) -> str:
        if not len(self.added) and not len(self.removed):
            return f"unchanged {self.output}" if self.output.exists() else f"nothing to write: {self.output} not created"
        counts = f"{len(self.added)} triples added, {len(self.removed)} removed"
        if self.written:
            return f"wrote {self.output}: {counts} ({self.triples} triples in the file)"
        lines = [f"dry run: {self.output} not written; it would have {counts}"]
        for title, graph in (("added", self.added), ("removed", self.removed)):
            if len(graph):
                lines += [f"# {title}:", serialize(graph, "turtle").decode("utf-8").rstrip()]
        return "\n".join(lines)


@dataclass
class LinkReport:
    """The outcome of :func:`link_wikidata`: one match per entity looked up, and the file's changes."""

    matches: list[Match]
    changes: Changes
    sent: int
    cached: int
    endpoint: str

    def with_status(self, status: str) -> list[Match]:
        return [match for match in self.matches if match.status == status]

    def text(self) -> str:
        """The report for people: linked, then ambiguous with candidates, then unmatched."""
        lines = []
        linked = self.with_status("linked")
        lines.append(f"Linked {len(linked)} (schema:sameAs):")
        lines += [f"  {m.curie}  {m.name}  -> {m.candidates[0].text()}" for m in linked]
        ambiguous = self.with_status("ambiguous")
        lines.append(f"Ambiguous {len(ambiguous)} (not linked: write the right schema:sameAs, or owl:differentFrom the wrong items):")
        for match in ambiguous:
            lines.append(f"  {match.curie}  {match.name}  ({match.note})")
            lines += [f"    {candidate.text()}" for candidate in match.candidates]
        unmatched = self.with_status("unmatched")
        lines.append(f"Unmatched {len(unmatched)}:")
        for match in unmatched:
            lines.append(f"  {match.curie}  {match.name}  ({match.note})")
            lines += [f"    {candidate.text()}" for candidate in match.candidates]
        lines.append(_requests_line(self.sent, self.cached, self.endpoint))
        lines.append(self.changes.text())
        return "\n".join(lines)


def wikidata_links(graph: Graph) -> dict[URIRef, URIRef]:
    """Each entity's Wikidata item, from ``schema:sameAs`` (or ``owl:sameAs``, should data use it).

    >>> g = Graph().add((URIRef("https://w3id.org/hrgraph/city/x"), SDO.sameAs, WD.Q1))
    >>> wikidata_links(g)[URIRef("https://w3id.org/hrgraph/city/x")] == WD.Q1
    True
    """
    links: dict[URIRef, URIRef] = {}
    for predicate in (SDO.sameAs, OWL.sameAs):
        for entity, item in sorted(graph.subject_objects(predicate)):
            if isinstance(entity, URIRef) and isinstance(item, URIRef) and _ITEM.fullmatch(str(item)):
                links.setdefault(entity, item)
    return links


def link_wikidata(
    graph: Graph,
    *,
    output: str | os.PathLike[str] | None = None,
    endpoint: str = WIKIDATA_ENDPOINT,
    cache_dir: str | os.PathLike[str] | None = None,
    delay: float = DEFAULT_DELAY,
    timeout: float = DEFAULT_TIMEOUT,
    dry_run: bool = False,
    progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
) -> LinkReport:
    """Link every city, country, organization and instrument of ``graph`` that has no Wikidata link.

    ``graph`` is the data with the ontology (``hrgraph.load(store="memory")``: the memory store keeps
    literals as written, which a rewrite of ``output`` needs). An entity is linked when exactly
    one item bears one of its labels in that label's language (or "mul"), is of a Wikidata class of
    its kind (:data:`KINDS`), lies in its country when it is a city whose country is linked, is not
    the link of another entity, and is not an item the entity is ``owl:differentFrom``. Links go
    into ``output`` (default: wikidata.ttl in the working copy of graph/, never an installed package's) with
    the items' sources; the file is validated with ``graph`` and written
    atomically unless ``dry_run``, and an empty result creates no file. ``progress`` walks the
    entities looked up, one query each (the command line draws a bar on a terminal).
    """
    _require_lossless(graph)
    client = WikidataClient(endpoint, cache_dir=cache_dir, delay=delay, timeout=timeout)
    output = Path(output) if output is not None else working_graph_dir() / OUTPUT_NAME
    previous = _read_output(output)
    known = graph + previous
    links = wikidata_links(known)
    owners = {item: entity for entity, item in links.items()}
    updated = _copy(previous)
    matches = []
    done: set[URIRef] = set()
    unlinked = [(kind, entity) for kind in KINDS.values() for entity in _instances(known, kind.hrg_class)
                if entity not in links]
    for kind, entity in progress(unlinked):
        if entity in links or entity in done:  # linked or looked up as an entity of an earlier kind
            continue
        done.add(entity)
        match = _match(client, known, kind, entity, links, owners)
        matches.append(match)
        if match.item is not None:
            links[entity], owners[match.item] = match.item, entity
            source = _add_source(updated, match.item, match.candidates[0].label, match.retrieved)
            updated.add((entity, SDO.sameAs, match.item))
            updated.add((entity, PROV.wasDerivedFrom, source))
    changes = _save(graph, previous, updated, output, dry_run)
    return LinkReport(matches, changes, client.sent, client.cached, client.endpoint.display)


def _match(
    client: WikidataClient,
    graph: Graph,
    kind: Kind,
    entity: URIRef,
    links: dict[URIRef, URIRef],
    owners: dict[URIRef, URIRef],
) -> Match:
    """Look ``entity`` up by its labels, type and country, and decide."""
    curie = _curie(graph, entity)
    name = _english_label(graph, entity) or curie
    labels = [label for label in graph.objects(entity, RDFS.label) if isinstance(label, Literal) and label.language]
    if not labels:
        return Match(entity, curie, name, kind.name, "unmatched", note="no rdfs:label with a language tag")
    answer = _ask(client, candidate_query(labels, kind.wikidata_classes), curie)
    rejected = set(graph.objects(entity, OWL.differentFrom))  # a curator's "not this one"
    candidates = [candidate for candidate in _candidates(answer.result) if candidate.item not in rejected]
    country = graph.value(entity, HRG.country) if kind.match_country else None
    country_item = links.get(country) if isinstance(country, URIRef) else None
    if country_item is not None:
        place = f"{_english_label(graph, country) or _curie(graph, country)} ({_qid(country_item)})"
        fitting = [c for c in candidates if not c.countries or country_item in {iri for iri, _ in c.countries}]
    else:
        place = ""
        fitting = candidates
    found = Match(entity, curie, name, kind.name, "", tuple(fitting), retrieved=answer.retrieved)
    if len(fitting) == 1:
        owner = owners.get(fitting[0].item)
        if owner is not None and owner != entity:
            note = f"wd:{fitting[0].qid} is already the link of {_curie(graph, owner)}"
            return replace(found, status="ambiguous", note=note)
        return replace(found, status="linked")
    if len(fitting) > 1:
        if place:
            note = f"{len(fitting)} candidates in {place}"
        elif kind.match_country:
            note = f"{len(fitting)} candidates, and no linked country to tell them apart"
        else:
            note = f"{len(fitting)} candidates"
        return replace(found, status="ambiguous", note=note)
    if candidates:
        note = f"{len(candidates)} candidate(s), none in {place}"
        return replace(found, status="unmatched", candidates=tuple(candidates), note=note)
    return replace(found, status="unmatched", note=f"no {kind.name} item bears these labels")


def _candidates(result: Result) -> list[Candidate]:
    """One candidate per item of the answer, with its countries gathered from the rows."""
    rows: dict[URIRef, list[dict[str, Node]]] = defaultdict(list)
    for row in _rows(result):
        item = row.get("item")
        if isinstance(item, URIRef) and _ITEM.fullmatch(str(item)):
            rows[item].append(row)
    candidates = []
    for item, item_rows in rows.items():
        countries = {}
        for row in item_rows:
            country = row.get("country")
            if isinstance(country, URIRef):
                countries[country] = str(row.get("countryLabel") or _qid(country))
        label = next((str(row["label"]) for row in item_rows if row.get("label") is not None), _qid(item))
        description = next((str(row["description"]) for row in item_rows if row.get("description") is not None), "")
        candidates.append(Candidate(item, label, description, tuple(sorted(countries.items()))))
    return sorted(candidates, key=lambda candidate: int(candidate.qid[1:]))


# --- enrichment ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrichment:
    """What enrichment found for one linked entity, in words."""

    entity: URIRef
    curie: str
    name: str
    item: URIRef
    facts: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass
class EnrichReport:
    """The outcome of :func:`enrich_wikidata`: one enrichment per linked entity, and the file's changes."""

    enrichments: list[Enrichment]
    changes: Changes
    sent: int
    cached: int
    endpoint: str

    def text(self) -> str:
        lines = [f"Enriched {len(self.enrichments)} linked entities from Wikidata:"]
        for enrichment in self.enrichments:
            found = "; ".join(enrichment.facts + enrichment.notes) or "nothing to add"
            lines.append(f"  {enrichment.curie}  {enrichment.name} (wd:{_qid(enrichment.item)}): {found}")
        lines.append(_requests_line(self.sent, self.cached, self.endpoint))
        lines.append(self.changes.text())
        return "\n".join(lines)


def enrich_wikidata(
    graph: Graph,
    *,
    output: str | os.PathLike[str] | None = None,
    endpoint: str = WIKIDATA_ENDPOINT,
    cache_dir: str | os.PathLike[str] | None = None,
    delay: float = DEFAULT_DELAY,
    timeout: float = DEFAULT_TIMEOUT,
    dry_run: bool = False,
    progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
) -> EnrichReport:
    """Add coordinates, the latest population and official websites to every linked entity of ``graph``.

    Coordinates and population go to places only. Each entity's earlier enrichment in ``output`` is
    replaced, so the file follows Wikidata; every fact rests on the item's ``hrg:Source``, whose
    ``prov:generatedAtTime`` is when the answer was retrieved. ``output`` is validated with
    ``graph`` and written atomically unless ``dry_run``. ``graph`` is on the memory store, as for
    :func:`link_wikidata`; ``progress`` walks the linked entities, one query each.
    """
    _require_lossless(graph)
    client = WikidataClient(endpoint, cache_dir=cache_dir, delay=delay, timeout=timeout)
    output = Path(output) if output is not None else working_graph_dir() / OUTPUT_NAME
    previous = _read_output(output)
    known = graph + previous
    places = set(_instances(known, HRG.Place))
    updated = _copy(previous)
    enrichments = []
    for entity, item in progress(list(wikidata_links(known).items())):
        curie = _curie(known, entity)
        answer = _ask(client, enrichment_query(item), curie)
        _forget_enrichment(updated, entity, item)
        curated = any(triple not in previous for triple in graph.triples((entity, GEO.lat, None)))
        enrichments.append(_enrich(updated, known, entity, curie, item, answer, entity in places, curated))
    changes = _save(graph, previous, updated, output, dry_run)
    return EnrichReport(enrichments, changes, client.sent, client.cached, client.endpoint.display)


def _enrich(
    graph: Graph,
    known: Graph,
    entity: URIRef,
    curie: str,
    item: URIRef,
    answer: Answer,
    is_place: bool,
    has_curated_coordinates: bool,
) -> Enrichment:
    """Add to ``graph`` the facts of one answer about ``entity``, with the item's source.

    Coordinates that curated data already gives are kept, not doubled (a place has one geo:lat).
    """
    rows = _rows(answer.result)
    label = next((str(row["label"]) for row in rows if row.get("label") is not None), _qid(item))
    source = _add_source(graph, item, label, answer.retrieved)
    graph.add((entity, PROV.wasDerivedFrom, source))
    name = _english_label(known, entity) or curie
    facts: list[str] = []
    notes: list[str] = []
    if is_place:
        coordinates = sorted({c for c in map(_coordinates, rows) if c is not None})
        if coordinates and has_curated_coordinates:
            notes.append("coordinates already in the curated data: Wikidata's not added")
        elif len(coordinates) == 1:
            ((latitude, longitude),) = coordinates
            graph.add((entity, GEO.lat, Literal(format(latitude, "f"), datatype=XSD.decimal)))
            graph.add((entity, GEO.long, Literal(format(longitude, "f"), datatype=XSD.decimal)))
            facts.append(f"coordinates {latitude}, {longitude}")
        elif coordinates:
            notes.append(f"{len(coordinates)} different best-ranked coordinates: none kept")
        figures = _latest_population(rows)
        for amount, date, decade in figures:
            _add_population(graph, entity, name, source, amount, date, decade, several=len(figures) > 1)
            facts.append(f"population {amount} ({date if date is not None else 'date unknown'})")
    for website in sorted({str(row["website"]) for row in rows if isinstance(row.get("website"), URIRef)}):
        if _is_web_address(website):
            graph.add((entity, SDO.url, URIRef(website)))
            facts.append(f"website {website}")
        else:
            notes.append(f"website {website!r} is not an http(s) address: not kept")
    return Enrichment(entity, curie, name, item, tuple(facts), tuple(notes))


def _coordinates(row: dict[str, Node]) -> tuple[Decimal, Decimal] | None:
    latitude, longitude = _decimal(row.get("latitude")), _decimal(row.get("longitude"))
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _latest_population(rows: list[dict[str, Node]]) -> list[tuple[int, Literal | None, bool]]:
    """The figures of the latest point in time (several if sources disagree), else the undated ones."""
    dated: dict[tuple[int, int, int], set[tuple[int, Literal, bool]]] = defaultdict(set)
    undated: set[int] = set()
    for row in rows:
        amount = _decimal(row.get("population"))
        if amount is None or amount < 0 or amount != amount.to_integral_value():
            continue
        moment = row.get("pointInTime")
        precision = row.get("precision")
        when = _point_in_time(str(moment), _integer(precision)) if moment is not None else None
        if when is None:
            undated.add(int(amount))
        else:
            date, decade, order = when
            dated[order].add((int(amount), date, decade))
    if dated:
        return sorted(dated[max(dated)], key=lambda figure: figure[0])
    return [(amount, None, False) for amount in sorted(undated)]


def _point_in_time(value: str, precision: int | None) -> tuple[Literal, bool, tuple[int, int, int]] | None:
    """A Wikidata time value as precise as its precision says (11 day, 10 month, 9 year, 8 decade):
    the date, whether it stands for a decade, and a key to order dates by; None if coarser.

    >>> date, decade, _ = _point_in_time("2010-01-01T00:00:00Z", 9)
    >>> date.n3(), decade
    ('"2010"^^<http://www.w3.org/2001/XMLSchema#gYear>', False)
    >>> _point_in_time("2020-11-01T00:00:00Z", 11)[0].n3()
    '"2020-11-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> _point_in_time("1970-01-01T00:00:00Z", 8)[:2]
    (rdflib.term.Literal('1970', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear')), True)
    """
    parts = _DATE_TIME.match(value)
    if parts is None:
        return None
    year, month, day = parts["year"], parts["month"], parts["day"]
    order = (int(year), int(month), int(day))
    precision = 11 if precision is None else precision
    if precision >= 11:
        return Literal(f"{year}-{month}-{day}", datatype=XSD.date), False, order
    if precision == 10:
        return Literal(f"{year}-{month}", datatype=XSD.gYearMonth), False, order
    if precision == 9:
        return Literal(year, datatype=XSD.gYear), False, order
    if precision == 8:
        first = int(year) - int(year) % 10
        return Literal(f"{first:04d}", datatype=XSD.gYear), True, order
    return None


def _add_population(
    graph: Graph,
    entity: URIRef,
    name: str,
    source: URIRef,
    amount: int,
    date: Literal | None,
    decade: bool,
    *,
    several: bool,
) -> None:
    """One hrg:PopulationFigure about ``entity``, named after the entity, the date and, when
    sources give ``several`` figures for that date, the amount."""
    when = str(date) if date is not None else "undated"
    figure = _QUANTITY[f"{_slug(entity)}-population-{when}" + (f"-{amount}" if several else "")]
    graph.add((figure, RDF.type, HRG.PopulationFigure))
    graph.add((figure, RDFS.label, Literal(f"Population of {name}, {date if date is not None else 'date unknown'}", lang="en")))
    graph.add((figure, SCHEMA.observationAbout, entity))
    graph.add((figure, SDO.value, Literal(amount)))
    graph.add((figure, PROV.wasDerivedFrom, source))
    if date is None:
        graph.add((figure, HRG.dateUnknown, Literal(True)))
    else:
        graph.add((figure, HRG.date, date))
    if decade:
        graph.add((figure, HRG.datePrecision, HRG.decade))


def _forget_enrichment(graph: Graph, entity: URIRef, item: URIRef) -> None:
    """Remove what an earlier enrichment of ``entity`` put in the output file."""
    for predicate in (GEO.lat, GEO.long, SDO.url):
        graph.remove((entity, predicate, None))
    for figure in list(graph.subjects(SCHEMA.observationAbout, entity)):
        if (figure, RDF.type, HRG.PopulationFigure) in graph:
            graph.remove((figure, None, None))
    graph.remove((_source_iri(item), None, None))


# --- shared steps -------------------------------------------------------------------------------------


def _add_source(graph: Graph, item: URIRef, label: str, retrieved: str) -> URIRef:
    """The item's hrg:Source (replacing an older one): title, page, publisher, retrieval time, citation."""
    qid = _qid(item)
    source = _source_iri(item)
    graph.remove((source, None, None))
    name = f"“{label}” ({qid})" if label != qid else qid
    graph.add((source, RDF.type, HRG.Source))
    graph.add((source, RDFS.label, Literal(f"{label} (Wikidata, {qid})" if label != qid else f"Wikidata: {qid}", lang="en")))
    graph.add((source, DCTERMS.title, Literal(f"Wikidata: {qid}")))
    graph.add((source, DCTERMS.publisher, Literal("Wikidata")))
    graph.add((source, DCTERMS.bibliographicCitation, Literal(f"{name}, Wikidata, retrieved {retrieved[:10]}.")))
    graph.add((source, SDO.url, URIRef(ITEM_PAGE + qid)))
    graph.add((source, PROV.generatedAtTime, Literal(retrieved, datatype=XSD.dateTime, normalize=False)))
    return source


def _require_lossless(graph: Graph) -> None:
    """Refuse an Oxigraph-backed graph: its literals are normalised, so the file's own would not match."""
    if is_oxigraph(graph):
        raise InputError("Wikidata linking rewrites a curated file: load the graph with store='memory'")


def _save(graph: Graph, previous: Graph, updated: Graph, output: Path, dry_run: bool) -> Changes:
    """Validate the graph as it will be, then write ``updated`` atomically (unless a dry run)."""
    added, removed = _copy(updated - previous), _copy(previous - updated)
    changes = Changes(output, added, removed, len(updated), written=False, dry_run=dry_run)
    if not len(added) and not len(removed):
        return changes
    report = validate((graph - previous) + updated)
    if not report.conforms:
        raise OutputError(f"{output}: not written: with these Wikidata facts the graph does not validate:\n{report.text()}")
    if not dry_run and len(updated):
        write_atomic(output, serialize(updated, "turtle"), overwrite=True)
        changes.written = True
    return changes


def _read_output(output: Path) -> Graph:
    """The output file as it is (empty if it does not exist yet), with the ``wd:`` prefix bound."""
    graph = parse_file(output) if output.exists() else new_graph()
    graph.bind("wd", WD)
    return graph


def _copy(graph: Graph) -> Graph:
    copy = new_graph()
    copy.bind("wd", WD)
    for triple in graph:
        copy.add(triple)
    return copy


def _ask(client: WikidataClient, query: str, curie: str) -> Answer:
    try:
        return client.select(query)
    except RemoteError as error:
        raise RemoteError(f"{error} (looking up {curie}); nothing was written") from None


def _rows(result: Result) -> list[dict[str, Node]]:
    """The answer's rows keyed by variable name (rdflib keys them by ``Variable``, which a str does not equal)."""
    return [{str(variable): value for variable, value in row.items()} for row in result.bindings]


def _instances(graph: Graph, cls: URIRef) -> list[URIRef]:
    """The data entities of ``cls`` or its subclasses, in IRI order."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return sorted(
        {
            entity
            for c in classes
            for entity in graph.subjects(RDF.type, c)
            if isinstance(entity, URIRef) and str(entity).startswith(BASE) and not str(entity).startswith(ONTOLOGY_IRI)
        }
    )


def _english_label(graph: Graph, node: Node) -> str:
    labels = sorted(str(label) for label in graph.objects(node, RDFS.label) if getattr(label, "language", None) == "en")
    return labels[0] if labels else ""


def _qid(item: Node) -> str:
    return str(item).removeprefix(str(WD))


def _source_iri(item: URIRef) -> URIRef:
    return _SOURCE[f"wikidata-{_qid(item).lower()}"]


def _slug(entity: URIRef) -> str:
    """``city-rosario`` for ``city:rosario``: kind and slug, unique across kinds."""
    return str(entity).removeprefix(BASE).replace("/", "-")


def _decimal(value: Node | None) -> Decimal | None:
    if not isinstance(value, Literal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _integer(value: Node | None) -> int | None:
    number = _decimal(value)
    return int(number) if number is not None and number == number.to_integral_value() else None


def _is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not _UNSAFE_IRI_CHARACTERS.search(text)


def _requests_line(sent: int, cached: int, endpoint: str) -> str:
    return f"Requests: {sent} sent to {endpoint}, {cached} answered from the cache"
