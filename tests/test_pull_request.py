"""A contribution made the documented way, end to end, in a copy of this repository.

The copy is committed as ``main``; a clone of it is the contributor's fork. The contributor adds an article
with ``cmclaims add`` and commits. Then what CI runs: the pull request's tests that look at the repository
(``-m repository``: the others use the fixture corpus and cannot see raw/), and ``.ci/check-pull-request``,
which installs the base's cmclaims in its own environment and checks the pull request's checkout. A second
pull request forges release 9.9.9 and edits its own checker to approve anything: its checker approves it,
the base's refuses it and says why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from test_contribute import ARTICLE, GIT_ENV, _forge_release, commit_all, git

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | GIT_ENV | env
    return subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True)


def _in_checkout(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    """A command of the checkout's own cmclaims (as its contributor runs it), from the checkout's root."""
    return _run([sys.executable, *args], checkout, PYTHONPATH=str(checkout / "src"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """This repository's tracked files, as they are in the working tree, committed as main."""
    root = tmp_path_factory.mktemp("upstream") / "cmclaims"
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True)
    if listing.returncode != 0:
        pytest.skip(f"{REPO} is not a git checkout (e.g. an unpacked sdist): there is no pull request to simulate")
    tracked = listing.stdout
    for name in filter(None, tracked.decode("utf-8").split("\0")):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "upstream")
    return root


@pytest.fixture(scope="module")
def checker_env(tmp_path_factory) -> Path:
    """One environment for the base's installation, reused (the script reinstalls the base every time)."""
    return tmp_path_factory.mktemp("ci") / "base-env"


def _fork(base: Path, folder: Path) -> Path:
    done = _run(["git", "clone", "-q", str(base), str(folder)], base.parent)
    assert done.returncode == 0, done.stderr
    git(folder, "checkout", "-q", "-b", "contribution")
    return folder


def _check_pull_request(base: Path, pr: Path, env_dir: Path) -> subprocess.CompletedProcess:
    return _run([str(base / ".ci" / "check-pull-request"), str(base), str(pr), "origin/main", str(env_dir)], pr.parent)


def test_a_new_article_added_the_documented_way_passes_the_tests_and_the_check(base, checker_env, tmp_path):
    pr = _fork(base, tmp_path / "fork")
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.encode("utf-8"))
    added = _in_checkout(pr, "-m", "cmclaims.cli", "add", str(article), "--outlet", "Example News",
                         "--published", "2023-07-12")
    assert added.returncode == 0, added.stderr
    commit_all(pr, "Add Example News, 2023-07-12")

    tests = _in_checkout(pr, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "repository", "tests")
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert " passed" in tests.stdout

    check = _check_pull_request(base, pr, checker_env)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert "contribution OK" in check.stdout
    source_id = re.search(r"\(source_id (\S+)\)", added.stdout)[1]  # the next free number, whatever raw/ holds
    assert re.search(rf"^ +{source_id} +\+1 ", check.stdout, re.M), "its row in the summary by source"
    assert f"  {source_id}.txt: row added (" in check.stdout and "outlet='Example News'" in check.stdout


def test_a_forged_release_with_a_checker_that_approves_itself_is_refused(base, checker_env, tmp_path):
    pr = _fork(base, tmp_path / "forger")
    _forge_release(pr)
    checker = pr / "src" / "cmclaims" / "quality" / "contribution.py"
    checker.write_text(checker.read_text(encoding="utf-8").replace("return not self.problems", "return True"),
                       encoding="utf-8")
    commit_all(pr, "Release 9.9.9")

    own = _in_checkout(pr, "-m", "cmclaims.cli", "check-contribution", "--base", "origin/main")
    assert own.returncode == 0 and "contribution OK" in own.stdout, "the pull request's own checker approves it"

    check = _check_pull_request(base, pr, checker_env)
    assert check.returncode == 1, check.stdout[-3000:] + check.stderr[-3000:]
    assert "dataset/9.9.9/: a new release folder" in check.stdout
    assert "releases are made by maintainers on main" in check.stdout and "contribution REFUSED" in check.stdout
