"""A facilitator creates a session, rates rows with the slider and types evidence, in a real browser."""

from __future__ import annotations

import datetime

import pytest
from browser_support import choose, screenshot, step_slider, wait_ready

from sipr_core import load_library
from sipr_core.session import MAX_TEXT

pytestmark = pytest.mark.e2e


def radar_r(page) -> list:
    """The r values of the last trace of the page's radar."""
    page.wait_for_selector(".js-plotly-plot .main-svg")
    return page.evaluate("() => document.querySelector('.js-plotly-plot').data.at(-1).r")


COLLABORATION = "Shift from a Culture of Isolation to a Culture of Collaboration"


def create_session(page, base_url: str, team: str) -> str:
    page.goto(base_url)
    wait_ready(page)
    choose(page, "Continuum", COLLABORATION)
    page.get_by_label("District", exact=True).fill("Riverside Public Schools")
    page.get_by_label("Team", exact=True).fill(team)
    page.get_by_label("Facilitator (your name)").fill("Ana Ruiz")
    page.get_by_role("button", name="Create session").click()
    page.get_by_text("Session created. This browser keeps its facilitator key.").wait_for()
    wait_ready(page)
    return page.url.split("code=")[1].split("&")[0]


def set_level(page, row: int, steps: int) -> None:
    """Move the row's slider right by `steps` levels with the keyboard, one saved step at a time."""
    step_slider(page, row, steps)


def wait_for_sliders(page, expected: list[str], context) -> None:
    """Wait up to 15 s for the first sliders to show these levels; fail with what they show."""
    try:
        page.wait_for_function(
            "(want) => { const t = [...document.querySelectorAll('[data-testid=stSlider] input[type=range]')];"
            " return want.every((v, i) => t[i] && t[i].getAttribute('aria-valuetext') === v); }",
            arg=expected,
            timeout=15_000,
        )
    except Exception:  # noqa: BLE001 - report what the page and the store hold
        thumbs = page.locator('[data-testid="stSlider"] input[type="range"]')
        shown = [thumbs.nth(i).get_attribute("aria-valuetext") for i in range(len(expected))]
        raise AssertionError(f"the page shows {shown}, expected {expected}; {context()}") from None


def test_rate_three_rows_then_reload_and_open_in_a_second_browser(app_server, context, browser):
    page = context.new_page()
    code = create_session(page, app_server.url, "District CI team")
    page.get_by_role("link", name="Rate", exact=True).click()
    wait_ready(page)
    assert radar_r(page)[:3] == [None, None, None]

    set_level(page, 0, 2)  # vision: Developing
    set_level(page, 1, 3)  # policies: Evolving
    set_level(page, 2, 4)  # routines: Accomplished
    assert radar_r(page)[:3] == [2, 3, 4]

    evidence = page.get_by_label("Evidence").first
    evidence.fill("Vision posters in 9 of 12 buildings")
    evidence.press("Tab")
    page.wait_for_timeout(400)
    wait_ready(page)
    page.mouse.move(500, 600)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(500)
    assert page.locator(".st-key-radar-panel").bounding_box()["y"] < 200, "the radar stays in view while scrolling"
    page.mouse.wheel(0, -3000)
    page.wait_for_timeout(500)
    screenshot(page, "rate")

    page.reload()
    wait_ready(page)
    stored = app_server.store().sessions.load(code)
    levels = [stored.entry(row, "rating").rating.level for row in ("vision", "policies", "routines")]
    key = [c for c in context.cookies() if c["name"].startswith("sipr_key")][0]["value"]
    history = [(c.row_id, c.field, c.old, c.new, c.at) for c in app_server.store().history.changes(code, key)]
    assert levels == ["developing", "evolving", "accomplished"], history
    expected = ["Developing", "Evolving", "Accomplished (Collaborative)"]
    # under load the reloaded page can still be drawing its row fragments: wait, then say what it shows
    wait_for_sliders(page, expected, lambda: f"store history {history}")
    assert page.get_by_label("Evidence").first.input_value() == "Vision posters in 9 of 12 buildings"
    assert radar_r(page)[:3] == [2, 3, 4]

    key_cookie = [c for c in context.cookies() if c["name"] == "sipr_key_" + code.replace("-", "")]
    assert len(key_cookie) == 1, "the facilitator key is kept in a cookie, not the URL"
    assert key_cookie[0]["value"] not in page.url

    other = browser.new_context(viewport={"width": 1600, "height": 1000})
    other.add_cookies([{**key_cookie[0]}])
    second = other.new_page()
    second.goto(f"{app_server.url}/rate?code={code}")
    wait_ready(second)
    wait_for_sliders(
        second,
        expected,
        lambda: f"store history {[(c.row_id, c.field, c.old, c.new) for c in app_server.store().history.changes(code, key)]}",
    )
    stored = app_server.store().sessions.load(code)
    assert [stored.entry(r, "rating").rating.level for r in ("vision", "policies", "routines")] == [
        "developing", "evolving", "accomplished"
    ], "opening the session in a second browser must not change it"
    assert second.get_by_label("Evidence").first.input_value() == "Vision posters in 9 of 12 buildings"
    other.close()


def test_a_restart_of_the_server_loses_nothing(app_server, context):
    page = context.new_page()
    code = create_session(page, app_server.url, "Restart team")
    page.get_by_role("link", name="Rate", exact=True).click()
    wait_ready(page)
    set_level(page, 3, 1)  # goal-setting: Beginning
    app_server.stop()
    app_server.start()
    page.goto(f"{app_server.url}/rate?code={code}")
    wait_ready(page)
    # the first request after a restart runs twice (see pages/common.through_app): wait for the page
    page.wait_for_function(
        "() => { const t = document.querySelectorAll('[data-testid=stSlider] input[type=range]')[3];"
        " return t && t.getAttribute('aria-valuetext') !== 'Not rated'; }",
        timeout=20_000,
    )
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(3)
    assert thumb.get_attribute("aria-valuetext") == "Beginning (Individualistic)"
    stored = app_server.store().sessions.load(code).entry("goal-setting", "rating").rating.level
    assert stored == "beginning"


def test_the_dashboard_shows_a_second_device_the_ratings_without_the_key(app_server, context, browser):
    page = context.new_page()
    code = create_session(page, app_server.url, "Dashboard team")
    page.get_by_role("link", name="Rate", exact=True).click()
    wait_ready(page)
    set_level(page, 0, 3)
    set_level(page, 1, 2)
    set_level(page, 4, 4)
    evidence = page.get_by_label("Evidence").first
    evidence.fill("Mission statement reviewed by every building team")
    evidence.press("Tab")
    page.wait_for_timeout(400)
    wait_ready(page)

    viewer = browser.new_context(viewport={"width": 1600, "height": 1000})  # no facilitator key
    board = viewer.new_page()
    board.goto(f"{app_server.url}/dashboard?code={code}")
    wait_ready(board)
    assert radar_r(board)[:6] == [3, 2, None, None, 4, None]
    # the table is a canvas grid: its cells exist for screen readers, hidden from view
    board.get_by_text("Mission statement reviewed by every building team").first.wait_for(state="attached")
    screenshot(board, "dashboard")
    viewer.close()


def test_fast_key_presses_leave_the_slider_and_the_chart_in_agreement(app_server, context):
    page = context.new_page()
    create_session(page, app_server.url, "Fast hands team")
    page.get_by_role("link", name="Rate", exact=True).click()
    wait_ready(page)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(2)
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowRight")
    page.wait_for_timeout(1500)
    wait_ready(page)
    shown = thumb.get_attribute("aria-valuetext")
    names = ["Not rated", "Beginning (Individualistic)", "Developing", "Evolving", "Accomplished (Collaborative)"]
    assert shown != "Not rated"
    assert radar_r(page)[2] == names.index(shown)
    page.reload()
    wait_ready(page)
    assert page.locator('[data-testid="stSlider"] input[type="range"]').nth(2).get_attribute("aria-valuetext") == shown


def test_a_long_continuum_in_the_browser_one_area_at_a_time_with_errors_in_their_row(app_server, context):
    store = app_server.store()
    info, key = store.sessions.create(
        load_library().get("leadership-system"), district="Riverside Public Schools", team="Leadership team",
        held_on=datetime.date(2026, 11, 23), facilitator="Ana Ruiz",
    )
    context.add_cookies([{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/rate?code={info.code}")
    wait_ready(page)
    page.get_by_text("Capacity (0/7)").click()
    wait_ready(page)
    page.get_by_role("heading", name="Progress indicator 9").wait_for()

    set_level(page, 0, 3)  # indicator 9: Not started, Getting Started, then Getting Better
    page.get_by_text("Capacity (1/7)").wait_for()  # the group picker counts it in the same interaction
    page.get_by_text("1 of 28 progress indicators rated").wait_for()
    assert store.sessions.load(info.code).entry("9", "rating").rating.level == "getting-better"

    row = page.locator(".st-key-row-10a")
    evidence = row.get_by_label("Evidence")
    evidence.fill("x" * (MAX_TEXT + 1))
    evidence.press("Tab")
    message = f"Evidence is too long: {MAX_TEXT + 1:,} characters (the limit is {MAX_TEXT:,})."
    row.get_by_text(message).wait_for()  # in the row, not in place of the page's title
    assert page.get_by_role("heading", name="Leadership System").count() == 1
    assert store.sessions.load(info.code).entry("10a", "rating").evidence == ""

    page.get_by_text("Guided: start from the highest level and move down").click()
    wait_ready(page)
    page.locator(".st-key-row-10b").get_by_role("button", name="No, show the level below").click()
    wait_ready(page)
    page.locator(".st-key-row-10b").get_by_role("button", name="Yes, this fits").click()
    wait_ready(page)
    page.get_by_text("2 of 28 progress indicators rated").wait_for()
    assert store.sessions.load(info.code).entry("10b", "rating").rating.level == "getting-better"
    store.close()


def test_leaving_with_text_not_yet_saved_asks_first_and_saved_text_does_not(app_server, context):
    from sipr_core import load_library

    store = app_server.store()
    info, key = store.sessions.create(
        load_library().get("micip-collaboration"), district="Riverside Public Schools", team="Guard team",
        held_on=datetime.date(2026, 11, 23), facilitator="Ana Ruiz",
    )
    context.add_cookies([{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": app_server.url}])
    asked = []

    def open_rate_page():
        page = context.new_page()
        page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
        page.goto(f"{app_server.url}/rate?code={info.code}")
        wait_ready(page)
        return page

    page = open_rate_page()
    page.get_by_label("Evidence").first.click()
    page.keyboard.type("Typed but not yet saved")
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert asked == ["beforeunload"]

    page = open_rate_page()
    evidence = page.get_by_label("Evidence").first
    evidence.click()
    page.keyboard.type("Saved by clicking away")
    page.get_by_role("heading").first.click()  # the box loses the cursor and saves
    for _ in range(100):
        if any(e.evidence == "Saved by clicking away" for e in store.sessions.load(info.code).entries.values()):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the evidence was not saved when the box lost the cursor")
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert asked == ["beforeunload"], "saved text does not hold the page"
    store.close()
