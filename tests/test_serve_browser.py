"""The served site in a real browser: Playwright driving Debian's Chromium, headless, on loopback.

The home page, an entity page (its facts, and its neighbourhood view drawn), the query page (a
named query run with a parameter, its table, then the network view) and a page whose label is
HTML: no console error, no dialog, no request to any origin but the server's own. Screenshots go to
test-artifacts/. Without /usr/bin/chromium the module is skipped, unless CI is set: then it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from hrgraph.analyze import DEFAULT_THROUGH, relate
from hrgraph.namespaces import GEO, HRG
from hrgraph.pages import editor_terms
from hrgraph.projection import project
from hrgraph.render import neighbourhood
from hrgraph.sparql import run_query
from hrgraph.web import Settings, background

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(1)</script>"
ROSARIO = "https://w3id.org/hrgraph/city/rosario"
PLACED = {ROSARIO: (-32.95, -60.64), "https://w3id.org/hrgraph/city/gwangju": (35.15, 126.92)}


@pytest.fixture(scope="module")
def site(kg: Graph) -> Iterator[tuple[str, Graph]]:
    """The server over the bundled graph plus one city whose label is HTML."""
    graph = Graph()
    graph += kg
    city = URIRef("https://w3id.org/hrgraph/city/hostile")
    graph.add((city, RDF.type, HRG.City))
    graph.add((city, RDFS.label, Literal(HOSTILE, lang="en")))
    graph.add((city, DCTERMS.relation, URIRef(ROSARIO)))
    for place, (lat, long) in PLACED.items():  # the seed graph has no coordinates: two places get some
        graph.set((URIRef(place), GEO.lat, Literal(lat)))
        graph.set((URIRef(place), GEO.long, Literal(long)))
    with background(graph, Settings(port=0, timeout=30)) as base:
        yield base, graph


def visit(watch: Any, base: str, path: str) -> Any:
    """The page at ``path``, answered 200, watched for errors and requests to any other host."""
    seen = watch(base.rstrip("/"))
    response = seen.page.goto(base + path)
    assert response is not None and response.status == 200, path
    return seen


def ready(frame: Any) -> None:
    """Wait until the view is drawn (polled from here: the pages' CSP forbids Playwright's eval-based waits)."""
    for _ in range(600):
        if frame.evaluate("() => Boolean(window.hrgraph && window.hrgraph.ready === true)"):
            return
        frame.page.wait_for_timeout(50)
    pytest.fail("the network view was not drawn within 30 s")


def view_frame(page: Any) -> Any:
    for _ in range(200):
        frame = next((f for f in page.frames if re.search(r"/view(/|\?)", f.url)), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(50)
    pytest.fail("the network view did not load")


def test_home_page(watch: Any, site: tuple[str, Graph]) -> None:
    base, graph = site
    seen = visit(watch, base, "")
    assert f"{len(graph):,}" in seen.page.locator("#about").inner_text()
    seen.page.locator("#counts a", has_text="cities and local governments").click()
    seen.page.wait_for_url(re.compile(r"/cities$"))
    assert seen.page.locator("table.kind-index a").count() > 50
    seen.page.get_by_role("link", name="Rosario", exact=True).first.click()
    seen.page.wait_for_url(re.compile(r"/city/rosario$"))
    assert seen.page.locator("h1").inner_text() == "Rosario"
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.goto(base)
    seen.page.screenshot(path=str(ARTIFACTS / "serve-home.png"))
    seen.assert_clean()
    seen.page.close()


def test_entity_page_facts_and_neighbourhood(watch: Any, site: tuple[str, Graph]) -> None:
    base, graph = site
    seen = visit(watch, base, "city/rosario")
    page = seen.page
    assert page.locator("h1").inner_text() == "Rosario"
    facts = page.locator("li.fact")
    assert facts.count() >= 2 and "1997" in facts.first.inner_text()
    assert page.locator("#statements a", has_text="Argentina").count() == 1
    assert page.locator("#sources li").count() >= 1
    frame = view_frame(page)
    ready(frame)
    expected = neighbourhood(project(graph), ROSARIO, 1)
    assert frame.evaluate("window.hrgraph.nodes.length") == expected.number_of_nodes()
    assert frame.evaluate("window.hrgraph.edges.length") == expected.number_of_edges()
    page.locator("iframe.view").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-entity.png"), full_page=True)
    page.locator("#statements a", has_text="Argentina").click()
    page.wait_for_url(re.compile(r"/country/argentina$"))
    seen.assert_clean()
    page.close()


def test_query_page_table_then_network(watch: Any, site: tuple[str, Graph]) -> None:
    base, graph = site
    expected = run_query("members-of-network", {"network": "uclg-cisdp"}, graph=graph)
    seen = visit(watch, base, "query")
    page = seen.page
    page.locator("#q-members-of-network summary").click()
    form = page.locator("#q-members-of-network form")
    form.locator('input[name="p.network"]').fill("uclg-cisdp")
    form.get_by_role("button", name="Run").click()
    page.wait_for_selector("#results")
    assert page.locator("#row-count").inner_text() == str(len(expected.rows))
    assert page.locator("#results tbody tr").count() == len(expected.rows)
    assert page.locator("#results a[title=\"city:gwangju\"]", has_text="Gwangju").count() >= 1  # the label, linked
    page.locator("#network-view summary").click()
    frame = view_frame(page)
    ready(frame)
    ids = set(frame.evaluate("window.hrgraph.nodes.getIds()"))
    assert "https://w3id.org/hrgraph/city/gwangju" in ids
    assert "https://w3id.org/hrgraph/organization/uclg-cisdp" in ids  # the parameter's entity too
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-query.png"), full_page=True)
    seen.assert_clean()
    page.close()


def test_query_answer_on_the_map(watch: Any, site: tuple[str, Graph]) -> None:
    """An answer that names places draws those with coordinates on a map (a click opens their page)
    and lists the cities it names without coordinates, as text."""
    base, _ = site
    sparql = "SELECT ?place WHERE { VALUES ?place { city:rosario city:gwangju city:hostile } }"
    seen = visit(watch, base, "query?" + urlencode({"sparql": sparql}))
    page = seen.page
    for _ in range(200):
        if page.evaluate("() => Boolean(window.hrgraphExplorer && window.hrgraphExplorer.ready)"):
            break
        page.wait_for_timeout(50)
    assert page.locator("#answer-map .hrg-marker").count() == len(PLACED)
    assert page.locator("#placed-count").inner_text() == str(len(PLACED))
    assert page.locator("#answer-map-view a", has_text=HOSTILE).count() == 1  # the unplaced city, as text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-query-map.png"), full_page=True)
    page.locator("#answer-map .hrg-marker").first.click()
    page.wait_for_url(re.compile(r"/city/(rosario|gwangju)$"))
    seen.assert_clean()
    page.close()


def test_reliability_46_html_in_a_label_is_text(watch: Any, site: tuple[str, Graph]) -> None:
    base, _ = site
    seen = visit(watch, base, "city/hostile")
    assert seen.page.locator("h1").inner_text() == HOSTILE
    assert seen.page.locator("img").count() == 0
    assert seen.page.evaluate("document.querySelectorAll('script').length") == 0
    ready(view_frame(seen.page))  # the view of the hostile city draws, and runs nothing
    seen.page.wait_for_timeout(300)
    seen.assert_clean()
    seen.page.close()


# The explorer: the SPARQL editor, answer tables, the relate form, readable networks ---------------
# A query typed into the editor with a predeclared prefix runs and its table has the query's rows; a
# syntax error is marked at its line; completion offers the ontology's terms; conflicting versions of
# one fact are one row; columns hide and sort; the relate form draws the paths `relate` finds; an
# entity's neighbourhood is full width with labels readable at the default zoom. Screenshots go to
# screenshots/ (not kept in git), to be looked at.

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CITIES = "SELECT ?city ?name WHERE {\n  ?city a hrg:City ; rdfs:label ?name .\n  FILTER (LANG(?name) = \"en\")\n}"


def shot(seen: Any, name: str) -> None:
    """Save the page as screenshots/NAME.png, to be looked at."""
    SHOTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def finish(seen: Any, name: str) -> None:
    """The page's screenshot; then check it stayed clean, and close it."""
    shot(seen, name)
    seen.assert_clean()
    seen.page.close()


def editor(seen: Any) -> Any:
    seen.page.wait_for_selector("body[data-editor=ready]")
    return seen.page.locator("#sparql-editor .CodeMirror")


def typed(watch: Any, base: str, text: str) -> Any:
    """The query page, with ``text`` typed into the editor as a reader would (it indents by itself)."""
    seen = visit(watch, base, "query")
    editor(seen).click()
    seen.page.keyboard.press("Control+A")
    seen.page.keyboard.press("Delete")
    seen.page.keyboard.type(text)
    return seen


def test_editor_runs_a_query_with_a_predeclared_prefix(watch: Any, site: tuple[str, Graph]) -> None:
    base, kg = site
    seen = typed(watch, base, CITIES.replace("  ", ""))
    page = seen.page
    assert page.evaluate("hrgraphEditor.queryValid") is True  # hrg: and rdfs: need no PREFIX line
    assert page.locator("#sparql-editor .parseErrorIcon").count() == 0
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results")
    expected = run_query(CITIES, graph=kg)
    assert int(page.locator("#row-count").inner_text()) == len(expected.rows) > 40
    assert page.locator("#results tbody tr").count() == len(expected.rows)
    headers = page.locator("#results thead th").all_inner_texts()
    assert headers == ["city", "name"]
    rosario = page.locator("#results a", has_text="Rosario")
    assert rosario.first.get_attribute("href") == "city/rosario" and rosario.first.get_attribute("title") == "city:rosario"
    assert page.evaluate("hrgraphEditor.getValue()").startswith("SELECT ?city ?name")  # the query stays in the editor
    finish(seen, "editor-answer")


def test_editor_marks_an_error_at_its_line_and_completes_terms(watch: Any, site: tuple[str, Graph]) -> None:
    base, _ = site
    seen = typed(watch, base, "SELECT ?c WHERE {\n?c a hrg:City .\nFILTER ( }")
    page = seen.page
    assert page.evaluate("hrgraphEditor.queryValid") is False  # the editor sees it too
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("p.error")
    editor(seen)
    assert page.locator("p.error").inner_text().startswith("<query>:3:")  # the line as typed
    assert page.locator("#sparql-editor .error-line").count() == 1
    assert page.evaluate("hrgraphEditor.lineInfo(2).bgClass") == "error-line"  # the third line, FILTER's
    assert "FILTER" in page.evaluate("hrgraphEditor.getLine(2)")
    assert page.locator("#sparql-editor .server-error").get_attribute("title").startswith("<query>:3:")
    page.evaluate("hrgraphEditor.setValue('SELECT ?c WHERE { ?c a hrg:Ci')")
    page.evaluate("hrgraphEditor.focus(); hrgraphEditor.getDoc().setCursor({line: 0, ch: 40})")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    assert page.locator(".CodeMirror-hints li").all_inner_texts() == ["hrg:City"]
    page.keyboard.press("Enter")
    assert page.evaluate("hrgraphEditor.getValue()") == "SELECT ?c WHERE { ?c a hrg:City"
    page.evaluate("hrgraphEditor.setValue('SELECT ?m WHERE { ?m org:mem')")
    page.evaluate("hrgraphEditor.focus(); hrgraphEditor.getDoc().setCursor({line: 0, ch: 40})")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    expected = [term for term in editor_terms()["properties"] if term.startswith("org:mem")]
    assert sorted(page.locator(".CodeMirror-hints li").all_inner_texts()) == sorted(expected)
    assert "org:member" in expected
    seen.errors.remove("Failed to load resource: the server responded with a status of 400 (Bad Request)")
    finish(seen, "editor-error")


def test_versions_of_one_fact_are_one_row_with_their_sources(watch: Any, site: tuple[str, Graph]) -> None:
    base, kg = site
    expected = run_query("principles-of", graph=kg)
    principles = {row[0] for row in expected.rows}
    assert len(expected.rows) == 2 * len(principles) == 12  # each principle from two sources
    seen = visit(watch, base, "query?name=principles-of")
    page = seen.page
    page.wait_for_selector("#results")
    assert page.locator("#results thead th").all_inner_texts() == ["principle", "statedBy", "source"]
    assert page.locator("#results tbody").count() == len(principles)
    assert page.locator("#results tbody tr").count() == len(expected.rows)
    first = page.locator("#results tbody").first
    assert first.locator("td[rowspan='2']").count() == 2  # principle and statedBy shown once...
    sources = first.locator("td[data-col='2']").all_inner_texts()
    assert len(sources) == 2 and len(set(sources)) == 2  # ...each source on a line of its own
    assert page.locator("#group-count").inner_text() == "6"

    page.locator(".columns-menu summary").click()
    page.locator("input[data-col='choice-1']").uncheck()
    assert not page.locator("#results th[data-col='1']").is_visible()
    assert not page.locator("#results td[data-col='1']").first.is_visible()
    page.locator("input[data-col='choice-1']").check()
    assert page.locator("#results th[data-col='1']").is_visible()

    header = page.locator("#results th[data-col='0']")
    header.click()
    header.click()  # descending
    labels = [page.locator("#results tbody").nth(i).locator("td[data-col='0']").inner_text() for i in range(6)]
    assert labels == sorted(labels, key=str.casefold, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    finish(seen, "table-versions")


def test_relate_form_draws_the_paths_relate_finds(watch: Any, site: tuple[str, Graph]) -> None:
    base, kg = site
    seen = visit(watch, base, "relate")
    page = seen.page
    page.locator("input[name=a]").fill("Rosario")
    page.locator("input[name=b]").fill("광주")  # any language
    assert page.locator("input[name=through][value=continents]").is_checked() is False
    assert page.locator("input[name=through][value=principles]").is_checked() is False
    page.get_by_role("button", name="Relate").click()
    page.wait_for_selector("#paths")
    expected = relate(kg, "Rosario", "Gwangju", through=DEFAULT_THROUGH)
    assert int(page.locator("#path-count").inner_text()) == len(expected) > 0
    chain = page.locator("#path-1 ol.chain li.node a").all_inner_texts()
    assert chain == list(expected[0].labels)
    kinds = {data["kind"] for node in expected[0].nodes for data in [project(kg).nodes[node]]}
    assert not kinds & {"continent", "principle or theme"}
    sentences = page.locator("#path-1 ol.sentences > li")
    assert sentences.count() == expected[0].length
    assert sentences.first.locator("a.external").count() >= 1  # a step with its source
    shot(seen, "relate")

    page.locator("input[name=through][value=principles]").check()
    page.locator("input[name=through][value=continents]").check()
    page.get_by_role("button", name="Relate").click()
    page.wait_for_selector("#paths")
    every = relate(kg, "Rosario", "Gwangju")
    assert page.locator("ol.chain").count() == len(every)
    assert page.locator("#path-1 ol.chain li.node a").all_inner_texts() == list(every[0].labels)

    page.goto(base + "relate?a=Rosario&b=Atlantis")
    assert "no entity named 'Atlantis'" in page.locator("#relate-error").inner_text()
    finish(seen, "relate-unknown")


def test_neighbourhood_is_full_width_with_readable_labels(watch: Any, site: tuple[str, Graph]) -> None:
    base, _ = site
    seen = visit(watch, base, "city/gwangju")
    page = seen.page
    frame = view_frame(page)
    ready(frame)
    width = page.locator("#neighbourhood iframe").bounding_box()["width"]
    assert width >= 0.9 * page.viewport_size["width"]
    on_screen = frame.evaluate("hrgraph.network.getScale() * hrgraph.network.nodesHandler.options.font.size")
    assert on_screen >= 12
    families = frame.locator("#filters label.family").all_inner_texts()
    assert 1 < len(families) <= 8 and any(text.startswith("Events") for text in families)
    assert frame.locator("#filters label.fine").count() > len(families)
    page.locator("#neighbourhood").scroll_into_view_if_needed()
    finish(seen, "neighbourhood")
