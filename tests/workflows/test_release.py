"""Releases are immutable, indexed, and only cut from a build that matches raw/."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from cmclaims.tabular import datapackage
from cmclaims.workflows import release as release_module
from cmclaims.errors import CmclaimsError
from cmclaims.workflows.release import Repository, read_index, recover, release, uncommitted_changes
from cmclaims.quality.validate import validate_dataset
from conftest import REPO, REPO_RAW

INDEX = read_index(Repository(REPO))
pytestmark = pytest.mark.repository


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("entry", INDEX["releases"], ids=lambda e: e["version"])
def test_released_bytes_never_change(entry):
    folder = REPO / "dataset" / entry["version"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(entry["files"])
    for name, digest in entry["files"].items():
        assert _sha256(folder / name) == digest, f"{folder / name} changed after release"
    sums = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert all(sums[name] == entry["files"][name] for name in sums)


@pytest.mark.parametrize("entry", INDEX["releases"], ids=lambda e: e["version"])
def test_every_release_validates(entry):
    report = validate_dataset(REPO / "dataset" / entry["version"], REPO_RAW)
    assert report.ok, report.problems


def test_top_level_descriptor_describes_the_latest_release():
    latest = INDEX["releases"][-1]
    top = datapackage.read_descriptor(REPO / "datapackage.json")
    assert top["version"] == latest["version"]
    for resource in top["resources"]:
        assert resource["path"] == f"dataset/{latest['version']}/{resource['name']}.parquet"
        assert resource["hash"] == "sha256:" + latest["files"][f"{resource['name']}.parquet"]


def _repo_copy_at(root):
    """A repository copy with what `release` reads and writes (lock files left out)."""
    for folder in ("raw", "dataset"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.lock"))
    (root / "src" / "cmclaims").mkdir(parents=True)
    shutil.copy(REPO / "src" / "cmclaims" / "__init__.py", root / "src" / "cmclaims" / "__init__.py")
    for name in ("CITATION.cff", "CHANGELOG.md", "datapackage.json", "schemaorg.jsonld"):
        shutil.copy(REPO / name, root / name)
    return root


@pytest.fixture
def repo_copy(tmp_path):
    return _repo_copy_at(tmp_path / "repo")


def test_existing_or_lower_version_is_refused(repo_copy):
    latest = INDEX["releases"][-1]["version"]
    with pytest.raises(CmclaimsError, match="already released"):
        release(repo_copy, latest, "2030-01-01", "again")
    with pytest.raises(CmclaimsError, match="does not increase"):
        release(repo_copy, "0.0.9", "2030-01-01", "older")
    with pytest.raises(CmclaimsError, match="not MAJOR.MINOR.PATCH"):
        release(repo_copy, "v2", "2030-01-01", "bad")


def test_stale_working_build_is_refused(repo_copy):
    claims = repo_copy / "dataset" / "build" / "claims.parquet"
    import pyarrow.parquet as pq

    table = pq.read_table(claims)
    pq.write_table(table.slice(1), claims)
    with pytest.raises(CmclaimsError, match="claims differ from a fresh rebuild"):
        release(repo_copy, "99.0.0", "2030-01-01", "stale")
    assert not (repo_copy / "dataset" / "99.0.0").exists()


def test_release_writes_folder_index_changelog_and_bumps_versions(repo_copy):
    target = release(repo_copy, "99.0.0", "2030-01-01", "Test release.")
    assert (target / "SHA256SUMS").exists()
    index = json.loads((repo_copy / "dataset" / "releases.json").read_text())
    assert index["releases"][-1]["version"] == "99.0.0"
    assert index["releases"][-1]["rows"]["claims"] > 0
    assert "## 99.0.0 (2030-01-01)" in (repo_copy / "CHANGELOG.md").read_text()
    assert '__version__ = "99.0.0"' in (repo_copy / "src" / "cmclaims" / "__init__.py").read_text()
    assert "version: 99.0.0" in (repo_copy / "CITATION.cff").read_text()
    assert json.loads((repo_copy / "datapackage.json").read_text())["version"] == "99.0.0"
    assert validate_dataset(target, repo_copy / "raw").ok


def test_schema_org_file_describes_the_latest_release():
    from cmclaims.citation import schema_org

    latest = INDEX["releases"][-1]
    descriptor = datapackage.read_descriptor(REPO / "dataset" / latest["version"] / "datapackage.json")
    assert json.loads((REPO / "schemaorg.jsonld").read_text()) == schema_org(latest, descriptor)


# --- refusals before anything is written -------------------------------------------------------------------------

def _tree(root) -> dict[str, str]:
    """Every path under ``root`` with its SHA-256 (folders as 'dir'); lock files, which git ignores, left out."""
    return {str(p.relative_to(root)): "dir" if p.is_dir() else _sha256(p)
            for p in sorted(root.rglob("*")) if not p.name.endswith(".lock")}


@pytest.mark.parametrize("date", ["not-a-date", "2030-02-30", "30/01/2030", "20300101", ""])
def test_release_date_must_be_a_real_iso_date(repo_copy, date):
    before = _tree(repo_copy)
    with pytest.raises(CmclaimsError, match="is not a real date in the form YYYY-MM-DD"):
        release(repo_copy, "99.0.0", date, "bad date")
    assert _tree(repo_copy) == before


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[]", b'{"releases": [{"version": "x"}]}'])
def test_corrupt_releases_index_is_a_clear_error(repo_copy, content):
    (repo_copy / "dataset" / "releases.json").write_bytes(content)
    before = _tree(repo_copy)
    with pytest.raises(CmclaimsError, match=r"releases\.json: not a valid releases index"):
        release(repo_copy, "99.0.0", "2030-01-01", "x")
    assert _tree(repo_copy) == before


def test_folder_outside_the_index_is_named(repo_copy):
    (repo_copy / "dataset" / "99.0.0").mkdir()
    with pytest.raises(CmclaimsError, match=r"99\.0\.0 exists but is not in .*releases\.json"):
        release(repo_copy, "99.0.0", "2030-01-01", "x")


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_uncommitted_changes_in_raw_or_the_working_build_are_refused(repo_copy):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = Repository(repo_copy)
    assert uncommitted_changes(repo) is None  # not a git checkout: nothing to compare with
    _git(repo_copy, "init", "-q")
    _git(repo_copy, "add", "-A")
    _git(repo_copy, "commit", "-q", "-m", "base")
    assert uncommitted_changes(repo) == []
    (repo_copy / "raw" / "009_new.txt").write_text("An article not committed yet.\n")
    with pytest.raises(CmclaimsError, match=r"uncommitted changes in raw/ or dataset/build \(raw/009_new\.txt\)"):
        release(repo_copy, "99.0.0", "2030-01-01", "x")
    (repo_copy / "raw" / "009_new.txt").unlink()
    claims = repo_copy / "dataset" / "build" / "claims.parquet"
    claims.write_bytes(claims.read_bytes() + b"\0")
    assert uncommitted_changes(repo) == ["dataset/build/claims.parquet"]
    assert not list((repo_copy / "dataset").glob(".release-*"))


# --- crash safety -----------------------------------------------------------------------------------------------

class Killed(BaseException):
    """Stands for a kill: nothing of the release catches it."""


def _crash_at(monkeypatch, step):
    def step_done(name):
        if name == step:
            raise Killed(name)

    monkeypatch.setattr(release_module, "_step_done", step_done)


@pytest.fixture(scope="module")
def committed_release(tmp_path_factory):
    """A repository copy, its files before a release, and a copy killed right after the release's commit point."""
    root = tmp_path_factory.mktemp("committed")
    repo = _repo_copy_at(root / "repo")
    before = _tree(repo)
    patch = pytest.MonkeyPatch()
    _crash_at(patch, "commit")
    with pytest.raises(Killed):
        release(repo, "99.0.0", "2030-01-01", "Crash test.")
    patch.undo()
    assert (repo / "dataset" / release_module.JOURNAL).exists()
    complete = shutil.copytree(repo, root / "complete")
    assert recover(complete) == "completed the interrupted release 99.0.0"
    return repo, before, _tree(complete)


def test_release_completed_by_recovery_is_the_full_release(committed_release):
    repo, before, complete = committed_release
    assert complete != before
    assert "dataset/99.0.0/SHA256SUMS" in complete and "dataset/build/datapackage.json" in complete
    assert not [name for name in complete if ".release-" in name]
    assert validate_dataset(repo.parent / "complete" / "dataset" / "99.0.0", repo / "raw").ok


COMPLETION_STEPS = ["folder", "dataset/releases.json", "datapackage.json", "CHANGELOG.md", "src/cmclaims/__init__.py",
                    "build", "journal"]


@pytest.mark.parametrize("step", COMPLETION_STEPS)
def test_release_killed_after_its_commit_point_is_completed_by_the_next_run(committed_release, tmp_path, monkeypatch,
                                                                           step):
    repo, _, complete = committed_release
    copy = shutil.copytree(repo, tmp_path / "repo")
    _crash_at(monkeypatch, step)
    with pytest.raises(Killed):
        recover(copy)  # a second kill, during the completion
    monkeypatch.setattr(release_module, "_step_done", lambda name: None)
    recover(copy)
    assert _tree(copy) == complete
    with pytest.raises(CmclaimsError, match="already released"):
        release(copy, "99.0.0", "2030-01-01", "again")


def test_a_kill_before_the_commit_point_leaves_only_scratch_that_the_next_run_removes(repo_copy):
    before = _tree(repo_copy)
    scratch = repo_copy / "dataset" / ".release-99.0.0-abc"
    (scratch / "99.0.0").mkdir(parents=True)
    (scratch / "99.0.0" / "claims.parquet").write_bytes(b"half")
    (repo_copy / "dataset" / "..release-journal.json.k2x9_a1b").write_bytes(b"{")  # a journal killed while written
    assert recover(repo_copy).startswith("removed what an interrupted release left")
    assert _tree(repo_copy) == before


def test_a_failed_check_leaves_no_scratch(repo_copy):
    claims = repo_copy / "dataset" / "build" / "claims.parquet"
    import pyarrow.parquet as pq

    pq.write_table(pq.read_table(claims).slice(1), claims)
    before = _tree(repo_copy)
    with pytest.raises(CmclaimsError, match="differ from a fresh rebuild"):
        release(repo_copy, "99.0.0", "2030-01-01", "stale")
    assert _tree(repo_copy) == before


def _cli_release(root) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cmclaims.cli", "release", "99.0.0", "--summary", "Kill test.", "--date", "2030-01-01"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def _wait_until_gone(group: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


@pytest.fixture(scope="module")
def uninterrupted_release(tmp_path_factory):
    """The files of a repository copy after a complete `cmclaims release`, and how long it took."""
    repo = _repo_copy_at(tmp_path_factory.mktemp("complete") / "repo")
    started = time.monotonic()
    assert _cli_release(repo).wait() == 0
    return _tree(repo), time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("share_of_run", [0.3, 0.6, 0.85, 0.97])
def test_release_killed_at_any_moment_leaves_no_trace_or_all_of_it(uninterrupted_release, tmp_path, share_of_run):
    """kill -9 at some moment of `cmclaims release`, then what the next run does first: the old files or all the new."""
    complete, duration = uninterrupted_release
    repo = _repo_copy_at(tmp_path / "repo")
    before = _tree(repo)
    process = _cli_release(repo)
    time.sleep(share_of_run * duration)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        _wait_until_gone(process.pid)  # forked build workers share the lock until they are gone too
    else:
        assert process.returncode == 0
    recover(repo)
    assert _tree(repo) in (before, complete)


@pytest.mark.parametrize("change", [
    {"files": {"../../outside.txt": "files/0"}},
    {"scratch": "../../elsewhere"},
    {"files": {"CHANGELOG.md": "/etc/passwd"}},
    {"version": "v9"},
], ids=["file-outside", "scratch-outside", "staged-outside", "bad-version"])
def test_a_journal_that_would_write_elsewhere_is_refused(repo_copy, change):
    journal = {"version": "99.0.0", "scratch": ".release-99.0.0-abc", "files": {"CHANGELOG.md": "files/0"},
               "build_descriptor_sha256": "0" * 64, **change}
    (repo_copy / "dataset" / release_module.JOURNAL).write_text(json.dumps(journal))
    before = _tree(repo_copy)
    with pytest.raises(CmclaimsError, match="unusable release journal"):
        recover(repo_copy)
    assert _tree(repo_copy) == before
