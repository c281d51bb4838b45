"""Parts of the pages for a meeting with an agenda: which meeting is open, an activity's text, the
answers grouped, and a phone following the meeting (the Vote page's discussion form).

Display only: every decision is a call of ``store().meetings``; every text a person typed is shown as text.
"""

import streamlit as st

from pages.common import attempt, attempt_quietly, current_code, esc, library, store
from sipr_core import (
    MAX_ANSWER,
    MAX_TOPIC,
    DiscussionAnswer,
    Meeting,
    MeetingItem,
    activity_of,
    group_answers,
)

MEETING_PARAM = "meeting"
FOLLOW_POLL_SECONDS = 3
KIND_WORDS = {"discussion": "Discussion: everyone answers on their phone", "continuum": "Rate the continuum"}


def open_meeting(code: str) -> None:
    st.session_state["open-meeting"] = code
    st.query_params[MEETING_PARAM] = code


def current_meeting_code() -> str | None:
    """The meeting code from the URL; after a page switch, the one this tab had open."""
    return current_code(MEETING_PARAM, "open-meeting")


def activity_text(item: MeetingItem, heading: str = "####") -> None:
    """The source's text of the activity: its introduction, how long it takes, its steps."""
    rubric = library().rubrics.get(item.item.rubric_id or "")
    activity = activity_of(rubric, item.item.activity_id) if rubric is not None else None
    if activity is None:
        return
    if activity.introduction:
        st.markdown(f"{heading} {esc(activity.introduction)}")
    if activity.duration:
        st.caption(esc(activity.duration))
    if activity.steps:
        st.markdown("\n".join(f"{n}. {esc(step)}" for n, step in enumerate(activity.steps, start=1)))


def answer_groups(answers: list[DiscussionAnswer]) -> None:
    """The answers grouped by topic, the most shared first; names and answers as typed, as text."""
    if not answers:
        st.info("No answers were written.", icon=":material/chat_bubble_outline:")
        return
    for group in group_answers(answers):
        with st.container(border=True):
            st.markdown(f"**{esc(group.topic) if group.topic else 'Other answers'}** ({len(group.answers)})")
            st.markdown(
                "\n".join(
                    f"- **{esc(a.name)}**: {esc(a.text)}" if a.text else f"- **{esc(a.name)}**"
                    for a in group.answers
                )
            )


# --- a phone in a meeting ------------------------------------------------------------------------


def member_cookie(code: str) -> str:
    return "sipr_member_" + code.replace("-", "")


def member_id(code: str) -> str | None:
    """This phone's member id: from the link first, then this tab, then the cookie (the join link alone
    finds the same person again after the browser was closed)."""
    cookie = None if st.session_state.get(f"forgot:{code}") else st.context.cookies.get(member_cookie(code))
    held = st.query_params.get("p") or st.session_state.get(f"member:{code}") or cookie
    return held if isinstance(held, str) and held.isalnum() else None


def keep_member(code: str, member: str, max_age: int = 2_592_000) -> None:
    """Keep the id in this tab, the URL (a reload keeps it) and a cookie (written once)."""
    st.session_state[f"member:{code}"] = member
    if member and st.query_params.get("p") != member:
        st.query_params["p"] = member
    if (
        st.context.cookies.get(member_cookie(code)) != member
        and st.session_state.get(f"member-cookie:{code}") != member
    ):
        st.html(
            f"<script>document.cookie = '{member_cookie(code)}={member}; path=/; max-age={max_age};"
            " SameSite=Lax';</script>",
            unsafe_allow_javascript=True,
        )
        st.session_state[f"member-cookie:{code}"] = member


def someone_else(code: str) -> None:
    """Another person takes over this phone: forget the id here, in the URL and (next run) the cookie."""
    st.session_state.pop(f"member:{code}", None)
    st.session_state[f"forgot:{code}"] = True
    st.query_params.pop("p", None)


def join_meeting(meeting: Meeting) -> None:
    st.markdown(
        "Type your name to join. Every answer and vote stays hidden until the facilitator reveals them."
    )
    with st.form("meeting-join"):
        name = st.text_input("Your name", max_chars=200)
        if st.form_submit_button("Join", type="primary", icon=":material/how_to_vote:"):
            joined = attempt(store().meetings.join, meeting.code, name).value
            if joined is not None:
                st.session_state.pop(f"forgot:{meeting.code}", None)
                st.session_state[f"member:{meeting.code}"] = joined.id  # the next run keeps it in a cookie
                st.query_params["p"] = joined.id
                st.rerun()
    st.stop()


@st.fragment(run_every=FOLLOW_POLL_SECONDS)
def follow(code: str, position: int, revealed: bool) -> None:
    """Notice within FOLLOW_POLL_SECONDS that the facilitator moved on (or revealed): draw the page anew."""
    found = attempt_quietly(store().meetings.load, code).value
    if found is not None and (found.current, found.current_item.revealed) != (position, revealed):
        st.rerun(scope="app")


def send_answer(code: str, me: str) -> None:
    """Save the answer to the activity the form showed (the core refuses it once the meeting moved on);
    the words stay in the boxes either way."""
    shown = st.session_state.get(f"answer-at:{code}")
    topic = st.session_state.get(f"answer-topic:{code}", "")
    text = st.session_state.get(f"answer-text:{code}", "")
    outcome = attempt_quietly(store().discussion.answer, code, me, topic, text, position=shown)
    st.session_state["answer-problem"] = outcome.problem


def discussion_form(meeting: Meeting, item: MeetingItem, me: str, problem: str | None) -> None:
    """The question, and one answer: a few words to group it by, and why."""
    st.caption(esc(item.item.title))
    with st.container(key="phone-question"):  # the page's one h1: the question everyone answers
        st.markdown(f"# {esc(item.item.prompt)}")
    own = attempt(store().discussion.answers, meeting.code, item.position, member_id=me).value or []
    mine = next((a for a in own if a.member_id == me), None)
    if item.revealed:
        st.success("The answers are on the projector.", icon=":material/visibility:")
        if mine is not None:
            st.markdown(f"Your answer: **{esc(mine.topic)}** {esc(mine.text)}")
        return
    topic_key, text_key = f"answer-topic:{meeting.code}", f"answer-text:{meeting.code}"
    if st.session_state.get(f"answer-at:{meeting.code}") != item.position and problem is None:
        st.session_state[topic_key] = mine.topic if mine else ""  # a new question: one's saved answer to it
        st.session_state[text_key] = mine.text if mine else ""
    st.session_state[f"answer-at:{meeting.code}"] = item.position
    if problem is not None:
        st.caption("Your words are still in the boxes: save them again if they answer this question.")
    with st.form("meeting-answer"):
        st.text_input("In a few words (what you chose)", max_chars=MAX_TOPIC, key=topic_key)
        st.caption("Answers with the same few words are grouped on the projector.")
        st.text_area("Why", max_chars=MAX_ANSWER, height=140, key=text_key)
        st.form_submit_button(
            "Save my answer",
            type="primary",
            icon=":material/send:",
            width="stretch",
            on_click=send_answer,
            args=(meeting.code, me),
        )
    if mine is not None:
        st.caption("Answer saved. You can change it until the facilitator reveals the answers.")
    st.caption("Nobody sees your answer until the facilitator reveals them all.")


def phone_in_meeting(meeting: Meeting) -> str:
    """A phone that joined with the meeting's code: the current discussion's form (the page stops), or the
    join code of the current continuum's session, whose ballot the Vote page then shows."""
    st.caption(f"**{esc(meeting.title)}** · {esc(meeting.place)} · join code **{meeting.code}**")
    me = member_id(meeting.code)
    member = attempt(store().meetings.member, meeting.code, me).value if me else None
    if member is None:
        join_meeting(meeting)
        st.stop()
    assert me is not None
    keep_member(meeting.code, me)
    item = attempt(store().meetings.follow, meeting.code, me).value
    if item is None:
        st.stop()
    st.markdown(f"Activity {item.position + 1} of {len(meeting.items)} · you are **{esc(member.name)}**")
    follow(meeting.code, meeting.current, item.revealed)
    problem = st.session_state.pop("answer-problem", None)
    if problem is not None:
        st.error(problem, icon=":material/error:")
        unsent = st.session_state.get(f"answer-text:{meeting.code}")
        if unsent and not item.is_discussion:
            st.markdown(f"Your unsent answer: {esc(unsent)}")
    if item.is_discussion or item.session_code is None:
        if item.is_discussion:
            discussion_form(meeting, item, me, problem)
        else:
            st.info("This activity has no session any more. Wait for the facilitator.")
        st.button("I am someone else", icon=":material/logout:", on_click=someone_else, args=(meeting.code,))
        st.stop()
    return item.session_code
