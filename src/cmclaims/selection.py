"""Which dataset a reading command works on, and verified reads of its files.

Every reading command (``show``, ``compare``, ``report``, ``sql``,
``validate``, ``diff``) and :func:`cmclaims.load` name their data the same
way: a released version (``--version 1.0.0``), a folder (``--dir FOLDER``),
or, for the commands that take one, a positional that may be either. A
folder that holds a release (``dataset/1.0.0``, or a copy with a
``SHA256SUMS``) is treated as that release. Without a choice the commands
use the latest release (``show`` and ``validate``, the contributors'
commands, prefer a working build ``dataset/build`` in the current folder).

Every file is read through :mod:`cmclaims.integrity`: a release's against
the release index shipped with the package, a working build's against its
own ``datapackage.json``. Only pandas and pyarrow are imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmclaims import _paths, integrity
from cmclaims.errors import CmclaimsError
from cmclaims.tabular import definitions
from cmclaims.tabular.datapackage import DESCRIPTOR_NAME as DESCRIPTOR
from cmclaims.tabular.releases import CHECKSUMS, RELEASE_NUMBER, UnknownVersionError, release_info, versions

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

WORKING_BUILD = "build"


@dataclass(frozen=True)
class Dataset:
    """A dataset folder and what it is: a release (with its index entry) or an unreleased build."""

    folder: Path
    release: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return f"release {self.release['version']}" if self.release else f"unreleased build in {self.folder}"

    @cached_property
    def expected_hashes(self) -> dict[str, str]:
        """File name -> hex SHA-256 the data must have: from the release index, or the build's descriptor."""
        if self.release:
            files = self.release.get("files")
            if not files:
                raise CmclaimsError(f"release {self.release['version']}: the release index records no file hashes")
            return dict(files)
        path = self.folder / DESCRIPTOR
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
            hashes = {resource["path"]: resource["hash"].removeprefix("sha256:")
                      for resource in descriptor["resources"]}
        except FileNotFoundError:
            raise CmclaimsError(f"{path}: missing; without it the build's files cannot be checked") from None
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CmclaimsError(f"{path}: not a dataset descriptor ({type(error).__name__}: {error})") from None
        unsafe = sorted(name for name in hashes if not isinstance(name, str) or Path(name).name != name)
        if unsafe:
            raise CmclaimsError(f"{path}: resource paths must be plain file names in the folder, not {unsafe[0]!r}")
        return hashes

    def read_bytes(self, name: str) -> bytes:
        """A file of the dataset, verified; :class:`~cmclaims.integrity.IntegrityError` if it was changed."""
        expected = self.expected_hashes.get(name)
        if expected is None:
            source = (f"release {self.release['version']} in the release index" if self.release
                      else self.folder / DESCRIPTOR)
            raise CmclaimsError(f"{self.folder / name}: not a file of {source}")
        return integrity.verified_bytes(self.folder / name, expected)

    def arrow(self, table: str) -> pa.Table:
        import pyarrow as pa

        from cmclaims.tabular import storage

        definitions.fields(table)  # refuses an unknown table
        data = self.read_bytes(f"{table}.parquet")
        try:
            return storage.arrow_from_bytes(data, table)
        except (pa.ArrowException, ValueError, KeyError) as error:  # a build's own descriptor vouched for it
            raise CmclaimsError(f"{self.folder / (table + '.parquet')}: not a readable {table} table "
                                f"({type(error).__name__}: {error}); run `cmclaims validate`") from None

    def table(self, table: str, for_users: bool = False) -> pd.DataFrame:
        """One table, verified; with the exact pipeline dtypes, or (``for_users``) those :func:`cmclaims.load` gives."""
        from cmclaims.tabular import storage

        arrow_table = self.arrow(table)
        try:
            frame = storage.from_arrow(arrow_table, table)
            if for_users:
                frame = storage.for_users(frame, table)
        except (ValueError, TypeError, KeyError) as error:
            raise CmclaimsError(f"{self.folder / (table + '.parquet')}: columns do not have the schema's types "
                                f"({type(error).__name__}: {error}); run `cmclaims validate`") from None
        frame.attrs["cmclaims"] = {"table": table, "version": self.release["version"] if self.release else None,
                                   "released": self.release is not None, "folder": str(self.folder)}
        return frame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {table: self.table(table) for table in definitions.TABLES}

    def descriptor(self) -> dict[str, Any]:
        """The dataset's ``datapackage.json``: a release's verified against the index; a build's is its own root."""
        data = self.read_bytes(DESCRIPTOR) if self.release else (self.folder / DESCRIPTOR).read_bytes()
        return json.loads(data.decode("utf-8"))

    def raw_dir(self, given: Path | str | None = None) -> Path:
        """Where the raw texts are: ``given``, else ``./raw`` for a build in a checkout, else the package's."""
        if given is not None:
            return Path(given)
        if self.release is None and Path("raw").is_dir():
            return Path("raw")
        return _paths.raw_dir()


def release_dataset(version: str | None = None) -> Dataset:
    """A release (default: the latest) as a :class:`Dataset`; CmclaimsError naming the released versions if unknown."""
    try:
        release = release_info(version)
    except UnknownVersionError as error:
        raise CmclaimsError(str(error)) from None
    return Dataset(_paths.dataset_dir() / release["version"], release)


def folder_dataset(folder: Path | str) -> Dataset:
    """The dataset in ``folder``: the release it holds, if it is one, else an unreleased build."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CmclaimsError(f"{folder}: no such folder (a dataset folder or a released version such as "
                            f"{', '.join(versions()) or '1.0.0'} was expected)")
    resolved = folder.resolve()
    for version in versions():
        if resolved == (_paths.dataset_dir() / version).resolve():
            return release_dataset(version)
    if (folder / CHECKSUMS).exists():
        claimed = _claimed_version(folder)
        if claimed not in versions():
            raise CmclaimsError(f"{folder}: has a {CHECKSUMS} but its version {claimed!r} is not a release in "
                                f"this copy of cmclaims (released: {', '.join(versions()) or 'none'}); "
                                "it cannot be verified")
        return Dataset(folder, release_dataset(claimed).release)
    if not (folder / DESCRIPTOR).is_file() and not (folder / "claims.parquet").is_file():
        raise CmclaimsError(f"{folder}: not a dataset folder (no {DESCRIPTOR})")
    return Dataset(folder)


def _claimed_version(folder: Path) -> str | None:
    try:
        return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None


def named_dataset(name: str | Path) -> Dataset:
    """A positional argument: a released version (``1.0.0``) unless a folder of that name exists, else a folder."""
    if RELEASE_NUMBER.fullmatch(str(name)) and not Path(name).is_dir():
        return release_dataset(str(name))
    return folder_dataset(name)


def working_build() -> Path | None:
    """``dataset/build`` in the current folder or, failing that, beside the package's data, if it holds a build."""
    for folder in (Path("dataset") / WORKING_BUILD, _paths.dataset_dir() / WORKING_BUILD):
        if (folder / "claims.parquet").is_file():
            return folder
    return None


def choose_dataset(version: str | None = None, directory: Path | str | None = None,
                   named: str | Path | None = None, prefer_build: bool = False) -> Dataset:
    """The dataset named by ``--version``, ``--dir`` or a positional, else the default.

    The default is the latest release, or the working build where nothing is
    released; with ``prefer_build`` a working build in the current folder comes first.
    """
    given = [value for value in (version, directory, named) if value is not None]
    if len(given) > 1:
        raise CmclaimsError("name the dataset once: a version, --version V or --dir DIR, not both")
    if version is not None:
        return release_dataset(version)
    if directory is not None:
        return folder_dataset(directory)
    if named is not None:
        return named_dataset(named)
    local = Path("dataset") / WORKING_BUILD
    if prefer_build and (local / "claims.parquet").is_file():
        return Dataset(local)
    if versions():
        return release_dataset()
    build = working_build()
    if build is None:
        raise CmclaimsError("no release and no working build: run `cmclaims build` or pass --dir")
    return Dataset(build)
