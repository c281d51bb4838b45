"""A team's baseline and follow-up sessions, rated in the browser, and the change on the Progress page."""

from __future__ import annotations

import pytest
from browser_support import choose, screenshot, wait_ready
from test_rate_flow import COLLABORATION, set_level

pytestmark = pytest.mark.e2e


def create_dated_session(page, base_url: str, team: str, held_on: str, series: str | None = None) -> str:
    """Create a session in the browser; ``series``: the Series option to follow up (else a new series)."""
    page.goto(base_url)
    wait_ready(page)
    choose(page, "Continuum", COLLABORATION)
    if series is not None:
        choose(page, "Series", series)
    page.get_by_label("District", exact=True).fill("Lakeside Public Schools")
    page.get_by_label("Team", exact=True).fill(team)
    page.get_by_label("Facilitator (your name)").fill("Ana Ruiz")
    year, month, day = held_on.split("-")
    for part, value in (("year", year), ("month", month), ("day", day)):
        field = page.get_by_role("spinbutton", name=f"{part}, Date")
        field.click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    wait_ready(page)
    page.get_by_role("button", name="Create session").click()
    page.get_by_text("Session created").wait_for()  # with a new key, or the one this browser holds
    wait_ready(page)
    return page.url.split("code=")[1].split("&")[0]


def rate_first_row(page, steps: int) -> None:
    page.get_by_role("link", name="Rate", exact=True).click()
    wait_ready(page)
    set_level(page, 0, steps)


def test_a_baseline_and_a_follow_up_show_what_moved_on_the_progress_page(app_server, context):
    page = context.new_page()
    baseline = create_dated_session(page, app_server.url, "Progress team", "2025-11-20")
    rate_first_row(page, 1)  # Beginning
    follow_up = create_dated_session(
        page,
        app_server.url,
        "Progress team",
        "2026-11-20",
        series="Follow-up: Lakeside Public Schools · Progress team (1 session, the last on 20 Nov 2025)",
    )
    rate_first_row(page, 3)  # Evolving
    store = app_server.store()
    try:
        assert store.sessions.info(baseline).held_on.isoformat() == "2025-11-20"
        assert store.sessions.load(follow_up).entry("vision", "rating").rating.level == "evolving"
    finally:
        store.close()

    page.get_by_role("link", name="Progress", exact=True).click()
    wait_ready(page)
    page.get_by_text("Levels over time").wait_for()
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    page.get_by_text("Baseline and follow-up").scroll_into_view_if_needed()
    grid.scroll_into_view_if_needed()
    # the what-moved table draws on a canvas; its accessible table carries the text
    page.get_by_text("went up", exact=True).first.wait_for(state="attached")
    assert page.get_by_text("+2", exact=True).count() == 1
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == "1"
    trace = page.evaluate("() => document.querySelector('.js-plotly-plot').data.find(t => t.name === 'Vision & mission').y")
    assert trace == [1, 3]
    page.set_viewport_size({"width": 1600, "height": 1100})
    screenshot(page, "progress")


def test_a_target_picked_in_the_grid_is_stored_and_drawn_on_the_dashboard(app_server, context):
    page = context.new_page()
    code = create_dated_session(page, app_server.url, "Target team", "2026-11-20")
    rate_first_row(page, 2)  # Developing
    page.get_by_role("link", name="Progress", exact=True).click()
    wait_ready(page)
    grid = page.locator('[class*="st-key-targets-group"]')
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + box["width"] * 0.75, box["y"] + 55)  # the first line's level cell
    page.locator("#portal").get_by_text("Evolving", exact=True).click()
    toast = page.get_by_test_id("stToast")
    toast.wait_for()
    assert "Target saved." in toast.inner_text()
    wait_ready(page)
    store = app_server.store()
    try:
        assert store.targets.of(code).groups == {("culture", "rating"): "evolving"}
    finally:
        store.close()
    page.get_by_role("link", name="Dashboard", exact=True).click()
    wait_ready(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.data.some(t => t.name === 'Rating target'))"
    )
    target = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.find(t => t.name === 'Rating target').r"
    )
    assert target == [3, 3, 3, 3, 3, 3, 3]
    page.get_by_text("Evolving: 1 level to go").first.wait_for(state="attached")
