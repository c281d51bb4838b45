"""Ordered schema migrations: append only; never edit one that has shipped.

Each runs once, in its own transaction, and is recorded in ``schema_migrations``; several app
servers starting at once take turns (PostgreSQL: an advisory lock; SQLite: ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text

from ..movement import first_choice
from .engine import now, writing
from .schema import schema_migrations

Step = str | Callable[[Connection], None]
"""A SQL statement (``{serial}`` stands for the engine's auto-numbered key), or a function of the
connection for a change of the data itself."""
Migration = tuple[int, str, list[Step]]

MIGRATIONS: list[Migration] = [
    (
        1,
        "sessions, ratings, votes and history",
        [
            "CREATE TABLE rubric_texts (fingerprint TEXT PRIMARY KEY, rubric_id TEXT NOT NULL,"
            " body TEXT NOT NULL)",
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL,"
            " district TEXT NOT NULL, school TEXT NOT NULL, team TEXT NOT NULL, held_on TEXT NOT NULL,"
            " rubric_id TEXT NOT NULL, fingerprint TEXT NOT NULL REFERENCES rubric_texts (fingerprint),"
            " facilitator TEXT NOT NULL, series TEXT NOT NULL, created_at TEXT NOT NULL, deleted_at TEXT)",
            "CREATE INDEX sessions_key_hash ON sessions (key_hash)",
            "CREATE INDEX sessions_series ON sessions (series)",
            "CREATE TABLE participants (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " id TEXT NOT NULL, name TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (session_id, id))",
            "CREATE TABLE entries (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " row_id TEXT NOT NULL, dimension TEXT NOT NULL, level TEXT, not_applicable BOOLEAN NOT NULL,"
            " ticked TEXT NOT NULL, evidence TEXT NOT NULL, next_steps TEXT NOT NULL, updated_by TEXT,"
            " updated_at TEXT, PRIMARY KEY (session_id, row_id, dimension))",
            "CREATE TABLE votes (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " participant_id TEXT NOT NULL, row_id TEXT NOT NULL, dimension TEXT NOT NULL, level TEXT,"
            " updated_at TEXT NOT NULL, PRIMARY KEY (session_id, participant_id, row_id, dimension))",
            "CREATE TABLE changes (id {serial},"
            " session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " at TEXT NOT NULL, actor TEXT NOT NULL, row_id TEXT NOT NULL, dimension TEXT NOT NULL,"
            " field TEXT NOT NULL, old TEXT, new TEXT, undoes INTEGER)",
            "CREATE INDEX changes_session ON changes (session_id, id)",
        ],
    ),
]

MIGRATIONS.append(
    (
        2,
        "reflections and the activity timer",
        [
            "CREATE TABLE reflections (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " row_id TEXT NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL, updated_by TEXT,"
            " updated_at TEXT, PRIMARY KEY (session_id, row_id, prompt))",
            "ALTER TABLE sessions ADD COLUMN timer_activity TEXT",
            "ALTER TABLE sessions ADD COLUMN timer_minutes INTEGER",
            "ALTER TABLE sessions ADD COLUMN timer_started_at TEXT",
        ],
    )
)

MIGRATIONS.append(
    (
        3,
        "action plan",
        [
            "CREATE TABLE action_items (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " id TEXT NOT NULL, position INTEGER NOT NULL, what TEXT NOT NULL, row_ids TEXT NOT NULL,"
            " owner TEXT NOT NULL, due TEXT, status TEXT NOT NULL, source TEXT, created_at TEXT NOT NULL,"
            " updated_by TEXT, updated_at TEXT, PRIMARY KEY (session_id, id))",
            # A district team's session gathers its building teams' sessions (Maintaining Balance).
            "CREATE TABLE template_links ("
            " session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " linked_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE, added_by TEXT NOT NULL,"
            " added_at TEXT NOT NULL, PRIMARY KEY (session_id, linked_id))",
        ],
    )
)

MIGRATIONS.append(
    (
        4,
        "live voting",
        [
            "CREATE TABLE voting_rounds (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " number INTEGER NOT NULL, cells TEXT NOT NULL, by_groups BOOLEAN NOT NULL,"
            " allow_anonymous BOOLEAN NOT NULL, auto_reveal BOOLEAN NOT NULL, opened_by TEXT NOT NULL,"
            " opened_at TEXT NOT NULL, closed_at TEXT, revealed_at TEXT, PRIMARY KEY (session_id, number))",
            # How far the team moved: each participant's first vote on a row, kept beside the last one.
            "ALTER TABLE votes ADD COLUMN first_level TEXT",
            "ALTER TABLE votes ADD COLUMN round_number INTEGER",
            "CREATE TABLE vote_groups (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " id TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, retired_at TEXT,"
            " PRIMARY KEY (session_id, id))",
            "CREATE TABLE group_members (session_id TEXT NOT NULL, participant_id TEXT NOT NULL,"
            " group_id TEXT NOT NULL, PRIMARY KEY (session_id, participant_id),"
            " FOREIGN KEY (session_id, participant_id) REFERENCES participants (session_id, id)"
            " ON DELETE CASCADE, FOREIGN KEY (session_id, group_id) REFERENCES vote_groups (session_id, id)"
            " ON DELETE CASCADE)",
            "CREATE TABLE group_ratings (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " round_number INTEGER NOT NULL, group_id TEXT NOT NULL, row_id TEXT NOT NULL,"
            " dimension TEXT NOT NULL, level TEXT, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " PRIMARY KEY (session_id, round_number, group_id, row_id, dimension))",
        ],
    )
)

MIGRATIONS.append(
    (
        5,
        "targets and review schedule",
        [
            # Keyed by series (a team on a continuum over time), not by session: targets outlive sessions.
            "CREATE TABLE targets (series TEXT NOT NULL, scope TEXT NOT NULL, item_id TEXT NOT NULL,"
            " dimension TEXT NOT NULL, level TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL,"
            " PRIMARY KEY (series, scope, item_id, dimension))",
            "CREATE TABLE reviews (series TEXT NOT NULL, due_on TEXT NOT NULL, note TEXT NOT NULL,"
            " set_by TEXT NOT NULL, set_at TEXT NOT NULL, PRIMARY KEY (series, due_on))",
        ],
    )
)

MIGRATIONS.append(
    (
        6,
        "participants who left a vote",
        [
            # Set when the facilitator takes someone who left off the vote; their votes stay.
            "ALTER TABLE participants ADD COLUMN left_at TEXT",
        ],
    )
)


def _own_keys_and_series(conn: Connection) -> None:
    """Give every session's key a row of its own, and split each series by key.

    Before, a series was any sessions whose district, school, team and continuum read alike, so
    a stranger who typed the same names joined it. Now a series belongs to one facilitator key:
    sessions that shared a series under several keys become one series per key, and each keeps
    a copy of the targets and review dates the shared series had. Old key hashes (plain SHA-256)
    are marked ``sha256$`` and replaced by scrypt the next time their key is used.
    """
    rows = conn.execute(
        text("SELECT id, key_hash, series, rubric_id, created_at FROM sessions ORDER BY created_at, id")
    ).all()
    key_ids: dict[str, str] = {}
    series_ids: dict[tuple[str, str], str] = {}
    for row in rows:
        if row.key_hash not in key_ids:
            key_ids[row.key_hash] = uuid.uuid4().hex
            conn.execute(
                text(
                    "INSERT INTO facilitator_keys (id, key_hash, lookup, created_at) VALUES (:i, :h, :l, :a)"
                ),
                {
                    "i": key_ids[row.key_hash],
                    "h": "sha256$" + row.key_hash,
                    "l": row.key_hash[:4],
                    "a": row.created_at,
                },
            )
        owner = key_ids[row.key_hash]
        if (row.series, owner) not in series_ids:
            series_ids[(row.series, owner)] = uuid.uuid4().hex
            conn.execute(
                text("INSERT INTO series (id, key_id, rubric_id, created_at) VALUES (:i, :k, :r, :a)"),
                {"i": series_ids[(row.series, owner)], "k": owner, "r": row.rubric_id, "a": row.created_at},
            )
        conn.execute(
            text("UPDATE sessions SET key_id = :k, series = :s WHERE id = :i"),
            {"k": owner, "s": series_ids[(row.series, owner)], "i": row.id},
        )
    for (old, _owner), new in series_ids.items():
        for table, columns in (
            ("targets", "scope, item_id, dimension, level, set_by, set_at"),
            ("reviews", "due_on, note, set_by, set_at"),
        ):
            conn.execute(
                text(
                    f"INSERT INTO {table} (series, {columns})"
                    f" SELECT :new, {columns} FROM {table} WHERE series = :old"
                ),
                {"new": new, "old": old},
            )
    for old in {old for old, _ in series_ids}:
        for table in ("targets", "reviews"):
            conn.execute(text(f"DELETE FROM {table} WHERE series = :old"), {"old": old})


MIGRATIONS.append(
    (
        7,
        "facilitator keys and series of their own",
        [
            "CREATE TABLE facilitator_keys (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL,"
            " lookup TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE INDEX facilitator_keys_lookup ON facilitator_keys (lookup)",
            "CREATE TABLE series (id TEXT PRIMARY KEY, key_id TEXT NOT NULL REFERENCES facilitator_keys (id),"
            " rubric_id TEXT NOT NULL, created_at TEXT NOT NULL)",
            "CREATE INDEX series_key ON series (key_id)",
            "ALTER TABLE sessions ADD COLUMN key_id TEXT REFERENCES facilitator_keys (id)",
            "CREATE INDEX sessions_key ON sessions (key_id)",
            _own_keys_and_series,
            "DROP INDEX sessions_key_hash",
            "ALTER TABLE sessions DROP COLUMN key_hash",
        ],
    )
)

MIGRATIONS.append(
    (
        8,
        "comments on rows, and guided ballots",
        [
            # One comment per participant and row, with the round it was last written in.
            "CREATE TABLE comments (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " participant_id TEXT NOT NULL, row_id TEXT NOT NULL, dimension TEXT NOT NULL,"
            " text TEXT NOT NULL, round_number INTEGER NOT NULL, updated_at TEXT NOT NULL,"
            " PRIMARY KEY (session_id, participant_id, row_id, dimension))",
            "ALTER TABLE voting_rounds ADD COLUMN guided BOOLEAN NOT NULL DEFAULT FALSE",
        ],
    )
)


def _first_choices(connection: Connection) -> None:
    """Each vote's first level as the first level its participant chose, not the first a slider passed.

    The slider ballot saved every position it stopped on, so from the keyboard a first vote was always
    the lowest level. Every saved position is in the history (field ``vote:<participant>``): read it
    again with ``first_choice``. A vote without history (an old imported file) keeps its first level.
    """
    levels = {
        sid: [level["id"] for level in json.loads(body)["levels"]]
        for sid, body in connection.execute(
            text("SELECT s.id, r.body FROM sessions s JOIN rubric_texts r ON r.fingerprint = s.fingerprint")
        )
    }
    steps: dict[tuple[str, str, str, str], list[tuple[str, str | None]]] = {}
    changes = connection.execute(
        text(
            "SELECT session_id, field, row_id, dimension, at, new FROM changes"
            " WHERE field LIKE 'vote:%' AND field NOT LIKE 'vote:group:%' ORDER BY id"
        )
    )
    for sid, field, row_id, dimension, at, new in changes:
        vote = (sid, field.removeprefix("vote:"), row_id, dimension)
        steps.setdefault(vote, []).append((at, json.loads(new)))
    for (sid, pid, row_id, dimension), trail in steps.items():
        first = first_choice(levels.get(sid, []), trail)
        connection.execute(
            text(
                "UPDATE votes SET first_level = :first WHERE session_id = :sid AND participant_id = :pid"
                " AND row_id = :row_id AND dimension = :dimension"
            ),
            dict(first=first, sid=sid, pid=pid, row_id=row_id, dimension=dimension),
        )


MIGRATIONS.append((9, "first votes are first choices, not slider travel", [_first_choices]))

MIGRATIONS.append(
    (
        10,
        "actions carried into a follow-up, and their reviews",
        [
            "ALTER TABLE action_items ADD COLUMN carried_from TEXT",
            "ALTER TABLE action_items ADD COLUMN review TEXT",
            "ALTER TABLE action_items ADD COLUMN review_note TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE action_items ADD COLUMN reviewed_on TEXT",
            "CREATE INDEX action_items_carried ON action_items (carried_from)",
        ],
    )
)

MIGRATIONS.append(
    (
        11,
        "meetings with an agenda, their members and discussion answers",
        [
            "CREATE TABLE meetings (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
            " key_id TEXT NOT NULL REFERENCES facilitator_keys (id), template TEXT NOT NULL,"
            " title TEXT NOT NULL,"
            " district TEXT NOT NULL, school TEXT NOT NULL, team TEXT NOT NULL, held_on TEXT NOT NULL,"
            " facilitator TEXT NOT NULL, current_position INTEGER NOT NULL, created_at TEXT NOT NULL)",
            "CREATE INDEX meetings_key ON meetings (key_id)",
            "CREATE TABLE meeting_items (meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
            " position INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, rubric_id TEXT,"
            " activity_id TEXT, prompt TEXT NOT NULL,"
            " session_id TEXT REFERENCES sessions (id) ON DELETE SET NULL, revealed_at TEXT,"
            " PRIMARY KEY (meeting_id, position))",
            "CREATE INDEX meeting_items_session ON meeting_items (session_id)",
            "CREATE TABLE meeting_members"
            " (meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE, id TEXT NOT NULL,"
            " name TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (meeting_id, id))",
            "CREATE TABLE meeting_answers (meeting_id TEXT NOT NULL, position INTEGER NOT NULL,"
            " member_id TEXT NOT NULL, topic TEXT NOT NULL, text TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " PRIMARY KEY (meeting_id, position, member_id),"
            " FOREIGN KEY (meeting_id, member_id) REFERENCES meeting_members (meeting_id, id)"
            " ON DELETE CASCADE)",
        ],
    )
)

MIGRATIONS.append(
    (
        12,
        "a district team's actions adopted from its building teams' plans",
        [
            "ALTER TABLE action_items ADD COLUMN adopted_from TEXT",
            "ALTER TABLE action_items ADD COLUMN adopted_session TEXT",
            "ALTER TABLE action_items ADD COLUMN adopted_school TEXT",
            "ALTER TABLE action_items ADD COLUMN adopted_team TEXT",
        ],
    )
)

MIGRATIONS.append(
    (
        13,
        "the facilitator's readiness checklist",
        [
            "CREATE TABLE readiness_ticks"
            " (session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
            " item TEXT NOT NULL, ticked_at TEXT NOT NULL, PRIMARY KEY (session_id, item))",
        ],
    )
)

_SERIAL = {
    "sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT",
    "postgresql": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
}


def _migration_lock(connection: Connection) -> None:
    """Several app servers may start at once: one migrates, the others wait (SQLite: BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(7421001)"))


def schema_version() -> int:
    """The newest migration this version of the app knows."""
    return max(version for version, _, _ in MIGRATIONS)


def applied_versions(connection: Connection) -> list[int]:
    """The versions this database has, in order."""
    rows = connection.execute(text("SELECT version FROM schema_migrations ORDER BY version"))
    return [row[0] for row in rows]


def migrate(engine: Engine, migrations: list[Migration] | None = None) -> list[int]:
    """Apply the migrations this database lacks, in order, each in its own transaction."""
    steps = MIGRATIONS if migrations is None else migrations
    serial = _SERIAL.get(engine.dialect.name, _SERIAL["postgresql"])
    applied: list[int] = []
    with writing(engine) as connection:
        _migration_lock(connection)
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_migrations"
                " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        )
    for version, name, statements in steps:
        with writing(engine) as connection:
            _migration_lock(connection)
            if version in applied_versions(connection):
                continue
            for step in statements:
                if isinstance(step, str):
                    connection.execute(text(step.replace("{serial}", serial)))
                else:
                    step(connection)
            connection.execute(
                schema_migrations.insert().values(version=version, name=name, applied_at=now())
            )
            applied.append(version)
    return applied
