"""The release index, ``dataset/releases.json``: which versions exist and what each holds.

Read-only and light (only the standard library and ``packaging``): :mod:`cmclaims.api` and
:mod:`cmclaims.selection` both read it, so it depends on neither.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from packaging.version import Version

from cmclaims import _paths

RELEASES_INDEX = "releases.json"


class UnknownVersionError(LookupError):
    """A version that was never released was asked for."""


@lru_cache(maxsize=1)
def releases() -> tuple[dict[str, Any], ...]:
    """The entries of the installed release index (none when there is no index)."""
    path = _paths.dataset_dir() / RELEASES_INDEX
    if not path.is_file():
        return ()
    return tuple(json.loads(path.read_text(encoding="utf-8"))["releases"])


def versions() -> list[str]:
    """Released versions, oldest first."""
    return sorted((release["version"] for release in releases()), key=Version)


def release_info(version: str | None = None) -> dict[str, Any]:
    """The release index entry of ``version`` (default: the latest release)."""
    known = versions()
    if not known:
        raise UnknownVersionError("no release is installed with this copy of cmclaims")
    wanted = version or known[-1]
    for release in releases():
        if release["version"] == wanted:
            return release
    raise UnknownVersionError(f"no release {wanted!r}; released versions: {', '.join(known)}")
