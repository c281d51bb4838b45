"""A participant's connection drops mid-vote and comes back: the vote is recorded, none is lost or doubled.

The participant's phone reaches the app through ``network.Line``, a proxy the test cuts (every open
connection reset, new ones refused) while the browser context is also set offline. The slider is
moved while the line is down; the page must not claim it saved, and once the line is back the vote
reaches the store and the page says so. A reload afterwards finds the same participant and vote.
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


def test_a_vote_moved_while_the_connection_is_down_is_recorded_when_it_returns(app_server, browser):
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
        page.wait_for_selector('[data-testid="stSlider"]')
        settle(page)
        thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
        thumb.focus()
        thumb.press("ArrowRight")
        page.get_by_text("Saved: Beginning (Individualistic)").wait_for()
        (me,) = store.sessions.load(code).participants
        assert votes(store, code, key) == [(me.id, "beginning")]

        line.cut()
        phone.set_offline(True)
        thumb.focus()
        thumb.press("ArrowRight")  # mid-vote: the move cannot reach the server
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSlider] input[type=range]')"
            ".getAttribute('aria-valuetext') === 'Developing'"
        )
        time.sleep(3)
        assert votes(store, code, key) == [(me.id, "beginning")]  # the line really was down
        assert page.get_by_text("Saved: Beginning (Individualistic)").is_visible()  # no false "saved"

        phone.set_offline(False)
        line.restore()
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
