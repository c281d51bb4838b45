"""Sessions in the store: create one, open it by its join code, its series, the activity timer, delete.

Every method is one transaction. Reading needs the join code; changing needs the facilitator key.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from ..access import hash_key, key_matches, new_facilitator_key, new_join_code
from ..errors import InputError
from ..presenting import MAX_MINUTES, MIN_MINUTES
from ..rubric import Rubric
from ..session import Session, SessionInfo, Timer, check_names, series_key
from .comments import comments_in
from .database import Database
from .engine import now
from .rows import entry_from, info_from, participant_from, reflection_from, timer_from, vote_from
from .schema import entries, participants, reflections, sessions, votes
from .scope import Role, SessionScope, session_row


def unused_code(conn: Connection) -> str:
    """A fresh join code that no session here has."""
    while True:
        code = new_join_code()
        if conn.execute(select(sessions.c.id).where(sessions.c.code == code)).first() is None:
            return code


def load_session(scope: SessionScope, with_votes: bool = True) -> Session:
    """Everything recorded in the scope's session (without the individual votes and comments, when not
    needed). Comments of a round not yet revealed are only in the facilitator's (and operator's) reading."""
    conn, sid = scope.conn, scope.id
    found_entries = {
        (e.row_id, e.dimension): entry_from(e)
        for e in conn.execute(select(entries).where(entries.c.session_id == sid))
    }
    found_votes, said = [], []
    if with_votes:
        query = select(votes).where(votes.c.session_id == sid).order_by(votes.c.updated_at)
        found_votes = [vote_from(v) for v in conn.execute(query)]
        said = comments_in(conn, sid, revealed_only=scope.role not in (Role.FACILITATOR, Role.OPERATOR))
    query = select(participants).where(participants.c.session_id == sid).order_by(participants.c.joined_at)
    people = [participant_from(p) for p in conn.execute(query)]
    answers = {
        (r.row_id, r.prompt): reflection_from(r)
        for r in conn.execute(select(reflections).where(reflections.c.session_id == sid))
    }
    return Session(
        scope.info, scope.rubric, found_entries, found_votes, people, answers, timer_from(scope.row), said
    )


def series_of(conn: Connection, series: str) -> list[SessionInfo]:
    """The live sessions of a series, oldest first."""
    query = (
        select(sessions)
        .where(sessions.c.series == series, sessions.c.deleted_at.is_(None))
        .order_by(sessions.c.held_on, sessions.c.created_at)
    )
    return [info_from(r._mapping) for r in conn.execute(query)]


def previous_in(conn: Connection, scope: SessionScope) -> SessionInfo | None:
    """The session of the same series held just before the scope's session, if any."""
    series = series_of(conn, scope.series)
    index = next(i for i, s in enumerate(series) if s.id == scope.id)
    return series[index - 1] if index > 0 else None


class Sessions:
    """Create and open sessions; a session's series; the activity timer everyone sees."""

    def __init__(self, database: Database):
        self.database = database

    def create(
        self,
        rubric: Rubric,
        *,
        district: str,
        team: str,
        held_on: date,
        facilitator: str,
        school: str = "",
        key: str | None = None,
    ) -> tuple[SessionInfo, str]:
        """A new session with a fresh join code; returns it and the facilitator key.

        Pass an existing ``key`` to keep all of one facilitator's sessions under one key.
        """
        names = {"District": district, "School": school, "Team": team, "Facilitator": facilitator}
        checked = check_names(names, optional=("School",))
        district, school, team, facilitator = (checked[k] for k in names)
        key = key.strip() if key and key.strip() else new_facilitator_key()
        with self.database.writing() as conn:
            fingerprint = self.database.keep_rubric(conn, rubric)
            values: dict[str, Any] = dict(
                id=uuid.uuid4().hex,
                code=unused_code(conn),
                key_hash=hash_key(key),
                district=district,
                school=school,
                team=team,
                held_on=held_on.isoformat(),
                rubric_id=rubric.id,
                fingerprint=fingerprint,
                facilitator=facilitator,
                series=series_key(district, school, team, rubric.id),
                created_at=now(),
            )
            conn.execute(sessions.insert().values(**values))
        return info_from(values), key

    def info(self, code: str) -> SessionInfo:
        """The session's identity; ``SessionNotFound`` for an unknown or malformed code."""
        with self.database.reading() as conn:
            return info_from(session_row(conn, code)._mapping)

    def load(self, code: str, *, with_votes: bool = True) -> Session:
        """Everything recorded in the session (without the individual votes, when they are not needed)."""
        with self.database.reading() as conn:
            return load_session(SessionScope.for_viewer(self.database, conn, code), with_votes)

    def rubric(self, fingerprint: str) -> Rubric:
        """The continuum text a session was rated against."""
        return self.database.rubric(fingerprint)

    def is_facilitator(self, code: str, key: str | None) -> bool:
        """Whether ``key`` is this session's facilitator key."""
        with self.database.reading() as conn:
            return key_matches(key, session_row(conn, code).key_hash)

    def for_key(self, key: str) -> list[SessionInfo]:
        """Every session this facilitator key opens, newest first."""
        with self.database.reading() as conn:
            query = (
                select(sessions)
                .where(sessions.c.key_hash == hash_key(key), sessions.c.deleted_at.is_(None))
                .order_by(sessions.c.held_on.desc(), sessions.c.created_at.desc())
            )
            return [info_from(r._mapping) for r in conn.execute(query)]

    def series(self, code: str) -> list[SessionInfo]:
        """The sessions of this session's series (same team and continuum), oldest first."""
        with self.database.reading() as conn:
            return series_of(conn, session_row(conn, code).series)

    def of_district(self, district: str) -> list[SessionInfo]:
        """Every session of a district (name compared ignoring case and spacing), oldest first.

        For whoever holds the database (the command line): names are not a key to anything.
        """
        wanted = " ".join(district.split()).casefold()
        with self.database.reading() as conn:
            query = (
                select(sessions)
                .where(sessions.c.deleted_at.is_(None))
                .order_by(sessions.c.held_on, sessions.c.created_at)
            )
            rows = [r for r in conn.execute(query) if " ".join(r.district.split()).casefold() == wanted]
            return [info_from(r._mapping) for r in rows]

    def previous(self, code: str) -> Session | None:
        """The session of the same series held just before this one, if any."""
        with self.database.reading() as conn:
            scope = SessionScope.for_viewer(self.database, conn, code)
            before = previous_in(conn, scope)
            if before is None:
                return None
            return load_session(SessionScope.for_viewer(self.database, conn, before.code))

    def delete(self, code: str, key: str) -> None:
        """Take the session out of every list and page (its records stay in the database)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            conn.execute(update(sessions).where(sessions.c.id == scope.id).values(deleted_at=now()))

    def start_timer(self, code: str, key: str, activity: str, minutes: int) -> Timer:
        """Start (or restart) the activity timer everyone sees."""
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise InputError(f"A timer runs from {MIN_MINUTES} to {MAX_MINUTES} minutes, not {minutes}.")
        at = now()
        self._set_timer(code, key, dict(timer_activity=activity, timer_minutes=minutes, timer_started_at=at))
        return Timer(activity, minutes, at)

    def stop_timer(self, code: str, key: str) -> None:
        self._set_timer(code, key, dict(timer_activity=None, timer_minutes=None, timer_started_at=None))

    def _set_timer(self, code: str, key: str, values: dict[str, Any]) -> None:
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            conn.execute(update(sessions).where(sessions.c.id == scope.id).values(**values))
