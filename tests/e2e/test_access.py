"""Access in a real browser: the app password, and a fresh server's first request to a deep link."""

import pytest
from browser_support import AppServer, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture
def guarded_server(tmp_path, browser):
    """A freshly started server with an app password, not yet visited."""
    server = AppServer(tmp_path, env={"SIPR_APP_PASSWORD": "river-2026"})
    server.start()
    yield server
    server.stop()


def test_a_deep_link_as_the_first_request_still_asks_for_the_app_password(guarded_server, context):
    page = context.new_page()
    page.goto(f"{guarded_server.url}/rate?code=ABC-DEF-GHJ")
    page.get_by_label("App password").wait_for()
    assert page.get_by_text("Only the facilitator can change ratings").count() == 0
    page.get_by_label("App password").fill("wrong")
    page.get_by_role("button", name="Enter").click()
    page.get_by_text("That password is not right.").wait_for()
    page.get_by_label("App password").fill("river-2026")
    page.get_by_role("button", name="Enter").click()
    wait_ready(page)
    page.get_by_text("No such session: ABC-DEF-GHJ.").first.wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
