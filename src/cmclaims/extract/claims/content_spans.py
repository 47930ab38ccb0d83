"""Where a claim's reported content starts and ends, and whether it is direct, indirect or mixed.

The codebook's "claims" section, read literally:

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
  that is a cue's whole object is direct.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from cmclaims.extract.claims.candidate import Candidate
from cmclaims.extract.claims.cues import CueLexicon
from cmclaims.text.quotes import QUOTE_MARKS, SPACE, SPACES, Quotations, char_run, skip

SKIP = SPACE + ",;:—–-"  # what separates a cue from its content
_SEPARATORS = char_run(SKIP)
_SEPARATORS_BEFORE_CONTENT = char_run(SKIP.replace("-", ""))
_SPACES_OR_COMMAS = char_run(SPACE + ",")
_SKIP_AFTER_CONTENT = SKIP + ".!?"
_LABEL = re.compile(r"(?:[A-Z][^.!?:“”\"\n]{0,60}:|[A-Z][A-Z.' ]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\.?\s*"
                    r"(?:\([^()\n]{1,60}\)\s*(?:--|[—–-])?|/[^/\n]{1,30}/\.?|--|[—–-]))\s+(?=\S)")
_DATELINE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ.' ")
_NON_SPACE = re.compile(r"\S")
_AFTER_ALL = float("inf")
_CAUSAL = re.compile(r",\s+(?:as|because)\s+(?!well\b)")
_THAT_AHEAD = re.compile(r"((?:[^\s,;:“”\"]+\s+){0,8}?)that\b\s*")
_RELATIVE_THAT = re.compile(r"(?:[a-z]+ed|was|were|is|are|has|had|will|would|aired|ran|appeared)\b")
_WORD_TOKEN = re.compile(r"[^\s,;:“”\"]+")
_NOT_ADDRESSEES = frozenset(("that", "against", "about", "of", "for"))
_ARTICLES = frozenset(["the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"])
_CONTRAST = re.compile(r",\s+(?:though|although|whereas|even as|even though)\s")
_END_WORDS = ("and", "but", "or", "while", "whereas")
_END_CONJUNCTION = re.compile(rf"(?:\s|,)+(?:{'|'.join(_END_WORDS)})$")  # "$" also matches before a final newline
_LEADING_THAT = re.compile(r"(?:that|how)\b\s*")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_DASH = re.compile("[—–]")
# "told Radio Sport Nord, “...", "wrote on social media: “...": a short addressee or channel, then a quotation.
_OBJECT_BEFORE_QUOTE = re.compile(r"([^,;:“”\"\n]{1,60}?)\s*[,:]\s*(?=[“\"])")
_DOUBLE_MARKS = "\"“”„«»‟"
_DOUBLE_MARK = re.compile(f"[{_DOUBLE_MARKS}]")
_CONTINUATIONS = frozenset([
    "and", "but", "or", "nor", "which", "who", "whom", "that", "as", "while", "because", "if", "since", "when",
    "whereas", "so", "then",
])


def label_end(text: str, start: int, end: int) -> int | None:
    """End of a "Label:" or a dateline ("KYIV, Ukraine (AP) —") opening the unit [start, end)."""
    if not "A" <= text[start] <= "Z":
        return None
    colon_near = text.find(":", start + 1, min(end, start + 62)) >= 0  # what a label needs
    capitals = start + 1 < end and text[start + 1] in _DATELINE_CHARS  # what a dateline needs
    if not (colon_near or capitals):
        return None
    label = _LABEL.match(text, start, end)
    return label.end() if label else None


def content_edge(punctuation: re.Match) -> int:
    """Where a content ends before connecting punctuation, keeping a closing mark it holds (",”" -> after ”)."""
    marks = [i for i, ch in enumerate(punctuation.group()) if ch in QUOTE_MARKS]
    return punctuation.start() + (marks[-1] + 1 if marks else 0)


class ContentSpans:
    """The content rules for one document's text."""

    def __init__(self, text: str, lex: CueLexicon) -> None:
        self.text, self.lex = text, lex

    def content_start(self, position: int, limit: int, form: str) -> tuple[int, bool]:
        """Where the reported content starts after a cue; True when a "that" was skipped."""
        text, lex = self.text, self.lex
        start = skip(text, position, limit, SPACES)
        ahead = _THAT_AHEAD.match(text, start, limit)
        if ahead and not _RELATIVE_THAT.match(text, ahead.end(), limit):
            between = ahead.group(1).split()
            channel = lex.channel.search(ahead.group(1))  # "told the Baltic Courier by phone that": not counted
            if channel and not ahead.group(1)[channel.end():].strip():
                between = ahead.group(1)[:channel.start()].split()
            if not between or between[0] in lex.adverbial_starts or (form in lex.addressee and len(between) <= 4):
                return ahead.end(), True
        addressee = self._addressee_end(start, limit) if form in lex.addressee else None
        if addressee is not None:
            return addressee, False
        quoted = self._quote_after_object(start, limit, form)
        if quoted is not None:
            return quoted, False
        while adverbial := lex.time.match(text, start, limit) or lex.channel.match(text, start, limit):
            start = skip(text, adverbial.end(), limit, _SPACES_OR_COMMAS)
        return skip(text, start, limit, _SEPARATORS_BEFORE_CONTENT), False

    def _quote_after_object(self, start: int, limit: int, form: str) -> int | None:
        """The opening mark of a quotation after an addressee ("told Radio Sport Nord, “...") or a place or channel
        adverbial ("wrote on social media: “..."): the cue's object is that quotation, not the words before it."""
        match = _OBJECT_BEFORE_QUOTE.match(self.text, start, limit)
        if match is None:
            return None
        words = match.group(1).split()
        lex = self.lex
        if not 0 < len(words) <= 6 or any(w in lex.finite_auxiliaries or w in lex.cue_words or w == "that"
                                          for w in words):
            return None
        if words[0] in lex.adverbial_starts or (form in lex.addressee and words[0] not in _NOT_ADDRESSEES):
            return match.end()
        return None

    def _addressee_end(self, start: int, limit: int) -> int | None:
        """After "urged X" / "accused X": the start of "(not) to VERB", or what follows "of" (X is no content)."""
        words = list(_WORD_TOKEN.finditer(self.text, start, min(limit, start + 120)))[:9]
        if not words or words[0].group() in self.lex.adverbial_starts or words[0].group() in _NOT_ADDRESSEES:
            return None
        for index, word in enumerate(words[1:], 1):
            token = word.group()
            if token in self.lex.finite_auxiliaries or token == "that":
                return None
            following = words[index + 1].group() if index + 1 < len(words) else ""
            if token == "to" and following.islower() and following not in _ARTICLES:
                return words[index - 1].start() if words[index - 1].group() == "not" else word.start()
            if token == "of":
                return skip(self.text, word.end(), limit, SPACES)
        return None

    def close(self, found: list[Candidate], unit: tuple[int, int], label: int | None, quotations: Quotations) -> None:
        """End leading contents at the next attribution; start trailing ones after the previous claim.

        Linear in the unit's length and its number of cues (a unit may hold thousands): no candidate list is
        copied per candidate, and the earlier claims are kept sorted by end for the trailing ones.
        """
        text = self.text
        for index, candidate in enumerate(found):
            if candidate.trailing or candidate.fixed:
                continue
            later = unit[1]
            for following in range(index + 1, len(found)):
                edge = found[following].left_edge
                if edge > candidate.start and _NON_SPACE.search(text, candidate.start, edge):
                    later = edge
                    break
            dash = _DASH.search(text, candidate.start, later) if candidate.dash else None
            candidate.end = dash.start() if dash else later
        done: list[tuple[int, int]] = []  # (end, start) of the claims before the current one, sorted
        for candidate in found:
            if candidate.trailing:
                candidate.start, candidate.end = self._trailing_start(candidate, unit, label, done, quotations), \
                    candidate.left_edge
            if candidate.start is not None and candidate.end is not None:
                insort(done, (candidate.end, candidate.start))

    def _trailing_start(self, candidate: Candidate, unit: tuple[int, int], label: int | None,
                        done: list[tuple[int, int]], quotations: Quotations) -> int:
        """Where a trailing attribution's content starts: after the last earlier claim ending before it, or at
        that claim's start when only separators lie between them (the two share the content)."""
        text, edge = self.text, candidate.left_edge
        start = label if label is not None and label <= edge else unit[0]
        gap = edge  # the separators before the attribution begin here
        while gap > 0 and text[gap - 1] in SKIP:
            gap -= 1
        apart = bisect_left(done, (gap,))
        if apart:
            start = max(start, done[apart - 1][0])  # ends before the separators: content starts after it
        for _, earlier_start in done[apart:bisect_right(done, (edge, _AFTER_ALL))]:
            start = max(start, earlier_start)  # ends inside them: joined
        for causal in _CAUSAL.finditer(text, start, edge):
            start = causal.end() if not quotations.covers(causal.start()) else start
        return start

    def finish(self, candidate: Candidate, quotations: Quotations) -> bool:
        """Trim the content and decide direct / mixed / indirect; False drops the candidate."""
        if candidate.start is None or candidate.end is None:
            return False
        text = self.text
        start, end = self._trim(candidate.start, candidate.end, quotations)
        inside = quotations.opening_in(start, end)
        if len(inside) == 1 and inside[0].open == start and inside[0].outer_end >= end:
            candidate.kind, candidate.span = "direct", (inside[0].start, inside[0].end)
            return True
        if whole := self._one_quotation(inside, start, end):
            candidate.kind, candidate.span = "direct", whole
            return True
        if not inside:
            letters = _LETTERS.finditer(text, start, end)
            if next(letters, None) is None or next(letters, None) is None:  # fewer than two words
                return False
        for quote in inside:  # "... “at least two dozen times,” just over a month after ..."
            rest = text[quote.outer_end:end].strip()
            if quote.close is not None and text[quote.end - 1] == "," and rest[:1].islower() \
                    and rest.split()[0] not in _CONTINUATIONS and not any(ch in QUOTE_MARKS for ch in rest):
                end = quote.outer_end
        candidate.kind, candidate.span = ("mixed" if inside else "indirect"), (start, end)
        return True

    def _one_quotation(self, inside: list, start: int, end: int) -> tuple[int, int] | None:
        """The span of a content that opens and closes with a double mark and is one quotation whose inner marks
        have the outer ones' shape (he wrote: "... concerns about "war crimes" & international law ..."), which
        the mark reader cuts in pieces: its inner marks pair up around a few words each."""
        text = self.text
        if not inside or inside[0].open != start or end - start < 3 or text[end - 1] not in _DOUBLE_MARKS:
            return None
        inner = [m.start() for m in _DOUBLE_MARK.finditer(text, start + 1, end - 1)]
        pairs = list(zip(inner[::2], inner[1::2]))
        if not inner or len(inner) % 2 or any(  # each pair opens after a space and closes after a word
                len(text[a + 1:b].split()) > 4 or not text[a - 1].isspace() or text[a + 1].isspace()
                or text[b - 1].isspace() for a, b in pairs):
            return None
        return skip(text, start + 1, end, SPACES), end - 1

    def _trim(self, start: int, end: int, quotations: Quotations) -> tuple[int, int]:
        """The content without separators, a leading "that", end punctuation, a contrast or a dangling "and"."""
        text = self.text
        start = skip(text, start, end, _SEPARATORS)
        that = _LEADING_THAT.match(text, start, end)
        if that and that.end() < end:
            start = that.end()
        while end > start and text[end - 1] in _SKIP_AFTER_CONTENT:
            end -= 1
        contrast = next((m for m in _CONTRAST.finditer(text, start, end) if not quotations.covers(m.start())), None)
        end = contrast.start() if contrast else end
        conjunction = _END_CONJUNCTION.search(text, start, end) if text.endswith(_END_WORDS, start, end) or (
            end > start and text[end - 1] == "\n" and text.endswith(_END_WORDS, start, end - 1)) else None
        return start, conjunction.start() if conjunction else end
