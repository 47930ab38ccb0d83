"""Attributed statements (claims) in one article: direct, indirect and mixed.

:func:`find_claims` reads the body paragraphs in sentence units (merged where
a quotation spans several, :func:`~cmclaims.text.quotes.sentence_units`):

1. the unit's attribution cues are placed in their structures
   (:mod:`cmclaims.extract.claims.attribution`: leading, trailing, parenthetical,
   participle, coordinated, according-to, naming and nominal cues);
2. their contents are delimited and classed direct, indirect or mixed
   (:mod:`cmclaims.extract.claims.content_spans`);
3. a quotation forming a whole unit without a cue of its own is a claim too:
   after a cue ending in a colon ("... which reads:") in the previous
   paragraph (colon-cue), or continuing the speaker of a claim earlier in the
   same paragraph, or of a direct one in the previous paragraph
   (continued-quote);
4. once the document is read, speakers are resolved in document order
   (:mod:`cmclaims.extract.claims.speaker_phrases` finds a participle's subject,
   :mod:`cmclaims.extract.claims.speakers` names the actor, pronouns use the history);
5. of two claims on one span the better attributed is kept; of two nested
   claims the inner one is kept when its speaker is a registry actor (the
   innermost named speaker), else the outer one.

Quotations without attribution (scare quotes, titles after "called") are no
claims. Each row's rule is ``claims.<structure>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from cmclaims.extract.claims.attribution import Attributor
from cmclaims.extract.claims.candidate import Candidate
from cmclaims.extract.claims.content_spans import SKIP, ContentSpans, label_end
from cmclaims.extract.claims.cues import cue_lexicon
from cmclaims.extract.claims.speaker_phrases import SubjectScanner
from cmclaims.extract.claims.speakers import Speaker, SpeakerResolver
from cmclaims.tabular.records import Claim, Mention, in_span_order
from cmclaims.text.quotes import SPACE, SPACES, Quotations, Quote, char_run, find_quotes, sentence_units, skip

_COMMA_OR_DASH = re.compile(r"[,—–]")
_UNIT_END_PUNCTUATION = SPACE + ".,;!?"
_BEFORE_SUBJECT = char_run(SKIP + "”\"")
_UNKNOWN = Speaker(None, None, "unknown")
_CLOSING_MARKS = "”\"’»"
_CLAUSE_PUNCTUATION = re.compile(r"[,;:“”\"]")


def find_claims(text: str, spans: Sequence[tuple[int, int]], mentions: Sequence[Mention],
                actors: Mapping[str, Mapping]) -> list[Claim]:
    """Claims in the body paragraphs ``spans`` of ``text``, in span order.

    ``actors`` maps actor_id to a record with at least "kind" and "name" (a
    registry object with a ``records`` mapping is accepted too).
    """
    actors = getattr(actors, "records", actors)
    paragraphs = [(start, end, find_quotes(text, start, end)) for start, end in spans]
    quotations = Quotations(sorted((quote for *_, quotes in paragraphs for quote in quotes), key=_opening))
    reader = _Reader(text, SpeakerResolver(text, spans, mentions, actors, quotations), quotations)
    for index, (start, end, quotes) in enumerate(paragraphs):
        reader.read_paragraph(index, start, end, quotes)
    return reader.rows(actors)


class _Reader:
    """Finds the claims of one document, paragraph by paragraph, then resolves their speakers."""

    def __init__(self, text: str, resolver: SpeakerResolver, quotations: Quotations) -> None:
        lex = cue_lexicon()
        self.text, self.resolver = text, resolver
        self.scan = SubjectScanner(text, lex, resolver.has_mention, quotations)
        self.content = ContentSpans(text, lex)
        self.attribution = Attributor(text, lex, self.scan, resolver.has_mention, self.content)
        self.candidates: list[Candidate] = []
        self._paragraph, self._quotes = 0, Quotations(())

    def read_paragraph(self, index: int, start: int, end: int, quotes: list[Quote]) -> None:
        """Add the claims of paragraph ``index``, [start, end), whose quotations are ``quotes``."""
        self._paragraph, self._quotes = index, Quotations(quotes)
        pending, self.attribution.colon_cue = self.attribution.colon_cue, None
        if not self.attribution.start_paragraph(index, start, end, self._quotes) and not (
                quotes and (pending is not None or self._continues_direct_quote(index))):
            return  # no cue, and no quotation can be a claim
        units: list[tuple[int, int]] = []
        for unit in sentence_units(self.text, start, end, quotes):
            if units and self._tail_after_question(units[-1][1], unit):
                units[-1] = (units[-1][0], unit[1])  # "“Are they safe?” Kirby asked." is one unit
            else:
                units.append(unit)
        for unit in units:
            self._read_unit(unit, pending if unit[0] == start else None)

    def _tail_after_question(self, end: int, unit: tuple[int, int]) -> bool:
        """Does ``unit`` only attribute the quotation that closes, on a question or exclamation mark, the sentence
        ending at ``end`` ("“Why now?” Kirby asked reporters.")? The sentence splitter cuts there."""
        text = self.text
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end < 2 or text[end - 1] not in _CLOSING_MARKS or text[end - 2] not in "?!":
            return False
        cues = self.attribution.cues_in(unit)
        if not cues or _CLAUSE_PUNCTUATION.search(text, unit[0], cues[0].start) or len(
                text[unit[0]:cues[0].start].split()) > 5:
            return False
        return self.attribution.is_tail(cues[0].end, unit[1], cues[0].form)

    def _read_unit(self, unit: tuple[int, int], pending: Candidate | None) -> None:
        """Add the claims of one sentence unit: its cues' candidates, or a quotation without a cue."""
        cues = self.attribution.cues_in(unit)
        found: list[Candidate] = []
        if cues:
            label = label_end(self.text, *unit)
            found = self.attribution.attribute(cues, unit, label)
            self.content.close(found, unit, label, self._quotes)
            self.candidates += [candidate for candidate in found if self.content.finish(candidate, self._quotes)]
        self._bare_quote(unit, pending, found)

    def _continues_direct_quote(self, paragraph: int) -> bool:
        """Is the latest claim a direct one in the paragraph before (a cue-less quotation may continue it)?"""
        latest = self.candidates[-1] if self.candidates else None
        return latest is not None and latest.paragraph == paragraph - 1 and latest.kind == "direct"

    def _bare_quote(self, unit: tuple[int, int], pending: Candidate | None, found: list[Candidate]) -> None:
        """A whole-unit quotation without a cue of its own: after a colon cue, or continuing a speaker."""
        quote = next(iter(self._quotes.opening_in(unit[0], unit[0] + 1)), None)
        after_quote = self.text[quote.outer_end:unit[1]] if quote is not None else ""
        if quote is None or any(c.span for c in found) or after_quote.strip(_UNIT_END_PUNCTUATION):
            return
        previous = self.candidates[-1] if self.candidates else None
        if pending is not None:
            structure, cue, previous = "colon-cue", pending.cue, pending
        elif previous and (previous.paragraph == self._paragraph or self._continues_direct_quote(self._paragraph)):
            structure, cue = "continued-quote", None
        else:
            return
        self.candidates.append(Candidate(structure, cue, unit[0], unit, self._paragraph, quote.open, quote.outer_end,
                                         speaker_mode="previous", previous=previous, kind="direct",
                                         span=(quote.start, quote.end)))

    # -- speakers and rows ---------------------------------------------------
    def rows(self, actors: Mapping[str, object]) -> list[Claim]:
        """Resolve speakers in document order, drop nested or duplicate claims, and emit rows."""
        kept = [c for c in self.candidates if c.span]
        tails = [(max(c.cue[1], c.speaker_span[1] if c.speaker_span else 0), c.unit[1] if c.trailing else c.span[0])
                 for c in kept if c.cue]
        self.resolver.hide([c.span for c in kept] + tails)
        for candidate in sorted(kept, key=_speaker_position):
            self.resolver.record(_speaker_position(candidate), self._resolve(candidate))
        return in_span_order(Claim(
            *c.span, c.kind, speaker_id=c.speaker.actor_id if c.speaker.actor_id in actors else None,
            speaker_text=c.speaker.text, cue=self.text[c.cue[0]:c.cue[1]] if c.cue else None,
            rule=f"claims.{c.structure}",
        ) for c in _drop_nested(kept))

    def _resolve(self, candidate: Candidate) -> Speaker:
        """The candidate's speaker, resolved once (a chained candidate takes its predecessor's)."""
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
                speaker = self.resolver.resolve_phrase(*span) if span else _UNKNOWN
            else:
                speaker = self.resolver.resolve_phrase(*span, candidate.unit[0]) if span else _UNKNOWN
            candidate.speaker = speaker
        return candidate.speaker

    def _subject_span(self, candidate: Candidate) -> tuple[int, int] | None:
        """A participle's subject: before it ("X did Y, arguing ..."), or after ("Despite saying ..., X ...")."""
        us, ue = candidate.unit
        if candidate.speaker_mode == "subject-after":
            chained = [c.end for c in self.candidates if c.previous is candidate and c.end] + [candidate.end or us]
            return self.scan.subject_from(skip(self.text, max(chained), ue, _BEFORE_SUBJECT), ue, us)
        cuts = [us] + [m.end() for m in _COMMA_OR_DASH.finditer(self.text, us, candidate.left_edge)]
        for cut in reversed(cuts):
            span = self.scan.subject_from(skip(self.text, cut, candidate.left_edge, SPACES), candidate.left_edge, us)
            if span:
                return span
        return None


def _opening(quote: Quote) -> int:
    return quote.open


def _speaker_position(candidate: Candidate) -> int:
    if candidate.speaker_span:
        return candidate.speaker_span[0]
    return candidate.cue[0] if candidate.cue else candidate.span[0]


def _named(candidate: Candidate) -> bool:
    return candidate.speaker is not None and candidate.speaker.actor_id is not None


def _rank(candidate: Candidate) -> tuple[bool, bool, bool]:
    """Of two claims on one span: a named speaker, then a verb cue, then a leading one."""
    return _named(candidate), candidate.structure != "according-to", not candidate.trailing


def _drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """One claim per span; of two nested claims keep the inner one only if its speaker is named."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        held = best.get(c.span)
        if held is None or _rank(c) > _rank(held):
            best[c.span] = c
    unique = sorted(best.values(), key=lambda c: (c.span[0], -c.span[1]))
    dropped: set[int] = set()
    for i, outer in enumerate(unique):
        for k in range(i + 1, len(unique)):  # no slice: a copy per claim would be quadratic in a long paragraph
            inner = unique[k]
            if inner.span[0] >= outer.span[1]:
                break
            if inner.span[1] <= outer.span[1]:
                dropped.add(id(outer) if _named(inner) else id(inner))
    return [c for c in unique if id(c) not in dropped]
