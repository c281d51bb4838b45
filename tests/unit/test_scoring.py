import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import Rating, RatingError, Status, compare, index_ratings, next_step, score, suggest_level
from sipr_core.rubric import DEFAULT_DIMENSION as D


def rate(**levels):
    """Ratings of the collaboration rubric's rows, by row id."""
    return index_ratings(Rating(row, D, level) for row, level in levels.items())


def test_not_rated_and_not_applicable_are_distinct_from_the_lowest_level():
    assert Rating("vision", D).status is Status.NOT_RATED
    assert Rating("vision", D, not_applicable=True).status is Status.NOT_APPLICABLE
    assert Rating("vision", D, "beginning").status is Status.RATED


def test_score_leaves_unrated_and_not_applicable_rows_out_of_the_mean(collaboration):
    ratings = rate(vision="accomplished", policies="developing")
    ratings[("routines", D)] = Rating("routines", D, not_applicable=True)
    card = score(collaboration, ratings)
    overall = card.overall[D]
    assert (overall.rows, overall.rated, overall.not_applicable, overall.not_rated) == (6, 2, 1, 3)
    assert overall.mean_level == 3.0
    assert overall.top_share == 0.5
    assert (card.rows_rated, card.rows_total) == (3, 6)


def test_score_of_no_ratings_has_no_mean(collaboration):
    card = score(collaboration, {})
    assert card.overall[D].mean_level is None
    assert card.overall[D].top_share is None
    assert card.rows_rated == 0


def test_score_is_per_dimension_for_sipr(sipr):
    ratings = index_ratings(
        [Rating("1.1", "implementation", "acceptable"), Rating("1.1", "scale", "not-yet"), Rating("1.2", "scale", "emerging")]
    )
    card = score(sipr, ratings)
    group = card.groups["strategy-1"]
    assert group["implementation"].mean_level == 4.0
    assert group["scale"].mean_level == 1.5
    assert group["scale"].rated == 2
    # a SIPR row is done only when both of its dimensions are rated
    assert card.rows_rated == 1


def test_rating_for_unknown_row_is_rejected_with_its_name(collaboration):
    with pytest.raises(RatingError) as error:
        score(collaboration, rate(vison="developing"))
    assert str(error.value) == 'No such row in "Shift from a Culture of Isolation to a Culture of Collaboration": vison'


def test_rating_for_unknown_level_is_rejected_with_its_name(collaboration):
    with pytest.raises(RatingError) as error:
        score(collaboration, rate(vision="expert"))
    assert str(error.value).endswith(": expert")


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [((), "not-yet"), ((0,), "emerging"), ((0, 1), "approaching"), ((0, 1, 2), "approaching"), ((0, 1, 2, 3), "acceptable")],
)
def test_ticked_criteria_suggest_a_level(sipr, ticked, expected):
    cell = sipr.row("1.2").cells()["implementation"]  # four acceptable criteria
    assert len(cell.criteria) == 4
    assert suggest_level(sipr, cell, ticked).id == expected


def test_a_single_criterion_jumps_from_not_yet_to_acceptable(sipr):
    cell = sipr.row("2.3").cells()["implementation"]
    assert [suggest_level(sipr, cell, t).id for t in [(), (0,)]] == ["not-yet", "acceptable"]


def test_rubric_without_thresholds_suggests_nothing(collaboration):
    cell = collaboration.row("vision").cells()[D]
    assert suggest_level(collaboration, cell, ()) is None


@given(st.data())
def test_ticking_more_criteria_never_lowers_the_suggestion(sipr, data):
    cell = sipr.row(data.draw(st.sampled_from(["1.2", "1.3", "3.2", "4.5"]))).cells()["implementation"]
    indexes = list(range(len(cell.criteria)))
    ticked = data.draw(st.sets(st.sampled_from(indexes)))
    more = ticked | data.draw(st.sets(st.sampled_from(indexes)))
    low, high = suggest_level(sipr, cell, ticked), suggest_level(sipr, cell, more)
    assert sipr.position(low.id) <= sipr.position(high.id)
    if len(more) == len(indexes):
        assert high.id == sipr.levels[-1].id


def test_next_step_gives_the_descriptor_of_the_level_above(collaboration):
    cell = collaboration.row("routines").cells()[D]
    step = next_step(collaboration, cell, Rating("routines", D, "developing"))
    assert step.level.name == "Evolving"
    assert step.descriptor == "Collaborative routines are spelled out but roles within those routines are unclear."


def test_next_step_of_the_top_level_or_not_applicable_is_none(collaboration):
    cell = collaboration.row("routines").cells()[D]
    assert next_step(collaboration, cell, Rating("routines", D, "accomplished")) is None
    assert next_step(collaboration, cell, Rating("routines", D, not_applicable=True)) is None


def test_next_step_for_criteria_lists_the_criteria_not_yet_ticked(sipr):
    cell = sipr.row("1.1").cells()["implementation"]
    rating = Rating("1.1", "implementation", "emerging", ticked=frozenset({0, 2}))
    step = next_step(sipr, cell, rating)
    assert step.level.id == "approaching"
    assert step.descriptor == "At least half of the acceptable criteria hold."
    assert step.criteria_missing == ["At any point in time, it includes no more than three strategies."]


def test_compare_reports_change_per_row_and_group(collaboration):
    before = rate(vision="beginning", policies="evolving", routines="developing")
    after = rate(vision="evolving", policies="developing", decisions="accomplished")
    comparison = compare(collaboration, before, after)
    changes = {c.row_id: c.change for c in comparison.rows}
    assert changes == {
        "vision": 2, "policies": -1, "routines": None, "goal-setting": None, "planning": None, "decisions": None
    }
    (group,) = comparison.groups
    assert group.before == pytest.approx(2.0)
    assert group.after == pytest.approx((3 + 2 + 4) / 3)
    assert group.change == pytest.approx((3 + 2 + 4) / 3 - 2.0)


@given(st.dictionaries(st.sampled_from(["vision", "policies", "routines", "goal-setting", "planning", "decisions"]),
                       st.sampled_from(["beginning", "developing", "evolving", "accomplished"])))
def test_comparing_a_rating_set_with_itself_shows_no_change(collaboration, levels):
    ratings = rate(**levels)
    comparison = compare(collaboration, ratings, ratings)
    assert all(c.change in (0, None) for c in comparison.rows)
    assert all(g.change in (0, None) for g in comparison.groups)


@given(st.lists(st.sampled_from(["beginning", "developing", "evolving", "accomplished"]), min_size=6, max_size=6))
def test_mean_level_lies_between_lowest_and_highest_rating(collaboration, levels):
    rows = ["vision", "policies", "routines", "goal-setting", "planning", "decisions"]
    card = score(collaboration, rate(**dict(zip(rows, levels))))
    positions = [collaboration.position(level) for level in levels]
    assert min(positions) <= card.overall[D].mean_level <= max(positions)
    assert card.overall[D].top_share == positions.count(4) / 6
