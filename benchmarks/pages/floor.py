"""The framework's floor: the Rate page's widgets and chart for N rows; fixed data, no core, no database."""

import json
import os

import plotly.graph_objects as go
import streamlit as st

ROWS = int(os.environ.get("FLOOR_ROWS", "7"))
LEVELS = ["__not_rated__", "getting-started", "getting-better", "keep-improving"]
TEXT = (
    "District and building leaders engage with students, staff, and community through formal communications."
)

st.progress(0.5, text="14 of 28 rated")
st.segmented_control("Area of focus", range(6), key="group", default=0)
st.toggle("Guided", key="guided-mode")
rows_col, chart_col = st.columns([3, 2])
with rows_col:
    for i in range(ROWS):
        with st.container(border=True):
            st.markdown(f"### Row {i}")
            st.html(
                "".join(f"<div style='flex:1'><b>{name}</b><div>{TEXT}</div></div>" for name in LEVELS[1:])
            )
            st.select_slider("Level", options=LEVELS, key=f"level:{i}")
            st.checkbox("Not applicable", key=f"na:{i}")
            st.text_area("Evidence", key=f"evidence:{i}", height=90)
            st.text_area("Next steps", key=f"next:{i}", height=90)
            with st.expander("Reflection"):
                for j in range(3):
                    st.text_area(f"Prompt {j}", key=f"reflect:{i}:{j}", height=80)
with chart_col:
    r = [float(1 + (k % 3)) for k in range(ROWS)]
    figure = go.Figure(go.Scatterpolar(r=[*r, r[0]], theta=[f"Row {k}" for k in [*range(ROWS), 0]]))
    figure.update_layout(height=560, polar={"radialaxis": {"range": [0, 3]}})
    st.plotly_chart(figure, key="radar")
st.caption(json.dumps({"rows": ROWS}))
