"""Citations of a release, rendered from CITATION.cff and the release index."""

from __future__ import annotations

from typing import Any

from cmclaims import _paths

STYLES = ("bibtex", "apa", "cff")


def _citation_file() -> dict[str, Any]:
    import yaml

    return yaml.safe_load((_paths.data_root() / "CITATION.cff").read_text(encoding="utf-8"))


def _authors(cff: dict[str, Any]) -> list[str]:
    return [a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", ") for a in cff["authors"]]


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
        f"  note = {{Data set, release of {date}" + (f"; datapackage.json sha256 {fingerprint}" if fingerprint else "") + "},",
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
