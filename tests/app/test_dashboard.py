import datetime
import html
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from app_support import new_session, open_page

from sipr_core import load_library
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.text import markdown_text

PAGE = "pages/dashboard.py"
RUBRIC_IDS = sorted(load_library().rubrics)


def chart(at) -> dict:
    """The figure of the page's one plotly chart, as plotly JSON."""
    (element,) = at.get("plotly_chart")
    return json.loads(element.proto.spec)


def traces(at) -> dict[str, list]:
    """Each trace's name and its level positions (the closing point of a radar left off)."""
    return {t["name"]: t["r"][:-1] for t in chart(at)["data"]}


def axes(at) -> list[str]:
    first = chart(at)["data"][0]
    return [html.unescape(label.replace("<br>", " ")) for label in first["theta"][:-1]]  # as plotly shows it


class _Cells(HTMLParser):
    """The ratings table's cells by their data-key, one dict per line (text unescaped, as read)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.key = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self.key = dict(attrs)["data-key"]
        if tag == "tr":
            self.lines.append({})

    def handle_endtag(self, tag):
        if tag == "td":
            self.key = None

    def handle_data(self, data):
        if self.key is not None:
            line = self.lines[-1]
            line[self.key] = line.get(self.key, "") + data


def table(at):
    (shown,) = [h.proto.body for h in at.html if 'class="ratings-table"' in h.proto.body]
    cells = _Cells()
    cells.feed(shown)
    lines = [line for line in cells.lines if line]
    keys = re.findall(r'<th data-key="([^"]+)"', shown)
    return pd.DataFrame([{key: line.get(key, "") for key in keys} for line in lines], columns=keys)


def progress_text(at) -> str:
    (bar,) = at.get("progress")
    return bar.proto.text


def test_the_dashboard_asks_for_a_session_when_none_is_open(data_dir):
    at = open_page(PAGE)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Open a session first: create one or join one by its code on the Start page."
    ]
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_an_empty_session_of_every_continuum_says_nothing_is_rated_yet(
    data_dir, app_store, library, rubric_id
):
    rubric = library.get(rubric_id)
    code, _ = new_session(app_store, rubric)
    at = open_page(PAGE, code)
    assert not at.exception
    assert not at.error
    row_term = rubric.terms.row.lower().replace("&", "&amp;")
    assert [i.value for i in at.info] == [
        "Nothing is rated yet. The chart and the table fill in as the team rates each "
        f"{row_term} on the Rate page."
    ]
    assert all(points == [None] * len(points) for points in traces(at).values())
    lines = table(at)
    assert len(lines) == rubric.row_count()
    level_columns = [c for c in lines.columns if c.startswith("level:")]
    assert {value for c in level_columns for value in lines[c]} == {"Not rated"}
    assert progress_text(at).startswith(f"**0 of {rubric.row_count()}** ")


def test_a_rating_saved_elsewhere_appears_in_the_chart_and_table_on_the_next_run(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    at = open_page(PAGE, code)
    assert traces(at) == {"Rating": [None] * 6}
    app_store.entries.set(
        code, key, "planning", D, actor="Ana Ruiz", level="accomplished",
        evidence="Minutes of the October planning retreat", next_steps="Share the plan with every school",
    )
    at.run()
    assert not at.exception
    assert axes(at) == [
        "Vision & mission", "Policies & structures", "Routines", "Goal-setting", "Planning", "Decisions",
    ]
    assert traces(at) == {"Rating": [None, None, None, None, 4.0, None]}
    planning = table(at).set_index("row").loc["Planning"]
    assert planning["level:rating"] == "Accomplished (Collaborative)"
    assert planning["evidence"] == "Minutes of the October planning retreat"
    assert planning["next_steps"] == "Share the plan with every school"
    assert progress_text(at) == "**1 of 6** elements rated"
    assert [(m.label, m.value) for m in at.metric] == [("Mean level", "4.0 of 4")]
    assert not at.info


def test_anyone_with_the_join_code_sees_the_dashboard_without_the_facilitator_key(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="evolving")
    at = open_page(PAGE, code)
    assert not at.exception
    assert not at.warning
    assert not [t for t in at.text_input if t.label == "Facilitator key"]
    assert traces(at) == {"Rating": [3.0, None, None, None, None, None]}


def test_a_row_marked_not_applicable_is_listed_as_such_and_counts_as_done(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "routines", D, actor="Ana Ruiz", not_applicable=True)
    at = open_page(PAGE, code)
    assert table(at).set_index("row").loc["Routines", "level:rating"] == "Not applicable"
    assert progress_text(at) == "**1 of 6** elements rated"
    assert traces(at) == {"Rating": [None] * 6}


def test_html_and_markdown_in_evidence_appear_literally_in_the_table(data_dir, app_store, collaboration):
    text = '<script>alert("x")</script> <b>bold</b> **stars** [link](http://example.com)'
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(
        code, key, "vision", D, actor="Ana Ruiz", level="evolving", evidence=text, next_steps=text
    )
    at = open_page(PAGE, code)
    assert not at.exception
    vision = table(at).set_index("row").loc["Vision & mission"]
    assert (vision["evidence"], vision["next_steps"]) == (text, text)
    shown_as_markdown = [m.value for m in [*at.markdown, *at.caption, *at.info]]
    assert not [m for m in shown_as_markdown if "<script" in m or "**stars**" in m]


def test_a_follow_up_session_shows_the_previous_session_as_a_faint_trace(data_dir, app_store, collaboration):
    baseline, key = new_session(app_store, collaboration, held_on=datetime.date(2026, 9, 14))
    app_store.entries.set(baseline, key, "vision", D, actor="Ana Ruiz", level="beginning")
    app_store.entries.set(baseline, key, "policies", D, actor="Ana Ruiz", level="developing")
    follow_up, _ = new_session(app_store, collaboration, key=key, held_on=datetime.date(2026, 11, 23), follow_up_of=baseline)
    app_store.entries.set(follow_up, key, "vision", D, actor="Ana Ruiz", level="evolving")
    at = open_page(PAGE, follow_up)
    assert not at.exception
    assert traces(at) == {
        "Rating, previous session": [1.0, 2.0, None, None, None, None],
        "Rating": [3.0, None, None, None, None, None],
    }
    faint = chart(at)["data"][0]
    # told apart by its grey, dotted, thinner line, never faded below 3:1 against the page
    assert (faint["line"]["dash"], faint["line"]["width"], faint.get("opacity", 1)) == ("dot", 2, 1)
    assert [c.value for c in at.caption][-2:] == [
        "Grey dotted line: the previous session of this team on this continuum, held on 14 September 2026.",
        "Evolving · 1 of 6 rated",
    ]
    (mean,) = at.metric
    assert (mean.label, mean.value, mean.proto.delta) == ("Mean level", "3.0 of 4", "+1.5")


def test_the_first_session_of_a_series_has_no_previous_trace(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    new_session(app_store, collaboration, key=key, held_on=datetime.date(2027, 1, 15), follow_up_of=code)
    at = open_page(PAGE, code)
    assert list(traces(at)) == ["Rating"]
    assert not [c.value for c in at.caption if "previous session" in c.value]


def test_sipr_draws_implementation_and_scale_as_two_traces_one_axis_per_strategy(data_dir, app_store, sipr):
    code, key = new_session(app_store, sipr)
    app_store.entries.set(code, key, "1.1", "implementation", actor="Ana Ruiz", level="acceptable")
    app_store.entries.set(code, key, "1.2", "implementation", actor="Ana Ruiz", level="emerging")
    app_store.entries.set(code, key, "1.1", "scale", actor="Ana Ruiz", level="approaching")
    at = open_page(PAGE, code)
    assert not at.exception
    assert axes(at) == [
        "System-wide learning", "Teaching & learning", "Capacity building", "Collaborative culture",
    ]
    assert traces(at) == {"Implementation": [3.0, None, None, None], "Scale": [3.0, None, None, None]}
    headings = [m.value for m in at.markdown if m.value.startswith("####")]
    assert headings == ["#### Mean level of each strategy"]
    assert progress_text(at) == "**1 of 18** characteristics rated on Implementation and Scale"
    assert [(m.label, m.value) for m in at.metric] == [
        ("Mean level: Implementation", "3.0 of 4"),
        ("Mean level: Scale", "3.0 of 4"),
    ]
    first = table(at).iloc[0]
    assert (first["group"], first["row"]) == ("System-wide learning", "Focused strategies")
    assert (first["level:implementation"], first["level:scale"]) == ("Acceptable", "Approaching")


def test_a_long_continuum_drills_down_into_one_group(data_dir, app_store, leadership):
    code, key = new_session(app_store, leadership)
    app_store.entries.set(code, key, "9", D, actor="Ana Ruiz", level="keep-improving", evidence="Coaching logs")
    at = open_page(PAGE, code)
    assert axes(at) == ["Identity", "Relationships", "Climate & Culture", "Capacity", "Resources", "Systems"]
    assert traces(at) == {"Rating": [None, None, None, 3.0, None, None]}
    assert len(table(at)) == 28
    (drill_down,) = at.segmented_control
    assert drill_down.label == "Area of focus"
    # option labels are markdown, so the page escapes them ("\\&" shows as "&")
    assert drill_down.options == [
        "All", "Identity", "Relationships", markdown_text("Climate & Culture"), "Capacity", "Resources", "Systems",
    ]
    drill_down.set_value("capacity").run()
    assert not at.exception
    assert axes(at)[:2] == ["9 Instruction models", "10a Innovation process"]
    assert traces(at) == {"Rating": [3.0, None, None, None, None, None, None]}
    lines = table(at)
    assert "group" not in lines.columns
    assert list(lines["row"])[:2] == ["9 Instruction models", "10a Innovation process"]
    assert lines.iloc[0]["evidence"] == "Coaching logs"
    assert [m.value for m in at.markdown if m.value.startswith("####")] == ["#### Capacity"]


def test_a_group_of_two_rows_is_drawn_as_bars(data_dir, app_store, leadership):
    code, key = new_session(app_store, leadership)
    app_store.entries.set(code, key, "1", D, actor="Ana Ruiz", level="getting-better")
    at = open_page(PAGE, code)
    at.segmented_control[0].set_value("identity").run()
    assert not at.exception
    (bars,) = chart(at)["data"]
    assert (bars["type"], bars["x"]) == ("bar", [2.0, None])
    assert len(table(at)) == 2


def test_targets_show_on_the_radar_and_in_the_table(data_dir, app_store, collaboration):
    from sipr_core.targets import ROW

    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, level="accomplished", actor="Ana")
    app_store.targets.set_many(code, key, {(ROW, "vision", D): "evolving", (ROW, "routines", D): "developing"},
                               actor="Ana")
    at = open_page(PAGE, code)
    assert not at.exception
    assert traces(at)["Rating target"] == [3.0, None, 2.0, None, None, None]
    lines = {line["row"]: line["target:rating"] for _, line in table(at).iterrows()}
    assert lines["Vision & mission"] == "✓ Evolving (met)"
    assert lines["Routines"] == "Developing: not rated yet"
    assert "Black dashed line with stars: the team's targets (set on the Progress page)." in [c.value for c in at.caption]


def test_a_row_not_started_is_drawn_at_the_centre_and_listed_apart_from_a_row_not_rated(
    data_dir, app_store, leadership
):
    code, key = new_session(app_store, leadership)
    app_store.entries.set(code, key, "1", D, actor="Ana Ruiz", level="not-started")
    at = open_page(PAGE, code)
    at.segmented_control[0].set_value("identity").run()
    assert not at.exception
    (bars,) = chart(at)["data"]
    assert (bars["x"], bars["text"]) == ([0.0, None], ["Not started", ""])
    assert list(table(at)["level:rating"]) == ["Not started", "Not rated"]
