"""Actor registry and actor mentions: one small, hand-checked example per rule.

Most examples are sentences of the four seed articles (see raw/); the
discovery examples use names the registry does not hold.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims.extract.actors.cues import demonym_country, load_cues
from cmclaims.extract.actors.mentions import (
    SPECIFICITY,
    find_mentions,
    most_specific,
    resolve_description,
)
from cmclaims.extract.actors.registry import load_registry
from cmclaims.ids import slugify

KINDS = {"person", "organization", "government", "country", "media", "group"}


def mentions_in(text: str) -> list[tuple[str, str]]:
    """(text, actor_id) of each mention, the whole text being one body span."""
    mentions, _ = find_mentions(text, [(0, len(text))], load_registry())
    return [(text[m.char_start:m.char_end], m.actor_id) for m in mentions]


def discovered_in(text: str) -> dict[str, dict]:
    _, discovered = find_mentions(text, [(0, len(text))], load_registry())
    return {record.actor_id: record for record in discovered}


# ---------------------------------------------------------------- the registry

def test_registry_records_are_well_formed():
    registry = load_registry()
    for actor_id, record in registry.records.items():
        assert actor_id == slugify(record["name"]), actor_id
        assert record["kind"] in KINDS
        assert record["affiliation_id"] is None or record["affiliation_id"] in registry.records
        assert record["wikidata_id"] is None or re.fullmatch(r"Q[0-9]+", record["wikidata_id"])
        assert record["aliases"], actor_id


def test_no_surface_form_names_two_actors():
    registry = load_registry()
    assert registry.actor_for_name("Kiev") == registry.actor_for_name("Kyiv") == "ukraine"
    assert registry.actor_for_name("Russian embassy") == "russian-embassy-in-the-united-states"
    assert registry.actor_for_name("Pentagon") == "us-department-of-defense"


def test_country_of_follows_affiliations():
    registry = load_registry()
    assert registry.country_of("sabrina-singh") == "united-states"  # via the Department of Defense
    assert registry.country_of("vladimir-putin") == "russia"
    assert registry.country_of("human-rights-watch") is None


def test_load_registry_is_cached():
    assert load_registry() is load_registry()


# ---------------------------------------------------------------- registry aliases

def test_names_and_modifiers_are_mentions():
    text = ("Ukrainian forces have begun to use U.S.-provided cluster munitions on the battlefield against "
            "Russia, U.S. officials confirmed Thursday.")
    assert mentions_in(text) == [("Ukrainian forces", "armed-forces-of-ukraine"), ("U.S.", "united-states"),
                                 ("Russia", "russia"), ("U.S.", "united-states")]


def test_body_as_modifier_and_the_dropped():
    text = ("“I believe they have started using them,” Pentagon deputy press secretary Sabrina Singh told "
            "reporters at the Pentagon.")
    assert mentions_in(text) == [("Pentagon", "us-department-of-defense"), ("Sabrina Singh", "sabrina-singh"),
                                 ("Pentagon", "us-department-of-defense")]


def test_outlet_keeps_its_the_and_short_form_refers_back():
    text = ("The Washington Post first reported that Ukraine’s military had begun to use the weapons. "
            "The Post also reported Kyiv intends to use the munitions near the Russian-held town of Bakhmut.")
    assert mentions_in(text) == [("The Washington Post", "the-washington-post"),
                                 ("Ukraine’s military", "armed-forces-of-ukraine"),
                                 ("The Post", "the-washington-post"), ("Kyiv", "ukraine")]


def test_short_form_without_antecedent_takes_the_curated_default():
    text = "“The Commission has found instances where Ukrainian armed forces likely used cluster munitions"
    assert mentions_in(text) == [("Commission", "independent-international-commission-of-inquiry-on-ukraine"),
                                 ("Ukrainian armed forces", "armed-forces-of-ukraine")]


def test_possessive_forces_of_a_person_are_one_mention():
    text = "Russian President Vladimir Putin's forces have been using the controversial weapons"
    assert mentions_in(text) == [("Vladimir Putin's forces", "russian-armed-forces")]


def test_country_before_its_body_is_one_mention():
    assert mentions_in("Ukraine's Prosecutor General's Office has launched a number of investigations") == [
        ("Ukraine's Prosecutor General's Office", "prosecutor-generals-office-of-ukraine")]
    assert mentions_in("On Friday, the U.S. Department of Defense (Pentagon) announced that") == [
        ("U.S. Department of Defense", "us-department-of-defense"), ("Pentagon", "us-department-of-defense")]
    assert mentions_in("pro-war politicians within the US Congress have been pressing the Biden government") == [
        ("US Congress", "us-congress"), ("Biden government", "united-states")]


def test_embassy_in_a_country_is_one_mention():
    text = "The Russian embassy in the United States stated in comments published late Sunday that the White House"
    assert mentions_in(text) == [("Russian embassy in the United States", "russian-embassy-in-the-united-states"),
                                 ("White House", "white-house")]


def test_modifier_prefix_of_names_is_kept_apart():
    text = "In a report the UN-partnered Cluster Munition Monitor civil society group said the UN rights chief agreed"
    assert mentions_in(text) == [("UN", "united-nations"), ("Cluster Munition Monitor", "cluster-munition-monitor"),
                                 ("UN", "united-nations")]


def test_regional_administration_pattern():
    text = "the Zaporizhzhia regional military administration said Russian forces attacked"
    assert mentions_in(text) == [
        ("Zaporizhzhia regional military administration", "zaporizhzhia-regional-military-administration"),
        ("Russian forces", "russian-armed-forces")]
    discovered = discovered_in("the Kharkiv regional military administration said")
    assert discovered["kharkiv-regional-military-administration"].kind == "government"


# ---------------------------------------------------------------- demonyms

def test_plain_demonyms_are_not_mentions():
    assert mentions_in("Ukrainian and US officials have said") == [("US", "united-states")]
    assert mentions_in("taken by American authorities against well-fortified Russian positions") == []


def test_demonym_government_and_collective_name_the_country():
    assert mentions_in("The Ukrainian government has every incentive") == [("Ukrainian government", "ukraine")]
    assert mentions_in("The use of cluster munitions by the Russians is unacceptable") == [("Russians", "russia")]
    assert mentions_in("Russians living abroad") == []  # no "the": people, not the state


def test_military_as_adjective_names_no_forces():
    assert mentions_in("US military aid arrived, and the U.S. military said so") == [
        ("US", "united-states"), ("U.S. military", "us-armed-forces")]


def test_forces_of_an_uncurated_country_are_discovered():
    mentions = mentions_in("German troops and New Zealand's military")
    assert mentions == [("German troops", "german-armed-forces"),
                        ("New Zealand's military", "new-zealand-armed-forces")]
    assert discovered_in("German troops")["german-armed-forces"].affiliation_id == "germany"


def test_names_that_are_not_actors():
    assert mentions_in("on the Telegram app, neither signed the Convention on Cluster Munitions") == []
    assert mentions_in("leaders in Latin America said") == []


# ---------------------------------------------------------------- discovery

def test_name_with_apposition_and_later_surname():
    text = "\"It is a disgrace,\" said Brian Castner, a weapons expert at Amnesty International. Castner added more."
    assert mentions_in(text) == [("Brian Castner", "brian-castner"), ("Amnesty International", "amnesty-international"),
                                 ("Castner", "brian-castner")]
    record = discovered_in(text)["brian-castner"]
    assert (record.kind, record.curated, record.affiliation_id) == ("person", False, "amnesty-international")
    assert record.role == "weapons expert at Amnesty International"


def test_name_with_title_and_demonym():
    record = discovered_in("Ukrainian Deputy Defense Minister Hanna Maliar said they arrived.")["hanna-maliar"]
    assert (record.role, record.affiliation_id, record.rule) == (
        "Deputy Defense Minister", "ukraine", "actors.name-with-title")


def test_name_with_role_word_and_affiliated_body():
    record = discovered_in("Pentagon press secretary Brig. Gen. Patrick Doe told reporters.")["patrick-doe"]
    assert (record.role, record.affiliation_id) == ("press secretary Brig. Gen.", "us-department-of-defense")


def test_name_after_an_outlet_possessive():
    record = discovered_in("Speaking to CNN's Jake Tapper, Sullivan defended the move.")["jake-tapper"]
    assert (record.rule, record.affiliation_id) == ("actors.name-with-affiliation", "cnn")


def test_organisation_names_absorb_a_leading_city():
    text = "The Kyiv School of Economics (KSE) estimated the damage; KSE said more."
    assert mentions_in(text) == [("Kyiv School of Economics", "kyiv-school-of-economics"),
                                 ("KSE", "kyiv-school-of-economics"), ("KSE", "kyiv-school-of-economics")]
    assert discovered_in(text)["kyiv-school-of-economics"].kind == "organization"


def test_discovery_does_not_overgenerate():
    text = ("Reports from outside organizations: Cluster munitions have also been used in the Kryvyi Rih district. "
            "On Thursday, Explosive Ordnance Disposal teams met. In March, the Foreign Ministry said nothing.")
    assert mentions_in(text) == []


def test_an_ambiguous_surname_is_no_mention():
    text = "Sen. Tim Doe and Rep. Adam Doe spoke. Doe said more."
    assert [t for t, _ in mentions_in(text)] == ["Tim Doe", "Adam Doe"]


def test_name_after_a_role_and_a_comma():
    text = "The company issued a statement. Its spokeswoman, Maria Lopez, said the firm had no part in it."
    record = discovered_in(text)["maria-lopez"]
    assert (record.rule, record.role, record.affiliation_id) == ("actors.name-after-role", "spokeswoman", None)
    record = discovered_in("Lithuania's foreign minister, Ona Vaitkute, said so.")["ona-vaitkute"]
    assert (record.role, record.affiliation_id) == ("Lithuania's foreign minister", "lithuania")
    # the apposition must close (a comma or a speech verb): a list of guests names nobody's role
    assert discovered_in("We met the minister, Ona Vaitkute and Petras Jonaitis in Vilnius.") == {}


def test_titles_and_roles_of_the_name_parser_mark_names():
    record = discovered_in("Judge Anna Weiss ruled on Monday.")["anna-weiss"]
    assert (record.rule, record.role) == ("actors.name-with-title", "Judge")
    text = "Jane Roe, a county sheriff's detective, said the devices were old."
    assert discovered_in(text)["jane-roe"].role == "county sheriff's detective"
    # words of the parser's list that name no person are left out: no person "Free Europe"
    assert discovered_in("Radio Free Europe reported it. National Guard units said little.") == {}


def test_titled_surname_is_a_speaker_or_joins_the_full_name():
    assert mentions_in("Mr. Dupont told reporters he disagreed.") == [("Dupont", "dupont")]
    record = discovered_in("Mr. Dupont told reporters he disagreed.")["dupont"]
    assert (record.kind, record.rule, record.role) == ("person", "actors.surname-with-title", "Mr.")
    text = "Jean Dupont, a French diplomat, arrived. Later Mr. Dupont said no. Dupont left."
    assert mentions_in(text) == [("Jean Dupont", "jean-dupont"), ("Dupont", "jean-dupont"), ("Dupont", "jean-dupont")]
    assert mentions_in("Mr. Dupont arrived at noon.") == []  # no speech, no name
    assert mentions_in("National Guard said no.") == []  # a body's head is no surname


def test_family_names_keep_their_particles():
    text = ("Commission President Ursula von der Leyen said the bloc was divided. \"We must act,\" von der Leyen said. "
            "Foreign Minister Jean-Yves Le Drian said no. Le Drian added more.")
    assert [(t, a) for t, a in mentions_in(text) if a != "european-commission"] == [
        ("Ursula von der Leyen", "ursula-von-der-leyen"), ("von der Leyen", "ursula-von-der-leyen"),
        ("Jean-Yves Le Drian", "jean-yves-le-drian"), ("Le Drian", "jean-yves-le-drian")]


def test_a_name_without_a_cue_is_found_when_its_family_name_speaks_later():
    text = "Olena Bondar has cleared mines since the first winter. Bondar told reporters it begins then."
    assert mentions_in(text) == [("Olena Bondar", "olena-bondar"), ("Bondar", "olena-bondar")]
    assert discovered_in(text)["olena-bondar"].rule == "actors.name-with-later-speech"
    # the family name never speaks: no name ("Baltic Sea" and the like stay unnamed)
    assert mentions_in("Olena Bondar has cleared mines. Bondar left early.") == []


def test_titled_surname_with_an_apposition_before_its_verb():
    text = "Mr. Okafor, the company's lawyer, told reporters that his client would appeal."
    assert mentions_in(text) == [("Okafor", "okafor")]
    assert mentions_in("Mr. Okafor, the company's lawyer, left early.") == []


def test_an_outlet_told_something_with_the_and_a_channel():
    text = "Her spokesman told the Baltic Courier by phone that she had left."
    assert [(t, a) for t, a in mentions_in(text)] == [("Baltic Courier", "baltic-courier")]
    assert discovered_in(text)["baltic-courier"].kind == "media"
    assert mentions_in("She told the Baltic states nothing new.") == []


def test_a_person_of_a_body_is_split_from_it():
    text = "\"It could backfire,\" said Marta Kowalczyk of the Warsaw Institute. Kowalczyk left."
    assert mentions_in(text) == [("Marta Kowalczyk", "marta-kowalczyk"), ("Warsaw Institute", "warsaw-institute"),
                                 ("Kowalczyk", "marta-kowalczyk")]
    record = discovered_in(text)["marta-kowalczyk"]
    assert (record.rule, record.affiliation_id) == ("actors.name-with-affiliation", "warsaw-institute")
    # a body whose name has "of" in it stays whole
    assert mentions_in("The Kyiv School of Economics estimated it.") == [
        ("Kyiv School of Economics", "kyiv-school-of-economics")]


def test_a_first_name_alone_with_a_speech_verb_and_a_role():
    text = ("A neighbour, who gave only his first name, Petro, said they left. "
            "\"We need help,\" said Serhii, a volunteer.")
    assert mentions_in(text) == [("Petro", "petro"), ("Serhii", "serhii")]
    assert discovered_in(text)["serhii"].rule == "actors.first-name"
    # "A resident, Iryna, said": an indefinite role, then the first name between commas, then the speech verb
    assert mentions_in("A resident, Iryna, said she hid in a basement.") == [("Iryna", "iryna")]
    assert mentions_in("The resident, Iryna, left.") == []  # no speech verb after the name


def test_particle_surnames_and_particles_after_a_body_head():
    """"Van Dam" opening a sentence is "Pieter van Dam" named before; "Journal du Rhône" is one outlet's name."""
    text = 'Finance Minister Pieter van Dam spoke. Asked again, Van Dam replied: "No." Later van Dam left.'
    assert mentions_in(text) == [("Pieter van Dam", "pieter-van-dam"), ("Van Dam", "pieter-van-dam"),
                                 ("van Dam", "pieter-van-dam")]
    assert mentions_in("Nadia Benali told Le Journal du Rhône that she would appeal.") == [
        ("Nadia Benali", "nadia-benali"), ("Le Journal du Rhône", "le-journal-du-rhone")]
    assert mentions_in("The Journal du jour said nothing.") == []  # a lower-case word after "du" ends the name
    # a capitalised word after "said" with an apposition that is no role names nobody
    assert mentions_in("Officials said Tuesday, a day after the strike, that it was over.") == []


# ---------------------------------------------------------------- helpers for speakers

def test_most_specific_prefers_people_then_bodies_then_countries():
    registry = load_registry()
    assert most_specific(["us-department-of-defense", "sabrina-singh"], registry) == "sabrina-singh"
    assert most_specific(["united-states", "us-department-of-defense"], registry) == "us-department-of-defense"
    assert most_specific(["no-such-actor"], registry) is None
    assert SPECIFICITY[0] == "person" and SPECIFICITY[-1] == "country"


def test_resolve_description_refers_back_by_head_noun():
    text = ("Ukraine's Prosecutor General's Office has launched investigations. Russian forces used cluster bombs, "
            "the prosecutor's office said, and CNN reported it.")
    registry = load_registry()
    mentions, _ = find_mentions(text, [(0, len(text))], registry)
    before_office = [m for m in mentions if m.char_start < text.index("the prosecutor")]
    office = resolve_description("the prosecutor's office", before_office, registry)
    assert office == "prosecutor-generals-office-of-ukraine"
    assert resolve_description("the outlet", mentions, registry) == "cnn"
    assert resolve_description("the weather", mentions, registry) is None


def test_demonym_country():
    assert demonym_country("Ukrainian") == "ukraine"
    assert demonym_country("Russians") == "russia"
    assert demonym_country("Martian") is None


def test_cues_are_consistent_with_the_registry():
    registry, cues = load_registry(), load_cues()
    countries = {*cues.demonyms.values(), *cues.collective_demonyms.values(), *cues.body_name_prefix}
    assert countries <= {a for a, r in registry.records.items() if r["kind"] == "country"}
    assert {v for v in cues.short_forms.values() if v} <= set(registry.records)


# ---------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "Ukraine", "Ukraine's", "Ukraine’s", "Ukrainian", "Ukrainians", "the", "The", "Russian", "forces", "military",
    "aid", "US", "U.S.", "U.S.-", "UN-", "Post", "Commission", "Kiev", "Putin's", "Vladimir", "Putin", "said",
    "President", "Jane", "Doe", "Minister", ",", ".", "a", "spokesperson", "Institute", "for", "of", "War", "(", ")",
    "ISW", "’", "'", "\u00a0", "\n", "“", "”", "regional", "military", "administration", "Kharkiv", "embassy",
    "in", "United", "States", "government", "Congress", "Latin", "America", "ı", "ẞ", "K",
    "UNITED", "NATIONS", "KYIV", "(AP)", "—", "--", "/TASS/.", "July 7", "Defense", "Ministry", "Security", "Council",
    "House", "Senate", "Rules", "Committee", "on", "magazine", "newspaper", "broadcaster", "ZDF", "told", "interview",
    "US$", "Foreign", "Policy", "The Messenger", "Russia's",
])
_SOUPS = st.one_of(st.lists(_PIECES, max_size=40).map(" ".join), st.text(max_size=200))


@settings(max_examples=300, deadline=None)
@given(text=_SOUPS, cut=st.integers(min_value=0, max_value=400))
def test_mentions_are_valid_spans_on_any_text(text, cut):
    spans = [(0, min(cut, len(text))), (min(cut, len(text)), len(text))]
    spans = [(a, b) for a, b in spans if a < b]
    registry = load_registry()
    mentions, discovered = find_mentions(text, spans, registry)
    known = set(registry.records) | {record.actor_id for record in discovered}
    previous_end = -1
    for m in mentions:
        assert any(a <= m.char_start < m.char_end <= b for a, b in spans)
        assert m.char_start >= previous_end  # sorted, never overlapping
        previous_end = m.char_end
        assert m.actor_id in known and m.rule.startswith("actors.")
    for record in discovered:
        assert record.actor_id not in registry.records and not record.curated
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record.actor_id)


@pytest.mark.parametrize("source_id", ["000_53a5316160c5d233", "002_bcc9e18a53849bc3",
                                       "003_b2133e815e3632d7", "004_c40e71ffe9f41323"])
def test_seed_articles_yield_only_body_mentions(raw_texts, source_id):
    from cmclaims.text.layout import body_spans

    text = raw_texts[source_id]
    spans = body_spans(text)
    mentions, _ = find_mentions(text, spans, load_registry())
    assert mentions
    assert all(any(a <= m.char_start < m.char_end <= b for a, b in spans) for m in mentions)


# ---------------------------------------------------------------- names inside longer names, committees

def test_a_country_before_a_generic_body_name_is_that_countrys_body():
    text = "Russia's Security Council met after the UN Security Council vote; the Russian Security Council agreed."
    assert mentions_in(text) == [("Russia's Security Council", "security-council-of-russia"),
                                 ("UN Security Council", "united-nations-security-council"),
                                 ("Russian Security Council", "security-council-of-russia")]
    assert mentions_in("The French Senate voted.") == [("French Senate", "french-senate")]
    assert discovered_in("The French Senate voted.")["french-senate"].affiliation_id == "france"


def test_a_generic_body_name_used_as_a_modifier_stays_the_registry_body():
    assert mentions_in("Russia's Security Council veto stalled the text.") == [
        ("Russia", "russia"), ("Security Council", "united-nations-security-council")]


def test_committees_of_congress_are_one_mention():
    text = ("Members of the House Rules Committee and the Senate Committee on Foreign Relations disagreed, "
            "as did the House Oversight and Accountability Committee.")
    assert mentions_in(text) == [
        ("House Rules Committee", "house-rules-committee"),
        ("Senate Committee on Foreign Relations", "senate-foreign-relations-committee"),
        ("House Oversight and Accountability Committee", "house-oversight-and-accountability-committee")]
    record = discovered_in(text)["house-oversight-and-accountability-committee"]
    assert (record.kind, record.affiliation_id) == ("government", "us-house-of-representatives")


def test_a_committee_name_stops_before_a_title():
    text = "Senate Committee on Armed Services Chairman Jane Roe said the shells were needed."
    assert mentions_in(text)[0] == ("Senate Committee on Armed Services", "senate-armed-services-committee")


def test_a_currency_prefix_is_no_country():
    assert mentions_in("Canada approved a US$1.2 billion package and a C$40 million grant.") == [("Canada", "canada")]


# ---------------------------------------------------------------- datelines

@pytest.mark.parametrize(("text", "expected"), [
    ("UNITED NATIONS, March 3 (Xinhua) -- The United Nations warned on Friday.",
     [("Xinhua", "xinhua"), ("United Nations", "united-nations")]),
    ("KYIV, Ukraine (AP) — Ukraine received the shells.", [("AP", "associated-press"), ("Ukraine", "ukraine")]),
    ("WASHINGTON, July 2. /TASS/. The US will send more.", [("TASS", "tass"), ("US", "united-states")]),
    ("LONDON — The UK said it was opposed.", [("UK", "united-kingdom")]),
])
def test_the_place_of_a_dateline_is_no_mention_and_its_agency_is(text, expected):
    assert mentions_in(text) == expected


def test_an_acronym_before_a_dash_inside_a_sentence_is_no_dateline():
    assert mentions_in("NATO — which has 31 members — was split.") == [("NATO", "nato")]


# ---------------------------------------------------------------- bare state bodies

def test_a_bare_ministry_refers_to_the_country_whose_ministry_was_named():
    text = "Ukraine's Defense Ministry confirmed the delivery. Later the Defense Ministry gave details."
    assert mentions_in(text) == [("Ukraine's Defense Ministry", "ukrainian-ministry-of-defence"),
                                 ("Defense Ministry", "ukrainian-ministry-of-defence")]


def test_a_bare_ministry_belongs_to_the_dominant_country_if_one_is_clear():
    text = "The Kremlin said Russia would respond, Peskov said. Questions went to the Defense Ministry."
    assert mentions_in(text)[-1] == ("Defense Ministry", "russian-ministry-of-defence")


def test_a_bare_ministry_is_skipped_when_no_country_is_clear():
    assert mentions_in("Washington and Moscow traded blame. The Foreign Ministry said nothing.") == [
        ("Washington", "united-states"), ("Moscow", "russia")]
    # the US has departments, not ministries
    assert mentions_in("The Pentagon said the US would act. The Defense Ministry said nothing.")[-1][0] == "US"


# ---------------------------------------------------------------- outlets

def test_outlet_names_made_of_ordinary_words_need_their_exact_case_and_stand_alone():
    text = ("According to Foreign Policy magazine, the shells are old. The Messenger calculated the cost. "
            "Foreign policy experts and the EU Foreign Policy chief disagreed; the messenger left.")
    assert mentions_in(text) == [("Foreign Policy", "foreign-policy"), ("The Messenger", "the-messenger"),
                                 ("EU", "european-union")]


@pytest.mark.parametrize(("text", "name"), [
    ("In an interview with the regional broadcaster Jana Nord, she said so.", None),  # two words after a job noun
    ("In an interview with the regional broadcaster Radio Nord, she said so.", "Radio Nord"),  # unless a media word
    ("She told Radio Kraków by phone that it was wrong.", "Radio Kraków"),
    ("She told the Hamburger Abendblatt newspaper that it was wrong.", "Hamburger Abendblatt"),
    ("The mayor spoke to the public broadcaster LRT on Sunday.", "LRT"),
    ("He told ORF in an interview that it was wrong.", "ORF"),
    ("Speaking to NGO workers, he said it was wrong.", None),
    ("The daily Russian strikes went on.", None),
])
def test_outlets_named_by_a_media_noun_or_an_interview(text, name):
    found = [(t, a) for t, a in mentions_in(text) if getattr(discovered_in(text).get(a), "kind", None) == "media"]
    assert found == ([(name, slugify(name))] if name else [])
