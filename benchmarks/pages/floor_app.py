"""The floor page inside st.navigation, as the real app runs its pages."""

import streamlit as st

st.set_page_config(layout="wide")
st.navigation([st.Page("floor.py", title="Floor", default=True)], position="top").run()
