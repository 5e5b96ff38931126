"""The served site in a real browser: Playwright driving Debian's Chromium, headless, on loopback.

The home page, an entity page (its facts, and its neighbourhood view drawn), the query page (a
named query run with a parameter, its table, then the network view) and a page whose label is
HTML: no console error, no dialog, no request to any origin but the server's own. Screenshots go to
test-artifacts/. Without /usr/bin/chromium the module is skipped, unless CI is set: then it fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from hrgraph.namespaces import HRG
from hrgraph.projection import project
from hrgraph.query import run_query
from hrgraph.render import neighbourhood
from hrgraph.serve import Settings, background

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]  # as in test_views_browser.py
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(1)</script>"
ROSARIO = "https://w3id.org/hrgraph/city/rosario"


@pytest.fixture(scope="module")
def site(kg: Graph) -> Iterator[tuple[str, Graph]]:
    """The server over the bundled graph plus one city whose label is HTML."""
    graph = Graph()
    graph += kg
    city = URIRef("https://w3id.org/hrgraph/city/hostile")
    graph.add((city, RDF.type, HRG.City))
    graph.add((city, RDFS.label, Literal(HOSTILE, lang="en")))
    graph.add((city, DCTERMS.relation, URIRef(ROSARIO)))
    with background(graph, Settings(port=0, timeout=30)) as base:
        yield base, graph


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (apt-get install chromium)")
    pytest.skip(f"{reason}; browser tests skipped (install Debian's chromium, or set CI to make this an error)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    page: Any
    origin: str
    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: int = 0

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.elsewhere == [], self.elsewhere
        assert self.dialogs == [], self.dialogs


def visit(browser: Any, base: str, path: str) -> Visit:
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    seen = Visit(page, base.rstrip("/"))

    def on_request(request: Any) -> None:
        seen.requests += 1
        if not (request.url.startswith(seen.origin + "/") or request.url.startswith(("data:", "about:"))):
            seen.elsewhere.append(request.url)

    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("request", on_request)
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    response = page.goto(base + path)
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


def test_home_page(browser: Any, site: tuple[str, Graph]) -> None:
    base, graph = site
    seen = visit(browser, base, "")
    assert f"{len(graph):,}" in seen.page.locator("#counts").inner_text()
    assert seen.page.locator("ul.entities a").count() > 50
    seen.page.get_by_role("link", name="Rosario", exact=True).first.click()
    seen.page.wait_for_url(re.compile(r"/city/rosario$"))
    assert seen.page.locator("h1").inner_text() == "Rosario"
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.goto(base)
    seen.page.screenshot(path=str(ARTIFACTS / "serve-home.png"))
    seen.assert_clean()
    seen.page.close()


def test_entity_page_facts_and_neighbourhood(browser: Any, site: tuple[str, Graph]) -> None:
    base, graph = site
    seen = visit(browser, base, "city/rosario")
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


def test_query_page_table_then_network(browser: Any, site: tuple[str, Graph]) -> None:
    base, graph = site
    expected = run_query("members-of-network", {"network": "uclg-cisdp"}, graph=graph)
    seen = visit(browser, base, "query")
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


def test_html_in_a_label_is_text(browser: Any, site: tuple[str, Graph]) -> None:
    base, _ = site
    seen = visit(browser, base, "city/hostile")
    assert seen.page.locator("h1").inner_text() == HOSTILE
    assert seen.page.locator("img").count() == 0
    assert seen.page.evaluate("document.querySelectorAll('script').length") == 0
    ready(view_frame(seen.page))  # the view of the hostile city draws, and runs nothing
    seen.page.wait_for_timeout(300)
    seen.assert_clean()
    seen.page.close()
