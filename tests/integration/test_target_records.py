"""Targets and review dates in the store, on SQLite and PostgreSQL."""

import datetime
import json

import pytest

from sipr_core import AccessDenied, ExportError, InputError
from sipr_core.targets import GROUP, ROW, Review, TargetSet

TODAY = datetime.date(2026, 11, 23)


def test_targets_set_on_one_session_belong_to_the_whole_series(collab_session, collaboration):
    store, code, key = collab_session
    store.targets.set(code, key, ROW, "vision", "rating", "evolving", actor="Ana")
    later, _ = store.sessions.create(collaboration, district="riverside  schools", team="district ci team",
                                    held_on=datetime.date(2027, 3, 1), facilitator="Ben", key=key,
                                    follow_up_of=code)
    assert store.targets.of(later.code) == TargetSet(rows={("vision", "rating"): "evolving"}, groups={})


def test_clearing_a_target_removes_it_and_setting_again_replaces_it(collab_session):
    store, code, key = collab_session
    store.targets.set_many(code, key, {(ROW, "vision", "rating"): "evolving", (GROUP, "culture", "rating"): "developing"},
                   actor="Ana")
    store.targets.set_many(code, key, {(ROW, "vision", "rating"): None, (GROUP, "culture", "rating"): "evolving"},
                   actor="Ana")
    assert store.targets.of(code) == TargetSet(rows={}, groups={("culture", "rating"): "evolving"})


def test_a_bad_target_changes_nothing_and_names_the_problem(collab_session):
    store, code, key = collab_session
    store.targets.set(code, key, ROW, "vision", "rating", "evolving", actor="Ana")
    with pytest.raises(InputError, match=r"^No such level: superb \(levels: beginning, developing, evolving, accomplished\)$"):
        store.targets.set_many(code, key, {(ROW, "routines", "rating"): "evolving", (ROW, "vision", "rating"): "superb"},
                       actor="Ana")
    assert store.targets.of(code).rows == {("vision", "rating"): "evolving"}


def test_only_the_facilitator_sets_targets_or_reviews(collab_session):
    store, code, _ = collab_session
    with pytest.raises(AccessDenied):
        store.targets.set(code, "wrong-key", ROW, "vision", "rating", "evolving", actor="Ana")
    with pytest.raises(AccessDenied):
        store.targets.add_review(code, "wrong-key", TODAY, actor="Ana")


def test_targets_of_many_series_come_back_together(store, collaboration):
    codes = []
    for school in ["Adams", "Baker", "Cole"]:
        info, key = store.sessions.create(collaboration, district="Riverside", school=school, team="CI",
                                         held_on=TODAY, facilitator="Ana")
        codes.append((info, key))
    store.targets.set(codes[0][0].code, codes[0][1], ROW, "vision", "rating", "accomplished", actor="Ana")
    found = store.targets.for_series([info.series for info, _ in codes])
    assert found[codes[0][0].series].rows == {("vision", "rating"): "accomplished"}
    assert not found[codes[1][0].series] and not found[codes[2][0].series]


def test_reviews_are_planned_listed_and_removed(collab_session):
    store, code, key = collab_session
    store.targets.add_review(code, key, datetime.date(2027, 3, 1), "Spring review", actor="Ana")
    store.targets.add_review(code, key, datetime.date(2026, 12, 1), actor="Ana")
    assert store.targets.add_review(code, key, datetime.date(2027, 3, 1), "Spring review, with the board", actor="Ana") == [
        Review(datetime.date(2026, 12, 1), ""),
        Review(datetime.date(2027, 3, 1), "Spring review, with the board"),
    ]
    assert store.targets.remove_review(code, key, datetime.date(2026, 12, 1)) == [
        Review(datetime.date(2027, 3, 1), "Spring review, with the board")
    ]


def test_the_reminder_lists_due_reviews_of_every_series_the_key_opens(store, collaboration, sipr):
    one, key = store.sessions.create(collaboration, district="Riverside", school="Adams", team="CI",
                                    held_on=datetime.date(2026, 9, 1), facilitator="Ana")
    other, _ = store.sessions.create(sipr, district="Riverside", team="District team",
                                    held_on=datetime.date(2026, 9, 1), facilitator="Ana", key=key)
    store.targets.add_review(one.code, key, TODAY + datetime.timedelta(days=5), "Winter", actor="Ana")
    store.targets.add_review(other.code, key, TODAY - datetime.timedelta(days=2), actor="Ana")
    store.targets.add_review(other.code, key, TODAY + datetime.timedelta(days=90), actor="Ana")
    due = store.targets.reminders(key, TODAY)
    assert [(d.latest_code, d.days_left, d.overdue) for d in due] == [(other.code, -2, True), (one.code, 5, False)]
    assert due[1].title == "Riverside · Adams, CI: Shift from a Culture of Isolation to a Culture of Collaboration"
    store.sessions.create(collaboration, district="Riverside", school="Adams", team="CI", held_on=TODAY,
                         facilitator="Ana", key=key, follow_up_of=one.code)
    assert [d.latest_code for d in store.targets.reminders(key, TODAY)] == [other.code]


# --- in the session file (version 4) ------------------------------------------------------------


def planned(store, code, key):
    """A series with a row target, a group target and a review; returns the file of its session."""
    store.targets.set_many(
        code, key, {(ROW, "vision", "rating"): "evolving", (GROUP, "culture", "rating"): "developing"}, actor="Ana"
    )
    store.targets.add_review(code, key, datetime.date(2027, 3, 1), "Spring check", actor="Ana")
    return store.transfer.export_json(code, key)


def test_the_targets_and_reviews_of_a_series_travel_with_its_session_file(collab_session, other_store):
    store, code, key = collab_session
    exported = planned(store, code, key)
    document = json.loads(exported)
    assert [t["item_id"] for t in document["targets"]] == ["culture", "vision"]
    assert [r["due_on"] for r in document["reviews"]] == ["2027-03-01"]
    moved = other_store.transfer.import_session(exported, key).info
    assert other_store.targets.of(moved.code) == store.targets.of(code)
    assert other_store.targets.schedule(moved.code) == [Review(datetime.date(2027, 3, 1), "Spring check")]
    assert other_store.transfer.export_json(moved.code, key) == exported


def test_an_imported_file_does_not_replace_the_targets_its_series_has_here(collab_session):
    store, code, key = collab_session
    document = json.loads(planned(store, code, key))
    document["targets"][1]["level"] = "accomplished"  # vision: the file says otherwise
    document["reviews"][0]["note"] = "Another note"
    store.transfer.import_session(json.dumps(document), key)
    assert store.targets.of(code).rows == {("vision", "rating"): "evolving"}
    assert store.targets.schedule(code) == [Review(datetime.date(2027, 3, 1), "Spring check")]


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda d: d["targets"][0].update(item_id="nowhere"), 'targets[0]: No such continuum in "{title}": nowhere'),
        (lambda d: d["targets"][1].update(level="superb"), "targets[1]: No such level: superb"),
        (lambda d: d["targets"].append(dict(d["targets"][0])), "the target of culture (rating) appears twice"),
        (lambda d: d["reviews"].append(dict(d["reviews"][0])), "the review of 2027-03-01 appears twice"),
    ],
    ids=["unknown-group", "unknown-level", "target-twice", "review-twice"],
)
def test_a_file_with_a_bad_target_or_review_imports_nothing_and_says_which(
    collab_session, other_store, collaboration, spoil, problem
):
    store, code, key = collab_session
    document = json.loads(planned(store, code, key))
    spoil(document)
    with pytest.raises(ExportError) as raised:
        other_store.transfer.import_session(json.dumps(document), key)
    assert str(raised.value).startswith(f"This session file is damaged: {problem.format(title=collaboration.title)}")
    assert str(raised.value).endswith("Nothing was imported.")
    assert other_store.sessions.for_key(key) == []
