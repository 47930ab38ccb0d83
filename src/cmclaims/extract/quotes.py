"""The surface marks of attribution: quotation marks, sentence units, cue words.

Quoted stretches in one paragraph: which marks open and close a quotation.

News text mixes straight ("), curly (“ ”) and single (‘ ’ ') marks and is not
always consistent: a quote may be closed with an opening mark (“...Cluster
Munitions“,) or nest a single quote closed by a straight apostrophe
(‘escalation'”). A mark's role is therefore read from its surroundings (space
or opening punctuation before it, a word after it, or the reverse), and its
shape only breaks ties.

Single marks are quotation marks only when an opener pairs with a closer: a
mark between two letters (Russia’s, they’re) is an apostrophe, and a lone
closer after a word (the countries’ ) is a plural possessive. Single quotes
are looked for only outside double-quoted stretches; a single-quoted stretch
nested in a double one belongs to its outer quote.

A quote still open at the paragraph's end runs to that end (the convention for
quotations that continue into the next paragraph).

:func:`sentence_units` groups a paragraph's sentences so that no quotation is
cut: the claims extractor reads one unit at a time.

:func:`cue_lexicon` compiles ``lexicons/cues.yaml`` (cue verbs and phrases,
speaker words, time and channel adverbials) once per process; word lists
become prefix-tree alternations, several times faster than flat ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cmclaims.lexicons import load_lexicon
from cmclaims.sentences import split_sentences

_DOUBLE_OPENERS = "“„«‟"
_DOUBLE_CLOSERS = "”»"
_DOUBLE_MARK = re.compile("[\"“”„«»‟]")
_SINGLE_MARK = re.compile("[‘’‚']")
_OPEN_CONTEXT = frozenset("([{—–-/\"“‘'„«")
_CLOSE_CONTEXT = frozenset(".,;:!?)]}—–-…\"”’'»")


@dataclass(frozen=True)
class Quote:
    """One quoted stretch: mark positions and the trimmed content between them."""

    open: int
    close: int | None
    start: int
    end: int

    @property
    def outer_end(self) -> int:
        """One past the closing mark (or the content end when unclosed)."""
        return self.close + 1 if self.close is not None else self.end


def _sides(text: str, index: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(opening context before the mark, closing context after it)."""
    before = text[index - 1] if index > lo else " "
    after = text[index + 1] if index + 1 < hi else " "
    return before.isspace() or before in _OPEN_CONTEXT, after.isspace() or after in _CLOSE_CONTEXT


def _double_role(text: str, index: int, lo: int, hi: int, is_open: bool) -> str:
    opening_before, closing_after = _sides(text, index, lo, hi)
    mark = text[index]
    if mark in _DOUBLE_OPENERS:
        return "close" if closing_after and not opening_before else "open"
    if mark in _DOUBLE_CLOSERS:
        return "open" if opening_before and not closing_after else "close"
    if opening_before != closing_after:
        return "open" if opening_before else "close"
    return "close" if is_open else "open"


def _make(text: str, open_at: int, close_at: int | None, end: int) -> Quote | None:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(open_at, close_at, start, end) if start < end else None


def _double_quotes(text: str, lo: int, hi: int) -> list[Quote]:
    quotes: list[Quote | None] = []
    open_at: int | None = None
    for match in _DOUBLE_MARK.finditer(text, lo, hi):
        index = match.start()
        if _double_role(text, index, lo, hi, open_at is not None) == "open":
            if open_at is not None:
                quotes.append(_make(text, open_at, None, index))
            open_at = index
        elif open_at is not None:
            quotes.append(_make(text, open_at, index, index))
            open_at = None
    if open_at is not None:
        quotes.append(_make(text, open_at, None, hi))
    return [quote for quote in quotes if quote]


def _single_role(text: str, index: int, lo: int, hi: int) -> str | None:
    before = text[index - 1] if index > lo else " "
    after = text[index + 1] if index + 1 < hi else " "
    if before.isalpha() and after.isalpha():
        return None
    opening_before, closing_after = _sides(text, index, lo, hi)
    mark = text[index]
    if mark in "‘‚'" and opening_before and (after.isalpha() or after in "“\"("):
        return "open"
    if mark in "’'" and not before.isspace() and closing_after:
        return "close"
    return None


def _single_quotes(text: str, lo: int, hi: int, doubles: list[Quote]) -> list[Quote]:
    inside = [(quote.open, quote.outer_end) for quote in doubles]
    quotes: list[Quote] = []
    open_at: int | None = None
    cursor = 0
    for match in _SINGLE_MARK.finditer(text, lo, hi):
        index = match.start()
        while cursor < len(inside) and inside[cursor][1] <= index:
            cursor += 1
        if cursor < len(inside) and inside[cursor][0] <= index:
            continue
        role = _single_role(text, index, lo, hi)
        if role == "open":
            open_at = index
        elif role == "close" and open_at is not None:
            quote = _make(text, open_at, index, index)
            if quote:
                quotes.append(quote)
            open_at = None
    return quotes


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """The quoted stretches of ``text[start:end]`` (one paragraph), in order."""
    doubles = _double_quotes(text, start, end)
    singles = _single_quotes(text, start, end, doubles) if _has_single(text, start, end) else []
    if singles:
        doubles = [d for d in doubles if not any(s.open < d.open and d.outer_end <= s.outer_end for s in singles)]
    return sorted(doubles + singles, key=lambda quote: quote.open)


def _has_single(text: str, start: int, end: int) -> bool:
    return _SINGLE_MARK.search(text, start, end) is not None


def sentence_units(text: str, start: int, end: int, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Sentences of a paragraph, merged where a quotation runs across them."""
    units: list[list[int]] = []
    index = 0
    for sentence_start, sentence_end in split_sentences(text, start, end):
        if units and sentence_start < units[-1][1]:
            units[-1][1] = max(units[-1][1], sentence_end)
        else:
            units.append([sentence_start, sentence_end])
        while index < len(quotes) and quotes[index].open < units[-1][1]:
            units[-1][1] = max(units[-1][1], quotes[index].outer_end)
            index += 1
    return [(unit_start, unit_end) for unit_start, unit_end in units]


def _trie(words) -> str:
    """A regex alternation of ``words`` as a prefix tree (much faster than a flat one); spaces match any whitespace."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or "" in node else branches[0]
        return body + "?" if "" in node else body

    return build(tree)


def words_pattern(words, flags: int = 0) -> re.Pattern[str]:
    """Whole words or phrases from a list, not glued to a letter, apostrophe or hyphen."""
    return re.compile(rf"(?<![\w’'-]){_trie(words)}(?![\w’'-])", flags)


@dataclass(frozen=True)
class CueLexicon:
    """``lexicons/cues.yaml``, compiled: cue forms, speaker words and adverbial patterns."""

    cue: re.Pattern[str]
    cue_words: frozenset[str]
    finite: frozenset[str]
    naming: frozenset[str]
    nominal: frozenset[str]
    evidence_verbs: frozenset[str]
    participles: frozenset[str]
    according: frozenset[str]
    weak: frozenset[str]
    addressee: frozenset[str]
    auxiliaries: frozenset[str]
    finite_auxiliaries: frozenset[str]
    passive_be: frozenset[str]
    adverbial_starts: frozenset[str]
    intro_words: frozenset[str]
    time: re.Pattern[str]
    time_ends: frozenset[str]
    channel: re.Pattern[str]
    boundaries: frozenset[str]
    pronouns: dict[str, str]
    author_pronouns: frozenset[str]
    relatives: dict[str, str]
    anonymous: tuple[re.Pattern[str], ...]
    speaker_nouns: frozenset[str]
    document_nouns: frozenset[str]
    document_noun: re.Pattern[str]
    description_heads: dict[str, frozenset[str]]
    person_roles: frozenset[str]
    voiceless_heads: frozenset[str]
    generic_speakers: dict[str, str | None]
    demonyms: dict[str, str]


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """Load and compile the cue lexicon once per process."""
    raw = load_lexicon("cues")
    participles = set(raw["participles"]) | {p[0].upper() + p[1:] for p in raw["participles"]}
    cue_forms = [*raw["finite"], *raw["naming"], *raw["nominal"], *participles, *raw["according_to"]]

    def alternation(key: str) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(raw[key], key=len, reverse=True))

    time = re.compile(rf"(?:(?:{alternation('time_prefixes')})\s+){{0,2}}(?:(?:{alternation('time_words')})"
                      rf"(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?|\d{{4}})(?:\s+(?:{alternation('time_suffixes')}))?(?![\w’'-])")
    channel = re.compile(r"(?:in|on|at|during|via|through)\s+(?:(?:an?|the|his|her|its|their)\s+)?(?:[\w’'.-]+\s+){0,3}"
                         rf"(?:{alternation('channel_nouns')})(?![\w’'-])")
    sets = {key: frozenset(raw[key]) for key in (
        "finite", "naming", "nominal", "evidence_verbs", "according_to", "weak", "addressee", "auxiliaries", "finite_auxiliaries", "passive_be",
        "intro_words", "subject_boundaries", "author_pronouns", "speaker_nouns", "document_nouns", "person_roles",
        "voiceless_heads")}
    return CueLexicon(
        cue=words_pattern(cue_forms), cue_words=frozenset(w for form in cue_forms for w in form.split()[:1]),
        finite=sets["finite"], naming=sets["naming"], nominal=sets["nominal"], evidence_verbs=sets["evidence_verbs"], participles=frozenset(participles),
        according=sets["according_to"], weak=sets["weak"], addressee=sets["addressee"],
        auxiliaries=sets["auxiliaries"], finite_auxiliaries=sets["finite_auxiliaries"], passive_be=sets["passive_be"],
        adverbial_starts=frozenset(raw["adverbial_starts"]) | frozenset(raw["time_words"]),
        intro_words=sets["intro_words"], time=time,
        time_ends=frozenset(w.split()[-1].rstrip(".") for key in ("time_words", "time_suffixes") for w in raw[key]), channel=channel, boundaries=sets["subject_boundaries"],
        pronouns={w: category for category, words in raw["pronouns"].items() for w in words},
        author_pronouns=sets["author_pronouns"],
        relatives={w: category for category, words in raw["relatives"].items() for w in words},
        anonymous=tuple(re.compile(pattern) for pattern in raw["anonymous"]),
        speaker_nouns=sets["speaker_nouns"], document_nouns=sets["document_nouns"],
        document_noun=words_pattern(raw["document_nouns"], re.IGNORECASE),
        description_heads={head: frozenset(kinds) for head, kinds in raw["description_heads"].items()},
        person_roles=sets["person_roles"], voiceless_heads=sets["voiceless_heads"],
        generic_speakers={k.lower(): v for k, v in raw["generic_speakers"].items()}, demonyms=dict(raw["demonyms"]),
    )
