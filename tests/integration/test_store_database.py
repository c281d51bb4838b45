"""The database under the store, on SQLite and PostgreSQL: where its file lives, and its migrations."""

from __future__ import annotations

import sqlite3
import threading
import time

import psycopg
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import ProgrammingError
from store_support import make_session

from sipr_core import (
    Store,
    StoreError,
)
from sipr_core.storage import engine, migrations

# --- the default database file ---------------------------------------------------------------


def test_the_default_store_is_a_sqlite_file_created_in_the_data_folder(monkeypatch, tmp_path, collaboration):
    folder = tmp_path / "not" / "yet" / "there"
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIPR_DATA_DIR", str(folder))
    store = Store()
    try:
        info, _ = make_session(store, collaboration)
        assert store.url == f"sqlite:///{folder / 'sipr.db'}"
        assert (folder / "sipr.db").is_file()
    finally:
        store.close()
    with sqlite3.connect(folder / "sipr.db") as raw:
        assert raw.execute("SELECT code FROM sessions").fetchall() == [(info.code,)]


def test_without_either_variable_the_file_is_in_the_default_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.delenv("SIPR_DATA_DIR", raising=False)
    monkeypatch.setattr(engine, "DEFAULT_DATA_DIR", tmp_path / "data")
    store = Store()
    store.close()
    assert store.url == f"sqlite:///{tmp_path / 'data' / 'sipr.db'}"
    assert (tmp_path / "data" / "sipr.db").is_file()


def test_the_database_url_variable_overrides_the_data_folder(
    monkeypatch, tmp_path, store_url, reopen, collaboration
):
    monkeypatch.setenv("SIPR_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.setenv("SIPR_DATABASE_URL", store_url)
    store = Store()
    try:
        info, _ = make_session(store, collaboration)
    finally:
        store.close()
    assert store.url == store_url
    assert not (tmp_path / "unused").exists()
    assert reopen().sessions.info(info.code) == info


def test_the_default_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(monkeypatch, tmp_path):
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIPR_DATA_DIR", str(tmp_path))
    store = Store()
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        store.close()


def test_a_data_folder_that_cannot_be_created_is_a_store_error_naming_the_variable(monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    folder = tmp_path / "a-file" / "data"
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIPR_DATA_DIR", str(folder))
    with pytest.raises(StoreError) as error:
        Store()
    assert str(error.value) == (
        f"Cannot create the data folder {folder} (Not a directory). "
        "Set SIPR_DATA_DIR to a folder the app may write to."
    )

# --- migrations ---------------------------------------------------------------------------------

SHIPPED = [(version, name) for version, name, _ in migrations.MIGRATIONS]
NEXT = SHIPPED[-1][0] + 1
ADD_NOTE = (NEXT, "a note on each session", ["ALTER TABLE sessions ADD COLUMN note TEXT"])


def migrations_recorded(engine) -> list[tuple[int, str, str]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
            )
        ]


def test_the_shipped_migrations_have_increasing_versions():
    versions = [version for version, _ in SHIPPED]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_a_new_store_records_every_shipped_migration_in_schema_migrations(store):
    assert [(v, n) for v, n, _ in migrations_recorded(store.engine)] == SHIPPED


def test_a_later_migration_is_applied_once_recorded_and_keeps_the_data(collab_session, reopen):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="evolving")
    assert migrations.migrate(store.engine, migrations.MIGRATIONS + [ADD_NOTE]) == [NEXT]
    assert [(v, n) for v, n, _ in migrations_recorded(store.engine)] == [
        *SHIPPED,
        (NEXT, "a note on each session"),
    ]
    assert "note" in {c["name"] for c in inspect(store.engine).get_columns("sessions")}
    assert migrations.migrate(store.engine, migrations.MIGRATIONS + [ADD_NOTE]) == []
    assert len(migrations_recorded(store.engine)) == len(SHIPPED) + 1
    assert reopen().sessions.load(code).entry("vision", "rating").rating.level == "evolving"


def test_migrations_are_applied_in_their_order(store):
    uses_note = (NEXT + 1, "fill the note", ["UPDATE sessions SET note = 'none' WHERE note IS NULL"])
    assert migrations.migrate(store.engine, migrations.MIGRATIONS + [ADD_NOTE, uses_note]) == [NEXT, NEXT + 1]
    assert [v for v, _, _ in migrations_recorded(store.engine)] == [*(v for v, _ in SHIPPED), NEXT, NEXT + 1]


def test_a_failing_migration_is_not_recorded_and_leaves_no_trace(store):
    broken = (
        NEXT,
        "broken",
        ["ALTER TABLE sessions ADD COLUMN note TEXT", "ALTER TABLE no_such_table ADD COLUMN x TEXT"],
    )
    with pytest.raises((StoreError, ProgrammingError)):
        migrations.migrate(store.engine, migrations.MIGRATIONS + [broken])
    assert [(v, n) for v, n, _ in migrations_recorded(store.engine)] == SHIPPED
    assert "note" not in {c["name"] for c in inspect(store.engine).get_columns("sessions")}


def test_a_fresh_store_on_an_existing_database_applies_no_migration(store, reopen):
    recorded = migrations_recorded(store.engine)
    restarted = reopen()
    assert migrations_recorded(restarted.engine) == recorded
    assert migrations.migrate(restarted.engine) == []


CREATE_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations"
    " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def another_server_creating_the_tables(url: str):
    """A raw connection inside an open transaction that is creating schema_migrations, as migrate() does."""
    if url.startswith("sqlite"):
        raw = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(CREATE_MIGRATIONS_TABLE)
        return raw, lambda: raw.execute("COMMIT")
    raw = psycopg.connect(url)
    raw.execute("SELECT pg_advisory_xact_lock(7421001)")  # the lock migrate() holds while it migrates
    raw.execute(CREATE_MIGRATIONS_TABLE)
    return raw, raw.commit


def test_a_server_starting_while_another_creates_the_database_waits_for_it(fresh_url):
    url = fresh_url()
    raw, commit = another_server_creating_the_tables(url)
    errors: list[BaseException] = []

    def start_server() -> None:
        try:
            Store(url).close()
        except BaseException as error:  # noqa: BLE001 - any failure must fail the test
            errors.append(error)

    starting = threading.Thread(target=start_server)
    try:
        starting.start()
        time.sleep(0.5)
        still_waiting = starting.is_alive()
        commit()
        starting.join(timeout=60)
    finally:
        raw.close()
    assert errors == []
    assert still_waiting and not starting.is_alive()
    check = Store(url)
    try:
        assert [(v, n) for v, n, _ in migrations_recorded(check.engine)] == SHIPPED
    finally:
        check.close()
