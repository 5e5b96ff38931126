"""A soak run of ``hrgraph serve``: many clients for minutes, a mixed load, and the server's memory over time.

``hrgraph serve`` on the bundled graph runs in a process of its own on a loopback port (the real
command, its worker pool included). N clients (asyncio tasks, each with its own keep-alive
``httpx.AsyncClient``) send requests one after another for D seconds, in a fixed rotation:

- a named query of the library with its defaults, its answer on the query page (``/query?name=...``),
- an entity page as a browser asks for it (``/city/rosario``, HTML),
- ad-hoc SPARQL through ``/sparql`` (GET, form POST and direct POST, JSON results),

and client 0 sends one deliberately slow query (a three-way cross join of every triple) again and
again: each must be stopped at the server's deadline (``--timeout``) with 503, and its worker
replaced, while the others are served. Each answer is checked (status, media type, JSON that
parses, the page's title); the run counts requests, errors by kind, latency p50/p99 per kind, and
samples the resident memory (RSS) of the server and its query workers every ``--sample`` seconds
from ``/proc``. At the end the server's stderr is searched for tracebacks. Writes a Markdown report.

    .venv/bin/python benchmarks/soak_benchmark.py                      # 50 clients, 600 s
    .venv/bin/python benchmarks/soak_benchmark.py --clients 10 --seconds 30 --output /tmp/soak.md
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rdflib import URIRef

from hrgraph.pages import local_path
from hrgraph.sparql import library

HERE = Path(__file__).resolve().parent
#: Every triple three times over: far past any deadline on the bundled graph.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
AD_HOC = [
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    "SELECT ?city ?label WHERE { ?city a hrg:City ; rdfs:label ?label FILTER(LANG(?label) = 'en') } LIMIT 100",
    "SELECT ?s WHERE { ?s rdfs:label ?l FILTER(REGEX(STR(?l), '^Saint', 'i')) }",
    "ASK { ?s a hrg:City }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
]
PREFIXES = ("PREFIX hrg: <https://w3id.org/hrgraph/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
ENTITIES = PREFIXES + """SELECT ?s WHERE { VALUES ?kind { hrg:City hrg:Organization hrg:Instrument hrg:Person }
  ?s a ?kind FILTER(STRSTARTS(STR(?s), "https://w3id.org/hrgraph/")) } ORDER BY ?s"""


@dataclass(frozen=True)
class Ask:
    """One request of the rotation, and what its answer must be."""

    kind: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    media_type: str = "application/sparql-results+json"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    memory: list[tuple[float, float, float, int]] = field(default_factory=list)  # s, server MiB, workers MiB, workers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rotation(base: str) -> list[Ask]:
    """Named queries, entity pages and ad-hoc SPARQL, interleaved: what the clients other than 0 cycle through."""
    json_accept = {"Accept": "application/sparql-results+json"}
    named = [Ask("named query", "GET", "query", {"name": name}, headers={"Accept": "text/html"}, media_type="text/html")
             for name in sorted(library())]
    rows = httpx.post(base + "sparql", data={"query": ENTITIES}, headers=json_accept, timeout=60).json()
    iris = [binding["s"]["value"] for binding in rows["results"]["bindings"]]
    pages = [Ask("entity page", "GET", str(local_path(URIRef(iri))), headers={"Accept": "text/html"},
                 media_type="text/html") for iri in iris]
    sparql = []
    for number, text in enumerate(AD_HOC):
        query = PREFIXES + text
        sparql.append([
            Ask("ad-hoc SPARQL", "GET", "sparql", {"query": query}, headers=json_accept),
            Ask("ad-hoc SPARQL", "POST", "sparql", data={"query": query}, headers=json_accept),
            Ask("ad-hoc SPARQL", "POST", "sparql", content=query.encode(),
                headers={**json_accept, "Content-Type": "application/sparql-query"}),
        ][number % 3])
    mixed = []
    for n in range(max(len(named), len(pages), len(sparql))):
        mixed += [named[n % len(named)], pages[n % len(pages)], sparql[n % len(sparql)]]
    return mixed


async def client(number: int, base: str, asks: list[Ask], stop: float, tally: Tally, timeout: float) -> None:
    """Send requests one after another until ``stop``; client 0 sends the slow query only."""
    slow = Ask("slow query (deadline)", "GET", "sparql", {"query": SLOW}, status=503, media_type="text/plain")
    cycle = itertools.cycle([slow] if number == 0 else asks[number % len(asks):] + asks[:number % len(asks)])
    async with httpx.AsyncClient(base_url=base, timeout=timeout + 60) as http:
        for ask in cycle:
            if time.monotonic() >= stop:
                return
            started = time.perf_counter()
            try:
                response = await http.request(ask.method, ask.path, params=ask.params, data=ask.data,
                                              content=ask.content, headers=ask.headers)
                problem = check(ask, response)
            except httpx.HTTPError as error:
                problem = f"transport: {type(error).__name__}"
            tally.latencies[ask.kind].append(time.perf_counter() - started)
            if problem:
                which = f" {ask.params['name']}" if ask.kind == "named query" else ""
                tally.errors[f"{ask.kind}: {problem}{which}"] += 1


def check(ask: Ask, response: httpx.Response) -> str | None:
    """What is wrong with the answer, or None."""
    if response.status_code != ask.status:
        if response.headers.get("content-type", "").startswith("text/plain"):
            return f"HTTP {response.status_code} ({response.text[:70].strip()})"
        reasons = [reason for reason in ("timed out", "busy") if reason in response.text]  # an HTML page's error
        return f"HTTP {response.status_code}" + (f" ({reasons[0]})" if reasons else "")
    if response.headers.get("content-type", "").split(";")[0].strip() != ask.media_type:
        return f"Content-Type {response.headers.get('content-type')}"
    if ask.media_type.endswith("json"):
        body = response.json()
        if "boolean" not in body and "bindings" not in body.get("results", {}):
            return "not SPARQL JSON results"
    elif ask.media_type == "text/html" and "<title>" not in response.text:
        return "page without a title"
    return None


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:  # the process ended between listing and reading
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


async def sample(pid: int, started: float, stop: float, every: float, tally: Tally) -> None:
    while True:
        workers = descendants(pid)
        tally.memory.append((time.monotonic() - started, rss_mib(pid), sum(map(rss_mib, workers)), len(workers)))
        if time.monotonic() >= stop:
            return
        await asyncio.sleep(min(every, max(0.0, stop - time.monotonic())))


async def soak(base: str, pid: int, clients: int, seconds: float, every: float, timeout: float) -> Tally:
    tally = Tally()
    asks = rotation(base)
    started = time.monotonic()
    stop = started + seconds
    await asyncio.gather(sample(pid, started, stop, every, tally),
                         *(client(n, base, asks, stop, tally, timeout) for n in range(clients)))
    return tally


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(arguments: argparse.Namespace, tally: Tally, elapsed: float, loads: tuple[float, float],
           tracebacks: int) -> str:
    total = sum(len(v) for v in tally.latencies.values())
    errors = sum(tally.errors.values())
    lines = [
        "# Soak benchmark: `hrgraph serve` under a mixed load",
        "",
        "[← README](../README.md) · made by `benchmarks/soak_benchmark.py`",
        "",
        f"{arguments.clients} clients on loopback for {elapsed:.0f} s against `hrgraph serve` on the bundled graph "
        f"(Oxigraph store, {arguments.workers or 'default'} query workers, `--timeout {arguments.timeout:g}`), "
        f"{os.cpu_count()} CPUs shared by the load generator and the server; load average "
        f"{loads[0]:.1f} at the start, {loads[1]:.1f} at the end.",
    ]
    if arguments.note:
        lines += ["", arguments.note]
    lines += [
        "",
        f"**{total:,} requests, {errors:,} errors, {total / elapsed:.1f} requests/s; {tracebacks} tracebacks in the "
        "server's stderr.** Client 0 sends the slow query only; the others rotate through every named query of "
        "the library, every city, organization, instrument and person page, and five ad-hoc queries (GET, form "
        "POST, direct POST).",
        "",
        "| kind | requests | errors | p50 (ms) | p99 (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, values in sorted(tally.latencies.items()):
        bad = sum(n for name, n in tally.errors.items() if name.startswith(kind + ":"))
        lines.append(f"| {kind} | {len(values):,} | {bad:,} | {1000 * percentile(values, 0.5):.0f} "
                     f"| {1000 * percentile(values, 0.99):.0f} |")
    lines += ["", "Errors by kind:" + (" none." if not tally.errors else "")]
    lines += [f"- {name}: {n:,}" for name, n in sorted(tally.errors.items())]
    lines += [
        "",
        "A slow query answered 503 at the deadline counts as success (what it must get); anything else is an error.",
        "",
        f"Resident memory (RSS, MiB) every {arguments.sample:g} s: the server's process, and its query workers "
        "together (forked copy-on-write, so their sum counts shared pages more than once).",
        "",
        "| s | server | workers | worker processes |",
        "| ---: | ---: | ---: | ---: |",
    ]
    lines += [f"| {t:.0f} | {server:.0f} | {workers:.0f} | {count} |" for t, server, workers, count in tally.memory]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's query deadline (s)")
    parser.add_argument("--workers", type=int, default=None, help="query worker processes (the server's default)")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between memory samples")
    parser.add_argument("--note", default="", help="a sentence for the report (what else ran on the machine)")
    parser.add_argument("--output", type=Path, default=HERE / "soak-results.md")
    arguments = parser.parse_args()

    port = free_port()
    command = [sys.executable, "-m", "hrgraph", "serve", "--port", str(port), "--timeout", str(arguments.timeout)]
    if arguments.workers:
        command += ["--workers", str(arguments.workers)]
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as stderr:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "sparql", params={"query": "ASK {}"}).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            before = os.getloadavg()[0]
            started = time.monotonic()
            tally = asyncio.run(soak(base, server.pid, arguments.clients, arguments.seconds, arguments.sample,
                                     arguments.timeout))
            elapsed = time.monotonic() - started
            after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=60)
        stderr.seek(0)
        tracebacks = stderr.read().decode(errors="replace").count("Traceback")
    text = report(arguments, tally, elapsed, (before, after), tracebacks)
    arguments.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
