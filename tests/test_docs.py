"""The documentation shows what the commands print."""

from __future__ import annotations

import re

import pytest

from cmclaims.cli import main
from conftest import REPO

pytest.importorskip("duckdb", reason="DuckDB is the optional 'sql' extra: pip install 'cmclaims[sql]'")

QUERIES = REPO / "docs" / "queries.md"
EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)```\n\n(?P<table>\|.*?\n)\n(?P<count>\(\d+ rows?\))", re.S)
VERSION = re.search(r"`cmclaims sql \"…\" --version (\S+)`", QUERIES.read_text(encoding="utf-8"))[1]


def _examples() -> list[tuple[str, str]]:
    found = [(m["sql"], m["table"] + "\n" + m["count"]) for m in EXAMPLE.finditer(QUERIES.read_text(encoding="utf-8"))]
    assert len(found) >= 5, "docs/queries.md lost its examples"
    return found


@pytest.mark.repository
@pytest.mark.parametrize(("sql", "printed"), _examples(), ids=lambda value: value.split("\n")[0][:40])
def test_research_queries_print_what_the_docs_show(sql, printed, capsys):
    """Run on the release the text names (releases never change), so the outputs stay true as raw/ grows."""
    assert main(["sql", sql, "--version", VERSION]) == 0
    def lines(text: str) -> list[str]:  # the docs put a blank line before the row count, for Markdown
        return [line for line in text.splitlines() if line.strip()]

    assert lines(capsys.readouterr().out) == lines(printed)
