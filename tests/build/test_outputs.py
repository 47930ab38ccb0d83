"""No command writes where data lives: build and report outputs are refused there, touching nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from cmclaims.cli import main
from cmclaims.errors import CmclaimsError
from cmclaims.build.outputs import MARKER, check_output
from conftest import REPO


def _tree(root: Path) -> dict[str, str]:
    """Every path under ``root`` (hidden ones too) with its SHA-256, or 'dir'."""
    return {str(p.relative_to(root)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository copy: raw/, dataset/ with its releases, a root marked as a repository."""
    root = tmp_path / "repo"
    for folder in ("raw", "dataset"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".*"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


BUILD_REFUSED = [
    ("raw", "a raw texts folder"),
    ("dataset", "the dataset folder that holds the releases"),
    ("dataset/1.0.0", "a released folder"),
    ("dataset/1.0.0/sub", "inside"),
    ("raw/new", "raw"),
    (".", "a repository root"),
    ("/", "file-system root"),
    ("dataset/1.0.0/claims.parquet", "released folder"),
]


@pytest.mark.parametrize(("out", "reason"), BUILD_REFUSED, ids=[o for o, _ in BUILD_REFUSED])
@pytest.mark.parametrize("command", ["build", "report"])
def test_output_where_data_lives_is_refused_and_nothing_changes(repo, monkeypatch, capsys, out, reason, command):
    monkeypatch.chdir(repo)
    before = _tree(repo.parent)
    argv = ["build", "--out-dir", out] if command == "build" else ["report", "--out", out, "--dir", "dataset/build",
                                                                     "--raw-dir", "raw"]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert f"refusing to write the output of `cmclaims {command}`" in error and reason in error, error
    assert _tree(repo.parent) == before
    assert not Path("/..lock").exists() and not Path("/.lock").exists()


def test_non_empty_folder_that_is_no_earlier_output_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thesis.tex").write_text("years of work")
    for command in ("build", "report"):
        with pytest.raises(CmclaimsError, match="not empty and is not an earlier output"):
            check_output(folder, command)
    (folder / MARKER).write_text("cmclaims report\n")
    assert check_output(folder, "report") == folder.resolve()
    with pytest.raises(CmclaimsError, match="not an earlier output of `cmclaims build`"):
        check_output(folder, "build")


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(CmclaimsError, match="exists and is not a folder"):
        check_output(tmp_path / "out", "build")


def test_build_output_is_marked_and_rebuilt_in_place(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--raw-dir", str(REPO / "raw"), "--out-dir", str(out)]) == 0
    assert (out / MARKER).read_text().startswith("cmclaims build\n")
    assert main(["build", "--raw-dir", str(REPO / "raw"), "--out-dir", str(out)]) == 0


def test_build_outputs_from_before_the_marker_are_recognised(tmp_path):
    out = tmp_path / "legacy"
    shutil.copytree(REPO / "dataset" / "1.0.0", out, ignore=shutil.ignore_patterns("SHA256SUMS", ".*"))
    assert check_output(out, "build") == out.resolve()
    (out / "extra.csv").write_text("mine")
    with pytest.raises(CmclaimsError, match="not an earlier output"):
        check_output(out, "build")


def test_report_output_is_marked_and_written_again(tmp_path, capsys):
    out = tmp_path / "site"
    argv = ["report", "--out", str(out), "--dir", str(REPO / "dataset" / "build"), "--raw-dir", str(REPO / "raw")]
    assert main(argv) == 0
    assert (out / MARKER).read_text().startswith("cmclaims report\n")
    assert main(argv) == 0


def test_add_with_a_forbidden_out_dir_leaves_raw_untouched(repo, monkeypatch, capsys, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text("Officials said on Friday that more than 100 countries ban the weapons.\n")
    monkeypatch.chdir(repo)
    before = _tree(repo)
    assert main(["add", str(article), "--out-dir", "raw"]) == 2
    assert "refusing to write" in capsys.readouterr().err
    assert _tree(repo) == before


def test_refused_outputs_leave_git_status_clean(repo, monkeypatch, capsys):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    import subprocess

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                              check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    monkeypatch.chdir(repo)
    for out in ("raw", "dataset", "dataset/1.0.0"):
        assert main(["build", "--out-dir", out]) == 2
        assert main(["report", "--out", out, "--dir", "dataset/build", "--raw-dir", "raw"]) == 2
    assert git("status", "--porcelain", "--untracked-files=all", "--ignored") == ""
