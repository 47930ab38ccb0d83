"""Wheel build hook: ship the releases, and only them.

The wheel's data are the files the release index (``dataset/releases.json``)
records for each release, so neither a working build (``dataset/build``)
nor a stray file (a lock, an editor's backup) in a release folder reaches
users. Run by hatchling; see ``[tool.hatch.build.targets.wheel.hooks.custom]``.
"""

from __future__ import annotations

import json
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

INDEX = "dataset/releases.json"
TARGET = "cmclaims/_data/"


class ReleasesOnlyHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        index = json.loads(Path(self.root, INDEX).read_text(encoding="utf-8"))
        include = build_data["force_include"]
        include[str(Path(self.root, INDEX))] = TARGET + INDEX
        for release in index["releases"]:
            for name in release["files"]:
                relative = f"dataset/{release['version']}/{name}"
                include[str(Path(self.root, relative))] = TARGET + relative
