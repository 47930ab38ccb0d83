"""Attributed statements (claims) in one article: direct, indirect and mixed.

Paragraphs are read in sentence units (merged where a quotation spans
several, :func:`~cmclaims.extract.quotes.sentence_units`). Every attribution
cue outside quotation marks (``lexicons/cues.yaml``) is placed in one
structure, which names the row's rule (``claims.<structure>``):

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
- nominal-cue: "The Biden administration's announcement that CLAUSE";
- colon-cue: "... which reads:" with the quotation in the next paragraph;
- continued-quote: a quotation forming a whole sentence right after a claim
  in the same paragraph (or a direct one in the previous paragraph)
  continues that speaker, with no cue.

Content decisions (the codebook's "claims" section, read literally):

- direct: everything between the marks, whitespace trimmed, so a comma or
  period inside the marks belongs to the content ("... using them,");
- indirect: the reported clause after the cue, its addressee ("told the
  outlet that", "urging the administration to ..."), time or channel
  adverbials and a leading "that" (or "how") skipped, up to the end of the
  sentence or the next attribution in it; for a trailing attribution, from
  the sentence start (after a "Label:" or a dateline, an earlier claim, or
  ", as" / ", because") to the comma. Sentence punctuation outside the marks
  is dropped, a closing mark is kept; a clause ends before ", though ..." and
  where its quotation closes on a comma (“... times,”) with only an adjunct
  after it; a cue inside a dash aside ends its clause at the closing dash;
- a reported clause holding quotation marks is one mixed claim; a quotation
  that is a cue's whole object is direct;
- cue: the verb as written without auxiliaries or adverbs ("also confirmed"
  -> "confirmed", "noted on the Telegram app" -> "noted"), or a fixed phrase
  of the lexicon ("told reporters", "according to");
- quotations without attribution (scare quotes, titles after "called") are
  no claims; of two nested claims the inner one is kept when its speaker is a
  registry actor (the innermost named speaker), else the outer one.

Speakers are resolved by :mod:`cmclaims.extract.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from cmclaims.extract.quotes import CueLexicon, Quote, cue_lexicon, find_quotes, sentence_units
from cmclaims.extract.speakers import Speaker, SpeakerResolver, SubjectScanner

_MARKS = frozenset("\"“”„«»‟‘’‚'")
_SPACE = " \t\n\u00a0"
_SKIP = _SPACE + ",;:—–-"
_PARTICIPLE_AFTER = re.compile(r"(?:,\s*[”\"’]?|[”\"’]\s*,|[;(—–])\s*"
                               r"(?:(?:and|but|while|before|after|despite|without|by|when|also|even|then)\s+)?$")
_PARTICIPLE_OPENING = re.compile(r"\s*(?:(?:Despite|After|Before|While|By|Without|When|In|Also|And|But)\s+)?")
_WITH_SUBJECT = re.compile(r"\bwith\s+((?:[\w’'.-]+\s+){1,5})$")
_COORDINATION = re.compile(r"(?:,\s*)?\b(?:and|but)\s*$")
_LABEL = re.compile(r"(?:[A-Z][^.!?:“”\"\n]{0,60}:|[A-Z][A-Z.' ]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\.?\s*"
                    r"(?:\([^()\n]{1,60}\)\s*(?:--|[—–-])?|/[^/\n]{1,30}/\.?|--|[—–-]))\s+(?=\S)")
_CAUSAL = re.compile(r",\s+(?:as|because)\s+(?!well\b)")
_THAT_AHEAD = re.compile(r"((?:[^\s,;:“”\"]+\s+){0,8}?)that\b\s*")
_RELATIVE_THAT = re.compile(r"(?:[a-z]+ed|was|were|is|are|has|had|will|would|aired|ran|appeared)\b")
_RELATIVE_CLAUSE = re.compile(r"\s(?:that|which)\s+(?:[a-z]+ed|was|were|is|are|has|had|will|would|aired|ran|appeared)\b")
_POSSESSOR_BEFORE = re.compile(r"((?:[\w.’'-]+\s+){0,4}[\w.’'-]+?)['’]s\s+(?:[a-z-]+\s+){0,2}$")
_THAT_AFTER = re.compile(r"\s+that\s+")
_AS_BEFORE = re.compile(r"\bas\s+$")
_WORD_TOKEN = re.compile(r"[^\s,;:“”\"]+")
_ARTICLES = frozenset("the a an this that these those its their his her".split())
_LEADING_ACCORDING = re.compile(r"\s*(?:[A-Z][^.!?:“”\"\n]{0,60}:\s*)?(?:(?:But|And|Also|However|Yet|So|Still|Now|Moreover)\b,?\s*)?")
_TRAILING_COMMA = re.compile(r"(?:,\s*[”\"’]?|[”\"’]\s*,)\s*$")
_PARENTHETICAL_REST = re.compile(r"\s*,\s+(?![a-z]+ing\b|according\b|who\b|which\b)[a-z]")
_TAIL_APPENDIX = re.compile(r",\s+(?=[a-z]+ing\b|(?:who|which|according|as|while|when|after|before|without|despite)\b|an?\s|the\s)")
_TAIL_CONJUNCTION = re.compile(r"(?:\s|,)+(?:and|but)$")
_CONTRAST = re.compile(r",\s+(?:though|although|whereas|even as|even though)\s")
_END_CONJUNCTION = re.compile(r"(?:\s|,)+(?:and|but|or|while|whereas)$")
_LEADING_THAT = re.compile(r"(?:that|how)\b\s*")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_COMMA_OR_DASH = re.compile(r"[,—–]")
_DASH = re.compile("[—–]")
_DOCUMENT_WINDOW_BREAK = re.compile("[,;:—–]")
_BARE_SUBJECTS = frozenset("it It this This that That".split())
_CONTINUATIONS = frozenset("and but or nor which who whom that as while because if since when whereas so then".split())


class _Cue(NamedTuple):
    """A cue word or phrase as found in the text."""

    start: int
    end: int
    text: str


@dataclass(eq=False)
class _Candidate:
    """One attribution and its content span while a paragraph is read."""

    structure: str
    cue: tuple[int, int] | None
    left_edge: int  # where the attribution begins: earlier contents end here
    unit: tuple[int, int]
    paragraph: int
    start: int | None = None
    end: int | None = None
    speaker_span: tuple[int, int] | None = None
    speaker_mode: str = "phrase"  # phrase | previous | relative-person | relative-thing | subject-before | subject-after
    previous: _Candidate | None = None
    trailing: bool = False  # the content precedes the attribution ("CLAUSE, X said.")
    fixed: bool = False  # the content span is known already (a quotation)
    dash: bool = False  # the cue follows a dash: its content ends at the next one
    kind: str = ""
    span: tuple[int, int] | None = None
    speaker: Speaker | None = None


def find_claims(text: str, spans: Sequence[tuple[int, int]], mentions: Sequence[Mapping],
                actors: Mapping[str, Mapping]) -> list[dict]:
    """Claims in the body paragraphs ``spans`` of ``text``, sorted by start.

    ``actors`` maps actor_id to a record with at least "kind" and "name" (a
    registry object with a ``records`` mapping is accepted too).
    """
    actors = getattr(actors, "records", actors)
    paragraphs = [(start, end, find_quotes(text, start, end)) for start, end in spans]
    quoted = [(q.open, q.outer_end) for *_, quotes in paragraphs for q in quotes]
    resolver = SpeakerResolver(text, spans, mentions, actors, quoted)
    reader = _Reader(text, cue_lexicon(), resolver, SubjectScanner(text, cue_lexicon(), resolver, [q[0] for q in quoted]))
    for index, (start, end, quotes) in enumerate(paragraphs):
        reader.read_paragraph(index, start, end, quotes)
    return reader.rows(actors)


class _Reader:
    """Finds the claims of one document, paragraph by paragraph."""

    def __init__(self, text: str, lex: CueLexicon, resolver: SpeakerResolver, scan: SubjectScanner) -> None:
        self.text, self.lex, self.resolver, self.scan = text, lex, resolver, scan
        self.candidates: list[_Candidate] = []
        self._pending: _Candidate | None = None

    # -- reading -----------------------------------------------------------
    def read_paragraph(self, index: int, start: int, end: int, quotes: list[Quote]) -> None:
        self._paragraph, self._bounds, self._quotes = index, (start, end), quotes
        self._quote_opens = [q.open for q in quotes]
        pending, self._pending = self._pending, None
        if not quotes and not self.lex.cue.search(self.text, start, end):
            return
        for unit in sentence_units(self.text, start, end, quotes):
            self._read_unit(unit, pending if unit[0] == start else None)

    def _read_unit(self, unit: tuple[int, int], pending: _Candidate | None) -> None:
        cues = [_Cue(m.start(), m.end(), m.group()) for m in self.lex.cue.finditer(self.text, *unit)
                if not self._quoted(m.start()) and (m.group() not in self.lex.nominal or self._owned(m.start(), m.end()))]
        found: list[_Candidate] = []
        label = _LABEL.match(self.text, *unit)
        lo = label.end() if label and not any(cue.start < label.end() for cue in cues) else unit[0]
        for index, cue in enumerate(cues):
            following = cues[index + 1].start if index + 1 < len(cues) else unit[1]
            produced = self._attribute(cue, unit, lo, following, found)
            found += produced
            lo = cue.end if produced else lo
        self._close(found, unit)
        self.candidates += [candidate for candidate in found if self._finish(candidate)]
        self._bare_quote(unit, pending, found)

    def _attribute(self, cue: _Cue, unit: tuple[int, int], lo: int, following: int,
                   found: list[_Candidate]) -> list[_Candidate]:
        form = " ".join(cue.text.split())
        if form in self.lex.according:
            candidate = self._according(cue, unit, following)
        elif form in self.lex.naming:
            candidate = self._naming(cue, unit, lo, following, found)
        elif form in self.lex.nominal and self._owned(cue.start, cue.end):
            candidate = self._nominal(cue, unit, _POSSESSOR_BEFORE.search(self.text, max(lo, cue.start - 80), cue.start))
        elif form in self.lex.participles:
            candidate = self._participle(cue, form, unit, lo, found)
        else:
            return self._finite(cue, form, unit, lo, following, found)
        return [candidate] if candidate else []

    def _new(self, structure: str, cue: _Cue, edge: int, unit: tuple[int, int], **fields) -> _Candidate:
        return _Candidate(structure, (cue.start, cue.end), edge, unit, self._paragraph, **fields)

    # -- structures ----------------------------------------------------------
    def _according(self, cue: _Cue, unit: tuple[int, int], following: int) -> _Candidate | None:
        """"According to X, CLAUSE": the clause starts after the comma before its first auxiliary."""
        text = self.text
        if _LEADING_ACCORDING.fullmatch(text, unit[0], cue.start):
            commas = [i for i in range(cue.end, unit[1]) if text[i] == "," and not self._quoted(i)]
            if not commas:
                return None
            ends = commas[1:] + [unit[1]]
            clause_comma = next((c for c, end in zip(commas, ends) if self._has_verb(c + 1, end)), commas[0])
            speaker = (self.scan.skip(cue.end, unit[1], _SPACE), self.scan.trim_time(cue.end, clause_comma))
            return self._new("according-to", cue, cue.start, unit, start=clause_comma + 1, speaker_span=speaker)
        tail = _TRAILING_COMMA.search(text, unit[0], cue.start)
        if not tail:
            return None
        comma = text.find(",", cue.end, following)
        speaker = (self.scan.skip(cue.end, unit[1], _SPACE), self.scan.trim_time(cue.end, comma if comma >= 0 else following))
        return self._new("according-to", cue, _edge(tail), unit, speaker_span=speaker, trailing=True)

    def _owned(self, start: int, end: int) -> bool:
        """Is a speech noun owned by a name and followed by "that" ("Biden's announcement that ...")?"""
        return bool(_POSSESSOR_BEFORE.search(self.text, max(0, start - 80), start) and _THAT_AFTER.match(self.text, end))

    def _nominal(self, cue, unit, possessor) -> _Candidate | None:
        """"The Biden administration's announcement that CLAUSE": a speech noun owned by an actor."""
        that = _THAT_AFTER.match(self.text, cue.end, unit[1])
        if not possessor or not that or not self.resolver.has_mention(possessor.start(1), possessor.end(1)):
            return None
        return self._new("nominal-cue", cue, possessor.start(), unit, start=that.end(),
                         speaker_span=(possessor.start(1), possessor.end(1)))

    def _naming(self, cue, unit, lo, following, found) -> _Candidate | None:
        """"X called it “...”": the object with X's quoted words; without a quotation there is no claim."""
        quote = next((q for q in self._quotes if cue.end <= q.open < following), None)
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
        if not words or not (self.resolver.has_mention(start, end) or words[-1] in self.lex.pronouns):
            return None
        return self._new("naming-cue", cue, start, unit, speaker_span=(start, end), **fields)

    def _participle(self, cue, form, unit, lo, found) -> _Candidate | None:
        """", stressing that ...", "Despite saying ...", "with officials saying ...", "a report ... reporting ..."."""
        us = unit[0]
        after_punct = _PARTICIPLE_AFTER.search(self.text, max(us, cue.start - 80), cue.start)
        start, that = self._content_start(cue.end, unit, form)
        as_saying = _AS_BEFORE.search(self.text, max(us, cue.start - 10), cue.start)  # "cited a driver as saying"
        if after_punct or as_saying or _PARTICIPLE_OPENING.fullmatch(self.text, us, cue.start):
            if form.lower() in self.lex.weak and not (that or self._quote_at(start)):
                return None
            edge = _edge(after_punct) if after_punct else (cue.start if as_saying else us)
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

    def _finite(self, cue, form, unit, lo, following, found, progressive=False) -> list[_Candidate]:
        """A finite cue: coordinated, trailing, parenthetical, or leading (with an echo for “...,” X said, “...”)."""
        if not progressive and self._passive(cue.start, lo):
            return []
        end = self.scan.strip_back(cue.start, lo)
        coordination = _COORDINATION.search(self.text, lo, end)
        if found and coordination:
            start, that = self._content_start(cue.end, unit, form)
            if form in self.lex.weak and not (that or self._quote_at(start)):
                return []
            return [self._new("coordinated", cue, coordination.start(), unit, start=start,
                              speaker_mode="previous", previous=found[-1])]
        start, boundary = self.scan.phrase_start(end, lo)
        if start >= end:
            return self._without_subject(cue, form, unit, lo, following, boundary)
        subject = self.text[start:end]
        if not self.scan.plausible(start, end, unit[0]) or (subject in _BARE_SUBJECTS and form in self.lex.evidence_verbs):
            return []
        mark = boundary.group() if boundary else ""
        if mark in (",", "—", "–") or mark in _MARKS:
            if self._is_tail(cue.end, following, form):
                edge = boundary.start() if mark in ",—–" else boundary.end()
                return [self._new("trailing-cue", cue, edge, unit, speaker_span=(start, end), trailing=True)]
            if mark == "," and self._parenthetical(cue.end, unit[1]):
                label = _LABEL.match(self.text, *unit)
                return [self._new("parenthetical-cue", cue, unit[0], unit, start=label.end() if label else unit[0],
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

    def _without_subject(self, cue, form, unit, lo, following, boundary) -> list[_Candidate]:
        """A cue with no subject right before it: relative ("who said"), inverted ("..., said X."), or appositive."""
        mark = boundary.group() if boundary else ""
        if mark in self.lex.relatives and self.text[unit[0]:boundary.start()].strip():
            mode = "relative-" + self.lex.relatives[mark]
            candidate = self._leading(cue, form, unit, (boundary.start(), boundary.end()), boundary.start(), mode)
            return [candidate] if candidate else []
        speaker = self.scan.inverted_speaker(cue.end, following) if mark == "," or mark in _MARKS else None
        if speaker is not None:
            edge = boundary.start() if mark == "," else boundary.end()
            return [self._new("trailing-cue", cue, edge, unit, speaker_span=speaker, trailing=True)]
        start = self.scan.appositive_start(boundary.start(), lo) if mark == "," else None
        if start is None or not self.scan.plausible(start, boundary.start(), unit[0]):
            return []
        candidate = self._leading(cue, form, unit, (start, boundary.start()), start)
        return [candidate] if candidate else []

    def _leading(self, cue, form, unit, speaker, edge, mode="phrase") -> _Candidate | None:
        start, that = self._content_start(cue.end, unit, form)
        documentary = any(w.lower() in self.lex.document_nouns for w in self.text[speaker[0]:speaker[1]].split())
        colon = start >= self._bounds[1] and ":" in self.text[cue.end:start]
        if form in self.lex.weak and not (that or self._quote_at(start) or documentary or colon or mode == "relative-thing"):
            return None
        dashes = sum(1 for m in _DASH.finditer(self.text, unit[0], cue.start) if not self._quoted(m.start()))
        candidate = self._new("leading-cue", cue, edge, unit, start=start, speaker_span=speaker, speaker_mode=mode,
                              dash=dashes % 2 == 1)
        if colon:
            self._pending = candidate
        return candidate

    # -- content spans -----------------------------------------------------
    def _close(self, found: list[_Candidate], unit: tuple[int, int]) -> None:
        """End leading contents at the next attribution; start trailing ones after the previous claim."""
        for index, candidate in enumerate(found):
            if candidate.trailing or candidate.fixed:
                continue
            later = next((c.left_edge for c in found[index + 1:]
                          if c.left_edge > candidate.start and self.text[candidate.start:c.left_edge].strip()), unit[1])
            dash = _DASH.search(self.text, candidate.start, later) if candidate.dash else None
            candidate.end = dash.start() if dash else later
        label = _LABEL.match(self.text, *unit)
        for index, candidate in enumerate(found):
            if not candidate.trailing:
                continue
            start = label.end() if label and label.end() <= candidate.left_edge else unit[0]
            for earlier in found[:index]:
                if earlier.start is not None and earlier.end is not None and earlier.end <= candidate.left_edge:
                    joined = not self.text[earlier.end:candidate.left_edge].strip(_SKIP)
                    start = max(start, earlier.start if joined else earlier.end)
            for causal in _CAUSAL.finditer(self.text, start, candidate.left_edge):
                start = causal.end() if not self._quoted(causal.start()) else start
            candidate.start, candidate.end = start, candidate.left_edge

    def _finish(self, candidate: _Candidate) -> bool:
        """Trim the content and decide direct / mixed / indirect; False drops the candidate."""
        if candidate.start is None or candidate.end is None:
            return False
        start, end = self._trim(candidate.start, candidate.end)
        inside = [q for q in self._quotes if start <= q.open < end]
        if len(inside) == 1 and inside[0].open == start and inside[0].outer_end >= end:
            candidate.kind, candidate.span = "direct", (inside[0].start, inside[0].end)
            return True
        if not inside and len(_LETTERS.findall(self.text, start, end)) < 2:
            return False
        for quote in inside:  # "... “at least two dozen times,” just over a month after ..."
            rest = self.text[quote.outer_end:end].strip()
            if quote.close is not None and self.text[quote.end - 1] == "," and rest[:1].islower() \
                    and rest.split()[0] not in _CONTINUATIONS and not any(ch in _MARKS for ch in rest):
                end = quote.outer_end
        candidate.kind, candidate.span = ("mixed" if inside else "indirect"), (start, end)
        return True

    def _bare_quote(self, unit: tuple[int, int], pending: _Candidate | None, found: list[_Candidate]) -> None:
        """A whole-sentence quotation without a cue of its own: after a colon cue, or continuing a speaker."""
        quote = next((q for q in self._quotes if q.open == unit[0]), None)
        if quote is None or self.text[quote.outer_end:unit[1]].strip(_SPACE + ".,;!?") or any(c.span for c in found):
            return
        previous = self.candidates[-1] if self.candidates else None
        if pending is not None:
            structure, cue, previous = "colon-cue", pending.cue, pending
        elif previous and (previous.paragraph == self._paragraph
                           or (previous.paragraph == self._paragraph - 1 and previous.kind == "direct")):
            structure, cue = "continued-quote", None
        else:
            return
        self.candidates.append(_Candidate(structure, cue, unit[0], unit, self._paragraph, quote.open, quote.outer_end,
                                          speaker_mode="previous", previous=previous, kind="direct",
                                          span=(quote.start, quote.end)))

    def _content_start(self, position: int, unit: tuple[int, int], form: str) -> tuple[int, bool]:
        """Where the reported content starts after a cue; True when a "that" was skipped."""
        text, lex, limit = self.text, self.lex, unit[1]
        start = self.scan.skip(position, limit, _SPACE)
        ahead = _THAT_AHEAD.match(text, start, limit)
        if ahead and not _RELATIVE_THAT.match(text, ahead.end(), limit):
            between = ahead.group(1).split()
            if not between or between[0] in lex.adverbial_starts or (form in lex.addressee and len(between) <= 4):
                return ahead.end(), True
        addressee = self._addressee_end(start, limit) if form in lex.addressee else None
        if addressee is not None:
            return addressee, False
        while adverbial := lex.time.match(text, start, limit) or lex.channel.match(text, start, limit):
            start = self.scan.skip(adverbial.end(), limit, _SPACE + ",")
        return self.scan.skip(start, limit, _SKIP.replace("-", "")), False

    def _addressee_end(self, start: int, limit: int) -> int | None:
        """After "urged X" / "accused X": the start of "(not) to VERB", or what follows "of" (X is no content)."""
        words = list(_WORD_TOKEN.finditer(self.text, start, min(limit, start + 120)))[:9]
        if not words or words[0].group() in self.lex.adverbial_starts or words[0].group() in ("that", "against", "about", "of", "for"):
            return None
        for index, word in enumerate(words[1:], 1):
            token = word.group()
            if token in self.lex.finite_auxiliaries or token == "that":
                return None
            following = words[index + 1].group() if index + 1 < len(words) else ""
            if token == "to" and following.islower() and following not in _ARTICLES:
                return words[index - 1].start() if words[index - 1].group() == "not" else word.start()
            if token == "of":
                return self.scan.skip(word.end(), limit, _SPACE)
        return None

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        start = self.scan.skip(start, end, _SKIP)
        that = _LEADING_THAT.match(text, start, end)
        if that and that.end() < end:
            start = that.end()
        while end > start and text[end - 1] in _SKIP + ".!?":
            end -= 1
        contrast = next((m for m in _CONTRAST.finditer(text, start, end) if not self._quoted(m.start())), None)
        end = contrast.start() if contrast else end
        conjunction = _END_CONJUNCTION.search(text, start, end)
        return start, conjunction.start() if conjunction else end

    def _parenthetical(self, position: int, limit: int) -> bool:
        """"The move, Peskov said, would ...": a comma and a lower-case continuation follow the cue."""
        start = self.scan.skip(position, limit, _SPACE)
        adverbial = self.lex.time.match(self.text, start, limit) or self.lex.channel.match(self.text, start, limit)
        return _PARENTHETICAL_REST.match(self.text, adverbial.end() if adverbial else position, limit) is not None

    def _is_tail(self, position: int, following: int, form: str) -> bool:
        """Is what follows a cue only adverbials (a trailing attribution), not reported content?"""
        rest = _TAIL_APPENDIX.split(self.text[position:following], maxsplit=1)[0]
        rest = _TAIL_CONJUNCTION.sub("", rest.strip(_SPACE + ".!?;:,"))
        relative = _RELATIVE_CLAUSE.search(rest)  # "told CNN in an interview that aired Sunday"
        rest = rest[:relative.start()] if relative else rest
        if not rest:
            return True
        words, lex = rest.split(), self.lex
        if len(words) > 10 or "that" in words or any(position <= q.open < following for q in self._quotes):
            return False
        if words[0] in lex.adverbial_starts or lex.time.match(rest) or lex.channel.match(rest):
            return True
        addressee = next((i for i, w in enumerate(words) if w in lex.adverbial_starts), len(words))
        return form in lex.addressee and addressee <= 3 and not lex.finite_auxiliaries.intersection(words)

    def _subject_span(self, candidate: _Candidate) -> tuple[int, int] | None:
        """A participle's subject: before it ("X did Y, arguing ..."), or after ("Despite saying ..., X ...")."""
        us, ue = candidate.unit
        if candidate.speaker_mode == "subject-after":
            chained = [c.end for c in self.candidates if c.previous is candidate and c.end] + [candidate.end or us]
            return self.scan.subject_from(self.scan.skip(max(chained), ue, _SKIP + "”\""), ue, us)
        cuts = [us] + [m.end() for m in _COMMA_OR_DASH.finditer(self.text, us, candidate.left_edge)]
        for cut in reversed(cuts):
            span = self.scan.subject_from(self.scan.skip(cut, candidate.left_edge, _SPACE), candidate.left_edge, us)
            if span:
                return span
        return None

    # -- small helpers -----------------------------------------------------
    def _quoted(self, position: int) -> bool:
        index = bisect_right(self._quote_opens, position) - 1
        return index >= 0 and position < self._quotes[index].outer_end

    def _quote_at(self, position: int) -> bool:
        return position < len(self.text) and self.text[position] in _MARKS and self._quoted(position)

    def _quote_before(self, boundary: re.Match | None) -> Quote | None:
        """The quotation closing right at a subject's boundary ("“...,” Kirby said, “...”")."""
        if boundary is None:
            return None
        position = boundary.start() if boundary.group() != "," else len(self.text[:boundary.start()].rstrip()) - 1
        return next((q for q in self._quotes if q.close == position), None)

    def _has_verb(self, start: int, end: int) -> bool:
        """Does a comma segment hold a verb (an auxiliary, a cue, a past tense not followed by "by")?"""
        words = [w.group() for w in _WORD_TOKEN.finditer(self.text, start, end) if not self._quoted(w.start())]
        return any(w in self.lex.finite_auxiliaries or w in self.lex.cue_words
                   or (w.islower() and w.endswith("ed") and "-" not in w and words[i + 1:i + 2] != ["by"])
                   for i, w in enumerate(words))

    def _passive(self, position: int, lo: int) -> bool:
        """"was reported", "was first reported", "to say": no subject speaks here."""
        words = self.text[max(lo, position - 40):position].split()[-3:]
        for word in reversed(words):
            if word in self.lex.passive_be or word == "to":
                return True
            if word not in self.lex.auxiliaries or word in self.lex.finite_auxiliaries:
                return False
        return False

    def _document_before(self, position: int, lo: int) -> bool:
        """Does a document noun stand just before a participle ("a report on the subject reporting")?"""
        window = self.text[max(lo, position - 60):position]
        return not _DOCUMENT_WINDOW_BREAK.search(window) and any(
            w.lower() in self.lex.document_nouns for w in window.split()[-6:])

    def _resolve(self, candidate: _Candidate) -> Speaker:
        if candidate.speaker is None:
            mode, span = candidate.speaker_mode, candidate.speaker_span
            if mode == "previous" and candidate.previous is not None:
                speaker = self._resolve(candidate.previous)
                if candidate.structure == "continued-quote":
                    speaker = Speaker(speaker.actor_id, None, speaker.category)
            elif mode.startswith("relative-") and span:
                speaker = self.resolver.antecedent(span[0], candidate.unit[0], mode.split("-")[1])
            elif mode.startswith("subject-"):
                span = self._subject_span(candidate)
                speaker = self.resolver.resolve_phrase(*span) if span else Speaker(None, None, "unknown")
            else:
                speaker = self.resolver.resolve_phrase(*span, candidate.unit[0]) if span else Speaker(None, None, "unknown")
            candidate.speaker = speaker
        return candidate.speaker

    def rows(self, actors: Mapping[str, object]) -> list[dict]:
        """Resolve speakers in document order, drop nested or duplicate claims, and emit rows."""
        kept = [c for c in self.candidates if c.span]
        tails = [(max(c.cue[1], c.speaker_span[1] if c.speaker_span else 0), c.unit[1] if c.trailing else c.span[0])
                 for c in kept if c.cue]
        self.resolver.hide([c.span for c in kept] + tails)
        for candidate in sorted(kept, key=_speaker_position):
            self.resolver.record(_speaker_position(candidate), self._resolve(candidate))
        rows = [{
            "char_start": c.span[0], "char_end": c.span[1], "kind": c.kind,
            "speaker_id": c.speaker.actor_id if c.speaker.actor_id in actors else None,
            "speaker_text": c.speaker.text, "cue": self.text[c.cue[0]:c.cue[1]] if c.cue else None,
            "rule": f"claims.{c.structure}",
        } for c in _drop_nested(kept)]
        return sorted(rows, key=lambda row: (row["char_start"], row["char_end"]))


def _edge(punctuation: re.Match) -> int:
    """Where a content ends before connecting punctuation, keeping a closing mark it holds (",”" -> after ”)."""
    marks = [i for i, ch in enumerate(punctuation.group()) if ch in _MARKS]
    return punctuation.start() + (marks[-1] + 1 if marks else 0)


def _speaker_position(candidate: _Candidate) -> int:
    if candidate.speaker_span:
        return candidate.speaker_span[0]
    return candidate.cue[0] if candidate.cue else candidate.span[0]


def _named(candidate: _Candidate) -> bool:
    return candidate.speaker is not None and candidate.speaker.actor_id is not None


def _rank(candidate: _Candidate) -> tuple[bool, bool, bool]:
    """Of two claims on one span: a named speaker, then a verb cue, then a leading one."""
    return _named(candidate), candidate.structure != "according-to", not candidate.trailing


def _drop_nested(candidates: list[_Candidate]) -> list[_Candidate]:
    """One claim per span; of two nested claims keep the inner one only if its speaker is named."""
    best: dict[tuple[int, int], _Candidate] = {}
    for c in candidates:
        held = best.get(c.span)
        if held is None or _rank(c) > _rank(held):
            best[c.span] = c
    unique = sorted(best.values(), key=lambda c: (c.span[0], -c.span[1]))
    dropped: set[int] = set()
    for i, outer in enumerate(unique):
        for inner in unique[i + 1:]:
            if inner.span[0] >= outer.span[1]:
                break
            if inner.span[1] <= outer.span[1]:
                dropped.add(id(outer) if _named(inner) else id(inner))
    return [c for c in unique if id(c) not in dropped]
