"""A meeting's guards in the store: an answer lands only on the question the phone showed, a stale window
does not move the meeting, a meeting is deleted with its members and answers, its input is checked."""

from __future__ import annotations

import pytest
from store_support import DEFAULTS

from sipr_core import AgendaItem, ItemKind, agenda_templates
from sipr_core.errors import InputError, VotingClosed


@pytest.fixture
def meeting_and_key(store, library):
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    return store.meetings.create("The toolkit's meeting", toolkit.id, toolkit.items, library.rubrics, **DEFAULTS)


QUESTIONS = [
    AgendaItem(ItemKind.DISCUSSION, "Why we are here", prompt="Why does this work matter to you?"),
    AgendaItem(ItemKind.DISCUSSION, "What next", prompt="What should we try first?"),
]


@pytest.fixture
def two_questions(store, library):
    return store.meetings.create("Two questions", "own", QUESTIONS, library.rubrics, **DEFAULTS)


def test_an_answer_sent_from_an_earlier_question_is_refused_not_saved_under_the_next(store, two_questions):
    meeting, key = two_questions
    ana = store.meetings.join(meeting.code, "Ana")
    store.discussion.answer(meeting.code, ana.id, "Equity", "First thoughts.", position=0)
    store.meetings.move(meeting.code, key, 1)
    store.meetings.move(meeting.code, key, 0)
    store.discussion.answer(meeting.code, ana.id, "Equity", "Still on it.", position=0)
    store.meetings.move(meeting.code, key, 1)
    with pytest.raises(VotingClosed) as refused:
        store.discussion.answer(meeting.code, ana.id, "Systems", "Sent too late.", position=0)
    assert str(refused.value) == (
        "The facilitator moved on to the next activity: your answer to the earlier question was not saved."
    )
    assert [a.text for a in store.discussion.answers(meeting.code, 0, key=key)] == ["Still on it."]
    assert store.discussion.answers(meeting.code, 1, key=key) == []


def test_joining_again_with_one_s_id_renames_the_member_and_their_ballot_in_each_session(store, meeting_and_key):
    meeting, key = meeting_and_key
    ana = store.meetings.join(meeting.code, "Ana")
    store.meetings.move(meeting.code, key, 1)
    session_code = store.meetings.follow(meeting.code, ana.id).session_code
    store.meetings.join(meeting.code, "Ana Ruiz", ana.id)
    assert store.meetings.member(meeting.code, ana.id).name == "Ana Ruiz"
    assert store.voting.participant(session_code, ana.id).name == "Ana Ruiz"


def test_a_window_that_saw_an_earlier_activity_cannot_move_the_meeting_back(store, meeting_and_key):
    meeting, key = meeting_and_key
    store.meetings.move(meeting.code, key, 1, expected=0)  # the projector moves on
    with pytest.raises(InputError) as refused:  # the laptop still showed the first activity: its Next
        store.meetings.move(meeting.code, key, 1, expected=0)
    assert str(refused.value) == "Another window moved the meeting to activity 2: the page now shows it."
    with pytest.raises(InputError, match="to activity 2"):
        store.meetings.move(meeting.code, key, 0, expected=2)
    assert store.meetings.load(meeting.code).current == 1
    assert store.meetings.move(meeting.code, key, 2, expected=1).current == 2
