"""Targets and the review schedule in the store, keyed by series.

Reading needs a session's join code; setting needs that session's facilitator key. Every function
is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import and_, delete, select

from . import db
from .records import info_from, upsert_into
from .session import InputError, SessionInfo, check_name
from .targets import (
    GROUP,
    MAX_REVIEWS,
    ROW,
    DueReview,
    Review,
    TargetSet,
    check_review,
    check_target,
    due_reviews,
)

if TYPE_CHECKING:
    from .store import Store

TargetKey = tuple[str, str, str]
"""(scope, row or group id, dimension)."""


def targets_for_series(store: Store, series: Iterable[str]) -> dict[str, TargetSet]:
    """The targets of many series in one query; a series without targets maps to an empty set."""
    wanted = sorted(set(series))
    found: dict[str, tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]] = {
        s: ({}, {}) for s in wanted
    }
    if not wanted:
        return {}
    with db.reading(store.engine) as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for r in conn.execute(select(db.targets).where(db.targets.c.series.in_(chunk))):
                rows, groups = found[r.series]
                (rows if r.scope == ROW else groups)[(r.item_id, r.dimension)] = r.level
    return {s: TargetSet(rows, groups) for s, (rows, groups) in found.items()}


def targets(store: Store, code: str) -> TargetSet:
    """The targets of this session's series."""
    series = store.info(code).series
    return targets_for_series(store, [series])[series]


def set_targets(
    store: Store, code: str, key: str, changes: Mapping[TargetKey, str | None], *, actor: str
) -> TargetSet:
    """Set (or, with ``None``, clear) targets of the session's series; all or nothing."""
    actor = check_name("Your name", actor, required=False) or "Facilitator"
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        rubric = store.rubric(row.fingerprint, conn)
        for (scope, item_id, dimension), level in changes.items():
            check_target(rubric, scope, item_id, dimension, level)
        at = db.now()
        for (scope, item_id, dimension), level in changes.items():
            where = and_(
                db.targets.c.series == row.series,
                db.targets.c.scope == scope,
                db.targets.c.item_id == item_id,
                db.targets.c.dimension == dimension,
            )
            if level is None:
                conn.execute(delete(db.targets).where(where))
                continue
            values = dict(series=row.series, scope=scope, item_id=item_id, dimension=dimension)
            insert = upsert_into(conn, db.targets).values(**values, level=level, set_by=actor, set_at=at)
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=list(values), set_={"level": level, "set_by": actor, "set_at": at}
                )
            )
        series = row.series
    return targets_for_series(store, [series])[series]


def set_target(
    store: Store,
    code: str,
    key: str,
    scope: str,
    item_id: str,
    dimension: str,
    level: str | None,
    *,
    actor: str,
) -> TargetSet:
    """Set or clear one target."""
    return set_targets(store, code, key, {(scope, item_id, dimension): level}, actor=actor)


def schedule(store: Store, code: str) -> list[Review]:
    """The review dates of this session's series, earliest first."""
    series = store.info(code).series
    return _schedules(store, [series])[series]


def _schedules(store: Store, series: list[str]) -> dict[str, list[Review]]:
    found: dict[str, list[Review]] = {s: [] for s in series}
    with db.reading(store.engine) as conn:
        query = select(db.reviews).where(db.reviews.c.series.in_(series)).order_by(db.reviews.c.due_on)
        for r in conn.execute(query):
            found[r.series].append(Review(date.fromisoformat(r.due_on), r.note))
    return found


def add_review(
    store: Store, code: str, key: str, due_on: date, note: str = "", *, actor: str
) -> list[Review]:
    """Plan a review of the series on a date (a second one on the same date replaces its note)."""
    review = check_review(due_on, note)
    actor = check_name("Your name", actor, required=False) or "Facilitator"
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        where = db.reviews.c.series == row.series
        planned = [r.due_on for r in conn.execute(select(db.reviews.c.due_on).where(where))]
        if len(planned) >= MAX_REVIEWS and review.due_on.isoformat() not in planned:
            raise InputError(
                f"A series can have at most {MAX_REVIEWS} planned reviews: remove past ones first."
            )
        at = db.now()
        values = dict(series=row.series, due_on=review.due_on.isoformat())
        insert = upsert_into(conn, db.reviews).values(**values, note=review.note, set_by=actor, set_at=at)
        conn.execute(
            insert.on_conflict_do_update(
                index_elements=list(values), set_={"note": review.note, "set_by": actor, "set_at": at}
            )
        )
    return schedule(store, code)


def remove_review(store: Store, code: str, key: str, due_on: date) -> list[Review]:
    """Take a planned review off the schedule."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        where = and_(db.reviews.c.series == row.series, db.reviews.c.due_on == due_on.isoformat())
        conn.execute(delete(db.reviews).where(where))
    return schedule(store, code)


def _title(info: SessionInfo, rubric_title: str) -> str:
    team = f", {info.team}" if info.team else ""
    return f"{info.place}{team}: {rubric_title}"


def reminders(store: Store, key: str, today: date) -> list[DueReview]:
    """Reviews due soon or overdue in every series this facilitator key opens, earliest first."""
    mine = store.sessions_for_key(key)
    if not mine:
        return []
    series = sorted({info.series for info in mine})
    plans = _schedules(store, series)
    with db.reading(store.engine) as conn:
        query = (
            select(db.sessions)
            .where(db.sessions.c.series.in_(series), db.sessions.c.deleted_at.is_(None))
            .order_by(db.sessions.c.held_on, db.sessions.c.created_at)
        )
        every = [info_from(r._mapping) for r in conn.execute(query)]
    found: list[DueReview] = []
    for s in series:
        held = [i for i in every if i.series == s]
        if not held or not plans[s]:
            continue
        latest = held[-1]
        title = _title(latest, store.rubric(latest.fingerprint).title)
        for review in due_reviews(plans[s], [i.held_on for i in held], today):
            found.append(DueReview(s, title, latest.code, review, (review.due_on - today).days))
    return sorted(found, key=lambda d: (d.review.due_on, d.title))


__all__ = [
    "GROUP",
    "ROW",
    "add_review",
    "reminders",
    "remove_review",
    "schedule",
    "set_target",
    "set_targets",
    "targets",
    "targets_for_series",
]
