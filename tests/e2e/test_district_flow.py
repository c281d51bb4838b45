"""A district facilitator pastes building teams' join codes and reads the District view, in a real browser."""

from __future__ import annotations

import datetime
import random

import pytest
from browser_support import screenshot, wait_ready

pytestmark = pytest.mark.e2e

SCHOOLS = [
    "Adams Middle", "Baker High", "Cedar Elementary", "Douglass Elementary", "Eastside Middle",
    "Franklin High", "Garfield Elementary", "Hillcrest Elementary", "Jefferson Middle", "Lincoln Elementary",
]


def test_the_facilitator_adds_ten_schools_by_pasting_codes_and_sees_the_heatmap(app_server, context):
    from sipr_core import load_library

    store = app_server.store()
    sipr = load_library().get("sipr-practice-profile")
    levels = sipr.level_ids()
    pick = random.Random(4)
    info, key = store.sessions.create(
        sipr, district="Riverside Public Schools", team="District CI team",
        held_on=datetime.date(2026, 11, 23), facilitator="Ana Ruiz",
    )
    for _, row in sipr.rows():
        store.entries.set(info.code, key, row.id, "implementation", actor="Ana", level=pick.choice(levels[1:]))
        store.entries.set(info.code, key, row.id, "scale", actor="Ana", level=pick.choice(levels[:3]))
    codes = []
    for n, name in enumerate(SCHOOLS):
        school, school_key = store.sessions.create(
            sipr, district="Riverside Public Schools", school=name, team="Building team",
            held_on=datetime.date(2026, 10, 1 + n), facilitator="Pat Kim",
        )
        for i, (_, row) in enumerate(sipr.rows()):
            if (n + i) % 7 == 0:
                continue  # a few rows not rated yet
            level = levels[min(3, max(0, (n % 4) + pick.choice([-1, 0, 0, 1])))]
            store.entries.set(school.code, school_key, row.id, "implementation", actor="Pat", level=level)
        codes.append(school.code)

    context.add_cookies([{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/district_view?code={info.code}")
    wait_ready(page)
    page.get_by_text("No building team's session is in this District view yet.").wait_for()
    page.get_by_role("textbox", name="Join codes of building teams' sessions").fill("\n".join(codes[:9]) + f", {codes[9].lower()}, oops")
    page.get_by_role("button", name="Add these sessions").click()
    page.get_by_text("Added 10 sessions:").wait_for()
    wait_ready(page)
    page.get_by_text("oops: not a join code (a join code looks like 7KQ-M2X-9RD).").wait_for()
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    labels = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].y")
    assert labels == SCHOOLS
    assert sorted(i.code for i in store.templates.linked(info.code)) == sorted(codes)

    page.reload()  # the links are saved: a fresh page shows the same view
    wait_ready(page)
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    assert page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].y") == SCHOOLS
    page.get_by_text("Heatmap: every school's level on every characteristic").evaluate(
        "e => e.scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(500)
    screenshot(page, "district-view")

    # the dimension switch redraws the heatmap (only the charts rerun): no school rated Scale
    page.locator("[data-testid=stButtonGroup] button", has_text="Scale").click()
    page.wait_for_function(
        "() => { const e = document.querySelector('.js-plotly-plot');"
        " return !!(e && e.data) && e.data[0].text.flat().every(t => t === '–'); }"
    )
    store.close()
