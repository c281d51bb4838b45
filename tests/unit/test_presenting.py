import pytest

from sipr_core.presenting import NOT_RATED, TimerPreset, level_choices, slide_number, slides, timer_presets
from sipr_core.rubric import Activity


def test_slides_are_one_per_row_in_rubric_order_then_the_overview(collaboration):
    deck = slides(collaboration)
    assert [s.row.id for s in deck[:-1]] == [row.id for _, row in collaboration.rows()]
    assert len(deck) == collaboration.row_count() + 1
    assert deck[-1].is_overview and deck[-1].row is None and deck[-1].group is None
    assert [s.number for s in deck] == list(range(1, len(deck) + 1))


def test_a_slide_counts_itself_among_all_slides(collaboration):
    deck = slides(collaboration)
    assert deck[2].counter == "Slide 3 of 7"
    assert deck[-1].counter == "Slide 7 of 7"


def test_a_slide_knows_its_group_and_its_place_in_the_group(sipr):
    deck = slides(sipr)
    first_group = sipr.groups[0]
    second = deck[len(first_group.rows)]
    assert (deck[1].group.id, deck[1].row_in_group, deck[1].rows_in_group) == (
        first_group.id,
        2,
        len(first_group.rows),
    )
    assert (second.group.id, second.row_in_group) == (sipr.groups[1].id, 1)


def test_a_leadership_slide_names_the_practice_its_indicator_belongs_to(leadership):
    for slide in slides(leadership)[:-1]:
        assert slide.subgroup is not None
        assert slide.subgroup.id == slide.row.subgroup


def test_rows_without_subgroups_have_none(collaboration):
    assert all(s.subgroup is None for s in slides(collaboration))


@pytest.mark.parametrize(
    "asked, expected",
    [(None, 1), ("", 1), ("3", 3), (" 4 ", 4), ("0", 1), ("-2", 1), ("99", 7), ("two", 1), ("2.5", 1)],
)
def test_slide_number_keeps_a_url_value_in_range(asked, expected):
    assert slide_number(asked, 7) == expected


def test_level_choices_put_not_rated_first_then_the_levels_lowest_first(collaboration):
    choices = level_choices(collaboration)
    assert list(choices) == [
        NOT_RATED,
        "Beginning (Individualistic)",
        "Developing",
        "Evolving",
        "Accomplished (Collaborative)",
    ]
    assert choices[NOT_RATED] is None
    assert choices["Developing"] == "developing"


def test_timer_presets_are_the_collaboration_activities_with_the_upper_bound_as_default(collaboration):
    assert timer_presets(collaboration) == [
        TimerPreset("Activity 1", 30, 20, 30),
        TimerPreset("Activity 2", 25, 20, 25),
    ]


def test_timer_preset_of_activity_3_is_about_45_minutes(library):
    (preset,) = timer_presets(library.get("micip-maintaining-balance"))
    assert (preset.label, preset.minutes) == ("Activity 3", 45)
    assert preset.suggestion == "about 45 minutes"


def test_a_timer_preset_with_a_range_suggests_the_range(collaboration):
    assert timer_presets(collaboration)[0].suggestion == "20 to 30 minutes"


def test_rubrics_without_activities_have_no_timer_presets(sipr, leadership):
    assert timer_presets(sipr) == []
    assert timer_presets(leadership) == []


def test_activities_without_minutes_or_with_impossible_ones_are_left_out_or_kept_in_range(collaboration):
    rubric = collaboration.model_copy(
        update={
            "activities": [
                Activity(id="talk", title="Talk"),
                Activity(id="marathon", title="Marathon", minutes=(300, 600)),
                Activity(id="reversed", title="Reversed", minutes=(25, 20)),
            ]
        }
    )
    assert timer_presets(rubric) == [
        TimerPreset("Marathon", 240, 240, 240),
        TimerPreset("Reversed", 25, 20, 25),
    ]
