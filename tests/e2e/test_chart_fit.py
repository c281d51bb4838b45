"""Charts fit the screen they are drawn on: a phone's radar fills its width, a projector's keeps large text.

On a 390 px phone the room's margins (110 px each side) left the Dashboard's radar 132 px wide under a
tall empty band, its level names over the axis names.
"""

from __future__ import annotations

import pytest
from browser_support import READY
from test_accessibility import COLLABORATION, new_session, open_page, rate

pytestmark = pytest.mark.e2e

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    " Version/17.0 Mobile/15E148 Safari/604.1"
)

# Where the radar's circle and each axis name (and level name) are drawn, in page pixels.
GEOMETRY = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    svg: box(plot.querySelector('.main-svg')),
    circle: box(plot.querySelector('.polarlayer path.maindrag')),
    axes: [...plot.querySelectorAll('.polarlayer .angularaxistick text')].map(box),
    levels: [...plot.querySelectorAll('.polarlayer .radial-axis .xtick text')].map(box),
  };
}"""


@pytest.fixture(scope="module")
def store(app_server):
    s = app_server.store()
    yield s
    s.close()


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_on_a_phone_the_dashboards_radar_fills_the_width_and_its_names_do_not_overlap(app_server, browser, store):
    code, key = new_session(store)
    rate(store, code, key, {"vision": "developing", "policies": "evolving", "routines": "beginning"})
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=IPHONE
    )
    try:
        page = phone.new_page()
        page.goto(f"{app_server.url}/dashboard?code={code}")
        page.wait_for_selector(READY)
        page.locator(".js-plotly-plot .polarlayer .angularaxistick text").first.wait_for()
        page.wait_for_timeout(300)
        drawn = page.evaluate(GEOMETRY)
    finally:
        phone.close()
    width = drawn["circle"][2] - drawn["circle"][0]
    assert width >= 0.5 * 390, f"the radar is {width:.0f} px wide on a 390 px phone"
    for name in drawn["axes"]:
        assert name[0] >= 0 and name[2] <= 390, f"an axis name runs off the phone's screen: {name}"
        for level in drawn["levels"]:
            assert not overlap(name, level), "a level's name is drawn over an axis name"


def test_the_projectors_dashboard_keeps_the_rooms_large_text(app_server, context, store):
    code, key = new_session(store, rubric=COLLABORATION)
    page = open_page(context, app_server, f"dashboard?code={code}")
    page.locator(".js-plotly-plot .polarlayer .angularaxistick text").first.wait_for()
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.angularaxistick text')).fontSize)"
    )
    assert size >= 18
