"""Actions between meetings: which carry into a follow-up, how the team reviews them, which are overdue.

Pure rules, no storage: ``storage.carry_over`` copies open items into a follow-up and keeps the reviews.
Each session holds its own copy of a carried item (``carried_from`` names the one it continues), so a
session stays whole on its own (its viewers, history, file) while the series reads as one plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .actions import ActionItem, ActionStatus, known_row, row_label
from .errors import InputError
from .session import Session, SessionInfo, check_text
from .tables import level_text


class ReviewOutcome(StrEnum):
    """What the team found, at a follow-up, about an action carried from the session before."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    DROPPED = "dropped"
    CARRIED_OVER = "carried_over"

    @property
    def label(self) -> str:
        return REVIEW_LABELS[self]


REVIEW_LABELS = {
    ReviewOutcome.DONE: "Done",
    ReviewOutcome.IN_PROGRESS: "In progress",
    ReviewOutcome.DROPPED: "Dropped",
    ReviewOutcome.CARRIED_OVER: "Carried over",
}

_STATUS_AFTER = {
    ReviewOutcome.DONE: ActionStatus.DONE,
    ReviewOutcome.IN_PROGRESS: ActionStatus.IN_PROGRESS,
    ReviewOutcome.DROPPED: ActionStatus.DROPPED,
}


def carried(items: Iterable[ActionItem]) -> list[ActionItem]:
    """The items that carry into the next session of the series: those neither done nor dropped."""
    return [item for item in items if item.is_open]


def to_review(items: Iterable[ActionItem]) -> list[ActionItem]:
    """The carried items of a session the team has not reviewed yet, in the plan's order."""
    return [item for item in items if item.carried_from and item.review is None]


def is_overdue(item: ActionItem, today: date) -> bool:
    """Past its due date and neither done nor dropped."""
    return item.due is not None and item.due < today and item.is_open


def overdue(items: Iterable[ActionItem], today: date, carried_on: Iterable[str] = ()) -> list[ActionItem]:
    """The overdue items, earliest due first; an item carried on (by id) is the follow-up's to flag."""
    later = set(carried_on)
    found = [item for item in items if is_overdue(item, today) and item.id not in later]
    return sorted(found, key=lambda item: (item.due or today, item.position))


def status_after(outcome: ReviewOutcome, status: ActionStatus) -> ActionStatus:
    """An item's status once reviewed: carried over keeps the status it had."""
    return _STATUS_AFTER.get(outcome, status)


def check_review(outcome: object, note: str, on: date | None) -> tuple[ReviewOutcome, str, date]:
    """A review's outcome, note and date, checked; ``InputError`` naming the problem."""
    text = str(outcome or "").strip()
    found = next((o for o in ReviewOutcome if text in (o.value, o.label)), None)
    if found is None:
        labels = ", ".join(o.label for o in ReviewOutcome)
        raise InputError(f"Choose how the action stands: {labels}.")
    if on is None:
        raise InputError("Give the date of the review, such as 2026-12-01.")
    return found, check_text("Progress note", note or "").strip(), on


@dataclass(frozen=True)
class ActionStep:
    """One session's copy of an action: the session and the item as it stood there."""

    session: SessionInfo
    item: ActionItem


@dataclass(frozen=True)
class ActionThread:
    """One action through the series: its copies, oldest first; the latest says how it stands."""

    steps: tuple[ActionStep, ...]

    @property
    def latest(self) -> ActionItem:
        return self.steps[-1].item

    @property
    def row_ids(self) -> tuple[str, ...]:
        return self.latest.row_ids


def threads(plans: Sequence[tuple[SessionInfo, Sequence[ActionItem]]]) -> list[ActionThread]:
    """The series' actions, each followed through the sessions it was carried into.

    ``plans``: each session of the series (oldest first) with its action plan.
    """
    chains: dict[str, list[ActionStep]] = {}
    order: list[str] = []
    head: dict[str, str] = {}
    for info, items in plans:
        for item in items:
            first = head.get(item.carried_from or "", item.id)
            head[item.id] = first
            if first not in chains:
                chains[first] = []
                order.append(first)
            chains[first].append(ActionStep(info, item))
    return [ActionThread(tuple(chains[first])) for first in order]


ACTION_COLUMNS = {
    "row": "Row",
    "before": "Level when added",
    "after": "Level at its last review",
    "what": "Action",
    "status": "Status",
    "history": "Through the series",
}
"""The columns of the Progress page's table of actions beside the rows they were meant to move."""


def step_text(step: ActionStep) -> str:
    """One session's word on an action: "23 Nov 2026: added" or "01 Mar 2027: Done — Sent to all"."""
    item, when = step.item, f"{step.session.held_on:%d %b %Y}"
    if item.carried_from is None:
        return f"{when}: added"
    if item.review is None:
        return f"{when}: carried over, not reviewed yet"
    note = f" — {item.review_note}" if item.review_note else ""
    return f"{when}: {ReviewOutcome(item.review).label}{note}"


def actions_beside_rows(
    sessions: Sequence[Session], found: Sequence[ActionThread], dimension: str
) -> list[dict[str, str]]:
    """One line per action and row it names, in the rubric's order (actions naming no row last): the
    row's level where the action was added and where it was last reviewed, and the action's way there."""
    if not sessions:
        return []
    by_id = {s.info.id: s for s in sessions}
    rubric = sessions[-1].rubric

    def level(session_id: str, row_id: str) -> str:
        held = by_id.get(session_id)
        return level_text(rubric, held.entry(row_id, dimension).rating) if held else ""

    def line(thread: ActionThread, row: str, before: str, after: str) -> dict[str, str]:
        history = " · ".join(step_text(step) for step in thread.steps)
        what, status = thread.latest.what, thread.latest.status.label
        return dict(row=row, before=before, after=after, what=what, status=status, history=history)

    lines = []
    for _, row in rubric.rows():
        for thread in found:
            if row.id in thread.row_ids:
                first, last = thread.steps[0].session.id, thread.steps[-1].session.id
                lines.append(
                    line(thread, row_label(rubric, row.id), level(first, row.id), level(last, row.id))
                )
    lines += [line(t, "—", "", "") for t in found if not any(known_row(rubric, r) for r in t.row_ids)]
    return lines
