"""Add a contributed article to the raw corpus: checked first, then copied, listed and built.

``add_article`` checks the file and its metadata before it writes anything,
so a refused article leaves the repository as it was. An accepted one is
copied byte for byte into ``raw/`` as ``<NNN>_<first 16 hex of its
SHA-256>.txt`` (the sequence number after the highest one in use), or under
the ID it already has in a published list of articles (``source_id=``), gets its
manifest row (the manifest is replaced atomically), and the working build is
rebuilt. If that build fails, the file and the manifest are put back.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from cmclaims.corpus import manifest
from cmclaims.corpus.reader import MANIFEST_NAME, decode_article, read_manifest, read_raw_bytes
from cmclaims.errors import InputError

DEFAULT_RIGHTS = (
    "Text © its author and publisher; included unchanged, for non-commercial research "
    "and verification of the derived tables only."
)
_SEQUENCE = re.compile(r"^(\d+)_")
_KEPT_ID = re.compile(r"^\d{3}_[0-9a-f]{16}$")


@dataclass(frozen=True)
class Metadata:
    """What a contributor knows about an article; None where unknown.

    One field per metadata column of the manifest (:func:`cmclaims.corpus.manifest.metadata_columns`, in its
    order; a test holds them together), each checked by that column's rules.
    """

    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    genre: str | None = None
    url: str | None = None
    collected: str | None = None
    rights: str | None = None  # None: DEFAULT_RIGHTS


@dataclass(frozen=True)
class Added:
    source_id: str
    raw_path: Path
    rows: dict[str, int]
    """Rows extracted from the new article, per span table."""


def check_metadata(path: Path, metadata: Metadata) -> None:
    """Refuse metadata the manifest cannot hold, by the manifest schema's rules (as ``--option value: problem``)."""
    for name in (entry.name for entry in fields(Metadata)):
        value = getattr(metadata, name)
        if value is None:
            continue
        found = manifest.column(name).problem(value.strip() or None)
        if found and found[0] != "required":
            raise InputError(path, f"--{name} {found[1]} (rule: {found[0]})")
    if metadata.rights is not None and not metadata.rights.strip():
        raise InputError(path, "--rights must say on what basis the text is included")


def corpus_hashes(raw_dir: Path) -> dict[str, str]:
    """SHA-256 of every article in ``raw_dir`` (files on disk and manifest rows) -> file name."""
    hashes = {entry["sha256"]: name for name, entry in read_manifest(raw_dir).items() if entry["sha256"]}
    for path in sorted(raw_dir.glob("*.txt")):
        hashes[read_raw_bytes(path)[1]] = path.name
    return hashes


def next_source_id(raw_dir: Path, sha256: str) -> str:
    """The next sequence number after the highest in use, and the start of the hash."""
    names = [path.stem for path in raw_dir.glob("*.txt")] + [Path(name).stem for name in read_manifest(raw_dir)]
    numbers = [int(match.group(1)) for name in names if (match := _SEQUENCE.match(name))]
    return f"{max(numbers, default=-1) + 1:03d}_{sha256[:16]}"


def manifest_row(entry: dict[str, str | None], line_end: str = "\n") -> str:
    """One manifest row in CSV, the columns in manifest order, None as an empty cell."""
    buffer = io.StringIO()
    cells = [entry.get(column) or "" for column in manifest.column_names()]
    csv.writer(buffer, lineterminator=line_end).writerow(cells)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to a temporary sibling and rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _manifest_with(manifest_path: Path, entry: dict[str, str | None]) -> bytes:
    if not manifest_path.exists():
        header = manifest_row({column: column for column in manifest.column_names()})
        return (header + manifest_row(entry)).encode("utf-8")
    existing = manifest_path.read_bytes()
    line_end = "\r\n" if b"\r\n" in existing else "\n"
    if existing and not existing.endswith(line_end.encode()):
        existing += line_end.encode()
    return existing + manifest_row(entry, line_end).encode("utf-8")


def check_kept_source_id(file: Path, raw_dir: Path, source_id: str) -> None:
    """Refuse a kept ID that is not ``NNN_<16 hex>`` or whose number or ID the corpus already uses."""
    if not _KEPT_ID.match(source_id):
        raise InputError(file, f"--source-id {source_id!r}: must be a 3-digit number, '_' and 16 lowercase hex digits")
    number = source_id.split("_", 1)[0]
    taken = set(read_manifest(raw_dir)) | {path.stem for path in raw_dir.glob("*.txt")}
    clash = sorted(name for name in taken if name == source_id or name.split("_", 1)[0] == number)
    if clash:
        raise InputError(file, f"--source-id {source_id}: the corpus already uses {clash[0]}")


def prepare(file: Path, raw_dir: Path, metadata: Metadata,
            source_id: str | None = None) -> tuple[bytes, dict[str, str | None]]:
    """The article's bytes and its manifest row, or an InputError; nothing is written."""
    file, raw_dir = Path(file), Path(raw_dir)
    data, sha256 = read_raw_bytes(file)
    if not raw_dir.is_dir():
        raise InputError(raw_dir, "raw folder does not exist (run `cmclaims add` from the repository root)")
    decode_article(file, data)
    check_metadata(file, metadata)
    duplicate = corpus_hashes(raw_dir).get(sha256)
    if duplicate:
        raise InputError(file, f"already in the corpus: same bytes (sha256 {sha256}) as {raw_dir / duplicate}")
    if source_id is None:
        source_id = next_source_id(raw_dir, sha256)
    else:
        check_kept_source_id(file, raw_dir, source_id)
    known = {**asdict(metadata), "collected": metadata.collected or datetime.date.today().isoformat(),
             "rights": metadata.rights or DEFAULT_RIGHTS}
    entry = {"source_id": source_id, "file": f"{source_id}.txt", "sha256": sha256, "n_bytes": str(len(data)),
             **{column: known[column] for column in manifest.metadata_columns()}}
    entry = {key: (value.strip() if isinstance(value, str) and value.strip() else None) for key, value in entry.items()}
    for column, rule, problem in manifest.row_problems(entry):
        raise InputError(file, f"manifest column {column}: {problem} (rule: {rule})")
    return data, entry


def add_article(file: Path, raw_dir: Path, out_dir: Path, metadata: Metadata, version: str,
                source_id: str | None = None) -> Added:
    """Copy ``file`` into ``raw_dir`` with its manifest row and rebuild ``out_dir``.

    ``source_id`` keeps an ID the article already has (a seed list's), instead of the next number.
    """
    from cmclaims.build.outputs import check_output
    from cmclaims.build.run import build

    raw_dir = Path(raw_dir)
    check_output(out_dir, "build", raw_dir)  # refused before raw/ is touched
    data, entry = prepare(file, raw_dir, metadata, source_id)
    target = raw_dir / entry["file"]
    manifest_path = raw_dir / MANIFEST_NAME
    previous_manifest = manifest_path.read_bytes() if manifest_path.exists() else None
    manifest_mode = manifest_path.stat().st_mode & 0o777 if manifest_path.exists() else 0o644
    write_atomically(target, data, mode=0o444)
    try:
        write_atomically(manifest_path, _manifest_with(manifest_path, entry), manifest_mode)
        result = build(raw_dir, Path(out_dir), version)
    except BaseException:
        target.unlink(missing_ok=True)
        if previous_manifest is None:
            manifest_path.unlink(missing_ok=True)
        else:
            write_atomically(manifest_path, previous_manifest, manifest_mode)
        raise
    rows = {table: counts[entry["source_id"]] for table, counts in result.rows_per_source([entry["source_id"]]).items()}
    return Added(source_id=entry["source_id"], raw_path=target, rows=rows)
