"""History: every change of the session, newest first, in words: who, when, what, before and after, and Undo.

For the facilitator only. Filter by row and by kind (votes hidden unless asked for). Undo puts back what a
change replaced, as a new change; a change made again since is not overwritten, and the page says so. A
change that cannot be undone (a participant's vote, someone taken off the vote) says why when asked.
"""

import streamlit as st

from pages.common import (
    attempt,
    attempt_quietly,
    esc,
    need_facilitator,
    need_session,
    session_banner,
    store,
    through_app,
)
from sipr_core import FILTER_KINDS, SHOWN_KINDS, HistoryLine, filter_lines, history_lines, when

through_app()

PAGE_SIZE = 50
# (Comments, not docstrings: Streamlit would show a bare string of a page script on the page.)
LIMIT, UNDONE = "history:limit", "history:undone"

session = need_session(with_votes=False)  # names of participants, not their votes
key = need_facilitator(session)
session_banner(session)
rubric, info = session.rubric, session.info
code, actor = info.code, info.facilitator
zone = st.context.timezone


def said(text: str) -> str:
    return esc(text) if text else "*empty*"


def undo(line: HistoryLine) -> None:
    """Undo one change; the page then shows the undo on top, or says in the line why it was not done."""
    outcome = attempt_quietly(store().history.undo, code, key, line.change.id, actor=actor)
    if outcome.ok:
        st.session_state[UNDONE] = f"Undone: {line.what}"
        st.rerun()
    st.error(esc(outcome.problem or ""), icon=":material/error:")


def show(line: HistoryLine) -> None:
    change = line.change
    with st.container(border=True, key=f"change-{change.id}"):
        text, action = st.columns([5, 1], vertical_alignment="center")
        with text:
            st.markdown(f"**{esc(line.what)}**")
            undoing = " · undoing an earlier change" if line.undoes is not None else ""
            st.caption(f"{esc(change.actor)} · {when(change.at, zone)}{undoing}")
            values = line.values()
            if values:
                st.markdown("  \n".join(f"{side}: {said(text)}" for side, text in values))
        clicked = False
        if line.undone_by is not None:
            by = line.undone_by
            action.caption(f"Undone by {esc(by.actor)}, {when(by.at, zone)}")
        elif line.can_undo:
            clicked = action.button("Undo", key=f"undo-{change.id}", icon=":material/undo:", width="stretch")
        else:
            with action.popover("Why no Undo?", width="stretch"):
                st.markdown(esc(line.why_no_undo))
        if clicked:
            undo(line)


st.markdown("## History")
st.caption(
    "Every change in this session, newest first. **Undo** puts back what a change replaced; the undo is "
    "kept here too, and can itself be undone."
)
done = st.session_state.pop(UNDONE, None)
if done:
    st.success(esc(done), icon=":material/undo:")

changes = attempt(store().history.changes, code, key, include_votes=True).value
items = attempt(store().actions.items, code).value
if changes is not None and items is not None:
    rows = {"": f"Every {rubric.terms.row.lower()}", **{row.id: row.short for _, row in rubric.rows()}}
    which, kind = st.columns([2, 3], vertical_alignment="bottom")
    row_id = which.selectbox(rubric.terms.row, list(rows), format_func=rows.__getitem__, key="history-row")
    kinds = kind.pills(
        "Show",
        list(FILTER_KINDS),
        format_func=lambda k: k.label,
        selection_mode="multi",
        default=list(SHOWN_KINDS),
        key="history-kinds",
    )
    lines = filter_lines(history_lines(session, changes, items), row_id=row_id or "", kinds=kinds)
    if not lines:
        st.info("No changes to show. Choose another row, or show more kinds of change.", icon=":material/history:")
    limit = st.session_state.get(LIMIT, PAGE_SIZE)
    for line in lines[:limit]:
        show(line)
    if len(lines) > limit:
        st.caption(f"{limit} of {len(lines)} changes shown.")
        if st.button(f"Show {min(PAGE_SIZE, len(lines) - limit)} more", icon=":material/expand_more:"):
            st.session_state[LIMIT] = limit + PAGE_SIZE
            st.rerun()
