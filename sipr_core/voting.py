"""Live voting in the store: rounds, each participant's votes, small groups, the facilitator's board.

Functions take a ``Store`` (like ``transfer``); each one is a single transaction. Opening,
closing and revealing need the facilitator key. Voting needs the join code and the
participant's id, and the store refuses it unless a round is open on that row (this is the
only way a vote is written: ``Store.vote`` comes here too). Nobody reads the levels of a
round before it is revealed: the board gives only who has voted. Someone the facilitator
took off the vote (``attendance``) is not waited for and cannot vote until they rejoin.
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
LEFT = (
    "The facilitator took you off this vote, so this vote was not recorded. "
    'Press "Rejoin the vote" to vote again.'
)
LEFT_FIELD = "vote:left:"
"""The history field of taking a participant off the vote and of their coming back (``vote:`` hides it)."""


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


def _latest(
    conn: Connection, session_id: str, lock: bool = False, shared: bool = False
) -> VotingRound | None:
    query = (
        select(db.voting_rounds)
        .where(db.voting_rounds.c.session_id == session_id)
        .order_by(db.voting_rounds.c.number.desc())
        .limit(1)
    )
    # Votes and closing take the round's row lock, so a vote is either in before the close or refused.
    if lock:
        query = query.with_for_update(read=shared)
    found = conn.execute(query).first()
    return _round_from(found) if found is not None else None


def _latest_for_a_vote(conn: Connection, session_id: str) -> VotingRound | None:
    """The latest round, locked so that closing it waits for this vote (and a vote after it is refused).

    On PostgreSQL votes share the lock, so they are written side by side; a vote in a round that
    reveals itself takes it alone, since it may write the round. (SQLite writes one at a time anyway.)
    """
    if conn.dialect.name != "postgresql":
        return _latest(conn, session_id, lock=True)
    peek = _latest(conn, session_id)
    if peek is None or peek.auto_reveal:
        return _latest(conn, session_id, lock=True)
    locked = _latest(conn, session_id, lock=True, shared=True)
    if locked is not None and locked.auto_reveal:  # a round that reveals itself opened since the peek
        locked = _latest(conn, session_id, lock=True)
    return locked


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
        return _enter(store, conn, row.id, pid, name)


def _enter(store: Store, conn: Connection, session_id: str, pid: str, name: str) -> Participant:
    """Add or rename a participant; someone taken off the vote is back in it (recorded in the history)."""
    left_at = _left_at(conn, session_id, pid)
    at = db.now()
    values = dict(session_id=session_id, id=pid, name=name, joined_at=at)
    insert = upsert_into(conn, db.participants).values(**values)
    back = {"name": name, "left_at": None}
    conn.execute(insert.on_conflict_do_update(index_elements=["session_id", "id"], set_=back))
    if left_at is not None:
        store._record(conn, session_id, at, name, "", "", f"{LEFT_FIELD}{pid}", left_at, None)
    newcomer = smallest(_groups(conn, session_id))
    if newcomer is not None and _group_of(conn, session_id, pid) is None:
        conn.execute(
            db.group_members.insert().values(session_id=session_id, participant_id=pid, group_id=newcomer.id)
        )
    found = _participant(conn, session_id, pid)
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


def _participants(conn: Connection, session_id: str, *, left: bool = False) -> list[Participant]:
    """Those in the vote, in the order they joined (with ``left``, those taken off it instead)."""
    p = db.participants
    gone = p.c.left_at.is_not(None) if left else p.c.left_at.is_(None)
    query = select(p).where(p.c.session_id == session_id, gone).order_by(p.c.joined_at, p.c.id)
    return [Participant(r.id, r.name, r.joined_at) for r in conn.execute(query)]


def _left_at(conn: Connection, session_id: str, participant_id: str) -> str | None:
    """When the facilitator took this participant off the vote; None while they are in it."""
    p = db.participants
    query = select(p.c.left_at).where(p.c.session_id == session_id, p.c.id == participant_id)
    left_at: str | None = conn.execute(query).scalar()
    return left_at


def _voter(conn: Connection, session_id: str, participant_id: str) -> Participant:
    """The participant who may vote now; ``AccessDenied`` for a stranger or someone taken off the vote."""
    p = db.participants
    found = conn.execute(select(p).where(p.c.session_id == session_id, p.c.id == participant_id)).first()
    if found is None:
        raise AccessDenied(NOT_JOINED)
    if found.left_at is not None:
        raise AccessDenied(LEFT)
    return Participant(found.id, found.name, found.joined_at)


# --- votes -------------------------------------------------------------------------------------


def cast(
    store: Store, code: str, participant_id: str, row_id: str, dimension: str, level: str | None
) -> Vote:
    """Record (or change) one's own vote on an open row; ``None`` withdraws it.

    The first level a participant ever gives a row is kept beside the latest one.
    """
    with db.writing(store.engine) as conn:
        row = store._session_row(conn, code)
        rubric = store.rubric(row.fingerprint, conn)
        check_cell(rubric, row_id, dimension)
        _check_level(rubric, level)
        voting = check_open(_latest_for_a_vote(conn, row.id), row_id, dimension, by_groups=False)
        who, before, first = _voter_and_vote(conn, row.id, participant_id, row_id, dimension)
        at = db.now()
        key = dict(session_id=row.id, participant_id=participant_id, row_id=row_id, dimension=dimension)
        changed = dict(level=level, updated_at=at, round_number=voting.number, first_level=first or level)
        insert = upsert_into(conn, db.votes).values(**key, **changed)
        conn.execute(insert.on_conflict_do_update(index_elements=list(key), set_=changed))
        store._record(conn, row.id, at, who.name, row_id, dimension, f"vote:{participant_id}", before, level)
        _reveal_when_everyone_voted(conn, row.id, voting)
    return Vote(participant_id, row_id, dimension, level, at)


def _voter_and_vote(
    conn: Connection, session_id: str, participant_id: str, row_id: str, dimension: str
) -> tuple[Participant, str | None, str | None]:
    """The participant who may vote now, with their level and first level on this row (one query)."""
    p, v = db.participants, db.votes
    vote = (
        (v.c.session_id == p.c.session_id)
        & (v.c.participant_id == p.c.id)
        & (v.c.row_id == row_id)
        & (v.c.dimension == dimension)
    )
    query = (
        select(p.c.id, p.c.name, p.c.joined_at, p.c.left_at, v.c.level, v.c.first_level)
        .select_from(p.outerjoin(v, vote))
        .where(p.c.session_id == session_id, p.c.id == participant_id)
    )
    found = conn.execute(query).first()
    if found is None:
        raise AccessDenied(NOT_JOINED)
    if found.left_at is not None:
        raise AccessDenied(LEFT)
    return Participant(found.id, found.name, found.joined_at), found.level, found.first_level


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
        left = _left_at(conn, row.id, participant_id) is not None
        if voting is None:
            return Ballot(who, None, group=group, left=left)
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
        return Ballot(who, voting, mine, earlier, group, group_levels, left)


def board(store: Store, code: str, key: str) -> Board:
    """The facilitator's board of the latest round: who has voted where; the levels once revealed."""
    with db.reading(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        voting = _latest(conn, row.id)
        if voting is None:
            voters = tuple(Voter(p.id, p.name) for p in _participants(conn, row.id))
            left = tuple(Voter(p.id, p.name) for p in _participants(conn, row.id, left=True))
            return Board(None, voters, left=left)
        return _board(conn, row.id, voting)


def _board(conn: Connection, session_id: str, voting: VotingRound) -> Board:
    if voting.by_groups:
        # A group whose members have all left is not waited for, like a person who left.
        found = _groups(conn, session_id)
        voters = tuple(Voter(g.id, g.name) for g in found if g.members)
        left = tuple(Voter(g.id, g.name) for g in found if not g.members)
        table = db.group_ratings
        who = table.c.group_id
    else:
        voters = tuple(Voter(p.id, p.name) for p in _participants(conn, session_id))
        left = tuple(Voter(p.id, p.name) for p in _participants(conn, session_id, left=True))
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
    return Board(voting, voters, {c: frozenset(ids) for c, ids in voted.items()}, levels, left)


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
        .where(m.c.session_id == session_id, p.c.left_at.is_(None))
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
