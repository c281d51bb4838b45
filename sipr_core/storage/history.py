"""A session's history: every recorded change, oldest first, and undoing one (facilitator only)."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import InputError
from ..session import Change, Entry
from .database import Database
from .rows import change_from, entry_value_from_history
from .schema import changes
from .scope import SessionScope

EDITABLE = ("level", "not_applicable", "ticked", "evidence", "next_steps")
"""The fields of an entry whose changes can be undone."""


class History:
    """Read the history of a session and put a field back as it was."""

    def __init__(self, database: Database):
        self.database = database

    def changes(self, code: str, key: str, *, include_votes: bool = False) -> list[Change]:
        """Every recorded change of the session, oldest first (votes only when asked)."""
        with self.database.reading() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            query = select(changes).where(changes.c.session_id == scope.id).order_by(changes.c.id)
            found = [change_from(c) for c in conn.execute(query)]
        return [c for c in found if include_votes or not c.field.startswith("vote:")]

    def undo(self, code: str, key: str, change_id: int, *, actor: str) -> Entry:
        """Put a field back to its value before the given change (itself recorded as a change)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            query = select(changes).where(changes.c.session_id == scope.id, changes.c.id == change_id)
            found = conn.execute(query).first()
            if found is None or found.field not in EDITABLE:
                raise InputError(f"No change {change_id} to undo in session {scope.code}.")
            change = change_from(found)
            previous = {change.field: entry_value_from_history(change.field, change.old)}
            return scope.write_entry(change.row_id, change.dimension, previous, actor, undoes=change_id)
