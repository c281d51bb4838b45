"""Actions between meetings in a real browser: a baseline with two actions, a follow-up that reviews
them first (one done, one carried over with a note), and the Progress page showing both."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from browser_support import wait_ready

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/carryover")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def review(page, outcome: str, note: str) -> None:
    """Review the first carried action still waiting: its outcome, a note, then save."""
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_text(outcome, exact=True).click()
    form.get_by_label("Progress note").fill(note)
    form.get_by_role("button", name="Save the review").click()
    page.wait_for_timeout(300)
    wait_ready(page)


def test_a_follow_up_reviews_the_baselines_actions_and_progress_shows_both(app_server, context):
    from sipr_core import load_library

    rubric = load_library().get("micip-collaboration")
    store = app_server.store()
    names = dict(district="Riverside Public Schools", team="Carry-over team", facilitator="Ana Ruiz")
    baseline, key = store.sessions.create(rubric, held_on=datetime.date(2026, 9, 1), **names)
    store.entries.set(baseline.code, key, "vision", "rating", actor="Ana", level="developing")
    store.actions.add(
        baseline.code, key, actor="Ana", what="Share the survey", row_ids=["vision"], owner="Ben"
    )
    store.actions.add(baseline.code, key, actor="Ana", what="Visit every classroom", row_ids=["vision"])
    follow, _ = store.sessions.create(
        rubric, held_on=datetime.date(2026, 12, 1), key=key, follow_up_of=baseline.code, **names
    )
    store.entries.set(follow.code, key, "vision", "rating", actor="Ana", level="evolving")
    context.add_cookies(
        [{"name": "sipr_key_" + follow.code.replace("-", ""), "value": key, "url": app_server.url}]
    )
    page = context.new_page()
    page.goto(f"{app_server.url}/actions?code={follow.code}")
    wait_ready(page)
    page.get_by_text("First: review the actions carried from the last session").wait_for()
    assert page.locator('[data-testid="stForm"]').count() == 2
    shot(page, "review-first-projector")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "review-first-phone.png"))
    page.set_viewport_size({"width": 1600, "height": 1000})
    review(page, "Done", "Sent to all staff in October")
    page.locator('[data-testid="stForm"]').nth(1).wait_for(state="detached")
    review(page, "Carried over", "Two of five classrooms visited")
    page.get_by_text("First: review the actions carried from the last session").wait_for(state="detached")
    survey, visits = store.actions.items(follow.code)
    assert (survey.status.value, survey.review, survey.review_note) == (
        "done",
        "done",
        "Sent to all staff in October",
    )
    assert (visits.status.value, visits.review, visits.review_note) == (
        "not_started",
        "carried_over",
        "Two of five classrooms visited",
    )
    store.close()

    page.get_by_role("link", name="Progress", exact=True).click()
    wait_ready(page)
    heading = page.get_by_text("Actions and the rows they were meant to move")
    heading.wait_for()
    heading.scroll_into_view_if_needed()
    # the table draws on a canvas; its accessible table carries the text
    page.get_by_text("01 Dec 2026: Done — Sent to all staff in October", exact=False).first.wait_for(
        state="attached"
    )
    page.get_by_text(
        "01 Dec 2026: Carried over — Two of five classrooms visited", exact=False
    ).first.wait_for(state="attached")
    assert page.get_by_text("Visit every classroom", exact=True).count() >= 1
    shot(page, "progress-actions-projector")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "progress-actions-phone.png"))
