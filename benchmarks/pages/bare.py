"""A bare page: one slider and nothing else."""

import streamlit as st

st.select_slider("Level", options=["__not_rated__", "a", "b", "c"], key="level:0")
