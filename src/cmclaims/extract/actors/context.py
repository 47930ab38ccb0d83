"""Mentions that their context decides: datelines, outlets named by a media noun, bare state bodies.

- A dateline opens a wire-style lead paragraph: "UNITED NATIONS, July 7
  (Xinhua) --", "KYIV, Ukraine (AP) —", "MOSCOW, July 12. /TASS/.". Its place
  (a capitalised city, with an optional ", Region") labels where the story was
  filed: it is no mention. The agency after it is an outlet's mention like
  any other.
- An outlet that the registry lacks is named next to a media noun, or told
  something with "the" and a channel ("told the Baltic Courier by phone"):
  "the German broadcaster ZDF" (noun, then the name), or "according to Foreign
  Policy magazine" (the name, then the noun, after an attribution cue or
  before a speech verb); an acronym interviewed is an outlet too ("told ZDF
  in an interview", "in an interview with ARD"). The span is the name alone.
- A capitalised state body without a country ("the Defense Ministry") is
  that of the country in focus: the one whose body of that name was
  mentioned last, else the clearly dominant country of the earlier mentions
  (at least two, and twice any other); none if unclear. A country listed as
  ``bare_body_exclude`` (the US, which has departments) is never chosen.
- A registry name made of ordinary words ("Foreign Policy") is no mention
  inside a longer capitalised name ("EU Foreign Policy chief").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from cmclaims.extract.actors.cues import Cues
from cmclaims.text.patterns import alternation

if TYPE_CHECKING:
    from cmclaims.extract.actors.registry import Registry
    from cmclaims.tabular.records import Mention

_WORD = r"[A-Z][\w'’&-]*(?:\.[a-z]{2,})?"  # "Antiwar.com", not "ZDF." at a sentence end
_NAME = rf"(?:The[ ]+)?{_WORD}(?:[ ]+(?:(?:of|and|&|de|del|della|la|le)[ ]+)?{_WORD}){{0,3}}"
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3}(?:,[ ]+[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,2})?)"
    r"(?=,[ ]+[A-Z][a-z]{2,8}\.?[ ]+\d"  # ", July 7"
    r"|[ ]*\([^()\n]{1,60}\)[ ]*(?:--|[-–—])[ ]*[A-Z\"“]"  # " (AP) — The"
    r"|[ ]*\([^()\n]{1,60}\d{4}\)"  # " (Agency - 6th July, 2023)"
    r"|\.?[ ]*/[^/\n]{1,30}/"  # ". /TASS/."
    r"|[ ]+(?:--|[–—])[ ]+[A-Z\"“])"  # " — The" (not "NATO — which ...")
)
_PREVIOUS_WORD = re.compile(r"(?P<word>(?:[A-Z]\.){2,}|(?<![.\w'’-])[\w'’-]+)[ \t]+\Z")  # "U.S.", not "Ukraine."
_NEXT_WORD = re.compile(r"[ \t]+(?P<word>[\w.'’-]+)")
_SPEECH_AFTER = r"[ ]+(?:has[ ]+|had[ ]+)?(?:reported|reports|said|says|wrote|writes|quoted|cited|published)\b"


def dateline_place(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the place that opens a dateline at the start of a paragraph, if one does (a city in
    capitals, not an initialism such as "U.S.")."""
    match = _DATELINE.match(text, start, end)
    if match is None or not match.group("place")[1].isupper():
        return None
    return match.start("place"), match.end("place")


def inside_longer_name(text: str, match: re.Match[str], start: int, end: int, cues: Cues) -> bool:
    """Whether a capitalised word (not a sentence opener) joins the match on either side."""
    previous = _PREVIOUS_WORD.search(text, max(start, match.start() - 40), match.start())
    following = _NEXT_WORD.match(text, match.end(), end)
    before = previous is not None and previous["word"][:1].isupper() and previous["word"] not in cues.name_stopwords
    return before or (following is not None and following["word"][:1].isupper())


@lru_cache(maxsize=2)
def _outlet_patterns(cues: Cues) -> tuple[re.Pattern[str], ...]:
    """Outlets named after a media noun, before one, and interviewed; last, a spaced acronym as an interview
    names it (the third needs one)."""
    before_name = alternation(cues.media_nouns)
    after_name = alternation([*cues.media_nouns, *cues.media_nouns_after_name])
    # An acronym interviewed, then punctuation or a preposition: not "speaking to NGO workers".
    interviewed = r"(?P<name>[A-Z]{2,6})\b(?:\s+in\s+an\s+interview\b)?(?=\s*[,.;:)]|\s+(?:in|on|that|about)\b)"
    return (
        re.compile(rf"(?<![\w-])(?P<noun>{before_name})[ ]+(?P<name>{_NAME})(?![\w'’-])"),
        re.compile(rf"(?<!\w)(?i:{alternation(cues.attribution_before)})\s+(?:the\s+)?(?P<name>{_NAME})[ ]+"
                   rf"(?:{after_name})\b|(?P<subject>{_NAME})[ ]+(?:{after_name})(?={_SPEECH_AFTER})"),
        re.compile(rf"(?<!\w)(?i:{alternation(cues.interview_cues)})\s+{interviewed}"),
        re.compile(rf"\s{interviewed}"),
        # "told the Baltic Courier by phone": a person is not told with "the" (the literal start lets the regex
        # engine skip ahead to each "told")
        re.compile(rf"told(?<!\wtold)\s+the\s+(?P<name>{_NAME})(?=\s+(?:by\s+(?:tele)?phone|in\s+an\s+interview)\b)"),
    )


@lru_cache(maxsize=2)
def _media_words(cues: Cues) -> tuple[str, ...]:
    """A word of each media noun (its last, unless it contains another one's): a span with none of them has no
    media noun, so the first two outlet patterns cannot match in it."""
    words = {noun.split()[-1] for noun in (*cues.media_nouns, *cues.media_nouns_after_name)}
    return tuple(sorted(word for word in words if not any(other != word and other in word for other in words)))


def outlets(text: str, start: int, end: int, cues: Cues) -> Iterator[tuple[int, int, str]]:
    """(start, end, rule) of each outlet name a media noun or an interview marks in one span."""
    noun_first, name_first, interviewed, spaced_acronym, told_the = _outlet_patterns(cues)
    span = text[start:end]
    if "told" in span:
        for match in told_the.finditer(text, start, end):
            yield from _checked(text, match, "name", cues, "outlet-interviewed")
    if any(word in span for word in _media_words(cues)):  # a quick check spares two slow scans in most spans
        for match in noun_first.finditer(text, start, end):
            if match["noun"] in cues.media_nouns_for_people and len(match["name"].split()) > 1:
                continue  # "broadcaster Jane Doe" is a person
            yield from _checked(text, match, "name", cues, "outlet-with-noun")
        for match in name_first.finditer(text, start, end):
            yield from _checked(text, match, "name" if match["name"] else "subject", cues, "outlet-with-noun")
    if spaced_acronym.search(text, start, end):  # likewise: most spans have no acronym that an interview may name
        for match in interviewed.finditer(text, start, end):
            told = match.group().lower().startswith("told")
            if not told or match.group().endswith("interview"):
                yield match.start("name"), match.end("name"), "outlet-interviewed"


def _checked(text: str, match: re.Match[str], group: str, cues: Cues, rule: str) -> Iterator[tuple[int, int, str]]:
    """The name, unless it is a demonym, a sentence opener or ends in one (then no outlet is named)."""
    words = [w.rstrip(".") for w in match.group(group).split()]
    if any(w in cues.demonyms or w in cues.collective_demonyms for w in words):
        return
    if (words[0] in cues.name_stopwords and words[0] != "The") or words[-1] in cues.name_stopwords:
        return
    yield match.start(group), match.end(group), rule


@lru_cache(maxsize=2)
def _bare_body_pattern(cues: Cues) -> re.Pattern[str]:
    """ "the Defense Ministry", not "the Defense Ministry of Ukraine" (that names its country); "the" not after a
    word character, checked after it so that the regex engine can skip ahead to each "T" or "t"."""
    bodies = alternation(cues.bare_state_bodies)
    return re.compile(rf"[Tt]he(?<!\w[Tt]he)\s+(?P<body>{bodies})(?![\w-])(?!\s+of\s+[A-Z])")


def bare_bodies(text: str, spans: Sequence[tuple[int, int]], cues: Cues) -> Iterator[tuple[int, int, str]]:
    """(start, end, canonical name) of each capitalised "the <state body>" that names no country."""
    pattern = _bare_body_pattern(cues)
    for start, end in spans:
        for match in pattern.finditer(text, start, end):
            key = " ".join(match["body"].split())
            yield match.start("body"), match.end("body"), cues.bare_state_bodies[key]


def country_in_focus(before: Sequence[Mention], canonical: str, registry: Registry, cues: Cues) -> str | None:
    """The country whose body named ``canonical`` was mentioned last, else the country most of the earlier
    mentions belong to, if it has at least two and twice as many as any other (never an excluded one)."""
    for m in reversed(before):
        if (registry.name(m.actor_id) or "").endswith(canonical):
            return registry.country_of(m.actor_id)
    counts: dict[str, int] = {}
    for m in before:
        if country := registry.country_of(m.actor_id):
            counts[country] = counts.get(country, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return None if ranked[0][0] in cues.bare_body_exclude else ranked[0][0]
