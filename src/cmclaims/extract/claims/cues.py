"""``lexicons/cues.yaml`` compiled for the claims extractor.

:func:`cue_lexicon` loads the cue verbs and phrases, speaker words, and time
and channel adverbials once per process. Word lists become prefix-tree
alternations, several times faster than flat ones; word sets that the rules
test together are joined here once rather than on every test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cmclaims.lexicons import load_lexicon
from cmclaims.text.patterns import prefix_tree


def words_pattern(words, flags: int = 0) -> re.Pattern[str]:
    """Whole words or phrases from a list, not glued to a letter, apostrophe or hyphen."""
    return re.compile(rf"(?<![\w’'-]){prefix_tree(words)}(?![\w’'-])", flags)


@dataclass(frozen=True)
class CueLexicon:
    """``lexicons/cues.yaml``, compiled: cue forms, speaker words and adverbial patterns."""

    cue: re.Pattern[str]
    cue_words: frozenset[str]
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
    anonymous_words: re.Pattern[str]  # searched in a lower-cased speaker phrase
    anonymous_phrase: re.Pattern[str]
    speaker_nouns: frozenset[str]
    document_nouns: frozenset[str]
    speaker_or_document_nouns: frozenset[str]
    document_noun: re.Pattern[str]
    description_heads: dict[str, frozenset[str]]
    person_roles: frozenset[str]
    voiceless_heads: frozenset[str]
    generic_speakers: dict[str, str | None]
    demonyms: dict[str, str]
    negations: frozenset[str]


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """Load and compile the cue lexicon once per process."""
    raw = load_lexicon("cues")
    participles = set(raw["participles"]) | {p[0].upper() + p[1:] for p in raw["participles"]}
    cue_forms = [*raw["finite"], *raw["naming"], *raw["nominal"], *participles, *raw["according_to"]]

    def alternation(key: str) -> str:
        return prefix_tree(raw[key])

    time = re.compile(rf"(?:(?:{alternation('time_prefixes')})\s+){{0,2}}(?:(?:{alternation('time_words')})"
                      rf"(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?|\d{{4}})"
                      rf"(?:\s+(?:{alternation('time_suffixes')}))?(?![\w’'-])")
    channel = re.compile(r"(?:in|on|at|during|via|through)\s+(?:(?:an?|the|his|her|its|their)\s+)?"
                         rf"(?:[\w’'.-]+\s+){{0,3}}(?:{alternation('channel_nouns')})(?![\w’'-])"
                         rf"|by\s+(?:{alternation('channel_by')})(?![\w’'-])")
    sets = {key: frozenset(raw[key]) for key in (
        "naming", "nominal", "evidence_verbs", "according_to", "weak", "addressee", "auxiliaries",
        "finite_auxiliaries", "passive_be", "intro_words", "subject_boundaries", "author_pronouns", "speaker_nouns",
        "document_nouns", "person_roles", "voiceless_heads", "negations")}
    return CueLexicon(
        cue=words_pattern(cue_forms), cue_words=frozenset(w for form in cue_forms for w in form.split()[:1]),
        naming=sets["naming"], nominal=sets["nominal"], evidence_verbs=sets["evidence_verbs"],
        participles=frozenset(participles), according=sets["according_to"], weak=sets["weak"],
        addressee=sets["addressee"],
        auxiliaries=sets["auxiliaries"], finite_auxiliaries=sets["finite_auxiliaries"], passive_be=sets["passive_be"],
        adverbial_starts=frozenset(raw["adverbial_starts"]) | frozenset(raw["time_words"]),
        intro_words=sets["intro_words"], time=time,
        time_ends=frozenset(w.split()[-1].rstrip(".") for key in ("time_words", "time_suffixes") for w in raw[key]),
        channel=channel, boundaries=sets["subject_boundaries"],
        pronouns={w: category for category, words in raw["pronouns"].items() for w in words},
        author_pronouns=sets["author_pronouns"],
        relatives={w: category for category, words in raw["relatives"].items() for w in words},
        anonymous_words=re.compile(rf"\b(?:{'|'.join(raw['anonymous'])})\b"),
        anonymous_phrase=re.compile(raw["anonymous_phrase"]),
        speaker_nouns=sets["speaker_nouns"], document_nouns=sets["document_nouns"],
        speaker_or_document_nouns=sets["speaker_nouns"] | sets["document_nouns"],
        document_noun=words_pattern(raw["document_nouns"], re.IGNORECASE),
        description_heads={head: frozenset(kinds) for head, kinds in raw["description_heads"].items()},
        person_roles=sets["person_roles"], voiceless_heads=sets["voiceless_heads"],
        generic_speakers={k.lower(): v for k, v in raw["generic_speakers"].items()}, demonyms=dict(raw["demonyms"]),
        negations=sets["negations"],
    )
