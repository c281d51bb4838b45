"""Live voting in the store: rounds, each participant's votes, small groups, the facilitator's board.

Functions take a ``Store`` (like ``transfer``); each one is a single transaction. Opening,
closing and revealing need the facilitator key. Voting needs the join code and the
participant's id, and the store refuses it unless a round is open on that row. Nobody reads
the levels of a round before it is revealed: the board gives only who has voted.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, update

from . import db
from .access import AccessDenied
from .movement import MovementReport, VoteTrail, movement
from .records import check_cell, upsert_into
from .rounds import (
    Ballot,
    Board,
    VoteGroup,
    Voter,
    VotingRound,
    check_open,
    smallest,
)
from .scoring import Key
from .session import InputError, Participant, Vote, check_name

if TYPE_CHECKING:
    from .rubric import Rubric
    from .store import Store

NOT_JOINED = "Join the session with your name before you vote."


def _round_from(r: Any) -> VotingRound:
    return VotingRound(
        number=r.number,
        cells=tuple((c[0], c[1]) for c in json.loads(r.cells)),
        by_groups=bool(r.by_groups),
        allow_anonymous=bool(r.allow_anonymous),
        auto_reveal=bool(r.auto_reveal),
        opened_at=r.opened_at,
        closed_at=r.closed_at,
        revealed_at=r.revealed_at,
    )


def _latest(conn: Connection, session_id: str, lock: bool = False) -> VotingRound | None:
    query = (
        select(db.voting_rounds)
        .where(db.voting_rounds.c.session_id == session_id)
        .order_by(db.voting_rounds.c.number.desc())
        .limit(1)
    )
    # Votes and closing take the round's row lock, so a vote is either in before the close or refused.
    found = conn.execute(query.with_for_update() if lock else query).first()
    return _round_from(found) if found is not None else None


def current_round(store: Store, code: str) -> VotingRound | None:
    """The session's latest round (open, closed or revealed), or None before the first one."""
    with db.reading(store.engine) as conn:
        return _latest(conn, store._session_row(conn, code).id)


# --- the facilitator: rounds -------------------------------------------------------------------


def open_round(
    store: Store,
    code: str,
    key: str,
    cells: Sequence[Key],
    *,
    actor: str,
    by_groups: bool = False,
    allow_anonymous: bool = False,
    auto_reveal: bool = False,
) -> VotingRound:
    """Open voting on these cells (closing any round still open); votes cast before stay as they are."""
    if not cells:
        raise InputError("Choose at least one row to vote on.")
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        rubric = store.rubric(row.fingerprint, conn)
        for row_id, dimension in cells:
            check_cell(rubric, row_id, dimension)
        if by_groups and not _groups(conn, row.id):
            raise InputError("Make the small groups first, then open voting by groups.")
        at = db.now()
        rounds = db.voting_rounds
        conn.execute(
            update(rounds)
            .where(rounds.c.session_id == row.id, rounds.c.closed_at.is_(None))
            .values(closed_at=at)
        )
        last = conn.execute(select(func.max(rounds.c.number)).where(rounds.c.session_id == row.id)).scalar()
        values = dict(
            session_id=row.id,
            number=(last or 0) + 1,
            cells=json.dumps([list(c) for c in dict.fromkeys(cells)]),
            by_groups=by_groups,
            allow_anonymous=allow_anonymous,
            auto_reveal=auto_reveal,
            opened_by=actor,
            opened_at=at,
        )
        conn.execute(rounds.insert().values(**values))
        opened = _latest(conn, row.id)
        assert opened is not None
        return opened


def close_round(store: Store, code: str, key: str) -> VotingRound:
    """Stop the votes of the open round; later votes are refused. The levels stay hidden."""
    return _finish(store, code, key, reveal=False)


def reveal(store: Store, code: str, key: str) -> VotingRound:
    """Show the round's votes (closing it first, so what is shown is final for this round)."""
    return _finish(store, code, key, reveal=True)


def _finish(store: Store, code: str, key: str, *, reveal: bool) -> VotingRound:
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        latest = _latest(conn, row.id, lock=True)
        if latest is None:
            raise InputError("No voting has been opened in this session yet.")
        _end(conn, row.id, latest, reveal)
        ended = _latest(conn, row.id)
        assert ended is not None
        return ended


def _end(conn: Connection, session_id: str, voting: VotingRound, reveal: bool) -> None:
    at = db.now()
    values: dict[str, str] = {}
    if voting.is_open:
        values["closed_at"] = at
    if reveal and not voting.revealed:
        values["revealed_at"] = at
    if values:
        rounds = db.voting_rounds
        conn.execute(
            update(rounds)
            .where(rounds.c.session_id == session_id, rounds.c.number == voting.number)
            .values(**values)
        )


# --- participants ----------------------------------------------------------------------------


def join(store: Store, code: str, name: str, participant_id: str | None = None) -> Participant:
    """Join (or rename oneself); an empty name joins anonymously, if the open round allows it.

    A newcomer goes into the smallest small group, when the facilitator has made groups.
    """
    name = check_name("Name", name, required=False)
    pid = participant_id or uuid.uuid4().hex
    with db.writing(store.engine) as conn:
        row = store._session_row(conn, code)
        if not name:
            latest = _latest(conn, row.id)
            if latest is None or not latest.allow_anonymous:
                raise InputError("Type your name: the facilitator asked everyone to vote by name.")
            name = "Anonymous"
        values = dict(session_id=row.id, id=pid, name=name, joined_at=db.now())
        insert = upsert_into(conn, db.participants).values(**values)
        conn.execute(insert.on_conflict_do_update(index_elements=["session_id", "id"], set_={"name": name}))
        newcomer = smallest(_groups(conn, row.id))
        if newcomer is not None and _group_of(conn, row.id, pid) is None:
            conn.execute(
                db.group_members.insert().values(session_id=row.id, participant_id=pid, group_id=newcomer.id)
            )
        found = _participant(conn, row.id, pid)
        assert found is not None
        return found


def participant(store: Store, code: str, participant_id: str) -> Participant | None:
    """The participant with this id in this session (an id from another session finds nobody)."""
    with db.reading(store.engine) as conn:
        return _participant(conn, store._session_row(conn, code).id, participant_id)


def _participant(conn: Connection, session_id: str, participant_id: str) -> Participant | None:
    p = db.participants
    found = conn.execute(select(p).where(p.c.session_id == session_id, p.c.id == participant_id)).first()
    return Participant(found.id, found.name, found.joined_at) if found is not None else None


def _participants(conn: Connection, session_id: str) -> list[Participant]:
    p = db.participants
    query = select(p).where(p.c.session_id == session_id).order_by(p.c.joined_at, p.c.id)
    return [Participant(r.id, r.name, r.joined_at) for r in conn.execute(query)]


# --- votes -------------------------------------------------------------------------------------


def cast(
    store: Store, code: str, participant_id: str, row_id: str, dimension: str, level: str | None
) -> Vote:
    """Record (or change) one's own vote on an open row; ``None`` withdraws it.

    The first level a participant ever gives a row is kept beside the latest one.
    """
    with db.writing(store.engine) as conn:
        row = store._session_row(conn, code)
        voting = check_open(_latest(conn, row.id, lock=True), row_id, dimension, by_groups=False)
        rubric = store.rubric(row.fingerprint, conn)
        _check_level(rubric, level)
        who = _participant(conn, row.id, participant_id)
        if who is None:
            raise AccessDenied(NOT_JOINED)
        at = db.now()
        key = dict(session_id=row.id, participant_id=participant_id, row_id=row_id, dimension=dimension)
        old = conn.execute(
            select(db.votes.c.level, db.votes.c.first_level).where(
                *[db.votes.c[k] == v for k, v in key.items()]
            )
        ).first()
        first = old.first_level if old is not None and old.first_level is not None else level
        changed = dict(level=level, updated_at=at, round_number=voting.number, first_level=first)
        insert = upsert_into(conn, db.votes).values(**key, **changed)
        conn.execute(insert.on_conflict_do_update(index_elements=list(key), set_=changed))
        before = old.level if old is not None else None
        store._record(conn, row.id, at, who.name, row_id, dimension, f"vote:{participant_id}", before, level)
        _reveal_when_everyone_voted(conn, row.id, voting)
    return Vote(participant_id, row_id, dimension, level, at)


def _check_level(rubric: Rubric, level: str | None) -> None:
    if level is not None and level not in rubric.level_ids():
        raise InputError(f"No such level: {level} (levels: {', '.join(rubric.level_ids())})")


def _reveal_when_everyone_voted(conn: Connection, session_id: str, voting: VotingRound) -> None:
    if voting.auto_reveal and _board(conn, session_id, voting).everyone_voted():
        _end(conn, session_id, voting, reveal=True)


# --- what each side sees -----------------------------------------------------------------------


def ballot(store: Store, code: str, participant_id: str) -> Ballot:
    """What a participant sees: the round, their own votes and their group's ratings, nobody else's."""
    with db.reading(store.engine) as conn:
        row = store._session_row(conn, code)
        who = _participant(conn, row.id, participant_id)
        if who is None:
            raise AccessDenied(NOT_JOINED)
        voting = _latest(conn, row.id)
        group = _group_of(conn, row.id, participant_id)
        if voting is None:
            return Ballot(who, None, group=group)
        v = db.votes
        mine: dict[Key, str | None] = {}
        earlier: dict[Key, str] = {}
        query = select(v).where(v.c.session_id == row.id, v.c.participant_id == participant_id)
        for r in conn.execute(query):
            if (r.row_id, r.dimension) not in voting.cells:
                continue
            if r.round_number == voting.number:
                mine[(r.row_id, r.dimension)] = r.level
            elif r.level is not None:
                earlier[(r.row_id, r.dimension)] = r.level
        group_levels: dict[Key, str | None] = {}
        if group is not None and voting.by_groups:
            g = db.group_ratings
            query = select(g).where(
                g.c.session_id == row.id, g.c.round_number == voting.number, g.c.group_id == group.id
            )
            group_levels = {(r.row_id, r.dimension): r.level for r in conn.execute(query)}
        return Ballot(who, voting, mine, earlier, group, group_levels)


def board(store: Store, code: str, key: str) -> Board:
    """The facilitator's board of the latest round: who has voted where; the levels once revealed."""
    with db.reading(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        voting = _latest(conn, row.id)
        if voting is None:
            voters = tuple(Voter(p.id, p.name) for p in _participants(conn, row.id))
            return Board(None, voters)
        return _board(conn, row.id, voting)


def _board(conn: Connection, session_id: str, voting: VotingRound) -> Board:
    if voting.by_groups:
        voters = tuple(Voter(g.id, g.name) for g in _groups(conn, session_id) if g.members)
        table = db.group_ratings
        who = table.c.group_id
    else:
        voters = tuple(Voter(p.id, p.name) for p in _participants(conn, session_id))
        table = db.votes
        who = table.c.participant_id
    query = select(who, table.c.row_id, table.c.dimension, table.c.level).where(
        table.c.session_id == session_id,
        table.c.round_number == voting.number,
        table.c.level.is_not(None),
    )
    voted: dict[Key, set[str]] = {cell: set() for cell in voting.cells}
    levels: dict[Key, dict[str, str]] = {}
    for voter, row_id, dimension, level in conn.execute(query):
        cell = (row_id, dimension)
        if cell in voted:
            voted[cell].add(voter)
            if voting.revealed:
                levels.setdefault(cell, {})[voter] = level
    return Board(voting, voters, {c: frozenset(ids) for c, ids in voted.items()}, levels)


# --- small groups ------------------------------------------------------------------------------


def _groups(conn: Connection, session_id: str) -> list[VoteGroup]:
    g, m = db.vote_groups, db.group_members
    found = conn.execute(
        select(g.c.id, g.c.name)
        .where(g.c.session_id == session_id, g.c.retired_at.is_(None))
        .order_by(g.c.position)
    ).all()
    members: dict[str, list[str]] = {gid: [] for gid, _ in found}
    p = db.participants
    query = (
        select(m.c.group_id, m.c.participant_id)
        .join(p, (p.c.session_id == m.c.session_id) & (p.c.id == m.c.participant_id))
        .where(m.c.session_id == session_id)
        .order_by(p.c.joined_at, p.c.id)
    )
    for gid, pid in conn.execute(query):
        if gid in members:
            members[gid].append(pid)
    return [VoteGroup(gid, name, tuple(members[gid])) for gid, name in found]


def _group_of(conn: Connection, session_id: str, participant_id: str) -> VoteGroup | None:
    return next((g for g in _groups(conn, session_id) if participant_id in g.members), None)


# --- how far the team moved ------------------------------------------------------------------


def movement_report(store: Store, code: str, key: str) -> MovementReport:
    """How far each participant's first vote lies from their last vote and from the recorded consensus."""
    with db.reading(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        levels = store.rubric(row.fingerprint, conn).level_ids()
        v, e = db.votes, db.entries
        trails = [
            VoteTrail(r.participant_id, r.row_id, r.dimension, r.first_level, r.level)
            for r in conn.execute(select(v).where(v.c.session_id == row.id, v.c.first_level.is_not(None)))
        ]
        agreed = {
            (r.row_id, r.dimension): r.level
            for r in conn.execute(select(e).where(e.c.session_id == row.id, e.c.not_applicable.is_(False)))
        }
        return movement(levels, trails, agreed)
