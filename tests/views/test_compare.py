"""The disagreement view and `cmclaims compare`."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from cmclaims.tabular import storage
from cmclaims.cli import main
from cmclaims.views.compare import (claim_comparison, figure_comparison, format_comparison, format_value,
                              normalised_wording, source_label)
from cmclaims.errors import CmclaimsError
from cmclaims.selection import choose_dataset

SOURCES = pd.DataFrame({"source_id": ["a", "b", "c"], "outlet": ["CNN", None, "RT"]})
CLAIMS = pd.DataFrame({
    "claim_id": ["a-c0-9", "b-c5-30", "c-c0-9", "c-c40-60"],
    "source_id": ["a", "b", "c", "c"],
    "char_start": [0, 5, 0, 40],
    "speaker_id": ["united-nations", "michelle-bachelet", None, "john-kirby"],
    "speaker_text": ["the United Nations", "Michelle Bachelet", "officials", "Kirby"],
    "kind": ["indirect", "mixed", "indirect", "direct"],
    "text": ["Russia used them 24 times", 'Russia used them "at least two dozen times,"', "x", "They are using them."],
    "claim_group_id": ["cg-a-c0-9", "cg-a-c0-9", None, None],
})
FIGURES = pd.DataFrame({
    "figure_id": ["a-f1-5", "b-f2-9", "c-f3-9", "a-f20-25", "c-f30-35"],
    "source_id": ["a", "b", "c", "a", "c"],
    "char_start": [1, 2, 3, 20, 30],
    "text": ["more than 100 nations", "more than 120 countries", "9 people", "24 times", "two dozen times"],
    "value": [100.0, 120.0, 9.0, 24.0, 24.0],
    "value_high": [None, None, None, None, None],
    "qualifier": ["more_than", "more_than", "exact", "at_least", "at_least"],
    "unit": ["country", "country", "person", "time", "time"],
    "measure": ["count"] * 5,
    "claim_id": [None, "b-c5-30", None, "a-c0-9", "c-c0-9"],
    "figure_group_id": ["fg-a-f1-5", "fg-a-f1-5", None, "fg-a-f20-25", "fg-a-f20-25"],
})


def test_figure_view_lists_each_source_and_flags_disagreement():
    view = figure_comparison(FIGURES, CLAIMS, SOURCES)
    assert list(view["figure_id"]) == ["a-f1-5", "b-f2-9", "a-f20-25", "c-f30-35"]
    countries = view[view["figure_group_id"] == "fg-a-f1-5"]
    assert list(countries["value"]) == [100.0, 120.0] and not countries["agrees"].any()
    assert view[view["figure_group_id"] == "fg-a-f20-25"]["agrees"].all()
    assert list(view["said_by"]) == ["(article)", "michelle-bachelet", "united-nations", "(unnamed)"]
    assert list(view["outlet"].astype("object").where(view["outlet"].notna(), None)) == ["CNN", None, "CNN", "RT"]


def test_claim_view_compares_wording_not_quotation_marks():
    view = claim_comparison(CLAIMS, SOURCES)
    assert list(view["claim_id"]) == ["a-c0-9", "b-c5-30"] and not view["same_wording"].any()
    assert normalised_wording('“Using them appropriately.”') == normalised_wording("using them appropriately")


def test_text_view_shows_values_side_by_side():
    text = format_comparison(figure_comparison(FIGURES, CLAIMS, SOURCES), claim_comparison(CLAIMS, SOURCES))
    block = text[text.index("fg-a-f1-5"):text.index("fg-a-f20-25")]
    assert "sources disagree" in block and "100  more_than" in block and "120  more_than" in block
    assert "2 group(s)" in text and "worded differently" in text
    assert format_value(800000000.0) == "800,000,000" and format_value(2.0, 5.0) == "2–5"


def test_cmclaims_compare_on_the_build(built, capsys):
    assert main(["compare", "--dir", str(built)]) == 0
    out = capsys.readouterr().out
    assert "more than 110 countries" in out and "More than 100 countries" in out and "sources disagree" in out
    assert "at least two dozen times" in out and "vladimir-putin" in out


def test_dataset_choice_errors_are_clear(tmp_path):
    with pytest.raises(CmclaimsError, match="not a dataset folder"):
        choose_dataset(directory=tmp_path)
    with pytest.raises(CmclaimsError, match="not both"):
        choose_dataset("1.0.0", tmp_path)
    assert main(["compare", "--dir", str(tmp_path)]) == 2


def test_sources_get_a_readable_label_next_to_their_id():
    from cmclaims.views.compare import labelled, source_label, source_labels

    assert source_label("Allies split", "CNN", "2023-07-12") == "Allies split"
    assert source_label(None, "CNN", datetime.date(2023, 7, 17)) == "CNN, 2023-07-17"
    assert source_label(pd.NA, None, "2023-07-20") == "2023-07-20" and source_label() == ""
    long = source_label("x" * 100)
    assert len(long) == 60 and long.endswith("…")
    assert labelled("003_b2133e815e3632d7", "US sends munitions") == "003_b2133e815e3632d7 (US sends munitions)"
    assert labelled("000_53a5316160c5d233", "") == "000_53a5316160c5d233"
    sources = pd.DataFrame({"source_id": ["a", "b"], "title": [None, "T"], "outlet": ["CNN", "RT"],
                            "published": [None, None]})
    assert source_labels(sources).to_dict() == {"a": "CNN", "b": "T"}


def test_compare_shows_each_source_with_its_label(built, capsys):
    sources = storage.read_table(built / "sources.parquet", "sources")
    assert main(["compare", "--dir", str(built)]) == 0
    out = capsys.readouterr().out
    shown = [row for row in sources.itertuples() if f"  {row.source_id}" in out]
    labels = {row.source_id: source_label(row.title, row.outlet, row.published) for row in shown}
    assert any(labels.values()), "the fixture corpus has titles and outlets"
    for source_id, label in labels.items():
        assert f"  {source_id} ({label})" in out if label else f"  {source_id}:" in out or f"  {source_id}," in out
