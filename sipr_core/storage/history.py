"""A session's history: every recorded change, oldest first, and undoing one (facilitator only).

An undo puts back the value from before the change, as a new change that names the one it undoes. It
never overwrites unseen: when the field holds something else than the change left (changed again
since), the undo is refused and says what it holds now. Votes and someone taken off the vote are the
participants' own and cannot be undone here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select

from ..action_words import field_text, summary
from ..actions import FIELDS as ACTION_FIELDS
from ..actions import clean_action
from ..errors import InputError, UndoConflict
from ..history_words import ENTRY_FIELDS, TEXT_FIELDS, subject, value_words, why_no_undo
from ..session import Change
from .actions import (
    CARRY_COLUMNS,
    change_item,
    delete_item,
    insert_item,
    is_linked,
    item_fields,
    link_session,
    load_actions,
    unlink_session,
)
from .adopted import ADOPTION_COLUMNS
from .carry_over import review_value, write_review
from .database import Database
from .entries import stored_answer, write_answer
from .rows import BLANK_ENTRY, change_from, entry_value_from_db, entry_value_from_history
from .schema import changes, entries
from .scope import SessionScope

EDITABLE = (*ENTRY_FIELDS, *TEXT_FIELDS)
"""The fields of an entry whose changes can be undone."""
ALREADY = "Nothing to undo: this change was undone already, or changed back by hand."


class History:
    """Read the history of a session and put a field back as it was."""

    def __init__(self, database: Database):
        self.database = database

    def changes(self, code: str, key: str, *, include_votes: bool = False) -> list[Change]:
        """Every recorded change of the session, oldest first (votes only when asked)."""
        with self.database.reading() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            query = select(changes).where(changes.c.session_id == scope.id).order_by(changes.c.id)
            found = [change_from(c) for c in conn.execute(query)]
        return [c for c in found if include_votes or not c.field.startswith("vote:")]

    def undo(self, code: str, key: str, change_id: int, *, actor: str) -> Change:
        """Put back what the given change replaced, when it still holds what that change left; the undo,
        itself a recorded change (``UndoConflict`` when changed again since, ``InputError`` when there is
        nothing to undo or it cannot be undone)."""
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            query = select(changes).where(changes.c.session_id == scope.id, changes.c.id == change_id)
            found = conn.execute(query).first()
            if found is None:
                raise InputError(f"No change {change_id} to undo in session {scope.code}.")
            change = change_from(found)
            field = change.field
            if why_no_undo(change):
                raise InputError(why_no_undo(change))
            if field in EDITABLE:
                undo_entry(scope, change, actor)
            elif field.startswith("reflection:"):
                undo_answer(scope, change, actor)
            elif field.startswith("action:"):
                undo_action(scope, change, actor)
            else:
                undo_link(scope, change, actor)
            newest = select(changes).where(changes.c.session_id == scope.id).order_by(changes.c.id.desc())
            return change_from(conn.execute(newest.limit(1)).one())


def still(scope: SessionScope, change: Change, now: Any, words: str, item: str = "") -> None:
    """Refuse unless the changed value (``now``, ``words`` as text) is what the change left."""
    if now == change.new:
        return
    if now == change.old:
        raise InputError(ALREADY)
    raise UndoConflict(subject(scope.rubric, change, item), words)


def undo_entry(scope: SessionScope, change: Change, actor: str) -> None:
    e = entries.c
    query = select(entries).where(
        e.session_id == scope.id, e.row_id == change.row_id, e.dimension == change.dimension
    )
    row = scope.conn.execute(query.with_for_update()).first()
    stored = getattr(row, change.field) if row is not None else BLANK_ENTRY[change.field]
    now = entry_value_from_db(change.field, stored)
    still(scope, change, now, value_words(scope.rubric, change.field, now))
    previous = {change.field: entry_value_from_history(change.field, change.old)}
    scope.write_entry(change.row_id, change.dimension, previous, actor, undoes=change.id)


def undo_answer(scope: SessionScope, change: Change, actor: str) -> None:
    prompt = change.field.removeprefix("reflection:")
    now = stored_answer(scope, change.row_id, prompt)
    still(scope, change, now, now)
    write_answer(scope, change.row_id, prompt, str(change.old or ""), actor, undoes=change.id)


def undo_action(scope: SessionScope, change: Change, actor: str) -> None:
    """An item's field back, an added item deleted, or a deleted item back where it was."""
    _, item_id, *name = change.field.split(":")
    now = item_fields(scope, item_id)
    rubric = scope.rubric
    if name == ["review"]:  # a carried item's review at this follow-up
        undo_review(scope, change, item_id, actor)
    elif name:  # one field of the item
        field = name[0]
        if now is None:
            named = subject(rubric, replace(change, field=f"action:{item_id}"), last_text(scope, item_id))
            raise InputError(f"Not undone: {named} was deleted after this change. Undo its deletion first.")
        was = str(change.old if field == "what" else now["what"])
        still(scope, change, now[field], field_text(rubric, field, now[field]), was)
        change_item(scope, item_id, clean_action(rubric, {field: change.old}), actor, None, undoes=change.id)
    elif change.old is None:  # added: delete it, unless it was changed since
        added = recorded_item(change.new)
        named = subject(rubric, change, added["what"])
        if now is None:
            raise InputError(f"Nothing to undo: {named} was deleted already.")
        if now != added:
            raise UndoConflict(named, summary(rubric, now))
        delete_item(scope, item_id, actor, None, undoes=change.id)
    else:  # deleted: put it back
        kept = recorded_item(change.old)
        if now is not None:
            named = subject(rubric, change, kept["what"])
            raise InputError(f"Nothing to undo: {named} is in the plan already.")
        fields = clean_action(rubric, {n: kept[n] for n in ACTION_FIELDS if n in kept})
        # A carried item comes back still carried, with its review.
        fields.update({n: kept[n] for n in CARRY_COLUMNS + ADOPTION_COLUMNS if n in kept})
        source, position = kept.get("source"), kept.get("position")
        insert_item(scope, fields, actor, source, item_id=item_id, position=position, undoes=change.id)


def undo_review(scope: SessionScope, change: Change, item_id: str, actor: str) -> None:
    """A carried item's review back as it was (none, or the one before)."""
    item = next((i for i in load_actions(scope.conn, scope.id) if i.id == item_id), None)
    if item is None:
        named = subject(scope.rubric, replace(change, field=f"action:{item_id}"), last_text(scope, item_id))
        raise InputError(f"Not undone: {named} was deleted after this change. Undo its deletion first.")
    now = review_value(item)
    still(scope, change, now, field_text(scope.rubric, "review", now), item.what)
    before = {str(k): str(v) for k, v in change.old.items()} if isinstance(change.old, dict) else None
    write_review(scope, item, before, actor, undoes=change.id)


def last_text(scope: SessionScope, item_id: str) -> str:
    """The text an item had when it was last added or deleted, as the history recorded it."""
    c = changes.c
    query = select(changes).where(c.session_id == scope.id, c.field == f"action:{item_id}")
    found = scope.conn.execute(query.order_by(c.id.desc()).limit(1)).first()
    if found is None:
        return ""
    recorded = change_from(found)
    return str(recorded_item(recorded.old if recorded.old is not None else recorded.new).get("what", ""))


def recorded_item(value: object) -> dict[str, Any]:
    """An action item's fields as its addition or deletion recorded them."""
    return dict(value) if isinstance(value, dict) else {"what": ""}


def undo_link(scope: SessionScope, change: Change, actor: str) -> None:
    """A building team's session linked or taken out of this district session, the other way round."""
    code = change.field.removeprefix("template:")
    linking = change.old is not None  # the change took it out: link it again
    if is_linked(scope, code) == linking:
        state = "linked" if linking else "not linked"
        raise InputError(f"Nothing to undo: building team's session {code} is {state} already.")
    if linking:
        link_session(scope, code, actor, undoes=change.id)
    else:
        unlink_session(scope, code, actor, undoes=change.id)
