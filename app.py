"""The facilitation dashboard: page set-up, the optional app password, and navigation."""

import os
import sys

import streamlit as st

from pages.common import (
    PAGES,
    accessible_styles,
    guard_unsaved_typing,
    guesser,
    guesses,
    keep_focus,
    page_style,
)
from sipr_core import password_ok

# A save gives up Python's GIL while SQLite writes; the server's event-loop thread then holds it for up
# to the switch interval (5 ms by default) before the script may go on. At 0.1 ms a slider move's save
# took 2.4 instead of 3.1 ms on the server (benchmarks/rate_page.py), and 40 voting participants' pages
# cost no more server CPU (benchmarks/voting.py).
SWITCH_INTERVAL_S = 0.0001
sys.setswitchinterval(SWITCH_INTERVAL_S)
st.set_page_config(page_title="SIPR facilitation dashboard", page_icon=":material/radar:", layout="wide")
accessible_styles()


def app_password() -> str | None:
    """SIPR_APP_PASSWORD, or app_password in Streamlit secrets; None when the app is open."""
    if os.environ.get("SIPR_APP_PASSWORD"):
        return os.environ["SIPR_APP_PASSWORD"]
    try:
        return st.secrets.get("app_password")
    except FileNotFoundError:
        return None


expected = app_password()
if expected and not st.session_state.get("app-unlocked"):
    st.title("Continuous-improvement facilitation")
    with st.form("app-password"):
        given = st.text_input("App password", type="password")
        if st.form_submit_button("Enter", type="primary"):
            refused = guesses("passwords").refusal(*guesser())
            if refused:
                st.error(refused, icon=":material/timer:")
            elif password_ok(given, expected):
                st.session_state["app-unlocked"] = True
                st.rerun()
            else:
                guesses("passwords").failed(*guesser())
                st.error("That password is not right. Ask whoever runs this app for it.")
    st.stop()

# This run's own page objects: st.navigation marks the one it returns as callable once, so two browser
# sessions starting at the same moment must never hand it the same objects (issue 16, item 8a).
pages = dict(
    start=st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
    agenda=st.Page("pages/agenda.py", title="Agenda", icon=":material/event_note:"),
    rate=st.Page("pages/rate.py", title="Rate", icon=":material/tune:"),
    consensus=st.Page("pages/consensus.py", title="Consensus", icon=":material/groups:"),
    vote=st.Page("pages/vote.py", title="Vote", icon=":material/how_to_vote:"),
    dashboard=st.Page("pages/dashboard.py", title="Dashboard", icon=":material/radar:"),
    progress=st.Page("pages/progress.py", title="Progress", icon=":material/trending_up:"),
    present=st.Page("pages/present.py", title="Present", icon=":material/present_to_all:"),
    actions=st.Page("pages/actions.py", title="Action plan", icon=":material/checklist:"),
    history=st.Page("pages/history.py", title="History", icon=":material/history:"),
    summary=st.Page("pages/summary.py", title="Summary", icon=":material/summarize:"),
    district=st.Page("pages/district_view.py", title="District view", icon=":material/domain:"),
    rubrics=st.Page("pages/rubrics.py", title="Rubrics", icon=":material/menu_book:"),
)
PAGES.update(pages)  # for links between pages: any session's objects name the same pages
page_style()  # before the page, so that a page that stops early keeps it too
st.navigation(list(pages.values()), position="top").run()
guard_unsaved_typing()  # last, so its empty element adds no space above the page
keep_focus()
