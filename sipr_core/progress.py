"""Progress of a series over time: levels per row and group per session, and what moved.

Sessions of a series may rate different editions of the continuum. The latest edition sets the
order; rows only earlier editions had come last, marked as no longer in the continuum, and a
session whose edition lacks a row has no point for it (not the lowest level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .rubric import Rubric
from .scoring import Rating, Status, score
from .session import Entry, Session


@dataclass(frozen=True)
class RowTrend:
    group_title: str
    row_id: str
    title: str
    dimension: str
    points: list[float | None]
    """Level position per session, oldest first; ``None`` when not rated or not in that edition."""
    in_latest: bool


@dataclass(frozen=True)
class GroupTrend:
    group_id: str
    title: str
    dimension: str
    means: list[float | None]


@dataclass(frozen=True)
class Trend:
    """A series' levels over time, per row and per group, on every dimension."""

    dates: list[date]
    codes: list[str]
    levels: list[str]
    dimensions: dict[str, str]
    """Dimension id to its short name, in the latest edition's order."""
    rows: list[RowTrend]
    groups: list[GroupTrend]


def _position(rubric: Rubric, entry: Entry | None) -> float | None:
    if entry is None or entry.rating.status is not Status.RATED or entry.rating.level is None:
        return None
    if entry.rating.level not in rubric.scale_ids():
        return None
    return float(rubric.position(entry.rating.level))


def trend(sessions: Sequence[Session]) -> Trend:
    """Levels per row and group for sessions of one series (give them oldest first)."""
    if not sessions:
        raise ValueError("trend() needs at least one session")
    latest = sessions[-1].rubric
    dimensions = {d: latest.dimension(d).short for d in latest.dimension_ids()}
    order: list[tuple[str, str, str]] = [(g.title, r.id, r.short) for g, r in latest.rows()]
    seen = {row_id for _, row_id, _ in order}
    for session in reversed(sessions[:-1]):
        for group, row in session.rubric.rows():
            if row.id not in seen:
                seen.add(row.id)
                order.append((group.title, row.id, row.short))
    latest_rows = {r.id for _, r in latest.rows()}
    rows = [
        RowTrend(
            group_title,
            row_id,
            title,
            dimension,
            [_position(s.rubric, s.entries.get((row_id, dimension))) for s in sessions],
            row_id in latest_rows,
        )
        for group_title, row_id, title in order
        for dimension in dimensions
    ]
    cards = [score(s.rubric, _known(s)) for s in sessions]
    groups = [
        GroupTrend(
            group.id,
            group.short,
            dimension,
            [
                card.groups[group.id][dimension].mean_level
                if group.id in card.groups and dimension in card.groups[group.id]
                else None
                for card in cards
            ],
        )
        for group in latest.groups
        for dimension in dimensions
    ]
    return Trend(
        dates=[s.info.held_on for s in sessions],
        codes=[s.info.code for s in sessions],
        levels=[level.short for level in latest.levels],
        dimensions=dimensions,
        rows=rows,
        groups=groups,
    )


def _known(session: Session) -> dict[tuple[str, str], Rating]:
    """The session's ratings that fit its own rubric (score() refuses anything else)."""
    rows = {r.id for _, r in session.rubric.rows()}
    levels = set(session.rubric.scale_ids())
    dims = set(session.rubric.dimension_ids())
    return {
        key: rating
        for key, rating in session.ratings().items()
        if key[0] in rows and key[1] in dims and (rating.level is None or rating.level in levels)
    }


class Direction(StrEnum):
    UP = "went up"
    DOWN = "went down"
    SAME = "stayed"
    NEWLY_RATED = "rated for the first time"
    NOT_RATED = "not rated in the follow-up"
    ADDED = "new in this edition"
    REMOVED = "no longer in the continuum"


ORDER = list(Direction)


@dataclass(frozen=True)
class Move:
    """One row's change from a baseline session to a follow-up, with the evidence behind both."""

    row_id: str
    dimension: str
    title: str
    before: str | None
    after: str | None
    change: int | None
    direction: Direction
    evidence_before: str
    evidence_after: str
    next_steps_after: str


def _level_name(rubric: Rubric, entry: Entry | None) -> str | None:
    if entry is None:
        return None
    if entry.rating.not_applicable:
        return "Not applicable"
    level = entry.rating.level
    return rubric.level(level).name if level in rubric.scale_ids() and level is not None else None


def what_moved(baseline: Session, follow_up: Session) -> list[Move]:
    """Rows that went up (largest move first), went down, stayed, and the rest, on every dimension."""
    old_rubric, new_rubric = baseline.rubric, follow_up.rubric
    old_rows = {r.id: r for _, r in old_rubric.rows()}
    new_rows = {r.id: r for _, r in new_rubric.rows()}
    ordered = [*new_rows.values(), *(r for rid, r in old_rows.items() if rid not in new_rows)]
    moves: list[Move] = []
    for row in ordered:
        for dimension in new_rubric.dimension_ids():
            key = (row.id, dimension)
            old, new = baseline.entries.get(key), follow_up.entries.get(key)
            before, after = _position(old_rubric, old), _position(new_rubric, new)
            change = int(after - before) if before is not None and after is not None else None
            if row.id not in old_rows:
                direction = Direction.ADDED
            elif row.id not in new_rows:
                direction = Direction.REMOVED
            elif change is not None:
                direction = Direction.UP if change > 0 else Direction.DOWN if change < 0 else Direction.SAME
            elif after is not None:
                direction = Direction.NEWLY_RATED
            elif before is not None:
                direction = Direction.NOT_RATED
            else:
                continue  # rated in neither: nothing to say
            moves.append(
                Move(
                    row.id,
                    dimension,
                    row.short,
                    _level_name(old_rubric, old),
                    _level_name(new_rubric, new),
                    change,
                    direction,
                    old.evidence if old else "",
                    new.evidence if new else "",
                    new.next_steps if new else "",
                )
            )
    return sorted(moves, key=lambda m: (ORDER.index(m.direction), -abs(m.change or 0)))


def counts(moves: Sequence[Move]) -> dict[Direction, int]:
    """How many rows moved each way, every direction listed."""
    return {d: sum(1 for m in moves if m.direction is d) for d in ORDER}


def moved_lines(moves: Sequence[Move], rubric: Rubric) -> list[dict[str, str]]:
    """The "what moved" table: one line per row and dimension, in the order of ``what_moved``."""
    named = len(rubric.dimension_ids()) > 1
    return [
        {
            "row": m.title + (f" ({rubric.dimension(m.dimension).short})" if named else ""),
            "direction": m.direction.value,
            "before": m.before or "Not rated",
            "after": m.after or "Not rated",
            "change": "" if m.change is None else f"{m.change:+d}",
            "evidence_after": m.evidence_after,
            "evidence_before": m.evidence_before,
        }
        for m in moves
    ]


MOVED_COLUMNS = {
    "row": "Row",
    "direction": "What happened",
    "before": "Baseline",
    "after": "Follow-up",
    "change": "Levels",
    "evidence_after": "Evidence now",
    "evidence_before": "Evidence then",
}
