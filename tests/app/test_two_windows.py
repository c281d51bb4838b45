"""Two windows on one session: a reflection answer, the Consensus page's evidence or an action item changed
in one is not overwritten unseen from the other. The later window is told what is stored now and keeps
its own text, in the box or beside the table, to save it after all.

Each window is its own AppTest (its own browser session) on one database, and each was drawn before
either saved: what two facilitators see when they change the same thing at once."""

from __future__ import annotations

import json

import pytest
from app_support import APP, new_session, open_page, widget
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

PROMPT = "What barriers exist to shifting the culture?"


def edit_table(at: AppTest, table, edited_rows=None, deleted_rows=()) -> AppTest:
    """Send what the browser's table editor sends when cells are changed or lines deleted, and rerun.

    (AppTest cannot edit an ``st.data_editor``: this sends the same widget state the browser does.)
    """
    states = at._tree.get_widget_states()
    edit = WidgetState(id=table.proto.id)
    edit.string_value = json.dumps(
        {"edited_rows": edited_rows or {}, "added_rows": [], "deleted_rows": list(deleted_rows)}
    )
    states.widgets.append(edit)
    return at._run(states)


# --- a reflection answer on the Rate page -----------------------------------------------------------


def test_a_reflection_answer_changed_in_another_window_is_not_overwritten_and_the_box_keeps_mine(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    prompts = collaboration.activities
    assert prompts  # the continuum's own reflection prompts are asked on every row
    a, b = open_page("pages/rate.py", code, key), open_page("pages/rate.py", code, key)
    box = f"reflect:vision:{[p for act in prompts for p in act.prompts].index(PROMPT)}"
    a.text_area(key=box).input("Time to meet").run()
    b.text_area(key=box).input("Trust between buildings").run()
    assert not b.exception
    assert [e.value for e in b.error] == [
        "Not saved: the answer to “What barriers exist to shifting the culture?” was changed in another window "
        "since this one showed it. It now reads: “Time to meet”. Your text is still in the box: to keep it "
        "instead, change it and click out of the box again."
    ]
    assert app_store.sessions.load(code).answer("vision", PROMPT) == "Time to meet"
    b.run()  # the next run of B's page keeps B's typing
    assert b.text_area(key=box).value == "Trust between buildings"
    b.text_area(key=box).input("Trust between buildings, and time").run()
    assert not b.error
    assert app_store.sessions.load(code).answer("vision", PROMPT) == "Trust between buildings, and time"
    a.run()  # A's page, on its next run, shows B's answer
    assert a.text_area(key=box).value == "Trust between buildings, and time"


# --- the evidence of a consensus -----------------------------------------------------------------------


def open_consensus(code: str, key: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["code"] = code
    at.session_state[f"key:{code}"] = key
    at.run()
    at.switch_page("pages/consensus.py")
    return at.run()


def test_the_consensus_evidence_changed_in_another_window_is_not_overwritten(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [("vision", "rating")], actor="Ana")
    voter = app_store.voting.join(code, "Ben").id
    app_store.voting.cast(code, voter, "vision", "rating", "developing")
    app_store.voting.reveal(code, key)
    a, b = open_consensus(code, key), open_consensus(code, key)
    a.text_area(key="agree-evidence:vision:rating").input("Posters in 9 of 12 buildings")
    widget(a.button, "Record consensus").click().run()
    b.select_slider(key="agree:vision:rating").set_value("evolving")
    b.text_area(key="agree-evidence:vision:rating").input("Walkthrough notes")
    widget(b.button, "Record consensus").click().run()
    assert not b.exception
    assert [e.value for e in b.error] == [
        "Not saved: the evidence of this row was changed in another window since this one showed it. "
        "It now reads: “Posters in 9 of 12 buildings”. Your text is still in the box: to keep it instead, "
        "press Record consensus again."
    ]
    entry = app_store.sessions.load(code).entry("vision", "rating")
    assert (entry.rating.level, entry.evidence) == ("developing", "Posters in 9 of 12 buildings")
    assert b.text_area(key="agree-evidence:vision:rating").value == "Walkthrough notes"
    widget(b.button, "Record consensus").click().run()  # having read the other window's text
    assert not b.error
    entry = app_store.sessions.load(code).entry("vision", "rating")
    assert (entry.rating.level, entry.evidence) == ("evolving", "Walkthrough notes")


# --- the action plan -----------------------------------------------------------------------------------


def unsaved(at: AppTest) -> list[str]:
    """What the Action plan page lists under "Not saved: your changes"."""
    found = [m.value for m in at.markdown]
    if "#### Not saved: your changes" not in found:
        return []
    after = found[found.index("#### Not saved: your changes") + 1 :]
    return after[: next((i for i, line in enumerate(after) if line.startswith("#")), len(after))]


@pytest.fixture
def two_plans(data_dir, app_store, collaboration):
    """Two Action plan pages on one plan of two items: (window A, window B, code, key)."""
    code, key = new_session(app_store, collaboration)
    app_store.actions.add(code, key, actor="Ana Ruiz", what="Share the plan", owner="Ana")
    app_store.actions.add(code, key, actor="Ana Ruiz", what="Survey staff")
    return open_page("pages/actions.py", code, key), open_page("pages/actions.py", code, key), code, key


def test_an_action_item_changed_in_another_window_is_not_overwritten_and_mine_is_kept_beside_the_table(
    two_plans, app_store
):
    a, b, code, key = two_plans
    edit_table(a, a.data_editor[0], {0: {"owner": "Ben Ortiz"}})
    assert not a.exception and not a.error
    edit_table(b, b.data_editor[0], {0: {"owner": "Cy", "status": "done"}})
    assert not b.exception
    assert [e.value for e in b.error] == [
        "Not saved: action item “Share the plan” was changed in another window since this table showed it: "
        "its owner now reads “Ben Ortiz”. Your change is kept below the table: press Use mine to save it "
        "instead."
    ]
    item = app_store.actions.items(code)[0]
    assert (item.owner, item.status.value) == ("Ben Ortiz", "not_started")
    # the table shows what is saved; my change waits below it, beside what is saved now
    assert b.data_editor[0].value.iloc[0]["owner"] == "Ben Ortiz"
    assert unsaved(b) == [
        "**“Share the plan”**",
        "**Owner**: yours “Cy”, saved “Ben Ortiz”",
        "**Status**: yours “Done”, saved “Not started”",
    ]
    widget(b.button, "Use mine").click().run()
    assert not b.exception and not b.error
    item = app_store.actions.items(code)[0]
    assert (item.owner, item.status.value) == ("Cy", "done")
    assert unsaved(b) == []
    assert b.data_editor[0].value.iloc[0]["owner"] == "Cy"


def test_keeping_the_saved_value_drops_mine(two_plans, app_store):
    a, b, code, key = two_plans
    edit_table(a, a.data_editor[0], {1: {"what": "Survey all staff"}})
    edit_table(b, b.data_editor[0], {1: {"what": "Survey teachers"}})
    assert b.error
    widget(b.button, "Keep the saved one").click().run()
    assert not b.error
    assert not [btn for btn in b.button if btn.label == "Use mine"]
    assert [i.what for i in app_store.actions.items(code)] == ["Share the plan", "Survey all staff"]


def test_mine_is_not_saved_over_a_third_change_it_did_not_show(two_plans, app_store):
    a, b, code, key = two_plans
    edit_table(a, a.data_editor[0], {0: {"owner": "Ben Ortiz"}})
    edit_table(b, b.data_editor[0], {0: {"owner": "Cy"}})
    a.run()
    edit_table(a, a.data_editor[0], {0: {"owner": "Dee"}})  # after B's page drew "saved “Ben Ortiz”"
    widget(b.button, "Use mine").click().run()
    assert [e.value for e in b.error] == [
        "Not saved: action item “Share the plan” was changed in another window since this table showed it: "
        "its owner now reads “Dee”. Your change is kept below the table: press Use mine to save it instead."
    ]
    assert app_store.actions.items(code)[0].owner == "Dee"
    assert unsaved(b)[1:] == ["**Owner**: yours “Cy”, saved “Dee”"]


def test_deleting_an_item_changed_in_another_window_is_refused_and_it_stays(two_plans, app_store):
    a, b, code, key = two_plans
    edit_table(a, a.data_editor[0], {0: {"owner": "Ben Ortiz"}})
    edit_table(b, b.data_editor[0], deleted_rows=[0])
    assert [e.value for e in b.error] == [
        "Not deleted: action item “Share the plan” was changed in another window since this table showed it: "
        "its owner now reads “Ben Ortiz”. It is still in the plan: delete it again if it should go."
    ]
    assert [i.what for i in app_store.actions.items(code)] == ["Share the plan", "Survey staff"]
    assert list(b.data_editor[0].value["what"]) == ["Share the plan", "Survey staff"]
