"""Enough of SPARQL's lexis to find keywords without parsing: comments, strings, IRIs and words.

Used where a full parse would cost too much or come too late: finding the WHERE group to bind
parameters into, the prefixes a query uses, and whether Oxigraph may parse a query itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["TOKENS", "strip_comments", "tokens"]

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


def strip_comments(text: str) -> str:
    """``text`` without its comments (a ``#`` inside a string or IRI is kept)."""
    return "".join(t.group() for t in TOKENS.finditer(text) if t.lastgroup != "comment")
