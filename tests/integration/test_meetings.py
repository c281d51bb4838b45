"""Meetings with an agenda in the store: one join code, one key, a session per continuum, hidden answers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from store_support import DEFAULTS

from sipr_core import ItemKind, agenda_templates, meeting_lines, meeting_summary_pdf
from sipr_core.errors import AccessDenied, SessionNotFound, VotingClosed
from sipr_core.exports.meeting import NOT_REVEALED


@pytest.fixture
def toolkit_meeting(store, library):
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    return store.meetings.create(
        "The toolkit's meeting", toolkit.id, toolkit.items, library.rubrics, **DEFAULTS
    )


def test_a_meeting_makes_a_session_of_its_own_series_for_each_continuum_held_by_its_key(
    store, toolkit_meeting
):
    meeting, key = toolkit_meeting
    codes = [i.session_code for i in meeting.items]
    assert codes[0] is None and None not in codes[1:]
    assert meeting.code not in codes
    infos = [store.sessions.info(c) for c in codes[1:]]
    assert [i.rubric_id for i in infos] == ["micip-collaboration", "micip-maintaining-balance"]
    assert len({i.series for i in infos}) == 2
    assert sorted(i.code for i in store.sessions.for_key(key)) == sorted(codes[1:])
    assert all(store.sessions.is_facilitator(c, key) for c in codes[1:])
    assert store.meetings.is_facilitator(meeting.code, key)
    assert [m.code for m in store.meetings.for_key(key)] == [meeting.code]
    assert store.meetings.of_session(codes[2]).code == meeting.code


def test_a_meeting_code_is_no_session_code_and_a_session_code_finds_no_meeting(store, toolkit_meeting):
    meeting, _ = toolkit_meeting
    with pytest.raises(SessionNotFound):
        store.sessions.info(meeting.code)
    assert store.meetings.find(meeting.items[1].session_code) is None
    assert store.meetings.find(meeting.code.lower().replace("-", " ")).code == meeting.code


def test_only_the_key_moves_the_meeting_and_phones_follow_into_each_session_ballot(store, toolkit_meeting):
    meeting, key = toolkit_meeting
    ana = store.meetings.join(meeting.code, "Ana")
    assert store.meetings.follow(meeting.code, ana.id).is_discussion
    with pytest.raises(AccessDenied):
        store.meetings.move(meeting.code, "not-the-key", 1)
    assert store.meetings.move(meeting.code, key, 1).current == 1
    current = store.meetings.follow(meeting.code, ana.id)
    assert current.item.kind is ItemKind.CONTINUUM
    assert store.voting.participant(current.session_code, ana.id).name == "Ana"
    with pytest.raises(Exception, match="activities 1 to 3, not 4"):
        store.meetings.move(meeting.code, key, 3)


def test_answers_are_hidden_from_others_until_reveal_then_closed(store, toolkit_meeting):
    meeting, key = toolkit_meeting
    ana, ben = (store.meetings.join(meeting.code, n) for n in ("Ana", "Ben"))
    store.discussion.answer(meeting.code, ana.id, "Equity", "It is why we are here.")
    store.discussion.answer(meeting.code, ben.id, "equity", "Same.")
    store.discussion.answer(meeting.code, ben.id, "Systems", "Changed my mind.")
    assert [a.text for a in store.discussion.answers(meeting.code, 0, member_id=ana.id)] == [
        "It is why we are here."
    ]
    assert store.discussion.answers(meeting.code, 0) == []
    assert store.meetings.record(meeting.code).answers == {}
    with pytest.raises(AccessDenied):
        store.discussion.answers(meeting.code, 0, key="guess")
    assert len(store.discussion.answers(meeting.code, 0, key=key)) == 2
    store.discussion.reveal(meeting.code, key, 0)
    assert [a.topic for a in store.discussion.answers(meeting.code, 0)] == ["Equity", "Systems"]
    with pytest.raises(VotingClosed, match="answering this question is closed"):
        store.discussion.answer(meeting.code, ana.id, "x", "y")
    assert len(store.meetings.record(meeting.code).answers[0]) == 2


def test_a_stranger_cannot_answer_and_a_continuum_takes_no_written_answer(store, toolkit_meeting):
    meeting, key = toolkit_meeting
    with pytest.raises(AccessDenied, match="Join the meeting with your name"):
        store.discussion.answer(meeting.code, "stranger", "t", "x")
    ana = store.meetings.join(meeting.code, "Ana")
    store.meetings.move(meeting.code, key, 2)
    with pytest.raises(VotingClosed, match="takes no written answers"):
        store.discussion.answer(meeting.code, ana.id, "t", "x")


def test_the_meeting_record_holds_each_continuum_session(store, toolkit_meeting):
    meeting, key = toolkit_meeting
    code = meeting.items[1].session_code
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="evolving")
    record = store.meetings.record(meeting.code)
    assert sorted(record.sessions) == [1, 2]
    assert record.sessions[1].entries[("vision", "rating")].rating.level == "evolving"


def test_the_meeting_summary_holds_answers_once_revealed_and_each_continuum_s_levels(store, toolkit_meeting):
    meeting, key = toolkit_meeting
    ana = store.meetings.join(meeting.code, "Ana <b>")
    store.discussion.answer(meeting.code, ana.id, "Equity", "Because & more")
    store.entries.set(
        meeting.items[1].session_code,
        key,
        "vision",
        "rating",
        actor="Ana",
        level="evolving",
        evidence="Minutes",
    )
    hidden = dict(meeting_lines(store.meetings.record(meeting.code)))
    assert ("body", NOT_REVEALED) in meeting_lines(store.meetings.record(meeting.code))
    store.discussion.reveal(meeting.code, key, 0)
    record = store.meetings.record(meeting.code)
    lines = meeting_lines(record)
    assert ("h2", "Equity (1)") in lines and ("body", "Ana <b>: Because & more") in lines
    assert any(text.endswith(": Evolving") for style, text in lines if style == "body")
    assert ("small", "Evidence: Minutes") in lines
    assert len([t for s, t in lines if s == "h1"]) == 3
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting_summary_pdf(record))).pages)
    assert "Ana <b>: Because & more" in text and "Equity (1)" in text
    assert hidden["title"] == "The toolkit's meeting"


def test_a_session_file_whose_code_is_a_meeting_s_here_is_brought_in_under_a_new_code(
    store, other_store, toolkit_meeting, collaboration
):
    meeting, _ = toolkit_meeting
    info, key = other_store.sessions.create(collaboration, **DEFAULTS)
    text = other_store.transfer.export_json(info.code, key).replace(info.code, meeting.code)
    report = store.transfer.import_session(text)
    assert report.info.code != meeting.code
    assert store.meetings.find(meeting.code).code == meeting.code
    assert store.sessions.info(report.info.code).rubric_id == "micip-collaboration"
