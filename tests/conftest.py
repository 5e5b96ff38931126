"""Shared fixtures: the bundled knowledge graph, and a real Oxigraph SPARQL server on loopback."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from rdflib import Graph

#: The engine's tests (queries, analysis, views, server, exports, CLI) run on a frozen graph, the
#: seed-era data of tests/fixtures/seed-graph: their known answers and regression pins stay put
#: while the curated data grows. The curated data itself is tested as it is, through ``live_kg``
#: (tests/test_data_integrity.py, test_seed_facts.py, test_owl_dl.py...).
SEED_GRAPH_DIR = Path(__file__).resolve().parent / "fixtures" / "seed-graph"
LIVE_GRAPH_DIR = Path(__file__).resolve().parent.parent / "graph"
os.environ["HRGRAPH_GRAPH_DIR"] = str(SEED_GRAPH_DIR)
#: What hrgraph keeps between runs (validation reports, Wikidata answers) goes to a directory of this
#: session, never into the home of whoever runs the tests.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hrgraph-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)
#: Tables fit $COLUMNS when it is set (pytest-xdist's workers set it): the tests that want a width pass
#: their own, so every test sees the same terminal whoever runs it and however.
os.environ.pop("COLUMNS", None)

import hrgraph  # noqa: E402  (after the data directory is chosen)


@pytest.fixture(scope="session")
def kg() -> Graph:
    """The frozen test graph: ontology plus tests/fixtures/seed-graph (what hrgraph loads by default here)."""
    return hrgraph.load()


@pytest.fixture(scope="session")
def live_kg() -> Graph:
    """The curated graph as it is: ontology plus every data file in graph/."""
    return hrgraph.load([LIVE_GRAPH_DIR])


@pytest.fixture(scope="session")
def explorer_graph() -> Graph:
    """The ontology and tests/fixtures/explorer.ttl: five cities, three with coordinates (see that file)."""
    from hrgraph.paths import ONTOLOGY_FILE
    from hrgraph.rdf.files import parse_file

    graph = Graph()
    graph += parse_file(ONTOLOGY_FILE)
    graph.parse(Path(__file__).parent / "fixtures" / "explorer.ttl", format="turtle")
    return graph


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on."""
    return _free_port()


STARTUP_SECONDS = 20.0


def _free_port() -> int:
    """A loopback port nothing listens on (chosen by the OS)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server() -> Iterator[str]:
    """``oxigraph serve`` on an empty store in a temporary directory; yields its base URL."""
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if binary is None:
        pytest.fail("no oxigraph binary: pip install '.[test]' (it has oxigraph>=0.4)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="hrgraph-oxigraph-") as location, tempfile.TemporaryFile() as log:
        command = [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"]
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(base: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:  # not listening yet
            time.sleep(0.05)
    state = "did not answer" if process.poll() is None else f"exited with status {process.returncode}"
    log.seek(0)
    output = log.read().decode("utf-8", errors="replace")
    pytest.fail(f"oxigraph serve at {base} {state} within {STARTUP_SECONDS:g} s; its output:\n{output}")


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    """The base URL of a running Oxigraph server, one per module."""
    with oxigraph_server() as base:
        yield base




# A real browser -----------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium, headless, asking nothing of the network by itself.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def browser_unavailable(reason: str) -> None:
    """Skip a browser test, or fail it under CI, where the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (apt-get install chromium)")
    pytest.skip(f"{reason}; browser tests skipped (install Debian's chromium, or set CI to make this an error)")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a browser of Playwright's own download); one per
    module, as Playwright's sync API runs one instance at a time."""
    if not CHROMIUM.is_file():
        browser_unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class WatchedPage:
    """A page with what a person would not want to see on it: console errors, dialogs, and requests
    to any host but the page's own (``origin``)."""

    page: Any
    origin: str
    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: int = 0

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.elsewhere == [], self.elsewhere
        assert self.dialogs == [], self.dialogs

    def _request(self, request: Any) -> None:
        self.requests += 1
        own = request.url == self.origin or request.url.startswith(self.origin.rstrip("/") + "/")
        if not (own or request.url.startswith(("data:", "about:", "blob:"))):
            self.elsewhere.append(request.url)


@pytest.fixture(scope="module")
def watch(chromium: Any) -> Callable[..., WatchedPage]:
    """``watch(origin, **page_options)``: a new page of the shared browser, watched (see WatchedPage)."""

    def open_page(origin: str, **options: Any) -> WatchedPage:
        page = chromium.new_page(**{"viewport": {"width": 1300, "height": 1000}, **options})
        seen = WatchedPage(page, origin)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.on("request", seen._request)
        return seen

    return open_page
