
import pytest
from session_support import session_of

from sipr_core import Rating, index_ratings
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.session import Entry
from sipr_core.tables import (
    NOT_APPLICABLE,
    NOT_RATED,
    comparable,
    level_between,
    level_text,
    mean_levels,
    plural,
    ratings_table,
)


def test_a_short_continuum_lists_every_row_once_without_group_or_dimension_columns(collaboration):
    session = session_of(
        collaboration,
        Entry(Rating("vision", D, "evolving"), evidence="Survey of staff", next_steps="Share the results"),
        Entry(Rating("routines", D, not_applicable=True)),
    )
    table = ratings_table(session)
    assert table.columns == {
        "row": "Element", f"level:{D}": "Level", "evidence": "Evidence", "next_steps": "Next steps",
        "title": "In full",
    }
    assert [line["row"] for line in table.lines] == [row.short for _, row in collaboration.rows()]
    assert table.lines[0] == {
        "row": "Vision & mission", f"level:{D}": "Evolving", "evidence": "Survey of staff",
        "next_steps": "Share the results", "title": "Vision, mission, and beliefs",
    }
    assert [line[f"level:{D}"] for line in table.lines[1:3]] == [NOT_RATED, NOT_APPLICABLE]


def test_sipr_gets_a_group_column_and_a_level_column_per_dimension(sipr):
    session = session_of(
        sipr,
        Entry(Rating("1.1", "implementation", "acceptable"), evidence="Walkthroughs"),
        Entry(Rating("1.1", "scale", "emerging"), evidence="Two schools of nine"),
    )
    table = ratings_table(session)
    assert list(table.columns) == [
        "group", "row", "level:implementation", "level:scale", "evidence", "next_steps", "title",
    ]
    assert (table.columns["group"], table.columns["row"]) == ("Strategy", "Characteristic")
    assert table.columns["level:implementation"] == "Implementation"
    assert table.columns["level:scale"] == "Scale"
    assert len(table.lines) == sipr.row_count()
    first = table.lines[0]
    assert (first["group"], first["row"]) == ("System-wide learning", "Focused strategies")
    assert (first["level:implementation"], first["level:scale"]) == ("Acceptable", "Emerging")
    assert first["evidence"] == "Implementation: Walkthroughs\nScale: Two schools of nine"
    assert table.lines[1]["level:scale"] == NOT_RATED


def test_the_same_text_on_every_dimension_is_shown_once(sipr):
    session = session_of(
        sipr,
        Entry(Rating("1.1", "implementation", "acceptable"), next_steps="Train principals"),
        Entry(Rating("1.1", "scale", "emerging"), next_steps="Train principals"),
    )
    assert ratings_table(session).lines[0]["next_steps"] == "Train principals"


def test_text_on_one_dimension_only_names_that_dimension(sipr):
    session = session_of(sipr, Entry(Rating("1.1", "scale", "emerging"), evidence="Two schools of nine"))
    assert ratings_table(session).lines[0]["evidence"] == "Scale: Two schools of nine"


def test_evidence_is_kept_as_typed_even_when_it_looks_like_html(collaboration):
    text = '<script>alert("hi")</script> <b>bold</b> **not bold**'
    session = session_of(collaboration, Entry(Rating("vision", D, "evolving"), evidence=text))
    assert ratings_table(session).lines[0]["evidence"] == text


def test_one_group_lists_only_its_rows_without_a_group_column(leadership):
    table = ratings_table(session_of(leadership), "capacity")
    capacity = next(g for g in leadership.groups if g.id == "capacity")
    assert "group" not in table.columns
    assert [line["row"] for line in table.lines] == [row.short for row in capacity.rows]


def test_an_unknown_group_is_named_in_the_error(leadership):
    with pytest.raises(KeyError) as error:
        ratings_table(session_of(leadership), "capacty")
    assert error.value.args[0] == (
        'No such area of focus in "Leadership System: Practices and Progress Indicators": capacty'
    )


def test_level_text_names_the_level_or_the_state(collaboration):
    assert level_text(collaboration, None) == "Not rated"
    assert level_text(collaboration, Rating("vision", D)) == "Not rated"
    assert level_text(collaboration, Rating("vision", D, not_applicable=True)) == "Not applicable"
    assert level_text(collaboration, Rating("vision", D, "beginning")) == "Beginning (Individualistic)"


def test_comparable_leaves_out_ratings_an_earlier_rubric_edition_had(collaboration):
    ratings = index_ratings(
        [Rating("vision", D, "evolving"), Rating("gone", D, "evolving"), Rating("policies", D, "expert"),
         Rating("routines", "scale", "evolving"), Rating("planning", D, not_applicable=True)]
    )
    assert sorted(comparable(collaboration, ratings)) == [("planning", D), ("vision", D)]


def test_mean_levels_give_one_mean_per_dimension_with_the_change_since_before(sipr):
    now = index_ratings(
        [Rating("1.1", "implementation", "acceptable"), Rating("1.2", "implementation", "approaching")]
    )
    before = index_ratings([Rating("1.1", "implementation", "emerging"), Rating("9.9", "scale", "emerging")])
    implementation, scale = mean_levels(sipr, now, before)
    assert implementation.dimension == "Implementation"
    assert (implementation.mean, implementation.previous) == (3.5, 2.0)
    assert implementation.change == 1.5
    assert (implementation.rated, implementation.rows) == (2, 18)
    assert (scale.dimension, scale.mean, scale.previous, scale.change) == ("Scale", None, None, None)


def test_mean_levels_without_a_previous_session_have_no_change(collaboration):
    (rating,) = mean_levels(collaboration, index_ratings([Rating("vision", D, "evolving")]))
    assert (rating.dimension, rating.mean, rating.previous, rating.change) == ("Rating", 3.0, None, None)


@pytest.mark.parametrize(
    ("mean", "where"),
    [
        (1.0, "Beginning (Individualistic)"),
        (2.5, "between Developing and Evolving"),
        (2.04, "Developing"),
        (3.96, "Accomplished (Collaborative)"),
        (4.0, "Accomplished (Collaborative)"),
    ],
)
def test_level_between_places_a_mean_on_the_scale(collaboration, mean, where):
    assert level_between(collaboration, mean) == where


@pytest.mark.parametrize(
    ("noun", "nouns"),
    [("characteristic", "characteristics"), ("strategy", "strategies"), ("area of focus", "areas of focus"),
     ("key", "keys"), ("box", "boxes"), ("progress indicator", "progress indicators")],
)
def test_plural_of_a_rubric_term(noun, nouns):
    assert plural(noun) == nouns


def test_the_table_marks_rows_at_or_above_target_and_says_how_far_the_others_are(collaboration):
    from sipr_core.targets import TargetSet

    session = session_of(collaboration, Entry(Rating("vision", D, "accomplished")), Entry(Rating("routines", D, "developing")))
    targets = TargetSet(rows={("vision", "rating"): "evolving", ("routines", "rating"): "accomplished",
                              ("planning", "rating"): "developing"})
    table = ratings_table(session, targets=targets)
    assert table.columns["target:rating"] == "Target"
    by_row = {line["row"]: line["target:rating"] for line in table.lines}
    assert by_row["Vision & mission"] == "✓ Evolving (met)"
    assert by_row["Routines"] == "Accomplished (Collaborative): 2 levels to go"
    assert by_row["Planning"] == "Developing: not rated yet"
    assert by_row["Decisions"] == ""
    assert "target:rating" not in ratings_table(session).columns
