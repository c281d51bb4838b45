"""Placeholder front page: lists the rubric library (the facilitation app arrives in a later issue)."""

import streamlit as st

from sipr_core import load_library

st.set_page_config(page_title="SIPR facilitation dashboard", layout="wide")
st.title("Continuous-improvement rubrics")

library = load_library()
for rubric in library.rubrics.values():
    with st.container(border=True):
        st.subheader(rubric.title)
        source = rubric.source
        st.caption(" · ".join(p for p in (source.document, source.part, source.edition) if p))
        st.write(
            f"{len(rubric.groups)} × {rubric.terms.group.lower()}, {rubric.row_count()} × "
            f"{rubric.terms.row.lower()}; levels: {', '.join(level.name for level in rubric.levels)}"
        )
for problem in library.problems:
    st.error(str(problem))
