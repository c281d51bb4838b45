"""The Start page's "Meeting with an agenda" form: a template (or one's own list) and the team's names."""

import datetime

import streamlit as st

from pages.common import PAGES, attempt, esc, library, remember_key, store
from pages.deleting import delete_meeting_button
from pages.meeting_parts import KIND_WORDS, open_meeting
from sipr_core import AgendaTemplate, agenda_templates, own_agenda

OWN = "own"


def chosen_agenda(templates: dict[str, AgendaTemplate]) -> AgendaTemplate | None:
    """The template picked, or the facilitator's own list (questions, then continua) as typed."""
    choices = [*templates, OWN]
    titles = {t.id: t.title for t in templates.values()} | {OWN: "Your own list"}
    picked = st.radio("Agenda", choices, format_func=lambda c: esc(titles[c]), key="meeting-template")
    if picked != OWN:
        return templates.get(str(picked))
    rubrics = library().rubrics
    questions = st.text_area(
        "Discussion questions, one a line (each person answers on their phone)",
        key="meeting-questions",
        max_chars=5_000,
    )
    continua = st.multiselect(
        "Continua to rate, in order",
        list(rubrics),
        format_func=lambda r: rubrics[r].title,
        key="meeting-continua",
    )
    return attempt(own_agenda, questions.splitlines(), continua, rubrics).value


def new_meeting_form(browser_key: str | None) -> None:
    """Pick the agenda, name the team, create: the meeting opens on the Agenda page."""
    rubrics = library().rubrics
    templates = {t.id: t for t in agenda_templates(rubrics)}
    st.markdown(
        "One join code for the whole meeting: phones follow the activity on the projector. Each continuum is "
        "rated in a session of its own, so Progress, targets and the District view keep every rating."
    )
    agenda = chosen_agenda(templates)
    if agenda is not None and agenda.items:
        st.markdown(
            "\n".join(
                f"{n}. {esc(i.title)} ({KIND_WORDS[i.kind.value].split(':')[0].lower()})"
                for n, i in enumerate(agenda.items, start=1)
            )
        )
    with st.form("create-meeting"):
        left, right = st.columns(2)
        title = left.text_input("Meeting title", value=agenda.title if agenda else "", max_chars=200)
        district = right.text_input(
            "Meeting's district", placeholder="e.g. Riverside Public Schools", key="meeting-district"
        )
        school = left.text_input(
            "Meeting's school (optional)", placeholder="Leave empty for a district team", key="meeting-school"
        )
        team = right.text_input(
            "Meeting's team", placeholder="e.g. District continuous improvement team", key="meeting-team"
        )
        facilitator = left.text_input("Facilitator of the meeting (your name)", key="meeting-facilitator")
        held_on = right.date_input(
            "Meeting date", value=datetime.date.today(), format="YYYY-MM-DD", key="meeting-date"
        )
        key = left.text_input(
            "Your facilitator key for the meeting (optional)",
            type="password",
            key="meeting-key",
            help="Left empty, the meeting gets the key this browser holds, or a new one made for you.",
        )
        if st.form_submit_button("Create meeting", type="primary", icon=":material/event_note:"):
            if agenda is None:
                st.error("Choose an agenda first.")
                return
            made = attempt(
                store().meetings.create,
                title,
                agenda.id,
                agenda.items,
                rubrics,
                district=district,
                school=school,
                team=team,
                held_on=held_on,
                facilitator=facilitator,
                key=key or browser_key,
            ).value
            if made is not None:
                meeting, new_key = made
                remember_key(meeting.code, new_key)
                for item in meeting.items:
                    if item.session_code:
                        remember_key(item.session_code, new_key)
                open_meeting(meeting.code)
                st.session_state["new-key"] = "reused" if not key and new_key == browser_key else new_key
                st.switch_page(PAGES["agenda"])


def my_meetings(listing_key: str) -> None:
    """The meetings this facilitator key holds, each to open on the Agenda page."""
    for meeting in attempt(store().meetings.for_key, listing_key).value or []:
        with st.container(border=True):
            count = len(meeting.items)
            st.markdown(
                f"**{meeting.held_on:%d %b %Y}** · meeting: {esc(meeting.title)} · {esc(meeting.place)} · "
                f"{esc(meeting.team)} · {count} activit{'ies' if count != 1 else 'y'} · code {meeting.code}"
            )
            if st.button("Open the agenda", key=f"open-meeting-{meeting.code}", icon=":material/event_note:"):
                remember_key(meeting.code, listing_key)
                open_meeting(meeting.code)
                st.switch_page(PAGES["agenda"])
            delete_meeting_button(meeting, listing_key)
