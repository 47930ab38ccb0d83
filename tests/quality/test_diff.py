"""`cmclaims diff`: rows added, removed and changed by ID, and which columns changed in each changed row."""

from __future__ import annotations

from cmclaims import integrity
from cmclaims.tabular import datapackage, definitions, storage
from cmclaims.cli import main
from cmclaims.quality.diff import diff_datasets, diff_table, format_diff


def _record_hash(folder, table: str) -> None:
    descriptor = datapackage.read_descriptor(folder / datapackage.DESCRIPTOR_NAME)
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            resource["hash"] = "sha256:" + integrity.sha256_of(folder / f"{table}.parquet")
    datapackage.write_descriptor(descriptor, folder / datapackage.DESCRIPTOR_NAME)


def test_a_dataset_equals_itself(built):
    assert all(d.unchanged for d in diff_datasets(built, built))


def test_changed_rows_name_their_changed_columns(built, build_copy, capsys):
    claims = storage.read_table(build_copy / "claims.parquet", "claims")
    first, second, gone = claims["claim_id"].iloc[:3]
    claims.loc[claims["claim_id"] == first, "kind"] = "mixed" if claims["kind"].iloc[0] != "mixed" else "direct"
    claims.loc[claims["claim_id"] == second, ["cue", "speaker_text"]] = ["reckoned", "somebody"]
    claims = claims[claims["claim_id"] != gone]
    storage.write_table(claims, "claims", build_copy / "claims.parquet")
    _record_hash(build_copy, "claims")  # an unreleased folder is read only when its descriptor vouches for its files

    d = diff_table("claims", built, build_copy)
    assert (d.added, d.removed, d.changed) == ([], [gone], sorted([first, second]))
    in_schema_order = [f["name"] for f in definitions.fields("claims") if f["name"] in ("cue", "speaker_text")]
    assert d.changed_columns == {first: ["kind"], second: in_schema_order}
    assert dict(d.column_counts()) == {"kind": 1, "cue": 1, "speaker_text": 1}

    assert main(["diff", str(built), str(build_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{first} (kind)" in out and f"{second} ({', '.join(in_schema_order)})" in out
    assert f"claims removed: {gone}" in out
    assert "claims columns changed: cue (1), kind (1), speaker_text (1)" in out


def test_ids_can_be_left_out(built, build_copy):
    claims = storage.read_table(build_copy / "claims.parquet", "claims")
    claims.loc[claims.index[0], "cue"] = "reckoned"
    storage.write_table(claims, "claims", build_copy / "claims.parquet")
    text = format_diff(diff_datasets(built, build_copy), show_ids=0)
    assert "claims columns changed: cue (1)" in text and claims["claim_id"].iloc[0] not in text
