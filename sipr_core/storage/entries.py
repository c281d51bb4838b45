"""The team's record in the store: each row's rating, evidence and next steps, and reflection answers.

Every method is one transaction, needs the facilitator key, and keeps each change in the history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, select

from ..errors import EditConflict, quoted
from ..session import Entry, Reflection, check_cell, check_text, clean_fields
from .database import Database
from .engine import now, upsert
from .schema import reflections
from .scope import SessionScope

UNSET: Any = object()
"""A field left as it is (``None`` is a value: no level)."""


class Entries:
    """Change the team's entries and reflection answers."""

    def __init__(self, database: Database):
        self.database = database

    def set(
        self,
        code: str,
        key: str,
        row_id: str,
        dimension: str,
        *,
        actor: str,
        level: str | None = UNSET,
        not_applicable: bool = UNSET,
        ticked: Sequence[int] = UNSET,
        evidence: str = UNSET,
        next_steps: str = UNSET,
        expected: Mapping[str, Any] | None = None,
        save_button: str | None = None,
    ) -> Entry:
        """Change the given fields of one row and dimension; each change goes into the history.

        Choosing a level clears "not applicable"; the last writer and the time are kept. With
        ``expected`` (field: the value the editor last saw), a field that holds something else now,
        changed from another window, is not overwritten: ``EditConflict`` says what it holds (and, given
        ``save_button``, to press that button again to keep one's own text).
        """
        given = dict(
            level=level,
            not_applicable=not_applicable,
            ticked=ticked,
            evidence=evidence,
            next_steps=next_steps,
        )
        fields = {k: v for k, v in given.items() if v is not UNSET}
        if level is not UNSET and level is not None and not_applicable is UNSET:
            fields["not_applicable"] = False
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            clean = clean_fields(scope.rubric, row_id, dimension, fields)
            try:
                return scope.write_entry(row_id, dimension, clean, actor, expected=expected)
            except EditConflict as conflict:
                if save_button is None:
                    raise
                raise EditConflict(conflict.field, conflict.stored, save_button=save_button) from None

    def set_reflection(
        self,
        code: str,
        key: str,
        row_id: str,
        prompt: str,
        answer: str,
        *,
        actor: str,
        expected: str | None = None,
    ) -> Reflection:
        """Save the team's answer to a reflection prompt (``row_id`` "" for the whole session).

        With ``expected`` (the answer the editor last saw), an answer changed from another window since
        is not overwritten: ``EditConflict`` says what it holds.
        """
        answer = check_text("Answer", answer)
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            if row_id:
                check_cell(scope.rubric, row_id, scope.rubric.dimension_ids()[0])
            return write_answer(scope, row_id, prompt, answer, actor, expected=expected)


def stored_answer(scope: SessionScope, row_id: str, prompt: str) -> str:
    """The team's answer to a prompt as stored ("" for none), locked until the transaction ends."""
    r = reflections.c
    where = and_(r.session_id == scope.id, r.row_id == row_id, r.prompt == prompt)
    return scope.conn.execute(select(r.answer).where(where).with_for_update()).scalar() or ""


def write_answer(
    scope: SessionScope,
    row_id: str,
    prompt: str,
    answer: str,
    actor: str,
    *,
    expected: str | None = None,
    undoes: int | None = None,
) -> Reflection:
    """Save a checked answer unless it changed since the editor saw ``expected``; recorded in the history."""
    stored = stored_answer(scope, row_id, prompt)
    if expected is not None and stored not in (expected, answer):
        raise EditConflict("answer", stored, subject=f"the answer to {quoted(prompt, 80)}")
    if stored == answer:
        return Reflection(row_id, prompt, answer)
    at = now()
    values = dict(answer=answer, updated_by=actor, updated_at=at)
    keys = dict(session_id=scope.id, row_id=row_id, prompt=prompt)
    upsert(scope.conn, reflections, {**keys, **values}, list(keys), values)
    scope.record_change(actor, f"reflection:{prompt}", stored, answer, row_id=row_id, at=at, undoes=undoes)
    return Reflection(row_id, prompt, answer, actor, at)
