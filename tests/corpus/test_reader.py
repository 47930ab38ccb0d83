"""Reading raw articles: bytes kept as stored, bad input refused with the file named."""

from __future__ import annotations

import hashlib

import pytest

from cmclaims.errors import InputError
from cmclaims.corpus.reader import read_corpus, read_manifest
from conftest import RAW


def test_raw_files_match_manifest_and_decode_without_newline_translation():
    documents = read_corpus(RAW)
    assert list(documents["source_id"]) == sorted(p.stem for p in RAW.glob("*.txt"))
    for row in documents.itertuples():
        data = (RAW / f"{row.source_id}.txt").read_bytes()
        assert row.sha256 == hashlib.sha256(data).hexdigest()
        assert row.text.encode("utf-8") == data
        assert row.raw_path == f"raw/{row.source_id}.txt"


def test_manifest_records_every_article_with_nulls_for_unknowns():
    manifest = read_manifest(RAW)
    assert set(manifest) == {p.name for p in RAW.glob("*.txt")}
    assert all(entry["url"] is None for entry in manifest.values())


def test_changed_byte_is_refused_naming_the_file(raw_copy):
    path = raw_copy / "000_53a5316160c5d233.txt"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"000_53a5316160c5d233\.txt: bytes do not match the manifest"):
        read_corpus(raw_copy)


def test_file_missing_from_folder_is_refused(raw_copy):
    (raw_copy / "002_bcc9e18a53849bc3.txt").unlink()
    with pytest.raises(InputError, match="lists files that are not in the folder: 002_bcc9e18a53849bc3.txt"):
        read_corpus(raw_copy)


def test_unlisted_file_is_refused(raw_copy):
    (raw_copy / "009_extra.txt").write_text("An extra article.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"009_extra\.txt: not listed in manifest\.csv"):
        read_corpus(raw_copy)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"   \n\t \n", "empty or whitespace-only"),
        (b"line one\nline\x00two", r":2: control character U\+0000"),
    ],
)
def test_unusable_text_is_refused_without_manifest(tmp_path, payload, message):
    (tmp_path / "001_bad.txt").write_bytes(payload)
    with pytest.raises(InputError, match=message):
        read_corpus(tmp_path)


def test_folder_without_manifest_has_null_metadata(tmp_path):
    (tmp_path / "a.txt").write_bytes("Kirby said the weapons arrived.\r\n".encode())
    documents = read_corpus(tmp_path)
    assert documents.loc[0, "text"].endswith("\r\n")
    assert documents.loc[0, "outlet"] is None and documents.loc[0, "genre"] is None


def test_malformed_manifest_line_is_refused_with_line_number(raw_copy):
    manifest = raw_copy / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "bad,row\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"manifest\.csv:6: expected 12 cells"):
        read_corpus(raw_copy)
