"""rdflib's in-memory store and Oxigraph side by side, on synthetic graphs of growing size.

For each size (``--sizes``, in triples) the script generates a graph (``synthetic.py``; the files are
kept in ``--data-dir`` if given) and, for each store, starts a fresh worker process that loads it
(load time, peak RSS) and then measures, each in a forked child killed after ``--cap`` seconds
(rdflib cannot be interrupted, and some of its queries take minutes at 100k triples):

- every named query with its default parameters (median of ``--repeat`` runs; repeats stop once
  one measurement has taken ``--cap`` seconds in all), and resolving an entity name;
- export to Turtle and N-Triples (``hrgraph.rdf.export.serialize``);
- the full NetworkX projection, and on it centrality, communities and components; the timeline;
  ``relate`` (shortest paths, on its own projection);
- a view: Gwangju's neighbourhood, selected and rendered to HTML;
- the endpoint's throughput (``hrgraph.web`` on a loopback port, serve_benchmark.py's targets and
  httpx clients).

Beside these, in fresh processes: ``hrgraph.load`` on Oxigraph against pyoxigraph's own bulk_load
of the same files; building a persistent store (``hrgraph load FILE --store oxigraph:PATH``) and
every named query as a fresh ``hrgraph query NAME --store oxigraph:PATH`` process; and, on the
bundled graph, every ``hrgraph query NAME`` against a script that only parses the same files with
rdflib, and the endpoint's throughput. The output is Markdown: the machine, one table per size, and
the targets, each met or not with its numbers. It goes to stdout as each part is done, and to
``--out`` (written atomically) at the end. The 5,000-node view is measured by view_benchmark.py.

    .venv/bin/python benchmarks/scale_benchmark.py --sizes 10000 100000 --out scale.md
    .venv/bin/python benchmarks/scale_benchmark.py --sizes 6000 --repeat 1 --queries timeline --out /tmp/t.md
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from importlib.metadata import version
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import serve_benchmark
import synthetic
from rdflib import Graph

import hrgraph
from hrgraph.analyze import centrality, communities, components, relate, timeline
from hrgraph.atomic import write_atomic
from hrgraph.entities import resolve
from hrgraph.paths import ONTOLOGY_FILE, data_files
from hrgraph.projection import project
from hrgraph.rdf.export import serialize
from hrgraph.render import render_view, select_view
from hrgraph.sparql import NamedQuery, QueryResult, bind_parameters, library, run_query
from hrgraph.web import Settings, server

STORES = ("memory", "oxigraph")
#: The size the targets are set for.
TARGET_SIZE = 1_000_000
#: Client threads for the endpoint's throughput, as serve_benchmark.py uses by default.
CLIENTS = 16
HRGRAPH = [sys.executable, "-m", "hrgraph"]
_FORK = multiprocessing.get_context("fork")
#: pyoxigraph's own load of the files, the yardstick for hrgraph.load on Oxigraph.
PYOXIGRAPH_LOAD = """import sys, time, pyoxigraph as ox
started = time.perf_counter()
store = ox.Store()
for path in sys.argv[1:]:
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
print(time.perf_counter() - started)
"""
HRGRAPH_LOAD = """import sys, time, hrgraph
started = time.perf_counter()
hrgraph.load(sys.argv[1:], store="oxigraph")
print(time.perf_counter() - started)
"""
#: The least a Python program must do to answer any question on the bundled graph.
MINIMAL_RDFLIB = """import sys, rdflib
graph = rdflib.Graph()
for path in sys.argv[1:]:
    graph.parse(path)
"""


@dataclass
class Result:
    """One measurement: a median time (s), a size (MB) or a rate (req/s); or why there is none."""

    group: str
    name: str
    unit: str = "s"
    value: float | None = None
    status: str = "ok"  # ok, cap (over --cap), setup-cap (its preparation was), or "error: ..."
    info: str = ""


@dataclass(frozen=True)
class Step:
    """A measurement on a loaded graph: ``prepare`` is not timed, ``action`` is (or returns a rate)."""

    group: str
    name: str
    action: Callable[[Any], Any]
    prepare: Callable[[Graph], Any] = field(default=lambda graph: graph)
    unit: str = "s"
    stores: tuple[str, ...] = STORES  # NetworkX's work is the same whatever the store: measured once


# The worker: one store, one graph, every measurement -----------------------------------------


def worker(path: Path, store: str, queries: list[str], repeat: int, cap: float, serve_seconds: float) -> None:
    """Load ``path`` into ``store`` and print one JSON line per measurement."""
    before = _rss_mb()
    started = time.perf_counter()
    graph = hrgraph.load([path], store=store)
    _emit(Result("load", "load", value=time.perf_counter() - started, info=f"{len(graph):,} triples"))
    peak = _peak_rss_mb()
    _emit(Result("load", "peak RSS after load", "MB", peak, info=f"+{peak - before:,.0f} MB for the graph"))
    for step in steps(queries, serve_seconds):
        if store in step.stores:
            _emit(measure(step, graph, repeat, cap))


def steps(queries: list[str], serve_seconds: float) -> list[Step]:
    """Everything measured on a loaded graph, in order."""
    named = library()
    found = [Step("query", f"query {name}", partial(_answer, named[name]), partial(_bind, named[name])) for name in queries]
    full = partial(project, name="full")
    return [
        *found,
        Step("resolve", "resolve an entity name (Gwangju)", lambda graph: str(resolve(graph, "Gwangju")).rsplit("/")[-1]),
        Step("export", "export Turtle", lambda graph: _megabytes(serialize(graph, "turtle"))),
        Step("export", "export N-Triples", lambda graph: _megabytes(serialize(graph, "nt"))),
        Step("analysis", "projection (full)", lambda graph: _shape(full(graph))),
        Step("analysis", "centrality (NetworkX, on the projection)", lambda G: f"{len(centrality(G))} nodes", full,
             stores=STORES[:1]),
        Step("analysis", "communities (NetworkX, on the projection)", lambda G: f"{len(communities(G))} communities",
             full, stores=STORES[:1]),
        Step("analysis", "components (NetworkX, on the projection)", lambda G: f"{len(components(G))} components",
             full, stores=STORES[:1]),
        Step("analysis", "timeline", lambda graph: f"{len(timeline(graph))} years"),
        Step("analysis", "relate Gwangju and Barcelona", lambda graph: f"{len(relate(graph, 'Gwangju', 'Barcelona'))} paths"),
        Step("view", "view of Gwangju's neighbourhood (select + render)", _view),
        *(Step("endpoint", f"endpoint: {target}", partial(_throughput, serve_seconds, target), unit="req/s")
          for target in serve_benchmark.TARGETS),
    ]


def measure(step: Step, graph: Graph, repeat: int, cap: float) -> Result:
    """Run ``step`` in a forked child (a copy-on-write copy of the graph); each phase may take ``cap`` s."""
    receiver, sender = _FORK.Pipe(duplex=False)
    runs = 1 if step.unit == "req/s" else repeat
    child = _FORK.Process(target=_run_step, args=(step, graph, runs, cap, sender))  # not daemonic: the server forks
    child.start()
    sender.close()
    result = Result(step.group, step.name, step.unit)
    values: list[float] = []
    ready = False
    try:
        while receiver.poll(cap):
            kind, *rest = receiver.recv()
            if kind == "ready":
                ready = True
            elif kind == "run":
                values.append(rest[0])
                result.info = rest[1]
            elif kind == "error":
                result.status = f"error: {rest[0]}"
                break
            else:
                break
        else:
            result.status = "cap" if ready else "setup-cap"
    except EOFError:
        result.status = "error: the measuring process died"
    finally:
        if child.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)  # with the server and its workers, if it started them
        child.join()
        receiver.close()
    if values:
        result.value = statistics.median(values)
        result.status = "ok" if result.status in ("ok", "cap") else result.status
    return result


def _run_step(step: Step, graph: Graph, runs: int, cap: float, sender: Connection) -> None:
    os.setpgrp()  # a group of its own, so that whatever it starts is stopped with it
    try:
        state = step.prepare(graph)
        sender.send(("ready",))
        spent = 0.0
        for _ in range(runs):
            started = time.perf_counter()
            outcome = step.action(state)
            elapsed = time.perf_counter() - started
            sender.send(("run", *(outcome if step.unit == "req/s" else (elapsed, str(outcome)))))
            spent += elapsed
            if spent >= cap:
                break
        sender.send(("done",))
    except Exception as error:  # reported as the measurement's outcome
        sender.send(("error", _first_line(error)))


def _bind(query: NamedQuery, graph: Graph) -> tuple[Graph, dict[str, Any]]:
    """The default parameters as RDF terms: names are resolved once, outside the timing."""
    return graph, bind_parameters(query, {}, graph)


def _answer(query: NamedQuery, state: tuple[Graph, dict[str, Any]]) -> str:
    graph, values = state
    return answers(run_query(query, values, graph=graph))


def answers(result: QueryResult) -> str:
    """What a query found, in words: rows, triples or the boolean."""
    if result.kind == "ask":
        return str(result.boolean).lower()
    if result.kind == "graph":
        return f"{len(result.graph or ())} triples"
    return f"{len(result.rows)} rows" + (" (cut)" if result.truncated else "")


def _view(graph: Graph) -> str:
    view = select_view(graph, focus="Gwangju")
    return f"{len(render_view(view, title=view.graph['title'])) / 1e6:.1f} MB HTML, {view.number_of_nodes()} nodes"


def _throughput(seconds: float, target: str, graph: Graph) -> tuple[float, str]:
    """Right answers per second from ``hrgraph.web`` on ``graph``, with serve_benchmark's httpx clients.

    The server runs in a process of its own, forked so that it shares the loaded graph, as
    ``hrgraph serve`` would: client threads in its process would take the CPU it needs.
    """
    path, check = serve_benchmark.TARGETS[target]
    expected = _expected(target, graph)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = _FORK.Process(target=_serve, args=(graph, port))
    process.start()
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while not _is_up(base + "sparql?query=ASK%7B%7D"):
            if time.monotonic() > deadline or not process.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        if not check(httpx.get(base + path, timeout=60), expected):  # the first answer, checked before timing
            raise RuntimeError(f"wrong answer to {path}")
        done, errors, elapsed = serve_benchmark.with_httpx(base + path, check, expected, CLIENTS, seconds)
    finally:
        process.terminate()
        process.join(timeout=15)
        if process.is_alive():
            process.kill()
            process.join()
    return done / elapsed, f"{CLIENTS} clients, {done} answers" + (f", {errors} errors" if errors else "")


def _expected(target: str, graph: Graph) -> int:
    """The number serve_benchmark's check of ``target`` compares an answer with (as its main() does)."""
    if target == "named query":
        return len(run_query("members-of-network", graph=graph).rows)
    return len(graph) if target == "COUNT(*)" else 0


def _serve(graph: Graph, port: int) -> None:
    server(graph, Settings(port=port), log_level="warning").run()


def _is_up(url: str) -> bool:
    try:
        return httpx.get(url).status_code == 200
    except httpx.TransportError:
        return False


def _shape(G: Any) -> str:
    return f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges"


def _megabytes(data: bytes) -> str:
    return f"{len(data) / 1e6:.1f} MB"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives KiB


def _rss_mb() -> float:
    """The resident set now (Linux): before the load, against the peak after it."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _emit(result: Result) -> None:
    print(json.dumps(asdict(result)), flush=True)


def _first_line(error: BaseException) -> str:
    return (str(error).strip() or type(error).__name__).splitlines()[0][:120]


# Fresh processes ------------------------------------------------------------------------------


def fresh(group: str, name: str, command: list[str], repeat: int, cap: float, *, timed_by_child: bool = False) -> Result:
    """Median wall time of ``command`` as a new process (or the seconds it prints itself)."""
    result = Result(group, name)
    values = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = _run_alone(command, cap)
        elapsed = time.perf_counter() - started
        if done is None:
            result.status = "cap"
            break
        if done.returncode not in (0, 1):  # 1: an ASK query answered false
            result.status = f"error: {(done.stderr.strip().splitlines() or ['exit status ' + str(done.returncode)])[-1]}"
            break
        values.append(float(done.stdout.split()[-1]) if timed_by_child else elapsed)
    if values:
        result.value = statistics.median(values)
    return result


def _run_alone(command: list[str], cap: float) -> subprocess.CompletedProcess[str] | None:
    """Run ``command`` in a session of its own, stopped with whatever it started (a forked query)
    when it ends or after ``cap`` seconds; None in that case."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=cap)
        except subprocess.TimeoutExpired:
            return None
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def run_worker(path: Path, store: str, arguments: argparse.Namespace, queries: list[str]) -> list[Result]:
    """The worker's measurements, echoed to stderr as they come."""
    command = [sys.executable, __file__, "--worker", str(path), "--store", store, "--repeat", str(arguments.repeat),
               "--cap", str(arguments.cap), "--serve-seconds", str(arguments.serve_seconds), "--queries", *queries]
    results = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        for line in process.stdout or ():
            if not line.startswith("{"):  # something a library printed
                _progress(line.rstrip())
                continue
            results.append(Result(**json.loads(line)))
            _progress(f"{path.name} {store}: {results[-1].name}: {cell(results[-1], arguments.cap)} {results[-1].info}")
    if process.returncode:
        results.append(Result("load", "worker", status=f"error: the worker exited with status {process.returncode}"))
    return results


def at_size(size: int, path: Path, scratch: Path, arguments: argparse.Namespace, queries: list[str]) -> dict[str, Any]:
    """Every measurement at one size."""
    files = [str(ONTOLOGY_FILE), str(path)]
    repeat, cap = arguments.repeat, arguments.cap
    side = {store: run_worker(path, store, arguments, queries) for store in STORES}
    _progress(f"{path.name}: pyoxigraph's bulk_load and hrgraph.load on Oxigraph, fresh processes")
    baseline = fresh("load", "pyoxigraph bulk_load", [sys.executable, "-c", PYOXIGRAPH_LOAD, *files], repeat, cap * 5,
                     timed_by_child=True)
    ours = fresh("load", "hrgraph.load on Oxigraph", [sys.executable, "-c", HRGRAPH_LOAD, *files], repeat, cap * 5,
                 timed_by_child=True)
    store = scratch / f"store-{size}"
    _progress(f"{path.name}: building a persistent store, then fresh 'hrgraph query --store' processes")
    built = fresh("store", "build (hrgraph load --store oxigraph:PATH)",
                  [*HRGRAPH, "load", str(path), "--store", f"oxigraph:{store}", "--force", "--no-progress"], 1, cap * 5)
    persistent = [fresh("store", name, [*HRGRAPH, "query", name, "--store", f"oxigraph:{store}"], repeat, cap)
                  for name in queries]
    return {"size": size, "side": side, "baseline": baseline, "ours": ours, "built": built, "persistent": persistent}


def bundled(arguments: argparse.Namespace, queries: list[str]) -> dict[str, Any]:
    """On the bundled graph: fresh ``hrgraph query`` processes against a bare rdflib parse, and throughput."""
    files = [str(path) for path in [*data_files(), ONTOLOGY_FILE]]
    _progress("bundled graph: a bare rdflib parse and fresh 'hrgraph query' processes")
    minimal = fresh("bundled", "rdflib parse alone", [sys.executable, "-c", MINIMAL_RDFLIB, *files],
                    arguments.repeat, arguments.cap)
    cli = [fresh("bundled", name, [*HRGRAPH, "query", name], arguments.repeat, arguments.cap) for name in queries]
    graph = hrgraph.load()
    target = next(iter(serve_benchmark.TARGETS))
    rate, info = _throughput(arguments.serve_seconds, target, graph)
    throughput = Result("bundled", f"endpoint: {target}", "req/s", rate, info=info)
    return {"minimal": minimal, "cli": cli, "throughput": throughput, "store": type(graph.store).__name__}


# Markdown -------------------------------------------------------------------------------------


def cell(result: Result, cap: float) -> str:
    """A measurement as a table cell."""
    if result.status == "cap":
        return f"> {cap:g} s"
    if result.status == "setup-cap":
        return f"not run (setup > {cap:g} s)"
    if result.status != "ok" or result.value is None:
        return result.status.replace("|", "/")
    value = result.value
    if result.unit == "MB":
        return f"{value:,.0f} MB"
    if result.unit == "req/s":
        return f"{value:,.1f} req/s" if value < 10 else f"{value:,.0f} req/s"
    if value < 1:
        return f"{value * 1000:.3g} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s" if value < 100 else f"{value:,.0f} s"


def gain(memory: Result, oxigraph: Result, cap: float) -> tuple[float | None, str]:
    """How many times better Oxigraph does (time or memory: less; rate: more); a bound when rdflib hit the cap."""
    if oxigraph.status != "ok" or oxigraph.value is None:
        return None, ""
    if memory.status == "cap" and oxigraph.value > 0:
        return cap / oxigraph.value, f"> {_times(cap / oxigraph.value)}"
    if memory.status != "ok" or memory.value is None or not memory.value or not oxigraph.value:
        return None, ""
    ratio = oxigraph.value / memory.value if memory.unit == "req/s" else memory.value / oxigraph.value
    return ratio, _times(ratio)


def _times(ratio: float) -> str:
    return f"{ratio:.2g}×" if ratio < 10 else f"{ratio:,.0f}×"


def size_section(run: dict[str, Any], cap: float) -> str:
    """One size: the side-by-side table, then the fresh-process measurements."""
    memory, oxigraph = ({(r.group, r.name): r for r in run["side"][store]} for store in STORES)
    loaded = memory.get(("load", "load"), Result("", "")).info
    persistent = {f"query {r.name}": r for r in run["persistent"]}
    lines = [f"## {run['size']:,} triples ({loaded} with the ontology)", "",
             "| measurement | rdflib memory | Oxigraph | Oxigraph gain | answer | fresh process, persistent store |",
             "|---|---|---|---|---|---|"]
    for key in dict.fromkeys([*memory, *oxigraph]):
        left, right = memory.get(key, Result(*key, status="—")), oxigraph.get(key, Result(*key, status="same"))
        answer = left.info if left.info == right.info or not right.info else right.info if not left.info \
            else f"{left.info} / {right.info}"
        fresh_cell = cell(persistent[key[1]], cap) if key[1] in persistent else ""
        lines.append(f"| {key[1]} | {cell(left, cap)} | {cell(right, cap)} | {gain(left, right, cap)[1]} | {answer} "
                     f"| {fresh_cell} |")
    ratio = _ratio(run["ours"], run["baseline"])
    lines += ["", "| in fresh processes | |", "|---|---|",
              f"| pyoxigraph bulk_load of the file and the ontology (median) | {cell(run['baseline'], cap * 5)} |",
              f"| hrgraph.load on Oxigraph, same files (median) | {cell(run['ours'], cap * 5)}"
              + (f", {ratio:.2f}× pyoxigraph's |" if ratio else " |"),
              f"| persistent store: build (`hrgraph load FILE --store oxigraph:PATH`) | {cell(run['built'], cap * 5)} |",
              f"| persistent store: fresh `hrgraph query NAME --store oxigraph:PATH` (median) | "
              f"{_persistent_summary(run['persistent'], cap)} |"]
    return "\n".join(lines) + "\n"


def targets_section(runs: list[dict[str, Any]], base: dict[str, Any], cap: float) -> str:
    """Each target: what was measured, and whether it is met."""
    lines = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    if runs:
        run = max(runs, key=lambda r: r["size"])
        where = "1M" if run["size"] == TARGET_SIZE else f"{run['size']:,} triples (1M not run; indicative)"
        ratio = _ratio(run["ours"], run["baseline"])
        lines.append(f"| {where}: hrgraph.load on Oxigraph within 1.5× pyoxigraph's bulk_load | "
                     + (f"{ratio:.2f}× ({cell(run['ours'], cap)} vs {cell(run['baseline'], cap)})" if ratio else "—")
                     + f" | {_verdict(ratio is not None and ratio <= 1.5, run)} |")
        memory, oxigraph = ({r.name.removeprefix("query "): r for r in run["side"][store] if r.group == "query"}
                            for store in STORES)
        gains = {name: gain(memory[name], oxigraph[name], cap)[0] for name in memory if name in oxigraph}
        measured = "not measured"
        if gains:
            least = min(gains, key=lambda name: gains[name] if gains[name] is not None else -1.0)
            measured = (f"least: {gain(memory[least], oxigraph[least], cap)[1] or 'none'} ({least}: "
                        f"{cell(memory[least], cap)} vs {cell(oxigraph[least], cap)}); "
                        f"{sum(v is not None and v >= 10 for v in gains.values())} of {len(gains)} at 10× or more")
        met = bool(gains) and all(value is not None and value >= 10 for value in gains.values())
        lines.append(f"| {where}: every named query at least 10× faster on Oxigraph (median) | {measured} | "
                     f"{_verdict(met, run)} |")
        ok = all(r.status == "ok" and r.value is not None and r.value < 2 for r in run["persistent"])
        lines.append(f"| {where}: every named query as a fresh `hrgraph query NAME --store oxigraph:PATH` under 2 s | "
                     f"{_persistent_summary(run['persistent'], cap)} | {_verdict(ok, run)} |")
    worst = max(base["cli"], key=lambda r: r.value if r.value is not None else float("inf"))
    ratio = _ratio(worst, base["minimal"])
    lines.append(f"| bundled graph: fresh `hrgraph query NAME` within 1.3× a bare rdflib parse of the same files | "
                 f"slowest {worst.name}: {cell(worst, cap)} vs {cell(base['minimal'], cap)}"
                 + (f", {ratio:.2f}×" if ratio else "") + f" | {'yes' if ratio and ratio <= 1.3 else 'no'} |")
    rate = base["throughput"]
    lines.append(f"| bundled graph: endpoint at least 300 req/s ({base['store']}, {rate.info}) | {cell(rate, cap)} | "
                 f"{'yes' if rate.value and rate.value >= 300 else 'no'} |")
    lines.append("| 5,000-node view usable within 5 s | measured by benchmarks/view_benchmark.py (Chromium) | — |")
    return "\n".join(lines) + "\n"


def machine(arguments: argparse.Namespace) -> str:
    """Where and how the numbers were taken."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
                platform.processor() or "unknown CPU")
    memory = Path("/proc/meminfo").read_text().split()[1] if Path("/proc/meminfo").exists() else "0"
    packages = ", ".join(f"{name} {version(name)}" for name in ("rdflib", "pyoxigraph", "networkx"))
    return (f"# hrgraph at scale\n\n{time.strftime('%Y-%m-%d')}, {cpu}, {os.cpu_count()} cores, "
            f"{int(memory) / 1024**2:.0f} GB RAM, load average {os.getloadavg()[0]:.1f} at the start; "
            f"Python {platform.python_version()}, {packages}. Medians of {arguments.repeat} runs; "
            f"each measurement stopped after {arguments.cap:g} s. The machine may be shared: timings are indicative.\n")


def _ratio(numerator: Result, denominator: Result) -> float | None:
    if numerator.status == "ok" and denominator.status == "ok" and numerator.value and denominator.value:
        return numerator.value / denominator.value
    return None


def _persistent_summary(results: list[Result], cap: float) -> str:
    """The slowest fresh query (a failed one first), and how many took under 2 s."""
    failed = [r for r in results if r.status != "ok"]
    slowest = failed[0] if failed else max(results, key=lambda r: r.value or 0.0)
    fast = sum(r.status == "ok" and r.value is not None and r.value < 2 for r in results)
    return f"slowest {cell(slowest, cap)} ({slowest.name}); {fast} of {len(results)} under 2 s"


def _verdict(met: bool, run: dict[str, Any]) -> str:
    return ("yes" if met else "no") if run["size"] == TARGET_SIZE else ("(yes)" if met else "(no)")


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(synthetic.SIZES), help="graph sizes, in triples")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (the median is shown)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds after which a measurement is stopped")
    parser.add_argument("--queries", nargs="+", help="named queries to run (default: all)")
    parser.add_argument("--serve-seconds", type=float, default=5.0, help="duration of each throughput measurement")
    parser.add_argument("--data-dir", type=Path, help="keep the generated graphs here, and reuse them")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", choices=STORES, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    queries = arguments.queries or list(library())
    if arguments.worker:
        worker(arguments.worker, arguments.store, queries, arguments.repeat, arguments.cap, arguments.serve_seconds)
        return
    unknown = sorted(set(queries) - set(library()))
    if unknown:
        parser.error(f"unknown queries: {', '.join(unknown)}")
    parts = [machine(arguments)]
    print(parts[0], flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="hrgraph-scale-") as scratch:
        folder = arguments.data_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in arguments.sizes:
            path = folder / f"synthetic-{size}-seed0.ttl"
            if not path.exists():
                _progress(f"generating {path}")
                synthetic.write(size, folder)
            runs.append(at_size(size, path, Path(scratch), arguments, queries))
            parts.append(size_section(runs[-1], arguments.cap))
            print(parts[-1], flush=True)
        parts.append(targets_section(runs, bundled(arguments, queries), arguments.cap))
        print(parts[-1], flush=True)
    if arguments.out:
        write_atomic(arguments.out, "\n".join(parts).encode("utf-8"), overwrite=True)


if __name__ == "__main__":
    main()
