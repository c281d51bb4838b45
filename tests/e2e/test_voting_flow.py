"""Live consensus in a real browser: one facilitator and five participants' phones on one session.

The facilitator opens voting; five participants join by name and vote on two rows; the
projected view counts every vote without showing it; Reveal shows the right dots with the row
to discuss first; the facilitator types evidence while the live view keeps refreshing, and
records the consensus; a participant's reload keeps their vote.
"""

from __future__ import annotations

import datetime
import time

import pytest
from browser_support import READY, screenshot, tap_level, wait_ready

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LEVELS = ["Beginning (Individualistic)", "Developing", "Evolving", "Accomplished (Collaborative)"]
# Each participant's vote on the first two rows (1-based level positions): vision agrees within one
# level; policies spans three levels, so it is flagged for discussion and listed first.
VOTES = {
    "Ana": (2, 1),
    "Ben": (2, 1),
    "Chloé": (2, 2),
    "Dev": (3, 4),
    "Eve": (3, 4),
}


def settle(page) -> None:
    """wait_ready for a phone: its navigation is folded away, so only wait for it to exist."""
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)


def vote(page, row: int, level: int) -> None:
    """On the row shown (the `row`-th), tap the level (1-based) and wait for "Saved"; then Next."""
    tap_level(page, LEVELS[level - 1], settle)
    if row == 0:
        page.get_by_role("button", name="Next").click()
        page.get_by_text("1 of 6 voted").wait_for()
        settle(page)


def live_total(page) -> tuple[int, int]:
    found = page.locator(".live-total").first
    return int(found.get_attribute("data-votes")), int(found.get_attribute("data-expected"))


def test_five_participants_vote_the_facilitator_reveals_and_records_the_consensus(app_server, browser, context):
    store = app_server.store()
    from sipr_core import load_library

    info, key = store.sessions.create(
        load_library().get("micip-collaboration"),
        district="Riverside Public Schools",
        team="Live vote team",
        held_on=datetime.date.today(),
        facilitator="Ana Ruiz",
    )
    code = info.code
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    board = context.new_page()
    board.goto(f"{app_server.url}/consensus?code={code}")
    wait_ready(board)
    board.get_by_text("The whole continuum").click()
    wait_ready(board)
    board.get_by_role("button", name="Open voting").click()
    board.locator(".live-total[data-votes]").wait_for()
    wait_ready(board)

    phones = {}
    for name, (vision, policies) in VOTES.items():
        device = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        device.set_default_timeout(30_000)
        phone = device.new_page()
        phone.goto(f"{app_server.url}/vote?code={code}")
        settle(phone)
        phone.get_by_label("Your name").fill(name)
        phone.get_by_role("button", name="Join").click()
        phone.get_by_text("You are voting as").wait_for()
        settle(phone)
        vote(phone, 0, vision)
        vote(phone, 1, policies)
        phones[name] = (device, phone)
    last_vote = time.monotonic()

    board.wait_for_function(
        "() => document.querySelector('.live-total')?.getAttribute('data-votes') === '10'", timeout=2_000
    )
    assert time.monotonic() - last_vote < 2.0, "the last vote reached the projected view within two seconds"
    assert live_total(board) == (10, 30)
    counts = board.locator(".live-cell").evaluate_all("cells => cells.map(c => c.dataset.votes)")
    assert counts == ["5", "5", "0", "0", "0", "0"]
    shown = board.locator('[data-testid="stMain"]').inner_text()
    assert "Not voted yet: Ana, Ben, Chloé, Dev, Eve" in shown
    for level in LEVELS:
        assert level.split(" (")[0] not in shown, f"{level} is visible before Reveal"
    assert board.locator(".js-plotly-plot").count() == 0
    screenshot(board, "consensus-live")
    screenshot(phones["Chloé"][1], "vote-phone")

    # a participant reloads (or switches device with their link): same person, same votes
    ana = phones["Ana"][1]
    ana.reload()
    settle(ana)
    ana.get_by_text("2 of 6 voted").wait_for()  # back on the first row without a vote
    ana.get_by_role("button", name="Back").click()
    ana.get_by_text(f"Saved: {LEVELS[0]}").wait_for()
    ana.get_by_role("button", name="Back").click()
    ana.get_by_text("Saved: Developing").wait_for()
    assert ana.get_by_text("You are voting as Ana.").count() == 1
    assert len(store.sessions.load(code).participants) == 5

    board.get_by_role("button", name="Reveal the votes").click()
    board.locator('[class*="st-key-result-"]').first.wait_for()
    wait_ready(board)
    headings = board.locator('[class*="st-key-result-"] h3').all_inner_texts()
    assert headings[:2] == ["Policies & structures", "Vision & mission"]
    dots = board.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.data[0].x)")
    assert dots[:2] == [[1, 1, 2, 4, 4], [2, 2, 2, 3, 3]]
    flagged = board.locator('[class*="st-key-result-policies-rating"]')
    assert "Discuss: the votes are 3 levels apart." in flagged.inner_text()

    # the participants' pages notice the reveal by themselves
    phones["Eve"][1].get_by_text("Voting is closed and the votes are on the projector.").wait_for(timeout=5_000)

    # the live view keeps refreshing every second while the facilitator types: nothing typed is lost
    evidence = flagged.get_by_label("Evidence")
    typed = "Policy handbook revised in 2025; two buildings still use the old one"
    evidence.press_sequentially(typed, delay=40)  # about three seconds: several refreshes
    assert evidence.input_value() == typed
    flagged.get_by_role("button", name="Record consensus").click()
    board.get_by_text("Recorded consensus: Developing").wait_for()
    wait_ready(board)
    entry = store.sessions.load(code).entry("policies", "rating")
    assert (entry.rating.level, entry.evidence) == ("developing", typed)
    screenshot(board, "consensus-revealed")

    late = phones["Dev"][1]
    assert late.get_by_text("Voting is closed and the votes are on the projector.").count() == 1
    for device, _ in phones.values():
        device.close()
    store.close()
