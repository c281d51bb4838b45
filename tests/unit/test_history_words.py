"""A session's history in words: what each change was, its values before and after as text, which rows it
concerns, and whether it can be undone (and why not)."""

from __future__ import annotations

import pytest
from session_support import session_of

from sipr_core import ActionItem, ChangeKind, filter_lines, history_lines, when
from sipr_core.history_words import SHORT, describe, short, subject
from sipr_core.session import Change, Participant

AT = "2026-11-23T14:05:00.000000+00:00"


def change(number: int, field: str, old, new, row_id: str = "", dimension: str = "", undoes=None, actor="Ana"):
    return Change(number, AT, actor, row_id, dimension, field, old, new, undoes)


@pytest.fixture
def leadership_line(leadership):
    def line(*changes: Change, items=(), participants=()):
        return history_lines(session_of(leadership, participants=list(participants)), list(changes), items)

    return line


def test_entry_changes_are_named_by_field_and_row_label(leadership_line, leadership):
    row = next(r for _, r in leadership.rows() if r.label == "2 Identity messaging")
    lines = leadership_line(
        change(1, "evidence", "", "Posters in " + "every building " * 20, row.id, "rating"),
        change(2, "level", None, leadership.levels[1].id, row.id, "rating"),
        change(3, "not_applicable", False, True, row.id, "rating"),
        change(4, "next_steps", "Share it", "", row.id, "rating"),
    )
    assert [(ln.what, ln.old, ln.new, ln.kind) for ln in lines] == [
        ("Next steps of 2 Identity messaging", "Share it", "", ChangeKind.TEXT),
        ("Not applicable for 2 Identity messaging", "No", "Yes", ChangeKind.RATING),
        ("Level of 2 Identity messaging", "Not rated", leadership.levels[1].name, ChangeKind.RATING),
        ("Evidence of 2 Identity messaging", "", short("Posters in " + "every building " * 20), ChangeKind.TEXT),
    ]
    assert len(lines[-1].new) == SHORT + 1 and lines[-1].new.endswith("…")
    assert all(ln.can_undo and ln.row_ids == (row.id,) for ln in lines)


def test_sipr_cells_name_their_dimension_and_criteria_count_from_one(sipr):
    lines = history_lines(session_of(sipr), [change(1, "ticked", [], [0, 2], "1.1", "implementation")])
    assert (lines[0].what, lines[0].old, lines[0].new) == (
        f"Criteria ticked on {sipr.row('1.1').short} · Implementation",
        "none",
        "1, 3",
    )


def test_action_items_are_named_by_their_text_at_the_time(collaboration):
    created = {"what": "Share the plan", "row_ids": ["vision"], "owner": "", "due": None, "status": "not_started"}
    changes = [
        change(1, "action:a1", None, created),
        change(2, "action:a1:owner", "", "Ben Ortiz"),
        change(3, "action:a1:what", "Share the plan", "Share the whole plan"),
        change(4, "action:a1:due", None, "2026-12-01"),
        change(5, "action:a1", {**created, "what": "Share the whole plan", "position": 1, "source": None}, None),
    ]
    lines = history_lines(session_of(collaboration), changes)
    renamed = history_lines(session_of(collaboration), changes[:3], [ActionItem("a1", "Share the whole plan")])
    assert renamed[-1].what == "Action item “Share the plan” added"  # as it was called then
    assert [(ln.what, ln.old, ln.new) for ln in lines] == [
        ("Action item “Share the whole plan” deleted", "Share the whole plan · Vision & mission · Not started", ""),
        ("Due date of action item “Share the whole plan”", "", "2026-12-01"),
        ("Text of action item “Share the plan”", "Share the plan", "Share the whole plan"),
        ("Owner of action item “Share the plan”", "", "Ben Ortiz"),
        ("Action item “Share the plan” added", "", "Share the plan · Vision & mission · Not started"),
    ]
    assert all(ln.kind is ChangeKind.ACTION and ln.row_ids == ("vision",) and ln.can_undo for ln in lines)
    # an addition or a deletion shows the item once; a field shows before and after, even when empty
    assert lines[0].values() == [("Before", "Share the whole plan · Vision & mission · Not started")]
    assert lines[-1].values() == [("After", "Share the plan · Vision & mission · Not started")]
    assert lines[1].values() == [("Before", ""), ("After", "2026-12-01")]


def test_an_item_whose_addition_is_not_in_the_history_is_named_from_the_plan(collaboration):
    lines = history_lines(
        session_of(collaboration), [change(7, "action:a9:owner", "", "Cy")], [ActionItem("a9", "Survey staff")]
    )
    assert lines[0].what == "Owner of action item “Survey staff”"


def test_votes_and_leaving_the_vote_cannot_be_undone_and_say_why(collaboration):
    ben = Participant("p1", "Ben", AT)
    lines = history_lines(
        session_of(collaboration, participants=[ben]),
        [
            change(1, "vote:p1", None, "developing", "vision", "rating", actor="Ben"),
            change(2, "vote:p1", "developing", None, "vision", "rating", actor="Ben"),
            change(3, "vote:left:p1", None, AT),
            change(4, "vote:left:p1", AT, None, actor="Ben"),
            change(5, "vote:group:g1", None, "evolving", "vision", "rating"),
            change(6, "session", None, "deleted"),
        ],
    )
    assert [(ln.what, ln.old, ln.new, ln.kind, ln.can_undo) for ln in lines] == [
        ("Session deleted", "", "", ChangeKind.SESSION, False),
        ("Small group's rating of Vision & mission", "", "Evolving", ChangeKind.VOTE, False),
        ("Ben back in the vote", "", "", ChangeKind.VOTE, False),
        ("Ben taken off the vote", "", "", ChangeKind.VOTE, False),
        ("Vote on Vision & mission", "Developing", "Passed", ChangeKind.VOTE, False),
        ("Vote on Vision & mission", "", "Developing", ChangeKind.VOTE, False),
    ]
    assert lines[0].why_no_undo == "Deleting and restoring a session is done on the Start page, under My sessions."
    assert lines[3].why_no_undo.startswith("Someone taken off the vote comes back when they press Rejoin")
    assert lines[2].why_no_undo == "Coming back into the vote was the participant's own choice, on their own page."
    assert lines[-1].why_no_undo.startswith("A vote belongs to the participant who cast it")


def test_an_undone_change_shows_who_undid_it_and_an_undone_undo_makes_it_undoable_again(collaboration):
    made = change(1, "level", None, "developing", "vision", "rating")
    undo = change(2, "level", "developing", None, "vision", "rating", undoes=1, actor="Ben")
    lines = history_lines(session_of(collaboration), [made, undo])
    assert (lines[1].undone_by, lines[1].can_undo) == (undo, False)
    assert (lines[0].undoes, lines[0].can_undo) == (made, True)
    redo = change(3, "level", None, "developing", "vision", "rating", undoes=2)
    lines = history_lines(session_of(collaboration), [made, undo, redo])
    assert [ln.can_undo for ln in lines] == [True, False, True]


def test_lines_are_filtered_by_row_and_kind_votes_hidden_unless_asked(collaboration):
    lines = history_lines(
        session_of(collaboration),
        [
            change(1, "level", None, "developing", "vision", "rating"),
            change(2, "vote:p1", None, "developing", "vision", "rating"),
            change(3, "evidence", "", "Plans", "policies", "rating"),
            change(4, "action:a1", None, {"what": "X", "row_ids": ["vision"], "owner": "", "due": None,
                                          "status": "done"}),
            change(5, "reflection:Why?", "", "Because", ""),
            change(6, "session", None, "deleted"),
        ],
    )
    assert [ln.change.id for ln in filter_lines(lines)] == [6, 5, 4, 3, 1]
    assert [ln.change.id for ln in filter_lines(lines, row_id="vision")] == [4, 1]
    assert [ln.change.id for ln in filter_lines(lines, kinds=[ChangeKind.VOTE])] == [6, 2]  # the session's own too
    assert [ln.change.id for ln in filter_lines(lines, row_id="vision", kinds=list(ChangeKind))] == [4, 2, 1]
    assert lines[1].what == "Answer to “Why?” on the whole continuum"


def test_a_change_is_named_in_a_sentence_for_the_undo_messages(collaboration):
    assert subject(collaboration, change(1, "evidence", "", "x", "vision", "rating")) == (
        "the evidence of Vision & mission"
    )
    assert subject(collaboration, change(1, "action:a1", None, {}), "Share") == "action item “Share”"
    assert subject(collaboration, change(1, "template:AAA-BBB-CCC", None, "AAA-BBB-CCC")) == (
        "the link to building team's session AAA-BBB-CCC"
    )
    assert describe(collaboration, change(1, "comment:p1", None, "Hello")) == "Change of comment:p1"


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Europe/Berlin", "23 Nov 2026, 15:05"), ("America/Detroit", "23 Nov 2026, 09:05"), (None, "23 Nov 2026, 14:05 UTC"),
     ("Not/AZone", "23 Nov 2026, 14:05 UTC")],
)
def test_times_are_shown_in_the_readers_time_zone_when_known(zone, shown):
    assert when(AT, zone) == shown
