"""Deleting a session or a meeting from My sessions (after a confirmation); restoring a session from
Recently deleted.

Used by the Start page. Display only: the store keeps a deleted session for 30 days, then purges it.
"""

import datetime

import streamlit as st

from pages.common import attempt, close_code, current_code, esc, store
from sipr_core import Meeting, SessionInfo, kept_until

# (Comments, not docstrings: Streamlit would show a bare string of a page script on the page.)
DELETING, DONE = "deleting", "deleting:done"


def done_message() -> None:
    """What the last delete or restore did, once."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message, icon=":material/check:")


def confirmed(code: str, question: str) -> bool:
    """A Delete button for one listed item; once pressed, the question with Yes and Cancel in its place.
    True when Yes was pressed."""
    if st.session_state.get(DELETING) != code:
        if st.button("Delete", key=f"delete-{code}", icon=":material/delete:"):
            st.session_state[DELETING] = code
            st.rerun()
        return False
    st.warning(question, icon=":material/delete:")
    yes, no = st.columns(2)
    if no.button("Cancel", key=f"cancel-delete-{code}"):
        st.session_state.pop(DELETING, None)
        st.rerun()
    if yes.button("Yes, delete it", key=f"confirm-delete-{code}", type="primary", icon=":material/delete:"):
        st.session_state.pop(DELETING, None)
        return True
    return False


def delete_button(info: SessionInfo, key: str) -> None:
    """Delete one listed session, after the question."""
    gone_on = kept_until(datetime.date.today())
    question = (
        f"Delete the session of {info.held_on:%d %b %Y}, {esc(info.place)} · {esc(info.team)} ({info.code})? "
        f"It leaves every list and page at once. You can restore it under **Recently deleted** until "
        f"{gone_on:%d %B %Y}; after that it is gone for good, with its ratings, votes and history."
    )
    if confirmed(info.code, question) and attempt(store().sessions.delete, info.code, key).ok:
        if current_code() == info.code:
            close_code()
        st.session_state[DONE] = f"Deleted session {info.code}. You can restore it below for 30 days."
        st.rerun()


def delete_meeting_button(meeting: Meeting, key: str) -> None:
    """Delete one listed meeting, after the question: its names and answers at once, its sessions to
    Recently deleted."""
    gone_on = kept_until(datetime.date.today())
    sessions = (
        f"Its continuums' sessions go to **Recently deleted**: you can restore them until {gone_on:%d %B %Y}."
        if any(i.session_code for i in meeting.items)
        else "It has no continuum's session to restore."
    )
    question = (
        f"Delete the meeting {esc(meeting.title)} of {meeting.held_on:%d %b %Y} ({meeting.code})? Its join "
        "code stops working and the names and written answers of its members are deleted at once, for good. "
        + sessions
    )
    if confirmed(meeting.code, question):
        deleted = attempt(store().meetings.delete, meeting.code, key).value
        if deleted is not None:
            if st.session_state.get("open-meeting") == meeting.code:
                st.session_state.pop("open-meeting", None)
                st.query_params.pop("meeting", None)
            moved = f" Its sessions ({', '.join(deleted)}) can be restored below for 30 days." * bool(deleted)
            st.session_state[DONE] = f"Deleted meeting {meeting.code}.{moved}"
            st.rerun()


def recently_deleted(key: str, rubric_titles: dict[str, str]) -> None:
    """This key's sessions deleted in the last 30 days, each with Restore and the day it goes for good."""
    deleted = attempt(store().deleted.for_key, key).value or []
    if not deleted:
        return
    st.markdown("#### Recently deleted")
    for found in deleted:
        info = found.info
        with st.container(border=True, key=f"deleted-{info.code}"):
            text, action = st.columns([4, 1], vertical_alignment="center")
            title = rubric_titles.get(info.rubric_id, info.rubric_id)
            text.markdown(
                f"**{info.held_on:%d %b %Y}** · {esc(info.place)} · {esc(info.team)} · {esc(title)} · "
                f"code {info.code}  \nGoes for good on **{found.gone_on:%d %B %Y}**"
            )
            if action.button("Restore", key=f"restore-{info.code}", icon=":material/restore_from_trash:"):
                if attempt(store().deleted.restore, info.code, key).ok:
                    st.session_state[DONE] = f"Restored session {info.code}."
                    st.rerun()
