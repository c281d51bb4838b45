"""The session store on a real database, once on SQLite and once on PostgreSQL.

Autosave and restarts, history and undo, migrations, join codes and facilitator keys,
bad input, kept rubric text, series, portable files, deletion and votes.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
import threading
import time

import pg_server
import psycopg
import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import ProgrammingError

from sipr_core import db, voting
from sipr_core.access import (
    ALPHABET,
    CODE_LENGTH,
    AccessDenied,
    SessionNotFound,
    new_join_code,
    normalise_code,
    password_ok,
)
from sipr_core.db import StoreError
from sipr_core.portable import ExportError
from sipr_core.rounds import VotingClosed
from sipr_core.session import MAX_TEXT, EditConflict, InputError
from sipr_core.store import Store

HELD_ON = datetime.date(2026, 11, 23)
COLLABORATION_TITLE = "Shift from a Culture of Isolation to a Culture of Collaboration"
SIPR_TITLE = "Systemic Improvement Practices Review (SIPR): Practice Profile"
CODE_FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$")
NOT_FOUND = "No such session: {}. Check the code on the projector and try again."


def denied(code: str) -> str:
    return f"Only the facilitator can do this: enter the facilitator key of session {code}."


def new_session(store, rubric, **fields):
    """A session on ``rubric`` with sensible defaults; returns (info, key)."""
    values = dict(
        district="Riverside Schools", team="District CI team", held_on=HELD_ON, facilitator="Ana Ruiz"
    )
    values.update(fields)
    return store.create_session(rubric, **values)


def open_voting(store, code, key, cells=(("vision", "rating"), ("policies", "rating"))):
    """Open a round of voting, as the facilitator does before anyone can vote."""
    return voting.open_round(store, code, key, list(cells), actor="Ana Ruiz")


def value_of(entry, field: str):
    """One editable field of an entry, in the form set_entry takes it."""
    if field == "ticked":
        return sorted(entry.rating.ticked)
    if field in ("level", "not_applicable"):
        return getattr(entry.rating, field)
    return getattr(entry, field)


@pytest.fixture
def reopen(store_url):
    """Opens another Store on the same database (a server restart); all are closed after the test."""
    opened: list[Store] = []

    def open_store() -> Store:
        opened.append(Store(store_url))
        return opened[-1]

    yield open_store
    for s in opened:
        s.close()


@pytest.fixture
def fresh_url(request, store_url, tmp_path):
    """Makes URLs of further empty databases on the engine of ``store_url``."""
    made = iter(range(10_000))

    def make() -> str:
        if store_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / f'other-{next(made)}.db'}"
        return pg_server.fresh_database(request.getfixturevalue("postgres_admin_url"))

    return make


@pytest.fixture
def other_store(fresh_url):
    """An empty store on a second database of the same engine."""
    s = Store(fresh_url())
    yield s
    s.close()


@pytest.fixture
def rated_session(store, sipr):
    """A SIPR session with ratings, ticked criteria, evidence, votes, an abstention and an undo."""
    info, key = new_session(store, sipr)
    code = info.code
    store.set_entry(code, key, "1.1", "implementation", actor="Ana", level="emerging", ticked=[0, 2])
    store.set_entry(
        code,
        key,
        "1.1",
        "implementation",
        actor="Ben",
        evidence="Plan « v2 » ✅ مرحبا",
        next_steps="=SUM(A1)",
    )
    store.set_entry(code, key, "1.1", "scale", actor="Ana", not_applicable=True)
    store.set_entry(code, key, "1.2", "scale", actor="Ana", level="approaching")
    store.set_entry(code, key, "1.2", "scale", actor="Ana", level="acceptable")
    last = store.history(code, key)[-1]
    store.undo(code, key, last.id, actor="Ben")
    ana = store.join(code, "Ana")
    ben = store.join(code, "Ben")
    open_voting(store, code, key, [("1.1", "implementation"), ("1.2", "scale")])
    store.vote(code, ana.id, "1.1", "implementation", "emerging")
    store.vote(code, ben.id, "1.1", "implementation", None)
    store.vote(code, ben.id, "1.2", "scale", "not-yet")
    return store, code, key


# --- the default database file ---------------------------------------------------------------


def test_the_default_store_is_a_sqlite_file_created_in_the_data_folder(monkeypatch, tmp_path, collaboration):
    folder = tmp_path / "not" / "yet" / "there"
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIPR_DATA_DIR", str(folder))
    store = Store()
    try:
        info, _ = new_session(store, collaboration)
        assert store.url == f"sqlite:///{folder / 'sipr.db'}"
        assert (folder / "sipr.db").is_file()
    finally:
        store.close()
    with sqlite3.connect(folder / "sipr.db") as raw:
        assert raw.execute("SELECT code FROM sessions").fetchall() == [(info.code,)]


def test_without_either_variable_the_file_is_in_the_default_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.delenv("SIPR_DATA_DIR", raising=False)
    monkeypatch.setattr(db, "DEFAULT_DATA_DIR", tmp_path / "data")
    store = Store()
    store.close()
    assert store.url == f"sqlite:///{tmp_path / 'data' / 'sipr.db'}"
    assert (tmp_path / "data" / "sipr.db").is_file()


def test_the_database_url_variable_overrides_the_data_folder(
    monkeypatch, tmp_path, store_url, reopen, collaboration
):
    monkeypatch.setenv("SIPR_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.setenv("SIPR_DATABASE_URL", store_url)
    store = Store()
    try:
        info, _ = new_session(store, collaboration)
    finally:
        store.close()
    assert store.url == store_url
    assert not (tmp_path / "unused").exists()
    assert reopen().info(info.code) == info


def test_the_default_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(monkeypatch, tmp_path):
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIPR_DATA_DIR", str(tmp_path))
    store = Store()
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        store.close()


def test_a_data_folder_that_cannot_be_created_is_a_store_error_naming_the_variable(monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    folder = tmp_path / "a-file" / "data"
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.setenv("SIPR_DATA_DIR", str(folder))
    with pytest.raises(StoreError) as error:
        Store()
    assert str(error.value) == (
        f"Cannot create the data folder {folder} (Not a directory). "
        "Set SIPR_DATA_DIR to a folder the app may write to."
    )


# --- autosave and restarts --------------------------------------------------------------------


def test_everything_recorded_survives_a_restart(rated_session, reopen):
    store, code, key = rated_session
    before = store.session(code)
    history = store.history(code, key, include_votes=True)
    store.close()
    restarted = reopen()
    assert restarted.session(code) == before
    assert restarted.history(code, key, include_votes=True) == history
    assert restarted.is_facilitator(code, key)
    assert len(before.entries) == 3 and len(before.votes) == 3 and len(before.participants) == 2


def test_each_change_is_saved_when_made_without_closing_the_store(collab_session, reopen):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", level="evolving", evidence="Agendas")
    other_server = reopen()
    entry = other_server.session(code).entry("vision", "rating")
    assert (entry.rating.level, entry.evidence) == ("evolving", "Agendas")


@pytest.mark.parametrize(
    "typed",
    [
        "0A1-B0C-1DE",
        "0a1-b0c-1de",
        "0a1b0c1de",
        "OA1-BOC-1DE",
        "0AI-B0C-LDE",
        "oaiboclde",
        " 0A1 B0C 1DE ",
        "0a1_b0c.1de",
    ],
)
def test_a_session_opens_by_any_typed_form_of_its_code(store, collaboration, monkeypatch, typed):
    monkeypatch.setattr("sipr_core.store.new_join_code", lambda: "0A1-B0C-1DE")
    info, key = new_session(store, collaboration)
    assert info.code == "0A1-B0C-1DE"
    assert store.info(typed) == info
    assert store.session(typed).info == info
    assert store.is_facilitator(typed, key)


def test_a_code_already_taken_is_never_given_to_a_second_session(store, collaboration, monkeypatch):
    codes = iter(["AAA-AAA-AAA", "AAA-AAA-AAA", "AAA-AAA-AAA", "BBB-BBB-BBB"])
    monkeypatch.setattr("sipr_core.store.new_join_code", lambda: next(codes))
    first, _ = new_session(store, collaboration)
    second, _ = new_session(store, collaboration, team="Another team")
    assert (first.code, second.code) == ("AAA-AAA-AAA", "BBB-BBB-BBB")
    assert store.info("BBB-BBB-BBB").team == "Another team"


# --- last writer and history -------------------------------------------------------------------


def test_the_last_writer_of_an_entry_is_recorded_with_the_time(collab_session):
    store, code, key = collab_session
    first = store.set_entry(code, key, "vision", "rating", actor="Ana", level="developing")
    second = store.set_entry(code, key, "vision", "rating", actor="Ben", evidence="Shared calendar")
    assert first.updated_by == "Ana"
    assert second.updated_by == "Ben"
    assert datetime.datetime.fromisoformat(second.updated_at).tzinfo is not None
    assert second.updated_at >= first.updated_at
    assert store.session(code).entry("vision", "rating") == second


def test_saving_an_unchanged_value_records_no_change_and_keeps_the_last_writer(collab_session):
    store, code, key = collab_session
    saved = store.set_entry(code, key, "vision", "rating", actor="Ana", level="developing", evidence="Notes")
    again = store.set_entry(code, key, "vision", "rating", actor="Ben", level="developing", evidence="Notes")
    assert again == saved
    assert [c.actor for c in store.history(code, key)] == ["Ana", "Ana"]


def test_every_change_is_kept_with_who_when_and_the_old_and_new_value(store, sipr):
    info, key = new_session(store, sipr)
    code = info.code
    store.set_entry(code, key, "1.1", "implementation", actor="Ana", level="emerging")
    store.set_entry(code, key, "1.1", "implementation", actor="Ben", level="approaching", ticked=[2, 0])
    store.set_entry(
        code, key, "1.2", "scale", actor="Ana", evidence="Board minutes", next_steps="Ask the board"
    )
    store.set_entry(code, key, "1.2", "scale", actor="Cy", not_applicable=True)
    history = store.history(code, key)
    assert [(c.actor, c.row_id, c.dimension, c.field, c.old, c.new, c.undoes) for c in history] == [
        ("Ana", "1.1", "implementation", "level", None, "emerging", None),
        ("Ben", "1.1", "implementation", "level", "emerging", "approaching", None),
        ("Ben", "1.1", "implementation", "ticked", [], [0, 2], None),
        ("Ana", "1.2", "scale", "evidence", "", "Board minutes", None),
        ("Ana", "1.2", "scale", "next_steps", "", "Ask the board", None),
        ("Cy", "1.2", "scale", "not_applicable", False, True, None),
    ]
    assert all(datetime.datetime.fromisoformat(c.at).tzinfo is not None for c in history)
    assert [c.at for c in history] == sorted(c.at for c in history)


def test_choosing_a_level_clears_not_applicable_and_records_both_changes(collab_session):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", not_applicable=True)
    entry = store.set_entry(code, key, "vision", "rating", actor="Ben", level="evolving")
    assert (entry.rating.level, entry.rating.not_applicable) == ("evolving", False)
    assert [(c.field, c.old, c.new) for c in store.history(code, key)[1:]] == [
        ("level", None, "evolving"),
        ("not_applicable", True, False),
    ]


UNDO_CASES = [
    pytest.param("collaboration", "vision", "rating", "level", "developing", "evolving", id="level"),
    pytest.param(
        "collaboration", "vision", "rating", "evidence", "Agendas", "Agendas and minutes", id="evidence"
    ),
    pytest.param(
        "collaboration", "vision", "rating", "next_steps", "Share it", "Share it twice", id="next_steps"
    ),
    pytest.param("collaboration", "vision", "rating", "not_applicable", True, False, id="not_applicable"),
    pytest.param("sipr", "1.1", "implementation", "ticked", [0], [0, 2], id="ticked"),
]


@pytest.mark.parametrize(("rubric", "row", "dimension", "field", "first", "second"), UNDO_CASES)
def test_undo_restores_the_old_value_and_is_recorded_with_undoes(
    store, request, rubric, row, dimension, field, first, second
):
    info, key = new_session(store, request.getfixturevalue(rubric))
    code = info.code
    store.set_entry(code, key, row, dimension, actor="Ana", **{field: first})
    store.set_entry(code, key, row, dimension, actor="Ana", **{field: second})
    change = store.history(code, key)[-1]
    entry = store.undo(code, key, change.id, actor="Ben")
    assert value_of(entry, field) == first
    assert value_of(store.session(code).entry(row, dimension), field) == first
    undone = store.history(code, key)[-1]
    assert (undone.actor, undone.field, undone.old, undone.new, undone.undoes) == (
        "Ben",
        field,
        second,
        first,
        change.id,
    )
    assert entry.updated_by == "Ben"


def test_undoing_an_earlier_change_restores_the_value_before_it(collab_session):
    store, code, key = collab_session
    for level in ("beginning", "developing", "evolving"):
        store.set_entry(code, key, "vision", "rating", actor="Ana", level=level)
    first = store.history(code, key)[0]
    entry = store.undo(code, key, first.id, actor="Ana")
    assert entry.rating.level is None
    assert [(c.old, c.new, c.undoes) for c in store.history(code, key)][-1] == ("evolving", None, first.id)


@pytest.mark.parametrize("which", ["unknown id", "a vote", "another session's change"])
def test_undo_of_a_change_that_is_not_an_edit_of_this_session_is_an_input_error(
    collab_session, collaboration, which
):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", level="developing")
    me = store.join(code, "Ben")
    open_voting(store, code, key)
    store.vote(code, me.id, "vision", "rating", "evolving")
    other, other_key = new_session(store, collaboration, team="Another team")
    store.set_entry(other.code, other_key, "vision", "rating", actor="Ana", level="accomplished")
    change_id = {
        "unknown id": 999_999,
        "a vote": store.history(code, key, include_votes=True)[-1].id,
        "another session's change": store.history(other.code, other_key)[-1].id,
    }[which]
    before = store.history(code, key, include_votes=True)
    with pytest.raises(InputError) as error:
        store.undo(code, key, change_id, actor="Ana")
    assert str(error.value) == f"No change {change_id} to undo in session {code}."
    assert store.history(code, key, include_votes=True) == before
    assert store.session(other.code).entry("vision", "rating").rating.level == "accomplished"


# --- migrations ---------------------------------------------------------------------------------

SHIPPED = [(version, name) for version, name, _ in db.MIGRATIONS]
NEXT = SHIPPED[-1][0] + 1
ADD_NOTE = (NEXT, "a note on each session", ["ALTER TABLE sessions ADD COLUMN note TEXT"])


def migrations_recorded(engine) -> list[tuple[int, str, str]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
            )
        ]


def test_the_shipped_migrations_have_increasing_versions():
    versions = [version for version, _ in SHIPPED]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_a_new_store_records_every_shipped_migration_in_schema_migrations(store):
    assert [(v, n) for v, n, _ in migrations_recorded(store.engine)] == SHIPPED


def test_a_later_migration_is_applied_once_recorded_and_keeps_the_data(collab_session, reopen):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", level="evolving")
    assert db.migrate(store.engine, db.MIGRATIONS + [ADD_NOTE]) == [NEXT]
    assert [(v, n) for v, n, _ in migrations_recorded(store.engine)] == [
        *SHIPPED,
        (NEXT, "a note on each session"),
    ]
    assert "note" in {c["name"] for c in inspect(store.engine).get_columns("sessions")}
    assert db.migrate(store.engine, db.MIGRATIONS + [ADD_NOTE]) == []
    assert len(migrations_recorded(store.engine)) == len(SHIPPED) + 1
    assert reopen().session(code).entry("vision", "rating").rating.level == "evolving"


def test_migrations_are_applied_in_their_order(store):
    uses_note = (NEXT + 1, "fill the note", ["UPDATE sessions SET note = 'none' WHERE note IS NULL"])
    assert db.migrate(store.engine, db.MIGRATIONS + [ADD_NOTE, uses_note]) == [NEXT, NEXT + 1]
    assert [v for v, _, _ in migrations_recorded(store.engine)] == [*(v for v, _ in SHIPPED), NEXT, NEXT + 1]


def test_a_failing_migration_is_not_recorded_and_leaves_no_trace(store):
    broken = (
        NEXT,
        "broken",
        ["ALTER TABLE sessions ADD COLUMN note TEXT", "ALTER TABLE no_such_table ADD COLUMN x TEXT"],
    )
    with pytest.raises((StoreError, ProgrammingError)):
        db.migrate(store.engine, db.MIGRATIONS + [broken])
    assert [(v, n) for v, n, _ in migrations_recorded(store.engine)] == SHIPPED
    assert "note" not in {c["name"] for c in inspect(store.engine).get_columns("sessions")}


def test_a_fresh_store_on_an_existing_database_applies_no_migration(store, reopen):
    recorded = migrations_recorded(store.engine)
    restarted = reopen()
    assert migrations_recorded(restarted.engine) == recorded
    assert db.migrate(restarted.engine) == []


CREATE_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations"
    " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def another_server_creating_the_tables(url: str):
    """A raw connection inside an open transaction that is creating schema_migrations, as migrate() does."""
    if url.startswith("sqlite"):
        raw = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(CREATE_MIGRATIONS_TABLE)
        return raw, lambda: raw.execute("COMMIT")
    raw = psycopg.connect(url)
    raw.execute("SELECT pg_advisory_xact_lock(7421001)")  # the lock migrate() holds while it migrates
    raw.execute(CREATE_MIGRATIONS_TABLE)
    return raw, raw.commit


def test_a_server_starting_while_another_creates_the_database_waits_for_it(fresh_url):
    url = fresh_url()
    raw, commit = another_server_creating_the_tables(url)
    errors: list[BaseException] = []

    def start_server() -> None:
        try:
            Store(url).close()
        except BaseException as error:  # noqa: BLE001 - any failure must fail the test
            errors.append(error)

    starting = threading.Thread(target=start_server)
    try:
        starting.start()
        time.sleep(0.5)
        still_waiting = starting.is_alive()
        commit()
        starting.join(timeout=60)
    finally:
        raw.close()
    assert errors == []
    assert still_waiting and not starting.is_alive()
    check = Store(url)
    try:
        assert [(v, n) for v, n, _ in migrations_recorded(check.engine)] == SHIPPED
    finally:
        check.close()


# --- join codes, keys and passwords -------------------------------------------------------------


def test_a_join_code_is_three_groups_of_three_unambiguous_symbols(store, collaboration):
    codes = [new_join_code() for _ in range(2_000)] + [
        new_session(store, collaboration)[0].code for _ in range(5)
    ]
    assert [c for c in codes if not CODE_FORMAT.match(c)] == []
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)


def test_the_code_alphabet_has_no_misreadable_letters_and_at_least_forty_bits():
    assert set("ILOU").isdisjoint(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert len(ALPHABET) ** CODE_LENGTH >= 2**40


def test_join_codes_do_not_repeat():
    codes = [new_join_code() for _ in range(50_000)]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("7KQ-M2X-9RD", "7KQ-M2X-9RD"),
        ("7kq-m2x-9rd", "7KQ-M2X-9RD"),
        ("7kqm2x9rd", "7KQ-M2X-9RD"),
        ("  7KQ M2X 9RD  ", "7KQ-M2X-9RD"),
        ("7KQ_M2X.9RD", "7KQ-M2X-9RD"),
        ("OOO-III-LLL", "000-111-111"),
        ("ooo-iii-lll", "000-111-111"),
        ("", None),
        ("7KQ-M2X-9R", None),
        ("7KQ-M2X-9RDX", None),
        ("7KQ-M2X-9RU", None),
        ("7KQ-M2X-9R!", None),
        ("' OR 1=1 --", None),
        ("x" * 5000, None),
    ],
)
def test_normalise_code_reads_what_people_type(typed, canonical):
    assert normalise_code(typed) == canonical


UNKNOWN = "ABC-DEF-GHJ"

OPERATIONS = {
    "info": lambda s, code: s.info(code),
    "session": lambda s, code: s.session(code),
    "is_facilitator": lambda s, code: s.is_facilitator(code, "any key"),
    "series": lambda s, code: s.series(code),
    "previous": lambda s, code: s.previous(code),
    "join": lambda s, code: s.join(code, "Ben"),
    "vote": lambda s, code: s.vote(code, "someone", "vision", "rating", "developing"),
    "set_entry": lambda s, code: s.set_entry(
        code, "any key", "vision", "rating", actor="Ana", level="developing"
    ),
    "history": lambda s, code: s.history(code, "any key"),
    "undo": lambda s, code: s.undo(code, "any key", 1, actor="Ana"),
    "export_json": lambda s, code: s.export_json(code, "any key"),
    "delete_session": lambda s, code: s.delete_session(code, "any key"),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_unknown_code_is_session_not_found_with_the_exact_message(collab_session, operation):
    store, _, _ = collab_session
    with pytest.raises(SessionNotFound) as error:
        OPERATIONS[operation](store, UNKNOWN)
    assert str(error.value) == "No such session: ABC-DEF-GHJ. Check the code on the projector and try again."


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("", ""),
        ("   ", ""),
        ("ABC-DEF", "ABC-DEF"),
        ("' OR 1=1 --", "' OR 1=1 --"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x" * 5000, "x" * 40),
        ("A" * 41, "A" * 40),
    ],
    ids=["empty", "spaces", "too-short", "sql", "html", "5000-chars", "41-chars"],
)
def test_a_malformed_code_is_session_not_found_and_echoes_at_most_forty_characters(
    collab_session, typed, echoed
):
    store, code, key = collab_session
    for operation in ("info", "session", "join", "set_entry"):
        with pytest.raises(SessionNotFound) as error:
            OPERATIONS[operation](store, typed)
        if echoed:
            assert str(error.value) == NOT_FOUND.format(echoed)
        else:
            assert str(error.value) == "No session code given: type the join code shown on the projector."
        assert error.value.code == echoed
    assert [s.code for s in store.sessions_for_key(key)] == [code]


KEY_ACTIONS = {
    "set_entry": lambda s, code, key, change: s.set_entry(
        code, key, "vision", "rating", actor="X", level="beginning"
    ),
    "history": lambda s, code, key, change: s.history(code, key),
    "undo": lambda s, code, key, change: s.undo(code, key, change, actor="X"),
    "delete_session": lambda s, code, key, change: s.delete_session(code, key),
    "export_json": lambda s, code, key, change: s.export_json(code, key),
}


@pytest.mark.parametrize("action", KEY_ACTIONS)
@pytest.mark.parametrize(
    "given", ["none", "empty", "wrong", "another session's key", "a participant id", "the code"]
)
def test_facilitator_actions_need_the_facilitator_key(collab_session, collaboration, action, given):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", level="developing")
    change = store.history(code, key)[-1].id
    _, other_key = new_session(store, collaboration, team="Another team")
    participant = store.join(code, "Ben")
    bad_key = {
        "none": None,
        "empty": "",
        "wrong": "not-the-key",
        "another session's key": other_key,
        "a participant id": participant.id,
        "the code": code,
    }[given]
    before = store.session(code)
    with pytest.raises(AccessDenied) as error:
        KEY_ACTIONS[action](store, code, bad_key, change)
    assert str(error.value) == denied(code)
    assert store.session(code) == before
    assert len(store.history(code, key)) == 1


def test_a_participant_can_vote_but_not_change_the_team_rating(collab_session):
    store, code, key = collab_session
    me = store.join(code, "Ben")
    open_voting(store, code, key)
    vote = store.vote(code, me.id, "vision", "rating", "evolving")
    assert (vote.participant_id, vote.level) == (me.id, "evolving")
    assert not store.is_facilitator(code, me.id)
    with pytest.raises(AccessDenied) as error:
        store.set_entry(code, me.id, "vision", "rating", actor="Ben", level="evolving")
    assert str(error.value) == denied(code)
    assert store.session(code).entry("vision", "rating").rating.level is None


@pytest.mark.parametrize(
    ("given", "opens"), [("exact", True), ("padded", True), ("other", False), ("none", False)]
)
def test_is_facilitator_tells_whether_a_key_opens_the_session(collab_session, given, opens):
    store, code, key = collab_session
    typed = {"exact": key, "padded": f"  {key}\n", "other": key + "x", "none": None}[given]
    assert store.is_facilitator(code, typed) is opens


def test_sessions_for_key_lists_exactly_that_facilitators_sessions_newest_first(
    store, collaboration, leadership
):
    first, ana = new_session(store, collaboration, held_on=datetime.date(2026, 9, 1))
    second, same = new_session(store, leadership, held_on=datetime.date(2026, 10, 1), key=ana)
    theirs, ben = new_session(store, collaboration, facilitator="Ben Ode")
    assert same == ana
    assert [s.code for s in store.sessions_for_key(ana)] == [second.code, first.code]
    assert [s.code for s in store.sessions_for_key(ben)] == [theirs.code]
    assert store.sessions_for_key("nobody's key") == []


def test_a_new_key_is_made_when_none_or_only_spaces_is_given(store, collaboration):
    _, made = new_session(store, collaboration)
    _, from_spaces = new_session(store, collaboration, key="   ")
    assert len(made) >= 16 and len(from_spaces) >= 16 and made != from_spaces
    assert from_spaces.strip() == from_spaces


def test_the_facilitator_key_is_neither_stored_nor_exported(collab_session):
    store, code, key = collab_session
    with store.engine.connect() as conn:
        rows = conn.execute(select(db.sessions)).all()
    assert len(rows) == 1
    assert key not in repr(rows)
    assert key not in store.export_json(code, key)


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [
        (None, None, True),
        ("anything", "", True),
        (None, "pässwörd", False),
        ("", "pässwörd", False),
        ("pässwörd", "pässwörd", True),
        ("Pässwörd", "pässwörd", False),
        ("pässwörd ", "pässwörd", False),
    ],
)
def test_the_app_password_is_needed_only_when_one_is_set(given, expected, ok):
    assert password_ok(given, expected) is ok


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "label"), [("evidence", "Evidence"), ("next_steps", "Next steps")])
@pytest.mark.parametrize("length", [MAX_TEXT + 1, 123_456])
def test_text_over_the_limit_is_refused_and_the_saved_text_kept(collab_session, field, label, length):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", **{field: "Saved before"})
    with pytest.raises(InputError) as error:
        store.set_entry(code, key, "vision", "rating", actor="Ben", **{field: "x" * length})
    assert str(error.value) == (
        f"{label} is too long: {length:,} characters (the limit is 20,000). "
        "Shorten it, or link to a longer document instead."
    )
    entry = store.session(code).entry("vision", "rating")
    assert (getattr(entry, field), entry.updated_by) == ("Saved before", "Ana")
    assert len(store.history(code, key)) == 1


def test_text_of_exactly_the_limit_is_saved(collab_session):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", evidence="é" * MAX_TEXT)
    assert store.session(code).entry("vision", "rating").evidence == "é" * MAX_TEXT


def test_a_refused_field_saves_nothing_of_the_same_change(collab_session):
    store, code, key = collab_session
    with pytest.raises(InputError):
        store.set_entry(
            code, key, "vision", "rating", actor="Ana", level="evolving", evidence="x" * (MAX_TEXT + 1)
        )
    assert store.session(code).entry("vision", "rating").rating.level is None
    assert store.history(code, key) == []


TEXTS = {
    "accents": "Équipe d'amélioration — año, Straße, Ångström",
    "emoji": "Great progress 🎉👩🏽‍🏫👨‍👩‍👧‍👦 ✅",
    "arabic": "خطة تحسين المدرسة: الهدف الأول",
    "hebrew": "תוכנית שיפור בית הספר (שלב 2)",
    "mixed direction": "Goal 1: שיפור reading \u202bבקריאה\u202c and \u200fمرحبا\u200f",
    "cjk": "学校改进计划 学校改善計画",
    "quotes": """He said "it's done" `really` ‘yes’ “no”""",
    "html": "<b>bold</b> &amp; <a href='x'>link</a>",
    "script": "<script>alert('x')</script>",
    "sql": "Robert'); DROP TABLE sessions;--",
    "formula": "=SUM(A1:A9)",
    "dde": "=cmd|' /C calc'!A0",
    "control characters": "tab\there\r\nbell\x07 esc\x1b[31m del\x7f \x01\x1f",
    "padding": "   leading and trailing spaces   ",
    "newlines": "line one\n\n\nline four\n",
    "empty": "",
    "json": '{"level": "accomplished", "undoes": 1}',
    "backslashes": "C:\\temp\\new\\table \\x00 \\u0000",
}


@pytest.mark.parametrize("written", TEXTS.values(), ids=TEXTS.keys())
def test_any_text_is_stored_and_read_back_exactly(collab_session, reopen, written):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", evidence="first", next_steps="first")
    entry = store.set_entry(
        code, key, "vision", "rating", actor=written or "Ana", evidence=written, next_steps=written[::-1]
    )
    assert (entry.evidence, entry.next_steps) == (written, written[::-1])
    again = reopen().session(code).entry("vision", "rating")
    assert (again.evidence, again.next_steps, again.updated_by) == (written, written[::-1], written or "Ana")
    assert [c.new for c in store.history(code, key)[-2:]] == [written, written[::-1]]


def test_a_nul_character_is_refused_with_a_plain_message_on_every_engine(collab_session):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", evidence="kept")
    with pytest.raises(InputError) as error:
        store.set_entry(code, key, "vision", "rating", actor="Ana", evidence="pasted\x00from a PDF")
    assert str(error.value) == (
        "Evidence contains an invisible NUL character, often left by copying from a PDF. "
        "Retype or paste the text as plain text."
    )
    assert store.session(code).entry("vision", "rating").evidence == "kept"


def test_names_keep_their_unicode_and_lose_extra_spaces(store, collaboration):
    info, _ = new_session(
        store,
        collaboration,
        district="  Escuelas   del Niño ",
        school="مدرسة\tالنور",
        team="צוות  שיפור",
        facilitator="Zoë 🎓",
    )
    assert (info.district, info.school, info.team, info.facilitator) == (
        "Escuelas del Niño",
        "مدرسة النور",
        "צוות שיפור",
        "Zoë 🎓",
    )
    assert store.info(info.code) == info


CELL_ERRORS = [
    pytest.param(
        "collaboration",
        "vision",
        "rating",
        {"level": "expert"},
        "No such level: expert (levels: beginning, developing, evolving, accomplished)",
        id="level",
    ),
    pytest.param(
        "sipr",
        "1.1",
        "scale",
        {"level": "accomplished"},
        "No such level: accomplished (levels: not-yet, emerging, approaching, acceptable)",
        id="level-sipr",
    ),
    pytest.param(
        "collaboration",
        "nope",
        "rating",
        {"level": "developing"},
        f'No such row in "{COLLABORATION_TITLE}": nope',
        id="row",
    ),
    pytest.param(
        "collaboration",
        "vision",
        "scale",
        {"level": "developing"},
        f'No such dimension in "{COLLABORATION_TITLE}": scale',
        id="dimension",
    ),
    pytest.param(
        "sipr",
        "1.1",
        "rating",
        {"evidence": "x"},
        f'No such dimension in "{SIPR_TITLE}": rating',
        id="dimension-sipr",
    ),
    pytest.param(
        "sipr",
        "1.1",
        "implementation",
        {"ticked": [0, 3]},
        "No such criterion: this row has 3 criteria on implementation.",
        id="criterion",
    ),
    pytest.param(
        "sipr",
        "1.1",
        "implementation",
        {"ticked": [-1]},
        "No such criterion: this row has 3 criteria on implementation.",
        id="negative-criterion",
    ),
    pytest.param(
        "collaboration",
        "vision",
        "rating",
        {"ticked": [0]},
        "No such criterion: this row has 0 criteria on rating.",
        id="row-without-criteria",
    ),
    pytest.param(
        "collaboration", "vision", "rating", {"evidence": 42}, "Evidence must be text.", id="evidence-number"
    ),
    pytest.param(
        "collaboration",
        "vision",
        "rating",
        {"next_steps": None},
        "Next steps must be text.",
        id="next-steps-none",
    ),
]


@pytest.mark.parametrize(("rubric", "row", "dimension", "fields", "message"), CELL_ERRORS)
def test_an_unknown_level_row_dimension_or_criterion_is_an_input_error(
    store, request, rubric, row, dimension, fields, message
):
    info, key = new_session(store, request.getfixturevalue(rubric))
    with pytest.raises(InputError) as error:
        store.set_entry(info.code, key, row, dimension, actor="Ana", **fields)
    assert str(error.value) == message
    assert store.session(info.code).entries == {}
    assert store.history(info.code, key) == []


VOTE_ERRORS = [
    pytest.param(
        "vision",
        "rating",
        "expert",
        "No such level: expert (levels: beginning, developing, evolving, accomplished)",
        id="level",
    ),
    pytest.param("nope", "rating", "developing", f'No such row in "{COLLABORATION_TITLE}": nope', id="row"),
    pytest.param(
        "vision",
        "scale",
        "developing",
        f'No such dimension in "{COLLABORATION_TITLE}": scale',
        id="dimension",
    ),
]


@pytest.mark.parametrize(("row", "dimension", "level", "message"), VOTE_ERRORS)
def test_a_vote_for_an_unknown_level_row_or_dimension_is_an_input_error(
    collab_session, row, dimension, level, message
):
    store, code, key = collab_session
    me = store.join(code, "Ben")
    open_voting(store, code, key)
    with pytest.raises(InputError) as error:
        store.vote(code, me.id, row, dimension, level)
    assert str(error.value) == message
    assert store.session(code).votes == []
    assert store.history(code, key, include_votes=True) == []


def test_a_vote_without_an_open_round_is_refused_and_nothing_is_recorded(collab_session):
    store, code, key = collab_session
    me = store.join(code, "Ben")
    with pytest.raises(VotingClosed) as error:
        store.vote(code, me.id, "vision", "rating", "developing")
    assert str(error.value) == "Voting has not opened yet: wait for the facilitator to open it."
    open_voting(store, code, key)
    store.vote(code, me.id, "vision", "rating", "developing")
    voting.close_round(store, code, key)
    with pytest.raises(VotingClosed) as error:
        store.vote(code, me.id, "vision", "rating", "evolving")
    assert str(error.value) == (
        "Voting has closed, so this vote was not recorded. The team's votes are on the projector."
    )
    assert [(v.participant_id, v.level) for v in store.session(code).votes] == [(me.id, "developing")]
    assert [c.new for c in store.history(code, key, include_votes=True)] == ["developing"]


@pytest.mark.parametrize(
    ("field", "what"), [("district", "district"), ("team", "team"), ("facilitator", "facilitator")]
)
@pytest.mark.parametrize("blank", ["", "   ", "\t\n "])
def test_an_empty_district_team_or_facilitator_is_an_input_error(store, collaboration, field, what, blank):
    with pytest.raises(InputError) as error:
        new_session(store, collaboration, key="Ana's key", **{field: blank})
    assert str(error.value) == f"{what.capitalize()} is empty: type a {what}."
    assert store.sessions_for_key("Ana's key") == []


def test_every_problem_of_a_new_session_is_named_at_once(store, collaboration):
    with pytest.raises(InputError) as error:
        new_session(store, collaboration, key="Ana's key", district=" ", team="T" * 201, facilitator="")
    assert str(error.value) == (
        "District is empty: type a district. "
        "Team is too long: 201 characters (the limit is 200). Shorten it, or link to a longer document instead. "
        "Facilitator is empty: type a facilitator."
    )
    assert store.sessions_for_key("Ana's key") == []


def test_a_name_over_two_hundred_characters_is_an_input_error(store, collaboration):
    with pytest.raises(InputError) as error:
        new_session(store, collaboration, key="Ana's key", team="T" * 201)
    assert str(error.value) == (
        "Team is too long: 201 characters (the limit is 200). "
        "Shorten it, or link to a longer document instead."
    )
    assert store.sessions_for_key("Ana's key") == []


# --- the rubric text a session was rated against ---------------------------------------------------


def retitled(rubric):
    return rubric.model_copy(update={"title": rubric.title + " (2027 edition)"})


def renamed_level(rubric):
    levels = [rubric.levels[0].model_copy(update={"name": "Starting out"}), *rubric.levels[1:]]
    return rubric.model_copy(update={"levels": levels})


@pytest.mark.parametrize("edit", [retitled, renamed_level])
def test_a_session_keeps_the_rubric_text_it_was_rated_against(store, reopen, collaboration, edit):
    original = collaboration
    info, key = new_session(store, original)
    store.set_entry(info.code, key, "vision", "rating", actor="Ana", level="developing")
    modified = edit(original)
    assert modified != original
    later, _ = new_session(store, modified, team="Another team")
    assert info.fingerprint == original.fingerprint()
    assert later.fingerprint == modified.fingerprint() != original.fingerprint()
    assert store.session(info.code).rubric == original
    assert store.session(later.code).rubric == modified
    restarted = reopen()
    assert restarted.session(info.code).rubric == original
    assert restarted.info(info.code).fingerprint == original.fingerprint()
    assert restarted.session(later.code).rubric == modified


# --- series -----------------------------------------------------------------------------------------


def test_sessions_of_one_team_on_one_continuum_form_a_series_ordered_by_date(store, collaboration):
    spring, key = new_session(
        store,
        collaboration,
        held_on=datetime.date(2026, 4, 1),
        district="riverside  schools",
        team="DISTRICT CI TEAM",
    )
    autumn, _ = new_session(
        store,
        collaboration,
        held_on=datetime.date(2026, 10, 1),
        district=" Riverside Schools ",
        team="district ci team",
    )
    winter, _ = new_session(store, collaboration, held_on=datetime.date(2026, 1, 15))
    store.set_entry(spring.code, key, "vision", "rating", actor="Ana", level="evolving", evidence="Spring")
    assert [s.code for s in store.series(autumn.code)] == [winter.code, spring.code, autumn.code]
    assert store.series(winter.code) == store.series(spring.code.lower())
    earlier = store.previous(autumn.code.lower().replace("-", ""))
    assert earlier.info == store.info(spring.code)
    assert earlier.entry("vision", "rating").evidence == "Spring"
    assert store.previous(spring.code).info.code == winter.code
    assert store.previous(winter.code) is None


@pytest.mark.parametrize(
    "other",
    [
        {"team": "School improvement team"},
        {"school": "Lincoln Elementary"},
        {"district": "Lakeside Schools"},
        {"rubric": "leadership"},
    ],
    ids=["team", "school", "district", "continuum"],
)
def test_another_team_school_district_or_continuum_is_another_series(store, request, collaboration, other):
    first, _ = new_session(store, collaboration, held_on=datetime.date(2026, 4, 1))
    fields = dict(other)
    rubric = request.getfixturevalue(fields.pop("rubric")) if "rubric" in fields else collaboration
    second, _ = new_session(store, rubric, held_on=datetime.date(2026, 10, 1), **fields)
    assert store.previous(second.code) is None
    assert [s.code for s in store.series(second.code)] == [second.code]
    assert [s.code for s in store.series(first.code)] == [first.code]


def test_a_pipe_in_a_name_does_not_merge_two_teams_into_one_series(store, collaboration):
    first, _ = new_session(
        store,
        collaboration,
        district="North|South",
        school="",
        team="CI team",
        held_on=datetime.date(2026, 4, 1),
    )
    second, _ = new_session(
        store,
        collaboration,
        district="North",
        school="South|",
        team="CI team",
        held_on=datetime.date(2026, 10, 1),
    )
    assert store.previous(second.code) is None
    assert [s.code for s in store.series(first.code)] == [first.code]


def test_previous_skips_a_deleted_session(store, collaboration):
    one, key = new_session(store, collaboration, held_on=datetime.date(2026, 1, 1))
    two, two_key = new_session(store, collaboration, held_on=datetime.date(2026, 2, 1))
    three, _ = new_session(store, collaboration, held_on=datetime.date(2026, 3, 1))
    store.delete_session(two.code, two_key)
    assert store.previous(three.code).info.code == one.code
    assert [s.code for s in store.series(one.code)] == [one.code, three.code]


# --- portable sessions --------------------------------------------------------------------------------


def test_an_exported_session_imports_into_an_empty_store_identically(rated_session, other_store):
    store, code, key = rated_session
    exported = store.export_json(code, key)
    info = other_store.import_json(exported)
    assert info == store.info(code)
    assert other_store.export_json(code, key) == exported
    assert other_store.session(code) == store.session(code)
    assert [
        (c.field, c.old, c.new, c.undoes is not None)
        for c in other_store.history(code, key, include_votes=True)
    ] == [(c.field, c.old, c.new, c.undoes is not None) for c in store.history(code, key, include_votes=True)]
    assert [s.code for s in other_store.sessions_for_key(key)] == [code]
    entry = other_store.set_entry(code, key, "1.2", "implementation", actor="Cy", level="acceptable")
    assert entry.rating.level == "acceptable"


def test_an_imported_undo_still_points_at_the_change_it_undid(rated_session, other_store):
    store, code, key = rated_session
    other_store.import_json(store.export_json(code, key))
    history = other_store.history(code, key)
    undo = next(c for c in history if c.undoes is not None)
    undone = next(c for c in history if c.id == undo.undoes)
    assert (undone.field, undone.old, undone.new) == ("level", "approaching", "acceptable")
    assert (undo.old, undo.new) == ("acceptable", "approaching")


def test_an_export_read_as_bytes_imports_too(rated_session, other_store):
    store, code, key = rated_session
    exported = store.export_json(code, key)
    other_store.import_json(exported.encode("utf-8"))
    assert other_store.export_json(code, key) == exported


def test_importing_into_the_same_store_gives_a_copy_with_a_new_code(rated_session):
    store, code, key = rated_session
    original = store.session(code)
    exported = store.export_json(code, key)
    copy = store.import_json(exported)
    assert copy.code != code and CODE_FORMAT.match(copy.code)
    assert copy.id != original.info.id
    assert {s.code for s in store.sessions_for_key(key)} == {code, copy.code}
    assert store.is_facilitator(copy.code, key)
    copied = store.session(copy.code)
    assert (copied.entries, copied.votes, copied.participants, copied.rubric) == (
        original.entries,
        original.votes,
        original.participants,
        original.rubric,
    )
    again = json.loads(store.export_json(copy.code, key))
    again["session"].update(id=original.info.id, code=code)
    assert again == json.loads(exported)
    store.set_entry(copy.code, key, "1.1", "implementation", actor="Ana", level="acceptable")
    assert store.session(code).entry("1.1", "implementation").rating.level == "emerging"


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
        damage(lambda d: d.update(version=4)),
        "This session file is version 4, newer than this app reads "
        "(version 3). Update the app, then import the file again. Nothing was imported.",
        id="version-4",
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
    exported = store.export_json(code, key)
    message = message.replace("{last}", str(exported.count("\n") + 1))
    for target in (store, other_store):
        before = target.sessions_for_key(key)
        with pytest.raises(ExportError) as error:
            target.import_json(spoil(exported))
        assert str(error.value) == message
        assert target.sessions_for_key(key) == before
    assert other_store.sessions_for_key(key) == []


def test_a_file_with_a_vote_by_someone_who_never_joined_is_refused(rated_session, other_store):
    store, code, key = rated_session
    spoilt = damage(lambda d: d["votes"][0].update(participant_id="never-joined"))(
        store.export_json(code, key)
    )
    with pytest.raises(ExportError) as error:
        other_store.import_json(spoilt)
    assert str(error.value) == (
        'This session file is damaged: votes name a participant who never joined: "never-joined". '
        "Nothing was imported."
    )
    assert other_store.sessions_for_key(key) == []


# --- deleting a session -----------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["info", "session", "join", "vote", "series", "previous"])
def test_a_deleted_session_is_not_found_by_its_code(collab_session, operation):
    store, code, key = collab_session
    store.delete_session(code, key)
    with pytest.raises(SessionNotFound) as error:
        OPERATIONS[operation](store, code)
    assert str(error.value) == NOT_FOUND.format(code)


def test_a_deleted_session_stays_deleted_after_a_restart(collab_session, collaboration, reopen):
    store, code, key = collab_session
    kept, _ = new_session(store, collaboration, key=key, team="Another team")
    store.delete_session(code.lower(), key)
    restarted = reopen()
    with pytest.raises(SessionNotFound):
        restarted.session(code)
    with pytest.raises(SessionNotFound):
        restarted.export_json(code, key)
    assert [s.code for s in restarted.sessions_for_key(key)] == [kept.code]


# --- participants and votes ------------------------------------------------------------------------


def test_a_vote_before_joining_is_refused(collab_session):
    store, code, key = collab_session
    open_voting(store, code, key)
    with pytest.raises(AccessDenied) as error:
        store.vote(code, "a-stranger", "vision", "rating", "developing")
    assert str(error.value) == "Join the session with your name before you vote."
    assert store.session(code).votes == []
    assert store.history(code, key, include_votes=True) == []


def test_joining_another_session_does_not_let_you_vote_in_this_one(collab_session, collaboration):
    store, code, key = collab_session
    open_voting(store, code, key)
    other, _ = new_session(store, collaboration, team="Another team")
    me = store.join(other.code, "Ben")
    with pytest.raises(AccessDenied) as error:
        store.vote(code, me.id, "vision", "rating", "developing")
    assert str(error.value) == "Join the session with your name before you vote."


def test_changing_a_vote_keeps_one_vote_per_participant_per_row(collab_session):
    store, code, key = collab_session
    open_voting(store, code, key)
    ben = store.join(code, "Ben")
    cy = store.join(code, "Cy")
    for level in ("beginning", "evolving", "developing"):
        store.vote(code, ben.id, "vision", "rating", level)
    store.vote(code, cy.id, "vision", "rating", "accomplished")
    store.vote(code, ben.id, "policies", "rating", "beginning")
    session = store.session(code)
    assert sorted((v.participant_id, v.level) for v in session.votes_on("vision", "rating")) == sorted(
        [(ben.id, "developing"), (cy.id, "accomplished")]
    )
    assert [(v.participant_id, v.level) for v in session.votes_on("policies", "rating")] == [
        (ben.id, "beginning")
    ]
    assert len(session.votes) == 3


def test_an_abstention_is_stored_as_a_vote_without_a_level(collab_session, reopen):
    store, code, key = collab_session
    open_voting(store, code, key)
    ben = store.join(code, "Ben")
    store.vote(code, ben.id, "vision", "rating", "evolving")
    vote = store.vote(code, ben.id, "vision", "rating", None)
    assert vote.level is None
    votes = reopen().session(code).votes_on("vision", "rating")
    assert [(v.participant_id, v.level) for v in votes] == [(ben.id, None)]


def test_votes_are_in_the_history_only_when_asked(collab_session):
    store, code, key = collab_session
    open_voting(store, code, key)
    ben = store.join(code, "Ben")
    store.set_entry(code, key, "vision", "rating", actor="Ana", level="developing")
    store.vote(code, ben.id, "vision", "rating", "evolving")
    store.vote(code, ben.id, "vision", "rating", None)
    assert [c.field for c in store.history(code, key)] == ["level"]
    assert [
        (c.actor, c.row_id, c.field, c.old, c.new) for c in store.history(code, key, include_votes=True)
    ] == [
        ("Ana", "vision", "level", None, "developing"),
        ("Ben", "vision", f"vote:{ben.id}", None, "evolving"),
        ("Ben", "vision", f"vote:{ben.id}", "evolving", None),
    ]


def test_joining_again_with_the_same_id_renames_the_participant(collab_session):
    store, code, _ = collab_session
    first = store.join(code, "Ben")
    store.join(code, "Benjamin O.", participant_id=first.id)
    assert [(p.id, p.name) for p in store.session(code).participants] == [(first.id, "Benjamin O.")]


def test_joining_again_returns_the_participant_as_stored(collab_session):
    store, code, _ = collab_session
    first = store.join(code, "Ben")
    again = store.join(code, "Benjamin", participant_id=first.id)
    assert store.session(code).participants == [again]


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_an_empty_name_joins_as_anonymous_when_the_round_allows_it(collab_session, name):
    store, code, key = collab_session
    with pytest.raises(InputError, match="Type your name"):
        store.join(code, name)  # the store's join keeps the voting rules
    voting.open_round(store, code, key, [("vision", "rating")], actor="F", allow_anonymous=True)
    me = store.join(code, name)
    assert me.name == "Anonymous"
    assert [p.name for p in store.session(code).participants] == ["Anonymous"]


def test_a_text_changed_in_another_window_is_not_overwritten_and_the_message_quotes_it(collab_session):
    store, code, key = collab_session
    store.set_entry(code, key, "vision", "rating", actor="Ana", evidence="Seen by both windows")
    store.set_entry(code, key, "vision", "rating", actor="Ana", evidence="Window A: plans merged")
    with pytest.raises(EditConflict) as conflict:
        store.set_entry(
            code, key, "vision", "rating", actor="Ana", evidence="Window B: plans drafted",
            expected={"evidence": "Seen by both windows"},
        )
    assert str(conflict.value) == (
        "Not saved: the evidence of this row was changed in another window since this one showed it. "
        "It now reads: “Window A: plans merged”. Your text is still in the box: to keep it instead, change it "
        "and click out of the box again."
    )
    assert store.session(code).entry("vision", "rating").evidence == "Window A: plans merged"
    saved = store.set_entry(
        code, key, "vision", "rating", actor="Ana", evidence="Window B: plans drafted",
        expected={"evidence": "Window A: plans merged"},  # having seen the other window's text
    )
    assert saved.evidence == "Window B: plans drafted"
    same = store.set_entry(  # both windows typed the same: nothing to protect
        code, key, "vision", "rating", actor="Ana", evidence="Window B: plans drafted", expected={"evidence": "old"}
    )
    assert same.evidence == "Window B: plans drafted"
