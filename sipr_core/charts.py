"""Radar charts of a rating set: pure functions from ratings to plotly figures.

Colours are Okabe-Ito (told apart by colour-blind viewers) and every trace also
differs in marker and dash, so charts read in black and white too. Every text of a rubric or a
session goes through ``chart_text``: plotly reads ``<a href>``, ``<b>`` and ``$...$`` as markup.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from .rubric import Rubric
from .scoring import Ratings, Status, score
from .targets import TargetSet, group_targets, row_targets
from .text import chart_text

SHORT_CONTINUUM = 12
"""Up to this many rows, every row is an axis; above it, every group is."""

# Okabe-Ito, with its orange and sky blue darkened (#E69F00, #56B4E9 are 2.3:1 on white) so every
# line stands out at 3:1 at least, as WCAG 2.1 AA asks of the parts of a chart (1.4.11).
COLOURS = ["#0072B2", "#B87A00", "#009E73", "#CC79A7", "#D55E00", "#2B8CC4"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
PREVIOUS = "#8C8C8C"
TARGET = "#000000"
INK = "#14213D"  # the theme's text colour: dark enough for the back of a room
FONT = 18


@dataclass(frozen=True)
class ChartSize:
    """How large a chart draws its text and how much room its axis names get around it."""

    font: int
    wrap: int
    """Axis names wrap after this many characters."""
    side: int
    """The margin at each side, where the radar's axis names stand."""
    height: int


ROOM = ChartSize(font=FONT, wrap=14, side=110, height=560)
"""A projector or a laptop: text readable from the back of a room."""
PHONE = ChartSize(font=14, wrap=11, side=64, height=400)
"""A phone held upright: at 390 px the room's margins would leave a radar a few fingers wide."""


def size_for(user_agent: str) -> ChartSize:
    """The phone's size for a browser that says it is a phone ("Mobi", as Android's and iOS's do)."""
    return PHONE if "Mobi" in user_agent else ROOM


@dataclass(frozen=True)
class RadarData:
    """What a radar shows: axis labels and, per trace, one level position (or None) per axis."""

    axes: list[str]
    series: dict[str, list[float | None]]
    previous: dict[str, list[float | None]]
    levels: list[str]
    by: str
    target: dict[str, list[float | None]] | None = None
    """Per trace name, the target position per axis (fidelity benchmarks), when any is set."""
    floor: str | None = None
    """The name of the rubric's floor ("Not started"), drawn at 0: the centre, inside the first ring."""


def _wrap(label: str, width: int) -> str:
    """The label cut and wrapped as typed, then escaped, so no entity is cut in half."""
    short = label if len(label) <= 40 else label[:39] + "…"
    return "<br>".join(chart_text(line) for line in textwrap.wrap(short, width)) or chart_text(short)


def radar_data(
    rubric: Rubric,
    ratings: Ratings,
    previous: Ratings | None = None,
    group_id: str | None = None,
    *,
    targets: TargetSet | None = None,
) -> RadarData:
    """The values of the radar: rows of one group, every row of a short continuum, or every group."""
    dimensions = rubric.dimension_ids()
    names = {d: rubric.dimension(d).short for d in dimensions}

    def values(source: Ratings) -> dict[str, list[float | None]]:
        if group_id is None and rubric.row_count() > SHORT_CONTINUUM:
            card = score(rubric, source)
            return {names[d]: [card.groups[g.id][d].mean_level for g in rubric.groups] for d in dimensions}
        rows = [r for g in rubric.groups if group_id in (None, g.id) for r in g.rows]
        series: dict[str, list[float | None]] = {}
        for d in dimensions:
            points: list[float | None] = []
            for row in rows:
                rating = source.get((row.id, d))
                rated = rating is not None and rating.status is Status.RATED and rating.level is not None
                points.append(
                    float(rubric.position(rating.level)) if rated and rating and rating.level else None
                )
            series[names[d]] = points
        return series

    if group_id is None and rubric.row_count() > SHORT_CONTINUUM:
        axes, by = [g.short for g in rubric.groups], "group"
    else:
        axes = [r.short for g in rubric.groups if group_id in (None, g.id) for r in g.rows]
        by = "row"
    return RadarData(
        axes=axes,
        series=values(ratings),
        previous=values(previous) if previous is not None else {},
        levels=[level.short for level in rubric.levels],
        by=by,
        target=_targets(rubric, targets, by, group_id, names) if targets else None,
        floor=rubric.floor.short if rubric.floor is not None else None,
    )


def _targets(
    rubric: Rubric, targets: TargetSet, by: str, group_id: str | None, names: dict[str, str]
) -> dict[str, list[float | None]] | None:
    found: dict[str, list[float | None]] = {}
    for d, name in names.items():
        if by == "group":
            wanted = group_targets(rubric, targets, d)
            points = [wanted.get(g.id) for g in rubric.groups]
        else:
            wanted = row_targets(rubric, targets, d)
            points = [wanted.get(r.id) for g in rubric.groups if group_id in (None, g.id) for r in g.rows]
        if any(p is not None for p in points):
            found[name] = [float(p) if p is not None else None for p in points]
    return found or None


def radar(
    rubric: Rubric,
    ratings: Ratings,
    previous: Ratings | None = None,
    group_id: str | None = None,
    title: str | None = None,
    *,
    targets: TargetSet | None = None,
    previous_name: str = "previous session",
    size: ChartSize = ROOM,
) -> go.Figure:
    """A radar of the ratings (a bar chart when there are fewer than three axes)."""
    # The spec is plain data checked by the tests (tests/unit/test_charts.py validates it with
    # plotly); skipping plotly's validation here saves ~10 ms on every rerun of the Rate page.
    spec = radar_spec(
        rubric, ratings, previous, group_id, title, targets=targets, previous_name=previous_name, size=size
    )
    return go.Figure(spec, _validate=False)


def radar_spec(
    rubric: Rubric,
    ratings: Ratings,
    previous: Ratings | None = None,
    group_id: str | None = None,
    title: str | None = None,
    *,
    targets: TargetSet | None = None,
    previous_name: str = "previous session",
    size: ChartSize = ROOM,
) -> dict[str, object]:
    """The radar as a plotly figure dictionary (with a dashed black trace per dimension's targets)."""
    data = radar_data(rubric, ratings, previous, group_id, targets=targets)
    if len(data.axes) < 3:
        return _bars(data, title, previous_name, size)
    labels = [_wrap(a, size.wrap) for a in data.axes]
    closed = [*labels, labels[0]]
    traces: list[dict[str, object]] = []
    for name, points in data.previous.items():
        traces.append(
            {
                "type": "scatterpolar",
                "r": [*points, points[0]],
                "theta": closed,
                "name": chart_text(f"{name}, {previous_name}"),
                "line": {"color": PREVIOUS, "width": 2, "dash": "dot"},
                "marker": {"size": 7},
                "connectgaps": False,
            }
        )
    for name, points in (data.target or {}).items():
        traces.append(
            {
                "type": "scatterpolar",
                "r": [*points, points[0]],
                "theta": closed,
                "name": chart_text(f"{name} target"),
                "mode": "lines+markers",
                "line": {"color": TARGET, "width": 2, "dash": "dash"},
                "marker": {"size": 9, "symbol": "star-open", "color": TARGET},
                "connectgaps": False,
            }
        )
    for i, (name, points) in enumerate(data.series.items()):
        trace: dict[str, object] = {
            "type": "scatterpolar",
            "r": [*points, points[0]],
            "theta": closed,
            "name": chart_text(name),
            "line": {"color": COLOURS[i % 6], "width": 4, "dash": DASHES[i % 6]},
            "marker": {"size": 12, "symbol": SYMBOLS[i % 6]},
            "connectgaps": False,
        }
        # a fill through unrated rows would shade a wedge that means nothing
        if len(data.series) == 1 and None not in points:
            trace.update(fill="toself", fillcolor=_fade(COLOURS[i % 6]))
        traces.append(trace)
    layout = {
        "polar": {
            "radialaxis": {
                "range": [0, len(data.levels)],
                **_ticks(data),
                "tickfont": {"size": max(size.font - 4, 12), "color": INK},
                "angle": 90,
                "tickangle": 90,
            },
            "angularaxis": {"tickfont": {"size": size.font, "color": INK}, "direction": "clockwise"},
        },
        **_layout(title, data, size),
    }
    return {"data": traces, "layout": layout}


def _bars(data: RadarData, title: str | None, previous_name: str, size: ChartSize) -> dict[str, object]:
    traces: list[dict[str, object]] = []
    axes = [chart_text(a) for a in data.axes]
    for name, points in data.previous.items():
        traces.append(
            {
                "type": "bar",
                "y": axes,
                "x": points,
                "name": chart_text(f"{name}, {previous_name}"),
                "orientation": "h",
                "marker": {"color": PREVIOUS, "pattern": {"shape": "."}},
            }
        )
    for name, points in (data.target or {}).items():
        traces.append(
            {
                "type": "scatter",
                "y": axes,
                "x": points,
                "name": chart_text(f"{name} target"),
                "mode": "markers",
                "marker": {"color": TARGET, "symbol": "line-ns-open", "size": 34, "line": {"width": 3}},
            }
        )
    for i, (name, points) in enumerate(data.series.items()):
        traces.append(
            {
                "type": "bar",
                "y": axes,
                "x": points,
                "name": chart_text(name),
                "orientation": "h",
                "marker": {"color": COLOURS[i % 6], "pattern": {"shape": ["", "/", "x"][i % 3]}},
                # a floor's bar has no length: its name beside the axis tells it from a row not rated
                "text": [chart_text(data.floor) if data.floor and p == 0 else "" for p in points],
                "textposition": "outside",
                "cliponaxis": False,
            }
        )
    layout = {
        "xaxis": {
            "range": [0, len(data.levels)],
            **_ticks(data),
            "tickfont": {"size": size.font - 2, "color": INK},
        },
        "yaxis": {"tickfont": {"size": size.font, "color": INK}, "autorange": "reversed", "automargin": True},
        "barmode": "group",
        "bargap": 0.45,
        **_layout(title, data, size),
    }
    return {"data": traces, "layout": layout}


def _ticks(data: RadarData) -> dict[str, object]:
    """A tick per level; with a floor, its name at 0 as well."""
    names = [*([data.floor] if data.floor else []), *data.levels]
    first = 0 if data.floor else 1
    return {"tickvals": list(range(first, len(data.levels) + 1)), "ticktext": [chart_text(n) for n in names]}


def _layout(title: str | None, data: RadarData, size: ChartSize) -> dict[str, object]:
    top = size.side * 0.7 if title else size.side * 0.6
    return {
        "title": {"text": chart_text(title or ""), "font": {"size": size.font + 4}},
        "font": {"size": size.font, "family": "Source Sans Pro, Arial, sans-serif", "color": INK},
        "showlegend": len(data.series) > 1 or bool(data.previous) or bool(data.target),
        "legend": {"orientation": "h", "y": -0.12, "font": {"size": size.font}},
        "margin": {"l": size.side, "r": size.side, "t": round(top), "b": round(size.side * 0.55)},
        "height": size.height,
        "paper_bgcolor": "rgba(0,0,0,0)",
    }


def _fade(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.18)"
