"""Every chart's text alternative carries the chart's values (WCAG 1.1.1): levels per row, votes per level."""

from __future__ import annotations

import datetime

from test_progress import session
from test_rollup import snap

from sipr_core import (
    Rating,
    TargetSet,
    dots_summary,
    dots_table,
    heatmap_table,
    radar_summary,
    radar_table,
    rollup_summary,
    trend_summary,
    trend_table,
    votes_per_level,
)
from sipr_core.charts import radar_data
from sipr_core.progress import trend
from sipr_core.rollup import rollup
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.scoring import index_ratings

LEVELS = ["Beginning", "Developing", "Evolving", "Accomplished"]


def test_the_radar_table_names_the_level_of_every_row_its_previous_level_and_its_target(collaboration):
    now = index_ratings([Rating("vision", D, "evolving"), Rating("policies", D, None, not_applicable=True)])
    before = index_ratings([Rating("vision", D, "beginning")])
    table = radar_table(
        collaboration,
        now,
        before,
        targets=TargetSet(rows={("vision", D): "accomplished"}),
        previous_name="baseline",
    )
    assert list(table.columns.values()) == ["Element", "Level", "baseline", "Target"]
    by_row = {line["axis"]: list(line.values())[1:] for line in table.lines}
    vision, policies = (r.title for r in collaboration.groups[0].rows[:2])
    assert by_row[vision] == ["Evolving", "Beginning (Individualistic)", "Accomplished (Collaborative)"]
    assert by_row[policies] == ["Not applicable", "Not rated", "Not rated"]
    assert len(table.lines) == len(radar_data(collaboration, now).axes)


def test_a_mean_level_is_said_with_the_levels_it_lies_between(sipr):
    group = sipr.groups[0]
    first, second = group.rows[0].id, group.rows[1].id
    dimension = sipr.dimension_ids()[0]
    ratings = index_ratings(
        [Rating(first, dimension, sipr.levels[0].id), Rating(second, dimension, sipr.levels[1].id)]
    )
    table = radar_table(sipr, ratings)
    line = next(line for line in table.lines if line["axis"] == group.title)
    said = [v for k, v in line.items() if k != "axis" and v != "Not rated"]
    assert said and said[0].startswith("1.5 (between ")


def test_the_radar_summary_says_the_chart_kind_how_many_rows_are_rated_and_where_the_table_is(collaboration):
    rated = index_ratings([Rating("vision", D, "evolving")])
    said = radar_summary(collaboration, rated)
    assert said.startswith("Radar chart of the level of each of 6 elements: 1 of 6 rated.")
    assert "The chart as a table" in said


def test_the_dot_chart_says_the_votes_per_level_and_the_median():
    assert votes_per_level(LEVELS, [1, 2, 2, 4]) == {
        "Beginning": 1,
        "Developing": 2,
        "Evolving": 0,
        "Accomplished": 1,
    }
    assert (
        dots_summary(LEVELS, [1, 2, 2, 4], 2.0)
        == "4 votes: Beginning 1, Developing 2, Accomplished 1. Median: Developing."
    )
    assert (
        dots_summary(LEVELS, [2, 3], 2.5)
        == "2 votes: Developing 1, Evolving 1. Median: 2.5 (between Developing and Evolving)."
    )
    table = dots_table(LEVELS, [3, 1, 3], ["Group A", "Group B", "Group C"])
    assert table.lines[2] == {"level": "Evolving", "votes": 2, "who": "Group A, Group C"}
    assert sum(line["votes"] for line in table.lines) == 3


def test_the_trend_table_has_a_line_per_session_date_and_a_column_per_line_of_the_chart(collaboration):
    found = trend(
        [
            session(collaboration, datetime.date(2025, 11, 1), {"vision": "beginning"}),
            session(
                collaboration,
                datetime.date(2026, 11, 1),
                {"vision": "evolving", "policies": "evolving"},
                code="BBB-BBB-BBB",
            ),
        ]
    )
    rows = trend_table(found, D, collaboration.groups[0].title)
    vision = collaboration.groups[0].rows[0].short  # the chart's legend names rows by their short titles
    column = next(k for k, title in rows.columns.items() if title == vision)
    assert [line["date"] for line in rows.lines] == ["2025-11-01", "2026-11-01"]
    assert [line[column] for line in rows.lines] == [found.levels[0], found.levels[2]]
    assert trend_summary(found, D, collaboration.groups[0].title).startswith(
        "Line chart of the levels of 6 lines over 2"
    )


def test_the_heatmap_table_names_each_schools_level_or_why_there_is_none(collaboration):
    found = rollup(
        collaboration,
        {},
        [
            snap(
                collaboration,
                "Adams",
                Rating("vision", D, "evolving"),
                Rating("policies", D, not_applicable=True),
            ),
            snap(collaboration, "Baker", Rating("vision", D, "beginning")),
        ],
    )
    table = heatmap_table(found, D)
    assert [line["school"] for line in table.lines] == ["Adams", "Baker"]
    assert table.lines[0]["vision"] == "Evolving"
    assert table.lines[0]["policies"] != table.lines[0]["routines"]  # not applicable is not "Not rated"
    assert rollup_summary(found, "heatmap").startswith("Heatmap of the level of each element at 2 schools.")


def test_a_row_found_not_started_is_named_so_in_the_radar_table_not_as_a_mean(leadership):
    group = leadership.groups[0]
    first, second = group.rows[:2]
    ratings = index_ratings([Rating(first.id, D, "not-started"), Rating(second.id, D, "getting-better")])
    table = radar_table(leadership, ratings, group_id=group.id)
    by_row = {line["axis"]: list(line.values())[1] for line in table.lines}
    assert [by_row[first.title], by_row[second.title]] == ["Not started", "Getting Better"]
