"""A first vote is a participant's first choice, not the first level a slider passed (issue 16, item 3).

The old ballot was a slider that saved each position it stopped on: from "no vote" the keyboard's
right arrow saves the lowest level first, then each level up to the one meant. ``first_choice`` reads
a vote's saved changes and finds the level the first move ended on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sipr_core.movement import SLIDER_STEP_S, first_choice

LEVELS = ["beginning", "developing", "evolving", "accomplished"]
START = datetime(2026, 11, 23, 9, 0)


def at(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).isoformat()


def keyboard(target: int, start: float = 0, pause: float = 0.6) -> list[tuple[str, str | None]]:
    """Right arrow from "no vote" to the target level (0-based): one saved change per level passed."""
    return [(at(start + n * pause), LEVELS[n]) for n in range(target + 1)]


@given(st.integers(min_value=0, max_value=3), st.floats(min_value=0.05, max_value=SLIDER_STEP_S))
def test_a_keyboard_move_from_no_vote_chooses_the_level_it_stops_on(target, pause):
    assert first_choice(LEVELS, keyboard(target, pause=pause)) == LEVELS[target]


@given(st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=3))
def test_a_change_of_mind_after_a_pause_keeps_the_first_choice(first, second):
    steps = keyboard(first) + keyboard(second, start=120)[-1:]
    assert first_choice(LEVELS, steps) == LEVELS[first]


def test_a_tap_is_a_choice_even_next_to_the_level_before_when_it_comes_later():
    taps = [(at(0), "developing"), (at(SLIDER_STEP_S + 5), "evolving")]
    assert first_choice(LEVELS, taps) == "developing"


def test_a_jump_of_two_levels_is_a_new_choice_however_soon():
    assert first_choice(LEVELS, [(at(0), "beginning"), (at(1), "evolving")]) == "beginning"


def test_a_move_back_to_no_vote_chooses_nothing_until_a_later_choice():
    steps = [(at(0), "beginning"), (at(0.5), None), (at(60), "evolving")]
    assert first_choice(LEVELS, steps) == "evolving"
    assert first_choice(LEVELS, steps[:2]) is None
    assert first_choice(LEVELS, []) is None


def test_a_keyboard_move_down_from_a_choice_ends_on_the_level_it_stops_on():
    steps = keyboard(3) + [(at(60), "evolving"), (at(60.5), "developing")]
    assert first_choice(LEVELS, steps) == "accomplished"
