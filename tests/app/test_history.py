"""The History page: the facilitator's list of every change in words, newest first, filtered by row and
kind, with Undo where a change can be undone and the reason where it cannot."""

from __future__ import annotations

import pytest
from app_support import new_session, open_page, widget

from sipr_core import ChangeKind
from sipr_core.actions import ActionEdits

PAGE = "pages/history.py"
D = "rating"


def lines(at) -> list[str]:
    """The headings of the history's lines, top to bottom."""
    return [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


@pytest.fixture
def worked(data_dir, app_store, collaboration):
    """A session with a rating, evidence changed twice, a vote and an action item: (code, key)."""
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="developing")
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", evidence="Posters in 9 schools")
    app_store.entries.set(code, key, "policies", D, actor="Ben", evidence="Board **minutes**")
    app_store.voting.open_round(code, key, [("vision", D)], actor="Ana Ruiz")
    voter = app_store.voting.join(code, "Cy")
    app_store.voting.cast(code, voter.id, "vision", D, "evolving")
    app_store.actions.add(code, key, actor="Ana Ruiz", what="Share the plan", row_ids=["policies"])
    return code, key


def test_the_history_needs_the_facilitator_key(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_page(PAGE, code)
    assert not at.exception
    assert at.warning[0].value.startswith("Only the facilitator can change ratings.")
    assert "## History" not in [m.value for m in at.markdown]


def test_changes_are_listed_newest_first_in_words_with_who_and_before_and_after(worked):
    code, key = worked
    at = open_page(PAGE, code, key)
    assert not at.exception and not at.error
    assert lines(at) == [
        "**Action item “Share the plan” added**",
        "**Evidence of Policies & structures**",
        "**Evidence of Vision & mission**",
        "**Level of Vision & mission**",
    ]  # the vote is hidden until asked for
    assert "Before: *empty*  \nAfter: Board \\*\\*minutes\\*\\*" in [m.value for m in at.markdown]
    assert "Before: Not rated  \nAfter: Developing" in [m.value for m in at.markdown]
    assert any(c.value.startswith("Ben · ") and c.value.endswith(" UTC") for c in at.caption)
    assert [b.label for b in at.button if b.label == "Undo"] == ["Undo"] * 4


def test_votes_are_shown_when_asked_for_without_undo_and_say_why(worked):
    code, key = worked
    at = open_page(PAGE, code, key)
    at.button_group(key="history-kinds").set_value([ChangeKind.VOTE]).run()
    assert lines(at) == ["**Vote on Vision & mission**"]
    assert not [b for b in at.button if b.label == "Undo"]
    assert [p.proto.popover.label for p in at.get("popover")] == ["Why no Undo?"]
    assert (
        "A vote belongs to the participant who cast it: only they can change it, on their own page, while voting "
        "on that row is open."
    ) in [m.value for m in at.markdown]


def test_lines_are_filtered_by_row(worked):
    code, key = worked
    at = open_page(PAGE, code, key)
    at.selectbox(key="history-row").set_value("policies").run()
    assert lines(at) == ["**Action item “Share the plan” added**", "**Evidence of Policies & structures**"]


def test_undo_puts_the_value_back_records_the_undo_and_marks_the_line(worked, app_store):
    code, key = worked
    at = open_page(PAGE, code, key)
    change = app_store.history.changes(code, key)[2]  # the evidence of Policies & structures
    at.button(key=f"undo-{change.id}").click().run()
    assert not at.exception and not at.error
    assert app_store.sessions.load(code).entry("policies", D).evidence == ""
    assert [s.value for s in at.success] == ["Undone: Evidence of Policies & structures"]
    assert lines(at)[0] == "**Evidence of Policies & structures**"
    undo = app_store.history.changes(code, key)[-1]
    assert (undo.undoes, undo.actor) == (change.id, "Ana Ruiz")
    assert not [b for b in at.button if b.key == f"undo-{change.id}"]
    assert any(c.value.startswith("Undone by Ana Ruiz, ") for c in at.caption)
    assert any(c.value.endswith(" · undoing an earlier change") for c in at.caption)


def test_undoing_a_change_made_again_since_says_so_and_changes_nothing(worked, app_store):
    code, key = worked
    at = open_page(PAGE, code, key)
    change = app_store.history.changes(code, key)[1]  # the evidence of Vision & mission
    app_store.entries.set(code, key, "vision", D, actor="Ben", evidence="Posters in 10 schools")  # meanwhile
    at.button(key=f"undo-{change.id}").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [  # as text: escaped for markdown
        "Not undone: the evidence of Vision & mission was changed again after this change. It now reads: "
        "“Posters in 10 schools”. Undo the later change first, or change it by hand."
    ]
    assert app_store.sessions.load(code).entry("vision", D).evidence == "Posters in 10 schools"


def test_a_deleted_action_item_comes_back_with_undo(worked, app_store):
    code, key = worked
    (item,) = app_store.actions.items(code)
    app_store.actions.edit(code, key, ActionEdits(deleted=[item.id]), actor="Ben")
    at = open_page(PAGE, code, key)
    assert lines(at)[0] == "**Action item “Share the plan” deleted**"
    deletion = app_store.history.changes(code, key)[-1]
    at.button(key=f"undo-{deletion.id}").click().run()
    assert not at.error
    assert [i.what for i in app_store.actions.items(code)] == ["Share the plan"]
    assert lines(at)[0] == "**Action item “Share the plan” added**"


def test_a_long_history_is_shown_fifty_changes_at_a_time(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    for n in range(60):
        app_store.entries.set(code, key, "vision", D, actor="Ana", evidence=f"Version {n}")
    at = open_page(PAGE, code, key)
    assert len(lines(at)) == 50
    assert "50 of 60 changes shown." in [c.value for c in at.caption]
    widget(at.button, "Show 10 more").click().run()
    assert len(lines(at)) == 60
