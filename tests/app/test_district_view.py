"""The District view page: building teams' sessions added by pasted codes, the heatmap, levels per row,
targets, the district beside its schools, the date range and the two downloads."""

import datetime
import io
import json

import openpyxl
import pytest
from app_support import as_read, new_session, open_page, widget
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager

from sipr_core.rubric import DEFAULT_DIMENSION as D

PAGE = "pages/district_view.py"
CODES = "Join codes of building teams' sessions"
ADD = "FormSubmitter:add-schools-Add these sessions"


@pytest.fixture
def downloads(monkeypatch):
    """The file each download button would make, by file name, captured as the page registers it."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def school(store, rubric, name, held_on=datetime.date(2026, 10, 1), levels=None, earlier=None):
    """A building team's session rated on these rows (SIPR: on Implementation), a follow-up of ``earlier``
    (code, key) when given; returns (code, key)."""
    code, key = new_session(
        store, rubric, school=name, team="Building team", facilitator="Pat", held_on=held_on,
        key=earlier[1] if earlier else None, follow_up_of=earlier[0] if earlier else None,
    )
    for row_id, level in (levels or {}).items():
        dimension = "implementation" if rubric.dimensions else D
        store.entries.set(code, key, row_id, dimension, actor="Pat", level=level)
    return code, key


@pytest.fixture
def sipr_district(app_store, sipr):
    """A SIPR district session with its own ratings of 1.1 and three schools linked: (code, key, schools)."""
    code, key = new_session(app_store, sipr)
    app_store.entries.set(code, key, "1.1", "implementation", actor="Ana", level="approaching")
    app_store.entries.set(code, key, "1.1", "scale", actor="Ana", level="emerging")
    schools = [
        school(app_store, sipr, "Lincoln Elementary", levels={"1.1": "acceptable"}),
        school(app_store, sipr, "Adams Middle", levels={"1.1": "emerging"}),
        school(app_store, sipr, "Baker High", datetime.date(2026, 3, 2), levels={"1.1": "not-yet"}),
    ]
    for building, _ in schools:
        app_store.templates.link(code, key, building, actor="Ana")
    return code, key, schools


TABLES = {
    "standings": "shortfall", "comparison": "median", "schools": "earlier", "scale-reach": "criterion", "plans": "what",
}


def rows_of(at, name):
    """The lines of one of the page's tables, found by a column only it has."""
    (table,) = [d for d in at.dataframe if TABLES[name] in d.value.columns]
    return table.value.to_dict("records")


def test_the_district_view_asks_for_a_session_when_none_is_open(data_dir):
    at = open_page(PAGE)
    assert not at.exception
    assert [i.value for i in at.info] == ["Open a session first: create one or join one by its code on the Start page."]


def test_a_building_teams_session_is_told_the_view_belongs_to_a_district_team(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration, school="Lincoln Elementary")
    at = open_page(PAGE, code, key)
    assert not at.exception and not at.error
    assert [as_read(i.value) for i in at.info] == [
        "The District view belongs to a district team's session (one without a school); this session is Lincoln "
        "Elementary's. To get one, create a session on the Start page on the same continuum with the district "
        "filled in and the School left empty, then add the building teams' join codes there."
    ]
    assert not at.get("plotly_chart") and not at.text_area


def test_an_empty_district_view_says_how_schools_get_into_it(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page(PAGE, code, key)
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "No building team's session is in this District view yet. Each building team rates this continuum in its "
        "own session (with its school filled in) and gives the district team its join code; the district team's "
        "facilitator adds them here."
    ]
    assert widget(at.text_area, CODES)


def test_the_facilitator_pastes_codes_and_gets_a_message_for_each_one_that_cannot_be_added(
    data_dir, app_store, collaboration, leadership
):
    district, key = new_session(app_store, collaboration)
    lincoln, _ = school(app_store, collaboration, "Lincoln Elementary", levels={"vision": "evolving"})
    adams, _ = school(app_store, collaboration, "Adams Middle", levels={"vision": "developing"})
    other, _ = school(app_store, leadership, "Baker High")
    at = open_page(PAGE, district, key)
    widget(at.text_area, CODES).input(f"{lincoln}\n{adams.lower()}, {lincoln}\nnonsense\n{other}")
    at.button(key=ADD).click().run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == [
        f"Added 2 sessions: Lincoln Elementary · Building team ({lincoln}), Adams Middle · Building team ({adams})."
    ]
    assert [as_read(e.value) for e in at.error] == [
        "nonsense: not a join code (a join code looks like 7KQ-M2X-9RD).",
        f'Session {other} rates "Leadership System: Practices and Progress Indicators", not "Shift from a Culture '
        'of Isolation to a Culture of Collaboration": only sessions on the same continuum can be put side by side.',
    ]
    assert sorted(i.code for i in app_store.templates.linked(district)) == sorted([lincoln, adams])
    assert len(at.get("plotly_chart")) == 2  # the view is there at once
    widget(at.text_area, CODES).input(adams)
    at.button(key=ADD).click().run()
    assert [as_read(i.value) for i in at.info][0] == f"Already in this District view: {adams}."
    assert len(app_store.templates.linked(district)) == 2


def test_the_page_shows_the_heatmap_levels_targets_and_the_district_beside_its_schools(
    data_dir, app_store, sipr_district
):
    code, key, schools = sipr_district
    (lincoln, lincoln_key), _, _ = schools
    app_store.targets.set(lincoln, lincoln_key, "row", "1.2", "implementation", "acceptable", actor="Pat")
    at = open_page(PAGE, code)  # anyone with the join code reads it
    assert not at.exception and not at.error
    headings = [m.value for m in at.markdown if m.value.startswith(("# ", "##"))]
    assert headings == [
        "# SIPR Practice Profile",
        "## District view",
        "### Heatmap: every school's level on every characteristic",
        "### How many schools stand at each level, per characteristic",
        "### Schools furthest from their targets",
        "### The district beside its schools",
        "### Scale across schools",
        "### Building teams' action plans",
        "### Schools and their sessions",
        "### Download the District view",
    ]
    heatmap, levels = (json.loads(chart.proto.spec)["data"] for chart in at.get("plotly_chart"))
    assert heatmap[0]["y"] == ["Adams Middle", "Baker High", "Lincoln Elementary"]
    assert [trace["x"][0] for trace in levels] == [1, 1, 0, 1, 0, 0]  # 1.1: one school at each of three levels
    assert [m.value for m in at.metric] == ["3", "3"]
    assert rows_of(at, "standings") == [
        {"school": "Lincoln Elementary", "held_on": "2026-10-01", "shortfall": "0", "missed": "0",
         "targets": "0 of 1 met, 1 not rated yet"},
        {"school": "Adams Middle", "held_on": "2026-10-01", "shortfall": "", "missed": "", "targets": "No targets set"},
        {"school": "Baker High", "held_on": "2026-03-02", "shortfall": "", "missed": "", "targets": "No targets set"},
    ]
    first, scale = rows_of(at, "comparison")[:2]
    assert scale["dimension"] == "Scale" and scale["district"] == "Emerging" and scale["rated"] == "0"
    assert first == {
        "group": "System-wide learning",
        "row": "Focused strategies",
        "dimension": "Implementation",
        "district": "Approaching",
        "median": "Emerging",
        "spread": "Not yet to Acceptable (3 levels apart)",
        "above": "1 of 3 (33 %)",
        "rated": "3",
    }
    assert [r["school"] for r in rows_of(at, "schools")] == ["Adams Middle", "Baker High", "Lincoln Elementary"]
    assert [w.value for w in at.warning] == [
        "Only the facilitator can change ratings. Enter the facilitator key you got when you created the session."
    ]
    assert not at.text_area  # only the facilitator adds schools


def test_the_date_range_leaves_out_sessions_held_outside_it(data_dir, app_store, sipr_district):
    code, key, _ = sipr_district
    at = open_page(PAGE, code, key)
    (dates,) = at.date_input
    assert dates.value == (datetime.date(2026, 3, 2), datetime.date(2026, 10, 1))
    dates.set_value((datetime.date(2026, 9, 1), datetime.date(2026, 10, 1))).run()
    assert not at.exception and not at.error
    assert [r["school"] for r in rows_of(at, "schools")] == ["Adams Middle", "Lincoln Elementary"]
    dates.set_value((datetime.date(2026, 3, 3), datetime.date(2026, 9, 30))).run()
    assert [i.value for i in at.info] == [
        "No building team's session was held in these dates. Choose other dates above."
    ]


def test_a_school_with_several_sessions_counts_its_latest_and_lists_the_earlier_ones(
    data_dir, app_store, sipr, sipr_district
):
    code, key, schools = sipr_district
    baker = schools[2]
    later, _ = school(app_store, sipr, "Baker High", datetime.date(2026, 11, 2), levels={"1.1": "approaching"}, earlier=baker)
    app_store.templates.link(code, key, later, actor="Ana")
    at = open_page(PAGE, code, key)
    baker = [r for r in rows_of(at, "schools") if r["school"] == "Baker High"]
    assert len(baker) == 1
    assert baker[0]["held_on"] == "2026-11-02"
    assert baker[0]["earlier"].startswith("02 Mar 2026 (")
    assert [m.value for m in at.metric] == ["3", "4"]


def test_the_dimension_switch_redraws_the_heatmap_for_scale(data_dir, app_store, sipr_district):
    code, key, schools = sipr_district
    (lincoln, lincoln_key), _, _ = schools
    app_store.entries.set(lincoln, lincoln_key, "1.1", "scale", actor="Pat", level="approaching")
    at = open_page(PAGE, code, key)
    at.segmented_control(key=f"district-dimension:{code}").set_value("scale").run()
    assert not at.exception
    (heatmap,) = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert [line[0] for line in heatmap["text"]] == ["–", "–", "3"]  # Adams, Baker, Lincoln on 1.1


def test_both_downloads_are_made_on_click_and_parse_back(data_dir, app_store, sipr_district, downloads):
    code, key, _ = sipr_district
    at = open_page(PAGE, code, key)
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Excel workbook", "PDF"]
    assert all(b.proto.ignore_rerun and b.proto.deferred_file_id for b in buttons)
    xlsx = next(make for name, make in downloads.items() if name.endswith(".xlsx"))
    pdf = next(make for name, make in downloads.items() if name.endswith(".pdf"))
    assert next(name for name in downloads if name.endswith(".pdf")) == (
        f"2026-11-23 Riverside Schools - District view - sipr-practice-profile - {code}.pdf"
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx()))
    assert [row[0] for row in book["Schools"].iter_rows(min_row=2, values_only=True)] == [
        "Adams Middle", "Baker High", "Lincoln Elementary",
    ]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf())).pages)
    assert "The district beside its schools" in " ".join(text.split())


def test_without_targets_the_page_says_how_a_team_sets_them(data_dir, app_store, sipr_district):
    code, key, _ = sipr_district
    at = open_page(PAGE, code, key)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "No school team in this view has set targets yet. A team sets its targets (the levels it aims for) on its "
        "own Progress page; the schools furthest from them then come first here."
    ]
    assert not [d for d in at.dataframe if "shortfall" in d.value.columns]


def test_the_facilitator_takes_a_session_out_of_the_view_and_the_session_stays(data_dir, app_store, sipr_district):
    code, key, schools = sipr_district
    (lincoln, _), (adams, _), (baker, _) = schools
    at = open_page(PAGE, code, key)
    choice = at.selectbox(key=f"unlink-choice:{code}")
    assert choice.options == [  # latest first
        f"Adams Middle · Building team, 01 Oct 2026 ({adams})",
        f"Lincoln Elementary · Building team, 01 Oct 2026 ({lincoln})",
        f"Baker High · Building team, 02 Mar 2026 ({baker})",
    ]
    choice.set_value(lincoln).run()
    at.button(key="unlink-school").click().run()
    assert not at.exception and not at.error
    assert sorted(i.code for i in app_store.templates.linked(code)) == sorted([adams, baker])
    assert app_store.sessions.info(lincoln).school == "Lincoln Elementary"
    assert [r["school"] for r in rows_of(at, "schools")] == ["Adams Middle", "Baker High"]
    viewer = open_page(PAGE, code)
    assert not [s for s in viewer.selectbox if s.label == "Building team's session"]


def test_the_district_s_scale_stands_beside_the_schools_whose_own_scale_meets_each_criterion(
    data_dir, app_store, sipr_district, sipr
):
    code, key, schools = sipr_district
    (lincoln, lincoln_key), (adams, adams_key), _ = schools
    app_store.entries.set(lincoln, lincoln_key, "1.1", "scale", actor="Pat", level="acceptable")
    app_store.entries.set(adams, adams_key, "1.1", "scale", actor="Pat", level="not-yet")
    at = open_page(PAGE, code)
    assert not at.exception and not at.error
    (first, *_) = rows_of(at, "scale-reach")
    assert first == {
        "group": "System-wide learning",
        "row": "Focused strategies",
        "schools": "1 of 2 (50 %)",
        "district": "Emerging",
        "district_ticked": "no",
        "criterion": sipr.row("1.1").cells()["scale"].criteria[0],
    }
    assert any(c.value.startswith("SIPR's Acceptable Scale criteria are about the schools") for c in at.caption)


def test_the_district_reads_its_schools_action_plans_filtered_by_row_and_status(data_dir, app_store, sipr_district):
    code, key, schools = sipr_district
    (lincoln, lincoln_key), (adams, adams_key), _ = schools
    app_store.entries.set(lincoln, lincoln_key, "1.1", "implementation", actor="Pat", evidence="Plan posted")
    app_store.actions.add(lincoln, lincoln_key, actor="Pat", what="Post the plan", row_ids=["1.1"], status="done")
    app_store.actions.add(adams, adams_key, actor="Pat", what="Walkthroughs", row_ids=["1.2"])
    at = open_page(PAGE, code)
    assert "### Building teams' action plans" in [m.value for m in at.markdown]
    at.toggle(key=f"district-plans:{code}").set_value(True).run()
    assert not at.exception and not at.error
    lines = rows_of(at, "plans")
    assert [(line["school"], line["what"]) for line in lines] == [
        ("Adams Middle", "Walkthroughs"), ("Lincoln Elementary", "Post the plan"),
    ]
    assert "code" not in lines[0]  # the join codes are the facilitator's
    assert lines[1]["evidence"] == "Focused strategies (Implementation): Plan posted"
    from sipr_core import ActionStatus

    at.selectbox(key=f"district-plans-status:{code}").set_value(ActionStatus.DONE).run()
    assert [line["what"] for line in rows_of(at, "plans")] == ["Post the plan"]
    at.selectbox(key=f"district-plans-row:{code}").set_value("1.2").run()
    assert [i.value for i in at.info][-1] == "No action item fits this choice."
    facilitator = open_page(PAGE, code, key)
    facilitator.toggle(key=f"district-plans:{code}").set_value(True).run()
    assert rows_of(facilitator, "plans")[1]["code"] == lincoln


def adopt_page(code, key):
    """The District view as its facilitator sees it, the building teams' plans shown."""
    at = open_page(PAGE, code, key)
    at.toggle(key=f"district-plans:{code}").set_value(True).run()
    assert not at.exception and not at.error
    return at


def test_the_district_adopts_a_school_s_action_once_and_its_plan_says_where_it_came_from(
    data_dir, app_store, sipr_district
):
    code, key, schools = sipr_district
    (lincoln, lincoln_key), (adams, adams_key), _ = schools
    app_store.actions.add(lincoln, lincoln_key, actor="Pat", what="Post the plan", row_ids=["1.1"], owner="Pat")
    app_store.actions.add(adams, adams_key, actor="Pat", what="Walkthroughs", row_ids=["1.2"])
    viewer = open_page(PAGE, code)
    viewer.toggle(key=f"district-plans:{code}").set_value(True).run()
    assert f"adopt-choice:{code}" not in [s.key for s in viewer.selectbox]  # adopting is the facilitator's
    at = adopt_page(code, key)
    choice = at.selectbox(key=f"adopt-choice:{code}")
    assert choice.options == ["Adams Middle: Walkthroughs", "Lincoln Elementary: Post the plan"]
    choice.set_value(1).run()
    widget(at.button, "Adopt into the district plan").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success][-1] == "Adopted into the district's Action plan: Post the plan"
    (adopted,) = app_store.actions.items(code)
    assert (adopted.what, adopted.row_ids, adopted.owner, adopted.due) == ("Post the plan", ("1.1",), "", None)
    assert adopted.adopted.text() == "Adopted from Lincoln Elementary — Building team"
    assert [i.adopted for i in app_store.actions.items(lincoln)] == [None]  # the school's plan is unchanged

    again = adopt_page(code, key)
    choice = again.selectbox(key=f"adopt-choice:{code}")
    assert choice.options[1] == "Lincoln Elementary: Post the plan (in the district's plan)"
    choice.set_value(1).run()
    widget(again.button, "Adopt into the district plan").click().run()
    assert [e.value for e in again.error] == [
        "Not adopted: “Post the plan” from Lincoln Elementary is in the district's action plan already. "
        "Change that item in the Action plan instead."
    ]
    assert len(app_store.actions.items(code)) == 1

    plan = open_page("pages/actions.py", code)
    (table,) = plan.dataframe
    assert table.value.to_dict("records")[0]["from"] == "Adopted from Lincoln Elementary — Building team"
    app_store.sessions.delete(lincoln, lincoln_key)
    plan = open_page("pages/actions.py", code)
    assert plan.dataframe[0].value.to_dict("records")[0]["from"] == (
        "Adopted from Lincoln Elementary — Building team (that school's session is no longer here)"
    )
    school_plan = open_page("pages/actions.py", adams, adams_key)
    assert "from" not in school_plan.dataframe[0].value.columns


def test_a_long_plan_is_shown_a_page_at_a_time(data_dir, app_store, sipr_district):
    from sipr_core.district_plans import PAGE_LINES

    code, key, schools = sipr_district
    (lincoln, lincoln_key), _, _ = schools
    for n in range(PAGE_LINES + 3):
        app_store.actions.add(lincoln, lincoln_key, actor="Pat", what=f"Step {n:03d}", row_ids=["1.1"])
    at = adopt_page(code, key)
    assert len(rows_of(at, "plans")) == PAGE_LINES
    assert f"Action items 1–{PAGE_LINES} of {PAGE_LINES + 3}" in [c.value for c in at.caption]
    at.number_input(key=f"district-plans-page:{code}").set_value(2).run()
    assert [line["what"] for line in rows_of(at, "plans")] == [f"Step {n:03d}" for n in range(PAGE_LINES, PAGE_LINES + 3)]
