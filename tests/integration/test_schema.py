"""The schema in code and the schema the migrations build agree, and the session file carries every table
of a session or series, column by column, or says why not.

Either can drift when a migration adds a column: these tests fail until the table objects and the session
file (or the exclusion list below, with its reason) follow.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, inspect

from sipr_core.session_file import (
    ActionFields,
    ChangeFields,
    CommentFields,
    EntryFields,
    GroupFields,
    GroupRatingFields,
    LinkFields,
    MemberFields,
    ParticipantFields,
    ReflectionFields,
    ReviewFields,
    RoundFields,
    SessionFields,
    TargetFields,
    VoteFields,
)
from sipr_core.storage import schema


def described(engine: Any) -> dict[str, Any]:
    """Every table as the database itself reports it: columns, keys, references, unique sets, indexes."""
    seen = inspect(engine)
    tables = {}
    for table in sorted(seen.get_table_names()):
        key = seen.get_pk_constraint(table)["constrained_columns"]
        tables[table] = {
            # SQLite lets a key column declared without NOT NULL hold NULL (a quirk it keeps for old files),
            # so whether a key column says NOT NULL is left out: the app never writes a key without a value.
            "columns": {
                c["name"]: (type(c["type"]).__name__.upper(), c["nullable"] or c["name"] in key)
                for c in seen.get_columns(table)
            },
            "primary key": key,
            "references": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in seen.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in seen.get_unique_constraints(table)),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in seen.get_indexes(table)
                if not i.get("duplicates_constraint")
            ),
        }
    return tables


def test_the_migrations_build_exactly_the_schema_of_the_table_objects(store, fresh_url):
    migrated = described(store.engine)
    declared_engine = create_engine(fresh_url())
    try:
        schema.metadata.create_all(declared_engine)
        declared = described(declared_engine)
    finally:
        declared_engine.dispose()
    assert sorted(migrated) == sorted(declared)
    for table in migrated:
        assert migrated[table] == declared[table], table


CARRIED: dict[str, Any] = {
    "sessions": SessionFields,
    "participants": ParticipantFields,
    "entries": EntryFields,
    "votes": VoteFields,
    "reflections": ReflectionFields,
    "changes": ChangeFields,
    "action_items": ActionFields,
    "template_links": LinkFields,
    "voting_rounds": RoundFields,
    "vote_groups": GroupFields,
    "group_members": MemberFields,
    "group_ratings": GroupRatingFields,
    "targets": TargetFields,
    "reviews": ReviewFields,
    "comments": CommentFields,
}
"""The tables of a session, and the record of the session file that carries each row."""

NOT_CARRIED: dict[str, str] = {
    "readiness_ticks": "the facilitator's own preparation before a meeting, not the team's record: a file "
    "carries nothing of the facilitator's (not even the key), and the importer prepares anew",
    "meeting_items": "a meeting's agenda names several sessions under its own join code, and a session file "
    "is one session: each continuum's session travels on its own, and the meeting's discussion answers "
    "are in the meeting's summary download (the Agenda page)",
}
"""Tables of a session or series that the file leaves out, and why (targets and reviews of the series
travel with each of its sessions since version 4, so a team moving its sessions to another server keeps
the levels it aims for and the dates it planned)."""

COLUMNS_NOT_CARRIED: dict[tuple[str, str], str] = {
    ("sessions", "deleted_at"): "a deleted session is not exported; an imported one is live",
    ("sessions", "timer_activity"): "carried inside the file's timer record",
    ("sessions", "timer_minutes"): "carried inside the file's timer record",
    ("sessions", "timer_started_at"): "carried inside the file's timer record",
    ("template_links", "linked_id"): "ids differ between apps: the file names the building session by code",
    ("sessions", "key_id"): "a file carries no key: the session opens with the importer's key",
}
"""Columns of carried tables that the file does not hold as a field of the same name, and why."""

RENAMED_FIELDS = {("template_links", "code"), ("sessions", "timer")}
"""Fields of a file record that are no column of the same name (see the columns above)."""


def keyed_by_session_or_series() -> list[str]:
    """The tables with a session's or a series' records (``sessions`` itself names its series)."""
    tables = schema.metadata.tables.items()
    return sorted(name for name, table in tables if {"session_id", "series"} & set(table.columns.keys()))


def test_every_table_of_a_session_or_series_is_carried_by_the_session_file_or_excluded_with_a_reason():
    tables = keyed_by_session_or_series()
    assert sorted(set(CARRIED) | set(NOT_CARRIED)) == sorted(set(tables))
    assert not set(CARRIED) & set(NOT_CARRIED)


@pytest.mark.parametrize("table", sorted(CARRIED))
def test_every_column_of_a_carried_table_is_a_field_of_its_file_record_or_excluded_with_a_reason(table):
    columns = set(schema.metadata.tables[table].columns.keys()) - {"session_id", "series"} | (
        {"series"} if table == "sessions" else set()
    )
    fields = set(CARRIED[table].model_fields)
    missing = {c for c in columns - fields if (table, c) not in COLUMNS_NOT_CARRIED}
    extra = {f for f in fields - columns if (table, f) not in RENAMED_FIELDS}
    assert (missing, extra) == (set(), set())
