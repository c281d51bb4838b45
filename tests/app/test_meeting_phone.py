"""A phone in a meeting, run with AppTest: an answer sent after the facilitator moved on, someone else
taking over a meeting's ballot, renaming oneself there."""

from __future__ import annotations

import pytest
from app_support import phone, toolkit_meeting, widget
from store_support import DEFAULTS

from sipr_core import AgendaItem, ItemKind, load_library

QUESTIONS = [
    AgendaItem(ItemKind.DISCUSSION, "Why we are here", prompt="Why does this work matter to you?"),
    AgendaItem(ItemKind.DISCUSSION, "What next", prompt="What should we try first?"),
]


def test_an_answer_sent_after_the_facilitator_moved_on_is_refused_and_stays_in_the_box(data_dir, app_store):
    meeting, key = app_store.meetings.create(
        "Two questions", "own", QUESTIONS, load_library().rubrics, **DEFAULTS
    )
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
    assert [a.text for a in app_store.discussion.answers(meeting.code, 1, key=key)] == [
        "It is why we are here."
    ]


def toolkit_meeting_on_its_continuum(store):
    meeting, key = toolkit_meeting(store)
    store.meetings.move(meeting.code, key, 1)
    return meeting, key


@pytest.mark.parametrize("position, shown", [(0, "you are **Ben**"), (1, "You are voting as **Ben**")])
def test_someone_else_on_a_phone_in_a_discussion_or_a_ballot_gets_the_meeting_s_join_form(
    data_dir, app_store, position, shown
):
    meeting, key = toolkit_meeting(app_store)
    app_store.meetings.move(meeting.code, key, position)
    ben = app_store.meetings.join(meeting.code, "Ben")
    at = phone(meeting.code, ben.id)
    assert any(shown in m.value for m in at.markdown)
    widget(at.button, "I am someone else").click()
    at.run()
    assert not at.exception
    assert "p" not in at.query_params
    assert [t.label for t in at.text_input] == ["Your name"]
    assert not any("Ben" in m.value for m in at.markdown)


def test_save_my_name_on_a_meeting_s_ballot_renames_the_meeting_s_member_too(data_dir, app_store):
    meeting, _ = toolkit_meeting_on_its_continuum(app_store)
    ben = app_store.meetings.join(meeting.code, "Ben")
    at = phone(meeting.code, ben.id)
    widget(at.text_input, "Your name").input("Benjamin")
    widget(at.button, "Save my name").click()
    at.run()
    assert not at.exception and not at.error
    assert app_store.meetings.member(meeting.code, ben.id).name == "Benjamin"
    session_code = app_store.meetings.load(meeting.code).items[1].session_code
    assert app_store.voting.participant(session_code, ben.id).name == "Benjamin"
    assert any("You are voting as **Benjamin**" in m.value for m in at.markdown)
