"""Cross-source groups: the same statement, or the same measured thing, in several articles.

``claim_group_id`` links claims of one speaker that report the same statement
in different sources (a quote and its paraphrase, two wordings of one
briefing); ``figure_group_id`` links figures that measure the same thing, so
that disagreements can be read off. Both are pure, deterministic functions of
the tables, comparing texts by weighted keywords (:mod:`cmclaims.similarity`).

Rows link when the rules of :func:`claim_group_ids` or :func:`figure_group_ids`
hold; a group is a connected set of links, so at least two rows, from at
least two sources. Its ID is ``cg-``/``fg-`` and the ID of its first row in
table order (source_id, char_start, char_end). Rows in no group have a null ID.
Thresholds are named constants below, each with the scores on the corpus that
justify it (checked in ``tests/test_groups.py``; ``scripts/group_scores.py`` prints
the scores of every candidate pair).

Cost: rows with the same speaker and the same keywords (a claim repeated by
many articles) are compared once, as one *variant*; distinct variants are
compared pairwise within a speaker family (claims) or a unit (figures), so
the cost grows with the square of the distinct wordings in the largest one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import combinations

import pandas as pd

from cmclaims.sentences import split_sentences
from cmclaims.similarity import (
    WORD,
    Keywords,
    Weights,
    affiliations_of,
    claim_similarity,
    context_similarity,
    corpus_weights,
    lineage,
    normalise,
    shared_words,
    word_weights,
)

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


class _UnionFind:
    """Connected sets of row positions; each set is named by its smallest position."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        self.parent[max(ra, rb)] = min(ra, rb)


def link_rows(
    variant_keys: Sequence[Hashable], sources: Sequence[str], blocks: Sequence[Hashable | None],
    linked: Callable[[int, int], bool],
) -> list[int]:
    """The connected set (its smallest position) of every row.

    Rows with equal ``variant_keys`` are one variant and are compared once,
    through their first row: ``linked(i, j)`` holds the rules except the
    source (``linked(i, i)`` asks whether a text may link to a copy of itself).
    Two variants are compared only within one of ``blocks`` (None: never),
    and rows join only where the joined variants span two sources or more.
    """
    variants: dict[Hashable, list[int]] = {}
    for position, key in enumerate(variant_keys):
        variants.setdefault(key, []).append(position)
    members = list(variants.values())
    spans = [frozenset(sources[position] for position in rows) for rows in members]
    sets = _UnionFind(len(variant_keys))
    joined: set[int] = set()

    def join(*indexes: int) -> None:
        for index in indexes:
            if index not in joined:
                joined.add(index)
                for position in members[index][1:]:
                    sets.union(members[index][0], position)
        for index in indexes[1:]:
            sets.union(members[indexes[0]][0], members[index][0])

    by_block: dict[Hashable, list[int]] = {}
    for index, rows in enumerate(members):
        if blocks[rows[0]] is not None:
            by_block.setdefault(blocks[rows[0]], []).append(index)
    for block in by_block.values():
        for index in block:
            if len(spans[index]) > 1 and linked(members[index][0], members[index][0]):
                join(index)
        for v, w in combinations(block, 2):
            if len(spans[v] | spans[w]) > 1 and linked(members[v][0], members[w][0]):
                join(v, w)
    return [sets.root(position) for position in range(len(variant_keys))]


def _group_ids(frame: pd.DataFrame, id_column: str, prefix: str, roots: list[int]) -> pd.Series:
    """Group IDs from connected sets of row positions; rows are taken in table order."""
    sizes = pd.Series(roots, dtype="int64").value_counts()
    ids = frame[id_column].tolist()
    values = [prefix + ids[r] if sizes[r] > 1 else None for r in roots]
    return pd.Series(values, index=frame.index, dtype=pd.StringDtype("pyarrow"))


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["source_id", "char_start", "char_end"], kind="stable")


def same_speaker(a: str | None, b: str | None, affiliations: Mapping[str, str | None]) -> bool:
    """Equal speakers, or one belongs to the other (Bachelet and the United Nations)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return a in lineage(b, affiliations) or b in lineage(a, affiliations)


def _optional(value) -> str | None:
    return value if isinstance(value, str) else None


def claim_group_ids(claims: pd.DataFrame, actors: pd.DataFrame, weights: Weights | None = None) -> pd.Series:
    """``claim_group_id`` of every claim (null outside any group), aligned on ``claims``.

    Two claims link when they come from different sources, their speakers
    match (:func:`same_speaker`; anonymous claims never link), they share
    :data:`CLAIM_MIN_SHARED_WORDS` keywords and their :func:`claim_similarity`
    reaches :data:`CLAIM_MIN_SIMILARITY`. ``weights`` come from
    :func:`corpus_weights`; without them, from the claims themselves.
    """
    ordered = _in_order(claims)
    keywords = Keywords(actors)
    words = [keywords(text) for text in ordered["text"]]
    weights = weights if weights is not None else word_weights(words)
    bodies = affiliations_of(actors)
    speakers = [_optional(speaker) for speaker in ordered["speaker_id"]]

    def linked(i: int, j: int) -> bool:
        return (same_speaker(speakers[i], speakers[j], bodies)
                and len(shared_words(words[i], words[j])) >= CLAIM_MIN_SHARED_WORDS
                and claim_similarity(words[i], words[j], weights) >= CLAIM_MIN_SIMILARITY)

    families = [lineage(speaker, bodies)[-1] if speaker else None for speaker in speakers]
    roots = link_rows(list(zip(speakers, words)), list(ordered["source_id"]), families, linked)
    return _group_ids(ordered, "claim_id", CLAIM_GROUP_PREFIX, roots).reindex(claims.index)


def figure_context(text: str, start: int, end: int) -> str:
    """The clause around a figure, without it: at most :data:`FIGURE_CONTEXT_WORDS` keywords each side."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - FIGURE_SENTENCE_REACH)
    line_end = text.find("\n", end)
    line_end = min(len(text) if line_end < 0 else line_end, end + FIGURE_SENTENCE_REACH)
    sentence = next(((s, e) for s, e in split_sentences(text, line_start, line_end) if s <= start < e), (line_start, line_end))
    before = _CLAUSE_BREAK.split(text[sentence[0]:start])[-1]
    after = _CLAUSE_BREAK.split(text[end:sentence[1]])[0]
    before_words = [w for w in WORD.findall(before) if normalise(w)][-FIGURE_CONTEXT_WORDS:]
    after_words = [w for w in WORD.findall(after) if normalise(w)][:FIGURE_CONTEXT_WORDS]
    return " ".join(before_words + after_words)


def figure_contexts(figures: pd.DataFrame, texts: Mapping[str, str]) -> list[str]:
    """Context of every figure, each raw text read once (``texts`` may read lazily)."""
    contexts: list[str] = []
    for source_id, spans in figures.groupby("source_id", sort=False)[["char_start", "char_end"]]:
        text = texts[source_id]
        contexts += [figure_context(text, start, end) for start, end in spans.itertuples(index=False)]
    return contexts


def values_close(a: float, b: float) -> bool:
    """Equal, or the larger at most :data:`FIGURE_MAX_VALUE_RATIO` times the smaller."""
    low, high = sorted((a, b))
    return high == low or (low > 0 and high / low <= FIGURE_MAX_VALUE_RATIO)


def figure_group_ids(
    figures: pd.DataFrame,
    texts: Mapping[str, str],
    actors: pd.DataFrame | None = None,
    weights: Weights | None = None,
) -> pd.Series:
    """``figure_group_id`` of every figure (null outside any group), aligned on ``figures``.

    Two figures link when they come from different sources, have the same
    unit and measure, values within :data:`FIGURE_MAX_VALUE_RATIO` of each
    other, contexts (:func:`figure_context`) of at least
    :data:`FIGURE_MIN_CONTEXT_WORDS` keywords, and a
    :func:`context_similarity` of :data:`FIGURE_MIN_SIMILARITY` or more. The
    qualifier may differ: "more than 100" against "about 100" is a disagreement
    to show, not a different thing.
    """
    ordered = _in_order(figures)
    keywords = Keywords(actors)
    words = [keywords(context) for context in figure_contexts(ordered, texts)]
    weights = weights if weights is not None else word_weights(words)
    values = [float(value) for value in ordered["value"]]

    def linked(i: int, j: int) -> bool:
        return (values_close(values[i], values[j])
                and min(len(words[i]), len(words[j])) >= FIGURE_MIN_CONTEXT_WORDS
                and context_similarity(words[i], words[j], weights) >= FIGURE_MIN_SIMILARITY)

    units = list(zip(ordered["unit"], ordered["measure"]))
    roots = link_rows(list(zip(units, values, words)), list(ordered["source_id"]), units, linked)
    return _group_ids(ordered, "figure_id", FIGURE_GROUP_PREFIX, roots).reindex(figures.index)


def with_curated(computed: pd.Series, curated: pd.Series | None) -> pd.Series:
    """Curated group IDs win over computed ones; "" means no group; lone IDs are dropped."""
    merged = computed.astype("object")
    if curated is not None:
        chosen = curated.notna()
        merged = merged.where(~chosen, curated.astype("object"))
        merged = merged.where(merged != NO_GROUP, None)
    counts = merged.value_counts()
    merged = merged.where(merged.map(counts).fillna(0) > 1, None)
    return merged.astype(pd.StringDtype("pyarrow"))


def add_group_ids(
    claims: pd.DataFrame, figures: pd.DataFrame, actors: pd.DataFrame, texts: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims and figures of the whole corpus with their group columns, curated IDs winning.

    ``texts`` maps every source_id of the corpus to its raw text (it may read
    lazily: each text is read once for the weights, and again if it has figures).
    """
    keywords = Keywords(actors)
    weights = corpus_weights((texts[source_id] for source_id in texts), keywords)
    claim_groups = with_curated(claim_group_ids(claims, actors, weights), claims.get("claim_group_id"))
    figure_groups = with_curated(figure_group_ids(figures, texts, actors, weights), figures.get("figure_group_id"))
    return claims.assign(claim_group_id=claim_groups), figures.assign(figure_group_id=figure_groups)
