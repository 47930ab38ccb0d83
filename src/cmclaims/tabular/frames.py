"""pandera contracts for the frames passed between build stages.

The released tables' schemas are derived from ``schema/`` (see
:mod:`cmclaims.tabular.definitions`); these are the build's internal frames, which are
never published. The frames of extracted rows are derived from the extractors' records
(:mod:`cmclaims.tabular.records`) and take their enums from ``schema/``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, NamedTuple, get_type_hints

import pandas as pd
import pandera.pandas as pa

from cmclaims.tabular import definitions
from cmclaims.tabular.records import SPAN_KEY, Claim, Figure, Mention, Span

_OFFSET = pa.Column(int, pa.Check.ge(0), nullable=False)
_TEXT = pa.Column(str, nullable=False)


def _spans_inside_body(frame) -> bool:
    return all(
        body_start <= start < end <= body_end
        for body_start, body_end, spans in zip(frame["body_start"], frame["body_end"], frame["body_spans"])
        for start, end in spans
    )


DOCUMENTS = pa.DataFrameSchema(
    {
        "source_id": pa.Column(str, unique=True, nullable=False),
        "raw_path": _TEXT,
        "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "n_bytes": pa.Column(int, pa.Check.gt(0)),
        "text": pa.Column(str, pa.Check(lambda s: s.str.strip().str.len() > 0, error="empty article")),
    },
    name="documents",
)

LAID_OUT = pa.DataFrameSchema(
    {
        **DOCUMENTS.columns,
        "body_start": _OFFSET,
        "body_end": _OFFSET,
        "body_spans": pa.Column(object, nullable=False),
    },
    checks=[pa.Check(_spans_inside_body, error="body paragraphs lie inside the body")],
    name="laid_out",
)


def row_columns(record: type[Span]) -> list[str]:
    """Columns of the frame of ``record`` rows: source_id, the offsets, text, then the record's other fields."""
    names = [field.name for field in fields(record)]
    if names[:2] != list(SPAN_KEY):
        raise TypeError(f"{record.__name__} does not begin with the span fields {SPAN_KEY}")
    return ["source_id", *SPAN_KEY, "text", *names[2:]]


class _ColumnType(NamedTuple):
    dtype: Any  # in the frame
    checked: Any  # as pandera checks it
    nullable: bool


_COLUMN_TYPES: dict[Any, _ColumnType] = {  # by the type of a record's field
    int: _ColumnType("int64", int, False),
    float: _ColumnType("float64", float, False),
    float | None: _ColumnType("float64", float, True),
    str: _ColumnType(str, str, False),
    str | None: _ColumnType(pd.StringDtype("pyarrow"), pd.StringDtype("pyarrow"), True),
}


def _column_types(record: type[Span]) -> dict[str, _ColumnType]:
    hints = get_type_hints(record)
    types = {name: hints.get(name, str) for name in row_columns(record)}  # source_id and text are strings
    unknown = [f"{name}: {kind}" for name, kind in types.items() if kind not in _COLUMN_TYPES]
    if unknown:
        raise TypeError(f"{record.__name__} has fields of a type no frame column has: {', '.join(unknown)}")
    return {name: _COLUMN_TYPES[kind] for name, kind in types.items()}


def row_dtypes(record: type[Span]) -> dict[str, Any]:
    """dtype of each column of the frame of ``record`` rows."""
    return {name: column.dtype for name, column in _column_types(record).items()}


def span_rows(record: type[Span]) -> pa.DataFrameSchema:
    """Contract for the frame of ``record`` rows: raw offsets, the rule, and the enums of the released table.

    Columns, types and nullability come from the record's fields; an enum comes from the column of that name in
    ``schema/<table>.schema.json``.
    """
    enums = {field["name"]: definitions.enum_values(field) for field in definitions.fields(record.table)}
    columns = {}
    for name, column in _column_types(record).items():
        checks = [pa.Check.isin(enums[name])] if enums.get(name) else []
        if name in SPAN_KEY:
            checks.append(pa.Check.ge(0))
        columns[name] = pa.Column(column.checked, checks, nullable=column.nullable)
    return pa.DataFrameSchema(
        columns,
        checks=[pa.Check(lambda df: df["char_start"] < df["char_end"], error="char_start < char_end")],
        unique=["source_id", *SPAN_KEY],
        name=f"{record.__name__.lower()}_rows",
    )


MENTION_ROWS = span_rows(Mention)
CLAIM_ROWS = span_rows(Claim)
FIGURE_ROWS = span_rows(Figure)
