"""Comparing short texts by their weighted keywords (for :mod:`cmclaims.link.groups`).

- A text becomes a set of *keywords*: actor names and aliases replaced by the
  body the actor belongs to ("Kyiv", "Ukraine" -> ``actor:ukraine``; "the
  Kremlin", "Russia" -> ``actor:russia``), then lower-cased words of three
  letters or more, stop words dropped, curated synonyms merged ("outlawed",
  "banned" -> ``ban``) and one inflection stripped (``lexicons/groups.yaml``).
- Each keyword weighs its inverse document frequency over the sentences of
  the corpus: words every article uses ("cluster", "munition") count
  little, distinctive ones ("retaliate", "populated") much.
- Two keywords are the same when equal or when rapidfuzz's ratio reaches
  :data:`WORD_MATCH`; the *coverage* of one set by another is the weight of
  its keywords the other shares over its whole weight.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from cmclaims.lexicons import load_lexicon
from cmclaims.text.patterns import by_first_character
from cmclaims.text.sentences import split_sentences

WORD_MATCH = 85
"""rapidfuzz ratio (0-100) at which two keywords count as one: inflections and
spelling variants ("retaliate"/"retaliat", "weapon"/"weapons")."""

_LINE = re.compile(r"[^\n]+")
WORD = re.compile(r"actor:[a-z0-9-]+|[^\W_]+(?:['’][^\W_]+)?")
"""A token: a word (with an inner apostrophe) or an actor placeholder."""


def affiliations_of(actors: pd.DataFrame) -> dict[str, str | None]:
    return {a: f if isinstance(f, str) else None for a, f in zip(actors["actor_id"], actors["affiliation_id"])}


def lineage(actor_id: str | None, affiliations: Mapping[str, str | None]) -> list[str]:
    """The actor and the bodies it belongs to, nearest first."""
    chain: list[str] = []
    while isinstance(actor_id, str) and actor_id not in chain:
        chain.append(actor_id)
        actor_id = affiliations.get(actor_id)
    return chain


@lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], dict[str, str]]:
    lexicon = load_lexicon("groups")
    synonyms = {form: head for head, forms in lexicon["synonyms"].items() for form in forms}
    return frozenset(lexicon["stop_words"]), synonyms


class Keywords:
    """Turns texts into keyword sets, reading every actor name as the body it belongs to.

    "the Kremlin" and "Russia", or "Kyiv" and "Ukraine", are one keyword: a
    paraphrase often names the state where the original named its organ.
    """

    def __init__(self, actors: pd.DataFrame | None = None) -> None:
        names: dict[str, str] = {}
        if actors is not None:
            bodies = affiliations_of(actors)
            for actor_id, name, aliases in actors[["actor_id", "name", "aliases"]].itertuples(index=False):
                for alias in [name, *list(aliases)]:
                    if len(alias) >= 2:
                        names.setdefault(alias, lineage(actor_id, bodies)[-1])
        self._names = names
        self._pattern = re.compile(f"(?:{_names_alternation(names)})(?!\\w)") if names else None

    def __call__(self, text: str) -> frozenset[str]:
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: f" actor:{self._names[m.group(0)]} ", text)
        return frozenset(word for token in WORD.findall(text) if (word := normalise(token)))


def _names_alternation(names: Iterable[str]) -> str:
    """Names not after a word character, grouped by first character, longest first within a group.

    The look-behind follows the literal first character, so it is tested only where a name can start.
    """
    ordered = sorted(names, key=lambda name: (name[0], -len(name), name))
    return by_first_character(((re.escape(name[0]), re.escape(name[1:])) for name in ordered),
                              after_first=lambda first: f"(?<!\\w{first})")


@lru_cache(maxsize=1 << 16)
def normalise(token: str) -> str | None:
    """The keyword a token stands for, or None for stop words and short words (memoised: a pure function)."""
    if token.startswith("actor:"):
        return token
    stop_words, synonyms = _word_lists()
    word = token.lower().replace("’", "'")
    word = synonyms.get(word, word)
    if word in stop_words or len(word) < 3:
        return None
    return _stem(word)


def _stem(word: str) -> str:
    """Strip one inflection: -ies, -es after a sibilant, -s, -ed, -ing (used, using -> use)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= 3:
                return stem
            if len(stem) == 2:
                return stem + "e"
    return word


class Weights(dict):
    """Keyword weights; a keyword never seen weighs as much as the rarest seen."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        super().__init__(weights)
        self.unseen = max(self.values(), default=1.0)

    def __missing__(self, word: str) -> float:
        return self.unseen


class Frequencies:
    """Document frequency of every keyword over some documents; batches add up."""

    def __init__(self) -> None:
        self.documents = 0
        self.counts: Counter[str] = Counter()

    def add(self, keyword_sets: Iterable[frozenset[str]]) -> Frequencies:
        for words in keyword_sets:
            self.documents += 1
            self.counts.update(words)
        return self

    def merge(self, other: Frequencies) -> None:
        self.documents += other.documents
        self.counts.update(other.counts)

    def weights(self) -> Weights:
        """Inverse document frequency of every keyword: log(1 + N / df)."""
        return Weights({word: math.log(1 + self.documents / df) for word, df in self.counts.items()})


def sentence_frequencies(texts: Iterable[str], keywords: Keywords) -> Frequencies:
    """Keyword frequencies with every sentence of every text as a document."""
    def sentences() -> Iterable[str]:
        for text in texts:
            for line in _LINE.finditer(text):
                for start, end in split_sentences(text, line.start(), line.end()):
                    yield text[start:end]

    return Frequencies().add(keywords(sentence) for sentence in sentences())


def corpus_weights(texts: Iterable[str], keywords: Keywords) -> Weights:
    """Keyword weights with every sentence of every text as a document.

    Counting over the corpus's sentences, not over the rows compared, keeps a
    pair's similarity from swinging with the number of claims or figures.
    """
    return sentence_frequencies(texts, keywords).weights()


class CloseWords:
    """The close spellings of keywords within a vocabulary (rapidfuzz ratio of :data:`WORD_MATCH`), each found once.

    Grouping compares the same keywords across many pairs of texts; looking
    each keyword's close spellings up once, instead of scoring it against
    every text it meets, gives the same matches for texts of the vocabulary.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(set(vocabulary)):
            self._by_length.setdefault(len(word), []).append(word)
        self._targets: dict[int, list[str]] = {}
        self._close: dict[str, frozenset[str]] = {}

    def __getitem__(self, word: str) -> frozenset[str]:
        """The words of the vocabulary that reach :data:`WORD_MATCH` with ``word`` (itself, if it is one)."""
        close = self._close.get(word)
        if close is None:
            targets = self._targets_for(len(word))
            matches = process.extract(word, targets, scorer=fuzz.ratio, score_cutoff=WORD_MATCH, limit=None)
            close = self._close[word] = frozenset(match for match, _, _ in matches)
        return close

    def _targets_for(self, length: int) -> list[str]:
        """Words of lengths that can reach the ratio: it is at most 100 * (1 - |difference| / (sum of lengths))."""
        if length not in self._targets:
            slack = 1 - WORD_MATCH / 100
            self._targets[length] = [word for other, words in sorted(self._by_length.items())
                                     if abs(length - other) <= slack * (length + other) + 1 for word in words]
        return self._targets[length]


def shared_words(a: frozenset[str], b: frozenset[str], close: CloseWords | None = None) -> set[str]:
    """Keywords of ``a`` that ``b`` has too, equal or close enough (rapidfuzz).

    With ``close`` (whose vocabulary holds ``b``) the close spellings are looked up instead of scored.
    """
    if not b:
        return set()
    if close is not None:
        return {word for word in a if word in b or not close[word].isdisjoint(b)}
    return {word for word in a if word in b or process.extractOne(word, b, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)}


def coverage(a: frozenset[str], b: frozenset[str], weights: Weights, close: CloseWords | None = None) -> float:
    """Share of the weight of ``a`` that ``b`` covers (0 to 1)."""
    if not a or not b:
        return 0.0
    return sum(weights[word] for word in shared_words(a, b, close)) / sum(weights[word] for word in a)


def claim_similarity(a: frozenset[str], b: frozenset[str], weights: Weights, close: CloseWords | None = None) -> float:
    """Mean coverage both ways: two reports of one statement must each cover the other."""
    return (coverage(a, b, weights, close) + coverage(b, a, weights, close)) / 2


def context_similarity(
    a: frozenset[str], b: frozenset[str], weights: Weights, close: CloseWords | None = None
) -> float:
    """Best coverage either way: the shorter context's predicate found in the longer one."""
    return max(coverage(a, b, weights, close), coverage(b, a, weights, close))
