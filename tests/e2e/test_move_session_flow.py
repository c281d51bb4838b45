"""A facilitator moves a session to another server: the JSON download on one, Bring in on the other."""

from __future__ import annotations

import datetime

import pytest
from browser_support import AppServer, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture
def second_server(tmp_path, browser):
    """Another app with its own, empty database: the server the session moves to."""
    server = AppServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_a_session_downloaded_on_one_server_is_brought_in_on_another(app_server, second_server, context, tmp_path):
    from sipr_core import load_library

    store = app_server.store()
    rubric = load_library().get("micip-collaboration")
    info, key = store.sessions.create(
        rubric, district="Riverside Public Schools", team="District CI team",
        held_on=datetime.date(2026, 11, 23), facilitator="Ana Ruiz",
    )
    store.entries.set(info.code, key, "vision", "rating", actor="Ana", level="evolving", evidence="Walkthrough notes")
    store.close()

    context.add_cookies([{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/summary?code={info.code}")
    wait_ready(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Session file (JSON)").click()
    saved = tmp_path / "session.json"
    download.value.save_as(saved)

    page.goto(second_server.url)
    wait_ready(page)
    page.get_by_role("tab", name="Bring in a session file").click()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(saved)
    page.get_by_role("button", name="Bring in this session").click()
    page.get_by_text("Imported with its ratings, evidence, votes and history.").wait_for()
    wait_ready(page)
    page.get_by_text(f"Join code: {info.code}").wait_for()

    moved = second_server.store()
    entry = moved.sessions.load(info.code).entry("vision", "rating")
    assert (entry.rating.level, entry.evidence) == ("evolving", "Walkthrough notes")
    assert moved.sessions.is_facilitator(info.code, key)
    moved.close()
