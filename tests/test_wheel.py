"""The wheel alone is enough: installed outside the source tree, every release loads offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import REPO

CHECK = r"""
import json, sys
import cmclaims as cm
from cmclaims import schemas, tableio
assert "/site-packages/" in cm.__file__, cm.__file__
for version in cm.versions():
    for table in cm.tables():
        frame = cm.load(table, version)
        expected = {c: str(t) for c, t in tableio.loaded_dtypes(table).items()}
        assert {c: str(t) for c, t in frame.dtypes.items()} == expected, (version, table)
        if table in schemas.SPAN_TABLES:
            for row in frame.itertuples():
                assert cm.raw_text(row.source_id)[row.char_start:row.char_end] == row.text
    assert version in cm.cite("bibtex", version)
print(json.dumps({"versions": cm.versions(), "version": cm.__version__}))
"""


@pytest.mark.slow
def test_wheel_installs_and_loads_every_release(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True)
    wheel = next(dist.glob("cmclaims-*.whl"))
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, text=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    result = subprocess.run([str(python), "-c", CHECK], cwd=outside, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"versions": [' in result.stdout
    shipped = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in shipped if "/dataset/build" in name or name.endswith(".lock")]
    cli = environment / "bin" / "cmclaims"
    version = json.loads(result.stdout)["versions"][-1]
    for command in (["show", "002", "--color", "never"], ["show", "002", "--version", version], ["validate", version],
                    ["validate", "--frictionless", "off"], ["compare", "--version", version],
                    ["diff", version, version],
                    ["report", "--out", str(outside / "site")]):
        run = subprocess.run([str(cli), *command], cwd=outside, env=env, capture_output=True, text=True)
        assert run.returncode == 0, (command, run.stderr)
