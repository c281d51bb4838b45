"""A facilitation session and what the team records in it (pure data, no storage)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from .errors import InputError
from .rubric import Rubric
from .scoring import Key, Rating

MAX_TEXT = 20_000
"""The most characters an evidence or next-steps box keeps."""
MAX_NAME = 200

TextField = Literal["evidence", "next_steps"]
FIELD_NAMES = {
    "level": "Level",
    "evidence": "Evidence",
    "next_steps": "Next steps",
    "ticked": "Criteria",
    "not_applicable": "Not applicable",
}


def check_text(field_name: str, text: str, limit: int = MAX_TEXT) -> str:
    """Return the text unchanged when it fits, else raise ``InputError`` naming the limit."""
    if not isinstance(text, str):
        raise InputError(f"{FIELD_NAMES.get(field_name, field_name)} must be text.")
    if "\x00" in text:
        raise InputError(
            f"{FIELD_NAMES.get(field_name, field_name)} contains an invisible NUL character, "
            "often left by copying from a PDF. Retype or paste the text as plain text."
        )
    if len(text) > limit:
        raise InputError(
            f"{FIELD_NAMES.get(field_name, field_name)} is too long: {len(text):,} characters "
            f"(the limit is {limit:,}). Shorten it, or link to a longer document instead."
        )
    return text


def check_name(what: str, text: str, required: bool = True) -> str:
    name = re.sub(r"\s+", " ", text or "").strip()
    if required and not name:
        raise InputError(f"{what} is empty: type a {what.lower()}.")
    return check_text(what, name, MAX_NAME)


def check_names(names: dict[str, str], optional: tuple[str, ...] = ()) -> dict[str, str]:
    """Each name checked as ``check_name`` does; one ``InputError`` saying every problem, not the first."""
    checked, problems = {}, []
    for what, text in names.items():
        try:
            checked[what] = check_name(what, text, required=what not in optional)
        except InputError as problem:
            problems.append(str(problem))
    if problems:
        raise InputError(" ".join(problems))
    return checked


@dataclass(frozen=True)
class Entry:
    """The team's record for one row on one dimension: the rating, evidence and next steps."""

    rating: Rating
    evidence: str = ""
    next_steps: str = ""
    updated_by: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class Vote:
    """One participant's individual vote on one row and dimension (``level`` None: abstain)."""

    participant_id: str
    row_id: str
    dimension: str
    level: str | None
    updated_at: str
    revealed: bool = True
    """Whether its round was revealed: only the facilitator ever reads a vote that was not."""


@dataclass(frozen=True)
class Comment:
    """One participant's comment on one row and dimension, as of the round it was last written in."""

    participant_id: str
    row_id: str
    dimension: str
    text: str
    round_number: int
    updated_at: str
    author: str = ""
    """The writer's name, or "" where the round was anonymous (or they joined without a name)."""
    revealed: bool = True
    """Whether the round it was written in has been revealed (until then only the facilitator's
    downloads and session file hold it)."""

    @property
    def key(self) -> Key:
        return (self.row_id, self.dimension)

    @property
    def signed(self) -> str:
        """The comment as the room reads it: its text, and its writer's name when the round names them."""
        return f"{self.text} ({self.author})" if self.author else self.text


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    joined_at: str


@dataclass(frozen=True)
class Change:
    """One recorded change of a field, with who made it and when."""

    id: int
    at: str
    actor: str
    row_id: str
    dimension: str
    field: str
    old: object
    new: object
    undoes: int | None = None


@dataclass(frozen=True)
class Reflection:
    """The team's answer to one reflection prompt, for a row or (row_id "") the whole session."""

    row_id: str
    prompt: str
    answer: str
    updated_by: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class Timer:
    """A running activity timer: which activity, how long, since when."""

    activity: str
    minutes: int
    started_at: str

    def remaining(self, now: datetime) -> timedelta:
        """Time left (negative once the activity has run over)."""
        ends = datetime.fromisoformat(self.started_at) + timedelta(minutes=self.minutes)
        return ends - now

    def ends_at(self) -> datetime:
        return datetime.fromisoformat(self.started_at) + timedelta(minutes=self.minutes)


def clock(delta: timedelta) -> str:
    """'12:05' for time left, '-1:30' once over time."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{secs:02d}"


@dataclass(frozen=True)
class SessionInfo:
    """What identifies a session and what it rates."""

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

    @property
    def place(self) -> str:
        return f"{self.district} · {self.school}" if self.school else self.district

    @property
    def building_team(self) -> bool:
        """A building (school) team's session names its school; a district team's leaves it empty (the Start
        page's form says so, and only such sessions can be a district session's building teams)."""
        return bool(self.school)


@dataclass(frozen=True)
class Session:
    """A session with everything recorded in it."""

    info: SessionInfo
    rubric: Rubric
    entries: dict[Key, Entry] = field(default_factory=dict)
    votes: list[Vote] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    reflections: dict[tuple[str, str], Reflection] = field(default_factory=dict)
    timer: Timer | None = None
    comments: list[Comment] = field(default_factory=list)
    """Participants' comments on rows: every one for the facilitator, a viewer only those revealed."""

    def ratings(self) -> dict[Key, Rating]:
        return {key: entry.rating for key, entry in self.entries.items()}

    def entry(self, row_id: str, dimension: str) -> Entry:
        key = (row_id, dimension)
        return self.entries.get(key, Entry(Rating(row_id, dimension)))

    def answer(self, row_id: str, prompt: str) -> str:
        found = self.reflections.get((row_id, prompt))
        return found.answer if found else ""

    def votes_on(self, row_id: str, dimension: str) -> list[Vote]:
        return [v for v in self.votes if v.row_id == row_id and v.dimension == dimension]

    def comments_on(self, row_id: str, dimension: str) -> list[Comment]:
        return [c for c in self.comments if c.row_id == row_id and c.dimension == dimension]


@dataclass(frozen=True)
class SeriesOfKey:
    """A series a facilitator key holds: a team's sessions on one continuum, which a new one may follow."""

    id: str
    latest: SessionInfo
    sessions: int


def check_cell(rubric: Rubric, row_id: str, dimension: str) -> None:
    """``InputError`` unless the rubric has this row and dimension."""
    try:
        rubric.row(row_id)
    except KeyError:
        raise InputError(f'No such row in "{rubric.title}": {row_id}') from None
    if dimension not in rubric.dimension_ids():
        raise InputError(f'No such dimension in "{rubric.title}": {dimension}')


def check_level(rubric: Rubric, level: str | None) -> None:
    """``InputError`` unless the level is one of the rubric's (``None``, no level, always fits)."""
    if level is not None and level not in rubric.scale_ids():
        raise InputError(f"No such level: {level} (levels: {', '.join(rubric.scale_ids())})")


def clean_fields(rubric: Rubric, row_id: str, dimension: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Check each field against the rubric and the limits; raise ``InputError`` naming the problem."""
    check_cell(rubric, row_id, dimension)
    clean = dict(fields)
    if "level" in clean:
        check_level(rubric, clean["level"])
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


KEPT_AFTER_DELETION = timedelta(days=30)
"""How long a deleted session can be restored before it is purged for good."""


def kept_until(deleted_on: date) -> date:
    """The day a session deleted on ``deleted_on`` is purged for good."""
    return deleted_on + KEPT_AFTER_DELETION


@dataclass(frozen=True)
class DeletedSession:
    """A session taken out of every list, restorable until ``gone_on``."""

    info: SessionInfo
    deleted_at: str

    @property
    def gone_on(self) -> date:
        """The day it is purged for good (in UTC)."""
        return kept_until(datetime.fromisoformat(self.deleted_at).date())
