"""One source of truth: every derived form of the schema agrees with schema/*.json."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from cmclaims import datapackage, schemas, tableio
from conftest import REPO


@pytest.mark.parametrize("table", schemas.TABLES)
def test_parquet_files_carry_the_derived_arrow_schema(built, table):
    written = pq.read_schema(built / f"{table}.parquet")
    expected = schemas.arrow_schema(table)
    assert written.names == expected.names
    for field in expected:
        assert written.field(field.name).type == field.type
        assert written.field(field.name).nullable == field.nullable
        assert written.field(field.name).metadata[b"description"] == field.metadata[b"description"]


@pytest.mark.parametrize("table", schemas.TABLES)
def test_descriptor_resources_embed_the_table_schema(built, table):
    descriptor = datapackage.read_descriptor(built / datapackage.DESCRIPTOR_NAME)
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    source = json.loads((REPO / "schema" / f"{table}.schema.json").read_text())
    assert resource["description"] == source.pop("description")
    assert resource["schema"] == source


@pytest.mark.parametrize("table", schemas.TABLES)
def test_pandera_schema_has_the_schema_columns_and_dtypes(table):
    from pandera.engines import pandas_engine

    pandera_schema = schemas.pandera_schema(table)
    assert list(pandera_schema.columns) == [f["name"] for f in schemas.fields(table)]
    for field in schemas.fields(table):
        column = pandera_schema.columns[field["name"]]
        assert column.nullable == (not schemas.is_required(field))
        assert column.description == field["description"]
        assert column.dtype == pandas_engine.Engine.dtype(schemas.pandas_dtype(field))


@pytest.mark.parametrize("table", schemas.TABLES)
def test_loaded_tables_have_the_schema_dtypes(built, table):
    frame = tableio.read_table(built / f"{table}.parquet", table)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: str(t) for c, t in schemas.pandas_dtypes(table).items()}


def test_every_field_is_described_and_keys_exist():
    for table in schemas.TABLES:
        names = [f["name"] for f in schemas.fields(table)]
        assert all(f.get("description") for f in schemas.fields(table)), table
        assert set(schemas.table_schema(table)["primaryKey"]) <= set(names)
        for column, target, target_column in schemas.foreign_keys(table):
            assert column in names
            assert target_column in [f["name"] for f in schemas.fields(target)]


def test_docs_data_dictionary_is_generated_from_the_schema():
    assert (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == schemas.data_dictionary_markdown() + "\n"
