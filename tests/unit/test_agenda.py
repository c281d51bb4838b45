"""The agenda of a meeting: templates read from the rubric files, moving along, grouping answers."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipr_core import (
    AgendaItem,
    DiscussionAnswer,
    ItemKind,
    Meeting,
    MeetingItem,
    agenda_slides,
    agenda_templates,
    first_slide_of,
    group_answers,
    own_agenda,
)
from sipr_core.agenda import check_agenda, check_answer, topic_key
from sipr_core.errors import InputError


def templates(library):
    return {t.id: t for t in agenda_templates(library.rubrics)}


def test_the_toolkit_meeting_is_activity_1_to_discuss_then_activities_2_and_3_to_rate(library):
    toolkit = templates(library)["toolkit"]
    kinds = [(i.kind, i.rubric_id, i.activity_id) for i in toolkit.items]
    assert kinds == [
        (ItemKind.DISCUSSION, "micip-collaboration", "activity-1"),
        (ItemKind.CONTINUUM, "micip-collaboration", "activity-2"),
        (ItemKind.CONTINUUM, "micip-maintaining-balance", "activity-3"),
    ]


def test_activity_1_asks_the_source_s_own_last_step_and_titles_come_from_the_file(library):
    rubric = library.rubrics["micip-collaboration"]
    activity = rubric.activities[0]
    first = templates(library)["toolkit"].items[0]
    assert first.prompt == activity.steps[-1]
    assert first.title == f"{activity.title}: {activity.introduction}"


def test_the_reviews_rate_one_continuum_each(library):
    found = templates(library)
    assert [i.rubric_id for i in found["sipr-review"].items] == ["sipr-practice-profile"]
    assert [i.rubric_id for i in found["leadership-review"].items] == ["leadership-system"]


def test_a_template_whose_rubric_file_is_missing_is_not_offered(library):
    rubrics = {k: v for k, v in library.rubrics.items() if k != "micip-maintaining-balance"}
    assert "toolkit" not in {t.id for t in agenda_templates(rubrics)}


def test_an_own_agenda_puts_the_questions_first_and_refuses_an_unknown_continuum(library):
    own = own_agenda(["Why this outcome?", "  "], ["leadership-system"], library.rubrics)
    assert [(i.kind, i.prompt or i.rubric_id) for i in own.items] == [
        (ItemKind.DISCUSSION, "Why this outcome?"),
        (ItemKind.CONTINUUM, "leadership-system"),
    ]
    with pytest.raises(InputError, match='No continuum "nope" in the rubric library'):
        own_agenda([], ["nope"], library.rubrics)


@pytest.mark.parametrize(
    "items, message",
    [
        ([], "The agenda is empty"),
        ([AgendaItem(ItemKind.DISCUSSION, "Discussion 1")], "Discussion 1 has no question"),
        ([AgendaItem(ItemKind.DISCUSSION, "D", prompt="q")] * 13, "at most 12 activities, not 13"),
        ([AgendaItem(ItemKind.DISCUSSION, " ", prompt="q")], "Activity 1 has no title: type what"),
        ([AgendaItem(ItemKind.CONTINUUM, "C", "nope")], 'No continuum "nope" in the rubric library'),
        (
            [AgendaItem(ItemKind.CONTINUUM, "C", "micip-collaboration", "activity-99")],
            'C names the activity "activity-99" of the continuum .*, which has no such activity',
        ),
        (
            [AgendaItem(ItemKind.DISCUSSION, "D", None, "activity-1", "q")],
            'D names the activity "activity-1" of no continuum',
        ),
    ],
)
def test_a_bad_agenda_is_refused_with_what_to_do(items, message, library):
    with pytest.raises(InputError, match=message):
        check_agenda(items, library.rubrics)


def meeting_of(size: int, current: int) -> Meeting:
    items = tuple(MeetingItem(n, AgendaItem(ItemKind.DISCUSSION, f"D{n}", prompt="q")) for n in range(size))
    return Meeting(
        "id", "ABC-DEF-GHJ", "T", "own", "D", "", "T", datetime.date(2026, 12, 2), "F", current, items
    )


@given(
    st.integers(1, 12).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1), st.integers(-20, 20)))
)
def test_moving_stays_inside_the_agenda_and_moves_by_the_steps_asked_when_it_can(case):
    size, current, by = case
    moved = meeting_of(size, current).moved(by)
    assert 0 <= moved < size
    if 0 <= current + by < size:
        assert moved == current + by


def test_an_empty_answer_is_refused_and_spaces_are_tidied():
    with pytest.raises(InputError, match="The answer is empty"):
        check_answer("  ", "\n")
    assert check_answer("  Systems   thinking ", " because \n") == ("Systems thinking", "because")


answers = st.lists(
    st.builds(
        DiscussionAnswer,
        position=st.just(0),
        member_id=st.uuids().map(str),
        name=st.text(max_size=5),
        topic=st.sampled_from(["", "Equity", "equity!", " EQUITY ", "Systems", "Whole child"]),
        text=st.text(max_size=10),
        updated_at=st.datetimes().map(lambda d: d.isoformat()),
    ),
    max_size=12,
)


@given(answers)
def test_every_answer_is_in_exactly_one_group_of_its_topic_the_biggest_first_the_unnamed_last(found):
    groups = group_answers(found)
    grouped = [a for g in groups for a in g.answers]
    assert sorted(grouped, key=id) == sorted(found, key=id)
    for g in groups:
        assert {topic_key(a.topic) for a in g.answers} == {topic_key(g.topic)}
    named = [len(g.answers) for g in groups if g.topic]
    assert named == sorted(named, reverse=True)
    assert all(g.topic for g in groups[:-1])


def toolkit_meeting(library, current: int = 0) -> Meeting:
    toolkit = templates(library)["toolkit"]
    items = tuple(
        MeetingItem(n, item, None if item.kind is ItemKind.DISCUSSION else f"CODE-{n}")
        for n, item in enumerate(toolkit.items)
    )
    return Meeting(
        "id", "ABC-DEF-GHJ", "T", "toolkit", "D", "", "T", datetime.date(2026, 12, 2), "F", current, items
    )


def test_the_deck_gives_each_activity_its_slide_then_rows_questions_and_radar_in_agenda_order(library):
    deck = agenda_slides(toolkit_meeting(library), library.rubrics)
    collaboration = library.rubrics["micip-collaboration"]
    balance = library.rubrics["micip-maintaining-balance"]
    kinds = [(s.position, s.kind.value) for s in deck]
    expected = [(0, "activity"), (0, "question"), (1, "activity")]
    expected += [(1, "row")] * collaboration.row_count()
    expected += [(1, "reflection")] * len(collaboration.activities[1].prompts) + [
        (1, "overview"),
        (2, "activity"),
    ]
    expected += [(2, "row")] * balance.row_count()
    expected += [(2, "reflection")] * len(balance.activities[0].prompts) + [(2, "overview")]
    assert kinds == expected
    assert [s.number for s in deck] == list(range(1, len(deck) + 1))
    assert {s.total for s in deck} == {len(deck)}
    assert [s.prompt for s in deck if s.position == 1 and s.kind.value == "reflection"] == list(
        collaboration.activities[1].prompts
    )


def test_each_activity_slide_presets_the_timer_from_the_source_s_minutes(library):
    deck = agenda_slides(toolkit_meeting(library), library.rubrics)
    minutes = [(s.timer.low, s.timer.high) for s in deck if s.kind.value == "activity" and s.timer]
    assert minutes == [(20, 30), (20, 25), (45, 45)]
    assert first_slide_of(deck, 2) == next(s.number for s in deck if s.position == 2)


def test_a_review_of_an_instrument_without_questions_gets_no_question_slides(library):
    review = templates(library)["leadership-review"]
    meeting = Meeting(
        "id",
        "C",
        "T",
        "x",
        "D",
        "",
        "T",
        datetime.date(2026, 12, 2),
        "F",
        0,
        (MeetingItem(0, review.items[0], "CODE"),),
    )
    deck = agenda_slides(meeting, library.rubrics)
    assert "reflection" not in {s.kind.value for s in deck}
    assert deck[-1].kind.value == "overview"
