"""The carry-over rules: which actions carry into a follow-up, which are overdue, how a review sets them."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import ActionItem, ActionStatus, InputError, ReviewOutcome, carried, is_overdue, overdue
from sipr_core.carry_over import check_review, status_after, threads, to_review
from sipr_core.session import SessionInfo

TODAY = datetime.date(2026, 12, 2)

items = st.builds(
    ActionItem,
    id=st.uuids().map(lambda u: u.hex),
    what=st.just("Share the survey"),
    due=st.none() | st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
    status=st.sampled_from(list(ActionStatus)),
    position=st.integers(0, 50),
)


@given(st.lists(items, max_size=12))
def test_exactly_the_actions_neither_done_nor_dropped_carry_in_their_order(plan):
    kept = carried(plan)
    assert kept == [i for i in plan if i.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)]
    assert all(i.status not in (ActionStatus.DONE, ActionStatus.DROPPED) for i in kept)


@given(items, st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)))
def test_an_action_is_overdue_only_when_its_due_date_has_passed_and_it_is_still_open(item, today):
    expected = (
        item.due is not None
        and item.due < today
        and item.status
        in (
            ActionStatus.NOT_STARTED,
            ActionStatus.IN_PROGRESS,
        )
    )
    assert is_overdue(item, today) is expected


@given(st.lists(items, max_size=12), st.data())
def test_overdue_lists_the_overdue_not_carried_on_earliest_due_first(plan, data):
    on = data.draw(st.sets(st.sampled_from([i.id for i in plan]))) if plan else set()
    found = overdue(plan, TODAY, on)
    assert {i.id for i in found} == {i.id for i in plan if is_overdue(i, TODAY) and i.id not in on}
    dues = [i.due for i in found]
    assert dues == sorted(dues)


def test_an_action_due_today_is_not_yet_overdue():
    assert not is_overdue(ActionItem("a", "Share", due=TODAY), TODAY)
    assert is_overdue(ActionItem("a", "Share", due=TODAY - datetime.timedelta(days=1)), TODAY)


@given(st.sampled_from(list(ReviewOutcome)), st.sampled_from(list(ActionStatus)))
def test_a_review_sets_the_status_and_carried_over_keeps_it(outcome, status):
    after = status_after(outcome, status)
    expected = {
        ReviewOutcome.DONE: ActionStatus.DONE,
        ReviewOutcome.IN_PROGRESS: ActionStatus.IN_PROGRESS,
        ReviewOutcome.DROPPED: ActionStatus.DROPPED,
        ReviewOutcome.CARRIED_OVER: status,
    }[outcome]
    assert after is expected


def test_a_review_needs_an_outcome_and_a_date():
    with pytest.raises(InputError) as no_outcome:
        check_review("", "", TODAY)
    assert str(no_outcome.value) == "Choose how the action stands: Done, In progress, Dropped, Carried over."
    with pytest.raises(InputError) as no_date:
        check_review("Carried over", "", None)
    assert str(no_date.value) == "Give the date of the review, such as 2026-12-01."
    assert check_review("Carried over", " Half the staff replied ", TODAY) == (
        ReviewOutcome.CARRIED_OVER,
        "Half the staff replied",
        TODAY,
    )


def _info(n: int) -> SessionInfo:
    held = datetime.date(2026, 1, 1) + datetime.timedelta(days=90 * n)
    return SessionInfo(f"s{n}", f"C{n}", "Riverside", "", "Team", held, "collaboration", "f", "Ana", "x", "")


def test_only_carried_items_not_yet_reviewed_are_to_review():
    plan = [
        ActionItem("new", "New here"),
        ActionItem("b", "Carried", carried_from="a"),
        ActionItem("c", "Reviewed", carried_from="z", review="done"),
    ]
    assert [i.id for i in to_review(plan)] == ["b"]


def test_a_thread_follows_an_action_through_the_sessions_it_was_carried_into():
    first, second, third = _info(0), _info(1), _info(2)
    plans = [
        (first, [ActionItem("a", "Survey"), ActionItem("b", "Visit")]),
        (second, [ActionItem("a2", "Survey", carried_from="a"), ActionItem("n", "New")]),
        (third, [ActionItem("a3", "Survey", carried_from="a2")]),
    ]
    found = threads(plans)
    assert [[(s.session.id, s.item.id) for s in t.steps] for t in found] == [
        [("s0", "a"), ("s1", "a2"), ("s2", "a3")],
        [("s0", "b")],
        [("s1", "n")],
    ]
    assert found[0].latest.id == "a3"


def test_a_carried_action_not_yet_reviewed_says_so_through_the_series():
    from sipr_core.carry_over import ActionStep, step_text

    first, second = _info(0), _info(1)
    assert step_text(ActionStep(first, ActionItem("a", "Survey"))) == "01 Jan 2026: added"
    waiting = ActionItem("a2", "Survey", carried_from="a")
    assert step_text(ActionStep(second, waiting)) == "01 Apr 2026: carried over, not reviewed yet"
    dropped = ActionItem("a2", "Survey", carried_from="a", review="dropped")
    assert step_text(ActionStep(second, dropped)) == "01 Apr 2026: Dropped"
