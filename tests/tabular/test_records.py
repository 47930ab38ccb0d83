"""The extractors' records and the internal frames derived from them agree with each other and with schema/."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pandera.errors
import pytest

from cmclaims.tabular import definitions, frames
from cmclaims.tabular.records import Claim, DiscoveredActor, Figure, Mention, Span, in_span_order
from cmclaims.transform.pipeline import extract_rows

CONTRACTS = {Mention: frames.MENTION_ROWS, Claim: frames.CLAIM_ROWS, Figure: frames.FIGURE_ROWS}


@pytest.mark.parametrize("record", list(CONTRACTS))
def test_frame_columns_are_the_record_fields_with_source_id_and_text(record):
    names = [field.name for field in dataclasses.fields(record)]
    expected = ["source_id", "char_start", "char_end", "text", *names[2:]]
    assert frames.row_columns(record) == expected
    assert list(CONTRACTS[record].columns) == expected
    assert list(frames.row_dtypes(record)) == expected
    assert names[-1] == "rule"


@pytest.mark.parametrize("record", list(CONTRACTS))
def test_every_record_field_is_a_column_of_its_released_table(record):
    released = {field["name"] for field in definitions.fields(record.table)}
    assert {field.name for field in dataclasses.fields(record)} - {"rule"} <= released


@pytest.mark.parametrize("record", list(CONTRACTS))
def test_enums_of_the_internal_frames_are_the_schema_enums(record):
    checked = {}
    for name, column in CONTRACTS[record].columns.items():
        for check in column.checks:
            if check.name == "isin":
                checked[name] = sorted(check.statistics["allowed_values"])
    schema = {field["name"]: sorted(definitions.enum_values(field)) for field in definitions.fields(record.table)
              if definitions.enum_values(field) and field["name"] in frames.row_columns(record)}
    assert checked == schema


def test_the_claim_kind_and_figure_enums_come_from_the_schema_files():
    kinds = next(definitions.enum_values(f) for f in definitions.fields("claims") if f["name"] == "kind")
    assert set(kinds) == {"direct", "indirect", "mixed"}
    assert {"qualifier", "measure"} <= {name for name, column in frames.FIGURE_ROWS.columns.items()
                                        if any(check.name == "isin" for check in column.checks)}


def test_a_value_outside_the_schema_enum_fails_the_contract():
    frame = pd.DataFrame([{"source_id": "a", "char_start": 0, "char_end": 3, "text": "abc", "kind": "rumour",
                           "speaker_id": None, "speaker_text": None, "cue": None, "rule": "claims.x"}])
    with pytest.raises(pandera.errors.SchemaError):
        frames.CLAIM_ROWS.validate(frame.astype(frames.row_dtypes(Claim)))


def test_records_are_immutable_and_slotted():
    mention = Mention(3, 7, "ukraine", "actors.alias")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.char_start = 4
    assert not hasattr(mention, "__dict__")


def test_a_discovered_actor_is_a_registry_record():
    actor = DiscoveredActor("jane-doe", "Jane Doe", "person", "spokeswoman", None, None, ("Jane Doe", "Doe"), False,
                            "actors.name-after-role")
    record = actor.as_record()
    assert list(record) == [field.name for field in dataclasses.fields(DiscoveredActor)]
    assert record["aliases"] == ("Jane Doe", "Doe") and record["curated"] is False


def test_span_order_is_by_start_then_end_and_stable():
    spans = [Mention(5, 9, "b", "r"), Mention(1, 4, "a", "r"), Mention(5, 7, "c", "r"), Mention(5, 7, "d", "r")]
    assert [m.actor_id for m in in_span_order(spans)] == ["a", "c", "d", "b"]


def test_extracted_frames_follow_the_record_fields():
    text = 'The Pentagon said on Friday that it would send "about 100 bombs" to Kyiv, Laura Cooper told reporters.'
    laid_out = pd.DataFrame({"source_id": ["s1"], "text": [text], "body_spans": [[(0, len(text))]]})
    rows = extract_rows(laid_out)
    for record, frame in ((Mention, rows.mentions), (Claim, rows.claims), (Figure, rows.figures)):
        assert list(frame.columns) == frames.row_columns(record)
        assert len(frame) > 0
        assert all(text[a:b] == t for a, b, t in frame[["char_start", "char_end", "text"]].itertuples(index=False))


def test_an_article_without_rows_gives_empty_frames_with_the_contract_columns():
    laid_out = pd.DataFrame({"source_id": ["s1"], "text": ["Nothing here."], "body_spans": [[(0, 13)]]})
    rows = extract_rows(laid_out)
    assert rows.claims.empty and list(rows.claims.columns) == frames.row_columns(Claim)
    assert str(rows.claims["char_start"].dtype) == "int64"


def test_a_record_class_must_begin_with_the_span():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Backwards:
        table = "claims"
        char_end: int
        char_start: int

    with pytest.raises(TypeError):
        frames.row_columns(Backwards)  # type: ignore[arg-type]
    assert issubclass(Claim, Span)


def test_a_record_field_of_a_type_no_column_has_is_refused():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Tagged(Span):
        table = "claims"
        tags: list

    with pytest.raises(TypeError, match="tags"):
        frames.row_dtypes(Tagged)
