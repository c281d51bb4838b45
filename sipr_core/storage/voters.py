"""Who is in the vote: the session's participants and its small groups, read and changed inside a scope.

Shared by live voting, small groups and attendance; each function works in the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..rounds import VoteGroup, smallest
from ..session import Participant
from .engine import now, upsert
from .rows import participant_from
from .schema import group_members, participants, vote_groups
from .scope import SessionScope

LEFT_FIELD = "vote:left:"
"""The history field of taking a participant off the vote and of their coming back (``vote:`` hides it)."""


def participant_in(conn: Connection, session_id: str, participant_id: str) -> Participant | None:
    """The participant with this id in this session (an id from another session finds nobody)."""
    p = participants.c
    found = conn.execute(
        select(participants).where(p.session_id == session_id, p.id == participant_id)
    ).first()
    return participant_from(found) if found is not None else None


def participants_in(conn: Connection, session_id: str, *, left: bool = False) -> list[Participant]:
    """Those in the vote, in the order they joined (with ``left``, those taken off it instead)."""
    p = participants.c
    gone = p.left_at.is_not(None) if left else p.left_at.is_(None)
    query = select(participants).where(p.session_id == session_id, gone).order_by(p.joined_at, p.id)
    return [participant_from(r) for r in conn.execute(query)]


def left_at(conn: Connection, session_id: str, participant_id: str) -> str | None:
    """When the facilitator took this participant off the vote; None while they are in it."""
    p = participants.c
    query = select(p.left_at).where(p.session_id == session_id, p.id == participant_id)
    found: str | None = conn.execute(query).scalar()
    return found


def enter(scope: SessionScope, participant_id: str, name: str) -> Participant:
    """Add or rename a participant; someone taken off the vote is back in it (recorded in the history).

    A newcomer goes into the smallest small group, when the facilitator has made groups.
    """
    conn, sid = scope.conn, scope.id
    was_left_at = left_at(conn, sid, participant_id)
    at = now()
    values = dict(session_id=sid, id=participant_id, name=name, joined_at=at)
    upsert(conn, participants, values, ["session_id", "id"], {"name": name, "left_at": None})
    if was_left_at is not None:
        scope.record_change(name, f"{LEFT_FIELD}{participant_id}", was_left_at, None, at=at)
    newcomer = smallest(groups_in(conn, sid))
    if newcomer is not None and group_of(conn, sid, participant_id) is None:
        conn.execute(
            group_members.insert().values(session_id=sid, participant_id=participant_id, group_id=newcomer.id)
        )
    found = participant_in(conn, sid, participant_id)
    assert found is not None
    return found


def groups_in(conn: Connection, session_id: str) -> list[VoteGroup]:
    """The session's small groups (not the replaced ones) with the members still in the vote."""
    g, m, p = vote_groups.c, group_members.c, participants.c
    found = conn.execute(
        select(g.id, g.name).where(g.session_id == session_id, g.retired_at.is_(None)).order_by(g.position)
    ).all()
    members: dict[str, list[str]] = {gid: [] for gid, _ in found}
    query = (
        select(m.group_id, m.participant_id)
        .join(participants, (p.session_id == m.session_id) & (p.id == m.participant_id))
        .where(m.session_id == session_id, p.left_at.is_(None))
        .order_by(p.joined_at, p.id)
    )
    for gid, pid in conn.execute(query):
        if gid in members:
            members[gid].append(pid)
    return [VoteGroup(gid, name, tuple(members[gid])) for gid, name in found]


def group_of(conn: Connection, session_id: str, participant_id: str) -> VoteGroup | None:
    """The small group this participant is in, if any."""
    return next((g for g in groups_in(conn, session_id) if participant_id in g.members), None)
