"""HTML views in a real browser: Playwright driving Debian's Chromium, headless, offline.

Each kind of view (full, focus, query, kinds, as of a year) is opened from a file:// URL and
checked: it holds the projection's nodes and edges, search finds Gwangju, a click shows the
panel, nothing is fetched from any host, nothing is logged as an error. Screenshots go to
test-artifacts/. Without /usr/bin/chromium the module is skipped, unless CI is set: then it fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from hrgraph.render import render_view, select_view, write_view

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
GWANGJU = "https://w3id.org/hrgraph/city/gwangju"
#: The nodes vis-network draws faded (their options as vis-network merged them).
FADED = "window.hrgraph.nodes.getIds().filter(id => window.hrgraph.network.body.nodes[id].options.opacity < 1)"
#: name -> select_view arguments; every view holds Gwangju, so the search can find it.
VIEWS: dict[str, dict[str, Any]] = {
    "full": {},
    "focus": {"focus": "Gwangju", "depth": 1},
    "query": {"query": "members-of-network", "params": {"network": "uclg-cisdp"}},
    "types": {"kinds": ["city", "network", "committee or unit"]},
    "as-of": {"as_of": 2010},
}


@dataclass
class Watched:
    """A page and everything it did that a view must not do."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests
        assert self.dialogs == [], self.dialogs


def open_view(chromium: Any, path: Path) -> Watched:
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    watched = Watched(page)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith(("file://", "data:", "about:")) else watched.requests.append(r.url))
    page.on("dialog", lambda d: (watched.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.hrgraph && window.hrgraph.ready === true", timeout=30_000, polling=50)
    return watched


def click_node(view: Watched, node: str) -> None:
    """Click where the node is drawn, as a user would."""
    point = view.js(
        "id => { const n = window.hrgraph.network; return n.canvasToDOM(n.getPositions([id])[id]); }", node
    )
    box = view.page.locator("#network").bounding_box()
    assert view.js("p => window.hrgraph.network.getNodeAt(p)", point) == node, "another node is drawn on top"
    view.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def click_empty_space(view: Watched) -> None:
    box = view.page.locator("#network").bounding_box()
    for x, y in ((6, 6), (box["width"] - 6, 6), (6, box["height"] - 6), (box["width"] - 6, box["height"] - 6)):
        if view.js("p => window.hrgraph.network.getNodeAt(p) === undefined && "
                   "window.hrgraph.network.getEdgeAt(p) === undefined", {"x": x, "y": y}):
            view.page.mouse.click(box["x"] + x, box["y"] + y)
            return
    pytest.fail("no empty corner to click")


@pytest.fixture(scope="module")
def views(kg: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, nx.Graph]]:
    folder = tmp_path_factory.mktemp("views")
    made = {}
    for name, arguments in VIEWS.items():
        G = select_view(kg, **arguments)
        write_view(G, folder / f"{name}.html", G.graph["title"])
        made[name] = (folder / f"{name}.html", G)
    return made


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_in_chromium(chromium: Any, views: dict[str, tuple[Path, nx.Graph]], name: str) -> None:
    path, G = views[name]
    view = open_view(chromium, path)
    assert view.js("[window.hrgraph.nodes.length, window.hrgraph.edges.length]") == [
        G.number_of_nodes(),
        G.number_of_edges(),
    ]

    # A click on a node: its panel (label, kind, a source) and its neighbourhood highlighted.
    node = next(n for n in sorted(G, key=lambda n: -G.degree(n)) if n != GWANGJU and G.nodes[n]["sources"])
    click_node(view, node)
    panel = view.page.locator("#panel")
    assert panel.get_attribute("data-node") == node
    text = panel.inner_text()
    data = G.nodes[node]
    assert data["label"] in text and data["kind"] in text and data["sources"][0] in text
    kept = set(nx.all_neighbors(G, node)) | {node}
    assert set(view.js(FADED)) == set(G) - kept

    # A click on empty space: everything back.
    click_empty_space(view)
    assert view.js("window.hrgraph.selected") is None
    assert view.js(FADED) == []
    assert panel.get_attribute("data-node") is None

    # Search: "Gwang" selects and focuses Gwangju, and shows its panel.
    view.page.locator("#search").press_sequentially("Gwang")
    assert view.js("window.hrgraph.network.getSelectedNodes()") == [GWANGJU]
    assert panel.get_attribute("data-node") == GWANGJU
    assert "Gwangju" in panel.inner_text() and "city" in panel.inner_text()
    view.page.keyboard.press("Escape")

    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / f"view-{name}.png"))
    view.assert_clean()
    view.page.close()


def test_kind_filters_hide_and_show(chromium: Any, views: dict[str, tuple[Path, nx.Graph]]) -> None:
    path, G = views["types"]
    view = open_view(chromium, path)
    cities = {n for n, d in G.nodes(data=True) if d["kind"] == "city"}
    box = view.page.locator('#filters input[data-kind="https://w3id.org/hrgraph/ontology#City"]')
    assert view.page.locator("#legend").inner_text().count("city") == 1
    box.uncheck()
    hidden = view.js("window.hrgraph.nodes.get({filter: n => n.hidden === true}).map(n => n.id)")
    assert set(hidden) == cities
    view.page.locator("#search").fill("Gwang")
    assert GWANGJU not in view.js("window.hrgraph.network.getSelectedNodes()")  # hidden kinds are not searched
    assert "Gwangju human rights department" in view.page.locator("#search-results").inner_text()
    box.check()
    assert view.js("window.hrgraph.nodes.get({filter: n => n.hidden === true}).length") == 0
    view.assert_clean()
    view.page.close()


def test_hostile_labels_run_nothing(chromium: Any, tmp_path: Path) -> None:
    hostile = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]
    G = nx.MultiDiGraph()
    for number, text in enumerate(hostile):
        G.add_node(f"n{number}", iri=f"https://example.org/{number}", label=text, kind=text,
                   kind_iri="https://w3id.org/hrgraph/ontology#City", date=text, sources=[text])
    for name in ("광주", "Nürnberg", "Saint-Denis"):
        G.add_node(name, iri=name, label=name, kind="city", kind_iri="https://w3id.org/hrgraph/ontology#City",
                   date="", sources=["a source"])
    G.add_edge("n0", "n1", relation=hostile[1], role="", date="", sources=[hostile[0]])
    G.add_edge("n1", "광주", relation="twinned with", role="", date="", sources=[])
    G.add_edge("Nürnberg", "Saint-Denis", relation="twinned with", role="", date="", sources=[])
    path = tmp_path / "hostile.html"
    path.write_text(render_view(G, title=hostile[0] + hostile[1]), "utf-8")
    view = open_view(chromium, path)
    assert view.page.title() == hostile[0] + hostile[1]
    assert view.js("document.querySelectorAll('img').length") == 0
    assert view.js("document.querySelectorAll('script').length") == 3  # data, vis-network, view

    for node, text in (("n0", hostile[0]), ("n1", hostile[1])):
        click_node(view, node)
        panel = view.page.locator("#panel").inner_text()
        assert text in panel and panel.count(text) >= 3  # label, kind, date, source as text
        box = view.page.locator("#network").bounding_box()
        point = view.js("id => window.hrgraph.network.canvasToDOM(window.hrgraph.network.getPositions([id])[id])", node)
        view.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        view.page.wait_for_selector("#tooltip:not([hidden])")
        assert text in view.page.locator("#tooltip").inner_text()

    # Names in any script, found ignoring case and accents.
    for typed, expected in (("광주", "광주"), ("nurnberg", "Nürnberg"), ("SAINT-den", "Saint-Denis")):
        view.page.locator("#search").fill(typed)
        assert view.js("window.hrgraph.network.getSelectedNodes()") == [expected]
        assert expected in view.page.locator("#panel h2").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "view-hostile.png"))
    view.assert_clean()
    view.page.close()


def test_a_large_view_opens_as_groups_a_click_opens(chromium: Any, tmp_path: Path) -> None:
    """Above LAYOUT_THRESHOLD nodes a view opens aggregated: each community one node named after
    its most central member, sized by its members; a click on a group shows its members, the
    search opens the group of the node it finds, "Group again" closes them all."""
    scope: dict[str, Any] = {}
    exec((Path(__file__).parent / "fixtures" / "large_graph.py").read_text(encoding="utf-8"), scope)
    G = scope["G"]
    path = tmp_path / "large.html"
    path.write_text(render_view(G, title="large"), "utf-8")
    view = open_view(chromium, path)
    visible = "window.hrgraph.network.body.nodeIndices.length"
    groups = "window.hrgraph.network.body.nodeIndices.filter(id => window.hrgraph.network.isCluster(id))"
    closed = view.js(groups)
    assert closed and view.js(visible) < len(G) / 4
    assert f"{len(G)} entities in {len(closed)} groups" in view.page.locator("#status").inner_text()
    before = view.js(visible)
    members = view.js("id => window.hrgraph.network.getNodesInCluster(id).length", closed[0])
    click_node(view, closed[0])
    assert view.js(visible) == before - 1 + members
    # the search finds a member of a closed group: its group opens and the node is selected
    hidden = view.js("id => window.hrgraph.network.getNodesInCluster(id)[0]", closed[1])
    view.js("id => window.hrgraph.select(id, true)", hidden)
    assert view.js("window.hrgraph.network.getSelectedNodes()") == [hidden]
    assert not view.js(f"{groups}.includes('{closed[1]}')")
    view.page.locator("#regroup").click()
    assert sorted(view.js(groups)) == sorted(closed) and view.js(visible) == before
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "view-large-groups.png"))
    view.assert_clean()
    view.page.close()


def test_as_of_a_year_hides_what_is_dated_later(chromium: Any, tmp_path: Path) -> None:
    """The view's year slider: a relationship dated after the year is hidden, and so is an entity
    all of whose dated relationships are later; what is undated stays. The last step shows all."""
    G = nx.MultiDiGraph()
    for name in ("network", "early", "late", "undated"):
        G.add_node(name, iri=name, label=name.title(), kind="city", kind_iri="https://w3id.org/hrgraph/ontology#City",
                   date="", sources=["a source"])
    G.add_edge("early", "network", relation="member of", role="", date="2000", sources=[])
    G.add_edge("late", "network", relation="member of", role="", date="2010-05", sources=[])
    G.add_edge("undated", "network", relation="member of", role="", date="", sources=[])
    path = tmp_path / "years.html"
    path.write_text(render_view(G, title="years"), "utf-8")
    view = open_view(chromium, path)
    hidden = "window.hrgraph.nodes.get().filter(n => n.hidden).map(n => n.id)"
    assert view.page.locator("#as-of").is_visible()
    assert view.js("[document.getElementById('as-of-year').min, document.getElementById('as-of-year').max]") == [
        "2000", "2011"]
    view.page.locator("#as-of-year").fill("2005")
    assert view.js(hidden) == ["late"]
    assert view.page.locator("#as-of-value").inner_text() == "2005"
    assert view.js("window.hrgraph.edges.get().filter(e => e.hidden).length") == 1
    view.page.locator("#as-of-year").fill("2011")
    assert view.js(hidden) == [] and view.page.locator("#as-of-value").inner_text() == "all years"
    view.assert_clean()
    view.page.close()
