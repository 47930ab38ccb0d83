"""`cmclaims sql`: one DuckDB view per table (DuckDB is the optional `sql` extra)."""

from __future__ import annotations

import pytest

from cmclaims import tableio
from cmclaims.cli import main
from cmclaims.errors import CmclaimsError

duckdb = pytest.importorskip("duckdb", reason="DuckDB is the optional 'sql' extra: pip install 'cmclaims[sql]'")

from cmclaims.sql import format_result, run_query  # noqa: E402


def test_every_table_is_a_view_with_its_rows(built):
    for table in ("sources", "actors", "actor_mentions", "claims", "figures"):
        columns, rows = run_query(f"SELECT count(*) AS n FROM {table}", built)
        assert columns == ["n"] and rows == [(len(tableio.read_table(built / f"{table}.parquet", table)),)]


def test_aliases_are_lists_and_groups_are_queryable(built):
    _, rows = run_query("SELECT aliases FROM actors WHERE actor_id = 'ukraine'", built)
    assert "Kyiv" in rows[0][0]
    _, rows = run_query(
        "SELECT f.source_id, f.value FROM figures f WHERE f.figure_group_id = "
        "(SELECT figure_group_id FROM figures WHERE text = 'more than 110 countries') ORDER BY 1", built)
    assert [value for _, value in rows] == [100.0, 110.0, 100.0]


def test_printed_table_and_errors(built, capsys):
    assert main(["sql", "SELECT kind, count(*) AS claims FROM claims GROUP BY 1 ORDER BY 1", "--dir", str(built)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["|", "kind", "|", "claims", "|"] and out[-1] == "(3 rows)"
    assert main(["sql", "SELECT nonsense FROM claims", "--dir", str(built)]) == 2
    assert "SQL error" in capsys.readouterr().err
    with pytest.raises(CmclaimsError):
        run_query("SELECT * FROM nowhere", built)


def test_long_cells_are_cut_when_printed():
    text = format_result(["text", "n"], [("x" * 100, 1.0), (None, 2.5)])
    assert "x" * 59 + "…" in text and "NULL" in text and "| 2.5 |" in text and text.endswith("(2 rows)")
