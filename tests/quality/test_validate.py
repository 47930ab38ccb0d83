"""`cmclaims validate` names each kind of damage: file, table, row ID and column."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import RAW

from cmclaims.cli import main
from cmclaims.quality.validate import validate_dataset
from cmclaims import integrity
from cmclaims.tabular import datapackage


def _rewrite(folder, table, change):
    """Apply ``change`` to a table's Arrow data and refresh the descriptor's hash,
    so that the only remaining fault is the one under test."""
    path = folder / f"{table}.parquet"
    pq.write_table(change(pq.read_table(path)), path)
    descriptor_path = folder / datapackage.DESCRIPTOR_NAME
    descriptor = json.loads(descriptor_path.read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            resource["hash"] = "sha256:" + integrity.sha256_of(path)
    descriptor_path.write_text(json.dumps(descriptor))


def _replace_cell(arrow_table, column, row, value):
    values = arrow_table.column(column).to_pylist()
    values[row] = value
    index = arrow_table.schema.get_field_index(column)
    return arrow_table.set_column(index, arrow_table.schema.field(index), pa.array(values, arrow_table.schema.field(index).type))


def test_fresh_build_is_valid(built):
    report = validate_dataset(built, RAW)
    assert report.ok, report.problems
    assert set(report.rows) == {"sources", "actors", "actor_mentions", "claims", "figures"}
    assert all(report.rows[t] > 0 for t in report.rows)


def test_one_changed_raw_byte_is_reported(built, raw_copy):
    path = raw_copy / "003_b2133e815e3632d7.txt"
    data = bytearray(path.read_bytes())
    data[500] = ord("#")
    path.write_bytes(bytes(data))
    report = validate_dataset(built, raw_copy, frictionless="off")
    changed = "003_b2133e815e3632d7.txt: bytes do not match sources.sha256 of 003_b2133e815e3632d7 (sha256 "
    assert any(changed in p and p.endswith("; the raw text was changed") for p in report.problems)


def test_text_that_is_not_the_raw_slice_is_reported(build_copy):
    first_id = pq.read_table(build_copy / "claims.parquet").column("claim_id")[0].as_py()
    _rewrite(build_copy, "claims", lambda t: _replace_cell(t, "text", 0, "words nobody wrote"))
    report = validate_dataset(build_copy, RAW, frictionless="off")
    assert any(f"[claims] row {first_id} column 'text'" in p and "is not the raw slice" in p for p in report.problems)


def test_speaker_missing_from_actors_is_reported(build_copy):
    _rewrite(build_copy, "claims", lambda t: _replace_cell(t, "speaker_id", 0, "nobody-at-all"))
    report = validate_dataset(build_copy, RAW, frictionless="off")
    assert any("column 'speaker_id'" in p and "'nobody-at-all' is not a actors.actor_id" in p for p in report.problems)


def test_missing_column_is_reported(build_copy):
    _rewrite(build_copy, "figures", lambda t: t.drop_columns(["unit"]))
    report = validate_dataset(build_copy, RAW, frictionless="off")
    assert any("figures.parquet [figures]: missing column 'unit'" in p for p in report.problems)


def test_wrong_type_is_reported(build_copy):
    def to_strings(arrow_table):
        index = arrow_table.schema.get_field_index("char_start")
        return arrow_table.set_column(index, "char_start", arrow_table.column("char_start").cast(pa.string()))

    _rewrite(build_copy, "actor_mentions", to_strings)
    report = validate_dataset(build_copy, RAW, frictionless="off")
    assert any("[actor_mentions] column 'char_start': type string, schema says int64" in p for p in report.problems)


def test_file_changed_after_build_is_reported_by_hash(build_copy):
    path = build_copy / "sources.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    report = validate_dataset(build_copy, RAW, frictionless="off")
    assert any("sources.parquet: hash sha256:" in p for p in report.problems)


def test_cli_exits_non_zero_and_names_the_problem(build_copy, capsys):
    _rewrite(build_copy, "figures", lambda t: t.drop_columns(["measure"]))
    assert main(["validate", str(build_copy), "--raw-dir", str(RAW)]) == 1
    assert "missing column 'measure'" in capsys.readouterr().err


@pytest.mark.parametrize("table", ["sources", "actors", "actor_mentions", "claims", "figures"])
def test_pandera_rejects_rows_against_the_schema(built, table):
    import pandera.errors

    from cmclaims.tabular import definitions, storage

    frame = storage.read_table(built / f"{table}.parquet", table)
    duplicated = frame.iloc[[0, 0]].reset_index(drop=True)
    with pytest.raises(pandera.errors.SchemaError):
        definitions.pandera_schema(table).validate(duplicated)


def _constrain_descriptor(folder, table, column, constraints):
    """Add constraints to one field of the descriptor only: Frictionless is the only check that reads them."""
    path = folder / datapackage.DESCRIPTOR_NAME
    descriptor = json.loads(path.read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
    field.setdefault("constraints", {}).update(constraints)
    path.write_text(json.dumps(descriptor))


def test_frictionless_checks_every_row_in_full_mode_and_the_first_rows_in_sample_mode(build_copy, monkeypatch):
    import cmclaims.quality.validate as validate

    first_end = pq.read_table(build_copy / "claims.parquet", columns=["char_end"]).column("char_end")[0].as_py()
    _constrain_descriptor(build_copy, "claims", "char_end", {"maximum": first_end})
    full = validate_dataset(build_copy, RAW, frictionless="full")
    assert any("[claims]" in p and "frictionless" in p and "maximum" in p for p in full.problems), full.problems
    monkeypatch.setattr(validate, "FRICTIONLESS_SAMPLE_ROWS", 1)
    assert validate_dataset(build_copy, RAW, frictionless="sample").ok
    assert validate_dataset(build_copy, RAW, frictionless="off").ok


def test_unknown_frictionless_mode_is_refused(built):
    with pytest.raises(ValueError, match="frictionless must be one of"):
        validate_dataset(built, RAW, frictionless="some")
