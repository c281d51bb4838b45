"""Text from users shown through sipr_core.text reads as typed on every kind of element, in Chromium.

Streamlit renders markdown in the browser (react-markdown with GitHub's extensions, emoji codes and
its own directives), so only a real browser shows whether a link, a bold word or an emoji slips through.
"""

import re

import pytest
from browser_support import AppServer
from hostile_text import HOSTILE, MULTILINE

pytestmark = pytest.mark.e2e

# Streamlit's own "Link to heading" anchor beside a header is the one link allowed.
MARKUP = (
    "a:not([data-testid=stHeaderActionElements] a), strong, em, code, del, s, mark, img, ul, ol, blockquote, "
    "pre, table, hr, .katex"
)
HEADINGS = "h1, h2, h3, h4, h5, h6"
SURFACES_OF_EVERY_TEXT = ["markdown", "caption", "error", "html"]
SURFACES_OF_ONE_LINE = [
    "info", "warning", "success", "subheader", "button", "checkbox", "text_area", "expander", "popover",
    "tabs", "radio", "segmented_control", "select_slider", "metric", "progress",
]


def plain(text: str) -> str:
    """Text as a reader sees it: invisible joiners dropped, every run of white space one space."""
    return " ".join(text.replace("\u2060", "").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def surfaces(tmp_path_factory, browser):
    server = AppServer(tmp_path_factory.mktemp("surfaces"), script="tests/e2e/markup_surfaces.py")
    server.start()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_selector(f".st-key-surface-progress-{len(HOSTILE) - 1}")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(1500)  # the emoji and maths plugins load lazily
    yield page
    context.close()
    server.stop()


CASES = [(s, n) for s in SURFACES_OF_EVERY_TEXT for n in range(len(HOSTILE) + 1)]
CASES += [(s, n) for s in SURFACES_OF_ONE_LINE for n in range(len(HOSTILE))]


@pytest.mark.parametrize(("surface", "n"), CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_text_reads_as_typed_with_no_link_no_markup_and_no_emoji(surfaces, surface, n):
    text = [*HOSTILE, MULTILINE][n]
    box = surfaces.locator(f".st-key-surface-{surface}-{n}")
    assert box.count() == 1
    assert box.locator(MARKUP).count() == 0, box.inner_html()
    if surface != "subheader":
        assert box.locator(HEADINGS).count() == 0, box.inner_html()
    shown = plain(box.inner_text())
    assert plain(text) in shown, f"{shown!r} does not read as {plain(text)!r}"
    assert not re.search("[\U0001f300-\U0001faff\u2764]", shown), "an emoji code became an emoji"
