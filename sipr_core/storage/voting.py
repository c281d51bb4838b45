"""Live voting in the store: rounds, each participant's votes, and what each side may see of them.

Opening, closing and revealing need the facilitator key. Voting needs the join code and the
participant's id, and is refused unless a round is open on that row: this is the only way a vote
is written. Nobody reads the levels of a round before it is revealed: the board gives only who
has voted. Someone the facilitator took off the vote (``attendance``) is not waited for and cannot
vote until they rejoin.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Connection, func, select, update

from ..errors import AccessDenied, InputError
from ..movement import MovementReport, VoteTrail, movement
from ..rounds import ANONYMOUS, Ballot, Board, Voter, VotingRound, check_open
from ..scoring import Key
from ..session import Participant, Vote, check_cell, check_level, check_name
from .database import Database
from .engine import now, upsert
from .rows import cells_to_db, round_from
from .schema import comments, entries, group_ratings, votes, voting_rounds
from .scope import NOT_JOINED, SessionScope
from .voters import enter, group_of, groups_in, participant_in, participants_in

LEFT = (
    "The facilitator took you off this vote, so this vote was not recorded. "
    'Press "Rejoin the vote" to vote again.'
)

# --- a session's rounds, inside the caller's transaction -------------------------------------------


def latest_round(
    conn: Connection, session_id: str, lock: bool = False, shared: bool = False
) -> VotingRound | None:
    """The session's latest round (open, closed or revealed), or None before the first one.

    With ``lock``, votes and closing take the round's row lock, so a vote is in before the close
    or refused.
    """
    r = voting_rounds.c
    query = select(voting_rounds).where(r.session_id == session_id).order_by(r.number.desc()).limit(1)
    if lock:
        query = query.with_for_update(read=shared)
    found = conn.execute(query).first()
    return round_from(found) if found is not None else None


def latest_round_for_a_vote(conn: Connection, session_id: str) -> VotingRound | None:
    """The latest round, locked so that closing it waits for this vote (and a vote after it is refused).

    On PostgreSQL votes share the lock, so they are written side by side; a vote in a round that
    reveals itself takes it alone, since it may write the round. (SQLite writes one at a time anyway.)
    """
    if conn.dialect.name != "postgresql":
        return latest_round(conn, session_id, lock=True)
    peek = latest_round(conn, session_id)
    if peek is None or peek.auto_reveal:
        return latest_round(conn, session_id, lock=True)
    locked = latest_round(conn, session_id, lock=True, shared=True)
    if locked is not None and locked.auto_reveal:  # a round that reveals itself opened since the peek
        locked = latest_round(conn, session_id, lock=True)
    return locked


def end_round(conn: Connection, session_id: str, voting: VotingRound, reveal: bool) -> None:
    """Close the round (and reveal it, when asked), unless it is so already."""
    at = now()
    values: dict[str, str] = {}
    if voting.is_open:
        values["closed_at"] = at
    if reveal and not voting.revealed:
        values["revealed_at"] = at
    if values:
        r = voting_rounds.c
        conn.execute(
            update(voting_rounds)
            .where(r.session_id == session_id, r.number == voting.number)
            .values(**values)
        )


def board_of(conn: Connection, session_id: str, voting: VotingRound) -> Board:
    """Who has voted where in this round (people, or small groups in a round by groups); the levels
    only once it is revealed."""
    if voting.by_groups:
        # A group whose members have all left is not waited for, like a person who left.
        found = groups_in(conn, session_id)
        voters = tuple(Voter(g.id, g.name) for g in found if g.members)
        left = tuple(Voter(g.id, g.name) for g in found if not g.members)
        table = group_ratings
        who = table.c.group_id
    else:
        voters = tuple(Voter(p.id, p.name) for p in participants_in(conn, session_id))
        left = tuple(Voter(p.id, p.name) for p in participants_in(conn, session_id, left=True))
        table = votes
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


def reveal_when_everyone_voted(conn: Connection, session_id: str, voting: VotingRound) -> None:
    """Reveal a round that reveals itself, once everyone it waits for has voted."""
    if voting.auto_reveal and board_of(conn, session_id, voting).everyone_voted():
        end_round(conn, session_id, voting, reveal=True)


def may_vote(scope: SessionScope) -> Participant:
    """The participant of a participant's scope, unless the facilitator took them off the vote."""
    if scope.participant is None:
        raise AccessDenied(NOT_JOINED)
    if scope.left_at is not None:
        raise AccessDenied(LEFT)
    return scope.participant


class Voting:
    """Rounds for the facilitator; joining, voting and the ballot for participants."""

    def __init__(self, database: Database):
        self.database = database

    # --- the facilitator ------------------------------------------------------------------------

    def current_round(self, code: str) -> VotingRound | None:
        """The session's latest round (open, closed or revealed), or None before the first one."""
        with self.database.reading() as conn:
            return latest_round(conn, SessionScope.for_viewer(self.database, conn, code).id)

    def open_round(
        self,
        code: str,
        key: str,
        cells: Sequence[Key],
        *,
        actor: str,
        by_groups: bool = False,
        allow_anonymous: bool = False,
        auto_reveal: bool = False,
        guided: bool = False,
    ) -> VotingRound:
        """Open voting on these cells (closing any round still open); votes cast before stay as they are.

        ``guided``: the ballot offers the levels from the highest down (the toolkit's protocol).
        """
        if not cells:
            raise InputError("Choose at least one row to vote on.")
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            for row_id, dimension in cells:
                check_cell(scope.rubric, row_id, dimension)
            if by_groups and not groups_in(conn, scope.id):
                raise InputError("Make the small groups first, then open voting by groups.")
            at = now()
            r = voting_rounds.c
            conn.execute(
                update(voting_rounds)
                .where(r.session_id == scope.id, r.closed_at.is_(None))
                .values(closed_at=at)
            )
            last = conn.execute(select(func.max(r.number)).where(r.session_id == scope.id)).scalar()
            values = dict(
                session_id=scope.id,
                number=(last or 0) + 1,
                cells=cells_to_db(cells),
                by_groups=by_groups,
                allow_anonymous=allow_anonymous,
                auto_reveal=auto_reveal,
                guided=guided,
                opened_by=actor,
                opened_at=at,
            )
            conn.execute(voting_rounds.insert().values(**values))
            opened = latest_round(conn, scope.id)
            assert opened is not None
            return opened

    def close_round(self, code: str, key: str) -> VotingRound:
        """Stop the votes of the open round; later votes are refused. The levels stay hidden."""
        return self._finish(code, key, reveal=False)

    def reveal(self, code: str, key: str) -> VotingRound:
        """Show the round's votes (closing it first, so what is shown is final for this round)."""
        return self._finish(code, key, reveal=True)

    def _finish(self, code: str, key: str, *, reveal: bool) -> VotingRound:
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            latest = latest_round(conn, scope.id, lock=True)
            if latest is None:
                raise InputError("No voting has been opened in this session yet.")
            end_round(conn, scope.id, latest, reveal)
            ended = latest_round(conn, scope.id)
            assert ended is not None
            return ended

    def board(self, code: str, key: str) -> Board:
        """The facilitator's board of the latest round: who has voted where; the levels once revealed."""
        with self.database.reading() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            voting = latest_round(conn, scope.id)
            if voting is None:
                voters = tuple(Voter(p.id, p.name) for p in participants_in(conn, scope.id))
                left = tuple(Voter(p.id, p.name) for p in participants_in(conn, scope.id, left=True))
                return Board(None, voters, left=left)
            return board_of(conn, scope.id, voting)

    def movement(self, code: str, key: str) -> MovementReport:
        """How far each participant's first vote lies from their last vote and from the recorded consensus."""
        with self.database.reading() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            v, e = votes.c, entries.c
            query = select(votes).where(v.session_id == scope.id, v.first_level.is_not(None))
            trails = [
                VoteTrail(r.participant_id, r.row_id, r.dimension, r.first_level, r.level)
                for r in conn.execute(query)
            ]
            agreed = {
                (r.row_id, r.dimension): r.level
                for r in conn.execute(
                    select(entries).where(e.session_id == scope.id, e.not_applicable.is_(False))
                )
            }
            return movement(scope.rubric.level_ids(), trails, agreed)

    # --- participants ---------------------------------------------------------------------------

    def join(self, code: str, name: str, participant_id: str | None = None) -> Participant:
        """Join (or rename oneself, returning with one's id).

        An empty name joins anonymously, when the open round allows it; someone taken off the
        vote is back in it; a newcomer goes into the smallest small group.
        """
        name = check_name("Name", name, required=False)
        pid = participant_id or uuid.uuid4().hex
        with self.database.writing() as conn:
            scope = SessionScope.for_viewer(self.database, conn, code)
            if not name:
                latest = latest_round(conn, scope.id)
                if latest is None or not latest.allow_anonymous:
                    raise InputError("Type your name: the facilitator asked everyone to vote by name.")
                name = ANONYMOUS
            return enter(scope, pid, name)

    def participant(self, code: str, participant_id: str) -> Participant | None:
        """The participant with this id in this session (an id from another session finds nobody)."""
        with self.database.reading() as conn:
            return participant_in(conn, SessionScope.for_viewer(self.database, conn, code).id, participant_id)

    def cast(self, code: str, participant_id: str, row_id: str, dimension: str, level: str | None) -> Vote:
        """Record (or change) one's own vote on an open row; ``None`` withdraws it.

        The first level a participant ever gives a row is kept beside the latest one.
        """
        with self.database.writing() as conn:
            scope = SessionScope.for_participant(self.database, conn, code, participant_id)
            check_cell(scope.rubric, row_id, dimension)
            check_level(scope.rubric, level)
            voting = check_open(latest_round_for_a_vote(conn, scope.id), row_id, dimension, by_groups=False)
            who = may_vote(scope)
            key = dict(session_id=scope.id, participant_id=participant_id, row_id=row_id, dimension=dimension)
            v = votes.c
            before = conn.execute(
                select(v.level, v.first_level).where(*(v[k] == value for k, value in key.items()))
            ).first()
            first = before.first_level if before is not None else None
            at = now()
            changed = dict(level=level, updated_at=at, round_number=voting.number, first_level=first or level)
            upsert(conn, votes, {**key, **changed}, list(key), changed)
            old = before.level if before is not None else None
            scope.record_change(
                who.name, f"vote:{participant_id}", old, level, row_id=row_id, dimension=dimension, at=at
            )
            reveal_when_everyone_voted(conn, scope.id, voting)
        return Vote(participant_id, row_id, dimension, level, at)

    def ballot(self, code: str, participant_id: str) -> Ballot:
        """What a participant sees: the round, their own votes and their group's ratings, nobody else's."""
        with self.database.reading() as conn:
            scope = SessionScope.for_participant(self.database, conn, code, participant_id)
            who = scope.participant
            assert who is not None
            voting = latest_round(conn, scope.id)
            group = group_of(conn, scope.id, participant_id)
            left = scope.left_at is not None
            if voting is None:
                return Ballot(who, None, group=group, left=left)
            v = votes.c
            mine: dict[Key, str | None] = {}
            earlier: dict[Key, str] = {}
            query = select(votes).where(v.session_id == scope.id, v.participant_id == participant_id)
            for r in conn.execute(query):
                if (r.row_id, r.dimension) not in voting.cells:
                    continue
                if r.round_number == voting.number:
                    mine[(r.row_id, r.dimension)] = r.level
                elif r.level is not None:
                    earlier[(r.row_id, r.dimension)] = r.level
            group_levels: dict[Key, str | None] = {}
            if group is not None and voting.by_groups:
                g = group_ratings.c
                query = select(group_ratings).where(
                    g.session_id == scope.id, g.round_number == voting.number, g.group_id == group.id
                )
                group_levels = {(r.row_id, r.dimension): r.level for r in conn.execute(query)}
            c = comments.c
            query = select(c.row_id, c.dimension, c.text).where(
                c.session_id == scope.id, c.participant_id == participant_id
            )
            said = {(r.row_id, r.dimension): r.text for r in conn.execute(query)}
            said = {cell: text for cell, text in said.items() if cell in voting.cells}
            return Ballot(who, voting, mine, earlier, group, group_levels, left, said)
