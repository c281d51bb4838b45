"""Backups of the SQLite database while the app runs, and restoring one into a fresh data folder.

SQLite's online backup API copies the file page by page inside one read transaction: in WAL mode
the app's writers go on meanwhile, and the copy is the database as it was at one instant. A
PostgreSQL database is backed up with PostgreSQL's own ``pg_dump``; the commands are in
``postgres_commands``.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from .storage.migrations import schema_version

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message names the problem and the fix."""


@dataclass(frozen=True)
class Contents:
    """What a database holds, to report after a backup or a restore."""

    path: Path
    sessions: int
    votes: int
    schema: int
    size: int

    def describe(self) -> str:
        sessions = "1 session" if self.sessions == 1 else f"{self.sessions} sessions"
        votes = "1 vote" if self.votes == 1 else f"{self.votes} votes"
        return f"{sessions}, {votes}, schema version {self.schema}, {self.size / 1_000_000:.1f} MB"


def postgres_commands(url: str, file: str) -> str:
    """PostgreSQL's own tools for the same job; the password in the URL is left out."""
    shown = make_url(url).set(drivername="postgresql").render_as_string(hide_password=True)
    return (
        "Back it up with PostgreSQL's pg_dump, which is safe while the app runs:\n"
        f"  pg_dump --format=custom --file {shlex.quote(file)} {shlex.quote(shown)}\n"
        "and restore it into a new, empty database with:\n"
        f"  pg_restore --no-owner --dbname {shlex.quote(shown)} {shlex.quote(file)}\n"
        "(give the password with PGPASSWORD or ~/.pgpass, not in the URL)."
    )


def sqlite_path(url: str, action: str, file: str) -> Path:
    """The file of a SQLite URL; any other database gets the commands that do the job instead."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        raise BackupError(
            f"The database is PostgreSQL, so `{action}` does not copy it.\n" + postgres_commands(url, file)
        )
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(
            f"Cannot {action} the database {parsed.render_as_string(hide_password=True)}: only a SQLite "
            "file or PostgreSQL is supported. Check SIPR_DATABASE_URL."
        )
    return Path(parsed.database)


def backup(url: str, out: str | Path, *, force: bool = False) -> Contents:
    """Copy the SQLite database at ``url`` into the file ``out`` while the app may be writing to it."""
    source = sqlite_path(url, "backup", str(out))
    target = Path(out)
    if not source.is_file():
        raise BackupError(
            f"There is no database at {source} to back up. Set SIPR_DATA_DIR (or SIPR_DATABASE_URL) "
            "to the data folder the app uses."
        )
    if target.is_dir():
        raise BackupError(
            f"{target} is a folder: give the backup a file name, such as {target / 'sipr-backup.db'}."
        )
    if target.exists() and not force:
        raise BackupError(f"{target} already exists: choose another file name, or add --force to replace it.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist: create it first, or choose another.")
    partial = target.with_name(target.name + ".partial")
    try:
        with _open(source) as src, _open(partial) as dst:
            # One step (pages=-1) copies the whole file inside one read transaction: a consistent copy,
            # and in WAL mode the app's writers do not wait for it.
            src.backup(dst, pages=-1)
        _check_whole(partial, "The copy")
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(
            f"The backup of {source} failed ({error}); nothing was replaced. Try again."
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return contents(target)


def restore(backup_file: str | Path, url: str, *, force: bool = False) -> Contents:
    """Copy a backup into the SQLite database at ``url``, which must be empty unless ``force``."""
    source = Path(backup_file)
    target = sqlite_path(url, "restore", str(backup_file))
    check_backup(source)
    if target.exists() and not force:
        held = contents(target) if _has_sessions_table(target) else None
        if held is not None and held.sessions:
            raise BackupError(
                f"{target} already holds {held.describe().split(',')[0]}: restore into an empty data folder "
                "(set SIPR_DATA_DIR to a new folder), or add --force to replace them all "
                "(stop the app first)."
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _open(source) as src, _open(target) as dst:
            src.backup(dst, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(f"The restore into {target} failed ({error}). Try again.") from None
    _check_whole(target, "The restored database")
    return contents(target)


def check_backup(file: Path) -> None:
    """A readable, whole SQLite database of this app, made by this version or an earlier one."""
    if not file.is_file():
        raise BackupError(f"There is no file {file} to restore from. Check the name.")
    with open(file, "rb") as opened:
        if opened.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(
                f"{file} is not a SQLite database: give a file made by `python -m sipr_core backup`."
            )
    if not _has_sessions_table(file):
        raise BackupError(
            f"{file} is a SQLite database, but not one of this app: it holds no sessions table."
        )
    _check_whole(file, str(file))
    made_by = contents(file).schema
    if made_by > schema_version():
        raise BackupError(
            f"{file} was made by a newer version of the app (schema version {made_by}; this one knows "
            f"{schema_version()}): restore it with that version or a newer one."
        )


def contents(path: Path) -> Contents:
    """How many sessions and votes a database file holds, and its schema version."""
    with _open(path) as conn:
        sessions = conn.execute("SELECT count(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
        votes = conn.execute("SELECT count(*) FROM votes").fetchone()[0]
        schema = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
    return Contents(path, int(sessions), int(votes), int(schema), path.stat().st_size)


@contextmanager
def _open(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that is closed after use (sqlite3's own ``with`` only commits)."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        yield conn
    finally:
        conn.close()


def _has_sessions_table(path: Path) -> bool:
    with _open(path) as conn:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'"
        ).fetchone()
    return found is not None


def _check_whole(path: Path, what: str) -> None:
    with _open(path) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupError(f"{what} is damaged (SQLite's integrity check: {result[0][0]}); it was not used.")
