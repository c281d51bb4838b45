"""Fixtures of the store tests: reopening a database, more empty databases, a session with everything."""

from __future__ import annotations

import pg_server
import pytest
from store_support import make_session, open_voting

from sipr_core import Store


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
    info, key = make_session(store, sipr)
    code = info.code
    store.entries.set(code, key, "1.1", "implementation", actor="Ana", level="emerging", ticked=[0, 2])
    store.entries.set(
        code,
        key,
        "1.1",
        "implementation",
        actor="Ben",
        evidence="Plan « v2 » ✅ مرحبا",
        next_steps="=SUM(A1)",
    )
    store.entries.set(code, key, "1.1", "scale", actor="Ana", not_applicable=True)
    store.entries.set(code, key, "1.2", "scale", actor="Ana", level="approaching")
    store.entries.set(code, key, "1.2", "scale", actor="Ana", level="acceptable")
    last = store.history.changes(code, key)[-1]
    store.history.undo(code, key, last.id, actor="Ben")
    ana = store.voting.join(code, "Ana")
    ben = store.voting.join(code, "Ben")
    open_voting(store, code, key, [("1.1", "implementation"), ("1.2", "scale")])
    store.voting.cast(code, ana.id, "1.1", "implementation", "emerging")
    store.voting.cast(code, ben.id, "1.1", "implementation", None)
    store.voting.cast(code, ben.id, "1.2", "scale", "not-yet")
    return store, code, key
