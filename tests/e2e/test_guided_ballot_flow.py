"""The guided walk on a phone (issue 18, item 7): a building team's guided round shows one level at a
time from the top, asks about the school, and keeps "Yes" and "No" where a thumb reaches them.

Phones are Chromium at 390x844 with touch.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from browser_support import READY

from sipr_core import load_library

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("SIPR_SHOTS", "/tmp/sipr-guided-ballot"))
"""Where the pictures of the walk go: they are for looking at, not the README's screenshots."""


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)


def in_thumb_reach(page, name: str) -> dict:
    """The button's box, after checking it is wholly in view and big enough for a thumb."""
    box = page.get_by_role("button", name=name).bounding_box()
    assert box is not None, name
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"{name} is out of view: {box}"
    assert box["height"] >= 44 and box["width"] >= 150, f"{name} is too small for a thumb: {box}"
    return box


def test_a_building_teams_guided_walk_on_a_phone(app_server, browser):
    store = app_server.store()
    rubric = load_library().get("micip-collaboration")
    info, key = store.sessions.create(
        rubric, district="Riverside Public Schools", school="Oak Middle School", team="Oak Middle CI team",
        held_on=datetime.date.today(), facilitator="Ana",
    )  # fmt: skip
    cells = [("vision", "rating"), ("policies", "rating")]
    store.voting.open_round(info.code, key, cells, actor="Ana", guided=True)
    ben = store.voting.join(info.code, "Ben")
    device = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    device.set_default_timeout(30_000)
    phone = device.new_page()
    phone.goto(f"{app_server.url}/vote?code={info.code}&p={ben.id}")
    settle(phone)
    phone.get_by_text("To what extent does this describe your school?").wait_for()
    assert phone.get_by_role("heading", name="Accomplished (Collaborative)").is_visible()
    yes = in_thumb_reach(phone, "Yes, this describes us")
    no = in_thumb_reach(phone, "No, look at the next level")
    assert abs(no["y"] - yes["y"]) < 2 and no["x"] > yes["x"]  # side by side at the foot of the screen
    level = phone.locator(".st-key-guided-level").bounding_box()
    assert level is not None and level["y"] >= 0 and level["y"] + level["height"] <= yes["y"], level
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "guided-phone-top.png"))
    phone.get_by_role("button", name="No, look at the next level").tap()
    phone.get_by_role("heading", name="Evolving").wait_for()
    settle(phone)
    in_thumb_reach(phone, "Yes, this describes us")
    phone.screenshot(path=str(SHOTS / "guided-phone-evolving.png"))
    phone.get_by_role("button", name="Yes, this describes us").tap()
    phone.get_by_text("Saved: Evolving").wait_for()
    settle(phone)
    assert store.voting.ballot(info.code, ben.id).mine == {("vision", "rating"): "evolving"}
    phone.screenshot(path=str(SHOTS / "guided-phone-saved.png"))
    phone.get_by_role("button", name="Next").tap()
    phone.get_by_role("heading", name="Policies & structures").wait_for()
    settle(phone)
    assert phone.get_by_role("heading", name="Accomplished (Collaborative)").is_visible()  # the walk again
    device.close()
    store.close()
