"""Every revealed round's votes, rebuilt from the history of vote changes.

The votes table keeps only each voter's latest vote on a row (with the round of that change), so a row
voted on twice shows there a mix of both rounds. The history keeps every change with its time, and a vote
is accepted only while a round covering its row is open, one round at a time: so each change belongs to
the round open when it was made, and a round's votes are each voter's last change while it was open.
Rounds never revealed are left out: nobody has seen their votes. Pure: the store supplies both lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .rounds import VotingRound
from .scoring import Key

GROUP_VOTER = "group:"
"""How the history names a small group's shared rating: ``vote:group:<id>`` beside ``vote:<participant>``."""


@dataclass(frozen=True)
class VoteChange:
    """One recorded change of one voter's vote on a row: ``voter`` is the history's field after ``vote:``."""

    voter: str
    row_id: str
    dimension: str
    level: str | None
    at: str


@dataclass(frozen=True)
class RoundVotes:
    """The levels voted on one row in one revealed round; ``None`` for a voter who passed (a vote taken
    back counts as a pass, as on the projector and in the summary's latest votes)."""

    number: int
    levels: tuple[str | None, ...]


def votes_by_round(
    rounds: Sequence[VotingRound], changes: Sequence[VoteChange]
) -> dict[Key, list[RoundVotes]]:
    """Each row's votes in every revealed round that opened it, oldest round first."""
    found: dict[Key, list[RoundVotes]] = {}
    ordered = sorted(changes, key=lambda c: c.at)
    for voting in sorted(rounds, key=lambda r: r.number):
        if not voting.revealed or voting.closed_at is None:
            continue
        last: dict[tuple[Key, str], str | None] = {}
        for change in ordered:
            cell = (change.row_id, change.dimension)
            by_group = change.voter.startswith(GROUP_VOTER)
            inside = voting.opened_at <= change.at <= voting.closed_at
            if inside and by_group == voting.by_groups and voting.covers(*cell):
                last[(cell, change.voter)] = change.level
        for cell in voting.cells:
            levels = tuple(level for (c, _), level in last.items() if c == cell)
            if levels:
                found.setdefault(cell, []).append(RoundVotes(voting.number, levels))
    return found
