"""Session files in and out of the store, on SQLite and PostgreSQL: round trips and damaged files."""

from __future__ import annotations

import json
import re

import pytest

from sipr_core import ExportError

CODE_FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$")


# --- portable sessions --------------------------------------------------------------------------------


def test_an_exported_session_imports_into_an_empty_store_identically(rated_session, other_store):
    store, code, key = rated_session
    exported = store.transfer.export_json(code, key)
    info = other_store.transfer.import_session(exported, key).info
    assert info == store.sessions.info(code)
    assert other_store.transfer.export_json(code, key) == exported
    assert other_store.sessions.load(code) == store.sessions.load(code)
    assert [
        (c.field, c.old, c.new, c.undoes is not None)
        for c in other_store.history.changes(code, key, include_votes=True)
    ] == [(c.field, c.old, c.new, c.undoes is not None) for c in store.history.changes(code, key, include_votes=True)]
    assert [s.code for s in other_store.sessions.for_key(key)] == [code]
    entry = other_store.entries.set(code, key, "1.2", "implementation", actor="Cy", level="acceptable")
    assert entry.rating.level == "acceptable"


def test_an_imported_undo_still_points_at_the_change_it_undid(rated_session, other_store):
    store, code, key = rated_session
    other_store.transfer.import_session(store.transfer.export_json(code, key), key).info
    history = other_store.history.changes(code, key)
    undo = next(c for c in history if c.undoes is not None)
    undone = next(c for c in history if c.id == undo.undoes)
    assert (undone.field, undone.old, undone.new) == ("level", "approaching", "acceptable")
    assert (undo.old, undo.new) == ("acceptable", "approaching")


def test_an_export_read_as_bytes_imports_too(rated_session, other_store):
    store, code, key = rated_session
    exported = store.transfer.export_json(code, key)
    other_store.transfer.import_session(exported.encode("utf-8"), key).info
    assert other_store.transfer.export_json(code, key) == exported


def test_importing_into_the_same_store_gives_a_copy_with_a_new_code(rated_session):
    store, code, key = rated_session
    original = store.sessions.load(code)
    exported = store.transfer.export_json(code, key)
    copy = store.transfer.import_session(exported, key).info
    assert copy.code != code and CODE_FORMAT.match(copy.code)
    assert copy.id != original.info.id
    assert {s.code for s in store.sessions.for_key(key)} == {code, copy.code}
    assert store.sessions.is_facilitator(copy.code, key)
    copied = store.sessions.load(copy.code)
    assert (copied.entries, copied.votes, copied.participants, copied.rubric) == (
        original.entries,
        original.votes,
        original.participants,
        original.rubric,
    )
    again = json.loads(store.transfer.export_json(copy.code, key))
    again["session"].update(id=original.info.id, code=code)
    assert again == json.loads(exported)
    store.entries.set(copy.code, key, "1.1", "implementation", actor="Ana", level="acceptable")
    assert store.sessions.load(code).entry("1.1", "implementation").rating.level == "emerging"


def damage(change):
    """Apply ``change`` to the parsed export and write it back as JSON."""

    def apply(exported: str) -> str:
        data = json.loads(exported)
        change(data)
        return json.dumps(data)

    return apply


def retitle_rubric(data):
    data["rubric"]["title"] = "A different continuum"


DAMAGED = [
    pytest.param(
        lambda e: e[: e.index('"session": {') + len('"session": {')],
        "This file is damaged or is not a session export: Expecting property name enclosed in double quotes "
        "at line 4, column 14. Nothing was imported.",
        id="truncated",
    ),
    pytest.param(
        lambda e: e[:-1],
        "This file is damaged or is not a session export: Expecting ',' delimiter at line {last}, column 1. "
        "Nothing was imported.",
        id="last-brace-missing",
    ),
    pytest.param(
        lambda e: "Dear team, here are the notes",
        "This file is damaged or is not a session export: "
        "Expecting value at line 1, column 1. Nothing was imported.",
        id="not-json",
    ),
    pytest.param(
        lambda e: "",
        "This file is damaged or is not a session export: Expecting value at line 1, column 1. "
        "Nothing was imported.",
        id="empty",
    ),
    pytest.param(
        lambda e: b"\x80\x81 not utf-8",
        "This file is not text (UTF-8 JSON). Nothing was imported.",
        id="binary",
    ),
    pytest.param(
        lambda e: "[1, 2, 3]",
        'This file is not a session export from this app (it lacks "format": '
        '"sipr-session"). Nothing was imported.',
        id="a-list",
    ),
    pytest.param(
        lambda e: json.dumps(json.loads(e)["rubric"]),
        "This file is not a session export from this app "
        '(it lacks "format": "sipr-session"). Nothing was imported.',
        id="a-rubric",
    ),
    pytest.param(
        damage(lambda d: d.update(format="sipr-rubric")),
        "This file is not a session export from this app "
        '(it lacks "format": "sipr-session"). Nothing was imported.',
        id="another-format",
    ),
    pytest.param(
        damage(lambda d: d.update(version=5)),
        "This session file is version 5, newer than this app reads "
        "(version 4). Update the app, then import the file again. Nothing was imported.",
        id="version-5",
    ),
    pytest.param(
        damage(lambda d: d.update(version="x")),
        "This session file has an unknown version ('x'). Nothing was imported.",
        id="version-x",
    ),
    pytest.param(
        damage(lambda d: d.update(version=0)),
        "This session file has an unknown version (0). Nothing was imported.",
        id="version-0",
    ),
    pytest.param(
        damage(lambda d: d.pop("version")),
        "This session file has an unknown version (None). Nothing was imported.",
        id="version-missing",
    ),
    pytest.param(
        damage(lambda d: d.update(version=True)),
        "This session file has an unknown version (True). Nothing was imported.",
        id="version-true",
    ),
    pytest.param(
        damage(lambda d: d["session"].pop("team")),
        "This session file is damaged: session.team: Field required. Nothing was imported.",
        id="no-team",
    ),
    pytest.param(
        damage(lambda d: d["entries"][0].pop("level")),
        "This session file is damaged: entries[0].level: Field required. Nothing was imported.",
        id="no-level",
    ),
    pytest.param(
        damage(lambda d: d.pop("history")),
        "This session file is damaged: history: Field required. Nothing was imported.",
        id="no-history",
    ),
    pytest.param(
        damage(lambda d: d["entries"].append(dict(d["entries"][0]))),
        "This session file is damaged: entries[3] repeats row 1.1 (implementation). Nothing was imported.",
        id="entry-twice",
    ),
    pytest.param(
        damage(lambda d: d["votes"].append(dict(d["votes"][0], level="acceptable"))),
        "This session file is damaged: votes[3] repeats row 1.1 (implementation). Nothing was imported.",
        id="vote-twice",
    ),
    pytest.param(
        damage(lambda d: d["participants"].append(dict(d["participants"][0], name="Someone else"))),
        "This session file is damaged: a participant appears twice. Nothing was imported.",
        id="participant-twice",
    ),
    pytest.param(
        damage(lambda d: d["entries"][0].update(level="expert")),
        'This session file is damaged: entries[0] names a level its continuum lacks: "expert". '
        "Nothing was imported.",
        id="unknown-level",
    ),
    pytest.param(
        damage(lambda d: d["entries"][0].update(row_id="9.9")),
        'This session file is damaged: entries[0] names a row its continuum lacks: "9.9". '
        "Nothing was imported.",
        id="unknown-row",
    ),
    pytest.param(
        damage(lambda d: d["entries"][0].update(dimension="rating")),
        'This session file is damaged: entries[0] names a dimension its continuum lacks: "rating". '
        "Nothing was imported.",
        id="unknown-dimension",
    ),
    pytest.param(
        damage(lambda d: d["votes"][0].update(level="expert")),
        'This session file is damaged: votes[0] names a level its continuum lacks: "expert". '
        "Nothing was imported.",
        id="unknown-vote-level",
    ),
    pytest.param(
        damage(retitle_rubric),
        "This session file is damaged: its continuum text does not match its "
        "fingerprint. Nothing was imported.",
        id="tampered-rubric",
    ),
    pytest.param(
        damage(lambda d: d["session"].update(fingerprint="sha256:" + "0" * 64)),
        "This session file is "
        "damaged: its continuum text does not match its fingerprint. Nothing was imported.",
        id="tampered-fingerprint",
    ),
]


@pytest.mark.parametrize(("spoil", "message"), DAMAGED)
def test_a_damaged_file_imports_nothing_and_says_why(rated_session, other_store, spoil, message):
    store, code, key = rated_session
    exported = store.transfer.export_json(code, key)
    message = message.replace("{last}", str(exported.count("\n") + 1))
    for target in (store, other_store):
        before = target.sessions.for_key(key)
        with pytest.raises(ExportError) as error:
            target.transfer.import_session(spoil(exported), key).info
        assert str(error.value) == message
        assert target.sessions.for_key(key) == before
    assert other_store.sessions.for_key(key) == []


def test_a_file_with_a_vote_by_someone_who_never_joined_is_refused(rated_session, other_store):
    store, code, key = rated_session
    spoilt = damage(lambda d: d["votes"][0].update(participant_id="never-joined"))(
        store.transfer.export_json(code, key)
    )
    with pytest.raises(ExportError) as error:
        other_store.transfer.import_session(spoilt, key).info
    assert str(error.value) == (
        'This session file is damaged: votes name a participant who never joined: "never-joined". '
        "Nothing was imported."
    )
    assert other_store.sessions.for_key(key) == []


def test_a_leadership_row_not_started_travels_in_the_session_file(store, other_store, leadership):
    from store_support import make_session

    info, key = make_session(store, leadership)
    store.entries.set(info.code, key, "1", "rating", actor="Ana", level="not-started", evidence="No plan yet")
    other_store.transfer.import_session(store.transfer.export_json(info.code, key), key)
    moved = other_store.sessions.load(info.code)
    assert moved.entry("1", "rating").rating.level == "not-started"
    assert moved.entry("2", "rating").rating.level is None
