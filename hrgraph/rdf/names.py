"""The name index: every name and slug of every entity, as written and folded, found by lookups.

``hrgraph.entities.resolve`` turns a name into an entity. Scanning every label for each name cost
0.5 s on a million triples; the index is made once per graph instead (one pass over the types and the
name properties) and answers each lookup from a table. A persistent store keeps its index in a
file inside the store's directory (:data:`INDEX_FILE`), written when ``hrgraph load`` builds the
store, with the list of the store's RocksDB files it was made from: a store changed since (by
another program) no longer matches, and its index is made again. An in-memory Oxigraph graph keeps
its index until it changes (``hrgraph.rdf.store`` counts its changes).

An entity is a typed IRI: under hrgraph's base, one of the data kinds (``city/``, ``organization/``...);
elsewhere (a user's own data), any IRI with a type other than a vocabulary term's (a class or a
property). Its names are the objects of :data:`NAME_PROPERTIES`, in any language; its slug is its IRI's
last segment.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from hrgraph.namespaces import BASE, DATA_KINDS, HRG

__all__ = [
    "EXACT",
    "FOLDED",
    "INDEX_FILE",
    "NAME_PROPERTIES",
    "WITHOUT_ACCENTS",
    "NameIndex",
    "fingerprint",
    "normalise_name",
    "save_index",
    "stored_index",
]

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, HRG.formerName, HRG.abbreviation)
#: The index of a persistent store, beside RocksDB's files (RocksDB leaves files it did not make alone).
INDEX_FILE = "hrgraph-names.sqlite"
#: Types that make an IRI a term of a vocabulary, not a thing a user names: a class or a property.
VOCABULARY_TYPES = frozenset(str(t) for t in (
    RDFS.Class, OWL.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
    OWL.Ontology, RDFS.Datatype, OWL.Restriction))
#: What a key is: a name or slug as written, or folded (:func:`normalise_name`) with or without accents.
EXACT, FOLDED, WITHOUT_ACCENTS = 0, 1, 2
_ENTITY_PREFIXES = tuple(f"{BASE}{kind}/" for kind in DATA_KINDS)
#: RocksDB's own files whose names and sizes change whenever the store's content does.
_ROCKSDB_FILE = re.compile(r"CURRENT|MANIFEST-\d+|\d+\.(?:sst|log|blob)")
_TYPE = str(RDF.type)


def normalise_name(text: str, *, accents: bool = True, punctuation: bool = True) -> str:
    """A name as hrgraph compares names, everywhere (``resolve``, ingest, GeoNames): NFC, case-folded,
    hyphens and underscores as spaces, one space between words.

    ``accents=False`` also drops accents ("Nurnberg" for "Nürnberg": ``resolve``'s last resort);
    ``punctuation=False`` also turns every other mark into a space (ingest's near names).

    >>> normalise_name("Nürnberg") == normalise_name("NU\u0308RNBERG")
    True
    >>> normalise_name("Saint-Étienne (Loire)", accents=False, punctuation=False)
    'saint etienne loire'
    """
    text = " ".join(unicodedata.normalize("NFC", text).casefold().replace("-", " ").replace("_", " ").split())
    if not accents:
        text = _without_accents(text)
    if not punctuation:
        text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    return text


class _Marks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, each character looked up once."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = None if unicodedata.combining(chr(code)) else code
        return kept


_MARKS = _Marks()


def _without_accents(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFKD", text).translate(_MARKS)


class NameIndex:
    """Names and slugs to entities: ``lookup(kind, key)``; ``suggestions()`` for a name not found.

    >>> from rdflib import Literal
    >>> graph = Graph()
    >>> nbg = URIRef("https://example.org/places/nbg")
    >>> _ = graph.add((nbg, RDF.type, URIRef("https://example.org/City"))).add((nbg, RDFS.label, Literal("Nürnberg")))
    >>> index = NameIndex.build(graph)
    >>> index.lookup(WITHOUT_ACCENTS, normalise_name("NURNBERG", accents=False)) == index.lookup(EXACT, "nbg")
    True
    """

    def __init__(self, keys: dict[int, dict[str, set[str]]], suggestions: dict[str, str]) -> None:
        self._keys = keys
        self._suggestions = suggestions

    @classmethod
    def build(cls, source: ox.Store | Graph) -> NameIndex:
        """The index of ``source`` (an Oxigraph store's default graph, or an rdflib graph): one pass
        over its types, and one over each name property."""
        types: dict[str, set[str]] = defaultdict(set)
        for subject, obj in _pairs(source, _TYPE):
            if subject is not None:
                types[subject].add(obj)
        entities = {iri for iri, kinds in types.items() if _is_entity(iri, kinds)}
        keys: dict[int, dict[str, set[str]]] = {kind: defaultdict(set) for kind in (EXACT, FOLDED, WITHOUT_ACCENTS)}
        suggestions: dict[str, str] = {}
        named = ((text, subject) for p in NAME_PROPERTIES for subject, text in _pairs(source, str(p)) if subject in entities)
        slugs = ((slug, iri) for iri in sorted(entities) if (slug := _slug(iri)))
        for text, iri in (*named, *slugs):  # names before slugs: a suggestion reads as a name
            keys[EXACT][text].add(iri)
            folded = normalise_name(text)
            keys[FOLDED][folded].add(iri)
            keys[WITHOUT_ACCENTS][_without_accents(folded)].add(iri)
            suggestions.setdefault(folded, text)
        return cls({kind: dict(found) for kind, found in keys.items()}, suggestions)

    def lookup(self, kind: int, key: str) -> set[str]:
        """The entities (IRIs) with ``key`` of ``kind`` (EXACT, FOLDED or WITHOUT_ACCENTS)."""
        return set(self._keys[kind].get(key, ()))

    def suggestions(self) -> dict[str, str]:
        """Each folded name, with a name or slug as written that folds so (names first)."""
        return self._suggestions

    def exact_names(self) -> dict[str, set[URIRef]]:
        """Every name and slug as written, with the entities that bear it."""
        return {text: {URIRef(iri) for iri in iris} for text, iris in self._keys[EXACT].items()}

    def save(self, path: Path, fingerprint: str) -> None:
        """Write the index to ``path`` (SQLite, written beside it and renamed into place)."""
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.unlink(missing_ok=True)
        try:
            with sqlite3.connect(partial) as db:
                db.executescript(_SCHEMA)  # no journal: the file is renamed into place only when complete
                db.executemany("INSERT INTO names VALUES (?, ?, ?)",
                               sorted((kind, key, iri) for kind, found in self._keys.items()
                                      for key, iris in found.items() for iri in iris))
                db.executemany("INSERT INTO suggestions VALUES (?, ?, ?)",
                               ((order, key, text) for order, (key, text) in enumerate(self._suggestions.items())))
                db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
            db.close()
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)


_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE names (kind INTEGER NOT NULL, key TEXT NOT NULL, entity TEXT NOT NULL,
                    PRIMARY KEY (kind, key, entity)) WITHOUT ROWID;
CREATE TABLE suggestions (position INTEGER PRIMARY KEY, key TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StoredIndex(NameIndex):
    """A persistent store's index, read from its file by lookups (never loaded whole)."""

    def __init__(self, path: Path) -> None:
        super().__init__({}, {})
        self._path = path
        self._local = threading.local()  # a connection per thread, and a new one in a forked process

    def _db(self) -> sqlite3.Connection:
        mine = getattr(self._local, "db", None)
        if mine is None or self._local.pid != os.getpid():
            mine = self._local.db = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            self._local.pid = os.getpid()
        return mine

    def lookup(self, kind: int, key: str) -> set[str]:
        return {row[0] for row in self._db().execute("SELECT entity FROM names WHERE kind = ? AND key = ?", (kind, key))}

    def suggestions(self) -> dict[str, str]:
        return dict(self._db().execute("SELECT key, text FROM suggestions ORDER BY position").fetchall())

    def exact_names(self) -> dict[str, set[URIRef]]:
        found: dict[str, set[URIRef]] = defaultdict(set)
        for key, iri in self._db().execute("SELECT key, entity FROM names WHERE kind = ?", (EXACT,)):
            found[key].add(URIRef(iri))
        return dict(found)

    def fingerprint(self) -> str | None:
        try:
            row = self._db().execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None


def fingerprint(directory: Path) -> str:
    """The names and sizes of a RocksDB store's data files: any change to its content changes them."""
    files = []
    for entry in os.scandir(directory):
        if _ROCKSDB_FILE.fullmatch(entry.name):
            files.append(f"{entry.name}:{entry.stat().st_size}")
    return " ".join(sorted(files))


def stored_index(directory: Path, before: str) -> NameIndex | None:
    """The index saved in a store's ``directory``, if it was made from the store as it is (its files'
    ``before`` opening it); None when there is none or the store has changed since."""
    path = directory / INDEX_FILE
    if not path.is_file():
        return None
    index = StoredIndex(path)
    return index if index.fingerprint() == before else None


def save_index(index: NameIndex, directory: Path, before: str) -> None:
    """Keep ``index`` (made from the store as its files were ``before``) in the store's directory, unless
    the store changed meanwhile or cannot be written to (the index is then made again next time)."""
    if fingerprint(directory) != before:
        return
    try:
        index.save(directory / INDEX_FILE, before)
    except (OSError, sqlite3.Error):
        return


def _pairs(source: ox.Store | Graph, predicate: str) -> Iterator[tuple[str | None, str]]:
    """(subject IRI or None for a blank node, object's value) of each triple with ``predicate``."""
    if isinstance(source, ox.Store):
        for quad in source.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            subject = quad.subject
            yield (subject.value if isinstance(subject, ox.NamedNode) else None), quad.object.value
        return
    for subject, obj in source.subject_objects(URIRef(predicate)):
        yield (str(subject) if isinstance(subject, URIRef) else None), str(obj)


def _is_entity(iri: str, types: Iterable[str]) -> bool:
    if iri.startswith(BASE):
        return iri.startswith(_ENTITY_PREFIXES)
    return any(kind not in VOCABULARY_TYPES for kind in types)


def _slug(iri: str) -> str:
    """An IRI's last segment (after its last ``/`` or ``#``): ``rosario`` for ``.../city/rosario``."""
    slug = re.split(r"[/#]", iri)[-1]
    return slug if slug != iri else ""

