"""Targets and the review schedule in the store, kept per series (a team on a continuum over time).

Reading needs a session's join code; setting needs that session's facilitator key. Every method
is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import Connection, and_, delete, select

from ..errors import EditConflict, InputError
from ..session import SessionInfo, check_name
from ..targets import MAX_REVIEWS, ROW, DueReview, Review, TargetSet, check_review, check_target, due_reviews
from .database import Database
from .engine import now, upsert
from .keys import key_ids
from .rows import info_from
from .schema import reviews, sessions, targets
from .scope import SessionScope
from .sessions import sessions_of_keys

TargetKey = tuple[str, str, str]
"""(scope, row or group id, dimension)."""
CHUNK = 500
"""Series per IN (...) list: far below SQLite's and PostgreSQL's limits on bound parameters."""


def targets_of(conn: Connection, series: Iterable[str]) -> dict[str, TargetSet]:
    """The targets of many series in one query; a series without targets maps to an empty set."""
    wanted = sorted(set(series))
    found: dict[str, tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]] = {
        s: ({}, {}) for s in wanted
    }
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for r in conn.execute(select(targets).where(targets.c.series.in_(chunk))):
            rows, groups = found[r.series]
            (rows if r.scope == ROW else groups)[(r.item_id, r.dimension)] = r.level
    return {s: TargetSet(rows, groups) for s, (rows, groups) in found.items()}


def schedules_of(conn: Connection, series: list[str]) -> dict[str, list[Review]]:
    """The review dates of many series, earliest first."""
    found: dict[str, list[Review]] = {s: [] for s in series}
    query = select(reviews).where(reviews.c.series.in_(series)).order_by(reviews.c.due_on)
    for r in conn.execute(query):
        found[r.series].append(Review(date.fromisoformat(r.due_on), r.note))
    return found


def _title(info: SessionInfo, rubric_title: str) -> str:
    team = f", {info.team}" if info.team else ""
    return f"{info.place}{team}: {rubric_title}"


class Targets:
    """The levels a team means to reach and the dates it means to review its progress."""

    def __init__(self, database: Database):
        self.database = database

    def of(self, code: str) -> TargetSet:
        """The targets of this session's series."""
        with self.database.reading() as conn:
            series = SessionScope.for_viewer(self.database, conn, code).series
            return targets_of(conn, [series])[series]

    def for_series(self, series: Iterable[str]) -> dict[str, TargetSet]:
        """The targets of many series at once (for whoever holds the database: benchmarks, reports)."""
        with self.database.reading() as conn:
            return targets_of(conn, series)

    def set_many(
        self, code: str, key: str, changes: Mapping[TargetKey, str | None], *, actor: str
    ) -> TargetSet:
        """Set (or, with ``None``, clear) targets of the session's series; all or nothing."""
        actor = check_name("Your name", actor, required=False) or "Facilitator"
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            for (kind, item_id, dimension), level in changes.items():
                check_target(scope.rubric, kind, item_id, dimension, level)
            at, t = now(), targets.c
            for (kind, item_id, dimension), level in changes.items():
                keys = dict(series=scope.series, scope=kind, item_id=item_id, dimension=dimension)
                if level is None:
                    conn.execute(delete(targets).where(and_(*(t[k] == v for k, v in keys.items()))))
                    continue
                values = dict(level=level, set_by=actor, set_at=at)
                upsert(conn, targets, {**keys, **values}, list(keys), values)
            return targets_of(conn, [scope.series])[scope.series]

    def set(
        self, code: str, key: str, kind: str, item_id: str, dimension: str, level: str | None, *, actor: str
    ) -> TargetSet:
        """Set or clear one target (``kind``: a row's or a group's)."""
        return self.set_many(code, key, {(kind, item_id, dimension): level}, actor=actor)

    def schedule(self, code: str) -> list[Review]:
        """The review dates of this session's series, earliest first."""
        with self.database.reading() as conn:
            series = SessionScope.for_viewer(self.database, conn, code).series
            return schedules_of(conn, [series])[series]

    def add_review(
        self, code: str, key: str, due_on: date, note: str = "", *, actor: str, expected: str | None = None
    ) -> list[Review]:
        """Plan a review of the series on a date (a second one on the same date replaces its note).

        With ``expected`` (the note the page showed for that date, "" for none), a note set from another
        window since is not replaced: ``EditConflict`` says what it holds.
        """
        review = check_review(due_on, note)
        actor = check_name("Your name", actor, required=False) or "Facilitator"
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            r = reviews.c
            query = select(r.due_on, r.note).where(r.series == scope.series).with_for_update()
            notes = {row.due_on: row.note for row in conn.execute(query)}
            planned = list(notes)
            stored = notes.get(review.due_on.isoformat(), "")
            if expected is not None and stored not in (expected.strip(), review.note):
                subject = f"the note of the review on {review.due_on:%d %B %Y}"
                raise EditConflict("note", stored, subject=subject, save_button="Add review date")
            if len(planned) >= MAX_REVIEWS and review.due_on.isoformat() not in planned:
                raise InputError(
                    f"A series can have at most {MAX_REVIEWS} planned reviews: remove past ones first."
                )
            keys = dict(series=scope.series, due_on=review.due_on.isoformat())
            values = dict(note=review.note, set_by=actor, set_at=now())
            upsert(conn, reviews, {**keys, **values}, list(keys), values)
            return schedules_of(conn, [scope.series])[scope.series]

    def remove_review(self, code: str, key: str, due_on: date) -> list[Review]:
        """Take a planned review off the schedule."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            r = reviews.c
            conn.execute(delete(reviews).where(r.series == scope.series, r.due_on == due_on.isoformat()))
            return schedules_of(conn, [scope.series])[scope.series]

    def reminders(self, key: str, today: date) -> list[DueReview]:
        """Reviews due soon or overdue in every series this facilitator key opens, earliest first."""
        with self.database.reading() as conn:
            s = sessions.c
            series = sorted({info.series for info in sessions_of_keys(conn, key_ids(conn, key))})
            if not series:
                return []
            plans = schedules_of(conn, series)
            query = (
                select(sessions)
                .where(s.series.in_(series), s.deleted_at.is_(None))
                .order_by(s.held_on, s.created_at)
            )
            every = [info_from(r._mapping) for r in conn.execute(query)]
            found: list[DueReview] = []
            for one in series:
                held = [i for i in every if i.series == one]
                if not held or not plans[one]:
                    continue
                latest = held[-1]
                title = _title(latest, self.database.rubric(latest.fingerprint, conn).title)
                for review in due_reviews(plans[one], [i.held_on for i in held], today):
                    found.append(DueReview(one, title, latest.code, review, (review.due_on - today).days))
        return sorted(found, key=lambda d: (d.review.due_on, d.title))
