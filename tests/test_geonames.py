"""`hrgraph link geonames`, offline: namesakes told apart by country and population or reported, every
statement on the GeoNames feature's own source, and a point a page gave kept as the place's one point."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SDO

from hrgraph.cli import cli
from hrgraph.geonames import link_geonames
from hrgraph.namespaces import BASE, GEO, HRG
from hrgraph.provenance import sources_of
from hrgraph.rdf.files import parse_file

PLACES = """
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/hrgraph/country/south-korea> a hrg:Country ; rdfs:label "South Korea"@en .
<https://w3id.org/hrgraph/country/united-states> a hrg:Country ; rdfs:label "United States"@en .
<https://w3id.org/hrgraph/country/chile> a hrg:Country ; rdfs:label "Chile"@en .
<https://w3id.org/hrgraph/city/san-antonio> a hrg:City ; rdfs:label "San Antonio"@en ;
    hrg:country <https://w3id.org/hrgraph/country/chile> .
<https://w3id.org/hrgraph/city/gwangju> a hrg:City ; rdfs:label "Gwangju"@en ;
    hrg:country <https://w3id.org/hrgraph/country/south-korea> .
<https://w3id.org/hrgraph/city/busan> a hrg:City ; rdfs:label "Busan"@en ;
    hrg:country <https://w3id.org/hrgraph/country/south-korea> ;
    geo:lat "35.1"^^xsd:decimal ; geo:long "129.0"^^xsd:decimal .
<https://w3id.org/hrgraph/city/jackson> a hrg:City ; rdfs:label "Jackson"@en ;
    hrg:country <https://w3id.org/hrgraph/country/united-states> .
"""


def test_namesakes_sources_and_a_page_s_point(tmp_path: Path) -> None:
    graph = Graph().parse(data=PLACES, format="turtle")
    output = tmp_path / "geonames.ttl"
    dry = link_geonames(graph, output=output, dry_run=True)
    assert dry.written is None and not output.exists()

    report = link_geonames(graph, output=output)
    linked = {str(place).rsplit("/", 1)[-1] for place, _, _ in report.linked}
    assert {"gwangju", "busan", "south-korea", "united-states"} <= linked
    assert [label for _, label, _ in report.ambiguous] == ["Jackson"]  # Mississippi or Tennessee: never guessed
    out = parse_file(output)
    gwangju, busan = URIRef(BASE + "city/gwangju"), URIRef(BASE + "city/busan")
    # the metropolitan city (1.4 million), not Gwangju in Gyeonggi: ten times the next namesake
    (same,) = out.objects(gwangju, SDO.sameAs)
    ident = str(same).removeprefix("https://sws.geonames.org/").strip("/")
    latitude = out.value(gwangju, GEO.lat)
    assert latitude is not None and 35 < float(latitude) < 35.3
    source = URIRef(f"{BASE}source/geonames-{ident}")
    merged = graph + out
    assert sources_of(merged, gwangju, GEO.lat, latitude) == [source]
    assert any(out.subjects(HRG.dateUnknown, Literal(True)))  # its population, which GeoNames does not date
    # the country the graph gave, which the feature states too: GeoNames is its second source
    korea = URIRef(BASE + "country/south-korea")
    assert sources_of(merged, gwangju, HRG.country, korea) == [source]
    # Busan's point came from a page: GeoNames adds its IRI and population, not a second point
    assert (busan, SDO.sameAs, None) in out and (busan, GEO.lat, None) not in out
    assert not any(out.subjects(None, URIRef(BASE + "city/jackson")))
    # the graph's country picks the Chilean San Antonio, not the Texan city a hundred times its size,
    # and still does when the graph read again holds this file (its country is not this file's triple)
    san_antonio = URIRef(BASE + "city/san-antonio")
    assert (san_antonio, HRG.country, URIRef(BASE + "country/chile")) not in out
    assert link_geonames(graph + out, output=output).written is False  # again: the same bytes
    assert sources_of(graph + parse_file(output), san_antonio, HRG.country, URIRef(BASE + "country/chile"))


NAMESAKES_BY_POINT = """
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/hrgraph/country/germany> a hrg:Country ; rdfs:label "Germany"@en .
<https://w3id.org/hrgraph/country/south-korea> a hrg:Country ; rdfs:label "South Korea"@en .
<https://w3id.org/hrgraph/city/hamm> a hrg:City ; rdfs:label "Hamm"@en ;
    hrg:country <https://w3id.org/hrgraph/country/germany> ;
    geo:lat "51.683"^^xsd:decimal ; geo:long "7.817"^^xsd:decimal .
<https://w3id.org/hrgraph/city/hamm-misplaced> a hrg:City ; rdfs:label "Hamm"@en ;
    hrg:country <https://w3id.org/hrgraph/country/germany> ;
    geo:lat "48.1"^^xsd:decimal ; geo:long "11.6"^^xsd:decimal .
<https://w3id.org/hrgraph/city/hamm-ill-typed> a hrg:City ; rdfs:label "Hamm"@en ;
    hrg:country <https://w3id.org/hrgraph/country/germany> ; geo:lat "north" ; geo:long "7.8" .
<https://w3id.org/hrgraph/city/taebaek> a hrg:City ; rdfs:label "Taebaek"@en ;
    hrg:country <https://w3id.org/hrgraph/country/south-korea> .
<https://w3id.org/hrgraph/country/state-of-palestine> a hrg:Country ; rdfs:label "State of Palestine"@en .
<https://w3id.org/hrgraph/country/japan> a hrg:Country ; rdfs:label "Japan"@en .
<https://w3id.org/hrgraph/region/osaka-prefecture> a hrg:Region ; rdfs:label "Osaka Prefecture"@en .
<https://w3id.org/hrgraph/city/toyonaka> a hrg:City ; rdfs:label "Toyonaka"@en ;
    hrg:country <https://w3id.org/hrgraph/country/japan> ;
    hrg:locatedIn <https://w3id.org/hrgraph/region/osaka-prefecture> .
<https://w3id.org/hrgraph/city/kumano> a hrg:City ; rdfs:label "Kumano"@en, "熊野市"@ja ;
    hrg:country <https://w3id.org/hrgraph/country/japan> .
<https://w3id.org/hrgraph/city/sakai> a hrg:City ; rdfs:label "Sakai"@en ;
    hrg:country <https://w3id.org/hrgraph/country/japan> ;
    hrg:locatedIn <https://w3id.org/hrgraph/region/osaka-prefecture> .
<https://w3id.org/hrgraph/city/bethlehem> a hrg:City ; rdfs:label "Bethlehem"@en ;
    hrg:country <https://w3id.org/hrgraph/country/state-of-palestine> ;
    geo:lat "31.7044"^^xsd:decimal ; geo:long "35.2064"^^xsd:decimal .
"""


def test_a_page_s_point_tells_namesakes_apart_and_apostrophes_do_not(tmp_path: Path) -> None:
    """Hamm in Westphalia (179,000) is not ten times the Hamm of Hamburg (38,000): the point a page gives
    chooses it; a point far from every Hamm is a doubt, not a link. GeoNames writes Taebaek as
    McCune-Reischauer does, T'aebaek. Bethlehem keeps the one country the graph gives it, which
    GeoNames names otherwise ("Palestinian Territory"). A point that is no number ("north") is no
    point: that Hamm stays a doubt. Of five Sakai, the one in the GeoNames region
    of Toyonaka, which the graph puts in Osaka Prefecture too. Of two Kumano, the one that also bears
    the place's Japanese name (熊野市, in Mie). On a terminal (--progress) a bar counts the
    places matched, on stderr."""
    data, output = tmp_path / "places.ttl", tmp_path / "geonames.ttl"
    data.write_text(NAMESAKES_BY_POINT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data", str(data), "link", "geonames", "--output", str(output), "--progress"])
    assert result.exit_code == 0, result.output
    assert "matching places" in result.stderr
    lines = result.stdout.splitlines()
    (hamm,) = [line for line in lines if line.startswith("  linked     Hamm:")]
    assert "geonames 2911240" in hamm and "within 25 km of the point its page gives" in hamm
    assert any(line.startswith("  linked     Taebaek: T’aebaek (KR)") for line in lines)
    doubts = sorted(line.count("km from the point its page gives") for line in lines
                    if line.startswith("  ambiguous  Hamm:"))
    assert doubts == [0, 2]  # the misplaced Hamm with both distances; the ill-typed point chooses nothing
    assert any(line.startswith("  linked     Bethlehem: Bethlehem (PS), geonames 284315") for line in lines)
    assert any(line.startswith("  linked     Kumano: Kumano (JP), geonames 6822172") for line in lines)
    assert any(line.startswith("  linked     Sakai: Sakai (JP), geonames 1853195, the namesake in admin 32, where "
                               "the other linked place of Osaka Prefecture lies") for line in lines)
    bethlehem = URIRef(BASE + "city/bethlehem")
    graph = Graph().parse(data=NAMESAKES_BY_POINT, format="turtle") + parse_file(output)
    assert set(graph.objects(bethlehem, HRG.country)) == {URIRef(BASE + "country/state-of-palestine")}
