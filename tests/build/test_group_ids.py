"""Group IDs do not depend on how a build is cut up or run: batch size, local jobs, the Dask engine.

A tiny corpus of its own (three articles, built in a few seconds), so that the groups it must have can be read
off the texts: two articles quote the same sentence of Putin, two state the same count of countries.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cmclaims import __version__
from cmclaims.build.run import build
from cmclaims.tabular import storage

PUTIN = ('Russian President Vladimir Putin said his forces would retaliate against Ukraine if the weapons '
         '"are used against us."')
COUNTRIES = "More than 100 countries ban cluster munitions under a 2008 convention."
ARTICLES = {
    "a1": f"Putin warns Kyiv\n\n{PUTIN}\n\n{COUNTRIES}\n",
    "b2": f"Russia reacts to US decision\n\nMOSCOW (Reuters) - {PUTIN}\n\nThe weapons arrived in Ukraine on Thursday.\n",
    "c3": (f"Cluster munitions explained\n\n{COUNTRIES}\n\nUkraine's defence minister Oleksii Reznikov said the "
           "munitions would be used only on the battlefield.\n"),
}
GROUP_COLUMNS = {"claims": ["claim_id", "claim_group_id"], "figures": ["figure_id", "figure_group_id"]}


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("tiny") / "raw"
    raw.mkdir()
    for source_id, text in ARTICLES.items():
        (raw / f"{source_id}.txt").write_bytes(text.encode("utf-8"))
    return raw


def groups_of(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Row IDs and group IDs of claims and figures, in table order, as written."""
    return {table: storage.read_table(out_dir / f"{table}.parquet", table)[columns].reset_index(drop=True)
            for table, columns in GROUP_COLUMNS.items()}


@pytest.fixture(scope="module")
def reference(tiny_raw, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The tiny corpus in one batch, in this process."""
    return groups_of(build(tiny_raw, tmp_path_factory.mktemp("one") / "out", __version__, jobs=1, batch_size=200).out_dir)


def test_two_articles_quoting_one_sentence_share_a_group_and_the_first_names_it(reference):
    claims, figures = reference["claims"], reference["figures"]
    putin = claims[claims["claim_id"].str.startswith(("a1-", "b2-"))]
    assert len(putin) == 2
    assert putin["claim_group_id"].tolist() == [f"cg-{putin['claim_id'].iloc[0]}"] * 2
    assert claims.loc[claims["claim_id"].str.startswith("c3-"), "claim_group_id"].isna().all()
    start = ARTICLES["a1"].index(COUNTRIES)
    first = f"a1-f{start}-{start + len('More than 100 countries')}"
    assert figures["figure_id"].str[:2].tolist() == ["a1", "c3"]
    assert figures["figure_group_id"].tolist() == [f"fg-{first}"] * 2


@pytest.mark.parametrize("batch_size", [1, 2, 200])
@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_size_and_jobs_leave_the_group_ids_unchanged(tiny_raw, reference, tmp_path, batch_size, jobs):
    built = groups_of(build(tiny_raw, tmp_path / "out", __version__, jobs=jobs, batch_size=batch_size).out_dir)
    for table, frame in reference.items():
        pd.testing.assert_frame_equal(built[table], frame, obj=table)


@pytest.mark.slow
def test_the_dask_engine_gives_the_same_group_ids(tiny_raw, reference, tmp_path):
    pytest.importorskip("distributed")
    from cmclaims.build.dask_engine import build_on_dask

    built = groups_of(build_on_dask(tiny_raw, tmp_path / "out", __version__, jobs=2, batch_size=1).out_dir)
    for table, frame in reference.items():
        pd.testing.assert_frame_equal(built[table], frame, obj=table)
