"""Read a spreadsheet of facts (CSV or YAML) into rows, safely, naming the file and line of every problem.

CSV: UTF-8 (a byte order mark is accepted and dropped), or another encoding given by the caller; a
header row of known column names, then one fact per row. YAML: a list of mappings with the same
keys, read with a loader that builds plain strings only (``NO``, ``yes``, ``0123`` and
``2001-12-10`` stay strings), refuses every tag that would build a Python object, refuses anchors
and aliases (so an alias bomb is rejected at once) and refuses duplicate keys.

Every problem of the file is collected and reported together; nothing is returned from a file that
has one.

>>> rows = read_rows_text("subject,predicate,object,source_url\\nGraz,located in,Austria,https://example.org\\n", "f.csv")
>>> rows[0].line, rows[0].values["object"]
(2, 'Austria')
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from hrgraph.errors import IngestInputError, InputError
from hrgraph.rdf.files import check_regular_file

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "Row", "read_rows", "read_rows_text"]

#: The columns a fact row may have, in the documented order; the first four are required.
COLUMNS = (
    "subject",
    "predicate",
    "object",
    "source_url",
    "subject_type",
    "object_type",
    "date",
    "as_of",
    "role",
    "process",
    "subject_id",
    "object_id",
    "source_title",
    "note",
    "quote",
    "language",
)
REQUIRED_COLUMNS = ("subject", "predicate", "object", "source_url")
#: Larger inputs are refused before they are parsed (a spreadsheet of facts is far smaller).
MAX_BYTES = 20_000_000


@dataclass
class Row:
    """One fact row: where it is (file and first line) and its non-empty values by column name."""

    path: str
    line: int
    values: dict[str, str] = field(default_factory=dict)
    #: YAML: the line of each key. CSV: empty, every value is on the row's line.
    lines: dict[str, int] = field(default_factory=dict)
    #: CSV: the header, to name a column by its number.
    header: tuple[str, ...] = ()

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def where(self, column: str | None = None) -> str:
        """``file:line``, with the column (CSV: its number and name; YAML: its key) when given."""
        if column is None:
            return f"{self.path}:{self.line}"
        if column in self.header:
            return f"{self.path}:{self.line}: column {self.header.index(column) + 1} ({column})"
        return f"{self.path}:{self.lines.get(column, self.line)}: {column}"


def read_rows(path: str | os.PathLike[str], encoding: str | None = None) -> list[Row]:
    """Read a ``.csv`` or ``.yaml``/``.yml`` file of facts; raises IngestInputError listing every problem."""
    path = Path(path)
    check_regular_file(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: No such file") from None
    if size > MAX_BYTES:
        raise InputError(f"{path}: {size} bytes is too large to ingest (at most {MAX_BYTES})")
    data = path.read_bytes()
    return read_rows_bytes(data, str(path), encoding=encoding)


def read_rows_bytes(data: bytes, name: str, encoding: str | None = None) -> list[Row]:
    """Decode ``data`` (UTF-8 unless ``encoding``) and read it as CSV or YAML according to ``name``."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise InputError(f"{name}: unknown file type {suffix or '(none)'}; give a .csv, .yaml or .yml file")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = "use --encoding with the file's encoding (for example --encoding cp1252)"
        what = "not UTF-8" if encoding is None else f"not {encoding}"
        raise InputError(f"{name}:{line}: {what} (byte {data[error.start]:#04x}); {hint}") from None
    if encoding and text.startswith("\ufeff"):
        text = text[1:]
    return read_rows_text(text, name)


def read_rows_text(text: str, name: str) -> list[Row]:
    """Read already decoded text as CSV or YAML according to ``name``'s extension."""
    if not text.strip():
        raise InputError(f"{name}: empty file; expected a header row ({', '.join(REQUIRED_COLUMNS)}, ...) and rows")
    if Path(name).suffix.lower() == ".csv":
        return _read_csv(text, name)
    return _read_yaml(text, name)


# ------------------------------------------------------------------ CSV


def _read_csv(text: str, name: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"{name}:{reader.line_num}: not valid CSV: {error}") from None
    records = [(line, record) for line, record in records if any(cell.strip() for cell in record)]
    if not records:
        raise InputError(f"{name}: empty file; expected a header row and rows")
    header_line, header = records[0]
    header = [cell.strip() for cell in header]
    _check_header(header, name, header_line)
    if len(records) == 1:
        raise InputError(f"{name}: a header row and no facts; add one fact per row")
    ragged = [line for line, record in records[1:] if len(record) != len(header)]
    if ragged:
        raise InputError(
            f"{name}: rows with {'a different number of cells' if len(ragged) > 1 else 'another number of cells'} "
            f"than the header's {len(header)}: line{'s' if len(ragged) > 1 else ''} {_numbers(ragged)}"
        )
    rows = []
    for line, record in records[1:]:
        values = {column: cell.strip() for column, cell in zip(header, record, strict=True) if cell.strip()}
        rows.append(Row(name, line, values, header=tuple(header)))
    return rows


def _check_header(header: list[str], name: str, line: int) -> None:
    problems = []
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(f"{name}:{line}: column {position} has no name")
        elif column in seen:
            problems.append(f"{name}:{line}: duplicate column {column!r} (columns {seen[column]} and {position})")
        elif column not in COLUMNS:
            close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"{name}:{line}: unknown column {column!r} (column {position}){hint}; "
                            f"columns: {', '.join(COLUMNS)}")
        seen.setdefault(column, position)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        problems.append(f"{name}:{line}: missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if problems:
        raise IngestInputError(problems)


def _numbers(lines: list[int]) -> str:
    return ", ".join(str(n) for n in lines)


# ------------------------------------------------------------------ YAML


class _StringsOnlyLoader(Reader, Scanner, Parser, Composer, BaseResolver):
    """Composes YAML into nodes and never constructs objects: every value stays the text written.

    Like PyYAML's BaseLoader without its constructor, and refusing aliases.
    """

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, "anchors and aliases (*name) are not allowed; write each value out")
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def _read_yaml(text: str, name: str) -> list[Row]:
    try:
        loader = _StringsOnlyLoader(text)  # its reader refuses control characters at once
    except ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise InputError(f"{name}:{line}: character U+{error.character:04X} is not allowed in YAML "
                         f"({error.reason})") from None
    try:
        document = loader.get_single_node()
    except _Refused as refused:
        raise InputError(f"{name}:{refused.line}: {refused.message}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(f"{name}{line}: YAML syntax error: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise InputError(f"{name}: YAML error: {error}") from None
    finally:
        loader.dispose()
    if document is None:
        raise InputError(f"{name}: empty file; expected a list of facts (- subject: ...)")
    if document.tag not in _PLAIN_TAGS:
        raise InputError(f"{name}:{document.start_mark.line + 1}: tag {document.tag} is not allowed")
    if not isinstance(document, SequenceNode):
        raise InputError(f"{name}:{document.start_mark.line + 1}: expected a list of facts, one '- subject: ...' "
                         "mapping each")
    if not document.value:
        raise InputError(f"{name}: an empty list; add one fact per item")
    problems: list[str] = []
    rows: list[Row] = []
    for item in document.value:
        line = item.start_mark.line + 1
        if item.tag not in _PLAIN_TAGS:
            problems.append(f"{name}:{line}: tag {item.tag} is not allowed; write a plain mapping")
            continue
        if not isinstance(item, MappingNode):
            problems.append(f"{name}:{line}: expected a mapping of column: value, found {_kind(item)}")
            continue
        row = Row(name, line)
        seen: dict[str, int] = {}
        for key_node, value_node in item.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                problems.append(f"{name}:{key_line}: a key must be a column name, found {_kind(key_node)}")
                continue
            key = key_node.value.strip()
            if key in seen:
                problems.append(f"{name}:{key_line}: duplicate key {key!r} (first at line {seen[key]})")
                continue
            seen[key] = key_line
            if key not in COLUMNS:
                close = difflib.get_close_matches(key, COLUMNS, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(f"{name}:{key_line}: unknown column {key!r}{hint}; columns: {', '.join(COLUMNS)}")
                continue
            if value_node.tag not in _PLAIN_TAGS:
                problems.append(f"{name}:{key_line}: {key}: tag {value_node.tag} is not allowed; write a plain value")
                continue
            if not isinstance(value_node, ScalarNode):
                problems.append(f"{name}:{key_line}: {key}: expected a plain value, found {_kind(value_node)}")
                continue
            value = value_node.value.strip()
            if value:
                row.values[key] = value
                row.lines[key] = key_line
        rows.append(row)
    columns = {column for row in rows for column in row.values}
    if not problems:
        missing = [column for column in REQUIRED_COLUMNS if column not in columns]
        if missing:
            problems.append(f"{name}: no fact has the required column{'s' if len(missing) > 1 else ''} "
                            f"{', '.join(missing)}")
    if problems:
        raise IngestInputError(problems)
    return rows


_PLAIN_TAGS = (BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG, "!")


def _kind(node: object) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = getattr(node, "tag", "")
    return f"a value tagged {tag}" if tag and not tag.startswith("tag:yaml.org,2002:") else "a value"
