"""``python -m sipr_core ready``: the database must take writes, not only the web server answer."""

from __future__ import annotations

import socket
import sqlite3

from test_backup import command

from sipr_core import Store
from sipr_core.storage.migrations import schema_version


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_migrated_database_is_ready(tmp_path):
    Store(f"sqlite:///{tmp_path / 'sipr.db'}").close()
    checked = command("ready", "--no-app", data_dir=tmp_path)
    assert (checked.returncode, checked.stdout.strip()) == (
        0,
        f"ready: database sqlite:///{tmp_path / 'sipr.db'} (schema version {schema_version()})",
    )


def test_an_app_server_that_does_not_answer_is_not_ready(tmp_path):
    port = closed_port()
    checked = command("ready", "--app", f"http://127.0.0.1:{port}", data_dir=tmp_path)
    assert checked.returncode == 1
    assert checked.stderr.strip() == (
        f"not ready: the app at http://127.0.0.1:{port} does not answer ([Errno 111] Connection refused): "
        "is `streamlit run` started on that port?"
    )


def test_a_database_that_cannot_be_opened_is_not_ready():
    checked = command("ready", "--no-app", url="sqlite:////proc/sipr/sipr.db")  # /proc takes no files
    assert checked.returncode == 1
    assert checked.stderr.strip() == (
        "not ready: the database sqlite:////proc/sipr/sipr.db cannot be reached or written "
        "(unable to open database file)"
    )


def test_a_database_locked_by_another_writer_is_not_ready(tmp_path):
    Store(f"sqlite:///{tmp_path / 'sipr.db'}").close()
    holder = sqlite3.connect(tmp_path / "sipr.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        checked = command("ready", "--no-app", data_dir=tmp_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert checked.returncode == 1
    assert "cannot be reached or written (database is locked)" in checked.stderr


def test_a_database_migrated_by_a_newer_version_is_not_ready(tmp_path):
    Store(f"sqlite:///{tmp_path / 'sipr.db'}").close()
    with sqlite3.connect(tmp_path / "sipr.db") as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01')")
    checked = command("ready", "--no-app", data_dir=tmp_path)
    assert checked.returncode == 1
    assert checked.stderr.strip() == (
        f"not ready: the database sqlite:///{tmp_path / 'sipr.db'} was migrated by a newer version of the app "
        f"(schema 999, this one knows {schema_version()}): run that version, or restore a backup made by this one"
    )


def test_ready_on_postgresql_checks_the_server(postgres_admin_url):
    import pg_server

    url = pg_server.fresh_database(postgres_admin_url)
    empty = command("ready", "--no-app", url=url)
    assert (empty.returncode, empty.stdout.strip()) == (
        0,
        f"ready: database {url} (empty: the app creates its tables when it starts)",
    )
    gone = url.rsplit(":", 1)[0] + f":{closed_port()}/postgres"
    checked = command("ready", "--no-app", url=gone)
    assert checked.returncode == 1
    assert checked.stderr.startswith(f"not ready: the database {gone} cannot be reached or written (")
