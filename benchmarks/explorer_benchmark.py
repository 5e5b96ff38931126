"""How long until the explorer is usable, in headless Chromium, on the bundled graph and on 5,000 places.

Serves a graph with ``hrgraph serve``'s app on loopback (``hrgraph.web.background``) and, as a
visitor who opens the page a few seconds after the server printed its address (``--settle``, while
the server prepares the home page), opens a page in Debian's Chromium through Playwright,
measuring the time from the request to the moment the
page's script says it is drawn and answers clicks (``window.hrgraphExplorer.ready``: the map's
markers, the timeline's bars, the facets), and counting what it drew:

- ``home``: the home page of the bundled graph (counts, the map, the timeline, the networks);
- ``explore``: the faceted search page of the bundled graph, then its map tab;
- ``home-5000``: the home page of a synthetic graph of 5,000 cities with coordinates, each a
  member of one of 20 networks from a year between 1990 and 2025.

The 5,000-node network view is measured by ``benchmarks/view_benchmark.py``. Prints a Markdown
table and, with ``--output FILE``, writes it there (``benchmarks/explorer-results.md``, linked from
the README). Times are wall-clock seconds on the machine that runs it: compare runs on one machine.

    .venv/bin/python benchmarks/explorer_benchmark.py --output benchmarks/explorer-results.md
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, XSD

import hrgraph
from hrgraph.namespaces import BASE, GEO, HRG
from hrgraph.web import Settings, background

CHROMIUM = "/usr/bin/chromium"
READY = "() => Boolean(window.hrgraphExplorer && window.hrgraphExplorer.ready)"
MARKERS = "() => document.querySelectorAll('.hrg-marker').length"


def synthetic_places(count: int, seed: int = 7) -> Graph:
    """``count`` cities with coordinates, a country, a source and a dated membership of one of 20 networks."""
    rng = random.Random(seed)
    graph = Graph()
    source = URIRef(f"{BASE}source/benchmark")
    graph.add((source, RDF.type, HRG.Source))
    graph.add((source, RDFS.label, Literal("Benchmark source", lang="en")))
    country = URIRef(f"{BASE}country/benchmark")
    graph.add((country, RDF.type, HRG.Country))
    graph.add((country, RDFS.label, Literal("Benchland", lang="en")))
    networks = [URIRef(f"{BASE}organization/network-{n}") for n in range(20)]
    for number, network in enumerate(networks):
        graph.add((network, RDF.type, HRG.Network))
        graph.add((network, RDFS.label, Literal(f"Network {number}", lang="en")))
    for n in range(count):
        city = URIRef(f"{BASE}city/place-{n}")
        graph.add((city, RDF.type, HRG.City))
        graph.add((city, RDFS.label, Literal(f"Place {n}", lang="en")))
        graph.add((city, HRG.country, country))
        graph.add((city, PROV.wasDerivedFrom, source))
        graph.add((city, GEO.lat, Literal(round(rng.uniform(-55, 70), 4), datatype=XSD.decimal)))
        graph.add((city, GEO.long, Literal(round(rng.uniform(-170, 175), 4), datatype=XSD.decimal)))
        membership = URIRef(f"{BASE}membership/place-{n}")
        graph.add((membership, RDF.type, ORG.Membership))
        graph.add((membership, ORG.member, city))
        graph.add((membership, ORG.organization, networks[n % len(networks)]))
        graph.add((membership, ORG.role, URIRef(f"{BASE}role/member")))
        graph.add((membership, HRG.startDate, Literal(str(1990 + n % 36), datatype=XSD.gYear)))
        graph.add((membership, PROV.wasDerivedFrom, source))
    return graph


def usable(browser: object, url: str, tab: str | None = None) -> dict[str, object]:
    """Seconds from the request until the page is ready (and, with ``tab``, that tab drawn), and its markers."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY, timeout=120_000, polling=20)
    if tab:
        page.locator(f"[data-view='{tab}']").click()
        page.wait_for_function(MARKERS + " > 0", timeout=120_000, polling=20)
    ready = time.perf_counter() - started
    markers = page.evaluate(MARKERS)
    page.close()
    if errors:
        raise RuntimeError(f"{url}: {errors}")
    return {"ready_s": round(ready, 2), "markers": markers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--places", type=int, default=5000, help="places of the synthetic graph")
    parser.add_argument("--output", type=Path, help="also write the Markdown table to this file")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds between the server's start and the first visit")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        with background(hrgraph.load(), Settings(port=0, timeout=60)) as base:
            time.sleep(args.settle)
            rows.append(("home (bundled graph)", usable(browser, base)))
            rows.append(("explore, map tab (bundled graph)", usable(browser, base + "explore", tab="map")))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "places.ttl"
            synthetic_places(args.places).serialize(path, format="turtle")
            with background(hrgraph.load([path]), Settings(port=0, timeout=60)) as base:
                time.sleep(args.settle)
                rows.append((f"home ({args.places:,} places)", usable(browser, base)))
        browser.close()
    lines = [f"Explorer in headless Chromium ({platform.machine()}, {platform.python_version()}); "
             f"seconds from the request, {args.settle:g} s after the server started, until the page is drawn "
             "and answers clicks.", "",
             "| page | ready_s | markers on the map |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {row['ready_s']} | {row['markers']} |" for name, row in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
