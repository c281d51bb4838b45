"""The chart specs are plain data: plotly must accept every one of them as valid."""

import plotly.graph_objects as go
import pytest

from sipr_core.charts import PHONE, ROOM, radar, radar_data, radar_spec, size_for
from sipr_core.scoring import Rating, index_ratings

RUBRICS = ["micip-collaboration", "micip-maintaining-balance", "sipr-practice-profile", "sipr-earlier-strategies-3-4", "leadership-system"]


def some_ratings(rubric):
    """Every other cell rated, on a level that cycles through the scale."""
    levels = rubric.level_ids()
    cells = [(row.id, d) for _, row in rubric.rows() for d in rubric.dimension_ids()]
    return index_ratings(Rating(r, d, levels[i % len(levels)]) for i, (r, d) in enumerate(cells) if i % 2 == 0)


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_every_chart_spec_is_a_valid_plotly_figure(library, rubric_id):
    rubric = library.get(rubric_id)
    ratings = some_ratings(rubric)
    go.Figure(radar_spec(rubric, ratings, previous=ratings))  # validates; raises on any bad property
    for group in rubric.groups:
        go.Figure(radar_spec(rubric, ratings, previous=None, group_id=group.id, title=group.short))


def test_a_short_continuum_has_one_axis_per_row(collaboration):
    data = radar_data(collaboration, index_ratings([Rating("routines", "rating", "evolving")]))
    assert data.by == "row"
    assert data.axes == ["Vision & mission", "Policies & structures", "Routines", "Goal-setting", "Planning", "Decisions"]
    assert data.series == {"Rating": [None, None, 3.0, None, None, None]}


def test_a_long_continuum_has_one_axis_per_group_with_its_mean(leadership):
    ratings = index_ratings([Rating("1", "rating", "keep-improving"), Rating("2", "rating", "getting-started")])
    data = radar_data(leadership, ratings)
    assert data.by == "group"
    assert len(data.axes) == 6
    assert data.series["Rating"][0] == 2.0
    assert data.series["Rating"][1:] == [None] * 5


def test_sipr_draws_implementation_and_scale_as_two_traces(sipr):
    figure = radar(sipr, index_ratings([Rating("1.1", "implementation", "acceptable")]))
    assert [trace.name for trace in figure.data] == ["Implementation", "Scale"]


def test_the_previous_session_is_a_faint_dotted_trace_drawn_first(collaboration):
    now = index_ratings([Rating("vision", "rating", "evolving")])
    before = index_ratings([Rating("vision", "rating", "beginning")])
    figure = radar(collaboration, now, previous=before)
    first, last = figure.data
    assert first.name == "Rating, previous session" and first.line.dash == "dot"
    assert (first.r[0], last.r[0]) == (1.0, 3.0)


def test_a_group_of_two_rows_is_drawn_as_bars(leadership):
    figure = radar(leadership, {}, group_id="identity")
    assert [trace.type for trace in figure.data] == ["bar"]


def test_targets_draw_a_dashed_target_trace_per_dimension(sipr):
    from sipr_core.targets import TargetSet

    targets = TargetSet(rows={("1.1", "implementation"): "acceptable"}, groups={("strategy-2", "scale"): "emerging"})
    spec = radar_spec(sipr, {}, targets=targets)
    go.Figure(spec)
    named = {t["name"]: t for t in spec["data"]}
    # a long continuum's radar has one axis per group, so only group targets show there
    assert set(named) == {"Scale target", "Implementation", "Scale"}
    assert named["Scale target"]["r"][:4] == [None, 2.0, None, None]
    assert named["Scale target"]["line"]["dash"] == "dash"
    assert spec["layout"]["showlegend"] is True
    one_group = radar_spec(sipr, {}, group_id="strategy-1", targets=targets)
    names = [t["name"] for t in one_group["data"]]
    assert names == ["Implementation target", "Implementation", "Scale"]
    assert one_group["data"][0]["r"][:2] == [4.0, None]


def test_a_bar_chart_shows_targets_as_marks(collaboration):
    from sipr_core.targets import TargetSet

    two_rows = collaboration.model_copy(
        update={"groups": [collaboration.groups[0].model_copy(update={"rows": collaboration.groups[0].rows[:2]})]}
    )
    spec = radar_spec(two_rows, {}, targets=TargetSet(rows={("vision", "rating"): "evolving"}))
    go.Figure(spec)
    marks = [t for t in spec["data"] if t["name"] == "Rating target"]
    assert len(marks) == 1 and marks[0]["x"][0] == 3.0


def test_the_earlier_trace_can_be_named_for_the_progress_page(collaboration):
    ratings = some_ratings(collaboration)
    spec = radar_spec(collaboration, ratings, previous=ratings, previous_name="baseline 2025-11-01")
    assert spec["data"][0]["name"] == "Rating, baseline 2025-11-01"


def test_a_phone_gets_the_phones_chart_size_and_every_other_browser_the_rooms():
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
    desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    assert size_for(iphone) is PHONE and size_for(android) is PHONE
    assert size_for(desktop) is ROOM and size_for("") is ROOM


def test_the_phones_radar_leaves_its_circle_most_of_a_390_px_screen(collaboration):
    layout = radar_spec(collaboration, {}, size=PHONE)["layout"]
    room = radar_spec(collaboration, {})["layout"]
    assert 390 - layout["margin"]["l"] - layout["margin"]["r"] >= 0.6 * 390
    assert room["font"]["size"] == 18 and layout["font"]["size"] < 18
    go.Figure(radar_spec(collaboration, {}, size=PHONE))  # validates
