"""The ballot on a phone (issue 16): the first choice in view, choices counted as choices, a comment kept
while the page refreshes, and a join link a phone can open.

Phones are Chromium at 390x844 with touch; the projector is 1600x900.
"""

from __future__ import annotations

import datetime
import re

import pytest
from browser_support import READY, screenshot, tap_level, wait_ready

from sipr_core import load_library

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LEVELS = ["Beginning (Individualistic)", "Developing", "Evolving", "Accomplished (Collaborative)"]


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)


def session(app_server, rubric_id="micip-collaboration", rows=2, **options):
    """A session with voting open on its first `rows` rows: (store, code, key)."""
    store = app_server.store()
    rubric = load_library().get(rubric_id)
    info, key = store.sessions.create(
        rubric, district="Riverside Public Schools", team="Phones", held_on=datetime.date.today(), facilitator="Ana"
    )
    cells = [(row.id, d) for _, row in rubric.rows() for d in rubric.dimension_ids()][:rows]
    store.voting.open_round(info.code, key, cells, actor="Ana", **options)
    return store, info.code, key


def join(browser, app_server, code, name, touch=True):
    device = browser.new_context(viewport=PHONE, is_mobile=touch, has_touch=touch)
    device.set_default_timeout(30_000)
    page = device.new_page()
    page.goto(f"{app_server.url}/vote?code={code}")
    settle(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You are voting as").wait_for()
    settle(page)
    return device, page


def test_the_first_choice_is_in_view_on_a_phone_with_the_rows_short_title(app_server, browser):
    store, code, _ = session(app_server, "leadership-system", rows=5, guided=True)
    device, phone = join(browser, app_server, code, "Chloé")
    phone.get_by_text("0 of 5 voted").wait_for()
    assert phone.get_by_role("heading", name="1 Vision & mission").is_visible()
    phone.get_by_role("button", name="Show every level").tap()  # a guided round walks first (its own test)
    settle(phone)
    first = phone.locator(".st-key-ballot-levels button").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 60 < PHONE["height"], f"the first choice starts at {box}"
    assert first.inner_text().startswith("Keep Improving")  # guided: the highest level first
    assert box["height"] >= 48 and box["width"] >= 300  # a thumb's target
    screenshot(phone, "vote-phone-ballot")
    first.tap()
    phone.get_by_text("Saved: Keep Improving").wait_for()
    phone.get_by_text("1 of 5 voted").wait_for()
    device.close()
    store.close()


def test_how_far_the_team_moved_counts_choices_by_keyboard_tap_and_change_of_mind(app_server, browser, context):
    store, code, key = session(app_server, rows=1)
    ana, ana_page = join(browser, app_server, code, "Ana", touch=False)
    evolving = ana_page.locator(".st-key-ballot-levels button").filter(has_text=re.compile("^Evolving"))
    evolving.focus()  # the keyboard: Tab to the level, then Enter
    ana_page.keyboard.press("Enter")
    ana_page.get_by_text("Saved: Evolving").wait_for()
    ben, ben_page = join(browser, app_server, code, "Ben")
    tap_level(ben_page, "Developing", settle)
    cy, cy_page = join(browser, app_server, code, "Cy")
    tap_level(cy_page, LEVELS[0], settle)
    cy_page.wait_for_timeout(1_000)  # the discussion
    tap_level(cy_page, "Evolving", settle)  # a change of mind: two levels
    store.voting.reveal(code, key)

    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    board = context.new_page()
    board.goto(f"{app_server.url}/consensus?code={code}")
    wait_ready(board)
    board.get_by_text("How far the team moved").wait_for()
    board.locator('[data-testid="stMetric"]').nth(2).wait_for()  # drawn after the heading, in the same run
    wait_ready(board)
    metrics = board.locator('[data-testid="stMetric"]').all_inner_texts()
    assert [" ".join(m.split()) for m in metrics] == [
        "People who voted 3",
        "First vote to last vote 0.67 levels",  # Cy's two levels over three people; Ana's keys count nothing
        "First vote to consensus –",
    ]
    for device in (ana, ben, cy):
        device.close()
    store.close()


def test_a_comment_typed_while_the_ballot_refreshes_is_kept_and_saved(app_server, browser):
    store, code, key = session(app_server, rows=1)
    device, phone = join(browser, app_server, code, "Dev")
    box = phone.get_by_label("Your comment (optional)")
    typed = "Posters in 9 of 12 buildings; the mission is read at every staff meeting"
    box.press_sequentially(typed, delay=90)  # about seven seconds: the ballot refreshes meanwhile
    assert box.input_value() == typed
    phone.get_by_text("Vision & mission").first.click()  # the cursor leaves the box: it saves
    phone.get_by_text("Comment saved.").wait_for()
    (participant,) = store.sessions.load(code).participants
    assert store.voting.ballot(code, participant.id).comments == {("vision", "rating"): typed}
    device.close()
    store.close()


def test_a_projector_on_localhost_offers_the_computers_network_addresses_for_the_qr_code(app_server, context):
    store, code, key = session(app_server, rows=1)
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    board = context.new_page()
    board.goto(f"{app_server.url}/consensus?code={code}")  # app_server.url is http://localhost:<port>
    wait_ready(board)
    warning = board.get_by_text("Phones cannot open http://localhost:")
    warning.wait_for()
    chooser = board.get_by_role("combobox", name="Address for phones")
    chooser.wait_for()  # drawn after the warning, in the same run
    assert chooser.count() == 1
    link = board.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert re.fullmatch(rf"http://[0-9.]+:{app_server.port}/vote\?code={code}", link), link
    assert "localhost" not in link and "127.0.0.1" not in link
    screenshot(board, "consensus-phone-address")
    store.close()
