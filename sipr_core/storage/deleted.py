"""Deleted sessions: listed for their facilitator key and restorable for 30 days, then purged for good.

``store.sessions.delete`` only marks a session deleted (``deleted_at``): it leaves every list and page.
Here the facilitator finds it again and restores it. A session deleted more than 30 days ago is purged
with everything in it (its tables' rows go with it: ``ON DELETE CASCADE``), in one transaction, each
time the store opens and each time deleted sessions are listed or restored; its targets, kept per
series, stay for the team's other sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, select, update

from ..access import normalise_code
from ..agenda import ItemKind
from ..errors import SessionNotFound
from ..session import KEPT_AFTER_DELETION, DeletedSession, SessionInfo
from .database import Database
from .engine import now
from .keys import key_ids
from .rows import info_from
from .schema import meeting_items, meetings, sessions
from .scope import SessionScope, not_the_facilitator

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def mark_deleted(scope: SessionScope, actor: str | None = None) -> None:
    """Take the session out of every list and page (restorable for 30 days), in its history."""
    at = now()
    scope.conn.execute(update(sessions).where(sessions.c.id == scope.id).values(deleted_at=at))
    scope.record_change(actor or scope.info.facilitator, "session", None, "deleted", at=at)


def purge(conn: Connection, at: datetime) -> int:
    """Delete for good every session deleted more than 30 days before ``at``, and each meeting whose
    continuums' sessions are all gone now (its members' names and answers with it); how many sessions went."""
    cutoff = (at - KEPT_AFTER_DELETION).isoformat(timespec="microseconds")
    s, i = sessions.c, meeting_items.c
    gone = conn.execute(delete(sessions).where(s.deleted_at.is_not(None), s.deleted_at < cutoff))
    rated = select(i.meeting_id).where(i.kind == ItemKind.CONTINUUM.value)
    held = select(i.meeting_id).where(i.session_id.is_not(None))
    conn.execute(delete(meetings).where(meetings.c.id.in_(rated), meetings.c.id.not_in(held)))
    return int(gone.rowcount)


class DeletedSessions:
    """A facilitator's recently deleted sessions: list, restore; and the purge after 30 days."""

    def __init__(self, database: Database, clock: Clock = utc_now):
        self.database = database
        self.clock = clock
        """What time it is (tests move it on)."""

    def purge(self) -> int:
        """Delete for good every session deleted more than 30 days ago; how many went."""
        with self.database.writing() as conn:
            return purge(conn, self.clock())

    def for_key(self, key: str) -> list[DeletedSession]:
        """The sessions of this facilitator key deleted in the last 30 days, the latest deleted first."""
        with self.database.writing() as conn:
            purge(conn, self.clock())
            s = sessions.c
            query = (
                select(sessions)
                .where(s.key_id.in_(key_ids(conn, key)), s.deleted_at.is_not(None))
                .order_by(s.deleted_at.desc())
            )
            return [DeletedSession(info_from(r._mapping), r.deleted_at) for r in conn.execute(query)]

    def restore(self, code: str, key: str, *, actor: str | None = None) -> SessionInfo:
        """Bring a deleted session back into every list (``SessionNotFound`` once it is gone for good)."""
        with self.database.writing() as conn:
            purge(conn, self.clock())
            s = sessions.c
            canonical = normalise_code(code)
            row = conn.execute(select(sessions).where(s.code == canonical, s.deleted_at.is_not(None))).first()
            if row is None:
                raise SessionNotFound(code.strip()[:40])
            if row.key_id not in key_ids(conn, key):
                raise not_the_facilitator(row.code)
            conn.execute(update(sessions).where(s.id == row.id).values(deleted_at=None))
            scope = SessionScope.for_facilitator(self.database, conn, row.code, key)
            scope.record_change(actor or row.facilitator, "session", "deleted", None)
            return scope.info
