"""Actions between meetings in the store (SQLite and PostgreSQL): carried into a follow-up, reviewed
there, flagged when overdue, followed through the series, and kept in the session file."""

from __future__ import annotations

import datetime

import pytest
from store_support import make_code

from sipr_core import AccessDenied, InputError
from sipr_core.storage import migrations

TODAY = datetime.date(2026, 12, 2)
LATER = datetime.date(2027, 3, 1)


def test_migration_ten_is_the_carry_over():
    assert [(v, n) for v, n, _ in migrations.MIGRATIONS][9] == (
        10,
        "actions carried into a follow-up, and their reviews",
    )


@pytest.fixture
def baseline(store, collaboration):
    """A baseline with three actions (one done) and a follow-up of it: (store, code, follow-up code, key)."""
    code, key = make_code(store, collaboration)
    store.actions.add(code, key, actor="Ana", what="Share the survey", row_ids=["vision"], due="2026-11-01")
    store.actions.add(code, key, actor="Ana", what="Visit a school", status="in_progress", owner="Ben")
    store.actions.add(code, key, actor="Ana", what="Write the charter", status="done")
    follow, _ = make_code(store, collaboration, key=key, follow_up_of=code, held_on=LATER)
    return store, code, follow, key


def test_a_follow_up_starts_with_the_open_actions_of_the_session_it_follows(baseline):
    store, code, follow, _ = baseline
    before = store.actions.items(code)
    after = store.actions.items(follow)
    assert [(i.what, i.status.value, i.owner, i.row_ids) for i in after] == [
        ("Share the survey", "not_started", "", ("vision",)),
        ("Visit a school", "in_progress", "Ben", ()),
    ]
    assert [i.carried_from for i in after] == [before[0].id, before[1].id]
    assert all(i.review is None for i in after)


def test_a_new_session_of_its_own_series_carries_nothing(store, collaboration):
    code, key = make_code(store, collaboration)
    store.actions.add(code, key, actor="Ana", what="Share the survey")
    other, _ = make_code(store, collaboration, key=key)
    assert store.actions.items(other) == []


def test_reviewing_a_carried_action_keeps_outcome_note_and_date_and_sets_its_status(baseline):
    store, _, follow, key = baseline
    survey, visit = store.actions.items(follow)
    done = store.carry_over.review(
        follow, key, survey.id, "done", note="Sent to all staff", on=LATER, actor="Ana"
    )
    kept = store.carry_over.review(
        follow, key, visit.id, "Carried over", note="Two of five", on=LATER, actor="Ana"
    )
    assert (done.status.value, done.review, done.review_note, done.reviewed_on) == (
        "done",
        "done",
        "Sent to all staff",
        LATER,
    )
    assert (kept.status.value, kept.review, kept.review_note) == (
        "in_progress",
        "carried_over",
        "Two of five",
    )
    statuses = [c for c in store.history.changes(follow, key) if c.field == f"action:{survey.id}:status"]
    assert [(c.old, c.new) for c in statuses] == [("not_started", "done")]


def test_only_a_carried_action_is_reviewed_and_only_with_the_key(baseline):
    store, code, follow, key = baseline
    new = store.actions.add(follow, key, actor="Ana", what="New here")
    with pytest.raises(InputError) as refused:
        store.carry_over.review(follow, key, new.id, "done", on=LATER, actor="Ana")
    assert str(refused.value) == (
        "Only an action carried from the session before is reviewed here; edit this one in the plan."
    )
    carried = store.actions.items(follow)[0]
    with pytest.raises(AccessDenied):
        store.carry_over.review(follow, "WRONG", carried.id, "done", on=LATER, actor="Ana")


def test_an_overdue_action_is_flagged_where_it_stands_now_not_in_the_session_it_left(baseline):
    store, code, follow, key = baseline
    assert store.carry_over.overdue(code, TODAY) == []  # carried on: the follow-up flags it
    assert [i.what for i in store.carry_over.overdue(follow, TODAY)] == ["Share the survey"]
    survey = store.actions.items(follow)[0]
    store.carry_over.review(follow, key, survey.id, "dropped", on=LATER, actor="Ana")
    assert store.carry_over.overdue(follow, TODAY) == []


def test_the_overdue_actions_of_a_key_are_those_of_its_own_series_only(baseline, collaboration):
    store, _, follow, key = baseline
    stranger, other_key = make_code(store, collaboration)
    store.actions.add(stranger, other_key, actor="Eve", what="Not yours", due="2026-01-01")
    found = store.carry_over.overdue_for_key(key, TODAY)
    assert [(info.code, item.what) for info, item in found] == [(follow, "Share the survey")]


def test_a_thread_shows_an_action_through_the_series_up_to_the_session(baseline):
    store, code, follow, key = baseline
    survey = store.actions.items(follow)[0]
    store.carry_over.review(follow, key, survey.id, "done", note="Sent", on=LATER, actor="Ana")
    found = store.carry_over.threads(follow)
    assert [[(s.session.code, s.item.status.value) for s in t.steps] for t in found] == [
        [(code, "not_started"), (follow, "done")],
        [(code, "in_progress"), (follow, "in_progress")],
        [(code, "done")],
    ]
    assert [len(t.steps) for t in store.carry_over.threads(code)] == [1, 1, 1]


def test_carried_actions_and_their_reviews_travel_and_rebuild_one_series(baseline, other_store):
    store, code, follow, key = baseline
    survey = store.actions.items(follow)[0]
    store.carry_over.review(
        follow, key, survey.id, "carried_over", note="Half replied", on=LATER, actor="Ana"
    )
    first = other_store.transfer.import_session(store.transfer.export_json(code, key), key).info
    second = other_store.transfer.import_session(store.transfer.export_json(follow, key), key).info
    assert first.series == second.series
    moved = other_store.actions.items(second.code)
    assert [(i.carried_from, i.review, i.review_note, i.reviewed_on) for i in moved] == [
        (a.carried_from, a.review, a.review_note, a.reviewed_on) for a in store.actions.items(follow)
    ]
    threads = other_store.carry_over.threads(second.code)
    assert [len(t.steps) for t in threads] == [2, 2, 1]
    third, _ = make_code(
        other_store, store.sessions.rubric(first.fingerprint), key=key, follow_up_of=second.code
    )
    assert [(i.what, i.carried_from) for i in other_store.actions.items(third)] == [
        ("Share the survey", moved[0].id),
        ("Visit a school", moved[1].id),
    ]


def test_every_summary_format_flags_the_overdue_actions_of_the_follow_up_only(baseline, monkeypatch):
    import io

    import openpyxl
    from pypdf import PdfReader

    from sipr_core import exports
    from sipr_core.exports import images
    from sipr_core.exports.summary_model import OVERDUE

    monkeypatch.setenv(images.CHARTS_ENV, "off")
    store, code, follow, key = baseline
    line = "Share the survey: due 2026-11-01, Not started"
    assert exports.summary_of(store, follow).overdue == [line]
    assert exports.summary_of(store, code).overdue == []  # carried on: the follow-up flags it
    page = exports.report(store, follow, "html").decode("utf-8")
    assert f"<li>{line}</li>" in page and OVERDUE in page
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(exports.report(store, follow, "pdf"))).pages
        ).split()
    )
    assert f"{OVERDUE} • {line}" in text
    book = openpyxl.load_workbook(io.BytesIO(exports.report(store, follow, "xlsx")))
    rows = [[c for c in r if c is not None] for r in book.worksheets[0].iter_rows(values_only=True)]
    assert [OVERDUE, 1] in rows and ["Overdue", line] in rows


def test_a_review_is_in_the_history_in_words_and_undone_back_to_none(baseline):
    from sipr_core.history_words import describe

    store, _, follow, key = baseline
    survey = store.actions.items(follow)[0]
    store.carry_over.review(
        follow, key, survey.id, "carried_over", note="Half replied", on=LATER, actor="Ana"
    )
    (review,) = [c for c in store.history.changes(follow, key) if c.field == f"action:{survey.id}:review"]
    assert (review.old, review.new) == (
        None,
        {"outcome": "carried_over", "note": "Half replied", "on": "2027-03-01"},
    )
    rubric = store.sessions.load(follow).rubric
    assert describe(rubric, review, "Share the survey") == "Review of action item “Share the survey”"
    store.history.undo(follow, key, review.id, actor="Ana")
    undone = store.actions.items(follow)[0]
    assert (undone.review, undone.review_note, undone.reviewed_on) == (None, "", None)
    assert store.carry_over.threads(follow)[0].latest.review is None


def test_a_deleted_carried_action_comes_back_by_undo_still_carried_and_reviewed(baseline):
    from sipr_core.actions import ActionEdits

    store, _, follow, key = baseline
    survey = store.actions.items(follow)[0]
    store.carry_over.review(follow, key, survey.id, "in_progress", note="Drafted", on=LATER, actor="Ana")
    before = store.actions.items(follow)[0]
    store.actions.edit(follow, key, ActionEdits(deleted=[survey.id]), actor="Ana")
    (deleted,) = [
        c for c in store.history.changes(follow, key) if c.field == f"action:{survey.id}" and c.new is None
    ]
    store.history.undo(follow, key, deleted.id, actor="Ana")
    back = store.actions.items(follow)[0]
    assert (back.id, back.carried_from, back.review, back.review_note, back.reviewed_on) == (
        before.id,
        before.carried_from,
        "in_progress",
        "Drafted",
        LATER,
    )
