"""A meeting's rows read into the core's types, and the checks every meeting record starts with: the
meeting by its join code, its facilitator key, the member asking, the current activity, the answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select

from ..access import key_matches, normalise_code
from ..agenda import AgendaItem, DiscussionAnswer, ItemKind, Meeting, MeetingItem
from ..errors import AccessDenied, SessionNotFound
from ..session import Participant
from .schema import facilitator_keys, meeting_answers, meeting_items, meeting_members, meetings, sessions

MEETING_BY_CODE = (
    select(meetings, facilitator_keys.c.key_hash)
    .join(facilitator_keys, facilitator_keys.c.id == meetings.c.key_id)
    .where(meetings.c.code == bindparam("code"))
)
NOT_A_MEMBER = "Join the meeting with your name before you answer."


def meeting_row(conn: Connection, code: str) -> Row[Any] | None:
    canonical = normalise_code(code)
    return None if canonical is None else conn.execute(MEETING_BY_CODE, {"code": canonical}).first()


def need_meeting(conn: Connection, code: str) -> Row[Any]:
    row = meeting_row(conn, code)
    if row is None:
        raise SessionNotFound(code.strip()[:40])
    return row


def need_facilitator(conn: Connection, code: str, key: str | None) -> Row[Any]:
    row = need_meeting(conn, code)
    if not key_matches(key, row.key_hash):
        raise AccessDenied(
            f"Only the facilitator can do this: enter the facilitator key of meeting {row.code}."
        )
    return row


def read_meeting(conn: Connection, row: Row[Any]) -> Meeting:
    i = meeting_items.c
    query = (
        select(meeting_items, sessions.c.code, sessions.c.deleted_at)
        .select_from(meeting_items.outerjoin(sessions, sessions.c.id == i.session_id))
        .where(i.meeting_id == row.id)
        .order_by(i.position)
    )
    items = tuple(
        MeetingItem(
            r.position,
            AgendaItem(ItemKind(r.kind), r.title, r.rubric_id, r.activity_id, r.prompt),
            r.code if r.deleted_at is None else None,
            r.revealed_at,
        )
        for r in conn.execute(query)
    )
    return Meeting(
        row.id,
        row.code,
        row.title,
        row.template,
        row.district,
        row.school,
        row.team,
        date.fromisoformat(row.held_on),
        row.facilitator,
        row.current_position,
        items,
    )


def member_in(conn: Connection, meeting_id: str, member_id: str | None) -> Participant | None:
    m = meeting_members.c
    found = conn.execute(select(meeting_members).where(m.meeting_id == meeting_id, m.id == member_id)).first()
    return None if found is None else Participant(found.id, found.name, found.joined_at)


def answer_from(r: Any, name: str) -> DiscussionAnswer:
    return DiscussionAnswer(r.position, r.member_id, name, r.topic, r.text, r.updated_at)


def member_and_current(
    conn: Connection, code: str, member_id: str
) -> tuple[Row[Any], Participant, MeetingItem]:
    """The meeting's row, the member asking (``AccessDenied`` for a stranger) and the current activity."""
    row = need_meeting(conn, code)
    member = member_in(conn, row.id, member_id)
    if member is None:
        raise AccessDenied(NOT_A_MEMBER)
    return row, member, read_meeting(conn, row).current_item


def answers_to(conn: Connection, meeting_id: str, position: int) -> list[DiscussionAnswer]:
    a, m = meeting_answers.c, meeting_members.c
    query = (
        select(meeting_answers, m.name)
        .join(meeting_members, (m.meeting_id == a.meeting_id) & (m.id == a.member_id))
        .where(a.meeting_id == meeting_id, a.position == position)
        .order_by(a.updated_at)
    )
    return [answer_from(r, r.name) for r in conn.execute(query)]
