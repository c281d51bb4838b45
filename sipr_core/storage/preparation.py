"""The facilitator's readiness checklist of a session: what they ticked before the meeting.

Only the facilitator reads or ticks it (it is their preparation, not the team's record, so it goes in no
summary and no session file). An item is a text of the session's own checklist
(``facilitation.readiness_checklist``); a tick is one transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from ..errors import InputError
from ..facilitation import readiness_checklist
from .database import Database
from .engine import now
from .schema import readiness_ticks
from .scope import SessionScope

NOT_ON_THE_CHECKLIST = (
    "That item is not on this session's readiness checklist. Reload the page to see the checklist as it is."
)


class Preparation:
    """Tick and untick the readiness checklist of a session (facilitator)."""

    def __init__(self, database: Database):
        self.database = database

    def ticked(self, code: str, key: str) -> frozenset[str]:
        """The items of the session's checklist the facilitator has ticked."""
        with self.database.reading() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            return _ticked(scope)

    def tick(self, code: str, key: str, item: str, ticked: bool) -> frozenset[str]:
        """Tick (or untick) one item; returns every item ticked now. ``InputError`` for an item that is not
        on the session's checklist."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            if item not in readiness_checklist(scope.rubric):
                raise InputError(NOT_ON_THE_CHECKLIST)
            t = readiness_ticks.c
            conn.execute(delete(readiness_ticks).where(t.session_id == scope.id, t.item == item))
            if ticked:
                conn.execute(readiness_ticks.insert().values(session_id=scope.id, item=item, ticked_at=now()))
            return _ticked(scope)


def _ticked(scope: SessionScope) -> frozenset[str]:
    t = readiness_ticks.c
    found = scope.conn.execute(select(t.item).where(t.session_id == scope.id)).scalars()
    return frozenset(found) & frozenset(readiness_checklist(scope.rubric))
