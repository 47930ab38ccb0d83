"""Every compiled regex of the figures extractor, built once from the lexicon.

The trigger scan, the number with its money symbol and range, units,
qualifiers before and after the number, and the contexts that make digits a
date or a clock time (:mod:`cmclaims.extract.figures.finder`). The number grammar
itself is in :mod:`cmclaims.extract.figures.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cmclaims.extract.figures.numbers import (
    BOUNDARY,
    MINUS_SIGNS,
    MODIFIER,
    SPACE,
    WORD,
    figures_lexicon,
    number_regex_source,
    word_sets,
)
from cmclaims.text.patterns import alternation, prefix_tree


@dataclass(frozen=True)
class FigurePatterns:
    """Every compiled regex of the figures extractor (see the sources below)."""

    digit_trigger: re.Pattern[str]  # a digit run: where a figure may be anchored
    word_trigger: re.Pattern[str]  # a number, scale or duration word, on the lower-cased text
    prefix: re.Pattern[str]  # "between", a money symbol, "half a", "several" before the trigger
    candidate: re.Pattern[str]  # the number or range, with its money symbol and sign
    skip_forward: re.Pattern[str]  # digits that open a date or a clock time
    list_marker: re.Pattern[str]  # "1." or "2)" numbering a list
    qualifier: re.Pattern[str]  # "about", "more than" right before the number
    article_before: re.Pattern[str]  # "about a" before "dozen"
    unit: re.Pattern[str]  # unit words and symbols right after the number
    postfix: re.Pattern[str]  # "+", "or more" after the number
    words: re.Pattern[str]  # up to three words after the number (the counted noun's candidates)
    partitive: re.Pattern[str]  # "of those", "of the" after the number
    of: re.Pattern[str]  # "of" after a magnitude ("dozens of")
    previous_word: re.Pattern[str]  # the word right before the number


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
        word_trigger=re.compile(rf"{prefix_tree(words['triggers'], space=re.escape(' '))}\b"),
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
    addend = rf"(?!{SPACE}+(?:{_currency_source(lex)})?\d)"  # "£45m plus £5m" adds two sums, no qualifier
    return (rf"(?P<post>{SPACE}*-?{SPACE}*(?:{alternation(words)})\b{addend}|{SPACE}*\+"
            rf"|{SPACE}+or{SPACE}+(?:{alternation(alternatives)})\b)")


def _currency_source(lex: dict[str, Any]) -> str:
    """A money symbol ("$", "A$", "$US") or a code or letter prefix ("USD 10", "USD10m", "RM1.2", "Rs 79")."""
    letters = alternation([*lex["currency_codes"], *lex["currency_letter_prefixes"]])
    return rf"(?:{alternation(lex['currency_symbols'])}|(?-i:{letters}){SPACE}?)"


def _sign_source(lex: dict[str, Any], ahead: bool = True) -> str:
    """A negative sign: "minus" or a minus right before the digits ("-1.7%"); ``ahead=False`` for the prefix
    regex, which is searched up to the digits and cannot look at them."""
    digits_next = r"(?=[$€£¥]?\d)" if ahead else ""
    return rf"(?:(?:{alternation(lex['minus_words'])}){SPACE}+|[{MINUS_SIGNS}]{digits_next})"


def _prefix_source(lex: dict[str, Any]) -> str:
    """What may stand before the trigger inside one figure: "between", a
    money symbol, "a"/"half a" before a scale word, "several"/"a few"."""
    vague = alternation(lex["vague_scale_quantifiers"])
    article = rf"(?:half{SPACE}+)?an?{SPACE}+|(?:an?{SPACE}+)?half-|(?:{vague}){SPACE}+"
    return rf"{BOUNDARY}(?:between{SPACE}+)?{_sign_source(lex, ahead=False)}?{_currency_source(lex)}?(?:{article})?"


def _candidate_source(lex: dict[str, Any]) -> str:
    """A number, or a range of two ("between 10 and 20", "$1-2 million",
    "two or three"), with money symbols and a sign; ``from`` marks "from X to
    Y", a change (two figures) when a change word precedes it."""
    currency = _currency_source(lex)
    number = number_regex_source()
    separator = rf"(?:{SPACE}*[-–—]{SPACE}*|{SPACE}+to{SPACE}+|{SPACE}+or{SPACE}+)"
    return (
        rf"{BOUNDARY}(?P<between>between{SPACE}+)?(?P<from>(?<=from\s))?(?P<sign>{_sign_source(lex)})?"
        rf"(?P<cur>{currency})?(?P<n1>{number})"
        rf"(?:(?P<u1>{SPACE}?%|{SPACE}+per{SPACE}?cent\b|{SPACE}+percent\b|(?-i:C)(?=[ \t]+to\b))?"
        rf"(?P<sep>(?(between){SPACE}+and{SPACE}+|{separator}))"
        rf"(?P<cur2>{currency})?(?P<n2>{number}))?"
    )


def _skip_forward_source(lex: dict[str, Any]) -> str:
    """Digits that open a date ("9 May 2022", "2023-07-20") or a clock time."""
    months = rf"(?-i:{alternation(lex['months'])})"
    clock = alternation(lex["clock_suffixes"])
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    return (
        rf"{day}(?:[-–]{day})?{SPACE}+(?:of{SPACE}+)?{months}\b\.?(?:,?{SPACE}+\d{{4}}(?!\d))?"
        r"|\d{4}-\d{1,2}-\d{1,2}\b|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
        rf"|\d{{1,2}}(?:[:.]\d{{2}})?{SPACE}*(?:{clock})(?!\w)|\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)"
    )


def _unit_source(lex: dict[str, Any], words: dict[str, Any]) -> str:
    """Unit words and symbols right after a number (money symbols come before)."""
    percent = alternation(w for w in lex["percent_words"] if w != "%")
    money = alternation(w for w in lex["currency_words"] if w not in lex["pound_words"])
    physical = alternation(f for forms in lex["physical_units"].values() for f in forms)
    minor = lex["minor_currency_units"]
    symbols = [f for forms in lex["unit_symbols"].values() for f in forms]
    letters, longer = alternation(f for f in symbols if len(f) == 1), alternation(f for f in symbols if len(f) > 1)
    return (
        rf"(?P<pct>{SPACE}?%|{SPACE}*-?{SPACE}*(?:{percent})\b)"
        rf"|(?P<money>{SPACE}+(?:{money})\b|{SPACE}+(?-i:{alternation(lex['currency_codes'])})\b)"
        rf"|(?P<minor>(?-i:{alternation(m for m in minor if len(m) == 1)})(?![\w.])"
        rf"|{SPACE}+(?:{alternation(m for m in minor if len(m) > 1)})\b)"
        rf"|(?P<pound>(?:{SPACE}+|-)(?:{alternation(lex['pound_words'])})\b(?:{SPACE}+sterling\b)?)"
        rf"|(?P<dur>(?:{SPACE}+|-)(?:{alternation(words['durations'])})\b(?:-old\b)?)"
        rf"|(?P<phys>(?:{SPACE}|-)?(?:{physical})(?![\w/²]))"
        rf"|(?P<sym>(?:{SPACE}|-)?(?-i:{longer})(?![\w/²])|-?(?-i:{letters})(?![\w/²]))"
    )
