"""The district view as tables of words and numbers: what the page lists and the downloads hold.

Pure functions of a ``Rollup``; the page, the Excel workbook and the PDF show the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .rollup import STATE_TEXT, DistrictLine, Mark, Rollup, Spread, Standing, State, mark
from .rubric import Rubric
from .scale_reach import SCALE, scale_reach
from .tables import level_between, plural

Value = str | int | float
NO_TARGETS = "No targets set"
NO_SCHOOLS = "No building team's session was held in these dates."


@dataclass(frozen=True)
class TextTable:
    """Column keys with their headings, and one line per item (numbers stay numbers for spreadsheets)."""

    columns: dict[str, str]
    lines: list[dict[str, Value]]

    def text_lines(self) -> list[dict[str, str]]:
        """Every value as text (a table on screen wants one type per column): 2.0 as "2", 1.5 as "1.5"."""
        return [{k: _text(line.get(k, "")) for k in self.columns} for line in self.lines]


def _text(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def mark_text(rubric: Rubric, mark: Mark) -> str:
    """The level's name, or "Not rated", "Not applicable", "Not in this edition"."""
    if mark.state is State.RATED and mark.position is not None:
        return rubric.level_at(mark.position).name
    return STATE_TEXT[mark.state]


def median_text(rubric: Rubric, spread: Spread) -> str:
    return "—" if spread.median is None else level_between(rubric, spread.median)


def spread_text(rubric: Rubric, spread: Spread) -> str:
    """ "all Emerging", or "Not yet to Acceptable (3 levels apart)"; "—" when no school is rated."""
    if spread.low is None or spread.high is None:
        return "—"
    low, high = rubric.level_at(spread.low).name, rubric.level_at(spread.high).name
    if spread.low == spread.high:
        return f"all {low}"
    apart = spread.high - spread.low
    return f"{low} to {high} ({apart} level{'s' if apart != 1 else ''} apart)"


def share_text(count: int | None, rated: int) -> str:
    """ "7 of 12 (58 %)"; "district not rated"; "—" when no school is rated."""
    if count is None:
        return "district not rated"
    if rated == 0:
        return "—"
    return f"{count} of {rated} ({round(100 * count / rated)} %)"


def range_text(start: date | None, end: date | None) -> str:
    """ "sessions held from 1 September 2026 to 30 June 2027" (either end may be open)."""
    if start is None and end is None:
        return "sessions held on any date"
    if start is None:
        return f"sessions held up to {end:%d %B %Y}"
    if end is None:
        return f"sessions held from {start:%d %B %Y}"
    return f"sessions held from {start:%d %B %Y} to {end:%d %B %Y}"


def _row_names(rubric: Rubric) -> dict[str, tuple[str, str]]:
    return {row.id: (group.short, row.short) for group, row in rubric.rows()}


def comparison_table(found: Rollup) -> TextTable:
    """The district's own rating beside its schools', a line per row (and per dimension, unless SIPR)."""
    rubric = found.rubric
    names = _row_names(rubric)
    columns = {"group": rubric.terms.group} if len(rubric.groups) > 1 else {}
    columns["row"] = rubric.terms.row
    if len(rubric.dimension_ids()) > 1:
        columns["dimension"] = "Dimension"
    columns["district"] = "District"
    columns.update(median="Schools' median", above="Schools at or above the district")
    columns.update(spread="Schools' spread", rated="Schools rated")
    lines: list[dict[str, Value]] = []
    for line in found.comparison:
        full = _comparison_line(rubric, names, line)
        lines.append({key: full[key] for key in columns})
    return TextTable(columns, lines)


def _comparison_line(
    rubric: Rubric, names: dict[str, tuple[str, str]], line: DistrictLine
) -> dict[str, Value]:
    group, row = names[line.row_id]
    return {
        "group": group,
        "row": row,
        "dimension": rubric.dimension(line.dimension).short,
        "district": mark_text(rubric, line.district),
        "median": median_text(rubric, line.schools),
        "spread": spread_text(rubric, line.schools),
        "above": share_text(line.at_or_above, line.schools.rated),
        "rated": line.schools.rated,
    }


SCALE_READING = (
    "SIPR's Acceptable Scale criteria are about the schools, so the district's own Scale rating is its "
    "estimate. Beside it, for each criterion: how many of the schools that rated their own Scale meet it "
    "(they ticked it, or rated Scale Acceptable, which needs every criterion). A school on an edition that "
    "words a criterion differently is not counted for it."
)


def scale_reach_table(found: Rollup) -> TextTable:
    """SIPR: per Scale criterion, the schools that meet it beside the district's Scale rating and tick.

    The long criterion comes last, so a phone shows the counts first; "—" when the district has not
    rated its own Scale of the row (its ticks then say nothing)."""
    rubric = found.rubric
    names = _row_names(rubric)
    scale = rubric.dimension(SCALE)
    columns = {
        "group": rubric.terms.group,
        "row": rubric.terms.row,
        "schools": f"Schools whose own {scale.short} meets it",
        "district": f"District: {scale.short}",
        "district_ticked": "District says it holds",
        "criterion": f"{scale.name} criterion",
    }
    lines: list[dict[str, Value]] = []
    for reach in scale_reach(found):
        group, row = names[reach.row_id]
        own = mark(rubric, rubric, found.district, reach.row_id, SCALE)
        ticked = ("yes" if reach.district_ticked else "no") if own.state is State.RATED else "—"
        lines.append({
            "group": group,
            "row": row,
            "schools": share_text(reach.met, reach.rated),
            "district": mark_text(rubric, own),
            "district_ticked": ticked,
            "criterion": reach.text,
        })
    return TextTable(columns, lines)


def standings_table(found: Rollup) -> TextTable:
    """The schools furthest from their targets first; those without targets last, said plainly."""
    columns = {
        "school": "School",
        "held_on": "Rated on",
        "shortfall": "Levels to climb",
        "missed": "Targets not met",
        "targets": "Targets",
    }
    return TextTable(columns, [_standing_line(s) for s in found.standings])


def _standing_line(s: Standing) -> dict[str, Value]:
    line: dict[str, Value] = {"school": s.label, "held_on": s.held_on.isoformat()}
    if not s.has_targets:
        return {**line, "shortfall": "", "missed": "", "targets": NO_TARGETS}
    unrated = f", {s.not_rated} not rated yet" if s.not_rated else ""
    met = s.targets - s.missed - s.not_rated
    return {
        **line,
        "shortfall": round(s.shortfall, 2),
        "missed": s.missed,
        "targets": f"{met} of {s.targets} met{unrated}",
    }


def distribution_table(found: Rollup, dimension: str) -> TextTable:
    """Per row, the schools at each level, then those not rated, not applicable or not in their edition."""
    rubric = found.rubric
    names = _row_names(rubric)
    found_rows = found.distributions[dimension]
    columns = {"row": rubric.terms.row}
    columns.update({f"level:{level.id}": level.name for level in rubric.scale()})
    columns.update(not_rated=STATE_TEXT[State.NOT_RATED], not_applicable=STATE_TEXT[State.NOT_APPLICABLE])
    if any(d.not_in_edition for d in found_rows):
        columns["not_in_edition"] = STATE_TEXT[State.NOT_IN_EDITION]
    lines: list[dict[str, Value]] = []
    for d in found_rows:
        line: dict[str, Value] = {"row": names[d.row_id][1]}
        line.update({f"level:{level}": n for level, n in d.counts.items()})
        line.update(not_rated=d.not_rated, not_applicable=d.not_applicable, not_in_edition=d.not_in_edition)
        lines.append({key: line[key] for key in columns})
    return TextTable(columns, lines)


def heatmap_table(found: Rollup, dimension: str) -> TextTable:
    """One line per school, one column per row: the level's name or why there is none."""
    rubric = found.rubric
    columns = {"school": "School"}
    columns.update({f"row:{row.id}": row.short for _, row in rubric.rows()})
    lines: list[dict[str, Value]] = []
    for label, marks in zip(found.labels, found.marks[dimension], strict=True):
        line: dict[str, Value] = {"school": label}
        line.update(
            {f"row:{row.id}": mark_text(rubric, m) for (_, row), m in zip(rubric.rows(), marks, strict=True)}
        )
        lines.append(line)
    return TextTable(columns, lines)


def schools_table(found: Rollup) -> TextTable:
    """Each school team's session in the view and its earlier sessions in the same dates (its history)."""
    coded = any(s.info.code for s in found.snapshots)  # only the facilitator's view holds join codes
    columns = {
        "school": "School",
        "team": "Team",
        "held_on": "Rated on",
        **({"code": "Join code"} if coded else {}),
        "rated": f"{plural(found.rubric.terms.row)} rated".capitalize(),
        "earlier": "Earlier sessions in these dates",
    }
    dimension = found.school_dimension()
    lines: list[dict[str, Value]] = []
    for label, snapshot, marks in zip(found.labels, found.snapshots, found.marks[dimension], strict=True):
        info = snapshot.info
        shared = [m for m in marks if m.state is not State.NOT_IN_EDITION]
        rated = sum(1 for m in shared if m.state is not State.NOT_RATED)
        earlier = "; ".join(
            f"{e.held_on:%d %b %Y}" + (f" ({e.code})" if e.code else "") for e in snapshot.earlier
        )
        line: dict[str, Value] = {
            "school": label,
            "team": info.team,
            "held_on": info.held_on.isoformat(),
            "code": info.code,
            "rated": f"{rated} of {len(shared)}",
            "earlier": earlier or "—",
        }
        lines.append({k: v for k, v in line.items() if k in columns})
    return TextTable(columns, lines)
