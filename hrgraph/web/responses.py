"""The answers every route gives alike: a one-line text message, an HTML page, and the rule that an
error message sent to a client never shows the server's file system paths."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from starlette.responses import HTMLResponse, PlainTextResponse, Response

from hrgraph.errors import Busy, HRGraphError, OutputError, TimedOut, WorkerDied
from hrgraph.paths import DATA_ROOT

__all__ = ["html", "public", "status_of", "text_response"]


#: Control characters: a message that echoes a request's path or name shows them escaped (\x1b), so an
#: answer read on a terminal cannot move its cursor, colour it or add lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def text_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    r"""``message`` as one line of plain text with ``status``.

    >>> text_response(404, "/city/a\x1b[2J\nX: not found").body
    b'/city/a\\x1b[2J\\x0aX: not found\n'
    """
    line = _CONTROL.sub(lambda found: f"\\x{ord(found[0]):02x}", message.rstrip("\n"))
    return PlainTextResponse(line + "\n", status_code=status, headers=dict(headers or {}))


def html(text: str, status: int = 200) -> Response:
    """A page; it depends on Accept and Accept-Language, so caches must keep them apart."""
    return HTMLResponse(text, status_code=status, headers={"Vary": "Accept, Accept-Language"})


def status_of(error: HRGraphError) -> int:
    """The HTTP status of a request that failed with ``error``: the server's faults are 5xx (out of
    time or of workers, or stopping, 503; a worker that died or an answer that could not be written,
    500), anything else is the request's (400)."""
    if isinstance(error, (TimedOut, Busy)):
        return 503
    return 500 if isinstance(error, (WorkerDied, OutputError)) else 400


def public(message: str) -> str:
    """An error message fit to send: no file system paths of the server."""
    for root in {str(DATA_ROOT), os.path.realpath(str(DATA_ROOT))}:
        message = message.replace(root + os.sep, "")
    return message
