"""Every revealed round's votes, rebuilt from the history's vote changes and the rounds' open times."""

from __future__ import annotations

from sipr_core.round_votes import RoundVotes, VoteChange, votes_by_round
from sipr_core.rounds import VotingRound

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")


def at(minute: int) -> str:
    return f"2026-11-23T09:{minute:02d}:00.000000+00:00"


def a_round(number, opened, closed, cells=(VISION,), revealed=True, by_groups=False) -> VotingRound:
    return VotingRound(
        number, cells, by_groups=by_groups, opened_at=at(opened), closed_at=at(closed),
        revealed_at=at(closed) if revealed else None,
    )


def vote(voter, level, minute, cell=VISION) -> VoteChange:
    return VoteChange(voter, *cell, level, at(minute))


def test_each_round_keeps_each_voters_last_vote_while_it_was_open():
    rounds = [a_round(1, 0, 10), a_round(2, 20, 30)]
    changes = [
        vote("ana", "beginning", 1), vote("ana", "developing", 2), vote("ben", "accomplished", 3),
        vote("ana", "evolving", 21),  # Ben does not vote again: round 2 has Ana's vote only
    ]
    assert votes_by_round(rounds, changes) == {
        VISION: [RoundVotes(1, ("developing", "accomplished")), RoundVotes(2, ("evolving",))]
    }


def test_a_round_never_revealed_is_left_out_and_a_vote_taken_back_counts_as_a_pass():
    rounds = [a_round(1, 0, 10), a_round(2, 20, 30, revealed=False)]
    changes = [vote("ana", "developing", 1), vote("ben", "evolving", 2), vote("ben", None, 3), vote("ana", "evolving", 21)]
    assert votes_by_round(rounds, changes) == {VISION: [RoundVotes(1, ("developing", None))]}


def test_a_small_groups_round_counts_the_groups_ratings_and_a_persons_round_the_persons():
    rounds = [a_round(1, 0, 10, cells=(VISION, POLICIES), by_groups=True), a_round(2, 20, 30, cells=(POLICIES,))]
    changes = [
        vote("group:g1", "developing", 1), vote("group:g2", "accomplished", 2, POLICIES),
        vote("ana", "beginning", 21, POLICIES), vote("group:g1", "evolving", 22, POLICIES),
    ]
    assert votes_by_round(rounds, changes) == {
        VISION: [RoundVotes(1, ("developing",))],
        POLICIES: [RoundVotes(1, ("accomplished",)), RoundVotes(2, ("beginning",))],
    }
