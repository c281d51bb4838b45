"""Live voting in the portable session file, once on SQLite and once on PostgreSQL.

The file carries the rounds, the small groups with their members and ratings, each vote's
first level and round, and who was taken off the vote; it reads back byte for byte. An older
file (version 1) imports as a session without rounds. A file whose voting records name a round,
a group or a person it lacks imports nothing and says which record is wrong.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sipr_core import ExportError
from sipr_core.session_file import VERSION

VISION, POLICIES, ROUTINES = ("vision", "rating"), ("policies", "rating"), ("routines", "rating")


@pytest.fixture
def voted(collab_session):
    """Three rounds: by person (revealed), by small group (closed), by person again (open, Dee gone).

    Returns (store, code, key, {name: participant id}).
    """
    store, code, key = collab_session
    people = {name: store.voting.join(code, name).id for name in ("Ana", "Ben", "Cy", "Dee")}
    store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana Ruiz")
    store.voting.cast(code, people["Ana"], *VISION, "beginning")
    store.voting.cast(code, people["Ana"], *VISION, "evolving")  # first level kept beside the last
    store.voting.cast(code, people["Ben"], *VISION, "accomplished")
    store.voting.cast(code, people["Cy"], *POLICIES, None)
    store.voting.reveal(code, key)
    store.entries.set(code, key, *VISION, actor="Ana Ruiz", level="evolving", evidence="We agreed")
    store.groups.make(code, key, ["Red", "Gold"])
    blue, green = store.groups.make(code, key, ["Blue", "Green"])  # Red and Gold retired
    store.voting.open_round(code, key, [VISION], actor="Ana Ruiz", by_groups=True)
    store.groups.rate(code, blue.members[0], *VISION, "developing")
    store.groups.rate(code, green.members[0], *VISION, "evolving")
    store.voting.close_round(code, key)
    store.voting.open_round(code, key, [VISION, ROUTINES], actor="Ana Ruiz", allow_anonymous=True, auto_reveal=True
    )
    store.voting.cast(code, people["Ben"], *ROUTINES, "developing")
    store.attendance.remove(code, key, people["Dee"], actor="Ana Ruiz")
    return store, code, key, people


def voting_state(store, code, key, people):
    """Everything live voting shows, from both sides."""
    return (
        store.voting.current_round(code),
        store.voting.board(code, key),
        [store.voting.ballot(code, pid) for pid in people.values()],
        store.voting.movement(code, key),
        store.groups.of(code, key),
        store.attendance.of(code, key),
        store.history.changes(code, key, include_votes=True),
    )


def test_a_session_with_rounds_groups_and_someone_who_left_reads_back_byte_for_byte(voted, other_store):
    store, code, key, people = voted
    exported = store.transfer.export_json(code, key)
    info = other_store.transfer.import_session(exported, key).info
    assert info == store.sessions.info(code)
    assert other_store.transfer.export_json(code, key) == exported
    before, after = voting_state(store, code, key, people), voting_state(other_store, code, key, people)
    assert after[:-1] == before[:-1]
    assert [(c.actor, c.field, c.old, c.new) for c in after[-1]] == [
        (c.actor, c.field, c.old, c.new) for c in before[-1]
    ]


def test_the_file_holds_the_rounds_groups_first_votes_and_who_left(voted):
    store, code, key, people = voted
    document = json.loads(store.transfer.export_json(code, key))
    assert document["version"] == VERSION
    rounds = document["voting_rounds"]
    assert [(r["number"], r["cells"], r["by_groups"]) for r in rounds] == [
        (1, [list(VISION), list(POLICIES)], False),
        (2, [list(VISION)], True),
        (3, [list(VISION), list(ROUTINES)], False),
    ]
    assert [(r["closed_at"] is None, r["revealed_at"] is None) for r in rounds] == [
        (False, False),
        (False, True),
        (True, True),
    ]
    assert (rounds[2]["allow_anonymous"], rounds[2]["auto_reveal"], rounds[2]["opened_by"]) == (
        True,
        True,
        "Ana Ruiz",
    )
    ana_on_vision = next(
        v for v in document["votes"] if v["participant_id"] == people["Ana"] and v["row_id"] == "vision"
    )
    assert (ana_on_vision["first_level"], ana_on_vision["level"], ana_on_vision["round_number"]) == (
        "beginning",
        "evolving",
        1,
    )
    groups = document["vote_groups"]
    assert sorted((g["name"], g["retired_at"] is None) for g in groups) == [
        ("Blue", True),
        ("Gold", False),
        ("Green", True),
        ("Red", False),
    ]
    active = {g["id"] for g in groups if g["retired_at"] is None}
    assert len(document["group_members"]) == 4
    assert {m["group_id"] for m in document["group_members"]} == active
    assert sorted((r["round_number"], r["level"]) for r in document["group_ratings"]) == [
        (2, "developing"),
        (2, "evolving"),
    ]
    left = {p["id"]: p["left_at"] for p in document["participants"]}
    assert [pid for pid, at in left.items() if at is not None] == [people["Dee"]]


def test_an_imported_copy_carries_on_its_open_round_apart_from_the_original(voted):
    store, code, key, people = voted
    copy = store.transfer.import_session(store.transfer.export_json(code, key), key).info
    assert copy.code != code
    store.voting.cast(copy.code, people["Ana"], *ROUTINES, "accomplished")
    assert store.voting.ballot(copy.code, people["Ana"]).mine == {ROUTINES: "accomplished"}
    assert store.voting.ballot(code, people["Ana"]).mine == {}
    board = store.voting.board(copy.code, key)
    assert [v.name for v in board.voters] == ["Ana", "Ben", "Cy"]  # Dee left, in the copy too
    assert [v.name for v in board.left] == ["Dee"]


def version_1(exported: str) -> str:
    """The file as the app wrote it before live voting was carried (format version 1)."""
    document = json.loads(exported)
    document["version"] = 1
    for name in ("voting_rounds", "vote_groups", "group_members", "group_ratings", "linked_sessions", "targets",
                 "reviews", "comments"):
        document.pop(name)
    document["session"]["key_hash"] = "0" * 64  # versions 1 to 3 carried the key's hash
    for vote in document["votes"]:
        vote.pop("first_level")
        vote.pop("round_number")
    for person in document["participants"]:
        person.pop("left_at")
    return json.dumps(document, ensure_ascii=False, indent=1)


def test_a_version_1_file_imports_as_a_session_without_rounds(voted, other_store):
    store, code, key, people = voted
    original = store.sessions.load(code, key=key)
    other_store.transfer.import_session(version_1(store.transfer.export_json(code, key)), key).info
    imported = other_store.sessions.load(code, key=key)
    assert (imported.votes, imported.participants, imported.entries) == (
        [replace(v, revealed=True) for v in original.votes],  # a file without rounds: votes of the past
        original.participants,
        original.entries,
    )
    assert other_store.voting.current_round(code) is None
    assert other_store.groups.of(code, key) == []
    assert other_store.voting.movement(code, key).cells == {}  # first votes were not in the file
    present = other_store.attendance.of(code, key).present
    assert [p.name for p in present] == ["Ana", "Ben", "Cy", "Dee"]
    again = json.loads(other_store.transfer.export_json(code, key))
    assert again["version"] == VERSION and again["voting_rounds"] == []
    assert {(v["first_level"], v["round_number"]) for v in again["votes"]} == {(None, None)}


def test_a_version_1_file_with_fields_of_version_2_is_refused(voted, other_store):
    store, code, key, _ = voted
    document = json.loads(version_1(store.transfer.export_json(code, key)))
    document["votes"][0]["round_number"] = 1
    with pytest.raises(ExportError) as error:
        other_store.transfer.import_session(json.dumps(document), key).info
    assert str(error.value) == (
        "This session file is damaged: votes[0].round_number: Extra inputs are not permitted. "
        "Nothing was imported."
    )
    assert other_store.sessions.for_key(key) == []


def group_id(document, name):
    return next(g["id"] for g in document["vote_groups"] if g["name"] == name)


DAMAGED = {
    "rating-by-an-unknown-group": (
        lambda d: d["group_ratings"][0].update(group_id="no-such-group"),
        'group_ratings[0] names a small group that is not in the file: "no-such-group"',
    ),
    "member-of-an-unknown-group": (
        lambda d: d["group_members"][1].update(group_id="no-such-group"),
        'group_members[1] names a small group that is not in the file: "no-such-group"',
    ),
    "member-of-a-replaced-group": (
        lambda d: d["group_members"][0].update(group_id=group_id(d, "Red")),
        'group_members[0] names a small group that was replaced: "{Red}"',
    ),
    "member-who-never-joined": (
        lambda d: d["group_members"][0].update(participant_id="stranger"),
        'group_members[0] names a participant who never joined: "stranger"',
    ),
    "member-twice": (
        lambda d: d["group_members"].append(dict(d["group_members"][0], group_id=group_id(d, "Green"))),
        'participant "{member}" is in two small groups',
    ),
    "vote-in-a-round-that-does-not-exist": (
        lambda d: d["votes"][0].update(round_number=7),
        "votes[0] names voting round 7, which is not in the file",
    ),
    "group-rating-in-a-round-that-does-not-exist": (
        lambda d: d["group_ratings"][1].update(round_number=9),
        "group_ratings[1] names voting round 9, which is not in the file",
    ),
    "round-twice": (
        lambda d: d["voting_rounds"].append(dict(d["voting_rounds"][0])),
        "voting round 1 appears twice",
    ),
    "group-twice": (
        lambda d: d["vote_groups"].append(dict(d["vote_groups"][0], name="Again")),
        'small group "{first-group}" appears twice',
    ),
    "group-rating-twice": (
        lambda d: d["group_ratings"].append(dict(d["group_ratings"][0], level="beginning")),
        "group_ratings[2] repeats row vision (rating)",
    ),
    "round-on-an-unknown-row": (
        lambda d: d["voting_rounds"][1].update(cells=[["9.9", "rating"]]),
        'voting_rounds[1] names a row its continuum lacks: "9.9"',
    ),
    "group-rating-of-an-unknown-level": (
        lambda d: d["group_ratings"][0].update(level="expert"),
        'group_ratings[0] names a level its continuum lacks: "expert"',
    ),
    "first-vote-of-an-unknown-level": (
        lambda d: d["votes"][0].update(first_level="expert"),
        'votes[0] names a level its continuum lacks: "expert"',
    ),
    "round-cell-without-a-dimension": (
        lambda d: d["voting_rounds"][0].update(cells=[["vision"]]),
        "voting_rounds[0].cells[0][1]: Field required",
    ),
    "no-rounds": (lambda d: d.pop("voting_rounds"), "voting_rounds: Field required"),
    "no-left-at": (lambda d: d["participants"][0].pop("left_at"), "participants[0].left_at: Field required"),
}


@pytest.mark.parametrize("case", DAMAGED)
def test_a_file_with_damaged_voting_records_imports_nothing_and_says_which(voted, other_store, case):
    store, code, key, _ = voted
    spoil, problem = DAMAGED[case]
    document = json.loads(store.transfer.export_json(code, key))
    names = {
        "{Red}": group_id(document, "Red"),
        "{member}": document["group_members"][0]["participant_id"],
        "{first-group}": document["vote_groups"][0]["id"],
    }
    for placeholder, value in names.items():
        problem = problem.replace(placeholder, value)
    spoil(document)
    for target in (store, other_store):
        before = target.sessions.for_key(key)
        with pytest.raises(ExportError) as error:
            target.transfer.import_session(json.dumps(document), key).info
        assert str(error.value) == f"This session file is damaged: {problem}. Nothing was imported."
        assert target.sessions.for_key(key) == before
    assert other_store.sessions.for_key(key) == []
