"""Figures: the numeric quantities an article states (codebook, "figures").

``find_figures(text, spans)`` returns one dict per figure inside the given
body spans: ``char_start``, ``char_end`` (raw offsets), ``value``,
``value_high``, ``qualifier``, ``unit``, ``measure`` and ``rule``.

How a figure is read (choices an annotator following the codebook can check):

* **Number.** Digits (``474``, ``1,172``, ``2.35``), number words
  (``three``, ``two dozen``), scale words (``$800 million``, ``$1.3bn``),
  plural magnitudes (``hundreds of`` = 100, ``tens of thousands of`` =
  10000, qualifier ``more_than``), ``several hundred`` / ``a few thousand``
  (likewise ``more_than``) and ``twice`` (2 times).  ``a``/``an`` is not a
  number word: "a month", "last week", "just over a month after the
  invasion" are not figures (``article_durations: true`` in the lexicon
  reads "just over a month" as more than 1 month), but "a dozen" is 12 and
  "a quarter of a million" 250000.
* **Qualifier.** A phrase before the number ("more than", "up to") or after
  it ("or more", "or higher"); a negated comparison caps the value ("will
  not have a rate higher than 2.5%": ``at_most``, span "2.5%", see
  :mod:`cmclaims.extract.figures.qualifiers`).
* **Span.** Qualifier (with an intensifier: "just over"), the number and,
  where adjacent, its unit: a symbol or unit word ("2.35%", "500 days",
  "155mm") or the counted noun, reaching over at most two modifiers
  ("two older women", "three following examples", "hundreds of detonating
  projectiles", "more than 2,000 unexploded cluster bombs").  A partitive noun is not adjacent: in "Three of those
  wounded" the span is "Three" and the unit comes from "wounded".
* **Unit.** ISO 4217 code for money (``$`` is USD), ``day``/``week``/...
  for durations, ``percent``, a unit symbol for physical measures, else the
  counted noun in the singular with a few synonyms merged ("nations",
  "states" -> ``country``; "people", "persons" -> ``person``).  Nominalised
  adjectives ("the wounded", "8 dead") count persons.  A number without a
  noun of its own takes the unit of the count it is paired with ("from 108
  to 123 states"; "killing three people and injuring six" -> 6 person);
  otherwise its unit is the generic ``item``; directly paired, it shares
  any unit but money ("from 2 to 3 percent" -> 2 percent).  A hyphenated
  count noun counts ("the 27-nation bloc", "a 12-member commission").  An
  age is a duration ("a 46-year-old", "the farmer, 46,").
* **Shares.** Fractions and ratios state how much, as percentages:
  "two-thirds" = 66.6667, "a quarter of" = 25, "one in five" = 20.
* **Ranges.** "between 10 and 20", "10-20", "10 to 20", "two or three" and
  "fines from 10 to 20" give ``value`` 10 and ``value_high`` 20; after a change
  word "from 10 to 20" is a change: two figures ("rose from 10 to 20", "fell
  $1.20 to $82.40"), as is a percent followed by a level ("rose 1.5% to
  33,500").  A vote tally ("a vote of 147-276", "passed 219 to 210", "a 52-48
  vote") is two counts, unit ``vote``; a sports score ("won 3-1", "a 9-2
  lead") is no figure.
* **Signs and money.** "minus", "-" or "\u2212" right before the digits
  negate the value ("-1.7%"); prefixed symbols, codes and letters name the
  currency ("A$", "$US", "USD10m", "RM1.2 billion"); pence and cents are
  read in the main unit ("164p" = 1.64 GBP); "25k", "4.3M" and "4 hundred
  million" are scaled; "two and a half" is 2.5; a fraction in digits takes
  the unit after it ("1/16 inch" = 0.0625 in) or is a share ("1/40 of" =
  2.5 percent).
* **Not figures.** Calendar dates, years (a four-digit number is a year
  unless a qualifier, a unit or a plural counted noun follows it without a
  year cue such as "in" before it), clock times, ordinals ("8th",
  "twenty-first", "second-largest", "a third time"), other hyphenated
  compounds ("one-sided"), numbers in names and identifiers ("F-16",
  "M777", "COVID-19", "Article 5", "Group of Seven", "France 24", "FTSE 100",
  "Game 7", "the 737 Max": a count right after a capitalised word, or a bare
  integer before one), "one" as
  a pronoun ("one of those", "a hypocritical one": "one" needs a noun) or
  picking a member of a set just named ("... amendments. One amendment
  would have ..."), and vague words without a number ("several", "a number
  of", "decades").

Rules (the ``rule`` key): ``figures.count``, ``.count-partitive``,
``.count-ellipsis``, ``.count-bare``, ``.count-times``, ``.count-tally``,
``.count-compound``, ``.magnitude``, ``.money``, ``.money-minor``, ``.percent``, ``.physical-fraction``,
``.percent-fraction``, ``.percent-ratio``, ``.percent-ellipsis``,
``.duration``, ``.duration-article``, ``.duration-age``, ``.physical``;
ranges add ``-range``.  Words are data in
``cmclaims/lexicons/figures.yaml``; the regexes are in
:mod:`cmclaims.extract.figures.numbers` and :mod:`cmclaims.extract.figures.patterns`; the
reading of the context around a number in :mod:`cmclaims.extract.figures.qualifiers`.
"""

from __future__ import annotations

import heapq
import itertools
import re
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cmclaims.extract.figures.numbers import (
    CURRENCY_CHARS,
    MINUS_SIGNS,
    classify_noun,
    counted_noun,
    figures_lexicon,
    parse_number,
    unit_of,
    word_sets,
)
from cmclaims.extract.figures.patterns import figure_patterns
from cmclaims.extract.figures.qualifiers import (
    blocks_one,
    digit_fraction,
    fraction_after,
    fraction_article,
    is_age,
    is_change,
    is_name_number,
    is_score,
    is_title_case_name,
    is_year,
    over_is_preposition,
    postfix_kind,
    qualifier_before,
    qualifier_kind,
    ratio_after,
    skipped_digits,
    tally_unit,
)
from cmclaims.tabular.records import Figure, in_span_order

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_CLAUSE_GAP = re.compile(r"[^.!?;:\n]{0,80}\Z")
_COORDINATOR = re.compile(r",|\b(?:and|or|but|while|whereas)\b", re.IGNORECASE)
_PAIRED_FORWARD = re.compile(r"\s*(?:to|and|or|[-–—]|(?:out\s+)?of(?:\s+(?:the|its|their|all))?)\s*\Z", re.IGNORECASE)
_BARE_DETERMINERS = frozenset({"them", "whom", "which", "us"})
_OVER = re.compile(r"over[ \t\u00a0]+", re.IGNORECASE)
_NEXT_ANY_WORD = re.compile(r"[ \t\u00a0]+(?P<w>[^\W\d_]+)")
_COMPOUND = re.compile(r"-(?P<noun>[^\W\d_]+)(?![\w-])")


@dataclass
class _Figure:
    char_start: int
    char_end: int
    value: float
    value_high: float | None
    qualifier: str
    unit: str | None
    measure: str
    rule: str


def find_figures(text: str, spans: Sequence[tuple[int, int]]) -> list[Figure]:
    """All figures inside ``spans`` of ``text``, in span order and non-overlapping."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lengthen ("İ"): lower ASCII only
        lowered = text.translate(_ASCII_LOWER)
    figures: list[_Figure] = []
    for (lo, hi), triggers in _triggers_by_span(text, lowered, sorted(spans)):
        if triggers and (found := list(_figures_in_span(text, lowered, lo, hi, triggers))):
            figures += _resolve_bare_units(text, _over_after_figure(text, _without_overlaps(found)))
    return in_span_order(Figure(**vars(f)) for f in figures)


def _triggers_by_span(
    text: str, lowered: str, spans: list[tuple[int, int]]
) -> Iterator[tuple[tuple[int, int], list[re.Match[str]]]]:
    """Where a figure may be anchored: digit runs, and number, scale or
    duration words, found by two fast scans over all spans at once (scans are
    much faster alone than combined) and handed out to the (sorted) spans."""
    if not spans:
        return
    pats = figure_patterns()
    lo, hi = spans[0][0], max(end for _, end in spans)
    triggers = heapq.merge(
        pats.digit_trigger.finditer(text, lo, hi), pats.word_trigger.finditer(lowered, lo, hi), key=_start
    )
    pending = next(triggers, None)
    for span in spans:
        inside = []
        while pending is not None and pending.start() < span[1]:
            if pending.start() >= span[0] and pending.end() <= span[1]:
                inside.append(pending)
            pending = next(triggers, None)
        yield span, inside


def _figures_in_span(text: str, lowered: str, lo: int, hi: int, triggers: list[re.Match[str]]) -> Iterator[_Figure]:
    """Read the whole figure around each trigger with anchored regexes."""
    pats, durations = figure_patterns(), word_sets()["durations"]  # durations trigger only "a month"
    fractions = figures_lexicon()["fractions"]  # trigger only "a third of"
    pos = lo
    for trigger in triggers:
        at = trigger.start()
        if at < pos:
            continue
        pos = trigger.end()
        is_digit = text[at].isdigit()
        if not is_digit and at > lo and lowered[at - 1].isalnum():
            continue  # a number word inside a longer word ("often", "someone")
        if trigger.group() in durations:
            figure = _article_duration(text, trigger, lo)
        elif trigger.group() in fractions and (found := fraction_article(text, trigger, lo, hi)):
            figure = _Figure(*found[:3], None, found[3], "percent", "percent", "figures.percent-fraction")
        elif is_digit and (fraction := digit_fraction(text, trigger, hi)):
            end, value, unit, measure, rule = fraction
            qualifier, start = qualifier_before(text, at, lo)
            figure = _Figure(start, end, value, None, qualifier or "exact", unit, measure, rule)
            pos = max(pos, end)
        elif is_digit and (skip_to := skipped_digits(text, trigger, lo, hi)):
            pos = max(pos, skip_to)
            continue
        else:
            start = _figure_start(text, at, lo)
            m = pats.candidate.match(text, start, hi) or (pats.candidate.match(text, at, hi) if start < at else None)
            if m is None:
                continue
            if is_score(text, m, lo, hi):
                pos = m.end()
                continue
            if unit := tally_unit(text, m, lo, hi):
                yield from _tally(m, unit)
                pos = m.end()
                continue
            figure = _figure_at(text, m, lo, hi)
            pos = figure.char_end if figure else m.end()  # a range read as two numbers goes on at the second
        if figure is not None:
            yield figure


def _tally(m: re.Match[str], unit: str) -> Iterator[_Figure]:
    """The two counts of a tally ("a vote of 147-276")."""
    for group in ("n1", "n2"):
        value = parse_number(m[group]).value
        yield _Figure(m.start(group), m.end(group), value, None, "exact", unit, "count", "figures.count-tally")


def _start(match: re.Match[str]) -> int:
    return match.start()


def _figure_start(text: str, at: int, lo: int) -> int:
    """Start of the number whose trigger is at ``at``: before a money symbol,
    "between", "a"/"half a" or "several" when one precedes it."""
    before = text[max(lo, at - 16) : at]
    if not before:
        return at
    if before[-1] in CURRENCY_CHARS or before[-1] in MINUS_SIGNS or before[-1].isalpha() or (
        before[-1].isspace() and (words := before.split()) and words[-1].lower() in word_sets()["prefix_words"]
    ):
        prefix = figure_patterns().prefix.search(text, max(lo, at - 16), at)
        return prefix.start() if prefix else at
    return at


# --- one figure -------------------------------------------------------------


def _figure_at(text: str, m: re.Match[str], lo: int, hi: int) -> _Figure | None:
    """Read the number matched by ``m`` with its qualifier and unit; None if it
    is not a figure (year, pronoun "one", ordinal, compound, name...)."""
    lex, pats = figures_lexicon(), figure_patterns()
    first = parse_number(m["n1"])
    second = parse_number(m["n2"]) if m["n2"] else None
    value, high, number_end, split = first.value, None, m.end(), False
    if m["n1"][-1:] in "bB" and not (m["cur"] or m["cur2"]):
        return None  # "seat 14B": "b" is billion only with money
    if m["n1"][-1:] == "K" and not m["cur"] and _is_resolution(text, m.end(), hi):
        return None  # "8K video", "a 4K TV": a display standard, not eight thousand
    if m["sign"]:
        value = -value
    if second is not None:
        two_figures = (m["from"] is not None or m["sep"].strip() == "to") and is_change(
            text, m.start(), lo, right_before=m["from"] is None)  # "rose from 10 to 20", "fell $1.20 to $82.40"
        if m["u1"] and m["u1"].strip() != "C":  # "rose 1.5% to 33,500": a percent and a level, not a range
            after = pats.unit.match(text, m.end(), hi)
            two_figures = two_figures or after is None or after.lastgroup != "pct"
        if second.scale > 1 and first.scale == 1 and not first.magnitude and not m["u1"]:
            value *= second.scale  # "$1-2 million", "from 10 to 20 million"; not "jumped 265% to $22.1bn"
        if second.value > value and not two_figures:
            high = second.value
        else:  # two figures: the first keeps its own percent sign and money symbol, not the second's
            number_end, split = (m.start("u1") if m["u1"] and m["u1"].strip() != "C" else m.end("n1")), True
    start = m.start() if m["between"] is None or high is not None else m.start("cur" if m["cur"] else "n1")
    if is_title_case_name(text, m, lo):
        return None
    if m["n1"].lower() in lex["multiplicatives"]:
        return _multiplicative(text, m, lo, hi, value)

    qualifier, qualifier_start = (None, start) if m["between"] else qualifier_before(text, start, lo)
    if high is None and not m["cur"] and (share := ratio_after(text, m, hi) or fraction_after(text, m, hi)):
        end, percent, rule = share
        qualifier = qualifier or "exact"
        return _Figure(min(start, qualifier_start), end, percent, None, qualifier, "percent", "percent", rule)
    pos = number_end
    post = pats.postfix.match(text, pos, hi)
    if post:
        pos, qualifier = post.end(), qualifier or postfix_kind(post["post"])
    currency = _currency_code(m["cur"] if split else m["cur"] or m["cur2"])
    last_number = m["n2"] or m["n1"]
    unit, measure, rule = None, "count", "figures.count"
    if currency:
        unit, measure, rule = currency, "money", "figures.money"
    elif last_number[-1] == "m" and last_number[-2].isdigit():  # "800m" with no money symbol: metres ("4.3M": million)
        value, high = value / 1e6, (high / 1e6 if high else None)
        unit, measure, rule = "m", "physical", "figures.physical"
    elif (u := pats.unit.match(text, pos, hi)) is not None:
        unit, measure, rule = unit_of(u, first, second)
        pos = u.end()
        if u.lastgroup == "minor":  # "164p" = 1.64 GBP
            divisor = figures_lexicon()["minor_currency_units"][u["minor"].strip()][1]
            value, high = value / divisor, (high / divisor if high is not None else None)
    elif text.startswith("-", pos) and pos + 1 < hi and text[pos + 1].isalpha():
        compound = _COMPOUND.match(text, pos, hi) if high is None else None
        if compound is not None and compound["noun"].lower() in lex["strength_words"]:
            rule = "figures.count-strength"  # "a 12.5k-strong workforce": a bare count of its members
        elif compound is None or compound["noun"].lower() not in lex["compound_count_nouns"]:
            return None  # ordinal or adjectival compound: "twenty-first", "one-sided"
        else:
            pos = compound.end()  # "the 27-nation bloc" counts nations
            unit, measure = classify_noun(compound["noun"])
            rule = "figures.count-compound"
    elif is_age(text, m, lo, hi):
        unit, measure, rule = "year", "duration", "figures.duration-age"
    else:
        found = _counted_unit(text, m, lo, pos, hi, value == 1 and high is None and not first.magnitude)
        if found is False or is_name_number(text, m, lo, hi, bare=found is None):
            return None
        if found is not None:
            pos, unit, measure, rule = found
            weight = re.match(r"\s+of\b", text[pos : pos + 4]) is not None  # "thousands of pounds of cocaine"
            if unit == "pound" and first.magnitude and first.value >= 100 and not weight:  # "millions of pounds"
                unit, measure, rule = "GBP", "money", "figures.money"
    if first.magnitude:
        qualifier, rule = qualifier or "more_than", rule.replace("figures.count", "figures.magnitude")
    if not post and (post := pats.postfix.match(text, pos, hi)):
        pos, qualifier = post.end(), qualifier or postfix_kind(post["post"])
    if is_year(text, m, first, bool(currency or qualifier), unit, measure, lo):
        return None
    over = qualifier == "more_than" and measure == "duration" and text[qualifier_start:start].strip().lower() == "over"
    if over and over_is_preposition(text, qualifier_start, lo):  # "will close over 5 years": a period
        qualifier, qualifier_start = None, start
    rule += "-range" if high is not None else ""
    return _Figure(min(start, qualifier_start), pos, value, high, qualifier or "exact", unit, measure, rule)


def _counted_unit(text: str, m: re.Match[str], lo: int, pos: int, hi: int, singular: bool):
    """The counted noun after a number: (end, unit, measure, rule); None for a
    bare count; False when the number is not a figure at all."""
    lex, pats = figures_lexicon(), figure_patterns()
    word = m["n1"].lower()
    head = word.split()[0]
    if head in lex["plural_magnitudes"]:
        of = pats.of.match(text, pos, hi)
        if of is None and head in lex["magnitudes_needing_of"]:
            return False  # "tens", "scores" alone
        pos = of.end() if of else pos
    after = pats.words.match(text, pos, hi)
    noun = counted_noun(after, singular) if after else None
    if word == "one" and m["n2"] is None and (
        noun is None or blocks_one(text, m.start(), after, after[noun], lo)
    ):
        return False
    if noun is not None:
        unit, measure = classify_noun(after[noun])
        return after.end(noun), unit, measure, f"figures.{measure}"
    partitive = pats.partitive.match(text, pos, hi)
    if partitive and partitive["det"].lower() not in _BARE_DETERMINERS:
        inner = pats.words.match(text, partitive.end(), hi)
        noun = counted_noun(inner, expect_singular=False) if inner else None
        if noun is not None:
            unit, measure = classify_noun(inner[noun])
            return pos, unit, measure, "figures.count-partitive"
    return None


def _multiplicative(text: str, m: re.Match[str], lo: int, hi: int, value: float) -> _Figure | None:
    """'twice' = 2 times, unless it multiplies ("twice as many", "twice the")."""
    after = figure_patterns().words.match(text, m.end("n1"), hi)
    if after and after["w1"].lower() in ("as", "the", "that", "than", "more"):
        return None
    qualifier, start = qualifier_before(text, m.start(), lo)
    return _Figure(start, m.end("n1"), value, None, qualifier or "exact", "time", "count", "figures.count-times")


def _article_duration(text: str, trigger: re.Match[str], lo: int) -> _Figure | None:
    """'just over a month', 'nearly a year': one unit after a qualifier."""
    head = text[max(lo, trigger.start() - 4) : trigger.start()]
    if text.startswith("-", trigger.end()) or not head[-1:].isspace() or head.split()[-1:] not in (["a"], ["an"]):
        return None  # not "a month"; or "over a year-long period"
    before = figure_patterns().article_before.search(text, max(lo, trigger.start() - 40), trigger.start())
    if before is None:
        return None
    kind, unit = qualifier_kind(before["q"]), trigger.group()
    return _Figure(before.start(), trigger.end(), 1.0, None, kind, unit, "duration", "figures.duration-article")


# --- units of bare numbers -------------------------------------------------


def _resolve_bare_units(text: str, figures: list[_Figure]) -> list[_Figure]:
    """Give a noun-less count the unit of the count it is paired with: the next
    one in "from 108 to 123 states", else the one just before it in the same
    clause ("three people and injuring six"); otherwise the generic ``item``."""
    for i, figure in enumerate(figures):
        if figure.unit is not None:
            continue
        following = figures[i + 1] if i + 1 < len(figures) else None
        previous = figures[i - 1] if i > 0 else None
        paired = following is not None and _PAIRED_FORWARD.match(text[figure.char_end : following.char_start])
        if _has_unit(following, any_measure=True) and paired:
            figure.unit, figure.measure = following.unit, following.measure
            figure.rule = f"figures.{following.measure}-ellipsis"  # "from 2 to 3 percent": 2 percent
        elif _has_unit(previous) and _same_clause(text[previous.char_end : figure.char_start]):
            figure.unit, figure.rule = previous.unit, "figures.count-ellipsis"
        else:
            figure.unit = "item"
            figure.rule = "figures.count-bare" if figure.rule == "figures.count" else figure.rule
    return figures


def _over_after_figure(text: str, figures: list[_Figure]) -> list[_Figure]:
    """ "3,405 km over 21 stages", "400 Gbps over 80 km": "over" right after a figure is a preposition."""
    for previous, figure in itertools.pairwise(figures):
        if figure.qualifier == "more_than" and figure.char_start == previous.char_end + 1:
            over = _OVER.match(text, figure.char_start)
            if over is not None:
                figure.char_start, figure.qualifier = over.end(), "exact"
    return figures


def _is_resolution(text: str, end: int, hi: int) -> bool:
    following = _NEXT_ANY_WORD.match(text, end, hi)
    nouns = {w.lower() for w in figures_lexicon()["resolution_nouns"]}
    return following is not None and following["w"].lower() in nouns


def _has_unit(figure: _Figure | None, any_measure: bool = False) -> bool:
    """A figure with a unit that a bare number may share: a count's noun; when paired directly, any unit but
    money (in "from 10 to 20 million dollars" the scale word belongs to both numbers)."""
    shareable = figure is not None and (figure.measure == "count" or (any_measure and figure.measure != "money"))
    return shareable and figure.unit not in (None, "item")


def _same_clause(gap: str) -> bool:
    return _CLAUSE_GAP.match(gap) is not None and _COORDINATOR.search(gap) is not None


def _without_overlaps(figures: list[_Figure]) -> list[_Figure]:
    kept: list[_Figure] = []
    for figure in sorted(figures, key=lambda f: (f.char_start, -f.char_end)):
        if not kept or figure.char_start >= kept[-1].char_end:
            kept.append(figure)
    return kept


def _currency_code(prefix: str | None) -> str | None:
    if not prefix:
        return None
    prefix, lex = prefix.strip(), figures_lexicon()
    return lex["currency_symbols"].get(prefix) or lex["currency_letter_prefixes"].get(prefix) or prefix.upper()
