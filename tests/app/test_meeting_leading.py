"""Leading a meeting, run with AppTest: a stale window cannot move it back, deleting it from My sessions,
wrong meeting codes counted like every guess."""

from __future__ import annotations

import pytest
from app_support import APP, agenda_page, open_page, toolkit_meeting, widget
from streamlit.testing.v1 import AppTest

from sipr_core import SessionNotFound, agenda_slides, first_slide_of, load_library


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


def my_sessions(key: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=20).run()
    widget(at.text_input, "Facilitator key").input(key)
    widget(at.button, "Show my sessions").click()
    return at.run()


def test_a_meeting_is_deleted_from_my_sessions_after_a_question_and_its_sessions_can_be_restored(
    data_dir, app_store
):
    meeting, key = toolkit_meeting(app_store)
    sessions = [i.session_code for i in meeting.items if i.session_code]
    at = my_sessions(key)
    at.button(key=f"delete-{meeting.code}").click().run()
    assert not at.exception
    assert any(
        f"Delete the meeting Toolkit meeting of 23 Nov 2026 ({meeting.code})?" in w.value for w in at.warning
    )
    widget(at.button, "Cancel").click().run()
    assert not at.warning and app_store.meetings.find(meeting.code) is not None
    at.button(key=f"delete-{meeting.code}").click().run()
    at.button(key=f"confirm-delete-{meeting.code}").click().run()
    assert not at.exception and not at.error
    assert app_store.meetings.find(meeting.code) is None
    assert [s.value for s in at.success] == [
        f"Deleted meeting {meeting.code}. Its sessions ({', '.join(sessions)}) can be restored below "
        "for 30 days."
    ]
    assert not any(b.label == "Open the agenda" for b in at.button)
    assert sorted(b.key for b in at.button if b.label == "Restore") == sorted(
        f"restore-{c}" for c in sessions
    )


WAIT = "Too many wrong codes: wait 30 seconds and try again."


@pytest.mark.parametrize("param, page", [("meeting", "pages/agenda.py"), ("code", "pages/vote.py")])
def test_wrong_codes_in_the_agenda_s_or_vote_page_s_address_are_counted_like_every_guess(
    data_dir, app_store, param, page
):
    meeting, _ = toolkit_meeting(app_store)
    at = AppTest.from_file(APP, default_timeout=20)
    errors = []
    for n in range(6):  # each opening of the page with a code is a try: the sixth waits
        at.query_params[param] = f"ZZZ-ZZZ-ZZ{n}"
        at.switch_page(page).run()
        errors.append(at.error[0].value)
    assert errors[0].startswith("No such session") and errors[-1] == WAIT
    at.query_params[param] = meeting.code  # even the right code waits: a guess cannot tell it is right
    at.switch_page(page).run()
    assert [e.value for e in at.error] == [WAIT]


def test_present_on_a_slide_whose_session_was_just_deleted_says_so_without_a_stack_trace(
    data_dir, app_store, monkeypatch
):
    meeting, key = toolkit_meeting(app_store)
    first, gone = meeting.items[1].session_code, meeting.items[2].session_code
    deck = agenda_slides(meeting, load_library().rubrics)
    loading = type(app_store.sessions).load

    def load(self, code, *args, **kwargs):  # the session is deleted between reading the agenda and opening it
        if code == gone:
            raise SessionNotFound(code)
        return loading(self, code, *args, **kwargs)

    monkeypatch.setattr(type(app_store.sessions), "load", load)
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params["code"] = first
    at.query_params["slide"] = str(first_slide_of(deck, 2))
    at.session_state[f"key:{first}"] = key
    at.run()
    at.switch_page("pages/present.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [str(SessionNotFound(gone))]


def test_present_in_a_window_that_missed_a_move_shows_where_the_meeting_is_instead_of_moving_it_back(
    data_dir, app_store
):
    meeting, key = toolkit_meeting(app_store)
    first = meeting.items[1].session_code
    at = open_page("pages/present.py", first, key)  # the deck opens on activity 2; the meeting is at 1
    app_store.meetings.move(meeting.code, key, 2)  # another window went on to the third
    widget(at.button, "Next").click()  # its next slide, activity 2, would move the meeting back
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Another window moved the meeting to activity 3: the page now shows it."
    ]
    assert app_store.meetings.load(meeting.code).current == 2
    deck = agenda_slides(meeting, load_library().rubrics)
    assert at.session_state[f"slide:{meeting.items[2].session_code}"] == first_slide_of(deck, 2)
