"""Network analysis of the projections: who is central, which groups form, how the movement spread,
and how two entities are connected, in words and with sources.

Pure functions over the NetworkX graphs of :mod:`hrgraph.projection`, using networkx's own
algorithms (PageRank, betweenness, Louvain, shortest paths), so that each number means what the
literature says it means. Every result is deterministic: nodes are visited in sorted order and
Louvain runs with a fixed seed.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import islice, pairwise
from pathlib import Path as FilePath
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import ORG

from hrgraph.atomic import write_atomic
from hrgraph.entities import label_of, resolve
from hrgraph.errors import HRGraphError, InputError
from hrgraph.namespaces import BASE, HRG
from hrgraph.projection import fact_year, project, subgraph
from hrgraph.results import format_table

__all__ = [
    "ANALYSIS_FORMATS",
    "DEFAULT_THROUGH",
    "GEPHI_FORMATS",
    "MAX_PATHS",
    "SEED",
    "Analysis",
    "Community",
    "Component",
    "Link",
    "NodeScore",
    "PATH_KINDS",
    "Path",
    "Step",
    "YearCount",
    "analyze",
    "centrality",
    "communities",
    "components",
    "gephi_bytes",
    "path_kinds",
    "paths_text",
    "relate",
    "simple",
    "timeline",
    "write_gephi",
]

#: Louvain's random seed: the same partition on every run.
SEED = 42
#: At most this many shortest paths are spelled out by :func:`relate`.
MAX_PATHS = 10
#: Rows of the centrality table shown by default in a terminal.
TABLE_TOP = 20
#: Above this many nodes, path measures are estimated from SAMPLES seeded BFS sources instead of
#: all of them: exact betweenness and all-pairs path lengths cost O(nodes x edges), over a minute at
#: 8,000 nodes on the synthetic 100k-triple graph (benchmarks/scale_benchmark.py).
EXACT_LIMIT = 2000
#: Sources sampled above EXACT_LIMIT: 500 BFS take a few seconds at 8,000 nodes, and rank the
#: central nodes as the exact measure does.
SAMPLES = 500
_EVENT_PREFIX = f"{BASE}event/"


def _path_kinds() -> dict[str, tuple[str, frozenset[str]]]:
    from hrgraph.render import FAMILIES, KIND_STYLES

    continent = str(HRG.Continent)
    kinds = {family: (words, frozenset(iri for iri, (other, _) in KIND_STYLES.items()
                                       if other == family and iri != continent))
             for family, (words, _) in FAMILIES.items() if family != "other"}
    kinds["places"] = ("Countries and regions", kinds["places"][1])
    kinds["continents"] = ("Continents", frozenset({continent}))
    return kinds


#: The kinds of entity a path of :func:`relate` may pass through: name -> (words, kind IRIs); the
#: families of the network views, continents apart from countries.
PATH_KINDS = _path_kinds()
#: What a path passes through unless asked otherwise: a continent or a principle joins almost any
#: two entities, and says little about how they are related.
DEFAULT_THROUGH = tuple(name for name in PATH_KINDS if name not in ("continents", "principles"))


@dataclass(frozen=True)
class NodeScore:
    """How central one node is, and which community and component it belongs to."""

    iri: str
    label: str
    kind: str
    degree: int
    degree_centrality: float
    betweenness: float
    pagerank: float
    community: int
    component: int


@dataclass(frozen=True)
class Community:
    """A group of nodes more linked to each other than to the rest (Louvain)."""

    id: int
    size: int
    members: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Component:
    """A connected component, with its diameter and average shortest path length (always defined:
    a component is connected)."""

    id: int
    size: int
    diameter: int
    average_path_length: float
    members: tuple[str, ...]
    labels: tuple[str, ...]
    #: True when the component is larger than EXACT_LIMIT: the diameter is then a lower bound
    #: (networkx's two-sweep) and the average path length a mean over EXACT_LIMIT sampled sources.
    estimated: bool = False


@dataclass(frozen=True)
class YearCount:
    """Designations and adoptions of one year (``year`` None: undated), with the running total."""

    year: int | None
    designations: int
    adoptions: int
    total: int
    cumulative: int | None
    facts: tuple[str, ...]
    adopters: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """One edge of the graph, as the data states it: subject, relation, object, date, sources.

    ``predicate`` is the RDF property, or the class of the fact node (``fact``) for memberships,
    adoptions and foundings.
    """

    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    predicate: str = ""
    fact: str = ""
    date: str = ""
    sources: tuple[str, ...] = ()

    def text(self) -> str:
        """``Gwangju — co-chair of — UCLG Committee… (2018) [Human Rights City]``."""
        text = f"{self.subject_label} — {self.relation} — {self.object_label}"
        if self.date:
            text += f" ({self.date})"
        if self.sources:
            text += f" [{'; '.join(_title(s) for s in self.sources)}]"
        return text


@dataclass(frozen=True)
class Step:
    """A hop between two neighbours on a path: every edge between them, in its own direction."""

    start: str
    end: str
    links: tuple[Link, ...]

    def text(self) -> str:
        return "; ".join(link.text() for link in self.links)


@dataclass(frozen=True)
class Path:
    """A shortest path between two entities, as nodes and as sentences."""

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.steps)

    def sentences(self) -> list[str]:
        return [step.text() for step in self.steps]


@dataclass
class Analysis:
    """Centrality, communities, components and timeline of one projection, ready to print."""

    projection: str
    as_of: int | None
    graph: nx.Graph = field(repr=False)
    centrality: list[NodeScore]
    communities: list[Community]
    components: list[Component]
    timeline: list[YearCount]
    seed: int = SEED

    def render(self, fmt: str = "table", top: int | None = None) -> str:
        """The analysis as ``table`` (every part), ``json`` (every part) or ``csv`` (centrality rows).

        ``top`` limits the centrality rows (default: 20 in a table, all otherwise; 0: all).
        """
        if fmt not in ANALYSIS_FORMATS:
            raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(ANALYSIS_FORMATS)}")
        if top is None:
            top = TABLE_TOP if fmt == "table" else 0
        return ANALYSIS_FORMATS[fmt](self, top)

    def as_dict(self, top: int = 0) -> dict[str, list[dict[str, Any]]]:
        """Plain data for JSON: keys centrality, communities, components, timeline."""
        return {
            "centrality": [_rounded(asdict(row)) for row in _top(self.centrality, top)],
            "communities": [_rounded(asdict(c)) for c in self.communities],
            "components": [_rounded(asdict(c)) for c in self.components],
            "timeline": [asdict(t) for t in self.timeline],
        }

    def text(self, top: int = TABLE_TOP) -> str:
        shown = _top(self.centrality, top)
        edges = self.graph.number_of_edges()
        when = f" as of {self.as_of}" if self.as_of is not None else ""
        lines = [
            f"Centrality: {self.projection} projection{when}, {len(self.centrality)} nodes, {edges} edges; "
            f"measured undirected, one edge per linked pair ({simple(self.graph).number_of_edges()} pairs)",
            format_table(
                ["rank", "label", "kind", "degree", "degree centrality", "betweenness", "pagerank", "community",
                 "component"],
                [[str(rank), r.label, r.kind, str(r.degree), f"{r.degree_centrality:.4f}", f"{r.betweenness:.4f}",
                  f"{r.pagerank:.4f}", str(r.community), str(r.component)] for rank, r in enumerate(shown, 1)],
            ).rstrip("\n"),
        ]
        if len(shown) < len(self.centrality):
            lines.append(f"showing the top {len(shown)} of {len(self.centrality)}; --top 0 shows all")
        lines += ["", f"Communities (Louvain, seed {self.seed}): {len(self.communities) or 'n/a (no nodes)'}"]
        lines.append(format_table(
            ["community", "size", "members"],
            [[str(c.id), str(c.size), _some(c.labels)] for c in self.communities],
        ).rstrip("\n"))
        whole = _whole_diameter(self.components)
        lines += ["", f"Components: {len(self.components) or 'n/a (no nodes)'}; diameter of the whole graph: {whole}"]
        lines.append(format_table(
            ["component", "size", "diameter", "average path length", "members"],
            [[str(c.id), str(c.size), f"≥{c.diameter}" if c.estimated else str(c.diameter),
              f"≈{c.average_path_length:.3f}" if c.estimated else f"{c.average_path_length:.3f}", _some(c.labels)]
             for c in self.components],
        ).rstrip("\n"))
        lines += ["", f"Timeline: designations and adoptions by year{when}"]
        lines.append(format_table(
            ["year", "designations", "adoptions", "total", "cumulative", "adopters"],
            [["undated" if t.year is None else str(t.year), str(t.designations), str(t.adoptions), str(t.total),
              "" if t.cumulative is None else str(t.cumulative), ", ".join(t.adopters)] for t in self.timeline],
        ).rstrip("\n"))
        return "\n".join(lines) + "\n"

    def to_csv(self, top: int = 0) -> str:
        """The centrality rows, one per node, with IRIs."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["rank", "iri", "label", "kind", "degree", "degree_centrality", "betweenness", "pagerank",
                         "community", "component"])
        for rank, row in enumerate(_top(self.centrality, top), 1):
            data = _rounded(asdict(row))
            writer.writerow([rank, *(data[k] for k in ("iri", "label", "kind", "degree", "degree_centrality",
                                                       "betweenness", "pagerank", "community", "component"))])
        return out.getvalue()

    def to_json(self, top: int = 0) -> str:
        return json.dumps(self.as_dict(top), ensure_ascii=False, indent=2) + "\n"


#: Output format -> renderer of an :class:`Analysis` (with the number of centrality rows).
ANALYSIS_FORMATS: dict[str, Callable[[Analysis, int], str]] = {
    "table": Analysis.text,
    "csv": Analysis.to_csv,
    "json": Analysis.to_json,
}


def analyze(graph: Graph, projection: str = "full", as_of: int | None = None, seed: int = SEED) -> Analysis:
    """Every measure of one projection of ``graph`` (optionally as of a year), computed once."""
    network = project(graph, projection, as_of=as_of)
    undirected = simple(network)
    groups = communities(undirected, seed=seed)
    parts = components(undirected)
    return Analysis(
        projection=projection,
        as_of=as_of,
        graph=network,
        centrality=_scores(undirected, groups, {member: c.id for c in parts for member in c.members}),
        communities=groups,
        components=parts,
        timeline=timeline(graph, as_of=as_of),
        seed=seed,
    )


def simple(G: nx.Graph) -> nx.Graph:
    """What the measures see: undirected, one edge per pair of nodes, no self-loops, sorted nodes.

    A projection keeps each relationship as its own directed edge (Gwangju is both member and
    co-chair of a committee); for centrality, two entities are linked or not, so directions and
    parallel edges collapse, and weights are ignored. Sorting makes the results independent of the
    order the graph was built in.

    >>> G = nx.MultiDiGraph([("b", "a"), ("a", "b"), ("a", "a")])
    >>> sorted(simple(G).edges)
    [('a', 'b')]
    """
    result = nx.Graph()
    result.add_nodes_from((node, G.nodes[node]) for node in sorted(G, key=str))
    pairs = {tuple(sorted((u, v), key=str)) for u, v in G.edges() if u != v}
    result.add_edges_from(sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1]))))
    return result


def centrality(G: nx.Graph, seed: int = SEED) -> list[NodeScore]:
    """Degree, betweenness and PageRank of every node, highest PageRank first.

    Measured on :func:`simple` ``(G)``: undirected, multi-edges collapsed, unweighted. Betweenness
    is normalised, exact up to EXACT_LIMIT nodes and estimated from SAMPLES seeded pivots above
    (the same numbers on every run). An empty graph gives an empty list.

    >>> [(s.label, s.degree, s.betweenness) for s in centrality(nx.path_graph(["a", "b", "c"]))]
    [('b', 2, 1.0), ('a', 1, 0.0), ('c', 1, 0.0)]
    """
    undirected = simple(G)
    return _scores(undirected, communities(undirected, seed=seed), _component_ids(undirected))


def communities(G: nx.Graph, seed: int = SEED) -> list[Community]:
    """Louvain communities of :func:`simple` ``(G)``, largest first; the same on every run (fixed seed).

    >>> [c.members for c in communities(nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6)]))]
    [('1', '2', '3'), ('4', '5', '6')]
    """
    undirected = simple(G)
    groups = nx.community.louvain_communities(undirected, seed=seed)
    return [
        Community(id=index, size=len(nodes), members=tuple(str(n) for n in nodes),
                  labels=tuple(_label(undirected, n) for n in nodes))
        for index, nodes in enumerate(_ordered(undirected, groups))
    ]


def components(G: nx.Graph) -> list[Component]:
    """Connected components of :func:`simple` ``(G)``, largest first, each with its own diameter.

    The whole graph's diameter is undefined when it is disconnected (networkx raises); each
    component's is always defined, so a disconnected or empty graph never fails.

    >>> [(c.size, c.diameter) for c in components(nx.Graph([(1, 2), (3, 4), (4, 5)]))]
    [(3, 2), (2, 1)]
    """
    undirected = simple(G)
    result = []
    for index, nodes in enumerate(_ordered_components(undirected)):
        part = undirected.subgraph(nodes).copy()  # BFS on a subgraph view is five times slower
        estimated = len(nodes) > EXACT_LIMIT
        result.append(Component(
            id=index,
            size=len(nodes),
            diameter=nx.approximation.diameter(part, seed=SEED) if estimated else nx.diameter(part),
            average_path_length=_sampled_path_length(part) if estimated else nx.average_shortest_path_length(part),
            members=tuple(str(n) for n in nodes),
            labels=tuple(_label(undirected, n) for n in nodes),
            estimated=estimated,
        ))
    return result


def _sampled_path_length(part: nx.Graph) -> float:
    """Mean shortest-path length from SAMPLES seeded sources to every other node."""
    sources = random.Random(SEED).sample(sorted(part, key=str), min(SAMPLES, len(part)))
    total = count = 0
    for source in sources:
        lengths = nx.single_source_shortest_path_length(part, source)
        total += sum(lengths.values())
        count += len(lengths) - 1
    return total / count


_TIMELINE = """
PREFIX hrg: <https://w3id.org/hrgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?fact ?kind ?date ?adopter ?instrument WHERE {
  VALUES ?kind { hrg:Designation hrg:Adoption }
  ?class rdfs:subClassOf* ?kind .
  ?fact a ?class .
  OPTIONAL { ?fact hrg:date ?date }
  OPTIONAL { ?fact hrg:adopter ?adopter }
  OPTIONAL { ?fact hrg:instrument ?instrument }
}
"""


def timeline(graph: Graph, as_of: int | None = None) -> list[YearCount]:
    """How the movement spread: designations and adoptions per year, with the running total.

    A fact counts once, in the first year any source gives it: the fact nodes that sources make of
    one designation (the same adopters) or one adoption (the same adopters and instrument) are its
    versions, as the explorer's timeline counts them (Rosario's 1997 designation, dated by four
    sources, is one). Undated facts come last in one row with ``year`` None and no cumulative total.
    ``as_of`` keeps the years up to then (and no undated row, as in :func:`hrgraph.projection.project`).
    """
    kinds: dict[URIRef, str] = {}
    years: dict[URIRef, set[int]] = defaultdict(set)
    adopter_nodes: dict[URIRef, set[URIRef]] = defaultdict(set)
    instruments: dict[URIRef, set[URIRef]] = defaultdict(set)
    for node, kind, date, adopter, instrument in graph.query(_TIMELINE):  # type: ignore[misc]
        kinds[node] = "designations" if str(kind).endswith("Designation") else "adoptions"
        year = fact_year(str(date)) if date is not None else None
        if year is not None:
            years[node].add(year)
        if adopter is not None:
            adopter_nodes[node].add(adopter)
        if instrument is not None:
            instruments[node].add(instrument)
    versions: dict[tuple, list[URIRef]] = defaultdict(list)
    for node, kind in kinds.items():
        what = frozenset(instruments[node]) if kind == "adoptions" else frozenset()
        versions[(kind, frozenset(adopter_nodes[node]) or frozenset({node}), what)].append(node)
    by_year: dict[int | None, list[tuple]] = defaultdict(list)
    for fact, nodes in versions.items():
        known = {y for node in nodes for y in years[node]}
        year = min(known) if known else None
        if as_of is None or (year is not None and year <= as_of):
            by_year[year].append(fact)
    rows, running = [], 0
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        facts = by_year[year]
        if year is not None:
            running += len(facts)
        rows.append(YearCount(
            year=year,
            designations=sum(kind == "designations" for kind, _, _ in facts),
            adoptions=sum(kind == "adoptions" for kind, _, _ in facts),
            total=len(facts),
            cumulative=running if year is not None else None,
            facts=tuple(sorted(str(node) for fact in facts for node in versions[fact])),
            adopters=tuple(sorted({label_of(graph, a) for fact in facts for node in versions[fact]
                                   for a in adopter_nodes[node]})),
        ))
    return rows


def relate(graph: Graph, a: str, b: str, max_length: int = 6, limit: int = MAX_PATHS,
           through: Iterable[str] | None = None, network: nx.MultiDiGraph | None = None) -> list[Path]:
    """How ``a`` and ``b`` are connected: up to ``limit`` shortest paths in the full projection.

    Names are anything :func:`hrgraph.entities.resolve` accepts (a label in any language, a slug,
    an IRI); an unknown name raises :class:`~hrgraph.errors.EntityNotFoundError` with suggestions.
    Paths are found undirected, but each step says every edge between its two nodes in the
    direction the data states it, with date and sources. No path of at most ``max_length`` steps:
    an empty list. ``through`` names the kinds of entity (keys of ``PATH_KINDS``) a path may pass
    through (any kind when None); ``network`` is the full projection of ``graph``, if at hand.

    >>> from hrgraph import load
    >>> [p.labels for p in relate(load(), "Gwangju", "Barcelona", through=["organizations"])][:1]
    [('Gwangju', 'UCLG Committee on Social Inclusion, Participatory Democracy and Human Rights', 'Barcelona')]
    """
    full = network if network is not None else project(graph, "full")
    start, end = (_network_node(graph, full, name) for name in (a, b))
    ways = simple(full)
    if through is not None:
        ways = subgraph(ways, [node for node in ways if node in (start, end) or _may_pass(full.nodes[node], through)])
    try:
        found = list(islice(nx.all_shortest_paths(ways, start, end), limit))
    except nx.NetworkXNoPath:
        return []
    if len(found[0]) - 1 > max_length:
        return []
    return [
        Path(
            nodes=tuple(nodes),
            labels=tuple(full.nodes[n]["label"] for n in nodes),
            steps=tuple(Step(u, v, _links(full, u, v)) for u, v in pairwise(nodes)),
        )
        for nodes in found
    ]


def _may_pass(node: dict[str, Any], through: Iterable[str]) -> bool:
    """Whether a path may pass through a node of this kind: one of ``through``, or a kind no
    PATH_KINDS entry names."""
    kind = str(node.get("kind_iri", ""))
    named = [name for name, (_, kinds) in PATH_KINDS.items() if kind in kinds]
    return not named or any(name in through for name in named)


def path_kinds(through: Iterable[str]) -> list[str]:
    """``through`` checked against PATH_KINDS; an unknown name raises InputError listing them."""
    names = list(through)
    unknown = [name for name in names if name not in PATH_KINDS]
    if unknown:
        raise InputError(f"unknown kind of entity {', '.join(map(repr, unknown))} for a path to pass through; "
                           f"expected some of {', '.join(PATH_KINDS)}")
    return names


def paths_text(paths: list[Path]) -> str:
    """Numbered paths, each as numbered sentences."""
    if not paths:
        return ""
    first = paths[0]
    count = f"{len(paths)} shortest path{'s' if len(paths) != 1 else ''}"
    if len(paths) == MAX_PATHS:
        count = f"the first {MAX_PATHS} shortest paths"
    lines = [f"{first.labels[0]} ↔ {first.labels[-1]}: {count} of {first.length} step{'s' if first.length != 1 else ''}"]
    for number, path in enumerate(paths, 1):
        lines += ["", f"Path {number}: {' → '.join(path.labels)}"]
        lines += [f"  {index}. {sentence}" for index, sentence in enumerate(path.sentences(), 1)]
        if not path.steps:
            lines.append("  (the same entity)")
    return "\n".join(lines) + "\n"


#: Gephi file format -> networkx writer.
GEPHI_FORMATS: dict[str, Callable[..., None]] = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}


def write_gephi(G: nx.Graph, path: str | FilePath, fmt: str = "graphml", *, overwrite: bool = False) -> bool:
    """Write ``G`` as GraphML or GEXF (:func:`gephi_bytes`) atomically; False when unchanged."""
    return write_atomic(path, gephi_bytes(G, fmt), overwrite=overwrite)


def gephi_bytes(G: nx.Graph, fmt: str = "graphml") -> bytes:
    """``G`` as GraphML or GEXF for Gephi, yEd or Cytoscape.

    Both formats hold only scalar attributes: lists (``sources``, ``shared``) become "; "-joined
    strings and None becomes "". GEXF records the day it was written, so its bytes change from day
    to day.
    """
    if fmt not in GEPHI_FORMATS:
        raise InputError(f"unknown graph file format {fmt!r}; expected one of {', '.join(GEPHI_FORMATS)}")
    flat = G.__class__(**_flat(G.graph))
    flat.add_nodes_from((node, _flat(data)) for node, data in G.nodes(data=True))
    if G.is_multigraph():
        flat.add_edges_from((u, v, key, _flat(data)) for u, v, key, data in G.edges(keys=True, data=True))
    else:
        flat.add_edges_from((u, v, _flat(data)) for u, v, data in G.edges(data=True))
    buffer = io.BytesIO()
    GEPHI_FORMATS[fmt](flat, buffer)
    return buffer.getvalue()


def _component_ids(undirected: nx.Graph) -> dict[str, int]:
    """Each node's component, numbered as :func:`components` numbers them, without its path measures."""
    return {str(member): index for index, nodes in enumerate(_ordered_components(undirected)) for member in nodes}


def _ordered_components(undirected: nx.Graph) -> list[list[Any]]:
    return _ordered(undirected, nx.connected_components(undirected))


def _scores(undirected: nx.Graph, groups: list[Community], component: dict[str, int]) -> list[NodeScore]:
    degree = nx.degree_centrality(undirected)
    sample = min(SAMPLES, len(undirected)) if len(undirected) > EXACT_LIMIT else None
    betweenness = nx.betweenness_centrality(undirected, k=sample, seed=SEED)
    try:
        pagerank = nx.pagerank(undirected, weight=None)
    except nx.PowerIterationFailedConvergence as error:
        raise HRGraphError(f"PageRank did not converge: {error}") from None
    community = {member: c.id for c in groups for member in c.members}
    rows = [
        NodeScore(
            iri=str(node),
            label=_label(undirected, node),
            kind=str(undirected.nodes[node].get("kind", "")),
            degree=undirected.degree(node),
            degree_centrality=degree[node],
            betweenness=betweenness[node],
            pagerank=pagerank[node],
            community=community[str(node)],
            component=component[str(node)],
        )
        for node in undirected
    ]
    # Rounded for the sort, so that ties (symmetric nodes) do not depend on the last bits of a float.
    return sorted(rows, key=lambda r: (-round(r.pagerank, 12), r.label, r.iri))


def _ordered(G: nx.Graph, groups: Iterable[set[Any]]) -> list[list[Any]]:
    """Groups largest first, then by their first member; members most connected first, then by label."""
    members = [sorted(group, key=lambda n: (-G.degree(n), _label(G, n), str(n))) for group in groups]
    return sorted(members, key=lambda group: (-len(group), min(str(n) for n in group)))


def _label(G: nx.Graph, node: Any) -> str:
    return str(G.nodes[node].get("label") or node)


def _network_node(graph: Graph, full: nx.Graph, name: str) -> str:
    iri = str(resolve(graph, name))
    if iri not in full:
        raise InputError(
            f"{label_of(graph, URIRef(iri))} <{iri}> is not a node of the network: memberships, adoptions "
            "and foundings are its edges, and sources are not linked; name an entity it involves"
        )
    return iri


def _links(full: nx.MultiDiGraph, u: str, v: str) -> tuple[Link, ...]:
    links = []
    for subject, obj in ((u, v), (v, u)):
        for data in (full.get_edge_data(subject, obj) or {}).values():
            relation = data["relation"]
            if data["predicate"] == str(ORG.Membership) and data["role"]:
                relation = f"{relation} of"  # "co-chair" -> "Gwangju — co-chair of — the committee"
            subject_data = full.nodes[subject]
            # A plain statement rests on its subject's sources; an event's statements hold at its date.
            date = data["date"] or (subject_data["date"] if subject.startswith(_EVENT_PREFIX) else "")
            links.append(Link(
                subject=subject,
                subject_label=subject_data["label"],
                relation=relation,
                object=obj,
                object_label=full.nodes[obj]["label"],
                predicate=data["predicate"],
                fact=data["fact"],
                date=date,
                sources=tuple(data["sources"] or subject_data["sources"]),
            ))
    return tuple(sorted(links, key=lambda link: (link.subject != u, link.relation, link.date)))


def _title(source: str) -> str:
    """A source citation "Title <url>" without its URL."""
    return source.rsplit(" <", 1)[0] if source.endswith(">") else source


def _some(labels: tuple[str, ...], count: int = 4, width: int = 40) -> str:
    """The first few labels, each cut to ``width`` characters, and how many more there are."""
    shown = [label if len(label) <= width else label[: width - 1] + "…" for label in labels[:count]]
    more = len(labels) - count
    return ", ".join(shown) + (f", … (+{more})" if more > 0 else "")


def _whole_diameter(parts: list[Component]) -> str:
    if not parts:
        return "n/a (no nodes)"
    if len(parts) > 1:
        return "n/a (not connected; see each component)"
    return str(parts[0].diameter)


def _top(rows: list[NodeScore], top: int) -> list[NodeScore]:
    return rows[:top] if top else rows


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {key: round(value, 6) if isinstance(value, float) else value for key, value in data.items()}


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Scalar attributes only, as GraphML and GEXF require."""
    result = {}
    for key, value in data.items():
        if isinstance(value, (list, tuple, set, frozenset)):
            value = "; ".join(str(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value))
        result[key] = "" if value is None else value
    return result
