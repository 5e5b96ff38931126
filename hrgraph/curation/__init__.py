"""Curation: grow the curated graph from a spreadsheet of facts (``hrgraph ingest FILE.csv|FILE.yaml``).

One row is one fact: ``subject, predicate, object, source_url`` and optional columns (see
``hrgraph.curation.rows.COLUMNS``). Friendly predicates (``member of``, ``adopted``, ``declared human
rights city``...) are mapped onto the ontology by the ``PREDICATES`` table; names are matched to
existing entities by label in any language, alternative name or slug; a name that is only near an
existing one is reported, never merged. Every fact keeps its source: facts with a date, role or number
become nodes of their own, one per source, so that sources that disagree stay side by side.

The result is validated against the SHACL shapes before anything is written; the files it touches
are then written together, in canonical Turtle, under a lock, each through a temporary file and a
rename.

The stages, one module each: ``rows`` (reading CSV/YAML), ``matching`` (names), ``draft`` (the change
being made), ``sources``, ``resolve`` (entities), ``facts`` and ``handlers`` (what a row adds),
``build`` (rows through handlers), ``result`` (the change in words and files), ``write``, and
``pipeline`` (all of them, in order).

>>> PREDICATES["memberof"].name, PREDICATES["member of".replace(" ", "")].handler
('member of', 'membership')
"""

from hrgraph.curation.handlers import HANDLERS, PROSPECTIVE_STANDINGS
from hrgraph.curation.pipeline import ingest, ingest_rows
from hrgraph.curation.result import KIND_FILES, ChangeItem, IngestResult
from hrgraph.curation.write import graph_lock
from hrgraph.errors import IngestInputError, IngestLockedError, IngestValidationError
from hrgraph.mapping import PREDICATES, TYPES, parse_count, parse_date, slugify

__all__ = [
    "HANDLERS",
    "KIND_FILES",
    "PREDICATES",
    "PROSPECTIVE_STANDINGS",
    "TYPES",
    "ChangeItem",
    "IngestInputError",
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
