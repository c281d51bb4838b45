"""Hidden discussion answers stay hidden: before the facilitator's Reveal, no participant's phone, viewer's
Agenda page, store call without the key, or meeting summary shows another person's answer."""

from __future__ import annotations

import io

import pytest
from app_support import APP
from pypdf import PdfReader
from store_support import DEFAULTS
from streamlit.testing.v1 import AppTest

from sipr_core import agenda_templates, load_library, meeting_summary_pdf
from sipr_core.errors import AccessDenied

SECRET_TOPIC, SECRET = "Zanzibar outcome", "Quetzal reasons nobody may read yet"


@pytest.fixture
def answered(data_dir, app_store):
    """The toolkit's meeting with Dee's answer to Activity 1, not revealed: (store, meeting, key, ben id)."""
    library = load_library()
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    meeting, key = app_store.meetings.create("M", toolkit.id, toolkit.items, library.rubrics, **DEFAULTS)
    dee = app_store.meetings.join(meeting.code, "Dee")
    ben = app_store.meetings.join(meeting.code, "Ben")
    app_store.discussion.answer(meeting.code, dee.id, SECRET_TOPIC, SECRET)
    return app_store, meeting, key, ben.id


def page_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "error", "code")
        for e in getattr(at, kind)
    ]
    parts += [str(w.value) for w in (*at.text_input, *at.text_area)]
    return "\n".join(str(p) for p in parts)


def run(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=20)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def test_another_participant_s_phone_never_shows_an_answer_before_reveal(answered):
    store, meeting, key, ben = answered
    shown = page_text(run("pages/vote.py", {"code": meeting.code, "p": ben}))
    assert "Why" in [w.label for w in run("pages/vote.py", {"code": meeting.code, "p": ben}).text_area]
    assert SECRET not in shown and SECRET_TOPIC not in shown
    assert store.discussion.answers(meeting.code, 0, member_id=ben) == []


def test_a_viewer_s_agenda_page_and_the_store_without_the_key_show_nothing_before_reveal(answered):
    store, meeting, key, _ = answered
    shown = page_text(run("pages/agenda.py", {"meeting": meeting.code}))
    assert SECRET not in shown and SECRET_TOPIC not in shown and "Dee" not in shown
    assert store.discussion.answers(meeting.code, 0) == []
    with pytest.raises(AccessDenied):
        store.discussion.answers(meeting.code, 0, key="a guessed key")


def test_the_summary_without_the_key_holds_no_answer_before_reveal_and_every_answer_after(answered):
    store, meeting, key, _ = answered

    def summary_text() -> str:
        pdf = meeting_summary_pdf(store.meetings.record(meeting.code))
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    assert SECRET not in summary_text()
    store.discussion.reveal(meeting.code, key, 0)
    assert SECRET in summary_text().replace("\n", " ")
