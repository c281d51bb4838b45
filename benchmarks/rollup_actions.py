"""The District view with the building teams' action plans shown: 200 schools × 5 sessions × 10 actions.

The same district as ``rollup`` (its seeding), with the page's "Show their action items and evidence"
toggle on: every run reads the 200 latest sessions' action items and evidence (``store.district.plans``),
makes the table of all 2,000 and draws its first page (``PAGE_LINES``) with the facilitator's Adopt
chooser. Server time as in ``rollup`` (AppTest, the facilitator's page, three warm-up
runs left out), with its CPU time; and the read alone. SQLite always; PostgreSQL too when the test
helper can start a server.
"""

from __future__ import annotations

import os

from sipr_core import Store
from sipr_core.storage import engine

from .rollup import ACTIONS, GOAL_S, RUNS, SCHOOLS, SESSIONS, on_each_engine, seed, timed, timed_page
from .table import Figure, median, percentile


def measure(url: str, where: str) -> list[Figure]:
    os.environ[engine.DATABASE_URL_ENV] = url
    store = Store(url)
    try:
        code, key = seed(store)
        setting = f"{where}, {SCHOOLS} schools × {SESSIONS} sessions × {ACTIONS} actions, SIPR"
        page, cpu = timed_page(code, key, narrow=False, actions=True)
        plans = timed(lambda: store.district.plans(code, key=key), RUNS)
        p95, read95 = percentile(page, 95), percentile(plans, 95)
        return [
            Figure("District view with actions, server time, median", setting, median(page), "ms"),
            Figure(
                "District view with actions, server time, 95th pct",
                setting,
                p95,
                "ms",
                "< 1,000 ms",
                p95 < GOAL_S * 1000,
            ),
            Figure("District view with actions, CPU time of the run, median", setting, median(cpu), "ms"),
            Figure(
                "Building teams' action plans (district.plans) alone, median", setting, median(plans), "ms"
            ),
            Figure(
                "Building teams' action plans (district.plans) alone, 95th pct",
                setting,
                read95,
                "ms",
                "< 1,000 ms",
                read95 < GOAL_S * 1000,
            ),
        ]
    finally:
        store.close()
        os.environ.pop(engine.DATABASE_URL_ENV, None)


def run() -> list[Figure]:
    return on_each_engine(measure, "District view with actions")
