"""Check a built or released dataset folder, and say exactly what is wrong.

Checks, in order: the descriptor and each file's bytes and hash (Frictionless
does not check these for Parquet); each table's columns and Arrow types
against ``schema/``; pandera on every table; provenance (every row's text is
its raw slice, every source's raw file has the recorded hash); foreign keys
(vectorised joins); content fingerprints; and Frictionless's own validation
of the descriptor. Every problem names the file, table, row ID and column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from cmclaims import datapackage, schemas, tableio


@dataclass
class Report:
    """Problems found in one dataset folder (empty when it is valid)."""

    folder: Path
    problems: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")


def _check_files(folder: Path, descriptor: dict, report: Report) -> dict[str, Path]:
    paths = {}
    for resource in descriptor.get("resources", []):
        path = folder / resource["path"]
        where = str(path)
        if not path.is_file():
            report.add(where, f"file of resource {resource['name']!r} is missing")
            continue
        data = path.read_bytes()
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        if resource.get("hash") != digest:
            report.add(where, f"hash {digest} differs from the descriptor's {resource.get('hash')}")
        paths[resource["name"]] = path
    missing = set(schemas.TABLES) - set(paths) - {r["name"] for r in descriptor.get("resources", [])}
    for table in sorted(missing):
        report.add(str(folder / datapackage.DESCRIPTOR_NAME), f"no resource for table {table!r}")
    return paths


def _read_checked(table: str, path: Path, report: Report) -> pd.DataFrame | None:
    """Read a table if its columns and Arrow types are the schema's."""
    try:
        arrow_table = pq.read_table(path)
    except Exception as error:  # pyarrow raises several types for damaged files
        report.add(str(path), f"unreadable Parquet file ({type(error).__name__}: {error})")
        return None
    expected = schemas.arrow_schema(table)
    ok = True
    for arrow_field in expected:
        if arrow_field.name not in arrow_table.schema.names:
            report.add(f"{path} [{table}]", f"missing column {arrow_field.name!r}")
            ok = False
            continue
        actual = arrow_table.schema.field(arrow_field.name).type
        if actual != arrow_field.type:
            report.add(f"{path} [{table}] column {arrow_field.name!r}", f"type {actual}, schema says {arrow_field.type}")
            ok = False
    for extra in sorted(set(arrow_table.schema.names) - set(expected.names)):
        report.add(f"{path} [{table}]", f"column {extra!r} is not in the schema")
        ok = False
    return tableio.from_arrow(arrow_table, table) if ok else None


def _check_pandera(table: str, frame: pd.DataFrame, path: Path, report: Report) -> None:
    import pandera.errors

    try:
        schemas.pandera_schema(table).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        id_column = schemas.ID_COLUMNS[table]
        for case in errors.failure_cases.head(50).to_dict("records"):
            index = case.get("index")
            row_id = frame[id_column].iloc[int(index)] if isinstance(index, (int, float)) and pd.notna(index) else None
            where = f"{path} [{table}]" + (f" row {row_id}" if row_id is not None else "") + (
                f" column {case['column']!r}" if case.get("column") else "")
            report.add(where, f"{case['check']} failed (value {case['failure_case']!r})")


def _check_provenance(tables: dict[str, pd.DataFrame], paths: dict[str, Path], raw_dir: Path, report: Report) -> None:
    texts: dict[str, str] = {}
    sources = tables.get("sources")
    if sources is None:
        return
    for source_id, sha256 in sources[["source_id", "sha256"]].itertuples(index=False):
        raw_path = raw_dir / f"{source_id}.txt"
        if not raw_path.is_file():
            report.add(str(raw_path), f"raw file of source {source_id} is missing")
            continue
        data = raw_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            report.add(str(raw_path), f"bytes differ from sources.sha256 of {source_id} (the raw text was changed)")
            continue
        texts[source_id] = data.decode("utf-8", errors="replace")
    for table in schemas.SPAN_TABLES:
        frame = tables.get(table)
        if frame is None:
            continue
        id_column = schemas.ID_COLUMNS[table]
        for row_id, source_id, start, end, text in frame[[id_column, "source_id", "char_start", "char_end", "text"]].itertuples(index=False):
            raw = texts.get(source_id)
            if raw is not None and raw[start:end] != text:
                report.add(f"{paths[table]} [{table}] row {row_id} column 'text'",
                           f"{text!r} is not the raw slice {start}:{end} ({raw[start:end]!r})")


def _check_foreign_keys(tables: dict[str, pd.DataFrame], paths: dict[str, Path], report: Report) -> None:
    for table in schemas.TABLES:
        frame = tables.get(table)
        if frame is None:
            continue
        for column, target_table, target_column in schemas.foreign_keys(table):
            target = tables.get(target_table)
            if target is None:
                continue
            values = frame[column]
            dangling = values.notna() & ~values.isin(target[target_column])
            id_column = schemas.ID_COLUMNS[table]
            for row_id, value in frame.loc[dangling, [id_column, column]].itertuples(index=False):
                report.add(f"{paths[table]} [{table}] row {row_id} column {column!r}",
                           f"{value!r} is not a {target_table}.{target_column}")


def _check_frictionless(folder: Path, report: Report) -> None:
    from frictionless import Package

    result = Package(str(folder / datapackage.DESCRIPTOR_NAME)).validate()
    for task in result.tasks:
        for error in task.errors:
            report.add(f"{folder / datapackage.DESCRIPTOR_NAME} [{task.name}]", f"frictionless: {error.message}")
    for error in result.errors:
        report.add(str(folder / datapackage.DESCRIPTOR_NAME), f"frictionless: {error.message}")


def validate_dataset(folder: Path, raw_dir: Path, frictionless: bool = True) -> Report:
    """Run every check on the dataset in ``folder`` against the raw texts in ``raw_dir``."""
    folder, raw_dir = Path(folder), Path(raw_dir)
    report = Report(folder)
    descriptor_path = folder / datapackage.DESCRIPTOR_NAME
    if not descriptor_path.is_file():
        report.add(str(descriptor_path), "missing descriptor")
        return report
    try:
        descriptor = datapackage.read_descriptor(descriptor_path)
    except ValueError as error:
        report.add(str(descriptor_path), f"not valid JSON ({error})")
        return report
    paths = _check_files(folder, descriptor, report)
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    tables: dict[str, pd.DataFrame] = {}
    for table in schemas.TABLES:
        if table not in paths:
            continue
        frame = _read_checked(table, paths[table], report)
        if frame is None:
            continue
        tables[table] = frame
        report.rows[table] = len(frame)
        _check_pandera(table, frame, paths[table], report)
        fingerprint = tableio.content_fingerprint(frame, table)
        if resources[table].get("fingerprint") != fingerprint:
            report.add(f"{paths[table]} [{table}]", f"content fingerprint {fingerprint} differs from the descriptor's")
    _check_provenance(tables, paths, raw_dir, report)
    _check_foreign_keys(tables, paths, report)
    if frictionless and report.ok:
        _check_frictionless(folder, report)
    return report
