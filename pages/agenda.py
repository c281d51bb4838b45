"""Agenda: a meeting's activities in order, the current one, Back and Next; a discussion's question, its
answers counted and revealed; a continuum's session to open on Consensus or Present; the summary.

Reading needs the meeting's join code; moving it, revealing answers and the summary with every answer
need its facilitator key (the key that holds its sessions).
"""

import streamlit as st

from pages.common import (
    PAGES,
    attempt,
    counted,
    esc,
    facilitator_key,
    keep_key_cookie,
    library,
    open_code,
    phone_address,
    remember_key,
    store,
    through_app,
    waiting_for_guesses,
)
from pages.meeting_parts import KIND_WORDS, activity_text, answer_groups, current_meeting_code
from sipr_core import (
    Meeting,
    MeetingItem,
    agenda_slides,
    first_slide_of,
    meeting_file_name,
    meeting_summary_pdf,
    vote_link,
)

through_app()

LIVE_POLL_SECONDS = 3

st.html(
    "<style>.st-key-agenda-current {border-left: 6px solid #004F7C;}"
    " .agenda-code {font-size: 2.4rem; font-weight: 700; letter-spacing: 0.08em;}</style>"
)


def unlock(code: str) -> None:
    with st.expander("Facilitator: enter your key to lead the meeting", icon=":material/key:"):
        with st.form("agenda-key"):
            typed = st.text_input("Facilitator key", type="password")
            if st.form_submit_button("Unlock", type="primary"):
                if attempt(store().meetings.is_facilitator, code, typed.strip()).value:
                    remember_key(code, typed.strip())
                    st.rerun()
                st.error("That key does not open this meeting. Check it and try again.")


def move(code: str, key: str, position: int, seen: int) -> None:
    """Move the meeting on from the activity this window showed (refused if another window moved it)."""
    attempt(store().meetings.move, code, key, position, expected=seen)


def agenda_list(meeting: Meeting, key: str | None) -> None:
    """Every activity, the current one marked in words and by a bar; the facilitator may jump to one."""
    st.markdown("#### Agenda")
    for item in meeting.items:
        current = item.position == meeting.current
        words = KIND_WORDS[item.item.kind.value]
        line = f"**{item.position + 1}. {esc(item.item.title)}**  \n{words}"
        with st.container(border=True, key="agenda-current" if current else f"agenda-item-{item.position}"):
            text, action = st.columns([5, 1], vertical_alignment="center")
            text.markdown(("▶ Now: " if current else "") + line)
            if key is not None and not current:
                action.button(
                    "Go to",
                    key=f"agenda-go-{item.position}",
                    on_click=move,
                    args=(meeting.code, key, item.position, meeting.current),
                )


def steps_bar(meeting: Meeting, key: str) -> None:
    back, where, ahead = st.columns([1, 2, 1], vertical_alignment="center")
    back.button(
        "Back",
        icon=":material/arrow_back:",
        width="stretch",
        disabled=meeting.current == 0,
        on_click=move,
        args=(meeting.code, key, meeting.current - 1, meeting.current),
        key="agenda-back",
    )
    where.markdown(f"Activity {meeting.current + 1} of {len(meeting.items)}", text_alignment="center")
    ahead.button(
        "Next activity",
        icon=":material/arrow_forward:",
        type="primary",
        width="stretch",
        disabled=meeting.current == len(meeting.items) - 1,
        on_click=move,
        args=(meeting.code, key, meeting.current + 1, meeting.current),
        key="agenda-next",
    )


@st.fragment(run_every=LIVE_POLL_SECONDS)
def discussion(code: str, position: int, key: str | None) -> None:
    """The question; answers counted while hidden; Reveal; then the answers grouped."""
    meeting = attempt(store().meetings.load, code).value
    if meeting is None:
        return
    item = meeting.items[position]
    st.subheader(esc(item.item.prompt), anchor=False)
    answers = attempt(store().discussion.answers, code, position, key=key).value or []
    if item.revealed:
        answer_groups(answers)
        return
    if key is None:
        st.info("The answers stay hidden until the facilitator reveals them.", icon=":material/lock:")
        return
    count = len(answers)
    st.markdown(
        f"**{count} answer{'s' if count != 1 else ''} in**: {', '.join(esc(a.name) for a in answers)}"
        if answers
        else "**No answers yet.** People answer on their phones."
    )
    if st.button(
        "Reveal the answers",
        type="primary",
        icon=":material/visibility:",
        disabled=not answers,
        key=f"agenda-reveal-{position}",
    ):
        if attempt(store().discussion.reveal, code, key, position).ok:
            st.rerun()


def continuum(item: MeetingItem, key: str | None) -> None:
    if item.session_code is None:
        st.warning("This continuum's session was deleted.", icon=":material/delete:")
        return
    st.markdown(
        f"Rated in its own session, join code **{item.session_code}** (phones follow the meeting's code)."
    )
    cols = st.columns(2)
    for column, (page, label, icon) in zip(
        cols,
        (
            ("consensus", "Open voting on Consensus", ":material/groups:"),
            ("summary", "This session's summary", ":material/summarize:"),
        ),
        strict=True,
    ):
        if column.button(label, icon=icon, key=f"agenda-open-{page}", width="stretch"):
            open_session(item.session_code, key, page)


def open_session(code: str, key: str | None, page: str, slide: int | None = None) -> None:
    """Open one of the meeting's sessions on another page (Present: on this activity's first slide)."""
    open_code(code)
    if key is not None:
        remember_key(code, key)
    if slide is not None:
        st.session_state[f"slide:{code}"] = slide
    st.switch_page(PAGES[page])


def present_button(meeting: Meeting, position: int, key: str | None) -> None:
    """Present the meeting's deck from this activity's first slide (it opens through one of its sessions)."""
    through = next((i.session_code for i in meeting.items if i.session_code), None)
    if through is None:
        return  # a meeting of discussions only: the Agenda page is its projector view
    first = first_slide_of(agenda_slides(meeting, library().rubrics), position)
    if st.button("Present the meeting from here", icon=":material/present_to_all:", key="agenda-present"):
        open_session(
            through if meeting.items[position].session_code is None else meeting.items[position].session_code,
            key,
            "present",
            first,
        )


def summary(meeting: Meeting, key: str | None) -> None:
    st.markdown("#### The meeting's summary")
    st.caption(
        "One PDF: the agenda, each discussion's answers grouped (once revealed), each continuum's levels."
    )
    if st.button("Prepare the summary", icon=":material/summarize:", key="agenda-prepare"):
        record = attempt(store().meetings.record, meeting.code, key).value
        if record is not None:
            st.session_state["agenda-pdf"] = (meeting.code, meeting_summary_pdf(record))
    prepared = st.session_state.get("agenda-pdf")
    if prepared and prepared[0] == meeting.code:
        st.download_button(
            "Download the summary (PDF)",
            prepared[1],
            file_name=meeting_file_name(meeting),
            mime="application/pdf",
            icon=":material/download:",
            type="primary",
        )


@st.fragment(run_every=LIVE_POLL_SECONDS)
def follow_moves(code: str, current: int) -> None:
    """Another window moved the meeting: draw this page anew."""
    found = attempt(store().meetings.load, code).value
    if found is not None and found.current != current:
        st.rerun(scope="app")


# --- the page ------------------------------------------------------------------------------------

code = current_meeting_code()
if code is None:
    st.title("Agenda")
    st.info(
        "No meeting is open. Create a meeting with an agenda on the Start page.", icon=":material/event_note:"
    )
    if "start" in PAGES:
        st.page_link(PAGES["start"], label="Go to Start", icon=":material/home:")
    st.stop()
if waiting_for_guesses():  # a code in the address is a guess like one typed on Start
    st.stop()
meeting = counted(attempt(store().meetings.load, code))
if meeting is None:
    st.stop()
held = facilitator_key(meeting.code)
key = held if held and attempt(store().meetings.is_facilitator, meeting.code, held).value else None
if key is not None:
    keep_key_cookie(meeting.code, key)

st.markdown(f"## {esc(meeting.title)}")
st.caption(
    f"{esc(meeting.place)} · {esc(meeting.team)} · {meeting.held_on:%d %B %Y} · facilitator "
    f"{esc(meeting.facilitator)}"
)
main, side = st.columns([3, 2], gap="large")
with side:
    st.markdown("Phones join the whole meeting with one code:")
    st.html(f'<div class="agenda-code">{meeting.code}</div>')
    vote_path = PAGES["vote"].url_path if "vote" in PAGES else "vote"
    st.code(
        vote_link(phone_address(choose=key is not None), vote_path, meeting.code),
        language=None,
        wrap_lines=True,
    )
    agenda_list(meeting, key)
    if key is None:
        unlock(meeting.code)
    else:
        if st.session_state.pop("new-key", None) not in (None, "reused"):
            st.success(
                "Meeting created. This browser keeps its facilitator key: write it down, away from the "
                "projector.",
                icon=":material/key:",
            )
        with st.expander("Facilitator key (keep it private)", icon=":material/key:"):
            st.code(key, language=None)
            st.caption("It opens the meeting and every session of it from another device.")
with main:
    item = meeting.current_item
    st.markdown(f"#### Now: {item.position + 1}. {esc(item.item.title)}")
    if key is not None:
        steps_bar(meeting, key)
    with st.expander("The activity's purpose, steps and timing (from the source)", icon=":material/info:"):
        activity_text(item, heading="#####")
    present_button(meeting, item.position, key)
    if item.is_discussion:
        discussion(meeting.code, item.position, key)
    else:
        continuum(item, key)
    summary(meeting, key)
follow_moves(meeting.code, meeting.current)
