"""Progress of a series: levels over time per row and group, and what moved between two sessions."""

from datetime import date

import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from sipr_core.progress import Direction, counts, trend, what_moved
from sipr_core.scoring import Rating
from sipr_core.session import Entry, Session, SessionInfo
from sipr_core.trend_charts import trend_spec


def session(rubric, held_on, levels, evidence=None, code="AAA-AAA-AAA"):
    """A session of the series holding ``levels`` ({row id: level or "n/a"}) on the only dimension."""
    info = SessionInfo("id-" + code, code, "Riverside", "Lincoln", "CI team", held_on, rubric.id,
                       rubric.fingerprint(), "Ana", "series", "2026-01-01T00:00:00")
    entries = {}
    for row_id, level in levels.items():
        dimension = rubric.dimension_ids()[0]
        rating = Rating(row_id, dimension, None, not_applicable=True) if level == "n/a" else Rating(row_id, dimension, level)
        entries[(row_id, dimension)] = Entry(rating, evidence=(evidence or {}).get(row_id, ""))
    return Session(info, rubric, entries)


def without_row(rubric, row_id):
    """Another edition of the continuum with one row removed."""
    groups = [g.model_copy(update={"rows": [r for r in g.rows if r.id != row_id]}) for g in rubric.groups]
    return rubric.model_copy(update={"groups": groups})


def test_trend_has_one_point_per_session_for_every_row_and_group(collaboration):
    first = session(collaboration, date(2025, 11, 1), {"vision": "beginning", "routines": "developing"})
    second = session(collaboration, date(2026, 11, 1), {"vision": "evolving", "routines": "n/a"}, code="BBB-BBB-BBB")
    found = trend([first, second])
    assert found.dates == [date(2025, 11, 1), date(2026, 11, 1)]
    by_row = {r.row_id: r.points for r in found.rows}
    assert by_row["vision"] == [1.0, 3.0]
    assert by_row["routines"] == [2.0, None]  # not applicable is no point, not the lowest level
    assert by_row["planning"] == [None, None]
    assert [g.means for g in found.groups] == [[1.5, 3.0]]


def test_rows_removed_in_a_later_edition_come_last_and_are_marked(collaboration):
    older = session(collaboration, date(2025, 1, 1), {"vision": "developing", "planning": "evolving"})
    newer_rubric = without_row(collaboration, "planning")
    newer = session(newer_rubric, date(2026, 1, 1), {"vision": "evolving"}, code="BBB-BBB-BBB")
    found = trend([older, newer])
    assert [r.row_id for r in found.rows][-1] == "planning"
    planning = found.rows[-1]
    assert planning.in_latest is False and planning.points == [3.0, None]


def test_rows_added_in_a_later_edition_have_no_earlier_points(collaboration):
    older = session(without_row(collaboration, "decisions"), date(2025, 1, 1), {"vision": "developing"})
    newer = session(collaboration, date(2026, 1, 1), {"decisions": "evolving"}, code="BBB-BBB-BBB")
    decisions = next(r for r in trend([older, newer]).rows if r.row_id == "decisions")
    assert decisions.points == [None, 3.0] and decisions.in_latest


def test_what_moved_sorts_up_then_down_then_stayed_with_the_evidence(collaboration):
    before = session(collaboration, date(2025, 1, 1),
                     {"vision": "beginning", "policies": "evolving", "routines": "developing", "goal-setting": "developing"},
                     evidence={"vision": "No shared vision yet."})
    after = session(collaboration, date(2026, 1, 1),
                    {"vision": "evolving", "policies": "developing", "routines": "developing", "planning": "evolving"},
                    evidence={"vision": "Vision co-written with staff in March."}, code="BBB-BBB-BBB")
    moves = what_moved(before, after)
    assert [(m.row_id, m.direction, m.change) for m in moves] == [
        ("vision", Direction.UP, 2),
        ("policies", Direction.DOWN, -1),
        ("routines", Direction.SAME, 0),
        ("planning", Direction.NEWLY_RATED, None),
        ("goal-setting", Direction.NOT_RATED, None),
    ]
    assert moves[0].before == "Beginning (Individualistic)" and moves[0].after == "Evolving"
    assert moves[0].evidence_before == "No shared vision yet."
    assert moves[0].evidence_after == "Vision co-written with staff in March."
    assert counts(moves)[Direction.UP] == 1 and sum(counts(moves).values()) == 5


def test_what_moved_names_rows_added_or_removed_between_editions(collaboration):
    before = session(collaboration, date(2025, 1, 1), {"planning": "evolving"})
    after = session(without_row(collaboration, "planning"), date(2026, 1, 1), {"vision": "evolving"}, code="BBB-BBB-BBB")
    directions = {m.row_id: m.direction for m in what_moved(before, after)}
    assert directions == {"vision": Direction.NEWLY_RATED, "planning": Direction.REMOVED}


LEVELS = ["beginning", "developing", "evolving", "accomplished"]
ROWS = ["vision", "policies", "routines", "goal-setting", "planning", "decisions"]


@given(st.dictionaries(st.sampled_from(ROWS), st.sampled_from(LEVELS)),
       st.dictionaries(st.sampled_from(ROWS), st.sampled_from(LEVELS)))
def test_the_changes_of_rows_rated_in_both_sessions_sum_to_the_change_in_total_level(collaboration, old, new):
    before = session(collaboration, date(2025, 1, 1), old)
    after = session(collaboration, date(2026, 1, 1), new, code="BBB-BBB-BBB")
    moves = what_moved(before, after)
    both = [r for r in ROWS if r in old and r in new]
    assert sum(m.change or 0 for m in moves) == sum(LEVELS.index(new[r]) - LEVELS.index(old[r]) for r in both)
    assert len(moves) == len(set(old) | set(new))


def test_trend_charts_are_valid_plotly_figures_with_a_line_per_group_or_row(sipr, collaboration):
    found = trend([session(collaboration, date(2025, 1, 1), {"vision": "beginning"}),
                   session(collaboration, date(2025, 1, 1), {"vision": "evolving"}, code="BBB-BBB-BBB")])
    spec = trend_spec(found, "rating")
    go.Figure(spec)
    assert [t["name"] for t in spec["data"]] == ["Culture"]
    assert spec["data"][0]["x"] == ["2025-01-01", "2025-01-01 (2)"]
    rows = trend_spec(found, "rating", group_title=collaboration.groups[0].title)
    go.Figure(rows)
    assert len(rows["data"]) == 6
