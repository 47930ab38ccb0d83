"""The build: deterministic, atomic, and the committed outputs are what it makes."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from cmclaims import __version__

from cmclaims.tabular import datapackage, definitions, storage
from cmclaims.build import run as build_module
from cmclaims.build.run import batch_size_for, build, locked, recover_interrupted, replace_folder
from cmclaims.cli import main
from cmclaims.errors import CmclaimsError
from conftest import RAW, REPO, REPO_RAW


def _without_hashes(descriptor: dict) -> dict:
    """The descriptor minus file hashes, which depend on the Parquet writer's version."""
    copy = json.loads(json.dumps(descriptor))
    for resource in copy["resources"]:
        resource.pop("hash")
    return copy


def test_two_builds_give_identical_files(built, tmp_path):
    again = build(RAW, tmp_path / "again", __version__).out_dir
    for name in sorted(p.name for p in built.iterdir()):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.repository
def test_committed_working_build_equals_a_fresh_build(tmp_path):
    """The repository's own check: whatever raw/ holds, dataset/build is what it rebuilds to."""
    committed = REPO / "dataset" / "build"
    rebuilt = build(REPO_RAW, tmp_path / "fresh", __version__).out_dir
    fresh = datapackage.read_descriptor(rebuilt / datapackage.DESCRIPTOR_NAME)
    assert _without_hashes(datapackage.read_descriptor(committed / datapackage.DESCRIPTOR_NAME)) == _without_hashes(fresh), (
        "dataset/build is stale: run `cmclaims build` and commit it"
    )


def test_fingerprint_ignores_row_order_but_not_content(built):
    frame = storage.read_table(built / "claims.parquet", "claims")
    fingerprint = storage.content_fingerprint(frame, "claims")
    assert storage.content_fingerprint(frame.iloc[::-1], "claims") == fingerprint
    changed = frame.copy()
    changed.loc[0, "cue"] = "whispered"
    assert storage.content_fingerprint(changed, "claims") != fingerprint


def test_canonical_rows_write_floats_by_plain_repr_whatever_their_numpy_type():
    frame = pd.DataFrame({"value": np.array([800000000.0, 2.5]), "same": [800000000.0, 2.5], "missing": [np.nan, None]})
    assert storage.row_strings(frame) == ['["800000000.0","800000000.0",null]', '["2.5","2.5",null]']
    assert storage.row_strings(frame.iloc[:1], storage.numpy2_float_text) == ['["np.float64(800000000.0)","np.float64(800000000.0)",null]']


def test_rows_are_in_deterministic_order_with_unique_ids(built):
    for table in definitions.SPAN_TABLES:
        frame = storage.read_table(built / f"{table}.parquet", table)
        keys = list(zip(frame["source_id"], frame["char_start"], frame["char_end"]))
        assert keys == sorted(keys)
        assert frame[definitions.ID_COLUMNS[table]].is_unique


def test_descriptor_is_frictionless_v2_with_data_derived_created(built):
    descriptor = datapackage.read_descriptor(built / datapackage.DESCRIPTOR_NAME)
    assert descriptor["$schema"].endswith("/2.0/datapackage.json")
    assert descriptor["created"] == "2023-07-20T00:00:00Z"
    for key in ("name", "id", "version", "title", "description", "licenses", "sources", "contributors"):
        assert descriptor[key]
    assert [r["name"] for r in descriptor["resources"]] == list(definitions.TABLES)


def test_failed_build_leaves_previous_output_intact(raw_copy, tmp_path):
    out = tmp_path / "out"
    build(raw_copy, out, __version__)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (raw_copy / "000_53a5316160c5d233.txt").write_bytes(b"tampered")
    with pytest.raises(CmclaimsError):
        build(raw_copy, out, __version__)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_second_concurrent_build_is_refused(tmp_path):
    out = tmp_path / "out"
    with locked(out):
        with pytest.raises(CmclaimsError, match="another build is writing this folder"):
            build(RAW, out, __version__)


def test_output_of_a_build_killed_between_renames_is_recovered(tmp_path):
    out = tmp_path / "out"
    build(RAW, out, __version__)
    os.rename(out, tmp_path / ".out.old")
    recover_interrupted(out)
    assert (out / datapackage.DESCRIPTOR_NAME).exists()


def _folder_with(path, text):
    path.mkdir()
    (path / "table.txt").write_text(text)
    return path


@pytest.mark.parametrize("in_one_step", [True, False], ids=["exchanged", "renamed-aside"])
def test_replacing_the_output_leaves_only_the_new_tables(tmp_path, monkeypatch, in_one_step):
    if not in_one_step:
        monkeypatch.setattr(build_module, "exchange_folders", lambda first, second: False)
    out = _folder_with(tmp_path / "out", "old")
    replace_folder(_folder_with(tmp_path / ".out.tmp-1", "new"), out)
    assert (out / "table.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="renameat2 is Linux's")
def test_folders_are_exchanged_in_one_step_on_linux(tmp_path):
    first, second = _folder_with(tmp_path / "a", "first"), _folder_with(tmp_path / "b", "second")
    if not build_module.exchange_folders(first, second):
        pytest.skip("this file system cannot exchange folders (renameat2 returned EINVAL or ENOSYS)")
    assert (first / "table.txt").read_text() == "second" and (second / "table.txt").read_text() == "first"


def test_cli_build_on_any_folder_prints_summary(tmp_path, capsys):
    raw = tmp_path / "articles"
    raw.mkdir()
    (raw / "a1.txt").write_text(
        "The Pentagon said on Friday that more than 100 countries ban the weapons.\n\n"
        "“We will provide them,” Kirby told reporters.\n",
        encoding="utf-8",
    )
    assert main(["build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "out")]) == 0
    output = capsys.readouterr().out
    assert "rows per table:" in output and "a1" in output
    assert main(["validate", str(tmp_path / "out"), "--raw-dir", str(raw)]) == 0


def test_rows_per_source_are_counted_from_the_written_tables(built):
    from cmclaims.build.run import BuildResult
    from cmclaims.tabular.definitions import SPAN_TABLES

    tables = {table: pq.read_table(built / f"{table}.parquet", columns=["source_id"]).to_pandas() for table in ["sources", *SPAN_TABLES]}
    result = BuildResult(built, {table: len(frame) for table, frame in tables.items()})
    first_two = sorted(tables["sources"]["source_id"])[:2]
    assert result.first_sources(2) == first_two
    counts = result.rows_per_source(first_two)
    for table in SPAN_TABLES:
        expected = tables[table]["source_id"].value_counts()
        assert dict(counts[table]) == {source_id: expected[source_id] for source_id in first_two if source_id in expected}


def test_default_batches_depend_on_the_corpus_size_only():
    assert [batch_size_for(n) for n in (0, 4, 1_000, 3_200, 100_000)] == [1, 1, 63, 200, 200]


def test_the_number_of_jobs_changes_no_byte(built, tmp_path):
    one_job = build(RAW, tmp_path / "one", __version__, jobs=1).out_dir
    for table in definitions.TABLES:
        assert (one_job / f"{table}.parquet").read_bytes() == (built / f"{table}.parquet").read_bytes(), table


def test_other_batches_and_workers_give_the_same_tables(built, tmp_path):
    """Batching and worker processes change nothing in the content or IDs."""
    parallel = build(RAW, tmp_path / "parallel", __version__, jobs=2, batch_size=3).out_dir
    for table in definitions.TABLES:
        one = storage.read_table(built / f"{table}.parquet", table)
        many = storage.read_table(parallel / f"{table}.parquet", table)
        assert storage.canonical_rows(many, table) == storage.canonical_rows(one, table), table
        assert list(many[definitions.ID_COLUMNS[table]]) == list(one[definitions.ID_COLUMNS[table]])


@pytest.mark.slow
def test_dask_engine_gives_the_local_build(built, tmp_path):
    pytest.importorskip("distributed")
    from cmclaims.build.dask_engine import build_on_dask

    on_dask = build_on_dask(RAW, tmp_path / "dask", __version__, jobs=2, batch_size=1).out_dir
    local = datapackage.read_descriptor(built / datapackage.DESCRIPTOR_NAME)
    remote = datapackage.read_descriptor(on_dask / datapackage.DESCRIPTOR_NAME)
    assert [r["fingerprint"] for r in remote["resources"]] == [r["fingerprint"] for r in local["resources"]]
    for table in definitions.TABLES:
        one = storage.read_table(built / f"{table}.parquet", table)
        other = storage.read_table(on_dask / f"{table}.parquet", table)
        assert list(other[definitions.ID_COLUMNS[table]]) == list(one[definitions.ID_COLUMNS[table]])
    assert not (on_dask / "_parts").exists()


def test_an_input_error_raised_in_a_worker_reaches_the_parent_intact():
    import pickle

    from cmclaims.errors import InputError

    error = pickle.loads(pickle.dumps(InputError("raw/a.txt", "not UTF-8", line=3)))
    assert (error.path, error.problem, error.line, str(error)) == ("raw/a.txt", "not UTF-8", 3, "raw/a.txt:3: not UTF-8")
