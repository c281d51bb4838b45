"""The toolkit's meeting end to end from one join code (issue 18, done when): Activity 1 answered on three
phones and revealed grouped, Activity 2 rated by two small groups and merged, Activity 3 rated on the
building team's column of Maintaining Balance, and the meeting's summary holding all three.

The facilitator's browser is 1600x900, the phones 390x844 with touch. Everything a person does goes
through the pages, as in a browser: the facilitator moves the agenda, opens each continuum on Consensus,
forms the small groups there, opens and reveals the votes and records the consensus; the store is read
only to check what was saved. The agenda and the phone's answer form get an axe check.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from a11y_support import assert_accessible
from browser_support import READY, choose, screenshot, tap_level
from playwright.sync_api import expect
from pypdf import PdfReader
from test_zoom import STICKING_OUT

from sipr_core import agenda_templates, cell_label, load_library

pytestmark = pytest.mark.e2e

PROJECTOR = {"width": 1600, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWERS = [
    ("Ana", "Systems thinking", "We stop working alone."),
    ("Ben", "systems thinking!", "Same <b>here</b>."),
    ("Cy", "Equity", "Every school, every child."),
]
BUILDING = {  # Activity 3: every phone's vote, and so the level recorded, on each row's building team column
    "team": "in-place",
    "needs": "needs-strengthening",
    "goals": "in-place",
    "barriers": "needs-creating",
    "communication": "in-place",
    "monitoring": "needs-strengthening",
}


def settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(READY)


def create_meeting(browser, app_server):
    device = browser.new_context(viewport=PROJECTOR)
    device.set_default_timeout(30_000)
    page = device.new_page()
    page.goto(app_server.url)
    settle(page)
    page.get_by_role("tab", name="Meeting with an agenda").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create meeting"))
    form.get_by_label("Meeting's district").fill("Riverside Public Schools")
    form.get_by_label("Meeting's team").fill("District CI team")
    form.get_by_label("Facilitator of the meeting (your name)").fill("Ana Ruiz")
    form.get_by_role("button", name="Create meeting").click()
    page.get_by_text("Phones join the whole meeting with one code").wait_for()
    settle(page)
    return device, page, page.locator(".agenda-code").inner_text().strip()


def phone(browser, app_server, code: str, name: str):
    device = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    device.set_default_timeout(30_000)
    page = device.new_page()
    page.goto(f"{app_server.url}/vote?code={code}")
    settle(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("Activity 1 of 3").wait_for()
    settle(page)
    return device, page


def next_activity(page, number: int) -> None:
    page.get_by_role("button", name="Next activity").click()
    page.get_by_text(f"Activity {number} of 3").first.wait_for()
    settle(page)


def open_consensus(page) -> None:
    """On the Agenda page, open the current continuum's session on Consensus (the key goes along)."""
    page.get_by_role("button", name="Open voting on Consensus").click()
    page.get_by_role("heading", name=re.compile("^Consensus")).wait_for()
    settle(page)


def back_to_agenda(page) -> None:
    page.get_by_test_id("stTopNav").get_by_role("link", name="Agenda").click()
    page.get_by_text("Phones join the whole meeting with one code").wait_for()
    settle(page)


def open_voting(page, rubric_id: str, row_id: str | None, by_groups: bool = False, only: str | None = None):
    """On Consensus: open voting on one row (or the whole continuum) on its column `only`, by small groups
    or by each person."""
    rubric = load_library().get(rubric_id)
    panel = page.locator(".st-key-open-voting-panel")
    scope = f"One {rubric.terms.row.lower()}" if row_id else "The whole continuum"
    panel.get_by_text(scope, exact=True).click()
    settle(page)
    if row_id:
        choose(page, rubric.terms.row, rubric.row(row_id).title)
    for dimension in rubric.dimensions if only else ():
        if dimension.id != only:
            panel.get_by_test_id("stMultiSelect").get_by_label(f"Remove {dimension.name}", exact=True).click()
            settle(page)
    if by_groups:
        panel.get_by_text("Small groups, one rating each").click()
        settle(page)
    panel.get_by_role("button", name="Open voting").click()
    page.locator(".live-total[data-votes]").wait_for()
    settle(page)


def reveal(page) -> None:
    page.get_by_role("button", name="Reveal the votes").click()
    page.locator('[class*="st-key-result-"]').first.wait_for()
    settle(page)


def test_the_toolkit_meeting_runs_from_one_join_code_to_a_summary_holding_all_three_activities(
    app_server, browser
):
    store = app_server.store()
    device, agenda, code = create_meeting(browser, app_server)
    meeting = store.meetings.load(code)
    agenda.get_by_text("Facilitator key (keep it private)").click()
    key = agenda.get_by_test_id("stCode").last.inner_text().strip()
    assert store.meetings.is_facilitator(code, key)
    assert_accessible(agenda, "the agenda of a new meeting")

    # Activity 1: three phones answer; nothing shows before Reveal; then the answers grouped by topic.
    phones = [phone(browser, app_server, code, name) for name, _, _ in ANSWERS]
    assert_accessible(phones[0][1], "the phone's discussion answer form")
    screenshot(phones[0][1], "meeting-phone-answer")
    for (_, page), (_, topic, why) in zip(phones, ANSWERS, strict=True):
        page.get_by_label("In a few words (what you chose)").fill(topic)
        page.get_by_label("Why", exact=True).fill(why)
        page.get_by_role("button", name="Save my answer").click()
        page.get_by_text("Answer saved.").wait_for()
    agenda.get_by_text("3 answers in").wait_for()
    again = phones[0][0].new_page()  # the join link alone, later: the same person, by the phone's cookie
    again.goto(f"{app_server.url}/vote?code={code}")
    again.get_by_text("you are Ana").wait_for()
    again.close()
    assert agenda.get_by_text("We stop working alone.").count() == 0
    agenda.get_by_role("button", name="Reveal the answers").click()
    agenda.get_by_text("Systems thinking (2)").wait_for()
    agenda.get_by_text("Same <b>here</b>.").wait_for()  # typed markup stays text
    settle(agenda)
    agenda.get_by_text("Phones join the whole meeting with one code").scroll_into_view_if_needed()
    screenshot(agenda, "meeting-agenda")
    for _, page in phones:
        page.get_by_text("The answers are on the projector.").wait_for()

    # Activity 2: the phones follow into the collaboration session. On Consensus the facilitator forms two
    # small groups and opens voting by groups; each group rates on one phone; Reveal; the groups' median.
    next_activity(agenda, 2)
    collaboration = meeting.items[1].session_code
    for _, page in phones:
        page.get_by_text("Waiting for the facilitator to open voting").wait_for()
    open_consensus(agenda)
    agenda.get_by_text("Small groups (Activity 2)").click()
    agenda.get_by_label("Group names, one per line").fill("Group A\nGroup B")
    agenda.get_by_role("button", name="Split everyone who has joined into these groups").click()
    agenda.locator("li", has_text="Ana").wait_for()
    settle(agenda)
    assert [g.name for g in store.groups.of(collaboration, key)] == ["Group A", "Group B"]
    open_voting(agenda, "micip-collaboration", "vision", by_groups=True)
    rated, member_of = {}, []
    for _, page in phones:
        page.get_by_text("Your group gives one rating").wait_for()
        group = re.search(r"Your group: (Group [AB])", page.get_by_test_id("stMain").inner_text()).group(1)
        member_of.append(group)
        if group in rated:
            continue
        rated[group] = "Developing" if group == "Group A" else "Evolving"
        tap_level(page, rated[group], settle)
    assert len(rated) == 2
    reveal(agenda)
    for (_, page), group in zip(phones, member_of, strict=True):  # whoever tapped: the group's one rating
        page.get_by_text("Your group's ratings:").wait_for()
        assert f"Vision & mission: {rated[group]}" in page.get_by_test_id("stMain").inner_text()
    agenda.get_by_role("button", name="Record the groups' median as the consensus on every row").click()
    agenda.get_by_text("Recorded consensus: Developing").wait_for()
    settle(agenda)
    assert store.sessions.load(collaboration).entries[("vision", "rating")].rating.level == "developing"

    # Activity 3: Maintaining Balance's building team column, every function voted on the phones, then each
    # recorded through its card's form on Consensus.
    back_to_agenda(agenda)
    next_activity(agenda, 3)
    balance = meeting.items[2].session_code
    open_consensus(agenda)
    open_voting(agenda, "micip-maintaining-balance", None, only="building")
    names = {level.id: level.name for level in load_library().get("micip-maintaining-balance").levels}
    for _, page in phones:
        page.get_by_text(f"0 of {len(BUILDING)} voted").wait_for()
        for number, level in enumerate(BUILDING.values(), start=1):
            tap_level(page, names[level], settle)
            if number < len(BUILDING):
                page.get_by_role("button", name="Next").click()
                page.get_by_text(f"Function {number + 1} of {len(BUILDING)}").wait_for()
                settle(page)
                # Every row has the same level names: under load the last row's buttons can linger until
                # the ballot's next refresh (a dropped run), so wait until only this row's are shown.
                expect(page.locator(".st-key-ballot-levels button")).to_have_count(len(names), timeout=15_000)
    reveal(agenda)
    for row, level in BUILDING.items():
        card = agenda.locator(f'[class*="st-key-result-{row}-building"]')
        card.get_by_role("button", name="Record consensus").click()
        card.get_by_text(f"Recorded consensus: {names[level]}").wait_for()
        settle(agenda)
    recorded = store.sessions.load(balance).entries
    assert {row: recorded[(row, "building")].rating.level for row in BUILDING} == BUILDING
    assert recorded.get(("team", "district")) is None or recorded[("team", "district")].rating.level is None
    back_to_agenda(agenda)

    # The closing summary holds all three activities.
    agenda.get_by_role("button", name="Prepare the summary").click()
    with agenda.expect_download() as download:
        agenda.get_by_role("button", name="Download the summary (PDF)").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Systems thinking (2)" in flat and "Ben: Same <b>here</b>." in flat and "Equity (1)" in flat
    assert "Vision & mission: Developing" in flat, flat
    balance_rubric = load_library().get("micip-maintaining-balance")
    for row, level in BUILDING.items():  # e.g. "Barriers · Building team: Needs to be created"
        assert f"{cell_label(balance_rubric, (row, 'building'))}: {names[level]}" in flat, flat
    assert "Barriers · District team: not recorded" in flat, flat
    for d, _ in phones:
        d.close()
    device.close()


@pytest.fixture
def revealed_meeting(app_server):
    """The toolkit's meeting with two answers to Activity 1, revealed: (code, key)."""
    store = app_server.store()
    library = load_library()
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    meeting, key = store.meetings.create(
        "The toolkit's meeting",
        toolkit.id,
        toolkit.items,
        library.rubrics,
        district="Riverside Public Schools",
        team="District continuous improvement team",
        held_on=datetime.date(2026, 11, 23),
        facilitator="Ana Ruiz",
    )
    for name, topic, why in ANSWERS[:2]:
        store.discussion.answer(meeting.code, store.meetings.join(meeting.code, name).id, topic, why)
    store.discussion.reveal(meeting.code, key, 0)
    yield meeting.code, key
    store.close()


@pytest.mark.parametrize(
    "viewport, scale", [(PROJECTOR, 1), ({"width": 800, "height": 450}, 2)], ids=["1600", "200%"]
)
def test_the_agenda_with_answers_revealed_passes_axe_and_nothing_sticks_out_at_200_percent_zoom(
    app_server, browser, revealed_meeting, viewport, scale
):
    code, key = revealed_meeting
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/agenda?meeting={code}")
    page.get_by_text("Systems thinking (2)").wait_for()
    settle(page)
    assert page.evaluate(STICKING_OUT) == []
    if scale == 1:
        assert_accessible(page, "the agenda with a discussion's answers revealed")
    context.close()
