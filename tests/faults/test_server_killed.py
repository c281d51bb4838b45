"""The server is killed (SIGKILL) while votes and edits come in; after a restart nothing acknowledged is lost.

The server is ``vote_server.py``: the store in its own process, serving each connection on its own
thread as Streamlit does. Six participants and the facilitator send from their own connections as
fast as they are answered; the server is killed mid-stream, with writes in flight. On SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import datetime
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sipr_core import Store
from sipr_core.rounds import cells_for

ROOT = Path(__file__).resolve().parents[2]
SERVER = Path(__file__).with_name("vote_server.py")
PARTICIPANTS = 6
KILL_AFTER = 150  # acknowledged actions, all clients together


@dataclass
class Client:
    """One connection's actions: those the server acknowledged, and the one still unanswered."""

    acked: list[tuple[str, ...]] = field(default_factory=list)
    in_flight: tuple[str, ...] | None = None
    errors: list[str] = field(default_factory=list)


class Server:
    def __init__(self, url: str, code: str, key: str):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), url, code, key], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        assert ready.startswith("ready "), ready
        self.port = int(ready.split()[1])

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()


def send_until_cut(port: int, actions, client: Client, acked_total: list[int], lock: threading.Lock) -> None:
    """Send one action at a time, waiting for each answer, until the server goes away."""
    with socket.create_connection(("127.0.0.1", port)) as conn, conn.makefile("r", encoding="utf-8") as answers:
        for action in actions:
            client.in_flight = action
            try:
                conn.sendall((" ".join(action) + "\n").encode("utf-8"))
                answer = answers.readline()
            except OSError:
                return
            if not answer:
                return
            if answer != "ack\n":
                client.errors.append(answer)
                return
            client.acked.append(action)
            client.in_flight = None
            with lock:
                acked_total[0] += 1


def votes_of(n: int, participant: str, rows: list[str], levels: list[str]):
    lap = 0
    while True:
        for j, row in enumerate(rows):
            yield ("vote", participant, row, levels[(n + j + lap) % len(levels)])
        lap += 1


def edits(rows: list[str]):
    i = 0
    while True:
        yield ("edit", rows[i % len(rows)], f"evidence {i}")
        i += 1


def history_of(store: Store, code: str, key: str, field_name: str) -> list[str]:
    return [c.new for c in store.history.changes(code, key, include_votes=True) if c.field == field_name]


@pytest.fixture
def live_session(store, leadership):
    """The Leadership System open for voting on every row, six participants joined."""
    info, key = store.sessions.create(
        leadership, district="Riverside", team="Leaders", held_on=datetime.date(2026, 11, 23), facilitator="Ana"
    )
    store.voting.open_round(info.code, key, list(cells_for(leadership, "all")), actor="Ana")
    people = [store.voting.join(info.code, f"Participant {n}").id for n in range(PARTICIPANTS)]
    return store, info.code, key, people


def test_a_server_killed_while_votes_arrive_loses_no_acknowledged_vote_or_edit(live_session, store_url):
    store, code, key, people = live_session
    rubric = store.sessions.load(code).rubric
    rows, levels = [row.id for _, row in rubric.rows()], rubric.level_ids()
    server = Server(store_url, code, key)
    voters = {pid: Client() for pid in people}
    facilitator = Client()
    clients = [*voters.values(), facilitator]
    total, lock = [0], threading.Lock()
    threads = [
        threading.Thread(
            target=send_until_cut, args=(server.port, votes_of(n, pid, rows, levels), voters[pid], total, lock)
        )
        for n, pid in enumerate(people)
    ]
    threads.append(
        threading.Thread(target=send_until_cut, args=(server.port, edits(rows), facilitator, total, lock))
    )
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            total[0] < KILL_AFTER or min(len(c.acked) for c in clients) < 3
        ):
            time.sleep(0.005)
        server.kill()  # mid-stream: every client has an action on its way
        for t in threads:
            t.join(timeout=30)
    finally:
        server.stop()
    assert server.process.returncode == -signal.SIGKILL
    assert total[0] >= KILL_AFTER
    assert [c.errors for c in clients] == [[]] * (PARTICIPANTS + 1)
    assert min(len(c.acked) for c in clients) >= 3

    restarted = Store(store_url)
    try:
        session = restarted.sessions.load(code, key=key)
        stored = {(v.participant_id, v.row_id): v.level for v in session.votes}
        for pid, client in voters.items():
            # the history holds every acknowledged vote, in order, and perhaps the unanswered one
            sent = [level for _, _, _, level in client.acked]
            recorded = history_of(restarted, code, key, f"vote:{pid}")
            assert recorded[: len(sent)] == sent
            assert len(recorded) - len(sent) in (0, 1)
            last = {(p, row): level for _, p, row, level in client.acked}
            for cell, level in last.items():
                allowed = {level}
                if client.in_flight is not None and client.in_flight[1:3] == cell:
                    allowed.add(client.in_flight[3])
                assert stored[cell] in allowed
        written = [text for _, _, text in facilitator.acked]
        recorded = history_of(restarted, code, key, "evidence")
        assert recorded[: len(written)] == written
        assert len(recorded) - len(written) in (0, 1)
        unanswered = facilitator.in_flight
        for row, text in {row: text for _, row, text in facilitator.acked}.items():
            allowed = {text} | ({unanswered[2]} if unanswered is not None and unanswered[1] == row else set())
            assert session.entry(row, "rating").evidence in allowed
    finally:
        restarted.close()
    if store_url.startswith("sqlite"):
        with sqlite3.connect(store_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    again = Server(store_url, code, key)  # the restarted server takes votes again
    try:
        after = Client()
        vote = ("vote", people[0], rows[0], levels[-1])
        send_until_cut(again.port, iter([vote]), after, [0], lock)
        assert (after.acked, after.errors) == ([vote], [])
    finally:
        again.stop()
    assert {(v.participant_id, v.row_id): v.level for v in store.sessions.load(code, key=key).votes}[
        (people[0], rows[0])
    ] == levels[-1]
