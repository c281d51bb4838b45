"""The district view's charts are plain plotly specs: valid, colour-blind safe, readable on a projector."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from test_rollup import snap, without_row

from sipr_core import Rating
from sipr_core.charts import FONT
from sipr_core.rollup import rollup
from sipr_core.rollup_charts import distribution_spec, heatmap_spec, level_colours
from sipr_core.rubric import DEFAULT_DIMENSION as D

RUBRICS = ["micip-collaboration", "micip-maintaining-balance", "sipr-practice-profile", "leadership-system"]


def some_schools(rubric, count=5):
    """Schools rating every other cell, on levels that cycle; the last one not applicable on its first row."""
    levels, dimensions = rubric.level_ids(), rubric.dimension_ids()
    cells = [(row.id, d) for _, row in rubric.rows() for d in dimensions]
    found = []
    for n in range(count):
        ratings = [Rating(r, d, levels[(n + i) % len(levels)]) for i, (r, d) in enumerate(cells) if (n + i) % 2]
        if n == count - 1:
            ratings.append(Rating(cells[0][0], cells[0][1], not_applicable=True))
        found.append(snap(rubric, f"School {n}", *ratings))
    return found


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_every_spec_is_a_valid_plotly_figure_on_every_dimension_and_group(library, rubric_id):
    rubric = library.get(rubric_id)
    found = rollup(rubric, {}, some_schools(rubric))
    for dimension in rubric.dimension_ids():
        for group in [None, *(g.id for g in rubric.groups)]:
            go.Figure(heatmap_spec(found, dimension, group))  # validates: raises on any bad property
            go.Figure(distribution_spec(found, dimension, group))


def test_an_empty_roll_up_still_draws(collaboration):
    found = rollup(collaboration, {}, [])
    go.Figure(heatmap_spec(found, D))
    go.Figure(distribution_spec(found, D))


def test_heatmap_cells_carry_the_level_number_or_a_mark_and_the_z_value_of_their_state(collaboration):
    older = without_row(collaboration, "routines")
    found = rollup(
        collaboration,
        {},
        [
            snap(collaboration, "Adams", Rating("vision", D, "evolving"), Rating("policies", D, not_applicable=True)),
            snap(collaboration, "Baker", edition=older),
        ],
    )
    (trace,) = heatmap_spec(found, D)["data"]
    assert trace["y"] == ["Adams", "Baker"]
    assert trace["x"] == ["vision", "policies", "routines", "goal-setting", "planning", "decisions"]
    assert trace["text"][0][:3] == ["3", "n/a", "–"]
    assert trace["z"][0][:3] == [3, -2, -1]  # below 0, the position of a floor ("Not started")
    assert trace["text"][1][2] == "×" and trace["z"][1][2] == -3
    assert trace["customdata"][0][0] == "Adams<br>Vision & mission: Evolving"


def test_the_colour_bar_names_every_level_and_every_state(collaboration):
    (trace,) = heatmap_spec(rollup(collaboration, {}, []), D)["data"]
    assert trace["colorbar"]["ticktext"] == [
        "Not in this edition",
        "Not applicable",
        "Not rated",
        "1 Beginning (Individualistic)",
        "2 Developing",
        "3 Evolving",
        "4 Accomplished (Collaborative)",
    ]
    assert trace["colorbar"]["tickvals"] == [-3, -2, -1, 1, 2, 3, 4]


def test_levels_take_viridis_colours_that_grow_lighter_with_the_level():
    colours = level_colours(4)
    assert colours == ("#440154", "#31688E", "#35B779", "#FDE725")

    def lightness(colour):
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * red + 0.587 * green + 0.114 * blue

    for count in (2, 3, 4, 5):
        shades = [lightness(c) for c in level_colours(count)]
        assert shades == sorted(shades)  # the order survives a black-and-white printer


def test_school_names_are_shown_as_typed_never_as_markup(collaboration):
    found = rollup(collaboration, {}, [snap(collaboration, "<b>Adams</b> & Co")])
    (trace,) = heatmap_spec(found, D)["data"]
    assert trace["y"] == ["&lt;b&gt;Adams&lt;/b&gt; & Co"]  # a bare "&" starts no entity: plotly shows it


def test_labels_are_large_enough_for_a_projector_and_the_chart_grows_with_the_schools(sipr):
    small = heatmap_spec(rollup(sipr, {}, some_schools(sipr, 10)), "implementation")
    large = heatmap_spec(rollup(sipr, {}, some_schools(sipr, 60)), "implementation")
    assert small["layout"]["yaxis"]["tickfont"]["size"] >= FONT >= 18
    assert large["layout"]["height"] - small["layout"]["height"] == 38 * 50


def test_the_distribution_stacks_levels_lowest_first_then_the_schools_without_a_level(collaboration):
    found = rollup(
        collaboration,
        {},
        [snap(collaboration, "Adams", Rating("vision", D, "evolving")), snap(collaboration, "Baker")],
    )
    spec = distribution_spec(found, D)
    assert [t["name"] for t in spec["data"]] == [
        "1 Beginning (Individualistic)",
        "2 Developing",
        "3 Evolving",
        "4 Accomplished (Collaborative)",
        "Not rated",
        "Not applicable",
    ]
    evolving, not_rated = spec["data"][2], spec["data"][4]
    assert (evolving["x"][0], not_rated["x"][0]) == (1, 1)
    assert evolving["text"][0] == "1" and spec["data"][0]["text"][0] == ""  # no "0" drawn on an empty bar
    assert spec["layout"]["barmode"] == "stack"


def test_the_leadership_heatmap_has_not_started_at_0_apart_from_not_rated(leadership):
    found = rollup(leadership, {}, [snap(leadership, "Adams", Rating("1", D, "not-started"))])
    (trace,) = heatmap_spec(found, D)["data"]
    assert trace["z"][0][:2] == [0, -1]
    assert trace["text"][0][:2] == ["0", "–"]
    assert trace["colorbar"]["tickvals"] == [-3, -2, -1, 0, 1, 2, 3]
    assert trace["colorbar"]["ticktext"][3:5] == ["0 Not started", "1 Getting Started"]
    assert len({colour for _, colour in trace["colorscale"]}) == 7
