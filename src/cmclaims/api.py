"""Load released tables as pandas DataFrames, check spans, cite a version.

Everything here reads files shipped with the package (or, in a checkout,
the repository's ``dataset/``, ``raw/`` and ``schema/``), each table only
once its SHA-256 matches the release index (:mod:`cmclaims.selection`);
nothing touches the network or writes. Only pandas and pyarrow are imported.
"""

from __future__ import annotations

import warnings
from os import PathLike
from typing import TYPE_CHECKING

from cmclaims import _paths
from cmclaims.tabular import definitions
from cmclaims.tabular.releases import UnknownVersionError, release_info, versions

__all__ = [
    "UnknownVersionError", "UnreleasedDataWarning", "cite", "load", "load_all", "raw_text", "release_info", "schema",
    "tables", "versions",
]

if TYPE_CHECKING:
    import pandas as pd


def tables() -> list[str]:
    """Names of the released tables, in dependency order."""
    return list(definitions.TABLES)


class UnreleasedDataWarning(UserWarning):
    """Data was loaded from a working build, which no release index vouches for: do not cite it."""


def load(table: str, version: str | None = None, path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """One table of a release (default: the latest) as a typed DataFrame, its file verified first.

    Text uses pandas' default string dtype, dates ``datetime64[s]`` (they
    compare with ``"2023-07-17"``), enums are categorical, integers nullable
    ``Int64`` and ``actors.aliases`` lists of strings
    (:func:`cmclaims.tabular.storage.loaded_dtypes`).

    Every file's SHA-256 is checked against the release index shipped with
    the package before a row is returned (once per file per process);
    :class:`cmclaims.integrity.IntegrityError` names the file and both hashes
    otherwise. ``path`` reads a dataset folder instead: a working build is
    checked against its own ``datapackage.json`` and flagged with an
    :class:`UnreleasedDataWarning`. ``frame.attrs["cmclaims"]`` says what was read.
    """
    if table not in definitions.TABLES:
        raise KeyError(f"unknown table {table!r}; the tables are: {', '.join(definitions.TABLES)}")
    return _dataset(version, path).table(table, for_users=True)


def load_all(version: str | None = None, path: str | PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of a release (or of the folder ``path``), keyed by name."""
    dataset = _dataset(version, path)
    return {table: dataset.table(table, for_users=True) for table in definitions.TABLES}


def _dataset(version: str | None, path: str | PathLike[str] | None):
    from cmclaims.selection import Dataset, folder_dataset

    if path is None:
        release = release_info(version)
        return Dataset(_paths.dataset_dir() / release["version"], release)
    if version is not None:
        raise ValueError("give version or path, not both")
    dataset = folder_dataset(path)
    if dataset.release is None:
        warnings.warn(f"{path}: an unreleased build (checked against its own datapackage.json); cite a release",
                      UnreleasedDataWarning, stacklevel=3)
    return dataset


def schema(table: str) -> pd.DataFrame:
    """The table's columns: name, type, required, enum values and description."""
    import pandas as pd

    rows = [
        {
            "name": field["name"],
            "type": field["type"],
            "required": definitions.is_required(field),
            "enum": definitions.enum_values(field),
            "description": field.get("description", ""),
        }
        for field in definitions.fields(table)
    ]
    return pd.DataFrame(rows)


def raw_text(source_id: str) -> str:
    """The raw article text exactly as stored, for checking any row's span."""
    if "/" in source_id or "\\" in source_id or source_id.startswith("."):
        raise KeyError(f"not a source_id: {source_id!r}")
    path = _paths.raw_dir() / f"{source_id}.txt"
    if not path.is_file():
        raise KeyError(f"no raw text for source_id {source_id!r}")
    return path.read_bytes().decode("utf-8")


def cite(style: str = "bibtex", version: str | None = None) -> str:
    """A citation of a release: ``bibtex``, ``apa`` or ``cff`` (CITATION.cff)."""
    from cmclaims.citation import render

    return render(style, release_info(version))
