"""A facilitation session and what the team records in it (pure data, no storage)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

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


class InputError(ValueError):
    """Input a user typed that cannot be saved as it is; the message says how to fix it."""


class EditConflict(InputError):
    """A text changed elsewhere (another window) since the editor last saw it; nothing was saved."""

    FIELDS = {"evidence": "evidence", "next_steps": "next steps"}

    def __init__(self, field: str, stored: str):
        self.field, self.stored = field, stored
        shown = stored if len(stored) <= 200 else stored[:200] + "…"
        now = f"It now reads: “{shown}”." if stored else "It is now empty."
        super().__init__(
            f"Not saved: the {self.FIELDS.get(field, field)} of this row was changed in another window "
            f"since this one showed it. {now} Your text is still in the box: to keep it instead, change it "
            "and click out of the box again."
        )


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


def series_key(district: str, school: str, team: str, rubric_id: str) -> str:
    """Sessions of the same team on the same continuum form a series (case and spacing ignored)."""
    parts = [re.sub(r"\s+", " ", p).strip().casefold() for p in (district, school, team)]
    return json.dumps([*parts, rubric_id], ensure_ascii=False)
