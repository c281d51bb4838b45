"""Table rows to domain objects and back: the one place that knows how each value is stored.

JSON columns (ticked criteria, an action's rows, a round's cells, a change's old and new value)
and ISO dates are turned into the core's types here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..actions import ActionItem, ActionStatus
from ..adoption import Adoption
from ..rounds import VotingRound
from ..scoring import Rating
from ..session import Change, Comment, Entry, Participant, Reflection, SessionInfo, Timer, Vote


def info_from(m: Any) -> SessionInfo:
    """A session's identity from its ``sessions`` row (as a mapping)."""
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


def timer_from(row: Any) -> Timer | None:
    """The running activity timer of a ``sessions`` row, if one runs."""
    if row.timer_started_at is None:
        return None
    return Timer(row.timer_activity, row.timer_minutes, row.timer_started_at)


def entry_from(e: Any) -> Entry:
    rating = Rating(e.row_id, e.dimension, e.level, bool(e.not_applicable), frozenset(json.loads(e.ticked)))
    return Entry(rating, e.evidence, e.next_steps, e.updated_by, e.updated_at)


BLANK_ENTRY = dict(level=None, not_applicable=False, ticked="[]", evidence="", next_steps="")
"""The stored fields of an entry nobody has changed yet."""


def entry_value_to_db(name: str, value: Any) -> Any:
    """An entry field's value as its column holds it."""
    return json.dumps(sorted(value)) if name == "ticked" else value


def entry_value_from_db(name: str, value: Any) -> Any:
    """An entry field's column value as the history records it (JSON-ready)."""
    if name == "ticked":
        return json.loads(value) if isinstance(value, str) else list(value)
    if name == "not_applicable":
        return bool(value)
    return value


def entry_value_from_history(name: str, value: Any) -> Any:
    """A value the history recorded, as ``set_entry`` takes it."""
    return frozenset(value) if name == "ticked" else value


def vote_from(v: Any) -> Vote:
    return Vote(v.participant_id, v.row_id, v.dimension, v.level, v.updated_at)


def comment_from(c: Any, author: str = "") -> Comment:
    return Comment(c.participant_id, c.row_id, c.dimension, c.text, c.round_number, c.updated_at, author)


def participant_from(p: Any) -> Participant:
    return Participant(p.id, p.name, p.joined_at)


def reflection_from(r: Any) -> Reflection:
    return Reflection(r.row_id, r.prompt, r.answer, r.updated_by, r.updated_at)


def change_from(c: Any) -> Change:
    return Change(
        c.id, c.at, c.actor, c.row_id, c.dimension, c.field, json.loads(c.old), json.loads(c.new), c.undoes
    )


def change_values(old: Any, new: Any) -> dict[str, str]:
    """The ``old`` and ``new`` columns of a change: JSON text."""
    return dict(old=json.dumps(old), new=json.dumps(new))


def round_from(r: Any) -> VotingRound:
    return VotingRound(
        number=r.number,
        cells=cells_from_db(r.cells),
        by_groups=bool(r.by_groups),
        allow_anonymous=bool(r.allow_anonymous),
        auto_reveal=bool(r.auto_reveal),
        guided=bool(r.guided),
        opened_at=r.opened_at,
        closed_at=r.closed_at,
        revealed_at=r.revealed_at,
    )


def cells_to_db(cells: Any) -> str:
    """A round's (row, dimension) cells as their column holds them, each once, in order."""
    return json.dumps([list(c) for c in dict.fromkeys(tuple(c) for c in cells)])


def cells_from_db(value: str) -> tuple[tuple[str, str], ...]:
    return tuple((c[0], c[1]) for c in json.loads(value))


def action_from(row: Any) -> ActionItem:
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
        carried_from=row.carried_from,
        review=row.review,
        review_note=row.review_note,
        reviewed_on=date.fromisoformat(row.reviewed_on) if row.reviewed_on else None,
        adopted=adoption_from(row),
    )


def adoption_from(row: Any) -> Adoption | None:
    """Where a district's item was adopted from (its session taken as still here: see ``storage.actions``)."""
    if row.adopted_from is None:
        return None
    school, team = row.adopted_school or "", row.adopted_team or ""
    return Adoption(row.adopted_from, row.adopted_session or "", school, team)


def action_to_db(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Action item fields (as ``clean_action`` gives them) as their columns hold them."""
    stored = dict(fields)
    if "row_ids" in stored:
        stored["row_ids"] = json.dumps(list(stored["row_ids"]))
    if "due" in stored:
        stored["due"] = stored["due"].isoformat() if stored["due"] else None
    if "status" in stored:
        stored["status"] = ActionStatus(stored["status"]).value
    return stored


def without_session(row: Any) -> dict[str, Any]:
    """A row's columns but its ``session_id``: a record as the session file carries it."""
    return {k: v for k, v in row._mapping.items() if k != "session_id"}
