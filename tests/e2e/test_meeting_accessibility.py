"""WCAG 2.1 AA, with axe-core in Chromium, on the states a meeting's fixes added: a phone whose answer
came after the facilitator moved on, and the question before a meeting is deleted from My sessions."""

from __future__ import annotations

import pytest
from a11y_support import assert_accessible
from browser_support import READY, my_sessions, wait_ready
from store_support import DEFAULTS

from sipr_core import AgendaItem, ItemKind, load_library

pytestmark = pytest.mark.e2e

QUESTIONS = [
    AgendaItem(ItemKind.DISCUSSION, "Why we are here", prompt="Why does this work matter to you?"),
    AgendaItem(ItemKind.DISCUSSION, "What next", prompt="What should we try first?"),
]


@pytest.fixture(scope="module")
def store(app_server):
    s = app_server.store()
    yield s
    s.close()


def two_questions(store):
    return store.meetings.create("Two questions", "own", QUESTIONS, load_library().rubrics, **DEFAULTS)


def test_a_phone_whose_answer_came_after_the_move_on(app_server, browser, store):
    meeting, key = two_questions(store)
    ana = store.meetings.join(meeting.code, "Ana")
    device = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = device.new_page()
    page.goto(f"{app_server.url}/vote?code={meeting.code}&p={ana.id}")
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_selector(READY)
    page.get_by_label("Why", exact=True).fill("It is why we are here.")
    store.meetings.move(meeting.code, key, 1, expected=0)
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_text("your answer to the earlier question was not saved").wait_for()
    page.wait_for_selector(READY)
    assert_accessible(page, "Phone in a meeting, answer refused after the move on")
    device.close()


def test_start_asking_before_a_meeting_is_deleted(app_server, context, store):
    meeting, key = two_questions(store)
    page = my_sessions(context, app_server.url, key)
    page.locator(f".st-key-delete-{meeting.code} button").click()
    page.get_by_text("Yes, delete it").wait_for()
    wait_ready(page)
    assert_accessible(page, "Start, deleting a meeting")
