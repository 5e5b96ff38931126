"""How long until a view is usable, for synthetic graphs of growing size, in headless Chromium.

For each size and each layout mode (``physics``: laid out in the browser with bounded
stabilization; ``networkx``: positions computed in Python, physics off), the script renders the
page (``render_s``, Python, including networkx's layout; ``render_cpu_s``, its CPU time, which
other processes on a shared machine change less), opens it from a file:// URL and measures
the time until ``window.hrgraph.ready`` (``ready_s``: the first drawing after the layout is done),
then ``click_ms``: the JavaScript time of selecting a node (focus, panel, and in ``physics`` mode
the fading of all but its neighbourhood) and resetting, without the redraw that follows.
``total_s``, ``render_s + ready_s``, is what a user waits for a new view. It prints a Markdown
table; ``hrgraph.render.LAYOUT_THRESHOLD`` is chosen from it. With ``--screenshots DIR``, each page
is saved as a PNG once ready, to judge the layout.

    .venv/bin/python benchmarks/view_benchmark.py                   # 250 ... 5000 nodes, both modes
    .venv/bin/python benchmarks/view_benchmark.py --sizes 1000 5000 20000 --modes networkx --screenshots /tmp/views

Needs Playwright and a Chromium (Debian's at /usr/bin/chromium by default).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import networkx as nx

from hrgraph import render
from hrgraph.namespaces import HRG

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
KINDS = [(HRG.City, "city"), (HRG.Country, "country"), (HRG.Network, "network of cities"),
         (HRG.Organization, "organization"), (HRG.Charter, "charter"), (HRG.Conference, "conference"),
         (HRG.Person, "person"), (HRG.Principle, "principle or theme")]
RELATIONS = ["member of", "country", "adopted", "host", "speaker", "located in"]


def synthetic(nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free graph (about two edges a node) with hrgraph's node and edge attributes."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    G = nx.MultiDiGraph()
    for n in shape:
        kind_iri, kind = KINDS[n % len(KINDS)]
        iri = f"https://example.org/entity/{n}"
        G.add_node(iri, iri=iri, label=f"Entité {n} 광주" if n % 97 == 0 else f"Entity {n}", kind=kind,
                   kind_iri=str(kind_iri), date=str(1990 + n % 30), sources=[f"Source {n % 7}"])
    for a, b in shape.edges():
        G.add_edge(f"https://example.org/entity/{a}", f"https://example.org/entity/{b}",
                   relation=rng.choice(RELATIONS), role="", date="", sources=[f"Source {a % 5}"])
    return G


def measure(
    browser: object, G: nx.Graph, mode: str, folder: Path, screenshots: Path | None = None
) -> dict[str, float | int | str]:
    render.LAYOUT_THRESHOLD = 10**9 if mode == "physics" else 0
    started, cpu = time.perf_counter(), time.process_time()
    html = render.render_view(G, title=f"{len(G)} nodes, {mode}")
    rendered, cpu = time.perf_counter() - started, time.process_time() - cpu
    path = folder / f"view-{len(G)}-{mode}.html"
    path.write_text(html, "utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    opened = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.hrgraph && window.hrgraph.ready", timeout=600_000, polling=50)
    ready = time.perf_counter() - opened
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"view-{len(G)}-{mode}.png"))
    click = page.evaluate(
        """() => { const h = window.hrgraph, id = h.nodes.getIds()[0], t = performance.now();
                   h.select(id, true); h.reset(); return performance.now() - t; }"""
    )
    page.close()
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "mode": mode,
        "render_s": round(rendered, 2),
        "render_cpu_s": round(cpu, 2),
        "html_mb": round(len(html.encode()) / 1e6, 2),
        "ready_s": round(ready, 2),
        "total_s": round(rendered + ready, 2),
        "click_ms": round(click),
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000, 5000])
    parser.add_argument("--modes", nargs="+", choices=["physics", "networkx"], default=["physics", "networkx"])
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--screenshots", type=Path, help="folder for a PNG of each page once ready")
    options = parser.parse_args()
    if options.screenshots is not None:
        options.screenshots.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium, headless=True, args=ARGS)
        for size in options.sizes:
            G = synthetic(size)
            for mode in options.modes:
                rows.append(measure(browser, G, mode, Path(folder), options.screenshots))
                print(rows[-1], flush=True)
        browser.close()
    header = list(rows[0])
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(row[name]) for name in header) + " |")


if __name__ == "__main__":
    main()
