"""The district view: the building teams' latest ratings gathered on the district team's continuum.

Pure: the district session's rubric and ratings and the schools' snapshots in; a heatmap of
schools by rows, the levels per row across schools, the schools furthest from their targets, and
the district's own rating beside its schools', out.

The district session's rubric defines the rows. A school session on another edition of the same
continuum contributes the rows both editions share; the others show as "not in this edition",
never as the lowest level. Each dimension is compared with the same dimension: for SIPR
(Implementation, "the district", and Scale, "the schools") the district's Implementation beside its
schools' own Implementation, and its Scale beside its schools' own Scale (and, per Scale criterion,
the schools that meet it: ``scale_reach``).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .access import normalise_code
from .rubric import Rubric
from .scoring import Ratings, Status
from .session import SessionInfo
from .targets import ROW, TargetSet, gaps

SIPR_DIMENSIONS = ("implementation", "scale")
"""A continuum rated on these two dimensions compares the district's pair with the schools' Implementation."""


class State(StrEnum):
    RATED = "rated"
    NOT_RATED = "not_rated"
    NOT_APPLICABLE = "not_applicable"
    NOT_IN_EDITION = "not_in_edition"


STATE_TEXT = {
    State.NOT_RATED: "Not rated",
    State.NOT_APPLICABLE: "Not applicable",
    State.NOT_IN_EDITION: "Not in this edition",
}


@dataclass(frozen=True)
class Mark:
    """One cell of the heatmap: a level position on the district's scale, or why there is none."""

    state: State
    position: int | None = None


@dataclass(frozen=True)
class Pick:
    """A school team's latest session in the date range, and its earlier ones there (its history)."""

    latest: SessionInfo
    earlier: tuple[SessionInfo, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """A building team's session as the roll-up sees it."""

    info: SessionInfo
    rubric: Rubric
    ratings: Ratings
    targets: TargetSet = field(default_factory=TargetSet)
    earlier: tuple[SessionInfo, ...] = ()


@dataclass(frozen=True)
class Distribution:
    """How many schools stand at each level of one row on one dimension."""

    row_id: str
    dimension: str
    counts: dict[str, int]
    """Level id to the number of schools at that level, every level of the scale, lowest first."""
    not_rated: int
    not_applicable: int
    not_in_edition: int

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Spread:
    """The schools' levels on one row: how many are rated, their median, lowest and highest."""

    rated: int
    median: float | None
    low: int | None
    high: int | None


@dataclass(frozen=True)
class DistrictLine:
    """One row of the district beside its schools."""

    row_id: str
    dimension: str
    """The dimension of the schools' ratings (and of ``district``)."""
    district: Mark
    schools: Spread
    at_or_above: int | None
    """Schools rated at or above the district's level; ``None`` when the district has not rated the row."""


@dataclass(frozen=True)
class Standing:
    """How far one school team stands from its targets."""

    label: str
    code: str
    held_on: date
    targets: int
    """Targets that fit the school's edition (0: no targets set)."""
    shortfall: float
    """Levels still to climb over every row target."""
    missed: int
    not_rated: int

    @property
    def has_targets(self) -> bool:
        return self.targets > 0


@dataclass(frozen=True)
class Rollup:
    """Everything the district view shows, computed once for the chosen date range."""

    rubric: Rubric
    district: Ratings
    labels: list[str]
    """One label per school team, in the order of ``snapshots`` (alphabetical)."""
    snapshots: list[Snapshot]
    marks: dict[str, list[list[Mark]]]
    """Dimension id to one list per school of one mark per row of the rubric."""
    distributions: dict[str, list[Distribution]]
    comparison: list[DistrictLine]
    standings: list[Standing]

    def school_dimension(self) -> str:
        return school_dimension(self.rubric)


@dataclass(frozen=True)
class DistrictView:
    """The district team's session, every building session linked to it, and the roll-up of the range."""

    info: SessionInfo
    rubric: Rubric
    linked: list[SessionInfo]
    """Every linked building session (any date), oldest first: the page offers their dates as the range."""
    start: date | None
    end: date | None
    rollup: Rollup

    @property
    def first(self) -> date | None:
        return self.linked[0].held_on if self.linked else None

    @property
    def last(self) -> date | None:
        return self.linked[-1].held_on if self.linked else None

    @property
    def sessions_in_range(self) -> int:
        return sum(1 + len(s.earlier) for s in self.rollup.snapshots)


def in_range(held_on: date, start: date | None, end: date | None) -> bool:
    """True when the day is within the range, both ends included (``None``: open)."""
    return (start is None or held_on >= start) and (end is None or held_on <= end)


def pick_latest(
    sessions: Iterable[SessionInfo], start: date | None = None, end: date | None = None
) -> list[Pick]:
    """Per school team (its series), the latest session held in the range; earlier ones are its history.

    Picks come by school, then team, ignoring case and reading numbers as numbers.
    """
    by_series: dict[str, list[SessionInfo]] = defaultdict(list)
    for info in sessions:
        if in_range(info.held_on, start, end):
            by_series[info.series].append(info)
    picks = []
    for held in by_series.values():
        held.sort(key=lambda i: (i.held_on, i.created_at, i.code))
        picks.append(Pick(held[-1], tuple(held[:-1])))
    return sorted(picks, key=lambda p: school_order(p.latest))


_NUMBERS = re.compile(r"(\d+)")


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that ignores case and reads numbers as numbers: "School 2" before "School 10"."""
    parts = _NUMBERS.split(text.casefold())
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in parts if p)


def school_order(info: SessionInfo) -> tuple[object, ...]:
    return (natural(info.school), natural(info.team), info.code)


def school_labels(infos: Sequence[SessionInfo]) -> list[str]:
    """The school's name; with the team when a school has several teams here (and the code, if need be)."""
    schools = [i.school.casefold() for i in infos]
    labels = [
        i.school if schools.count(i.school.casefold()) == 1 else f"{i.school} · {i.team}" for i in infos
    ]
    folded = [label.casefold() for label in labels]
    return [
        f"{label} ({i.code})" if folded.count(label.casefold()) > 1 else label
        for label, i in zip(labels, infos, strict=True)
    ]


def school_dimension(rubric: Rubric) -> str:
    """The dimension a school's level is read from: SIPR's Implementation, else the first."""
    return rubric.dimension_ids()[0]


def is_sipr(rubric: Rubric) -> bool:
    return tuple(rubric.dimension_ids()) == SIPR_DIMENSIONS


def mark(rubric: Rubric, edition: Rubric, ratings: Ratings, row_id: str, dimension: str) -> Mark:
    """A session's rating of one row, placed on ``rubric``'s scale (``edition``: the session's own rubric)."""
    return _Placer(rubric).mark(edition, ratings, row_id, dimension)


class _Placer:
    """Places ratings on one rubric's scale; remembers each edition's cells (a roll-up has few editions)."""

    def __init__(self, rubric: Rubric):
        self.positions = {level: rubric.position(level) for level in rubric.scale_ids()}
        self.cells: dict[int, frozenset[tuple[str, str]]] = {}

    def mark(self, edition: Rubric, ratings: Ratings, row_id: str, dimension: str) -> Mark:
        cells = self.cells.get(id(edition))
        if cells is None:
            cells = frozenset((row.id, d) for _, row in edition.rows() for d in edition.dimension_ids())
            self.cells[id(edition)] = cells
        if (row_id, dimension) not in cells:
            return Mark(State.NOT_IN_EDITION)
        rating = ratings.get((row_id, dimension))
        if rating is None or rating.status is Status.NOT_RATED:
            return Mark(State.NOT_RATED)
        if rating.status is Status.NOT_APPLICABLE:
            return Mark(State.NOT_APPLICABLE)
        position = self.positions.get(rating.level or "")
        # a level the district's edition of the scale does not have cannot be placed on it
        return Mark(State.RATED, position) if position is not None else Mark(State.NOT_IN_EDITION)


def distribution(rubric: Rubric, row_id: str, dimension: str, marks: Iterable[Mark]) -> Distribution:
    """The schools per level of one row (and those not rated, not applicable, or not in their edition)."""
    counts = {level: 0 for level in rubric.scale_ids()}
    others = {state: 0 for state in STATE_TEXT}
    for found in marks:
        if found.state is State.RATED and found.position is not None:
            counts[rubric.level_at(found.position).id] += 1
        else:
            others[found.state] += 1
    return Distribution(
        row_id,
        dimension,
        counts,
        others[State.NOT_RATED],
        others[State.NOT_APPLICABLE],
        others[State.NOT_IN_EDITION],
    )


def spread(marks: Iterable[Mark]) -> Spread:
    """How many schools are rated, their median level, the lowest and the highest."""
    positions = sorted(m.position for m in marks if m.state is State.RATED and m.position is not None)
    if not positions:
        return Spread(0, None, None, None)
    return Spread(len(positions), float(statistics.median(positions)), positions[0], positions[-1])


def standing(label: str, snapshot: Snapshot) -> Standing:
    """The school's distance to its targets on its own edition of the continuum."""
    info = snapshot.info
    found = gaps(snapshot.rubric, snapshot.ratings, snapshot.targets) if snapshot.targets else []
    missed = sum(1 for g in found if g.met is False)
    unrated = sum(1 for g in found if g.met is None)
    # targets.shortfall() from the gaps already found (it would find them again: 200 schools, twice the time);
    # tests/unit/test_rollup.py checks the two agree
    short = sum(max(g.steps or 0.0, 0.0) for g in found if g.scope == ROW)
    return Standing(label, info.code, info.held_on, len(found), short, missed, unrated)


def furthest_first(standings: Iterable[Standing]) -> list[Standing]:
    """Schools with targets, furthest first (levels to climb, then targets missed); then those without."""
    ordered = sorted(standings, key=lambda s: (not s.has_targets, -s.shortfall, -s.missed, natural(s.label)))
    return ordered


def rollup(rubric: Rubric, district: Ratings, snapshots: Sequence[Snapshot]) -> Rollup:
    """The district view of these snapshots (give one per school team: see ``pick_latest``)."""
    ordered = sorted(snapshots, key=lambda s: school_order(s.info))
    labels = school_labels([s.info for s in ordered])
    rows = [row.id for _, row in rubric.rows()]
    placer = _Placer(rubric)
    marks = {
        d: [[placer.mark(s.rubric, s.ratings, row_id, d) for row_id in rows] for s in ordered]
        for d in rubric.dimension_ids()
    }
    distributions = {
        d: [distribution(rubric, row_id, d, (line[i] for line in marks[d])) for i, row_id in enumerate(rows)]
        for d in rubric.dimension_ids()
    }
    return Rollup(
        rubric=rubric,
        district=district,
        labels=labels,
        snapshots=list(ordered),
        marks=marks,
        distributions=distributions,
        comparison=_comparison(rubric, district, marks),
        standings=furthest_first(standing(label, s) for label, s in zip(labels, ordered, strict=True)),
    )


def _comparison(rubric: Rubric, district: Ratings, marks: dict[str, list[list[Mark]]]) -> list[DistrictLine]:
    lines: list[DistrictLine] = []
    placer = _Placer(rubric)
    for i, (_, row) in enumerate(rubric.rows()):
        for d in rubric.dimension_ids():
            own = placer.mark(rubric, district, row.id, d)
            schools = [line[i] for line in marks[d]]
            above = None
            if own.state is State.RATED and own.position is not None:
                above = sum(
                    1 for m in schools if m.state is State.RATED and (m.position or 0) >= own.position
                )
            lines.append(DistrictLine(row.id, d, own, spread(schools), above))
    return lines


# --- the codes a facilitator pastes -----------------------------------------------------


@dataclass(frozen=True)
class PastedCodes:
    """Join codes found in pasted text (canonical, each once, in order) and the pieces that are not codes."""

    codes: list[str]
    bad: list[str]


def pasted_codes(text: str) -> PastedCodes:
    """Join codes from a pasted list: one per line, or separated by commas, semicolons, tabs or spaces.

    A code typed with spaces inside ("7KQ M2X 9RD") is read as one code when its line or piece is one.
    """
    codes: list[str] = []
    bad: list[str] = []
    for piece in re.split(r"[\n\r,;]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        whole = normalise_code(piece)
        for code, token in [(whole, piece)] if whole else [(normalise_code(t), t) for t in piece.split()]:
            if code is None:
                if token not in bad:
                    bad.append(token)
            elif code not in codes:
                codes.append(code)
    return PastedCodes(codes, bad)
