"""Verified reading: a file's bytes are used only once their SHA-256 is the expected one.

A release's expected hashes come from the release index shipped with the
package (``dataset/releases.json``), never from the release folder itself,
so an edited table, descriptor or ``SHA256SUMS`` cannot vouch for itself. A
working build has no index entry; its files are checked against its own
``datapackage.json``, which catches accidents but not a consistent forgery
(the build is unreleased and says so).

Each file is hashed once per process: the digest is cached under the
file's resolved path and its (device, inode, size, mtime, ctime), so a
file replaced or edited later (which changes its ctime, which no user can
set) is hashed again. The bytes that are hashed are the bytes that are
parsed: :func:`verified_bytes` reads the file once and returns that buffer.
Only the standard library is imported.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cmclaims.errors import CmclaimsError

_DIGESTS: dict[tuple[str, tuple[int, ...]], str] = {}


class IntegrityError(CmclaimsError):
    """A file's bytes are not those its release (or its descriptor) records: nothing was read from it."""

    def __init__(self, path: Path | str, expected: str | None, actual: str | None, problem: str = ""):
        self.path, self.expected, self.actual = str(path), expected, actual
        if problem:
            message = f"{self.path}: {problem}"
        else:
            message = (f"{self.path}: SHA-256 {actual} differs from the recorded {expected}; "
                       "the file was changed after it was released or built, and nothing was read from it")
        super().__init__(message)


def _identity(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _key(path: Path, stat: os.stat_result) -> tuple[str, tuple[int, ...]]:
    return (str(path.resolve()), _identity(stat))


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, computed once per process while the file stays the same."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise CmclaimsError(f"{path}: cannot be read ({error.strerror})") from None
    key = _key(path, stat)
    if key not in _DIGESTS:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if _identity(path.stat()) == key[1]:  # not cached if it changed while being hashed
            _DIGESTS[key] = digest
        return digest
    return _DIGESTS[key]


def verified_bytes(path: Path, expected: str) -> bytes:
    """The file's bytes, after checking they hash to ``expected`` (hex, optionally ``sha256:``-prefixed).

    Raises :class:`IntegrityError` (naming the file and both hashes) on a
    mismatch; the caller gets no bytes.
    """
    path, expected = Path(path), _bare(expected)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError:
        raise IntegrityError(path, expected, None, "missing: the release or descriptor lists it") from None
    except OSError as error:
        raise CmclaimsError(f"{path}: cannot be read ({error.strerror})") from None
    key = _key(path, stat)
    digest = _DIGESTS.get(key)
    if digest is None or len(data) != stat.st_size:
        digest = hashlib.sha256(data).hexdigest()
        if len(data) == stat.st_size:
            _DIGESTS[key] = digest
    if digest != expected:
        raise IntegrityError(path, expected, digest)
    return data


def _bare(digest: str) -> str:
    return digest.removeprefix("sha256:")


def forget() -> None:
    """Drop every cached digest (tests; a long-lived process that wants to re-hash)."""
    _DIGESTS.clear()
