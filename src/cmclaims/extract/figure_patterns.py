"""Every compiled regex of the figures extractor, built once from the lexicon.

The trigger scan, the number with its money symbol and range, units,
qualifiers before and after the number, and the contexts that make digits a
date or a clock time (:mod:`cmclaims.extract.figures`). The number grammar
itself is in :mod:`cmclaims.extract.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cmclaims.extract.numbers import (
    BOUNDARY,
    MODIFIER,
    SPACE,
    WORD,
    alternation,
    figures_lexicon,
    number_regex_source,
    trie_alternation,
    word_sets,
)


@dataclass(frozen=True)
class FigurePatterns:
    """Every compiled regex of the figures extractor (see the sources below)."""

    digit_trigger: re.Pattern[str]
    word_trigger: re.Pattern[str]
    prefix: re.Pattern[str]
    candidate: re.Pattern[str]
    skip_forward: re.Pattern[str]
    list_marker: re.Pattern[str]
    qualifier: re.Pattern[str]
    article_before: re.Pattern[str]
    unit: re.Pattern[str]
    postfix: re.Pattern[str]
    words: re.Pattern[str]
    partitive: re.Pattern[str]
    of: re.Pattern[str]
    previous_word: re.Pattern[str]


@lru_cache(maxsize=1)
def figure_patterns() -> FigurePatterns:
    """The extractor's regexes, compiled once from the lexicon."""
    lex, words = figures_lexicon(), word_sets()
    i = re.IGNORECASE
    qualifier = rf"(?:(?:{alternation(lex['intensifiers'])}){SPACE}+)?(?:{alternation(words['qualifiers'])})"
    return FigurePatterns(
        # Two scans (each much faster alone than combined): digit runs, and, on a
        # lower-cased copy, number, scale and duration words. "\d\d*" is "\d+"
        # written so that the regex engine skips ahead to the next digit.
        digit_trigger=re.compile(r"\d\d*"),
        word_trigger=re.compile(rf"{trie_alternation(words['triggers'])}\b"),
        prefix=re.compile(_prefix_source(lex) + r"\Z", i),
        candidate=re.compile(_candidate_source(lex), i),
        skip_forward=re.compile(_skip_forward_source(lex), i),
        list_marker=re.compile(r"\d{1,2}[.)](?=\s)"),
        qualifier=re.compile(rf"(?<![\w-])(?P<q>{qualifier}){SPACE}+\Z", i),
        article_before=re.compile(rf"(?<![\w-])(?P<q>{qualifier}){SPACE}+an?{SPACE}+\Z", i),
        unit=re.compile(_unit_source(lex, words), i),
        postfix=re.compile(_postfix_source(lex), i),
        words=re.compile(rf"{SPACE}+(?P<w1>{MODIFIER})(?:{SPACE}+(?P<w2>{WORD})(?:{SPACE}+(?P<w3>{WORD}))?)?"),
        partitive=re.compile(rf"{SPACE}+of{SPACE}+(?P<det>those|these|the|them|whom|which|its|their|our|us)\b", i),
        of=re.compile(rf"{SPACE}+of\b", i),
        previous_word=re.compile(rf"(?P<w>[^\W\d_]+){SPACE}+\Z"),
    )


def _postfix_source(lex: dict[str, Any]) -> str:
    """Qualifiers after the number: "+", "plus", "odd", "or more", "or higher"..."""
    phrases = [p for p in lex["postfix_qualifiers"] if p != "+"]
    alternatives = [p.split()[1] for p in phrases if p.startswith("or ")]
    words = [p for p in phrases if not p.startswith("or ")]
    return (rf"(?P<post>{SPACE}*-?{SPACE}*(?:{alternation(words)})\b|{SPACE}*\+"
            rf"|{SPACE}+or{SPACE}+(?:{alternation(alternatives)})\b)")


def _currency_source(lex: dict[str, Any]) -> str:
    return rf"(?:{alternation(lex['currency_symbols'])}|(?-i:{alternation(lex['currency_codes'])}){SPACE}?)"


def _prefix_source(lex: dict[str, Any]) -> str:
    """What may stand before the trigger inside one figure: "between", a
    money symbol, "a"/"half a" before a scale word, "several"/"a few"."""
    vague = alternation(lex["vague_scale_quantifiers"])
    article = rf"(?:half{SPACE}+)?an?{SPACE}+|(?:an?{SPACE}+)?half-|(?:{vague}){SPACE}+"
    return rf"{BOUNDARY}(?:between{SPACE}+)?{_currency_source(lex)}?(?:{article})?"


def _candidate_source(lex: dict[str, Any]) -> str:
    """A number, or a range of two ("between 10 and 20", "$1-2 million",
    "two or three"), with money symbols; no range after "from" ("from 108
    to 123" states a change, two figures)."""
    currency = _currency_source(lex)
    number = number_regex_source()
    separator = rf"(?:{SPACE}*[-–—]{SPACE}*|{SPACE}+to{SPACE}+|{SPACE}+or{SPACE}+)"
    return (
        rf"{BOUNDARY}(?P<between>between{SPACE}+)?(?P<from>(?<=from\s){_range_from(lex)})?"
        rf"(?P<cur>{currency})?(?P<n1>{number})"
        rf"(?:(?P<u1>{SPACE}?%|{SPACE}+per{SPACE}?cent\b|{SPACE}+percent\b)?"
        rf"(?P<sep>(?(between){SPACE}+and{SPACE}+|(?(from)(?!)|{separator})))"
        rf"(?P<cur2>{currency})?(?P<n2>{number}))?"
    )


def _range_from(lex: dict[str, Any]) -> str:
    """Lookbehinds for "ranging from", after which "from 6 to 14" is a range, not a change."""
    return "".join(rf"(?<!\b{re.escape(cue)}\sfrom\s)" for cue in lex["range_from_cues"])


def _skip_forward_source(lex: dict[str, Any]) -> str:
    """Digits that open a date ("9 May 2022", "2023-07-20") or a clock time."""
    months = rf"(?-i:{alternation(lex['months'])})"
    clock = alternation(lex["clock_suffixes"])
    return (
        rf"\d{{1,2}}(?:st|nd|rd|th)?{SPACE}+(?:of{SPACE}+)?{months}\b\.?(?:,?{SPACE}+\d{{4}}(?!\d))?"
        r"|\d{4}-\d{1,2}-\d{1,2}\b|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
        rf"|\d{{1,2}}(?:[:.]\d{{2}})?{SPACE}*(?:{clock})(?!\w)|\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)"
    )


def _unit_source(lex: dict[str, Any], words: dict[str, Any]) -> str:
    """Unit words and symbols right after a number (money symbols come before)."""
    percent = alternation(w for w in lex["percent_words"] if w != "%")
    money = alternation(w for w in lex["currency_words"] if w not in lex["pound_words"])
    physical = alternation(f for forms in lex["physical_units"].values() for f in forms)
    return (
        rf"(?P<pct>{SPACE}?%|{SPACE}*-?{SPACE}*(?:{percent})\b)"
        rf"|(?P<money>{SPACE}+(?:{money})\b|{SPACE}+(?-i:{alternation(lex['currency_codes'])})\b)"
        rf"|(?P<pound>(?:{SPACE}+|-)(?:{alternation(lex['pound_words'])})\b(?:{SPACE}+sterling\b)?)"
        rf"|(?P<dur>(?:{SPACE}+|-)(?:{alternation(words['durations'])})\b(?:-old\b)?)"
        rf"|(?P<phys>(?:{SPACE}|-)?(?:{physical})(?![\w/²]))"
    )
