"""The action plan: what the team will do, about which rows, who, by when, and how far it has got.

Pure data and checks, no storage: ``storage.actions`` keeps the items, the Action plan page edits them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .adoption import Adoption
from .errors import InputError
from .rubric import Rubric
from .session import Session, check_name, check_text

FIELDS = ("what", "row_ids", "owner", "due", "status")
"""The fields of an action item the team edits, in the order the table shows them."""


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}

CLOSED = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})
"""The statuses of an action that is over: it does not carry into a follow-up, and is never overdue."""


@dataclass(frozen=True)
class ActionItem:
    """One thing the team will do: what, about which rows, who owns it, by when, and its status."""

    id: str
    what: str
    row_ids: tuple[str, ...] = ()
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    source: str | None = None
    """``row_id/dimension`` of the next steps this item was made from, if it was."""
    position: int = 0
    created_at: str = ""
    updated_by: str | None = None
    updated_at: str | None = None
    carried_from: str | None = None
    """The id of the item of the series' previous session this one continues (None: added here)."""
    review: str | None = None
    """How the team found a carried item at this session (a ``ReviewOutcome`` value; None: not yet)."""
    review_note: str = ""
    reviewed_on: date | None = None
    adopted: Adoption | None = None
    """The building team's item a district team's item was adopted from (None: the district's own)."""

    @property
    def is_open(self) -> bool:
        """Neither done nor dropped: it carries into the next session of the series."""
        return self.status not in CLOSED

    def fields(self) -> dict[str, Any]:
        """The editable fields, as the history records them (JSON-ready)."""
        return {
            "what": self.what,
            "row_ids": list(self.row_ids),
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
        }


@dataclass(frozen=True)
class ActionEdits:
    """One edit of the action plan: items added, fields changed (by item id) and items deleted.

    ``seen``: by item id, the fields of changed and deleted items as the editor last showed them (as
    ``ActionItem.fields`` gives them). An item changed elsewhere since is not overwritten or deleted unseen.
    """

    added: list[dict[str, Any]] = field(default_factory=list)
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    seen: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted)


def source_key(row_id: str, dimension: str) -> str:
    return f"{row_id}/{dimension}"


def row_label(rubric: Rubric, row_id: str) -> str:
    """How a linked row is named in tables: its short label (its title when labels repeat)."""
    shorts = [row.short for _, row in rubric.rows()]
    row = rubric.row(row_id)
    return row.short if shorts.count(row.short) == 1 else row.title


def clean_action(rubric: Rubric, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check the given fields of an action item; raise ``InputError`` naming the problem."""
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InputError(f"An action item has no field {unknown[0]} (fields: {', '.join(FIELDS)}).")
    clean: dict[str, Any] = {}
    if "what" in fields:
        clean["what"] = check_text("What", _text(fields["what"])).strip()
    if "owner" in fields:
        clean["owner"] = check_name("Owner", _text(fields["owner"]), required=False)
    if "row_ids" in fields:
        clean["row_ids"] = _rows(rubric, fields["row_ids"])
    if "due" in fields:
        clean["due"] = parse_due(fields["due"])
    if "status" in fields:
        clean["status"] = parse_status(fields["status"])
    return clean


def _text(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("An action item's text must be text.")
    return value


def _rows(rubric: Rubric, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InputError("Linked rows must be a list of row ids.")
    order = [row.id for _, row in rubric.rows()]
    wanted = {str(v) for v in value}
    unknown = sorted(wanted - set(order))
    if unknown:
        raise InputError(f'No such {rubric.terms.row.lower()} in "{rubric.title}": {unknown[0]}')
    return tuple(row_id for row_id in order if row_id in wanted)


def parse_due(value: object) -> date | None:
    """A due date from a date, an ISO text ("2026-12-01", time ignored) or nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
    raise InputError(f"Due date {str(value)[:40]!r} is not a date: use a date such as 2026-12-01.")


def parse_status(value: object) -> ActionStatus:
    """A status from its id ("in_progress") or its label ("In progress")."""
    text = str(value or ActionStatus.NOT_STARTED.value).strip()
    for status in ActionStatus:
        if text in (status.value, status.label):
            return status
    labels = ", ".join(s.label for s in ActionStatus)
    raise InputError(f"No such status: {text[:40]} (statuses: {labels}).")


def editor_edits(items: Sequence[ActionItem], state: Mapping[str, Any]) -> ActionEdits:
    """The edit a table editor reports (rows by position) as an edit of the items (by id).

    ``state`` is ``st.data_editor``'s: ``edited_rows`` {position: {column: value}},
    ``added_rows`` [{column: value}] and ``deleted_rows`` [position]; positions index ``items``.
    An added line without "what" is left out until it has one.
    """
    changed: dict[str, dict[str, Any]] = {}
    for position, values in (state.get("edited_rows") or {}).items():
        index = int(position)
        if 0 <= index < len(items) and values:
            changed[items[index].id] = {k: v for k, v in values.items() if k in FIELDS}
    # The table's "+ Add row" reports an empty line at once: it becomes an item once it says what we will do.
    added = [
        {k: v for k, v in row.items() if k in FIELDS}
        for row in state.get("added_rows") or []
        if str(row.get("what") or "").strip()
    ]
    deleted = [items[int(i)].id for i in state.get("deleted_rows") or [] if 0 <= int(i) < len(items)]
    changed = {k: v for k, v in changed.items() if v}
    shown = {item.id: item.fields() for item in items if item.id in changed or item.id in deleted}
    return ActionEdits(added=added, changed=changed, deleted=deleted, seen=shown)


def editor_lines(items: Sequence[ActionItem]) -> list[dict[str, Any]]:
    """One line per item for a table editor, with the columns ``FIELDS`` (status as its id)."""
    return [
        {
            "what": item.what,
            "row_ids": list(item.row_ids),
            "owner": item.owner,
            "due": item.due,
            "status": item.status.value,
        }
        for item in items
    ]


def history_value(name: str, value: Any) -> Any:
    """A checked field's value (as ``clean_action`` gives it) as the history keeps it (JSON-ready)."""
    if name == "row_ids":
        return list(value)
    if name == "due":
        return value.isoformat() if value else None
    if name == "status":
        return ActionStatus(value).value
    return value


@dataclass(frozen=True)
class NextStepText:
    """Next steps typed on the Rate page for one row and dimension, ready to become an action item."""

    row_id: str
    dimension: str
    row: str
    dimension_name: str
    text: str

    @property
    def source(self) -> str:
        return source_key(self.row_id, self.dimension)


def open_next_steps(session: Session, items: Sequence[ActionItem]) -> list[NextStepText]:
    """Next steps of the session, in the rubric's order, that are not yet in the action plan.

    A next step counts as taken up when an item was made from it and still holds its text.
    """
    rubric = session.rubric
    taken = {(item.source, item.what) for item in items}
    found: list[NextStepText] = []
    for _, row in rubric.rows():
        for dimension in rubric.dimension_ids():
            text = session.entry(row.id, dimension).next_steps.strip()
            if not text or (source_key(row.id, dimension), text) in taken:
                continue
            name = rubric.dimension(dimension).short if rubric.dimensions else ""
            found.append(NextStepText(row.id, dimension, row_label(rubric, row.id), name, text))
    return found


def describe(rubric: Rubric, item: ActionItem) -> dict[str, str]:
    """An item in words, for summaries: what, rows, owner, due date and status."""
    return {
        "what": item.what,
        "rows": "; ".join(row_label(rubric, r) for r in item.row_ids if known_row(rubric, r)),
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else "",
        "status": item.status.label,
    }


def known_row(rubric: Rubric, row_id: str) -> bool:
    """Whether the rubric has this row (an item may name a row of an older text)."""
    try:
        rubric.row(row_id)
    except KeyError:
        return False
    return True
