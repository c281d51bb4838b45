"""A measured figure, its goal, and the table they print as."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    measurement: str
    setting: str
    value: float
    unit: str
    goal: str = "—"
    met: bool | None = None


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(samples)
    rank = max(1, round(p / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def timing(
    measurement: str,
    setting: str,
    samples_ms: list[float],
    *,
    goal_ms: float | None = None,
    on: str = "median",
) -> list[Figure]:
    """A time that varies from run to run as two figures, its median and its 95th percentile;
    a goal is held against the one named by ``on``."""
    figures = []
    for name, value in (("median", median(samples_ms)), ("95th pct", percentile(samples_ms, 95))):
        label = f"{measurement}, {name}"
        if goal_ms is not None and name == on:
            figures.append(Figure(label, setting, value, "ms", f"< {goal_ms:,.0f} ms", value < goal_ms))
        else:
            figures.append(Figure(label, setting, value, "ms"))
    return figures


def lacking_percentile(figures: list[Figure]) -> list[Figure]:
    """Medians printed without the 95th percentile of the same measurement and setting."""
    shown = {(f.measurement, f.setting) for f in figures}
    return [
        f
        for f in figures
        if ", median" in f.measurement
        and (f.measurement.replace(", median", ", 95th pct"), f.setting) not in shown
        and (f.measurement.replace(", median", ", 95th percentile"), f.setting) not in shown
    ]


def render(figures: list[Figure]) -> str:
    header = ("measurement", "setting", "value", "goal", "met")
    rows = [
        (
            f.measurement,
            f.setting,
            f"{f.value:,.2f} {f.unit}" if f.unit == "×" else f"{f.value:,.1f} {f.unit}",
            f.goal,
            {True: "yes", False: "NO", None: "—"}[f.met],
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])
