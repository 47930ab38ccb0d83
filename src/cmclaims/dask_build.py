"""The same build on a Dask distributed cluster (``cmclaims build --engine dask``).

The corpus is cut into the same batches as the local build. Each batch runs
on a worker, which writes its rows as partitioned Parquet
(``<staging>/_parts/<table>/part-<batch>.parquet``) and returns only a small
tally (row counts, the content fingerprint's running sum, actors found).
The client then concatenates the parts in batch order into one file per
table (claims and figures are read back, as in the local build, to add the
cross-source groups of :mod:`cmclaims.groups`), so the output (content, IDs,
row order, fingerprints) is exactly that of the local engine.

Workers must see the raw folder and the output folder at the same paths as
the client (a shared file system), and have the same cmclaims installed.
Dask is an optional dependency: ``pip install 'cmclaims[dask]'``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from cmclaims import tableio
from cmclaims.build import (
    DEFAULT_BATCH_SIZE,
    BuildResult,
    DatasetWriter,
    Tally,
    _batches,
    _run_batch,
    finish_corpus,
    locked,
    recover_interrupted,
    replace_folder,
)


@dataclass(frozen=True)
class BatchParts:
    """What a worker reports for one batch once its part files are written."""

    index: int
    tallies: dict[str, Tally]
    discovered: dict[str, dict[str, Any]]
    referenced: frozenset[str]


def _part_path(parts_dir: Path, table: str, index: int) -> Path:
    return parts_dir / table / f"part-{index:06d}.parquet"


def write_batch_parts(index: int, entries: Sequence[Any], curations: Sequence[Any], parts_dir: Path, version: str) -> BatchParts:
    """Run one batch and write its tables as part files (runs on a worker)."""
    batch = _run_batch(entries, curations)
    tallies = {}
    for table, frame in batch.tables.items():
        path = _part_path(parts_dir, table, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(tableio.to_arrow(frame, table, version), path, **tableio.PARQUET_OPTIONS)
        tallies[table] = Tally.of(table, frame)
    return BatchParts(index, tallies, batch.discovered, batch.referenced)


def _client(scheduler: str | None, jobs: int):
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def build_on_dask(
    raw_dir: Path,
    out_dir: Path,
    version: str,
    scheduler: str | None = None,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> BuildResult:
    """Rebuild every table from ``raw_dir`` into ``out_dir`` on a Dask cluster."""
    from cmclaims.curation import read_curations
    from cmclaims.ingest import CorpusTexts, list_corpus

    raw_dir, out_dir = Path(raw_dir).resolve(), Path(out_dir).resolve()
    entries = list_corpus(raw_dir)
    curations = read_curations(raw_dir, CorpusTexts(entries))
    batches = list(_batches(entries, batch_size))
    with locked(out_dir):
        recover_interrupted(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        try:
            parts_dir = staging / "_parts"
            with _client(scheduler, jobs or os.cpu_count() or 1) as client:
                futures = client.map(write_batch_parts, range(len(batches)), batches,
                                     curations=curations, parts_dir=parts_dir, version=version, pure=False)
                results = sorted(client.gather(futures), key=lambda parts: parts.index)
            writer = DatasetWriter(staging, version)
            discovered: dict[str, dict[str, Any]] = {}
            referenced: set[str] = set()
            held: dict[str, list[pd.DataFrame]] = {"claims": [], "figures": []}  # grouped across sources at the end
            for parts in results:
                for table, tally in parts.tallies.items():
                    if table in held:
                        held[table].append(tableio.read_table(_part_path(parts_dir, table, parts.index), table))
                    else:
                        writer.append_part(table, _part_path(parts_dir, table, parts.index), tally)
                for actor_id, record in parts.discovered.items():
                    discovered.setdefault(actor_id, record)
                referenced |= parts.referenced
            finish_corpus(writer, held, discovered, referenced, curations, entries)
            shutil.rmtree(parts_dir)
            replace_folder(staging, out_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return BuildResult(out_dir, writer.rows, writer.rows_per_source)

