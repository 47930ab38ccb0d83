"""Actors: the curated registry, and the mentions of actors in article bodies.

A mention (codebook) is a named reference to an actor: a proper name, full or
partial ("Kirby"); a named body; a country name or capital-city metonym
("Kyiv"); a demonym, country or possessive + forces phrase ("Russian forces",
"Ukraine's military", "Putin's forces"); an outlet's name. A name used as a
modifier counts ("U.S.-provided", "Pentagon deputy press secretary", "UN
rights chief"). A country name, possessive or demonym directly before a body
of that country is one mention of the body ("Ukraine's Prosecutor General's
Office", "US Congress", "U.S. Department of Defense").

Span decisions, so that the rows can be compared with an annotation:

- A leading "the" is never part of a mention ("the Pentagon" -> "Pentagon"),
  except a capitalised "The" in an outlet's own name ("The Washington Post",
  and "The Post" when it refers back to it).
- A plain demonym is not a mention ("Russian-held", "Ukrainian claims",
  "American authorities"). "<demonym> government/regime" ("the Ukrainian
  government") and "the Ukrainians"/"the Russians" name the country.
- "the Biden administration" names the United States (its government), as
  "Administration officials" do in the codebook.
- "the Russian embassy in the United States" is one mention of the embassy.
- A country, demonym or possessive before a name that many states give a
  body is that country's body ("Russia's Security Council", "the French
  Senate"), not the registry's body of that name (the UN's, the US's).
- "House Rules Committee", "Senate Committee on Foreign Relations": one
  mention of the committee (a body pattern), not "House" plus a name.
- Not mentions: the place of a dateline ("KYIV, Ukraine (AP) —"), a country
  as a currency prefix ("US$800 million"), a name of ordinary words inside a
  longer name ("EU Foreign Policy chief"); see :mod:`.actor_context`, which
  also resolves "the Defense Ministry" to the country the article is about.
- Descriptions ("the embassy", "the prosecutor's office", "the bloc") are not
  mentions; :func:`resolve_description` maps them back for speakers.

Matching is one compiled alternation per article span (every alias, demonym
and non-actor name, longest first); rules then join neighbouring matches.
Names that the registry lacks are found by :mod:`cmclaims.extract.actors.names`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from cmclaims.extract.actors import context
from cmclaims.extract.actors.cues import Cues, load_cues, surface_key
from cmclaims.extract.actors.names import actor_record, discover, mention
from cmclaims.extract.actors.registry import Registry
from cmclaims.tabular.records import DiscoveredActor, Mention, in_span_order

#: Kinds from most to least specific: a speaker phrase naming several actors
#: ("Pentagon deputy press secretary Sabrina Singh") is the most specific one.
SPECIFICITY = ("person", "government", "organization", "media", "group", "country")

_POSSESSIVE_GAP = re.compile(r"(?:['’]s?)?\s+")
_DEFINITE_BEFORE = re.compile(r"(?<!\w)[Tt]he\s+$")
_UNKNOWN_SURFACE = ("block", None, None, False)  # (role, actor_id, country, exact_case) of a surface not listed


class _Hit(NamedTuple):
    """One match of the alternation: what it names and which country it stands for."""

    start: int
    end: int
    role: str  # country | person | body | demonym | collective | block | pattern
    actor_id: str | None
    country: str | None


def _pattern_actor(name: str, group: str, registry: Registry, found: dict[str, DiscoveredActor]) -> str:
    """The actor a body pattern's match names: a registry actor, else a discovered body."""
    actor_id = registry.actor_for_name(name)
    if actor_id is None:
        kind, from_first_word = registry.matcher.body_patterns[int(group[1:])]
        affiliation = registry.actor_for_name(name.split()[0]) if from_first_word else None
        record = actor_record(name, kind, "body-pattern", affiliation_id=affiliation)
        actor_id = found.setdefault(record.actor_id, record).actor_id
    return actor_id


def _hits(
    text: str, start: int, end: int, registry: Registry, found: dict[str, DiscoveredActor], cues: Cues
) -> list[_Hit]:
    """Every alternation match in one span, classified."""
    surface_hits = registry.surface_hits
    hits = []
    for match in registry.matcher.pattern.finditer(text, start, end):
        if match.lastgroup != "lit":
            name = " ".join(word[:1].upper() + word[1:] for word in match.group().split())
            actor_id = _pattern_actor(name, match.lastgroup, registry, found)
            hits.append(_Hit(match.start(), match.end(), "pattern", actor_id, None))
            continue
        role, actor_id, country, exact_case = surface_hits.get(surface_key(match.group()), _UNKNOWN_SURFACE)
        if exact_case and context.inside_longer_name(text, match, start, end, cues):
            continue
        hits.append(_Hit(match.start(), match.end(), role, actor_id, country))
    return hits


def _joined_body(text: str, hit: _Hit, following: _Hit | None, registry: Registry) -> Mention | None:
    """ "Ukraine's Prosecutor General's Office", "US Congress": one mention of the body."""
    if following is None or hit.role not in ("country", "demonym") or following.role != "body":
        return None
    if registry.country_of(following.actor_id) != hit.country:
        return None
    if not _POSSESSIVE_GAP.fullmatch(text, hit.end, following.start):
        return None
    return mention(hit.start, following.end, following.actor_id, "possessive-body")


def _state_body(
    text: str, hit: _Hit, limit: int, registry: Registry, cues: Cues, found: dict[str, DiscoveredActor]
) -> Mention | None:
    """ "Ukrainian forces", "Ukraine's military", "Putin's forces", "the Ukrainian government", "Russia's Security
    Council" (a name many states give a body: the country's own, not the registry's body of another state)."""
    if hit.role not in ("country", "person", "demonym") or hit.country is None:
        return None
    match = cues.head_pattern.match(text, hit.end, limit)
    if not match:
        return None
    possessive, head = match.group("poss"), " ".join(match.group("head").lower().split())
    if (hit.role == "demonym" and possessive) or (hit.role == "person" and not (possessive or "").endswith("s")):
        return None
    if head in cues.adjective_heads and (match.group("next") or "") in cues.adjective_followers:
        return None
    end = match.end("head")
    if head in cues.country_heads:
        if hit.role == "country" and not possessive:
            return None
        return mention(hit.start, end, hit.country, "country-government")
    actor_id = state_body_actor(hit.country, cues.state_bodies[head], registry, found)
    return mention(hit.start, end, actor_id, "state-body")


def state_body_actor(country: str, canonical: str, registry: Registry, found: dict[str, DiscoveredActor]) -> str:
    """The actor of a country's body named ``canonical`` ("Armed Forces"): curated, else discovered into ``found``."""
    name = f"{load_cues().body_prefix(country) or registry.name(country)} {canonical}"
    actor_id = registry.actor_for_name(name)
    if actor_id is None:
        record = actor_record(name, "government", "state-body", affiliation_id=country)
        actor_id = found.setdefault(record.actor_id, record).actor_id
    return actor_id


def _span_mentions(
    text: str, start: int, end: int, registry: Registry, found: dict[str, DiscoveredActor]
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Registry-based mentions in one span, and the spans of non-actor names."""
    cues = load_cues()
    place = context.dateline_place(text, start, end)
    blocked = [place] if place else []
    hits = [hit for hit in _hits(text, start, end, registry, found, cues) if not place or hit.start >= place[1]]
    mentions = []
    index = 0
    while index < len(hits):
        hit = hits[index]
        following = hits[index + 1] if index + 1 < len(hits) else None
        joined = _joined_body(text, hit, following, registry)
        if joined:
            mentions.append(joined)
            index += 2
            continue
        index += 1
        generic = following is not None and following.role == "body" and (
            surface_key(text[following.start:following.end]) in cues.state_bodies)
        after_following = hits[index + 1].start if generic and index + 1 < len(hits) else end
        limit = (after_following if generic else following.start) if following else end
        body = _state_body(text, hit, limit, registry, cues, found)
        if body and generic and body.char_end == following.end:
            index += 1  # the generic name was part of the country's body
        if body:
            mentions.append(body)
        elif hit.role in ("country", "person", "body", "pattern"):
            rule = "body-pattern" if hit.role == "pattern" else "alias"
            mentions.append(mention(hit.start, hit.end, hit.actor_id, rule))
        elif hit.role == "collective" and _DEFINITE_BEFORE.search(text, max(start, hit.start - 5), hit.start):
            mentions.append(mention(hit.start, hit.end, hit.country, "collective-demonym"))
        elif hit.role == "block":
            blocked.append((hit.start, hit.end))
    return mentions, blocked


def _last_starting_before(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], position: int
) -> tuple[int, int] | None:
    """Of disjoint spans sorted by start, the last one starting before ``position``."""
    index = bisect_left(starts, position)
    return spans[index - 1] if index else None


def _overlaps_any(spans: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the disjoint, sorted ``spans`` (binary search)."""
    candidate = _last_starting_before(spans, starts, end)
    return candidate is not None and candidate[1] > start


def _short_forms(
    text: str, spans: Sequence[tuple[int, int]], mentions: list[Mention], registry: Registry
) -> list[Mention]:
    """ "The Post", "the Commission": the last named actor with that word in its name.

    ``registry`` must hold every actor of ``mentions`` (discovered ones included).
    """
    cues = load_cues()
    taken = [(m.char_start, m.char_end) for m in mentions]
    starts = [a for a, _ in taken]
    ends = [b for _, b in taken]
    fits: dict[tuple[str, str], bool] = {}
    found = []
    for start, end in spans:
        for match in cues.short_form_pattern.finditer(text, start, end):
            if _overlaps_any(taken, starts, match.start(), match.end()):
                continue
            word = match.group("word")
            earlier = mentions[:bisect_right(ends, match.start())]
            actor_id = cues.short_forms.get(word)
            for m in reversed(earlier):
                key = (m.actor_id, word)
                if key not in fits:
                    fits[key] = _fits(registry.records[m.actor_id], {"words": [word]})
                if fits[key]:
                    actor_id = m.actor_id
                    break
            if actor_id not in registry.records:
                continue
            with_article = registry.records[actor_id]["name"].startswith("The ") and match.group("the") == "The"
            start_at = match.start() if with_article else match.start("word")
            found.append(mention(start_at, match.end(), actor_id, "short-form"))
    return found


_FOCUS_WINDOW = 200
"""Earlier mentions that decide which country a bare body ("the Defense Ministry") belongs to."""


def _bare_bodies(
    text: str,
    spans: Sequence[tuple[int, int]],
    mentions: list[Mention],
    registry: Registry,
    found: dict[str, DiscoveredActor],
) -> list[Mention]:
    """ "the Defense Ministry": the body of that name of the country the article is about (see
    :func:`cmclaims.extract.actors.context.country_in_focus`, over the last ``_FOCUS_WINDOW``
    mentions); nothing when no country is clearly meant."""
    cues = load_cues()
    taken = [(m.char_start, m.char_end) for m in mentions]
    starts = [a for a, _ in taken]
    ends = [b for _, b in taken]
    result: list[Mention] = []
    for start, end, canonical in context.bare_bodies(text, spans, cues):
        if _overlaps_any(taken, starts, start, end):
            continue
        before = mentions[:bisect_right(ends, start)][-_FOCUS_WINDOW:]
        before = in_span_order(before + [m for m in result[-_FOCUS_WINDOW:] if m.char_end <= start])
        known = registry.with_discovered(found.values())
        country = context.country_in_focus(before[-_FOCUS_WINDOW:], canonical, known, cues)
        if country is not None:
            result.append(mention(start, end, state_body_actor(country, canonical, registry, found), "bare-state-body"))
    return result


def _inside_any(spans: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the disjoint, sorted ``spans``."""
    candidate = _last_starting_before(spans, starts, start + 1)
    return candidate is not None and candidate[0] <= start and end <= candidate[1]


def find_mentions(
    text: str, spans: Sequence[tuple[int, int]], registry: Registry
) -> tuple[list[Mention], list[DiscoveredActor]]:
    """Actor mentions in the body spans of one article, in span order, and the actors found there that the
    registry lacks (``curated=False``, with the ``rule`` that found them). Mentions never overlap."""
    found: dict[str, DiscoveredActor] = {}
    mentions, blocked = [], []
    for start, end in spans:
        in_span, blocked_here = _span_mentions(text, start, end, registry, found)
        mentions += in_span
        blocked += blocked_here
    mentions = in_span_order(mentions)
    mentions += _short_forms(text, spans, mentions, registry.with_discovered(found.values()) if found else registry)
    mentions += _bare_bodies(text, spans, mentions, registry, found)
    names, records = discover(text, spans, mentions, blocked, registry, load_cues())
    for record in records:
        found.setdefault(record.actor_id, record)
    inside_names = sorted((m.char_start, m.char_end) for m in names)
    name_starts = [a for a, _ in inside_names]
    kept = [m for m in mentions if not _inside_any(inside_names, name_starts, m.char_start, m.char_end)]
    result = in_span_order(kept + names)
    return result, [record for actor_id, record in found.items() if actor_id not in registry.records]


def most_specific(actor_ids: Iterable[str], registry: Registry) -> str | None:
    """The most specific actor among those a phrase names (first one on ties); None if none."""
    kinds = [(registry.kind(a), i, a) for i, a in enumerate(actor_ids)]
    ranked = [(SPECIFICITY.index(kind), i, a) for kind, i, a in kinds if kind in SPECIFICITY]
    return min(ranked)[2] if ranked else None


def resolve_description(phrase: str, previous_mentions: Sequence[Mention], registry: Registry) -> str | None:
    """The actor a definite description refers back to ("the embassy", "the prosecutor's office").

    The head noun (the phrase's last word) selects a rule in the cues'
    ``descriptions``; the most recent earlier mention whose actor fits it wins.
    Pass ``registry.with_discovered(...)`` so that discovered actors can be found.
    """
    words = re.findall(r"[\w'’]+", phrase)
    head = re.sub(r"['’]s?$", "", words[-1]).lower() if words else ""
    rule = load_cues().descriptions.get(head)
    if rule is None:
        return None
    for earlier in reversed(previous_mentions):
        record = registry.records.get(earlier.actor_id)
        if record is not None and _fits(record, rule):
            return earlier.actor_id
    return None


def _fits(record: Mapping[str, Any], rule: Mapping[str, Any]) -> bool:
    """Whether an actor is of a kind, or has a word in its names, that a description's head asks for."""
    surfaces = (record["name"], *record.get("aliases", ()))
    return record["kind"] in rule.get("kinds", ()) or any(w in s for w in rule.get("words", ()) for s in surfaces)
