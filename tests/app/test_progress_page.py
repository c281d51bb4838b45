"""The Progress page: levels over time, baseline against follow-up, what moved, targets and reviews."""

import datetime
import html
import json

from app_support import new_session, open_page

from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.targets import ROW, Review

PAGE = "pages/progress.py"


def two_sessions(app_store, collaboration):
    """A baseline in 2025 and a follow-up in 2026 of the same team; returns (baseline code, follow-up code, key)."""
    first, key = new_session(app_store, collaboration, held_on=datetime.date(2025, 11, 20))
    app_store.entries.set(first, key, "vision", D, level="beginning", evidence="No shared vision.", actor="Ana")
    app_store.entries.set(first, key, "routines", D, level="evolving", actor="Ana")
    info, _ = app_store.sessions.create(collaboration, district="Riverside Schools", team="District CI team",
                                       held_on=datetime.date(2026, 11, 20), facilitator="Ana Ruiz", key=key,
                                       follow_up_of=first)
    app_store.entries.set(info.code, key, "vision", D, level="evolving", evidence="Vision written with staff.", actor="Ana")
    app_store.entries.set(info.code, key, "routines", D, level="developing", actor="Ana")
    return first, info.code, key


def test_a_first_session_is_the_baseline_and_says_how_to_see_change(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_page(PAGE, code)
    assert not at.exception and not at.error
    assert at.info[0].value.startswith("This is the only session of District CI team on this continuum so far")
    assert "Needs two sessions of the series." in [c.value for c in at.caption]


def test_a_follow_up_shows_the_trend_the_overlay_and_what_moved(data_dir, app_store, collaboration):
    _, code, _ = two_sessions(app_store, collaboration)
    at = open_page(PAGE, code)
    assert not at.exception and not at.error
    trend_chart, overlay = (json.loads(e.proto.spec) for e in at.get("plotly_chart"))
    assert [t["x"] for t in trend_chart["data"]] == [["2025-11-20", "2026-11-20"]] * 6
    vision = next(t for t in trend_chart["data"] if html.unescape(t["name"]) == "Vision & mission")
    assert vision["y"] == [1.0, 3.0]
    names = [t["name"] for t in overlay["data"]]
    assert names == ["Rating, baseline 20 Nov 2025", "Rating"]
    (moved,) = at.dataframe
    rows = moved.value.to_dict("records")
    assert [(r["row"], r["direction"], r["change"]) for r in rows] == [
        ("Vision & mission", "went up", "+2"),
        ("Routines", "went down", "-1"),
    ]
    assert rows[0]["evidence_before"] == "No shared vision." and rows[0]["evidence_after"] == "Vision written with staff."
    assert {m.label: m.value for m in at.metric} == {"Went up": "1", "Went down": "1", "Stayed": "0"}


def test_without_the_key_targets_are_shown_but_not_editable(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.targets.set(code, key, ROW, "vision", D, "evolving", actor="Ana")
    at = open_page(PAGE, code)
    assert not at.exception
    assert at.info[-1].value.startswith("Only the facilitator sets targets and review dates")
    assert not [e for e in at.dataframe if str(e.key).startswith("targets-")]
    grid = at.dataframe[-1].value
    assert grid.loc[grid["name"] == "Vision & mission", D].item() == "Evolving"


def test_the_facilitator_sets_a_group_target_and_it_is_stored_for_the_series(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page(PAGE, code, key)
    assert not at.exception
    editors = [e.key for e in at.dataframe if str(e.key).startswith("targets-")]
    assert [k.rsplit("-", 1)[0] for k in editors] == ["targets-group", "targets-row"]
    # what the grid sends when the facilitator picks "Evolving" in the first line
    at.session_state[editors[0]] = {"edited_rows": {0: {D: "Evolving"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.error
    assert app_store.targets.of(code).groups == {("culture", D): "evolving"}


def test_the_facilitator_adds_and_removes_review_dates(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page(PAGE, code, key)
    at.date_input[0].set_value(datetime.date(2027, 2, 1))
    at.text_input[0].set_value("Mid-year review")
    next(b for b in at.button if b.label == "Add review date").click()
    at.run()
    assert not at.exception and not at.error
    assert app_store.targets.schedule(code) == [Review(datetime.date(2027, 2, 1), "Mid-year review")]
    assert "**Next review:** 01 February 2027 — Mid-year review" in [m.value for m in at.markdown]
    next(b for b in at.button if b.label == "Remove").click()
    at.run()
    assert app_store.targets.schedule(code) == []
