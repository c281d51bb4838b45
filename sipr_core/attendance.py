"""Who is in the vote: the facilitator takes someone who left the meeting off it; they may rejoin.

Someone taken off the vote keeps every vote they cast (and it still counts where it was cast),
but no round waits for them: they leave "who has not voted" and stop holding back the reveal
that happens by itself when everyone has voted. If they come back (the same person, after a
reload or from another device), they rejoin and are waited for again. Each step is one
transaction and goes into the history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import update

from . import db
from .access import AccessDenied
from .rounds import Attendance
from .session import InputError, Participant
from .voting import (
    LEFT_FIELD,
    NOT_JOINED,
    _enter,
    _latest,
    _left_at,
    _participant,
    _participants,
    _reveal_when_everyone_voted,
)

if TYPE_CHECKING:
    from .store import Store

NO_SUCH_PARTICIPANT = "No such participant in this session."


def attendance(store: Store, code: str, key: str) -> Attendance:
    """Everyone in the vote and everyone taken off it, each in the order they joined (facilitator only)."""
    with db.reading(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        present = _participants(conn, row.id)
        return Attendance(tuple(present), tuple(_participants(conn, row.id, left=True)))


def remove_from_vote(store: Store, code: str, key: str, participant_id: str, *, actor: str) -> Participant:
    """Take someone who left off the vote: their votes stay, but no round waits for them any more.

    When they were the last one the open round waited for, and it reveals itself once everyone
    has voted, it reveals now.
    """
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        voting = _latest(conn, row.id, lock=True)  # a vote arriving now lands before this or is refused
        who = _participant(conn, row.id, participant_id)
        if who is None:
            raise InputError(NO_SUCH_PARTICIPANT)
        if _left_at(conn, row.id, participant_id) is not None:
            return who
        at = db.now()
        p = db.participants
        conn.execute(
            update(p).where(p.c.session_id == row.id, p.c.id == participant_id).values(left_at=at)
        )
        store._record(conn, row.id, at, actor, "", "", f"{LEFT_FIELD}{participant_id}", None, at)
        if voting is not None and voting.is_open:
            _reveal_when_everyone_voted(conn, row.id, voting)
        return who


def rejoin(store: Store, code: str, participant_id: str) -> Participant:
    """Come back into the vote after the facilitator took one off it (as the same person, same name)."""
    with db.writing(store.engine) as conn:
        row = store._session_row(conn, code)
        who = _participant(conn, row.id, participant_id)
        if who is None:
            raise AccessDenied(NOT_JOINED)
        return _enter(store, conn, row.id, participant_id, who.name)
