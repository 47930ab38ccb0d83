"""Cross-source groups: the same statement, or the same measured thing, in several articles.

``claim_group_id`` links claims of one speaker that report the same statement
in different sources (a quote and its paraphrase, two wordings of one
briefing); ``figure_group_id`` links figures that measure the same thing, so
that disagreements can be read off. Both are pure, deterministic functions of
the tables, built on one way of comparing texts:

- a text becomes a set of *keywords*: actor names and aliases replaced by the
  body the actor belongs to ("Kyiv", "Ukraine" -> ``actor:ukraine``; "the
  Kremlin", "Russia" -> ``actor:russia``), then lower-cased words of three
  letters or more, stop words dropped, curated synonyms merged ("outlawed",
  "banned" -> ``ban``) and one inflection stripped (``lexicons/groups.yaml``);
- each keyword weighs its inverse document frequency over the sentences of
  the corpus's raw texts: words every article uses ("cluster", "munition")
  count little, distinctive ones ("retaliate", "populated") much;
- two keywords are the same when equal or when rapidfuzz's ratio reaches
  :data:`WORD_MATCH`; the *coverage* of one set by another is the weight of
  its keywords the other shares over its whole weight.

Rows link when the rules of :func:`claim_group_ids` or :func:`figure_group_ids`
hold; a group is a connected set of links, so at least two rows, from at
least two sources. Its ID is ``cg-``/``fg-`` and the ID of its first row in
table order (source_id, char_start, char_end). Rows in no group have a null ID.
Thresholds are named constants below, each with the scores on the corpus that
justify it (checked in ``tests/test_groups.py``).

Only rows that could link are compared: claims whose speakers belong to the
same top body, figures of the same unit; the cost grows with the square of
the largest such block.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import combinations

import pandas as pd
from rapidfuzz import fuzz, process

from cmclaims.lexicons import load_lexicon
from cmclaims.sentences import split_sentences

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

WORD_MATCH = 85
"""rapidfuzz ratio (0-100) at which two keywords count as one: inflections and
spelling variants ("retaliate"/"retaliat", "weapon"/"weapons")."""

CLAIM_GROUP_PREFIX = "cg-"
FIGURE_GROUP_PREFIX = "fg-"
NO_GROUP = ""
"""A curated group ID of "" takes a row out of every group (a split)."""

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\b(?:and|but|while|whereas)\b")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"actor:[a-z0-9-]+|[^\W_]+(?:['’][^\W_]+)?")


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
            affiliations = _affiliations(actors)
            for actor_id, name, aliases in actors[["actor_id", "name", "aliases"]].itertuples(index=False):
                for alias in [name, *list(aliases)]:
                    if len(alias) >= 2:
                        names.setdefault(alias, _lineage(actor_id, affiliations)[-1])
        self._names = names
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if names else None

    def __call__(self, text: str) -> frozenset[str]:
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: f" actor:{self._names[m.group(0)]} ", text)
        return frozenset(word for token in _WORD.findall(text) if (word := normalise(token)))


def normalise(token: str) -> str | None:
    """The keyword a token stands for, or None for stop words and short words."""
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


def word_weights(keyword_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of every keyword: log(1 + N / df)."""
    frequency: dict[str, int] = {}
    count = 0
    for words in keyword_sets:
        count += 1
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    return {word: math.log(1 + count / df) for word, df in frequency.items()}


def corpus_weights(texts: Iterable[str], keywords: Keywords) -> dict[str, float]:
    """Keyword weights with every sentence of every text as a document.

    Counting over the corpus's sentences, not over the rows compared, keeps a
    pair's similarity from swinging with the number of claims or figures.
    """
    def sentences() -> Iterable[str]:
        for text in texts:
            for line in _LINE.finditer(text):
                for start, end in split_sentences(text, line.start(), line.end()):
                    yield text[start:end]

    return word_weights(keywords(sentence) for sentence in sentences())


def shared_words(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """Keywords of ``a`` that ``b`` has too, equal or close enough (rapidfuzz)."""
    if not b:
        return set()
    return {word for word in a if word in b or process.extractOne(word, b, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)}


def coverage(a: frozenset[str], b: frozenset[str], weights: Mapping[str, float]) -> float:
    """Share of the weight of ``a`` that ``b`` covers (0 to 1)."""
    if not a or not b:
        return 0.0
    default = max(weights.values(), default=1.0)

    def weight(words: Iterable[str]) -> float:
        return sum(weights.get(word, default) for word in words)

    return weight(shared_words(a, b)) / weight(a)


def claim_similarity(a: frozenset[str], b: frozenset[str], weights: Mapping[str, float]) -> float:
    """Mean coverage both ways: two reports of one statement must each cover the other."""
    return (coverage(a, b, weights) + coverage(b, a, weights)) / 2


def context_similarity(a: frozenset[str], b: frozenset[str], weights: Mapping[str, float]) -> float:
    """Best coverage either way: the shorter context's predicate found in the longer one."""
    return max(coverage(a, b, weights), coverage(b, a, weights))


def _components(n: int, links: Iterable[tuple[int, int]]) -> list[int]:
    """Union-find: the smallest member index of each item's connected set."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        ri, rj = root(i), root(j)
        parent[max(ri, rj)] = min(ri, rj)
    return [root(i) for i in range(n)]


def _group_ids(frame: pd.DataFrame, id_column: str, prefix: str, links: Iterable[tuple[int, int]]) -> pd.Series:
    """Group IDs from links between row positions; rows are taken in table order."""
    roots = _components(len(frame), links)
    sizes = pd.Series(roots).value_counts()
    ids = frame[id_column].tolist()
    values = [prefix + ids[r] if sizes[r] > 1 else None for r in roots]
    return pd.Series(values, index=frame.index, dtype=pd.StringDtype("pyarrow"))


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["source_id", "char_start", "char_end"], kind="stable")


def _affiliations(actors: pd.DataFrame) -> dict[str, str | None]:
    return {a: f if isinstance(f, str) else None for a, f in zip(actors["actor_id"], actors["affiliation_id"])}


def _lineage(actor_id: str | None, affiliations: Mapping[str, str | None]) -> list[str]:
    """The actor and the bodies it belongs to, nearest first."""
    chain: list[str] = []
    while isinstance(actor_id, str) and actor_id not in chain:
        chain.append(actor_id)
        actor_id = affiliations.get(actor_id)
    return chain


def same_speaker(a: str | None, b: str | None, affiliations: Mapping[str, str | None]) -> bool:
    """Equal speakers, or one belongs to the other (Bachelet and the United Nations)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return a in _lineage(b, affiliations) or b in _lineage(a, affiliations)


def _candidate_pairs(keys: list) -> Iterable[tuple[int, int]]:
    """Position pairs of rows with equal, non-null keys: only they can link."""
    blocks: dict = {}
    for position, key in enumerate(keys):
        if key is not None:
            blocks.setdefault(key, []).append(position)
    for members in blocks.values():
        yield from combinations(members, 2)


def claim_group_ids(
    claims: pd.DataFrame, actors: pd.DataFrame, weights: Mapping[str, float] | None = None
) -> pd.Series:
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
    affiliations = _affiliations(actors)
    rows = list(ordered[["source_id", "speaker_id"]].itertuples(index=False))
    families = [(_lineage(row.speaker_id, affiliations) or [None])[-1] for row in rows]
    links = [
        (i, j)
        for i, j in _candidate_pairs(families)
        if rows[i].source_id != rows[j].source_id
        and same_speaker(rows[i].speaker_id, rows[j].speaker_id, affiliations)
        and len(shared_words(words[i], words[j])) >= CLAIM_MIN_SHARED_WORDS
        and claim_similarity(words[i], words[j], weights) >= CLAIM_MIN_SIMILARITY
    ]
    return _group_ids(ordered, "claim_id", CLAIM_GROUP_PREFIX, links).reindex(claims.index)


def figure_context(text: str, start: int, end: int) -> str:
    """The clause around a figure, without it: at most :data:`FIGURE_CONTEXT_WORDS` keywords each side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    sentence = next(((s, e) for s, e in split_sentences(text, line_start, line_end) if s <= start < e), (line_start, line_end))
    before = _CLAUSE_BREAK.split(text[sentence[0]:start])[-1]
    after = _CLAUSE_BREAK.split(text[end:sentence[1]])[0]
    before_words = [w for w in _WORD.findall(before) if normalise(w)][-FIGURE_CONTEXT_WORDS:]
    after_words = [w for w in _WORD.findall(after) if normalise(w)][:FIGURE_CONTEXT_WORDS]
    return " ".join(before_words + after_words)


def _figure_contexts(figures: pd.DataFrame, texts: Mapping[str, str]) -> list[str]:
    """Context of every figure, each raw text read once (``texts`` may read lazily)."""
    contexts: list[str] = []
    for source_id, spans in figures.groupby("source_id", sort=False)[["char_start", "char_end"]]:
        text = texts[source_id]
        contexts += [figure_context(text, start, end) for start, end in spans.itertuples(index=False)]
    return contexts


def _values_close(a: float, b: float) -> bool:
    low, high = sorted((a, b))
    return high == low or (low > 0 and high / low <= FIGURE_MAX_VALUE_RATIO)


def figure_group_ids(
    figures: pd.DataFrame,
    texts: Mapping[str, str],
    actors: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
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
    words = [keywords(context) for context in _figure_contexts(ordered, texts)]
    weights = weights if weights is not None else word_weights(words)
    rows = list(ordered[["source_id", "value", "unit", "measure"]].itertuples(index=False))
    links = [
        (i, j)
        for i, j in _candidate_pairs([(row.unit, row.measure) for row in rows])
        if rows[i].source_id != rows[j].source_id
        and _values_close(float(rows[i].value), float(rows[j].value))
        and min(len(words[i]), len(words[j])) >= FIGURE_MIN_CONTEXT_WORDS
        and context_similarity(words[i], words[j], weights) >= FIGURE_MIN_SIMILARITY
    ]
    return _group_ids(ordered, "figure_id", FIGURE_GROUP_PREFIX, links).reindex(figures.index)


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
