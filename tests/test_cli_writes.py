"""No command writes where it must not: raw/ (only `add` may) and released folders (never).

Every command of the CLI runs once in a copy of the repository, and the
hashes of every raw file and every released file (of the copy and of this
repository) are compared before and after.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from cmclaims.cli import main
from conftest import REPO

ANNOTATIONS = REPO / "tests" / "annotations" / "seeds.json"
pytestmark = pytest.mark.repository

COMMANDS = [
    ["build"],
    ["validate", "dataset/build", "--no-frictionless"],
    ["evaluate", "dataset/build", str(ANNOTATIONS)],
    ["diff", "1.0.0", "dataset/build"],
    ["schema"],
    ["show", "FIRST_SOURCE", "--dataset", "dataset/build"],
    ["compare", "--dir", "dataset/build"],
    ["report", "--out", "site", "--dir", "dataset/build"],
    ["sql", "SELECT count(*) AS n FROM claims", "--dir", "dataset/build"],
    ["release", "99.0.0", "--summary", "test", "--date", "2030-01-01"],
]


def _protected(root: Path) -> dict[str, str]:
    """SHA-256 of every file under raw/ and of every released folder."""
    paths = list((root / "raw").rglob("*"))
    for folder in (root / "dataset").iterdir():
        if folder.is_dir() and folder.name[0].isdigit() and folder.name != "99.0.0":
            paths += list(folder.rglob("*"))
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths) if p.is_file()}


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    root = tmp_path / "repo"
    for folder in ("raw", "dataset"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "src" / "cmclaims").mkdir(parents=True)  # `release` sets the version here
    shutil.copy(REPO / "src" / "cmclaims" / "__init__.py", root / "src" / "cmclaims" / "__init__.py")
    for name in ("CITATION.cff", "CHANGELOG.md", "datapackage.json"):
        shutil.copy(REPO / name, root / name)
    return root


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_command_leaves_raw_and_releases_untouched(command, repo_copy, monkeypatch):
    pytest.importorskip("duckdb") if command[0] == "sql" else None
    before_copy, before_repo = _protected(repo_copy), _protected(REPO)
    monkeypatch.chdir(repo_copy)
    first_source = min(path.stem for path in (repo_copy / "raw").glob("*.txt"))  # whatever raw/ holds
    assert main([first_source if part == "FIRST_SOURCE" else part for part in command]) == 0
    assert _protected(repo_copy) == before_copy
    assert _protected(REPO) == before_repo
