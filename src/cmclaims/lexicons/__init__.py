"""Curated knowledge as data: cue words, patterns and the actor registry.

Each ``<name>.yaml`` file in this package is one lexicon, and ``schemas/<name>.schema.json`` (JSON Schema,
draft 2020-12) is the shape that its callers index: required keys, the types of values, no unknown keys,
non-empty words without stray spaces, regexes that compile with the named groups the code reads. A lexicon
that breaks its schema stops the build with the file, the line and the place in the document
(``cues.yaml:12: finite[3]: expected a string, got the boolean true``) instead of a ``KeyError`` or a silently
dropped word deep in an extractor, as spaCy checks its patterns before it matches them.

Shared shapes live in ``schemas/_defs.json``. Actor IDs and kinds, Wikidata items and figure qualifiers are
referred to in the tables' own schemas (``urn:cmclaims:table:<table>#/$defs/<field>``, derived from
``schema/<table>.schema.json``), so they are written once. References are resolved once, when a schema is
first used (looking each one up while validating made the check several times slower).

:func:`load_lexicon` reads, checks and caches a packaged lexicon once per process (the build loads them before
it forks its workers); :func:`read_lexicon` does the same for any file, uncached. PyYAML and jsonschema are
imported on first use, so ``import cmclaims`` and ``cmclaims.load`` never import them through this module;
jsonschema comes with the build extra, and without it the packaged lexicons are read unchecked.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmclaims.errors import InputError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_SCHEMAS = "schemas"
_DEFS = "_defs.json"
_MAX_PROBLEMS = 20
_PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*")
_TYPE_WORDS = {"string": "a string", "object": "a mapping (key: value)", "array": "a list", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "null"}
# Frictionless field types as JSON Schema types (dates are strings in a document).
_TABLE_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
                "array": "array", "date": "string"}


class LexiconError(InputError):
    """A lexicon that cannot be read as YAML or does not have the shape of its schema."""


@lru_cache(maxsize=1)
def lexicon_names() -> tuple[str, ...]:
    """The packaged lexicons, by file name without ``.yaml``."""
    return tuple(sorted(entry.name[:-5] for entry in resources.files(__name__).iterdir()
                        if entry.name.endswith(".yaml")))


@lru_cache(maxsize=1)
def schema_names() -> tuple[str, ...]:
    """The lexicons that have a schema, by its file name without ``.schema.json``."""
    return tuple(sorted(entry.name[:-12] for entry in resources.files(__name__).joinpath(_SCHEMAS).iterdir()
                        if entry.name.endswith(".schema.json")))


@cache
def load_lexicon(name: str) -> Any:
    """Parse and check the packaged ``<name>.yaml`` (cached: once per process; treat as read-only)."""
    source = resources.files(__name__).joinpath(f"{name}.yaml")
    if not source.is_file():
        raise LexiconError(str(source), f"no lexicon named {name!r}; the lexicons are: {', '.join(lexicon_names())}")
    return parse_lexicon(source.read_text(encoding="utf-8"), name, str(source), check=_can_check())


@lru_cache(maxsize=1)
def _can_check() -> bool:
    """Whether jsonschema (the build extra) is installed.

    Without it (a light install running ``cmclaims report``) the packaged lexicons are read unchecked: they are
    the files the test suite checked, and changing them takes a checkout, which has the extra.
    """
    from importlib.util import find_spec

    return find_spec("jsonschema") is not None


def read_lexicon(path: Path | str, name: str | None = None) -> Any:
    """Parse and check a lexicon file against the schema of ``name`` (by default the file's name less ``.yaml``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LexiconError(path, f"cannot be read as UTF-8 text: {error}") from None
    return parse_lexicon(text, name or path.name.removesuffix(".yaml"), str(path))


def parse_lexicon(text: str, name: str, source: str, check: bool = True) -> Any:
    """The YAML document ``text``, checked (unless ``check`` is false) against the schema of lexicon ``name``;
    errors name ``source``."""
    import yaml

    try:
        document = yaml.load(text, Loader=_strict_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = " ".join(filter(None, [getattr(error, "context", None), getattr(error, "problem", None)]))
        raise LexiconError(source, f"not valid YAML: {problem or error}",
                           mark.line + 1 if mark is not None else None) from None
    if check:
        check_lexicon(document, name, source, text)
    return document


def check_lexicon(document: Any, name: str, source: str, text: str | None = None) -> None:
    """Raise :class:`LexiconError` unless ``document`` has the shape of lexicon ``name``.

    Every problem is listed (up to twenty), one line each, with its line in ``text`` where that is given.
    """
    if name not in schema_names():
        raise LexiconError(source, f"no schema for a lexicon named {name!r} (schemas/{name}.schema.json); "
                                   f"the lexicons are: {', '.join(schema_names())}")
    errors = sorted(_validator(name).iter_errors(document), key=_document_order)
    if not errors:
        return
    tree = _compose(text)
    problems: list[tuple[int | None, str]] = []
    for error in errors:
        problem = _problem(error, tree)
        if problem not in problems:
            problems.append(problem)
    (line, first), rest = problems[0], problems[1:_MAX_PROBLEMS]
    lines = [first, *(f"{source}:{n}: {p}" if n else f"{source}: {p}" for n, p in rest)]
    if len(problems) > _MAX_PROBLEMS:
        lines.append(f"{source}: ... and {len(problems) - _MAX_PROBLEMS} more problems")
    raise LexiconError(source, "\n".join(lines), line)


def _document_order(error: ValidationError) -> list[tuple[int, Any]]:
    """Errors by their place: keys alphabetically, list items by index (``[2]`` before ``[10]``)."""
    return [(0, part) if isinstance(part, int) else (1, str(part)) for part in error.absolute_path]


# ---------------------------------------------------------------- schemas


def _read_schema(file_name: str) -> dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath(_SCHEMAS, file_name).read_text(encoding="utf-8"))


@cache
def _validator(name: str):
    """The validator of lexicon ``name``, built once, with its references resolved in place."""
    base, schema = f"urn:cmclaims:lexicon:{name}", _read_schema(f"{name}.schema.json")
    return _validator_class()(_inline(schema, base, {**_documents(), base: schema}))


@lru_cache(maxsize=1)
def _validator_class():
    """Draft 2020-12 plus this project's ``regex`` and ``unique_by`` keywords."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"regex": _regex_keyword, "unique_by": _unique_by_keyword})


def _regex_keyword(validator, spec: dict[str, Any], instance: Any, schema: dict[str, Any]) -> Iterable[ValidationError]:
    """``"regex": {"groups": [...], "min_groups": n}``: the string compiles as a Python regex with those groups."""
    from jsonschema.exceptions import ValidationError

    if not isinstance(instance, str):
        return
    try:
        compiled = re.compile(instance)
    except re.error as error:
        yield ValidationError(f"not a valid Python regular expression: {error}")
        return
    missing = [group for group in spec.get("groups", ()) if group not in compiled.groupindex]
    if missing:
        yield ValidationError(f"the regex lacks the named group(s) {', '.join(missing)} that the code reads")
    if compiled.groups < spec.get("min_groups", 0):
        yield ValidationError(f"the regex needs at least {spec['min_groups']} group(s); the code reads group 1")


def _unique_by_keyword(validator, key: str, instance: Any, schema: dict[str, Any]) -> Iterable[ValidationError]:
    """``"unique_by": "<key>"``: no two mappings of the list share a value of ``key`` (an actor listed twice)."""
    from jsonschema.exceptions import ValidationError

    if not isinstance(instance, list):
        return
    first: dict[Any, int] = {}
    for index, item in enumerate(instance):
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, str) and value in first:
            yield ValidationError(f"{value!r} is also the {key} of item [{first[value]}]", path=(index, key))
        elif isinstance(value, str):
            first[value] = index


@lru_cache(maxsize=1)
def _documents() -> dict[str, dict[str, Any]]:
    """The documents that lexicon schemas refer to, by URI: the shared definitions, and each table's fields."""
    from cmclaims._paths import schema_dir

    documents = {"urn:cmclaims:lexicon:defs": _read_schema(_DEFS)}
    for path in sorted(schema_dir().glob("*.schema.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        fields = {field["name"]: _field_schema(field) for field in table["fields"]}
        documents[f"urn:cmclaims:table:{path.name.removesuffix('.schema.json')}"] = {"$defs": fields}
    return documents


def _inline(schema: Any, base: str, documents: dict[str, dict[str, Any]]) -> Any:
    """``schema`` with each ``{"$ref": "<uri>#/<pointer>"}`` replaced by what it points at.

    The lexicon schemas refer only to definitions without cycles, so the result is finite; resolving once here
    makes validation several times faster than looking each reference up while validating.
    """
    if isinstance(schema, list):
        return [_inline(item, base, documents) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        uri, _, pointer = schema["$ref"].partition("#")
        uri = uri or base
        if uri not in documents:
            raise KeyError(f"{base}: unknown schema {uri!r} in $ref {schema['$ref']!r}")
        target: Any = documents[uri]
        for part in filter(None, pointer.split("/")):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        resolved = _inline(target, uri, documents)
        return {**rest, "allOf": [resolved]} if rest else resolved
    return {key: value if key in ("enum", "const") else _inline(value, base, documents)
            for key, value in schema.items() if key != "$defs"}


def _field_schema(field: dict[str, Any]) -> dict[str, Any]:
    """A Frictionless table field as JSON Schema: its type, enum and pattern; null allowed unless required."""
    constraints = field.get("constraints", {})
    required = bool(constraints.get("required"))
    json_type = _TABLE_TYPES.get(field["type"])
    schema: dict[str, Any] = {"description": field.get("description", field["name"])}
    if json_type:
        schema["type"] = json_type if required else [json_type, "null"]
    if "enum" in constraints:
        schema["enum"] = constraints["enum"] if required else [*constraints["enum"], None]
    if "pattern" in constraints:  # a Table Schema pattern matches the whole value ($ would allow a final newline)
        schema["pattern"] = f"^(?:{constraints['pattern']})(?![\\s\\S])"
    if required and json_type == "string":
        schema["minLength"] = 1
    return schema


@lru_cache(maxsize=1)
def _strict_loader():
    """YAML's safe loader (libyaml's where PyYAML has it) that refuses a key repeated in one mapping.

    PyYAML would keep the last value silently: a second ``Council:`` under ``org_heads`` would replace the first.
    """
    import yaml

    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node, deep=False):
            seen: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"key {key_node.value!r} repeats the one on line {seen[key] + 1}",
                            key_node.start_mark)
                    seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


# ---------------------------------------------------------------- messages


def _problem(error: ValidationError, tree: Any) -> tuple[int | None, str]:
    """The line (if known), and the place in the document, what is wrong there and the schema keyword."""
    error = _deepest(error)
    path = list(error.absolute_path)
    key = None
    if "propertyNames" in error.absolute_schema_path:
        key = error.instance
    elif error.validator == "additionalProperties" and error.validator_value is False:
        key = next(iter(_unknown_keys(error)), None)
    place = _place(path) + (f": key {key!r}" if key is not None and error.validator != "additionalProperties" else "")
    return _line_of(tree, path, key), f"{place}: {_message(error)} (rule: {error.validator})"


def _deepest(error: ValidationError) -> ValidationError:
    """For ``anyOf``, the error of the branch meant: not a bare ``{"type": "null"}``, nor one of another type."""
    from jsonschema.exceptions import best_match

    while error.context:
        branches = error.validator_value
        relevant = [e for e in error.context if branches[e.relative_schema_path[0]] != {"type": "null"}]
        relevant = relevant or error.context
        wrong_type = {e.relative_schema_path[0] for e in relevant if e.validator == "type" and not e.relative_path}
        error = best_match([e for e in relevant if e.relative_schema_path[0] not in wrong_type] or relevant)
    return error


def _place(path: Sequence[Any]) -> str:
    """``actors[3].aliases[0]``, ``state_bodies["armed forces"]``; "top level" for the document itself."""
    place = ""
    for part in path:
        if isinstance(part, int):
            place += f"[{part}]"
        elif isinstance(part, str) and _PLAIN_KEY.fullmatch(part):
            place += f".{part}" if place else part
        else:
            place += f"[{json.dumps(part) if isinstance(part, str) else part!r}]"
    return place or "top level"


def _unknown_keys(error: ValidationError) -> list[Any]:
    known = error.schema.get("properties", {})
    return [key for key in error.instance if key not in known]


def _message(error: ValidationError) -> str:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "type":
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in ([value] if isinstance(value, str) else value))
        return f"expected {wanted}, got {_describe(instance)}"
    if keyword == "required":
        missing = [key for key in value if key not in instance]
        return f"missing key(s) {', '.join(map(repr, missing))}"
    if keyword == "additionalProperties" and value is False:
        known = list(error.schema.get("properties", {}))
        hints = []
        for key in _unknown_keys(error):
            close = difflib.get_close_matches(str(key), known, n=1)
            hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return f"unknown key(s) {', '.join(hints)}; the keys read are: {', '.join(known)}"
    if keyword == "enum":
        return f"{instance!r} is not one of {', '.join(map(repr, value))}"
    if keyword == "pattern":
        described = error.schema.get("description")
        return f"{instance!r} does not match {value!r}" + (f": {described}" if described else "")
    if keyword in ("minItems", "minProperties"):
        return f"needs at least {value} entr{'y' if value == 1 else 'ies'}, has {len(instance)}"
    if keyword == "minLength":
        return "an empty string"
    if keyword == "minimum":
        return f"{instance!r} is less than {value}"
    return error.message


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return (f"the boolean {str(value).lower()} (YAML reads an unquoted yes, no, on, off, true or false as a "
                "boolean: quote the word)")
    if value is None:
        return "nothing (an empty value or null)"
    if isinstance(value, (int, float)):
        return f"the number {value!r} (quote it to keep it text)"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the {type(value).__name__} {value!s} (quote it to keep it text)"


def _compose(text: str | None) -> Any:
    """The YAML node tree of ``text`` (for line numbers), or None."""
    import yaml

    if text is None:
        return None
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


def _line_of(node: Any, path: Sequence[Any], key: Any = None) -> int | None:
    """The line where ``path`` is written in the node tree (the line of ``key`` in the mapping there, if given)."""
    import yaml

    constructor = yaml.constructor.SafeConstructor()
    steps = [*path, *([key] if key is not None else [])]
    for index, part in enumerate(steps):
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value
                     if isinstance(k, yaml.ScalarNode) and constructor.construct_object(k) == part]
            if not pairs:
                return None
            key_node, node = pairs[-1]
            if key is not None and index == len(steps) - 1:
                node = key_node
        else:
            return None
    return node.start_mark.line + 1 if isinstance(node, yaml.Node) else None
