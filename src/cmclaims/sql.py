"""SQL over a dataset with an embedded DuckDB: one view per table.

``cmclaims sql "SELECT ..."`` runs a query over the latest release (or
``--version``, ``--dir``). Each table is a view over its Parquet file, named
after the table; ``actors.aliases`` is read back from its JSON text as a list
of strings. DuckDB is an optional extra (``pip install 'cmclaims[sql]'``) and
imported only here, inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cmclaims import schemas
from cmclaims.errors import CmclaimsError

MAX_CELL_WIDTH = 60
"""Longer cells are cut with '…' when printed (the query result itself is whole)."""

_VIEW_COLUMNS = {"actors": "* REPLACE (from_json(aliases, '[\"VARCHAR\"]') AS aliases)"}


def _duckdb():
    try:
        import duckdb
    except ImportError:
        raise CmclaimsError("SQL needs DuckDB: pip install 'cmclaims[sql]'") from None
    return duckdb


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def connect(folder: Path):
    """An in-memory DuckDB connection with a view per table of ``folder``."""
    duckdb = _duckdb()
    connection = duckdb.connect(":memory:")
    for table in schemas.TABLES:
        path = Path(folder) / f"{table}.parquet"
        if not path.is_file():
            raise CmclaimsError(f"{folder}: no {table}.parquet")
        columns = _VIEW_COLUMNS.get(table, "*")
        connection.execute(f"CREATE VIEW {table} AS SELECT {columns} FROM read_parquet({_quoted(path.resolve())})")
    return connection


def run_query(query: str, folder: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``query`` over the dataset in ``folder``."""
    duckdb = _duckdb()
    connection = connect(folder)
    try:
        result = connection.sql(query)
        if result is None:
            return [], []
        return list(result.columns), result.fetchall()
    except duckdb.Error as error:
        raise CmclaimsError(f"SQL error: {error}") from None
    finally:
        connection.close()


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL_WIDTH else text[: MAX_CELL_WIDTH - 1] + "…"


def format_result(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table (Markdown pipe syntax, so it pastes into docs), then the row count."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        padded = [v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if right else ("-" * (w + 2)) for w, right in zip(widths, numeric)) + "|"
    lines = [line(columns), rule] + [line(row) for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
