"""Other readers (DuckDB, polars, Frictionless) see the same rows as cmclaims.load."""

from __future__ import annotations

import pytest

import cmclaims as cm
from cmclaims.tabular import definitions, storage
from conftest import REPO

pytestmark = pytest.mark.repository

duckdb = pytest.importorskip("duckdb")
polars = pytest.importorskip("polars")


def _release_tables():
    return [(version, table) for version in cm.versions() for table in definitions.TABLES]


@pytest.mark.parametrize(("version", "table"), _release_tables())
def test_duckdb_and_polars_read_the_same_rows(version, table):
    path = REPO / "dataset" / version / f"{table}.parquet"
    ours = storage.canonical_rows(cm.load(table, version), table)
    with duckdb.connect() as connection:
        result = connection.sql(f"SELECT * FROM read_parquet('{path}')").arrow()
        from_duckdb = result.read_all() if hasattr(result, "read_all") else result
    from_polars = polars.read_parquet(path).to_arrow()
    for arrow_table in (from_duckdb, from_polars):
        assert arrow_table.column_names == [f["name"] for f in definitions.fields(table)]
        assert storage.canonical_rows(storage.from_arrow(arrow_table, table), table) == ours


@pytest.mark.parametrize("version", cm.versions())
def test_frictionless_validates_every_release(version):
    from frictionless import Package

    report = Package(str(REPO / "dataset" / version / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
