"""Pictures of a live vote: the dot chart of one row's votes and the QR code of the join link.

Pure functions; the pages only place them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import plotly.graph_objects as go
import segno

from .charts import COLOURS, FONT, INK
from .text import chart_text

DOT = 22
"""Marker size of one vote, in pixels: large enough to count from the back of a room."""
MEDIAN = "#8A5A00"
"""The median line and its label: a dark orange, 5.9:1 on white (text needs 4.5:1, a line 3:1)."""
LABEL = 22
"""Size of the level names under the dots, in pixels; the median and names beside dots are 2 smaller."""


def dots(
    levels: Sequence[str],
    positions: Sequence[int],
    median_position: float | None = None,
    labels: Sequence[str] | None = None,
) -> go.Figure:
    """One dot per vote above its level (1-based positions), stacked; a dashed line at the median."""
    return go.Figure(dots_spec(levels, positions, median_position, labels), _validate=False)


def dots_spec(
    levels: Sequence[str],
    positions: Sequence[int],
    median_position: float | None = None,
    labels: Sequence[str] | None = None,
) -> dict[str, object]:
    """The dot chart as a plotly figure dictionary (``labels``: a name beside each dot, e.g. a group).

    Level names and labels are shown as typed (``chart_text``)."""
    stacked: dict[int, int] = {}
    xs: list[int] = []
    ys: list[int] = []
    for position in positions:
        stacked[position] = stacked.get(position, 0) + 1
        xs.append(position)
        ys.append(stacked[position])
    tallest = max(stacked.values(), default=1)
    trace: dict[str, object] = {
        "type": "scatter",
        "mode": "markers+text" if labels else "markers",
        "x": xs,
        "y": ys,
        "marker": {"size": DOT, "color": COLOURS[0], "line": {"color": "#FFFFFF", "width": 2}},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    if labels:
        shown = [chart_text(label) for label in labels]
        trace.update(text=shown, textposition="middle right", textfont={"size": LABEL - 2})
    shapes: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    if median_position is not None:
        shapes.append(
            {
                "type": "line",
                "x0": median_position,
                "x1": median_position,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": MEDIAN, "width": 3, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "x": median_position,
                "y": 1,
                "yref": "paper",
                "text": "median",
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": LABEL - 2, "color": MEDIAN},
            }
        )
    layout = {
        "xaxis": {
            "range": [0.5, len(levels) + 0.5],
            "tickvals": list(range(1, len(levels) + 1)),
            "ticktext": [chart_text(level) for level in levels],
            "tickfont": {"size": LABEL, "color": INK},
            "showgrid": True,
            "gridcolor": "#E3E8EE",
            "zeroline": False,
            "fixedrange": True,
        },
        "yaxis": {"visible": False, "range": [0.3, tallest + 0.7], "fixedrange": True},
        "shapes": shapes,
        "annotations": annotations,
        "font": {"size": FONT, "family": "Source Sans Pro, Arial, sans-serif", "color": INK},
        "height": 104 + 26 * tallest,
        "margin": {"l": 20, "r": 20, "t": 28, "b": 44},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    return {"data": [trace], "layout": layout}


def qr_png(link: str, scale: int = 10) -> bytes:
    """The link as a QR code, a PNG image: black on white, with the quiet zone phones need.

    PNG rather than SVG, because Streamlit's HTML sanitiser removes inline SVG.
    """
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=4, dark="#000", light="#FFF")
    return out.getvalue()
