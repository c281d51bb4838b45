"""The one next action of a live meeting, from the round's board and the team's recorded entries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import Entry, Rating, StepControl, load_library, next_action, proposed_level
from sipr_core.rounds import Board, Voter, VotingRound

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")
OPENED, REVEALED = "2026-11-23T09:00:00.000000+00:00", "2026-11-23T09:10:00.000000+00:00"
PEOPLE = (Voter("a", "Ana"), Voter("b", "Ben"))


def board(voted=None, levels=None, voters=PEOPLE, by_groups=False, closed=False, revealed=False) -> Board:
    voting = VotingRound(
        1,
        (VISION, POLICIES),
        by_groups=by_groups,
        opened_at=OPENED,
        closed_at=REVEALED if closed or revealed else None,
        revealed_at=REVEALED if revealed else None,
    )
    voted = voted or {cell: frozenset(given) for cell, given in (levels or {}).items()}
    return Board(voting, voters, voted, levels or {})


def recorded(level: str, at: str) -> Entry:
    return Entry(Rating(*VISION, level), updated_at=at)


def test_before_any_round_the_next_action_is_to_open_voting(collaboration):
    step = next_action(collaboration, Board(None), {})
    assert (step.control, step.words) == (
        StepControl.OPEN_VOTING,
        "Open voting: choose what the room votes on, then press Open voting.",
    )


def test_an_open_round_nobody_joined_waits_for_people_and_offers_no_reveal(collaboration):
    step = next_action(collaboration, board(voters=()), {})
    assert step.control is StepControl.JOIN and not step.may_reveal
    assert step.words == (
        "Wait for people to join: they scan the QR code or open the link and type the join code."
    )


@pytest.mark.parametrize(
    ("by_groups", "words"),
    [
        (False, "Wait for the first votes: each person votes."),
        (True, "Wait for the first group ratings: each group rates together on one phone."),
    ],
)
def test_at_zero_votes_reveal_is_not_offered(collaboration, by_groups, words):
    step = next_action(collaboration, board(by_groups=by_groups), {})
    assert (step.control, step.words, step.may_reveal) == (StepControl.JOIN, words, False)


def test_once_a_vote_is_in_the_next_action_is_reveal_with_the_count(collaboration):
    step = next_action(collaboration, board(voted={VISION: frozenset("a")}), {})
    assert (step.control, step.words) == (
        StepControl.REVEAL,
        "1 of 4 votes in: reveal the votes when the room is ready.",
    )
    everyone = {VISION: frozenset("ab"), POLICIES: frozenset("ab")}
    assert next_action(collaboration, board(voted=everyone), {}).words == "All 4 votes are in: reveal the votes."


def test_a_round_closed_without_votes_asks_to_open_voting_again(collaboration):
    step = next_action(collaboration, board(closed=True), {})
    assert (step.control, step.words) == (
        StepControl.OPEN_VOTING,
        "Voting closed with no votes: open voting again when the room is ready.",
    )


def test_after_reveal_the_row_to_discuss_first_is_the_flagged_one(collaboration):
    levels = {VISION: {"a": "developing", "b": "developing"}, POLICIES: {"a": "beginning", "b": "accomplished"}}
    step = next_action(collaboration, board(levels=levels, revealed=True), {})
    assert (step.control, step.cell) == (StepControl.RECORD, POLICIES)
    assert step.words == (
        "Discuss Policies & structures (the votes are two or more levels apart), then record the team's level."
    )


def test_a_row_recorded_since_the_reveal_is_done_and_one_recorded_before_it_is_not(collaboration):
    levels = {VISION: {"a": "developing", "b": "evolving"}, POLICIES: {"a": "developing"}}
    before = {VISION: recorded("developing", OPENED)}
    assert next_action(collaboration, board(levels=levels, revealed=True), before).cell == VISION
    after = {VISION: recorded("developing", "2026-11-23T09:12:00.000000+00:00")}
    step = next_action(collaboration, board(levels=levels, revealed=True), after)
    assert (step.cell, step.words) == (POLICIES, "Discuss Policies & structures, then record the team's level.")


def test_when_every_row_is_recorded_the_next_action_is_to_open_voting(collaboration):
    levels = {VISION: {"a": "developing"}}
    done = {VISION: recorded("developing", "2026-11-23T09:12:00.000000+00:00")}
    step = next_action(collaboration, board(levels=levels, revealed=True), done)
    assert step.control is StepControl.OPEN_VOTING
    assert step.words == "Every row of this round is recorded: open voting on the next rows, or vote again."


@given(
    recorded=st.sampled_from([None, "beginning", "developing", "evolving", "accomplished"]),
    median=st.sampled_from([None, "beginning", "developing", "evolving", "accomplished"]),
    before=st.booleans(),
)
def test_the_record_form_proposes_the_level_recorded_since_reveal_else_the_median(recorded, median, before):
    collaboration = load_library().get("micip-collaboration")
    revealed_at = "2026-12-02T10:00:00.000000+00:00"
    at = "2026-12-02T09:00:00.000000+00:00" if before else "2026-12-02T10:05:00.000000+00:00"
    entry = Entry(Rating("vision", "rating", recorded), updated_at=at if recorded else None)
    proposal = proposed_level(collaboration, entry, median, revealed_at)
    if recorded and not before:
        assert proposal == recorded
    else:
        assert proposal == (median or recorded or "beginning")
