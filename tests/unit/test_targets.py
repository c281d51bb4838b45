"""Targets (fidelity benchmarks) and the review schedule: gaps, shortfall, reminders."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import InputError
from sipr_core.scoring import Rating, index_ratings
from sipr_core.targets import (
    GROUP,
    ROW,
    Gap,
    Review,
    TargetSet,
    check_target,
    due_reviews,
    gaps,
    group_targets,
    next_review,
    row_targets,
    shortfall,
)


def test_a_row_below_its_target_has_a_positive_gap_and_is_not_met(collaboration):
    ratings = index_ratings([Rating("vision", "rating", "developing")])
    found = gaps(collaboration, ratings, TargetSet(rows={("vision", "rating"): "accomplished"}))
    assert found == [Gap(ROW, "vision", "rating", "accomplished", 2.0, 2.0)]
    assert found[0].met is False


def test_a_row_at_or_above_its_target_is_met(collaboration):
    ratings = index_ratings([Rating("vision", "rating", "accomplished"), Rating("routines", "rating", "evolving")])
    targets = TargetSet(rows={("vision", "rating"): "evolving", ("routines", "rating"): "evolving"})
    assert [(g.item_id, g.steps, g.met) for g in gaps(collaboration, ratings, targets)] == [
        ("vision", -1.0, True),
        ("routines", 0.0, True),
    ]


def test_an_unrated_or_not_applicable_row_has_no_gap_yet(collaboration):
    ratings = index_ratings([Rating("policies", "rating", None, not_applicable=True)])
    targets = TargetSet(rows={("vision", "rating"): "evolving", ("policies", "rating"): "evolving"})
    found = gaps(collaboration, ratings, targets)
    assert [(g.item_id, g.current, g.steps, g.met) for g in found] == [
        ("vision", None, None, None),
        ("policies", None, None, None),
    ]


def test_a_group_target_compares_with_the_mean_of_its_rated_rows(sipr):
    ratings = index_ratings(
        [Rating("1.1", "implementation", "acceptable"), Rating("1.2", "implementation", "emerging")]
    )
    targets = TargetSet(groups={("strategy-1", "implementation"): "approaching"})
    assert gaps(sipr, ratings, targets) == [Gap(GROUP, "strategy-1", "implementation", "approaching", 3.0, 0.0)]


def test_targets_on_rows_or_levels_an_edition_lacks_are_left_out(collaboration):
    targets = TargetSet(rows={("gone", "rating"): "evolving", ("vision", "rating"): "excellent"})
    assert gaps(collaboration, {}, targets) == []
    assert row_targets(collaboration, targets, "rating") == {}


def test_a_row_without_its_own_target_takes_its_groups(sipr):
    targets = TargetSet(
        rows={("1.1", "scale"): "acceptable"}, groups={("strategy-1", "scale"): "emerging"}
    )
    found = row_targets(sipr, targets, "scale")
    assert found["1.1"] == 4 and found["1.2"] == 2 and "2.1" not in found
    assert group_targets(sipr, targets, "scale") == {"strategy-1": 2}
    assert group_targets(sipr, targets, "implementation") == {}


def test_shortfall_counts_levels_still_to_climb_and_ignores_rows_above_target(collaboration):
    ratings = index_ratings([Rating("vision", "rating", "beginning"), Rating("routines", "rating", "accomplished")])
    targets = TargetSet(rows={("vision", "rating"): "evolving", ("routines", "rating"): "developing"})
    assert shortfall(collaboration, ratings, targets) == 2.0


LEVELS = ["beginning", "developing", "evolving", "accomplished"]
ROWS = ["vision", "policies", "routines", "goal-setting", "planning", "decisions"]


@given(
    st.dictionaries(st.sampled_from(ROWS), st.sampled_from(LEVELS)),
    st.dictionaries(st.sampled_from(ROWS), st.sampled_from(LEVELS)),
)
def test_raising_every_rating_to_its_target_leaves_no_shortfall(collaboration, rated, wanted):
    ratings = index_ratings(Rating(r, "rating", level) for r, level in rated.items())
    targets = TargetSet(rows={(r, "rating"): level for r, level in wanted.items()})
    before = shortfall(collaboration, ratings, targets)
    assert 0 <= before <= 3 * len(wanted)
    raised = index_ratings(
        Rating(r, "rating", max(rated.get(r, level), level, key=LEVELS.index)) for r, level in wanted.items()
    )
    assert shortfall(collaboration, raised, targets) == 0
    assert all(g.met for g in gaps(collaboration, raised, targets))


@pytest.mark.parametrize(
    ("scope", "item", "dimension", "level", "message"),
    [
        ("school", "vision", "rating", "evolving", "No such kind of target: school (use row or group)"),
        (ROW, "nope", "rating", "evolving", 'No such element in "Shift from a Culture of Isolation to a Culture of Collaboration": nope'),
        (GROUP, "vision", "rating", "evolving", 'No such continuum in "Shift from a Culture of Isolation to a Culture of Collaboration": vision'),
        (ROW, "vision", "scale", "evolving", 'No such dimension in "Shift from a Culture of Isolation to a Culture of Collaboration": scale'),
        (ROW, "vision", "rating", "great", "No such level: great (levels: beginning, developing, evolving, accomplished)"),
    ],
)
def test_a_target_that_does_not_fit_the_continuum_is_refused_by_name(collaboration, scope, item, dimension, level, message):
    with pytest.raises(InputError) as error:
        check_target(collaboration, scope, item, dimension, level)
    assert str(error.value) == message


TODAY = date(2026, 11, 23)


def test_a_review_is_due_when_its_date_is_near_or_past_and_no_session_was_held_for_it():
    schedule = [Review(TODAY + timedelta(days=10)), Review(TODAY - timedelta(days=3)), Review(TODAY + timedelta(days=60))]
    held = [TODAY - timedelta(days=200)]
    assert due_reviews(schedule, held, TODAY) == [schedule[1], schedule[0]]


def test_a_session_held_shortly_before_or_after_the_date_counts_as_the_review():
    review = Review(TODAY)
    assert due_reviews([review], [TODAY - timedelta(days=14)], TODAY) == []
    assert due_reviews([review], [TODAY + timedelta(days=1)], TODAY) == []
    assert due_reviews([review], [TODAY - timedelta(days=15)], TODAY) == [review]


def test_the_next_review_is_the_earliest_not_yet_done():
    schedule = [Review(date(2027, 3, 1)), Review(date(2026, 12, 1))]
    assert next_review(schedule, [date(2026, 12, 2)]) == Review(date(2027, 3, 1))
    assert next_review(schedule, [date(2027, 3, 2)]) is None
