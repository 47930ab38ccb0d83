"""Where a command may write: never where data lives, never over a folder it did not make.

``cmclaims build`` replaces its output folder whole and ``cmclaims report``
writes pages into its own, so a wrong ``--out-dir`` or ``--out`` could
destroy the raw texts, the releases or a user's files. :func:`check_output`
runs before anything is written (before the lock file, before any folder is
made) and refuses:

- the file-system root and the user's home folder;
- the raw folder, any folder holding a ``manifest.csv``, and anything inside
  them;
- the dataset folder (it holds ``releases.json``), a released folder (it holds
  ``SHA256SUMS``, or its name is listed in its parent's ``releases.json``),
  and anything inside a released folder;
- a repository root (it holds ``.git`` or ``pyproject.toml``);
- a folder holding the raw folder given to the command;
- a path that is not a folder;
- any other non-empty folder unless an earlier run of the same command made
  it: each output carries a marker file :data:`MARKER` naming the command.
  Build outputs from before the marker (exactly a descriptor and the table
  files) and report outputs from before it (``index.html`` and ``articles/``
  pages) are recognised by their contents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cmclaims.corpus.manifest import NAME as MANIFEST_NAME
from cmclaims.errors import CmclaimsError
from cmclaims.tabular.releases import CHECKSUMS, RELEASES_INDEX

MARKER = ".cmclaims-output"
"""Name of the file, in every output folder, that says which command wrote it."""

_VERSION_NAME = re.compile(r"\d+\.\d+\.\d+")  # wider than a release number on purpose: protect look-alikes too


def marker_text(command: str) -> str:
    return f"cmclaims {command}\nThis folder is an output of `cmclaims {command}`; its next run replaces it.\n"


def write_marker(folder: Path, command: str) -> None:
    (Path(folder) / MARKER).write_text(marker_text(command), encoding="utf-8")


def _release_names(dataset: Path) -> set[str]:
    try:
        index = json.loads((dataset / RELEASES_INDEX).read_text(encoding="utf-8"))
        return {str(entry["version"]) for entry in index["releases"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _data_place(folder: Path) -> str | None:
    """Why ``folder`` holds data that no output may replace, or None."""
    if (folder / MANIFEST_NAME).exists():
        return f"a raw texts folder (it holds {MANIFEST_NAME})"
    if (folder / RELEASES_INDEX).exists():
        return "the dataset folder that holds the releases (releases.json)"
    if (folder / CHECKSUMS).exists() or folder.name in _release_names(folder.parent):
        return "a released folder (released data is never written again)"
    if (folder.parent / RELEASES_INDEX).exists() and _VERSION_NAME.fullmatch(folder.name):
        return "a release's place in the dataset folder"
    if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
        return "a repository root"
    return None


def _inside_data(folder: Path) -> str | None:
    """Why a folder above ``folder`` forbids writing inside it (raw texts, a release), or None."""
    for above in folder.parents:
        if (above / MANIFEST_NAME).exists():
            return f"inside {above}, a raw texts folder"
        if (above / CHECKSUMS).exists() or above.name in _release_names(above.parent):
            return f"inside {above}, a released folder"
    return None


def _earlier_output(folder: Path, command: str) -> bool:
    """Whether ``folder`` was written by an earlier run of ``command`` (its marker, or the files it writes)."""
    marker = folder / MARKER
    if marker.is_file():
        try:
            return marker.read_text(encoding="utf-8").splitlines()[:1] == [f"cmclaims {command}"]
        except (OSError, UnicodeDecodeError):
            return False
    names = {path.name for path in folder.iterdir()}
    if command == "build":
        from cmclaims.tabular.datapackage import DESCRIPTOR_NAME
        from cmclaims.tabular.definitions import TABLES

        return DESCRIPTOR_NAME in names and names <= {DESCRIPTOR_NAME, *(f"{t}.parquet" for t in TABLES)}
    if command == "report":
        articles = folder / "articles"
        return ("index.html" in names and names <= {"index.html", "articles"}
                and (not articles.exists() or all(p.suffix == ".html" and p.is_file() for p in articles.iterdir())))
    return False


def check_output(out_dir: Path, command: str, raw_dir: Path | None = None) -> Path:
    """``out_dir`` made absolute, or a CmclaimsError saying why ``command`` must not write there; touches nothing."""
    given = Path(out_dir)
    folder = given.resolve()
    refuse = f"refusing to write the output of `cmclaims {command}` into {given}"
    if folder == Path(folder.anchor) or folder == Path.home().resolve():
        raise CmclaimsError(f"{refuse}: it is the file-system root or your home folder; choose a new, empty folder")
    why = _data_place(folder)
    if why:
        raise CmclaimsError(f"{refuse}: it is {why}")
    if raw_dir is not None:
        raw = Path(raw_dir).resolve()
        if folder == raw or raw in folder.parents or folder in raw.parents:
            raise CmclaimsError(f"{refuse}: it is, holds or is inside the raw folder {raw_dir}")
    why = _inside_data(folder)
    if why:
        raise CmclaimsError(f"{refuse}: it is {why}")
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise CmclaimsError(f"{refuse}: it exists and is not a folder")
        if any(folder.iterdir()) and not _earlier_output(folder, command):
            raise CmclaimsError(
                f"{refuse}: the folder is not empty and is not an earlier output of `cmclaims {command}` "
                f"(no {MARKER} file); choose a new or empty folder")
    return folder
