"""The Frictionless Data Package (v2) descriptor of a built or released dataset.

``created`` is taken from the data (the latest publication date among the
sources), not from the clock, so that rebuilding gives identical bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cmclaims.tabular import definitions

PACKAGE_NAME = "cmclaims"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DESCRIPTOR_NAME = "datapackage.json"

TITLE = "cmclaims: claims, actors and figures in news coverage of the July 2023 US cluster-munitions decision"
DESCRIPTION = (
    "Attributed statements (claims), the actors who make them or are named, and the numeric figures "
    "stated in news and opinion articles about the United States' July 2023 decision to send cluster "
    "munitions to Ukraine. Every extracted row points at its characters in the unchanged raw text "
    "(source_id, char_start, char_end, text == raw[char_start:char_end])."
)
LICENSES = [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}]
CONTRIBUTORS = [{"title": "cmclaims contributors", "roles": ["creator"]}]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
        "hash": "sha256:" + file_sha256(path),
        "description": description,
        "schema": descriptor,
        "rows": rows,
        "fingerprint": fingerprint,
    }


def package(version: str, created: str, sources: list[dict[str, Any]], resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "id": f"cmclaims-{version}",
        "version": version,
        "title": TITLE,
        "description": DESCRIPTION,
        "licenses": LICENSES,
        "contributors": CONTRIBUTORS,
        "created": created,
        "keywords": ["news", "claims", "quotations", "cluster munitions", "Ukraine", "provenance"],
        "sources": sources,
        "resources": resources,
    }


def write_descriptor(descriptor: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_descriptor(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
