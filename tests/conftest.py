"""Shared fixtures: a fixed corpus of its own for the tests, and a fresh build of it.

The tests never depend on what the repository's ``raw/`` holds: adding, removing or curating an article there
must not break one. Tests that need a fixed corpus use ``tests/fixtures/raw/`` (``RAW``; a folder named raw,
so that rows record ``raw/<file>`` as in the repository): a byte-for-byte copy of the four seed articles and
their manifest. Only the tests about the repository itself (the committed build equals a rebuild of ``raw/``,
the releases and their descriptors, the hand annotation of articles in ``raw/``) read ``REPO_RAW``, marked
``repository``; they hold whatever ``raw/`` holds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "raw"
RAW = CORPUS
"""The raw folder the tests build and read: the fixture corpus, never the repository's raw/."""
REPO_RAW = REPO / "raw"
"""The repository's raw/: only for tests about the repository's own build, releases and annotations."""
ANNOTATIONS = REPO / "tests" / "annotations"


def read_raw(source_id: str) -> str:
    """The text of an article of the fixture corpus."""
    return (RAW / f"{source_id}.txt").read_bytes().decode("utf-8")


def article_text(source_id: str) -> str:
    """An annotated article's text: from the repository's raw/, or else the fixture corpus (the seeds)."""
    for folder in (REPO_RAW, CORPUS):
        path = folder / f"{source_id}.txt"
        if path.is_file():
            return path.read_bytes().decode("utf-8")
    raise FileNotFoundError(f"{source_id}: annotated, but in neither {REPO_RAW} nor {CORPUS}")


def annotation_files() -> list[Path]:
    return sorted(ANNOTATIONS.glob("*.json"))


def annotated_source_ids() -> list[str]:
    """Every source some hand annotation covers: the articles the quality tests score, whatever raw/ holds."""
    ids = {source["source_id"] for path in annotation_files()
           for source in json.loads(path.read_text(encoding="utf-8"))["sources"]}
    return sorted(ids)


@pytest.fixture(scope="session")
def raw_texts() -> dict[str, str]:
    return {path.stem: path.read_bytes().decode("utf-8") for path in sorted(RAW.glob("*.txt"))}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A build of the fixture corpus into a temporary folder."""
    from cmclaims import __version__
    from cmclaims.build.run import build

    out = tmp_path_factory.mktemp("build") / "dataset"
    build(RAW, out, __version__)
    return out


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of the fixture corpus (texts, manifest and curations)."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture
def build_copy(built, tmp_path) -> Path:
    """A writable copy of the session build, for tampering with."""
    target = tmp_path / "dataset"
    shutil.copytree(built, target)
    return target
