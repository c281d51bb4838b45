"""Backups while people vote, restored into a fresh data folder: every vote acknowledged before the
backup began is in the restored database. The commands are run as an operator runs them."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sipr_core import Store
from sipr_core.backup import backup
from sipr_core.rounds import cells_for
from sipr_core.storage.migrations import schema_version

ROOT = Path(__file__).resolve().parents[2]
VOTERS = 8


def command(
    *args: str, data_dir: Path | None = None, url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m sipr_core ARGS`` with the app's database in ``data_dir`` (or at ``url``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SIPR_DATABASE_URL", None)
    if data_dir is not None:
        env["SIPR_DATA_DIR"] = str(data_dir)
    if url is not None:
        env["SIPR_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "sipr_core", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def live(tmp_path, leadership):
    """A SQLite data folder with a session open for voting on every row: (folder, store, code, key)."""
    folder = tmp_path / "live"
    folder.mkdir()
    store = Store(f"sqlite:///{folder / 'sipr.db'}")
    info, key = store.sessions.create(
        leadership,
        district="Riverside",
        team="Leaders",
        held_on=datetime.date(2026, 11, 23),
        facilitator="Ana",
    )
    store.voting.open_round(info.code, key, list(cells_for(leadership, "all")), actor="Ana")
    yield folder, store, info.code, key
    store.close()


def test_a_backup_taken_while_people_vote_restores_every_vote_acknowledged_before_it(live, tmp_path):
    folder, store, code, key = live
    rubric = store.sessions.load(code).rubric
    rows, levels = [row.id for _, row in rubric.rows()], rubric.level_ids()
    people = [store.voting.join(code, f"Participant {n}").id for n in range(VOTERS)]
    acked: dict[str, list[tuple[float, str, str]]] = {pid: [] for pid in people}  # (when, row, level)
    errors: list[BaseException] = []
    stop = threading.Event()

    def vote(n: int, pid: str) -> None:
        lap = 0
        try:
            while not stop.is_set():
                for j, row in enumerate(rows):
                    level = levels[(n + j + lap) % len(levels)]
                    store.voting.cast(code, pid, row, "rating", level)
                    acked[pid].append((time.time(), row, level))
                    if stop.is_set():
                        return
                lap += 1
        except BaseException as error:  # noqa: BLE001 - any failure fails the test
            errors.append(error)

    threads = [threading.Thread(target=vote, args=(n, pid)) for n, pid in enumerate(people)]
    for t in threads:
        t.start()
    try:
        while sum(map(len, acked.values())) < 200:
            time.sleep(0.01)
        # In this process, so that `began` is when the copy starts (a new Python takes a while to start,
        # and SQLite checkpoints often: a plain file copy would then look right). The command itself
        # is the same call, run by the other tests.
        began = time.time()
        made = backup(store.url, tmp_path / "backup.db")
        ended = time.time()
        time.sleep(0.3)  # votes go on after the backup, to show they are not in it
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    assert (made.sessions, made.schema) == (1, schema_version())
    assert any(when > ended for votes in acked.values() for when, _, _ in votes)  # writers went on

    fresh = tmp_path / "fresh"
    restored = command("restore", str(tmp_path / "backup.db"), data_dir=fresh)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(
        f"Restored {tmp_path / 'backup.db'} into {fresh / 'sipr.db'}: 1 session, "
    )
    with sqlite3.connect(fresh / "sipr.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    copy = Store(f"sqlite:///{fresh / 'sipr.db'}")
    try:
        assert copy.sessions.is_facilitator(code, key)
        history = {
            pid: [c.new for c in copy.history.changes(code, key, include_votes=True) if c.field == f"vote:{pid}"]
            for pid in people
        }
        stored = {(v.participant_id, v.row_id): v.level for v in copy.sessions.load(code, key=key).votes}
    finally:
        copy.close()
    for pid, votes in acked.items():
        before = [level for when, _, level in votes if when < began]
        during = [level for when, _, level in votes if when < ended]
        # every vote acknowledged before the backup began is there, in order; those of its few
        # milliseconds may be; none after it
        assert history[pid][: len(before)] == before
        assert len(before) <= len(history[pid]) <= len(during) + 1
        kept = votes[: len(history[pid])]
        assert history[pid] == [level for _, _, level in kept]
        assert {row: stored[(pid, row)] for _, row, _ in kept} == {row: level for _, row, level in kept}


def test_restore_refuses_a_data_folder_that_holds_sessions_unless_forced(live, tmp_path, leadership):
    folder, store, code, _ = live
    assert command("backup", str(tmp_path / "backup.db"), data_dir=folder).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    taken = Store(f"sqlite:///{other / 'sipr.db'}")
    taken.sessions.create(
        leadership, district="Elsewhere", team="Team", held_on=datetime.date(2026, 11, 24), facilitator="Bo"
    )
    taken.close()

    refused = command("restore", str(tmp_path / "backup.db"), data_dir=other)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"{other / 'sipr.db'} already holds 1 session: restore into an empty data folder "
        "(set SIPR_DATA_DIR to a new folder), or add --force to replace them all (stop the app first)."
    )
    assert "Traceback" not in refused.stderr

    forced = command("restore", "--force", str(tmp_path / "backup.db"), data_dir=other)
    assert forced.returncode == 0, forced.stderr
    again = Store(f"sqlite:///{other / 'sipr.db'}")
    try:
        assert [s.district for s in again.sessions.of_district("Riverside")] == ["Riverside"]
        assert again.sessions.of_district("Elsewhere") == []
        assert again.sessions.info(code).code == code
    finally:
        again.close()


def test_a_backup_never_overwrites_a_file_unless_forced(live, tmp_path):
    folder, *_ = live
    made = command("backup", str(tmp_path / "first.db"), data_dir=folder)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(
        f"Backed up to {tmp_path / 'first.db'}: 1 session, 0 votes, schema version "
    )
    existing = tmp_path / "backup.db"
    existing.write_text("keep me")
    refused = command("backup", str(existing), data_dir=folder)
    assert (refused.returncode, refused.stderr.strip()) == (
        1,
        f"{existing} already exists: choose another file name, or add --force to replace it.",
    )
    assert existing.read_text() == "keep me"
    assert command("backup", "--force", str(existing), data_dir=folder).returncode == 0
    assert existing.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_text("not a database"),
            "{p} is not a SQLite database: give a file made by `python -m sipr_core backup`.",
        ),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
            "{p} is a SQLite database, but not one of this app: it holds no sessions table.",
        ),
        (lambda p: None, "There is no file {p} to restore from. Check the name."),
    ],
    ids=["text file", "other database", "missing file"],
)
def test_restore_names_a_file_that_is_no_backup(tmp_path, make, message):
    given = tmp_path / "given.db"
    make(given)
    refused = command("restore", str(given), data_dir=tmp_path / "fresh")
    assert (refused.returncode, refused.stderr.strip()) == (1, message.format(p=given))
    assert not (tmp_path / "fresh" / "sipr.db").exists()


def test_restore_refuses_a_backup_made_by_a_newer_version(live, tmp_path):
    folder, *_ = live
    assert command("backup", str(tmp_path / "backup.db"), data_dir=folder).returncode == 0
    with sqlite3.connect(tmp_path / "backup.db") as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01')")
    refused = command("restore", str(tmp_path / "backup.db"), data_dir=tmp_path / "fresh")
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith(
        f"{tmp_path / 'backup.db'} was made by a newer version of the app (schema version 999; this one knows "
    )


def test_a_postgresql_database_gets_the_pg_dump_command_and_no_password():
    shown = command("backup", "out.dump", url="postgresql://sipr:s3cret@db.example/sipr")
    assert shown.returncode == 1
    assert "s3cret" not in shown.stderr
    assert "pg_dump --format=custom --file out.dump 'postgresql://sipr:***@db.example/sipr'" in shown.stderr
    assert "pg_restore --no-owner --dbname 'postgresql://sipr:***@db.example/sipr' out.dump" in shown.stderr
