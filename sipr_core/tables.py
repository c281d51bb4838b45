"""What the dashboard lists beside its radar: a line per rated cell and the mean level per dimension.

Pure functions of a session (and the session before it in the series); the page only places them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rubric import Rubric
from .scoring import Key, Rating, Ratings, Status, score
from .session import Session
from .targets import TargetSet, row_targets

NOT_RATED = "Not rated"
NOT_APPLICABLE = "Not applicable"


@dataclass(frozen=True)
class RatingsTable:
    """Column keys with their headings (in the rubric's own terms), and one line per row and dimension."""

    columns: dict[str, str]
    lines: list[dict[str, str]]


def level_text(rubric: Rubric, rating: Rating | None) -> str:
    """The level's name, or "Not rated" / "Not applicable"."""
    if rating is None or rating.status is Status.NOT_RATED:
        return NOT_RATED
    if rating.status is Status.NOT_APPLICABLE:
        return NOT_APPLICABLE
    assert rating.level is not None
    return rubric.level(rating.level).name


def target_text(rubric: Rubric, rating: Rating | None, target: int | None) -> str:
    """A row's target level and where the row stands: "✓ Evolving (met)", "Evolving: 2 levels to go"."""
    if target is None:
        return ""
    name = rubric.levels[target - 1].name
    if rating is None or rating.status is not Status.RATED or rating.level is None:
        return f"{name}: not rated yet"
    steps = target - rubric.position(rating.level)
    if steps <= 0:
        return f"✓ {name} (met)"
    return f"{name}: {steps} level{'s' if steps > 1 else ''} to go"


def ratings_table(
    session: Session, group_id: str | None = None, targets: TargetSet | None = None
) -> RatingsTable:
    """One line per row (of one group, if given): its level on each dimension, evidence and next steps.

    The group column appears only when the lines span more than one group. A rubric with
    dimensions (SIPR: Implementation, Scale) gets a level column per dimension, named after it,
    and its evidence and next steps say which dimension each text belongs to.
    """
    rubric = session.rubric
    groups = [g for g in rubric.groups if group_id in (None, g.id)]
    if not groups:
        raise KeyError(f'No such {rubric.terms.group.lower()} in "{rubric.title}": {group_id}')
    dimensions = rubric.dimension_ids()
    columns = {"group": rubric.terms.group} if len(groups) > 1 else {}
    columns["row"] = rubric.terms.row
    if rubric.dimensions:
        columns.update({f"level:{d}": rubric.dimension(d).short for d in dimensions})
    else:
        columns[f"level:{dimensions[0]}"] = "Level"
    wanted = {d: row_targets(rubric, targets, d) for d in dimensions} if targets else {}
    for d, by_row in wanted.items():
        if by_row:
            columns[f"target:{d}"] = f"{rubric.dimension(d).short} target" if rubric.dimensions else "Target"
    columns.update(evidence="Evidence", next_steps="Next steps", title="In full")
    lines: list[dict[str, str]] = []
    for group in groups:
        for row in group.rows:
            entries = {d: session.entries.get((row.id, d)) for d in dimensions}
            line = {"group": group.short, "row": row.short, "title": row.title}
            for d, entry in entries.items():
                line[f"level:{d}"] = level_text(rubric, entry.rating if entry else None)
                if d in wanted:
                    rating = entry.rating if entry else None
                    line[f"target:{d}"] = target_text(rubric, rating, wanted[d].get(row.id))
            texts = {d: (e.evidence if e else "", e.next_steps if e else "") for d, e in entries.items()}
            line["evidence"] = _by_dimension(rubric, {d: t[0] for d, t in texts.items()})
            line["next_steps"] = _by_dimension(rubric, {d: t[1] for d, t in texts.items()})
            lines.append({key: line[key] for key in columns})
    return RatingsTable(columns, lines)


def _by_dimension(rubric: Rubric, texts: dict[str, str]) -> str:
    """One text per dimension as one cell: "Implementation: ..." lines, or the text once when all agree."""
    given = {d: t.strip() for d, t in texts.items() if t.strip()}
    if not given:
        return ""
    if not rubric.dimensions or (len(set(given.values())) == 1 and len(given) == len(texts)):
        return next(iter(given.values()))
    return "\n".join(f"{rubric.dimension(d).short}: {t}" for d, t in given.items())


def comparable(rubric: Rubric, ratings: Ratings) -> dict[Key, Rating]:
    """The ratings that name a row, dimension and level of this rubric.

    An earlier session of the series may have used an earlier edition of the rubric;
    what no longer fits is left out rather than failing the whole chart.
    """
    rows = {row.id for _, row in rubric.rows()}
    dimensions = set(rubric.dimension_ids())
    levels = set(rubric.scale_ids())
    return {
        key: rating
        for key, rating in ratings.items()
        if rating.row_id in rows
        and rating.dimension in dimensions
        and (rating.level is None or rating.level in levels)
    }


@dataclass(frozen=True)
class MeanLevel:
    """The mean level of every rated row on one dimension, now and in the previous session."""

    dimension: str
    mean: float | None
    previous: float | None
    rated: int
    rows: int

    @property
    def change(self) -> float | None:
        """The change since the previous session, to one decimal; None when either side has no mean."""
        if self.mean is None or self.previous is None:
            return None
        return round(round(self.mean, 1) - round(self.previous, 1), 1)


def mean_levels(rubric: Rubric, ratings: Ratings, previous: Ratings | None = None) -> list[MeanLevel]:
    """One ``MeanLevel`` per dimension of the rubric, from ``scoring.score``."""
    now = score(rubric, ratings).overall
    before = score(rubric, comparable(rubric, previous)).overall if previous is not None else None
    return [
        MeanLevel(
            dimension=rubric.dimension(d).short,
            mean=now[d].mean_level,
            previous=before[d].mean_level if before is not None else None,
            rated=now[d].rated,
            rows=now[d].rows,
        )
        for d in rubric.dimension_ids()
    ]


def level_between(rubric: Rubric, mean: float) -> str:
    """Where a mean level sits on the scale: "Developing", or "between Developing and Evolving"."""
    place = round(mean, 1)
    names = [level.name for level in rubric.scale()]
    first, top = rubric.lowest(), len(rubric.levels)
    low = min(max(int(place), first), top)
    if place == low or low == top:
        return names[low - first]
    return f"between {names[low - first]} and {names[low - first + 1]}"


IRREGULAR = {"criterion": "criteria"}


def plural(noun: str) -> str:
    """The English plural of a rubric's term for its rows or groups: "strategies", "areas of focus"."""
    if not noun:
        return noun
    if noun in IRREGULAR:
        return IRREGULAR[noun]
    head, of, rest = noun.partition(" of ")
    if of:
        return plural(head) + of + rest
    if noun[-1] == "y" and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def counted(count: int, noun: str) -> str:
    """"1 strategy", "3 strategies": a count and the noun in its number."""
    return f"{count} {noun if count == 1 else plural(noun)}"
