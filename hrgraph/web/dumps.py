"""The dataset as files: ``/dump.{ttl,nt,jsonld,rdf,trig}``, its VoID description (``/void``,
``/.well-known/void``, ``/void.ttl``...), and ``/static/*``, every script and style the pages use."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from hrgraph.pages import DUMP_FORMATS, site_assets, void_graph
from hrgraph.rdf.export import serialize, serialize_graphs
from hrgraph.rdf.formats import EXPORT_FORMATS
from hrgraph.sparql.dataset import named_graphs
from hrgraph.web.negotiation import ENTITY_SUFFIXES, GRAPH_TYPES, media_header, negotiate
from hrgraph.web.responses import text_response
from hrgraph.web.state import state_of

__all__ = ["dump", "static", "void", "void_file"]


def void(request: Request) -> Response:
    """The VoID description, by ``Accept``."""
    chosen = negotiate(request.headers.get("accept"), GRAPH_TYPES)
    if chosen is None:
        return text_response(406, "no acceptable format: VoID is Turtle, N-Triples, JSON-LD or RDF/XML")
    return _void_answer(request, chosen)


def void_file(request: Request) -> Response:
    """``/void.ttl`` and the like: the VoID description in the suffix's format."""
    fmt = ENTITY_SUFFIXES.get(request.path_params["suffix"])
    if fmt is None or fmt == "html":
        raise HTTPException(404)
    return _void_answer(request, (EXPORT_FORMATS[fmt].media_type, fmt))


def _void_answer(request: Request, chosen: tuple[str, str]) -> Response:
    snapshot = state_of(request).served.snapshot
    base = str(request.base_url)
    data = snapshot.cached(("void", base, chosen[1]),
                           lambda: serialize(void_graph(snapshot.graph, base, sparql=True), chosen[1]))
    return Response(data, media_type=media_header(chosen[0]), headers={"Vary": "Accept"})


def dump(request: Request) -> Response:
    """The default graph in one format; TriG: every named graph (the data, the ontology, and those
    updates made), or for a store served as it is, the data and the ontology."""
    suffix = request.path_params["suffix"]
    if suffix not in DUMP_FORMATS:
        raise HTTPException(404)
    name = DUMP_FORMATS[suffix]
    state = state_of(request)
    snapshot = state.served.snapshot

    def make() -> bytes:
        graphs = named_graphs(snapshot.graph) if name == "trig" else []
        if graphs:
            return serialize_graphs([(iri, Graph(store=snapshot.graph.store, identifier=iri)) for iri in graphs])
        if name == "trig":
            return serialize(snapshot.graph, "trig", ontology=state.ontology())
        return serialize(snapshot.graph, name)

    return Response(snapshot.cached(("dump", name), make),
                    media_type=media_header(EXPORT_FORMATS[name].media_type),
                    headers={"Content-Disposition": f'inline; filename="hrgraph.{suffix}"'})


def static(request: Request) -> Response:
    """A script or style of the pages, cached by the browser for an hour."""
    asset = _static_files().get(request.path_params["name"])
    if asset is None:
        raise HTTPException(404)
    text, media = asset
    return Response(text, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


@lru_cache(maxsize=1)
def _static_files() -> dict[str, tuple[str, str]]:
    """The scripts and styles the pages use, by file name, with their media types."""
    from hrgraph.render import view_assets

    media = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "txt": "text/plain; charset=utf-8"}
    both = {**view_assets(), **site_assets()}
    return {name: (text, media[name.rsplit(".", 1)[-1]]) for name, text in both.items()}
