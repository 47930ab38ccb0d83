"""Names that the registry lacks, found by rule in an article's body.

- A person: two to four capitalised words next to a cue, namely a capitalised
  title in the same run ("President Jane Doe", "Brig. Gen. Jane Doe", "Judge
  Jane Doe"; the lexicon's titles and the name parser nameparser's), a
  lower-case role word just before ("research fellow Jane Doe"), an
  apposition with a role after ("Jane Doe, a spokesperson for ..."), a role
  and a comma before ("Its spokeswoman, Jane Doe, said"), "of" a body ("Jane
  Doe of the Warsaw Institute"), or a speech verb ("Jane Doe said",
  "according to Jane Doe"); a name with no cue counts once its family name
  speaks later ("Jane Doe has cleared mines ... Doe told"). A title and one
  name word that speaks ("Mr. Doe told") is that surname's person, or the
  found full name with that family name. A first name alone needs a speech
  verb and a role ("said Serhii, a volunteer").
- An outlet next to a media noun ("the German broadcaster ZDF"), or told
  something with "the" and a channel; see
  :mod:`cmclaims.extract.actors.context`. A "person" with a media word in
  the name ("told Radio Liberty") is an outlet.
- A body: a capitalised run containing an organisation head ("Arms Control
  Association", "Institute for the Study of War"); a country name may begin it
  ("Kyiv School of Economics"). Bare "<title> <head>" ("Foreign Ministry")
  names no particular body and is skipped.

Sentence openers, months, days, titles and demonyms never make up a name.
Once found, a name's later mentions count too: in full, by family name
(with its particles: "von der Leyen"), or by an acronym given in brackets
after its first mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from cmclaims.extract.actors import context
from cmclaims.extract.actors.cues import Cues
from cmclaims.ids import slugify
from cmclaims.tabular.records import DiscoveredActor, Mention
from cmclaims.text.patterns import alternation, prefix_tree

if TYPE_CHECKING:
    from cmclaims.extract.actors.registry import Registry

_LETTER = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTER}+(?:['’-]{_LETTER}+)*")
_POSSESSIVE = ("'s", "’s")
_CONNECTORS = frozenset({"of", "for", "on", "the", "&"})
_PARTICLES = frozenset({"de", "da", "del", "van", "von", "bin", "al", "la", "le", "der", "dos", "du"})
_LINKERS = _CONNECTORS | _PARTICLES  # lower-case words that may stand inside a run
_LINKER_FORMS = _LINKERS | {word + s for word in _LINKERS for s in _POSSESSIVE}
# A word that may be capitalised or a linker (others begin with a lower-case ASCII letter), where _WORD
# would begin one: not after a letter, nor after a letter and an apostrophe or hyphen.
_MAY_LINK = re.compile(
    rf"(?<!{_LETTER})(?<!{_LETTER}['’-])"
    rf"(?=[^\W\d_a-z]|(?:{'|'.join(sorted(map(re.escape, _LINKERS)))})(?!{_LETTER})){_WORD.pattern}"
)
_WORD_CHAR = re.compile(r"[\w'’-]")
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Z&]{1,7})\)")
_FUNCTION_WORDS = r"(?:the|a|an|and|of|to|by|at|in|for|said|says|told|with|from)\b"


class _Token(NamedTuple):
    """A word of a span, or a country mention in it."""

    start: int
    end: int  # without a possessive 's
    stop: int  # with it
    word: str
    country: bool = False  # an existing country mention, which may begin a body's name

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper()

    @property
    def anchors(self) -> bool:
        """Whether a run may begin or end with this token."""
        return self.country or self.word[:1].isupper()


def _tokens(text: str, start: int, end: int, taken: Sequence[tuple[int, int, bool]], cues: Cues) -> list[_Token | None]:
    """The taken spans and the words that may join a run, in order; a taken span is a country token or None (a break).

    Other words are left out: they only break runs, as does the non-space gap they leave (see :func:`_runs`).
    """
    here = [(s, e, is_country) for s, e, is_country in taken if start <= s < end]
    words = _linkable_words(text, start, end, here, cues)
    if not here:
        return list(words)
    items: list[tuple[int, _Token | None]] = [
        (s, _Token(s, e, e, text[s:e], country=True) if is_country else None) for s, e, is_country in here
    ]
    items += [(token.start, token) for token in words]
    return [token for _, token in sorted(items, key=itemgetter(0))]


def _linkable_words(
    text: str, start: int, end: int, taken: Sequence[tuple[int, int, bool]], cues: Cues
) -> list[_Token]:
    """Capitalised words and linkers of a span that overlap no taken span (one sweep over the sorted spans)."""
    spans = [*sorted((s, e) for s, e, _ in taken), (end, end)]  # the last, a sentinel, starts after every word
    words: list[_Token] = []
    index, reach = 0, -1  # spans[:index] start before the current word; reach is their furthest end
    for match in _MAY_LINK.finditer(text[start:end]):  # a slice: a word just before the span hides none in it
        word = match.group()
        if not (word[0].isupper() or word in _LINKER_FORMS):
            continue
        word_start, stop = match.span()
        word_start += start
        stop += start
        while spans[index][0] < stop:
            reach = max(reach, spans[index][1])
            index += 1
        if reach > word_start:
            continue
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        elif stop < end and text[stop] == "." and (len(word) == 1 or word in cues.person_titles):
            word, stop = word + ".", stop + 1
        words.append(_Token(word_start, word_start + len(word), stop, word))
    return words


def _runs(text: str, tokens: list[_Token | None]) -> list[list[_Token]]:
    """Maximal sequences of capitalised words (and connectors between them) separated by spaces only; of two or
    more tokens, as a name has two words at least."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in [*tokens, None]:
        anchors = token is not None and token.anchors
        if current and (anchors or (token is not None and token.word in _LINKERS)):  # the token may join
            last = current[-1]
            if last.stop == last.end and text[last.stop:token.start].isspace():
                current.append(token)
                continue
        while current and not current[-1].anchors:
            current.pop()
        if len(current) > 1:
            runs.append(current)
        current = [token] if anchors else []
    return runs


def _raw(text: str, tokens: Sequence[_Token]) -> str:
    return " ".join(text[tokens[0].start:tokens[-1].end].split())


def _body_in_run(run: list[_Token], cues: Cues) -> tuple[list[_Token], str, list[_Token], list[_Token]] | None:
    """An organisation's name in a run: its tokens, its kind, a person's name before it ("Marta Kowalczyk of the
    Warsaw Institute"; else empty), and the rest of the run after it."""
    heads = [i for i, t in enumerate(run) if t.word in cues.org_heads and not t.country]
    if not heads:
        return None
    head = heads[0]
    # "Institute of ...", and "Journal du Rhône": a particle and a capitalised word after the head go on too
    continues = head + 1 < len(run) and (run[head + 1].word in _CONNECTORS or (
        run[head + 1].word in _PARTICLES and head + 2 < len(run) and run[head + 2].capitalised))
    cut = len(run) if continues else head + 1
    person, start = [], 0
    of = next((i for i in range(2, head) if run[i].word == "of"), None)
    if of is not None and not any(t.country or t.word in cues.org_heads for t in run[:of]) and _is_name(run[:of], cues):
        person, start = run[:of + 1], of + 1  # "Marta Kowalczyk of the Warsaw Institute": a person, then a body
    name = run[start:cut]
    while name and (name[0].word in cues.name_stopwords or name[0].word == "the"):
        name = name[1:]
    words = [t for t in name if t.capitalised and t.word not in _CONNECTORS]
    generic = all(t.word in cues.person_titles or t.word in cues.org_heads for t in words)
    if len(words) < 2 or generic:
        return None
    return name, cues.org_heads[run[head].word], person[:-1], run[cut:]


def _segments(run: list[_Token]) -> Iterable[list[_Token]]:
    """Pieces of a run that may hold a person's name (split at connectors and country names)."""
    piece: list[_Token] = []
    for token in run:
        if token.country or token.word in _CONNECTORS:
            yield piece
            piece = []
        else:
            piece.append(token)
    yield piece


def _person_core(segment: list[_Token], cues: Cues) -> tuple[list[_Token], list[_Token]] | None:
    """Split the leading titles, openers and demonyms from a 2-4 word name; None if no name is left. Failing
    that, the name after the last title ("Commission President Ursula von der Leyen")."""
    index = 0
    while index < len(segment):
        word = segment[index].word.rstrip(".")
        if word not in cues.prefix_titles and word not in cues.name_stopwords and word not in cues.demonyms:
            break
        index += 1
    if _is_name(segment[index:], cues):
        return segment[:index], segment[index:]
    last_title = max((i for i, t in enumerate(segment) if t.word.rstrip(".") in cues.prefix_titles), default=-1)
    if last_title >= index and _is_name(segment[last_title + 1:], cues):
        return segment[:last_title + 1], segment[last_title + 1:]
    return None


def _is_name(core: list[_Token], cues: Cues) -> bool:
    """Two to four capitalised words, none a title, opener or demonym (particles inside allowed)."""
    if not 2 <= len(core) <= 4 or core[-1].word.endswith("."):
        return False
    inner = range(1, len(core) - 1)  # a particle may stand inside a name ("Ursula von der Leyen")
    return all(
        (i in inner and t.word in _PARTICLES) or (
            t.capitalised and t.word.rstrip(".") not in cues.person_titles
            and t.word.rstrip(".") not in cues.name_stopwords and t.word not in cues.demonyms
            and (any(c.islower() for c in t.word) or t.word.endswith(".")))
        for i, t in enumerate(core)
    )


@lru_cache(maxsize=4)
def _cue_patterns(cues: Cues) -> dict[str, re.Pattern[str]]:
    """Regexes for the cues around a candidate person's name."""
    roles = prefix_tree(cues.role_words)  # a prefix tree: hundreds of roles, tried at every position of a window
    speech = alternation(cues.speech_verbs)
    return {
        "role_before": re.compile(
            rf"(?<![\w'’])(?P<role>(?:(?!{_FUNCTION_WORDS})[a-z][\w-]*\s+){{0,3}}(?:{roles}))\s+$"
        ),
        "apposition": re.compile(
            rf",\s+(?:(?:a|an|the|its|his|her|their)\s+)?"
            rf"(?P<role>(?:[\w'’.-]+\s+){{0,5}}?(?:{roles})\b[^,.;:()]{{0,60}})",
            re.IGNORECASE,
        ),
        # "said Serhii, a volunteer", "who gave only his first name, Petro,", "A resident, Iryna, said": a first
        # name alone
        "first_name": re.compile(
            rf"(?:(?:said|told|asked|added|first\s+name,?)\s+"
            rf"|(?<![\w'’])(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w'’-]*\s+){{0,2}}?(?:{roles}),\s+(?=\w+,\s+(?:said|told)\b))"
            rf"(?P<name>[A-Z][a-z'’-]{{2,}})"
            rf"(?=,\s+(?:(?:a|an)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{roles})\b|said\b|told\b))"
        ),
        "role_comma_before": re.compile(
            rf"(?<![\w'’])(?:(?:its|the|a|an|his|her|their)\s+)?(?P<role>(?:[\w'’-]+\s+){{0,3}}?(?:{roles})),\s+$",
            re.IGNORECASE
        ),
        "apposition_closed": re.compile(rf"\s*,|\s+(?:has\s+|had\s+|also\s+)?(?:{speech})\b"),
        "speech_after": re.compile(rf"\s+(?:has\s+|had\s+|also\s+)?(?:{speech})\b"),
        # "Mr. Okafor, the company's lawyer, told": the verb after a short apposition
        "speech_after_apposition": re.compile(
            rf",[^,.;:()“”\"]{{3,60}},\s+(?:has\s+|had\s+|also\s+)?(?:{speech})\b"
        ),
        "speech_before": re.compile(r"(?:\b(?:said|says|told)|\baccording\s+to)\s+$"),
        "owner_before": re.compile(r"(?:['’]s?)?\s+$"),
    }


class _PersonCues:
    """Finds the cue that marks a capitalised sequence as a person's name, and what it says of them."""

    _OWNER_KINDS = ("media", "organization", "government")

    def __init__(self, text: str, mentions: Sequence[Mention], registry: Registry, cues: Cues) -> None:
        self.text, self.registry, self.cues = text, registry, cues
        self.patterns = _cue_patterns(cues)
        self.ending_at = {m.char_end: m.actor_id for m in mentions}
        self.starts = sorted((m.char_start, m.actor_id) for m in mentions)

    def _actor_before(self, position: int, possessive: bool = False) -> str | None:
        """The mention that ends just before ``position`` (across spaces or a possessive)."""
        before = self.text[max(0, position - 4):position]
        match = self.patterns["owner_before"].search(before)
        if not match or (possessive and not match.group().startswith(("'", "’"))):
            return None
        return self.ending_at.get(position - len(match.group()))

    def find(self, prefix: list[_Token], core: list[_Token], span_start: int) -> dict[str, Any] | None:
        """rule, role and affiliation_id for ``core``, or None when no cue marks it."""
        lead, end = (prefix or core)[0].start, core[-1].end
        before = self.text[max(span_start, lead - 60):lead]
        titles = " ".join(t.word for t in prefix if t.word.rstrip(".") in self.cues.prefix_titles)
        demonym = next((self.cues.demonyms[t.word] for t in prefix if t.word in self.cues.demonyms), None)
        last = before[before.rfind(" ", 0, len(before.rstrip())) + 1:].strip()  # the word before the name
        role_match = self.patterns["role_before"].search(before) if self._is_role(last) else None
        if titles or role_match:
            role_start = lead - len(before) + role_match.start("role") if role_match else lead
            role = " ".join(filter(None, [role_match and role_match.group("role"), titles]))
            rule = "name-with-title" if titles else "name-with-role"
            return self._found(rule, role, self._actor_before(role_start) or demonym)
        if match := self.patterns["apposition"].match(self.text, end):
            inside = [a for s, a in self.starts if match.start("role") <= s < match.end("role")]
            return self._found("name-with-apposition", match.group("role").strip(), inside[0] if inside else None)
        role_comma = self.patterns["role_comma_before"].search(before) if last.endswith(",") and self._is_role(
            last[:-1].lower()) else None
        if role_comma and not prefix and self.patterns["apposition_closed"].match(self.text, end):
            role_start = lead - len(before) + role_comma.start("role")  # "Its spokeswoman, Maria Lopez, said"
            inside = [a for s, a in self.starts if role_start <= s < lead]
            return self._found("name-after-role", " ".join(role_comma.group("role").split()),
                               inside[0] if inside else None)
        owner = self._actor_before(core[0].start, possessive=True)
        if owner and self.registry.kind(owner) in self._OWNER_KINDS:
            return self._found("name-with-affiliation", None, owner)
        if self.patterns["speech_after"].match(self.text, end) or self.patterns["speech_before"].search(before):
            return self._found("name-with-speech", None, demonym)
        return None

    def first_names(self, start: int, end: int) -> Iterable[re.Match[str]]:
        """First names alone that a speech verb and a role mark ("said Serhii, a volunteer")."""
        return self.patterns["first_name"].finditer(self.text, start, end)

    def _is_role(self, word: str) -> bool:
        """Is a word (or its part after a hyphen) a role? A set look-up spares the role regexes most names."""
        return word in self.cues.role_words or word[word.rfind("-") + 1:] in self.cues.role_words

    def speaks(self, end: int, lead: int, span_start: int) -> bool:
        """Is the name ending at ``end`` (its titles from ``lead``) the subject or object of a speech verb?"""
        before = self.text[max(span_start, lead - 60):lead]
        return bool(self.patterns["speech_after"].match(self.text, end) or self.patterns["speech_before"].search(before)
                    or self.patterns["speech_after_apposition"].match(self.text, end))

    @staticmethod
    def _found(rule: str, role: str | None, affiliation: str | None) -> dict[str, Any]:
        return {"rule": rule, "role": role, "affiliation_id": affiliation}


def actor_record(
    name: str, kind: str, rule: str, role: str | None = None, affiliation_id: str | None = None
) -> DiscoveredActor:
    """A record for an actor found by a rule (not curated), with the registry's keys."""
    return DiscoveredActor(slugify(name), name, kind, role, affiliation_id, None, (name,), False, f"actors.{rule}")


def mention(start: int, end: int, actor_id: str, rule: str) -> Mention:
    """A mention row: raw offsets, the actor, and the rule that found it."""
    return Mention(start, end, actor_id, f"actors.{rule}")


def _names_in_run(
    text: str, run: list[_Token], span_start: int, person_cues: _PersonCues, cues: Cues
) -> Iterable[tuple[list[_Token], DiscoveredActor]]:
    """(name tokens, actor record) for each name a run holds."""
    body = _body_in_run(run, cues)
    if body:
        tokens, kind, person, rest = body
        record = actor_record(_raw(text, tokens), kind, "org-name")
        yield tokens, record
        if person:  # a person "of" the body: that is its cue
            yield person, actor_record(_raw(text, person), "person", "name-with-affiliation",
                                       affiliation_id=person_cues.registry.actor_for_name(record.name)
                                       or record.actor_id)
        run = rest
    for segment in _segments(run):
        split = _person_core(segment, cues)
        found = split and person_cues.find(*split, span_start)
        if found:
            core = split[1]
            if any(cues.org_heads.get(t.word) == "media" for t in core):  # "told Radio Liberty": an outlet
                yield core, actor_record(_raw(text, core), "media", "outlet-with-speech")
            else:
                yield core, actor_record(_raw(text, core), "person", **found)
        elif split and not any(t.word in cues.org_heads for t in split[1]):  # no cue yet: a later one may come
            yield split[1], actor_record(_raw(text, split[1]), "person", "name-with-later-speech")
        elif (surname := _titled_surname(segment, cues)) and person_cues.speaks(surname.end, segment[0].start,
                                                                                span_start):
            yield [surname], actor_record(surname.word, "person", "surname-with-title",
                                          role=" ".join(t.word for t in segment[:-1]))


def _titled_surname(segment: list[_Token], cues: Cues) -> _Token | None:
    """The surname of "Mr. Dupont", "Judge Weiss", "Foreign Minister Kuleba": titles, then one name word."""
    if len(segment) < 2 or not all(t.word.rstrip(".") in cues.prefix_titles for t in segment[:-1]):
        return None
    last = segment[-1]
    word = last.word
    if (len(word) < 3 or not word[0].isupper() or not any(c.islower() for c in word) or word in cues.prefix_titles
            or word in cues.name_stopwords or word in cues.demonyms or word in cues.org_heads):
        return None
    return last


def _aliases(text: str, tokens: list[_Token], record: DiscoveredActor, registry: Registry, cues: Cues) -> list[str]:
    """Other forms a found name may take later: a person's surname, a body's bracketed acronym."""
    surname = tokens[-1].word
    if record.kind == "person":
        usable = len(surname) > 2 and surname not in cues.name_stopwords | cues.person_titles
        family = _family_name(record.name, surname)  # "Le Drian", "von der Leyen": with its particles
        if not usable or registry.actor_for_name(family) is not None:
            return []
        # a lower-case particle is capitalised at a sentence's start ("van Dam said. ... Van Dam replied")
        return [family, family[0].upper() + family[1:]] if family[0].islower() else [family]
    acronym = _ACRONYM_AFTER.match(text, tokens[-1].end)
    return [acronym.group("acronym")] if acronym and registry.actor_for_name(acronym.group("acronym")) is None else []


@lru_cache(maxsize=4096)
def _family_name(name: str, surname: str) -> str:
    """The family name as the name parser reads it, if it ends in the name's last word; else that word."""
    from nameparser import HumanName

    last = HumanName(name).last
    return last if last.endswith(surname) and last in name else surname


def _later_mentions(
    text: str, spans: Sequence[tuple[int, int]], records: dict[str, DiscoveredActor],
    occupied: Sequence[list[tuple[int, int]]],
) -> list[Mention]:
    """Every further occurrence of a found name or alias that no mention covers yet (ambiguous aliases skipped).

    ``occupied[i]`` holds the spans already taken inside ``spans[i]``.
    """
    owners: dict[str, set[str]] = {}
    for actor_id, record in records.items():
        for alias in record.aliases:
            owners.setdefault(alias, set()).add(actor_id)
    by_alias = {alias: ids.pop() for alias, ids in owners.items() if len(ids) == 1}
    if not by_alias:
        return []
    pattern = re.compile(rf"(?<!\w)(?:{alternation(by_alias, space=None)})(?!\w)")
    found = []
    for (start, end), taken_here in zip(spans, occupied):
        for match in pattern.finditer(text, start, end):
            if not any(a < match.end() and match.start() < b for a, b in taken_here):
                found.append(mention(match.start(), match.end(), by_alias[match.group()], "discovered-alias"))
                taken_here.append((match.start(), match.end()))
    return found


def _within(items: list[tuple[int, int, bool]], starts: list[int], start: int, end: int) -> list[tuple[int, int, bool]]:
    """The items (sorted by start) that begin inside [start, end)."""
    return items[bisect_left(starts, start):bisect_left(starts, end)]


def discover(
    text: str,
    spans: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    blocked: Sequence[tuple[int, int]],
    registry: Registry,
    cues: Cues,
) -> tuple[list[Mention], list[DiscoveredActor]]:
    """Mentions of names the registry lacks, and their actor records (registry actors get no record).

    A country named by its alias may begin a body's name ("Kyiv School of
    Economics"); the caller drops the mentions that a found name contains.
    Paragraph spans are disjoint and no mention crosses one, so each span is
    handled with only the mentions inside it (linear in the article's length).
    """
    may_begin_name = [registry.kind(m.actor_id) == "country" and m.rule == "actors.alias" for m in mentions]
    taken_all = sorted([(m.char_start, m.char_end, country) for m, country in zip(mentions, may_begin_name)]
                       + [(s, e, False) for s, e in blocked])
    starts = [item[0] for item in taken_all]
    person_cues = _PersonCues(text, mentions, registry, cues)
    records: dict[str, DiscoveredActor] = {}
    found: list[Mention] = []
    occupied: list[list[tuple[int, int]]] = []
    surnames: list[tuple[_Token, DiscoveredActor]] = []
    # (span index, tokens, record) of the names with no cue around
    uncued: list[tuple[int, list[_Token], DiscoveredActor]] = []
    family_names: dict[str, str] = {}  # a found person's family name -> that person (the first to have it)
    for start, end in spans:
        taken = _within(taken_all, starts, start, end)
        names: list[tuple[int, int]] = []
        for name_start, name_end, rule in context.outlets(text, start, end, cues):
            if any(s < name_end and name_start < e for s, e, _ in taken):
                continue
            record = actor_record(" ".join(text[name_start:name_end].split()), "media", rule)
            actor_id = registry.actor_for_name(record.name) or records.setdefault(record.actor_id, record).actor_id
            found.append(mention(name_start, name_end, actor_id, rule))
            names.append((name_start, name_end))
            taken = sorted([*taken, (name_start, name_end, False)])
        for run in _runs(text, _tokens(text, start, end, taken, cues)):
            for tokens, record in _names_in_run(text, run, start, person_cues, cues):
                known = family_names.get(record.name)  # "Van Dam" after "Pieter van Dam": that person
                if known is not None and record.kind == "person" and record.rule == "actors.name-with-later-speech":
                    found.append(mention(tokens[0].start, tokens[-1].end, known, "discovered-alias"))
                    names.append((tokens[0].start, tokens[-1].end))
                    continue
                if record.rule == "actors.name-with-later-speech":
                    uncued.append((len(occupied), tokens, record))
                    continue
                if record.rule == "actors.surname-with-title":
                    surnames.append((tokens[0], record))  # resolved once every full name is known
                    names.append((tokens[0].start, tokens[0].end))
                    continue
                rule = record.rule.removeprefix("actors.")
                actor_id = registry.actor_for_name(record.name) or family_names.get(record.name)
                if actor_id is not None and actor_id in records and actor_id != record.actor_id:
                    rule = "discovered-alias"  # "Le Drian" after "Jean-Yves Le Drian"
                actor_id = actor_id or record.actor_id
                if actor_id not in registry.records and actor_id not in records:
                    record = replace(record, aliases=(*record.aliases, *_aliases(text, tokens, record, registry, cues)))
                    records[actor_id] = record
                    for alias in record.aliases[1:] if record.kind == "person" else ():
                        family_names.setdefault(alias, actor_id)
                found.append(mention(tokens[0].start, tokens[-1].end, actor_id, rule))
                names.append((tokens[0].start, tokens[-1].end))
        for match in person_cues.first_names(start, end):
            name_start, name_end = match.span("name")
            if any(s < name_end and name_start < e for s, e, _ in taken) or any(
                    s < name_end and name_start < e for s, e in names) or match["name"] in cues.name_stopwords:
                continue
            record = actor_record(match["name"], "person", "first-name")
            actor_id = registry.actor_for_name(record.name) or \
                records.setdefault(record.actor_id, record).actor_id
            found.append(mention(name_start, name_end, actor_id, "first-name"))
            names.append((name_start, name_end))
        occupied.append(names + [(s, e) for s, e, _ in taken if not any(a <= s and e <= b for a, b in names)])
    for index, tokens, record in _spoken_later(text, spans, uncued, person_cues, registry, records):
        records.setdefault(record.actor_id, record)
        found.append(mention(tokens[0].start, tokens[-1].end, record.actor_id, "name-with-later-speech"))
        occupied[index].append((tokens[0].start, tokens[-1].end))
    found += _surname_mentions(surnames, records)
    found += _later_mentions(text, spans, records, occupied)
    return found, list(records.values())


def _spoken_later(
    text: str, spans: Sequence[tuple[int, int]], uncued: list[tuple[int, list[_Token], DiscoveredActor]],
    person_cues: _PersonCues, registry: Registry, records: dict[str, DiscoveredActor],
) -> list[tuple[int, list[_Token], DiscoveredActor]]:
    """The names without a cue whose family name later speaks ("Olena Bondar has cleared mines ... Bondar told
    the Kyiv Herald"), with that family name as their alias; one scan of the spans for all of them."""
    candidates = []
    for index, tokens, record in uncued:
        family = _family_name(record.name, tokens[-1].word)
        if (record.actor_id not in records and registry.actor_for_name(record.name) is None and len(family) > 2
                and registry.actor_for_name(family) is None):
            candidates.append((index, tokens, record, family))
    if not candidates:
        return []
    span_starts = [start for start, _ in spans]
    speaking = set()
    for family in {family for *_, family in candidates}:  # a few per article: str.find, no regex to compile
        at = text.find(family)
        while at >= 0 and family not in speaking:
            end = at + len(family)
            span = bisect_right(span_starts, at) - 1
            if (span >= 0 and end <= spans[span][1] and not _WORD_CHAR.match(text, end)
                    and (at == 0 or not _WORD_CHAR.match(text, at - 1))
                    and person_cues.speaks(end, at, spans[span][0])):
                speaking.add(family)
            at = text.find(family, at + 1)
    accepted = []
    for index, tokens, record, family in candidates:
        if family in speaking:
            accepted.append((index, tokens, replace(record, aliases=(record.name, family))))
    return accepted


def _surname_mentions(
    surnames: list[tuple[_Token, DiscoveredActor]], records: dict[str, DiscoveredActor]
) -> list[Mention]:
    """Mentions of titled surnames ("Mr. Dupont said"): the found person with that surname when exactly one has
    it, else a person of that name alone (added to ``records``)."""
    owners: dict[str, set[str]] = {}
    for actor_id, record in records.items():
        if record.kind == "person":
            for alias in record.aliases:
                owners.setdefault(alias, set()).add(actor_id)
    found = []
    for token, record in surnames:
        known = owners.get(token.word, set())
        if len(known) > 1:
            continue
        actor_id = next(iter(known)) if known else records.setdefault(record.actor_id, record).actor_id
        found.append(mention(token.start, token.end, actor_id, "surname-with-title"))
    return found
