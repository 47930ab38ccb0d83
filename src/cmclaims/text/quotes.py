"""Quotation marks and sentence units of a paragraph.

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

:class:`Quotations` answers position questions ("is this inside a quote?")
by bisection; :func:`sentence_units` groups a paragraph's sentences so that no
quotation is cut: the claims extractor reads one unit at a time. :func:`skip`
steps over a run of characters with one regex match instead of a loop.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from cmclaims.text.sentences import split_sentences, trim_span

QUOTE_MARKS = frozenset("\"“”„«»‟‘’‚'")
SPACE = " \t\n\u00a0"

_DOUBLE_OPENERS = "“„«‟"
_DOUBLE_CLOSERS = "”»"
_DOUBLE_MARK = re.compile("[\"“”„«»‟]")
_SINGLE_MARKS = "‘’‚'"
# A single mark between two ASCII letters (Russia’s, they’re) is an apostrophe: the scan skips it.
_SINGLE_NOT_BETWEEN_LETTERS = re.compile(f"[{_SINGLE_MARKS}](?:(?<![A-Za-z].)|(?![A-Za-z]))")
_OPEN_CONTEXT = frozenset("([{—–-/\"“‘'„«")
_CLOSE_CONTEXT = frozenset(".,;:!?)]}—–-…\"”’'»")


@dataclass(frozen=True, slots=True)
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


class Quotations:
    """Non-overlapping quotes sorted by opening mark, looked up by position."""

    __slots__ = ("_closes", "_opens", "quotes")

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = list(quotes)
        self._opens = [quote.open for quote in self.quotes]
        self._closes: dict[int, Quote] | None = None  # by closing mark, built on first use

    def __bool__(self) -> bool:
        return bool(self.quotes)

    def covers(self, position: int) -> bool:
        """Is ``position`` inside a quotation, marks included?"""
        index = bisect_right(self._opens, position) - 1
        return index >= 0 and position < self.quotes[index].outer_end

    def opening_in(self, start: int, end: int) -> list[Quote]:
        """The quotes whose opening mark lies in [start, end)."""
        opens = self._opens
        return self.quotes[bisect_left(opens, start):bisect_left(opens, end)]

    def closing_at(self, position: int) -> Quote | None:
        """The quote whose closing mark is at ``position`` (a lookup: a scan per call is quadratic)."""
        if self._closes is None:
            self._closes = {quote.close: quote for quote in reversed(self.quotes) if quote.close is not None}
        return self._closes.get(position)


def _sides(text: str, index: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(opening context before the mark, closing context after it)."""
    before = text[index - 1] if index > lo else " "
    after = text[index + 1] if index + 1 < hi else " "
    return before.isspace() or before in _OPEN_CONTEXT, after.isspace() or after in _CLOSE_CONTEXT


def _double_role(text: str, index: int, lo: int, hi: int, is_open: bool) -> str:
    """Does a double mark open or close a quotation?"""
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
    """The quote between two marks, whitespace trimmed (None when empty)."""
    content = trim_span(text, open_at + 1, end)
    return Quote(open_at, close_at, *content) if content else None


def _double_quotes(text: str, lo: int, hi: int) -> list[Quote]:
    """Double-quoted stretches, read mark by mark."""
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
    """Does a single mark open or close a quotation, or is it an apostrophe (None)?"""
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
    """Single-quoted stretches outside the double-quoted ones."""
    inside = [(quote.open, quote.outer_end) for quote in doubles]
    quotes: list[Quote] = []
    open_at: int | None = None
    cursor = 0
    marks = [m.start() for m in _SINGLE_NOT_BETWEEN_LETTERS.finditer(text, lo + 1, hi)]
    if lo < hi and text[lo] in _SINGLE_MARKS:  # the paragraph's edge counts as a space, whatever precedes it
        marks.insert(0, lo)
    for index in marks:
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
    singles = _single_quotes(text, start, end, doubles)
    if singles:
        doubles = [d for d in doubles if not any(s.open < d.open and d.outer_end <= s.outer_end for s in singles)]
        return sorted(doubles + singles, key=lambda quote: quote.open)
    return doubles


def sentence_units(text: str, start: int, end: int, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Sentences of a paragraph, merged where a quotation runs across them."""
    units: list[list[int]] = []
    index, count = 0, len(quotes)
    for sentence_start, sentence_end in split_sentences(text, start, end):
        if units and sentence_start < units[-1][1]:
            units[-1][1] = max(units[-1][1], sentence_end)
        else:
            units.append([sentence_start, sentence_end])
        while index < count and quotes[index].open < units[-1][1]:
            units[-1][1] = max(units[-1][1], quotes[index].outer_end)
            index += 1
    return [(unit_start, unit_end) for unit_start, unit_end in units]


# -- scanning helpers shared by the claims modules ---------------------------
def char_run(chars: str) -> re.Pattern[str]:
    """A pattern for a (possibly empty) run of ``chars``, to :func:`skip` over."""
    return re.compile(f"[{re.escape(chars)}]*")


SPACES = char_run(SPACE)


def skip(text: str, position: int, limit: int, run: re.Pattern[str]) -> int:
    """The end of the ``run`` (see :func:`char_run`) starting at ``position``, at most ``limit``."""
    return position if position >= limit else run.match(text, position, limit).end()
