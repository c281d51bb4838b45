"""How far the team moved counts choices, not slider travel (issue 16, item 3), on SQLite and PostgreSQL.

Votes stored by the slider ballot hold, as each participant's first vote, the first level the slider
passed: from the keyboard always the lowest. Migration 9 reads each first vote again from the saved
changes; a session file written by those versions is read the same way when imported.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import text

from sipr_core.storage import migrations

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")


def slider_round(store, code, key):
    """One round as the slider ballot stored it: Ana moves with the keyboard to Evolving (three saved
    steps), Ben to Developing; Cy changes his mind after the discussion. Nobody else moves."""
    store.voting.open_round(code, key, [VISION, POLICIES], actor="Facilitator")
    ana, ben, cy = (store.voting.join(code, name).id for name in ("Ana", "Ben", "Cy"))
    for level in ("beginning", "developing", "evolving"):
        store.voting.cast(code, ana, *VISION, level)
    for level in ("beginning", "developing"):
        store.voting.cast(code, ben, *VISION, level)
    store.voting.cast(code, cy, *VISION, "accomplished")
    return ana, ben, cy


def later(store, code, seconds):
    """Move every saved change and vote of the session `seconds` into the past (the discussion)."""
    with store.engine.begin() as conn:
        sid = conn.execute(text("SELECT id FROM sessions WHERE code = :c"), {"c": code}).scalar()
        found = conn.execute(text("SELECT id, at FROM changes WHERE session_id = :s"), {"s": sid}).all()
        for change_id, at in found:
            moved = (datetime.fromisoformat(at) - timedelta(seconds=seconds)).isoformat()
            conn.execute(text("UPDATE changes SET at = :a WHERE id = :i"), {"a": moved, "i": change_id})


def first_levels(store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        return dict(conn.execute(text("SELECT participant_id, first_level FROM votes")).all())


def rerun_migration_9(store):
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 9"))
    assert migrations.migrate(store.engine) == [9]


def test_migration_9_takes_the_first_vote_where_the_keyboard_stopped_not_where_it_started(collab_session):
    store, code, key = collab_session
    ana, ben, cy = slider_round(store, code, key)
    later(store, code, 600)  # the discussion: ten minutes
    store.voting.cast(code, cy, *VISION, "evolving")  # Cy's change of mind
    store.voting.reveal(code, key)
    stored = {v.participant_id: v for v in store.sessions.load(code).votes}
    with store.engine.begin() as conn:  # as the slider ballot left them
        slider = text("UPDATE votes SET first_level = 'beginning' WHERE participant_id IN (:a, :b)")
        conn.execute(slider, {"a": ana, "b": ben})
    assert store.voting.movement(code, key).overall.first_to_final == 4 / 3  # (2 + 1 + 1) / 3 before
    rerun_migration_9(store)
    report = store.voting.movement(code, key)
    assert report.overall.voters == 3
    assert report.overall.first_to_final == 1 / 3  # Cy's one level, over three people
    assert first_levels(store) == {ana: "evolving", ben: "developing", cy: "accomplished"}
    assert {pid: v.level for pid, v in stored.items()} == {ana: "evolving", ben: "developing", cy: "evolving"}


def test_migration_9_leaves_a_vote_without_history_as_it_was(collab_session):
    store, code, key = collab_session
    ana, _, _ = slider_round(store, code, key)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM changes"))
        conn.execute(text("UPDATE votes SET first_level = 'developing' WHERE participant_id = :a"), {"a": ana})
    rerun_migration_9(store)
    assert first_levels(store)[ana] == "developing"


def test_a_version_3_file_of_the_slider_ballot_imports_with_first_choices(collab_session, other_store):
    store, code, key = collab_session
    ana, ben, cy = slider_round(store, code, key)
    document = json.loads(store.transfer.export_json(code, key))
    document["version"] = 3
    for name in ("targets", "reviews", "comments"):
        document.pop(name)
    for voting_round in document["voting_rounds"]:
        voting_round.pop("guided")
    for vote in document["votes"]:
        if vote["participant_id"] in (ana, ben):
            vote["first_level"] = "beginning"  # as the slider ballot wrote it
    document["session"]["key_hash"] = "0" * 64  # versions 1 to 3 carried the key's hash
    other_store.transfer.import_session(json.dumps(document), key)
    again = json.loads(other_store.transfer.export_json(code, key))
    assert {v["participant_id"]: v["first_level"] for v in again["votes"]} == {
        ana: "evolving", ben: "developing", cy: "accomplished"
    }
