"""The action plan in the store, and a district team's links to its building teams' sessions.

Every method is one transaction. Editing needs the facilitator key, reading only the join code.
Each added, changed or deleted item, and each link, goes into the history.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select, update

from ..access import normalise_code
from ..action_words import field_now
from ..actions import FIELDS, ActionEdits, ActionItem, ActionStatus, clean_action, history_value
from ..carry_over import carried
from ..errors import ActionConflict, InputError
from ..session import SessionInfo
from .adopted import adoption_of, marked_gone
from .database import Database
from .engine import now
from .rows import action_from, action_to_db, info_from
from .schema import action_items, sessions, template_links
from .scope import SessionScope, session_row

ITEM_DELETED = "An action item you changed was deleted in the meantime. The table now shows the current plan."


def load_actions(conn: Connection, session_id: str) -> list[ActionItem]:
    """A session's action plan, in the team's order."""
    a = action_items.c
    query = select(action_items).where(a.session_id == session_id).order_by(a.position, a.created_at, a.id)
    return marked_gone(conn, [action_from(row) for row in conn.execute(query)])


def linked_to(conn: Connection, session_id: str) -> list[SessionInfo]:
    """The building sessions linked to a district session (deleted ones left out), oldest first."""
    query = (
        select(sessions)
        .join(template_links, template_links.c.linked_id == sessions.c.id)
        .where(template_links.c.session_id == session_id, sessions.c.deleted_at.is_(None))
        .order_by(sessions.c.held_on, sessions.c.created_at)
    )
    return [info_from(r._mapping) for r in conn.execute(query)]


def item_row(conn: Connection, session_id: str, item_id: str) -> Any:
    """The row of one item of a session's plan (None: no such item)."""
    a = action_items.c
    return conn.execute(select(action_items).where(a.session_id == session_id, a.id == item_id)).first()


Seen = Mapping[str, Any] | None
"""An item's fields as the editor showed them (None: not known, nothing is compared)."""


def refuse_unseen(
    scope: SessionScope, saved: Mapping[str, Any], seen: Seen, touched: list[str], *, deleting: bool = False
) -> None:
    """``ActionConflict`` when a field about to change (``touched``) holds what the editor did not see."""
    if seen is None:
        return
    moved = [n for n in FIELDS if n in touched and n in seen and saved[n] != seen[n]]
    if moved:
        holds = [field_now(scope.rubric, name, saved[name]) for name in moved]
        raise ActionConflict(str(seen.get("what", saved["what"])), holds, deleting=deleting)


def insert_item(
    scope: SessionScope,
    clean: Mapping[str, Any],
    actor: str,
    source: str | None,
    *,
    item_id: str | None = None,
    position: int | None = None,
    undoes: int | None = None,
) -> ActionItem:
    """Add an item (at the end of the plan, or at ``position``); recorded in the history."""
    conn, at, a = scope.conn, now(), action_items.c
    if position is None:
        last = conn.execute(select(func.max(a.position)).where(a.session_id == scope.id)).scalar()
        position = (last or 0) + 1
    values: dict[str, Any] = dict(what="", row_ids=(), owner="", due=None, status=ActionStatus.NOT_STARTED)
    values.update(clean)
    item_id = item_id or uuid.uuid4().hex
    conn.execute(
        action_items.insert().values(
            session_id=scope.id,
            id=item_id,
            position=position,
            source=source,
            created_at=at,
            updated_by=actor,
            updated_at=at,
            **action_to_db(values),
        )
    )
    item = action_from(item_row(conn, scope.id, item_id))
    scope.record_change(actor, f"action:{item_id}", None, item.fields(), at=at, undoes=undoes)
    return item


def change_item(
    scope: SessionScope,
    item_id: str,
    clean: Mapping[str, Any],
    actor: str,
    seen: Seen,
    *,
    undoes: int | None = None,
) -> None:
    """Change checked fields of an item; each change is recorded in the history."""
    current = item_row(scope.conn, scope.id, item_id)
    if current is None:
        raise InputError(ITEM_DELETED)
    before = action_from(current).fields()
    after = {name: history_value(name, value) for name, value in clean.items()}
    refuse_unseen(scope, before, seen, [n for n in after if before[n] != after[n]])
    differing = {name: value for name, value in after.items() if before[name] != value}
    if not differing:
        return
    at, a = now(), action_items.c
    stored = action_to_db({name: clean[name] for name in differing})
    scope.conn.execute(
        update(action_items)
        .where(a.session_id == scope.id, a.id == item_id)
        .values(**stored, updated_by=actor, updated_at=at)
    )
    for name, value in differing.items():
        scope.record_change(actor, f"action:{item_id}:{name}", before[name], value, at=at, undoes=undoes)


def delete_item(
    scope: SessionScope, item_id: str, actor: str, seen: Seen, *, undoes: int | None = None
) -> None:
    """Delete an item; recorded in the history with all it needs to be put back."""
    current = item_row(scope.conn, scope.id, item_id)
    if current is None:
        return  # deleted by someone else already: the plan is as asked
    item = action_from(current)
    before = item.fields()
    refuse_unseen(scope, before, seen, list(FIELDS), deleting=True)
    a = action_items.c
    scope.conn.execute(delete(action_items).where(a.session_id == scope.id, a.id == item_id))
    # Where it stood and what it was made from, so that undoing the deletion puts it back as it was.
    kept = {**before, "position": item.position, "source": item.source, **carry_of(item), **adoption_of(item)}
    scope.record_change(actor, f"action:{item_id}", kept, None, undoes=undoes)


CARRY_COLUMNS = ("carried_from", "review", "review_note", "reviewed_on")


def carry_of(item: ActionItem) -> dict[str, Any]:
    """A carried item's link to the item it continues and its review, as their columns hold them."""
    if item.carried_from is None:
        return {}
    on = item.reviewed_on.isoformat() if item.reviewed_on else None
    review = dict(review=item.review, review_note=item.review_note, reviewed_on=on)
    return dict(carried_from=item.carried_from, **review)


def item_fields(scope: SessionScope, item_id: str) -> dict[str, Any] | None:
    """An item's fields as the history records them; None when there is no such item."""
    current = item_row(scope.conn, scope.id, item_id)
    return None if current is None else action_from(current).fields()


def carry_into(scope: SessionScope, earlier_id: str, actor: str) -> list[ActionItem]:
    """Copy the open items of an earlier session of the series into the scope's session, in order."""
    copied = []
    for item in carried(load_actions(scope.conn, earlier_id)):
        fields: dict[str, Any] = dict(
            what=item.what, row_ids=item.row_ids, owner=item.owner, due=item.due, status=item.status
        )
        fields["carried_from"] = item.id
        copied.append(insert_item(scope, fields, actor, item.source, position=item.position))
    return copied


class ActionPlan:
    """The items of a session's action plan: read them, add one, save an edit of the table."""

    def __init__(self, database: Database):
        self.database = database

    def items(self, code: str) -> list[ActionItem]:
        """The session's action plan, in the team's order (anyone with the join code)."""
        with self.database.reading() as conn:
            return load_actions(conn, SessionScope.for_viewer(self.database, conn, code).id)

    def add(self, code: str, key: str, *, actor: str, source: str | None = None, **fields: Any) -> ActionItem:
        """Add an item (``what``, ``row_ids``, ``owner``, ``due``, ``status``) at the end of the plan.

        ``source``: the next steps it was made from (``row_id/dimension``).
        """
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            return insert_item(scope, clean_action(scope.rubric, fields), actor, source)

    def edit(self, code: str, key: str, edits: ActionEdits, *, actor: str) -> list[ActionItem]:
        """Save one edit of the plan's table (changes, additions, deletions) all or nothing; the plan."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            changed = {item_id: clean_action(scope.rubric, f) for item_id, f in edits.changed.items()}
            added = [clean_action(scope.rubric, f) for f in edits.added]
            for item_id, clean in changed.items():
                change_item(scope, item_id, clean, actor, edits.seen.get(item_id))
            for clean in added:
                insert_item(scope, clean, actor, None)
            for item_id in edits.deleted:
                delete_item(scope, item_id, actor, edits.seen.get(item_id))
            return load_actions(conn, scope.id)


def link_session(
    scope: SessionScope, building_code: str, actor: str, *, undoes: int | None = None
) -> SessionInfo:
    """Link a building team's session to the scope's district session (once); recorded in the history."""
    conn = scope.conn
    row, other = scope.row, session_row(conn, building_code)
    if row.school:
        raise InputError(
            "Only a district team's session (one without a school) gathers the building teams' templates."
        )
    if other.id == row.id:
        raise InputError("That is this session's own code: enter the code of a building team's session.")
    if other.rubric_id != row.rubric_id:
        title = scope.database.rubric(other.fingerprint, conn).title
        raise InputError(
            f'Session {other.code} rates "{title}", not "{scope.rubric.title}": '
            "only sessions on the same continuum can be put side by side."
        )
    if not other.school:
        raise InputError(
            f"Session {other.code} has no school: only building teams' sessions can be added here."
        )
    t = template_links.c
    where = and_(t.session_id == row.id, t.linked_id == other.id)
    if conn.execute(select(t.linked_id).where(where)).first() is None:
        at = now()
        conn.execute(
            template_links.insert().values(session_id=row.id, linked_id=other.id, added_by=actor, added_at=at)
        )
        scope.record_change(actor, f"template:{other.code}", None, other.code, at=at, undoes=undoes)
    return info_from(other._mapping)


def unlink_session(scope: SessionScope, building_code: str, actor: str, *, undoes: int | None = None) -> bool:
    """Take a building team's session out of the scope's district session; whether it was linked."""
    canonical = normalise_code(building_code) or building_code.strip()
    query = select(sessions.c.id, sessions.c.code).where(sessions.c.code == canonical)
    other = scope.conn.execute(query).first()
    if other is None:
        return False
    t = template_links.c
    gone = scope.conn.execute(delete(template_links).where(t.session_id == scope.id, t.linked_id == other.id))
    if gone.rowcount:
        scope.record_change(actor, f"template:{other.code}", other.code, None, undoes=undoes)
    return bool(gone.rowcount)


def is_linked(scope: SessionScope, building_code: str) -> bool:
    """Whether the building session with this code is linked to the scope's session."""
    t, s = template_links.c, sessions.c
    query = select(t.linked_id).join(sessions, s.id == t.linked_id).where(
        t.session_id == scope.id, s.code == building_code
    )
    return scope.conn.execute(query).first() is not None


class Templates:
    """A district team's session gathers its building teams' sessions of the same continuum."""

    def __init__(self, database: Database):
        self.database = database

    def link(self, code: str, key: str, building_code: str, *, actor: str) -> SessionInfo:
        """Put a building team's session beside this district team's session (same continuum)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            return link_session(scope, building_code, actor)

    def unlink(self, code: str, key: str, building_code: str, *, actor: str) -> None:
        """Take a building team's session out of this district view (the session itself stays)."""
        with self.database.writing() as conn:
            unlink_session(SessionScope.for_facilitator(self.database, conn, code, key), building_code, actor)

    def linked(self, code: str) -> list[SessionInfo]:
        """The building teams' sessions put beside this one, by school and team (deleted ones left out)."""
        with self.database.reading() as conn:
            found = linked_to(conn, SessionScope.for_viewer(self.database, conn, code).id)
        return sorted(found, key=lambda i: (i.school.casefold(), i.team.casefold(), i.held_on))
