"""What the room sees: the layout of the projected pages at 1600x900 and of the same pages on a phone.

Positions come from the page (bounding boxes and computed styles), not from pixels in a screenshot.
The screenshots these tests take are the README's.
"""

from __future__ import annotations

import datetime

import pytest
from browser_support import screenshot, wait_ready

pytestmark = pytest.mark.e2e

PROJECTOR = {"width": 1600, "height": 900}
PHONE = {"width": 390, "height": 844}
# Each participant's vote on vision and on policies (1-based levels): policies is three levels apart.
VOTES = {"Ana": (2, 1), "Ben": (2, 1), "Chloé": (2, 2), "Dev": (3, 4), "Eve": (3, 4)}


def new_session(store, rubric_id: str, team: str):
    from sipr_core import load_library

    return store.sessions.create(
        load_library().get(rubric_id),
        district="Riverside Public Schools",
        team=team,
        held_on=datetime.date(2026, 11, 23),
        facilitator="Ana Ruiz",
    )


@pytest.fixture
def store(app_server):
    found = app_server.store()
    yield found
    found.close()


def revealed(store) -> tuple[str, str]:
    """A Collaboration session whose round on every row was revealed, with votes on two rows."""
    from sipr_core import cells_for, load_library

    info, key = new_session(store, "micip-collaboration", "Projector team")
    rubric = load_library().get("micip-collaboration")
    store.voting.open_round(info.code, key, list(cells_for(rubric, "all")), actor="Ana Ruiz")
    levels = rubric.level_ids()
    for name, (vision, policies) in VOTES.items():
        person = store.voting.join(info.code, name).id
        store.voting.cast(info.code, person, "vision", "rating", levels[vision - 1])
        store.voting.cast(info.code, person, "policies", "rating", levels[policies - 1])
    store.voting.reveal(info.code, key)
    return info.code, key


def opened(browser, app_server, viewport, code: str, key: str, path: str):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    context.set_default_timeout(30_000)
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/{path}?code={code}")
    if viewport is PHONE:  # the navigation is folded away on a phone
        page.wait_for_selector('[data-testid="stSidebarNav"], [data-testid="stTopNav"]', state="attached")
        page.wait_for_timeout(150)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    else:
        wait_ready(page)
    return context, page


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not on the page"
    return found


def bottom(locator) -> float:
    found = box(locator)
    return found["y"] + found["height"]


def header_bottom(page) -> float:
    return page.evaluate("() => document.querySelector('[data-testid=stHeader]').getBoundingClientRect().bottom")


def test_after_reveal_the_row_to_discuss_its_votes_and_level_texts_are_in_the_projectors_first_screen(
    app_server, browser, store
):
    code, key = revealed(store)
    context, page = opened(browser, app_server, PROJECTOR, code, key, "consensus")
    card = page.locator('[class*="st-key-result-policies-rating"]')
    card.locator(".js-plotly-plot").wait_for()
    page.wait_for_timeout(500)
    step = page.locator(".next-step")
    assert step.inner_text() == (
        "Next:Discuss Policies & structures (the votes are two or more levels apart), then record the team's level."
    )
    assert box(page.get_by_role("heading", name="Consensus · Isolation to Collaboration"))["y"] < 120
    first = page.locator('[class*="st-key-result-"]').first
    assert "Policies & structures" in first.locator("h3").inner_text()
    for part in (step, first.locator("h3"), first.locator(".js-plotly-plot"), first.locator(".vote-stats")):
        assert bottom(part) <= PROJECTOR["height"], part
    cards = first.locator(".level-card")
    assert cards.count() == 4
    for i in range(4):
        assert bottom(cards.nth(i)) <= PROJECTOR["height"], f"level text {i + 1} below the fold"
    assert "Policy and structures clearly outline" in cards.nth(3).inner_text()
    # every label of the dot chart reads from the back of the room
    sizes = first.locator(".js-plotly-plot text").evaluate_all(
        "texts => texts.filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 20, sizes
    assert page.get_by_role("button", name="Reveal the votes").count() == 0
    screenshot(page, "projector-consensus-revealed")
    context.close()


def test_at_zero_votes_the_projector_shows_the_next_step_and_offers_no_reveal(app_server, browser, store):
    from sipr_core import cells_for, load_library

    info, key = new_session(store, "micip-collaboration", "Waiting team")
    rubric = load_library().get("micip-collaboration")
    store.voting.open_round(info.code, key, list(cells_for(rubric, "all")), actor="Ana Ruiz")
    context, page = opened(browser, app_server, PROJECTOR, info.code, key, "consensus")
    page.locator(".live-total").wait_for()
    assert page.locator(".next-step").inner_text() == (
        "Next:Wait for people to join: they scan the QR code or open the link and type the join code."
    )
    assert page.get_by_role("button", name="Reveal the votes").count() == 0
    assert page.get_by_text("Nothing to reveal yet: Reveal appears once the first vote is in.").is_visible()
    assert bottom(page.locator(".next-step")) <= PROJECTOR["height"]
    screenshot(page, "projector-consensus-waiting")
    context.close()


def test_before_voting_the_open_voting_button_is_in_the_first_screen(app_server, browser, store):
    info, key = new_session(store, "micip-collaboration", "First vote team")
    context, page = opened(browser, app_server, PROJECTOR, info.code, key, "consensus")
    button = page.get_by_role("button", name="Open voting")
    button.wait_for()
    assert bottom(button) <= PROJECTOR["height"]
    context.close()


@pytest.mark.parametrize(("rubric_id", "area"), [("micip-collaboration", None), ("leadership-system", "Capacity")])
def test_on_rate_each_rows_level_texts_and_slider_fit_in_one_projector_screen(
    app_server, browser, store, rubric_id, area
):
    info, key = new_session(store, rubric_id, "Rate layout team")
    context, page = opened(browser, app_server, PROJECTOR, info.code, key, "rate")
    if area:
        page.locator("[data-testid=stButtonGroup] button", has_text=area).click()
        page.wait_for_timeout(300)
        wait_ready(page)
    rows = page.locator('[class*="st-key-row-"]')
    rows.first.locator('[data-testid="stSlider"]').wait_for()
    visible = PROJECTOR["height"] - header_bottom(page)
    assert rows.count() >= 5
    for i in range(rows.count()):
        row = rows.nth(i)
        top = box(row.locator("h3"))["y"]
        assert box(row.locator(".level-card").first)["y"] > top
        span = bottom(row.locator('[data-testid="stSlider"]')) - top
        assert span <= visible, f"row {i + 1}: heading to slider {span:.0f} px, the screen shows {visible:.0f}"
    # the slider's end labels show without hovering or focusing it
    ends = rows.first.locator('[data-testid="stSlider"]').evaluate(
        """s => [...s.querySelectorAll('*')].filter(e => !e.children.length && e.textContent.trim())
        .map(e => { let o = 1; for (let n = e; n && n !== s.parentElement; n = n.parentElement)
        o *= parseFloat(getComputedStyle(n).opacity); return [e.textContent.trim(), o]; })"""
    )
    top_level = "Accomplished (Collaborative)" if rubric_id == "micip-collaboration" else "Keep Improving"
    assert [top_level, 1] in ends, ends
    if rubric_id == "leadership-system":
        screenshot(page, "projector-rate")
    context.close()


def test_the_dashboard_table_shows_whole_evidence_inside_the_screen_in_readable_type(app_server, browser, store):
    info, key = new_session(store, "micip-collaboration", "Dashboard team")
    evidence = "\n".join(f"Line {n} of what we saw in the buildings this autumn" for n in range(1, 8))
    store.entries.set(info.code, key, "vision", "rating", actor="Ana Ruiz", level="evolving", evidence=evidence)
    context, page = opened(browser, app_server, PROJECTOR, info.code, key, "dashboard")
    table = page.locator(".ratings-table")
    table.wait_for()
    assert box(table)["x"] + box(table)["width"] <= PROJECTOR["width"]
    cell = table.locator('td[data-key="evidence"]').first
    assert cell.inner_text() == evidence
    assert cell.evaluate("c => c.scrollHeight <= c.clientHeight + 1 && c.scrollWidth <= c.clientWidth + 1")
    assert cell.evaluate("c => parseFloat(getComputedStyle(c).fontSize)") >= 18
    heading = table.locator('th[data-key="title"]')
    assert box(heading)["x"] + box(heading)["width"] <= PROJECTOR["width"]
    context.close()


def test_on_a_phone_the_pages_fit_its_width_and_level_texts_stack(app_server, browser, store):
    code, key = revealed(store)
    context, page = opened(browser, app_server, PHONE, code, key, "consensus")
    page.locator('[class*="st-key-result-policies-rating"] .js-plotly-plot').wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert bottom(page.locator(".next-step")) <= PHONE["height"]
    cards = page.locator('[class*="st-key-result-policies-rating"] .level-card')
    widths = [box(cards.nth(i))["width"] for i in range(cards.count())]
    assert len(widths) == 4 and min(widths) >= 300, widths  # one above the other, not four slivers
    screenshot(page, "phone-consensus-revealed")
    page.goto(f"{app_server.url}/rate?code={code}")
    page.locator('[class*="st-key-row-"] [data-testid="stSlider"]').first.wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    first = page.locator('[class*="st-key-row-"] .level-card')
    assert min(box(first.nth(i))["width"] for i in range(4)) >= 300
    context.close()
