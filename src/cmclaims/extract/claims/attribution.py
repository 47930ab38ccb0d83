"""Attribution structures: how a cue connects a speaker phrase to reported content.

Every attribution cue outside quotation marks (``lexicons/cues.yaml``) is
placed in one structure, which names the claim's rule (``claims.<structure>``):

- leading-cue: "X said (that) CLAUSE", "X noted on the Telegram app, “...”";
- trailing-cue: "CLAUSE, X said.", "“...,” X told reporters.", "“...,” said X.";
- parenthetical-cue: "The move, Peskov said, would prolong the war." (the
  whole sentence: the content is not contiguous otherwise);
- participle: "..., stressing that CLAUSE", "Despite saying CLAUSE — ...",
  "with officials saying CLAUSE", "a report ... reporting NP";
- coordinated: "... and last week confirmed CLAUSE" (the earlier subject);
- according-to: "According to X, CLAUSE" and "CLAUSE, according to X.";
- naming-cue: "Biden called it “a very difficult decision”" (object and
  quotation, a mixed claim; no quotation, no claim);
- nominal-cue: "The Biden administration's announcement that CLAUSE".

The cue is the verb as written without auxiliaries or adverbs ("also
confirmed" -> "confirmed", "noted on the Telegram app" -> "noted"), or a
fixed phrase of the lexicon ("told reporters", "according to").
:class:`Attributor` turns the cues of one sentence unit into
:class:`Candidate` claims; their content spans are settled by
:mod:`cmclaims.extract.claims.content_spans`, their speakers later, in document order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import NamedTuple

from cmclaims.extract.claims.candidate import Candidate
from cmclaims.extract.claims.content_spans import ContentSpans, content_edge, label_end
from cmclaims.extract.claims.cues import CueLexicon
from cmclaims.extract.claims.speaker_phrases import SubjectScanner
from cmclaims.text.quotes import QUOTE_MARKS, SPACE, SPACES, Quotations, Quote, skip

_PARTICIPLE_AFTER = re.compile(r"(?:,\s*[”\"’]?|[”\"’]\s*,|[;(—–])\s*"
                               r"(?:(?:and|but|while|before|after|despite|without|by|when|also|even|then)\s+)?$")
_PARTICIPLE_OPENING = re.compile(r"\s*(?:(?:Despite|After|Before|While|By|Without|When|In|Also|And|But)\s+)?")
_WITH_SUBJECT = re.compile(r"\bwith\s+((?:[\w’'.-]+\s+){1,5})$")
_CONJUNCTIONS = ("and", "but")
_COORDINATION = re.compile(rf"(?:,\s*)?\b(?:{'|'.join(_CONJUNCTIONS)})\s*$")
_RELATIVE_CLAUSE = re.compile(
    r"\s(?:that|which)\s+(?:[a-z]+ed|was|were|is|are|has|had|will|would|aired|ran|appeared)\b"
)
_POSSESSOR_BEFORE = re.compile(r"((?:[\w.’'-]+\s+){0,4}[\w.’'-]+?)['’]s\s+(?:[a-z-]+\s+){0,2}$")
_THAT_AFTER = re.compile(r"\s+that\s+")
_AS_BEFORE = re.compile(r"\bas\s+$")
_WORD_TOKEN = re.compile(r"[^\s,;:“”\"]+")
_LEADING_ACCORDING = re.compile(r"\s*(?:[A-Z][^.!?:“”\"\n]{0,60}:\s*)?"
                                r"(?:(?:But|And|Also|However|Yet|So|Still|Now|Moreover)\b,?\s*)?")
_TRAILING_COMMA = re.compile(r"(?:,\s*[”\"’]?|[”\"’]\s*,)\s*$")
_PARENTHETICAL_REST = re.compile(r"\s*,\s+(?![a-z]+ing\b|according\b|who\b|which\b)[a-z]")
_TAIL_APPENDIX = re.compile(r",\s+(?=[a-z]+ing\b|(?:who|which|according|as|while|when|after|before|without|despite)\b"
                            r"|an?\s|the\s)")
_TAIL_CONJUNCTION = re.compile(r"(?:\s|,)+(?:and|but)$")
_COMMA = re.compile(",")
_DASH = re.compile("[—–]")
_DOCUMENT_WINDOW_BREAK = re.compile("[,;:—–]")
_BARE_SUBJECTS = frozenset(["it", "It", "this", "This", "that", "That"])
_TAIL_STRIP = SPACE + ".!?;:,"


def _ends_with(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Does ``text[start:end]`` end with one of ``words``, trailing whitespace aside? (A cheap test before a
    "$"-anchored search, which would try every position of the stretch.)"""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text.endswith(words, start, end)


class Cue(NamedTuple):
    """A cue word or phrase as found in the text, and its lexicon form (whitespace normalised)."""

    start: int
    end: int
    text: str
    form: str


class Attributor:
    """Places the cues of one document's sentence units in their structures, paragraph by paragraph."""

    def __init__(self, text: str, lex: CueLexicon, scan: SubjectScanner, has_mention: Callable[[int, int], bool],
                 content: ContentSpans) -> None:
        self.text, self.lex, self.scan, self.has_mention, self.content = text, lex, scan, has_mention, content
        self.colon_cue: Candidate | None = None  # a leading cue ending in a colon: its quotation may follow
        self._paragraph, self._paragraph_end = 0, 0
        self._quotes = Quotations(())
        self._cues: list[Cue] = []
        self._cue_starts: list[int] = []
        self._dashes: list[int] = []  # dashes of the paragraph outside quotations, counted by bisection

    def start_paragraph(self, index: int, start: int, end: int, quotes: Quotations) -> bool:
        """Read the paragraph [start, end) next; True when it has cues outside quotations
        (a speech noun only when owned: "Biden's announcement that")."""
        self._paragraph, self._paragraph_end, self._quotes = index, end, quotes
        nominal = self.lex.nominal
        self._cues = [Cue(m.start(), m.end(), m.group(), " ".join(m.group().split()))
                      for m in self.lex.cue.finditer(self.text, start, end)
                      if not quotes.covers(m.start()) and (m.group() not in nominal or self._owned(m.start(), m.end()))]
        self._cue_starts = [cue.start for cue in self._cues]
        self._dashes = [m.start() for m in _DASH.finditer(self.text, start, end) if not quotes.covers(m.start())]
        return bool(self._cues)

    def cues_in(self, unit: tuple[int, int]) -> list[Cue]:
        """The cues of a sentence unit of the paragraph."""
        starts = self._cue_starts
        return self._cues[bisect_left(starts, unit[0]):bisect_left(starts, unit[1])]

    def attribute(self, cues: list[Cue], unit: tuple[int, int], label: int | None) -> list[Candidate]:
        """Candidates of a unit's cues, in order; ``label`` ends a "Label:" opening the unit."""
        found: list[Candidate] = []
        lo = label if label is not None and not any(cue.start < label for cue in cues) else unit[0]
        for index, cue in enumerate(cues):
            following = cues[index + 1].start if index + 1 < len(cues) else unit[1]
            produced = self._structure(cue, unit, lo, following, found)
            found += produced
            lo = cue.end if produced else lo
        return found

    def _structure(self, cue: Cue, unit: tuple[int, int], lo: int, following: int,
                   found: list[Candidate]) -> list[Candidate]:
        """Place one cue: according-to, naming, nominal, participle, else finite."""
        form = cue.form
        if form in self.lex.according:
            candidate = self._according(cue, unit, following)
        elif form in self.lex.naming:
            candidate = self._naming(cue, unit, lo, following, found)
        elif form in self.lex.nominal and self._owned(cue.start, cue.end):
            possessor = _POSSESSOR_BEFORE.search(self.text, max(lo, cue.start - 80), cue.start)
            candidate = self._nominal(cue, unit, possessor)
        elif form in self.lex.participles:
            candidate = self._participle(cue, form, unit, lo, found)
        else:
            return self._finite(cue, form, unit, lo, following, found)
        return [candidate] if candidate else []

    def _new(self, structure: str, cue: Cue, edge: int, unit: tuple[int, int], start: int | None = None,
             end: int | None = None, speaker_span: tuple[int, int] | None = None, speaker_mode: str = "phrase",
             previous: Candidate | None = None, trailing: bool = False, fixed: bool = False,
             dash: bool = False) -> Candidate:
        """A candidate for ``cue`` in the current paragraph."""
        return Candidate(structure, (cue.start, cue.end), edge, unit, self._paragraph, start, end, speaker_span,
                         speaker_mode, previous, trailing, fixed, dash)

    # -- structures ----------------------------------------------------------
    def _according(self, cue: Cue, unit: tuple[int, int], following: int) -> Candidate | None:
        """"According to X, CLAUSE": the clause starts after the comma before its first auxiliary."""
        text = self.text
        if _LEADING_ACCORDING.fullmatch(text, unit[0], cue.start):
            commas = [m.start() for m in _COMMA.finditer(text, cue.end, unit[1]) if not self._quotes.covers(m.start())]
            if not commas:
                return None
            ends = [*commas[1:], unit[1]]
            clause_comma = next((c for c, end in zip(commas, ends) if self._has_verb(c + 1, end)), commas[0])
            speaker = (skip(text, cue.end, unit[1], SPACES), self.scan.trim_time(cue.end, clause_comma))
            return self._new("according-to", cue, cue.start, unit, start=clause_comma + 1, speaker_span=speaker)
        tail = _TRAILING_COMMA.search(text, unit[0], cue.start)
        if not tail:
            return None
        comma = text.find(",", cue.end, following)
        speaker_end = self.scan.trim_time(cue.end, comma if comma >= 0 else following)
        speaker = (skip(text, cue.end, unit[1], SPACES), speaker_end)
        return self._new("according-to", cue, content_edge(tail), unit, speaker_span=speaker, trailing=True)

    def _owned(self, start: int, end: int) -> bool:
        """Is a speech noun owned by a name and followed by "that" ("Biden's announcement that ...")?"""
        return bool(_THAT_AFTER.match(self.text, end)
                    and _POSSESSOR_BEFORE.search(self.text, max(0, start - 80), start))

    def _nominal(self, cue: Cue, unit: tuple[int, int], possessor: re.Match | None) -> Candidate | None:
        """"The Biden administration's announcement that CLAUSE": a speech noun owned by an actor."""
        that = _THAT_AFTER.match(self.text, cue.end, unit[1])
        if not possessor or not that or not self.has_mention(possessor.start(1), possessor.end(1)):
            return None
        return self._new("nominal-cue", cue, possessor.start(), unit, start=that.end(),
                         speaker_span=(possessor.start(1), possessor.end(1)))

    def _naming(self, cue: Cue, unit: tuple[int, int], lo: int, following: int,
                found: list[Candidate]) -> Candidate | None:
        """"X called it “...”": the object with X's quoted words; without a quotation there is no claim."""
        quote = next(iter(self._quotes.opening_in(cue.end, following)), None)
        if quote is None or len(self.text[cue.end:quote.open].split()) > 6:
            return None
        fields = {"start": cue.end, "end": quote.outer_end, "fixed": True}
        if cue.text.endswith("ing"):
            with_subject = _WITH_SUBJECT.search(self.text, max(lo, cue.start - 80), cue.start)
            if with_subject:  # "with President Joe Biden calling it a “very difficult decision”"
                return self._new("naming-cue", cue, with_subject.start(), unit,
                                 speaker_span=(with_subject.start(1), with_subject.end(1) - 1), **fields)
            return self._new("naming-cue", cue, cue.start, unit, speaker_mode="previous",
                             previous=found[-1], **fields) if found else None
        end = self.scan.strip_back(cue.start, lo)
        start, boundary = self.scan.phrase_start(end, lo)
        if start >= end and boundary is not None and boundary.group() in self.lex.relatives:  # "Kyiv, which called it"
            return self._new("naming-cue", cue, boundary.start(), unit, speaker_span=(boundary.start(), boundary.end()),
                             speaker_mode="relative-" + self.lex.relatives[boundary.group()], **fields)
        words = self.text[start:end].split()
        if not words or not (self.has_mention(start, end) or words[-1] in self.lex.pronouns):
            return None
        return self._new("naming-cue", cue, start, unit, speaker_span=(start, end), **fields)

    def _participle(self, cue: Cue, form: str, unit: tuple[int, int], lo: int,
                    found: list[Candidate]) -> Candidate | None:
        """", stressing that ...", "Despite saying ...", "with officials saying ...", "a report ... reporting ..."."""
        us = unit[0]
        after_punct = _PARTICIPLE_AFTER.search(self.text, max(us, cue.start - 80), cue.start)
        start, that = self.content.content_start(cue.end, unit[1], form)
        as_saying = _AS_BEFORE.search(self.text, max(us, cue.start - 10), cue.start)  # "cited a driver as saying"
        if after_punct or as_saying or _PARTICIPLE_OPENING.fullmatch(self.text, us, cue.start):
            if form.lower() in self.lex.weak and not (that or self._quote_at(start)):
                return None
            edge = content_edge(after_punct) if after_punct else (cue.start if as_saying else us)
            candidate = self._new("participle", cue, edge, unit, start=start,
                                  dash=bool(after_punct and _DASH.search(after_punct.group())))
            if found:
                candidate.speaker_mode, candidate.previous = "previous", found[-1]
            else:
                candidate.speaker_mode = "subject-after" if edge == us else "subject-before"
            return candidate
        if self.scan.word_before(cue.start, lo) in self.lex.passive_be:  # progressive: "is warning that"
            return next(iter(self._finite(cue, form, unit, lo, unit[1], found, progressive=True)), None)
        with_subject = _WITH_SUBJECT.search(self.text, max(lo, cue.start - 80), cue.start)
        if with_subject:
            return self._new("participle", cue, with_subject.start(), unit, start=start,
                             speaker_span=(with_subject.start(1), with_subject.end(1) - 1))
        if self._document_before(cue.start, lo):
            return self._new("participle", cue, cue.start, unit, start=start,
                             speaker_span=(cue.start, cue.end), speaker_mode="relative-thing")
        return None

    def _finite(self, cue: Cue, form: str, unit: tuple[int, int], lo: int, following: int, found: list[Candidate],
                progressive: bool = False) -> list[Candidate]:
        """A finite cue: coordinated, trailing, parenthetical, or leading (with an echo for “...,” X said, “...”)."""
        if (not progressive and self._passive(cue.start, lo)) or self._negated(cue.start, lo):
            return []
        end = self.scan.strip_back(cue.start, lo)
        coordinated = _ends_with(self.text, lo, end, _CONJUNCTIONS)
        coordination = _COORDINATION.search(self.text, lo, end) if coordinated else None
        if found and coordination:
            start, that = self.content.content_start(cue.end, unit[1], form)
            if form in self.lex.weak and not (that or self._quote_at(start)):
                return []
            return [self._new("coordinated", cue, coordination.start(), unit, start=start,
                              speaker_mode="previous", previous=found[-1])]
        start, boundary = self.scan.phrase_start(end, lo)
        if start >= end:
            return self._without_subject(cue, form, unit, lo, following, boundary)
        start = self._pronoun_after_adverbial(start, end)
        subject = self.text[start:end]
        after_quote = boundary is not None and (
            boundary.group() in QUOTE_MARKS or self._quote_before(boundary) is not None)
        if not self.scan.plausible(start, end, unit[0], after_quote) or (
                subject in _BARE_SUBJECTS and form in self.lex.evidence_verbs):
            return []
        mark = boundary.group() if boundary else ""
        if mark in (",", "—", "–") or mark in QUOTE_MARKS:
            if self.is_tail(cue.end, following, form):
                edge = boundary.start() if mark in ",—–" else boundary.end()
                return [self._new("trailing-cue", cue, edge, unit, speaker_span=(start, end), trailing=True)]
            if mark == "," and self._parenthetical(cue.end, unit[1]):
                label = label_end(self.text, *unit)
                return [self._new("parenthetical-cue", cue, unit[0], unit, start=unit[0] if label is None else label,
                                  end=unit[1], speaker_span=(start, end), fixed=True)]
        leading = self._leading(cue, form, unit, (start, end), start)
        if not leading:
            return []
        before = self._quote_before(boundary)
        if before is None:
            return [leading]
        echo = self._new("trailing-cue", cue, before.open, unit, start=before.open, end=before.outer_end,
                         fixed=True, speaker_mode="previous", previous=leading)
        return [echo, leading]

    def _pronoun_after_adverbial(self, start: int, end: int) -> int:
        """"In a blog post he wrote": an opening adverbial without a comma before a pronoun subject; the subject
        is the pronoun (the start of the last word), else the phrase is left as it is."""
        words = self.text[start:end].split()
        if len(words) > 1 and words[0] in self.lex.intro_words and words[-1] in self.lex.pronouns:
            return end - len(words[-1])
        return start

    def _without_subject(self, cue: Cue, form: str, unit: tuple[int, int], lo: int, following: int,
                         boundary: re.Match | None) -> list[Candidate]:
        """A cue with no subject right before it: relative ("who said"), inverted ("..., said X."), or appositive."""
        mark = boundary.group() if boundary else ""
        if mark in self.lex.relatives and skip(self.text, unit[0], boundary.start(), SPACES) < boundary.start():
            mode = "relative-" + self.lex.relatives[mark]
            candidate = self._leading(cue, form, unit, (boundary.start(), boundary.end()), boundary.start(), mode)
            return [candidate] if candidate else []
        after_quote = mark in QUOTE_MARKS or self._quote_before(boundary) is not None
        speaker = self.scan.inverted_speaker(cue.end, following, after_quote) if mark == "," or mark in QUOTE_MARKS \
            else None
        if speaker is not None:
            edge = boundary.start() if mark == "," else boundary.end()
            return [self._new("trailing-cue", cue, edge, unit, speaker_span=speaker, trailing=True)]
        start = self.scan.appositive_start(boundary.start(), lo) if mark == "," else None
        if start is None or not self.scan.plausible(start, boundary.start(), unit[0]):
            return []
        candidate = self._leading(cue, form, unit, (start, boundary.start()), start)
        return [candidate] if candidate else []

    def _leading(self, cue: Cue, form: str, unit: tuple[int, int], speaker: tuple[int, int], edge: int,
                 mode: str = "phrase") -> Candidate | None:
        """"X said (that) CLAUSE": the content follows the cue. A weak cue ("found") needs plainly reported
        content ("that", a quotation, a colon) or a document speaker ("The report found ...")."""
        start, that = self.content.content_start(cue.end, unit[1], form)
        colon = start >= self._paragraph_end and ":" in self.text[cue.end:start]
        if form in self.lex.weak and not (that or self._quote_at(start) or colon or mode == "relative-thing"
                                          or self._documentary(*speaker)):
            return None
        # Counted from the paragraph's list: a scan from the unit's start per cue is quadratic in a long unit.
        dashes = bisect_left(self._dashes, cue.start) - bisect_left(self._dashes, unit[0])
        candidate = self._new("leading-cue", cue, edge, unit, start=start, speaker_span=speaker, speaker_mode=mode,
                              dash=dashes % 2 == 1)
        if colon:
            self.colon_cue = candidate
        return candidate

    # -- tests on the text around a cue ------------------------------------------
    def is_tail(self, position: int, following: int, form: str) -> bool:
        """Is what follows a cue only adverbials (a trailing attribution), not reported content?"""
        rest = _TAIL_APPENDIX.split(self.text[position:following], maxsplit=1)[0]
        rest = _TAIL_CONJUNCTION.sub("", rest.strip(_TAIL_STRIP))
        relative = _RELATIVE_CLAUSE.search(rest)  # "told CNN in an interview that aired Sunday"
        rest = rest[:relative.start()] if relative else rest
        if not rest:
            return True
        words, lex = rest.split(), self.lex
        if len(words) > 10 or "that" in words or self._quotes.opening_in(position, following):
            return False
        if words[0] in lex.adverbial_starts or lex.time.match(rest) or lex.channel.match(rest):
            return True
        addressee = next((i for i, w in enumerate(words) if w in lex.adverbial_starts or w == "by"), len(words))
        return form in lex.addressee and addressee <= 3 and not lex.finite_auxiliaries.intersection(words)

    def _parenthetical(self, position: int, limit: int) -> bool:
        """"The move, Peskov said, would ...": a comma and a lower-case continuation follow the cue."""
        start = skip(self.text, position, limit, SPACES)
        adverbial = self.lex.time.match(self.text, start, limit) or self.lex.channel.match(self.text, start, limit)
        return _PARENTHETICAL_REST.match(self.text, adverbial.end() if adverbial else position, limit) is not None

    def _quote_at(self, position: int) -> bool:
        """Does a quotation open (or run) at ``position``?"""
        return position < len(self.text) and self.text[position] in QUOTE_MARKS and self._quotes.covers(position)

    def _quote_before(self, boundary: re.Match | None) -> Quote | None:
        """The quotation closing right at a subject's boundary ("“...,” Kirby said, “...”")."""
        if boundary is None:
            return None
        position = boundary.start()
        if boundary.group() == ",":  # the last character before the comma and any space
            while position > 0 and self.text[position - 1].isspace():
                position -= 1
            position -= 1
        return self._quotes.closing_at(position)

    def _has_verb(self, start: int, end: int) -> bool:
        """Does a comma segment hold a verb (an auxiliary, a cue, a past tense not followed by "by")?"""
        words = [w.group() for w in _WORD_TOKEN.finditer(self.text, start, end) if not self._quotes.covers(w.start())]
        return any(w in self.lex.finite_auxiliaries or w in self.lex.cue_words
                   or (w.islower() and w.endswith("ed") and "-" not in w and words[i + 1:i + 2] != ["by"])
                   for i, w in enumerate(words))

    def _documentary(self, start: int, end: int) -> bool:
        """Does the speaker phrase hold a document noun ("the report")?"""
        return any(w.lower() in self.lex.document_nouns for w in self.text[start:end].split())

    def _passive(self, position: int, lo: int) -> bool:
        """"was reported", "was first reported", "to say": no subject speaks here."""
        words = self.text[max(lo, position - 40):position].split()[-3:]
        for word in reversed(words):
            if word in self.lex.passive_be or word == "to":
                return True
            if word not in self.lex.auxiliaries or word in self.lex.finite_auxiliaries:
                return False
        return False

    def _negated(self, position: int, lo: int) -> bool:
        """"had not explained", "never said", "did not immediately say": nothing was said."""
        words = self.text[max(lo, position - 30):position].split()[-2:]
        return any(word.replace("’", "'") in self.lex.negations for word in words)

    def _document_before(self, position: int, lo: int) -> bool:
        """Does a document noun stand just before a participle ("a report on the subject reporting")?"""
        window = self.text[max(lo, position - 60):position]
        return not _DOCUMENT_WINDOW_BREAK.search(window) and any(
            w.lower() in self.lex.document_nouns for w in window.split()[-6:])
