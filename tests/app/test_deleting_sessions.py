"""Deleting a session from the Start page's My sessions, with a confirmation; restoring it from Recently
deleted, which says the day it goes for good."""

from __future__ import annotations

import datetime

from app_support import new_session, open_page, widget


def my_sessions(key: str, code: str | None = None):
    """The Start page with My sessions listed for this key (and a session open, if given)."""
    at = open_page("pages/start.py", code, key if code else None)
    widget(at.text_input, "Facilitator key").input(key)
    widget(at.button, "Show my sessions").click()
    return at.run()


def listed(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_deleting_asks_first_and_cancel_keeps_the_session(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = my_sessions(key)
    at.button(key=f"delete-{code}").click().run()
    assert not at.exception
    gone_on = datetime.date.today() + datetime.timedelta(days=30)
    assert [w.value for w in at.warning] == [
        f"Delete the session of 23 Nov 2026, Riverside Schools · District CI team ({code})? It leaves every list "
        f"and page at once. You can restore it under **Recently deleted** until {gone_on:%d %B %Y}; after that it "
        "is gone for good, with its ratings, votes and history."
    ]
    widget(at.button, "Cancel").click().run()
    assert not at.warning
    assert [s.code for s in app_store.sessions.for_key(key)] == [code]


def test_a_deleted_session_moves_to_recently_deleted_and_comes_back_with_restore(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", level="evolving")
    other, _ = new_session(app_store, collaboration, team="Oak Middle team", key=key)
    at = my_sessions(key)
    at.button(key=f"delete-{code}").click().run()
    widget(at.button, "Yes, delete it").click().run()
    assert not at.exception and not at.error
    assert [s.code for s in app_store.sessions.for_key(key)] == [other]
    assert [s.value for s in at.success] == [f"Deleted session {code}. You can restore it below for 30 days."]
    assert not [b for b in at.button if b.key == f"open-{code}"]
    gone_on = datetime.date.today() + datetime.timedelta(days=30)
    assert "#### Recently deleted" in listed(at)
    assert f"Goes for good on **{gone_on:%d %B %Y}**" in listed(at)
    at.button(key=f"restore-{code}").click().run()
    assert not at.exception and not at.error
    assert {s.code for s in app_store.sessions.for_key(key)} == {code, other}
    assert app_store.sessions.load(code).entry("vision", "rating").rating.level == "evolving"
    assert [s.value for s in at.success] == [f"Restored session {code}."]
    assert "#### Recently deleted" not in listed(at)


def test_deleting_the_open_session_closes_it(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = my_sessions(key, code)
    assert f"Join code: **{code}**" in listed(at)
    at.button(key=f"delete-{code}").click().run()
    widget(at.button, "Yes, delete it").click().run()
    assert not at.exception and not at.error
    assert f"Join code: **{code}**" not in listed(at)
    assert "code" not in at.query_params
