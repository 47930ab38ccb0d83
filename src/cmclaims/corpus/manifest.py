"""The rules of ``raw/manifest.csv``, derived from ``schema/manifest.schema.json``.

The Table Schema is the one statement of the manifest's columns, their
order, types, required cells, enums, patterns (whole-value matches, as in
Table Schema), minimums and unique columns. This module turns it into cell
checks that need only the standard library, so that the build, ``cmclaims
add`` and ``cmclaims check-contribution`` refuse a bad manifest before any
other work, fast, and without Frictionless. Two rules hold for every cell of
the file whatever the schema says: the file is UTF-8, and no cell holds a
line break or another control character.

Every problem is an :class:`~cmclaims.errors.InputError` naming the file,
the line, the column and the rule broken.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from cmclaims.errors import InputError

NAME = "manifest.csv"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"


@dataclass(frozen=True)
class Column:
    """One manifest column's rules, as the schema states them."""

    name: str
    type: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: re.Pattern[str] | None = None
    pattern_error: str = "does not match the schema's pattern"
    minimum: int | None = None

    @cached_property
    def _accepts(self) -> re.Pattern[str]:
        """One regular expression a good non-empty cell matches whole (the fast path; real dates and minimums aside)."""
        parts = [{"date": _ISO_DATE.pattern, "integer": _INTEGER.pattern}.get(self.type, ".*")]
        if self.enum is not None:
            parts.append("|".join(re.escape(value) for value in self.enum))
        if self.pattern is not None:
            parts.append(self.pattern.pattern)
        checks = "".join(f"(?=(?:{part})\\Z)" for part in parts)
        return re.compile(f"(?!.*{_CONTROL.pattern}){checks}.*", re.DOTALL)

    def fine(self, value: str | None) -> bool:
        """Whether a cell breaks no rule: what :meth:`problem` says, faster."""
        if value is None or value == "":
            return not self.required
        if not self._accepts.fullmatch(value):
            return False
        if self.type == "date":
            return is_iso_date(value)
        return self.minimum is None or int(value) >= self.minimum

    def problem(self, value: str | None) -> tuple[str, str] | None:
        """``(rule, what is wrong)`` for one cell (None: empty), or None when the cell is fine."""
        if value is None or value == "":
            return ("required", "is required (the cell is empty)") if self.required else None
        control = _CONTROL.search(value)
        if control:
            kind = "a line break" if control.group() in _LINE_BREAKS else "a control character"
            return "one line, no control characters", f"{_shown(value)} holds {kind} (U+{ord(control.group()):04X})"
        if self.type == "date" and not is_iso_date(value):
            return "type date", f"{_shown(value)} is not a real date in the form YYYY-MM-DD"
        if self.type == "integer" and not _INTEGER.fullmatch(value):
            return "type integer", f"{_shown(value)} is not a whole number"
        if self.enum is not None and value not in self.enum:
            return "enum", f"{_shown(value)} must be one of {', '.join(self.enum)}"
        if self.pattern is not None and not self.pattern.fullmatch(value):
            return "pattern", f"{_shown(value)} {self.pattern_error}"
        if self.minimum is not None and int(value) < self.minimum:
            return "minimum", f"{_shown(value)} is below the minimum {self.minimum}"
        return None


def _shown(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def is_iso_date(value: str) -> bool:
    """Whether ``value`` is a date that exists, written YYYY-MM-DD."""
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def columns() -> tuple[Column, ...]:
    """The manifest's columns, in file order, read from its Table Schema."""
    from cmclaims.tabular.definitions import table_schema

    schema = table_schema("manifest")
    result = []
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        if field.get("type", "string") not in ("string", "integer", "date"):
            raise ValueError(f"manifest column {field['name']}: type {field['type']} has no check")
        if field.get("type") == "date" and field.get("format", "default") != "default":
            raise ValueError(f"manifest column {field['name']}: only the default (ISO) date format is checked")
        result.append(Column(
            name=field["name"],
            type=field.get("type", "string"),
            required=bool(constraints.get("required")),
            unique=bool(constraints.get("unique")) or schema.get("primaryKey") == [field["name"]],
            enum=tuple(constraints["enum"]) if "enum" in constraints else None,
            pattern=re.compile(constraints["pattern"], re.DOTALL) if "pattern" in constraints else None,
            pattern_error=field.get("patternError", Column.pattern_error),
            minimum=constraints.get("minimum"),
        ))
    return tuple(result)


def column_names() -> tuple[str, ...]:
    return tuple(column.name for column in columns())


FILE_COLUMNS = ("source_id", "file", "sha256", "n_bytes")
"""The columns that name a raw file and fingerprint its bytes, which the reader checks against the file itself."""


def metadata_columns() -> tuple[str, ...]:
    """The other columns, in file order: what is known of an article from outside its text."""
    return tuple(name for name in column_names() if name not in FILE_COLUMNS)


def column(name: str) -> Column:
    return next(c for c in columns() if c.name == name)


def row_problems(row: Mapping[str, str | None]) -> Iterator[tuple[str, str, str]]:
    """``(column, rule, what is wrong)`` for every bad cell of one row, in column order."""
    for rule_column in columns():
        found = rule_column.problem(row.get(rule_column.name))
        if found:
            yield rule_column.name, *found


def _error(path: Path, line: int, column_name: str, rule: str, problem: str) -> InputError:
    return InputError(path, f"column {column_name}: {problem} (rule: {rule})", line)


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(path, f"byte {data[error.start:error.start + 1]!r} at column {column} is not UTF-8 "
                               "(rule: UTF-8 only); save the file as UTF-8", line) from None
    if text.startswith("\ufeff"):
        raise InputError(path, "starts with a byte-order mark (rule: UTF-8 only); save it as UTF-8 without BOM", 1)
    return text


def parse(path: Path, data: bytes) -> list[tuple[int, dict[str, str | None]]]:
    """Every row of a manifest as ``(line, cells)``, empty cells None, after checking every rule of the schema."""
    rules, names = columns(), column_names()
    reader = csv.reader(io.StringIO(_decode(path, data), newline=""), strict=True)
    rows: list[tuple[int, dict[str, str | None]]] = []
    seen: dict[str, dict[str, int]] = {c.name: {} for c in columns() if c.unique}
    try:
        header = next(reader, None)
        if header is None or tuple(header) != names:
            raise InputError(path, f"header must be {','.join(names)} (rule: the schema's columns, in order)", 1)
        while True:
            line = reader.line_num + 1  # where the row starts (a quoted cell may span lines)
            cells = next(reader, None)
            if cells is None:
                break
            if len(cells) != len(names):
                raise InputError(path, f"expected {len(names)} cells, found {len(cells)} (rule: one cell per column)",
                                 line)
            if not all(rule.fine(value) for rule, value in zip(rules, cells)):
                bad = row_problems(dict(zip(names, [value or None for value in cells])))
                for column_name, rule_name, problem in bad:
                    raise _error(path, line, column_name, rule_name, problem)
            row = {name: (value if value != "" else None) for name, value in zip(names, cells)}
            for column_name, values in seen.items():
                value = row[column_name] or ""
                if value in values:
                    raise _error(path, line, column_name, "unique",
                                 f"duplicate {column_name} {value!r} (first on line {values[value]})")
                values[value] = line
            rows.append((line, row))
    except csv.Error as error:
        raise InputError(path, f"not valid CSV: {error} (rule: CSV)", reader.line_num or 1) from None
    return rows


def read(path: Path) -> list[tuple[int, dict[str, str | None]]]:
    """The checked rows of the manifest file at ``path`` (see :func:`parse`); only a regular file is read."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "not a regular file")
    return parse(path, path.read_bytes())
