"""The Frictionless Data Package (v2) descriptor of a built or released dataset.

``created`` is taken from the data (the latest publication date among the
sources), not from the clock, so that rebuilding gives identical bytes. The
title, description, licence, keywords and contributors come from
CITATION.cff (:func:`cmclaims.citation.package_metadata`), their one home.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cmclaims.citation import package_metadata
from cmclaims.errors import CmclaimsError
from cmclaims.integrity import sha256_of
from cmclaims.tabular import definitions

PACKAGE_NAME = "cmclaims"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DESCRIPTOR_NAME = "datapackage.json"

LICENCE_TEXTS = {
    "CC-BY-4.0": {"path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"},
}
"""Where the text of each SPDX licence CITATION.cff may name lies, and its title, for the descriptor's ``licenses``."""
AUTHOR_ROLES = ["creator"]
"""The Data Package role of every author CITATION.cff names."""


def licenses() -> list[dict[str, str]]:
    """The descriptor's ``licenses``: the one CITATION.cff names."""
    licence = package_metadata().licence
    if licence not in LICENCE_TEXTS:
        raise CmclaimsError(f"CITATION.cff: licence {licence!r} is not one of {', '.join(LICENCE_TEXTS)}; "
                            "add its text's address and title to cmclaims.tabular.datapackage.LICENCE_TEXTS")
    return [{"name": licence, **LICENCE_TEXTS[licence]}]


def resource(table: str, path: Path, relative_path: str, fingerprint: str, rows: int) -> dict[str, Any]:
    """The descriptor of one Parquet table, its schema copied from ``schema/``.

    No ``bytes`` property: Frictionless 5 cannot count a Parquet file's bytes
    and reports every such resource invalid. The SHA-256 ``hash`` (which
    Frictionless does not check for Parquet; :mod:`cmclaims.quality.validate` does)
    pins the exact file, and ``fingerprint`` its content.
    """
    descriptor = definitions.table_schema(table)
    description = descriptor.pop("description", "")
    return {
        "name": table,
        "type": "table",
        "path": relative_path,
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "encoding": "utf-8",
        "hash": "sha256:" + sha256_of(path),
        "description": description,
        "schema": descriptor,
        "rows": rows,
        "fingerprint": fingerprint,
    }


def package(version: str, created: str, sources: list[dict[str, Any]],
            resources: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole descriptor: the package's metadata from CITATION.cff, this version's sources and tables."""
    metadata = package_metadata()
    return {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "id": f"{PACKAGE_NAME}-{version}",
        "version": version,
        "title": metadata.title,
        "description": metadata.description,
        "licenses": licenses(),
        "contributors": [{"title": author, "roles": list(AUTHOR_ROLES)} for author in metadata.authors],
        "created": created,
        "keywords": list(metadata.keywords),
        "sources": sources,
        "resources": resources,
    }


def write_descriptor(descriptor: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_descriptor(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
