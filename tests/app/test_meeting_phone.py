"""A phone in a meeting, run with AppTest: an answer sent after the facilitator moved on, someone else
taking over a meeting's ballot, renaming oneself there."""

from __future__ import annotations

from app_support import APP, widget
from store_support import DEFAULTS
from streamlit.testing.v1 import AppTest

from sipr_core import AgendaItem, ItemKind, agenda_templates, load_library

QUESTIONS = [
    AgendaItem(ItemKind.DISCUSSION, "Why we are here", prompt="Why does this work matter to you?"),
    AgendaItem(ItemKind.DISCUSSION, "What next", prompt="What should we try first?"),
]


def phone(code: str, member: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params["code"] = code
    if member:
        at.query_params["p"] = member
    at.run()
    at.switch_page("pages/vote.py")
    at.run()
    return at


def test_an_answer_sent_after_the_facilitator_moved_on_is_refused_and_stays_in_the_box(data_dir, app_store):
    meeting, key = app_store.meetings.create("Two questions", "own", QUESTIONS, load_library().rubrics, **DEFAULTS)
    ana = app_store.meetings.join(meeting.code, "Ana")
    at = phone(meeting.code, ana.id)
    widget(at.text_input, "In a few words (what you chose)").input("Equity")
    widget(at.text_area, "Why").input("It is why we are here.")
    app_store.meetings.move(meeting.code, key, 1)
    widget(at.button, "Save my answer").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The facilitator moved on to the next activity: your answer to the earlier question was not saved."
    ]
    assert widget(at.text_area, "Why").value == "It is why we are here."
    assert app_store.discussion.answers(meeting.code, 0, key=key) == []
    assert app_store.discussion.answers(meeting.code, 1, key=key) == []
    widget(at.button, "Save my answer").click()  # sent again, now for the question on the phone
    at.run()
    assert not at.error
    assert [a.text for a in app_store.discussion.answers(meeting.code, 1, key=key)] == ["It is why we are here."]
