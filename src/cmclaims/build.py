"""The build's output edge: run the pipeline and write Parquet + descriptor.

Outputs are written into a temporary sibling folder and swapped in by
rename, under a lock, so an interrupted or concurrent build never leaves a
half-written dataset where the previous one was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cmclaims import datapackage, schemas, tableio
from cmclaims.errors import CmclaimsError


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    tables: dict[str, pd.DataFrame]


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
    """Bring back the previous output if a build died between its two renames."""
    retired = out_dir.parent / f".{out_dir.name}.old"
    if retired.exists() and not out_dir.exists():
        os.rename(retired, out_dir)


def created_date(sources: pd.DataFrame) -> str:
    """The latest publication date in the data (not the clock), or a fixed epoch."""
    published = sources["published"].dropna()
    return f"{max(published).isoformat()}T00:00:00Z" if len(published) else "2023-07-01T00:00:00Z"


def write_dataset(tables: dict[str, pd.DataFrame], folder: Path, version: str) -> dict:
    """Write every table and the descriptor into ``folder``; return the descriptor."""
    resources = []
    for table in schemas.TABLES:
        path = folder / f"{table}.parquet"
        tableio.write_table(tables[table], table, path, version)
        fingerprint = tableio.content_fingerprint(tables[table], table)
        resources.append(datapackage.resource(table, path, path.name, fingerprint, len(tables[table])))
    sources = [
        {"title": title if isinstance(title, str) else source_id, "path": raw_path}
        for source_id, title, raw_path in tables["sources"][["source_id", "title", "raw_path"]].itertuples(index=False)
    ]
    descriptor = datapackage.package(version, created_date(tables["sources"]), sources, resources)
    datapackage.write_descriptor(descriptor, folder / datapackage.DESCRIPTOR_NAME)
    return descriptor


def build(raw_dir: Path, out_dir: Path, version: str) -> BuildResult:
    """Rebuild every table from ``raw_dir`` into ``out_dir`` (replaced whole)."""
    from cmclaims.curation import read_curations
    from cmclaims.ingest import read_corpus
    from cmclaims.pipeline import build_tables

    documents = read_corpus(raw_dir)
    curations = read_curations(raw_dir, documents)
    tables = build_tables(documents, curations)
    out_dir = Path(out_dir)
    with locked(out_dir):
        recover_interrupted(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        try:
            write_dataset(tables, staging, version)
            replace_folder(staging, out_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return BuildResult(out_dir=out_dir, tables=tables)
