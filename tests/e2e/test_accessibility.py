"""WCAG 2.1 AA on every page in every state a meeting goes through, checked with axe-core in Chromium.

Each test makes its state through the store (a session, ratings, a round of votes, ...), opens the
page and fails on any violation of axe-core's WCAG 2.0/2.1 A and AA rules, printing the rule, the
element and the help text (a11y_support.py; Streamlit's own faults it names are its only exceptions).
"""

from __future__ import annotations

import datetime

import pytest
from a11y_support import assert_accessible
from browser_support import READY, choose, wait_ready

from sipr_core import load_library, report

pytestmark = pytest.mark.e2e

LIBRARY = load_library()
COLLABORATION = LIBRARY.get("micip-collaboration")
SIPR = LIBRARY.get("sipr-practice-profile")
BALANCE = "maintaining-balance"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def store(app_server):
    s = app_server.store()
    yield s
    s.close()


def new_session(store, rubric=COLLABORATION, **fields) -> tuple[str, str]:
    """A fresh session in the app's database: (join code, facilitator key)."""
    made = {
        "district": "Riverside Public Schools",
        "team": "District CI team",
        "held_on": datetime.date(2026, 11, 23),
        "facilitator": "Ana Ruiz",
        **fields,
    }
    info, key = store.sessions.create(rubric, **made)
    return info.code, key


def rate(store, code: str, key: str, levels: dict[str, str], dimension: str = "rating") -> None:
    for row_id, level in levels.items():
        store.entries.set(
            code, key, row_id, dimension, actor="Ana Ruiz", level=level,
            evidence=f"Minutes of the {row_id} meeting", next_steps="Ask the board",
        )


RATED = {"vision": "developing", "policies": "evolving", "routines": "beginning", "goal-setting": "developing"}


def as_facilitator(context, app_server, code: str, key: str) -> None:
    """This browser holds the session's facilitator key, as after creating it."""
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])


def open_page(context, app_server, path: str, settle_ms: int = 0):
    page = context.new_page()
    page.goto(f"{app_server.url}/{path}")
    wait_ready(page)
    if settle_ms:
        page.wait_for_timeout(settle_ms)
        page.wait_for_selector(READY)
    return page


def facilitator_page(context, app_server, code: str, key: str, page: str, settle_ms: int = 0):
    as_facilitator(context, app_server, code, key)
    joiner = "" if page.endswith("&") else "?"
    return open_page(context, app_server, f"{page}{joiner}code={code}", settle_ms)


# --- Start ---------------------------------------------------------------------------------------


def test_start_empty(app_server, context):
    assert_accessible(open_page(context, app_server, ""), "Start, empty")


def test_start_with_the_facilitators_guide_open(app_server, context):
    page = open_page(context, app_server, "")
    choose(page, "Continuum", COLLABORATION.title)
    page.get_by_text("Facilitator's guide from the source").click()
    page.get_by_text(COLLABORATION.guide[0].title).first.wait_for()
    wait_ready(page)
    assert_accessible(page, "Start, the facilitator's guide open")


def test_start_with_a_session(app_server, context, store):
    code, key = new_session(store)
    page = facilitator_page(context, app_server, code, key, "")
    page.get_by_text("Open session:").wait_for()
    assert_accessible(page, "Start, with a session")


def test_start_with_the_readiness_checklist_ticked(app_server, context, store):
    code, key = new_session(store)
    store.preparation.tick(code, key, COLLABORATION.guide[1].items[0], True)
    page = facilitator_page(context, app_server, code, key, "")
    page.get_by_text("1 of 4 ticked").wait_for()
    assert page.get_by_role("checkbox", name=COLLABORATION.guide[1].items[0]).is_checked()
    assert_accessible(page, "Start, the readiness checklist")


def test_start_with_my_sessions_listed(app_server, context, store):
    code, key = new_session(store)
    new_session(store, key=key, team="Second team")
    page = open_page(context, app_server, "")
    page.get_by_role("tab", name="My sessions").click()
    page.get_by_label("Facilitator key", exact=True).fill(key)
    page.get_by_role("button", name="Show my sessions").click()
    page.get_by_text("Second team").wait_for()
    wait_ready(page)
    assert_accessible(page, "Start, My sessions listed")


# --- Rate ----------------------------------------------------------------------------------------


def test_rate_empty(app_server, context, store):
    code, key = new_session(store)
    page = facilitator_page(context, app_server, code, key, "rate")
    page.locator('[data-testid="stSlider"]').first.wait_for()
    assert_accessible(page, "Rate, empty")


def test_rate_rated(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    page = facilitator_page(context, app_server, code, key, "rate")
    page.locator(".js-plotly-plot").first.wait_for()
    wait_ready(page)
    assert_accessible(page, "Rate, rated")


def test_rate_guided(app_server, context, store):
    code, key = new_session(store)
    page = facilitator_page(context, app_server, code, key, "rate")
    page.get_by_text("Guided: start from the highest level").click()
    page.get_by_role("button", name="Yes").first.wait_for()
    wait_ready(page)
    assert_accessible(page, "Rate, guided")


def test_rate_sipr_with_criteria(app_server, context, store):
    code, key = new_session(store, rubric=SIPR)
    page = facilitator_page(context, app_server, code, key, "rate")
    page.locator('[data-testid="stCheckbox"]').first.wait_for()
    wait_ready(page)
    assert_accessible(page, "Rate, SIPR with criteria")


# --- Consensus and the phone ballot ----------------------------------------------------------------

VOTED_ROWS = [("vision", "rating"), ("policies", "rating")]


def voting_session(store, votes: dict[str, tuple[str, str]] | None = None, **round_options):
    """A session with a round open on two rows and these participants' votes: (code, key, ids)."""
    code, key = new_session(store)
    store.voting.open_round(code, key, VOTED_ROWS, actor="Ana Ruiz", **round_options)
    ids = {}
    for name, levels in (votes or {}).items():
        ids[name] = store.voting.join(code, name).id
        for (row_id, dimension), level in zip(VOTED_ROWS, levels, strict=True):
            if level:
                store.voting.cast(code, ids[name], row_id, dimension, level)
    return code, key, ids


VOTES = {"Ben": ("developing", "beginning"), "Chloé": ("developing", "accomplished"), "Dev": ("evolving", "")}


def test_consensus_before_voting(app_server, context, store):
    code, key = new_session(store)
    page = facilitator_page(context, app_server, code, key, "consensus")
    page.locator(".live-total[data-joined]").wait_for()
    page.get_by_text("Vote on").wait_for()
    assert_accessible(page, "Consensus, before voting")


def test_consensus_voting_open(app_server, context, store):
    code, key, _ = voting_session(store, VOTES)
    page = facilitator_page(context, app_server, code, key, "consensus")
    page.locator(".live-total[data-votes]").wait_for()
    wait_ready(page)
    assert_accessible(page, "Consensus, voting open")


def test_consensus_revealed(app_server, context, store):
    code, key, _ = voting_session(store, VOTES)
    store.voting.reveal(code, key)
    page = facilitator_page(context, app_server, code, key, "consensus")
    page.locator('[class*="st-key-result-"]').first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    wait_ready(page)
    assert_accessible(page, "Consensus, revealed")


def test_consensus_recorded(app_server, context, store):
    code, key, _ = voting_session(store, VOTES)
    store.voting.reveal(code, key)
    page = facilitator_page(context, app_server, code, key, "consensus")
    result = page.locator('[class*="st-key-result-vision-rating"]')
    result.get_by_role("button", name="Record consensus").click()
    page.get_by_text("Recorded consensus:").first.wait_for()
    wait_ready(page)
    assert_accessible(page, "Consensus, recorded")


def test_consensus_small_groups(app_server, context, store):
    code, key, _ = voting_session(store, {"Ben": ("", ""), "Chloé": ("", ""), "Dev": ("", "")})
    store.groups.make(code, key, ["Group A", "Group B"])
    page = facilitator_page(context, app_server, code, key, "consensus")
    page.get_by_text("Small groups (Activity 2)").click()
    page.get_by_role("button", name="Move").wait_for()
    wait_ready(page)
    assert_accessible(page, "Consensus, small groups")


def test_the_live_vote_count_is_announced_politely_without_moving_the_focus(app_server, context, store):
    code, key, ids = voting_session(store, {"Ben": ("", ""), "Chloé": ("", "")})
    page = facilitator_page(context, app_server, code, key, "consensus")
    region = page.locator('[role="status"][aria-live="polite"]')
    region.wait_for(state="attached")
    assert region.text_content() == "0 of 4 votes in"
    page.get_by_role("button", name="Close voting").focus()
    store.voting.cast(code, ids["Ben"], "vision", "rating", "developing")
    page.wait_for_function(
        "() => document.querySelector('[role=status][aria-live=polite]').textContent === '1 of 4 votes in'"
    )
    assert page.evaluate("() => document.activeElement.textContent").endswith("Close voting")
    assert region.count() == 1, "one region, kept across the live view's redraws"


def phone(browser):
    device = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    device.set_default_timeout(30_000)
    return device


def ballot(device, app_server, code: str, participant: str | None = None):
    page = device.new_page()
    page.goto(f"{app_server.url}/vote?code={code}" + (f"&p={participant}" if participant else ""))
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)
    return page


def test_phone_ballot_join(app_server, browser, store):
    code, _, _ = voting_session(store)
    device = phone(browser)
    page = ballot(device, app_server, code)
    page.get_by_label("Your name").wait_for()
    assert_accessible(page, "Phone ballot, join")
    device.close()


def test_phone_ballot_voting(app_server, browser, store):
    code, _, ids = voting_session(store, {"Ben": ("", "")})
    device = phone(browser)
    page = ballot(device, app_server, code, ids["Ben"])
    page.get_by_text("You are voting as Ben.").wait_for()
    assert_accessible(page, "Phone ballot, voting")
    device.close()


def test_phone_ballot_voted(app_server, browser, store):
    code, _, ids = voting_session(store, {"Ben": ("developing", "beginning")})
    device = phone(browser)
    page = ballot(device, app_server, code, ids["Ben"])
    page.get_by_text("Saved:").first.wait_for()  # the ballot shows one row at a time
    assert_accessible(page, "Phone ballot, voted")
    device.close()


def test_phone_ballot_fits_a_320_px_phone_without_sideways_scrolling(app_server, browser, store):
    """WCAG 1.4.10 Reflow: 320 CSS pixels wide, as a small phone or a 1280 px screen at 400 % zoom."""
    code, _, ids = voting_session(store, {"Ben": ("developing", "evolving")})
    device = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = ballot(device, app_server, code, ids["Ben"])
    page.get_by_text("Saved:").first.wait_for()
    sticking_out = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
            .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > 321)
            .map(e => e.outerHTML.slice(0, 120))"""
    )
    assert sticking_out == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "Phone ballot, 320 px")
    device.close()


def test_phone_ballot_guided_walk(app_server, browser, store):
    code, _, ids = voting_session(store, {"Ben": ("", "")}, guided=True)
    device = phone(browser)
    page = ballot(device, app_server, code, ids["Ben"])
    page.get_by_role("button", name="No, look at the next level").tap()
    page.get_by_role("button", name="Up a level").wait_for()
    page.wait_for_selector(READY)
    assert_accessible(page, "Phone ballot, guided walk")
    device.close()


def test_present_with_the_guide_open(app_server, context, store):
    code, key = new_session(store)
    as_facilitator(context, app_server, code, key)
    page = context.new_page()
    page.goto(f"{app_server.url}/present?code={code}&slide=1")  # Present hides the navigation
    page.get_by_role("button", name="Guide").click()
    page.get_by_text("kept for this session, seen only by its facilitator").wait_for()
    page.wait_for_selector(READY)
    assert_accessible(page, "Present, the guide open")


def test_phone_ballot_after_reveal(app_server, browser, store):
    code, key, ids = voting_session(store, VOTES)
    store.voting.reveal(code, key)
    device = phone(browser)
    page = ballot(device, app_server, code, ids["Ben"])
    page.get_by_text("Voting is closed and the votes are on the projector.").wait_for()
    assert_accessible(page, "Phone ballot, after Reveal")
    device.close()


# --- Dashboard, Progress, Present, Action plan, Summary ------------------------------------------


def test_dashboard_with_ratings(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    page = open_page(context, app_server, f"dashboard?code={code}")
    page.locator(".js-plotly-plot").first.wait_for()
    assert_accessible(page, "Dashboard")
    page.get_by_text("The chart as a table").first.click()
    table = page.locator("table.chart-table")
    table.wait_for()
    assert table.locator("th[scope=row]").first.inner_text() == COLLABORATION.groups[0].rows[0].title
    assert_accessible(page, "Dashboard, the chart as a table")


def test_progress_with_a_baseline_and_a_follow_up(app_server, context, store):
    first, key = new_session(store, held_on=datetime.date(2025, 11, 20))
    rate(store, first, key, {"vision": "beginning", "policies": "developing"})
    second, _ = new_session(store, key=key, follow_up_of=first)
    rate(store, second, key, {"vision": "evolving", "policies": "developing"})
    page = facilitator_page(context, app_server, second, key, "progress")
    page.get_by_text("Baseline and follow-up").wait_for()
    page.locator(".js-plotly-plot").nth(1).wait_for()
    assert_accessible(page, "Progress, baseline and follow-up")


def test_present_a_row_and_the_whole_picture(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    as_facilitator(context, app_server, code, key)
    page = context.new_page()
    # not wait_ready: Present hides the navigation it waits for, so that wait raced the page's style
    page.goto(f"{app_server.url}/present?code={code}&slide=1")
    page.get_by_role("heading", name=COLLABORATION.groups[0].rows[0].title).wait_for()
    page.wait_for_selector(READY)
    assert_accessible(page, "Present, a row")
    page.goto(f"{app_server.url}/present?code={code}&slide=99")
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_selector(READY)
    assert_accessible(page, "Present, the whole picture")


def test_action_plan_with_items(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    store.actions.add(
        code, key, actor="Ana Ruiz", what="Revise the policy handbook", owner="Ben", row_ids=["policies"],
        due=datetime.date(2027, 1, 15),
    )
    page = facilitator_page(context, app_server, code, key, "actions")
    page.get_by_text("Next steps from the Rate page").wait_for()
    assert_accessible(page, "Action plan, with items")


def test_summary(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    page = facilitator_page(context, app_server, code, key, "summary")
    page.get_by_text("Download the summary").wait_for()
    assert_accessible(page, "Summary")


def test_the_downloaded_html_report(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    store.actions.add(code, key, actor="Ana Ruiz", what="Revise the policy handbook", row_ids=["policies"])
    made = report(store, code, "html", key)
    page = context.new_page()
    page.set_content(made.decode() if isinstance(made, bytes) else made)
    page.wait_for_timeout(300)
    assert_accessible(page, "HTML report")


def test_history(app_server, context, store):
    code, key = new_session(store)
    rate(store, code, key, RATED)
    page = facilitator_page(context, app_server, code, key, "history")
    page.get_by_text("Minutes of the vision meeting").first.wait_for()
    wait_ready(page)
    assert_accessible(page, "History")


# --- District view, Rubrics ----------------------------------------------------------------------


def test_district_view_with_schools(app_server, context, store):
    district, key = new_session(store, team="District team")
    schools = []
    for school, level in (("Lincoln Elementary", "developing"), ("Oak Middle", "evolving")):
        code, school_key = new_session(store, school=school, team=f"{school} team")
        rate(store, code, school_key, {"vision": level, "policies": "beginning", "planning": level})
        schools.append(code)
    store.district.link_schools(district, key, "\n".join(schools), actor="Ana Ruiz")
    page = facilitator_page(context, app_server, district, key, "district_view")
    page.get_by_text("Heatmap: every school").wait_for()
    page.locator(".js-plotly-plot").nth(1).wait_for()
    assert_accessible(page, "District view, with schools")


def test_district_view_with_the_schools_plans_and_adopt(app_server, context, store):
    district, key = new_session(store, team="District team")
    schools = []
    for school in ("Lincoln Elementary", "Oak Middle"):
        code, school_key = new_session(store, school=school, team=f"{school} team")
        rate(store, code, school_key, {"vision": "developing"})
        store.actions.add(code, school_key, actor="Pat", what=f"{school}: share the vision", row_ids=["vision"])
        schools.append(code)
    store.district.link_schools(district, key, "\n".join(schools), actor="Ana Ruiz")
    page = facilitator_page(context, app_server, district, key, "district_view")
    page.get_by_text("Show their action items and evidence").click()
    wait_ready(page)
    page.get_by_text("Adopt an action into the district's plan").wait_for()
    assert_accessible(page, "District view, the building teams' plans with Adopt")
    page.get_by_role("button", name="Adopt into the district plan").wait_for()


def test_rubrics_browse(app_server, context):
    page = open_page(context, app_server, "rubrics")
    assert_accessible(page, "Rubrics, browse")


def test_rubrics_add(app_server, context):
    page = open_page(context, app_server, "rubrics")
    page.get_by_role("tab", name="Add your district").click()
    wait_ready(page)
    assert_accessible(page, "Rubrics, add")


def test_rubrics_add_with_errors(app_server, context):
    page = open_page(context, app_server, "rubrics")
    page.get_by_role("tab", name="Add your district").click()
    wait_ready(page)
    page.locator('input[type="file"]').set_input_files(
        {"name": "broken.yaml", "mimeType": "text/yaml", "buffer": b"id: broken\ntitle: [unclosed\n"}
    )
    page.get_by_text("broken.yaml").first.wait_for()
    wait_ready(page)
    page.get_by_role("alert").first.wait_for()
    assert_accessible(page, "Rubrics, add with errors")
