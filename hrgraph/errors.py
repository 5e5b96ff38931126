"""hrgraph's exceptions: each message names the file, line, entity or parameter, and how to fix it.

The library raises these; only the command line turns them into exit codes (see README, "Exit status").
"""

from __future__ import annotations

__all__ = [
    "AmbiguousEntityError",
    "Busy",
    "EntityNotFoundError",
    "HRGraphError",
    "InputError",
    "OutputError",
    "QueryError",
    "RemoteError",
    "TimedOut",
    "WorkerDied",
    "first_line",
]


class HRGraphError(Exception):
    """Base class of every error hrgraph reports to a user."""


class InputError(HRGraphError):
    """A file or value given to hrgraph cannot be read: missing, malformed, unsafe."""


class OutputError(HRGraphError):
    """A result cannot be written where it was asked to go; nothing was written."""


class QueryError(HRGraphError):
    """A query cannot run: unknown name, bad parameter, syntax error, refused form, timeout."""


class Busy(QueryError):
    """Every query worker stayed busy for as long as a request may wait for one (the server says 503)."""


class TimedOut(QueryError):
    """A query or update ran past its deadline and its process was killed (the server says 503)."""


class WorkerDied(QueryError):
    """The process running a query or update ended without an answer: the server's fault, not the request's."""


class RemoteError(HRGraphError):
    """A remote endpoint cannot be reached, fails or answers wrongly, or a request to it was refused."""


class EntityNotFoundError(HRGraphError):
    """No entity matches a name; carries the closest names as suggestions."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no entity named {name!r}{hint}")


class AmbiguousEntityError(HRGraphError):
    """A name matches several entities; carries them so the user can pick one by slug or IRI."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(
            f"{name!r} names several entities: {', '.join(candidates)}; give a slug or IRI instead"
        )


def first_line(error: BaseException) -> str:
    """The first line of a library's error message (its type when it has none): one-line errors."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
