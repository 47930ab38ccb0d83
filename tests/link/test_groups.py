"""Cross-source groups: the real cases of the corpus, made-up negatives, curation, determinism."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims import __version__

from cmclaims.tabular import storage
from cmclaims.build.run import build
from cmclaims.link.groups import GroupIds, Variants, link_variants, same_speaker, words_around_figure
from cmclaims.link.passes import BatchKeys, CorpusKeys
from cmclaims.link.similarity import Keywords

ACTORS = pd.DataFrame(
    [
        ("russia", "Russia", ["Russia", "Moscow"], None),
        ("kremlin", "Kremlin", ["Kremlin"], "russia"),
        ("vladimir-putin", "Vladimir Putin", ["Putin", "Vladimir Putin"], "russia"),
        ("ukraine", "Ukraine", ["Ukraine", "Kyiv", "Kiev"], None),
        ("united-states", "United States", ["United States", "US", "U.S.", "Washington"], None),
        ("white-house", "White House", ["White House"], "united-states"),
        ("jake-sullivan", "Jake Sullivan", ["Jake Sullivan", "Sullivan"], "white-house"),
        ("john-kirby", "John Kirby", ["John Kirby", "Kirby"], "white-house"),
        ("united-nations", "United Nations", ["United Nations", "UN", "U.N."], None),
        ("ohchr", "Office of the UN High Commissioner for Human Rights", ["OHCHR"], "united-nations"),
        ("michelle-bachelet", "Michelle Bachelet", ["Michelle Bachelet", "Bachelet"], "ohchr"),
    ],
    columns=["actor_id", "name", "aliases", "affiliation_id"],
)
AFFILIATIONS = dict(zip(ACTORS["actor_id"], ACTORS["affiliation_id"]))


CLAIM_COLUMNS = ["claim_id", "source_id", "char_start", "char_end", "speaker_id", "text"]
FIGURE_COLUMNS = ["figure_id", "source_id", "char_start", "char_end", "text", "value", "unit", "measure"]


def group_ids(
    table: str, rows: pd.DataFrame, corpus: Mapping[str, str], texts: Mapping[str, str] | None = None
) -> pd.Series:
    """Group IDs of made-up claims or figures, aligned on ``rows``, as the build's grouping passes give them.

    The rows, put in table order, are one batch of a corpus whose keyword weights come from the texts of
    ``corpus`` (those of ``texts`` too: the articles the figures are in).
    """
    ordered = rows.sort_values(["source_id", "char_start", "char_end"], kind="stable").reset_index()
    frames = {"claims": pd.DataFrame(columns=CLAIM_COLUMNS), "figures": pd.DataFrame(columns=FIGURE_COLUMNS),
              table: ordered}
    keys = CorpusKeys()
    keys.add(BatchKeys.of({**corpus, **(texts or {})}, frames["claims"], frames["figures"], Keywords(ACTORS)))

    def columns(name: str, column: str) -> list[pa.Array]:
        frame = frames[name]
        return [pa.array(frame[column] if column in frame else [None] * len(frame), pa.string())]

    ids = keys.group_ids(ACTORS, columns)[table](0, len(ordered))
    return pd.Series(ids, index=ordered["index"], dtype="object").reindex(rows.index)


def claim_groups(claims: pd.DataFrame, corpus: Mapping[str, str]) -> pd.Series:
    return group_ids("claims", claims, corpus)


def figure_groups(figures: pd.DataFrame, corpus: Mapping[str, str]) -> pd.Series:
    return group_ids("figures", figures, corpus, TEXTS)


def claims_frame(rows: list[tuple[str, str | None, str]]) -> pd.DataFrame:
    """Claims (source_id, speaker_id, text), one per row, at made-up offsets."""
    records = [
        {"claim_id": f"{source}-c{10 * i}-{10 * i + 5}", "source_id": source, "char_start": 10 * i,
         "char_end": 10 * i + 5, "speaker_id": speaker, "text": text}
        for i, (source, speaker, text) in enumerate(rows)
    ]
    return pd.DataFrame.from_records(records, columns=["claim_id", "source_id", "char_start", "char_end", "speaker_id", "text"])


def as_list(ids: pd.Series) -> list[str | None]:
    """Group IDs with missing ones as None (pandas' NA does not compare)."""
    return [None if pd.isna(value) else value for value in ids]


def figures_frame(texts: dict[str, str], figures: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    """Figures (source_id, figure text, value, unit) located in ``texts``."""
    records = []
    for source, text, value, unit in figures:
        start = texts[source].index(text)
        records.append({"figure_id": f"{source}-f{start}-{start + len(text)}", "source_id": source, "char_start": start,
                        "char_end": start + len(text), "text": text, "value": value, "unit": unit, "measure": "count"})
    return pd.DataFrame.from_records(records)


# --- keywords ------------------------------------------------------------------


def test_keywords_read_actor_names_as_their_body_and_merge_forms():
    keywords = Keywords(ACTORS)
    assert keywords("if Kyiv uses the ones") >= {"actor:ukraine", "use"}
    assert keywords("against Ukraine if the weapons are used") >= {"actor:ukraine", "use", "weapon"}
    assert "actor:russia" in keywords("the Kremlin has used cluster munitions")
    assert keywords("outlawed by more than 100 nations") == keywords("banned by more than 100 countries")
    assert "us" not in keywords("used against us") and "actor:united-states" in keywords("supplied by the US")


def test_speakers_match_when_equal_or_one_belongs_to_the_other():
    assert same_speaker("michelle-bachelet", "united-nations", AFFILIATIONS)
    assert same_speaker("united-nations", "michelle-bachelet", AFFILIATIONS)
    assert same_speaker("vladimir-putin", "vladimir-putin", AFFILIATIONS)
    assert not same_speaker("jake-sullivan", "john-kirby", AFFILIATIONS)
    assert not same_speaker("vladimir-putin", "kremlin", AFFILIATIONS)
    assert not same_speaker(None, None, AFFILIATIONS)


# --- claims ----------------------------------------------------------------------

PUTIN_000 = "his forces would retaliate against Ukraine if the weapons “are used against us.”"
PUTIN_002 = "to retaliate if Kyiv uses the ones recently supplied by the US"
PUTIN_CRIME = 'Ukraine using cluster munitions is a "crime"'
UN_000 = ("the Kremlin has used cluster munitions in populated areas of Ukraine at least 24 times "
          "since it invaded Ukraine in February 2022")
BACHELET_002 = ('credible reports indicated Russia had already used cluster munitions in populated areas of '
                'Ukraine "at least two dozen times,"')


def test_a_quote_and_its_paraphrase_by_one_speaker_are_grouped(raw_texts):
    claims = claims_frame([("000", "vladimir-putin", PUTIN_000), ("002", "vladimir-putin", PUTIN_002),
                           ("002", "vladimir-putin", PUTIN_CRIME), ("000", "united-nations", UN_000),
                           ("002", "michelle-bachelet", BACHELET_002)])
    groups = claim_groups(claims, raw_texts)
    assert as_list(groups) == ["cg-000-c0-5", "cg-000-c0-5", None, "cg-000-c30-35", "cg-000-c30-35"]


def test_same_speaker_different_statement_is_not_grouped(raw_texts):
    claims = claims_frame([("000", "vladimir-putin", PUTIN_000), ("002", "vladimir-putin", PUTIN_CRIME)])
    assert claim_groups(claims, raw_texts).isna().all()


def test_same_wording_by_different_speakers_is_not_grouped(raw_texts):
    text = "Russia has used cluster munitions in populated areas of Ukraine dozens of times"
    claims = claims_frame([("000", "jake-sullivan", text), ("004", "john-kirby", text), ("003", None, text), ("005", None, text)])
    assert claim_groups(claims, raw_texts).isna().all()


def test_claims_of_one_article_alone_are_not_a_group(raw_texts):
    claims = claims_frame([("000", "vladimir-putin", PUTIN_000), ("000", "vladimir-putin", PUTIN_000)])
    assert claim_groups(claims, raw_texts).isna().all()


def test_copies_of_one_claim_group_only_across_sources(raw_texts):
    copies = claims_frame([("a", "vladimir-putin", PUTIN_000), ("a", "vladimir-putin", PUTIN_000),
                           ("b", "vladimir-putin", PUTIN_000), ("c", "vladimir-putin", PUTIN_002)])
    assert as_list(claim_groups(copies, raw_texts)) == ["cg-a-c0-5"] * 4


def test_a_short_claim_does_not_link_on_one_shared_word(raw_texts):
    claims = claims_frame([("000", "united-states", "they arrived in the country"),
                           ("004", "united-states", "there would be no major consequences for the country")])
    assert claim_groups(claims, raw_texts).isna().all()


# --- figures ---------------------------------------------------------------------

TEXTS = {
    "000": "The highly controversial weapons are outlawed by more than 100 nations because of the long-lasting risk.",
    "003": "NATO partners would react, as these weapons are banned by a 2008 UN convention signed by more than 110 countries.",
    "004": "More than 100 countries ban cluster munitions, and neither Russia nor Ukraine has signed the Convention.",
    "005": "More than 300 countries ban cluster munitions, says nobody.",
    "006": "Russian forces attacked the town, where 8 people were injured by cluster munitions.",
    "007": "On 9 May 2022, an attack struck a residential area, killing three people and injuring six.",
}


def test_figures_counting_the_same_thing_are_grouped_and_their_disagreement_kept(raw_texts):
    figures = figures_frame(TEXTS, [("000", "more than 100 nations", 100, "country"), ("003", "more than 110 countries", 110, "country"),
                                    ("004", "More than 100 countries", 100, "country"), ("005", "More than 300 countries", 300, "country")])
    assert as_list(figure_groups(figures, raw_texts)) == ["fg-000-f49-70"] * 3 + [None]


def test_injured_counts_of_different_attacks_are_not_grouped(raw_texts):
    figures = figures_frame(TEXTS, [("006", "8 people", 8, "person"), ("007", "three people", 3, "person"), ("007", "six", 6, "person")])
    assert figure_groups(figures, raw_texts).isna().all()


def test_words_around_figure_is_the_clause_around_the_figure():
    text = TEXTS["004"]
    assert words_around_figure(text, 0, len("More than 100 countries")) == "ban cluster munitions"
    start = TEXTS["007"].index("six")
    assert words_around_figure(TEXTS["007"], start, start + 3) == "injuring"


# --- curation --------------------------------------------------------------------


def test_curated_ids_merge_and_split_and_lone_ids_are_dropped():
    variants = Variants()
    for key, source in [("x", "a"), ("x", "b"), ("x", "c"), ("y", "a"), ("z", "b")]:
        variants.add(key, source)
    group_first = link_variants(variants, lambda key: "block", lambda k, l: k == l == "x")
    assert group_first == [0, None, None]
    ids = GroupIds("cg-", variants, group_first, first_ids={0: "a"}, curated={1: "", 3: "cg-a", 4: "cg-b"})
    assert ids(0, 5) == ["cg-a", None, "cg-a", "cg-a", None]
    assert ids(2, 4) == ["cg-a", "cg-a"]


def test_variants_join_only_across_sources_and_within_a_block():
    variants = Variants()
    for key, source in [("x", "a"), ("x", "a"), ("y", "b"), ("w", "a"), ("v", "c")]:
        variants.add(key, source)
    assert variants.first_row == [0, 2, 3, 4] and variants.sizes == [2, 1, 1, 1] and list(variants.of_row) == [0, 0, 1, 2, 3]
    same_block = link_variants(variants, lambda key: "block" if key != "v" else None, lambda k, l: True)
    assert same_block == [0, 0, 0, None]  # x alone spans one source; with y and w it joins; v is in no block
    assert link_variants(variants, lambda key: key, lambda k, l: True) == [None] * 4


def test_a_curation_splits_a_group_in_the_build(built, raw_copy, tmp_path):
    claims = storage.read_table(built / "claims.parquet", "claims")
    putin = claims[claims["text"].str.contains("retaliate", regex=False)]
    assert putin["claim_group_id"].nunique() == 1 and len(putin) == 2
    row = putin.iloc[1]
    (raw_copy / "curations").mkdir(exist_ok=True)
    (raw_copy / "curations" / f"{row.source_id}.yaml").write_text(
        f"- table: claims\n  action: fix\n  char_start: {row.char_start}\n  char_end: {row.char_end}\n"
        f"  text: {row.text!r}\n  set: {{claim_group_id: ''}}\n  reason: test split\n", encoding="utf-8")
    rebuilt = storage.read_table(build(raw_copy, tmp_path / "out", __version__).out_dir / "claims.parquet", "claims")
    assert rebuilt[rebuilt["text"].str.contains("retaliate", regex=False)]["claim_group_id"].isna().all()


# --- the corpus ----------------------------------------------------------------------


def _group_of(frame: pd.DataFrame, column: str, texts: list[str]) -> set:
    return set(as_list(pd.Series([frame.loc[frame["text"] == text, column].item() for text in texts], dtype="object")))


def test_the_corpus_figure_groups(built):
    figures = storage.read_table(built / "figures.parquet", "figures")
    countries = _group_of(figures, "figure_group_id", ["more than 100 nations", "more than 110 countries", "More than 100 countries"])
    times = _group_of(figures, "figure_group_id", ["at least 24 times", "at least two dozen times"])
    assert len(countries) == 1 and len(times) == 1 and countries != times and None not in countries | times
    first = figures[figures["text"] == "more than 100 nations"]["figure_id"].item()
    assert countries == {f"fg-{first}"}
    assert _group_of(figures, "figure_group_id", ["8 people", "six", "Three", "three people"]) == {None}


def test_the_corpus_claim_groups(built):
    claims = storage.read_table(built / "claims.parquet", "claims")
    retaliation = claims[claims["text"].str.contains("retaliate", regex=False)]
    used_24_times = claims[claims["text"].str.contains("24 times|two dozen times")]
    assert set(retaliation["speaker_id"]) == {"vladimir-putin"} and retaliation["claim_group_id"].nunique() == 1
    assert set(used_24_times["speaker_id"]) == {"united-nations", "michelle-bachelet"}
    assert used_24_times["claim_group_id"].nunique() == 1 and used_24_times["claim_group_id"].notna().all()
    other_putin = claims[(claims["speaker_id"] == "vladimir-putin") & ~claims.index.isin(retaliation.index)]
    assert other_putin["claim_group_id"].isna().all()
    kiev_cases = claims[claims["text"].str.contains("by Kiev", regex=False)]
    assert kiev_cases["claim_group_id"].isna().all()


# --- robustness ----------------------------------------------------------------------


WORD_SOUP = st.lists(st.sampled_from(["Russia", "Kyiv", "retaliate", "used", "cluster", "munitions", "banned", "the", "24", "times"]),
                     max_size=12).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from([None, "vladimir-putin", "michelle-bachelet", "united-nations"]),
                          st.one_of(WORD_SOUP, st.text(alphabet=st.characters(codec="utf-8"), max_size=80))), max_size=8))
def test_any_claims_give_groups_of_two_or_more_rows_from_two_or_more_sources(rows):
    claims = claims_frame(rows)
    groups = claim_groups(claims, {})
    for group_id, members in claims.groupby(groups.dropna()):
        assert len(members) >= 2 and members["source_id"].nunique() >= 2
        first = members.sort_values(["source_id", "char_start"]).iloc[0]
        assert group_id == f"cg-{first.claim_id}" and members["speaker_id"].notna().all()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120), st.integers(0, 120), st.integers(1, 20))
def test_words_around_figure_never_fails(text, start, length):
    start = min(start, len(text))
    assert isinstance(words_around_figure(text, start, min(len(text), start + length)), str)
