"""A read-only or full data folder: the Rate page says so plainly and nothing saved is lost.

Read-only: the folder's mode, or as root (whom modes do not stop) a read-only mount of the folder
over itself. Full: SQLite's page limit (``PRAGMA max_page_count``) set to the file's size on every
connection the app opens, which fails a write with the same error as a full disk (SQLITE_FULL).
"""

from __future__ import annotations

import sqlite3

import pytest
from app_support import new_session, open_page
from sqlalchemy import event
from sqlalchemy.pool import Pool

from sipr_core import Store

SAFE = "Everything saved before is safe; try again, and tell whoever runs this app if it keeps happening."
READ_ONLY = f"Not saved: the data folder is read-only. {SAFE}"
FULL = f"Not saved: the disk is full. {SAFE}"
LONG = "Minutes of every PLC meeting this term, pasted in full. " * 340  # about 19,000 characters


@pytest.fixture
def saved(app_store, collaboration):
    """A session with a rating and evidence saved: (code, key, entry, history)."""
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing", evidence="Saved before")
    app_store.entries.set(code, key, "policies", "rating", actor="Ana", next_steps="Also saved")
    return code, key


def snapshot(store: Store, code: str, key: str):
    """Everything the facilitator saved: the entries and the whole history."""
    return store.sessions.load(code).entries, store.history.changes(code, key)


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_a_read_only_data_folder_refuses_each_change_plainly_and_keeps_what_was_saved(
    data_dir, app_store, saved, read_only
):
    code, key = saved
    before = snapshot(app_store, code, key)
    with read_only(data_dir):
        at = open_page("pages/rate.py", code, key)
        assert not at.exception and errors(at) == []
        assert at.select_slider(key="level:vision:rating").value == "developing"
        at.select_slider(key="level:vision:rating").set_value("accomplished").run()
        assert not at.exception
        assert errors(at) == [READ_ONLY]
        at.text_area(key="evidence:policies:rating").input("Typed while the folder was read-only").run()
        assert not at.exception
        assert errors(at) == [READ_ONLY]
        assert snapshot(app_store, code, key) == before
    # once the folder is writable again, the same change saves and the earlier work is all there
    at.text_area(key="evidence:policies:rating").input("Typed again").run()
    assert errors(at) == []
    after = Store(f"sqlite:///{data_dir / 'sipr.db'}")
    entry = after.sessions.load(code).entry("policies", "rating")
    assert (entry.evidence, entry.next_steps) == ("Typed again", "Also saved")
    assert after.history.changes(code, key)[: len(before[1])] == before[1]
    assert after.sessions.load(code).entry("vision", "rating") == before[0][("vision", "rating")]
    after.close()


def test_a_server_started_on_a_read_only_data_folder_says_so_instead_of_failing(
    data_dir, app_store, saved, read_only
):
    code, key = saved
    before = snapshot(app_store, code, key)
    app_store.close()  # nobody has the database open: SQLite cannot create its journal files
    with read_only(data_dir):
        at = open_page("pages/rate.py", code, key)
        assert not at.exception
        assert errors(at) == [READ_ONLY]
    reopened = Store(f"sqlite:///{data_dir / 'sipr.db'}")
    assert snapshot(reopened, code, key) == before
    reopened.close()


@pytest.fixture
def full_disk(data_dir):
    """From now on every new connection to the app's database may not grow the file."""
    path = str(data_dir / "sipr.db")

    def no_room(dbapi_connection, _record) -> None:
        if dbapi_connection.execute("PRAGMA database_list").fetchone()[2] == path:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Pool, "connect", no_room)
    yield
    event.remove(Pool, "connect", no_room)


def test_a_full_disk_refuses_the_text_that_does_not_fit_plainly_and_keeps_what_was_saved(
    data_dir, app_store, saved, full_disk
):
    code, key = saved
    before = snapshot(app_store, code, key)
    at = open_page("pages/rate.py", code, key)
    assert not at.exception and errors(at) == []
    at.text_area(key="evidence:vision:rating").input(LONG).run()
    assert not at.exception
    assert errors(at) == [FULL]
    at.text_area(key="next_steps:policies:rating").input(LONG[::-1]).run()
    assert errors(at) == [FULL]
    assert snapshot(app_store, code, key) == before
    with sqlite3.connect(data_dir / "sipr.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
