"""Which pairs of variants can link at all: an exact filter that spares the all-pairs comparison.

Grouping compares distinct wordings within a speaker family (claims) or a
unit (figures). In a real corpus of tens of thousands of articles a family
holds tens of thousands of wordings, and comparing every pair would take hours
or days. Both rules of :mod:`cmclaims.link.groups` need one text to *cover* a share
of the other's keyword weight (:func:`cmclaims.link.similarity.coverage`): a
claim pair's mean coverage both ways reaches ``CLAIM_MIN_SIMILARITY``, so
one of them does; a figure pair's better coverage reaches
``FIGURE_MIN_SIMILARITY``.

If ``b`` covers at least ``c`` of ``a``'s weight, then ``b`` shares
(equal or close, as :func:`cmclaims.link.similarity.shared_words` matches) one of
``a``'s rarest keywords, taken until what is left weighs less than ``c`` of
the whole: its *rare prefix*. So each text is probed with its rare prefix
only, through an index of the texts that hold each keyword and each
keyword's close spellings (:class:`cmclaims.link.similarity.CloseWords`), and only
the pairs found are compared in full.
No pair that could link is missed (``tests/link/test_candidates.py``
checks it against every pair); this is the prefix filter of set-similarity
joins, with keyword weights and fuzzy keyword matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from cmclaims.link.similarity import CloseWords, Weights

_FLOAT_SLACK = 1e-9
"""Relative margin on weight sums, so that rounding can only lengthen a prefix (more pairs, never fewer)."""


def rare_prefix(words: frozenset[str], weights: Weights, min_coverage: float) -> list[str]:
    """The heaviest keywords of ``words`` until those left weigh less than ``min_coverage`` of all."""
    total = sum(weights[word] for word in words)
    left = total
    prefix: list[str] = []
    for word in sorted(words, key=lambda w: (-weights[w], w)):
        if left < (min_coverage - _FLOAT_SLACK) * total:
            break
        prefix.append(word)
        left -= weights[word]
    return prefix


class CandidatePairs:
    """The pairs of a block of variants that may reach a coverage of ``min_coverage`` one way or the other."""

    def __init__(self, word_sets: Sequence[frozenset[str]], weights: Weights, min_coverage: float) -> None:
        self._word_sets = word_sets
        self._prefixes = [rare_prefix(words, weights, min_coverage) for words in word_sets]
        self.close = CloseWords(word for words in word_sets for word in words)
        """Close spellings within these texts' keywords, for the full comparison of the pairs found too."""

    def __call__(self, block: Sequence[int]) -> list[tuple[int, int]]:
        """Pairs ``(v, w)``, ``v < w``, of variant indexes in ``block``, sorted."""
        holders: dict[str, list[int]] = defaultdict(list)
        for index in block:
            for word in self._word_sets[index]:
                holders[word].append(index)
        pairs: set[tuple[int, int]] = set()
        for index in block:
            for query in self._prefixes[index]:
                for word in self.close[query]:
                    pairs.update((min(index, other), max(index, other))
                                 for other in holders.get(word, ()) if other != index)
        return sorted(pairs)
