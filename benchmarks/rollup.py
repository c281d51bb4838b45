"""The District view with 200 schools, 5 sessions each: the page's server time, and its downloads.

One district team's session on the SIPR Practice Profile (18 characteristics × 2 dimensions) and
200 building teams' sessions linked to it, 5 per school team over two school years, 85 % of each
one's cells rated (10 % not rated, 5 % not applicable), with about half of each rated cell's criteria
ticked (the Scale reach reads them), and 10 action items; half the school teams have targets.
The seeding writes the rows directly (it is not what is measured); the district session itself is
made through the store.

Server time: AppTest runs app.py on the District view with the facilitator key (the page as the
facilitator sees it: every table and both charts), from the script's start to its end, after three
warm-up runs; the whole date range (200 latest sessions, 800 earlier ones as their history) and a
narrower one; with the CPU time those runs took, which a busy machine inflates far less than the
wall time. Also the core's ``district_view`` call alone, the Scale-across-schools table alone, the
and both downloads (with the building teams' action plans). The page with the action plans shown is
``rollup_actions``.
SQLite always; PostgreSQL too when the test helper can start a server (Debian's postgresql).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sipr_core import Store, load_library, scale_reach_table
from sipr_core.access import new_join_code
from sipr_core.district_plans import PAGE_LINES
from sipr_core.exports.rollup import rollup_pdf, rollup_xlsx
from sipr_core.storage import engine, schema

from .table import Figure, median, percentile

ROOT = Path(__file__).resolve().parents[1]
SCHOOLS = 200
SESSIONS = 5
RUNS = 15
GOAL_S = 1.0
ACTIONS = 10
FIRST_DAY = datetime.date(2025, 9, 15)


def seed(store: Store) -> tuple[str, str]:
    """The district session and its 1,000 linked building sessions; returns its code and key."""
    rubric = load_library().get("sipr-practice-profile")
    levels = rubric.level_ids()
    info, key = store.sessions.create(
        rubric,
        district="Bench District",
        team="District CI team",
        held_on=datetime.date(2026, 11, 23),
        facilitator="Bench",
    )
    cells = [(row.id, d) for _, row in rubric.rows() for d in rubric.dimension_ids()]
    pick = random.Random(7)
    sessions, entries, links, targets, keys, every_series, items = [], [], [], [], [], [], []
    used = {info.code}
    for n in range(SCHOOLS):
        school = f"School {n:03d}"
        # One facilitator key and one series per school team, as Start makes them (hashes skipped: no
        # key is used here, and 200 scrypt hashes would time the set-up, not the view).
        key_id, series = uuid.uuid4().hex, uuid.uuid4().hex
        keys.append(dict(id=key_id, key_hash="unused", lookup="0000", created_at=engine.now()))
        every_series.append(dict(id=series, key_id=key_id, rubric_id=rubric.id, created_at=engine.now()))
        if n % 2 == 0:
            aim = dict(series=series, scope="row", level="acceptable", set_by="Bench", set_at=engine.now())
            targets += [dict(aim, item_id=row_id, dimension=d) for row_id, d in cells[:8]]
        for s in range(SESSIONS):
            sid = uuid.uuid4().hex
            code = new_join_code()
            while code in used:
                code = new_join_code()
            used.add(code)
            sessions.append(
                dict(
                    id=sid,
                    code=code,
                    key_id=key_id,
                    district="Bench District",
                    school=school,
                    team="Building team",
                    held_on=(FIRST_DAY + datetime.timedelta(days=120 * s + n % 30)).isoformat(),
                    rubric_id=rubric.id,
                    fingerprint=info.fingerprint,
                    facilitator="Bench",
                    series=series,
                    created_at=engine.now(),
                )
            )
            links.append(dict(session_id=info.id, linked_id=sid, added_by="Bench", added_at=engine.now()))
            for a in range(ACTIONS):
                items.append(
                    dict(
                        session_id=sid, id=uuid.uuid4().hex, position=a, what=f"Action {a} of {school}",
                        row_ids=json.dumps([cells[a][0]]), owner="Pat", due=None,
                        status=["not_started", "in_progress", "done"][a % 3], source=None,
                        created_at=engine.now(), updated_by="Bench", updated_at=engine.now(),
                    )
                )
            for row_id, d in cells:
                roll = pick.random()
                criteria = len(rubric.row(row_id).cells()[d].criteria or [])
                ticked = [i for i in range(criteria) if pick.random() < 0.5] if roll >= 0.15 else []
                entries.append(
                    dict(
                        session_id=sid,
                        row_id=row_id,
                        dimension=d,
                        level=None if roll < 0.15 else pick.choice(levels),
                        not_applicable=roll < 0.05,
                        ticked=json.dumps(ticked),
                        evidence="Evidence from the walkthroughs. " * 4,
                        next_steps="",
                        updated_by="Bench",
                        updated_at=engine.now(),
                    )
                )
    with engine.writing(store.engine) as conn:
        conn.execute(schema.facilitator_keys.insert(), keys)
        conn.execute(schema.series.insert(), every_series)
        conn.execute(schema.sessions.insert(), sessions)
        conn.execute(schema.template_links.insert(), links)
        conn.execute(schema.entries.insert(), entries)
        conn.execute(schema.targets.insert(), targets)
        conn.execute(schema.action_items.insert(), items)
    for row_id, d in cells[::3]:
        store.entries.set(info.code, key, row_id, d, actor="Bench", level=levels[2])
    return info.code, key


def timed_page(code: str, key: str, narrow: bool, actions: bool = False) -> tuple[list[float], list[float]]:
    """Server time of the District view's script and the CPU time it took, in ms, over ``RUNS`` runs.

    ``actions``: with the building teams' action plans shown (the toggle on). Three warm-up runs are left
    out. The CPU time (this process: the script's thread and the test's) hardly changes when other
    programs load the machine; the wall time does.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["code"] = code
    at.session_state[f"key:{code}"] = key
    at.run()
    at.switch_page("pages/district_view.py").run()
    assert not at.exception, at.exception
    if narrow:
        at.date_input[0].set_value((datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))).run()
    if actions:
        at.toggle(key=f"district-plans:{code}").set_value(True).run()
        shown = [d for d in at.dataframe if "what" in d.value.columns]
        assert shown and len(shown[0].value) == PAGE_LINES, "the action plans' first page is not shown"
    samples, cpu = [], []
    for i in range(RUNS + 3):
        start, used = time.perf_counter(), time.process_time()
        at.run()
        elapsed, spent = time.perf_counter() - start, time.process_time() - used
        assert not at.exception and not at.error, (at.exception, at.error)
        if i >= 3:
            samples.append(elapsed * 1000)
            cpu.append(spent * 1000)
    return samples, cpu


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure(url: str, where: str) -> list[Figure]:
    os.environ[engine.DATABASE_URL_ENV] = url
    store = Store(url)
    try:
        code, key = seed(store)
        setting = f"{where}, {SCHOOLS} schools × {SESSIONS} sessions, SIPR"
        figures = []
        for narrow, what in ((False, "all dates"), (True, "one year")):
            page, cpu = timed_page(code, key, narrow)
            figures += [
                Figure(
                    f"District view server time, median ({what})",
                    setting,
                    median(page),
                    "ms",
                    "< 1,000 ms",
                    median(page) < GOAL_S * 1000,
                ),
                Figure(
                    f"District view server time, 95th pct ({what})",
                    setting,
                    percentile(page, 95),
                    "ms",
                    "< 1,000 ms",
                    percentile(page, 95) < GOAL_S * 1000,
                ),
                Figure(f"District view CPU time of the run, median ({what})", setting, median(cpu), "ms"),
            ]
        core = timed(lambda: store.district.view(code), RUNS)
        figures.append(
            Figure("district_view() alone (load and roll-up), median", setting, median(core), "ms")
        )
        view = store.district.view(code)
        reach = timed(lambda: scale_reach_table(view.rollup), RUNS)
        figures.append(Figure("Scale across schools table alone, median", setting, median(reach), "ms"))
        read = store.district.plans(code, key=key)
        excel, pdf = timed(lambda: rollup_xlsx(view, read), 3), timed(lambda: rollup_pdf(view, read), 3)
        figures.append(Figure("District view download: Excel, median", setting, median(excel), "ms"))
        figures.append(Figure("District view download: PDF, median", setting, median(pdf), "ms"))
        return figures
    finally:
        store.close()
        os.environ.pop(engine.DATABASE_URL_ENV, None)


def on_each_engine(measure: Callable[[str, str], list[Figure]], what: str) -> list[Figure]:
    """``measure(url, where)`` on SQLite, and on PostgreSQL when the test helper can start a server."""
    with tempfile.TemporaryDirectory(prefix="sipr-bench-rollup-") as folder:
        figures = measure(f"sqlite:///{folder}/bench.db", "SQLite")
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_server

    if not pg_server.available():
        print(f"{what} on PostgreSQL skipped: " + pg_server.INSTALL_HINT)
        return figures
    with pg_server.server() as admin:
        figures += measure(pg_server.fresh_database(admin), "PostgreSQL (test server, fsync off)")
    return figures


def run() -> list[Figure]:
    return on_each_engine(measure, "District view")
