"""``hrgraph site``: the entity pages, ontology page, VoID and dumps as static files for any web host.

The layout mirrors the server's paths with ``.html`` added to pages, so every link is relative and
resolves to a file of the site::

    index.html  explore.html  cities.html organizations.html...  explorer/data.json explorer/*.js
    ontology.html  void.ttl  .well-known/void  dump.ttl dump.nt dump.jsonld dump.rdf dump.trig
    city/rosario.html  city/rosario.ttl  city/rosario.jsonld  city/rosario.nt
    view/city/rosario.html      the neighbourhood view, sharing static/vis-network.min.js
    static/site.css  static/vis-network.min.js  static/vis-network.css  static/view.js  static/view.css

Every file is written atomically and only when its bytes change; other files in the directory are
left alone. The query page and the SPARQL endpoint need a server: they are not part of the site.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rdflib import Graph, URIRef

from hrgraph.entities import label_of
from hrgraph.errors import OutputError
from hrgraph.explorer.web import explorer_files
from hrgraph.namespaces import BASE
from hrgraph.pages import (
    DUMP_FORMATS,
    ENTITY_FORMATS,
    Links,
    entity_data,
    entity_page,
    entity_pages,
    local_path,
    ontology_page,
    site_assets,
    void_graph,
)
from hrgraph.rdf.export import serialize

__all__ = ["write_site"]


def write_site(graph: Graph, directory: str | os.PathLike[str], *, base_url: str = BASE,
               ontology: Graph | None = None,
               progress: Callable[[Sequence[URIRef]], Iterable[URIRef]] = iter) -> tuple[int, int]:
    """Write the site of ``graph`` into ``directory``; returns (files written, files unchanged).

    ``base_url`` is where the site will be published: the VoID description names the dumps under
    it. ``ontology`` (the ontology alone) puts data and ontology in separate graphs of ``dump.trig``.
    ``progress`` walks the entities whose pages are written (most of the time): the command line
    shows a bar there on a terminal.
    """
    from hrgraph.atomic import write_atomic
    from hrgraph.projection import project
    from hrgraph.render import neighbourhood, render_view, view_assets

    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise OutputError(f"{root}: exists and is not a directory")
    root.mkdir(parents=True, exist_ok=True)
    if not base_url.endswith("/"):
        base_url += "/"
    counts = [0, 0]

    def put(name: str, data: bytes | str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        changed = write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data, overwrite=True)
        counts[0 if changed else 1] += 1

    top = Links(root="", ext=".html")
    for name, data in explorer_files(graph):  # index.html, explore.html, cities.html..., explorer/*
        put(name, data)
    put("ontology.html", ontology_page(graph, top))
    void = serialize(void_graph(graph, base_url, sparql=False), "turtle")
    put("void.ttl", void)
    put(".well-known/void", void)
    for suffix, name in DUMP_FORMATS.items():
        put(f"dump.{suffix}", serialize(graph, name, ontology=ontology if name == "trig" else None))
    for name, text in view_assets().items():
        put(f"static/{name}", text)
    put("static/site.css", site_assets()["site.css"])  # the editor's and tables' scripts serve the query page only

    projection = project(graph, "full")
    for iri in progress(entity_pages(graph)):
        path = local_path(iri) or ""
        depth = path.count("/")
        in_view = str(iri) in projection
        put(f"{path}.html", entity_page(graph, iri, Links(root="../" * depth, ext=".html"), view=in_view))
        data = entity_data(graph, iri)
        for suffix, name in ENTITY_FORMATS.items():
            put(f"{path}.{suffix}", serialize(data, name))
        if in_view:
            view = neighbourhood(projection, str(iri), 1)
            assets = "../" * (depth + 1) + "static/"
            put(f"view/{path}.html", render_view(view, title=f"{label_of(graph, iri)} and its neighbours",
                                                  assets=assets))
    return counts[0], counts[1]
