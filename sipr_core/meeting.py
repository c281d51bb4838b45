"""The one next step of a live meeting: what the facilitator does now, in words, and with which control.

Pure: a function of the rubric, the latest round's board and the team's recorded entries. The pages
show it prominently and offer its control first; nothing else decides what comes next.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .rounds import Board, cell_label, results
from .rubric import Rubric
from .scoring import Key
from .session import Entry


class StepControl(StrEnum):
    """The control that carries out a next step."""

    OPEN_VOTING = "open-voting"
    JOIN = "join"
    """Nothing to press: people join with the QR code or the join code, then vote."""
    REVEAL = "reveal"
    RECORD = "record"


@dataclass(frozen=True)
class MeetingStep:
    """What the facilitator does next; ``cell`` is the row to discuss and record, for ``RECORD``."""

    words: str
    control: StepControl
    cell: Key | None = None

    @property
    def may_reveal(self) -> bool:
        """Whether Reveal is offered now: only once a vote is in, and before the round is revealed."""
        return self.control is StepControl.REVEAL


NOTHING_TO_REVEAL = "Nothing to reveal yet: Reveal appears once the first vote is in."


def next_action(rubric: Rubric, board: Board, entries: Mapping[Key, Entry]) -> MeetingStep:
    """The one next action of the meeting for the round on ``board`` (the session's latest)."""
    voting = board.round
    open_voting, reveal = StepControl.OPEN_VOTING, StepControl.REVEAL
    if voting is None:
        return MeetingStep("Open voting: choose what the room votes on, then press Open voting.", open_voting)
    noun = "group ratings" if voting.by_groups else "votes"
    voted, expected = board.votes_in(), board.votes_expected()
    if not voting.revealed:
        if voted == 0 and voting.is_open:
            how = "each group rates together on one phone" if voting.by_groups else "each person votes"
            if not board.voters:
                return MeetingStep(
                    "Wait for people to join: they scan the QR code or open the link and type the join code.",
                    StepControl.JOIN,
                )
            return MeetingStep(f"Wait for the first {noun}: {how}.", StepControl.JOIN)
        if voted == 0:
            return MeetingStep(
                f"Voting closed with no {noun}: open voting again when the room is ready.", open_voting
            )
        if voting.is_open and voted < expected:
            return MeetingStep(
                f"{voted} of {expected} {noun} in: reveal the votes when the room is ready.", reveal
            )
        return MeetingStep(f"All {voted} {noun} are in: reveal the votes.", reveal)
    found = results(rubric.level_ids(), board)
    if not any(result.summary.votes for result in found):
        return MeetingStep(f"No {noun} were cast in this round: open voting again.", open_voting)
    for result in found:
        if result.summary.votes and not _recorded_since(entries.get(result.key), voting.revealed_at):
            label = cell_label(rubric, result.key)
            why = " (the votes are two or more levels apart)" if result.summary.discuss else ""
            return MeetingStep(
                f"Discuss {label}{why}, then record the team's level.", StepControl.RECORD, result.key
            )
    return MeetingStep(
        "Every row of this round is recorded: open voting on the next rows, or vote again.", open_voting
    )


def _recorded_since(entry: Entry | None, revealed_at: str | None) -> bool:
    """Whether the team recorded a level (or not applicable) on this row after the votes were revealed."""
    if entry is None or entry.updated_at is None or revealed_at is None:
        return False
    decided = entry.rating.level is not None or entry.rating.not_applicable
    return decided and entry.updated_at >= revealed_at


def proposed_level(rubric: Rubric, entry: Entry, median: str | None, revealed_at: str | None) -> str:
    """Where the form to record a revealed row starts: the level recorded since Reveal, else the median.

    A level from before the votes (the Rate page's, an earlier meeting's) is what the room just voted
    about, not its answer: starting there would record it again with one press.
    """
    recorded = entry.rating.level
    if recorded is not None and _recorded_since(entry, revealed_at):
        return recorded
    return median or recorded or rubric.level_ids()[0]
