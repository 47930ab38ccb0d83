"""The curated actor registry, and the matcher of every surface form it and the actor cues list.

:class:`Registry` is a read-only mapping of actor records (``lexicons/actors.yaml``, plus actors discovered by
rule when added with :meth:`Registry.with_discovered`); mention finding (:mod:`cmclaims.extract.actors.mentions`),
name discovery (:mod:`cmclaims.extract.actors.names`) and context rules (:mod:`cmclaims.extract.actors.context`)
all read it, so it lives apart from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any

from cmclaims.extract.actors.cues import Cues, load_cues, surface_key
from cmclaims.ids import slugify
from cmclaims.lexicons import load_lexicon
from cmclaims.tabular.records import DiscoveredActor
from cmclaims.text.patterns import by_first_character


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern[str]
    entries: Mapping[str, tuple[str, str | None]]  # surface key -> (category, actor or country id)
    body_patterns: tuple[tuple[str, bool], ...]  # (kind, affiliated to its first word) of groups p0, p1, ...
    exact_case: frozenset[str]  # actors whose names are ordinary words


@dataclass(frozen=True, eq=False)
class Registry(Mapping[str, Mapping[str, Any]]):
    """Actor records by actor_id (curated ones, plus discovered ones if added); a read-only mapping."""

    records: Mapping[str, Mapping[str, Any]]

    def __getitem__(self, actor_id: str) -> Mapping[str, Any]:
        return self.records[actor_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def kind(self, actor_id: str) -> str | None:
        record = self.records.get(actor_id)
        return record["kind"] if record else None

    def name(self, actor_id: str) -> str | None:
        record = self.records.get(actor_id)
        return record["name"] if record else None

    def country_of(self, actor_id: str | None) -> str | None:
        """The country an actor is, or belongs to through its affiliations."""
        seen: set[str] = set()
        while actor_id and actor_id not in seen and actor_id in self.records:
            if self.records[actor_id]["kind"] == "country":
                return actor_id
            seen.add(actor_id)
            actor_id = self.records[actor_id].get("affiliation_id")
        return None

    def actor_for_name(self, name: str) -> str | None:
        """The registry actor that ``name`` is an alias of, or whose ID it slugs to."""
        category, value = self.matcher.entries.get(surface_key(name), (None, None))
        if category == "actor":
            return value
        return slugify(name) if slugify(name) in self.records else None

    def with_discovered(self, discovered: Iterable[DiscoveredActor]) -> Registry:
        """This registry plus actors found by rules (registry entries win)."""
        records = dict(self.records)
        for actor in discovered:
            if actor.actor_id not in records:
                records[actor.actor_id] = MappingProxyType(actor.as_record())
        return Registry(MappingProxyType(records))

    @cached_property
    def matcher(self) -> Matcher:
        return _build_matcher(self.records, load_cues())

    @cached_property
    def surface_hits(self) -> Mapping[str, tuple[str, str | None, str | None, bool]]:
        """Per surface key of the matcher: the role, actor and country that a match of it names (see
        :mod:`cmclaims.extract.actors.mentions`), and
        whether its actor's name is made of ordinary words (``exact_case``)."""
        classified = {}
        for key, (category, value) in self.matcher.entries.items():
            if category == "actor":
                kind = self.kind(value)
                role = kind if kind in ("country", "person") else "body"
                hit = (role, value, self.country_of(value))
            else:
                hit = (category, None, value)
            classified[key] = (*hit, value in self.matcher.exact_case)
        return MappingProxyType(classified)


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The curated registry in ``lexicons/actors.yaml`` (cached)."""
    records: dict[str, Mapping[str, Any]] = {}
    for entry in load_lexicon("actors")["actors"]:
        if entry["actor_id"] in records:
            raise ValueError(f"actor {entry['actor_id']!r} is listed twice")
        record = {**entry, "aliases": tuple(entry["aliases"]), "curated": True, "rule": "actors.registry"}
        records[entry["actor_id"]] = MappingProxyType(record)
    return Registry(MappingProxyType(records))


def _surface_pattern(surface: str, exact_case: bool = False) -> str:
    """Regex for one surface form: single words exact; longer forms case-free after the first letter."""
    words = [re.sub("['’]", "['’]", re.escape(word)) for word in surface.split()]
    joined = r"\s+".join(words)
    if len(words) == 1 or exact_case:
        return joined
    return f"{joined[0]}(?i:{joined[1:]})"


def _split_first(surface: str, pattern: str) -> tuple[str, str]:
    """A surface's pattern cut after its first letter or digit, which it matches literally (others: an escape)."""
    first = surface[0] if surface[0].isalnum() else ""
    return first, pattern[len(first):]


def _build_matcher(records: Mapping[str, Mapping[str, Any]], cues: Cues) -> Matcher:
    surfaces: dict[str, tuple[str, str | None]] = {}
    entries: dict[str, tuple[str, str | None]] = {}
    exact_case = frozenset(actor_id for actor_id, record in records.items() if record.get("exact_case"))

    def add(surface: str, entry: tuple[str, str | None]) -> None:
        known = entries.setdefault(surface_key(surface), entry)
        if known != entry:
            raise ValueError(f"surface form {surface!r} names both {known} and {entry}")
        surfaces[surface] = entry

    for actor_id, record in records.items():
        for surface in (record["name"], *record["aliases"]):
            add(surface, ("actor", actor_id))
    for surface, country in cues.demonyms.items():
        add(surface, ("demonym", country))
    for surface, country in cues.collective_demonyms.items():
        add(surface, ("collective", country))
    for surface in cues.non_actor_names:
        add(surface, ("block", None))
    ordered = sorted(surfaces, key=lambda s: (-len(s), s))
    literals = by_first_character(_split_first(s, _surface_pattern(s, surfaces[s][1] in exact_case)) for s in ordered)
    groups = [f"(?P<p{i}>{pattern})" for i, (pattern, _, _) in enumerate(cues.body_patterns)]
    # Not before "$": "US$800 million" names a currency, not the country.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join([*groups, f"(?P<lit>{literals})"]) + r")(?![\w$])")
    kinds = tuple((kind, from_first_word) for _, kind, from_first_word in cues.body_patterns)
    return Matcher(pattern, MappingProxyType(entries), kinds, exact_case)
