"""The Maintaining Balance building and district action-planning templates."""

import datetime

from session_support import session_info
from session_support import session_of as a_session

from sipr_core import Rating
from sipr_core.actions import ActionItem, ActionStatus
from sipr_core.balance import BALANCE_RUBRIC, own_dimension, template, templates_side_by_side
from sipr_core.session import Entry


def session_of(rubric, *entries, school="", team="District CI team", day=23):
    held_on = datetime.date(2026, 11, day)
    info = session_info(rubric, id=school or "d", school=school, team=team, held_on=held_on, series=school)
    return a_session(rubric, *entries, info=info)


def test_a_building_teams_template_counts_its_functions_on_the_building_column(library):
    balance = library.get(BALANCE_RUBRIC)
    building = session_of(
        balance,
        Entry(Rating("team", "building", "in-place")),
        Entry(Rating("needs", "building", "needs-creating")),
        Entry(Rating("goals", "building", "needs-strengthening")),
        Entry(Rating("goals", "collaborative", "in-place")),
        school="Lincoln Elementary",
        team="Building CI team",
        day=2,
    )
    items = [
        ActionItem(
            "a", "Name the team", ("team",), "Principal", datetime.date(2026, 12, 1), ActionStatus.IN_PROGRESS
        )
    ]
    found = template(building, items)
    assert own_dimension(building) == "building"
    assert found.title == "Lincoln Elementary · Building CI team, 02 Nov 2026"
    assert (
        found.tally_text()
        == "Building team: 1 In place · 1 Needs strengthening · 1 Needs to be created · 3 Not rated"
    )
    first = found.lines[0]
    assert (first.function, first.levels) == (
        "Team process and membership",
        {"Building team": "In place", "Collaborative": "Not rated", "District team": "Not rated"},
    )
    assert first.actions == ["Name the team (Principal, 2026-12-01, In progress)"]
    assert found.lines[1].actions == []


def test_the_district_sees_its_own_template_beside_each_building_teams(library):
    balance = library.get(BALANCE_RUBRIC)
    district = session_of(balance, Entry(Rating("team", "district", "needs-strengthening")))
    lincoln = session_of(
        balance,
        Entry(Rating("team", "building", "in-place")),
        Entry(Rating("team", "collaborative", "needs-creating")),
        school="Lincoln Elementary",
    )
    roosevelt = session_of(balance, school="Roosevelt Middle", team="School improvement team")
    table = templates_side_by_side(district, [lincoln, roosevelt])
    assert all("Action" not in cell and "Evidence" not in cell for line in table.lines for cell in line.values())
    assert table.columns == {
        "function": "Function",
        "team:0": "District team",
        "team:1": "Lincoln Elementary",
        "team:2": "Roosevelt Middle",
    }
    assert table.lines[0] == {
        "function": "Team process and membership",
        "team:0": "District team: Needs strengthening",
        "team:1": "Building team: In place · Collaborative: Needs to be created",
        "team:2": "Not rated",
    }
    assert len(table.lines) == balance.row_count()
    assert table.tallies == {
        "Riverside Schools · District CI team, 23 Nov 2026": "District team: 1 Needs strengthening · 5 Not rated",
        "Lincoln Elementary · District CI team, 23 Nov 2026": "Building team: 1 In place · 5 Not rated",
        "Roosevelt Middle · School improvement team, 23 Nov 2026": "Building team: 6 Not rated",
    }


def test_the_side_by_side_shows_each_team_s_actions_and_evidence_under_its_levels(library):
    balance = library.get(BALANCE_RUBRIC)
    district = session_of(balance, Entry(Rating("team", "district", "in-place"), evidence="Charter signed"))
    lincoln = session_of(
        balance,
        Entry(Rating("team", "building", "in-place"), evidence="Roster " + "posted " * 100),
        Entry(Rating("team", "collaborative", None), evidence="Shared agenda"),
        school="Lincoln Elementary",
    )
    roosevelt = session_of(balance, school="Roosevelt Middle", team="School improvement team")
    plans = {
        "d": [ActionItem("x", "Fund release time", ("team",), status=ActionStatus.DONE)],
        "Lincoln Elementary": [
            ActionItem("a", "Name a chair", ("team",), "Lee", datetime.date(2026, 12, 1)),
            ActionItem("b", "Map the needs", ("needs",)),
        ],
    }
    table = templates_side_by_side(district, [lincoln, roosevelt], plans)
    team, needs = table.lines[0], table.lines[1]
    assert team["team:0"] == "District team: In place\nAction: Fund release time (Done)\nEvidence (District team): Charter signed"
    levels, action, evidence, shared = team["team:1"].split("\n")
    assert (levels, action) == ("Building team: In place", "Action: Name a chair (Lee, 2026-12-01, Not started)")
    assert evidence.startswith("Evidence (Building team): Roster posted") and evidence.endswith("…")
    assert len(evidence) <= len("Evidence (Building team): ") + 301
    assert shared == "Evidence (Collaborative): Shared agenda"
    assert needs["team:1"] == "Not rated\nAction: Map the needs (Not started)"
    assert team["team:2"] == "Not rated"
