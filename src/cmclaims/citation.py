"""The package's metadata and the citations of a release, from CITATION.cff and the release index.

CITATION.cff (shipped in the wheel as ``cmclaims/_data/CITATION.cff``) is
the one home of the dataset's title, description, licence, keywords and
authors: :func:`package_metadata` reads them for the Data Package
descriptor (:mod:`cmclaims.tabular.datapackage`) and the citations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cmclaims import _paths
from cmclaims.errors import CmclaimsError

STYLES = ("bibtex", "apa", "cff")
CITATION_FILE = "CITATION.cff"


@dataclass(frozen=True)
class PackageMetadata:
    """What CITATION.cff says of the dataset as a whole (its version and date belong to each release)."""

    title: str
    description: str
    licence: str
    """SPDX identifier."""
    keywords: tuple[str, ...]
    authors: tuple[str, ...]
    """Names as written, an organisation's ``name`` or a person's given and family names."""


def _citation_file() -> dict[str, Any]:
    import yaml

    path = _paths.data_root() / CITATION_FILE
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CmclaimsError(f"{path}: cannot be read as YAML ({type(error).__name__}: {error})") from None
    if not isinstance(cff, dict):
        raise CmclaimsError(f"{path}: not a CITATION.cff mapping")
    return cff


def _authors(cff: dict[str, Any]) -> list[str]:
    return [a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", ")
            for a in cff["authors"]]


def _string(cff: dict[str, Any], key: str) -> str:
    value = cff.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CmclaimsError(f"{_paths.data_root() / CITATION_FILE}: {key!r} must be a non-empty string")
    return value


def _strings(cff: dict[str, Any], key: str, item: Any = lambda value: value) -> tuple[str, ...]:
    values = cff.get(key)
    if not isinstance(values, list) or not values:
        raise CmclaimsError(f"{_paths.data_root() / CITATION_FILE}: {key!r} must be a non-empty list")
    items = tuple(item(value) for value in values)
    if not all(isinstance(value, str) and value.strip() for value in items):
        raise CmclaimsError(f"{_paths.data_root() / CITATION_FILE}: every entry of {key!r} must name something")
    return items


def _author_name(author: Any) -> str | None:
    if not isinstance(author, dict):
        return None
    return author.get("name") or " ".join(str(author[key]) for key in ("given-names", "family-names") if key in author)


def package_metadata() -> PackageMetadata:
    """Title, description (CFF's ``abstract``), licence, keywords and authors, as CITATION.cff states them."""
    cff = _citation_file()
    return PackageMetadata(
        title=_string(cff, "title"),
        description=_string(cff, "abstract"),
        licence=_string(cff, "license"),
        keywords=_strings(cff, "keywords"),
        authors=_strings(cff, "authors", _author_name),
    )


def render(style: str, release: dict[str, Any]) -> str:
    """The citation of ``release`` (an entry of the release index) in ``style``."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    cff = _citation_file()
    version, date = release["version"], release["date"]
    fingerprint = release.get("descriptor_sha256", "")
    if style == "cff":
        import yaml

        cff.update({"version": version, "date-released": date})
        if fingerprint:
            cff["identifiers"] = [{"type": "other", "value": f"sha256:{fingerprint}",
                                   "description": "SHA-256 of the release's datapackage.json"}]
        return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True)
    authors = _authors(cff)
    year = date[:4]
    if style == "apa":
        return f"{' & '.join(authors)} ({year}). {cff['title']} (Version {version}) [Data set]."
    key = f"cmclaims_{version.replace('.', '_')}"
    return "\n".join([
        f"@misc{{{key},",
        f"  author = {{{{{' and '.join(authors)}}}}},",
        f"  title = {{{{{cff['title']}}}}},",
        f"  year = {{{year}}},",
        f"  version = {{{version}}},",
        f"  note = {{Data set, release of {date}"
        + (f"; datapackage.json sha256 {fingerprint}" if fingerprint else "") + "},",
        f"  howpublished = {{Python package cmclaims {version}}}",
        "}",
    ])


def schema_org(release: dict[str, Any], descriptor: dict[str, Any]) -> dict[str, Any]:
    """A schema.org Dataset description of a release, for dataset search engines."""
    cff = _citation_file()
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": cff["title"],
        "description": descriptor["description"],
        "version": release["version"],
        "datePublished": release["date"],
        "creator": [{"@type": "Organization", "name": name} for name in _authors(cff)],
        "license": descriptor["licenses"][0]["path"],
        "keywords": descriptor["keywords"],
        "identifier": f"sha256:{release['descriptor_sha256']}",
        "isAccessibleForFree": True,
        "temporalCoverage": "2023-07/2023-08",
        "distribution": [
            {"@type": "DataDownload", "name": r["name"], "encodingFormat": r["mediatype"],
             "contentUrl": f"dataset/{release['version']}/{r['path']}", "sha256": r["hash"].removeprefix("sha256:")}
            for r in descriptor["resources"]
        ],
    }
