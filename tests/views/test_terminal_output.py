"""Text from the data never reaches the terminal raw: escapes, bells and bidi controls are shown, not obeyed."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmclaims.cli import main
from cmclaims.views.terminal import safe
from conftest import REPO

HOSTILE = "Title\x1b]0;owned\x07\x1b[2J\x1b[31mred\u202eevil\x9b"


@given(st.text())
def test_safe_output_holds_no_control_character_but_newline_and_tab(text):
    shown = safe(text)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in shown)
    assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\n" not in safe(text, keep_newlines=False)


def test_safe_names_what_it_escaped():
    assert safe(HOSTILE) == "Title\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mred\\u202eevil\\x9b"
    assert safe("line one\r\nline two\n") == "line one\nline two\n"


def _hostile_copy(tmp_path):
    """A copy of the release as an unreleased folder: the first source's title and a claim's speaker carry escapes."""
    folder = tmp_path / "hostile"
    shutil.copytree(REPO / "dataset" / "1.0.0", folder)
    (folder / "SHA256SUMS").unlink()
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for table, column in (("sources", "title"), ("claims", "speaker_text")):
        path = folder / f"{table}.parquet"
        arrow_table = pq.read_table(path)
        index = arrow_table.schema.get_field_index(column)
        values = arrow_table.column(column).to_pylist()
        groups = arrow_table.column("claim_group_id").to_pylist() if table == "claims" else [None]
        values[next((k for k, group in enumerate(groups) if group), 0)] = HOSTILE  # a grouped claim: compare prints it
        changed = arrow_table.set_column(index, arrow_table.schema.field(index), pa.array(values, pa.string()))
        pq.write_table(changed, path)
        resource = next(r for r in descriptor["resources"] if r["name"] == table)
        resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    return folder, pq.read_table(folder / "sources.parquet").column("source_id")[0].as_py()


def test_show_escapes_a_hostile_title_and_claim(tmp_path, capsys):
    folder, source_id = _hostile_copy(tmp_path)
    printed = {}
    for colour in ("never", "always"):
        assert main(["show", source_id, "--dir", str(folder), "--color", colour]) == 0
        printed[colour] = out = capsys.readouterr().out
        assert "Title\\x1b]0;owned\\x07" in out and "\x07" not in out and "\u202e" not in out
    assert "\x1b" not in printed["never"] and "\x1b[" in printed["always"]
    # the colour codes are the only ones added: without them, the coloured review is the plain one
    assert re.sub(r"\x1b\[[0-9;]*m", "", printed["always"]) == printed["never"]


def test_compare_and_sql_escape_data(tmp_path, capsys):
    folder, _ = _hostile_copy(tmp_path)
    assert main(["compare", "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b]0;owned" in out
    pytest.importorskip("duckdb")
    assert main(["sql", "SELECT title FROM sources", "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b" in out


def test_an_error_that_quotes_the_data_escapes_it(tmp_path, capsys):
    pytest.importorskip("duckdb")
    folder, _ = _hostile_copy(tmp_path)
    assert main(["sql", "SELECT CAST(title AS INTEGER) FROM sources", "--dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b]0;owned" in err
