"""The project's IRIs: the ontology namespace, the data namespaces and the fixed prefix map.

The prefix map is the single source of prefixes for every serialization, so that exports are
byte-identical from run to run and data diffs stay readable.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

__all__ = [
    "BASE",
    "DATA_KINDS",
    "HRG",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "QUERY_PREFIXES",
    "ROLE",
    "SH",
    "data_namespace",
]

BASE = "https://w3id.org/hrgraph/"
ONTOLOGY_IRI = BASE + "ontology"
HRG = Namespace(ONTOLOGY_IRI + "#")
ROLE = Namespace(BASE + "role/")
SH = Namespace("http://www.w3.org/ns/shacl#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
VANN = Namespace("http://purl.org/vocab/vann/")

#: Kinds of data resource, each with its own IRI path: https://w3id.org/hrgraph/{kind}/{slug}.
DATA_KINDS = (
    "continent",
    "country",
    "region",
    "city",
    "localgov",
    "organization",
    "quantity",
    "membership",
    "instrument",
    "artwork",
    "principle",
    "event",
    "claim",
    "series",
    "person",
    "source",
)


def data_namespace(kind: str) -> Namespace:
    """The namespace of one kind of data resource, e.g. ``data_namespace("city").rosario``."""
    if kind not in DATA_KINDS:
        raise ValueError(f"unknown data kind {kind!r}; expected one of {', '.join(DATA_KINDS)}")
    return Namespace(f"{BASE}{kind}/")


#: Every prefix hrgraph writes, in a fixed order. Serializers print only the ones a graph uses.
PREFIXES: dict[str, Namespace] = {
    "hrg": HRG,
    "role": ROLE,
    **{kind: data_namespace(kind) for kind in DATA_KINDS},
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "geo": GEO,
    "geosparql": GEOSPARQL,
    "org": Namespace(str(ORG)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "schema": Namespace(str(SDO)),
    "sh": SH,
    "skos": Namespace(str(SKOS)),
    "vann": VANN,
    "xsd": Namespace(str(XSD)),
}


#: The prefixes a query may use without declaring them (``hrgraph query``, the server, the browser's
#: editor; ``hrgraph prefixes`` lists them): hrgraph's own, then those of VoID, DCAT and Wikidata,
#: which the service description and the Wikidata links use. A query's own PREFIX lines win.
QUERY_PREFIXES: dict[str, Namespace] = {
    **PREFIXES,
    "dcat": Namespace(str(DCAT)),
    "void": Namespace(str(VOID)),
    "wd": Namespace("http://www.wikidata.org/entity/"),
    "wdt": Namespace("http://www.wikidata.org/prop/direct/"),
}
