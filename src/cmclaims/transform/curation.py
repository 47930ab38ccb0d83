"""Reviewed corrections to what the rules extract, kept as data beside the raw texts.

A curation file ``raw/curations/<source_id>.yaml`` holds a list of entries::

    - table: claims              # claims | figures | actor_mentions
      action: fix                # add | drop | fix
      char_start: 1047
      char_end: 1088
      text: "Our military analysts"   # must equal raw[char_start:char_end]
      set: {speaker_id: laura-cooper}
      reason: The rule stops at the first pronoun; the speaker is Cooper.

and ``raw/curations/actors.yaml`` entries ``{table: actors, action: fix,
actor_id: ..., set: {...}, reason: ...}`` amend the registry (e.g. a
Wikidata ID). Every entry needs a one-line reason and must point at real
text; otherwise the build stops with the file and entry number. Rows a
curation adds or fixes carry ``curation:<file>#<entry>`` as provenance.
Curations only apply to the repository's corpus: a build of another folder
(``--raw-dir``) reads that folder's curations, if it has any.

Cross-source groups are curated on their rows: ``set: {claim_group_id: cg-...}``
(or ``figure_group_id``) puts a row into that group (merge), ``""`` takes it
out of every group (split); curated IDs win over computed ones
(:func:`cmclaims.link.groups.with_curated`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import pandas as pd

from cmclaims.errors import InputError

CURATION_DIR = "curations"
ROW_TABLES = ("actor_mentions", "claims", "figures")
ACTIONS = ("add", "drop", "fix")
EDITABLE = {
    "actor_mentions": {"actor_id"},
    "claims": {"kind", "speaker_id", "speaker_text", "cue", "claim_group_id"},
    "figures": {"value", "value_high", "qualifier", "unit", "measure", "figure_group_id"},
    "actors": {"name", "kind", "role", "affiliation_id", "wikidata_id", "aliases"},
}


@dataclass(frozen=True)
class Curation:
    """One reviewed correction, with where it was written."""

    origin: str
    table: str
    action: str
    reason: str
    source_id: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    actor_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _entry(path: Path, index: int, entry: Any, article: Callable[[], str | None], origin: str) -> Curation:
    def fail(problem: str) -> InputError:
        return InputError(path, f"entry {index}: {problem}")

    if not isinstance(entry, dict):
        raise fail("must be a mapping")
    table, action, reason = entry.get("table"), entry.get("action"), entry.get("reason")
    if table not in (*ROW_TABLES, "actors"):
        raise fail(f"table must be one of {', '.join((*ROW_TABLES, 'actors'))}, not {table!r}")
    if action not in ACTIONS or (table == "actors" and action != "fix"):
        raise fail(f"action {action!r} is not allowed for {table}")
    if not isinstance(reason, str) or not reason.strip():
        raise fail("needs a one-line reason")
    values = entry.get("set") or {}
    if not isinstance(values, dict) or not set(values) <= EDITABLE[table]:
        raise fail(f"set may only change {', '.join(sorted(EDITABLE[table]))}")
    if table == "actors":
        if not isinstance(entry.get("actor_id"), str):
            raise fail("needs actor_id")
        return Curation(origin, table, action, reason.strip(), actor_id=entry["actor_id"], values=values)
    source_id, raw = path.stem, article()
    if raw is None:
        raise InputError(path, f"names no article of the corpus (no raw file {source_id}.txt)")
    start, end, text = entry.get("char_start"), entry.get("char_end"), entry.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        raise fail("char_start and char_end must be integers with 0 <= char_start < char_end")
    if raw[start:end] != text:
        raise fail(f"text {text!r} is not at {start}:{end} of {source_id} (found {raw[start:end]!r})")
    return Curation(origin, table, action, reason.strip(), source_id, start, end, values=values)


def read_curations(raw_dir: Path, texts: Mapping[str, str]) -> list[Curation]:
    """Every curation under ``raw_dir/curations``, checked against the raw texts.

    ``texts`` maps source_id to raw text; it is only read for the articles
    that have a curation file, once per file (a lazy mapping reads and hashes the article on every look-up).
    """
    import yaml

    folder = Path(raw_dir) / CURATION_DIR
    curations = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise InputError(path, f"not valid YAML: {error}") from None
        if not isinstance(entries, list):
            raise InputError(path, "must be a list of entries")
        article = cache(partial(texts.get, path.stem))
        for index, entry in enumerate(entries, start=1):
            origin = f"curation:{CURATION_DIR}/{path.name}#{index}"
            curations.append(_entry(path, index, entry, article, origin))
    return curations


def apply_to_rows(rows: pd.DataFrame, table: str, curations: list[Curation], texts: Mapping[str, str]) -> pd.DataFrame:
    """Rows of one table with its curations applied; curated rows say so in provenance."""
    rows = rows.copy()
    if "provenance" not in rows:
        rows["provenance"] = "rule:" + rows["rule"]
    for curation in (c for c in curations if c.table == table):
        at = (rows["source_id"] == curation.source_id) & (rows["char_start"] == curation.char_start) & (
            rows["char_end"] == curation.char_end
        )
        if curation.action == "add":
            if at.any():
                raise InputError(curation.origin, f"adds a {table} row that the rules already produce")
            new = {"source_id": curation.source_id, "char_start": curation.char_start, "char_end": curation.char_end,
                   "text": texts[curation.source_id][curation.char_start:curation.char_end],
                   "rule": "curation", "provenance": curation.origin, **curation.values}
            rows = pd.concat([rows, pd.DataFrame([new])], ignore_index=True)
            continue
        if not at.any():
            span = f"{curation.char_start}:{curation.char_end}"
            raise InputError(curation.origin, f"no {table} row at {span} to {curation.action}")
        if curation.action == "drop":
            rows = rows[~at].reset_index(drop=True)
        else:
            for column, value in curation.values.items():
                rows.loc[at, column] = value
            rows.loc[at, "provenance"] = curation.origin
    return rows


def apply_to_actors(records: dict[str, dict[str, Any]], curations: list[Curation]) -> dict[str, dict[str, Any]]:
    """Actor records with the registry amendments applied."""
    records = {actor_id: dict(record) for actor_id, record in records.items()}
    for curation in (c for c in curations if c.table == "actors"):
        if curation.actor_id not in records:
            raise InputError(curation.origin, f"no actor {curation.actor_id!r} in the registry")
        records[curation.actor_id].update(curation.values)
    return records
