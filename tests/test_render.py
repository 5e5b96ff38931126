"""HTML views without a browser: offline, UTF-8, escaped data, one file written, the view command."""

from __future__ import annotations

import json
import math
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from hrgraph import render
from hrgraph.cli import cli
from hrgraph.errors import InputError, OutputError
from hrgraph.namespaces import HRG
from hrgraph.projection import project
from hrgraph.render import (
    FAMILIES,
    KIND_STYLES,
    neighbourhood,
    of_kinds,
    query_view,
    render_view,
    select_view,
    write_view,
)
from hrgraph.sparql import run_query

HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]
CITY = "https://w3id.org/hrgraph/ontology#City"


def hostile_graph() -> nx.MultiDiGraph:
    """Hostile text in every field that reaches the page, beside names in three scripts."""
    G = nx.MultiDiGraph()
    for number, text in enumerate(HOSTILE):
        G.add_node(f"https://example.org/{number}", iri=f"https://example.org/{number}", label=text, kind=text,
                   kind_iri=CITY, date=text, sources=[text])
    for name in ("광주", "Nürnberg", "Saint-Denis"):
        G.add_node(name, iri=name, label=name, kind="city", kind_iri=CITY, date="", sources=[])
    G.add_edge("https://example.org/0", "https://example.org/1", relation=HOSTILE[1], role=HOSTILE[0], date="",
               sources=[HOSTILE[0], "line\u2028separator"])
    G.add_edge("광주", "Nürnberg", relation="twinned with", role="", date="", sources=[])
    return G


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def payload(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="hrgraph-data">(.*?)</script>', page, re.DOTALL)
    assert match, "no data block"
    return json.loads(match.group(1))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def full_page(kg: Graph) -> str:
    return render_view(project(kg), title="hrgraph")


def test_reliability_49_page_loads_nothing_from_any_host(full_page: str) -> None:
    found = tags(full_page)
    links = [attrs for tag, attrs in found if tag == "link"]
    assert links == [{"rel": "icon", "href": "data:,"}]  # no favicon.ico asked of any host
    assert not [attrs for tag, attrs in found if tag == "script" and "src" in attrs]
    for _, attrs in found:
        for name in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or ""), attrs
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", full_page, re.IGNORECASE)


def test_page_inlines_vis_network_from_pyvis(full_page: str) -> None:
    vis_js, vis_css = render._vis_network()
    assert vis_js[:2000] in full_page and vis_css[:2000] in full_page
    assert "new vis.Network" in full_page and "tom-select" not in full_page and "bootstrap" not in full_page


def test_reliability_48_page_is_utf8_with_a_charset_meta() -> None:
    data = render_view(hostile_graph(), title="Nürnberg").encode("utf-8")
    assert b'<meta charset="utf-8">' in data[:200]
    page = data.decode("utf-8")
    for name in ("광주", "Nürnberg", "Saint-Denis"):
        assert name in page
    assert "<title>Nürnberg</title>" in page


def test_reliability_46_hostile_text_only_appears_escaped() -> None:
    page = render_view(hostile_graph(), title=HOSTILE[0] + HOSTILE[1])
    assert "<img src=x onerror" not in page
    assert "<script>alert(1)" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "<title>&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;" in page
    assert "\u2028" not in page and "\\u2028" in page
    assert page.count("</script>") == len([t for t, _ in tags(page) if t == "script"])
    labels = [node["label"] for node in payload(page)["nodes"]]
    assert HOSTILE[0] in labels and HOSTILE[1] in labels


def test_page_script_uses_text_content_never_inner_html() -> None:
    script = (Path(render.__file__).parent / "templates" / "view.js").read_text("utf-8")
    assert "textContent" in script
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|\.title\s*=", script)


def test_every_node_and_edge_of_the_projection_is_in_the_page(kg: Graph, full_page: str) -> None:
    G = project(kg)
    data = payload(full_page)
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(G)
    assert len({e["id"] for e in data["edges"]}) == G.number_of_edges()
    gwangju = next(n for n in data["nodes"] if n["id"] == "https://w3id.org/hrgraph/city/gwangju")
    assert (gwangju["kind"], gwangju["color"], gwangju["shape"]) == ("city", "#4477AA", "dot")
    assert gwangju["family"] == "Cities and local governments"
    assert gwangju["sources"] and all(e["arrows"] == "to" for e in data["edges"])
    assert {e["label"] for e in data["edges"]} >= {"member", "co-chair", "country", "adopted"}


def test_every_kind_of_the_bundled_graph_has_its_own_style(kg: Graph) -> None:
    kinds = {data["kind_iri"] for _, data in project(kg).nodes(data=True)}
    assert kinds <= KIND_STYLES.keys(), kinds - KIND_STYLES.keys()


def test_legend_lists_the_kinds_present_with_colour_shape_and_count(full_page: str) -> None:
    legend = {k["label"]: k for k in payload(full_page)["kinds"]}
    assert legend["city"]["count"] == 56 and legend["city"]["shape"] == "dot"  # 56: regression pin of today's cities
    assert legend["local government"]["count"] == 4
    assert legend["network of cities"]["shape"] == "star"
    assert legend["network of cities"]["family"] == legend["committee or unit"]["family"] == "Networks and organizations"


def test_at_most_eight_colour_families_group_every_kind(kg: Graph, full_page: str) -> None:
    legend = payload(full_page)["kinds"]
    kinds = {data["kind_iri"] for _, data in project(kg).nodes(data=True)}
    assert len(kinds) > 25  # the fine kinds...
    assert len({k["color"] for k in legend}) == len({k["family"] for k in legend}) <= 8  # ...in a few families
    families = [k["family"] for k in legend]
    assert families == sorted(families, key=[name for name, _ in FAMILIES.values()].index)  # grouped, in order
    assert {color for _, color in FAMILIES.values()} == {"#4477AA", "#228833", "#CCBB44", "#AA3377", "#EE6677",
                                                          "#66CCEE", "#BBBBBB", "#666666"}  # Tol's bright scheme


def test_size_follows_degree_centrality() -> None:
    G = nx.star_graph(3)
    sizes = {n["id"]: n["size"] for n in payload(render_view(G, title="star"))["nodes"]}
    assert sizes["0"] > sizes["1"] == sizes["2"] == sizes["3"]
    assert all(e["arrows"] == "" for e in payload(render_view(G, title="star"))["edges"])


def test_small_graphs_use_physics_large_ones_networkx_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    G = nx.path_graph(6, create_using=nx.DiGraph)
    small = payload(render_view(G, title="small"))
    assert small["physics"] and small["options"]["physics"]["enabled"]
    assert small["options"]["physics"]["stabilization"]["iterations"] == render.STABILIZATION_ITERATIONS
    assert "x" not in small["nodes"][0]
    assert small["fade"]
    monkeypatch.setattr(render, "LAYOUT_THRESHOLD", 5)
    large = payload(render_view(G, title="large"))
    assert not large["physics"] and not large["options"]["physics"]["enabled"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in large["nodes"])
    assert not large["fade"]


#: Builds a graph above LAYOUT_THRESHOLD (tests/fixtures/large_graph.py), run here and in subprocesses.
LARGE_GRAPH = (Path(__file__).parent / "fixtures" / "large_graph.py").read_text(encoding="utf-8")


def large_graph() -> nx.MultiDiGraph:
    scope: dict[str, nx.MultiDiGraph] = {}
    exec(LARGE_GRAPH, scope)
    return scope["G"]


def test_large_graph_gets_a_spread_out_layout_and_the_same_page_twice() -> None:
    from scipy.spatial import cKDTree

    G = large_graph()
    assert len(G) > render.LAYOUT_THRESHOLD
    page = render_view(G, title="large")
    data = payload(page)
    assert not data["physics"] and not data["options"]["physics"]["enabled"]
    position = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert set(position) == set(G)
    xy = [position[node] for node in G]
    assert all(math.isfinite(c) for point in xy for c in point)
    # Spread over the plane (not a dot, not a line), nodes apart, and linked nodes drawn near each other.
    span = [max(c) - min(c) for c in zip(*xy, strict=True)]
    assert min(span) > 0.5 * max(span) > 10 * math.sqrt(len(G))
    nearest = sorted(cKDTree(xy).query(xy, k=2)[0][:, 1])
    assert nearest[len(xy) // 10] > 5  # 90% of the nodes have none within 5 px
    linked = sorted(math.dist(position[a], position[b]) for a, b in G.edges())
    assert linked[len(linked) // 2] < 0.1 * max(span)
    assert render_view(large_graph(), title="large") == page


def test_large_layout_does_not_depend_on_the_hash_seed() -> None:
    """Sets of strings iterate in another order in each process: the layout must not follow it."""
    script = LARGE_GRAPH + "from hrgraph.render import _positions\nprint(sorted(_positions(G).items()))\n"
    outputs = {
        subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("edges", ["none", "star"])
def test_large_graph_without_communities_gets_distinct_positions(edges: str) -> None:
    """Isolated nodes are packed in rows, a hub's leaves set around it (spring_layout: 16 s for this star)."""
    G = nx.empty_graph(render.LAYOUT_THRESHOLD + 1) if edges == "none" else nx.star_graph(2000)
    position = render._positions(G)
    assert len(set(position.values())) == len(G)
    assert all(math.isfinite(c) for point in position.values() for c in point)


def test_empty_graph_renders() -> None:
    data = payload(render_view(nx.Graph(), title="nothing"))
    assert data["nodes"] == [] and data["kinds"] == [] and not data["physics"]


# Writing: one file, atomically, never over other content without force ---------------------------

_opened: list[str] | None = None


def _record_writes(event: str, args: tuple) -> None:
    if _opened is None:
        return
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        mode, flags = args[1], args[2]
        if (mode and any(c in str(mode) for c in "wax+")) or (flags or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            _opened.append(os.path.abspath(os.fsdecode(args[0])))
    elif event in ("os.mkdir", "os.rename", "shutil.copytree", "tempfile.mkstemp", "tempfile.mkdtemp"):
        _opened.append(os.path.abspath(os.fsdecode(args[1] if event in ("os.rename", "shutil.copytree") else args[0])))


sys.addaudithook(_record_writes)


@pytest.fixture
def writes() -> Iterator[list[str]]:
    """Every path opened for writing, created or renamed to while the test runs (an audit hook)."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


def test_reliability_49_write_view_writes_only_the_target_from_a_read_only_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: list[str]
) -> None:
    here = tmp_path / "read-only"
    here.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    render_view(nx.path_graph(2), title="warm-up")  # imports done: only the view's own writes are recorded
    here.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.chdir(here)
    writes.clear()
    try:
        assert write_view(hostile_graph(), out / "view.html", "view") is True
    finally:
        here.chmod(stat.S_IRWXU)
    assert list(here.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["view.html"]
    assert all(Path(p).parent == out for p in writes), writes
    assert (out / "view.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_write_view_keeps_another_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    target.write_text("mine", "utf-8")
    with pytest.raises(OutputError, match="--force"):
        write_view(nx.path_graph(2), target, "v")
    assert target.read_text("utf-8") == "mine"
    assert write_view(nx.path_graph(2), target, "v", force=True) is True
    assert write_view(nx.path_graph(2), target, "v") is False  # same bytes: nothing to do
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


# Choosing what to show ------------------------------------------------------------------------


def test_kinds_match_labels_curies_and_subclasses(kg: Graph) -> None:
    G = project(kg)
    assert {d["kind"] for _, d in of_kinds(G, ["CITY", "hrg:Network"], kg).nodes(data=True)} == {
        "city",
        "network of cities",
    }
    organizations = {d["kind"] for _, d in of_kinds(G, ["organization"], kg).nodes(data=True)}
    assert organizations == {"organization", "network of cities", "committee or unit"}
    with pytest.raises(InputError, match=r"'citty'.*city \(hrg:City\)"):
        of_kinds(G, ["citty"], kg)


def test_as_of_view_is_the_projection_as_of_that_year(kg: Graph) -> None:
    view = select_view(kg, as_of=2000)
    expected = project(kg, as_of=2000)
    assert set(view) == set(expected) and view.number_of_edges() == expected.number_of_edges()
    assert view.graph["title"] == "hrgraph: the graph as of 2000"


def test_query_view_of_a_construct_result_and_refusal_of_ask(kg: Graph) -> None:
    G = project(kg)
    construct = run_query(
        "CONSTRUCT { ?c <https://w3id.org/hrgraph/ontology#country> ?k } "
        "WHERE { ?c <https://w3id.org/hrgraph/ontology#country> ?k }",
        graph=kg,
    )
    view = query_view(G, construct)
    assert "https://w3id.org/hrgraph/city/rosario" in view and "https://w3id.org/hrgraph/country/argentina" in view
    with pytest.raises(InputError, match="ASK"):
        query_view(G, run_query("ASK { ?s ?p ?o }", graph=kg))


def test_select_rows_relate_their_entities_by_column_names(kg: Graph) -> None:
    G = project(kg)
    result = run_query(
        "SELECT ?city ?country WHERE { ?city <https://w3id.org/hrgraph/ontology#country> ?country ; "
        "<https://w3id.org/hrgraph/ontology#country> <https://w3id.org/hrgraph/country/argentina> }",
        graph=kg,
    )
    bare = G.subgraph(["https://w3id.org/hrgraph/city/rosario", "https://w3id.org/hrgraph/country/argentina"]).copy()
    bare.remove_edges_from(list(bare.edges))
    view = query_view(bare, result)
    (edge,) = view.edges(data=True)
    assert edge[2]["relation"] == "city / country"


# The command ----------------------------------------------------------------------------------


def test_view_writes_view_html_by_default_and_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = run("view")
    assert first.exit_code == 0, first.output
    assert "wrote view.html (" in first.output
    assert "unchanged view.html" in run("view").output  # the same bytes on every run
    (tmp_path / "view.html").write_text("other", "utf-8")
    refused = run("view")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert (tmp_path / "view.html").read_text("utf-8") == "other"
    assert run("view", "--force").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


def test_view_focus_shows_the_neighbours(tmp_path: Path) -> None:
    out = tmp_path / "rosario.html"
    result = run("view", "--focus", "Rosario", "--depth", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    labels = {n["label"] for n in payload(out.read_text("utf-8"))["nodes"]}
    assert {"Rosario", "Argentina", "Santa Fe Province", "Lionel Messi"} <= labels
    assert "Gwangju" not in labels


def test_view_unknown_entity_exits_2_with_suggestions(tmp_path: Path) -> None:
    result = run("view", "--focus", "Rosaro", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert "no entity named 'Rosaro'" in result.output and "Rosario" in result.output
    assert not (tmp_path / "x.html").exists()


def test_view_unknown_kind_lists_the_kinds_present(tmp_path: Path) -> None:
    result = run("view", "--type", "cities", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert "'cities'" in result.output and "city (hrg:City)" in result.output and "network of cities" in result.output


def test_view_types(tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    assert run("view", "--type", "city", "--type", "network", "-o", str(out)).exit_code == 0
    assert {n["kind"] for n in payload(out.read_text("utf-8"))["nodes"]} == {"city", "network of cities"}


def test_view_query_members_of_network(tmp_path: Path) -> None:
    out = tmp_path / "q.html"
    result = run("view", "--query", "members-of-network", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = payload(out.read_text("utf-8"))
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"Barcelona", "Bergen", "Graz", "Lund", "Middelburg", "Nuremberg", "Utrecht", "Vienna", "York",
                      "Raoul Wallenberg Institute", "US National Human Rights Cities Alliance",
                      "University College Roosevelt", "Utrecht University", "Human Rights Cities Network"}
    assert {e["label"] for e in data["edges"]} >= {"member"}
    eccar = tmp_path / "eccar.html"
    assert run("view", "--query", "members-of-network", "-p", "network=uclg-cisdp", "-o", str(eccar)).exit_code == 0
    assert "Gwangju" in {n["label"] for n in payload(eccar.read_text("utf-8"))["nodes"]}


def test_view_usage_errors(tmp_path: Path) -> None:
    assert run("view", "--depth", "2", "-o", str(tmp_path / "x.html")).exit_code == 2
    assert run("view", "-p", "network=ECCAR", "-o", str(tmp_path / "x.html")).exit_code == 2
    assert "ASK" in run("view", "--query", "ASK { ?s ?p ?o }", "-o", str(tmp_path / "x.html")).output
    assert list(tmp_path.iterdir()) == []


def test_views_keep_the_graph_order_whatever_the_hash_seed() -> None:
    """A neighbourhood, kinds or a query's entities are drawn in the projection's order, not a set's
    (which changes with PYTHONHASHSEED): `hrgraph site` run twice rewrites no view."""
    G = nx.DiGraph()
    names = [f"https://w3id.org/hrgraph/city/c{n:02}" for n in range(40)]
    G.add_nodes_from((name, {"kind_iri": str(HRG.City)}) for name in reversed(names))
    G.add_edges_from((names[0], name) for name in names[1:12])
    near = neighbourhood(G, names[0])
    assert list(near) == [name for name in G if name in near] and len(near) == 12
    assert list(of_kinds(G, ["City"])) == list(G)
