"""Small groups in the store (toolkit Activity 2): split the team, rate as a unit, merge into the consensus.

Making and changing groups and merging their ratings need the facilitator key; a member sets their
group's rating with the join code and their participant id, while a small-groups round is open on
that row. Every method is one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update

from ..consensus import consensus
from ..errors import AccessDenied, InputError
from ..rounds import VoteGroup, check_open, group_names, split
from ..session import Entry, check_level
from .database import Database
from .engine import now, upsert
from .schema import group_members, group_ratings, vote_groups
from .scope import SessionScope
from .voters import group_of, groups_in, participant_in, participants_in
from .voting import board_of, latest_round, latest_round_for_a_vote, may_vote, reveal_when_everyone_voted


class SmallGroups:
    """The facilitator's small groups, and a group's rating from any of its members."""

    def __init__(self, database: Database):
        self.database = database

    def of(self, code: str, key: str) -> list[VoteGroup]:
        """The small groups and their members, in the order they were made."""
        with self.database.reading() as conn:
            return groups_in(conn, SessionScope.for_facilitator(self.database, conn, code, key).id)

    def make(self, code: str, key: str, names: Sequence[str]) -> list[VoteGroup]:
        """Split everyone in the vote into new groups with these names (the old groups are retired).

        Someone taken off the vote is in no group; if they rejoin, they go into the smallest one.
        """
        clean = group_names(names)
        with self.database.writing() as conn:
            sid = SessionScope.for_facilitator(self.database, conn, code, key).id
            g, m = vote_groups.c, group_members.c
            conn.execute(
                update(vote_groups)
                .where(g.session_id == sid, g.retired_at.is_(None))
                .values(retired_at=now())
            )
            conn.execute(group_members.delete().where(m.session_id == sid))
            ids = [uuid.uuid4().hex for _ in clean]
            for position, (gid, name) in enumerate(zip(ids, clean, strict=True)):
                conn.execute(
                    vote_groups.insert().values(session_id=sid, id=gid, name=name, position=position)
                )
            people = [p.id for p in participants_in(conn, sid)]
            for gid, members in zip(ids, split(people, len(ids)), strict=True):
                for pid in members:
                    conn.execute(
                        group_members.insert().values(session_id=sid, participant_id=pid, group_id=gid)
                    )
            return groups_in(conn, sid)

    def move(self, code: str, key: str, participant_id: str, group_id: str) -> VoteGroup:
        """Put one participant into another small group."""
        with self.database.writing() as conn:
            sid = SessionScope.for_facilitator(self.database, conn, code, key).id
            if not any(g.id == group_id for g in groups_in(conn, sid)):
                raise InputError("No such group: make the groups again or choose one of the list.")
            if participant_in(conn, sid, participant_id) is None:
                raise InputError("No such participant in this session.")
            m = group_members.c
            conn.execute(
                group_members.delete().where(m.session_id == sid, m.participant_id == participant_id)
            )
            conn.execute(
                group_members.insert().values(
                    session_id=sid, participant_id=participant_id, group_id=group_id
                )
            )
            return next(g for g in groups_in(conn, sid) if g.id == group_id)

    def merge(self, code: str, key: str, *, actor: str) -> list[Entry]:
        """Record the median of the groups' ratings as the team's level on every cell of the revealed
        round (the lower of the two levels where the median falls between them)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            voting = latest_round(conn, scope.id)
            if voting is None or not voting.by_groups or not voting.revealed:
                raise InputError("Reveal a round of small-group ratings first, then merge them.")
            levels = scope.rubric.level_ids()
            found = board_of(conn, scope.id, voting)
            merged = []
            for cell in voting.cells:
                median = consensus(levels, found.levels.get(cell, {}).values()).median
                if median is not None:
                    merged.append(scope.write_entry(*cell, {"level": median}, actor))
            return merged

    def rate(
        self, code: str, participant_id: str, row_id: str, dimension: str, level: str | None
    ) -> str | None:
        """Set one's small group's rating of an open row (any member may; the last one counts)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_participant(self.database, conn, code, participant_id)
            voting = check_open(latest_round_for_a_vote(conn, scope.id), row_id, dimension, by_groups=True)
            check_level(scope.rubric, level)
            who = may_vote(scope)
            group = group_of(conn, scope.id, participant_id)
            if group is None:
                raise AccessDenied("You are not in a small group yet: ask the facilitator to put you in one.")
            at = now()
            key = dict(
                session_id=scope.id,
                round_number=voting.number,
                group_id=group.id,
                row_id=row_id,
                dimension=dimension,
            )
            g = group_ratings.c
            old = conn.execute(select(g.level).where(*(g[k] == v for k, v in key.items()))).first()
            changed = dict(level=level, updated_by=who.name, updated_at=at)
            upsert(conn, group_ratings, {**key, **changed}, list(key), changed)
            before = old.level if old is not None else None
            scope.record_change(
                who.name, f"vote:group:{group.id}", before, level, row_id=row_id, dimension=dimension, at=at
            )
            reveal_when_everyone_voted(conn, scope.id, voting)
        return level
