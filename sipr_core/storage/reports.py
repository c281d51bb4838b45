"""What a summary or the Progress page reads, each in one read transaction: one consistent snapshot."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, select

from ..actions import ActionItem
from ..balance import BALANCE_RUBRIC
from ..round_votes import RoundVotes, VoteChange, votes_by_round
from ..scoring import Key
from ..session import Session
from ..targets import Review, TargetSet
from .actions import linked_to, load_actions
from .carry_over import carried_on
from .database import Database
from .rows import round_from
from .schema import changes, voting_rounds
from .scope import SessionScope
from .sessions import load_session, previous_in, series_of
from .targets import schedules_of, targets_of


@dataclass(frozen=True)
class SessionRecord:
    """A session with what its summary shows beside it."""

    session: Session
    previous: Session | None
    """The session of the same series held just before it."""
    actions: list[ActionItem]
    buildings: list[Session]
    """For a district team's Maintaining Balance session: its building teams' linked sessions."""
    targets: TargetSet
    rounds: dict[Key, list[RoundVotes]] = field(default_factory=dict)
    """Each row's votes in every revealed round, rebuilt from the history (``round_votes``)."""
    carried_on: frozenset[str] = frozenset()
    """The ids of its actions a later session of the series continues (that one flags them if overdue)."""
    building_actions: dict[str, list[ActionItem]] = field(default_factory=dict)
    """The action plans of ``buildings``, by session id (their templates show them side by side)."""


def rounds_of(conn: Connection, session_id: str) -> dict[Key, list[RoundVotes]]:
    """Every revealed round's votes on each row of the session."""
    r, c = voting_rounds.c, changes.c
    found = [round_from(row) for row in conn.execute(select(voting_rounds).where(r.session_id == session_id))]
    query = select(c.field, c.row_id, c.dimension, c.new, c.at).where(
        c.session_id == session_id, c.field.like("vote:%")
    )
    made = [
        VoteChange(name.removeprefix("vote:"), row_id, dimension, json.loads(new), at)
        for name, row_id, dimension, new, at in conn.execute(query)
    ]
    return votes_by_round(found, made)


@dataclass(frozen=True)
class SeriesRecord:
    """Every session of a series (without individual votes), its targets and its review dates."""

    sessions: list[Session]
    targets: TargetSet
    schedule: list[Review]


class Reports:
    """Read a session or a series whole, as one snapshot."""

    def __init__(self, database: Database):
        self.database = database

    def session(self, code: str, key: str | None = None, *, operator: bool = False) -> SessionRecord:
        """The session and everything its summary shows (a given ``key`` must be the facilitator's;
        ``operator``: whoever holds the database, the command line)."""
        db = self.database
        with db.reading() as conn:
            if key is not None:
                scope = SessionScope.for_facilitator(db, conn, code, key)
            elif operator:
                scope = SessionScope.for_operator(db, conn, code)
            else:
                scope = SessionScope.for_viewer(db, conn, code)
            session = load_session(scope)
            before = previous_in(conn, scope)
            previous = (
                None if before is None else load_session(SessionScope.for_viewer(db, conn, before.code))
            )
            if previous is not None and not scope.is_facilitator:
                # Only the facilitator's copy names another session's join code.
                previous = replace(previous, info=replace(previous.info, code=""))
            buildings = []
            if session.rubric.id == BALANCE_RUBRIC and not session.info.school:
                buildings = [
                    load_session(SessionScope.for_viewer(db, conn, info.code))
                    for info in linked_to(conn, scope.id)
                ]
                buildings.sort(
                    key=lambda b: (b.info.school.casefold(), b.info.team.casefold(), b.info.held_on)
                )
            goals = targets_of(conn, [scope.series])[scope.series]
            actions = load_actions(conn, scope.id)
            later = frozenset(carried_on(conn, scope.series, actions))
            plans = {b.info.id: load_actions(conn, b.info.id) for b in buildings}
            return SessionRecord(
                session, previous, actions, buildings, goals, rounds_of(conn, scope.id), later, plans
            )

    def series(self, code: str) -> SeriesRecord:
        """Every session of this session's series, oldest first, with the series' targets and reviews."""
        db = self.database
        with db.reading() as conn:
            series = SessionScope.for_viewer(db, conn, code).series
            found = [
                load_session(SessionScope.for_viewer(db, conn, info.code), with_votes=False)
                for info in series_of(conn, series)
            ]
            return SeriesRecord(
                found, targets_of(conn, [series])[series], schedules_of(conn, [series])[series]
            )
