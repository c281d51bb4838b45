import streamlit as st

st.title("rate")
