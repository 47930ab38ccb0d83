"""Body detection on the raw articles: header, title, byline and trailer lines stay out."""

from __future__ import annotations

from cmclaims.layout import find_layout, split_paragraphs
from cmclaims.sentences import split_sentences
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
