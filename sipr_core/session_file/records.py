"""The records of a session file, as typed models: what each version holds, field by field.

Version 2 adds live voting: the rounds, the small groups, their members and ratings, each
vote's first level and round, and who was taken off the vote. Version 3 adds a district team's
linked building sessions, named by their join codes (ids differ from one app to another).
Version 4 adds the targets and review dates of the session's series (a team that moves its
sessions to another server keeps the levels it aims for and the dates it meant to meet), the
participants' comments on rows and whether each round's ballot was guided (highest level first),
and drops the facilitator key's hash.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..rubric import Rubric

FORMAT = "sipr-session"
VERSION = 4
READS = (1, 2, 3, 4)
"""The versions this app imports; an older file is brought up to the current one as it is read."""


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
    status: Literal["not_started", "in_progress", "done", "dropped"]
    source: str | None
    created_at: str
    updated_by: str | None
    updated_at: str | None
    # Version 4: the item of the series' previous session this one continues, and its review here
    # (a file of version 3 or older has none of these).
    carried_from: str | None = None
    review: Literal["done", "in_progress", "dropped", "carried_over"] | None = None
    review_note: str = ""
    reviewed_on: date | None = None
    # Also version 4 (issue 19): a district team's item adopted from a building team's item, that item's
    # id and session id, and the school and team it came from (kept when that session is gone).
    adopted_from: str | None = None
    adopted_session: str | None = None
    adopted_school: str | None = None
    adopted_team: str | None = None


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
    """The series' id: the importer's key decides whether the session joins it (see storage.transfer)."""
    created_at: str
    timer: TimerFields | None = None


class SessionFieldsV3(SessionFields):
    """Versions 1 to 3 also carried the hash of the facilitator key, which version 4 leaves out: a file
    must give nobody a key hash to reuse; the session opens with the importer's key."""

    key_hash: str


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
    guided: bool = False
    """Version 4: the ballot offered the levels from the highest down (before, never)."""


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
    session: SessionFieldsV3
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
    session: SessionFieldsV3
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


class TargetFields(_Strict):
    """A target of the session's series: the level the team aims for on a row or a group."""

    scope: Literal["row", "group"]
    item_id: str
    dimension: str
    level: str
    set_by: str
    set_at: str


class ReviewFields(_Strict):
    """A date the team planned to review its series."""

    due_on: date
    note: str
    set_by: str
    set_at: str


class CommentFields(_Strict):
    """A participant's comment on a row, with the round it was last written in."""

    participant_id: str
    row_id: str
    dimension: str
    text: str
    round_number: int
    updated_at: str


class SessionExportV2(_SessionRecords):
    version: Literal[2]


class SessionExportV3(_SessionRecords):
    version: Literal[3]
    linked_sessions: list[LinkFields]


class SessionExport(_SessionRecords):
    version: Literal[4]
    session: SessionFields  # type: ignore[assignment]
    linked_sessions: list[LinkFields]
    targets: list[TargetFields]
    reviews: list[ReviewFields]
    comments: list[CommentFields]
