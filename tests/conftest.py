"""Shared fixtures: the bundled knowledge graph, loaded once per test session."""

from __future__ import annotations

import pytest
from rdflib import Graph

import hrgraph


@pytest.fixture(scope="session")
def kg() -> Graph:
    """The bundled graph: ontology plus every data file in graph/."""
    return hrgraph.load()
