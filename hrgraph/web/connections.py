"""Deadlines for receiving a request, which uvicorn lacks: its keep-alive timer only runs between
requests and stops at the first byte, so a client that sends half its headers, or promises a body
and never sends it, would hold its connection (and a slot of the server) for ever.

Here every request must arrive whole (headers and body) within ``request_timeout`` seconds of its
first byte, or of the connection's opening; a client that misses it with part of its headers sent
gets ``408`` with a one-line reason, and its connection is closed either way (one that sent nothing
is closed without a word, as an idle connection is).
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["RequestDeadline", "with_deadline"]


class RequestDeadline(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for receiving each request whole."""

    request_timeout: ClassVar[float] = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # a client that connects and sends nothing is held to the deadline too

    def data_received(self, data: bytes) -> None:
        if self._deadline is None:
            self._arm()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # the request is in whole (or the connection is ending)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and self.conn.trailing_data[0]:
            self._arm()  # part of a pipelined request is waiting

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.conn.our_state is h11.IDLE and self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            body = f"request timeout: the request did not arrive whole within {self.request_timeout:g}s\n".encode()
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                                 b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        self.transport.close()


def with_deadline(seconds: float) -> type[RequestDeadline]:
    """The protocol class for a server whose requests must arrive whole within ``seconds``."""
    return type("RequestDeadline", (RequestDeadline,), {"request_timeout": seconds})
