import json

import pytest
from app_support import as_read, new_session, open_page, widget

from sipr_core import StoreError
from sipr_core.session import MAX_TEXT
from sipr_core.storage.entries import Entries

BUSY = (
    "Not saved: the database stayed busy for too long. Everything saved before is safe; "
    "try again, and tell whoever runs this app if it keeps happening."
)


def refuse_saves(*_args, **_kwargs):
    raise StoreError(BUSY)


def radar_points(at) -> list:
    """The values of every trace of the page's radar chart."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [trace["r"] for trace in spec["data"]]


@pytest.mark.parametrize(
    "rubric_id",
    ["micip-collaboration", "micip-maintaining-balance", "sipr-practice-profile", "sipr-earlier-strategies-3-4", "leadership-system"],
)
def test_rate_page_runs_for_every_continuum(data_dir, app_store, library, rubric_id):
    code, key = new_session(app_store, library.get(rubric_id))
    at = open_page("pages/rate.py", code, key)
    assert not at.exception
    assert not at.error
    total = library.get(rubric_id).row_count()
    assert any(f"0 of {total} " in p.text for p in at.get("progress"))


def test_rate_page_asks_for_the_facilitator_key_without_it(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code)
    assert not at.exception
    assert at.warning[0].value.startswith("Only the facilitator can change ratings.")
    assert not at.select_slider


def test_rate_page_without_a_session_points_to_start(data_dir):
    at = open_page("pages/rate.py")
    assert not at.exception
    assert at.info[0].value.startswith("Open a session first")


def test_moving_the_slider_stores_the_level_and_redraws_the_radar(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    assert radar_points(at)[0][0] is None
    at.select_slider(key="level:vision:rating").set_value("evolving").run()
    assert not at.exception
    assert app_store.sessions.load(code).entry("vision", "rating").rating.level == "evolving"
    assert radar_points(at)[0][0] == 3.0
    assert any("1 of 6 elements rated" in p.text for p in at.get("progress"))


def test_moving_the_slider_back_to_not_rated_clears_the_level(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing")
    at = open_page("pages/rate.py", code, key)
    assert at.select_slider(key="level:vision:rating").value == "developing"
    at.select_slider(key="level:vision:rating").set_value("__not_rated__").run()
    assert app_store.sessions.load(code).entry("vision", "rating").rating.level is None


def test_evidence_and_next_steps_are_saved_exactly_as_typed(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    typed = '<script>alert("x")</script> =SUM(A1) שלום 🎉'
    at.text_area(key="evidence:routines:rating").input(typed).run()
    at.text_area(key="next_steps:routines:rating").input("Write the meeting protocol").run()
    entry = app_store.sessions.load(code).entry("routines", "rating")
    assert (entry.evidence, entry.next_steps) == (typed, "Write the meeting protocol")
    assert not any("<script>" in m.value for m in at.markdown)


def test_too_long_evidence_is_refused_with_the_limit_and_the_saved_text_is_kept(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", evidence="Saved before")
    at = open_page("pages/rate.py", code, key)
    at.text_area(key="evidence:vision:rating").input("x" * (MAX_TEXT + 1)).run()
    assert [as_read(e.value) for e in at.error] == [
        f"Evidence is too long: {MAX_TEXT + 1:,} characters (the limit is {MAX_TEXT:,}). "
        "Shorten it, or link to a longer document instead."
    ]
    assert app_store.sessions.load(code).entry("vision", "rating").evidence == "Saved before"
    assert at.text_area(key="evidence:vision:rating").value == "x" * (MAX_TEXT + 1)  # the typing is not lost
    # The message sits under the box it is about, not at the top of the row.
    order = [n.key if n.type == "text_area" else n.type for n in in_page_order(at.main) if n.type != "block"]
    assert order.index("evidence:vision:rating") + 1 == order.index("error")


def in_page_order(node):
    """Every element and block under a node of the AppTest tree, in the order the page shows them."""
    yield node
    for _, child in sorted(getattr(node, "children", {}).items()):
        yield from in_page_order(child)


def test_a_refused_rating_puts_the_slider_back_on_the_saved_level_and_says_why(
    data_dir, app_store, collaboration, monkeypatch
):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing")
    at = open_page("pages/rate.py", code, key)
    before = radar_points(at)
    monkeypatch.setattr(Entries, "set", refuse_saves)
    at.select_slider(key="level:vision:rating").set_value("accomplished").run()
    assert not at.exception
    assert [as_read(e.value) for e in at.error] == [BUSY]
    assert at.select_slider(key="level:vision:rating").value == "developing"
    assert radar_points(at) == before
    at.checkbox(key="na:vision:rating").check().run()
    assert [as_read(e.value) for e in at.error] == [BUSY]
    assert not at.checkbox(key="na:vision:rating").value
    monkeypatch.undo()
    assert app_store.sessions.load(code).entry("vision", "rating").rating.level == "developing"
    at.select_slider(key="level:vision:rating").set_value("evolving").run()  # trying again saves
    assert not at.error
    assert app_store.sessions.load(code).entry("vision", "rating").rating.level == "evolving"


def test_a_refused_tick_is_taken_back(data_dir, app_store, sipr, monkeypatch):
    code, key = new_session(app_store, sipr)
    at = open_page("pages/rate.py", code, key)
    at.checkbox(key="tick:1.2:implementation:0").check().run()
    monkeypatch.setattr(Entries, "set", refuse_saves)
    at.checkbox(key="tick:1.2:implementation:1").check().run()
    assert [as_read(e.value) for e in at.error] == [BUSY]
    assert [at.checkbox(key=f"tick:1.2:implementation:{i}").value for i in (0, 1)] == [True, False]
    monkeypatch.undo()
    assert app_store.sessions.load(code).entry("1.2", "implementation").rating.ticked == {0}


def test_evidence_changed_in_another_window_is_not_overwritten_and_is_quoted(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "routines", "rating", actor="Ana", evidence="Plans drafted")
    window_a, window_b = open_page("pages/rate.py", code, key), open_page("pages/rate.py", code, key)
    window_a.text_area(key="evidence:routines:rating").input("Tab A: plans merged in Feb.").run()
    window_b.text_area(key="evidence:routines:rating").input("Tab B: plans drafted separately.").run()
    assert not window_b.exception
    assert [as_read(e.value) for e in window_b.error] == [
        "Not saved: the evidence of this row was changed in another window since this one showed it. "
        "It now reads: “Tab A: plans merged in Feb.”. Your text is still in the box: to keep it instead, "
        "change it and click out of the box again."
    ]
    assert app_store.sessions.load(code).entry("routines", "rating").evidence == "Tab A: plans merged in Feb."
    assert window_b.text_area(key="evidence:routines:rating").value == "Tab B: plans drafted separately."
    window_b.text_area(key="evidence:routines:rating").input("Tab B: plans drafted separately, then merged.").run()
    assert not window_b.error
    assert app_store.sessions.load(code).entry("routines", "rating").evidence == "Tab B: plans drafted separately, then merged."


def test_not_applicable_is_stored_and_disables_the_slider(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    at.checkbox(key="na:planning:rating").check().run()
    assert app_store.sessions.load(code).entry("planning", "rating").rating.not_applicable
    assert at.select_slider(key="level:planning:rating").disabled


def test_ticking_criteria_suggests_a_level_the_team_can_take(data_dir, app_store, sipr):
    code, key = new_session(app_store, sipr)
    at = open_page("pages/rate.py", code, key)
    at.checkbox(key="tick:1.2:implementation:0").check().run()
    at.checkbox(key="tick:1.2:implementation:1").check().run()
    assert app_store.sessions.load(code).entry("1.2", "implementation").rating.ticked == {0, 1}
    assert "2 of 4 criteria hold: suggested level **Approaching**." in [i.value for i in at.info]
    widget(at.button, "Use Approaching").click().run()
    assert app_store.sessions.load(code).entry("1.2", "implementation").rating.level == "approaching"
    assert app_store.sessions.load(code).entry("1.2", "scale").rating.level is None


def test_guided_mode_walks_down_from_the_highest_level(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    at.toggle(key="guided-mode").set_value(True).run()
    first = [m.value for m in at.markdown if "To what extent does this describe your district?" in m.value]
    assert first[0].startswith("**Accomplished (Collaborative)**")
    at.button(key="below:vision:rating").click().run()
    at.button(key="fits:vision:rating").click().run()
    assert app_store.sessions.load(code).entry("vision", "rating").rating.level == "evolving"


def test_a_change_from_another_tab_shows_on_the_next_run(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    first = open_page("pages/rate.py", code, key)
    second = open_page("pages/rate.py", code, key)
    first.select_slider(key="level:decisions:rating").set_value("accomplished").run()
    first.text_area(key="evidence:decisions:rating").input("Minutes of the March meeting").run()
    second.run()
    assert second.select_slider(key="level:decisions:rating").value == "accomplished"
    assert second.text_area(key="evidence:decisions:rating").value == "Minutes of the March meeting"


def test_reflection_answers_are_saved_to_the_session(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    at.text_area(key="reflect::1").input("Time for collaboration is not scheduled").run()
    session = app_store.sessions.load(code)
    assert session.answer("", "What barriers exist to shifting the culture?") == "Time for collaboration is not scheduled"


def test_long_continua_are_rated_one_group_at_a_time(data_dir, app_store, leadership):
    code, key = new_session(app_store, leadership)
    at = open_page("pages/rate.py", code, key)
    assert {s.key for s in at.select_slider} == {"level:1:rating", "level:2:rating"}
    at.segmented_control(key="group").set_value(1).run()
    assert not at.exception
    assert {s.key for s in at.select_slider} == {"level:3a:rating", "level:3b:rating", "level:4:rating", "level:5a:rating", "level:5b:rating"}


def test_the_rate_page_begins_with_the_continuum_title(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    assert at.markdown[0].value == "# Isolation to Collaboration"


def test_a_slider_move_reruns_only_its_row_and_the_parts_that_show_ratings(data_dir, app_store, leadership):
    code, key = new_session(app_store, leadership)
    at = open_page("pages/rate.py", code, key)
    assert {s.key for s in at.select_slider} == {"level:1:rating", "level:2:rating"}
    at.select_slider(key="level:1:rating").set_value("getting-better").run()
    assert not at.exception
    assert [s.key for s in at.select_slider] == ["level:1:rating"]
    assert [m.value for m in at.markdown] == ["### Progress indicator 1"]
    assert [p.text for p in at.get("progress")] == ["**1 of 28 progress indicators rated**"]
    assert as_read(at.segmented_control(key="group").options[0]) == "Identity (1/2)"
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]  # two rows in this area: a bar chart
    assert bars[0]["x"] == [2.0, None]
    assert app_store.sessions.load(code).entry("1", "rating").rating.level == "getting-better"


def test_evidence_and_a_slider_move_sent_together_are_both_saved(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    at.text_area(key="evidence:vision:rating").input("Posters in 9 of 12 buildings")
    at.select_slider(key="level:policies:rating").set_value("evolving").run()
    # the slider's callback asks for a rerun of its row only: the evidence's callback still saves
    assert app_store.sessions.load(code).entry("vision", "rating").evidence == "Posters in 9 of 12 buildings"
    assert app_store.sessions.load(code).entry("policies", "rating").rating.level == "evolving"
    at.run()
    assert at.text_area(key="evidence:vision:rating").value == "Posters in 9 of 12 buildings"
    assert at.select_slider(key="level:policies:rating").value == "evolving"


def test_the_parts_that_rerun_alone_show_what_this_tab_saved_on_top_of_the_page_read(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/rate.py", code, key)
    app_store.entries.set(code, key, "routines", "rating", actor="Other device", level="developing")
    at.select_slider(key="level:vision:rating").set_value("accomplished").run()
    assert radar_points(at)[0][:3] == [4.0, None, None]  # the other device's change waits for a full run
    at.run()
    assert radar_points(at)[0][:3] == [4.0, None, 2.0]
    assert at.select_slider(key="level:routines:rating").value == "developing"


@pytest.mark.parametrize("rubric_id", ["sipr-practice-profile", "sipr-earlier-strategies-3-4", "leadership-system"])
def test_a_continuum_whose_file_names_no_prompts_shows_no_toolkit_questions(data_dir, app_store, library, rubric_id):
    toolkit_questions = {
        prompt
        for toolkit in ("micip-collaboration", "micip-maintaining-balance")
        for activity in library.get(toolkit).activities
        for prompt in activity.prompts
    }
    code, key = new_session(app_store, library.get(rubric_id))
    at = open_page("pages/rate.py", code, key)
    assert not at.exception
    shown = [as_read(t.label) for t in at.text_area] + [as_read(m.value) for m in at.markdown]
    assert not [text for text in shown if any(q in text for q in toolkit_questions)]
    assert not [t.key for t in at.text_area if t.key.startswith("reflect:")]
    assert "Reflection" not in [e.label for e in at.expander]


def test_the_leadership_slider_offers_not_started_below_getting_started_apart_from_not_rated(
    data_dir, app_store, leadership
):
    code, key = new_session(app_store, leadership)
    at = open_page("pages/rate.py", code, key)
    slider = at.select_slider(key="level:1:rating")
    assert slider.options[:3] == ["Not rated", "Not started", "Getting Started"]
    slider.set_value("not-started").run()
    assert not at.exception
    assert app_store.sessions.load(code).entry("1", "rating").rating.level == "not-started"
    assert app_store.sessions.load(code).entry("2", "rating").rating.level is None


def test_guided_mode_asks_a_building_team_about_its_school(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration, school="Oak Middle School")
    at = open_page("pages/rate.py", code, key)
    at.toggle(key="guided-mode").set_value(True).run()
    asked = [m.value for m in at.markdown if "To what extent does this describe your" in m.value]
    assert asked and all(m.endswith("To what extent does this describe your school?") for m in asked)
