"""Cut a release: freeze the working build as ``dataset/<version>/``.

A release is refused unless the version is new and higher than every
released one, the committed working build equals a fresh rebuild from raw,
and that build validates. It then writes the release folder (tables,
descriptor, SHA256SUMS), adds it to ``dataset/releases.json``, points the
top-level ``datapackage.json`` at it, prepends a CHANGELOG entry, and sets
the one version number in ``src/cmclaims/__init__.py`` and CITATION.cff.
Released folders are never written again.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cmclaims import datapackage, schemas, tableio
from cmclaims.api import RELEASES_INDEX
from cmclaims.errors import CmclaimsError

CHECKSUMS = "SHA256SUMS"
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


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


def version_key(version: str) -> tuple[int, int, int]:
    match = _VERSION.match(version)
    if not match:
        raise CmclaimsError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def read_index(repo: Repository) -> dict:
    if not repo.index.exists():
        return {"releases": []}
    return json.loads(repo.index.read_text(encoding="utf-8"))


def check_new_version(version: str, index: dict, repo: Repository) -> None:
    key = version_key(version)
    released = [r["version"] for r in index["releases"]]
    if version in released or (repo.dataset / version).exists():
        raise CmclaimsError(f"version {version} is already released; released folders are immutable")
    higher = [v for v in released if version_key(v) >= key]
    if higher:
        raise CmclaimsError(f"version {version} does not increase on the latest release {max(released, key=version_key)}")


def _fingerprints(folder: Path) -> dict[str, str]:
    return {t: tableio.content_fingerprint(tableio.read_table(folder / f"{t}.parquet", t), t) for t in schemas.TABLES}


def check_rebuild_matches(repo: Repository, rebuilt: Path) -> None:
    """Refuse when the committed working build is not what raw/ rebuilds to."""
    if not (repo.working_build / datapackage.DESCRIPTOR_NAME).exists():
        raise CmclaimsError(f"{repo.working_build}: no working build; run `cmclaims build` and commit it first")
    committed, fresh = _fingerprints(repo.working_build), _fingerprints(rebuilt)
    differing = [t for t in schemas.TABLES if committed[t] != fresh[t]]
    if differing:
        raise CmclaimsError(
            f"{repo.working_build}: tables {', '.join(differing)} differ from a fresh rebuild of {repo.raw}; "
            "run `cmclaims build`, review and commit before releasing"
        )


def _set_version_in_files(repo: Repository, version: str, date: str) -> None:
    init = repo.root / "src" / "cmclaims" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text(encoding="utf-8")), encoding="utf-8")
    cff = repo.root / "CITATION.cff"
    text = re.sub(r"(?m)^version: .*$", f"version: {version}", cff.read_text(encoding="utf-8"))
    text = re.sub(r'(?m)^date-released: .*$', f'date-released: "{date}"', text)
    cff.write_text(text, encoding="utf-8")


def _changelog_entry(repo: Repository, version: str, date: str, summary: str) -> None:
    path = repo.root / "CHANGELOG.md"
    header = "# Changelog\n\nReleases of the dataset; see docs/releasing.md for what major, minor and patch mean.\n"
    body = path.read_text(encoding="utf-8") if path.exists() else header
    entry = f"\n## {version} ({date})\n\n{summary.strip()}\n"
    head, _, rest = body.partition("\n## ")
    path.write_text(head.rstrip("\n") + "\n" + entry + ("\n## " + rest if rest else ""), encoding="utf-8")


def _add_checksums(folder: Path) -> None:
    sums = [f"{datapackage.file_sha256(folder / name)}  {name}" for name in sorted(p.name for p in folder.iterdir())]
    (folder / CHECKSUMS).write_text("\n".join(sums) + "\n", encoding="utf-8")


def _top_level_descriptor(repo: Repository, descriptor: dict, version: str) -> None:
    top = json.loads(json.dumps(descriptor))
    for resource in top["resources"]:
        resource["path"] = f"dataset/{version}/{resource['path']}"
    top["sources"] = [{**s, "path": s["path"]} for s in top["sources"]]
    datapackage.write_descriptor(top, repo.root / datapackage.DESCRIPTOR_NAME)


SCHEMA_ORG = "schemaorg.jsonld"


def write_schema_org(repo: Repository, entry: dict, descriptor: dict) -> None:
    """The schema.org Dataset file of the latest release, at the repository root."""
    from cmclaims.citation import schema_org

    text = json.dumps(schema_org(entry, descriptor), indent=2, ensure_ascii=False) + "\n"
    (repo.root / SCHEMA_ORG).write_text(text, encoding="utf-8")


def release(repo_root: Path, version: str, date: str, summary: str) -> Path:
    """Validate, freeze and register release ``version``; return its folder."""
    from cmclaims.build import build
    from cmclaims.validate import validate_dataset

    repo = Repository(Path(repo_root))
    index = read_index(repo)
    check_new_version(version, index, repo)
    scratch = Path(tempfile.mkdtemp(prefix=f".release-{version}-", dir=repo.dataset))
    try:
        candidate = build(repo.raw, scratch / version, version).out_dir
        check_rebuild_matches(repo, candidate)
        report = validate_dataset(candidate, repo.raw, frictionless="full")
        if not report.ok:
            raise CmclaimsError("the rebuilt dataset does not validate:\n" + "\n".join(report.problems))
        _add_checksums(candidate)
        target = repo.dataset / version
        candidate.rename(target)
    finally:
        shutil.rmtree(scratch)
    descriptor = datapackage.read_descriptor(target / datapackage.DESCRIPTOR_NAME)
    files = {p.name: datapackage.file_sha256(p) for p in sorted(target.iterdir())}
    index["releases"].append({
        "version": version,
        "date": date,
        "files": files,
        "descriptor_sha256": files[datapackage.DESCRIPTOR_NAME],
        "fingerprints": {r["name"]: r["fingerprint"] for r in descriptor["resources"]},
        "rows": {r["name"]: r["rows"] for r in descriptor["resources"]},
        "changes": summary.strip(),
    })
    repo.index.write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _top_level_descriptor(repo, descriptor, version)
    write_schema_org(repo, index["releases"][-1], descriptor)
    _changelog_entry(repo, version, date, summary)
    _set_version_in_files(repo, version, date)
    build(repo.raw, repo.working_build, version)
    return target
