"""Check a contribution against its base branch: what CI runs on every pull request.

The working tree (in CI: the pull request merged into its target) is compared
with the merge base of ``--base`` and ``HEAD``, so a branch that is behind its
target is not blamed for what the target gained since. Checks:

1. raw article texts were only added, never modified or removed;
2. no release is made in a pull request: no new or changed ``dataset/<version>/``
   folder, no change to the release index, ``datapackage.json``, ``schemaorg.jsonld``
   or CITATION.cff's version (maintainers release on main);
3. every released folder still holds exactly the bytes its release recorded;
4. every raw file has a manifest row and every row its file, no article twice;
5. every curation points at the text it names;
6. the committed working build equals a fresh rebuild of ``raw/``;
7. the working build and every release validate.

Then a summary for the reviewer: every changed manifest field, rows added,
removed and changed per table and per source since the base's working build,
new actors that no person has curated yet, every file added outside ``raw/``
and every other file changed outside ``raw/`` and ``dataset/build/``.

Approval must come from trusted code: CI installs the base branch's cmclaims
in an environment of its own and runs it with ``--repo`` on the pull
request's checkout (``.ci/check-pull-request``), so a pull request that edits
this module, the rules or the validator does not approve itself: the
rebuild and the validation run the base's code on the pull request's data.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from cmclaims.citation import CITATION_FILE
from cmclaims.corpus.manifest import NAME as MANIFEST_NAME
from cmclaims.errors import CmclaimsError, InputError
from cmclaims.tabular import datapackage, definitions
from cmclaims.views.terminal import safe
from cmclaims.workflows.release import SCHEMA_ORG, Repository

_LAYOUT = Repository(Path())
"""The repository's folders, relative to its root."""
WORKING_BUILD = PurePosixPath(_LAYOUT.working_build)
RELEASES_INDEX = PurePosixPath(_LAYOUT.index)
RELEASE_OUTPUTS = (str(RELEASES_INDEX), datapackage.DESCRIPTOR_NAME, SCHEMA_ORG)
"""Files only ``cmclaims release`` writes (besides the release folder and CITATION.cff's version)."""
MANIFEST = PurePosixPath(_LAYOUT.raw / MANIFEST_NAME)
CITATION = PurePosixPath(CITATION_FILE)
NOT_IN_A_PULL_REQUEST = "releases are made by maintainers on main with `cmclaims release`, never in a pull request"


@dataclass
class Check:
    """One check's outcome: its problems, or why it could not run."""

    name: str
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class ContributionReport:
    """Every check of a contribution, notes for its author, and the reviewer's summary."""

    base: str
    base_commit: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def problems(self) -> list[str]:
        return [problem for check in self.checks for problem in check.problems]

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- git -------------------------------------------------------------------

def git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip()
        raise CmclaimsError(f"git {' '.join(args)} failed: {message}")
    return result.stdout


def has_commit(root: Path, ref: str) -> bool:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=root,
                            capture_output=True)
    return result.returncode == 0


def default_base(root: Path) -> str:
    """``origin/main`` when the clone has it (it follows upstream), else the local ``main``."""
    for ref in ("origin/main", "main"):
        if has_commit(root, ref):
            return ref
    raise CmclaimsError("neither origin/main nor main exists here; "
                        "pass --base with the branch the pull request targets")


def merge_base(root: Path, base: str) -> str:
    if not has_commit(root, base):
        raise CmclaimsError(f"--base {base!r} is not a commit of this repository "
                            "(in CI, check out with fetch-depth: 0 so the target branch is there)")
    return git(root, "merge-base", base, "HEAD").decode().strip()


def changed_paths(root: Path, commit: str) -> list[tuple[str, str]]:
    """(status letter, path) of every file that differs between ``commit`` and the working tree.

    Untracked files (not ignored) count as added: a release folder forged but not committed is refused too.
    """
    fields = _git_paths(git(root, "diff", "--name-status", "--no-renames", "-z", commit, "--"))
    changes = [(status[0], path) for status, path in zip(fields[0::2], fields[1::2]) if status]
    untracked = _git_paths(git(root, "ls-files", "--others", "--exclude-standard", "-z"))
    return sorted(changes + [("A", path) for path in untracked if path])


def _git_paths(output: bytes) -> list[str]:
    """NUL-separated paths as git wrote them; a name that is not UTF-8 keeps its bytes (``os.fsdecode``)."""
    return [os.fsdecode(path) for path in output.split(b"\0")]


def _shown(path: str) -> str:
    """A path from the pull request as it may be printed: every control character, newlines too, escaped."""
    return safe(path, keep_newlines=False)


def file_at(root: Path, commit: str, path: PurePosixPath) -> bytes | None:
    """A file's bytes at ``commit``, or None where it did not exist."""
    result = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True)
    return result.stdout if result.returncode == 0 else None


def uncommitted(root: Path) -> list[str]:
    """Paths under raw/ and dataset/ that a pull request would not carry yet."""
    out = git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--",
              "raw", "dataset", datapackage.DESCRIPTOR_NAME)
    return sorted(entry[3:] for entry in _git_paths(out) if len(entry) > 3)


# ---- the checks ---------------------------------------------------------------

def _is_raw_article(path: str) -> bool:
    parts = PurePosixPath(path)
    return parts.parent == PurePosixPath("raw") and parts.suffix == ".txt"


def check_file_names(changes: list[tuple[str, str]]) -> Check:
    """No changed path holds a control character or bytes that are not UTF-8: such a name is a trap, not data."""
    check = Check("file names are plain text")
    for _, path in changes:
        if _shown(path) != path:
            check.problems.append(f"{_shown(path)}: the file name holds control characters or bytes that are not "
                                  "UTF-8; rename the file")
    return check


def check_raw_only_added(changes: list[tuple[str, str]]) -> Check:
    check = Check("raw article texts only added")
    verbs = {"D": "removed", "M": "modified", "T": "changed type"}
    for status, path in changes:
        if _is_raw_article(path) and status != "A":
            check.problems.append(f"{_shown(path)}: {verbs.get(status, 'changed')} since the base; "
                                  "raw texts are only ever added, never modified or removed")
    return check


def _release_folder(path: str) -> str | None:
    """``dataset/<version>`` for a path inside a release folder, else None."""
    parts = PurePosixPath(path).parts
    if len(parts) > 2 and parts[0] == "dataset" and parts[1] != WORKING_BUILD.name:
        return f"dataset/{parts[1]}"
    return None


def _citation_version(data: bytes | None) -> str | None:
    import yaml

    try:
        document = yaml.safe_load(data) if data else None
    except yaml.YAMLError:
        return "(unreadable)"
    return str(document.get("version")) if isinstance(document, dict) and "version" in document else None


def check_no_release(root: Path, commit: str, changes: list[tuple[str, str]]) -> Check:
    """Refuse what only a release writes: a new or changed release folder, the index, the descriptors, the version."""
    check = Check("no release made in the pull request")
    folders: dict[str, list[str]] = defaultdict(list)
    for status, path in changes:
        folder = _release_folder(path)
        if folder is not None:
            folders[folder].append(status)
        elif path in RELEASE_OUTPUTS:
            check.problems.append(f"{path}: {'added' if status == 'A' else 'changed'}; only a release writes it, and "
                                  f"{NOT_IN_A_PULL_REQUEST}")
    for folder, statuses in sorted(folders.items()):
        what = "a new release folder" if set(statuses) == {"A"} else "a released folder changed"
        check.problems.append(f"{folder}/: {what} ({len(statuses)} file(s)); {NOT_IN_A_PULL_REQUEST}")
    if any(path == str(CITATION) for _, path in changes):
        old = _citation_version(file_at(root, commit, CITATION))
        new = _citation_version((root / CITATION).read_bytes() if (root / CITATION).is_file() else None)
        if old != new:
            check.problems.append(f"{CITATION}: version changed from {old} to {new}; {NOT_IN_A_PULL_REQUEST}")
    return check


def check_releases_unchanged(root: Path, commit: str) -> Check:
    from cmclaims.workflows.release import Repository, read_index

    check = Check("released folders unchanged")
    base_index = file_at(root, commit, RELEASES_INDEX)
    base_releases = json.loads(base_index)["releases"] if base_index else []
    try:
        current = read_index(Repository(root))["releases"]
    except (ValueError, KeyError) as error:
        check.problems.append(f"{RELEASES_INDEX}: unreadable ({error})")
        current = []
    if current[: len(base_releases)] != base_releases:
        check.problems.append(f"{RELEASES_INDEX}: entries of existing releases were changed or removed; "
                              "releases are immutable, only new ones may be appended")
    for entry in base_releases:
        check.problems += _release_folder_problems(root, PurePosixPath("dataset") / entry["version"], entry["files"])
    return check


def _release_folder_problems(root: Path, folder: PurePosixPath, files: dict[str, str]) -> list[str]:
    from cmclaims.quality.validate import release_folder_differences

    if not (root / folder).is_dir():
        return [f"{folder}: released folder was removed"]
    differences = release_folder_differences(root / folder, files)
    problems = [f"{folder / name}: released file was removed" for name in differences.missing]
    problems += [f"{folder / name}: file added to a released folder" for name in differences.extra]
    problems += [f"{folder / name}: released file changed (sha256 {digest}, released as {files[name]}); "
                 "released folders are never written again" for name, digest in differences.changed.items()]
    return problems


def check_corpus(raw_dir: Path) -> tuple[Check, Mapping[str, str] | None]:
    """Manifest and files agree, every article reads, none twice; the texts if all is well."""
    from cmclaims.corpus.reader import MANIFEST_NAME, CorpusTexts, list_corpus, read_article, read_manifest

    check = Check("manifest lists every raw file, no duplicates")
    try:
        manifest = read_manifest(raw_dir)
        on_disk = {path.name for path in raw_dir.glob("*.txt")}
        if not manifest:
            check.problems.append(f"{raw_dir / MANIFEST_NAME}: missing or empty; every article needs its row")
        check.problems += [f"{raw_dir / name}: not listed in {raw_dir / MANIFEST_NAME} "
                           "(add articles with `cmclaims add`)"
                           for name in sorted(on_disk - set(manifest))]
        check.problems += [f"{raw_dir / MANIFEST_NAME}: lists {name}, which is not in {raw_dir}"
                           for name in sorted(set(manifest) - on_disk)]
        entries = [] if check.problems else list_corpus(raw_dir)
    except InputError as error:
        check.problems.append(str(error))
        return check, None
    first_with: dict[str, Path] = {}
    for entry in entries:
        try:
            digest = str(read_article(entry)["sha256"])
        except InputError as error:
            check.problems.append(str(error))
            continue
        if digest in first_with:
            check.problems.append(f"{entry.path}: duplicate article, the same bytes as {first_with[digest]}")
        first_with.setdefault(digest, entry.path)
    return check, (None if check.problems else CorpusTexts(entries))


def check_curations(raw_dir: Path, texts: Mapping[str, str] | None) -> Check:
    from cmclaims.transform.curation import read_curations

    check = Check("curations point at their text")
    if texts is None:
        check.skipped = "the raw corpus does not read"
        return check
    try:
        read_curations(raw_dir, texts)
    except InputError as error:
        check.problems.append(str(error))
    return check


def check_rebuild(raw_dir: Path, committed: Path, version: str, runnable: bool) -> Check:
    from cmclaims.build.run import build
    from cmclaims.quality.diff import diff_datasets

    check = Check("committed working build equals a rebuild of raw/")
    if not runnable:
        check.skipped = "the raw corpus or its curations do not read"
        return check
    if not (committed / datapackage.DESCRIPTOR_NAME).is_file():
        check.problems.append(f"{committed}: no working build; run `cmclaims build` and commit {committed}")
        return check
    with tempfile.TemporaryDirectory() as scratch:
        try:
            rebuilt = build(raw_dir, Path(scratch) / "rebuilt", version)
            diffs = diff_datasets(committed, rebuilt.out_dir)
        except CmclaimsError as error:
            check.problems.append(f"rebuilding {raw_dir} failed: {error}")
            return check
        except (OSError, ValueError, KeyError) as error:
            check.problems.append(f"{committed}: unreadable ({type(error).__name__}: {error}); run `cmclaims build`")
            return check
    for d in (d for d in diffs if not d.unchanged):
        details = [f"{len(d.added)} row(s) missing, {len(d.removed)} extra, {len(d.changed)} different",
                   *d.schema_changes]
        details += [f"e.g. {row_id}" for row_id in (d.added + d.removed + d.changed)[:1]]
        check.problems.append(f"{committed}: table {d.table} is not what raw/ rebuilds to ({'; '.join(details)}); "
                              f"run `cmclaims build` and commit {committed}")
    return check


def check_validates(root: Path, raw_dir: Path, committed: Path) -> Check:
    from cmclaims.quality.validate import validate_dataset
    from cmclaims.workflows.release import Repository, read_index

    check = Check("working build and releases validate")
    folders = [committed] if committed.is_dir() else []
    with contextlib.suppress(ValueError, KeyError):  # reported by the releases check
        folders += [root / "dataset" / entry["version"] for entry in read_index(Repository(root))["releases"]]
    for folder in folders:
        report = validate_dataset(folder, raw_dir, frictionless="sample" if folder == committed else "off")
        check.problems += [problem for problem in report.problems if problem not in check.problems]
    return check


# ---- the reviewer's summary -------------------------------------------------------

def _write_empty_dataset(folder: Path) -> None:
    from cmclaims.tabular import storage

    for table in definitions.TABLES:
        empty = pd.DataFrame({f["name"]: pd.Series([], dtype="object") for f in definitions.fields(table)})
        storage.write_table(empty, table, folder / f"{table}.parquet")


def base_working_build(root: Path, commit: str, folder: Path) -> bool:
    """Write the base's working build tables into ``folder``; False (and empty tables) where it had none."""
    folder.mkdir(parents=True, exist_ok=True)
    found = True
    for table in definitions.TABLES:
        data = file_at(root, commit, WORKING_BUILD / f"{table}.parquet")
        if data is None:
            found = False
            break
        (folder / f"{table}.parquet").write_bytes(data)
    if not found:
        _write_empty_dataset(folder)
    return found


def _source_of_ids(folder: Path, table: str) -> dict[str, str]:
    import pyarrow.parquet as pq

    id_column = definitions.ID_COLUMNS[table]
    columns = list(dict.fromkeys([id_column, "source_id"]))
    frame = pq.read_table(folder / f"{table}.parquet", columns=columns).to_pandas()
    return dict(zip(frame[id_column], frame["source_id"]))


def _by_source(diffs: list, base: Path, current: Path) -> dict[str, dict[str, str]]:
    """Per source and table, a cell such as '+12 -1 ~2'."""
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    for d in diffs:
        if d.table == "actors":
            continue
        old, new = _source_of_ids(base, d.table), _source_of_ids(current, d.table)
        counts: dict[str, dict[str, int]] = defaultdict(lambda: {"+": 0, "-": 0, "~": 0})
        for sign, ids, sources in (("+", d.added, new), ("-", d.removed, old), ("~", d.changed, new)):
            for row_id in ids:
                counts[sources[row_id]][sign] += 1
        for source_id, count in counts.items():
            cells[source_id][d.table] = " ".join(f"{sign}{n}" for sign, n in count.items() if n)
    return cells


def _format_by_source(cells: dict[str, dict[str, str]]) -> list[str]:
    if not cells:
        return ["rows by source: no change"]
    tables = [t for t in definitions.TABLES if t != "actors"]
    width = max(len("source_id"), *(len(s) for s in cells)) + 2
    lines = ["rows by source (+added -removed ~changed):",
             f"  {'source_id':<{width}}" + "".join(f"{t:>16}" for t in tables)]
    for source_id in sorted(cells):
        lines.append(f"  {source_id:<{width}}" + "".join(f"{cells[source_id].get(t, ''):>16}" for t in tables))
    return lines


def _new_actors(added_actor_ids: list[str], current: Path) -> list[str]:
    """The added actors: registry ones in a line, the uncurated ones each with where they are named."""
    from cmclaims.tabular import storage

    actors = storage.read_table(current / "actors.parquet", "actors").set_index("actor_id", drop=False)
    mentions = storage.read_table(current / "actor_mentions.parquet", "actor_mentions")
    curated = [actor_id for actor_id in added_actor_ids if bool(actors.loc[actor_id, "curated"])]
    lines = [f"new actors from the registry: {', '.join(curated) or 'none'}"]
    uncurated = [actors.loc[actor_id] for actor_id in added_actor_ids if actor_id not in curated]
    if not uncurated:
        return [*lines, "new actors not yet curated: none"]
    lines.append("new actors not yet curated (check them; add real ones to src/cmclaims/lexicons/actors.yaml):")
    for actor in uncurated:
        where = sorted(set(mentions.loc[mentions["actor_id"] == actor["actor_id"], "source_id"]))
        lines.append(f"  {actor['actor_id']}: {actor['name']} ({actor['kind']}, {actor['provenance']}); "
                     f"in {', '.join(where) or '-'}")
    return lines


def _manifest_rows(data: bytes | None) -> dict[str, dict[str, str]]:
    if not data:
        return {}
    reader = csv.DictReader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    return {row.get("file") or "": {k: v or "" for k, v in row.items() if k is not None} for row in reader}


def manifest_changes(old: bytes | None, new: bytes | None) -> list[str]:
    """Every manifest field that differs: rows added or removed, and each changed cell of a kept row."""
    before, after = _manifest_rows(old), _manifest_rows(new)
    lines = [f"  {name}: row removed" for name in sorted(set(before) - set(after))]
    for name in sorted(set(after) - set(before)):
        filled = ", ".join(f"{k}={v!r}" for k, v in after[name].items() if v and k not in ("file", "source_id"))
        lines.append(f"  {name}: row added ({filled})")
    for name in sorted(set(before) & set(after)):
        for key in dict.fromkeys([*before[name], *after[name]]):
            old_value, new_value = before[name].get(key, ""), after[name].get(key, "")
            if old_value != new_value:
                lines.append(f"  {name}: {key} changed from {old_value!r} to {new_value!r}")
    return [f"{MANIFEST} changes:", *lines] if lines else [f"{MANIFEST} changes: none"]


def _other_changes(changes: list[tuple[str, str]]) -> list[str]:
    added = sorted(path for status, path in changes if status == "A" and not path.startswith("raw/"))
    other = sorted(path for status, path in changes
                   if status != "A" and not path.startswith(("raw/", f"{WORKING_BUILD}/")))
    added, other = [_shown(path) for path in added], [_shown(path) for path in other]
    return ["files added outside raw/: " + (", ".join(added) if added else "none"),
            "files changed or removed outside raw/ and dataset/build/: " + (", ".join(other) if other else "none")]


def reviewer_summary(root: Path, commit: str, changes: list[tuple[str, str]]) -> str:
    from cmclaims.quality.diff import diff_datasets, format_diff

    current = root / Path(WORKING_BUILD)
    if not (current / "sources.parquet").is_file():
        return "no summary: there is no working build to compare"
    try:
        with tempfile.TemporaryDirectory() as scratch:
            base = Path(scratch) / "base"
            had_build = base_working_build(root, commit, base)
            diffs = diff_datasets(base, current)
            lines = ["" if had_build else "the base has no working build: every row counts as added"]
            lines += [f"rows per table, base {commit[:12]} -> working tree:", format_diff(diffs, show_ids=0)]
            lines += _format_by_source(_by_source(diffs, base, current))
        lines += _new_actors(next(d.added for d in diffs if d.table == "actors"), current)
    except (OSError, ValueError, KeyError) as error:
        return f"no summary: the working build does not read ({type(error).__name__}: {error})"
    lines += _other_changes(changes)
    return "\n".join(line for line in lines if line)


def _summary(root: Path, commit: str, changes: list[tuple[str, str]]) -> str:
    """The manifest's changed fields, then the rows and files a pull request changes."""
    manifest = root / Path(MANIFEST)
    lines = manifest_changes(file_at(root, commit, MANIFEST), manifest.read_bytes() if manifest.is_file() else None)
    return "\n".join([*lines, reviewer_summary(root, commit, changes)])


# ---- entry point --------------------------------------------------------------------

def check_contribution(root: Path, base: str | None, version: str) -> ContributionReport:
    """Run every check of a pull request on the repository at ``root``, and summarise it."""
    root = Path(root)
    toplevel = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True)
    if toplevel.returncode != 0 or Path(toplevel.stdout.strip()).resolve() != root.resolve():
        raise CmclaimsError(f"{root.resolve()}: not the root of a git repository; "
                            "run check-contribution from the repository root")
    base = base or default_base(root)
    commit = merge_base(root, base)
    changes = changed_paths(root, commit)
    raw_dir, committed = root / "raw", root / Path(WORKING_BUILD)
    report = ContributionReport(base, commit)
    corpus_check, texts = check_corpus(raw_dir)
    curations_check = check_curations(raw_dir, texts)
    report.checks = [
        check_file_names(changes),
        check_raw_only_added(changes),
        check_no_release(root, commit, changes),
        check_releases_unchanged(root, commit),
        corpus_check,
        curations_check,
        check_rebuild(raw_dir, committed, version, texts is not None and not curations_check.problems),
        check_validates(root, raw_dir, committed),
    ]
    pending = uncommitted(root)
    if pending:
        report.notes.append("not committed yet (checked as they are, but a pull request carries only commits): "
                            + ", ".join(map(_shown, pending)))
    if any(path.startswith("src/") for _, path in changes):
        report.notes.append("the pull request changes the package (src/): every check ran this installation's code, "
                            "so a rule or registry change shows as a rebuild difference; a maintainer reviews it")
    report.summary = _summary(root, commit, changes)
    return report


def format_report(report: ContributionReport) -> str:
    lines = [f"checking the contribution against {report.base} (merge base {report.base_commit[:12]})"]
    for check in report.checks:
        status = "skipped" if check.skipped else ("FAILED" if check.problems else "ok")
        lines.append(f"  {status:<8}{check.name}" + (f" ({check.skipped})" if check.skipped else ""))
        lines += [f"            - {problem}" for problem in check.problems]
    lines += [f"note: {note}" for note in report.notes]
    lines += ["", report.summary, ""]
    verdict = "contribution OK" if report.ok else f"contribution REFUSED: {len(report.problems)} problem(s)"
    return "\n".join([*lines, verdict])
