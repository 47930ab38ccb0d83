"""One source of truth: every derived form of the schema agrees with schema/*.json."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from cmclaims.tabular import datapackage, definitions, storage
from conftest import REPO


@pytest.mark.parametrize("table", definitions.TABLES)
def test_parquet_files_carry_the_derived_arrow_schema(built, table):
    written = pq.read_schema(built / f"{table}.parquet")
    expected = definitions.arrow_schema(table)
    assert written.names == expected.names
    for field in expected:
        assert written.field(field.name).type == field.type
        assert written.field(field.name).nullable == field.nullable
        assert written.field(field.name).metadata[b"description"] == field.metadata[b"description"]


@pytest.mark.parametrize("table", definitions.TABLES)
def test_descriptor_resources_embed_the_table_schema(built, table):
    descriptor = datapackage.read_descriptor(built / datapackage.DESCRIPTOR_NAME)
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    source = json.loads((REPO / "schema" / f"{table}.schema.json").read_text())
    assert resource["description"] == source.pop("description")
    assert resource["schema"] == source


@pytest.mark.parametrize("table", definitions.TABLES)
def test_pandera_schema_has_the_schema_columns_and_dtypes(table):
    from pandera.engines import pandas_engine

    pandera_schema = definitions.pandera_schema(table)
    assert list(pandera_schema.columns) == [f["name"] for f in definitions.fields(table)]
    for field in definitions.fields(table):
        column = pandera_schema.columns[field["name"]]
        assert column.nullable == (not definitions.is_required(field))
        assert column.description == field["description"]
        assert column.dtype == pandas_engine.Engine.dtype(definitions.pandas_dtype(field))


@pytest.mark.parametrize("table", definitions.TABLES)
def test_loaded_tables_have_the_schema_dtypes(built, table):
    frame = storage.read_table(built / f"{table}.parquet", table)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: str(t) for c, t in definitions.pandas_dtypes(table).items()}


def test_every_field_is_described_and_keys_exist():
    for table in definitions.TABLES:
        names = [f["name"] for f in definitions.fields(table)]
        assert all(f.get("description") for f in definitions.fields(table)), table
        assert set(definitions.table_schema(table)["primaryKey"]) <= set(names)
        for column, target, target_column in definitions.foreign_keys(table):
            assert column in names
            assert target_column in [f["name"] for f in definitions.fields(target)]


def test_docs_data_dictionary_is_generated_from_the_schema():
    assert (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == definitions.data_dictionary_markdown() + "\n"
