"""An action item's fields in words, and a change of the table kept to choose after it was refused.

When another window changed an item since the Action plan table showed it, the table's change is not
saved: the store says what the item holds now (``field_now``), and the page keeps the change beside it
(``UnsavedChange``) to save it after all or let it go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .actions import ActionEdits, ActionItem, clean_action, history_value, known_row, parse_status, row_label
from .errors import InputError, quoted
from .rubric import Rubric


def field_words(rubric: Rubric, name: str) -> str:
    """An item's field as a sentence names it: "owner", "due date", "elements"."""
    words = {"what": "text", "row_ids": f"{rubric.terms.row.lower()}s", "due": "due date"}
    return words.get(name, name)


def field_text(rubric: Rubric, name: str, value: Any) -> str:
    """A field's value (as ``ActionItem.fields`` gives it) as text: row labels, a status's label."""
    if value is None:
        return ""
    if name == "row_ids":
        return "; ".join(row_label(rubric, r) if known_row(rubric, r) else str(r) for r in value)
    if name == "status":
        return parse_status(value).label
    return str(value)


def field_now(rubric: Rubric, name: str, value: Any) -> str:
    """What a field holds now, as a conflict's message says it: 'its owner now reads “Ben”'."""
    text = field_text(rubric, name, value)
    if not text:
        return f"its {field_words(rubric, name)} is now empty"
    verb = "read" if name == "row_ids" else "reads"
    return f"its {field_words(rubric, name)} now {verb} {quoted(text)}"


def summary(rubric: Rubric, fields: Mapping[str, Any]) -> str:
    """An item in one line of text: "Share the plan · Ben · due 2026-12-01 · In progress"."""
    parts = [str(fields.get("what") or "")]
    if fields.get("row_ids"):
        parts.append(field_text(rubric, "row_ids", fields["row_ids"]))
    if fields.get("owner"):
        parts.append(str(fields["owner"]))
    if fields.get("due"):
        parts.append(f"due {fields['due']}")
    if fields.get("status"):
        parts.append(field_text(rubric, "status", fields["status"]))
    return " · ".join(p for p in parts if p)



@dataclass(frozen=True)
class UnsavedChange:
    """A change of one item made in the table but not saved (changed elsewhere meanwhile), kept to choose."""

    item: ActionItem
    """The item as saved now."""
    mine: dict[str, Any]
    """The fields as the facilitator set them in the table."""

    def edits(self) -> ActionEdits:
        """Saving mine over what is saved now (and only over that: a later change elsewhere is refused)."""
        saved, item_id = self.item.fields(), self.item.id
        shown = {name: saved[name] for name in self.mine}
        return ActionEdits(changed={item_id: dict(self.mine)}, seen={item_id: shown})

    def lines(self, rubric: Rubric) -> list[tuple[str, str, str]]:
        """Each field as text: (field, mine, saved now)."""
        saved = self.item.fields()
        return [(n, field_text(rubric, n, v), field_text(rubric, n, saved[n])) for n, v in self.mine.items()]


def unsaved_changes(
    rubric: Rubric, items: Sequence[ActionItem], kept: Mapping[str, Mapping[str, Any]]
) -> list[UnsavedChange]:
    """The changes kept after a refused edit (fields by item id) that still differ from what is saved.

    A field now saved with the same value, or an item deleted since, has nothing left to choose.
    """
    found = []
    for item in items:
        saved = item.fields()
        mine = {}
        for name, value in kept.get(item.id, {}).items():
            try:
                clean = clean_action(rubric, {name: value})[name]
            except InputError:
                clean = value  # saving it will say what is wrong with it
            if name in saved and history_value(name, clean) != saved[name]:
                mine[name] = value
        if mine:
            found.append(UnsavedChange(item, mine))
    return found
