"""The Leadership System's "Not started": a row discussed and found below Getting Started is a rating on the
scale (position 0, inside the radar's first ring), never the same as a row nobody rated."""

import pytest
from session_support import session_info, session_of

from sipr_core import InputError, Rating, Status, index_ratings, next_step, score
from sipr_core.charts import radar_data
from sipr_core.rollup import Mark, Snapshot, State, rollup
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.session import Entry, check_level
from sipr_core.tables import NOT_RATED, level_text, ratings_table

NOT_STARTED = "not-started"


def test_the_leadership_system_has_a_not_started_floor_below_its_first_level(leadership):
    assert leadership.floor is not None
    assert (leadership.floor.id, leadership.floor.name) == (NOT_STARTED, "Not started")
    assert leadership.position(NOT_STARTED) == 0
    assert leadership.position("getting-started") == 1
    assert leadership.level(NOT_STARTED).name == "Not started"
    assert leadership.level_ids() == ["getting-started", "getting-better", "keep-improving"]
    assert leadership.scale_ids() == [NOT_STARTED, "getting-started", "getting-better", "keep-improving"]


def test_a_continuum_without_a_floor_refuses_not_started(collaboration, leadership):
    assert collaboration.floor is None
    assert collaboration.scale_ids() == collaboration.level_ids()
    check_level(leadership, NOT_STARTED)
    with pytest.raises(InputError) as caught:
        check_level(collaboration, NOT_STARTED)
    assert str(caught.value) == "No such level: not-started (levels: beginning, developing, evolving, accomplished)"


def test_not_started_counts_as_rated_at_position_zero_in_the_mean(leadership):
    ratings = index_ratings([Rating("1", D, NOT_STARTED), Rating("2", D, "keep-improving")])
    assert ratings[("1", D)].status is Status.RATED
    identity = score(leadership, ratings).groups["identity"][D]
    assert (identity.rated, identity.not_rated, identity.mean_level) == (2, 0, 1.5)


def test_the_radar_draws_not_started_at_the_centre_and_leaves_an_unrated_row_out(leadership):
    data = radar_data(leadership, index_ratings([Rating("1", D, NOT_STARTED)]), group_id="identity")
    assert data.series == {"Rating": [0.0, None]}


def test_the_table_names_not_started_apart_from_not_rated(leadership):
    assert level_text(leadership, Rating("1", D, NOT_STARTED)) == "Not started"
    assert level_text(leadership, Rating("2", D)) == NOT_RATED
    table = ratings_table(session_of(leadership, Entry(Rating("1", D, NOT_STARTED))), "identity")
    assert [line[f"level:{D}"] for line in table.lines] == ["Not started", NOT_RATED]


def test_the_next_step_from_not_started_is_getting_started(leadership):
    cell = leadership.row("1").cells()[D]
    step = next_step(leadership, cell, Rating("1", D, NOT_STARTED))
    assert step is not None and step.level.id == "getting-started"


def test_the_district_view_counts_schools_not_started_apart_from_schools_not_rated(leadership):
    schools = [
        Snapshot(session_info(leadership, id="n", code="N", school="North"), leadership,
                 index_ratings([Rating("1", D, NOT_STARTED)])),
        Snapshot(session_info(leadership, id="s", code="S", school="South"), leadership, {}),
    ]
    found = rollup(leadership, {}, schools)
    assert [line[0] for line in found.marks[D]] == [Mark(State.RATED, 0), Mark(State.NOT_RATED)]
    first = found.distributions[D][0]
    assert first.counts[NOT_STARTED] == 1 and first.not_rated == 1
    assert list(first.counts) == [NOT_STARTED, "getting-started", "getting-better", "keep-improving"]


def test_the_radar_names_not_started_at_its_centre_and_the_bars_name_it_beside_the_axis(leadership):
    import plotly.graph_objects as go

    from sipr_core.charts import radar_spec

    ratings = index_ratings([Rating("1", D, NOT_STARTED)])
    whole = radar_spec(leadership, ratings, previous=None)
    go.Figure(whole)
    axis = whole["layout"]["polar"]["radialaxis"]
    assert axis["tickvals"] == [0, 1, 2, 3]
    assert axis["ticktext"] == ["Not started", "Getting Started", "Getting Better", "Keep Improving"]
    bars = radar_spec(leadership, ratings, previous=None, group_id="identity")
    go.Figure(bars)
    (trace,) = [t for t in bars["data"] if t["type"] == "bar"]
    assert trace["x"] == [0.0, None]
    assert trace["text"] == ["Not started", ""]
    assert bars["layout"]["xaxis"]["tickvals"][0] == 0


def test_a_mean_between_not_started_and_getting_started_is_named_so(leadership):
    from sipr_core.tables import level_between

    assert level_between(leadership, 0.5) == "between Not started and Getting Started"
    assert level_between(leadership, 0.0) == "Not started"
    assert level_between(leadership, 1.0) == "Getting Started"
