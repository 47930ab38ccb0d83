"""Where the speaker phrase of an attribution cue lies.

:class:`SubjectScanner` scans back from a cue over auxiliaries, adverbs and
time adverbials ("also", "has", "who on Sunday,") to the subject's start (a
comma, a quotation mark, "that", "who", ...); it also finds an appositive
subject ("the UN rights chief at the time, Michelle Bachelet,"), an inverted
one ("..., said Kirby."), or a participle's clause subject, and judges
whether a phrase can name a speaker at all. Which actor the phrase names is
:mod:`cmclaims.extract.claims.speakers`' business.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cmclaims.extract.claims.cues import CueLexicon
from cmclaims.text.quotes import QUOTE_MARKS, SPACES, Quotations, skip
from cmclaims.text.sentences import abbreviations

# "the clown", "a local resident", "the 46-year-old farmer": a determiner and one to three lower-case words.
_COMMON_NOUN_PHRASE = re.compile(r"(?:[Tt]he|[Aa]n?|[Oo]ne)\s+(?:[a-z0-9][\w'’-]*\s+){0,2}[a-z][\w-]*")
# "A company engineer", "an analyst", "one fan": an indefinite determiner and lower-case words. An indefinite thing
# seldom speaks, so before a speech cue such a phrase is a common-noun speaker wherever it stands.
_INDEFINITE_NOUN_PHRASE = re.compile(r"(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w-]*")
_RELATIVE_WORD = re.compile(r"\s(?:who|whom|whose|which)\b")
_HARD_BOUNDARIES = frozenset(",;:—–") | QUOTE_MARKS  # punctuation no speaker phrase crosses
_TOKEN = re.compile(r"[\w’'.&-]+|[^\w\s]")
_HARD_MARKS = ",;:—–“”\""
_LAST_WORD = re.compile(r"(?:[\s\S]*[^\w’'.-])?([\w’'.-]+)$")  # match(): the word ending the stretch
_WORD_BEFORE = re.compile(r"([\w’'.-]+)\s*$")
_PHRASE_STOP = re.compile(r"[,.;:!?](?:\s|$)")
_PREPOSITION_START = re.compile(r"(?i)(?:in|on|at|during|after|before|with|from|for|by)\b")
_ARTICLE = re.compile(r"\b(?:the|a|an|The|A|An)\s")
_LEFT_CAPITALS = re.compile(r"(?:(?<=\s)|^)((?:[A-Z][\w.’'-]*\s+)+)$")
_OBJECT_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our", "my"]
)
_FUNCTION_CAPS = frozenset([
    "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our", "Both", "Some", "Many",
    "Most", "Other", "All", "Any",
])
_CONJUNCTIONS = frozenset(("and", "or", "&"))
_TRAILING_PUNCTUATION = ",.;:"


def strip_possessive(word: str) -> str:
    """A word without a final possessive 's ("Russia’s" -> "Russia")."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _last_hard_mark(text: str, start: int, end: int) -> int:
    """Position of the last comma, semicolon, colon, dash or double quote mark in [start, end), else -1."""
    last = -1
    for mark in _HARD_MARKS:
        found = text.rfind(mark, start, end)
        if found > last:
            last = found
    return last


def display_phrase(text: str, start: int, end: int, mention_start: int, mention_end: int) -> str:
    """A speaker phrase as written, cut to the noun phrase holding the mention it names if it opens with a
    preposition ("In a report published ... the UN-partnered ... group") and before a comma after that mention."""
    if _PREPOSITION_START.match(text, start):
        articles = list(_ARTICLE.finditer(text, start, mention_start))
        start = articles[-1].start() if articles else mention_start
    comma = text.find(",", mention_end, end)
    return text[start:comma if comma >= 0 else end].strip()


def titled_name(text: str, mention_start: int, mention_end: int, lo: int) -> str:
    """A mention with the capitalised title words right before it ("Russian President Vladimir Putin")."""
    left = _LEFT_CAPITALS.search(text[max(lo, mention_start - 80):mention_start])
    return text[mention_start - len(left.group(1)) if left else mention_start:mention_end]


def _is_past_form(word: str) -> bool:
    """A lower-case "-ed" word that is not hyphenated ("launched", not "UN-partnered")."""
    return word.islower() and word.endswith("ed") and "-" not in word


class SubjectScanner:
    """Finds the speaker phrase around a cue: the subject before it, an appositive, an inverted speaker."""

    def __init__(self, text: str, lex: CueLexicon, has_mention: Callable[[int, int], bool],
                 quotations: Quotations) -> None:
        self.text, self.lex, self._has_mention, self._quotations = text, lex, has_mention, quotations

    def strip_back(self, position: int, lo: int) -> int:
        """Step back over auxiliaries, adverbs and time adverbials between a subject and its cue."""
        text = self.text
        while True:
            j = position
            while j > lo and text[j - 1].isspace():
                j -= 1
            comma = j > lo and text[j - 1] == ","
            k = j - 1 if comma else j
            while comma and k > lo and text[k - 1].isspace():
                k -= 1
            time_start = self.time_ending_at(k, lo)
            if time_start is not None and (not comma or self._opens_aside(time_start, lo)):
                position = time_start
                continue
            word = None if comma else _LAST_WORD.match(text, max(lo, j - 30), j)
            if word is None or word.group(1) not in self.lex.auxiliaries:
                return j
            position = word.start(1)

    def _opens_aside(self, position: int, lo: int) -> bool:
        """Is a time adverbial before ", CUE" an aside ("Putin, who on Sunday, warned"), not a clause's end?"""
        before = self.text[max(lo, position - 30):position].rstrip()
        return not before or before.endswith(",") or before.rsplit(None, 1)[-1] in self.lex.relatives

    def phrase_start(self, end: int, lo: int) -> tuple[int, re.Match | None]:
        """Scan back from a subject's end to its start; returns the start and the boundary token."""
        window = max(lo, end - 200)
        tokens = list(_TOKEN.finditer(self.text, max(window, _last_hard_mark(self.text, window, end)), end))
        boundaries, finite_auxiliaries = self.lex.boundaries, self.lex.finite_auxiliaries
        start, next_word, count = end, "", len(tokens)
        for index in range(count - 1, max(-1, count - 20), -1):
            token = tokens[index]
            word = token.group()
            lowered = word.lower()
            if (word in _HARD_BOUNDARIES or lowered in boundaries or count - index > 18
                    or (lowered in finite_auxiliaries and start < end)
                    or (lowered in _CONJUNCTIONS and not _names_before(tokens, index))
                    or (next_word in _OBJECT_DETERMINERS and _is_past_form(word))):
                return start, token
            start, next_word = token.start(), lowered
        return start, None

    def appositive_start(self, comma: int, lo: int) -> int | None:
        """Start of "NAME, TITLE," or "TITLE, NAME," before a cue, stopping at an introductory segment."""
        best, segment_end = None, comma
        for _ in range(4):
            boundary = _last_hard_mark(self.text, lo, segment_end)
            segment_start = skip(self.text, boundary + 1 if boundary >= lo else lo, segment_end, SPACES)
            words = self.text[segment_start:segment_end].split()
            if not words or words[0] in self.lex.intro_words or not any(ch.isalpha() for ch in words[0]) \
                    or self._clause_like(words):
                break
            best = segment_start
            if boundary < lo or self.text[boundary] != ",":
                break
            segment_end = boundary
        return best

    def _clause_like(self, words: list[str]) -> bool:
        """A comma segment that is a clause of its own, not an appositive ("... Guterres does not want ...")."""
        lex = self.lex
        if words[0] in lex.relatives:  # "Russia, which has used them extensively, said"
            return False
        return words[0] in ("and", "but", "or") or (words[0] in lex.pronouns and len(words) > 1) or any(
            w in lex.finite_auxiliaries or w in lex.cue_words for w in words)

    def inverted_speaker(self, position: int, following: int, after_quote: bool = False) -> tuple[int, int] | None:
        """The speaker after an inverted cue ("“...,” said Kirby, the spokesman.")."""
        start = skip(self.text, position, following, SPACES)
        stop = _PHRASE_STOP.search(self.text, start, following)
        while stop is not None and stop.group()[0] == "." and self._abbreviation_at(stop.start(), start):
            stop = _PHRASE_STOP.search(self.text, stop.end(), following)  # "said lead author Dr. Ingrid Aalto."
        end = stop.start() if stop else following
        relative = _RELATIVE_WORD.search(self.text, start, end)  # "said a hydrologist who was not involved"
        end = self.trim_time(start, relative.start() if relative else end)
        words = self.text[start:end].split()
        if (not 0 < len(words) <= 8 or "that" in words or self._quotations.opening_in(start, end)
                or self._clause_like(words)):
            return None
        return (start, end) if self.plausible(start, end, -1, after_quote) else None

    def plausible(self, start: int, end: int, unit_start: int, after_quote: bool = False) -> bool:
        """Could this phrase name a speaker (a mention, pronoun, speaker noun or name)? Next to a quotation, any
        short common noun phrase can ("“...,” the clown said": a common-noun speaker)."""
        words, lex = self.text[start:end].split(), self.lex
        if not words or words[0] in lex.author_pronouns:
            return False
        if after_quote and _COMMON_NOUN_PHRASE.fullmatch(self.text, start, end):
            return True
        comma = self.text.find(",", start, end)  # "A company engineer, who asked not to be named,"
        if _INDEFINITE_NOUN_PHRASE.fullmatch(self.text, start, comma if comma >= 0 else end):
            return True
        if self._has_mention(start, end):
            return True
        if words[0] in lex.intro_words:
            return False
        if words[0] in lex.pronouns or words[0] in lex.relatives or any(
                strip_possessive(w.lower()) in lex.speaker_or_document_nouns for w in words):
            return True
        names = [w for w in words if w[0].isupper() and w not in _FUNCTION_CAPS]
        if start != unit_start or (words[0] == "The" and len(words) > 1 and words[1][0].isupper()):
            return bool(names)
        return len(names) >= 2 or (len(words) == 1 and bool(names) and not words[0].endswith("s"))

    def _abbreviation_at(self, period: int, lo: int) -> bool:
        """Is the period at ``period`` the end of an abbreviation of the sentence lexicon ("Dr.", "Gen.")?"""
        word = _WORD_BEFORE.search(self.text, max(lo, period - 12), period)
        return word is not None and word.group(1) + "." in abbreviations()

    def subject_from(self, position: int, limit: int, unit_start: int) -> tuple[int, int] | None:
        """A clause's subject from ``position``: the words before its first verb-like word, if a plausible speaker."""
        end, lex = position, self.lex
        for count, token in enumerate(_TOKEN.finditer(self.text, position, limit)):
            word = token.group()
            lowered = word.lower()
            if (word in _HARD_BOUNDARIES or count >= 10 or lowered in lex.finite_auxiliaries
                    or lowered in lex.auxiliaries or lowered in lex.boundaries or _is_past_form(word)
                    or word in lex.cue_words):
                break
            end = token.end()
        return (position, end) if end > position and self.plausible(position, end, unit_start) else None

    def word_before(self, position: int, lo: int) -> str:
        """The word ending just before ``position`` (spaces aside), or ""."""
        word = _WORD_BEFORE.search(self.text, max(lo, position - 30), position)
        return word.group(1) if word else ""

    def time_ending_at(self, position: int, lo: int) -> int | None:
        """Start of a time adverbial ("on Sunday", "last week") ending right at ``position``."""
        last = _LAST_WORD.match(self.text, max(lo, position - 20), position)
        if last is None or not (last.group(1)[0].isdigit() or last.group(1).rstrip(".") in self.lex.time_ends):
            return None
        for match in self.lex.time.finditer(self.text, max(lo, position - 40), position):
            if match.end() == position and (match.start() == lo or not self.text[match.start() - 1].isalnum()):
                return match.start()
        return None

    def trim_time(self, start: int, end: int) -> int:
        """A speaker phrase's end without a trailing time adverbial ("CBS News on July 5" -> "CBS News")."""
        end = self.skip_back(start, end)
        time_start = self.time_ending_at(end, start)
        return self.skip_back(start, time_start) if time_start is not None and time_start > start else end

    def skip_back(self, start: int, end: int) -> int:
        """``end`` moved back over whitespace and trailing punctuation (not before ``start``)."""
        text = self.text
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCTUATION):
            end -= 1
        return end


def _names_before(tokens: list[re.Match], index: int) -> bool:
    """Is the stretch before a conjunction a short run of names ("Ukraine and ...", "Both Russia and ...")?"""
    count = 0
    for position in range(index - 1, -1, -1):
        word = tokens[position].group()
        if word in _HARD_BOUNDARIES:
            break
        if not (word[0].isupper() or word.lower() in ("the", "both")):
            return False
        count += 1
    return 0 < count <= 4
