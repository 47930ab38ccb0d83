"""The grammar of figures: numbers in digits or words, units, counted nouns, regexes.

A *number* is the bare numeric core of a figure: ``474``, ``1,172``,
``2.35``, ``1.3 billion``, ``$``-less ``800m``, ``two dozen``, ``three
hundred and fifty``, ``half a million``, a plural magnitude (``hundreds``,
``tens of thousands``), a vague quantifier before a scale word (``several
hundred``) or a multiplicative (``twice``).  :func:`parse_number` gives its
value; :func:`counted_noun`, :func:`classify_noun` and :func:`unit_of` read
the unit after it; :mod:`cmclaims.extract.figures.patterns` compiles the
regexes built on this grammar.  All words come from the data file
``cmclaims/lexicons/figures.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from cmclaims.lexicons import load_lexicon
from cmclaims.text.patterns import alternation

SPACE = r"[ \t\u00a0]"  # horizontal space: a figure never runs across a line break
WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"
MODIFIER = r"\w*[^\W\d_]\w*(?:-\w+)*"  # may hold digits ("72 M42 grenades"), never only digits
# Not inside a word, decimal, path, identifier or after a money symbol.
BOUNDARY = r"(?<![\w.:/#@=$€£¥₽₴₹₩])(?<![A-Za-z]-)"
CURRENCY_CHARS = frozenset("$€£¥₽₴₹₩")
MINUS_SIGNS = "-\u2212"  # hyphen-minus and the minus sign, right before the digits


class ParsedNumber(NamedTuple):
    """Value of a number (scale applied), its scale factor, and whether it is
    a plural magnitude or vague quantity ("hundreds", "several hundred")
    that the codebook reads as *more than* the magnitude."""

    value: float
    scale: float
    magnitude: bool


def figures_lexicon() -> dict[str, Any]:
    """The figures lexicon (``lexicons/figures.yaml``, cached by the loader)."""
    return load_lexicon("figures")


# --- numbers -------------------------------------------------------------


@lru_cache(maxsize=1)
def number_regex_source() -> str:
    """Regex source (no capture groups) for one number; use with re.IGNORECASE.

    Digits must not run on into letters, except into a scale abbreviation or
    an attachable unit symbol ("155mm", "$1.3bn"), so that identifiers such
    as "2S19" or decades such as "1990s" never match.
    """
    lex = figures_lexicon()
    units = alternation(lex["units"])
    ones = alternation(w for w, v in lex["units"].items() if 1 <= v <= 9)
    basic = rf"(?:(?:{alternation(lex['tens'])})(?:[- ](?:{ones}))?|{units})"
    group = rf"{basic}(?:\s+hundred(?:\s+(?:and\s+)?{basic})?)?"
    scale = alternation(lex["scales"])
    # "a quarter of a million"
    share = rf"(?:an?|{units})[- ](?:{alternation(lex['fractions'])})\s+of\s+an?\s+(?:{scale})"
    and_half = r"(?:\s+and\s+a\s+half)"  # "two and a half years", "2 and a half million"
    words = (rf"(?:{share}|{group}{and_half}?(?:\s+(?:{scale}))*|(?:half\s+)?an?\s+(?:{scale})(?:\s+(?:{scale}))*"
             rf"|(?:an?\s+)?half-dozen)")
    magnitudes = alternation(lex["plural_magnitudes"])
    magnitude = rf"(?:{magnitudes})(?:\s+of\s+(?:{magnitudes}))*"
    vague = rf"(?:{alternation(lex['vague_scale_quantifiers'])})\s+(?:{scale})"
    multiplicative = alternation(lex["multiplicatives"])
    abbreviation = alternation(lex["scale_abbreviations"])
    short = [f for fs in lex["physical_units"].values() for f in fs if " " not in f and len(f) <= 4]
    attachable = alternation([*short, *(w for w in lex["percent_words"] if w.isalpha() and len(w) <= 3)])
    glued = alternation([*(f for fs in lex["unit_symbols"].values() for f in fs), *lex["minor_currency_units"]])
    digits = (
        r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[ \t]+and[ \t]+a[ \t]+half\b)?"
        rf"(?:[ \t]?(?:{scale})\b(?:[ \t]+(?:{scale})\b)*|(?:{abbreviation})(?!\w))?"
        rf"(?=(?:{attachable}|%|(?-i:{glued}))(?!\w)|[^\w]|$)(?![:/]\d)"
    )
    return rf"(?:{digits}|\b(?:{vague}|{magnitude}|{words}|{multiplicative})\b)"


_TOKEN = re.compile(r"[a-z]+|[\d,]+(?:\.\d+)?")


def parse_number(text: str) -> ParsedNumber:
    """Value of a string matched by :func:`number_regex_source`.

    >>> parse_number("two dozen").value, parse_number("1.3bn").value
    (24.0, 1300000000.0)
    """
    if text.isdigit():  # fast path: most numbers are plain digits
        return ParsedNumber(float(text), 1.0, False)
    lex = figures_lexicon()
    tokens = _TOKEN.findall(text.lower())
    if tokens[0][0].isdigit():
        value, scale = float(tokens[0].replace(",", "")) + (0.5 if "half" in tokens else 0.0), 1.0
        for token in tokens[1:]:  # "4 hundred million": every scale word multiplies
            scale *= float(lex["scales"].get(token) or lex["scale_abbreviations"].get(token, 1))
        return ParsedNumber(value * scale, scale, False)
    if tokens[0] in lex["plural_magnitudes"]:
        value = 1.0
        for token in tokens:
            value *= lex["plural_magnitudes"].get(token, 1)
        return ParsedNumber(value, 1.0, True)
    joined = " ".join(tokens)
    if any(joined.startswith(q + " ") for q in lex["vague_scale_quantifiers"]):
        return ParsedNumber(float(lex["scales"][tokens[-1]]), 1.0, True)
    return _parse_words(tokens, lex)


def _parse_words(tokens: list[str], lex: dict[str, Any]) -> ParsedNumber:
    """Accumulate number words: small values add up, "hundred"/"dozen"
    multiply the running group, larger scales close it."""
    values = {**lex["units"], **lex["tens"], **lex["multiplicatives"]}
    scales = lex["scales"]
    total = current = 0.0
    last_scale = 1.0
    for index, token in enumerate(tokens):
        if token in values:
            current += values[token]
        elif token == "half":  # "half a million", "a half-dozen"; "two and a half" adds a half
            current = current + 0.5 if tokens[index - 2 : index] == ["and", "a"] else 0.5
        elif token in lex["fractions"]:
            current = (current or 1.0) / lex["fractions"][token]
        elif token in ("a", "an"):
            current = current or 1.0
        elif token in ("hundred", "dozen"):
            current, last_scale = (current or 1.0) * scales[token], float(scales[token])
        elif token in scales:
            total += (current or 1.0) * scales[token]
            current, last_scale = 0.0, float(scales[token])
    return ParsedNumber(total + current, last_scale, False)


# --- units and counted nouns -----------------------------------------------


def counted_noun(after: re.Match[str], expect_singular: bool) -> str | None:
    """Which group of ``after`` ("w1" or "w2") is the counted noun, if any.

    The noun is the next word, or the first plural after up to two modifiers
    ("two older women", "hundreds of thousands of unexploded cluster bombs");
    it must look plural unless the number is one (then one modifier at most).
    Nominalised adjectives ("8 wounded") stand for persons.
    """
    words = word_sets()
    w1, w2 = after["w1"], after["w2"]
    l1, l2 = w1.lower(), (w2 or "").lower()
    acronym = len(w1) > 1 and w1.isupper()  # "US", not "us"
    if l1 in words["function"] and l1 not in words["modifier"] and not acronym:
        return None
    second_usable = bool(w2) and l2 not in words["function"]
    if expect_singular:
        if second_usable and _looks_like_modifier(w1) and not l2.endswith(("ed", "ing", "ly")):
            return "w2"
        return None if l1.endswith(("s", "ly", "ed", "ing")) or l1 in words["modifier"] else "w1"
    # "300 HIMARS rockets", "31 Abrams tanks": an acronym or a capitalised word before a plural modifies it
    first_modifies = acronym or w1[:1].isupper() or not (l1.endswith("ly") or _is_plural_noun(w1))
    if second_usable and first_modifies:
        if _is_plural_noun(w2):
            return "w2"  # "two older women"
        w3 = after["w3"] or ""
        if w3 and not l2.endswith("ly") and w3.lower() not in words["function"] and _is_plural_noun(w3):
            return "w3"  # "unexploded cluster bombs"
    if _is_plural_noun(w1):
        return "w1"
    return "w1" if l1 in words["nominal"] else None


def _is_plural_noun(word: str) -> bool:
    words = word_sets()
    lower = word.lower()
    if lower in words["function"]:
        return False
    if lower in words["irregular"] or lower in words["invariant"] or lower in words["plural_units"]:
        return True
    return len(lower) >= 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous"))


def _looks_like_modifier(word: str) -> bool:
    """A demonym, adjective-like word or model name that may stand before the
    noun ("one Russian general", "one M777 howitzer", "two more days")."""
    lower = word.lower()
    demonym = word[:1].isupper() and lower.endswith(("an", "ese", "ish", "i"))
    adjective = lower.endswith(("ed", "ing", "al", "ive", "ous", "ful", "est", "ic", "ary"))
    model = any(c.isdigit() for c in word)
    return demonym or adjective or model or lower in word_sets()["modifier"]


@lru_cache(maxsize=4096)
def classify_noun(surface: str) -> tuple[str, str]:
    """Unit and measure of the noun after a number: duration, money and
    physical units by their canonical names, other nouns singularised."""
    words, lower = word_sets(), surface.lower()
    if lower in words["durations"]:
        return words["durations"][lower], "duration"
    if lower in words["currencies"]:
        return words["currencies"][lower], "money"
    if lower in words["physical"]:
        return words["physical"][lower], "physical"
    if lower in words["nominal"]:
        return "person", "count"
    base = singular(surface)
    return figures_lexicon()["unit_synonyms"].get(base, base), "count"


@lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """Singular of a plural noun, lower-cased; acronyms and model names keep
    their case ("HIMARS"; "F-16s" -> "F-16")."""
    words = word_sets()
    if word.isupper() and len(word) > 1:
        return word
    if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
        return word.removesuffix("s")
    lower = word.lower()
    if lower in words["irregular"]:
        return words["irregular"][lower]
    if lower in words["invariant"] or not lower.endswith("s") or lower.endswith("ss"):
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return lower[:-2]
    return lower[:-1]


def unit_of(u: re.Match[str], first: ParsedNumber, second: ParsedNumber | None) -> tuple[str, str, str]:
    """Unit, measure and rule for a unit word or symbol right after the number."""
    words, kind = word_sets(), u.lastgroup
    surface = " ".join(u[kind].replace("-", " ").lower().split())
    if kind == "pct":
        return "percent", "percent", "figures.percent"
    if kind == "money":
        return words["currencies"].get(surface, surface.upper()), "money", "figures.money"
    if kind == "pound":  # money after a scale word ("5 million pounds"), else weight
        if max(first.scale, second.scale if second else 1) > 1 or "sterling" in surface:
            return "GBP", "money", "figures.money"
        return "lb", "physical", "figures.physical"
    if kind == "dur":
        return words["durations"][surface.split()[0]], "duration", "figures.duration"
    if kind == "minor":  # the caller divides the value ("164p" = 1.64 GBP)
        return figures_lexicon()["minor_currency_units"][u[kind].strip()][0], "money", "figures.money-minor"
    if kind == "sym":
        return words["symbols"][u[kind].lstrip(" \t\u00a0-")], "physical", "figures.physical"
    return words["physical"][surface], "physical", "figures.physical"


# --- compiled lexicon ------------------------------------------------------


@lru_cache(maxsize=1)
def word_sets() -> dict[str, Any]:
    """Lexicon lists as sets, and reverse maps from surface form to canonical unit."""
    lex = figures_lexicon()
    durations = {f: unit for unit, forms in lex["durations"].items() for f in forms}
    physical = {_key(f): unit for unit, forms in lex["physical_units"].items() for f in forms}
    currencies = {_key(f): code for f, code in lex["currency_words"].items()}
    qualifiers = {_key(p): kind for kind, phrases in lex["qualifiers"].items() for p in phrases}
    codes = {*lex["currency_codes"], *lex["currency_letter_prefixes"]}
    return {
        "function": set(lex["function_words"]),
        "modifier": set(lex["modifier_words"]),
        "nominal": set(lex["nominalised_adjectives"]),
        "irregular": lex["irregular_plurals"],
        "invariant": set(lex["invariant_nouns"]),
        "plural_units": {f for f in [*durations, *physical, *currencies] if f.endswith("s")},
        "durations": durations,
        "physical": physical,
        "symbols": {f: unit for unit, forms in lex["unit_symbols"].items() for f in forms},
        "currencies": currencies,
        "one_before": set(lex["one_blocked_before"]),
        "one_after": set(lex["one_blocked_after"]),
        "year_cues": set(lex["year_cues"]),
        "tally_cues": set(lex["tally_cues"]),
        "months": set(lex["months"]),
        "labels": set(lex["label_nouns"]),
        "intensifiers": sorted(lex["intensifiers"], key=len, reverse=True),
        "qualifiers": qualifiers,
        "qualifier_ends": {p.split()[-1] for p in qualifiers},
        "prefix_words": {
            "a", "an", "half", "between", "few", "several", *lex["minus_words"], *(c.lower() for c in codes),
        },
        "change": set(lex["change_words"]),
        "over_duration": set(lex["over_duration_words"]),
        "score_cues": set(lex["score_cues"]),
        "score_nouns": set(lex["score_nouns"]),
        "not_name": {*lex["not_name_words"], *lex["months"], *lex["currency_codes"], *lex["currency_letter_prefixes"]},
        "triggers": frozenset(w for k in _trigger_keys(lex) for w in lex[k]),
    }


def _trigger_keys(lex: dict[str, Any]) -> list[str]:
    """Lexicon lists whose words may anchor a figure; durations only when
    "a month" after a qualifier counts (``article_durations``)."""
    keys = ["units", "tens", "plural_magnitudes", "scales", "multiplicatives", "fractions"]
    return [*keys, "durations"] if lex["article_durations"] else keys


def _key(phrase: str) -> str:
    """Normal form of a matched phrase: lower case, single spaces, no hyphens."""
    return " ".join(phrase.replace("-", " ").lower().split())
