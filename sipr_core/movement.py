"""How far a team moved from its first votes: to its last votes, and to the consensus it recorded.

Pure. A measure none of the live-voting tools we know reports: per row and over every vote,
the mean distance in levels between each person's first vote and (a) their last vote,
(b) the level the team agreed on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean

from .rounds import cell_label
from .rubric import Rubric
from .scoring import Key
from .tables import RatingsTable


@dataclass(frozen=True)
class VoteTrail:
    """One participant's first and latest level on one cell."""

    participant_id: str
    row_id: str
    dimension: str
    first: str
    final: str | None


@dataclass(frozen=True)
class Movement:
    """Mean distance, in levels, of the first votes from the final votes and from the consensus.

    ``voters``: how many people voted (on the cell, or anywhere for the overall figure).
    """

    voters: int
    first_to_final: float | None
    first_to_consensus: float | None


@dataclass(frozen=True)
class MovementReport:
    cells: dict[Key, Movement]
    overall: Movement


def movement(
    levels: Sequence[str], trails: Iterable[VoteTrail], consensus_levels: Mapping[Key, str | None]
) -> MovementReport:
    """How far the team moved from its first votes: per cell and over every vote.

    A final vote that abstains is left out of first-to-final; a cell without a recorded
    consensus is left out of first-to-consensus.
    """
    by_cell: dict[Key, list[VoteTrail]] = {}
    for trail in trails:
        by_cell.setdefault((trail.row_id, trail.dimension), []).append(trail)
    every_final: list[int] = []
    every_agreed: list[int] = []
    cells: dict[Key, Movement] = {}
    for key, found in by_cell.items():
        finals = [abs(levels.index(t.first) - levels.index(t.final)) for t in found if t.final is not None]
        agreed_level = consensus_levels.get(key)
        agreed = (
            [abs(levels.index(t.first) - levels.index(agreed_level)) for t in found]
            if agreed_level is not None
            else []
        )
        cells[key] = Movement(len(found), _mean(finals), _mean(agreed))
        every_final += finals
        every_agreed += agreed
    people = {t.participant_id for found in by_cell.values() for t in found}
    overall = Movement(len(people), _mean(every_final), _mean(every_agreed))
    return MovementReport(cells, overall)


Step = tuple[datetime, str | None]
SLIDER_STEP_S = 10.0
"""A change within this many seconds of the last, to the level next to it, was a slider's travel."""


def first_choice(levels: Sequence[str], steps: Sequence[tuple[str, str | None]]) -> str | None:
    """The first level a person chose on a row, from every saved change of their vote, in order.

    ``steps`` are (ISO time, level or None) pairs. The old ballot was a slider that saved every
    position it passed: from "no vote" the keyboard's arrow stops on the lowest level first, then on
    each level up to the one meant. A change to the neighbouring position (a level next to the last,
    or between "no vote" and the lowest level) made within ``SLIDER_STEP_S`` of the change before it
    is the same move going on; a move's last level is a choice. None when no move ended on a level.
    """
    position: dict[str | None, int] = {None: 0, **{level: n + 1 for n, level in enumerate(levels)}}
    last: Step | None = None
    for at, level in steps:
        now = (datetime.fromisoformat(at), level)
        if last is not None and last[1] is not None and not _travel(position, last, now):
            return last[1]  # the move before this change ended on a level
        last = now
    return last[1] if last is not None else None


def _travel(position: Mapping[str | None, int], before: Step, after: Step) -> bool:
    """Whether a change went on from the one before: to the neighbouring position, soon after it."""
    near = abs(position.get(before[1], -9) - position.get(after[1], 99)) == 1
    return near and (after[0] - before[0]).total_seconds() <= SLIDER_STEP_S


def _mean(values: list[int]) -> float | None:
    return fmean(values) if values else None


def movement_table(rubric: Rubric, report: MovementReport) -> RatingsTable:
    """A line per voted cell, in the rubric's order, and a last line over every vote."""
    columns = {
        "row": rubric.terms.row,
        "voters": "People",
        "first_to_final": "First vote to last vote",
        "first_to_consensus": "First vote to consensus",
    }
    order = [(row.id, d) for _, row in rubric.rows() for d in rubric.dimension_ids()]
    lines = [
        _movement_line(cell_label(rubric, cell), report.cells[cell]) for cell in order if cell in report.cells
    ]
    if lines:
        lines.append(_movement_line("Every row", report.overall))
    return RatingsTable(columns, lines)


def _movement_line(label: str, moved: Movement) -> dict[str, str]:
    def levels(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f} levels"

    return {
        "row": label,
        "voters": str(moved.voters),
        "first_to_final": levels(moved.first_to_final),
        "first_to_consensus": levels(moved.first_to_consensus),
    }
