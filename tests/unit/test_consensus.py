import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import VoteError, consensus

LEVELS = ["beginning", "developing", "evolving", "accomplished"]
choices = st.lists(st.one_of(st.none(), st.sampled_from(LEVELS)), max_size=60)


def test_consensus_counts_every_level_in_scale_order():
    result = consensus(LEVELS, ["evolving", "beginning", "evolving"])
    assert list(result.counts) == LEVELS
    assert result.counts == {"beginning": 1, "developing": 0, "evolving": 2, "accomplished": 0}


def test_consensus_ignores_abstentions():
    result = consensus(LEVELS, [None, "developing", None, "developing"])
    assert result.votes == 2
    assert result.abstentions == 2
    assert result.median == "developing"
    assert result.spread == 0


def test_consensus_of_no_votes_has_no_median_or_spread():
    result = consensus(LEVELS, [None, None])
    assert (result.votes, result.median, result.spread, result.modes, result.discuss) == (0, None, None, (), False)


def test_an_even_number_of_votes_has_its_median_midway_between_the_middle_two():
    result = consensus(LEVELS, ["beginning", "developing", "evolving", "accomplished"])
    assert (result.median, result.median_upper, result.median_position) == ("developing", "evolving", 2.5)
    assert result.median_words(str.title) == "between Developing and Evolving"
    two = consensus(LEVELS, ["beginning", "evolving"])  # midway is a level that nobody chose
    assert (two.median, two.median_upper, two.median_position) == ("developing", "developing", 2.0)
    assert two.median_words(str.title) == "Developing"


@given(choices)
def test_the_median_in_words_is_where_the_chart_draws_it(votes):
    result = consensus(LEVELS, votes)
    if result.median is None:
        assert result.median_words(str.title) == ""
        return
    low, high = LEVELS.index(result.median), LEVELS.index(result.median_upper)
    assert high - low in (0, 1)
    assert result.median_position == (low + high) / 2 + 1
    words = result.median_words(str.title)
    assert words == (result.median.title() if low == high else f"between {result.median.title()} and {result.median_upper.title()}")


def test_votes_two_levels_apart_flag_the_row_for_discussion():
    assert consensus(LEVELS, ["beginning", "evolving"]).discuss
    assert not consensus(LEVELS, ["beginning", "developing", "developing"]).discuss


def test_tied_modes_are_all_reported_lowest_first():
    result = consensus(LEVELS, ["accomplished", "beginning", "accomplished", "beginning", "evolving"])
    assert result.modes == ("beginning", "accomplished")
    assert result.mode_share == pytest.approx(2 / 5)


def test_vote_for_unknown_level_names_it_and_the_scale():
    with pytest.raises(VoteError) as error:
        consensus(LEVELS, ["developing", "expert"])
    assert str(error.value) == "No such level: expert (levels: beginning, developing, evolving, accomplished)"


@given(choices, st.randoms(use_true_random=False))
def test_consensus_does_not_depend_on_vote_order(votes, random):
    shuffled = list(votes)
    random.shuffle(shuffled)
    assert consensus(LEVELS, votes) == consensus(LEVELS, shuffled)


@given(choices)
def test_counts_add_up_to_votes_and_abstentions(votes):
    result = consensus(LEVELS, votes)
    assert sum(result.counts.values()) == result.votes
    assert result.votes + result.abstentions == len(votes)


@given(choices)
def test_median_and_modes_lie_within_the_votes_cast(votes):
    result = consensus(LEVELS, votes)
    cast = [v for v in votes if v is not None]
    if not cast:
        return
    positions = sorted(LEVELS.index(v) for v in cast)
    assert positions[0] <= LEVELS.index(result.median) <= positions[-1]
    assert result.spread == positions[-1] - positions[0]
    assert all(result.counts[m] == max(result.counts.values()) for m in result.modes)
    at_or_below = sum(1 for p in positions if p <= LEVELS.index(result.median))
    assert at_or_below * 2 >= len(positions)


@given(choices)
def test_adding_an_abstention_changes_nothing_but_the_abstention_count(votes):
    before, after = consensus(LEVELS, votes), consensus(LEVELS, [*votes, None])
    assert after.abstentions == before.abstentions + 1
    assert (after.counts, after.median, after.modes, after.spread) == (
        before.counts,
        before.median,
        before.modes,
        before.spread,
    )
