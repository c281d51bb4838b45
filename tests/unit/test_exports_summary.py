"""What every summary shows, computed from a session without a store."""

import datetime

from session_support import session_info
from session_support import session_of as a_session

from sipr_core import Rating
from sipr_core.actions import ActionItem, ActionStatus
from sipr_core.exports.summary import summarise
from sipr_core.exports.summary_model import NOTHING_RATED
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.session import Entry, Participant, Reflection, Vote


def session_of(rubric, *entries, votes=(), held_on=datetime.date(2026, 11, 23), code="AAA-BBB-CCC", **more):
    info = session_info(rubric, id=code, code=code, held_on=held_on)
    return a_session(rubric, *entries, info=info, votes=votes, **more)


def vote(who, row, level, dimension=D):
    return Vote(who, row, dimension, level, "2026-11-23T10:00:00")


def test_a_session_with_nothing_rated_says_so(collaboration):
    summary = summarise(session_of(collaboration))
    assert NOTHING_RATED == "Nothing has been rated yet in this session."
    assert summary.rated is False
    assert summary.progress == "0 of 6 elements rated"
    assert [(m.dimension, m.value) for m in summary.means] == [("All elements", "not rated yet")]
    assert {c.level for _, _, c in summary.cells()} == {"Not rated"}
    assert summary.flagged == [] and summary.actions == [] and summary.since is None


def test_the_cover_names_the_continuum_its_source_the_team_and_the_participants(collaboration):
    session = session_of(
        collaboration, participants=[Participant("p1", "Ben", "t1"), Participant("p2", "Cy", "t2")]
    )
    summary = summarise(session)
    assert (summary.title, summary.short) == (collaboration.title, "Isolation to Collaboration")
    assert summary.source.startswith("District-Led Continuous Improvement: A Toolkit")
    assert summary.source.endswith(
        "August 2021, Michigan Continuous Systems Improvement (MI-CSI) Team, "
        "Michigan Department of Education (MDE)"
    )
    assert (summary.district, summary.school, summary.team, summary.facilitator) == (
        "Riverside Schools",
        "",
        "District CI team",
        "Ana Ruiz",
    )
    assert summary.participants == ["Ben", "Cy"]
    assert summary.place == "Riverside Schools"


def test_each_row_gives_its_level_what_that_level_says_the_evidence_and_next_steps(collaboration):
    session = session_of(
        collaboration,
        Entry(Rating("vision", D, "evolving"), evidence="Staff survey", next_steps="Share the results"),
        Entry(Rating("routines", D, not_applicable=True)),
    )
    summary = summarise(session)
    group, row, cell = summary.cells()[0]
    assert (group.title, row.title, row.short) == (
        collaboration.groups[0].title,
        "Vision, mission, and beliefs",
        "Vision & mission",
    )
    assert (cell.level, cell.level_id, cell.position, cell.status) == ("Evolving", "evolving", 3, "rated")
    assert cell.level_text.startswith("District vision, mission, and beliefs are visible")
    assert (cell.evidence, cell.next_steps, cell.votes) == ("Staff survey", "Share the results", None)
    routines = next(c for _, r, c in summary.cells() if r.id == "routines")
    assert (routines.level, routines.status, routines.level_text) == ("Not applicable", "not_applicable", "")
    assert summary.rated and summary.progress == "2 of 6 elements rated"
    assert [(m.dimension, m.value, m.place) for m in summary.means] == [
        ("All elements", "3.0 of 4", "Evolving")
    ]


def test_votes_give_counts_the_consensus_and_the_spread_and_flag_rows_two_levels_apart(collaboration):
    votes = [
        vote("a", "vision", "beginning"),
        vote("b", "vision", "evolving"),
        vote("c", "vision", "evolving"),
        vote("d", "vision", None),
        vote("a", "policies", "developing"),
        vote("b", "policies", "evolving"),
    ]
    summary = summarise(session_of(collaboration, votes=votes))
    vision = summary.cells()[0][2].votes
    assert vision.counts == [
        ("Beginning (Individualistic)", 1),
        ("Developing", 0),
        ("Evolving", 2),
        ("Accomplished (Collaborative)", 0),
    ]
    assert (vision.votes, vision.abstentions, vision.median, vision.spread, vision.discuss) == (
        3,
        1,
        "Evolving",
        2,
        True,
    )
    assert vision.consensus == "median Evolving; most votes: Evolving (67%)"
    assert vision.counts_text == "Beginning (Individualistic) 1, Evolving 2"
    assert vision.spread_text == "2 levels apart"
    policies = summary.cells()[1][2].votes
    assert (policies.discuss, policies.spread_text) == (False, "1 level apart")
    assert [(f.row, f.spread, f.counts) for f in summary.flagged] == [
        ("Vision, mission, and beliefs", "2 levels apart", "Beginning (Individualistic) 1, Evolving 2")
    ]


def test_a_row_where_everyone_abstained_says_no_level_was_chosen(collaboration):
    summary = summarise(session_of(collaboration, votes=[vote("a", "vision", None)]))
    votes = summary.cells()[0][2].votes
    assert (votes.consensus, votes.spread_text, votes.counts_text) == (
        "no level chosen (everyone abstained)",
        "",
        "no level chosen",
    )


def test_the_change_since_the_previous_session_lists_rows_that_moved_and_the_mean(collaboration):
    before = session_of(
        collaboration,
        Entry(Rating("vision", D, "beginning")),
        Entry(Rating("policies", D, "developing")),
        held_on=datetime.date(2026, 9, 14),
        code="OLD-OLD-OLD",
    )
    now = session_of(
        collaboration,
        Entry(Rating("vision", D, "evolving")),
        Entry(Rating("policies", D, "developing")),
        Entry(Rating("routines", D, "developing")),
    )
    summary = summarise(now, before)
    assert summary.since is not None
    assert (summary.since.held_on, summary.since.code) == (datetime.date(2026, 9, 14), "OLD-OLD-OLD")
    assert [(m.row, m.before, m.after, m.change) for m in summary.since.moves] == [
        ("Vision, mission, and beliefs", "Beginning (Individualistic)", "Evolving", "+2"),
        ("Collaborative routines", "Not rated", "Developing", ""),
    ]
    assert [(m.value, m.change) for m in summary.means] == [("2.3 of 4", "+0.8")]
    assert summary.chart.columns == ["Element", "Rating", "Rating, previous session"]
    assert summary.chart.lines[0] == ["Vision & mission", "Evolving", "Beginning (Individualistic)"]


def test_sipr_cells_name_their_dimension_and_list_which_criteria_hold(sipr):
    session = session_of(sipr, Entry(Rating("1.1", "implementation", "emerging", ticked=frozenset({0, 2}))))
    summary = summarise(session)
    assert summary.progress == "0 of 18 characteristics rated on Implementation and Scale"
    cell = summary.cells()[0][2]
    assert (cell.dimension, cell.dimension_short, cell.level) == (
        "Acceptable Implementation",
        "Implementation",
        "Emerging",
    )
    assert cell.criteria == (
        "2 of 3 criteria hold:\n[holds] There is one district plan.\n"
        "[not yet] At any point in time, it includes no more than three strategies.\n"
        "[holds] All of the strategies fit together coherently."
    )
    assert summary.terms == {"group": "Strategy", "row": "Characteristic", "rows": "Characteristics"}
    # a long continuum's chart has one axis per group, its value a mean level
    assert summary.chart.lines[0] == ["System-wide learning", "2.0 of 4 (Emerging)", "Not rated"]


def test_the_action_plan_is_listed_in_words(collaboration):
    items = [
        ActionItem(
            "i1",
            "Share the survey",
            ("vision", "policies"),
            "Ben",
            datetime.date(2026, 12, 1),
            ActionStatus.IN_PROGRESS,
        ),
        ActionItem("i2", "Draft a policy"),
    ]
    summary = summarise(session_of(collaboration), actions=items)
    assert summary.actions == [
        {
            "what": "Share the survey",
            "rows": "Vision & mission; Policies & structures",
            "owner": "Ben",
            "due": "2026-12-01",
            "status": "In progress",
        },
        {"what": "Draft a policy", "rows": "", "owner": "", "due": "", "status": "Not started"},
    ]


def test_whole_session_and_row_reflections_are_kept_apart(collaboration):
    reflections = {
        ("", "What surprised us?"): Reflection("", "What surprised us?", "How far we have come"),
        ("vision", "What surprised us?"): Reflection("vision", "What surprised us?", "Few knew the vision"),
    }
    summary = summarise(session_of(collaboration, reflections=reflections))
    assert summary.reflections == [("What surprised us?", "How far we have come")]
    assert summary.groups[0].rows[0].reflections == [("What surprised us?", "Few knew the vision")]
