"""The action plan's table in a real browser: a new line typed straight after "+ Add row" is kept whole."""

from __future__ import annotations

import datetime

import pytest
from browser_support import wait_ready

pytestmark = pytest.mark.e2e


def test_a_line_typed_straight_after_add_row_is_saved_whole_and_no_empty_item_is_counted(
    app_server, context
):
    from sipr_core import load_library

    store = app_server.store()
    info, key = store.sessions.create(
        load_library().get("micip-collaboration"),
        district="Riverside Public Schools",
        team="Action plan team",
        held_on=datetime.date(2026, 11, 23),
        facilitator="Ana Ruiz",
    )
    context.add_cookies([{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": app_server.url}])
    page = context.new_page()
    page.goto(f"{app_server.url}/actions?code={info.code}")
    wait_ready(page)
    page.locator('[data-testid="stDataFrame"]').hover()  # its toolbar shows on hover
    page.get_by_role("button", name="Add row").click()
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for()
    grid = table.bounding_box()
    # the new line's "What we will do" cell (the table is empty, so the new line is its first), selected
    page.mouse.click(grid["x"] + 120, grid["y"] + 40 + 30)
    page.wait_for_timeout(400)  # a person's pause before typing; a save here would remount the table
    assert store.actions.items(info.code) == []  # a bare "+ Add row" is no action item
    page.keyboard.type("Visit every classroom", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    wait_ready(page)
    items = store.actions.items(info.code)
    assert [item.what for item in items] == ["Visit every classroom"]
    store.close()
