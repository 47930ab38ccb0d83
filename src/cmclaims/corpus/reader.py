"""Read a folder of raw article texts (and its manifest) into a documents frame.

This is the build's input edge: the only place raw files are read. Every
file is checked before anything is extracted from it: it must be UTF-8 text
without a byte-order mark, NUL or other control characters, or lone CR line
ends, and where a manifest records the file, its bytes must match the
recorded SHA-256 and size. Files are read as bytes and decoded without
newline translation, so offsets into the decoded text are offsets into the
file exactly as stored (CRLF files are accepted as they are: their ``\r``
characters count in the offsets).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cmclaims.corpus import manifest
from cmclaims.errors import InputError
from cmclaims.corpus.manifest import NAME as MANIFEST_NAME

METADATA_COLUMNS = ("outlet", "title", "published", "author", "genre", "url", "collected", "rights")
"""Manifest columns copied into the documents frame (the rest identify the file and its bytes)."""
DOCUMENT_COLUMNS = ("source_id", "raw_path", "sha256", "n_bytes", "text", *METADATA_COLUMNS)
NOT_REGULAR = "not a regular file (a folder, pipe, device or broken link); only regular files are read"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_CR = re.compile(r"\r(?!\n)")


def decode_article(path: Path, data: bytes) -> str:
    """The text of one raw article, or an InputError saying why it is unusable."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r})") from None
    if not text.strip():
        raise InputError(path, "empty or whitespace-only article")
    if text.startswith("\ufeff"):
        raise InputError(path, "starts with a UTF-8 byte-order mark (U+FEFF); save it as UTF-8 without BOM", 1)
    lone_cr = _LONE_CR.search(text)
    if lone_cr:
        line = text.count("\n", 0, lone_cr.start()) + 1
        raise InputError(path, f"lone carriage return (CR line ending) at character {lone_cr.start()}; use LF or CRLF line endings", line)
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise InputError(path, f"control character U+{ord(control.group()):04X} at character {control.start()}", line)
    return text


def read_manifest(raw_dir: Path) -> dict[str, dict[str, str | None]]:
    """Manifest rows by file name, checked by ``schema/manifest.schema.json``; empty cells None. No manifest: {}."""
    path = Path(raw_dir) / MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return {}
    if path.is_symlink() and not path.resolve().is_relative_to(Path(raw_dir).resolve()):
        raise InputError(path, "symbolic link pointing outside the raw folder")
    rows: dict[str, dict[str, str | None]] = {}
    for line, entry in manifest.read(path):
        name = entry["file"] or ""
        if entry["source_id"] != Path(name).stem:
            raise InputError(path, f"column source_id: {entry['source_id']!r} must be the file's stem "
                                   f"{Path(name).stem!r} (rule: source_id is the file's stem)", line)
        rows[name] = entry
    return rows


def _safe_name(name: str) -> bool:
    """A file name the manifest schema's ``file`` pattern allows."""
    pattern = manifest.column("file").pattern
    return pattern is None or bool(pattern.fullmatch(name))


def _check_against_manifest(path: Path, data: bytes, sha256: str, entry: dict[str, str | None]) -> None:
    if entry["sha256"] != sha256:
        raise InputError(path, f"bytes do not match the manifest (sha256 {sha256}, manifest says {entry['sha256']})")
    if entry["n_bytes"] is not None and int(entry["n_bytes"]) != len(data):
        raise InputError(path, f"size {len(data)} bytes does not match the manifest ({entry['n_bytes']})")


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One raw article to read: its file and what the manifest records of it.

    The folder is one object shared by every entry of a corpus, so that a
    listing of 100,000 articles stays small.
    """

    folder: Path
    file_name: str
    source_id: str
    manifest: dict[str, str | None] | None

    @property
    def path(self) -> Path:
        return self.folder / self.file_name


def list_corpus(raw_dir: Path) -> list[CorpusEntry]:
    """The articles of ``raw_dir`` in source_id order, without reading them.

    With a manifest, every file must be listed and every listed file must
    exist; without one, metadata are null.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise InputError(raw_dir, "raw folder does not exist")
    manifest = read_manifest(raw_dir)
    files = list(raw_dir.glob("*.txt"))
    if not files:
        raise InputError(raw_dir, "no .txt articles in the raw folder")
    if manifest:
        missing = sorted(set(manifest) - {path.name for path in files})
        if missing:
            raise InputError(raw_dir / MANIFEST_NAME, f"lists files that are not in the folder: {', '.join(missing)}")
    entries = []
    for path in files:
        if not _safe_name(path.name):
            raise InputError(path, "file name must use only letters, digits, '.', '_' and '-'")
        if path.is_symlink() and not path.resolve().is_relative_to(raw_dir.resolve()):
            raise InputError(path, "symbolic link pointing outside the raw folder")
        if not path.is_file():
            raise InputError(path, NOT_REGULAR)
        if manifest and path.name not in manifest:
            raise InputError(path, f"not listed in {MANIFEST_NAME}")
        entries.append(CorpusEntry(raw_dir, path.name, path.stem, manifest.get(path.name)))
    return sorted(entries, key=lambda entry: entry.source_id)


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file without blocking on it (a FIFO, a device)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputError(path, NOT_REGULAR)
        return handle.read()


def read_article(entry: CorpusEntry) -> dict[str, object]:
    """The document record of one article, after checking its bytes."""
    data = read_regular_file(entry.path)
    sha256 = hashlib.sha256(data).hexdigest()
    if entry.manifest is not None:
        _check_against_manifest(entry.path, data, sha256, entry.manifest)
    record: dict[str, object] = {
        "source_id": entry.source_id,
        "raw_path": f"{entry.path.parent.name}/{entry.path.name}",
        "sha256": sha256,
        "n_bytes": len(data),
        "text": decode_article(entry.path, data),
    }
    record.update({column: (entry.manifest or {}).get(column) for column in METADATA_COLUMNS})
    return record


class CorpusTexts(Mapping[str, str]):
    """Raw texts by source_id, each read (and checked) only when asked for."""

    def __init__(self, entries: list[CorpusEntry]):
        self._entries = {entry.source_id: entry for entry in entries}

    def __getitem__(self, source_id: str) -> str:
        return str(read_article(self._entries[source_id])["text"])

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def read_documents(entries: list[CorpusEntry]) -> pd.DataFrame:
    """The documents frame of some articles (one batch of a build)."""
    return pd.DataFrame.from_records([read_article(entry) for entry in entries], columns=list(DOCUMENT_COLUMNS))


def read_corpus(raw_dir: Path) -> pd.DataFrame:
    """The documents frame of every article of ``raw_dir``, in source_id order."""
    return read_documents(list_corpus(raw_dir))
