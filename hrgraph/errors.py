"""hrgraph's exceptions: each message names the file, line, entity or parameter, and how to fix it.

The library raises these; only the command line turns them into exit codes (see docs/using.md, "Exit status").
"""

from __future__ import annotations

from typing import Protocol

__all__ = [
    "AmbiguousEntityError",
    "Busy",
    "EntityNotFoundError",
    "HRGraphError",
    "IngestInputError",
    "IngestLockedError",
    "IngestValidationError",
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


class IngestInputError(InputError):
    """An input file cannot be ingested; ``problems`` lists every problem, each naming file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problems" if len(problems) > 1 else "1 problem"
        super().__init__(f"{count}; nothing was ingested:\n" + "\n".join(f"  {p}" for p in problems))


class _Report(Protocol):
    """What IngestValidationError needs of hrgraph.validate's report (errors.py imports nothing of hrgraph)."""

    def text(self) -> str: ...


class IngestValidationError(HRGraphError):
    """The ingested data would not conform to the shapes; nothing was written (the CLI says 1, as validate)."""

    def __init__(self, report: _Report) -> None:
        self.report = report
        super().__init__("the result does not conform to the shapes; nothing was written:\n" + report.text())


class IngestLockedError(OutputError):
    """Another ingest holds the lock on the graph directory; nothing was written."""


class QueryError(HRGraphError):
    """A query cannot run: unknown name, bad parameter, syntax error, refused form, timeout."""


class Busy(QueryError):
    """The server cannot take the query now: every query worker stayed busy for as long as a request may
    wait for one, or the server is stopping (the server says 503)."""


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
