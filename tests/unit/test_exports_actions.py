"""The action plan's model: checks with plain messages, the table editor's edits, next steps to take up."""

import datetime

import pytest
from session_support import session_of

from sipr_core import InputError, Rating
from sipr_core.actions import (
    FIELDS,
    ActionEdits,
    ActionItem,
    ActionStatus,
    clean_action,
    editor_edits,
    editor_lines,
    open_next_steps,
    parse_due,
    parse_status,
    row_label,
)
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.session import MAX_TEXT, Entry

ITEMS = [ActionItem("a", "Share the survey", ("vision",)), ActionItem("b", "Draft a policy")]


def test_the_statuses_are_not_started_in_progress_and_done():
    assert [(s.value, s.label) for s in ActionStatus] == [
        ("not_started", "Not started"),
        ("in_progress", "In progress"),
        ("done", "Done"),
    ]


def test_clean_fields_are_trimmed_ordered_and_typed(collaboration):
    clean = clean_action(
        collaboration,
        {
            "what": "  Share the survey \n",
            "owner": "  Ben   Ortiz ",
            "row_ids": ["policies", "vision", "vision"],
            "due": "2026-12-01T00:00:00",
            "status": "In progress",
        },
    )
    assert clean == {
        "what": "Share the survey",
        "owner": "Ben Ortiz",
        "row_ids": ("vision", "policies"),
        "due": datetime.date(2026, 12, 1),
        "status": ActionStatus.IN_PROGRESS,
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "finished"}, "No such status: finished (statuses: Not started, In progress, Done)."),
        ({"due": "next week"}, "Due date 'next week' is not a date: use a date such as 2026-12-01."),
        ({"due": 5}, "Due date '5' is not a date: use a date such as 2026-12-01."),
        (
            {"row_ids": ["vision", "nowhere"]},
            'No such element in "Shift from a Culture of Isolation to a Culture of Collaboration": nowhere',
        ),
        ({"row_ids": "vision"}, "Linked rows must be a list of row ids."),
        (
            {"what": "x" * (MAX_TEXT + 1)},
            "What is too long: 20,001 characters (the limit is 20,000). Shorten it, or link to a longer document "
            "instead.",
        ),
        (
            {"owner": "o" * 201},
            "Owner is too long: 201 characters (the limit is 200). Shorten it, or link to a longer document instead.",
        ),
        ({"what": 3}, "An action item's text must be text."),
        (
            {"priority": "high"},
            "An action item has no field priority (fields: what, row_ids, owner, due, status).",
        ),
    ],
)
def test_bad_fields_are_refused_with_a_message_naming_the_problem(collaboration, fields, message):
    with pytest.raises(InputError) as error:
        clean_action(collaboration, fields)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("given", "due"),
    [
        (None, None),
        ("", None),
        ("2026-12-01", datetime.date(2026, 12, 1)),
        (datetime.datetime(2026, 12, 1, 9, 30), datetime.date(2026, 12, 1)),
    ],
)
def test_a_due_date_may_be_empty_a_date_or_iso_text(given, due):
    assert parse_due(given) == due


def test_an_empty_status_is_not_started():
    assert parse_status(None) is ActionStatus.NOT_STARTED


def test_the_editor_shows_one_line_per_item_with_the_status_id():
    assert editor_lines([ActionItem("a", "Share", ("vision",), "Ben", datetime.date(2026, 12, 1))]) == [
        {
            "what": "Share",
            "row_ids": ["vision"],
            "owner": "Ben",
            "due": datetime.date(2026, 12, 1),
            "status": "not_started",
        }
    ]
    assert list(editor_lines(ITEMS)[0]) == list(FIELDS)


def test_an_edit_by_position_becomes_an_edit_by_item_id():
    state = {
        "edited_rows": {"1": {"status": "done", "_index": 3}, 0: {}},
        "added_rows": [{"what": "New", "owner": "Cy", "unknown": 1}],
        "deleted_rows": [0, 7],
    }
    assert editor_edits(ITEMS, state) == ActionEdits(
        added=[{"what": "New", "owner": "Cy"}],
        changed={"b": {"status": "done"}},
        deleted=["a"],
        seen={"a": ITEMS[0].fields(), "b": ITEMS[1].fields()},  # as the table showed them
    )


def test_a_line_added_to_the_table_is_saved_only_once_it_says_what_we_will_do():
    blank = {"edited_rows": {}, "added_rows": [{"status": "not_started"}], "deleted_rows": []}
    assert not editor_edits(ITEMS, blank)  # "+ Add row" alone: no empty item counted in the plan
    typed = {"edited_rows": {}, "added_rows": [{"status": "not_started", "owner": "Cy", "what": "  "}]}
    assert not editor_edits(ITEMS, typed)
    typed["added_rows"].append({"what": "Visit classrooms", "status": "not_started"})
    assert editor_edits(ITEMS, typed).added == [{"what": "Visit classrooms", "status": "not_started"}]


def test_an_empty_editor_state_is_no_edit():
    assert not editor_edits(ITEMS, {"edited_rows": {}, "added_rows": [], "deleted_rows": []})


def test_next_steps_not_yet_in_the_plan_are_offered_in_the_rubrics_order(collaboration):
    session = session_of(
        collaboration,
        Entry(Rating("policies", D), next_steps="Draft a policy"),
        Entry(Rating("vision", D), next_steps="  Share the survey "),
        Entry(Rating("routines", D), next_steps="   "),
    )
    steps = open_next_steps(session, [])
    assert [(s.row_id, s.row, s.dimension_name, s.text, s.source) for s in steps] == [
        ("vision", "Vision & mission", "", "Share the survey", "vision/rating"),
        ("policies", "Policies & structures", "", "Draft a policy", "policies/rating"),
    ]
    taken = ActionItem("x", "Share the survey", ("vision",), source="vision/rating")
    assert [s.row_id for s in open_next_steps(session, [taken])] == ["policies"]
    changed = ActionItem("x", "Share the survey", ("vision",), source="vision/rating")
    edited = Entry(Rating("vision", D), next_steps="Share the survey with parents too")
    again = session_of(collaboration, edited)
    assert [s.text for s in open_next_steps(again, [changed])] == ["Share the survey with parents too"]


def test_sipr_next_steps_name_their_dimension(sipr):
    session = session_of(sipr, Entry(Rating("1.1", "scale"), next_steps="Visit two schools"))
    (step,) = open_next_steps(session, [])
    assert (step.row, step.dimension_name, step.source) == ("Focused strategies", "Scale", "1.1/scale")


def test_a_row_is_named_by_its_short_label(collaboration):
    assert row_label(collaboration, "vision") == "Vision & mission"
