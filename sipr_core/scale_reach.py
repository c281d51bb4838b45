"""SIPR's Scale measured across schools.

SIPR's Acceptable Scale criteria are about the schools ("Each school has a plan ..."), so the district's
own Scale rating is an estimate; its building teams' own Scale ratings show what the schools see. For each
Scale criterion of each row: the district's own rating and tick beside how many schools whose own Scale
rating is given (not "not rated", not "not applicable", and their edition has the criterion in the same
words) meet it: they ticked it, or they stand at a level that needs every criterion (Acceptable).
"""

from __future__ import annotations

from dataclasses import dataclass

from .rollup import SIPR_DIMENSIONS, Rollup, is_sipr
from .rubric import Rubric
from .scoring import Rating, Status

SCALE = SIPR_DIMENSIONS[1]


@dataclass(frozen=True)
class CriterionReach:
    """One Scale criterion of one row: the district's tick and the schools that meet it."""

    row_id: str
    index: int
    text: str
    district_ticked: bool
    met: int
    rated: int
    """Schools with their own Scale rating of this row, on an edition that words this criterion the same."""


def meets(edition: Rubric, rating: Rating | None, text: str) -> bool | None:
    """Whether a school's own Scale rating meets the criterion worded ``text``; ``None``: it does not say."""
    if rating is None or rating.status is not Status.RATED or rating.level is None:
        return None
    try:
        own = edition.row(rating.row_id).cells()[SCALE].criteria or []
    except KeyError:
        return None
    if text not in own:
        return None
    if edition.level(rating.level).min_share == 1.0:
        return True
    return any(own[i] == text for i in rating.ticked if 0 <= i < len(own))


def scale_reach(found: Rollup) -> list[CriterionReach]:
    """Every Scale criterion of the district's continuum, in its order; empty unless the continuum is SIPR."""
    rubric = found.rubric
    if not is_sipr(rubric):
        return []
    reach: list[CriterionReach] = []
    for _, row in rubric.rows():
        criteria = row.cells()[SCALE].criteria or []
        own = found.district.get((row.id, SCALE))
        schools = [(s.rubric, s.ratings.get((row.id, SCALE))) for s in found.snapshots]
        for i, text in enumerate(criteria):
            said = [meets(edition, rating, text) for edition, rating in schools]
            ticked = own is not None and own.status is Status.RATED and i in own.ticked
            met, rated = sum(1 for m in said if m), sum(1 for m in said if m is not None)
            reach.append(CriterionReach(row.id, i, text, ticked, met, rated))
    return reach

