"""The Action plan page: a table the facilitator edits, next steps taken up in one click, and the
Maintaining Balance building and district templates."""

import datetime

import pytest
from app_support import as_read, new_session, open_page, widget

from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.text import markdown_text

PAGE = "pages/actions.py"


def table(at, index=0):
    return at.dataframe[index]


def editable(element) -> bool:
    return element.proto.editing_mode != 0


@pytest.fixture
def balance(library):
    return library.get("micip-maintaining-balance")


def test_the_action_plan_asks_for_a_session_when_none_is_open(data_dir):
    at = open_page(PAGE)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Open a session first: create one or join one by its code on the Start page."
    ]


def test_anyone_with_the_join_code_reads_the_plan_but_cannot_edit_it(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.actions.add(
        code,
        key,
        actor="Ana Ruiz",
        what="Share the survey",
        row_ids=["vision", "policies"],
        owner="Ben",
        due="2026-12-01",
        status="in_progress",
    )
    at = open_page(PAGE, code)
    assert not at.exception and not at.error
    (plan,) = at.dataframe
    assert not editable(plan)
    assert plan.value.to_dict("records") == [
        {
            "what": "Share the survey",
            "rows": "Vision & mission; Policies & structures",
            "owner": "Ben",
            "due": "2026-12-01",
            "status": "In progress",
        }
    ]
    assert [w.value for w in at.warning] == [
        "Only the facilitator can change ratings. Enter the facilitator key you got when you created the session."
    ]
    assert widget(at.text_input, "Facilitator key")


def test_a_viewer_of_an_empty_plan_is_told_there_is_none_yet(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_page(PAGE, code)
    assert [i.value for i in at.info] == ["No action items yet."]


def test_the_facilitator_gets_the_plan_as_an_editable_table(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.actions.add(
        code, key, actor="Ana Ruiz", what="=Share", row_ids=["vision"], owner="Ben", due="2026-12-01"
    )
    at = open_page(PAGE, code, key)
    assert not at.exception and not at.warning
    (plan,) = at.dataframe
    assert editable(plan)
    records = plan.value.to_dict("records")
    assert [(r["what"], list(r["row_ids"]), r["owner"], r["due"], r["status"]) for r in records] == [
        ("=Share", ["vision"], "Ben", datetime.date(2026, 12, 1), "not_started")
    ]


def test_a_next_step_becomes_an_action_item_in_one_click(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "policies", D, actor="Ana Ruiz", next_steps="Draft a policy **now**")
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", next_steps="Share the survey")
    at = open_page(PAGE, code, key)
    steps = [m.value for m in at.markdown if "  \n" in m.value]
    assert steps == [
        f"**{markdown_text('Vision & mission')}**  \nShare the survey",
        f"**{markdown_text('Policies & structures')}**  \nDraft a policy \\*\\*now\\*\\*",
    ]
    at.button(key="take:vision/rating").click().run()
    assert not at.exception and not at.error
    (item,) = app_store.actions.items(code)
    assert (item.what, item.row_ids, item.source, item.updated_by) == (
        "Share the survey",
        ("vision",),
        "vision/rating",
        "Ana Ruiz",
    )
    assert [m.value for m in at.markdown if "  \n" in m.value] == [
        f"**{markdown_text('Policies & structures')}**  \nDraft a policy \\*\\*now\\*\\*"
    ]
    assert len(table(at).value) == 1
    history = app_store.history.changes(code, key)
    assert history[-1].field == f"action:{item.id}"


def test_viewers_see_next_steps_without_the_button(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", next_steps="Share the survey")
    at = open_page(PAGE, code)
    assert not [b for b in at.button if b.label == "Add to the action plan"]


def test_a_building_team_sees_its_template_with_its_actions(data_dir, app_store, balance):
    code, key = new_session(app_store, balance, school="Lincoln Elementary", team="Building CI team")
    app_store.entries.set(code, key, "team", "building", actor="Pat", level="in-place")
    app_store.entries.set(code, key, "needs", "building", actor="Pat", level="needs-creating")
    app_store.actions.add(code, key, actor="Pat", what="Name the team", row_ids=["team"], owner="Principal")
    at = open_page(PAGE, code)
    assert not at.exception
    assert "### Building action-planning template" in [m.value for m in at.markdown]
    assert "**Building team: 1 In place · 1 Needs to be created · 4 Not rated**" in [
        as_read(m.value) for m in at.markdown
    ]
    template = table(at, 1).value
    assert list(template.columns) == [
        "function",
        "Building team",
        "Collaborative",
        "District team",
        "actions",
    ]
    assert template.iloc[0].to_dict() == {
        "function": "Team process and membership",
        "Building team": "In place",
        "Collaborative": "Not rated",
        "District team": "Not rated",
        "actions": "Name the team (Principal, Not started)",
    }


def test_the_district_team_adds_building_templates_by_code_and_sees_them_side_by_side(
    data_dir, app_store, balance
):
    district, key = new_session(app_store, balance)
    lincoln, lincoln_key = new_session(
        app_store, balance, school="Lincoln Elementary", team="Building CI team", facilitator="Pat Kim"
    )
    app_store.entries.set(lincoln, lincoln_key, "team", "building", actor="Pat", level="needs-strengthening")
    app_store.entries.set(lincoln, lincoln_key, "team", "building", actor="Pat", evidence="Roster posted")
    app_store.actions.add(lincoln, lincoln_key, actor="Pat", what="Name a chair", row_ids=["team"], owner="Lee")
    app_store.actions.add(district, key, actor="Ana", what="Fund release time", row_ids=["team"])
    at = open_page(PAGE, district, key)
    assert [i.value for i in at.info][-1].startswith("No building team's template is here yet.")
    widget(at.text_input, "Add a building team's template by its join code").input(lincoln.lower())
    at.button(key="FormSubmitter:link-template-Add").click().run()
    assert not at.exception and not at.error
    assert [i.code for i in app_store.templates.linked(district)] == [lincoln]
    side = table(at, 1).value
    assert list(side.columns) == ["function", "team:0", "team:1"]
    assert side.iloc[0].to_dict() == {
        "function": "Team process and membership",
        "team:0": "Not rated — Action: Fund release time (Not started)",
        "team:1": "Building team: Needs strengthening — Action: Name a chair (Lee, Not started) — "
        "Evidence (Building team): Roster posted",
    }
    at.button(key=f"unlink:{lincoln}").click().run()
    assert app_store.templates.linked(district) == []


def test_adding_a_session_of_another_continuum_says_why_not(data_dir, app_store, balance, collaboration):
    district, key = new_session(app_store, balance)
    other, _ = new_session(app_store, collaboration, school="Lincoln Elementary")
    at = open_page(PAGE, district, key)
    widget(at.text_input, "Add a building team's template by its join code").input(other)
    at.button(key="FormSubmitter:link-template-Add").click().run()
    assert not at.exception
    assert [as_read(e.value) for e in at.error] == [
        f'Session {other} rates "Shift from a Culture of Isolation to a Culture of Collaboration", not '
        '"Maintaining Balance in the Continuous Improvement Process": only sessions on the same continuum can be '
        "put side by side."
    ]


def test_other_continua_show_no_template(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page(PAGE, code, key)
    headings = [m.value for m in at.markdown if m.value.startswith(("# ", "###"))]
    assert headings == ["# Isolation to Collaboration", "### Next steps from the Rate page"]
