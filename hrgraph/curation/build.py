"""Building the change: every row through its handler, row by row, a bad row taken back and reported.

Rows that only name an entity ("also known as", without a date) go first, so that a row may use a
name declared further down. Every problem of every row is gathered and raised together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from hrgraph.curation.draft import Draft, RowProblem
from hrgraph.curation.facts import cell_date, finish
from hrgraph.curation.handlers import HANDLERS
from hrgraph.curation.matching import names_of, unknown
from hrgraph.curation.rows import Row
from hrgraph.curation.sources import source_of
from hrgraph.entities import curie, normalise_name
from hrgraph.errors import IngestInputError
from hrgraph.mapping import COLUMNS_ALLOWED, PREDICATE_LIST, PREDICATES, Predicate
from hrgraph.mapping import key as _key
from hrgraph.namespaces import HRG
from hrgraph.provenance import attestation_triples, is_attested_subject

__all__ = ["build"]

_DATE_HINT = (": record the date on the fact it belongs to (a 'dated' row for an instrument or event, "
              "'founded on' for a body...) or in the note")


def build(d: Draft, rows: Sequence[Row], *, walk: Callable[[Sequence[Row]], Iterable[Row]] = iter) -> None:
    """Add what ``rows`` say to ``d``; raise IngestInputError listing every bad row (``d`` then holds the
    good rows' statements only). ``walk`` walks the rows once, in order (a progress bar)."""
    _duplicates(d, rows)
    for row in rows:  # names first, so that a row may use a name declared further down
        predicate = PREDICATES.get(_key(row.get("predicate")))
        if predicate is not None and predicate.handler == "name" and not row.get("date"):
            _row(d, row, predicate)
    for row in walk(rows):
        predicate = PREDICATES.get(_key(row.get("predicate")))
        if predicate is not None and predicate.handler == "name" and not row.get("date"):
            continue
        _row(d, row, predicate)
    _check_new_places(d)
    if d.problems:
        raise IngestInputError(d.problems)


def _duplicates(d: Draft, rows: Sequence[Row]) -> None:
    seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(sorted(row.values.items()))
        if key in seen:
            d.problems.append(f"{row.where()}: duplicate row: the same as line {seen[key]}")
        else:
            seen[key] = row.line


def _row(d: Draft, row: Row, predicate: Predicate | None) -> None:
    d.row = row
    checkpoint = len(d.undo)
    before = len(d.new)
    try:
        for column in ("subject", "predicate", "object"):
            if not row.get(column):
                raise RowProblem(column, f"empty {column}: every row needs subject, predicate, object and source_url")
        if predicate is None:
            raise RowProblem("predicate", unknown("predicate", row.get("predicate"), PREDICATES,
                                                  [p.name for p in PREDICATE_LIST]))
        for column, handlers in COLUMNS_ALLOWED.items():
            if row.get(column) and predicate.handler not in handlers:
                raise RowProblem(column, f"{predicate.name!r} takes no {column}"
                                 + (_DATE_HINT if column == "date" else ""))
        source = d.source = source_of(d)
        d.stated = []
        made = HANDLERS[predicate.handler](d, row, predicate, source)
        finish(d, made)
        _attest_row(d, made.relation if made is not None and row.get("date") else None)
    except RowProblem as problem:
        d.rollback(checkpoint)
        d.problems.append(f"{row.where(problem.column) if problem.column else row.where()}: {problem.message}")
        return
    if len(d.new) == before:
        d.unchanged.append(row.line)


def _attest_row(d: Draft, dated: tuple[Node, Node, Node] | None) -> None:
    """Attestation nodes: the row's source states each statement the row made or met again.

    The row's quote goes on those about an entity it names (the row's subject, as a rule); the row's
    date on that of the ``dated`` relation: the date the source gives with it."""
    assert d.row is not None and d.source is not None
    quote = d.row.get("quote")
    stated, d.stated = d.stated, []
    if dated is not None and not is_attested_subject(dated[0], set(d.graph.objects(dated[0], RDF.type))):
        raise RowProblem("date", f"{d.label(dated[0])} is a fact node: its date goes on a fact row, not on a relation")
    for s, p, o in stated:
        if not is_attested_subject(s, set(d.graph.objects(s, RDF.type))):
            continue
        names = [normalise_name(str(n)) for n in names_of(d.graph, s)]
        named = bool(quote) and any(n and n in normalise_name(quote) for n in names)
        triples = attestation_triples(s, p, o, d.source, quote if named else None)
        if (s, p, o) == dated:
            triples.append((triples[0][0], HRG.date, cell_date(d, "date")))
        for triple in triples:
            if triple not in d.graph:
                d.add(*triple, detail=False)


def _check_new_places(d: Draft) -> None:
    for iri, row in d.created.items():
        kinds = set(d.graph.objects(iri, RDF.type))
        if kinds & {HRG.City, HRG.LocalGovernment, HRG.Region} and (iri, HRG.country, None) not in d.graph:
            d.problems.append(f"{row.where()}: new place {d.label(iri)!r} ({curie(d.graph, iri)}) "
                              f"has no country: add a row '{d.label(iri)}, located in, COUNTRY'")
    for iri in list(d.created):
        if (HRG.Event in set(d.view.objects(iri, RDF.type)) or _is_event(d, iri)) and \
                (iri, HRG.date, None) not in d.graph and (iri, HRG.dateUnknown, None) not in d.graph:
            d.row = d.created[iri]
            d.add(iri, HRG.dateUnknown, Literal(True))


def _is_event(d: Draft, iri: URIRef) -> bool:
    return any((cls, RDFS.subClassOf, HRG.Event) in d.ontology or cls == HRG.Event
               for cls in d.graph.objects(iri, RDF.type))
