"""The manifest is checked by the rules of schema/manifest.schema.json; each error names file, line, column, rule."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims.corpus import manifest
from cmclaims.corpus.reader import read_corpus
from cmclaims.errors import InputError

SCHEMA = json.loads((REPO / "schema" / "manifest.schema.json").read_text(encoding="utf-8"))
SHA = "a" * 64


def _manifest(**cells: str) -> bytes:
    row = {"source_id": "a1", "file": "a1.txt", "sha256": SHA, "n_bytes": "10", "rights": "research", **cells}
    names = manifest.column_names()
    line = ",".join('"' + (row.get(name) or "").replace('"', '""') + '"' for name in names)
    return (",".join(names) + "\n" + line + "\n").encode("utf-8")


def test_columns_rules_and_order_come_from_the_schema():
    assert manifest.column_names() == tuple(field["name"] for field in SCHEMA["fields"])
    for field, column in zip(SCHEMA["fields"], manifest.columns()):
        constraints = field.get("constraints", {})
        assert column.type == field["type"]
        assert column.required == bool(constraints.get("required"))
        assert column.enum == (tuple(constraints["enum"]) if "enum" in constraints else None)
        assert (column.pattern.pattern if column.pattern else None) == constraints.get("pattern")
        assert column.minimum == constraints.get("minimum")
        assert "pattern" not in constraints or field.get("patternError"), f"{field['name']}: say what it demands"


@pytest.mark.parametrize(("cells", "message"), [
    ({"published": "08/07/2023"},
     "column published: '08/07/2023' is not a real date in the form YYYY-MM-DD (rule: type date)"),
    ({"published": "2023"}, "column published: '2023' is not a real date"),
    ({"published": "July 8, 2023"}, "column published: 'July 8, 2023' is not a real date"),
    ({"published": "2023-02-30"}, "column published: '2023-02-30' is not a real date"),
    ({"collected": "20230708"}, "column collected: '20230708' is not a real date"),
    ({"genre": "blog"}, "column genre: 'blog' must be one of news, opinion, unknown (rule: enum)"),
    ({"n_bytes": "abc"}, "column n_bytes: 'abc' is not a whole number (rule: type integer)"),
    ({"n_bytes": "0"}, "column n_bytes: '0' is below the minimum 1 (rule: minimum)"),
    ({"url": "javascript:alert(1)"}, "column url: 'javascript:alert(1)' is not an http(s) address (rule: pattern)"),
    ({"url": "https://"}, "is not an http(s) address"),
    ({"outlet": '=HYPERLINK("http://x","y")'},
     "column outlet: '=HYPERLINK(\"http://x\",\"y\")' must not start with =, +, - or @"),
    ({"title": "@SUM(A1)"}, "column title: '@SUM(A1)' must not start with =, +, - or @"),
    ({"author": "+1"}, "column author"),
    ({"rights": "-x"}, "column rights"),
    ({"outlet": "The\nTimes"},
     "column outlet: 'The\\nTimes' holds a line break (U+000A) (rule: one line, no control characters)"),
    ({"title": "tab\there"}, "holds a control character (U+0009)"),
    ({"rights": ""}, "column rights: is required (the cell is empty) (rule: required)"),
    ({"sha256": "ABC"}, "column sha256: 'ABC' must be 64 lowercase hexadecimal digits (rule: pattern)"),
])
def test_each_rule_is_a_clear_error_with_line_and_column(tmp_path, cells, message):
    with pytest.raises(InputError) as error:
        manifest.parse(tmp_path / "manifest.csv", _manifest(**cells))
    assert message in str(error.value)
    assert str(error.value).startswith(f"{tmp_path / 'manifest.csv'}:2: ")


def test_good_cells_pass_and_empty_optional_cells_are_null(tmp_path):
    data = _manifest(published="2023-07-08", genre="news", url="https://example.org/a?b=1",
                     outlet="The Guardian", title="Cluster bombs: why now?")
    rows = manifest.parse(tmp_path / "m.csv", data)
    assert rows == [(2, {"source_id": "a1", "file": "a1.txt", "sha256": SHA, "n_bytes": "10", "outlet": "The Guardian",
                         "title": "Cluster bombs: why now?", "published": "2023-07-08", "author": None, "genre": "news",
                         "url": "https://example.org/a?b=1", "collected": None, "rights": "research"})]


def test_not_utf8_names_line_and_column(tmp_path):
    data = _manifest(outlet="Caf\u00e9").replace("Café".encode(), b"Caf\xe9")
    with pytest.raises(InputError, match=r"m\.csv:2: byte b'\\xe9' at column \d+ is not UTF-8 \(rule: UTF-8 only\)"):
        manifest.parse(tmp_path / "m.csv", data)


def test_byte_order_mark_header_and_cell_count(tmp_path):
    with pytest.raises(InputError, match="byte-order mark"):
        manifest.parse(tmp_path / "m.csv", b"\xef\xbb\xbf" + _manifest())
    with pytest.raises(InputError, match=r":1: header must be source_id,file,"):
        manifest.parse(tmp_path / "m.csv", _manifest().replace(b"source_id,", b"id,", 1))
    with pytest.raises(InputError, match=r":3: expected 12 cells, found 2"):
        manifest.parse(tmp_path / "m.csv", _manifest() + b"a,b\n")


def test_duplicate_source_id_names_both_lines(tmp_path):
    data = _manifest()
    data += data.splitlines(keepends=True)[1]
    message = r":3: column source_id: duplicate source_id 'a1' \(first on line 2\) \(rule: unique\)"
    with pytest.raises(InputError, match=message):
        manifest.parse(tmp_path / "m.csv", data)


def test_every_other_form_of_the_columns_is_derived_from_the_schema(tmp_path):
    """The documents frame, ``cmclaims add``'s metadata and its --genre help all follow the schema's columns."""
    from dataclasses import fields

    from cmclaims.cli import parser
    from cmclaims.corpus.reader import FILE_RECORD
    from cmclaims.tabular.frames import DOCUMENTS
    from cmclaims.workflows.contribute import Metadata

    names = [field["name"] for field in SCHEMA["fields"]]
    assert set(manifest.FILE_COLUMNS) <= set(names)
    assert manifest.metadata_columns() == tuple(name for name in names if name not in manifest.FILE_COLUMNS)
    assert tuple(field.name for field in fields(Metadata)) == manifest.metadata_columns()
    assert FILE_RECORD == tuple(DOCUMENTS.columns)
    (tmp_path / "a1.txt").write_text("Some text.\n")
    (tmp_path / "manifest.csv").write_bytes(_manifest(sha256=hashlib.sha256(b"Some text.\n").hexdigest(), n_bytes="11",
                                                      genre="news"))
    documents = read_corpus(tmp_path)
    assert tuple(documents.columns) == (*FILE_RECORD, *manifest.metadata_columns())
    assert documents.loc[0, "genre"] == "news" and documents.loc[0, "rights"] == "research"
    genre = next(field for field in SCHEMA["fields"] if field["name"] == "genre")
    add = parser()._subparsers._group_actions[0].choices["add"]
    help_text = next(action.help for action in add._actions if "--genre" in action.option_strings)
    assert all(value in help_text for value in genre["constraints"]["enum"])


def test_build_input_refuses_a_bad_manifest_before_reading_articles(tmp_path):
    (tmp_path / "a1.txt").write_text("Some text.\n")
    (tmp_path / "manifest.csv").write_bytes(_manifest(published="08/07/2023"))
    with pytest.raises(InputError, match="published: '08/07/2023' is not a real date"):
        read_corpus(tmp_path)


def test_agrees_with_frictionless_on_what_it_accepts(tmp_path, monkeypatch):
    """Rows our checker accepts are valid for Frictionless too (the schema is the same file)."""
    frictionless = pytest.importorskip("frictionless")
    path = tmp_path / "m.csv"
    path.write_bytes(_manifest(published="2023-07-08", genre="opinion", url="http://example.org/x", title="Why?"))
    manifest.parse(path, path.read_bytes())
    monkeypatch.chdir(tmp_path)
    resource = frictionless.Resource(path="m.csv", schema=frictionless.Schema.from_descriptor(SCHEMA), format="csv")
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])


def test_validate_reports_a_manifest_that_breaks_the_schema(built, raw_copy):
    import csv
    import io

    from cmclaims.quality.validate import validate_dataset

    path = raw_copy / "manifest.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("published")] = "08/07/2023"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    report = validate_dataset(built, raw_copy, frictionless="off")
    assert any("manifest.csv:2: column published: '08/07/2023' is not a real date" in p for p in report.problems)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.text(max_size=30), st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
                       st.from_regex(r"https?://\S{0,10}", fullmatch=True), st.sampled_from(["news", "0", "-3", "12"])))
def test_the_fast_check_agrees_with_the_detailed_one(value):
    for column in manifest.columns():
        assert column.fine(value) == (column.problem(value) is None), (column.name, value)
