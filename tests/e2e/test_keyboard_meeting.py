"""A short meeting run with the keyboard alone (WCAG 2.1.1 and 2.4.7): every step is a key press.

The facilitator creates a session, rates a row, opens voting, a participant votes on the phone ballot,
the facilitator reveals the votes and records the consensus. Only ``page.keyboard.press`` acts on the
pages (``goto`` opens the join link, as a phone's camera would); each control reached by Tab must show
where the focus is, and each slider must say its level by name.
"""

from __future__ import annotations

import pytest
from browser_support import READY, wait_ready

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}

# The name of the focused element: its aria-label, its label, else its text without the icon's name.
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].innerText);
  if (label) return label.trim();
  const copy = el.cloneNode(true);
  copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach(icon => icon.remove());
  return (copy.textContent || "").trim();
}"""

# Whether the focused element is outlined (our :focus-visible ring) or, for a control that draws its own
# focus, whether the nearest Streamlit widget around it shows a focus ring of at least 2 px.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const box = el.getBoundingClientRect();
  return ring && box.width > 0 && box.height > 0;
}"""


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(200)
    page.wait_for_selector(READY)


def type_keys(page, text: str) -> None:
    """Type by pressing one key per character."""
    for character in text:
        page.keyboard.press("Space" if character == " " else character)


def tab_to(page, name: str | None, *, role: str | None = None, starts: bool = False, limit: int = 150) -> None:
    """Press Tab until the focused control is called `name` (any name: None; `starts`: a name beginning
    so) and has `role`; check that its focus shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED_NAME)
        is_role = role is None or page.evaluate(
            "(role) => document.activeElement.getAttribute('role') === role"
            " || (role === 'slider' && document.activeElement.type === 'range')"
            " || (role === 'link' && document.activeElement.tagName === 'A')"
            " || (role === 'radio' && document.activeElement.type === 'radio')",
            role,
        )
        if is_role and (name is None or found == name or (starts and found.startswith(name))):
            assert page.evaluate(FOCUS_SHOWN), f"the focus on {name!r} is not visible"
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {name!r}")


def press_and_settle(page, key: str) -> None:
    page.keyboard.press(key)
    page.wait_for_timeout(300)
    settle(page)


def valuetext(page) -> str:
    return page.evaluate("() => document.activeElement.getAttribute('aria-valuetext')")


def test_a_short_meeting_by_keyboard_alone(app_server, browser, context):
    board = context.new_page()
    board.goto(app_server.url)
    wait_ready(board)

    # create a session
    for label, text in (
        ("District", "Riverside Public Schools"),
        ("Team", "Keyboard team"),
        ("Facilitator (your name)", "Ana Ruiz"),
    ):
        tab_to(board, label)
        type_keys(board, text)
    tab_to(board, "Create session")
    press_and_settle(board, "Enter")
    board.get_by_text("Open session:").wait_for()
    code = board.locator("text=/Join code: /").first.inner_text().split("Join code: ")[1].strip()
    store = app_server.store()
    rubric = store.sessions.load(code).rubric
    first = (rubric.groups[0].rows[0].id, rubric.dimension_ids()[0])
    levels = [level.name for level in rubric.levels]

    # rate the first row: up from "Not rated" (past "Not started", where the scale has it) to the second level,
    # said by the slider as the level's name
    tab_to(board, "Rate", role="link")
    press_and_settle(board, "Enter")
    board.locator('[data-testid="stSlider"]').first.wait_for()
    tab_to(board, None, role="slider")
    for _ in range(len(rubric.scale()) - len(rubric.levels) + 2):  # past "Not started", where a scale has it
        board.keyboard.press("ArrowRight")
    assert valuetext(board) == levels[1]
    board.wait_for_timeout(400)
    settle(board)
    assert store.sessions.load(code).entry(*first).rating.level == rubric.levels[1].id

    # open voting on the whole continuum
    tab_to(board, "Consensus", role="link")
    press_and_settle(board, "Enter")
    board.locator(".live-total").first.wait_for()
    tab_to(board, None, role="radio")  # Tab stops on the chosen option of a group, the first
    board.keyboard.press("ArrowLeft")  # ... and the arrows go round to the last: the whole continuum
    assert board.evaluate(FOCUSED_NAME) == "The whole continuum"
    settle(board)
    tab_to(board, "Open voting")
    press_and_settle(board, "Enter")
    board.locator(".live-total[data-votes]").wait_for()

    # a participant joins on the phone and votes on the first row
    device = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    device.set_default_timeout(30_000)
    ballot = device.new_page()
    ballot.goto(f"{app_server.url}/vote?code={code}")
    settle(ballot)
    tab_to(ballot, "Your name")
    type_keys(ballot, "Ben")
    tab_to(ballot, "Join")
    press_and_settle(ballot, "Enter")
    ballot.get_by_text("You are voting as Ben.").wait_for()
    tab_to(ballot, levels[2], starts=True)  # each level is a button holding its words
    press_and_settle(ballot, "Enter")
    # the chosen level says so in words, and the focus stays on it though its button is drawn anew
    ballot.get_by_role("button", name=f"✔ {levels[2]} (your vote)").wait_for()
    ballot.wait_for_function("() => document.activeElement !== document.body")
    assert ballot.evaluate(FOCUSED_NAME).startswith(f"✔ {levels[2]} (your vote)")
    assert ballot.evaluate(FOCUS_SHOWN)
    ballot.get_by_text("Saved:").first.wait_for()
    board.wait_for_function("() => document.querySelector('.live-total').dataset.votes === '1'")

    # reveal, then record the vote's level as the consensus on the first row
    board.keyboard.press("Shift+Tab")  # back into the page from wherever the last redraw left the focus
    tab_to(board, "Reveal the votes")
    press_and_settle(board, "Enter")
    board.locator('[class*="st-key-result-"]').first.wait_for()
    tab_to(board, None, role="slider")  # the consensus level starts at the team's rating from Rate
    board.keyboard.press("ArrowRight")
    assert valuetext(board) == levels[2]
    tab_to(board, "Record consensus")
    press_and_settle(board, "Enter")
    board.get_by_text(f"Recorded consensus: {levels[2]}").wait_for()
    assert store.sessions.load(code).entry(*first).rating.level == rubric.levels[2].id
    device.close()
    store.close()
