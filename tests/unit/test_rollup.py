"""The district roll-up: the latest session per school team, the heatmap, levels per row, targets,
and the district beside its schools, across editions of a continuum."""

from __future__ import annotations

import datetime
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipr_core import Rating, index_ratings
from sipr_core.rollup import (
    Mark,
    Snapshot,
    State,
    distribution,
    in_range,
    mark,
    pasted_codes,
    pick_latest,
    rollup,
    school_labels,
    spread,
)
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.rubric import Rubric
from sipr_core.session import SessionInfo
from sipr_core.targets import TargetSet

DAY = datetime.date(2026, 10, 1)


def info(school: str, held_on: datetime.date = DAY, *, team: str = "Building team", code: str = "", n: int = 0):
    code = code or f"{school[:3].upper()}-{held_on:%m%d}-{n:03d}"
    return SessionInfo(
        id=code, code=code, district="Riverside Schools", school=school, team=team, held_on=held_on,
        rubric_id="any", fingerprint="sha256:x", facilitator="Pat", series=f"{school}|{team}".casefold(),
        created_at=f"{held_on.isoformat()}T09:00:{n:02d}",
    )


def snap(rubric, school, *ratings, targets=TargetSet(), edition=None, team="Building team", held_on=DAY):
    return Snapshot(info(school, held_on, team=team), edition or rubric, index_ratings(ratings), targets)


def without_row(rubric: Rubric, row_id: str, extra: str | None = None) -> Rubric:
    """Another edition of the same continuum: one row gone (and, if given, a new row after the first)."""
    data = rubric.model_dump()
    for group in data["groups"]:
        group["rows"] = [r for r in group["rows"] if r["id"] != row_id]
    if extra:
        added = dict(data["groups"][0]["rows"][0], id=extra, title="A new row", label=None)
        data["groups"][0]["rows"].insert(1, added)
    return Rubric.model_validate(data)


# --- which session counts --------------------------------------------------------------------


def test_the_latest_session_of_each_school_team_in_the_range_counts_and_earlier_ones_are_its_history():
    sessions = [
        info("Lincoln", datetime.date(2026, 3, 1), n=1),
        info("Lincoln", datetime.date(2026, 10, 1), n=2),
        info("Lincoln", datetime.date(2027, 3, 1), n=3),
        info("Adams", datetime.date(2026, 5, 1), n=4),
    ]
    picks = pick_latest(sessions, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert [(p.latest.school, p.latest.held_on) for p in picks] == [
        ("Adams", datetime.date(2026, 5, 1)),
        ("Lincoln", datetime.date(2026, 10, 1)),
    ]
    assert [e.held_on for e in picks[1].earlier] == [datetime.date(2026, 3, 1)]
    assert picks[0].earlier == ()


def test_the_date_range_includes_both_ends_and_an_open_end_takes_everything():
    assert in_range(DAY, DAY, DAY)
    assert not in_range(DAY, DAY + datetime.timedelta(days=1), None)
    assert not in_range(DAY, None, DAY - datetime.timedelta(days=1))
    assert in_range(DAY, None, None)
    picks = pick_latest([info("Lincoln", DAY, n=1), info("Lincoln", DAY + datetime.timedelta(days=1), n=2)])
    assert picks[0].latest.held_on == DAY + datetime.timedelta(days=1)


def test_two_sessions_on_the_same_day_count_the_one_created_last():
    first, second = info("Lincoln", DAY, n=1), info("Lincoln", DAY, n=2)
    (pick,) = pick_latest([second, first])
    assert (pick.latest, pick.earlier) == (second, (first,))


def test_a_school_with_two_teams_is_two_lines_named_by_team():
    labels = school_labels(
        [info("Lincoln", team="Math team"), info("Lincoln", team="Reading team"), info("Adams")]
    )
    assert labels == ["Lincoln · Math team", "Lincoln · Reading team", "Adams"]


def test_two_lines_that_would_read_the_same_get_their_join_codes():
    labels = school_labels([info("Lincoln", code="AAA-AAA-AAA"), info("lincoln", code="BBB-BBB-BBB")])
    assert labels == ["Lincoln · Building team (AAA-AAA-AAA)", "lincoln · Building team (BBB-BBB-BBB)"]


# --- the heatmap -----------------------------------------------------------------------------


def test_each_cell_is_a_level_position_or_says_why_there_is_none(collaboration):
    ratings = index_ratings([Rating("vision", D, "evolving"), Rating("policies", D, not_applicable=True)])
    assert mark(collaboration, collaboration, ratings, "vision", D) == Mark(State.RATED, 3)
    assert mark(collaboration, collaboration, ratings, "policies", D) == Mark(State.NOT_APPLICABLE)
    assert mark(collaboration, collaboration, ratings, "routines", D) == Mark(State.NOT_RATED)


def test_rows_an_edition_lacks_show_as_not_in_this_edition_never_as_the_lowest_level(collaboration):
    older = without_row(collaboration, "routines", extra="mentoring")
    found = rollup(
        collaboration,
        {},
        [
            snap(collaboration, "Adams", Rating("routines", D, "beginning")),
            snap(collaboration, "Baker", Rating("mentoring", D, "accomplished"), edition=older),
        ],
    )
    rows = [row.id for _, row in collaboration.rows()]
    assert "mentoring" not in rows  # the district's edition defines the rows
    routines = rows.index("routines")
    assert [line[routines] for line in found.marks[D]] == [Mark(State.RATED, 1), Mark(State.NOT_IN_EDITION)]
    counts = found.distributions[D][routines]
    assert (counts.counts["beginning"], counts.not_in_edition, counts.rated) == (1, 1, 1)


def test_a_level_the_district_scale_lacks_is_not_placed_on_it(collaboration):
    data = collaboration.model_dump()
    data["levels"] = [*data["levels"], {"id": "transforming", "name": "Transforming"}]
    for group in data["groups"]:
        for row in group["rows"]:
            row["descriptors"]["transforming"] = "More."
    wider = Rubric.model_validate(data)
    ratings = index_ratings([Rating("vision", D, "transforming")])
    assert mark(collaboration, wider, ratings, "vision", D) == Mark(State.NOT_IN_EDITION)


def test_schools_are_listed_alphabetically_whatever_order_they_come_in(collaboration):
    found = rollup(collaboration, {}, [snap(collaboration, "baker"), snap(collaboration, "Adams")])
    assert found.labels == ["Adams", "baker"]


def test_a_sipr_heatmap_has_a_line_per_school_on_each_dimension(sipr):
    found = rollup(sipr, {}, [snap(sipr, "Adams", Rating("1.1", "scale", "emerging"))])
    assert set(found.marks) == {"implementation", "scale"}
    assert found.marks["scale"][0][0] == Mark(State.RATED, 2)
    assert found.marks["implementation"][0][0] == Mark(State.NOT_RATED)
    assert len(found.marks["scale"][0]) == sipr.row_count()


# --- levels per row --------------------------------------------------------------------------


def test_the_distribution_counts_schools_per_level_lowest_first(collaboration):
    marks = [Mark(State.RATED, 2), Mark(State.RATED, 2), Mark(State.RATED, 4), Mark(State.NOT_RATED)]
    found = distribution(collaboration, "vision", D, [*marks, Mark(State.NOT_APPLICABLE)])
    assert list(found.counts.items()) == [("beginning", 0), ("developing", 2), ("evolving", 0), ("accomplished", 1)]
    assert (found.rated, found.not_rated, found.not_applicable, found.not_in_edition) == (3, 1, 1, 0)


def test_the_spread_of_no_rated_school_is_empty():
    assert spread([Mark(State.NOT_RATED), Mark(State.NOT_APPLICABLE)]).median is None
    assert spread([]).rated == 0


def test_the_median_of_an_even_number_of_schools_lies_between_two_levels():
    found = spread([Mark(State.RATED, 1), Mark(State.RATED, 2), Mark(State.RATED, 4), Mark(State.RATED, 3)])
    assert (found.rated, found.median, found.low, found.high) == (4, 2.5, 1, 4)


STATES = st.one_of(
    st.integers(min_value=1, max_value=4).map(lambda p: Mark(State.RATED, p)),
    st.sampled_from([Mark(State.NOT_RATED), Mark(State.NOT_APPLICABLE), Mark(State.NOT_IN_EDITION)]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(STATES, max_size=60))
def test_distribution_counts_sum_to_the_schools_rated_and_every_school_is_counted_once(collaboration, marks):
    found = distribution(collaboration, "vision", D, marks)
    rated = [m for m in marks if m.state is State.RATED]
    assert found.rated == sum(found.counts.values()) == len(rated)
    assert found.rated + found.not_rated + found.not_applicable + found.not_in_edition == len(marks)
    for n, level in enumerate(collaboration.level_ids(), start=1):
        assert found.counts[level] == sum(1 for m in rated if m.position == n)


@settings(max_examples=200, deadline=None)
@given(st.lists(STATES, max_size=60))
def test_the_median_lies_between_the_lowest_and_highest_rated_school(marks):
    found = spread(marks)
    positions = [m.position for m in marks if m.state is State.RATED]
    if not positions:
        assert (found.rated, found.median, found.low, found.high) == (0, None, None, None)
        return
    assert found.low == min(positions) and found.high == max(positions)
    assert found.low <= found.median <= found.high
    assert found.median == statistics.median(positions)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(STATES, min_size=6, max_size=6), max_size=12), st.integers(1, 4))
def test_schools_at_or_above_the_district_never_exceed_those_rated(collaboration, lines, district_position):
    level = collaboration.level_ids()[district_position - 1]
    levels = collaboration.level_ids()
    snapshots = []
    for n, line in enumerate(lines):
        ratings = []
        for (_, row), m in zip(collaboration.rows(), line, strict=True):
            if m.state is State.RATED:
                ratings.append(Rating(row.id, D, levels[m.position - 1]))
            elif m.state is State.NOT_APPLICABLE:
                ratings.append(Rating(row.id, D, not_applicable=True))
        snapshots.append(Snapshot(info(f"School {n}", n=n), collaboration, index_ratings(ratings)))
    district = index_ratings([Rating(row.id, D, level) for _, row in collaboration.rows()])
    found = rollup(collaboration, district, snapshots)
    for line in found.comparison:
        assert line.at_or_above is not None
        assert 0 <= line.at_or_above <= line.schools.rated <= len(lines)


# --- the district beside its schools ------------------------------------------------------------


def test_sipr_sets_the_district_implementation_and_scale_each_beside_the_schools_own(sipr):
    district = index_ratings([Rating("1.1", "implementation", "approaching"), Rating("1.1", "scale", "emerging")])
    found = rollup(
        sipr,
        district,
        [
            snap(sipr, "Adams", Rating("1.1", "implementation", "acceptable"), Rating("1.1", "scale", "not-yet")),
            snap(sipr, "Baker", Rating("1.1", "implementation", "emerging")),
            snap(sipr, "Cole", Rating("1.1", "implementation", "approaching")),
            snap(sipr, "Dunn", Rating("1.1", "implementation", not_applicable=True)),
        ],
    )
    assert len(found.comparison) == 2 * sipr.row_count()
    first, scale = found.comparison[:2]
    assert (first.row_id, first.dimension) == ("1.1", "implementation")
    assert first.district == Mark(State.RATED, 3)
    assert (first.schools.rated, first.schools.median, first.schools.low, first.schools.high) == (3, 3.0, 2, 4)
    assert first.at_or_above == 2
    assert (scale.row_id, scale.dimension, scale.district) == ("1.1", "scale", Mark(State.RATED, 2))
    assert (scale.schools.rated, scale.schools.low, scale.at_or_above) == (1, 1, 0)
    third = found.comparison[2]
    assert (third.district, third.at_or_above, third.schools.rated) == (Mark(State.NOT_RATED), None, 0)


def test_a_one_dimension_continuum_sets_the_district_rating_beside_the_schools_median_and_spread(collaboration):
    found = rollup(
        collaboration,
        index_ratings([Rating("vision", D, "developing")]),
        [
            snap(collaboration, "Adams", Rating("vision", D, "beginning")),
            snap(collaboration, "Baker", Rating("vision", D, "accomplished")),
        ],
    )
    (vision,) = [line for line in found.comparison if line.row_id == "vision"]
    assert (vision.dimension, vision.district) == (D, Mark(State.RATED, 2))
    assert (vision.schools.median, vision.schools.low, vision.schools.high, vision.at_or_above) == (2.5, 1, 4, 1)


def test_another_multi_dimension_continuum_compares_each_dimension_with_the_same_one(library):
    balance = library.get("micip-maintaining-balance")
    found = rollup(
        balance,
        index_ratings([Rating("team", "district", "in-place")]),
        [snap(balance, "Adams", Rating("team", "building", "needs-strengthening"))],
    )
    team = [line for line in found.comparison if line.row_id == "team"]
    assert [(line.dimension, line.district.state, line.schools.rated) for line in team] == [
        ("building", State.NOT_RATED, 1),
        ("collaborative", State.NOT_RATED, 0),
        ("district", State.RATED, 0),
    ]


# --- targets ---------------------------------------------------------------------------------


def test_schools_furthest_from_their_targets_come_first_and_those_without_targets_last(collaboration):
    aims = TargetSet({("vision", D): "accomplished", ("policies", D): "evolving", ("routines", D): "evolving"})
    found = rollup(
        collaboration,
        {},
        [
            snap(collaboration, "Adams"),
            snap(collaboration, "Baker", Rating("vision", D, "evolving"), targets=aims),
            snap(collaboration, "Cole", Rating("vision", D, "beginning"), Rating("policies", D, "beginning"), targets=aims),
            snap(collaboration, "Dunn", Rating("vision", D, "accomplished"), Rating("policies", D, "accomplished"),
                 Rating("routines", D, "evolving"), targets=aims),
        ],
    )
    assert [(s.label, s.shortfall, s.missed, s.not_rated, s.targets) for s in found.standings] == [
        ("Cole", 5.0, 2, 1, 3),
        ("Baker", 1.0, 1, 2, 3),
        ("Dunn", 0.0, 0, 0, 3),
        ("Adams", 0.0, 0, 0, 0),
    ]
    assert not found.standings[-1].has_targets


def test_targets_on_rows_an_edition_lacks_are_left_out_of_the_school_standing(collaboration):
    older = without_row(collaboration, "routines")
    aims = TargetSet({("routines", D): "accomplished", ("vision", D): "developing"})
    found = rollup(collaboration, {}, [snap(collaboration, "Adams", Rating("vision", D, "beginning"),
                                            targets=aims, edition=older)])
    (standing,) = found.standings
    assert (standing.targets, standing.shortfall, standing.missed) == (1, 1.0, 1)


# --- pasted join codes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "7KQ-M2X-9RD\n4PB-Q8N-2ZT",
        "7kq-m2x-9rd, 4pb-q8n-2zt",
        "7KQ M2X 9RD\n4PB Q8N 2ZT\n",
        "7KQM2X9RD\t4PBQ8N2ZT",
        "7KQ-M2X-9RD; 4PB-Q8N-2ZT; 7KQ-M2X-9RD",
    ],
)
def test_pasted_codes_are_read_one_per_line_or_separated_and_each_once(text):
    assert pasted_codes(text).codes == ["7KQ-M2X-9RD", "4PB-Q8N-2ZT"]
    assert pasted_codes(text).bad == []


def test_pieces_that_cannot_be_join_codes_are_listed_once_each():
    found = pasted_codes("Lincoln 7KQ-M2X-9RD\n12345\nLincoln")
    assert found.codes == ["7KQ-M2X-9RD"]
    assert found.bad == ["Lincoln", "12345"]


def test_letters_read_wrongly_from_a_projector_still_make_the_code():
    assert pasted_codes("7KQ-M2X-9RO").codes == ["7KQ-M2X-9R0"]


ROW_AIMS = st.dictionaries(
    st.sampled_from(["vision", "policies", "routines", "goal-setting", "planning", "decisions"]),
    st.sampled_from(["beginning", "developing", "evolving", "accomplished"]),
)
LEVELS_OR_NOT = st.one_of(st.none(), st.sampled_from(["beginning", "developing", "evolving", "accomplished"]))


@settings(max_examples=150, deadline=None)
@given(ROW_AIMS, st.dictionaries(st.sampled_from(["culture"]), st.sampled_from(["evolving", "accomplished"])),
       st.dictionaries(st.sampled_from(["vision", "policies", "routines", "planning"]), LEVELS_OR_NOT))
def test_a_school_standing_agrees_with_the_targets_shortfall_and_gaps(collaboration, rows, groups, levels):
    from sipr_core.targets import gaps, shortfall

    aims = TargetSet({(r, D): lv for r, lv in rows.items()}, {(g, D): lv for g, lv in groups.items()})
    ratings = [Rating(r, D, lv) for r, lv in levels.items()]
    (standing,) = rollup(collaboration, {}, [snap(collaboration, "Adams", *ratings, targets=aims)]).standings
    found = gaps(collaboration, index_ratings(ratings), aims)
    assert standing.shortfall == shortfall(collaboration, index_ratings(ratings), aims)
    assert standing.targets == len(found) == len(rows) + len(groups)
    assert standing.missed == sum(1 for g in found if g.met is False)
    assert standing.not_rated == sum(1 for g in found if g.met is None)


def test_schools_sort_with_their_numbers_read_as_numbers():
    from sipr_core.rollup import natural

    names = ["School 10", "school 2", "School 1", "Adams", "9th Street", "10th Street"]
    assert sorted(names, key=natural) == ["9th Street", "10th Street", "Adams", "School 1", "school 2", "School 10"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_school_names_sort_without_error_and_names_differing_only_in_case_sort_together(names):
    from sipr_core.rollup import natural

    ordered = sorted(names, key=natural)  # never compares a number with a word
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert natural(a) <= natural(b)
    for name in names:
        assert natural(name) == natural(name.casefold())
