"""Many writers at once: no vote lost, no "database is locked", every change in the history."""

import datetime
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from vote_worker import vote_all

from sipr_core import Store
from sipr_core.rounds import cells_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def leadership_session(store, leadership):
    info, key = store.sessions.create(
        leadership, district="Riverside", team="Leaders", held_on=datetime.date(2026, 11, 23), facilitator="Ana"
    )
    store.voting.open_round(info.code, key, cells_for(leadership, "all"), actor="Ana")  # votes need a round
    return store, info.code, key


def test_forty_participants_voting_at_once_lose_no_vote(leadership_session):
    store, code, key = leadership_session
    rubric = store.sessions.load(code).rubric
    rows = [row.id for _, row in rubric.rows()]
    levels = rubric.level_ids()
    errors: list[BaseException] = []
    start = threading.Barrier(40)

    def participant(n: int) -> None:
        try:
            me = store.voting.join(code, f"Participant {n}")
            start.wait()
            for j, row in enumerate(rows):
                store.voting.cast(code, me.id, row, "rating", levels[(n + j) % len(levels)])
        except BaseException as error:  # noqa: BLE001 - any failure must fail the test
            errors.append(error)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    session = store.sessions.load(code, key=key)
    assert len(session.participants) == 40
    assert len(session.votes) == 40 * len(rows)
    names = {p.id: p.name for p in session.participants}
    for vote in session.votes:
        n = int(names[vote.participant_id].split()[-1])
        assert vote.level == levels[(n + rows.index(vote.row_id)) % len(levels)]


def test_several_processes_voting_at_once_lose_no_vote(leadership_session, store_url):
    store, code, key = leadership_session
    rows = store.sessions.load(code).rubric.row_count()
    batches = [[f"P{p}-{i}" for i in range(10)] for p in range(4)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        cast = pool.starmap(vote_all, [(store_url, code, names) for names in batches])
    assert cast == [10 * rows] * 4
    session = store.sessions.load(code, key=key)
    assert len(session.participants) == 40
    assert len(session.votes) == 40 * rows


def test_two_facilitators_editing_one_row_are_both_in_the_history(collab_session):
    store, code, key = collab_session
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def facilitator(name: str) -> None:
        try:
            start.wait()
            for i in range(25):
                store.entries.set(code, key, "vision", "rating", actor=name, evidence=f"{name} {i}")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=facilitator, args=(n,)) for n in ("Ana", "Ben")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    history = [c for c in store.history.changes(code, key) if c.field == "evidence"]
    assert sorted(c.new for c in history) == sorted(f"{n} {i}" for n in ("Ana", "Ben") for i in range(25))
    # each change starts from the value the previous one left: none was overwritten unseen
    assert [c.old for c in history[1:]] == [c.new for c in history[:-1]]
    entry = store.sessions.load(code).entry("vision", "rating")
    assert entry.evidence == history[-1].new
    assert entry.updated_by == history[-1].actor
    assert entry.updated_at == history[-1].at


def test_a_killed_writer_loses_no_acknowledged_change(collab_session, store_url):
    store, code, key = collab_session
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), store_url, code, key],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    acknowledged = []
    assert writer.stdout is not None
    for line in writer.stdout:
        acknowledged.append(int(line.split()[1]))
        if len(acknowledged) == 60:
            writer.send_signal(signal.SIGKILL)  # mid-stream: the next write is under way
            break
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    reopened = Store(store_url)
    written = {c.new for c in reopened.history.changes(code, key) if c.field == "evidence"}
    assert {f"write {n}" for n in acknowledged} <= written
    if store_url.startswith("sqlite"):
        path = store_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened.close()
