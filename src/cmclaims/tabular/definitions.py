"""The tables' Table Schemas in ``schema/``, and every form derived from them.

``schema/<table>.schema.json`` (Frictionless Table Schema) is the one place
where columns, types, nullability, constraints, keys and descriptions are
written. We chose JSON Table Schemas over pandera models as the source
because they are language-neutral: the same files are embedded in
``datapackage.json`` for R, DuckDB and Frictionless users, and the Python
forms (the Arrow schema of the Parquet files, the pandas dtypes of
``cmclaims.load``, the pandera schemas of the build, the data dictionary)
are derived here. ``tests/tabular/test_definitions.py`` proves they agree.

Only the standard library, pandas and pyarrow are imported at module level;
pandera is imported inside :func:`pandera_schema`.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from cmclaims._paths import schema_dir

if TYPE_CHECKING:
    import pyarrow as pa

TABLES: tuple[str, ...] = ("sources", "actors", "actor_mentions", "claims", "figures")
"""Released tables, in dependency order (a table only refers to earlier ones)."""

SPAN_TABLES: tuple[str, ...] = ("actor_mentions", "claims", "figures")
"""Tables whose rows point at characters of a raw article."""

ID_COLUMNS: dict[str, str] = {
    "sources": "source_id",
    "actors": "actor_id",
    "actor_mentions": "mention_id",
    "claims": "claim_id",
    "figures": "figure_id",
}


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; the tables are: {', '.join(TABLES)}")


@cache
def _read_table_schema(table: str) -> str:
    return (schema_dir() / f"{table}.schema.json").read_text(encoding="utf-8")


def table_schema(table: str) -> dict[str, Any]:
    """The Table Schema of ``table`` (a fresh copy, safe to modify)."""
    if table != "manifest":
        _check_table(table)
    return json.loads(_read_table_schema(table))


def fields(table: str) -> list[dict[str, Any]]:
    return table_schema(table)["fields"]


def is_required(field: dict[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required"))


def enum_values(field: dict[str, Any]) -> list[str] | None:
    return field.get("constraints", {}).get("enum")


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column) for every foreign key."""
    keys = []
    for key in table_schema(table).get("foreignKeys", []):
        reference = key["reference"]
        keys.append((key["fields"][0], reference.get("resource") or table, reference["fields"][0]))
    return keys


def arrow_type(field: dict[str, Any]) -> pa.DataType:
    """Arrow type of a field: enums are dictionary-encoded, arrays stored as JSON text."""
    import pyarrow as pa

    if enum_values(field):
        return pa.dictionary(pa.int8(), pa.string())
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "array": pa.string(),
    }[field["type"]]


def arrow_schema(table: str, version: str | None = None) -> pa.Schema:
    """Arrow schema of ``table``'s Parquet file, descriptions in field metadata."""
    import pyarrow as pa

    descriptor = table_schema(table)
    arrow_fields = [
        pa.field(
            field["name"],
            arrow_type(field),
            nullable=not is_required(field),
            metadata={"description": field.get("description", "")},
        )
        for field in descriptor["fields"]
    ]
    metadata = {"table": table, "description": descriptor.get("description", "")}
    if version:
        metadata["dataset_version"] = version
    return pa.schema(arrow_fields, metadata=metadata)


def pandas_dtype(field: dict[str, Any]) -> Any:
    """The exact dtype of a column in the build and ``validate`` (:func:`cmclaims.load` gives
    :func:`cmclaims.tabular.storage.loaded_dtype`)."""
    import pandas as pd
    import pyarrow as pa

    if enum_values(field):
        return pd.CategoricalDtype(enum_values(field), ordered=False)
    return {
        "string": pd.StringDtype("pyarrow"),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
        "date": pd.ArrowDtype(pa.date32()),
        "array": "object",
    }[field["type"]]


def pandas_dtypes(table: str) -> dict[str, Any]:
    return {field["name"]: pandas_dtype(field) for field in fields(table)}


@cache
def pandera_schema(table: str):
    """pandera schema of ``table`` as loaded: types, nullability, keys, constraints (built once per table).

    Row checks that need the raw texts (``text == raw[char_start:char_end]``)
    and checks across tables (foreign keys) live in :mod:`cmclaims.quality.validate`.
    """
    import pandera.pandas as pa

    columns = {}
    for field in fields(table):
        constraints = field.get("constraints", {})
        checks = []
        if "minimum" in constraints:
            checks.append(pa.Check.ge(constraints["minimum"]))
        if "pattern" in constraints:
            checks.append(pa.Check.str_matches(constraints["pattern"]))
        if enum_values(field):
            checks.append(pa.Check.isin(enum_values(field)))
        if field["type"] == "array":
            checks.append(pa.Check(_is_list_of_strings, element_wise=True, error="not a list of strings"))
        columns[field["name"]] = pa.Column(
            pandas_dtype(field),
            checks=checks,
            nullable=not is_required(field),
            unique=bool(constraints.get("unique")),
            description=field.get("description"),
        )
    descriptor = table_schema(table)
    frame_checks = []
    if table in SPAN_TABLES:
        frame_checks.append(pa.Check(lambda df: df["char_start"] < df["char_end"], error="char_start < char_end"))
    if table == "sources":
        frame_checks.append(pa.Check(lambda df: df["body_start"] <= df["body_end"], error="body_start <= body_end"))
        frame_checks.append(pa.Check(lambda df: df["body_end"] <= df["n_chars"], error="body_end <= n_chars"))
    if table == "figures":
        frame_checks.append(
            pa.Check(lambda df: df["value_high"].isna() | (df["value_high"] >= df["value"]),
                     error="value_high >= value")
        )
    return pa.DataFrameSchema(
        columns,
        checks=frame_checks,
        strict=True,
        ordered=True,
        unique=descriptor.get("primaryKey"),
        name=table,
        description=descriptor.get("description"),
    )


def _is_list_of_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def data_dictionary_markdown() -> str:
    """The data dictionary for the docs, one section per table."""
    generated = "Generated from `schema/*.schema.json` by `cmclaims schema > docs/data-dictionary.md`; do not edit."
    lines = ["# Data dictionary", "", generated, ""]
    for table in TABLES:
        descriptor = table_schema(table)
        lines += [f"## {table}", "", descriptor.get("description", ""), ""]
        lines += [f"Primary key: `{', '.join(descriptor['primaryKey'])}`.", ""]
        for column, target_table, target_column in foreign_keys(table):
            lines.append(f"- `{column}` refers to `{target_table}.{target_column}`.")
        lines += ["", "| column | type | required | description |", "| --- | --- | --- | --- |"]
        for field in descriptor["fields"]:
            kind = field["type"]
            if enum_values(field):
                kind += " (" + " \\| ".join(enum_values(field)) + ")"
            required = "yes" if is_required(field) else "no"
            description = field.get("description", "").replace("|", "\\|")
            lines.append(f"| `{field['name']}` | {kind} | {required} | {description} |")
        lines.append("")
    return "\n".join(lines)
