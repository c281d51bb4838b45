"""The rules of live voting: what a round opens, who still has to vote, results, movement, small groups."""

from __future__ import annotations

import struct

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import InputError, VotingClosed
from sipr_core.movement import VoteTrail, movement, movement_table
from sipr_core.rounds import (
    Board,
    VoteGroup,
    Voter,
    VotingRound,
    cell_label,
    cells_for,
    check_open,
    group_names,
    join_link,
    results,
    smallest,
    split,
    votes_table,
    waiting_names,
)
from sipr_core.vote_charts import dots_spec, qr_png

LEVELS = ["beginning", "developing", "evolving", "accomplished"]
TWO = (("vision", "rating"), ("policies", "rating"))


def a_round(**fields) -> VotingRound:
    values = dict(number=1, cells=TWO, opened_at="2026-11-23T09:00:00+00:00")
    values.update(fields)
    return VotingRound(**values)


def revealed_board(levels: dict, voters=("a", "b", "c"), by_groups=False) -> Board:
    voting = a_round(by_groups=by_groups, closed_at="t", revealed_at="t", cells=tuple(levels))
    return Board(
        voting,
        tuple(Voter(v, v.upper()) for v in voters),
        {cell: frozenset(given) for cell, given in levels.items()},
        levels,
    )


# --- what a round opens --------------------------------------------------------------------------


def test_a_round_on_one_row_opens_that_row_on_every_dimension(sipr):
    assert cells_for(sipr, "row", "1.1") == (("1.1", "implementation"), ("1.1", "scale"))


def test_a_round_on_one_group_opens_its_rows_in_order(collaboration):
    group = collaboration.groups[0]
    assert cells_for(collaboration, "group", group.id) == tuple((r.id, "rating") for r in group.rows)


def test_a_round_on_the_whole_continuum_opens_every_row(leadership):
    cells = cells_for(leadership, "all")
    assert len(cells) == leadership.row_count() == 28
    assert cells[0] == (leadership.groups[0].rows[0].id, "rating")


def test_a_round_can_open_one_dimension_only(sipr):
    cells = cells_for(sipr, "all", dimensions=["scale"])
    assert cells and all(d == "scale" for _, d in cells)


@pytest.mark.parametrize(
    ("scope", "target", "dimensions", "message"),
    [
        ("row", "9.9", None, 'No such row in "{title}": 9.9'),
        ("group", "nope", None, 'No such group in "{title}": nope'),
        ("all", "", ["depth"], 'No such dimension in "{title}": depth'),
        ("all", "", [], "Choose at least one dimension to rate on."),
    ],
)
def test_an_unknown_row_group_or_dimension_is_an_input_error(sipr, scope, target, dimensions, message):
    with pytest.raises(InputError) as error:
        cells_for(sipr, scope, target, dimensions)
    assert str(error.value) == message.format(title=sipr.title)


# --- when a vote is accepted ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voting", "by_groups", "message"),
    [
        (None, False, "Voting has not opened yet: wait for the facilitator to open it."),
        (
            a_round(closed_at="t"),
            False,
            "Voting has closed, so this vote was not recorded. The team's votes are on the projector.",
        ),
        (a_round(cells=(("policies", "rating"),)), False,
         "Voting is not open on this row (vision), so this vote was not recorded."),
        (a_round(by_groups=True), False, "In this round each small group gives one rating together."),
        (a_round(), True, "In this round everyone votes for themselves, not as a group."),
    ],
)
def test_a_vote_outside_an_open_round_is_refused_saying_why(voting, by_groups, message):
    with pytest.raises(VotingClosed) as error:
        check_open(voting, "vision", "rating", by_groups=by_groups)
    assert str(error.value) == message


def test_a_vote_on_an_open_row_belongs_to_the_open_round():
    voting = a_round()
    assert check_open(voting, "vision", "rating", by_groups=False) is voting


def test_voting_closed_is_an_input_error_so_pages_show_its_message():
    assert issubclass(VotingClosed, InputError)


# --- who has voted -----------------------------------------------------------------------------


def test_the_board_counts_votes_per_row_and_lists_who_has_not_voted_on_every_row():
    voters = (Voter("a", "Ana"), Voter("b", "Ben"), Voter("c", "Anonymous"), Voter("d", "Anonymous"))
    voted = {TWO[0]: frozenset({"a", "b", "c"}), TWO[1]: frozenset({"a"})}
    board = Board(a_round(), voters, voted)
    assert (board.votes_in(), board.votes_expected()) == (4, 8)
    assert [board.count(c) for c in TWO] == [3, 1]
    assert [v.name for v in board.waiting()] == ["Ben", "Anonymous", "Anonymous"]
    assert waiting_names(board) == (["Ben"], 2)
    assert not board.everyone_voted()


def test_everyone_has_voted_only_when_every_voter_voted_on_every_row():
    voters = (Voter("a", "Ana"), Voter("b", "Ben"))
    full = {cell: frozenset({"a", "b"}) for cell in TWO}
    assert Board(a_round(), voters, full).everyone_voted()
    assert not Board(a_round(), (), {}).everyone_voted()


def test_a_vote_by_someone_not_among_the_voters_is_not_counted():
    board = Board(a_round(), (Voter("a", "Ana"),), {TWO[0]: frozenset({"a", "gone"})})
    assert board.count(TWO[0]) == 1
    assert board.votes_in() == 1


def test_nobody_waits_for_someone_who_left_but_what_they_cast_before_still_counts():
    voters = (Voter("a", "Ana"), Voter("b", "Ben"))
    left = (Voter("c", "Cy"),)
    voted = {TWO[0]: frozenset({"a", "b", "c"}), TWO[1]: frozenset({"a", "b"})}
    board = Board(a_round(), voters, voted, left=left)
    assert [(board.count(c), board.expected(c)) for c in TWO] == [(3, 3), (2, 2)]
    assert (board.votes_in(), board.votes_expected()) == (5, 5)
    assert board.waiting() == [] and board.everyone_voted()


def test_a_board_of_nobody_but_people_who_left_has_not_everyone_voted():
    board = Board(a_round(), (), {TWO[0]: frozenset({"c"})}, left=(Voter("c", "Cy"),))
    assert (board.votes_in(), board.votes_expected()) == (1, 1)
    assert not board.everyone_voted()


# --- results ---------------------------------------------------------------------------------------


def test_results_are_empty_until_the_round_is_revealed():
    board = Board(a_round(closed_at="t"), (Voter("a", "Ana"),), {TWO[0]: frozenset({"a"})}, {})
    assert results(LEVELS, board) == []


def test_results_put_the_rows_to_discuss_first_and_give_one_dot_per_vote():
    board = revealed_board(
        {
            TWO[0]: {"a": "developing", "b": "developing", "c": "evolving"},
            TWO[1]: {"a": "beginning", "b": "accomplished", "c": "developing"},
        }
    )
    found = results(LEVELS, board)
    assert [r.key for r in found] == [TWO[1], TWO[0]]
    assert found[0].summary.discuss and found[0].summary.spread == 3
    assert found[0].positions == (1, 2, 4)
    assert found[1].positions == (2, 2, 3)
    assert found[1].summary.median == "developing"
    assert found[0].labels == ()  # individual votes stay unnamed


def test_small_group_results_name_each_dot_by_its_group():
    board = revealed_board({TWO[0]: {"a": "evolving", "b": "beginning"}}, voters=("a", "b"), by_groups=True)
    (found,) = results(LEVELS, board)
    assert list(zip(found.positions, found.labels)) == [(1, "B"), (3, "A")]


cells = st.sampled_from([("r1", "rating"), ("r2", "rating"), ("r3", "rating"), ("r4", "rating")])
ballots = st.dictionaries(
    cells, st.dictionaries(st.sampled_from("abcdef"), st.sampled_from(LEVELS), max_size=6), min_size=1
)


@given(ballots)
def test_flagged_rows_come_first_and_every_vote_is_one_dot(levels):
    board = revealed_board(levels, voters=tuple("abcdef"))
    found = results(LEVELS, board)
    flags = [r.summary.discuss for r in found]
    assert flags == sorted(flags, reverse=True)
    assert sorted(r.key for r in found) == sorted(levels)
    for r in found:
        assert len(r.positions) == r.summary.votes == len(levels[r.key])
    # within each part the rows keep the round's order
    for flag in (True, False):
        keys = [r.key for r in found if r.summary.discuss is flag]
        assert keys == [c for c in board.cells if c in keys]


def test_the_side_by_side_table_shows_every_group_and_the_median(collaboration):
    board = revealed_board(
        {("vision", "rating"): {"a": "evolving", "b": "developing"}}, voters=("a", "b"), by_groups=True
    )
    table = votes_table(collaboration, board)
    assert table.columns == {"row": "Element", "voter:a": "A", "voter:b": "B", "median": "Median"}
    assert table.lines == [
        {"row": "Vision & mission", "voter:a": "Evolving", "voter:b": "Developing",
         "median": "between Developing and Evolving"}
    ]


def test_a_group_that_left_shows_side_by_side_only_when_it_rated(collaboration):
    cell = ("vision", "rating")
    voting = a_round(by_groups=True, closed_at="t", revealed_at="t", cells=(cell,))
    levels = {cell: {"a": "evolving", "c": "beginning"}}
    gone = (Voter("c", "Gold"), Voter("d", "Teal"))
    voters = (Voter("a", "Blue"), Voter("b", "Green"))
    board = Board(voting, voters, {cell: frozenset(levels[cell])}, levels, gone)
    table = votes_table(collaboration, board)
    assert list(table.columns.values()) == ["Element", "Blue", "Green", "Gold", "Median"]
    assert table.lines[0]["voter:c"] == "Beginning (Individualistic)" and table.lines[0]["voter:b"] == "–"
    (found,) = results(LEVELS, board)
    assert list(zip(found.positions, found.labels, strict=True)) == [(1, "Gold"), (3, "Blue")]


def test_a_cell_is_labelled_with_its_dimension_only_when_the_rubric_has_several(sipr, collaboration):
    assert cell_label(collaboration, ("vision", "rating")) == "Vision & mission"
    assert cell_label(sipr, ("1.1", "scale")).endswith(" · Scale")


# --- how far the team moved ----------------------------------------------------------------------


def test_movement_is_the_mean_distance_from_first_votes_to_last_votes_and_to_the_consensus():
    trails = [
        VoteTrail("a", "r1", "rating", "beginning", "evolving"),  # moved 2, consensus 2 away
        VoteTrail("b", "r1", "rating", "evolving", "evolving"),  # moved 0, consensus 0 away
        VoteTrail("a", "r2", "rating", "accomplished", "developing"),  # moved 2, no consensus
    ]
    report = movement(LEVELS, trails, {("r1", "rating"): "evolving"})
    assert report.cells[("r1", "rating")].first_to_final == 1.0
    assert report.cells[("r1", "rating")].first_to_consensus == 1.0
    assert report.cells[("r2", "rating")].first_to_consensus is None
    assert report.overall.first_to_final == pytest.approx(4 / 3)
    assert report.overall.first_to_consensus == 1.0
    assert report.overall.voters == 2


def test_a_withdrawn_last_vote_is_left_out_of_first_to_last():
    report = movement(LEVELS, [VoteTrail("a", "r1", "rating", "beginning", None)], {})
    assert report.cells[("r1", "rating")].first_to_final is None
    assert report.overall.voters == 1


trails = st.lists(
    st.builds(VoteTrail, st.sampled_from("abc"), st.sampled_from(["r1", "r2"]), st.just("rating"),
              st.sampled_from(LEVELS), st.sampled_from(LEVELS)),
    max_size=30,
)


@given(trails)
def test_a_team_that_kept_its_first_votes_moved_zero_levels(found):
    kept = [VoteTrail(t.participant_id, t.row_id, t.dimension, t.first, t.first) for t in found]
    report = movement(LEVELS, kept, {})
    assert all(m.first_to_final == 0 for m in report.cells.values())


@given(trails, st.sampled_from(LEVELS))
def test_movement_lies_between_zero_and_the_width_of_the_scale(found, agreed):
    report = movement(LEVELS, found, {("r1", "rating"): agreed, ("r2", "rating"): agreed})
    for moved in [*report.cells.values(), report.overall]:
        for value in (moved.first_to_final, moved.first_to_consensus):
            assert value is None or 0 <= value <= len(LEVELS) - 1


def test_the_movement_table_has_a_line_per_row_in_rubric_order_and_one_for_every_row(collaboration):
    trails = [VoteTrail("a", "policies", "rating", "beginning", "developing"),
              VoteTrail("a", "vision", "rating", "evolving", "evolving")]
    table = movement_table(collaboration, movement(LEVELS, trails, {("vision", "rating"): "developing"}))
    assert [line["row"] for line in table.lines] == ["Vision & mission", "Policies & structures", "Every row"]
    assert table.lines[0]["first_to_consensus"] == "1.00 levels"
    assert table.lines[1]["first_to_consensus"] == "–"
    assert table.lines[2] == {
        "row": "Every row", "voters": "1", "first_to_final": "0.50 levels", "first_to_consensus": "1.00 levels"
    }


# --- small groups --------------------------------------------------------------------------------


def test_group_names_drop_blank_lines_and_extra_spaces():
    assert group_names(["  Blue  team ", "", "Green"]) == ["Blue team", "Green"]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Blue"], "Name two to 12 groups, one per line (you named 1)."),
        ([f"G{i}" for i in range(13)], "Name two to 12 groups, one per line (you named 13)."),
        (["Blue", "blue"], "Two groups are called blue: give each group its own name."),
    ],
)
def test_group_names_that_cannot_make_groups_are_refused(names, message):
    with pytest.raises(InputError) as error:
        group_names(names)
    assert str(error.value) == message


@given(st.lists(st.text(min_size=1), unique=True, max_size=50), st.integers(2, 12))
def test_splitting_deals_everyone_once_into_groups_that_differ_by_one_at_most(people, count):
    dealt = split(people, count)
    assert len(dealt) == count
    assert sorted(p for group in dealt for p in group) == sorted(people)
    sizes = [len(group) for group in dealt]
    assert max(sizes) - min(sizes) <= 1


def test_a_newcomer_goes_into_the_smallest_group_the_first_of_a_tie():
    groups = [VoteGroup("a", "A", ("1", "2")), VoteGroup("b", "B", ("3",)), VoteGroup("c", "C", ("4",))]
    assert smallest(groups).id == "b"
    assert smallest([]) is None


# --- links and pictures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_url", "expected"),
    [
        ("http://localhost:8501/consensus", "http://localhost:8501/vote?code=7KQ-M2X-9RD"),
        ("http://localhost:8501/", "http://localhost:8501/vote?code=7KQ-M2X-9RD"),
        ("https://ci.example.org/app/consensus", "https://ci.example.org/app/vote?code=7KQ-M2X-9RD"),
    ],
)
def test_the_join_link_points_at_the_vote_page_beside_the_current_page(page_url, expected):
    assert join_link(page_url, "vote", "7KQ-M2X-9RD") == expected


def test_a_participant_link_carries_their_id():
    assert join_link("http://h/consensus", "vote", "7KQ-M2X-9RD", "ab12") == "http://h/vote?code=7KQ-M2X-9RD&p=ab12"


def test_the_dot_chart_stacks_one_dot_per_vote_above_its_level_and_is_a_valid_plotly_figure():
    spec = dots_spec(["B", "D", "E", "A"], [1, 3, 3, 3], median_position=3.0)
    go.Figure(spec)  # plotly's own validation
    trace = spec["data"][0]
    assert list(zip(trace["x"], trace["y"])) == [(1, 1), (3, 1), (3, 2), (3, 3)]
    assert spec["layout"]["xaxis"]["ticktext"] == ["B", "D", "E", "A"]
    assert spec["layout"]["shapes"][0]["x0"] == 3.0


def test_the_dot_chart_of_groups_names_each_dot():
    spec = dots_spec(["B", "D"], [1, 2], labels=["Blue", "Green"])
    go.Figure(spec)
    assert spec["data"][0]["text"] == ["Blue", "Green"]


def test_every_text_of_the_dot_chart_is_at_least_20_pixels_for_the_back_of_a_room():
    layout = dots_spec(["B", "D"], [1, 2], median_position=1.5, labels=["Blue", "Green"])
    trace, layout = layout["data"][0], layout["layout"]
    sizes = [layout["xaxis"]["tickfont"]["size"], trace["textfont"]["size"]]
    sizes += [a["font"]["size"] for a in layout["annotations"]]
    assert min(sizes) >= 20


def test_the_qr_code_is_a_png_large_enough_to_scan_from_the_back_of_a_room():
    png = qr_png("http://localhost:8501/vote?code=7KQ-M2X-9RD")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == height >= 250
