"""The wheel alone is enough: installed outside the source tree, every release loads offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import CORPUS, REPO

CHECK = r"""
import json, sys
import cmclaims as cm
from cmclaims.tabular import definitions, storage
assert "/site-packages/" in cm.__file__, cm.__file__
for version in cm.versions():
    for table in cm.tables():
        frame = cm.load(table, version)
        expected = {c: str(t) for c, t in storage.loaded_dtypes(table).items()}
        assert {c: str(t) for c, t in frame.dtypes.items()} == expected, (version, table)
        if table in definitions.SPAN_TABLES:
            for row in frame.itertuples():
                assert cm.raw_text(row.source_id)[row.char_start:row.char_end] == row.text
    assert version in cm.cite("bibtex", version)
print(json.dumps({"versions": cm.versions(), "version": cm.__version__}))
"""


OFFLINE = r"""
import socket

def _refuse(*args, **kwargs):
    raise OSError("loading tried to use the network")

socket.socket.connect = socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
"""

LOWEST = ["pandas==2.2.0", "numpy<2", "pyarrow==16.0.0", "pyyaml==6.0.1"]
"""The lowest versions pyproject.toml supports for loading (numpy 1.x: pandas 2.2.0 was built against it)."""
BUILD_ONLY = ["pandera", "frictionless", "rapidfuzz"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True)
    return next(dist.glob("cmclaims-*.whl"))


def _environment(folder):
    venv.create(folder, with_pip=True)
    return folder / "bin" / "python"


def _pip(python, *args: str) -> str:
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _run_outside(python, code: str, tmp_path) -> subprocess.CompletedProcess:
    outside = tmp_path / "elsewhere"
    outside.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run([str(python), "-c", code], cwd=outside, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_wheel_installs_and_loads_every_release(wheel, tmp_path):
    python = _environment(tmp_path / "venv")
    _pip(python, str(wheel))
    result = _run_outside(python, OFFLINE + CHECK, tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"versions": [' in result.stdout
    shipped = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in shipped if "/dataset/build" in name or name.endswith(".lock")]
    _pip(python, f"{wheel}[build]")  # validate needs the build extra; the reading commands do not
    cli = python.parent / "cmclaims"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    version = json.loads(result.stdout)["versions"][-1]
    for command in (["show", "002", "--color", "never"], ["show", "002", "--version", version], ["validate", version],
                    ["validate", "--frictionless", "off"], ["compare", "--version", version],
                    ["diff", version, version],
                    ["report", "--out", str(tmp_path / "elsewhere" / "site")]):
        run = subprocess.run([str(cli), *command], cwd=tmp_path / "elsewhere", env=env, capture_output=True, text=True)
        assert run.returncode == 0, (command, run.stderr)


@pytest.mark.slow
def test_wheel_on_the_lowest_supported_versions_keeps_pandas_and_brings_no_build_tools(wheel, tmp_path):
    """A researcher's pandas 2.2 environment: the wheel adds cmclaims only, and every table loads offline."""
    python = _environment(tmp_path / "venv")
    _pip(python, *LOWEST)
    versions = "import importlib.metadata as m; print(m.version('pandas'), m.version('pyarrow'))"
    before = _run_outside(python, versions, tmp_path).stdout
    assert before.startswith("2.2.0 16.0.0"), before
    _pip(python, str(wheel))
    assert _run_outside(python, versions, tmp_path).stdout == before, "installing cmclaims changed pandas or pyarrow"
    absent = f"import importlib.util as u; print([m for m in {BUILD_ONLY!r} if u.find_spec(m)])"
    assert _run_outside(python, absent, tmp_path).stdout.strip() == "[]"
    result = _run_outside(python, OFFLINE + CHECK, tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"versions": [' in result.stdout
    build = [str(python.parent / "cmclaims"), "build", "--raw-dir", str(CORPUS), "--out-dir", str(tmp_path / "out")]
    cli = subprocess.run(build, cwd=tmp_path, capture_output=True, text=True)
    assert cli.returncode == 2 and "pip install 'cmclaims[build]'" in cli.stderr, cli.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    show = subprocess.run([str(python.parent / "cmclaims"), "show", "002"], cwd=tmp_path / "elsewhere", env=env,
                          capture_output=True, text=True)
    assert show.returncode == 0 and "[C1 " in show.stdout and "\x1b" not in show.stdout, show.stderr  # plain
    report = subprocess.run([str(python.parent / "cmclaims"), "report", "--out", "site"], cwd=tmp_path / "elsewhere",
                            env=env, capture_output=True, text=True)
    assert report.returncode == 2 and "pip install 'cmclaims[view]'" in report.stderr, report.stderr
    assert not (tmp_path / "elsewhere" / "site").exists()
