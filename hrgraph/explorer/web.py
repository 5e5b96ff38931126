"""The explorer's pages, for the server (``routes``) and for a static site (``explorer_files``).

Pages: ``/`` (the movement at a glance: counts, map, timeline, networks, a search box), ``/explore``
(faceted search: one filtered set as a table, on the map, on the timeline), one index page per kind
(``/cities``, ``/organizations``...), and ``/explorer/*``: the index as ``data.json`` (and as
``data.js``, which a page opened from disk can load too), the explorer's script and style, and the
libraries it bundles (Leaflet, topojson-client, Natural Earth outlines from world-atlas) with their
licences. Nothing is fetched from another host. In a static site the pages end in ``.html``.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib.resources import files
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from hrgraph.explorer.data import COMMITMENTS, KINDS, build_index
from hrgraph.namespaces import ONTOLOGY_IRI
from hrgraph.pages import DUMP_FORMATS, Links, entity_pages, render
from hrgraph.rdf.formats import EXPORT_FORMATS

__all__ = ["FACETS", "asset", "explorer_files", "home_page", "index_json", "kind_page", "routes", "search_page", "warm"]

#: The search page's facets, in the order shown: the name in the address, the heading.
FACETS = (("kind", "Kind"), ("commitment", "Kind of commitment"), ("continent", "Continent"),
          ("country", "Country"), ("network", "Network"), ("instrument", "Instrument"))
_STATIC = files("hrgraph") / "explorer" / "static"
#: The files under explorer/: their place in the package and their media type.
_ASSETS = {
    "explorer.js": ("explorer.js", "text/javascript; charset=utf-8"),
    "explorer.css": ("explorer.css", "text/css; charset=utf-8"),
    "leaflet.js": ("vendor/leaflet.js", "text/javascript; charset=utf-8"),
    "leaflet.css": ("vendor/leaflet.css", "text/css; charset=utf-8"),
    "topojson-client.min.js": ("vendor/topojson-client.min.js", "text/javascript; charset=utf-8"),
    "LICENSE-leaflet.txt": ("vendor/LICENSE-leaflet.txt", "text/plain; charset=utf-8"),
    "LICENSE-topojson-client.txt": ("vendor/LICENSE-topojson-client.txt", "text/plain; charset=utf-8"),
    "LICENSE-world-atlas.txt": ("vendor/LICENSE-world-atlas.txt", "text/plain; charset=utf-8"),
}


def index_json(index: dict[str, Any]) -> bytes:
    """The index as compact, deterministic JSON."""
    return json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _as_script(name: str, data: bytes) -> bytes:
    """JSON as a script that sets ``window.NAME``: loadable under the pages' CSP and from disk."""
    return b"window." + name.encode() + b" = " + data + b";\n"


@lru_cache(maxsize=None)
def asset(name: str) -> tuple[bytes, str] | None:
    """A file of explorer/ that does not depend on the graph: (bytes, media type), or None."""
    if name == "world.js":  # Natural Earth 1:110m country outlines, as TopoJSON
        return _as_script("hrgraphWorld", (_STATIC / "vendor" / "countries-110m.json").read_bytes()), \
            "text/javascript; charset=utf-8"
    if name not in _ASSETS:
        return None
    where, media = _ASSETS[name]
    return (_STATIC / where).read_bytes(), media


def _kinds(index: dict[str, Any]) -> list[dict[str, Any]]:
    counts = {kind: 0 for kind in KINDS}
    for entity in index["entities"]:
        counts[entity["kind"]] += 1
    return [{"kind": kind, "title": KINDS[kind]["title"], "page": KINDS[kind]["page"], "count": counts[kind]}
            for kind in KINDS]


def _networks(index: dict[str, Any]) -> list[dict[str, Any]]:
    members: dict[str, list[dict[str, Any]]] = {e["id"]: [] for e in index["entities"] if e.get("network")}
    for entity in index["entities"]:
        for network in entity["networks"]:
            members.setdefault(network, []).append(entity)
    labels = {e["id"]: e["label"] for e in index["entities"]}
    rows = [{"id": net, "label": labels.get(net, net), "members": len(found),
             "cities": sum(1 for e in found if e["kind"] == "city")} for net, found in members.items()]
    return sorted(rows, key=lambda r: (-r["cities"], -r["members"], r["label"].casefold()))


def home_page(graph: Graph, index: dict[str, Any], links: Links, *, server: bool) -> str:
    """The home page: counts by kind, the map, the timeline, the networks, a search box; no list of everything."""
    return render(
        "explorer-home.html", links,
        title="hrgraph: the Human Rights Cities knowledge graph",
        kinds=_kinds(index),
        facts=sum(1 for f in index["facts"] if f["first"] is not None),
        networks=_networks(index),
        triples=len(graph),
        entities=len(entity_pages(graph)),
        license=str(graph.value(URIRef(ONTOLOGY_IRI), DCTERMS.license) or ""),
        server=server,
        dumps=[(links.file(f"dump.{suffix}"), EXPORT_FORMATS[name].description) for suffix, name in DUMP_FORMATS.items()],
    )


def search_page(links: Links, *, server: bool) -> str:
    """The faceted search page; its script reads the index and the address."""
    return render("explorer-search.html", links, title="hrgraph: explore", facets=FACETS, server=server)


def kind_page(index: dict[str, Any], kind: str, links: Links) -> str:
    """Every entity of one kind, by name, linked to its page: nothing is left out of the site's index."""
    labels = {e["id"]: e["label"] for e in index["entities"]}
    items = [{**e, "countryLabel": labels.get(e["country"] or "", ""), "last": e["years"][-1] if e["years"] else None}
             for e in index["entities"] if e["kind"] == kind]
    items.sort(key=lambda e: (e["label"].casefold(), e["id"]))
    return render("explorer-kind.html", links, title=KINDS[kind]["title"], kind=kind, items=items,
                  kinds=_kinds(index), commitments=COMMITMENTS)


def _pages(graph: Graph, index: dict[str, Any], links: Links, server: bool) -> Iterator[tuple[str, Callable[[], str]]]:
    """Every explorer page by name (without extension), made when asked."""
    yield "index", lambda: home_page(graph, index, links, server=server)
    yield "explore", lambda: search_page(links, server=server)
    for kind, spec in KINDS.items():
        yield spec["page"], lambda kind=kind: kind_page(index, kind, links)  # type: ignore[misc]


def explorer_files(graph: Graph) -> Iterator[tuple[str, bytes]]:
    """The explorer's files of a static site: (path, bytes), pages ending in .html."""
    index = build_index(graph)
    for name, make in _pages(graph, index, Links(root="", ext=".html"), server=False):
        yield f"{name}.html", make().encode("utf-8")
    data = index_json(index)
    yield "explorer/data.json", data
    yield "explorer/data.js", _as_script("hrgraphData", data)
    for name in (*_ASSETS, "world.js"):
        found = asset(name)
        assert found is not None
        yield f"explorer/{name}", found[0]


def _index(state: Any) -> dict[str, Any]:
    return state.cached("explorer-index", lambda: build_index(state.graph))


def _data(state: Any) -> bytes:
    return state.cached("explorer-json", lambda: index_json(_index(state)))


def _page(state: Any, name: str) -> str:
    return state.cached(("explorer-page", name), lambda: dict(_pages(state.graph, _index(state), Links(),
                                                                      server=True))[name]())


def warm(state: Any) -> None:
    """Build what the home page needs (the index, its data, the page) for a snapshot ahead of the
    first visit, which then costs no more than any other (about a second on the bundled graph)."""
    _data(state)
    _page(state, "index")


def routes(snapshot: Callable[[], Any]) -> list[Any]:
    """The server's explorer routes; ``snapshot()`` gives the current graph (``.graph``) and a cache
    (``.cached(key, make)``) that lives as long as that graph."""
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    def page_route(path: str, name: str) -> Route:
        def answer(request: Request) -> Response:
            return HTMLResponse(_page(snapshot(), name))

        return Route(path, answer, methods=["GET"])

    def files_route(request: Request) -> Response:
        name = request.path_params["name"]
        state = snapshot()
        if name in ("data.json", "data.js"):
            data = _data(state)
            if name == "data.js":
                return Response(_as_script("hrgraphData", data), media_type="text/javascript; charset=utf-8")
            return Response(data, media_type=mimetypes.types_map[".json"])  # a plain JSON file, not an RDF format
        found = asset(name)
        if found is None:
            raise HTTPException(404)
        return Response(found[0], media_type=found[1], headers={"Cache-Control": "public, max-age=3600"})

    return [page_route("/", "index"), page_route("/index.html", "index"), page_route("/explore", "explore"),
            *(page_route(f"/{spec['page']}", spec["page"]) for spec in KINDS.values()),
            Route("/explorer/{name}", files_route, methods=["GET"])]
