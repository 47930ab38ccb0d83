"""Body detection on the raw articles: header, title, byline and trailer lines stay out."""

from __future__ import annotations

from cmclaims.text.layout import find_layout, split_paragraphs
from cmclaims.text.sentences import split_sentences
from conftest import read_raw


def test_date_header_is_outside_the_body_and_gives_the_date():
    text = read_raw("000_53a5316160c5d233")
    layout = find_layout(text)
    assert layout.published == "2023-07-20"
    assert text[layout.body_start:].startswith("Ukrainian forces have begun")
    assert text[:layout.body_end].endswith("according to the United Nations.")


def test_reporting_credit_ends_the_body_and_names_the_outlet():
    text = read_raw("002_bcc9e18a53849bc3")
    layout = find_layout(text)
    assert text[:layout.body_end].endswith("according to the monitoring group's report.")
    assert layout.outlet == "CNN"


def test_title_subtitle_and_byline_precede_the_body_and_follow_line_ends_it():
    text = read_raw("003_b2133e815e3632d7")
    layout = find_layout(text)
    assert layout.title == "US going to send cluster munitions to Kiev in new military package"
    assert layout.author == "Lucas Leiroz"
    assert text[layout.body_start:].startswith("A serious")
    assert text[:layout.body_end].endswith("is illegal and\u00a0unjustified.")
    kinds = [p.kind for p in layout.paragraphs]
    assert kinds[:3] == ["title", "subtitle", "byline"]
    assert kinds[-6:] == ["trailer"] * 6


def test_section_word_and_repeated_title_precede_the_body():
    text = read_raw("004_c40e71ffe9f41323")
    layout = find_layout(text)
    assert [p.kind for p in layout.paragraphs[:3]] == ["section", "title", "subtitle"]
    assert layout.title == "Russia Says White House Acknowledges War Crimes in Ukraine"
    assert text[layout.body_start:].startswith("The Russian embassy")
    assert text[:layout.body_end].endswith('form of war crimes by Russia in Ukraine."')


def test_photo_caption_inside_the_body_is_boilerplate():
    text = "Officials said the shipment arrived.\n\nPhoto: A rocket launcher (AP Photo)\n\nThe Pentagon said more would follow.\n"
    layout = find_layout(text)
    assert [p.kind for p in layout.paragraphs] == ["body", "boilerplate", "body"]
    assert len(layout.body_spans()) == 2


def test_paragraph_spans_keep_raw_offsets_with_crlf():
    text = "First para.\r\n\r\nSecond para.\r\n"
    spans = split_paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["First para.", "Second para."]


def test_sentences_do_not_split_after_abbreviations():
    text = "On Friday, the U.S. Department of Defense said it. Mr. Kirby agreed. “Yes,” she said."
    spans = split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == [
        "On Friday, the U.S. Department of Defense said it.",
        "Mr. Kirby agreed.",
        "“Yes,” she said.",
    ]


def test_teaser_cut_with_an_ellipsis_and_repeated_is_not_body():
    lead = "The UN is concerned about reports on the use of cluster munitions, its spokesman said."
    text = f" date 2023-07-22 {lead} “I think we have seen these reports, which are ver…\n\n{lead}\n\n“I think so,” he said.\n"
    layout = find_layout(text)
    assert text[layout.body_start:].startswith(lead + "\n")
    assert layout.paragraphs[1].kind == "subtitle"


def test_header_lines_credits_and_trailer_credits_are_furniture():
    text = (
        "UN chief opposes use of cluster munitions-Xinhua\nUN chief opposes use of cluster munitions\n"
        "Source: Xinhua\nEditor: huaxia\n2023-07-08 04:49:15\n"
        "UNITED NATIONS, July 7 (Xinhua) -- Guterres does not want the weapons used, his spokesman said.\n"
        "Author: Dave DeCamp\n"
    )
    layout = find_layout(text)
    assert layout.title == "UN chief opposes use of cluster munitions"
    assert layout.published == "2023-07-08"
    assert layout.outlet == "Xinhua"
    assert layout.author == "Dave DeCamp"
    assert [p.kind for p in layout.paragraphs] == ["title", "subtitle", "credit", "credit", "header", "body", "trailer"]


def test_opinion_headline_and_editors_note_give_genre_and_author():
    text = (
        "Opinion: Sending cluster bombs to Ukraine is a very bad idea\n\n"
        "Editor’s Note: Jane Roe (@roe) is a global affairs analyst. The views expressed are her own.\n\n"
        "For the first time, fractures are appearing in the alliance.\n\nJane Roe - CNN\n\nThe rift may last.\n"
    )
    layout = find_layout(text)
    assert (layout.genre, layout.author) == ("opinion", "Jane Roe")
    assert text[layout.body_start:].startswith("For the first time")
    assert [p.kind for p in layout.paragraphs][-2:] == ["boilerplate", "body"]


def test_a_first_sentence_that_looks_like_a_byline_is_body():
    text = "Cluster bombs arrive in Ukraine\n\nMary Wareham, a researcher at Human Rights Watch, said the weapons kill civilians.\n"
    layout = find_layout(text)
    assert layout.author is None
    assert text[layout.body_start:].startswith("Mary Wareham")


# ---------------------------------------------------------------- furniture on unseen pages

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cmclaims.extract.figures.finder import find_figures  # noqa: E402
from cmclaims.text.layout import find_date  # noqa: E402

DEV_LAYOUT = Path(__file__).resolve().parents[1] / "dev" / "layout"
UNSEEN_LAYOUT = Path(__file__).resolve().parents[1] / "dev" / "layout-unseen"


def kinds_of(text: str) -> list[tuple[str, str]]:
    layout = find_layout(text)
    return [(p.kind, text[p.start:p.end]) for p in layout.paragraphs]


def test_reader_prompt_is_furniture_and_the_outlet_asking_for_comment_names_itself():
    text = (
        "Shells reach Ukraine\n\nThe first shells arrived on Thursday, officials said.\n\n"
        "The Daily Example has contacted the Russian Foreign Ministry by email for comment.\n\n"
        "Do you have a tip on a story that The Daily Example should cover? Let us know via tips@example.org.\n"
    )
    layout = find_layout(text)
    assert layout.outlet == "The Daily Example"
    assert layout.rules["outlet"] == "rule:layout.outlet-self-reference"
    assert text[:layout.body_end].endswith("by email for comment.")
    assert kinds_of(text)[-1][0] == "boilerplate"


@pytest.mark.parametrize("text", [
    # a teaser block is furniture up to the next sentence
    "The Pentagon confirmed the transfer on Friday.\n\nEditor's Picks\n\nMap of the front line this week\n"
    "  • Unlimited access to our site\n\nAllies said they were not consulted.\n",
    # a newsletter block is furniture and the body goes on after it
    "Officials said the shells had arrived.\n\nSign up for the Morning Brief newsletter\n"
    "Get the top stories delivered to your inbox.\nBy signing up, you agree to our Privacy Policy.\n\n"
    "Russia said it would respond.\n",
])
def test_teaser_and_newsletter_blocks_are_furniture_and_the_body_goes_on_after_them(text):
    assert [kind for kind, _ in kinds_of(text)] == ["body", "boilerplate", "boilerplate", "boilerplate", "body"]


def test_related_teaser_inside_the_body_does_not_end_it():
    text = (
        "WASHINGTON (Example Wire) — Ukraine received the shells, officials said.\n\n"
        "Related: What the cluster munitions ban covers\n\n"
        "The shells release dozens of bomblets each, the Pentagon said.\n"
    )
    layout = find_layout(text)
    assert text[:layout.body_end].endswith("the Pentagon said.")
    assert [kind for kind, _ in kinds_of(text)] == ["body", "boilerplate", "body"]
    assert layout.outlet == "Example Wire"


def test_social_button_lines_are_furniture_but_a_sentence_naming_twitter_is_not():
    text = (
        "Share\n\nFacebook Twitter Email Copy link\n\n"
        "Officials said the shells had arrived.\n\nShare this article\n\n"
        "Twitter users shared the video widely.\n"
    )
    kinds = [kind for kind, _ in kinds_of(text)]
    assert kinds == ["boilerplate", "boilerplate", "body", "boilerplate", "body"]


def test_breadcrumbs_are_navigation_not_the_title_and_an_opinion_trail_gives_the_genre():
    text = "Home › Opinion › Columns\nCluster bombs will outlast the war\nBy Jane Roe\n\nThe decision was wrong.\n"
    layout = find_layout(text)
    assert layout.paragraphs[0].kind == "navigation"
    assert (layout.title, layout.author, layout.genre) == ("Cluster bombs will outlast the war", "Jane Roe", "opinion")


def test_a_title_with_one_separator_is_still_a_title():
    text = "Cluster shells arrive | World\n\nThe shells arrived on Thursday, officials said.\n"
    assert find_layout(text).title == "Cluster shells arrive | World"


@pytest.mark.parametrize("caption", [
    "A soldier loads a howitzer near Bakhmut on July 18, 2023. (AP Photo/Jane Roe)",
    "A soldier loads a howitzer near Bakhmut on July 18, 2023. Jane Roe/Example Agency",
    "A soldier loads a howitzer near Bakhmut. (Photo by Jane Roe/Getty Images)",
    "Photograph: Jane Roe/Example Agency",
])
def test_photo_captions_and_credits_are_furniture(caption):
    text = f"Officials said the shells had arrived.\n\n{caption}\n\nRussia said it would respond.\n"
    assert [kind for kind, _ in kinds_of(text)] == ["body", "boilerplate", "body"]


def test_a_caption_heading_repeated_by_its_caption_is_furniture():
    text = (
        "Officials said the shells had arrived.\n\nThe remains of a shell\n"
        "The remains of a shell lie in a field near Kherson in 2023. Jane Roe/Example Agency\n"
        "Russia said it would respond.\n"
    )
    assert [kind for kind, _ in kinds_of(text)] == ["body", "boilerplate", "boilerplate", "body"]


EXPORT = (
    "Page 1 of 2\nAllies split over cluster bombs\nThe Example Gazette\nJuly 8, 2023 Saturday\n"
    "Copyright 2023 Example Gazette Company All Rights Reserved\nSection: WORLD; Pg. A4\nLength: 431 words\n"
    "Byline: Jane Roe, Staff Writer\nBody\n\nMore than 100 countries ban the weapons, officials said.\n\n"
    "Page 2 of 2\n\nThe first shells arrived on July 13, officials said.\n\nClassification\n\n"
    "Language: ENGLISH\n\nLoad-Date: July 9, 2023\n\nEnd of Document\n"
)


def test_news_database_export_header_and_footer_are_furniture_and_give_the_metadata():
    layout = find_layout(EXPORT)
    assert EXPORT[layout.body_start:].startswith("More than 100 countries")
    assert EXPORT[:layout.body_end].endswith("arrived on July 13, officials said.")
    assert (layout.title, layout.published, layout.outlet, layout.author) == (
        "Allies split over cluster bombs", "2023-07-08", "The Example Gazette", "Jane Roe")
    assert layout.rules["outlet"] == "rule:layout.export-outlet-line"


def test_no_figure_comes_from_an_export_page_number_or_word_count():
    layout = find_layout(EXPORT)
    figures = [EXPORT[row.char_start:row.char_end] for row in find_figures(EXPORT, layout.body_spans())]
    assert figures == ["More than 100 countries"]


def test_copyright_holder_names_the_outlet_only_when_nothing_stronger_does():
    text = "The shells arrived, officials said.\n\n© 2023 Example Courier Media LLC. All rights reserved.\n"
    layout = find_layout(text)
    assert (layout.outlet, layout.rules["outlet"]) == ("Example Courier Media", "rule:layout.copyright-holder")
    stronger = "KYIV (Example Wire) — The shells arrived.\n\n© 2023 Example Holdings Inc.\n"
    assert find_layout(stronger).outlet == "Example Wire"


def test_told_names_the_outlet_only_for_a_registered_outlet():
    assert find_layout("Ukrainian officials told Newsweek the shells had arrived.\n").outlet == "Newsweek"
    assert find_layout("Austin told Congress the shells had arrived.\n").outlet is None
    both = "Officials told Reuters the shells had arrived.\n\nThe Example Post could not independently verify it.\n"
    assert find_layout(both).outlet == "The Example Post"


@pytest.mark.parametrize(("line", "expected"), [
    ("July 8, 2023 Saturday", ("2023-07-08", False)),
    ("Published July 20, 2023 at 6:42 p.m. ET", ("2023-07-20", False)),
    ("Saturday, 8 July 2023", ("2023-07-08", False)),
    ("Sept. 3, 2023, 7:15 AM", ("2023-09-03", False)),
    ("21 July 2023 • 6 min read", ("2023-07-21", False)),
    ("Updated July 14, 2023", ("2023-07-14", True)),
    ("2023-07-08", ("2023-07-08", False)),
    ("The shells arrived on July 13, 2023.", None),
    ("June 31, 2023", None),
    ("July 13", None),
])
def test_date_lines(line, expected):
    assert find_date(line) == expected


def test_an_updated_date_is_used_only_when_no_publication_date_is_stated():
    assert find_layout("Shells arrive\nUpdated July 14, 2023\n\nThe shells arrived.\n").published == "2023-07-14"
    both = "Shells arrive\nJuly 13, 2023\nUpdated July 14, 2023\n\nThe shells arrived.\n"
    assert find_layout(both).published == "2023-07-13"


@pytest.mark.parametrize(("byline", "author"), [
    ("By Jane Roe", "Jane Roe"),
    ("By Jane Roe | July 8, 2023", "Jane Roe"),
    ("By Jane Roe and John Doe", "Jane Roe and John Doe"),
    ("Words by Jane Roe", "Jane Roe"),
    ("Written by Jane Roe", "Jane Roe"),
    ("Jane Roe at Wembley Stadium", "Jane Roe"),
    ("Jane Roe in Kyiv", "Jane Roe"),
])
def test_bylines_without_a_full_stop_are_read_before_the_body(byline, author):
    text = f"Shells arrive\n{byline}\n\nThe shells arrived, officials said.\n"
    layout = find_layout(text)
    assert (layout.title, layout.author) == ("Shells arrive", author)
    assert text[layout.body_start:].startswith("The shells arrived")


def test_posted_on_line_gives_the_date_and_only_a_named_author():
    assert (find_layout("Shells arrive\nPosted on July 11, 2023 by admin\n\nThe shells arrived.\n").author
            is None)
    layout = find_layout("Shells arrive\nPosted on July 11, 2023 by Jane Roe\n\nThe shells arrived.\n")
    assert (layout.published, layout.author) == ("2023-07-11", "Jane Roe")


def test_site_navigation_lines_are_not_titles():
    text = "Skip to content\nMenu\nShells arrive in Ukraine\n\nThe shells arrived, officials said.\n"
    assert find_layout(text).title == "Shells arrive in Ukraine"


def test_a_closing_note_on_the_byline_author_is_outside_the_body():
    text = "Shells arrive\nBy Jane Roe\n\nThe decision was wrong.\n\nIt will cost lives.\n\n{}\n"
    note = text.format("Jane Roe is a former adviser.")
    assert note[:find_layout(note).body_end].endswith("It will cost lives.")
    other = text.format("John Doe is a former adviser.")
    assert other[:find_layout(other).body_end].endswith("John Doe is a former adviser.")


def test_wire_reporting_credit_ends_the_body_and_a_later_source_credit_names_the_outlet():
    text = (
        "The shells arrived, officials said.\n\nReporting by Jane Roe; Editing by John Doe\n\n"
        "This article was originally published by Example Monitor.\nSource: Example Monitor\n"
    )
    layout = find_layout(text)
    assert text[:layout.body_end].endswith("officials said.")
    assert (layout.outlet, layout.rules["outlet"]) == ("Example Monitor", "rule:layout.source-credit")


def test_city_and_country_dateline_names_the_outlet():
    text = "PHNOM PENH, Cambodia (Example Star) — Cambodia's leader urged Ukraine not to use the weapons.\n"
    assert find_layout(text).outlet == "Example Star"


_LINES = st.sampled_from([
    "Share", "Home > World > Europe", "By Jane Roe", "July 8, 2023", "Editor's Picks", "• Unlimited access",
    "Related: more", "Page 1 of 2", "Length: 431 words", "Body", "Copyright 2023 Example", "End of Document",
    "The shells arrived, officials said.", "Officials said more than 100 countries ban them.", "Shells arrive",
    "Sign up for our newsletter", "Do you have a tip? Let us know at tips@example.org.", "", " date 2023-07-01 x",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, max_size=14), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_layout_invariants_on_any_mix_of_furniture_and_prose(lines, newline):
    text = newline.join(lines) + newline
    layout = find_layout(text)
    assert 0 <= layout.body_start <= layout.body_end <= len(text)
    for start, end in layout.body_spans():
        assert layout.body_start <= start < end <= layout.body_end
        assert text[start:end] == text[start:end].strip()
    if layout.published is not None:
        assert find_date(layout.published) == (layout.published, False)


@pytest.mark.parametrize(("folder", "size"), [(DEV_LAYOUT, 10), (UNSEEN_LAYOUT, 9)])
def test_development_benchmark_bounds_and_metadata_match_its_annotation(folder, size):
    annotation = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))
    assert len(annotation["sources"]) >= size
    for gold in annotation["sources"]:
        text = (folder / "raw" / f"{gold['source_id']}.txt").read_text(encoding="utf-8")
        layout = find_layout(text)
        found = {field: getattr(layout, field) for field in ("body_start", "body_end", "title", "published",
                                                             "outlet", "author", "genre")}
        assert found == {field: gold[field] for field in found}, gold["source_id"]


def test_a_venue_line_is_a_byline_only_after_the_title():
    layout = find_layout("Biden at NATO Summit\nJane Roe at Vilnius\n\nThe summit opened on Tuesday.\n")
    assert (layout.title, layout.author) == ("Biden at NATO Summit", "Jane Roe")


def test_a_name_line_over_a_role_line_is_a_byline_but_a_name_alone_is_not():
    text = "Shells arrive\nJane Roe\nPolitical Editor\n\nThe shells arrived, officials said.\n"
    layout = find_layout(text)
    assert layout.author == "Jane Roe" and text[layout.body_start:].startswith("The shells arrived")
    assert find_layout("Shells arrive\nJane Roe\n\nThe shells arrived, officials said.\n").author is None


def test_desk_names_and_two_short_links_are_not_titles():
    assert find_layout("SPORT\nRally drivers brace for heat\n\nCrews arrived on Monday.\n").title == (
        "Rally drivers brace for heat")
    assert find_layout("Tech / Gadgets\nOrbit launches a phone\n\nOrbit unveiled it.\n").title == (
        "Orbit launches a phone")


def test_button_labels_with_counts_and_share_via_are_furniture():
    text = "Shells arrive\nComments (14)\nShare via Email\nShare 120\n\nThe shells arrived, officials said.\n"
    layout = find_layout(text)
    assert [p.kind for p in layout.paragraphs[1:4]] == ["boilerplate"] * 3
    assert text[layout.body_start:].startswith("The shells arrived")


def test_a_caption_printed_again_without_its_credit_is_furniture():
    caption = "Firefighters work at the damaged terminal on August 16, 2023."
    text = f"Strike hits port\nBy Jane Roe\n{caption} Handout/Regional Administration\n{caption}\n\nA strike hit it.\n"
    layout = find_layout(text)
    assert text[layout.body_start:] == "A strike hit it.\n"


@pytest.mark.parametrize("closing", [
    "Story continues below advertisement",
])
def test_advertisement_notes_inside_the_body_do_not_end_it(closing):
    text = f"Shells arrive\n\nThe shells arrived.\n\n{closing}\n\nThey were fired on Friday.\n"
    layout = find_layout(text)
    assert text[layout.body_start:layout.body_end] == text[layout.body_start:].rstrip()
    assert [p.kind for p in layout.paragraphs if text[p.start:p.end] == closing] == ["boilerplate"]


@pytest.mark.parametrize("note", [
    "Update 8/16/23, 8:40 a.m. ET: This article was updated with the number of workers treated.",
    "Correction\n\nAn earlier version of this article misstated the number of counts.",
    "Document LKST000020230714ej7e0001b",
])
def test_update_and_correction_notes_and_document_numbers_end_the_body(note):
    text = f"Shells arrive\n\nThe shells arrived.\n\nThey were fired on Friday.\n\n{note}\n"
    layout = find_layout(text)
    assert text[layout.body_start:layout.body_end].endswith("fired on Friday.")


def test_an_export_outlet_line_loses_its_place_qualifier_and_a_covers_note_closes_the_body():
    text = ("Jury convicts treasurer\nNorthgate Herald (Colorado)\nMarch 9, 2023 Thursday\nByline: JANE ROE\n"
            "Body\n\nA jury convicted him.\n\nJANE ROE covers courts.\n")
    layout = find_layout(text)
    assert (layout.outlet, layout.published, layout.author) == ("Northgate Herald", "2023-03-09", "JANE ROE")
    assert text[layout.body_start:layout.body_end] == "A jury convicted him."
