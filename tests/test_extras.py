"""The light install: loading needs pandas, pyarrow and PyYAML; everything else is an extra that says its name."""

from __future__ import annotations

import re
import tomllib

import pytest

from cmclaims import cli
from conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement)[0].lower()


def test_the_wheel_depends_only_on_what_loading_needs():
    assert sorted(_name(r) for r in PROJECT["dependencies"]) == ["packaging", "pandas", "pyarrow", "pyyaml"]
    assert "pandas>=2.2" in PROJECT["dependencies"], "pandas 2.2 and 3.x are both supported"


def test_the_test_extra_includes_the_build_extra():
    test = PROJECT["optional-dependencies"]["test"]
    included = next(r for r in test if _name(r) == "cmclaims")
    assert "build" in re.search(r"\[(.*)\]", included)[1].split(",")


def test_the_cli_hint_names_the_extra_each_module_comes_from():
    extras = PROJECT["optional-dependencies"]
    for module, extra in cli.EXTRA_OF_MODULE.items():
        assert any(module in (_name(r), *re.findall(r"\[(\w+)\]", r)) for r in extras[extra]), (module, extra)
    for extra in ("build", "view", "sql", "dask"):
        for requirement in extras[extra]:
            assert _name(requirement) in cli.EXTRA_OF_MODULE or _name(requirement) == PROJECT["name"], requirement


def _failing_command(missing: str):
    def run(args):
        raise ModuleNotFoundError(f"No module named '{missing}'", name=missing)
    return run


def test_a_command_missing_its_extra_says_which_to_install(monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_validate", _failing_command("pandera.pandas"))
    assert cli.main(["validate", "dataset/build"]) == 2
    assert "needs the 'build' extra" in capsys.readouterr().err
    monkeypatch.setattr(cli, "cmd_validate", _failing_command("duckdb"))
    assert cli.main(["validate", "dataset/build"]) == 2
    assert "pip install 'cmclaims[sql]'" in capsys.readouterr().err


def test_any_other_missing_module_is_not_hidden(monkeypatch):
    monkeypatch.setattr(cli, "cmd_validate", _failing_command("cmclaims.nowhere"))
    with pytest.raises(ModuleNotFoundError):
        cli.main(["validate", "dataset/build"])
