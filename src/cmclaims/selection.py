"""Which dataset a reading command works on: a release, a folder, or the default.

``cmclaims compare``, ``report`` and ``sql`` take ``--version V`` (a
release) or ``--dir DIR`` (any built or released folder). Without either
they use the latest release, or, where nothing is released yet, the working
build ``dataset/build``. Only pandas and pyarrow are imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cmclaims import _paths, schemas, tableio
from cmclaims.errors import CmclaimsError

WORKING_BUILD = "build"


@dataclass(frozen=True)
class Dataset:
    """A dataset folder and what it is: a release (with its index entry) or a build."""

    folder: Path
    release: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return f"release {self.release['version']}" if self.release else f"unreleased build in {self.folder}"

    def table(self, table: str) -> pd.DataFrame:
        return tableio.read_table(self.folder / f"{table}.parquet", table)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {table: self.table(table) for table in schemas.TABLES}


def choose_dataset(version: str | None = None, directory: Path | str | None = None) -> Dataset:
    """The dataset named by ``--version`` or ``--dir``, else the latest release or the working build."""
    from cmclaims.api import UnknownVersionError, release_info, versions

    if version and directory:
        raise CmclaimsError("give --version or --dir, not both")
    if directory is not None:
        folder = Path(directory)
        if not (folder / "claims.parquet").is_file():
            raise CmclaimsError(f"{folder}: not a dataset folder (no claims.parquet)")
        return Dataset(folder)
    if version or versions():
        try:
            release = release_info(version)
        except UnknownVersionError as error:
            raise CmclaimsError(str(error)) from None
        return Dataset(_paths.dataset_dir() / release["version"], release)
    build = _paths.dataset_dir() / WORKING_BUILD
    if not (build / "claims.parquet").is_file():
        raise CmclaimsError("no release and no working build: run `cmclaims build` or pass --dir")
    return Dataset(build)
