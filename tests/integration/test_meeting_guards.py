"""A meeting's guards in the store: an answer lands only on the question the phone showed, a stale window
does not move the meeting, a meeting is deleted with its members and answers, its input is checked."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import func, select
from store_support import DEFAULTS

from sipr_core import AgendaItem, ItemKind, agenda_templates
from sipr_core.errors import AccessDenied, InputError, VotingClosed
from sipr_core.storage import schema


def days_later(days: float):
    return lambda: datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


@pytest.fixture
def meeting_and_key(store, library):
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    return store.meetings.create(
        "The toolkit's meeting", toolkit.id, toolkit.items, library.rubrics, **DEFAULTS
    )


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


def test_joining_again_with_one_s_id_renames_the_member_and_their_ballot_in_each_session(
    store, meeting_and_key
):
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


def rows_of_meeting(store, meeting_id: str) -> list[int]:
    with store.engine.begin() as conn:
        return [
            conn.execute(select(func.count()).select_from(t).where(t.c.meeting_id == meeting_id)).scalar_one()
            for t in (schema.meeting_items, schema.meeting_members, schema.meeting_answers)
        ]


def test_deleting_a_meeting_takes_its_names_and_answers_and_puts_its_sessions_in_recently_deleted(
    store, meeting_and_key
):
    meeting, key = meeting_and_key
    ana = store.meetings.join(meeting.code, "Ana")
    store.discussion.answer(meeting.code, ana.id, "Equity", "Why we are here.")
    with pytest.raises(AccessDenied):
        store.meetings.delete(meeting.code, "not-the-key")
    sessions = [i.session_code for i in meeting.items if i.session_code]
    assert sorted(store.meetings.delete(meeting.code, key)) == sorted(sessions)
    assert store.meetings.find(meeting.code) is None
    assert store.meetings.for_key(key) == []
    assert rows_of_meeting(store, meeting.id) == [0, 0, 0]
    assert sorted(d.info.code for d in store.deleted.for_key(key)) == sorted(sessions)
    assert store.sessions.for_key(key) == []
    store.deleted.restore(sessions[0], key)
    assert [s.code for s in store.sessions.for_key(key)] == [sessions[0]]


def test_the_purge_deletes_a_meeting_once_its_sessions_are_all_gone(store, meeting_and_key, two_questions):
    meeting, key = meeting_and_key
    ana = store.meetings.join(meeting.code, "Ana")
    store.discussion.answer(meeting.code, ana.id, "Equity", "Why we are here.")
    first, second = (i.session_code for i in meeting.items if i.session_code)
    store.sessions.delete(first, key)
    store.deleted.clock = days_later(31)
    store.deleted.purge()
    assert store.meetings.find(meeting.code) is not None  # one of its sessions is still here
    store.sessions.delete(second, key)
    store.deleted.clock = days_later(62)
    store.deleted.purge()
    assert store.meetings.find(meeting.code) is None
    assert rows_of_meeting(store, meeting.id) == [0, 0, 0]
    assert store.meetings.find(two_questions[0].code) is not None  # discussions only: no session to wait for


@pytest.mark.parametrize(
    "template, title, items, message",
    [
        ("nope", "Meeting", QUESTIONS, 'No agenda template "nope": choose one of toolkit, .*own'),
        ("own", "  ", QUESTIONS, "Meeting title is empty"),
        ("own", "Meeting", [AgendaItem(ItemKind.DISCUSSION, "", prompt="q")], "Activity 1 has no title"),
        (
            "own",
            "Meeting",
            [AgendaItem(ItemKind.CONTINUUM, "C", "micip-collaboration", "activity-99")],
            'names the activity "activity-99"',
        ),
    ],
)
def test_a_meeting_with_a_bad_template_title_or_activity_is_refused_and_nothing_is_made(
    store, library, template, title, items, message
):
    with pytest.raises(InputError, match=message):
        store.meetings.create(title, template, items, library.rubrics, **DEFAULTS)
    with store.engine.begin() as conn:
        assert conn.execute(select(func.count()).select_from(schema.meetings)).scalar_one() == 0


@pytest.mark.parametrize("member_id", ["", "x" * 32, "ABCDEF" * 6, "0" * 31, "0" * 32 + "' or 1=1"])
def test_joining_with_an_id_the_app_did_not_give_is_refused(store, two_questions, member_id):
    meeting, _ = two_questions
    with pytest.raises(InputError, match="That member id is not one this app gave"):
        store.meetings.join(meeting.code, "Ana", member_id)
    assert store.meetings.join(meeting.code, "Ana", "0" * 32).id == "0" * 32
