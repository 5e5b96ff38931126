"""SPARQL in hrgraph: named queries and their parameters (:mod:`.query`), what may run
(:mod:`.safety`), the one deadline runner (:mod:`.deadline`) and a little lexis (:mod:`.lexis`)."""

from hrgraph.sparql.query import (
    DEFAULT_MAX_ROWS,
    PARAMETER_TYPES,
    Column,
    NamedQuery,
    Parameter,
    QueryResult,
    as_query,
    bind,
    bind_parameters,
    entail,
    get_query,
    library,
    predeclare,
    run_query,
)
from hrgraph.sparql.safety import check_query, check_update, refuse_service

__all__ = [
    "DEFAULT_MAX_ROWS",
    "PARAMETER_TYPES",
    "Column",
    "NamedQuery",
    "Parameter",
    "QueryResult",
    "as_query",
    "bind",
    "bind_parameters",
    "check_query",
    "check_update",
    "entail",
    "get_query",
    "library",
    "predeclare",
    "refuse_service",
    "run_query",
]
