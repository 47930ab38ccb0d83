"""Where cmclaims' figures extractor is right and quantulum3 is wrong.

Hand-checked sentences of the seed articles. quantulum3 is an optional tool
(``python -m pip install quantulum3``); without it these tests are skipped.
The full side-by-side table comes from ``scripts/compare_quantulum.py``.
"""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():  # quantulum3 warns that its optional classifier is missing
    warnings.simplefilter("ignore")
    parser = pytest.importorskip("quantulum3.parser")

from cmclaims.extract.figures import find_figures  # noqa: E402


def ours(text: str) -> list[tuple[str, float, str, str]]:
    return [
        (text[f["char_start"] : f["char_end"]], f["value"], f["qualifier"], f["unit"])
        for f in find_figures(text, [(0, len(text))])
    ]


def theirs(text: str) -> list[tuple[str, float]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(q.surface, float(q.value)) for q in parser.parse(text)]


def test_two_dozen_is_24():
    text = 'Russia had already used cluster munitions in populated areas of Ukraine "at least two dozen times,"'
    assert ours(text) == [("at least two dozen times", 24, "at_least", "time")]
    assert 24 not in [value for _, value in theirs(text)]  # quantulum3 reads 2 "dozen count"


def test_more_than_100_nations_keeps_its_qualifier_and_counted_noun():
    text = "The highly controversial weapons are outlawed by more than 100 nations because of the risk."
    assert ours(text) == [("more than 100 nations", 100, "more_than", "country")]
    assert theirs(text) == [("100", 100)]  # neither "more than" nor "nations"


def test_hundreds_of_is_a_figure():
    text = "Explosions from the devices disperse hundreds of detonating projectiles over a larger area."
    assert ours(text) == [("hundreds of detonating projectiles", 100, "more_than", "projectile")]
    assert theirs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Biden administration announced July 8 it approved the cluster munitions.",
        "In a statement on March 27, 2022, the Prosecutor General's Office said so.",
        "On 9 May 2022, an attack struck a residential area.",
        "These weapons are banned by a 2008 UN convention.",
    ],
)
def test_dates_and_years_are_not_figures(text):
    assert ours(text) == []
    assert theirs(text) != []  # quantulum3 reads the day or the year as a number


def test_a_rate_is_one_percent_figure_and_nothing_else():
    text = "The Pentagon says the rounds have a dud rate of 2.35%."
    assert ours(text) == [("2.35%", 2.35, "exact", "percent")]
    assert len(theirs(text)) > 1  # quantulum3 also reads "a dud" as 1 of a unit
