"""Linking to Wikidata and enriching from it, against a real Oxigraph server holding Wikidata's data model.

The server (the ``oxigraph`` fixture of conftest.py) is loaded with tests/fixtures/wikidata.ttl:
items with labels in several languages, truthy and full statements, subclass chains, and two
Rosarios and two Saint-Denis. Each test links a small hrgraph graph of its own, written to a
temporary directory, with a cache directory of its own; requests are real HTTP, sometimes through a
loopback proxy that records them.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from urllib.error import HTTPError

import pytest
from click.testing import CliRunner, Result
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SDO, XSD

import hrgraph
from hrgraph.cli import cli, link_wikidata_command
from hrgraph.errors import OutputError
from hrgraph.namespaces import GEO, HRG, data_namespace
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import parse_file
from hrgraph.remote import USER_AGENT, push
from hrgraph.validate import validate
from hrgraph.wikidata import (
    SCHEMA,
    WD,
    WIKIDATA_ENDPOINT,
    EnrichReport,
    LinkReport,
    default_cache_dir,
    enrich_wikidata,
    link_wikidata,
)

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata.ttl"
CITY, COUNTRY, SOURCE = data_namespace("city"), data_namespace("country"), data_namespace("source")
ORGANIZATION, INSTRUMENT, QUANTITY = data_namespace("organization"), data_namespace("instrument"), data_namespace("quantity")

HEADER = """\
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix city: <https://w3id.org/hrgraph/city/> .
@prefix country: <https://w3id.org/hrgraph/country/> .
@prefix organization: <https://w3id.org/hrgraph/organization/> .
@prefix instrument: <https://w3id.org/hrgraph/instrument/> .
@prefix source: <https://w3id.org/hrgraph/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .

source:test a hrg:Source ; rdfs:label "Test source"@en ; dcterms:title "Test source" ;
    schema:url <https://example.org/test> .
"""
COUNTRIES = """\
country:argentina a hrg:Country ; rdfs:label "Argentina"@en, "Argentina"@es ; prov:wasDerivedFrom source:test .
country:france a hrg:Country ; rdfs:label "France"@en, "France"@fr ; prov:wasDerivedFrom source:test .
country:south-korea a hrg:Country ; rdfs:label "South Korea"@en, "대한민국"@ko ; prov:wasDerivedFrom source:test .
"""
OTHERS = """\
city:rosario a hrg:City ; rdfs:label "Rosario"@en, "Rosario"@es ; hrg:country country:argentina ;
    prov:wasDerivedFrom source:test .
city:saint-denis a hrg:City ; rdfs:label "Saint-Denis"@en, "Saint-Denis"@fr ; hrg:country country:france ;
    prov:wasDerivedFrom source:test .
city:gwangju a hrg:City ; rdfs:label "Gwangju"@en, "광주"@ko ; hrg:country country:south-korea ;
    prov:wasDerivedFrom source:test .
organization:uclg a hrg:Network ; rdfs:label "United Cities and Local Governments"@en ;
    prov:wasDerivedFrom source:test .
organization:human-rights-cities-network a hrg:Network ; rdfs:label "Human Rights Cities Network"@en ;
    prov:wasDerivedFrom source:test .
instrument:udhr a hrg:Declaration ; rdfs:label "Universal Declaration of Human Rights"@en ;
    prov:wasDerivedFrom source:test .
"""
GRAPH = HEADER + COUNTRIES + OTHERS

#: What the fixture lets hrgraph link in GRAPH.
EXPECTED_LINKS = {
    COUNTRY.argentina: WD.Q414,  # not the film "Argentina" (Q900000008)
    COUNTRY.france: WD.Q142,
    COUNTRY["south-korea"]: WD.Q884,
    CITY.rosario: WD.Q900000001,  # Argentina's, not Uruguay's (Q900000002)
    CITY.gwangju: WD.Q900000005,
    ORGANIZATION.uclg: WD.Q900000006,
    INSTRUMENT.udhr: WD.Q900000007,
}


@pytest.fixture(scope="module")
def wikidata(oxigraph: str) -> str:
    """The query URL of an Oxigraph server holding the fixture, in Wikidata's data model."""
    push(parse_file(FIXTURE), f"{oxigraph}/store")
    return f"{oxigraph}/query"


def graph_dir(tmp_path: Path, body: str = GRAPH) -> Path:
    """A data directory holding ``body``: the graph a test links."""
    directory = tmp_path / "graph"
    directory.mkdir()
    (directory / "data.ttl").write_text(body, encoding="utf-8")
    return directory


def link(directory: Path, endpoint: str, cache: Path, **options: object) -> LinkReport:
    options.setdefault("delay", 0)
    return link_wikidata(
        hrgraph.load([directory], store="memory"), output=directory / "wikidata.ttl", endpoint=endpoint, cache_dir=cache, **options
    )


def enrich(directory: Path, endpoint: str, cache: Path, **options: object) -> EnrichReport:
    options.setdefault("delay", 0)
    return enrich_wikidata(
        hrgraph.load([directory], store="memory"), output=directory / "wikidata.ttl", endpoint=endpoint, cache_dir=cache, **options
    )


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def statuses(report: LinkReport) -> dict[URIRef, str]:
    return {match.entity: match.status for match in report.matches}


# --- a loopback proxy that records the requests ------------------------------------------------------


@dataclass
class Proxy:
    """Where to send requests, and what was received: headers and arrival times."""

    url: str = ""
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)


@contextmanager
def proxy_to(target: str) -> Iterator[Proxy]:
    """An HTTP server on a free loopback port that forwards each POST to ``target``; stopped on exit."""
    proxy = Proxy()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            proxy.times.append(time.monotonic())
            proxy.headers.append(dict(self.headers.items()))
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name: self.headers[name] for name in ("Content-Type", "Accept") if self.headers[name]}
            try:
                with urllib.request.urlopen(urllib.request.Request(target, data=body, headers=headers), timeout=10) as answer:
                    status, media_type, content = answer.status, answer.headers["Content-Type"], answer.read()
            except HTTPError as error:
                status, media_type, content = error.code, error.headers.get("Content-Type", "text/plain"), error.read()
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- linking ------------------------------------------------------------------------------------------


def test_unambiguous_matches_are_linked_with_their_source(wikidata: str, tmp_path: Path) -> None:
    directory = graph_dir(tmp_path)
    report = link(directory, wikidata, tmp_path / "cache")
    assert {m.entity: m.item for m in report.with_status("linked")} == EXPECTED_LINKS
    written = parse_file(directory / "wikidata.ttl")
    assert set(written.subject_objects(SDO.sameAs)) == set(EXPECTED_LINKS.items())
    source = SOURCE["wikidata-q900000001"]
    assert (CITY.rosario, PROV.wasDerivedFrom, source) in written
    assert (source, RDF.type, HRG.Source) in written
    assert str(written.value(source, URIRef("http://purl.org/dc/terms/title"))) == "Wikidata: Q900000001"
    assert written.value(source, SDO.url) == URIRef("https://www.wikidata.org/wiki/Q900000001")
    retrieved = written.value(source, PROV.generatedAtTime)
    assert isinstance(retrieved, Literal) and retrieved.datatype == XSD.dateTime


def test_the_country_tells_two_rosarios_apart(wikidata: str, tmp_path: Path) -> None:
    report = link(graph_dir(tmp_path), wikidata, tmp_path / "cache")
    (rosario,) = [m for m in report.matches if m.entity == CITY.rosario]
    assert rosario.status == "linked"
    assert [c.qid for c in rosario.candidates] == ["Q900000001"]
    assert rosario.candidates[0].countries == ((WD.Q414, "Argentina"),)


def test_a_city_whose_country_is_not_linked_is_ambiguous(wikidata: str, tmp_path: Path) -> None:
    """Without a linked country, the Rosario of Argentina and the one of Uruguay (named in "mul") both fit."""
    body = HEADER + """\
country:argentina a hrg:Country ; rdfs:label "Argentine Nation"@en ; prov:wasDerivedFrom source:test .
city:rosario a hrg:City ; rdfs:label "Rosario"@en ; hrg:country country:argentina ; prov:wasDerivedFrom source:test .
"""
    directory = graph_dir(tmp_path, body)
    report = link(directory, wikidata, tmp_path / "cache")
    assert statuses(report) == {COUNTRY.argentina: "unmatched", CITY.rosario: "ambiguous"}
    (rosario,) = report.with_status("ambiguous")
    assert [c.qid for c in rosario.candidates] == ["Q900000001", "Q900000002"]
    assert "no linked country to tell them apart" in rosario.note
    assert "city in Colonia Department, Uruguay  [Uruguay (Q77)]" in report.text()
    assert not (directory / "wikidata.ttl").exists()  # nothing linked: no file


def test_same_name_in_the_same_country_is_reported_not_linked(wikidata: str, tmp_path: Path) -> None:
    directory = graph_dir(tmp_path)
    report = link(directory, wikidata, tmp_path / "cache")
    (saint_denis,) = report.with_status("ambiguous")
    assert saint_denis.entity == CITY["saint-denis"]
    assert [(c.qid, c.description) for c in saint_denis.candidates] == [
        ("Q900000003", "commune in Seine-Saint-Denis, France"),
        ("Q900000004", "commune and capital of Réunion, France"),
    ]
    assert saint_denis.note == "2 candidates in France (Q142)"
    assert "Ambiguous 1 (not linked" in report.text()
    assert (CITY["saint-denis"], SDO.sameAs, None) not in parse_file(directory / "wikidata.ttl")


def test_unmatched_entities_are_reported(wikidata: str, tmp_path: Path) -> None:
    report = link(graph_dir(tmp_path), wikidata, tmp_path / "cache")
    (network,) = report.with_status("unmatched")
    assert network.entity == ORGANIZATION["human-rights-cities-network"]
    assert network.note == "no organization item bears these labels"
    assert "Unmatched 1:\n  organization:human-rights-cities-network  Human Rights Cities Network" in report.text()


def test_a_curated_link_is_kept_and_tells_the_country(wikidata: str, tmp_path: Path) -> None:
    body = GRAPH + "country:argentina schema:sameAs wd:Q414 .\n"
    directory = graph_dir(tmp_path, body)
    report = link(directory, wikidata, tmp_path / "cache")
    assert COUNTRY.argentina not in statuses(report)  # not looked up again
    assert statuses(report)[CITY.rosario] == "linked"
    assert (COUNTRY.argentina, None, None) not in parse_file(directory / "wikidata.ttl")


def test_an_item_linked_to_another_entity_is_not_linked_twice(wikidata: str, tmp_path: Path) -> None:
    body = GRAPH.replace("hrg:country country:south-korea ;", "hrg:country country:south-korea ; schema:sameAs wd:Q900000001 ;")
    report = link(graph_dir(tmp_path, body), wikidata, tmp_path / "cache")
    (rosario,) = [m for m in report.matches if m.entity == CITY.rosario]
    assert rosario.status == "ambiguous"
    assert rosario.note == "wd:Q900000001 is already the link of city:gwangju"


def test_an_item_the_entity_is_different_from_is_left_out(wikidata: str, tmp_path: Path) -> None:
    """A curator settles an ambiguity, or refuses a wrong match for good, with owl:differentFrom."""
    body = GRAPH + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\ncity:saint-denis owl:differentFrom wd:Q900000004 .\n"
    report = link(graph_dir(tmp_path, body), wikidata, tmp_path / "cache")
    (saint_denis,) = [m for m in report.matches if m.entity == CITY["saint-denis"]]
    assert (saint_denis.status, saint_denis.item) == ("linked", WD.Q900000003)


def test_a_second_run_sends_no_request(wikidata: str, tmp_path: Path) -> None:
    directory, cache = graph_dir(tmp_path), tmp_path / "cache"
    with proxy_to(wikidata) as proxy:
        first = link(directory, proxy.url, cache)
    assert first.sent == len(proxy.headers) == len(first.matches) > 0 and first.cached == 0
    written = (directory / "wikidata.ttl").read_bytes()
    (directory / "wikidata.ttl").unlink()
    second = link(directory, proxy.url, cache)  # the proxy is stopped: any request would fail
    assert (second.sent, second.cached) == (0, first.sent)
    assert second.matches == first.matches
    assert (directory / "wikidata.ttl").read_bytes() == written
    entries = [json.loads(path.read_text(encoding="utf-8")) for path in cache.glob("*.json")]
    assert len(entries) == first.sent
    assert {entry["endpoint"] for entry in entries} == {proxy.url}
    assert all(entry["query"].startswith("PREFIX wd:") and entry["retrieved"].endswith("Z") for entry in entries)


def test_requests_are_posts_with_hrgraphs_user_agent(wikidata: str, tmp_path: Path) -> None:
    with proxy_to(wikidata) as proxy:  # the proxy answers POST only
        link(graph_dir(tmp_path, HEADER + COUNTRIES), proxy.url, tmp_path / "cache")
    assert len(proxy.headers) == 3
    for headers in proxy.headers:
        assert headers["User-Agent"] == USER_AGENT
        assert headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_requests_are_spaced_by_the_delay(wikidata: str, tmp_path: Path) -> None:
    with proxy_to(wikidata) as proxy:
        link(graph_dir(tmp_path, HEADER + COUNTRIES), proxy.url, tmp_path / "cache", delay=0.25)
    gaps = [later - earlier for earlier, later in pairwise(proxy.times)]
    assert len(gaps) == 2 and min(gaps) >= 0.25


def test_an_unreadable_cache_entry_is_asked_again(wikidata: str, tmp_path: Path) -> None:
    directory, cache = graph_dir(tmp_path, HEADER + COUNTRIES), tmp_path / "cache"
    first = link(directory, wikidata, cache)
    for path in cache.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    (directory / "wikidata.ttl").unlink()
    with pytest.warns(UserWarning, match="unreadable cached answer"):
        again = link(directory, wikidata, cache, dry_run=True)
    assert again.sent == first.sent  # asked again: the retrieval times are the new ones
    assert [(m.entity, m.status, m.item) for m in again.matches] == [(m.entity, m.status, m.item) for m in first.matches]


# --- enrichment ---------------------------------------------------------------------------------------


@pytest.fixture
def enriched(wikidata: str, tmp_path: Path) -> tuple[Path, Path, EnrichReport]:
    """GRAPH linked and enriched: its data directory, cache directory and the enrichment report."""
    directory, cache = graph_dir(tmp_path), tmp_path / "cache"
    link(directory, wikidata, cache)
    return directory, cache, enrich(directory, wikidata, cache)


def test_enrich_adds_coordinates_on_places(enriched: tuple[Path, Path, EnrichReport]) -> None:
    directory, _, _ = enriched
    written = parse_file(directory / "wikidata.ttl")
    assert written.value(CITY.rosario, GEO.lat) == Literal("-32.95", datatype=XSD.decimal)
    assert written.value(CITY.rosario, GEO.long) == Literal("-60.666666666667", datatype=XSD.decimal)
    assert written.value(CITY.gwangju, GEO.lat) == Literal("35.166666666667", datatype=XSD.decimal)
    assert (ORGANIZATION.uclg, GEO.lat, None) not in written


def test_curated_coordinates_are_kept_not_doubled(wikidata: str, tmp_path: Path) -> None:
    body = GRAPH + (
        "@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n"
        'city:rosario geo:lat "-32.9575"^^<http://www.w3.org/2001/XMLSchema#decimal> ;'
        ' geo:long "-60.6394"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    )
    directory, cache = graph_dir(tmp_path, body), tmp_path / "cache"
    link(directory, wikidata, cache)
    report = enrich(directory, wikidata, cache)
    assert "coordinates already in the curated data: Wikidata's not added" in report.text()
    assert (CITY.rosario, GEO.lat, None) not in parse_file(directory / "wikidata.ttl")
    assert validate(hrgraph.load([directory])).conforms


def test_enrich_adds_the_latest_population_with_its_date(enriched: tuple[Path, Path, EnrichReport]) -> None:
    """Rosario: the 2010 figure, not 2001's nor the deprecated 2015; Gwangju: 2020-11-01 over 2015."""
    directory, _, _ = enriched
    written = parse_file(directory / "wikidata.ttl")
    figures = {
        (about, str(figure).rsplit("/", 1)[1], written.value(figure, SDO.value), written.value(figure, HRG.date))
        for figure in written.subjects(RDF.type, HRG.PopulationFigure)
        for about in written.objects(figure, SCHEMA.observationAbout)
    }
    assert figures == {
        (CITY.rosario, "city-rosario-population-2010", Literal(948312), Literal("2010", datatype=XSD.gYear)),
        (CITY.gwangju, "city-gwangju-population-2020-11-01", Literal(1441970), Literal("2020-11-01", datatype=XSD.date)),
    }


def test_enrich_adds_official_websites(enriched: tuple[Path, Path, EnrichReport]) -> None:
    directory, _, report = enriched
    written = parse_file(directory / "wikidata.ttl")
    assert set(written.subject_objects(SDO.url)) >= {
        (CITY.rosario, URIRef("https://www.rosario.gob.ar/")),
        (ORGANIZATION.uclg, URIRef("https://www.uclg.org/")),
    }
    assert "organization:uclg  United Cities and Local Governments (wd:Q900000006): website https://www.uclg.org/" in report.text()


def test_every_enriched_fact_rests_on_the_item_with_its_retrieval_time(enriched: tuple[Path, Path, EnrichReport]) -> None:
    directory, cache, _ = enriched
    written = parse_file(directory / "wikidata.ttl")
    source = SOURCE["wikidata-q900000001"]
    assert (CITY.rosario, PROV.wasDerivedFrom, source) in written  # coordinates, website
    assert written.value(QUANTITY["city-rosario-population-2010"], PROV.wasDerivedFrom) == source
    entries = [json.loads(path.read_text(encoding="utf-8")) for path in cache.glob("*.json")]
    (retrieved,) = [e["retrieved"] for e in entries if "wd:Q900000001 p:P1082" in e["query"]]
    assert written.value(source, PROV.generatedAtTime) == Literal(retrieved, datatype=XSD.dateTime, normalize=False)
    assert str(written.value(source, URIRef("http://purl.org/dc/terms/bibliographicCitation"))) == (
        f"“Rosario” (Q900000001), Wikidata, retrieved {retrieved[:10]}."
    )


def test_the_output_validates_and_is_canonical(enriched: tuple[Path, Path, EnrichReport]) -> None:
    directory, _, _ = enriched
    report = validate(hrgraph.load([directory]))
    assert report.conforms, report.text()
    output = directory / "wikidata.ttl"
    assert output.read_bytes() == serialize(parse_file(output), "turtle")


def test_enriching_again_changes_nothing_and_sends_nothing(wikidata: str, enriched: tuple[Path, Path, EnrichReport]) -> None:
    directory, cache, first = enriched
    before = (directory / "wikidata.ttl").read_bytes()
    again = enrich(directory, wikidata, cache)
    assert (again.sent, again.cached) == (0, len(first.enrichments))
    assert not len(again.changes.added) and not len(again.changes.removed)
    assert (directory / "wikidata.ttl").read_bytes() == before


# --- writing: validation, dry run, errors, command line ----------------------------------------------


def test_nothing_is_written_when_the_graph_does_not_validate(wikidata: str, tmp_path: Path) -> None:
    directory = graph_dir(tmp_path, GRAPH + 'city:atlantis a hrg:City ; rdfs:label "Atlantis"@en .\n')
    with pytest.raises(OutputError, match=r"does not validate:\n.*city:atlantis"):
        link(directory, wikidata, tmp_path / "cache")
    assert not (directory / "wikidata.ttl").exists()


def test_dry_run_prints_the_change_and_writes_nothing(wikidata: str, tmp_path: Path) -> None:
    directory, cache = graph_dir(tmp_path), tmp_path / "cache"
    options = ("--endpoint", wikidata, "--cache", cache, "--delay", "0", "--dry-run")
    result = run("--data", directory, "link", "wikidata", *options)
    assert result.exit_code == 0, result.output
    assert "schema:sameAs wd:Q900000001" in result.output
    assert "dry run: " in result.output and "not written" in result.output
    assert sorted(p.name for p in directory.iterdir()) == ["data.ttl"]
    link(directory, wikidata, cache)
    linked = (directory / "wikidata.ttl").read_bytes()
    result = run("--data", directory, "enrich", "wikidata", *options)
    assert result.exit_code == 0, result.output
    assert "hrg:PopulationFigure" in result.output
    assert (directory / "wikidata.ttl").read_bytes() == linked


def test_an_unreachable_endpoint_is_a_clear_error_and_writes_nothing(tmp_path: Path, unused_port: int) -> None:
    directory = graph_dir(tmp_path)
    endpoint = f"http://127.0.0.1:{unused_port}/sparql"
    result = run("--data", directory, "link", "wikidata", "--endpoint", endpoint, "--cache", tmp_path / "cache")
    assert result.exit_code == 2
    assert result.output.startswith(f"error: cannot reach {endpoint}")
    assert "(looking up country:argentina); nothing was written" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in directory.iterdir()) == ["data.ttl"]


def test_an_unreachable_endpoint_leaves_an_existing_file_as_it_was(wikidata: str, tmp_path: Path, unused_port: int) -> None:
    directory = graph_dir(tmp_path)
    link(directory, wikidata, tmp_path / "cache")
    before = (directory / "wikidata.ttl").read_bytes()
    result = run("--data", directory, "enrich", "wikidata", "--endpoint", f"http://127.0.0.1:{unused_port}/sparql",
                 "--cache", tmp_path / "other-cache")
    assert result.exit_code == 2 and "cannot reach" in result.output
    assert (directory / "wikidata.ttl").read_bytes() == before


def test_the_commands_write_beside_the_data_and_the_graph_validates(wikidata: str, tmp_path: Path) -> None:
    directory, cache = graph_dir(tmp_path), tmp_path / "cache"
    options = ("--endpoint", wikidata, "--cache", cache, "--delay", "0")
    linked = run("--data", directory, "link", "wikidata", *options)
    assert linked.exit_code == 0, linked.output
    assert "Linked 7 (schema:sameAs):" in linked.output
    assert "city:rosario  Rosario  -> wd:Q900000001  Rosario — city in Santa Fe, Argentina  [Argentina (Q414)]" in linked.output
    assert f"wrote {directory / 'wikidata.ttl'}" in linked.output
    enriched = run("--data", directory, "enrich", "wikidata", *options)
    assert enriched.exit_code == 0, enriched.output
    assert "city:rosario  Rosario (wd:Q900000001): coordinates -32.95, -60.666666666667; population 948312 (2010)" in enriched.output
    assert run("--data", directory, "validate").exit_code == 0
    shown = run("--data", directory, "show", "Rosario")
    assert "Population of Rosario, 2010" in shown.output
    assert "“Rosario” (Q900000001), Wikidata, retrieved " in shown.output


def test_with_data_files_only_an_output_is_required(tmp_path: Path) -> None:
    directory = graph_dir(tmp_path)
    result = run("--data", directory / "data.ttl", "link", "wikidata", "--cache", tmp_path / "cache")
    assert result.exit_code == 2 and "give --output FILE" in result.output


def test_defaults() -> None:
    defaults = {param.name: param.default for param in link_wikidata_command.params}
    assert defaults["endpoint"] == WIKIDATA_ENDPOINT
    assert defaults["delay"] == 1.0


def test_the_cache_lives_under_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "hrgraph" / "wikidata"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "hrgraph" / "wikidata"


# --- the shapes of Wikidata-derived data --------------------------------------------------------------

SHAPE_CASES = {
    "two items": (
        "city:rosario schema:sameAs wd:Q900000001, wd:Q900000002 .",
        "an entity is the same as at most one Wikidata item",
    ),
    "one item, two entities": (
        "city:rosario schema:sameAs wd:Q900000001 . city:gwangju schema:sameAs wd:Q900000001 .",
        "is the schema:sameAs of at most one entity",
    ),
    "latitude out of range": (
        'city:rosario geo:lat "-132.95"^^xsd:decimal ; geo:long "-60.6"^^xsd:decimal .',
        "exactly one geo:lat, an xsd:decimal from -90 to 90",
    ),
    "figure without date": (
        "quantity:x a hrg:PopulationFigure ; schema:observationAbout city:rosario ; schema:value 10 ;"
        " prov:wasDerivedFrom source:wd .",
        "needs either a hrg:date",
    ),
    "figure whose source has no retrieval time": (
        'quantity:x a hrg:PopulationFigure ; schema:observationAbout city:rosario ; schema:value 10 ; hrg:date "2010"^^xsd:gYear ;'
        " prov:wasDerivedFrom source:test .",
        "source needs prov:generatedAtTime",
    ),
}


@pytest.mark.parametrize("case", SHAPE_CASES)
def test_the_shapes_refuse(case: str, tmp_path: Path) -> None:
    turtle, message = SHAPE_CASES[case]
    extra = """\
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix quantity: <https://w3id.org/hrgraph/quantity/> .
source:wd a hrg:Source ; rdfs:label "Wikidata"@en ; dcterms:title "Wikidata: Q1" ; schema:url <https://www.wikidata.org/wiki/Q1> ;
    prov:generatedAtTime "2026-01-01T00:00:00Z"^^xsd:dateTime .
"""
    report = validate(hrgraph.load([graph_dir(tmp_path, GRAPH + extra + turtle + "\n")]))
    assert not report.conforms
    assert message in report.text()

