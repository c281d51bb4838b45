import datetime

import pytest

from sipr_core.exports.safety import FORMULA_STARTS, cell, neutralise


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_a_leading_apostrophe(start):
    assert neutralise(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_the_six_starts_are_owasps():
    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Plan v2",
        " =SUM(A1)",
        "'=already quoted",
        "a = b",
        "Share the plan (+2 schools)",
        "100%",
        "✅ مرحبا",
    ],
)
def test_other_text_is_left_exactly_as_typed(text):
    assert neutralise(text) == text


def test_an_apostrophe_is_added_once_even_to_text_that_repeats_the_start():
    assert neutralise("==1") == "'==1"
    assert neutralise("-- note") == "'-- note"


@pytest.mark.parametrize("value", [-3, 2.5, None, True, datetime.date(2026, 12, 1)])
def test_numbers_dates_and_empty_cells_are_not_text_and_stay_as_they_are(value):
    assert cell(value) == value


def test_a_cell_of_text_is_neutralised():
    assert cell("@attacker") == "'@attacker"
