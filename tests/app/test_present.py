import datetime
import html
import json
import re

import pytest
from app_support import as_read, new_session, open_page, widget

from sipr_core import session as session_module
from sipr_core.presenting import slides
from sipr_core.rubric import DEFAULT_DIMENSION as D

PAGE = "pages/present.py"
RUBRICS = [
    "micip-collaboration",
    "micip-maintaining-balance",
    "sipr-practice-profile",
    "sipr-earlier-strategies-3-4",
    "leadership-system",
]


def present(code, key=None, slide=None):
    """The Present page on a session, as the facilitator when a key is given, on a slide if asked."""
    at = open_page(PAGE, code, key)
    if slide is not None:
        at.query_params["slide"] = str(slide)
        at.run()
    return at


def title(at) -> str:
    """The slide's title: the text of its one <h1>."""
    found = [re.search(r"<h1[^>]*>(.*?)</h1>", h.proto.body, re.S) for h in at.html]
    titles = [m.group(1) for m in found if m]
    assert len(titles) == 1, titles
    return titles[0]


def clock(at) -> str:
    """The timer's activity, clock and state as text, e.g. 'Activity 1 29:58 left'."""
    box = next(h.proto.body for h in at.html if 'id="sipr-timer"' in h.proto.body).split("<script>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", box).split())


def shown(at) -> str:
    """Every piece of HTML on the page, joined."""
    return "\n".join(h.proto.body for h in at.html)


def slide_in_url(at) -> str:
    value = at.query_params["slide"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_every_slide_of_every_rubric_shows_without_an_error(data_dir, app_store, library, rubric_id):
    rubric = library.get(rubric_id)
    code, key = new_session(app_store, rubric)
    deck = slides(rubric)
    at = present(code, key)
    for slide in deck:
        assert not at.exception, (slide.counter, at.exception)
        assert not at.error
        assert slide_in_url(at) == str(slide.number)
        if slide.is_overview:
            assert title(at) == html.escape(f"The whole picture: {rubric.short}")
        else:
            assert title(at) == html.escape(slide.row.title)
            assert len(at.select_slider) == len(slide.row.cells())
        assert f">{slide.counter}<" in shown(at)
        if not slide.is_overview:
            widget(at.button, "Next").click().run()
    assert widget(at.button, "Next").disabled


def test_next_moves_to_slide_2_and_shows_the_second_rows_title(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key)
    assert title(at) == "Vision, mission, and beliefs"
    assert widget(at.button, "Previous").disabled
    widget(at.button, "Next").click().run()
    assert not at.exception
    assert slide_in_url(at) == "2"
    assert title(at) == "Policies and structures"
    assert ">Slide 2 of 7<" in shown(at)


def test_previous_goes_back_one_slide(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key, slide=3)
    widget(at.button, "Previous").click().run()
    assert slide_in_url(at) == "2"
    assert title(at) == "Policies and structures"


def test_clicker_and_keyboard_keys_are_the_shortcuts_of_next_and_previous(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key, slide=2)
    shortcuts = {b.label: b.proto.shortcut for b in at.button if b.proto.shortcut}
    assert shortcuts == {
        "Previous": "left",
        "Next": "right",
        "Next (Page Down)": "pagedown",
        "Next (Space)": "space",
        "Previous (Page Up)": "pageup",
    }
    widget(at.button, "Next (Page Down)").click().run()
    assert slide_in_url(at) == "3"
    widget(at.button, "Previous (Page Up)").click().run()
    assert slide_in_url(at) == "2"


def test_the_slide_in_the_url_is_shown_and_kept_in_range(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key, slide=4)
    assert title(at) == "Collaborative goal-setting"
    at.query_params["slide"] = "99"
    at.run()
    assert not at.exception
    assert slide_in_url(at) == "7"
    assert title(at) == "The whole picture: Isolation to Collaboration"
    at.query_params["slide"] = "nonsense"
    at.run()
    assert slide_in_url(at) == "1"


def test_setting_the_level_on_a_slide_stores_it_and_shows_it(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key, slide=2)
    slider = widget(at.select_slider, "Level")
    assert [as_read(o) for o in slider.options] == [
        "Not rated",
        "Beginning (Individualistic)",
        "Developing",
        "Evolving",
        "Accomplished (Collaborative)",
    ]
    assert slider.value == "Not rated"
    slider.set_value("Developing").run()
    assert not at.exception
    entry = app_store.sessions.load(code).entry("policies", D)
    assert (entry.rating.level, entry.updated_by) == ("developing", "Ana Ruiz")
    assert '700;color:#0072B2">Developing</span>' in shown(at)
    assert '<div class="level-card chosen"' in shown(at)


def test_choosing_not_rated_clears_the_level(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="evolving")
    at = present(code, key)
    slider = widget(at.select_slider, "Level")
    assert slider.value == "Evolving"
    slider.set_value("Not rated").run()
    assert app_store.sessions.load(code).entry("vision", D).rating.level is None
    assert "Not rated yet" in shown(at)


def test_a_sipr_slide_rates_implementation_and_scale_side_by_side(data_dir, app_store, sipr):
    code, key = new_session(app_store, sipr)
    at = present(code, key)
    assert [s.label for s in at.select_slider] == ["Implementation level", "Scale level"]
    widget(at.select_slider, "Scale level").set_value("Emerging").run()
    assert not at.exception
    session = app_store.sessions.load(code)
    assert session.entry("1.1", "scale").rating.level == "emerging"
    assert session.entry("1.1", "implementation").rating.level is None
    assert "There is one district plan." in shown(at)


def test_a_level_set_elsewhere_shows_on_the_slide_after_a_rerun(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="accomplished")
    at.run()
    assert widget(at.select_slider, "Level").value == "Accomplished (Collaborative)"


def test_a_started_timer_shows_its_time_left(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.sessions.start_timer(code, key, "Activity 1", 30)
    at = present(code)
    assert re.fullmatch(r"Activity 1 (29:[0-5]\d|30:00) left", clock(at))


def test_a_timer_that_ran_over_says_over_time(data_dir, app_store, collaboration, monkeypatch):
    code, key = new_session(app_store, collaboration)
    app_store.sessions.start_timer(code, key, "Activity 2", 1)
    real = session_module.Timer.remaining
    monkeypatch.setattr(
        session_module.Timer, "remaining", lambda self, now: real(self, now + datetime.timedelta(seconds=90))
    )
    at = present(code)
    assert re.fullmatch(r"Activity 2 -[01]:\d\d over time", clock(at))
    assert 'class="sipr-timer over"' in shown(at)


def test_no_timer_shows_only_the_join_code(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code)
    assert 'id="sipr-timer"' not in shown(at)
    assert re.search(rf"Join code <b [^>]*>{code}</b>", shown(at))


def test_the_timer_offers_the_rubrics_activities_with_suggested_minutes(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key)
    activity = widget(at.radio, "Activity")
    assert activity.options == ["Activity 1", "Activity 2", "Other activity"]
    assert widget(at.number_input, "Minutes").value == 30
    assert "Suggested for Activity 1: 20 to 30 minutes." in [c.value for c in at.caption]
    activity.set_value("Activity 2").run()
    assert widget(at.number_input, "Minutes").value == 25
    widget(at.button, "Start timer").click().run()
    assert not at.exception
    timer = app_store.sessions.load(code).timer
    assert (timer.activity, timer.minutes) == ("Activity 2", 25)
    assert re.fullmatch(r"Activity 2 (24:[0-5]\d|25:00) left", clock(at))


def test_the_facilitator_can_choose_other_minutes_and_stop_the_timer(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key)
    widget(at.number_input, "Minutes").set_value(20).run()
    widget(at.button, "Start timer").click().run()
    assert app_store.sessions.load(code).timer.minutes == 20
    widget(at.button, "Stop timer").click().run()
    assert not at.exception
    assert app_store.sessions.load(code).timer is None
    assert 'id="sipr-timer"' not in shown(at)


def test_a_rubric_without_activities_gets_a_custom_timer_only(data_dir, app_store, sipr):
    code, key = new_session(app_store, sipr)
    at = present(code, key)
    assert not at.radio
    widget(at.number_input, "Minutes").set_value(12).run()
    widget(at.button, "Start timer").click().run()
    timer = app_store.sessions.load(code).timer
    assert (timer.activity, timer.minutes) == ("Timer", 12)


def test_the_activity_3_timer_suggests_about_45_minutes(data_dir, app_store, library):
    code, key = new_session(app_store, library.get("micip-maintaining-balance"))
    at = present(code, key)
    assert widget(at.number_input, "Minutes").value == 45
    assert "Suggested for Activity 3: about 45 minutes." in [c.value for c in at.caption]


def test_without_the_key_the_slides_are_read_only(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="evolving")
    at = present(code)
    assert not at.exception
    assert title(at) == "Vision, mission, and beliefs"
    assert '700;color:#0072B2">Evolving</span>' in shown(at)
    assert not at.select_slider
    assert not at.number_input
    visible = [b.label for b in at.button if not b.label.startswith(("Next (", "Previous ("))]
    assert visible == ["Previous", "Next"]
    assert at.caption[0].value.startswith("Viewing only")
    widget(at.button, "Next").click().run()
    assert title(at) == "Policies and structures"


def test_a_wrong_key_is_read_only_too(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = present(code, "not-the-key")
    assert not at.exception
    assert not at.select_slider


def test_the_last_slide_shows_the_overall_picture(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="evolving")
    at = present(code, key, slide=7)
    assert not at.exception
    assert title(at) == "The whole picture: Isolation to Collaboration"
    assert "1 of 6 elements rated" in shown(at)
    assert len(at.get("plotly_chart")) == 1
    assert widget(at.button, "Next").disabled
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    # Readable from the back of the room: larger than the dashboard's chart.
    assert layout["font"]["size"] == layout["polar"]["angularaxis"]["tickfont"]["size"] == 24


def test_the_chrome_is_hidden_and_exit_leads_to_the_rate_page(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key)
    css = shown(at)
    assert 'header[data-testid="stHeader"]' in css and "display: none" in css
    links = at.get("page_link")
    assert [(link.proto.label, link.proto.page) for link in links] == [("Exit presentation", "rate")]


def test_a_session_deleted_meanwhile_gives_a_message_not_a_stack_trace(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = present(code, key)
    app_store.sessions.delete(code, key)
    widget(at.select_slider, "Level").set_value("Developing").run()
    assert not at.exception
    assert at.error


def test_without_a_session_the_page_points_to_start(data_dir):
    at = open_page(PAGE)
    assert not at.exception
    assert at.info[0].value.startswith("Open a session first")


# --- the guide from Present ---------------------------------------------------------------------------


def test_present_offers_the_guide_with_the_readiness_checklist_to_the_facilitator(data_dir, app_store, collaboration):
    from sipr_core import readiness_checklist

    code, key = new_session(app_store, collaboration)
    items = readiness_checklist(collaboration)
    app_store.preparation.tick(code, key, items[3], True)
    at = present(code, key)
    assert not at.exception
    assert "Guide" in [p.proto.popover.label for p in at.get("popover")]
    boxes = [c for c in at.checkbox if c.key and c.key.startswith("ready:present:")]
    assert [(as_read(c.label), c.value) for c in boxes] == [(i, i == items[3]) for i in items]
    boxes[0].check().run()
    assert app_store.preparation.ticked(code, key) == {items[0], items[3]}
    shown = [as_read(m.value) for m in at.markdown]
    assert "**Additional Considerations for Support**" in shown
    assert shown.count("**MICIP Mindset**") == 1  # its items are the checklist, not shown twice
    assert "**Facilitator Readiness**" in shown


def test_present_shows_a_viewer_the_guide_without_the_checklist(data_dir, app_store, collaboration, sipr):
    code, _ = new_session(app_store, collaboration)
    at = present(code)
    assert not at.exception
    assert "Guide" in [p.proto.popover.label for p in at.get("popover")]
    assert not [c for c in at.checkbox if c.key and c.key.startswith("ready:")]
    assert "**MICIP Mindset**" in [as_read(m.value) for m in at.markdown]
    sipr_code, sipr_key = new_session(app_store, sipr)
    assert "Guide" not in [p.proto.popover.label for p in present(sipr_code, sipr_key).get("popover")]
