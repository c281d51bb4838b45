"""Is this app server ready for people? Its database takes writes and its Streamlit server answers.

Streamlit's own ``/_stcore/health`` only says the web server is up: a server whose database is
down, read-only or migrated by a newer version still says "ok". ``python -m sipr_core ready`` checks
both, for the deploy script, systemd and monitoring.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from .errors import StoreError
from .storage.engine import make_engine as engine_for
from .storage.migrations import schema_version

HEALTH_PATH = "/_stcore/health"
DEFAULT_APP = "http://127.0.0.1:8501"
BUSY_MS = 2000


@dataclass
class Readiness:
    """What was checked: a line for each part that is fine, and each problem with its fix."""

    fine: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems


def shown(url: str) -> str:
    """A database URL without its password, to print."""
    return make_url(url).render_as_string(hide_password=True)


def check_database(url: str) -> str:
    """A description of the database when it takes writes; raises ``StoreError`` saying why not."""
    try:
        engine = engine_for(url)
    except (StoreError, SQLAlchemyError, ValueError) as error:
        raise StoreError(
            f"the database URL {shown(url)} cannot be used ({error}): check SIPR_DATABASE_URL"
        ) from None
    if engine.dialect.name == "sqlite":
        # The app waits up to 30 s for a busy file; a readiness check answers sooner.
        event.listen(engine, "connect", _short_busy_timeout)
    try:
        # A write transaction: on SQLite it takes the write lock (BEGIN IMMEDIATE), so a read-only
        # or long-locked file fails here, as the app's first save would.
        with engine.begin() as conn:
            if (
                engine.dialect.name == "postgresql"
                and conn.execute(text("SELECT pg_is_in_recovery()")).scalar()
            ):
                raise StoreError(
                    f"the database {shown(url)} is a read-only standby: "
                    "point SIPR_DATABASE_URL at the primary"
                )
            if not inspect(conn).has_table("schema_migrations"):
                return f"database {shown(url)} (empty: the app creates its tables when it starts)"
            version = int(
                conn.execute(text("SELECT coalesce(max(version), 0) FROM schema_migrations")).scalar_one()
            )
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise StoreError(f"the database {shown(url)} cannot be reached or written ({reason})") from None
    finally:
        engine.dispose()
    if version > schema_version():
        raise StoreError(
            f"the database {shown(url)} was migrated by a newer version of the app (schema {version}, this "
            f"one knows {schema_version()}): run that version, or restore a backup made by this one"
        )
    return f"database {shown(url)} (schema version {version})"


def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")


def check_app(base_url: str, timeout: float = 5) -> str:
    """A description of the Streamlit server when its health URL answers "ok"; raises ``OSError`` if not."""
    url = base_url.rstrip("/") + HEALTH_PATH
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read(100).decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as error:
        raise OSError(f"the app at {base_url} answered {error.code} on {HEALTH_PATH}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise OSError(
            f"the app at {base_url} does not answer ({reason}): is `streamlit run` started on that port?"
        ) from None
    if body != "ok":
        raise OSError(f"the app at {base_url} is not healthy: {HEALTH_PATH} says {body!r}")
    return f"app {base_url}"


def readiness(database_url: str, apps: list[str]) -> Readiness:
    """Check the database and each app server once."""
    found = Readiness()
    try:
        found.fine.append(check_database(database_url))
    except StoreError as error:
        found.problems.append(str(error))
    for app in apps:
        try:
            found.fine.append(check_app(app))
        except OSError as error:
            found.problems.append(str(error))
    return found


def wait_until_ready(database_url: str, apps: list[str], wait_seconds: float) -> Readiness:
    """Check again every half second until everything is ready or the time is up."""
    deadline = time.monotonic() + wait_seconds
    while True:
        found = readiness(database_url, apps)
        if found.ready or time.monotonic() >= deadline:
            return found
        time.sleep(0.5)
