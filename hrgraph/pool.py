"""A pool of pre-forked query worker processes, each holding the graph it was forked with.

Why processes: rdflib cannot be interrupted, so a query that must stop at its deadline has to run in
a process that can be killed. Why pre-forked: forking a child per query costs more than most queries;
forking a few once and reusing them costs nothing per query. A worker is a copy-on-write fork of the
server, so it holds the graph without copying or pickling it.

The parent keeps the deadline. It waits for an answer on the event loop (``add_reader`` on the pipe:
no thread, no polling), and kills (SIGKILL) a worker that misses the deadline; a worker that dies is
noticed the same way. Either way the request gets an error, never a hang, and a new worker is forked
in its place, so the pool keeps its size. A worker forked with an older graph than the current one is
retired when it is next taken: a query that starts after an update sees it, and queries already
running finish on the graph they started on. A worker ends at end-of-file on its pipe, that is when
the parent closes it or dies, and within two seconds of its deadline if the parent died meanwhile.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from rdflib import Graph

from hrgraph.errors import Busy
from hrgraph.sparql.deadline import FORK_LOCK, died, timed_out

__all__ = ["Handler", "QueryPool"]

#: What a worker does with each request it reads: the request in, the answer (picklable) out. It
#: should answer every request: an exception ends the worker (its traceback goes to stderr).
Handler = Callable[[Any], Any]
_FORK = multiprocessing.get_context("fork")


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection  # the parent's end of the pipe
    graph: Graph  # the graph it was forked with


class QueryPool:
    """``size`` worker processes that answer requests with ``make_handler(graph)``, where ``graph`` is
    ``current()`` when the worker was forked; answers come back within ``timeout`` seconds or not at all.

    ``start()`` forks the workers (the app's lifespan does it; a pool used before that starts itself),
    ``await run(request)`` answers one request, ``close()`` stops every worker.
    """

    def __init__(self, size: int, current: Callable[[], Graph], make_handler: Callable[[Graph], Handler], *,
                 timeout: float) -> None:
        self.size = size
        self.timeout = timeout
        self._current = current
        self._make_handler = make_handler
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []
        self._free = asyncio.Semaphore(0)  # counts the idle workers
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers, idle or busy."""
        return [worker.process.pid for worker in self._workers]  # type: ignore[misc]

    def start(self) -> None:
        for _ in range(self.size - len(self._workers)):
            self._release(self._fork())

    async def run(self, request: Any) -> Any:
        """A worker's answer to ``request``.

        Raises :class:`Busy` when no worker came free within ``timeout`` or the pool is closed, and
        QueryError when the answer did not come within ``timeout`` or the worker died.
        """
        if self._closed:
            raise Busy("the server is stopping: no more queries are taken")
        if not self._workers:
            self.start()
        worker = await self._acquire()
        answered = False
        try:
            worker.connection.send(request)
            await _readable(worker.connection, self.timeout)
            answer = worker.connection.recv()
            answered = True
        except TimeoutError:
            raise timed_out("query", self.timeout) from None
        except (EOFError, OSError):
            raise died("query") from None
        finally:  # also on cancellation: a worker that still owes an answer is never reused
            if self._closed or not answered:
                self._stop(worker)
            if not self._closed:
                self._release(worker if answered else self._fork())
        return answer

    def close(self) -> None:
        """Kill every worker and reap it: nothing is left running, nor as a zombie."""
        self._closed = True
        for worker in self._idle:
            self._stop(worker)
        self._idle.clear()
        for worker in self._workers:  # busy: the request it owes an answer sees the end-of-file and stops it
            worker.process.kill()
            worker.process.join()

    async def _acquire(self) -> _Worker:
        try:
            async with asyncio.timeout(self.timeout):
                await self._free.acquire()
        except TimeoutError:
            raise Busy("the server is busy: every query worker is in use; try again") from None
        worker = self._idle.pop()
        if worker.graph is not self._current() or not worker.process.is_alive():
            self._stop(worker)
            worker = self._fork()
        return worker

    def _release(self, worker: _Worker) -> None:
        self._idle.append(worker)
        self._free.release()

    def _fork(self) -> _Worker:
        graph = self._current()
        ours, theirs = _FORK.Pipe()
        process = _FORK.Process(target=self._serve, args=(theirs, ours, graph), name="hrgraph-query-worker",
                                daemon=True)
        with FORK_LOCK:
            process.start()
        theirs.close()
        worker = _Worker(process, ours, graph)
        self._workers.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
            worker.process.kill()
            worker.process.join()
            worker.connection.close()

    def _serve(self, connection: Connection, parents_end: Connection, graph: Graph) -> None:
        """The worker's life, in the child: read a request, answer it, until end-of-file."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then stops us
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the server's handler, inherited by the fork
        parents_end.close()  # so that the parent's exit is an end-of-file here
        for other in self._workers:
            other.connection.close()
        handler = self._make_handler(graph)
        overdue = math.ceil(self.timeout) + 1
        try:
            while True:
                request = connection.recv()
                signal.alarm(overdue)  # the parent kills us at the deadline; if it died, SIGALRM does
                answer = handler(request)
                signal.alarm(0)
                connection.send(answer)
        except (EOFError, BrokenPipeError):
            return


async def _readable(connection: Connection, timeout: float) -> None:
    """Wait until ``connection`` has data or its other end is closed, on the event loop itself."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = connection.fileno()
    loop.add_reader(fd, _settle, ready)
    try:
        async with asyncio.timeout(timeout):
            await ready
    finally:
        loop.remove_reader(fd)


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
