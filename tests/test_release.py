"""Releases are immutable, indexed, and only cut from a build that matches raw/."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from cmclaims import datapackage
from cmclaims.errors import CmclaimsError
from cmclaims.release import read_index, release, Repository
from cmclaims.validate import validate_dataset
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


@pytest.fixture
def repo_copy(tmp_path):
    """A repository copy with what `release` reads and writes."""
    root = tmp_path / "repo"
    for folder in ("raw", "dataset"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "src" / "cmclaims").mkdir(parents=True)
    shutil.copy(REPO / "src" / "cmclaims" / "__init__.py", root / "src" / "cmclaims" / "__init__.py")
    for name in ("CITATION.cff", "CHANGELOG.md", "datapackage.json"):
        shutil.copy(REPO / name, root / name)
    return root


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
