"""Network analysis: tiny graphs whose answers are worked out by hand, then the bundled graph's known facts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef

from hrgraph import cli as cli_module
from hrgraph.analyze import (
    ANALYSIS_FORMATS,
    analyze,
    centrality,
    communities,
    components,
    relate,
    simple,
    timeline,
    write_gephi,
)
from hrgraph.cli import cli
from hrgraph.errors import EntityNotFoundError, HRGraphError, OutputError
from hrgraph.namespaces import HRG
from hrgraph.projection import PROJECTIONS, project

CITY = "https://w3id.org/hrgraph/city/"
ORGANIZATION = "https://w3id.org/hrgraph/organization/"
ROOT = Path(__file__).resolve().parent.parent


def star() -> nx.Graph:
    """c in the middle, leaves l1..l4."""
    return nx.Graph([("c", leaf) for leaf in ("l1", "l2", "l3", "l4")])


def path() -> nx.Graph:
    """a - b - c - d."""
    return nx.path_graph(["a", "b", "c", "d"])


def two_triangles() -> nx.Graph:
    return nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])


def by_node(G: nx.Graph) -> dict[str, tuple[float, float, float]]:
    return {s.iri: (s.degree_centrality, s.betweenness, s.pagerank) for s in centrality(G)}


# --- tiny graphs, answers by hand --------------------------------------------------------------


def test_star() -> None:
    # Degree: the centre touches all 4 others (4/4), a leaf 1 of 4. Betweenness: every one of the
    # C(4,2) = 6 leaf pairs goes through the centre, normalised by (n-1)(n-2)/2 = 6. PageRank with
    # d = 0.85, N = 5: x = 0.03 + 0.85 * 4y, y = 0.03 + 0.85 * x / 4, so x = 0.132 / 0.2775.
    # (networkx stops its power iteration within 1e-6 per node, hence abs=1e-5.)
    scores = by_node(star())
    assert scores["c"] == pytest.approx((1.0, 1.0, 0.132 / 0.2775), abs=1e-5)
    for leaf in ("l1", "l2", "l3", "l4"):
        assert scores[leaf] == pytest.approx((0.25, 0.0, 0.03 + 0.2125 * 0.132 / 0.2775), abs=1e-5)
    assert [s.iri for s in centrality(star())] == ["c", "l1", "l2", "l3", "l4"]  # pagerank, then label
    (whole,) = components(star())
    # distances: 4 centre-leaf pairs at 1, 6 leaf-leaf pairs at 2: (4 + 12) / 10
    assert (whole.size, whole.diameter, whole.average_path_length) == (5, 2, pytest.approx(1.6))


def test_path() -> None:
    # Degree 1/3 at the ends, 2/3 inside. b lies on a-c and a-d: 2 of (3*2)/2 = 3 pairs.
    # PageRank, ends x and inner y: x = 0.0375 + 0.85 y / 2 and 2x + 2y = 1, so y = 0.4625 / 1.425.
    scores = by_node(path())
    inner, end = 0.4625 / 1.425, 0.5 - 0.4625 / 1.425
    assert scores["a"] == scores["d"] == pytest.approx((1 / 3, 0.0, end), abs=1e-5)
    assert scores["b"] == scores["c"] == pytest.approx((2 / 3, 2 / 3, inner), abs=1e-5)
    # Modularity (m = 3) of {a,b},{c,d}: 2 * (1/3 - (3/6)^2) = 1/6 > 0 for everything together.
    assert [set(c.members) for c in communities(path())] == [{"a", "b"}, {"c", "d"}]
    (whole,) = components(path())
    # distances 1, 2, 3, 1, 2, 1: 10 / 6
    assert (whole.diameter, whole.average_path_length) == (3, pytest.approx(10 / 6))


def test_two_disconnected_triangles() -> None:
    G = two_triangles()
    for degree, betweenness, pagerank in by_node(G).values():
        assert (degree, betweenness, pagerank) == pytest.approx((2 / 5, 0.0, 1 / 6), abs=1e-5)
    assert [set(c.members) for c in communities(G)] == [{"a", "b", "c"}, {"x", "y", "z"}]
    parts = components(G)
    assert [(c.id, c.size, c.diameter, c.average_path_length) for c in parts] == [(0, 3, 1, 1.0), (1, 3, 1, 1.0)]
    rows = {s.iri: (s.community, s.component) for s in centrality(G)}
    assert rows["a"] == rows["b"] == (0, 0) and rows["z"] == (1, 1)


def test_reliability_68_empty_and_single_node_graphs_do_not_raise() -> None:
    empty = nx.Graph()
    assert centrality(empty) == communities(empty) == components(empty) == []
    lone = nx.Graph()
    lone.add_node("only", label="Only", kind="city")
    (score,) = centrality(lone)
    assert (score.label, score.kind, score.degree, score.betweenness, score.pagerank) == ("Only", "city", 0, 0.0, 1.0)
    assert [(c.size, c.diameter, c.average_path_length) for c in components(lone)] == [(1, 0, 0.0)]


def test_reliability_68_empty_rdf_graph_gives_na_everywhere() -> None:
    analysis = analyze(Graph())
    text = analysis.render("table")
    assert "Communities (Louvain, seed 42): n/a" in text and "diameter of the whole graph: n/a" in text
    assert json.loads(analysis.render("json")) == {"centrality": [], "communities": [], "components": [], "timeline": []}
    assert analysis.render("csv").startswith("rank,iri,label")


def test_multi_edges_and_directions_collapse() -> None:
    G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    assert sorted(simple(G).edges) == [("a", "b"), ("b", "c")]
    assert {s.iri: s.degree for s in centrality(G)} == {"a": 1, "b": 2, "c": 1}


def test_results_do_not_depend_on_construction_order() -> None:
    edges = list(nx.karate_club_graph().edges)
    forward, backward = nx.Graph(edges), nx.Graph(list(reversed(edges)))
    assert communities(forward) == communities(backward)
    assert centrality(forward) == centrality(backward)


# --- the bundled graph --------------------------------------------------------------------------


def test_membership_projection_centre(kg: Graph) -> None:
    scores = centrality(project(kg, "membership"))
    # The UCLG committee, ECCAR and the Human Rights Cities Network each link 9 cities or bodies; the
    # committee's betweenness is highest (Barcelona, Gwangju and Mexico City tie it to the others).
    assert [(s.label, s.degree) for s in scores[:4]] == [
        ("UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights", 9),
        ("European Coalition of Cities against Racism", 9),
        ("Human Rights Cities Network", 9),
        ("PDHRE human rights cities (facilitated)", 5),
    ]
    assert (len(communities(project(kg, "membership"))), len(components(project(kg, "membership")))) == (4, 1)


def test_relate_rosario_gwangju_in_sourced_sentences(kg: Graph) -> None:
    paths = relate(kg, "Rosario", "광주")
    assert paths and all(p.nodes[0] == CITY + "rosario" and p.nodes[-1] == CITY + "gwangju" for p in paths)
    for found in paths:
        assert found.length == len(found.sentences()) <= 6
        assert "Rosario" in found.sentences()[0] and "Gwangju" in found.sentences()[-1]
        for step in found.steps:
            assert step.links
            for link in step.links:
                assert {link.subject, link.object} == {step.start, step.end}
                assert link.sources, link
                if not link.fact:  # a plain statement: the very triple is in the data
                    assert (URIRef(link.subject), URIRef(link.predicate), URIRef(link.object)) in kg
                assert ":" not in link.relation  # words, not a CURIE
    assert relate(kg, "Rosario", "Gwangju", max_length=3) == []


def test_uclg_committee_links_gwangju_and_mexico_city(kg: Graph) -> None:
    (found,) = relate(kg, "Gwangju", "Mexico City")
    assert found.nodes == (CITY + "gwangju", ORGANIZATION + "uclg-cisdp", CITY + "mexico-city")
    committee = "UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights"
    co_presidency = "New co presidency cisdp reinforces its mission strengthen right city (old.uclg.org)"
    assert found.sentences() == [
        f"Gwangju — co-chair of — {committee} (2015-04-21) [{co_presidency}]; "
        f"Gwangju — co-chair of — {committee} (2018) [Human Rights City]; "
        f"Gwangju — co-chair of — {committee} (2018-01) [Seoul municipal government division works mainstream "
        "rights approach local public action (uclg-cisdp.org)]",
        f"Mexico City — co-chair of — {committee} (2015-04-21) [{co_presidency}]; "
        f"Mexico City — co-chair of — {committee} (2018) [Human Rights City]; "
        f"Mexico City — member of — {committee} (2017) [Local voices human rights peace and democracy (uclg-cisdp.org)]",
    ]


def test_relate_errors(kg: Graph) -> None:
    with pytest.raises(EntityNotFoundError) as error:
        relate(kg, "Rosaro", "Gwangju")
    assert "Rosario" in error.value.suggestions
    with pytest.raises(HRGraphError, match="not a node of the network"):
        relate(kg, "source/wikipedia-human-rights-city", "Rosario")
    assert relate(kg, "Rosario", "Sustainable Development Goals") == []  # isolated in the data


def test_timeline(kg: Graph) -> None:
    rows = {row.year: row for row in timeline(kg)}
    # 1997: Rosario's designation, counted once though four sources date it (1997-06 twice, 1997-06-30,
    # 1997); its proclamation adopted at the signing
    assert (rows[1997].designations, rows[1997].adoptions, rows[1997].adopters) == (1, 1, ("Rosario",))
    assert len(rows[1997].facts) == 4  # the fact nodes behind the two facts (three designations, one adoption)
    assert (rows[1998].adoptions, rows[1998].adopters) == (3, ("San Francisco",))
    assert (rows[2000].designations, rows[2000].adoptions, rows[2000].adopters) == (1, 3, ("Graz", "Saint-Denis"))
    assert (rows[2007].adoptions, rows[2007].adopters) == (1, ("Eugene", "Gwangju"))
    # 2009: Gwangju's ordinance and Chicago's resolution, and Gwangju's designation (once, as two sources state it)
    assert (rows[2009].designations, rows[2009].adoptions, rows[2009].adopters) == (1, 2, ("Chicago", "Gwangju"))
    # Utrecht's designation counts in 2010, the first year a source gives it (another says 2012)
    assert rows[2012].adopters == ("Gwangju", "Seattle", "Seoul") and "Utrecht" in rows[2010].adopters
    assert (rows[2018].designations, rows[2018].adopters) == (2, ("Lund", "Wonosobo"))
    assert (rows[None].adopters, rows[None].cumulative) == (("Atlanta", "Boston", "Busan"), None)
    years = [row.year for row in timeline(kg)]
    assert years == sorted(y for y in years if y is not None) + [None]
    assert years[:4] == [1948, 1979, 1989, 1993]  # the UDHR, CEDAW, the CRC, the Vienna Declaration adopted
    dated = {
        fact
        for cls in (HRG.Designation, HRG.Adoption)
        for fact in kg.subjects(RDF.type, cls)
        if kg.value(fact, HRG.date) is not None
    }
    # 48 facts from 65 dated fact nodes (versions of one fact count once): a regression pin on the frozen graph
    assert timeline(kg)[-2].cumulative == sum(r.total for r in timeline(kg) if r.year is not None) == 48
    assert len(dated) == 65
    assert [r.year for r in timeline(kg, as_of=2000)] == [1948, 1979, 1989, 1993, 1997, 1998, 2000]


def test_as_of_shrinks_the_network(kg: Graph) -> None:
    then, now = analyze(kg, as_of=2000), analyze(kg)
    assert 0 < len(then.centrality) < len(now.centrality)
    assert then.timeline[-1].cumulative == 13  # regression pin on the frozen graph, not a source's count


@pytest.mark.parametrize("name", ["full", "co-membership"])
@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_files_round_trip(kg: Graph, tmp_path: Path, name: str, fmt: str, read) -> None:
    G = project(kg, name)
    target = tmp_path / f"{name}.{fmt}"
    assert write_gephi(G, target, fmt)
    back = read(target)
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    for node, data in G.nodes(data=True):
        assert (back.nodes[node]["label"], back.nodes[node]["kind"]) == (data["label"], data["kind"])
        assert back.nodes[node]["sources"] == "; ".join(data["sources"])
    assert not write_gephi(G, target, fmt)  # same bytes: unchanged


def test_gephi_refusals(tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("something else")
    with pytest.raises(OutputError, match="--force"):
        write_gephi(path(), target, "graphml")
    assert target.read_text() == "something else"
    assert write_gephi(path(), target, "graphml", overwrite=True)
    with pytest.raises(HRGraphError, match="unknown graph file format"):
        write_gephi(path(), target, "dot")


def test_reliability_68_scipy_is_declared_for_pagerank() -> None:
    assert '"scipy>=' in (ROOT / "pyproject.toml").read_text()
    assert nx.pagerank(path())  # runs: scipy is installed


# --- command line -------------------------------------------------------------------------------


def test_cli_choices_match_the_library() -> None:
    params = {p.name: p for p in cli_module.cli.commands["analyze"].params}
    assert list(params["fmt"].type.choices) == list(ANALYSIS_FORMATS) == ["table", "csv", "json"]  # type: ignore[attr-defined]
    assert list(params["projection"].type.choices) == list(PROJECTIONS)  # type: ignore[attr-defined]
    refused = CliRunner().invoke(cli, ["analyze", "--format", "xml"])
    assert refused.exit_code == 2 and "'xml' is not one of 'table', 'csv', 'json'" in refused.output


def test_the_command_line_starts_without_networkx() -> None:
    """Commands that do not analyze must not pay networkx's import time."""
    check = "import sys, hrgraph.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'networkx'))"
    shown = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_cli_analyze_table_json_csv(tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["analyze", "--projection", "membership"])
    assert table.exit_code == 0, table.output
    first = table.output.splitlines()
    assert first[0].startswith("Centrality: membership projection, 31 nodes, 32 edges")
    assert first[3].split()[:2] == ["1", "UCLG"]
    for heading in ("Communities (Louvain, seed 42): 4", "Components: 1", "Timeline: designations and adoptions"):
        assert heading in table.output
    result = runner.invoke(cli, ["analyze", "--format", "json", "--as-of", "2000"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"centrality", "communities", "components", "timeline"}
    assert data["timeline"][-1]["year"] == 2000 and data["timeline"][-1]["cumulative"] == 13
    assert runner.invoke(cli, ["analyze", "--format", "json", "--as-of", "2000"]).output == result.output
    rows = runner.invoke(cli, ["analyze", "--format", "csv", "--top", "3"]).output.splitlines()
    assert rows[0] == "rank,iri,label,kind,degree,degree_centrality,betweenness,pagerank,community,component"
    assert len(rows) == 4


def test_cli_analyze_writes_files(tmp_path: Path) -> None:
    runner = CliRunner()
    out, graphml, gexf = tmp_path / "a.json", tmp_path / "g.graphml", tmp_path / "g.gexf"
    args = ["analyze", "--format", "json", "-o", str(out), "--graphml", str(graphml), "--gexf", str(gexf)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["centrality"]
    assert nx.read_graphml(graphml).number_of_nodes() == nx.read_gexf(gexf).number_of_nodes() > 100
    graphml.write_text("keep me")
    out.write_text("and me")
    gexf.unlink()
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert (graphml.read_text(), out.read_text(), gexf.exists()) == ("keep me", "and me", False)  # nothing written
    assert runner.invoke(cli, [*args, "--force"]).exit_code == 0
    assert nx.read_graphml(graphml).number_of_nodes() > 100


def test_cli_relate() -> None:
    runner = CliRunner()
    found = runner.invoke(cli, ["relate", "Gwangju", "Mexico City"])
    assert found.exit_code == 0, found.output
    assert "  1. Gwangju — co-chair of — UCLG Committee" in found.output
    unknown = runner.invoke(cli, ["relate", "Rosaro", "Gwangju"])
    assert unknown.exit_code == 2 and "did you mean: Rosario?" in unknown.output
    none = runner.invoke(cli, ["relate", "Rosario", "Gwangju", "--max-length", "2"])
    assert none.exit_code == 1
    assert none.output == "no path between Rosario and Gwangju within 2 steps\n"


def test_path_measures_are_estimated_above_the_exact_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large graphs get sampled betweenness and path lengths, the same on every run, close to exact."""
    from hrgraph import analyze as module

    G = nx.relabel_nodes(nx.grid_2d_graph(12, 12), lambda n: f"n{n[0]}-{n[1]}")
    exact_parts = module.components(G)
    exact_scores = {s.iri: s.betweenness for s in module.centrality(G)}
    monkeypatch.setattr(module, "EXACT_LIMIT", 100)
    monkeypatch.setattr(module, "SAMPLES", 60)
    parts = module.components(G)
    scores = {s.iri: s.betweenness for s in module.centrality(G)}
    assert parts[0].estimated and not exact_parts[0].estimated
    assert parts[0].diameter <= exact_parts[0].diameter == 22  # 22: regression pin of today's graph
    assert abs(parts[0].average_path_length - exact_parts[0].average_path_length) < 0.1 * exact_parts[0].average_path_length
    assert module.components(G) == parts and {s.iri: s.betweenness for s in module.centrality(G)} == scores
    center, corner = "n6-6", "n0-0"
    assert scores[center] > scores[corner] and exact_scores[center] > exact_scores[corner]
