"""Discussion answers in the store (toolkit Activity 1): each member writes one answer to the current
discussion from their phone; nobody but the facilitator reads another's until the facilitator's Reveal,
which also closes the question. Every method is one transaction.
"""

from __future__ import annotations

from sqlalchemy import update

from ..access import key_matches
from ..agenda import DiscussionAnswer, Meeting, check_answer, check_position
from ..errors import AccessDenied, InputError, VotingClosed
from .database import Database
from .engine import now, upsert
from .meeting_rows import answers_to, member_and_current, need_facilitator, need_meeting, read_meeting
from .schema import meeting_answers, meeting_items

MOVED_ON = "The facilitator moved on to the next activity: your answer to the earlier question was not saved."


class Discussions:
    """Write, read and reveal the answers to a meeting's discussions."""

    def __init__(self, database: Database):
        self.database = database

    def answer(
        self, code: str, member_id: str, topic: str, text: str, *, position: int | None = None
    ) -> DiscussionAnswer:
        """Write (or change) one's answer to the current discussion, until the facilitator reveals them;
        with ``position`` (the activity the phone showed), refused once the meeting has moved on from it."""
        topic, text = check_answer(topic, text)
        with self.database.writing() as conn:
            row, member, current = member_and_current(conn, code, member_id)
            if position is not None and position != current.position:
                raise VotingClosed(MOVED_ON)
            if not current.is_discussion:
                raise VotingClosed("This activity takes no written answers: the facilitator has moved on.")
            if current.revealed:
                raise VotingClosed("The answers are on the projector: answering this question is closed.")
            values = dict(
                meeting_id=row.id,
                position=current.position,
                member_id=member_id,
                topic=topic,
                text=text,
                updated_at=now(),
            )
            upsert(
                conn,
                meeting_answers,
                values,
                ["meeting_id", "position", "member_id"],
                {"topic": topic, "text": text, "updated_at": values["updated_at"]},
            )
            return DiscussionAnswer(
                current.position, member_id, member.name, topic, text, values["updated_at"]
            )

    def answers(
        self, code: str, position: int, *, key: str | None = None, member_id: str | None = None
    ) -> list[DiscussionAnswer]:
        """The answers to a discussion: all of them for the facilitator or once revealed; before Reveal a
        member reads only their own and anyone else none."""
        with self.database.reading() as conn:
            row = need_meeting(conn, code)
            item = check_position(read_meeting(conn, row), position)
            facilitator = key is not None and key_matches(key, row.key_hash)
            if key is not None and not facilitator:
                raise AccessDenied(f"That key is not the facilitator key of meeting {row.code}.")
            found = answers_to(conn, row.id, position)
            if facilitator or item.revealed:
                return found
            return [a for a in found if member_id is not None and a.member_id == member_id]

    def reveal(self, code: str, key: str, position: int) -> Meeting:
        """Show a discussion's answers to everyone (and close it to new answers)."""
        with self.database.writing() as conn:
            row = need_facilitator(conn, code, key)
            item = check_position(read_meeting(conn, row), position)
            if not item.is_discussion:
                raise InputError(
                    f"{item.item.title} is rated on its own session: reveal its votes on Consensus."
                )
            i = meeting_items.c
            conn.execute(
                update(meeting_items)
                .where(i.meeting_id == row.id, i.position == position)
                .values(revealed_at=now())
            )
            return read_meeting(conn, row)
