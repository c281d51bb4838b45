"""The database engine: SQLite or PostgreSQL set up for many writers, transactions, plain error words.

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

from sqlalchemy import Connection, CursorResult, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..errors import StoreError

DATA_DIR_ENV = "SIPR_DATA_DIR"
DATABASE_URL_ENV = "SIPR_DATABASE_URL"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUSY_TIMEOUT_S = 30


def now() -> str:
    """The time of a change as stored: UTC, ISO 8601, to the microsecond."""
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


def upsert(
    conn: Connection,
    table: Table,
    values: dict[str, Any],
    keys: list[str],
    changes: dict[str, Any] | None = None,
) -> CursorResult[Any]:
    """Insert a row, or on a clash of ``keys``: update it with ``changes``, or leave it when None.

    The one place that knows the two engines spell this differently.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table).values(**values)
    if changes is None:
        return conn.execute(insert.on_conflict_do_nothing(index_elements=keys))
    return conn.execute(insert.on_conflict_do_update(index_elements=keys, set_=changes))
