"""Raw text is read in one place, with its hash check: the build, validate, show, report and add all use it."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmclaims.corpus.reader import read_raw_bytes, read_raw_text
from cmclaims.errors import InputError


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_text_is_decoded_as_stored_once_the_hash_matches(tmp_path):
    data = "Line one\r\nCafé — “quoted”\n".encode()
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    text = read_raw_text(path, _sha(data))
    assert text == "Line one\r\nCafé — “quoted”\n"  # no newline translation: offsets are offsets into the file
    assert read_raw_bytes(path) == (data, _sha(data))


def test_changed_bytes_are_refused_naming_the_file_both_hashes_and_the_record(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"changed text\n")
    recorded = _sha(b"original text\n")
    with pytest.raises(InputError) as caught:
        read_raw_text(path, recorded, "sources.sha256 of a", "the raw text was changed")
    assert caught.value.path == str(path)
    actual = _sha(b"changed text\n")
    assert caught.value.problem == (f"bytes do not match sources.sha256 of a (sha256 {actual}, recorded {recorded}); "
                                    "the raw text was changed")


def test_a_missing_file_is_named_with_the_hint(tmp_path):
    with pytest.raises(InputError, match=r"b\.txt: no such file; pass --raw-dir$"):
        read_raw_text(tmp_path / "b.txt", "0" * 64, hint="pass --raw-dir")


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "c.txt").mkdir()
    with pytest.raises(InputError, match=r"c\.txt: not a regular file"):
        read_raw_text(tmp_path / "c.txt", "0" * 64)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / "d.txt"
    os.mkfifo(path)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: outcome.append(pytest.raises(InputError, read_raw_bytes, path).value))
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a pipe blocked"
    assert "not a regular file" in str(outcome[0])


def test_bytes_with_the_recorded_hash_that_are_not_utf8_are_refused(tmp_path):
    data = b"caf\xe9\n"
    path = tmp_path / "e.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"e\.txt: not valid UTF-8 \(byte 3: b'\\xe9'\)"):
        read_raw_text(path, _sha(data))


@given(st.binary(max_size=200), st.binary(min_size=1, max_size=8))
def test_only_the_recorded_bytes_are_read(tmp_path_factory, data, change):
    path = tmp_path_factory.mktemp("raw") / "f.txt"
    path.write_bytes(data)
    assert read_raw_bytes(path, _sha(data)) == (data, _sha(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        assert read_raw_text(path, _sha(data)).encode("utf-8") == data
    path.write_bytes(data + change)
    with pytest.raises(InputError, match="bytes do not match the manifest"):
        read_raw_bytes(path, _sha(data))


@pytest.mark.parametrize("reader", ["show", "report", "validate"])
def test_every_reader_of_a_build_refuses_a_changed_raw_text_the_same_way(built, raw_copy, reader):
    from cmclaims.quality.validate import validate_dataset
    from cmclaims.selection import Dataset
    from cmclaims.views.report.site import read_raw
    from cmclaims.views.show import load_article

    source_id = min(path.stem for path in raw_copy.glob("*.txt"))
    path = raw_copy / f"{source_id}.txt"
    recorded = _sha(path.read_bytes())
    path.write_bytes(path.read_bytes() + b"appended\n")
    expected = f"{path}: bytes do not match "
    if reader == "validate":
        problems = validate_dataset(built, raw_copy, frictionless="off").problems
        assert [p for p in problems if p.startswith(expected)] and all(recorded in p for p in problems)
        return
    with pytest.raises(InputError) as caught:
        if reader == "show":
            load_article(Dataset(built), raw_copy, source_id)
        else:
            read_raw(raw_copy, {"source_id": source_id, "sha256": recorded})
    assert str(caught.value).startswith(expected) and f"recorded {recorded}" in str(caught.value)
