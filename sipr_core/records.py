"""Conversions between database rows and domain objects, and checks of edited fields."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from .rubric import Rubric
from .scoring import Rating
from .session import Change, Entry, InputError, SessionInfo, check_text


def upsert_into(conn: Connection, table: Any) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def info_from(m: Any) -> SessionInfo:
    return SessionInfo(
        id=m["id"],
        code=m["code"],
        district=m["district"],
        school=m["school"],
        team=m["team"],
        held_on=date.fromisoformat(m["held_on"]),
        rubric_id=m["rubric_id"],
        fingerprint=m["fingerprint"],
        facilitator=m["facilitator"],
        series=m["series"],
        created_at=m["created_at"],
    )


def entry_from(e: Any) -> Entry:
    rating = Rating(e.row_id, e.dimension, e.level, bool(e.not_applicable), frozenset(json.loads(e.ticked)))
    return Entry(rating, e.evidence, e.next_steps, e.updated_by, e.updated_at)


def change_from(c: Any) -> Change:
    return Change(
        c.id, c.at, c.actor, c.row_id, c.dimension, c.field, json.loads(c.old), json.loads(c.new), c.undoes
    )


def to_db(name: str, value: Any) -> Any:
    return json.dumps(sorted(value)) if name == "ticked" else value


def from_db(name: str, value: Any) -> Any:
    if name == "ticked":
        return json.loads(value) if isinstance(value, str) else list(value)
    if name == "not_applicable":
        return bool(value)
    return value


def restore(name: str, value: Any) -> Any:
    return frozenset(value) if name == "ticked" else value


def check_cell(rubric: Rubric, row_id: str, dimension: str) -> None:
    try:
        rubric.row(row_id)
    except KeyError:
        raise InputError(f'No such row in "{rubric.title}": {row_id}') from None
    if dimension not in rubric.dimension_ids():
        raise InputError(f'No such dimension in "{rubric.title}": {dimension}')


def clean_fields(rubric: Rubric, row_id: str, dimension: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Check each field against the rubric and the limits; raise ``InputError`` naming the problem."""
    check_cell(rubric, row_id, dimension)
    clean = dict(fields)
    if "level" in clean and clean["level"] is not None and clean["level"] not in rubric.level_ids():
        raise InputError(f"No such level: {clean['level']} (levels: {', '.join(rubric.level_ids())})")
    if "ticked" in clean:
        criteria = rubric.row(row_id).cells()[dimension].criteria or []
        ticked = frozenset(int(i) for i in clean["ticked"])
        if any(not 0 <= i < len(criteria) for i in ticked):
            raise InputError(f"No such criterion: this row has {len(criteria)} criteria on {dimension}.")
        clean["ticked"] = ticked
    for name in ("evidence", "next_steps"):
        if name in clean:
            clean[name] = check_text(name, clean[name])
    if "not_applicable" in clean:
        clean["not_applicable"] = bool(clean["not_applicable"])
    return clean
