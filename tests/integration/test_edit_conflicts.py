"""Two facilitators, two windows: a text or an action item changed in one window is never overwritten unseen
from the other. Each "window" is its own Store on the same database (two app servers, or two browser tabs),
and each read what it shows before either saved."""

from __future__ import annotations

import datetime

import pytest

from sipr_core import ActionConflict, EditConflict, editor_edits
from sipr_core.actions import ActionEdits

PROMPT = "What barriers exist to shifting the culture?"


@pytest.fixture
def windows(collab_session, reopen):
    """Two windows on one session: (window A's store, window B's store, code, key)."""
    store, code, key = collab_session
    return store, reopen(), code, key


def test_a_reflection_answer_changed_in_another_window_is_not_overwritten_and_is_quoted(windows):
    a, b, code, key = windows
    a.entries.set_reflection(code, key, "vision", PROMPT, "Time", actor="Ana")
    seen = b.sessions.load(code).answer("vision", PROMPT)  # both windows show "Time"
    a.entries.set_reflection(code, key, "vision", PROMPT, "Time and trust", actor="Ana", expected=seen)
    with pytest.raises(EditConflict) as conflict:
        b.entries.set_reflection(code, key, "vision", PROMPT, "Scheduling", actor="Ben", expected=seen)
    assert str(conflict.value) == (
        "Not saved: the answer to “What barriers exist to shifting the culture?” was changed in another window "
        "since this one showed it. It now reads: “Time and trust”. Your text is still in the box: to keep it "
        "instead, change it and click out of the box again."
    )
    assert conflict.value.stored == "Time and trust"
    assert a.sessions.load(code).answer("vision", PROMPT) == "Time and trust"
    answers = [c.new for c in a.history.changes(code, key) if c.field == f"reflection:{PROMPT}"]
    assert answers == ["Time", "Time and trust"]
    # having seen the other window's answer, B keeps its own
    b.entries.set_reflection(code, key, "vision", PROMPT, "Scheduling", actor="Ben", expected="Time and trust")
    assert a.sessions.load(code).answer("vision", PROMPT) == "Scheduling"


def test_a_first_answer_typed_in_two_windows_is_not_overwritten_either(windows):
    a, b, code, key = windows
    a.entries.set_reflection(code, key, "", PROMPT, "Ana's answer", actor="Ana", expected="")
    with pytest.raises(EditConflict):
        b.entries.set_reflection(code, key, "", PROMPT, "Ben's answer", actor="Ben", expected="")
    assert b.sessions.load(code).answer("", PROMPT) == "Ana's answer"


def test_the_same_answer_typed_in_both_windows_is_no_conflict(windows):
    a, b, code, key = windows
    a.entries.set_reflection(code, key, "", PROMPT, "Same", actor="Ana", expected="")
    saved = b.entries.set_reflection(code, key, "", PROMPT, "Same", actor="Ben", expected="")
    assert saved.answer == "Same"


def test_evidence_saved_with_a_button_says_to_press_it_again(windows):
    a, b, code, key = windows
    a.entries.set(code, key, "vision", "rating", actor="Ana", evidence="Survey results")
    with pytest.raises(EditConflict) as conflict:
        b.entries.set(
            code, key, "vision", "rating", actor="Ben", level="evolving", evidence="Walkthrough notes",
            expected={"evidence": ""}, save_button="Record consensus",
        )
    assert str(conflict.value) == (
        "Not saved: the evidence of this row was changed in another window since this one showed it. "
        "It now reads: “Survey results”. Your text is still in the box: to keep it instead, press Record "
        "consensus again."
    )
    stored = a.sessions.load(code).entry("vision", "rating")
    assert (stored.rating.level, stored.evidence) == (None, "Survey results")  # the level was not saved either


# --- the action plan ------------------------------------------------------------------------


def table_edit(items, position: int, **values) -> dict:
    """What the Action plan table reports when one line's cells are changed."""
    return {"edited_rows": {position: values}, "added_rows": [], "deleted_rows": []}


@pytest.fixture
def plan(windows):
    """Both windows with the plan loaded: (a, b, code, key, items as A's table shows them, as B's shows them)."""
    a, b, code, key = windows
    a.actions.add(code, key, actor="Ana", what="Share the plan", owner="Ana", row_ids=["vision"])
    a.actions.add(code, key, actor="Ana", what="Survey staff", due="2026-12-01")
    return a, b, code, key, a.actions.items(code), b.actions.items(code)


def test_an_action_item_field_changed_in_another_window_is_not_overwritten_and_is_quoted(plan):
    a, b, code, key, seen_a, seen_b = plan
    a.actions.edit(code, key, editor_edits(seen_a, table_edit(seen_a, 0, owner="Ben Ortiz")), actor="Ana")
    before = a.history.changes(code, key)
    edits = editor_edits(seen_b, table_edit(seen_b, 0, owner="Cy", status="done"))
    with pytest.raises(ActionConflict) as conflict:
        b.actions.edit(code, key, edits, actor="Cy")
    assert str(conflict.value) == (
        "Not saved: action item “Share the plan” was changed in another window since this table showed it: "
        "its owner now reads “Ben Ortiz”. Your change is kept below the table: press Use mine to save it "
        "instead."
    )
    assert isinstance(conflict.value, EditConflict)
    item = a.actions.items(code)[0]
    assert (item.owner, item.status.value) == ("Ben Ortiz", "not_started")  # nothing of B's edit was saved
    assert a.history.changes(code, key) == before
    # having seen "Ben Ortiz", B keeps its own value
    mine = ActionEdits(changed={item.id: {"owner": "Cy"}}, seen={item.id: {"owner": "Ben Ortiz"}})
    b.actions.edit(code, key, mine, actor="Cy")
    assert a.actions.items(code)[0].owner == "Cy"


def test_every_changed_field_of_the_item_is_named(plan):
    a, b, code, key, seen_a, seen_b = plan
    a.actions.edit(
        code, key, editor_edits(seen_a, table_edit(seen_a, 1, due=None, what="Survey all staff")), actor="Ana"
    )
    edits = editor_edits(seen_b, table_edit(seen_b, 1, due="2027-01-10", what="Survey teachers"))
    with pytest.raises(ActionConflict) as conflict:
        b.actions.edit(code, key, edits, actor="Ben")
    assert str(conflict.value) == (
        "Not saved: action item “Survey staff” was changed in another window since this table showed it: "
        "its text now reads “Survey all staff”; its due date is now empty. Your change is kept below the "
        "table: press Use mine to save it instead."
    )


def test_a_field_left_alone_elsewhere_saves_even_when_another_field_of_the_item_changed(plan):
    a, b, code, key, seen_a, seen_b = plan
    a.actions.edit(code, key, editor_edits(seen_a, table_edit(seen_a, 0, owner="Ben Ortiz")), actor="Ana")
    b.actions.edit(code, key, editor_edits(seen_b, table_edit(seen_b, 0, due="2027-02-01")), actor="Cy")
    item = a.actions.items(code)[0]
    assert (item.owner, item.due) == ("Ben Ortiz", datetime.date(2027, 2, 1))


def test_deleting_an_item_changed_in_another_window_is_refused(plan):
    a, b, code, key, seen_a, seen_b = plan
    a.actions.edit(code, key, editor_edits(seen_a, table_edit(seen_a, 0, row_ids=["vision", "policies"])), actor="Ana")
    edits = editor_edits(seen_b, {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]})
    with pytest.raises(ActionConflict) as conflict:
        b.actions.edit(code, key, edits, actor="Ben")
    assert str(conflict.value) == (
        "Not deleted: action item “Share the plan” was changed in another window since this table showed it: "
        "its elements now read “Vision & mission; Policies & structures”. It is still in the plan: delete it again "
        "if it should go."
    )
    assert [i.what for i in a.actions.items(code)] == ["Share the plan", "Survey staff"]


def test_an_item_deleted_in_another_window_cannot_be_changed(plan):
    a, b, code, key, seen_a, seen_b = plan
    a.actions.edit(code, key, editor_edits(seen_a, {"deleted_rows": [0]}), actor="Ana")
    with pytest.raises(Exception) as error:
        b.actions.edit(code, key, editor_edits(seen_b, table_edit(seen_b, 0, owner="Cy")), actor="Ben")
    assert str(error.value) == (
        "An action item you changed was deleted in the meantime. The table now shows the current plan."
    )


def test_the_same_value_typed_in_both_windows_is_no_conflict(plan):
    a, b, code, key, seen_a, seen_b = plan
    a.actions.edit(code, key, editor_edits(seen_a, table_edit(seen_a, 0, owner="Ben Ortiz")), actor="Ana")
    b.actions.edit(code, key, editor_edits(seen_b, table_edit(seen_b, 0, owner="Ben Ortiz")), actor="Ben")
    assert a.actions.items(code)[0].owner == "Ben Ortiz"


# --- the note of a review date (Progress) --------------------------------------------------------------


def test_a_review_note_added_in_another_window_is_not_replaced_unseen(windows):
    a, b, code, key = windows
    day = datetime.date(2027, 3, 1)
    a.targets.add_review(code, key, day, "Board meeting", actor="Ana", expected="")
    with pytest.raises(EditConflict) as conflict:
        b.targets.add_review(code, key, day, "Mid-year review", actor="Ben", expected="")  # B showed no review then
    assert str(conflict.value) == (
        "Not saved: the note of the review on 01 March 2027 was changed in another window since this one showed "
        "it. It now reads: “Board meeting”. Your text is still in the box: to keep it instead, press Add review "
        "date again."
    )
    assert [r.note for r in a.targets.schedule(code)] == ["Board meeting"]
    b.targets.add_review(code, key, day, "Mid-year review", actor="Ben", expected="Board meeting")
    assert [r.note for r in a.targets.schedule(code)] == ["Mid-year review"]
