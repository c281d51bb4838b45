"""Leading a meeting, run with AppTest: a stale window cannot move it back, deleting it from My sessions,
wrong meeting codes counted like every guess."""

from __future__ import annotations

from app_support import APP, widget
from store_support import DEFAULTS
from streamlit.testing.v1 import AppTest

from sipr_core import agenda_templates, load_library


def toolkit_meeting(store):
    library = load_library()
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    return store.meetings.create("Toolkit meeting", toolkit.id, toolkit.items, library.rubrics, **DEFAULTS)


def agenda_page(code: str, key: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params["meeting"] = code
    if key:
        at.session_state[f"key:{code}"] = key
    at.run()
    at.switch_page("pages/agenda.py")
    at.run()
    return at


def test_next_in_a_window_that_missed_a_move_does_not_move_the_meeting_back(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    at = agenda_page(meeting.code, key)  # shows the first activity
    app_store.meetings.move(meeting.code, key, 2)  # another window went to the third
    widget(at.button, "Next activity").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Another window moved the meeting to activity 3: the page now shows it."
    ]
    assert app_store.meetings.load(meeting.code).current == 2
    assert any("Now: 3." in m.value for m in at.markdown)
