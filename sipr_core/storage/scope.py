"""Who is asking, decided once: every storage operation starts by opening its session in a scope.

- a facilitator holds the session's facilitator key and may do everything in it;
- a participant holds the join code and their own participant id: they vote and see their ballot;
- a viewer holds only the join code: they read what the team recorded;
- the operator holds the database itself (the command line) and reads every session.

A scope also carries the two writes many records share: a change into the history and a change
of the team's entry for one row (its rating, evidence and next steps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, select, update

from ..access import is_legacy, key_matches, normalise_code
from ..errors import AccessDenied, EditConflict, SessionNotFound
from ..rubric import Rubric
from ..session import Entry, Participant, SessionInfo
from .database import Database
from .engine import now, upsert
from .keys import upgrade
from .rows import (
    BLANK_ENTRY,
    change_values,
    entry_from,
    entry_value_from_db,
    entry_value_to_db,
    info_from,
    participant_from,
)
from .schema import changes, entries, facilitator_keys, participants, sessions

NOT_JOINED = "Join the session with your name before you vote."

# The statements of every slider move, built once: building one costs more than running it on SQLite.
SESSION_BY_CODE = (
    select(sessions, facilitator_keys.c.key_hash)
    .join(facilitator_keys, facilitator_keys.c.id == sessions.c.key_id)
    .where(sessions.c.code == bindparam("code"), sessions.c.deleted_at.is_(None))
)
_THIS_ENTRY = and_(
    entries.c.session_id == bindparam("in_session"),
    entries.c.row_id == bindparam("in_row"),
    entries.c.dimension == bindparam("in_dimension"),
)
ENTRY_FOR_UPDATE = select(entries).where(_THIS_ENTRY).with_for_update()
UPDATE_ENTRY = update(entries).where(_THIS_ENTRY)
INSERT_CHANGE = changes.insert()


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"
    OPERATOR = "operator"


def session_row(conn: Connection, code: str) -> Row[Any]:
    """The live session with this join code (typed any way a person might); ``SessionNotFound`` else."""
    canonical = normalise_code(code)
    row = None
    if canonical is not None:
        row = conn.execute(SESSION_BY_CODE, {"code": canonical}).first()
    if row is None:
        raise SessionNotFound(code.strip()[:40])
    return row


def not_the_facilitator(code: str) -> AccessDenied:
    return AccessDenied(f"Only the facilitator can do this: enter the facilitator key of session {code}.")


@dataclass(frozen=True)
class SessionScope:
    """One session, opened in one transaction by someone whose role has been checked."""

    database: Database
    conn: Connection
    row: Row[Any]
    role: Role
    participant: Participant | None = None
    """The participant asking, for a participant's scope."""
    left_at: str | None = None
    """When the facilitator took that participant off the vote (None while they are in it)."""

    # --- opening a session ------------------------------------------------------------------

    @classmethod
    def for_facilitator(
        cls, database: Database, conn: Connection, code: str, key: str | None
    ) -> SessionScope:
        """The session, when ``key`` is its facilitator key; ``AccessDenied`` otherwise."""
        row = session_row(conn, code)
        if not key_matches(key, row.key_hash):
            raise not_the_facilitator(row.code)
        if is_legacy(row.key_hash) and key is not None:
            upgrade(conn, row.key_id, row.key_hash, key)
        return cls(database, conn, row, Role.FACILITATOR)

    @classmethod
    def for_participant(
        cls, database: Database, conn: Connection, code: str, participant_id: str
    ) -> SessionScope:
        """The session, for someone who joined it under this id; ``AccessDenied`` for a stranger.

        Someone the facilitator took off the vote is still a participant (``left_at`` says since when).
        """
        row = session_row(conn, code)
        p = participants.c
        joined = conn.execute(
            select(participants).where(p.session_id == row.id, p.id == participant_id)
        ).first()
        if joined is None:
            raise AccessDenied(NOT_JOINED)
        return cls(database, conn, row, Role.PARTICIPANT, participant_from(joined), joined.left_at)

    @classmethod
    def for_viewer(cls, database: Database, conn: Connection, code: str) -> SessionScope:
        """The session, for anyone holding its join code."""
        return cls(database, conn, session_row(conn, code), Role.VIEWER)

    @classmethod
    def for_operator(cls, database: Database, conn: Connection, code: str) -> SessionScope:
        """The session, for whoever holds the database itself (the command line)."""
        return cls(database, conn, session_row(conn, code), Role.OPERATOR)

    # --- what it is -------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return str(self.row.id)

    @property
    def code(self) -> str:
        return str(self.row.code)

    @property
    def series(self) -> str:
        return str(self.row.series)

    @property
    def info(self) -> SessionInfo:
        return info_from(self.row._mapping)

    @property
    def rubric(self) -> Rubric:
        return self.database.rubric(self.row.fingerprint, self.conn)

    @property
    def is_facilitator(self) -> bool:
        return self.role is Role.FACILITATOR

    # --- the writes many records share --------------------------------------------------------

    def record_change(
        self,
        actor: str,
        field: str,
        old: Any,
        new: Any,
        *,
        row_id: str = "",
        dimension: str = "",
        at: str | None = None,
        undoes: int | None = None,
    ) -> None:
        """Keep one change in the session's history: who, when, which field, old and new value."""
        self.conn.execute(
            INSERT_CHANGE,
            dict(
                session_id=self.id,
                at=at or now(),
                actor=actor,
                row_id=row_id,
                dimension=dimension,
                field=field,
                undoes=undoes,
                **change_values(old, new),
            ),
        )

    def write_entry(
        self,
        row_id: str,
        dimension: str,
        fields: dict[str, Any],
        actor: str,
        *,
        undoes: int | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Entry:
        """Change checked fields of the team's entry for one cell; each change goes into the history.

        With ``expected`` (field: the value the editor last saw), a field that holds something else
        now, changed from another window, is not overwritten: ``EditConflict`` says what it holds.
        """
        this = {"in_session": self.id, "in_row": row_id, "in_dimension": dimension}
        # Read (and lock) the entry first: it exists after its first change, so the insert is rare.
        current = self.conn.execute(ENTRY_FOR_UPDATE, this).first()
        if current is None:
            blank = dict(session_id=self.id, row_id=row_id, dimension=dimension, **BLANK_ENTRY)
            upsert(self.conn, entries, blank, ["session_id", "row_id", "dimension"])
            current = self.conn.execute(ENTRY_FOR_UPDATE, this).one()
        for name, seen in (expected or {}).items():
            stored = entry_value_from_db(name, getattr(current, name))
            if stored != seen and stored != fields.get(name, seen):
                raise EditConflict(name, stored)
        at = now()
        values = {k: entry_value_to_db(k, v) for k, v in fields.items()}
        changed = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changed:
            return entry_from(current)
        self.conn.execute(UPDATE_ENTRY, {**this, **changed, "updated_by": actor, "updated_at": at})
        for name, value in changed.items():
            old = entry_value_from_db(name, getattr(current, name))
            new = entry_value_from_db(name, value)
            self.record_change(
                actor, name, old, new, row_id=row_id, dimension=dimension, at=at, undoes=undoes
            )
        # The row as written, without reading it back: the locked row and our changes.
        written = {**current._mapping, **changed, "updated_by": actor, "updated_at": at}
        return entry_from(SimpleNamespace(**written))
