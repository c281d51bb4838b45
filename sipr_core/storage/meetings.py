"""Meetings with an agenda in the store: one join code and one facilitator key for several activities.

Each continuum of the agenda is an ordinary session of its own series, made with the meeting and held
by the meeting's key; a discussion's answers are ``store.discussion``'s. A phone joins the meeting once
(a member) and is the same participant, under the same id, in each continuum's session it follows.
Reading needs the join code; changing needs the facilitator key.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, select, update

from ..access import key_matches, normalise_code
from ..agenda import (
    AgendaItem,
    DiscussionAnswer,
    ItemKind,
    Meeting,
    MeetingItem,
    check_agenda,
    check_member_id,
    check_position,
    check_template,
)
from ..errors import InputError
from ..rubric import Rubric
from ..session import Participant, Session, check_name, check_names
from .database import Database
from .deleted import mark_deleted
from .engine import now, upsert
from .keys import key_for_new_session, key_ids
from .meeting_rows import (
    answers_to,
    meeting_row,
    member_and_current,
    member_in,
    need_facilitator,
    need_meeting,
    read_meeting,
)
from .schema import facilitator_keys, meeting_items, meeting_members, meetings, participants, sessions
from .scope import SessionScope
from .sessions import add_session, load_session, new_series, unused_code
from .voters import enter


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting read whole for its summary: the discussions' answers (revealed ones, unless the
    facilitator asks) and each continuum's session."""

    meeting: Meeting
    answers: dict[int, list[DiscussionAnswer]]
    sessions: dict[int, Session]


class Meetings:
    """Create a meeting from an agenda, move it along, let phones follow it, and keep discussion answers."""

    def __init__(self, database: Database):
        self.database = database

    def create(
        self,
        title: str,
        template: str,
        items: Sequence[AgendaItem],
        rubrics: Mapping[str, Rubric],
        *,
        district: str,
        team: str,
        held_on: date,
        facilitator: str,
        school: str = "",
        key: str | None = None,
    ) -> tuple[Meeting, str]:
        """A new meeting with a fresh join code and a new session for each continuum of ``items``; returns
        it and the facilitator key (the ``key`` given, or a new one), which holds all its sessions."""
        names = {"District": district, "School": school, "Team": team, "Facilitator": facilitator}
        checked = check_names(names, optional=("School",))
        title = check_name("Meeting title", title)
        template = check_template(template, rubrics)
        agenda = check_agenda(items, rubrics)
        with self.database.writing() as conn:
            key, key_id = key_for_new_session(conn, key, checked.values())
            meeting_id = uuid.uuid4().hex
            conn.execute(
                meetings.insert().values(
                    id=meeting_id,
                    code=unused_code(conn),
                    key_id=key_id,
                    template=template,
                    title=title,
                    district=checked["District"],
                    school=checked["School"],
                    team=checked["Team"],
                    held_on=held_on.isoformat(),
                    facilitator=checked["Facilitator"],
                    current_position=0,
                    created_at=now(),
                )
            )
            for position, item in enumerate(agenda):
                session_id = None
                if item.kind is ItemKind.CONTINUUM and item.rubric_id is not None:
                    rubric = rubrics[item.rubric_id]
                    names_on = {**checked, "Held on": held_on.isoformat()}
                    session_id = add_session(
                        self.database, conn, rubric, names_on, key_id, new_series(conn, key_id, rubric.id)
                    )["id"]
                conn.execute(
                    meeting_items.insert().values(
                        meeting_id=meeting_id,
                        position=position,
                        kind=item.kind.value,
                        title=item.title,
                        rubric_id=item.rubric_id,
                        activity_id=item.activity_id,
                        prompt=item.prompt,
                        session_id=session_id,
                    )
                )
            return read_meeting(conn, need_meeting(conn, meetings_code(conn, meeting_id))), key

    def find(self, code: str) -> Meeting | None:
        """The meeting with this join code, or None (the code may be a session's)."""
        with self.database.reading() as conn:
            row = meeting_row(conn, code)
            return None if row is None else read_meeting(conn, row)

    def load(self, code: str) -> Meeting:
        """The meeting and its agenda; ``SessionNotFound`` for an unknown code."""
        with self.database.reading() as conn:
            return read_meeting(conn, need_meeting(conn, code))

    def is_facilitator(self, code: str, key: str | None) -> bool:
        with self.database.reading() as conn:
            return key_matches(key, need_meeting(conn, code).key_hash)

    def for_key(self, key: str) -> list[Meeting]:
        """The meetings this facilitator key holds, the latest first."""
        with self.database.reading() as conn:
            ids = key_ids(conn, key)
            query = (
                select(meetings, facilitator_keys.c.key_hash)
                .join(facilitator_keys, facilitator_keys.c.id == meetings.c.key_id)
                .where(meetings.c.key_id.in_(ids))
                .order_by(meetings.c.held_on.desc(), meetings.c.created_at.desc())
            )
            return [read_meeting(conn, row) for row in conn.execute(query)] if ids else []

    def of_session(self, code: str) -> Meeting | None:
        """The meeting whose agenda holds the session with this join code, if one does."""
        with self.database.reading() as conn:
            s, i = sessions.c, meeting_items.c
            query = (
                select(meetings.c.code)
                .select_from(meetings.join(meeting_items, i.meeting_id == meetings.c.id))
                .join(sessions, s.id == i.session_id)
                .where(s.code == (normalise_code(code) or ""))
            )
            found = conn.execute(query).scalar()
            return None if found is None else read_meeting(conn, need_meeting(conn, found))

    def move(self, code: str, key: str, position: int, *, expected: int | None = None) -> Meeting:
        """Make the activity at ``position`` (0 for the first) the current one: the phones follow it. With
        ``expected`` (the current activity the window saw) it is refused once another window moved it."""
        with self.database.writing() as conn:
            row = need_facilitator(conn, code, key)
            check_position(read_meeting(conn, row), position)
            m = meetings.c
            seen = m.id == row.id if expected is None else (m.id == row.id) & (m.current_position == expected)
            if conn.execute(update(meetings).where(seen).values(current_position=position)).rowcount != 1:
                now_at = conn.execute(select(m.current_position).where(m.id == row.id)).scalar_one()
                raise InputError(
                    f"Another window moved the meeting to activity {now_at + 1}: the page now shows it."
                )
            return read_meeting(conn, need_meeting(conn, row.code))

    def delete(self, code: str, key: str, *, actor: str | None = None) -> list[str]:
        """Delete the meeting for good with its members' names and answers; each of its sessions goes to
        Recently deleted (``store.deleted`` restores it for 30 days). Returns those sessions' codes."""
        with self.database.writing() as conn:
            row = need_facilitator(conn, code, key)
            codes = [i.session_code for i in read_meeting(conn, row).items if i.session_code is not None]
            for session_code in codes:
                mark_deleted(SessionScope.for_facilitator(self.database, conn, session_code, key), actor)
            conn.execute(delete(meetings).where(meetings.c.id == row.id))
            return codes

    def join(self, code: str, name: str, member_id: str | None = None) -> Participant:
        """Join the meeting by name (or rename oneself, with one's id: in the meeting and on the ballot of
        each of its sessions one sits in)."""
        name = check_name("Name", name)
        member_id = uuid.uuid4().hex if member_id is None else check_member_id(member_id)
        with self.database.writing() as conn:
            row = need_meeting(conn, code)
            values = dict(meeting_id=row.id, id=member_id, name=name, joined_at=now())
            upsert(conn, meeting_members, values, ["meeting_id", "id"], {"name": name})
            seated = select(meeting_items.c.session_id).where(meeting_items.c.meeting_id == row.id)
            p = participants.c  # renamed on each continuum's ballot too: one person, one name
            conn.execute(
                update(participants).where(p.id == member_id, p.session_id.in_(seated)).values(name=name)
            )
            found = member_in(conn, row.id, member_id)
            assert found is not None
            return found

    def member(self, code: str, member_id: str) -> Participant | None:
        """The member with this id (an id from another meeting finds nobody)."""
        with self.database.reading() as conn:
            return member_in(conn, need_meeting(conn, code).id, member_id)

    def follow(self, code: str, member_id: str) -> MeetingItem:
        """The current activity for a member's phone; for a continuum, the member is (under the same
        id and name) a participant of its session, so its ballot opens without joining again."""
        with self.database.reading() as conn:  # every page run of a phone asks: mostly a read
            _, _, current = member_and_current(conn, code, member_id)
            seated = current.session_code is None or _participant(conn, current.session_code, member_id)
        if seated:
            return current
        with self.database.writing() as conn:
            _, member, current = member_and_current(conn, code, member_id)
            if current.session_code is not None:
                scope = SessionScope.for_viewer(self.database, conn, current.session_code)
                if not _participant(conn, scope.code, member_id):
                    enter(scope, member_id, member.name)
            return current

    def record(self, code: str, key: str | None = None) -> MeetingRecord:
        """The meeting read whole for its summary: revealed answers (every answer for the facilitator) and
        each continuum's session as a viewer reads it."""
        with self.database.reading() as conn:
            row = need_meeting(conn, code)
            facilitator = key is not None and key_matches(key, row.key_hash)
            meeting = read_meeting(conn, row)
            answers = {
                item.position: answers_to(conn, row.id, item.position)
                for item in meeting.items
                if item.is_discussion and (item.revealed or facilitator)
            }
            found = {
                item.position: load_session(SessionScope.for_viewer(self.database, conn, item.session_code))
                for item in meeting.items
                if item.session_code is not None
            }
            return MeetingRecord(meeting, answers, found)


def meetings_code(conn: Connection, meeting_id: str) -> str:
    return str(conn.execute(select(meetings.c.code).where(meetings.c.id == meeting_id)).scalar_one())


def _participant(conn: Connection, session_code: str, member_id: str) -> bool:
    """Whether the member is already a participant of the (live) session with this join code."""
    p, s = participants.c, sessions.c
    query = select(p.id).join(sessions, s.id == p.session_id).where(s.code == session_code, p.id == member_id)
    return conn.execute(query).first() is not None
