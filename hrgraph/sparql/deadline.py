"""Work under a deadline, in a forked child that is killed when time is up: rdflib cannot be interrupted.

Used by ``hrgraph query --timeout`` and by the server's updates; the server's queries run in the
pre-forked workers of :mod:`hrgraph.pool`, which keep the same deadline and say the same words.
Every fork holds ``FORK_LOCK``: a child forked while another thread holds a lock inside a store (or
forks too) inherits that lock held, and hangs.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from hrgraph.errors import QueryError, TimedOut, WorkerDied, first_line

__all__ = ["FORK_LOCK", "died", "run_in_child", "timed_out"]

T = TypeVar("T")
#: Held by every fork of the server and by every thread that changes its store (see above).
FORK_LOCK = threading.Lock()


def timed_out(what: str, timeout: float, tail: str = "") -> TimedOut:
    """``query timed out after 30s``: the error for work killed at its deadline."""
    return TimedOut(f"{what} timed out after {timeout:g}s{tail}")


def died(what: str, tail: str = "") -> WorkerDied:
    """The error for work whose process ended without an answer (killed, or out of memory)."""
    return WorkerDied(f"{what} failed: the worker process ended without an answer{tail}")


def run_in_child(work: Callable[[], T], *, timeout: float, what: str, tail: str = "") -> T:
    """``work()``'s value, computed in a forked child killed after ``timeout`` seconds.

    ``what`` (``query``, ``update``) and ``tail`` (``; nothing was changed``) make the messages. A
    QueryError raised by ``work`` comes back as it is; any other exception as "WHAT failed: ...".
    The child works on its copy-on-write view of the parent's memory: nothing it changes comes back.

    >>> run_in_child(lambda: 6 * 7, timeout=10, what="sum")
    42
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_work_in_child, args=(work, what, tail, sender), daemon=True)
    with FORK_LOCK:
        child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise timed_out(what, timeout, tail)
        done, outcome = receiver.recv()
    except EOFError:
        raise died(what, tail) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if not done:
        raise QueryError(outcome)
    return outcome  # type: ignore[no-any-return]


def _work_in_child(work: Callable[[], object], what: str, tail: str, sender: Connection) -> None:
    try:
        sender.send((True, work()))
    except QueryError as error:
        sender.send((False, str(error)))
    except Exception as error:  # sent back as text: the parent raises it as a QueryError
        sender.send((False, f"{what} failed: {first_line(error)}{tail}"))
