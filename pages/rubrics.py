import streamlit as st

st.title("rubrics")
