import streamlit as st

st.title("present")
