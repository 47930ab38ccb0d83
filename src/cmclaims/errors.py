"""Errors that name the file (and line or row) and the problem."""

from __future__ import annotations

from pathlib import Path


class CmclaimsError(Exception):
    """Base of every error the command line reports without a traceback."""


class InputError(CmclaimsError):
    """A raw file, manifest or curation file that cannot be used as it is."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        return type(self), (self.path, self.problem, self.line)  # so that it crosses process boundaries intact
