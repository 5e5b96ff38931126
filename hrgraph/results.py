"""Write query answers: rdflib's serializers for the standard result formats, plus terminal tables.

SELECT: ``table`` (aligned; labels in place of IRIs that have one, repeated things shown once), ``csv``, ``tsv``, ``json`` (SPARQL 1.1 Query Results JSON),
``xml``, ``md``. ASK: the same, or ``true``/``false`` as a table. CONSTRUCT and DESCRIBE: the
graph formats of :mod:`hrgraph.rdf.export`. Every format's facts are in :mod:`hrgraph.rdf.formats`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from hrgraph.namespaces import BASE
from hrgraph.rdf.export import serialize
from hrgraph.rdf.files import new_graph
from hrgraph.rdf.formats import EXPORT_FORMATS as GRAPH_FORMATS
from hrgraph.rdf.formats import RESULT_FORMATS
from hrgraph.sparql import QueryResult

__all__ = ["GRAPH_FORMATS", "TABLE_FORMATS", "Columns", "format_result", "format_table"]

SOURCE_BASE = f"{BASE}source/"
#: Formats for SELECT and ASK answers; the first is the default.
TABLE_FORMATS = ("table", *(name for name in RESULT_FORMATS if name != "table"))


def format_result(result: QueryResult, fmt: str | None = None, *, width: int | None = None) -> bytes:
    """The answer in ``fmt`` (default: ``table`` for SELECT and ASK, ``turtle`` for graphs); a
    ``table`` at most ``width`` columns wide when given (long cells wrapped)."""
    if result.kind == "graph":
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"a CONSTRUCT/DESCRIBE answer is a graph: use one of {', '.join(GRAPH_FORMATS)}")
        return serialize(result.graph if result.graph is not None else new_graph(), fmt)
    fmt = fmt or "table"
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"a {result.kind.upper()} answer is a table: use one of {', '.join(TABLE_FORMATS)}")
    if result.kind == "update":
        return b"update done\n"
    if (writer := RESULT_FORMATS[fmt].rdflib) is not None:
        return result.to_rdflib().serialize(format=writer, encoding="utf-8")  # type: ignore[return-value]
    if result.kind == "ask":
        return b"true\n" if result.boolean else b"false\n"
    if fmt == "tsv":
        return _tsv(result).encode("utf-8")
    header, cells = _readable(result)
    return format_table(header, cells, markdown=fmt == "md", width=width).encode("utf-8")


@dataclass(frozen=True)
class Columns:
    """How an answer reads as a table: the columns ``shown`` (a column ``x`` with ``xLabel`` beside
    it is one column ``x``, its label ``paired``), and the ``keys``: the columns of things (IRIs,
    sources aside) whose values together say which fact a row is about, so that rows naming the
    same things are versions of one fact. No keys when nothing else is left to differ."""

    shown: list[str]
    paired: set[str]
    keys: list[str]
    position: dict[str, int]

    @classmethod
    def of(cls, result: QueryResult) -> Columns:
        variables = result.variables
        paired = {name for name in variables if name + "Label" in variables}
        shown = [name for name in variables if not (name.endswith("Label") and name[:-5] in paired)]
        position = {name: index for index, name in enumerate(variables)}
        keys = [name for name in shown
                if any(isinstance(row[position[name]], URIRef) for row in result.rows)
                and not any(str(row[position[name]]).startswith(SOURCE_BASE) for row in result.rows)]
        return cls(shown, paired, [] if len(keys) == len(shown) else keys, position)


def _readable(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """The answer as a table that reads (``Columns``): labels in place of IRIs that have one (a
    CURIE where none), and where consecutive rows name the same things their cells are shown once:
    each further version of a fact is a line of its own, under the first."""
    names = new_graph().namespace_manager
    columns = Columns.of(result)
    shown, paired, keys, position = columns.shown, columns.paired, columns.keys, columns.position
    written: dict[Node, str] = {}  # a thing named in many rows is written once (a CURIE costs 50 µs)

    def text(row: tuple[Node | None, ...], name: str) -> str:
        label = row[position[name + "Label"]] if name in paired else None
        if label is not None:
            return str(label)
        value = row[position[name]]
        if value is None:
            return ""
        found = written.get(value)
        if found is None:
            found = written[value] = _cell(value, names)
        return found

    cells, previous = [], None
    for row in result.rows:
        key = tuple(row[position[name]] for name in keys)
        cells.append(["" if keys and key == previous and name in keys else text(row, name) for name in shown])
        previous = key
    return shown, cells


def format_table(header: list[str], rows: list[list[str]] | list[tuple[str, ...]], *, markdown: bool = False,
                 width: int | None = None) -> str:
    """Rows of text as a terminal table (columns aligned, at most ``width`` wide) or a Markdown table."""
    cells = [[" ".join(cell.split()) for cell in row] for row in rows]
    return _markdown(header, cells) if markdown else _aligned(header, cells, width)


def _cell(value: Node | None, names: NamespaceManager) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        curie = value.n3(names)
        return curie if not curie.startswith("<") else str(value)
    if isinstance(value, Literal):
        return str(value)
    return value.n3()


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax; rdflib parses this format but cannot write it."""

    def term(value: Node | None) -> str:
        if value is None:
            return ""
        return value.n3().replace("\t", "\\t")

    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(term(value) for value in row) for row in result.rows]
    return "\n".join(lines) + "\n"


class _Wide(dict[int, int | None]):
    """A ``str.translate`` table that keeps East Asian wide characters and drops the others, each
    character looked up once (``unicodedata`` per character took most of a 10,000-row table's time)."""

    def __missing__(self, code: int) -> int | None:
        kept = self[code] = code if unicodedata.east_asian_width(chr(code)) in "WF" else None
        return kept


_WIDE = _Wide()


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters (광주) take two.

    >>> _width("Gwangju"), _width("광주 city")
    (7, 9)
    """
    return len(text) if text.isascii() else len(text) + len(text.translate(_WIDE))


def _aligned(header: list[str], rows: list[list[str]], width: int | None = None) -> str:
    natural = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths = natural if width is None else _fit(natural, width - 2 * (len(header) - 1))

    def lines(cells: list[str]) -> list[str]:
        wrapped = [_wrap(c, w) for c, w in zip(cells, widths, strict=True)]
        return ["  ".join(part[n] + " " * (w - _width(part[n])) if n < len(part) else " " * w
                          for part, w in zip(wrapped, widths, strict=True)).rstrip()
                for n in range(max(map(len, wrapped), default=1))]

    rule = "  ".join("-" * w for w in widths)
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    body = [lines(row) for row in rows]
    if any(len(row) > 1 for row in body):  # rows of several lines: an empty line between two rows
        body = [[*row, ""] for row in body[:-1]] + body[-1:]
    return "\n".join([*lines(header), rule, *(text for row in body for text in row), footer]) + "\n"


#: The narrowest a column is made to fit a terminal (a longer word is cut there).
_MIN_COLUMN = 6


def _fit(natural: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``: narrow columns keep their width, the wide ones share the rest.

    >>> _fit([4, 40, 60], 50)
    [4, 23, 23]
    """
    if sum(natural) <= room:
        return natural
    widths = list(natural)
    wide = sorted(range(len(natural)), key=natural.__getitem__)
    left, share = room, 0
    for count, index in enumerate(wide):
        share = max(_MIN_COLUMN, left // (len(wide) - count))
        if natural[index] > share:
            break
        left -= natural[index]
    else:
        return widths
    for index in wide[count:]:
        widths[index] = share
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, broken between words where it can."""
    if _width(text) <= width:
        return [text]
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        *pieces, line = _pieces(word, width)
        lines += pieces
    return [*lines, line] if line else lines


def _pieces(word: str, width: int) -> list[str]:
    """A word cut into pieces of at most ``width`` columns, an identifier after - / : _ where it can;
    linear in the word's length, so a 10-million-character literal takes a moment, not hours.

    >>> _pieces("https://w3id.org/hrgraph/city/rosario", 12)
    ['https://', 'w3id.org/', 'hrgraph/', 'city/rosario']
    >>> _pieces("광주광역시", 4)
    ['광주', '광역', '시']
    """
    columns = None if word.isascii() else [_width(character) for character in word]
    left = len(word) if columns is None else sum(columns)
    pieces, start = [], 0
    while left > width:
        if columns is None:
            end = start + width
        else:
            end, used = start, 0
            while used + columns[end] <= width:
                used += columns[end]
                end += 1
            end = max(end, start + 1)  # a character wider than the column still moves on
        soft = max(word.rfind(mark, start, end) for mark in "-/:_")
        cut = soft + 1 if soft > start else end
        pieces.append(word[start:cut])
        left -= cut - start if columns is None else sum(columns[start:cut])
        start = cut
    return [*pieces, word[start:]]


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        escaped = (c.replace("|", "\\|") for c in cells)
        return "| " + " | ".join(escaped) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *map(line, rows)]) + "\n"
