"""How many requests ``hrgraph serve`` answers per second, with rdflib's memory store and with Oxigraph.

1. Per query (ms, median): evaluated in process (``run_query`` with no deadline), and in a child
   forked for that one query (``run_query(timeout=30)``: what the server did for every query before
   it had a pool of pre-forked workers).
2. Throughput: ``hrgraph serve`` in a process of its own on a loopback port, N clients with
   keep-alive for S seconds, each asking for a named query (``/query?name=members-of-network&format=json``),
   a COUNT(*) through ``/sparql``, or ``ASK {}``, which costs next to nothing to answer: what the server
   and its pool of query workers manage at most. Two load generators: Python threads with httpx, which check
   every answer but cost as much CPU as the server does (on 2 cores they can be the bottleneck), and
   wrk, in C, which counts status codes only (each answer is checked once with httpx beforehand);
   wrk rows are left out when it is not installed (``apt-get install wrk``).

    .venv/bin/python benchmarks/serve_benchmark.py                    # 16 clients, 10 s each
    .venv/bin/python benchmarks/serve_benchmark.py --clients 50 --seconds 5 --workers 4
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from urllib.parse import urlencode

import httpx

import hrgraph
from hrgraph.sparql import NamedQuery, get_query, run_query
from hrgraph.web import Settings, server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
STORES = ("memory", "oxigraph")
#: What each target asks for, and how to check its answer against what the graph holds.
TARGETS: dict[str, tuple[str, Callable[[httpx.Response, int], bool]]] = {
    "named query": ("query?" + urlencode({"name": "members-of-network", "format": "json"}),
                    lambda response, rows: len(response.json()["results"]["bindings"]) == rows),
    "COUNT(*)": ("sparql?" + urlencode({"query": COUNT}),
                 lambda response, size: int(response.json()["results"]["bindings"][0]["n"]["value"]) == size),
    "ASK {}": ("sparql?" + urlencode({"query": "ASK {}"}), lambda response, _: response.json()["boolean"] is True),
}


def per_query_ms(graph: object, query: NamedQuery, timeout: float | None, repeat: int) -> float:
    run_query(query, graph=graph, timeout=timeout)  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_query(query, graph=graph, timeout=timeout)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def serve(store: str, port: int, workers: int) -> None:
    """The server's process: load the graph into ``store`` and serve it until SIGTERM."""
    server(hrgraph.load(store=store), Settings(port=port, workers=workers), log_level="warning").run()


def started_server(store: str, workers: int) -> tuple[multiprocessing.process.BaseProcess, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = multiprocessing.get_context("spawn").Process(target=serve, args=(store, port, workers))
    process.start()
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "sparql", params={"query": "ASK {}"}).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"the {store} server did not start")


def with_httpx(url: str, check: Callable[[httpx.Response, int], bool], expected: int, clients: int,
               seconds: float) -> tuple[int, int, float]:
    done, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        with httpx.Client(timeout=60) as http:
            while time.monotonic() < stop:
                response = http.get(url)
                ok = response.status_code == 200 and check(response, expected)
                done[number] += ok
                errors[number] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), sum(errors), time.monotonic() - started


def with_wrk(url: str, clients: int, seconds: float) -> tuple[int, int, float]:
    command = ["wrk", f"-t{min(clients, os.cpu_count() or 1)}", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s",
               url]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    total, amount, unit = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)\b", report).groups()  # type: ignore[union-attr]
    elapsed = float(amount) * {"ms": 0.001, "s": 1, "m": 60}[unit]
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    broken = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    errors = (int(failed.group(1)) if failed else 0) + (sum(map(int, broken.groups())) if broken else 0)
    return int(total) - errors, errors, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, default=Settings().workers, help="query worker processes")
    arguments = parser.parse_args()

    graphs = {store: hrgraph.load(store=store) for store in STORES}
    print(f"graph: {len(graphs['memory'])} triples; {os.cpu_count()} CPUs; {arguments.workers} query workers; "
          f"load average {os.getloadavg()[0]:.1f} (other programs share the CPUs)\n")
    print("| store | query | in process (ms) | forked child per query (ms) |\n|---|---|---|---|")
    for store, graph in graphs.items():
        for name, query in (("COUNT(*)", NamedQuery.from_text(COUNT, "<q>", "<q>")),
                            ("members-of-network", get_query("members-of-network"))):
            direct = per_query_ms(graph, query, None, arguments.repeat)
            forked = per_query_ms(graph, query, 30.0, arguments.repeat)
            print(f"| {store} | {name} | {direct:.1f} | {forked:.1f} |")

    generators = ["httpx"] + (["wrk"] if shutil.which("wrk") else [])
    print("\n| store | target | load generator | clients | seconds | answers | errors | requests/s |")
    print("|---|---|---|---|---|---|---|---|")
    for store, graph in graphs.items():
        expected = {"named query": len(run_query("members-of-network", graph=graph).rows), "COUNT(*)": len(graph),
                    "ASK {}": 0}
        process, base = started_server(store, arguments.workers)
        try:
            for target, (path, check) in TARGETS.items():
                assert check(httpx.get(base + path, timeout=60), expected[target]), (store, target)
                for generator in generators:
                    if generator == "httpx":
                        ok, bad, elapsed = with_httpx(base + path, check, expected[target], arguments.clients,
                                                      arguments.seconds)
                    else:
                        ok, bad, elapsed = with_wrk(base + path, arguments.clients, arguments.seconds)
                    print(f"| {store} | {target} | {generator} | {arguments.clients} | {elapsed:.1f} | {ok} | {bad} "
                          f"| {ok / elapsed:.1f} |", flush=True)
        finally:
            process.terminate()
            process.join()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
