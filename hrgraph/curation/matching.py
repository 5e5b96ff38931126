"""Matching the names of a sheet to the graph's entities: exact names, slugs and IRIs, and near names.

Every comparison goes through :func:`hrgraph.entities.normalise_name`, the one way hrgraph
normalises a name. A name that is only near an existing one is reported, never merged.

>>> is_near("Nurnberg", "Nürnberg"), family(URIRef("https://w3id.org/hrgraph/city/graz"))
(True, 'place')
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from hrgraph.entities import name_index, normalise_name
from hrgraph.mapping import key
from hrgraph.namespaces import BASE, DATA_KINDS, HRG, PREFIXES

__all__ = ["FAMILIES", "NAME_PROPERTIES", "NameIndex", "as_iri", "family", "is_near", "names_of", "slug_of",
           "unknown"]

#: Kinds of entity whose names are compared with each other (a person is never "near" an institute).
FAMILIES = {
    "continent": "place", "country": "place", "region": "place", "city": "place", "localgov": "place",
    "organization": "organization", "person": "person", "instrument": "instrument", "artwork": "artwork",
    "principle": "principle", "event": "event", "series": "series", "source": "source",
}
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, HRG.formerName, HRG.abbreviation)
_STOPWORDS = {"the", "of", "for", "a", "an", "and", "in", "on", "de", "la", "le", "du", "des", "der", "die"}


def family(iri: Node) -> str | None:
    """The family of a data entity's kind (``place`` for a city), None for anything else."""
    text = str(iri)
    if not text.startswith(BASE):
        return None
    return FAMILIES.get(text.removeprefix(BASE).split("/", 1)[0])


def slug_of(iri: Node) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def names_of(graph: Graph, iri: Node) -> list[Node]:
    return [name for p in NAME_PROPERTIES for name in graph.objects(iri, p)]


def as_iri(text: str) -> URIRef | None:
    """The IRI a cell names as a full IRI, a CURIE (``city:graz``) or a slug (``city/graz``); else None."""
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


def _plain(text: str) -> str:
    return normalise_name(text, accents=False, punctuation=False)


def is_near(a: str, b: str, fx: str | None = None, fy: str | None = None) -> bool:
    """True when two names differ but look like one name: accents or punctuation, a parenthesis, a word
    more or less in a long name, a few letters.

    Names with different numbers are different things (the 2013 and the 2014 forum, resolutions 39/7
    and 45/7); a short name inside a long one is not enough ("Human Rights Council" is not "Human
    Rights Council of Graz"). ``fx`` and ``fy``: the names already without accents or punctuation.

    >>> is_near("Nurnberg", "Nürnberg"), is_near("#RightsCity 2019", "#RightsCity 2019 (third edition)")
    (True, True)
    >>> is_near("World Human Rights Cities Forum 2013", "1st World Human Rights Cities Forum (2011)")
    False
    >>> is_near("Human Rights Council of Graz", "Human Rights Council")
    False
    >>> is_near("UN General Assembly 44th session", "UN General Assembly 3rd session")
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


def unknown(what: str, text: str, known: dict[str, object], names: list[str]) -> str:
    """``unknown predicate 'memebr of'; did you mean 'member of'?``: a word not in a table, with the close ones."""
    close = difflib.get_close_matches(key(text), list(known), n=3, cutoff=0.6)
    canonical = {k: getattr(value, "name", None) for k, value in known.items()}
    by_key = {key(n): n for n in names}
    suggestions = [canonical.get(c) or by_key.get(c, c) for c in close]
    hint = f"; did you mean {', '.join(repr(s) for s in dict.fromkeys(suggestions))}?" if suggestions else ""
    return f"unknown {what} {text!r}{hint}"


_SOURCES = f"{BASE}source/"


class NameIndex:
    """Every name and slug of the graph's entities, normalised, and the names near matches look at."""

    def __init__(self, graph: Graph) -> None:
        self._iris: dict[str, set[URIRef]] = defaultdict(set)
        #: (entity, name, family, the name without accents or punctuation), for near matches
        self._entries: list[tuple[URIRef, str, str | None, str]] = []
        for text, named in name_index(graph).items():
            iris = {iri for iri in named if not str(iri).startswith(_SOURCES)}  # a row names its source by URL
            self._iris[normalise_name(text)] |= iris
            for iri in iris:
                if text != slug_of(iri):
                    self._entries.append((iri, text, family(iri), _plain(normalise_name(text))))

    def get(self, name: str) -> set[URIRef]:
        """The entities that bear ``name`` (normalised)."""
        return self._iris.get(normalise_name(name), set())

    def add(self, iri: URIRef, name: str, *, slug: bool = False) -> Callable[[], None] | None:
        """Let ``iri`` be found by ``name`` (a slug is found, never near); returns how to take it back."""
        normalised = normalise_name(name)
        if iri in self._iris[normalised]:
            return None
        self._iris[normalised].add(iri)
        if not slug:
            self._entries.append((iri, name, family(iri), _plain(normalised)))
        return lambda: self._forget(normalised, iri)

    def _forget(self, normalised: str, iri: URIRef) -> None:
        self._iris[normalised].discard(iri)
        self._entries = [entry for entry in self._entries
                         if not (entry[0] == iri and normalise_name(entry[1]) == normalised)]

    def near(self, name: str, families: tuple[str, ...] | None,
             keep: Callable[[URIRef], bool]) -> list[tuple[URIRef, str]]:
        """Entities (that ``keep`` accepts) of ``families`` with a name close to ``name`` but not equal."""
        found: dict[URIRef, str] = {}
        plain = _plain(normalise_name(name))
        for iri, text, entry_family, entry_plain in self._entries:
            if entry_family is None or (families is not None and entry_family not in families):
                continue
            if is_near(name, text, plain, entry_plain) and keep(iri):
                found.setdefault(iri, text)
        return sorted(found.items())[:5]
