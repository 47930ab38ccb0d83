"""Who speaks: the speaker phrase around a cue, and the registry actor it names.

:class:`SubjectScanner` finds the phrase: scanning back from a cue over
auxiliaries, adverbs and time adverbials ("also", "has", "who on Sunday,")
to the subject's start (a comma, a quotation mark, "that", "who", ...), an
appositive subject ("the UN rights chief at the time, Michelle Bachelet,"),
an inverted one ("..., said Kirby."), or a participle's clause subject.

:class:`SpeakerResolver` resolves it. An attribution names its speaker in several ways, resolved in this order:

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
  latest one whose kind fits its head noun; a document ("the report", "the
  investigation") speaks for whoever published the latest document
  mentioned before it ("a CNN investigation", "the UN ... published a report").

``speaker_text`` is the phrase as written (pronouns stay pronouns); a phrase
opening with a preposition ("In a report published ... the UN-partnered ...
group") is cut to the noun phrase holding the chosen mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from cmclaims.extract.quotes import CueLexicon, cue_lexicon

_KIND_RANK = {"person": 4, "government": 3, "organization": 2, "media": 2, "group": 2, "country": 1}
_WORD = re.compile(r"[A-Za-z][\w.’'-]*")
_POSSESSIVE_END = re.compile(r"['’]s$")
_POSSESSOR = re.compile(r"(.+?)['’]s\s")
_OWNED = re.compile(r"(.+?)['’]s\s+(\w+)")
_DETERMINERS = frozenset("the a an this that these those its their his her our same both".split())
_LEADING_ARTICLE = re.compile(r"(?:the|a|an)\s+")
_DEFINITE = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir)\s|\S+['’]s\s")
_PREPOSITION_START = re.compile(r"(?i)(?:in|on|at|during|after|before|with|from|for|by)\b")
_DETERMINER_START = re.compile(r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s")
_ARTICLE = re.compile(r"\b(?:the|a|an|The|A|An)\s")
_POSSESSIVE_DETERMINER = re.compile(r"(?:[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s")
_HEAD_CUT = re.compile(r"\s(?:of|for|in|at|on|from|with|to|during|over|about|who|which|that)\s|,\s+(?:the|a|an|all|both|who|which)\s")
_COMMA = re.compile(r",\s*")
_AND = re.compile(r"\s+(?:and|&|as well as)\s+")
_CAPITALISED = re.compile(r"\b[A-Z][\w.’'-]*")
_LEFT_CAPITALS = re.compile(r"(?:(?<=\s)|^)((?:[A-Z][\w.’'-]*\s+)+)$")
_BY = re.compile(r"\s+(?:[\w-]+\s+){0,3}?by\s+")
_LOOKBACK = 200
_FORWARD = 400
_TOKEN = re.compile(r"[\w’'.&-]+|[^\w\s]")
_MARKS = frozenset("\"“”„«»‟‘’‚'")
_HARD = frozenset(",;:—–") | _MARKS
_SPACE = " \t\n\u00a0"
_LAST_WORD = re.compile(r"[\w’'.-]+$")
_WORD_BEFORE = re.compile(r"([\w’'.-]+)\s*$")
_PHRASE_STOP = re.compile(r"[,.;:!?](?:\s|$)")
_OBJECT_DETERMINERS = frozenset("the a an its their his her this that these those our my".split())
_FUNCTION_CAPS = frozenset("The A An This That These Those Its Their His Her Our Both Some Many Most Other All Any".split())


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


def _field(record: object, key: str) -> object:
    getter = getattr(record, "get", None)
    return getter(key) if getter is not None else getattr(record, key, None)


def _category(kind: str) -> str:
    return {"person": "person", "group": "plural"}.get(kind, "thing")


def _words(phrase: str) -> list[str]:
    """Lower-cased words without a possessive 's or a final period."""
    return [_POSSESSIVE_END.sub("", word.lower()).rstrip(".") for word in _WORD.findall(phrase)]


@lru_cache(maxsize=4096)
def _name_words(parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_words(" ".join(parts)))


def _overlap(words: Sequence[str], names: frozenset[str]) -> int:
    """How many description words match a name word (equal, or sharing a 5-letter stem: monitoring ~ Monitor)."""
    return sum(1 for word in words if len(word) >= 3 and word not in _DETERMINERS and (
        word in names or (len(word) >= 5 and any(len(n) >= 5 and (word.startswith(n) or n.startswith(word[:7])) for n in names))))


class SpeakerResolver:
    """Resolves the speaker phrases of one document, in document order (pronouns use the history)."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], mentions: Sequence[Mapping],
                 actors: Mapping[str, object], quotes: Sequence[tuple[int, int]]) -> None:
        self._text, self._spans, self._actors = text, spans, actors
        self._lex = cue_lexicon()
        kinds = {m["actor_id"]: self._kind(m["actor_id"]) for m in mentions}
        self._mentions = sorted((_Mention(m["char_start"], m["char_end"], m["actor_id"], kinds[m["actor_id"]])
                                 for m in mentions if kinds[m["actor_id"]]), key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._mentions]
        self._quotes = sorted(quotes)
        self._hidden: set[int] = self._inside(self._quotes)
        self._history: list[tuple[int, Speaker]] = []
        self._documents: list[tuple[int, int]] | None = None
        self._names: dict[str, frozenset[str]] = {}
        self._people: dict[str, str] | None = None

    # -- state -------------------------------------------------------------
    def hide(self, spans: Sequence[tuple[int, int]]) -> None:
        """Mentions inside these spans (claim contents, attribution tails) are no pronoun antecedents."""
        self._hidden |= self._inside(sorted(spans))

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
        words = _words(phrase)
        plural = "plural" if phrase.endswith("s") else "unknown"
        lowered = phrase.lower()
        if any(pattern.search(lowered) for pattern in self._lex.anonymous):
            person = plural != "plural" and any(w in self._lex.person_roles for w in words)
            return Speaker(None, raw, "person" if person else plural)
        if self._several_actors(start, end):
            return Speaker(None, raw, "plural")
        best = self._best_mention(start, end)
        if best and best.kind == "country" and words and words[-1] in self._lex.document_nouns:
            return Speaker(None, raw, "thing")  # "U.S. media reports": unnamed outlets, not the country
        if best:
            actor_id = self._owner(best) or best.actor_id
            return Speaker(actor_id, self._display(start, end, best), _category(self._kind(actor_id)))
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
                return Speaker(actor_id, self._name_phrase(mention, lo) if mention else None, "thing")
        mention = (self._latest_mention(position, lambda m: m.start >= lo and _category(m.kind) == category)
                   or self._latest_mention(position, lambda m: m.start >= lo))
        if not mention:
            return Speaker(None, None, category)
        return Speaker(mention.actor_id, self._name_phrase(mention, lo), _category(mention.kind))

    # -- mentions ----------------------------------------------------------
    def _kind(self, actor_id: str) -> str:
        record = self._actors.get(actor_id)
        return str(_field(record, "kind") or "") if record is not None else ""

    def _inside(self, spans: Sequence[tuple[int, int]]) -> set[int]:
        hidden = set()
        for start, end in spans:
            index = bisect_left(self._starts, start)
            while index < len(self._mentions) and self._mentions[index].start < end:
                hidden.add(index)
                index += 1
        return hidden

    def _latest_mention(self, position: int, accept, visible_only: bool = False) -> _Mention | None:
        index = bisect_left(self._starts, position)
        for k in range(index - 1, max(-1, index - 1 - _LOOKBACK), -1):
            mention = self._mentions[k]
            if mention.end <= position and not (visible_only and k in self._hidden) and accept(mention):
                return mention
        return None

    def _mentions_within(self, start: int, end: int) -> list[_Mention]:
        index = bisect_left(self._starts, start)
        found = []
        while index < len(self._mentions) and self._mentions[index].start < end:
            if self._mentions[index].end <= end:
                found.append(self._mentions[index])
            index += 1
        return found

    def _best_mention(self, start: int, end: int) -> _Mention | None:
        within = self._mentions_within(start, end)
        text = self._text
        return max(within, default=None, key=lambda m: (
            _KIND_RANK.get(m.kind, 0), not (m.end < len(text) and text[m.end] == "-"), m.start))

    def _owner(self, mention: _Mention) -> str | None:
        """The person owning a body that cannot speak ("Vladimir Putin's forces" -> Vladimir Putin)."""
        owned = _OWNED.fullmatch(self._text, mention.start, mention.end)
        if not owned or owned.group(2).lower() not in self._lex.voiceless_heads:
            return None
        if self._people is None:
            self._people = {}
            for actor_id in self._actors:
                record = self._actors[actor_id]
                if _field(record, "kind") == "person":
                    for name in filter(None, [_field(record, "name"), *(_field(record, "aliases") or ())]):
                        self._people.setdefault(str(name), actor_id)
                        self._people.setdefault(str(name).split()[-1], actor_id)
        return self._people.get(" ".join(owned.group(1).split()))

    def _several_actors(self, start: int, end: int) -> bool:
        """A coordinated head naming two or more actors ("Ukraine and the United Nations", "Germany, Britain and Canada")."""
        cut = _HEAD_CUT.search(self._text, start, end)
        head_end = cut.start() if cut else end
        inside = self._mentions_within(start, head_end)
        joins = [m for m in _AND.finditer(self._text, start, head_end) if not any(x.start < m.start() < x.end for x in inside)]
        if not joins:
            return False
        joins += list(_COMMA.finditer(self._text, start, joins[-1].start()))
        edges = sorted([(start, start), (head_end, head_end)] + [(m.start(), m.end()) for m in joins])
        named = set()
        for (_, left), (right, _) in zip(edges, edges[1:]):
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
                actor_id = self._lex.demonyms.get(_POSSESSIVE_END.sub("", token))
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
        head, best, best_score, seen = words[-1], None, 0, set()
        index = bisect_left(self._starts, before)
        for k in range(index - 1, max(-1, index - 1 - _LOOKBACK), -1):
            mention = self._mentions[k]
            if mention.actor_id not in seen:
                seen.add(mention.actor_id)
                score = _overlap(words, self._names_of(mention.actor_id))
                if score > best_score:
                    best, best_score = mention, score
        kinds = self._lex.description_heads.get(head, frozenset())
        if best and (_overlap([head], self._names_of(best.actor_id)) or best.kind in kinds):
            return best.actor_id
        if head in self._lex.document_nouns:
            document = self._latest_document(before, 0)
            return self._publisher(*document) if document else None
        if head in self._lex.person_roles:
            return self.resolve_pronoun("he", before).actor_id
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
        return next((m.actor_id for m in following if m.kind in kinds and bisect_left(self._starts, m.start) not in self._hidden), None)

    def _names_of(self, actor_id: str) -> frozenset[str]:
        """Words of an actor's name, aliases and role."""
        names = self._names.get(actor_id)
        if names is None:
            record = self._actors[actor_id]
            parts = (_field(record, "name"), _field(record, "role"), *(_field(record, "aliases") or ()))
            names = self._names[actor_id] = _name_words(tuple(str(p) for p in parts if p))
        return names

    def _latest_document(self, position: int, lo: int) -> tuple[int, int] | None:
        if self._documents is None:
            self._documents = [(m.start(), m.end()) for start, end in self._spans
                               for m in self._lex.document_noun.finditer(self._text, start, end) if not self._in_quote(m.start())]
        index = bisect_left(self._documents, (position,)) - 1
        return self._documents[index] if index >= 0 and self._documents[index][0] >= lo else None

    def _in_quote(self, position: int) -> bool:
        index = bisect_left(self._quotes, (position + 1,)) - 1
        return index >= 0 and self._quotes[index][0] <= position < self._quotes[index][1]

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

    # -- display -------------------------------------------------------------
    def _display(self, start: int, end: int, mention: _Mention) -> str:
        """The phrase as written, cut to the noun phrase holding ``mention`` if it opens with a preposition."""
        text = self._text
        if _PREPOSITION_START.match(text, start):
            articles = list(_ARTICLE.finditer(text, start, mention.start))
            start = articles[-1].start() if articles else mention.start
        comma = text.find(",", mention.end, end)
        return text[start:comma if comma >= 0 else end].strip()

    def _name_phrase(self, mention: _Mention, lo: int) -> str:
        """A mention with the capitalised title words right before it ("Russian President Vladimir Putin")."""
        left = _LEFT_CAPITALS.search(self._text[max(lo, mention.start - 80):mention.start])
        start = mention.start - len(left.group(1)) if left else mention.start
        return self._text[start:mention.end]


class SubjectScanner:
    """Finds the speaker phrase around a cue: the subject before it, an appositive, an inverted speaker."""

    def __init__(self, text: str, lex: CueLexicon, resolver: SpeakerResolver, quote_opens: Sequence[int]) -> None:
        self.text, self.lex, self.resolver, self._quote_opens = text, lex, resolver, quote_opens

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
            word = None if comma else _LAST_WORD.search(text, max(lo, j - 30), j)
            if word is None or word.group() not in self.lex.auxiliaries:
                return j
            position = word.start()

    def _opens_aside(self, position: int, lo: int) -> bool:
        """Is a time adverbial before ", CUE" an aside ("Putin, who on Sunday, warned"), not a clause's end?"""
        before = self.text[max(lo, position - 30):position].rstrip()
        return not before or before.endswith(",") or before.rsplit(None, 1)[-1] in self.lex.relatives

    def phrase_start(self, end: int, lo: int) -> tuple[int, re.Match | None]:
        """Scan back from a subject's end to its start; returns the start and the boundary token."""
        hard = max(self.text.rfind(mark, lo, end) for mark in ",;:—–“”\"")
        tokens = list(_TOKEN.finditer(self.text, max(lo, end - 200, hard), end))
        start = end
        for index in range(len(tokens) - 1, -1, -1):
            token = tokens[index]
            word, lowered = token.group(), token.group().lower()
            next_word = tokens[index + 1].group().lower() if index + 1 < len(tokens) else ""
            if (word in _HARD or lowered in self.lex.boundaries or len(tokens) - index > 18
                    or (lowered in self.lex.finite_auxiliaries and start < end)
                    or (lowered in ("and", "or", "&") and not self._names_before(tokens, index))
                    or (word.islower() and word.endswith("ed") and "-" not in word and next_word in _OBJECT_DETERMINERS)):
                return start, token
            start = token.start()
        return start, None

    @staticmethod
    def _names_before(tokens: list[re.Match], index: int) -> bool:
        """Is the stretch before a conjunction a short run of names ("Ukraine and ...", "Both Russia and ...")?"""
        count = 0
        for token in reversed(tokens[:index]):
            word = token.group()
            if word in _HARD:
                break
            if not (word[0].isupper() or word.lower() in ("the", "both")):
                return False
            count += 1
        return 0 < count <= 4

    def appositive_start(self, comma: int, lo: int) -> int | None:
        """Start of "NAME, TITLE," or "TITLE, NAME," before a cue, stopping at an introductory segment."""
        best, segment_end = None, comma
        for _ in range(4):
            boundary = max(self.text.rfind(mark, lo, segment_end) for mark in ",;:—–“”\"")
            segment_start = self.skip(boundary + 1 if boundary >= lo else lo, segment_end, _SPACE)
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
        if words[0] in self.lex.relatives:  # "Russia, which has used them extensively, said"
            return False
        lex = self.lex
        return words[0] in ("and", "but", "or") or (words[0] in lex.pronouns and len(words) > 1) or any(
            w in lex.finite_auxiliaries or w in lex.cue_words for w in words)

    def inverted_speaker(self, position: int, following: int) -> tuple[int, int] | None:
        """The speaker after an inverted cue ("“...,” said Kirby, the spokesman.")."""
        start = self.skip(position, following, _SPACE)
        stop = _PHRASE_STOP.search(self.text, start, following)
        end = self.trim_time(start, stop.start() if stop else following)
        words = self.text[start:end].split()
        if not 0 < len(words) <= 8 or "that" in words or self._quote_inside(start, end) or self._clause_like(words):
            return None
        return (start, end) if self.plausible(start, end, -1) else None

    def plausible(self, start: int, end: int, unit_start: int) -> bool:
        """Could this phrase name a speaker (a mention, pronoun, speaker noun or name)?"""
        words, lex = self.text[start:end].split(), self.lex
        if not words or words[0] in lex.author_pronouns:
            return False
        if self.resolver.has_mention(start, end):
            return True
        if words[0] in lex.intro_words:
            return False
        lowered = {_POSSESSIVE_END.sub("", w.lower()) for w in words}
        if lowered & (lex.speaker_nouns | lex.document_nouns) or words[0] in lex.pronouns or words[0] in lex.relatives:
            return True
        names = [w for w in words if w[0].isupper() and w not in _FUNCTION_CAPS]
        if start != unit_start or (words[0] == "The" and len(words) > 1 and words[1][0].isupper()):
            return bool(names)
        return len(names) >= 2 or (len(words) == 1 and bool(names) and not words[0].endswith("s"))

    def subject_from(self, position: int, limit: int, unit_start: int) -> tuple[int, int] | None:
        """A clause's subject from ``position``: the words before its first verb-like word, if a plausible speaker."""
        end, lex = position, self.lex
        for count, token in enumerate(_TOKEN.finditer(self.text, position, limit)):
            word = token.group()
            lowered = word.lower()
            if (word in _HARD or count >= 10 or lowered in lex.finite_auxiliaries or lowered in lex.auxiliaries
                    or lowered in lex.boundaries or (word.islower() and word.endswith("ed") and "-" not in word)
                    or word in lex.cue_words):
                break
            end = token.end()
        return (position, end) if end > position and self.plausible(position, end, unit_start) else None

    def word_before(self, position: int, lo: int) -> str:
        word = _WORD_BEFORE.search(self.text, max(lo, position - 30), position)
        return word.group(1) if word else ""

    def time_ending_at(self, position: int, lo: int) -> int | None:
        last = _LAST_WORD.search(self.text, max(lo, position - 20), position)
        if last is None or not (last.group()[0].isdigit() or last.group().rstrip(".") in self.lex.time_ends):
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
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",.;:"):
            end -= 1
        return end

    def skip(self, position: int, limit: int, chars: str) -> int:
        """The first position from ``position`` whose character is not in ``chars``."""
        while position < limit and self.text[position] in chars:
            position += 1
        return position

    def _quote_inside(self, start: int, end: int) -> bool:
        index = bisect_left(self._quote_opens, start)
        return index < len(self._quote_opens) and self._quote_opens[index] < end
