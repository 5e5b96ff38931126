"""Interactive HTML views of a projection: one self-contained file that works offline.

pyvis builds the network (nodes, edges, physics options); the page comes from hrgraph's own
Jinja2 template (``hrgraph/templates/view.html``), not pyvis's, because pyvis 0.3.2's templates load
Bootstrap and tom-select from CDNs even with ``cdn_resources="in_line"``, write a ``lib/`` folder
into the current directory, and turn string titles into HTML. vis-network's JavaScript and CSS
are read from the pyvis package and inlined; the data goes in as HTML-safe JSON and reaches the
page only through ``textContent``.

Nodes are coloured by family and shaped by kind (``KIND_STYLES``, keyed on ``kind_iri``; any
other kind is a grey dot), sized by degree centrality. Eight families, in Paul Tol's "bright"
scheme, which readers with any common colour-vision deficiency tell apart; the fine kind is in
the legend, under its family, and in the tooltip:

=================================================  ==============  ========================
family: kinds                                      shapes          colour
=================================================  ==============  ========================
cities: city, local government                     dot             blue ``#4477AA``
places: country, region, continent, place          square          green ``#228833``
organizations: organization, unit, network         diamond, star   yellow ``#CCBB44``
instruments: instrument and its kinds, artwork     triangle        purple ``#AA3377``
events: event and its kinds, event series          hexagon         red ``#EE6677``
people: person                                     triangleDown    cyan ``#66CCEE``
principles: principle or theme                     dot             grey ``#BBBBBB``
anything else                                      dot             dark grey ``#666666``
=================================================  ==============  ========================

Graphs with more than ``LAYOUT_THRESHOLD`` nodes get positions computed by networkx, community by
community (``_layout``), and no physics, so the page is usable as soon as it is drawn; a click on
a node there highlights its relationships without fading the rest (fading costs seconds). Smaller
graphs are laid out in the browser with at most ``STABILIZATION_ITERATIONS`` physics steps, then
stay still.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import RDFS, Graph, URIRef

from hrgraph import __version__
from hrgraph.atomic import write_atomic
from hrgraph.errors import HRGraphError, InputError, OutputError
from hrgraph.namespaces import HRG
from hrgraph.projection import subgraph
from hrgraph.sparql import QueryResult

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = [
    "FAMILIES",
    "KIND_STYLES",
    "LAYOUT_THRESHOLD",
    "STABILIZATION_ITERATIONS",
    "neighbourhood",
    "of_kinds",
    "query_view",
    "render_view",
    "script_json",
    "select_view",
    "view_assets",
    "write_view",
]

#: Above this many nodes, positions come from networkx and physics is off. Measured in headless
#: Chromium (benchmarks/view_benchmark.py, 2-core machine): the browser's layout takes 1.3 s at 500
#: nodes, 3.2 s at 1,000, 21 s at 5,000, on every opening; a precomputed page opens in 0.5 s at 500,
#: 1.4 s at 5,000 and 4 s at 20,000, and its layout (0.2 s at 500, 2 s at 5,000, 5.5 s at 20,000)
#: is paid once, when the file is written. Up to 500, the browser's layout, which draws small
#: graphs better, costs under a second more.
LAYOUT_THRESHOLD = 500
#: A large view (above LAYOUT_THRESHOLD) opens with each community of at least this many nodes
#: drawn as one node, opened by a click (``_groups``).
MIN_GROUP = 5
#: How far apart (in pixels at 100%) the groups of an aggregated view are set on their ring.
GROUP_SPACING = 260
#: Physics steps the browser may take before the layout freezes, for graphs up to LAYOUT_THRESHOLD.
STABILIZATION_ITERATIONS = 200
#: Largest graph (or community of a larger one) that one networkx spring_layout lays out whole;
#: larger ones are cut up first (``_layout``). At 5,000 nodes, 100 drew linked nodes twice as far
#: apart (median) as 200 or 300, which are alike in time and picture.
LAYOUT_PART = 300
#: spring_layout steps for each part (its cost grows with nodes² x iterations); 30 saves a third
#: of the time at 5,000 nodes, for linked nodes drawn a little farther apart.
LAYOUT_ITERATIONS = 50
#: Communities' centres are spread over this many times the radius their nodes need, so that
#: neighbouring communities overlap less: nodes within 8 px of another, at 1 and 1.5, are 6% and
#: 3.4% at 5,000 nodes, 13.5% and 5.9% at 20,000; 2 makes the picture larger for little gain.
LAYOUT_SPREAD = 1.5
LAYOUT_SEED = 7
#: A disc of n nodes gets a radius of _SPACING * sqrt(n) pixels: nodes about 60 px apart.
_SPACING = 30

#: family -> (name in the legend, colour): Paul Tol's "bright" colours, safe for colour-blind readers.
FAMILIES: dict[str, tuple[str, str]] = {
    "cities": ("Cities and local governments", "#4477AA"),
    "places": ("Countries, regions, continents", "#228833"),
    "organizations": ("Networks and organizations", "#CCBB44"),
    "instruments": ("Instruments and works", "#AA3377"),
    "events": ("Events", "#EE6677"),
    "people": ("People", "#66CCEE"),
    "principles": ("Principles and themes", "#BBBBBB"),
    "other": ("Other", "#666666"),
}
_PLACE, _ORGANIZATION, _INSTRUMENT, _EVENT = ("places", "square"), ("organizations", "diamond"), \
    ("instruments", "triangle"), ("events", "hexagon")
#: kind IRI -> (family, vis-network shape). Every shape here is drawn at the node's size.
KIND_STYLES: dict[str, tuple[str, str]] = {
    str(HRG.City): ("cities", "dot"),
    str(HRG.LocalGovernment): ("cities", "dot"),
    **{str(kind): _PLACE for kind in (HRG.Country, HRG.Region, HRG.Continent, HRG.Place)},
    **{str(kind): _ORGANIZATION for kind in (HRG.Organization, HRG.OrganizationalUnit)},
    str(HRG.Network): ("organizations", "star"),
    **{str(kind): _INSTRUMENT for kind in (HRG.Instrument, HRG.Treaty, HRG.Declaration, HRG.Charter,
                                           HRG.GuidingPrinciples, HRG.Ordinance, HRG.Resolution, HRG.ActionPlan,
                                           HRG.Publication, HRG.Artwork)},
    **{str(kind): _EVENT for kind in (HRG.Event, HRG.Designation, HRG.Adoption, HRG.Founding, HRG.Conference,
                                      HRG.Forum, HRG.Proclamation, HRG.HistoricalEvent, HRG.Signature,
                                      HRG.EntryIntoForce, HRG.Recommendation, HRG.Rejection, HRG.EventSeries)},
    str(HRG.Person): ("people", "triangleDown"),
    str(HRG.Principle): ("principles", "dot"),
}
FALLBACK_STYLE = ("other", "dot")
_MIN_SIZE, _MAX_SIZE = 8, 30
_TEMPLATES = files("hrgraph") / "templates"
#: Characters that must not appear raw in JSON inside <script>: they could end it or start markup.
_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_PATTERN = re.compile("[<>&'\u2028\u2029\ud800-\udfff]")


def render_view(G: nx.Graph, *, title: str, assets: str | None = None) -> str:
    """The HTML page showing ``G``: a projection, or any graph whose nodes carry hrgraph's attributes.

    With ``assets`` (a URL prefix such as ``"../static/"``), the page links the files of
    ``view_assets()`` there instead of inlining them: many pages of a site share one copy.

    Node attributes used: ``label``, ``kind``, ``kind_iri``, ``date``, ``sources``, ``iri``; edge
    attributes: ``relation``, ``role``, ``date``, ``sources``. Missing ones are left empty.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", relation="member of")
    >>> page = render_view(G, title="<A & B>")
    >>> "<title>&lt;A &amp; B&gt;</title>" in page and "http://cdn" not in page
    True
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    network, physics, groups = _network(G)
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "kinds": _legend(G),
        "groups": groups,
        "physics": physics,
        "fade": G.number_of_nodes() <= LAYOUT_THRESHOLD,
        "directed": G.is_directed(),
    }
    environment = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(default=True), keep_trailing_newline=True
    )
    vis_js, vis_css = _vis_network()
    return environment.get_template("view.html").render(
        title=title,
        version=__version__,
        assets=assets,
        directed=G.is_directed(),
        data=Markup(script_json(payload)),
        vis_js=Markup(_inline_script(vis_js)),
        vis_css=Markup(_inline_style(vis_css)),
        view_js=Markup(_inline_script(_template_text("view.js"))),
        view_css=Markup(_inline_style(_template_text("view.css"))),
    )


def view_assets() -> dict[str, str]:
    """The scripts and styles a view page links when rendered with ``assets``: file name -> text."""
    vis_js, vis_css = _vis_network()
    return {
        "vis-network.min.js": vis_js,
        "vis-network.css": vis_css,
        "view.js": _template_text("view.js"),
        "view.css": _template_text("view.css"),
    }


def write_view(G: nx.Graph, path: str | os.PathLike[str], title: str, force: bool = False) -> bool:
    """Write the view of ``G`` to ``path`` atomically, and nothing else; False if it was already there.

    An existing file with other content is replaced only with ``force=True`` (OutputError otherwise).
    """
    page = render_view(G, title=title).encode("utf-8", errors="replace")
    return write_atomic(path, page, overwrite=force)


# Choosing what to show -----------------------------------------------------------------------


def select_view(
    graph: Graph,
    *,
    projection: str = "full",
    as_of: int | None = None,
    focus: str | None = None,
    depth: int = 1,
    query: str | None = None,
    params: Mapping[str, object] | None = None,
    kinds: Iterable[str] = (),
) -> nx.Graph:
    """The part of a projection a view shows; each option narrows the previous result.

    The projection ``projection`` of ``graph`` (as of year ``as_of``); then, with ``query``, the
    entities a query names (see ``query_view``); then, with ``focus``, the entities within
    ``depth`` steps of that entity (any name ``resolve`` accepts); then, with ``kinds``, the
    entities of those kinds. ``G.graph["title"]`` says what was chosen.

    >>> from hrgraph import load
    >>> view = select_view(load(), focus="Rosario", kinds=["country"])
    >>> [data["label"] for _, data in view.nodes(data=True)], view.graph["title"]
    (['Argentina'], 'hrgraph: Rosario and its neighbours (depth 1); kinds: country')
    """
    from hrgraph.entities import label_of, resolve
    from hrgraph.projection import project

    view = project(graph, projection, as_of=as_of)
    what = "the graph" if projection == "full" else f"the {projection} projection"
    if query is not None:
        from hrgraph.sparql import as_query, bind_parameters, run_query

        named = as_query(query)
        values = bind_parameters(named, params or {}, graph)
        result = run_query(named, dict(params or {}), graph=graph)
        bound = [str(value) for value in values.values() if isinstance(value, URIRef)]
        view = query_view(view, result, bound=bound)
        given = ", ".join(f"{name}={value}" for name, value in (params or {}).items())
        what = f"query {named.name}" + (f" ({given})" if given else "")
    if focus is not None:
        center = str(resolve(graph, focus))
        if center not in view:
            where = f" as of {as_of}" if as_of is not None else ""
            raise InputError(f"{label_of(graph, URIRef(center))} ({center}) is not in {what}{where}; nothing to focus on")
        view = neighbourhood(view, center, depth)
        what = f"{view.nodes[center].get('label') or center} and its neighbours (depth {depth})"
    kinds = list(kinds)
    if kinds:
        view = of_kinds(view, kinds, graph)
    title = f"hrgraph: {what}" + (f" as of {as_of}" if as_of is not None else "")
    view.graph["title"] = title + (f"; kinds: {', '.join(kinds)}" if kinds else "")
    return view


def neighbourhood(G: nx.Graph, center: str, depth: int = 1) -> nx.Graph:
    """The entities within ``depth`` steps of ``center``, whatever the edges' directions, with every
    relationship ``G`` has between them.

    >>> import networkx as nx
    >>> sorted(neighbourhood(nx.path_graph(5, create_using=nx.DiGraph), 2))
    [1, 2, 3]
    """
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    near = nx.ego_graph(undirected, center, radius=depth)
    return subgraph(G, near)


def of_kinds(G: nx.Graph, kinds: Iterable[str], graph: Graph | None = None) -> nx.Graph:
    """The entities of ``G`` of the given kinds, with the relationships between them.

    A kind is named by its label (``city``, ``network of cities``), its local name (``Network``)
    or CURIE (``hrg:Network``) or IRI, ignoring case; with ``graph`` (which holds the ontology), a
    kind also takes in its subclasses: ``organization`` gives networks and committees too. A kind
    that matches no entity raises InputError listing the kinds ``G`` holds.
    """
    present = {data.get("kind_iri", ""): data.get("kind", "") for _, data in G.nodes(data=True)}
    classes = dict(present)
    if graph is not None:
        from hrgraph.entities import label_of

        for cls in set(graph.subjects(RDFS.subClassOf, None)) | set(graph.objects(None, RDFS.subClassOf)):
            if isinstance(cls, URIRef) and str(cls).startswith(str(HRG)):
                classes.setdefault(str(cls), label_of(graph, cls))
    wanted: set[str] = set()
    unknown = []
    for text in kinds:
        named = {iri for iri, label in classes.items() if _names_kind(text, iri, label)}
        if graph is not None:
            named |= {str(sub) for iri in named for sub in graph.transitive_subjects(RDFS.subClassOf, URIRef(iri))}
        if not named & present.keys():
            unknown.append(text)
        wanted |= named
    if unknown:
        listed = ", ".join(f"{label} ({_curie(iri)})" for iri, label in sorted(present.items(), key=lambda p: p[1]))
        raise InputError(f"no entity of kind {', '.join(map(repr, unknown))} here; kinds present: {listed or 'none'}")
    return subgraph(G, [node for node, data in G.nodes(data=True) if data.get("kind_iri", "") in wanted])


def query_view(G: nx.Graph, result: QueryResult, bound: Iterable[str] = ()) -> nx.Graph:
    """The entities of ``G`` that a query result names, with the relationships ``G`` has between them.

    SELECT: every IRI of every row that is a node of ``G``; two such IRIs of the same row that
    ``G`` does not already relate get an edge labelled with their column names
    (``member / network``). CONSTRUCT and DESCRIBE: the subjects and objects of the result graph.
    ``bound`` adds entities given as parameters (the network of ``members-of-network``), so a
    view shows what the answer is about. ASK and updates name no entities: InputError.
    """
    keep: set[str] = {iri for iri in bound if iri in G}
    pairs: list[tuple[str, str, str]] = []
    if result.kind == "select":
        for row in result.rows:
            cells = [(name, str(value)) for name, value in zip(result.variables, row, strict=True)
                     if isinstance(value, URIRef) and str(value) in G]
            keep.update(iri for _, iri in cells)
            pairs += [(a, b, f"{na} / {nb}") for i, (na, a) in enumerate(cells) for nb, b in cells[i + 1:] if a != b]
    elif result.kind == "graph" and result.graph is not None:
        for subject, _, obj in result.graph:
            keep.update(str(term) for term in (subject, obj) if isinstance(term, URIRef) and str(term) in G)
    else:
        raise InputError(f"{result.kind.upper()} queries name no entities to view; use a SELECT or CONSTRUCT query")
    view = subgraph(G, keep)
    for start, end, words in pairs:
        if not view.has_edge(start, end) and not view.has_edge(end, start):
            view.add_edge(start, end, relation=words, predicate="", role="", date="", sources=[], fact="")
    return view


# Building the page ---------------------------------------------------------------------------


def _network(G: nx.Graph) -> tuple[Network, bool, list[dict[str, object]]]:
    """A pyvis Network holding ``G``; True when the browser should lay it out with physics; the
    groups a large graph opens as (``_groups``), none for a small one."""
    from pyvis.network import Network

    large = G.number_of_nodes() > LAYOUT_THRESHOLD
    physics = 1 < G.number_of_nodes() and not large
    # directed=True only spares pyvis's quadratic duplicate-edge check: networkx graphs have none,
    # and arrows are set per edge from G.is_directed().
    network = Network(directed=True, cdn_resources="in_line")
    network.node_ids = _Ids()  # pyvis tests membership in a list: O(n) per node and per edge
    positions = _positions(G) if large else {}
    centrality = nx.degree_centrality(G) if len(G) > 1 else dict.fromkeys(G, 0.0)
    top = max(centrality.values(), default=0.0) or 1.0
    group_of, groups = _groups(G, positions, centrality) if large else ({}, [])
    ids = {node: str(node) for node in G}
    for node, data in G.nodes(data=True):
        family, shape = KIND_STYLES.get(data.get("kind_iri", ""), FALLBACK_STYLE)
        extra = {"x": positions[node][0], "y": positions[node][1]} if positions else {}
        if node in group_of:
            extra["community"] = group_of[node]
        network.add_node(
            ids[node],
            label=str(data.get("label") or node),
            shape=shape,
            color=FAMILIES[family][1],
            family=FAMILIES[family][0],
            size=round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * centrality[node] / top, 1),
            iri=str(data.get("iri", node)),
            kind=str(data.get("kind") or "other"),
            kindIri=str(data.get("kind_iri", "")),
            date=str(data.get("date", "")),
            sources=[str(s) for s in data.get("sources", [])],
            centrality=round(centrality[node], 4),
            **extra,
        )
    arrows = "to" if G.is_directed() else ""
    for number, (start, end, data) in enumerate(G.edges(data=True)):
        network.add_edge(
            ids[start],
            ids[end],
            id=f"e{number}",
            label=str(data.get("relation", "")),
            relation=str(data.get("relation", "")),
            role=str(data.get("role", "")),
            date=str(data.get("date", "")),
            sources=[str(s) for s in data.get("sources", [])],
            arrows=arrows,
        )
    _set_options(network, physics, large)
    return network, physics, groups


def _groups(G: nx.Graph, positions: Mapping[object, tuple[float, float]],
            centrality: Mapping[object, float]) -> tuple[dict[object, int], list[dict[str, object]]]:
    """The communities a large view opens as, one node each (expanded by a click), instead of
    thousands of dots: Louvain communities (``_communities``) of at least ``MIN_GROUP`` nodes,
    each named after its most central member ("Gwangju and 41 more"), coloured as most of its
    members, placed at their centre. Returns each grouped node's group, and the groups."""
    simple = nx.Graph()
    simple.add_nodes_from(G)
    simple.add_edges_from(G.edges())
    order = {node: number for number, node in enumerate(G)}
    group_of: dict[object, int] = {}
    groups: list[dict[str, object]] = []
    parts = [part for part in _communities(simple, order) if len(part) >= MIN_GROUP]
    # the groups on a ring, each its arc's width from the next so that the names do not run into one
    # another: at the centres of their communities (the detailed layout) they crowd one another
    ring = nx.circular_layout(range(len(parts)), scale=GROUP_SPACING * len(parts) / (2 * math.pi))
    overview = {number: (float(x), float(y)) for number, (x, y) in ring.items()} if len(parts) > 1 else {}
    for part in parts:
        members = sorted(part, key=order.__getitem__)
        hub = max(members, key=lambda node: (centrality[node], -order[node]))
        families = Counter(KIND_STYLES.get(G.nodes[n].get("kind_iri", ""), FALLBACK_STYLE)[0] for n in members)
        family = min(families, key=lambda f: (-families[f], f))
        number = len(groups)
        group_of.update(dict.fromkeys(members, number))
        groups.append({
            "id": number,
            "label": f"{_shortened(str(G.nodes[hub].get('label') or hub))} and {len(members) - 1} more",
            "size": len(members),
            "color": FAMILIES[family][1],
            "family": FAMILIES[family][0],
            "x": round(overview[number][0] if overview else sum(positions[n][0] for n in members) / len(members), 1),
            "y": round(overview[number][1] if overview else sum(positions[n][1] for n in members) / len(members), 1),
        })
    return group_of, groups


def _shortened(name: str, most: int = 36) -> str:
    """A name cut at a word to at most ``most`` characters, with an ellipsis: a group's name is its
    hub's, and a long one ("European Charter for the Safeguarding of…") would run into the next.

    >>> _shortened("European Charter for the Safeguarding of Human Rights in the City")
    'European Charter for the…'
    """
    if len(name) <= most:
        return name
    return name[:most].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Ids(list):
    """pyvis's list of node ids with set-speed membership tests (pyvis only appends and tests)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[object] = set()

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def append(self, item: object) -> None:
        super().append(item)
        self._members.add(item)


def _set_options(network: Network, physics: bool, large: bool) -> None:
    """vis-network options, through pyvis's Options object (physics, stabilization, interaction, edges)."""
    network.force_atlas_2based(gravity=-60, central_gravity=0.01, spring_length=120, spring_strength=0.08,
                               damping=0.5, overlap=0)
    network.toggle_physics(physics)
    stabilization = network.options.physics.stabilization
    stabilization.iterations = STABILIZATION_ITERATIONS
    stabilization.updateInterval = 25
    network.options.physics.minVelocity = 1.5
    interaction = network.options.interaction
    interaction.hover = True
    interaction.tooltipDelay = 150
    interaction.hideEdgesOnDrag = large
    interaction.hideEdgesOnZoom = large
    network.set_edge_smooth("continuous")
    network.options.edges.smooth.enabled = not large
    options = json.loads(network.options.to_json())
    options["layout"] = {"improvedLayout": not large and physics, "randomSeed": LAYOUT_SEED}
    options["nodes"] = {"borderWidth": 1, "font": {"size": 14, "color": "#1f2937", "strokeWidth": 3, "strokeColor": "#ffffff"}}
    options["edges"].update({
        "color": {"color": "#94a3b8", "highlight": "#1f2937", "hover": "#475569", "inherit": False},
        "font": {"size": 10, "color": "#475569", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
        # relation names appear when zoomed in (at 90% and more); hover and the panel say them always
        "scaling": {"label": {"drawThreshold": 9}},
        "arrows": {"to": {"scaleFactor": 0.5}},
        "width": 1,
        "selectionWidth": 2,
    })
    network.options = options


def _positions(G: nx.Graph) -> dict[object, tuple[float, float]]:
    """Pixel positions about 60 px apart, from ``_layout`` on ``G`` as a simple undirected graph."""
    simple = nx.Graph()
    simple.add_nodes_from(G)
    simple.add_edges_from(G.edges())  # no attributes: a "weight" of G's own would change the layout
    layout = _layout(simple, _SPACING * math.sqrt(len(G)))
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in layout.items()}


def _layout(H: nx.Graph, radius: float) -> dict[object, tuple[float, float]]:
    """Positions of ``H``'s nodes in a disc of about ``radius``, laid out community by community.

    spring_layout costs O(n²) a step (30-40 s in all at 5,000 nodes, half an hour at 20,000 on a
    shared 2-core machine), so a graph of more than LAYOUT_PART nodes is cut up: into connected
    components, packed side by side; a component into communities, whose graph is laid out (the
    same way, if it is large too), then each community in a disc of its own around its place, sized
    for its node count. Each spring_layout stays small, and the picture shows the clusters a reader
    looks for. A node's ``size`` is the number of nodes it stands for (1 if not given).
    """
    if len(H) <= LAYOUT_PART:
        return _spring(H, radius)
    order = {node: number for number, node in enumerate(H)}
    components = _in_order(nx.connected_components(H), order)
    if len(components) > 1:
        return _pack([_layout(_subgraph(H, part, order), _radius(H, part)) for part in components])
    parts = _communities(H, order)
    if len(parts) == 1 or len(parts) > len(H) / 2:  # nothing to group by
        return _around_hubs(H, radius, order)
    quotient = _quotient(H, parts)
    centres = _layout(quotient, LAYOUT_SPREAD * radius)
    positions = {}
    for number, part in enumerate(parts):
        x0, y0 = centres[number]
        for node, (x, y) in _layout(_subgraph(H, part, order), _radius(H, part)).items():
            positions[node] = (x0 + x, y0 + y)
    return positions


def _communities(H: nx.Graph, order: Mapping[object, int]) -> list[set[object]]:
    """Louvain communities of ``H``, found on the graph of its label-propagation communities.

    Label propagation (linear time) merges the obvious groups, so Louvain's pure-Python passes run
    on a graph about 8 times smaller: on the 20,000-node benchmark graph 1.3 s of CPU instead of
    9.3 s, for a modularity of 0.52 instead of 0.54.
    """
    found = nx.community.fast_label_propagation_communities(H, weight="weight", seed=LAYOUT_SEED)
    groups = _in_order(found, order)
    merged = nx.community.louvain_communities(_quotient(H, groups), weight="weight", seed=LAYOUT_SEED)
    return _in_order((set().union(*(groups[number] for number in part)) for part in merged), order)


def _around_hubs(H: nx.Graph, radius: float, order: Mapping[object, int]) -> dict[object, tuple[float, float]]:
    """Positions for a connected graph without communities, mostly a hub and its leaves (an entity
    and the thousands it relates to): the leaves (one neighbour) go around their hub on an
    equidistant spiral, the rest is laid out as usual: 0.2 s for a star of 2,000 nodes, where
    spring_layout took 16 s (and O(n²) beyond). A graph with no leaves is still laid out whole
    (a complete graph of 600 nodes: 4 s; rare).
    """
    leaves: dict[object, list[object]] = {}
    for node in H:
        if H.degree(node) == 1 and H.degree(hub := next(iter(H[node]))) > 1:
            leaves.setdefault(hub, []).append(node)
    if not leaves:
        return _spring(H, radius)
    folded = {leaf for group in leaves.values() for leaf in group}
    positions = _layout(_subgraph(H, set(H) - folded, order), radius)
    for hub, group in leaves.items():
        spiral = nx.spiral_layout([hub, *group], scale=_SPACING * math.sqrt(len(group) + 1), equidistant=True)
        dx, dy = positions[hub][0] - spiral[hub][0], positions[hub][1] - spiral[hub][1]
        positions.update({leaf: (x + dx, y + dy) for leaf, (x, y) in spiral.items() if leaf != hub})
    return positions


def _quotient(H: nx.Graph, parts: list[set[object]]) -> nx.Graph:
    """The graph of ``parts`` (node i is ``parts[i]``, its ``size`` the nodes it stands for), with
    an edge weighing as much as the edges of ``H`` between two parts, and a loop as much as those
    within one: Louvain's modularity needs them (without, it merges 5,000 nodes into 10 parts, not
    30); spring_layout ignores them."""
    quotient = nx.Graph()
    part_of = {}
    for number, part in enumerate(parts):
        quotient.add_node(number, size=_size(H, part))
        part_of.update(dict.fromkeys(part, number))
    for start, end, weight in H.edges(data="weight", default=1):
        a, b = part_of[start], part_of[end]
        quotient.add_edge(a, b, weight=weight + (quotient[a][b]["weight"] if quotient.has_edge(a, b) else 0))
    return quotient


def _pack(layouts: list[dict[object, tuple[float, float]]]) -> dict[object, tuple[float, float]]:
    """Connected components side by side in rows, largest first, each in its bounding box.

    One spring layout of them all would space a large component and an isolated node alike, so the
    large ones would overlap; in rows, each keeps its own room, as graphviz's and igraph's packing do.
    """
    boxes = []
    for layout in sorted(layouts, key=len, reverse=True):  # stable: components of one size keep their order
        xs, ys = [x for x, _ in layout.values()], [y for _, y in layout.values()]
        width, height = max(xs) - min(xs) + 2 * _SPACING, max(ys) - min(ys) + 2 * _SPACING
        boxes.append((layout, min(xs), min(ys), width, height))
    row_width = max(max(box[3] for box in boxes), math.sqrt(sum(box[3] * box[4] for box in boxes)))
    positions: dict[object, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for layout, left, top, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        positions.update({node: (x + px - left, y + py - top) for node, (px, py) in layout.items()})
        x, row_height = x + width, max(row_height, height)
    return positions


def _subgraph(H: nx.Graph, part: set[object], order: Mapping[object, int]) -> nx.Graph:
    """``H.subgraph(part)`` with nodes and edges in ``H``'s order, not the order of a set of strings,
    which changes from run to run: spring_layout's seeded start and Louvain follow that order."""
    sub = nx.Graph()
    members = sorted(part, key=order.__getitem__)
    sub.add_nodes_from((node, H.nodes[node]) for node in members)
    sub.add_edges_from((node, other, data) for node in members for other, data in H[node].items() if other in part)
    return sub


def _in_order(parts: Iterable[set[object]], order: Mapping[object, int]) -> list[set[object]]:
    return sorted(parts, key=lambda part: min(map(order.__getitem__, part)))


def _size(H: nx.Graph, part: set[object]) -> int:
    return sum(H.nodes[node].get("size", 1) for node in part)


def _radius(H: nx.Graph, part: set[object]) -> float:
    """The radius of a disc for ``part``'s nodes (and those they stand for), about 60 px apart."""
    return _SPACING * math.sqrt(_size(H, part))


def _spring(H: nx.Graph, radius: float) -> dict[object, tuple[float, float]]:
    layout = nx.spring_layout(H, seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS, weight="weight", scale=radius)
    return {node: (float(x), float(y)) for node, (x, y) in layout.items()}


def _legend(G: nx.Graph) -> list[dict[str, object]]:
    """The kinds ``G`` holds, by family (in ``FAMILIES``' order), most numerous first, each with its
    label, family, colour, shape and count."""
    labels: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for _, data in G.nodes(data=True):
        iri = str(data.get("kind_iri", ""))
        labels.setdefault(iri, str(data.get("kind") or "other"))
        counts[iri] += 1
    legend = []
    order = list(FAMILIES)
    for iri, count in sorted(counts.items(), key=lambda item: (
            order.index(KIND_STYLES.get(item[0], FALLBACK_STYLE)[0]), -item[1], labels[item[0]])):
        family, shape = KIND_STYLES.get(iri, FALLBACK_STYLE)
        name, color = FAMILIES[family]
        legend.append({"iri": iri, "label": labels[iri], "count": count, "color": color, "shape": shape,
                       "family": name})
    return legend


@lru_cache(maxsize=1)
def _vis_network() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, from the copy the pyvis package ships (newest version)."""
    import pyvis

    root = Path(pyvis.__file__).parent
    for folder in (root / "templates" / "lib", root / "lib"):
        versions = sorted(folder.glob("vis-*/vis-network.min.js"), key=lambda p: _version_key(p.parent.name))
        if versions:
            script = versions[-1]
            return script.read_text("utf-8"), (script.parent / "vis-network.css").read_text("utf-8")
    raise HRGraphError(f"vis-network not found in the pyvis package at {root}; reinstall pyvis>=0.3.2")


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def _template_text(name: str) -> str:
    return (_TEMPLATES / name).read_text("utf-8")


def script_json(value: object) -> str:
    """JSON that can sit inside <script>: no raw ``<``, ``>``, ``&``, ``'``, U+2028/2029 or lone surrogate.

    >>> print(script_json({"label": "</script><img src=x>&"}))
    {"label": "\\u003c/script\\u003e\\u003cimg src=x\\u003e\\u0026"}
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return _UNSAFE_PATTERN.sub(lambda m: _UNSAFE_IN_SCRIPT.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def _inline_script(code: str) -> str:
    """JavaScript that cannot end its <script> element early (``</script`` or ``<!--`` in a string)."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def _inline_style(css: str) -> str:
    if re.search(r"</style", css, re.IGNORECASE):
        raise OutputError("a stylesheet to inline contains '</style'")
    return css


def _names_kind(text: str, iri: str, label: str) -> bool:
    wanted = text.strip().casefold()
    local = re.split(r"[#/]", iri)[-1]
    return wanted in {label.casefold(), iri.casefold(), local.casefold(), _curie(iri).casefold()}


def _curie(iri: str) -> str:
    return f"hrg:{iri[len(str(HRG)):]}" if iri.startswith(str(HRG)) else iri
