"""Sessions in the store: create one, open it by its join code, its series, the activity timer, delete.

Every method is one transaction. Reading needs the join code; changing needs the facilitator key.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from ..access import key_matches, new_join_code
from ..errors import AccessDenied, InputError
from ..presenting import MAX_MINUTES, MIN_MINUTES
from ..rubric import Rubric
from ..session import SeriesOfKey, Session, SessionInfo, Timer, Vote, check_names
from .actions import carry_into
from .comments import comments_in
from .database import Database
from .deleted import mark_deleted
from .engine import now
from .keys import key_for_new_session, key_ids
from .rows import entry_from, info_from, participant_from, reflection_from, timer_from, vote_from
from .schema import entries, meetings, participants, reflections, series, sessions, votes, voting_rounds
from .scope import SessionScope, session_row


def code_taken(conn: Connection, code: str) -> bool:
    """Whether a session or a meeting here has this join code (a phone's code opens one of them)."""
    found = [conn.execute(select(t.c.id).where(t.c.code == code)).first() for t in (sessions, meetings)]
    return found != [None, None]


def unused_code(conn: Connection) -> str:
    """A fresh join code that no session and no meeting here has."""
    while True:
        code = new_join_code()
        if not code_taken(conn, code):
            return code


def add_session(
    database: Database, conn: Connection, rubric: Rubric, names: dict[str, str], key_id: str, series_id: str
) -> dict[str, Any]:
    """Insert a session with a fresh join code, of checked ``names`` (District, School, Team, Facilitator
    and the date as "Held on"); returns its row's values."""
    values: dict[str, Any] = dict(
        id=uuid.uuid4().hex,
        code=unused_code(conn),
        key_id=key_id,
        district=names["District"],
        school=names["School"],
        team=names["Team"],
        held_on=names["Held on"],
        rubric_id=rubric.id,
        fingerprint=database.keep_rubric(conn, rubric),
        facilitator=names["Facilitator"],
        series=series_id,
        created_at=now(),
    )
    conn.execute(sessions.insert().values(**values))
    return values


def load_votes(conn: Connection, session_id: str) -> list[Vote]:
    """Every participant's latest vote on each row, oldest first, each saying whether its round was
    revealed (a vote without a round, from before rounds were kept, counts as revealed)."""
    v, r = votes.c, voting_rounds.c
    query = (
        select(votes, r.revealed_at)
        .select_from(
            votes.outerjoin(voting_rounds, (r.session_id == v.session_id) & (r.number == v.round_number))
        )
        .where(v.session_id == session_id)
        .order_by(v.updated_at)
    )
    return [
        replace(vote_from(row), revealed=row.round_number is None or row.revealed_at is not None)
        for row in conn.execute(query)
    ]


def load_session(scope: SessionScope, with_votes: bool = True, *, whole: bool = False) -> Session:
    """Everything recorded in the scope's session (without the individual votes, when not needed).

    The votes and comments of a round not yet revealed are in it only for the facilitator, or ``whole``
    (the session file, which is the session itself and goes only to its facilitator or the operator).
    """
    conn, sid = scope.conn, scope.id
    found_entries = {
        (e.row_id, e.dimension): entry_from(e)
        for e in conn.execute(select(entries).where(entries.c.session_id == sid))
    }
    found_votes, said = [], []
    if with_votes:
        found_votes = [v for v in load_votes(conn, sid) if v.revealed or scope.is_facilitator or whole]
        said = comments_in(conn, sid, revealed_only=not (scope.is_facilitator or whole))
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


def sessions_of_keys(conn: Connection, ids: list[str]) -> list[SessionInfo]:
    """The live sessions these stored keys hold, newest first."""
    if not ids:
        return []
    query = (
        select(sessions)
        .where(sessions.c.key_id.in_(ids), sessions.c.deleted_at.is_(None))
        .order_by(sessions.c.held_on.desc(), sessions.c.created_at.desc())
    )
    return [info_from(r._mapping) for r in conn.execute(query)]


def new_series(conn: Connection, key_id: str, rubric_id: str, series_id: str | None = None) -> str:
    """A new series held by this key; returns its id."""
    series_id = series_id or uuid.uuid4().hex
    conn.execute(series.insert().values(id=series_id, key_id=key_id, rubric_id=rubric_id, created_at=now()))
    return series_id


def follow_up_series(conn: Connection, code: str, key_id: str, rubric: Rubric) -> str:
    """The series of the session with this join code, when the same key holds it and it rates the same
    continuum; ``AccessDenied`` or ``InputError`` saying why not."""
    earlier = session_row(conn, code)
    if earlier.key_id != key_id:
        raise AccessDenied(
            f"Session {earlier.code} is held by another facilitator key: a follow-up continues a series "
            "your own key holds. Use the key of that session, or start a new series."
        )
    if earlier.rubric_id != rubric.id:
        raise InputError(
            f"Session {earlier.code} rates another continuum: a follow-up rates the same one. Choose "
            f'"{earlier.rubric_id}" or start a new series.'
        )
    return str(earlier.series)


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
        follow_up_of: str | None = None,
    ) -> tuple[SessionInfo, str]:
        """A new session with a fresh join code; returns it and the facilitator key.

        Pass the ``key`` of earlier sessions to keep all of one facilitator's sessions under one key
        (a key typed for the first time must be hard to guess). The session starts a series of its
        own, unless ``follow_up_of`` names (by join code) a session of the same continuum that this
        key holds: then it is the next session of that session's series.
        """
        names = {"District": district, "School": school, "Team": team, "Facilitator": facilitator}
        checked = check_names(names, optional=("School",))
        with self.database.writing() as conn:
            key, key_id = key_for_new_session(conn, key, checked.values())
            series_id = (
                follow_up_series(conn, follow_up_of, key_id, rubric)
                if follow_up_of
                else new_series(conn, key_id, rubric.id)
            )
            values = add_session(
                self.database, conn, rubric, {**checked, "Held on": held_on.isoformat()}, key_id, series_id
            )
            if follow_up_of:
                # The open actions of the session followed up come along, to be reviewed first.
                scope = SessionScope.for_facilitator(self.database, conn, str(values["code"]), key)
                carry_into(scope, session_row(conn, follow_up_of).id, checked["Facilitator"])
        return info_from(values), key

    def info(self, code: str) -> SessionInfo:
        """The session's identity; ``SessionNotFound`` for an unknown or malformed code."""
        with self.database.reading() as conn:
            return info_from(session_row(conn, code)._mapping)

    def load(self, code: str, *, with_votes: bool = True, key: str | None = None) -> Session:
        """Everything recorded in the session (without the individual votes, when they are not needed).

        With the facilitator ``key``, the votes of a round not yet revealed are in it too.
        """
        with self.database.reading() as conn:
            if key is not None:
                scope = SessionScope.for_facilitator(self.database, conn, code, key)
            else:
                scope = SessionScope.for_viewer(self.database, conn, code)
            return load_session(scope, with_votes)

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
            return sessions_of_keys(conn, key_ids(conn, key))

    def series_for_key(self, key: str) -> list[SeriesOfKey]:
        """The series this facilitator key holds, each with its latest session, the latest first: the
        series a new session can follow up."""
        found: dict[str, list[SessionInfo]] = {}
        for info in reversed(self.for_key(key)):
            found.setdefault(info.series, []).append(info)
        held = [SeriesOfKey(series_id, infos[-1], len(infos)) for series_id, infos in found.items()]
        return sorted(held, key=lambda s: (s.latest.held_on, s.latest.created_at), reverse=True)

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

    def delete(self, code: str, key: str, *, actor: str | None = None) -> None:
        """Take the session out of every list and page; ``store.deleted`` restores it for 30 days."""
        with self.database.writing() as conn:
            mark_deleted(SessionScope.for_facilitator(self.database, conn, code, key), actor)

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
