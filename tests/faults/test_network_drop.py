"""A participant's connection drops mid-vote and comes back: the vote is recorded, none is lost or doubled.

The participant's phone reaches the app through ``network.Line``, a proxy the test cuts (every open
connection reset, new ones refused) while the browser context is also set offline. A level is tapped
while the line is down; the page must not claim it saved. A tap is a moment, not a state the page
keeps: once the line is back the page shows the vote the store holds (the one before), so the
participant sees the tap did not count and taps again, which saves. A reload afterwards finds the
same participant and vote.
"""

from __future__ import annotations

import datetime
import time

import pytest
from browser_support import READY
from network import Line

from sipr_core import load_library

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)


def votes(store, code: str, key: str) -> list[tuple[str, str | None]]:
    return [(v.participant_id, v.level) for v in store.sessions.load(code, key=key).votes]


def test_a_tap_while_the_connection_is_down_is_never_claimed_saved_and_the_next_tap_saves(app_server, browser):
    store = app_server.store()
    info, key = store.sessions.create(
        load_library().get("micip-collaboration"),
        district="Riverside Public Schools",
        team="Live vote team",
        held_on=datetime.date.today(),
        facilitator="Ana Ruiz",
    )
    code = info.code
    store.voting.open_round(code, key, [("vision", "rating")], actor="Ana Ruiz")
    line = Line(app_server.port)
    phone = browser.new_context(viewport=PHONE)
    phone.set_default_timeout(30_000)
    try:
        page = phone.new_page()
        page.goto(f"{line.url}/vote?code={code}")
        settle(page)
        page.get_by_label("Your name").fill("Chloé")
        page.get_by_role("button", name="Join").click()
        page.wait_for_selector(".st-key-ballot-levels button")
        settle(page)
        level = page.locator(".st-key-ballot-levels button")
        level.nth(0).click()
        page.get_by_text("Saved: Beginning (Individualistic)").wait_for()
        (me,) = store.sessions.load(code).participants
        assert votes(store, code, key) == [(me.id, "beginning")]

        line.cut()
        phone.set_offline(True)
        level.nth(1).click()  # mid-vote: the tap cannot reach the server
        time.sleep(3)
        assert votes(store, code, key) == [(me.id, "beginning")]  # the line really was down
        assert page.get_by_text("Saved: Beginning (Individualistic)").is_visible()  # no false "saved"

        phone.set_offline(False)
        line.restore()
        page.wait_for_timeout(2_000)
        settle(page)
        assert page.get_by_text("Saved: Beginning (Individualistic)").is_visible()  # still the stored vote
        assert votes(store, code, key) == [(me.id, "beginning")]
        level.nth(1).click()
        page.get_by_text("Saved: Developing").wait_for(timeout=30_000)
        assert votes(store, code, key) == [(me.id, "developing")]
        assert [p.name for p in store.sessions.load(code).participants] == ["Chloé"]

        page.reload()
        settle(page)
        page.get_by_text("Saved: Developing").wait_for()
        assert page.get_by_text("You are voting as Chloé.").is_visible()
        assert votes(store, code, key) == [(me.id, "developing")]
    finally:
        phone.close()
        line.close()
        store.close()
