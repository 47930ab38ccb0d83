"""The user's API: typed loads of exact versions, offline provenance, citations, cheap import."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import cmclaims as cm
from cmclaims.tabular import definitions, storage
from cmclaims.api import UnknownVersionError

pytestmark = pytest.mark.repository  # the releases shipped with the package


def test_versions_and_tables_are_listed():
    assert cm.versions(), "no release in dataset/releases.json"
    assert cm.tables() == ["sources", "actors", "actor_mentions", "claims", "figures"]


@pytest.mark.parametrize("table", definitions.TABLES)
def test_load_gives_schema_dtypes(table):
    frame = cm.load(table)
    assert list(frame.columns) == [f["name"] for f in definitions.fields(table)]
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: str(t) for c, t in storage.loaded_dtypes(table).items()}
    assert len(frame) > 0


def test_nullable_integers_stay_integers_and_enums_are_categorical():
    sources, claims = cm.load("sources"), cm.load("claims")
    assert str(sources["n_chars"].dtype) == "Int64"
    assert isinstance(claims["kind"].dtype, pd.CategoricalDtype)
    assert list(claims["kind"].cat.categories) == ["direct", "indirect", "mixed"]
    assert all(isinstance(aliases, list) for aliases in cm.load("actors")["aliases"])


def test_types_behave_as_pandas_users_expect():
    sources, claims = cm.load("sources"), cm.load("claims")
    published = sources["published"].dropna()
    first = published.min()
    assert (published >= first.strftime("%Y-%m-%d")).all() and not (published < first.strftime("%Y-%m-%d")).any()
    assert (published == pd.Timestamp(first)).any() and (published >= pd.Timestamp(first)).all()
    assert claims["speaker_id"].dtype == pd.Series(["a"]).dtype  # pandas' own default for text
    assert claims["speaker_id"].isna().any(), "the release has claims without a named speaker"
    named = [row.claim_id for row in claims.itertuples() if isinstance(row.speaker_id, str) and row.speaker_id]
    assert 0 < len(named) < len(claims)
    for row in claims.itertuples():
        bool(pd.notna(row.speaker_id))  # the documented test for a missing value; never "ambiguous"


def test_every_span_checks_out_against_the_raw_text():
    for table in definitions.SPAN_TABLES:
        for row in cm.load(table).itertuples():
            assert cm.raw_text(row.source_id)[row.char_start:row.char_end] == row.text


def test_unknown_version_lists_the_released_ones():
    with pytest.raises(UnknownVersionError, match=f"released versions: {cm.versions()[0]}"):
        cm.load("claims", version="0.0.1")


def test_unknown_table_and_source_are_refused():
    with pytest.raises(KeyError, match="the tables are"):
        cm.load("quotes")
    with pytest.raises(KeyError):
        cm.raw_text("../pyproject")


def test_load_all_and_schema():
    tables = cm.load_all()
    assert set(tables) == set(definitions.TABLES)
    description = cm.schema("figures")
    assert list(description.columns) == ["name", "type", "required", "enum", "description"]
    assert description.set_index("name").loc["qualifier", "enum"][0] == "exact"


@pytest.mark.parametrize("style", ["bibtex", "apa", "cff"])
def test_cite_names_the_exact_version(style):
    version = cm.versions()[-1]
    assert version in cm.cite(style, version=version)


def test_cite_rejects_unknown_style():
    with pytest.raises(ValueError, match="bibtex"):
        cm.cite("mla")


def test_package_version_matches_latest_release_and_descriptor():
    from conftest import REPO

    descriptor = json.loads((REPO / "datapackage.json").read_text())
    assert cm.__version__ == cm.versions()[-1] == descriptor["version"]


def test_import_and_load_do_not_pull_build_dependencies():
    code = (
        "import sys, cmclaims as cm; heavy = {'pandas', 'pandera', 'frictionless', 'spacy', 'duckdb'};"
        "print(sorted(m for m in heavy if m in sys.modules));"
        "cm.load('claims'); print(sorted({m.split('.')[0] for m in sys.modules} & (heavy - {'pandas'})))"
    )
    lines = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines == ["[]", "[]"]
