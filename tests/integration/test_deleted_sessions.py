"""Deleting a session, on SQLite and PostgreSQL: it leaves every list and page but stays recoverable for 30
days under "Recently deleted" for the same key; after that it is purged for good, with everything in it.
The clock of the purge is injected: days pass without waiting for them."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import func, select
from store_support import denied, make_code, make_session, open_voting

from sipr_core import AccessDenied, SessionNotFound, Store
from sipr_core.storage import schema

UTC = datetime.UTC


def days_later(days: float):
    """A clock that many days ahead of now."""
    return lambda: datetime.datetime.now(UTC) + datetime.timedelta(days=days)


@pytest.fixture
def full_session(store, collaboration, library):
    """A session with something in every table that belongs to it: (store, code, key)."""
    balance = library.get("micip-maintaining-balance")
    code, key = make_code(store, balance)
    lincoln, _ = make_code(store, balance, school="Lincoln Elementary", team="Building CI team")
    store.entries.set(code, key, "team", "building", actor="Ana", level="in-place", evidence="Minutes")
    store.entries.set_reflection(code, key, "", "Why?", "Because", actor="Ana")
    store.actions.add(code, key, actor="Ana", what="Share the plan")
    store.templates.link(code, key, lincoln, actor="Ana")
    me = store.voting.join(code, "Ben")
    open_voting(store, code, key, [("team", "building")])
    store.voting.cast(code, me.id, "team", "building", "in-place")
    store.groups.make(code, key, ["Table 1", "Table 2"])
    store.voting.open_round(code, key, [("team", "building")], actor="Ana", by_groups=True)
    store.groups.rate(code, me.id, "team", "building", "in-place")
    store.preparation.tick(code, key, balance.guide[1].items[0], True)
    return store, code, key


def moved_on(store: Store, code: str, days: float) -> None:
    """Move a deletion's time on by some days, as if the session had been deleted that much later."""
    s = schema.sessions.c
    with store.engine.begin() as conn:
        at = datetime.datetime.fromisoformat(conn.execute(select(s.deleted_at).where(s.code == code)).scalar())
        later = (at + datetime.timedelta(days=days)).isoformat(timespec="microseconds")
        conn.execute(schema.sessions.update().where(s.code == code).values(deleted_at=later))


SESSION_TABLES = [
    schema.entries, schema.reflections, schema.participants, schema.votes, schema.changes,
    schema.action_items, schema.template_links, schema.voting_rounds, schema.vote_groups,
    schema.group_members, schema.group_ratings, schema.readiness_ticks,
]


def rows_of(store: Store, session_id: str) -> dict[str, int]:
    """How many rows each table holds for the session."""
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t).where(t.c.session_id == session_id)).scalar()
            for t in SESSION_TABLES
        }


def test_a_deleted_session_leaves_every_list_and_is_listed_as_recently_deleted_with_its_last_day(
    collab_session, collaboration
):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing")
    kept, _ = make_session(store, collaboration, team="Kept team", key=key)
    store.sessions.delete(code, key)
    assert [s.code for s in store.sessions.for_key(key)] == [kept.code]
    with pytest.raises(SessionNotFound):
        store.sessions.load(code)
    (deleted,) = store.deleted.for_key(key)
    assert deleted.info.code == code
    deleted_on = datetime.datetime.fromisoformat(deleted.deleted_at)
    assert deleted.gone_on == (deleted_on + datetime.timedelta(days=30)).date()
    assert store.deleted.for_key("another key") == []


def test_a_restored_session_comes_back_whole_and_both_steps_are_in_its_history(collab_session):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing", evidence="Posters")
    before = store.sessions.load(code)
    store.sessions.delete(code, key)
    restored = store.deleted.restore(code.lower().replace("-", ""), key)
    assert restored.code == code
    assert store.sessions.load(code) == before
    assert store.deleted.for_key(key) == []
    assert [(c.actor, c.field, c.old, c.new) for c in store.history.changes(code, key)][-2:] == [
        ("Ana Ruiz", "session", None, "deleted"),
        ("Ana Ruiz", "session", "deleted", None),
    ]


def test_restoring_needs_the_sessions_key(collab_session, collaboration):
    store, code, key = collab_session
    _, other_key = make_session(store, collaboration, team="Another team")
    store.sessions.delete(code, key)
    with pytest.raises(AccessDenied) as refused:
        store.deleted.restore(code, other_key)
    assert str(refused.value) == denied(code)
    with pytest.raises(SessionNotFound):
        store.deleted.restore("ABC-DEF-GHJ", key)
    live, live_key = make_code(store, collaboration, team="Live team")
    with pytest.raises(SessionNotFound):  # a session that is not deleted is not in the bin
        store.deleted.restore(live, live_key)


def test_after_thirty_days_a_deleted_session_is_purged_with_everything_in_it(full_session, collaboration):
    store, code, key = full_session
    info = store.sessions.info(code)
    assert all(rows_of(store, info.id).values())  # something in every table
    recent, _ = make_session(store, collaboration, team="Deleted later", key=key)
    live, _ = make_session(store, collaboration, team="Live team", key=key)
    store.entries.set(live.code, key, "vision", "rating", actor="Ana", level="beginning")
    store.sessions.delete(code, key)

    store.deleted.clock = days_later(29.9)
    assert [d.info.code for d in store.deleted.for_key(key)] == [code]  # still there on its last day

    store.sessions.delete(recent.code, key)
    moved_on(store, recent.code, days=1)  # as if deleted a day after the first
    store.deleted.clock = days_later(30.1)
    assert [d.info.code for d in store.deleted.for_key(key)] == [recent.code]
    assert set(rows_of(store, info.id).values()) == {0}
    with store.engine.connect() as conn:
        assert conn.execute(select(schema.sessions.c.id).where(schema.sessions.c.id == info.id)).first() is None
    with pytest.raises(SessionNotFound) as gone:
        store.deleted.restore(code, key)
    assert str(gone.value) == f"No such session: {code}. Check the code on the projector and try again."
    # the live session and the one deleted later are untouched
    assert store.sessions.load(live.code).entry("vision", "rating").rating.level == "beginning"
    store.deleted.restore(recent.code, key)
    assert {s.code for s in store.sessions.for_key(key)} == {live.code, recent.code}


def test_a_session_past_its_thirty_days_is_not_restored_even_before_it_is_purged(collab_session):
    store, code, key = collab_session
    store.sessions.delete(code, key)
    store.deleted.clock = days_later(31)
    with pytest.raises(SessionNotFound):
        store.deleted.restore(code, key)
    assert store.deleted.for_key(key) == []


def test_opening_the_store_purges_what_is_past_its_thirty_days(collab_session, store_url):
    store, code, key = collab_session
    info = store.sessions.info(code)
    store.sessions.delete(code, key)
    Store(store_url, clock=days_later(29)).close()
    assert rows_of(store, info.id)["changes"] > 0
    Store(store_url, clock=days_later(31)).close()
    assert rows_of(store, info.id)["changes"] == 0
