"""The district view's tables in words: what the page lists and the downloads hold."""

from __future__ import annotations

import datetime

from test_rollup import info, snap

from sipr_core import Rating, index_ratings
from sipr_core.rollup import Snapshot, rollup
from sipr_core.rollup_tables import (
    comparison_table,
    distribution_table,
    heatmap_table,
    range_text,
    schools_table,
    share_text,
    standings_table,
)
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.targets import TargetSet


def test_sipr_lists_each_dimension_of_the_district_beside_the_schools_in_words(sipr):
    found = rollup(
        sipr,
        index_ratings([Rating("1.1", "implementation", "approaching"), Rating("1.1", "scale", "emerging")]),
        [
            snap(sipr, "Adams", Rating("1.1", "implementation", "acceptable")),
            snap(sipr, "Baker", Rating("1.1", "implementation", "emerging")),
        ],
    )
    table = comparison_table(found)
    assert table.columns == {
        "group": "Strategy",
        "row": "Characteristic",
        "dimension": "Dimension",
        "district": "District",
        "median": "Schools' median",
        "above": "Schools at or above the district",
        "spread": "Schools' spread",
        "rated": "Schools rated",
    }
    assert list(table.lines[0]) == list(table.columns)
    assert table.lines[0] == {
        "group": "System-wide learning",
        "row": "Focused strategies",
        "dimension": "Implementation",
        "district": "Approaching",
        "median": "Approaching",
        "spread": "Emerging to Acceptable (2 levels apart)",
        "above": "1 of 2 (50 %)",
        "rated": 2,
    }
    assert (table.lines[1]["dimension"], table.lines[1]["district"], table.lines[1]["above"]) == (
        "Scale", "Emerging", "—"
    )
    assert table.lines[2]["district"] == "Not rated"
    assert (table.lines[2]["median"], table.lines[2]["spread"], table.lines[2]["above"]) == (
        "—",
        "—",
        "district not rated",
    )


def test_a_one_dimension_table_has_no_group_scale_or_dimension_column(collaboration):
    found = rollup(
        collaboration,
        index_ratings([Rating("vision", D, "developing")]),
        [snap(collaboration, "Adams", Rating("vision", D, "developing")), snap(collaboration, "Baker")],
    )
    table = comparison_table(found)
    assert list(table.columns) == ["row", "district", "median", "above", "spread", "rated"]
    assert table.lines[0] == {
        "row": "Vision & mission",
        "district": "Developing",
        "median": "Developing",
        "spread": "all Developing",
        "above": "1 of 1 (100 %)",
        "rated": 1,
    }


def test_an_even_number_of_schools_can_put_the_median_between_two_levels(collaboration):
    found = rollup(
        collaboration,
        {},
        [
            snap(collaboration, "Adams", Rating("vision", D, "beginning")),
            snap(collaboration, "Baker", Rating("vision", D, "developing")),
        ],
    )
    line = comparison_table(found).lines[0]
    assert (line["median"], line["spread"]) == (
        "between Beginning (Individualistic) and Developing",
        "Beginning (Individualistic) to Developing (1 level apart)",
    )


def test_schools_without_targets_say_so_and_the_others_count_what_they_met(collaboration):
    aims = TargetSet({("vision", D): "evolving", ("policies", D): "developing", ("routines", D): "evolving"})
    found = rollup(
        collaboration,
        {},
        [snap(collaboration, "Adams"), snap(collaboration, "Baker", Rating("vision", D, "beginning"),
                                            Rating("policies", D, "evolving"), targets=aims)],
    )
    table = standings_table(found)
    assert table.text_lines() == [
        {"school": "Baker", "held_on": "2026-10-01", "shortfall": "2", "missed": "1",
         "targets": "1 of 3 met, 1 not rated yet"},
        {"school": "Adams", "held_on": "2026-10-01", "shortfall": "", "missed": "", "targets": "No targets set"},
    ]


def test_the_distribution_table_names_every_level_and_adds_not_in_this_edition_only_when_it_occurs(collaboration):
    found = rollup(collaboration, {}, [snap(collaboration, "Adams", Rating("vision", D, "evolving"))])
    table = distribution_table(found, D)
    assert list(table.columns.values()) == [
        "Element", "Beginning (Individualistic)", "Developing", "Evolving", "Accomplished (Collaborative)",
        "Not rated", "Not applicable",
    ]
    assert table.lines[0] == {
        "row": "Vision & mission", "level:beginning": 0, "level:developing": 0, "level:evolving": 1,
        "level:accomplished": 0, "not_rated": 0, "not_applicable": 0,
    }


def test_the_heatmap_table_has_a_line_per_school_and_a_column_per_row(collaboration):
    found = rollup(collaboration, {}, [snap(collaboration, "Adams", Rating("vision", D, "evolving"),
                                            Rating("policies", D, not_applicable=True))])
    table = heatmap_table(found, D)
    assert list(table.columns)[:3] == ["school", "row:vision", "row:policies"]
    assert table.lines == [
        {"school": "Adams", "row:vision": "Evolving", "row:policies": "Not applicable", "row:routines": "Not rated",
         "row:goal-setting": "Not rated", "row:planning": "Not rated", "row:decisions": "Not rated"}
    ]


def test_the_schools_table_lists_each_session_and_its_history_in_the_dates(collaboration):
    earlier = (info("Adams", datetime.date(2026, 3, 2), n=1),)
    latest = Snapshot(info("Adams", n=2), collaboration, index_ratings([Rating("vision", D, "evolving")]),
                      earlier=earlier)
    table = schools_table(rollup(collaboration, {}, [latest]))
    assert table.columns["rated"] == "Elements rated"
    assert table.lines == [
        {"school": "Adams", "team": "Building team", "held_on": "2026-10-01", "code": latest.info.code,
         "rated": "1 of 6", "earlier": f"02 Mar 2026 ({earlier[0].code})"}
    ]


def test_shares_and_ranges_read_as_sentences():
    assert share_text(7, 12) == "7 of 12 (58 %)"
    assert share_text(0, 0) == "—"
    assert share_text(None, 3) == "district not rated"
    assert range_text(None, None) == "sessions held on any date"
    assert range_text(datetime.date(2026, 9, 1), datetime.date(2027, 6, 30)) == (
        "sessions held from 01 September 2026 to 30 June 2027"
    )
    assert range_text(datetime.date(2026, 9, 1), None) == "sessions held from 01 September 2026"
