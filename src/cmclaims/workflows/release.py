"""Cut a release: freeze the working build as ``dataset/<version>/``.

A release is refused unless the version is new and higher than every
released one, the date is a real ISO date, ``raw/`` and the working build
have no uncommitted changes (in a git checkout; elsewhere this check cannot
be made and the release says so), the committed working build equals a fresh
rebuild from raw, and that build validates.

Crash safety. Everything a release writes is first prepared in a scratch
folder ``dataset/.release-<version>-*``: the release folder (tables,
descriptor, SHA256SUMS), the new working build, and the new bytes of
``dataset/releases.json``, ``datapackage.json``, ``schemaorg.jsonld``,
``CHANGELOG.md``, ``CITATION.cff`` and ``src/cmclaims/__init__.py``. Writing
the journal ``dataset/.release-journal.json`` (atomically) is the commit
point; the journal lists each step, and every step can be repeated. Then the
release folder is renamed into place, each file is replaced atomically, the
working build is swapped in, and the journal and scratch folder are removed.
Every run of ``cmclaims release`` first takes a lock on ``dataset/`` and
finishes what a killed run left (:func:`recover`): with a journal it
completes the release; without one it removes the scratch folders, so a kill
before the commit point leaves no trace. Released folders are never written
again.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cmclaims import integrity
from cmclaims.errors import CmclaimsError
from cmclaims.tabular import datapackage, definitions, storage
from cmclaims.tabular.releases import CHECKSUMS, RELEASES_INDEX, release_version

JOURNAL = ".release-journal.json"
"""In ``dataset/``: present from the commit point of a release until it is complete."""
SCRATCH_PREFIX = ".release-"


@dataclass(frozen=True)
class Repository:
    """The paths a release reads and writes, relative to a repository root."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def dataset(self) -> Path:
        return self.root / "dataset"

    @property
    def working_build(self) -> Path:
        return self.dataset / "build"

    @property
    def index(self) -> Path:
        return self.dataset / RELEASES_INDEX


class UnusableIndex(CmclaimsError, ValueError):
    """``releases.json`` is not a releases index (a ValueError too, for callers that report it as one)."""


def read_index(repo: Repository) -> dict:
    """``dataset/releases.json``, or a clear error when it is not a releases index."""
    if not repo.index.exists():
        return {"releases": []}
    try:
        index = json.loads(repo.index.read_bytes().decode("utf-8"))
        if not isinstance(index, dict) or not isinstance(index.get("releases"), list):
            raise ValueError("no list of releases")
        for entry in index["releases"]:
            release_version(str(entry["version"]))
    except (ValueError, KeyError, TypeError, CmclaimsError) as error:
        raise UnusableIndex(f"{repo.index}: not a valid releases index ({error}); restore it from git") from None
    except OSError as error:
        raise UnusableIndex(f"{repo.index}: cannot be read ({error.strerror})") from None
    return index


def check_date(date: str) -> None:
    from cmclaims.corpus.manifest import is_iso_date

    if not is_iso_date(date):
        raise CmclaimsError(f"release date {date!r} is not a real date in the form YYYY-MM-DD")


def uncommitted_changes(repo: Repository) -> list[str] | None:
    """Paths under ``raw/`` and the working build that differ from git's last commit (untracked ones too).

    None when the repository is not a git checkout or git is not installed:
    there is then no commit to compare with.
    """
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(repo.root), *args], capture_output=True, text=True, timeout=120)

    try:
        if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
            return None
        status = git("status", "--porcelain", "--untracked-files=all", "--", "raw", "dataset/build")
    except (OSError, subprocess.SubprocessError):
        return None
    if status.returncode != 0:
        raise CmclaimsError(f"{repo.root}: git status failed: {status.stderr.strip()}")
    return [line[3:] for line in status.stdout.splitlines() if line.strip()]


def check_committed(repo: Repository) -> None:
    changes = uncommitted_changes(repo)
    if changes is None:
        print(f"cmclaims release: note: {repo.root.resolve()} is not a git checkout; cannot check raw/ and "
              "dataset/build for uncommitted changes", file=sys.stderr)
        return
    if changes:
        shown = ", ".join(changes[:5]) + (f" and {len(changes) - 5} more" if len(changes) > 5 else "")
        raise CmclaimsError(f"uncommitted changes in raw/ or dataset/build ({shown}); commit them before releasing")


def check_new_version(version: str, index: dict, repo: Repository) -> None:
    key = release_version(version)
    released = [r["version"] for r in index["releases"]]
    if version in released:
        raise CmclaimsError(f"version {version} is already released; released folders are immutable")
    if (repo.dataset / version).exists():
        raise CmclaimsError(f"{repo.dataset / version} exists but is not in {repo.index} (left by a release that an "
                            "older cmclaims did not finish?); remove it and release again")
    higher = [v for v in released if release_version(v) >= key]
    if higher:
        latest = max(released, key=release_version)
        raise CmclaimsError(f"version {version} does not increase on the latest release {latest}")


def _fingerprints(folder: Path) -> dict[str, str]:
    return {t: storage.content_fingerprint(storage.read_table(folder / f"{t}.parquet", t), t)
            for t in definitions.TABLES}


def check_rebuild_matches(repo: Repository, rebuilt: Path) -> None:
    """Refuse when the committed working build is not what raw/ rebuilds to.

    The committed tables are fingerprinted from their rows; the rebuild's fingerprints are those its build
    just wrote in its descriptor (:func:`~cmclaims.quality.validate.validate_dataset` then checks them on every row).
    """
    if not (repo.working_build / datapackage.DESCRIPTOR_NAME).exists():
        raise CmclaimsError(f"{repo.working_build}: no working build; run `cmclaims build` and commit it first")
    committed = _fingerprints(repo.working_build)
    fresh = {r["name"]: r["fingerprint"]
             for r in datapackage.read_descriptor(rebuilt / datapackage.DESCRIPTOR_NAME)["resources"]}
    differing = [t for t in definitions.TABLES if committed[t] != fresh[t]]
    if differing:
        raise CmclaimsError(
            f"{repo.working_build}: tables {', '.join(differing)} differ from a fresh rebuild of {repo.raw}; "
            "run `cmclaims build`, review and commit before releasing"
        )


def _set_version_in(init_text: str, cff_text: str, version: str, date: str) -> tuple[str, str]:
    init = re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init_text)
    cff = re.sub(r"(?m)^version: .*$", f"version: {version}", cff_text)
    cff = re.sub(r'(?m)^date-released: .*$', f'date-released: "{date}"', cff)
    return init, cff


def _changelog_with(body: str | None, version: str, date: str, summary: str) -> str:
    header = "# Changelog\n\nReleases of the dataset; see docs/releasing.md for what major, minor and patch mean.\n"
    entry = f"\n## {version} ({date})\n\n{summary.strip()}\n"
    head, _, rest = (body if body is not None else header).partition("\n## ")
    return head.rstrip("\n") + "\n" + entry + ("\n## " + rest if rest else "")


def _add_checksums(folder: Path) -> None:
    sums = [f"{integrity.sha256_of(folder / name)}  {name}" for name in sorted(p.name for p in folder.iterdir())]
    (folder / CHECKSUMS).write_text("\n".join(sums) + "\n", encoding="utf-8")


def _top_level_descriptor(descriptor: dict, version: str) -> dict:
    top = json.loads(json.dumps(descriptor))
    for resource in top["resources"]:
        resource["path"] = f"dataset/{version}/{resource['path']}"
    return top


SCHEMA_ORG = "schemaorg.jsonld"


def _schema_org_text(entry: dict, descriptor: dict) -> str:
    """The schema.org Dataset file of the latest release, at the repository root."""
    from cmclaims.citation import schema_org

    return json.dumps(schema_org(entry, descriptor), indent=2, ensure_ascii=False) + "\n"


def _index_entry(target: Path, version: str, date: str, summary: str) -> dict:
    descriptor = datapackage.read_descriptor(target / datapackage.DESCRIPTOR_NAME)
    files = {p.name: integrity.sha256_of(p) for p in sorted(target.iterdir())}
    return {
        "version": version,
        "date": date,
        "files": files,
        "descriptor_sha256": files[datapackage.DESCRIPTOR_NAME],
        "fingerprints": {r["name"]: r["fingerprint"] for r in descriptor["resources"]},
        "rows": {r["name"]: r["rows"] for r in descriptor["resources"]},
        "changes": summary.strip(),
    }


def _read_text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _new_files(repo: Repository, index: dict, candidate: Path, version: str, date: str, summary: str) -> dict[str, str]:
    """The new text of every file a release changes, by path relative to the repository root."""
    descriptor = datapackage.read_descriptor(candidate / datapackage.DESCRIPTOR_NAME)
    entry = _index_entry(candidate, version, date, summary)
    index = {**index, "releases": [*index["releases"], entry]}
    top = json.dumps(_top_level_descriptor(descriptor, version), indent=2, ensure_ascii=False) + "\n"
    files = {
        f"dataset/{RELEASES_INDEX}": json.dumps(index, indent=2, ensure_ascii=False) + "\n",
        datapackage.DESCRIPTOR_NAME: top,
        SCHEMA_ORG: _schema_org_text(entry, descriptor),
        "CHANGELOG.md": _changelog_with(_read_text(repo.root / "CHANGELOG.md"), version, date, summary),
    }
    init, cff = repo.root / "src" / "cmclaims" / "__init__.py", repo.root / "CITATION.cff"
    if init.exists() and cff.exists():
        files["src/cmclaims/__init__.py"], files["CITATION.cff"] = _set_version_in(
            init.read_text(encoding="utf-8"), cff.read_text(encoding="utf-8"), version, date)
    return files


def _step_done(step: str) -> None:
    """Called after each step of a release (a hook for the crash tests; does nothing)."""


@contextmanager
def release_lock(repo: Repository) -> Iterator[None]:
    """An exclusive lock on ``dataset/`` itself (no lock file is left behind)."""
    if not repo.dataset.is_dir():
        raise CmclaimsError(f"{repo.dataset}: no dataset folder (run `cmclaims release` from the repository root)")
    handle = os.open(repo.dataset, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CmclaimsError(f"{repo.dataset}: another release is running; try again when it ends") from None
        yield
    finally:
        os.close(handle)


def _replace_file(target: Path, staged: Path) -> None:
    """Put a copy of ``staged`` in place of ``target`` in one rename (``staged`` stays, so this can be repeated)."""
    from cmclaims.workflows.contribute import write_atomically

    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    write_atomically(target, staged.read_bytes(), mode)


def _complete(repo: Repository, journal: dict) -> Path:
    """Carry out a journaled release; each step checks whether it is done, so a second run finishes a killed one."""
    from cmclaims.build.run import locked, replace_folder

    scratch = repo.dataset / journal["scratch"]
    target = repo.dataset / journal["version"]
    prepared = scratch / journal["version"]
    if prepared.exists():
        if target.exists():
            raise CmclaimsError(f"{target} exists and so does the prepared {prepared}; the journal {JOURNAL} cannot "
                                "be completed safely: inspect both")
        os.rename(prepared, target)
    elif not target.exists():
        raise CmclaimsError(f"{repo.dataset / JOURNAL}: neither {prepared} nor {target} exists; restore from git")
    _step_done("folder")
    for relative, staged in journal["files"].items():
        target_file = repo.root / relative
        for stale in target_file.parent.glob(f".{target_file.name}.*"):
            if _is_temporary_of(stale, target_file.name):  # left by a kill during an earlier run's rename
                stale.unlink()
        _replace_file(target_file, scratch / staged)
        _step_done(relative)
    new_build = scratch / "build"
    descriptor = repo.working_build / datapackage.DESCRIPTOR_NAME
    if not descriptor.exists() or integrity.sha256_of(descriptor) != journal["build_descriptor_sha256"]:
        with locked(repo.working_build):
            replace_folder(new_build, repo.working_build)
    _step_done("build")
    (repo.dataset / JOURNAL).unlink()
    _step_done("journal")
    shutil.rmtree(scratch, ignore_errors=True)
    return target


def recover(repo_root: Path) -> str | None:
    """Finish or undo what a killed release left (under the release lock); say what was done, or None."""
    repo = Repository(Path(repo_root))
    with release_lock(repo):
        return _recover(repo)


def _read_journal(repo: Repository) -> dict | None:
    path = repo.dataset / JOURNAL
    if not path.exists():
        return None
    try:
        journal = json.loads(path.read_bytes().decode("utf-8"))
        _check_journal(journal)
        return journal
    except (ValueError, OSError, CmclaimsError) as error:
        raise CmclaimsError(f"{path}: unusable release journal ({error}); "
                            "inspect it and the .release-* folders") from None


_RELEASED_FILES = (f"dataset/{RELEASES_INDEX}", datapackage.DESCRIPTOR_NAME, SCHEMA_ORG, "CHANGELOG.md",
                   "src/cmclaims/__init__.py", "CITATION.cff")
"""Every file a release rewrites, relative to the repository root: a journal may name no other."""


def _check_journal(journal: object) -> None:
    """Refuse a journal that would write anywhere but where a release writes (it is data, maybe a hostile one)."""
    if not isinstance(journal, dict) or set(journal) != {"version", "scratch", "files", "build_descriptor_sha256"}:
        raise ValueError("not a release journal")
    version = str(journal["version"])
    release_version(version)
    if not re.fullmatch(rf"{re.escape(SCRATCH_PREFIX + version)}-[A-Za-z0-9_]+", str(journal["scratch"])):
        raise ValueError(f"scratch folder {journal['scratch']!r} is not one a release makes")
    files = journal["files"]
    if not isinstance(files, dict) or not set(files) <= set(_RELEASED_FILES) or not all(
            isinstance(v, str) and re.fullmatch(r"files/\d+", v) for v in files.values()):
        raise ValueError("names files a release does not write")
    if not re.fullmatch(r"[0-9a-f]{64}", str(journal["build_descriptor_sha256"])):
        raise ValueError("no SHA-256 of the new working build")


def _is_temporary_of(path: Path, name: str) -> bool:
    """Whether ``path`` is a temporary file that :func:`~cmclaims.workflows.contribute.write_atomically` made."""
    return path.name.startswith(f".{name}.") and bool(re.fullmatch(r"[a-z0-9_]{8}", path.name[len(name) + 2:]))


def _recover(repo: Repository) -> str | None:
    journal = _read_journal(repo)
    if journal is not None:
        _complete(repo, journal)
        return f"completed the interrupted release {journal['version']}"
    stale = [p for p in repo.dataset.iterdir()
             if (p.name.startswith(SCRATCH_PREFIX) and p.name != JOURNAL) or _is_temporary_of(p, JOURNAL)]
    for path in stale:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    return f"removed what an interrupted release left ({', '.join(p.name for p in stale)})" if stale else None


def release(repo_root: Path, version: str, date: str, summary: str) -> Path:
    """Validate, freeze and register release ``version``; return its folder."""
    from cmclaims.workflows.contribute import write_atomically

    repo = Repository(Path(repo_root))
    release_version(version)
    check_date(date)
    with release_lock(repo):
        journal_path = repo.dataset / JOURNAL
        if (_read_journal(repo) or {}).get("version") == version:
            print(f"cmclaims release: completing the interrupted release {version}", file=sys.stderr)
            _recover(repo)
            return repo.dataset / version
        recovered = _recover(repo)
        if recovered:
            print(f"cmclaims release: {recovered}", file=sys.stderr)
        index = read_index(repo)
        check_new_version(version, index, repo)
        check_committed(repo)
        scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{version}-", dir=repo.dataset))
        try:
            journal = _prepare(repo, scratch, index, version, date, summary)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)  # before the commit point: no trace
            raise
        write_atomically(journal_path, (json.dumps(journal, indent=2) + "\n").encode("utf-8"))
        _step_done("commit")
        return _complete(repo, journal)


def _prepare(repo: Repository, scratch: Path, index: dict, version: str, date: str, summary: str) -> dict:
    """Build, check and stage in ``scratch`` everything release ``version`` writes; return its journal."""
    from cmclaims.build.outputs import MARKER
    from cmclaims.build.run import build
    from cmclaims.quality.validate import validate_dataset

    _step_done("scratch")
    candidate = build(repo.raw, scratch / version, version).out_dir
    check_rebuild_matches(repo, candidate)
    report = validate_dataset(candidate, repo.raw, frictionless="full")
    if not report.ok:
        raise CmclaimsError("the rebuilt dataset does not validate:\n" + "\n".join(report.problems))
    shutil.copytree(candidate, scratch / "build")  # the new working build: the same tables, the new version
    (candidate / MARKER).unlink()
    _add_checksums(candidate)
    staged = scratch / "files"
    staged.mkdir()
    files = {}
    for number, (relative, text) in enumerate(_new_files(repo, index, candidate, version, date, summary).items()):
        (staged / str(number)).write_text(text, encoding="utf-8")
        files[relative] = f"files/{number}"
    _step_done("prepared")
    return {
        "version": version, "scratch": scratch.name, "files": files,
        "build_descriptor_sha256": integrity.sha256_of(scratch / "build" / datapackage.DESCRIPTOR_NAME),
    }
