"""The pre-forked query workers: deadlines, deaths, updates and shutdown, and answers equal to run_query's.

The pool is tested on its own with a handler that sleeps or echoes (fast, and independent of rdflib),
and through the web app on the memory store and on Oxigraph.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import signal
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

import hrgraph
from hrgraph.errors import Busy, QueryError
from hrgraph.pool import Handler, QueryPool
from hrgraph.sparql import get_query, run_query
from hrgraph.sparql.safety import prepare
from hrgraph.web import Settings, background, create_app

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2, and says so at import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ROSARIO = "https://w3id.org/hrgraph/city/rosario"


def sleeper(graph: Graph) -> Handler:
    """A handler that sleeps for the seconds it is asked, then answers with the graph's size.

    Asked ``(seconds, marker)`` it first creates the file ``marker``, so that a test knows the work
    has begun; asked ``(gate, marker)``, with a path for a gate, it waits until that file exists.
    """

    def answer(request: float | tuple[float | Path, Path]) -> int:
        wait, marker = request if isinstance(request, tuple) else (request, None)
        if marker is not None:
            marker.touch()
        if isinstance(wait, Path):
            while not wait.exists():
                time.sleep(0.01)
        else:
            time.sleep(wait)
        return len(graph)

    return answer


async def begun(marker: Path, request: asyncio.Task[Any]) -> None:
    """Wait until a worker has begun ``request``, which carries ``marker``: order by events, not sleeps."""
    while not marker.exists() and not request.done():
        await asyncio.sleep(0.01)
    assert marker.exists(), f"the request ended before a worker began it: {request}"


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie is not: it has ended, only its exit status is left)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def reaped(pid: int) -> bool:
    """Whether ``pid`` has ended and been waited for: no process, not even a zombie."""
    return not Path(f"/proc/{pid}").exists()


def children() -> set[int]:
    """Process ids whose parent is this process, zombies included."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


def eventually(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def graph_of(size: int) -> Graph:
    graph = Graph()
    for number in range(size):
        graph.add((URIRef(f"http://example.org/s{number}"), URIRef("http://example.org/p"), Literal(number)))
    return graph


def pool_test(body: Callable[[QueryPool], Any], *, size: int = 2, timeout: float = 5.0,
              current: Callable[[], Graph] | None = None) -> Any:
    """Run ``body(pool)`` on an event loop with a started pool of sleepers; the pool is closed after."""
    graph = graph_of(3)
    pool = QueryPool(size, current or (lambda: graph), sleeper, timeout=timeout)
    pool.start()
    try:
        return asyncio.run(body(pool))
    finally:
        pool.close()


# The pool on its own ------------------------------------------------------------------------------


def test_a_query_past_its_deadline_is_stopped_and_its_worker_replaced() -> None:
    async def body(pool: QueryPool) -> None:
        before = pool.pids
        with pytest.raises(QueryError, match=r"query timed out after 0.3s"):
            await pool.run(60)
        after = pool.pids
        assert len(after) == len(before) == 2
        killed = set(before) - set(after)
        assert len(killed) == 1 and reaped(killed.pop())
        assert await pool.run(0) == 3  # the pool still answers

    pool_test(body, timeout=0.3)


def test_a_worker_killed_while_busy_fails_its_request_clearly_and_is_replaced(tmp_path: Path) -> None:
    async def body(pool: QueryPool) -> None:
        [victim] = pool.pids
        request = asyncio.create_task(pool.run((60, tmp_path / "begun")))
        await begun(tmp_path / "begun", request)
        os.kill(victim, signal.SIGKILL)
        with pytest.raises(QueryError, match="the worker process ended without an answer"):
            await request
        assert len(pool.pids) == 1 and victim not in pool.pids and reaped(victim)
        assert await pool.run(0) == 3

    pool_test(body, size=1)


def test_a_worker_killed_while_idle_is_replaced_before_it_is_asked() -> None:
    async def body(pool: QueryPool) -> None:
        victims = pool.pids
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        assert eventually(lambda: not any(running(pid) for pid in victims))
        assert await asyncio.gather(pool.run(0), pool.run(0)) == [3, 3]
        assert len(pool.pids) == 2 and not set(victims) & set(pool.pids)

    pool_test(body)


def test_a_request_waits_for_a_free_worker_and_then_gets_busy(tmp_path: Path) -> None:
    """Ordered by events: requests wait for the one worker first come, first served."""
    gate = tmp_path / "gate"

    async def body(pool: QueryPool) -> None:
        first = asyncio.create_task(pool.run((gate, tmp_path / "first")))  # holds the worker until the gate opens
        await begun(tmp_path / "first", first)
        second = asyncio.create_task(pool.run((60, tmp_path / "second")))  # waits for the worker, then holds it
        await asyncio.sleep(0)  # one turn of the loop: the task is now queued for a worker
        third = asyncio.create_task(pool.run(0))  # queued after the second: no worker comes free for it
        await asyncio.sleep(0)
        gate.touch()
        assert await first == 3
        await begun(tmp_path / "second", second)  # the worker went to the request that had waited longest
        with pytest.raises(Busy, match="busy"):
            await third
        with pytest.raises(QueryError, match="timed out"):
            await second

    pool_test(body, size=1, timeout=1.0)


def test_workers_of_an_older_graph_are_retired_and_running_queries_finish_on_it(tmp_path: Path) -> None:
    graphs = [graph_of(3)]

    async def body(pool: QueryPool) -> None:
        old_pids = pool.pids
        running_query = asyncio.create_task(pool.run((0.5, tmp_path / "begun")))
        await begun(tmp_path / "begun", running_query)
        graphs.append(graph_of(5))  # an update swapped in a new graph
        assert await asyncio.gather(pool.run(0), pool.run(0)) == [5, 5]  # neither worker is the old idle one
        assert await running_query == 3  # started before the swap: answered on the graph it started on
        assert await asyncio.gather(pool.run(0.1), pool.run(0.1)) == [5, 5]
        assert len(pool.pids) == 2 and not set(old_pids) & set(pool.pids)
        assert all(reaped(pid) for pid in old_pids)

    pool_test(body, current=lambda: graphs[-1])


def test_close_leaves_no_process_and_no_zombie() -> None:
    graph = graph_of(1)
    pool = QueryPool(3, lambda: graph, sleeper, timeout=5)
    pool.start()
    pids = pool.pids

    async def ask_then_leave_one_busy() -> None:
        assert await pool.run(0) == 1
        asyncio.get_running_loop().call_later(0.2, pool.close)
        with pytest.raises(QueryError):
            await pool.run(60)  # the server stops under it: an error, not a hang

    asyncio.run(ask_then_leave_one_busy())
    assert len(pids) == 3 and pool.pids == []
    assert all(reaped(pid) for pid in pids)
    with pytest.raises(QueryError, match="stopping"):
        asyncio.run(pool.run(0))


def _pool_then_wait(report: Any) -> None:
    """A server process that will be killed: starts a pool, reports its workers, waits."""
    graph = graph_of(1)
    pool = QueryPool(2, lambda: graph, sleeper, timeout=30)
    pool.start()
    report.send(pool.pids)
    time.sleep(60)


def test_workers_end_when_their_parent_dies() -> None:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = context.Process(target=_pool_then_wait, args=(sender,))
    parent.start()
    assert receiver.poll(10)
    workers = receiver.recv()
    assert len(workers) == 2 and all(running(pid) for pid in workers)
    parent.kill()
    parent.join()
    assert eventually(lambda: not any(running(pid) for pid in workers))


# Through the web app ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def stored(request: pytest.FixtureRequest) -> Graph:
    return hrgraph.load(store=request.param)


LIBRARY_CASES = [("members-of-network", {}), ("members-of-network", {"lang": "ko"}), ("is-member", {}),
                 ("membership-graph", {}), ("name-history", {}), ("cities-in-country", {})]


def test_answers_through_the_pool_equal_run_query(stored: Graph) -> None:
    with TestClient(create_app(stored, settings=Settings(timeout=30))) as client:
        for name, params in LIBRARY_CASES:
            expected = run_query(get_query(name), params, graph=stored)
            query = {"name": name, **{f"p.{key}": value for key, value in params.items()}}
            if expected.kind == "graph":
                response = client.get("/query", params={**query, "format": "nt"})
                assert response.status_code == 200, response.text
                assert isomorphic(Graph().parse(data=response.text, format="nt"), expected.graph), name
                continue
            response = client.get("/query", params={**query, "format": "json"})
            assert response.status_code == 200, response.text
            answer = Result.parse(io.BytesIO(response.content), format="json")
            if expected.kind == "ask":
                assert answer.askAnswer is expected.boolean, name
            else:
                assert [str(v) for v in answer.vars] == expected.variables, name
                assert Counter(tuple(row) for row in answer) == Counter(expected.rows), name
                assert len(expected.rows) > 0, name


def test_a_timeout_over_http_keeps_the_pool_whole(kg: Graph) -> None:
    with TestClient(create_app(kg, settings=Settings(timeout=1.0, workers=2))) as client:
        pool = client.app.state.web.pool  # type: ignore[attr-defined]
        before = pool.pids
        response = client.get("/sparql", params={"query": RUNAWAY})
        assert response.status_code == 503 and "timed out after 1s" in response.text
        assert len(pool.pids) == len(before) == 2 and pool.pids != before
        response = client.get("/sparql", params={"query": f"ASK {{ <{ROSARIO}> ?p ?o }}"})
        assert response.status_code == 200 and response.json()["boolean"] is True


def test_a_worker_killed_mid_query_is_a_server_fault_over_http(kg: Graph) -> None:
    """500 with a one-line reason: the request was fine, the server failed it (it was a 400)."""
    from concurrent.futures import ThreadPoolExecutor

    with TestClient(create_app(kg, settings=Settings(timeout=60, workers=1))) as client:
        pool = client.app.state.web.pool  # type: ignore[attr-defined]
        [victim] = pool.pids
        with ThreadPoolExecutor(1) as asking:
            request = asking.submit(client.get, "/sparql", params={"query": RUNAWAY})
            assert eventually(lambda: not pool._idle)  # the one worker has the query
            os.kill(victim, signal.SIGKILL)
            response = request.result()
        assert response.status_code == 500
        assert response.text == "query failed: the worker process ended without an answer\n"
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # a new worker answers


def test_after_an_update_queries_see_the_new_triple(kg: Graph) -> None:
    copy = Graph()
    copy += kg
    ask = {"query": "ASK { <http://example.org/new> <http://example.org/p> 1 }"}
    settings = Settings(enable_update=True, timeout=30, workers=2)
    with TestClient(create_app(copy, settings=settings), base_url="http://localhost") as client:
        assert client.get("/sparql", params=ask).json()["boolean"] is False
        response = client.post("/sparql", data={"update": "INSERT DATA { <http://example.org/new> <http://example.org/p> 1 }"})
        assert response.status_code == 200, response.text
        for _ in range(3):  # whichever worker answers
            assert client.get("/sparql", params=ask).json()["boolean"] is True


def test_stopping_the_server_stops_its_workers(kg: Graph) -> None:
    with TestClient(create_app(kg, settings=Settings(workers=2))) as client:
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        pids = client.app.state.web.pool.pids  # type: ignore[attr-defined]
        assert len(pids) == 2 and all(running(pid) for pid in pids)
    assert all(reaped(pid) for pid in pids)

    before = children()
    with background(kg, Settings(port=0, workers=2)) as base:
        import httpx

        assert httpx.get(base + "sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
        workers = children() - before
        assert len(workers) == 2
    assert all(reaped(pid) for pid in workers)


def test_a_repeated_query_is_parsed_once() -> None:
    memory = hrgraph.load(store="memory")
    text = f"SELECT ?p WHERE {{ <{ROSARIO}> ?p ?o }} # {time.time()}"  # new to the cache
    before = prepare.cache_info()
    first, second = run_query(text, graph=memory), run_query(text, graph=memory)
    after = prepare.cache_info()
    assert first.rows == second.rows and len(first.rows) > 0
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)


def test_serve_command_takes_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import hrgraph.web
    from hrgraph.cli import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(hrgraph.web, "run", lambda graph, settings: seen.update(settings=settings))
    result = CliRunner().invoke(cli, ["serve", "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert seen["settings"].workers == 3
    assert Settings().workers == max(2, os.cpu_count() or 1)
