"""The typed records that the extractors yield: one definition of each extracted row.

A record holds what a rule found in one article: raw character offsets, the fields of its table, and the rule.
The build adds ``source_id`` and ``text`` (``raw[char_start:char_end]``) when it puts the records of many
articles into a frame; the frames' pandera contracts and dtypes (:mod:`cmclaims.tabular.frames`) are derived
from these fields, so a column is added or renamed here only. The records are immutable (an extractor that
refines a row builds a new one) and use slots (millions are made in a large build).

Only the standard library is imported: every extractor imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

SPAN_KEY = ("char_start", "char_end")
"""Span order: by start, then by end (the order of every extractor's output and of the released span tables)."""


@dataclass(frozen=True, slots=True)
class Span:
    """Raw character offsets of a found row: ``text[char_start:char_end]``."""

    table: ClassVar[str] = ""  # the released table its rows go to

    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Mention(Span):
    """A named reference to an actor (a row of ``actor_mentions``)."""

    table: ClassVar[str] = "actor_mentions"

    actor_id: str
    rule: str


@dataclass(frozen=True, slots=True)
class Claim(Span):
    """An attributed statement (a row of ``claims``); the speaker may be unknown or unnamed."""

    table: ClassVar[str] = "claims"

    kind: str  # direct | indirect | mixed (the schema's enum)
    speaker_id: str | None
    speaker_text: str | None
    cue: str | None
    rule: str


@dataclass(frozen=True, slots=True)
class Figure(Span):
    """A number with its qualifier and unit (a row of ``figures``)."""

    table: ClassVar[str] = "figures"

    value: float  # negative when written with a minus ("-1.7%")
    value_high: float | None  # the top of a range
    qualifier: str
    unit: str
    measure: str
    rule: str


@dataclass(frozen=True, slots=True)
class DiscoveredActor:
    """An actor that the registry lacks, found by a rule: the registry's keys, not curated."""

    actor_id: str
    name: str
    kind: str
    role: str | None
    affiliation_id: str | None
    wikidata_id: str | None
    aliases: tuple[str, ...]
    curated: bool
    rule: str

    def as_record(self) -> dict[str, Any]:
        """The actor as a registry record (a plain mapping of its fields)."""
        return dict(zip(_ACTOR_FIELDS, _actor_values(self)))


_ACTOR_FIELDS = tuple(field.name for field in fields(DiscoveredActor))
_actor_values = attrgetter(*_ACTOR_FIELDS)

SpanRecord = TypeVar("SpanRecord", bound=Span)


def in_span_order(records: Iterable[SpanRecord]) -> list[SpanRecord]:
    """The records sorted by start, then end (stable: equal spans keep their order)."""
    return sorted(records, key=attrgetter(*SPAN_KEY))
