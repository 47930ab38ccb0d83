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

import csv
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cmclaims.errors import InputError

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = (
    "source_id", "file", "sha256", "n_bytes", "outlet", "title", "published",
    "author", "genre", "url", "collected", "rights",
)
METADATA_COLUMNS = ("outlet", "title", "published", "author", "genre", "url", "collected", "rights")
DOCUMENT_COLUMNS = ("source_id", "raw_path", "sha256", "n_bytes", "text", *METADATA_COLUMNS)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")
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
    """Manifest rows by file name; empty cells become None. No manifest: {}."""
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != MANIFEST_COLUMNS:
            raise InputError(path, f"header must be {','.join(MANIFEST_COLUMNS)}", 1)
        rows: dict[str, dict[str, str | None]] = {}
        seen_ids: set[str] = set()
        for line, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise InputError(path, f"expected {len(MANIFEST_COLUMNS)} cells", line)
            entry = {key: (value if value != "" else None) for key, value in row.items()}
            name = entry["file"] or ""
            if not _SAFE_NAME.match(name):
                raise InputError(path, f"file {name!r} must be a plain .txt name inside the raw folder", line)
            if entry["source_id"] != Path(name).stem:
                raise InputError(path, f"source_id {entry['source_id']!r} must be the file's stem {Path(name).stem!r}", line)
            if entry["source_id"] in seen_ids:
                raise InputError(path, f"duplicate source_id {entry['source_id']!r}", line)
            seen_ids.add(entry["source_id"])
            rows[name] = entry
    return rows


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
        if not _SAFE_NAME.match(path.name):
            raise InputError(path, "file name must use only letters, digits, '.', '_' and '-'")
        if path.is_symlink() and not path.resolve().is_relative_to(raw_dir.resolve()):
            raise InputError(path, "symbolic link pointing outside the raw folder")
        if manifest and path.name not in manifest:
            raise InputError(path, f"not listed in {MANIFEST_NAME}")
        entries.append(CorpusEntry(raw_dir, path.name, path.stem, manifest.get(path.name)))
    return sorted(entries, key=lambda entry: entry.source_id)


def read_article(entry: CorpusEntry) -> dict[str, object]:
    """The document record of one article, after checking its bytes."""
    data = entry.path.read_bytes()
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
