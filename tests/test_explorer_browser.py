"""The explorer in a real browser: Playwright driving Debian's Chromium, headless.

Served (one server, on loopback, over the small fixture graph with coordinates): the home page's map
and timeline, the faceted search driven by clicks and read back from its address, the map's as-of
slider, a download, an entity page's small map. Static (the explorer's files of the bundled graph,
opened from disk): the map says that no place has coordinates yet, the timeline and table agree
with SPARQL. What each page shows is checked against the graph; no console error, no request to
another host. Screenshots go to screenshots/ (not committed). Without /usr/bin/chromium the module
is skipped, unless CI is set: then it fails.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from hrgraph.explorer.web import explorer_files
from hrgraph.namespaces import GEO, HRG
from hrgraph.web import Settings, background

HOSTILE = "<img src=x onerror=alert(1)>Hostile</script><script>alert(2)</script>"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PREFIXES = """PREFIX hrg: <https://w3id.org/hrgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
#: Per year, the distinct cities whose designation (all its versions) is first dated that year.
DESIGNATIONS = PREFIXES + """SELECT ?year (COUNT(DISTINCT ?city) AS ?n) WHERE {
  { SELECT ?city (MIN(xsd:integer(SUBSTR(STR(?date), 1, 4))) AS ?year)
    WHERE { ?fact a hrg:Designation ; hrg:adopter ?city ; hrg:date ?date } GROUP BY ?city }
} GROUP BY ?year"""
#: Per year, the distinct adopters of an instrument whose adoption is first dated that year.
ADOPTIONS = PREFIXES + """SELECT ?year (COUNT(DISTINCT ?adopter) AS ?n) WHERE {
  { SELECT ?adopter ?instrument (MIN(xsd:integer(SUBSTR(STR(?date), 1, 4))) AS ?year)
    WHERE { ?fact hrg:adopter ?adopter ; hrg:instrument ?instrument ; hrg:date ?date
            FILTER NOT EXISTS { ?fact a hrg:Designation } } GROUP BY ?adopter ?instrument }
} GROUP BY ?year"""
PLACED = PREFIXES + "SELECT (COUNT(DISTINCT ?place) AS ?n) WHERE { ?place geo:lat ?lat ; geo:long ?long }"
PLACES = PREFIXES + """SELECT (COUNT(DISTINCT ?place) AS ?n) WHERE {
  { VALUES ?kind { hrg:City hrg:LocalGovernment } ?place a ?kind } UNION { ?place geo:lat ?lat ; geo:long ?long } }"""
CITIES = PREFIXES + "SELECT (COUNT(DISTINCT ?city) AS ?n) WHERE { VALUES ?kind { hrg:City hrg:LocalGovernment } ?city a ?kind }"


def per_year(graph: Graph, query: str) -> dict[int, int]:
    return {int(row[0]): int(row[1]) for row in graph.query(query)}


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


@pytest.fixture(scope="module")
def graph(explorer_graph: Graph) -> Graph:
    """The fixture and one more placed city, undated, whose name is HTML."""
    graph = Graph()
    graph += explorer_graph
    city = URIRef("https://w3id.org/hrgraph/city/hostile")
    graph.add((city, RDF.type, HRG.City))
    graph.add((city, RDFS.label, Literal(HOSTILE, lang="en")))
    graph.add((city, GEO.lat, Literal("10.5", datatype=XSD.decimal)))
    graph.add((city, GEO.long, Literal("-20.25", datatype=XSD.decimal)))
    return graph


@pytest.fixture(scope="module")
def served(graph: Graph) -> Iterator[str]:
    with background(graph, Settings(port=0, workers=1)) as base:
        yield base


@pytest.fixture(scope="module")
def static(kg: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The explorer's files of a static site of the bundled graph, with the site's style sheet."""
    folder = tmp_path_factory.mktemp("explorer-site")
    for name, data in explorer_files(kg):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "static").mkdir()
    (folder / "static" / "site.css").write_bytes((files("hrgraph") / "templates" / "site" / "site.css").read_bytes())
    return folder


def shot(seen: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def timeline_bars(page: Any, within: str) -> dict[tuple[str, int], int]:
    """The timeline's bars: (category, year) -> count."""
    found = {}
    for bar in page.locator(f"{within} rect.bar").all():
        found[(bar.get_attribute("data-category"), int(bar.get_attribute("data-year")))] = int(
            bar.get_attribute("data-count"))
    return found


def visit(watch: Any, url: str, origin: str) -> Any:
    """Open ``url`` and wait until the explorer is drawn (errors and requests elsewhere recorded)."""
    seen = watch(origin, accept_downloads=True)
    page = seen.page
    page.goto(url)
    for _ in range(400):  # polled from here: the pages' CSP forbids Playwright's eval-based waits
        if page.evaluate("() => Boolean(window.hrgraphExplorer && window.hrgraphExplorer.ready)"):
            return seen
        page.wait_for_timeout(50)
    pytest.fail(f"{url}: the explorer was not drawn")


def test_home_map_and_timeline_show_the_graph(watch: Any, served: str, graph: Graph) -> None:
    seen = visit(watch, served, served)
    page = seen.page
    markers = page.locator("#home-map path.hrg-marker")
    assert markers.count() == count(graph, PLACED) == 4
    assert page.locator("#home-map .coverage").inner_text().startswith("4 of 6 places have coordinates")
    missing = page.locator("#home-map details.without-coordinates a").all_text_contents()
    assert missing == ["Lund", "Nowhere"]  # counted and listed, never silently dropped
    bars = timeline_bars(seen.page, "#home-timeline")
    assert {y: n for (c, y), n in bars.items() if c == "designation"} == per_year(graph, DESIGNATIONS) == {
        1997: 1, 2000: 1, 2011: 1}
    assert {y: n for (c, y), n in bars.items() if c == "adoption"} == per_year(graph, ADOPTIONS) == {2000: 2}
    assert (bars[("membership", 2018)], bars[("event", 2011)]) == (2, 1)
    ranges = page.locator("#home-timeline line.range")
    assert ranges.count() == 1 and ranges.first.get_attribute("data-counted") == "city/graz"

    page.locator("#home-timeline rect.year-hit[data-year='2000']").click()
    listed = page.locator("#home-timeline .year-facts ul.counted > li.fact")
    assert listed.count() == 3
    graz = listed.filter(has_text="Graz")
    assert "sources disagree: 2000–2001" in graz.inner_text()
    assert graz.locator("a.source").all_inner_texts() == ["Graz becomes a human rights city",
                                                          "Decision of the Graz city council"]
    page.locator("#home-timeline rect.year-hit[data-year='2001']").focus()  # no bar in 2001: the keyboard
    page.keyboard.press("Enter")
    assert page.locator("#home-timeline .year-facts h3").inner_text() == "2001: 0 facts"
    assert page.locator("#home-timeline .year-facts ul.also > li.fact").all_inner_texts()[0].startswith("designation Graz")

    slider = page.locator("#home-map input.slider")
    slider.fill("1999")
    assert page.locator("#home-map .as-of-text").get_attribute("data-count") == "1"
    assert markers.count() == 1  # Rosario, since 1997
    slider.fill("2000")
    assert markers.count() == 3
    shot(seen, "served-home")
    slider.fill(slider.get_attribute("max"))  # the last step: every place, the undated too
    assert markers.count() == 4
    page.locator("#home-map path.commit-none").hover()
    assert page.locator(".leaflet-tooltip").inner_text() == HOSTILE  # a name is text, never markup
    page.locator("#home-map path.commit-formal").first.click()
    page.wait_for_url(re.compile(r"/city/(graz|gwangju)$"))
    page.go_back()
    page.locator("#search-q").fill("graz")
    page.locator("form.search button").click()
    page.wait_for_url(re.compile(r"/explore\?q=graz$"))
    names = page.locator("#result-table tbody tr td:first-child").all_inner_texts()
    assert names[0] == "Graz" and all("graz" in name.lower() for name in names)  # the city of that name first
    page.locator("#q").fill("광주")  # any of its names
    assert page.locator("#result-table tbody tr td:first-child").all_inner_texts() == ["Gwangju"]
    seen.assert_clean()
    page.close()


def test_facets_narrow_one_set_seen_as_table_map_and_timeline(watch: Any, served: str, graph: Graph) -> None:
    seen = visit(watch, served + "explore?kind=city", served)
    page = seen.page
    rows = page.locator("#result-table tbody tr")
    assert rows.count() == count(graph, CITIES) == 6
    europe = page.locator("fieldset[data-facet=continent] .facet-count[data-value='continent/europe']")
    assert europe.inner_text() == "2"  # Graz and Lund, among the cities
    page.locator("fieldset[data-facet=network] input[value='organization/network']").check()
    assert rows.all_inner_texts()[0].startswith("Graz") and rows.count() == 2
    assert re.search(r"network=organization%2Fnetwork", page.url) and "kind=city" in page.url
    network = page.locator("#network-link").get_attribute("href")
    assert network.startswith("view?sparql=")
    drawn = page.request.get(served + network).text()  # the server draws the set as a network
    assert "city/graz" in drawn and "city/lund" in drawn
    commitment = {c.get_attribute("data-value"): c.inner_text()
                  for c in page.locator("fieldset[data-facet=commitment] .facet-count").all()}
    assert commitment == {"formal": "1", "membership": "1"}
    shot(seen, "served-explore-table")

    with page.expect_download() as download:
        page.locator("#download-csv").click()
    table = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert [(r["label"], r["country"], r["commitment"]) for r in table] == [
        ("Graz", "Austria", "formal"), ("Lund", "Sweden", "membership")]

    page.get_by_role("tab", name="Map").click()
    assert "view=map" in page.url
    assert page.locator("[data-panel=map] path.hrg-marker").count() == 1
    assert page.locator("[data-panel=map] .coverage").inner_text().startswith("1 of 2 places")
    shot(seen, "served-explore-map")
    page.get_by_role("tab", name="Timeline").click()
    bars = timeline_bars(seen.page, "[data-panel=timeline]")
    assert bars == {("designation", 2000): 1, ("membership", 2018): 2}
    shot(seen, "served-explore-timeline")

    again = visit(watch, page.url, served)  # the address is the state: a bookmark opens the same view
    assert again.page.locator("fieldset[data-facet=network] input[value='organization/network']").is_checked()
    assert again.page.locator("[data-panel=timeline]").is_visible() and again.page.locator("rect.bar").count() == 2
    assert again.page.locator("#result-count").inner_text() == "2"
    again.page.get_by_role("tab", name="Table").click()
    again.page.locator("th[data-sort=since] button").click()
    again.page.locator("th[data-sort=since] button").click()  # twice: latest first
    assert again.page.locator("#result-table tbody tr td:first-child").all_inner_texts() == ["Lund", "Graz"]
    assert "sort=-since" in again.page.url
    again.page.locator("#to").fill("2010")
    again.page.locator("#to").dispatch_event("change")
    assert again.page.locator("#result-count").inner_text() == "1"  # Graz (2000, 2001, 2018), not Lund (2018)
    assert "to=2010" in again.page.url
    for visited in (seen, again):
        visited.assert_clean()
        visited.page.close()


def test_a_typed_name_in_the_address_selects_its_entity(watch: Any, served: str) -> None:
    """A researcher who types ?continent=europe (not continent/europe) gets Europe's places, not an
    empty set with a phantom "europe" box."""
    seen = visit(watch, served + "explore?kind=city&continent=europe", served)
    page = seen.page
    assert page.locator("fieldset[data-facet=continent] input[value='continent/europe']").is_checked()
    assert page.locator("fieldset[data-facet=continent] input[value='europe']").count() == 0
    assert sorted(page.locator("#result-table tbody tr td:first-child").all_inner_texts()) == ["Graz", "Lund"]
    seen.assert_clean()
    page.close()


def test_a_slug_in_the_address_and_an_unknown_view_still_show_the_set(watch: Any, served: str) -> None:
    """?country=south-korea (a slug, hyphen for space) selects South Korea, and ?view=list, a view
    Explore does not have, opens the table rather than an empty page."""
    seen = visit(watch, served + "explore?kind=city&country=south-korea&view=list", served)
    page = seen.page
    assert page.locator("fieldset[data-facet=country] input[value='country/south-korea']").is_checked()
    assert page.locator("fieldset[data-facet=country] input[value='south-korea']").count() == 0
    assert page.locator("[data-panel=table]").is_visible()
    assert "Gwangju" in page.locator("#result-table tbody tr td:first-child").all_inner_texts()
    seen.assert_clean()
    page.close()


def test_without_a_filter_the_table_opens_on_the_cities_and_ends_on_sources(watch: Any, served: str) -> None:
    """A researcher who opens Explore sees places first, by name, and sources and records after."""
    page = visit(watch, served + "explore", served).page
    kinds = [row.locator("td").nth(1).inner_text() for row in page.locator("#result-table tbody tr").all()]
    assert kinds[0] == "city"
    sources = [n for n, kind in enumerate(kinds) if kind == "source document"]
    assert sources and all(kind == "source document" for kind in kinds[sources[0]:sources[-1] + 1])


def test_entity_page_has_a_small_map(watch: Any, served: str) -> None:
    seen = visit(watch, served + "city/graz", served)
    assert seen.page.locator("#entity-map path.hrg-marker").count() == 1
    assert "Decision of the Graz city council" in seen.page.locator("#sources").inner_text()
    shot(seen, "served-entity-graz")
    seen.assert_clean()
    seen.page.close()


def test_static_explorer_of_the_bundled_graph(watch: Any, static: Path, kg: Graph) -> None:
    home = visit(watch, (static / "index.html").as_uri(), "file://")
    page = home.page
    placed, places = count(kg, PLACED), count(kg, PLACES)  # no coordinates yet in the bundled graph: 0 of 60
    assert page.locator("#home-map path.hrg-marker").count() == placed
    assert page.locator("#home-map .coverage").inner_text().startswith(f"{placed} of {places} places have coordinates")
    assert page.locator("#home-map .map-note").is_visible() == (placed == 0)
    bars = timeline_bars(home.page, "#home-timeline")
    assert {y: n for (c, y), n in bars.items() if c == "designation"} == per_year(kg, DESIGNATIONS)
    shot(home, "static-home")
    search = visit(watch, (static / "explore.html").as_uri() + "?kind=city", "file://")
    assert search.page.locator("#result-table tbody tr").count() == count(kg, CITIES)
    assert search.page.locator("#network-link").is_hidden()  # a static site has no server to draw it
    shot(search, "static-explore")
    for visited in (home, search):
        visited.assert_clean()
        visited.page.close()
