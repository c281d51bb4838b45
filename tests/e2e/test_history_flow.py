"""In a real browser: the facilitator reads the History, undoes a deletion, and deletes and restores a session
from the Start page."""

from __future__ import annotations

import pytest
from browser_support import my_sessions, wait_ready
from store_support import make_code

from sipr_core import load_library
from sipr_core.actions import ActionEdits

pytestmark = pytest.mark.e2e


def as_facilitator(context, app_server, code: str, key: str) -> None:
    """The browser holds the session's facilitator key, as after creating it."""
    host = app_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sipr_key_" + code.replace("-", ""), "value": key, "domain": host, "path": "/"}])


def test_the_history_undoes_a_deleted_action_item(app_server, context):
    store = app_server.store()
    code, key = make_code(store, load_library().get("micip-collaboration"))
    store.entries.set(code, key, "vision", "rating", actor="Ana Ruiz", evidence="Posters in 9 schools")
    item = store.actions.add(code, key, actor="Ana Ruiz", what="Share the plan", owner="Ben")
    store.actions.edit(code, key, ActionEdits(deleted=[item.id]), actor="Ana Ruiz")
    as_facilitator(context, app_server, code, key)
    page = context.new_page()
    page.goto(f"{app_server.url}/history?code={code}")
    wait_ready(page)
    first = page.locator('[class*="st-key-change-"]').first
    assert "Action item “Share the plan” deleted" in first.inner_text()
    first.get_by_role("button", name="Undo").click()
    page.get_by_text("Undone: Action item “Share the plan” deleted").wait_for()
    wait_ready(page)
    assert [i.what for i in store.actions.items(code)] == ["Share the plan"]
    assert "Action item “Share the plan” added" in page.locator('[class*="st-key-change-"]').first.inner_text()
    store.close()


def test_a_session_is_deleted_after_a_confirmation_and_restored_from_recently_deleted(app_server, context):
    store = app_server.store()
    code, key = make_code(store, load_library().get("micip-collaboration"), team="Oak Middle team")
    page = my_sessions(context, app_server.url, key)
    page.locator(f".st-key-delete-{code}").get_by_role("button").click()
    page.get_by_role("button", name="Yes, delete it").click()
    page.get_by_text(f"Deleted session {code}.").wait_for()
    assert store.sessions.for_key(key) == []
    page.locator(f".st-key-restore-{code}").get_by_role("button").click()
    page.get_by_text(f"Restored session {code}.").wait_for()
    assert [s.code for s in store.sessions.for_key(key)] == [code]
    store.close()
