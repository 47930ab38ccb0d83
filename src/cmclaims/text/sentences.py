"""Sentence spans inside a paragraph, by rule.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
brackets that follow) when whitespace and a capitalised word, a digit or an
opening quote come next, unless the word before the period is a curated
abbreviation (``lexicons/sentences.yaml``) or a single initial. Paragraph
edges are always sentence edges, because callers split per paragraph.

Rules rather than a library model: spaCy's pretrained pipelines cannot be
downloaded here, its blank pipeline's sentencizer splits on every period
token and would cap the build's throughput at its own, and news prose needs
little more than the abbreviation list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cmclaims.lexicons import load_lexicon

# "[.!?…][.!?…]*" is "[.!?…]+" written so that the regex engine skips ahead
# to the next stop character instead of trying a match at every position.
_BOUNDARY = re.compile(
    r"""(?P<stop>[.!?…][.!?…]*)(?P<close>["'”’)\]]*)(?=[ \t\u00a0\n]+["'“‘(\[]?[A-Z0-9])"""
)


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The curated abbreviations a period does not end a sentence after ("Dr.", "Gen."), loaded once."""
    return frozenset(load_lexicon("sentences")["abbreviations"])


def _is_abbreviation(text: str, stop_start: int, line_start: int) -> bool:
    word_start = max(text.rfind(" ", line_start, stop_start), text.rfind("\n", line_start, stop_start),
                     text.rfind("\u00a0", line_start, stop_start), text.rfind("\t", line_start, stop_start)) + 1
    word = text[max(word_start, line_start):stop_start + 1].lstrip("\"'“‘([")
    if not word.strip("."):
        return False
    if word in abbreviations():
        return True
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.start()
        if match.group("stop") == "." and _is_abbreviation(text, stop, max(start, stop - 40)):
            continue
        if trimmed := trim_span(text, sentence_start, match.end()):
            spans.append(trimmed)
        sentence_start = match.end()
    if trimmed := trim_span(text, sentence_start, end):
        spans.append(trimmed)
    return spans


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` with the whitespace at both edges left out; None when nothing else is there."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
