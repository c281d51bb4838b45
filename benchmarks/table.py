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


def render(figures: list[Figure]) -> str:
    header = ("measurement", "setting", "value", "goal", "met")
    rows = [
        (
            f.measurement,
            f.setting,
            f"{f.value:,.1f} {f.unit}",
            f.goal,
            {True: "yes", False: "NO", None: "—"}[f.met],
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])
