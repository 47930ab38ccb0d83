"""The release index, ``dataset/releases.json``: which versions exist and what each holds.

Read-only and light (only the standard library and ``packaging``): :mod:`cmclaims.api` and
:mod:`cmclaims.selection` both read it, so it depends on neither. It also states the form of a release
number, which orders releases as :class:`packaging.version.Version` does, and the name of a release
folder's checksum file.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from packaging.version import Version

from cmclaims import _paths
from cmclaims.errors import CmclaimsError

RELEASES_INDEX = "releases.json"
CHECKSUMS = "SHA256SUMS"
"""In a release folder: the SHA-256 of every other file, in ``sha256sum -c`` format."""
RELEASE_NUMBER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
"""The form of a release's version (matched whole): MAJOR.MINOR.PATCH, no leading zeros, no suffix."""


class NotAReleaseNumber(CmclaimsError, ValueError):
    """A version that is not MAJOR.MINOR.PATCH."""


def release_version(version: str) -> Version:
    """``version`` as a :class:`~packaging.version.Version`, to order releases by; refused unless a release number."""
    if not RELEASE_NUMBER.fullmatch(version):
        raise NotAReleaseNumber(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return Version(version)


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
