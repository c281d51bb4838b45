"""The database: engine set-up for SQLite or PostgreSQL, the tables, and ordered migrations.

SQLite (the default) runs in WAL mode with a busy timeout, and every write
transaction starts with ``BEGIN IMMEDIATE``, so concurrent writers queue
instead of failing with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

DATA_DIR_ENV = "SIPR_DATA_DIR"
DATABASE_URL_ENV = "SIPR_DATABASE_URL"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BUSY_TIMEOUT_S = 30


class StoreError(RuntimeError):
    """The database cannot be reached or written; the message says what to do."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def default_url() -> str:
    """``SIPR_DATABASE_URL`` if set, else a SQLite file in ``SIPR_DATA_DIR`` (default ``data/``)."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    folder = Path(os.environ.get(DATA_DIR_ENV, "") or DEFAULT_DATA_DIR)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"Cannot create the data folder {folder} ({error.strerror}). "
            f"Set {DATA_DIR_ENV} to a folder the app may write to."
        ) from None
    return f"sqlite:///{folder / 'sipr.db'}"


def make_engine(url: str) -> Engine:
    """A thread-safe engine; Streamlit runs each browser session on its own thread."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}, pool_size=20
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "handle_error", _sqlite_error)
        _renew_read_only_connections(engine, engine.url.database or "")
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # A lock held elsewhere makes a write wait as long as SQLite's busy timeout, then fail plainly,
    # instead of hanging the page for ever.
    options = {"options": f"-c lock_timeout={BUSY_TIMEOUT_S * 1000}"} if "+psycopg" in url else {}
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=50, connect_args=options)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    _wal(cursor)
    for pragma in ("synchronous=FULL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _wal(cursor: Any) -> None:
    """Switch the file to WAL once; it needs a moment alone, which SQLite will not wait for itself."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _renew_read_only_connections(engine: Engine, path: str) -> None:
    """SQLite opens a file it may not write read-only, and the connection stays so after the folder
    is writable again: note such connections and replace them once it is, so saving works again."""

    def opened(_dbapi_connection: Any, record: Any) -> None:
        record.info["read_only"] = not _writable(path)

    def checkout(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("read_only") and _writable(path):
            raise DisconnectionError("the data folder is writable again")  # the pool opens a new one

    event.listen(engine, "connect", opened)
    event.listen(engine, "checkout", checkout)


def _sqlite_error(context: ExceptionContext) -> None:
    """After a write refused for the file's sake, open fresh connections rather than reuse these."""
    detail = str(context.original_exception).lower()
    if "readonly" in detail or "unable to open" in detail or "disk i/o" in detail:
        context.is_disconnect = True


def _sqlite_begin(connection: Connection) -> None:
    # Reads may share the file; writes take the lock up front so they queue on the busy timeout
    # rather than fail when upgrading a read lock.
    mode = "DEFERRED" if connection.get_execution_options().get("read_only") else "IMMEDIATE"
    connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction; database failures become a plain ``StoreError``."""
    try:
        with engine.begin() as connection:
            yield connection
    except (OperationalError, PoolTimeout) as error:
        raise StoreError(_plain(error, engine)) from None


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as connection:
            connection.execution_options(read_only=True)
            with connection.begin():
                yield connection
    except (OperationalError, PoolTimeout) as error:
        raise StoreError(_plain(error, engine, saving=False)) from None


def _plain(error: SQLAlchemyError, engine: Engine | None = None, *, saving: bool = True) -> str:
    """What went wrong in words a facilitator can act on, and that what was saved is safe."""
    lead = "Not saved" if saving else "Could not read the saved sessions"
    return (
        f"{lead}: {_reason(error, engine)}. Everything saved before is safe; "
        "try again, and tell whoever runs this app if it keeps happening."
    )


def _reason(error: SQLAlchemyError, engine: Engine | None = None) -> str:
    detail = str(getattr(error, "orig", error)).lower()
    if "readonly" in detail or "read-only" in detail or "permission" in detail:
        return "the data folder is read-only"
    if "disk" in detail and "full" in detail or "no space" in detail:
        return "the disk is full"
    if "locked" in detail or "busy" in detail or "lock timeout" in detail or isinstance(error, PoolTimeout):
        return "the database stayed busy for too long"
    if "unable to open" in detail and engine is not None and engine.dialect.name == "sqlite":
        if not _writable(engine.url.database or ""):
            # SQLite cannot make its journal files beside the database: the folder is read-only.
            return "the data folder is read-only"
    return "the database could not be reached"


def _writable(database: str) -> bool:
    """Whether this process may write a SQLite database file and the folder it lies in."""
    path = database.removeprefix("file:").split("?")[0]
    if not path or path == ":memory:":
        return True
    file = Path(path)
    return os.access(file.parent, os.W_OK) and (not file.exists() or os.access(file, os.W_OK))


# --- tables (the schema after every migration) -------------------------------------------

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)
rubric_texts = Table(
    "rubric_texts",
    metadata,
    Column("fingerprint", Text, primary_key=True),
    Column("rubric_id", Text, nullable=False),
    Column("body", Text, nullable=False),
)
sessions = Table(
    "sessions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("key_hash", Text, nullable=False),
    Column("district", Text, nullable=False),
    Column("school", Text, nullable=False),
    Column("team", Text, nullable=False),
    Column("held_on", Text, nullable=False),
    Column("rubric_id", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("facilitator", Text, nullable=False),
    Column("series", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("deleted_at", Text),
    Column("timer_activity", Text),
    Column("timer_minutes", Integer),
    Column("timer_started_at", Text),
)
reflections = Table(
    "reflections",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("row_id", Text, primary_key=True),
    Column("prompt", Text, primary_key=True),
    Column("answer", Text, nullable=False),
    Column("updated_by", Text),
    Column("updated_at", Text),
)
participants = Table(
    "participants",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("joined_at", Text, nullable=False),
    Column("left_at", Text),  # migration 6: the facilitator took them off the vote (they left)
)
entries = Table(
    "entries",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("row_id", Text, primary_key=True),
    Column("dimension", Text, primary_key=True),
    Column("level", Text),
    Column("not_applicable", Boolean, nullable=False),
    Column("ticked", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("next_steps", Text, nullable=False),
    Column("updated_by", Text),
    Column("updated_at", Text),
)
votes = Table(
    "votes",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("participant_id", Text, primary_key=True),
    Column("row_id", Text, primary_key=True),
    Column("dimension", Text, primary_key=True),
    Column("level", Text),
    Column("updated_at", Text, nullable=False),
    Column("first_level", Text),  # migration 4: the participant's first level on this row
    Column("round_number", Integer),  # migration 4: the voting round of the last change
)
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("row_id", Text, nullable=False),
    Column("dimension", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("old", Text),
    Column("new", Text),
    Column("undoes", Integer),
)
action_items = Table(
    "action_items",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("what", Text, nullable=False),
    Column("row_ids", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("due", Text),
    Column("status", Text, nullable=False),
    Column("source", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_by", Text),
    Column("updated_at", Text),
)
template_links = Table(
    "template_links",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("linked_id", Text, primary_key=True),
    Column("added_by", Text, nullable=False),
    Column("added_at", Text, nullable=False),
)

# --- live voting (migration 4) ---
voting_rounds = Table(
    "voting_rounds",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("cells", Text, nullable=False),
    Column("by_groups", Boolean, nullable=False),
    Column("allow_anonymous", Boolean, nullable=False),
    Column("auto_reveal", Boolean, nullable=False),
    Column("opened_by", Text, nullable=False),
    Column("opened_at", Text, nullable=False),
    Column("closed_at", Text),
    Column("revealed_at", Text),
)
vote_groups = Table(
    "vote_groups",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("retired_at", Text),
)
group_members = Table(
    "group_members",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("participant_id", Text, primary_key=True),
    Column("group_id", Text, nullable=False),
)
group_ratings = Table(
    "group_ratings",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("round_number", Integer, primary_key=True),
    Column("group_id", Text, primary_key=True),
    Column("row_id", Text, primary_key=True),
    Column("dimension", Text, primary_key=True),
    Column("level", Text),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)

# --- targets and the review schedule of a series (migration 5) ---
targets = Table(
    "targets",
    metadata,
    Column("series", Text, primary_key=True),
    Column("scope", Text, primary_key=True),
    Column("item_id", Text, primary_key=True),
    Column("dimension", Text, primary_key=True),
    Column("level", Text, nullable=False),
    Column("set_by", Text, nullable=False),
    Column("set_at", Text, nullable=False),
)
reviews = Table(
    "reviews",
    metadata,
    Column("series", Text, primary_key=True),
    Column("due_on", Text, primary_key=True),
    Column("note", Text, nullable=False),
    Column("set_by", Text, nullable=False),
    Column("set_at", Text, nullable=False),
)

# --- migrations: append only; never edit one that has shipped ---------------------------

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "sessions, ratings, votes and history",
        [
            "CREATE TABLE rubric_texts (fingerprint TEXT PRIMARY KEY, rubric_id TEXT NOT NULL,"
            " body TEXT NOT NULL)",
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL,"
            " district TEXT NOT NULL, school TEXT NOT NULL, team TEXT NOT NULL, held_on TEXT NOT NULL,"
            " rubric_id TEXT NOT NULL, fingerprint TEXT NOT NULL REFERENCES rubric_texts (fingerprint),"
            " facilitator TEXT NOT NULL, series TEXT NOT NULL, created_at TEXT NOT NULL, deleted_at TEXT)",
            "CREATE INDEX sessions_key_hash ON sessions (key_hash)",
            "CREATE INDEX sessions_series ON sessions (series)",
            "CREATE TABLE participants (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " id TEXT NOT NULL, name TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (session_id, id))",
            "CREATE TABLE entries (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " row_id TEXT NOT NULL, dimension TEXT NOT NULL, level TEXT, not_applicable BOOLEAN NOT NULL,"
            " ticked TEXT NOT NULL, evidence TEXT NOT NULL, next_steps TEXT NOT NULL, updated_by TEXT,"
            " updated_at TEXT, PRIMARY KEY (session_id, row_id, dimension))",
            "CREATE TABLE votes (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " participant_id TEXT NOT NULL, row_id TEXT NOT NULL, dimension TEXT NOT NULL, level TEXT,"
            " updated_at TEXT NOT NULL, PRIMARY KEY (session_id, participant_id, row_id, dimension))",
            "CREATE TABLE changes (id {serial},"
            " session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " at TEXT NOT NULL, actor TEXT NOT NULL, row_id TEXT NOT NULL, dimension TEXT NOT NULL,"
            " field TEXT NOT NULL, old TEXT, new TEXT, undoes INTEGER)",
            "CREATE INDEX changes_session ON changes (session_id, id)",
        ],
    ),
]

MIGRATIONS.append(
    (
        2,
        "reflections and the activity timer",
        [
            "CREATE TABLE reflections (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " row_id TEXT NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL, updated_by TEXT,"
            " updated_at TEXT, PRIMARY KEY (session_id, row_id, prompt))",
            "ALTER TABLE sessions ADD COLUMN timer_activity TEXT",
            "ALTER TABLE sessions ADD COLUMN timer_minutes INTEGER",
            "ALTER TABLE sessions ADD COLUMN timer_started_at TEXT",
        ],
    )
)

MIGRATIONS.append(
    (
        3,
        "action plan",
        [
            "CREATE TABLE action_items (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " id TEXT NOT NULL, position INTEGER NOT NULL, what TEXT NOT NULL, row_ids TEXT NOT NULL,"
            " owner TEXT NOT NULL, due TEXT, status TEXT NOT NULL, source TEXT, created_at TEXT NOT NULL,"
            " updated_by TEXT, updated_at TEXT, PRIMARY KEY (session_id, id))",
            # A district team's session gathers its building teams' sessions (Maintaining Balance).
            "CREATE TABLE template_links ("
            " session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " linked_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE, added_by TEXT NOT NULL,"
            " added_at TEXT NOT NULL, PRIMARY KEY (session_id, linked_id))",
        ],
    )
)

MIGRATIONS.append(
    (
        4,
        "live voting",
        [
            "CREATE TABLE voting_rounds (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " number INTEGER NOT NULL, cells TEXT NOT NULL, by_groups BOOLEAN NOT NULL,"
            " allow_anonymous BOOLEAN NOT NULL, auto_reveal BOOLEAN NOT NULL, opened_by TEXT NOT NULL,"
            " opened_at TEXT NOT NULL, closed_at TEXT, revealed_at TEXT, PRIMARY KEY (session_id, number))",
            # How far the team moved: each participant's first vote on a row, kept beside the last one.
            "ALTER TABLE votes ADD COLUMN first_level TEXT",
            "ALTER TABLE votes ADD COLUMN round_number INTEGER",
            "CREATE TABLE vote_groups (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " id TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, retired_at TEXT,"
            " PRIMARY KEY (session_id, id))",
            "CREATE TABLE group_members (session_id TEXT NOT NULL, participant_id TEXT NOT NULL,"
            " group_id TEXT NOT NULL, PRIMARY KEY (session_id, participant_id),"
            " FOREIGN KEY (session_id, participant_id) REFERENCES participants (session_id, id)"
            " ON DELETE CASCADE, FOREIGN KEY (session_id, group_id) REFERENCES vote_groups (session_id, id)"
            " ON DELETE CASCADE)",
            "CREATE TABLE group_ratings (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " round_number INTEGER NOT NULL, group_id TEXT NOT NULL, row_id TEXT NOT NULL,"
            " dimension TEXT NOT NULL, level TEXT, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " PRIMARY KEY (session_id, round_number, group_id, row_id, dimension))",
        ],
    )
)

MIGRATIONS.append(
    (
        5,
        "targets and review schedule",
        [
            # Keyed by series (a team on a continuum over time), not by session: targets outlive sessions.
            "CREATE TABLE targets (series TEXT NOT NULL, scope TEXT NOT NULL, item_id TEXT NOT NULL,"
            " dimension TEXT NOT NULL, level TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL,"
            " PRIMARY KEY (series, scope, item_id, dimension))",
            "CREATE TABLE reviews (series TEXT NOT NULL, due_on TEXT NOT NULL, note TEXT NOT NULL,"
            " set_by TEXT NOT NULL, set_at TEXT NOT NULL, PRIMARY KEY (series, due_on))",
        ],
    )
)

MIGRATIONS.append(
    (
        6,
        "participants who left a vote",
        [
            # Set when the facilitator takes someone who left off the vote; their votes stay.
            "ALTER TABLE participants ADD COLUMN left_at TEXT",
        ],
    )
)

_SERIAL = {
    "sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT",
    "postgresql": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
}


def _migration_lock(connection: Connection) -> None:
    """Several app servers may start at once: one migrates, the others wait (SQLite: BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(7421001)"))


def applied_versions(connection: Connection) -> list[int]:
    rows = connection.execute(text("SELECT version FROM schema_migrations ORDER BY version"))
    return [row[0] for row in rows]


def migrate(engine: Engine, migrations: list[tuple[int, str, list[str]]] | None = None) -> list[int]:
    """Apply the migrations this database lacks, in order, each in its own transaction."""
    steps = MIGRATIONS if migrations is None else migrations
    serial = _SERIAL.get(engine.dialect.name, _SERIAL["postgresql"])
    applied: list[int] = []
    with writing(engine) as connection:
        _migration_lock(connection)
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_migrations"
                " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        )
    for version, name, statements in steps:
        with writing(engine) as connection:
            _migration_lock(connection)
            if version in applied_versions(connection):
                continue
            for statement in statements:
                connection.execute(text(statement.replace("{serial}", serial)))
            connection.execute(
                schema_migrations.insert().values(version=version, name=name, applied_at=now())
            )
            applied.append(version)
    return applied
