"""SQL over a dataset with an embedded DuckDB, confined to the tables.

``cmclaims sql "SELECT ..."`` runs a query over the latest release (or
``--version``, ``--dir``). Each table is loaded from its verified bytes
(:mod:`cmclaims.selection`) into an in-memory DuckDB table named after it,
holding exactly what the Parquet file holds (``actors.aliases`` is its JSON
text, as on disk; ``from_json(aliases, '["VARCHAR"]')`` makes it a list
here and on the Parquet file alike). Then external access is switched off
and the configuration locked, so the query can read or write no file, attach
no database, and install or load no extension; and only read statements
(SELECT, and what DuckDB treats as one: DESCRIBE, SUMMARIZE, FROM ...; and
an EXPLAIN of one, since EXPLAIN ANALYZE runs what it explains) are run, so
the tables cannot be changed or dropped. DuckDB is an optional extra
(``pip install 'cmclaims[sql]'``) imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cmclaims.errors import CmclaimsError
from cmclaims.tabular import definitions
from cmclaims.views import terminal

if TYPE_CHECKING:
    from cmclaims.selection import Dataset

MAX_CELL_WIDTH = 60
"""Longer cells are cut with '…' when printed (the query result itself is whole)."""

LOCKDOWN = ("SET python_enable_replacements = false", "SET enable_external_access = false",
            "SET lock_configuration = true")
"""Run once the tables are loaded: no file system, no Python objects, no changing these settings back."""


def _duckdb():
    try:
        import duckdb
    except ImportError:
        raise CmclaimsError("SQL needs DuckDB: pip install 'cmclaims[sql]'") from None
    return duckdb


def connect(dataset: Dataset):
    """An in-memory DuckDB connection holding the dataset's verified tables, locked down."""
    duckdb = _duckdb()
    connection = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                                    "autoload_known_extensions": False})
    try:
        for table in definitions.TABLES:
            arrow_table = _plain(dataset.arrow(table))
            connection.register("verified_arrow", arrow_table)
            connection.execute(f"CREATE TABLE {table} AS SELECT * FROM verified_arrow")
            connection.unregister("verified_arrow")
        for setting in LOCKDOWN:
            connection.execute(setting)
    except BaseException:
        connection.close()
        raise
    return connection


def _plain(arrow_table):
    """Dictionary-encoded (enum) columns as plain strings: the types any Parquet reader sees."""
    import pyarrow as pa

    for index, field in enumerate(arrow_table.schema):
        if pa.types.is_dictionary(field.type):
            arrow_table = arrow_table.set_column(index, pa.field(field.name, field.type.value_type, field.nullable),
                                                 arrow_table.column(index).cast(field.type.value_type))
    return arrow_table


def read_only_statements(query: str) -> None:
    """Refuse anything but read statements (checked by DuckDB's own parser, before anything runs)."""
    duckdb = _duckdb()
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as error:
        raise CmclaimsError(f"SQL error: {error}") from None
    if not statements:
        raise CmclaimsError("SQL error: no statement given")
    for statement in statements:
        read = statement
        while read is not None and read.type == duckdb.StatementType.EXPLAIN:
            read = _explained(duckdb, read)  # EXPLAIN ANALYZE runs the statement it explains: that must read too
        if read is None or read.type != duckdb.StatementType.SELECT:
            kind = "an EXPLAIN of no statement DuckDB can find" if read is None else str(read.type).rsplit(".", 1)[-1]
            raise CmclaimsError(f"SQL error: only queries that read the tables are run (SELECT, WITH, DESCRIBE, "
                                f"SUMMARIZE, EXPLAIN), not {kind}: {statement.query.strip()[:80]}")


def _explained(duckdb, statement):
    """The statement an EXPLAIN is about: the rest of it from the first later token that parses as one statement."""
    text = statement.query
    for offset, _ in duckdb.tokenize(text)[1:]:
        try:
            inner = duckdb.extract_statements(text[offset:])
        except duckdb.Error:
            continue
        if len(inner) == 1:
            return inner[0]
    return None


def run_query(query: str, dataset: Dataset) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``query`` over ``dataset`` (the last statement's, if several)."""
    duckdb = _duckdb()
    read_only_statements(query)
    connection = connect(dataset)
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
    text = terminal.safe(str(value).replace("\n", " "))
    return text if len(text) <= MAX_CELL_WIDTH else text[: MAX_CELL_WIDTH - 1] + "…"


def format_result(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table (Markdown pipe syntax, so it pastes into docs), then the row count."""
    columns = [terminal.safe(name) for name in columns]
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(row[i], (int, float)) or row[i] is None for row in rows)
               for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        padded = [v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if right else ("-" * (w + 2))
                          for w, right in zip(widths, numeric)) + "|"
    lines = [line(columns), rule] + [line(row) for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
