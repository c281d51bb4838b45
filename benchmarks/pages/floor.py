"""The framework's floor: the Rate page's structure, widgets and chart for N rows; no core, no database.

The same fragments as the Rate page (each row; the progress bar, the group picker and the radar, which rerun
with a row whose rating changed), the same widgets with the same keys and callbacks that only rerun, level
cards of the same markup, and the radar's figure as the Rate page draws it (FLOOR_CHART: its spec as JSON,
read once), with the moved row's point changed so every rerun sends a new chart.
"""

import json
import os
import sqlite3
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

ROWS = int(os.environ.get("FLOOR_ROWS", "7"))
PROMPTS = int(os.environ.get("FLOOR_PROMPTS", "3"))
LEVELS = ["__not_rated__", "getting-started", "getting-better", "keep-improving"]
NAMES = {
    "__not_rated__": "Not rated",
    "getting-started": "Getting Started",
    "getting-better": "Getting Better",
    "keep-improving": "Keep Improving",
}
TEXT = (  # as long as a level's text in the Leadership System's Capacity area (355 characters on average)
    "District and building leaders engage with students, staff, and community through formal "
    "communications. Leaders review such practices and determine how to encourage others to observe "
    "or collaborate with these individuals to model exemplary or innovative practices, and outcome "
    "data are identified and reviewed to determine continuation or extension of such innovations."
)
RATINGS_SHOWN = ["radar", "progress", "groups"]
CARD = (
    '<div class="level-card" style="border:1px solid #C9D3DF;background:#FFF;flex:1;padding:0.7rem;'
    'border-radius:0.6rem;font-size:1rem;line-height:1.35">'
    '<div style="font-weight:700;margin-bottom:0.35rem">{name}</div><div>{text}</div></div>'
)


@st.cache_resource
def chart_json() -> str:
    path = os.environ.get("FLOOR_CHART")
    if path:
        return Path(path).read_text()
    theta = [f"Row {k}" for k in [*range(ROWS), 0]]
    trace = {"type": "scatterpolar", "r": [1.0] * (ROWS + 1), "theta": theta}
    return json.dumps({"data": [trace], "layout": {}})


@st.cache_resource
def durable_file() -> sqlite3.Connection | None:
    """FLOOR_SAVE_TO: a SQLite file set up as the app's (WAL, synchronous=FULL), for one write per move."""
    path = os.environ.get("FLOOR_SAVE_TO")
    if not path:
        return None
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS level (row INTEGER PRIMARY KEY, value TEXT)")
    return conn


def on_level(i: int) -> None:
    conn = durable_file()
    if conn is not None:  # the least a durable save can cost: one statement, one fsync'd commit
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO level VALUES (?, ?)", (i, st.session_state[f"level:{i}"]))
        conn.execute("COMMIT")
    st.rerun([*RATINGS_SHOWN, f"row:{i}"])


def on_not_applicable(i: int) -> None:
    st.rerun([*RATINGS_SHOWN, f"row:{i}"])


def on_text(_widget: str) -> None:
    """The Rate page saves a text box when it changes; here nothing happens."""


def show_group() -> None:
    st.rerun()


def row_panel(i: int) -> None:
    with st.container(border=True, key=f"row-{i}"):
        st.markdown(f"### Progress indicator {i}")
        cards = "".join(CARD.format(name=NAMES[level], text=TEXT) for level in LEVELS[1:])
        st.html(f'<div class="level-cards">{cards}</div>')
        slider, na = st.columns([4, 1], vertical_alignment="bottom")
        slider.select_slider(
            "Level", options=LEVELS, format_func=NAMES.get, key=f"level:{i}", on_change=on_level, args=(i,)
        )
        na.checkbox("Not applicable", key=f"na:{i}", on_change=on_not_applicable, args=(i,))
        for box, (field, label, hint) in zip(st.columns(2), (
            ("evidence", "Evidence", "What do we see?"),
            ("next_steps", "Next steps", "What will we do?"),
        ), strict=True):
            widget = f"{field}:{i}"
            box.text_area(label, key=widget, placeholder=hint, height=90, on_change=on_text, args=(widget,))
        if PROMPTS:  # as on the Rate page: no expander when the continuum's file names no questions
            with st.expander("Reflection"):
                for j in range(PROMPTS):
                    widget = f"reflect:{i}:{j}"
                    st.text_area(f"Prompt {j}", key=widget, height=80, on_change=on_text, args=(widget,))


def progress_bar() -> None:
    st.progress(0.5, text="**14 of 28 progress indicators rated**")


def group_picker() -> int:
    chosen = st.segmented_control(
        "Area of focus",
        range(6),
        format_func=lambda i: f"Group {i} (1/5)",
        key="group",
        required=True,
        default=0,
        on_change=show_group,
    )
    return chosen or 0


def radar_panel() -> None:
    spec = json.loads(chart_json())
    spec["data"][-1]["r"][0] = float(LEVELS.index(st.session_state.get("level:0") or LEVELS[0]))
    st.plotly_chart(go.Figure(spec, _validate=False), key="radar", config={"displayModeBar": False})


def whole_continuum() -> None:
    for j in range(PROMPTS):
        widget = f"reflect::{j}"
        st.text_area(f"Prompt {j}", key=widget, height=80, on_change=on_text, args=(widget,))


top = st.columns([3, 2], vertical_alignment="bottom")
with top[0]:
    st.markdown("## Leadership System")
    st.caption("Bench · Bench · 23 November 2026 · join code **ABC-DEF-GHJ**")
with top[1]:
    st.fragment(progress_bar, key="progress")()
controls = st.columns([3, 2])
with controls[0]:
    st.fragment(group_picker, key="groups")()
controls[1].toggle("Guided", key="guided-mode")
rows_col, chart_col = st.columns([5, 3], gap="medium")
with rows_col:
    st.markdown("### Capacity")
    for i in range(ROWS):
        if i % 2 == 1:
            st.markdown(f"#### Practice: {i}")
        st.fragment(row_panel, key=f"row:{i}")(i)
st.html("<style>[data-testid=stLayoutWrapper]:has(> .st-key-radar-panel) {position: sticky;}</style>")
with chart_col, st.container(key="radar-panel"):
    st.fragment(radar_panel, key="radar")()
if PROMPTS:
    st.divider()
    st.markdown("### Reflection on the whole continuum")
    st.fragment(whole_continuum)()
