"""Where the schema, raw texts and released tables live.

Installed from a wheel they sit in ``cmclaims/_data``; in a source checkout
(an editable install) they are the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).parent / "_data"
_REPOSITORY = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    """The folder holding ``schema/``, ``raw/`` and ``dataset/``."""
    return _PACKAGE_DATA if _PACKAGE_DATA.is_dir() else _REPOSITORY


def schema_dir() -> Path:
    return data_root() / "schema"


def raw_dir() -> Path:
    return data_root() / "raw"


def dataset_dir() -> Path:
    return data_root() / "dataset"
