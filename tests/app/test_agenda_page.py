"""The Agenda page, Start's meeting form and a phone in a meeting, run with AppTest."""

from __future__ import annotations

import html
import re

from app_support import APP, agenda_page, as_read, open_page, phone, toolkit_meeting, widget
from streamlit.testing.v1 import AppTest

HOSTILE = "**bold** <script>x</script> [link](http://evil.example)"


def test_creating_the_toolkit_meeting_on_start_makes_its_sessions_and_opens_its_agenda(data_dir, app_store):
    at = open_page("pages/start.py")
    widget(at.text_input, "Meeting's district").input("Riverside Public Schools")
    widget(at.text_input, "Meeting's team").input("District CI team")
    widget(at.text_input, "Facilitator of the meeting (your name)").input("Ana Ruiz")
    widget(at.button, "Create meeting").click()
    at.run()
    assert not at.exception and not at.error
    code = at.session_state["open-meeting"]
    meeting = app_store.meetings.load(code)
    assert [i.item.kind.value for i in meeting.items] == ["discussion", "continuum", "continuum"]
    key = at.session_state[f"key:{code}"]
    assert all(at.session_state[f"key:{i.session_code}"] == key for i in meeting.items[1:])


def test_an_empty_own_agenda_is_refused_with_what_to_do(data_dir, app_store):
    at = open_page("pages/start.py")
    widget(at.radio, "Agenda").set_value("own")
    at.run()
    assert not at.error  # nothing said before the facilitator asks for the meeting
    widget(at.text_input, "Meeting's district").input("Riverside Public Schools")
    widget(at.text_input, "Meeting's team").input("District CI team")
    widget(at.text_input, "Facilitator of the meeting (your name)").input("Ana Ruiz")
    widget(at.button, "Create meeting").click()
    at.run()
    assert [e.value for e in at.error] == [
        "The agenda is empty: add a discussion question or choose a continuum."
    ]


def test_the_facilitator_moves_on_and_reveals_answers_shown_as_text(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    ben = app_store.meetings.join(meeting.code, HOSTILE)
    app_store.discussion.answer(meeting.code, ben.id, "Equity", HOSTILE)
    at = agenda_page(meeting.code, key)
    assert not at.exception
    assert any("1 answer in" in as_read(m.value) for m in at.markdown)
    widget(at.button, "Reveal the answers").click()
    at.run()
    shown = [as_read(m.value) for m in at.markdown]
    assert f"- **{HOSTILE}**: {HOSTILE}" in shown
    assert "<script>" not in "".join(m.value for m in at.markdown)
    widget(at.button, "Next activity").click()
    at.run()
    assert app_store.meetings.load(meeting.code).current == 1
    assert any(m.value.startswith("#### Now: 2.") for m in at.markdown)


def test_without_the_key_the_agenda_shows_no_controls_and_no_hidden_answers(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    ben = app_store.meetings.join(meeting.code, "Ben")
    app_store.discussion.answer(meeting.code, ben.id, "Secret topic", "Secret answer")
    at = agenda_page(meeting.code)
    assert not at.exception
    labels = [b.label for b in at.button]
    assert "Next activity" not in labels and "Reveal the answers" not in labels
    page = "".join(m.value for m in at.markdown) + "".join(i.value for i in at.info)
    assert "Secret" not in page
    assert at.info[0].value == "The answers stay hidden until the facilitator reveals them."


def test_a_phone_joins_the_meeting_answers_and_follows_it_into_the_continuum_ballot(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    at = phone(meeting.code)
    widget(at.text_input, "Your name").input("Chloé")
    widget(at.button, "Join").click()
    at.run()
    member = at.query_params["p"]
    member = member[0] if isinstance(member, list) else member
    widget(at.text_input, "In a few words (what you chose)").input("Equity")
    widget(at.text_area, "Why").input("Because")
    widget(at.button, "Save my answer").click()
    at.run()
    assert not at.error
    assert [a.text for a in app_store.discussion.answers(meeting.code, 0, key=key)] == ["Because"]
    app_store.meetings.move(meeting.code, key, 1)
    at = phone(meeting.code, member)
    assert not at.exception
    assert any("You are voting as **Chloé**" in m.value for m in at.markdown)
    assert app_store.voting.participant(meeting.items[1].session_code, member).name == "Chloé"
    carry_on = [c.value for c in at.code]  # the link to carry on elsewhere follows the meeting too
    assert carry_on and carry_on[0].endswith(f"vote?code={meeting.code}&p={member}")


def present_title(at) -> str:
    found = [re.search(r"<h1[^>]*>(.*?)</h1>", h.proto.body, re.S) for h in at.html]
    titles = [m.group(1) for m in found if m]
    assert len(titles) == 1, titles
    return html.unescape(titles[0])


def test_present_on_a_meeting_s_session_shows_its_activity_first_then_moves_the_meeting_with_the_slides(
    data_dir, app_store
):
    meeting, key = toolkit_meeting(app_store)
    collaboration = meeting.items[1].session_code
    at = open_page("pages/present.py", collaboration, key)
    assert not at.exception
    assert present_title(at) == meeting.items[1].item.title
    assert any("Start the 25-minute timer (20 to 25 minutes)" == b.label for b in at.button)
    widget(at.button, "Start the 25-minute timer (20 to 25 minutes)").click()
    at.run()
    assert app_store.sessions.load(collaboration).timer.minutes == 25
    assert app_store.meetings.load(meeting.code).current == 0  # looking is not moving: no slide changed yet
    widget(at.button, "Next").click()
    at.run()
    assert app_store.meetings.load(meeting.code).current == 1
    widget(at.button, "Previous").click()
    at.run()
    widget(at.button, "Previous").click()
    at.run()
    assert app_store.meetings.load(meeting.code).current == 0
    assert present_title(at) == meeting.items[0].item.prompt


def test_without_the_key_present_on_a_meeting_moves_nothing(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    at = open_page("pages/present.py", meeting.items[2].session_code)
    widget(at.button, "Next").click()
    at.run()
    assert not at.exception
    assert app_store.meetings.load(meeting.code).current == 0
    assert not any(b.label.startswith("Start the") for b in at.button)


def test_my_sessions_lists_the_key_s_meetings_and_opens_one_on_the_agenda(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    at = open_page("pages/start.py")
    widget(at.text_input, "Facilitator key").input(key)
    widget(at.button, "Show my sessions").click()
    at.run()
    listed = [as_read(m.value) for m in at.markdown]
    assert any("meeting: Toolkit meeting" in line and meeting.code in line for line in listed)
    widget(at.button, "Open the agenda").click()
    at.run()
    assert not at.exception
    assert at.session_state["open-meeting"] == meeting.code
    assert any(b.label == "Next activity" for b in at.button)


def test_present_from_the_agenda_starts_on_the_current_activity_s_slide(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    at = agenda_page(meeting.code, key)
    widget(at.button, "Present the meeting from here").click()
    at.run()
    assert not at.exception
    assert present_title(at) == meeting.items[0].item.title
    assert any(h.proto.body.count(meeting.code) for h in at.html)  # the meeting's code, for the phones


def test_the_meeting_s_key_alone_leads_present_on_any_of_its_sessions(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params["code"] = meeting.items[1].session_code
    at.session_state[f"key:{meeting.code}"] = key  # unlocked on the Agenda page only
    at.run()
    at.switch_page("pages/present.py")
    at.run()
    widget(at.button, "Next").click()
    at.run()
    assert not at.exception
    assert app_store.meetings.load(meeting.code).current == 1


def test_consensus_on_a_meeting_s_session_gives_the_phones_the_meeting_s_code(data_dir, app_store):
    meeting, key = toolkit_meeting(app_store)
    session_code = meeting.items[1].session_code
    at = open_page("pages/consensus.py", session_code, key)
    assert not at.exception
    shown = "".join(h.proto.body for h in at.html) + "".join(c.value for c in at.code)
    assert f"code={meeting.code}" in shown and 'class="join-code">' + meeting.code in shown
    assert f"code={session_code}" not in shown
    # The projected caption names the same one code: a phone that typed the session's own code would rate
    # this continuum alone and not follow the meeting into its next activity.
    caption = " ".join(c.value for c in at.caption)
    assert f"join code **{meeting.code}**" in caption and session_code not in caption


def test_a_meeting_s_code_typed_on_start_points_to_its_agenda(data_dir, app_store):
    meeting, _ = toolkit_meeting(app_store)
    at = open_page("pages/start.py")
    widget(at.text_input, "Join code").input(meeting.code.lower().replace("-", ""))
    widget(at.button, "Open session").click()
    at.run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info][
        0
    ] == f"{meeting.code} is the join code of a meeting: its **Agenda** page leads it."
    assert [link.label for link in at.get("page_link")] == ["Go to the Agenda"]
