"""`cmclaims sql`: the verified tables, and nothing else (DuckDB is the optional `sql` extra)."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from cmclaims import selection

from cmclaims.tabular import storage
from cmclaims.cli import main
from cmclaims.errors import CmclaimsError

duckdb = pytest.importorskip("duckdb", reason="DuckDB is the optional 'sql' extra: pip install 'cmclaims[sql]'")

from cmclaims.views.sql import format_result, run_query  # noqa: E402


@pytest.fixture(scope="module")
def dataset(built):
    return selection.folder_dataset(built)


def test_every_table_holds_its_rows(dataset, built):
    for table in ("sources", "actors", "actor_mentions", "claims", "figures"):
        columns, rows = run_query(f"SELECT count(*) AS n FROM {table}", dataset)
        assert columns == ["n"] and rows == [(len(storage.read_table(built / f"{table}.parquet", table)),)]


def test_aliases_read_the_same_here_and_on_the_parquet_file(dataset, built):
    query = ("SELECT actor_id, aliases, length(aliases), json_array_length(aliases), "
             "from_json(aliases, '[\"VARCHAR\"]') FROM {} ORDER BY actor_id")
    _, ours = run_query(query.format("actors"), dataset)
    with duckdb.connect() as connection:
        theirs = connection.sql(query.format(f"read_parquet('{built / 'actors.parquet'}')")).fetchall()
    assert ours == theirs
    on_disk = dict(zip(*pq.read_table(built / "actors.parquet", columns=["actor_id", "aliases"]).to_pydict().values()))
    assert {row[0]: row[1] for row in ours} == on_disk
    assert any("Kyiv" in row[4] for row in ours if row[0] == "ukraine")


def test_figure_groups_are_queryable(dataset):
    _, rows = run_query(
        "SELECT f.source_id, f.value FROM figures f WHERE f.figure_group_id = "
        "(SELECT figure_group_id FROM figures WHERE text = 'more than 110 countries') ORDER BY 1", dataset)
    assert [value for _, value in rows] == [100.0, 110.0, 100.0]


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_csv('/etc/passwd', sep=':')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_parquet('{folder}/claims.parquet')",
    "COPY (SELECT 1 AS x) TO '{folder}/claims.parquet'",
    "COPY claims TO '{folder}/out.csv'",
    "EXPORT DATABASE '{folder}/export'",
    "ATTACH '{folder}/other.db' AS other",
    "DROP TABLE claims",
    "DROP VIEW claims",
    "DELETE FROM claims",
    "UPDATE claims SET text = 'forged'",
    "CREATE TABLE forged AS SELECT 1",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "RESET lock_configuration",
    "PRAGMA enable_profiling",
    "SELECT 1; DROP TABLE claims",
    "EXPLAIN ANALYZE DELETE FROM claims",
    "/* */ EXPLAIN (ANALYZE, FORMAT json) /* */ DROP TABLE claims",
])
def test_nothing_outside_the_tables_is_reachable(dataset, built, query):
    before = {path.name: path.read_bytes() for path in built.iterdir()}
    with pytest.raises(CmclaimsError, match="SQL error"):
        run_query(query.format(folder=built), dataset)
    assert {path.name: path.read_bytes() for path in built.iterdir()} == before
    assert run_query("SELECT count(*) > 0 FROM claims", dataset)[1] == [(True,)]


def test_read_statements_of_every_kind_run(dataset):
    assert run_query("DESCRIBE claims", dataset)[1]
    assert run_query("SUMMARIZE figures", dataset)[1]
    assert run_query("WITH c AS (SELECT kind FROM claims) FROM c LIMIT 1", dataset)[1]
    assert run_query("EXPLAIN SELECT 1", dataset)[1]
    assert run_query("EXPLAIN ANALYZE (SELECT count(*) FROM claims)", dataset)[1]


def test_printed_table_and_errors(built, capsys):
    assert main(["sql", "SELECT kind, count(*) AS claims FROM claims GROUP BY 1 ORDER BY 1", "--dir", str(built)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["|", "kind", "|", "claims", "|"] and out[-1] == "(3 rows)"
    assert main(["sql", "SELECT nonsense FROM claims", "--dir", str(built)]) == 2
    assert "SQL error" in capsys.readouterr().err
    with pytest.raises(CmclaimsError):
        run_query("SELECT * FROM nowhere", selection.folder_dataset(built))


def test_long_cells_are_cut_and_control_characters_escaped_when_printed():
    text = format_result(["text", "n"], [("x" * 100, 1.0), (None, 2.5), ("red\x1b[31m bell\x07", 3)])
    assert "x" * 59 + "…" in text and "NULL" in text and "| 2.5 |" in text and text.endswith("(3 rows)")
    assert "\x1b" not in text and "\x07" not in text and "red\\x1b[31m bell\\x07" in text


def test_the_documented_queries_give_the_same_rows_on_the_parquet_files(dataset, built):
    """docs/queries.md: the same SQL in any DuckDB client, over views of the Parquet files, gives the same rows."""
    import re

    from conftest import REPO

    queries = re.findall(r"```sql\n(.*?)```", (REPO / "docs" / "queries.md").read_text(encoding="utf-8"), re.S)
    assert len(queries) >= 5
    with duckdb.connect() as plain:
        for table in ("sources", "actors", "actor_mentions", "claims", "figures"):
            plain.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{built / (table + '.parquet')}')")
        for query in queries:
            theirs = plain.sql(query)
            assert run_query(query, dataset) == (list(theirs.columns), theirs.fetchall()), query
