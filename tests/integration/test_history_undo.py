"""Undo from the history, on SQLite and PostgreSQL: every change the facilitator made can be undone (entry
fields, reflection answers, action items and their fields, additions and deletions, template links), the
undo is itself recorded, and nothing changed again since is overwritten unseen. Votes cannot be undone."""

from __future__ import annotations

import pytest
from store_support import make_code, make_session, open_voting

from sipr_core import InputError, UndoConflict
from sipr_core.actions import ActionEdits

PROMPT = "What barriers exist to shifting the culture?"


def last(store, code, key):
    return store.history.changes(code, key, include_votes=True)[-1]


# --- entry fields and reflection answers ---------------------------------------------------------------


def test_undoing_a_change_changed_again_since_is_refused_and_says_what_it_holds(collab_session):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", evidence="A")
    store.entries.set(code, key, "vision", "rating", actor="Ana", evidence="B")
    second = last(store, code, key)
    store.entries.set(code, key, "vision", "rating", actor="Ben", evidence="C")
    before = store.history.changes(code, key)
    with pytest.raises(UndoConflict) as refused:
        store.history.undo(code, key, second.id, actor="Ana")
    assert str(refused.value) == (
        "Not undone: the evidence of Vision & mission was changed again after this change. It now reads: “C”. "
        "Undo the later change first, or change it by hand."
    )
    assert store.sessions.load(code).entry("vision", "rating").evidence == "C"
    assert store.history.changes(code, key) == before


def test_a_level_changed_again_is_named_by_its_level(collab_session):
    store, code, key = collab_session
    for level in ("beginning", "developing", "evolving"):
        store.entries.set(code, key, "vision", "rating", actor="Ana", level=level)
    first = store.history.changes(code, key)[0]
    with pytest.raises(UndoConflict) as refused:
        store.history.undo(code, key, first.id, actor="Ana")
    assert str(refused.value) == (
        "Not undone: the level of Vision & mission was changed again after this change. It now reads: "
        "“Evolving”. Undo the later change first, or change it by hand."
    )


def test_undoing_the_same_change_twice_from_two_windows_changes_nothing_the_second_time(
    collab_session, reopen
):
    store, code, key = collab_session
    other = reopen()
    store.entries.set(code, key, "vision", "rating", actor="Ana", next_steps="Plan")
    change = last(store, code, key)
    store.history.undo(code, key, change.id, actor="Ana")
    with pytest.raises(InputError) as refused:
        other.history.undo(code, key, change.id, actor="Ben")
    assert str(refused.value) == "Nothing to undo: this change was undone already, or changed back by hand."
    assert len(store.history.changes(code, key)) == 2


def test_a_reflection_answer_is_undone_and_the_undo_recorded(collab_session):
    store, code, key = collab_session
    store.entries.set_reflection(code, key, "vision", PROMPT, "Time", actor="Ana")
    store.entries.set_reflection(code, key, "vision", PROMPT, "Time and trust", actor="Ana")
    change = last(store, code, key)
    undone = store.history.undo(code, key, change.id, actor="Ben")
    assert store.sessions.load(code).answer("vision", PROMPT) == "Time"
    assert (undone.actor, undone.field, undone.old, undone.new, undone.undoes) == (
        "Ben", f"reflection:{PROMPT}", "Time and trust", "Time", change.id
    )
    assert undone == last(store, code, key)


def test_a_reflection_answer_changed_again_is_not_undone(collab_session):
    store, code, key = collab_session
    store.entries.set_reflection(code, key, "", PROMPT, "Time", actor="Ana")
    first = last(store, code, key)
    store.entries.set_reflection(code, key, "", PROMPT, "Trust", actor="Ben")
    with pytest.raises(UndoConflict) as refused:
        store.history.undo(code, key, first.id, actor="Ana")
    assert str(refused.value) == (
        "Not undone: the answer to “What barriers exist to shifting the culture?” on the whole continuum was "
        "changed again after this change. It now reads: “Trust”. Undo the later change first, or change it by "
        "hand."
    )


# --- the action plan -----------------------------------------------------------------------------------


@pytest.fixture
def item(collab_session):
    """An action item made from next steps: (store, code, key, the item)."""
    store, code, key = collab_session
    store.actions.add(code, key, actor="Ana", what="First")
    made = store.actions.add(
        code, key, actor="Ana", what="Share the plan", owner="Ana", row_ids=["vision"], source="vision/rating"
    )
    store.actions.add(code, key, actor="Ana", what="Last")
    return store, code, key, made


def test_a_field_of_an_action_item_is_undone(item):
    store, code, key, made = item
    store.actions.edit(code, key, ActionEdits(changed={made.id: {"owner": "Ben", "due": "2026-12-01"}}), actor="Ben")
    owner = [c for c in store.history.changes(code, key) if c.field.endswith(":owner")][-1]
    undone = store.history.undo(code, key, owner.id, actor="Cy")
    after = store.actions.items(code)[1]
    assert (after.owner, after.due.isoformat()) == ("Ana", "2026-12-01")  # only that field
    assert (undone.field, undone.old, undone.new, undone.undoes) == (f"action:{made.id}:owner", "Ben", "Ana", owner.id)


def test_a_field_of_an_item_changed_again_is_not_undone(item):
    store, code, key, made = item
    store.actions.edit(code, key, ActionEdits(changed={made.id: {"owner": "Ben"}}), actor="Ben")
    owner = last(store, code, key)
    store.actions.edit(code, key, ActionEdits(changed={made.id: {"owner": "Cy"}}), actor="Cy")
    with pytest.raises(UndoConflict) as refused:
        store.history.undo(code, key, owner.id, actor="Ana")
    assert str(refused.value) == (
        "Not undone: the owner of action item “Share the plan” was changed again after this change. It now "
        "reads: “Cy”. Undo the later change first, or change it by hand."
    )


def test_a_field_of_an_item_deleted_since_is_not_undone(item):
    store, code, key, made = item
    store.actions.edit(code, key, ActionEdits(changed={made.id: {"status": "done"}}), actor="Ben")
    status = last(store, code, key)
    store.actions.edit(code, key, ActionEdits(deleted=[made.id]), actor="Ben")
    with pytest.raises(InputError) as refused:
        store.history.undo(code, key, status.id, actor="Ana")
    assert str(refused.value) == (
        "Not undone: action item “Share the plan” was deleted after this change. Undo its deletion first."
    )


def test_undoing_a_deletion_puts_the_item_back_where_it_was_with_its_source(item):
    store, code, key, made = item
    store.actions.edit(code, key, ActionEdits(deleted=[made.id]), actor="Ben")
    deletion = last(store, code, key)
    undone = store.history.undo(code, key, deletion.id, actor="Ana")
    plan = store.actions.items(code)
    assert [i.what for i in plan] == ["First", "Share the plan", "Last"]
    back = plan[1]
    assert (back.id, back.fields(), back.source, back.updated_by) == (made.id, made.fields(), "vision/rating", "Ana")
    assert (undone.field, undone.old, undone.new, undone.undoes) == (f"action:{made.id}", None, made.fields(), deletion.id)
    # the next steps it was made from stay taken up
    with pytest.raises(InputError) as again:
        store.history.undo(code, key, deletion.id, actor="Ana")
    assert str(again.value) == "Nothing to undo: action item “Share the plan” is in the plan already."
    store.history.undo(code, key, undone.id, actor="Ana")  # undoing the undo deletes it again
    assert [i.what for i in store.actions.items(code)] == ["First", "Last"]


def test_undoing_an_addition_deletes_the_item_unless_it_changed_since(item):
    store, code, key, made = item
    added = next(c for c in store.history.changes(code, key) if c.field == f"action:{made.id}")
    store.actions.edit(code, key, ActionEdits(changed={made.id: {"what": "Share the whole plan"}}), actor="Ben")
    with pytest.raises(UndoConflict) as refused:
        store.history.undo(code, key, added.id, actor="Ana")
    assert str(refused.value) == (
        "Not undone: action item “Share the plan” was changed again after this change. It now reads: "
        "“Share the whole plan · Vision & mission · Ana · Not started”. Undo the later change first, or change "
        "it by hand."
    )
    store.history.undo(code, key, last(store, code, key).id, actor="Ana")  # the text back as it was added
    store.history.undo(code, key, added.id, actor="Ana")
    assert [i.what for i in store.actions.items(code)] == ["First", "Last"]
    with pytest.raises(InputError) as again:
        store.history.undo(code, key, added.id, actor="Ana")
    assert str(again.value) == "Nothing to undo: action item “Share the plan” was deleted already."


def test_template_links_are_undone_both_ways(store, library):
    balance = library.get("micip-maintaining-balance")
    district, key = make_code(store, balance)
    lincoln, _ = make_code(store, balance, school="Lincoln Elementary", team="Building CI team")
    store.templates.link(district, key, lincoln, actor="Ana")
    linked = last(store, district, key)
    store.history.undo(district, key, linked.id, actor="Ana")
    assert store.templates.linked(district) == []
    unlinked = last(store, district, key)
    assert (unlinked.field, unlinked.old, unlinked.new, unlinked.undoes) == (f"template:{lincoln}", lincoln, None, linked.id)
    with pytest.raises(InputError) as again:
        store.history.undo(district, key, linked.id, actor="Ana")
    assert str(again.value) == f"Nothing to undo: building team's session {lincoln} is not linked already."
    store.history.undo(district, key, unlinked.id, actor="Ana")
    assert [i.code for i in store.templates.linked(district)] == [lincoln]


# --- what cannot be undone -------------------------------------------------------------------------------


def test_votes_and_someone_taken_off_the_vote_cannot_be_undone_and_say_why(collab_session):
    store, code, key = collab_session
    me = store.voting.join(code, "Ben")
    open_voting(store, code, key)
    store.voting.cast(code, me.id, "vision", "rating", "evolving")
    vote = last(store, code, key)
    store.attendance.remove(code, key, me.id, actor="Ana")
    left = last(store, code, key)
    before = store.history.changes(code, key, include_votes=True)
    for change, reason in (
        (vote, "A vote belongs to the participant who cast it: only they can change it, on their own page, "
               "while voting on that row is open."),
        (left, "Someone taken off the vote comes back when they press Rejoin the vote on their own page; "
               "their votes were kept all along."),
    ):
        with pytest.raises(InputError) as refused:
            store.history.undo(code, key, change.id, actor="Ana")
        assert str(refused.value) == reason
    assert store.history.changes(code, key, include_votes=True) == before


def test_another_sessions_change_is_not_found_here(store, collaboration):
    code, key = make_code(store, collaboration)
    other, other_key = make_session(store, collaboration, team="Another team")
    store.entries.set(other.code, other_key, "vision", "rating", actor="Ana", level="beginning")
    change = last(store, other.code, other_key)
    with pytest.raises(InputError) as refused:
        store.history.undo(code, key, change.id, actor="Ana")
    assert str(refused.value) == f"No change {change.id} to undo in session {code}."
    assert store.sessions.load(other.code).entry("vision", "rating").rating.level == "beginning"
