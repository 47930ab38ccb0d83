"""Appending a build's rows to the released Parquet files, batch by batch.

Each table is one Parquet file, written one row group per batch, so a build
never holds a table in memory. A :class:`Tally` per table counts what was
written (rows, the content fingerprint, the sources cited in the
descriptor); tallies made in worker processes merge into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from cmclaims.tabular import datapackage, definitions, storage


@dataclass
class Tally:
    """What the rows of one table add up to, batch by batch (mergeable)."""

    table: str
    fingerprint: storage.Fingerprint
    rows: int = 0
    sources: list[dict[str, str]] = field(default_factory=list)
    latest_published: Any = None

    @classmethod
    def of(cls, table: str, frame: pd.DataFrame | None = None) -> Tally:
        tally = cls(table, storage.Fingerprint(table))
        if frame is not None:
            tally.add(frame)
        return tally

    def add(self, frame: pd.DataFrame) -> None:
        self.fingerprint.update(frame)
        self.rows += len(frame)
        if self.table == "sources":
            for source_id, title, raw_path in frame[["source_id", "title", "raw_path"]].itertuples(index=False):
                self.sources.append({"title": title if isinstance(title, str) else source_id, "path": raw_path})
            published = frame["published"].dropna()
            if len(published):
                self._note_published(max(published))

    def merge(self, other: Tally) -> None:
        self.fingerprint.merge(other.fingerprint)
        self.rows += other.rows
        self.sources += other.sources
        if other.latest_published is not None:
            self._note_published(other.latest_published)

    def _note_published(self, date: Any) -> None:
        self.latest_published = date if self.latest_published is None else max(date, self.latest_published)


class DatasetWriter:
    """Appends rows to one Parquet file per table, then writes the descriptor."""

    def __init__(self, folder: Path, version: str):
        self.folder, self.version = folder, version
        self.writers = {
            table: pq.ParquetWriter(
                folder / f"{table}.parquet", definitions.arrow_schema(table, version), **storage.PARQUET_OPTIONS
            )
            for table in definitions.TABLES
        }
        self.tallies = {table: Tally.of(table) for table in definitions.TABLES}

    @property
    def rows(self) -> dict[str, int]:
        return {table: tally.rows for table, tally in self.tallies.items()}

    def append(self, table: str, frame: pd.DataFrame) -> None:
        """Write a batch of rows (as one row group) and count them."""
        if frame.empty:
            return
        self.writers[table].write_table(storage.to_arrow(frame, table, self.version))
        self.tallies[table].add(frame)

    def append_part(self, table: str, part: Path, tally: Tally) -> None:
        """Copy the row groups of a part file another process wrote and counted."""
        if tally.rows:
            source = pq.ParquetFile(part)
            for group in range(source.num_row_groups):
                self.writers[table].write_table(source.read_row_group(group))
        self.tallies[table].merge(tally)

    def close(self) -> dict:
        """Finish every file and write ``datapackage.json``; return the descriptor."""
        for writer in self.writers.values():
            writer.close()
        resources = [
            datapackage.resource(table, self.folder / f"{table}.parquet", f"{table}.parquet",
                                 self.tallies[table].fingerprint.hexdigest(), self.tallies[table].rows)
            for table in definitions.TABLES
        ]
        published = self.tallies["sources"].latest_published
        created = f"{published.isoformat()}T00:00:00Z" if published else "2023-07-01T00:00:00Z"
        descriptor = datapackage.package(self.version, created, self.tallies["sources"].sources, resources)
        datapackage.write_descriptor(descriptor, self.folder / datapackage.DESCRIPTOR_NAME)
        return descriptor
