"""Shared fixtures: the repository's raw texts and a fresh build of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"


def read_raw(source_id: str) -> str:
    return (RAW / f"{source_id}.txt").read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def raw_texts() -> dict[str, str]:
    return {path.stem: path.read_bytes().decode("utf-8") for path in sorted(RAW.glob("*.txt"))}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A build of the repository's raw texts into a temporary folder."""
    from cmclaims import __version__
    from cmclaims.build import build

    out = tmp_path_factory.mktemp("build") / "dataset"
    build(RAW, out, __version__)
    return out


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of raw/ (texts, manifest and curations)."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture
def build_copy(built, tmp_path) -> Path:
    """A writable copy of the session build, for tampering with."""
    target = tmp_path / "dataset"
    shutil.copytree(built, target)
    return target
