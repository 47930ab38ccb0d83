"""What the words around a number say about it: date or label, qualifier, tally, age, share, "one", year.

Helpers of :mod:`cmclaims.extract.figures.finder`; all words come from
``cmclaims/lexicons/figures.yaml``. Choices an annotator can check:

* **Negated comparison.** "will not have a dud rate higher than 2.5%" caps
  the rate: a negation up to five words before "more/higher/greater than"
  makes it ``at_most`` ("less/fewer/lower than" -> ``at_least``), as the
  lexicon's "no more than" and "not less than" are.
* **Tally.** "a vote of 147-276", "failed 89-341", "passed 219 to 210",
  "a 51-49 vote": two counts (not a range), unit from the cue ("vote").
* **Age.** "a 46-year-old" is a duration in years (the unit reads it);
  so is an age between commas after a name or a person noun ("the man, 46,").
* **Shares.** "two-thirds", "one third of", "(nearly) a third of", "one in
  five": percentages (66.6667, 33.3333, 20); not "a third time", nor "a
  quarter of a million" (a count the number grammar reads) or "of a century".
* **Pronoun "one".** "no one", "one of", "one another"; and "one" picking a
  member of a set the text has named just before without counting it
  ("... voted down amendments ... One amendment would have ..."): it states
  which, not how many.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cmclaims.extract.figures.numbers import (
    SPACE,
    ParsedNumber,
    counted_noun,
    figures_lexicon,
    number_regex_source,
    parse_number,
    singular,
    unit_of,
    word_sets,
)
from cmclaims.extract.figures.patterns import figure_patterns
from cmclaims.text.patterns import alternation

_NEGATION = re.compile(r"(?:\b(?:not|never)|n['’]t)(?P<gap>(?:[ \t]+[\w'’-]+){0,5})[ \t]+\Z", re.IGNORECASE)
_FLIPPED = {"more_than": "at_most", "less_than": "at_least"}
# Words that end the negation's reach: a new clause, or a verb whose object the number is ("did not say ...").
_CLAUSE_WORDS = frozenset({"that", "whether", "if", "because", "which", "who", "when", "where", "while", "but", "and",
                           "or", "as", "than", "only", "just", "even", "until", "say", "said", "says", "know",
                           "known", "clear", "confirm", "confirmed", "disclose", "disclosed", "rule", "ruled"})
_WORDS_BEFORE = re.compile(r"[\w'’-]+")
_WORD_AND_COMMA = re.compile(rf"(?<![\w-])(?P<w>[^\W\d_]+),{SPACE}\Z")
_NEXT_WORD = re.compile(rf"{SPACE}+(?P<w>[a-z][\w'’-]*)")
_ARTICLE_BEFORE = re.compile(rf"(?<![\w-])[Aa]n?{SPACE}+\Z")
_DAY_RANGE = re.compile(r"[-–]\d{1,2}\b")


def qualifier_before(text: str, start: int, lo: int) -> tuple[str | None, int]:
    """Qualifier ending right before ``start``, and where it begins; negated comparisons are flipped."""
    window_start = max(lo, start - 40)
    previous = text[window_start:start].rsplit(None, 1)
    if not previous or previous[-1].lower() not in word_sets()["qualifier_ends"]:
        return None, start  # cheap test first: the word before must end a qualifier
    q = figure_patterns().qualifier.search(text, window_start, start)
    if q is None:
        return None, start
    kind = qualifier_kind(q["q"])
    if kind in _FLIPPED and _negated(text, q.start(), lo):
        return _FLIPPED[kind], start  # "not ... higher than" is not contiguous: the span starts at the number
    return kind, q.start()


def _negated(text: str, start: int, lo: int) -> bool:
    """A "not"/"never"/"n't" at most five words before ``start``, in the same clause."""
    negation = _NEGATION.search(text, max(lo, start - 60), start)
    return negation is not None and not any(w.lower() in _CLAUSE_WORDS for w in negation["gap"].split())


def qualifier_kind(phrase: str) -> str:
    words = word_sets()
    key = " ".join(phrase.lower().split())
    for intensifier in words["intensifiers"]:
        if key.startswith(intensifier + " ") and key not in words["qualifiers"]:
            key = key[len(intensifier) + 1 :]
            break
    return words["qualifiers"][key]


def postfix_kind(phrase: str) -> str:
    return figures_lexicon()["postfix_qualifiers"][" ".join(phrase.replace("-", " ").lower().split())]


def blocks_one(text: str, start: int, after: re.Match[str] | None, noun: str | None, lo: int) -> bool:
    """'one' as a pronoun or determiner: "no one", "one of", "one another", or picking one of a named set."""
    words = word_sets()
    previous = figure_patterns().previous_word.search(text, max(0, start - 30), start)
    if previous and previous["w"].lower() in words["one_before"]:
        return True
    if after is not None and after["w1"].lower() in words["one_after"]:
        return True
    return noun is not None and _set_named_before(text, start, noun, lo)


def _set_named_before(text: str, start: int, noun: str, lo: int) -> bool:
    """Whether the plural of ``noun`` occurs in the 300 characters before, and never with a number
    up to three words before it ("amendments", not "three amendments" or "dozens of people")."""
    words = _WORDS_BEFORE.findall(text, max(lo, start - 300), start)
    target = singular(noun)
    found = [i for i, word in enumerate(words) if word.lower() != noun.lower() and singular(word) == target]
    return bool(found) and not any(_is_number_word(w) for i in found for w in words[max(0, i - 3) : i])


def _is_number_word(word: str) -> bool:
    lex = figures_lexicon()
    lower = word.lower()
    return lower[:1].isdigit() or any(lower in lex[k] for k in ("units", "tens", "scales", "plural_magnitudes"))


@lru_cache(maxsize=1)
def _tally_after() -> re.Pattern[str]:
    nouns = alternation(figures_lexicon()["tally_nouns_after"])
    return re.compile(rf"{SPACE}+(?:{nouns})\b(?!-)", re.IGNORECASE)


def tally_unit(text: str, m: re.Match[str], lo: int, hi: int) -> str | None:
    """Unit of the two counts of a tally ("a vote of 147-276", "passed 219 to 210", "a 51-49 vote"), else None."""
    if m["n2"] is None or m["between"] or m["u1"] or not m["n1"][:1].isdigit() or not m["n2"][:1].isdigit():
        return None
    if m["sep"].strip() not in ("-", "–", "—", "to"):
        return None
    cues = figures_lexicon()["tally_cues"]
    before = text[max(lo, m.start() - 20) : m.start()].lower().split()[-2:]
    if len(before) == 2 and before[1] not in ("of", "by", "was", "is"):
        before = before[1:]  # the cue governs the tally: "defeated 112-301", "a vote of", not "beat Wales 24-17"
    cue = next((cues[word] for word in reversed(before) if word in cues), None)
    after = figure_patterns().words.match(text, m.end(), hi)
    unit_follows = figure_patterns().unit.match(text, m.end(), hi) is not None
    if cue is not None and (unit_follows or (after is not None and counted_noun(after, expect_singular=False))):
        return None  # "passed 10-20 kilometres", "a margin of 3-4 percent": a unit follows
    if cue is None and _tally_after().match(text, m.end(), hi):
        cue = "vote"
    return cue


_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}\Z")
_WORD_AFTER = re.compile(rf"{SPACE}+(?P<w>[\w-]+)")


def is_score(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    """A sports score or result: "won 3-1", "beat Wales 24-17", "a 9-2 lead", "the 2-0 victory"."""
    if m["n2"] is None or m["between"] or m["u1"] or m["cur"] or m["cur2"] or not _SCORE.match(m.group()):
        return False
    words = word_sets()
    before = _WORDS_BEFORE.findall(text, max(lo, m.start() - 40), m.start())[-3:]
    if any(w.lower() in words["score_cues"] for w in before):
        return True
    after = _WORD_AFTER.match(text, m.end(), hi)
    return after is not None and after["w"].lower() in words["score_nouns"]


def is_name_number(text: str, m: re.Match[str], lo: int, hi: int, bare: bool) -> bool:
    """Digits of a count that are part of a name or identifier: after a capitalised word ("FTSE 100",
    "Boeing 737 jets", "Game 7", "Wi-Fi 7", "iPhone 15"), or, with no counted noun, before one ("the 737 Max")."""
    if not m["n1"][:1].isdigit() or m["cur"]:
        return False
    words = word_sets()
    previous = _NAME_BEFORE.search(text, max(lo, m.start() - 30), m.start())
    if previous is not None:
        word = previous["w"]
        plain = word.lower() in words["function"] or word.lower() in words["qualifier_ends"]
        if not plain and word not in words["not_name"] and word.rstrip(".") not in words["not_name"]:
            return True
    following = _NAME_AFTER.match(text, m.end(), hi) if bare and m["n1"].isdigit() else None
    return following is not None and following["w"] not in words["not_name"] and not _is_number_word(following["w"])


_NAME_BEFORE = re.compile(rf"(?<![\w'’&-])(?P<w>[\w&-]*[A-Z][\w&-]*){SPACE}\Z")
_NAME_AFTER = re.compile(rf"{SPACE}(?P<w>[A-Z][a-z]{{2,}})\b")  # "737 Max", not a unit symbol ("66 Ma", "2 Gy")


def over_is_preposition(text: str, qualifier_start: int, lo: int) -> bool:
    """ "will close over 5 years": "over" before a duration states a period, unless a word such as "lasted" or
    "for" comes right before it."""
    previous = figure_patterns().previous_word.search(text, max(lo, qualifier_start - 30), qualifier_start)
    return previous is None or previous["w"].lower() not in word_sets()["over_duration"]


def is_change(text: str, start: int, lo: int, right_before: bool = False) -> bool:
    """ "from X to Y" after a change word in the same clause ("rose sharply from 10 to 20", "up from"), or
    "X to Y" right after one ("fell $1.20 to $82.40"): two figures, not a range."""
    clause = re.split(r"[.;:!?,\n]", text[max(lo, start - 60) : start])[-1]
    words = _WORDS_BEFORE.findall(clause)
    if right_before:
        return bool(words) and words[-1].lower() in word_sets()["change"]
    return any(w.lower() in word_sets()["change"] for w in words[-5:-1])  # up to four words before "from"


def is_age(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    """ "the man, 46, was", "Jane Doe, 46, said": an age between commas after a person noun or a name; or a
    number or range right after an age word ("patients aged 18 to 65")."""
    previous_word = figure_patterns().previous_word.search(text, max(lo, m.start() - 30), m.start())
    if previous_word is not None and previous_word["w"].lower() in figures_lexicon()["age_words"]:
        return m["n1"][:1].isdigit()
    if (m["n2"] is not None or not m["n1"].isdigit() or not 1 <= int(m["n1"]) <= 120
            or not text.startswith(",", m.end())):
        return False
    previous = _WORD_AND_COMMA.search(text, max(lo, m.start() - 30), m.start())
    if previous is None:
        return False
    following = _NEXT_WORD.match(text, m.end() + 1)
    if following is None or _is_number_word(following["w"]) or following["w"] in ("and", "or"):
        return False  # a list of numbers ("In Kyiv, 5, 6 and 7 ...")
    word = previous["w"]
    lex = figures_lexicon()
    named = word[:1].isupper() and word not in lex["months"] and word.lower() not in word_sets()["function"]
    return named or word.lower() in lex["person_nouns"]


def skipped_digits(text: str, trigger: re.Match[str], lo: int, hi: int) -> int:
    """End of the date, clock time, label or list marker that the digits
    belong to; 0 when they may be a figure."""
    pats, words = figure_patterns(), word_sets()
    at, digits = trigger.start(), trigger.group()
    if forward := pats.skip_forward.match(text, at, hi):
        return forward.end()
    before = text[max(lo, at - 30) : at]
    previous = before.split()[-2:] if before[-1:].isspace() else []
    if previous:
        last = previous[-1]
        if last in words["labels"]:
            return trigger.end()  # "Article 5", "No. 3"
        date_like = len(digits) <= 2 or len(digits) == 4
        if date_like and (last in words["months"] or (last.endswith(".") and last[:-1] in words["months"])):
            day_range = _DAY_RANGE.match(text, trigger.end(), hi)
            return day_range.end() if day_range else trigger.end()  # "July 8", "February 2022", "July 20-21"
        day = last.rstrip(",").removesuffix("st").removesuffix("nd").removesuffix("rd").removesuffix("th")
        if len(digits) == 4 and len(previous) == 2 and day.isdigit() and previous[0].rstrip(".") in words["months"]:
            return trigger.end()  # the year of "March 27, 2022"
    if pats.list_marker.match(text, at, hi):
        line_start = max(lo, text.rfind("\n", lo, at) + 1)
        if not text[line_start:at].strip():
            return trigger.end()  # "2. The ..." at the start of a line
    return 0


def is_title_case_name(text: str, m: re.Match[str], lo: int) -> bool:
    """A capitalised number word inside a sentence is part of a name
    ("Group of Seven", "the Big Three"), not a count."""
    if not m["n1"][:1].isupper():
        return False
    before = text[lo : m.start()].rstrip(" \t\u00a0")
    return bool(before) and (before[-1].isalnum() or before[-1] == ",")


def is_year(text: str, m: re.Match[str], first: ParsedNumber, marked: bool, unit, measure: str, lo: int) -> bool:
    """A four-digit number from 1000 to 2100 read as a calendar year: nothing
    marks it as a quantity (qualifier, money symbol, unit, counted noun), or
    a year cue precedes it ("during 2022", "a 2008 UN convention")."""
    digits = m["n1"]
    if not (len(digits) == 4 and digits.isdigit() and 1000 <= first.value <= 2100):
        return False
    if m["n2"] is not None and m["n2"].isdigit() and len(m["n2"]) in (2, 4):
        return True  # "2014-2022", "2022-23"
    if marked or measure != "count":
        return False
    previous = figure_patterns().previous_word.search(text, max(lo, m.start() - 30), m.start())
    return unit is None or (previous is not None and previous["w"].lower() in word_sets()["year_cues"])


# --- shares: fractions and ratios, read as percentages ------------------------


@lru_cache(maxsize=1)
def _share_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    denominators = alternation(figures_lexicon()["fractions"])
    number = number_regex_source()
    scales_and_durations = alternation([*figures_lexicon()["scales"], *word_sets()["durations"]])
    return (
        re.compile(rf"(?:-|{SPACE}+(?=(?:{denominators}){SPACE}+of\b))(?P<den>{denominators})\b(?!-)", re.IGNORECASE),
        re.compile(rf"{SPACE}+(?:in|out{SPACE}+of){SPACE}+(?:every{SPACE}+)?(?P<den>{number})", re.IGNORECASE),
        re.compile(rf"{SPACE}+of\b(?!{SPACE}+an?{SPACE}+(?:{scales_and_durations})\b)", re.IGNORECASE),
    )


def fraction_after(text: str, m: re.Match[str], hi: int) -> tuple[int, float, str] | None:
    """ "two-thirds", "one third of": (end, percent, rule) of the fraction the number opens, else None."""
    fraction, _, of = _share_patterns()
    found = fraction.match(text, m.end("n1"), hi) if m["n2"] is None else None
    if found is None or (text[found.start()] != "-" and not of.match(text, found.end(), hi)):
        return None
    denominator = figures_lexicon()["fractions"][found["den"].lower()]
    return found.end(), round(100 * parse_number(m["n1"]).value / denominator, 4), "figures.percent-fraction"


def ratio_after(text: str, m: re.Match[str], hi: int) -> tuple[int, float, str] | None:
    """ "one in five", "1 in 10": (end, percent, rule); not "3 in 10 days" nor "5 in 2022"."""
    ratio = _share_patterns()[1].match(text, m.end("n1"), hi) if m["n2"] is None else None
    if ratio is None:
        return None
    numerator, denominator = parse_number(m["n1"]).value, parse_number(ratio["den"]).value
    year_like = ratio["den"].isdigit() and len(ratio["den"]) == 4
    if not 0 < numerator < denominator or year_like or figure_patterns().unit.match(text, ratio.end(), hi):
        return None
    return ratio.end(), round(100 * numerator / denominator, 4), "figures.percent-ratio"


_DIGIT_FRACTION = re.compile(r"(?:(?P<whole>\d{1,3})[ \t]+)?(?P<num>\d{1,2})/(?P<den>\d{1,3})(?![\d/])")


def digit_fraction(text: str, trigger: re.Match[str], hi: int) -> tuple[int, float, str | None, str, str] | None:
    """ "1/16 inch", "2 1/2 miles": (end, value, unit, measure, rule) in the unit after it; "1/40 of": a
    share in percent; None otherwise (a bare "9/11" or "7/20" may be a date)."""
    if "/" not in text[trigger.end() : trigger.end() + 5]:
        return None  # cheap test first: most digits have no slash after them
    found = _DIGIT_FRACTION.match(text, trigger.start(), hi)
    if found is None or not 0 < int(found["num"]) < int(found["den"]):
        return None
    share = int(found["num"]) / int(found["den"])
    unit = figure_patterns().unit.match(text, found.end(), hi)
    if unit is not None and unit.lastgroup in ("phys", "sym", "dur"):
        value = (int(found["whole"]) if found["whole"] else 0) + share
        name, measure, rule = unit_of(unit, parse_number("1"), None)
        return unit.end(), round(value, 6), name, measure, rule + "-fraction"
    if found["whole"] is None and _share_patterns()[2].match(text, found.end(), hi):
        return found.end(), round(100 * share, 4), "percent", "percent", "figures.percent-fraction"
    return None


def fraction_article(text: str, trigger: re.Match[str], lo: int, hi: int) -> tuple[int, int, float, str] | None:
    """ "(nearly) a third of": (start, end, percent, qualifier); not "a third time", "a quarter of a million"
    (a count), nor "a quarter of a century" (a duration, left out)."""
    article = _ARTICLE_BEFORE.search(text, max(lo, trigger.start() - 4), trigger.start())
    if article is None:
        return None
    start = article.start()
    qualifier, qualifier_start = qualifier_before(text, start, lo)
    of_follows = _share_patterns()[2].match(text, trigger.end(), hi) is not None
    if not of_follows and not _after_by(text, qualifier_start, lo, trigger, hi):
        return None
    percent = round(100 / figures_lexicon()["fractions"][trigger.group().lower()], 4)
    return qualifier_start, trigger.end(), percent, qualifier or "exact"


_BY_BEFORE = re.compile(rf"(?<![\w-])by{SPACE}+\Z", re.IGNORECASE)


def _after_by(text: str, start: int, lo: int, trigger: re.Match[str], hi: int) -> bool:
    """ "fell by (almost) a quarter": a fraction after "by" with no noun of its own states a share of change."""
    if _BY_BEFORE.search(text, max(lo, start - 8), start) is None:
        return False
    following = _NEXT_WORD.match(text, trigger.end(), hi)  # not "by a quarter point", "by a third party"
    return following is None or following["w"].lower() in word_sets()["function"]
