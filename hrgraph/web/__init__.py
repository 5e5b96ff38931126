"""``hrgraph serve``: a SPARQL 1.1 Protocol endpoint and a browsable linked-data site over a graph.

``create_app(graph, settings=...)`` (:mod:`.app`) builds the Starlette application; ``run(graph,
settings)`` (:mod:`.server`) serves it with uvicorn. Routes, by area: ``/``, ``/explore``,
``/cities``... and ``/explorer/*`` (the explorer: :mod:`hrgraph.explorer.web`); ``/sparql`` (the
endpoint; with no query, its service description: :mod:`.protocol`); ``/{kind}/{slug}`` (an entity:
HTML, or Turtle, JSON-LD, N-Triples, RDF/XML by ``Accept`` or by a ``.ttl``/``.jsonld``/``.nt``/``.rdf``
suffix), ``/view/{kind}/{slug}`` (its neighbourhood as a pyvis view) and ``/ontology``
(:mod:`.entities`); ``/query`` (named queries and a SPARQL editor; ``/view?...`` shows an answer as a
network) and ``/relate`` (how two entities are related: ``relate``'s paths, in words and drawn:
:mod:`.query_page`); ``/.well-known/void`` and ``/void``, ``/dump.{ttl,nt,jsonld,rdf,trig}`` and
``/static/*``: every script and style comes from here (:mod:`.dumps`).

The server holds a dataset (:mod:`hrgraph.sparql.dataset`): the data and the ontology as named
graphs, their union as the default graph, which the pages and dumps read.

Safety. Queries go through :func:`hrgraph.sparql.run_query`: SERVICE is refused before evaluation
(allowed with ``allow_service``); FROM, FROM NAMED and the Protocol's graph parameters choose among the
graphs held, never fetching one; answers are cut at ``max_rows`` rows with an ``X-Truncated: true`` header. Each query runs in one of ``workers`` pre-forked worker
processes (:mod:`hrgraph.pool`, :mod:`.workers`), which also writes the answer's bytes; a worker still
busy at ``timeout`` seconds is killed and replaced (rdflib cannot be interrupted), and a request waits
at most ``timeout`` seconds for a free worker (then 503). Updates are refused unless ``enable_update``;
then they must come by POST from our own origin (``Origin``) and to a loopback or bound host name
(``Host``), LOAD is refused (allowed with ``allow_service``), and each update runs, in Oxigraph, in a
forked child on its own copy of the dataset, killed at the deadline
(:mod:`.served`: copy-and-swap, so readers never wait and a failed update changes nothing). Request
bodies over ``max_body`` bytes get 413 (read no further), URLs over ``max_url`` characters 414
(:mod:`.guard`).
"""

from hrgraph.web.app import create_app
from hrgraph.web.negotiation import negotiate, preferred_languages
from hrgraph.web.served import ServedGraph
from hrgraph.web.server import background, run, server
from hrgraph.web.settings import Settings

__all__ = ["ServedGraph", "Settings", "background", "create_app", "negotiate", "preferred_languages", "run", "server"]
