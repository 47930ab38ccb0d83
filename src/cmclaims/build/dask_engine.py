"""The same build on a Dask distributed cluster (``cmclaims build --engine dask``).

The corpus is cut into the same batches as the local build and goes through
the same three passes (:func:`cmclaims.build.run.build_into`), with the cluster's
workers in place of the local process pool: each batch's pipeline run writes
its rows as partitioned Parquet (``<staging>/_parts/<table>/part-<batch>.parquet``)
and returns only a small tally; the client appends the parts in batch order,
so the output (content, IDs, row order, fingerprints) is exactly that of the
local engine.

Workers must see the raw folder and the output folder at the same paths as
the client (a shared file system), and have the same cmclaims installed.
Dask is an optional dependency: ``pip install 'cmclaims[dask]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from cmclaims.build.run import BuildResult, Submit, run_build


def _client(scheduler: str | None, jobs: int):
    """A client of ``scheduler``, or of a local cluster that the client starts, and so also stops when it closes."""
    from distributed import Client

    if scheduler:
        return Client(scheduler)
    return Client(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)


@contextmanager
def dask_engine(scheduler: str | None, jobs: int, batches: int) -> Iterator[tuple[Submit, int]]:
    """:data:`cmclaims.build.run.Engine` on a Dask cluster (a local one of ``jobs`` workers without ``scheduler``)."""
    with _client(scheduler, jobs) as client:
        yield partial(client.submit, pure=False), max(1, len(client.scheduler_info().get("workers", {})))


def build_on_dask(raw_dir: Path, out_dir: Path, version: str, scheduler: str | None = None, jobs: int | None = None,
                  batch_size: int | None = None) -> BuildResult:
    """Rebuild every table from ``raw_dir`` into ``out_dir`` on a Dask cluster (a local one without ``scheduler``).

    Paths are made absolute: the workers may run elsewhere, in another folder.
    """
    engine = partial(dask_engine, scheduler, jobs or os.cpu_count() or 1)
    return run_build(Path(raw_dir).resolve(), Path(out_dir).resolve(), version, engine, batch_size)
