"""What every route of the app reads: the served graph, the settings, the query library, the worker
pool. One :class:`AppState` per app, on ``app.state.web``; a handler gets it with :func:`state_of`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rdflib import Graph
from starlette.requests import Request

from hrgraph.errors import Busy, QueryError
from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.pool import QueryPool
from hrgraph.rdf.files import parse_file
from hrgraph.sparql import NamedQuery, library
from hrgraph.web.forms import BadRequest
from hrgraph.web.responses import public, status_of
from hrgraph.web.served import ServedGraph
from hrgraph.web.settings import Settings
from hrgraph.web.workers import Job, QueryWorker

__all__ = ["AppState", "ad_hoc", "state_of"]


@dataclass
class AppState:
    """The app's parts; the pool's workers are forked with the graph served when they start."""

    served: ServedGraph
    settings: Settings
    queries: dict[str, NamedQuery] = field(default_factory=library)
    pool: QueryPool = field(init=False)
    _ontology: list[Graph] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pool = QueryPool(self.settings.workers, lambda: self.served.snapshot.graph,
                              partial(QueryWorker, settings=self.settings), timeout=self.settings.timeout)

    def ontology(self) -> Graph:
        """The ontology alone (the served graph holds it too), read once."""
        if not self._ontology:
            self._ontology.append(parse_file(ONTOLOGY_FILE))
        return self._ontology[0]

    async def execute(self, job: Job) -> Any:
        """A query worker's answer to ``job`` on the current snapshot, within the deadline."""
        try:
            answer = await self.pool.run(job)
        except Busy as error:
            raise BadRequest(503, str(error), {"Retry-After": "1"}) from None
        except QueryError as error:
            raise BadRequest(status_of(error), public(str(error))) from None
        if isinstance(answer, BadRequest):
            raise answer
        return answer


def state_of(request: Request) -> AppState:
    """The state of the app that ``request`` came to."""
    return request.app.state.web  # type: ignore[no-any-return]


def ad_hoc(text: str) -> NamedQuery:
    """SPARQL text from a request as a query without a name or parameters."""
    return NamedQuery.from_text(text, "<query>", "<query>")
