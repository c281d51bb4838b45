"""Votes written per second and write latency with 40 concurrent writers, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import sys
import tempfile
import threading
import time
from pathlib import Path

from sipr_core import Store, load_library
from sipr_core.rounds import cells_for

from .table import Figure, median, percentile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import pg_server  # noqa: E402

WRITERS = 40
ROUNDS = 3


def measure(url: str, engine: str) -> list[Figure]:
    store = Store(url)
    rubric = load_library().get("leadership-system")
    info, key = store.sessions.create(
        rubric, district="Bench", team="Bench", held_on=datetime.date.today(), facilitator="Bench"
    )
    store.voting.open_round(info.code, key, cells_for(rubric, "all"), actor="Bench")  # votes need a round
    rows = [row.id for _, row in rubric.rows()]
    levels = rubric.level_ids()
    latencies: list[list[float]] = [[] for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS + 1)

    def writer(n: int) -> None:
        me = store.voting.join(info.code, f"P{n}")
        start.wait()
        for r in range(ROUNDS):
            for j, row in enumerate(rows):
                t0 = time.perf_counter()
                store.voting.cast(info.code, me.id, row, "rating", levels[(n + j + r) % len(levels)])
                latencies[n].append(time.perf_counter() - t0)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    every = [x * 1000 for sample in latencies for x in sample]
    stored = len(store.sessions.load(info.code).votes)
    store.close()
    setting = f"{engine}, {WRITERS} writers"
    return [
        Figure("votes written per second", setting, len(every) / elapsed, "votes/s"),
        Figure("vote write latency, median", setting, median(every), "ms"),
        Figure("vote write latency, 95th percentile", setting, percentile(every, 95), "ms"),
        Figure(
            "votes stored of votes cast",
            setting,
            100 * stored / (WRITERS * len(rows)),
            "%",
            "100 %",
            stored == WRITERS * len(rows),
        ),
    ]


def run() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        figures += measure(f"sqlite:///{folder}/bench.db", "SQLite")
    if pg_server.available():
        with pg_server.server() as admin:
            figures += measure(pg_server.fresh_database(admin), "PostgreSQL (test server, fsync off)")
    else:
        print(f"PostgreSQL figures skipped: {pg_server.INSTALL_HINT}")
    return figures
