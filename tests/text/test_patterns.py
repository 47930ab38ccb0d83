"""The shared regex builders: hand-checked examples, and the prefix tree against the flat alternation."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims.extract.actors.cues import load_cues
from cmclaims.extract.claims.cues import cue_lexicon
from cmclaims.extract.figures.numbers import word_sets
from cmclaims.text.patterns import alternation, by_first_character, prefix_tree


def test_alternation_puts_longer_phrases_first_and_lists_each_once():
    assert alternation(["seven", "seventeen", "seven"]) == "seventeen|seven"
    assert alternation(["b", "a", "cc"]) == "cc|a|b"  # ties in code-point order


def test_alternation_escapes_and_lets_spaces_match_any_whitespace():
    pattern = re.compile(alternation(["U.S. Army", "Defense Ministry"]))
    assert pattern.fullmatch("Defense\n  Ministry")
    assert pattern.fullmatch("U.S. Army")
    assert not pattern.fullmatch("UxS. Army")


def test_alternation_without_space_matches_phrases_as_written():
    pattern = re.compile(alternation(["Le Drian", "van Dam"], space=None))
    assert pattern.fullmatch("Le Drian")
    assert not pattern.fullmatch("Le  Drian")


def test_prefix_tree_factors_shared_prefixes():
    assert prefix_tree(["ten", "two"]) == "t(?:en|wo)"
    assert prefix_tree(["a", "ab"]) == "a(?:b)?"
    assert prefix_tree(["ab"]) == "ab"
    assert prefix_tree(["told reporters"]) == r"told\s+reporters"
    assert prefix_tree(["a b"], space=re.escape(" ")) == r"a\ b"
    assert prefix_tree([]) == ""


def test_prefix_tree_prefers_the_longest_word_that_fits():
    source = rf"(?:{prefix_tree(['seven', 'seventeen'])})"
    assert re.match(source, "seventeen days").group() == "seventeen"
    assert re.match(source + r"\b", "seven-teen").group() == "seven"
    assert re.match(source + r"\b", "seventeenth") is None


def _spans(source: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w)(?:{source})(?!\w)", text)]


_WORDS = st.lists(st.text("abc", min_size=1, max_size=3), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=8), text=st.text("abc \n", max_size=40))
def test_prefix_tree_matches_what_the_alternation_matches(words, text):
    assert _spans(prefix_tree(words), text) == _spans(alternation(words), text)


def test_both_builders_agree_on_the_lexicon_word_lists():
    """The lexicons' lists give the same matches either way, over a text made of their words."""
    lex, actor_cues = cue_lexicon(), load_cues()
    lists = [sorted(actor_cues.role_words), sorted(lex.speaker_nouns), sorted(word_sets()["triggers"]),
             sorted(actor_cues.media_nouns)]
    for words in lists:
        text = " , ".join(f"{w} {w}s x{w}" for w in words) + "\n" + "  ".join(reversed(words))
        found = _spans(prefix_tree(words), text)
        assert found == _spans(alternation(words), text)
        assert len(found) >= len(words)


def test_by_first_character_groups_rests_under_their_first_character_in_first_seen_order():
    entries = [("K", "irby"), ("N", "ATO"), ("K", "yiv"), ("", r"\$x")]
    assert by_first_character(entries) == r"K(?:irby|yiv)|N(?:ATO)|(?:\$x)"
    guarded = by_first_character([("K", "yiv")], after_first=lambda first: f"(?<!\\w{first})")
    assert re.search(guarded, "Kyiv") and not re.search(guarded, "xKyiv")


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=8), text=st.text("abc \n", max_size=40))
def test_grouping_by_first_character_matches_what_the_alternation_matches(words, text):
    ordered = sorted(set(words), key=lambda word: (word[0], -len(word), word))
    grouped = by_first_character((re.escape(word[0]), re.escape(word[1:])) for word in ordered)
    flat = "|".join(map(re.escape, ordered))
    assert [m.span() for m in re.finditer(grouped, text)] == [m.span() for m in re.finditer(flat, text)]
