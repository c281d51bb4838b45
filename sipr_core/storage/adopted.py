"""A district team's items adopted from its building teams' plans: their link back, as stored and read.

The link names the school's session by id without a foreign key, so it survives that session's deletion;
an item read while that session is gone says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, select

from ..actions import ActionItem
from ..adoption import link_fields
from .schema import sessions


def marked_gone(conn: Connection, items: list[ActionItem]) -> list[ActionItem]:
    """The items, those adopted from a school's session no longer here (deleted) saying so."""
    wanted = {i.adopted.session_id for i in items if i.adopted is not None}
    if not wanted:
        return items
    s = sessions.c
    here = set(conn.execute(select(s.id).where(s.id.in_(wanted), s.deleted_at.is_(None))).scalars())
    return [
        replace(i, adopted=replace(i.adopted, gone=True))
        if i.adopted is not None and i.adopted.session_id not in here
        else i
        for i in items
    ]


ADOPTION_COLUMNS = ("adopted_from", "adopted_session", "adopted_school", "adopted_team")


def adoption_of(item: ActionItem) -> dict[str, Any]:
    """An adopted item's link back to the building team's item, as its columns hold it."""
    return dict(link_fields(item.adopted))
