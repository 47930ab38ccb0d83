"""Verified reading: a cited version reads exactly the released bytes, or raises naming the file.

Every test works on a copy of the release folder and index (the package's
data root is pointed at the copy), so the repository's release is never
touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cmclaims as cm
from cmclaims import _paths, api, integrity, selection
from cmclaims.tabular import releases
from cmclaims.tabular import definitions
from cmclaims.cli import main
from cmclaims.errors import CmclaimsError
from cmclaims.integrity import IntegrityError
from conftest import REPO

VERSION = "1.0.0"
RELEASE = REPO / "dataset" / VERSION


@pytest.fixture
def package_data(tmp_path, monkeypatch):
    """A copy of the package's data root (schema, raw, the release and its index), used by every reader."""
    root = tmp_path / "data"
    (root / "dataset").mkdir(parents=True)
    shutil.copytree(RELEASE, root / "dataset" / VERSION)
    index = json.loads((REPO / "dataset" / "releases.json").read_text(encoding="utf-8"))
    index["releases"] = [r for r in index["releases"] if r["version"] == VERSION]  # the copy holds this one only
    (root / "dataset" / "releases.json").write_text(json.dumps(index), encoding="utf-8")
    monkeypatch.setattr(_paths, "dataset_dir", lambda: root / "dataset")
    releases.releases.cache_clear()
    integrity.forget()
    monkeypatch.chdir(tmp_path)  # no dataset/build here: the defaults are the release
    yield root / "dataset" / VERSION
    releases.releases.cache_clear()
    integrity.forget()


def _flip(path, offset, mask=0x01):
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= mask
    path.write_bytes(bytes(data))


def test_untouched_release_loads_and_says_what_it_is(package_data):
    frame = cm.load("claims", VERSION)
    assert len(frame) == api.release_info(VERSION)["rows"]["claims"]
    assert frame.attrs["cmclaims"] == {"table": "claims", "version": VERSION, "released": True,
                                       "folder": str(package_data)}


def test_one_flipped_byte_raises_naming_the_file_and_both_hashes(package_data):
    path = package_data / "claims.parquet"
    recorded = api.release_info(VERSION)["files"]["claims.parquet"]
    _flip(path, 5000)
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(IntegrityError) as raised:
        cm.load("claims", VERSION)
    assert str(path) in str(raised.value) and recorded in str(raised.value) and actual in str(raised.value)
    assert (raised.value.expected, raised.value.actual) == (recorded, actual)
    with pytest.raises(IntegrityError, match="claims.parquet"):
        cm.load_all(VERSION)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(min_value=0), mask=st.integers(min_value=1, max_value=255))
def test_any_single_byte_change_in_any_table_raises(package_data, offset, mask):
    table = definitions.TABLES[offset % len(definitions.TABLES)]
    path = package_data / f"{table}.parquet"
    original = path.read_bytes()
    _flip(path, offset, mask)
    try:
        with pytest.raises(IntegrityError, match=f"{table}.parquet"):
            cm.load(table, VERSION)
    finally:
        path.write_bytes(original)


def test_a_valid_but_different_parquet_file_is_refused(package_data):
    path = package_data / "figures.parquet"
    arrow_table = pq.read_table(path)
    pq.write_table(arrow_table.slice(1), path)  # readable, one row fewer
    with pytest.raises(IntegrityError, match="figures.parquet"):
        cm.load("figures", VERSION)


def test_each_file_is_hashed_once_until_it_changes(package_data, monkeypatch):
    calls = []
    real = integrity.hashlib.sha256
    monkeypatch.setattr(integrity.hashlib, "sha256", lambda *a: calls.append(1) or real(*a))
    cm.load("actors", VERSION)
    cm.load("actors", VERSION)
    cm.load("actors", VERSION)
    assert len(calls) == 1
    path = package_data / "actors.parquet"
    replacement = path.with_name("new.parquet")
    replacement.write_bytes(path.read_bytes()[:-1] + b"X")
    replacement.replace(path)  # a new file in its place: hashed again, and refused
    with pytest.raises(IntegrityError):
        cm.load("actors", VERSION)
    assert len(calls) == 2


def test_a_release_file_missing_is_named(package_data):
    (package_data / "sources.parquet").unlink()
    with pytest.raises(IntegrityError, match="sources.parquet: missing"):
        cm.load("sources", VERSION)


def test_a_working_build_loads_from_its_folder_flagged_unreleased(package_data, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(package_data, build)
    (build / "SHA256SUMS").unlink()  # no longer a release copy: a folder checked against its own descriptor
    with pytest.warns(api.UnreleasedDataWarning, match="unreleased"):
        frame = cm.load("claims", path=build)
    assert frame.attrs["cmclaims"]["released"] is False and len(frame) > 0
    _flip(build / "claims.parquet", 100)
    with warnings.catch_warnings(), pytest.raises(IntegrityError, match="claims.parquet"):
        warnings.simplefilter("ignore")
        cm.load("claims", path=build)
    with pytest.raises(ValueError, match="not both"):
        cm.load("claims", VERSION, path=build)


def test_release_folder_named_by_path_is_checked_against_the_index_not_itself(package_data):
    """A consistent forgery: table, descriptor hash and SHA256SUMS all changed together."""
    _forge(package_data)
    assert selection.folder_dataset(package_data).release["version"] == VERSION
    with pytest.raises(IntegrityError, match="claims.parquet"):
        cm.load("claims", path=package_data)


def _forge(folder):
    path = folder / "claims.parquet"
    pq.write_table(pq.read_table(path).slice(1), path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == "claims":
            resource["hash"] = "sha256:" + digest
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in sorted(folder.iterdir())
             if p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("command", [["compare"], ["report", "--out", "site"], ["show", "002"],
                                     ["sql", "SELECT count(*) FROM claims"], ["diff", VERSION, VERSION]])
def test_every_reading_command_refuses_a_changed_release(package_data, command, capsys):
    if command[0] == "sql":
        pytest.importorskip("duckdb")
    _flip(package_data / "sources.parquet", 3000)
    assert main(command + ([] if command[0] == "diff" else ["--version", VERSION])) == 2
    err = capsys.readouterr().err
    assert "sources.parquet: SHA-256" in err and "differs from the recorded" in err


def test_report_cannot_show_an_edited_descriptor(package_data, capsys):
    path = package_data / "datapackage.json"
    path.write_text(path.read_text().replace('"version": "1.0.0"', '"version": "9.9.9"'))
    assert main(["report", "--out", "site"]) == 2
    assert "datapackage.json: SHA-256" in capsys.readouterr().err


# validate: a release against its SHA256SUMS and the index


def _validate(capsys, *args):
    code = main(["validate", VERSION, "--frictionless", "off", *args])
    output = capsys.readouterr()
    return code, output.out + output.err


def test_validate_accepts_a_version_and_passes_the_intact_release(package_data, capsys):
    code, output = _validate(capsys)
    assert code == 0 and "release 1.0.0, its files match the release index" in output


@pytest.mark.parametrize(("damage", "message"), [
    (lambda f: (f / "SHA256SUMS").unlink(), "SHA256SUMS: missing"),
    (lambda f: (f / "notes.txt").write_text("extra"), "notes.txt: extra file"),
    (lambda f: _edit_descriptor(f, '"name": "CC-BY-4.0"', '"name": "proprietary"'), "licence ['proprietary']"),
    (lambda f: _edit_descriptor(f, '"version": "1.0.0"', '"version": "9.9.9"'), "version '9.9.9'"),
    (lambda f: _forge(f), "claims.parquet: SHA-256"),
    (lambda f: (f / "SHA256SUMS").write_text((f / "SHA256SUMS").read_text().replace("  figures", "  figs")),
     "SHA256SUMS: figs.parquet"),
])
def test_validate_checks_the_release_against_the_index(package_data, capsys, damage, message):
    damage(package_data)
    code, output = _validate(capsys)
    assert code == 1 and message in output, output


def _edit_descriptor(folder, old, new):
    path = folder / "datapackage.json"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# One way to name the data


def test_unknown_version_and_missing_folder_are_named(package_data, capsys):
    assert main(["show", "002", "--version", "9.9.9"]) == 2
    assert "no release '9.9.9'; released versions: 1.0.0" in capsys.readouterr().err
    assert main(["validate", "no/such/folder"]) == 2
    err = capsys.readouterr().err
    assert "no/such/folder: no such folder" in err and "dataset/dataset" not in err
    assert main(["compare", "--dir", "no/such/folder"]) == 2
    assert "no/such/folder: no such folder" in capsys.readouterr().err


def test_a_copy_claiming_an_unknown_release_is_refused(package_data, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(package_data, copy)
    _edit_descriptor(copy, '"version": "1.0.0"', '"version": "9.9.9"')
    with pytest.raises(CmclaimsError, match="'9.9.9' is not a release"):
        selection.folder_dataset(copy)


def test_show_reads_a_release_with_the_package_raw_texts_from_any_folder(package_data, capsys):
    assert main(["show", "002", "--version", VERSION, "--color", "never"]) == 0
    assert capsys.readouterr().out.startswith("002_")
    assert main(["show", "002", "--dataset", VERSION, "--color", "never"]) == 0  # the old flag still works
    assert main(["show", "002", "--dir", str(package_data), "--color", "never"]) == 0


def test_defaults_prefer_a_working_build_in_the_current_folder_for_show_and_validate(package_data, tmp_path):
    assert selection.choose_dataset(prefer_build=True).release["version"] == VERSION
    shutil.copytree(package_data, tmp_path / "dataset" / "build")
    assert selection.choose_dataset(prefer_build=True).release is None
    assert selection.choose_dataset().release["version"] == VERSION
    with pytest.raises(CmclaimsError, match="name the dataset once"):
        selection.choose_dataset(VERSION, tmp_path)
