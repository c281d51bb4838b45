"""One district plan with embedded school plans, in a real browser: the district team's facilitator shows
two schools' action plans on the District view, adopts one action, and finds it in the district's Action
plan saying where it came from; the school's plan is unchanged, and adopting it again is refused."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from browser_support import wait_ready

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("SIPR_SHOTS", "/tmp/plans"))
NAMES = dict(district="Riverside Public Schools", facilitator="Ana Ruiz")


def seeded(store):
    """A district team's session with two schools' sessions linked, each with a plan: (code, key, lincoln)."""
    from sipr_core import load_library

    rubric = load_library().get("micip-collaboration")
    info, key = store.sessions.create(rubric, team="District CI team", held_on=datetime.date(2026, 11, 23), **NAMES)
    plans = {
        "Lincoln Elementary": [("Share the vision at every staff meeting", "vision", "in_progress")],
        "Oak Middle": [("Visit every classroom twice", "routines", "not_started"),
                       ("Post the goals in the hallway", "goal-setting", "done")],
    }
    codes = {}
    for n, (school, items) in enumerate(plans.items()):
        made, school_key = store.sessions.create(
            rubric, school=school, team="Building team", held_on=datetime.date(2026, 10, 1 + n), **NAMES
        )
        store.entries.set(made.code, school_key, "vision", "rating", actor="Pat", level="developing",
                          evidence=f"{school}: staff survey, October")
        for what, row, status in items:
            store.actions.add(made.code, school_key, actor="Pat", what=what, row_ids=[row], owner="Pat Kim",
                              status=status)
        codes[school] = made.code
    store.district.link_schools(info.code, key, "\n".join(codes.values()), actor="Ana Ruiz")
    return info.code, key, codes["Lincoln Elementary"]


def pick(page, label: str, option: str) -> None:
    """Pick an option of a selectbox, opening it again if a rerun closed it before the option showed."""
    box = page.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(5):
        box.click()
        try:
            wanted.wait_for(timeout=3000)
            break
        except Exception:  # noqa: BLE001 - closed by a rerun: open it again
            page.keyboard.press("Escape")
            wait_ready(page)
    wanted.click()
    wait_ready(page)


def facilitator_page(context, app_server, code: str, key: str, path: str):
    """The page at 1600x900 in a browser holding the session's facilitator key."""
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{app_server.url}/{path}?code={code}")
    wait_ready(page)
    return page


def shot(page, name: str, locator) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_the_district_sees_two_schools_plans_and_adopts_one_action(app_server, context):
    store = app_server.store()
    try:
        code, key, lincoln = seeded(store)
    finally:
        store.close()
    page = facilitator_page(context, app_server, code, key, "district_view")
    heading = page.get_by_text("Building teams' action plans", exact=True)
    heading.scroll_into_view_if_needed()
    page.get_by_text("Show their action items and evidence").click()
    wait_ready(page)
    # the table draws on a canvas; its accessible table carries the text
    for what in ("Share the vision at every staff meeting", "Visit every classroom twice"):
        page.get_by_text(what, exact=True).first.wait_for(state="attached")
    page.get_by_text("All 3 action items").wait_for()
    pick(page, "Building team's action", "Lincoln Elementary: Share the vision at every staff meeting")
    shot(page, "plans-adopt-projector", heading)
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "plans-adopt-phone", page.get_by_text("Adopt an action into the district's plan"))
    page.set_viewport_size({"width": 1600, "height": 900})
    page.get_by_role("button", name="Adopt into the district plan").click()
    page.get_by_text("Adopted into the district's Action plan: Share the vision at every staff meeting").wait_for()
    wait_ready(page)
    shot(page, "plans-adopted-projector", page.get_by_text("Adopt an action into the district's plan"))

    pick(page, "Building team's action",
           "Lincoln Elementary: Share the vision at every staff meeting (in the district's plan)")
    page.get_by_role("button", name="Adopt into the district plan").click()
    page.get_by_text("is in the district's action plan already").wait_for()

    page.get_by_role("link", name="Action plan", exact=True).click()
    wait_ready(page)
    page.get_by_text("Where it came from").first.wait_for(state="attached")
    page.get_by_text("Adopted from Lincoln Elementary — Building team", exact=True).first.wait_for(state="attached")
    store = app_server.store()
    try:
        (adopted,) = store.actions.items(code)
        assert adopted.what == "Share the vision at every staff meeting"
        assert [i.adopted for i in store.actions.items(lincoln)] == [None]
    finally:
        store.close()


def test_the_maintaining_balance_side_by_side_shows_each_team_s_actions_and_evidence(app_server, context):
    from sipr_core import load_library

    balance = load_library().get("micip-maintaining-balance")
    store = app_server.store()
    try:
        info, key = store.sessions.create(balance, team="District CI team", held_on=datetime.date(2026, 11, 23), **NAMES)
        store.entries.set(info.code, key, "team", "district", actor="Ana", level="needs-strengthening")
        store.actions.add(info.code, key, actor="Ana", what="Fund release time for chairs", row_ids=["team"])
        for n, school in enumerate(("Lincoln Elementary", "Oak Middle")):
            made, school_key = store.sessions.create(
                balance, school=school, team="Building CI team", held_on=datetime.date(2026, 10, 1 + n), **NAMES
            )
            store.entries.set(made.code, school_key, "team", "building", actor="Pat", level="in-place",
                              evidence=f"{school}: team roster posted in the office")
            store.actions.add(made.code, school_key, actor="Pat", what=f"{school}: name a chair", row_ids=["team"],
                              owner="Pat Kim", due="2027-01-15")
            store.templates.link(info.code, key, made.code, actor="Ana")
    finally:
        store.close()
    page = facilitator_page(context, app_server, info.code, key, "actions")
    heading = page.get_by_text("Building teams' templates", exact=True)
    heading.wait_for()
    # the table draws on a canvas; its accessible table carries the text
    page.get_by_text("Action: Lincoln Elementary: name a chair (Pat Kim, 2027-01-15, Not started)",
                     exact=False).first.wait_for(state="attached")
    page.get_by_text("Evidence (Building team): Oak Middle: team roster posted", exact=False).first.wait_for(
        state="attached"
    )
    shot(page, "balance-side-by-side-projector", heading)
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "balance-side-by-side-phone", heading)
