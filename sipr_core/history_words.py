"""A session's history in words: what each recorded change was, as the team says it, and whether it can be
undone (and why not). Pure: the store keeps the changes, the History page shows these lines.

A change's ``field`` says what changed: an entry's ``level``, ``not_applicable``, ``ticked``, ``evidence`` or
``next_steps``; ``reflection:<prompt>``; ``action:<item>`` (added or deleted) and ``action:<item>:<field>``;
``template:<code>`` (a building team's session linked or unlinked); ``vote:<participant>``,
``vote:group:<group>`` and ``vote:left:<participant>``; ``session`` (deleted or restored).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .action_words import field_text, field_words, summary
from .actions import FIELDS as ACTION_FIELDS
from .actions import ActionItem
from .rounds import cell_label
from .rubric import Rubric
from .session import Change, Session

ENTRY_FIELDS = {"level": "Level of", "not_applicable": "Not applicable for", "ticked": "Criteria ticked on"}
TEXT_FIELDS = {"evidence": "Evidence of", "next_steps": "Next steps of"}
SHORT = 120
"""The most characters of a text a history line shows."""


class ChangeKind(StrEnum):
    RATING = "rating"
    TEXT = "text"
    ACTION = "action"
    VOTE = "vote"
    SESSION = "session"

    @property
    def label(self) -> str:
        labels = {"rating": "Ratings", "text": "Texts", "action": "Actions", "vote": "Votes"}
        return labels.get(self.value, "Session")


FILTER_KINDS = (ChangeKind.RATING, ChangeKind.TEXT, ChangeKind.ACTION, ChangeKind.VOTE)
"""The kinds a reader chooses among; a session's deletion and restoring are always shown."""
SHOWN_KINDS = (ChangeKind.RATING, ChangeKind.TEXT, ChangeKind.ACTION)
"""The kinds a history shows unless asked for more: votes, many and not the team's record, are left out."""

NO_UNDO_VOTE = (
    "A vote belongs to the participant who cast it: only they can change it, on their own page, while "
    "voting on that row is open."
)
NO_UNDO_LEFT = (
    "Someone taken off the vote comes back when they press Rejoin the vote on their own page; their votes "
    "were kept all along."
)
NO_UNDO_REJOINED = "Coming back into the vote was the participant's own choice, on their own page."
NO_UNDO_SESSION = "Deleting and restoring a session is done on the Start page, under My sessions."
NO_UNDO_OTHER = "This kind of change cannot be undone here."


@dataclass(frozen=True)
class HistoryLine:
    """One recorded change in words: who, when, what, the value before and after, and undo."""

    change: Change
    kind: ChangeKind
    what: str
    """What changed, as the team says it: "Evidence of 2 Identity messaging"."""
    old: str
    new: str
    row_ids: tuple[str, ...] = ()
    """The rows it concerns (an action item's linked rows)."""
    why_no_undo: str = ""
    """Why this change cannot be undone; "" when it can."""
    undone_by: Change | None = None
    """The later change that undid this one (and was not itself undone)."""
    undoes: Change | None = None
    """The change this one undid."""

    @property
    def can_undo(self) -> bool:
        return not self.why_no_undo and self.undone_by is None

    def values(self) -> list[tuple[str, str]]:
        """("Before", text) and ("After", text) to show; an addition or a deletion shows only its side."""
        field = self.change.field
        whole = field.startswith("template:") or (field.startswith("action:") and field.count(":") == 1)
        if whole:
            return [(side, text) for side, text in (("Before", self.old), ("After", self.new)) if text]
        return [("Before", self.old), ("After", self.new)] if self.old or self.new else []


def kind_of(field: str) -> ChangeKind:
    if field in ENTRY_FIELDS:
        return ChangeKind.RATING
    if field in TEXT_FIELDS or field.startswith("reflection:"):
        return ChangeKind.TEXT
    if field.startswith(("action:", "template:")):
        return ChangeKind.ACTION
    if field.startswith("vote:"):
        return ChangeKind.VOTE
    return ChangeKind.SESSION


def why_no_undo(change: Change) -> str:
    """Why this change cannot be undone; "" when it can."""
    field = change.field
    if field.startswith("vote:left:"):
        return NO_UNDO_LEFT if change.old is None else NO_UNDO_REJOINED
    if field.startswith("vote:"):
        return NO_UNDO_VOTE
    if kind_of(field) is ChangeKind.SESSION:
        return NO_UNDO_SESSION if field == "session" else NO_UNDO_OTHER
    return ""


def short(text: str, limit: int = SHORT) -> str:
    """A text on one line, cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def value_words(rubric: Rubric, field: str, value: Any) -> str:
    """A recorded value of an entry field or a text as the team reads it ("" for nothing)."""
    if field == "level":
        return _level_name(rubric, value) if value else "Not rated"
    if field == "not_applicable":
        return "Yes" if value else "No"
    if field == "ticked":
        return ", ".join(str(int(i) + 1) for i in sorted(value)) if value else "none"
    return "" if value is None else str(value)


def subject(rubric: Rubric, change: Change, item: str = "") -> str:
    """What a change changed, as a sentence names it: "the evidence of 2 Identity messaging"."""
    field = change.field
    if field.startswith("template:"):
        return f"the link to building team's session {field.removeprefix('template:')}"
    if field.startswith("action:") and field.count(":") == 1:
        return _item(item)
    what = describe(rubric, change, item)
    return "the " + what[0].lower() + what[1:]


def describe(rubric: Rubric, change: Change, item: str = "", names: Mapping[str, str] | None = None) -> str:
    """What a change changed, as a heading: "Evidence of 2 Identity messaging", "Action item “Survey staff”".

    ``item``: the action item's text at the time; ``names``: participants' names by id.
    """
    field, where = change.field, _cell(rubric, change.row_id, change.dimension)
    if field in ENTRY_FIELDS or field in TEXT_FIELDS:
        return f"{ENTRY_FIELDS.get(field) or TEXT_FIELDS[field]} {where}"
    if field.startswith("reflection:"):
        on = where if change.row_id else "the whole continuum"
        return f"Answer to “{short(field.removeprefix('reflection:'), 60)}” on {on}"
    if field.startswith("action:"):
        parts = field.split(":")
        if len(parts) == 3:
            return f"{field_words(rubric, parts[2]).capitalize()} of {_item(item)}"
        named = _item(item)
        return f"{named[0].upper()}{named[1:]} " + ("added" if change.old is None else "deleted")
    if field.startswith("template:"):
        verb = "linked to" if change.old is None else "taken out of"
        return f"Building team's session {field.removeprefix('template:')} {verb} this one"
    if field.startswith("vote:left:"):
        name = (names or {}).get(field.removeprefix("vote:left:"), "A participant")
        return f"{name} taken off the vote" if change.old is None else f"{name} back in the vote"
    if field.startswith("vote:group:"):
        return f"Small group's rating of {where}"
    if field.startswith("vote:"):
        return f"Vote on {where}"
    if field == "session":
        return "Session deleted" if change.old is None else "Session restored"
    return f"Change of {field}"


def history_lines(
    session: Session, changes: Sequence[Change], items: Sequence[ActionItem] = ()
) -> list[HistoryLine]:
    """Every change in words, newest first, each with its undo or why not.

    ``items``: the current action plan, naming items whose addition is not in the history.
    """
    rubric = session.rubric
    names = {p.id: p.name for p in session.participants}
    now = {i.id: i.fields() for i in items}
    plan: dict[str, dict[str, Any]] = {}
    by_id = {c.id: c for c in changes}
    undone = _undone(changes)
    lines = []
    for change in changes:  # oldest first: an action item's text and rows as they were at each change
        item_id = change.field.split(":")[1] if change.field.startswith("action:") else ""
        before = dict(plan.get(item_id) or (change.old if isinstance(change.old, dict) else {}))
        if item_id:
            _apply(plan, item_id, change)
        after = plan.get(item_id) or {}
        if "what" not in before and "what" not in after:  # its addition is not in the history: as it is now
            before = {**now.get(item_id, {}), **before}
        name = str(before.get("what") or after.get("what") or "")
        old, new = _texts(rubric, change)
        linked = dict.fromkeys([*(before.get("row_ids") or ()), *(after.get("row_ids") or ())])
        rows = (change.row_id,) if change.row_id else tuple(linked)
        lines.append(
            HistoryLine(
                change=change,
                kind=kind_of(change.field),
                what=describe(rubric, change, name, names),
                old=old,
                new=new,
                row_ids=rows,
                why_no_undo=why_no_undo(change),
                undone_by=undone.get(change.id),
                undoes=by_id.get(change.undoes) if change.undoes is not None else None,
            )
        )
    return lines[::-1]


def filter_lines(
    lines: Sequence[HistoryLine], *, row_id: str = "", kinds: Collection[ChangeKind] = SHOWN_KINDS
) -> list[HistoryLine]:
    """The lines of the given kinds (and the session's own), about the given row ("" for every row)."""
    wanted = {*kinds, ChangeKind.SESSION}
    return [line for line in lines if line.kind in wanted and (not row_id or row_id in line.row_ids)]


def when(at: str, zone: str | None = None) -> str:
    """A change's time as people read it, in their time zone when known: "23 Nov 2026, 14:05"."""
    moment = datetime.fromisoformat(at)
    try:
        return f"{moment.astimezone(ZoneInfo(zone or '')):%d %b %Y, %H:%M}"
    except (ZoneInfoNotFoundError, ValueError):
        return f"{moment:%d %b %Y, %H:%M} UTC"


def _item(text: str) -> str:
    return f"action item “{short(text, 60)}”" if text else "an action item"


def _cell(rubric: Rubric, row_id: str, dimension: str) -> str:
    try:
        return cell_label(rubric, (row_id, dimension)) if dimension else rubric.row(row_id).short
    except KeyError:
        return row_id or "the whole continuum"


def _level_name(rubric: Rubric, level_id: str) -> str:
    try:
        return rubric.level(level_id).name
    except KeyError:
        return level_id


def _texts(rubric: Rubric, change: Change) -> tuple[str, str]:
    """The value before and after, as short text ("" for nothing)."""
    field, old, new = change.field, change.old, change.new
    if field.startswith("action:"):
        parts = field.split(":")
        if len(parts) == 3:
            return short(field_text(rubric, parts[2], old)), short(field_text(rubric, parts[2], new))
        before = short(summary(rubric, old)) if isinstance(old, dict) else ""
        return before, short(summary(rubric, new)) if isinstance(new, dict) else ""
    if field.startswith("vote:left:") or field == "session":
        return "", ""
    if field.startswith("vote:"):
        before = _level_name(rubric, str(old)) if old else ""
        return before, _level_name(rubric, str(new)) if new else "Passed"
    if field.startswith("template:"):
        return str(old or ""), str(new or "")
    return short(value_words(rubric, field, old)), short(value_words(rubric, field, new))


def _apply(plan: dict[str, dict[str, Any]], item_id: str, change: Change) -> None:
    """Follow an action item through its changes."""
    parts = change.field.split(":")
    if len(parts) == 3:
        plan.setdefault(item_id, {})[parts[2]] = change.new
    elif isinstance(change.new, dict):
        plan[item_id] = {k: v for k, v in change.new.items() if k in ACTION_FIELDS}
    else:
        plan.pop(item_id, None)


def _undone(changes: Sequence[Change]) -> dict[int, Change]:
    """Each undone change and the change that undid it, when that undo was not undone in turn."""
    undos: dict[int, Change] = {}
    for change in changes:
        if change.undoes is not None:
            undos[change.undoes] = change  # the latest undo of it
    found: dict[int, Change] = {}
    for change in reversed(changes):  # newest first: an undo's own undo is known before it
        undo = undos.get(change.id)
        if undo is not None and undo.id not in found:
            found[change.id] = undo
    return found
