"""The build's output edge: run the pipeline over the corpus, write Parquet.

The corpus is cut into batches of articles, in source_id order, and read in
three passes, each batch run by a worker (a local process pool, ``jobs``, or a
Dask cluster, :mod:`cmclaims.build.dask_engine`):

1. every batch runs the pipeline (:func:`cmclaims.transform.pipeline.build_batch`) and
   writes its tables as part files; the parent appends them to the released
   tables in corpus order and collects the actors found;
2. with the actors table known, every batch computes what cross-source
   grouping needs (:func:`cmclaims.link.passes.batch_keys`), and the
   parent links the groups;
3. every claims and figures part is written again with its group IDs, and
   counted, by a worker (:func:`write_labelled_part`); the parent appends
   them as in the first pass.

The parent only adds up, links and copies: what costs per row runs in the
workers, so the build scales with them.

At most ``2 * jobs`` batches are in flight, so memory grows with the batch
size and the distinct wordings of claims and figures, not with the corpus.
Outputs go to a temporary sibling folder that replaces the previous output
by rename, under a lock: an interrupted, failed or concurrent build never
leaves a half-written dataset where the previous one was. A folder where
data lives, or that an earlier build did not make, is refused before anything
is written (:mod:`cmclaims.build.outputs`).
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cmclaims.build.writer import DatasetWriter, Tally
from cmclaims.errors import CmclaimsError
from cmclaims.tabular import definitions, storage

MAX_BATCH_SIZE = 200
"""Articles per batch at most: large enough to amortise per-batch overhead, small enough to stay flat in memory."""

MIN_BATCHES = 16
"""Small corpora get smaller batches, so that a few workers all have work until near the end."""


def batch_size_for(articles: int) -> int:
    """The default batch size: :data:`MAX_BATCH_SIZE`, or less for a corpus of fewer than :data:`MIN_BATCHES`
    full batches.

    It depends on the corpus only, not on the machine, so that any machine
    writes the same row groups: the same bytes.
    """
    return max(1, min(MAX_BATCH_SIZE, -(-articles // MIN_BATCHES)))

PART_OPTIONS = {"compression": "lz4", "use_dictionary": True, "write_statistics": False}
"""Part files are read once by the parent: fast compression, the released files get zstd."""

Submit = Callable[..., Any]
"""``submit(fn, *args)`` returns a future (``.result()``): a process pool's, Dask's, or run on the spot."""


@dataclass
class BuildResult:
    """Where a build went and how many rows it wrote per table (per source: counted from the files when asked)."""

    out_dir: Path
    rows: dict[str, int]

    def first_sources(self, count: int) -> list[str]:
        """The first ``count`` source IDs, in table order."""
        sources = pq.ParquetFile(self.out_dir / "sources.parquet")
        ids: list[str] = []
        for batch in sources.iter_batches(batch_size=max(1, count), columns=["source_id"]):
            ids += batch.column(0).to_pylist()[:count - len(ids)]
            if len(ids) >= count:
                break
        return ids

    def rows_per_source(self, source_ids: Iterable[str]) -> dict[str, Counter]:
        """Rows of each table with spans for these sources, read from the written files (a batch at a time)."""
        wanted = pa.array(sorted(set(source_ids)), pa.string())
        counts = {}
        for table in definitions.SPAN_TABLES:
            counts[table] = Counter()
            for batch in pq.ParquetFile(self.out_dir / f"{table}.parquet").iter_batches(columns=["source_id"]):
                ids = batch.column(0).cast(pa.string())
                counts[table].update(ids.filter(pc.is_in(ids, value_set=wanted)).to_pylist())
        return counts

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The built tables, read back (for small corpora and tests)."""
        return {t: storage.read_table(self.out_dir / f"{t}.parquet", t) for t in definitions.TABLES}


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for the duration of a write; a second writer is refused.

    The lock is a file beside the folder (``.<name>.lock``), held by :mod:`filelock`; it stays when the
    lock is released, as waiters must share one file.
    """
    from filelock import FileLock, Timeout

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise CmclaimsError(f"{out_dir}: another build is writing this folder (lock {lock_path}); "
                            "try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


def exchange_folders(first: Path, second: Path) -> bool:
    """Swap two existing folders in one step (Linux's ``renameat2``); False where the system cannot."""
    if sys.platform != "linux":
        return False
    import ctypes

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_current_dir, rename_exchange = -100, 2
    if renameat2(at_current_dir, os.fsencode(first), at_current_dir, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def replace_folder(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in place of ``out_dir``.

    Where folders can be exchanged in one step, readers of ``out_dir`` see
    the old tables or the new ones and nothing between. Elsewhere the old
    folder is renamed aside first; a build killed between the two renames
    leaves it there, and the next build puts it back (:func:`recover_interrupted`).
    """
    if out_dir.exists() and exchange_folders(staging, out_dir):
        shutil.rmtree(staging)
        return
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


@contextmanager
def staged_output(out_dir: Path, raw_dir: Path | None = None) -> Iterator[Path]:
    """A fresh staging folder that replaces ``out_dir`` if the block succeeds (under the lock).

    ``out_dir`` is checked first (:func:`cmclaims.build.outputs.check_output`): a
    refused folder is not touched, not even by the lock file. The staging
    folder carries the output marker, so the next build may replace it. A
    write that fails (a full or read-only disk) is an error naming the path;
    the previous output stays as it was.
    """
    from cmclaims.build.outputs import check_output, write_marker

    out_dir = check_output(out_dir, "build", raw_dir)
    try:
        with locked(out_dir):
            recover_interrupted(out_dir)
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
            try:
                write_marker(staging, "build")
                yield staging
                replace_folder(staging, out_dir)
            finally:
                if staging.exists():
                    shutil.rmtree(staging, ignore_errors=True)
    except OSError as error:
        where = Path(error.filename) if error.filename else out_dir
        writing = where.resolve() == out_dir or out_dir.parent in where.resolve().parents
        problem = "cannot write the build output" if writing else "cannot be read"
        raise CmclaimsError(f"{where}: {problem} ({error.strerror or error}); "
                            f"the previous output in {out_dir} is unchanged") from None


def part_path(parts_dir: Path, table: str, index: int) -> Path:
    return parts_dir / table / f"part-{index:06d}.parquet"


@dataclass(frozen=True)
class BatchParts:
    """What a worker reports once a batch's part files are written."""

    tallies: dict[str, Tally]  # of the tables without cross-source groups
    discovered: dict[str, dict[str, Any]]
    referenced: frozenset[str]


def write_batch_parts(
    index: int, entries: Sequence[Any], curations: Sequence[Any], parts_dir: Path, version: str
) -> BatchParts:
    """Run the pipeline on one batch and write its tables as part files (runs in a worker)."""
    from cmclaims.corpus.reader import read_documents
    from cmclaims.extract.actors.registry import load_registry
    from cmclaims.link.passes import GROUPED
    from cmclaims.transform.pipeline import build_batch

    batch = build_batch(read_documents(list(entries)), curations, load_registry())
    tallies = {}
    for table, frame in batch.tables.items():
        path = part_path(parts_dir, table, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(storage.to_arrow(frame, table, version), path, **PART_OPTIONS)
        if table not in GROUPED:
            tallies[table] = Tally.of(table, frame)
    return BatchParts(tallies, batch.discovered, batch.referenced)


def labelled_path(part: Path) -> Path:
    return part.with_name(part.stem + "-grouped.parquet")


def write_labelled_part(table: str, part: Path, out: Path, labels: Sequence[str | None]) -> Tally:
    """Write a claims or figures part with its group IDs set, and count it (runs in a worker)."""
    from cmclaims.link.passes import with_group_ids

    rows = with_group_ids(table, pq.read_table(part), labels)
    pq.write_table(rows, out, **PART_OPTIONS)
    return Tally.of(table, storage.from_arrow(rows, table))


def in_order(submit: Submit, calls: Iterable[tuple], in_flight: int) -> Iterator[Any]:
    """Results of ``fn(*args)`` for each ``(fn, *args)`` of ``calls``, in order, ``in_flight`` at most running."""
    pending: deque[Any] = deque()
    for fn, *args in calls:
        pending.append(submit(fn, *args))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def build_into(
    staging: Path,
    entries: Sequence[Any],
    curations: Sequence[Any],
    version: str,
    submit: Submit,
    in_flight: int,
    batch_size: int = MAX_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """The three passes over the corpus, writing every table and the descriptor into ``staging``."""
    from cmclaims.extract.actors.registry import load_registry
    from cmclaims.link.passes import GROUPED, CorpusKeys, batch_keys, part_columns, part_sizes
    from cmclaims.link.similarity import Keywords
    from cmclaims.transform.assemble import actors_table
    from cmclaims.transform.pipeline import actor_records

    parts_dir = staging / "_parts"
    batches = [entries[start:start + batch_size] for start in range(0, len(entries), batch_size)]
    writer = DatasetWriter(staging, version)
    discovered: dict[str, dict[str, Any]] = {}
    referenced: set[str] = set()
    runs = ((write_batch_parts, index, batch, curations, parts_dir, version) for index, batch in enumerate(batches))
    for index, parts in enumerate(in_order(submit, runs, in_flight)):
        for table, tally in parts.tallies.items():
            writer.append_part(table, part_path(parts_dir, table, index), tally)
        for actor_id, record in parts.discovered.items():
            discovered.setdefault(actor_id, record)
        referenced |= parts.referenced
        if progress:
            progress(writer.rows["sources"], len(entries))

    actors = actors_table(actor_records(load_registry(), discovered, curations), referenced)
    writer.append("actors", actors)
    keywords = Keywords(actors)
    corpus_keys = CorpusKeys()
    parts = {table: [part_path(parts_dir, table, index) for index in range(len(batches))] for table in GROUPED}
    key_runs = ((batch_keys, batch, parts["claims"][index], parts["figures"][index], keywords)
                for index, batch in enumerate(batches))
    for keys in in_order(submit, key_runs, in_flight):
        corpus_keys.add(keys)
    for table, ids in corpus_keys.group_ids(actors, part_columns(parts)).items():
        starts = list(accumulate(part_sizes(parts[table]), initial=0))
        label_runs = ((write_labelled_part, table, part, labelled_path(part), ids(start, stop))
                      for part, start, stop in zip(parts[table], starts, starts[1:]))
        for part, tally in zip(parts[table], in_order(submit, label_runs, in_flight)):
            writer.append_part(table, labelled_path(part), tally)
    writer.close()
    shutil.rmtree(parts_dir, ignore_errors=True)
    return BuildResult(staging, writer.rows)


def _run_now(fn: Callable[..., Any], *args: Any) -> Future:
    future: Future = Future()
    future.set_result(fn(*args))
    return future


@contextmanager
def local_workers(jobs: int) -> Iterator[Submit]:
    """``submit`` for ``jobs`` worker processes (or this process, for one job).

    Workers are forked where the platform allows it, after the pipeline's
    modules are imported, so they start at once; elsewhere they are spawned.
    """
    if jobs <= 1:
        yield _run_now
        return
    import cmclaims.link.passes  # noqa: F401  (imported before forking, once for all workers)
    from cmclaims.transform.pipeline import warm_up

    warm_up()
    context = get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool.submit


Engine = Callable[[int], AbstractContextManager[tuple[Submit, int]]]
"""``engine(batches)`` starts the workers for a corpus of that many batches: ``(submit, how many workers)``."""


def run_build(
    raw_dir: Path,
    out_dir: Path,
    version: str,
    engine: Engine,
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Read the corpus and its curations, and rebuild every table into ``out_dir`` on ``engine``'s workers.

    The one set-up of every engine: ``out_dir`` is replaced whole, under its lock
    (:func:`staged_output`). The batch size never changes the output; by default
    it is :func:`batch_size_for`.
    """
    from cmclaims.corpus.reader import CorpusTexts, list_corpus
    from cmclaims.transform.curation import read_curations

    entries = list_corpus(raw_dir)
    curations = read_curations(raw_dir, CorpusTexts(entries))
    batch_size = batch_size or batch_size_for(len(entries))
    batches = -(-len(entries) // batch_size)
    with staged_output(out_dir, raw_dir) as staging, engine(batches) as (submit, workers):
        result = build_into(staging, entries, curations, version, submit, 2 * workers, batch_size, progress)
    return BuildResult(out_dir, result.rows)


@contextmanager
def local_engine(jobs: int, batches: int) -> Iterator[tuple[Submit, int]]:
    """:data:`Engine` of ``jobs`` local processes, no more than there are batches."""
    workers = min(jobs, max(1, batches))
    with local_workers(workers) as submit:
        yield submit, workers


def build(
    raw_dir: Path,
    out_dir: Path,
    version: str,
    jobs: int | None = None,
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Rebuild every table from ``raw_dir`` into ``out_dir`` (replaced whole) with ``jobs`` local processes.

    The batch size never changes the output; by default it is :func:`batch_size_for`.
    """
    engine = partial(local_engine, jobs or os.cpu_count() or 1)
    return run_build(raw_dir, Path(out_dir), version, engine, batch_size, progress)
