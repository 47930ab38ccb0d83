"""Faults and odd input: killed builds, huge articles, random text."""

from __future__ import annotations

import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmclaims import __version__

from cmclaims.tabular import definitions, storage
from cmclaims.build.run import build, recover_interrupted
from cmclaims.text.layout import find_layout
from cmclaims.corpus.reader import decode_article
from cmclaims.errors import InputError
from conftest import RAW

ONE_GIB = 1024**3


def _body_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        paragraphs += [text[start:end] for start, end in find_layout(text).body_spans()]
    return paragraphs


def _check_build(texts: dict[str, str]) -> None:
    """Build a corpus of ``texts`` for real: every row valid, or the reader's clear refusal of a text it rejects."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        raw.mkdir()
        for source_id, text in texts.items():
            (raw / f"{source_id}.txt").write_bytes(text.encode("utf-8"))
        try:
            for source_id, text in texts.items():
                decode_article(raw / f"{source_id}.txt", text.encode("utf-8"))
        except InputError as refusal:
            with pytest.raises(InputError, match=re.escape(refusal.problem)):
                build(raw, Path(folder) / "out", __version__, jobs=1)
            return
        _check_rows(build(raw, Path(folder) / "out", __version__, jobs=1).tables, texts)


def _check_rows(tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> None:
    for table in definitions.SPAN_TABLES:
        frame = tables[table]
        for source_id, start, end, text in frame[["source_id", "char_start", "char_end", "text"]].itertuples(index=False):
            assert 0 <= start < end <= len(texts[source_id])
            assert texts[source_id][start:end] == text
    for table in definitions.TABLES:
        definitions.pandera_schema(table).validate(tables[table])


_QUOTES_AND_DIGITS = st.text(alphabet=st.sampled_from(list("\"“”‘’'«» 0123456789.,%$-–—\n abcTheSaid")), max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=400), _QUOTES_AND_DIGITS).filter(lambda t: t.strip() and "\r" not in t))
def test_random_text_never_breaks_the_pipeline(text):
    texts = {"h1": text}
    _check_build(texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_insertions_into_real_articles_keep_every_row_valid(data):
    paragraphs = _body_paragraphs()
    base = data.draw(st.sampled_from(paragraphs))
    position = data.draw(st.integers(0, len(base)))
    insertion = data.draw(st.one_of(st.text(max_size=30), _QUOTES_AND_DIGITS))
    text = base[:position] + insertion + base[position:]
    if not text.strip() or "\r" in text:
        return
    texts = {"h2": text}
    _check_build(texts)


@pytest.mark.slow
def test_twenty_megabyte_article(tmp_path):
    """One 20 MB article is accepted and processed, in bounded memory."""
    raw = tmp_path / "raw"
    raw.mkdir()
    paragraphs, size, chunks = _body_paragraphs(), 0, []
    while size < 20_000_000:
        chunks.append(paragraphs[len(chunks) % len(paragraphs)])
        size += len(chunks[-1].encode()) + 2
    (raw / "huge.txt").write_text("\n\n".join(chunks), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-m", "cmclaims.cli", "build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "out"), "--jobs", "1"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    peak_kib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    assert peak_kib * 1024 < 2 * ONE_GIB
    claims = storage.read_table(tmp_path / "out" / "claims.parquet", "claims")
    assert len(claims) > 1000


def _many_articles(folder: Path, copies: int) -> None:
    folder.mkdir()
    for path in sorted(RAW.glob("*.txt")):
        for copy in range(copies):
            shutil.copy(path, folder / f"{path.stem}-{copy:04d}.txt")


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _cli_build(raw: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cmclaims.cli", "build", "--raw-dir", str(raw), "--out-dir", str(out), "--batch-size", "20"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


@pytest.fixture(scope="module")
def many_articles_build(tmp_path_factory):
    """300 articles, their complete build by the CLI, and how long that run took."""
    root = tmp_path_factory.mktemp("kill")
    raw = root / "raw"
    _many_articles(raw, 60)
    started = time.monotonic()
    assert _cli_build(raw, root / "complete").wait() == 0
    return raw, _contents(root / "complete"), time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("share_of_run", [0.15, 0.4, 0.65, 0.9])
def test_build_killed_at_any_moment_leaves_the_previous_output_or_the_complete_new_one(tmp_path, many_articles_build, share_of_run):
    """A kill -9 before the new tables are swapped in leaves the old ones; never a mix of both."""
    raw, complete, duration = many_articles_build
    out = tmp_path / "out"
    build(RAW, out, __version__)
    before = _contents(out)
    process = _cli_build(raw, out)
    time.sleep(share_of_run * duration)
    if process.poll() is None:
        import os

        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        recover_interrupted(out)  # what the next build does first, under its lock
        assert _contents(out) in (before, complete)
    else:
        assert process.returncode == 0
        assert _contents(out) == complete
    for table in definitions.TABLES:
        storage.read_table(out / f"{table}.parquet", table)
    build(RAW, out, __version__)
    assert _contents(out) == before
    assert not [p for p in out.parent.iterdir() if ".tmp-" in p.name or p.name.endswith(".old")], "stale folders were not cleaned"
