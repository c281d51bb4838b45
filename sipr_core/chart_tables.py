"""Every chart's information as text, for screen readers and keyboard users (WCAG 1.1.1).

Each chart of the app has a table here with the same values (its levels per row, the votes per level,
the targets, ...) and a one-sentence summary for the chart's alternative text. Values are plain text
as typed: the pages escape them where they draw them.
"""

from __future__ import annotations

from collections.abc import Sequence

from .charts import radar_data
from .progress import Trend
from .rollup import STATE_TEXT, Rollup, State
from .rollup_tables import TextTable, Value
from .rubric import Rubric
from .scoring import Ratings, Status
from .tables import plural
from .targets import TargetSet

NOT_RATED_TEXT = "Not rated"  # as the Dashboard's table says it
NOT_APPLICABLE_TEXT = "Not applicable"
SEE_TABLE = "The table “The chart as a table” below it lists the same values."


def _level_text(levels: Sequence[str], position: float | None, floor: str | None = None) -> str:
    """A point of a chart as words: "Developing" for a level, "2.5 (between Developing and Evolving)"
    for a mean, "Not rated" for none; ``floor``: the name of the rubric's place below its first level
    ("Not started"), at position 0."""
    if position is None:
        return NOT_RATED_TEXT
    if floor is not None and position == 0:
        return floor
    if float(position).is_integer() and 1 <= position <= len(levels):
        return levels[int(position) - 1]
    low = min(max(int(position), 1), len(levels))
    between = levels[low - 1] if low == len(levels) else f"between {levels[low - 1]} and {levels[low]}"
    return f"{position:.1f} ({between})"


def radar_table(
    rubric: Rubric,
    ratings: Ratings,
    previous: Ratings | None = None,
    group_id: str | None = None,
    *,
    targets: TargetSet | None = None,
    previous_name: str = "previous session",
) -> TextTable:
    """The radar's values: one line per axis (row or group), one column per trace (levels, the previous
    session's, the targets)."""
    data = radar_data(rubric, ratings, previous, group_id, targets=targets)
    names = [level.name for level in rubric.levels]
    floor = rubric.floor.name if rubric.floor is not None else None
    term = rubric.terms.group if data.by == "group" else rubric.terms.row
    mean = " (mean level)" if data.by == "group" else ""
    columns = {"axis": term}
    traces: dict[str, list[float | None]] = {}
    for name, points in data.series.items():
        columns[f"now:{name}"] = f"{name}{mean}" if len(data.series) > 1 else f"Level{mean}"
        traces[f"now:{name}"] = points
    for name, points in data.previous.items():
        columns[f"previous:{name}"] = f"{name}, {previous_name}" if len(data.previous) > 1 else previous_name
        traces[f"previous:{name}"] = points
    for name, points in (data.target or {}).items():
        columns[f"target:{name}"] = f"{name} target" if len(data.series) > 1 else "Target"
        traces[f"target:{name}"] = points
    lines: list[dict[str, Value]] = [
        {"axis": axis, **{k: _level_text(names, points[i], floor) for k, points in traces.items()}}
        for i, axis in enumerate(_axis_titles(rubric, data.by, group_id))
    ]
    if data.by == "row":  # the chart leaves a row not applicable empty; the table says why
        dimension_of = {rubric.dimension(d).short: d for d in rubric.dimension_ids()}
        rows = [r for g in rubric.groups if group_id in (None, g.id) for r in g.rows]
        for when, source in (("now", ratings), ("previous", previous or {})):
            for name, dimension in dimension_of.items():
                for line, row in zip(lines, rows, strict=True):
                    rating, column = source.get((row.id, dimension)), f"{when}:{name}"
                    if column in line and rating is not None and rating.status is Status.NOT_APPLICABLE:
                        line[column] = NOT_APPLICABLE_TEXT
    return TextTable(columns=columns, lines=lines)


def _axis_titles(rubric: Rubric, by: str, group_id: str | None) -> list[str]:
    if by == "group":
        return [g.title for g in rubric.groups]
    return [r.title for g in rubric.groups if group_id in (None, g.id) for r in g.rows]


def radar_summary(rubric: Rubric, ratings: Ratings, group_id: str | None = None) -> str:
    """The radar's alternative text: what it shows and where the same values are as a table."""
    data = radar_data(rubric, ratings, None, group_id)
    axes = len(data.axes)
    term = rubric.terms.group if data.by == "group" else rubric.terms.row
    rated = sum(1 for points in data.series.values() for p in points if p is not None)
    shape = "Radar chart" if axes >= 3 else "Bar chart"
    what = "the mean level of each" if data.by == "group" else "the level of each"
    return (
        f"{shape} of {what} of {axes} {plural(term.lower()) if axes != 1 else term.lower()}: "
        f"{rated} of {axes * len(data.series)} rated. {SEE_TABLE}"
    )


def votes_per_level(levels: Sequence[str], positions: Sequence[int]) -> dict[str, int]:
    """How many votes each level got (1-based positions), lowest level first, levels with none included."""
    return {name: sum(1 for p in positions if p == i) for i, name in enumerate(levels, start=1)}


def dots_table(
    levels: Sequence[str], positions: Sequence[int], labels: Sequence[str] | None = None
) -> TextTable:
    """The dot chart of one row's votes: the votes per level (and who, when the dots are named groups)."""
    columns = {"level": "Level", "votes": "Votes"}
    if labels:
        columns["who"] = "Who"
    lines: list[dict[str, Value]] = []
    for i, name in enumerate(levels, start=1):
        line: dict[str, Value] = {"level": name, "votes": sum(1 for p in positions if p == i)}
        if labels:
            line["who"] = ", ".join(label for p, label in zip(positions, labels, strict=True) if p == i)
        lines.append(line)
    return TextTable(columns=columns, lines=lines)


def dots_summary(levels: Sequence[str], positions: Sequence[int], median_position: float | None) -> str:
    """The dot chart as a sentence: "5 votes: Beginning 2, Accomplished 3. Median: Accomplished."."""
    counted = votes_per_level(levels, positions)
    given = ", ".join(f"{name} {n}" for name, n in counted.items() if n) or "none"
    count = len(positions)
    said = f"{count} vote{'s' if count != 1 else ''}: {given}."
    if median_position is not None:
        said += f" Median: {_level_text(levels, median_position)}."
    return said


def trend_table(trend: Trend, dimension: str, group_title: str | None = None) -> TextTable:
    """The levels-over-time chart: one line per session date, one column per line of the chart."""
    if group_title is None:
        lines_of = [(g.title, g.means) for g in trend.groups if g.dimension == dimension]
    else:
        lines_of = [
            (r.title, r.points)
            for r in trend.rows
            if r.dimension == dimension and r.group_title == group_title
        ]
    columns = {"date": "Session date", **{f"line:{i}": title for i, (title, _) in enumerate(lines_of)}}
    lines: list[dict[str, Value]] = [
        {
            "date": day.isoformat(),
            **{f"line:{i}": _level_text(trend.levels, points[n]) for i, (_, points) in enumerate(lines_of)},
        }
        for n, day in enumerate(trend.dates)
    ]
    return TextTable(columns=columns, lines=lines)


def trend_summary(trend: Trend, dimension: str, group_title: str | None = None) -> str:
    """The levels-over-time chart's alternative text."""
    table = trend_table(trend, dimension, group_title)
    count, dates = len(table.columns) - 1, len(trend.dates)
    return (
        f"Line chart of the levels of {count} line{'s' if count != 1 else ''} over {dates} session "
        f"date{'s' if dates != 1 else ''}. {SEE_TABLE}"
    )


def heatmap_table(found: Rollup, dimension: str, group_id: str | None = None) -> TextTable:
    """The district heatmap: one line per school, one column per row, the level's name in each cell."""
    rubric = found.rubric
    chosen = [(i, row) for i, (group, row) in enumerate(rubric.rows()) if group_id in (None, group.id)]
    names = [level.name for level in rubric.levels]
    floor = rubric.floor.name if rubric.floor is not None else None
    columns = {"school": "School", **{row.id: row.short for _, row in chosen}}
    lines: list[dict[str, Value]] = []
    for label, marks in zip(found.labels, found.marks[dimension], strict=True):
        line: dict[str, Value] = {"school": label}
        for i, row in chosen:
            mark = marks[i]
            if mark.state is State.RATED and mark.position is not None:
                line[row.id] = _level_text(names, mark.position, floor)
            else:
                line[row.id] = STATE_TEXT[mark.state]
        lines.append(line)
    return TextTable(columns=columns, lines=lines)


def rollup_summary(found: Rollup, chart: str) -> str:
    """The alternative text of a district chart ("heatmap" or "distribution")."""
    schools = len(found.labels)
    of_schools = f"{schools} school{'s' if schools != 1 else ''}"
    if chart == "heatmap":
        return f"Heatmap of the level of each {found.rubric.terms.row.lower()} at {of_schools}. {SEE_TABLE}"
    return (
        f"Stacked bars: for each {found.rubric.terms.row.lower()}, how many of {of_schools} stand at each "
        f"level. {SEE_TABLE}"
    )


def distribution_table(found: Rollup, dimension: str, group_id: str | None = None) -> TextTable:
    """How many schools stand at each level, per row, as the stacked bars show it."""
    rubric = found.rubric
    chosen = {row.id: row for group, row in rubric.rows() if group_id in (None, group.id)}
    columns = {"row": rubric.terms.row, **{level.id: level.name for level in rubric.levels}}
    columns["not_rated"] = STATE_TEXT[State.NOT_RATED]
    columns["not_applicable"] = STATE_TEXT[State.NOT_APPLICABLE]
    lines: list[dict[str, Value]] = []
    for d in found.distributions[dimension]:
        if d.row_id not in chosen:
            continue
        line: dict[str, Value] = {"row": chosen[d.row_id].short}
        line.update({level.id: d.counts[level.id] for level in rubric.levels})
        line.update(not_rated=d.not_rated, not_applicable=d.not_applicable)
        lines.append(line)
    return TextTable(columns=columns, lines=lines)


__all__ = [
    "distribution_table",
    "dots_summary",
    "dots_table",
    "heatmap_table",
    "radar_summary",
    "radar_table",
    "rollup_summary",
    "trend_summary",
    "trend_table",
    "votes_per_level",
]
