"""Line charts of a series over time: one line per group (or per row of one group), per dimension."""

from __future__ import annotations

import plotly.graph_objects as go

from .charts import COLOURS, DASHES, FONT, INK, SYMBOLS
from .progress import Trend
from .text import chart_text


def trend_spec(trend: Trend, dimension: str, group_title: str | None = None) -> dict[str, object]:
    """Levels over time: every group's mean, or every row of the group titled ``group_title``.

    Titles and level names are shown as typed (``chart_text``)."""
    if group_title is None:
        lines = [(g.title, g.means) for g in trend.groups if g.dimension == dimension]
    else:
        lines = [
            (r.title if r.in_latest else f"{r.title} (no longer in the continuum)", r.points)
            for r in trend.rows
            if r.dimension == dimension and r.group_title == group_title
        ]
    dates = _labels(trend)
    traces = [
        {
            "type": "scatter",
            "x": dates,
            "y": points,
            "name": chart_text(name),
            "mode": "lines+markers",
            "line": {"color": COLOURS[i % 6], "width": 4, "dash": DASHES[(i // 6) % 6]},
            "marker": {"size": 13, "symbol": SYMBOLS[i % 6]},
            "connectgaps": True,
        }
        for i, (name, points) in enumerate(lines)
    ]
    top = len(trend.levels)
    layout = {
        "xaxis": {
            "type": "category",
            "tickfont": {"size": FONT, "color": INK},
            "title": {"text": "Session date", "font": {"color": INK}},
        },
        "yaxis": {
            "range": [0.5, top + 0.5],
            "tickvals": list(range(1, top + 1)),
            "ticktext": [chart_text(level) for level in trend.levels],
            "tickfont": {"size": FONT - 2, "color": INK},
        },
        "font": {"size": FONT, "family": "Source Sans Pro, Arial, sans-serif", "color": INK},
        "legend": {"orientation": "h", "y": -0.25, "font": {"size": FONT - 2}},
        "margin": {"l": 150, "r": 30, "t": 30, "b": 60},
        "height": 520,
        "paper_bgcolor": "rgba(0,0,0,0)",
    }
    return {"data": traces, "layout": layout}


def trend_chart(trend: Trend, dimension: str, group_title: str | None = None) -> go.Figure:
    return go.Figure(trend_spec(trend, dimension, group_title), _validate=False)


def _labels(trend: Trend) -> list[str]:
    """Session dates as axis labels, numbered when a series met twice on one day."""
    labels: list[str] = []
    for day in trend.dates:
        label = day.isoformat()
        count = sum(1 for existing in labels if existing.split(" ")[0] == label)
        labels.append(f"{label} ({count + 1})" if count else label)
    return labels
