"""Charts of the district view as plain plotly figure dictionaries: a heatmap and the levels per row.

Levels take colours from viridis (sequential, told apart by colour-blind viewers and still ordered
in grey); a cell with no level is grey or white, and every cell also carries a mark (the level's
number, "–", "n/a" or "×"), so the chart reads in black and white and on a washed-out projector.
School names and rubric text are shown as typed (``chart_text``).
"""

from __future__ import annotations

import functools
import textwrap

import plotly.colors
import plotly.graph_objects as go

from .charts import FONT, INK
from .rollup import STATE_TEXT, Mark, Rollup, State
from .rubric import Rubric
from .text import chart_text

STATE_VALUE = {State.NOT_IN_EDITION: -3, State.NOT_APPLICABLE: -2, State.NOT_RATED: -1}
"""Below every level position (a floor, "Not started", is 0)."""
STATE_COLOUR = {State.NOT_IN_EDITION: "#FFFFFF", State.NOT_APPLICABLE: "#E4E4E4", State.NOT_RATED: "#B3B3B3"}
STATE_MARK = {State.NOT_IN_EDITION: "×", State.NOT_APPLICABLE: "n/a", State.NOT_RATED: "–"}
ROW_HEIGHT = 38
"""Pixels per school in the heatmap: room for an 18-pixel label."""


@functools.cache
def level_colours(count: int) -> tuple[str, ...]:
    """``count`` colours from viridis, lowest level first, as ``#RRGGBB``."""
    if count == 1:
        return ("#21918C",)
    sampled = plotly.colors.sample_colorscale("Viridis", [i / (count - 1) for i in range(count)])
    found: list[str] = []
    for colour in sampled:
        red, green, blue = (int(float(v)) for v in colour.removeprefix("rgb(").removesuffix(")").split(","))
        found.append(f"#{red:02X}{green:02X}{blue:02X}")
    return tuple(found)


def mark_colour(rubric: Rubric, mark: Mark) -> str:
    if mark.state is State.RATED and mark.position is not None:
        return level_colours(len(rubric.scale()))[mark.position - rubric.lowest()]
    return STATE_COLOUR[mark.state]


def _value(mark: Mark) -> int:
    return (
        mark.position if mark.state is State.RATED and mark.position is not None else STATE_VALUE[mark.state]
    )


def _shown(mark: Mark) -> str:
    return str(mark.position) if mark.state is State.RATED else STATE_MARK[mark.state]


def _level_name(rubric: Rubric, mark: Mark) -> str:
    if mark.state is State.RATED and mark.position is not None:
        return chart_text(rubric.level_at(mark.position).name)
    return STATE_TEXT[mark.state]


def _colourscale(rubric: Rubric) -> list[list[object]]:
    """One flat band per value from -3 (not in this edition) to the top level (a floor's 0 has its own)."""
    gap = [STATE_COLOUR[State.NOT_RATED]] if rubric.floor is None else []  # 0: no value without a floor
    colours = [*(STATE_COLOUR[s] for s in STATE_VALUE), *gap, *level_colours(len(rubric.scale()))]
    bands = len(colours)
    scale: list[list[object]] = []
    for i, colour in enumerate(colours):
        scale += [[i / bands, colour], [(i + 1) / bands, colour]]
    return scale


def heatmap(found: Rollup, dimension: str, group_id: str | None = None) -> go.Figure:
    """The heatmap as a figure (plotly's validation skipped: the tests validate the spec)."""
    return go.Figure(heatmap_spec(found, dimension, group_id), _validate=False)


def heatmap_spec(found: Rollup, dimension: str, group_id: str | None = None) -> dict[str, object]:
    """Schools down the side, rows (of one group, if given) across the top, a level colour in every cell."""
    rubric = found.rubric
    chosen = [(i, row) for i, (group, row) in enumerate(rubric.rows()) if group_id in (None, group.id)]
    lines = found.marks[dimension]
    names = [chart_text(level.name) for level in rubric.scale()]
    columns = [row.short for _, row in chosen]
    long_labels = len(columns) > 8
    ticks = [
        chart_text(c) if long_labels else "<br>".join(chart_text(line) for line in textwrap.wrap(c, 14))
        or chart_text(c)
        for c in columns
    ]
    first = rubric.lowest()
    values = list(STATE_VALUE.values()) + list(range(first, first + len(names)))
    tick_text = [STATE_TEXT[s] for s in STATE_VALUE] + [
        f"{n} {name}" for n, name in enumerate(names, start=first)
    ]
    schools = [chart_text(label) for label in found.labels]
    rows = [(i, chart_text(row.short)) for i, row in chosen]
    hover = [
        [f"{school}<br>{row}: {_level_name(rubric, line[i])}" for i, row in rows]
        for school, line in zip(schools, lines, strict=True)
    ]
    trace = {
        "type": "heatmap",
        "x": [row.id for _, row in chosen],
        "y": schools,
        "z": [[_value(line[i]) for i, _ in chosen] for line in lines],
        "text": [[_shown(line[i]) for i, _ in chosen] for line in lines],
        "texttemplate": "%{text}",
        # white figures with a dark halo read on every level colour, from dark purple to yellow
        "textfont": {"size": FONT - 2, "shadow": "auto"},
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        "colorscale": _colourscale(rubric),
        "zmin": min(values) - 0.5,
        "zmax": max(values) + 0.5,
        "xgap": 2,
        "ygap": 2,
        "colorbar": {
            "tickvals": values,
            "ticktext": tick_text,
            "tickfont": {"size": FONT - 2, "color": INK},
            "title": {"text": "Level", "font": {"size": FONT, "color": INK}},
            "len": 1.0 if len(found.labels) > 6 else 1.6,
            "lenmode": "fraction",
            "thickness": 22,
        },
    }
    layout = {
        "xaxis": {
            "side": "top",
            "tickfont": {"size": FONT - 2 if long_labels else FONT, "color": INK},
            "tickangle": -45 if long_labels else 0,
            "type": "category",
            "tickvals": [row.id for _, row in chosen],
            "ticktext": ticks,
            "fixedrange": True,
        },
        "yaxis": {
            "type": "category",
            "autorange": "reversed",
            "tickfont": {"size": FONT, "color": INK},
            "fixedrange": True,
        },
        "font": {"size": FONT, "family": "Source Sans Pro, Arial, sans-serif", "color": INK},
        "margin": {"l": 20, "r": 20, "t": 180 if long_labels else 90, "b": 20},
        "height": max(420, (180 if long_labels else 90) + 40 + ROW_HEIGHT * len(found.labels)),
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    return {"data": [trace], "layout": layout}


def distribution(found: Rollup, dimension: str, group_id: str | None = None) -> go.Figure:
    return go.Figure(distribution_spec(found, dimension, group_id), _validate=False)


def distribution_spec(found: Rollup, dimension: str, group_id: str | None = None) -> dict[str, object]:
    """Per row, one bar of the schools split by level (lowest first), then those with no level."""
    rubric = found.rubric
    chosen = [(group, row) for group, row in rubric.rows() if group_id in (None, group.id)]
    wanted = {row.id for _, row in chosen}
    lines = [d for d in found.distributions[dimension] if d.row_id in wanted]
    rows = [chart_text(row.short) for _, row in chosen]
    colours = level_colours(len(rubric.scale()))
    first = rubric.lowest()
    parts: list[tuple[str, str, list[int]]] = [
        (f"{n} {chart_text(level.name)}", colours[n - first], [d.counts[level.id] for d in lines])
        for n, level in enumerate(rubric.scale(), start=first)
    ]
    parts.append((STATE_TEXT[State.NOT_RATED], STATE_COLOUR[State.NOT_RATED], [d.not_rated for d in lines]))
    parts.append(
        (
            STATE_TEXT[State.NOT_APPLICABLE],
            STATE_COLOUR[State.NOT_APPLICABLE],
            [d.not_applicable for d in lines],
        )
    )
    if any(d.not_in_edition for d in lines):
        parts.append(("Not in this edition", "#FFFFFF", [d.not_in_edition for d in lines]))
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": rows,
            "x": counts,
            "text": [str(n) if n else "" for n in counts],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textfont": {"size": FONT - 2},
            "marker": {"color": colour, "line": {"color": "#555555", "width": 1}},
            # the name through meta, not in the template: "%{x}" typed in a level's name stays text
            "meta": [name],
            "hovertemplate": "%{y}: %{x} %{meta[0]}<extra></extra>",
        }
        for name, colour, counts in parts
    ]
    layout = {
        "barmode": "stack",
        "xaxis": {
            "title": {"text": "Schools", "font": {"size": FONT, "color": INK}},
            "tickfont": {"size": FONT - 2, "color": INK},
            "range": [0, max(len(found.labels), 1)],
            "fixedrange": True,
        },
        "yaxis": {
            "type": "category",
            "autorange": "reversed",
            "tickfont": {"size": FONT, "color": INK},
            "fixedrange": True,
        },
        "legend": {
            "orientation": "h",
            "traceorder": "normal",  # lowest level first, as the bars stack
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "font": {"size": FONT - 2},
        },
        "font": {"size": FONT, "family": "Source Sans Pro, Arial, sans-serif", "color": INK},
        "margin": {"l": 20, "r": 20, "t": 90, "b": 60},
        "height": max(360, 170 + 46 * len(rows)),
        "bargap": 0.3,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    return {"data": traces, "layout": layout}
