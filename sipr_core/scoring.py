"""Ratings and the scores computed from them.

A level's *position* is its 1-based place on the rubric's scale; a rubric's floor ("Not started": discussed
and found below the first level) is rated at position 0. "Not rated" and "not applicable" are states of
their own, never the lowest level, and are left out of every score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import RatingError
from .rubric import Cell, Level, Row, Rubric

Key = tuple[str, str]
"""(row id, dimension id): one rated cell of a session."""


class Status(StrEnum):
    NOT_RATED = "not_rated"
    RATED = "rated"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Rating:
    """The team's rating of one row on one dimension."""

    row_id: str
    dimension: str
    level: str | None = None
    not_applicable: bool = False
    ticked: frozenset[int] = frozenset()

    @property
    def status(self) -> Status:
        if self.not_applicable:
            return Status.NOT_APPLICABLE
        return Status.RATED if self.level is not None else Status.NOT_RATED

    @property
    def key(self) -> Key:
        return (self.row_id, self.dimension)


Ratings = Mapping[Key, Rating]


def index_ratings(ratings: Iterable[Rating]) -> dict[Key, Rating]:
    return {rating.key: rating for rating in ratings}


@dataclass(frozen=True)
class Score:
    """How a set of rows stands on one dimension."""

    rows: int
    rated: int
    not_applicable: int
    mean_level: float | None
    top_share: float | None

    @property
    def not_rated(self) -> int:
        return self.rows - self.rated - self.not_applicable


@dataclass(frozen=True)
class Scorecard:
    """Scores per group and overall, each per dimension."""

    groups: dict[str, dict[str, Score]]
    overall: dict[str, Score]
    rows_rated: int
    rows_total: int
    group_rows_rated: dict[str, int] = field(default_factory=dict)
    """Rows of each group rated (or marked not applicable) on every dimension."""


def _score(rubric: Rubric, rows: list[Row], dimension: str, ratings: Ratings) -> Score:
    positions: list[int] = []
    not_applicable = 0
    for row in rows:
        rating = ratings.get((row.id, dimension))
        if rating is None or rating.status is Status.NOT_RATED:
            continue
        if rating.status is Status.NOT_APPLICABLE:
            not_applicable += 1
            continue
        assert rating.level is not None
        positions.append(rubric.position(rating.level))
    top = len(rubric.levels)
    mean = sum(positions) / len(positions) if positions else None
    share = sum(1 for p in positions if p == top) / len(positions) if positions else None
    return Score(len(rows), len(positions), not_applicable, mean, share)


def score(rubric: Rubric, ratings: Ratings) -> Scorecard:
    """Mean level, share at the top level and counts, per group and overall, per dimension."""
    check_ratings(rubric, ratings)
    dimensions = rubric.dimension_ids()
    groups = {
        group.id: {d: _score(rubric, group.rows, d, ratings) for d in dimensions} for group in rubric.groups
    }
    every_row = [row for _, row in rubric.rows()]
    overall = {d: _score(rubric, every_row, d, ratings) for d in dimensions}
    done = {g.id: sum(1 for row in g.rows if _row_done(row, dimensions, ratings)) for g in rubric.groups}
    return Scorecard(groups, overall, sum(done.values()), len(every_row), done)


def _row_done(row: Row, dimensions: list[str], ratings: Ratings) -> bool:
    """A row counts as rated when every dimension is rated or marked not applicable."""
    for dimension in dimensions:
        rating = ratings.get((row.id, dimension))
        if rating is None or rating.status is Status.NOT_RATED:
            return False
    return True


def check_ratings(rubric: Rubric, ratings: Ratings) -> None:
    """Raise ``RatingError`` when a rating names a row, dimension or level the rubric lacks."""
    rows = {row.id for _, row in rubric.rows()}
    dimensions = set(rubric.dimension_ids())
    levels = set(rubric.scale_ids())
    for rating in ratings.values():
        if rating.row_id not in rows:
            raise RatingError(f'No such row in "{rubric.title}": {rating.row_id}')
        if rating.dimension not in dimensions:
            raise RatingError(f'No such dimension in "{rubric.title}": {rating.dimension}')
        if rating.level is not None and rating.level not in levels:
            raise RatingError(f'No such level in "{rubric.title}": {rating.level}')


def suggest_level(rubric: Rubric, cell: Cell, ticked: Iterable[int]) -> Level | None:
    """The highest level whose thresholds the ticked criteria meet (the team may override it).

    ``None`` when the rubric's levels have no thresholds or the cell has no criteria.
    """
    if not rubric.suggests_levels() or not cell.criteria:
        return None
    total = len(cell.criteria or [])
    count = len({i for i in ticked if 0 <= i < total})
    share = count / total if total else 0.0
    suggested = rubric.levels[0]
    for level in rubric.levels[1:]:
        if count >= (level.min_count or 0) and share >= (level.min_share or 0.0):
            suggested = level
    return suggested


@dataclass(frozen=True)
class NextStep:
    """What the next level up looks like for one cell."""

    level: Level
    descriptor: str | None
    criteria_missing: list[str] = field(default_factory=list)


def next_step(rubric: Rubric, cell: Cell, rating: Rating | None) -> NextStep | None:
    """The next level above the current rating, its descriptor and the criteria not yet ticked.

    An unrated cell's next step is the lowest level; the top level has none.
    """
    if rating is not None and rating.not_applicable:
        return None
    current = rating.level if rating is not None else None
    index = 0 if current is None else rubric.position(current)
    if index >= len(rubric.levels):
        return None
    level = rubric.levels[index]
    descriptor = cell.describe(level) or None
    ticked = rating.ticked if rating is not None else frozenset()
    missing = [text for i, text in enumerate(cell.criteria or []) if i not in ticked]
    return NextStep(level, descriptor, missing)
