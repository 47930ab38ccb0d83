"""The actor cues of ``lexicons/actor_cues.yaml``, loaded once and compiled.

Shared by the registry matcher (:mod:`cmclaims.extract.actors.mentions`) and name
discovery (:mod:`cmclaims.extract.actors.names`); the claims extractor may use
:func:`demonym_country` to see that "Ukrainian and US officials" names two
countries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from cmclaims.lexicons import load_lexicon
from cmclaims.text.patterns import alternation


@lru_cache(maxsize=8192)
def surface_key(surface: str) -> str:
    """Comparison key of a surface form: apostrophes unified, spaces collapsed, case folded (cached: the same
    names recur in every article)."""
    return " ".join(surface.replace("’", "'").split()).casefold()


@dataclass(frozen=True, eq=False)
class Cues:
    demonyms: Mapping[str, str]
    collective_demonyms: Mapping[str, str]
    body_name_prefix: Mapping[str, str]
    state_bodies: Mapping[str, str]
    country_heads: frozenset[str]
    adjective_heads: frozenset[str]
    adjective_followers: frozenset[str]
    non_actor_names: tuple[str, ...]
    short_forms: Mapping[str, str | None]
    body_patterns: tuple[tuple[str, str, bool], ...]  # (regex, kind, affiliated to the actor its first word names)
    bare_state_bodies: Mapping[str, str]
    bare_body_exclude: frozenset[str]
    media_nouns: tuple[str, ...]
    media_nouns_after_name: tuple[str, ...]
    media_nouns_for_people: frozenset[str]
    attribution_before: tuple[str, ...]
    interview_cues: tuple[str, ...]
    person_titles: frozenset[str]
    prefix_titles: frozenset[str]  # person_titles and the name parser's titles, capitalised: they may precede a name
    role_words: frozenset[str]
    speech_verbs: frozenset[str]
    org_heads: Mapping[str, str]
    name_stopwords: frozenset[str]
    descriptions: Mapping[str, Mapping[str, Any]]

    def body_prefix(self, country_id: str) -> str | None:
        """How bodies of a country are named: "Russian" (Armed Forces), "U.S." (Armed Forces); None if unknown."""
        if country_id in self.body_name_prefix:
            return self.body_name_prefix[country_id]
        return next((d for d, c in self.demonyms.items() if c == country_id), None)

    @property
    def head_pattern(self) -> re.Pattern[str]:
        return _head_pattern(self)

    @property
    def short_form_pattern(self) -> re.Pattern[str]:
        return _short_form_pattern(self)


def _parser_titles(excluded: frozenset[str]) -> frozenset[str]:
    """The name parser's titles and roles (lower case, letters and hyphens, three letters or more), less the
    lexicon's exclusions: a well-kept list of ranks and professions rather than a longer hand-written one."""
    from nameparser.config import CONSTANTS

    return frozenset(t for t in CONSTANTS.titles
                     if len(t) > 2 and t.isascii() and t.replace("-", "").isalpha() and t not in excluded)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The cues file, parsed once."""
    raw = load_lexicon("actor_cues")
    parser_titles = _parser_titles(frozenset(raw["parser_titles_excluded"]))
    person_titles = frozenset(t.rstrip(".") for t in raw["person_titles"])
    return Cues(
        demonyms=MappingProxyType(dict(raw["demonyms"])),
        collective_demonyms=MappingProxyType(dict(raw["collective_demonyms"])),
        body_name_prefix=MappingProxyType(dict(raw["body_name_prefix"])),
        state_bodies=MappingProxyType({" ".join(k.lower().split()): v for k, v in raw["state_bodies"].items()}),
        country_heads=frozenset(w.lower() for w in raw["country_heads"]),
        adjective_heads=frozenset(w.lower() for w in raw["adjective_heads"]),
        adjective_followers=frozenset(raw["adjective_followers"]),
        non_actor_names=tuple(raw["non_actor_names"]),
        short_forms=MappingProxyType(dict(raw["short_forms"])),
        body_patterns=tuple(
            (entry["pattern"], entry["kind"], bool(entry.get("affiliation_from_first_word")))
            for entry in raw["body_patterns"]
        ),
        bare_state_bodies=MappingProxyType(dict(raw["bare_state_bodies"])),
        bare_body_exclude=frozenset(raw["bare_body_exclude"]),
        media_nouns=tuple(raw["media_nouns"]),
        media_nouns_after_name=tuple(raw["media_nouns_after_name"]),
        media_nouns_for_people=frozenset(raw["media_nouns_for_people"]),
        attribution_before=tuple(raw["attribution_before"]),
        interview_cues=tuple(raw["interview_cues"]),
        person_titles=person_titles,
        prefix_titles=person_titles | {t[0].upper() + t[1:] for t in parser_titles},
        role_words=frozenset(raw["role_words"]) | parser_titles,
        speech_verbs=frozenset(raw["speech_verbs"]),
        org_heads=MappingProxyType(dict(raw["org_heads"])),
        name_stopwords=frozenset(raw["name_stopwords"]),
        descriptions=MappingProxyType({k: MappingProxyType(v) for k, v in raw["descriptions"].items()}),
    )


@lru_cache(maxsize=1)
def _head_pattern(cues: Cues) -> re.Pattern[str]:
    """After a possessor: optional possessive, a body head, and the word that follows it."""
    heads = alternation([*cues.state_bodies, *cues.country_heads])
    return re.compile(rf"(?P<poss>['’]s?)?\s+(?P<head>{heads})(?![\w-])(?:\s+(?P<next>[a-z]+))?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _short_form_pattern(cues: Cues) -> re.Pattern[str]:
    """ "the Post", "The Commission" (not the start of a longer capitalised name).

    "The" not after a word character: the look-behind comes after the word, so the regex engine can skip
    ahead to each "T" or "t" (a pattern that opens with a look-behind is tried at every position).
    """
    words = alternation(cues.short_forms)
    return re.compile(rf"(?P<the>[Tt]he)(?<!\w[Tt]he)\s+(?P<word>{words})(?![\w-])(?!\s+(?:of\s+|for\s+)?[A-Z])")


def demonym_country(word: str) -> str | None:
    """Country actor_id of a demonym ("Ukrainian" -> "ukraine"), else None."""
    cues = load_cues()
    return cues.demonyms.get(word) or cues.collective_demonyms.get(word)
