"""The source's guidance for facilitators (the toolkit's Facilitator Readiness), shown before a new meeting.

Used by the Start page. Display only: the text is the rubric file's ``guide``, as the source has it.
"""

import streamlit as st

from pages.common import esc
from sipr_core import Rubric


def facilitator_guide(rubric: Rubric) -> None:
    """An expander with the continuum's facilitator guide; nothing when its file has none."""
    if not rubric.guide:
        return
    with st.expander("Facilitator's guide from the source", icon=":material/school:"):
        for section in rubric.guide:
            st.markdown(f"**{esc(section.title)}**")
            for text in section.paragraphs:
                st.markdown(esc(text))
            if section.items:
                st.markdown("\n".join(f"- {esc(item)}" for item in section.items))
