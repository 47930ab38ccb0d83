"""Claims (attributed statements): one small, hand-checked example per rule.

The examples are sentences of the four seed articles (raw/), with the actor
mentions built by hand so that these tests depend on the claims rules only.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims.extract.claims.finder import find_claims
from cmclaims.tabular.records import Claim, Mention, in_span_order
from cmclaims.text.quotes import Quotations, char_run, find_quotes, skip

ACTORS = {
    "united-states": {"kind": "country", "name": "United States", "aliases": ["U.S.", "US", "Washington"]},
    "ukraine": {"kind": "country", "name": "Ukraine", "aliases": ["Kyiv", "Kiev"]},
    "russia": {"kind": "country", "name": "Russia", "aliases": ["Moscow"]},
    "united-nations": {"kind": "organization", "name": "United Nations", "aliases": ["UN"]},
    "sabrina-singh": {"kind": "person", "name": "Sabrina Singh", "aliases": ["Singh"]},
    "john-kirby": {"kind": "person", "name": "John Kirby", "aliases": ["Kirby"]},
    "vladimir-putin": {"kind": "person", "name": "Vladimir Putin", "aliases": ["Putin"]},
    "michelle-bachelet": {"kind": "person", "name": "Michelle Bachelet", "aliases": ["Bachelet"]},
    "laura-cooper": {"kind": "person", "name": "Laura Cooper", "aliases": ["Cooper"]},
    "us-department-of-defense": {"kind": "government", "name": "U.S. Department of Defense", "aliases": ["Pentagon"]},
    "white-house": {"kind": "government", "name": "White House", "aliases": []},
    "prosecutor-generals-office-of-ukraine": {"kind": "government", "name": "Prosecutor General's Office of Ukraine",
                                              "aliases": ["Prosecutor General's Office"]},
    "russian-armed-forces": {"kind": "government", "name": "Russian Armed Forces", "aliases": ["Russian forces"]},
    "cluster-munition-monitor": {"kind": "organization", "name": "Cluster Munition Monitor", "aliases": []},
    "human-rights-watch": {"kind": "organization", "name": "Human Rights Watch", "aliases": []},
    "cbs-news": {"kind": "media", "name": "CBS News", "aliases": ["CBS"]},
    "the-washington-post": {"kind": "media", "name": "The Washington Post", "aliases": ["The Post"]},
    "pro-war-republican-senators": {"kind": "group", "name": "pro-war Republican senators", "aliases": []},
    "ona-vaitkute": {"kind": "person", "name": "Ona Vaitkute", "aliases": ["Vaitkute"], "role": "Foreign Minister"},
}


@dataclass(frozen=True)
class Row:
    """A claim with its text, as the build's frame holds it."""

    claim: Claim
    text: str

    def __getattr__(self, name: str):
        return getattr(self.claim, name)


def claims_in(text: str, names: dict[str, str]) -> list[Row]:
    """Claims of ``text`` (paragraphs split on blank lines), with a mention wherever a name occurs."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]
    mentions = in_span_order(Mention(m.start(), m.end(), actor_id, "actors.test")
                             for name, actor_id in names.items() for m in re.finditer(re.escape(name), text))
    return [Row(claim, text[claim.char_start:claim.char_end]) for claim in find_claims(text, spans, mentions, ACTORS)]


def summary(rows: list[Row]) -> list[tuple]:
    return [(r.kind, r.speaker_id, r.cue, r.text) for r in rows]


# ------------------------------------------------------------------ direct quotes

def test_quote_split_by_attribution_gives_two_claims_with_one_speaker():
    text = ("“I believe they have started using them,” Pentagon deputy press secretary Sabrina Singh told reporters "
            "at the Pentagon.\n\n“They have committed to use it responsibly,” she added.")
    rows = claims_in(text, {"Pentagon": "us-department-of-defense", "Sabrina Singh": "sabrina-singh"})
    assert summary(rows) == [
        ("direct", "sabrina-singh", "told reporters", "I believe they have started using them,"),
        ("direct", "sabrina-singh", "added", "They have committed to use it responsibly,"),
    ]
    assert [r.speaker_text for r in rows] == ["Pentagon deputy press secretary Sabrina Singh", "she"]
    assert rows[0].rule == "claims.trailing-cue"


def test_quote_after_its_attribution_in_the_same_sentence_continues_the_speaker():
    text = "“We are not going to stop,” Kirby said. “We will win.”"
    rows = claims_in(text, {"Kirby": "john-kirby"})
    assert summary(rows) == [("direct", "john-kirby", "said", "We are not going to stop,"),
                             ("direct", "john-kirby", None, "We will win.")]
    assert rows[1].rule == "claims.continued-quote"


def test_quote_after_cue_and_comma_is_direct_and_spans_sentences():
    text = ('The embassy noted on the Telegram app, "The statements have caught our attention. '
            'The official has in fact acknowledged the United States’ war crimes."')
    rows = claims_in(text, {"United States": "united-states"})
    assert [(r.kind, r.cue) for r in rows] == [("direct", "noted")]
    assert rows[0].text.startswith("The statements") and rows[0].text.endswith("war crimes.")


def test_pronoun_it_resolves_to_the_described_office():
    text = ("In a statement, the Prosecutor General's Office said Russia has used cluster munitions.\n\n"
            "According to the investigation, Russian forces used cluster bombs in an attack on the district, "
            "the prosecutor's office said in a Telegram post.\n\n"
            '"The missile was equipped with prohibited cluster munitions," it said.')
    rows = claims_in(text, {"Prosecutor General's Office": "prosecutor-generals-office-of-ukraine",
                            "Russia": "russia", "Russian forces": "russian-armed-forces"})
    assert summary(rows)[1:] == [
        ("indirect", "prosecutor-generals-office-of-ukraine", "said",
         "Russian forces used cluster bombs in an attack on the district"),
        ("direct", "prosecutor-generals-office-of-ukraine", "said",
         "The missile was equipped with prohibited cluster munitions,"),
    ]
    assert rows[2].speaker_text == "it"


def test_unbalanced_quote_title_is_no_claim_and_colon_cue_reaches_next_paragraph():
    text = ("Human Rights Watch published an article on July 6 called “Ukraine: Civilian Deaths from Cluster "
            "Munitions“, which reads:\n\n“Ukrainian forces have used cluster munitions that caused numerous deaths”.")
    rows = claims_in(text, {"Human Rights Watch": "human-rights-watch", "Ukraine": "ukraine"})
    assert summary(rows) == [("direct", "human-rights-watch", "reads",
                              "Ukrainian forces have used cluster munitions that caused numerous deaths")]


def test_document_speaks_for_its_publisher():
    text = ("Also, last March the UN had already published a report on the subject:\n\n"
            "“The Commission has found instances where Ukrainian armed forces likely used cluster munitions”, "
            "the report reads.")
    rows = claims_in(text, {"UN": "united-nations"})
    assert summary(rows) == [("direct", "united-nations", "reads",
                              "The Commission has found instances where Ukrainian armed forces likely used cluster munitions")]


# ------------------------------------------------------------- indirect and mixed

def test_noun_phrase_object_and_participle_share_the_subject():
    text = ("White House national security spokesperson John Kirby also confirmed the controversial weapon’s use, "
            "stressing that Ukrainian forces are “using them appropriately.”")
    rows = claims_in(text, {"White House": "white-house", "John Kirby": "john-kirby"})
    assert summary(rows) == [
        ("indirect", "john-kirby", "confirmed", "the controversial weapon’s use"),
        ("mixed", "john-kirby", "stressing", "Ukrainian forces are “using them appropriately.”"),
    ]


def test_reported_clause_with_quoted_word_is_one_mixed_claim():
    text = "Kirby said he would “guess” the Ukrainians began using the cluster munitions in the last week or so."
    assert summary(claims_in(text, {"Kirby": "john-kirby"})) == [
        ("mixed", "john-kirby", "said", "he would “guess” the Ukrainians began using the cluster munitions in the last week or so")]


def test_generic_officials_and_participle_subject():
    text = ("Administration officials have defended the decision to send cluster munitions to Kyiv, arguing the "
            "weapons could be a “game changer” as Ukraine’s military attempts a major counteroffensive.")
    rows = claims_in(text, {"Kyiv": "ukraine"})
    assert summary(rows) == [("mixed", "united-states", "arguing",
                              "the weapons could be a “game changer” as Ukraine’s military attempts a major counteroffensive")]
    assert rows[0].speaker_text == "Administration officials"


def test_relative_pronoun_speaker_and_skipped_time_adverbial():
    text = ("But the decision has drawn threats from Russian President Vladimir Putin, who on Sunday, warned his forces "
            "would retaliate against Ukraine if the weapons “are used against us.”")
    rows = claims_in(text, {"Vladimir Putin": "vladimir-putin", "Ukraine": "ukraine"})
    assert summary(rows) == [("mixed", "vladimir-putin", "warned",
                              "his forces would retaliate against Ukraine if the weapons “are used against us.”")]
    assert rows[0].speaker_text == "Russian President Vladimir Putin"


def test_trailing_attribution_and_according_to():
    text = ("Ukrainian forces have begun to use U.S.-provided cluster munitions against Russia, U.S. officials "
            "confirmed Thursday.\n\nThe statement is a hypocritical one, as the Kremlin has used cluster munitions "
            "at least 24 times, according to the United Nations.")
    rows = claims_in(text, {"U.S.": "united-states", "Russia": "russia", "United Nations": "united-nations"})
    assert summary(rows) == [
        ("indirect", "united-states", "confirmed", "Ukrainian forces have begun to use U.S.-provided cluster munitions against Russia"),
        ("indirect", "united-nations", "according to", "the Kremlin has used cluster munitions at least 24 times"),
    ]


def test_leading_according_to_with_appositive_speaker():
    text = ("According to Laura Cooper, the deputy assistant secretary of defense for Russia, Ukraine and Eurasia, "
            "mentioned by CBS, these weapons would be “useful” on the battlefield.")
    rows = claims_in(text, {"Laura Cooper": "laura-cooper", "Russia": "russia", "Ukraine": "ukraine", "CBS": "cbs-news"})
    assert summary(rows) == [("mixed", "laura-cooper", "According to", "these weapons would be “useful” on the battlefield")]
    assert rows[0].speaker_text == "Laura Cooper"


def test_anonymous_sources_have_no_speaker_id():
    text = ("Anonymous sources familiar with government affairs told the outlet that the decision on this issue "
            "could be announced in July.")
    rows = claims_in(text, {})
    assert summary(rows) == [("indirect", None, "told", "the decision on this issue could be announced in July")]
    assert rows[0].speaker_text == "Anonymous sources familiar with government affairs"


def test_statement_of_two_actors_has_no_speaker_id():
    text = ("Ukrainian and US officials have said the munitions won't be used in populated areas.\n\n"
            "Putin's forces have been using the controversial weapons, Ukraine and the United Nations have said.")
    rows = claims_in(text, {"US": "united-states", "Ukraine": "ukraine", "United Nations": "united-nations"})
    assert [(r.speaker_id, r.speaker_text, r.text) for r in rows] == [
        (None, "Ukrainian and US officials", "the munitions won't be used in populated areas"),
        (None, "Ukraine and the United Nations", "Putin's forces have been using the controversial weapons"),
    ]


def test_nested_unnamed_source_keeps_the_named_outer_speaker():
    text = ('In a statement on March 30, 2022, the UN rights chief at the time, Michelle Bachelet, said credible '
            'reports indicated Russia had already used cluster munitions "at least two dozen times," just over a '
            'month after the invasion was launched.')
    rows = claims_in(text, {"UN": "united-nations", "Michelle Bachelet": "michelle-bachelet", "Russia": "russia"})
    assert summary(rows) == [("mixed", "michelle-bachelet", "said",
                              'credible reports indicated Russia had already used cluster munitions "at least two dozen times,"')]


def test_infinitive_and_coordinated_cues():
    text = ("Ukraine has pledged not to use the munitions against Russia.\n\nThe Biden administration announced "
            "July 8 it approved the cluster munitions and last week confirmed they arrived in the country.")
    rows = claims_in(text, {"Ukraine": "ukraine", "Russia": "russia", "Biden administration": "united-states"})
    assert summary(rows) == [
        ("indirect", "ukraine", "pledged", "not to use the munitions against Russia"),
        ("indirect", "united-states", "announced", "it approved the cluster munitions"),
        ("indirect", "united-states", "confirmed", "they arrived in the country"),
    ]


def test_addressee_is_not_content_and_they_refers_to_the_group():
    text = ("For example, in March, a group of pro-war Republican senators launched a campaign, urging the Biden "
            "administration to “not hesitate” to send them. At the time, they said the government should ignore "
            "“vague concerns about unfounded fears of ‘escalation'”.")
    rows = claims_in(text, {"pro-war Republican senators": "pro-war-republican-senators", "Biden": "united-states"})
    assert summary(rows) == [
        ("mixed", "pro-war-republican-senators", "urging", "to “not hesitate” to send them"),
        ("mixed", "pro-war-republican-senators", "said",
         "the government should ignore “vague concerns about unfounded fears of ‘escalation'”"),
    ]


def test_scare_quotes_and_plain_statements_are_no_claims():
    text = ("There is, however, an even bigger problem, which is the fact that not all “bomblets” detonate. "
            "Perhaps NATO’s “unity” will be really unaffected.\n\nCNN is not able to independently verify the "
            "Ukrainian claims. The UN and affiliated organizations have also published reports on the issue.")
    assert claims_in(text, {"UN": "united-nations"}) == []


# ------------------------------------------------- patterns of other outlets

def test_inverted_and_interrupted_quotes():
    text = ('"This is a difficult decision," said Kirby, the spokesman.\n\n'
            '"It is a tough call," Kirby said, "but it is the right one."')
    rows = claims_in(text, {"Kirby": "john-kirby"})
    assert summary(rows) == [("direct", "john-kirby", "said", "This is a difficult decision,"),
                             ("direct", "john-kirby", "said", "It is a tough call,"),
                             ("direct", "john-kirby", "said", "but it is the right one.")]


def test_naming_parenthetical_and_passive():
    text = ("Putin called the decision “a crime.”\n\nThe move, Kirby said, would help Ukraine.\n\n"
            "The weapons were first reported to have arrived last week.")
    rows = claims_in(text, {"Putin": "vladimir-putin", "Kirby": "john-kirby", "Ukraine": "ukraine"})
    assert summary(rows) == [("mixed", "vladimir-putin", "called", "the decision “a crime.”"),
                             ("indirect", "john-kirby", "said", "The move, Kirby said, would help Ukraine")]
    assert [r.rule for r in rows] == ["claims.naming-cue", "claims.parenthetical-cue"]


def test_pronoun_prefers_its_own_sentence_subject():
    text = "Kirby met Putin. Putin thanked Kirby for what he called a “timely” decision."
    rows = claims_in(text, {"Kirby": "john-kirby", "Putin": "vladimir-putin"})
    assert [(r.speaker_id, r.text) for r in rows] == [("vladimir-putin", "a “timely”")]


# ------------------------------------------------------------------ quotation marks

def test_quote_marks_apostrophes_and_unclosed_quotes():
    text = "Russia’s ‘special operation' is “not a war,“ he said, and they’re “right"
    quotes = [(text[q.start:q.end], q.close is not None) for q in find_quotes(text, 0, len(text))]
    assert quotes == [("special operation", True), ("not a war,", True), ("right", False)]


def test_quotations_are_looked_up_by_position():
    text = "He said “no,” then ‘maybe’ and left."
    quotations = Quotations(find_quotes(text, 0, len(text)))
    first, second = quotations.quotes
    assert [text[q.start:q.end] for q in (first, second)] == ["no,", "maybe"]
    assert quotations.covers(first.open) and quotations.covers(first.close) and not quotations.covers(first.close + 1)
    assert quotations.opening_in(0, second.open) == [first]
    assert quotations.closing_at(second.close) is second and quotations.closing_at(0) is None


def test_skip_steps_over_a_run_of_characters_up_to_a_limit():
    text = "said ,  that"
    separators = char_run(" ,")
    assert skip(text, 4, len(text), separators) == 8
    assert skip(text, 4, 6, separators) == 6
    assert skip(text, 9, 3, separators) == 9


# ---------------------------------------------------------------- properties

SOUP = st.lists(st.sampled_from(list("ab .,:;—“”‘’'\"\n") + [
    " said ", " told reporters ", "According to ", " according to ", " that ", " he ", " she ", " it ", " they ",
    " Kirby ", " officials ", " stressing ", " and ", "\n\n", " which reads:", " the report ", " who ", " Both "]),
    max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(SOUP)
def test_random_quote_soups_never_break_row_invariants(text):
    rows = claims_in(text, {"Kirby": "john-kirby"})
    for row in rows:
        assert 0 <= row.char_start < row.char_end <= len(text)
        assert row.text == text[row.char_start:row.char_end] and row.text.strip()
        assert row.kind in ("direct", "indirect", "mixed")
        assert row.speaker_id in ACTORS or row.speaker_id is None
        assert row.rule.startswith("claims.")
    assert [r.char_start for r in rows] == sorted(r.char_start for r in rows)
    assert len({(r.char_start, r.char_end) for r in rows}) == len(rows)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_unicode_never_crashes(text):
    for row in claims_in(text, {}):
        assert row.text == text[row.char_start:row.char_end]


# ------------------------------------------------------------------ speakers beyond the registry

def test_conceded_and_asked_are_cues_asked_only_with_plain_content():
    text = ("Vaitkute conceded that the decision was difficult.\n\n“Why now?” asked Vaitkute.\n\n"
            "Vaitkute asked Congress to approve the aid. When asked about it, Vaitkute left.\n\n"
            "“Are they safe?” Vaitkute asked reporters.")
    assert summary(claims_in(text, {"Vaitkute": "ona-vaitkute"})) == [
        ("indirect", "ona-vaitkute", "conceded", "the decision was difficult"),
        ("direct", "ona-vaitkute", "asked", "Why now?"),
        ("direct", "ona-vaitkute", "asked", "Are they safe?")]


def test_a_negated_cue_reports_nothing():
    text = ("Singh told reporters that the administration had not explained how the shells would be tracked.\n\n"
            "Kirby has never said the shells were safe. Putin didn’t say when.")
    assert summary(claims_in(text, {"Singh": "sabrina-singh", "Kirby": "john-kirby", "Putin": "vladimir-putin"})) == [
        ("indirect", "sabrina-singh", "told reporters",
         "the administration had not explained how the shells would be tracked")]


def test_a_quote_ending_in_a_question_mark_keeps_its_named_speaker():
    """The sentence splitter cuts after “...?”; a tail "Kirby said to reporters." still attributes the quote."""
    text = ("“Are they safe?” Kirby said to reporters.\n\n“Why now?” Singh asked. “We waited a year!”\n\n"
            "The briefing went on.\n\n“Why?” Kirby said the shells were safe.")
    assert summary(claims_in(text, {"Kirby": "john-kirby", "Singh": "sabrina-singh"})) == [
        ("direct", "john-kirby", "said", "Are they safe?"),
        ("direct", "sabrina-singh", "asked", "Why now?"),
        ("direct", "sabrina-singh", None, "We waited a year!"),
        ("indirect", "john-kirby", "said", "the shells were safe")]


def test_told_an_outlet_by_phone_is_a_tail_not_content():
    text = "“It was a mistake,” Singh told CBS News by phone.\n\nSingh told CBS News by phone that it was over."
    assert summary(claims_in(text, {"Singh": "sabrina-singh", "CBS News": "cbs-news"})) == [
        ("direct", "sabrina-singh", "told", "It was a mistake,"),
        ("indirect", "sabrina-singh", "told", "it was over")]


def test_interrupted_quote_of_a_minister_named_by_role_keeps_its_speaker():
    text = ("Foreign Minister Ona Vaitkute spoke in Vilnius.\n\n"
            "“We will not stop,” the minister said. “The weapons are needed now.”")
    rows = claims_in(text, {"Ona Vaitkute": "ona-vaitkute"})
    assert [(r.speaker_id, r.speaker_text, r.text) for r in rows] == [
        ("ona-vaitkute", "the minister", "We will not stop,"), ("ona-vaitkute", None, "The weapons are needed now.")]


def test_common_noun_speakers_next_to_a_quotation_have_no_speaker_id():
    text = ("Foreign Minister Ona Vaitkute spoke in Vilnius.\n\n“It is a circus,” the clown said.\n\n"
            "“We have no comment,” the official said.\n\n“Go home,” said a local farmer.\n\n"
            "The clown said nothing.")  # no quotation: no claim of a common noun
    rows = claims_in(text, {"Ona Vaitkute": "ona-vaitkute"})
    assert [(r.speaker_id, r.speaker_text, r.text) for r in rows] == [
        (None, "the clown", "It is a circus,"), (None, "the official", "We have no comment,"),
        (None, "a local farmer", "Go home,")]


def test_unregistered_speakers_become_actors_and_keep_their_quotes():
    """End to end (mentions found by the rules, not by hand): every named speaker gets an actor."""
    from cmclaims.extract.actors.mentions import find_mentions
    from cmclaims.extract.actors.registry import load_registry

    text = ("The company issued a statement. Its spokeswoman, Maria Lopez, said the firm had no part in it.\n\n"
            "“We sold nothing,” Lopez said. “Nothing at all.”\n\n"
            "Jane Roe, a county sheriff's detective, said the devices were old. “I saw them,” she said.\n\n"
            "Mr. Dupont told Kyiv Post by phone that France would not follow.")
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    registry = load_registry()
    mentions, found = find_mentions(text, spans, registry)
    rows = find_claims(text, spans, mentions, registry.with_discovered(found))
    assert [(r.speaker_id, r.cue) for r in rows] == [
        ("maria-lopez", "said"), ("maria-lopez", "said"), ("maria-lopez", None), ("jane-roe", "said"),
        ("jane-roe", "said"), ("dupont", "told")]
    assert {r.actor_id: r.rule for r in found} == {
        "maria-lopez": "actors.name-after-role", "jane-roe": "actors.name-with-apposition",
        "dupont": "actors.surname-with-title"}


# ------------------------------------------------------------------ scaling (issue 15, part 9)

_REPEATED = "Kirby said the weapons would help, “It will work,” Singh said — and Putin said that it would not, "


def _extraction_seconds(size: int) -> float:
    """CPU seconds (best of two) to find the mentions and claims of one sentence of ``size`` characters."""
    from cmclaims.extract.actors.mentions import find_mentions
    from cmclaims.extract.actors.registry import load_registry

    text = (_REPEATED * (size // len(_REPEATED) + 1))[:size].rstrip(", ") + "."
    registry = load_registry()
    best = float("inf")
    for _ in range(2):
        began = time.process_time()
        mentions, found = find_mentions(text, [(0, len(text))], registry)
        rows = find_claims(text, [(0, len(text))], mentions, registry.with_discovered(found))
        best = min(best, time.process_time() - began)
    assert len(rows) >= size // len(_REPEATED)  # every repetition is read
    return best


def test_a_long_sentence_of_repeated_attributions_takes_time_linear_in_its_length():
    """Eight times the text may take about eight times as long, not 64 (a quadratic step: a scan from the
    sentence's start per cue, a list copied per claim). A ratio, loosely bounded, not a wall-clock limit."""
    _extraction_seconds(4_000)  # warm the lexicon caches
    small, large = _extraction_seconds(24_000), _extraction_seconds(192_000)
    assert large / small < 24, (small, large)


# ------------------------------------------------------------------ the development benchmark

def test_the_quotation_benchmark_annotation_points_at_its_texts():
    """tests/dev/quotes: every annotated span is its raw text's slice, every speaker and mention an annotated actor."""
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "dev" / "quotes"
    gold = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    texts = {p.stem: p.read_bytes().decode("utf-8") for p in (folder / "raw").glob("*.txt")}
    actors = {a["actor_id"] for a in gold["actors"]}
    assert {s["source_id"] for s in gold["sources"]} == set(texts)
    for row in gold["claims"] + gold["actor_mentions"]:
        assert texts[row["source_id"]][row["char_start"]:row["char_end"]] == row["text"]
        assert row.get("speaker_id") in actors | {None} and row.get("actor_id", "x") in actors | {"x"}
    assert sum(row["kind"] == "direct" for row in gold["claims"]) >= 25


def test_indefinite_common_noun_speakers_open_a_sentence():
    """"A company engineer said ...": an indefinite noun phrase before a speech cue is a speaker (speaker_id null),
    also with a relative aside whose "asked" is no cue; a definite thing ("The decision") still is not."""
    text = ("A company engineer, who asked not to be named, said the inquiry had surprised staff.\n\n"
            "A resident said the shelling lasted all night.\n\nThe decision said nothing about stocks.")
    assert summary(claims_in(text, {})) == [
        ("indirect", None, "said", "the inquiry had surprised staff"),
        ("indirect", None, "said", "the shelling lasted all night")]


def test_inverted_speaker_crosses_a_title_abbreviation_and_stops_at_a_relative_clause():
    text = ("“We did not expect it,” said lead author Dr. Ingrid Weiss. “It surprised us.”\n\n"
            "“It is careful work,” said a hydrologist who was not involved in the study.")
    rows = claims_in(text, {"Ingrid Weiss": "ona-vaitkute"})
    assert [(r.speaker_id, r.speaker_text, r.text) for r in rows] == [
        ("ona-vaitkute", "lead author Dr. Ingrid Weiss", "We did not expect it,"),
        ("ona-vaitkute", None, "It surprised us."),
        (None, "a hydrologist", "It is careful work,")]


def test_addressee_or_channel_before_a_quotation_is_not_content():
    """"he told Radio Sport Nord, “...”" and "wrote on social media: “...”": the claim is the quotation, direct."""
    text = ("“We gave everything,” Kirby told Radio Sport Nord, “but it was not enough.”\n\n"
            "Singh wrote on social media: “The coach has my full support.”")
    assert summary(claims_in(text, {"Kirby": "john-kirby", "Singh": "sabrina-singh"})) == [
        ("direct", "john-kirby", "told", "We gave everything,"),
        ("direct", "john-kirby", "told", "but it was not enough."),
        ("direct", "sabrina-singh", "wrote", "The coach has my full support.")]


def test_pronoun_after_an_opening_adverbial_and_inner_marks_of_the_outer_shape():
    """"In a blog post he wrote: "... "war crimes" ..."": the pronoun is the subject, and the quotation whose inner
    marks look like its outer ones is one direct claim; inner single marks keep it whole too."""
    text = ('Kirby spoke first.\n\nIn a blog post he wrote: "Your concerns about "war crimes" would be more '
            'credible."\n\nIn a tweet he wrote: “Privacy is ‘built in’, and we stand by that.”')
    assert summary(claims_in(text, {"Kirby": "john-kirby"})) == [
        ("direct", "john-kirby", "wrote", 'Your concerns about "war crimes" would be more credible.'),
        ("direct", "john-kirby", "wrote", "Privacy is ‘built in’, and we stand by that.")]
    # two quotations joined by "and" after a colon are no quotation with inner marks: one mixed claim
    assert summary(claims_in('Kirby wrote: "We acted" and "we would again."', {"Kirby": "john-kirby"})) == [
        ("mixed", "john-kirby", "wrote", '"We acted" and "we would again."')]
