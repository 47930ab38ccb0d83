"""What changed between two datasets (releases or build folders), by row ID, and in which columns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cmclaims.tabular import definitions, storage


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    schema_changes: list[str] = field(default_factory=list)
    changed_columns: dict[str, list[str]] = field(default_factory=dict)
    """For each changed row ID, the columns (present in both datasets) whose value differs, in schema order."""

    def column_counts(self) -> Counter:
        """How many changed rows each column differs in."""
        return Counter(column for columns in self.changed_columns.values() for column in columns)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed or self.schema_changes)


Reader = Callable[[str], bytes]
"""A dataset's file bytes by name: a folder's as they are, or a :class:`~cmclaims.selection.Dataset`'s verified."""


def _reader(source: Path | Reader) -> Reader:
    if callable(source):
        return source
    folder = Path(source)
    return lambda name: (folder / name).read_bytes()


def _schema_changes(old_schema: pa.Schema, new_schema: pa.Schema) -> list[str]:
    changes = [f"column {name!r} removed" for name in old_schema.names if name not in new_schema.names]
    changes += [f"column {name!r} added" for name in new_schema.names if name not in old_schema.names]
    for name in set(old_schema.names) & set(new_schema.names):
        if old_schema.field(name).type != new_schema.field(name).type:
            changes.append(f"column {name!r}: {old_schema.field(name).type} -> {new_schema.field(name).type}")
    return sorted(changes)


def diff_table(table: str, old_source: Path | Reader, new_source: Path | Reader) -> TableDiff:
    """Each side's file is read once, from the bytes its reader gives (verified ones, for a release)."""
    old_table, new_table = (pq.read_table(pa.BufferReader(_reader(source)(f"{table}.parquet")))
                            for source in (old_source, new_source))
    result = TableDiff(table, schema_changes=_schema_changes(old_table.schema, new_table.schema))
    id_column = definitions.ID_COLUMNS[table]
    old = old_table.to_pandas().set_index(id_column, drop=False)
    new = new_table.to_pandas().set_index(id_column, drop=False)
    result.added = sorted(set(new.index) - set(old.index))
    result.removed = sorted(set(old.index) - set(new.index))
    shared_ids = sorted(set(old.index) & set(new.index))
    shared_columns = [c for c in old.columns if c in new.columns]
    old_rows = storage.row_strings(old.loc[shared_ids, shared_columns])
    new_rows = storage.row_strings(new.loc[shared_ids, shared_columns])
    result.changed = [row_id for row_id, a, b in zip(shared_ids, old_rows, new_rows) if a != b]
    if result.changed:
        differs = {column: [a != b for a, b in zip(storage.row_strings(old.loc[result.changed, [column]]),
                                                  storage.row_strings(new.loc[result.changed, [column]]))]
                   for column in shared_columns}
        result.changed_columns = {row_id: [column for column in shared_columns if differs[column][k]]
                                  for k, row_id in enumerate(result.changed)}
    return result


def diff_datasets(old: Path | Reader, new: Path | Reader) -> list[TableDiff]:
    """Every table's differences; each side a folder, or a reader such as ``Dataset.read_bytes``."""
    return [diff_table(table, old, new) for table in definitions.TABLES]


def format_diff(diffs: list[TableDiff], show_ids: int = 10) -> str:
    lines = [f"{'table':<16}{'added':>8}{'removed':>9}{'changed':>9}  schema"]
    for d in diffs:
        lines.append(f"{d.table:<16}{len(d.added):>8}{len(d.removed):>9}{len(d.changed):>9}  "
                     + ("; ".join(d.schema_changes) or "unchanged"))
    for d in diffs:
        if d.changed:
            counts = ", ".join(f"{column} ({n})" for column, n in sorted(d.column_counts().items(),
                                                                        key=lambda item: (-item[1], item[0])))
            lines.append(f"  {d.table} columns changed: {counts}")
        for label, ids in (("added", d.added), ("removed", d.removed), ("changed", d.changed)):
            if ids and show_ids:
                shown = [f"{row_id} ({', '.join(d.changed_columns[row_id])})" if label == "changed" else row_id
                         for row_id in ids[:show_ids]]
                more = f" (+{len(ids) - show_ids} more)" if len(ids) > show_ids else ""
                lines.append(f"  {d.table} {label}: {', '.join(shown)}{more}")
    return "\n".join(lines)
