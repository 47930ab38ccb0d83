"""The candidate filter of cross-source grouping misses no pair that could link."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims.link.candidates import CandidatePairs, rare_prefix
from cmclaims.link.groups import Variants, link_variants
from cmclaims.link.similarity import CloseWords, Weights, claim_similarity, coverage, shared_words

WEIGHTS = Weights({"ban": 3.0, "country": 1.0, "cluster": 0.5, "munition": 0.5, "retaliate": 2.5, "retaliat": 2.5})

# Words with near spellings, so that fuzzy matches (ratio >= 85) occur as well as equal words.
VOCABULARY = ["ban", "bans", "banned", "country", "countries", "cluster", "munition", "munitions", "retaliate",
              "retaliat", "weapon", "weapons", "civilian", "civilians", "threat", "threaten", "ukraine", "russia",
              "actor:ukraine", "actor:russia", "populated", "population", "dud", "duds", "rate", "rates"]


def test_the_rare_prefix_is_what_a_covering_text_must_share():
    # "ban" weighs 3 of 4.5; without it, 1.5 (a third) is left: less than 40 %,
    # so a text covering 40 % of this one's weight must share "ban".
    assert rare_prefix(frozenset({"ban", "country", "cluster"}), WEIGHTS, 0.4) == ["ban"]
    # At 20 %, "country" (1.0) and "cluster" (0.5) left still weigh a third: both rare words are needed.
    assert rare_prefix(frozenset({"ban", "country", "cluster"}), WEIGHTS, 0.2) == ["ban", "country"]
    assert rare_prefix(frozenset(), WEIGHTS, 0.4) == []


def test_close_words_are_the_fuzzy_matches_of_shared_words():
    close = CloseWords(VOCABULARY)
    assert {"retaliate", "retaliat"} <= close["retaliate"]
    assert close["weapon"] == {"weapon", "weapons"}
    for query in VOCABULARY + ["retaliation", "weapo"]:
        for word in VOCABULARY:
            assert (word in close[query]) == bool(shared_words(frozenset({query}), frozenset({word})))


@settings(max_examples=150, deadline=None)
@given(st.frozensets(st.sampled_from(VOCABULARY), max_size=7), st.frozensets(st.sampled_from(VOCABULARY), max_size=7))
def test_looked_up_close_words_share_what_scoring_shares(a, b):
    assert shared_words(a, b, CloseWords(VOCABULARY)) == shared_words(a, b)


def _covering_pairs(sets: list[frozenset[str]], weights: Weights, min_coverage: float) -> set[tuple[int, int]]:
    return {(v, w) for v in range(len(sets)) for w in range(v + 1, len(sets))
            if max(coverage(sets[v], sets[w], weights), coverage(sets[w], sets[v], weights)) >= min_coverage}


word_sets = st.lists(st.frozensets(st.sampled_from(VOCABULARY), max_size=7), min_size=2, max_size=25)


@settings(max_examples=150, deadline=None)
@given(word_sets, st.sampled_from([0.25, 0.4, 0.6]), st.randoms(use_true_random=False))
def test_every_pair_that_reaches_the_coverage_is_a_candidate(sets, min_coverage, rng):
    weights = Weights({word: rng.uniform(0.1, 5.0) for word in VOCABULARY})
    candidates = set(CandidatePairs(sets, weights, min_coverage)(list(range(len(sets)))))
    assert _covering_pairs(sets, weights, min_coverage) <= candidates


def test_grouping_with_candidates_equals_comparing_every_pair():
    rng = random.Random(7)
    weights = Weights({word: rng.uniform(0.2, 4.0) for word in VOCABULARY})
    variants = Variants()
    for row in range(400):
        key = (rng.choice(["kirby", "putin", None]), frozenset(rng.sample(VOCABULARY, rng.randint(1, 6))))
        variants.add(key, f"source-{rng.randint(1, 30)}")

    def linked(a, b):
        return len(shared_words(a[1], b[1])) >= 3 and claim_similarity(a[1], b[1], weights) >= 0.4

    candidates = CandidatePairs([k[1] for k in variants.keys], weights, 0.4)

    def linked_by_look_up(a, b):
        close = candidates.close
        return len(shared_words(a[1], b[1], close)) >= 3 and claim_similarity(a[1], b[1], weights, close) >= 0.4

    every_pair = link_variants(variants, lambda key: key[0], linked)
    filtered = link_variants(variants, lambda key: key[0], linked_by_look_up, candidates)
    assert filtered == every_pair
    assert sum(first is not None for first in every_pair) > 20  # the example does form groups
