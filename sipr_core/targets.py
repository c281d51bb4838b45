"""Fidelity benchmarks and the review schedule of a series (a team's sessions on one continuum).

SIPR asks districts to set "acceptable levels of implementation as fidelity benchmarks" and to
measure fidelity "according to a pre-determined schedule". A target is a level per row or per
group and dimension; a group meets its target when the mean level of its rated rows reaches it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .errors import InputError
from .rubric import Rubric
from .scoring import Ratings, Status, score
from .session import check_text

Key = tuple[str, str]
"""(row or group id, dimension)."""

ROW, GROUP = "row", "group"
SCOPES = (ROW, GROUP)
DONE_BEFORE = timedelta(days=14)
"""A session held up to this long before a review date counts as that review."""
REMIND_AHEAD = timedelta(days=14)
"""Reviews due within this many days are shown on the Start page."""
MAX_REVIEWS = 50


@dataclass(frozen=True)
class TargetSet:
    """The target levels of one series."""

    rows: Mapping[Key, str] = field(default_factory=dict)
    groups: Mapping[Key, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rows) or bool(self.groups)

    def of(self, scope: str, item_id: str, dimension: str) -> str | None:
        table = self.rows if scope == ROW else self.groups
        return table.get((item_id, dimension))


@dataclass(frozen=True)
class Gap:
    """How far one row or group stands from its target."""

    scope: str
    item_id: str
    dimension: str
    target: str
    current: float | None
    """Level position (a group's mean position); ``None`` when not rated."""
    steps: float | None
    """Target position minus current: positive means below target."""

    @property
    def met(self) -> bool | None:
        return None if self.steps is None else self.steps <= 0


def check_target(rubric: Rubric, scope: str, item_id: str, dimension: str, level: str | None) -> None:
    """Raise ``InputError`` naming the problem when a target does not fit the continuum."""
    if scope not in SCOPES:
        raise InputError(f"No such kind of target: {scope} (use {ROW} or {GROUP})")
    ids = [g.id for g in rubric.groups] if scope == GROUP else [row.id for _, row in rubric.rows()]
    if item_id not in ids:
        term = rubric.terms.group if scope == GROUP else rubric.terms.row
        raise InputError(f'No such {term.lower()} in "{rubric.title}": {item_id}')
    if dimension not in rubric.dimension_ids():
        raise InputError(f'No such dimension in "{rubric.title}": {dimension}')
    if level is not None and level not in rubric.level_ids():
        raise InputError(f"No such level: {level} (levels: {', '.join(rubric.level_ids())})")


def _row_position(rubric: Rubric, ratings: Ratings, key: Key) -> float | None:
    rating = ratings.get(key)
    if rating is None or rating.status is not Status.RATED or rating.level not in rubric.scale_ids():
        return None
    assert rating.level is not None
    return float(rubric.position(rating.level))


def gaps(rubric: Rubric, ratings: Ratings, targets: TargetSet) -> list[Gap]:
    """Every target that fits this edition of the continuum, in the rubric's order, with its gap.

    Targets on rows, groups or levels the edition lacks are left out (rows change between editions).
    """
    levels = set(rubric.level_ids())
    rows_here = {row.id for _, row in rubric.rows()}
    here = {(g.id, d) for g in rubric.groups for d in rubric.dimension_ids()}
    card = None
    if targets.groups:  # the group means cost a full score; most series set row targets only
        known = {k: v for k, v in ratings.items() if k[0] in rows_here and k[1] in rubric.dimension_ids()}
        card = score(rubric, {k: r for k, r in known.items() if r.level is None or r.level in levels})
    found: list[Gap] = []
    for group in rubric.groups:
        for dimension in rubric.dimension_ids():
            level = targets.groups.get((group.id, dimension))
            if card is not None and level in levels and (group.id, dimension) in here:
                assert level is not None
                mean = card.groups[group.id][dimension].mean_level
                steps = rubric.position(level) - mean if mean is not None else None
                found.append(Gap(GROUP, group.id, dimension, level, mean, steps))
        for row in group.rows:
            for dimension in rubric.dimension_ids():
                level = targets.rows.get((row.id, dimension))
                if level in levels:
                    assert level is not None
                    current = _row_position(rubric, ratings, (row.id, dimension))
                    steps = rubric.position(level) - current if current is not None else None
                    found.append(Gap(ROW, row.id, dimension, level, current, steps))
    return found


def shortfall(rubric: Rubric, ratings: Ratings, targets: TargetSet) -> float:
    """Levels still to climb to reach every row target (rows above target do not offset others)."""
    return sum(max(g.steps or 0.0, 0.0) for g in gaps(rubric, ratings, targets) if g.scope == ROW)


def row_targets(rubric: Rubric, targets: TargetSet, dimension: str) -> dict[str, int]:
    """Target positions per row on one dimension: a row's own target, else its group's."""
    levels = set(rubric.level_ids())
    found: dict[str, int] = {}
    for group, row in rubric.rows():
        level = targets.rows.get((row.id, dimension)) or targets.groups.get((group.id, dimension))
        if level in levels:
            assert level is not None
            found[row.id] = rubric.position(level)
    return found


def group_targets(rubric: Rubric, targets: TargetSet, dimension: str) -> dict[str, int]:
    """Target positions per group on one dimension (groups without one left out)."""
    levels = set(rubric.level_ids())
    return {
        g.id: rubric.position(level)
        for g in rubric.groups
        if (level := targets.groups.get((g.id, dimension))) in levels and level is not None
    }


# --- the review schedule ----------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """A planned review of the series: the date the team means to rate the continuum again."""

    due_on: date
    note: str = ""


@dataclass(frozen=True)
class DueReview:
    """A review that is coming up or overdue, for the Start page's reminder."""

    series: str
    title: str
    """Who and what: "Riverside · Lincoln Elementary, Leadership team: Leadership System"."""
    latest_code: str
    review: Review
    days_left: int
    """Days from today to the due date; negative when overdue."""

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def check_review(due_on: date, note: str) -> Review:
    if not isinstance(due_on, date):
        raise InputError("Give the review a date, for example 2027-03-15.")
    return Review(due_on, check_text("Review note", note.strip(), limit=500))


def review_done(review: Review, held: Iterable[date]) -> bool:
    """A review is done once a session of the series is held on or after its date, or shortly before."""
    return any(day >= review.due_on - DONE_BEFORE for day in held)


def due_reviews(
    schedule: Iterable[Review], held: Iterable[date], today: date, *, ahead: timedelta = REMIND_AHEAD
) -> list[Review]:
    """Reviews not yet done whose date is within ``ahead`` of today or past, earliest first."""
    held = list(held)
    return sorted(
        (r for r in schedule if r.due_on <= today + ahead and not review_done(r, held)),
        key=lambda r: r.due_on,
    )


def next_review(schedule: Iterable[Review], held: Iterable[date]) -> Review | None:
    """The earliest review not yet done."""
    held = list(held)
    waiting = sorted((r for r in schedule if not review_done(r, held)), key=lambda r: r.due_on)
    return waiting[0] if waiting else None


# --- the target grid the Progress page edits ------------------------------------------------

NO_TARGET = "No target"


def target_grid(rubric: Rubric, targets: TargetSet, scope: str) -> list[dict[str, str]]:
    """One line per group (or row): its id, its short name and the target level's name per dimension."""
    if scope == GROUP:
        items = [(g.id, g.short) for g in rubric.groups]
    else:
        items = [(r.id, r.short) for _, r in rubric.rows()]
    levels = {level.id: level.name for level in rubric.levels}
    return [
        {
            "id": item_id,
            "name": name,
            **{d: levels.get(targets.of(scope, item_id, d) or "", NO_TARGET) for d in rubric.dimension_ids()},
        }
        for item_id, name in items
    ]


def grid_changes(
    rubric: Rubric, targets: TargetSet, scope: str, lines: Iterable[Mapping[str, object]]
) -> dict[tuple[str, str, str], str | None]:
    """The targets an edited grid sets or clears, compared with the stored ones."""
    by_name = {level.name: level.id for level in rubric.levels}
    changes: dict[tuple[str, str, str], str | None] = {}
    for line in lines:
        item_id = str(line["id"])
        for d in rubric.dimension_ids():
            chosen = line.get(d)
            if chosen in (None, "", NO_TARGET):
                level = None
            elif str(chosen) in by_name:
                level = by_name[str(chosen)]
            else:
                raise InputError(f"No such level: {chosen} (levels: {', '.join(by_name)})")
            if level != targets.of(scope, item_id, d):
                changes[(scope, item_id, d)] = level
    return changes
