"""The change between two rating sets of the same rubric (a baseline and a follow-up)."""

from __future__ import annotations

from dataclasses import dataclass

from .rubric import Rubric
from .scoring import Ratings, Status, score


@dataclass(frozen=True)
class RowChange:
    row_id: str
    dimension: str
    before: str | None
    after: str | None
    change: int | None
    """Levels moved up (positive) or down; ``None`` when either side is not rated."""


@dataclass(frozen=True)
class GroupChange:
    group_id: str
    dimension: str
    before: float | None
    after: float | None
    change: float | None


@dataclass(frozen=True)
class Comparison:
    rows: list[RowChange]
    groups: list[GroupChange]


def _level(ratings: Ratings, key: tuple[str, str]) -> str | None:
    rating = ratings.get(key)
    return rating.level if rating is not None and rating.status is Status.RATED else None


def compare(rubric: Rubric, before: Ratings, after: Ratings) -> Comparison:
    """Per-row and per-group change from ``before`` to ``after``, per dimension."""
    rows: list[RowChange] = []
    for _, row in rubric.rows():
        for dimension in rubric.dimension_ids():
            old, new = _level(before, (row.id, dimension)), _level(after, (row.id, dimension))
            change = rubric.position(new) - rubric.position(old) if old and new else None
            rows.append(RowChange(row.id, dimension, old, new, change))
    old_card, new_card = score(rubric, before), score(rubric, after)
    groups: list[GroupChange] = []
    for group in rubric.groups:
        for dimension in rubric.dimension_ids():
            old_mean = old_card.groups[group.id][dimension].mean_level
            new_mean = new_card.groups[group.id][dimension].mean_level
            delta = new_mean - old_mean if old_mean is not None and new_mean is not None else None
            groups.append(GroupChange(group.id, dimension, old_mean, new_mean, delta))
    return Comparison(rows, groups)
