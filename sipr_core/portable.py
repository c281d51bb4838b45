"""A session as a versioned JSON file: written whole, read back identical, or refused whole."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .actions import ActionItem
from .checks import format_path
from .rubric import Rubric
from .session import Change, Session

FORMAT = "sipr-session"
VERSION = 1


class ExportError(ValueError):
    """A file that cannot be imported; nothing was imported."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TimerFields(_Strict):
    activity: str
    minutes: int
    started_at: str


class ReflectionFields(_Strict):
    row_id: str
    prompt: str
    answer: str
    updated_by: str | None
    updated_at: str | None


class ActionFields(_Strict):
    id: str
    position: int
    what: str
    row_ids: list[str]
    owner: str
    due: date | None
    status: Literal["not_started", "in_progress", "done"]
    source: str | None
    created_at: str
    updated_by: str | None
    updated_at: str | None


class SessionFields(_Strict):
    id: str
    code: str
    district: str
    school: str
    team: str
    held_on: date
    rubric_id: str
    fingerprint: str
    facilitator: str
    series: str
    created_at: str
    key_hash: str
    timer: TimerFields | None = None


class EntryFields(_Strict):
    row_id: str
    dimension: str
    level: str | None
    not_applicable: bool
    ticked: list[int]
    evidence: str
    next_steps: str
    updated_by: str | None
    updated_at: str | None


class VoteFields(_Strict):
    participant_id: str
    row_id: str
    dimension: str
    level: str | None
    updated_at: str


class ParticipantFields(_Strict):
    id: str
    name: str
    joined_at: str


class ChangeFields(_Strict):
    id: int
    at: str
    actor: str
    row_id: str
    dimension: str
    field: str
    old: Any
    new: Any
    undoes: int | None


class SessionExport(_Strict):
    format: Literal["sipr-session"]
    version: Literal[1]
    session: SessionFields
    rubric: Rubric
    entries: list[EntryFields]
    votes: list[VoteFields]
    participants: list[ParticipantFields]
    history: list[ChangeFields]
    reflections: list[ReflectionFields] = []
    action_items: list[ActionFields] = []


def dump_session(
    session: Session, key_hash: str, history: list[Change], actions: Sequence[ActionItem] = ()
) -> str:
    """The whole session as JSON; history ids are renumbered from 1 so the file is self-contained."""
    numbers = {change.id: n for n, change in enumerate(history, start=1)}
    info = session.info
    document = {
        "format": FORMAT,
        "version": VERSION,
        "session": {
            "id": info.id,
            "code": info.code,
            "district": info.district,
            "school": info.school,
            "team": info.team,
            "held_on": info.held_on.isoformat(),
            "rubric_id": info.rubric_id,
            "fingerprint": info.fingerprint,
            "facilitator": info.facilitator,
            "series": info.series,
            "created_at": info.created_at,
            "key_hash": key_hash,
            "timer": None
            if session.timer is None
            else {
                "activity": session.timer.activity,
                "minutes": session.timer.minutes,
                "started_at": session.timer.started_at,
            },
        },
        "rubric": session.rubric.model_dump(mode="json"),
        "entries": [
            {
                "row_id": e.rating.row_id,
                "dimension": e.rating.dimension,
                "level": e.rating.level,
                "not_applicable": e.rating.not_applicable,
                "ticked": sorted(e.rating.ticked),
                "evidence": e.evidence,
                "next_steps": e.next_steps,
                "updated_by": e.updated_by,
                "updated_at": e.updated_at,
            }
            for _, e in sorted(session.entries.items())
        ],
        "votes": [
            {
                "participant_id": v.participant_id,
                "row_id": v.row_id,
                "dimension": v.dimension,
                "level": v.level,
                "updated_at": v.updated_at,
            }
            for v in sorted(session.votes, key=lambda v: (v.row_id, v.dimension, v.participant_id))
        ],
        "participants": [
            {"id": p.id, "name": p.name, "joined_at": p.joined_at}
            for p in sorted(session.participants, key=lambda p: (p.joined_at, p.id))
        ],
        "reflections": [
            {
                "row_id": r.row_id,
                "prompt": r.prompt,
                "answer": r.answer,
                "updated_by": r.updated_by,
                "updated_at": r.updated_at,
            }
            for _, r in sorted(session.reflections.items())
        ],
        "action_items": [
            {
                "id": a.id,
                "position": a.position,
                "what": a.what,
                "row_ids": list(a.row_ids),
                "owner": a.owner,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status.value,
                "source": a.source,
                "created_at": a.created_at,
                "updated_by": a.updated_by,
                "updated_at": a.updated_at,
            }
            for a in actions
        ],
        "history": [
            {
                "id": numbers[c.id],
                "at": c.at,
                "actor": c.actor,
                "row_id": c.row_id,
                "dimension": c.dimension,
                "field": c.field,
                "old": c.old,
                "new": c.new,
                "undoes": numbers.get(c.undoes) if c.undoes is not None else None,
            }
            for c in history
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def read_export(text: str | bytes) -> SessionExport:
    """Parse and check a session file; ``ExportError`` says what is wrong with it."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ExportError("This file is not text (UTF-8 JSON). Nothing was imported.") from None
    except json.JSONDecodeError as error:
        raise ExportError(
            f"This file is damaged or is not a session export: {error.msg} at line {error.lineno}, "
            f"column {error.colno}. Nothing was imported."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(
            f'This file is not a session export from this app (it lacks "format": "{FORMAT}"). '
            "Nothing was imported."
        )
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        if type(version) is int and version > VERSION:
            raise ExportError(
                f"This session file is version {version}, newer than this app reads (version {VERSION}). "
                "Update the app, then import the file again. Nothing was imported."
            )
        raise ExportError(f"This session file has an unknown version ({version!r}). Nothing was imported.")
    try:
        export = SessionExport.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = format_path(tuple(first["loc"]))
        raise ExportError(
            f"This session file is damaged: {where}: {first['msg']}. Nothing was imported."
        ) from None
    if export.rubric.fingerprint() != export.session.fingerprint:
        raise ExportError(
            "This session file is damaged: its continuum text does not match its fingerprint. "
            "Nothing was imported."
        )
    problem = _inconsistency(export)
    if problem:
        raise ExportError(f"This session file is damaged: {problem}. Nothing was imported.")
    return export


def _inconsistency(export: SessionExport) -> str | None:
    """The first record that repeats another or names something its continuum lacks."""
    rubric = export.rubric
    rows = {row.id for _, row in rubric.rows()}
    dimensions, levels = set(rubric.dimension_ids()), set(rubric.level_ids())
    people = [p.id for p in export.participants]
    if len(set(people)) != len(people):
        return "a participant appears twice"
    cells = [("entries", i, "", e.row_id, e.dimension, e.level) for i, e in enumerate(export.entries)]
    cells += [
        ("votes", i, v.participant_id, v.row_id, v.dimension, v.level) for i, v in enumerate(export.votes)
    ]
    items = [a.id for a in export.action_items]
    if len(set(items)) != len(items):
        return "an action item appears twice"
    for i, action in enumerate(export.action_items):
        strange = [r for r in action.row_ids if r not in rows]
        if strange:
            return f'action_items[{i}] names a row its continuum lacks: "{strange[0]}"'
    strangers = sorted({v.participant_id for v in export.votes} - set(people))
    if strangers:
        return f'votes name a participant who never joined: "{strangers[0]}"'
    seen: set[tuple[str, str, str, str]] = set()
    for what, i, voter, row_id, dimension, level in cells:
        if (what, voter, row_id, dimension) in seen:
            return f"{what}[{i}] repeats row {row_id} ({dimension})"
        seen.add((what, voter, row_id, dimension))
        if row_id not in rows:
            return f'{what}[{i}] names a row its continuum lacks: "{row_id}"'
        if dimension not in dimensions:
            return f'{what}[{i}] names a dimension its continuum lacks: "{dimension}"'
        if level is not None and level not in levels:
            return f'{what}[{i}] names a level its continuum lacks: "{level}"'
    return None
