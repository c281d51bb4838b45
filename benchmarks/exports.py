"""Export time per format for the largest continuum, every row rated and 30 votes on every row.

Each format is exported several times, from reading the session in the store to the file's bytes;
the median and the 95th percentile are reported. The PDF is timed three ways: the first one in a
process (it starts the browser that draws the chart), later ones (the browser kept), and with
charts switched off (a table instead).
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time

from sipr_core import Rubric, Store, exports, load_library
from sipr_core.exports import images

from .table import Figure, timing

VOTERS = 30
ROUNDS = 9
GOALS_S = {"html": 0.5, "xlsx": 0.5, "pdf": 3.0}
TEXT = "Evidence from the October walkthroughs, minutes of three PLC meetings and the staff survey. " * 2


def largest() -> Rubric:
    """The continuum with the most rated cells (rows times dimensions)."""
    return max(load_library().rubrics.values(), key=lambda r: r.row_count() * len(r.dimension_ids()))


def make_session(store: Store, rubric: Rubric) -> tuple[str, str, int]:
    """Every cell rated with evidence and next steps, 30 votes on each, ten action items."""
    info, key = store.sessions.create(
        rubric,
        district="Bench District",
        team="Bench team",
        held_on=datetime.date(2026, 11, 23),
        facilitator="Bench",
    )
    code, levels = info.code, rubric.level_ids()
    cells = [(row.id, d) for _, row in rubric.rows() for d in rubric.dimension_ids()]
    for n, (row_id, dimension) in enumerate(cells):
        level = levels[n % len(levels)]
        store.entries.set(
            code, key, row_id, dimension, actor="Bench", level=level, evidence=TEXT, next_steps=TEXT
        )
    voters = [store.voting.join(code, f"Voter {n}") for n in range(VOTERS)]
    store.voting.open_round(code, key, cells, actor="Bench")  # votes need a round
    for n, voter in enumerate(voters):
        for m, (row_id, dimension) in enumerate(cells):
            store.voting.cast(code, voter.id, row_id, dimension, levels[(n + m) % len(levels)])
    for n in range(10):
        store.actions.add(
            code, key, actor="Bench", what=f"Action {n}", row_ids=[cells[n][0]], due="2027-01-15"
        )
    return code, key, len(cells)


def timed(store: Store, code: str, key: str, name: str, rounds: int = ROUNDS) -> list[float]:
    """The time of each of several exports, in milliseconds."""
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        exports.report(store, code, name, key)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def run() -> list[Figure]:
    figures: list[Figure] = []
    rubric = largest()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        code, key, cells = make_session(store, rubric)
        setting = f"{rubric.short}: {cells} cells, {VOTERS} votes each"
        for name in ("html", "xlsx", "csv", "json"):
            goal = GOALS_S.get(name)
            figures += timing(
                f"export {name.upper()}", setting, timed(store, code, key, name), goal_ms=goal and goal * 1000
            )
        os.environ[images.CHARTS_ENV] = "off"
        try:
            no_chart = timed(store, code, key, "pdf")
        finally:
            del os.environ[images.CHARTS_ENV]
        figures += timing("export PDF, chart as a table (no browser)", setting, no_chart, goal_ms=3000)
        if images.find_browser() is None:
            print("PDF chart figures skipped: no Chromium (apt-get install chromium)")
        else:
            images.close_renderer()
            (first,) = timed(store, code, key, "pdf", rounds=1)
            figures.append(Figure("export PDF, first in a process (starts Chromium)", setting, first, "ms"))
            with_chart = timed(store, code, key, "pdf")
            figures += timing("export PDF with the chart image", setting, with_chart, goal_ms=3000)
            images.close_renderer()
        store.close()
    return figures
