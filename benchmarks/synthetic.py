"""Synthetic hrgraph data of a chosen size, for benchmarks: the seed-era graph, grown by cloning its entities.

Why clones: what a query, a projection or an analysis costs depends on the data's shape (which
classes, how many statements of each property a node has, fact nodes with roles, dates and sources,
how entities link). A clone of each real entity with new names, dates and links keeps that shape at
every size, and keeps the data valid against the SHACL shapes.

How: the output holds the seed-era data (``tests/fixtures/seed-graph``, the engine tests' frozen
graph: 5,043 triples) as it is, so that the named queries' default parameters (Gwangju, Europe,
Human Rights Cities Network...) resolve and find answers, and so that the benchmarks' data stays the
same while the curated graph grows (it passed 100,000 triples of its own in December 2026); then
clones of its entities, taken in turn from a seeded shuffle of all of them, until the requested
number of triples is reached. A clone keeps its template's classes and its number of statements of
each property. It gets:

- new text in the same language, script and about the same length (accented Latin, Hangul, CJK,
  Cyrillic...), never equal to a real name, so that entity names still resolve to one entity;
- its dates shifted back by a multiple of four years at the same precision (``xsd:gYear``,
  ``xsd:gYearMonth``, ``xsd:date``; 29 February stays valid);
- links to random entities of the same classes, among the real ones and the clones made so far, so
  that the clones join one network with the real entities rather than form disjoint copies;
- its owned nodes (an event's involvements, an organization's member count), cloned with it.

Continents, roles and the ontology's terms are vocabulary, referred to and never cloned. Synthetic
cities also get WGS84 coordinates (``geo:lat``, ``geo:long``, ``xsd:decimal``), which the seed-era data
does not have, and one in two an extra label in a non-Latin script: 2.5 more triples a city.

Proportions come from the seed-era graph when the data is generated: each full cycle of templates
repeats its classes and properties, so the shares stay those of the real data at every size. On
5,043 seed-era triples (756 typed nodes) the most frequent classes are sources 145, memberships 73,
cities 56, organizations 40 (+ 22 units, 6 networks), adoptions 38, involvements 36, people 36,
countries 33, designations 30, principles 25, conferences 23 and foundings 23; the most frequent
properties rdfs:label 796, prov:wasDerivedFrom 762, rdf:type 756, skos:editorialNote 642, hrg:date
208. The 100,000-triple file (seed 0) has 100,003 triples: 2,816 sources, 1,424 memberships, 1,089
cities (1,033 with coordinates), 779 organizations, 742 adoptions, and 1,249 labels in a language
other than English.

The same size and seed give the same bytes.

    .venv/bin/python benchmarks/synthetic.py --triples 10000 100000 1000000 -o /tmp/hrgraph-synthetic
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, XSD
from rdflib.term import Node

import hrgraph
from hrgraph.atomic import write_atomic
from hrgraph.entities import NAME_PROPERTIES, normalise_name
from hrgraph.namespaces import BASE, DATA_KINDS, GEO, HRG, PREFIXES

__all__ = ["SEED_GRAPH", "SIZES", "generate", "write"]

#: The graph the clones are made from: the seed-era data, frozen as the engine tests' fixture.
SEED_GRAPH = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seed-graph"

SIZES = (10_000, 100_000, 1_000_000)
#: Links to a node that belongs to its subject alone: the node is cloned with the subject.
OWNING = frozenset({PROV.qualifiedAssociation, HRG.memberCount, HRG.signatoryCount, HRG.participantCount,
                    HRG.hasQuantity, DCTERMS.extent})
#: Kinds of data resource that are vocabulary: referred to as they are, never cloned.
KEPT_KINDS = frozenset({"continent"})
#: Year shifts of a clone's dates: multiples of four, so that 29 February stays a date, and none
#: forward, so that no clone is dated later than today (the shapes refuse it).
YEAR_SHIFTS = (-12, -8, -4, 0)
_DATES = frozenset({XSD.gYear, XSD.gYearMonth, XSD.date})
_EXTRA_LANGUAGES = ("ko", "zh", "ja", "ru", "el", "ar")
_CONSONANTS, _VOWELS = "bcdfghklmnprstvz", "aeiou"
_ACCENTS = {"fr": "éèàç", "es": "áéíóñ", "ca": "àèòç", "de": "äöüß", "sv": "åäö", "nb": "åøæ", "sr": "čćšž"}
_ALPHABETS = {"ru": "абвгдежзиклмнопрстуфхцчшэюя", "el": "αβγδεζηθικλμνξοπρστυφχψω",
              "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"}
#: Languages written in blocks of characters: first code point and size of the block.
_BLOCKS = {"ko": (0xAC00, 11172), "zh": (0x4E00, 20902), "ja": (0x30A2, 88)}
_TLDS = ("org", "net", "com", "info", "de", "fr", "kr", "es")
_NAMESPACES = {str(namespace): prefix for prefix, namespace in PREFIXES.items()}
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")

#: One subject with its (predicate, object) pairs, every term in N-Triples syntax.
Block = tuple[str, list[tuple[str, str]]]


def generate(triples: int, seed: int = 0, rdf_format: str = "turtle") -> str:
    """A synthetic graph of about ``triples`` triples (at most one node's statements more) as Turtle or
    N-Triples (``rdf_format="nt"``); the seed-era graph is the smallest (ValueError below its size)."""
    blocks = _Cloner(seed).grow(triples)
    return _ntriples(blocks) if rdf_format == "nt" else _turtle(blocks)


def write(triples: int, directory: str | Path, *, seed: int = 0, ntriples: bool = False) -> list[Path]:
    """Write ``synthetic-{triples}-seed{seed}.ttl`` (and ``.nt``) in ``directory`` atomically; the paths."""
    blocks = _Cloner(seed).grow(triples)
    writers = {"ttl": _turtle, "nt": _ntriples} if ntriples else {"ttl": _turtle}
    paths = []
    for extension, writer in writers.items():
        path = Path(directory) / f"synthetic-{triples}-seed{seed}.{extension}"
        write_atomic(path, writer(blocks).encode("utf-8"), overwrite=True)
        paths.append(path)
    return paths


class _Cloner:
    """The seed-era data and the state of one generation: seeded choices, pools of entities by classes."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.data = hrgraph.load([SEED_GRAPH], ontology=False, store="memory")  # lexical forms as written
        self.types = defaultdict(set)
        for subject, cls in self.data.subject_objects(RDF.type):
            self.types[subject].add(cls)
        self.outgoing = {s: sorted(self.data.predicate_objects(s), key=_type_first) for s in sorted(self.types)}
        self.pools: dict[frozenset[Node], list[str]] = defaultdict(list)
        for subject in sorted(self.types):
            self.pools[frozenset(self.types[subject])].append(_nt(subject))
        owned = {o for s, p, o in self.data if p in OWNING}
        self.templates = [s for s in self.outgoing if _kind(s) not in KEPT_KINDS and s not in owned]
        self.real_names = {normalise_name(str(o)) for p in NAME_PROPERTIES for o in self.data.objects(None, p)}
        self.serial = itertools.count(1)
        self.blocks: list[Block] = []

    def grow(self, triples: int) -> list[Block]:
        """The seed-era data, then clones of its entities in a seeded order until ``triples`` is reached."""
        if triples < len(self.data):
            raise ValueError(f"{triples} triples is less than the seed-era graph ({len(self.data)}), which is included")
        self.blocks = [(_nt(s), [(_nt(p), _nt(o)) for p, o in pairs]) for s, pairs in self.outgoing.items()]
        count = len(self.data)
        order = list(self.templates)
        self.rng.shuffle(order)
        while count < triples:
            for template in order:
                count += self._clone(template)
                if count >= triples:
                    break
        return self.blocks

    def _clone(self, template: URIRef) -> int:
        """Add a clone of ``template`` (and of the nodes it owns); the number of triples added."""
        shift = self.rng.choice(YEAR_SHIFTS)
        pairs: list[tuple[str, str]] = []
        owned: list[tuple[URIRef, URIRef]] = []
        name = ""
        for predicate, obj in self.outgoing[template]:
            if isinstance(obj, Literal):
                value = self._literal(predicate, obj, shift)
                if predicate == RDFS.label and obj.language == "en":
                    name = value
            elif predicate in OWNING:
                owned.append((predicate, obj))
                continue
            elif predicate != RDF.type and obj in self.types and _kind(obj) not in KEPT_KINDS:
                pool = self.pools[frozenset(self.types[obj])]
                value = pool[self.rng.randrange(len(pool))]
            else:
                value = self._resource(predicate, obj)
            pairs.append((_nt(predicate), value))
        subject = f"<{BASE}{_kind(template)}/{_slug(name)}-{next(self.serial)}>"
        added = 0
        for predicate, obj in owned:
            added += self._clone(obj)
            pairs.append((_nt(predicate), self.blocks[-1][0]))
        if HRG.City in self.types[template]:
            self._city_extras(template, pairs)
        pairs = list(dict.fromkeys(pairs))  # the same entity picked twice is one triple
        self.blocks.append((subject, pairs))
        self.pools[frozenset(self.types[template])].append(subject)
        return added + len(pairs)

    def _literal(self, predicate: URIRef, literal: Literal, shift: int) -> str:
        """A new value of the same kind: text in the same language, a shifted date, a similar number."""
        lexical, datatype = str(literal), literal.datatype
        if datatype in _DATES:
            return _nt_literal(_shift_year(lexical, shift), datatype=str(datatype))
        if datatype == XSD.integer:
            return _nt_literal(str(self.rng.randint(1, max(1, 2 * int(lexical)))), datatype=str(datatype))
        if datatype is not None and datatype != XSD.string:
            return _nt(literal)
        language = literal.language or ""
        while True:
            text = self._text(language, len(lexical))
            if predicate == HRG.abbreviation:
                text = "".join(c for c in text.upper() if c.isalpha())[: max(2, len(lexical))]
            if predicate not in NAME_PROPERTIES or normalise_name(text) not in self.real_names:
                return _nt_literal(text, language=literal.language)

    def _resource(self, predicate: URIRef, obj: Node) -> str:
        """Web pages and Wikidata items get new, unique IRIs (one entity per item); vocabulary stays."""
        if predicate == SDO.url:
            scheme = str(obj).split(":", 1)[0]
            host, path = self._text("", 8).split()[0].lower(), self._text("", 12).split()[0].lower()
            return f"<{scheme}://www.{host}.{self.rng.choice(_TLDS)}/{path}/{next(self.serial)}>"
        if predicate == SDO.sameAs and str(obj).startswith("http://www.wikidata.org/entity/Q"):
            return f"<http://www.wikidata.org/entity/Q{900_000_000 + next(self.serial)}>"
        return _nt(obj)

    def _city_extras(self, template: URIRef, pairs: list[tuple[str, str]]) -> None:
        """WGS84 coordinates, and for one city in two a label in a non-Latin script it lacks."""
        decimal = str(XSD.decimal)
        pairs.append((_nt(GEO.lat), _nt_literal(f"{self.rng.uniform(-60, 70):.4f}", datatype=decimal)))
        pairs.append((_nt(GEO.long), _nt_literal(f"{self.rng.uniform(-180, 180):.4f}", datatype=decimal)))
        if self.rng.random() < 0.5:
            present = {label.language for label in self.data.objects(template, RDFS.label) if isinstance(label, Literal)}
            language = self.rng.choice([code for code in _EXTRA_LANGUAGES if code not in present])
            pairs.append((_nt(RDFS.label), _nt_literal(self._text(language, 4), language=language)))

    def _text(self, language: str, length: int) -> str:
        """Pseudo-words in the script of ``language``, at least ``length`` characters (and 3) long."""
        words: list[str] = []
        while len(" ".join(words)) < max(3, length):
            words.append(self._word(language.split("-")[0].lower()))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def _word(self, language: str) -> str:
        rng = self.rng
        if language in _BLOCKS:
            start, size = _BLOCKS[language]
            return "".join(chr(start + rng.randrange(size)) for _ in range(rng.randint(2, 4)))
        if language in _ALPHABETS:
            return "".join(rng.choice(_ALPHABETS[language]) for _ in range(rng.randint(3, 9)))
        vowels = _VOWELS + _ACCENTS.get(language, "")
        return "".join(rng.choice(_CONSONANTS) + rng.choice(vowels) for _ in range(rng.randint(1, 4)))


def _type_first(pair: tuple[Node, Node]) -> tuple[bool, Node, Node]:
    """rdf:type first, as hrgraph's Turtle has it; then predicates and objects in order."""
    return (pair[0] != RDF.type, *pair)


def _kind(node: Node) -> str:
    """The data kind of an hrgraph IRI (``city`` for .../city/gwangju), or ""."""
    text = str(node)
    kind = text[len(BASE):].split("/", 1)[0] if text.startswith(BASE) else ""
    return kind if kind in DATA_KINDS else ""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.split('"')[1] if '"' in text else text)
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))[:40].strip("-") or "node"


def _shift_year(lexical: str, years: int) -> str:
    match = re.fullmatch(r"(\d{4})(.*)", lexical)
    return f"{int(match[1]) + years:04d}{match[2]}" if match else lexical


def _nt(node: Node) -> str:
    if isinstance(node, Literal):
        return _nt_literal(str(node), language=node.language, datatype=str(node.datatype) if node.datatype else None)
    return f"<{node}>"


def _nt_literal(text: str, *, language: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if language:
        return f'"{escaped}"@{language}'
    if datatype and datatype != str(XSD.string):
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _compact(term: str) -> str:
    """An IRI (or a literal's datatype) as a prefixed name where hrgraph's prefix map allows it."""
    if term.startswith("<"):
        iri = term[1:-1]
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = _NAMESPACES.get(iri[:cut])
        return f"{prefix}:{iri[cut:]}" if prefix and _LOCAL_NAME.fullmatch(iri[cut:]) else term
    if term.endswith(">"):
        head, _, datatype = term.rpartition("^^")
        return f"{head}^^{_compact(datatype)}"
    return term


def _turtle(blocks: list[Block]) -> str:
    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES.items()]
    rdf_type = _nt(RDF.type)
    for subject, pairs in blocks:
        body = " ;\n    ".join(f"{'a' if p == rdf_type else _compact(p)} {_compact(o)}" for p, o in pairs)
        lines.append(f"\n{_compact(subject)} {body} .")
    return "\n".join(lines) + "\n"


def _ntriples(blocks: list[Block]) -> str:
    return "".join(f"{subject} {p} {o} .\n" for subject, pairs in blocks for p, o in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, nargs="+", default=list(SIZES), help="sizes to write")
    parser.add_argument("-o", "--output", type=Path, required=True, help="directory to write the files in")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ntriples", action="store_true", help="also write N-Triples")
    arguments = parser.parse_args()
    arguments.output.mkdir(parents=True, exist_ok=True)
    for triples in arguments.triples:
        for path in write(triples, arguments.output, seed=arguments.seed, ntriples=arguments.ntriples):
            print(path)


if __name__ == "__main__":
    main()
