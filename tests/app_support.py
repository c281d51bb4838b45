"""Helpers for AppTest tests: create a session, open a page on it."""

from __future__ import annotations

import re
from pathlib import Path

from store_support import DEFAULTS, make_code
from streamlit.testing.v1 import AppTest

from sipr_core import Store, agenda_templates, load_library

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def new_session(store: Store, rubric, **overrides):
    """Create a session; returns (code, key)."""
    return make_code(store, rubric, **overrides)


def open_page(page: str, code: str | None = None, key: str | None = None, timeout: float = 20) -> AppTest:
    """Run the app on a page ("pages/rate.py"), with a session open and, if given, the facilitator key."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if code:
        at.query_params["code"] = code
    if code and key:
        at.session_state[f"key:{code}"] = key
    at.run()
    if page != "pages/start.py":
        at.switch_page(page)
        at.run()
    return at


def widget(elements, label: str):
    """The one element of a list (at.text_input, at.button, ...) with this label."""
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, f"expected one {label!r}, found {[e.label for e in elements]}"
    return found[0]


def as_read(markdown: str) -> str:
    """Markdown of sipr_core.text.markdown_text as the reader sees it: escapes and invisible joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "").replace("\u00a0", " ")


def toolkit_meeting(store: Store):
    """The toolkit's meeting (a discussion, two continua); returns (meeting, key)."""
    library = load_library()
    toolkit = next(t for t in agenda_templates(library.rubrics) if t.id == "toolkit")
    return store.meetings.create("Toolkit meeting", toolkit.id, toolkit.items, library.rubrics, **DEFAULTS)


def agenda_page(code: str, key: str | None = None) -> AppTest:
    """The Agenda page of a meeting, with its key if given."""
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params["meeting"] = code
    if key:
        at.session_state[f"key:{code}"] = key
    at.run()
    at.switch_page("pages/agenda.py")
    at.run()
    return at


def phone(code: str, member: str | None = None) -> AppTest:
    """The Vote page on a phone that opened this join code (as this member, if given)."""
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params["code"] = code
    if member:
        at.query_params["p"] = member
    at.run()
    at.switch_page("pages/vote.py")
    at.run()
    return at
