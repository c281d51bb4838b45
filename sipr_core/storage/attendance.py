"""Who is in the vote: the facilitator takes someone who left the meeting off it; they may rejoin.

Someone taken off the vote keeps every vote they cast (and it still counts where it was cast),
but no round waits for them: they leave "who has not voted" and stop holding back the reveal
that happens by itself when everyone has voted. If they come back (the same person, after a
reload or from another device), they rejoin and are waited for again. Each step is one
transaction and goes into the history.
"""

from __future__ import annotations

from sqlalchemy import update

from ..errors import InputError
from ..rounds import Attendance
from ..session import Participant
from .database import Database
from .engine import now
from .schema import participants
from .scope import SessionScope
from .voters import LEFT_FIELD, enter, left_at, participant_in, participants_in
from .voting import latest_round, reveal_when_everyone_voted

NO_SUCH_PARTICIPANT = "No such participant in this session."


class Attendances:
    """Who is in the vote, who was taken off it, and coming back."""

    def __init__(self, database: Database):
        self.database = database

    def of(self, code: str, key: str) -> Attendance:
        """Everyone in the vote and everyone taken off it, each in the order they joined (facilitator)."""
        with self.database.reading() as conn:
            sid = SessionScope.for_facilitator(self.database, conn, code, key).id
            return Attendance(tuple(participants_in(conn, sid)), tuple(participants_in(conn, sid, left=True)))

    def remove(self, code: str, key: str, participant_id: str, *, actor: str) -> Participant:
        """Take someone who left off the vote: their votes stay, but no round waits for them any more.

        When they were the last one the open round waited for, and it reveals itself once everyone
        has voted, it reveals now.
        """
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            voting = latest_round(
                conn, scope.id, lock=True
            )  # a vote arriving now lands before this or is refused
            who = participant_in(conn, scope.id, participant_id)
            if who is None:
                raise InputError(NO_SUCH_PARTICIPANT)
            if left_at(conn, scope.id, participant_id) is not None:
                return who
            at = now()
            p = participants.c
            conn.execute(
                update(participants)
                .where(p.session_id == scope.id, p.id == participant_id)
                .values(left_at=at)
            )
            scope.record_change(actor, f"{LEFT_FIELD}{participant_id}", None, at, at=at)
            if voting is not None and voting.is_open:
                reveal_when_everyone_voted(conn, scope.id, voting)
            return who

    def rejoin(self, code: str, participant_id: str) -> Participant:
        """Come back into the vote after the facilitator took one off it (as the same person, same name)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_participant(self.database, conn, code, participant_id)
            assert scope.participant is not None
            return enter(scope, participant_id, scope.participant.name)
