"""Every page opens with one h1 that names it, before any other heading (WCAG 1.3.1 and 2.4.6).

A screen reader's user jumps from heading to heading: before, most pages began with an h3 (the
session's continuum) above an h2, and the Dashboard, Progress and the phone's ballot had no h1 at all.
"""

from __future__ import annotations

import pytest
from app_support import toolkit_meeting
from browser_support import READY
from test_accessibility import PHONE, as_facilitator, new_session, rate

pytestmark = pytest.mark.e2e

PAGES = ["", "rate", "consensus", "dashboard", "progress", "present", "actions", "history", "summary", "rubrics"]
HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => h.offsetParent !== null && h.textContent.trim())
  .map((h) => [h.tagName, h.textContent.trim()])"""


@pytest.fixture(scope="module")
def store(app_server):
    s = app_server.store()
    yield s
    s.close()


def headings(context, url: str) -> list[list[str]]:
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("h1, h2, h3, h4", state="attached")
    page.wait_for_selector(READY)
    found = page.evaluate(HEADINGS)
    page.close()
    return found


def test_each_page_opens_with_one_h1(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, {"vision": "developing"})
    as_facilitator(context, app_server, code, key)
    for name in PAGES:
        found = headings(context, f"{app_server.url}/{name}?code={code}")
        assert found, f"{name or 'start'}: no heading"
        assert found[0][0] == "H1", f"{name or 'start'} begins with {found[0]}"
        assert [tag for tag, _ in found].count("H1") == 1, f"{name or 'start'}: {found}"


def test_the_phones_ballot_opens_with_one_h1(app_server, browser, store):
    code, key = new_session(store)
    store.voting.open_round(code, key, [("vision", "rating")], actor="Ana Ruiz")
    me = store.voting.join(code, "Ben")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        found = headings(phone, f"{app_server.url}/vote?code={code}&p={me.id}")
    finally:
        phone.close()
    assert found[0] == ["H1", "Isolation to Collaboration"], found
    assert [tag for tag, _ in found].count("H1") == 1


def test_a_phone_in_a_meetings_discussion_opens_with_the_question_as_its_h1(app_server, browser, store):
    meeting, _ = toolkit_meeting(store)
    me = store.meetings.join(meeting.code, "Ben")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        found = headings(phone, f"{app_server.url}/vote?code={meeting.code}&p={me.id}")
    finally:
        phone.close()
    assert found[0][0] == "H1" and found[0][1].startswith("Have each person identify a learner outcome"), found
    assert [tag for tag, _ in found].count("H1") == 1
