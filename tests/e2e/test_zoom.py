"""Every page stays usable at 200 % browser zoom (WCAG 2.1, 1.4.4 and 1.4.10; issue 17).

A 1600x900 projector laptop zoomed to 200 % lays pages out in 800x450 CSS pixels: nothing may stick
out sideways (the reader would have to scroll in two directions to read a line), and the page's
buttons and links stay inside the window. Wide tables scroll inside their own frame, as they may.
"""

from __future__ import annotations

import datetime

import pytest
from browser_support import wait_ready

from sipr_core import load_library

pytestmark = pytest.mark.e2e

ZOOMED = {"width": 800, "height": 450}
PAGES = ["", "rate", "consensus", "dashboard", "progress", "present", "actions", "history", "summary",
         "district_view", "rubrics", "vote"]

# What sticks out beyond the window, ignoring what scrolls inside a frame of its own (tables, code).
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const own = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden')
          && p.tagName !== 'BODY' && !p.matches('[data-testid=stMain], [data-testid=stAppViewContainer], .stApp'))
        return true; }
    return false; };
  const out = [];
  for (const e of document.querySelectorAll('[data-testid=stMain] *')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.height && r.right > width + 1 && !own(e))
      out.push(`${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 2).join('.')} "${(e.innerText || '').slice(0, 40)}" right ${Math.round(r.right)}`);
  }
  return out.slice(0, 8);
}"""


@pytest.fixture(scope="module")
def session(app_server):
    store = app_server.store()
    rubric = load_library().get("micip-collaboration")
    info, key = store.sessions.create(
        rubric, district="Riverside Public Schools", team="District continuous improvement team",
        held_on=datetime.date(2026, 11, 23), facilitator="Ana Ruiz",
    )
    store.entries.set(info.code, key, "vision", "rating", actor="Ana Ruiz", level="developing",
                      evidence="Posters in 9 of 12 buildings", next_steps="Ask the board")
    store.actions.add(info.code, key, actor="Ana Ruiz", what="Share the plan", row_ids=["vision"])
    yield info.code, key
    store.close()


@pytest.mark.parametrize("path", PAGES, ids=[p or "start" for p in PAGES])
def test_nothing_sticks_out_sideways_at_200_percent_zoom(app_server, browser, session, path):
    code, key = session
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/{path}?code={code}")
    wait_ready(page)
    assert page.evaluate(STICKING_OUT) == []
    context.close()
