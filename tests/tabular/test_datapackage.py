"""The descriptor's title, description, licence, keywords and contributors come from CITATION.cff, their one home."""

from __future__ import annotations

import json
import tomllib

import pytest
import yaml
from conftest import REPO

from cmclaims import _paths
from cmclaims.citation import package_metadata
from cmclaims.errors import CmclaimsError
from cmclaims.tabular import datapackage

CFF = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def _metadata_fields(descriptor: dict) -> dict:
    return {key: descriptor[key] for key in ("title", "description", "keywords", "contributors")} | {
        "licences": [licence["name"] for licence in descriptor["licenses"]]}


def _cff_fields(cff: dict) -> dict:
    return {"title": cff["title"], "description": cff["abstract"], "keywords": cff["keywords"],
            "contributors": [{"title": author["name"], "roles": ["creator"]} for author in cff["authors"]],
            "licences": [cff["license"]]}


@pytest.mark.parametrize("path", ["datapackage.json", "dataset/build/datapackage.json"])
def test_committed_descriptors_say_what_citation_cff_says(path):
    assert _metadata_fields(json.loads((REPO / path).read_text(encoding="utf-8"))) == _cff_fields(CFF)


def test_the_descriptor_follows_an_edited_citation_file(tmp_path, monkeypatch):
    edited = {**CFF, "title": "Another title", "abstract": "Another description.", "keywords": ["one", "two"],
              "authors": [{"name": "A team"}, {"given-names": "Ada", "family-names": "Lovelace"}]}
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(edited), encoding="utf-8")
    monkeypatch.setattr(_paths, "data_root", lambda: tmp_path)
    descriptor = datapackage.package("9.9.9", "2023-07-08", [], [])
    assert descriptor["title"] == "Another title" and descriptor["description"] == "Another description."
    assert descriptor["keywords"] == ["one", "two"]
    assert descriptor["contributors"] == [{"title": "A team", "roles": ["creator"]},
                                          {"title": "Ada Lovelace", "roles": ["creator"]}]
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                       "title": "Creative Commons Attribution 4.0"}]


@pytest.mark.parametrize(("change", "message"), [
    ({"license": "WTFPL"}, "licence 'WTFPL' is not one of CC-BY-4.0"),
    ({"abstract": None}, "'abstract' must be a non-empty string"),
    ({"keywords": []}, "'keywords' must be a non-empty list"),
    ({"authors": [{"affiliation": "nobody"}]}, "every entry of 'authors' must name something"),
])
def test_an_unusable_citation_file_is_a_clear_error(tmp_path, monkeypatch, change, message):
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump({**CFF, **change}), encoding="utf-8")
    monkeypatch.setattr(_paths, "data_root", lambda: tmp_path)
    with pytest.raises(CmclaimsError, match="CITATION.cff") as caught:
        datapackage.package("9.9.9", "2023-07-08", [], [])
    assert message in str(caught.value)


def test_the_python_package_names_the_same_authors_and_keywords():
    """pyproject.toml's static metadata (the software's; its licence is the code's) agrees with CITATION.cff."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    metadata = package_metadata()
    assert tuple(author["name"] for author in project["authors"]) == metadata.authors
    assert set(metadata.keywords) <= set(project["keywords"])
