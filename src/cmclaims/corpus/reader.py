"""Read a folder of raw article texts (and its manifest) into a documents frame.

This is the build's input edge: the only place raw files are read. Every
file is checked before anything is extracted from it: it must be UTF-8 text
without a byte-order mark, NUL or other control characters, or lone CR line
ends, and where a manifest records the file, its bytes must match the
recorded SHA-256 and size. Files are read as bytes and decoded without
newline translation, so offsets into the decoded text are offsets into the
file exactly as stored (CRLF files are accepted as they are: their ``\r``
characters count in the offsets). The readers of a built dataset
(``validate``, ``show``, ``report``) read its raw texts through
:func:`read_raw_text` too, against the hashes in its ``sources`` table.
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
from cmclaims.corpus.manifest import NAME as MANIFEST_NAME
from cmclaims.errors import InputError

FILE_RECORD = ("source_id", "raw_path", "sha256", "n_bytes", "text")
"""What the reader takes from the file itself; the manifest's metadata columns follow in the documents frame."""
NOT_REGULAR = "not a regular file (a folder, pipe, device or broken link); only regular files are read"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_CR = re.compile(r"\r(?!\n)")


def decode_utf8(path: Path, data: bytes) -> str:
    """The bytes as UTF-8 text, exactly as stored (no newline translation), or an InputError naming the bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r})") from None


def decode_article(path: Path, data: bytes) -> str:
    """The text of one raw article, or an InputError saying why it is unusable."""
    text = decode_utf8(path, data)
    if not text.strip():
        raise InputError(path, "empty or whitespace-only article")
    if text.startswith("\ufeff"):
        raise InputError(path, "starts with a UTF-8 byte-order mark (U+FEFF); save it as UTF-8 without BOM", 1)
    lone_cr = _LONE_CR.search(text)
    if lone_cr:
        line = text.count("\n", 0, lone_cr.start()) + 1
        raise InputError(path, f"lone carriage return (CR line ending) at character {lone_cr.start()}; "
                               "use LF or CRLF line endings", line)
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
    rows = read_manifest(raw_dir)
    files = list(raw_dir.glob("*.txt"))
    if not files:
        raise InputError(raw_dir, "no .txt articles in the raw folder")
    if rows:
        missing = sorted(set(rows) - {path.name for path in files})
        if missing:
            raise InputError(raw_dir / MANIFEST_NAME, f"lists files that are not in the folder: {', '.join(missing)}")
    entries = []
    for path in files:
        bad_name = manifest.column("file").problem(path.name)
        if bad_name:
            raise InputError(path, f"file name {bad_name[1]} (rule: the manifest's file {bad_name[0]})")
        if path.is_symlink() and not path.resolve().is_relative_to(raw_dir.resolve()):
            raise InputError(path, "symbolic link pointing outside the raw folder")
        if not path.is_file():
            raise InputError(path, NOT_REGULAR)
        if rows and path.name not in rows:
            raise InputError(path, f"not listed in {MANIFEST_NAME}")
        entries.append(CorpusEntry(raw_dir, path.name, path.stem, rows.get(path.name)))
    return sorted(entries, key=lambda entry: entry.source_id)


def read_regular_file(path: Path, hint: str = "") -> bytes:
    """The bytes of ``path``, refusing anything but a regular file without blocking on it (a FIFO, a device)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, _hinted("no such file", hint)) from None
    except OSError as error:
        raise InputError(path, _hinted(f"cannot be read: {error.strerror}", hint)) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise InputError(path, _hinted(NOT_REGULAR, hint))
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def _hinted(problem: str, hint: str) -> str:
    return f"{problem}; {hint}" if hint else problem


def read_raw_bytes(path: Path, sha256: str | None = None, recorded_in: str = "the manifest",
                   hint: str = "") -> tuple[bytes, str]:
    """A raw file's bytes and their SHA-256, refused unless the file is a regular one and (given one) has ``sha256``.

    The one place raw bytes are checked against a recorded hash: the build
    (against the manifest), ``validate``, ``show``, ``report`` and ``add``
    (against the dataset's ``sources.sha256``) all read through it.
    ``recorded_in`` says where ``sha256`` comes from and ``hint`` what to do
    about a refusal; both go into the error, which names the file and both hashes.
    """
    data = read_regular_file(path, hint)
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise InputError(path, _hinted(f"bytes do not match {recorded_in} (sha256 {digest}, recorded {sha256})", hint))
    return data, digest


def read_raw_text(path: Path, sha256: str, recorded_in: str = "the manifest", hint: str = "") -> str:
    """A raw file's text, decoded as stored, once its bytes have the recorded ``sha256`` (:func:`read_raw_bytes`)."""
    return decode_utf8(path, read_raw_bytes(path, sha256, recorded_in, hint)[0])


def read_article(entry: CorpusEntry) -> dict[str, object]:
    """The document record of one article, after checking its bytes against its manifest row (if it has one)."""
    recorded = entry.manifest or {}
    data, sha256 = read_raw_bytes(entry.path, recorded.get("sha256"))
    if recorded.get("n_bytes") is not None and int(str(recorded["n_bytes"])) != len(data):
        raise InputError(entry.path, f"size {len(data)} bytes does not match the manifest ({recorded['n_bytes']})")
    record: dict[str, object] = {
        "source_id": entry.source_id,
        "raw_path": f"{entry.path.parent.name}/{entry.path.name}",
        "sha256": sha256,
        "n_bytes": len(data),
        "text": decode_article(entry.path, data),
    }
    record.update({column: recorded.get(column) for column in manifest.metadata_columns()})
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
    columns = [*FILE_RECORD, *manifest.metadata_columns()]
    return pd.DataFrame.from_records([read_article(entry) for entry in entries], columns=columns)


def read_corpus(raw_dir: Path) -> pd.DataFrame:
    """The documents frame of every article of ``raw_dir``, in source_id order."""
    return read_documents(list_corpus(raw_dir))
