"""Reading a request strictly: form and query-string parameters, Content-Type, and the error a bad
request gets (:class:`BadRequest`, answered with its status and a one-line reason)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote_to_bytes

__all__ = ["BadRequest", "content_type", "parse_form"]

_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


class BadRequest(Exception):
    """A request the server will not answer as asked: the HTTP status, a one-line message, headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def __reduce__(self) -> tuple[type[BadRequest], tuple[int, str, dict[str, str]]]:
        return BadRequest, (self.status, self.message, self.headers)  # query workers send these back


def parse_form(raw: bytes) -> dict[str, list[str]]:
    """``a=1&b=2`` strictly: bad percent-encoding or bytes that are not UTF-8 are a 400, not a guess.

    >>> parse_form(b"name=timeline&p.lang=ko&p.lang=en")
    {'name': ['timeline'], 'p.lang': ['ko', 'en']}
    """
    params: dict[str, list[str]] = {}
    if _PERCENT.search(raw):
        raise BadRequest(400, "invalid percent-encoding in the request (a % not followed by two hex digits)")
    for pair in raw.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        try:
            key = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
            text = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(400, "the request's parameters are not valid UTF-8") from None
        params.setdefault(key, []).append(text)
    return params


def content_type(header: str | None) -> tuple[str, dict[str, str]]:
    """A Content-Type header as its media type and parameters, lower-cased.

    >>> content_type('Application/SPARQL-Query; charset="UTF-8"')
    ('application/sparql-query', {'charset': 'utf-8'})
    """
    if not header:
        return "", {}
    media, *params = [p.strip() for p in header.split(";")]
    values = {}
    for param in params:
        name, _, value = param.partition("=")
        values[name.strip().lower()] = value.strip().strip('"').lower()
    return media.lower(), values
