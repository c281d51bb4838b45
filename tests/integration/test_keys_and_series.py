"""Facilitator keys and the series they hold (issue: trust), on SQLite and PostgreSQL.

Keys are hard to guess and stored as salted scrypt hashes; a session joins a series only when the key
that holds the series says so; databases from before keep working, their shared series split by key.
"""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from sqlalchemy import select, text
from store_support import make_session

from sipr_core import InputError, Store, load_library
from sipr_core.access import key_matches
from sipr_core.storage import engine, migrations, schema

WEAK = (
    "That facilitator key is too easy to guess: a key needs the strength of 64 random bits (for example "
    "25 random letters and digits, or six or more unrelated words). Leave the box empty to get a strong key "
    "made for you, or type the key you got for your earlier sessions."
)


@pytest.mark.parametrize(
    "typed",
    ["1", "password123", "riverside-district-ci-team-2026", "Riverside Schools District CI team", "a" * 40],
    ids=["one", "common", "the-names", "the-names-spaced", "repeated"],
)
def test_a_typed_key_that_is_easy_to_guess_is_refused_and_nothing_is_made(store, collaboration, typed):
    with pytest.raises(InputError) as refused:
        make_session(store, collaboration, key=typed)
    assert str(refused.value) == WEAK
    assert store.sessions.for_key(typed) == []
    with store.engine.connect() as conn:
        assert conn.execute(select(schema.sessions)).all() == []


def test_a_strong_typed_key_holds_every_session_made_with_it(store, collaboration, leadership):
    typed = "ocean violet ladder kettle marble cinema"
    first, key = make_session(store, collaboration, key=typed)
    second, again = make_session(store, leadership, key=f"  {typed} ")
    assert key == again == typed
    assert {s.code for s in store.sessions.for_key(typed)} == {first.code, second.code}


def test_a_made_key_is_125_random_bits_in_five_groups(store, collaboration):
    _, key = make_session(store, collaboration)
    groups = key.split("-")
    assert [len(g) for g in groups] == [5, 5, 5, 5, 5]
    assert not key.startswith("-")  # a key starting with "-" reads as an option on the command line


def test_keys_are_stored_as_salted_scrypt_hashes_and_the_session_file_holds_none(store, collaboration):
    first, key = make_session(store, collaboration)
    make_session(store, collaboration, key=key)
    second, other_key = make_session(store, collaboration)
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.facilitator_keys)).all()
    assert len(stored) == 2  # one row per key, however many sessions it holds
    hashes = [row.key_hash for row in stored]
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes)
    assert hashes[0].split("$")[4] != hashes[1].split("$")[4]  # each salted afresh
    exported = store.transfer.export_json(first.code, key)
    assert "key_hash" not in json.loads(exported)["session"]
    assert not any(h.split("$")[5] in exported for h in hashes)
    assert key not in repr(stored) and hashlib.sha256(key.encode()).hexdigest() not in exported


def test_an_imported_file_opens_with_the_importers_key_or_a_new_one(store, other_store, collaboration):
    info, key = make_session(store, collaboration)
    exported = store.transfer.export_json(info.code, key)
    stranger = other_store.transfer.import_session(exported)
    assert stranger.new_key and stranger.key != key
    assert not other_store.sessions.is_facilitator(stranger.info.code, key)
    assert other_store.sessions.is_facilitator(stranger.info.code, stranger.key)


def test_a_file_joins_a_series_here_only_when_the_importers_key_holds_it(store, collaboration):
    team, key = make_session(store, collaboration, held_on=datetime.date(2026, 4, 1))
    later, _ = make_session(
        store, collaboration, held_on=datetime.date(2026, 9, 1), key=key, follow_up_of=team.code
    )
    exported = store.transfer.export_json(later.code, key)
    outsider = store.transfer.import_session(exported, "ocean violet ladder kettle marble cinema")
    assert not outsider.joined_series
    assert [s.code for s in store.sessions.series(team.code)] == [team.code, later.code]
    assert [s.code for s in store.sessions.series(outsider.info.code)] == [outsider.info.code]
    own = store.transfer.import_session(exported, key)
    assert own.joined_series and not own.new_key
    assert own.info.code in [s.code for s in store.sessions.series(team.code)]


def test_sessions_moved_one_by_one_to_another_server_stay_one_series(store, other_store, collaboration):
    first, key = make_session(store, collaboration, held_on=datetime.date(2026, 4, 1))
    second, _ = make_session(
        store, collaboration, held_on=datetime.date(2026, 9, 1), key=key, follow_up_of=first.code
    )
    for info in (first, second):
        other_store.transfer.import_session(store.transfer.export_json(info.code, key), key)
    assert [s.code for s in other_store.sessions.series(second.code)] == [first.code, second.code]


# --- a database from before: keys and series of their own (migration 7) -------------------------------


def old_database(url: str) -> None:
    """A database as migration 6 left it: two teams typed the same names (one series), each with a key."""
    made = engine.make_engine(url)
    try:
        migrations.migrate(made, migrations.MIGRATIONS[:6])
        shared = json.dumps(["riverside schools", "", "district ci team", "micip-collaboration"])
        with engine.writing(made) as conn:
            conn.execute(
                text("INSERT INTO rubric_texts (fingerprint, rubric_id, body) VALUES ('fp', 'micip-collaboration', :b)"),
                {"b": load_library().get("micip-collaboration").model_dump_json()},
            )
            for n, owner in enumerate(
                ["team-key-0123456789", "team-key-0123456789", "outsider-key-9876543210"]
            ):
                conn.execute(
                    text(
                        "INSERT INTO sessions (id, code, key_hash, district, school, team, held_on, rubric_id,"
                        " fingerprint, facilitator, series, created_at) VALUES (:id, :code, :hash, 'Riverside"
                        " Schools', '', 'District CI team', :day, 'micip-collaboration', 'fp', 'Ana', :series,"
                        " :at)"
                    ),
                    dict(
                        id=f"s{n}",
                        code=f"AAA-BBB-CC{n}",
                        hash=hashlib.sha256(owner.encode()).hexdigest(),
                        day=f"2026-0{n + 1}-01",
                        series=shared,
                        at=f"2026-0{n + 1}-01T00:00:00",
                    ),
                )
            conn.execute(
                text(
                    "INSERT INTO targets (series, scope, item_id, dimension, level, set_by, set_at)"
                    " VALUES (:s, 'row', 'vision', 'rating', 'evolving', 'Ana', 'now')"
                ),
                {"s": shared},
            )
    finally:
        made.dispose()


def test_an_old_shared_series_is_split_by_key_and_each_part_keeps_its_targets(store_url):
    old_database(store_url)
    store = Store(store_url)  # migrates
    try:
        team = store.sessions.series("AAA-BBB-CC0")
        assert [s.code for s in team] == ["AAA-BBB-CC0", "AAA-BBB-CC1"]
        assert [s.code for s in store.sessions.series("AAA-BBB-CC2")] == ["AAA-BBB-CC2"]
        assert store.sessions.previous("AAA-BBB-CC2") is None
        for code in ("AAA-BBB-CC0", "AAA-BBB-CC2"):
            assert store.targets.of(code).rows == {("vision", "rating"): "evolving"}
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM targets")).scalar() == 2
    finally:
        store.close()


def test_an_old_key_still_opens_its_sessions_and_its_hash_becomes_scrypt_at_its_next_use(store_url):
    old_database(store_url)
    store = Store(store_url)
    try:
        key = "team-key-0123456789"
        assert [s.code for s in store.sessions.for_key(key)] == ["AAA-BBB-CC1", "AAA-BBB-CC0"]
        assert store.sessions.is_facilitator("AAA-BBB-CC0", key)
        assert not store.sessions.is_facilitator("AAA-BBB-CC2", key)
        with store.engine.connect() as conn:
            before = conn.execute(select(schema.facilitator_keys.c.key_hash)).scalars().all()
        assert sorted(h.split("$")[0] for h in before) == ["sha256", "sha256"]
        store.sessions.start_timer("AAA-BBB-CC0", key, "Activity 2", 20)  # any change made with the key
        with store.engine.connect() as conn:
            after = conn.execute(select(schema.facilitator_keys.c.key_hash)).scalars().all()
        upgraded = [h for h in after if h.startswith("scrypt$")]
        assert len(upgraded) == 1 and key_matches(key, upgraded[0])
        assert store.sessions.is_facilitator("AAA-BBB-CC1", key)
    finally:
        store.close()
