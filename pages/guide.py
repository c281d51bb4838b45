"""The source's guidance for facilitators (the toolkit's Facilitator Readiness), and its readiness checklist.

Used by the Start page (before a new meeting: the guide, then the open session's checklist) and the
Present page (a Guide menu for the facilitator). Display only: the text is the rubric file's ``guide``, as
the source has it; the ticks are the session's, saved by ``store.preparation`` for its facilitator.
"""

import streamlit as st

from pages.common import attempt, attempt_quietly, esc, store
from sipr_core import READINESS, Rubric, readiness_checklist, readiness_section

READY_PROBLEM = "readiness-problem"
"""Where a tick that could not be saved leaves its message, shown at the next run."""


def guide_sections(rubric: Rubric, but_checklist: bool = False) -> None:
    """The guide's sections as text, titles in bold; ``but_checklist``: without Facilitator Readiness and the
    list it asks for, shown as the checklist above."""
    shown = readiness_checklist(rubric) if but_checklist else []
    for section in rubric.guide:
        if shown and (section == readiness_section(rubric) or list(section.items) == shown):
            continue
        st.markdown(f"**{esc(section.title)}**")
        for text in section.paragraphs:
            st.markdown(esc(text))
        if section.items:
            st.markdown("\n".join(f"- {esc(item)}" for item in section.items))


def facilitator_guide(rubric: Rubric) -> None:
    """An expander with the continuum's facilitator guide; nothing when its file has none."""
    if not rubric.guide:
        return
    with st.expander("Facilitator's guide from the source", icon=":material/school:"):
        guide_sections(rubric)


def _tick(code: str, key: str, item: str, widget: str) -> None:
    outcome = attempt_quietly(store().preparation.tick, code, key, item, bool(st.session_state[widget]))
    if outcome.problem is not None:
        st.session_state[READY_PROBLEM] = outcome.problem


def readiness_checklist_boxes(
    rubric: Rubric, code: str, key: str, place: str, ticked: frozenset[str]
) -> None:
    """The session's readiness checklist: a box per item, as saved for this session (so another device of
    the facilitator shows the same ticks)."""
    items = readiness_checklist(rubric)
    section = readiness_section(rubric)
    if not items or section is None:
        return
    problem = st.session_state.pop(READY_PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/error:")
    for text in section.paragraphs:
        st.markdown(esc(text))
    listed = next(s for s in rubric.guide if list(s.items) == items)
    st.markdown(f"**{esc(listed.title)}**")
    for number, item in enumerate(items):
        widget = f"ready:{place}:{code}:{number}"
        st.session_state[widget] = item in ticked  # the saved tick, whatever this browser showed before
        st.checkbox(esc(item), key=widget, on_change=_tick, args=(code, key, item, widget))
    st.caption(f"{len(ticked)} of {len(items)} ticked · kept for this session, seen only by its facilitator")


def readiness_panel(rubric: Rubric, code: str, key: str) -> None:
    """On Start, for the open session: the readiness checklist, open until every item is ticked."""
    items = readiness_checklist(rubric)
    if not items:
        return
    ticked = attempt(store().preparation.ticked, code, key).value or frozenset()
    done = len(set(items) & ticked) == len(items)
    label = "Before the meeting: facilitator readiness" + (" (all ticked)" if done else "")
    with st.expander(label, expanded=not done, icon=":material/checklist:"):
        readiness_checklist_boxes(rubric, code, key, "start", ticked)


def guide_menu(rubric: Rubric, code: str, key: str | None) -> None:
    """On Present: a Guide menu with the readiness checklist (facilitator) and the whole guide."""
    if not rubric.guide:
        return
    with st.popover("Guide", icon=":material/school:", key="present-guide"):
        if key is None:
            guide_sections(rubric)
            return
        ticked = attempt(store().preparation.ticked, code, key).value or frozenset()
        if readiness_checklist(rubric):
            st.markdown(f"**{esc(READINESS)}**")
        readiness_checklist_boxes(rubric, code, key, "present", ticked)
        st.divider()
        guide_sections(rubric, but_checklist=True)
