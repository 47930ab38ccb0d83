"""Cross-source groups: the same statement, or the same measured thing, in several articles.

``claim_group_id`` links claims of one speaker that report the same statement
in different sources (a quote and its paraphrase, two wordings of one
briefing); ``figure_group_id`` links figures that measure the same thing, so
that disagreements can be read off. Both are pure, deterministic functions of
the tables, comparing texts by weighted keywords (:mod:`cmclaims.link.similarity`).

Rows link when the rules of :func:`link_claims` or :func:`link_figures`
hold; a group is a connected set of links, so at least two rows, from at
least two sources. Its ID is ``cg-``/``fg-`` and the ID of its first row in
table order (source_id, char_start, char_end). Rows in no group have a null ID.
Thresholds are named constants below, each with the scores on the corpus that
justify it (checked in ``tests/link/test_groups.py``; ``scripts/group_scores.py`` prints
the scores of every candidate pair).

Cost: rows with the same speaker and the same keywords (a claim repeated by
many articles) are compared once, as one *variant*; distinct variants are
compared within a speaker family (claims) or a unit (figures), and only in
the pairs that share one of their rarest keywords
(:mod:`cmclaims.link.candidates`), an exact filter: every other pair fails
the coverage rule anyway.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

import pandas as pd

from cmclaims.link.candidates import CandidatePairs
from cmclaims.link.similarity import (
    WORD,
    CloseWords,
    Keywords,
    Weights,
    affiliations_of,
    claim_similarity,
    context_similarity,
    lineage,
    normalise,
    shared_words,
)
from cmclaims.text.sentences import split_sentences

CLAIM_MIN_SIMILARITY = 0.4
"""Claims link when their mean coverage both ways reaches this. In the corpus the
two real pairs score 0.50 (the UN's and Bachelet's "at least 24 times" /
"two dozen times") and 0.46 (Putin's threat to retaliate, quoted and
paraphrased); the closest distinct statements of matching speakers score
0.34 (two UN findings, one on Russia's use, one on Kyiv's)."""

CLAIM_MIN_SHARED_WORDS = 3
"""...and share at least this many keywords: one or two common words ("they
arrived in the country" / "...consequences for the country") are chance."""

FIGURE_MAX_VALUE_RATIO = 1.5
"""Figures link only if the larger value is at most this multiple of the smaller:
outlets disagree by tens of percent ("more than 100" / "more than 120"
countries); 8 and 3 injured people are different events."""

FIGURE_CONTEXT_WORDS = 6
"""The context of a figure: up to this many keywords either side of it, within its
clause (its sentence cut at commas, colons, brackets, dashes, "and", "but").
The predicate next to a count says what is counted ("outlawed by", "signed
by", "used ... times"); other clauses drift to other topics."""

FIGURE_MIN_CONTEXT_WORDS = 2
"""Both contexts need this many keywords: "injuring six" says too little about
what is counted (the injured of which attack?) to be matched with anything."""

FIGURE_MIN_SIMILARITY = 0.25
"""Figure contexts link when one covers this much of the other (the better of the
two coverages: the short predicate found in the longer context). In the
corpus the three "countries" figures score 0.28 to 0.56 with each other
(sharing "ban") and the two "times" figures 1.0; every other pair of figures
with the same unit and contexts of two keywords or more scores 0."""

CLAIM_GROUP_PREFIX = "cg-"
FIGURE_GROUP_PREFIX = "fg-"
NO_GROUP = ""
"""A curated group ID of "" takes a row out of every group (a split)."""

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\b(?:and|but|while|whereas)\b")


FIGURE_SENTENCE_REACH = 1000
"""Characters either side of a figure searched for its sentence (bounds the work on a huge line)."""


class Variants:
    """Rows with equal comparison keys, added in table order; each distinct key is one *variant*.

    A variant keeps its key, first row, row count and whether its rows come
    from two sources or more; a row keeps only the index of its variant. So
    memory grows with the distinct wordings, not with the copies of one
    statement, and rows can be added batch by batch.
    """

    def __init__(self) -> None:
        self.keys: list[Hashable] = []
        self.first_row: list[int] = []
        self.sizes: list[int] = []
        self.of_row = array("q")
        self._only_source: list[str | None] = []  # None once a second source is seen
        self._index: dict[Hashable, int] = {}

    def add(self, key: Hashable, source: str) -> None:
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.keys)
            self.keys.append(key)
            self.first_row.append(len(self.of_row))
            self.sizes.append(0)
            self._only_source.append(source)
        elif self._only_source[index] != source:
            self._only_source[index] = None
        self.sizes[index] += 1
        self.of_row.append(index)

    def span_two_sources(self, *indexes: int) -> bool:
        sources = {self._only_source[index] for index in indexes}
        return None in sources or len(sources) > 1


def link_variants(
    variants: Variants,
    block_of: Callable[[Any], Hashable | None],
    linked: Callable[[Any, Any], bool],
    candidates: Callable[[list[int]], Iterable[tuple[int, int]]] | None = None,
) -> list[int | None]:
    """The first row of its group for every variant (None: in no group).

    ``linked(a, b)`` holds the rules, except the source, for two keys
    (``linked(a, a)``: may a text link to a copy of itself). Variants are
    compared only within one of the blocks ``block_of`` names (None: never),
    and only in the pairs ``candidates(block)`` gives (by default every
    pair; :class:`cmclaims.link.candidates.CandidatePairs` skips those that
    cannot link), and join only where they span two sources or more. A
    group is a connected set of joined variants, named by its first row.
    """
    pairs_of = candidates or (lambda block: combinations(block, 2))
    keys = variants.keys
    parent = list(range(len(keys)))  # variant indexes follow first rows, so the smallest is the group's first

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    joined = [False] * len(keys)
    by_block: dict[Hashable, list[int]] = {}
    for index, key in enumerate(keys):
        block = block_of(key)
        if block is not None:
            by_block.setdefault(block, []).append(index)
    for block in by_block.values():
        for index in block:
            if variants.span_two_sources(index) and linked(keys[index], keys[index]):
                joined[index] = True
        for v, w in pairs_of(block):
            if variants.span_two_sources(v, w) and linked(keys[v], keys[w]):
                joined[v] = joined[w] = True
                rv, rw = root(v), root(w)
                parent[max(rv, rw)] = min(rv, rw)
    return [variants.first_row[root(index)] if joined[index] else None for index in range(len(keys))]


class GroupIds:
    """The group ID of every row: computed groups, then curated IDs.

    A curated ID wins over the computed one and ``""`` takes the row out of
    any group; an ID left on a single row is dropped. The computed ID is the
    prefix and the row ID of the group's first row (``first_ids`` maps those
    row positions to row IDs); ``curated`` maps row positions to curated IDs.
    """

    def __init__(
        self, prefix: str, variants: Variants, group_first: Sequence[int | None],
        first_ids: Mapping[int, str], curated: Mapping[int, str],
    ) -> None:
        self._of_row, self._curated = variants.of_row, dict(curated)
        self._computed = [None if first is None else prefix + first_ids[first] for first in group_first]
        counts: Counter[str] = Counter()
        for group_id, size in zip(self._computed, variants.sizes):
            if group_id is not None:
                counts[group_id] += size
        for position, group_id in self._curated.items():
            counts[self._computed[self._of_row[position]]] -= 1
            counts[group_id] += 1
        self._counts = counts

    def __call__(self, start: int, stop: int) -> list[str | None]:
        """IDs of the rows at positions ``start`` to ``stop`` (exclusive)."""
        ids = []
        for position in range(start, stop):
            group_id = self._curated.get(position, self._computed[self._of_row[position]])
            ids.append(group_id if group_id and self._counts[group_id] > 1 else None)
        return ids


def group_firsts(group_first: Sequence[int | None]) -> list[int]:
    """Row positions whose row ID names a group, in order."""
    return sorted({first for first in group_first if first is not None})


def same_speaker(a: str | None, b: str | None, affiliations: Mapping[str, str | None]) -> bool:
    """Equal speakers, or one belongs to the other (Bachelet and the United Nations)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return a in lineage(b, affiliations) or b in lineage(a, affiliations)


def _optional(value) -> str | None:
    return value if isinstance(value, str) else None


ClaimKey = tuple[str | None, frozenset[str]]
"""What claims are compared by: speaker and keywords."""


def claim_keys(claims: pd.DataFrame, keywords: Keywords) -> list[ClaimKey]:
    """The comparison key of every claim, in frame order."""
    return [(_optional(speaker), keywords(text)) for speaker, text in zip(claims["speaker_id"], claims["text"])]


def claim_wordings_linked(
    a: frozenset[str], b: frozenset[str], weights: Weights, close: CloseWords | None = None
) -> bool:
    """The wording rule of claim groups: :data:`CLAIM_MIN_SHARED_WORDS` shared keywords and a
    :func:`claim_similarity` of :data:`CLAIM_MIN_SIMILARITY`."""
    return (len(shared_words(a, b, close)) >= CLAIM_MIN_SHARED_WORDS
            and claim_similarity(a, b, weights, close) >= CLAIM_MIN_SIMILARITY)


def link_claims(variants: Variants, actors: pd.DataFrame, weights: Weights) -> list[int | None]:
    """:func:`link_variants` with the claim rules: speakers match (anonymous claims never link),
    :data:`CLAIM_MIN_SHARED_WORDS` shared keywords, :func:`claim_similarity` of :data:`CLAIM_MIN_SIMILARITY`."""
    bodies = affiliations_of(actors)

    def family(key: ClaimKey) -> str | None:
        return lineage(key[0], bodies)[-1] if key[0] else None

    candidates = CandidatePairs([key[1] for key in variants.keys], weights, CLAIM_MIN_SIMILARITY)
    close = candidates.close

    def linked(a: ClaimKey, b: ClaimKey) -> bool:
        return same_speaker(a[0], b[0], bodies) and claim_wordings_linked(a[1], b[1], weights, close)

    return link_variants(variants, family, linked, candidates)


def words_around_figure(text: str, start: int, end: int) -> str:
    """The clause around a figure, without it: at most :data:`FIGURE_CONTEXT_WORDS` keywords each side."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - FIGURE_SENTENCE_REACH)
    line_end = text.find("\n", end)
    line_end = min(len(text) if line_end < 0 else line_end, end + FIGURE_SENTENCE_REACH)
    sentences = split_sentences(text, line_start, line_end)
    sentence = next(((s, e) for s, e in sentences if s <= start < e), (line_start, line_end))
    before = _CLAUSE_BREAK.split(text[sentence[0]:start])[-1]
    after = _CLAUSE_BREAK.split(text[end:sentence[1]])[0]
    before_words = [w for w in WORD.findall(before) if normalise(w)][-FIGURE_CONTEXT_WORDS:]
    after_words = [w for w in WORD.findall(after) if normalise(w)][:FIGURE_CONTEXT_WORDS]
    return " ".join(before_words + after_words)


def words_around_figures(figures: pd.DataFrame, texts: Mapping[str, str]) -> list[str]:
    """The words around every figure (:func:`words_around_figure`), each text read once (``texts`` may be lazy)."""
    contexts: list[str] = []
    for source_id, spans in figures.groupby("source_id", sort=False)[["char_start", "char_end"]]:
        text = texts[source_id]
        spans_of_source = zip(spans["char_start"].tolist(), spans["char_end"].tolist())
        contexts += [words_around_figure(text, start, end) for start, end in spans_of_source]
    return contexts


def values_close(a: float, b: float) -> bool:
    """Equal, or the larger at most :data:`FIGURE_MAX_VALUE_RATIO` times the smaller."""
    low, high = sorted((a, b))
    return high == low or (low > 0 and high / low <= FIGURE_MAX_VALUE_RATIO)


FigureKey = tuple[tuple[Any, Any], float, frozenset[str]]
"""What figures are compared by: (unit, measure), value and context keywords."""


def figure_keys(figures: pd.DataFrame, texts: Mapping[str, str], keywords: Keywords) -> list[FigureKey]:
    """The comparison key of every figure, in frame order (rows of a source must be contiguous)."""
    contexts = words_around_figures(figures, texts)
    return [((unit, measure), float(value), keywords(context))
            for unit, measure, value, context in zip(figures["unit"], figures["measure"], figures["value"], contexts)]


def link_figures(variants: Variants, weights: Weights) -> list[int | None]:
    """:func:`link_variants` with the figure rules: same unit and measure, values within
    :data:`FIGURE_MAX_VALUE_RATIO`, contexts of :data:`FIGURE_MIN_CONTEXT_WORDS` keywords
    and a :func:`context_similarity` of :data:`FIGURE_MIN_SIMILARITY`."""
    candidates = CandidatePairs([key[2] for key in variants.keys], weights, FIGURE_MIN_SIMILARITY)
    close = candidates.close

    def linked(a: FigureKey, b: FigureKey) -> bool:
        return (values_close(a[1], b[1])
                and min(len(a[2]), len(b[2])) >= FIGURE_MIN_CONTEXT_WORDS
                and context_similarity(a[2], b[2], weights, close) >= FIGURE_MIN_SIMILARITY)

    return link_variants(variants, lambda key: key[0], linked, candidates)
