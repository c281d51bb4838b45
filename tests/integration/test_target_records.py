"""Targets and review dates in the store, on SQLite and PostgreSQL."""

import datetime

import pytest

from sipr_core import target_records as tr
from sipr_core.access import AccessDenied
from sipr_core.session import InputError
from sipr_core.targets import GROUP, ROW, Review, TargetSet

TODAY = datetime.date(2026, 11, 23)


def test_targets_set_on_one_session_belong_to_the_whole_series(collab_session, collaboration):
    store, code, key = collab_session
    tr.set_target(store, code, key, ROW, "vision", "rating", "evolving", actor="Ana")
    later, _ = store.create_session(collaboration, district="riverside  schools", team="district ci team",
                                    held_on=datetime.date(2027, 3, 1), facilitator="Ben")
    assert tr.targets(store, later.code) == TargetSet(rows={("vision", "rating"): "evolving"}, groups={})


def test_clearing_a_target_removes_it_and_setting_again_replaces_it(collab_session):
    store, code, key = collab_session
    tr.set_targets(store, code, key, {(ROW, "vision", "rating"): "evolving", (GROUP, "culture", "rating"): "developing"},
                   actor="Ana")
    tr.set_targets(store, code, key, {(ROW, "vision", "rating"): None, (GROUP, "culture", "rating"): "evolving"},
                   actor="Ana")
    assert tr.targets(store, code) == TargetSet(rows={}, groups={("culture", "rating"): "evolving"})


def test_a_bad_target_changes_nothing_and_names_the_problem(collab_session):
    store, code, key = collab_session
    tr.set_target(store, code, key, ROW, "vision", "rating", "evolving", actor="Ana")
    with pytest.raises(InputError, match=r"^No such level: superb \(levels: beginning, developing, evolving, accomplished\)$"):
        tr.set_targets(store, code, key, {(ROW, "routines", "rating"): "evolving", (ROW, "vision", "rating"): "superb"},
                       actor="Ana")
    assert tr.targets(store, code).rows == {("vision", "rating"): "evolving"}


def test_only_the_facilitator_sets_targets_or_reviews(collab_session):
    store, code, _ = collab_session
    with pytest.raises(AccessDenied):
        tr.set_target(store, code, "wrong-key", ROW, "vision", "rating", "evolving", actor="Ana")
    with pytest.raises(AccessDenied):
        tr.add_review(store, code, "wrong-key", TODAY, actor="Ana")


def test_targets_of_many_series_come_back_together(store, collaboration):
    codes = []
    for school in ["Adams", "Baker", "Cole"]:
        info, key = store.create_session(collaboration, district="Riverside", school=school, team="CI",
                                         held_on=TODAY, facilitator="Ana")
        codes.append((info, key))
    tr.set_target(store, codes[0][0].code, codes[0][1], ROW, "vision", "rating", "accomplished", actor="Ana")
    found = tr.targets_for_series(store, [info.series for info, _ in codes])
    assert found[codes[0][0].series].rows == {("vision", "rating"): "accomplished"}
    assert not found[codes[1][0].series] and not found[codes[2][0].series]


def test_reviews_are_planned_listed_and_removed(collab_session):
    store, code, key = collab_session
    tr.add_review(store, code, key, datetime.date(2027, 3, 1), "Spring review", actor="Ana")
    tr.add_review(store, code, key, datetime.date(2026, 12, 1), actor="Ana")
    assert tr.add_review(store, code, key, datetime.date(2027, 3, 1), "Spring review, with the board", actor="Ana") == [
        Review(datetime.date(2026, 12, 1), ""),
        Review(datetime.date(2027, 3, 1), "Spring review, with the board"),
    ]
    assert tr.remove_review(store, code, key, datetime.date(2026, 12, 1)) == [
        Review(datetime.date(2027, 3, 1), "Spring review, with the board")
    ]


def test_the_reminder_lists_due_reviews_of_every_series_the_key_opens(store, collaboration, sipr):
    one, key = store.create_session(collaboration, district="Riverside", school="Adams", team="CI",
                                    held_on=datetime.date(2026, 9, 1), facilitator="Ana")
    other, _ = store.create_session(sipr, district="Riverside", team="District team",
                                    held_on=datetime.date(2026, 9, 1), facilitator="Ana", key=key)
    tr.add_review(store, one.code, key, TODAY + datetime.timedelta(days=5), "Winter", actor="Ana")
    tr.add_review(store, other.code, key, TODAY - datetime.timedelta(days=2), actor="Ana")
    tr.add_review(store, other.code, key, TODAY + datetime.timedelta(days=90), actor="Ana")
    due = tr.reminders(store, key, TODAY)
    assert [(d.latest_code, d.days_left, d.overdue) for d in due] == [(other.code, -2, True), (one.code, 5, False)]
    assert due[1].title == "Riverside · Adams, CI: Shift from a Culture of Isolation to a Culture of Collaboration"
    store.create_session(collaboration, district="Riverside", school="Adams", team="CI", held_on=TODAY,
                         facilitator="Ana", key=key)
    assert [d.latest_code for d in tr.reminders(store, key, TODAY)] == [other.code]
