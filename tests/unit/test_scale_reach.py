"""SIPR's Scale measured across schools: per Scale criterion of each row, the share of schools whose own
Scale rating meets it, beside the district's own Scale rating and ticks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rollup import snap

from sipr_core import Rating, index_ratings
from sipr_core.rollup import rollup
from sipr_core.rollup_tables import comparison_table, scale_reach_table
from sipr_core.scale_reach import CriterionReach, scale_reach

S, I = "scale", "implementation"


def ticked(row: str, level: str | None, *criteria: int, dimension: str = S) -> Rating:
    return Rating(row, dimension, level, ticked=frozenset(criteria))


def test_each_scale_criterion_counts_the_schools_whose_own_scale_rating_meets_it(sipr):
    criteria = sipr.row("2.1").cells()[S].criteria
    assert criteria is not None and len(criteria) >= 2
    district = index_ratings([ticked("2.1", "emerging", 0)])
    found = rollup(
        sipr,
        district,
        [
            snap(sipr, "Adams", ticked("2.1", "approaching", 0, 1)),
            snap(sipr, "Baker", ticked("2.1", "emerging", 1)),
            snap(sipr, "Cole", ticked("2.1", "acceptable")),  # every criterion holds at Acceptable
            snap(sipr, "Dunn", Rating("2.1", S, not_applicable=True)),
            snap(sipr, "Ever", ticked("2.1", "acceptable", 0, dimension=I)),  # Implementation is not Scale
        ],
    )
    reach = [r for r in scale_reach(found) if r.row_id == "2.1"]
    assert [r.index for r in reach] == list(range(len(criteria)))
    assert reach[0] == CriterionReach("2.1", 0, criteria[0], district_ticked=True, met=2, rated=3)
    assert (reach[1].district_ticked, reach[1].met, reach[1].rated) == (False, 3, 3)


def test_a_continuum_without_scale_has_no_reach(collaboration):
    assert scale_reach(rollup(collaboration, {}, [])) == []


def test_a_school_on_the_earlier_edition_counts_for_the_criteria_worded_the_same(sipr, library):
    earlier = library.get("sipr-earlier-strategies-3-4")
    mine, theirs = sipr.row("4.1").cells()[S].criteria, earlier.row("4.1").cells()[S].criteria
    assert mine and theirs
    shared = [i for i, text in enumerate(mine) if text in theirs]
    differ = [i for i, text in enumerate(mine) if text not in theirs]
    assert shared and differ
    every = range(len(theirs))
    found = rollup(sipr, {}, [snap(sipr, "Adams", ticked("4.1", "approaching", *every), edition=earlier)])
    reach = {r.index: r for r in scale_reach(found) if r.row_id == "4.1"}
    assert all((reach[i].met, reach[i].rated) == (1, 1) for i in shared)
    assert all((reach[i].met, reach[i].rated) == (0, 0) for i in differ)


def test_the_earlier_edition_rolls_up_scale_the_same_way(library):
    earlier = library.get("sipr-earlier-strategies-3-4")
    row = next(r for _, r in earlier.rows())
    found = rollup(earlier, {}, [snap(earlier, "Adams", ticked(row.id, "emerging", 0))])
    first = scale_reach(found)[0]
    assert (first.row_id, first.index, first.met, first.rated) == (row.id, 0, 1, 1)
    assert [line.dimension for line in found.comparison[:2]] == [I, S]


def test_sipr_compares_each_school_s_scale_with_the_district_s_scale(sipr):
    found = rollup(
        sipr,
        index_ratings([Rating("1.1", I, "approaching"), Rating("1.1", S, "emerging")]),
        [
            snap(sipr, "Adams", Rating("1.1", I, "acceptable"), Rating("1.1", S, "not-yet")),
            snap(sipr, "Baker", Rating("1.1", I, "emerging"), Rating("1.1", S, "approaching")),
        ],
    )
    implementation, scale = found.comparison[:2]
    assert (implementation.dimension, implementation.schools.rated, implementation.at_or_above) == (I, 2, 1)
    assert (scale.dimension, scale.schools.low, scale.schools.high, scale.at_or_above) == (S, 1, 3, 1)
    table = comparison_table(found)
    assert [line["dimension"] for line in table.lines[:2]] == ["Implementation", "Scale"]
    assert table.lines[1]["district"] == "Emerging"


def test_the_reach_table_gives_the_district_s_scale_beside_the_share_of_schools_per_criterion(sipr):
    found = rollup(
        sipr,
        index_ratings([ticked("1.1", "acceptable", 0)]),
        [snap(sipr, "Adams", ticked("1.1", "acceptable", 0)), snap(sipr, "Baker", ticked("1.1", "not-yet"))],
    )
    table = scale_reach_table(found)
    assert table.columns == {
        "group": "Strategy",
        "row": "Characteristic",
        "schools": "Schools whose own Scale meets it",
        "district": "District: Scale",
        "district_ticked": "District says it holds",
        "criterion": "Acceptable Scale criterion",
    }
    assert table.lines[0] == {
        "group": "System-wide learning",
        "row": "Focused strategies",
        "district": "Acceptable",
        "criterion": sipr.row("1.1").cells()[S].criteria[0],
        "district_ticked": "yes",
        "schools": "1 of 2 (50 %)",
    }
    assert list(table.lines[0]) == list(table.columns)
    assert (table.lines[1]["district"], table.lines[1]["district_ticked"], table.lines[1]["schools"]) == (
        "Not rated", "—", "—"
    )


levels = st.sampled_from([None, "not-yet", "emerging", "approaching", "acceptable", "n/a"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(levels, st.sets(st.integers(0, 2), max_size=3)), max_size=8))
def test_scale_reach_counts_only_rated_schools_and_never_more_than_those(sipr, schools):
    row = "2.1"
    total = len(sipr.row(row).cells()[S].criteria or [])
    snapshots = []
    for n, (level, marks) in enumerate(schools):
        rating = (
            Rating(row, S, not_applicable=True) if level == "n/a" else ticked(row, level, *(m for m in marks if m < total))
        )
        snapshots.append(snap(sipr, f"School {n}", rating))
    reach = [r for r in scale_reach(rollup(sipr, {}, snapshots)) if r.row_id == row]
    rated = sum(1 for level, _ in schools if level not in (None, "n/a"))
    for r in reach:
        assert r.rated == rated
        top = sum(1 for level, _ in schools if level == "acceptable")
        tick = sum(1 for level, marks in schools if level not in (None, "n/a", "acceptable") and r.index in marks)
        assert r.met == top + tick
        assert 0 <= r.met <= r.rated


@settings(max_examples=40, deadline=None)
@given(st.permutations(["not-yet", "emerging", "approaching", "acceptable", None]))
def test_scale_reach_does_not_depend_on_the_order_of_the_schools(sipr, order):
    snapshots = [snap(sipr, f"School {n}", ticked("2.1", level, n % 2)) for n, level in enumerate(order)]
    forward = scale_reach(rollup(sipr, {}, snapshots))
    backward = scale_reach(rollup(sipr, {}, list(reversed(snapshots))))
    assert forward == backward
