"""Entity pages: ``/{kind}/{slug}`` (HTML, or its data by ``Accept`` or a ``.ttl``/``.jsonld``/``.nt``/
``.rdf`` suffix), ``/view/{kind}/{slug}`` (its neighbourhood drawn) and ``/ontology``."""

from __future__ import annotations

from rdflib import RDFS, Graph, URIRef
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from hrgraph.entities import label_of, resolve
from hrgraph.errors import EntityNotFoundError, HRGraphError
from hrgraph.pages import Links, entity_data, entity_iri, entity_page, ontology_page, render
from hrgraph.rdf.export import serialize
from hrgraph.rdf.formats import EXPORT_FORMATS
from hrgraph.web.negotiation import (
    ENTITY_SUFFIXES,
    ENTITY_TYPES,
    HTML_OR_GRAPH,
    media_header,
    negotiate,
    preferred_languages,
)
from hrgraph.web.responses import html, text_response
from hrgraph.web.served import Snapshot
from hrgraph.web.state import AppState, state_of

__all__ = ["entity", "entity_view", "ontology", "ontology_file"]


def entity(request: Request) -> Response:
    """An entity's page or data: by suffix when the path has one, else by ``Accept``."""
    path = f"{request.path_params['kind']}/{request.path_params['slug']}"
    snapshot = state_of(request).served.snapshot
    iri, fmt = entity_iri(path), None
    if iri is None or iri not in snapshot.entities:
        stem, dot, suffix = path.rpartition(".")
        iri = entity_iri(stem) if dot else None
        fmt = ENTITY_SUFFIXES.get(suffix)
        if iri is None or fmt is None or iri not in snapshot.entities:
            return _not_found(request, path, snapshot)
        media = "text/html" if fmt == "html" else EXPORT_FORMATS[fmt].media_type
    else:
        chosen = negotiate(request.headers.get("accept"), ENTITY_TYPES)
        if chosen is None:
            return text_response(406, "no acceptable format: an entity is HTML, Turtle, N-Triples, JSON-LD "
                                      "or RDF/XML", {"Vary": "Accept"})
        media, fmt = chosen
    if fmt == "html":
        lang = _choose_language(snapshot.graph, iri, request)
        links = Links(root="../" * path.count("/"))
        page = snapshot.cached(("page", iri, lang), lambda: entity_page(
            snapshot.graph, iri, links, lang, view=str(iri) in snapshot.projection))
        return html(page)
    data = snapshot.cached(("data", iri, fmt), lambda: serialize(entity_data(snapshot.graph, iri), fmt))
    return Response(data, media_type=media_header(media), headers={"Vary": "Accept"})


def _not_found(request: Request, path: str, snapshot: Snapshot) -> Response:
    """404: as text, or as a page that suggests the entities with the closest names."""
    message = f"no entity at /{path}"
    wants_html = (negotiate(request.headers.get("accept"), [("text/html", "html"), ("text/plain", "text")])
                  or ("", ""))[1] == "html"
    if not wants_html:
        return text_response(404, message)
    suggestions = []
    try:
        resolve(snapshot.graph, path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    except EntityNotFoundError as error:
        for name in error.suggestions:
            try:
                iri = resolve(snapshot.graph, name)
            except HRGraphError:
                continue
            suggestions.append((name, Links(root="../" * path.count("/")).entity(iri)))
    except HRGraphError:
        pass
    page = render("error.html", Links(root="../" * path.count("/")), title="Not found", message=message,
                  suggestions=suggestions)
    return html(page, 404)


def _choose_language(graph: Graph, iri: URIRef, request: Request) -> str:
    """``?lang=`` or the first Accept-Language the entity has a label in; else English."""
    wanted = request.query_params.get("lang")
    candidates = [wanted] if wanted else preferred_languages(request.headers.get("accept-language"))
    labels = {(label.language or "").lower() for label in graph.objects(iri, RDFS.label)
              if getattr(label, "language", None)}
    for tag in candidates:
        for option in (tag, tag.split("-")[0]):
            if any(have == option or have.startswith(option + "-") for have in labels):
                return option
    return "en"


def entity_view(request: Request) -> Response:
    """An entity and its neighbours in the network, drawn (pyvis)."""
    from hrgraph.render import neighbourhood, render_view

    path = request.path_params["path"]
    snapshot = state_of(request).served.snapshot
    iri = entity_iri(path)
    if iri is None or str(iri) not in snapshot.projection:
        return text_response(404, f"no view of /{path}: it is not an entity of the network")

    def make() -> str:
        view = neighbourhood(snapshot.projection, str(iri), 1)
        title = f"{label_of(snapshot.graph, iri)} and its neighbours"
        return render_view(view, title=title, assets="../" * (path.count("/") + 1) + "static/")

    return html(snapshot.cached(("view", iri), make))


def ontology(request: Request) -> Response:
    """The ontology as a page or as data, by ``Accept``."""
    return _ontology_answer(state_of(request), negotiate(request.headers.get("accept"), HTML_OR_GRAPH))


def ontology_file(request: Request) -> Response:
    """``/ontology.ttl`` and the like: the ontology's data in the suffix's format."""
    fmt = ENTITY_SUFFIXES.get(request.path_params["suffix"])
    if fmt is None or fmt == "html":
        raise HTTPException(404)
    return _ontology_answer(state_of(request), (EXPORT_FORMATS[fmt].media_type, fmt))


def _ontology_answer(state: AppState, chosen: tuple[str, str] | None) -> Response:
    if chosen is None:
        return text_response(406, "no acceptable format: the ontology is HTML, Turtle, N-Triples, JSON-LD or RDF/XML")
    snapshot = state.served.snapshot
    if chosen[1] == "html":
        return html(snapshot.cached("ontology", lambda: ontology_page(snapshot.graph, Links())))
    data = snapshot.cached(("ontology", chosen[1]), lambda: serialize(state.ontology(), chosen[1]))
    return Response(data, media_type=media_header(chosen[0]), headers={"Vary": "Accept"})
