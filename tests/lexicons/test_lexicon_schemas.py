"""The lexicons' schemas: every shipped lexicon has one and passes it; broken documents are refused by name.

Each broken document is hand-made (a small text, or the shipped lexicon with one slip put in) and written to a
temporary file, so the refusals are those a curator would meet; the messages must name the file, the line where
there is one, the place in the document and what is wrong.
"""

from __future__ import annotations

import copy
import json
import pickle
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cmclaims import lexicons
from cmclaims.errors import CmclaimsError, InputError
from cmclaims.lexicons import LexiconError, check_lexicon, load_lexicon, read_lexicon

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = resources.files(lexicons).joinpath("schemas")


def packaged(name: str) -> Path:
    return Path(str(resources.files(lexicons).joinpath(f"{name}.yaml")))


def refused(tmp_path: Path, name: str, text: str) -> str:
    """The message with which ``text``, as lexicon ``name``, is refused."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        read_lexicon(path)
    message = str(caught.value)
    assert message.startswith(f"{path}"), message
    return message


def dumped(document: object) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line where ``fragment`` first occurs."""
    return text[:text.index(fragment)].count("\n") + 1


# ---------------------------------------------------------------- the shipped lexicons


def test_every_lexicon_has_a_schema_and_every_schema_a_lexicon():
    assert lexicons.lexicon_names() == lexicons.schema_names()
    assert set(lexicons.lexicon_names()) == {
        "actor_cues", "actors", "cues", "figures", "groups", "layout", "sentences"}


@pytest.mark.parametrize("name", lexicons.lexicon_names())
def test_shipped_lexicon_passes_its_schema(name):
    assert read_lexicon(packaged(name)) == load_lexicon(name)


@pytest.mark.parametrize("name", lexicons.schema_names())
def test_schema_is_a_valid_draft_2020_12_schema(name):
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMAS.joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:cmclaims:lexicon:{name}" and schema["title"] == f"{name}.yaml"
    assert schema["additionalProperties"] is False and set(schema["required"]) == set(schema["properties"])


def test_every_reference_resolves_and_the_tables_fields_are_the_tables():
    """Kinds, actor IDs, Wikidata items and qualifiers come from schema/, so they cannot drift apart."""
    for name in lexicons.schema_names():
        assert "$ref" not in json.dumps(lexicons._validator(name).schema)
    table = json.loads((REPO / "schema" / "actors.schema.json").read_text(encoding="utf-8"))
    kinds = next(f for f in table["fields"] if f["name"] == "kind")["constraints"]["enum"]
    entry = {"actor_id": "jane-doe", "name": "Jane Doe", "role": None, "affiliation_id": None, "wikidata_id": None,
             "aliases": ["Doe"]}
    for kind in kinds:
        check_lexicon({"actors": [{**entry, "kind": kind}]}, "actors", "actors.yaml")
    with pytest.raises(LexiconError, match="'people' is not one of 'person'"):
        check_lexicon({"actors": [{**entry, "kind": "people"}]}, "actors", "actors.yaml")
    figures = json.loads((REPO / "schema" / "figures.schema.json").read_text(encoding="utf-8"))
    qualifiers = next(f for f in figures["fields"] if f["name"] == "qualifier")["constraints"]["enum"]
    document = copy.deepcopy(load_lexicon("figures"))
    document["postfix_qualifiers"] = {f"or {q}": q for q in qualifiers}
    check_lexicon(document, "figures", "figures.yaml")


def test_the_actor_ids_that_lexicons_name_are_in_the_registry():
    """What a schema cannot see across files: the IDs that the cue lexicons name, and the registry's own links."""
    from cmclaims.ids import slugify

    actors = load_lexicon("actors")["actors"]
    kinds = {actor["actor_id"]: actor["kind"] for actor in actors}
    assert all(actor["actor_id"] == slugify(actor["name"]) for actor in actors)
    assert {a["affiliation_id"] for a in actors if a["affiliation_id"]} <= set(kinds)
    cues, actor_cues = load_lexicon("cues"), load_lexicon("actor_cues")
    countries = [*actor_cues["demonyms"].values(), *actor_cues["collective_demonyms"].values(),
                 *actor_cues["body_name_prefix"], *actor_cues["bare_body_exclude"], *cues["demonyms"].values()]
    assert {kinds.get(country) for country in countries} == {"country"}
    named = [*actor_cues["short_forms"].values(), *cues["generic_speakers"].values()]
    assert {actor_id for actor_id in named if actor_id} <= set(kinds)
    assert set(actor_cues["bare_state_bodies"].values()) <= set(actor_cues["state_bodies"].values())


def test_loaded_once_per_process():
    assert load_lexicon("cues") is load_lexicon("cues")
    assert lexicons._validator("cues") is lexicons._validator("cues")


def test_import_and_load_do_not_import_jsonschema():
    code = ("import sys, cmclaims as cm, cmclaims.lexicons; cm.load('claims');"
            "print(sorted(m for m in ('jsonschema', 'referencing', 'yaml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert "jsonschema" not in done.stdout and "referencing" not in done.stdout


def test_without_the_build_extra_the_packaged_lexicons_are_read_unchecked():
    """``cmclaims report`` on a light install reads the layout lexicon; jsonschema comes only with the build extra."""
    code = ("import sys, importlib.util as u; spec = u.find_spec; sys.modules['jsonschema'] = None\n"
            "u.find_spec = lambda name, *a: None if name == 'jsonschema' else spec(name, *a)\n"
            "from cmclaims.lexicons import load_lexicon, read_lexicon, lexicon_names\n"
            "print(all(load_lexicon(n) for n in lexicon_names()))\n"
            "try:\n    read_lexicon(sys.argv[1])\nexcept ModuleNotFoundError as e:\n    print(e.name)\n")
    done = subprocess.run([sys.executable, "-c", code, str(packaged("groups"))], capture_output=True, text=True,
                          check=True, cwd=REPO)
    assert done.stdout.split() == ["True", "jsonschema"], done


# ---------------------------------------------------------------- broken documents, one lexicon at a time


@pytest.mark.parametrize(("name", "text", "expected"), [
    pytest.param("sentences", "abbreviations:\n  - Mr.\n  - Gen\n  - 3\n", [
        "sentences.yaml:3: abbreviations[1]: 'Gen' does not match",
        "one token ending in a period",
        "sentences.yaml:4: abbreviations[2]: expected a string, got the number 3",
    ], id="sentences: an abbreviation without its period"),
    pytest.param("groups", "stop_words:\n  - the\n  - off\nsynonyms:\n  ban: [banned, Outlaw]\n", [
        "groups.yaml:3: stop_words[1]: expected a string, got the boolean false",
        "quote the word",
        "groups.yaml:5: synonyms.ban[1]: 'Outlaw' does not match '^[^A-Z]*$': in lower case",
    ], id="groups: an unquoted off and capitals"),
])
def test_a_small_document_is_refused_with_every_problem_named(tmp_path, name, text, expected):
    message = refused(tmp_path, name, text)
    for fragment in expected:
        assert fragment in message


def test_cues_refuses_a_boolean_a_missing_list_and_a_broken_regex(tmp_path):
    document = copy.deepcopy(load_lexicon("cues"))
    document["finite"][3] = True
    del document["naming"]
    document["anonymous"].append("sources? (close")
    text = dumped(document)
    message = refused(tmp_path, "cues", text)
    first = message.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'cues.yaml'}:"), first  # the first problem carries its line
    assert "anonymous[" in message and "not a valid Python regular expression: missing )" in message
    assert f"cues.yaml:{line_of(text, 'finite:') + 4}: finite[3]: expected a string, got the boolean true" in message
    assert "top level: missing key(s) 'naming' (rule: required)" in message


def test_cues_refuses_an_empty_word_list_and_an_unknown_pronoun_category(tmp_path):
    document = copy.deepcopy(load_lexicon("cues"))
    document["weak"] = []
    document["pronouns"]["people"] = ["they"]
    message = refused(tmp_path, "cues", dumped(document))
    assert "weak: needs at least 1 entry, has 0 (rule: minItems)" in message
    assert "pronouns: unknown key(s) 'people'; the keys read are: person, thing, plural" in message


def test_actor_cues_refuses_an_unknown_kind_and_a_misspelt_key(tmp_path):
    document = copy.deepcopy(load_lexicon("actor_cues"))
    document["body_patterns"][0]["kind"] = "company"
    document["descriptions"]["embassy"] = {"word": ["Embassy"]}
    document["org_heads"]["Institute "] = "organization"
    text = dumped(document)
    message = refused(tmp_path, "actor_cues", text)
    EMBASSY_WORD = "embassy:\n    word:"
    assert "body_patterns[0].kind: 'company' is not one of 'person', 'organization'" in message
    assert (f"actor_cues.yaml:{line_of(text, EMBASSY_WORD) + 1}: descriptions.embassy: unknown key(s) 'word' "
            "(did you mean 'words'?)") in message
    assert "org_heads: key 'Institute ': 'Institute ' does not match" in message


def test_actors_refuses_a_role_cut_at_its_comma(tmp_path):
    """In a flow mapping an unquoted comma ends the value: the rest of the role becomes a key of its own."""
    shipped = packaged("actors").read_text(encoding="utf-8")
    text = shipped.rstrip("\n") + (
        "\n  - {actor_id: jane-doe, name: Jane Doe, kind: person, role: Minister for Trade, Industry and Energy,"
        "\n     affiliation_id: null, wikidata_id: null, aliases: [Jane Doe]}\n")
    message = refused(tmp_path, "actors", text)
    count = len(load_lexicon("actors")["actors"])
    assert (f"actors.yaml:{line_of(text, 'jane-doe')}: actors[{count}]: unknown key(s) 'Industry and Energy'"
            in message)


def test_actors_refuses_a_bad_id_kind_and_wikidata_item(tmp_path):
    text = ("actors:\n"
            "  - {actor_id: Jane Doe, name: Jane Doe, kind: people, role: null, affiliation_id: null,\n"
            "     wikidata_id: 42, aliases: [Doe]}\n")
    message = refused(tmp_path, "actors", text)
    assert "actors.yaml:2: actors[0].actor_id: 'Jane Doe' does not match" in message
    assert "Slug of the canonical name" in message
    assert "actors[0].kind: 'people' is not one of" in message
    assert "actors[0].wikidata_id: expected a string or null, got the number 42" in message


def test_actors_refuses_an_actor_listed_twice(tmp_path):
    text = ("actors:\n"
            "  - {actor_id: jane-doe, name: Jane Doe, kind: person, role: null, affiliation_id: null,\n"
            "     wikidata_id: null, aliases: [Doe]}\n"
            "  - {actor_id: jane-doe, name: Jane Doe, kind: person, role: Minister, affiliation_id: null,\n"
            "     wikidata_id: Q1, aliases: [Jane Doe]}\n")
    message = refused(tmp_path, "actors", text)
    assert "actors.yaml:4: actors[1].actor_id: 'jane-doe' is also the actor_id of item [0] (rule: unique_by)" in message


def test_figures_refuses_a_zero_denominator_an_unknown_qualifier_and_a_short_pair(tmp_path):
    document = copy.deepcopy(load_lexicon("figures"))
    document["fractions"]["third"] = 0
    document["qualifiers"]["roughly"] = ["roughly"]
    document["minor_currency_units"]["pence"] = ["GBP"]
    document["currency_words"]["dollars"] = "dollar"
    message = refused(tmp_path, "figures", dumped(document))
    assert "fractions.third: 0 is less than 2 (rule: minimum)" in message
    assert "qualifiers: key 'roughly': 'roughly' is not one of 'exact', 'approximately'" in message
    assert "minor_currency_units.pence: needs at least 2 entries, has 1 (rule: minItems)" in message
    assert "currency_words.dollars: 'dollar' does not match" in message and "three-letter currency code" in message


def test_layout_refuses_a_regex_without_the_groups_the_code_reads(tmp_path):
    document = copy.deepcopy(load_lexicon("layout"))
    document["outlet_phrases"].append({"needs": ["verify"], "pattern": r"(\w+) could not verify"})
    document["date_header"] = r"^\s*date\s+\d{4}-\d{2}-\d{2}"
    document["end_markers"].append({"needs": ["Reporting"], "pattern": "^reporting by"})
    document["end_markers"].append("^(?:copyright")
    message = refused(tmp_path, "layout", dumped(document))
    count = len(load_lexicon("layout")["outlet_phrases"])
    assert f"outlet_phrases[{count}].pattern: the regex lacks the named group(s) outlet that the code reads" in message
    assert "date_header: the regex needs at least 1 group(s)" in message
    assert "needs[0]: 'Reporting' does not match '^[^A-Z]*$'" in message
    assert "not a valid Python regular expression" in message


# ---------------------------------------------------------------- files that are not documents


def test_invalid_yaml_names_file_and_line(tmp_path):
    message = refused(tmp_path, "sentences", "abbreviations:\n  - Mr.\n  - [Dr.\n")
    assert re.match(rf"{re.escape(str(tmp_path / 'sentences.yaml'))}:\d+: not valid YAML", message), message


def test_a_repeated_key_is_refused_not_silently_replaced(tmp_path):
    message = refused(tmp_path, "groups", "stop_words: [the]\nsynonyms:\n  ban: [banned]\n  ban: [bans]\n")
    assert "groups.yaml:4: not valid YAML" in message and "key 'ban' repeats the one on line 3" in message


def test_an_empty_file_and_a_list_are_refused(tmp_path):
    assert "top level: expected a mapping (key: value), got nothing" in refused(tmp_path, "groups", "")
    assert "top level: expected a mapping (key: value), got a list" in refused(tmp_path, "groups", "- the\n")


def test_unknown_lexicon_and_unreadable_file(tmp_path):
    path = tmp_path / "colours.yaml"
    path.write_text("red: 1\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="no schema for a lexicon named 'colours'"):
        read_lexicon(path)
    with pytest.raises(LexiconError, match="cannot be read as UTF-8 text"):
        read_lexicon(tmp_path / "missing.yaml", "groups")
    (tmp_path / "groups.yaml").write_bytes(b"stop_words: [\xff]\n")
    with pytest.raises(LexiconError, match="cannot be read as UTF-8 text"):
        read_lexicon(tmp_path / "groups.yaml")
    with pytest.raises(LexiconError, match="no lexicon named 'colours'"):
        load_lexicon("colours")


def test_many_problems_are_listed_one_per_line_up_to_twenty(tmp_path):
    text = "stop_words:\n" + "".join(f"  - {n}\n" for n in range(30)) + "synonyms: {ban: [banned]}\n"
    lines = refused(tmp_path, "groups", text).splitlines()
    assert len(lines) == 21 and lines[-1].endswith("... and 10 more problems")
    assert all(line.startswith(str(tmp_path / "groups.yaml")) for line in lines)


def test_the_error_is_an_input_error_that_crosses_processes():
    error = LexiconError("cues.yaml", "finite[3]: expected a string", 12)
    assert isinstance(error, InputError) and isinstance(error, CmclaimsError)
    copied = pickle.loads(pickle.dumps(error))
    assert type(copied) is LexiconError and str(copied) == str(error) == "cues.yaml:12: finite[3]: expected a string"


# ---------------------------------------------------------------- properties of the shared rules


def accepts(definition: str, value: object) -> bool:
    """Whether a shared definition of ``schemas/_defs.json`` accepts ``value``."""
    schema = lexicons._inline({"$ref": f"urn:cmclaims:lexicon:defs#/$defs/{definition}"}, "", lexicons._documents())
    return lexicons._validator_class()(schema).is_valid(value)


@given(st.text(max_size=12))
def test_a_phrase_is_non_empty_one_line_and_trimmed(word):
    assert accepts("phrase", word) == (word != "" and word == word.strip() and "\n" not in word)


@given(st.text(max_size=12))
def test_a_lower_phrase_is_a_phrase_without_capitals_a_to_z(word):
    assert accepts("lower_phrase", word) == (accepts("phrase", word) and not re.search("[A-Z]", word))


@given(st.text(max_size=12))
def test_an_abbreviation_is_one_token_ending_in_a_period(word):
    accepted = check_lexicon_accepts({"abbreviations": [word]}, "sentences")
    assert accepted == (len(word) > 1 and word.endswith(".") and not any(c.isspace() for c in word))


@given(st.one_of(st.text(max_size=5), st.text("ABCDEUSX\n", max_size=5)))
def test_a_currency_is_exactly_three_capitals(code):
    assert accepts("currency", code) == (re.fullmatch("[A-Z]{3}", code) is not None)


@given(st.text(max_size=20))
def test_the_regex_keyword_accepts_exactly_what_python_compiles(pattern):
    try:
        re.compile(pattern)
        compiles = True
    except re.error:
        compiles = False
    assert accepts("regex", pattern) == (compiles and pattern != "")


def check_lexicon_accepts(document: object, name: str) -> bool:
    try:
        check_lexicon(document, name, f"{name}.yaml")
    except LexiconError:
        return False
    return True
