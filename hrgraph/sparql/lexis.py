"""Enough of SPARQL's lexis to find keywords without parsing: comments, strings, IRIs and words.

Used where a full parse would cost too much or come too late: finding the WHERE group to bind
parameters into, the prefixes a query uses, and whether Oxigraph may parse a query itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["TOKENS", "keywords", "strip_comments", "tokens"]

TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<word>[A-Za-z_][\w-]*)
      | (?P<brace>\{)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@lru_cache(maxsize=256)
def tokens(text: str) -> tuple[re.Match[str], ...]:
    """The tokens of ``text`` that mean something: no comments, no white space. Kept for the texts last
    seen: binding a named query, declaring its prefixes and checking it read the same texts on every run."""
    return tuple(t for t in TOKENS.finditer(text) if t.lastgroup != "comment" and not t.group().isspace())


def keywords(found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The bare words of ``found`` (from :func:`tokens`): not a variable (``?service``), a prefixed name
    (``ex:from``, ``from:x``) or a language tag (``"x"@from``), written without spaces."""
    bare = []
    for index, token in enumerate(found):
        if token.lastgroup != "word":
            continue
        before = found[index - 1] if index else None
        after = found[index + 1] if index + 1 < len(found) else None
        if (before is not None and before.end() == token.start() and before.group() in ("?", "$", ":", "@")) or (
            after is not None and after.start() == token.end() and after.group() == ":"
        ):
            continue
        bare.append(token)
    return bare


def strip_comments(text: str) -> str:
    """``text`` without its comments (a ``#`` inside a string or IRI is kept)."""
    return "".join(t.group() for t in TOKENS.finditer(text) if t.lastgroup != "comment")
