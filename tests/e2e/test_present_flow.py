"""Presentation mode in a real browser: keys and clicker keys move between slides; the timer runs."""

from __future__ import annotations

import datetime

import pytest
from browser_support import READY, wait_ready

from sipr_core import load_library

pytestmark = pytest.mark.e2e


def counter(page, text: str) -> None:
    """Wait until the bar at the foot of the screen says which slide this is."""
    page.locator(".st-key-present-nav").get_by_text(text, exact=True).wait_for()


def test_arrow_and_clicker_keys_move_between_slides_and_the_timer_closes_its_menu(app_server, context):
    store = app_server.store()
    rubric = load_library().get("micip-collaboration")
    info, key = store.sessions.create(
        rubric, district="Riverside", team="Present team", held_on=datetime.date.today(), facilitator="Ana"
    )
    context.add_cookies([{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/present?code={info.code}")
    wait_ready(page)
    counter(page, "Slide 1 of 7")
    first_title = rubric.groups[0].rows[0].title
    page.get_by_role("heading", name=first_title).wait_for()
    page.wait_for_timeout(500)  # the buttons' key listeners are attached just after they are drawn

    page.keyboard.press("ArrowRight")
    counter(page, "Slide 2 of 7")
    page.get_by_role("heading", name=rubric.groups[0].rows[1].title).wait_for()
    page.keyboard.press("PageDown")  # what a presentation clicker sends
    counter(page, "Slide 3 of 7")
    page.keyboard.press("PageUp")
    counter(page, "Slide 2 of 7")
    page.keyboard.press("ArrowLeft")
    counter(page, "Slide 1 of 7")
    assert "slide=1" in page.url

    page.get_by_role("button", name="Timer").click()
    start = page.get_by_role("button", name="Start timer")
    start.wait_for()
    page.get_by_label("Minutes").fill("25")
    page.get_by_label("Minutes").press("Enter")
    page.wait_for_selector(READY)  # (the navigation that wait_ready looks for is hidden here)
    start.click()
    page.locator("#sipr-timer").wait_for()
    start.wait_for(state="hidden")  # the menu closed, so the slide and the clock show
    clock = page.locator("#sipr-timer .clock").inner_text()
    assert clock.startswith(("25:00", "24:5")), clock
    timer = store.sessions.load(info.code).timer
    assert timer is not None and timer.minutes == 25
