"""Deleting a session from My sessions (after a confirmation) and restoring it from Recently deleted.

Used by the Start page. Display only: the store keeps a deleted session for 30 days, then purges it.
"""

import datetime

import streamlit as st

from pages.common import attempt, close_code, current_code, esc, store
from sipr_core import SessionInfo, kept_until

# (Comments, not docstrings: Streamlit would show a bare string of a page script on the page.)
DELETING, DONE = "deleting", "deleting:done"


def done_message() -> None:
    """What the last delete or restore did, once."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message, icon=":material/check:")


def delete_button(info: SessionInfo, key: str) -> None:
    """A Delete button for one listed session; once pressed, the question and the answers in its place."""
    if st.session_state.get(DELETING) != info.code:
        if st.button("Delete", key=f"delete-{info.code}", icon=":material/delete:"):
            st.session_state[DELETING] = info.code
            st.rerun()
        return
    gone_on = kept_until(datetime.date.today())
    st.warning(
        f"Delete the session of {info.held_on:%d %b %Y}, {esc(info.place)} · {esc(info.team)} ({info.code})? "
        f"It leaves every list and page at once. You can restore it under **Recently deleted** until "
        f"{gone_on:%d %B %Y}; after that it is gone for good, with its ratings, votes and history.",
        icon=":material/delete:",
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", key=f"confirm-delete-{info.code}", type="primary", icon=":material/delete:"):
        st.session_state.pop(DELETING, None)
        if attempt(store().sessions.delete, info.code, key).ok:
            if current_code() == info.code:
                close_code()
            st.session_state[DONE] = f"Deleted session {info.code}. You can restore it below for 30 days."
            st.rerun()
    if no.button("Cancel", key=f"cancel-delete-{info.code}"):
        st.session_state.pop(DELETING, None)
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
