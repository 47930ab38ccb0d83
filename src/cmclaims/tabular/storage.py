"""Reading and writing one table's Parquet file with the schema's types.

Both directions go through :mod:`cmclaims.tabular.definitions`, so a table written by the
build and read by :func:`cmclaims.load` has the Arrow and pandas types its
Table Schema states. Only pandas and pyarrow are imported.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cmclaims.tabular import definitions

PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 9, "use_dictionary": True, "write_statistics": True}


def to_arrow(frame: pd.DataFrame, table: str, version: str | None = None) -> pa.Table:
    """The frame as an Arrow table with exactly the schema's columns and types (NaN stored as null)."""
    schema = definitions.arrow_schema(table, version)
    arrays = [_arrow_column(frame[field["name"]], field, arrow_field.type)
              for field, arrow_field in zip(definitions.fields(table), schema)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _arrow_column(column: pd.Series, field: dict, arrow_type: pa.DataType) -> pa.Array:
    """One column in its schema's Arrow type; enums dictionary-encoded in order of first appearance."""
    if field["type"] == "array":
        return pa.array([None if _is_missing(v) else json.dumps(list(v), ensure_ascii=False) for v in column.tolist()],
                        type=pa.string())
    plain_type = arrow_type.value_type if pa.types.is_dictionary(arrow_type) else arrow_type
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    array = pa.array(column, type=plain_type, from_pandas=True)
    if pa.types.is_floating(plain_type):
        array = pc.if_else(pc.is_nan(array), pa.scalar(None, plain_type), array)
    if pa.types.is_dictionary(arrow_type):
        array = array.dictionary_encode().cast(arrow_type)
    return array


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def write_table(frame: pd.DataFrame, table: str, path: Path, version: str | None = None) -> None:
    pq.write_table(to_arrow(frame, table, version), path, **PARQUET_OPTIONS)


def from_arrow(arrow_table: pa.Table, table: str) -> pd.DataFrame:
    """A pandas frame with the dtypes :func:`definitions.pandas_dtypes` names."""
    dtypes = definitions.pandas_dtypes(table)
    columns = {}
    for field in definitions.fields(table):
        name = field["name"]
        column = arrow_table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        series = column.to_pandas()
        if field["type"] == "array":
            columns[name] = pd.Series([json.loads(v) for v in series], dtype="object", name=name)
        else:
            columns[name] = series.astype(dtypes[name])
    return pd.DataFrame(columns)


def loaded_dtype(field: dict) -> object:
    """The dtype a column has once loaded with :func:`cmclaims.load`: what a pandas user expects.

    Free text uses pandas' default string dtype (``str`` on pandas 3, missing
    values NaN, so ``if row.speaker_id`` never raises; ``object`` on pandas 2),
    and dates ``datetime64[s]`` (midnight), which compare with ISO date strings
    and ``pd.Timestamp``. Enums stay categorical, integers nullable ``Int64``
    (no float conversion), ``aliases`` a list. The build and ``validate`` keep
    :func:`definitions.pandas_dtype`, which is exact about missing values.
    """
    if field["type"] == "string" and not definitions.enum_values(field):
        return pd.Series([""]).dtype
    if field["type"] == "date":
        return "datetime64[s]"
    return definitions.pandas_dtype(field)


def loaded_dtypes(table: str) -> dict[str, object]:
    return {field["name"]: loaded_dtype(field) for field in definitions.fields(table)}


def for_users(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` (as :func:`from_arrow` gives it) with :func:`loaded_dtypes`."""
    changed = {name: dtype for name, dtype in loaded_dtypes(table).items() if frame[name].dtype != dtype}
    frame = frame.astype(changed) if changed else frame
    for name, dtype in changed.items():
        if pd.api.types.is_object_dtype(dtype):  # pandas 2 reads missing text as None, not pd.NA: do the same
            frame[name] = frame[name].where(frame[name].notna(), None)
    return frame


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Read one Parquet table; only the schema's columns, in the schema's order.

    No integrity check: readers of releases go through :mod:`cmclaims.selection`.
    """
    names = [field["name"] for field in definitions.fields(table)]
    return from_arrow(pq.read_table(path, columns=names), table)


def arrow_from_bytes(data: bytes, table: str) -> pa.Table:
    """The schema's columns of a Parquet file held in memory (the bytes whose hash was checked)."""
    names = [field["name"] for field in definitions.fields(table)]
    return pq.read_table(pa.BufferReader(data), columns=names)


def plain_float_text(value: float) -> str:
    """A float in canonical rows: its shortest repr ("800000000.0")."""
    return repr(float(value))


def numpy2_float_text(value: float) -> str:
    """A float as the fingerprints of release 1.0.0 wrote it: numpy 2's repr ("np.float64(800000000.0)").

    Kept only to check that release's descriptor; it made its fingerprints
    depend on the numpy version, so no new descriptor uses it.
    """
    return f"np.float64({float(value)!r})"


def row_strings(frame: pd.DataFrame, float_text: Callable[[float], str] = plain_float_text) -> list[str]:
    """Each row as canonical JSON (dates ISO, floats as ``float_text`` strings, missing as null), in frame order."""
    columns = [_json_column(_values(frame.iloc[:, k]), float_text) for k in range(frame.shape[1])]
    if not columns:
        return ["[]"] * len(frame)
    return ["[" + ",".join(values) + "]" for values in zip(*columns)]


def _values(column: pd.Series) -> list:
    """A column's values; datetime64 columns (dates as :func:`loaded_dtypes` gives them) as dates."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        return [None if pd.isna(value) else value.date() for value in column.tolist()]
    return column.tolist()


def canonical_rows(frame: pd.DataFrame, table: str) -> list[str]:
    """The schema's columns of every row as canonical JSON, sorted: a writer-independent form."""
    return sorted(row_strings(frame[[field["name"] for field in definitions.fields(table)]]))


_json_string = json.encoder.encode_basestring  # json.dumps of a str with ensure_ascii=False


def _json_column(values: list, float_text: Callable[[float], str]) -> list[str]:
    """:func:`_json_value` of every value, with strings (most values) encoded without the call."""
    return [_json_string(value) if type(value) is str else _json_value(value, float_text) for value in values]


def _json_value(value, float_text: Callable[[float], str]) -> str:
    """One value of a canonical row, as JSON."""
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if kind is int:
        return str(value)
    if isinstance(value, float) and not math.isnan(value):
        return _json_string(float_text(value))
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if _is_missing(value):
        return "null"
    if hasattr(value, "isoformat"):
        return _json_string(value.isoformat())
    if hasattr(value, "item"):
        return _json_value(value.item(), float_text)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Fingerprint:
    """Content fingerprint of a table, fed one batch of rows at a time.

    The SHA-256 of the column names, the row count and the sum (mod 2**256)
    of every canonical row's SHA-256: equal for equal contents whatever the
    row order, the batching or the Parquet writer.
    """

    def __init__(self, table: str, float_text: Callable[[float], str] = plain_float_text):
        self.columns = [field["name"] for field in definitions.fields(table)]
        self.float_text = float_text
        self.count = 0
        self.total = 0

    def update(self, frame: pd.DataFrame) -> Fingerprint:
        rows = row_strings(frame[self.columns], self.float_text)
        digests = sum(int.from_bytes(hashlib.sha256(row.encode("utf-8")).digest(), "big") for row in rows)
        self.total = (self.total + digests) % 2**256
        self.count += len(rows)
        return self

    def merge(self, other: Fingerprint) -> Fingerprint:
        """Add the rows another fingerprint has seen (e.g. from another worker)."""
        self.count += other.count
        self.total = (self.total + other.total) % 2**256
        return self

    def hexdigest(self) -> str:
        summary = json.dumps([self.columns, self.count, f"{self.total:064x}"])
        return "sha256:" + hashlib.sha256(summary.encode("utf-8")).hexdigest()


def content_fingerprint(frame: pd.DataFrame, table: str) -> str:
    """The :class:`Fingerprint` of a whole table."""
    return Fingerprint(table).update(frame).hexdigest()
