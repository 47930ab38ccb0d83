"""The build's output edge: run the pipeline over the corpus, write Parquet.

The corpus is processed in batches of articles, in source_id order, by a
pool of worker processes (``jobs``); each batch's rows are appended to the
tables as Parquet row groups as soon as it is done, so memory does not grow
with the corpus, except for claims and figures: they are held until the end,
where cross-source groups (:mod:`cmclaims.groups`) need all of them. Outputs
go to a temporary sibling folder that replaces the previous output by
rename, under a lock: an interrupted, failed or concurrent build never
leaves a half-written dataset where the previous one was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from cmclaims import datapackage, schemas, tableio
from cmclaims.errors import CmclaimsError

DEFAULT_BATCH_SIZE = 200
"""Articles per batch: large enough to amortise per-batch overhead, small enough to stay flat in memory."""


@dataclass
class BuildResult:
    """Where a build went and how many rows it wrote (per table and per source)."""

    out_dir: Path
    rows: dict[str, int]
    rows_per_source: dict[str, Counter] = field(default_factory=dict)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The built tables, read back (for small corpora and tests)."""
        return {t: tableio.read_table(self.out_dir / f"{t}.parquet", t) for t in schemas.TABLES}


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for the duration of a write."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CmclaimsError(f"{out_dir}: another build is writing this folder (lock {lock_path}); try again when it ends") from None
        yield


def replace_folder(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in place of ``out_dir``; the old folder is kept until then."""
    retired = out_dir.parent / f".{out_dir.name}.old"
    if retired.exists():
        shutil.rmtree(retired)
    if out_dir.exists():
        os.rename(out_dir, retired)
    os.rename(staging, out_dir)
    if retired.exists():
        shutil.rmtree(retired)


def recover_interrupted(out_dir: Path) -> None:
    """Undo what a killed build left: restore the previous output, drop stale staging.

    Only called under the lock, so no other build is using these folders.
    """
    retired = out_dir.parent / f".{out_dir.name}.old"
    if retired.exists() and not out_dir.exists():
        os.rename(retired, out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(stale)


@dataclass
class Tally:
    """What the rows of one table add up to, batch by batch (mergeable)."""

    table: str
    fingerprint: tableio.Fingerprint
    rows: int = 0
    rows_per_source: Counter = field(default_factory=Counter)
    sources: list[dict[str, str]] = field(default_factory=list)
    latest_published: Any = None

    @classmethod
    def of(cls, table: str, frame: pd.DataFrame | None = None) -> "Tally":
        tally = cls(table, tableio.Fingerprint(table))
        if frame is not None:
            tally.add(frame)
        return tally

    def add(self, frame: pd.DataFrame) -> None:
        self.fingerprint.update(frame)
        self.rows += len(frame)
        if "char_start" in frame:
            self.rows_per_source.update(frame["source_id"])
        if self.table == "sources":
            for source_id, title, raw_path in frame[["source_id", "title", "raw_path"]].itertuples(index=False):
                self.sources.append({"title": title if isinstance(title, str) else source_id, "path": raw_path})
            published = frame["published"].dropna()
            if len(published):
                self._note_published(max(published))

    def merge(self, other: "Tally") -> None:
        self.fingerprint.merge(other.fingerprint)
        self.rows += other.rows
        self.rows_per_source.update(other.rows_per_source)
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
            table: pq.ParquetWriter(folder / f"{table}.parquet", schemas.arrow_schema(table, version), **tableio.PARQUET_OPTIONS)
            for table in schemas.TABLES
        }
        self.tallies = {table: Tally.of(table) for table in schemas.TABLES}

    @property
    def rows(self) -> dict[str, int]:
        return {table: tally.rows for table, tally in self.tallies.items()}

    @property
    def rows_per_source(self) -> dict[str, Counter]:
        return {table: self.tallies[table].rows_per_source for table in schemas.SPAN_TABLES}

    def append(self, table: str, frame: pd.DataFrame) -> None:
        """Write a batch of rows (as one row group) and count them."""
        if frame.empty:
            return
        self.writers[table].write_table(tableio.to_arrow(frame, table, self.version))
        self.tallies[table].add(frame)

    def append_part(self, table: str, part: Path, tally: Tally) -> None:
        """Copy the row groups of a part file another process wrote, with its tally."""
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
            for table in schemas.TABLES
        ]
        published = self.tallies["sources"].latest_published
        created = f"{published.isoformat()}T00:00:00Z" if published else "2023-07-01T00:00:00Z"
        descriptor = datapackage.package(self.version, created, self.tallies["sources"].sources, resources)
        datapackage.write_descriptor(descriptor, self.folder / datapackage.DESCRIPTOR_NAME)
        return descriptor


def _batches(entries: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(entries), size):
        yield entries[start:start + size]


def _run_batch(entries: Sequence[Any], curations: Sequence[Any]):
    """One batch, start to finish (runs in a worker process)."""
    from cmclaims.extract.actors import load_registry
    from cmclaims.ingest import read_documents
    from cmclaims.pipeline import build_batch

    return build_batch(read_documents(list(entries)), curations, load_registry())


def _ordered_results(batches: list[Sequence[Any]], curations: Sequence[Any], jobs: int) -> Iterator[Any]:
    """Batch results in corpus order, at most ``2 * jobs`` batches in flight."""
    if jobs <= 1 or len(batches) <= 1:
        for batch in batches:
            yield _run_batch(batch, curations)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        pending: list[Future] = []
        for batch in batches:
            pending.append(pool.submit(_run_batch, batch, curations))
            if len(pending) >= 2 * jobs:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def finish_corpus(
    writer: DatasetWriter,
    held: dict[str, list[pd.DataFrame]],
    discovered: dict[str, dict[str, Any]],
    referenced: set[str],
    curations: Sequence[Any],
    entries: Sequence[Any],
) -> None:
    """The corpus-level steps after the last batch: actors, then claims and figures
    with their cross-source groups; close every file and write the descriptor."""
    from cmclaims.assemble import actors_table
    from cmclaims.extract.actors import load_registry
    from cmclaims.groups import add_group_ids
    from cmclaims.ingest import CorpusTexts
    from cmclaims.pipeline import actor_records

    actors = actors_table(actor_records(load_registry(), discovered, curations), referenced)
    writer.append("actors", actors)
    claims, figures = (pd.concat(held[table], ignore_index=True) for table in ("claims", "figures"))
    claims, figures = add_group_ids(claims, figures, actors, CorpusTexts(list(entries)))
    writer.append("claims", claims)
    writer.append("figures", figures)
    writer.close()


def build(
    raw_dir: Path,
    out_dir: Path,
    version: str,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Rebuild every table from ``raw_dir`` into ``out_dir`` (replaced whole)."""
    from cmclaims.curation import read_curations
    from cmclaims.ingest import CorpusTexts, list_corpus

    entries = list_corpus(raw_dir)
    curations = read_curations(raw_dir, CorpusTexts(entries))
    jobs = jobs or os.cpu_count() or 1
    out_dir = Path(out_dir)
    discovered: dict[str, dict[str, Any]] = {}
    referenced: set[str] = set()
    with locked(out_dir):
        recover_interrupted(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        try:
            writer = DatasetWriter(staging, version)
            held: dict[str, list[pd.DataFrame]] = {"claims": [], "figures": []}  # grouped across sources at the end
            for batch in _ordered_results(list(_batches(entries, batch_size)), curations, jobs):
                for table, frame in batch.tables.items():
                    if table in held:
                        held[table].append(frame)
                    else:
                        writer.append(table, frame)
                for actor_id, record in batch.discovered.items():
                    discovered.setdefault(actor_id, record)
                referenced |= batch.referenced
                if progress:
                    progress(writer.rows["sources"], len(entries))
            finish_corpus(writer, held, discovered, referenced, curations, entries)
            replace_folder(staging, out_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return BuildResult(out_dir, writer.rows, writer.rows_per_source)
