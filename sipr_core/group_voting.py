"""Small groups in the store (toolkit Activity 2): split the team, rate as a unit, merge into the consensus.

Functions take a ``Store``; each one is a single transaction. Making and changing groups and
merging their ratings need the facilitator key; a member sets their group's rating with the
join code and their participant id, while a small-groups round is open on that row.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from . import db
from .access import AccessDenied
from .consensus import consensus
from .records import upsert_into
from .rounds import VoteGroup, check_open, group_names, split
from .session import Entry, InputError
from .voting import (
    _board,
    _check_level,
    _group_of,
    _groups,
    _latest,
    _latest_for_a_vote,
    _participant,
    _participants,
    _reveal_when_everyone_voted,
    _voter,
)

if TYPE_CHECKING:
    from .store import Store


def groups(store: Store, code: str, key: str) -> list[VoteGroup]:
    """The small groups and their members, in the order they were made."""
    with db.reading(store.engine) as conn:
        return _groups(conn, store._facilitator_row(conn, code, key).id)


def make_groups(store: Store, code: str, key: str, names: Sequence[str]) -> list[VoteGroup]:
    """Split everyone in the vote into new groups with these names (the old groups are retired).

    Someone taken off the vote is in no group; if they rejoin, they go into the smallest one.
    """
    clean = group_names(names)
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        at = db.now()
        g, m = db.vote_groups, db.group_members
        active = (g.c.session_id == row.id) & g.c.retired_at.is_(None)
        conn.execute(update(g).where(active).values(retired_at=at))
        conn.execute(m.delete().where(m.c.session_id == row.id))
        ids = [uuid.uuid4().hex for _ in clean]
        for position, (gid, name) in enumerate(zip(ids, clean, strict=True)):
            conn.execute(g.insert().values(session_id=row.id, id=gid, name=name, position=position))
        people = [p.id for p in _participants(conn, row.id)]
        for gid, members in zip(ids, split(people, len(ids)), strict=True):
            for pid in members:
                conn.execute(m.insert().values(session_id=row.id, participant_id=pid, group_id=gid))
        return _groups(conn, row.id)


def move_to_group(store: Store, code: str, key: str, participant_id: str, group_id: str) -> VoteGroup:
    """Put one participant into another small group."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        target = next((g for g in _groups(conn, row.id) if g.id == group_id), None)
        if target is None:
            raise InputError("No such group: make the groups again or choose one of the list.")
        if _participant(conn, row.id, participant_id) is None:
            raise InputError("No such participant in this session.")
        m = db.group_members
        conn.execute(m.delete().where(m.c.session_id == row.id, m.c.participant_id == participant_id))
        conn.execute(m.insert().values(session_id=row.id, participant_id=participant_id, group_id=group_id))
        moved = next(g for g in _groups(conn, row.id) if g.id == group_id)
        return moved


def merge_groups(store: Store, code: str, key: str, *, actor: str) -> list[Entry]:
    """Record the median of the groups' ratings as the team's level on every cell of the revealed round
    (the lower of the two levels where the median falls between them)."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        voting = _latest(conn, row.id)
        if voting is None or not voting.by_groups or not voting.revealed:
            raise InputError("Reveal a round of small-group ratings first, then merge them.")
        levels = store.rubric(row.fingerprint, conn).level_ids()
        found = _board(conn, row.id, voting)
        merged = []
        for cell in voting.cells:
            median = consensus(levels, found.levels.get(cell, {}).values()).median
            if median is not None:
                merged.append(store._write_entry(conn, row.id, *cell, {"level": median}, actor))
        return merged


def rate_as_group(
    store: Store, code: str, participant_id: str, row_id: str, dimension: str, level: str | None
) -> str | None:
    """Set one's small group's rating of an open row (any member may; the last one counts)."""
    with db.writing(store.engine) as conn:
        row = store._session_row(conn, code)
        voting = check_open(_latest_for_a_vote(conn, row.id), row_id, dimension, by_groups=True)
        _check_level(store.rubric(row.fingerprint, conn), level)
        who = _voter(conn, row.id, participant_id)
        group = _group_of(conn, row.id, participant_id)
        if group is None:
            raise AccessDenied("You are not in a small group yet: ask the facilitator to put you in one.")
        at = db.now()
        ratings = db.group_ratings
        key = dict(session_id=row.id, round_number=voting.number, group_id=group.id)
        key.update(row_id=row_id, dimension=dimension)
        where = [ratings.c[k] == v for k, v in key.items()]
        old = conn.execute(select(ratings.c.level).where(*where)).first()
        changed = dict(level=level, updated_by=who.name, updated_at=at)
        insert = upsert_into(conn, ratings).values(**key, **changed)
        conn.execute(insert.on_conflict_do_update(index_elements=list(key), set_=changed))
        before = old.level if old is not None else None
        store._record(conn, row.id, at, who.name, row_id, dimension, f"vote:group:{group.id}", before, level)
        _reveal_when_everyone_voted(conn, row.id, voting)
    return level
