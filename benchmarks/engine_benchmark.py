"""hrgraph against the engine under it: each measurement beside its anchor, in one run, as a ratio.

Issue 15 sets hrgraph's targets as ratios to what pyoxigraph alone does with the same data on the
same machine, so that a shared or slower machine changes both sides alike. For each size
(``--sizes``, in triples; ``--million`` adds 1,000,000) the script generates a synthetic graph
(``synthetic.py``) and measures, each side in a fresh process, the two sides alternating,
``--repeat`` times (medians):

- load: ``hrgraph.load`` on Oxigraph against pyoxigraph's ``bulk_load`` of the same files (the
  ontology and the data) into an in-memory store, with each process's peak RSS; and building a
  persistent store (``hrgraph.rdf.store.build``) against ``bulk_load`` into a RocksDB store;
- export: ``serialize(graph, "nt")`` on an Oxigraph graph of the data against pyoxigraph's N-Triples
  dump plus a sort of its lines (the canonical order), with the memory each adds to the process,
  and whether the bytes are the same;
- projection: ``project(graph, "full")`` against a bare pyoxigraph-to-NetworkX build (a node per
  typed subject, an edge per triple between two of them), networkx imported beforehand on both sides.

Then, on the bundled graph, one fresh process that loads it, validates it and answers a named query,
each phase timed (the data issue's "under a second in a fresh process"). The output is Markdown,
printed as each part is done and written to ``--out`` (atomically) at the end.

    .venv/bin/python benchmarks/engine_benchmark.py --out benchmarks/engine-results.md
    .venv/bin/python benchmarks/engine_benchmark.py --million --data-dir /tmp/hrgraph-synthetic --out benchmarks/engine-results.md
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import synthetic

from hrgraph.atomic import write_atomic

MILLION = 1_000_000
#: The named query the bundled-graph measurement answers (the one the endpoint benchmarks use).
NAMED_QUERY = "members-of-network"
BUNDLED_TARGET = 1.0

#: Each side of each measurement, run as ``python -c CODE FILE [SCRATCH]`` in a fresh process. The
#: code prints one JSON object: ``seconds`` (the timed part), ``added_mb`` (what the timed part added
#: to the process's peak RSS over its RSS before it), ``peak_mb``, ``answer`` (compared across sides).
_PRELUDE = """import json, os, resource, sys, time
from pathlib import Path
import pyoxigraph as ox
def rss():
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def report(started, before, answer):
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "added_mb": max(0.0, peak() - before), "peak_mb": peak(), "answer": answer}))
"""
SIDES = {
    "load pyoxigraph": """from hrgraph.paths import ONTOLOGY_FILE
before, started = rss(), time.perf_counter()
store = ox.Store()
for path in (ONTOLOGY_FILE, sys.argv[1]):
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
report(started, before, len(store))
""",
    "load hrgraph": """import hrgraph
before, started = rss(), time.perf_counter()
graph = hrgraph.load([sys.argv[1]], store="oxigraph")
report(started, before, len(graph))
""",
    "build pyoxigraph": """from hrgraph.paths import ONTOLOGY_FILE
before, started = rss(), time.perf_counter()
store = ox.Store(sys.argv[2])
for path in (ONTOLOGY_FILE, sys.argv[1]):
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
store.flush()
report(started, before, len(store))
""",
    "build hrgraph": """from hrgraph.rdf.store import build
before, started = rss(), time.perf_counter()
summary = build([Path(sys.argv[1])], Path(sys.argv[2]), force=True)
report(started, before, summary.triples)
""",
    "export pyoxigraph": """import hashlib
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
before, started = rss(), time.perf_counter()
data = b"".join(sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines(keepends=True)))
report(started, before, f"{len(data) / 1e6:.1f} MB, sha256 {hashlib.sha256(data).hexdigest()[:12]}")
""",
    "export hrgraph": """import hashlib, hrgraph
from hrgraph.rdf.export import serialize
graph = hrgraph.load([sys.argv[1]], ontology=False, store="oxigraph")
before, started = rss(), time.perf_counter()
data = serialize(graph, "nt")
report(started, before, f"{len(data) / 1e6:.1f} MB, sha256 {hashlib.sha256(data).hexdigest()[:12]}")
""",
    "projection pyoxigraph": """import networkx as nx
from hrgraph.paths import ONTOLOGY_FILE
store = ox.Store()
for path in (ONTOLOGY_FILE, sys.argv[1]):
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
before, started = rss(), time.perf_counter()
G, links = nx.MultiDiGraph(), []
for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
    subject, predicate, obj = quad.subject.value, quad.predicate.value, quad.object
    if predicate == TYPE:
        G.add_node(subject, kind=obj.value)
    elif isinstance(obj, ox.NamedNode):
        links.append((subject, obj.value, predicate))
G.add_edges_from((s, o, p, {"predicate": p}) for s, o, p in links if s in G and o in G)
report(started, before, f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
""",
    "projection hrgraph": """import networkx as nx, hrgraph
from hrgraph.projection import project
graph = hrgraph.load([sys.argv[1]], store="oxigraph")
before, started = rss(), time.perf_counter()
G = project(graph, "full")
report(started, before, f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
""",
}
#: Every named query with its default parameters, warm (one run first, then the median of ``RUNS``, or
#: of one run when the first took over a second), on each side in one process, each query in a forked
#: child stopped after ``sys.argv[2]`` seconds: hrgraph's ``run_query`` on Oxigraph (names resolved
#: through the name index, made once before); the same SPARQL text, bound with the IRI already known,
#: on pyoxigraph alone; and hrgraph's ``run_query`` on rdflib's memory store (one run).
#: Each prints one JSON object: query name -> [seconds, answer size], or [null, why].
RUNS = 5
_QUERIES = f"""import json, os, select, statistics, sys, time
import pyoxigraph as ox
import hrgraph
from hrgraph.sparql import bind, bind_parameters, get_query, library, predeclare, run_query
NAMES, CAP = sorted(library()), float(sys.argv[2])
def size(answer):
    return len(answer.rows) if answer.kind == "select" else len(answer.graph or ()) if answer.kind == "graph" else int(bool(answer.boolean))
def timed(action, warm):
    values, runs = [], 1
    if warm:
        started = time.perf_counter()
        action()
        runs = {RUNS} if time.perf_counter() - started < 1 else 1
    for _ in range(runs):
        started = time.perf_counter()
        found = action()
        values.append(time.perf_counter() - started)
    return [statistics.median(values), found]
def capped(action, warm=True):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            out = timed(action, warm)
        except Exception as error:
            out = [None, type(error).__name__]
        os.write(write, json.dumps(out).encode())
        os._exit(0)
    os.close(write)
    if select.select([read], [], [], CAP)[0]:
        data = b""
        while chunk := os.read(read, 65536):
            data += chunk
        os.close(read)
        os.waitpid(child, 0)
        return json.loads(data)
    os.kill(child, 9)
    os.waitpid(child, 0)
    os.close(read)
    return [None, f"over {{CAP:g}} s"]
"""
QUERY_SIDES = {
    "hrgraph": _QUERIES + """graph = hrgraph.load([sys.argv[1]], store="oxigraph")
graph.store.names()
print(json.dumps({name: capped(lambda: size(run_query(name, graph=graph))) for name in NAMES}))
""",
    "pyoxigraph": _QUERIES + """from hrgraph.paths import ONTOLOGY_FILE
from hrgraph.rdf.store import oxigraph_graph
store = ox.Store()
for path in (ONTOLOGY_FILE, sys.argv[1]):
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
graph = oxigraph_graph(store)
def answer(text):
    found = store.query(text, default_graph=ox.DefaultGraph())
    return int(bool(found)) if isinstance(found, ox.QueryBoolean) else len(list(found))
times = {}
for name in NAMES:
    query = get_query(name)
    text = predeclare(bind(query.text, bind_parameters(query, {}, graph)))
    times[name] = capped(lambda: answer(text))
print(json.dumps(times))
""",
    "rdflib": _QUERIES + """graph = hrgraph.load([sys.argv[1]], store="memory")
print(json.dumps({name: capped(lambda: size(run_query(name, graph=graph)), warm=False) for name in NAMES}))
""",
}
#: A fresh ``hrgraph query NAME --store oxigraph:PATH`` against a fresh pyoxigraph process that opens
#: the same store read-only and answers the same text (bound, the IRI known): each process's wall time.
FRESH_PYOXIGRAPH = """import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
found = store.query(sys.stdin.read(), default_graph=ox.DefaultGraph())
print(int(bool(found)) if isinstance(found, ox.QueryBoolean) else len(list(found)))
"""
QUERY_TARGET, RDFLIB_TARGET, FRESH_TARGET, FRESH_ANCHOR = 1.5, 10.0, 1.0, 0.5

#: The bundled graph in a fresh process: each phase's seconds, from the first line of the program.
BUNDLED = f"""import time
started = time.perf_counter()
import hrgraph
from hrgraph.sparql import run_query
from hrgraph.validate import validate
phases = {{"imports": time.perf_counter() - started}}
mark = time.perf_counter()
graph = hrgraph.load()
phases["load"] = time.perf_counter() - mark
mark = time.perf_counter()
report = validate(graph)
phases["validate"] = time.perf_counter() - mark
mark = time.perf_counter()
rows = run_query("{NAMED_QUERY}", graph=graph).rows
phases["query {NAMED_QUERY}"] = time.perf_counter() - mark
phases["in the process"] = time.perf_counter() - started
import json
print(json.dumps({{"phases": phases, "triples": len(graph), "conforms": report.conforms, "rows": len(rows),
                  "store": type(graph.store).__name__}}))
"""


@dataclass(frozen=True)
class Pair:
    """One target: hrgraph's side against its anchor, the ratio allowed, and what each side does."""

    name: str
    ours: str
    anchor: str
    anchor_words: str
    target: float
    scratch: bool = False  # the sides write a store: each run gets a new directory


PAIRS = (
    Pair("load into an in-memory store", "load hrgraph", "load pyoxigraph", "pyoxigraph bulk_load", 1.2),
    Pair("load into a persistent store", "build hrgraph", "build pyoxigraph", "pyoxigraph bulk_load (RocksDB)", 1.2,
         scratch=True),
    Pair("export N-Triples", "export hrgraph", "export pyoxigraph", "pyoxigraph dump + sort", 1.5),
    Pair("projection (full)", "projection hrgraph", "projection pyoxigraph", "bare pyoxigraph-to-NetworkX", 2.0),
)
#: Peak memory targets: (pair, ratio of peak RSS to the anchor's, or None; MB the timed part may add, or None).
MEMORY_TARGETS = {"load into an in-memory store": (1.1, None), "export N-Triples": (None, 300.0)}


@dataclass
class Side:
    """The medians of one side's runs, or why there are none."""

    seconds: float | None = None
    added_mb: float | None = None
    peak_mb: float | None = None
    answer: str = ""
    error: str = ""


def run_side(code: str, arguments: list[str], timeout: float,
             environment: dict[str, str] | None = None) -> dict[str, object]:
    """One fresh process (with ``environment`` added to ours); its JSON line, or ``{"error": ...}``."""
    try:
        done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True,
                              timeout=timeout, check=False, env={**os.environ, **(environment or {})})
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:g} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"error": (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1][:120]}
    return json.loads(lines[-1])


def measure(pair: Pair, path: Path, scratch: Path, repeat: int, timeout: float) -> tuple[Side, Side]:
    """Both sides of ``pair``, alternating, ``repeat`` times each; medians."""
    runs: dict[str, list[dict[str, object]]] = {pair.ours: [], pair.anchor: []}
    for attempt in range(repeat):
        for side in (pair.anchor, pair.ours) if attempt % 2 == 0 else (pair.ours, pair.anchor):
            arguments = [str(path)]
            if pair.scratch:
                arguments.append(tempfile.mkdtemp(prefix="store-", dir=scratch) + "/store")
            runs[side].append(run_side(_PRELUDE + SIDES[side], arguments, timeout))
    return _median(runs[pair.ours]), _median(runs[pair.anchor])


def _median(runs: list[dict[str, object]]) -> Side:
    failed = [run for run in runs if "error" in run]
    if failed:
        return Side(error=str(failed[0]["error"]))
    values = {key: statistics.median(float(run[key]) for run in runs) for key in ("seconds", "added_mb", "peak_mb")}
    return Side(**values, answer=str(runs[-1]["answer"]))


def at_size(size: int, path: Path, scratch: Path, repeat: int, timeout: float) -> str:
    """Every pair at one size, as a Markdown section."""
    lines = [f"## {size:,} triples", "",
             "| measurement | hrgraph | anchor | ratio | target | met | answer |", "|---|---|---|---|---|---|---|"]
    for pair in PAIRS:
        _progress(f"{path.name}: {pair.name}")
        done = len(lines)
        ours, anchor = measure(pair, path, scratch, repeat, timeout)
        ratio = ours.seconds / anchor.seconds if ours.seconds and anchor.seconds else None
        lines.append(f"| {pair.name} | {_time(ours)} | {_time(anchor)} ({pair.anchor_words}) | {_times(ratio)} "
                     f"| ≤ {pair.target:g}× | {_met(ratio, pair.target)} | {_answer(ours, anchor)} |")
        peak_target, added_target = MEMORY_TARGETS.get(pair.name, (None, None))
        if peak_target and ours.peak_mb and anchor.peak_mb:
            ratio = ours.peak_mb / anchor.peak_mb
            lines.append(f"| {pair.name}: peak RSS | {ours.peak_mb:,.0f} MB | {anchor.peak_mb:,.0f} MB | {_times(ratio)} "
                         f"| ≤ {peak_target:g}× | {_met(ratio, peak_target)} | |")
        if added_target and ours.added_mb is not None and anchor.added_mb is not None:
            met = "yes" if ours.added_mb < added_target else "no"
            lines.append(f"| {pair.name}: memory it adds | {ours.added_mb:,.0f} MB | {anchor.added_mb:,.0f} MB | "
                         f"| < {added_target:g} MB (at 1M) | {met if size == MILLION else f'({met})'} | |")
        print("\n".join(lines[done:]), flush=True)
    return "\n".join(lines) + "\n"


def named_queries(size: int, path: Path, scratch: Path, repeat: int, cap: float, rdflib_cap: float | None) -> str:
    """Every named query warm on each side (medians of ``repeat`` processes), and as a fresh process
    on a persistent store, as a Markdown section."""
    _progress(f"{path.name}: named queries")
    runs: dict[str, list[dict[str, list[object]]]] = {"hrgraph": [], "pyoxigraph": []}
    for attempt in range(repeat):
        for side in ("pyoxigraph", "hrgraph") if attempt % 2 == 0 else ("hrgraph", "pyoxigraph"):
            runs[side].append(_json_side(QUERY_SIDES[side], [str(path), str(cap)]))
    slow = _json_side(QUERY_SIDES["rdflib"], [str(path), str(rdflib_cap)]) if rdflib_cap else {}
    store = scratch / f"queries-{size}"
    from hrgraph.rdf.store import build

    build([path], store, force=True)
    texts = _bound_texts(store)
    lines = [f"### Named queries at {size:,} triples", "",
             f"Warm: one run, then the median of {RUNS}, in one process per side (medians of {repeat} processes); "
             "pyoxigraph answers the same SPARQL with the entity's IRI already bound. rdflib: hrgraph on rdflib's "
             "memory store, one run. Fresh: `hrgraph query NAME --store oxigraph:PATH` as a new process, against a new "
             "pyoxigraph process that opens the same store and answers the same text (whole processes, "
             "interpreter start included).", "",
             "| query | hrgraph warm | pyoxigraph, IRI known | ratio (≤ 1.5×) | rdflib memory | faster than rdflib "
             "(≥ 10× at 1M) | fresh hrgraph query | fresh pyoxigraph | fresh target | answer |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    worst = best_rdflib = 0.0
    for name in sorted(texts):
        ours, anchor = _query_median(runs["hrgraph"], name), _query_median(runs["pyoxigraph"], name)
        ratio = ours[0] / anchor[0] if ours[0] and anchor[0] else None
        worst = max(worst, ratio or 0.0)
        rdflib_time = slow.get(name, [None, "not measured"])
        stopped = rdflib_time[0] is None and name in slow  # stopped at the cap: at least that much faster
        faster = (rdflib_time[0] or (rdflib_cap if stopped else 0)) / ours[0] if ours[0] else None
        fresh_ours = _wall([sys.executable, "-m", "hrgraph", "query", name, "--store", f"oxigraph:{store}"], "",
                           repeat, cap)
        fresh_anchor = _wall([sys.executable, "-c", FRESH_PYOXIGRAPH, str(store)], texts[name], repeat, cap)
        due = fresh_anchor is not None and fresh_anchor < FRESH_ANCHOR
        fresh_met = "—" if fresh_ours is None or not due else "yes" if fresh_ours < FRESH_TARGET else "no"
        answer = f"{ours[1]}, both" if ours[1] == anchor[1] else f"{ours[1]} / {anchor[1]}"
        lines.append(
            f"| {name} | {_ms(ours[0]) if ours[0] else ours[1]} | {_ms(anchor[0]) if anchor[0] else anchor[1]} | {_times(ratio)} {_met(ratio, QUERY_TARGET)} | "
            f"{_ms(rdflib_time[0]) if rdflib_time[0] else rdflib_time[1]} | "
            f"{_gain(faster, stopped)} | {_ms(fresh_ours)} | {_ms(fresh_anchor)} | "
            f"{fresh_met} | {answer} |")
        if faster and not stopped:  # a query stopped on rdflib gives a bound, not a gain
            best_rdflib = min(best_rdflib or faster, faster)
    lines += ["", f"Worst warm ratio: {worst:.2f}× (target ≤ {QUERY_TARGET:g}×: {'met' if worst <= QUERY_TARGET else 'not met'})"
              + (f"; least gain over rdflib where it answered: {best_rdflib:,.0f}×" if best_rdflib else "") + ".", ""]
    text = "\n".join(lines)
    print(text, flush=True)
    return text + "\n"


def _json_side(code: str, arguments: list[str]) -> dict[str, list[object]]:
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        _progress((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1][:200])
        return {}
    return json.loads(lines[-1])


def _query_median(runs: list[dict[str, list[object]]], name: str) -> tuple[float | None, object]:
    values = [run[name] for run in runs if name in run and run[name][0] is not None]
    if not values:
        return None, next((run[name][1] for run in runs if name in run), "error")
    return statistics.median(float(value[0]) for value in values), values[-1][1]  # type: ignore[arg-type]


def _bound_texts(store: Path) -> dict[str, str]:
    """Each named query's text with its default parameters bound (entities resolved) on ``store``."""
    from hrgraph.rdf.store import open_store
    from hrgraph.sparql import bind, bind_parameters, library, predeclare

    graph = open_store(store)
    return {name: predeclare(bind(query.text, bind_parameters(query, {}, graph))) for name, query in library().items()}


def _wall(command: list[str], stdin: str, repeat: int, timeout: float) -> float | None:
    """The median wall time of ``repeat`` runs of ``command`` (None if one fails, inf if one takes
    ``timeout`` s: then it is stopped with every process it started, such as hrgraph's query child)."""
    values = []
    for _ in range(repeat):
        started = time.perf_counter()
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              text=True, start_new_session=True) as process:
            try:
                process.communicate(stdin, timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return math.inf
        if process.returncode not in (0, 1):  # an ASK answered false exits 1
            return None
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def _gain(faster: float | None, stopped: bool) -> str:
    """How many times faster than rdflib; "≥" where rdflib was stopped at the cap."""
    if not faster:
        return "—"
    return f"{'≥ ' if stopped else ''}{faster:,.0f}×"


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "error"
    if seconds == math.inf:
        return "stopped"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def bundled(repeat: int, timeout: float) -> str:
    """The bundled graph loaded, validated and queried in fresh processes: the first with no validation
    report kept (``validate`` runs the engine), the others with the report the first kept; medians."""
    _progress("bundled graph: load, validate, query in a fresh process")
    cache = {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="bundled-cache-")}
    runs, walls = [], []
    for _ in range(1 + repeat):
        started = time.perf_counter()
        runs.append(run_side(BUNDLED, [], timeout, cache))
        walls.append(time.perf_counter() - started)
    lines = ["## The bundled graph in a fresh process", ""]
    failed = [run for run in runs if "error" in run]
    if failed:
        return "\n".join([*lines, f"error: {failed[0]['error']}", ""])
    first, warm = runs[0], runs[1:]
    lines += [f"{first['triples']:,} triples on {first['store']}; conforms: {first['conforms']}; "
              f"{NAMED_QUERY}: {first['rows']} rows. The first process finds no validation report kept and runs "
              f"the SHACL engine; the next {repeat} find the one it kept (medians).", "",
              "| phase | first process (seconds) | again (seconds) |", "|---|---|---|"]
    for phase in first["phases"]:  # type: ignore[union-attr]
        again = statistics.median(run["phases"][phase] for run in warm)  # type: ignore[index]
        lines.append(f"| {phase} | {first['phases'][phase]:.3f} | {again:.3f} |")  # type: ignore[index]
    wall = statistics.median(walls[1:])
    lines.append(f"| the whole process, interpreter start included | {walls[0]:.3f} | {wall:.3f} |")
    lines += ["", f"Target: loads, validates and answers a named query in under {BUNDLED_TARGET:g} s in a fresh "
              f"process: {'met' if wall < BUNDLED_TARGET else 'not met'} once the graph's validation report is kept "
              f"({wall:.2f} s); the first validation of a graph takes {walls[0]:.2f} s.", ""]
    return "\n".join(lines)


def machine(arguments: argparse.Namespace) -> str:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    packages = ", ".join(f"{name} {version(name)}" for name in ("rdflib", "pyoxigraph", "networkx"))
    return (f"# hrgraph against its engine\n\n{time.strftime('%Y-%m-%d')}, {cpu}, {os.cpu_count()} cores, load "
            f"average {os.getloadavg()[0]:.1f} at the start; Python {platform.python_version()}, {packages}. Each "
            f"side in a fresh process, the two sides alternating; medians of {arguments.repeat} runs. A ratio is "
            f"hrgraph's time divided by its anchor's (lower is better; 1× is the engine's own speed). Made by "
            f"`benchmarks/engine_benchmark.py`.\n")


def _time(side: Side) -> str:
    if side.seconds is None:
        return "error: " + side.error.replace("|", "/")
    return f"{side.seconds * 1000:.0f} ms" if side.seconds < 1 else f"{side.seconds:.2f} s"


def _times(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def _met(ratio: float | None, target: float) -> str:
    return "—" if ratio is None else "yes" if ratio <= target else "no"


def _answer(ours: Side, anchor: Side) -> str:
    return f"{ours.answer}, both" if ours.answer == anchor.answer else f"{ours.answer} / {anchor.answer}"


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], help="graph sizes, in triples")
    parser.add_argument("--million", action="store_true", help="also measure 1,000,000 triples (minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per side (the median is shown)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds after which a process is stopped")
    parser.add_argument("--data-dir", type=Path, help="keep the generated graphs here, and reuse them")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    parser.add_argument("--rdflib-sizes", type=int, nargs="*", default=[], metavar="SIZE",
                        help="also run the named queries on rdflib's memory store at these sizes (1M with --million)")
    parser.add_argument("--rdflib-cap", type=float, default=10.0,
                        help="seconds after which a query on rdflib's memory store is stopped (then at least that)")
    parser.add_argument("--query-cap", type=float, default=60.0,
                        help="seconds after which one named query (warm-up and runs) or a fresh process is stopped")
    parser.add_argument("--queries-only", action="store_true", help="measure the named queries only")
    arguments = parser.parse_args()
    sizes = [*arguments.sizes, *([MILLION] if arguments.million and MILLION not in arguments.sizes else [])]
    parts = [machine(arguments)]
    print(parts[0], flush=True)
    with tempfile.TemporaryDirectory(prefix="hrgraph-engine-") as scratch:
        folder = arguments.data_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            path = folder / f"synthetic-{size}-seed0.ttl"
            if not path.exists():
                _progress(f"generating {path}")
                synthetic.write(size, folder)
            if not arguments.queries_only:
                parts.append(at_size(size, path, Path(scratch), arguments.repeat, arguments.timeout))
            rdflib = size in arguments.rdflib_sizes or (arguments.million and size == MILLION)
            parts.append(named_queries(size, path, Path(scratch), arguments.repeat, arguments.query_cap,
                                       arguments.rdflib_cap if rdflib else None))
        parts.append(bundled(arguments.repeat, arguments.timeout))
        print(parts[-1], flush=True)
    if arguments.out:
        write_atomic(arguments.out, "\n".join(parts).encode("utf-8"), overwrite=True)


if __name__ == "__main__":
    main()
