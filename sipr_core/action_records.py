"""The action plan in the store: items, their edits (each one in the history) and template links.

Called through ``Store``; every function is one transaction. Editing needs the facilitator key,
reading only the join code.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, func, select, update

from . import db
from .access import normalise_code
from .actions import ActionEdits, ActionItem, ActionStatus, clean_action
from .records import info_from
from .session import InputError, SessionInfo

if TYPE_CHECKING:
    from .store import Store


def item_from(row: Any) -> ActionItem:
    return ActionItem(
        id=row.id,
        what=row.what,
        row_ids=tuple(json.loads(row.row_ids)),
        owner=row.owner,
        due=date.fromisoformat(row.due) if row.due else None,
        status=ActionStatus(row.status),
        source=row.source,
        position=row.position,
        created_at=row.created_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _to_db(fields: Mapping[str, Any]) -> dict[str, Any]:
    stored = dict(fields)
    if "row_ids" in stored:
        stored["row_ids"] = json.dumps(list(stored["row_ids"]))
    if "due" in stored:
        stored["due"] = stored["due"].isoformat() if stored["due"] else None
    if "status" in stored:
        stored["status"] = ActionStatus(stored["status"]).value
    return stored


def _as_json(name: str, value: Any) -> Any:
    """A field's value as the history keeps it."""
    if name == "row_ids":
        return list(value)
    if name == "due":
        return value.isoformat() if value else None
    if name == "status":
        return ActionStatus(value).value
    return value


def load(conn: Connection, session_id: str) -> list[ActionItem]:
    query = (
        select(db.action_items)
        .where(db.action_items.c.session_id == session_id)
        .order_by(db.action_items.c.position, db.action_items.c.created_at, db.action_items.c.id)
    )
    return [item_from(row) for row in conn.execute(query)]


def actions(store: Store, code: str) -> list[ActionItem]:
    """The session's action plan, in the team's order."""
    with db.reading(store.engine) as conn:
        return load(conn, store._session_row(conn, code).id)


def add_action(
    store: Store,
    code: str,
    key: str,
    fields: Mapping[str, Any],
    *,
    actor: str,
    source: str | None = None,
) -> ActionItem:
    """Add one item at the end of the plan (``source``: the next steps it was made from)."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        clean = clean_action(store.rubric(row.fingerprint, conn), fields)
        return _insert(store, conn, row.id, clean, actor, source)


def _insert(
    store: Store, conn: Connection, session_id: str, clean: dict[str, Any], actor: str, source: str | None
) -> ActionItem:
    at = db.now()
    last = conn.execute(
        select(func.max(db.action_items.c.position)).where(db.action_items.c.session_id == session_id)
    ).scalar()
    values: dict[str, Any] = dict(what="", row_ids=(), owner="", due=None, status=ActionStatus.NOT_STARTED)
    values.update(clean)
    item_id = uuid.uuid4().hex
    conn.execute(
        db.action_items.insert().values(
            session_id=session_id,
            id=item_id,
            position=(last or 0) + 1,
            source=source,
            created_at=at,
            updated_by=actor,
            updated_at=at,
            **_to_db(values),
        )
    )
    item = item_from(_item_row(conn, session_id, item_id))
    store._record(conn, session_id, at, actor, "", "", f"action:{item_id}", None, item.fields())
    return item


def _item_row(conn: Connection, session_id: str, item_id: str) -> Any:
    where = and_(db.action_items.c.session_id == session_id, db.action_items.c.id == item_id)
    return conn.execute(select(db.action_items).where(where)).first()


def edit_actions(store: Store, code: str, key: str, edits: ActionEdits, *, actor: str) -> list[ActionItem]:
    """Apply one edit of the plan (changes, additions, deletions) all or nothing; returns the plan."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        rubric = store.rubric(row.fingerprint, conn)
        changed = {item_id: clean_action(rubric, fields) for item_id, fields in edits.changed.items()}
        added = [clean_action(rubric, fields) for fields in edits.added]
        for item_id, clean in changed.items():
            _change(store, conn, row.id, item_id, clean, actor)
        for clean in added:
            _insert(store, conn, row.id, clean, actor, None)
        for item_id in edits.deleted:
            _delete(store, conn, row.id, item_id, actor)
        return load(conn, row.id)


def _change(
    store: Store, conn: Connection, session_id: str, item_id: str, clean: dict[str, Any], actor: str
) -> None:
    current = _item_row(conn, session_id, item_id)
    if current is None:
        raise InputError(
            "An action item you changed was deleted in the meantime. The table now shows the current plan."
        )
    before = item_from(current).fields()
    after = {name: _as_json(name, value) for name, value in clean.items()}
    differing = {name: value for name, value in after.items() if before[name] != value}
    if not differing:
        return
    at = db.now()
    where = and_(db.action_items.c.session_id == session_id, db.action_items.c.id == item_id)
    stored = _to_db({name: clean[name] for name in differing})
    conn.execute(update(db.action_items).where(where).values(**stored, updated_by=actor, updated_at=at))
    for name, value in differing.items():
        store._record(conn, session_id, at, actor, "", "", f"action:{item_id}:{name}", before[name], value)


def _delete(store: Store, conn: Connection, session_id: str, item_id: str, actor: str) -> None:
    current = _item_row(conn, session_id, item_id)
    if current is None:
        return  # deleted by someone else already: the plan is as asked
    where = and_(db.action_items.c.session_id == session_id, db.action_items.c.id == item_id)
    conn.execute(delete(db.action_items).where(where))
    old = item_from(current).fields()
    store._record(conn, session_id, db.now(), actor, "", "", f"action:{item_id}", old, None)


# --- a district team's view of its building teams' templates ---------------------------------


def link_template(store: Store, code: str, key: str, building_code: str, *, actor: str) -> SessionInfo:
    """Put a building team's session beside this district team's session (same continuum)."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        other = store._session_row(conn, building_code)
        if row.school:
            raise InputError(
                "Only a district team's session (one without a school) gathers the building teams' templates."
            )
        if other.id == row.id:
            raise InputError("That is this session's own code: enter the code of a building team's session.")
        if other.rubric_id != row.rubric_id:
            title = store.rubric(other.fingerprint, conn).title
            raise InputError(
                f'Session {other.code} rates "{title}", not "{store.rubric(row.fingerprint, conn).title}": '
                "only sessions on the same continuum can be put side by side."
            )
        if not other.school:
            raise InputError(
                f"Session {other.code} has no school: only building teams' sessions can be added here."
            )
        where = and_(db.template_links.c.session_id == row.id, db.template_links.c.linked_id == other.id)
        if conn.execute(select(db.template_links.c.linked_id).where(where)).first() is None:
            at = db.now()
            conn.execute(
                db.template_links.insert().values(
                    session_id=row.id, linked_id=other.id, added_by=actor, added_at=at
                )
            )
            store._record(conn, row.id, at, actor, "", "", f"template:{other.code}", None, other.code)
        return info_from(other._mapping)


def unlink_template(store: Store, code: str, key: str, building_code: str, *, actor: str) -> None:
    """Take a building team's session out of this district view (the session itself stays)."""
    with db.writing(store.engine) as conn:
        row = store._facilitator_row(conn, code, key)
        canonical = normalise_code(building_code) or building_code.strip()
        query = select(db.sessions.c.id, db.sessions.c.code).where(db.sessions.c.code == canonical)
        other = conn.execute(query).first()
        if other is None:
            return
        where = and_(db.template_links.c.session_id == row.id, db.template_links.c.linked_id == other.id)
        if conn.execute(delete(db.template_links).where(where)).rowcount:
            store._record(conn, row.id, db.now(), actor, "", "", f"template:{other.code}", other.code, None)


def linked_templates(store: Store, code: str) -> list[SessionInfo]:
    """The building teams' sessions put beside this one, by school and team (deleted ones left out)."""
    with db.reading(store.engine) as conn:
        row = store._session_row(conn, code)
        query = (
            select(db.sessions)
            .join(db.template_links, db.template_links.c.linked_id == db.sessions.c.id)
            .where(db.template_links.c.session_id == row.id, db.sessions.c.deleted_at.is_(None))
        )
        found = [info_from(r._mapping) for r in conn.execute(query)]
    return sorted(found, key=lambda i: (i.school.casefold(), i.team.casefold(), i.held_on))


def district_sessions(store: Store, district: str) -> list[SessionInfo]:
    """Every session of a district (name compared ignoring case and spacing), oldest first."""
    wanted = " ".join(district.split()).casefold()
    with db.reading(store.engine) as conn:
        query = (
            select(db.sessions)
            .where(db.sessions.c.deleted_at.is_(None))
            .order_by(db.sessions.c.held_on, db.sessions.c.created_at)
        )
        rows = [r for r in conn.execute(query) if " ".join(r.district.split()).casefold() == wanted]
        return [info_from(r._mapping) for r in rows]
