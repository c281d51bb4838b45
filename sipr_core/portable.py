"""A session as a versioned JSON file: written whole, read back identical, or refused whole.

Version 2 adds live voting: the rounds, the small groups, their members and ratings, each
vote's first level and round, and who was taken off the vote. Version 3 adds a district team's
linked building sessions, named by their join codes (ids differ from one app to another).
Older files still read: a version 1 file as a session without rounds, a version 1 or 2 file
as a session without linked building sessions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .actions import ActionItem
from .checks import format_path
from .portable_checks import inconsistency
from .rubric import Rubric
from .session import Change, Session

FORMAT = "sipr-session"
VERSION = 3
READS = (1, 2, 3)
"""The versions this app imports; an older file is brought up to the current one as it is read."""


class ExportError(ValueError):
    """A file that cannot be imported; nothing was imported."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


M = TypeVar("M", bound=BaseModel)


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


class VoteFieldsV1(_Strict):
    participant_id: str
    row_id: str
    dimension: str
    level: str | None
    updated_at: str


class VoteFields(VoteFieldsV1):
    first_level: str | None
    round_number: int | None


class ParticipantFieldsV1(_Strict):
    id: str
    name: str
    joined_at: str


class ParticipantFields(ParticipantFieldsV1):
    left_at: str | None


class RoundFields(_Strict):
    number: int
    cells: list[tuple[str, str]]
    by_groups: bool
    allow_anonymous: bool
    auto_reveal: bool
    opened_by: str
    opened_at: str
    closed_at: str | None
    revealed_at: str | None


class GroupFields(_Strict):
    id: str
    name: str
    position: int
    retired_at: str | None


class MemberFields(_Strict):
    participant_id: str
    group_id: str


class GroupRatingFields(_Strict):
    round_number: int
    group_id: str
    row_id: str
    dimension: str
    level: str | None
    updated_by: str
    updated_at: str


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


class SessionExportV1(_Strict):
    format: Literal["sipr-session"]
    version: Literal[1]
    session: SessionFields
    rubric: Rubric
    entries: list[EntryFields]
    votes: list[VoteFieldsV1]
    participants: list[ParticipantFieldsV1]
    history: list[ChangeFields]
    reflections: list[ReflectionFields] = []
    action_items: list[ActionFields] = []


class LinkFields(_Strict):
    """A building team's session linked to this district team's session, by its join code."""

    code: str
    added_by: str
    added_at: str


class _SessionRecords(_Strict):
    """What versions 2 and 3 share: everything but the version and the linked building sessions."""

    format: Literal["sipr-session"]
    session: SessionFields
    rubric: Rubric
    entries: list[EntryFields]
    votes: list[VoteFields]
    participants: list[ParticipantFields]
    history: list[ChangeFields]
    reflections: list[ReflectionFields] = []
    action_items: list[ActionFields] = []
    voting_rounds: list[RoundFields]
    vote_groups: list[GroupFields]
    group_members: list[MemberFields]
    group_ratings: list[GroupRatingFields]


class SessionExportV2(_SessionRecords):
    version: Literal[2]


class SessionExport(_SessionRecords):
    version: Literal[3]
    linked_sessions: list[LinkFields]


VoteKey = tuple[str, str, str]
"""A vote: participant id, row id, dimension."""


@dataclass(frozen=True)
class VotingRecords:
    """What live voting keeps beside the session's votes, as the store holds it."""

    rounds: Sequence[RoundFields] = ()
    groups: Sequence[GroupFields] = ()
    members: Sequence[MemberFields] = ()
    group_ratings: Sequence[GroupRatingFields] = ()
    trails: Mapping[VoteKey, tuple[str | None, int | None]] = field(default_factory=dict)
    """Each vote's first level and the round of its last change."""
    left: Mapping[str, str] = field(default_factory=dict)
    """When each participant taken off the vote was taken off it."""


def dump_session(
    session: Session,
    key_hash: str,
    history: list[Change],
    actions: Sequence[ActionItem] = (),
    voting: VotingRecords | None = None,
    links: Sequence[LinkFields] = (),
) -> str:
    """The whole session as JSON; history ids are renumbered from 1 so the file is self-contained.

    ``links`` are the building sessions linked to a district team's session, by join code.
    """
    numbers = {change.id: n for n, change in enumerate(history, start=1)}
    info = session.info
    voting = voting or VotingRecords()
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
                "first_level": voting.trails.get((v.participant_id, v.row_id, v.dimension), (None, None))[0],
                "round_number": voting.trails.get((v.participant_id, v.row_id, v.dimension), (None, None))[1],
            }
            for v in sorted(session.votes, key=lambda v: (v.row_id, v.dimension, v.participant_id))
        ],
        "participants": [
            {"id": p.id, "name": p.name, "joined_at": p.joined_at, "left_at": voting.left.get(p.id)}
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
        "voting_rounds": [r.model_dump(mode="json") for r in sorted(voting.rounds, key=lambda r: r.number)],
        "vote_groups": [
            g.model_dump(mode="json") for g in sorted(voting.groups, key=lambda g: (g.position, g.id))
        ],
        "group_members": [
            m.model_dump(mode="json") for m in sorted(voting.members, key=lambda m: m.participant_id)
        ],
        "group_ratings": [
            r.model_dump(mode="json")
            for r in sorted(
                voting.group_ratings, key=lambda r: (r.round_number, r.group_id, r.row_id, r.dimension)
            )
        ],
        "linked_sessions": [link.model_dump(mode="json") for link in sorted(links, key=lambda k: k.code)],
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
        problem = error.msg.removesuffix(" at")  # "Unterminated string starting at" + " at line 3"
        raise ExportError(
            f"This file is damaged or is not a session export: {problem} at line {error.lineno}, "
            f"column {error.colno}. Nothing was imported."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(
            f'This file is not a session export from this app (it lacks "format": "{FORMAT}"). '
            "Nothing was imported."
        )
    version = data.get("version")
    if type(version) is not int or version not in READS:
        if type(version) is int and version > VERSION:
            raise ExportError(
                f"This session file is version {version}, newer than this app reads (version {VERSION}). "
                "Update the app, then import the file again. Nothing was imported."
            )
        raise ExportError(f"This session file has an unknown version ({version!r}). Nothing was imported.")
    if version == 1:
        _validate(SessionExportV1, data)
        data = _from_version_1(data)
    if version in (1, 2):
        _validate(SessionExportV2, data)
        data = _from_version_2(data)
    export = _validate(SessionExport, data)
    if export.rubric.fingerprint() != export.session.fingerprint:
        raise ExportError(
            "This session file is damaged: its continuum text does not match its fingerprint. "
            "Nothing was imported."
        )
    wrong = inconsistency(export)
    if wrong:
        raise ExportError(f"This session file is damaged: {wrong}. Nothing was imported.")
    return export


def _validate(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = format_path(tuple(first["loc"]))
        raise ExportError(
            f"This session file is damaged: {where}: {first['msg']}. Nothing was imported."
        ) from None


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """A checked version 1 file as version 2: no rounds or groups, no first levels, nobody left."""
    return {
        **data,
        "version": 2,
        "votes": [{**v, "first_level": None, "round_number": None} for v in data["votes"]],
        "participants": [{**p, "left_at": None} for p in data["participants"]],
        "voting_rounds": [],
        "vote_groups": [],
        "group_members": [],
        "group_ratings": [],
    }


def _from_version_2(data: dict[str, Any]) -> dict[str, Any]:
    """A checked version 2 file as version 3: no linked building sessions."""
    return {**data, "version": 3, "linked_sessions": []}
