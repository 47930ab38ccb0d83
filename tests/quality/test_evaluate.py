"""Tests of the scorer (cmclaims.quality.evaluate) and of the hand annotation it scores against."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pandas as pd
import pytest

from cmclaims.errors import InputError
from cmclaims.quality.evaluate import evaluate, format_report, match_lenient, prf

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "annotations" / "seeds.json"

A, B, C = "000_aaaaaaaaaaaaaaaa", "001_bbbbbbbbbbbbbbbb", "002_cccccccccccccccc"


def span(source_id: str, start: int, end: int, **attributes) -> dict:
    """A span row; the text is a stand-in (the scorer matches on offsets only)."""
    return {"source_id": source_id, "char_start": start, "char_end": end, "text": f"t{start}-{end}", **attributes}


def gold_source(source_id: str, **fields) -> dict:
    base = {"source_id": source_id, "body_start": 0, "body_end": 100, "title": None, "published": None,
            "outlet": None, "author": None, "genre": "news"}
    return {**base, **fields}


def write_annotations(tmp_path: Path, **tables) -> Path:
    doc = {"codebook": "shared/codebook.md", "annotator": "test", "sources": [gold_source(A)], "actors": [],
           "claims": [], "figures": [], "actor_mentions": [], **tables}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def write_build(tmp_path: Path, **tables) -> Path:
    build = tmp_path / "build"
    build.mkdir(exist_ok=True)
    for name, rows in tables.items():
        pd.DataFrame(rows).to_parquet(build / f"{name}.parquet", index=False)
    return build


def empty_build(tmp_path: Path, **tables) -> Path:
    defaults = {"sources": [gold_source(A)], "claims": [span(A, 0, 1, kind="direct", speaker_id=None)],
                "figures": [span(A, 0, 1, value=1.0, value_high=None, qualifier="exact", unit="x", measure="count")],
                "actor_mentions": [span(A, 0, 1, actor_id="x")]}
    build = write_build(tmp_path, **{**defaults, **tables})
    return build


# ---------------------------------------------------------------- precision / recall

def test_prf_counts_exact_and_lenient_matches(tmp_path):
    gold = [span(A, 0, 10), span(A, 20, 30), span(A, 40, 50)]
    system = [span(A, 0, 10), span(A, 22, 30), span(A, 60, 70),
              span(B, 0, 10)]  # B is not annotated: ignored
    claims_gold = [dict(r, kind="direct", speaker_id=None) for r in gold]
    claims_system = [dict(r, kind="direct", speaker_id=None) for r in system]
    result = evaluate(write_build(tmp_path, claims=claims_system), write_annotations(tmp_path, claims=claims_gold))
    claims = result["tables"]["claims"]
    assert claims["n_gold"] == 3 and claims["n_system"] == 3
    assert claims["exact"]["tp"] == 1 and claims["exact"]["fp"] == 2 and claims["exact"]["fn"] == 2
    assert claims["exact"]["precision"] == pytest.approx(1 / 3)
    assert claims["exact"]["recall"] == pytest.approx(1 / 3)
    assert claims["lenient"]["tp"] == 2
    assert claims["lenient"]["precision"] == pytest.approx(2 / 3)
    assert claims["lenient"]["recall"] == pytest.approx(2 / 3)
    assert claims["lenient"]["f1"] == pytest.approx(2 / 3)


def test_precision_and_recall_differ_when_counts_differ(tmp_path):
    gold = [span(A, 0, 5, actor_id="ukraine"), span(A, 10, 15, actor_id="ukraine")]
    system = [span(A, 0, 5, actor_id="ukraine"), span(A, 10, 15, actor_id="ukraine"), span(A, 30, 35, actor_id="x"),
              span(A, 50, 55, actor_id="x")]
    result = evaluate(write_build(tmp_path, actor_mentions=system), write_annotations(tmp_path, actor_mentions=gold))
    exact = result["tables"]["actor_mentions"]["exact"]
    assert (exact["precision"], exact["recall"]) == (0.5, 1.0)
    assert exact["f1"] == pytest.approx(2 / 3)


def test_lenient_matching_is_one_to_one_by_largest_overlap():
    gold = [span(A, 0, 10), span(A, 12, 20)]
    system = [span(A, 0, 20)]  # overlaps 10 chars of the first gold span, 8 of the second
    assert match_lenient(gold, system) == [(0, 0)]
    # an exact span wins over a longer one that covers the same gold span
    assert match_lenient([span(A, 5, 10)], [span(A, 0, 20), span(A, 5, 10)]) == [(0, 1)]
    # spans in different sources never match, touching spans do not overlap
    assert match_lenient([span(A, 0, 10)], [span(B, 0, 10), span(A, 10, 12)]) == []


def test_prf_of_empty_sides():
    assert prf(0, 0, 0)["f1"] == 1.0
    assert prf(0, 3, 0) == {"tp": 0, "fp": 0, "fn": 3, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf(0, 0, 2)["precision"] == 0.0


def test_scores_per_source(tmp_path):
    gold_path = write_annotations(tmp_path, sources=[gold_source(A), gold_source(C)],
                                  figures=[span(A, 0, 3, value=3.0, value_high=None, qualifier="exact",
                                                unit="person", measure="count"),
                                           span(C, 0, 3, value=3.0, value_high=None, qualifier="exact",
                                                unit="person", measure="count")])
    build = write_build(tmp_path, figures=[span(A, 0, 3, value=3.0, value_high=None, qualifier="exact",
                                                unit="person", measure="count")])
    by_source = evaluate(build, gold_path)["tables"]["figures"]["by_source"]
    assert by_source[A]["exact"]["f1"] == 1.0
    assert by_source[C]["exact"]["recall"] == 0.0


# ---------------------------------------------------------------- attributes

def test_claim_kind_and_speaker_agreement_with_name_mapping(tmp_path):
    actors = [{"actor_id": "united-states", "name": "United States", "kind": "country"},
              {"actor_id": "john-kirby", "name": "John Kirby", "kind": "person"}]
    gold = [span(A, 0, 10, kind="direct", speaker_id="john-kirby"),
            span(A, 20, 30, kind="indirect", speaker_id="united-states"),
            span(A, 40, 50, kind="mixed", speaker_id=None),
            span(A, 60, 70, kind="direct", speaker_id="john-kirby")]
    system = [span(A, 0, 10, kind="direct", speaker_id="john-kirby"),
              span(A, 20, 30, kind="indirect", speaker_id="usa"),  # other id, same canonical name
              span(A, 40, 50, kind="indirect", speaker_id=None),
              span(A, 62, 70, kind="direct", speaker_id="sabrina-singh")]  # lenient match only
    system_actors = [{"actor_id": "usa", "name": "United States"}, {"actor_id": "john-kirby", "name": "John Kirby"},
                     {"actor_id": "sabrina-singh", "name": "Sabrina Singh"}]
    result = evaluate(write_build(tmp_path, claims=system, actors=system_actors),
                      write_annotations(tmp_path, claims=gold, actors=actors))
    attributes = result["tables"]["claims"]["attributes"]
    assert attributes["exact"]["kind"] == {"agree": 2, "n": 3, "rate": pytest.approx(2 / 3)}
    assert attributes["exact"]["speaker_id"]["agree"] == 2  # kirby, and null == null
    assert attributes["exact"]["speaker_id_by_name"]["agree"] == 3
    assert attributes["lenient"]["speaker_id"] == {"agree": 2, "n": 4, "rate": 0.5}
    mismatches = result["errors"]["claims"]["attribute_mismatches"]
    assert [(m["char_start"], sorted(m["attributes"])) for m in mismatches] == [
        (20, ["speaker_id"]), (40, ["kind"]), (60, ["speaker_id"])]


def test_figure_value_qualifier_unit(tmp_path):
    gold = [span(A, 0, 10, value=100.0, value_high=None, qualifier="more_than", unit="country", measure="count"),
            span(A, 20, 30, value=800000000.0, value_high=None, qualifier="exact", unit="USD", measure="money"),
            span(A, 40, 50, value=10.0, value_high=20.0, qualifier="exact", unit="rocket", measure="count")]
    system = [span(A, 0, 10, value=100.0, value_high=None, qualifier="more_than", unit="nation", measure="count"),
              span(A, 20, 30, value=800000000.0, value_high=None, qualifier="exact", unit="usd", measure="money"),
              span(A, 40, 50, value=10.0, value_high=None, qualifier="exact", unit="rocket", measure="count")]
    result = evaluate(write_build(tmp_path, figures=system), write_annotations(tmp_path, figures=gold))
    rates = {k: v["agree"] for k, v in result["tables"]["figures"]["attributes"]["exact"].items()}
    assert rates == {"value": 3, "value_high": 2, "qualifier": 3, "unit": 2, "measure": 3,
                     "value_qualifier_unit": 2}


def test_mention_actor_agreement(tmp_path):
    gold = [span(A, 0, 4, actor_id="ukraine"), span(A, 10, 18, actor_id="us-department-of-defense")]
    system = [span(A, 0, 4, actor_id="ukraine"), span(A, 10, 18, actor_id="pentagon")]
    result = evaluate(write_build(tmp_path, actor_mentions=system), write_annotations(tmp_path, actor_mentions=gold))
    assert result["tables"]["actor_mentions"]["attributes"]["exact"]["actor_id"]["rate"] == 0.5
    # no actors tables: name mapping cannot help
    assert result["tables"]["actor_mentions"]["attributes"]["exact"]["actor_id_by_name"]["rate"] == 0.5


# ---------------------------------------------------------------- sources

def test_source_fields(tmp_path):
    gold = [gold_source(A, body_start=17, body_end=90, published="2023-07-20", outlet="CNN", genre="news"),
            gold_source(C, body_start=0, body_end=50, title="A Title")]
    system = [dict(gold_source(A, body_start=17, body_end=95, outlet="cnn", genre="news"),
                   published=datetime.date(2023, 7, 20))]
    result = evaluate(write_build(tmp_path, sources=system), write_annotations(tmp_path, sources=gold))
    fields = result["sources"]["fields"]
    assert fields["body_start"] == {"agree": 1, "n": 2, "rate": 0.5}
    assert fields["body_end"]["agree"] == 0
    assert fields["published"]["agree"] == 1  # a date column equals the ISO string
    assert fields["outlet"]["agree"] == 1  # case-insensitive
    assert fields["title"]["agree"] == 1  # both null for A; C, missing from the build, agrees on nothing
    assert result["sources"]["by_source"][C]["found"] is False
    assert result["sources"]["by_source"][A]["fields"]["body_end"] == {"gold": 90, "system": 95, "agree": False}


# ---------------------------------------------------------------- errors and report

def test_missing_table_scores_as_empty(tmp_path):
    gold_path = write_annotations(tmp_path, actor_mentions=[span(A, 0, 4, actor_id="ukraine")])
    build = write_build(tmp_path, claims=[span(A, 0, 1, kind="direct", speaker_id=None)])
    result = evaluate(build, gold_path)
    assert set(result["missing_tables"]) == {"sources", "figures", "actor_mentions"}
    assert result["tables"]["actor_mentions"]["exact"]["recall"] == 0.0
    assert result["tables"]["figures"]["exact"]["f1"] == 1.0  # nothing annotated, nothing built


def test_error_lists_and_report(tmp_path):
    gold = [span(A, 0, 10, kind="direct", speaker_id=None), span(A, 20, 30, kind="direct", speaker_id=None)]
    system = [span(A, 0, 12, kind="direct", speaker_id=None), span(A, 50, 60, kind="direct", speaker_id=None)]
    result = evaluate(empty_build(tmp_path, claims=system), write_annotations(tmp_path, claims=gold))
    errors = result["errors"]["claims"]
    assert [(r["char_start"], r["char_end"]) for r in errors["false_positives"]] == [(0, 12), (50, 60)]
    assert [(r["char_start"], r["char_end"]) for r in errors["false_negatives"]] == [(0, 10), (20, 30)]
    assert errors["false_positives"][0]["lenient_match"]["char_end"] == 10  # a boundary error
    assert errors["false_positives"][1]["lenient_match"] is None  # a real false positive
    short, long = format_report(result), format_report(result, verbose=True)
    assert "claims" in short and "t50-60" not in short
    assert "t50-60" in long and "t20-30" in long
    json.dumps(result)  # the result is plain data


def test_annotation_scored_against_itself_is_perfect(tmp_path):
    doc = json.loads(SEEDS.read_text(encoding="utf-8"))
    tables = {t: doc[t] for t in ("sources", "claims", "figures", "actor_mentions")}
    tables["actors"] = [{k: v for k, v in a.items() if k != "aliases"} for a in doc["actors"]]
    result = evaluate(write_build(tmp_path, **tables), SEEDS)
    for table, metrics in result["tables"].items():
        assert metrics["exact"]["f1"] == 1.0, table
        assert all(r["rate"] == 1.0 for r in metrics["attributes"]["exact"].values()), table
    assert all(r["rate"] == 1.0 for r in result["sources"]["fields"].values())


# ---------------------------------------------------------------- the annotation file itself

KINDS = {"direct", "indirect", "mixed"}
QUALIFIERS = {"exact", "approximately", "at_least", "more_than", "at_most", "less_than"}
MEASURES = {"count", "money", "duration", "percent", "physical"}
ACTOR_KINDS = {"person", "organization", "government", "country", "media", "group"}


@pytest.fixture(scope="module")
def seeds() -> dict:
    """The whole evaluation set: every annotation file in tests/annotations/, merged."""
    from cmclaims.quality.evaluate import load_annotations

    return load_annotations(SEEDS.parent)


def test_a_folder_of_annotations_is_one_evaluation_set(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    us = {"actor_id": "united-states", "name": "United States", "kind": "country", "aliases": ["U.S."]}
    for name, source, alias in (("a.json", A, "U.S."), ("b.json", B, "Washington")):
        doc = {"sources": [gold_source(source)], "actors": [{**us, "aliases": [alias]}],
               "claims": [span(source, 0, 5, kind="direct", speaker_id="united-states")]}
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    from cmclaims.quality.evaluate import load_annotations

    merged = load_annotations(folder)
    assert [s["source_id"] for s in merged["sources"]] == [A, B]
    assert [c["source_id"] for c in merged["claims"]] == [A, B]
    assert merged["actors"] == [{**us, "aliases": ["U.S.", "Washington"]}]
    (folder / "c.json").write_text(json.dumps({"sources": [gold_source(A)]}), encoding="utf-8")
    with pytest.raises(InputError, match="annotated in .*a.json too"):
        load_annotations(folder)


def raw_text(source_id: str) -> str:
    from conftest import article_text

    return article_text(source_id)


@pytest.mark.repository
def test_annotation_sources_are_articles_once_each(seeds):
    """Each annotated source is an article (of raw/ or the fixture corpus), whatever else raw/ holds."""
    ids = [s["source_id"] for s in seeds["sources"]]
    assert len(ids) == len(set(ids))
    for s in seeds["sources"]:
        raw = raw_text(s["source_id"])
        assert 0 <= s["body_start"] < s["body_end"] <= len(raw)
        assert raw[s["body_start"]:s["body_end"]] == raw[s["body_start"]:s["body_end"]].strip()
        assert s["genre"] in {"news", "opinion", "unknown"}
        if s["published"] is not None:
            datetime.date.fromisoformat(s["published"])


@pytest.mark.repository
@pytest.mark.parametrize("table", ["claims", "figures", "actor_mentions"])
def test_annotation_spans_are_raw_slices_inside_bodies(seeds, table):
    bodies = {s["source_id"]: (s["body_start"], s["body_end"]) for s in seeds["sources"]}
    assert seeds[table], table
    for row in seeds[table]:
        start, end = row["char_start"], row["char_end"]
        assert start < end
        assert raw_text(row["source_id"])[start:end] == row["text"], row
        assert bodies[row["source_id"]][0] <= start and end <= bodies[row["source_id"]][1], row
    keys = [(r["source_id"], r["char_start"], r["char_end"]) for r in seeds[table]]
    assert len(keys) == len(set(keys))


def test_annotation_enums_and_references(seeds):
    actor_ids = {a["actor_id"] for a in seeds["actors"]}
    assert len(actor_ids) == len(seeds["actors"])
    for actor in seeds["actors"]:
        assert actor["kind"] in ACTOR_KINDS
        assert actor["affiliation_id"] is None or actor["affiliation_id"] in actor_ids
    for claim in seeds["claims"]:
        assert claim["kind"] in KINDS
        assert claim["speaker_id"] is None or claim["speaker_id"] in actor_ids, claim
        assert claim["cue"] is None or claim["cue"].strip(), claim  # none for the second part of a split quote
    for figure in seeds["figures"]:
        assert figure["qualifier"] in QUALIFIERS and figure["measure"] in MEASURES, figure
        assert isinstance(figure["value"], float) and figure["unit"]
        assert figure["value_high"] is None or figure["value_high"] > figure["value"]
    for mention in seeds["actor_mentions"]:
        assert mention["actor_id"] in actor_ids, mention


def test_annotation_mentions_and_figures_do_not_overlap(seeds):
    for table in ("figures", "actor_mentions"):
        rows = sorted(seeds[table], key=lambda r: (r["source_id"], r["char_start"]))
        for left, right in zip(rows, rows[1:]):
            assert left["source_id"] != right["source_id"] or left["char_end"] <= right["char_start"], (left, right)
