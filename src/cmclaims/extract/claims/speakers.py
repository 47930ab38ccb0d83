"""Who speaks: the registry actor a speaker phrase names.

:class:`SpeakerResolver` resolves the phrases that
:mod:`cmclaims.extract.claims.speaker_phrases` finds. An attribution names its
speaker in several ways, resolved in this order:

- a personal pronoun ("she added", "it said", "they said"): the latest earlier
  speaker or mention it can refer to (he/she: a person; it: a body, country,
  organization or outlet; they: a group or a plural speaker such as
  "officials"). Mentions inside reported content, quotations and attribution
  tails ("told CNN's Fareed Zakaria") are skipped: a pronoun points back to
  the speakers of earlier claims and the actors the author writes about;
- anonymous speakers ("Anonymous sources familiar with ...") and statements
  put in several actors' mouths ("Ukraine and the United Nations",
  "Germany, Britain and Canada") get no actor;
- a phrase containing mentions: the most specific one (person, then a
  government body, then an organization, outlet or group, then a country),
  passing over a name used as a hyphenated modifier ("UN-partnered"); a
  body that cannot speak owned by a person ("Vladimir Putin's forces") is
  that person;
- a generic phrase ("Administration officials") or a demonym phrase
  ("Ukrainian officials") mapped in ``lexicons/cues.yaml``;
- a definite description ("the prosecutor's office", "The Post", "the
  outlet", "the monitoring group's report"): the latest earlier mentioned
  actor sharing the description's words (name, aliases or role), else the
  latest one whose kind fits its head noun; a person's role ("the minister")
  only refers back to a person with that role, else it is a common-noun
  speaker with no actor ("the official", "the clown"); a document ("the report", "the
  investigation") speaks for whoever published the latest document
  mentioned before it ("a CNN investigation", "the UN ... published a report").

``speaker_text`` is the phrase as written (pronouns stay pronouns), cut by
:func:`~cmclaims.extract.claims.speaker_phrases.display_phrase`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from cmclaims.extract.claims.cues import cue_lexicon
from cmclaims.extract.claims.speaker_phrases import display_phrase, strip_possessive, titled_name
from cmclaims.tabular.records import Mention
from cmclaims.text.quotes import Quotations

_KIND_RANK = {"person": 4, "government": 3, "organization": 2, "media": 2, "group": 2, "country": 1}
_CATEGORY = {"person": "person", "group": "plural"}
_WORD = re.compile(r"[A-Za-z][\w.’'-]*")
_START_END = itemgetter(0, 1)
_POSSESSOR = re.compile(r"(.+?)['’]s\s")
_OWNED = re.compile(r"(.+?)['’]s\s+(\w+)")
_ARTICLES = ("the", "a", "an")
_POSSESSIVES = ("his", "her", "its", "their")
_DETERMINERS = frozenset({*_ARTICLES, *_POSSESSIVES, "this", "that", "these", "those", "our", "same", "both"})


def _opening(words: Sequence[str]) -> re.Pattern[str]:
    """One of ``words`` at the start of a phrase, its first letter in either case, and a space."""
    return re.compile("(?:" + "|".join(f"[{word[0].upper()}{word[0]}]{word[1:]}" for word in words) + r")\s")


_LEADING_ARTICLE = re.compile(rf"(?:{'|'.join(_ARTICLES)})\s+")
_DEFINITE = re.compile(_opening(("the", "this", "that", "its", "their")).pattern + r"|\S+['’]s\s")
_DETERMINER_START = _opening((*_ARTICLES, *_POSSESSIVES))
_POSSESSIVE_DETERMINER = _opening(_POSSESSIVES)
_HEAD_CUT = re.compile(r"\s(?:of|for|in|at|on|from|with|to|during|over|about|who|which|that)\s"
                       r"|,\s+(?:the|a|an|all|both|who|which)\s")
_COMMA = re.compile(r",\s*")
_AND = re.compile(r"\s+(?:and|&|as well as)\s+")
_CAPITALISED = re.compile(r"\b[A-Z][\w.’'-]*")
_BY = re.compile(r"\s+(?:[\w-]+\s+){0,3}?by\s+")
_LOOKBACK = 200
_FORWARD = 400


class Speaker(NamedTuple):
    """A resolved speaker: actor (or None), the phrase as written, and what a later pronoun may use it as."""

    actor_id: str | None
    text: str | None
    category: str  # person | thing | plural | unknown


class _Mention(NamedTuple):
    start: int
    end: int
    actor_id: str
    kind: str


class _NameWords(NamedTuple):
    """The words of an actor's name, aliases and role, with what stem matching needs."""

    words: frozenset[str]
    long: tuple[str, ...]  # words of 5 letters or more
    prefixes: frozenset[str]  # their first 5, 6 and 7 letters


def _field(record: object, key: str) -> object:
    getter = getattr(record, "get", None)
    return getter(key) if getter is not None else getattr(record, key, None)


def _category(kind: str) -> str:
    return _CATEGORY.get(kind, "thing")


def _words(phrase: str) -> list[str]:
    """Lower-cased words without a possessive 's or a final period."""
    return [strip_possessive(word.lower()).rstrip(".") for word in _WORD.findall(phrase)]


@lru_cache(maxsize=4096)
def _name_words(parts: tuple[str, ...]) -> _NameWords:
    words = frozenset(_words(" ".join(parts)))
    long = tuple(word for word in words if len(word) >= 5)
    prefixes = frozenset(word[:size] for word in long for size in (5, 6, 7) if len(word) >= size)
    return _NameWords(words, long, prefixes)


def _person_keys(record: object) -> list[str]:
    """A person's name and aliases, and the last word of each (the surname)."""
    names = [str(name) for name in (_field(record, "name"), *(_field(record, "aliases") or ())) if name]
    return names + [name.split()[-1] for name in names if name.split()]


def _overlap(words: Sequence[str], names: _NameWords) -> int:
    """How many description words (no determiners) of 3 letters or more match a name word: equal, or
    sharing a 5-letter stem (monitoring ~ Monitor)."""
    return sum(1 for word in words if len(word) >= 3 and (word in names.words or (
        len(word) >= 5 and (word.startswith(names.long) or word[:7] in names.prefixes))))


class SpeakerResolver:
    """Resolves the speaker phrases of one document, in document order (pronouns use the history)."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], mentions: Sequence[Mention],
                 actors: Mapping[str, object], quotations: Quotations) -> None:
        self._text, self._spans, self._actors, self._quotations = text, spans, actors, quotations
        self._lex = cue_lexicon()
        located = sorted(((m.char_start, m.char_end, m.actor_id) for m in mentions), key=_START_END)
        self._kinds: dict[str, str] = {}
        kinds = {actor_id: self._kind(actor_id) for actor_id in {actor_id for *_, actor_id in located}}
        self._mentions = [_Mention(start, end, actor_id, kinds[actor_id])
                          for start, end, actor_id in located if kinds[actor_id]]
        self._starts = [m.start for m in self._mentions]
        self._hidden: set[int] = self._inside((quote.open, quote.outer_end) for quote in quotations.quotes)
        self._history: list[tuple[int, Speaker]] = []
        self._span_starts = [start for start, _ in spans]
        self._documents: dict[int, list[tuple[int, int]]] = {}  # per paragraph
        self._names: dict[str, _NameWords] = {}
        self._persons: dict[str, str | None] = {}  # see _person_named

    # -- state -------------------------------------------------------------
    def hide(self, spans: Sequence[tuple[int, int]]) -> None:
        """Mentions inside these spans (claim contents, attribution tails) are no pronoun antecedents."""
        self._hidden |= self._inside(spans)

    def record(self, position: int, speaker: Speaker) -> None:
        """Remember a resolved speaker for later pronouns and descriptions."""
        if speaker.actor_id or speaker.category in ("plural", "person"):
            self._history.append((position, speaker))

    def has_mention(self, start: int, end: int) -> bool:
        """Does ``text[start:end]`` hold a mention of a registry actor?"""
        return bool(self._mentions_within(start, end))

    # -- resolution --------------------------------------------------------
    def resolve_phrase(self, start: int, end: int, sentence_start: int | None = None) -> Speaker:
        """The speaker named by ``text[start:end]`` (a pronoun prefers its own sentence's subject)."""
        raw = self._text[start:end]
        phrase = " ".join(raw.split())
        if phrase in self._lex.pronouns:
            return self.resolve_pronoun(phrase, start, sentence_start)
        plural = "plural" if phrase.endswith("s") else "unknown"
        lowered = phrase.lower()
        if self._lex.anonymous_words.search(lowered) or self._lex.anonymous_phrase.search(lowered):
            person = plural != "plural" and any(w in self._lex.person_roles for w in _words(phrase))
            return Speaker(None, raw, "person" if person else plural)
        if self._several_actors(start, end):
            return Speaker(None, raw, "plural")
        best = self._best_mention(start, end)
        if best and best.kind == "country" and (words := _words(phrase)) and words[-1] in self._lex.document_nouns:
            return Speaker(None, raw, "thing")  # "U.S. media reports": unnamed outlets, not the country
        if best:
            actor_id = self._owner(best) or best.actor_id
            return Speaker(actor_id, display_phrase(self._text, start, end, best.start, best.end),
                           _category(self._kind(actor_id)))
        words = _words(phrase)
        actor_id = self._generic(phrase)
        if actor_id is None and _DEFINITE.match(phrase):
            actor_id = self._describe_phrase(phrase, start)
        if actor_id is None and words and _DETERMINER_START.match(phrase) and (
                _POSSESSIVE_DETERMINER.match(phrase) or not self._has_antecedent(words[-1], start)):
            actor_id = self._named_next(words[-1], end)
        if actor_id:
            kind = self._kind(actor_id)
            return Speaker(actor_id, raw, "plural" if plural == "plural" and kind != "person" else _category(kind))
        return Speaker(None, raw, plural)

    def resolve_pronoun(self, word: str, position: int, sentence_start: int | None = None) -> Speaker:
        """A personal pronoun: its sentence's subject ("Zelensky thanked Biden for what he called ..."),
        else the latest compatible speaker or visible mention before it."""
        category = self._lex.pronouns.get(word, "person")
        if sentence_start is not None:
            index = bisect_left(self._starts, sentence_start)
            while index < len(self._mentions) and self._mentions[index].end <= position:
                mention = self._mentions[index]
                if index not in self._hidden and _category(mention.kind) == category:
                    return Speaker(mention.actor_id, word, category)
                index += 1
        chosen, chosen_at = None, -1
        for at, speaker in reversed(self._history):
            if at < position and speaker.category == category:
                chosen, chosen_at = speaker.actor_id, at
                break
        mention = self._latest_mention(position, lambda m: _category(m.kind) == category, visible_only=True)
        if mention and mention.start > chosen_at:
            chosen = mention.actor_id
        return Speaker(chosen, word, category)

    def antecedent(self, position: int, lo: int, category: str) -> Speaker:
        """The antecedent of a relative pronoun ("Putin, who ...", "an article ..., which reads")."""
        if category == "thing":
            document = self._latest_document(position, lo)
            actor_id = self._publisher(*document) if document else None
            if actor_id:
                mention = self._latest_mention(document[0] + 1, lambda m: m.actor_id == actor_id)
                name = titled_name(self._text, mention.start, mention.end, lo) if mention else None
                return Speaker(actor_id, name, "thing")
        mention = (self._latest_mention(position, lambda m: m.start >= lo and _category(m.kind) == category)
                   or self._latest_mention(position, lambda m: m.start >= lo))
        if not mention:
            return Speaker(None, None, category)
        name = titled_name(self._text, mention.start, mention.end, lo)
        return Speaker(mention.actor_id, name, _category(mention.kind))

    # -- mentions ----------------------------------------------------------
    def _kind(self, actor_id: str) -> str:
        """The actor's kind ("" when unknown), looked up once."""
        kind = self._kinds.get(actor_id)
        if kind is None:
            record = self._actors.get(actor_id)
            kind = self._kinds[actor_id] = str(_field(record, "kind") or "") if record is not None else ""
        return kind

    def _inside(self, spans: Iterable[tuple[int, int]]) -> set[int]:
        """Indices of the mentions starting inside these spans."""
        hidden = set()
        for start, end in spans:
            index = bisect_left(self._starts, start)
            while index < len(self._mentions) and self._mentions[index].start < end:
                hidden.add(index)
                index += 1
        return hidden

    def _latest_mention(self, position: int, accept, visible_only: bool = False) -> _Mention | None:
        """The latest mention ending before ``position`` (within the lookback) that ``accept`` takes."""
        index = bisect_left(self._starts, position)
        for k in range(index - 1, max(-1, index - 1 - _LOOKBACK), -1):
            mention = self._mentions[k]
            if mention.end <= position and not (visible_only and k in self._hidden) and accept(mention):
                return mention
        return None

    def _mentions_within(self, start: int, end: int) -> list[_Mention]:
        """The mentions inside [start, end), in order."""
        index = bisect_left(self._starts, start)
        found = []
        while index < len(self._mentions) and self._mentions[index].start < end:
            if self._mentions[index].end <= end:
                found.append(self._mentions[index])
            index += 1
        return found

    def _best_mention(self, start: int, end: int) -> _Mention | None:
        """The most specific mention inside [start, end), passing over hyphenated modifiers."""
        within = self._mentions_within(start, end)
        if len(within) < 2:
            return within[0] if within else None
        text = self._text
        return max(within, key=lambda m: (
            _KIND_RANK.get(m.kind, 0), not (m.end < len(text) and text[m.end] == "-"), m.start))

    def _owner(self, mention: _Mention) -> str | None:
        """The person owning a body that cannot speak ("Vladimir Putin's forces" -> Vladimir Putin)."""
        text = self._text
        if text.find("'s", mention.start, mention.end) < 0 and text.find("’s", mention.start, mention.end) < 0:
            return None
        owned = _OWNED.fullmatch(text, mention.start, mention.end)
        if not owned or owned.group(2).lower() not in self._lex.voiceless_heads:
            return None
        return self._person_named(" ".join(owned.group(1).split()))

    def _person_named(self, name: str) -> str | None:
        """The first person (in ``actors`` order) with this name, alias or surname; looked up once per name."""
        if name not in self._persons:
            self._persons[name] = next((actor_id for actor_id, record in self._actors.items()
                                        if _field(record, "kind") == "person" and name in _person_keys(record)), None)
        return self._persons[name]

    def _several_actors(self, start: int, end: int) -> bool:
        """A coordinated head naming two or more actors ("Ukraine and the United Nations", "Germany, Britain and
        Canada")."""
        text = self._text
        if not _AND.search(text, start, end):
            return False
        cut = _HEAD_CUT.search(text, start, end)
        head_end = cut.start() if cut else end
        inside = self._mentions_within(start, head_end)
        joins = [m for m in _AND.finditer(text, start, head_end)
                 if not any(x.start < m.start() < x.end for x in inside)]
        if not joins:
            return False
        joins += list(_COMMA.finditer(self._text, start, joins[-1].start()))
        edges = sorted([(start, start), (head_end, head_end)] + [(m.start(), m.end()) for m in joins])
        named = set()
        for (_, left), (right, _) in itertools.pairwise(edges):
            best = self._best_mention(left, right)
            if best:
                named.add(best.actor_id)
            elif any(w.group() not in ("Both", "The", "A") for w in _CAPITALISED.finditer(self._text, left, right)):
                named.add(self._text[left:right])
        return len(named) >= 2

    # -- descriptions --------------------------------------------------------
    def _generic(self, phrase: str) -> str | None:
        """A lexicon phrase ("Administration officials") or a demonym with a speaker noun ("Ukrainian officials")."""
        key = _LEADING_ARTICLE.sub("", phrase.lower(), count=1)
        for generic, actor_id in self._lex.generic_speakers.items():
            if actor_id and (key == generic or key.endswith(" " + generic)) and actor_id in self._actors:
                return actor_id
        tokens = phrase.split()
        if tokens and tokens[-1].lower() in self._lex.speaker_nouns:
            for token in tokens:
                actor_id = self._lex.demonyms.get(strip_possessive(token))
                if actor_id and actor_id in self._actors:
                    return actor_id
        return None

    def _describe_phrase(self, phrase: str, before: int) -> str | None:
        """A description, trying a possessor first ("the monitoring group's report" -> the group)."""
        possessor = _POSSESSOR.match(phrase)
        found = self._describe(_words(possessor.group(1)), before) if possessor else None
        return found or self._describe(_words(phrase), before)

    def _describe(self, words: list[str], before: int) -> str | None:
        """A definite description or a document, resolved back to an earlier actor."""
        words = [w for w in words if w not in _DETERMINERS]
        if not words:
            return None
        head, best, best_score = words[-1], None, 0
        index = bisect_left(self._starts, before)
        nearest_first = dict.fromkeys(m.actor_id for m in reversed(self._mentions[max(0, index - _LOOKBACK):index]))
        for actor_id in nearest_first if any(len(word) >= 3 for word in words) else ():
            score = _overlap(words, self._names_of(actor_id))
            if score > best_score:
                best, best_score = actor_id, score
        kinds = self._lex.description_heads.get(head, frozenset())
        if best and (_overlap([head], self._names_of(best)) or self._kinds[best] in kinds):
            return best
        if head in self._lex.document_nouns:
            document = self._latest_document(before, 0)
            return self._publisher(*document) if document else None
        if head in self._lex.person_roles:
            return None  # "the official": no earlier person has that role (a common-noun speaker, unnamed)
        mention = self._latest_mention(before, lambda m: m.kind in kinds) if kinds else None
        return mention.actor_id if mention else None

    def _has_antecedent(self, head: str, position: int) -> bool:
        """Could a description with this head refer back to anything (a person speaker, an earlier mention)?"""
        if head in self._lex.person_roles:
            return any(speaker.category == "person" for at, speaker in self._history if at < position) or \
                self._latest_mention(position, lambda m: m.kind == "person") is not None
        kinds = self._lex.description_heads.get(head, frozenset())
        return self._latest_mention(position, lambda m: m.kind in kinds) is not None

    def _named_next(self, head: str, end: int) -> str | None:
        """A description with no antecedent, named right after it ("The Cambodian prime minister ... Hun Sen")."""
        kinds = frozenset({"person"}) if head in self._lex.person_roles else self._lex.description_heads.get(head)
        if not kinds:
            return None
        following = self._mentions_within(end, end + _FORWARD)
        return next((m.actor_id for m in following
                     if m.kind in kinds and bisect_left(self._starts, m.start) not in self._hidden), None)

    def _names_of(self, actor_id: str) -> _NameWords:
        """Words of an actor's name, aliases and role."""
        names = self._names.get(actor_id)
        if names is None:
            record = self._actors[actor_id]
            parts = (_field(record, "name"), _field(record, "role"), *(_field(record, "aliases") or ()))
            names = self._names[actor_id] = _name_words(tuple(str(p) for p in parts if p))
        return names

    def _latest_document(self, position: int, lo: int) -> tuple[int, int] | None:
        """The last document noun outside quotations starting before ``position``, if it starts at ``lo`` or later."""
        for paragraph in range(bisect_left(self._span_starts, position) - 1, -1, -1):
            if self._spans[paragraph][1] <= lo:
                return None
            documents = self._documents.get(paragraph)
            if documents is None:  # paragraphs are scanned on demand, latest first
                start, end = self._spans[paragraph]
                documents = self._documents[paragraph] = [
                    (m.start(), m.end()) for m in self._lex.document_noun.finditer(self._text, start, end)
                    if not self._quotations.covers(m.start())]
            index = bisect_left(documents, (position,)) - 1
            if index >= 0:
                return documents[index] if documents[index][0] >= lo else None
        return None

    def _publisher(self, start: int, end: int) -> str | None:
        """Who published the document named at [start, end): "report by X", "X's report", "X published a report"."""
        text = self._text
        by = _BY.match(text, end, end + 60)
        if by:
            after = self._mentions_within(by.end(), by.end() + 80)
            if after and after[0].start <= by.end() + 5:
                return after[0].actor_id
        line_start = text.rfind("\n", 0, start) + 1
        sentence_end = text.rfind(". ", line_start, start)
        lo = max(line_start, start - 250, sentence_end + 2 if sentence_end >= 0 else 0)
        before = self._latest_mention(start, lambda m: m.start >= lo)
        if before:
            return before.actor_id
        stop = min(x for x in (text.find(". ", end), text.find("\n", end), end + 150) if x >= 0)
        after = self._mentions_within(end, stop)
        return after[0].actor_id if after else None

