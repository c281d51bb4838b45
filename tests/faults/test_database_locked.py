"""Another process locks the database: writes wait and are saved, or fail plainly and drop nothing.

The lock is taken by ``db_locker.py`` in its own process (SQLite: ``BEGIN EXCLUSIVE``; PostgreSQL:
``LOCK TABLE ... IN EXCLUSIVE MODE``). A write waits for the busy timeout (30 s; PostgreSQL's
``lock_timeout`` is set to the same); the tests that outlast it use a server configured with 1 s.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sipr_core import Store, StoreError
from sipr_core.storage import engine

ROOT = Path(__file__).resolve().parents[2]
BUSY = (
    "Not saved: the database stayed busy for too long. Everything saved before is safe; "
    "try again, and tell whoever runs this app if it keeps happening."
)
WRITES = {
    "a rating": lambda store, code, key, pid: store.entries.set(
        code, key, "vision", "rating", actor="Ben", level="evolving", evidence="Changed"
    ),
    "a vote": lambda store, code, key, pid: store.voting.cast(code, pid, "vision", "rating", "evolving"),
}


def written(store: Store, code: str, key: str, pid: str, write: str) -> str | None:
    """The level the write sets: the team's rating or the participant's vote (read as the facilitator)."""
    session = store.sessions.load(code, key=key)
    if write == "a rating":
        return session.entry("vision", "rating").rating.level
    return next(v.level for v in session.votes if v.participant_id == pid)


def everything(store: Store, code: str, key: str):
    session = store.sessions.load(code, key=key)
    return session.entries, session.votes, session.participants, store.history.changes(code, key, include_votes=True)


@pytest.fixture
def voted(store, collaboration):
    """A session with a saved rating and a vote on an open row: (store, code, key, participant id)."""
    info, key = store.sessions.create(
        collaboration, district="Riverside", team="CI team", held_on=datetime.date(2026, 11, 23), facilitator="Ana"
    )
    code = info.code
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing", evidence="Saved before")
    store.voting.open_round(code, key, [("vision", "rating")], actor="Ana")
    pid = store.voting.join(code, "Ben").id
    store.voting.cast(code, pid, "vision", "rating", "developing")
    return store, code, key, pid


def lock(url: str, seconds: float) -> subprocess.Popen[str]:
    """Lock the database from another process; returns once the lock is held."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    locker = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("db_locker.py")), url, str(seconds)],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    assert locker.stdout is not None
    assert locker.stdout.readline() == "locked\n"
    return locker


@pytest.mark.parametrize("write", WRITES)
def test_a_write_waits_for_a_brief_lock_by_another_process_and_is_saved(voted, store_url, write):
    store, code, key, pid = voted
    locker = lock(store_url, 1.5)
    started = time.monotonic()
    WRITES[write](store, code, key, pid)
    waited = time.monotonic() - started
    assert locker.wait(timeout=30) == 0
    assert waited >= 1.0  # it really waited for the other process
    assert written(store, code, key, pid, write) == "evolving"


@pytest.mark.parametrize("write", WRITES)
def test_a_lock_held_past_the_busy_timeout_fails_plainly_and_drops_nothing(
    voted, store_url, write, monkeypatch
):
    store, code, key, pid = voted
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 1)
    impatient = Store(store_url)  # a server whose busy timeout is one second
    try:
        before = everything(store, code, key)
        locker = lock(store_url, 3)
        started = time.monotonic()
        with pytest.raises(StoreError) as error:
            WRITES[write](impatient, code, key, pid)
        assert 0.9 < time.monotonic() - started < 2.9
        assert str(error.value) == BUSY
        assert locker.wait(timeout=30) == 0
        assert everything(store, code, key) == before  # the refused write left no trace
        WRITES[write](impatient, code, key, pid)  # and tried again, it is saved
        assert written(store, code, key, pid, write) == "evolving"
    finally:
        impatient.close()
