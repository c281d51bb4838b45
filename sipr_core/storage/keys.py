"""Facilitator keys in the store: each stored once, as a salted scrypt hash, found by a short lookup prefix.

A key holds sessions and series. A key typed for new sessions must be hard to guess unless it is
already here (a facilitator's key for earlier sessions); a legacy SHA-256 hash is replaced by scrypt
the first time its key is used in a write.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, select, update

from ..access import (
    check_new_key,
    clean_key,
    hash_key,
    is_legacy,
    key_lookup,
    key_matches,
    new_facilitator_key,
)
from .engine import now
from .schema import facilitator_keys


def writable(conn: Connection) -> bool:
    """Whether this transaction may write (``Database.reading`` marks its connections read-only)."""
    return not conn.get_execution_options().get("read_only", False)


def upgrade(conn: Connection, key_id: str, stored_hash: str, key: str) -> None:
    """Replace a legacy SHA-256 hash by scrypt, when this transaction may write."""
    if is_legacy(stored_hash) and writable(conn):
        k = facilitator_keys.c
        conn.execute(update(facilitator_keys).where(k.id == key_id).values(key_hash=hash_key(key)))


def key_ids(conn: Connection, key: str | None) -> list[str]:
    """The ids of the stored keys this key is (usually one; none for a key never used here)."""
    key = clean_key(key)
    if not key:
        return []
    k = facilitator_keys.c
    found = []
    candidates = select(facilitator_keys).where(k.lookup == key_lookup(key)).order_by(k.created_at)
    for row in conn.execute(candidates):
        if key_matches(key, row.key_hash):
            upgrade(conn, row.id, row.key_hash, key)
            found.append(str(row.id))
    return found


def add_key(conn: Connection, key: str) -> str:
    """Store a new key (its hash only); returns its id."""
    key_id = uuid.uuid4().hex
    values = dict(id=key_id, key_hash=hash_key(key), lookup=key_lookup(key), created_at=now())
    conn.execute(facilitator_keys.insert().values(**values))
    return key_id


def key_for_new_session(conn: Connection, key: str | None, names: Iterable[str]) -> tuple[str, str]:
    """The key a new session opens with, and its id: the given key (one used here before, or a new one hard
    enough to guess, the session's ``names`` counted as words anyone can read), or a fresh one."""
    key = clean_key(key)
    if not key:
        key = new_facilitator_key()
        return key, add_key(conn, key)
    known = key_ids(conn, key)
    if known:
        return key, known[0]
    key = check_new_key(key, names)
    return key, add_key(conn, key)
