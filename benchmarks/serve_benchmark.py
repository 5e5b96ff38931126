"""What the server's safety costs, and how many requests it answers, on the bundled graph.

1. The deadline: each query runs in a forked child that is killed when time is up (rdflib cannot be
   interrupted). The script times the same queries in process (``timeout=None``) and through the
   forked runner (``timeout=30``); the difference is the price of a deadline that really stops.
2. Throughput: ``hrgraph serve`` on a loopback port, N client threads (httpx, keep-alive) for S
   seconds, each asking for a named query (``/query?name=members-of-network&format=json``), or a
   COUNT(*) through ``/sparql``, and checking the answer. Prints requests per second.

    .venv/bin/python benchmarks/serve_benchmark.py                    # 16 clients, 10 s
    .venv/bin/python benchmarks/serve_benchmark.py --clients 50 --seconds 10
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import httpx

import hrgraph
from hrgraph.query import NamedQuery, get_query, run_query
from hrgraph.serve import Settings, background

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def per_query_ms(graph: object, query: NamedQuery, timeout: float | None, repeat: int) -> float:
    run_query(query, graph=graph, timeout=timeout)  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_query(query, graph=graph, timeout=timeout)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def throughput(base: str, clients: int, seconds: float, target: str, expected: int) -> tuple[int, int, float]:
    done, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        with httpx.Client(timeout=60) as http:
            while time.monotonic() < stop:
                if target == "named":
                    response = http.get(base + "query", params={"name": "members-of-network", "format": "json"})
                    ok = response.status_code == 200 and len(response.json()["results"]["bindings"]) == expected
                else:
                    response = http.get(base + "sparql", params={"query": COUNT})
                    ok = response.status_code == 200 and int(
                        response.json()["results"]["bindings"][0]["n"]["value"]) == expected
                done[number] += ok
                errors[number] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), sum(errors), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=40)
    arguments = parser.parse_args()

    graph = hrgraph.load()
    print(f"graph: {len(graph)} triples\n")
    print("| query | in process (ms) | forked, with deadline (ms) | overhead (ms) |")
    print("|---|---|---|---|")
    for name, query in (("COUNT(*)", NamedQuery.from_text(COUNT, "<q>", "<q>")),
                        ("members-of-network", get_query("members-of-network"))):
        direct = per_query_ms(graph, query, None, arguments.repeat)
        forked = per_query_ms(graph, query, 30.0, arguments.repeat)
        print(f"| {name} | {direct:.1f} | {forked:.1f} | {forked - direct:.1f} |")

    named_rows = len(run_query("members-of-network", graph=graph).rows)
    print("\n| target | clients | seconds | answers | errors | requests/s |\n|---|---|---|---|---|---|")
    with background(graph, Settings(port=0)) as base:
        for target, expected in (("named", named_rows), ("count", len(graph))):
            ok, bad, elapsed = throughput(base, arguments.clients, arguments.seconds, target, expected)
            print(f"| {target} | {arguments.clients} | {elapsed:.1f} | {ok} | {bad} | {ok / elapsed:.1f} |")


if __name__ == "__main__":
    main()
