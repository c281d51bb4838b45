"""Actions between meetings in the store: carry the open ones into a follow-up, review them there,
find the overdue ones, and read a series' actions through its sessions.

Each session keeps its own copy of a carried item (``carried_from`` names the item it continues), so
the rules of a session (who reads it, its history, its file) hold for its actions unchanged.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select, update

from ..actions import ActionItem
from ..carry_over import ActionThread, check_review, overdue, status_after, threads
from ..errors import InputError
from ..session import SessionInfo
from .actions import change_item, load_actions
from .database import Database
from .keys import key_ids
from .schema import action_items, sessions
from .scope import SessionScope
from .sessions import series_of

NOT_CARRIED = "Only an action carried from the session before is reviewed here; edit this one in the plan."


def carried_on(conn: Connection, series: str, items: list[ActionItem]) -> set[str]:
    """The ids of these items that a later session of the series continues."""
    if not items:
        return set()
    a, s = action_items.c, sessions.c
    query = (
        select(a.carried_from)
        .join(sessions, s.id == a.session_id)
        .where(s.series == series, s.deleted_at.is_(None), a.carried_from.in_([i.id for i in items]))
    )
    return {str(r) for r in conn.execute(query).scalars()}


def overdue_of(scope: SessionScope, today: date) -> list[ActionItem]:
    """The session's overdue items that no later session of its series carries on."""
    items = load_actions(scope.conn, scope.id)
    return overdue(items, today, carried_on(scope.conn, scope.series, items))


def review_value(item: ActionItem) -> dict[str, str] | None:
    """An item's review as the history keeps it (None: not reviewed)."""
    if item.review is None:
        return None
    on = item.reviewed_on.isoformat() if item.reviewed_on else ""
    return {"outcome": item.review, "note": item.review_note, "on": on}


def write_review(
    scope: SessionScope,
    item: ActionItem,
    value: dict[str, str] | None,
    actor: str,
    *,
    undoes: int | None = None,
) -> None:
    """Set (or, with None, clear) an item's review; recorded in the history."""
    a = action_items.c
    columns = dict(review=None, review_note="", reviewed_on=None)
    if value is not None:
        columns = dict(review=value["outcome"], review_note=value["note"], reviewed_on=value["on"] or None)
    scope.conn.execute(
        update(action_items).where(a.session_id == scope.id, a.id == item.id).values(**columns)
    )
    scope.record_change(actor, f"action:{item.id}:review", review_value(item), value, undoes=undoes)


class CarryOver:
    """The series' actions across its sessions: review carried ones, overdue ones, their threads."""

    def __init__(self, database: Database):
        self.database = database

    def review(
        self, code: str, key: str, item_id: str, outcome: str, *, note: str = "", on: date | None, actor: str
    ) -> ActionItem:
        """Record how a carried item stands (done, in progress, dropped, carried over), a note, a date."""
        checked, note, on = check_review(outcome, note, on)
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            item = next((i for i in load_actions(conn, scope.id) if i.id == item_id), None)
            if item is None or item.carried_from is None:
                raise InputError(NOT_CARRIED)
            status = status_after(checked, item.status)
            change_item(scope, item_id, {"status": status}, actor, None)
            reviewed = {"outcome": checked.value, "note": note, "on": on.isoformat()}
            write_review(scope, item, reviewed, actor)
            return next(i for i in load_actions(conn, scope.id) if i.id == item_id)

    def overdue(self, code: str, today: date) -> list[ActionItem]:
        """The session's items past their due date, neither done nor dropped nor carried on (join code)."""
        with self.database.reading() as conn:
            return overdue_of(SessionScope.for_viewer(self.database, conn, code), today)

    def overdue_for_key(self, key: str, today: date) -> list[tuple[SessionInfo, ActionItem]]:
        """Overdue items in every series this facilitator key holds, with their session, earliest first."""
        found: list[tuple[SessionInfo, ActionItem]] = []
        with self.database.reading() as conn:
            held = key_ids(conn, key)
            s = sessions.c
            query = select(s.code).where(s.key_id.in_(held), s.deleted_at.is_(None))
            for code in conn.execute(query).scalars():
                scope = SessionScope.for_viewer(self.database, conn, code)
                found += [(scope.info, item) for item in overdue_of(scope, today)]
        return sorted(found, key=lambda pair: (pair[1].due or today, pair[0].held_on))

    def threads(self, code: str) -> list[ActionThread]:
        """The actions of this session's series up to this session, each through the sessions it was in."""
        with self.database.reading() as conn:
            scope = SessionScope.for_viewer(self.database, conn, code)
            held = series_of(conn, scope.series)
            upto = held[: next(i for i, s in enumerate(held) if s.id == scope.id) + 1]
            return threads([(info, load_actions(conn, info.id)) for info in upto])
